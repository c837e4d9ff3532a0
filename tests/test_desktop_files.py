"""The desktop's Files queue, History panel, status bar figures, file settings and documents
in panes, through real widgets on tiny real models (offscreen)."""

from __future__ import annotations

import csv
import json
import re
import shutil
import tarfile
import time
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidgetItem
from pytestqt.qtbot import QtBot

from desktop import history as history_module
from desktop.history import History, HistoryEntry
from desktop.main_window import MainWindow
from desktop.metrics import tokens_per_second
from desktop.panes import AskPane, SummarizePane, TranslatePane
from desktop.queue import RowState, expand
from desktop.settings import DEFAULT_PATTERN, Settings, open_store
from desktop.widgets import ScoreBars, is_rtl
from engine import CancelToken, Engine, EngineOptions, write_atomic
from engine.api import (
    Answer,
    AskResult,
    LabelScore,
    ModelUsed,
    TranslateRequest,
    TranslateResult,
)
from engine.documents import open_document, translate_document
from tests.fixtures import corpus
from tests.fixtures.builder import checkpoint, exported
from tests.fixtures.desktop import WAIT_MS, Windows, windows
from tests.fixtures.documents import pdf_bytes

ENGLISH = corpus.sentences("en")
__all__ = ["windows"]  # a fixture, used by name
MakeWindow = Callable[..., MainWindow]


def engine_options(home: Path) -> EngineOptions:
    return EngineOptions(home=home, device="cpu")


def install(home: Path) -> Engine:
    engine = Engine(engine_options(home))
    engine.import_model(exported("marian"), "opus-mt-en-de")
    return engine


@pytest.fixture
def settings_file(tmp_path: Path) -> Path:
    return tmp_path / "settings" / "quire.ini"


@pytest.fixture
def make_window(windows: Windows, quire_home: Path, settings_file: Path) -> MakeWindow:
    def make() -> MainWindow:
        return windows.open(engine_options(quire_home), settings_file)

    return make


def translate_pane(window: MainWindow) -> TranslatePane:
    pane = window.panes[0]
    assert isinstance(pane, TranslatePane)
    pane.live_box.setChecked(False)
    assert pane.to_box.currentData() == "de"
    return pane


def settle(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.queue.active, timeout=WAIT_MS)


def write_docx(path: Path, paragraphs: list[str]) -> None:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(str(path))


def reference(engine: Engine, source: Path, tmp_path: Path) -> bytes:
    """The engine's own translation of ``source`` into German, written elsewhere."""
    out = tmp_path / "reference" / f"{source.stem}.ref{source.suffix}"
    out.parent.mkdir(exist_ok=True)
    translate_document(engine, source, out, TranslateRequest(text="", target="de"))
    return out.read_bytes()


def srt(cues: list[str]) -> str:
    return "".join(
        f"{i + 1}\n00:00:0{i},000 --> 00:00:0{i},900\n{text}\n\n" for i, text in enumerate(cues)
    )


# --- the Files queue ---------------------------------------------------------------------------


def test_a_dropped_folder_is_translated_file_by_file(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, tmp_path: Path
) -> None:
    engine = install(quire_home)
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(" ".join(ENGLISH[:3]) + "\n\n" + ENGLISH[3], encoding="utf-8")
    (folder / "sub" / "b.srt").write_text(srt(ENGLISH[4:6]), encoding="utf-8")
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (folder / "picture.png").write_bytes(b"\x89PNG")  # not a document: left out
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}

    window = make_window()
    pane = translate_pane(window)
    pane.open_files([folder])
    rows = window.queue.rows
    assert [r.path.name for r in rows] == ["a.txt", "broken.docx", "b.srt"]
    assert window.queue_dock.isVisible()
    view = window.queue_view
    assert view.table.rowCount() == 3
    settle(qtbot, window)

    states = {r.path.name: r.state for r in rows}
    assert states == {"a.txt": RowState.DONE, "b.srt": RowState.DONE,
                      "broken.docx": RowState.FAILED}  # fmt: skip
    for row in rows:
        assert row.history[:2] == ["waiting", "running"]
    broken = rows[1]
    assert "broken.docx" in broken.details and broken.message
    state_item = view.table.item(1, 2)
    assert state_item is not None and state_item.text().startswith("Failed")
    done_bar = view.bar(0)
    assert done_bar.value() == done_bar.maximum() > 0
    # Written beside the inputs, as the engine writes them; the inputs are untouched.
    assert (folder / "a.de.txt").read_bytes() == reference(engine, folder / "a.txt", tmp_path)
    assert (folder / "sub" / "b.de.srt").read_bytes() == reference(
        engine, folder / "sub" / "b.srt", tmp_path
    )
    assert not (folder / "broken.de.docx").exists()
    assert all(p.read_bytes() == data for p, data in before.items())

    # Retry a failed row once its file is fixed.
    write_docx(folder / "broken.docx", [ENGLISH[7], ENGLISH[8]])
    view.select(broken)
    assert view.retry_button.isEnabled()
    view.retry_button.click()
    settle(qtbot, window)
    assert broken.state is RowState.DONE
    assert broken.history[-3:] == ["waiting", "running", "done"]
    assert (folder / "broken.de.docx").is_file()
    # Dropped again, the folder gives its documents, not the translations written beside them.
    assert sorted(p.name for p in expand([folder])) == ["a.txt", "b.srt", "broken.docx"]


def test_a_running_file_can_be_cancelled_and_the_queue_paused(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, tmp_path: Path
) -> None:
    install(quire_home)
    long = tmp_path / "long.txt"
    long.write_text(
        "\n\n".join(" ".join(ENGLISH[i : i + 2]) for i in range(0, 80, 2)), encoding="utf-8"
    )
    window = make_window()
    pane = translate_pane(window)
    [row] = window.translate_files([long], TranslateRequest(text="", target="de"))
    qtbot.waitUntil(lambda: row.state is RowState.RUNNING and row.done > 0, timeout=WAIT_MS)
    window.queue_view.select(row)
    window.queue_view.cancel_button.click()
    settle(qtbot, window)
    assert row.state is RowState.CANCELLED
    assert not (tmp_path / "long.de.txt").exists()

    # Paused: new files wait; resumed: they run.
    short = tmp_path / "short.txt"
    short.write_text(ENGLISH[0], encoding="utf-8")
    window.queue_view.pause_button.click()
    assert window.queue.paused and window.queue_view.pause_button.text() == "Resume"
    pane.open_files([short, tmp_path / "missing.txt"])
    waiting = window.queue.rows[1:]
    qtbot.wait(300)  # the event loop turns; nothing may start
    assert [r.state for r in waiting] == [RowState.WAITING, RowState.WAITING]
    assert not window.runner.busy
    window.queue_view.pause_button.click()
    settle(qtbot, window)
    assert [r.state for r in waiting] == [RowState.DONE, RowState.FAILED]
    assert (tmp_path / "short.de.txt").is_file()
    assert "missing.txt" in waiting[1].details


def test_translated_files_follow_the_name_pattern_and_folder(
    qtbot: QtBot,
    make_window: MakeWindow,
    quire_home: Path,
    tmp_path: Path,
    settings_file: Path,
) -> None:
    install(quire_home)
    stored = Settings(open_store(settings_file))
    stored.output_pattern = "{name}-{lang}{ext}"
    stored.output_folder = tmp_path / "out"
    stored.sync()
    source = tmp_path / "notes.srt"
    source.write_text(srt(ENGLISH[:2]), encoding="utf-8")
    window = make_window()
    translate_pane(window).open_files([source])
    settle(qtbot, window)
    [row] = window.queue.rows
    assert row.state is RowState.DONE, row.details
    assert row.output == tmp_path / "out" / "notes-de.srt"
    assert row.output.is_file() and not (tmp_path / "notes.de.srt").exists()


def test_a_pdf_is_translated_into_a_word_file(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, tmp_path: Path
) -> None:
    engine = install(quire_home)
    source = tmp_path / "paper.pdf"
    source.write_bytes(pdf_bytes(pages=1))
    written = open_document(source).default_suffix  # what the engine writes a PDF as
    window = make_window()
    [row] = window.translate_files([source], TranslateRequest(text="", target="de"))
    settle(qtbot, window)
    assert row.state is RowState.DONE, row.details
    assert row.output == tmp_path / f"paper.de{written}" and row.output.is_file()
    reference_out = tmp_path / "reference" / f"paper.ref{written}"
    reference_out.parent.mkdir()
    translate_document(engine, source, reference_out, TranslateRequest(text="", target="de"))
    paragraphs = [
        [p.text for p in docx.Document(str(f)).paragraphs] for f in (row.output, reference_out)
    ]
    assert paragraphs[0] == paragraphs[1] and any(paragraphs[0])


def test_files_of_one_name_sent_to_one_folder_do_not_overwrite_each_other(
    qtbot: QtBot,
    make_window: MakeWindow,
    quire_home: Path,
    tmp_path: Path,
    settings_file: Path,
) -> None:
    engine = install(quire_home)
    stored = Settings(open_store(settings_file))
    stored.output_folder = tmp_path / "out"
    stored.sync()
    folder = tmp_path / "in"
    for part, text in (("a", ENGLISH[0]), ("b", ENGLISH[1])):
        (folder / part).mkdir(parents=True)
        (folder / part / "x.srt").write_text(srt([text]), encoding="utf-8")
    window = make_window()
    translate_pane(window).open_files([folder])
    settle(qtbot, window)
    rows = window.queue.rows
    assert [r.state for r in rows] == [RowState.DONE, RowState.DONE]
    outputs = [r.output for r in rows]
    assert outputs[0] == tmp_path / "out" / "x.de.srt" and len(set(outputs)) == 2
    for row in rows:
        assert row.output is not None and row.output.parent == tmp_path / "out"
        assert row.output.read_bytes() == reference(engine, row.path, tmp_path)


# --- documents in the other panes -------------------------------------------------------------


def test_a_document_dropped_on_summarize_shows_its_text(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, tmp_path: Path
) -> None:
    engine = Engine(engine_options(quire_home))
    engine.import_model(exported("bart"), "distilbart-cnn")
    report = tmp_path / "report.docx"
    write_docx(report, [ENGLISH[0], "", ENGLISH[1]])
    window = make_window()
    window.show_pane(1)
    pane = window.current_pane()
    assert isinstance(pane, SummarizePane)
    pane.source.files_dropped.emit([report])
    qtbot.waitUntil(lambda: pane.source_path == report, timeout=WAIT_MS)
    assert pane.source.toPlainText() == f"{ENGLISH[0]}\n\n{ENGLISH[1]}"
    assert window.queue.rows == []  # only Translate turns documents into files


# --- the status bar and the history ------------------------------------------------------------


def test_a_translation_shows_its_speed_and_memory_and_enters_the_history(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, tmp_path: Path
) -> None:
    install(quire_home)
    window = make_window()
    pane = translate_pane(window)
    text = " ".join(ENGLISH[:6])
    pane.load_text(text)
    job = pane.run()
    assert job is not None
    with qtbot.waitSignal(job.finished, timeout=WAIT_MS):
        pass  # the status bar and the history follow in the same turn (job_ended)
    result = job.result
    assert isinstance(result, TranslateResult) and result.generated_tokens > 0
    assert job.seconds is not None

    speed = re.fullmatch(r"([\d.]+) tokens/s", window.speed_label.text())
    assert speed is not None and window.speed_label.isVisible()
    expected = tokens_per_second(result.generated_tokens, job.seconds, job.load_seconds)
    assert float(speed.group(1)) == pytest.approx(expected, abs=0.051) and expected > 0
    assert re.fullmatch(r"Last job: [\d.]+ s", window.latency_label.text())
    memory = re.fullmatch(r"Peak memory: ([\d.]+) (MB|GB|MiB|GiB)", window.memory_label.text())
    assert memory is not None and float(memory.group(1)) > 0
    assert "CPU" in window.device_label.text()

    panel = window.history_panel
    assert panel.table.rowCount() == 1
    cells = [panel.table.item(0, c).text() for c in range(panel.table.columnCount())]  # type: ignore[union-attr]
    assert cells[1:5] == ["Translate", "opus-mt-en-de", result.model.variant, "CPU"]
    assert cells[6] == " ".join(result.text.split())[:160]
    [entry] = window.history.entries
    assert (entry.input, entry.output, entry.tokens) == (
        text, result.text, result.generated_tokens,
    )  # fmt: skip

    # Search: every word must match.
    panel.search.setText("opus-mt cpu")
    assert panel.table.rowCount() == 1
    panel.search.setText("opus-mt nothing-like-this")
    assert panel.table.rowCount() == 0
    panel.search.clear()

    # Export as JSON and CSV.
    assert panel.export(tmp_path / "h.json")
    exported_json = json.loads((tmp_path / "h.json").read_text(encoding="utf-8"))
    assert [e["model"] for e in exported_json] == ["opus-mt-en-de"]
    assert exported_json[0]["output"] == result.text
    assert panel.export(tmp_path / "h.csv")
    with (tmp_path / "h.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["task"], r["device"]) for r in rows] == [("translate", result.model.device)]

    # Kept across a restart; cleared for good.
    window.close()
    again = make_window()
    assert [e.output for e in again.history.entries] == [result.text]
    assert again.history_panel.table.rowCount() == 1
    assert again.history_panel.clear(confirm=False)
    assert again.history_panel.table.rowCount() == 0
    assert History(again.history.path).entries == []


def test_a_damaged_history_line_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "history.jsonl"
    good = {"when": "2026-01-01T10:00:00+00:00", "task": "ask", "model": "qa", "seconds": 1}
    path.write_text(json.dumps(good) + "\n{half a line\n[1, 2]\n", encoding="utf-8")
    history = History(path)
    assert [(e.task, e.model, e.seconds) for e in history.entries] == [("ask", "qa", 1.0)]


def test_an_entry_after_a_line_cut_short_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "history.jsonl"
    good = {"when": "2026-01-01T10:00:00+00:00", "task": "ask", "model": "qa", "seconds": 1}
    path.write_text(json.dumps(good) + '\n{"when": "2026-01-01T10:01:', encoding="utf-8")
    History(path).add(HistoryEntry.make("translate", None, 2.0, "in", "out"))
    assert [(e.task, e.output) for e in History(path).entries] == [
        ("ask", ""),
        ("translate", "out"),
    ]


def test_a_full_history_is_not_rewritten_after_every_job(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(history_module, "MAX_ENTRIES", 10)
    monkeypatch.setattr(history_module, "TRIM_SLACK", 5)
    rewrites: list[Path] = []
    real = write_atomic

    def counting(path: Path, data: str | bytes) -> None:
        rewrites.append(path)
        real(path, data)

    monkeypatch.setattr(history_module, "write_atomic", counting)
    path = tmp_path / "history.jsonl"
    history = History(path)
    for n in range(16):
        history.add(HistoryEntry.make("ask", None, 1.0, f"q{n}", f"a{n}"))
    assert len(rewrites) == 1
    assert [e.input for e in History(path).entries] == [f"q{n}" for n in range(6, 16)]
    for n in range(16, 21):
        history.add(HistoryEntry.make("ask", None, 1.0, f"q{n}", f"a{n}"))
    assert len(rewrites) == 1
    assert [e.input for e in History(path).entries] == [f"q{n}" for n in range(6, 21)]


def test_a_job_cancelled_in_the_queue_does_not_stop_the_memory_sampling(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window()

    def spin(_engine: Engine, _report: object, cancel: CancelToken) -> None:
        while True:
            cancel.check()
            time.sleep(0.005)

    running = window.runner.call(spin, label="spin")
    qtbot.waitUntil(lambda: window.memory.sampling, timeout=WAIT_MS)
    queued = window.runner.call(lambda _engine, _report, _cancel: None, label="queued")
    with qtbot.waitSignal(queued.cancelled, timeout=WAIT_MS):
        window.runner.cancel(queued)
    assert window.memory.sampling  # still following the running job
    with qtbot.waitSignal(running.cancelled, timeout=WAIT_MS):
        window.runner.cancel(running)
    assert not window.memory.sampling


# --- settings -----------------------------------------------------------------------------------


def test_offline_mode_and_output_naming_persist(
    make_window: MakeWindow, quire_home: Path, settings_file: Path, tmp_path: Path
) -> None:
    install(quire_home)
    window = make_window()
    assert not window.offline_label.isVisible()
    dialog = window.show_settings()
    assert dialog.pattern.text() == DEFAULT_PATTERN
    dialog.offline.setChecked(True)
    dialog.pattern.setText("{name}")  # no extension: refused, the old pattern stays
    assert dialog.example.text().startswith("Use {name}")
    dialog.folder.setText(str(tmp_path / "translated"))
    dialog.accept()
    assert window.offline_label.isVisible() and window.offline_label.text() == "Offline"
    window.close()

    again = Settings(open_store(settings_file))
    assert again.offline and again.output_pattern == DEFAULT_PATTERN
    assert again.output_folder == tmp_path / "translated"
    options = again.engine_options()
    assert getattr(options, "offline", True) is True  # where the engine has the option
    reopened = make_window()
    assert reopened.offline_label.isVisible()
    dialog = reopened.show_settings()
    assert dialog.offline.isChecked() and dialog.folder.text() == str(tmp_path / "translated")
    dialog.pattern.setText("{lang}.{name}{ext}")
    assert dialog.example.text() == "For example: de.report.docx"
    dialog.accept()
    assert Settings(open_store(settings_file)).output_pattern == "{lang}.{name}{ext}"


# --- right-to-left text -------------------------------------------------------------------------


def test_right_to_left_results_are_aligned_by_their_own_direction(
    make_window: MakeWindow, quire_home: Path
) -> None:
    assert is_rtl("مرحبا بالعالم") and is_rtl("«שלום» world") and not is_rtl("123 Hello שלום")
    install(quire_home)
    window = make_window()
    pane = window.panes[2]
    assert isinstance(pane, AskPane)
    used = ModelUsed("qa", Path("qa"), "onnx", "fp32", "cpu")
    context = "القاهرة عاصمة مصر. Paris is in France."
    pane.load_text(context)
    pane._asked_context = context
    result = AskResult(answers=(Answer("القاهرة", 0.9, 0, 7), Answer("Paris", 0.1, 19, 24)),
                       model=used)  # fmt: skip
    pane.show_result(result)
    items: list[QListWidgetItem] = [pane.answers.item(i) for i in range(pane.answers.count())]
    right, left = Qt.AlignmentFlag.AlignRight, Qt.AlignmentFlag.AlignLeft
    assert [bool(Qt.AlignmentFlag(i.textAlignment()) & right) for i in items] == [True, False]
    assert bool(Qt.AlignmentFlag(items[1].textAlignment()) & left)
    assert pane.highlighted == (0, 7)

    bars = ScoreBars()

    bars.set_scores([LabelScore("חיובי", 0.7), LabelScore("positive", 0.3)])
    labels: list[QLabel] = [label for label, _ in bars.rows]
    assert [bool(label.alignment() & right) for label in labels] == [True, False]
    bars.deleteLater()


# --- the model manager --------------------------------------------------------------------------


def test_the_model_manager_imports_an_archive_and_converts_a_checkpoint(
    qtbot: QtBot, make_window: MakeWindow, tmp_path: Path
) -> None:
    window = make_window()
    archive = tmp_path / "bert-cls.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(exported("bert-cls"), arcname="sentiment")
    manager = window.show_model_manager()
    with qtbot.waitSignal(window.catalog_loaded, timeout=WAIT_MS):
        job = manager.import_archive(archive)
    assert job is not None and job.error is None
    assert [e.name for e in window.catalog or []] == ["bert-cls"]  # named after the archive
    assert archive.is_file()  # the archive is left as it was

    source = tmp_path / "qa-checkpoint"
    shutil.copytree(checkpoint("distilbert-qa"), source)
    with qtbot.waitSignal(window.catalog_loaded, timeout=WAIT_MS):
        job = manager.convert_checkpoint(source)
    assert job is not None and job.error is None
    converted = next(e for e in window.catalog or [] if e.name == "qa-checkpoint")
    assert "ask" in converted.tasks and {"fp32", "int8"} <= set(converted.variants)
    assert manager.table.rowCount() == 2
