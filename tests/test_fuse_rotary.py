"""The rotary position embedding of exported decoders fused into ONNX Runtime's
``RotaryEmbedding`` (``engine.runtime.fuse_rotary``): on a graph written as transformers'
``apply_rotary_pos_emb`` exports, the same outputs (to the last bit's rounding) for rows with
their own positions and for ``cos``/``sin`` shared by the whole batch; anything that differs
from the pattern is left as it was. Every family's export is covered by
``tests/test_fuse_attention.py`` (fused graph against the exported one)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")

from onnx import TensorProto, helper, numpy_helper  # noqa: E402

from engine.runtime.fuse_attention import _prune, _topological  # noqa: E402
from engine.runtime.fuse_rotary import fuse_rotary  # noqa: E402
from engine.runtime.rewrite import onnx_protos  # noqa: E402

HEADS, HEAD = 3, 8


def _graph(
    *,
    dynamic_half: bool = True,
    halves: str = "same",
    lower_end: int | None = None,
    partial: bool = False,
) -> Any:
    """x (batch, heads, seq, head) rotated by cos/sin made from ``freqs`` (batch', seq, head/2)
    the way the export writes it. ``halves``: ``"same"`` (Concat(f, f)) or ``"other"``
    (Concat(f, g)); ``lower_end``: a constant end for the lower slice instead of the half;
    ``partial``: only the first half of the head is rotated (Phi-4-mini's partial rotary),
    the rest passed through, so ``x`` is a slice of the input ``q``."""
    half = HEAD // 2
    x_nodes = [
        helper.make_node("Slice", ["q", "zero", "rotary_dim", "last"], ["x"]),
        helper.make_node("Slice", ["q", "rotary_dim", "big", "last"], ["passed"]),
    ]
    nodes = [
        *(x_nodes if partial else [helper.make_node("Identity", ["q"], ["x"])]),
        helper.make_node(
            "Concat", ["freqs", "freqs" if halves == "same" else "other"], ["emb"], axis=-1
        ),
        helper.make_node("Cos", ["emb"], ["cos_raw"]),
        helper.make_node("Mul", ["cos_raw", "scaling"], ["cos"]),
        helper.make_node("Sin", ["emb"], ["sin_raw"]),
        helper.make_node("Mul", ["sin_raw", "scaling"], ["sin"]),
        helper.make_node("Unsqueeze", ["cos", "axis1"], ["cos_u"]),
        helper.make_node("Unsqueeze", ["sin", "axis1"], ["sin_u"]),
        helper.make_node("Mul", ["x", "cos_u"], ["direct"]),
    ]
    if dynamic_half:
        nodes += [
            helper.make_node("Shape", ["x"], ["x_shape"]),
            helper.make_node("Gather", ["x_shape", "three"], ["width"], axis=0),
            helper.make_node("Div", ["width", "two"], ["half_raw"]),
            helper.make_node("Cast", ["half_raw"], ["half_cast"], to=TensorProto.INT64),
            helper.make_node("Unsqueeze", ["half_cast", "axis0"], ["half"]),
        ]
    nodes += [
        helper.make_node(
            "Slice", ["x", "zero", "lower_end" if lower_end else "half", "last"], ["lower"]
        ),
        helper.make_node("Slice", ["x", "half", "big", "last"], ["upper"]),
        helper.make_node("Neg", ["upper"], ["neg"]),
        helper.make_node("Concat", ["neg", "lower"], ["rotated_x"], axis=-1),
        helper.make_node("Mul", ["rotated_x", "sin_u"], ["turned"]),
        helper.make_node("Add", ["direct", "turned"], ["rotated" if partial else "y"]),
    ]
    if partial:
        nodes.append(helper.make_node("Concat", ["rotated", "passed"], ["y"], axis=-1))
    ints = {
        "axis1": [1], "axis0": [0], "three": 3, "two": 2, "zero": [0], "big": [2**62],
        "last": [-1], "lower_end": [lower_end or 0], "rotary_dim": [HEAD // 2],
    }  # fmt: skip
    inits = [numpy_helper.from_array(np.array(v, np.int64), k) for k, v in ints.items()]
    inits.append(numpy_helper.from_array(np.array(1.25, np.float32), "scaling"))
    if not dynamic_half:
        inits.append(numpy_helper.from_array(np.array([half], np.int64), "half"))
    float_in = [
        helper.make_tensor_value_info(n, TensorProto.FLOAT, None) for n in ("q", "freqs", "other")
    ]
    graph = helper.make_graph(
        nodes,
        "rotary",
        float_in,
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)],
        inits,
    )
    model = helper.make_model(
        graph,
        opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid("com.microsoft", 1)],
        ir_version=9,
    )
    return onnx_protos().ModelProto.FromString(model.SerializeToString())


def _fused(model: Any) -> tuple[Any, int]:
    fused = onnx_protos().ModelProto()
    fused.CopyFrom(model)
    count = fuse_rotary(onnx_protos(), fused.graph)
    _prune(fused.graph)
    ordered = _topological(fused.graph)
    del fused.graph.node[:]
    fused.graph.node.extend(ordered)
    return fused, count


def _run(model: Any, feeds: dict[str, np.ndarray]) -> np.ndarray:
    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
    session = ort.InferenceSession(
        model.SerializeToString(), options, providers=["CPUExecutionProvider"]
    )
    return np.asarray(session.run(["y"], feeds)[0])


def _feeds(
    batch: int, freq_rows: int, seq: int = 5, seed: int = 0, rotary: int = HEAD
) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    # Left padding: each row's positions start where its text does.
    positions = np.maximum(np.arange(seq)[None, :] - rng.integers(0, 3, (freq_rows, 1)), 0)
    inv = 1.0 / 10000 ** (np.arange(0, rotary, 2) / rotary)
    freqs = (positions[..., None] * inv).astype(np.float32)
    return {
        "q": rng.standard_normal((batch, HEADS, seq, HEAD)).astype(np.float32),
        "freqs": freqs,
        "other": (freqs * 0.5).astype(np.float32),
    }


@pytest.mark.parametrize(("batch", "freq_rows"), [(2, 2), (3, 1), (1, 1)])
def test_the_rotation_becomes_one_node_with_the_same_output(batch: int, freq_rows: int) -> None:
    model = _graph()
    fused, count = _fused(model)
    assert count == 1
    ops = [n.op_type for n in fused.graph.node]
    assert ops.count("RotaryEmbedding") == 1 and "Neg" not in ops
    feeds = _feeds(batch, freq_rows)
    want = _run(model, feeds)
    got = _run(fused, feeds)
    # A fused multiply-add in the kernel may round the last bit differently.
    np.testing.assert_allclose(got, want, rtol=0, atol=2e-6)
    assert np.mean(got == want) > 0.5


@pytest.mark.parametrize(
    "change",
    [{"halves": "other"}, {"lower_end": HEAD // 2 - 1}, {"dynamic_half": False}],
    ids=["halves-differ", "slice-off", "constant-half"],
)
def test_a_rotation_off_the_pattern_is_left_as_it_was(change: dict[str, Any]) -> None:
    model = _graph(**change)
    fused, count = _fused(model)
    assert count == 0
    assert "RotaryEmbedding" not in [n.op_type for n in fused.graph.node]


def test_a_partial_rotation_is_fused_over_the_rotated_part_only() -> None:
    """Phi-4-mini rotates the first part of each head and passes the rest: the fused node
    rotates the slice it is given, with the tables' own width (not half the head's)."""
    model = _graph(partial=True)
    fused, count = _fused(model)
    assert count == 1
    feeds = _feeds(2, 2, rotary=HEAD // 2)
    np.testing.assert_allclose(_run(fused, feeds), _run(model, feeds), rtol=0, atol=2e-6)
