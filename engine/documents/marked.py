"""Text a document marks as written in another language than its own (a French quotation, a
Japanese slogan in an English deck, marked so by its author or the program that made the
file): it is no text to translate. Its runs are set apart as fixed pieces the translator
sees as placeholders, a paragraph of nothing else is no unit, and its language stays."""

from __future__ import annotations

import dataclasses
import functools
from collections import Counter
from collections.abc import Callable
from typing import Any, TypeVar

from engine.documents.base import Unit
from engine.documents.language import NO_LANGUAGE, Kind, foreign, primary_language
from engine.documents.package import Slot, field, fields, numbered
from engine.text.scripts import letters_by_script

_E = TypeVar("_E")

# The scripts Office and OpenDocument name the language of apart (all others: "western").
_ASIAN = frozenset(["CJK", "HANGUL"])
_COMPLEX = frozenset(
    [
        "ARABIC", "HEBREW", "SYRIAC", "THAANA", "DEVANAGARI", "BENGALI", "GURMUKHI", "GUJARATI",
        "ORIYA", "TAMIL", "TELUGU", "KANNADA", "MALAYALAM", "SINHALA", "THAI", "LAO", "TIBETAN",
        "MYANMAR", "KHMER",
    ]
)  # fmt: skip


# (asked once per run of a document: once per code it names)
_primary = functools.cache(primary_language)
_foreign = functools.cache(foreign)


def text_kind(text: str) -> Kind:
    """The kind of script most of ``text``'s letters are in (which of a run's three
    languages it is checked in)."""
    counts = letters_by_script(text)
    if not counts:
        return "western"
    script = max(counts, key=lambda s: (counts[s], s))
    return "asian" if script in _ASIAN else "complex" if script in _COMPLEX else "western"


def _other(declared: str | None, source: str) -> bool:
    """Whether text marked ``declared`` (None: not marked) is in another language than the
    document's ``source`` (its primary language)."""
    return declared is not None and _foreign(declared, source)


def set_apart(
    units: list[Unit],
    targets: list[tuple[str, _E, list[Slot]]],
    marked: Callable[[Slot], str | None],
    default: Callable[[str], str | None],
    *also: list[Any],
) -> set[Any]:
    """Find the document's language, the one most of its text is in (``marked``: the
    language a text slot's run names, None where it names none and the document's
    ``default`` for such a text holds), and set apart the slots marked in another one: each
    becomes a field (kept, seen as a placeholder), and a unit left with no words is dropped,
    with its target and its row of each list in ``also``. Edits the lists in place; returns the
    elements whose text was set apart (their runs keep their language)."""
    said: list[list[str | None]] = []
    votes: Counter[str] = Counter()
    for _name, _element, slots in targets:
        row = []
        for slot in slots:
            language = marked(slot) if slot.element is not None else None
            row.append(language)
            language = language or default(slot.text)
            if slot.element is not None and language and language != NO_LANGUAGE:
                votes[_primary(language)] += len(slot.text.strip())
        said.append(row)
    apart: set[Any] = set()
    if not votes:
        return apart
    source = max(votes, key=lambda code: (votes[code], code))
    for n in reversed(range(len(targets))):
        name, element, slots = targets[n]
        if not any(_other(language, source) for language in said[n]):
            continue
        apart.update(
            s.element
            for s, language in zip(slots, said[n], strict=True)
            if _other(language, source)
        )
        kept = numbered(
            field(slot.text) if _other(language, source) else slot
            for slot, language in zip(slots, said[n], strict=True)
        )
        if not any(s.element is not None and s.text.strip() for s in kept):
            del units[n], targets[n]
            for rows in also:
                del rows[n]
            continue
        runs = tuple(s.text for s in kept)
        units[n] = dataclasses.replace(units[n], text="".join(runs), runs=runs, fields=fields(kept))
        targets[n] = (name, element, kept)
    return apart


__all__ = ["set_apart", "text_kind"]
