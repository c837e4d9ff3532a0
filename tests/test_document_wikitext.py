"""MediaWiki's wikitext as real producers write it (tests/data/wikitext/: a Bitcoin
Improvement Proposal of GitHub's .mediawiki pages, the lead of English Wikipedia's "Cat" as
its editors saved it, a MediaWiki extension's README on GitHub; see the README there).
Outputs are parsed back with mwparserfromhell and compared with their sources: every
template, link target, address, tag and comment as it was, only the words changed."""

from __future__ import annotations

import re
from pathlib import Path

import mwparserfromhell
import pytest
from mwparserfromhell.nodes import Comment, ExternalLink, Heading, Tag, Template, Wikilink

from engine.cli.main import main
from engine.documents import Document, DocumentError, open_document
from engine.documents.base import FIELD
from engine.documents.wikitext import parse
from engine.engine import Engine
from engine.options import EngineOptions
from tests.fixtures.builder import exported

DATA = Path(__file__).parent / "data" / "wikitext"
FIXTURES = [
    "bip-0155.mediawiki", "cat.wiki", "embedvideo.mediawiki", "harry-mcpherson.wiki",
    "united-kingdom.wiki",
]  # fmt: skip


def document_of(text: str, name: str = "page.wiki") -> Document:
    return parse(text, Path(name))


def capitals(document: Document) -> list[str]:
    """A stand-in translation: every word in capitals, the placeholders as they were."""
    return [
        FIELD.pattern().sub(lambda m: m.group().upper(), u.text.upper()) for u in document.units
    ]


def written(document: Document, translations: list[str]) -> str:
    return document.write(translations).decode("utf-8")


def skeleton(text: str) -> list[str]:
    """What a wiki does with a page besides showing its words: each template, link target,
    address, tag (with its attributes), heading level and comment, in order."""
    out = []
    for node in mwparserfromhell.parse(text, skip_style_tags=False).filter(recursive=True):
        if isinstance(node, Template | Comment):
            out.append(str(node))
        elif isinstance(node, Wikilink):
            out.append(f"link {node.title}")
        elif isinstance(node, ExternalLink):
            out.append(f"url {node.url}")
        elif isinstance(node, Tag):
            attributes = "".join(str(a) for a in node.attributes)
            out.append(f"tag {node.wiki_markup or node.tag}{attributes}")
            if str(node.tag) in ("code", "pre", "nowiki", "math", "syntaxhighlight"):
                out.append(str(node))
        elif isinstance(node, Heading):
            out.append(f"heading {node.level}")
    return out


@pytest.mark.parametrize("name", FIXTURES)
def test_a_page_translated_keeps_everything_but_its_words(name: str) -> None:
    source = (DATA / name).read_text("utf-8")
    document = open_document(DATA / name)
    assert document.write([u.text for u in document.units]) == (DATA / name).read_bytes()
    out = written(document, capitals(document))
    assert out != source
    assert skeleton(out) == skeleton(source)
    assert str(mwparserfromhell.parse(out)) == out


def test_a_proposal_sends_its_headings_paragraphs_cells_and_references() -> None:
    document = open_document(DATA / "bip-0155.mediawiki")
    texts = [u.text for u in document.units]
    assert "Abstract" in texts and "Specification" in texts  # (headings, their = kept)
    assert "Network identifier. An 8-bit value that specifies which network is addressed." in texts
    assert "Type" in texts and "Description" in texts  # (a table's header cells)
    # A <ref> is a placeholder in its sentence, its body a unit of its own.
    motivation = next(t for t in texts if t.startswith("Tor v3 hidden services"))
    assert "<ref>" not in motivation and "better encryption and privacy\nZXQ1Q." in motivation
    assert f"{FIELD.format(1)}Tor Rendezvous Specification - Version 3{FIELD.format(2)}" in texts
    # Code and the preamble's <pre> are no words: neither sent nor in a sentence.
    joined = "\n".join(texts)
    assert "<code>" not in joined and "Wladimir" not in joined and "uint32_t" not in joined


def test_an_extension_readme_sends_its_definitions_and_table_and_keeps_its_code() -> None:
    document = open_document(DATA / "embedvideo.mediawiki")
    texts = [u.text for u in document.units]
    # (``;Project Homepage: [https://… Documentation at Github]``: the term, the link's words)
    assert "Project Homepage" in texts and "ZXQ1QDocumentation at GithubZXQ2Q" in texts
    assert texts[texts.index("Attribute") + 1] == "Description"  # (the table's header cells)
    notice = next(t for t in texts if t.startswith("ZXQ1QNotice:ZXQ2Q As of the 2.x series"))
    assert notice  # (a <span style="…"> around words: a pair)
    joined = "\n".join(texts)
    assert "#ev" not in joined and "nowiki" not in joined and "Whiteknight" not in joined


def test_a_reference_is_translated_inside_its_sentence() -> None:
    document = document_of("Cats sleep a lot.<ref name=\"s\">A ''long'' study.</ref> They purr.\n")
    assert [u.text for u in document.units] == [
        "Cats sleep a lot.ZXQ1Q They purr.",
        "A ZXQ1QlongZXQ2Q study.",
    ]
    out = written(
        document, ["Katzen schlafen viel.ZXQ1Q Sie schnurren.", "Eine ZXQ1QlangeZXQ2Q Studie."]
    )
    assert out == (
        "Katzen schlafen viel.<ref name=\"s\">Eine ''lange'' Studie.</ref> Sie schnurren.\n"
    )


def test_a_link_keeps_its_target_and_shows_the_translated_words() -> None:
    document = document_of("The [[capital city|capital]] of [[France]] is [[Paris]].\n")
    assert [u.text for u in document.units] == [
        "The ZXQ1QcapitalZXQ2Q of ZXQ3QFranceZXQ4Q is ZXQ5QParisZXQ6Q."
    ]
    translation = "Die ZXQ1QHauptstadtZXQ2Q von ZXQ3QFrankreichZXQ4Q ist ZXQ5QParisZXQ6Q."
    out = written(document, [translation])
    # (a link that showed its target's title shows the translation, to the same page; one
    # whose words the translation kept stays as it was)
    assert out == "Die [[capital city|Hauptstadt]] von [[France|Frankreich]] ist [[Paris]].\n"
    # (a link that shows a page's name with its namespace names it: kept)
    document = document_of("Ask on [[Talk:Cat]] or [[Help:Editing|the help page]].\n")
    assert [u.text for u in document.units] == ["Ask on ZXQ1Q or ZXQ2Qthe help pageZXQ3Q."]
    # (a colon after a word that names no namespace is in the page's title: a book's)
    document = document_of(
        "He wrote [[Committed: A Skeptic Makes Peace with Marriage]] and [[User talk:Ann]].\n"
    )
    assert [u.text for u in document.units] == [
        "He wrote ZXQ1QCommitted: A Skeptic Makes Peace with MarriageZXQ2Q and ZXQ3Q."
    ]


def test_a_links_trail_is_translated_with_its_words() -> None:
    # (the lead of "Cat": ``[[claw]]s``, which MediaWiki shows as one link, "claws")
    document = open_document(DATA / "cat.wiki")
    text = next(u.text for u in document.units if "claws" in u.text)
    assert re.search(r"ZXQ\d+QclawsZXQ\d+Q", text) and re.search(r"ZXQ\d+QmeowingZXQ\d+Q", text)
    document = document_of("Dogs and [[cat]]s, [[kitten|young cat]]s and [[mouse]].\n")
    assert [u.text for u in document.units] == [
        "Dogs and ZXQ1QcatsZXQ2Q, ZXQ3Qyoung catsZXQ4Q and ZXQ5QmouseZXQ6Q."
    ]
    out = written(
        document, ["Hunde und ZXQ1QKatzenZXQ2Q, ZXQ3Qjunge KatzenZXQ4Q und ZXQ5QMausZXQ6Q."]
    )
    assert out == "Hunde und [[cat|Katzen]], [[kitten|junge Katzen]] und [[mouse|Maus]].\n"


def test_bold_and_italic_stay_around_their_translated_words() -> None:
    document = document_of("The '''cat''' sleeps on the ''mat''.\n")
    out = written(document, ["Auf der ZXQ3QMatteZXQ4Q schläft die ZXQ1QKatzeZXQ2Q."])
    assert out == "Auf der ''Matte'' schläft die '''Katze'''.\n"


def test_quotes_pair_on_their_own_line_as_mediawiki_reads_them() -> None:
    # (BIP 341's: an italic left open at a line's end, which the parser ran on over the
    # next lines, so that each pair after it was read inside out)
    source = (
        "*** Let ''k<sub>j+1</sub> depend on whether ''k<sub>j</sub> < e<sub>j</sub>''\n"
        "\n"
        "''q'' is referred to as ''taproot output key'' and '''''p''''' as the other.\n"
    )
    document = document_of(source)
    assert [u.text for u in document.units] == [
        "Let ZXQ1QkZXQ2Qj+1ZXQ3Q depend on whether ZXQ4QkZXQ5QjZXQ6Q < eZXQ7QjZXQ8QZXQ9Q",
        "ZXQ1QqZXQ2Q is referred to as ZXQ3Qtaproot output keyZXQ4Q and ZXQ5QZXQ6QpZXQ7QZXQ8Q "
        "as the other.",
    ]
    out = written(document, capitals(document))
    assert out.endswith(
        "''Q'' IS REFERRED TO AS ''TAPROOT OUTPUT KEY'' AND '''''P''''' AS THE OTHER.\n"
    )


def test_a_mark_is_never_glued_to_an_apostrophe() -> None:
    # (MediaWiki reads the apostrophe of "L'" with the bold's three as bold italic's five)
    document = document_of("The '''man''' spoke.\n")
    out = written(document, ["L'ZXQ1QhommeZXQ2Q a parlé."])
    assert out == "L'<nowiki/>'''homme''' a parlé.\n"
    bold = mwparserfromhell.parse(out, skip_style_tags=False).nodes[2]
    assert isinstance(bold, Tag) and str(bold.contents) == "homme"


def test_external_links_keep_their_address_and_translate_their_label() -> None:
    document = document_of("See [https://example.org/a the manual] or https://example.org/b.\n")
    assert [u.text for u in document.units] == ["See ZXQ1Qthe manualZXQ2Q or ZXQ3Q."]
    out = written(document, ["Siehe ZXQ1Qdas HandbuchZXQ2Q oder ZXQ3Q."])
    assert out == "Siehe [https://example.org/a das Handbuch] oder https://example.org/b.\n"


def test_markup_that_is_no_prose_is_kept_whole() -> None:
    source = (
        "{{Infobox|name=Cat}}\n"
        "__TOC__\n"
        "Text {{lang|fr|chat}} with <nowiki>''x''</nowiki>, <math>a^2</math> and "
        "<code>x()</code> &mdash; signed ~~~~ <!-- a note -->\n"
        "<syntaxhighlight lang=\"python\">\nprint('Hello world')\n</syntaxhighlight>\n"
        " a preformatted line of words\n"
        "[[Category:Cats]]\n"
        "[[de:Hauskatze]]\n"
        "[[File:Cat.jpg|thumb|220px|alt=A grey cat|A cat on a wall]]\n"
    )
    document = document_of(source)
    texts = [u.text for u in document.units]
    assert texts == [
        "Text ZXQ1Q with ZXQ2Q, ZXQ3Q and ZXQ4Q ZXQ5Q signed ZXQ6Q ZXQ7Q",
        "A grey cat",
        "A cat on a wall",
    ]
    assert document.units[0].fields[:2] == ("chat", "")  # ({{lang}}'s words, what a reader sees)
    out = written(document, capitals(document))
    assert out == source.replace("Text ", "TEXT ").replace(" with ", " WITH ").replace(
        " and ", " AND "
    ).replace(" signed ", " SIGNED ").replace("alt=A grey cat", "alt=A GREY CAT").replace(
        "|A cat on a wall", "|A CAT ON A WALL"
    )


def test_an_image_in_another_wikis_language_sends_its_caption_not_its_options() -> None:
    # (the Arabic image wikitext of wikipedia-ios's WMFWikitextUtilsTests.swift; German's)
    document = document_of("[[ملف:Feral_cat_2.JPG|تصغير|يمين|بديل=test2|test]]\n")
    assert [u.text for u in document.units] == ["test2", "test"]
    document = document_of("[[Datei:X.jpg|mini|hochkant=1.2]]\n[[Datei:Y.jpg|mini|Die Katze]]\n")
    assert [u.text for u in document.units] == ["Die Katze"]
    # (Dutch, Polish and Portuguese Wikipedia's: options of their own, a caption after them)
    document = document_of(
        "[[Bestand:Kat.jpg|miniatuur|rechts|200px]]\n[[Plik:Kot.jpg|mały|prawo|pionowo=0.8]]\n"
        "[[Arquivo:Gato.jpg|miniaturadaimagem|direita|semmoldura|Um gato]]\n"
    )
    assert [u.text for u in document.units] == ["Um gato"]


def test_lists_tables_and_definitions_are_units_of_their_own() -> None:
    source = (
        "== Kinds ==\n"
        "* Long hair\n"
        "*# Persian cats\n"
        "; Tabby : a coat with stripes\n"
        '{| class="wikitable"\n'
        "|+ Breeds\n"
        "! Breed !! Origin\n"
        "|-\n"
        '| style="color:red" | Siamese || Thailand\n'
        "|}\n"
    )
    document = document_of(source)
    assert [u.text for u in document.units] == [
        "Kinds", "Long hair", "Persian cats", "Tabby", "a coat with stripes", "Breeds", "Breed",
        "Origin", "Siamese", "Thailand",
    ]  # fmt: skip
    out = written(document, [t.upper() for t in (u.text for u in document.units)])
    assert out == (
        "== KINDS ==\n"
        "* LONG HAIR\n"
        "*# PERSIAN CATS\n"
        "; TABBY : A COAT WITH STRIPES\n"
        '{| class="wikitable"\n'
        "|+ BREEDS\n"
        "! BREED !! ORIGIN\n"
        "|-\n"
        '| style="color:red" | SIAMESE || THAILAND\n'
        "|}\n"
    )


def test_a_translation_that_reads_as_markup_keeps_the_page_as_it_was() -> None:
    source = "Cats sleep.\nThey purr.\n* Item\n{|\n| cell\n|}\n[[File:X.png|thumb|A cap]]\n"
    document = document_of(source)
    out = written(document, ["Katzen schlafen.\n* Sie schnurren.", "# Punkt", "a | b", "c|d"])
    # (a line begun with a list's * would be an item, an item begun with # a numbered one, a
    # cell's | would end it, a caption's another parameter)
    assert out == (
        "Katzen schlafen. *\nSie schnurren.\n* <nowiki/># Punkt\n{|\n| a &#124; b\n|}\n"
        "[[File:X.png|thumb|c&#124;d]]\n"
    )
    assert [x for x in skeleton(out) if "nowiki" not in x] == skeleton(source)


def test_a_translation_never_ends_a_cell_a_caption_or_an_address_early() -> None:
    source = "{|\n! Name !! Age\n|}\n[[File:X.png|thumb|A cap]]\nSee https://example.org/a now.\n"
    document = document_of(source)
    assert [u.text for u in document.units] == ["Name", "Age", "A cap", "See ZXQ1Q now."]
    out = written(document, ["Name!! x", "Alter", "Ein ]] Bild", "Siehe ZXQ1Qjetzt."])
    # (a header cell's !! would begin another cell, a caption's ]] end the image's link, and
    # letters right after an address would be read as more of it)
    assert out == (
        "{|\n! Name!&#33; x !! Alter\n|}\n[[File:X.png|thumb|Ein &#93;&#93; Bild]]\n"
        "Siehe https://example.org/a jetzt.\n"
    )
    out = written(document, ["Name", "Alter", "Bild", "Siehe ZXQ1Q.x"])
    assert out.endswith("Siehe https://example.org/a<nowiki/>.x\n")
    assert [x for x in skeleton(out) if "nowiki" not in x] == skeleton(source)


def test_a_redirect_keeps_its_target_and_a_page_of_it_alone_is_copied() -> None:
    # (MediaWiki reads #REDIRECT, in any wiki's language, on the first line alone; it is no
    # numbered list item whose words are sent)
    document = document_of("#WEITERLEITUNG [[Katze]]\n[[Kategorie:Katzen]]\n")
    assert document.units == () and document.copied_without_text
    assert document.notes[0].message_id == "document.no_text_copied"
    document = document_of("#REDIRECT [[Cat]] {{R from move}}\nSee also the cat.\n")
    assert [u.text for u in document.units] == ["See also the cat."]
    # (a numbered list's first item that begins with a word and a link is no redirect)
    document = document_of("#Download [[Git]] from the official site.\n#Run the installer.\n")
    assert [u.text for u in document.units] == [
        "Download ZXQ1QGitZXQ2Q from the official site.",
        "Run the installer.",
    ]
    document = document_of("#перенапр [[Кошка]]\n")  # (case-insensitive, as MediaWiki)
    assert document.units == () and document.copied_without_text


def test_a_quotation_of_paragraphs_after_a_sentence_is_read_as_its_paragraphs() -> None:
    # (Harry McPherson's article: "…concludes as follows:<blockquote>" and two paragraphs,
    # which as one unit over a blank line could not be written back)
    document = open_document(DATA / "harry-mcpherson.wiki")
    texts = [u.text for u in document.units]
    assert any(t.endswith("covering the years 1956 to 1969, concludes as follows:") for t in texts)
    assert any(t.startswith("Perhaps the most serious question of all") for t in texts)
    assert any(t.startswith("It was Lyndon Johnson’s fate") for t in texts)
    out = written(document, capitals(document))
    assert "CONCLUDES AS FOLLOWS:<blockquote>\nPERHAPS THE MOST SERIOUS" in out
    document = document_of("Intro <div>\nA cat.\n\nA dog.\n</div> After.\n")
    assert [u.text for u in document.units] == ["Intro", "A cat.", "A dog.", "After."]
    assert written(document, capitals(document)) == (
        "INTRO <div>\nA CAT.\n\nA DOG.\n</div> AFTER.\n"
    )


def test_a_list_item_or_heading_holding_paragraphs_is_cut_at_them() -> None:
    source = "* Intro <div>\nA cat.\n\nA dog.\n</div> after\n== Head <span>a\n\nb</span> ==\n"
    document = document_of(source)
    assert [u.text for u in document.units] == [
        "Intro", "A cat.", "A dog.", "after", "Head", "a", "b",
    ]  # fmt: skip
    assert written(document, capitals(document)) == source.upper().replace(
        "<DIV>", "<div>"
    ).replace("</DIV>", "</div>").replace("SPAN>", "span>")


def test_a_table_set_in_by_a_colon_is_read_as_a_table() -> None:
    # (the United Kingdom's "International rankings": ``:{|class="wikitable"``)
    document = open_document(DATA / "united-kingdom.wiki")
    texts = [u.text for u in document.units]
    assert texts[2:5] == ["Index", "Rank", "Countries reviewed"]
    assert not any("wikitable" in t or "style=" in t for t in texts)
    out = written(document, capitals(document))
    assert ':{|class="wikitable" style="text-align:center;"\n' in out
    assert '! style="width:65%;"|INDEX\n' in out
    assert "\n|14||187\n" in out


def test_an_extensions_tag_is_kept_whole_and_only_text_tags_are_read() -> None:
    # (SlideBoxLightShow's README: its tag holds a list of files; a tabber's tabs, a video's
    # id; <small> and <poem> hold words)
    source = (
        '<slideboxlightshow interval="1000">\nFile:Example.jpg|An example image\n'
        "</slideboxlightshow>\n"
        "A video <youtube>dQw4w9WgXcQ</youtube> and <tabber>First=Some words</tabber> "
        "<small>in small print</small>.\n"
        "<poem>\nA line of verse\n</poem>\n"
    )
    document = document_of(source)
    assert [u.text for u in document.units] == [
        "A video ZXQ1Q and ZXQ2Q ZXQ3Qin small printZXQ4Q.",
        "A line of verse",
    ]
    assert written(document, capitals(document)) == source.replace("A video", "A VIDEO").replace(
        " and ", " AND "
    ).replace("in small print", "IN SMALL PRINT").replace("A line of verse", "A LINE OF VERSE")


def test_references_defined_in_the_list_of_references_are_translated() -> None:
    source = (
        'A claim.<ref name="a" />\n\n== References ==\n<references>\n'
        '<ref name="a">The first source, a book about cats.</ref>\n</references>\n'
    )
    document = document_of(source)
    assert [u.text for u in document.units] == [
        "A claim.ZXQ1Q", "References", "The first source, a book about cats.",
    ]  # fmt: skip
    out = written(document, capitals(document))
    assert '<ref name="a">THE FIRST SOURCE, A BOOK ABOUT CATS.</ref>\n</references>' in out


def test_a_page_without_words_or_with_bad_bytes_is_refused_clearly(tmp_path: Path) -> None:
    empty = tmp_path / "Empty.mediawiki"
    empty.write_bytes(b"\n\n")
    with pytest.raises(DocumentError):
        open_document(empty)
    document = open_document(DATA / "cat.wiki")
    with pytest.raises(DocumentError, match=r"Bilingual output is not available for \.wiki"):
        document.write([u.text for u in document.units], bilingual=True)


def test_quire_translate_writes_a_translated_page(
    quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Engine(EngineOptions(home=quire_home)).import_model(exported("marian"), "opus-mt-en-de")
    source = tmp_path / "Cat.wiki"
    source.write_bytes((DATA / "cat.wiki").read_bytes())
    code = main(["translate", "--from", "en", "--to", "de", str(source)])
    _out, err = capsys.readouterr()
    assert code == 0, err
    out = (tmp_path / "Cat.de.wiki").read_text("utf-8")
    assert skeleton(out) == skeleton(source.read_text("utf-8"))
    assert re.search(r"^\[\[File: Cat\.jpg \| thumb \| 220x124px \| right \|", out, re.M)
