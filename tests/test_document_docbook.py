"""DocBook and DITA as their producers wrote them (tests/data/docbook/: pandoc's DocBook 4
and 5; tests/data/dita/: DITA-OT's user guide; see their README.md). Outputs are parsed back
with lxml and compared with their sources: only the words change, the root names the
target."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

import pytest
from lxml import etree

from engine.cli.main import main
from engine.documents import Document, DocumentError, open_document
from engine.engine import Engine
from engine.options import EngineOptions
from tests.fixtures.builder import exported
from tests.fixtures.documents import language

DOCBOOK = Path(__file__).parent / "data" / "docbook"
DITA = Path(__file__).parent / "data" / "dita"
GERMAN = language("de")
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CHARACTERS = {"&mdash;", "&eacute;"}  # entities a translation writes as their characters
PARSER = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True)


def marked(texts: Sequence[str]) -> list[str]:
    """A stand-in translator: each text in «», its placeholders where they were."""
    return [f"«{t}»" for t in texts]


def written(document: Document) -> bytes:
    return document.write(marked([u.text for u in document.units]), language=GERMAN)


def skeleton(data: bytes) -> list[tuple[str, dict[str, str], str | None]]:
    """Every node in order with its attributes (not the language's) and, for what is not an
    element (a comment, an entity reference), its text: what must not change."""
    root = etree.fromstring(data, PARSER)
    return [
        (
            str(node.tag),
            {k: v for k, v in node.attrib.items() if k not in (XML_LANG, "lang")},
            None if isinstance(node.tag, str) else node.text,
        )
        for node in root.iter()
        if node.tag is not etree.Entity or node.text not in CHARACTERS  # (written as such)
    ]


def texts(document: Document) -> list[str]:
    return [u.text for u in document.units]


def copy(source: Path, tmp_path: Path, name: str | None = None) -> Path:
    path = tmp_path / (name or source.name)
    path.write_bytes(source.read_bytes())
    return path


@pytest.mark.parametrize("name", ["guide-db5.xml", "guide-db4.xml"])
def test_pandoc_docbook_is_read_block_by_block(tmp_path: Path, name: str) -> None:
    document = open_document(copy(DOCBOOK / name, tmp_path))
    assert texts(document) == [
        "Installing the Frobnicator",
        "Getting started",
        "The Frobnicator reads your configuration from ZXQ1Q and writes its logs to the "
        "system journal.ZXQ2Q See the project site for news.",
        "On macOS, the logs go to ZXQ1Q instead.",
        "Installing",
        "Download the package.",
        "Run ZXQ1Q as an administrator.",
        "Restart the service.",
        "Keep the old configuration: it is read once more on the first start.",
        "Option",
        "Meaning",
        "Show what would change.",
        "Skip the checks.",
        "Term",
        "A word with a meaning of its own.",
    ]
    assert document.units[2].fields[0] == "~/.frob/config.toml"


@pytest.mark.parametrize(("name", "attribute"), [("guide-db5.xml", XML_LANG),
                                                 ("guide-db4.xml", "lang")])  # fmt: skip
def test_only_the_words_change_and_the_root_names_the_target(
    tmp_path: Path, name: str, attribute: str
) -> None:
    source = (DOCBOOK / name).read_bytes()
    data = written(open_document(copy(DOCBOOK / name, tmp_path)))
    assert skeleton(data) == skeleton(source)
    root = etree.fromstring(data, PARSER)
    assert root.get(attribute) == "de"  # (DocBook 4 has lang, not xml:lang)
    assert len(root.attrib) == len(etree.fromstring(source, PARSER).attrib) + 1
    out = data.decode("utf-8")
    assert "<emphasis>«The</emphasis>" not in out
    assert "«The <emphasis>Frobnicator</emphasis>" in out
    assert "<literal>~/.frob/config.toml</literal>" in out
    assert "<para>\n          «On macOS, the logs go to <literal>Console.app</literal>" in out
    assert "$ frob --install\nInstalled.\n</programlisting>" in out  # code kept
    assert "<firstname>Quire</firstname>" in out and "<date>2026-01-05</date>" in out
    # Every byte but the words: the DOCTYPE, the XML declaration, the layout.
    assert data.split(b"<article")[0] == source.split(b"<article")[0]


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc reads the output back")
def test_pandoc_reads_the_translation_back(tmp_path: Path) -> None:
    out = tmp_path / "out.xml"
    out.write_bytes(written(open_document(copy(DOCBOOK / "guide-db4.xml", tmp_path))))
    plain = subprocess.run(
        ["pandoc", "-f", "docbook", str(out), "-t", "plain"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    assert "«Run frob --install as an administrator.»" in plain
    assert "[1] «On macOS, the logs go to Console.app instead.»" in plain


def test_a_footnote_stays_where_it_was_when_the_translation_moves_code(tmp_path: Path) -> None:
    document = open_document(copy(DOCBOOK / "guide-db5.xml", tmp_path))
    translations = marked(texts(document))
    translations[2] = (
        "Die Frobnicator Sache ZXQ2Q liest die Konfiguration aus ZXQ1Q und schreibt das "
        "System Journal. Siehe die Projekt Seite für News."
    )
    data = document.write(translations, language=GERMAN)
    assert skeleton(data) == skeleton((DOCBOOK / "guide-db5.xml").read_bytes())
    assert "«On macOS, the logs go to <literal>Console.app</literal>" in data.decode("utf-8")


ENTITIES = b"""<?xml version="1.0" encoding="ISO-8859-1"?>
<!DOCTYPE chapter PUBLIC "-//OASIS//DTD DocBook XML V4.5//EN"
  "http://www.oasis-open.org/docbook/xml/4.5/docbookx.dtd" [
  <!ENTITY product "Frobnicator">
  <!ENTITY % general-entities SYSTEM "../general.ent">
  %general-entities;
  <!ENTITY appendix SYSTEM "appendix.xml">
]>
<chapter id="start" lang="en">
  <title>Using &product; &version;</title>
  <para>Start it &mdash; it reads &caf&eacute;.conf<remark>check this</remark>.</para>
  <para translate="no">Leave this as it is.</para>
  <para>Keep <phrase its:translate="no" xmlns:its="http://www.w3.org/2005/11/its">this
    name</phrase> as it is.</para>
  <xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="install.xml"/>
  &appendix;
</chapter>
"""


def test_entities_stay_as_written_never_expanded_nor_fetched(tmp_path: Path) -> None:
    path = tmp_path / "start.xml"
    path.write_bytes(ENTITIES.replace(b"&caf", b"caf"))
    document = open_document(path)
    assert texts(document) == [
        "Using ZXQ1Q ZXQ2Q",
        "Start it \u2014 it reads caf\u00e9.confZXQ1Q.",  # (an editor's remark, kept)
        "Keep ZXQ1Q as it is.",
    ]
    assert document.units[0].fields == ("&product;", "&version;")
    assert [n.message_id for n in document.notes] == ["document.includes_kept"]
    assert "install.xml" in document.notes[0].text
    data = document.write(["Mit ZXQ1Q ZXQ2Q", "Starte es \u2014 café.ZXQ1Q", "ZXQ1Q bleibt."],
                          language=GERMAN)  # fmt: skip
    assert skeleton(data) == skeleton(path.read_bytes())
    assert b"<title>Mit &product; &version;</title>" in data
    assert b'<chapter id="start" lang="de">' in data
    # (ISO-8859-1 has no em dash: a reference to it, the file in its encoding)
    assert "Starte es &#8212; café.<remark>check this</remark>".encode("latin-1") in data
    assert b'<para translate="no">Leave this as it is.</para>' in data
    assert b"this\n    name</phrase> bleibt." in data
    assert b"  &appendix;\n</chapter>" in data


def test_dita_task_keeps_code_keys_and_footnotes_apart(tmp_path: Path) -> None:
    document = open_document(copy(DITA / "installing-via-homebrew.dita", tmp_path))
    found = texts(document)
    note = next(t for t in found if t.startswith("Verify that your"))
    assert note == (
        "Verify that your ZXQ1Q begins with the ZXQ2Q subfolder of the Homebrew installation "
        "directory ZXQ3Q to ensure that Homebrew-installed software takes precedence over any "
        "programs of the same name elsewhere on the system."
    )
    assert "Homebrew\u2019s default installation location depends on the operating system "\
        "architecture:" in found  # fmt: skip
    assert "ZXQ1Q on macOS ARM" in found
    assert "ZXQ1Q command" in found  # an index term, its own unit
    source = (DITA / "installing-via-homebrew.dita").read_bytes()
    data = written(document)
    assert skeleton(data) == skeleton(source)
    assert etree.fromstring(data, PARSER).get(XML_LANG) == "de"
    assert b"<codeblock" in data and data.count(b"brew") >= source.count(b"brew")


def test_dita_codeblocks_and_conkeyrefs_are_kept(tmp_path: Path) -> None:
    source = (DITA / "creating-docker-images.dita").read_bytes()
    document = open_document(copy(DITA / "creating-docker-images.dita", tmp_path))
    assert "Sample Dockerfile with custom plug-ins: ZXQ1QZXQ2Q" in texts(document)
    assert not any("docker image build" in t for t in texts(document))
    data = written(document)
    assert skeleton(data) == skeleton(source)
    blocks = [etree.tostring(e) for e in etree.fromstring(source, PARSER).iter("codeblock")]
    assert blocks == [etree.tostring(e) for e in etree.fromstring(data, PARSER).iter("codeblock")]
    assert b'<xref keyref="site-plugin-registry"/>, \xc2\xbb' not in data
    assert b'<filepath conkeyref="conref-task/samples-dir"/>' in data


def test_dita_maps_and_glossaries(tmp_path: Path) -> None:
    document = open_document(copy(DITA / "dita-ot-day-2014.ditamap", tmp_path))
    assert texts(document) == ["DITA-OT Day 2014", "2014 Munich", "Munich 2014"]
    data = written(document)
    assert skeleton(data) == skeleton((DITA / "dita-ot-day-2014.ditamap").read_bytes())
    assert b"<navtitle>\xc2\xab2014 Munich\xc2\xbb</navtitle>" in data
    glossary = open_document(copy(DITA / "gloss-argument.dita", tmp_path, "gloss.xml"))
    assert texts(glossary) == [
        "argument",
        "Required parameter passed to the Ant process or ZXQ1Q command.",
    ]
    path = tmp_path / "old.ditamap"
    path.write_text('<map><topicref href="a.dita" navtitle="Getting &amp; started"/></map>')
    out = written(open_document(path))
    value = "«Getting &amp; started»".encode()
    assert out == b'<map xml:lang="de"><topicref href="a.dita" navtitle="' + value + b'"/></map>'


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"<article><para>Use <emphasis>it</para></article>", "Opening and ending tag"),
        (b"<article><para>Open</article>", "line 1"),
    ],
)
def test_damaged_docbook_is_refused_saying_where(tmp_path: Path, content: bytes, said: str) -> None:
    path = tmp_path / "guide.dbk"
    path.write_bytes(content)
    with pytest.raises(DocumentError) as caught:
        open_document(path)
    assert caught.value.message_id == "document.bad_xml"
    assert said in str(caught.value) and "xmllint" in (caught.value.hint or "")
    assert "column" not in str(caught.value)  # (the line said once, ours)


def test_other_xml_is_still_refused_naming_what_quire_reads(tmp_path: Path) -> None:
    path = tmp_path / "pom.xml"
    path.write_bytes(b'<?xml version="1.0"?>\n<project><name>x</name></project>')
    with pytest.raises(DocumentError) as caught:
        open_document(path)
    assert caught.value.message_id == "document.not_android"
    assert "DocBook" in (caught.value.hint or "")


def test_quire_translate_writes_a_translated_docbook_file(
    quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Engine(EngineOptions(home=quire_home)).import_model(exported("marian"), "opus-mt-en-de")
    source = copy(DOCBOOK / "guide-db5.xml", tmp_path, "guide.xml")
    topic = copy(DITA / "gloss-argument.dita", tmp_path)
    for path in (source, topic):
        code = main(["translate", "--from", "en", "--to", "de", str(path)])
        _out, err = capsys.readouterr()
        assert code == 0, err
    data = (tmp_path / "guide.de.xml").read_bytes()
    assert skeleton(data) == skeleton(source.read_bytes())
    assert etree.fromstring(data, PARSER).get(XML_LANG) == "de"
    dita = (tmp_path / "gloss-argument.de.dita").read_bytes()
    assert skeleton(dita) == skeleton(topic.read_bytes())


# In the style of KDE's manuals (konsole's doc/manual/index.docbook, GFDL, so not copied): a
# DocBook 4.5 chapter with KDE's entities, a menu path in a sentence and one alone in a term.
MENUS = b"""<?xml version="1.0" ?>
<!DOCTYPE chapter PUBLIC "-//KDE//DTD DocBook XML V4.5-Based Variant V1.1//EN"
  "dtd/kdedbx45.dtd" [
  <!ENTITY % addindex "IGNORE">
  <!ENTITY % English "INCLUDE">
]>
<chapter id="using"><title>Using &konsole;</title>
<para>Scroll in the <guilabel>Scrolling</guilabel> tab of the profile window (use
<menuchoice><guimenu>Settings</guimenu><guimenuitem>Edit Current Profile...</guimenuitem>\
</menuchoice>
to open this window).</para>
<variablelist><varlistentry>
<term><menuchoice>
<shortcut>&Shift;</shortcut><guimenuitem>Move Here</guimenuitem> </menuchoice>
</term>
<listitem><para>Move the dropped item into the current folder.</para></listitem>
</varlistentry></variablelist>
</chapter>
"""


def test_a_menu_path_is_kept_in_its_sentence_and_each_label_translated_in_place(
    tmp_path: Path,
) -> None:
    path = tmp_path / "index.docbook"
    path.write_bytes(MENUS)
    document = open_document(path)
    assert texts(document) == [
        "Using ZXQ1Q",
        "Scroll in the Scrolling tab of the profile window (use ZXQ1Q to open this window).",
        "Settings",
        "Edit Current Profile...",
        "Move Here",
        "Move the dropped item into the current folder.",
    ]
    assert document.units[1].fields == ("Settings \u2192 Edit Current Profile...",)
    translations = marked(texts(document))
    translations[1] = "Verwende ZXQ1Q, um das Fenster im Reiter Blättern zu öffnen."
    data = document.write(translations, language=GERMAN)
    assert skeleton(data) == skeleton(MENUS)
    out = data.decode("utf-8")
    assert (
        "<menuchoice><guimenu>«Settings»</guimenu><guimenuitem>«Edit Current Profile...»"
        "</guimenuitem></menuchoice>" in out
    )
    assert "<shortcut>&Shift;</shortcut><guimenuitem>«Move Here»</guimenuitem>" in out

    dita = tmp_path / "menus.dita"
    dita.write_text(
        '<task id="t"><title>Print</title><taskbody><steps><step><cmd>Choose <menucascade>'
        "<uicontrol>File</uicontrol><uicontrol>Print</uicontrol></menucascade>.</cmd></step>"
        "</steps></taskbody></task>"
    )
    topic = open_document(dita)
    assert texts(topic) == ["Print", "Choose ZXQ1Q.", "File", "Print"]
    assert topic.units[1].fields == ("File \u2192 Print",)


def test_each_dita_keyword_is_a_unit_of_its_own(tmp_path: Path) -> None:
    # In the style of the DITA 2.0 specification's bookmap (OASIS, not copied): a bookmeta's
    # search keywords, one a trademark.
    path = tmp_path / "spec.ditamap"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<!DOCTYPE bookmap PUBLIC "-//OASIS//DTD DITA BookMap//EN" "bookmap.dtd">\n'
        '<bookmap xml:lang="en-us">\n  <bookmeta>\n    <keywords>\n'
        "      <keyword>DITA 2.0</keyword>\n"
        "      <keyword>Darwin Information Typing Architecture</keyword>\n"
        '      <keyword><tm tmtype="tm">Apache</tm> FOP</keyword>\n'
        "    </keywords>\n  </bookmeta>\n</bookmap>\n"
    )
    document = open_document(path)
    assert texts(document) == ["DITA 2.0", "Darwin Information Typing Architecture",
                               "Apache FOP"]  # fmt: skip
    data = written(document)
    assert skeleton(data) == skeleton(path.read_bytes())
    assert b"<keyword>\xc2\xabDarwin Information Typing Architecture\xc2\xbb</keyword>" in data


def test_a_dita_image_maps_shapes_and_coordinates_are_kept(tmp_path: Path) -> None:
    # In the style of the DITA specification's image map example (OASIS, not copied).
    path = tmp_path / "map.dita"
    path.write_text(
        '<topic id="m"><title>Image map</title><body><imagemap><image href="s.jpg">'
        "<alt>The three sisters</alt></image><area><shape>poly</shape>"
        "<coords>408, 345, 410, 223</coords><xref href='c.dita'>Charlotte</xref></area>"
        "</imagemap></body></topic>"
    )
    document = open_document(path)
    assert texts(document) == ["Image map", "The three sisters", "Charlotte"]
    data = written(document)
    assert b"<shape>poly</shape><coords>408, 345, 410, 223</coords>" in data


# In the style of DAPS's daps.1 source (openSUSE/daps, GPL, so not copied): a DocBook 4.5
# man page whose names are an entity, its section a number.
MAN_PAGE = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE refentry PUBLIC "-//OASIS//DTD DocBook XML V4.5//EN"
   "http://www.docbook.org/xml/4.5/docbookx.dtd" [
  <!ENTITY daps_command "daps">
]>
<refentry lang="en" id="daps">
 <refmeta>
  <refentrytitle>&daps_command;</refentrytitle>
  <manvolnum>1</manvolnum>
  <refmiscinfo class="version">3.3.2</refmiscinfo>
  <refmiscinfo class="manual">DAPS Manual</refmiscinfo>
 </refmeta>
 <refnamediv>
  <refname>daps</refname>
  <refpurpose>A complete environment to build HTML and PDF from DocBook XML.</refpurpose>
 </refnamediv>
 <refsect1><title>Description</title>
  <para>Run <command>daps help</command> with <option>--verbose</option>.</para>
 </refsect1>
</refentry>
"""


def test_a_man_pages_names_section_and_manual_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "daps.xml"
    path.write_bytes(MAN_PAGE)
    document = open_document(path)
    assert texts(document) == [
        "A complete environment to build HTML and PDF from DocBook XML.",
        "Description",
        "Run ZXQ1Q with ZXQ2Q.",
    ]
    data = written(document)
    assert skeleton(data) == skeleton(MAN_PAGE)
    for kept in (b"<refentrytitle>&daps_command;</refentrytitle>", b"<manvolnum>1</manvolnum>",
                 b'<refmiscinfo class="manual">DAPS Manual</refmiscinfo>',
                 b"<refname>daps</refname>"):  # fmt: skip
        assert kept in data


def test_a_foreign_phrase_keeps_its_words_and_its_language(tmp_path: Path) -> None:
    # KDE's books name their language by an entity its DTD defines (konsole's
    # lang="&language;"): the translation names the target instead, as any reader of the
    # file then sees it; a phrase marked French keeps its words and its mark.
    path = tmp_path / "index.docbook"
    path.write_bytes(
        MENUS.replace(b'<chapter id="using">', b'<chapter id="using" lang="&language;">').replace(
            b"Move the dropped item",
            b'Move the <foreignphrase lang="fr">objet trouv\xc3\xa9</foreignphrase> item',
        )
    )
    document = open_document(path)
    assert "Move the ZXQ1Q item into the current folder." in texts(document)
    assert [n.message_id for n in document.notes] == ["document.kept_marked"]
    data = written(document)
    assert skeleton(data) == skeleton(path.read_bytes())
    assert b'<chapter id="using" lang="de">' in data
    assert '<foreignphrase lang="fr">objet trouvé</foreignphrase>'.encode() in data
    english = tmp_path / "guide.xml"  # (a DocBook 5 article in English: xml:lang="en")
    english.write_bytes(
        (DOCBOOK / "guide-db5.xml")
        .read_bytes()
        .replace(b'version="5.0"', b'version="5.0" xml:lang="en"')
        .replace(
            b"as an administrator",
            b'as an <foreignphrase xml:lang="la">ad hoc</foreignphrase> administrator',
        )
    )
    assert open_document(english).notes[0].params["languages"] == "la"
    data = written(open_document(english))
    assert b'<foreignphrase xml:lang="la">ad hoc</foreignphrase> administrator' in data


def test_verse_keeps_its_lines_and_an_xreflabel_is_translated(tmp_path: Path) -> None:
    path = tmp_path / "poem.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<article xmlns="http://docbook.org/ns/docbook" version="5.0">\n'
        '<section xml:id="s1" xreflabel="the setup section"><title>Setup</title>\n'
        "<literallayout>Roses are red,\n  violets are blue.</literallayout>\n"
        '<literallayout class="monospaced">ls -l\n  cd /tmp</literallayout>\n'
        "<para>See <xref linkend='s1'/>.</para></section></article>\n"
    )
    document = open_document(path)
    assert texts(document) == ["the setup section", "Setup", "Roses are red,\nviolets are blue.",
                               "See ZXQ1Q."]  # fmt: skip
    translations = ["den Abschnitt Einrichtung", "Einrichtung",
                    "Rosen sind rot, Veilchen sind blau.", "Siehe ZXQ1Q."]  # fmt: skip
    data = document.write(translations, language=GERMAN).decode("utf-8")
    assert 'xreflabel="den Abschnitt Einrichtung"' in data
    assert "<literallayout>Rosen sind rot,\n  Veilchen sind blau.</literallayout>" in data
    assert '<literallayout class="monospaced">ls -l\n  cd /tmp</literallayout>' in data
    lines = tmp_path / "address.dita"
    lines.write_text(
        '<topic id="a"><title>Contact</title><body><lines>Acme Tools\nMain Street 1\n'
        "Springfield</lines></body></topic>"
    )
    topic = open_document(lines)
    assert texts(topic) == ["Contact", "Acme Tools\nMain Street 1\nSpringfield"]
    out = topic.write(["Kontakt", "Acme Werkzeuge Hauptstraße 1 Springfield"], language=GERMAN)
    assert out.decode("utf-8").count("\n") == 2


# The billion laughs, as the reviewer's bomb.dbk (and every XML reader's test) has it.
BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE article [
<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
<!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
<!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">
<!ENTITY i "&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;">
]>
<article><title>Bomb</title><para>Boom &i; done.</para></article>
"""
# SGML DocBook 4.1 (before XML): its DOCTYPE, end tags left out.
SGML = b"""<!DOCTYPE article PUBLIC "-//OASIS//DTD DocBook V4.1//EN">
<article>
<title>An SGML article
<para>
This is <emphasis>SGML</emphasis> with omitted end tags
</article>
"""


@pytest.mark.parametrize(
    ("content", "message_id", "said", "hint"),
    [
        (BOMB, "document.bad_xml", "entity expansion, which Quire refuses for safety", "xmllint"),
        (SGML, "document.sgml_docbook", "SGML DocBook (-//OASIS//DTD DocBook V4.1//EN)", "osx"),
    ],
)
def test_an_entity_bomb_and_sgml_docbook_are_refused_saying_why(
    tmp_path: Path, content: bytes, message_id: str, said: str, hint: str
) -> None:
    path = tmp_path / "guide.dbk"
    path.write_bytes(content)
    with pytest.raises(DocumentError) as caught:
        open_document(path)
    assert caught.value.message_id == message_id
    assert said in str(caught.value) and hint in (caught.value.hint or "")


def test_a_book_made_of_its_entities_names_the_files_holding_its_text(tmp_path: Path) -> None:
    # In the style of "DocBook: The Definitive Guide"'s book file (its entities declared in
    # a module) and of Linux From Scratch's (each chapter a SYSTEM entity).
    path = tmp_path / "book.xml"
    path.write_text(
        '<!DOCTYPE book SYSTEM "schema/tdg.dtd" [\n'
        '<!ENTITY % content SYSTEM "entities/content.ent">\n%content;\n]>\n'
        '<book id="docbook">\n<?dbhtml filename="docbook.html"?>\n&bookinfo;\n&bookbody;\n'
        "</book>\n"
    )
    with pytest.raises(DocumentError) as caught:
        open_document(path)
    assert caught.value.message_id == "document.text_in_entities"
    assert "(&bookinfo;, &bookbody;, declared in entities/content.ent)" in str(caught.value)
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE book PUBLIC "-//OASIS//DTD DocBook XML V4.5//EN" '
        '"docbookx.dtd" [\n<!ENTITY prologue SYSTEM "prologue/prologue.xml">\n'
        '<!ENTITY chapter01 SYSTEM "chapter01/chapter01.xml">\n]>\n'
        "<book>\n  &prologue;\n  &chapter01;\n</book>\n"
    )
    with pytest.raises(DocumentError) as caught:
        open_document(path)
    assert caught.value.params["files"] == "prologue/prologue.xml, chapter01/chapter01.xml"


def test_a_chapter_whose_book_declares_its_entities_is_read_keeping_them(
    tmp_path: Path,
) -> None:
    # In the style of The Definitive Guide's ch02.xml: no DOCTYPE, &ldquo; and &SGML; its
    # book's.
    path = tmp_path / "ch02.xml"
    path.write_text(
        '<chapter id="ch-create">\n<title>Creating DocBook Documents</title>\n'
        "<para>You can find &ldquo;the details&rdquo; in the reference.</para>\n"
        "<para>Before we can examine it, look at what an &SGML; system requires.</para>\n"
        "</chapter>\n"
    )
    document = open_document(path)
    assert texts(document)[1:] == [
        "You can find ZXQ1Qthe detailsZXQ2Q in the reference.",
        "Before we can examine it, look at what an ZXQ1Q system requires.",
    ]
    assert [n.message_id for n in document.notes] == ["document.entities_elsewhere"]
    assert "&SGML;, &ldquo;, &rdquo;" in document.notes[0].text
    data = written(document)
    assert b"\xc2\xab You can find &ldquo;the details&rdquo; in" not in data
    assert b"&ldquo;the details&rdquo;" in data and b"&SGML; system" in data
