"""YAML translation files as their producers write them (tests/data/yaml/: Ruby's Psych, as
i18n-tasks writes Rails locale files, and files typed as Rails and Symfony developers type
them), checked against Ruby's YAML, which Rails loads them with: ``NAME.ruby.json`` is what
it read from the fixture, ``NAME.fr.ruby.json`` from Quire's French output, which these
tests write again byte for byte (tools/make_yaml_fixtures.py made both). PyYAML, another
reader than Ruby's, reads the outputs here too."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from engine.documents import Document, DocumentError, open_document
from engine.documents.folders import folder_documents
from engine.documents.language import target_language
from tests.fixtures.yaml_locales import FRENCH

DATA = Path(__file__).parent / "data" / "yaml"
FIXTURES = ("psych.yml", "rails.yml", "messages.en.yaml")


def french(document: Document) -> bytes:
    texts = [FRENCH.get(unit.id, unit.text) for unit in document.units]
    return document.write(texts, language=target_language("fr"))


def ruby(name: str) -> Any:
    return json.loads((DATA / f"{name.rsplit('.', 1)[0]}.ruby.json").read_text("utf-8"))


def at(data: Any, unit_id: str) -> Any:
    for key in unit_id.split("."):
        data = data[int(key)] if isinstance(data, list) else data[key]
    return data


def french_name(name: str) -> str:
    stem, suffix = name.rsplit(".", 1)
    return f"{stem}.fr.{suffix}"


@pytest.mark.parametrize("name", FIXTURES)
def test_each_string_reads_as_ruby_reads_it(name: str) -> None:
    document = open_document(DATA / name)
    data = ruby(name)
    root = data.get("en", data) if name != "messages.en.yaml" else data
    flat = {k: v for k, v in data.items() if "." in k} if name == "messages.en.yaml" else {}
    for unit in document.units:
        value = flat.get(unit.id) if unit.id in flat else at(root, unit.id)
        assert isinstance(value, str), unit.id
        assert unit.shown == value.strip(), unit.id


@pytest.mark.parametrize("name", FIXTURES)
def test_the_french_written_is_what_ruby_reads_as_the_translation(name: str) -> None:
    document = open_document(DATA / name)
    out = french(document)
    assert out == (DATA / french_name(name)).read_bytes()
    before, after = ruby(name), ruby(french_name(name))
    assert yaml.safe_load(out) == after  # (and PyYAML reads what Ruby read)
    if "en" in before:  # Rails finds the locale by its top-level key: now the target's
        assert list(after) == ["fr"]
        before, after = before["en"], after["fr"]

    def value(data: Any, unit_id: str) -> Any:
        return data[unit_id] if unit_id in data else at(data, unit_id)

    for unit in document.units:
        source = value(before, unit.id)
        lead = source[: len(source) - len(source.lstrip())]
        trail = source[len(source.rstrip()) :]
        expected = lead + unit.shown_in(FRENCH.get(unit.id, unit.text)) + trail
        assert value(after, unit.id) == expected, unit.id
    # What is no text stays: numbers, booleans, strftime formats, merged anchors.
    if name == "psych.yml":
        assert (after["count"], after["enabled"]) == (3, True)
        assert after["date"]["formats"] == before["date"]["formats"]
        # French numbers take "many" besides "one" and "other": added, with "other"'s text.
        assert after["inbox"]["many"] == after["inbox"]["other"]
    if name == "rails.yml":
        assert after["documents"]["save"] == "Enregistrer"  # (through <<: *defaults)
        assert after["documents"]["size_limit"] == 50


def test_only_the_strings_and_the_locale_key_change() -> None:
    source = (DATA / "rails.yml").read_text("utf-8").splitlines()
    out = (DATA / "rails.fr.yml").read_text("utf-8").splitlines()
    kept = [line for line in source if line.lstrip().startswith(("#", "<<", "size_limit"))]
    assert kept == [line for line in out if line.lstrip().startswith(("#", "<<", "size_limit"))]
    assert '    tabs: [Récents, "Partagés, avec vous", Archivés]' in out  # (a comma: quoted)


def test_a_translation_that_loses_a_placeholder_keeps_the_source(tmp_path: Path) -> None:
    path = tmp_path / "en.yml"
    path.write_text('en:\n  a: "Copy %{file} to %{folder}?"\n  b: Done\n', "utf-8")
    document = open_document(path)
    assert [(u.id, u.text) for u in document.units] == [
        ("a", "Copy ZXQ1Q to ZXQ2Q?"),
        ("b", "Done"),
    ]
    out = document.write(["Copier ZXQ1Q ?", "no"], language=target_language("es"))
    assert out.decode("utf-8") == 'es:\n  a: "Copy %{file} to %{folder}?"\n  b: "no"\n'
    assert yaml.safe_load(out) == {"es": {"a": "Copy %{file} to %{folder}?", "b": "no"}}


def test_a_file_with_another_top_level_key_keeps_it(tmp_path: Path) -> None:
    path = tmp_path / "app.yml"
    path.write_text("app:\n  title: Quire\n", "utf-8")
    out = open_document(path).write(["Quire!"], language=target_language("de"))
    assert out.decode("utf-8") == "app:\n  title: Quire!\n"


def test_damaged_yaml_says_which_line(tmp_path: Path) -> None:
    path = tmp_path / "en.yml"
    path.write_text("en:\n  a: [open\n  b: x\n", "utf-8")
    with pytest.raises(DocumentError) as caught:
        open_document(path)
    assert caught.value.message_id == "document.bad_yaml"
    assert caught.value.params["line"] in (2, 3)


def test_a_folder_takes_locale_files_and_passes_over_settings(tmp_path: Path) -> None:
    (tmp_path / "en.yml").write_bytes((DATA / "rails.yml").read_bytes())
    (tmp_path / "messages.en.yaml").write_bytes((DATA / "messages.en.yaml").read_bytes())
    (tmp_path / "docker-compose.yml").write_text("services:\n  db:\n    image: postgres\n")
    (tmp_path / "openapi.yaml").write_text("openapi: 3.0.0\ninfo:\n  title: API\n")
    found, skipped = folder_documents(tmp_path, "de")
    assert [p.name for p in found] == ["en.yml", "messages.en.yaml"]
    assert {s.path.name for s in skipped} == {"docker-compose.yml", "openapi.yaml"}


def test_a_windows_file_keeps_its_line_ends(tmp_path: Path) -> None:
    path = tmp_path / "en.yml"
    path.write_bytes(b'en:\r\n  b: |\r\n    One\r\n    Two\r\n  c:\r\n    one: "%{n} file"\r\n'
                     b'    other: "%{n} files"\r\n')  # fmt: skip
    document = open_document(path)
    out = document.write(
        ["Eins\nZwei", "ZXQ1Q Datei", "ZXQ1Q Dateien"], language=target_language("ru")
    )
    assert b"\n" not in out.replace(b"\r\n", b"")
    assert yaml.safe_load(out)["ru"] == {
        "b": "Eins\nZwei\n",
        "c": {k: f"%{{n}} {v}" for k, v in
              (("one", "Datei"), ("other", "Dateien"), ("few", "Dateien"), ("many", "Dateien"))},
    }  # fmt: skip


def test_anchors_tags_symbols_and_what_ruby_reads_otherwise_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "en.yml"
    path.write_text(
        "en:\n  base: &b Shared text\n  again: *b\n  tagged: !!str Plain\n"
        "  order:\n  - :year\n  - :month\n  n: ten\n",
        "utf-8",
    )
    document = open_document(path)
    assert [u.id for u in document.units] == ["base", "tagged", "n"]  # (:year is a symbol)
    out = document.write(["Felles tekst", "Enkel", "1,000"], language=target_language("no"))
    assert out.decode("utf-8") == (
        '"no":\n  base: &b Felles tekst\n  again: *b\n  tagged: !!str Enkel\n'
        '  order:\n  - :year\n  - :month\n  n: "1,000"\n'
    )  # ("no" bare is false to YAML 1.1; 1,000 is a number to Ruby)
    assert yaml.safe_load(out)["no"]["again"] == "Felles tekst"


def test_an_alias_bomb_is_read_in_linear_time(tmp_path: Path) -> None:
    lines = ["en:", "  a0: &a0 [lol]"]
    lines += [f"  a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 9)]
    path = tmp_path / "en.yml"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    # Nine to the eighth strings if aliases were followed: read once, it is one unit.
    assert [u.text for u in open_document(path).units] == ["lol"]


def test_a_folder_leaves_the_targets_file_and_settings_that_start_like_a_locale(
    tmp_path: Path,
) -> None:
    project = tmp_path / "lang" / "app"  # (a folder named like a locale folder, above)
    (project / "config" / "locales").mkdir(parents=True)
    (project / "config" / "locales" / "en.yml").write_text("en:\n  hi: Hello\n")
    (project / "config" / "locales" / "de.yml").write_text("de:\n  hi: Hallo\n")
    (project / "elasticsearch.yml").write_text("es:\n  host: localhost\nlogging: debug\n")
    (project / "docker-compose.yml").write_text("services:\n  db:\n    image: postgres\n")
    found, _skipped = folder_documents(project, "de", recursive=True)
    assert [p.relative_to(project).as_posix() for p in found] == ["config/locales/en.yml"]


def test_a_block_that_gives_its_indentation_keeps_its_lines_there(tmp_path: Path) -> None:
    path = tmp_path / "en.yml"
    path.write_text("en:\n  blk: |2-\n      indented two\n    more\n", "utf-8")
    document = open_document(path)
    out = document.write(["eingerückt zwei\nmehr"], language=target_language("de"))
    # (Ruby's YAML read the source as "  indented two\nmore", and this as its German)
    assert yaml.safe_load(out) == {"de": {"blk": "  eingerückt zwei\nmehr"}}
