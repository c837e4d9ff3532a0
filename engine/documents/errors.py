"""The one error documents raise (it lives in the engine's error tree)."""

from __future__ import annotations

import json
from pathlib import Path

from engine.errors import DocumentError


def empty_file(path: Path) -> DocumentError:
    """A file of no bytes, or only white space: nothing yet, not "not a valid …"."""
    return DocumentError(
        "The file is empty",
        path=path,
        hint="Give a document with text",
        message_id="document.no_text",
    )


def renamed_file(path: Path, actual: str) -> DocumentError:
    """A file of one kind (``actual``: its suffix, ".odg") under another kind's name."""
    return DocumentError(
        f"This is a {actual} file with a {path.suffix} name",
        path=path,
        hint=f"Rename it to {path.stem}{actual}, then retry",
        message_id="document.renamed",
        params={"actual": actual, "suffix": path.suffix, "name": f"{path.stem}{actual}"},
    )


def other_target(path: Path, what: str, declared: str, target: str, hint: str) -> DocumentError:
    """A localisation file ("This catalog", "This XLIFF file") that declares it is to be
    translated into ``declared``, asked for ``target``: refused before any work."""
    return DocumentError(
        f"{what} is for {declared}, not {target}",
        path=path,
        hint=hint,
        message_id="document.target_language",
        params={"declared": declared, "target": target},
    )


def bad_json(path: Path, what: str, line: int = 1) -> DocumentError:
    """A JSON file (translations, a string catalog) that is not valid JSON."""
    return DocumentError(
        f"This is not valid JSON: {what}",
        path=path,
        hint="Check the file in a JSON editor or validator, then retry",
        message_id="document.bad_json",
        params={"line": line},
    )


def json_error(path: Path, exc: json.JSONDecodeError) -> DocumentError:
    """``bad_json`` for the error Python's json gave: its words (which end "starting at"
    or "delimiter", so the line follows a colon), and, where the file stops before its last
    bracket closes, that it looks cut short (a download or a copy that did not finish)."""
    what = f"{exc.msg}: line {exc.lineno}"
    if not exc.doc.rstrip().endswith(("}", "]")):
        return DocumentError(
            f"This is not valid JSON: {what}; the file ends before its last bracket "
            "closes, so it looks cut short",
            path=path,
            hint="Copy or download the file again (or open its last saved copy), then retry",
            message_id="document.json_cut_short",
            params={"line": exc.lineno},
        )
    return bad_json(path, what, exc.lineno)


__all__ = ["DocumentError", "bad_json", "empty_file", "json_error", "other_target"]
