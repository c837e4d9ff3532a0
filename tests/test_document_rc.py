"""Windows resource scripts (``.rc``) as Visual Studio wrote them in
microsoft/Windows-classic-samples (tests/data/rc/): the strings a localiser translates are the
units, every other byte is kept, and the output names the target's language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from engine.documents import Document, DocumentError, open_document
from tests.fixtures.documents import language

DATA = Path(__file__).parent / "data" / "rc"


def marked(document: Document, code: str = "de") -> bytes:
    return document.write([f"«{u.text}»" for u in document.units], language=language(code))


def test_a_mfc_script_has_its_dialogs_and_strings_translated_and_nothing_else() -> None:
    source = (DATA / "HostedNetwork.rc").read_bytes()
    document = open_document(DATA / "HostedNetwork.rc")
    texts = [u.text for u in document.units]
    assert texts[:2] == ["About WiFi HostedNetwork", "WiFi Hosted Network, Version 1.0"]
    assert "Network Name:" in texts and "Stop Using Hosted Network" in texts
    # Not a font, a control's class, an icon's file, an include, a version's file name.
    assert not {"MS Shell Dlg", "Button", "SysListView32", "HostedNetwork.exe"} & set(texts)
    out = marked(document).decode("cp1252")
    assert '"&About HostedNetwork..."' in source.decode("cp1252")
    assert '"«&About HostedNetwork...»"' in out  # (the access key on its letter)
    assert "LANGUAGE LANG_GERMAN, SUBLANG_GERMAN\n" in out
    assert "LANGUAGE 7, 1\n" in out  # (written in numbers where the file wrote numbers)
    assert out.count("defined(AFX_TARG_DEU)") == 3 and "AFX_TARG_ENU" not in out
    # (TEXTINCLUDE too, which Visual Studio writes the file's end from when it saves it)
    assert '"LANGUAGE 7, 1\\r\\n"' in out
    assert 'BLOCK "040704e4"' in out and 'VALUE "Translation", 0x407, 1252' in out
    # Every other byte as it was.
    undone = re.sub(r"«&?([^»]*)»", lambda m: m.group(1), out)
    undone = undone.replace("LANG_GERMAN, SUBLANG_GERMAN", "LANG_ENGLISH, SUBLANG_ENGLISH_US")
    undone = undone.replace("LANGUAGE 7, 1", "LANGUAGE 9, 1").replace("_DEU)", "_ENU)")
    undone = undone.replace('"040704e4"', '"040904e4"').replace("0x407, 1252", "0x409, 1252")
    assert undone == source.decode("cp1252").replace("&About", "About")


def test_visual_studios_utf16_script_stays_utf16_and_its_version_names_the_target() -> None:
    source = (DATA / "PasskeyManager.rc").read_bytes()
    document = open_document(DATA / "PasskeyManager.rc")
    assert [u.text for u in document.units] == ["Contoso Passkey Manager"]  # (FileDescription)
    out = marked(document, "ja")
    assert out.startswith(b"\xff\xfe")
    text = out.decode("utf-16")
    assert 'VALUE "FileDescription", "«Contoso Passkey Manager»"' in text
    assert 'VALUE "ProductName", "Contoso Passkey Manager"' in text  # (a name: kept)
    assert 'VALUE "FileVersion", "1.0.0.1"' in text
    assert 'BLOCK "041104b0"' in text and 'VALUE "Translation", 0x411, 1200' in text
    assert "LANGUAGE LANG_JAPANESE, SUBLANG_JAPANESE_JAPAN" in text
    undone = (
        text.replace("«", "").replace("»", "").replace("0411", "0409").replace("0x411", "0x409")
    )
    undone = undone.replace("JAPANESE, SUBLANG_JAPANESE_JAPAN", "ENGLISH, SUBLANG_ENGLISH_US")
    assert undone.replace("_JPN)", "_ENU)") == source.decode("utf-16")


def test_menus_keep_access_keys_shortcuts_and_escapes() -> None:
    document = open_document(DATA / "DictationPad.rc")
    ids = {u.id: u for u in document.units}
    opening = ids["IDC_DICTPAD.ID_FILE_OPEN"]
    assert opening.text == "Open...ZXQ1Q" and opening.fields == ("\\tCtrl+O",)
    translations = {
        "IDC_DICTPAD.ID_FILE_OPEN": "Datei öffnen...ZXQ1Q",
        "IDC_DICTPAD.ID_FILE_SAVEAS": 'Speichern "unter"...',
        "IDS_CANNOTOPEN": "Pfad C:\\Daten\nnicht lesbar",
    }
    out = document.write(
        [translations.get(u.id, u.text) for u in document.units], language=language("de")
    ).decode("cp1252")
    assert '"&Datei öffnen...\\tCtrl+O",' in out  # (no O: the first letter)
    # (a quote doubled; no A: a word's first letter, S being &Save's beside it)
    assert '"Speichern ""&unter""...",' in out
    assert '"Pfad C:\\\\Daten\\nnicht lesbar"' in out
    assert "\u00a9 2009 Microsoft Corporation." in out  # (windows-1252 with no pragma, kept)


def test_a_translation_the_code_page_cannot_hold_is_written_in_utf16() -> None:
    document = open_document(DATA / "HostedNetwork.rc")
    out = document.write(["Сеть" for _ in document.units], language=language("ru"))
    assert out.startswith(b"\xff\xfe")
    text = out.decode("utf-16")
    assert 'CAPTION "Сеть"' in text and "LANGUAGE LANG_RUSSIAN, SUBLANG_RUSSIAN_RUSSIA" in text
    assert [n.message_id for n in document.notes] == ["document.rc_utf16"]


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b'STRINGTABLE\r\nBEGIN\r\n    IDS_A "no end\r\nEND\r\n', "a string with no closing quote"),
        (b"#!/bin/rc\necho hello\n", "no resources"),
    ],
)
def test_a_broken_script_or_another_rc_is_refused(tmp_path: Path, content: bytes, why: str) -> None:
    path = tmp_path / "app.rc"
    path.write_bytes(content)
    with pytest.raises(DocumentError) as caught:
        open_document(path)
    assert caught.value.message_id == "document.bad_rc"
    assert caught.value.params["why"] == why


def test_a_string_continued_over_lines_keeps_its_breaks_and_placeholders() -> None:
    source = (DATA / "NonDefaultDropMenuVerb.rc").read_bytes().decode("ascii")
    document = open_document(DATA / "NonDefaultDropMenuVerb.rc")
    ids = {u.id: u for u in document.units}
    template = ids["IDS_MESSAGETEMPLATEFS"]
    assert template.text.startswith("The drop target is ZXQ1Q.")
    assert template.fields[:3] == ("%s", "\\n", "\\\n                            ")
    assert ids["IDS_ERRORMESSAGENA"].text == "N/A"
    out = marked(document)
    # (ASCII naming no code page: German's windows-1252 holds «, and the pragma says so, as
    # windres cannot read UTF-16)
    assert out.startswith(b"#pragma code_page(1252)\n#include")
    assert getattr(out, "encoding", None) == "windows-1252" and not document.notes
    text = out.decode("cp1252").removeprefix("#pragma code_page(1252)\n")
    assert "\\n\\\n                            %d files/directories" in text
    assert text.replace("«", "").replace("»", "") == source


@pytest.mark.parametrize(
    "content",
    [
        b"// Resources.\r\n\r\nIDI_TEXTSERVICE ICON TextService.ico\r\n",
        b'#include "lang/en-US.rc"\r\n#include "lang/de-DE.rc"\r\n',  # (ReactOS' rsrc.rc)
        b"1 VERSIONINFO\r\nFILEVERSION 1,0,0,0\r\nBEGIN\r\nEND\r\n",
    ],
)
def test_a_script_with_no_text_is_copied_as_it_is_rather_than_failing_a_folder(
    tmp_path: Path, content: bytes
) -> None:
    # (a folder run passes it over, as a notebook of code alone: translate_document's NoText)
    path = tmp_path / "TextService.rc"
    path.write_bytes(content)
    document = open_document(path)
    assert document.copied_without_text and not document.units
    assert [n.message_id for n in document.notes] == ["document.rc_no_text"]


def test_a_script_in_another_language_than_the_named_source_has_no_text(tmp_path: Path) -> None:
    path = tmp_path / "de.rc"
    path.write_bytes(
        b"LANGUAGE LANG_GERMAN, SUBLANG_GERMAN\r\n"
        b'STRINGTABLE\r\nBEGIN\r\n  IDS_OPEN "Datei \xf6ffnen"\r\nEND\r\n'
    )
    assert [u.text for u in open_document(path).units] == ["Datei öffnen"]
    document = open_document(path).in_source("en")
    assert document.copied_without_text and not document.units


def test_numbered_arguments_and_formatmessage_inserts_are_placeholders(tmp_path: Path) -> None:
    # (as 7-Zip's FileManager/resource.rc and FormatMessage's strings write them)
    path = tmp_path / "resource.rc"
    path.write_bytes(
        b"STRINGTABLE\r\nBEGIN\r\n"
        b'  IDS_SPLIT_CONFIRM_MESSAGE  "Are you sure you want to split file into {0} volumes?"\r\n'
        b'  IDS_ERROR "Cannot open %1!s!: error %2!d!"\r\nEND\r\n'
    )
    document = open_document(path)
    assert [u.fields for u in document.units] == [("{0}",), ("%1!s!", "%2!d!")]
    lost = document.write(["Wirklich in Teile teilen?", document.units[1].text])
    assert b"{0} volumes" in lost  # (a translation that lost it keeps the string)


def test_a_japanese_label_takes_its_access_key_after_it_as_windows_menus_do() -> None:
    document = open_document(DATA / "DictationPad.rc")
    translations = {
        "IDC_DICTPAD.0": "ファイル",
        "IDC_DICTPAD.ID_FILE_SAVEAS": "名前を付けて保存...",
        "IDC_DICTPAD.ID_FILE_OPEN": "開くZXQ1Q",
    }
    out = document.write(
        [translations.get(u.id, u.text) for u in document.units], language=language("ja")
    ).decode("utf-16")  # (Japanese does not fit in windows-1252)
    assert 'POPUP "ファイル(&F)"' in out
    assert '"名前を付けて保存(&A)...",' in out
    assert '"開く(&O)\\tCtrl+O",' in out
    assert 'MENUITEM "&Save\\tCtrl+S",' in out  # (untranslated: as it was)


def test_an_ampersand_that_marks_no_key_stays_single(tmp_path: Path) -> None:
    path = tmp_path / "app.rc"
    path.write_bytes(
        b'STRINGTABLE\r\nBEGIN\r\n  IDS_A "Tom & Jerry"\r\n  IDS_B "&Open"\r\nEND\r\n'
        b'IDD_A DIALOGEX 0, 0, 10, 10\r\nCAPTION "Q & A"\r\nBEGIN\r\nEND\r\n'
    )
    document = open_document(path)
    assert [u.text for u in document.units] == ["Tom & Jerry", "Open", "Q & A"]
    written = document.write(["Tom & Jerry!", "Öffnen", "F & A"], language=language("de"))
    out = written.decode("cp1252")  # (Ö: German's windows-1252, with its pragma)
    assert out.startswith("#pragma code_page(1252)\r\n")
    assert '"Tom & Jerry!"' in out and '"&Öffnen"' in out and 'CAPTION "F & A"' in out


def test_a_pragma_in_a_comment_is_not_obeyed_and_each_span_keeps_its_own_page(
    tmp_path: Path,
) -> None:
    # (Notepad_plus.rc's shape: a comment names 1252 before the real 65001; then a section
    # switches to windows-1251, as scripts of several languages do)
    path = tmp_path / "app.rc"
    path.write_bytes(
        b"// Encoding: UTF-8 (e.g. #pragma code_page(1252))\r\n"
        b"#pragma code_page(65001)\r\n"
        b"LANGUAGE LANG_ENGLISH, SUBLANG_ENGLISH_US\r\n"
        b'STRINGTABLE\r\nBEGIN\r\n  IDS_A "Caf\xc3\xa9 menu"\r\nEND\r\n'
        b"#pragma code_page(1251)\r\n"
        b"LANGUAGE LANG_RUSSIAN, SUBLANG_RUSSIAN_RUSSIA\r\n"
        b'STRINGTABLE\r\nBEGIN\r\n  IDS_A "\xcc\xe5\xed\xfe"\r\nEND\r\n'
    )
    document = open_document(path)
    assert [u.text for u in document.units] == ["Café menu"]  # (UTF-8, not windows-1252)
    assert document.encoding is not None and document.encoding.name == "utf-8"
    russian = open_document(path).in_source("ru")  # (said in its block's code page)
    assert [u.text for u in russian.units] == ["Меню"]
    assert russian.encoding is not None and russian.encoding.name == "windows-1251"
    assert [n.message_id for n in document.notes] == ["document.rc_other_languages"]
    out = document.write(["Café-Menü"], language=language("de"))
    assert b'IDS_A "Caf\xc3\xa9-Men\xc3\xbc"' in out  # (its span's UTF-8)
    assert b'IDS_A "\xcc\xe5\xed\xfe"' in out  # (the Russian block's bytes as they were)
    assert b"LANGUAGE LANG_GERMAN, SUBLANG_GERMAN\r\n" in out
    assert b"LANGUAGE LANG_RUSSIAN, SUBLANG_RUSSIAN_RUSSIA\r\n" in out
    assert not out.startswith(b"\xff\xfe")


def test_an_unknown_code_page_is_refused_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "app.rc"
    path.write_bytes(b'#pragma code_page(99999)\r\nSTRINGTABLE\r\nBEGIN\r\n IDS_A "a"\r\nEND\r\n')
    with pytest.raises(DocumentError) as caught:
        open_document(path)
    assert caught.value.message_id == "document.bad_rc"
    assert caught.value.params["page"] == "99999" and "99999" in str(caught.value)
    path.write_bytes(b'#pragma code_page(DEFAULT)\r\nSTRINGTABLE\r\nBEGIN\r\n IDS_A "Open"\r\nEND')
    assert [u.text for u in open_document(path).units] == ["Open"]


def test_a_dialog_whose_style_goes_on_over_a_line_keeps_its_caption_and_controls() -> None:
    document = open_document(DATA / "GenProfile.rc")  # (STYLE … WS_CAPTION |⏎ WS_SYSMENU)
    ids = {u.id: u.text for u in document.units}
    assert ids["IDD_GENPROFILEEXE_DIALOG.CAPTION"] == "Profile Generator"
    assert ids["IDD_GENPROFILEEXE_DIALOG.IDC_BTNAddObject"] == "Add"


MFC_TWO_LANGUAGES = (
    b"#if !defined(AFX_RESOURCE_DLL) || defined(AFX_TARG_NEU)\r\n"
    b"LANGUAGE LANG_NEUTRAL, SUBLANG_NEUTRAL\r\n"
    b'IDR_MAIN ICON "main.ico"\r\n#endif\r\n'
    b"#if !defined(AFX_RESOURCE_DLL) || defined(AFX_TARG_ENU)\r\n"
    b"LANGUAGE LANG_ENGLISH, SUBLANG_ENGLISH_US\r\n#pragma code_page(1252)\r\n"
    b'STRINGTABLE\r\nBEGIN\r\n  IDS_OPEN "&Open the file"\r\nEND\r\n#endif\r\n'
    b"#if !defined(AFX_RESOURCE_DLL) || defined(AFX_TARG_FRA)\r\n"
    b"LANGUAGE LANG_FRENCH, SUBLANG_FRENCH\r\n#pragma code_page(1252)\r\n"
    b'STRINGTABLE\r\nBEGIN\r\n  IDS_OPEN "&Ouvrir le fichier"\r\nEND\r\n#endif\r\n'
)


def test_only_the_source_languages_block_is_translated_and_the_others_kept(
    tmp_path: Path,
) -> None:
    path = tmp_path / "app.rc"
    path.write_bytes(MFC_TWO_LANGUAGES)
    document = open_document(path)
    assert [u.text for u in document.units] == ["Open the file"]
    out = document.write(["Die Datei öffnen"], language=language("de")).decode("cp1252")
    assert out.count("LANGUAGE LANG_GERMAN, SUBLANG_GERMAN") == 1
    assert "LANGUAGE LANG_FRENCH, SUBLANG_FRENCH\r\n" in out and '"&Ouvrir le fichier"' in out
    assert "LANGUAGE LANG_NEUTRAL, SUBLANG_NEUTRAL" in out and "AFX_TARG_NEU" in out
    assert "AFX_TARG_DEU" in out and "AFX_TARG_FRA" in out and "AFX_TARG_ENU" not in out
    assert '"&Die Datei öffnen"' in out
    # (a first block of TEXTINCLUDE alone, as TortoiseGit's Utils/resource.rc has in Chinese,
    # does not make its language the source)
    path.write_bytes(
        b"LANGUAGE LANG_CHINESE, SUBLANG_CHINESE_SIMPLIFIED\r\n"
        b'1 TEXTINCLUDE\r\nBEGIN\r\n "resource.h\\0"\r\nEND\r\n' + MFC_TWO_LANGUAGES
    )
    assert [u.text for u in open_document(path).units] == ["Open the file"]
    # (--from fr: the French block is the one translated)
    french = open_document(path).in_source("fr")
    assert [u.text for u in french.units] == ["Ouvrir le fichier"]
    assert french.encoding is not None and french.encoding.name == "windows-1252"
    # (a block in the target's language already: a second would repeat each resource)
    with pytest.raises(DocumentError) as caught:
        open_document(path).check_target(language("fr"))
    assert caught.value.message_id == "document.rc_has_target"
    assert caught.value.params["language"] == "LANG_FRENCH, SUBLANG_FRENCH"


@pytest.mark.parametrize("suffix", [".rc2", ".dlg"])
def test_mfcs_rc2_and_a_dlg_are_read_as_resource_scripts(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"app{suffix}"  # (MFC's res/app.rc2 shape; a dialog editor's .dlg)
    path.write_bytes(
        b"#ifdef APSTUDIO_INVOKED\r\n#error this file is not editable by Visual C++\r\n"
        b"#endif\r\n\r\nIDD_ABOUT DIALOG 0, 0, 100, 40\r\nSTYLE DS_MODALFRAME | WS_POPUP |\r\n"
        b'    WS_CAPTION\r\nCAPTION "About"\r\nBEGIN\r\n'
        b'    DEFPUSHBUTTON "OK", IDOK, 4, 4, 40, 14\r\nEND\r\n'
    )
    assert [u.text for u in open_document(path).units] == ["About", "OK"]


def test_a_folder_passes_over_reactos_other_languages_scripts(tmp_path: Path) -> None:
    from engine.documents.folders import folder_documents

    lang = tmp_path / "notepad" / "lang"
    lang.mkdir(parents=True)
    for name in ("en-US.rc", "de-DE.rc", "fr-FR.rc"):
        (lang / name).write_bytes(b'STRINGTABLE\r\nBEGIN\r\n  IDS_A "Open"\r\nEND\r\n')
    found, skipped = folder_documents(tmp_path, "ja", recursive=True)
    assert [p.name for p in found] == ["en-US.rc"]
    assert sorted((s.path.name, s.reason) for s in skipped) == [
        ("de-DE.rc", "language"),
        ("fr-FR.rc", "language"),
    ]


def test_the_encoding_said_to_be_written_is_the_one_written() -> None:
    from engine.text.encoding import EncodingUsed

    document = open_document(DATA / "HostedNetwork.rc")  # (#pragma code_page(1252))
    assert document.encoding is not None
    assert document.encoding.how == "declaration"  # (not "option": no --encoding was given)
    out = document.write(["Сеть" for _ in document.units], language=language("ru"))
    used = EncodingUsed.of(document.encoding, getattr(out, "encoding", None))
    assert used.note() == "the output does not fit in windows-1252: written as UTF-16"


def test_page_setup_codes_are_placeholders_not_access_keys(tmp_path: Path) -> None:
    # (ReactOS Notepad's lang/en-US.rc: a header's and footer's codes)
    path = tmp_path / "en-US.rc"
    path.write_bytes(
        b'STRINGTABLE\r\nBEGIN\r\n    STRING_PAGESETUP_HEADERVALUE "&f"\r\n'
        b'    STRING_PAGESETUP_FOOTERVALUE "Page &p"\r\n    IDS_RD "R&&D &Open"\r\nEND\r\n'
    )
    document = open_document(path)
    assert [(u.text, u.fields) for u in document.units] == [
        ("Page ZXQ1Q", ("&p",)),
        ("R&D Open", ()),
    ]
    out = document.write(["Seite ZXQ1Q", "F&E Öffnen"], language=language("de"))
    assert b'"Seite &p"' in out and b'"&F&&E \xd6ffnen"' in out  # (no O: the first letter)


def test_serbian_with_no_script_is_written_as_cyrillic(tmp_path: Path) -> None:
    path = tmp_path / "app.rc"
    path.write_bytes(
        b"LANGUAGE LANG_ENGLISH, SUBLANG_ENGLISH_US\r\n"
        b'STRINGTABLE\r\nBEGIN\r\n IDS_A "Open"\r\nEND\r\n'
    )
    out = open_document(path).write(["Отвори"], language=language("sr"))
    assert b"LANGUAGE LANG_SERBIAN, SUBLANG_SERBIAN_CYRILLIC\r\n" in out


def test_an_ascii_translation_adds_no_pragma(tmp_path: Path) -> None:
    path = tmp_path / "app.rc"
    path.write_bytes(b'STRINGTABLE\r\nBEGIN\r\n  IDS_OPEN "Open"\r\nEND\r\n')
    out = open_document(path).write(["Offnen"], language=language("de"))
    assert out == b'STRINGTABLE\r\nBEGIN\r\n  IDS_OPEN "Offnen"\r\nEND\r\n'  # (as it was)


def test_controls_left_sharing_an_access_key_after_translation_are_said(tmp_path: Path) -> None:
    path = tmp_path / "app.rc"
    path.write_bytes(
        b'IDD_ASK DIALOGEX 0, 0, 100, 60\r\nCAPTION "Replace"\r\nBEGIN\r\n'
        b'    PUSHBUTTON "&Yes", IDYES, 4, 4, 40, 14\r\n'
        b'    PUSHBUTTON "Yes to &all", IDC_ALL, 4, 20, 40, 14\r\n'
        b'    PUSHBUTTON "A&lways", IDC_ALWAYS, 4, 36, 40, 14\r\nEND\r\n'
    )
    document = open_document(path)
    assert [u.text for u in document.units] == ["Replace", "Yes", "Yes to all", "Always"]
    out = document.write(["Ersetzen", "Ja", "Ja, alle", "Immer"], language=language("de"))
    assert b'"&Ja"' in out and b'"Ja, &alle"' in out and b'"&Immer"' in out
    assert [n.message_id for n in document.notes] == []
    out = document.write(["Ersetzen", "Ja", "Ja", "Ja"], language=language("de"))
    assert b'"&Ja", IDYES' in out and b'"J&a", IDC_ALL' in out  # (J taken: its a)
    assert b'"&Ja", IDC_ALWAYS' in out  # (no letter left)
    assert [n.message_id for n in document.notes] == ["document.rc_access_keys"]
    assert document.notes[0].params == {"dialogs": "IDD_ASK"}


def test_a_popups_items_and_a_dialogs_controls_take_access_keys_apart() -> None:
    document = open_document(DATA / "QuireMenus.rc")
    words = {
        "File": "Datei", "Open...ZXQ1Q": "Öffnen...ZXQ1Q", "Add folder...": "Ordner hinzufügen...",
        "Save result...ZXQ1Q": "Das Ergebnis speichern...ZXQ1Q",
        "Copy result": "Ergebnis kopieren", "QuitZXQ1Q": "BeendenZXQ1Q", "Run": "Ausführen",
        "TranslateZXQ1Q": "Text übersetzenZXQ1Q", "Terms...": "Termini...", "Models": "Modelle",
        "Manage models...": "Modelle verwalten...",
        "Import a model folder...": "Modellordner importieren...",
        "Unload models": "Modelle entladen", "Help": "Hilfe", "About Quire": "Über Quire",
        "Import...": "Importieren...", "Convert checkpoint...": "Checkpoint konvertieren...",
        "Set task...": "Aufgabe setzen...", "Remove...": "Aus der Liste nehmen...",
        "Close": "Schließen",
    }  # fmt: skip
    out = document.write([words[u.text] for u in document.units], language=language("de"))
    text = out.decode("cp1252")
    labels = re.findall(r'(?:POPUP|MENUITEM|PUSHBUTTON) +"([^"]*)"', text)
    assert labels == [
        "&Datei",
        "&Öffnen...\\tCtrl+O",
        "&Ordner hinzufügen...",  # (O and Ö are two keys)
        "Das Ergebnis &speichern...\\tCtrl+S",  # (&Save's s where a word begins, not Da&s)
        "&Ergebnis kopieren",
        "&Beenden\\tCtrl+Q",
        "&Ausführen",
        "&Text übersetzen\\tF5",  # (&Translate and &Terms share T in the source: kept)
        "&Termini...",
        "&Modelle",
        "&Modelle verwalten...",
        "Modellordner &importieren...",
        "Modelle &entladen",  # (&Unload: no u; M is &Manage's)
        "&Hilfe",
        "&Über Quire",
        "&Importieren...",
        "Checkpoint kon&vertieren...",  # (Con&vert: its v, inside a word as the source's)
        "&Aufgabe setzen...",
        "Aus &der Liste nehmen...",  # (A is Set &task's: the next word's first letter)
        "Schließen",  # (Close had none)
    ]
    assert not document.notes


def test_strings_side_by_side_are_one_unit(tmp_path: Path) -> None:
    path = tmp_path / "app.rc"
    path.write_bytes(
        b'STRINGTABLE\r\nBEGIN\r\n  IDS_LONG "Cannot open the file " "because it is locked"\r\n'
        b'  IDS_NEXT "Next"\r\nEND\r\n'
    )
    document = open_document(path)
    assert [(u.id, u.text) for u in document.units] == [
        ("IDS_LONG", "Cannot open the file because it is locked"),
        ("IDS_NEXT", "Next"),
    ]
    out = document.write(["Die Datei ist gesperrt", "Weiter"], language=language("de"))
    assert b'IDS_LONG "Die Datei ist gesperrt" ""\r\n' in out  # (windres: one string)
