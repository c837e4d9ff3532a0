"""A translator's translation memory (TMX) read for one language pair, so that a sentence the
memory holds a translation for is written in the memory's words and never sent to a model.

Matching is exact: the memory's source text and the document's sentence (or its whole
paragraph) are compared with runs of whitespace collapsed and their ends stripped; case and
punctuation must be the same.

Languages: the source side takes every tag of the job's source language (a country alone
makes no other language: ``en-US`` and ``en`` serve ``en``; a script does: ``zh-Hans`` does not
serve ``zh-Hant``), since a tag does not change what text matches. The target side takes one
variant a job, so one job never mixes variants: the tag that is the job's exactly (``de-CH``
for a job into ``de-CH``), else the variant the memory holds most units in (a job into ``de``
from a memory of de-DE and a few de-CH units takes de-DE's); a bare tag (``de``), which names
no other variant, goes with whichever is chosen. The units in another variant of the target
language are left out, and the job says how many (``left_out``).

Several translations of one source: the most recent wins, by its ``tuv``'s ``changedate``
else ``creationdate``, else its ``tu``'s; a dated one wins over an undated one; among equals,
the last in the file.

Inline codes: a ``seg`` whose codes are paired formatting only (``bpt``/``ept``, and ``hi``
around text) is matched by its text, and its translation is written without the codes (the
document's sentence that matched it carries no markup there, so the translation has none);
a ``seg`` with a standalone code (``ph``, ``it``, ``ut``: a tab, a field, a picture) is not
used, since its text alone lacks what the code stands for. A code's own text (``{\\b}``,
``<b>``) never reaches a document.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from lxml import etree

from engine.documents.language import same_language
from engine.documents.limits import MAX_DOCUMENT_BYTES
from engine.documents.package import local
from engine.documents.tmx import tmx_root
from engine.errors import InputError
from engine.fileio import read_bytes

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_FORMATTING = frozenset(["bpt", "ept"])  # paired codes: formatting, dropped with their text
_STANDALONE = frozenset(["ph", "it", "ut", "sub"])  # they stand for content: the unit is unused
_GLOSSARY_SUFFIXES = frozenset([".tsv", ".csv", ".txt", ".tab", ".tbx"])
_SHOWN_PAIRS = 6


def normalized(text: str) -> str:
    """The form a memory's source and a sentence are compared in: whitespace runs collapsed
    to one space, the ends stripped."""
    return " ".join(text.split())


@dataclass(frozen=True)
class _Variant:
    language: str  # the tag as the file writes it, cleaned (``en-us``)
    text: str | None  # None: a standalone inline code (unused)
    date: str  # TMX's ``YYYYMMDDThhmmssZ``, which sorts as text; "" when none


@dataclass(frozen=True)
class _Unit:
    source: str  # the tu's srclang, else the header's ("" or *all*: any)
    variants: tuple[_Variant, ...]


@dataclass(frozen=True)
class _File:
    units: tuple[_Unit, ...]
    tags: Counter[str]  # units per language tag


@dataclass(frozen=True)
class Memory:
    """The memory's translations for one pair, by normalized source text."""

    path: Path
    source: str  # the tags used, as the file writes them (cleaned), comma-separated
    target: str  # the target variant chosen (a bare tag beside it is used too)
    entries: dict[str, str] = field(default_factory=dict)
    coded: int = 0  # units left unused for their standalone inline codes
    # Units in another variant of the target language, left out: (tag, units), most first
    left_out: tuple[tuple[str, int], ...] = ()

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, text: str) -> str | None:
        return self.entries.get(normalized(text))


def load_memory(path: Path, *, source: str, target: str) -> Memory:
    """The memory at ``path`` for ``source``→``target`` (ISO codes or tags as a job names
    them). Read once for as long as the file is unchanged (a document's batches each ask).
    Raises ``InputError`` for a file that is missing (``memory.missing``), unreadable, no
    TMX, empty, or holds no unit for the pair (saying which pairs it holds)."""
    path = Path(path)
    try:
        found = path.stat()
    except OSError:
        found = None
    if found is None and not path.exists() and not path.is_symlink():
        # (chosen in the app and moved or deleted since, or on a drive not plugged in)
        raise InputError(
            f"The translation memory {path.name} is not there any more",
            path=path,
            hint="Give the memory's new place with --memory, or translate without --memory",
            message_id="memory.missing",
            params={"path": str(path), "name": path.name},
        )
    if found is None:
        read_bytes(path, limit=MAX_DOCUMENT_BYTES)  # (raises, saying why)
        raise AssertionError("unreachable")
    key = (str(path.resolve()), found.st_mtime_ns, found.st_size)
    return _for_pair(key, path, source, target)


@lru_cache(maxsize=8)
def _for_pair(key: tuple[str, int, int], path: Path, source: str, target: str) -> Memory:
    memory = _read(key, path)
    target_tag = _tag_for(memory.tags, target)
    targets = _with_bare(memory.tags, target_tag)
    sources = {t for t in memory.tags if same_language(t, source) and t not in targets}
    variants = {t for t in memory.tags if same_language(t, target)} - targets - sources
    best: dict[str, tuple[str, int, str]] = {}
    coded = 0
    others: Counter[str] = Counter()
    if sources and targets:
        for order, unit in enumerate(memory.units):
            from_side = next((v for v in unit.variants if v.language in sources), None)
            if from_side is None:
                continue
            used = False
            for variant in unit.variants:
                if variant.language not in targets:
                    continue
                used = True
                if from_side.text is None or variant.text is None:
                    coded += 1
                    continue
                text, wanted = normalized(from_side.text), variant.text.strip()
                if not text or not wanted:
                    continue
                rank = (variant.date, order)
                held = best.get(text)
                if held is None or rank >= held[:2]:
                    best[text] = (variant.date, order, wanted)
            if not used:
                for language in {v.language for v in unit.variants}:
                    if language in variants:
                        others[language] += 1
    entries = {text: wanted for text, (_, _, wanted) in best.items()}
    if not entries and coded:
        raise InputError(
            f"Each of this memory's {coded} units for {source}→{target} holds an inline code "
            "that stands for something its text lacks (a tab, a field, a picture): none can "
            "be used",
            path=path,
            hint="Export the memory with its inline codes as plain text, or translate without "
            "--memory",
            message_id="memory.codes_only",
            params={"count": coded, "source": source, "target": target},
        )
    if not entries:
        raise _other_pair(path, memory, source, target)
    return Memory(
        path,
        ", ".join(sorted(sources)),
        _shown(target_tag or ""),
        entries,
        coded,
        tuple((_shown(t), n) for t, n in sorted(others.items(), key=lambda kv: (-kv[1], kv[0]))),
    )


def _shown(tag: str) -> str:
    """A cleaned tag as BCP 47 writes it: ``de-AT``, ``zh-Hant-TW``."""
    parts = tag.split("-")
    return "-".join(
        [parts[0]]
        + [p.upper() if len(p) == 2 else p.title() if len(p) == 4 else p for p in parts[1:]]
    )


def _tag_for(tags: Counter[str], language: str) -> str | None:
    """The memory's variant for the job's target ``language``: the same tag where it names a
    variant, else the most used tag of the same language that names one, else a bare tag
    (see the module's docstring)."""
    wanted = language.strip().replace("_", "-").lower()
    if wanted in tags and "-" in wanted:
        return wanted
    same = [tag for tag in tags if same_language(tag, wanted)]
    if not same:
        return None
    return max(same, key=lambda tag: ("-" in tag, tag == wanted, tags[tag], tag))


def _with_bare(tags: Counter[str], chosen: str | None) -> set[str]:
    """``chosen`` and the bare tags of its language (``de`` beside ``de-DE``): a bare tag names
    no other variant."""
    if chosen is None:
        return set()
    return {chosen} | {t for t in tags if "-" not in t and same_language(t, chosen)}


@lru_cache(maxsize=4)
def _read(key: tuple[str, int, int], path: Path) -> _File:
    del key  # (the cache's: the file as it was when read)
    if path.suffix.lower() in _GLOSSARY_SUFFIXES:
        raise _glossary(path)
    data = read_bytes(path, limit=MAX_DOCUMENT_BYTES)
    root = tmx_root(data, path)
    header = next((c for c in root if local(c) == "header"), None)
    header_source = _clean(header.get("srclang") if header is not None else "")
    units: list[_Unit] = []
    tags: Counter[str] = Counter()
    # (tags compared as strings, not through lxml's wildcard search: a 25,000-unit memory
    # took seconds that way)
    for tu in root.iter("{*}tu"):
        tu_date = tu.get("changedate") or tu.get("creationdate") or ""
        variants: list[_Variant] = []
        for tuv in tu:
            tag = tuv.tag
            if not isinstance(tag, str) or not (tag == "tuv" or tag.endswith("}tuv")):
                continue
            language = _clean(tuv.get(_XML_LANG) or tuv.get("lang"))
            seg = next((c for c in tuv if c.tag == "seg" or str(c.tag).endswith("}seg")), None)
            if not language or seg is None:
                continue
            date = tuv.get("changedate") or tuv.get("creationdate") or tu_date
            text = (seg.text or "") if not len(seg) else _plain(seg)
            variants.append(_Variant(language, text, date.strip()))
        if any(v.text is None or v.text.strip() for v in variants):
            units.append(_Unit(_clean(tu.get("srclang")) or header_source, tuple(variants)))
            for language in {v.language for v in variants}:
                tags[language] += 1
    if not units:
        raise InputError(
            "This translation memory holds no translation units",
            path=path,
            hint="Export the memory again from your CAT tool, with its translation units",
            message_id="memory.empty",
        )
    return _File(tuple(units), tags)


@lru_cache(maxsize=1024)
def _clean(tag: str | None) -> str:
    return (tag or "").strip().replace("_", "-").lower()


def _plain(seg: etree._Element) -> str | None:
    """A ``seg``'s text without its paired formatting codes; None where it holds a
    standalone code (see the module's docstring)."""
    parts = [seg.text or ""]
    for child in seg:
        name = local(child)
        if name in _STANDALONE:
            return None
        if name == "hi":
            inner = _plain(child)
            if inner is None:
                return None
            parts.append(inner)
        elif name not in _FORMATTING and name:  # (an unknown element: not trusted)
            return None
        parts.append(child.tail or "")
    return "".join(parts)


def _pairs(memory: _File) -> list[str]:
    """The pairs the memory holds, as "en→fr", the most units first."""
    counted: Counter[tuple[str, str]] = Counter()
    for unit in memory.units:
        languages = [v.language for v in unit.variants if v.text is None or v.text]
        first = unit.source if unit.source in languages else (languages[0] if languages else "")
        for language in dict.fromkeys(languages):
            if language != first:
                counted[(first, language)] += 1
    return [f"{s}→{t}" for (s, t), _ in counted.most_common()]


def _other_pair(path: Path, memory: _File, source: str, target: str) -> InputError:
    pairs = _pairs(memory)
    shown = pairs[:_SHOWN_PAIRS]
    listing = " and ".join([", ".join(shown[:-1]), shown[-1]] if len(shown) > 1 else shown)
    if len(pairs) > _SHOWN_PAIRS:
        listing += f" and {len(pairs) - _SHOWN_PAIRS} more"
    held = listing or ", ".join(sorted(memory.tags))
    return InputError(
        f"{path.name} holds {held}, not {source}→{target}",
        path=path,
        hint=f"Give a translation memory for {source}→{target}, or translate without --memory",
        message_id="memory.other_pair",
        # (for the app: the pairs as codes alone, "en→fr, en→de", and how many more; no
        # English "and" for a Chinese sentence to carry)
        params={
            "pairs": ", ".join(shown) or ", ".join(sorted(memory.tags)),
            "more": max(0, len(pairs) - _SHOWN_PAIRS),
            "source": source,
            "target": target,
        },
    )


def _glossary(path: Path) -> InputError:
    return InputError(
        "This is a glossary, not a translation memory (TMX)",
        path=path,
        hint="Give it with --glossary; --memory takes a .tmx file exported from a CAT tool",
        message_id="memory.glossary",
    )


__all__ = ["Memory", "load_memory", "normalized"]
