"""gettext catalogs as gettext's own tools make them (tests/data/po/: xgettext's template,
msginit's catalogs, msgmerge's merge of a half-translated one, pybabel's template), read back
by polib, another reader than ours, and compiled to a .mo that Python's gettext reads: the
program then says the translations, its format strings filled in."""

from __future__ import annotations

import difflib
import gettext
import io
import re
from pathlib import Path

import polib
import pytest

from engine.documents import Document, DocumentError, open_document, output_suffix
from engine.documents.language import target_language
from engine.documents.po import PLURAL_FORMS, PoDocument, plural_forms
from engine.text.encoding import UTF8

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
    """A printf format whose %s moved past another, or a message that lost a placeholder,
    would fail or mislead the program filling it in: left untranslated (and not fuzzy).
    Named placeholders may move; so may a pair of tags that keeps its order."""
    source = (
        'msgid ""\nmsgstr ""\n"Language: de\\n"\n\n'
        '#, python-format\nmsgid "%s of %s"\nmsgstr ""\n\n'
        '#, python-format\nmsgid "%(a)s and %(b)s"\nmsgstr ""\n\n'
        'msgid "Save <b>all</b> files"\nmsgstr ""\n\n'
        '#, python-brace-format\nmsgid "Hello {name}"\nmsgstr ""\n'
    )
    document = PoDocument(Path("x.po"), source, UTF8)
    cases = [
        (["ZXQ2Q von ZXQ1Q", "ZXQ2Q und ZXQ1Q", "ZXQ1QAlleZXQ2Q Dateien speichern", "Hallo"],
         ["", "%(b)s und %(a)s", "<b>Alle</b> Dateien speichern", ""]),
        (["ZXQ1Q von ZXQ2Q", "ZXQ1Q und", "Dateien ZXQ2QalleZXQ1Q speichern", "Hallo zxq 1q"],
         ["%s von %s", "", "", "Hallo {name}"]),
    ]  # fmt: skip
    for texts, expected in cases:
        po = catalog(document.write(texts).decode("utf-8"))
        assert [e.msgstr for e in po if e.msgid] == expected
        assert [e.flags[:1] == ["fuzzy"] for e in po if e.msgid] == [bool(x) for x in expected]
