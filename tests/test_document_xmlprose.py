"""The DocBook and DITA reader's reading of entities, attributes, namespaces and languages,
as a code review found them mishandled (its inputs, each cut to what it shows)."""

from __future__ import annotations

from pathlib import Path

from engine.documents import Document, open_document
from tests.fixtures.documents import language

GERMAN = language("de")


def texts(document: Document) -> list[str]:
    return [u.text for u in document.units]


def opened(tmp_path: Path, name: str, content: str) -> Document:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return open_document(path)


def test_an_entity_whose_name_starts_like_an_html_one_stays_as_written(tmp_path: Path) -> None:
    # (html.unescape reads a legacy name without its semicolon: &notice; was "¬ice;")
    document = opened(
        tmp_path,
        "ext.dbk",
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<!DOCTYPE article PUBLIC "-//OASIS//DTD DocBook XML V4.5//EN" '
        '"http://www.oasis-open.org/docbook/xml/4.5/docbookx.dtd">\n'
        '<article lang="en"><title>T</title>\n'
        "<para>Read the &notice; and the &copyright; before &product; starts &copy;right "
        "&#169;&#xA9;&mdash;now.</para></article>\n",
    )
    assert texts(document) == [
        "T",
        "Read the ZXQ1Q and the ZXQ2Q before ZXQ3Q starts \u00a9right \u00a9\u00a9\u2014now.",
    ]
    assert document.units[1].fields == ("&notice;", "&copyright;", "&product;")
    data = document.write([t.upper() for t in texts(document)], language=GERMAN)
    assert b"<para>READ THE &notice; AND THE &copyright; BEFORE &product; STARTS" in data


def test_lang_inside_another_attributes_value_is_no_language(tmp_path: Path) -> None:
    document = opened(
        tmp_path,
        "remap.dbk",
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<article lang="en"><title>T</title>\n'
        "<para remap='old lang=\"fr\"'>Second paragraph here.</para>\n"
        '<para role="x xml:lang=\'fr\'" lang="en">Third one.</para></article>\n',
    )
    data = document.write([t.upper() for t in texts(document)], language=GERMAN)
    assert data.decode("utf-8").splitlines()[1:] == [
        '<article lang="de"><title>T</title>',
        "<para remap='old lang=\"fr\"'>SECOND PARAGRAPH HERE.</para>",
        '<para role="x xml:lang=\'fr\'" lang="de">THIRD ONE.</para></article>',
    ]


def test_an_entity_in_a_translated_attribute_stays_an_entity(tmp_path: Path) -> None:
    document = opened(
        tmp_path,
        "attr.dbk",
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<!DOCTYPE article PUBLIC "-//OASIS//DTD DocBook XML V4.5//EN" "docbookx.dtd" [\n'
        '<!ENTITY kapp "Konsole">\n]>\n'
        '<article lang="en"><title>T</title>\n'
        '<sect1 id="s" xreflabel="the &kapp; setup &amp; more"><title>Setup</title></sect1>\n'
        '<sect1 id="k" xreflabel="&kapp;"><title>Konsole</title></sect1></article>\n',
    )
    assert texts(document) == ["T", "the ZXQ1Q setup & more", "Setup", "Konsole"]
    assert document.units[1].fields == ("&kapp;",)
    data = document.write(
        ["T", "die Einrichtung von ZXQ1Q & mehr", "Einrichtung", "Konsole"], language=GERMAN
    )
    assert b'xreflabel="die Einrichtung von &kapp; &amp; mehr"' in data
    assert b'xreflabel="&kapp;"' in data


def test_docbook_5_under_a_prefix_is_read_by_its_namespace(tmp_path: Path) -> None:
    document = opened(
        tmp_path,
        "prefix.dbk",
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<dbk:article xmlns:dbk="http://docbook.org/ns/docbook" version="5.0">'
        "<dbk:title>Title here</dbk:title>\n"
        "<dbk:para>Hello <dbk:emphasis>big</dbk:emphasis> world.</dbk:para>\n"
        '<dbk:equation><m:math xmlns:m="http://www.w3.org/1998/Math/MathML"><m:mi>x</m:mi>'
        '</m:math><math xmlns="http://www.w3.org/1998/Math/MathML"><mi>y</mi></math>'
        "</dbk:equation></dbk:article>\n",
    )
    # (MathML's, by its namespace under a prefix or as the default, is kept as it is)
    assert texts(document) == ["Title here", "Hello big world."]
    data = document.write(["Titel hier", "Hallo große Welt."], language=GERMAN)
    assert b'<dbk:article xml:lang="de" xmlns:dbk=' in data
    assert "<dbk:para>Hallo <dbk:emphasis>große</dbk:emphasis> Welt.</dbk:para>".encode() in data
