"""An EPUB's package around its text: a Kindle book and a cut-short download told apart,
and unchanged entries copied compressed as they are. The books are real ones cut down
(tests/data/epub/README.md); outputs are unzipped and parsed back."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pytest
from lxml import etree

from engine.documents import DocumentError, open_document
from engine.documents.base import Document
from tests.fixtures.documents import language

DATA = Path(__file__).parent / "data" / "epub"
OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"
GERMAN = language("de")


def marked(texts: Sequence[str]) -> list[str]:
    """A stand-in translator: each text in «»."""
    return [f"«{t}»" for t in texts]


def book(tmp_path: Path, name: str, data: bytes | None = None) -> Path:
    path = tmp_path / name
    path.write_bytes((DATA / name).read_bytes() if data is None else data)
    return path


def written(document: Document, *, bilingual: bool = False) -> zipfile.ZipFile:
    data = document.write(marked([u.text for u in document.units]), bilingual=bilingual,
                          language=GERMAN)  # fmt: skip
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.testzip() is None
    return archive


def rezipped(
    source: Path, entries: Sequence[zipfile.ZipInfo] | None = None, level: int | None = None
) -> bytes:
    """The book zipped again: its ``entries`` in that order (each with its own compression),
    or all of them, those compressed at ``level``."""
    old = zipfile.ZipFile(source)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as new:
        for info in entries if entries is not None else old.infolist():
            if level is None:
                new.writestr(info, old.read(info.filename))
            else:
                new.writestr(info.filename, old.read(info.filename), info.compress_type, level)
    return out.getvalue()


def skeleton(data: bytes) -> list[tuple[str, dict[str, str]]]:
    """Every element and its attributes, in order, but the words and their language."""
    return [
        (str(e.tag), {k: v for k, v in e.attrib.items() if "lang" not in k})
        for e in etree.fromstring(data).iter()
        if isinstance(e.tag, str)
    ]


# --- 8. a file that is no zip ------------------------------------------------------------------


def test_a_kindle_book_and_a_cut_short_download_are_told_apart(tmp_path: Path) -> None:
    """Both were "not an EPUB book (it is not a zip archive) … save it again in Sigil or
    Calibre", which helps neither: a Kindle book (a Palm database, BOOKMOBI at offset 60) is
    named so, to convert in Calibre; a zip that ends before its list of files, to download
    again."""
    kindle = book(
        tmp_path, "kindle.epub", b"Book Title".ljust(60, b"\0") + b"BOOKMOBI" + bytes(200)
    )
    whole = (DATA / "pride-and-prejudice.epub").read_bytes()
    cut = book(tmp_path, "cut.epub", whole[: len(whole) // 2])
    said = {}
    for path in (kindle, cut):
        with pytest.raises(DocumentError) as caught:
            open_document(path)
        said[path.name] = caught.value
    assert said["kindle.epub"].message_id == "document.kindle"
    assert "Kindle book" in said["kindle.epub"].message
    assert "Calibre" in str(said["kindle.epub"].hint)
    assert said["cut.epub"].message_id == "document.cut_short"
    assert "Download or copy it again" in str(said["cut.epub"].hint)


# --- 9. writing without recompressing ------------------------------------------------------------


def _raw(data: bytes, info: zipfile.ZipInfo) -> bytes:
    """An entry's compressed bytes as the archive holds them."""
    at = info.header_offset
    start = at + 30 + int.from_bytes(data[at + 26 : at + 28], "little")
    start += int.from_bytes(data[at + 28 : at + 30], "little")
    return data[start : start + info.compress_size]


@pytest.mark.parametrize(
    ("folder", "name"),
    [("epub", "pride-and-prejudice.epub"), ("office", "Of16-02.pptx"), ("office", "chart.docx")],
)
def test_unchanged_entries_are_copied_compressed_as_they_are(
    tmp_path: Path, folder: str, name: str
) -> None:
    """Alice's 26 MB of pictures were decompressed and compressed again on every write (13 of
    its 14 seconds); now an entry the translation leaves alone is copied as its compressed
    bytes (here zipped at level 1, which zipfile's level 6 would not give back), with its
    name, date, method and attributes, and the archive reads back whole."""
    source = Path(__file__).parent / "data" / folder / name
    path = book(tmp_path, name, rezipped(source, level=1))
    data = path.read_bytes()
    document = open_document(path)
    out_data = document.write(marked([u.text for u in document.units]), language=GERMAN)
    before, after = zipfile.ZipFile(io.BytesIO(data)), zipfile.ZipFile(io.BytesIO(out_data))
    assert after.testzip() is None
    assert after.namelist() == before.namelist()
    same = 0
    for old, new in zip(before.infolist(), after.infolist(), strict=True):
        kept = (old.date_time, old.compress_type, old.external_attr, old.create_system)
        assert kept == (new.date_time, new.compress_type, new.external_attr, new.create_system)
        if before.read(old) == after.read(new):
            assert _raw(data, old) == _raw(out_data, new), old.filename
            same += 1
    assert 0 < same < len(before.infolist())
