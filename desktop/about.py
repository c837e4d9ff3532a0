"""Help → About: Quire's version, the engine's and the runtime's versions, the licences of the
components bundled with the app and of each installed model."""

from __future__ import annotations

import html
import importlib.metadata
import platform
import sys

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from desktop.catalog import ModelEntry

# What the app bundles, by distribution name (the engine, the runtime, the GUI and what they
# lean on), as About lists it run from a Python environment; a package that is not installed
# is left out. The installed app lists every distribution it bundles.
COMPONENTS = (
    "quire", "onnxruntime", "onnxruntime-gpu", "onnxruntime-directml", "tokenizers", "numpy",
    "PySide6-Essentials", "shiboken6", "py3langid", "huggingface-hub", "requests",
    "platformdirs", "safetensors", "torch", "transformers", "optimum-onnx", "python-docx",
    "pypdf", "python-pptx", "odfpy", "ebooklib", "lxml", "charset-normalizer",
)  # fmt: skip


def components() -> list[str]:
    """The distributions About lists. In the installed app, every one it bundles (the build
    copies their metadata in, and only theirs); run from a Python environment, the installed
    ones of ``COMPONENTS`` (not all that the environment holds)."""
    if getattr(sys, "frozen", False):
        names = {d.metadata["Name"] for d in importlib.metadata.distributions()}
        return sorted((n for n in names if n), key=str.lower)
    return [name for name in COMPONENTS if version(name) is not None]


def version(name: str) -> str | None:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def licence(name: str) -> str:
    """A distribution's licence as its metadata states it: the SPDX expression, else the
    trove classifier, else a short License field."""
    try:
        data = importlib.metadata.metadata(name).json
    except importlib.metadata.PackageNotFoundError:
        return ""
    expression = data.get("license_expression")
    if isinstance(expression, str) and expression:
        return expression
    classifiers = data.get("classifier") or []
    named = [c.split("::")[-1].strip() for c in classifiers if str(c).startswith("License ::")]
    if named:
        return ", ".join(dict.fromkeys(named))
    field = str(data.get("license") or "").strip()
    return field if field and len(field) <= 60 and "\n" not in field else ""


class AboutDialog(QDialog):
    def __init__(self, models: list[ModelEntry], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(560, 480)
        self.text = QTextBrowser(self)
        self.text.setOpenExternalLinks(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.buttons)
        self.models = models
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("About Quire"))
        self.text.setAccessibleName(self.tr("About Quire"))
        self.text.setHtml(self.page())

    def page(self) -> str:
        esc = html.escape
        unknown = self.tr("not stated")
        title = self.tr("Quire {version}").format(version=version("quire") or "?")
        blurb = self.tr(
            "Quire translates, summarizes, answers questions about and classifies text "
            "offline, with models that run on this computer."
        )
        runtime = self.tr("Python {python} on {system} · Qt {qt} · PySide6 {pyside}").format(
            python=platform.python_version(),
            system=platform.platform(terse=True),
            qt=qVersion(),
            pyside=pyside_version,
        )
        header = "".join(
            f"<th align='left'>{esc(h)}</th>"
            for h in (self.tr("Component"), self.tr("Version"), self.tr("Licence"))
        )
        # (Each self.tr outside an f-string: lupdate finds no string inside one.)
        engine_heading = self.tr("Engine and runtime")
        models_heading = self.tr("Installed models")
        no_model = self.tr("No model is installed.")
        model_column = self.tr("Model")
        licence_column = self.tr("Licence")
        parts = [
            f"<h2>{esc(title)}</h2>",
            f"<p>{esc(blurb)}</p>",
            f"<p>{esc(runtime)}</p>",
            f"<h3>{esc(engine_heading)}</h3>",
            f"<table cellpadding='3'><tr>{header}</tr>",
        ]
        for name in components():
            parts.append(
                f"<tr><td>{esc(name)}</td><td>{esc(version(name) or '?')}</td>"
                f"<td>{esc(licence(name) or unknown)}</td></tr>"
            )
        parts += ["</table>", f"<h3>{esc(models_heading)}</h3>"]
        if not self.models:
            parts.append(f"<p>{esc(no_model)}</p>")
        else:
            parts.append(
                f"<table cellpadding='3'><tr><th align='left'>{esc(model_column)}</th>"
                f"<th align='left'>{esc(licence_column)}</th></tr>"
            )
            for entry in self.models:
                text = entry.license or self.tr("not recorded (imported; see its model card)")
                parts.append(f"<tr><td>{esc(entry.name)}</td><td>{esc(text)}</td></tr>")
            parts.append("</table>")
        note = self.tr(
            "A model's licence governs what you may do with its output; check it before "
            "commercial use."
        )
        parts.append(f"<p>{esc(note)}</p>")
        return "\n".join(parts)
