"""Hugo's i18n tables (go-i18n's message files: ``i18n/en.toml``, ``.yaml``, ``.json``) and its
settings in TOML (``hugo.toml``, ``config.toml``, the files of ``config/_default/``), as real
sites and themes write them (tests/data/hugo/, its README says whence): a table's messages are
translated and named for the target as Hugo finds them, its ids and Go templates kept; of the
settings, only what a reader of the site sees. Python's tomllib reads every output as the
same data but the texts."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from engine.documents import Document, open_document
from engine.documents.language import target_language

DATA = Path(__file__).parent / "data" / "hugo"


def toml_data(text: str | bytes) -> Any:
    """What Python's own TOML reader (3.11's tomllib, not the library Quire writes with)
    reads from ``text``."""
    tomllib = pytest.importorskip("tomllib", reason="Python 3.11's")
    return tomllib.loads(text.decode("utf-8") if isinstance(text, bytes) else text)


def german(document: Document) -> bytes:
    """The document written with each unit marked as translated ("[de] …")."""
    return document.write(
        [f"[de] {u.text}" for u in document.units], language=target_language("de")
    )


def marked(data: Any, ids: list[str]) -> Any:
    """``data`` with each of ``ids``' values (its placeholders shown) marked as ``german``
    marks it."""
    data = copy.deepcopy(data)
    for unit_id in ids:
        *keys, last = unit_id.split(".")
        parent = data
        for key in keys:
            parent = parent[int(key)] if isinstance(parent, list) else parent[key]
        at: Any = int(last) if isinstance(parent, list) else last
        parent[at] = f"[de] {parent[at]}"
    return data


def copied(tmp_path: Path, name: str) -> Path:
    """A fixture copied where its site keeps it (``i18n/en.toml``)."""
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(DATA / name, path)
    return path


def test_papermods_message_ids_are_kept(tmp_path: Path) -> None:
    """PaperMod's i18n/en.yaml is go-i18n 1's list of ``- id: prev_page`` and its
    ``translation``: its ids went to the model and came back "Vorherige_Seite", so Hugo found
    no message prev_page and the German theme showed nothing where "Prev" was."""
    source = copied(tmp_path, "papermod/i18n/en.yaml")
    document = open_document(source)
    ids = [u.id for u in document.units]
    assert ids == [
        "0.translation",
        "1.translation",
        "2.translation.one",
        "2.translation.other",
        "3.translation.one",
        "3.translation.other",
        "4.translation",
        "5.translation",
    ]
    assert yaml.safe_load(german(document)) == marked(yaml.safe_load(source.read_text()), ids)
