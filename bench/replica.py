"""Build, from a local checkpoint, the ONNX files Transformers.js publishes for it.

Quire's catalog downloads these files on the CPU (``--dtype auto``):
``onnx/encoder_model_quantized.onnx`` and ``onnx/decoder_model_merged_quantized.onnx``. The
benchmark and the tests cannot reach the hub, so they rebuild that layout the way
Transformers.js's ``scripts/convert.py`` and ``scripts/quantize.py`` do:

1. Optimum's ``main_export`` *with* its post-processing (the default): tied weights are
   deduplicated and the two decoders are merged behind an ``If`` (``decoder_model_merged``).
   At NLLB's size (a 2.2 GB decoder before deduplication) Optimum's ``check_and_save_model``
   fails today: it sizes the model with protobuf's ``ByteSize()``, which raises over 2 GiB
   (protobuf 7; older protobufs returned the size, which is how the published NLLB files were
   made). The replica runs Optimum's own post-processing with that one check made safe
   (``engine.store.export.sizable_saves``, which Quire's exporter uses too): over 2 GiB, it
   takes Optimum's own external-data branch.
   Optimum ties only weights of modules *named* ``Embedding`` or ``Linear``; transformers
   now wraps M2M100's and NLLB's embedding in ``M2M100ScaledWordEmbedding`` (an
   ``nn.Embedding``), so today's Optimum leaves NLLB's output projection untied (a 2.9 GB
   fp32 decoder) where the published files tie it (1.87 GB). The replica counts subclasses
   of ``Embedding`` and ``Linear`` as those (``_tie_subclasses``), as the published files'
   export, made before that wrapper existed, did.
2. (convert.py then runs onnxslim, which only folds constants. Skipped: onnxslim 0.1.98
   breaks the merged decoder Optimum exports today: ONNX Runtime rejects its ``If`` with
   "Expand: shape input must be 1D tensor".)
3. ``q8`` quantization: ``ONNXQuantizer`` in ``IntegerOps`` mode over every op type of
   ``IntegerOpsRegistry`` (MatMul, Gather, Attention, ...), ``per_channel`` and
   ``reduce_range`` on (convert.py's default for every family but a list of decoder-only and
   audio ones), weights ``QInt8`` unless the graph has a Conv or a fused attention op
   (``QUInt8``), ``EnableSubgraph`` (quantizes inside the merged decoder's ``If`` branches) and
   ``MatMulConstBOnly``. That is ``engine.store.export.quantize_q8``, which Quire's own
   exporter uses too: one implementation.

Only the files Quire downloads are quantized; the fp32 encoder and merged decoder are kept
beside them (the fp32 set Transformers.js publishes too). A language model also gets
``onnx/model_q4.onnx``, quantize.py's ``q4`` (``quantize_q4``).
"""

from __future__ import annotations

import contextlib
import importlib
import shutil
import tempfile
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from engine.store.export import quantize_q8, sizable_saves

COPIED = (
    "config.json",
    "generation_config.json",
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
)
QUANTIZED = ("encoder_model", "decoder_model_merged")


@contextlib.contextmanager
def _tie_subclasses() -> Iterator[None]:
    """Optimum's ``_get_weights_to_tie`` (which groups of tied torch parameters it ties), with
    a module that subclasses ``nn.Embedding`` or ``nn.Linear`` counted as one: Optimum
    compares class names."""
    from torch import nn

    transforms: Any = importlib.import_module("optimum.onnx.graph_transformations")
    original = transforms._get_weights_to_tie

    def op(module: Any) -> str:
        for base in (nn.Embedding, nn.Linear):
            if isinstance(module, base):
                return base.__name__
        return str(type(module).__name__)

    def get_weights_to_tie(tied_params: list[list[str]], torch_model: Any) -> Any:
        with_op: list[dict[str, str]] = []
        to_tie: list[list[str]] = []
        ignored: list[list[str]] = []
        for params in tied_params:
            ops = {p: op(torch_model.get_submodule(p.rpartition(".")[0])) for p in params}
            with_op.append(ops)
            supported = all(o in ("Embedding", "Linear") for o in ops.values())
            (to_tie if supported else ignored).append(params)
        return with_op, to_tie, ignored

    transforms._get_weights_to_tie = get_weights_to_tie
    try:
        yield
    finally:
        transforms._get_weights_to_tie = original


def _build(
    checkpoint: Path,
    dst: Path,
    task: str,
    copied: tuple[str, ...],
    graphs: Callable[[Path, Path], None],
    say: Callable[[str], None],
) -> Path:
    """Optimum's post-processed export of ``checkpoint`` for ``task`` into a scratch folder,
    the config files ``copied``, then ``graphs(raw, onnx_folder)`` puts the published graphs
    in place; the whole appears as ``dst`` at once."""
    exporters: Any = importlib.import_module("optimum.exporters.onnx")
    if dst.exists():
        raise FileExistsError(dst)
    dst.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{dst.name}.", dir=dst.parent))
    try:
        raw = work / "raw"
        say(f"exporting {checkpoint.name} with optimum ({task}, post-processed)")
        with contextlib.ExitStack() as stack:
            # Graphs over 2 GiB, and scaled embedding classes tied, as the published files are.
            for context in (sizable_saves(), _tie_subclasses(), warnings.catch_warnings()):
                stack.enter_context(context)
            stack.enter_context(contextlib.redirect_stdout(None))
            warnings.simplefilter("ignore")
            exporters.main_export(
                str(checkpoint),
                raw,
                task=task,
                do_validation=False,
                local_files_only=True,
                trust_remote_code=False,
                library_name="transformers",
            )
        out = work / "model"
        (out / "onnx").mkdir(parents=True)
        for name in copied:
            source = checkpoint / name if (checkpoint / name).is_file() else raw / name
            if source.is_file():
                shutil.copy2(source, out / name)
        graphs(raw, out / "onnx")
        out.rename(dst)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return dst


def build_downloaded(
    checkpoint: Path, dst: Path, *, say: Callable[[str], None] | None = None
) -> Path:
    """Write the Transformers.js layout of the seq2seq ``checkpoint`` into a new ``dst``."""
    tell = say or (lambda _msg: None)

    def graphs(raw: Path, onnx: Path) -> None:
        for stem in QUANTIZED:
            for name in (f"{stem}.onnx", f"{stem}.onnx_data"):  # the fp32 set, weights and all
                if (raw / name).is_file():
                    shutil.copy2(raw / name, onnx / name)
            tell(f"quantizing {stem} (q8)")
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                quantize_q8(raw / f"{stem}.onnx", onnx / f"{stem}_quantized.onnx")

    return _build(checkpoint, dst, "text2text-generation-with-past", COPIED, graphs, tell)


def quantize_q4(src: Path, dst: Path) -> None:
    """``q4`` as Transformers.js's quantize.py makes it: ONNX Runtime's 4-bit quantizer
    (``MatMul4BitsQuantizer`` there, ``MatMulNBitsQuantizer`` in today's ONNX Runtime) over
    every MatMul with a constant weight, blocks of 32, symmetric, no accuracy level. A tied
    LM head reads ``Transpose(embedding)``, not a constant: it stays float32, as published."""
    import onnx

    from engine.store.export_causal import nbits_quantizer

    model = onnx.load(str(src))
    quantizer = nbits_quantizer().MatMulNBitsQuantizer(model, block_size=32, is_symmetric=True)
    quantizer.process()
    partial = dst.with_name(dst.name + ".partial")
    onnx.save(quantizer.model.model, str(partial))
    partial.replace(dst)


def add_q4(folder: Path) -> Path:
    """``onnx/model_q4.onnx`` for a folder ``build_downloaded_causal`` wrote before it made
    one (from the folder's own ``onnx/model.onnx``)."""
    dst = folder / "onnx" / "model_q4.onnx"
    if not dst.is_file():
        quantize_q4(folder / "onnx" / "model.onnx", dst)
    return dst


def build_downloaded_causal(
    checkpoint: Path, dst: Path, *, say: Callable[[str], None] | None = None
) -> Path:
    """Write the Transformers.js layout of the decoder-only ``checkpoint`` (Qwen2, Llama, ...)
    into a new ``dst``: ``onnx/model.onnx`` from Optimum's ``text-generation-with-past`` export
    with its post-processing (a tied LM head deduplicated into the embedding),
    ``onnx/model_quantized.onnx``, q8 as convert.py does it for decoder-only families (its
    list turns ``per_channel`` and ``reduce_range`` off for them), and ``onnx/model_q4.onnx``
    (``quantize_q4``)."""
    tell = say or (lambda _msg: None)

    def graphs(raw: Path, onnx: Path) -> None:
        for name in ("model.onnx", "model.onnx_data"):
            if (raw / name).is_file():
                shutil.copy2(raw / name, onnx / name)
        tell("quantizing model (q8)")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            quantize_q8(
                raw / "model.onnx",
                onnx / "model_quantized.onnx",
                per_channel=False,
                reduce_range=False,
            )
            tell("quantizing model (q4)")
            quantize_q4(raw / "model.onnx", onnx / "model_q4.onnx")

    copied = (*COPIED, "chat_template.jinja")
    return _build(checkpoint, dst, "text-generation-with-past", copied, graphs, tell)
