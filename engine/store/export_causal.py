"""Export a decoder-only transformers checkpoint (Llama, Qwen, Phi-3, Gemma-2, ...) into the
Transformers.js layout: ``onnx/model.onnx`` taking ``past_key_values.N.key/value``, plus
``model_fp16``, ``model_int8`` and ``model_q4`` (4-bit MatMulNBits weights) variants.

Needs the ``export`` extra. Like ``engine.store.export``, it reads safetensors only and renames a
finished folder into place.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from engine.errors import ExportError, ModelInvalid
from engine.runtime import rewrite
from engine.runtime.jsonfile import read_json_object
from engine.runtime.manifest import Variant, export_suffix, load_model_folder

CAUSAL_DTYPES: tuple[Variant, ...] = ("fp32", "fp16", "int8", "q4", "q4f16")
COPIED_FILES = (
    "config.json",
    "generation_config.json",
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "chat_template.jinja",
    "chat_template.json",
    "README.md",
    "LICENSE",
    "LICENSE.txt",
    "USE_POLICY.md",
)
# 4-bit blocks of 32 weights, symmetric: what Transformers.js' q4 files and onnxruntime-genai's
# int4 builder use by default. Accuracy level 4 lets the CPU kernel multiply with int8
# activations (as onnxruntime-genai's CPU int4 models do): about 1.5x the decoding speed of
# float activations, measured in bench/llm.py; other providers ignore the attribute.
Q4_BLOCK = 32
Q4_ACCURACY_LEVEL = 4


def is_causal_config(config: dict[str, Any]) -> bool:
    if config.get("is_encoder_decoder"):
        return False
    return any(str(a).endswith("ForCausalLM") for a in config.get("architectures") or ())


def eager_attention_needed(config: dict[str, Any]) -> str | None:
    """``"eager"`` for a checkpoint whose attention transformers' SDPA would change: Gemma-2's
    ``attn_logit_softcapping`` (``softcap * tanh(scores / softcap)`` before the mask), which
    the SDPA path silently leaves out (transformers 4.57). Else None: the default attention."""
    cap = config.get("attn_logit_softcapping")
    if cap is None and isinstance(config.get("text_config"), dict):
        cap = config["text_config"].get("attn_logit_softcapping")
    return "eager" if cap else None


def is_causal_checkpoint(src: Path) -> bool:
    """Whether ``src``'s config.json describes a decoder-only model (False when unreadable:
    the seq2seq/encoder exporter then reports what is wrong)."""
    try:
        config = read_json_object(Path(src).expanduser() / "config.json")
    except ModelInvalid:
        return False
    return is_causal_config(config)


KEEP_INPUT = rewrite.KEEP_INPUT
FINITE_MASK = rewrite.FINITE_MASK
# In float16 the mask is -10,000, not the lowest float16 (-65,504): a score added to that could
# round to -inf, and a padding row of -inf alone is the NaN the guard was there for. exp(-10,000)
# is still exactly 0.
FINITE_MASK_FP16 = -10_000.0


def keep_last_logits(path: Path) -> bool:
    """``engine.runtime.rewrite.keep_last_logits`` on the file at ``path``, saved in place:
    Quire's exports carry it, so they need no rewrite at load."""
    import onnx

    model = onnx.load(str(path), load_external_data=False)
    if not rewrite.keep_last_logits(model):
        return False
    onnx.save(model, str(path))
    return True


def finite_attention_masks(path: Path) -> int:
    """``engine.runtime.rewrite.drop_nan_guards`` on the file at ``path``, saved in place."""
    import onnx

    model = onnx.load(str(path), load_external_data=False)
    dropped = rewrite.drop_nan_guards(model)
    if dropped:
        onnx.save(model, str(path))
    return dropped


def _to_fp16(src: Path, dst: Path) -> None:
    import numpy as np
    import onnx
    from onnx import numpy_helper
    from onnxruntime.transformers.float16 import convert_float_to_float16

    model = onnx.load(str(src))
    # keep_io_types: the KV cache and logits stay float32, so the runtime feeds one dtype.
    converted = convert_float_to_float16(model, keep_io_types=True, disable_shape_infer=True)
    for tensor in converted.graph.initializer:
        if tensor.name == FINITE_MASK:
            value = np.array(FINITE_MASK_FP16, dtype=numpy_helper.to_array(tensor).dtype)
            tensor.CopyFrom(numpy_helper.from_array(value, FINITE_MASK))
    onnx.save(converted, str(dst))


def _to_int8(src: Path, dst: Path) -> None:
    """The layout of Transformers.js's ``model_quantized.onnx``: a tied LM head stored once
    (it reads a ``Transpose`` of the embedding table, as Optimum's post-processing leaves it:
    ``engine.store.export.tie_shared_weights``) and the embedding quantized with the other
    weights (``quantize_q8``: dynamic IntegerOps over MatMul and Gather, ``MatMulConstBOnly``),
    so the file is the published one's size; the load-time rewrite gives the head its int8
    copy (``engine.runtime.rewrite``). Per channel, as Quire's int8 was (convert.py turns
    that off for decoder-only models), with reduced range (7-bit weights): on an x86 CPU
    without VNNI, ONNX Runtime's u8s8 MatMuls add pairs of products in 16 bits with
    saturation, and full-range per-channel weights saturate often (a tiny tied LLaMA's logits
    3.08 from the checkpoint's, against 0.65 with reduced range and the published per-tensor
    file's 0.75)."""
    from engine.store.export import _load, _save, quantize_q8, tie_shared_weights

    model = _load(src)
    if not tie_shared_weights(model):  # not tied: the model as loaded
        quantize_q8(model, dst, per_channel=True, reduce_range=True)
        return
    # Saved and read again: the dropped copy's memory stays with the loaded message (protobuf
    # frees it with the whole message), 1.7 GB more at the peak for the 0.5B shape.
    with tempfile.TemporaryDirectory(dir=dst.parent) as tmp:
        tied = Path(tmp) / "tied.onnx"
        _save(model, tied)
        del model
        quantize_q8(tied, dst, per_channel=True, reduce_range=True)


def nbits_quantizer() -> Any:
    """ONNX Runtime's ``matmul_nbits_quantizer`` module, its own messages at WARNING and up.
    Its first import runs ``logging.basicConfig(level=INFO)``: a handler on the root logger
    that would print every library's INFO messages to stderr from then on (the quantizer's
    own: one per node, thousands for a language model). That set-up is undone here."""
    import importlib
    import logging

    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    module = importlib.import_module("onnxruntime.quantization.matmul_nbits_quantizer")
    for handler in [h for h in root.handlers if h not in handlers]:
        root.removeHandler(handler)
    root.setLevel(level)
    logging.getLogger(module.__name__).setLevel(logging.WARNING)
    return module


def _to_q4(src: Path, dst: Path) -> None:
    """Weights of every MatMul with a constant weight become 4-bit blocks (MatMulNBits), in
    the layout of Transformers.js's ``model_q4.onnx``: a tied LM head stored once, reading a
    ``Transpose`` of the float embedding table (``tie_shared_weights``), which the quantizer
    leaves in float as Transformers.js's does; on the CPU the load-time rewrite makes it 4-bit
    (``engine.runtime.rewrite_q4``), the same bytes this quantizer would have written. The
    accuracy level (int8 compute) is set here, as onnxruntime-genai's builder does."""
    import onnx

    from engine.store.export import _load, _save, tie_shared_weights

    nbits = nbits_quantizer()

    def quantize(model: Any) -> None:
        config = nbits.DefaultWeightOnlyQuantConfig(
            block_size=Q4_BLOCK, is_symmetric=True, bits=4, accuracy_level=Q4_ACCURACY_LEVEL
        )
        quantizer = nbits.MatMulNBitsQuantizer(model, algo_config=config)
        quantizer.process()
        onnx.save(quantizer.model.model, str(dst))

    model = _load(src)
    if not tie_shared_weights(model):  # not tied: the model as loaded
        quantize(model)
        return
    # Saved and read again, as for int8: the dropped copy's memory goes with the message.
    with tempfile.TemporaryDirectory(dir=dst.parent) as tmp:
        tied = Path(tmp) / "tied.onnx"
        _save(model, tied)
        del model
        quantize(onnx.load(str(tied)))


CONVERT: dict[Variant, Callable[[Path, Path], None]] = {
    "fp16": _to_fp16,
    "int8": _to_int8,
    "q4": _to_q4,
}


def _to_q4f16(src: Path, dst: Path) -> None:
    with tempfile.TemporaryDirectory(dir=dst.parent) as tmp:
        half = Path(tmp) / "half.onnx"
        _to_q4(src, half)
        _to_fp16(half, dst)


CONVERT["q4f16"] = _to_q4f16


def export_causal(
    src: Path | str,
    dst: Path | str,
    dtypes: Iterable[Variant] = ("fp32",),
    *,
    progress: Callable[[str], None] | None = None,
) -> Path:
    """Export the causal LM checkpoint ``src`` into the model folder ``dst``, one ONNX file per
    dtype, through optimum's ``text-generation-with-past`` export."""
    from engine.store.export import checked_request, optimum_export

    src, dst, wanted, config = checked_request(src, dst, dtypes, CAUSAL_DTYPES)
    if not is_causal_config(config):
        raise ExportError("The checkpoint is not a decoder-only (…ForCausalLM) model", path=src)
    say = progress or (lambda _msg: None)
    task = "text-generation-with-past"
    attention = eager_attention_needed(config)
    with optimum_export(src, dst, task, say, COPIED_FILES, attn_implementation=attention) as (
        raw,
        out,
    ):
        fp32 = raw / "model.onnx"
        if not fp32.is_file():
            raise ExportError(
                "The exporter wrote no model.onnx", path=src, message_id="export.no_output"
            )
        keep_last_logits(fp32)
        finite_attention_masks(fp32)
        for dtype in wanted:
            target = out / "onnx" / f"model{export_suffix(dtype)}.onnx"
            say(f"Writing {target.name}")
            if dtype == "fp32":
                shutil.copy2(fp32, target)
                data = raw / "model.onnx_data"
                if data.is_file():
                    shutil.copy2(data, out / "onnx" / data.name)
            else:
                try:
                    CONVERT[dtype](fp32, target)
                except Exception as exc:
                    raise ExportError(
                        f"Writing the {dtype} variant failed: {exc}",
                        path=src,
                        message_id="export.variant_failed",
                        params={"variant": dtype},
                    ) from exc
        try:
            folder = load_model_folder(out)
        except ModelInvalid as exc:
            raise ExportError(
                f"The exported folder is not valid: {exc}",
                path=src,
                message_id="export.invalid_result",
            ) from exc
        if not folder.is_causal:
            raise ExportError(
                "The exported folder is not a causal language model",
                path=src,
                message_id="export.invalid_result",
            )
    return dst
