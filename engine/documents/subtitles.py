"""SubRip (.srt), WebVTT (.vtt), YouTube's SubViewer (.sbv) and Advanced SubStation Alpha
(.ass, and its older .ssa): only the cue text is a unit; numbers, identifiers, timings,
settings, NOTE/STYLE/REGION blocks, the header, an .ass file's script info, styles, fonts and
every field of an event but its text are kept byte for byte."""

from __future__ import annotations

import dataclasses
import html
import itertools
import math
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from engine.documents.base import (
    Document,
    Unit,
    decode_text,
    edited,
    pieces_between,
    read_as_its_kind,
    split_like,
)
from engine.documents.cues import (
    ABBREVIATION,
    CLOSING,
    MOST_JOINED,
    OPENING,
    PAUSE,
    Timed,
    ends_sentences,
    flat,
    ideographic,
    joined,
    line_limit,
    runs_on,
    script,
    seconds,
    shares,
    unwrapped,
    width,
    wrapped,
)
from engine.documents.delimited import DelimitedDocument, tab_table
from engine.documents.errors import DocumentError
from engine.documents.lines import fit_lines, split_at_markup
from engine.documents.txt import TextDocument, mac_lines, plain_text
from engine.fileio import head_text, picture_subtitles, read_head
from engine.text.encoding import TextEncoding
from engine.text.segment import is_unspaced

# Lines from a non-blank one up to the next blank line.
_BLOCK = re.compile(r"^[ \t\r]*\S[^\n]*(?:\n(?![ \t\r]*(?:\n|\Z))[^\n]*)*", re.MULTILINE)
# WebVTT's: up to the next empty line (a line of spaces is cue text: YouTube's captions have
# one above their words).
_VTT_BLOCK = re.compile(r"^[ \t\r]*\S[^\n]*(?:\n(?!\r?(?:\n|\Z))[^\n]*)*", re.MULTILINE)
# Cue markup (<i>, <v Bob>, <00:01.000>, {\an8}) is kept; only the text between is translated.
# A ruby's reading (<rt>かん</rt>) is markup with its text: it reads the letters it is over.
_TAG = re.compile(r"<rt(?:\.[^<>\s]*)?>[^<]*</rt>|<[^<>\n]*>|\{\\[^{}\n]*\}")
_TIMING = re.compile(r"^\s*\d[\d:.,]*\s*-->\s*\d[\d:.,]*")
# YouTube's SubViewer (.sbv): "0:00:01.000,0:00:04.000" on the line above a cue's text.
_SBV_TIMING = re.compile(r"^\s*\d+:\d\d:\d\d\.\d+\s*,\s*\d+:\d\d:\d\d\.\d+\s*$")


@dataclasses.dataclass(frozen=True)
class _Share:
    """A cue's part of a unit: its pieces ``first:last`` (of the cue's own), their text and
    runs as the translator reads them, and the text with its lines as the cue shows it."""

    cue: int
    first: int
    last: int
    text: str
    runs: tuple[str, ...]
    lines: str = ""

    def unwrapped(self, joinable: frozenset[int]) -> _Share:
        """The share with its lines as the translator reads them: a break that is the
        author's layout a space (see :func:`cues.unwrapped`)."""
        runs = unwrapped(self.runs, joinable)
        return dataclasses.replace(self, text="".join(runs), runs=runs, lines=self.text)


class SubtitleDocument(TextDocument):
    """A cue's lines read as one text (its line breaks as ``\\n``, whatever the file's line
    ends); a translation that comes back as one line is broken into as many lines as the cue
    had, as even as its words allow (see :func:`balanced`), and a line longer than a
    subtitle's is wrapped (see :func:`cues.wrapped`). A sentence that runs on across
    consecutive cues is one unit, its translation shared back over them (see
    :func:`cues.runs_on`); a rolling caption's line (YouTube's automatic captions, each
    line shown again in the next cue) is one unit, written alike wherever it shows.
    Bilingual: each cue's text lines followed by the translation's, in the same cue (the
    timings stay as they are)."""

    # Whether a translated line longer than a subtitle's is broken (an .ass script's
    # renderer breaks its lines itself; a lyrics line is one line).
    wraps = True

    def __init__(
        self,
        path: Path,
        source: str,
        spans: Sequence[tuple[int, int]],
        ids: Sequence[str],
        encoding: TextEncoding,
        pieces: Sequence[Sequence[tuple[int, int]]],
        timed: Sequence[Timed] | None = None,
    ) -> None:
        super().__init__(path, source, spans, ids, encoding, pieces)
        assert self.pieces is not None
        self.cue_spans, self.cue_pieces = self.spans, self.pieces
        cues = [
            _Share(
                n,
                0,
                len(self.cue_pieces[n]),
                self._readable(unit.text),
                tuple(self._readable(r) for r in unit.runs),
            )
            for n, unit in enumerate(self.units)
        ]
        rolled = _rolled([_lines_of(cue) for cue in cues])
        self.rolling = rolled is not None
        if not self.rolling and self.wraps:
            # (where lines are wrapped anew: an .ass renderer that wraps keeps its \N)
            cues = [
                cue.unwrapped(_tags_around_breaks(source, self.cue_pieces[n], cue.runs))
                for n, cue in enumerate(cues)
            ]
        self.groups: list[list[_Share]] = rolled or _sentences(cues, timed)
        units: list[Unit] = []
        self.spans, self.pieces = [], []
        for group in self.groups:
            first, last = group[0].cue, group[-1].cue
            uid = ids[first] if first == last else f"{ids[first]}-{ids[last]}"
            if self.rolling:
                uid = f"{ids[first]}.{_line_number(cues[first], group[0])}"
            one = len(group) == 1 or self.rolling
            text = group[0].text if one else joined([s.text for s in group])
            units.append(Unit(uid, text, group[0].runs if one else ()))
            self.spans.append((self.cue_spans[first][0], self.cue_spans[last][1]))
            self.pieces.append([p for s in group for p in self.cue_pieces[s.cue][s.first : s.last]])
        self.units = tuple(units)

    # Whether a translation's lines say their direction (see :func:`embedded`).
    directed = True

    def _readable(self, text: str) -> str:
        """A cue's text as the translator reads it."""
        return text.replace("\r\n", "\n")

    def _written(self, part: str, newline: str) -> str:
        """A part of a translation as the file writes it."""
        return part.replace("\r\n", "\n").replace("\n", newline)

    def parts(self, n: int, text: str) -> list[str]:
        assert self.pieces is not None
        unit, group = self.units[n], self.groups[n]
        if text == unit.text:
            return [self.source[a:b] for a, b in self.pieces[n]]
        if self.rolling:  # (the same line, the same words, wherever it shows)
            texts = [text] * len(group)
        else:
            texts = shares(text, [s.text for s in group]) if len(group) > 1 else [text]
        out: list[str] = []
        for share, part in zip(group, texts, strict=True):
            pieces = self.cue_pieces[share.cue][share.first : share.last]
            if part == share.text:
                out += [self.source[a:b] for a, b in pieces]
                continue
            wraps = self.wraps and not self.rolling
            runs = share.runs or (share.text,)
            if wraps and len(runs) > 1 and not any(_is_break(run) for run in runs):
                # (a line's markup, or lines whose break went: cut at the markup, a word
                # whole, as a space between two tags stays)
                fitted = _one_space(_at_markup(flat(part), runs), runs)
            else:
                fitted = fit_cue(share.text, runs, part, fits=line_limit(part) if wraps else 0)
            if wraps:
                fitted = wrap_cue(fitted, share.lines or share.text)
            if self.language is not None and self.directed:
                fitted = embedded(fitted, rtl=self.language.rtl)
            start, _end = self.cue_spans[share.cue]
            out += [self._written(part, self.newline(start)) for part in fitted]
        return out

    def render_text(self, translations: Sequence[str]) -> str:
        self._check(translations)
        written = self._pieces_written(range(len(self.units)), translations)
        return self._line_ends(edited(self.source, [(a, b, t) for (a, b), t in written.items()]))

    def copies(
        self, units: Iterable[int], translations: Sequence[str]
    ) -> list[tuple[int, int, str]]:
        """After each cue's text, a copy of it holding its translation (a cue's share of
        a sentence it runs on, a rolling line's translation where it shows)."""
        written = self._pieces_written(units, translations)
        edits = []
        for (start, end), pieces in zip(self.cue_spans, self.cue_pieces, strict=True):
            if not any(p in written for p in pieces):
                continue
            copy = edited(
                self.source[start:end],
                [(a - start, b - start, written[a, b]) for a, b in pieces if (a, b) in written],
            )
            edits.append((end, end, self.separator(start, end) + copy))
        return edits

    def _pieces_written(
        self, units: Iterable[int], translations: Sequence[str]
    ) -> dict[tuple[int, int], str]:
        """What each piece of ``units`` is written as; in a cue translated, a piece of no
        unit (a blank line) too, as :meth:`_unshared` writes it."""
        assert self.pieces is not None
        written: dict[tuple[int, int], str] = {}
        for n in units:
            if translations[n] == self.units[n].text:
                continue
            for piece, part in zip(self.pieces[n], self.parts(n, translations[n]), strict=True):
                written[piece] = part
        for pieces in self.cue_pieces:
            if any(p in written for p in pieces):
                for a, b in pieces:
                    if (a, b) not in written and self._unshared(self.source[a:b]) != self.source[
                        a:b
                    ]:
                        written[a, b] = self._unshared(self.source[a:b])
        return written

    def _unshared(self, piece: str) -> str:
        """A piece of a translated cue that no unit holds, as written (as it is)."""
        return piece

    def separator(self, start: int, end: int) -> str:
        return self.newline(end)


# Tags a line closes and the next opens again: "<i>Il fut un temps,</i>\n<i>avant …".
_CLOSING_TAGS = re.compile(r"(?:</([a-z]+)>)+")
_OPENING_TAGS = re.compile(r"(?:<([a-z]+)(?:\.[\w.-]+)?>)+")


def _tags_around_breaks(
    source: str, pieces: Sequence[tuple[int, int]], runs: Sequence[str]
) -> frozenset[int]:
    """Which of a cue's runs are line breaks between tags the line above closes and the line
    below opens again, alike (Netflix's italics, a line each): markup that holds for the
    lines' text, not for a line."""
    found: set[int] = set()
    for k in range(1, len(pieces) - 1):
        if not _is_break(runs[k]):
            continue
        before, after = (
            source[pieces[k - 1][1] : pieces[k][0]],
            source[pieces[k][1] : pieces[k + 1][0]],
        )
        closed, opened = _CLOSING_TAGS.fullmatch(before), _OPENING_TAGS.fullmatch(after)
        if closed and opened:
            names = re.findall(r"</([a-z]+)>", before)
            if sorted(names) == sorted(re.findall(r"<([a-z]+)", after)):
                found.add(k)
    return frozenset(found)


def _at_markup(text: str, runs: Sequence[str]) -> list[str]:
    """``text`` cut into one part per run (see :func:`split_at_markup`), where it has no
    space (Thai, Chinese) whole in the first run with words, not cut inside a word."""
    if " " in text:
        return split_at_markup(text, runs)
    first = next((k for k, run in enumerate(runs) if run.strip()), 0)
    return [text if k == first else "" for k in range(len(runs))]


def _one_space(parts: Sequence[str], runs: Sequence[str]) -> list[str]:
    """``parts`` with a run of spaces alone (a line break that went) kept only between
    words: a run that got no words left no "<i>Nu</i> <i></i> <i>omicron</i>"."""
    out = list(parts)
    for k, run in enumerate(runs):
        if run and not run.strip():
            before, after = "".join(out[:k]), "".join(out[k + 1 :])
            if not before.strip() or before[-1:].isspace() or not after.strip():
                out[k] = ""
    return out


def _lines_of(cue: _Share) -> list[_Share]:
    """A cue's lines with words, each as a share of it (its runs between line breaks)."""
    lines: list[_Share] = []
    first = 0
    for i in range(len(cue.runs) + 1):
        if i < len(cue.runs) and not _is_break(cue.runs[i]):
            continue
        runs = cue.runs[first:i]
        if "".join(runs).strip():
            lines.append(_Share(cue.cue, first, i, "".join(runs), tuple(runs)))
        first = i + 1
    return lines


def _is_break(run: str) -> bool:
    return "\n" in run and not run.strip()


def _line_number(cue: _Share, line: _Share) -> int:
    return sum(1 for run in cue.runs[: line.first] if _is_break(run)) + 1


def _rolled(lines: Sequence[Sequence[_Share]]) -> list[list[_Share]] | None:
    """A rolling caption's lines, each with the cues it shows in, or None where the cues do
    not roll. YouTube's automatic captions roll up two lines: each cue shows the line before
    again above the new one (which its word timings reveal word by word), then a cue of the
    new line alone for a moment; the player shows one caption at a time, so a viewer reads
    each line as it rolls up. Each line is translated once and written alike wherever it
    shows, so it reads the same as it rolls; a cue's own pieces stay whole lines."""
    if len(lines) < 2 or not all(len(cue) <= 3 for cue in lines):
        return None
    again = sum(
        1
        for before, cue in itertools.pairwise(lines)
        if before and cue and cue[0].text.strip() == before[-1].text.strip()
    )
    if again * 2 < len(lines) - 1:
        return None
    units: list[list[_Share]] = []
    for k, cue in enumerate(lines):
        for i, line in enumerate(cue):
            before = lines[k - 1] if k else []
            if i == 0 and before and line.text.strip() == before[-1].text.strip():
                units[-1].append(line)  # (the latest unit is that line's)
            else:
                units.append([line])
    return units


def _sentences(cues: Sequence[_Share], timed: Sequence[Timed] | None) -> list[list[_Share]]:
    """The cues in units: each alone, or consecutive cues one sentence runs on across (see
    :func:`cues.runs_on`), at most ``MOST_JOINED`` of them."""
    units: list[list[_Share]] = []
    joins = timed is not None and ends_sentences([c.text for c in cues])
    for n, cue in enumerate(cues):
        if (
            joins
            and timed is not None
            and units
            and len(units[-1]) < MOST_JOINED
            and units[-1][-1].cue == n - 1
            and runs_on(cues[n - 1].text, timed[n - 1], cue.text, timed[n])
        ):
            units[-1].append(cue)
        else:
            units.append([cue])
    return units


def wrap_cue(parts: Sequence[str], source: str) -> list[str]:
    """A fitted cue's ``parts`` (one per run of ``runs``) with its lines longer than a
    subtitle's broken (see :func:`cues.wrapped`): the cue's whole text is broken again,
    where the source broke preferred, into two lines where it fits. A cue of speakers'
    lines keeps one line for each speaker; the lines of a source whose longest is over
    the limit (its author's choice) may be as long, in proportion."""
    text = "".join(parts)
    lines = text.split("\n")
    src_lines = source.split("\n")
    longest = max(len(line.strip()) for line in src_lines)
    # (a tenth more: a translation as long as the author's long line stays on it)
    limit = line_limit(text)
    if longest > line_limit(source):
        limit = max(limit, round(limit * longest / line_limit(source) * 1.1))
    if all(len(line.strip()) <= limit for line in lines):
        return list(parts)
    if len(src_lines) > 1 and by_speaker(flat(text), src_lines) is not None:
        return list(parts)  # (one line a speaker, however long)
    if len({script(line) for line in src_lines} - {""}) > 1:
        return list(parts)  # (one line a language: a song's line over its translation)
    # The text on one line (each run of spaces or line breaks within it one space, none
    # between Chinese or Japanese characters), ``at`` each of its characters' place in
    # ``text``: the breaks are chosen in it, then written in ``text``.
    one: list[str] = []
    at: list[int] = []
    kept: set[int] = set()  # where the source (as fitted) broke its lines
    runs_of_space = [m.span() for m in re.finditer(r"\s+", text)]
    starts = {a: b for a, b in runs_of_space}
    i = 0
    while i < len(text):
        if i not in starts:
            one.append(text[i])
            at.append(i)
            i += 1
            continue
        end = starts[i]
        if i > 0 and end < len(text):
            if "\n" in text[i:end] and is_unspaced(text[i - 1]) and is_unspaced(text[end]):
                kept.add(len(one))
            else:
                kept.update([len(one)] if "\n" in text[i:end] else [])
                one.append(" ")
                at.append(i)
        i = end
    cuts = wrapped("".join(one), limit, frozenset(kept))
    if not cuts:
        return list(parts)
    chosen = {at[a] for a, b in cuts if a < b}
    new = list(text)
    for a, b in cuts:
        if a == b:
            new[at[a]] = "\n" + new[at[a]]
    for a, b in runs_of_space:
        if a in chosen:
            new[a:b] = ["\n"] + [""] * (b - a - 1)
        elif "\n" in text[a:b]:  # (a break not kept: a space, or none)
            edge = a == 0 or b == len(text)
            glued = edge or (is_unspaced(text[a - 1]) and is_unspaced(text[b]))
            new[a:b] = ["" if glued else " "] + [""] * (b - a - 1)
    out: list[str] = []
    cursor = 0
    for part in parts:
        out.append("".join(new[cursor : cursor + len(part)]))
        cursor += len(part)
    return out


def fit_cue(source: str, runs: Sequence[str], text: str, *, fits: int = 0) -> list[str]:
    """The translation ``text`` of a cue whose text is ``source`` cut into one part per run of
    ``runs`` (a line break's run is "\\n" alone; its part is "" where the translation has
    fewer lines and the break goes). A one-line translation of a cue of several lines is
    broken into as many lines again (before each speaker's dash, else as even as its words
    allow; not where it is at most ``fits`` characters long, and no song); blank lines stay
    blank."""
    text = cue_lines(source, text, fits=fits)
    breaks = [i for i, run in enumerate(runs) if "\n" in run and not run.strip()]
    if not breaks:
        return split_like(text, runs)
    lines = text.split("\n")
    if len(lines) > len(breaks) + 1:  # more lines than the cue has: its last line holds the rest
        text = "\n".join([*lines[: len(breaks)], " ".join(lines[len(breaks) :])])
    if text.count("\n") < len(breaks):
        return _fewer_lines(text, runs, breaks)
    return fit_lines(text, runs, frozenset(breaks))


# Right-to-left embedding, its end, and the marks a line that says its direction starts with
# (Subtitle Edit's "fix RTL" writes the embedding; other tools a right-to-left mark).
RLE, PDF = "\u202b", "\u202c"
_LINE_MARKS = re.compile("^[ \t]*([\u202b\u200f]+)|([\u202c]+)[ \t]*$", re.MULTILINE)


def embedded(parts: Sequence[str], *, rtl: bool) -> list[str]:
    """A translation's ``parts`` whose lines say they read right to left, or not. Players
    that draw subtitles with libass (mpv, VLC, Kodi, ffmpeg) give a line a left-to-right
    base direction: an Arabic line's final full stop stood on its right, and a Latin word it
    starts with on its left. Into a right-to-left language each line with words is a
    right-to-left embedding (U+202B ... U+202C), which such a player and one guessing the
    direction (a browser's WebVTT) both draw right to left (ffmpeg's libass, checked: a
    right-to-left mark at its start, U+200F, moves neither). Out of one, the marks a line
    starts and ends with go. Each mark is in the part of the letter it stands by (the markup
    between parts stays where it is)."""
    text = "".join(parts)
    owners = [k for k, part in enumerate(parts) for _ in part]  # each character's part
    gone = {i for m in _LINE_MARKS.finditer(text) for i in range(*m.span(1 if m[1] else 2))}
    kept = [(c, owners[i]) for i, c in enumerate(text) if i not in gone]
    if rtl:
        marked: list[tuple[str, int]] = []
        line: list[tuple[str, int]] = []
        for char, owner in [*kept, ("\n", -1)]:
            if char != "\n":
                line.append((char, owner))
                continue
            words = [i for i, (c, _) in enumerate(line) if not c.isspace()]
            if words:
                first, last = words[0], words[-1]
                line.insert(last + 1, (PDF, line[last][1]))
                line.insert(first, (RLE, line[first][1]))
            marked += [*line, (char, owner)]
            line = []
        kept = marked[:-1]
    out = [""] * len(parts)
    for char, owner in kept:
        out[owner] += char
    return out


def cue_lines(source: str, text: str, *, fits: int = 0) -> str:
    """The translation ``text`` of a cue whose text is ``source``, in lines: its own, or,
    when it came back as one line, as many as the cue has (see :func:`fit_cue`), or one
    where it is at most ``fits`` characters long and the cue's lines are not speakers' or
    a song's (CrimeStories' "TO THIS\\nDAY." came back "TO" / "THIS": two lines of a word)."""
    text = text.replace("\r\n", "\n")
    lines = source.split("\n")
    if len(lines) > 1 and "\n" not in text:
        speakers = by_speaker(text, lines)
        if speakers is None and len(text.strip()) <= fits and not _SONG.search(source):
            return text
        return speakers or _around_blank_lines(text, lines)
    return text


def _around_blank_lines(text: str, lines: Sequence[str]) -> str:
    """``text`` broken into as many lines as ``lines`` has lines with words, and put on
    those lines (a blank spacer line stays blank)."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    broken = balanced(text, max(1, len(filled))).split("\n")
    if len(broken) != len(filled) or len(filled) == len(lines):
        return "\n".join(broken)
    out = [""] * len(lines)
    for i, line in zip(filled, broken, strict=True):
        out[i] = line
    return "\n".join(out)


def _fewer_lines(text: str, runs: Sequence[str], breaks: Sequence[int]) -> list[str]:
    """``text``, with fewer lines than the cue's lines set apart by markup (``<i>…</i>`` on
    each), fitted to the first lines' runs; the lines left over get no text and the breaks
    before them go, so no empty line shows (and a Thai line is not cut to fill two)."""
    lines = text.split("\n")
    bounds = [-1, *breaks, len(runs)]
    parts = ["" for _ in runs]
    for number, (a, b) in enumerate(itertools.pairwise(bounds)):
        group = list(range(a + 1, b))
        if number < len(lines) and group:
            for i, part in zip(
                group, split_at_markup(lines[number], [runs[i] for i in group]), strict=True
            ):
                parts[i] = part
        if number < len(breaks) and number < len(lines) - 1:
            parts[breaks[number]] = runs[breaks[number]]
    return parts


# A song's lines stay a song's lines.
_SONG = re.compile("[♪♫]")
# A line that begins with a dash: a speaker's, in a cue of two speakers' lines.
_DASH = re.compile(r"\s*[-\u2010-\u2015]")
_SPEAKER = re.compile(r"(?<=\S)\s+(?=[-\u2010-\u2015]\s*\S)")
# The same after a sentence's end only: "- I - I do not know. - You do." has one new speaker.
_NEXT_SPEAKER = re.compile(r"(?<=[.!?…。！？\"'”’»)\]])\s+(?=[-\u2010-\u2015]\s*\S)")


def by_speaker(text: str, lines: Sequence[str]) -> str | None:
    """A translation of a cue whose every line a speaker's dash begins, broken before each
    dash again ("- Oui. - Non." → two lines); None where it does not begin with one too."""
    if not all(_DASH.match(line) for line in lines) or not _DASH.match(text):
        return None
    cut = _NEXT_SPEAKER.split(text.strip(), maxsplit=len(lines) - 1)
    if len(cut) < len(lines):  # (unpunctuated: any dash after a word)
        cut = _SPEAKER.split(text.strip(), maxsplit=len(lines) - 1)
    return "\n".join(cut) if len(cut) > 1 else None


# Where a line may end in a translation that came back as one line: at a space, or between two
# characters of Chinese or Japanese (not before their closing punctuation, not after their
# opening one). Thai, Lao, Khmer and Myanmar words are not cut: their lines stay whole.
_SPACES = re.compile(r"[ \t]+")
# Beyond this many ways to place the breaks, lines are filled in turn instead.
_MOST_CHOICES = 20_000


def balanced(text: str, lines: int) -> str:
    """``text`` (one line) broken into ``lines`` lines (fewer when it has fewer places to
    break), the longest as short as can be, a break after a comma or full stop preferred to
    one a little more even."""
    stripped = text.strip()
    cuts: list[tuple[int, int]] = [
        m.span() for m in _SPACES.finditer(stripped) if m.start() > 0 and m.end() < len(stripped)
    ]
    cuts += [
        (i, i)
        for i in range(1, len(stripped))
        if ideographic(stripped[i - 1])
        and ideographic(stripped[i])
        and stripped[i] not in CLOSING
        and stripped[i - 1] not in OPENING
    ]
    cuts.sort()
    wanted = min(lines - 1, len(cuts))
    if wanted < 1:
        return text
    # A break after a comma or full stop is worth a longest line a quarter of a line longer.
    bonus = width(stripped) / (wanted + 1) / 4

    def cost(chosen: Sequence[tuple[int, int]]) -> float:
        bounds = [(0, 0), *chosen, (len(stripped), len(stripped))]
        parts = [stripped[b:end] for (_, b), (end, _) in itertools.pairwise(bounds)]
        pauses = sum(
            1 for part in parts[:-1] if part[-1:] in PAUSE and not ABBREVIATION.search(part)
        )
        return max(width(part) for part in parts) - bonus * pauses

    if math.comb(len(cuts), wanted) <= _MOST_CHOICES:
        best = min(itertools.combinations(cuts, wanted), key=cost)
    else:
        # Fill each line up to an even share of the width.
        share = width(stripped) / (wanted + 1)
        chosen: list[tuple[int, int]] = []
        for cut in cuts:
            if len(chosen) < wanted and width(stripped[: cut[0]]) >= share * (len(chosen) + 1):
                chosen.append(cut)
        best = tuple(chosen)
    out: list[str] = []
    cursor = 0
    for a, b in best:
        out += [stripped[cursor:a], "\n"]
        cursor = b
    out.append(stripped[cursor:])
    return "".join(out)


def _blocks(
    text: str,
    *,
    numbered: bool,
    timing: re.Pattern[str] = _TIMING,
    block: re.Pattern[str] = _BLOCK,
) -> list[tuple[int, int]]:
    """The cues' spans: blocks of lines apart by blank lines, each cut before a later timing
    line (``numbered``, SubRip: before the cue number right above it too), since players
    read a cue that lacks the blank line before the next as two cues, not one that shows
    the next one's number and timing as text. In SubRip, a block with no timing after a cue
    is more of that cue's text (a blank line in it, or right after its timing), as players
    and editors read it."""
    found: list[tuple[int, int]] = []
    for m in block.finditer(text):
        if not m.group().strip():
            continue
        cut = _cut_at_timings(text, *m.span(), numbered=numbered, timing=timing)
        if numbered and found and _timing_index(text, *cut[0], 2, timing) is None:
            found[-1] = (found[-1][0], cut.pop(0)[1])
        found += cut
    return found


def _cut_at_timings(
    text: str, start: int, end: int, *, numbered: bool, timing: re.Pattern[str] = _TIMING
) -> list[tuple[int, int]]:
    starts = _line_starts(text, start, end)
    lines = [
        text[a : (starts[i + 1] - 1 if i + 1 < len(starts) else end)] for i, a in enumerate(starts)
    ]
    first = next((i for i, line in enumerate(lines[:2]) if timing.match(line)), None)
    if first is None:
        return [(start, end)]  # not a cue: the reader says so
    cues: list[tuple[int, int]] = []
    begin = 0
    for i in range(first + 1, len(lines)):
        if not timing.match(lines[i]):
            continue
        cut = i - 1 if numbered and i - 1 > begin + first and lines[i - 1].strip().isdigit() else i
        cues.append((starts[begin], starts[cut] - 1))
        begin, first = cut, i - cut
    cues.append((starts[begin], end))
    return cues


def _line_starts(text: str, start: int, end: int) -> list[int]:
    starts = [start]
    pos = text.find("\n", start, end)
    while pos != -1:
        starts.append(pos + 1)
        pos = text.find("\n", pos + 1, end)
    return starts


def _cue_text(text: str, start: int, end: int, timing_line: int) -> tuple[int, int] | None:
    """The span of the payload after the timing line, trimmed; None when the cue is empty."""
    starts = _line_starts(text, start, end)
    if timing_line + 1 >= len(starts):
        return None
    a = starts[timing_line + 1]
    payload = text[a:end]
    stripped = payload.strip()
    if not stripped:
        return None
    a += len(payload) - len(payload.lstrip())
    return a, a + len(stripped)


_LINE_BREAK = re.compile(r"\r?\n")


def lines_apart(
    text: str, pieces: list[tuple[int, int]], breaks: re.Pattern[str], *, always: bool = False
) -> list[tuple[int, int]]:
    """A cue's ``pieces`` (the text between its tags) with each line break a piece of its own
    where the cue has tags: a tag closing at a line's end (``<i>Where are you?</i>\n- I am
    here.``) left the break inside the next line's piece, and the translation's lines were
    then spread over the cue by length, the italics running on into the next line.
    ``always``: each line break a piece of its own in any cue (its lines are units)."""
    if len(pieces) < 2 and not always:
        return pieces
    apart: list[tuple[int, int]] = []
    for a, b in pieces:
        cursor = a
        for m in breaks.finditer(text, a, b):
            apart += [(cursor, m.start())] if m.start() > cursor else []
            apart.append(m.span())
            cursor = m.end()
        apart += [(cursor, b)] if b > cursor else []
    return apart


def _timing_index(
    text: str, start: int, end: int, limit: int, timing: re.Pattern[str] = _TIMING
) -> int | None:
    lines = text[start:end].split("\n")
    for i, line in enumerate(lines[:limit]):
        if timing.match(line):
            return i
    return None


def _refused(path: Path, kind: str, what: str, line: int) -> DocumentError:
    return DocumentError(
        f"This is not a valid {kind} file: {what} at line {line}",
        path=path,
        hint="Repair the file in a subtitle editor and try again",
        message_id="document.bad_subtitles",
        params={"line": line},
    )


Cues = tuple[list[tuple[int, int]], list[str], list[list[tuple[int, int]]], list[Timed]]


def _cues(
    text: str,
    path: Path,
    kind: str,
    blocks: Iterable[tuple[int, int]],
    timing: re.Pattern[str] = _TIMING,
    *,
    numbered: bool = False,
    tags: re.Pattern[str] = _TAG,
) -> Cues:
    """The spans, ids, pieces and times of each block's cue text: the lines after its timing
    line (the first line, or the second after a cue number where ``numbered``); ``tags``:
    the markup kept between pieces."""
    spans: list[tuple[int, int]] = []
    ids: list[str] = []
    pieces: list[list[tuple[int, int]]] = []
    timed: list[Timed] = []
    for start, end in blocks:
        at = _timing_index(text, start, end, 2 if numbered or timing is _TIMING else 1, timing)
        if at is None:
            raise _refused(path, kind, "a cue without a timing", text.count("\n", 0, start) + 1)
        cue = _cue_text(text, start, end, at)
        if cue is not None:
            lines = text[start:end].split("\n")
            number = lines[0].strip() if numbered and at == 1 else str(len(ids) + 1)
            spans.append(cue)
            cut = pieces_between(text, *cue, tags)
            pieces.append(lines_apart(text, cut, _LINE_BREAK, always=tags is not _TAG))
            ids.append(f"cue{number}")
            times = _TIMES.match(lines[at])
            said = seconds(times.group()) if times else []
            settings = lines[at][times.end() :] if times else ""
            timed.append(
                Timed(said[0], said[1], place=_place(settings, text[slice(*cue)]))
                if len(said) >= 2
                else Timed(0.0, 0.0, place=f"untimed{len(ids)}")
            )
    return spans, ids, pieces, timed


# A timing line's two times, then (WebVTT) the cue's settings.
_TIMES = re.compile(r"\s*[\d:.,]+\s*(?:-->|,)\s*[\d:.,]+")
_SETTING = re.compile(r"([\w-]+):(\S+)")
# Markup that places a cue or names its speaker: SubStation's alignment and position
# ({\an8}, {\pos(…)}, which SubRip files carry too) and WebVTT's voice (<v Bob>).
_PLACING = re.compile(r"\{[^{}]*\\(?:an?\d|pos\(|move\()[^{}]*\}|<v(?:\.[^\s>]*)?[ \t][^>]*>")


def _place(settings: str, cue: str) -> str:
    """Where a cue shows and who says it, as one text (see :class:`Timed`). A WebVTT
    ``line:`` is only said as the screen's top or bottom half: Netflix moves a cue of two
    lines up a line (line:79.33% under line:84.67%), the same place for a viewer."""
    said = []
    for key, value in _SETTING.findall(settings):
        if key == "line":
            first = value.split(",")[0]
            try:
                top = float(first[:-1]) < 50 if first.endswith("%") else int(first) >= 0
            except ValueError:
                top = False
            value = "top" if top else "bottom"
        said.append(f"{key}:{value}")
    return " ".join([*sorted(said), *_PLACING.findall(cue)])


# What a subtitle file's start says it is, whatever its name: WebVTT's header, SubStation's
# [Script Info], a SubRip cue's number and timing (its milliseconds after a comma), SAMI's
# root tag.
_KINDS = (
    (".vtt", "WebVTT", re.compile(r"WEBVTT(?:[ \t]|\r?\n|\Z)")),
    (".ass", "SubStation Alpha", re.compile(r"\ufeff?\s*\[Script Info\]", re.IGNORECASE)),
    (".srt", "SubRip", re.compile(r"\s*\d+[ \t]*\r?\n[ \t]*\d+:\d\d:\d\d,\d+[ \t]*-->")),
    (".smi", "SAMI", re.compile(r"\ufeff?\s*<SAMI[\s>]", re.IGNORECASE)),
)


def _as_its_kind(
    data: bytes, path: Path, text: str, encoding: str | None, own: str
) -> Document | None:
    """A subtitle file whose content is plainly another kind than its name says (a WebVTT
    or SubStation file renamed .srt), read as that kind, as players read it, and written
    back so under its own name, with a note saying so; None for one of its own kind or of
    no kind its start tells."""
    for suffix, kind, start in _KINDS:
        if not start.match(text):
            continue
        if suffix == own:
            return None
        if suffix == ".smi":
            from engine.documents import sami  # (which reads its cues with this module's)

            reader = sami.read
        else:
            reader = {".vtt": read_vtt, ".ass": read_ass, ".srt": read_srt}[suffix]
        document = reader(data, path, encoding=encoding)
        return read_as_its_kind(
            document, path, kind, read_by="players", note_id="document.subtitle_kind"
        )
    return None


def read_srt(data: bytes, path: Path, *, encoding: str | None = None) -> Document:
    text, found = decode_text(data, path, "subtitle text", encoding=encoding)
    text, lone_cr = mac_lines(text)
    other = _as_its_kind(data, path, text, encoding, ".srt")
    if other is not None:
        return other
    cues = _cues(text, path, "SubRip", _blocks(text, numbered=True), numbered=True)
    return _document(path, text, *cues, found, lone_cr)


def read_vtt(data: bytes, path: Path, *, encoding: str | None = None) -> Document:
    text, found = decode_text(data, path, "subtitle text", encoding=encoding)
    text, lone_cr = mac_lines(text)
    if not re.match(r"WEBVTT(?:[ \t]|\r?\n|\Z)", text):
        other = _as_its_kind(data, path, text, encoding, ".vtt")
        if other is not None:
            return other
        raise DocumentError(
            "This is not a WebVTT file: it does not start with WEBVTT",
            path=path,
            hint="Repair the file in a subtitle editor and try again",
            message_id="document.bad_subtitles",
            params={"line": 1},
        )
    # The header, comments, style sheets and regions are not cue text.
    blocks = [
        (start, end)
        for n, (start, end) in enumerate(_blocks(text, numbered=False, block=_VTT_BLOCK))
        if n and not re.match(r"(?:NOTE|STYLE|REGION)(?:\s|\Z)", text[start:end])
    ]
    # Word timings (YouTube's automatic captions, karaoke) cannot be kept in a translation:
    # its words are not the source's. They and the class spans around the timed words
    # (<c.colorE5E5E5>) are inside the pieces, so a translated cue has its text alone, shown
    # for the cue's time, and a cue left as it was keeps them.
    timed_words = any(_WORD_TIME.search(text, a, b) for a, b in blocks)
    tags = _TAG_NOT_TIMING if timed_words else _TAG
    cues = _cues(text, path, "WebVTT", blocks, tags=tags)
    return _document(path, text, *cues, found, lone_cr, VttDocument)


_WORD_TIME = re.compile(r"<\d[\d:.]*>")
_WORD_TIMING = re.compile(r"<\d[\d:.]*>|</?c(?:\.[^<>\s]*)?>")
_TAG_NOT_TIMING = re.compile(
    r"<rt(?:\.[^<>\s]*)?>[^<]*</rt>|<(?!\d|/?c[.>])[^<>\n]*>|\{\\[^{}\n]*\}"
)


def read_sbv(data: bytes, path: Path, *, encoding: str | None = None) -> Document:
    """YouTube's SubViewer captions: blocks of a timing line ("0:00:01.000,0:00:04.000") and
    the cue's text, apart by blank lines."""
    text, found = decode_text(data, path, "subtitle text", encoding=encoding)
    text, lone_cr = mac_lines(text)
    blocks = _blocks(text, numbered=False, timing=_SBV_TIMING)
    return _document(
        path, text, *_cues(text, path, "SubViewer", blocks, _SBV_TIMING), found, lone_cr
    )


class VttDocument(SubtitleDocument):
    """WebVTT's cue text holds character references (``&amp;`` ``&lt;`` ``&nbsp;``): read as
    the characters they stand for, and ``&`` ``<`` ``>`` of a translation written as
    references again (a bare "<3" or "1 < 2" read as a tag and dropped by players)."""

    def _readable(self, text: str) -> str:
        return html.unescape(_WORD_TIMING.sub("", super()._readable(text)))

    def _unshared(self, piece: str) -> str:
        # (a rolling caption's blank line closes the class span its translated line opened)
        return _WORD_TIMING.sub("", piece)

    def _written(self, part: str, newline: str) -> str:
        escaped = part.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        return super()._written(escaped, newline)

    def render_text(self, translations: Sequence[str]) -> str:
        """As the cues are, and a header's ``Language:`` (YouTube's, and the WebVTT files
        other tools write from its captions) names the translation's language."""
        text = super().render_text(translations)
        if self.language is None:
            return text
        header = re.match(r"[^\r\n]*(?:\r?\n|\r)(?:[^\r\n]+(?:\r?\n|\r))*", text)
        if header is None:
            return text
        said = _VTT_LANGUAGE.sub(rf"\g<1>{self.language.tag}", header.group(), count=1)
        return said + text[header.end() :]


# A WebVTT header's language (``Language: en``), before the first blank line.
_VTT_LANGUAGE = re.compile(r"^(Language:[ \t]*)[^\r\n]*", re.MULTILINE)


def _document(
    path: Path,
    text: str,
    spans: list[tuple[int, int]],
    ids: list[str],
    pieces: list[list[tuple[int, int]]],
    timed: list[Timed],
    encoding: TextEncoding,
    lone_cr: bool,
    kind: type[SubtitleDocument] = SubtitleDocument,
) -> Document:
    # A cue that is all markup has no text to translate.
    keep = [i for i, p in enumerate(pieces) if any(text[a:b].strip() for a, b in p)]
    document = kind(
        path,
        text,
        [spans[i] for i in keep],
        [ids[i] for i in keep],
        encoding,
        [pieces[i] for i in keep],
        [timed[i] for i in keep],
    )
    document.lone_cr = lone_cr
    return document


# An .ass event's override blocks ({\i1}, {\an8}, {\pos(10,20)}) are kept as they are, and so
# is a drawing ({\p1} and the vector commands after it, up to the next block): no text. Its
# forced line breaks (\N) read as line breaks, its hard spaces (\h) as no-break spaces.
_ASS_TAG = re.compile(r"\{[^{}\n]*\\p[1-9][^{}\n]*\}[^{\n]*|\{[^{}\n]*\}")
_ASS_BREAK = "\\N"
_ASS_SOFT = "\\n"
_ASS_SPACE = "\\h"
_ASS_BREAKS = re.compile(r"\\N")
_ASS_BREAKS_SOFT = re.compile(r"\\[Nn]")  # (WrapStyle 2: a soft break breaks the line too)


class AssDocument(SubtitleDocument):
    """An .ass/.ssa script: each Dialogue event's text is a unit, its forced line breaks
    (``\\N``) read as line breaks and written back as such, its soft ones (``\\n``) as what
    they show: a space, or a line break where the script's WrapStyle is 2. Bilingual: the
    translation follows the text in the same event, after a forced line break. Events of
    one style, layer, speaker and position may share a sentence.

    A translated line is broken only where the script's WrapStyle is 2 (no wrapping):
    under WrapStyle 0, 1 or 3 (0 where none is said) the renderer (libass, VSFilter) breaks
    a line at the width the script's resolution, font and margins leave, which a count of
    characters cannot know better, and a forced break (\\N) would override its choice."""

    # Whether a soft line break breaks the line (WrapStyle: 2) or shows as a space.
    soft_breaks = False

    def __init__(
        self,
        path: Path,
        source: str,
        spans: list[tuple[int, int]],
        ids: list[str],
        encoding: TextEncoding,
        pieces: list[list[tuple[int, int]]],
        timed: list[Timed] | None = None,
        *,
        soft_breaks: bool = False,
    ) -> None:
        self.soft_breaks = self.wraps = soft_breaks
        super().__init__(path, source, spans, ids, encoding, pieces, timed)

    def _readable(self, text: str) -> str:
        return _readable(text, soft_breaks=self.soft_breaks)

    def _written(self, part: str, newline: str) -> str:
        return part.replace("\r", "").replace("\n", _ASS_BREAK).replace("\u00a0", _ASS_SPACE)

    def separator(self, start: int, end: int) -> str:
        return _ASS_BREAK


def _readable(text: str, *, soft_breaks: bool = False) -> str:
    """An event's text as the translator reads it: forced line breaks as line breaks, soft
    ones as what they show, hard spaces as no-break spaces (a word on each side, not one
    word)."""
    soft = "\n" if soft_breaks else " "
    return text.replace(_ASS_BREAK, "\n").replace(_ASS_SOFT, soft).replace(_ASS_SPACE, "\u00a0")


# Karaoke: syllables timed by \k tags (\k, \K, \kf, \ko), or the lines a karaoke
# templater made from them (Effect "fx"): their timing belongs to the sung words.
_KARAOKE_TAG = re.compile(r"\{[^{}\n]*\\(?:k|K|kf|ko)\d")


def _karaoke(effect: str, event_text: str) -> bool:
    """Whether an event is karaoke, left as it is: a translation cannot keep its syllables'
    timing (fansubs give the sung line's meaning in an event of its own)."""
    return (
        effect.strip().lower() in ("fx", "karaoke") or _KARAOKE_TAG.search(event_text) is not None
    )


def read_ass(data: bytes, path: Path, *, encoding: str | None = None) -> Document:
    """The text of each Dialogue line of the [Events] section (its last field, after as many
    commas as its Format line names fields before Text); Comment lines are not shown and not
    translated, nor is karaoke (see :func:`_karaoke`)."""
    text, found = decode_text(data, path, "subtitle text", encoding=encoding)
    text, lone_cr = mac_lines(text)

    def refused(line: int, what: str) -> DocumentError:
        return _refused(path, "SubStation Alpha", what, line)

    if not re.match(r"\ufeff?\s*\[Script Info\]", text, re.IGNORECASE):  # (blank lines first)
        other = _as_its_kind(data, path, text, encoding, ".ass")
        if other is not None:
            return other
        raise refused(1, "no [Script Info] header")
    spans: list[tuple[int, int]] = []
    ids: list[str] = []
    pieces: list[list[tuple[int, int]]] = []
    timed: list[Timed] = []
    section = ""
    soft_breaks = False
    fields: list[str] | None = None
    offset = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        at, offset = offset, offset + len(raw) + 1
        line = raw.rstrip("\r")
        stripped = line.strip()
        if stripped.startswith("["):
            section = stripped.lower()
            continue
        if ":" not in line:
            continue
        key, _, value = line.partition(":")
        if section == "[script info]" and key.strip().lower() == "wrapstyle":
            soft_breaks = value.strip() == "2"
            continue
        if section != "[events]":
            continue
        if key.strip().lower() == "format":
            fields = [f.strip().lower() for f in value.split(",")]
            if fields[-1] != "text":
                raise refused(number, "an [Events] Format line that does not end with Text")
            continue
        if key.strip().lower() != "dialogue":
            continue  # Comment, Picture, Sound, Movie, Command: not shown as text
        if fields is None:
            raise refused(number, "a Dialogue line before the Format line")
        start = at + len(key) + 1
        end = at + len(line)
        values: list[str] = []
        for _ in range(len(fields) - 1):
            comma = text.find(",", start, end)
            if comma == -1:
                raise refused(number, f"a Dialogue line with fewer than {len(fields)} fields")
            values.append(text[start:comma])
            start = comma + 1
        named = dict(zip(fields, values, strict=False))
        if _karaoke(named.get("effect", ""), text[start:end]):
            continue
        forced = _ASS_BREAKS_SOFT if soft_breaks else _ASS_BREAKS
        cut = lines_apart(text, pieces_between(text, start, end, _ASS_TAG), forced)
        if any(_readable(text[a:b]).strip() for a, b in cut):
            spans.append((start, end))
            pieces.append(cut)
            ids.append(f"event{len(ids) + 1}")
            times = seconds(f"{named.get('start', '')} {named.get('end', '')}")
            place = [named.get(k, "").strip() for k in ("layer", "style", "name", "marginv")]
            place += _PLACING.findall(text[start:end])
            timed.append(
                Timed(times[0], times[1], place=" ".join(place))
                if len(times) == 2
                else Timed(0.0, 0.0, f"untimed{len(ids)}")
            )
    document = AssDocument(path, text, spans, ids, found, pieces, timed, soft_breaks=soft_breaks)
    document.lone_cr = lone_cr
    return document


# MicroDVD: a cue a line, "{start}{end}" in frames, then its text, its lines apart by "|";
# control codes ({y:i}, {C:$0000FF}, {P:0,10}) before a line's text. SubViewer 2.0: blocks of
# a timing line ("00:00:01.00,00:00:03.00") and the text, its lines apart by "[br]".
_MICRODVD_CUE = re.compile(r"^[ \t]*\{(\d+)\}\{(\d*)\}", re.MULTILINE)
# Formats of a cue a line: MicroDVD; MPL2 ("[12][40]", tenths of a second; "/" before a line:
# italics); TMPlayer ("00:01:02:", its start only); LRC lyrics.
_LINE_CUE = re.compile(
    r"^[ \t]*(?:\{(\d+)\}\{(\d*)\}|\[(\d+)\]\[(\d*)\]|\d{1,2}:\d\d:\d\d[:=]"
    r"|(?:\[\d{1,3}:\d\d(?:[.:]\d{1,3})?\][ \t]*)+)",  # (LRC lyrics: one or more times a line)
    re.MULTILINE,
)
# MicroDVD's control codes, MPL2's "/" before an italic line, enhanced LRC's word timings
# (A2's "<01:02.50>", foobar2000's "[01:02.50]" after the line's own).
_MICRODVD_CODE = re.compile(
    r"\{[a-zA-Z]:[^{}\n]*\}|(?<=[\]|:=])/|<\d{1,3}:\d\d(?:[.:]\d{1,3})?>"
    r"|\[\d{1,3}:\d\d(?:[.:]\d{1,3})?\]"
)
# What a .txt of subtitles starts every line with (MicroDVD's, MPL2's timings: two numbers in
# braces or brackets, which no prose, chat log or transcript line does; a TMPlayer or LRC
# time stamp does start chat logs, agendas and transcripts, which stay text).
_TXT_CUE = re.compile(r"[ \t]*(?:\{\d+\}\{\d*\}|\[\d+\]\[\d*\])")
_SUBVIEWER_BREAK = re.compile(r"\[br\]", re.IGNORECASE)
# VobSub's .sub: subtitles as pictures in an MPEG program stream (its pack header).
_VOBSUB = b"\x00\x00\x01\xba"
_SBV_LINE = re.compile(r"^\s*\d+:\d\d:\d\d\.\d+\s*,\s*\d+:\d\d:\d\d\.\d+\s*$", re.MULTILINE)


class MicroDvdDocument(SubtitleDocument):
    """A file of a cue a line (MicroDVD, MPL2, TMPlayer): a cue's lines read as lines and
    written back with the file's own line separator ("|"). Bilingual: the translation
    follows the text in the same cue, on lines of its own."""

    line_break = "|"

    def _readable(self, text: str) -> str:
        return text.replace(self.line_break, "\n")

    def _written(self, part: str, newline: str) -> str:
        return part.replace("\r", "").replace("\n", self.line_break)

    def separator(self, start: int, end: int) -> str:
        return self.line_break


class SubViewerDocument(MicroDvdDocument):
    """A SubViewer 2.0 file: its cues' lines apart by "[br]" (read in any case)."""

    line_break = "[br]"

    def _readable(self, text: str) -> str:
        return _SUBVIEWER_BREAK.sub("\n", text)


class LrcDocument(MicroDvdDocument):
    """LRC lyrics: a timed line is one line ("|" is text); a translation given on several
    lines is written on its one. An enhanced file's word timings (``<00:02.50> spark``) are
    not sent: the line's words are, their spaces normalized; the translation is put back
    between the timings as the words were (its share of them by length), each stretch
    keeping the spaces around it, so the line stays timed word by word."""

    line_break = " "
    wraps = False
    # (a lyrics line is shown by a music player, which guesses its direction by its letters)
    directed = False

    def _readable(self, text: str) -> str:
        return " ".join(_LRC_WORD_TIME.sub("", text).split())

    def _written(self, part: str, newline: str) -> str:
        return re.sub(r"[ \t]*\r?\n[ \t]*", " ", part)

    def parts(self, n: int, text: str) -> list[str]:
        assert self.pieces is not None
        parts = super().parts(n, text)
        if text == self.units[n].text:
            return parts
        out: list[str] = []
        for (a, b), part in zip(self.pieces[n], parts, strict=True):
            raw = self.source[a:b]
            words = part.strip()
            lead = raw[: len(raw) - len(raw.lstrip())]
            trail = raw[len(raw.rstrip()) :] if raw.strip() else ""
            out.append(lead + words + trail if words else " " * (raw != raw.strip()))
        return out


# Enhanced LRC's time of a word, before it: A2's "<mm:ss.xx>", foobar2000's "[mm:ss.xx]" after
# the line's own.
_LRC_WORD_TIME = re.compile(r"<\d{1,3}:\d\d(?:[.:]\d{1,3})?>|\[\d{1,3}:\d\d(?:[.:]\d{1,3})?\]")


def read_lrc(data: bytes, path: Path, *, encoding: str | None = None) -> Document:
    """LRC lyrics: each timed line ("[01:02.50]", several times for a repeated line) is a
    cue; its tags ([ar:…], [ti:…], [offset:…]) and an enhanced file's word timings stay."""
    text, found = decode_text(data, path, "lyrics text", encoding=encoding)
    text, lone_cr = mac_lines(text)
    if _LINE_CUE.search(text) is None and text.strip():
        raise _refused(path, "LRC lyrics", "no timed line", 1)
    return _line_cues(path, text, found, lone_cr, LrcDocument)


def read_txt(data: bytes, path: Path, *, encoding: str | None = None) -> Document:
    """A .txt file: MicroDVD or MPL2 subtitles where every line is a cue (as subtitle sites
    hand them out), a table of cells between tabs (a sheet Excel saved as "Unicode Text"),
    else plain text."""
    text, found = decode_text(data, path, "text", encoding=encoding)
    text, lone_cr = mac_lines(text)
    if line_cues(text):
        return _line_cues(path, text, found, lone_cr)
    if tab_table(text):
        return DelimitedDocument(path, text, "\t", found, lone_cr)
    return plain_text(path, text, found, lone_cr)


def line_cues(text: str, *, partial: bool = False) -> bool:
    """Whether ``text`` is MicroDVD or MPL2 subtitles: three or more lines, every line with
    words a cue (so no line of text is left out of the translation). ``partial``: ``text``
    is the start of a file (its last line may be cut)."""
    lines = [line for line in text.lstrip("\ufeff").split("\n") if line.strip()]
    if partial:
        lines = lines[:-1]
    return len(lines) >= 3 and all(_TXT_CUE.match(line) for line in lines)


_SNIFFED = 4096  # (the first lines of a file: read on the app's thread, so kept small)


def document_in_text(path: Path) -> bool:
    """Whether ``path`` is a .txt file of MicroDVD or MPL2 subtitles (as subtitle sites hand
    them out) or a table of cells between tabs (a sheet Excel saved as "Unicode Text"): a
    document to translate into a file with its timings or its cells, not text to show or
    print. Looks at its first lines."""
    if path.suffix.lower() != ".txt":
        return False
    head = read_head(path, _SNIFFED)
    partial = len(head) == _SNIFFED
    text = head_text(head).replace("\r\n", "\n").replace("\r", "\n")  # (timings are ASCII)
    if line_cues(text, partial=partial):
        return True
    # (a table's cells may be in any encoding; its tabs and line ends are ASCII, or UTF-16)
    return tab_table(text.rsplit("\n", 1)[0] if partial else text)


def _microdvd_pieces(text: str, start: int, end: int, *, bars: bool) -> list[tuple[int, int]]:
    """A MicroDVD cue's text pieces: the stretches between its control codes, each line
    break ("|") a piece of its own (so a line's codes stay at its start whatever the
    translation's lines)."""
    pieces: list[tuple[int, int]] = []
    for a, b in pieces_between(text, start, end, _MICRODVD_CODE):
        if not bars:
            pieces.append((a, b))
            continue
        cursor = a
        for bar in re.finditer(r"\|", text[a:b]):
            if a + bar.start() > cursor:
                pieces.append((cursor, a + bar.start()))
            pieces.append((a + bar.start(), a + bar.end()))
            cursor = a + bar.end()
        if cursor < b:
            pieces.append((cursor, b))
    return pieces


def read_sub(data: bytes, path: Path, *, encoding: str | None = None) -> Document:
    """A .sub file: MicroDVD's text cues, or SubViewer 2.0's; VobSub's pictures of
    subtitles are refused with what to do."""
    if data.startswith(_VOBSUB):
        raise picture_subtitles(path, error=DocumentError)
    text, found = decode_text(data, path, "subtitle text", encoding=encoding)
    text, lone_cr = mac_lines(text)
    if _MICRODVD_CUE.search(text) is None and text.strip():
        first = _SBV_LINE.search(text)
        if first is None:
            raise _refused(path, "MicroDVD or SubViewer", "no cue", 1)
        # SubViewer's header ([INFORMATION]…, [SUBTITLE], [COLF]…) up to the first timing
        # line: blanked out for finding the cues, kept in the file.
        scan = re.sub(r"[^\n]", " ", text[: first.start()]) + text[first.start() :]
        blocks = _blocks(scan, numbered=False, timing=_SBV_TIMING)
        spans, ids, pieces, timed = _cues(text, path, "SubViewer", blocks, _SBV_TIMING)
        subviewer = SubViewerDocument(path, text, spans, ids, found, pieces, timed)
        subviewer.lone_cr = lone_cr
        return subviewer
    return _line_cues(path, text, found, lone_cr)


def _line_cues(
    path: Path,
    text: str,
    found: TextEncoding,
    lone_cr: bool,
    kind: type[MicroDvdDocument] = MicroDvdDocument,
) -> Document:
    """A file of a cue a line (MicroDVD, MPL2, TMPlayer): each line's text after its timing."""
    spans: list[tuple[int, int]] = []
    ids: list[str] = []
    pieces: list[list[tuple[int, int]]] = []
    for match in _LINE_CUE.finditer(text):
        end = text.find("\n", match.end())
        end = len(text) if end == -1 else end
        while end > match.end() and text[end - 1] in "\r \t":
            end -= 1
        start, stop = match.end(), match.group(2)
        if stop is not None and match.group(1) == stop and stop in ("0", "1"):
            continue  # "{1}{1}23.976": the frame rate the file's timings count in
        cut = _microdvd_pieces(text, start, end, bars=kind.line_break == "|")
        if any(text[a:b].strip() not in ("", kind.line_break) for a, b in cut):
            spans.append((start, end))
            pieces.append(cut)
            ids.append(f"cue{len(ids) + 1}")
    document = kind(path, text, spans, ids, found, pieces)
    document.lone_cr = lone_cr
    return document


__all__ = [
    "AssDocument",
    "LrcDocument",
    "MicroDvdDocument",
    "SubViewerDocument",
    "SubtitleDocument",
    "document_in_text",
    "line_cues",
    "read_ass",
    "read_lrc",
    "read_sbv",
    "read_srt",
    "read_sub",
    "read_txt",
    "read_vtt",
]
