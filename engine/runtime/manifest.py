"""Parse a model folder once into a validated, typed ``ModelFolder``; resolve every file here.

The contract is the Hugging Face / Optimum / Transformers.js layout: ``config.json``,
``generation_config.json``, ``tokenizer.json``, ONNX files flat (Optimum) or under ``onnx/``
(Transformers.js) with dtype suffixes, and sentence-transformers' pooling files.
"""

from __future__ import annotations

import contextlib
import os
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from engine.errors import ModelInvalid, ModelNotFound, ModelUnsupported
from engine.runtime.jsonfile import read_json, read_json_object, read_optional_object

Variant = Literal["fp32", "fp16", "int8", "q4", "q4f16"]
Role = Literal["model", "encoder", "decoder", "decoder_with_past", "decoder_merged"]

# File stem for each role, as Optimum and Transformers.js write them.
ROLE_STEMS: dict[Role, str] = {
    "model": "model",
    "encoder": "encoder_model",
    "decoder": "decoder_model",
    "decoder_with_past": "decoder_with_past_model",
    "decoder_merged": "decoder_model_merged",
}
# The one table of dtype suffixes: per variant, the file-name suffixes Optimum and
# Transformers.js write, best first. Model folders are read, repo files chosen for a download
# and the catalog pinned by it. ``_quantized`` is Transformers.js' name for its default
# dynamically quantized (int8) graph; ``_q4`` / ``_q4f16`` hold 4-bit weights (MatMulNBits) with
# float32 or float16 activations. Quire's exporters write ``export_suffix(variant)``.
VARIANT_SUFFIXES: dict[Variant, tuple[str, ...]] = {
    "fp32": ("",),
    "fp16": ("_fp16",),
    "int8": ("_quantized", "_int8", "_uint8"),
    "q4": ("_q4",),
    "q4f16": ("_q4f16",),
}
VARIANT_ORDER: tuple[Variant, ...] = tuple(VARIANT_SUFFIXES)


def export_suffix(variant: Variant) -> str:
    """The suffix Quire's exporters write: the variant's own name, as Optimum names them."""
    return "" if variant == "fp32" else f"_{variant}"


SEQ2SEQ_FAMILIES = ("marian", "bart", "mbart", "t5", "m2m100", "pegasus", "mt5")
ENCODER_FAMILIES = (
    "bert",
    "distilbert",
    "roberta",
    "xlm-roberta",
    "deberta",
    "deberta-v2",
    "electra",
    "mpnet",
    "albert",
    "camembert",
)
# Decoder-only language models the causal runtime knows (grouped-query attention, rotary
# positions, a KV cache as past_key_values.N.key/value inputs).
CAUSAL_FAMILIES = (
    "llama",
    "qwen2",
    "qwen3",
    "phi3",
    "gemma",
    "gemma2",
    "mistral",
    "smollm3",
    "olmo",
    "olmo2",
)
# Keys of generation_config.json that may also live in config.json (older checkpoints).
GENERATION_KEYS = (
    "max_length",
    "min_length",
    "max_new_tokens",
    "min_new_tokens",
    "num_beams",
    "length_penalty",
    "early_stopping",
    "no_repeat_ngram_size",
    "repetition_penalty",
    "bad_words_ids",
    "forced_bos_token_id",
    "forced_eos_token_id",
    "decoder_start_token_id",
    "bos_token_id",
    "eos_token_id",
    "pad_token_id",
)


@dataclass(frozen=True)
class Pooling:
    """How token vectors become one sentence vector (sentence-transformers' 1_Pooling)."""

    mode: Literal["mean", "cls", "max"] = "mean"
    normalize: bool = False


@dataclass(frozen=True)
class OnnxSet:
    """The ONNX files of one variant, by role."""

    variant: Variant
    files: dict[Role, Path]

    @property
    def is_seq2seq(self) -> bool:
        return "encoder" in self.files


@dataclass(frozen=True)
class ModelFolder:
    """A parsed model folder. The small optional JSON files (tokenizer_config.json,
    special_tokens_map.json, sentence_bert_config.json) are read once, on first use, so that
    listing models does not parse them and a damaged one fails the model's load, not the list."""

    path: Path
    config: dict[str, Any]
    generation: dict[str, Any]
    tokenizer_file: Path
    onnx: dict[Variant, OnnxSet] = field(default_factory=dict)
    safetensors: tuple[Path, ...] = ()
    pooling: Pooling | None = None

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def model_type(self) -> str:
        return str(self.config.get("model_type", ""))

    @property
    def is_encoder_decoder(self) -> bool:
        return bool(self.config.get("is_encoder_decoder", False))

    @property
    def is_generative(self) -> bool:
        """An encoder-decoder that generates text (not e.g. BartForSequenceClassification)."""
        if not self.is_encoder_decoder:
            return False
        heads = ("ForSequenceClassification", "ForQuestionAnswering", "ForTokenClassification")
        return not any(a.endswith(heads) for a in self.architectures)

    @property
    def is_causal(self) -> bool:
        """A decoder-only language model (``…ForCausalLM``), not a classifier built on one."""
        if self.is_encoder_decoder:
            return False
        if any(a.endswith("ForCausalLM") for a in self.architectures):
            return True
        return not self.architectures and self.model_type in CAUSAL_FAMILIES

    @property
    def architectures(self) -> tuple[str, ...]:
        return tuple(self.config.get("architectures") or ())

    @property
    def variants(self) -> tuple[Variant, ...]:
        return tuple(v for v in VARIANT_ORDER if v in self.onnx)

    @cached_property
    def tokenizer_config(self) -> dict[str, Any]:
        """tokenizer_config.json ({} when absent). Raises ``ModelInvalid`` naming the file."""
        return read_optional_object(self.path / "tokenizer_config.json")

    @cached_property
    def special_tokens_map(self) -> dict[str, Any]:
        """special_tokens_map.json ({} when absent). Raises ``ModelInvalid`` naming the file."""
        return read_optional_object(self.path / "special_tokens_map.json")

    @cached_property
    def sentence_bert_config(self) -> dict[str, Any]:
        """sentence-transformers' sentence_bert_config.json ({} when absent)."""
        return read_optional_object(self.path / "sentence_bert_config.json")

    def onnx_file(self, role: Role, variant: Variant) -> Path:
        """The one place a model file's path is resolved."""
        try:
            return self.onnx[variant].files[role]
        except KeyError:
            raise ModelInvalid(
                f"The model has no {variant} {ROLE_STEMS[role]}.onnx", path=self.path
            ) from None


def _read_json(path: Path) -> dict[str, Any]:
    return read_json_object(path)


def _find_onnx(root: Path) -> dict[Variant, OnnxSet]:
    found: dict[Variant, dict[Role, Path]] = {}
    for folder in (root / "onnx", root):
        if not folder.is_dir():
            continue
        for role, stem in ROLE_STEMS.items():
            for variant, suffixes in VARIANT_SUFFIXES.items():
                for suffix in suffixes:
                    candidate = folder / f"{stem}{suffix}.onnx"
                    if candidate.is_file():
                        found.setdefault(variant, {}).setdefault(role, candidate)
    sets: dict[Variant, OnnxSet] = {}
    for variant, files in found.items():
        if "encoder" in files or any(r.startswith("decoder") for r in files):
            if "encoder" not in files:
                raise ModelInvalid(
                    f"The {variant} ONNX files have a decoder but no encoder_model.onnx",
                    path=root,
                    message_id="model.onnx_incomplete",
                    params={"variant": variant, "missing": "encoder_model.onnx"},
                )
            has_decoder = "decoder_merged" in files or "decoder" in files
            if not has_decoder:
                raise ModelInvalid(
                    f"The {variant} ONNX files have an encoder but no decoder_model.onnx or "
                    "decoder_model_merged.onnx",
                    path=root,
                    message_id="model.onnx_incomplete",
                    params={"variant": variant, "missing": "decoder_model.onnx"},
                )
        sets[variant] = OnnxSet(variant=variant, files=files)
    return sets


def inside(root: Path, name: str, source: Path, *, base: Path | None = None) -> Path | None:
    """``name``, a path a file of the model folder ``root`` gives (``source``), resolved from
    ``base`` (``root`` unless given): None where it leads outside the folder; ``ModelInvalid``
    naming ``source`` where it is no file name at all (a NUL byte in it, which the operating
    system refuses)."""
    if "\x00" in name:
        raise ModelInvalid(
            f"{source.name} names a file with a NUL character in it ({name!r}), which no file "
            "name holds",
            path=source,
            hint="The model folder may be tampered with; download it again from its source",
        )
    if Path(name).is_absolute():
        return None
    # Resolved as the operating system will open it: "lnk/../x" follows the link first, so
    # the name's ".." is never taken away by its spelling.
    target = ((base or root) / name).resolve()
    if target.is_relative_to(root.resolve()):
        return target
    # A Hugging Face cache snapshot's files are links into its repository's blobs: a name
    # that stays in the snapshot as written, through no linked folder, may lead there (an
    # LLM's model.onnx_data).
    blobs = hf_blobs(root)
    if blobs is None or not target.is_relative_to(blobs):
        return None
    top = Path(os.path.normpath(root.absolute()))
    if not Path(os.path.normpath(((base or root) / name).absolute())).is_relative_to(top):
        return None
    here = base or root
    for part in Path(name).parts[:-1]:
        here = here / part
        if part != ".." and here.is_symlink():
            return None
    return target


HF_REPO_PREFIX = "models--"  # a repository's folder in the Hugging Face cache: models--Org--name


def hf_blobs(root: Path) -> Path | None:
    """The blobs folder of a Hugging Face cache snapshot ``root``
    (``models--Org--name/snapshots/REV``), where its links lead; None for another folder."""
    resolved = root.resolve()
    repo = resolved.parent.parent
    if resolved.parent.name != "snapshots" or not repo.name.startswith(HF_REPO_PREFIX):
        return None
    return repo / "blobs"


def _find_pooling(root: Path) -> Pooling | None:
    modules = root / "modules.json"
    if not modules.is_file():
        return None
    entries = read_json(modules)
    if not isinstance(entries, list):
        raise ModelInvalid("modules.json must hold a list", path=modules)
    pooling = Pooling(mode="mean", normalize=False)
    saw_pooling = False
    for entry in entries:
        kind = str(entry.get("type", "")) if isinstance(entry, dict) else ""
        if kind.endswith("Pooling"):
            saw_pooling = True
            folder = inside(root, str(entry.get("path", "")), modules)
            if folder is None:
                raise ModelInvalid("modules.json points outside the model folder", path=modules)
            cfg = _read_json(folder / "config.json")
            if cfg.get("pooling_mode_cls_token"):
                mode: Literal["mean", "cls", "max"] = "cls"
            elif cfg.get("pooling_mode_max_tokens"):
                mode = "max"
            elif cfg.get("pooling_mode_mean_tokens", True):
                mode = "mean"
            else:
                raise ModelUnsupported(
                    "Only mean, CLS and max pooling are supported", path=folder / "config.json"
                )
            pooling = Pooling(mode=mode, normalize=pooling.normalize)
        elif kind.endswith("Normalize"):
            pooling = Pooling(mode=pooling.mode, normalize=True)
    return pooling if saw_pooling else None


def check_links(root: Path) -> None:
    """Refuse a file of an installed model that is a link to something outside its folder
    (the model would read a file it does not hold): the store holds files, never links out.
    (A folder the user names is theirs to lay out: this is for the store's own folders.)"""
    top = root.resolve()
    for file in root.rglob("*"):
        if not file.is_symlink():
            continue
        try:
            inside = Path(os.path.realpath(file)).is_relative_to(top)
        except (OSError, RuntimeError, ValueError):  # a loop, say
            inside = False
        if not inside:
            raise ModelInvalid(
                "A file of the model is a link to something outside its folder",
                path=file,
                hint="Install the model again (quire models remove, then import or download it)",
                message_id="model.link_outside",
                params={"file": file.name},
            )


def _as_list(value: Any) -> list[Any]:
    """``value`` when it is a list, else a one-item list (None: an empty one)."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


LFS_POINTER = b"version https://git-lfs.github.com/spec/"
LFS_POINTER_MAX = 1024  # bytes: Git LFS's pointer files are smaller (about 130)


# What Quire never reads of a model folder: a pointer there (pytorch_model.bin, tf_model.h5,
# left out by `git lfs pull --include "onnx/*"`) is a file never opened, not a broken model.
# Anything else may be read: an ONNX graph's weights may have any name (onnx__MatMul_332).
NEVER_READ = re.compile(
    r"(pytorch_model.*\.bin|training_args\.bin|.*\.(h5|msgpack|ot|pt|pth|ckpt|pkl|pickle|"
    r"joblib|gguf|tflite|md|png|jpg|gif|svg))",
    re.IGNORECASE,
)


def lfs_pointers(root: Path) -> list[Path]:
    """The files in ``root`` that Quire reads and that are Git LFS pointers, not the files
    they stand for: a model repository cloned without Git LFS (its weights, often its
    tokenizer.json)."""
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d != ".git"]
        for name in filenames:
            if NEVER_READ.fullmatch(name):
                continue
            path = Path(dirpath, name)
            with contextlib.suppress(OSError):
                if path.stat().st_size <= LFS_POINTER_MAX:
                    with path.open("rb") as fh:
                        if fh.read(len(LFS_POINTER)) == LFS_POINTER:
                            found.append(path)
    return sorted(found)


def refuse_lfs_pointers(root: Path) -> None:
    """Say, before anything reads them as weights, that a folder's files are pointers."""
    pointers = lfs_pointers(root)
    if pointers:
        raise ModelInvalid(
            f"{len(pointers)} file(s) of the model folder are Git LFS pointers, not the files "
            f"themselves (the repository was cloned without Git LFS), {pointers[0].name} first",
            path=pointers[0],
            hint=f"In {root}, run `git lfs install` and `git lfs pull`, then try again",
            message_id="model.lfs_pointers",
            params={"file": pointers[0].name, "count": len(pointers), "folder": str(root)},
        )


def no_fast_tokenizer(root: Path) -> str | None:
    """The way forward for a Marian folder as Helsinki-NLP publishes it (source.spm and
    target.spm, no tokenizer.json): transformers has no fast tokenizer for Marian, so no
    export or save_pretrained ever writes one. None for another folder."""
    if not (root / "source.spm").is_file():
        return None
    return (
        "Helsinki-NLP's opus-mt folders have no tokenizer.json, and transformers cannot "
        "make one for them: install the Transformers.js conversion of the same model "
        "(`quire models search opus-mt`, then `quire models download NAME`; on the hub, "
        "Xenova/opus-mt-…)"
    )


def load_model_folder(path: Path | str) -> ModelFolder:
    """Parse and validate a model folder. Raises ``ModelNotFound`` / ``ModelInvalid``."""
    root = Path(path).expanduser()
    if not root.is_dir():
        raise ModelNotFound("No model folder here", path=root)
    refuse_lfs_pointers(root)
    config = _read_json(root / "config.json")
    if "model_type" not in config:
        raise ModelInvalid(
            "config.json has no model_type",
            path=root / "config.json",
            message_id="model.no_model_type",
        )
    # Read as names everywhere (a model folder's config is untrusted input): anything else
    # failed later, outside the errors every listing of the store expects.
    if not isinstance(config["model_type"], str) or not all(
        isinstance(name, str) for name in _as_list(config.get("architectures"))
    ):
        raise ModelInvalid(
            "config.json's model_type or architectures are not names",
            path=root / "config.json",
            hint="Export the model again; a config.json from transformers names them as text",
            message_id="model.config_not_names",
        )
    tokenizer_file = root / "tokenizer.json"
    if not tokenizer_file.is_file():
        raise ModelInvalid(
            "Missing tokenizer.json",
            path=tokenizer_file,
            hint=no_fast_tokenizer(root)
            or "Export the model with `quire models export`, which writes it",
            message_id="model.missing_file",
            params={"file": "tokenizer.json"},
        )
    gen_file = root / "generation_config.json"
    if gen_file.is_file():
        generation = _read_json(gen_file)  # as in transformers: config.json's keys are ignored
    else:
        generation = {k: config[k] for k in GENERATION_KEYS if k in config}
    onnx = _find_onnx(root)
    safetensors = tuple(sorted(root.glob("*.safetensors")))
    if not onnx and not safetensors:
        raise ModelInvalid(
            "The folder holds neither ONNX files nor safetensors weights",
            path=root,
            hint="Quire never loads pickled weights (pytorch_model.bin)",
            message_id="model.no_weights",
        )
    folder = ModelFolder(
        path=root,
        config=config,
        generation=generation,
        tokenizer_file=tokenizer_file,
        onnx=onnx,
        safetensors=safetensors,
        pooling=_find_pooling(root),
    )
    if folder.is_generative and any(not s.is_seq2seq for s in onnx.values()):
        raise ModelInvalid(
            "config.json describes a text generator but the ONNX files are a single model.onnx",
            path=root,
            hint="Export it again with `quire models export`",
            message_id="model.generator_single_onnx",
        )
    if folder.is_generative:
        # A generation_config.json that asks for what cannot be (num_beams 0, a pad token of
        # -1) is refused here, at import, not at the first translation.
        # (Special tokens left out are the tokenizer's and the task's business: not here.)
        from engine.runtime.generate import model_settings

        try:
            model_settings(
                folder.generation, folder.config, gen_file if gen_file.is_file() else None
            )
        except ModelInvalid as exc:
            if exc.message_id != "generation.no_special_tokens":
                raise
    return folder
