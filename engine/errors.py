"""The one error tree of the engine.

    EngineError                  everything the engine raises on purpose
    ├── ModelError               a model folder cannot be used
    │   ├── ModelNotFound        no such folder / no installed model fits
    │   ├── ModelInvalid         a file is missing, unreadable or inconsistent (names the file)
    │   └── ModelUnsupported     a valid folder of a kind Quire cannot run
    ├── RuntimeUnavailable       neither ONNX Runtime nor PyTorch can run the model
    ├── InputError               the user's input is empty, unreadable or of the wrong kind
    │   └── DocumentError        a document is unsupported, corrupt, encrypted, empty or too large
    ├── ExportError              a checkpoint could not be exported
    ├── StoreError               the model store cannot do what was asked
    ├── EngineStopped            the engine process died under a job (the hint names the cause)
    └── Cancelled                the caller's cancel token was set (never shown as an error)

Foreign exceptions (onnxruntime, tokenizers, OSError, json) are translated into this tree at
the boundary where they happen, so callers need to catch ``EngineError`` only.

The errors a user meets most often also carry a ``message_id`` (a stable dotted name such as
``translate.no_model_from``) and its ``params``, so that a front end can word them in its own
language; ``message`` and ``hint`` stay the English text, the fallback for any other id.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path

Param = str | int | float


def install_extra(extra: str) -> str:
    """How to get one of Quire's optional parts, for a hint: pip's command, or in the packaged
    app (which has no pip, and cannot take packages) where the part is to be had."""
    command = f"pip install 'quire[{extra}]'"
    if getattr(sys, "frozen", False):
        return f"the installed app does not include it; Quire installed with {command} does"
    return command


class EngineError(Exception):
    """Base class: ``message`` says what happened, ``path`` which file, ``hint`` what to do;
    ``message_id`` and ``params`` name the sentence for front ends that translate it."""

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        hint: str = "",
        message_id: str | None = None,
        params: Mapping[str, Param] | None = None,
    ) -> None:
        self.message = message
        self.path = Path(path) if path is not None else None
        self.hint = hint
        self.message_id = message_id
        self.params: dict[str, Param] = dict(params or {})
        super().__init__(self.__str__())

    def __str__(self) -> str:
        text = self.message
        if self.path is not None:
            text = f"{text} ({self.path})"
        if self.hint:
            text = f"{text}. {self.hint}"
        return text


class ModelError(EngineError):
    """A model folder cannot be used."""


class ModelNotFound(ModelError):
    """No such model folder, or no installed model fits the request."""


class ModelInvalid(ModelError):
    """A file of a model folder is missing, unreadable or inconsistent."""


class ModelUnsupported(ModelError):
    """A well-formed model folder of a kind Quire cannot run."""


class RuntimeUnavailable(EngineError):
    """Neither ONNX Runtime nor PyTorch can run the model on this machine."""


class InputError(EngineError):
    """The user's input is empty, unreadable or of the wrong kind."""


class DocumentError(InputError):
    """A document cannot be read or written; ``path`` names it, ``hint`` says what to do."""


class ExportError(EngineError):
    """A checkpoint could not be exported to ONNX."""


class StoreError(EngineError):
    """The model store cannot do what was asked."""


class EngineStopped(EngineError):
    """The engine's process ended in the middle of a job (killed, crashed, out of memory); the
    hint names the cause when it is known. The next job starts a fresh process."""


class Cancelled(EngineError):
    """The caller cancelled the job. Presenters ignore it. ``partial``: what a command had
    done by then, for its --json document (generate's text so far)."""

    def __init__(self, message: str = "Cancelled") -> None:
        super().__init__(message)
        self.partial: dict[str, object] = {}


__all__ = [
    "Cancelled",
    "DocumentError",
    "EngineError",
    "EngineStopped",
    "ExportError",
    "InputError",
    "ModelError",
    "ModelInvalid",
    "ModelNotFound",
    "ModelUnsupported",
    "RuntimeUnavailable",
    "StoreError",
]
