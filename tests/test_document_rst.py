"""reStructuredText as its producers write it (tests/data/rst/: pandoc's from a Markdown page,
a PyPI README with badges, a Sphinx page as sphinx-quickstart starts one; see
tools/make_rst_fixtures.py). Outputs are read back by docutils with its warnings as errors:
a title longer than its underline, a lost literal block or a broken list fails them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from docutils import core, nodes  # (the dev extra's: docutils checks each output)
from docutils.parsers import rst

from engine.cli.main import main
from engine.documents import open_document, translate_file
from engine.documents.registry import READERS, TEXT_READERS
from tests.fixtures.builder import exported

DATA = Path(__file__).parent / "data" / "rst"
FIXTURES = [DATA / "pandoc.rst", DATA / "readme.rst", DATA / "sphinx" / "index.rst"]


def doctree(text: str) -> Any:
    """docutils' tree of ``text``; a warning (level 2) raises. Sphinx's roles, toctree and
    code-block's caption (which docutils alone does not know) read as generic ones."""
    for name, options in (("toctree", {"maxdepth": int}), ("code-block", {})):
        spec = {"caption": rst.directives.unchanged, **options}
        stub = {"has_content": True, "optional_arguments": 1, "option_spec": spec}
        stub["run"] = lambda self: []
        rst.directives.register_directive(name, type(name, (rst.Directive,), stub))
    for role in ("doc", "ref", "class", "meth"):
        rst.roles.register_generic_role(role, nodes.literal)
    settings = {"halt_level": 2, "report_level": 2, "warning_stream": False}
    return core.publish_doctree(text, settings_overrides=settings)


def widened(texts: Sequence[str]) -> list[str]:
    """A stand-in translation longer than its source, in wide characters too (placeholders,
    ``ZXQ1Q``, kept)."""
    return [f"Übersetzt 翻译 {t.upper()}" for t in texts]


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_a_translated_file_reads_back_in_docutils_without_a_warning(
    path: Path, tmp_path: Path
) -> None:
    doctree(path.read_text("utf-8"))  # (the fixture itself is valid)
    out = tmp_path / f"de{path.suffix}"
    translate_file(path, out, widened, language="de")
    doctree(out.read_text("utf-8"))
    both = tmp_path / f"both{path.suffix}"
    translate_file(path, both, widened, language="de", bilingual=True)
    doctree(both.read_text("utf-8"))


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_a_file_translated_as_it_is_is_written_back_byte_for_byte(path: Path) -> None:
    document = open_document(path)
    assert document.write([u.text for u in document.units]) == path.read_bytes()


def test_titles_underlines_grow_with_the_translation_wide_characters_counting_two(
    tmp_path: Path,
) -> None:
    source = tmp_path / "guide.rst"
    source.write_text("=====\nGuide\n=====\n\nSetup\n-----\n\nSome text.\n", "utf-8")
    out = tmp_path / "guide.zh.rst"
    translate_file(source, out, lambda ts: [f"{t} 安装指南" for t in ts], language="zh")
    assert out.read_text("utf-8") == (
        "==============\nGuide 安装指南\n==============\n\n"
        "Setup 安装指南\n--------------\n\nSome text. 安装指南\n"
    )
    tree = doctree(out.read_text("utf-8"))
    assert tree.astext().startswith("Guide 安装指南")


def test_what_is_not_text_is_kept_and_inline_markup_is_placeholders() -> None:
    readme = open_document(DATA / "readme.rst")
    texts = {u.text: u.fields for u in readme.units}
    assert texts["Install it from ZXQ1Q with ZXQ2Q:"] == ("PyPI_", "pip")
    assert "Read the full documentation for the details." in texts  # (the URL kept)
    assert "Jane Doe" in texts and not any("Author" in t for t in texts)  # a field's name
    assert not any("pip install" in t or ">>>" in t or "image::" in t for t in texts)
    page = open_document(DATA / "sphinx" / "index.rst")
    by_text = {u.text: u.fields for u in page.units}
    assert by_text["Contents:"] == ()  # the toctree's caption; its entries are not units
    assert "Jobs move from the queue to a worker" in by_text  # a figure's :alt:
    assert "Do not share one queue file between two machines over a network drive." in by_text
    role = next(f for t, f in by_text.items() if t.startswith("The ZXQ1Q class"))
    assert role == (":class:`Queue", ":meth:`Queue.put", "[#json]_")
    assert not any("sphinx-quickstart" in t or "t = 2^n" in t for t in by_text)


def test_the_translation_moves_placeholders_and_keeps_the_code_they_stand_for(
    tmp_path: Path,
) -> None:
    source = tmp_path / "usage.rst"
    source.write_text(
        "Run ``make`` before :ref:`install`.\n\n"
        "See the `guide <https://example.org/guide>`_ and *read* it::\n\n    code here\n",
        "utf-8",
    )
    swapped = {
        "Run ZXQ1Q before ZXQ2Q.": "ZXQ1Q vor ZXQ2Q ausführen.",
        "See the guide and read it": "Lies den Leitfaden und lies ihn",
    }
    out = tmp_path / "usage.de.rst"
    translate_file(source, out, lambda ts: [swapped[t] for t in ts], language="de")
    written = out.read_text("utf-8")
    assert written.startswith("``make`` vor :ref:`install` ausführen.\n\n")
    # (the link's target and the emphasis marks kept around the words the translation has)
    assert re.search(r"\nLies [^`]*`[^`<]+ <https://example\.org/guide>`_ [^*]*\*\w+\* ", written)
    assert written.endswith(" ihn::\n\n    code here\n")
    doctree(written)


def test_a_bilingual_copy_stays_in_its_list_item_and_the_literal_block_follows_it(
    tmp_path: Path,
) -> None:
    source = tmp_path / "list.rst"
    source.write_text(
        "Title\n=====\n\n- First item\n- Second item\n\nExample::\n\n    x = 1\n", "utf-8"
    )
    out = tmp_path / "list.de.rst"
    translate_file(source, out, lambda ts: [t.upper() for t in ts], language="de", bilingual=True)
    assert out.read_text("utf-8") == (
        "Title / TITLE\n=============\n\n"
        "- First item\n\n  FIRST ITEM\n- Second item\n\n  SECOND ITEM\n\n"
        "Example:\n\nEXAMPLE::\n\n    x = 1\n"
    )
    doctree(out.read_text("utf-8"))


def test_rst_and_rest_are_read_as_restructuredtext_in_the_encoding_named() -> None:
    assert READERS[".rst"] is READERS[".rest"]
    assert ".rst" in TEXT_READERS and ".rest" in TEXT_READERS


def test_the_command_line_translates_a_readme_with_a_model(
    tmp_path: Path, quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from engine import Engine, EngineOptions

    Engine(EngineOptions(home=quire_home)).import_model(exported("marian"), "opus-mt-en-de")
    source = tmp_path / "README.rst"
    source.write_bytes((DATA / "readme.rst").read_bytes())
    code = main(["translate", "--from", "en", "--to", "de", str(source)])
    capsys.readouterr()
    assert code == 0
    written = (tmp_path / "README.de.rst").read_text("utf-8")
    for kept in (
        ".. code-block:: bash\n\n   pip install tinyqueue\n",
        "    from tinyqueue import Queue\n",
        '>>> Queue(":memory:").size()\n0\n',
        ".. _PyPI: https://pypi.org/project/tinyqueue/\n",
        "|pypi| |build| |docs|\n",
    ):
        assert kept in written
    doctree(written)
