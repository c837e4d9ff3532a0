"""What is typed in the panes, kept in ``drafts.json`` in Quire's data folder (beside the
history) so that a restart, a crash or a power cut does not lose it. The main window writes it
a moment after the typing stops and when it closes, on the history's thread; at the next start
each pane whose inputs are still empty gets its texts back."""

from __future__ import annotations

import json
from pathlib import Path

from engine import write_atomic

FILE_NAME = "drafts.json"
VERSION = 1
# A pane's texts over this many characters in all are not kept: they came from a document
# (which is still where it was), and rewriting megabytes after every pause in typing would
# cost more than it saves.
MAX_CHARS = 1_000_000

Drafts = dict[str, list[str]]  # a pane's task → its inputs' texts, in the pane's order


def read_drafts(path: Path) -> Drafts:
    """The drafts in ``path``; none where it is missing, cannot be read or is damaged (a
    draft is a convenience: the file is rewritten at the next pause in typing)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    panes = data.get("panes") if isinstance(data, dict) else None
    if not isinstance(panes, dict):
        return {}
    return {
        task: texts
        for task, texts in panes.items()
        if isinstance(task, str)
        and isinstance(texts, list)
        and all(isinstance(text, str) for text in texts)
    }


def kept(drafts: Drafts) -> Drafts:
    """The drafts worth a place in the file: a pane's with some text, not too long."""
    return {
        task: texts
        for task, texts in drafts.items()
        if any(text.strip() for text in texts) and sum(map(len, texts)) <= MAX_CHARS
    }


def write_drafts(path: Path, drafts: Drafts) -> None:
    """Write ``drafts`` (as ``kept`` keeps them) in place of the file, whole or not at all.
    ASCII escapes: a pasted lone surrogate has no UTF-8 but reads back as it was."""
    payload = json.dumps({"version": VERSION, "panes": kept(drafts)}) + "\n"
    write_atomic(path, payload, private=True)
