"""Jupyter notebooks as their producers wrote them (tests/data/ipynb/: nbformat.write, as
Jupyter saves, jupytext from a percent-format script, one string per cell with ASCII
escapes, Colab's layout; see tools/make_ipynb_fixtures.py). Each output is read back and
validated by nbformat, Jupyter's own reader; what is not a Markdown cell's text stays byte
for byte."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import nbformat  # (the dev extra's: Jupyter's own reader checks each output; Quire needs json)
import pytest

from engine import Engine, EngineOptions
from engine.cli.main import main
from engine.documents import DocumentError, open_document, translate_file
from engine.documents.extraction import extract
from tests.fixtures.builder import exported

DATA = Path(__file__).parent / "data" / "ipynb"
FILES = ["course.ipynb", "outputs.ipynb", "jupytext.ipynb", "strings.ipynb", "colab.ipynb"]


def marked(batch: Sequence[str]) -> list[str]:
    """A stand-in translator: each text in «» (its placeholders where they were)."""
    return [f"«{text}»" for text in batch]


def unmarked(data: bytes) -> bytes:
    """``data`` without what ``marked`` added, as written (raw, or escaped as ASCII)."""
    for mark in ("«", "»", "\\u00ab", "\\u00bb"):
        data = data.replace(mark.encode("utf-8"), b"")
    return data


def cells(path: Path) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = json.loads(path.read_text("utf-8"))["cells"]
    return found


def joined(source: str | list[str]) -> str:
    return source if isinstance(source, str) else "".join(source)


def test_markdown_cells_are_read_as_jupyter_renders_them_and_code_is_not_read() -> None:
    document = open_document(DATA / "course.ipynb")
    texts = [u.text for u in document.units]
    assert texts[:2] == ["Population growth", texts[1]]
    # Math, spaces inside too (MathJax reads "$ t $"), is a placeholder; so is inline code.
    growth = document.units[1]
    assert growth.fields == ("$r = \\frac{dN}{dt}$", "$ t $", "$N(t)$")
    assert "ZXQ2Q" in growth.text and "frac" not in growth.text
    assert any(u.fields == ("scipy.integrate.odeint",) for u in document.units)
    # (a link: its text, between the two placeholders the translation places)
    assert "Where to read more: ZXQ1Qthe SciPy documentationZXQ2Q." in texts
    assert "growth rate" in texts  # (a table's cell)
    everything = "\n".join(texts)
    for kept in ("left(1", "N_0", "align", "numpy", "growth rate per year", "raw cell"):
        assert kept not in everything  # display math, a LaTeX environment, code, raw
    assert document.units[0].id == "cell1/p1" and all(u.read for u in document.units)
    read = extract(DATA / "course.ipynb").text
    assert "carrying capacity" in read and "linspace" not in read and "# The growth" not in read


@pytest.mark.parametrize("name", FILES)
def test_a_translated_notebook_is_valid_and_keeps_every_other_byte(
    name: str, tmp_path: Path
) -> None:
    source = DATA / name
    before = source.read_bytes()
    out = tmp_path / name
    result = translate_file(source, out, marked, language="de")
    assert source.read_bytes() == before and result.counts.failed == 0
    written = out.read_bytes()
    nbformat.validate(nbformat.reads(written.decode("utf-8"), as_version=4))
    # Only the Markdown cells' text changed; the layout, the escapes, the code, the outputs,
    # the attachments and the metadata are the input's bytes.
    assert written != before and unmarked(written) == before
    for old, new in zip(cells(source), cells(out), strict=True):
        assert type(new["source"]) is type(old["source"])  # (a list stays one, a string too)
        if old["cell_type"] != "markdown" or not joined(old["source"]).strip():
            assert new == old
        else:
            assert "«" in joined(new["source"])
            assert {k: v for k, v in new.items() if k != "source"} == {
                k: v for k, v in old.items() if k != "source"
            }


def test_a_cells_new_lines_are_written_as_jupyter_writes_a_list(tmp_path: Path) -> None:
    """A translation with another number of lines (a sentence over two): the list gets one
    item per line, laid out as its neighbours."""
    document = open_document(DATA / "jupytext.ipynb")
    paragraph = (
        "This tutorial shows how to read a table with ZXQ1QpandasZXQ2Q.\n"
        "Each step is one cell; run them in order."
    )
    german = (
        "Diese Anleitung zeigt, wie man eine Tabelle mit pandas liest. Jede Zelle ist ein Schritt."
    )
    placed = german.replace("pandas", "ZXQ1QpandasZXQ2Q")
    texts = {paragraph: placed, "Reading a CSV file": "Eine CSV-Datei lesen"}
    translations = [texts.get(u.text, u.text) for u in document.units]
    assert translations != [u.text for u in document.units]
    out = document.write(translations).decode("utf-8")
    nbformat.validate(nbformat.reads(out, as_version=4))
    first = json.loads(out)["cells"][0]["source"]
    assert first[:2] == ["# Eine CSV-Datei lesen\n", "\n"]
    # (one item a line; the paragraph's line break stays, where the translation fits it)
    assert first == "".join(first).splitlines(True) and len(first) == 4
    assert " ".join("".join(first[2:]).split()) == german.replace("pandas", "*pandas*")
    assert '    "# Eine CSV-Datei lesen\\n",\n    "\\n",\n' in out  # (Jupyter's indentation)


def test_a_notebook_escaped_as_ascii_stays_so(tmp_path: Path) -> None:
    document = open_document(DATA / "strings.ipynb")
    assert [u.text for u in document.units] == [
        "Übung 1",
        "The café opens at ZXQ1QnineZXQ2Q.\nBring your notebook.",
        "Price: $5 — not math.",  # (an escaped dollar is money)
    ]
    out = document.write(
        ["Exercise 1", "Das Café öffnet um ZXQ1QneunZXQ2Q.\nBring dein Heft.", "Preis: $5"]
    )
    assert out.decode("ascii")  # (no byte past ASCII: the file escapes them)
    sources = [cell["source"] for cell in json.loads(out)["cells"]]
    assert sources[0] == "# Exercise 1\n\nDas Caf\u00e9 öffnet um *neun*.\nBring dein Heft."
    assert sources[2] == "Preis: \\$5"
    assert '"source": "print(\'Gr\\u00fc\\u00dfe\')"' in out.decode("ascii")


def test_the_unit_says_the_line_of_the_file_it_is_on() -> None:
    path = DATA / "course.ipynb"
    lines = path.read_text("utf-8").splitlines()
    document = open_document(path)
    for n, unit in enumerate(document.units):
        line = document.line(n)
        assert line is not None
        assert unit.shown.split()[0].strip(":") in lines[line - 1], (unit.id, line)


def test_a_bilingual_notebook_has_each_block_and_its_translation(tmp_path: Path) -> None:
    out = tmp_path / "course.de.ipynb"
    translate_file(DATA / "course.ipynb", out, marked, language="de", bilingual=True)
    notebook = nbformat.read(out, as_version=4)
    nbformat.validate(notebook)
    first = notebook.cells[0].source
    assert "# Population growth\n\n# «Population growth»" in first


def test_an_nbformat_3_notebook_is_refused_saying_to_save_it_in_jupyter(tmp_path: Path) -> None:
    v3 = nbformat.v3
    old = v3.new_notebook(
        worksheets=[v3.new_worksheet(cells=[v3.new_text_cell("markdown", "An old notebook")])]
    )
    path = tmp_path / "old.ipynb"
    path.write_text(v3.writes_json(old), "utf-8")
    with pytest.raises(DocumentError) as info:
        open_document(path)
    assert info.value.message_id == "document.notebook_version"
    assert info.value.params == {"version": 3} and info.value.path == path
    assert "Jupyter" in (info.value.hint or "")


def test_json_that_is_no_notebook_and_a_damaged_one_are_refused(tmp_path: Path) -> None:
    other = tmp_path / "settings.ipynb"
    other.write_text(json.dumps({"name": "settings", "cells": 3}), "utf-8")
    with pytest.raises(DocumentError) as info:
        open_document(other)
    assert info.value.message_id == "document.not_notebook"
    damaged = tmp_path / "cut.ipynb"
    damaged.write_bytes((DATA / "course.ipynb").read_bytes()[:300])
    with pytest.raises(DocumentError) as info:
        open_document(damaged)
    assert info.value.message_id == "document.json_cut_short" and info.value.path == damaged
    broken = tmp_path / "broken.ipynb"
    broken.write_text('{"cells": [}', "utf-8")
    with pytest.raises(DocumentError) as info:
        open_document(broken)
    assert info.value.message_id == "document.bad_json" and info.value.path == broken


def test_quire_translate_writes_a_notebook_end_to_end(
    tmp_path: Path, quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before, an .ipynb was read as plain text: the model got the JSON, the output was no
    notebook at all."""
    Engine(EngineOptions(home=quire_home)).import_model(exported("marian"), "opus-mt-en-de")
    source = tmp_path / "outputs.ipynb"
    source.write_bytes((DATA / "outputs.ipynb").read_bytes())
    code = main(["translate", "--from", "en", "--to", "de", str(source)])
    _out, err = capsys.readouterr()
    assert code == 0, err
    out = tmp_path / "outputs.de.ipynb"
    notebook = nbformat.read(out, as_version=4)
    nbformat.validate(notebook)
    for old, new in zip(cells(source), cells(out), strict=True):
        if old["cell_type"] == "code":
            assert new == old
        else:
            assert new["attachments" if "attachments" in old else "metadata"] == old.get(
                "attachments", old["metadata"]
            )


def test_a_notebook_of_code_alone_is_copied_with_a_note_not_refused(
    tmp_path: Path, quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before, "The document has no text": the job failed, and a folder of notebooks failed
    on each one of code alone (a third of real notebooks) every time it was run again."""
    v4 = nbformat.v4
    code = v4.new_notebook(
        cells=[v4.new_code_cell("import numpy as np\nnp.ones(3)"), v4.new_markdown_cell("")]
    )
    folder = tmp_path / "project"
    folder.mkdir()
    nbformat.write(code, folder / "setup.ipynb")
    prose = v4.new_notebook(cells=[v4.new_markdown_cell("Plot the data."), *code.cells])
    nbformat.write(prose, folder / "plot.ipynb")
    result = translate_file(folder / "setup.ipynb", tmp_path / "setup.de.ipynb", marked)
    assert result.units == 0 and "copied as they are" in result.notes[0]
    written = tmp_path / "setup.de.ipynb"
    assert written.read_bytes() == (folder / "setup.ipynb").read_bytes()
    with pytest.raises(DocumentError) as info:  # (summarize and ask: nothing to read)
        extract(folder / "setup.ipynb")
    assert info.value.message_id == "document.no_text"
    Engine(EngineOptions(home=quire_home)).import_model(exported("marian"), "opus-mt-en-de")
    assert main(["translate", "--from", "en", "--to", "de", str(folder)]) == 0
    _out, err = capsys.readouterr()
    # (a folder run beside its inputs passes it over: only a mirror needs its copy)
    assert f"quire: 1 file skipped (no text to translate: {folder / 'setup.ipynb'})" in err
    assert not (folder / "setup.de.ipynb").exists()
    assert (folder / "plot.de.ipynb").is_file()


def test_a_notebook_of_a_later_minor_version_keeps_the_cells_it_does_not_know(
    tmp_path: Path,
) -> None:
    """nbformat 4.x may add cell kinds (its own tests' "future cell", with no source):
    nbformat reads them, and Quire refused the notebook as "not a Jupyter notebook"."""
    v4 = nbformat.v4
    notebook = v4.new_notebook(cells=[v4.new_markdown_cell("Results"), v4.new_code_cell("1")])
    notebook.nbformat_minor = 99
    future = {"id": "future-2", "cell_type": "future cell", "metadata": {}}
    notebook.cells.insert(1, nbformat.from_dict(future))
    source = tmp_path / "plus.ipynb"
    nbformat.write(notebook, source, version=nbformat.NO_CONVERT)
    out = tmp_path / "plus.de.ipynb"
    translate_file(source, out, marked)
    assert [c.get("source") for c in cells(out)] == [["«Results»"], None, ["1"]]
    assert cells(out)[1] == cells(source)[1]


def test_a_notebook_cut_short_says_so_and_its_line(tmp_path: Path) -> None:
    """Before: "Unterminated string starting at at line 4" (json's words end in "at")."""
    v4 = nbformat.v4
    notebook = v4.new_notebook(cells=[v4.new_markdown_cell("A long introduction " * 50)])
    text = nbformat.writes(notebook)
    cut = tmp_path / "cut.ipynb"
    cut.write_text(text[: text.index("A long") + 40], "utf-8")
    with pytest.raises(DocumentError) as info:
        open_document(cut)
    error = info.value
    assert "at at" not in error.message and "Unterminated string starting at: line" in error.message
    line = text[: text.index("A long")].count("\n") + 1
    assert "cut short" in error.message and error.params == {"line": line}
    assert error.message_id == "document.json_cut_short"  # (the app says so too)


def test_a_cells_html_line_break_reaches_the_translator_as_a_line_break(tmp_path: Path) -> None:
    v4 = nbformat.v4
    notebook = v4.new_notebook(cells=[v4.new_markdown_cell("Line one<br>Line two")])
    source = tmp_path / "br.ipynb"
    nbformat.write(notebook, source)
    sent: list[str] = []

    def upper(batch: Sequence[str]) -> list[str]:
        sent.extend(batch)
        return [text.upper() for text in batch]

    translate_file(source, tmp_path / "br.de.ipynb", upper)
    assert sent == ["Line one\nLine two"]
    assert nbformat.read(tmp_path / "br.de.ipynb", as_version=4).cells[0].source == (
        "LINE ONE<br>LINE TWO"
    )
    assert extract(source).text == "Line one\nLine two"  # (summarize and ask: not glued)


def test_a_link_to_a_heading_follows_the_heading_into_its_translation(tmp_path: Path) -> None:
    """Jupyter (nbconvert's HTML, JupyterLab) makes a heading's anchor of its text, spaces
    as "-": before, a link to one still named the English heading, which no longer was."""
    v4 = nbformat.v4
    notebook = v4.new_notebook(
        cells=[
            v4.new_markdown_cell(
                "Contents:\n\n- [Getting started](#Getting-started-with-numpy)\n"
                '- <a href="#Results-and-plots">Results</a>\n\n[results]: #Results-and-plots'
            ),
            v4.new_markdown_cell("# Getting started with `numpy`\n\nImport it first."),
            v4.new_code_cell("import numpy as np"),
            v4.new_markdown_cell(
                "## Results and plots\n\nSee [above](#Getting-started-with-numpy)"
            ),
        ]
    )
    source = tmp_path / "guide.ipynb"
    nbformat.write(notebook, source)
    german = {
        "Getting started with ZXQ1Q": "Erste Schritte mit ZXQ1Q",
        "Results and plots": "Ergebnisse und Grafiken (Teil 1",
    }
    out = tmp_path / "guide.de.ipynb"
    translate_file(source, out, lambda batch: [german.get(t, t) for t in batch])
    written = nbformat.read(out, as_version=4).cells
    assert written[1].source.startswith("# Erste Schritte mit `numpy`")
    assert "[Getting started](#Erste-Schritte-mit-numpy)" in written[0].source
    assert '<a href="#Ergebnisse-und-Grafiken-(Teil-1">' in written[0].source
    assert "[results]: #Ergebnisse-und-Grafiken-\\(Teil-1" in written[0].source
    assert "[above](#Erste-Schritte-mit-numpy)" in written[3].source
    # A bilingual notebook keeps the source's headings, so their anchors: links stay.
    translate_file(source, out, lambda batch: [german.get(t, t) for t in batch], bilingual=True)
    assert "(#Getting-started-with-numpy)" in nbformat.read(out, as_version=4).cells[0].source


def test_a_link_to_a_heading_shown_in_code_is_kept(tmp_path: Path) -> None:
    """A cell teaching Markdown shows a heading's link in a code block or inline code: it
    was rewritten to the translated heading's anchor, so the example no longer read as
    written. The cell's real link still follows its heading."""
    v4 = nbformat.v4
    teaching = (
        "## Writing links\n\nIn Markdown write:\n\n"
        "```markdown\n[see above](#Getting-Started)\n```\n\n"
        "Or inline: `[x](#Getting-Started)`, or [go there](#Getting-Started)."
    )
    notebook = v4.new_notebook(
        cells=[v4.new_markdown_cell("# Getting Started"), v4.new_markdown_cell(teaching)]
    )
    source = tmp_path / "links.ipynb"
    nbformat.write(notebook, source)
    out = tmp_path / "links.de.ipynb"
    german = {"Getting Started": "Erste Schritte"}
    translate_file(source, out, lambda batch: [german.get(t, t) for t in batch])
    written = nbformat.read(out, as_version=4).cells[1].source
    assert "```markdown\n[see above](#Getting-Started)\n```" in written
    assert "`[x](#Getting-Started)`" in written
    assert "[go there](#Erste-Schritte)" in written


def test_a_cells_html_blocks_are_translated_as_html(tmp_path: Path) -> None:
    """jupytext's "Reference Guide for Calysto Scheme" opens with an <img> and an <h1>; a
    notebook's tip is a <div class="alert">: their words were left in English, unsent."""
    v4 = nbformat.v4
    notebook = v4.new_notebook(
        cells=[
            v4.new_markdown_cell(
                '<img src="images/logo-64x64.png"/>\n'
                "<h1>Reference Guide for Calysto Scheme</h1>\n\n"
                "[Calysto Scheme](https://github.com/Calysto/calysto_scheme) is a language."
            ),
            v4.new_markdown_cell(
                '<div class="alert alert-block alert-info">\n'
                "<b>Tip:</b> Use the cell toolbar to add tags.\n</div>"
            ),
        ]
    )
    source = tmp_path / "guide.ipynb"
    nbformat.write(notebook, source)
    sent: list[str] = []

    def upper(batch: Sequence[str]) -> list[str]:
        sent.extend(batch)
        return [text.upper() for text in batch]

    translate_file(source, tmp_path / "guide.de.ipynb", upper)
    assert "Reference Guide for Calysto Scheme" in sent
    assert "Tip: Use the cell toolbar to add tags." in sent
    written = nbformat.read(tmp_path / "guide.de.ipynb", as_version=4).cells
    assert written[0].source.startswith(
        '<img src="images/logo-64x64.png"/>\n<h1>REFERENCE GUIDE FOR CALYSTO SCHEME</h1>'
    )
    assert "<b>TIP:</b> USE THE CELL TOOLBAR TO ADD TAGS.\n</div>" in written[1].source
    assert "Use the cell toolbar" in extract(source).text  # (summarize and ask read it too)


def test_a_notebook_holding_nan_or_infinity_is_translated(tmp_path: Path) -> None:
    """Python's json writes NaN and Infinity (a plot's or a widget's metadata may hold them)
    and reads them back; the notebook was refused as damaged, with no reason said."""
    path = tmp_path / "nan.ipynb"
    path.write_text(
        '{"cells": [{"cell_type": "markdown", "metadata": {}, "source": ["# Title\\n", '
        '"Some text."]}], "metadata": {"x": NaN, "y": [-Infinity, Infinity]}, '
        '"nbformat": 4, "nbformat_minor": 5}',
        encoding="utf-8",
    )
    out = tmp_path / "de.ipynb"
    translate_file(path, out, lambda ts: [t.upper() for t in ts], language="de")
    assert out.read_text("utf-8") == path.read_text("utf-8").replace(
        '["# Title\\n", "Some text."]', '["# TITLE\\n", "SOME TEXT."]'
    )
