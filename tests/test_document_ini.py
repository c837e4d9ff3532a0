"""INI-style language files (tests/data/ini/, see its README): Joomla's ``KEY="Text"`` files,
read back with PHP's parse_ini_file as Joomla 4 and Joomla 3 read them; Inno Setup's
messages (its own Default.isl, and German and Japanese of Inno Setup 5.6.1 in their code
pages), read back as Inno Setup reads ``Name=Text`` lines; and a settings file (python-docx's
tox.ini), refused. Only the values change."""

from __future__ import annotations

import configparser
import json
import shutil
import subprocess
from pathlib import Path, PurePosixPath

import pytest

from engine.cli.main import main
from engine.documents import Document, DocumentError, open_document
from engine.documents.folders import folder_documents, translatable_kind
from engine.documents.naming import platform_output
from engine.engine import Engine
from engine.options import EngineOptions
from tests.fixtures.builder import exported
from tests.fixtures.documents import language

DATA = Path(__file__).parent / "data" / "ini"
JOOMLA4 = DATA / "joomla4" / "administrator" / "language" / "en-GB" / "com_quiretest.ini"
JOOMLA3 = DATA / "joomla3" / "language" / "en-GB" / "en-GB.plg_finder_quiretest.ini"
INNO = DATA / "inno"
PHP = shutil.which("php")
needs_php = pytest.mark.skipif(PHP is None, reason="PHP is not installed to read the outputs")
# Joomla 4's LanguageHelper::parseIniFile: the raw scanner, then \" as a quote; Joomla 3's
# Language::parse: "_QQ_" made an escaped quote, then the normal scanner.
JOOMLA_READS = {
    "j4": "$s = parse_ini_string($c, false, INI_SCANNER_RAW); $s = str_replace('\\\"', '\"', $s);",
    "j3": "$c = str_replace('_QQ_', '\"\\\\\"\"', $c); $s = parse_ini_string($c);",
}


def joomla_reads(data: bytes, tmp_path: Path, how: str) -> dict[str, str]:
    """What Joomla reads a language file as."""
    assert PHP is not None
    path = tmp_path / "read.ini"
    path.write_bytes(data)
    code = f"$c = file_get_contents($argv[1]); {JOOMLA_READS[how]} echo json_encode($s);"
    run = subprocess.run([PHP, "-r", code, str(path)], capture_output=True, text=True, check=True)
    found: dict[str, str] = json.loads(run.stdout)
    return found


def ini(data: bytes, encoding: str = "utf-8-sig") -> dict[str, dict[str, str]]:
    """Each section's names and values as configparser reads them (Joomla's file, which has
    no section, under "joomla")."""
    parser = configparser.RawConfigParser(
        delimiters=("=",), comment_prefixes=(";",), strict=False, interpolation=None
    )
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    text = data.decode(encoding)
    parser.read_string(text if text.lstrip().startswith("[") else "[joomla]\n" + text)
    return {name: dict(parser[name]) for name in parser.sections()}


def bracketed(document: Document, code: str = "de", words: dict[str, str] | None = None) -> bytes:
    """The document written with each unit's text in «», or as ``words`` gives it."""
    words = words or {}
    texts = [words.get(u.text, f"«{u.text}»") for u in document.units]
    return document.write(texts, language=language(code))


@needs_php
@pytest.mark.parametrize(("path", "how"), [(JOOMLA4, "j4"), (JOOMLA3, "j3")])
def test_a_joomla_file_reads_and_writes_as_joomla_reads_it(
    path: Path, how: str, tmp_path: Path
) -> None:
    source = path.read_bytes()
    document = open_document(path)
    before = joomla_reads(source, tmp_path, how)
    units = {u.id: u for u in document.units}
    # Every value with words, as Joomla reads it (its quotes, \" or "_QQ_", a quote).
    assert set(units) == {k for k, v in before.items() if v}
    for key, unit in units.items():
        assert unit.shown == before[key], key
    after = joomla_reads(bracketed(document), tmp_path, how)
    assert list(after) == list(before)
    for key, value in after.items():
        expected = units[key].shown_in(f"«{units[key].text}»") if key in units else before[key]
        assert value == expected, key
    assert list(ini(bracketed(document))["joomla"]) == list(ini(source)["joomla"])


def test_joomla_placeholders_and_quotes_are_kept() -> None:
    document = open_document(JOOMLA4)
    units = {u.id: u for u in document.units}
    title = units["COM_QUIRETEST_STAGE_ARTICLE_TITLE"]
    assert title.fields == ("%1$s", "<small>", "%2$d", "</small>")
    assert units["COM_QUIRETEST_DOWNLOAD"].fields == ("%s", "%s", "%s", "%%")
    search = units["COM_QUIRETEST_FILTER_SEARCH_DESC"]
    assert '"quotes"' in search.text
    out = bracketed(document, words={search.text: 'Mit "Anführungszeichen" suchen.'})
    assert (
        b'COM_QUIRETEST_FILTER_SEARCH_DESC="Mit \\"Anf\xc3\xbchrungszeichen\\" suchen."\r\n' in out
    )
    # Joomla 3's file writes its quotes as it wrote its own.
    old = open_document(JOOMLA3)
    plugin = next(u for u in old.units if '"Smart Search' in u.text)
    out = bracketed(old, words={plugin.text: 'Das Plugin "Smart Search" fehlt.'})
    assert b'="Das Plugin "_QQ_"Smart Search"_QQ_" fehlt."\n' in out
    # A translation that lost a placeholder keeps the value as it was.
    lost = bracketed(document, words={title.text: "Titel"})
    assert b'"%1$s <small>(ID: %2$d)</small>"' in lost


def test_only_the_values_change() -> None:
    for path in (JOOMLA4, JOOMLA3, INNO / "Default.isl"):
        document = open_document(path)
        ids = {u.id for u in document.units}
        source = path.read_bytes().decode("utf-8").splitlines(keepends=True)
        # (into English, the .isl's [LangOptions] stay English's)
        out = bracketed(document, code="en").decode("utf-8").splitlines(keepends=True)
        assert len(out) == len(source)
        changed = [(a, b) for a, b in zip(source, out, strict=True) if a != b]
        assert len(changed) == len(ids), path.name
        for before, after in changed:
            key, _, value = after.partition("=")
            assert key in ids and before.startswith(key + "="), key
            assert value.startswith(('"«', "«", "&«")), key
            # (a comment after Joomla's value, and the line's end, as they were)
            if value.startswith('"'):
                assert after[after.rindex("»") + 2 :] == before[before.rindex('"') + 1 :]
            else:
                assert after.endswith(before[len(before.rstrip()) :])


@pytest.mark.parametrize(
    ("source", "output"),
    [
        ("administrator/language/en-GB/com_content.ini",
         "administrator/language/de-DE/com_content.ini"),
        ("language/en-GB/en-GB.com_content.ini", "language/de-DE/de-DE.com_content.ini"),
        ("plugins/system/x/language/en-GB/plg_system_x.sys.ini",
         "plugins/system/x/language/de-DE/plg_system_x.sys.ini"),
        ("en-GB.mod_login.ini", "de-DE.mod_login.ini"),
        # (an extension's source: akeebasubs' translations/ tree)
        ("translations/component/backend/en-GB/en-GB.com_akeebasubs.ini",
         "translations/component/backend/de-DE/de-DE.com_akeebasubs.ini"),
    ],
)  # fmt: skip
def test_a_joomla_translation_goes_where_joomla_reads_it(source: str, output: str) -> None:
    assert platform_output(PurePosixPath(source), "de") == PurePosixPath(output)


def test_a_settings_file_is_refused_not_translated(tmp_path: Path) -> None:
    with pytest.raises(DocumentError) as caught:
        open_document(DATA / "settings" / "tox.ini")
    assert caught.value.message_id == "document.ini_settings"
    assert "a settings file, not a language file" in caught.value.message
    assert "line 1" in caught.value.message
    flat = tmp_path / "robo.ini"
    flat.write_text("; where the site is\ncmsPath = tests/joomla\nskipClone = false\n")
    with pytest.raises(DocumentError) as caught:
        open_document(flat)
    assert "cmsPath has a value in no quotes (line 2)" in caught.value.message
    # Quoted values of a program's own keys, outside Joomla's folders, are no language file.
    quoted = tmp_path / "app.ini"
    quoted.write_text('title="My site"\n')
    with pytest.raises(DocumentError) as caught:
        open_document(quoted)
    assert caught.value.message_id == "document.ini_settings"
    # A folder passes over a settings file and takes Joomla's.
    assert not translatable_kind(PurePosixPath("tox.ini"), lambda n: b"")
    assert translatable_kind(JOOMLA4.relative_to(DATA / "joomla4"), lambda n: b"")


def test_a_broken_joomla_line_is_named(tmp_path: Path) -> None:
    folder = tmp_path / "language" / "en-GB"
    folder.mkdir(parents=True)
    path = folder / "com_x.ini"
    old = folder / "en-GB.com_x.ini"
    old.write_text('COM_X="Fine"\nCOM_X_QUOTE="Say "hi" now"\nCOM_X_BARE=Bare\n')
    with pytest.raises(DocumentError) as caught:
        open_document(old)  # (Joomla 3 reads a bare quote as none)
    assert caught.value.message_id == "document.bad_ini"
    assert "COM_X_QUOTE's value has a quote that is not escaped at line 2" in caught.value.message
    path.write_text('COM_X="Fine"\nCOM_X_BARE=Bare\n')
    with pytest.raises(DocumentError) as caught:
        open_document(path)
    assert "COM_X_BARE's value is in no double quotes at line 2" in caught.value.message
    # A line cut short in a language pack is a broken language file, not a settings file.
    path.write_text('COM_X="Fine"\nCOM_X_CUT\n')
    with pytest.raises(DocumentError) as caught:
        open_document(path)
    assert caught.value.message_id == "document.bad_ini"
    assert 'cannot be read: a line that is no KEY="Text" at line 2' in caught.value.message


def test_inno_setup_messages_are_units_with_their_placeholders() -> None:
    document = open_document(INNO / "Default.isl")
    sections = ini((INNO / "Default.isl").read_bytes())
    texts = {**sections["Messages"], **sections["CustomMessages"]}
    assert {u.id for u in document.units} == {k for k, v in texts.items() if v}
    units = {u.id: u for u in document.units}
    assert units["WelcomeLabel2"].fields == ("[name/ver]", "%n", "%n")
    assert units["ButtonNext"].text == "Next >"  # (its access key apart)
    assert units["ButtonNoToAll"].text == "No to All"
    assert "LanguageName" not in units and "DialogFontSize" not in units


def test_an_access_key_is_put_back_on_the_translations_letter() -> None:
    document = open_document(INNO / "Default.isl")
    words = {"Next >": "Weiter >", "No to All": "Nein für alle", "Browse...": "Durchsuchen...",
             "Yes to All": "Ja für alle"}  # fmt: skip
    out = ini(bracketed(document, words=words))["Messages"]
    assert out["ButtonNext"] == "&Weiter >"  # (N is not in it: its first letter)
    assert out["ButtonNoToAll"] == "&Nein für alle"  # (N&o to All's o is not either)
    assert out["ButtonYesToAll"] == "Ja für &alle"  # (Yes to &All: a word's a, in any case)
    assert out["ButtonWizardBrowse"] == "Du&rchsuchen..."  # (B&rowse...: its r)


def test_lang_options_name_the_target() -> None:
    document = open_document(INNO / "Default.isl")
    options = ini(bracketed(document, code="de"))["LangOptions"]
    assert (options["LanguageName"], options["LanguageID"]) == ("Deutsch", "$0407")
    assert options["LanguageCodePage"] == "1252" and "RightToLeft" not in options
    options = ini(bracketed(document, code="ar"))["LangOptions"]
    assert (options["LanguageName"], options["LanguageCodePage"]) == ("العربية", "1256")
    assert options["RightToLeft"] == "yes"  # (added: Inno Setup lays the wizard out so)
    options = ini(bracketed(document, code="ja"))["LangOptions"]
    assert (options["LanguageName"], options["LanguageID"]) == ("日本語", "$0411")
    assert options["LanguageCodePage"] == "932"


@pytest.mark.parametrize(
    ("name", "codec", "word"),
    [("German.isl", "cp1252", "&Zurück"), ("Japanese.isl", "cp932", "戻る(&B)")],
)
def test_an_inno_setup_5_file_in_its_code_page_is_written_in_utf8(
    name: str, codec: str, word: str
) -> None:
    source = (INNO / "Languages" / name).read_bytes()
    document = open_document(INNO / "Languages" / name)
    assert ini(source, codec)["Messages"]["ButtonBack"].endswith(word)
    out = bracketed(document, code="fr")
    assert out.startswith(b"\xef\xbb\xbf")  # (a BOM: every Unicode Inno Setup reads it)
    before, after = ini(source, codec), ini(out)
    assert {k: list(v) for k, v in before.items()} == {k: list(v) for k, v in after.items()}
    units = {u.id: u for u in document.units}
    for section in ("Messages", "CustomMessages"):
        for key, value in after[section].items():
            if key in units:
                assert value.replace("&", "").startswith("«"), key
            else:
                assert value == before[section][key], key
    assert after["LangOptions"]["LanguageName"] == "Français"


def test_an_isl_without_messages_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.isl"
    path.write_text("[Setup]\nAppName=My Program\n")
    with pytest.raises(DocumentError) as caught:
        open_document(path)
    assert "not an Inno Setup messages file" in caught.value.message


def test_quire_translate_writes_joomlas_and_inno_setups_files(
    quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Engine(EngineOptions(home=quire_home)).import_model(exported("marian"), "opus-mt-en-de")
    joomla = tmp_path / "language" / "en-GB" / "en-GB.plg_finder_quiretest.ini"
    joomla.parent.mkdir(parents=True)
    joomla.write_bytes(JOOMLA3.read_bytes())
    inno = tmp_path / "Default.isl"
    inno.write_bytes((INNO / "Default.isl").read_bytes())
    for path in (joomla, inno):
        code = main(["translate", "--from", "en", "--to", "de", str(path)])
        _out, err = capsys.readouterr()
        assert code == 0, err
    out = tmp_path / "language" / "de-DE" / "de-DE.plg_finder_quiretest.ini"
    assert list(ini(out.read_bytes())["joomla"]) == list(ini(joomla.read_bytes())["joomla"])
    written = ini((tmp_path / "Default.de.isl").read_bytes())
    assert written["LangOptions"]["LanguageName"] == "Deutsch"
    assert list(written["Messages"]) == list(ini(inno.read_bytes())["Messages"])


def test_a_translation_on_two_lines_stays_on_its_value_line() -> None:
    inno = open_document(INNO / "Default.isl")
    words = {"Setup is already running.": "Setup läuft\nbereits."}
    assert ini(bracketed(inno, words=words))["Messages"]["SetupAlreadyRunning"] == (
        "Setup läuft%nbereits."  # (Inno Setup's line break)
    )
    joomla = open_document(JOOMLA4)
    out = ini(bracketed(joomla, words={"Articles": "Bei-\nträge"}))["joomla"]
    assert out["COM_QUIRETEST"] == '"Bei- träge"'


SECTIONS = JOOMLA4.with_name("com_quiresections.ini")


def test_a_folder_translates_a_joomla_sys_ini_beside_its_ini(tmp_path: Path) -> None:
    """``com_quiretest.sys.ini`` (install and menu strings) is no translation into "sys"."""
    folder = tmp_path / "administrator" / "language" / "en-GB"
    folder.mkdir(parents=True)
    for name in ("com_quiretest.ini", "com_quiretest.sys.ini"):
        shutil.copy(JOOMLA4.with_name(name), folder / name)
    old = tmp_path / "language" / "en-GB"
    old.mkdir(parents=True)
    for name in ("en-GB.plg_finder_quiretest.ini", "en-GB.plg_finder_quiretest.sys.ini"):
        shutil.copy(JOOMLA3, old / name)
    found, skipped = folder_documents(tmp_path, "de", recursive=True)
    assert [p.name for p in found] == [
        "com_quiretest.ini",
        "com_quiretest.sys.ini",
        "en-GB.plg_finder_quiretest.ini",
        "en-GB.plg_finder_quiretest.sys.ini",
    ]
    assert skipped == []
    assert platform_output(folder / "com_quiretest.sys.ini", "de") == (
        tmp_path / "administrator" / "language" / "de-DE" / "com_quiretest.sys.ini"
    )


@needs_php
def test_sections_in_a_joomla_language_folder_are_passed_over_as_joomla_does(
    tmp_path: Path,
) -> None:
    source = SECTIONS.read_bytes()
    document = open_document(SECTIONS)
    before = joomla_reads(source, tmp_path, "j4")
    assert [u.id for u in document.units] == list(before)
    after = joomla_reads(bracketed(document), tmp_path, "j4")
    assert list(after) == list(before)
    out = bracketed(document).decode()
    assert [line for line in out.splitlines() if line.startswith(("[", ";"))] == [
        line for line in source.decode().splitlines() if line.startswith(("[", ";"))
    ]
    # Outside Joomla's folders, sections are a program's settings.
    elsewhere = tmp_path / "com_quiresections.ini"
    elsewhere.write_bytes(source)
    with pytest.raises(DocumentError) as caught:
        open_document(elsewhere)
    assert caught.value.message_id == "document.ini_settings"
    assert "it has sections ([Common])" in caught.value.message


def test_joomlas_printf_tokens_entities_and_line_breaks_are_placeholders() -> None:
    units = {u.id: u for u in open_document(SECTIONS).units}
    # PHP's sprintf reads a spec whole whatever letter follows it (%1$sx: %1$s, then "x").
    assert units["COM_QUIRESECTIONS_SIZE"].fields == ("%1$s", "%2$s", "%.2f", "%d", "%%", "%s")
    assert units["COM_QUIRESECTIONS_FOOTER"].fields == ("&copy;", "%date%", "%sitename%")
    assert units["COM_QUIRESECTIONS_MORE"].fields == ("&hellip;",)
    assert units["COM_QUIRESECTIONS_NOTICE"].fields == ("\\n",)
    subject = units["COM_QUIRESECTIONS_EMAIL_SUBJECT"]
    assert subject.fields == ("&quot;", "{title}", "&quot;")
    document = open_document(SECTIONS)
    written = bracketed(document, words={u.text: u.text.upper() for u in document.units})
    out = {k: v for section in ini(written).values() for k, v in section.items()}
    assert out["COM_QUIRESECTIONS_FOOTER"] == (
        '"COPYRIGHT &copy; %date% %sitename%. ALL RIGHTS RESERVED."'
    )
    assert out["COM_QUIRESECTIONS_MORE"] == '"READ MORE&hellip;"'
    assert out["COM_QUIRESECTIONS_NOTICE"] == '"FIRST LINE.\\nSECOND LINE."'
    assert out["COM_QUIRESECTIONS_SIZE"] == '"%1$sX%2$s PIXELS, %.2f MB (%d%% OF %sS QUOTA)"'


@pytest.mark.parametrize(
    ("code", "number"),
    [("ar", "$0401"), ("sr", "$0C1A"), ("sr-Latn", "$081A"), ("ar-EG", "$0C01")],
)
def test_language_ids_are_inno_setups_own(code: str, number: str) -> None:
    """As Arabic.isl, SerbianCyrillic.isl and SerbianLatin.isl give them."""
    options = ini(bracketed(open_document(INNO / "Default.isl"), code=code))["LangOptions"]
    assert options["LanguageID"] == number


def test_right_to_left_is_added_where_the_code_page_is_missing(tmp_path: Path) -> None:
    """As Inno Setup's Asturian.isl and NorwegianNynorsk.isl, a file may have no
    LanguageCodePage: RightToLeft goes after its last option."""
    source = (INNO / "Default.isl").read_bytes().replace(b"LanguageCodePage=0\r\n", b"")
    path = tmp_path / "Default.isl"
    path.write_bytes(source)
    out = bracketed(open_document(path), code="he")
    options = ini(out)["LangOptions"]
    assert options["RightToLeft"] == "yes" and "LanguageCodePage" not in options
    assert b"LanguageID=$040D\r\nRightToLeft=yes\r\n" in out


@needs_php
def test_a_bare_quote_is_read_as_joomla_4_reads_it(tmp_path: Path) -> None:
    folder = tmp_path / "language" / "en-GB"
    folder.mkdir(parents=True)
    path = folder / "com_x.ini"
    source = b'COM_X_QUOTE="Say "hi" now"\nCOM_X_NOTE="Fine" ; a "comment"\n'
    path.write_bytes(source)
    units = {u.id: u for u in open_document(path).units}
    assert {k: u.shown for k, u in units.items()} == joomla_reads(source, tmp_path, "j4")
    out = bracketed(open_document(path), words={'Say "hi" now': 'Sag "hallo" jetzt'})
    assert joomla_reads(out, tmp_path, "j4")["COM_X_QUOTE"] == 'Sag "hallo" jetzt'
