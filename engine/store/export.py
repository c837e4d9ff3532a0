"""Turn a local transformers checkpoint into a Quire model folder (Transformers.js layout).

Needs the ``export`` extra (optimum-onnx, torch, transformers). Only safetensors weights are
read; the result is built in a temporary folder beside the destination and renamed into place.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import shutil
import tempfile
import warnings
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from engine.errors import ExportError, ModelInvalid, install_extra
from engine.runtime.external_data import PICKLE_SUFFIXES
from engine.runtime.jsonfile import read_json_object
from engine.runtime.manifest import (
    ROLE_STEMS,
    Variant,
    export_suffix,
    load_model_folder,
    no_fast_tokenizer,
)

EXPORT_DTYPES: tuple[Variant, ...] = ("fp32", "fp16", "int8")
COPIED_FILES = (
    "config.json",
    "generation_config.json",
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "modules.json",
    "config_sentence_transformers.json",
    "sentence_bert_config.json",
    "README.md",
    "LICENSE",
)


def _task_for(config: dict[str, Any], src: Path) -> str:
    archs = [str(a) for a in (config.get("architectures") or [])]
    if config.get("is_encoder_decoder") and not any(
        a.endswith(("ForSequenceClassification", "ForQuestionAnswering")) for a in archs
    ):
        return "text2text-generation-with-past"
    if (src / "modules.json").is_file():
        return "feature-extraction"
    if any(a.endswith("ForSequenceClassification") for a in archs):
        return "text-classification"
    if any(a.endswith("ForQuestionAnswering") for a in archs):
        return "question-answering"
    if any(a.endswith("ForTokenClassification") for a in archs):
        return "token-classification"
    return "feature-extraction"


def _unreadable(exc: ModelInvalid, path: Path) -> ExportError:
    """A checkpoint's JSON file that cannot be read, named as the model's files are."""
    return ExportError(
        exc.message,
        path=path,
        hint=exc.hint,
        message_id=exc.message_id or "export.bad_file",
        params=exc.params or {"file": path.name},
    )


def _check_source(src: Path) -> dict[str, Any]:
    if not src.is_dir():
        raise ExportError("No checkpoint folder here", path=src, message_id="export.no_folder")
    cfg_file = src / "config.json"
    if not cfg_file.is_file():
        raise ExportError(
            "The checkpoint has no config.json", path=cfg_file, message_id="export.no_config"
        )
    try:
        config = read_json_object(cfg_file)
    except ModelInvalid as exc:
        raise _unreadable(exc, cfg_file) from exc
    # transformers loads model.safetensors (or its shards' index), else pytorch_model.bin: the
    # weights must be those, and the exporter reads a view without the pickles
    # (``without_pickles``), so it never falls back to one.
    if not any((src / name).is_file() for name in SAFE_WEIGHTS):
        raise ExportError(
            "The checkpoint has no model.safetensors weights",
            path=src,
            hint="Quire never loads pickled weights (pytorch_model.bin); save the model with "
            "safetensors (save_pretrained's default) first",
            message_id="export.no_weights",
        )
    index = src / "model.safetensors.index.json"
    if index.is_file():
        shards = read_optional_shards(index)
        if any(not shard.endswith(".safetensors") for shard in shards):
            raise ExportError(
                "The checkpoint's weight index names files that are not safetensors",
                path=index,
                hint="Quire never loads pickled weights; save the model with safetensors first",
                message_id="export.no_weights",
            )
    if not (src / "tokenizer.json").is_file():
        raise ExportError(
            "The checkpoint has no tokenizer.json (a fast tokenizer)",
            path=src,
            hint=no_fast_tokenizer(src)
            or "Save the tokenizer with a fast tokenizer (tokenizer.save_pretrained) first",
            message_id="export.no_tokenizer",
        )
    if not isinstance(config, dict):
        raise ExportError(
            "config.json must hold an object",
            path=cfg_file,
            message_id="export.bad_file",
            params={"file": cfg_file.name},
        )
    return config


SAFE_WEIGHTS = ("model.safetensors", "model.safetensors.index.json")


# What the exporter may read of a checkpoint: safetensors weights, and the configs and
# tokenizer files (JSON, vocabularies, sentencepiece models). Nothing else, so no pickle
# under any name.
VIEWED_SUFFIXES = (".safetensors", ".json", ".txt", ".model")


def read_optional_shards(index: Path) -> set[str]:
    """The shard files a ``model.safetensors.index.json`` names (its ``weight_map``)."""
    try:
        data = read_json_object(index)
    except ModelInvalid as exc:
        raise _unreadable(exc, index) from exc
    weight_map = data.get("weight_map") if isinstance(data, dict) else None
    if not isinstance(weight_map, dict):
        raise ExportError(
            "The weight index has no weight_map",
            path=index,
            message_id="export.bad_file",
            params={"file": index.name},
        )
    return {str(shard) for shard in weight_map.values()}


def without_pickles(src: Path, work: Path) -> Path:
    """A view of the checkpoint ``src`` in ``work`` for the exporter to read: links to its
    files of the kinds ``VIEWED_SUFFIXES`` names (copies where links cannot be made), so
    that transformers finds no pickle (pytorch_model.bin, *.pt, or one under another name)
    to fall back to. Subfolders are not needed by the exporter."""
    view = work / "checkpoint"
    view.mkdir()
    for path in src.iterdir():
        name = path.name.lower()
        if (
            not path.is_file()
            or name.endswith(PICKLE_SUFFIXES)
            or not name.endswith(VIEWED_SUFFIXES)
        ):
            continue
        target = view / path.name
        try:
            target.symlink_to(path.resolve())
        except OSError:  # Windows without the right to make links
            try:
                os.link(path, target)
            except OSError:
                shutil.copy2(path, target)
    return view


# Protobuf cannot serialise a message of 2 GiB or more: bigger graphs keep their weights in a
# ``<file>_data`` file beside them (ONNX external data), as Optimum and Transformers.js do.
PROTOBUF_LIMIT = 2**31 - 1
# Transformers.js's scripts/quantize.py: ops whose presence makes q8 use unsigned weights.
QUINT8_OPS = ("Conv", "GroupQueryAttention", "MultiHeadAttention")
MERGED_STEM = ROLE_STEMS["decoder_merged"]
SPLIT_STEMS = (ROLE_STEMS["decoder"], ROLE_STEMS["decoder_with_past"])


def fits_one_protobuf(model: Any) -> bool:
    """Whether ``model`` can be written as one protobuf message.

    Protobuf cannot even size a message of 2 GiB or more: ``ByteSize()`` raises
    ``EncodeError`` ("Failed to serialize proto"), which is what made Optimum's own
    post-processing fail on NLLB-sized decoders.
    """
    # protobuf ships no type information.
    encode_error: type[Exception] = importlib.import_module("google.protobuf.message").EncodeError
    try:
        return bool(model.ByteSize() < PROTOBUF_LIMIT)
    except encode_error:
        return False


def _save(model: Any, path: Path) -> None:
    """Write ``model`` to ``path``, its weights beside it in ``<name>_data`` when too big for
    one protobuf."""
    import onnx

    data = path.with_name(f"{path.name}_data")
    data.unlink(missing_ok=True)
    if fits_one_protobuf(model):
        onnx.save(model, str(path))
        return
    onnx.save(
        model,
        str(path),
        save_as_external_data=True,
        all_tensors_to_one_file=True,
        location=data.name,
        size_threshold=1024,
    )


@contextlib.contextmanager
def sizable_saves() -> Iterator[None]:
    """Optimum's ``check_and_save_model`` (its dedup and ``merge_decoders`` save through it),
    except that a model protobuf cannot size (2 GiB or more) goes straight to what Optimum does
    for a model with external data: save it so, then check the saved file. Smaller models take
    Optimum's own function unchanged."""
    import onnx

    transforms: Any = importlib.import_module("optimum.onnx.graph_transformations")
    original = transforms.check_and_save_model

    def check_and_save_model(model: Any, save_path: str | Path | None) -> None:
        if fits_one_protobuf(model) or save_path is None:
            original(model, save_path)
            return
        path = Path(save_path)
        data = path.with_name(f"{path.name}_data")
        path.unlink(missing_ok=True)
        data.unlink(missing_ok=True)
        onnx.save(
            model,
            str(path),
            save_as_external_data=True,
            location=data.name,
            all_tensors_to_one_file=True,
            convert_attribute=True,
            size_threshold=100,
        )
        onnx.checker.check_model(str(path))

    transforms.check_and_save_model = check_and_save_model
    try:
        yield
    finally:
        transforms.check_and_save_model = original


def _load(path: Path) -> Any:
    import onnx

    return onnx.load(str(path))


def _has_external_data(path: Path) -> bool:
    import onnx

    model = onnx.load(str(path), load_external_data=False)
    return any(t.data_location == onnx.TensorProto.EXTERNAL for t in model.graph.initializer)


def _operators(graph: Any) -> set[str]:
    """Every op type in ``graph`` and its subgraphs (the merged decoder's ``If`` branches)."""
    import onnx

    found: set[str] = set()
    for node in graph.node:
        found.add(node.op_type)
        for attr in node.attribute:
            if attr.type == onnx.AttributeProto.GRAPH:
                found |= _operators(attr.g)
    return found


def fold_weight_identities(model: Any) -> int:
    """Make nodes read shared weights directly, not through ``Identity``; return how many.

    The torch exporter writes a weight shared inside one graph (BART's encoder and decoder
    embedding) as ``Identity(weight)``. ONNX Runtime's quantizer only quantizes a ``Gather``
    or ``MatMul`` whose weight is an initializer, so such a table stayed float beside its
    quantized twin (Transformers.js's convert.py folds these with onnxslim).
    """
    import onnx

    graph = model.graph
    if any(a.type == onnx.AttributeProto.GRAPH for n in graph.node for a in n.attribute):
        return 0  # names may be read inside subgraphs; the exporter's graphs have none
    weights = {t.name for t in graph.initializer}
    outputs = {o.name for o in graph.output}
    alias = {
        n.output[0]: n.input[0]
        for n in graph.node
        if n.op_type == "Identity" and n.input[0] in weights and n.output[0] not in outputs
    }
    if not alias:
        return 0
    keep = [n for n in graph.node if not (n.op_type == "Identity" and n.output[0] in alias)]
    for node in keep:
        for i, name in enumerate(node.input):
            if name in alias:
                node.input[i] = alias[name]
    del graph.node[:]
    graph.node.extend(keep)
    return len(alias)


def tie_shared_weights(model: Any) -> int:
    """Drop initializers that repeat another one, exactly or transposed; return how many.

    The exporter without Optimum's post-processing writes a tied embedding twice: once as the
    ``Gather`` table and once, transposed, as the output projection's ``MatMul`` weight. As
    Optimum's ``remove_duplicate_weights_from_tied_info`` does, the ``Gather`` table is kept and
    the ``MatMul`` reads a ``Transpose`` of it (ONNX Runtime's quantizer handles a ``Transpose``
    before a ``MatMul`` but not before a ``Gather``). Ties are found by value, not from the
    torch model, so no second copy of the checkpoint is loaded and any size works.
    """
    import numpy as np
    import onnx
    from onnx import numpy_helper

    graph = model.graph
    gather_tables = {n.input[0] for n in graph.node if n.op_type == "Gather"}
    users: dict[str, set[str]] = {}
    for node in graph.node:
        for name in node.input:
            users.setdefault(name, set()).add(node.op_type)
    big = [t for t in graph.initializer if len(t.dims) == 2 and int(np.prod(t.dims)) >= 4096]
    # References first: a table only Gathers read is the one to keep.
    big.sort(key=lambda t: (users.get(t.name, set()) != {"Gather"}, t.name))
    kept: list[tuple[Any, Any]] = []
    renames: dict[str, str] = {}
    transposed: dict[str, str] = {}
    for tensor in big:
        values = numpy_helper.to_array(tensor)
        for ref, ref_values in kept:
            if ref.data_type != tensor.data_type:
                continue
            if ref_values.shape == values.shape and np.array_equal(ref_values, values):
                renames[tensor.name] = ref.name
                break
            if (
                ref.name in gather_tables
                and ref_values.shape == values.shape[::-1]
                and np.array_equal(ref_values.T, values)
            ):
                transposed[tensor.name] = ref.name
                break
        else:
            kept.append((tensor, values))
    if not renames and not transposed:
        return 0
    for dup, ref in transposed.items():
        renames[dup] = f"{ref}_transposed"
    first_use = len(graph.node)
    for index, node in enumerate(graph.node):
        for i, name in enumerate(node.input):
            if name in renames:
                node.input[i] = renames[name]
                first_use = min(first_use, index)
    # One Transpose per table, placed before its first reader (the graph stays sorted).
    for ref in sorted(set(transposed.values())):
        graph.node.insert(
            first_use,
            onnx.helper.make_node(
                "Transpose", [ref], [f"{ref}_transposed"], name=f"{ref}_transpose"
            ),
        )
    gone = set(renames)
    keep = [t for t in graph.initializer if t.name not in gone]
    del graph.initializer[:]
    graph.initializer.extend(keep)
    return len(gone)


def _to_fp16(src: Path, dst: Path) -> None:
    from onnxruntime.transformers.float16 import convert_float_to_float16

    # keep_io_types: inputs and outputs stay float32, so callers never see a dtype change.
    converted = convert_float_to_float16(_load(src), keep_io_types=True, disable_shape_infer=True)
    _save(converted, dst)


def quantize_q8(
    src: Path | Any, dst: Path, *, per_channel: bool = True, reduce_range: bool = True
) -> None:
    """Transformers.js's ``quantize_q8`` (scripts/quantize.py) on one file (``src``: its path,
    or the model already loaded, which it changes).

    Dynamic (IntegerOps) quantization over every op of ONNX Runtime's ``IntegerOpsRegistry``
    (MatMul, Gather, Attention, ...: embeddings included), per channel with reduced range (its
    default for Marian, BART, T5, BERT, ...), int8 weights unless the graph has a Conv or a
    fused attention op (then uint8), ``EnableSubgraph`` (the merged decoder's ``If`` branches
    are quantized too) and ``MatMulConstBOnly``. ``bench/replica.py`` rebuilds the published
    files with this same function.
    """
    from onnxruntime.quantization import QuantizationMode, QuantType
    from onnxruntime.quantization.onnx_quantizer import ONNXQuantizer
    from onnxruntime.quantization.registry import IntegerOpsRegistry

    model = _load(src) if isinstance(src, Path) else src
    unsigned = any(op in QUINT8_OPS for op in _operators(model.graph))
    quantizer = ONNXQuantizer(
        model,
        per_channel,
        reduce_range,
        mode=QuantizationMode.IntegerOps,
        static=False,
        weight_qType=QuantType.QUInt8 if unsigned else QuantType.QInt8,
        activation_qType=QuantType.QUInt8,
        tensors_range=None,
        nodes_to_quantize=[],
        nodes_to_exclude=[],
        op_types_to_quantize=set(IntegerOpsRegistry),
        extra_options={"EnableSubgraph": True, "MatMulConstBOnly": True},
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        quantizer.quantize_model()
    _save(quantizer.model.model, dst)


def _post_process(raw: Path, say: Callable[[str], None]) -> None:
    """Optimum's post-processing, done here so it works at any size: tied weights stored
    once, then the two decoders merged behind an ``If`` (``decoder_model_merged``)."""
    for path in sorted(raw.glob("*.onnx")):
        model = _load(path)
        if fold_weight_identities(model) + tie_shared_weights(model):
            say(f"Storing the shared weights of {path.name} once")
            _save(model, path)
    split = [raw / f"{stem}.onnx" for stem in SPLIT_STEMS]
    if not all(p.is_file() for p in split):
        return
    say("Merging the decoders")
    first, cached = (_load(p) for p in split)
    _merge(first, cached, raw / f"{MERGED_STEM}.onnx")


def _merge(first: Any, cached: Any, merged: Path) -> None:
    """Optimum's ``merge_decoders`` of the two split decoders into ``merged``."""
    from optimum.onnx import merge_decoders

    if not all(map(fits_one_protobuf, (first, cached))) or (
        first.ByteSize() + cached.ByteSize() >= PROTOBUF_LIMIT
    ):
        # Optimum writes external data when this file is already there (its check_and_save_model).
        merged.with_name(f"{merged.name}_data").touch()
    with sizable_saves():
        merge_decoders(first, cached, save_path=merged, strict=False)


def _merged_fp16(raw: Path, dst: Path) -> None:
    """The merged decoder in float16: each split decoder converted, then the two merged.

    ONNX Runtime's converter does not follow names into the ``If`` branches of a merged graph:
    with ``keep_io_types`` it renames the values the branches return but not the branches'
    outputs, and ONNX Runtime refuses the file ("Subgraph output (logits) is an outer scope
    value being returned directly")."""
    from onnxruntime.transformers.float16 import convert_float_to_float16

    first, cached = (
        convert_float_to_float16(
            _load(raw / f"{stem}.onnx"), keep_io_types=True, disable_shape_infer=True
        )
        for stem in SPLIT_STEMS
    )
    for model in (first, cached):
        _sort_nodes(model.graph)
    _merge(first, cached, dst)


def _reads(node: Any) -> set[str]:
    """The values ``node`` reads: its inputs, and those its subgraphs (an ``If``'s branches)
    take from the graph around them."""
    names = set(node.input)
    for attribute in node.attribute:
        for sub in [attribute.g] if attribute.HasField("g") else list(attribute.graphs):
            inner = {i.name for i in sub.input} | {t.name for t in sub.initializer}
            for child in sub.node:
                names |= _reads(child) - inner
                inner |= set(child.output)
            names -= inner
    return names


def _sort_nodes(graph: Any) -> None:
    """Order ``graph``'s nodes so each comes after the nodes it reads (the converter appends
    its input casts at the end, and the merge checks the order). Stable: nodes already in
    order stay where they are."""
    ready = {i.name for i in graph.input} | {t.name for t in graph.initializer} | {""}
    ready |= {t.values.name for t in graph.sparse_initializer}
    pending = list(graph.node)
    ordered: list[Any] = []
    while pending:
        waiting = []
        for node in pending:
            if all(name in ready for name in _reads(node)):
                ordered.append(node)
                ready.update(node.output)
            else:
                waiting.append(node)
        if len(waiting) == len(pending):  # a cycle, or a value from nowhere: leave it be
            ordered.extend(waiting)
            break
        pending = waiting
    copies = [type(node)() for node in ordered]
    for copy, node in zip(copies, ordered, strict=True):
        copy.CopyFrom(node)
    del graph.node[:]
    graph.node.extend(copies)


def _write(src: Path, dst: Path, dtype: Variant) -> None:
    if dtype == "fp16" and src.stem == MERGED_STEM:
        _merged_fp16(src.parent, dst)
    elif dtype == "fp16":
        _to_fp16(src, dst)
    elif dtype == "int8":
        quantize_q8(src, dst)
    elif src.stat().st_size < PROTOBUF_LIMIT and not _has_external_data(src):
        shutil.copy2(src, dst)
    else:
        _save(_load(src), dst)  # names the external data after the new file


def checked_request(
    src: Path | str, dst: Path | str, dtypes: Iterable[Variant], allowed: Iterable[str]
) -> tuple[Path, Path, list[Variant], dict[str, Any]]:
    """An export's paths, its dtypes (each once, in order) and the source's config, or the
    ``ExportError`` that says what is wrong with them."""
    src, dst = Path(src).expanduser(), Path(dst).expanduser()
    wanted = list(dict.fromkeys(dtypes))
    choices = tuple(allowed)
    for d in wanted:
        if d not in choices:
            raise ExportError(f"Unknown dtype {d!r}; choose from {', '.join(choices)}")
    if dst.exists():
        raise ExportError(
            "The destination already exists",
            path=dst,
            hint="Choose a new folder",
            message_id="export.exists",
        )
    return src, dst, wanted, _check_source(src)


def _export_loaded(src: Path, raw: Path, task: str, attn_implementation: str) -> None:
    """What ``main_export`` does for a local transformers checkpoint (load, then export), with
    the model loaded with ``attn_implementation``: Optimum's ``main_export`` has no way to ask
    for it, and transformers' default SDPA drops what it cannot express (Gemma-2's attention
    soft-capping)."""
    from optimum.exporters.onnx import onnx_export_from_model
    from optimum.exporters.tasks import TasksManager

    model = TasksManager.get_model_from_task(
        task,
        str(src),
        local_files_only=True,
        trust_remote_code=False,
        framework="pt",
        library_name="transformers",
        attn_implementation=attn_implementation,
    )
    if task.endswith("-with-past"):
        model.config.use_cache = True
    onnx_export_from_model(
        model=model, output=raw, task=task, do_validation=False, no_post_process=True
    )


@contextlib.contextmanager
def optimum_export(
    src: Path,
    dst: Path,
    task: str,
    say: Callable[[str], None],
    copied: Iterable[str] = COPIED_FILES,
    *,
    attn_implementation: str | None = None,
) -> Iterator[tuple[Path, Path]]:
    """Run Optimum's export of ``src`` for ``task`` (no post-processing: the caller's own; no
    remote code; local files only) in a scratch folder beside ``dst``. Yields the folder of
    raw ONNX files and the model folder being assembled (the ``copied`` files of ``src``, or
    of the export, there; ``onnx/`` made) for the caller to fill and check; the model folder
    becomes ``dst`` only when the block ends without an error; the scratch folder always goes.

    ``attn_implementation``: the attention transformers traces (``"eager"``: the model's own
    attention op by op; None: transformers' default for the model, usually SDPA)."""
    try:
        from optimum.exporters.onnx import main_export
    except ImportError as exc:
        raise ExportError(
            "Exporting needs the export extra",
            hint=install_extra("export"),
            message_id="export.needs_extra",
        ) from exc
    dst.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{dst.name}.", dir=dst.parent))
    original = src
    try:
        raw = work / "raw"
        say(f"Exporting {src.name} ({task}) to ONNX")
        src = without_pickles(original, work)
        with warnings.catch_warnings(), contextlib.redirect_stdout(None):
            warnings.simplefilter("ignore")
            try:
                if attn_implementation is None:
                    main_export(
                        str(src),
                        raw,
                        task=task,
                        do_validation=False,
                        # Post-processing is the caller's: Optimum's own fails to save graphs
                        # over 2 GiB and needs the torch model to find tied weights.
                        no_post_process=True,
                        local_files_only=True,
                        trust_remote_code=False,
                        library_name="transformers",
                    )
                else:
                    _export_loaded(src, raw, task, attn_implementation)
            except Exception as exc:
                raise ExportError(
                    f"The ONNX exporter failed: {exc}", path=original, message_id="export.failed"
                ) from exc
        out = work / "model"
        (out / "onnx").mkdir(parents=True)
        for name in copied:
            source = original / name if (original / name).is_file() else raw / name
            if source.is_file():
                shutil.copy2(source, out / name)
        yield raw, out
        out.rename(dst)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    say(f"Exported to {dst}")


def export_model(
    src: Path | str,
    dst: Path | str,
    dtypes: Iterable[Variant] = ("fp32",),
    *,
    split_decoders: bool = False,
    progress: Callable[[str], None] | None = None,
) -> Path:
    """Export ``src`` into the model folder ``dst`` with one ONNX set per dtype.

    The files are those Transformers.js publishes: tied weights stored once, seq2seq decoders
    merged (``encoder_model`` + ``decoder_model_merged``), int8 quantized as its
    ``scripts/quantize.py`` does (embeddings and the merged decoder's branches included).
    ``split_decoders`` also writes ``decoder_model`` + ``decoder_with_past_model`` per dtype
    (Optimum's split layout, which the runtime also runs).
    """
    src, dst, wanted, config = checked_request(src, dst, dtypes, EXPORT_DTYPES)
    say = progress or (lambda _msg: None)
    with optimum_export(src, dst, _task_for(config, src), say) as (raw, out):
        pooling = src / "1_Pooling" / "config.json"
        if pooling.is_file():
            (out / "1_Pooling").mkdir()
            shutil.copy2(pooling, out / "1_Pooling" / "config.json")
        if not any(raw.glob("*.onnx")):
            raise ExportError(
                "The exporter wrote no ONNX file", path=src, message_id="export.no_output"
            )
        try:
            _post_process(raw, say)
            stems = [s for s in ROLE_STEMS.values() if (raw / f"{s}.onnx").is_file()]
            if MERGED_STEM in stems and not split_decoders:
                stems = [s for s in stems if s not in SPLIT_STEMS]
            for stem in stems:
                for dtype in wanted:
                    target = out / "onnx" / f"{stem}{export_suffix(dtype)}.onnx"
                    say(f"Writing {target.name}")
                    _write(raw / f"{stem}.onnx", target, dtype)
        except (OSError, ValueError, RuntimeError, MemoryError) as exc:
            # onnx, Optimum's merge and ONNX Runtime's quantizer raise these on graphs they
            # cannot handle (and OSError on a full disk).
            raise ExportError(
                f"Converting the ONNX files failed: {exc}",
                path=src,
                message_id="export.convert_failed",
            ) from exc
        try:
            load_model_folder(out)
        except ModelInvalid as exc:
            raise ExportError(
                f"The exported folder is not valid: {exc}",
                path=src,
                message_id="export.invalid_result",
            ) from exc
    return dst
