"""Which reader an XML file goes to, by what it says it is: DITA's marks before DocBook's
root names, another vocabulary's DOCTYPE or namespace refused, a DocBook file named .dita
(or DITA named .dbk) read as what it is, a folder taking DocBook and DITA .xml files.
Real files: pandoc's DocBook and JATS of guide.md, DITA-OT's user guide (tests/data/*/)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from engine.documents import DocumentError, open_document
from engine.documents.folders import folder_documents
from engine.documents.xmlkind import kind
from tests.fixtures.documents import language

DOCBOOK = Path(__file__).parent / "data" / "docbook"
DITA = Path(__file__).parent / "data" / "dita"
# DITA-OT's release notes topic: a <reference> with its DOCTYPE and DITA's namespace.
RELEASE = (DITA / "rel1.0.1.dita").read_bytes()
_DOCTYPE = re.compile(rb"<!DOCTYPE[^>]*>\n")
# books.dita's schema processing instructions (how DITA-OT's RELAX NG topics start).
MODELS = b"".join(
    line + b"\n"
    for line in (DITA / "books.dita").read_bytes().splitlines()
    if line.startswith(b"<?xml-model")
)


def without_doctype(data: bytes) -> bytes:
    return _DOCTYPE.sub(b"", data, count=1)


def test_a_dita_reference_saved_without_its_doctype_is_dita(tmp_path: Path) -> None:
    plain = (
        without_doctype(RELEASE)
        .replace(b' xmlns:ditaarch="http://dita.oasis-open.org/architecture/2005/"', b"")
        .replace(b' ditaarch:DITAArchVersion="1.2"', b"")
    )
    assert b"<!DOCTYPE" not in plain and b"ditaarch" not in plain
    with_schema = plain.replace(b"?>\n", b"?>\n" + MODELS, 1)
    with_class = plain.replace(b'<reference id="rel1.0.1"',
                               b'<reference class="- topic/topic reference/reference " '
                               b'id="rel1.0.1"')  # fmt: skip
    assert kind(with_schema) == "dita"  # (RELAX NG, as DITA-OT's own topics)
    assert kind(with_class) == "dita"  # (the class DITA's schemas default, preprocessed)
    assert kind(without_doctype(RELEASE)) == "dita"  # (its namespace)
    assert kind(RELEASE) == "dita"
    path = tmp_path / "rel1.0.1.xml"
    path.write_bytes(with_schema)
    document = open_document(path)
    # DITA's reading: <shortdesc> a unit, <li>s each one (DocBook's would not know them).
    texts = [u.text for u in document.units]
    assert texts[:2] == [
        "DITA OT release 1.0.1",
        "Release 1.0.1 is a maintenance release to fix defects and adds some minor "
        "enhancements in release 1.0.",
    ]
    assert "Committer: avoid infinite loop of conref" in texts
    assert document.notes == ()


def test_jats_and_other_vocabularies_named_xml_are_refused_as_before(tmp_path: Path) -> None:
    jats = (DOCBOOK / "guide-jats.xml").read_bytes()  # (pandoc -t jats: <article>)
    assert kind(jats) is None
    assert kind(without_doctype(jats)) is None  # (its <article> starts with <front>)
    assert kind(b'<article xmlns="http://www.tei-c.org/ns/1.0"><title>A</title></article>') is None
    assert kind(b'<!DOCTYPE article PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "x.dtd">'
                b"<article><title>A</title></article>") is None  # fmt: skip
    path = tmp_path / "paper.xml"
    path.write_bytes(jats)
    with pytest.raises(DocumentError) as caught:
        open_document(path)
    assert caught.value.message_id == "document.not_android"


def test_docbook_by_its_root_alone_where_nothing_says_otherwise() -> None:
    assert kind(b"<chapter id='c'>\n<title>Creating</title><para>Text.</para></chapter>")
    assert kind(b"<article><articleinfo/><para>Text.</para></article>") == "docbook"
    # A book made of its entities, its DOCTYPE naming the writer's own DTD.
    book = b'<!DOCTYPE book SYSTEM "schema/tdg.dtd" [\n]>\n<book id="b">\n&bookinfo;\n</book>\n'
    assert kind(book) == "docbook"
    assert kind((DOCBOOK / "guide-db4.xml").read_bytes()) == "docbook"
    assert kind((DOCBOOK / "guide-db5.xml").read_bytes()) == "docbook"


def test_a_docbook_file_named_dita_is_read_as_docbook_with_a_note(tmp_path: Path) -> None:
    path = tmp_path / "guide.dita"
    path.write_bytes((DOCBOOK / "guide-db4.xml").read_bytes())
    document = open_document(path)
    assert [n.message_id for n in document.notes] == ["document.xml_kind"]
    assert "guide.dita is a DocBook file with a .dita name" in document.notes[0].text
    assert "Download the package." in [u.text for u in document.units]
    data = document.write([u.text.upper() for u in document.units], language=language("de"))
    assert b'<article lang="de">' in data  # (DocBook 4's lang, not DITA's xml:lang)
    topic = tmp_path / "homebrew.dbk"
    topic.write_bytes((DITA / "installing-via-homebrew.dita").read_bytes())
    document = open_document(topic)
    assert [n.params["kind"] for n in document.notes] == ["DITA"]
    assert "ZXQ1Q command" in [u.text for u in document.units]  # (DITA's index term)


def test_a_folder_takes_docbook_and_dita_xml_by_their_content(tmp_path: Path) -> None:
    (tmp_path / "chapter.xml").write_bytes((DOCBOOK / "guide-db5.xml").read_bytes())
    (tmp_path / "release.xml").write_bytes(RELEASE)
    (tmp_path / "paper.xml").write_bytes((DOCBOOK / "guide-jats.xml").read_bytes())
    (tmp_path / "pom.xml").write_text("<project/>\n", "utf-8")
    found, skipped = folder_documents(tmp_path, "de")
    assert sorted(p.name for p in found) == ["chapter.xml", "release.xml"]
    assert {s.path.name for s in skipped} == {"paper.xml", "pom.xml"}
