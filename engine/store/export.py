"""Turn a local transformers checkpoint into a Quire model folder (Transformers.js layout).

Needs the ``export`` extra (optimum-onnx, torch, transformers). Only safetensors weights are
read; the result is built in a temporary folder beside the destination and renamed into place.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import warnings
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from engine.errors import ExportError, ModelInvalid
from engine.runtime.jsonfile import read_json_object
from engine.runtime.manifest import ROLE_STEMS, Variant, export_suffix, load_model_folder

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


def _check_source(src: Path) -> dict[str, Any]:
    if not src.is_dir():
        raise ExportError("No checkpoint folder here", path=src)
    cfg_file = src / "config.json"
    if not cfg_file.is_file():
        raise ExportError("The checkpoint has no config.json", path=cfg_file)
    try:
        config = read_json_object(cfg_file)
    except ModelInvalid as exc:
        raise ExportError(exc.message, path=cfg_file, hint=exc.hint) from exc
    # transformers prefers safetensors when both are present; with none, we refuse.
    if not any(src.glob("*.safetensors")):
        raise ExportError(
            "The checkpoint has no .safetensors weights",
            path=src,
            hint="Quire never loads pickled weights (pytorch_model.bin); convert them to "
            "safetensors first",
        )
    if not (src / "tokenizer.json").is_file():
        raise ExportError(
            "The checkpoint has no tokenizer.json (a fast tokenizer)",
            path=src,
            hint="Save the tokenizer with a fast tokenizer (tokenizer.save_pretrained) first",
        )
    if not isinstance(config, dict):
        raise ExportError("config.json must hold an object", path=cfg_file)
    return config


def _to_fp16(src: Path, dst: Path) -> None:
    import onnx
    from onnxruntime.transformers.float16 import convert_float_to_float16

    model = onnx.load(str(src))
    # keep_io_types: inputs and outputs stay float32, so callers never see a dtype change.
    converted = convert_float_to_float16(model, keep_io_types=True, disable_shape_infer=True)
    onnx.save(converted, str(dst))


def _to_int8(src: Path, dst: Path) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(
        str(src),
        str(dst),
        weight_type=QuantType.QInt8,
        per_channel=True,
        op_types_to_quantize=["MatMul", "Attention"],
    )


def export_model(
    src: Path | str,
    dst: Path | str,
    dtypes: Iterable[Variant] = ("fp32",),
    *,
    merge_decoders: bool = False,
    progress: Callable[[str], None] | None = None,
) -> Path:
    """Export ``src`` into the model folder ``dst`` with one ONNX set per dtype.

    Seq2seq models get split decoders (``decoder_model`` + ``decoder_with_past_model``):
    dynamic quantization leaves the ``If`` branches of a merged decoder unquantized. With
    ``merge_decoders`` the fp32 set also gets ``decoder_model_merged``.
    """
    src, dst = Path(src).expanduser(), Path(dst).expanduser()
    wanted = list(dict.fromkeys(dtypes))
    for d in wanted:
        if d not in EXPORT_DTYPES:
            raise ExportError(f"Unknown dtype {d!r}; choose from {', '.join(EXPORT_DTYPES)}")
    if dst.exists():
        raise ExportError("The destination already exists", path=dst, hint="Choose a new folder")
    config = _check_source(src)
    say = progress or (lambda _msg: None)
    try:
        from optimum.exporters.onnx import main_export
    except ImportError as exc:
        raise ExportError(
            "Exporting needs the export extra", hint="pip install 'quire[export]'"
        ) from exc

    dst.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{dst.name}.", dir=dst.parent))
    try:
        raw = work / "raw"
        task = _task_for(config, src)
        say(f"Exporting {src.name} ({task}) to ONNX")
        with warnings.catch_warnings(), contextlib.redirect_stdout(None):
            warnings.simplefilter("ignore")
            try:
                main_export(
                    str(src),
                    raw,
                    task=task,
                    do_validation=False,
                    no_post_process=True,
                    local_files_only=True,
                    trust_remote_code=False,
                    library_name="transformers",
                )
            except Exception as exc:
                raise ExportError(f"The ONNX exporter failed: {exc}", path=src) from exc
        out = work / "model"
        (out / "onnx").mkdir(parents=True)
        for name in COPIED_FILES:
            source = src / name if (src / name).is_file() else raw / name
            if source.is_file():
                shutil.copy2(source, out / name)
        pooling = src / "1_Pooling" / "config.json"
        if pooling.is_file():
            (out / "1_Pooling").mkdir()
            shutil.copy2(pooling, out / "1_Pooling" / "config.json")
        stems = [s for s in ROLE_STEMS.values() if (raw / f"{s}.onnx").is_file()]
        if not stems:
            raise ExportError("The exporter wrote no ONNX file", path=src)
        for stem in stems:
            fp32 = raw / f"{stem}.onnx"
            for dtype in wanted:
                target = out / "onnx" / f"{stem}{export_suffix(dtype)}.onnx"
                say(f"Writing {target.name}")
                if dtype == "fp32":
                    shutil.copy2(fp32, target)
                elif dtype == "fp16":
                    _to_fp16(fp32, target)
                else:
                    _to_int8(fp32, target)
        if merge_decoders and "decoder_with_past_model" in stems and "fp32" in wanted:
            from optimum.onnx import merge_decoders as merge

            say("Merging the decoders")
            merge(
                raw / "decoder_model.onnx",
                raw / "decoder_with_past_model.onnx",
                save_path=out / "onnx" / "decoder_model_merged.onnx",
                strict=False,
            )
        try:
            load_model_folder(out)
        except ModelInvalid as exc:
            raise ExportError(f"The exported folder is not valid: {exc}", path=src) from exc
        out.rename(dst)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    say(f"Exported to {dst}")
    return dst
