"""Word .docx: every paragraph of the body, tables, headers, footers, footnotes, endnotes and
text boxes is a unit whose runs are its ``w:t`` texts (runs inside hyperlinks included), so a
sentence with a bold word is translated whole and mapped back onto its runs. Only the text of
``w:t`` elements changes; every other zip entry (styles, relationships, media) is copied byte
for byte, and a part whose text did not change is copied as it was."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path

from lxml import etree

from engine.documents.base import Document, Unit, split_like
from engine.documents.errors import DocumentError

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_P, _T = f"{{{W}}}p", f"{{{W}}}t"
_FALLBACK = f"{{{MC}}}Fallback"
# The parts that hold text, in reading order: body, notes, then headers and footers.
_PARTS = re.compile(r"word/(document|footnotes|endnotes|header\d*|footer\d*)\.xml")
_ORDER = {"document": 0, "footnotes": 1, "endnotes": 2, "header": 3, "footer": 4}
MAX_PART_BYTES = 256 * 1024 * 1024  # a bigger XML part is a zip bomb, not a document
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False)


class DocxDocument(Document):
    def __init__(self, path: Path, data: bytes) -> None:
        self.path, self.data = path, data
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            names = archive.namelist()
        except (zipfile.BadZipFile, ValueError, OSError) as exc:
            raise _corrupt(path, data) from exc
        try:
            # Every entry is copied into the output: check them all now (CRCs, compression),
            # so a damaged image fails here and not half-way through writing.
            bad = archive.testzip()
        except Exception as exc:  # zlib.error, BadZipFile, encrypted or unknown compression
            bad = f"{exc}"
        if bad is not None:
            raise DocumentError(
                f"The document is damaged ({bad})",
                path=path,
                hint="Open and repair it in Word or LibreOffice, then retry",
            )
        if "word/document.xml" not in names:
            raise DocumentError(
                "This is a zip file but not a Word document (no word/document.xml)",
                path=path,
                hint="Give a .docx saved by Word or LibreOffice",
            )
        self.archive = archive
        parts = sorted(
            (n for n in names if _PARTS.fullmatch(n)),
            key=lambda n: (_ORDER[re.sub(r"\d+$", "", Path(n).stem)], _natural(n)),
        )
        self.trees: dict[str, etree._Element] = {}
        self.targets: list[tuple[str, list[etree._Element]]] = []
        units: list[Unit] = []
        for name in parts:
            info = archive.getinfo(name)
            if info.file_size > MAX_PART_BYTES:
                raise DocumentError(
                    f"{name} inside the document is too large to read",
                    path=path,
                    hint="Open and save the document in Word, then retry",
                )
            try:
                root = etree.fromstring(archive.read(name), _parser())
            except (etree.XMLSyntaxError, zipfile.BadZipFile, OSError, ValueError) as exc:
                raise DocumentError(
                    f"The document is damaged: {name} cannot be read",
                    path=path,
                    hint="Open and repair it in Word or LibreOffice, then retry",
                ) from exc
            self.trees[name] = root
            for n, paragraph in enumerate(_paragraphs(root)):
                texts = _texts(paragraph)
                runs = tuple(t.text or "" for t in texts)
                if "".join(runs).strip():
                    self.targets.append((name, texts))
                    units.append(Unit(f"{name}#p{n + 1}", "".join(runs), runs))
        self.units = tuple(units)

    def render(self, translations: Sequence[str]) -> bytes:
        self._check(translations)
        changed: set[str] = set()
        for unit, (name, texts), text in zip(self.units, self.targets, translations, strict=True):
            if text == unit.text:
                continue
            changed.add(name)
            for element, part in zip(texts, split_like(text, unit.runs), strict=True):
                element.text = part
                if part != part.strip():
                    element.set(XML_SPACE, "preserve")
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as target:
            for info in self.archive.infolist():
                if info.filename in changed:
                    payload = etree.tostring(
                        self.trees[info.filename],
                        xml_declaration=True,
                        encoding="UTF-8",
                        standalone=True,
                    )
                else:
                    payload = self.archive.read(info.filename)
                target.writestr(info, payload)
        return out.getvalue()


def _paragraphs(root: etree._Element) -> list[etree._Element]:
    """Every ``w:p`` in document order, except the VML copies of text boxes that Word keeps
    for old readers (mc:Fallback): translating both would translate the text twice."""
    return [p for p in root.iter(_P) if not any(a.tag == _FALLBACK for a in p.iterancestors())]


def _texts(paragraph: etree._Element) -> list[etree._Element]:
    """The paragraph's own ``w:t`` elements (not those of a text box nested inside it)."""
    own: list[etree._Element] = []
    for t in paragraph.iter(_T):
        parent = t.getparent()
        while parent is not None and parent.tag != _P:
            parent = parent.getparent()
        if parent is paragraph:
            own.append(t)
    return own


def _natural(name: str) -> tuple[int, str]:
    digits = re.findall(r"\d+", name)
    return (int(digits[-1]) if digits else 0, name)


def _corrupt(path: Path, data: bytes) -> DocumentError:
    if data.startswith(_OLE):
        return DocumentError(
            "This is an encrypted Word document or an old .doc file",
            path=path,
            hint="Remove the password, or save it as .docx in Word, then retry",
        )
    return DocumentError(
        "This is not a valid .docx file (it is not a zip archive)",
        path=path,
        hint="Open and save it as .docx in Word or LibreOffice, then retry",
    )


def read(data: bytes, path: Path) -> Document:
    return DocxDocument(path, data)


__all__ = ["DocxDocument", "read"]
