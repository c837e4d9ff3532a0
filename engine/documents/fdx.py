"""Final Draft screenplays (``.fdx``: XML, ``<FinalDraft DocumentType="Script">``): each
paragraph of the script's ``<Content>`` (in a ``<DualDialogue>`` too) and of its title page is
a unit, its ``<Text>`` runs the unit's runs: the translation is spread over them, so each
run keeps its attributes (``Style="Bold"``, ``Font``, ``Color``, ``RevisionID``…).

Translated: Action, Dialogue, Parenthetical (inside its parentheses), Scene Heading (after
its ``INT.``/``EXT.``/``EST.``/``INT./EXT.``/``I/E``, kept), Transition, Shot, General,
Lyrics, act and cast-list paragraphs and the title page's paragraphs; a heading, transition
or shot written in capitals is written in capitals. Kept: Character paragraphs (the name and
its extension: the same character in every scene), script notes (``<ScriptNote>``: the
writers' working notes, not the script; kept with their anchors), headers and footers, the
smart-type lists (``<SmartType>``: names, places, times Final Draft offers as you type),
``<SceneProperties>``, ``<ElementSettings>``, page layout, revisions and every byte outside
the translated runs' text, the encoding and the line ends. No bilingual output (a copy of
a paragraph would be another paragraph of the script)."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from engine.documents.base import Document, Unit, check_unit_count, decode_text, edited, split_like
from engine.documents.errors import DocumentError
from engine.documents.package import Unreadable, parse_file
from engine.documents.xmlspans import MARKUP, attributes
from engine.text.encoding import UTF8, EncodedText, TextEncoding

# The paragraph types whose words are kept: a character's cue.
KEPT_TYPES = frozenset(["Character"])
_CAPITALS = frozenset(["Scene Heading", "Transition", "Shot"])
_HEADING = re.compile(r"(?i)[ \t]*(?:INT\.?/EXT|INT/EXT|I/E|INT|EXT|EST)\.?[ \t]+")
# Where a paragraph of the script is: the body's (a dual dialogue's too) and the title page's.
_PLACES = (
    ("FinalDraft", "Content", "Paragraph"),
    ("FinalDraft", "Content", "Paragraph", "DualDialogue", "Paragraph"),
    ("FinalDraft", "TitlePage", "Content", "Paragraph"),
)


@dataclass
class _Paragraph:
    type: str
    runs: list[tuple[int, int]]  # (each <Text>'s content in the source)
    capitals: bool = False


def read(data: bytes, path: Path, *, encoding: str | None = None) -> Document:
    del encoding  # (XML: its declaration and byte order mark say)
    try:
        root = parse_file(data)
    except Unreadable as exc:
        raise DocumentError(
            f"This is not a valid Final Draft file: {exc.what} at line {exc.line}",
            path=path,
            hint="Open and save it again in Final Draft (or the app that exported it), then retry",
            message_id="document.damaged_file",
            params={"suffix": path.suffix},
        ) from None
    name = root.tag if isinstance(root.tag, str) else ""
    if name != "FinalDraft":
        shown = name.rsplit("}", 1)[-1] or "?"
        raise DocumentError(
            f"This is not a Final Draft screenplay: its root element is <{shown}>, not "
            "<FinalDraft>",
            path=path,
            hint="Give a screenplay saved by Final Draft (File > Save As > Final Draft "
            "Document, .fdx) or exported as one",
            message_id="document.fdx_not_final_draft",
            params={"root": shown},
        )
    text, found = decode_text(data, path, "Final Draft", markup=True)
    return FdxDocument(path, text.lstrip("\ufeff"), found)


class FdxDocument(Document):
    encoding: TextEncoding

    def __init__(self, path: Path, source: str, encoding: TextEncoding = UTF8) -> None:
        self.path, self.source, self.encoding = path, source, encoding
        self.paragraphs: list[_Paragraph] = []
        self.types: list[str] = []  # (every paragraph's type, kept ones too, in order)
        units: list[Unit] = []
        for paragraph in self._scan():
            runs = [html.unescape(source[a:b]) for a, b in paragraph.runs]
            if paragraph.type in KEPT_TYPES or not "".join(runs).strip():
                continue
            self._trim(paragraph, runs)
            runs = [html.unescape(source[a:b]) for a, b in paragraph.runs]
            if not "".join(runs).strip():
                continue
            paragraph.capitals = paragraph.type in _CAPITALS and _caps("".join(runs))
            self.paragraphs.append(paragraph)
            units.append(Unit(f"p{len(units) + 1}", "".join(runs), tuple(runs)))
            check_unit_count(len(units), path)
        self.units = tuple(units)

    def _scan(self) -> list[_Paragraph]:
        """The script's and title page's paragraphs, with their ``<Text>`` runs."""
        found: list[_Paragraph] = []
        stack: list[str] = []
        current: _Paragraph | None = None
        depth = -1  # (the stack's depth of the paragraph being read)
        for m in MARKUP.finditer(self.source):
            slash, name, attrs, empty = m.groups()
            if name is None:
                continue
            if slash:
                while stack and stack.pop() != name:
                    pass
                if current is not None and len(stack) <= depth:
                    found.append(current)
                    current = None
                continue
            if empty:
                continue
            stack.append(name)
            if name == "Paragraph" and tuple(stack) in _PLACES:
                if current is not None:  # (a dual dialogue's wrapper)
                    found.append(current)
                current = _Paragraph(attributes(attrs or "").get("Type", ""), [])
                depth = len(stack) - 1
            elif name == "Text" and current is not None and len(stack) == depth + 2:
                end = self.source.find("</Text", m.end())
                if end >= 0:
                    current.runs.append((m.end(), end))
        return found

    def _trim(self, paragraph: _Paragraph, runs: list[str]) -> None:
        """A scene heading's prefix and a parenthetical's parentheses left out of its runs."""
        spans = paragraph.runs
        if paragraph.type == "Scene Heading":
            first = next(k for k, r in enumerate(runs) if r.strip())
            raw = self.source[slice(*spans[first])]
            if (m := _HEADING.match(raw)) is not None and m.end() < len(raw.rstrip()):
                spans[first] = (spans[first][0] + m.end(), spans[first][1])
        elif paragraph.type == "Parenthetical":
            first = next(k for k, r in enumerate(runs) if r.strip())
            last = max(k for k, r in enumerate(runs) if r.strip())
            raw = self.source[slice(*spans[first])]
            lead = len(raw) - len(raw.lstrip())
            if raw[lead : lead + 1] == "(":
                spans[first] = (spans[first][0] + lead + 1, spans[first][1])
            raw = self.source[slice(*spans[last])]
            tail = len(raw.rstrip())
            if raw[tail - 1 : tail] == ")":
                spans[last] = (spans[last][0], spans[last][0] + tail - 1)

    def render(self, translations: Sequence[str]) -> EncodedText:
        self._check(translations)
        edits: list[tuple[int, int, str]] = []
        for n, text in enumerate(translations):
            unit = self.units[n]
            if text == unit.text:
                continue
            paragraph = self.paragraphs[n]
            parts = split_like(text, unit.runs)
            for (a, b), part in zip(paragraph.runs, parts, strict=True):
                if paragraph.capitals:
                    part = part.upper()
                edits.append((a, b, html.escape(part, quote=False)))
        return self.encoding.encode(edited(self.source, edits))


def _caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def paragraph_types(root_text: str) -> list[str]:
    """Every paragraph's type in the script and its title page, in order (kept ones too):
    what a translation must have the same of."""
    document = FdxDocument(Path("script.fdx"), root_text)
    return [p.type for p in document._scan()]


__all__ = ["KEPT_TYPES", "FdxDocument", "paragraph_types", "read"]
