"""AsciiDoc as its producers write it (tests/data/asciidoc/: pandoc's from a Markdown page,
Asciidoctor's own syntax reference, an Antora page; see tools/make_asciidoc_fixtures.py).
Outputs are read back by the reader itself: the same blocks, every byte outside the units as
it was, the same markup in each unit. Where node and Asciidoctor.js are installed, the
outputs are also converted by Asciidoctor and their block structure compared."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from engine.cli.main import main
from engine.documents import open_document, translate_file
from engine.documents.asciidoc import AsciiDocDocument, parse
from engine.documents.errors import DocumentError
from engine.documents.pairs import BREAK, TEXT
from engine.documents.registry import READERS, TEXT_READERS
from tests.fixtures.builder import exported

DATA = Path(__file__).parent / "data" / "asciidoc"
FIXTURES = [DATA / "pandoc.adoc", DATA / "syntax.adoc", DATA / "antora.adoc"]


def widened(texts: Sequence[str]) -> list[str]:
    """A stand-in translation longer than its source, in wide characters too (placeholders,
    ``ZXQ1Q``, kept)."""
    return [f"Übersetzt 翻译 {t.upper()}" for t in texts]


def skeleton(document: AsciiDocDocument) -> list[str]:
    """What the document keeps: the source between its units' pieces (a two-line title's
    underline and ``:lang:``'s value left out: they change with the translation)."""
    assert document.pieces is not None
    cuts = sorted(
        [p for pieces in document.pieces for p in pieces]
        + [a for f in document.found for a in f.adornments]
        + ([document.lang] if document.lang else [])
    )
    kept, cursor = [], 0
    for a, b in cuts:
        kept.append(document.source[cursor:a])
        cursor = b
    return [k for k in (*kept, document.source[cursor:]) if k]


def markup(document: AsciiDocDocument) -> list[list[str]]:
    """Each unit's markup (its placeholders' and pairs' source), in order."""
    return [
        [document.source[slice(*b.span)] for b in found.bits if b.kind not in (TEXT, BREAK)]
        for found in document.found
    ]


def read_back(path: Path) -> AsciiDocDocument:
    document = open_document(path)
    assert isinstance(document, AsciiDocDocument)
    return document


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_a_file_translated_as_it_is_is_written_back_byte_for_byte(path: Path) -> None:
    document = open_document(path)
    assert document.write([u.text for u in document.units]) == path.read_bytes()


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_a_translation_keeps_every_byte_outside_the_text_and_its_markup(
    path: Path, tmp_path: Path
) -> None:
    source = read_back(path)
    out = tmp_path / f"de{path.suffix}"
    translate_file(path, out, widened, language="de")
    translated = read_back(out)
    assert len(translated.units) == len(source.units)
    assert skeleton(translated) == skeleton(source)
    assert markup(translated) == markup(source)
    # (every one with a word: "(0%..100%)" is not sent to the translator)
    worded = [u.text for u in translated.units if any(c.isalpha() for c in u.text)]
    assert all(t.startswith("Übersetzt 翻译 ") for t in worded)


def test_what_is_not_text_is_kept_and_inline_markup_is_placeholders() -> None:
    page = open_document(DATA / "antora.adoc")
    texts = {u.text: u.fields for u in page.units}
    assert texts["Configure the Server"] == ()
    assert texts["Open ZXQ1Q in an editor."] == ("server.yml",)
    assert texts["Save it and press ZXQ1Q."] == ("Ctrl+S",)
    assert texts["Keep a backup of the old file."] == ()  # (a checklist's box kept)
    # a link's text, an xref's and a footnote's translated between their pairs
    assert "Download the latest release from ZXQ2Qthe releases pageZXQ3Q first." in (
        page.units[1].text
    )
    assert texts["The port must be free, see ZXQ1QPorts in useZXQ2Q."] == ("", "")
    assert "Run ZXQ1Q after each change.ZXQ2QA restart takes a few seconds.ZXQ3Q" in texts
    for kept in ("server:", "port: 8080", "include::", "endif::", "comment block", "cols="):
        assert not any(kept in t for t in texts), kept
    assert "Server and clients" in texts  # an image's alt text
    assert "The port the server listens on." in texts  # a callout list's item
    assert {"port", "host", "The TCP port, ZXQ1Q8080ZXQ2Q by default."} <= set(texts)
    assert {"Name", "Meaning", "Default", "The port to listen on."} <= set(texts)
    assert not any(t in ("`8080`", "ZXQ1Q") for t in texts)  # (a cell of code alone)


def translated(tmp_path: Path, text: str, translate: Any, bilingual: bool = False) -> str:
    """``text`` as a file translated by ``translate`` (a dict of unit texts, or a function)."""
    source = tmp_path / "page.adoc"
    source.write_text(text, "utf-8")
    out = tmp_path / "page.de.adoc"
    if isinstance(translate, dict):
        table = translate
        translate = lambda ts: [table.get(t, t) for t in ts]  # noqa: E731
    translate_file(source, out, translate, language="de", bilingual=bilingual)
    return out.read_text("utf-8")


def test_markup_goes_where_the_translation_puts_it(tmp_path: Path) -> None:
    text = "Run `make` before you *read* the https://example.org/guide[guide].\n"
    written = translated(
        tmp_path,
        text,
        {
            "Run ZXQ1Q before you ZXQ2QreadZXQ3Q the ZXQ4QguideZXQ5Q.": (
                "Lies den ZXQ4QLeitfadenZXQ5Q, ZXQ2QbevorZXQ3Q du ZXQ1Q ausführst."
            )
        },
    )
    assert written == (
        "Lies den https://example.org/guide[Leitfaden], *bevor* du `make` ausführst.\n"
    )


def test_marks_next_to_chinese_letters_are_written_unconstrained(tmp_path: Path) -> None:
    written = translated(
        tmp_path,
        "Use the *fast* mode with `--fast`.\n",
        {"Use the ZXQ1QfastZXQ2Q mode with ZXQ3Q.": "用ZXQ3Q使用ZXQ1Q快速ZXQ2Q模式。"},
    )
    # (Asciidoctor reads "用`--fast`使用" and "使用*快速*模式" as no markup: next to a
    # letter, constrained marks are letters)
    assert written == "用``--fast``使用**快速**模式。\n"


def test_a_pair_left_empty_inside_a_word_leaves_no_space(tmp_path: Path) -> None:
    written = translated(
        tmp_path,
        "A fan__tastic__ idea.\n",
        {"A fanZXQ1QtasticZXQ2Q idea.": "Eine fanZXQ1QZXQ2Qtastische Idee."},
    )
    # (unconstrained marks stand inside a word: the pair's space would split it)
    assert written == "Eine fantastische Idee.\n"


def test_titles_and_the_languages_entry_and_a_two_line_titles_underline(
    tmp_path: Path,
) -> None:
    text = (
        "= Guide\n:lang: en\n\nSetup\n-----\n\n"
        "Some text.\n\n== Usage ==\n\n.A block title\n....\nliteral  kept\n....\n"
    )
    written = translated(tmp_path, text, lambda ts: [f"{t} 安装指南" for t in ts])
    assert written == (
        "= Guide 安装指南\n:lang: de\n\nSetup 安装指南\n----------\n\n"
        "Some text. 安装指南\n\n== Usage 安装指南 ==\n\n.A block title 安装指南\n"
        "....\nliteral  kept\n....\n"
    )
    # (a title is one only where its underline is as long, to a character)
    assert [u.text for u in parse(written, Path("x.adoc")).units][1] == "Setup 安装指南"


def test_a_two_line_titles_underline_that_fits_is_left_as_it_is(tmp_path: Path) -> None:
    # (Asciidoctor accepts an underline a character shorter or longer than its title: an
    # unchanged title, or one translated to within a character of it, keeps its own)
    text = "Document Title\n=============\n\nSome text here.\n\nSection\n-------\n"
    document = READERS[".adoc"](text.encode(), tmp_path / "t.adoc")
    assert document.write([u.text for u in document.units]) == text.encode()
    written = translated(tmp_path, text, {"Document Title": "Dokumenttitel", "Section": "Teil"})
    assert written == "Dokumenttitel\n=============\n\nSome text here.\n\nTeil\n----\n"


@pytest.mark.parametrize(
    ("opening", "count"),
    [
        ("[[", 60_000),
        ("x *a", 40_000),
        ("x _a", 40_000),
        ("footnote:[", 15_000),
        ("link:a[", 25_000),
        ("http://a[", 25_000),
        ("pass:[", 25_000),
        ("[[[a,", 40_000),
        ("link:a\\[", 20_000),  # (its "[" escaped: read from it all the same)
    ],
)
def test_one_long_line_of_openings_that_close_nowhere_is_read_in_linear_time(
    opening: str, count: int
) -> None:
    """Each opening once looked for its closing mark to the end of its unit, and the next
    character was tried again: 120,000 to 225,000 characters of them took minutes (the code
    review measured 12 s for 40,000 of "[[", growing fourfold for twice as many); read in
    linear time they take well under a second, all plain text."""
    source = "Some words " + opening * count
    units = parse(source, Path("x.adoc")).units
    assert [u.text for u in units] == [source.replace("\\[", "[")]  # (its escape read)


def test_a_region_tag_in_lang_is_written_as_the_source_wrote_its_own(tmp_path: Path) -> None:
    written = translated(tmp_path, ":lang: en-US\n\nHello.\n", {"Hello.": "Hallo."})
    assert written == ":lang: de-DE\n\nHallo.\n"
    # (none is added where the file names none)
    assert translated(tmp_path, "Hello.\n", {"Hello.": "Hallo."}) == "Hallo.\n"


def test_a_cells_pipe_and_an_alt_texts_comma_are_written_so_they_stay_text(
    tmp_path: Path,
) -> None:
    text = "|===\n|a |b\n2+a|Spanned cell\n|===\n\nimage::x.png[A cat,300]\n"
    written = translated(
        tmp_path,
        text,
        {"a": "x | y", "Spanned cell": "Zelle", "A cat": 'Eine Katze, "Minka"'},
    )
    assert written == (
        '|===\n|x \\| y |b\n2+a|Zelle\n|===\n\nimage::x.png["Eine Katze, \\"Minka\\"",300]\n'
    )


def test_a_bilingual_copy_of_an_item_stays_in_its_list(tmp_path: Path) -> None:
    text = "== Steps\n\n. First step.\n. Second step.\n\nterm:: Its text.\n"
    written = translated(tmp_path, text, lambda ts: [t.upper() for t in ts], bilingual=True)
    assert written == (
        "== Steps / STEPS\n\n. First step.\n+\nFIRST STEP.\n\n. Second step.\n+\n"
        "SECOND STEP.\n\nterm / TERM:: Its text.\n+\nITS TEXT.\n"
    )


def test_verbatim_blocks_comments_and_directives_are_kept(tmp_path: Path) -> None:
    text = (
        "// a comment\n:toc: left\n\n[source,python]\n----\nprint('hi')\n----\n\n"
        "////\nnot shown\n////\n\n[stem]\n++++\nsqrt(4) = 2\n++++\n\n"
        "ifdef::env-github[]\nOn GitHub.\nendif::[]\ninclude::other.adoc[]\n\n"
        "toc::[]\n\n<<<\n\n'''\n"
        "  an indented literal paragraph\n\n[literal]\nalso literal\n"
    )
    document = parse(text, Path("x.adoc"))
    assert [u.text for u in document.units] == ["On GitHub."]


def test_an_unclosed_block_is_read_to_the_end_and_named_in_a_note() -> None:
    document = parse("Text.\n\n----\ncode\n\nMore code.\n", Path("x.adoc"))
    assert [u.text for u in document.units] == ["Text."]
    assert [(n.message_id, n.params) for n in document.notes] == [
        ("document.asciidoc_unclosed", {"line": 3, "delimiter": "----"})
    ]


def test_a_binary_file_is_refused_in_words(tmp_path: Path) -> None:
    path = tmp_path / "guide.adoc"
    path.write_bytes(b"\x00\x01\x02\xff\xfe\x00binary" * 50)
    with pytest.raises(DocumentError) as caught:
        open_document(path)
    assert "guide.adoc" in str(caught.value) and "AsciiDoc" in str(caught.value)


def test_adoc_and_asciidoc_are_read_as_asciidoc_in_the_encoding_named() -> None:
    assert READERS[".adoc"] is READERS[".asciidoc"] is READERS[".asc"]
    assert {".adoc", ".asciidoc", ".asc"} <= set(TEXT_READERS)


def test_an_asc_chapter_is_asciidoc_and_an_openpgp_file_is_named_so(tmp_path: Path) -> None:
    # (Pro Git's book/dedication.asc: "quire translate" read it as plain text, the markup
    # among the words, and a folder's translation left every .asc chapter in English)
    chapter = tmp_path / "dedication.asc"
    chapter.write_text(
        "[dedication]\n== Dedications\n\n_To my wife, Becky, without whom this adventure "
        "never would have begun. — Ben_\n",
        "utf-8",
    )
    assert [u.text for u in open_document(chapter).units] == [
        "Dedications",
        "ZXQ1QTo my wife, Becky, without whom this adventure never would have begun. — BenZXQ2Q",
    ]
    # (as gpg --armor --detach-sign writes a release's signature)
    signature = tmp_path / "quire-1.0.tar.gz.asc"
    signature.write_text(
        "-----BEGIN PGP SIGNATURE-----\n\niHUEABYKAB0WIQRjdLhmT2p7Bbk1X4vDM5yJ2v5MjgUCZk\n"
        "=gXkN\n-----END PGP SIGNATURE-----\n",
        "ascii",
    )
    with pytest.raises(DocumentError) as caught:
        open_document(signature)
    assert caught.value.message_id == "document.openpgp"
    assert "OpenPGP" in str(caught.value) and "quire-1.0.tar.gz.asc" in str(caught.value)


def test_the_command_line_translates_a_page_with_a_model(
    tmp_path: Path, quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from engine import Engine, EngineOptions

    Engine(EngineOptions(home=quire_home)).import_model(exported("marian"), "opus-mt-en-de")
    source = tmp_path / "guide.adoc"
    source.write_bytes((DATA / "antora.adoc").read_bytes())
    code = main(["translate", "--from", "en", "--to", "de", str(source)])
    capsys.readouterr()
    assert code == 0
    written = (tmp_path / "guide.de.adoc").read_text("utf-8")
    for kept in (
        "[source,yaml]\n----\nserver:\n  port: 8080 # <1>\n  host: localhost # <2>\n----\n",
        "include::partial$prerequisites.adoc[]\n",
        ":url-releases: https://example.org/releases\n",
        "////\nA comment block, not shown.\n////\n",
        ":lang: de\n",
    ):
        assert kept in written
    assert skeleton(read_back(tmp_path / "guide.de.adoc")) == skeleton(read_back(source))


# Asciidoctor.js's reading of a file: its blocks (context, style, a section's level, a list's
# items, a table's rows), each verbatim block's source, and the warnings it logged.
_SKELETON_JS = """
const a = require('asciidoctor')()
const logger = a.MemoryLogger.create()
a.LoggerManager.setLogger(logger)
const doc = a.load(require('fs').readFileSync(process.argv[1], 'utf8'), {safe: 'safe'})
doc.convert()
const out = []
const walk = (b) => {
  const c = b.getContext()
  const row = [c, b.getStyle() || '', c === 'section' ? b.getLevel() : '']
  if (['listing', 'literal', 'pass', 'stem'].includes(c)) row.push(b.getSource())
  if (['olist', 'ulist', 'colist', 'dlist'].includes(c)) row.push(b.getItems().length)
  if (c === 'table') row.push([...b.getHeadRows(), ...b.getBodyRows()].map(r => r.length))
  out.push(row)
  if (c !== 'table' && c !== 'dlist') b.getBlocks().forEach(walk)
}
walk(doc)
const warnings = logger.getMessages().map(m => m.getText()).filter(t => !t.includes('include'))
console.log(JSON.stringify({blocks: out, warnings}))
"""


def asciidoctor(path: Path) -> Any:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: Asciidoctor.js cannot check the output")
    found = subprocess.run(
        [node, "-e", _SKELETON_JS, str(path)], capture_output=True, text=True, env=os.environ
    )
    if found.returncode != 0 and "Cannot find module" in found.stderr:
        pytest.skip("Asciidoctor.js (npm's asciidoctor 3) is not on NODE_PATH")
    assert found.returncode == 0, found.stderr
    return json.loads(found.stdout)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_asciidoctor_reads_the_same_blocks_in_a_translation(path: Path, tmp_path: Path) -> None:
    before = asciidoctor(path)
    out = tmp_path / f"de{path.suffix}"
    translate_file(path, out, widened, language="de")
    assert asciidoctor(out) == before


def test_a_links_address_from_an_attribute_keeps_its_text_translated(tmp_path: Path) -> None:
    text = "See the {url-docs}/user-manual[user manual] and {url-home}[home page].\n"
    document = parse(text, Path("x.adoc"))
    assert [u.text for u in document.units] == [
        "See the ZXQ1Quser manualZXQ2Q and ZXQ3Qhome pageZXQ4Q."
    ]
    written = translated(
        tmp_path,
        text,
        {document.units[0].text: "Siehe ZXQ3QStartseiteZXQ4Q und ZXQ1QHandbuchZXQ2Q."},
    )
    assert written == "Siehe {url-home}[Startseite] und {url-docs}/user-manual[Handbuch].\n"


def test_indented_list_items_under_a_term_are_items_not_a_literal_block() -> None:
    # (as Asciidoctor's CHANGELOG writes its releases: a term, its items indented)
    text = "Bug Fixes::\n  * Fix the parser (#12)\n  * Fix the converter\n\n  literal\n"
    document = parse(text, Path("x.adoc"))
    assert [u.text for u in document.units] == [
        "Bug Fixes",
        "Fix the parser (#12)",
        "Fix the converter",
    ]


def test_an_a_cells_listing_is_kept_whole_and_its_text_translated() -> None:
    # (as the AsciiDoc docs compare it with Markdown: a listing in each cell)
    text = (
        "|===\n|Feature |AsciiDoc\n\n|Bold\na|\n[source]\n----\n*bold* | x\n----\n\n"
        "Some *text*.\n|Italic\n|===\n"
    )
    document = parse(text, Path("x.adoc"))
    assert [u.text for u in document.units] == [
        "Feature",
        "AsciiDoc",
        "Bold",
        "Some ZXQ1QtextZXQ2Q.",
        "Italic",
    ]


def test_typographic_quotes_are_a_pair_around_translated_words() -> None:
    text = 'The IETF says "`there is no invalid Markdown`" and `code` is code.\n'
    document = parse(text, Path("x.adoc"))
    assert [(u.text, u.fields) for u in document.units] == [
        (
            "The IETF says ZXQ1Qthere is no invalid MarkdownZXQ2Q and ZXQ3Q is code.",
            ("", "", "code"),
        )
    ]


def test_a_columns_a_style_and_an_a_cells_first_line_are_read_as_content() -> None:
    # (as the AsciiDoc docs write their tables: cols="1,1a", and "a|image::…[…]")
    text = (
        '[cols="1,1a"]\n|===\n|Plain\n|\n[source]\n----\ncode | x\n----\n\n'
        "|Image\na|image::sample.svg[Static,300]\n|===\n"
    )
    document = parse(text, Path("x.adoc"))
    assert [u.text for u in document.units] == ["Plain", "Image", "Static"]


def test_an_a_cells_text_after_the_space_on_its_bar_line_is_a_paragraph(tmp_path: Path) -> None:
    # (neo4j docs-cypher writes its reference tables so: "a| The name…" in
    # clauses/listing-settings.adoc, cols="2a,2a" in values-and-types/temporal.adoc;
    # Asciidoctor strips the space, so these are paragraphs, not indented literal ones)
    text = (
        "|===\n| Column | Description\n\nm| name\na| The name of the setting.\n\n"
        "m| value\na| The current value.\nIt can change.\n|===\n\n"
        '[options="header", cols="2a,2a"]\n|===\n| Type | Old type name\n'
        "| Local time | Time of day\n|===\n"
    )
    document = parse(text, Path("x.adoc"))
    assert [u.text for u in document.units] == [
        "Column",
        "Description",
        "The name of the setting.",
        "The current value.\nIt can change.",
        "Type",
        "Old type name",
        "Local time",
        "Time of day",
    ]
    written = translated(tmp_path, text, {"The name of the setting.": "Der Name."})
    assert "a| Der Name.\n" in written


def test_a_listing_opened_on_an_a_cells_bar_line_ends_at_its_closing_line() -> None:
    # (neo4j docs-cypher's clauses/clause-composition.adoc: each row's query cell)
    text = (
        '[options="header", cols="3a,4a"]\n|===\n| Clause | Result\n\n'
        "| ----\nMATCH (john)\n----\n| The people John knows.\n\n"
        "| ----\nRETURN friend\n----\n| Their names.\n|===\n"
    )
    document = parse(text, Path("x.adoc"))
    assert [u.text for u in document.units] == [
        "Clause",
        "Result",
        "The people John knows.",
        "Their names.",
    ]


def test_a_bilingual_copy_stays_in_its_description_and_defines_no_anchor_again(
    tmp_path: Path,
) -> None:
    text = (
        "If any is set::\nThe content is [[included]]included.\n+\n----\ncode\n----\n\n"
        "|===\na|An *a* cell.\n|===\n"
    )
    written = translated(tmp_path, text, lambda ts: [t.upper() for t in ts], bilingual=True)
    assert written == (
        "If any is set / IF ANY IS SET::\nThe content is [[included]]included.\n+\n"
        "THE CONTENT IS INCLUDED.\n\n+\n----\ncode\n----\n\n"
        "|===\na|An *a* cell.\n\nAN *A* CELL.\n|===\n"
    )


def test_a_terms_text_after_a_blank_line_is_its_description_in_a_bilingual_copy(
    tmp_path: Path,
) -> None:
    # (neo4j docs-cypher's introduction/cypher-overview.adoc, hibernate's Spatial.adoc:
    # Asciidoctor reads the text after the blank line as the term's, the listing its)
    text = (
        "Query order::\n\nSQL queries begin with the result.\n+\n"
        "[source,sql]\n----\nSELECT 1\n----\n\nConcise::\nCypher queries are short.\n"
    )
    written = translated(tmp_path, text, lambda ts: [t.upper() for t in ts], bilingual=True)
    assert written == (
        "Query order / QUERY ORDER::\n\nSQL queries begin with the result.\n+\n"
        "SQL QUERIES BEGIN WITH THE RESULT.\n\n+\n[source,sql]\n----\nSELECT 1\n----\n\n"
        "Concise / CONCISE::\nCypher queries are short.\n+\nCYPHER QUERIES ARE SHORT.\n"
    )


def test_a_cells_spec_with_a_dot_before_its_style_is_a_spec() -> None:
    # (as asciidoctor-pdf's chronicles example closes a table: "3+^.e|Powered by…")
    text = "|===\n|Name |Title |Alias\n\n3+^.e|Powered by Open Source\n|===\n"
    document = parse(text, Path("x.adoc"))
    assert [u.text for u in document.units][-1] == "Powered by Open Source"


def test_a_links_text_given_a_comma_beside_named_attributes_is_quoted(tmp_path: Path) -> None:
    text = "Read link:guide.html[the guide,window=_blank] now.\n"
    written = translated(
        tmp_path, text, {"Read ZXQ1Qthe guideZXQ2Q now.": "Lies ZXQ1QLeitfaden, Teil 1ZXQ2Q."}
    )
    assert written == 'Lies link:guide.html["Leitfaden, Teil 1",window=_blank].\n'


def test_a_jekyll_pages_front_matter_is_kept() -> None:
    text = "---\nlayout: post\ntitle: Release notes\n---\n= Release notes\n\nText.\n"
    document = parse(text, Path("x.adoc"))
    assert [u.text for u in document.units] == ["Release notes", "Text."]


def test_a_cell_ends_at_a_bar_right_after_its_text(tmp_path: Path) -> None:
    # (as spring-framework's core/beans/context-introduction.adoc writes its tables:
    # "| Event| Explanation", no space before the bar; a spec needs one, the bar does not)
    text = '[cols="1,2"]\n|===\n| Name| Description\n\n| port| The port to listen on\n|===\n'
    document = parse(text, Path("x.adoc"))
    assert [u.text for u in document.units] == [
        "Name",
        "Description",
        "port",
        "The port to listen on",
    ]
    written = translated(
        tmp_path, text, {"Description": "Beschreibung", "port": "Port", "Name": "Name"}
    )
    assert written == text.replace("Description", "Beschreibung").replace("| port", "| Port")


def test_code_over_lines_and_links_without_text_are_placeholders(tmp_path: Path) -> None:
    text = (
        # (spring-framework's integration/rest-clients.adoc: monospace over a cell's lines)
        "|===\n| `get()\n.uri(String, Object...)\n.body(Class)`\n| Fetch it.\n|===\n\n"
        "Call `client.get()\n.retrieve()` to fetch, or +a\nb+.\n\n"
        # (Pro Git's chapters: "[^]" opens an address with no text in a new window)
        "Get it at https://git-scm.com/download/linux[^], link:downloads.html[^] "
        "or {url-home}[^].\n\n"
        # (Pro Git's 10-git-internals/sections/objects.asc: Asciidoctor shows a listing)
        "[source,console]\n---\n$ git cat-file -p bd9dbf5\nwhat is up, doc?\n---\n"
    )
    document = parse(text, Path("x.adoc"))
    assert [(u.text, u.fields) for u in document.units] == [
        ("Fetch it.", ()),
        ("Call ZXQ1Q to fetch, or ZXQ2Q.", ("client.get() .retrieve()", "a b")),
        ("Get it at ZXQ1Q, ZXQ2Q or ZXQ3Q.", ("https://git-scm.com/download/linux", "", "")),
    ]
    written = translated(
        tmp_path,
        text,
        {
            "Call ZXQ1Q to fetch, or ZXQ2Q.": "Rufe ZXQ1Q auf oder ZXQ2Q.",
            "Get it at ZXQ1Q, ZXQ2Q or ZXQ3Q.": "Lade es von ZXQ3Q, ZXQ1Q oder ZXQ2Q.",
        },
    )
    assert "Rufe `client.get()\n.retrieve()` auf oder +a\nb+.\n" in written
    assert (
        "Lade es von {url-home}[^], https://git-scm.com/download/linux[^] oder "
        "link:downloads.html[^].\n" in written
    )
    assert written.endswith(
        "[source,console]\n---\n$ git cat-file -p bd9dbf5\nwhat is up, doc?\n---\n"
    )


def test_a_block_attached_to_an_item_ends_at_the_next_item(tmp_path: Path) -> None:
    # (steps as the Antora and Spring docs write them: a paragraph or a NOTE: under a "+")
    text = (
        ". Open the settings.\n+\nThe dialog lists every option.\n. Click *Save*.\n"
        ". Run it.\n+\nNOTE: It takes a while.\n. Done.\n"
    )
    document = parse(text, Path("x.adoc"))
    assert [u.text for u in document.units] == [
        "Open the settings.",
        "The dialog lists every option.",
        "Click ZXQ1QSaveZXQ2Q.",
        "Run it.",
        "It takes a while.",
        "Done.",
    ]
    written = translated(tmp_path, text, lambda ts: [t.upper() for t in ts], bilingual=True)
    assert written == (
        ". Open the settings.\n+\nOPEN THE SETTINGS.\n\n+\nThe dialog lists every option.\n"
        "+\nTHE DIALOG LISTS EVERY OPTION.\n\n. Click *Save*.\n+\nCLICK *SAVE*.\n\n"
        ". Run it.\n+\nRUN IT.\n\n+\nNOTE: It takes a while.\n+\nNOTE: IT TAKES A WHILE.\n\n"
        ". Done.\n+\nDONE.\n"
    )
    assert asciidoctor(tmp_path / "page.de.adoc")["blocks"][1] == ["olist", "arabic", "", 4]


def test_a_callouts_copy_stays_on_its_line_in_springs_tabs(tmp_path: Path) -> None:
    # (as spring-framework's pages write code in two languages, e.g. core/expressions/
    # language-ref/operator-safe-navigation.adoc: a [tabs] description, a callout list
    # under each listing; a copy attached with "+" ended the list and the tab set)
    text = (
        "[tabs]\n======\nJava::\n+\n[source,java]\n----\nString a = x(); // <1>\n"
        "String b = y(); // <2>\n----\n<1> Reads the first value.\n<2> Reads the second value."
        "\n\nKotlin::\n+\n[source,kotlin]\n----\nval a = x() // <1>\n----\n"
        "<1> Reads the first value.\n======\n"
    )
    written = translated(tmp_path, text, lambda ts: [t.upper() for t in ts], bilingual=True)
    assert "<1> Reads the first value. / READS THE FIRST VALUE.\n<2> Reads" in written
    source = tmp_path / "source.adoc"
    source.write_text(text, "utf-8")
    read = asciidoctor(tmp_path / "page.de.adoc")
    assert read == asciidoctor(source) and read["warnings"] == []


def test_a_page_of_markup_alone_is_copied_into_a_mirrored_site_with_a_note(
    tmp_path: Path, quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Antora's nav files (spring-boot's nav-maven-plugin.adoc) are xref:…[] items alone, and
    a redirect page only attributes: "The document has no text", and --mirror left the
    translated site without its navigation."""
    from engine import Engine, EngineOptions

    Engine(EngineOptions(home=quire_home)).import_model(exported("marian"), "opus-mt-en-de")
    site = tmp_path / "site" / "modules" / "ROOT"
    (site / "pages").mkdir(parents=True)
    nav = "* xref:maven-plugin:index.adoc[]\n** xref:maven-plugin:using.adoc[]\n"
    (site / "nav.adoc").write_text(nav, "utf-8")
    (site / "pages" / "old.adoc").write_text(":page-layout: redirect\n", "utf-8")
    (site / "pages" / "index.adoc").write_text("= Maven Plugin\n\nIt builds.\n", "utf-8")
    document = open_document(site / "nav.adoc")
    assert document.copied_without_text and [n.message_id for n in document.notes] == [
        "document.no_text_copied"
    ]
    out = tmp_path / "site-de"
    argv = ["translate", "--from", "en", "--to", "de", "--recursive", "--mirror"]
    code = main([*argv, "-o", str(out), str(tmp_path / "site")])
    _out, err = capsys.readouterr()
    assert code == 0, err
    assert "copied as it is" in err
    mirrored = out / "modules" / "ROOT"
    assert (mirrored / "nav.adoc").read_text("utf-8") == nav
    assert (mirrored / "pages" / "old.adoc").read_text("utf-8") == ":page-layout: redirect\n"
    assert (mirrored / "pages" / "index.adoc").is_file()


def test_captions_cited_titles_nav_titles_and_kept_footnotes_are_translated(
    tmp_path: Path,
) -> None:
    text = (
        # (Antora's page attributes: spring-boot's and asciidoctor-reveal.js's docs pages)
        "= Setup\n:navtitle: Getting Started\n:page-layout: docs\n"
        # (asciidoctor-reveal.js's test/fixtures/standalone/footnotes.adoc)
        ":fn-hail: footnote:[The double hail-and-rainbow level makes my toes tingle.]\n\n"
        "Hail{fn-hail}.\n\n"
        'image::diagram.png[System overview,title="The whole system at a glance",width=400]\n\n'
        "[quote,Dan Allen,Asciidoctor: The Definitive Guide]\n____\nWrite in plain text.\n"
        "____\n"
    )
    document = parse(text, Path("x.adoc"))
    assert [u.text for u in document.units] == [
        "Setup",
        "Getting Started",
        "The double hail-and-rainbow level makes my toes tingle.",
        "HailZXQ1Q.",
        "System overview",
        "The whole system at a glance",
        "Asciidoctor: The Definitive Guide",
        "Write in plain text.",
    ]
    written = translated(tmp_path, text, lambda ts: [f"{t.upper()}, JA" for t in ts])
    assert written == (
        "= SETUP, JA\n:navtitle: GETTING STARTED, JA\n:page-layout: docs\n"
        ":fn-hail: footnote:[THE DOUBLE HAIL-AND-RAINBOW LEVEL MAKES MY TOES TINGLE., JA]\n\n"
        "HAIL{fn-hail}., JA\n\n"
        'image::diagram.png["SYSTEM OVERVIEW, JA",title="THE WHOLE SYSTEM AT A GLANCE, JA",'
        "width=400]\n\n"
        '[quote,Dan Allen,"ASCIIDOCTOR: THE DEFINITIVE GUIDE, JA"]\n____\n'
        "WRITE IN PLAIN TEXT., JA\n____\n"
    )


def test_a_translated_title_keeps_the_id_references_find_it_by(tmp_path: Path) -> None:
    # (vert.x's vertx-core docs: http.adoc's <<_server_connections,connects>>, index.adoc's
    # <<Passing configuration to a verticle>>; Asciidoctor makes a title's id of its words)
    text = (
        "= Core\n\n== Server connections\n\nText.\n\n== Passing configuration to a verticle\n\n"
        "=== Options\n\n== Options\n\nSee <<_server_connections,connects>>, "
        "<<Passing configuration to a verticle>> and xref:_options_2[].\n\n== Unnamed\n"
    )
    upper = lambda ts: [t.upper() for t in ts]  # noqa: E731
    written = translated(tmp_path, text, upper)
    assert written == (
        "= CORE\n\n[#_server_connections]\n== SERVER CONNECTIONS\n\nTEXT.\n\n"
        "[#_passing_configuration_to_a_verticle]\n== PASSING CONFIGURATION TO A VERTICLE\n\n"
        "=== OPTIONS\n\n[#_options_2]\n== OPTIONS\n\nSEE <<_server_connections,CONNECTS>>, "
        "<<_passing_configuration_to_a_verticle>> AND xref:_options_2[].\n\n== UNNAMED\n"
    )
    assert asciidoctor(tmp_path / "page.de.adoc")["warnings"] == []
    bilingual = translated(tmp_path, text, upper, bilingual=True)
    assert "[#_options_2]\n== Options / OPTIONS\n" in bilingual
    assert "See <<_server_connections,connects>>, <<_passing_configuration_to_a_verticle>>" in (
        bilingual
    )
    assert asciidoctor(tmp_path / "page.de.adoc")["warnings"] == []
    # (a site that names its ids otherwise, as Antora's and GitHub's do)
    own = ":idprefix:\n:idseparator: -\n\n== Getting Started\n\nSee <<getting-started>>.\n"
    assert translated(tmp_path, own, upper).startswith(
        ":idprefix:\n:idseparator: -\n\n[#getting-started]\n== GETTING STARTED\n"
    )


@pytest.mark.parametrize("attribute", ["", ":openshift-rosa:\n\n"], ids=["unset", "set"])
def test_a_bilingual_copy_of_a_paragraph_with_variants_is_one_paragraph_after_it(
    attribute: str, tmp_path: Path
) -> None:
    # (openshift-docs' modules/checking-the-status-of-registry-pods.adoc: a sentence
    # begins one way or another as an attribute is set)
    text = (
        "ifndef::openshift-rosa[]\nAs a cluster administrator,\nendif::openshift-rosa[]\n"
        "ifdef::openshift-rosa[]\nAs an administrator with the `dedicated-admin` role,\n"
        "endif::openshift-rosa[]\nyou can list the registry pods.\n\nNext.\n"
    )
    written = translated(
        tmp_path, attribute + text, lambda ts: [t.upper() for t in ts], bilingual=True
    )
    copy = (
        "ifndef::openshift-rosa[]\nAS A CLUSTER ADMINISTRATOR,\nendif::openshift-rosa[]\n"
        "ifdef::openshift-rosa[]\nAS AN ADMINISTRATOR WITH THE `dedicated-admin` ROLE,\n"
        "endif::openshift-rosa[]\nYOU CAN LIST THE REGISTRY PODS.\n"
    )
    assert written == attribute + text.replace("\nNext.\n", f"\n{copy}\nNext.\n\nNEXT.\n")
    before = asciidoctor(tmp_path / "page.adoc")
    after = asciidoctor(tmp_path / "page.de.adoc")
    assert after == {"blocks": before["blocks"] + [["paragraph", "", ""]] * 2, "warnings": []}


def test_an_empty_file_is_refused_as_empty(tmp_path: Path) -> None:
    """An empty .adoc was "copied, only markup" (a note that was not so); an empty file of
    any text format is refused as empty."""
    path = tmp_path / "empty.adoc"
    path.write_text("\n  \n", "utf-8")
    with pytest.raises(DocumentError) as caught:
        open_document(path)
    assert caught.value.message_id == "document.no_text" and caught.value.message.startswith(
        "The file is empty"
    )
