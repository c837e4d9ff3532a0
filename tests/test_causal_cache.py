"""Decoder-only models keep ONNX Runtime's optimised graph between loads
(``engine.runtime.session_cache``): a second load opens the saved graph instead of optimising
the model again and generates the same ids; a model whose weights lie in external data is
cached too, under a key that changes when the weights file changes."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest

pytest.importorskip("optimum.exporters.onnx")
onnx = pytest.importorskip("onnx")

from engine.runtime import providers  # noqa: E402
from engine.runtime.generate_causal import CausalSettings, generate  # noqa: E402
from engine.runtime.manifest import load_model_folder  # noqa: E402
from engine.runtime.onnx_causal import OnnxCausalLM  # noqa: E402
from engine.runtime.session_cache import graphs  # noqa: E402
from tests.fixtures.causal import exported  # noqa: E402

PROMPT = np.array([[5, 17, 42, 99, 3, 250, 8]], dtype=np.int64)
SETTINGS = CausalSettings(max_new_tokens=12)


def _ids(folder: Path, cache: Path | None, factory: Any = providers.ort_session) -> list[int]:
    model = OnnxCausalLM.load(
        load_model_folder(folder), "fp32", ["cpu"], threads=1, cache=cache, factory=factory
    )
    return generate(model, PROMPT, None, SETTINGS).tokens[0]


def _opened(folder: Path, cache: Path) -> tuple[list[int], list[str | bytes]]:
    """Load and generate, recording what ONNX Runtime was asked to open."""
    opened: list[str | bytes] = []

    def spy(source: str | bytes, opts: Any, plan: list[Any]) -> Any:
        opened.append(source)
        return providers.ort_session(source, opts, plan)

    return _ids(folder, cache, spy), opened


def _stamps(cache: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}


def test_a_second_load_reuses_the_optimised_graph(tmp_path: Path) -> None:
    folder = exported("qwen2")
    cache = tmp_path / "ort"
    plain = _ids(folder, None)
    first = _ids(folder, cache)
    saved = graphs(cache)
    assert len(saved) == 1 and not list(cache.glob("*.data"))  # small: one file
    before = _stamps(cache)
    again, opened = _opened(folder, cache)
    assert opened == [str(saved[0])]  # the saved graph, not model.onnx
    assert _stamps(cache) == before  # nothing rewritten
    assert again == first == plain
    assert len(set(plain)) > 1  # not a degenerate output that any model would give


def _external_copy(src: Path, dst: Path, *, roll: int = 0) -> Path:
    """A copy of the model folder whose weights lie in ``model.onnx_data``; ``roll`` shifts
    the rows of the largest weight (the embedding table), giving a different model."""
    shutil.copytree(src, dst)
    graph = onnx.load(str(dst / "onnx" / "model.onnx"))
    if roll:
        largest = max(graph.graph.initializer, key=lambda t: int(np.prod(t.dims)))
        table = onnx.numpy_helper.to_array(largest)
        largest.CopyFrom(onnx.numpy_helper.from_array(np.roll(table, roll, axis=0), largest.name))
    (dst / "onnx" / "model.onnx").unlink()
    onnx.save(
        graph,
        str(dst / "onnx" / "model.onnx"),
        save_as_external_data=True,
        all_tensors_to_one_file=True,
        location="model.onnx_data",
    )
    return dst


def test_external_data_is_cached_and_a_changed_weights_file_is_a_new_entry(
    tmp_path: Path,
) -> None:
    folder = _external_copy(exported("qwen2"), tmp_path / "model")
    other = _external_copy(exported("qwen2"), tmp_path / "other", roll=1)
    cache = tmp_path / "ort"
    first = _ids(folder, cache)
    assert first == _ids(exported("qwen2"), None)
    graphs, weights = list(cache.glob("*.onnx")), list(cache.glob("*.data"))
    assert len(graphs) == 1 and len(weights) == 1  # the weights saved beside the graph
    before = _stamps(cache)
    again, opened = _opened(folder, cache)
    assert opened == [str(graphs[0])]
    assert _stamps(cache) == before
    assert again == first

    # Same graph file, other weights: the saved graph (old weights) must not be used.
    expected = _ids(other, None)
    assert expected != first
    shutil.copyfile(other / "onnx" / "model.onnx_data", folder / "onnx" / "model.onnx_data")
    changed, opened = _opened(folder, cache)
    assert opened == [str(folder / "onnx" / "model.onnx")]  # optimised afresh
    assert changed == expected
    # The new entry replaced the stale one, graph and weights.
    assert len(list(cache.glob("*.onnx"))) == 1 and len(list(cache.glob("*.data"))) == 1
    assert not set(before) & {p.name for p in cache.iterdir()}


def test_the_engine_loads_causal_models_through_its_cache(tmp_path: Path) -> None:
    from engine.options import EngineOptions
    from engine.runtime.loader import load_causal

    options = EngineOptions(home=tmp_path, device="cpu", dtype="fp32", threads=1)
    model = load_causal(load_model_folder(exported("qwen2")), options)
    assert model.info.variant == "fp32"
    assert len(graphs(tmp_path / "cache" / "onnxruntime")) == 1


def test_a_language_models_threads_spin_while_it_runs_and_rest_when_it_is_idle(
    tmp_path: Path,
) -> None:
    """A decoding step is some thousand tiny ops: the session's threads wait for the next one
    spinning (``onnx_causal.SPINNING``), fresh and from the cache; Quire's other sessions keep
    the default, asleep. Once generation ends they stop: an idle second costs next to no CPU."""
    import time

    spins: list[str] = []

    def spy(source: str | bytes, opts: Any, plan: list[Any]) -> Any:
        spins.append(opts.get_session_config_entry("session.intra_op.allow_spinning"))
        return providers.ort_session(source, opts, plan)

    folder = load_model_folder(exported("qwen2"))
    for _ in range(2):  # optimised and saved, then opened from the cache
        model = OnnxCausalLM.load(folder, "fp32", ["cpu"], threads=2, cache=tmp_path, factory=spy)
        generate(model, PROMPT, None, SETTINGS)
    assert spins == ["1", "1"]
    assert (
        providers.session_options(2).get_session_config_entry("session.intra_op.allow_spinning")
        == "0"
    )
    started = time.process_time()
    time.sleep(1.0)  # what is measured: this process's CPU time while the model sits idle
    assert time.process_time() - started < 0.25
