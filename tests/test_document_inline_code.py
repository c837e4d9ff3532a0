"""Inline code inside a sentence (HTML's <code> and <kbd>, a name marked translate="no",
Markdown's backticks, an EPUB's <code>): the translator sees a placeholder where the code
stands, so it reads a whole sentence, and the code is written back where the translation puts
the placeholder; a line break (<br>) is seen as one. Readers (summaries, questions) see the
code's own text."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from engine.documents import open_document
from engine.documents.extraction import extract
from engine.documents.runs import distribute
from tests.fixtures import documents as fx
from tests.fixtures import producers
from tests.fixtures.documents import Slot

HTML = (
    "<html><body><p>Run <code>pip install quire</code> to install it, then press "
    "<kbd>Ctrl</kbd>+<kbd>Q</kbd>.<br>Next line here.</p>"
    '<p>Ask <span translate="no">Quire</span> anything.</p></body></html>'
)


def html_file(tmp_path: Path) -> Path:
    path = tmp_path / "page.html"
    path.write_text(HTML, encoding="utf-8")
    return path


def test_html_code_is_a_placeholder_and_a_line_break_a_line_break(tmp_path: Path) -> None:
    document = open_document(html_file(tmp_path))
    first, second = document.units
    assert first.text == "Run ZXQ1Q to install it, then press ZXQ2Q+ZXQ3Q.\nNext line here."
    assert first.fields == ("pip install quire", "Ctrl", "Q")
    assert first.shown == "Run pip install quire to install it, then press Ctrl+Q.\nNext line here."
    assert second.text == "Ask ZXQ1Q anything." and second.fields == ("Quire",)
    # Unchanged text writes the file back byte for byte.
    assert document.render([u.text for u in document.units]) == HTML.encode()


def test_html_code_goes_where_the_translation_puts_its_placeholder(tmp_path: Path) -> None:
    document = open_document(html_file(tmp_path))
    german = [
        "Führen Sie ZXQ1Q aus, um es zu installieren, und drücken Sie dann ZXQ2Q+ZXQ3Q."
        "\nNächste Zeile.",
        "Fragen Sie ZXQ1Q alles.",
    ]
    out = document.render(german).decode()
    assert (
        "<p>Führen Sie <code>pip install quire</code> aus, um es zu installieren, und drücken "
        "Sie dann <kbd>Ctrl</kbd>+<kbd>Q</kbd>.<br>Nächste Zeile.</p>" in out
    )
    assert '<p>Fragen Sie <span translate="no">Quire</span> alles.</p>' in out
    # A model that wrote a placeholder in lower case, or with a space inside, is understood.
    relaxed = document.render(["Sie zxq 1Q aus ZXQ2Q ZXQ3Q.\nZeile.", "ZXQ1Q fragen."]).decode()
    assert "Sie <code>pip install quire</code> aus <kbd>Ctrl</kbd>" in relaxed
    assert '<p><span translate="no">Quire</span> fragen.</p>' in relaxed


def test_html_code_stays_whole_and_spaced_when_the_translation_lost_it(tmp_path: Path) -> None:
    document = open_document(html_file(tmp_path))
    out = document.render(["Alles verloren hier, ein langer Satz ohne Code.", "Nichts."])
    text = out.decode()
    for element in ("<code>pip install quire</code>", "<kbd>Ctrl</kbd>", "<kbd>Q</kbd>"):
        assert text.count(element) == 1
    assert "ZXQ" not in text
    # Each piece of code keeps the space its neighbours had ("Run <code>…</code> to …").
    assert "</code> " in text and " <code>" in text


def test_bilingual_html_shows_the_code_not_its_placeholder(tmp_path: Path) -> None:
    document = open_document(html_file(tmp_path))
    out = document.render_bilingual(["Führen Sie ZXQ1Q aus.\nZeile.", "Fragen Sie ZXQ1Q."])
    text = out.decode()
    assert "ZXQ" not in text
    assert (
        '<span class="quire-translation">Führen Sie <code>pip install quire</code> aus.'
        "<br>Zeile.</span>" in text
    )


def test_summaries_and_questions_read_the_code_itself(tmp_path: Path) -> None:
    extracted = extract(html_file(tmp_path))
    assert "Run pip install quire to install it" in extracted.text
    assert "ZXQ" not in extracted.text


MARKDOWN = (
    "# Use `quire` daily\n\n"
    "> Run `pip install\n> quire` to install it, then **press** `Ctrl+Q`.\n> Next line.\n\n"
    "| Key | What |\n|---|---|\n| `F1` | Opens `help` here |\n"
)


def markdown_file(tmp_path: Path) -> Path:
    path = tmp_path / "notes.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    return path


def test_markdown_inline_code_is_a_placeholder(tmp_path: Path) -> None:
    document = open_document(markdown_file(tmp_path))
    texts = [u.text for u in document.units]
    assert texts == [
        "Use ZXQ1Q daily",
        "Run ZXQ1Q to install it, then ZXQ2QpressZXQ3Q ZXQ4Q.\nNext line.",
        "Key",
        "What",
        "Opens ZXQ1Q here",  # a cell of code alone is no text: not a unit
    ]
    # Code over two lines of a quote: its text without the second line's "> ".
    assert document.units[1].fields == ("pip install quire", "", "", "Ctrl+Q")
    assert document.render(texts) == MARKDOWN.encode()


def test_markdown_code_goes_where_the_translation_puts_its_placeholder(tmp_path: Path) -> None:
    document = open_document(markdown_file(tmp_path))
    german = [
        "Täglich ZXQ1Q verwenden",
        "Führen Sie ZXQ1Q zum Installieren aus, dann ZXQ2Qdrücken SieZXQ3Q ZXQ4Q.\nNächste Zeile.",
        "Taste",
        "Was",
        "Öffnet hier ZXQ1Q",
    ]
    out = document.render(german).decode()
    # The emphasis (**press**) lands on the words its placeholders enclose.
    assert out == (
        "# Täglich `quire` verwenden\n\n"
        "> Führen Sie `pip install\n> quire` zum Installieren aus, dann **drücken Sie** "
        "`Ctrl+Q`.\n> Nächste Zeile.\n\n"
        "| Taste | Was |\n|---|---|\n| `F1` | Öffnet hier `help` |\n"
    )
    bilingual = document.render_bilingual(german).decode()
    assert "ZXQ" not in bilingual and "| `F1` | Öffnet hier `help` |" in bilingual


def test_markdown_code_stays_when_the_translation_lost_it(tmp_path: Path) -> None:
    document = open_document(markdown_file(tmp_path))
    lost = ["Täglich verwenden", "Alles verloren, ein Satz.\nZeile.", "Taste", "Was", "Öffnet hier"]
    out = document.render(lost).decode()
    assert "ZXQ" not in out
    assert out.startswith("# Täglich `quire` verwenden\n")  # the code keeps its spaces
    for code in ("`quire`", "`pip install\n> quire`", "`Ctrl+Q`", "`F1`", "`help`"):
        assert out.count(code) == 1, code
    assert "**" in out  # the emphasis markers stay balanced around some words
    assert out.count("**") == 2


def test_epub_code_is_a_placeholder_written_where_the_translation_puts_it(
    tmp_path: Path,
) -> None:
    path = fx.epub_file(tmp_path / "book.epub")
    document = open_document(path)
    unit = next(u for u in document.units if "print" in u.shown)
    assert unit.text == "Call ZXQ1Q to print." and unit.fields == ("print()",)
    translations = ["Zum Drucken ZXQ1Q aufrufen." if u is unit else u.text for u in document.units]
    written = tmp_path / "out.epub"
    written.write_bytes(document.render(translations))
    with zipfile.ZipFile(written) as archive:
        chapter = archive.read("OEBPS/text/chapter1.xhtml").decode()
    assert "<p>Zum Drucken <code>print()</code> aufrufen.</p>" in chapter


def test_words_between_two_pieces_of_code_are_never_dropped() -> None:
    # pandoc's layout: code, a run of spaces, code. The translation lost the tab, so the
    # words are spread between the fields; the run of spaces is all there is to take "puis".
    runs = [
        Slot("Press "),
        Slot("ZXQ1Q", False, "Ctrl"),
        Slot(" "),
        Slot("ZXQ2Q", False, "C"),
        Slot(" to copy"),
        Slot("\t", False),
        Slot("now."),
    ]
    parts = distribute("Appuyez sur ZXQ1Q puis ZXQ2Q pour copier maintenant.", runs)
    assert "puis" in parts[1] and "".join(parts).count("puis") == 1


def test_a_lost_field_keeps_the_spaces_its_neighbours_had() -> None:
    runs = [Slot("Run "), Slot("ZXQ1Q", False, "x()"), Slot(" to install it.")]
    assert distribute("Ausführen zum Installieren.", runs) == ["Ausführen ", " zum Installieren."]
    glued = [Slot("Call"), Slot("ZXQ1Q", False, "x()"), Slot(".")]
    assert distribute("Aufrufen jetzt bitte", glued) == ["Aufrufen jetzt", "bitte"]


CODE_DATA = Path(__file__).parent / "data" / "code"


@pytest.mark.parametrize("name", sorted(producers.CODE_FILES))
def test_code_as_real_producers_write_it(name: str, tmp_path: Path) -> None:
    """pandoc's and LibreOffice's files (tests/data/code/): inline code, whether a <code>
    element or a run or span in a code style (pandoc's VerbatimChar, LibreOffice's Source
    Text), is a placeholder; a code block is never a unit; and the code is written back
    whole where the translation puts it."""
    path = CODE_DATA / name
    document = open_document(path)
    # (pandoc wraps HTML's lines: the wrap is HTML's whitespace, read as one space.)
    found = {
        " ".join(u.text.split()): u.fields
        for u in document.units
        if " ".join(u.text.split()) in producers.CODE_SENTENCES
    }
    assert found == producers.CODE_SENTENCES, producers.CODE_FILES[name]
    assert not any(producers.CODE_BLOCK in u.shown for u in document.units)
    moved = {
        "Run ZXQ1Q to install it, then press ZXQ2Q to quit.": (
            "Zuerst ZXQ1Q ausführen, dann zum Beenden ZXQ2Q drücken."
        ),
        "The ZXQ1Q option prints one object.": "Die Option ZXQ1Q gibt ein Objekt aus.",
    }
    out = tmp_path / f"out{path.suffix}"
    translations = [moved.get(" ".join(u.text.split()), u.text) for u in document.units]
    out.write_bytes(document.render(translations))
    shown = [" ".join(u.shown.split()) for u in open_document(out).units]
    assert "Zuerst pip install quire ausführen, dann zum Beenden Ctrl+Q drücken." in shown
    assert "Die Option --json gibt ein Objekt aus." in shown
    again = open_document(out)
    assert any(u.fields == ("pip install quire", "Ctrl+Q") for u in again.units)


@pytest.mark.parametrize(
    "name",
    ["libreoffice-from-text.odt", "libreoffice-from-text.docx", "libreoffice-from-text.rtf"],
)
def test_a_document_preformatted_throughout_is_text_not_code(name: str) -> None:
    """LibreOffice gives every paragraph of a .txt it opens "Preformatted Text": beside
    other text such paragraphs are code blocks, alone they are the document."""
    document = open_document(CODE_DATA / name)
    assert [u.text for u in document.units] == producers.PLAIN_LETTER


def test_bilingual_html_writes_each_piece_of_code_at_most_once(tmp_path: Path) -> None:
    path = tmp_path / "run.html"
    path.write_text("<p>Run <code>make</code> now.</p>", encoding="utf-8")
    document = open_document(path)
    for translation, code in (
        ("Lancez ZXQ1Q maintenant ZXQ1Q.", 1),  # repeated: once
        ("Lancez maintenant.", 0),  # lost: the translation without it
        ("Lancez ZXQ1Q ZXQ2Q.", 1),  # a number the unit has not: no text either
    ):
        shown = document.render_bilingual([translation]).decode()
        added = shown.split('<span class="quire-translation">')[1]
        assert added.count("<code>make</code>") == code, translation
        assert "ZXQ" not in shown
    assert "ZXQ" not in document.render(["Lancez ZXQ1Q ZXQ2Q."]).decode()


def test_bilingual_epub_contents_show_the_code_once(tmp_path: Path) -> None:
    entries = fx.epub_entries()
    nav = entries["OEBPS/nav.xhtml"].decode()
    entries["OEBPS/nav.xhtml"] = nav.replace(
        ">The first chapter<", ">The <code>first</code> chapter<"
    ).encode()
    path = tmp_path / "book.epub"
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    document = open_document(path)
    unit = next(u for u in document.units if u.fields == ("first",) and "nav" in u.id)
    translations = ["Le ZXQ1Q chapitre" if u is unit else u.text.upper() for u in document.units]
    with zipfile.ZipFile(io.BytesIO(document.render_bilingual(translations))) as archive:
        written = archive.read("OEBPS/nav.xhtml").decode()
    entry = written.split('href="text/chapter1.xhtml">', 1)[1].split("</a>", 1)[0]
    assert entry.count("first") == 1 and "ZXQ" not in entry
    assert entry.startswith("The <code>first</code> chapter / Le")


def test_code_moved_by_the_translation_is_never_glued_to_words(tmp_path: Path) -> None:
    """pandoc writes the spaces around code as runs of their own. When the translation
    swaps the placeholders (the code stays where it was), those spaces stay too."""
    document = open_document(CODE_DATA / "pandoc.docx")
    swapped = {
        "Run ZXQ1Q to install it, then press ZXQ2Q to quit.": (
            "Drücken Sie ZXQ2Q zum Beenden, nachdem Sie ZXQ1Q ausgeführt haben."
        ),
        "The ZXQ1Q option prints one object.": "Gibt ein Objekt aus.",
    }
    out = tmp_path / "swapped.docx"
    out.write_bytes(document.render([swapped.get(u.text, u.text) for u in document.units]))
    shown = " ".join(u.shown for u in open_document(out).units)
    for code in ("pip install quire", "Ctrl+Q", "--json"):
        assert shown.count(code) == 1, code
        assert re.search(rf"\w{re.escape(code)}|{re.escape(code)}\w", shown) is None, shown


def test_hard_wrapped_markdown_keeps_spaces_and_words_next_to_code(tmp_path: Path) -> None:
    """A paragraph's line breaks are folded before the model sees it, so its translation
    has fewer lines: the words are spread again, never glued to code nor cut inside."""
    path = tmp_path / "wrap.md"
    path.write_text(
        "Install with `pip install quire` and then\n`quire --help` shows the options.\n\n"
        "> Run `a` and\n> then `b` now.\n",
        encoding="utf-8",
    )
    document = open_document(path)
    out = document.render(
        ["Installez avec ZXQ1Q puis ZXQ2Q affiche les options.", "Exécutez ZXQ1Q puis ZXQ2Q."]
    ).decode()
    # The space after the code stays, and "puis" is not cut in two over the two lines.
    assert out == (
        "Installez avec `pip install quire` puis\n`quire --help` affiche les options.\n\n"
        "> Exécutez `a`\n> puis `b`.\n"
    )


def test_html_code_as_docutils_and_sphinx_write_it_and_inline_math(tmp_path: Path) -> None:
    """docutils' <span class="docutils literal"> and Sphinx's <span class="pre"> were
    translated ("DEMO.RUN(PATH)"); an inline <math> cut its sentence in two."""
    from engine.documents import translate_file
    from tests.fixtures.documents import Upper

    page = tmp_path / "api.html"
    page.write_text(
        '<html><body><p>Use <span class="docutils literal">pip install</span> first.</p>\n'
        '<dl><dt class="sig"><span class="sig-name descname"><span class="pre">run</span>'
        '</span>(<em class="sig-param"><span class="pre">path</span></em>)</dt>\n'
        "<dd><p>Runs the thing.</p></dd></dl>\n"
        "<p>The energy is <math><mi>E</mi><mo>=</mo><mi>m</mi><msup><mi>c</mi><mn>2</mn>"
        "</msup></math> and it is large.</p></body></html>",
        encoding="utf-8",
    )
    document = open_document(page)
    assert [(u.text, u.fields) for u in document.units] == [
        ("Use ZXQ1Q first.", ("pip install",)),
        ("ZXQ1Q(ZXQ2Q)", ("run", "path")),
        ("Runs the thing.", ()),
        ("The energy is ZXQ1Q and it is large.", ("E=mc2",)),
    ]
    upper = Upper()
    out = tmp_path / "out.html"
    translate_file(page, out, upper)
    # The signature holds no language: never sent, copied as it is.
    assert upper.seen == [
        "Use ZXQ1Q first.",
        "Runs the thing.",
        "The energy is ZXQ1Q and it is large.",
    ]
    written = out.read_text(encoding="utf-8")
    assert '<span class="docutils literal">pip install</span> FIRST.' in written
    assert (
        '<span class="pre">run</span></span>(<em class="sig-param"><span class="pre">path'
        in written
    )
    assert "THE ENERGY IS <math><mi>E</mi>" in written and "</math> AND IT IS LARGE." in written


def test_a_block_with_a_code_class_of_sphinx_is_still_prose(tmp_path: Path) -> None:
    """ "literal" and "pre" mark code on an inline element (docutils', Sphinx's); a site's own
    <p class="pre"> or <div class="literal"> holds prose."""
    page = tmp_path / "site.html"
    page.write_text(
        '<html><body><p class="pre">Prose here.</p><div class="literal">More prose.</div>'
        '<p>Run <span class="pre">make</span> now.</p></body></html>',
        encoding="utf-8",
    )
    assert [u.text for u in open_document(page).units] == [
        "Prose here.",
        "More prose.",
        "Run ZXQ1Q now.",
    ]


def test_code_moved_past_a_link_leaves_the_link_and_emphasis_their_words(tmp_path: Path) -> None:
    """A translation that put the code's placeholder at the sentence's end took the words of
    the link and the bold after the code along: they were written empty, "[](…)" and "****"
    (in an HTML block "<a href=…></a><b></b>"). Now the code stays where it was."""
    path = tmp_path / "README.md"
    path.write_text(
        "Use `npm install` and see [the docs](https://docs.io) for **more**.\n\n"
        '<p>Use <code>npm install</code> and see <a href="https://docs.io">the docs</a>'
        " for <b>more</b>.</p>\n",
        encoding="utf-8",
    )
    document = open_document(path)
    assert [u.text for u in document.units] == [
        "Use ZXQ1Q and see ZXQ2Qthe docsZXQ3Q for ZXQ4QmoreZXQ5Q.",
        "Use ZXQ1Q and see the docs for more.",
    ]
    # (a translation that lost the link's and the emphasis' placeholders: their words by
    # position, as before)
    german = "Weitere Informationen finden Sie in der Dokumentation zu ZXQ1Q."
    out = document.render([german, german]).decode()
    paragraph, block = out.split("\n\n")
    assert paragraph.count("`npm install`") == 1 and block.count("<code>npm install</code>") == 1
    assert re.search(r"\[\w[^\]]*\]\(https://docs\.io\)", paragraph), paragraph
    assert re.search(r"\*\*\w[^*]*\*\*", paragraph), paragraph
    assert re.search(r'<a href="https://docs\.io">\w[^<]*</a>', block), block
    assert re.search(r"<b>\w[^<]*</b>", block), block
    # Every word written once, in the translation's order.
    words = re.sub(r"`npm install`|\[|\]\(https://docs\.io\)|\*\*", "", paragraph).split()
    assert " ".join(words) == german.replace(" ZXQ1Q", ""), paragraph
    # Nor a line of a hard-wrapped paragraph: left blank, it ended the paragraph.
    path.write_text("* Use `pip` for the\n  rest of it.\n", encoding="utf-8")
    out = open_document(path).render(["Den Rest erledigt ZXQ1Q"]).decode()
    assert "\n  \n" not in out and out.count("`pip`") == 1, out


def test_markdown_kbd_is_a_placeholder_and_goes_where_the_translation_puts_it(
    tmp_path: Path,
) -> None:
    """READMEs write keys as HTML in a paragraph (VS Code's and many others'). Before, the
    key names were sent as words and the translation's words went into the tags
    ("<kbd>PRESS CTRL</kbd>"); and a translation that put the pieces of code in another
    order had its words glued to them ("<kbd>Ctrl</kbd>PRESS<kbd>C</kbd> +TO")."""
    path = tmp_path / "README.md"
    path.write_text(
        "Press <kbd>Ctrl</kbd>+<kbd>C</kbd> to copy, and run `make` then.\n", encoding="utf-8"
    )
    document = open_document(path)
    assert [u.text for u in document.units] == ["Press ZXQ1Q+ZXQ2Q to copy, and run ZXQ3Q then."]
    assert document.units[0].fields == ("Ctrl", "C", "make")
    german = "Drücken Sie ZXQ1Q+ZXQ2Q zum Kopieren und führen Sie dann ZXQ3Q aus."
    assert document.render([german]).decode() == (
        "Drücken Sie <kbd>Ctrl</kbd>+<kbd>C</kbd> zum Kopieren und führen Sie dann `make` aus.\n"
    )
    moved = "Mit ZXQ3Q danach; zum Kopieren ZXQ1Q+ZXQ2Q drücken."
    assert document.render([moved]).decode() == (
        "Mit `make` danach; zum Kopieren <kbd>Ctrl</kbd>+<kbd>C</kbd> drücken.\n"
    )
