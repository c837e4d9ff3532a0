"""Hugo's i18n tables (go-i18n's message files: ``i18n/en.toml``, ``.yaml``, ``.json``) and its
settings in TOML (``hugo.toml``, ``config.toml``, the files of ``config/_default/``), as real
sites and themes write them (tests/data/hugo/, its README says whence): a table's messages are
translated and named for the target as Hugo finds them, its ids and Go templates kept; of the
settings, only what a reader of the site sees. Python's tomllib reads every output as the
same data but the texts."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from engine.documents import Document, open_document
from engine.documents.folders import folder_documents
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


def test_a_hugo_table_in_json_is_named_for_the_target_with_its_plural_forms(
    tmp_path: Path,
) -> None:
    """Hugo reads i18n/en.json as i18n/en.toml: its translation was written en.de.json, which
    Hugo reads as no language's table, and a message's plural forms got none the target has
    besides (Russian's few and many: Hugo shows "other" for them, English's form). Now it is
    de.json (ru.json), its forms added with "other"'s translation, its templates kept."""
    from engine.documents.translate import default_output

    source = copied(tmp_path, "docsy/i18n/en.json")
    assert default_output(source, "de") == source.with_name("de.json")
    document = open_document(source)
    ids = [u.id for u in document.units]
    assert ids == [
        "ui_pager_prev.other",
        "community_join.other",
        "post_reading_time.one",
        "post_reading_time.other",
    ]
    assert "{{" not in document.units[1].text  # (a placeholder the model places)
    russian = target_language("ru")
    assert russian is not None
    written = json.loads(
        document.write([f"[ru] {u.text}" for u in document.units], language=russian)
    )
    other = "[ru] {{ .Count }} minutes"
    expected = marked(json.loads(source.read_text("utf-8")), ids)
    expected["post_reading_time"].update(few=other, many=other)
    assert written == {
        k: {f: t.replace("[de]", "[ru]") for f, t in v.items()} for k, v in expected.items()
    }
    go_i18n_1 = source.with_name("fr.json")
    go_i18n_1.write_text('[{"id": "home", "description": "The home link", "translation": "Home"}]')
    assert [u.id for u in open_document(go_i18n_1).units] == ["0.translation"]
    lone = source.with_name("en.yaml")  # (one form alone: a message of one form, as in YAML)
    lone.write_text("home:\n  other: Home\n", "utf-8")
    assert open_document(lone).write(["Главная"], language=russian).decode() == (
        "home:\n  other: Главная\n"
    )
    found, skipped = folder_documents(source.parent, "de")  # (fr.json: French's own)
    assert [p.name for p in found] == ["en.json", "en.yaml"]
    assert [(s.path.name, s.reason) for s in skipped] == [("fr.json", "language")]
