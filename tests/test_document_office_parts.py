"""Word and PowerPoint files whose parts are not where Word and PowerPoint usually put them,
found as Office finds them: the main part by the package's ``officeDocument`` relationship
(Word Online saves word/document22.xml), its headers, footers and styles by its own
relationships. Inputs are files Word Online and Word 2010 wrote (tests/data/office,
tests/data/officefields) and a theme (tests/data/office/stress025.docx, Apache POI's), and
the shape pandoc's alternate_document_path.docx has (GPL, not copied: remade from a file
of Word's by moving its main part)."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from engine.cli.main import main
from engine.documents import DocumentError, open_document
from engine.engine import Engine
from engine.options import EngineOptions
from tests.fixtures.builder import exported
from tests.fixtures.documents import language

OFFICE = Path(__file__).parent / "data" / "office"
FIELDS = Path(__file__).parent / "data" / "officefields"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def entries(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {n: archive.read(n) for n in archive.namelist()}


def moved(source: Path, part: str, to: str) -> bytes:
    """``source`` with its main part ``part`` (and the part's relationships) named ``to``,
    the package's relationship and content types saying so, every other entry as it was:
    what pandoc's alternate_document_path.docx is (word/document2.xml)."""
    folder, name = part.rsplit("/", 1)
    new = to.rsplit("/", 1)[1]
    renamed = {part: to, f"{folder}/_rels/{name}.rels": f"{folder}/_rels/{new}.rels"}
    out = io.BytesIO()
    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(out, "w") as written:
        for info in archive.infolist():
            data = archive.read(info)
            if info.filename in ("_rels/.rels", "[Content_Types].xml"):
                data = data.replace(part.encode(), to.encode())
                assert to.encode() in data, info.filename
            written.writestr(renamed.get(info.filename, info.filename), data, info.compress_type)
    return out.getvalue()


def test_word_onlines_document22_is_read_and_written(tmp_path: Path) -> None:
    """It was refused: "This is a zip file but not a Word document (no word/document.xml)…
    Give a file saved by Word or LibreOffice", of a file Word Online saved."""
    path = OFFICE / "HelloWordOnline.docx"
    document = open_document(path)
    assert [u.text for u in document.units] == ["Hello World from Word Online"]
    assert [u.id for u in document.units] == ["word/document22.xml#p1"]
    data = document.write(["Hallo Welt aus Word Online"], language=language("de"))
    source, out = entries(path.read_bytes()), entries(data)
    assert list(out) == list(source)
    # (its styles' and settings' language, en-GB, found by document22.xml's relationships)
    changed = {n for n in source if source[n] != out[n]}
    assert changed == {"word/document22.xml", "word/styles.xml", "word/settings.xml"}
    for name, tag in (("word/styles.xml", "lang"), ("word/settings.xml", "themeFontLang")):
        (said,) = etree.fromstring(out[name]).iter(f"{W}{tag}")
        assert said.get(f"{W}val") == "de-DE", name
    root = etree.fromstring(out["word/document22.xml"])
    assert "".join(t.text or "" for t in root.iter(f"{W}t")) == "Hallo Welt aus Word Online"
    again = tmp_path / "HelloWordOnline.de.docx"
    again.write_bytes(data)
    assert [u.text for u in open_document(again).units] == ["Hallo Welt aus Word Online"]
    both = entries(document.write(["Hallo Welt"], bilingual=True, language=language("de")))
    root = etree.fromstring(both["word/document22.xml"])
    assert ["".join(p.itertext()) for p in root.iter(f"{W}p")] == [
        "Hello World from Word Online",
        "Hallo Welt",
    ]


def test_quire_translate_writes_word_onlines_document(
    quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Engine(EngineOptions(home=quire_home)).import_model(exported("marian"), "opus-mt-en-de")
    source = tmp_path / "HelloWordOnline.docx"
    source.write_bytes((OFFICE / "HelloWordOnline.docx").read_bytes())
    code = main(["translate", "--from", "en", "--to", "de", str(source)])
    _out, err = capsys.readouterr()
    assert code == 0, err
    out = entries((tmp_path / "HelloWordOnline.de.docx").read_bytes())
    assert out["word/document22.xml"] != entries(source.read_bytes())["word/document22.xml"]
    assert b"de-DE" in out["word/styles.xml"]


@pytest.mark.parametrize(
    ("name", "part", "to"),
    [
        ("word-footer.docx", "word/document.xml", "word/document2.xml"),
        ("word-mail-merge.docx", "word/document.xml", "word/document2.xml"),
        ("powerpoint-slide-number.pptx", "ppt/presentation.xml", "ppt/presentation2.xml"),
    ],
)
def test_a_main_part_of_another_name_is_read_with_its_own_parts(
    name: str, part: str, to: str, tmp_path: Path
) -> None:
    """Word 2010's protocol, its footer, header and notes found by
    word/_rels/document2.xml.rels, a Word 2007 letter beside its glossary's own
    word/glossary/document.xml, and a PowerPoint 2010 slide found by the presentation's
    relationships: read and written as from the file they came from (its styles' language
    too)."""
    usual = open_document(FIELDS / name)
    path = tmp_path / name
    path.write_bytes(moved(FIELDS / name, part, to))
    document = open_document(path)
    assert [(u.id.replace(to, part), u.text, u.fields) for u in document.units] == [
        (u.id, u.text, u.fields) for u in usual.units
    ]
    translations = [f"«{u.text}»" for u in document.units]
    german = language("de")
    written = entries(document.write(translations, language=german))
    expected = entries(usual.write(translations, language=german))
    assert written.pop(to) == expected.pop(part)
    for moved_part in ("[Content_Types].xml", "_rels/.rels"):  # (naming the moved part)
        assert written.pop(moved_part) == expected.pop(moved_part).replace(
            part.encode(), to.encode()
        )
    assert {n: d for n, d in written.items() if n.endswith(".xml")} == {
        n: d for n, d in expected.items() if n.endswith(".xml")
    }


def test_a_theme_named_docx_is_refused_as_no_word_document() -> None:
    """Apache POI's stress025.docx is a theme (its package's main part is a themeManager):
    refused as before, saying what its main part is."""
    with pytest.raises(DocumentError) as caught:
        open_document(OFFICE / "stress025.docx")
    said = caught.value.message
    assert said.startswith("This is a zip file but not a Word document")
    assert "theme/theme/themeManager.xml, is a themeManager" in said
    assert re.search(r"Word or LibreOffice", str(caught.value.hint))
