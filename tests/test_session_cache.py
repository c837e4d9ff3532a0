"""The cache of optimised graphs: ONNX Runtime's format for graphs that hold their weights, and
the external-data check that an unchanged cached file skips (and a changed one does not)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper, numpy_helper

from engine.errors import InputError, ModelInvalid
from engine.runtime import providers, session_cache
from engine.runtime.external_data import check_external_data
from tests.test_providers import _add_model

ORT_FORMAT = session_cache._release(providers.import_ort().__version__) >= (
    session_cache.ORT_FORMAT_SINCE
)


N = 1024  # ONNX Runtime saves an optimised graph's weights apart from 1 KB on


def _external_model(folder: Path) -> Path:
    """y = x + w, with w (4 KB) in ``w.bin`` beside the graph."""
    values = np.arange(N, dtype=np.float32)
    (folder / "w.bin").write_bytes(values.tobytes())
    w = numpy_helper.from_array(values, "w")
    w.ClearField("raw_data")
    w.data_location = TensorProto.EXTERNAL
    for key, value in (("location", "w.bin"), ("offset", "0"), ("length", str(4 * N))):
        entry = w.external_data.add()
        entry.key, entry.value = key, value
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [N])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [N])
    graph = helper.make_graph([helper.make_node("Add", ["x", "w"], ["y"])], "g", [x], [y], [w])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    path = folder / "m.onnx"
    path.write_bytes(model.SerializeToString())
    return path


def _run(result: providers.SessionResult, n: int = 4) -> Any:
    (out,) = result.session.run(None, {"x": np.ones(n, dtype=np.float32)})
    return out


def _spy(opened: list[tuple[str | bytes, Any]]) -> providers.SessionFactory:
    def factory(source: str | bytes, opts: Any, plan: list[Any]) -> Any:
        opened.append((source, opts))
        return providers.ort_session(source, opts, plan)

    return factory


def _checks(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Records each external-data check that ``create_session`` runs."""
    checked: list[Path] = []

    def check(path: Path, root: Path) -> list[str]:
        checked.append(path)
        return check_external_data(path, root)

    monkeypatch.setattr(providers, "check_external_data", check)
    return checked


@pytest.fixture
def mapped() -> Any:
    """As a CLI command runs: cached graphs memory-mapped (``session_cache.map_weights``)."""
    session_cache.map_weights()
    yield
    session_cache.map_weights(False)


def test_by_default_a_graph_is_cached_as_onnx_and_read_into_memory(tmp_path: Path) -> None:
    """A long-lived process keeps the smaller resident set (no mapped weights)."""
    model = _add_model(tmp_path / "m.onnx")
    cache = tmp_path / "cache"
    first = providers.create_session(model, ["cpu"], cache=cache)
    saved = session_cache.graphs(cache)
    assert [p.suffix for p in saved] == [".onnx"]
    opened: list[tuple[str | bytes, Any]] = []
    again = providers.create_session(model, ["cpu"], cache=cache, factory=_spy(opened))
    assert [source for source, _ in opened] == [str(saved[0])]
    with pytest.raises(RuntimeError, match="does not have configuration"):
        opened[0][1].get_session_config_entry("session.use_memory_mapped_ort_model")
    np.testing.assert_array_equal(_run(again), _run(first))


@pytest.mark.usefixtures("mapped")
def test_a_graph_holding_its_weights_is_saved_in_onnx_runtimes_format(tmp_path: Path) -> None:
    model = _add_model(tmp_path / "m.onnx")
    cache = tmp_path / "cache"
    first = providers.create_session(model, ["cpu"], cache=cache)
    saved = session_cache.graphs(cache)
    assert [p.suffix for p in saved] == [".ort" if ORT_FORMAT else ".onnx"]
    opened: list[tuple[str | bytes, Any]] = []
    again = providers.create_session(model, ["cpu"], cache=cache, factory=_spy(opened))
    assert [source for source, _ in opened] == [str(saved[0])]
    opts = opened[0][1]
    mapped = opts.get_session_config_entry("session.use_memory_mapped_ort_model") == "1"
    in_place = opts.get_session_config_entry("session.use_ort_model_bytes_for_initializers")
    assert mapped == (in_place == "1") == ORT_FORMAT
    np.testing.assert_array_equal(_run(again), _run(first))
    np.testing.assert_array_equal(_run(again), np.arange(4, dtype=np.float32) + 1)


@pytest.mark.parametrize("mapping", [False, True])
def test_a_graph_that_cannot_be_saved_is_opened_unsaved(
    mapping: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: Any
) -> None:
    """A full disk or a quota where the cache is: ONNX Runtime's save fails after the file
    was made, and the model is opened without its cached graph, not refused as damaged (an
    outside review: every task failed with "download or export the model again")."""
    if mapping:  # (ONNX Runtime's own format is saved then)
        request.getfixturevalue("mapped")
    model = _add_model(tmp_path / "m.onnx")
    cache = tmp_path / "cache"

    def unwritable(entry: session_cache.CacheEntry) -> Path:
        return tmp_path / "no-such-folder" / f".{entry.path.stem}.full{entry.path.suffix}"

    monkeypatch.setattr(session_cache.CacheEntry, "saving", unwritable)
    result = providers.create_session(model, ["cpu"], cache=cache)
    np.testing.assert_array_equal(_run(result), np.arange(4, dtype=np.float32) + 1)
    assert session_cache.graphs(cache) == []


def test_a_graph_with_its_weights_apart_stays_onnx(tmp_path: Path) -> None:
    model = _external_model(tmp_path)
    cache = tmp_path / "cache"
    providers.create_session(model, ["cpu"], model_root=tmp_path, cache=cache)
    saved = session_cache.graphs(cache)
    assert [p.suffix for p in saved] == [".onnx"] and len(list(cache.glob("*.data"))) == 1
    opened: list[tuple[str | bytes, Any]] = []
    again = providers.create_session(
        model, ["cpu"], model_root=tmp_path, cache=cache, factory=_spy(opened)
    )
    assert [source for source, _ in opened] == [str(saved[0])]
    np.testing.assert_array_equal(_run(again, N), np.arange(N, dtype=np.float32) + 1)


def test_an_unchanged_cached_file_skips_the_external_data_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = _add_model(tmp_path / "m.onnx")
    cache = tmp_path / "cache"
    checked = _checks(monkeypatch)
    providers.create_session(model, ["cpu"], cache=cache)
    assert checked == [model]
    providers.create_session(model, ["cpu"], cache=cache)
    assert checked == [model]  # the entry attests the file names no external data
    providers.create_session(model, ["cpu"])  # no cache, nothing attests it
    assert checked == [model, model]


def test_a_file_that_names_external_data_is_checked_at_every_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = _external_model(tmp_path)
    cache = tmp_path / "cache"
    checked = _checks(monkeypatch)
    for _ in range(2):
        providers.create_session(model, ["cpu"], model_root=tmp_path, cache=cache)
    assert len(session_cache.graphs(cache)) == 1  # cached, yet checked again
    assert checked == [model, model]


def test_a_cached_file_replaced_by_one_reaching_outside_is_refused(tmp_path: Path) -> None:
    """Same path, same size, same modification time: the change time still tells the new file
    from the one the cache entry vouches for, and the check refuses it."""
    folder = tmp_path / "model"
    folder.mkdir()
    hostile = _add_model(tmp_path / "hostile.onnx", external="../w.bin").read_bytes()
    benign = onnx.ModelProto.FromString(_add_model(tmp_path / "benign.onnx").read_bytes())
    pad = len(hostile) - len(benign.SerializeToString()) - 2  # the field's tag and length
    assert 0 < pad < 128
    benign.doc_string = "x" * pad
    model = folder / "m.onnx"
    model.write_bytes(benign.SerializeToString())
    cache = tmp_path / "cache"
    providers.create_session(model, ["cpu"], model_root=folder, cache=cache)
    before = model.stat()
    model.write_bytes(hostile)
    os.utime(model, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = model.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    with pytest.raises(ModelInvalid, match="outside its model folder"):
        providers.create_session(model, ["cpu"], model_root=folder, cache=cache)


def test_the_key_starts_no_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``platform.processor()`` runs ``uname -p`` outside Windows: 12 ms of every load."""
    import platform

    def refuse() -> str:
        raise AssertionError("platform.processor() starts a process")

    monkeypatch.setattr(platform, "processor", refuse)
    source = _add_model(tmp_path / "m.onnx")
    slot = session_cache.entry(tmp_path / "cache", source, device="cpu", level="1", ort_version="1")
    assert slot is not None


def test_a_rewrite_onnx_runtime_refuses_opens_the_file_as_it_is(tmp_path: Path) -> None:
    """A rewrite is an optimisation: when ONNX Runtime will not take the rewritten graph, the
    file is opened as published (without the rewrite's tables), and that is what is cached."""
    from engine.runtime.rewrite import Rewritten

    model = _add_model(tmp_path / "m.onnx")
    cache = tmp_path / "cache"
    broken = Rewritten(b"not an onnx model", {"quire_rows.ids": np.zeros((2, 2), np.float32)})
    opened: list[tuple[str | bytes, Any]] = []
    result = providers.create_session(
        model, ["cpu"], cache=cache, source=lambda _device: broken, factory=_spy(opened)
    )
    assert [source for source, _ in opened] == [broken.data, str(model)]
    assert result.tables == {} and [i.name for i in result.session.get_inputs()] == ["x"]
    np.testing.assert_array_equal(_run(result), np.arange(4, dtype=np.float32) + 1)
    again = providers.create_session(model, ["cpu"], cache=cache)
    np.testing.assert_array_equal(_run(again), _run(result))


def test_a_table_named_in_the_model_file_is_mapped_from_it_while_the_file_is_unchanged(
    tmp_path: Path,
) -> None:
    """A table that is the model file's own bytes is named by a ``.ref``, not copied; a file
    changed behind the cache's back (or a damaged note) is refused, never read at the wrong
    place, and the loader then rebuilds the entry."""
    table = np.arange(4 * 6, dtype=np.uint8).reshape(4, 6)
    model = tmp_path / "model.onnx"
    model.write_bytes(b"head" + table.tobytes() + b"tail")
    slot = session_cache.CacheEntry(tmp_path / "cache" / "abc-def.onnx")
    tmp = slot.saving()
    tmp.write_bytes(b"graph")
    mapped = np.memmap(model, dtype=np.uint8, mode="r", offset=4, shape=(4, 6))
    assert slot.commit(tmp, {"quire_rows.ids": mapped}, {"quire_rows.ids": (str(model), 4)})
    assert sorted(p.suffix for p in slot.path.parent.iterdir()) == [".onnx", ".ref"]
    [got] = slot.tables(["quire_rows.ids"]).values()
    assert isinstance(got, np.memmap) and Path(str(got.filename)) == model.resolve()
    np.testing.assert_array_equal(got, table)
    del got, mapped

    with model.open("ab") as fh:
        fh.write(b"more")
    with pytest.raises(ValueError, match="no longer"):
        slot.tables(["quire_rows.ids"])
    slot.table_path("quire_rows.ids", ".ref").write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match="damaged"):
        slot.tables(["quire_rows.ids"])
    slot.remove()
    assert list(slot.path.parent.iterdir()) == []


def test_a_folder_whose_name_is_not_utf8_is_said_not_blamed_on_the_model(tmp_path: Path) -> None:
    """A byte that is not UTF-8 in the store's path (Python holds it as a surrogate): ONNX
    Runtime's "incompatible constructor arguments" was said as a damaged model, and the
    cache key's hash ended the command with a traceback before that."""
    odd = Path(os.fsdecode(bytes(tmp_path) + b"/h\xff"))
    odd.mkdir()
    model = _add_model(odd / "m.onnx")
    with pytest.raises(InputError, match="not UTF-8 text") as refused:
        providers.create_session(model, ["cpu"], cache=odd / "cache")
    assert refused.value.path == model
    # The cache's key is made for such a name all the same (it hashed with a traceback).
    assert session_cache.entry(
        odd / "cache", model, device="cpu", level="1", ort_version="1.22.0", weights=[]
    )
