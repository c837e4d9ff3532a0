"""Apple's localisation files as their producers wrote them (tests/data/apple/: .strings and
a .stringsdict written by translate-toolkit, the writer Weblate saves them with, one
.strings as genstrings' UTF-16; String Catalogs typed in Xcode's layout; see
tools/make_apple_fixtures.py). The .stringsdict and .xcstrings outputs are read back by a
reader not ours (plistlib, json); the .strings outputs were checked with GNUstep's plparse
when this was written, and here line by line against what each line must become."""

from __future__ import annotations

import codecs
import json
import plistlib
import re
from pathlib import Path
from typing import Any

import pytest

from engine.documents import Document, DocumentError, open_document
from engine.documents.xcstrings import xcode_code
from tests.fixtures.documents import language

DATA = Path(__file__).parent / "data" / "apple"


GERMAN, RUSSIAN = language("de"), language("ru")


def marked(document: Document, special: dict[str, str] | None = None) -> list[str]:
    """A stand-in translation: each unit's text in «», its placeholders kept; ``special``'s
    texts where it names the unit's id."""
    special = special or {}
    return [special.get(u.id, f"«{u.text}»") for u in document.units]


# --- .strings ---------------------------------------------------------------------------

_PAIR_LINE = re.compile(r'"([^"]*)" = "(.*)";')


def test_a_strings_file_keeps_its_keys_comments_and_order() -> None:
    source = (DATA / "weblate.strings").read_text("utf-8")
    document = open_document(DATA / "weblate.strings")
    assert [(u.id, u.text, u.fields) for u in document.units[:3]] == [
        ("Cancel", "Cancel", ()),  # a key that is its English text
        ("translate.button", "Translate", ()),
        ("queue.empty", "Drop a file here", ()),
    ]
    by_id = {u.id: u for u in document.units}
    assert by_id["status.page"].text == "ZXQ1Q, page ZXQ2Q"
    assert by_id["status.page"].fields == ("%1$@", "%2$d")
    assert by_id["queue.words"].fields == ("%lld",)
    assert by_id["tip.start"].text == 'Press "Translate" to start'
    assert by_id["export.path"].text == "Exported to C:\\Quire\\exports"  # \\ read as \
    assert by_id["about.body"].text.count("\n") == 1  # \n read as a line end
    assert by_id["sample.text"].text == "Grüße aus Köln…"
    special = {
        "status.saved": "ZXQ1Q gespeichert",
        "status.page": "Seite ZXQ2Q von ZXQ1Q",  # numbered: may move
        "about.body": 'Quire übersetzt "offline".\nEin Rückstrich: \\',
        "Cancel": "«Cancel» ohne Platzhalter ZXQ1Q",  # one made up: the source stays
    }
    out = document.write(marked(document, special), language=GERMAN).decode("utf-8")
    expected_special = {
        "status.saved": '"status.saved" = "%@ gespeichert";',
        "status.page": '"status.page" = "Seite %2$d von %1$@";',
        "about.body": '"about.body" = "Quire übersetzt \\"offline\\".\\nEin Rückstrich: \\\\";',
        "Cancel": '"Cancel" = "Cancel";',
    }
    pairs = 0
    for before, after in zip(source.splitlines(), out.splitlines(), strict=True):
        match = _PAIR_LINE.fullmatch(before)
        if match is None:  # comments: byte for byte
            assert after == before
            continue
        pairs += 1
        key, raw = match.groups()
        assert after == expected_special.get(key, f'"{key}" = "«{raw}»";')
    assert pairs == len(document.units) == 12
    assert out.endswith("\n") and out.count("\n") == source.count("\n")
    assert '"export.path" = "«Exported to C:\\\\Quire\\\\exports»";\n' in out
    assert '"sample.text" = "«Grüße aus Köln…»";\n' in out


def test_a_utf16_strings_file_is_written_back_as_utf16_with_its_bom() -> None:
    path = DATA / "weblate-utf16.strings"
    data = path.read_bytes()
    assert data.startswith(codecs.BOM_UTF16_LE)
    document = open_document(path)
    by_id = {u.id: u for u in document.units}
    alert = "Delete this model?\nDownload it again later."
    assert by_id[alert].text == alert
    assert by_id["%lld of %lld words"].fields == ("%lld", "%lld")
    assert by_id["Hold ⇧ to translate every file"].text == "Hold ⇧ to translate every file"
    assert len(document.units) == 12
    special = {
        alert: "Dieses Modell löschen?\nEs lässt sich wieder laden.",
        "%1$@, page %2$d": "Seite ZXQ2Q von ZXQ1Q",  # numbered: may move
        "%lld of %lld words": "ZXQ2Q von ZXQ1Q Wörtern",  # not numbered: kept as it was
        "Hold ⇧ to translate every file": "Mit ⇧ jede Datei übersetzen",
        "Cancel": "Abbrechen ZXQ1Q",  # a placeholder the source lacks: kept as it was
    }
    out = document.write(marked(document, special), language=GERMAN)
    assert out.startswith(codecs.BOM_UTF16_LE)
    assert not out[2:].startswith(codecs.BOM_UTF16_LE)
    text = out[2:].decode("utf-16-le")
    source = data[2:].decode("utf-16-le")
    lines = dict(zip(source.splitlines(), text.splitlines(), strict=True))
    assert lines[f'"{alert}" = "{alert}";'.replace("\n", "\\n")] == (
        '"Delete this model?\\nDownload it again later." = '
        '"Dieses Modell löschen?\\nEs lässt sich wieder laden.";'
    )
    assert lines['"%1$@, page %2$d" = "%1$@, page %2$d";'] == (
        '"%1$@, page %2$d" = "Seite %2$d von %1$@";'
    )
    assert lines['"Hold ⇧ to translate every file" = "Hold ⇧ to translate every file";'] == (
        '"Hold ⇧ to translate every file" = "Mit ⇧ jede Datei übersetzen";'
    )
    for kept in ("%lld of %lld words", "Cancel"):
        line = next(line for line in lines if line.startswith(f'"{kept}"'))
        assert lines[line] == line
    assert lines['"Drop a file here" = "Drop a file here";'] == (
        '"Drop a file here" = "«Drop a file here»";'
    )
    assert lines[
        '"Models are kept in C:\\\\Quire\\\\models" = "Models are kept in C:\\\\Quire\\\\models";'
    ] == (
        '"Models are kept in C:\\\\Quire\\\\models" = "«Models are kept in C:\\\\Quire\\\\models»";'
    )
    assert lines['"Press \\"Translate\\" to start" = "Press \\"Translate\\" to start";'] == (
        '"Press \\"Translate\\" to start" = "«Press \\"Translate\\" to start»";'
    )
    # Comments and blank lines as they were.
    assert "" in lines and "/* No comment provided by engineer. */" in lines
    for before, after in zip(source.splitlines(), text.splitlines(), strict=True):
        if not before.startswith('"'):
            assert after == before


def test_the_strings_syntax_foundation_reads(tmp_path: Path) -> None:
    path = tmp_path / "Localizable.strings"
    path.write_text(
        '/* A comment; with "quotes" = and semicolons */\n'
        "bare.key = bare_value;\n"
        '"escapes" = "caf\\U00e9 \\101\\t\\"x\\"";  // a comment after it\n'
        '"Cancel";\n'
        '"%#@files@ in %lu folders" /* between */ = "%#@files@ in %lu folders";\n'
        '"html" = "Press <b>%@</b>";\n',
        encoding="utf-8",
    )
    document = open_document(path)
    assert [(u.id, u.text, u.fields) for u in document.units] == [
        ("bare.key", "bare_value", ()),
        ("escapes", 'café A\t"x"', ()),
        ("%#@files@ in %lu folders", "ZXQ1Q in ZXQ2Q folders", ("%#@files@", "%lu")),
        ("html", "Press ZXQ1QZXQ2QZXQ3Q", ("<b>", "%@", "</b>")),
    ]
    out = document.write(
        ["Wert", 'Café\t"y"', "ZXQ1Q in ZXQ2Q Ordnern", "Drücke ZXQ1QZXQ2QZXQ3Q"],
        language=GERMAN,
    ).decode("utf-8")
    assert out == (
        '/* A comment; with "quotes" = and semicolons */\n'
        'bare.key = "Wert";\n'
        '"escapes" = "Café\t\\"y\\"";  // a comment after it\n'
        '"Cancel";\n'
        '"%#@files@ in %lu folders" /* between */ = "%#@files@ in %lu Ordnern";\n'
        '"html" = "Drücke <b>%@</b>";\n'
    )


def test_a_damaged_strings_file_says_which_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.strings"
    bad.write_text('"a" = "A";\n\n"b" = "B"\n"c" = "C";\n', encoding="utf-8")
    with pytest.raises(DocumentError) as info:
        open_document(bad)
    assert info.value.message_id == "document.bad_strings"
    assert info.value.params == {"line": 3}
    assert "line 3" in info.value.message and '";"' in info.value.message
    bad.write_text('"a" = "never closed;\n', encoding="utf-8")
    with pytest.raises(DocumentError) as info:
        open_document(bad)
    assert info.value.params == {"line": 1}
    bad.write_bytes(codecs.BOM_UTF16_LE + "\n".encode("utf-16-le"))
    with pytest.raises(DocumentError) as info:
        open_document(bad)
    assert info.value.message_id == "document.no_text"


# --- .stringsdict -----------------------------------------------------------------------


def _skeleton(text: str) -> str:
    """A plist less its strings' texts: what must not change."""
    return re.sub(r"<string>.*?</string>", "<string/>", text, flags=re.S)


def test_a_stringsdict_translates_each_plural_category() -> None:
    path = DATA / "weblate.stringsdict"
    source = path.read_text("utf-8")
    document = open_document(path)
    # The format key of a variable alone ("%#@models@") says nothing; the rules' types are
    # not text; a format key with words around its variable is.
    assert [(u.id, u.text, u.fields) for u in document.units] == [
        ("files_removed.NSStringLocalizedFormatKey", "Removed ZXQ1Q from the queue",
         ("%#@files@",)),
        ("files_removed.files.one", "ZXQ1Q file", ("%d",)),
        ("files_removed.files.other", "ZXQ1Q files", ("%d",)),
        ("models_installed.models.zero", "No models installed", ()),
        ("models_installed.models.one", "ZXQ1Q model installed", ("%lld",)),
        ("models_installed.models.other", "ZXQ1Q models installed", ("%lld",)),
    ]  # fmt: skip
    special = {
        "files_removed.NSStringLocalizedFormatKey": "ZXQ1Q aus der Warteschlange entfernt",
        "files_removed.files.one": "eine Datei",  # its number lost: kept
        "models_installed.models.zero": "Keine Modelle & <keins>\x01",  # (no XML character)
        "models_installed.models.other": "ZXQ1Q Modelle installiert",
    }
    out = document.write(marked(document, special), language=GERMAN)
    assert _skeleton(out.decode("utf-8")) == _skeleton(source)  # German needs no more
    plist = plistlib.loads(out)
    assert plist["files_removed"]["NSStringLocalizedFormatKey"] == (
        "%#@files@ aus der Warteschlange entfernt"
    )
    assert plist["files_removed"]["files"] == {
        "NSStringFormatSpecTypeKey": "NSStringPluralRuleType",
        "NSStringFormatValueTypeKey": "d",
        "one": "%d file",
        "other": "«%d files»",
    }
    models = plist["models_installed"]
    assert models["NSStringLocalizedFormatKey"] == "%#@models@"
    assert models["models"] == {
        "NSStringFormatSpecTypeKey": "NSStringPluralRuleType",
        "NSStringFormatValueTypeKey": "lld",
        "zero": "Keine Modelle & <keins>",
        "one": "«%lld model installed»",
        "other": "%lld Modelle installiert",
    }
    assert "<string>Keine Modelle &amp; &lt;keins&gt;</string>" in out.decode("utf-8")


def test_a_stringsdict_gains_the_plural_categories_of_the_target_language() -> None:
    document = open_document(DATA / "weblate.stringsdict")
    out = document.write(marked(document), language=RUSSIAN)
    plist = plistlib.loads(out)
    models = plist["models_installed"]["models"]
    assert models["few"] == models["many"] == models["other"] == "«%lld models installed»"
    files = plist["files_removed"]["files"]
    assert files["few"] == files["many"] == files["other"] == "«%d files»"
    assert "zero" not in files  # Russian needs no "zero"; the file's own is kept
    assert models["zero"] == "«No models installed»"
    text = out.decode("utf-8")
    # After the last category ("other" here), laid out as the file lays out its entries.
    assert (
        "\t\t\t<key>other</key>\n\t\t\t<string>«%lld models installed»</string>\n"
        "\t\t\t<key>few</key>\n\t\t\t<string>«%lld models installed»</string>\n"
        "\t\t\t<key>many</key>\n\t\t\t<string>«%lld models installed»</string>\n\t\t</dict>"
    ) in text
    assert (
        "\t\t\t<key>other</key>\n\t\t\t<string>«%d files»</string>\n"
        "\t\t\t<key>few</key>\n\t\t\t<string>«%d files»</string>\n"
        "\t\t\t<key>many</key>\n\t\t\t<string>«%d files»</string>\n\t\t</dict>"
    ) in text
    assert text.count("<key>few</key>") == text.count("<key>many</key>") == 2


def test_a_stringsdict_with_words_around_its_variables(tmp_path: Path) -> None:
    path = tmp_path / "Localizable.stringsdict"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">\n<dict>\n'
        "  <key>geese</key>\n  <dict>\n"
        "    <key>NSStringLocalizedFormatKey</key>\n"
        "    <string>%1$#@geese@ landed on &lt;b&gt;%2$@&lt;/b&gt;</string>\n"
        "    <key>geese</key>\n    <dict>\n"
        "      <key>NSStringFormatSpecTypeKey</key><string>NSStringPluralRuleType</string>\n"
        "      <key>NSStringFormatValueTypeKey</key><string>d</string>\n"
        "      <key>one</key><string>a goose</string>\n"
        "      <key>other</key><string><![CDATA[%d geese & more]]></string>\n"
        "    </dict>\n  </dict>\n</dict>\n</plist>\n",
        encoding="utf-8",
    )
    document = open_document(path)
    assert [(u.id, u.text, u.fields) for u in document.units] == [
        ("geese.NSStringLocalizedFormatKey", "ZXQ1Q landed on ZXQ2QZXQ3QZXQ4Q",
         ("%1$#@geese@", "<b>", "%2$@", "</b>")),
        ("geese.geese.one", "a goose", ()),
        ("geese.geese.other", "ZXQ1Q geese & more", ("%d",)),
    ]  # fmt: skip
    out = document.write(
        ["ZXQ1Q landeten auf ZXQ2QZXQ3QZXQ4Q", "eine Gans", "ZXQ1Q Gänse & mehr"],
        language=RUSSIAN,
    )
    geese = plistlib.loads(out)["geese"]
    assert geese["NSStringLocalizedFormatKey"] == "%1$#@geese@ landeten auf <b>%2$@</b>"
    assert geese["geese"]["other"] == geese["geese"]["few"] == "%d Gänse & mehr"
    # One category a line: the new ones follow on theirs.
    assert (
        "<key>other</key><string>%d Gänse &amp; mehr</string>\n"
        "      <key>few</key><string>%d Gänse &amp; mehr</string>\n"
    ) in out.decode("utf-8")


def test_a_damaged_stringsdict_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.stringsdict"
    bad.write_text('<?xml version="1.0"?>\n<plist>\n<dict>\n<key>a</dict>\n</plist>\n')
    with pytest.raises(DocumentError) as info:
        open_document(bad)
    assert info.value.message_id == "document.bad_stringsdict"
    assert info.value.params == {"line": 4}
    bad.write_text('<?xml version="1.0"?>\n<resources><string name="a">A</string></resources>\n')
    with pytest.raises(DocumentError) as info:
        open_document(bad)
    assert info.value.message_id == "document.not_stringsdict"


# --- .xcstrings -------------------------------------------------------------------------


def xcode_json(value: Any, indent: str) -> str:
    """A value as Xcode writes it in a catalog, its lines indented by ``indent``."""

    def ordered(item: Any) -> Any:
        if isinstance(item, dict):
            return {k: ordered(item[k]) for k in sorted(item, key=str.lower)}
        return item

    text = json.dumps(ordered(value), ensure_ascii=False, indent=2, separators=(",", " : "))
    return text.replace("\n", "\n" + indent)


def test_a_catalog_gains_the_target_language_and_keeps_every_other_byte() -> None:
    path = DATA / "catalog.xcstrings"
    source = path.read_text("utf-8")
    catalog = json.loads(source)
    document = open_document(path)
    # No "en" localization: each key is its own source text; keys that say nothing ("", "·",
    # "%@", "%lld×%lld", "×") are not sent to the translator.
    no_letters = ("", "·", "%@", "%lld×%lld", "×")
    ids = [u.id for u in document.units]
    assert ids == [key for key in catalog["strings"] if key not in no_letters]
    assert ids[:3] == ["Cancel", "Choose a model…", "Could not open %@"]
    assert len(ids) == len(catalog["strings"]) - 5 == 16
    texts = {u.id: u.text for u in document.units}
    assert texts["Model — %@"] == "Model — ZXQ1Q"
    hold = "Hold ⌥ to translate every file.\nPress ⌘T for the open one."
    assert texts[hold] == hold
    assert texts['Press "Translate" to start'] == 'Press "Translate" to start'
    assert document.translated_into(language("fr")) == frozenset()
    special = {"Cancel": "Annuler", "Could not open %@": "Impossible d'ouvrir ZXQ1Q ZXQ2Q"}
    out = document.write(marked(document, special), language=language("fr")).decode()
    data = json.loads(out)
    assert data["strings"]["Cancel"]["localizations"]["fr"] == {
        "stringUnit": {"state": "needs_review", "value": "Annuler"}
    }
    assert data["strings"]["Model — %@"]["localizations"]["fr"]["stringUnit"]["value"] == (
        "«Model — %@»"
    )
    assert data["strings"][hold]["localizations"]["fr"]["stringUnit"]["value"] == f"«{hold}»"
    # Between Spanish and Chinese, as Xcode sorts them.
    assert list(data["strings"]["Translate"]["localizations"]) == ["de", "es", "fr", "zh-Hans"]
    for key, entry in data["strings"].items():
        old = catalog["strings"][key]
        french = entry["localizations"].pop("fr", None)
        assert entry == old  # every other localization, comment, state as it was
        if key in (*no_letters, "Could not open %@"):
            assert french is None, key
        else:
            assert french is not None and french["stringUnit"]["state"] == "needs_review", key
    # Each French localization sits after the one before it, as Xcode writes it; less them
    # the file is byte for byte what it was.
    added = re.compile(r',\n        "fr" : (\{\n.*?\n        \})', re.S)
    blocks = added.findall(out)
    assert len(blocks) == 15
    for block in blocks:
        assert block == xcode_json(json.loads(block), "        ")
    assert added.sub("", out) == source


def test_a_catalog_with_plurals_substitutions_and_keys_to_keep() -> None:
    path = DATA / "plurals.xcstrings"
    source = path.read_text("utf-8")
    document = open_document(path)
    assert [(u.id, u.text) for u in document.units] == [
        ("%lld files selected/plural/one", "ZXQ1Q file selected"),
        ("%lld files selected/plural/other", "ZXQ1Q files selected"),
        ("Cancel", "Cancel"),
        ("Delete <b>%@</b>?", "Delete ZXQ1QZXQ2QZXQ3Q?"),
        ("photos_in_albums", "ZXQ1Q in ZXQ2Q"),
        ("photos_in_albums/substitutions/albums/plural/one", "ZXQ1Q album"),
        ("photos_in_albums/substitutions/albums/plural/other", "ZXQ1Q albums"),
        ("photos_in_albums/substitutions/photos/plural/one", "ZXQ1Q photo"),
        ("photos_in_albums/substitutions/photos/plural/other", "ZXQ1Q photos"),
        ("Tap to sync/device/mac", "Click to sync"),
        ("Tap to sync/device/other", "Tap to sync"),
    ]  # "Quire" is marked shouldTranslate: false
    keep = document.translated_into(RUSSIAN)
    assert keep == frozenset()
    out = document.write(marked(document), language=RUSSIAN).decode("utf-8")
    strings = json.loads(out)["strings"]
    files = strings["%lld files selected"]["localizations"]["ru"]["variations"]["plural"]
    assert {k: v["stringUnit"]["value"] for k, v in files.items()} == {
        "one": "«%lld file selected»",
        "few": "«%lld files selected»",
        "many": "«%lld files selected»",
        "other": "«%lld files selected»",
    }
    photos = strings["photos_in_albums"]["localizations"]["ru"]
    assert photos["stringUnit"]["value"] == "«%#@photos@ in %#@albums@»"
    albums = photos["substitutions"]["albums"]
    assert albums["argNum"] == 2 and albums["formatSpecifier"] == "lld"
    assert albums["variations"]["plural"]["many"]["stringUnit"]["value"] == "«%arg albums»"
    device = strings["Tap to sync"]["localizations"]["ru"]["variations"]["device"]
    assert device["mac"]["stringUnit"]["value"] == "«Click to sync»"
    assert strings["Quire"] == {"shouldTranslate": False}
    # The empty entry is written anew, as Xcode writes one with a localization.
    assert (
        '    "Cancel" : {\n      "localizations" : {\n        "ru" : {\n'
        '          "stringUnit" : {\n            "state" : "needs_review",\n'
        '            "value" : "«Cancel»"\n          }\n        }\n      }\n    },\n'
    ) in out
    # "ru" after "pt-BR", before nothing; sorted among the others everywhere.
    for entry in strings.values():
        codes = list(entry.get("localizations", {}))
        assert codes == sorted(codes, key=str.lower)
    assert not out.endswith("\n") and out.startswith(source[:40])


def test_a_key_translated_already_is_kept_and_one_with_a_placeholder_lost_is_left() -> None:
    document = open_document(DATA / "plurals.xcstrings")
    ids = [u.id for u in document.units]
    keep = document.translated_into(GERMAN)
    assert keep == frozenset([ids.index("Delete <b>%@</b>?")])
    translations = marked(document, {"%lld files selected/plural/one": "eine Datei"})
    translations[ids.index("Delete <b>%@</b>?")] = document.units[
        ids.index("Delete <b>%@</b>?")
    ].text
    out = document.write(translations, language=GERMAN).decode("utf-8")
    strings = json.loads(out)["strings"]
    # Its number lost in one category: the whole key is left for Xcode to show as new.
    assert "de" not in strings["%lld files selected"]["localizations"]
    assert strings["Delete <b>%@</b>?"]["localizations"]["de"]["stringUnit"] == {
        "state": "translated",
        "value": "<b>%@</b> löschen?",
    }
    assert out.count('"de" :') == 4  # Cancel, photos, Tap to sync, and Delete's own
    brazil = document.translated_into(language("pt-BR"))
    assert brazil == frozenset(
        [ids.index("Tap to sync/device/mac"), ids.index("Tap to sync/device/other")]
    )


def test_a_catalog_translated_into_the_target_already_is_refused() -> None:
    document = open_document(DATA / "catalog.xcstrings")
    with pytest.raises(DocumentError) as info:
        document.translated_into(GERMAN)
    assert info.value.message == "Every string of this catalog is translated into de already"
    assert info.value.message_id == "document.catalog_has_target"
    assert info.value.params == {"language": "de"}
    # Into a language only some of its strings have: those are kept, the rest translated.
    ids = [u.id for u in document.units]
    assert document.translated_into(language("es")) == frozenset([ids.index("Translate")])
    # Into its own source language too: there is nothing to do.
    with pytest.raises(DocumentError):
        open_document(DATA / "plurals.xcstrings").translated_into(language("en"))


def test_a_localization_is_placed_as_xcode_sorts_them(tmp_path: Path) -> None:
    path = tmp_path / "Localizable.xcstrings"
    unit = '{\n          "stringUnit" : {\n            "state" : "translated",\n'
    unit += '            "value" : "x"\n          }\n        }'
    path.write_text(
        '{\n  "sourceLanguage" : "en",\n  "strings" : {\n    "Open" : {\n'
        f'      "localizations" : {{\n        "de" : {unit},\n        "zh-HK" : {unit}\n'
        '      }\n    }\n  },\n  "version" : "1.0"\n}'
    )
    out = open_document(path).write(["打开"], language=language("zh-Hans")).decode("utf-8")
    # Case-insensitively, as Xcode sorts: "zh-Hans" before "zh-HK".
    assert list(json.loads(out)["strings"]["Open"]["localizations"]) == ["de", "zh-Hans", "zh-HK"]
    assert f'"de" : {unit},\n        "zh-Hans" : {{\n          "stringUnit"' in out


def test_xcode_names_languages_its_own_way() -> None:
    names = {code: xcode_code(language(code)) for code in ("de", "pt-BR", "zh", "zh-TW")}
    assert names == {"de": "de", "pt-BR": "pt-BR", "zh": "zh-Hans", "zh-TW": "zh-Hant"}


def test_a_damaged_catalog_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "Localizable.xcstrings"
    bad.write_text('{\n  "sourceLanguage" : "en",\n  "strings" : {\n    "a" : \n}\n')
    with pytest.raises(DocumentError) as info:
        open_document(bad)
    assert info.value.message_id == "document.bad_json" and info.value.params == {"line": 5}
    bad.write_text('{"strings": ["not", "a", "catalog"]}')
    with pytest.raises(DocumentError) as info:
        open_document(bad)
    assert info.value.message_id == "document.not_xcstrings"
    bad.write_text("  \n")
    with pytest.raises(DocumentError) as info:
        open_document(bad)
    assert info.value.message_id == "document.no_text"


def test_bilingual_output_is_refused() -> None:
    document = open_document(DATA / "plurals.xcstrings")
    with pytest.raises(DocumentError) as info:
        document.write(marked(document), bilingual=True, language=RUSSIAN)
    assert info.value.message_id == "document.no_bilingual"
