"""reStructuredText as its producers write it (tests/data/rst/: pandoc's from a Markdown page,
a PyPI README with badges, a Sphinx page as sphinx-quickstart starts one; see
tools/make_rst_fixtures.py). Outputs are read back by docutils with its warnings as errors:
a title longer than its underline, a lost literal block or a broken list fails them."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from docutils import core, nodes  # (the dev extra's: docutils checks each output)
from docutils.parsers import rst

from engine.cli.main import main
from engine.documents import open_document, translate_file
from engine.documents.registry import READERS, TEXT_READERS
from engine.documents.rst import parse
from engine.documents.runs import without_fields
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
    assert texts["Install it from ZXQ1Q with ZXQ2Q:"] == ("PyPI", "pip")
    # (the link's text translated between the pair of placeholders its markup is)
    assert texts["Read the ZXQ1Qfull documentationZXQ2Q for the details."] == ("", "")
    assert "Jane Doe" in texts and not any("Author" in t for t in texts)  # a field's name
    assert not any("pip install" in t or ">>>" in t or "image::" in t for t in texts)
    page = open_document(DATA / "sphinx" / "index.rst")
    by_text = {u.text: u.fields for u in page.units}
    assert by_text["Contents:"] == ()  # the toctree's caption; its entries are not units
    assert "Jobs move from the queue to a worker" in by_text  # a figure's :alt:
    assert "Do not share one queue file between two machines over a network drive." in by_text
    role = next(f for t, f in by_text.items() if t.startswith("The ZXQ1Q class"))
    assert role == ("Queue", "Queue.put", "")
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
        "See the ZXQ1QguideZXQ2Q and ZXQ3QreadZXQ4Q it": (
            "Lies den ZXQ1QLeitfadenZXQ2Q und ZXQ3QlieZXQ4Q ihn"
        ),
    }
    out = tmp_path / "usage.de.rst"
    translate_file(source, out, lambda ts: [swapped[t] for t in ts], language="de")
    written = out.read_text("utf-8")
    assert written.startswith("``make`` vor :ref:`install` ausführen.\n\n")
    assert "\nLies den `Leitfaden <https://example.org/guide>`_ und *lie* ihn::" in written
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


def translated(tmp_path: Path, text: str, translate: Any, bilingual: bool = False) -> str:
    """``text`` as a file translated by ``translate`` (a dict of unit texts, or a function)."""
    source = tmp_path / "page.rst"
    source.write_text(text, "utf-8")
    out = tmp_path / "page.de.rst"
    if isinstance(translate, dict):
        table = translate
        translate = lambda ts: [table.get(t, t) for t in ts]  # noqa: E731
    translate_file(source, out, translate, language="de", bilingual=bilingual)
    return out.read_text("utf-8")


def test_code_goes_where_the_translation_puts_it_set_apart_as_docutils_reads_it(
    tmp_path: Path,
) -> None:
    # (a docutils HISTORY.rst and a Sphinx page's list items, opening with code)
    source = (
        "* ``/etc/docutils.conf``: the site-wide configuration file.\n"
        "* :ref:`as always <tutorial-extend-build>`, the ``setup`` function\n"
        "  registers the directive.\n"
    )
    german = {
        "ZXQ1Q: the site-wide configuration file.": "Die systemweite Konfiguration (ZXQ1Q).",
        "ZXQ1Q, the ZXQ2Q function\nregisters the directive.": (
            "Wie immer registriert die Funktion ZXQ2Q\ndie Direktive ZXQ1Q."
        ),
    }
    assert translated(tmp_path, source, german) == (
        "* Die systemweite Konfiguration (``/etc/docutils.conf``).\n"
        "* Wie immer registriert die Funktion ``setup``\n"
        "  die Direktive :ref:`as always <tutorial-extend-build>`.\n"
    )
    # Chinese writes no space between words: an escaped space sets the markup apart.
    chinese = {"ZXQ1Q: the site-wide configuration file.": "全站配置文件ZXQ1Q位于此处。"}
    written = translated(tmp_path, source, chinese)
    assert written.startswith("* 全站配置文件\\ ``/etc/docutils.conf``\\ 位于此处。\n")
    tree = doctree(written)
    assert tree.astext().startswith("全站配置文件/etc/docutils.conf位于此处。")


def test_links_emphasis_and_addresses_are_placeholders_the_translation_places(
    tmp_path: Path,
) -> None:
    source = (
        "See the `API documentation <https://example.org/api.html>`_ for details.\n\n"
        "Visit https://example.org for the tutorial and more.\n\n"
        "This is *very* important for **all** users.\n\n"
        "- `#632 <https://github.com/pytest-dev/pluggy/issues/632>`_: Hookspec methods\n"
        "  defined without ``self`` now emit a warning.\n"
    )
    document = parse(source, Path("page.rst"))
    texts = [u.text for u in document.units]
    assert texts[:3] == [
        "See the ZXQ1QAPI documentationZXQ2Q for details.",
        "Visit ZXQ1Q for the tutorial and more.",
        "This is ZXQ1QveryZXQ2Q important for ZXQ3QallZXQ4Q users.",
    ]
    german = {
        texts[0]: "Details finden Sie in der ZXQ1QAPI-DokumentationZXQ2Q.",
        texts[1]: "Das Tutorial und mehr finden Sie unter ZXQ1Q.",
        texts[2]: "Das ist für ZXQ3Q alle ZXQ4Q Benutzer ZXQ1Q sehr ZXQ2Q wichtig.",
        texts[3]: "ZXQ1Q#632ZXQ2Q: Hookspec-Methoden ohne ZXQ3Q\ngeben jetzt eine Warnung aus.",
    }
    written = translated(tmp_path, source, german)
    assert written == (
        "Details finden Sie in der `API-Dokumentation <https://example.org/api.html>`_.\n\n"
        "Das Tutorial und mehr finden Sie unter https://example.org.\n\n"
        "Das ist für **alle** Benutzer *sehr* wichtig.\n\n"
        "- `#632 <https://github.com/pytest-dev/pluggy/issues/632>`_: "
        "Hookspec-Methoden ohne ``self``\n"
        "  geben jetzt eine Warnung aus.\n"
    )
    doctree(written)
    # A translation that lost a link's placeholders keeps its address, around a word.
    lost = translated(tmp_path, source, lambda ts: [without_fields(t, 9) for t in ts])
    assert "<https://example.org/api.html>`_" in lost
    doctree(lost)


def test_a_named_reference_is_translated_and_still_names_its_target(tmp_path: Path) -> None:
    source = (
        "Please `read the docs`_ to learn more!\n\n.. _read the docs: https://docs.example.org/\n"
    )
    german = {"Please ZXQ1Qread the docsZXQ2Q to learn more!": "Bitte ZXQ1Qdie Doku lesenZXQ2Q!"}
    written = translated(tmp_path, source, german)
    assert written.startswith("Bitte `die Doku lesen <read the docs_>`__!\n")
    reference = next(iter(doctree(written).findall(nodes.reference)))
    assert reference.astext() == "die Doku lesen"
    assert reference["refuri"] == "https://docs.example.org/"


def test_summarize_and_ask_read_what_a_reader_sees_of_the_markup(tmp_path: Path) -> None:
    # (pytest's README: a role, a badge, a footnote, a named link and an address)
    source = (
        ".. image:: https://img.shields.io/pypi/v/pytest.svg\n"
        "    :target: https://pypi.org/project/pytest/\n"
        "    :alt: PyPI version\n\n"
        "Use ``foo`` to configure :func:`~pytest.bar` and |badge| in the app, see [1]_ and\n"
        "`Open Collective`_ or https://docs.pytest.org/en/stable/.\n\n"
        ".. |badge| image:: badge.svg\n"
        ".. [1] A note.\n"
        ".. _Open Collective: https://opencollective.com/pytest\n"
    )
    units = parse(source, Path("README.rst")).units
    assert [u.text for u in units if not u.read] == ["PyPI version"]  # a badge's :alt:
    assert " ".join(units[1].shown.split()) == (
        "Use foo to configure bar and in the app, see and Open Collective or "
        "https://docs.pytest.org/en/stable/."
    )


def test_a_directives_argument_goes_on_to_its_options_and_is_kept(tmp_path: Path) -> None:
    # (Sphinx's own pages: a function's other signatures, a C++ template's next line)
    source = (
        ".. py:function:: connect(host)\n"
        "                 connect(host, port)\n\n"
        "   Open a connection.\n\n"
        ".. cpp:class:: template<> \\\n"
        "               Outer<int>\n"
        "   :no-contents-entry:\n\n"
        "   A specialisation.\n\n"
        ".. topic:: A topic whose title\n"
        "           goes on\n\n"
        "   Its text.\n"
    )
    texts = [u.text for u in parse(source, Path("api.rst")).units]
    assert texts == [
        "Open a connection.",
        "A specialisation.",
        "A topic whose title\ngoes on",
        "Its text.",
    ]


def test_a_translated_title_that_a_reference_names_keeps_the_name_as_a_target(
    tmp_path: Path,
) -> None:
    # (docutils' README: "see `Dependencies`_", "Installation_")
    source = (
        "Dependencies\n============\n\nPython 3.9 or later.\n\n"
        "Installation\n============\n\n"
        "Install the `Dependencies`_ first.\n\n"
        "Usage\n=====\n\nSee Installation_ and `dependencies <Dependencies_>`__.\n"
    )
    written = translated(tmp_path, source, widened)
    assert written.startswith(".. _Dependencies:\n\nÜbersetzt 翻译 DEPENDENCIES\n")
    assert "\n\n.. _Installation:\n\nÜbersetzt 翻译 INSTALLATION\n" in written
    assert ".. _Usage:" not in written  # (no reference names it)
    tree = doctree(written)  # ("Unknown target name" is an error)
    assert all(r.get("refid") or r.get("refuri") for r in tree.findall(nodes.reference))
    doctree(translated(tmp_path, source, widened, bilingual=True))


def test_a_field_whose_name_holds_markup_is_a_field(tmp_path: Path) -> None:
    # (docutils' docs/user/config.rst)
    source = (
        ":`pep_references`_: True\n:`rfc_references`_: False\n\n"
        ".. _pep_references: #pep-references\n.. _rfc_references: #rfc-references\n"
    )
    document = parse(source, Path("config.rst"))
    assert [u.text for u in document.units] == ["True", "False"]
    written = translated(
        tmp_path, source, lambda ts: ["Wahr" if t == "True" else "Falsch" for t in ts]
    )
    assert written.startswith(":`pep_references`_: Wahr\n:`rfc_references`_: Falsch\n")
    assert len(list(doctree(written).findall(nodes.field))) == 2


def test_an_icon_fonts_private_use_character_is_kept_as_written(tmp_path: Path) -> None:
    """Nerd Fonts' icons (plane 15's private use, where the reader held each piece of markup
    while fitting lines) were replaced by another unit's markup, or the write crashed."""
    for icon in ("\U000f0001", "\U000f0005", "\U00013001"):  # (and a hieroglyph)
        path = tmp_path / "icons.rst"
        path.write_text(f"Use {icon} icon with ``code`` here and ``more``.\n", encoding="utf-8")
        out = tmp_path / "de.rst"
        translate_file(path, out, lambda ts: [t.upper() for t in ts], language="de")
        assert out.read_text("utf-8") == f"USE {icon} ICON WITH ``code`` HERE AND ``more``.\n"


def test_a_one_character_literal_ends_at_its_own_backquotes(tmp_path: Path) -> None:
    # (Jinja's templates.rst: ``.`` then ``[]`` two lines below)
    source = (
        "Use ``a`` or ``b`` here, and the ``*`` wildcard or ``?`` there.\n\n"
        "You can use a dot (``.``) to access attributes of a variable in addition\n"
        'to the standard Python ``__getitem__`` "subscript" syntax (``[]``).\n'
    )
    texts = [u.text for u in parse(source, Path("templates.rst")).units]
    assert texts == [
        "Use ZXQ1Q or ZXQ2Q here, and the ZXQ3Q wildcard or ZXQ4Q there.",
        "You can use a dot (ZXQ1Q) to access attributes of a variable in addition\n"
        'to the standard Python ZXQ2Q "subscript" syntax (ZXQ3Q).',
    ]
    written = translated(tmp_path, source, lambda ts: [t.upper() for t in ts])
    assert written.startswith("USE ``a`` OR ``b`` HERE, AND THE ``*`` WILDCARD OR ``?`` THERE.")
    doctree(written)


def test_what_a_version_directive_says_changed_is_translated(tmp_path: Path) -> None:
    # (Jinja's extensions.rst: the text below the version, or on its line)
    source = (
        ".. versionchanged:: 3.0\n"
        "    Added ``pgettext`` and ``npgettext``.\n\n"
        ".. versionchanged:: 2.5 Added new-style gettext support.\n\n"
        ".. versionadded:: 2.10\n\n"
        "Within ``{% trans %}`` blocks, it can be useful to trim line breaks.\n"
    )
    texts = [u.text for u in parse(source, Path("extensions.rst")).units]
    assert texts == [
        "Added ZXQ1Q and ZXQ2Q.",
        "Added new-style gettext support.",
        "Within ZXQ1Q blocks, it can be useful to trim line breaks.",
    ]
    written = translated(tmp_path, source, widened)
    assert written.startswith(
        ".. versionchanged:: 3.0\n"
        "    Übersetzt 翻译 ADDED ``pgettext`` AND ``npgettext``.\n\n"
        ".. versionchanged:: 2.5 Übersetzt 翻译 ADDED NEW-STYLE GETTEXT SUPPORT.\n\n"
    )
    both = translated(tmp_path, source, widened, bilingual=True)
    assert both.startswith(
        ".. versionchanged:: 3.0\n"
        "    Added ``pgettext`` and ``npgettext``.\n\n"
        "    Übersetzt 翻译 ADDED ``pgettext`` AND ``npgettext``.\n\n"
        ".. versionchanged:: 2.5 Added new-style gettext support.\n\n"
        + " " * len(".. versionchanged:: 2.5 ")  # (the directive's content, as its text was)
        + "Übersetzt 翻译 ADDED NEW-STYLE GETTEXT SUPPORT.\n\n"
    )


def test_an_escaped_backquote_begins_no_markup(tmp_path: Path) -> None:
    # (docutils' RELEASE-NOTES.rst)
    source = (
        '* Added directives: "container__" (generic block-level container),\n'
        '  "default-role__" (role used for \\`backtick\\` syntax), "title__"\n'
        '  (document title metadata), and `"date"`_ (generate the current local\n'
        "  date, for substitution definitions).\n\n"
        "  __ docs/ref/rst/directives.html#container\n"
        "  __ docs/ref/rst/directives.html#default-role\n"
        "  __ docs/ref/rst/directives.html#title\n\n"
        '.. _"date": docs/ref/rst/directives.html#date\n'
    )
    (text,) = [u.text for u in parse(source, Path("RELEASE-NOTES.rst")).units]
    assert text == (
        'Added directives: "ZXQ1Q" (generic block-level container),\n'
        '"ZXQ2Q" (role used for `backtick` syntax), "ZXQ3Q"\n'  # (its escapes kept)
        '(document title metadata), and ZXQ4Q"date"ZXQ5Q (generate the current local\n'
        "date, for substitution definitions)."
    )
    doctree(translated(tmp_path, source, widened))


def test_markup_after_a_comma_is_set_apart_as_docutils_reads_it(tmp_path: Path) -> None:
    # (Jinja's templates.rst; docutils begins no markup after "," or "*", only after
    # whitespace, an opening bracket or quote, "-", "/" or ":")
    source = "Jinja doesn't support Python's triple quotes (``\"\"\"``, ``'''``).\n"
    chinese = {
        "Jinja doesn't support Python's triple quotes (ZXQ1Q, ZXQ2Q).": "不支持(ZXQ1Q,ZXQ2Q)。"
    }
    written = translated(tmp_path, source, chinese)
    assert written == "不支持(``\"\"\"``, ``'''``)。\n"
    assert doctree(written).astext() == "不支持(\"\"\", ''')。"
    # (nor before "*": emphasis that the translation put next to strong emphasis)
    source = "This is *very* important for **all** users.\n"
    german = {
        "This is ZXQ1QveryZXQ2Q important for ZXQ3QallZXQ4Q users.": (
            "Das ist ZXQ1QsehrZXQ2QZXQ3QalleZXQ4Q wichtig."
        )
    }
    written = translated(tmp_path, source, german)
    assert written == "Das ist *sehr*\\ **alle** wichtig.\n"
    assert doctree(written).astext() == "Das ist sehralle wichtig."


def test_a_translation_on_one_line_keeps_its_markup_whole_over_the_lines(
    tmp_path: Path,
) -> None:
    """A model answers on one line; its words are spread over the paragraph's lines, cut at
    spaces: never between ``*`` and the word it marks (no emphasis then), nor inside a word
    (docutils shows a line break as a space)."""
    # (Jinja's templates.rst)
    source = (
        "If manual escaping is enabled, it's **your** responsibility to escape\n"
        "variables if needed.  What to escape?  If you have a variable that *may*\n"
        'include any of the following chars (``>``, ``<``, ``&``, or ``"``) you\n'
        "**SHOULD** escape it unless the variable contains well-formed and trusted\n"
        "HTML.  Escaping works by piping the variable through the ``|e`` filter.\n"
    )
    written = translated(tmp_path, source, lambda ts: [" ".join(t.upper().split()) for t in ts])
    assert written == (
        "IF MANUAL ESCAPING IS ENABLED, IT'S **YOUR** RESPONSIBILITY TO ESCAPE\n"
        "VARIABLES IF NEEDED. WHAT TO ESCAPE? IF YOU HAVE A VARIABLE THAT\n"
        '*MAY* INCLUDE ANY OF THE FOLLOWING CHARS (``>``, ``<``, ``&``, OR ``"``) YOU\n'
        "**SHOULD** ESCAPE IT UNLESS THE VARIABLE CONTAINS WELL-FORMED AND TRUSTED\n"
        "HTML. ESCAPING WORKS BY PIPING THE VARIABLE THROUGH THE ``|e`` FILTER.\n"
    )
    doctree(written)


def test_a_pair_the_translation_broke_encloses_nothing_it_did_not(tmp_path: Path) -> None:
    source = (
        "Read `the very long guide to everything <https://example.org/g>`_ and then run"
        " ``make``.\n\n"
        "This is *very* important for **all** users.\n\n"
        "Please `read the docs`_ first.\n\n"
        ".. _read the docs: https://docs.example.org/\n"
    )
    texts = [u.text for u in parse(source, Path("page.rst")).units]
    # (a half lost, or the two swapped: a link written bare where its end stood, or else
    # its start; an emphasis dropped, its words kept)
    german = {
        texts[0]: (
            "Führen Sie ZXQ3Q aus, nachdem Sie den sehr langen Leitfaden zu allem "
            "gelesen habenZXQ2Q."
        ),
        texts[1]: "Dies ist für ZXQ3QalleZXQ4Q Benutzer ZXQ1Qsehr wichtig.",
        texts[2]: "Bitte ZXQ2Qzuerst die Doku lesenZXQ1Q.",
    }
    written = translated(tmp_path, source, german)
    assert written.startswith(
        "Führen Sie ``make`` aus, nachdem Sie den sehr langen Leitfaden zu allem gelesen"
        " haben `<https://example.org/g>`_.\n\n"
        "Dies ist für **alle** Benutzer sehr wichtig.\n\n"
        "Bitte `read the docs`_ zuerst die Doku lesen.\n\n"
    )
    doctree(written)
    # A pair left with a space inside and none outside: the words stay apart.
    written = translated(tmp_path, source, {texts[1]: "Dies ist fürZXQ1Q ZXQ2QBenutzer."})
    assert "\n\nDies ist für Benutzer.\n\n" in written


def test_a_bilingual_copy_takes_and_defines_no_target_a_second_time(tmp_path: Path) -> None:
    # (docutils' FAQ.rst and RELEASE-NOTES.rst)
    source = (
        "See `the docs`__ and `PyPI`__, or docs__ and |badge|__.\n\n"
        "__ https://example.org/docs\n__ https://pypi.org\n"
        "__ https://example.org/docs2\n__ https://example.org/badge\n\n"
        ".. |badge| image:: badge.svg\n\n"
        "An _`inline target` here, a footnote [#]_ and another [#]_.\n\n"
        "Read `the guide <https://example.org/g>`_ and `\\<target>`__ elements.\n\n"
        "__ https://example.org/target\n\n"
        ".. [#] First note.\n.. [#] Second note.\n"
    )
    doctree(source)
    both = translated(tmp_path, source, lambda ts: [t.upper() for t in ts], bilingual=True)
    assert "\n\nSEE THE DOCS AND PYPI, OR docs AND |badge|.\n\n" in both
    assert "\n\nAN inline target HERE, A FOOTNOTE AND ANOTHER.\n\n" in both
    assert "\n\nREAD `THE GUIDE <https://example.org/g>`__ AND \\<target> ELEMENTS.\n\n" in both
    doctree(both)  # (a mismatch of anonymous references or footnotes is an error)


def test_a_documents_bibliography_keeps_its_dates_and_names(tmp_path: Path) -> None:
    # (docutils' FAQ.rst: its :Date: an RCS keyword docutils cleans up)
    source = (
        ".. NOTE TO MAINTAINERS: Please add new questions to the end.\n\n"
        "==============\n Docutils FAQ\n==============\n\n"
        ":Date: $Date: 2026-01-11 20:35:49 +0100 (So, 11. Jan 2026) $\n"
        ":Revision: $Revision: 10290 $\n"
        ":Author: Jane Doe\n"
        ":Status: Draft\n"
        ":Copyright: This document has been placed in the public domain.\n"
        ":Abstract: What people ask.\n\n"
        "This is a work in progress.\n\n"
        ":Field: A field list further down.\n"
    )
    texts = [u.text for u in parse(source, Path("FAQ.rst")).units]
    assert texts == [
        "Docutils FAQ",
        "Draft",
        "What people ask.",
        "This is a work in progress.",
        "A field list further down.",
    ]
    both = translated(tmp_path, source, lambda ts: [t.upper() for t in ts], bilingual=True)
    assert ":Author: Jane Doe\n:Status: Draft / DRAFT\n:Copyright: This" in both
    tree = doctree(both)  # ("Bibliographic field "Status" must contain a single <paragraph>")
    (info,) = tree.findall(nodes.docinfo)
    assert "2026-01-11" in info.astext()


def test_a_backquote_in_the_words_stays_a_backquote(tmp_path: Path) -> None:
    # (docutils' FAQ.rst, translated into a language written without spaces)
    source = (
        "* If you have to input a lot of backticks, simply type one in the\n"
        "  normal/awkward way, select it, copy and then paste the rest (CTRL-V\n"
        "  is a lot faster than SHIFT-` + SPACE).\n"
    )
    written = translated(tmp_path, source, lambda ts: ["".join(t.split()) for t in ts])
    assert "SHIFT-\\`+SPACE" in written
    assert "SHIFT-`+SPACE" in doctree(written).astext()


def test_a_sphinx_objects_content_is_translated_without_its_domain_named(
    tmp_path: Path,
) -> None:
    """Jinja's API pages write ``.. method::`` (Python's domain by default), not
    ``.. py:method::``: their descriptions and version notes stayed English."""
    path = tmp_path / "api.rst"
    path.write_text(
        ".. class:: Environment(loader=None)\n\n"
        "   The core component of Jinja.\n\n"
        "   .. method:: get_template(name)\n\n"
        "      Load a template by name.\n\n"
        "      .. versionchanged:: 3.0\n"
        "         Accepts a list of names.\n",
        encoding="utf-8",
    )
    sent = [u.text for u in open_document(path).units]
    assert sent == [
        "The core component of Jinja.",
        "Load a template by name.",
        "Accepts a list of names.",
    ]
    out = tmp_path / "de.rst"
    translate_file(path, out, lambda ts: [t.upper() for t in ts], language="de")
    assert ".. method:: get_template(name)\n\n      LOAD A TEMPLATE BY NAME." in out.read_text()


def code_of(tree: Any) -> list[str]:
    """The text of every literal block and doctest of a doctree, in order."""
    kinds = (nodes.literal_block, nodes.doctest_block)
    return [n.astext() for n in tree.findall(lambda n: isinstance(n, kinds))]


@pytest.mark.parametrize(
    "path",
    [DATA / "openpyxl" / "windows-development.rst", DATA / "openpyxl" / "validation.rst"],
    ids=lambda p: p.name,
)
def test_openpyxls_literal_blocks_in_list_items_and_under_a_short_line_are_kept(
    path: Path, tmp_path: Path
) -> None:
    # (its "#. Install the project requirements::" with the pip lines below, and
    # "Any whole number:" above a line "::"; docutils reads each as a literal block)
    source = path.read_text("utf-8")
    texts = [u.text for u in parse(source, path).units]
    assert "Install the project requirements" in texts or "Any whole number:" in texts
    code = code_of(doctree(source))
    lines = {line.strip() for c in code for line in c.splitlines()}
    assert not [t for t in texts if lines.intersection(t.splitlines())]
    for bilingual in (False, True):
        out = tmp_path / f"de{path.suffix}"
        translate_file(path, out, widened, language="de", bilingual=bilingual)
        assert code_of(doctree(out.read_text("utf-8"))) == code


@pytest.mark.parametrize(
    "source",
    [
        "- Install::\n\n    pip install x\n",
        "#. Install::\n\n     pip install x\n",
        "1. Install::\n\n      pip install x\n",
        "Steps\n\n   - Install::\n\n       pip install x\n",  # (in a block quote)
        "Steps\n   - Install::\n\n       pip install x\n",  # (in a definition)
        ":Steps:\n  - Install::\n\n      pip install x\n",
        ".. note::\n\n   - Install:\n\n     .. code:: sh\n\n        pip install x\n",
        "Install\n\n::\n\n  pip install x\n",
        "Install\n\n>>> pip install x\n>>>\n",
    ],
)
def test_a_literal_block_in_a_list_item_or_after_a_lone_marker_is_no_unit(
    source: str,
) -> None:
    assert [c.removeprefix(">>> ") for c in code_of(doctree(source))] in (
        ["pip install x"],
        ["pip install x\n>>>"],
    )
    texts = [u.text for u in parse(source, Path("page.rst")).units]
    assert texts and not [t for t in texts if "pip" in t]
