"""Retake the desktop screenshots in docs/screenshots (the README shows them): real windows on
the tiny random-weight fixture models, so the translations shown are gibberish by design.

    xvfb-run -a -s "-screen 0 1920x1200x24" env QT_QPA_PLATFORM=xcb \\
        .venv/bin/python tools/screenshots.py docs/screenshots
    QT_SCALE_FACTOR=2 xvfb-run -a … tools/screenshots.py /tmp/shots-200 --only translate-light

Needs QUIRE_FIXTURE_CACHE (or builds the fixtures, slowly) and fonts-noto-cjk for Chinese.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop import theme  # noqa: E402
from desktop.i18n import Translations  # noqa: E402
from desktop.jobs import JobRunner, State  # noqa: E402
from desktop.main_window import MainWindow  # noqa: E402
from desktop.panes import AskPane, ClassifyPane, SummarizePane, TranslatePane  # noqa: E402
from desktop.settings import Settings, open_store  # noqa: E402
from engine import Engine, EngineOptions  # noqa: E402
from tests.fixtures import corpus  # noqa: E402
from tests.fixtures.builder import exported  # noqa: E402
from tests.fixtures.causal import exported as exported_causal  # noqa: E402

MODELS = {
    "opus-mt-en-de": "marian",
    "distilbart-cnn": "bart",
    "distilbert-squad": "distilbert-qa",
    "sentiment": "bert-cls",
}


class Studio:
    def __init__(self, out: Path) -> None:
        self.out = out
        self.app = QApplication.instance() or QApplication(sys.argv)
        self.translations = Translations()
        self.runners: list[JobRunner] = []
        self.scratch = Path(tempfile.mkdtemp(prefix="quire-shots-"))

    def wait(self, done: Callable[[], bool], timeout: float = 120) -> None:
        end = time.monotonic() + timeout
        while not done():
            if time.monotonic() > end:
                raise SystemExit("timed out")
            self.app.processEvents()
            time.sleep(0.01)

    def settle(self, seconds: float = 0.8) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            self.app.processEvents()
            time.sleep(0.01)

    def window(
        self, name: str, models: dict[str, str], *, language: str = "en", look: str = "light"
    ) -> MainWindow:
        home = self.scratch / name
        engine = Engine(EngineOptions(home=home, device="cpu"))
        for model, fixture in models.items():
            causal = fixture.startswith("causal:")
            source = exported_causal(fixture[7:]) if causal else exported(fixture)
            engine.import_model(source, model)
        self.translations.switch(language)
        app = self.app
        assert isinstance(app, QApplication)
        theme.apply(app, look, 0)
        runner = JobRunner(EngineOptions(home=home, device="cpu"))
        self.runners.append(runner)
        settings = Settings(open_store(self.scratch / f"{name}.ini"))
        window = MainWindow(runner, settings, self.translations, preload=False)
        window.resize(1100, 720)
        window.show()
        self.wait(lambda: window.catalog is not None)
        return window

    def save(self, window: MainWindow, name: str, settle: float = 0.8) -> None:
        self.settle(settle)
        path = self.out / f"{name}.png"
        window.grab().save(str(path))
        print(path)

    def finish(self, pane: object) -> None:
        job = getattr(pane, "job", None)
        self.wait(lambda: job is not None and job.done)
        self.settle(0.3)


def english(count: int, start: int = 0) -> str:
    return " ".join(corpus.sentences("en")[start : start + count])


def translate_light(s: Studio) -> None:
    w = s.window("translate", {"opus-mt-en-de": "marian"})
    pane = w.panes[0]
    assert isinstance(pane, TranslatePane)
    pane.live_box.setChecked(False)
    pane.load_text(english(4))
    pane.run()
    s.finish(pane)
    pane.source.setFocus()
    pane.source.moveCursor(pane.source.textCursor().MoveOperation.End)
    pane.source.insertPlainText(" One more sentence.")  # edited since: marked out of date
    s.save(w, "translate-light")
    w.close()


def translate_missing_pair(s: Studio) -> None:
    w = s.window("pair", {"opus-mt-en-fr": "marian"})
    pane = w.panes[0]
    assert isinstance(pane, TranslatePane)
    pane.live_box.setChecked(False)
    pane.load_text("Der Zug nach Hamburg hat heute leider zwanzig Minuten Verspätung.")
    pane.run()
    s.wait(lambda: pane.find_button.isVisible())
    s.save(w, "translate-missing-pair")
    w.close()


def classify_light(s: Studio) -> None:
    w = s.window("classify", {"sentiment": "bert-cls"})
    w.show_pane(3)
    pane = w.current_pane()
    assert isinstance(pane, ClassifyPane)
    pane.load_text("The service was slow, but the food was wonderful and the staff were kind.")
    pane.run()
    s.finish(pane)
    s.save(w, "classify-light")
    w.close()


def summarize_dark(s: Studio) -> None:
    w = s.window("summarize", {"distilbart-cnn": "bart"}, look="dark")
    w.show_pane(1)
    pane = w.current_pane()
    assert isinstance(pane, SummarizePane)
    pane.load_text("\n\n".join(english(3, i) for i in range(0, 12, 3)))
    pane.run()
    s.finish(pane)
    pane.sentences.setCurrentRow(0)
    s.save(w, "summarize-dark")
    w.close()


def ask(s: Studio, name: str, models: dict[str, str]) -> None:
    """Ask about five paragraphs: with an embedding model alone, passages ranked by
    relevance; with an instruction model too, its written answer (random weights:
    gibberish) and the passages it cites, or "Not in the document"."""
    w = s.window(name, models)
    w.show_pane(2)
    pane = w.current_pane()
    assert isinstance(pane, AskPane)
    pane.load_text("\n\n".join(english(2, i) for i in range(0, 10, 2)))
    pane.question.setText("How far is it from Berlin to Paris?")
    pane.run()
    s.finish(pane)
    s.save(w, name)
    w.close()


def summarize_instruct(s: Studio) -> None:
    """An instruction model's summary as it is written (the last round streams), then
    stopped: the text so far stays."""
    w = s.window("summarize-instruct", {"tiny-qwen2-instruct": "causal:qwen2"}, look="dark")
    w.show_pane(1)
    pane = w.current_pane()
    assert isinstance(pane, SummarizePane)
    pane.load_text("\n\n".join(english(4, i) for i in range(0, 40, 4)))
    job = pane.run()
    assert job is not None
    partials: list[str] = []
    job.partial.connect(partials.append)
    s.wait(lambda: len(partials) >= 1 or job.done)
    # A tiny model finishes within the usual settling time: take the picture at once and stop.
    s.save(w, "summarize-instruct-streaming-dark", settle=0.02)
    if job.done:
        raise SystemExit("the summary finished before it could be stopped; run it again")
    pane.cancel_button.click()
    s.wait(lambda: job.done)
    if job.state is not State.CANCELLED:
        print("note: the last round ended before Stop reached it; the picture shows it whole")
    s.save(w, "summarize-instruct-stopped-dark")
    w.close()


def welcome_zh(s: Studio) -> None:
    w = s.window("welcome", {}, language="zh_CN")
    s.save(w, "welcome-zh-CN")
    w.close()


def files(s: Studio, name: str, language: str, look: str) -> None:
    w = s.window(name, {"opus-mt-en-de": "marian"}, language=language, look=look)
    folder = s.scratch / name / "Reports"
    folder.mkdir(parents=True)
    (folder / "minutes.txt").write_text("\n\n".join(english(2, i) for i in range(0, 8, 2)), "utf-8")
    (folder / "notes.md").write_text("# Notes\n\n" + english(3, 8), "utf-8")
    cues = [english(1, i) for i in range(12, 16)]
    srt = "".join(
        f"{n + 1}\n00:00:0{n},000 --> 00:00:0{n},900\n{cue}\n\n" for n, cue in enumerate(cues)
    )
    (folder / "briefing.srt").write_text(srt, "utf-8")
    (folder / "scan.docx").write_bytes(b"not really a docx")
    pane = w.panes[0]
    assert isinstance(pane, TranslatePane)
    pane.live_box.setChecked(False)
    pane.load_text(english(3))
    pane.run()
    s.finish(pane)
    pane.translate_files([folder])
    s.wait(lambda: len(w.queue.rows) == 4 and not w.queue.active)
    s.save(w, name)
    w.close()


def history_dark(s: Studio) -> None:
    w = s.window("history", dict(MODELS), look="dark")
    pane = w.panes[0]
    assert isinstance(pane, TranslatePane)
    pane.live_box.setChecked(False)
    for start in (0, 4, 8):
        pane.load_text(english(2, start))
        pane.run()
        s.finish(pane)
    w.show_pane(3)
    classify = w.current_pane()
    classify.load_text("The food was wonderful.")
    classify.run()
    s.finish(classify)
    w.toggle_dock(w.history_dock)
    s.save(w, "history-dark")
    w.close()


def catalog_light(s: Studio) -> None:
    w = s.window("catalog", {"opus-mt-en-de": "marian"})
    manager = w.show_model_manager()
    catalog = manager.show_catalog()
    job = catalog.refresh()
    s.wait(lambda: job.done)
    manager.resize(1000, 600)
    s.settle()
    path = s.out / "catalog-light.png"
    manager.grab().save(str(path))
    print(path)
    manager.close()
    w.close()


def settings_zh(s: Studio) -> None:
    w = s.window("settings", {"opus-mt-en-de": "marian"}, language="zh_CN")
    dialog = w.show_settings()
    s.settle()
    path = s.out / "settings-zh-CN.png"
    dialog.grab().save(str(path))
    print(path)
    dialog.close()
    w.close()


SHOTS: dict[str, Callable[[Studio], None]] = {
    "translate-light": translate_light,
    "translate-missing-pair": translate_missing_pair,
    "classify-light": classify_light,
    "summarize-dark": summarize_dark,
    "ask-passages-light": lambda s: ask(s, "ask-passages-light", {"embed": "bert-embed"}),
    "ask-instruct-light": lambda s: ask(
        s, "ask-instruct-light", {"tiny-qwen2-instruct": "causal:qwen2", "embed": "bert-embed"}
    ),
    "summarize-instruct-dark": summarize_instruct,
    "welcome-zh-CN": welcome_zh,
    "files-light": lambda s: files(s, "files-light", "en", "light"),
    "files-zh-CN-dark": lambda s: files(s, "files-zh-CN-dark", "zh_CN", "dark"),
    "history-dark": history_dark,
    "catalog-light": catalog_light,
    "settings-zh-CN": settings_zh,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--only", nargs="*", choices=sorted(SHOTS))
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    studio = Studio(args.out)
    try:
        for name in args.only or list(SHOTS):
            SHOTS[name](studio)
    finally:
        for runner in studio.runners:
            runner.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
