"""The one error presenter: an exception becomes a human sentence (what happened, which file,
what to do) with the technical details on demand; crashes are written to a report file.

A ``Cancelled`` is never an error the user sees: ``describe`` returns ``None`` for it.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import os
import platform
import re
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QApplication,
    QGridLayout,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSpacerItem,
    QWidget,
)

from desktop.i18n import language_name, role_name
from engine import (
    Cancelled,
    EngineError,
    EngineStopped,
    ExportError,
    InputError,
    ModelError,
    ModelInvalid,
    ModelNotFound,
    ModelUnsupported,
    Note,
    RuntimeUnavailable,
    StoreError,
    open_private,
    primary_language,
    private_folder,
)

translate = QCoreApplication.translate  # lupdate finds translate("context", "literal")


@dataclass(frozen=True)
class Message:
    title: str  # short: what kind of problem
    text: str  # the sentences: what happened, which file, what to do
    details: str  # type, message and traceback, for "Show Details…"


def _kind(error: BaseException) -> tuple[str, str]:
    """(title, default advice) for each branch of the engine's error tree, most specific first.
    The strings are literal so that lupdate finds them."""
    if isinstance(error, ModelNotFound):
        return translate("errors", "No suitable model"), translate(
            "errors", "Import a model with Models → Manage models…, or choose another model."
        )
    if isinstance(error, ModelInvalid):
        return translate("errors", "The model is incomplete or damaged"), translate(
            "errors",
            "Import the model again from a complete folder or archive (Models → Import a model "
            "folder), or download it again from the catalog.",
        )
    if isinstance(error, ModelUnsupported):
        return translate("errors", "Quire cannot run this kind of model"), translate(
            "errors", "Choose another model."
        )
    if isinstance(error, ModelError):
        return translate("errors", "The model cannot be used"), translate(
            "errors", "Choose another model."
        )
    if isinstance(error, RuntimeUnavailable):
        return translate("errors", "The model cannot run on this computer"), translate(
            "errors", "Open Settings, set Device to CPU and try again."
        )
    if isinstance(error, InputError):
        return translate("errors", "Quire cannot use this input"), translate(
            "errors", "Check the text or the file and try again."
        )
    if isinstance(error, ExportError):
        return translate("errors", "The model could not be converted"), translate(
            "errors", "Check that the folder holds a complete checkpoint."
        )
    if isinstance(error, StoreError) and (error.message_id or "").startswith("catalog."):
        # A search or a download that read a damaged catalog: nothing in the library changed.
        return translate("errors", "The model catalog cannot be read"), translate(
            "errors", "Reinstall Quire. Installed models work as before."
        )
    if isinstance(error, StoreError) and (error.message_id or "").startswith("download."):
        return translate("errors", "The model could not be downloaded"), translate(
            "errors", "Check the network connection and try again."
        )
    if isinstance(error, StoreError):
        # What was offered for import (an archive that cannot be read, a folder that is no
        # model), or the disk (full, not writable): the sentence above says which.
        return translate("errors", "The model library could not be changed"), translate(
            "errors",
            "Check that you chose a complete model (a folder, a .zip or a .tar.gz archive), "
            "and that the disk has room and Quire may write to its folder.",
        )
    if isinstance(error, EngineStopped):
        return translate("errors", "The engine stopped unexpectedly"), translate(
            "errors", "Try again: Quire starts the engine afresh."
        )
    if isinstance(error, EngineError):
        return translate("errors", "Something went wrong"), translate(
            "errors", "Try again; if it keeps happening, see the details."
        )
    return translate("errors", "Quire ran into an unexpected problem"), translate(
        "errors", "Try again. If it keeps happening, please report it with the details below."
    )


# What only a terminal user can act on: a command in backticks, an option, a package manager.
_TERMINAL = re.compile(r"`|(^|\s)--[a-z]|\b(pip|pipx|conda|apt|brew|huggingface-cli|quire)\s+[a-z]")


def speaks_terminal(text: str) -> bool:
    """Whether ``text`` tells the reader to type a command (fine in the CLI, not in the app)."""
    return bool(_TERMINAL.search(text))


def _sentence(text: str) -> str:
    """``text`` ended as a sentence; one that ends a menu item's name ("Settings → Glossary…")
    or a trailing ellipsis is ended already (not "Glossary….")."""
    text = text.strip()
    return text if not text or text[-1] in ".!?。！？…" else f"{text}."


def engine_sentences(error: EngineError) -> tuple[str, str]:
    """The engine's sentence and hint in the UI language: through the table below when the
    error carries a message id the desktop knows, else the engine's English words."""
    fallback = (error.message, error.hint)
    try:
        worded = _worded(error.message_id, error.params)
    except (KeyError, ValueError, TypeError, IndexError):
        return fallback  # parameters that do not fit the sentence: never lose the error
    return worded if worded is not None else fallback


def _variant_name(code: str) -> str:
    """A tag naming a language's country or script (``pt-BR``, ``zh-TW``, ``zh-Hans``) by the
    name the UI gives its language, with the tag: Qt names it in English otherwise (a Chinese
    sentence said "Portuguese (pt-BR)")."""
    primary = primary_language(code)
    if primary == code:
        return language_name(code)
    return f"{language_name(primary, with_code=False)} ({code})"


def _worded(message_id: str | None, p: dict[str, str | int | float]) -> tuple[str, str] | None:
    """Each message id's sentence and hint, as literals lupdate finds."""

    def lang(key: str) -> str:
        return language_name(str(p[key]))

    if message_id == "translate.no_model_pair":
        if p.get("detected"):
            message = translate(
                "errors",
                "The text seems to be in {language}, {confidence:.0%} sure, and no installed "
                "model translates it into {target}.",
            ).format(language=lang("source"), confidence=float(p["confidence"]),
                     target=lang("target"))  # fmt: skip
            return message, translate(
                "errors",
                "Find a model for this pair in the catalog, or choose the source language "
                "yourself.",
            )
        return translate("errors", "No installed model translates {source} into {target}.").format(
            source=lang("source"), target=lang("target")
        ), translate("errors", "Find a model for this pair in the catalog.")
    if message_id == "translate.model_not_for_pair":
        if p.get("detected"):
            message = translate(
                "errors",
                "The text seems to be in {language}, {confidence:.0%} sure, but {model} "
                "translates other languages.",
            ).format(language=lang("source"), confidence=float(p["confidence"]),
                     model=p["model"])  # fmt: skip
        else:
            message = translate(
                "errors", "{model} does not translate {source} into {target}."
            ).format(model=p["model"], source=lang("source"), target=lang("target"))
        return message, translate(
            "errors",
            "Choose the source language yourself to use it anyway, or choose another model.",
        )
    if message_id == "download.unreachable":
        return translate(
            "errors", "Quire could not reach {host}: this computer seems to be offline."
        ).format(host=p["host"]), translate(
            "errors",
            "Check the network connection, or set a proxy or a download mirror in Settings → "
            "Preferences.",
        )
    if message_id == "download.timeout":
        return translate("errors", "{host} did not answer in time.").format(
            host=p["host"]
        ), translate("errors", "Try again, or set a download mirror in Settings → Preferences.")
    if message_id == "download.proxy":
        return translate("errors", "Quire could not connect through the proxy."), translate(
            "errors", "Check the proxy in Settings → Preferences."
        )
    if message_id == "download.dropped":
        return translate(
            "errors", "The connection kept dropping while {path} was downloaded."
        ).format(path=p["path"]), translate(
            "errors",
            "Download it again when the network is back: the part already fetched is kept, and "
            "the download goes on from there.",
        )
    if message_id == "download.gave_up":
        return translate("errors", "Quire gave up on {path} after {tries} failed tries.").format(
            path=p["path"], tries=p["tries"]
        ), translate(
            "errors",
            "The connection keeps dropping, or the server sends the wrong part of the file. "
            "Try again later, or set a download mirror in Settings → Preferences.",
        )
    if message_id == "download.partial_kept":
        return translate(
            "errors",
            "A stopped download of {name} ({variant}) is kept, and this one would replace it.",
        ).format(name=p["name"], variant=p["variant"]), translate(
            "errors",
            "Download the same variant to resume it, or discard the partial download first.",
        )
    if message_id == "download.not_found":
        return translate("errors", "{host} does not have {repo}, or not all of its files.").format(
            host=p["host"], repo=p["repo"]
        ), translate(
            "errors",
            "The catalog may be out of date: try again after updating Quire, or choose another "
            "model.",
        )
    if message_id == "download.login":
        return translate("errors", "{host} lets only signed-in users download {repo}.").format(
            host=p["host"], repo=p["repo"]
        ), translate(
            "errors",
            "Accept the model's terms on its page and sign in there, or choose another model.",
        )
    if message_id == "download.http":
        return translate("errors", "{host} could not send {repo} (error {status}).").format(
            host=p["host"], repo=p["repo"], status=p["status"]
        ), translate("errors", "Try again later.")
    if message_id == "download.offline_mode":
        return translate("errors", "Offline mode is on, so Quire downloads nothing."), translate(
            "errors",
            "Turn Offline off in Settings → Preferences, or import a model from a folder or "
            "archive.",
        )
    simple = (
        _simple(message_id, p)
        or _document(message_id, p)
        or _tasks(message_id, p)
        or _output(message_id, p)
        or _store(message_id, p)
        or _model(message_id, p)
        or _setup(message_id, p)
    )
    if simple is not None:
        return simple
    stopped = _stopped(message_id, p)
    if stopped is not None:
        return stopped
    if message_id == "translate.no_model":
        return translate("errors", "No translation model is installed."), translate(
            "errors", "Find one in the catalog (Models → Browse the catalog…)."
        )
    return None


def _simple(message_id: str | None, p: dict[str, str | int | float]) -> tuple[str, str] | None:
    """The common input and file errors: a sentence and what to do, no terminal words."""
    if message_id == "file.folder":
        return translate("errors", "This is a folder, not a file."), translate(
            "errors", "Choose a single file, or drop the folder on Translate."
        )
    if message_id == "file.too_large":
        return translate("errors", "The file is larger than the {limit} MB limit.").format(
            limit=int(p["limit_mb"])
        ), translate("errors", "Split it into smaller files.")
    if message_id == "file.missing":
        return translate("errors", "The file is not there any more."), translate(
            "errors", "It may have been moved or deleted; open it again."
        )
    if message_id == "file.denied":
        return translate("errors", "Quire may not read this file."), translate(
            "errors", "Check the file's permissions, or copy it somewhere you can read it."
        )
    if message_id == "file.binary":
        return translate("errors", "This is not a text file."), translate(
            "errors", "Open a text file or a supported document."
        )
    if message_id == "classify.spreadsheet":
        return translate("errors", "This is a spreadsheet, not a CSV file."), translate(
            "errors", "Save the sheet as CSV in Excel or LibreOffice, then open that."
        )
    if message_id == "classify.csv_no_column":
        return translate("errors", "The table has no column {column}.").format(
            column=p["column"]
        ), translate("errors", "Its columns are {columns}; choose one of them.").format(
            columns=p["columns"]
        )
    if message_id == "classify.csv_no_text":
        return translate("errors", "Column {column} of the table holds no text.").format(
            column=p["column"]
        ), translate("errors", "Choose the column that holds the texts to classify.")
    if message_id == "classify.csv_column_taken":
        return translate("errors", "The table already has a column named {column}.").format(
            column=p["column"]
        ), translate(
            "errors",
            "Rename that column first: a table classified before has label and score already.",
        )
    if message_id == "classify.csv_empty":
        return translate("errors", "The CSV file is empty."), ""
    if message_id == "classify.csv_fields":
        return translate(
            "errors", "Line {line} of the table has {fields} fields, but its header has {header}."
        ).format(line=int(p["line"]), fields=int(p["fields"]), header=int(p["header"])), translate(
            "errors", "Check that line for a comma or quote too many, then try again."
        )
    if message_id == "classify.csv_unreadable":
        return translate("errors", "The CSV file cannot be read."), translate(
            "errors", "Save it again as CSV from the program that made it."
        )
    if message_id == "file.unknown_encoding":
        return translate("errors", "Quire cannot tell which encoding this text is in."), translate(
            "errors",
            "Save the file as UTF-8 (Unicode) and try again; to read it in a pane, choose its "
            "encoding in File → Reopen with Encoding.",
        )
    if message_id == "file.not_in_encoding":
        return translate(
            "errors", "The file is not in {encoding}: byte {byte} does not fit."
        ).format(encoding=p["encoding"], byte=int(p["byte"])), translate(
            "errors", "Choose another encoding in File → Reopen with Encoding."
        )
    if message_id == "glossary.bad_tbx":
        return translate("errors", "This is not a TBX termbase Quire reads."), translate(
            "errors", "Export the termbase again as TBX, or import a CSV of terms instead."
        )
    if message_id == "glossary.tbx_language":
        return translate("errors", "This termbase has no terms in {language}.").format(
            language=language_name(str(p["language"]))
        ), translate("errors", "Its languages are {languages}.").format(languages=p["languages"])
    if message_id == "glossary.tbx_one_language":
        return translate("errors", "This termbase has terms in {language} only.").format(
            language=language_name(str(p["language"]))
        ), translate("errors", "Give a termbase with terms in the source language too.")
    if message_id == "glossary.tbx_target":
        return translate(
            "errors", "A termbase holds terms in several languages: choose the target language."
        ), translate("errors", "Its languages are {languages}.").format(languages=p["languages"])
    if message_id == "glossary.tbx_source":
        return translate(
            "errors",
            "This termbase holds terms in several languages: choose the source language.",
        ), translate("errors", "Its languages are {languages}.").format(languages=p["languages"])
    if message_id == "glossary.other_pair":
        source = str(p["source"])
        return translate(
            "errors", "This glossary is for translations from {source} into {target}."
        ).format(
            source=_variant_name(source) if source else translate("errors", "any language"),
            target=_variant_name(str(p["target"])),
        ), translate(
            "errors", "Give a glossary for {target}, or set its languages in Settings → Glossary…"
        ).format(target=_variant_name(str(p["job_target"])))
    if message_id == "glossary.tbx_no_terms":
        return translate(
            "errors", "This termbase has no terms to use from {source} into {target}."
        ).format(
            source=language_name(str(p["source"])), target=language_name(str(p["target"]))
        ), translate(
            "errors",
            "Forbidden, deprecated and superseded terms are not used; choose another termbase "
            "or language pair.",
        )
    if message_id == "glossary.memory":
        return translate("errors", "A translation memory (TMX) is not a glossary."), translate(
            "errors",
            "Choose it with Memory… beside the languages, so that the sentences it holds "
            "are translated in its words; a glossary is CSV or tab-separated text (term, tab, "
            "translation), or a TBX termbase (.tbx).",
        )
    if message_id == "memory.glossary":
        return translate(
            "errors", "This is a glossary, not a translation memory (TMX)."
        ), translate(
            "errors",
            "Add its terms in the glossary (Settings → Glossary…). As a translation memory, "
            "choose a .tmx file exported from a CAT tool.",
        )
    if message_id == "memory.missing":
        return translate("errors", "The translation memory {name} is not there any more.").format(
            name=p["name"]
        ), translate(
            "errors",
            "It was moved or deleted, or is on a drive that is not connected: choose it again "
            "with the Memory… button, or stop using it with the ✕ beside it.",
        )
    if message_id == "memory.empty":
        return translate(
            "errors", "This translation memory holds no translation units."
        ), translate(
            "errors", "Export the memory again from your CAT tool, with its translation units."
        )
    if message_id == "memory.other_pair":
        pairs = str(p["pairs"])
        if int(p.get("more", 0)):
            pairs = translate("errors", "{pairs} and {count} more").format(
                pairs=pairs, count=p["more"]
            )
        return translate("errors", "This translation memory holds {pairs}, not {pair}.").format(
            pairs=pairs,
            pair=f"{p['source']}→{p['target']}",  # (as the memory's own pairs are named)
        ), translate(
            "errors",
            "Choose a translation memory for these languages, or stop using it with the ✕ "
            "beside the Memory… button.",
        )
    if message_id == "memory.codes_only":
        return translate(
            "errors",
            "Each of this translation memory's units for these languages holds an inline code "
            "that stands for something its text lacks (a tab, a field, a picture): none can be "
            "used.",
        ), translate(
            "errors",
            "Export the memory with its inline codes as plain text, or stop using it with the "
            "✕ beside the Memory… button.",
        )
    if message_id == "memory.instruct":
        return translate(
            "errors",
            "A translation memory is used with translation models, not with an instruction model.",
        ), translate(
            "errors",
            "Download a translation model for these languages from the catalog, or stop using "
            "the memory with the ✕ beside the Memory… button.",
        )
    if message_id == "glossary.xml":
        return translate(
            "errors", "This is an XML file (<{root}>), not a glossary Quire reads."
        ).format(root=p["root"]), translate(
            "errors",
            "Give a glossary as CSV or tab-separated text (term, tab, translation), or a TBX "
            "termbase (.tbx).",
        )
    if message_id == "glossary.spreadsheet":
        return translate("errors", "This is a spreadsheet, not a glossary."), translate(
            "errors",
            "Save the sheet of terms as CSV or as Unicode Text in Excel or LibreOffice Calc, "
            "then import that.",
        )
    if message_id == "glossary.empty":
        return translate("errors", "The glossary has no terms."), translate(
            "errors", "Give a file with a term and its translation on each line."
        )
    if message_id == "glossary.columns":
        return translate(
            "errors", "Line {line} of the glossary has {columns} columns, not 2."
        ).format(line=int(p["line"]), columns=int(p["columns"])), translate(
            "errors",
            "Keep two columns, the term and its translation: remove the others (notes, "
            "other languages) and import it again.",
        )
    if message_id == "glossary.no_term":
        return translate(
            "errors", "Line {line} of the glossary has a translation but no term."
        ).format(line=int(p["line"])), translate(
            "errors", "Write the term in the first column, or remove that line."
        )
    if message_id == "glossary.twice":
        return translate(
            "errors", "Line {line} of the glossary translates {term} a second, different way."
        ).format(line=int(p["line"]), term=p["term"]), translate(
            "errors", "Keep one translation of each term."
        )
    if message_id == "translate.no_text":
        return translate("errors", "There is no text to translate."), ""
    if message_id == "classify.no_text":
        return translate("errors", "There is no text to classify."), ""
    if message_id == "ask.no_question":
        return translate("errors", "There is no question."), ""
    if message_id == "ask.no_text":
        return translate("errors", "There is no text to search for the answer."), ""
    if message_id == "ask.question_too_long":
        return translate(
            "errors", "The question is too long for the model, which reads {window} tokens."
        ).format(window=int(p["window"])), translate("errors", "Ask a shorter question.")
    if message_id == "detect.no_letters":
        return translate("errors", "A text without letters has no language to detect."), (
            translate("errors", "Choose the source language in From.")
        )
    if message_id == "translate.same_language":
        return translate("errors", "The text is already in {language}.").format(
            language=language_name(str(p["language"]))
        ), translate("errors", "Choose another language to translate into.")
    if message_id == "translate.output_shared":
        return translate(
            "errors", "Its translation would be written to {output}, where another file's goes."
        ).format(output=p["output"]), translate(
            "errors", "Translate it on its own, or rename one of the two files."
        )
    if message_id == "translate.output_read_by_name":
        return translate(
            "errors",
            "{output} is there already, and the program that reads it finds it by its name "
            "alone: a copy beside it would not be read.",
        ).format(output=p["output"]), translate(
            "errors",
            "Move or rename {output} to have it replaced, or choose another output folder.",
        ).format(output=p["output"])
    if message_id == "translate.needs_target":
        return translate("errors", "Choose the language to translate into."), translate(
            "errors", "An instruction model translates into the language chosen in To."
        )
    if message_id == "classify.needs_labels":
        return translate("errors", "The model chooses among labels you give."), (
            translate("errors", "Type the labels in Labels, separated by commas.")
        )
    if message_id == "instruct.no_template":
        return translate(
            "errors", "{name} is not an instruction model: it has no chat template."
        ).format(name=p["name"]), translate(
            "errors", "Choose an instruction model in Model, or leave it on Automatic."
        )
    if message_id == "classify.no_model":
        return translate("errors", "No classification model is installed."), translate(
            "errors",
            "Download or import a classifier, an NLI model, a sentence-embedding model or an "
            "instruction model in Models → Manage models….",
        )
    if message_id == "classify.no_zero_shot_model":
        return translate(
            "errors", "No installed model can classify into labels you give."
        ), translate(
            "errors",
            "Download or import an NLI model, a sentence-embedding model or an instruction "
            "model in Models → Manage models…, or clear Labels to use a classifier's own.",
        )
    if message_id == "translate.name_target":
        return translate("errors", "Choose the language to translate into."), translate(
            "errors", "From {source}, the installed models translate into {targets}."
        ).format(source=language_name(str(p["source"])), targets=p["targets"])
    if message_id == "store.exists":
        return translate("errors", "A model called “{name}” is already installed.").format(
            name=p["name"]
        ), translate("errors", "Remove it in Models → Manage models first, then import again.")
    if message_id == "file.cannot_write":
        return translate("errors", "Quire cannot write the file there: {reason}.").format(
            reason=p["reason"]
        ), translate("errors", "Choose another folder, or check that you may write to it.")
    if message_id == "store.unknown_model":
        return translate("errors", "No installed model is called “{name}”.").format(
            name=p["name"]
        ), translate("errors", "Choose an installed model, or find it in the catalog.")
    if message_id == "model.missing_file":
        return translate("errors", "The model folder has no {file}.").format(
            file=p["file"]
        ), translate(
            "errors",
            "Import the model again from a complete folder or archive, or download it from "
            "the catalog.",
        )
    if message_id == "model.lfs_pointers":
        return translate(
            "errors",
            "{file} and the model folder's other large files are Git LFS pointers, not the "
            "files themselves: the repository was cloned without Git LFS.",
        ).format(file=p["file"]), translate(
            "errors",
            "In the folder, run “git lfs install” and “git lfs pull”, then import it again; "
            "or download the model from the catalog.",
        )
    if message_id == "store.pickled_checkpoint":
        return translate(
            "errors", "This checkpoint holds only pickled weights, which can run code."
        ), translate(
            "errors",
            "Quire never loads them: use a version with ONNX or safetensors weights.",
        )
    if message_id == "store.not_a_model_source":
        return translate("errors", "Quire imports a model folder, a .zip or a .tar.gz."), (
            translate(
                "errors",
                "Choose the folder that holds config.json, or unpack other archive kinds first.",
            )
        )
    if message_id == "store.archive_unreadable":
        return translate("errors", "The archive cannot be read."), translate(
            "errors", "It may be damaged or incomplete: download it again."
        )
    if message_id == "store.nothing_to_import":
        return translate("errors", "There is nothing to import there any more."), translate(
            "errors", "It may have been moved or deleted; choose it again."
        )
    if message_id == "store.partial_kept":
        return translate("errors", "A stopped download of a model called “{name}” is kept.").format(
            name=p["name"]
        ), translate(
            "errors",
            "Resume or discard it in Models → Manage models…, on the Catalog tab.",
        )
    if message_id == "store.manifest_unreadable":
        return translate(
            "errors", "What Quire recorded about “{name}” when it was installed cannot be read."
        ).format(name=p["name"]), translate(
            "errors",
            "Its quire.json was edited or damaged. Verify the model; to say what it is for, "
            "remove it and import or download it again.",
        )
    if message_id == "store.downloading":
        return translate("errors", "A model called “{name}” is being downloaded now.").format(
            name=p["name"]
        ), translate(
            "errors",
            "Wait for its download to end, or import the folder under another name.",
        )
    if message_id == "model.task_unsupported":
        return translate("errors", "{name} cannot be used for {role}.").format(
            name=p["name"], role=role_name(str(p["role"]))
        ), (
            translate(
                "errors",
                "A model of its kind cannot do this task: choose a task it can do, or a model "
                "made for this one.",
            )
            if p.get("possible", 1)
            else translate(
                "errors", "A model of its kind can do none of Quire's tasks: choose another model."
            )
        )
    if message_id == "model.unknown_task":
        return translate("errors", "“{task}” is not one of Quire's tasks.").format(
            task=p["task"]
        ), translate("errors", "Choose Translate, Summarize, Ask or Classify.")
    if message_id == "model.no_weights":
        return translate("errors", "The folder holds no model weights Quire can load."), (
            translate(
                "errors",
                "Quire loads ONNX files and safetensors weights, never pickled ones "
                "(pytorch_model.bin); use Convert checkpoint… for a safetensors checkpoint.",
            )
        )
    return None


def _tasks(message_id: str | None, p: dict[str, str | int | float]) -> tuple[str, str] | None:
    """A task that cannot run with the models installed or chosen, and memory."""
    choose = translate("errors", "Choose another model in Model, or leave it on Automatic.")
    if message_id == "engine.out_of_memory":
        return translate("errors", "The computer ran out of memory for this job."), translate(
            "errors",
            "Close other programs, or choose a smaller model or variant (int8 or q4), then try "
            "again.",
        )
    if message_id == "engine.cannot_start":
        return translate("errors", "The engine could not start."), translate(
            "errors", "Try again; if it keeps happening, restart the computer."
        )
    if message_id == "summarize.no_model":
        return translate("errors", "No summarization model is installed."), translate(
            "errors",
            "Download a summarizer, a sentence-embedding model or an instruction model in "
            "Models → Manage models….",
        )
    if message_id == "summarize.no_text":
        return translate("errors", "There is no text to summarize."), ""
    if message_id == "summarize.wrong_language":
        return translate(
            "errors", "{name} writes a summary in the text's own language, not in {language}."
        ).format(name=p["name"], language=language_name(str(p["language"]))), translate(
            "errors",
            "Install an instruction model to summarize into another language, or set Language "
            "to The text's.",
        )
    if message_id == "summarize.translation_model":
        return translate("errors", "{name} is a translation model: it cannot summarize.").format(
            name=p["name"]
        ), choose
    if message_id == "summarize.unsupported":
        return translate("errors", "{name} cannot summarize.").format(name=p["name"]), choose
    if message_id == "ask.no_model":
        return translate(
            "errors", "No question-answering or sentence-embedding model is installed."
        ), translate("errors", "Download one in Models → Manage models….")
    if message_id == "ask.wrong_model":
        return translate(
            "errors", "{name} is neither a question-answering nor a sentence-embedding model."
        ).format(name=p["name"]), choose
    if message_id == "instruct.prompt_too_long":
        return translate(
            "errors", "The text is {length} tokens long, and the model reads at most {window}."
        ).format(length=int(p["length"]), window=int(p["window"])), translate(
            "errors", "Shorten the text, or choose a model that reads more."
        )
    if message_id == "translate.cannot":
        return translate("errors", "{name} cannot translate: it does not write text.").format(
            name=p["name"]
        ), choose
    if message_id == "translate.summarization_model":
        return translate("errors", "{name} is a summarization model: it cannot translate.").format(
            name=p["name"]
        ), choose
    if message_id == "translate.not_into":
        return translate("errors", "{name} does not translate into {target}.").format(
            name=p["name"], target=language_name(str(p["target"]))
        ), translate("errors", "Choose another language in To, or another model.")
    if message_id == "classify.no_labels_of_choice":
        return translate("errors", "{name} cannot classify into labels you give.").format(
            name=p["name"]
        ), translate(
            "errors",
            "Clear Labels to use the model's own, or choose an NLI, sentence-embedding or "
            "instruction model.",
        )
    if message_id == "classify.no_own_labels":
        return translate("errors", "{name} has no labels of its own.").format(
            name=p["name"]
        ), translate("errors", "Type the labels in Labels, separated by commas.")
    if message_id == "classify.not_a_classifier":
        return translate("errors", "{name} is not a classification model.").format(
            name=p["name"]
        ), choose
    if message_id == "classify.bad_labels":
        return translate("errors", "Each label must be given once, and none may be empty."), (
            translate("errors", "Check the labels in Labels.")
        )
    return None


def _output(message_id: str | None, p: dict[str, str | int | float]) -> tuple[str, str] | None:
    """Where a result cannot be written, and documents too large or slow to read."""
    if message_id == "document.wrong_output":
        message = (
            translate("errors", "A {suffix} file cannot be saved as {output}.")
            if p["output"]
            else translate("errors", "A {suffix} file cannot be saved without an extension.")
        )
        return message.format(suffix=p["suffix"], output=p["output"]), translate(
            "errors", "Save it as one of: {allowed}."
        ).format(allowed=p["allowed"])
    if message_id == "document.write_failed":
        return translate("errors", "The translated document could not be written."), translate(
            "errors", "Try again; if it keeps happening, please report it with the details below."
        )
    if message_id == "document.too_large_inside":
        return translate("errors", "The document is too large inside for Quire to read."), (
            translate("errors", "Split it into smaller documents, then try again.")
        )
    if message_id == "document.pdf_too_slow":
        return translate(
            "errors",
            "Reading the PDF's layout took more than {seconds} seconds; Quire stopped at page "
            "{page}.",
        ).format(seconds=int(p["seconds"]), page=int(p["page"])), translate(
            "errors", "Split it into smaller files, or print it to a new PDF, then try again."
        )
    if message_id == "file.output_is_input":
        return translate("errors", "The result would overwrite the file it is made from."), (
            translate("errors", "Choose another name or folder for the result.")
        )
    if message_id == "file.output_is_folder":
        return translate("errors", "A folder is in the way where the result would be saved."), (
            translate("errors", "Choose another name or folder for the result.")
        )
    return None


def _store(message_id: str | None, p: dict[str, str | int | float]) -> tuple[str, str] | None:
    """Importing a model folder or archive, and the model library's disk."""
    refused = translate(
        "errors",
        "Quire unpacks only plain files that stay inside the model folder. Get the model from "
        "a source you trust, or unpack it yourself and import the folder.",
    )
    space = translate("errors", "Free some space on that disk, then try again.")
    if message_id == "store.remote_code":
        return translate(
            "errors", "{file} asks to run the model's own Python code, which Quire never does."
        ).format(file=p["file"]), translate(
            "errors", "Use a version of the model that needs no code of its own (an ONNX export)."
        )
    if message_id == "store.folder_odd_file":
        return translate(
            "errors", "The model folder holds a link or a special file, which Quire does not copy."
        ), translate("errors", "Copy the model's files into a new folder and import that.")
    if message_id == "store.importing":
        return translate("errors", "A model called {name} is being imported now.").format(
            name=p["name"]
        ), translate("errors", "Wait for the import to end, or choose another name.")
    if message_id == "store.removed_meanwhile":
        return translate("errors", "{name} was removed while it was being verified.").format(
            name=p["name"]
        ), translate("errors", "It is no longer installed.")
    if message_id == "store.installed_already":
        return translate("errors", "This model is installed already, as {name}.").format(
            name=p["name"]
        ), translate("errors", "Choose {name} in the panes' model lists.").format(name=p["name"])
    if message_id == "store.folder_broken_link":
        return translate(
            "errors",
            "{file} in the model folder is a link to a file that is not there: the download "
            "may not have finished.",
        ).format(file=p["file"]), translate("errors", "Download the model again, then import it.")
    if message_id == "store.archive_escapes":
        return translate(
            "errors",
            "The archive holds an entry that would land outside the model folder: {entry}.",
        ).format(entry=p["entry"]), refused
    if message_id == "store.archive_odd_entry":
        return translate(
            "errors", "The archive holds an entry that Quire does not unpack: {entry}."
        ).format(entry=p["entry"]), refused
    if message_id == "store.archive_too_many":
        said = (
            translate("errors", "The archive holds more than {count} files, too many for a model.")
            if p.get("more")  # (a tar is read no further than the limit)
            else translate("errors", "The archive holds {count} files, too many for a model.")
        )
        return said.format(count=int(p["count"])), translate(
            "errors", "Check that you chose the right archive."
        )
    if message_id == "store.archive_too_large":
        return translate(
            "errors", "The archive would unpack to {size}, more than the {limit} Quire accepts."
        ).format(size=p["size"], limit=p["limit"]), translate(
            "errors", "Check that you chose the right archive."
        )
    if message_id == "store.archive_format":
        return translate(
            "errors", "The archive is encrypted, or compressed in a way Quire cannot unpack."
        ), translate("errors", "Unpack it with your archive tool, then import the folder.")
    if message_id == "store.no_space":
        return translate(
            "errors", "There is not enough disk space: {need} is needed and {free} is free."
        ).format(need=p["need"], free=p["free"]), space
    if message_id == "store.disk_full":
        return translate("errors", "There is not enough free disk space for the model."), space
    if message_id == "store.cannot_write":
        return translate("errors", "Quire cannot write to its model folder: {reason}.").format(
            reason=p["reason"]
        ), translate(
            "errors", "Check that the disk has room and that Quire may write to its folder."
        )
    if message_id == "store.cannot_remove":
        return translate("errors", "Quire could not remove the model's files: {reason}.").format(
            reason=p["reason"]
        ), translate(
            "errors",
            "Close programs that use them and check the folder's permissions, then try again.",
        )
    return _download(message_id, p) or _export(message_id, p)


def _download(message_id: str | None, p: dict[str, str | int | float]) -> tuple[str, str] | None:
    """A download that failed for a reason other than the network's."""
    other = translate("errors", "Choose another model in the catalog.")
    if message_id == "download.tls":
        return translate("errors", "The certificate of {host} could not be verified.").format(
            host=p["host"]
        ), translate(
            "errors",
            "Check the computer's date and time. On a company network, ask its administrator, "
            "or set a download mirror in Settings → Preferences.",
        )
    if message_id == "download.disk_full":
        return translate("errors", "The disk filled up during the download."), translate(
            "errors", "Free some space on that disk, then download again."
        )
    if message_id == "download.cannot_write":
        return translate("errors", "The download could not be saved: {reason}.").format(
            reason=p["reason"]
        ), translate("errors", "Check that Quire may write to its model folder, then try again.")
    if message_id == "download.no_space":
        return translate("errors", "The download needs {need}, and {free} is free.").format(
            need=p["need"], free=p["free"]
        ), translate("errors", "Free some space, or choose a smaller variant.")
    if message_id == "download.no_onnx":
        return translate("errors", "{repo} has no ONNX files Quire can run.").format(
            repo=p["repo"]
        ), other
    if message_id == "download.hf_offline":
        return translate(
            "errors",
            "Downloads are switched off on this computer: the variable HF_HUB_OFFLINE is set.",
        ), translate(
            "errors",
            "Start Quire without HF_HUB_OFFLINE to download, or import a model from a folder "
            "or archive.",
        )
    if message_id == "download.not_a_model":
        return translate(
            "errors", "The files of {repo} are not a model Quire can run. Nothing was installed."
        ).format(repo=p["repo"]), other
    if message_id == "download.incomplete":
        return translate("errors", "{repo} has no {file}, so Quire cannot use it.").format(
            repo=p["repo"], file=p["file"]
        ), other
    if message_id == "download.no_checksum":
        return translate(
            "errors", "The server sent no checksum for {path}, so the file cannot be verified."
        ).format(path=p["path"]), translate(
            "errors",
            "Download from the Hugging Face hub, or set a mirror that passes checksums through "
            "in Settings → Preferences.",
        )
    if message_id == "download.corrupt":
        return translate(
            "errors",
            "{path} arrived damaged: it does not match the hub's copy. Nothing was installed.",
        ).format(path=p["path"]), translate(
            "errors",
            "Download it again; if it keeps happening, the network or the mirror alters files.",
        )
    return None


def _export(message_id: str | None, p: dict[str, str | int | float]) -> tuple[str, str] | None:
    """Converting a checkpoint folder, and a model's own files."""
    folder = translate("errors", "Choose the folder that holds the model's config.json.")
    if message_id == "export.no_folder":
        return translate("errors", "There is no checkpoint folder there."), folder
    if message_id == "export.no_config":
        return translate("errors", "The checkpoint has no config.json."), folder
    if message_id == "export.no_weights":
        return translate("errors", "The checkpoint has no safetensors weights."), translate(
            "errors",
            "Quire never loads pickled weights (pytorch_model.bin): save the model with "
            "safetensors first, or import its ONNX version.",
        )
    if message_id == "export.no_tokenizer":
        return translate("errors", "The checkpoint has no tokenizer.json (a fast tokenizer)."), (
            translate(
                "errors",
                "Save the model's fast tokenizer into the folder first, or import its ONNX "
                "version.",
            )
        )
    if message_id == "export.exists":
        return translate("errors", "The folder for the converted model already exists."), (
            translate("errors", "Remove it, or convert the checkpoint under another name.")
        )
    if message_id == "export.needs_extra":
        return translate(
            "errors", "This installation of Quire cannot convert checkpoints to ONNX."
        ), translate(
            "errors",
            "Import the model's ONNX version, or convert it with Quire's command line where its "
            "export tools are installed.",
        )
    if message_id == "model.bad_json":
        return translate("errors", "The model's {file} is damaged: it is not valid JSON.").format(
            file=p["file"]
        ), translate(
            "errors",
            "Import the model again from a complete folder or archive, or download it again.",
        )
    return None


def _model(message_id: str | None, p: dict[str, str | int | float]) -> tuple[str, str] | None:
    """A model folder that is incomplete, damaged or laid out otherwise than Quire reads it."""
    again = translate(
        "errors",
        "Import the model again from a complete folder or archive, or download it from the "
        "catalog.",
    )
    if message_id == "model.onnx_incomplete":
        return translate(
            "errors", "The model's {variant} ONNX files are incomplete: {missing} is missing."
        ).format(variant=p["variant"], missing=p["missing"]), again
    if message_id == "model.no_model_type":
        return translate(
            "errors", "The model's config.json does not say what kind of model it is."
        ), again
    if message_id == "model.config_not_names":
        return translate(
            "errors", "The model's config.json names its kind in a form Quire cannot read."
        ), again
    if message_id == "model.generator_single_onnx":
        return translate(
            "errors",
            "The model writes text, but its ONNX files are one model.onnx, not the encoder "
            "and decoder Quire runs.",
        ), translate(
            "errors",
            "Import a version exported for text generation (with separate encoder and decoder "
            "files), or convert the checkpoint with Convert checkpoint… in Models → Manage "
            "models….",
        )
    if message_id == "model.link_outside":
        return translate(
            "errors", "The model's file {file} is a link to something outside its folder."
        ).format(file=p["file"]), translate(
            "errors",
            "Remove the model in Models → Manage models, then import or download it again.",
        )
    if message_id == "model.bad_tokenizer":
        return translate("errors", "The model's tokenizer.json cannot be read."), again
    return None


def parts_kept(count: int) -> str:
    """What a stopped or failed file keeps: its journal holds the parts translated."""
    return translate(
        "errors", "What was translated so far ({count} parts) is kept: Retry goes on from there."
    ).format(count=count)


def _stopped(message_id: str | None, p: dict[str, str | int | float]) -> tuple[str, str] | None:
    """The engine process ended under a job: the cause, when the system told it."""
    if message_id == "engine.stopped_signal":
        said = translate("errors", "The engine stopped unexpectedly.")
        name = str(p["signal"])
        kind = p.get("kind")  # (Windows: a crash's or lack of memory's NTSTATUS, named)
        if name == "SIGKILL":
            return said, translate(
                "errors",
                "It was killed (SIGKILL), which usually means the system ran out of memory. "
                "Close other programs or choose a smaller model, then try again.",
            )
        if kind == "memory":
            return said, translate(
                "errors",
                "It ran out of memory ({signal}). Close other programs or choose a smaller "
                "model, then try again.",
            ).format(signal=name)
        if kind == "crash" or name in ("SIGSEGV", "SIGBUS", "SIGABRT", "SIGILL", "SIGFPE"):
            return said, translate(
                "errors",
                "It crashed ({signal}). Try again; if it happens again, choose another model "
                "or set Device to CPU in Settings.",
            ).format(signal=name)
        return said, translate("errors", "It was ended by {signal}. Try again.").format(signal=name)
    if message_id == "engine.stopped_exit":
        return translate("errors", "The engine stopped unexpectedly."), translate(
            "errors", "It exited with code {code}. Try again."
        ).format(code=int(p["code"]))
    return None


def note_text(note: Note) -> str:
    """A job's note (what it says by the way) in the window's language, where the app words
    its sentence; else the engine's English."""
    p = dict(note.params)
    if note.message_id == "translate.unsure_source":
        return translate(
            "errors",
            "The file's language was unclear (it seemed {detected}, {confidence:.0%} sure): it "
            "was translated from {source}, the one language an installed model translates into "
            "{target}. If that is wrong, choose its language in From and translate it again.",
        ).format(
            detected=language_name(str(p["detected"])),
            confidence=float(p["confidence"]),
            source=language_name(str(p["source"])),
            target=language_name(str(p["target"])),
        )
    if note.message_id == "document.sami_class":
        return translate(
            "errors",
            "{name}: its {klass} class ({language}) is translated, the language named as the "
            "source.",
        ).format(name=p["name"], klass=p["class"], language=p["language"])
    if note.message_id == "document.pdf_unreadable_pages":
        return translate(
            "errors",
            "{name}: no readable text on pages {numbers}: their font has no character map "
            "(the text cannot be read from the file); run OCR on them (for example with "
            "OCRmyPDF).",
        ).format(name=p["name"], numbers=p["numbers"])
    if note.message_id == "document.pdf_page_numbers":
        return translate(
            "errors",
            "{name}: page numbers left out: {count} (the translation's pages are not the PDF's).",
        ).format(name=p["name"], count=p["count"])
    if note.message_id == "document.pdf_running":
        return translate(
            "errors",
            "{name}: running heads/feet: {heads} (translated once as the .docx's header/footer).",
        ).format(name=p["name"], heads=p["heads"])
    if note.message_id == "document.pdf_restricted":
        return translate(
            "errors",
            "{name}: its author asks readers not to copy its text (a permission setting); it is "
            "read as your own file.",
        ).format(name=p["name"])
    if note.message_id == "document.epub_mimetype_mended":
        return translate(
            "errors",
            "{name}: the book's mimetype entry was not as EPUB readers need it; the "
            "translation has it first and stored.",
        ).format(name=p["name"])
    if note.message_id == "document.epub_narration_left_out":
        return translate(
            "errors",
            "{name}: the book's narration (its media overlays) is left out: the recorded voice "
            "reads the source's words, which a reading app would highlight in the translation.",
        ).format(name=p["name"])
    if note.message_id == "document.bilingual_drawn_kept":
        return translate(
            "errors",
            "{name}: drawn texts (SVG) kept in the source's language, not translated: {count}. "
            "A bilingual copy has no room for a translation beside a drawn line.",
        ).format(name=p["name"], count=p["count"])
    if note.message_id == "document.epub_horizontal":
        return translate(
            "errors",
            "{name}: the book is set in vertical lines; the translation ({language}) is set in "
            "horizontal ones.",
        ).format(name=p["name"], language=p["language"])
    if note.message_id == "document.subtitle_kind":
        return translate(
            "errors",
            "{name} is a {kind} file with a {suffix} name: it is read and written as {kind}, "
            "which players read whatever its name.",
        ).format(name=p["name"], kind=p["kind"], suffix=p["suffix"])
    if note.message_id == "document.xml_kind":
        return translate(
            "errors",
            "{name} is a {kind} file with a {suffix} name: it is read and written as {kind}, "
            "which its tools read whatever its name.",
        ).format(name=p["name"], kind=p["kind"], suffix=p["suffix"])
    if note.message_id == "document.includes_kept":
        return translate(
            "errors",
            "{name} includes {files} (XInclude): they are kept as links, not translated; "
            "translate each of them too.",
        ).format(name=p["name"], files=p["files"])
    if note.message_id == "document.entities_elsewhere":
        return translate(
            "errors",
            "{name} is part of a book whose entities are declared elsewhere ({entities}): "
            "they are kept as written.",
        ).format(name=p["name"], entities=p["entities"])
    if note.message_id == "document.kept_marked" and int(p["count"]) == 1:
        return translate(
            "errors",
            "A passage the file marks as in another language and is written in ({languages}): "
            "kept as it is, not translated.",
        ).format(languages=p["languages"])
    if note.message_id == "document.kept_marked":
        return translate(
            "errors",
            "{count} passages the file marks as in another language and are written in "
            "({languages}): kept as they are, not translated.",
        ).format(count=int(p["count"]), languages=p["languages"])
    if note.message_id == "document.tex_no_babel":
        return translate(
            "errors",
            "babel and polyglossia have no language for {language}: the file still names its "
            "own; set the language in its preamble.",
        ).format(language=p["language"])
    if note.message_id == "document.notebook_no_markdown":
        return translate(
            "errors",
            "{name} has no Markdown cells with text: its code and outputs are copied as they are.",
        ).format(name=p["name"])
    if note.message_id == "document.tmx_units_without_source" and int(p["count"]) == 1:
        return translate(
            "errors",
            "A translation unit has no text in the source language ({language}): it is kept "
            "as it is.",
        ).format(language=p["language"])
    if note.message_id == "document.tmx_units_without_source":
        return translate(
            "errors",
            "{count} translation units have no text in the source language ({language}): "
            "they are kept as they are.",
        ).format(count=int(p["count"]), language=p["language"])
    if note.message_id == "document.tmx_other_source" and int(p["count"]) == 1:
        return translate(
            "errors",
            "A translation unit's source is in another language ({languages}) than the "
            "file's ({language}): it is kept as it is, not translated.",
        ).format(languages=p["languages"], language=p["language"])
    if note.message_id == "document.tmx_other_source":
        return translate(
            "errors",
            "{count} translation units' sources are in other languages ({languages}) than the "
            "file's ({language}): they are kept as they are, not translated.",
        ).format(count=int(p["count"]), languages=p["languages"], language=p["language"])
    if note.message_id == "document.fluent_brands":
        return translate(
            "errors",
            "Brand names are kept as they are, as Mozilla's localization policy asks: {terms}.",
        ).format(terms=p["terms"])
    if note.message_id == "document.php_code_kept":
        return translate(
            "errors",
            "{count} values are PHP code (a function call, a constant, a variable, a heredoc), "
            "not a string: kept as they are ({keys}).",
        ).format(count=int(p["count"]), keys=p["keys"])
    if note.message_id == "document.caption_rows":
        return translate(
            "errors",
            "A caption whose translation needs more rows than it can show keeps its source "
            "text and is counted failed; to keep every translation, name the output {name} "
            "(or .vtt).",
        ).format(name=p["name"])
    if note.message_id == "document.caption_late":
        return translate(
            "errors",
            "{count} captions show or go later than the source's, by up to {seconds} s (the "
            "first at {time}): their translations take longer to send than there was time for "
            "before them; a shorter translation, or the output named .srt or .vtt, keeps the "
            "times.",
        ).format(count=int(p["count"]), seconds=p["seconds"], time=p["time"])
    if note.message_id == "document.rc_access_keys":
        return translate(
            "errors",
            "Some controls or menu items share an access key in the translation of "
            "{dialogs}: choose another letter for one of them.",
        ).format(dialogs=p["dialogs"])
    if note.message_id == "document.rc_no_text":
        return translate(
            "errors", "The resource script has no text to translate: it is copied as it is."
        )
    if note.message_id == "document.rc_other_languages":
        return translate(
            "errors",
            "The resource script also holds resources in other languages ({languages}): they "
            "are kept as they are, untranslated.",
        ).format(languages=p["languages"])
    if note.message_id == "document.rc_utf16":
        return translate(
            "errors",
            "The translation does not fit in {encoding}: the resource script is written in "
            "UTF-16 with a byte order mark, as Visual Studio writes them.",
        ).format(encoding=p["encoding"])
    if note.message_id == "document.fluent_access_keys":
        return translate(
            "errors",
            "An access key its translated label lacks becomes the label's first letter: check "
            "that no two of a menu share one.",
        )
    if note.message_id == "document.category_no_text":
        return translate(
            "errors", "{name} has no label or title to translate: it is copied as it is."
        ).format(name=p["name"])
    if note.message_id == "document.tex_included":
        return translate(
            "errors",
            "The files it includes are not translated with it ({files}): translate them too, "
            "then have it include the translations.",
        ).format(files=translate("errors", ", ").join(str(p["files"]).split(", ")))
    if note.message_id == "document.typst_imported_language":
        return translate(
            "errors",
            "The document's language is set in a file it imports ({files}), which is not "
            "changed: set it in the translation (#set text(lang: …)) or translate that file too.",
        ).format(files=translate("errors", ", ").join(str(p["files"]).split(", ")))
    if note.message_id == "document.theme_no_language":
        return translate(
            "errors",
            "{theme} has no words for {language}: the site's language setting is kept, so the "
            "theme's own words (its search box, its menus) stay in the source's language.",
        ).format(theme=p["theme"], language=p["language"])
    if note.message_id == "document.indesign_no_language":
        return translate(
            "errors",
            "InDesign has no language for {language} in this document: its text still names its "
            "own (for spelling and hyphenation); set it in InDesign's Character panel.",
        ).format(language=p["language"])
    if note.message_id == "document.indesign_right_to_left":
        return translate(
            "errors",
            "The translated stories are set right to left for {language}, by InDesign's "
            "World-Ready composer: in InDesign, give their styles a font that has its letters, "
            "and check their alignment.",
        ).format(language=p["language"])
    if note.message_id == "document.indesign_cross_references":
        return translate(
            "errors",
            "The document's cross-references ({count}) still show the source's words: InDesign "
            "writes them again from what they point to. In InDesign, choose Window > Type & "
            "Tables > Cross-References, select them all and click Update Cross-References (and "
            'translate the words of their formats there, such as "on page").',
        ).format(count=int(p["count"]))
    if note.message_id == "document.site_language_unset":
        return translate(
            "errors",
            "{name} does not set the site's language, and Quire could not add the setting: set "
            "it to {language}, or the theme's own words (its search box, its menus) stay in the "
            "source's language.",
        ).format(name=p["name"], language=p["language"])
    if note.message_id == "document.search_no_language":
        return translate(
            "errors",
            "MkDocs' search has no words for {language}: its language setting is kept, and the "
            "translated pages are searched as the source's language.",
        ).format(language=p["language"])
    if note.message_id == "document.site_i18n_plugin":
        return translate(
            "errors",
            "{name} builds the site in several languages ({languages}) with the i18n plugin: "
            "its navigation titles and what its languages share are kept, so that their builds "
            "are unchanged; add the target as one of the plugin's languages (its locale, "
            "site_name and nav_translations) for the translated pages' theme and navigation.",
        ).format(name=p["name"], languages=p["languages"])
    if note.message_id == "document.site_languages":
        return translate(
            "errors",
            "{name} builds the site in several languages ({languages}): the default language's "
            "({default}) title, descriptions and menus are translated under its own key, so its "
            "pages are the target's; the other languages' are kept.",
        ).format(name=p["name"], languages=p["languages"], default=p["default"])
    if note.message_id == "document.hugo_environment":
        return translate(
            "errors",
            "Hugo reads every file of its config folder, so {name}'s translation is not "
            "written beside it: it goes to config/{environment}/, which Hugo reads over "
            "config/_default/ when building with hugo --environment {environment}.",
        ).format(name=p["name"], environment=p["environment"])
    if note.message_id == "document.site_language_key":
        return translate(
            "errors",
            "{name} builds the site in one language, {key}, which its files and links may name: "
            "its texts are translated under that key, and the theme's own words (its i18n/{key} "
            "file) stay in the source's language; rename the language {language} (its key under "
            "languages and defaultContentLanguage) where nothing else names it.",
        ).format(name=p["name"], key=p["key"], language=p["language"])
    if note.message_id == "document.org_formulas":
        return translate(
            "errors",
            "Tables with a formula (#+TBLFM:) are kept untranslated ({count}): their formulas "
            "name cells by position.",
        ).format(count=int(p["count"]))
    if note.message_id == "document.org_setupfile":
        return translate(
            "errors",
            "Setup files it names were not read ({files}): Quire reads only a setup file in "
            "the file's folder or below it, never an address. TODO keywords they declare may "
            "have been translated as words; declare them in the file itself (#+TODO: …) and "
            "translate it again.",
        ).format(files=translate("errors", ", ").join(str(p["files"]).split(", ")))
    if note.message_id == "document.org_ids":
        return translate(
            "errors",
            "The translation has the same IDs as its source (:ID:, {count}): in the same "
            "org-roam directory, org-roam and org-id see each one twice. Move the translation "
            "out of the org-roam directory (or translate with quire translate … -o "
            "OTHER_FOLDER).",
        ).format(count=int(p["count"]))
    if note.message_id == "document.org_unterminated":
        return translate(
            "errors",
            "The block that begins on line {line} (#+BEGIN_{name}) has no #+END_{name}: it is "
            "kept as it is up to the next headline; add the line that ends it and translate "
            "again.",
        ).format(line=p["line"], name=p["name"])
    if note.message_id == "document.asciidoc_unclosed":
        return translate(
            "errors",
            "The block opened by {delimiter} on line {line} is never closed: Asciidoctor reads "
            "the rest of the file as its content, which is kept as it is. Close it with "
            "{delimiter} and translate the file again.",
        ).format(delimiter=p["delimiter"], line=p["line"])
    if note.message_id == "document.no_text_copied":
        return translate(
            "errors",
            "{name} has no text to translate (only markup, code or settings): it is copied as "
            "it is.",
        ).format(name=p["name"])
    if note.message_id == "document.converted":
        return (
            translate(
                "errors",
                "{name} was converted with LibreOffice {version} to read it; the translation "
                "is written as {save_as}.",
            ).format(name=p["name"], version=p["version"], save_as=_phrase(str(p["save_as"])))
            if p["version"]
            else translate(
                "errors",
                "{name} was converted with LibreOffice to read it; the translation is written "
                "as {save_as}.",
            ).format(name=p["name"], save_as=_phrase(str(p["save_as"])))
        )
    if note.message_id == "document.read_as_its_kind":
        return (
            translate(
                "errors",
                "{name} is an {kind} file with a {suffix} name: it is read as one, and its "
                "translation written as {save_as}.",
            )
            if p.get("article") == "an"
            else translate(
                "errors",
                "{name} is a {kind} file with a {suffix} name: it is read as one, and its "
                "translation written as {save_as}.",
            )
        ).format(name=p["name"], kind=p["kind"], suffix=p["suffix"], save_as=p["save_as"])
    if note.message_id == "document.pending_changes":
        return translate(
            "errors",
            "The document has tracked changes not yet accepted or rejected: the translation "
            "reads it as if they were accepted. For a translation that is whole either way, "
            "accept or reject them first ({editor}).",
        ).format(editor=p["editor"])
    if note.message_id == "document.bound_controls":
        return translate(
            "errors",
            "Content controls bound to values the document stores ({count}) name values "
            "Quire could not find: Word may show them in the source language again when it "
            "opens the translation. Remove the controls' binding, or type their text again.",
        ).format(count=int(p["count"]))
    if note.message_id == "document.msg_as_eml":
        return translate(
            "errors",
            "{name} is an Outlook message: its translation is written as an .eml file (the "
            "same message in the standard Internet form), which Outlook, Thunderbird and "
            "Apple Mail open.",
        ).format(name=p["name"])
    if note.message_id == "document.msg_objects_dropped":
        return translate(
            "errors",
            "{name}: {count} attachment(s) that Outlook keeps as an embedded object or a "
            "link, not a file ({names}), not in the translation: save them from Outlook and "
            "attach them again.",
        ).format(name=p["name"], count=int(p["count"]), names=p["names"])
    if note.message_id == "document.eml_signed":
        return translate(
            "errors",
            "The message is signed ({kind}): the translation's signature no longer verifies, "
            "its text is not what was signed.",
        ).format(kind=p["kind"])
    return note.text


def describe(error: BaseException) -> Message | None:
    """The words for ``error``; ``None`` for a cancellation, which is not an error."""
    if isinstance(error, Cancelled):
        return None
    title, advice = _kind(error)
    lines: list[str] = []
    if isinstance(error, EngineError):
        message, hint = engine_sentences(error)
        lines.append(_sentence(message))
        if error.path is not None:
            lines.append(translate("errors", "File: {path}").format(path=error.path))
        # The engine's hints are written for the CLI too; a command is no advice in the app.
        lines.append(_sentence(hint) if hint and not speaks_terminal(hint) else advice)
        details = _technical(error)  # an expected error: its cause, no traceback
    else:
        lines.append(_sentence(str(error) or type(error).__name__))
        lines.append(advice)
        details = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    return Message(title=title, text="\n".join(lines), details=details)


def _technical(error: EngineError) -> str:
    """The details of an expected error: what the engine said, in its own words."""
    lines = [f"{type(error).__name__}: {error.message}"]
    if error.path is not None:
        lines.append(f"path: {error.path}")
    if error.hint:
        lines.append(f"hint: {error.hint}")
    if error.message_id:
        lines.append(f"id: {error.message_id} {error.params}")
    cause = error.__cause__ or error.__context__
    if cause is not None and not isinstance(cause, EngineError):
        lines.append(f"cause: {type(cause).__name__}: {cause}")
    return "\n".join(lines)


def present(error: BaseException, parent: QWidget | None = None) -> QMessageBox | None:
    """Show ``error`` in a window-modal message box (not blocking the caller); nothing for a
    cancellation. Returns the box so that callers and tests can find it."""
    message = describe(error)
    if message is None:
        return None
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(message.title)
    box.setText(message.title)
    box.setInformativeText(message.text)
    box.setDetailedText(message.details)
    box.setAccessibleName(message.title)
    box.setAccessibleDescription(message.text)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.setDefaultButton(QMessageBox.StandardButton.Ok)
    # Return after "Show Details…" presses OK, not the details button again (it has focus).
    for button in box.buttons():
        if box.buttonRole(button) == QMessageBox.ButtonRole.ActionRole and isinstance(
            button, QPushButton
        ):
            button.setAutoDefault(False)
    _widen(box)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def _widen(box: QMessageBox, width: int = 460) -> None:
    """QMessageBox wraps its text at a narrow width; a spacer across the bottom row of its
    grid gives long sentences and paths room."""
    layout = box.layout()
    if isinstance(layout, QGridLayout):
        spacer = QSpacerItem(width, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)
        layout.addItem(spacer, layout.rowCount(), 0, 1, layout.columnCount())


# --- crashes ------------------------------------------------------------------------------


def log_dir() -> Path:
    """Where crash reports go: ``$QUIRE_LOG_DIR``, else the platform's user log folder."""
    env = os.environ.get("QUIRE_LOG_DIR")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_log_dir("Quire", appauthor=False))


def write_crash_report(
    kind: type[BaseException],
    error: BaseException,
    tb: TracebackType | None,
    folder: Path | None = None,
) -> Path:
    """Write the traceback and the versions to a new file in ``folder``; return its path."""
    from PySide6 import __version__ as pyside_version

    folder = private_folder(folder or log_dir())
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    path = folder / f"crash-{stamp}.txt"
    lines = [
        f"Quire crash report {_dt.datetime.now().isoformat(timespec='seconds')}",
        f"Python {sys.version.split()[0]} on {platform.platform()}",
        f"PySide6 {pyside_version}",
        "",
        *traceback.format_exception(kind, error, tb),
    ]
    with open_private(path) as fh:  # (an error's words may quote the user's text or files)
        fh.write("\n".join(lines).encode("utf-8"))
    for old in sorted(folder.glob("crash-*.txt"))[:-KEPT_REPORTS]:  # (named by time)
        with contextlib.suppress(OSError):
            old.unlink()
    return path


KEPT_REPORTS = 20  # the newest crash reports kept; older ones are deleted as new ones come


Hook = Callable[[type[BaseException], BaseException, TracebackType | None], None]


def make_excepthook(folder: Path | None = None, show: bool = True) -> Hook:
    """A ``sys.excepthook`` that writes a crash report and tells the user where it is."""

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        sys.__excepthook__(kind, error, tb)  # keep the traceback on stderr too
        try:
            path: Path | None = write_crash_report(kind, error, tb, folder)
        except OSError:
            path = None
        if not show or QApplication.instance() is None:
            return
        box = QMessageBox(QApplication.activeWindow())
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle(translate("errors", "Quire ran into an unexpected problem"))
        box.setText(translate("errors", "Quire ran into an unexpected problem"))
        where = (
            translate("errors", "A report was saved to {path}.").format(path=path)
            if path is not None
            else translate("errors", "The report could not be saved.")
        )
        box.setInformativeText(
            translate("errors", "You can keep working, but save your results.") + "\n" + where
        )
        box.setDetailedText("".join(traceback.format_exception(kind, error, tb)))
        box.setAccessibleName(box.windowTitle())
        _widen(box)
        box.exec()

    return hook


def install_excepthook(folder: Path | None = None) -> None:
    sys.excepthook = make_excepthook(folder)


def _editor(name: str | int | float) -> str:
    """The program a document's message names (the engine's words) in the UI's language."""
    names = {
        "Word or LibreOffice": translate("errors", "Word or LibreOffice"),
        "PowerPoint or Impress": translate("errors", "PowerPoint or Impress"),
        "Excel or LibreOffice": translate("errors", "Excel or LibreOffice"),
        "an EPUB editor such as Sigil or Calibre": translate(
            "errors", "an EPUB editor such as Sigil or Calibre"
        ),
    }
    return names.get(str(name), str(name))


def _document(message_id: str | None, p: dict[str, str | int | float]) -> tuple[str, str] | None:
    """Why a document cannot be read, and what to do about it."""
    if message_id in ("document.unsupported", "file.other_document"):
        message = (
            translate("errors", "Quire cannot read {suffix} files.").format(suffix=p["suffix"])
            if p["suffix"]
            else translate("errors", "Quire cannot read files without an extension.")
        )
        if "save_as" in p:  # a document in a format Quire does not read: what to save it as
            return message, translate(
                "errors", "Save it as {suffix} in {editor}, then try again."
            ).format(suffix=p["save_as"], editor=_editor(p["editor"]))
        if "ebooks" not in p:  # (an error saved by an earlier version, in the history)
            return message, translate("errors", "Open one of: {formats}.").format(
                formats=p["supported"]
            )
        return message, translate(
            "errors",
            "Quire reads documents ({documents}); slides, sheets and drawings ({slides}); "
            "e-books ({ebooks}); subtitles ({subtitles}); and apps' and sites' strings "
            "({strings}).",
        ).format(**p)
    if message_id == "document.encrypted_or_old":
        return translate(
            "errors", "The file is protected by a password, or is an old binary Office file."
        ), translate(
            "errors", "Remove the password, or save it as {suffix} in {editor}, then try again."
        ).format(suffix=p["suffix"], editor=_editor(p["editor"]))
    if message_id == "document.encrypted":
        return translate("errors", "The document is protected by a password."), translate(
            "errors", "Remove the password, then try again."
        )
    if message_id == "document.damaged":
        return translate("errors", "The document is damaged."), translate(
            "errors", "Open and save it again in {editor}, then try again."
        ).format(editor=_editor(p["editor"]))
    if message_id == "document.indd":
        return translate(
            "errors", "This is an InDesign document (.indd), not InDesign Markup (IDML)."
        ), translate(
            "errors",
            "In InDesign, choose File > Export > InDesign Markup (IDML), then translate the .idml.",
        )
    if message_id == "document.tracked_changes":
        return translate("errors", "The document has tracked changes."), translate(
            "errors",
            "Accept or reject them in InDesign or InCopy (Type > Track Changes), export again, "
            "then try again.",
        )
    if message_id == "document.damaged_file":
        return translate("errors", "The file is damaged, or is not really a {suffix} file.").format(
            suffix=p["suffix"]
        ), translate("errors", "Open and save it again in its editor, then try again.")
    if message_id == "document.needs_libreoffice":
        # (Pages, Keynote and Numbers export a Word, PowerPoint or Excel file: "export")
        hint = (
            translate(
                "errors",
                "Export it as {export} ({save_as}) from {program} (File > Export To > "
                "{export}), or install LibreOffice (libreoffice.org) and Quire converts it, "
                "then try again.",
            )
            if "export" in p
            else translate(
                "errors",
                "Open it in {opener} and save it as {save_as}, or install LibreOffice "
                "(libreoffice.org) and Quire converts it, then try again.",
            )
            if "opener" in p
            else translate(
                "errors",
                "Save it as {save_as} in {program}, or install LibreOffice (libreoffice.org) "
                "and Quire converts it, then try again.",
            )
            if "save_as" in p
            else translate(
                "errors",
                "Install LibreOffice (libreoffice.org) and Quire converts it, then try again.",
            )
        )
        return translate(
            "errors",
            "Quire reads {suffix} files by converting them with LibreOffice, which is not "
            "installed.",
        ).format(suffix=p["suffix"]), hint.format(**_remedy_words(p))
    if message_id == "document.conversion_failed":
        return translate(
            "errors",
            "LibreOffice could not convert the file: it is damaged, protected by a password, "
            "or not really a {suffix} file.",
        ).format(suffix=p["suffix"]), translate(
            "errors",
            "Open it in {program}, remove any password, save it as {save_as}, then try again "
            "with that.",
        ).format(**_remedy_words(p))
    if message_id == "document.import_failed":
        return translate(
            "errors",
            "LibreOffice could not open the {program} document (its {program} version is one "
            "LibreOffice does not read, or it is damaged).",
        ).format(program=p["program"]), (
            translate(
                "errors",
                "Export it as {export} ({save_as}) from {program} (File > Export To > "
                "{export}) and translate that, or update LibreOffice, then try again.",
            )
            if "export" in p
            else translate(
                "errors",
                "Open it in {opener} and save it as {save_as} and translate that, or update "
                "LibreOffice, then try again.",
            )
            if "opener" in p
            else translate(
                "errors",
                "Save it as {save_as} in {program} and translate that, or update LibreOffice, "
                "then try again.",
            )
            if "save_as" in p
            else translate("errors", "Update LibreOffice, then try again.")
        ).format(**_remedy_words(p))
    if message_id == "document.xlsb_smartart":
        return translate(
            "errors",
            "This workbook holds SmartArt, whose words LibreOffice's conversion of an .xlsb "
            "leaves out.",
        ), translate(
            "errors", "Save it as .xlsx in Excel (File > Save As), then try again with that."
        )
    if message_id == "document.xlsb_lost_text":
        said = (
            translate(
                "errors",
                "LibreOffice's conversion of the workbook came out without its text (the "
                "workbook holds a string): it may be saved by an early version of Excel 2007, "
                "which LibreOffice does not read.",
            )
            if int(p["count"]) == 1
            else translate(
                "errors",
                "LibreOffice's conversion of the workbook came out without its text (the "
                "workbook holds {count} strings): it may be saved by an early version of "
                "Excel 2007, which LibreOffice does not read.",
            )
        )
        return said.format(count=int(p["count"])), translate(
            "errors", "Save it as .xlsx in Excel (File > Save As), then try again with that."
        )
    if message_id == "document.hwp5":
        return translate(
            "errors",
            "This Hangul document is of Hangul 2002 or later (HWP 5.0), which LibreOffice "
            "does not open: Quire reads Hangul 97's and 3.0's.",
        ), translate(
            "errors",
            "Open it in Hangul, save it as a Word document (.docx) (File > Save As), then try "
            "again with that.",
        )
    if message_id == "document.key_not_keynote":
        return translate(
            "errors",
            "This .key file is not a Keynote presentation, and is a kind of file "
            "Quire does not read.",
        ), translate(
            "errors",
            "A .key file may be a security key (a certificate's or SSH's); give a Keynote "
            "presentation or another document.",
        )
    if message_id == "document.old_office_damaged":
        hint = (
            translate(
                "errors",
                "Open it in {program}, export it as {export} ({save_as}) (File > Export To > "
                "{export}), then try again with that.",
            )
            if "export" in p
            else translate(
                "errors", "Open it in {opener}, save it as {save_as}, then try again with that."
            )
            if "opener" in p
            else translate(
                "errors", "Open it in {program}, save it as {save_as}, then try again with that."
            )
            if "save_as" in p
            else translate("errors", "Open and save it again in {program}, then try again.")
        )
        return translate("errors", "The file is damaged, or is not really a {suffix} file.").format(
            suffix=p["suffix"]
        ), hint.format(**_remedy_words(p))
    if message_id == "document.libreoffice_broken":
        hint = (
            translate(
                "errors",
                "Check that LibreOffice starts on its own and reinstall it if not, or export "
                "the file as {export} ({save_as}) from {program}, then try again.",
            )
            if "export" in p
            else translate(
                "errors",
                "Check that LibreOffice starts on its own and reinstall it if not, or open it in "
                "{opener} and save it as {save_as}, then try again.",
            )
            if "opener" in p
            else translate(
                "errors",
                "Check that LibreOffice starts on its own and reinstall it if not, or save the "
                "file as {save_as} in {program}, then try again.",
            )
            if "save_as" in p
            else translate(
                "errors",
                "Check that LibreOffice starts on its own and reinstall it if not, then try again.",
            )
        )
        return translate("errors", "LibreOffice ({soffice}) did not run: {why}").format(
            soffice=p["soffice"], why=p["why"]
        ), hint.format(**_remedy_words(p))
    if message_id == "document.conversion_too_long":
        return translate(
            "errors",
            "LibreOffice took longer than {seconds} seconds to convert the file, and was stopped.",
        ).format(seconds=p["seconds"]), (
            translate(
                "errors",
                "A large file takes long: try again when the computer is less busy, or export "
                "it as {export} ({save_as}) from {program} and translate that.",
            )
            if "export" in p
            else translate(
                "errors",
                "A large file takes long: try again when the computer is less busy, or open it "
                "in {opener} and save it as {save_as} and translate that.",
            )
            if "opener" in p
            else translate(
                "errors",
                "A large file takes long: try again when the computer is less busy, or save it "
                "as {save_as} in {program} and translate that.",
            )
            if "save_as" in p
            else translate(
                "errors", "A large file takes long: try again when the computer is less busy."
            )
        ).format(**_remedy_words(p))
    if message_id == "document.renamed":
        return translate("errors", "This is a {actual} file with a {suffix} name.").format(
            actual=p["actual"], suffix=p["suffix"]
        ), translate("errors", "Rename it to {name}, then try again.").format(name=p["name"])
    if message_id == "document.no_text":
        return translate("errors", "The document has no text."), translate(
            "errors", "Open a document with text."
        )
    if message_id == "document.names_only":
        return (
            translate(
                "errors",
                "The workbook's only text is its tables' column names, which formulas refer "
                "to, and they are kept.",
            )
            if p.get("columns")
            else translate(
                "errors",
                "The workbook's only text is names that formulas can refer to (a sheet's, a "
                "list's choices, a filter's), and they are kept.",
            )
        ), translate(
            "errors",
            "Translated, the formulas that refer to them would no longer find them: there is "
            "nothing else to translate.",
        )
    if message_id == "document.backslashed_parts":
        return translate(
            "errors",
            "The file's parts are named with backslashes ({name}), which zip files may not "
            "use, so Quire cannot find them.",
        ).format(name=p["name"]), translate(
            "errors",
            "Save it again from the program that made it, or in an editor that opens it, then "
            "try again.",
        )
    if message_id == "document.too_many_units":
        return translate(
            "errors", "The document has more than {limit} paragraphs to translate."
        ).format(limit=f"{int(p['limit']):,}"), translate(
            "errors", "Split it into smaller files, then translate those."
        )
    if message_id == "document.unit_too_long":
        return translate(
            "errors", "One part of the document has more than {limit} characters without a break."
        ).format(limit=f"{int(p['limit']):,}"), translate(
            "errors", "It is data or a damaged file, not text to translate: open another file."
        )
    if message_id == "document.drm":
        return translate("errors", "The book is protected by DRM: its text is encrypted."), (
            translate("errors", "Only books without DRM can be translated.")
        )
    if message_id == "document.bad_subtitles":
        return translate("errors", "The subtitle file is damaged near line {line}.").format(
            line=int(p["line"])
        ), translate("errors", "Repair it in a subtitle editor, then try again.")
    if message_id == "document.caption_characters":
        return translate(
            "errors", "The translation has characters a {suffix} file cannot hold: {characters}"
        ).format(suffix=p["suffix"], characters=p["characters"]), translate(
            "errors", "Save the translation as subtitles instead: name it {name} (or .vtt)."
        ).format(name=p["name"])
    if message_id == "document.bad_stl":
        return translate(
            "errors", "The EBU STL subtitle file is damaged near block {block}."
        ).format(block=p["block"]), translate(
            "errors", "Export it again from the subtitling program, then try again."
        )
    if message_id == "document.stl_code_table":
        return translate(
            "errors", "The EBU STL file names a character table Quire does not know ({table})."
        ).format(table=p["table"]), translate(
            "errors",
            "Export it again with the Latin, Cyrillic, Arabic, Greek or Hebrew table.",
        )
    if message_id == "document.stl_model":
        return translate("errors", "This .stl file is a 3-D model, not EBU subtitles."), (
            translate("errors", "Quire translates subtitles: a 3-D model has no text.")
        )
    if message_id == "document.image_subtitles":
        return translate(
            "errors", "This {suffix} file holds pictures of subtitles ({kind}), not text."
        ).format(suffix=p["suffix"], kind=p["kind"]), translate(
            "errors",
            "Turn them into text with a subtitle editor's OCR, save them as .srt, "
            "then translate that.",
        )
    if message_id == "document.bad_catalog":
        return translate("errors", "The gettext catalog is damaged near line {line}.").format(
            line=int(p["line"])
        ), translate("errors", "Check it with msgfmt -c or open it in Poedit, then try again.")
    if message_id == "document.catalog_translated":
        return translate("errors", "Every message of this catalog is translated already."), (
            translate(
                "errors",
                "Quire fills in empty translations only: give it the template (.pot), or a "
                "catalog with messages left to translate.",
            )
        )
    if message_id == "document.target_language":
        return translate("errors", "This file is for {declared}, not {target}.").format(
            declared=p["declared"], target=p["target"]
        ), translate(
            "errors",
            "Translate it into {declared}, or give the template (or a file exported for {target}).",
        ).format(declared=p["declared"], target=p["target"])
    if message_id == "document.not_linguist":
        return translate(
            "errors", "This is not a Qt Linguist translation file (see line {line})."
        ).format(line=int(p["line"])), translate(
            "errors",
            "Quire translates the .ts files Qt's lupdate writes; a TypeScript .ts file is "
            "program code, not text to translate.",
        )
    if message_id == "document.json_cut_short":
        return translate(
            "errors",
            "The file ends before its last bracket closes (line {line}): it looks cut short.",
        ).format(line=int(p["line"])), translate(
            "errors",
            "Copy or download the file again (or open its last saved copy), then try again.",
        )
    if message_id == "document.cut_short":
        # (was "ends before the list of what it holds": the zip's jargon, no next step)
        return translate(
            "errors",
            "The file is damaged or incomplete: its end is missing, as when a download or "
            "copy is interrupted.",
        ), translate(
            "errors",
            "Download or copy it again, or open it in {editor} and save it again, then "
            "press Retry.",
        ).format(editor=p.get("editor") or translate("errors", "the program that made it"))
    if message_id == "document.kindle":
        return translate("errors", "This is a Kindle book (.mobi, .azw or .azw3)."), (
            translate(
                "errors",
                "Convert it to EPUB in Calibre (a book without DRM), then translate the EPUB.",
            )
        )
    if message_id == "document.bad_json":
        return translate("errors", "The JSON file is damaged near line {line}.").format(
            line=int(p["line"])
        ), translate("errors", "Check it in a JSON editor or validator, then try again.")
    if message_id == "document.bad_xliff":
        return translate("errors", "The XLIFF file is damaged near line {line}.").format(
            line=int(p["line"])
        ), translate("errors", "Export it again from the tool that made it, then try again.")
    if message_id == "document.bad_tmx":
        return translate("errors", "The TMX file is damaged near line {line}.").format(
            line=int(p["line"])
        ), translate(
            "errors",
            "Export the translation memory again from the tool that made it, then try again.",
        )
    if message_id == "document.tmx_not_tmx":
        return translate(
            "errors", "This is not a TMX file: its root element is <{root}>, not <tmx>."
        ).format(root=p["root"]), translate(
            "errors", "Give a translation memory in TMX (its root element <tmx>)."
        )
    if message_id == "document.fdx_not_final_draft":
        return translate(
            "errors",
            "This is not a Final Draft screenplay: its root element is <{root}>, not <FinalDraft>.",
        ).format(root=p["root"]), translate(
            "errors",
            "Give a screenplay saved by Final Draft (File > Save As > Final Draft Document, "
            ".fdx) or exported as one.",
        )
    if message_id == "document.tmx_version":
        return translate(
            "errors",
            "This TMX file is of version {version}, which Quire does not read (it reads 1.1 "
            "to 1.4).",
        ).format(version=p["version"]), translate(
            "errors", "Export the translation memory as TMX 1.4, then try again."
        )
    if message_id == "document.tmx_entities":
        return translate(
            "errors",
            "This TMX file declares an entity (&{name};) at line {line}: Quire does not expand "
            "entities, for safety.",
        ).format(name=p["name"], line=int(p["line"])), translate(
            "errors",
            "Export the translation memory again without entity declarations, then try again.",
        )
    if message_id == "document.tmx_no_source":
        return translate(
            "errors",
            "No translation unit of this TMX file has a text in its source language ({language}).",
        ).format(language=p["language"]), translate(
            "errors", "Name the language its texts are in as the source language, then try again."
        )
    if message_id == "document.tmx_translated":
        return translate(
            "errors",
            "Every translation unit of this TMX file has a translation into {language} already.",
        ).format(language=p["language"]), translate(
            "errors",
            "Choose another target language: Quire adds translations, it does not replace them.",
        )
    if message_id == "document.bad_xml":
        return translate("errors", "The XML file is damaged near line {line}.").format(
            line=int(p["line"])
        ), translate("errors", "Check it in Android Studio or an XML editor, then try again.")
    if message_id == "document.not_android":
        return translate(
            "errors", "This XML file does not hold Android strings (its root is <{root}>)."
        ).format(root=p["root"]), translate(
            "errors",
            "Quire translates the .xml files that hold an Android app's strings "
            "(res/values/strings.xml), a DocBook document or a DITA topic.",
        )
    if message_id == "document.sgml_docbook":
        return translate("errors", "This is SGML DocBook ({public}), not XML.").format(
            public=p["public"]
        ), translate(
            "errors",
            "Convert it to XML first (osx from OpenSP, or sgml2xml), then translate the XML file.",
        )
    if message_id == "document.text_in_entities":
        return translate(
            "errors", "This book's text is in the files its entities name ({files})."
        ).format(files=p["files"]), translate("errors", "Translate each of those files.")
    if message_id == "document.bad_strings":
        return translate("errors", "The .strings file is damaged near line {line}.").format(
            line=int(p["line"])
        ), translate(
            "errors",
            'Each entry must read "key" = "value"; check the line in Xcode, then try again.',
        )
    if message_id == "document.bad_stringsdict":
        return translate("errors", "The .stringsdict file is damaged near line {line}.").format(
            line=int(p["line"])
        ), translate("errors", "Check it in Xcode or an XML editor, then try again.")
    if message_id == "document.not_stringsdict":
        return translate("errors", "This file is not a .stringsdict property list."), translate(
            "errors", "Quire translates the .stringsdict files Xcode makes for plural rules."
        )
    if message_id == "document.not_eml":
        return translate("errors", "This file is not an e-mail message."), translate(
            "errors",
            "It has no From, To, Subject or Date. Save the message from your mail program "
            "as .eml, then try again.",
        )
    if message_id == "document.mhtml_not_mime":
        return translate(
            "errors", "This file is not a web page saved as one file (MHTML)."
        ), translate(
            "errors",
            "It has no MIME header. Save the page again in your browser (Save as > Webpage, "
            "Single File), then try again.",
        )
    if message_id == "document.mhtml_no_page":
        return translate(
            "errors", "This web archive holds no HTML page, only its other parts."
        ), translate(
            "errors",
            "Save the page again in your browser (Save as > Webpage, Single File), then try again.",
        )
    if message_id == "document.mhtml_broken":
        # (its ``why`` is the engine's English: the details show it)
        return translate(
            "errors", "The web archive's parts cannot be found: its MIME structure is broken."
        ), translate(
            "errors",
            "Save the page again in your browser (Save as > Webpage, Single File), then try again.",
        )
    if message_id == "document.mhtml_truncated":
        return translate("errors", "The web archive is cut short."), translate(
            "errors",
            "The file did not finish downloading or copying. Save the page again, then try again.",
        )
    if message_id == "document.mailbox":
        return translate(
            "errors", "This file is a mailbox of several messages, not one e-mail."
        ), translate(
            "errors",
            "Save each message as .eml in Thunderbird or Apple Mail, then translate those.",
        )
    if message_id == "document.eml_sealed":
        return translate(
            "errors",
            "The e-mail's text is encrypted ({kind}) or sealed in its signature: Quire cannot "
            "read it.",
        ).format(kind=p["kind"]), translate(
            "errors",
            "Open it in your mail program (decrypting it if it is encrypted), save it again as "
            ".eml, then try again.",
        )
    if message_id == "document.openpgp":
        return translate(
            "errors",
            "This is an OpenPGP file (a signature, a key or an encrypted message), not a document.",
        ), translate(
            "errors",
            "Quire reads {suffix} files written in AsciiDoc: give the document itself, not its "
            "signature or key, then try again.",
        ).format(suffix=p["suffix"])
    if message_id == "document.stencil":
        return translate(
            "errors",
            "This is a Visio stencil (shapes to draw with, not a drawing), which Quire does not "
            "translate.",
        ), translate("errors", "Give a drawing made with its shapes (.vsdx) instead.")
    if message_id == "document.msg_damaged":
        return translate("errors", "The Outlook message is damaged or cut short."), translate(
            "errors",
            "Drag the message out of Outlook again (or save it with File > Save As), then try "
            "again.",
        )
    if message_id == "document.msg_contact":
        return translate(
            "errors",
            "This Outlook item is a contact (or a contact group), not a message: Quire "
            "translates messages.",
        ), translate(
            "errors",
            "In Outlook, forward the contact as a message (or copy its notes into one), save "
            "that, then try again.",
        )
    if message_id == "document.msg_not_message":
        return translate(
            "errors",
            "This file is not an Outlook message: it is another kind of compound file (a Word, "
            "Excel or PowerPoint 97-2003 file, perhaps) under a .msg name.",
        ), translate(
            "errors",
            "Give the file its own extension (.doc, .xls, .ppt), or drag the message out of "
            "Outlook again, then try again.",
        )
    if message_id == "document.fb3":
        return translate(
            "errors", "This is a FictionBook 3 book (.fb3), which Quire cannot read."
        ), translate(
            "errors", "Download it as .fb2 from the store or library it came from, then try again."
        )
    if message_id == "document.fb2_several_books":
        return translate(
            "errors", "This zip archive holds {count} FictionBook books, not one."
        ).format(count=int(p["count"])), translate(
            "errors", "Unzip it and translate each .fb2 on its own (or the folder)."
        )
    if message_id == "document.bad_tex":
        return translate("errors", "The LaTeX file does not parse near line {line}.").format(
            line=int(p["line"])
        ), translate(
            "errors",
            "The line reads “{found}”: a brace or an environment opens or closes there without "
            "its pair, or a command there reads what follows it in a way Quire does not know; "
            "if the file compiles, write that part another way, then try again.",
        ).format(found=p["found"])
    if message_id == "document.typst_unclosed":
        return translate(
            "errors", "A {bracket} on line {line} of the Typst file is never closed."
        ).format(bracket=p["bracket"], line=int(p["line"])), translate(
            "errors",
            "Typst cannot compile the file either: close it on that line (the Typst app "
            "underlines it), then try again.",
        )
    if message_id == "document.texinfo_unclosed":
        return translate(
            "errors", "A brace near line {line} of the Texinfo file is never closed."
        ).format(line=int(p["line"])), translate(
            "errors",
            "makeinfo refuses the file too: close it, or put an @ before a brace that is text, "
            "then try again.",
        )
    if message_id == "document.texinfo_nested":
        return translate(
            "errors", "The Texinfo file nests braces more than {depth} deep, on line {line}."
        ).format(depth=int(p["depth"]), line=int(p["line"])), translate(
            "errors",
            "No manual needs so many: the file is likely damaged or was generated wrong. Check "
            "it with makeinfo, then try again.",
        )
    if message_id == "document.texinfo_overlap":
        return translate(
            "errors",
            "Quire cannot tell where the text near line {line} of the Texinfo file ends.",
        ).format(line=int(p["line"])), translate(
            "errors",
            "Nothing was written, rather than write that text twice. Please report it to "
            "Quire's authors with the file.",
        )
    if message_id == "document.typst_not_utf8":
        return translate(
            "errors", "The Typst file is not UTF-8 text (line {line}), and Typst reads only UTF-8."
        ).format(line=int(p["line"])), translate(
            "errors",
            "Save it as UTF-8 (Unicode) in its editor, then try again.",
        )
    if message_id == "document.fluent_not_utf8":
        return translate(
            "errors",
            "The Fluent file is not UTF-8 text (line {line}), and Fluent reads only UTF-8.",
        ).format(line=int(p["line"])), translate(
            "errors",
            "Save it as UTF-8 (Unicode) in its editor, then try again.",
        )
    if message_id == "document.bad_fluent":
        return translate(
            "errors", "The Fluent file cannot be read at line {line} ({what})."
        ).format(line=int(p["line"]), what=p["what"]), translate(
            "errors",
            "Correct that line (id = text, attributes and variants indented below it), then "
            "try again.",
        )
    if message_id == "document.php_not_language":
        return translate(
            "errors", "This PHP file is no language array: {what} (line {line})."
        ).format(what=p["what"], line=int(p["line"])), translate(
            "errors",
            "Quire translates PHP files that return an array of strings (Laravel's "
            "lang/en/auth.php, CodeIgniter's app/Language/en/Validation.php), not other PHP.",
        )
    if message_id == "document.php_wordpress":
        return translate(
            "errors",
            "This is a WordPress translation file (.l10n.php): its messages are translations "
            "already, keyed by their English text, and WordPress makes it from a .po file.",
        ), translate(
            "errors",
            "Translate the theme's or plugin's .po file (or its .pot template) instead, then "
            "make the .l10n.php from it again with wp i18n make-php.",
        )
    if message_id == "document.php_yii_messages":
        return translate(
            "errors",
            "This is a Yii message file: its keys are the text and its values the "
            "translations, which Quire does not fill in.",
        ), translate(
            "errors",
            "Have yii message write the messages as a gettext catalog ('format' => 'po' in its "
            "config), then translate the .po file.",
        )
    if message_id == "document.not_xcstrings":
        return translate("errors", "This JSON file is not an Xcode String Catalog."), translate(
            "errors", "Quire translates the .xcstrings catalogs Xcode 15 and later make."
        )
    if message_id == "document.not_notebook":
        return translate("errors", "This JSON file is not a Jupyter notebook."), translate(
            "errors", "Quire translates the .ipynb notebooks Jupyter saves."
        )
    if message_id == "document.notebook_version":
        return translate(
            "errors", "This notebook is in nbformat {version}; Quire translates version 4."
        ).format(version=p["version"]), translate(
            "errors", "Open it in Jupyter and save it (Jupyter saves version 4), then try again."
        )
    if message_id == "document.catalog_has_target":
        return translate(
            "errors", "Every string of this catalog is translated into {language} already."
        ).format(language=p["language"]), translate(
            "errors", "Choose another target language, or add strings to the catalog in Xcode."
        )
    if message_id == "document.bad_properties":
        return translate(
            "errors", "This is not a properties file: it has no key = value line."
        ), translate("errors", "Give a Java .properties file (lines such as greeting = Hello).")
    if message_id == "document.bad_properties_escape":
        return translate(
            "errors", "This properties file has a broken \\u escape at line {line}."
        ).format(line=int(p["line"])), translate(
            "errors", "Write it as \\u and four hexadecimal digits (\\u00e9), then try again."
        )
    if message_id == "document.bad_yaml":
        return translate("errors", "The YAML file is damaged near line {line}.").format(
            line=int(p["line"])
        ), translate("errors", "Check it in a YAML editor or validator, then try again.")
    if message_id == "document.bad_toml":
        return translate("errors", "The TOML file is damaged near line {line}.").format(
            line=int(p["line"])
        ), translate("errors", "Check it in a TOML editor or validator, then try again.")
    if message_id == "document.toml_settings":
        return translate(
            "errors", "{name} holds a program's settings, not text to translate."
        ).format(name=p["name"]), translate(
            "errors",
            "Give a document, or Hugo's i18n table (i18n/en.toml) or settings (hugo.toml).",
        )
    if message_id == "document.bad_resx":
        return translate("errors", "The {suffix} file is damaged near line {line}.").format(
            suffix=p.get("suffix", ".resx"), line=int(p["line"])
        ), translate(
            "errors", "Open it in Visual Studio or an XML editor, correct it, then try again."
        )
    if message_id == "document.not_manual_page":
        return translate(
            "errors", "This is not a manual page: it does not start with roff requests (.TH, .SH)."
        ), translate("errors", "Give a manual page written in man(7) macros.")
    if message_id == "document.mdoc_page":
        return translate(
            "errors",
            "This is an mdoc manual page (BSD's macros: .Dd, .Sh, .Nm…), which Quire does not "
            "translate.",
        ), translate(
            "errors", "Convert it to man(7) macros with: {command}, then translate that."
        ).format(command=p["command"])
    if message_id == "document.manual_page_link":
        return translate("errors", "This manual page only includes another ({page}).").format(
            page=p["page"]
        ), translate("errors", "Translate the page it names instead.")
    if message_id == "document.compressed_manual_page":
        return translate(
            "errors", "This is a compressed manual page, which Quire reads uncompressed."
        ), translate("errors", "Uncompress it first ({command}), then translate {name}.").format(
            command=p["command"], name=p["name"]
        )
    if message_id == "document.bad_wikitext":
        return translate("errors", "This wikitext page cannot be read as it is written."), (
            translate(
                "errors",
                "Check that the file is a wiki page's source, as the wiki's editor saves it.",
            )
        )
    if message_id == "document.ini_settings":
        return translate(
            "errors",
            "This .ini file holds a program's settings, not text to translate (line {line}).",
        ).format(line=int(p["line"])), translate(
            "errors",
            'Quire translates Joomla\'s language files (KEY="Text" lines, in language/en-GB/) '
            "and Inno Setup's messages (.isl).",
        )
    if message_id == "document.bad_rc" and "page" in p:
        return translate(
            "errors", "The resource script names code page {page}, which Quire cannot read."
        ).format(page=p["page"]), translate(
            "errors",
            "Correct its #pragma code_page line (1252, or 65001 for UTF-8), then try again.",
        )
    if message_id == "document.rc_has_target":
        return translate(
            "errors",
            "The resource script holds resources in {language} already: a translation into "
            "it would repeat each of them.",
        ).format(language=p["language"]), translate(
            "errors", "Translate it into another language, or remove that block first."
        )
    if message_id == "document.bad_rc":
        return translate("errors", "The resource script cannot be read at line {line}.").format(
            line=int(p["line"])
        ), translate(
            "errors",
            "Open it in Visual Studio's resource editor or a text editor, correct it, then try "
            "again.",
        )
    if message_id == "document.bad_ini":
        return translate("errors", "The language file cannot be read at line {line}.").format(
            line=int(p["line"])
        ), translate(
            "errors",
            'Correct that line (KEY="Text" in a Joomla file, Name=Text in an Inno Setup '
            "file), then try again.",
        )
    if message_id == "document.segments_locked":
        return translate(
            "errors", "Every segment of this file left to translate is locked."
        ), translate(
            "errors",
            "Unlock the segments in the tool that made it (Trados Studio, memoQ), then try again.",
        )
    if message_id == "document.xliff_translated":
        return translate("errors", "Every unit of this XLIFF file is translated already."), (
            translate(
                "errors",
                "Quire fills in empty targets only: give it a file with units left to translate.",
            )
        )
    if message_id == "document.pdf_damaged":
        return translate("errors", "The PDF is damaged and cannot be read."), translate(
            "errors", "Open it in a PDF viewer and print it to a new PDF, then try again."
        )
    if message_id == "document.pdf_no_pages":
        return translate("errors", "The PDF has no pages."), translate(
            "errors",
            "Export or print it to a new PDF from the program that made it, then try again.",
        )
    if message_id == "document.pdf_no_unicode":
        return translate(
            "errors",
            "The PDF's fonts do not say which letters their glyphs stand for, so its text "
            "cannot be read.",
        ), translate(
            "errors",
            "Print it to a new PDF from a PDF viewer, or run text recognition (OCR) on it, then "
            "try again.",
        )
    if message_id == "document.pdf_scanned":
        return translate(
            "errors", "The PDF has no text: its pages are images, as in a scan."
        ), translate("errors", "Run text recognition (OCR) on it first, then try again.")
    if message_id == "document.pdf_form_only":
        return translate("errors", "The PDF has no text but its form's fields."), translate(
            "errors",
            "Fill the form in a PDF viewer; to translate it, give the document the form was made "
            "from.",
        )
    if message_id == "document.pdf_no_text":
        return translate(
            "errors", "The PDF has no text: nothing is written on its pages."
        ), translate("errors", "Give the PDF with the document's text.")
    if message_id == "document.too_many_pages":
        return translate("errors", "The PDF has more than {limit} pages.").format(
            limit=int(p["limit"])
        ), translate("errors", "Split it into smaller files.")
    return None


def _setup(message_id: str | None, p: dict[str, str | int | float]) -> tuple[str, str] | None:
    """What the installation, a model's own settings, a converter or the engine's machinery
    can meet: the catalog, generation settings, checkpoints, the local API."""
    # The shipped catalog is Quire's own (reinstall); a site's catalog given in its place is
    # the file named above (correct it).
    catalog = (
        translate("errors", "Reinstall Quire. Installed models work as before.")
        if int(p.get("shipped", 1))
        else translate(
            "errors",
            "Correct this catalog file, which replaces the shipped one, or stop using it. "
            "Installed models work as before.",
        )
    )
    if message_id == "catalog.missing":
        return translate("errors", "The model catalog is missing."), catalog
    if message_id == "catalog.not_json":
        return translate("errors", "The model catalog is damaged: it is not valid JSON."), catalog
    if message_id == "catalog.malformed":
        return translate(
            "errors", "The model catalog is damaged: it does not list models the way Quire reads."
        ), catalog
    if message_id == "catalog.bad_entry":
        return translate("errors", "The model catalog's entry for {entry} is damaged.").format(
            entry=p["entry"]
        ), catalog
    generation = translate(
        "errors",
        "The model's generation_config.json is damaged or made for another program: import the "
        "model again from a complete folder or archive, or choose another model.",
    )
    if message_id == "generation.bad_setting":
        return translate(
            "errors", "The model's generation setting {setting} cannot be {value}."
        ).format(setting=p["setting"], value=p["value"]), generation
    if message_id == "generation.beyond_vocabulary":
        return translate(
            "errors",
            "The model's generation settings name tokens beyond its vocabulary of {vocab}.",
        ).format(vocab=int(p["vocab"])), generation
    if message_id == "generation.no_special_tokens":
        return translate(
            "errors", "The model does not say which token starts or ends what it writes."
        ), translate(
            "errors",
            "Its config.json or generation_config.json is incomplete: import the model again "
            "from a complete folder or archive.",
        )
    if message_id == "model.no_variant":
        return translate(
            "errors", "{model} has no {variant} version, which the Variant preference asks for."
        ).format(model=p["model"], variant=p["variant"]), translate(
            "errors", "Set Variant to Automatic in Settings → Preferences, or choose another model."
        )
    if message_id == "model.folder_not_utf8":
        return translate(
            "errors", "ONNX Runtime cannot open the model: its folder's name is not plain text."
        ), translate(
            "errors", "Move Quire's models to a folder with a plain name, or rename the folder."
        )
    if message_id == "model.cannot_tokenize":
        return translate("errors", "The model's tokenizer cannot read this text."), translate(
            "errors", "Try a shorter or plainer text, or choose another model."
        )
    if message_id == "instruct.template_refuses":
        return translate(
            "errors", "The model's chat template refuses this request: {reason}"
        ).format(reason=p["reason"]), translate(
            "errors", "Choose another instruction model in Model, or leave it on Automatic."
        )
    if message_id == "classify.not_nli":
        return translate(
            "errors", "{model} cannot sort text into the labels you give: it is not an NLI model."
        ).format(model=p["model"]), translate(
            "errors",
            "Choose an NLI model, a sentence-embedding model or an instruction model in Model, "
            "or leave it on Automatic.",
        )
    if message_id == "embed.not_embedding":
        return translate("errors", "{model} is not a sentence-embedding model.").format(
            model=p["model"]
        ), translate("errors", "Choose another model, or leave Model on Automatic.")
    if message_id == "store.bad_name":
        return translate("errors", "“{name}” cannot be a model's name.").format(
            name=p["name"]
        ), translate(
            "errors",
            "Rename the folder or archive with letters, digits, '.', '_' and '-', starting with "
            "a letter or digit, and import it again.",
        )
    onnx = translate(
        "errors",
        "Quire may not convert this kind of model yet: import its ONNX version instead (the "
        "catalog has many).",
    )
    if message_id == "export.bad_file":
        return translate(
            "errors", "The checkpoint's {file} does not hold what its name says."
        ).format(file=p["file"]), translate(
            "errors",
            "Save the checkpoint again from the program that made it, or import the model's ONNX "
            "version.",
        )
    if message_id == "export.failed":
        return translate("errors", "The ONNX exporter could not convert this checkpoint."), onnx
    if message_id == "export.no_output":
        return translate("errors", "The ONNX exporter finished but wrote no model."), onnx
    if message_id == "export.convert_failed":
        return translate(
            "errors", "Quire could not finish the converted model's ONNX files."
        ), translate(
            "errors", "Check that the disk has room and try again, or import the model's ONNX "
            "version.",
        )  # fmt: skip
    if message_id == "export.variant_failed":
        return translate(
            "errors", "Quire could not make the {variant} version of the converted model."
        ).format(variant=p["variant"]), onnx
    if message_id == "export.invalid_result":
        return translate("errors", "The converted model does not work as a Quire model."), onnx
    if message_id == "download.no_ca_bundle":
        return translate(
            "errors", "The certificate bundle set for downloads is not there: {path}."
        ).format(path=p["path"]), translate(
            "errors",
            "Point the certificate bundle setting (or REQUESTS_CA_BUNDLE) at an existing PEM "
            "file, or remove it, then start Quire again.",
        )
    if message_id == "download.no_variant":
        return translate("errors", "{name} has no {variant} version to download.").format(
            name=p["name"], variant=p["variant"]
        ), translate("errors", "Choose another variant, or leave it on Automatic.")
    if message_id == "download.failed":
        return translate("errors", "The download from {host} failed.").format(
            host=p["host"]
        ), translate(
            "errors", "Check the network connection and try again; the details say what failed."
        )
    if message_id == "download.no_file_list":
        return translate("errors", "{host} sent no list of the files of {repo}.").format(
            host=p["host"], repo=p["repo"]
        ), translate(
            "errors", "Try again later, or set a download mirror in Settings → Preferences."
        )
    if message_id == "download.unknown_model":
        return translate("errors", "The catalog has no model called “{name}”.").format(
            name=p["name"]
        ), translate("errors", "Choose a model from the catalog (Models → Browse the catalog…).")
    if message_id == "document.checkpoint_failed":
        return translate(
            "errors", "Quire cannot keep the translation's progress in {folder}."
        ).format(folder=p["folder"]), translate(
            "errors", "Check that the disk has room and that Quire may write to that folder."
        )
    if message_id == "document.reader_missing":
        message = translate(
            "errors",
            "This installation of Quire cannot read {suffix} files: its part {part} is missing.",
        )
        return message.format(suffix=p["suffix"], part=p["part"]), translate(
            "errors", "Reinstall Quire."
        )
    if message_id == "file.unknown_encoding_name":
        return translate("errors", "Quire does not know the encoding “{encoding}”.").format(
            encoding=p["encoding"]
        ), translate("errors", "Choose another encoding in File → Reopen with Encoding.")
    if message_id == "file.output_not_regular":
        return translate(
            "errors", "The result cannot be written there: it is not an ordinary file."
        ), translate("errors", "Choose another name or folder for the result.")
    if message_id == "engine.api_slow_start":
        return translate("errors", "The local API did not start in time."), translate(
            "errors",
            "Wait a moment, then turn “Serve a local translation API” on again in Settings → "
            "Preferences.",
        )
    if message_id == "engine.api_failed":
        return translate("errors", "The local API could not start."), translate(
            "errors", "Try again. If it keeps happening, please report it with the details below."
        )
    if message_id == "engine.bug":
        return translate("errors", "Quire's engine ran into a bug."), translate(
            "errors", "Try again. If it keeps happening, please report it with the details below."
        )
    return None


def _remedy_words(p: dict[str, str | int | float]) -> dict[str, str | int | float]:
    """The words a LibreOffice refusal's remedy names (engine.documents.libreoffice._params):
    the program, what the user saves or exports the file as, and the program that opens it
    where not its own; those a refusal leaves out (Write's file: no ``save_as``) as "". The
    engine's few English phrases among them ("Rich Text (.rtf)", "a recent Hangul") in the UI's
    language: a Chinese hint said "用 a recent Hangul 打开"."""
    return {
        "program": p.get("program", ""),
        "save_as": _phrase(str(p.get("save_as", ""))),
        "export": p.get("export", ""),
        "opener": _phrase(str(p.get("opener", ""))),
    }


def _phrase(words: str) -> str:
    """One of the engine's phrases in a remedy (engine.documents.imported), as the UI words it;
    a suffix (".docx") or a program's name as it is."""
    if words == "Rich Text (.rtf)":
        return translate("errors", "Rich Text (.rtf)")
    if words == "a web page (.html)":
        return translate("errors", "a web page (.html)")
    if words == "a recent Hangul":
        return translate("errors", "a recent Hangul")
    return words
