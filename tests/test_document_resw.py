"""UWP's and WinUI's string resources (``.resw``) as Visual Studio wrote them in
microsoft/WindowsAppSDK-Samples (tests/data/resw/, tools/make_resw_fixtures.py): read by the
.resx reader, parsed back with lxml (the same tree, only the values changed) and written
where MRT looks for the target's strings."""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

import pytest
from lxml import etree

from engine.cli.main import main
from engine.documents import Document, DocumentError, open_document
from engine.documents.folders import other_languages_resource
from engine.documents.naming import platform_output, read_by_name
from engine.engine import Engine
from engine.options import EngineOptions
from tests.fixtures.builder import exported
from tests.fixtures.documents import language

DATA = Path(__file__).parent / "data" / "resw"
FIXTURES = ("Resources.lang-en-us.resw", "SampleWinUIClassLibrary/Resources.resw")


def german(document: Document) -> bytes:
    return document.write([f"«{u.text}»" for u in document.units], language=language("de"))


def tree(data: bytes) -> list[tuple[str, dict[str, str], str | None]]:
    """Every element, its attributes and its text, but a string entry's value's."""
    root = etree.fromstring(data)
    strings = {
        value
        for value in root.iterfind("data/value")
        if not ({"type", "mimetype"} & set(value.getparent().attrib))
    }
    return [
        (str(e.tag), dict(e.attrib), None if e in strings else e.text)
        for e in root.iter()
        if isinstance(e.tag, str)
    ]


@pytest.mark.parametrize("name", FIXTURES)
def test_a_resw_is_read_as_resx_and_only_its_values_change(name: str) -> None:
    source = (DATA / name).read_bytes()
    document = open_document(DATA / name)
    assert [u.text for u in document.units] in (
        ["English Sample"],
        ["Hello from the class library!"],  # (x:Uid's MyMessage.Text)
    )
    out = german(document)
    assert tree(out) == tree(source)
    values = {d.get("name"): d.findtext("value") for d in etree.fromstring(out).iter("data")}
    assert {values[u.id] for u in document.units} == {f"«{u.text}»" for u in document.units}
    # Every byte outside the values as it was.
    before = source.replace(b"English Sample", b"").replace(b"Hello from the class library!", b"")
    assert out.replace(f"«{document.units[0].text}»".encode(), b"") == before


@pytest.mark.parametrize(
    ("source", "output"),
    [
        # The sample's own German twin is named so.
        ("Resources.lang-en-us.resw", "Resources.lang-de-de.resw"),
        ("Strings/en-US/Resources.resw", "Strings/de-DE/Resources.resw"),
        ("Strings/en/Resources.resw", "Strings/de/Resources.resw"),
        ("Strings/lang-en-US/Errors.resw", "Strings/lang-de-DE/Errors.resw"),
        ("dimensions.lang-en_scale-100.resw", "dimensions.lang-de_scale-100.resw"),
        # (MRT reads a folder's tag in any case; a name's and a folder's both renamed)
        ("Strings/EN-US/Resources.resw", "Strings/DE-DE/Resources.resw"),
        ("Strings/en-US/Resources.lang-en-US_scale-100.resw",
         "Strings/de-DE/Resources.lang-de-DE_scale-100.resw"),
        # A library's Resources.resw names no language: the app's default's.
        ("SampleWinUIClassLibrary/Resources.resw",
         "SampleWinUIClassLibrary/Resources.lang-de-DE.resw"),
    ],
)  # fmt: skip
def test_a_translation_goes_where_mrt_looks_for_it(source: str, output: str) -> None:
    assert platform_output(PurePosixPath(source), "de") == PurePosixPath(output)
    assert read_by_name(PurePosixPath(output))  # (no "Resources (2).resw" beside it)


def test_a_folder_leaves_out_another_languages_strings() -> None:
    french = PurePosixPath("Strings/fr-FR/Resources.resw")
    assert other_languages_resource(french, lambda _: True, source="en")
    english = PurePosixPath("Strings/en-US/Resources.resw")
    assert not other_languages_resource(english, lambda _: True, source="en")
    assert other_languages_resource(PurePosixPath("Strings/FR-FR/Resources.resw"),
                                    lambda _: True, source="en")  # fmt: skip


def test_a_damaged_resw_is_named_as_one(tmp_path: Path) -> None:
    path = tmp_path / "Resources.resw"
    path.write_bytes((DATA / FIXTURES[0]).read_bytes()[:-20])
    with pytest.raises(DocumentError) as caught:
        open_document(path)
    assert caught.value.message.startswith("This is not a valid .resw file")
    assert caught.value.message_id == "document.bad_resx"


def test_quire_translate_writes_the_strings_into_the_targets_folder(
    quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Engine(EngineOptions(home=quire_home)).import_model(exported("marian"), "opus-mt-en-de")
    source = tmp_path / "Strings" / "en-US" / "Resources.resw"
    source.parent.mkdir(parents=True)
    source.write_bytes((DATA / FIXTURES[0]).read_bytes())
    code = main(["translate", "--from", "en", "--to", "de", str(source)])
    _out, err = capsys.readouterr()
    assert code == 0, err
    out = tmp_path / "Strings" / "de-DE" / "Resources.resw"
    assert tree(out.read_bytes()) == tree(source.read_bytes())


def upper(document: Document, code: str) -> bytes:
    """The document written with each unit's words in capitals (its placeholders, ZXQ1Q, as
    they are)."""
    texts = [re.sub(r"[a-z]+", lambda m: m.group().upper(), u.text) for u in document.units]
    return document.write(texts, language=language(code))


def values(data: bytes) -> dict[str | None, str | None]:
    return {d.get("name"): d.findtext("value") for d in etree.fromstring(data).iter("data")}


@pytest.mark.parametrize(
    ("code", "days", "items"),
    [
        ("de", "{0, plural, one {# DAY AGO} other {# DAYS AGO}}",
         "{0, plural, one {ITEM} other {ITEMS}}"),
        # (Russian's few and many, with other's text, for its translator to see)
        ("ru", "{0, plural, one {# DAY AGO} few {# DAYS AGO} many {# DAYS AGO} "
               "other {# DAYS AGO}}",
         "{0, plural, one {ITEM} few {ITEMS} many {ITEMS} other {ITEMS}}"),
    ],
)  # fmt: skip
def test_an_icu_plural_keeps_its_keywords_and_translates_its_cases(
    code: str, days: str, items: str
) -> None:
    path = DATA / "Files" / "Strings" / "en-US" / "Resources.resw"
    source = path.read_bytes()
    document = open_document(path)
    units = {u.id: u for u in document.units}
    assert "day ago" in units["DaysAgo"].text and "plural" not in units["DaysAgo"].text
    out = upper(document, code)
    assert tree(out) == tree(source)
    written = values(out)
    assert (written["DaysAgo"], written["Items"]) == (days, items)
    assert written["DaysAgo_Plural"] == "{0} DAYS AGO"
    assert written["FileNameTeachingTip.Subtitle"] == (
        'THE ITEM NAME MUST NOT CONTAIN THE FOLLOWING CHARACTERS: \\ / : * ? " < > |'
    )


def test_words_in_angle_brackets_are_text_not_a_tag() -> None:
    path = DATA / "terminal" / "Resources" / "en-US" / "Resources.resw"
    source = path.read_bytes()
    document = open_document(path)
    units = {u.id: u for u in document.units}
    assert units["AzureUnknownTenantName"].text == "<unknown tenant name>"
    out = upper(document, "de")
    assert tree(out) == tree(source)
    assert b"<value>&lt;UNKNOWN TENANT NAME&gt;</value>" in out
    assert values(out)["AzureIthTenant"] == "TENANT {0}: {1} ({2})"
