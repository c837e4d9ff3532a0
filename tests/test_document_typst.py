"""Typst files as Typst's tutorial and the Typst app's templates write them (tests/data/typst/:
a paper with its preamble, figures, a table, math, citations and footnotes; a letter through
its template's ``#show: letter.with(…)``; see the README there). Outputs are compiled with
the Typst compiler (the ``typst`` package) and compared byte for byte outside the translated
text."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
import typst
from pdfminer.high_level import extract_text

from engine.cli.main import main
from engine.documents import Document, DocumentError, open_document
from engine.documents.base import FIELD
from engine.documents.registry import load_document
from engine.engine import Engine
from engine.options import EngineOptions
from tests.fixtures.builder import exported
from tests.fixtures.documents import language

DATA = Path(__file__).parent / "data" / "typst"
FIXTURES = ["paper.typ", "letter.typ"]
GERMAN = language("de")
# What a model may write that is Typst markup: each must stay text.
SPECIALS = " #1 $5 a*b_c @home <b> [x] ~ // \\ /* `"


def moved(document: Document) -> list[str]:
    """A stand-in translation that moves things as models do: the words in capitals, the
    first placeholder moved to the end of its text (a pair broken so: its halves dropped),
    and characters that are Typst's markup added."""
    out = []
    for unit in document.units:
        text = unit.text.upper()
        first = FIELD.pattern().search(text)
        if first:
            text = text.replace(first.group(), "", 1) + " " + first.group()
        out.append(text + SPECIALS)
    return out


def compiled(path: Path) -> None:
    typst.compile(str(path), format="pdf")  # (raises where the file does not compile)


def compiled_text(path: Path) -> str:
    """The text of ``path`` compiled, as a PDF reader gets it."""
    pdf = typst.compile(str(path), format="pdf")
    return re.sub(r"[ \n]+", " ", extract_text(io.BytesIO(pdf)))  # (a U+00A0 kept)


def test_a_paper_sends_its_words_and_keeps_its_code_math_and_references() -> None:
    document = open_document(DATA / "paper.typ")
    texts = [u.text for u in document.units]
    assert "Introduction" in texts  # (its label, which names the heading, kept after it)
    assert "Methods" in texts and "Measure the flow of the ice." in texts  # an enum item
    assert "Ablation" in texts and "The loss of ice from a glacier." in texts  # a term
    assert "North face" in texts and "Measured flow at two sites." in texts  # cell, caption
    assert "Glaciers are God's great plough." in texts  # #quote[…]
    assert "Rounded to a metre." in texts  # the file's own function's content
    flow = next(u for u in document.units if u.text.startswith("The equation"))
    assert flow.text == (
        "The equation ZXQ1Q defines the glacial flow rate. It is shown in\n"
        "ZXQ2Q, and the constant ZXQ3Q is given in ZXQ4Q."
    )
    assert flow.fields == ("Q = rho A v + C", "", "C", "")  # (math as written; refs none)
    intro = next(u for u in document.units if u.text.startswith("In this report"))
    assert "ZXQ1Qfluid dynamicsZXQ2Q" in intro.text  # _emph_: a pair around its words
    # A footnote is a unit of its own, after its sentence's; its link's text translated.
    note = texts.index("The data comes from the ZXQ1QWorld Glacier\nMonitoring ServiceZXQ2Q.")
    assert texts[note - 1] == intro.text
    whole = "\n".join(texts)
    for kept in ("#set", "#let", "print(", "draft paragraph", "time offset", "glacier.csv"):
        assert kept not in whole
    assert "Therese Tungsten\n" in whole  # (a line break ``\`` is seen as the line's end)
    assert "the ice moves #1 in speed." in whole  # (``\#`` read as the character)


def test_the_output_keeps_every_byte_outside_the_text_and_names_the_target() -> None:
    source = (DATA / "paper.typ").read_text("utf-8")
    document = open_document(DATA / "paper.typ")
    written = document.write(moved(document), language=GERMAN).decode("utf-8")
    assert '#set text(font: "New Computer Modern", size: 11pt, lang: "de", region: "DE")' in written
    for kept in (
        source[: source.index("#set text")],
        source[source.index("#set heading") : source.index("#align(center, text")],
        '$ Q = rho A v + "time offset" $ <flow>\n',
        '```python\nprint("flow", 12)\n```\n',
        "/* A draft paragraph,\n   commented out. */\n",
        '#bibliography("refs.bib")\n',
        "  table(\n    columns: 2,\n    table.header[",
    ):
        assert kept in written, kept
    assert "= INTRODUCTION" in written and "<intro>" in written
    # Typst's markup in a translation's words is written escaped, to read as the characters.
    assert "\\#1 \\$5 a\\*b\\_c \\@home \\<b> \\[x\\] \\~ \\/\\/ \\\\ \\/\\* \\`" in written
    # An untranslated document is the file as it was.
    assert document.write([u.text for u in document.units]) == (DATA / "paper.typ").read_bytes()


@pytest.mark.parametrize("name", FIXTURES)
def test_each_fixture_translates_into_typst_that_compiles(tmp_path: Path, name: str) -> None:
    compiled(DATA / name)
    document = open_document(DATA / name)
    (tmp_path / "refs.bib").write_bytes((DATA / "refs.bib").read_bytes())
    out = tmp_path / name
    out.write_bytes(document.write(moved(document), language=GERMAN))
    compiled(out)
    escaped = SPECIALS.split()[0].replace("#", "\\#")  # (one in each unit's words)
    source = (DATA / name).read_text("utf-8")
    assert out.read_text("utf-8").count(escaped) - source.count(escaped) == len(document.units)


def test_a_letters_template_gives_its_subject_and_keeps_its_address() -> None:
    document = open_document(DATA / "letter.typ")
    texts = [u.text for u in document.units]
    assert texts[0] == "Revision of our procurement contract"  # subject: […]
    assert "Dear Joe," in texts and "Best," in texts
    assert "The delivery date should be ZXQ1QJuly 1stZXQ2Q, not June 15th." in texts
    whole = "\n".join(texts)
    assert "Jane Smith" not in whole and "Morristown" not in whole  # sender, date: kept
    written = document.write(moved(document), language=GERMAN).decode("utf-8")
    assert 'set text(lang: "de")' in written  # (its template's, which #show: applies)


def written_typst(tmp_path: Path, source: str, translations: dict[str, str]) -> str:
    """``source`` as a .typ file translated, each unit as ``translations`` gives (or as it
    was); the output compiled."""
    path = tmp_path / "in.typ"
    path.write_text(source, "utf-8")
    document = open_document(path)
    texts = [translations.get(u.text, u.text) for u in document.units]
    out = tmp_path / "out.typ"
    out.write_bytes(document.write(texts, language=GERMAN))
    compiled(out)
    return out.read_text("utf-8")


def test_strong_and_emphasis_go_where_the_translation_puts_them(tmp_path: Path) -> None:
    source = "Some *strong* words and _light_ ones.\n"
    assert open_document(_typ(tmp_path, source)).units[0].text == (
        "Some ZXQ1QstrongZXQ2Q words and ZXQ3QlightZXQ4Q ones."
    )
    written = written_typst(
        tmp_path,
        source,
        {
            "Some ZXQ1QstrongZXQ2Q words and ZXQ3QlightZXQ4Q ones.": (
                "EinigeZXQ3Q leichteZXQ4Q und ZXQ1QstarkeZXQ2QWörter."
            )
        },
    )
    # (set apart from the words beside them, as Typst reads no markup inside a word)
    assert written == "Einige _leichte_ und *starke* Wörter.\n"
    swapped = written_typst(
        tmp_path,
        source,
        {"Some ZXQ1QstrongZXQ2Q words and ZXQ3QlightZXQ4Q ones.": "ZXQ2QA ZXQ1Q b _c_ ZXQ3Qd."},
    )
    # (a pair the translation broke is dropped, its words kept; a lost half put back never)
    assert "*" not in swapped.replace("\\*", "") and "A b \\_c\\_ d." in " ".join(swapped.split())


def test_a_footnotes_text_is_written_inside_its_call_wherever_its_sentence_puts_it(
    tmp_path: Path,
) -> None:
    source = (
        '#set heading(numbering: "1.")\n'
        "Ice flows.#footnote[Slowly, see @ref.] It melts.\n\n= Ref <ref>\n"
    )
    document = open_document(_typ(tmp_path, source))
    assert [u.text for u in document.units] == [
        "Ice flows.ZXQ1Q It melts.",
        "Slowly, see ZXQ1Q.",
        "Ref",
    ]
    written = written_typst(
        tmp_path,
        source,
        {
            "Ice flows.ZXQ1Q It melts.": "Eis fließt. Es schmilzt.ZXQ1Q",
            "Slowly, see ZXQ1Q.": "Langsam, ZXQ1Q.",
        },
    )
    assert "\nEis fließt. Es schmilzt.#footnote[Langsam, @ref.]\n" in written


def test_a_set_rule_without_a_language_gets_none(tmp_path: Path) -> None:
    written = written_typst(tmp_path, "#set text(size: 12pt)\nHello.\n", {"Hello.": "Hallo."})
    assert written == "#set text(size: 12pt)\nHallo.\n"
    region = written_typst(
        tmp_path, '#set text(lang: "en", region: "GB")\nHello.\n', {"Hello.": "Hallo."}
    )
    assert region.startswith('#set text(lang: "de", region: "DE")\n')


def test_lists_terms_and_lines_that_begin_markup_after_the_translation(tmp_path: Path) -> None:
    source = "- one\n  more\n- two\n+ three\n/ Term: its words\nA line\nthat goes on.\n"
    document = open_document(_typ(tmp_path, source))
    assert [u.text for u in document.units] == [
        "one\n  more", "two", "three", "Term", "its words", "A line\nthat goes on."
    ]  # fmt: skip
    written = written_typst(tmp_path, source, {"A line\nthat goes on.": "Eine Zeile\n- 5 Grad."})
    assert "Eine Zeile\n\\- 5 Grad.\n" in written  # (not a list item)


def test_math_holding_code_holding_math_is_one_placeholder(tmp_path: Path) -> None:
    source = "The root $sqrt(#hide($x$))$ is hidden.\n"
    assert open_document(_typ(tmp_path, source)).units[0].text == "The root ZXQ1Q is hidden."
    written = written_typst(
        tmp_path, source, {"The root ZXQ1Q is hidden.": "ZXQ1Q ist die verborgene Wurzel."}
    )
    assert written == "$sqrt(#hide($x$))$ ist die verborgene Wurzel.\n"
    # Math in code: its brackets are no code's (a half-open interval's ``)``).
    source = "#figure($ [0, 1) $, caption: [The unit interval.])\n"
    written = written_typst(tmp_path, source, {"The unit interval.": "Das Einheitsintervall."})
    assert written == "#figure($ [0, 1) $, caption: [Das Einheitsintervall.])\n"


def test_a_statement_ends_at_its_semicolon(tmp_path: Path) -> None:
    source = "#let n = 3; There are #n glaciers.\n"
    text = "ZXQ1Q There are ZXQ2Q glaciers."  # (no ``;`` for the model to lose)
    assert open_document(_typ(tmp_path, source)).units[0].text == text
    written = written_typst(tmp_path, source, {text: "ZXQ1Q Es gibt ZXQ2Q Gletscher."})
    assert written == "#let n = 3; Es gibt #n Gletscher.\n"


def test_a_label_stays_on_the_footnote_or_equation_it_names(tmp_path: Path) -> None:
    source = "Ice flows#footnote[It melts.] <melt> over rock. See @melt.\n"
    text = "Ice flowsZXQ1Q over rock. See ZXQ2Q."
    assert [u.text for u in open_document(_typ(tmp_path, source)).units] == [text, "It melts."]
    written = written_typst(
        tmp_path,
        source,
        {text: "Über Fels fließt EisZXQ1Q. Siehe ZXQ2Q.", "It melts.": "Es schmilzt."},
    )
    assert "#footnote[Es schmilzt.] <melt>. Siehe @melt." in written
    source = (
        '#set math.equation(numbering: "(1)")\n'
        "The energy is\n$ E = m c^2 $ <energy>\nas @energy shows.\n"
    )
    document = open_document(_typ(tmp_path, source))
    assert [u.text for u in document.units] == ["The energy is", "as ZXQ1Q shows."]
    written = written_typst(
        tmp_path,
        source,
        {"The energy is": "Die Energie ist", "as ZXQ1Q shows.": "wie ZXQ1Q zeigt."},
    )
    assert "Die Energie ist\n$ E = m c^2 $ <energy>\nwie @energy zeigt.\n" in written


def test_a_line_comment_stays_at_the_end_of_its_line(tmp_path: Path) -> None:
    source = "Ice flows // the speed is a guess\nover the rock.\n"
    assert open_document(_typ(tmp_path, source)).units[0].text == "Ice flows\nover the rock."
    written = written_typst(
        tmp_path, source, {"Ice flows\nover the rock.": "Über den Fels\nfließt das Eis."}
    )
    assert written == "Über den Fels // the speed is a guess\nfließt das Eis.\n"


def test_content_in_a_sentence_is_a_pair_around_its_words(tmp_path: Path) -> None:
    source = "Ice #[flows slowly] over rock, as #[https://typst.app] shows.\n"
    text = "Ice ZXQ1Qflows slowlyZXQ2Q over rock, as ZXQ3QZXQ4QZXQ5Q shows."
    assert open_document(_typ(tmp_path, source)).units[0].text == text
    written = written_typst(
        tmp_path,
        source,
        {text: "Eis fließt ZXQ1Qlangsam überZXQ2Q Fels, wie ZXQ3QZXQ4QZXQ5Q zeigt."},
    )
    assert written == "Eis fließt #[langsam über] Fels, wie #[https://typst.app] zeigt.\n"


def test_a_set_rule_inside_a_content_block_keeps_its_language(tmp_path: Path) -> None:
    source = (
        '#set text(lang: "en")\n= Letters\n\n'
        '#quote(block: true)[\n  #set text(lang: "fr")\n  Je pense, donc je suis.\n]\n'
    )
    written = written_typst(tmp_path, source, {"Letters": "Briefe"})
    assert written.startswith('#set text(lang: "de")\n= Briefe\n')
    assert '  #set text(lang: "fr")\n  Je pense, donc je suis.\n' in written  # (the quote's own)


def test_a_file_not_utf8_or_with_a_bracket_left_open_is_refused(tmp_path: Path) -> None:
    latin1 = tmp_path / "latin1.typ"
    latin1.write_bytes("= Title\n\nCaf\u00e9 au lait.\n".encode("latin-1"))
    with pytest.raises(DocumentError) as caught:
        open_document(latin1)
    assert caught.value.message_id == "document.typst_not_utf8"
    assert caught.value.params == {"line": 3} and caught.value.path == latin1
    # (given its encoding, it is read, and written as UTF-8, the only encoding Typst reads)
    document = open_document(latin1, encoding="latin-1")
    assert (
        document.write([u.text for u in document.units]).decode("utf-8").endswith("Café au lait.\n")
    )
    # A picture under a .typ name (bytes neither UTF-8 nor text) is no Typst: not "save it
    # as UTF-8", which no encoding would help.
    picture = tmp_path / "figure.typ"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe")
    with pytest.raises(DocumentError) as caught:
        open_document(picture)
    assert caught.value.message_id == "document.damaged_file"
    broken = tmp_path / "broken.typ"
    broken.write_text("= Title\n\n#figure(\n  rect(),\n  caption: [A caption],\n\nText.\n", "utf-8")
    with pytest.raises(DocumentError) as caught:
        open_document(broken)
    assert caught.value.message_id == "document.typst_unclosed"
    assert caught.value.params == {"bracket": "(", "line": 3}
    with pytest.raises(typst.TypstError):  # (Typst refuses it too)
        compiled(broken)


def test_no_bilingual_output(tmp_path: Path) -> None:
    document = open_document(DATA / "letter.typ")
    with pytest.raises(DocumentError) as caught:
        document.write(moved(document), bilingual=True)
    assert caught.value.message_id == "document.no_bilingual"


def test_quire_translate_writes_a_typst_file(
    quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Engine(EngineOptions(home=quire_home)).import_model(exported("marian"), "opus-mt-en-de")
    source = tmp_path / "paper.typ"
    source.write_bytes((DATA / "paper.typ").read_bytes())
    (tmp_path / "refs.bib").write_bytes((DATA / "refs.bib").read_bytes())
    code = main(["translate", "--from", "en", "--to", "de", str(source)])
    _out, err = capsys.readouterr()
    assert code == 0, err
    written = tmp_path / "paper.de.typ"
    text = written.read_text("utf-8")
    assert 'lang: "de", region: "DE"' in text and "<intro>" in text and "@netwok2020" in text
    compiled(written)


def _typ(tmp_path: Path, source: str) -> Path:
    path = tmp_path / "in.typ"
    path.write_text(source, "utf-8")
    return path


def test_a_string_over_lines_is_code_and_the_words_around_it_are_read(tmp_path: Path) -> None:
    source = (
        "#let code-col(s) = raw(s)\n\n#block[\n  Some words.\n"
        '  #code-col(\n    "\n    #pause\n    More.\n    "\n  )\n]\n'
    )
    assert [u.text for u in open_document(_typ(tmp_path, source)).units] == ["Some words."]
    written = written_typst(tmp_path, source, {"Some words.": "Einige Wörter."})
    assert written == source.replace("Some words.", "Einige Wörter.")


def test_a_tilde_is_a_non_breaking_space_sent_as_one(tmp_path: Path) -> None:
    source = (
        '#set heading(numbering: "1.")\n= Method <m>\n'
        "As shown in Section~@m, the value is 5~km, not 6\\~km.\n"
    )
    text = "As shown in Section\u00a0ZXQ1Q, the value is 5\u00a0km, not 6~km."
    assert open_document(_typ(tmp_path, source)).units[1].text == text
    written = written_typst(
        tmp_path,
        source,
        {text: "Wie in Abschnitt\u00a0ZXQ1Q gezeigt, beträgt der Wert 5\u00a0km, nicht 6~km."},
    )
    assert "Wie in Abschnitt~@m gezeigt, beträgt der Wert 5~km, nicht 6\\~km.\n" in written
    shown = compiled_text(tmp_path / "out.typ")
    # (Typst's reference: "Section", U+00A0, its number)
    wanted = "Wie in Abschnitt\u00a0Section\u00a01 gezeigt, beträgt der Wert 5\u00a0km, nicht 6~km."
    assert wanted in shown, shown


def test_a_language_set_by_the_files_template_names_the_target(tmp_path: Path) -> None:
    source = (
        '#let project(title: "", body) = {\n'
        '  set text(font: "New Computer Modern", lang: "en", region: "GB")\n'
        '  quote(block: true)[#set text(lang: "fr"); Je pense.]\n'
        "  body\n}\n"
        '#let french(body) = { set text(lang: "fr"); body }\n'
        '#show: project.with(title: "Ice")\n'
        '#show: doc => {\n  set text(lang: "en")\n  doc\n}\n'
        "#figure(rect(), caption: [A glacier.])\n"
    )
    written = written_typst(tmp_path, source, {"A glacier.": "Ein Gletscher."})
    assert 'lang: "de", region: "DE")\n' in written  # (the template's)
    assert '{\n  set text(lang: "de")\n  doc\n}' in written  # (the closure's)
    assert '[#set text(lang: "fr"); Je pense.]' in written  # (a quote's own)
    assert '#let french(body) = { set text(lang: "fr"); body }' in written  # (shown by none)
    assert "Abbildung\u00a01: Ein Gletscher." in compiled_text(tmp_path / "out.typ")  # (not Figure)


def test_a_language_set_in_an_imported_file_is_named_in_a_note(tmp_path: Path) -> None:
    (tmp_path / "template.typ").write_text(
        '#let conf(doc) = {\n  set text(lang: "en")\n  doc\n}\n', "utf-8"
    )
    source = '#import "template.typ": conf\n#show: conf\n= Ice\n'
    document = open_document(_typ(tmp_path, source))
    assert [(n.message_id, dict(n.params)) for n in document.notes] == [
        ("document.typst_imported_language", {"files": "template.typ"})
    ]
    written_typst(tmp_path, source, {"Ice": "Eis"})  # (it compiles, the import unchanged)


def test_a_templates_content_arguments_and_the_pages_header_are_translated(
    tmp_path: Path,
) -> None:
    source = (
        "#let book(title: none, dedication: none, authors: (), hero: none, date: none, body) = {\n"
        "  title; dedication; for a in authors [#a.name #a.department]; hero.caption; date; body\n"
        "}\n"
        "#show: book.with(\n"
        "  title: [A Book],\n"
        "  dedication: [for Rachel],\n"
        '  authors: ((name: "Ann Lee", department: [Co-Founder]),),\n'
        "  hero: (image: rect(), caption: [Award-winning science]),\n"
        "  date: [May 2024],\n"
        ")\n"
        "#set page(header: [A Study of Glaciers], margin: (x: 2cm))\n"
        "#set document(title: [My Thesis])\n"
        "Text.\n"
    )
    words = {
        "A Book": "Ein Buch",
        "for Rachel": "für Rachel",
        "Award-winning science": "Preisgekrönte Wissenschaft",
        "A Study of Glaciers": "Eine Studie über Gletscher",
        "My Thesis": "Meine Arbeit",
        "Text.": "Text.",
    }
    assert [u.text for u in open_document(_typ(tmp_path, source)).units] == list(words)
    written_typst(tmp_path, source, words)
    shown = compiled_text(tmp_path / "out.typ")
    for german in ("Ein Buch", "für Rachel", "Preisgekrönte Wissenschaft", "Eine Studie"):
        assert german in shown, shown
    assert "Co-Founder" in shown and "May 2024" in shown  # (an author's, a date: kept)
    pdf = typst.compile(str(tmp_path / "out.typ"), format="pdf")
    assert "Meine Arbeit".encode("utf-16-be") in pdf or b"Meine Arbeit" in pdf  # (its title)


def test_strings_a_reader_sees_are_translated_and_written_as_strings(tmp_path: Path) -> None:
    source = (
        '#let project(title: "", lang: "en", authors: (), body) = {\n'
        "  title; for a in authors [ #a.name #a.title]; body\n}\n"
        '#let work(title: "", company: "", dates: "") = [#title, #company, #dates]\n'
        '#show: project.with(title: "The Magical \\"Green\\" Bean", lang: "en",'
        ' authors: ((name: "Ann", title: "Prof"),))\n'
        '#set document(title: "My Thesis", author: "Ann")\n'
        '#figure(rect(), caption: "Serious Business.")\n'
        '#work(title: "Subatomic Shepherd", company: "Acme", dates: "May 2024")\n'
    )
    document = open_document(_typ(tmp_path, source))
    assert [u.text for u in document.units] == [
        'The Magical "Green" Bean', "My Thesis", "Serious Business.", "Subatomic Shepherd"
    ]  # fmt: skip
    written = written_typst(
        tmp_path,
        source,
        {
            'The Magical "Green" Bean': 'Die magische "grüne" Bohne #1 a*b \\ ~',
            "My Thesis": "Meine Arbeit",
            "Serious Business.": "Ernste Sache.",
            "Subatomic Shepherd": "Subatomarer Schäfer",
        },
    )
    # (a string's own escapes, its markup characters as they are)
    assert 'title: "Die magische \\"grüne\\" Bohne #1 a*b \\\\ ~", lang: "en",' in written
    assert '#set document(title: "Meine Arbeit", author: "Ann")' in written
    shown = compiled_text(tmp_path / "out.typ")
    assert 'Die magische "grüne" Bohne #1 a*b \\ ~' in shown.replace("“", '"').replace("”", '"')
    for german in ("Ernste Sache.", "Subatomarer Schäfer, Acme, May 2024"):
        assert german in shown, shown  # (a company, a date: kept)
    assert "Prof" in shown  # (an author's title: the authors are kept whole)


def test_a_main_file_of_includes_is_copied_with_a_note_naming_them(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "intro.typ").write_text("= Introduction\nIce flows.\n", "utf-8")
    (tmp_path / "content" / "method.typ").write_text("= Method\nWe measured.\n", "utf-8")
    source = (
        '#set document(author: "Ann")\n#set heading(numbering: "1.")\n\n'
        '#include "/content/intro.typ"\n#include "/content/method.typ"\n'
    )
    path = _typ(tmp_path, source)
    document, _ = load_document(path)  # (not refused as a document with no text)
    assert document.units == () and document.copied_without_text
    assert [(n.message_id, dict(n.params)) for n in document.notes] == [
        ("document.tex_included", {"files": "/content/intro.typ, /content/method.typ"})
    ]
    out = tmp_path / "out.typ"
    out.write_bytes(document.write([], language=GERMAN))
    assert out.read_text("utf-8") == source
    assert "1. Introduction Ice flows. 2. Method We measured." in compiled_text(out)


def test_a_template_of_code_alone_is_copied_so_a_mirrored_project_compiles(
    tmp_path: Path,
) -> None:
    """A project's template.typ of #let's alone was refused ("no text"): a --mirror of the
    project left it out, and the translated main.typ's #import found nothing."""
    template = tmp_path / "template.typ"
    template.write_text(
        '// The paper\'s look.\n#let paper(title: "", body) = {\n'
        '  set text(lang: "en")\n  align(center, text(17pt, title))\n  body\n}\n',
        "utf-8",
    )
    document = open_document(template)
    assert document.copied_without_text and document.units == ()
    assert [n.message_id for n in document.notes] == ["document.no_text_copied"]
    assert document.write([]) == template.read_bytes()
    empty = tmp_path / "empty.typ"
    empty.write_text("\n", "utf-8")
    with pytest.raises(DocumentError):  # (an empty file: nothing to copy, refused)
        open_document(empty)


def test_the_names_set_in_place_of_the_languages_are_translated(tmp_path: Path) -> None:
    """An author's own "Table of Contents", "Chapter", "Illustration" and "Works Cited" (set
    so to override the language's) stayed English in a German paper; a string holding an
    escape (``\\u{2014}``) is kept, not shown as its escape."""
    source = (
        '#set text(lang: "en")\n#set outline(title: [Table of Contents])\n'
        '#set heading(numbering: "1.", supplement: [Chapter])\n'
        '#set figure(supplement: "Illustration")\n#outline()\n= Intro <intro>\nSee @intro.\n'
        '#figure(rect[], caption: "Results \\u{2014} 2024")\n'
    )
    written = written_typst(
        tmp_path,
        source,
        {"Table of Contents": "Inhalt", "Chapter": "Kapitel", "Illustration": "Abbildung"},
    )
    assert "#set outline(title: [Inhalt])" in written
    assert "supplement: [Kapitel])" in written and 'supplement: "Abbildung")' in written
    assert 'caption: "Results \\u{2014} 2024")' in written
    text = compiled_text(tmp_path / "out.typ")
    assert "Inhalt" in text and "Kapitel\xa01" in text and "Results — 2024" in text
