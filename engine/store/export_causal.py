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


def is_causal_checkpoint(src: Path) -> bool:
    """Whether ``src``'s config.json describes a decoder-only model (False when unreadable:
    the seq2seq/encoder exporter then reports what is wrong)."""
    try:
        config = read_json_object(Path(src).expanduser() / "config.json")
    except ModelInvalid:
        return False
    return is_causal_config(config)


KEEP_INPUT = "num_logits_to_keep"
_ELEMENTWISE = {"Div", "Mul", "Tanh", "Cast", "Add", "Identity"}


def keep_last_logits(path: Path) -> bool:
    """Let the graph compute logits for the last ``num_logits_to_keep`` positions only.

    The LM head over every prompt position is a quarter of a 0.5B model's prompt work (a
    896 x 151936 product per token) and its logits are 600 MB for 1,000 tokens, while
    generation needs the last row. A Slice of the final hidden states, driven by a new scalar
    input (the name Transformers.js uses), goes before the LM head's MatMul. False (graph left
    alone) when the head cannot be found behind ``logits``.
    """
    import onnx
    from onnx import TensorProto, helper

    model = onnx.load(str(path), load_external_data=False)
    graph = model.graph
    producer = {out: node for node in graph.node for out in node.output}
    current, head = "logits", None
    while current in producer:
        node = producer[current]
        if node.op_type == "MatMul":
            head = node
            break
        if node.op_type not in _ELEMENTWISE:
            return False
        current = node.input[0]
    if head is None or any(i.name == KEEP_INPUT for i in graph.input):
        return False
    hidden = head.input[0]
    names = [f"/keep_logits/{n}" for n in ("k", "starts", "ends", "axes", "hidden", "zero")]
    new_nodes = [
        helper.make_node("Unsqueeze", [KEEP_INPUT, names[5]], [names[0]]),
        helper.make_node("Neg", [names[0]], [names[1]]),
        helper.make_node("Slice", [hidden, names[1], names[2], names[3]], [names[4]]),
    ]
    graph.initializer.extend(
        [
            helper.make_tensor(names[2], TensorProto.INT64, [1], [2**63 - 1]),
            helper.make_tensor(names[3], TensorProto.INT64, [1], [1]),
            helper.make_tensor(names[5], TensorProto.INT64, [1], [0]),
        ]
    )
    graph.input.append(helper.make_tensor_value_info(KEEP_INPUT, TensorProto.INT64, []))
    head.input[0] = names[4]
    at = list(graph.node).index(head)
    for offset, node in enumerate(new_nodes):
        graph.node.insert(at + offset, node)
    for output in graph.output:
        if output.name == "logits":
            output.type.tensor_type.shape.dim[1].dim_param = "num_logits"
    onnx.save(model, str(path))
    return True


FINITE_MASK = "/finite_mask/lowest"
# In float16 the mask is -10,000, not the lowest float16 (-65,504): a score added to that could
# round to -inf, and a padding row of -inf alone is the NaN the guard was there for. exp(-10,000)
# is still exactly 0.
FINITE_MASK_FP16 = -10_000.0


def finite_attention_masks(path: Path) -> int:
    """Drop the NaN guard after each attention softmax, making the mask before it finite.

    transformers' SDPA attention exports as ``Softmax(scores + Where(mask, 0, -inf))``
    followed by ``Where(IsNaN(p), 0, p)``, for query rows with every key masked (the left
    padding of a batch), whose softmax over -inf alone is NaN. Those two passes over every
    (heads, query, key) score cost about a sixth of a 1,000-token prompt on the CPU. With the
    lowest float32 as the mask instead of -inf (``FINITE_MASK_FP16`` in the float16 variants),
    no row is NaN: a real token's row is unchanged (the masked keys still weigh exactly 0, as
    exp underflows) and a padding row becomes finite noise that no real token attends to.
    Returns how many guards went; a softmax whose surroundings differ from this pattern keeps
    its guard.
    """
    import numpy as np
    import onnx
    from onnx import numpy_helper

    model = onnx.load(str(path), load_external_data=False)
    graph = model.graph
    producer = {out: node for node in graph.node for out in node.output}
    consumers: dict[str, list[Any]] = {}
    for node in graph.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node)
    values = {t.name: t for t in graph.initializer}
    outputs = {o.name for o in graph.output}

    def constant(name: str) -> Any:
        node = producer.get(name)
        if node is not None and node.op_type == "Constant" and len(node.attribute) == 1:
            attr = node.attribute[0]
            return numpy_helper.to_array(attr.t) if attr.name == "value" else None
        return numpy_helper.to_array(values[name]) if name in values else None

    def is_value(name: str, test: Callable[[Any], bool]) -> bool:
        value = constant(name)
        return value is not None and value.size == 1 and bool(test(value))

    dropped: list[Any] = []
    for guard in graph.node:
        if guard.op_type != "Where" or len(guard.input) != 3:
            continue
        isnan, probs = producer.get(guard.input[0]), producer.get(guard.input[2])
        if (
            isnan is None
            or probs is None
            or isnan.op_type != "IsNaN"
            or probs.op_type != "Softmax"
            or isnan.input[0] != probs.output[0]
            or not is_value(guard.input[1], lambda v: v.item() == 0)
            or len(consumers.get(isnan.output[0], [])) != 1
            or guard.output[0] in outputs
        ):
            continue
        add = producer.get(probs.input[0])
        masks = [producer.get(i) for i in add.input] if add and add.op_type == "Add" else []
        mask = next((m for m in masks if m is not None and m.op_type == "Where"), None)
        if (
            mask is None
            or len(consumers.get(mask.output[0], [])) != 1
            or not is_value(mask.input[2], lambda v: np.isneginf(v).all())
            or not is_value(mask.input[1], lambda v: v.item() == 0)
            or constant(mask.input[2]).dtype != np.float32
        ):
            continue
        mask.input[2] = FINITE_MASK
        for user in consumers.get(guard.output[0], []):
            for i, name in enumerate(user.input):
                if name == guard.output[0]:
                    user.input[i] = probs.output[0]
        dropped += [guard, isnan]
    if not dropped:
        return 0
    graph.initializer.append(
        numpy_helper.from_array(np.array(np.finfo(np.float32).min, dtype=np.float32), FINITE_MASK)
    )
    for node in dropped:
        graph.node.remove(node)
    onnx.save(model, str(path))
    return len(dropped) // 2


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
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(
        str(src),
        str(dst),
        weight_type=QuantType.QInt8,
        per_channel=True,
        op_types_to_quantize=["MatMul"],
    )


def _to_q4(src: Path, dst: Path) -> None:
    """Weights of every MatMul with a constant weight become 4-bit blocks (MatMulNBits)."""
    import onnx
    from onnxruntime.quantization.matmul_nbits_quantizer import (
        DefaultWeightOnlyQuantConfig,
        MatMulNBitsQuantizer,
    )

    model = onnx.load(str(src))
    config = DefaultWeightOnlyQuantConfig(
        block_size=Q4_BLOCK, is_symmetric=True, bits=4, accuracy_level=Q4_ACCURACY_LEVEL
    )
    quantizer = MatMulNBitsQuantizer(model, algo_config=config)
    quantizer.process()
    onnx.save(quantizer.model.model, str(dst))


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
    with optimum_export(src, dst, task, say, COPIED_FILES) as (raw, out):
        fp32 = raw / "model.onnx"
        if not fp32.is_file():
            raise ExportError("The exporter wrote no model.onnx", path=src)
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
                        f"Writing the {dtype} variant failed: {exc}", path=src
                    ) from exc
        try:
            folder = load_model_folder(out)
        except ModelInvalid as exc:
            raise ExportError(f"The exported folder is not valid: {exc}", path=src) from exc
        if not folder.is_causal:
            raise ExportError("The exported folder is not a causal language model", path=src)
    return dst
