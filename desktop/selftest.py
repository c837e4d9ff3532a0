"""``quire --self-test``: prove an installed (frozen) Quire works without a display or a network.

It translates a sentence with the tiny model bundled at ``resources/selftest-model`` through the
engine's front door, reads a document format that needs bundled data files, and starts Qt
offscreen to load the icon and the UI translation, then prints one short report.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from engine.resources import resource_path

SENTENCE = "The weather is nice today. We are going to the lake."
LEGACY = (
    "Сегодня очень хорошая погода. Давайте погуляем в парке. У этого города очень долгая "
    "история и много старых зданий."
)


@dataclass
class SelfTestReport:
    checks: list[tuple[str, str]] = field(default_factory=list)  # (check, what it found)
    failures: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures

    def text(self) -> str:
        lines = [f"  ok    {name}: {detail}" for name, detail in self.checks]
        lines += [f"  FAIL  {name}: {detail}" for name, detail in self.failures]
        verdict = "passed" if self.ok else "FAILED"
        return f"Quire self-test {verdict}\n" + "\n".join(lines)


def self_test_model() -> Path:
    return resource_path("selftest-model")


def check_translation(model: Path) -> str:
    """Translate a sentence with ``model`` on a private, empty store; return what was used."""
    from engine import Engine, EngineOptions
    from engine.api import TranslateRequest, TranslateResult

    if not model.is_dir():
        raise RuntimeError(
            f"no self-test model at {model} (packaging/build.py bundles one into the app)"
        )
    with tempfile.TemporaryDirectory(prefix="quire-selftest-") as home:
        engine = Engine(EngineOptions(home=Path(home)))
        started = time.perf_counter()
        # No source language: detection (py3langid's bundled data) runs too.
        result = engine.run(TranslateRequest(text=SENTENCE, model=str(model), target="de"))
        seconds = time.perf_counter() - started
        engine.unload()
    if not isinstance(result, TranslateResult) or not result.text.strip():
        raise RuntimeError("the translation came back empty")
    used = result.model
    return (
        f"{len(result.text)} characters from {result.source_language}, "
        f"device {used.device}, variant {used.variant}, backend {used.backend}, {seconds:.2f} s"
    )


def check_documents() -> str:
    """The document libraries and the data files they load at run time."""
    import docx
    import lxml.etree
    import pdfminer.high_level  # noqa: F401  # PDF text extraction imports cleanly

    from engine.text.encoding import decode

    # The PDF path writes .docx through python-docx's bundled default template.
    document = docx.Document()
    document.add_paragraph(SENTENCE)
    root = lxml.etree.fromstring(b"<p>ok</p>")
    # Text files in legacy encodings: charset-normalizer's compiled modules and py3langid.
    _text, found = decode(LEGACY.encode("cp1251"), None)
    if found.name != "windows-1251":
        raise RuntimeError(f"a windows-1251 text was read as {found.name}")
    return (
        f"python-docx template, lxml {lxml.etree.__version__} ({root.text}), "
        f"encodings ({found.name} detected)"
    )


def check_qt() -> str:
    """Qt starts offscreen and finds its plugins, the SVG icon and the UI translation."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTranslator
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(["quire"])
    icon_file = resource_path("icons", "quire.svg")
    pixmap = QIcon(str(icon_file)).pixmap(64, 64)
    if pixmap.isNull():
        raise RuntimeError(f"cannot render {icon_file} (Qt's SVG plugins are missing)")
    translator = QTranslator(app)
    if not translator.load("quire_zh_CN", str(resource_path("translations"))):
        raise RuntimeError(f"no quire_zh_CN.qm in {resource_path('translations')}")
    return f"platform {app.platformName()}, SVG icon, zh_CN translation"


def run_self_test(model: Path | None = None, *, qt: bool = True) -> SelfTestReport:
    report = SelfTestReport()
    checks: list[tuple[str, Callable[[], str]]] = [
        ("translate", lambda: check_translation(model or self_test_model())),
        ("documents", check_documents),
    ]
    if qt:
        checks.append(("qt", check_qt))
    for name, check in checks:
        try:
            report.checks.append((name, check()))
        except Exception as exc:  # the report names every failure, not just the first
            report.failures.append((name, f"{type(exc).__name__}: {exc}"))
    return report


def main(args: list[str]) -> int:
    """``quire --self-test [MODEL_FOLDER]``: 0 when every check passed, 1 otherwise."""
    frozen = getattr(sys, "frozen", False)
    report = run_self_test(Path(args[0]) if args else None)
    if sys.stdout is not None:  # a windowed Windows build has none: the exit code still tells
        print(report.text())
        print(f"  python {sys.version.split()[0]}, {'frozen' if frozen else 'not frozen'}")
    return 0 if report.ok else 1


__all__ = ["SelfTestReport", "check_documents", "check_qt", "check_translation", "main"]
