"""gettext catalogs as gettext's own tools make them (tests/data/po/: xgettext's template,
msginit's catalogs, msgmerge's merge of a half-translated one, pybabel's template), read back
by polib, another reader than ours, and compiled to a .mo that Python's gettext reads: the
program then says the translations, its format strings filled in."""

from __future__ import annotations

import datetime
import difflib
import gettext
import io
import re
from pathlib import Path

import polib
import pytest

from engine.documents import Document, DocumentError, open_document, output_suffix
from engine.documents.language import one_alone, target_language
from engine.documents.po import PLURAL_FORMS, PoDocument, plural_forms
from engine.text.encoding import UTF8, TextEncoding

DATA = Path(__file__).parent / "data" / "po"

# A translator's German for each message, placeholders where the unit had them (the named
# ones of the last message moved, as a translation may).
GERMAN = {
    "Open file": "Datei öffnen",
    "Open a file": "Eine Datei öffnen",
    "Could not open ZXQ1Q: the file is locked by another program. Close it there and try "
    "again, or open a copy of it.": "ZXQ1Q konnte nicht geöffnet werden: Die Datei ist von "
    "einem anderen Programm gesperrt. Schließen Sie sie dort und versuchen Sie es erneut, "
    "oder öffnen Sie eine Kopie.",
    "Welcome back, ZXQ1Q!": "Willkommen zurück, ZXQ1Q!",
    "ZXQ1Q file deleted": "ZXQ1Q Datei gelöscht",
    "ZXQ1Q files deleted": "ZXQ1Q Dateien gelöscht",
    "Open": "Öffnen",
    "Usage: quire [OPTIONS] FILE\n\nTranslate FILE.": "Aufruf: quire [OPTIONEN] DATEI\n\n"
    "Übersetzt DATEI.",
    'Line one\nLine two with "quotes" and a tab\there.': "Zeile eins\nZeile zwei mit "
    '"Anführungszeichen" und einem Tabulator\thier.',
    "Close the window": "Das Fenster schließen",
    "Save ZXQ1QallZXQ2Q changes?": "ZXQ1QAlleZXQ2Q Änderungen speichern?",
    "ZXQ1Q items in ZXQ2Q": "In ZXQ2Q liegen ZXQ1Q Einträge",
    "The old message": "Die alte Meldung",
}


def translated(document: Document, language: str) -> str:
    texts = [GERMAN[u.text] for u in document.units]
    return document.write(texts, language=target_language(language)).decode("utf-8")


def catalog(text: str) -> polib.POFile:
    return polib.pofile(text)


def compiled(text: str) -> gettext.GNUTranslations:
    """The catalog as the program would load it once a translator reviewed it: its fuzzy
    flags taken off, compiled to a .mo."""
    po = catalog(text)
    for entry in po:
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    return gettext.GNUTranslations(io.BytesIO(po.to_binary()))


def test_msginits_catalog_is_filled_in_marked_fuzzy_and_else_kept_byte_for_byte() -> None:
    path = DATA / "de.po"
    source = path.read_text("utf-8")
    document = open_document(path)
    assert isinstance(document, PoDocument)
    assert [u.text for u in document.units] == [
        "Open file",
        "Could not open ZXQ1Q: the file is locked by another program. Close it there and try "
        "again, or open a copy of it.",
        "Welcome back, ZXQ1Q!",
        "ZXQ1Q file deleted",
        "ZXQ1Q files deleted",
        "Open",
        "Usage: quire [OPTIONS] FILE\n\nTranslate FILE.",
        'Line one\nLine two with "quotes" and a tab\there.',
        "Save ZXQ1QallZXQ2Q changes?",
        "ZXQ1Q items in ZXQ2Q",
        "The old message",
    ]
    assert document.units[1].fields == ("%s",)
    assert document.units[8].fields == ("<b>", "</b>")
    assert document.units[9].fields == ("%(count)d", "%(folder)s")
    out = translated(document, "de")
    # Every message of the catalog got its translation and was marked fuzzy; nothing else
    # changed: every line taken out or put in is a msgstr's or a flags line.
    po = catalog(out)
    for entry in po:
        if entry.msgid:
            assert entry.flags[0] == "fuzzy", entry
    for line in difflib.ndiff(source.splitlines(), out.splitlines()):
        if line.startswith("- "):
            assert line[2:].startswith(("msgstr", "#, ")), line
        elif line.startswith("+ "):
            assert line[2:].startswith(("msgstr", '"', "#, ")), line
    # The program, compiled with it, says German, its format strings filled in.
    german = compiled(out)
    assert german.gettext("Open file") == "Datei öffnen"
    assert german.gettext("Could not open %s: the file is locked by another program. Close "
                          "it there and try again, or open a copy of it.") % "a.txt" == (
        "a.txt konnte nicht geöffnet werden: Die Datei ist von einem anderen Programm "
        "gesperrt. Schließen Sie sie dort und versuchen Sie es erneut, oder öffnen Sie eine "
        "Kopie."
    )  # fmt: skip
    assert german.gettext("Welcome back, {name}!").format(name="Ada") == "Willkommen zurück, Ada!"
    assert german.ngettext("%d file deleted", "%d files deleted", 1) % 1 == "1 Datei gelöscht"
    assert german.ngettext("%d file deleted", "%d files deleted", 5) % 5 == "5 Dateien gelöscht"
    assert german.pgettext("menu", "Open") == "Öffnen"
    usage = "Usage: quire [OPTIONS] FILE\n\nTranslate FILE.\n"
    assert german.gettext(usage) == "Aufruf: quire [OPTIONEN] DATEI\n\nÜbersetzt DATEI.\n"
    assert german.gettext("Save <b>all</b> changes?") == "<b>Alle</b> Änderungen speichern?"
    counted = german.gettext("%(count)d items in %(folder)s") % {"count": 3, "folder": "C:"}
    assert counted == "In C: liegen 3 Einträge"
    # The long translation is wrapped as gettext's tools wrap: within 79 columns.
    assert all(len(line) <= 79 for line in out.splitlines())
    # A message whose text comes back as it was (not translated, or failed) stays empty.
    assert document.write([u.text for u in document.units]) == source.encode("utf-8")


def test_a_russian_catalog_gets_its_three_plural_forms() -> None:
    document = open_document(DATA / "ru.po")
    out = translated(document, "ru")  # (German stands in for Russian: the forms matter)
    entry = next(e for e in catalog(out) if e.msgid_plural)
    assert entry.msgstr_plural == {
        0: "%d Datei gelöscht",  # the form for 1 (and 21, 31…): from the singular
        1: "%d Dateien gelöscht",
        2: "%d Dateien gelöscht",
    }


def test_a_template_becomes_a_catalog_in_the_target_language() -> None:
    """xgettext's template translated into Chinese: written as .po, its header names the
    language (zh_CN, as gettext names catalogs), one plural form and UTF-8, and is no longer
    fuzzy (as msginit makes a catalog of a template)."""
    path = DATA / "app.pot"
    assert output_suffix(".pot") == ".po"
    document = open_document(path)
    assert document.default_suffix == ".po" and document.accepts_suffix(".po")
    out = translated(document, "zh")
    po = catalog(out)
    assert po.metadata["Language"] == "zh_CN"
    assert po.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert not po.metadata_is_fuzzy
    # xgettext's placeholders filled in as `msginit --no-translator` does (`msgfmt -c` warns
    # of each one left), the revision date with the output's.
    assert po.metadata["Last-Translator"] == "Automatically generated"
    assert po.metadata["Language-Team"] == "none"
    revised = datetime.datetime.strptime(po.metadata["PO-Revision-Date"], "%Y-%m-%d %H:%M%z")
    now = datetime.datetime.now(datetime.timezone.utc)
    assert abs(revised - now) < datetime.timedelta(minutes=2)
    entry = next(e for e in po if e.msgid_plural)
    assert entry.msgstr_plural == {0: "%d Dateien gelöscht"}  # the one form: the plural's
    chinese = compiled(out)
    assert chinese.ngettext("%d file deleted", "%d files deleted", 1) % 1 == "1 Dateien gelöscht"


def test_pybabels_template_without_language_or_plural_fields_gets_them() -> None:
    path = DATA / "babel.pot"
    source = path.read_text("utf-8")
    assert "Language:" not in source and "Plural-Forms" not in source
    out = translated(open_document(path), "fr")
    po = catalog(out)
    assert po.metadata["Language"] == "fr"
    assert po.metadata["Plural-Forms"] == "nplurals=2; plural=(n > 1);"
    assert po.metadata["Content-Type"] == "text/plain; charset=utf-8"  # UTF-8 already
    # pybabel wraps at 76 columns: its msgids stay as it wrote them.
    wrapped = '"Could not open %s: the file is locked by another program. Close it there "'
    assert wrapped in source and wrapped in out


def test_msgmerges_catalog_keeps_translated_fuzzy_and_obsolete_messages() -> None:
    """A half-translated German catalog merged with the next version's template: the
    translated message, the fuzzy one (a translation with its previous msgid, for a
    translator to check) and the obsolete one (#~) are left as they are; the messages with
    no translation are filled in."""
    path = DATA / "merged.de.po"
    source = catalog(path.read_text("utf-8"))
    document = open_document(path)
    assert "Open a file" not in [u.text for u in document.units]  # fuzzy, translated
    assert "Welcome back, ZXQ1Q!" not in [u.text for u in document.units]
    assert "Close the window" in [u.text for u in document.units]
    out = catalog(translated(document, "de"))
    before = {(e.msgctxt, e.msgid): e for e in source}
    for entry in out:
        old = before[(entry.msgctxt, entry.msgid)]
        if old.msgstr or any(old.msgstr_plural.values()) or old.obsolete:
            assert (entry.msgstr, entry.flags, entry.previous_msgid, entry.obsolete) == (
                old.msgstr, old.flags, old.previous_msgid, old.obsolete
            )  # fmt: skip
        else:
            assert entry.flags[0] == "fuzzy" and (entry.msgstr or entry.msgstr_plural)
    assert [e.msgid for e in out.obsolete_entries()] == ["The old message"]
    assert next(e for e in out if e.msgid == "Close the window").msgstr == "Das Fenster schließen"


def test_the_plural_forms_of_a_template_are_msginits() -> None:
    """For each language msginit knows, the Plural-Forms it writes (recorded from msginit in
    msginit-plural-forms.tsv) are the ones a template translated into it gets."""
    recorded = (DATA / "msginit-plural-forms.tsv").read_text("utf-8").splitlines()
    assert len(recorded) >= 20
    for line in recorded:
        name, forms = line.split("\t")
        assert plural_forms(target_language(name.replace("_", "-"))) == forms, name
    # Every form in the table parses with gettext's own parser and counts its forms right.
    for name, forms in PLURAL_FORMS.items():
        count = int(re.search(r"nplurals=(\d+)", forms).group(1))  # type: ignore[union-attr]
        rule = gettext.c2py(re.search(r"plural=(.+);$", forms).group(1))  # type: ignore[union-attr]
        assert {rule(n) for n in range(200)} == set(range(count)), name


def test_a_languages_form_for_one_is_alone_as_its_catalogs_rule_says() -> None:
    """Hugo's, Rails' and i18next's tables give a singular with no count to a language's one
    where 1 alone takes it (language.one_alone, a table of CLDR's languages): the same as
    gettext's rule for the language says (the forms msginit writes), one number at a time."""
    recorded = (DATA / "msginit-plural-forms.tsv").read_text("utf-8").splitlines()
    names = {line.split("\t")[0] for line in recorded} | set(PLURAL_FORMS) | {"pt_BR", "pt"}
    for name in sorted(names):
        language = target_language(name.replace("_", "-"))
        assert language is not None, name
        forms = plural_forms(language)
        count = int(re.search(r"nplurals=(\d+)", forms).group(1))  # type: ignore[union-attr]
        rule = gettext.c2py(re.search(r"plural=(.+);$", forms).group(1))  # type: ignore[union-attr]
        alone = count > 1 and all(rule(n) != rule(1) for n in range(200) if n != 1)
        assert one_alone(language) == alone, name


def test_a_damaged_catalog_says_where(tmp_path: Path) -> None:
    bad = tmp_path / "bad.po"
    bad.write_text('msgid "Open"\nmsgstr ""\n\nmsgstr "no msgid"\n', encoding="utf-8")
    with pytest.raises(DocumentError) as info:
        open_document(bad)
    assert info.value.message_id == "document.bad_catalog" and info.value.params == {"line": 4}
    bad.write_text('msgid "Open"\nmsgstr ""\nsome text\n', encoding="utf-8")
    with pytest.raises(DocumentError) as info:
        open_document(bad)
    assert info.value.params == {"line": 3}


def test_a_catalog_translated_already_says_so(tmp_path: Path) -> None:
    done = tmp_path / "done.po"
    done.write_text('msgid ""\nmsgstr ""\n"Language: de\\n"\n\nmsgid "Open"\nmsgstr "Öffnen"\n')
    with pytest.raises(DocumentError) as info:
        open_document(done)
    assert info.value.message_id == "document.catalog_translated"


def test_placeholders_follow_the_format_flag() -> None:
    """printf's conversions only where the message is a printf format (``100% sure`` in
    plain text is text); braces where it is a brace format; Qt's %1 in a Qt one."""
    source = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#, c-format\nmsgid "%-5.2f%% done, %1$s left"\nmsgstr ""\n\n'
        'msgid "I am 100% sure"\nmsgstr ""\n\n'
        '#, no-c-format\nmsgid "Use %s literally"\nmsgstr ""\n\n'
        '#, qt-format\nmsgid "Copied %1 of %2 files"\nmsgstr ""\n\n'
        '#, python-brace-format\nmsgid "{0} of {total:>3} done"\nmsgstr ""\n'
    )
    document = PoDocument(Path("x.po"), source, UTF8)
    assert [(u.text, u.fields) for u in document.units] == [
        ("ZXQ1QZXQ2Q done, ZXQ3Q left", ("%-5.2f", "%%", "%1$s")),
        ("I am 100% sure", ()),
        ("Use %s literally", ()),
        ("Copied ZXQ1Q of ZXQ2Q files", ("%1", "%2")),
        ("ZXQ1Q of ZXQ2Q done", ("{0}", "{total:>3}")),
    ]


def test_a_translation_that_loses_or_reorders_a_placeholder_leaves_the_message_empty() -> None:
    """A printf format whose %s moved past another, a message that lost a placeholder, or a
    tag closed before it opens would fail or mislead the program filling it in: left
    untranslated (and not fuzzy). Named placeholders may move, and so may Qt's numbered ones
    and whole pairs of tags (a review found those refused)."""
    source = (
        'msgid ""\nmsgstr ""\n"Language: de\\n"\n\n'
        '#, python-format\nmsgid "%s of %s"\nmsgstr ""\n\n'
        '#, python-format\nmsgid "%(a)s and %(b)s"\nmsgstr ""\n\n'
        'msgid "Save <b>all</b> files"\nmsgstr ""\n\n'
        '#, python-brace-format\nmsgid "Hello {name}"\nmsgstr ""\n\n'
        '#, qt-format\nmsgid "Copying %1 to %2"\nmsgstr ""\n\n'
        'msgid "Press <b>Save</b> or <i>Cancel</i>"\nmsgstr ""\n'
    )
    document = PoDocument(Path("x.po"), source, UTF8)
    cases = [
        (["ZXQ2Q von ZXQ1Q", "ZXQ2Q und ZXQ1Q", "ZXQ1QAlleZXQ2Q Dateien speichern", "Hallo",
          "Nach ZXQ2Q wird ZXQ1Q kopiert", "ZXQ3QAbbrechenZXQ4Q oder ZXQ1QSpeichernZXQ2Q"],
         ["", "%(b)s und %(a)s", "<b>Alle</b> Dateien speichern", "", "Nach %2 wird %1 kopiert",
          "<i>Abbrechen</i> oder <b>Speichern</b>"]),
        (["ZXQ1Q von ZXQ2Q", "ZXQ1Q und", "Dateien ZXQ2QalleZXQ1Q speichern", "Hallo zxq 1q",
          "ZXQ1Q nach ZXQ2Q ZXQ2Q", "ZXQ2QSpeichernZXQ1Q oder ZXQ3QAbbrechenZXQ4Q"],
         ["%s von %s", "", "", "Hallo {name}", "", ""]),
    ]  # fmt: skip
    for texts, expected in cases:
        po = catalog(document.write(texts).decode("utf-8"))
        assert [e.msgstr for e in po if e.msgid] == expected
        assert [e.flags[:1] == ["fuzzy"] for e in po if e.msgid] == [bool(x) for x in expected]
        # Counted as the writer writes them: one left out is a failed unit, listed as such
        # (a review found "1 translated" over an empty msgstr).
        assert [document.accepts(i, t) for i, t in enumerate(texts)] == [bool(x) for x in expected]


def test_a_message_left_empty_is_counted_failed_and_named(tmp_path: Path) -> None:
    from engine.documents import translate_file

    path = tmp_path / "d.po"
    path.write_text(
        HEADER + '\n#, python-brace-format\nmsgid "Deleted {count} files from {folder}"\n'
        'msgstr ""\n\nmsgid "Open file"\nmsgstr ""\n',
        encoding="utf-8",
    )  # fmt: skip
    lost = {"Deleted ZXQ1Q files from ZXQ2Q": "Gelöscht heute", "Open file": "Datei öffnen"}
    result = translate_file(path, tmp_path / "d.de.po", lambda batch: [lost[t] for t in batch])
    assert (result.counts.translated, result.counts.failed) == (1, 1)
    assert result.failed == ("Deleted {count} files from {folder}",)
    written = catalog((tmp_path / "d.de.po").read_text(encoding="utf-8"))
    assert [e.msgstr for e in written if e.msgid] == ["", "Datei öffnen"]


def _po(text: str) -> PoDocument:
    return PoDocument(Path("x.po"), text, UTF8)


HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'


def test_plural_forms_take_the_singular_only_where_it_fits() -> None:
    """A review found "1 errores" (the plural's words in the form for one, when the
    singular's translation was the same as its text) and msgstr[0] "ONE ITEM" in Russian,
    whose form 0 is also 21's: msgfmt -c refuses a form without the count there."""
    source = (
        HEADER + '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        '#, c-format\nmsgid "%d error"\nmsgid_plural "%d errors"\nmsgstr[0] ""\nmsgstr[1] ""\n\n'
        '#, c-format\nmsgid "One item"\nmsgid_plural "%d items"\nmsgstr[0] ""\nmsgstr[1] ""\n'
    )
    texts = ["ZXQ1Q error", "ZXQ1Q errores", "Un elemento", "ZXQ1Q elementos"]
    spanish = catalog(_po(source).write(texts).decode("utf-8"))
    assert all(_po(source).accepts(i, text) for i, text in enumerate(texts))
    assert not _po(source).accepts(3, "elementos")  # (the plural's count is never left out)
    assert [e.msgstr_plural for e in spanish if e.msgid] == [
        {0: "%d error", 1: "%d errores"},
        {0: "Un elemento", 1: "%d elementos"},  # (the form for 1 alone may drop the count)
    ]
    russian = source.replace("nplurals=2; plural=(n != 1);", PLURAL_FORMS["ru"])
    written = catalog(_po(russian).write(["ZXQ1Q ошибка", "ZXQ1Q ошибок", "Один элемент",
                                          "ZXQ1Q элементов"]).decode("utf-8"))  # fmt: skip
    assert [e.msgstr_plural for e in written if e.msgid] == [
        {0: "%d ошибка", 1: "%d ошибок", 2: "%d ошибок"},
        {0: "%d элементов", 1: "%d элементов", 2: "%d элементов"},  # 21 needs the count
    ]


def test_a_header_without_charset_or_plural_forms_gets_them() -> None:
    """An empty header got no charset, and Python's gettext could not load the .mo of a
    catalog with "Grüße" in it; a template's placeholder Plural-Forms stayed a placeholder
    without plural messages, which msgfmt -c refuses."""
    out = _po('msgid ""\nmsgstr ""\n\nmsgid "Hello"\nmsgstr ""\n').write(
        ["Grüße"], language=target_language("de")
    )
    po = catalog(out.decode("utf-8"))
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert po.metadata["Language"] == "de"
    assert compiled(out.decode("utf-8")).gettext("Hello") == "Grüße"
    template = (
        HEADER + '"Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;\\n"\n\n'
        'msgid "Hello"\nmsgstr ""\n'
    )
    po = catalog(_po(template).write(["Hallo"], language=target_language("de")).decode())
    assert po.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"


def test_catalog_syntax_that_gettext_reads_is_read_alike() -> None:
    """Strings side by side on a line, U+2028 inside a string, an empty flags line, C99's
    %<PRId64> (as xgettext writes it), escapes written back as escapes, a byte order mark
    kept. A review found each read or written wrong."""
    source = (
        "\ufeff" + HEADER + "\n"
        '#,\nmsgid "Empty " "flags"\nmsgstr ""\n\n'
        'msgid "First\u2028second"\nmsgstr ""\n\n'
        '#, c-format\nmsgid "Read %<PRId64> bytes"\nmsgstr ""\n\n'
        'msgid "Bell\\a and \\x41"\nmsgstr ""\n'
    )
    document = PoDocument(Path("x.po"), source[1:], TextEncoding("utf-8", "utf-8", bom=True))
    assert [(u.text, u.fields) for u in document.units] == [
        ("Empty flags", ()),
        ("First\u2028second", ()),
        ("Read ZXQ1Q bytes", ("%<PRId64>",)),
        ("Bell\a and A", ()),
    ]
    out = document.write(["Leere Flags", "Erst\u2028zweit", "ZXQ1Q Bytes gelesen", "Glocke\a"])
    assert out.startswith("\ufeff".encode())
    text = out.decode("utf-8-sig")
    assert "#, fuzzy\nmsgid" in text and 'msgstr "Glocke\\a"' in text
    # Read back by our own reader: parsed, and every message is translated now.
    with pytest.raises(DocumentError) as info:
        _po(text.replace("#, fuzzy\n", ""))
    assert info.value.message_id == "document.catalog_translated"


def test_a_damaged_catalog_is_refused_where_gettext_refuses_it() -> None:
    for text, line in [
        ('msgid "a\\"\nmsgstr ""\n', 1),  # not closed
        ('msgid "say "hi""\nmsgstr ""\n', 1),
        ('msgid "a"\nmsgstr ""\nmsgstr ""\n', 3),  # a second msgstr
        ('msgid "a"\nmsgid_plural "b"\nmsgstr ""\n', 3),
        ('msgid "a"\nmsgstr[0] ""\n', 2),
    ]:
        with pytest.raises(DocumentError) as info:
            _po(text)
        assert info.value.params == {"line": line}, text


def test_a_catalog_in_another_language_is_refused_before_any_work() -> None:
    document = open_document(DATA / "ru.po")
    with pytest.raises(DocumentError) as info:
        document.check_target(target_language("ja"))  # type: ignore[arg-type]
    assert info.value.message_id == "document.target_language"
    assert info.value.params == {"declared": "ru", "target": "ja"}
    document.check_target(target_language("ru"))  # type: ignore[arg-type]


def test_an_unknown_charset_or_a_broken_plural_rule_falls_back() -> None:
    data = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=ARMSCII-8\\n"\n'
        '"Plural-Forms: nplurals=2; plural=n%0;\\n"\n\n'
        'msgid "%d file"\nmsgid_plural "%d files"\nmsgstr[0] ""\nmsgstr[1] ""\n'
    ).encode("ascii")
    from engine.documents.po import read

    document = read(data, Path("x.po"))
    po = catalog(document.write(["ZXQ1Q Datei", "ZXQ1Q Dateien"]).decode("utf-8"))
    assert next(e for e in po if e.msgid).msgstr_plural == {0: "%d Datei", 1: "%d Dateien"}


def test_chinese_is_wrapped_within_79_columns_as_gettext_wraps_it() -> None:
    long = "这是一个很长的句子，" * 12
    out = _po(HEADER + '\nmsgid "A long sentence."\nmsgstr ""\n').write([long]).decode()
    lines = out.splitlines()
    assert all(len(line.encode("utf-8")) <= 79 * 3 and len(line) <= 79 for line in lines)
    assert catalog(out).find("A long sentence.").msgstr == long


def test_a_folder_passes_over_typescript_and_project_settings(tmp_path: Path) -> None:
    """A folder translated as a whole takes its catalogs, Qt Linguist files and translation
    JSON, and passes over TypeScript's .ts and a project's settings (package.json,
    tsconfig.json): named on their own they are read, and refused or translated as asked."""
    from engine.documents.folders import folder_documents

    data = Path(__file__).parent / "data"
    (tmp_path / "app.pot").write_bytes((data / "po" / "app.pot").read_bytes())
    (tmp_path / "app_de.ts").write_bytes((data / "linguist" / "qt.ts").read_bytes())
    (tmp_path / "main.ts").write_text("export const x: number = 1;\n", encoding="utf-8")
    (tmp_path / "translation.json").write_bytes((data / "json" / "i18next.json").read_bytes())
    (tmp_path / "package.json").write_text('{"name": "app", "description": "An app"}\n')
    (tmp_path / "tsconfig.app.json").write_text('{"compilerOptions": {}}\n')
    # (and plain text that is settings: a site's robots.txt, Python's requirements; a
    # mirror translated "Disallow: /private/")
    (tmp_path / "robots.txt").write_text("User-agent: *\nDisallow: /private/\n")
    (tmp_path / "requirements-dev.txt").write_text("pytest>=8\n")
    (tmp_path / "notes.txt").write_text("Remember the milk.\n")
    found, skipped = folder_documents(tmp_path)
    assert [p.name for p in found] == ["app.pot", "app_de.ts", "notes.txt", "translation.json"]
    # (each with what it is: its suffix is one Quire reads, so not "not a supported kind")
    assert sorted((s.path.name, s.reason) for s in skipped) == [
        ("main.ts", "typescript"),
        ("package.json", "settings"),
        ("requirements-dev.txt", "settings"),
        ("robots.txt", "settings"),
        ("tsconfig.app.json", "settings"),
    ]


@pytest.mark.parametrize(("code", "forms"), [("ar", 6), ("ja", 1), ("de", 2)])
def test_a_header_in_no_language_takes_the_targets_plural_forms(code: str, forms: int) -> None:
    """A template's header naming no language but English plural forms (two) kept them in
    a translation into Arabic (six forms), Japanese or Chinese (one); a review found it."""
    template = (
        HEADER + '"Language: \\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        '#, c-format\nmsgid "%d file"\nmsgid_plural "%d files"\nmsgstr[0] ""\nmsgstr[1] ""\n'
    )
    po = catalog(
        _po(template).write(["ZXQ1Q x", "ZXQ1Q y"], language=target_language(code)).decode()
    )
    assert po.metadata["Plural-Forms"] == plural_forms(target_language(code))
    assert len(next(e for e in po if e.msgid).msgstr_plural) == forms
    catalan = template.replace('"Language: \\n"', '"Language: ca\\n"')
    po = catalog(_po(catalan).write(["ZXQ1Q x", "ZXQ1Q y"]).decode())  # (no target known)
    assert po.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
