""".NET resource files as their producers write them (tests/data/resx/: ResXResourceWriter,
Mono's, and translate-toolkit's writer, as Weblate saves them), checked against .NET's own
reader: ``NAME.values.tsv`` is every string entry as ResXResourceReader read the fixture,
``NAME.fr.values.tsv`` as it read Quire's French output, which these tests write again byte
for byte (tools/make_resx_fixtures.py made both)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from engine.documents import Document, DocumentError, open_document
from engine.documents.language import target_language
from tests.fixtures.resx import FRENCH

DATA = Path(__file__).parent / "data" / "resx"
FIXTURES = ("mono", "weblate")


def french(document: Document) -> bytes:
    texts = [FRENCH.get(unit.id, unit.text) for unit in document.units]
    return document.write(texts, language=target_language("fr"))


def read_back(name: str) -> dict[str, str]:
    """What ResXResourceReader gave for each string entry (its escapes read)."""
    values: dict[str, str] = {}
    for line in (DATA / f"{name}.values.tsv").read_text("utf-8").splitlines():
        key, value = line.split("\t", 1)
        values[key] = value.replace("\\n", "\n").replace("\\r", "\r").replace("\\t", "\t")
    return values


@pytest.mark.parametrize("name", FIXTURES)
def test_each_string_entry_reads_as_dotnet_reads_it(name: str) -> None:
    document = open_document(DATA / f"{name}.resx")
    strings = read_back(name)
    # The designer's own entries (>>button1.Name) and the empty one are not units; the
    # typed entries (a point, a number, bytes) are no strings to .NET either.
    assert {u.id for u in document.units} == {
        key for key, value in strings.items() if value and not key.startswith(">>")
    }
    for unit in document.units:
        assert unit.shown == strings[unit.id].strip(), unit.id


@pytest.mark.parametrize("name", FIXTURES)
def test_the_french_written_is_what_dotnet_reads_as_the_translation(name: str) -> None:
    source = DATA / f"{name}.resx"
    document = open_document(source)
    out = french(document)
    assert out == (DATA / f"{name}.fr.resx").read_bytes()
    before, after = read_back(name), read_back(f"{name}.fr")
    for unit in document.units:
        value = before[unit.id]
        lead = value[: len(value) - len(value.lstrip())]
        trail = value[len(value.rstrip()) :]
        assert after[unit.id] == lead + unit.shown_in(FRENCH[unit.id]) + trail, unit.id
    # Everything else .NET reads is as it was.
    assert {k: v for k, v in after.items() if k not in FRENCH} == {
        k: v for k, v in before.items() if k not in FRENCH
    }
    assert out.startswith(source.read_bytes()[:3])  # (Mono's byte order mark kept)


@pytest.mark.parametrize("name", FIXTURES)
def test_only_the_values_change(name: str) -> None:
    source = (DATA / f"{name}.resx").read_bytes()
    out = french(open_document(DATA / f"{name}.resx"))

    def skeleton(data: bytes) -> bytes:
        return re.sub(rb"(<value>).*?(</value>)", rb"\1\2", data, flags=re.S)

    assert skeleton(out) == skeleton(source)
    assert out != source


def test_a_translation_that_loses_a_format_item_keeps_the_source(tmp_path: Path) -> None:
    path = tmp_path / "Strings.resx"
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<root>\n'
        '  <data name="A" xml:space="preserve"><value>Copy {0} to {1}?</value></data>\n'
        '  <data name="B" xml:space="preserve"><value>Done</value>'
        "<comment>After copying</comment></data>\n</root>\n",
        "utf-8",
    )
    document = open_document(path)
    assert [(u.id, u.text) for u in document.units] == [
        ("A", "Copy ZXQ1Q to ZXQ2Q?"),
        ("B", "Done"),
    ]
    out = document.write(["Copier ZXQ1Q ?", "Terminé"]).decode("utf-8")
    assert "<value>Copy {0} to {1}?</value>" in out
    assert "<value>Terminé</value><comment>After copying</comment>" in out


@pytest.mark.parametrize(
    "content",
    ["<root><data name='a'><value>x</data></root>", "<Project><PropertyGroup/></Project>"],
)
def test_what_is_no_resource_file_is_refused(tmp_path: Path, content: str) -> None:
    path = tmp_path / "Strings.resx"
    path.write_text(content, "utf-8")
    with pytest.raises(DocumentError) as caught:
        open_document(path)
    assert caught.value.message_id == "document.bad_resx"
