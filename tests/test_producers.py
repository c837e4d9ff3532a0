"""Documents as other producers write them: LibreOffice and pandoc files (tests/data/producers,
written by tools/make_producer_fixtures.py from tests/fixtures/producers.py's text). Every
sentence is found as a unit, cells without language are copied and counted, every unit is
counted, and the output opens in the format's own Python reader."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pytest
from lxml import etree

from engine.cli.main import main
from engine.documents import open_document, translate_file
from engine.engine import Engine
from engine.options import EngineOptions
from tests.fixtures import producers
from tests.fixtures.builder import exported

DATA = Path(__file__).parent / "data" / "producers"
FILES = sorted(producers.FILES)


def words(text: str) -> str:
    return " ".join(text.split())


def reopened_texts(path: Path) -> list[str]:
    """The paragraphs of a written file, read by the format's own Python reader."""
    data = path.read_bytes()
    suffix = path.suffix
    if suffix == ".docx":
        import docx

        document = docx.Document(io.BytesIO(data))
        texts = [p.text for p in document.paragraphs]
        for table in document.tables:
            texts += [c.text for row in table.rows for c in row.cells]
        return texts
    if suffix == ".pptx":
        import pptx

        deck = pptx.Presentation(io.BytesIO(data))
        texts = []
        for slide in deck.slides:
            for shape in slide.shapes:
                if shape.has_text_frame:
                    texts += [p.text for p in shape.text_frame.paragraphs]
                if shape.has_table:
                    texts += [c.text for row in shape.table.rows for c in row.cells]
        return texts
    if suffix in (".odt", ".odp"):
        from odf import teletype, text
        from odf.opendocument import load

        document = load(io.BytesIO(data))
        found = document.getElementsByType(text.P) + document.getElementsByType(text.H)
        return [teletype.extractText(p) for p in found]
    assert suffix == ".epub"
    texts = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist()[0] == "mimetype"
        for name in archive.namelist():
            if name.endswith((".xhtml", ".html")):
                root = etree.fromstring(archive.read(name))
                texts += [
                    "".join(e.itertext())
                    for e in root.iter("{*}p", "{*}h1", "{*}li", "{*}td", "{*}th")
                ]
    return texts


def test_the_committed_files_are_small_and_named_for_their_producer() -> None:
    assert sorted(p.name for p in DATA.iterdir()) == FILES
    assert sum(p.stat().st_size for p in DATA.iterdir()) < 300_000


@pytest.mark.parametrize("name", FILES)
def test_every_sentence_is_a_unit_and_every_unit_is_counted(name: str, tmp_path: Path) -> None:
    path = DATA / name
    document = open_document(path)
    texts = [words(u.text) for u in document.units]
    for sentence in [producers.TITLE, *producers.SENTENCES]:
        assert any(sentence in t for t in texts), (name, sentence)
    seen: list[str] = []

    def upper(batch: Sequence[str]) -> list[str]:
        seen.extend(batch)
        return [t.upper() for t in batch]

    out = tmp_path / f"out{path.suffix}"
    before = path.read_bytes()
    result = translate_file(path, out, upper)
    assert path.read_bytes() == before
    counts = result.counts
    assert counts.total == result.units == len(document.units)
    # Every unit sent is counted translated; a text the document repeats is sent once.
    assert len(seen) == len(set(seen))
    assert counts.failed == 0 and counts.translated == sum(u.text in seen for u in document.units)
    for value in producers.VERBATIM:
        assert value in texts and value not in seen  # a cell of numbers is copied
    assert counts.verbatim >= len(producers.VERBATIM)
    reopened = [words(t) for t in reopened_texts(out)]
    for sentence in [producers.TITLE, *producers.SENTENCES]:
        assert any(sentence.upper() in t for t in reopened), (name, sentence)
    for value in producers.VERBATIM:
        assert value in reopened


def test_quire_translate_writes_every_producers_file(
    quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Engine(EngineOptions(home=quire_home)).import_model(exported("marian"), "opus-mt-en-de")
    folder = tmp_path / "in"
    shutil.copytree(DATA, folder)
    code = main(["translate", "--json", "--from", "en", "--to", "de", str(folder)])
    rows = json.loads(capsys.readouterr().out)
    assert code == 0
    assert sorted(Path(r["input"]).name for r in rows) == FILES
    for row in rows:
        assert row["error"] is None
        counts = row["counts"]
        assert sum(counts.values()) == row["units"] > 0
        assert counts["verbatim"] >= len(producers.VERBATIM)
        output = Path(row["output"])
        texts = [words(t) for t in reopened_texts(output)]
        for value in producers.VERBATIM:
            assert value in texts, (output.name, value)


@pytest.mark.parametrize(
    "path",
    [
        *(DATA / name for name in ("pandoc.docx", "libreoffice.odt", "libreoffice.pptx")),
        DATA.parent / "sheets" / "xlsxwriter.xlsx",
        DATA.parent / "sheets" / "libreoffice.csv",
    ],
    ids=lambda p: p.name,
)
def test_bilingual_output_shows_an_untranslated_unit_once(path: Path, tmp_path: Path) -> None:
    """A number, a code or a unit the model failed on keeps its text: bilingual output showed
    it beside a copy of itself ("1,200 / 1,200", "North\\nNorth": an outside review)."""
    document = open_document(path)
    texts = [u.text for u in document.units]
    kept = texts[0]
    translations = [t if t == kept else f"«{t.upper()}»" for t in texts]
    out = tmp_path / f"out{path.suffix}"
    out.write_bytes(bytes(document.write(translations, bilingual=True)))
    after = [u.text for u in open_document(out).units]
    shown = sum(t.count(kept) for t in after)
    assert shown == sum(t.count(kept) for t in texts), (kept, after[:6])
    assert any("«" in t for t in after)  # the others are there with their translation


@pytest.mark.parametrize(
    ("name", "part"),
    [("python-pptx.pptx", "ppt/slideMasters/slideMaster1.xml"), ("libreoffice.odp", "styles.xml")],
)
def test_a_slide_masters_own_text_is_translated_and_its_placeholders_prompts_are_not(
    tmp_path: Path, name: str, part: str
) -> None:
    """A text box on the slide master ("Company confidential"), shown on every slide, stayed
    English in .pptx and .odp (an outside review); a placeholder's prompt ("Click to edit
    Master title style"), shown only while editing, is still left. LibreOffice's PDF of the
    translated .pptx shows the note translated."""
    source = DATA.parent / "masters" / name
    document = open_document(source)
    assert [u.text for u in document.units] == [producers.MASTER_TITLE, producers.MASTER_NOTE]
    note = document.units[1]
    assert note.id.startswith(part) and note.page is None
    out = tmp_path / f"deck{source.suffix}"
    translate_file(source, out, lambda batch: [t.upper() for t in batch])
    assert [u.text for u in open_document(out).units] == [
        producers.MASTER_TITLE.upper(),
        producers.MASTER_NOTE.upper(),
    ]
    with zipfile.ZipFile(out) as package:
        master = package.read(part).decode()
    assert "Click to edit" in master or "Click to add" in master
