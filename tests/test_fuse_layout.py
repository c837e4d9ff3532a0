"""The layout round trips around a decoder's fused attention removed
(``engine.runtime.fuse_layout``): the query and keys go to the rotary node and the attention as
(batch, sequence, heads x head size), without the two transpositions each, and the attention's
output goes to the output projection's Reshape directly. The logits are the same, bit for bit,
as with the round trips, for every family and quantization, a left-padded batch and steps; a
chain with another reader is left as it was."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

pytest.importorskip("optimum.exporters.onnx")
onnx = pytest.importorskip("onnx")

from engine.runtime import fuse_layout  # noqa: E402
from engine.runtime.fuse_attention import _Graph, fuse_attention  # noqa: E402
from engine.runtime.manifest import load_model_folder  # noqa: E402
from engine.runtime.onnx_causal import OnnxCausalLM  # noqa: E402
from engine.runtime.rewrite import onnx_protos  # noqa: E402
from tests.fixtures.causal import CAUSAL, exported  # noqa: E402


def _load(family: str, variant: str) -> OnnxCausalLM:
    folder = load_model_folder(exported(family))
    return OnnxCausalLM.load(folder, variant, ["cpu"], threads=1)  # type: ignore[arg-type]


def _logits(model: OnnxCausalLM) -> list[np.ndarray]:
    """A left-padded batch of two rows as one prompt, then three steps."""
    rng = np.random.default_rng(7)
    ids = rng.integers(5, model.vocab_size - 5, (2, 9)).astype(np.int64)
    mask = np.ones_like(ids)
    mask[1, :3] = 0
    state = model.start(2)
    out = [state.forward(ids, mask, last_only=False)]
    for _ in range(3):
        out.append(state.forward(rng.integers(5, model.vocab_size - 5, (2, 1)).astype(np.int64)))
    return out


CASES = [(family, "fp32") for family in CAUSAL] + [("qwen2", "q4"), ("llama", "int8")]


@pytest.mark.parametrize(("family", "variant"), CASES)
def test_the_logits_are_those_of_the_round_trips_bit_for_bit(
    family: str, variant: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    flat = _load(family, variant)
    monkeypatch.setattr(fuse_layout, "flatten_layouts", lambda pb, graph: 0)
    round_trips = _load(family, variant)
    assert flat.fused and round_trips.fused
    for a, b in zip(_logits(flat), _logits(round_trips), strict=True):
        np.testing.assert_array_equal(a, b)


def _fused(family: str) -> Any:
    folder = exported(family)
    pb = onnx_protos()
    model = pb.ModelProto.FromString((folder / "onnx" / "model.onnx").read_bytes())
    heads = int(load_model_folder(folder).config["num_attention_heads"])
    assert fuse_attention(model, heads=heads)
    return model


def _producers(model: Any) -> dict[str, Any]:
    return {o: n for n in model.graph.node for o in n.output}


@pytest.mark.parametrize("family", ["llama", "qwen3", "gemma2"])
def test_no_transposition_is_left_around_the_attention(family: str) -> None:
    model = _fused(family)
    made = _producers(model)
    readers: dict[str, list[Any]] = {}
    for node in model.graph.node:
        for name in node.input:
            readers.setdefault(name, []).append(node)
    attentions = [n for n in model.graph.node if n.op_type == "GroupQueryAttention"]
    assert attentions
    for attention in attentions:
        query, key, value = (made[name] for name in attention.input[:3])
        assert query.op_type == key.op_type == "RotaryEmbedding"
        # Each rotary node reads its projection flattened: (batch, sequence, heads x head).
        for rotary in (query, key):
            assert made[rotary.input[0]].op_type == "Reshape"
            assert made[made[rotary.input[0]].input[0]].op_type != "Transpose"
        assert value.op_type == "Reshape"
        # The output goes to the Reshape before the output projection, nothing between.
        (after,) = readers[attention.output[0]]
        assert after.op_type == "Reshape"
        assert {n.op_type for n in readers[after.output[0]]} <= {"MatMul", "MatMulNBits"}
    # The one Transpose left is the rotary tables' own (positions x frequencies).
    transposes = [n for n in model.graph.node if n.op_type == "Transpose"]
    assert all("rotary_emb" in n.name for n in transposes)


def _add_output(model: Any, name: str, elem_type: int) -> None:
    info = onnx_protos().ValueInfoProto(name=name)
    info.type.tensor_type.elem_type = elem_type
    model.graph.output.append(info)


def _query_input(model: Any, layer: int) -> str:
    """The tensor layer ``layer``'s query rotation reads in the exported graph: the
    projection split into heads, transposed."""
    name = f"/model/layers.{layer}/self_attn/Transpose"
    (node,) = (n for n in model.graph.node if n.name == name)
    return str(node.output[0])


@pytest.mark.parametrize("reader", ["output", "shape"])
def test_a_chain_read_elsewhere_is_left_as_it_was(reader: str) -> None:
    """Layer 1's transposed query is also a graph output, or its whole shape is: that query
    keeps its round trip (the others do not); the Shape read for the batch size alone (layer
    0's, by the rotary tables) does not stop it."""
    pb = onnx_protos()
    folder = exported("llama")
    model = pb.ModelProto.FromString((folder / "onnx" / "model.onnx").read_bytes())
    x = _query_input(model, 1)
    if reader == "output":
        _add_output(model, x, pb.TensorProto.FLOAT)
    else:
        model.graph.node.append(onnx.helper.make_node("Shape", [x], ["x_whole_shape"]))
        _add_output(model, "x_whole_shape", pb.TensorProto.INT64)
    heads = int(load_model_folder(folder).config["num_attention_heads"])
    assert fuse_attention(model, heads=heads)
    made = _producers(model)
    rotaries = [n for n in model.graph.node if n.op_type == "RotaryEmbedding"]
    kept = [n for n in rotaries if made[n.input[0]].op_type == "Transpose"]
    assert [n.input[0] for n in kept] == [x]
    assert len(rotaries) == 4


def test_the_predicates_refuse_what_they_cannot_prove() -> None:
    """A shape whose last entry could be 0 (a copied dimension that differs) is not taken
    for the output, nor a split whose head entries are not constants or whose leading ones
    could be -1."""
    helper = onnx.helper
    nodes = [
        helper.make_node("Shape", ["x"], ["shape"]),
        helper.make_node("Gather", ["shape", "i0"], ["d0"], axis=0),
        helper.make_node("Unsqueeze", ["d0", "axes"], ["e0"]),
        helper.make_node("Gather", ["shape", "i1"], ["d1"], axis=0),
        helper.make_node("Unsqueeze", ["d1", "axes"], ["e1"]),
        helper.make_node("Gather", ["shape", "i2"], ["d2"], axis=0),
        helper.make_node("Unsqueeze", ["d2", "axes"], ["e2"]),
        helper.make_node("Concat", ["e0", "e1", "minus_one"], ["good"], axis=0),
        helper.make_node("Concat", ["e0", "e1", "zero"], ["zero_last"], axis=0),
        helper.make_node("Concat", ["e0", "e1", "e2"], ["dynamic_last"], axis=0),
        helper.make_node("Concat", ["e0", "e1", "minus_one", "head"], ["split"], axis=0),
        helper.make_node("Concat", ["e0", "e1", "heads", "head"], ["split_sized"], axis=0),
        helper.make_node("Concat", ["e0", "e1", "e2", "head"], ["split_dynamic"], axis=0),
        helper.make_node("Concat", ["minus_one", "e1", "heads", "head"], ["split_free"], axis=0),
        helper.make_node(
            "Concat", ["e0", "e1", "minus_one", "minus_one"], ["split_two_free"], axis=0
        ),
        helper.make_node("Gather", ["x", "i0"], ["not_a_size"], axis=0),
        helper.make_node("Unsqueeze", ["not_a_size", "axes"], ["e_any"]),
        helper.make_node("Concat", ["e_any", "e1", "heads", "head"], ["split_any"], axis=0),
        helper.make_node("Concat", ["shape", "minus_one"], ["wide_first"], axis=0),
    ]
    ints = {"i0": 0, "i1": 1, "i2": 2}
    inits = [onnx.numpy_helper.from_array(np.array(v, np.int64), k) for k, v in ints.items()]
    constants = (("axes", [0]), ("minus_one", [-1]), ("zero", [0]), ("head", [8]), ("heads", [3]))
    for name, values in constants:
        inits.append(onnx.numpy_helper.from_array(np.array(values, np.int64), name))
    graph = helper.make_graph(nodes, "g", [], [], inits)
    g = _Graph(onnx_protos(), graph)
    assert fuse_layout._merges_heads(g, "good")
    assert not fuse_layout._merges_heads(g, "zero_last")
    assert not fuse_layout._merges_heads(g, "dynamic_last")
    assert not fuse_layout._merges_heads(g, "wide_first")
    assert fuse_layout._split_shape(g, "split") == ("e0", "e1", -1)
    assert fuse_layout._split_shape(g, "split_sized") == ("e0", "e1", 24)
    assert fuse_layout._split_shape(g, "split_dynamic") is None
    # A -1 among the leading entries would make two of them once merged: not taken.
    assert fuse_layout._split_shape(g, "split_free") is None
    assert fuse_layout._split_shape(g, "split_two_free") is None
    # Nor an entry gathered from a tensor that is not a shape (it could be -1).
    assert fuse_layout._split_shape(g, "split_any") is None


def test_a_shape_sliced_by_attributes_is_refused_not_a_crash() -> None:
    """A Slice of opset < 10 (bounds as attributes) reading the transposed query's shape."""
    helper = onnx.helper
    nodes = [
        helper.make_node("Shape", ["x"], ["shape"]),
        helper.make_node("Slice", ["shape"], ["batch"], starts=[0], ends=[1]),
    ]
    g = _Graph(onnx_protos(), helper.make_graph(nodes, "g", [], []))
    assert fuse_layout._batch_only_shapes(g, "x", None) is None


def test_only_the_rotary_nodes_fuse_rotary_made_are_taken(monkeypatch: pytest.MonkeyPatch) -> None:
    """A rotary node from elsewhere (its tables' width unproven) keeps its layout."""
    monkeypatch.setattr(fuse_layout, "flatten_layouts", lambda pb, graph: 0)
    model = _fused("llama")
    monkeypatch.undo()
    rotaries = [n for n in model.graph.node if n.op_type == "RotaryEmbedding"]
    for node in rotaries:
        node.name = "someone_elses" + node.name
    assert fuse_layout.flatten_layouts(onnx_protos(), model.graph) > 0  # values and outputs
    made = _producers(model)
    after = [n for n in model.graph.node if n.op_type == "RotaryEmbedding"]
    assert len(after) == len(rotaries) == 4
    assert all(made[n.input[0]].op_type == "Transpose" for n in after)
