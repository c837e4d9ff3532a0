"""Every user-visible string of the desktop app has a Chinese translation, and the shipped
.qm file is the compiled .ts (so a new string cannot ship untranslated)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.i18n import TRANSLATIONS, Translations

ROOT = Path(__file__).resolve().parents[1]


def _tool(name: str) -> str:
    beside = Path(sys.executable).parent / f"pyside6-{name}"
    found = str(beside) if beside.exists() else shutil.which(f"pyside6-{name}")
    if found is None:
        pytest.fail(f"pyside6-{name} is missing: it ships with PySide6-Essentials")
    return found


def _messages(ts: Path) -> dict[tuple[str, str], str | None]:
    """(context, source) -> the finished translation, or None when unfinished."""
    out: dict[tuple[str, str], str | None] = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            finished = (
                translation is not None
                and translation.get("type") not in ("unfinished", "vanished", "obsolete")
                and bool(translation.text)
            )
            text = translation.text if finished and translation is not None else None
            out[(name, message.findtext("source") or "")] = text
    return out


def test_every_string_in_the_code_is_translated(tmp_path: Path) -> None:
    sources = sorted(str(p) for p in (ROOT / "desktop").rglob("*.py"))
    fresh = tmp_path / "fresh.ts"
    subprocess.run(
        [_tool("lupdate"), "-silent", "-locations", "none", *sources, "-ts", str(fresh)],
        check=True,
        cwd=ROOT,
    )
    in_code = set(_messages(fresh))
    shipped = _messages(TRANSLATIONS / "quire_zh_CN.ts")
    assert len(in_code) > 100
    missing = sorted(key for key in in_code if shipped.get(key) is None)
    assert missing == [], "run resources/translations/update.py and translate these"


def test_a_file_dialogs_filters_keep_the_patterns_qt_reads() -> None:
    """Qt finds a filter's patterns in ASCII parentheses after a space ("文档 (*.docx)"): a
    translation writing them in full-width ones ("文档（*.docx）") left that filter matching
    no file."""
    patterns = re.compile(r"\((\*[^()]*|\{patterns\})\)")
    for (_context, source), chinese in _messages(TRANSLATIONS / "quire_zh_CN.ts").items():
        if chinese is None or not patterns.search(source):
            continue
        assert [m.group(0) for m in patterns.finditer(chinese)] == [
            m.group(0) for m in patterns.finditer(source)
        ], source
        assert all(f" {m.group(0)}" in chinese for m in patterns.finditer(source)), source


def test_no_string_to_translate_hides_inside_an_f_string() -> None:
    """lupdate does not look inside f-strings: the About box's headings, written as
    ``f"<h3>{esc(self.tr('Installed models'))}</h3>"``, stayed English in Chinese while the
    test above passed."""
    import ast

    hidden = []
    for path in sorted((ROOT / "desktop").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.JoinedStr):
                continue
            for call in ast.walk(node):
                if isinstance(call, ast.Call):
                    name = (
                        call.func.attr
                        if isinstance(call.func, ast.Attribute)
                        else (call.func.id if isinstance(call.func, ast.Name) else "")
                    )
                    if name in ("tr", "translate", "qsTr"):
                        hidden.append(f"{path.relative_to(ROOT)}:{call.lineno}")
    assert hidden == []


def test_every_count_has_its_english_plural_forms(tmp_path: Path) -> None:
    """A string that counts (``tr("%n file(s) ...", "", n)``) reads "1 file" / "3 files" in
    English through quire_en.ts, which holds the plural forms alone."""
    sources = sorted(str(p) for p in (ROOT / "desktop").rglob("*.py"))
    fresh = tmp_path / "fresh.ts"
    subprocess.run(
        [_tool("lupdate"), "-silent", "-locations", "none", "-pluralonly", *sources,
         "-ts", str(fresh)],
        check=True,
        cwd=ROOT,
    )  # fmt: skip
    counting = set(_messages(fresh))
    assert len(counting) >= 10
    forms: dict[tuple[str, str], list[str]] = {}
    for context in ET.parse(TRANSLATIONS / "quire_en.ts").getroot().iter("context"):
        for message in context.iter("message"):
            key = (context.findtext("name") or "", message.findtext("source") or "")
            forms[key] = [f.text or "" for f in message.iter("numerusform")]
    assert sorted(counting - set(forms)) == [], "run resources/translations/update.py"
    for key in counting:
        one, many = forms[key]
        assert "(s)" not in one + many and one != many, key


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_shipped_qm_is_the_compiled_ts(tmp_path: Path, language: str) -> None:
    compiled = tmp_path / f"quire_{language}.qm"
    ts = TRANSLATIONS / f"quire_{language}.ts"
    subprocess.run([_tool("lrelease"), "-silent", str(ts), "-qm", str(compiled)], check=True)
    assert compiled.read_bytes() == (TRANSLATIONS / f"quire_{language}.qm").read_bytes()
    translator = QTranslator()
    assert translator.load(str(TRANSLATIONS / f"quire_{language}.qm"))
    if language == "zh_CN":
        assert translator.translate("MainWindow", "&File") == "文件(&F)"
    else:
        source = "%n running job(s)"
        assert translator.translate("MainWindow", source, None, 1) == "%n running job"
        assert translator.translate("MainWindow", source, None, 3) == "%n running jobs"


def test_the_app_and_the_local_api_offer_an_instruction_model_the_same_languages() -> None:
    from desktop.i18n import named_languages
    from engine.text.language_names import INSTRUCT_LANGUAGES

    assert sorted(named_languages()) == sorted(INSTRUCT_LANGUAGES)


def test_every_catalog_description_is_there_for_the_translators_and_translated(
    qapp: QApplication,
) -> None:
    """lupdate reads only code: ``desktop/catalog_strings.py`` carries the catalog's
    descriptions to it. A catalog edit without ``update.py`` would leave the new text
    untranslated, so the module must say exactly what the shipped catalog says, and the
    Chinese translations must cover it."""
    from desktop.catalog_strings import DESCRIPTIONS
    from desktop.catalog_tab import description_text
    from engine.store.catalog import load_catalog

    descriptions = tuple(str(text) for text in DESCRIPTIONS)  # (typed as objects by PySide6)
    assert tuple(entry.description for entry in load_catalog()) == descriptions
    translations = Translations()
    assert translations.switch("zh_CN")
    try:
        for description in descriptions:
            shown = description_text(description)
            assert shown != description and re.search(r"[\u4e00-\u9fff]", shown), description
    finally:
        translations.switch("en")
    assert description_text(descriptions[0]) == descriptions[0]
    assert description_text("A model added by hand") == "A model added by hand"


def test_every_stage_the_engine_reports_is_worded_by_the_app() -> None:
    """ "Ranking passages… 3 / 10" and "Occluding… 3 / 10" showed in English in Chinese: a
    stage the app did not know was shown as the engine named it."""
    import re

    from desktop.widgets import stage_names

    reported = re.compile(
        r'(?:Progress\(|progress\(|embed_texts\([^()]*, |stage or |stage=)"([a-z ]+)"'
    )
    stages = {
        stage
        for path in (ROOT / "engine").rglob("*.py")
        for stage in reported.findall(path.read_text(encoding="utf-8"))
    }
    assert {"translating", "ranking passages", "occluding", "reading"} <= stages
    assert sorted(stages - set(stage_names())) == []


def test_chinese_lists_of_labels_are_split_as_chinese_readers_write_them() -> None:
    """Labels "好、坏、中立" were one label, scored 100 %: a wrong answer that looks real."""
    from desktop.panes.classify import parse_labels

    assert parse_labels("好、坏、中立") == ("好", "坏", "中立")
    assert parse_labels("sport，politics, sport ,") == ("sport", "politics")


ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")  # (an Alt letter, "取消(&C)", is no word)


def _qt_dialog_words(qtbot: QtBot) -> list[str]:
    """The words of Qt's own dialogs Quire opens: a question's buttons, a file dialog's
    labels, buttons and columns."""
    from PySide6.QtWidgets import QFileDialog, QHeaderView, QLabel, QMessageBox, QPushButton

    buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel
    box = QMessageBox(QMessageBox.Icon.Question, "", "", buttons)
    qtbot.addWidget(box)
    words = [button.text() for button in box.buttons()]
    dialog = QFileDialog()
    qtbot.addWidget(dialog)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    words += [w.text() for w in dialog.findChildren(QLabel) + dialog.findChildren(QPushButton)]
    for header in dialog.findChildren(QHeaderView):
        model = header.model()
        words += [str(model.headerData(i, header.orientation())) for i in range(4)]
    return [word for word in words if word]


def test_qts_own_dialogs_speak_the_ui_language_and_follow_its_switch(qtbot: QtBot) -> None:
    """In Chinese, Qt's own dialogs said "Look in:", "Files of type:", "Folder", Yes and
    Cancel (an outside review): Qt's catalogue (qtbase_zh_CN.qm, shipped with PySide6 and
    bundled by packaging/quire.spec) is installed with Quire's, and the words it lacks since
    Qt 6 reworded them are Quire's (desktop/qt_strings.py). Switched back, they are English."""
    from desktop.qt_strings import qt_words

    translations = Translations()
    try:
        assert translations.switch("zh_CN")
        chinese = _qt_dialog_words(qtbot) + qt_words()
        assert [w for w in chinese if ENGLISH_WORD.search(w)] == []
        assert translations.switch("en")
        english = _qt_dialog_words(qtbot)
        assert {"&Yes", "Cancel", "&Look in:", "Files of &type:", "Name"} <= set(english)
    finally:
        translations.switch("en")
