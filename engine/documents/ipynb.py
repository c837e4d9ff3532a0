"""Jupyter notebooks (``.ipynb``, nbformat 4): each Markdown cell is read as a Markdown file
is (markdown.py: headings, lists, tables, links; inline code and math kept, seen as
placeholders), in Jupyter's dialect (every ``$…$`` is math, a LaTeX environment on its own
lines too). Code and raw cells, outputs, execution counts, attachments and metadata are kept.

Only a translated cell's ``source`` is written anew, in the form it had (a list of lines, as
Jupyter writes it, or one string), its layout and the file's escaping (``ensure_ascii``);
every other byte stays as it was, so a notebook laid out by another tool is not reformatted.
nbformat 3 (``worksheets``) is refused: Jupyter opens it and saves it as nbformat 4."""

from __future__ import annotations

import bisect
import dataclasses
import functools
import itertools
import json
import re
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.api import Note
from engine.documents import jsonspans, markdown
from engine.documents.base import (
    Document,
    Unit,
    check_unit_count,
    decode_text,
    edited,
    line_starts,
)
from engine.documents.errors import DocumentError, bad_json, empty_file, json_error
from engine.text.encoding import EncodedText, TextEncoding

# A \uXXXX escape: a file that writes characters past ASCII so was written with
# ensure_ascii (Python's json default), and its translation is written the same way.
_ESCAPE = re.compile(r"(?<!\\)(?:\\\\)*\\u([0-9a-fA-F]{4})")


@dataclass
class _Cell:
    """A Markdown cell with text: its ``source`` value's node, the text it holds, that
    text's document, and where its units begin among the notebook's."""

    node: jsonspans.Node
    lines: list[str] | None  # (None: the source was one string)
    text: str
    document: markdown.MarkdownDocument
    first: int

    @functools.cached_property
    def headings(self) -> list[str]:
        """Its headings' texts, as Jupyter makes their anchors of them."""
        return markdown.cell_headings(self.text)

    @functools.cached_property
    def ends(self) -> list[int]:
        """Where each of its source's lines ends in its text (0 first)."""
        return list(itertools.accumulate((len(piece) for piece in self.lines or ()), initial=0))


class NotebookDocument(Document):
    encoding: TextEncoding

    def __init__(self, path: Path, source: str, encoding: TextEncoding) -> None:
        self.path, self.source, self.encoding = path, source, encoding
        if not source.strip("\ufeff \t\r\n"):
            raise empty_file(path)
        data = _load(path, source)
        root, _end = jsonspans.node(source, len(source) - len(source.lstrip("\ufeff")))
        self.ascii = source.isascii() and any(
            int(m.group(1), 16) > 0x7F for m in _ESCAPE.finditer(source)
        )
        self.cells: list[_Cell] = []
        units: list[Unit] = []
        cells = root.members["cells"][1].items
        for n, (cell, node) in enumerate(zip(data["cells"], cells, strict=True)):
            if cell.get("cell_type") != "markdown":
                continue
            value = cell.get("source")
            lines = value if isinstance(value, list) else None
            text = "".join(value) if lines is not None else value
            document = markdown.parse(text, path, jupyter=True)
            if not document.units:
                continue
            self.cells.append(_Cell(node.members["source"][1], lines, text, document, len(units)))
            units += [dataclasses.replace(u, id=f"cell{n + 1}/{u.id}") for u in document.units]
            check_unit_count(len(units), path)
        self.units = tuple(units)
        self._starts: list[int] | None = None
        if not units:  # (a notebook of code alone: the copy keeps a folder's set whole)
            self.copied_without_text = True
            self.notes = (
                Note(
                    f"{path.name} has no Markdown cells with text: its code and outputs are "
                    "copied as they are",
                    "document.notebook_no_markdown",
                    {"name": path.name},
                ),
            )

    def render(self, translations: Sequence[str]) -> EncodedText:
        return self._written(translations, bilingual=False)

    def render_bilingual(self, translations: Sequence[str]) -> EncodedText:
        """Each Markdown cell as a bilingual Markdown file is: each block followed by its
        translation."""
        return self._written(translations, bilingual=True)

    def _written(self, translations: Sequence[str], bilingual: bool) -> EncodedText:
        self._check(translations)
        texts: list[str] = []
        for cell in self.cells:
            own = translations[cell.first : cell.first + len(cell.document.units)]
            if bilingual:  # (the source's headings stay, and so their anchors)
                texts.append(bytes(cell.document.render_bilingual(own)).decode("utf-8"))
            else:
                texts.append(cell.document.render_text(own))
        if not bilingual:
            texts = _relinked(self.cells, texts)
        edits: list[tuple[int, int, str]] = []
        for cell, text in zip(self.cells, texts, strict=True):
            if text != cell.text:
                edits.append((cell.node.start, cell.node.end, self._source(cell, text)))
        return self.encoding.encode(edited(self.source, edits))

    def _source(self, cell: _Cell, text: str) -> str:
        """A cell's new ``source`` value as the cell wrote its own: one string, or a list of
        its lines (split as nbformat splits them) laid out as the list was."""
        if cell.lines is None:
            return json.dumps(text, ensure_ascii=self.ascii)
        items = [json.dumps(line, ensure_ascii=self.ascii) for line in text.splitlines(True)]
        node, source = cell.node, self.source
        first, last = node.items[0], node.items[-1]
        opening = source[node.start + 1 : first.start]
        closing = source[last.end : node.end - 1]
        if len(node.items) > 1:
            between = source[first.end : node.items[1].start]
        else:  # (one line: as json.dumps would go on, indented or not)
            between = "," + opening if "\n" in opening else ", "
        return f"[{opening}{between.join(items)}{closing}]"

    def line(self, n: int) -> int | None:
        """The file's line of the source line unit ``n`` starts on (Jupyter writes a cell's
        lines one to a line of the file)."""
        if self._starts is None:
            self._starts = line_starts(self.source)
        cell = self.cells[bisect.bisect_right(self.cells, n, key=lambda c: c.first) - 1]
        at = cell.node.start
        if cell.lines:
            offset = cell.document.spans[n - cell.first][0]
            item = min(bisect.bisect_right(cell.ends, offset) - 1, len(cell.lines) - 1)
            at = cell.node.items[item].start
        return bisect.bisect_right(self._starts, at)


def _relinked(cells: Sequence[_Cell], texts: Sequence[str]) -> list[str]:
    """The cells' translated ``texts`` with each link to a heading of the notebook
    (``[see above](#Old-Heading)``) pointing at the translated heading's anchor, as Jupyter
    makes one (nbconvert's HTML and JupyterLab alike): the heading's text as shown, spaces
    as "-". The old anchor is gone once its heading is translated."""
    moved: dict[str, str] = {}
    for cell, text in zip(cells, texts, strict=True):
        old, new = cell.headings, markdown.cell_headings(text) if cell.headings else []
        if len(old) != len(new):
            continue  # (not the same headings: nothing to pair)
        for before, after in zip(old, new, strict=True):
            moved.setdefault(_anchor(before), _anchor(after))
    moved = {old: new for old, new in moved.items() if old != new}
    if not moved:
        return list(texts)

    def relinked(text: str) -> str:
        code: list[tuple[int, int]] | None = None  # (read where a link names a heading)
        edits = []
        for match in _LINK.finditer(text):
            new = moved.get(urllib.parse.unquote(match["anchor"]))
            if new is None:
                continue
            if code is None:
                code = markdown.cell_code(text)  # (a link shown in code is no link: kept)
            if any(a <= match.start() < b for a, b in code):
                continue
            before = match.group()[: match.start("anchor") - match.start()]
            edits.append((*match.span(), before + _target(new, html=before.startswith("href"))))
        return edited(text, edits)

    return [relinked(text) for text in texts]


def _anchor(heading: str) -> str:
    return heading.replace(" ", "-")


def _target(anchor: str, html: bool) -> str:
    """``anchor`` as a link's target can hold it: what would end the target percent-encoded
    (a browser decodes it to find the heading), a Markdown target's unpaired bracket escaped
    (nbconvert's anchor keeps it: "%28" would not find it), the rest as written."""
    unsafe = "<>\"'\\"
    target = "".join(urllib.parse.quote(c) if c in unsafe or c.isspace() else c for c in anchor)
    if html or anchor.count("(") == anchor.count(")"):
        return target
    return target.replace("(", "\\(").replace(")", "\\)")


# A link to a place in the page: an inline link's target, a reference's definition, an
# HTML link's href (as a table of contents cell writes them).
_LINK = re.compile(
    r"(?:\]\([ \t]*<?|^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*<?|\bhref=[\"'])#(?P<anchor>[^\s)>\"']+)",
    re.MULTILINE,
)


def _load(path: Path, source: str) -> dict[str, Any]:
    """The notebook as data; refuses what is not JSON, a notebook of another version, or
    JSON of another kind."""
    try:
        data: Any = json.loads(source.lstrip("\ufeff"))
    except json.JSONDecodeError as exc:
        raise json_error(path, exc) from None
    except RecursionError:
        raise bad_json(path, "it nests too deep or is damaged") from None
    version = data.get("nbformat") if isinstance(data, dict) else None
    if isinstance(version, int) and not isinstance(version, bool) and version != 4:
        raise DocumentError(
            f"This notebook is in nbformat {version}; Quire translates nbformat 4",
            path=path,
            hint="Open it in Jupyter and save it (Jupyter saves nbformat 4), then retry",
            message_id="document.notebook_version",
            params={"version": version},
        )
    cells = data.get("cells") if isinstance(data, dict) else None
    if version != 4 or not isinstance(cells, list) or not all(_is_cell(c) for c in cells):
        raise DocumentError(
            'This JSON file is not a Jupyter notebook (it has no "nbformat" 4 and "cells")',
            path=path,
            hint="Quire translates the .ipynb notebooks Jupyter saves",
            message_id="document.not_notebook",
        )
    notebook: dict[str, Any] = data
    return notebook


def _is_cell(cell: Any) -> bool:
    """A cell as nbformat 4 has it: a ``cell_type``, and a ``source`` of text or lines where
    it is one of the three kinds nbformat 4.0 knows (a later minor version may add a kind
    with no source: nbformat reads it as an unknown cell, and so it is kept as it is)."""
    if not isinstance(cell, dict) or not isinstance(cell.get("cell_type"), str):
        return False
    if cell["cell_type"] not in ("markdown", "code", "raw"):
        return True
    source = cell.get("source")
    return isinstance(source, str) or (
        isinstance(source, list) and all(isinstance(line, str) for line in source)
    )


def read(data: bytes, path: Path, *, encoding: str | None = None) -> Document:
    text, found = decode_text(data, path, "notebook", encoding=encoding)
    return NotebookDocument(path, text, found)


__all__ = ["NotebookDocument", "read"]
