"""The interface every format implements: a parsed document's translatable units, in reading
order, and a writer that rebuilds the file from their translations."""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import AnyStr

from engine.api import Note
from engine.documents.errors import DocumentError
from engine.documents.language import Language
from engine.text.encoding import UTF8, EncodedText, TextEncoding, decode
from engine.text.glossary import Placeholder

# What a translator sees where a paragraph holds a field (a page number, a date, a
# cross-reference): the field's cached result is generated, not words, and must come back
# untouched in its place in the translated sentence. Numbered from 1 in each unit. The form
# of the glossary's placeholders, which translation models copy through; the glossary numbers
# its own above any code already in the text, and read back tolerantly (case, a space).
FIELD = Placeholder("ZXQ{n}Q")
_FIELD = FIELD.pattern()


@dataclass(frozen=True)
class Unit:
    """One paragraph-like block: ``text`` is what a translator sees. ``runs`` (rich formats)
    are the formatting runs' texts, ``"".join(runs) == text``; the translation is mapped back
    onto them by :func:`split_like`. ``fields``: the cached results of the fields whose
    placeholders (``FIELD.format(1)``, …) stand in ``text``."""

    id: str
    text: str
    runs: tuple[str, ...] = ()
    page: int | None = None  # 1-based page (PDF) or slide (presentations), when the format has them
    fields: tuple[str, ...] = ()
    # Whether it is the document's text, as summarize, ask and classify read it: not what
    # translation covers beside it (a chart's cached labels, a formula's outputs, a sheet's
    # headers, reviewers' comments, a page's metadata and labels, a drawing's second copy).
    read: bool = True

    @property
    def shown(self) -> str:
        """The text as a reader of the document sees it: each field's cached result in place
        of its placeholder (for summarizing and asking, which read rather than translate)."""
        return self.shown_in(self.text)

    def shown_in(self, text: str) -> str:
        """``text`` (this unit's, or its translation) with each of the unit's fields' cached
        results in place of its placeholder."""
        if not self.fields:
            return text

        def value(match: re.Match[str]) -> str:
            number = int(match.group(1))
            return self.fields[number - 1] if 0 < number <= len(self.fields) else match.group()

        return _FIELD.sub(value, text)


# The most units (paragraphs, cells, subtitles… with text) one document may have: ten thick
# novels, days of translating on a CPU. More is a generated file, not a document to read.
MAX_UNITS = 250_000


def check_unit_count(count: int, path: Path) -> None:
    """Refuse a document once it has more than ``MAX_UNITS`` units (readers call this as they
    go, so a hostile file is refused before all its units exist)."""
    if count > MAX_UNITS:
        raise DocumentError(
            f"The document has more than {MAX_UNITS:,} paragraphs to translate",
            path=path,
            hint="Split it into smaller files, then translate those",
            message_id="document.too_many_units",
            params={"limit": MAX_UNITS},
        )


class Document(ABC):
    """A parsed file: its units and how to rebuild it."""

    path: Path
    units: tuple[Unit, ...]
    # The suffixes this document can be written as, the default first; empty = its own suffix
    # only (a PDF is read, but written as .docx or .txt).
    output_suffixes: tuple[str, ...] = ()
    # A text format's encoding, as read (None: a binary format).
    encoding: TextEncoding | None = None
    # The language the output is declared in (``write``'s; None: as the input declares).
    language: Language | None = None
    # Whether the writer keeps a unit's source text unless its translation has each of its
    # placeholders once, in an order a program can use (a localisation file: its format
    # string would fail the program); ``accepts`` says which translations it writes.
    strict_fields: bool = False
    # What the user should know of the file as read, said when a job starts.
    notes: tuple[Note, ...] = ()
    # Units kept as they are for the file's own reason (text it marks as in another language
    # and is written in): never sent to the translator, counted verbatim.
    kept: frozenset[int] = frozenset()
    # Units a bilingual copy writes as they are (a drawing's lines: a drawn line has no room
    # for a second): a bilingual job does not send them, and says how many it kept.
    bilingual_kept: frozenset[int] = frozenset()
    # Whether the file is written as it is when it has no text, instead of refused: a
    # notebook of code alone is one of a project's notebooks all the same (its notes say so).
    copied_without_text: bool = False

    @abstractmethod
    def render(self, translations: Sequence[str]) -> bytes:
        """The file's bytes with each unit's text replaced by its translation (same order)."""

    def line(self, n: int) -> int | None:
        """The line of the file unit ``n`` starts on (1-based), where the format is text, for
        an answer's or a summary's source; None where it is not (a .docx has pages, if
        anything)."""
        return None

    def render_bilingual(self, translations: Sequence[str]) -> bytes:
        """The file with each unit followed by its translation (source and translation side by
        side, paragraph by paragraph). Formats that can show both override this."""
        raise self.no_bilingual()

    def no_bilingual(self) -> DocumentError:
        """The refusal of a bilingual copy, for a format that has none."""
        return DocumentError(
            f"Bilingual output is not available for {self.path.suffix} files",
            path=self.path,
            hint="Translate without --bilingual",
            message_id="document.no_bilingual",
            params={"suffix": self.path.suffix},
        )

    def shown_once(self, n: int, text: str) -> bool:
        """Whether unit ``n``'s translation ``text`` is its own text (a number, a code, a unit
        the model failed on): bilingual output shows it once, not beside a copy of itself."""
        return text == self.units[n].text

    def declared_target(self) -> str | None:
        """The language a file says it is to be translated into (a gettext catalog's, an
        XLIFF file's target language): the job's when it names none. Most formats say none."""
        return None

    def in_source(self, language: str) -> Document:
        """The document to translate where the user named the source ``language``: one that
        holds the same text in several languages (a SAMI file's classes) gives the one that
        translates the text in it. Called on reading, before any work. Most formats hold one
        language: themselves."""
        del language
        return self

    def check_target(self, language: Language) -> None:
        """Refuse a target language the document cannot be translated into (a catalog that
        declares another): called before any work. Most formats take any."""
        del language

    def translated_into(self, language: Language) -> frozenset[int]:
        """The units the file holds a translation into ``language`` for already (a catalog of
        every language, as Xcode's): kept as they are, not sent to the translator. Called
        once the job's target is known, before any work; it may refuse a file with nothing
        left to translate. Most formats hold one language."""
        del language
        return frozenset()

    def accepts(self, index: int, text: str) -> bool:
        """Whether the writer writes ``text`` as unit ``index``'s translation, rather than
        keep the unit's source text: so that a unit it keeps is counted failed, not
        translated. Every translation but in a ``strict_fields`` format, where one that lost
        or repeated a placeholder is kept out."""
        if not self.strict_fields or not self.units[index].fields:
            return True
        from engine.documents.placeholders import check

        return check(text.strip(), self.units[index].fields) == "ok"

    @property
    def default_suffix(self) -> str:
        """The output's suffix: the input's, in its case (bookdown lists ``eq.Rmd`` by its
        name, and a case-sensitive file system tells ``.Rmd`` and ``.rmd`` apart), or the
        first of the formats it is written as (a PDF's ``.docx``)."""
        return self.output_suffixes[0] if self.output_suffixes else self.path.suffix

    def accepts_suffix(self, suffix: str) -> bool:
        return suffix.lower() in (self.output_suffixes or (self.path.suffix.lower(),))

    def write(
        self,
        translations: Sequence[str],
        suffix: str | None = None,
        *,
        bilingual: bool = False,
        language: Language | None = None,
    ) -> bytes:
        """The output file's bytes, as ``suffix`` (default: :attr:`default_suffix`).
        ``language``: the translations' language, which formats that name the language of
        their text declare instead of the input's (a bilingual output's translations, where
        they are apart from the text)."""
        suffix = (suffix or self.default_suffix).lower()
        if not self.accepts_suffix(suffix):
            allowed = ", ".join(self.output_suffixes or (self.path.suffix.lower(),))
            raise DocumentError(
                f"A {self.path.suffix} file cannot be written as {suffix}",
                path=self.path,
                hint=f"Name the output with one of: {allowed}",
                message_id="document.wrong_output",
                params={"suffix": self.path.suffix, "output": suffix, "allowed": allowed},
            )
        self.language = language  # (for this writing only)
        try:
            return self._write_as(translations, suffix, bilingual)
        finally:
            self.language = None

    def _write_as(self, translations: Sequence[str], suffix: str, bilingual: bool) -> bytes:
        """Formats with several output suffixes override this; the rest write their own."""
        return self.render_bilingual(translations) if bilingual else self.render(translations)

    def _check(self, translations: Sequence[str]) -> None:
        if len(translations) != len(self.units):
            raise ValueError(f"{len(translations)} translations for {len(self.units)} units")


def edited(source: AnyStr, edits: Iterable[tuple[int, int, AnyStr]]) -> AnyStr:
    """``source`` (text, or bytes: an e-mail) with each span ``start:end`` replaced by its
    text (an insertion where they meet), every other character as it was: how the formats
    that keep the bytes they do not translate write a file. The spans may come in any
    order; they do not overlap (insertions at one place keep the order they came in)."""
    out: list[AnyStr] = []
    cursor = 0
    for start, end, text in sorted(edits, key=lambda edit: (edit[0], edit[1])):
        out += [source[cursor:start], text]
        cursor = end
    out.append(source[cursor:])
    return source[:0].join(out)


def decode_text(
    data: bytes, path: Path, kind: str, *, encoding: str | None = None, markup: bool = False
) -> tuple[str, TextEncoding]:
    """A text format's contents and the encoding they were in (``encoding``: the label the
    user named; ``markup``: honour an HTML/XML charset declaration). ``kind`` reads after
    "not" and before "file" ("HTML", "subtitle text")."""
    return decode(data, path, what=kind, encoding=encoding, markup=markup, error=DocumentError)


class SpanDocument(Document):
    """A text file whose units are spans of its text; everything between spans is kept."""

    encoding: TextEncoding

    def __init__(
        self,
        path: Path,
        source: str,
        spans: Sequence[tuple[int, int]],
        ids: Sequence[str],
        encoding: TextEncoding = UTF8,
        pieces: Sequence[Sequence[tuple[int, int]]] | None = None,
    ) -> None:
        """``encoding``: the file's, written back when the translation fits in it. ``pieces``
        (optional, per unit) are sub-spans of a unit holding its text; the text between them
        (inline markup) is kept and the translation split over them."""
        self.path, self.source, self.encoding = path, source, encoding
        self.spans = list(spans)
        self.pieces = [list(p) for p in pieces] if pieces is not None else None
        units: list[Unit] = []
        for n, ((start, end), uid) in enumerate(zip(self.spans, ids, strict=True)):
            if self.pieces is None:
                units.append(Unit(uid, source[start:end]))
            else:
                runs = tuple(source[a:b] for a, b in self.pieces[n])
                units.append(Unit(uid, "".join(runs), runs))
        self.units = tuple(units)

    def line(self, n: int) -> int | None:
        if self._starts is None:
            self._starts = line_starts(self.source)
        return bisect.bisect_right(self._starts, self.spans[n][0])

    _starts: list[int] | None = None

    def parts(self, n: int, text: str) -> list[str]:
        """Unit ``n``'s translation cut into one part per piece."""
        return split_like(text, self.units[n].runs)

    def render(self, translations: Sequence[str]) -> EncodedText:
        return self.encoding.encode(self.render_text(translations))

    def render_text(self, translations: Sequence[str]) -> str:
        """The translated file as text, before it is encoded."""
        self._check(translations)
        out: list[str] = []
        cursor = 0
        for n, text in enumerate(translations):
            if self.pieces is None:
                start, end = self.spans[n]
                out += [self.source[cursor:start], text]
                cursor = end
                continue
            parts = self.parts(n, text)
            for (start, end), part in zip(self.pieces[n], parts, strict=True):
                out += [self.source[cursor:start], part]
                cursor = end
        out.append(self.source[cursor:])
        return "".join(out)


_SPACE = re.compile(r"\s+")


def split_like(text: str, runs: Sequence[str]) -> list[str]:
    """Cut ``text`` into ``len(runs)`` parts in proportion to the runs' lengths, at word
    boundaries where the text has them; every character lands in exactly one part, in order.
    Two runs glued together where a word meets punctuation, a letter a digit (a link and the
    full stop after it, H₂O's subscript, a footnote's number) are cut where the text has the
    same meeting, so neither is left empty.

    Linear in the number of runs plus the length of ``text``: the runs' targets only move
    forward, and so does the one pointer into the text's spaces (a paragraph of thousands of
    runs is common in converted PDFs)."""
    if len(runs) <= 1:
        return [text] * len(runs)
    if text == "".join(runs):
        return list(runs)  # unchanged text keeps its runs exactly
    total = sum(len(r) for r in runs)
    if total == 0:
        return [text] + [""] * (len(runs) - 1)
    spaces = [(m.start(), m.end()) for m in _SPACE.finditer(text)]
    meetings = _meetings(text)
    nexts = _next_first(runs)
    cuts: list[int] = []
    done = 0
    previous = 0
    first = 0  # the first space that ends at or after the current target
    for index, run in enumerate(runs[:-1]):
        done += len(run)
        want = round(len(text) * done / total)
        share = round(len(text) * len(run) / total)
        glued = _glued(run, nexts[index + 1], meetings, previous, want, share) if run else None
        if not run:
            cut = previous  # an empty run stays empty
        elif index == 0 and _initial(run, nexts[1]) and text[:1].isalpha():
            cut = 1  # a drop cap: the translation's first letter (not its first word)
        elif glued is not None:
            cut = glued
        elif spaces:
            # A run that ended in a space takes the space along; one that did not leaves it
            # to the next run (so "Hello <i>my</i> friend" stays "X <i>Y</i> Z").
            keep = len(run) - len(run.rstrip())
            while first < len(spaces) and spaces[first][1] < want:
                first += 1
            cut = _nearest_gap(spaces, first, keep, want)
        else:
            cut = want
        cut = max(previous, min(cut, len(text)))
        cuts.append(cut)
        previous = cut
    bounds = [0, *cuts, len(text)]
    return [text[a:b] for a, b in itertools.pairwise(bounds)]


def _kind(char: str) -> str:
    """A character as runs meet: a letter (or a mark on one), a digit, or anything else."""
    category = unicodedata.category(char)[0]
    return "a" if category in "LM" else "9" if category == "N" else "."


def _meetings(text: str) -> dict[tuple[str, str], list[int]]:
    """Where in ``text`` two kinds of character meet with no space between (a word and the
    punctuation after it, a letter and a digit, two marks), by the pair of kinds."""
    found: dict[tuple[str, str], list[int]] = {}
    kinds = [None if c.isspace() else _kind(c) for c in text]
    indicators = 0  # regional indicators in a row before ``at`` (a flag is two)
    for at in range(1, len(text)):
        indicators = indicators + 1 if _is_indicator(text[at - 1]) else 0
        left, right = kinds[at - 1], kinds[at]
        if left is not None and right is not None and (left != right or left == "."):
            if _joins(text[at - 1], text[at]) or (indicators % 2 and _is_indicator(text[at])):
                continue  # inside one character as a reader sees it (an emoji sequence)
            found.setdefault((left, right), []).append(at)
    return found


_ZWJ = "\u200d"


def _joins(left: str, right: str) -> bool:
    """Whether ``right`` belongs to the character ``left`` ends, as a reader sees it: a
    combining mark, a variation selector, an emoji's skin tone or tag, or either side of a
    zero-width joiner (👨‍👩‍👧, 👍🏽, 1️⃣, 🏴󠁧󠁢󠁳󠁣󠁴󠁿)."""
    if left == _ZWJ or right == _ZWJ:
        return True
    code = ord(right)
    return (
        unicodedata.category(right) in ("Mn", "Me", "Mc")
        or 0xFE00 <= code <= 0xFE0F  # variation selectors
        or 0x1F3FB <= code <= 0x1F3FF  # skin tones
        or 0xE0020 <= code <= 0xE007F  # tags (subdivision flags)
    )


def _is_indicator(char: str) -> bool:
    """A regional indicator: two make a flag (🇩🇪)."""
    return 0x1F1E6 <= ord(char) <= 0x1F1FF


def _next_first(runs: Sequence[str]) -> list[str]:
    """For each run, the first character of it or of the first non-empty run after it ("")."""
    firsts = [""] * (len(runs) + 1)
    for index in range(len(runs) - 1, -1, -1):
        firsts[index] = runs[index][:1] or firsts[index + 1]
    return firsts[: len(runs)]


def _initial(run: str, after: str) -> bool:
    """A paragraph's first letter set apart from the rest of its word (a drop cap,
    ``<span class="dropcap">T</span>he house``): a letter glued to the next run's."""
    return len(run) == 1 and run.isalpha() and after[:1].isalpha()


def _glued(
    run: str,
    after: str,
    meetings: dict[tuple[str, str], list[int]],
    previous: int,
    want: int,
    share: int,
) -> int | None:
    """Where to cut after ``run`` when it meets the next run with no space between, where
    their kinds of character meet (see ``_meetings``): the same meeting in the text nearest
    ``want``, after ``previous``, and no further from ``want`` than the run's ``share`` of the
    text (a meeting far away would take the words of the runs after it). None when the runs
    are not so glued, or the text has no such meeting near (then the cut is made at a
    space)."""
    if not after or run[-1].isspace() or after.isspace():
        return None
    left, right = _kind(run[-1]), _kind(after)
    if left == right != ".":
        return None  # inside a word (a bold syllable): cut at a space, as whole words
    places = meetings.get((left, right), [])
    start = bisect.bisect_right(places, previous)  # (a run glued so takes some text)
    at = bisect.bisect_left(places, want, lo=start)
    reach = max(_GLUED_REACH, share)
    near = [p for p in places[max(start, at - 1) : at + 1] if abs(p - want) <= reach]
    return min(near, key=lambda p: (abs(p - want), p)) if near else None


_GLUED_REACH = 4  # characters a glued cut may move, at least, from its proportional place


def _gap(space: tuple[int, int], keep: int) -> int:
    """Where a run that ended in ``keep`` whitespace characters is cut inside ``space``."""
    return min(space[0] + keep, space[1])


def _nearest_gap(spaces: Sequence[tuple[int, int]], first: int, keep: int, want: int) -> int:
    """The cut nearest ``want`` (the earlier one on a tie) among every space's gap.

    Gaps grow strictly with the space (each lies inside its own space, and spaces are apart),
    and every space before ``first`` ends, so cuts, before ``want``: the nearest gap is the
    last one below ``want`` or the first one at or above it, and both are within two spaces of
    ``first``."""
    below: int | None = _gap(spaces[first - 1], keep) if first > 0 else None
    above: int | None = None
    for index in range(first, min(first + 2, len(spaces))):
        gap = _gap(spaces[index], keep)
        if gap >= want:
            above = gap
            break
        below = gap
    if above is None:
        assert below is not None
        return below
    if below is None or want - below > above - want:
        return above
    return below


# Where an editor starts a new line: CR LF, LF, a lone CR (old Macs), Unicode's separators.
LINE_BREAK = re.compile("\r\n|[\n\r\u2028\u2029]")


def line_starts(source: str) -> list[int]:
    """Where each line of ``source`` starts: the line (1-based) of an offset is
    ``bisect.bisect_right(starts, offset)``."""
    return [0, *(m.end() for m in LINE_BREAK.finditer(source))]


def pieces_between(
    source: str, start: int, end: int, markup: re.Pattern[str]
) -> list[tuple[int, int]]:
    """The non-empty stretches of ``source[start:end]`` between matches of ``markup``."""
    pieces: list[tuple[int, int]] = []
    cursor = start
    for m in markup.finditer(source, start, end):
        if m.start() > cursor:
            pieces.append((cursor, m.start()))
        cursor = max(cursor, m.end())
    if cursor < end:
        pieces.append((cursor, end))
    return pieces


def pending_changes(path: Path, editor: str) -> Note:
    """The note for a document with tracked changes nobody accepted or rejected yet."""
    return Note(
        f"{path.name} has tracked changes not yet accepted or rejected: the translation "
        "reads the text as if they were accepted, and deleted words stay as they were. "
        f"For a translation that is whole either way, accept or reject them first ({editor})",
        "document.pending_changes",
        {"editor": editor},
    )


def read_as_its_kind(
    document: Document, path: Path, kind: str, *, read_by: str, note_id: str
) -> Document:
    """``document``, read as the ``kind`` its content is though its name says another (a
    WebVTT file named .srt, DocBook named .dita), with a note saying so and that ``read_by``
    (players, its tools) read it as such whatever its name."""
    document.notes = (
        *document.notes,
        Note(
            f"{path.name} is a {kind} file with a {path.suffix} name: it is read and written "
            f"as {kind}, which {read_by} read whatever its name",
            note_id,
            {"name": path.name, "kind": kind, "suffix": path.suffix},
        ),
    )
    return document


__all__ = [
    "FIELD",
    "LINE_BREAK",
    "MAX_UNITS",
    "Document",
    "SpanDocument",
    "Unit",
    "check_unit_count",
    "decode_text",
    "edited",
    "line_starts",
    "pending_changes",
    "pieces_between",
    "read_as_its_kind",
    "split_like",
]
