"""Java .properties files as their producers write them (tests/data/properties/: OpenJDK's
``Properties.store`` to an ISO-8859-1 stream and to a UTF-8 writer, and a file typed as
developers type them: CRLF, comments, continuation lines), translated and read back by
jproperties, a reader of Java's rules other than ours."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from jproperties import Properties  # type: ignore[import-untyped]

from engine.documents import Document, DocumentError, open_document
from engine.documents.language import target_language
from tests.fixtures.properties_locales import FRENCH

DATA = Path(__file__).parent / "data" / "properties"
# Each fixture and the charset Java reads it in (ResourceBundle: ISO-8859-1 until Java 9).
FIXTURES = {
    "store-latin1": "iso-8859-1",
    "store-utf8": "utf-8",
    "handwritten": "utf-8",
}
_ARGUMENT = re.compile(r"\{\d")


def loaded(data: bytes, charset: str) -> dict[str, str]:
    properties = Properties()
    properties.load(data, charset)
    return {key: value.data for key, value in properties.items()}


def as_formatted(value: str) -> str:
    """What MessageFormat shows of a value with arguments: a doubled apostrophe as one."""
    return value.replace("''", "'") if _ARGUMENT.search(value) else value


def french(document: Document) -> bytes:
    texts = [FRENCH.get(unit.id, unit.text) for unit in document.units]
    return document.write(texts, language=target_language("fr"))


@pytest.mark.parametrize("name", FIXTURES)
def test_each_value_reads_as_java_reads_it(name: str) -> None:
    path = DATA / f"{name}.properties"
    document = open_document(path)
    values = loaded(path.read_bytes(), FIXTURES[name])
    assert {u.id for u in document.units} == {k for k, v in values.items() if v.strip()}
    for unit in document.units:
        assert unit.shown == as_formatted(values[unit.id]).strip(), unit.id


@pytest.mark.parametrize("name", FIXTURES)
def test_the_french_reads_back_as_the_translation(name: str) -> None:
    path = DATA / f"{name}.properties"
    source = path.read_bytes()
    document = open_document(path)
    out = french(document)
    before, after = loaded(source, FIXTURES[name]), loaded(out, FIXTURES[name])
    for unit in document.units:
        value = before[unit.id]
        lead, trail = value[: len(value) - len(value.lstrip())], value[len(value.rstrip()) :]
        expected = lead + unit.shown_in(FRENCH.get(unit.id, unit.text)) + trail
        if _ARGUMENT.search(value):
            assert "''" in after[unit.id] or "'" not in expected, unit.id  # (doubled)
        assert as_formatted(after[unit.id]) == expected, unit.id
    assert {k: v for k, v in after.items() if k not in FRENCH} == {
        k: v for k, v in before.items() if k not in FRENCH
    }
    if source.isascii():  # (ISO-8859-1, or escapes typed): Œ and 🎉 as \u escapes
        assert out.isascii()
    if "about.credits" in before:
        written = b"\\u0152dipe \\uD83C\\uDF89" if source.isascii() else "Œdipe 🎉".encode()
        assert written in out


def test_only_the_translated_lines_change() -> None:
    path = DATA / "handwritten.properties"
    source = path.read_bytes().split(b"\r\n")
    out = french(open_document(path)).split(b"\r\n")
    assert b"\n" not in b"".join(out)  # (its CRLF line ends kept)
    kept = [line for line in source if line.startswith((b"#", b"!")) or not line.strip()]
    assert kept == [line for line in out if line.startswith((b"#", b"!")) or not line.strip()]
    assert b"status.empty =" in out
    # A continued value is written on its one line.
    assert any(line.startswith(b"window.help = Quire traduit") for line in out)


def test_a_translation_that_loses_an_argument_keeps_the_source(tmp_path: Path) -> None:
    path = tmp_path / "messages.properties"
    path.write_text("copy=Copy {0} to {1}?\ndone=Done\n", "latin-1")
    document = open_document(path)
    out = document.write(["Copier ZXQ1Q ?", "Terminé"]).decode("latin-1")
    assert out.startswith("copy=Copy {0} to {1}?\n")
    assert loaded(out.encode("latin-1"), "iso-8859-1")["done"] == "Terminé"


@pytest.mark.parametrize(
    ("data", "message_id"),
    [
        (b"", "document.no_text"),
        (b"\x00\x01\x02PK\x03\x04\xff\xfe", "file.binary"),
        (b"This is a letter, not a list of strings.\nBest wishes.\n", "document.bad_properties"),
        (b"broken=caf\\u00g9\n", "document.bad_properties_escape"),
    ],
)
def test_what_is_no_properties_file_is_refused(
    tmp_path: Path, data: bytes, message_id: str
) -> None:
    path = tmp_path / "messages.properties"
    path.write_bytes(data)
    with pytest.raises(DocumentError) as caught:
        open_document(path)
    assert caught.value.message_id == message_id
