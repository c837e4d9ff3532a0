"""What broadcast caption files (.scc, EBU .stl) share: a document of timed captions that
is written back in its own kind, or as .srt or .vtt where its kind cannot hold the
translation's characters (Chinese in CEA-608's Latin set)."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path

from engine.api import Note
from engine.documents.base import Document
from engine.documents.cues import Timed, wrapped
from engine.documents.errors import DocumentError

# What a translation's characters are written as where a caption set has none like them,
# the first of each one's choices the set has (models write typographic dashes, ellipses and
# German quotation marks; broadcast sets mostly lack them). A character left out here, or
# none of whose choices the set has, is refused.
NEAREST: dict[str, tuple[str, ...]] = {
    "…": ("...",),
    "–": ("-",),
    "‑": ("-",),
    "‒": ("-",),
    "—": ("-",),
    "\u2009": (" ",),
    "\u202f": (" ",),
    "\u00a0": (" ",),
    "„": ("“", '"'),
    "‚": ("‘", "'"),
    "“": ('"',),
    "”": ('"',),
    "‘": ("'",),
    "’": ("'",),
    "‹": ("‘", "'"),
    "›": ("’", "'"),
    "«": ('"',),
    "»": ('"',),
    "\u2032": ("’", "'"),
    "€": ("EUR",),
}


def nearest(text: str, has: Callable[[str], bool]) -> str:
    """``text`` with each character a set has not (``has``: whether it has one) written as
    its nearest in :data:`NEAREST` the set has; a character without one left as it is
    (for the caller to refuse)."""
    out: list[str] = []
    for char in text:
        if not has(char):
            char = next((c for c in NEAREST.get(char, ()) if all(map(has, c))), char)
        out.append(char)
    return "".join(out)


class CaptionDocument(Document):
    """Captions, each a unit, with when each shows (``timed``). Written as the input's kind
    by :meth:`render`; as ``.srt`` or ``.vtt`` cues on request."""

    timed: Sequence[Timed] = ()
    width = 42  # the .srt or .vtt output's most characters a line
    # The output's suffix, as the job last checked it (``accepts_suffix``): a translation
    # too long for a caption's rows is kept out of the file's own kind, not of .srt or .vtt.
    _suffix: str | None = None

    def _output(self, path: Path) -> None:
        self.output_suffixes = (path.suffix.lower(), ".srt", ".vtt")
        self._too_long: set[int] = set()

    def accepts_suffix(self, suffix: str) -> bool:
        accepted = super().accepts_suffix(suffix)
        if accepted:
            self._suffix = suffix.lower()
        return accepted

    def accepts(self, index: int, text: str) -> bool:
        """Whether ``text`` fits the rows unit ``index``'s caption may take (:meth:`fits`),
        where the output is the file's own kind: one that does not keeps its source text
        and is counted failed (its words are never cut off), and a note says so."""
        if self._suffix in (".srt", ".vtt") or self.fits(index, text):
            return True
        if not self._too_long:
            self.notes = (*self.notes, self._too_long_note())
        self._too_long.add(index)
        return False

    def fits(self, index: int, text: str) -> bool:
        """Whether ``text`` fits the rows caption ``index`` may take. Every kind's own."""
        del index, text
        return True

    def _too_long_note(self) -> Note:
        suffix = self.path.suffix.lower()
        return Note(
            f"A caption whose translation needs more rows than it can show keeps its source "
            f"text and is counted failed; to keep every translation, name the output "
            f"{self.path.stem}.srt or .vtt",
            "document.caption_rows",
            {"suffix": suffix, "name": f"{self.path.stem}.srt"},
        )

    @property
    def default_suffix(self) -> str:
        return self.path.suffix

    def _write_as(self, translations: Sequence[str], suffix: str, bilingual: bool) -> bytes:
        if bilingual:
            raise self.no_bilingual()
        if suffix in (".srt", ".vtt"):
            return self.as_subtitles(translations, suffix)
        return self.render(translations)

    def as_subtitles(self, translations: Sequence[str], suffix: str) -> bytes:
        """The captions as SubRip or WebVTT cues, each from when it shows to when it goes
        (one shown for no time, for a second), its lines wrapped."""
        self._check(translations)
        out = ["WEBVTT", ""] if suffix == ".vtt" else []
        for n, (timed, text) in enumerate(zip(self.timed, translations, strict=True), 1):
            end = timed.end if timed.end > timed.start else timed.start + 1
            stamp = _stamp(timed.start, suffix) + " --> " + _stamp(end, suffix)
            lines = rows_of(" ".join(text.split()), self.width)
            out += ([] if suffix == ".vtt" else [str(n)]) + [stamp, *lines, ""]
        return "\n".join(out).encode("utf-8")

    def unwritable(self, characters: set[str], kind: str) -> DocumentError:
        """The refusal of a translation with ``characters`` the file's kind cannot hold
        (``kind``: its character set's name), saying to write .srt or .vtt instead."""
        first = sorted(characters)[:12]
        # (the characters one sees together, as they are; those that print nothing by name)
        seen = "".join(c for c in first if _named(c) == c)
        shown = " ".join([seen] * bool(seen) + [_named(c) for c in first if _named(c) != c])
        return DocumentError(
            f"The translation has characters {kind} cannot hold: {shown}",
            path=self.path,
            hint=f"Write it as subtitles instead: name the output {self.path.stem}.srt or .vtt",
            message_id="document.caption_characters",
            params={
                "suffix": self.path.suffix,
                "characters": shown,
                "name": f"{self.path.stem}.srt",
            },
        )


def _named(char: str) -> str:
    """``char`` as a reader can see it: itself, or U+XXXX where it prints nothing (a
    control, a format character (U+200B, U+FEFF), a space other than the space)."""
    if unicodedata.category(char)[0] in "CZ" or unicodedata.category(char) in ("Mn", "Me"):
        return f"U+{ord(char):04X}"
    return char


def rows_of(text: str, width: int) -> list[str]:
    """``text`` (one line) wrapped to rows of ``width`` characters (two where it fits, the
    lower the longer, as subtitles' lines are); a word longer than a row is cut where the
    row ends."""
    bounds = [0, *(edge for cut in wrapped(text, width) for edge in cut), len(text)]
    rows: list[str] = []
    for k in range(0, len(bounds), 2):
        line = text[bounds[k] : bounds[k + 1]].strip()
        while len(line) > width:
            rows.append(line[:width])
            line = line[width:]
        rows.append(line)
    return rows


def _stamp(seconds: float, suffix: str) -> str:
    ms = round(seconds * 1000)
    h, ms = divmod(ms, 3_600_000)
    m, ms = divmod(ms, 60_000)
    s, ms = divmod(ms, 1000)
    return f"{h:02}:{m:02}:{s:02}{'.' if suffix == '.vtt' else ','}{ms:03}"
