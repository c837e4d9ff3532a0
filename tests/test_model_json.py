"""A model folder's JSON files are read within a size and nesting budget; hostile or broken
ones are refused at import, naming the file, and never reach a task."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine import Engine, EngineOptions, ModelInvalid
from engine.runtime import jsonfile
from engine.runtime.jsonfile import MAX_DEPTH, nesting_depth, read_json
from tests.test_manifest import make_folder
from tests.test_store_import import ENCODER, folder_members, store_entries, zip_of


def reference_depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max((reference_depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((reference_depth(v) for v in value), default=0)
    return 0


# Strings full of the characters the scan must see through: brackets, quotes, backslashes.
_tricky = st.text(alphabet='[]{}"\\ab\n', max_size=8)
_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | _tricky,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_tricky, inner, max_size=4),
    max_leaves=30,
)


@given(_json_values)
def test_the_nesting_scan_agrees_with_the_parsed_structure(value: Any) -> None:
    for text in (json.dumps(value), json.dumps(value, indent=1, ensure_ascii=False)):
        assert nesting_depth(text.encode("utf-8")) == reference_depth(value)


def nested(depth: int) -> str:
    return '{"model_type": "bert", "x": ' + "[" * depth + "]" * depth + "}"


def test_deep_nesting_is_refused_without_recursing(tmp_path: Path) -> None:
    path = tmp_path / "config.json"
    path.write_text(nested(100_000))  # json.loads alone raises RecursionError on this
    with pytest.raises(ModelInvalid, match="nests arrays or objects more than") as info:
        read_json(path)
    assert info.value.path == path
    path.write_text(nested(MAX_DEPTH - 1))
    assert read_json(path)["model_type"] == "bert"


def test_a_recursion_error_the_scan_missed_is_still_a_model_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "config.json"
    path.write_text(nested(100_000))
    monkeypatch.setattr(jsonfile, "nesting_depth", lambda _data: 0)
    with pytest.raises(ModelInvalid, match="more than 64 levels") as info:
        read_json(path)
    assert info.value.path == path


def test_a_file_over_its_size_budget_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "config.json"
    path.write_text(json.dumps({"model_type": "bert", "pad": "x" * 4096}))
    with pytest.raises(ModelInvalid, match="more than the 0 MB") as info:
        read_json(path, max_bytes=1024)
    assert info.value.path == path


@pytest.fixture
def engine(quire_home: Path) -> Engine:
    return Engine(EngineOptions(home=quire_home, device="cpu"))


@pytest.mark.parametrize(
    "name",
    [
        "config.json",
        "generation_config.json",
        "tokenizer.json",
        "tokenizer_config.json",
        "special_tokens_map.json",
    ],
)
def test_an_import_with_a_deeply_nested_json_file_is_refused_naming_it(
    engine: Engine, quire_home: Path, tmp_path: Path, name: str
) -> None:
    src = make_folder(tmp_path / "deep", config=ENCODER, onnx=("onnx/model.onnx",))
    (src / name).write_text(nested(200_000))
    with pytest.raises(ModelInvalid, match="nests arrays or objects") as info:
        engine.import_model(src)
    assert info.value.path == src / name
    archive = zip_of(tmp_path / "deep.zip", folder_members(src))
    with pytest.raises(ModelInvalid, match="nests arrays or objects") as info:
        engine.import_model(archive)
    assert info.value.path == archive and f"({name} in the archive)" in info.value.message
    assert store_entries(quire_home) == []


def test_a_tokenizer_that_parses_but_does_not_load_is_refused_at_import(
    engine: Engine, quire_home: Path, tmp_path: Path
) -> None:
    src = make_folder(tmp_path / "tok", config=ENCODER, onnx=("onnx/model.onnx",))
    (src / "tokenizer.json").write_text('{"model": {"type": "NoSuchModel"}}')
    with pytest.raises(ModelInvalid, match=r"tokenizer\.json cannot be loaded") as info:
        engine.import_model(src)
    assert info.value.path == src / "tokenizer.json"
    assert store_entries(quire_home) == []


def test_other_readers_of_model_json_refuse_deep_nesting_without_a_traceback(
    quire_home: Path, tmp_path: Path
) -> None:
    from engine import ExportError, StoreError
    from engine.store.catalog import load_catalog
    from engine.store.export import export_model
    from engine.store.local import MANIFEST, ModelStore, read_manifest

    checkpoint = tmp_path / "checkpoint"
    checkpoint.mkdir()
    (checkpoint / "config.json").write_text(nested(100_000))
    with pytest.raises(ExportError, match="nests arrays or objects") as info:
        export_model(checkpoint, tmp_path / "out")
    assert info.value.path == checkpoint / "config.json"

    installed = make_folder(quire_home / "models" / "m", config=ENCODER, onnx=("onnx/model.onnx",))
    (installed / MANIFEST).write_text(nested(100_000))
    assert read_manifest(installed) is None  # listed as a model without a manifest
    assert [m.name for m in ModelStore(quire_home).list()] == ["m"]

    catalog = tmp_path / "catalog.json"
    catalog.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(StoreError, match="nests too deeply"):
        load_catalog(catalog)


def test_a_chat_template_file_nested_too_deeply_is_a_model_error(tmp_path: Path) -> None:
    from engine.runtime.chat import ChatTemplate
    from engine.runtime.manifest import load_model_folder

    folder = make_folder(tmp_path / "m", config=ENCODER, onnx=("onnx/model.onnx",))
    (folder / "chat_template.json").write_text('{"chat_template": ' + nested(100_000) + "}")
    with pytest.raises(ModelInvalid, match="nests arrays or objects") as info:
        ChatTemplate.load(load_model_folder(folder))
    assert info.value.path == folder / "chat_template.json"


def test_the_small_configs_are_parsed_once_and_a_damaged_one_fails_the_load_not_the_list(
    tmp_path: Path,
) -> None:
    from engine.runtime.manifest import load_model_folder
    from engine.runtime.tokenizer import TextTokenizer
    from engine.tasks.languages import languages
    from tests.test_manifest import SEQ2SEQ

    onnx = ("onnx/encoder_model.onnx", "onnx/decoder_model_merged.onnx")
    root = make_folder(tmp_path / "m", config=SEQ2SEQ, onnx=onnx)
    (root / "tokenizer_config.json").write_text(
        '{"model_max_length": 7, "source_lang": "en", "target_lang": "de"}'
    )
    folder = load_model_folder(root)
    assert TextTokenizer.load(folder).model_max_length == 7
    (root / "tokenizer_config.json").write_text("[not json")
    # The folder's own parse serves every later reader; the file is not read again.
    assert TextTokenizer.load(folder).model_max_length == 7
    found = languages(folder)
    assert found is not None and (set(found.sources), set(found.targets)) == ({"en"}, {"de"})

    damaged = load_model_folder(root)  # listing a model reads none of the small files
    assert languages(damaged) is None  # a damaged file only hides the languages here
    with pytest.raises(ModelInvalid, match=r"tokenizer_config\.json is not valid JSON") as info:
        TextTokenizer.load(damaged)
    assert info.value.path == root / "tokenizer_config.json"
