"""An encoder-decoder's self-attention fused into ONNX Runtime's ``GroupQueryAttention``
(``engine.runtime.fuse_attention.fuse_seq2seq_attention``), with each layer's cache kept in
one buffer the op appends to in place (``OnnxSeq2Seq.shared``).

The fused model is checked against the same files run as exported (``fuse=False``): the same
logits within float rounding through steps, beam reorders inside the buffers, rows that
change, and a cache longer than the buffers' first size; the buffers hold the exported
graph's keys and values. transformers' own logits and ids are the business of
``test_onnx_seq2seq`` and ``test_generate``, which run the fused path by default."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")

from engine.runtime import providers, session_cache  # noqa: E402
from engine.runtime.fuse_attention import (  # noqa: E402
    CROSS_ONLY,
    DECODER_MASK,
    FIRST_STEP,
    fuse_seq2seq_attention,
)
from engine.runtime.generate import GenerationSettings, generate  # noqa: E402
from engine.runtime.manifest import ModelFolder, load_model_folder  # noqa: E402
from engine.runtime.onnx_seq2seq import OnnxSeq2Seq  # noqa: E402
from engine.runtime.rewrite import onnx_protos  # noqa: E402
from tests.fixtures.builder import exported  # noqa: E402

ATOL = 2e-5  # the fused kernel sums in another order; the logits are O(1)


@functools.cache
def _folder(name: str) -> ModelFolder:
    return load_model_folder(exported(name))


def _pair(name: str, variant: str = "fp32") -> tuple[OnnxSeq2Seq, OnnxSeq2Seq]:
    folder = _folder(name)
    fused = OnnxSeq2Seq.load(folder, variant, ["cpu"], threads=1)  # type: ignore[arg-type]
    plain = OnnxSeq2Seq.load(folder, variant, ["cpu"], threads=1, fuse=False)  # type: ignore[arg-type]
    return fused, plain


def _inputs(model: OnnxSeq2Seq, rows: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    ids = rng.integers(5, model.vocab_size - 5, (rows, 9)).astype(np.int64)
    mask = np.ones_like(ids)
    mask[1:, 6:] = 0  # mixed lengths
    return ids, mask


def _start_token(name: str) -> int:
    return int(_folder(name).generation["decoder_start_token_id"])


@pytest.mark.parametrize("name", ["marian", "bart", "mbart", "m2m100"])
def test_each_family_fuses_and_matches_the_exported_attention(name: str) -> None:
    fused, plain = _pair(name)
    assert fused.fused and fused.shared and fused.cross_first
    assert not plain.fused and not plain.shared and not plain.cross_first
    ids, mask = _inputs(fused, 3)
    a, b = fused.start(ids, mask), plain.start(ids, mask)
    tokens = np.full(3, _start_token(name), dtype=np.int64)
    for step in range(6):
        got, want = a.step(tokens), b.step(tokens)
        np.testing.assert_allclose(got, want, rtol=0, atol=ATOL)
        tokens = np.random.default_rng(step).integers(5, fused.vocab_size - 5, 3)
    # The buffer holds the keys the exported graph's cache holds, and nothing past them.
    key = "past_key_values.0.decoder.key"
    assert key not in a._tensors and a._buffers[key].shape[2] > a._prefix.shape[1] == 6
    np.testing.assert_allclose(a._buffers[key][:, :, :6], b._tensors[key], rtol=0, atol=ATOL)
    assert not a._buffers[key][:, :, 6:].any()


def test_the_graph_holds_one_fused_node_per_layer_in_its_cached_branch() -> None:
    folder = _folder("marian")
    model = onnx_protos().ModelProto.FromString(
        folder.onnx_file("decoder_merged", "fp32").read_bytes()
    )
    layers = int(folder.config["decoder_layers"])
    assert fuse_seq2seq_attention(model, int(folder.config["decoder_attention_heads"])) == layers
    (branch_node,) = [n for n in model.graph.node if n.op_type == "If"]
    branches = {a.name: a.g for a in branch_node.attribute}
    cached, first = branches["then_branch"], branches["else_branch"]
    ops = [n.op_type for n in cached.node]
    assert ops.count("GroupQueryAttention") == layers
    # The exported scale: (d_model / heads) ** -0.5, as two square-root Muls before.
    head_size = int(folder.config["d_model"]) // int(folder.config["decoder_attention_heads"])
    for node in cached.node:
        if node.op_type == "GroupQueryAttention":
            (scale,) = [a.f for a in node.attribute if a.name == "scale"]
            assert scale == pytest.approx(head_size**-0.5, rel=1e-6)
    # No node copies the self-attention cache any more.
    pasts = {f"past_key_values.{i}.decoder.{k}" for i in range(layers) for k in ("key", "value")}
    assert not [n for n in cached.node if n.op_type == "Concat" and set(n.input) & pasts]
    assert DECODER_MASK in [i.name for i in model.graph.input]
    meta = {p.key: p.value for p in model.metadata_props}
    assert meta["quire.kv_cache"] == "shared"
    # The first step's branch computes the cross-attention cache and nothing else: two
    # projections of the encoder's output per layer; the layers themselves are in the cached
    # branch alone (ONNX Runtime prepacks each branch's weights apart).
    assert meta[FIRST_STEP] == CROSS_ONLY
    first_ops = [n.op_type for n in first.node]
    assert first_ops.count("MatMul") == 2 * layers
    assert not {"Softmax", "LayerNormalization", "Gather"} & set(first_ops)
    outputs = {n.output[0]: n for n in first.node}
    for out in first.output:
        if ".encoder." in out.name:
            assert outputs[out.name].op_type == "Transpose"
        else:  # the logits and the self-attention cache: empty
            assert outputs[out.name].op_type == "Constant"
            assert 0 in outputs[out.name].attribute[0].t.dims


def _marian_proto() -> tuple[Any, Any, Any]:
    """Marian's merged fp32 decoder as a proto, its If node and its first-step branch."""
    model = onnx_protos().ModelProto.FromString(
        _folder("marian").onnx_file("decoder_merged", "fp32").read_bytes()
    )
    (branch_node,) = [n for n in model.graph.node if n.op_type == "If"]
    first = next(a.g for a in branch_node.attribute if a.name == "else_branch")
    return model, branch_node, first


def _off_pattern(kind: str, model: Any, branch_node: Any, first: Any) -> None:
    if kind == "transpose":  # a cross-attention cache transposed otherwise
        (odd,) = [n for n in first.node if "present.1.encoder.value" in n.output]
        assert odd.op_type == "Transpose"
        odd.attribute[0].ints[:] = [0, 2, 3, 1]
    elif kind == "op":  # an op the projection path does not know
        (odd,) = [n for n in first.node if "present.1.encoder.value" in n.output]
        reshape = next(n for n in first.node if odd.input[0] in n.output)
        bias = next(n for n in first.node if reshape.input[0] in n.output)
        assert bias.op_type == "Add"
        bias.op_type = "Sub"
    elif kind == "allowzero":  # a zero in the shape would be a size
        (odd,) = [n for n in first.node if "present.0.encoder.key" in n.output]
        reshape = next(n for n in first.node if odd.input[0] in n.output)
        reshape.attribute.append(
            onnx_protos().AttributeProto(
                name="allowzero", type=onnx_protos().AttributeProto.INT, i=1
            )
        )
    elif kind == "untyped":  # the cached branch's logits without a declared type
        cached = next(a.g for a in branch_node.attribute if a.name == "then_branch")
        cached.output[0].type.tensor_type.ClearField("shape")
    elif kind == "cross_dims":  # the cross-attention cache's heads not declared
        info = next(i for i in model.graph.input if i.name == "past_key_values.1.encoder.key")
        info.type.tensor_type.shape.dim[1].ClearField("dim_value")
        info.type.tensor_type.shape.dim[1].dim_param = "heads"


@pytest.mark.parametrize("kind", ["transpose", "op", "allowzero", "untyped", "cross_dims"])
def test_a_first_step_branch_off_the_pattern_is_left_as_exported(kind: str) -> None:
    """Anything the rewrite does not know about the first step's cross-attention projections
    or the branch's outputs: the first-step branch stays exactly as it was (every check comes
    before any change), unmarked, while the cached branch is still fused."""
    model, branch_node, first = _marian_proto()
    _off_pattern(kind, model, branch_node, first)
    before = first.SerializeToString()
    assert fuse_seq2seq_attention(model, int(_folder("marian").config["decoder_attention_heads"]))
    assert first.SerializeToString() == before
    assert FIRST_STEP not in {p.key for p in model.metadata_props}


def test_a_fused_decoder_whose_first_step_stays_whole_runs_it_as_exported(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The rewrite declining the first-step branch (as for an off-pattern graph): one call
    for the first step, the fused cached branch after it, the exported graph's logits."""
    from engine.runtime import fuse_attention

    monkeypatch.setattr(fuse_attention, "_cross_only", lambda *args: False)
    fused, plain = _pair("bart")
    assert fused.fused and fused.shared and not fused.cross_first
    ids, mask = _inputs(fused, 3)
    a, b = fused.start(ids, mask), plain.start(ids, mask)
    tokens = np.full(3, _start_token("bart"), dtype=np.int64)
    for step in range(4):
        np.testing.assert_allclose(a.step(tokens), b.step(tokens), rtol=0, atol=ATOL)
        tokens = np.random.default_rng(step).integers(5, fused.vocab_size - 5, 3)


@pytest.mark.parametrize("variant", ["fp32", "int8"])
def test_the_first_step_gives_the_exported_cross_attention_cache(variant: str) -> None:
    """The cross-attention cache comes from the exported projection ops on the same inputs:
    equal to the exported first step's, bit for bit, in float and in int8."""
    fused, plain = _pair("marian", variant)
    assert fused.cross_first
    ids, mask = _inputs(fused, 3)
    a, b = fused.start(ids, mask, expand=2), plain.start(ids, mask, expand=2)
    tokens = np.full(6, _start_token("marian"), dtype=np.int64)
    got, want = a.step(tokens), b.step(tokens)
    np.testing.assert_allclose(got, want, rtol=0, atol=ATOL if variant == "fp32" else 0.05)
    cross = [n for n in b._tensors if ".encoder." in n]
    assert len(cross) == 2 * int(_folder("marian").config["decoder_layers"])
    for name in cross:
        assert a._tensors[name].shape == b._tensors[name].shape
        np.testing.assert_array_equal(a._tensors[name], b._tensors[name])


def test_t5s_relative_attention_is_left_as_it_was() -> None:
    """T5 adds a learned position bias to unscaled scores: off the pattern, all or nothing."""
    fused, _ = _pair("t5")
    assert not fused.fused and not fused.shared


def test_beams_reorder_inside_the_buffers_and_dropped_rows_compact_them() -> None:
    fused, plain = _pair("marian")
    ids, mask = _inputs(fused, 2)
    a, b = fused.start(ids, mask, expand=3), plain.start(ids, mask, expand=3)
    start = np.full(6, _start_token("marian"), dtype=np.int64)
    np.testing.assert_allclose(a.step(start), b.step(start), rtol=0, atol=ATOL)
    rng = np.random.default_rng(3)
    for step in range(4):
        tokens = rng.integers(5, fused.vocab_size - 5, 6)
        np.testing.assert_allclose(a.step(tokens), b.step(tokens), rtol=0, atol=ATOL)
        order = np.array([1, 1, 0, 5, 3, 3]) if step % 2 else np.array([2, 0, 1, 3, 4, 4])
        buffer = a._buffers["past_key_values.0.decoder.key"]
        a.reorder(order)
        b.reorder(order)
        assert a._buffers["past_key_values.0.decoder.key"] is buffer  # moved in place
    # A finished input dropped: the other rows move to the front of the same buffers, bound
    # again over those rows (no new buffer), and the steps go on as the exported graph's.
    buffer = a._buffers["past_key_values.0.decoder.key"]
    a.reorder(np.array([3, 4, 5]))
    b.reorder(np.array([3, 4, 5]))
    compacted = a._buffers["past_key_values.0.decoder.key"]
    assert len(compacted) == 3 and np.shares_memory(compacted, buffer)
    for _ in range(2):
        tokens = rng.integers(5, fused.vocab_size - 5, 3)
        np.testing.assert_allclose(a.step(tokens), b.step(tokens), rtol=0, atol=ATOL)
    length = a._prefix.shape[1]
    np.testing.assert_allclose(
        a._buffers["past_key_values.0.decoder.key"][:, :, :length],
        b._tensors["past_key_values.0.decoder.key"],
        rtol=0,
        atol=ATOL,
    )


def test_a_cache_longer_than_the_first_buffers_grows() -> None:
    fused, plain = _pair("marian")
    ids, mask = _inputs(fused, 2)
    a, b = fused.start(ids, mask), plain.start(ids, mask)
    tokens = np.full(2, _start_token("marian"), dtype=np.int64)
    sizes = set()
    for step in range(45):
        np.testing.assert_allclose(a.step(tokens), b.step(tokens), rtol=0, atol=ATOL)
        if a._buffers:
            sizes.add(a._buffers["past_key_values.0.decoder.key"].shape[2])
        tokens = np.random.default_rng(step).integers(5, fused.vocab_size - 5, 2)
    assert len(sizes) == 2  # grown once, past the first buffers' room


def test_beam_search_gives_the_exported_attentions_ids() -> None:
    """In float32 (int8's dynamic quantisation turns the fused kernel's rounding into steps
    of the quantised activations: its logits may differ by a quantum, not by rounding)."""
    fused, plain = _pair("marian")
    ids, mask = _inputs(fused, 3, seed=5)
    folder = _folder("marian")
    settings = GenerationSettings.from_folder(
        folder.generation, folder.config, num_beams=4, max_new_tokens=20
    )
    got = [list(map(int, row)) for row in generate(fused, ids, mask, settings)]
    want = [list(map(int, row)) for row in generate(plain, ids, mask, settings)]
    assert got == want and len({tuple(r) for r in got}) > 1


def test_inputs_ending_at_different_steps_give_the_exported_attentions_ids() -> None:
    """Settled inputs leave the batch at different steps (EOS forced per input, as
    ``bench.ragged`` does): the fused cache compacts its buffers each time and the search
    goes on exactly as over the exported attention."""
    from bench.ragged import RaggedModel

    fused, plain = _pair("marian")
    ids, mask = _inputs(fused, 4, seed=7)
    folder = _folder("marian")
    settings = GenerationSettings.from_folder(
        folder.generation, folder.config, num_beams=4, max_new_tokens=16
    )
    stop = np.array([3, 9, 5, 12])
    eos = settings.eos_token_id[0]
    compactions: list[int] = []  # the buffers' rows after each reorder that dropped some
    state_type = type(fused.start(ids, mask))
    move_rows = state_type._move_rows

    def counted(self: Any, idx: np.ndarray, length: int) -> None:
        before = len(self._buffers["past_key_values.0.decoder.key"])
        move_rows(self, idx, length)
        after = self._buffers["past_key_values.0.decoder.key"]
        if len(after) < before:
            compactions.append(len(after))

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(state_type, "_move_rows", counted)
        got = [
            list(map(int, r)) for r in generate(RaggedModel(fused, stop, eos), ids, mask, settings)
        ]
    want = [list(map(int, r)) for r in generate(RaggedModel(plain, stop, eos), ids, mask, settings)]
    assert got == want
    assert [len(r) for r in got] == [n + 1 for n in stop]  # each input's tokens, then EOS
    assert compactions == [12, 8, 4]  # after inputs 0, 2 and 1 settle (4 beams each)


def test_only_the_cpu_gets_the_fused_graph() -> None:
    """CUDA's GroupQueryAttention wants float16: a CUDA session gets the decoder as exported;
    the CPU, after CUDA failed, the fused one. Forced IO binding keeps the exported one too."""
    seen: dict[str, list[bool]] = {}

    def factory(source: Any, opts: Any, plan: list[Any]) -> Any:
        name = plan[0] if isinstance(plan[0], str) else plan[0][0]
        fused = isinstance(source, bytes) and b"GroupQueryAttention" in source
        seen.setdefault(name, []).append(fused)
        if name == "CUDAExecutionProvider":
            raise RuntimeError("no CUDA here")
        return providers.ort_session(source, opts, plan)

    model = OnnxSeq2Seq.load(_folder("marian"), "fp32", ["cuda", "cpu"], 1, factory=factory)
    assert model.fused and model.shared
    assert not any(seen["CUDAExecutionProvider"]) and any(seen["CPUExecutionProvider"])
    bound = OnnxSeq2Seq.load(_folder("marian"), "fp32", ["cpu"], 1, io_binding=True)
    assert not bound.fused


def test_the_exported_attention_keeps_its_own_cache_entry(tmp_path: Path) -> None:
    """Measuring the attention as exported (``fuse=False``) must not leave its graph where
    the app's next load would take it, nor take the app's."""
    folder = _folder("marian")
    plain = OnnxSeq2Seq.load(folder, "int8", ["cpu"], threads=1, cache=tmp_path, fuse=False)
    fused = OnnxSeq2Seq.load(folder, "int8", ["cpu"], threads=1, cache=tmp_path)
    again = OnnxSeq2Seq.load(folder, "int8", ["cpu"], threads=1, cache=tmp_path, fuse=False)
    cached = OnnxSeq2Seq.load(folder, "int8", ["cpu"], threads=1, cache=tmp_path)
    assert not plain.fused and fused.fused and not again.fused and cached.shared
    assert fused.cross_first and cached.cross_first  # the metadata survives the cache
    # Nor does the file as published (no rewrite at all), in either order.
    asis = OnnxSeq2Seq.load(folder, "fp32", ["cpu"], threads=1, cache=tmp_path, rewrite=False)
    app = OnnxSeq2Seq.load(folder, "fp32", ["cpu"], threads=1, cache=tmp_path)
    asis_again = OnnxSeq2Seq.load(folder, "fp32", ["cpu"], threads=1, cache=tmp_path, rewrite=False)
    assert not asis.fused and app.fused and not asis_again.fused
    # Removing the model removes every entry, those measured apart included.
    files = [
        folder.onnx_file(role, v)
        for role in ("encoder", "decoder_merged")
        for v in ("fp32", "int8")
    ]
    assert session_cache.forget(tmp_path, files) > 0
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]
