"""Text a document marks as written in another language than its own, and is written in (a
French quotation, a Japanese slogan in an English deck, marked so by its author or the
program that made the file): it is no text to translate. Its runs are set apart as fixed
pieces the translator sees as placeholders, a paragraph of nothing else is no unit, its
language stays, and the job says so. A mark alone is not enough: text keeps the proofing
language of the e-mail it was pasted from, and a template's style the language of its maker
(a review found English paragraphs marked German left untranslated without a word)."""

from __future__ import annotations

import dataclasses
import functools
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from engine.api import Note
from engine.documents.base import Unit
from engine.documents.language import (
    NO_LANGUAGE,
    SURE,
    Kind,
    foreign,
    primary_language,
    reads_as,
)
from engine.documents.package import Slot, field, fields, numbered
from engine.errors import InputError
from engine.text.langid import rank, written_in
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


@functools.lru_cache(maxsize=4096)
def _likeliest(text: str) -> tuple[str, float]:
    """The language ``text`` reads as, and how sure the detector is ("" for no letters)."""
    try:
        found = rank(text)[0]
    except InputError:
        return "", 0.0
    return found.language, found.confidence


def _reads_as(text: str, language: str, source: str, *, inside: bool) -> bool:
    """Whether ``text``, marked as in ``language``, is written in it rather than in the
    document's ``source``: in a script of its own (Japanese in an English deck), or surely
    read as it by the detector; a few words inside a sentence of the source's ("Guten
    Morgen"), read as it at all. A mark alone is no proof: a paragraph pasted from an e-mail
    keeps the sender's proofing language, a template's style the language of its maker, and
    a deck's titles the keyboard's."""
    if written_in(language, text) and not written_in(source, text):
        return True
    found, confidence = _likeliest(" ".join(text.split()))
    if not found:
        return True  # (no words: nothing to translate either way)
    return not _foreign(found, language) and (inside or confidence >= SURE)


_CHECKED = 200  # marked paragraphs of a language read one by one; past that, together


def set_apart(
    units: list[Unit],
    targets: list[tuple[str, _E, list[Slot]]],
    marked: Callable[[Slot], str | None],
    default: Callable[[str], str | None],
    *,
    path: Path,
) -> tuple[set[Any], frozenset[int], Note | None]:
    """Find the document's language (the one most of its text is marked in: ``marked``, the
    language a text slot's run names, None where it names none and the document's
    ``default`` for such a text holds; unless the text surely reads as another), and set
    apart the slots marked in another one that their text is written in: each becomes a
    field (kept, seen as a placeholder). Edits ``units`` and ``targets`` in place; returns
    the elements whose text was set apart (their runs keep their language), the units set
    apart whole (kept as they are, counted so), and a note saying what was kept."""
    said: list[list[str | None]] = []
    votes: Counter[str] = Counter()
    sample: list[str] = []
    size = 0
    for _name, _element, slots in targets:
        row = []
        for slot in slots:
            language = marked(slot) if slot.element is not None else None
            row.append(language)
            language = language or default(slot.text)
            if slot.element is not None and language and language != NO_LANGUAGE:
                votes[_primary(language)] += len(slot.text.strip())
            if slot.element is not None and size < _SAMPLE:
                sample.append(slot.text)
                size += len(slot.text)
        said.append(row)
    apart: set[Any] = set()
    if not votes:
        return apart, frozenset(), None
    # The language most of the text is marked in, unless the text surely reads as another
    # that it cannot be in (German typed under a template's en-US): not where the detector
    # only guesses (four English titles read as Latin), nor a relative (Croatian as Bosnian).
    marked_most = max(votes, key=lambda code: (votes[code], code))
    source = reads_as(" ".join(sample), [marked_most]) or marked_most
    marks = [[_primary(x) if _other(x, source) else None for x in row] for row in said]
    # A language marked on many paragraphs is judged by all its text at once (a bilingual
    # document's other half: 10,000 detections took 3 s).
    many: dict[str, bool] = {}
    counted = Counter(x for row in marks for x in set(row) if x is not None)
    for language, count in counted.items():
        if count > _CHECKED:
            text = " ".join(
                s.text
                for (_n, _e, slots), row in zip(targets, marks, strict=True)
                for s, x in zip(slots, row, strict=True)
                if x == language
            )[:_SAMPLE]
            many[language] = _reads_as(text, language, source, inside=False)
    kept: Counter[str] = Counter()
    whole: set[int] = set()
    for n in reversed(range(len(targets))):
        name, element, slots = targets[n]
        row = marks[n]
        inside = any(x is None and s.text.strip() for s, x in zip(slots, row, strict=True))
        other = {
            language
            for language in set(row) - {None}
            if language is not None
            and many.get(language, True)
            and (
                language in many
                or _reads_as(
                    "".join(s.text for s, x in zip(slots, row, strict=True) if x == language),
                    language,
                    source,
                    inside=inside,
                )
            )
        }
        if not other:
            continue
        away = [x in other for x in row]
        apart.update(s.element for s, out in zip(slots, away, strict=True) if out)
        kept.update(other)
        kept_slots = numbered(
            field(slot.text) if out else slot for slot, out in zip(slots, away, strict=True)
        )
        if not any(s.element is not None and s.text.strip() for s in kept_slots):
            whole.add(n)  # (a unit of it alone: kept as it is, counted so)
            continue
        runs = tuple(s.text for s in kept_slots)
        units[n] = dataclasses.replace(
            units[n], text="".join(runs), runs=runs, fields=fields(kept_slots)
        )
        targets[n] = (name, element, kept_slots)
    return apart, frozenset(whole), _note(path, kept)


_SAMPLE = 20_000  # characters of the document the detector reads for its language


def written_in_mark(text: str, mark: str, source: str, *, inside: bool) -> bool:
    """Whether ``text``, marked as in ``mark`` in a page or a book in ``source`` (primary
    languages), is written in it (``inside``: a phrase an inline element marks inside a
    sentence): a block is judged as a .docx's marked runs are; a phrase is, unless it reads
    as the page's own language. An author marks a phrase inside a sentence on purpose (War
    and Peace's ``<i xml:lang="fr">la grippe</i>``), and on a word or two the detector
    guesses (Italian, Frisian, Hungarian for "la grippe", "grippe", "Attendez"), so those
    were translated and named German; words of the page's own language under a stray
    mark ("Thank you very much" marked German) still read as it. A transliteration
    (``ru-Latn``: "esaul", "zakúska"), which no detector reads, stands by its mark."""
    if not inside:
        return _reads_as(text, _primary(mark), source, inside=False)
    if _transliterated(mark, text):
        return True
    found, _confidence = _likeliest(" ".join(text.split()))
    return not found or _foreign(found, source)


def _transliterated(mark: str, text: str) -> bool:
    """Whether ``mark`` names a script its language is not written in (``ru-Latn``,
    ``ja-Latn``), and ``text`` is written in that script."""
    parts = mark.replace("_", "-").split("-")
    script = next((p.title() for p in parts[1:] if len(p) == 4 and p.isalpha()), None)
    if script is None or written_in(parts[0], text) or script not in _SCRIPT_NAMES:
        return False
    return _SCRIPT_NAMES[script] in letters_by_script(text)


# The scripts a language tag names (ISO 15924), as ``letters_by_script`` names them.
_SCRIPT_NAMES = {"Latn": "LATIN", "Cyrl": "CYRILLIC", "Grek": "GREEK", "Arab": "ARABIC"}


def kept_note(path: Path, kept: Counter[str]) -> Note | None:
    """The note a job gives of the passages kept for their marked language (by language)."""
    return _note(path, kept)


def _note(path: Path, kept: Counter[str]) -> Note | None:
    """What a job says of the text it kept for its marked language."""
    if not kept:
        return None
    count = sum(kept.values())
    languages = ", ".join(sorted(kept))
    kept_as = "it is" if count == 1 else "they are"
    return Note(
        f"{path.name}: {count} passage{'' if count == 1 else 's'} the file marks as in "
        f"another language and written in it ({languages}) kept as {kept_as}, not translated",
        "document.kept_marked",
        {"count": count, "languages": languages},
    )


__all__ = ["kept_note", "set_apart", "text_kind", "written_in_mark"]
