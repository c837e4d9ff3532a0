"""The load-time rewrite holds a model's large weights out of its protobuf
(``engine.runtime.rewrite.held_weights``) and hands them to ONNX Runtime beside the graph's
bytes (``SessionOptions.add_external_initializers``): the same logits, bit for bit, as the
weights inside the bytes, in a fresh session and from the cache the first load saves."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from engine.runtime import onnx_causal, onnx_seq2seq, providers, rewrite
from engine.runtime.onnx_causal import OnnxCausalLM
from engine.runtime.onnx_seq2seq import OnnxSeq2Seq

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")

ALL = 1  # hold every initializer stored as raw bytes: the tiny fixtures have no large ones
NONE = 1 << 62


def _seq2seq(cache: Path | None = None) -> tuple[Any, Path]:
    from tests.test_downloaded_layout import _logits, downloaded

    folder = downloaded()
    model = OnnxSeq2Seq.load(folder, "int8", ["cpu"], cache=cache)
    return _logits(model), folder.onnx["int8"].files["decoder_merged"]


def _causal(cache: Path | None = None) -> tuple[Any, Path]:
    from tests.test_downloaded_causal import PROMPT, downloaded

    folder = downloaded()
    model = OnnxCausalLM.load(folder, "int8", ["cpu"], threads=1, cache=cache)
    ids = np.array(PROMPT, dtype=np.int64)
    state = model.start(1)
    logits = [state.forward(ids, last_only=False)[0]]
    logits.append(state.forward(np.array([[33]], dtype=np.int64)))
    return np.concatenate(logits), folder.onnx["int8"].files["model"]


@pytest.mark.parametrize("load", [_seq2seq, _causal], ids=["seq2seq", "causal"])
def test_held_weights_give_the_same_logits_bit_for_bit(
    load: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rewrite, "HOLD_BYTES", NONE)
    inside, path = load()
    plain = rewrite.rewritten(str(path), causal=load is _causal)
    assert plain is not None and not plain.weights
    monkeypatch.setattr(rewrite, "HOLD_BYTES", ALL)
    held = rewrite.rewritten(str(path), causal=load is _causal)
    assert held is not None and held.weights, "nothing was held"
    # The held weights are not in the bytes: every one of them names memory instead.
    model = onnx.ModelProto.FromString(held.data)
    stubs = {t.name for t in model.graph.initializer if rewrite.is_held(onnx, t)}
    assert stubs == set(held.weights)
    assert len(held.data) < len(plain.data) - sum(a.nbytes for a in held.weights.values()) / 2
    # Every session opens from the rewrite's bytes at the first try: none falls back to the
    # file as it is (which would give other logits only by chance).
    opened: list[Any] = []
    real = providers._try_device

    def spy(source: Any, *args: Any, **kwargs: Any) -> Any:
        opened.append(source)
        return real(source, *args, **kwargs)

    monkeypatch.setattr(providers, "_try_device", spy)
    outside, _ = load()
    assert opened and all(isinstance(source, bytes) for source in opened)
    monkeypatch.setattr(providers, "_try_device", real)
    np.testing.assert_array_equal(outside, inside)
    # The first load saves the optimised graph with the weights in it; the next opens it.
    cache = tmp_path / "ort"
    first, _ = load(cache)
    monkeypatch.setattr(onnx_causal, "rewritten", _refused)
    monkeypatch.setattr(onnx_seq2seq, "rewritten", _refused)
    again, _ = load(cache)
    np.testing.assert_array_equal(first, inside)
    np.testing.assert_array_equal(again, inside)


def _refused(*args: Any, **kwargs: Any) -> None:
    raise AssertionError("a cached load rewrote the model again")


def test_onnx_runtime_copies_the_weights_it_is_given() -> None:
    """``providers._open`` lets the held arrays go once the session exists: that is safe only
    while ONNX Runtime copies external initializers (it does, 1.20 to 1.32)."""
    from onnx import TensorProto, helper

    n = 4096
    weights = np.ones(n, dtype=np.float32)
    stub = TensorProto(name="b", dims=[n], data_type=TensorProto.FLOAT)
    rewrite._hold(onnx, stub, weights, {})
    graph = helper.make_graph(
        [helper.make_node("Add", ["x", "b"], ["y"])],
        "g",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [n])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [n])],
        [stub],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 9
    opts = ort.SessionOptions()
    opts.add_external_initializers(["b"], [ort.OrtValue.ortvalue_from_numpy(weights)])
    session = ort.InferenceSession(model.SerializeToString(), opts, ["CPUExecutionProvider"])
    x = np.zeros(n, dtype=np.float32)
    np.testing.assert_array_equal(session.run(None, {"x": x})[0], weights)
    weights[:] = 5
    np.testing.assert_array_equal(session.run(None, {"x": x})[0], np.ones(n, np.float32))


def test_a_held_tensor_can_be_read_only_while_it_is_held() -> None:
    model = onnx.ModelProto()
    values = np.arange(12, dtype=np.float32).reshape(3, 4)
    model.graph.initializer.append(onnx.numpy_helper.from_array(values, "w"))
    small = np.arange(3, dtype=np.int64)
    model.graph.initializer.append(onnx.numpy_helper.from_array(small, "s"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(rewrite, "HOLD_BYTES", values.nbytes)
        with rewrite.held_weights(model) as held:
            tensor, kept = model.graph.initializer
            assert set(held) == {"w"} and rewrite.is_held(onnx, tensor)
            assert not rewrite.is_held(onnx, kept)  # below the threshold: stays inside
            np.testing.assert_array_equal(rewrite._to_array(onnx, tensor), values)
    with pytest.raises(ValueError, match="held out"):
        rewrite._to_array(onnx, tensor)  # its values went with the context


@pytest.mark.parametrize("shape", [(1, 1), (255, 3), (257, 5), (1000, 7), (3, 513)])
@pytest.mark.parametrize("flip", [False, True])
def test_the_blockwise_transpose_is_the_transpose(shape: tuple[int, int], flip: bool) -> None:
    rng = np.random.default_rng(0)
    values = rng.integers(0, 256, size=shape, dtype=np.uint8)
    got = rewrite._transposed(values, flip=flip)
    want = (values.astype(np.int16) - 128).astype(np.int8).view(np.uint8) if flip else values
    np.testing.assert_array_equal(got, want.T)
    assert got.flags.c_contiguous


def _graph_with(initializers: list[Any], inputs: list[str]) -> Any:
    from onnx import TensorProto, helper

    graph = helper.make_graph(
        [helper.make_node("Add", ["x", "b"], ["y"])],
        "g",
        [helper.make_tensor_value_info(n, TensorProto.FLOAT, [64]) for n in ["x", *inputs]],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [64])],
        initializers,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 9 if not inputs else 3
    return model


@pytest.mark.parametrize("case", ["unread", "input"])
def test_what_onnx_runtime_would_refuse_is_not_handed_over_held(
    case: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An initializer nothing reads is dropped (ONNX Runtime drops it before it takes the
    held weights, then refuses the extra one); one that is also a graph input stays inside
    (ONNX Runtime replaces only initializers that are not inputs)."""
    values = np.arange(64, dtype=np.float32)
    used = onnx.numpy_helper.from_array(values, "b")
    unread = onnx.numpy_helper.from_array(values + 1, "unread")
    model = _graph_with([used, unread], ["b"] if case == "input" else [])
    monkeypatch.setattr(rewrite, "HOLD_BYTES", ALL)
    with rewrite.held_weights(model) as held:
        weights = rewrite._held_and_read(onnx, model, held)
    names = [t.name for t in model.graph.initializer]
    if case == "unread":
        assert set(weights) == {"b"} and names == ["b"]
    else:  # "b" is an input: kept inside; "unread" held, then dropped
        assert weights == {} and names == ["b"]
    opts = ort.SessionOptions()
    if weights:
        opts.add_external_initializers(
            list(weights), [ort.OrtValue.ortvalue_from_numpy(a) for a in weights.values()]
        )
    session = ort.InferenceSession(model.SerializeToString(), opts, ["CPUExecutionProvider"])
    x = np.ones(64, dtype=np.float32)
    np.testing.assert_array_equal(session.run(None, {"x": x})[0], values + 1)
