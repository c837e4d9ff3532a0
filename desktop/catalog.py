"""What each installed model is good for, in the desktop's terms: the panes it fits and, for
translators, its languages. Built on the worker (it reads tokenizer files).

The rules mirror the engine's task modules (``is_translator``, ``is_summarizer``, ``is_reader``,
``is_classifier``, ``is_nli``, ``is_embedder`` and ``languages``), read from the public
``StoredModel.folder``; they move behind the engine's front door once it exports them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from engine import StoredModel

Task = Literal["translate", "summarize", "ask", "classify"]
TASKS: tuple[Task, ...] = ("translate", "summarize", "ask", "classify")
# How a model serves a task, for the model manager's "Task" column.
Role = Literal[
    "translation",
    "summarization",
    "question answering",
    "classification",
    "zero-shot classification",
    "sentence embeddings",
]

_OPUS = re.compile(r"opus-mt-(?:tc-(?:big|base|tiny|small)-)?([A-Za-z_]+)-([A-Za-z_]+)$")
_T5_TASK = re.compile(r"^translation_([a-z]{2,3})_to_([a-z]{2,3})$")
_CODE_TOKENS = (
    re.compile(r"^__([a-z]{2,3})__$"),  # M2M100
    re.compile(r"^([a-z]{3})_[A-Z][a-z]{3}$"),  # NLLB
    re.compile(r"^([a-z]{2,3})_[A-Z]{2}$"),  # mBART-50
)
_SUMMARY_NAMES = re.compile(
    r"sum|cnn|xsum|samsum|arxiv|pubmed|billsum|bigpatent|gigaword|multi[-_]?news|newsroom|booksum",
    re.IGNORECASE,
)
# The commonest three-letter codes in NLLB-style tokens, as two-letter ones.
_ISO1 = {
    "eng": "en", "deu": "de", "fra": "fr", "spa": "es", "zho": "zh", "jpn": "ja", "kor": "ko",
    "rus": "ru", "por": "pt", "ita": "it", "nld": "nl", "pol": "pl", "tur": "tr", "ukr": "uk",
    "arb": "ar", "ara": "ar", "heb": "he", "hin": "hi", "vie": "vi", "swe": "sv", "ces": "cs",
}  # fmt: skip


@dataclass(frozen=True)
class ModelEntry:
    name: str
    path: Path
    model_type: str
    tasks: frozenset[Task]
    roles: tuple[Role, ...]
    sources: tuple[str, ...] = ()  # translation languages (ISO 639-1 where known)
    targets: tuple[str, ...] = ()
    variants: tuple[str, ...] = ()
    size_bytes: int = 0
    problem: str = ""  # why the folder cannot be used; then tasks is empty

    @property
    def usable(self) -> bool:
        return not self.problem


def describe(models: list[StoredModel]) -> list[ModelEntry]:
    return [_entry(m) for m in models]


def _entry(stored: StoredModel) -> ModelEntry:
    folder = stored.folder
    if folder is None:
        return ModelEntry(
            stored.name, stored.path, "", frozenset(), (), size_bytes=stored.size_bytes,
            problem=stored.problem or "unusable",
        )  # fmt: skip
    config = folder.config
    architectures = folder.architectures
    names = [folder.name, str(config.get("_name_or_path") or "")]
    roles: list[Role] = []
    sources: set[str] = set()
    targets: set[str] = set()
    if folder.is_generative:
        pairs = _pairs(folder.model_type, names, config, folder.path, folder.tokenizer_file)
        if pairs is not None or folder.model_type == "marian":
            roles.append("translation")
            for s, t in pairs or ():
                sources.add(s)
                targets.add(t)
        params = config.get("task_specific_params")
        summarizes = folder.model_type != "marian" and (
            folder.model_type.startswith("pegasus")
            or any(_SUMMARY_NAMES.search(n) for n in names)
            or (
                isinstance(params, dict) and any(str(k).startswith("summarization") for k in params)
            )
        )
        if summarizes:
            roles.append("summarization")
    if any(a.endswith("ForQuestionAnswering") for a in architectures):
        roles.append("question answering")
    if any(a.endswith("ForSequenceClassification") for a in architectures):
        label2id = config.get("label2id") or {}
        nli = any(str(label).lower().startswith("entail") for label in label2id)
        roles.append("zero-shot classification" if nli else "classification")
    if folder.pooling is not None:
        roles.append("sentence embeddings")
    tasks: set[Task] = set()
    for role in roles:
        if role == "translation":
            tasks.add("translate")
        elif role == "summarization":
            tasks.add("summarize")
        elif role == "question answering":
            tasks.add("ask")
        elif role in ("classification", "zero-shot classification"):
            tasks.add("classify")
        else:  # embeddings: extractive summaries and zero-shot labels
            tasks.update(("summarize", "classify"))
    return ModelEntry(
        name=stored.name,
        path=stored.path,
        model_type=folder.model_type,
        tasks=frozenset(tasks),
        roles=tuple(roles),
        sources=tuple(sorted(sources)),
        targets=tuple(sorted(targets)),
        variants=tuple(folder.variants) or ("safetensors",),
        size_bytes=stored.size_bytes,
    )


def _iso(code: str) -> str:
    primary = re.split(r"[-_]", code)[0].lower()
    return _ISO1.get(primary, primary)


def _pairs(
    model_type: str, names: list[str], config: dict[str, Any], root: Path, tokenizer: Path
) -> set[tuple[str, str]] | None:
    """The (source, target) pairs a translator serves; None when none are known."""
    if model_type == "marian":
        for name in names:
            found = _OPUS.search(name.rstrip("/").rsplit("/", 1)[-1])
            if found and all(re.fullmatch(r"[a-z]{2,3}", g) for g in found.groups()):
                return {(_iso(found.group(1)), _iso(found.group(2)))}
        tok_config = _json(root / "tokenizer_config.json")
        src, tgt = tok_config.get("source_lang"), tok_config.get("target_lang")
        if isinstance(src, str) and isinstance(tgt, str) and src and tgt:
            return {(_iso(src), _iso(tgt))}
        return None
    if model_type in ("t5", "mt5"):
        params = config.get("task_specific_params")
        if not isinstance(params, dict):
            return None
        found_pairs = {
            (_iso(m.group(1)), _iso(m.group(2)))
            for key in params
            if (m := _T5_TASK.match(str(key)))
        }
        return found_pairs or None
    if model_type in ("m2m_100", "m2m100", "nllb-moe", "mbart"):
        codes = {_iso(c) for token in _special_tokens(root, tokenizer) if (c := _code(token))}
        if len(codes) < 2:
            return None
        joined = " ".join(names).lower()
        sources = {"en"} if "one-to-many" in joined else codes
        targets = {"en"} if "many-to-one" in joined else codes
        return {(s, t) for s in sources for t in targets if s != t}
    return None


def _code(token: str) -> str | None:
    for pattern in _CODE_TOKENS:
        found = pattern.match(token)
        if found:
            return found.group(1)
    return None


def _special_tokens(root: Path, tokenizer: Path) -> list[str]:
    for name in ("tokenizer_config.json", "special_tokens_map.json"):
        listed = _json(root / name).get("additional_special_tokens")
        if isinstance(listed, list) and listed:
            return [t if isinstance(t, str) else str(t.get("content", "")) for t in listed]
    added = _json(tokenizer).get("added_tokens")
    if isinstance(added, list):
        return [str(t.get("content", "")) for t in added if isinstance(t, dict)]
    return []


def _json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def fitting(entries: list[ModelEntry], task: Task) -> list[ModelEntry]:
    return [e for e in entries if task in e.tasks]
