"""Android string resources as their producers write them (tests/data/android/: translate-
toolkit's writer, as Weblate saves them, and a file typed as in Android Studio), checked
against Android's own resource compiler: ``NAME.aapt.json`` is every string as aapt read
the fixture, ``NAME.fr.aapt.json`` as it read Quire's French output, which these tests
write again byte for byte (tools/make_android_fixtures.py made both, and fails when aapt
refuses a file)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from engine.documents import Document, DocumentError, open_document
from engine.documents.folders import folder_documents
from engine.documents.language import target_language
from engine.documents.placeholders import TAG
from tests.fixtures.android import FRENCH

DATA = Path(__file__).parent / "data" / "android"
FIXTURES = ("studio", "weblate")


def french(document: Document, language: str = "fr") -> bytes:
    texts = [FRENCH.get(unit.id, unit.text) for unit in document.units]
    return document.write(texts, language=target_language(language))


def as_aapt_prints(text: str) -> str:
    """A string as ``aapt dump`` prints it: styling tags (kept apart from the text) left out,
    a quote and a line break escaped."""
    return re.sub(TAG, "", text).replace('"', '\\"').replace("\n", "\\n")


def aapt(name: str) -> dict[str, str]:
    values: dict[str, str] = json.loads((DATA / f"{name}.aapt.json").read_text("utf-8"))
    return values


@pytest.mark.parametrize("name", FIXTURES)
def test_each_string_reads_as_android_reads_it(name: str) -> None:
    document = open_document(DATA / f"{name}.xml")
    compiled = aapt(name)
    # Every string aapt compiled with words is a unit, but those not to translate:
    # references, the translatable="false" ones, the empty one.
    left = {
        key
        for key, value in compiled.items()
        if value and not value.startswith("@0x") and key not in ("app_name", "internal_ids[0]")
    }
    assert {unit.id for unit in document.units} == left
    for unit in document.units:
        value = re.sub(TAG, "", compiled[unit.id])  # (CDATA's HTML is text to aapt)
        assert as_aapt_prints(unit.shown) == value.strip(), unit.id


@pytest.mark.parametrize("name", FIXTURES)
def test_the_french_written_is_what_aapt_read_as_the_translation(name: str) -> None:
    document = open_document(DATA / f"{name}.xml")
    out = french(document)
    assert out == (DATA / f"{name}.fr.xml").read_bytes()
    compiled = aapt(f"{name}.fr")
    for unit in document.units:
        value = re.sub(TAG, "", compiled[unit.id])  # (CDATA's HTML is text to aapt)
        assert value.strip() == as_aapt_prints(unit.shown_in(FRENCH[unit.id])).strip(), unit.id
    # French numbers take "many" besides "one" and "other": added, with "other"'s text.
    plural = "files_translated" if name == "studio" else "files"
    assert compiled[f"{plural}[many]"] == compiled[f"{plural}[other]"]


def test_only_the_strings_change() -> None:
    source = (DATA / "studio.xml").read_text("utf-8")
    out = french(open_document(DATA / "studio.xml")).decode("utf-8")

    def skeleton(text: str) -> str:
        text = re.sub(r'\n[ \t]*<item quantity="many">.*?</item>', "", text)  # (added)
        return re.sub(r"(<(string|item)\b[^>]*>).*?(</\2>)", r"\1\3", text, flags=re.S)

    assert skeleton(out) == skeleton(source)
    for kept in (
        '<string name="app_name" translatable="false">Quire</string>',
        '<string name="about_title">@string/app_name</string>',
        "<item>@string/action_translate</item>",
        '<!--<string name="old_feature">A feature that was removed</string>-->',
        '<color name="accent">#FF6200EE</color>',
    ):
        assert kept in out


def test_a_language_of_more_plural_forms_gets_each_of_them() -> None:
    document = open_document(DATA / "weblate.xml")
    out = french(document, "ru").decode("utf-8")
    quantities = re.findall(r'<item quantity="(\w+)">', out)
    assert quantities == ["one", "other", "few", "many"]
    assert '        <item quantity="few">%d fichiers traduits</item>\n' in out
    japanese = french(document, "ja").decode("utf-8")
    assert re.findall(r'<item quantity="(\w+)">', japanese) == ["one", "other"]


def test_a_translation_that_loses_a_placeholder_keeps_the_source(tmp_path: Path) -> None:
    path = tmp_path / "strings.xml"
    path.write_text(
        '<resources>\n    <string name="a">Delete %1$s from <b>%2$s</b>?</string>\n'
        '    <string name="b">It\'s done</string>\n</resources>\n',
        "utf-8",
    )
    document = open_document(path)
    assert [u.text for u in document.units] == ["Delete ZXQ1Q from ZXQ2QZXQ3QZXQ4Q?", "It's done"]
    out = document.write(["Supprimer ZXQ1Q ?", "C'est fait"]).decode("utf-8")
    assert "Delete %1$s from <b>%2$s</b>?" in out
    assert "C\\'est fait" in out


@pytest.mark.parametrize(
    ("content", "message_id"),
    [
        ('<?xml version="1.0"?>\n<LinearLayout android:id="x"/>', "document.bad_xml"),
        ('<?xml version="1.0"?>\n<project><name>x</name></project>', "document.not_android"),
        ("<resources>\n  <string name='a'>open</resources>", "document.bad_xml"),
        ("  \n", "document.no_text"),
    ],
)
def test_other_xml_is_refused_with_what_quire_reads(
    tmp_path: Path, content: str, message_id: str
) -> None:
    path = tmp_path / "pom.xml"
    path.write_text(content, "utf-8")
    with pytest.raises(DocumentError) as caught:
        open_document(path)
    assert caught.value.message_id == message_id
    if message_id == "document.not_android":
        assert "res/values/strings.xml" in (caught.value.hint or "")


def test_a_folder_passes_over_xml_that_holds_no_strings(tmp_path: Path) -> None:
    (tmp_path / "strings.xml").write_bytes((DATA / "studio.xml").read_bytes())
    (tmp_path / "AndroidManifest.xml").write_text('<manifest package="x"/>\n', "utf-8")
    (tmp_path / "pom.xml").write_text("<project/>\n", "utf-8")
    found, skipped = folder_documents(tmp_path, "de")
    assert found == [tmp_path / "strings.xml"]
    assert {s.path.name for s in skipped} == {"AndroidManifest.xml", "pom.xml"}


def test_what_aapt_would_read_otherwise_is_escaped(tmp_path: Path) -> None:
    """Each written as aapt reads it (checked with aapt when this was written): a "%" in a
    string String.format fills in, white space escaped at the ends, "]]>" in CDATA."""
    path = tmp_path / "strings.xml"
    path.write_text(
        "<resources>\n"
        '    <string name="a">Downloaded %d files</string>\n'
        '    <string name="b">Name:\\u0020</string>\n'
        '    <string name="c">Line one\\n</string>\n'
        '    <string name="d"><![CDATA[Read <b>this</b>]]></string>\n'
        '    <string name="e" formatted="false">Done 100%</string>\n'
        "</resources>\n",
        "utf-8",
    )
    document = open_document(path)
    out = document.write(
        [
            "ZXQ1Q fichiers téléchargés (100%)",
            "Nom :",
            "Ligne un",
            "Lisez ZXQ1QceciZXQ2Q ]]>",
            "Fini 100%",
        ]
    ).decode("utf-8")
    assert '<string name="a">%d fichiers téléchargés (100%%)</string>' in out
    assert '<string name="b">Nom :\\u0020</string>' in out
    assert '<string name="c">Ligne un\\n</string>' in out
    assert "<![CDATA[Lisez <b>ceci</b> ]]]]><![CDATA[>]]>" in out
    assert '<string name="e" formatted="false">Fini 100%</string>' in out


def test_a_folder_takes_xml_whose_root_is_resources_only(tmp_path: Path) -> None:
    (tmp_path / "strings.xml").write_text('<?xml version="1.0"?>\n<!-- app -->\n<resources/>\n')
    (tmp_path / "pom.xml").write_text("<project><build><resources/></build></project>\n")
    found, _skipped = folder_documents(tmp_path, "de")
    assert [p.name for p in found] == ["strings.xml"]


def test_a_tag_whose_attribute_holds_a_greater_than_sign_is_one_placeholder(
    tmp_path: Path,
) -> None:
    path = tmp_path / "strings.xml"
    path.write_text(
        '<resources><string name="a">See <a href="https://example.org/?q=a>b">the help</a>'
        " first.</string></resources>\n",
        "utf-8",
    )
    document = open_document(path)
    assert document.units[0].fields == ('<a href="https://example.org/?q=a>b">', "</a>")
    out = document.write(["Lisez ZXQ1Ql'aideZXQ2Q d'abord."]).decode("utf-8")
    # (what aapt compiled when this was written: "Lisez l'aide d'abord.", the link kept)
    assert "Lisez <a href=\"https://example.org/?q=a>b\">l\\'aide</a> d\\'abord." in out


def test_an_entity_the_file_declares_stays_a_reference(tmp_path: Path) -> None:
    """An app's name kept in one place, ``<!ENTITY appname "Quire">`` and ``&appname;`` in
    its strings: aapt reads "Welcome to Quire!" (checked by hand, and its read of this
    German output: "Willkommen bei Quire!"). Quire never expands it: the reference is a
    placeholder and is written as it was, the DOCTYPE with it. An external entity (a file
    or a URL) is refused."""
    path = tmp_path / "strings.xml"
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE resources [\n'
        '  <!ENTITY appname "Quire">\n]>\n<resources>\n'
        '    <string name="welcome">Welcome to &appname;! &amp; more &#8230;</string>\n'
        "</resources>\n",
        "utf-8",
    )
    document = open_document(path)
    assert [(u.text, u.fields) for u in document.units] == [
        ("Welcome to ZXQ1Q! & more …", ("&appname;",))
    ]
    assert folder_documents(tmp_path)[0] == [path]  # (a folder takes it: its root is <resources>)
    out = document.write(["Willkommen bei ZXQ1Q! & mehr …"], language=target_language("de"))
    assert out.decode("utf-8") == path.read_text("utf-8").replace(
        "Welcome to &appname;! &amp; more &#8230;", "Willkommen bei &appname;! &amp; mehr …"
    )
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE resources [<!ENTITY x SYSTEM "file:///etc/hostname">]>'
        '\n<resources><string name="a">&x;</string></resources>\n',
        "utf-8",
    )
    with pytest.raises(DocumentError, match="entity expansion") as refused:
        open_document(path)
    assert refused.value.message_id == "document.bad_xml"


def test_an_apps_german_resources_there_already_are_not_written_beside(
    quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """res/values/strings.xml translated where the app ships res/values-de/strings.xml was
    written as values-de/strings (2).xml, which aapt2 refuses (a resource's name is
    [a-z0-9_.]) and so failed the app's build; now it is refused saying to name the output
    with -o, as Hugo's tables are; and so are Xcode's, Java's and Fluent's resources, each
    looked up by its name."""
    from engine.cli.main import main
    from engine.documents.naming import read_by_name
    from engine.engine import Engine
    from engine.options import EngineOptions
    from tests.fixtures.builder import exported

    Engine(EngineOptions(home=quire_home)).import_model(exported("marian"), "opus-mt-en-de")
    (tmp_path / "res" / "values").mkdir(parents=True)
    (tmp_path / "res" / "values-de").mkdir()
    source = tmp_path / "res" / "values" / "strings.xml"
    source.write_bytes((DATA / "studio.xml").read_bytes())
    shipped = tmp_path / "res" / "values-de" / "strings.xml"
    shipped.write_bytes((DATA / "studio.fr.xml").read_bytes())
    code = main(["translate", "--from", "en", "--to", "de", str(source)])
    _out, err = capsys.readouterr()
    assert code == 1 and "Traceback" not in err
    assert "strings.xml is there already, and a program finds it by its name alone" in err
    assert sorted(p.name for p in shipped.parent.iterdir()) == ["strings.xml"]
    assert shipped.read_bytes() == (DATA / "studio.fr.xml").read_bytes()
    assert read_by_name(Path("App/de.lproj/Localizable.strings"))
    assert read_by_name(Path("src/main/resources/messages_de.properties"))
    assert read_by_name(Path("locales/de/app.ftl"))
    assert not read_by_name(Path("res/values/strings.xml"))
    assert not read_by_name(Path("docs/notes.de.xml")) and not read_by_name(Path("app.de.ftl"))
