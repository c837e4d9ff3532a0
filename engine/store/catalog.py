"""The curated catalog (``resources/catalog.json``): typed entries, search, and the one rule for
which repo files make up a variant (shared by downloads of catalog entries and of bare repo ids).

Transformers.js repos keep ONNX files under ``onnx/`` with dtype suffixes; Quire's manifest
accepts them as they are (one table, ``engine.runtime.manifest.VARIANT_SUFFIXES``), so files are
stored under their repo paths.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast

from engine.errors import Param, StoreError
from engine.resources import resource_path
from engine.runtime.manifest import ROLE_STEMS, VARIANT_ORDER, VARIANT_SUFFIXES, Variant

# "generate": a decoder-only instruction model, which serves every task.
CatalogTask = Literal["translate", "summarize", "ask", "zero-shot", "classify", "embed", "generate"]
CATALOG_TASKS: tuple[CatalogTask, ...] = (
    "translate",
    "summarize",
    "ask",
    "zero-shot",
    "classify",
    "embed",
    "generate",
)
VARIANTS: tuple[Variant, ...] = VARIANT_ORDER
# Generating tasks run an encoder and a decoder; the others one ``model`` graph.
SEQ2SEQ_TASKS: frozenset[CatalogTask] = frozenset({"translate", "summarize"})
# Files besides the ONNX graphs that a model folder may need. Never code, never pickles.
SHARED_FILES = (
    "config.json",
    "generation_config.json",
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "chat_template.jinja",
    "modules.json",
    "sentence_bert_config.json",
    "1_Pooling/config.json",
)
_REVISION = re.compile(r"^[0-9a-f]{40}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
# ONNX external data beside a graph: ``model.onnx_data``, ``model.onnx_data_1``, ...
_EXTERNAL_DATA = re.compile(r"_data(_[0-9]+)?")
# A revision of forty zeros marks an entry not yet pinned by tools/refresh_catalog.py: the
# download then resolves "main" and records the commit it got.
UNPINNED = "0" * 40


@dataclass(frozen=True)
class CatalogFile:
    """One file of a repo: its path there, its size and, when known, its sha256.

    ``exact`` is False for a size read off the hub's web pages (rounded, "56.7 MB") or
    estimated: good for memory fit and progress, never for checking a download, which
    always goes by the size and hash the hub's own headers give for the file.
    """

    path: str
    size: int
    sha256: str | None = None
    exact: bool = True


@dataclass(frozen=True)
class CatalogEntry:
    name: str
    repo: str
    revision: str
    task: CatalogTask
    languages: tuple[str, ...]
    pairs: tuple[tuple[str, str], ...]  # translate: directions; () = any two of ``languages``
    license: str
    description: str
    shared: tuple[CatalogFile, ...]
    variants: Mapping[Variant, tuple[CatalogFile, ...]]
    # Small JSON files Quire writes when the repo lacks them (sentence-transformers pooling).
    generated: Mapping[str, Any] = field(default_factory=dict)
    # Decoder-only models: config.json's shape keys (num_hidden_layers, num_attention_heads,
    # num_key_value_heads, head_dim / hidden_size, vocab_size, max_position_embeddings), so
    # the fit counts the KV cache before the model is downloaded.
    kv_cache: Mapping[str, Any] = field(default_factory=dict)

    def files(self, variant: Variant) -> tuple[CatalogFile, ...]:
        return self.shared + tuple(self.variants.get(variant, ()))

    def size(self, variant: Variant) -> int:
        return sum(f.size for f in self.files(variant))

    def weights_size(self, variant: Variant) -> int:
        return sum(f.size for f in self.variants.get(variant, ()))

    @property
    def pinned(self) -> bool:
        return self.revision != UNPINNED

    def matches(self, text: str) -> bool:
        words = text.lower().split()
        hay = " ".join(
            [
                self.name,
                self.repo,
                self.description,
                self.task,
                *self.languages,
                *(f"{s}-{t}" for s, t in self.pairs),
            ]
        ).lower()
        return all(w in hay or self._translates_pair(w) for w in words)

    def _translates_pair(self, word: str) -> bool:
        """``ja-en`` names a multilingual model that has both languages too (its ``pairs``
        are empty: any two of its languages)."""
        source, _, target = word.partition("-")
        return (
            self.task == "translate"
            and not self.pairs
            and source in self.languages
            and target in self.languages
            and source != target
        )


def safe_repo_path(path: str) -> bool:
    """A repo file path that stays inside the model folder once written there: relative, with
    forward slashes, no '.', '..' or empty parts, and no backslash, ':' or NUL."""
    parts = path.split("/")
    return not any(p in ("", ".", "..") for p in parts) and not any(c in path for c in "\\:\0")


def _bad(name: str, message: str) -> StoreError:
    """A malformed catalog entry: the app names the entry (or the catalog, for one unnamed)."""
    if not name:
        return StoreError(message, message_id="catalog.malformed")
    return StoreError(message, message_id="catalog.bad_entry", params={"entry": name})


def _file(raw: Any, where: str) -> CatalogFile:
    name = where  # (parse_entry checked the entry has a name)
    if not isinstance(raw, dict) or not isinstance(raw.get("path"), str):
        raise _bad(name, f"catalog: {where} needs a file object with a path")
    if not safe_repo_path(raw["path"]):
        raise _bad(name, f"catalog: {where}: {raw['path']!r} is not a plain relative file path")
    size = raw.get("size")
    sha = raw.get("sha256")
    if not isinstance(size, int) or size <= 0:
        raise _bad(name, f"catalog: {where}: {raw['path']} needs a positive size")
    if sha is not None and not (isinstance(sha, str) and _SHA256.match(sha)):
        raise _bad(name, f"catalog: {where}: {raw['path']} has a malformed sha256")
    exact = raw.get("size_exact", True)
    if not isinstance(exact, bool):
        raise _bad(name, f"catalog: {where}: {raw['path']}: size_exact must be true or false")
    return CatalogFile(path=raw["path"], size=size, sha256=sha, exact=exact)


def parse_entry(raw: Any) -> CatalogEntry:
    """One catalog entry, checked for the fields and shapes the store relies on."""
    if not isinstance(raw, dict):
        raise _bad("", "catalog: every entry must be an object")
    name = str(raw.get("name", ""))
    where = name or "an entry"
    for key in ("name", "repo", "revision", "task", "license", "description"):
        if not isinstance(raw.get(key), str) or not raw[key]:
            raise _bad(name, f"catalog: {where} needs a non-empty {key!r}")
    if raw["task"] not in CATALOG_TASKS:
        raise _bad(name, f"catalog: {where} has an unknown task {raw['task']!r}")
    if not _REVISION.match(raw["revision"]):
        raise _bad(name, f"catalog: {where}: revision must be a 40-hex commit id")
    variants: dict[Variant, tuple[CatalogFile, ...]] = {}
    for variant, files in dict(raw.get("variants") or {}).items():
        if variant not in VARIANTS:
            raise _bad(name, f"catalog: {where} has an unknown variant {variant!r}")
        variants[cast(Variant, variant)] = tuple(_file(f, where) for f in files)
    pairs = tuple((str(p[0]), str(p[1])) for p in raw.get("pairs") or ())
    generated = dict(raw.get("generated") or {})
    for path in generated:
        if not safe_repo_path(path):
            raise _bad(name, f"catalog: {where}: generated {path!r} is not a plain relative path")
    return CatalogEntry(
        name=name,
        repo=raw["repo"],
        revision=raw["revision"],
        task=cast(CatalogTask, raw["task"]),
        languages=tuple(str(x) for x in raw.get("languages") or ()),
        pairs=pairs,
        license=raw["license"],
        description=raw["description"],
        shared=tuple(_file(f, where) for f in raw.get("shared") or ()),
        variants=variants,
        generated=generated,
        kv_cache=dict(raw.get("kv_cache") or {}),
    )


def load_catalog(path: Path | None = None) -> tuple[CatalogEntry, ...]:
    """The catalog's entries (the shipped one unless ``path`` is given). Reads a local file."""
    path = path or resource_path("catalog.json")
    return _load(path, path.stat().st_mtime_ns if path.is_file() else 0)


def _catalog_error(
    message: str, path: Path, message_id: str, params: Mapping[str, Param] | None = None
) -> StoreError:
    """A catalog that cannot be read, saying whether it is the shipped one (``shipped`` 1:
    reinstall Quire) or a site's own given with --catalog (0: correct that file)."""
    shipped = path == resource_path("catalog.json")
    return StoreError(
        message,
        path=path,
        hint="Reinstall Quire"
        if shipped
        else "Correct that file, or leave out --catalog to use the shipped catalog",
        message_id=message_id,
        params={**(params or {}), "shipped": int(shipped)},
    )


@functools.lru_cache(maxsize=4)
def _load(path: Path, _stamp: int) -> tuple[CatalogEntry, ...]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise _catalog_error("The model catalog is missing", path, "catalog.missing") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _catalog_error(
            f"The model catalog is not valid JSON: {exc}", path, "catalog.not_json"
        ) from exc
    except RecursionError:
        raise _catalog_error(
            "The model catalog nests too deeply to be a catalog", path, "catalog.malformed"
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("models"), list):
        raise _catalog_error(
            "The model catalog must hold an object with a models list", path, "catalog.malformed"
        )
    try:
        return tuple(parse_entry(raw) for raw in data["models"])
    except StoreError as exc:
        raise _catalog_error(
            exc.message, path, exc.message_id or "catalog.malformed", exc.params
        ) from None


def find_entry(name: str, entries: Iterable[CatalogEntry] | None = None) -> CatalogEntry | None:
    """The catalog entry called ``name`` or for repo ``name`` (case-insensitive)."""
    key = name.lower()
    for entry in load_catalog() if entries is None else entries:
        if entry.name.lower() == key or entry.repo.lower() == key:
            return entry
    return None


def translator_for(
    source: str, target: str, entries: Iterable[CatalogEntry] | None = None
) -> CatalogEntry | None:
    """The catalog's model to suggest for ``source``→``target`` (ISO codes): one made for
    that pair, else the smallest multilingual one that has both languages; None when none."""
    translators = [
        e for e in (load_catalog() if entries is None else entries) if e.task == "translate"
    ]
    made = [e for e in translators if (source, target) in e.pairs]
    if made:
        return made[0]
    both = [e for e in translators if e._translates_pair(f"{source}-{target}")]
    return min(both, key=lambda e: min(e.size(v) for v in e.variants), default=None)


def search(
    text: str = "", task: CatalogTask | None = None, path: Path | None = None
) -> list[CatalogEntry]:
    """Entries matching every word of ``text`` (and ``task``), from ``path`` or the shipped
    catalog."""
    entries = load_catalog(path)
    return [e for e in entries if (task is None or e.task == task) and e.matches(text or "")]


# ----------------------------------------------------------------------------- file selection


def required_roles(seq2seq: bool) -> tuple[tuple[str, ...], ...]:
    """Alternative sets of ONNX roles (stems) that make a runnable variant, best first."""
    if seq2seq:
        return (
            (ROLE_STEMS["encoder"], ROLE_STEMS["decoder_merged"]),
            (ROLE_STEMS["encoder"], ROLE_STEMS["decoder"], ROLE_STEMS["decoder_with_past"]),
        )
    return ((ROLE_STEMS["model"],),)


def select_variant_files(paths: Iterable[str], variant: Variant, seq2seq: bool) -> list[str]:
    """The repo paths of ``variant``'s ONNX graphs (one runnable set, the smallest layout), or
    [] when the repo has no complete set. External-data files (``<graph>.onnx_data``) that sit
    beside a chosen graph come along."""
    have = set(paths)
    for roles in required_roles(seq2seq):
        for folder in ("onnx/", ""):
            for suffix in VARIANT_SUFFIXES[variant]:
                chosen = [f"{folder}{stem}{suffix}.onnx" for stem in roles]
                if all(c in have for c in chosen):
                    extra = sorted(
                        p
                        for c in chosen
                        for p in have
                        if p.startswith(c) and _EXTERNAL_DATA.fullmatch(p[len(c) :])
                    )
                    return chosen + extra
    return []


def select_shared_files(paths: Iterable[str]) -> list[str]:
    have = set(paths)
    return [p for p in SHARED_FILES if p in have]


__all__ = [
    "CATALOG_TASKS",
    "UNPINNED",
    "VARIANTS",
    "CatalogEntry",
    "CatalogFile",
    "CatalogTask",
    "find_entry",
    "load_catalog",
    "parse_entry",
    "search",
    "select_shared_files",
    "select_variant_files",
]
