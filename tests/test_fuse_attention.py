"""The attention of decoder-only graphs fused into ONNX Runtime's ``GroupQueryAttention``
(``engine.runtime.fuse_attention``), with the KV cache grown in place in one buffer per layer.

Each family's fused graph is checked against the same file run as exported (``fuse=False``):
the same logits within float rounding, prompt and steps, one row and a left-padded batch,
across a growth of the buffers; and the cache really is written in place."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

pytest.importorskip("optimum.exporters.onnx")
onnx = pytest.importorskip("onnx")

from engine.runtime import onnx_causal, providers  # noqa: E402
from engine.runtime.fuse_attention import fuse_attention  # noqa: E402
from engine.runtime.generate_causal import CausalSettings, generate  # noqa: E402
from engine.runtime.manifest import load_model_folder  # noqa: E402
from engine.runtime.onnx_causal import OnnxCausalLM  # noqa: E402
from engine.runtime.rewrite import onnx_protos, rewritten  # noqa: E402
from tests.fixtures.causal import CAUSAL, exported  # noqa: E402

ATOL = 2e-5  # the fused kernel sums in another order; the logits are O(1)


def _pair(family: str, variant: str = "fp32") -> tuple[OnnxCausalLM, OnnxCausalLM]:
    folder = load_model_folder(exported(family))
    fused = OnnxCausalLM.load(folder, variant, ["cpu"], threads=1)  # type: ignore[arg-type]
    plain = OnnxCausalLM.load(folder, variant, ["cpu"], threads=1, fuse=False)  # type: ignore[arg-type]
    return fused, plain


def folder_config(folder: Path) -> dict[str, Any]:
    return dict(load_model_folder(folder).config)


def _ids(rows: int, length: int, vocab: int, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).integers(5, vocab - 5, (rows, length)).astype(np.int64)


@pytest.mark.parametrize("family", CAUSAL)
def test_every_family_fuses_and_matches_the_exported_attention(family: str) -> None:
    fused, plain = _pair(family)
    assert fused.fused and fused.shared_cache
    # The rotary embedding too: one node for each layer's query and key.
    pb = onnx_protos()
    folder = exported(family)
    model = pb.ModelProto.FromString((folder / "onnx" / "model.onnx").read_bytes())
    layers = sum(1 for i in model.graph.input if i.name.endswith(".key"))
    assert fuse_attention(model, heads=int(folder_config(folder)["num_attention_heads"])) == layers
    assert [n.op_type for n in model.graph.node].count("RotaryEmbedding") == 2 * layers
    assert not plain.fused and not plain.shared_cache
    ids = _ids(1, 9, fused.vocab_size)
    a, b = fused.start(1), plain.start(1)
    np.testing.assert_allclose(
        a.forward(ids, last_only=False), b.forward(ids, last_only=False), rtol=0, atol=ATOL
    )
    for step in range(4):
        token = _ids(1, 1, fused.vocab_size, seed=step + 1)
        np.testing.assert_allclose(a.forward(token), b.forward(token), rtol=0, atol=ATOL)


def test_the_graph_holds_one_fused_node_per_layer_and_no_cache_concat() -> None:
    folder = exported("qwen2")
    pb = onnx_protos()
    model = pb.ModelProto.FromString((folder / "onnx" / "model.onnx").read_bytes())
    from engine.runtime.rewrite import drop_nan_guards

    drop_nan_guards(model)
    layers = sum(1 for i in model.graph.input if i.name.endswith(".key"))
    assert fuse_attention(model, heads=4) == layers
    ops = [n.op_type for n in model.graph.node]
    assert ops.count("GroupQueryAttention") == layers
    producers = {o: n.op_type for n in model.graph.node for o in n.output}
    assert all(producers[f"present.{i}.key"] == "GroupQueryAttention" for i in range(layers))
    assert "Softmax" not in ops
    # Nothing reads the cache but the fused nodes: repeat_kv's copies went with the old ops.
    readers = {n.op_type for n in model.graph.node for i in n.input if i.startswith("past_")}
    assert readers <= {"GroupQueryAttention", "Shape"}
    assert not any(i.startswith("present.") for n in model.graph.node for i in n.input)


def test_gemma2s_soft_capped_scores_fuse_into_the_ops_softcap() -> None:
    """Gemma-2's eager attention (scale, then ``Mul(Tanh(Div(x, cap)), cap)``, then the mask,
    a float32 softmax cast back) becomes the fused op's ``scale`` and ``softcap``."""
    folder = exported("gemma2")
    cap = load_model_folder(folder).config["attn_logit_softcapping"]
    pb = onnx_protos()
    model = pb.ModelProto.FromString((folder / "onnx" / "model.onnx").read_bytes())
    tanh = sum(n.op_type == "Tanh" for n in model.graph.node)
    layers = sum(1 for i in model.graph.input if i.name.endswith(".key"))
    assert fuse_attention(model, heads=4) == layers
    fused = [n for n in model.graph.node if n.op_type == "GroupQueryAttention"]
    attrs = [{a.name: a.f for a in n.attribute if a.type == pb.AttributeProto.FLOAT} for n in fused]
    head_size = int(load_model_folder(folder).config["head_dim"])
    for found in attrs:
        assert found["softcap"] == pytest.approx(cap)
        assert found["scale"] == pytest.approx(head_size**-0.5)  # query_pre_attn_scalar
    # One cap per layer went into the op; the MLP's tanh GELU and the final logits' cap stay.
    assert sum(n.op_type == "Tanh" for n in model.graph.node) == tanh - layers


def test_a_graph_off_the_pattern_is_left_as_it_was() -> None:
    """One layer off the pattern (its attention weights also read elsewhere, here as an extra
    output) and nothing changes: no layer is fused alone."""
    pb = onnx_protos()
    model = pb.ModelProto.FromString((exported("qwen2") / "onnx" / "model.onnx").read_bytes())
    softmax = [n for n in model.graph.node if n.op_type == "Softmax"][-1]
    extra = pb.ValueInfoProto(name=softmax.output[0])
    extra.type.tensor_type.elem_type = pb.TensorProto.FLOAT
    model.graph.output.append(extra)
    data = model.SerializeToString()
    assert fuse_attention(model, heads=4) == 0
    assert model.SerializeToString() == data


def test_the_cache_grows_in_place_and_doubles_when_full() -> None:
    fused, plain = _pair("llama")
    state, other = fused.start(1), plain.start(1)
    prompt = _ids(1, 250, fused.vocab_size)
    np.testing.assert_allclose(state.forward(prompt), other.forward(prompt), rtol=0, atol=ATOL)
    assert state.capacity == 256
    buffer = state._buffers[0]
    for step in range(10):  # past 256 tokens: the buffers grow once
        token = _ids(1, 1, fused.vocab_size, seed=step + 7)
        np.testing.assert_allclose(state.forward(token), other.forward(token), rtol=0, atol=ATOL)
        if state.length <= 256:
            assert state._buffers[0] is buffer  # appended in place, never reallocated
    assert state.length == 260 and state.capacity == 512
    # The keys the kernel wrote into the buffer are the exported graph's present keys.
    present = other._past[0]
    np.testing.assert_allclose(state._buffers[0][:, :, :260], present, rtol=0, atol=ATOL)
    assert not state._buffers[0][:, :, 260:].any()


def test_each_steps_logits_are_its_own_array() -> None:
    """A step's logits are written into one buffer that the next step writes again: what
    ``forward`` returns must not change afterwards."""
    fused, plain = _pair("llama")
    state, other = fused.start(2), plain.start(2)
    prompt = _ids(2, 6, fused.vocab_size)
    state.forward(prompt), other.forward(prompt)
    returned, expected = [], []
    for step in range(3):
        token = _ids(2, 1, fused.vocab_size, seed=step + 11)
        returned.append(state.forward(token))
        expected.append(other.forward(token))
    assert not np.array_equal(returned[0], returned[1])  # the steps differ ...
    for got, want in zip(returned, expected, strict=True):  # ... and each kept its own
        np.testing.assert_allclose(got, want, rtol=0, atol=ATOL)


def test_a_graph_ignoring_num_logits_to_keep_still_takes_a_slice_after_steps() -> None:
    """A file may take ``num_logits_to_keep`` and return every position anyway: a prompt
    slice fed after decoding steps must not go into the one-position buffer of the steps."""
    fused, _ = _pair("llama")
    folder = load_model_folder(exported("llama"))
    path = folder.onnx_file("model", "fp32")
    done = rewritten(str(path), causal=True, heads=int(folder.config["num_attention_heads"]))
    assert done is not None
    pb = onnx_protos()
    model = pb.ModelProto.FromString(done.data)
    (keep,) = [n for n in model.graph.node if n.op_type == "Slice" and "quire_keep" in n.output[0]]
    model.graph.initializer.append(
        pb.TensorProto(
            name="every_position", dims=[1], data_type=pb.TensorProto.INT64, int64_data=[0]
        )
    )
    keep.input[1] = "every_position"  # slices from position 0: all positions come back
    session = providers.ort_session(
        model.SerializeToString(), providers.session_options(1), ["CPUExecutionProvider"]
    )
    ignoring = OnnxCausalLM(session, fused.info, path, folder.config, folder.path, done.tables)
    assert ignoring.takes_keep and ignoring.shared_cache
    a, b = ignoring.start(1), fused.start(1)
    for seed, length in ((0, 5), (1, 1), (2, 1), (3, 3)):  # prompt, two steps, a slice
        ids = _ids(1, length, fused.vocab_size, seed=seed)
        np.testing.assert_allclose(a.forward(ids), b.forward(ids), rtol=0, atol=ATOL)


def test_a_left_padded_batch_matches_whole_and_token_by_token() -> None:
    fused, plain = _pair("qwen2")
    ids = _ids(3, 12, fused.vocab_size)
    mask = np.ones_like(ids)
    mask[1, :5] = 0
    mask[2, :9] = 0
    a, b = fused.start(3), plain.start(3)
    assert a.whole_prompt and not b.whole_prompt
    real = mask.astype(bool)
    got, want = a.forward(ids, mask, last_only=False), b.forward(ids, mask, last_only=False)
    np.testing.assert_allclose(got[real], want[real], rtol=0, atol=ATOL)
    # Several tokens into a non-empty cache: the fused op takes them one by one for 3 rows.
    more = _ids(3, 4, fused.vocab_size, seed=3)
    np.testing.assert_allclose(
        a.forward(more, last_only=False), b.forward(more, last_only=False), rtol=0, atol=ATOL
    )


def test_greedy_generation_of_a_long_batch_is_unchanged() -> None:
    """A batch whose prompt is longer than one prefill slice goes in whole (the fused op
    refuses several tokens per row into a filled cache) and gives the exported graph's ids."""
    fused, plain = _pair("qwen2")
    ids = _ids(2, 300, fused.vocab_size)
    mask = np.ones_like(ids)
    mask[1, :40] = 0
    settings = CausalSettings(max_new_tokens=8, eos_token_id=())
    got = generate(fused, ids, mask, settings).tokens
    want = generate(plain, ids, mask, settings).tokens
    assert got == want and len(set(got[0])) > 1


def test_the_optimised_graph_from_the_cache_stays_fused(tmp_path: Path) -> None:
    folder = load_model_folder(exported("qwen2"))
    first = OnnxCausalLM.load(folder, "int8", ["cpu"], threads=1, cache=tmp_path)
    again = OnnxCausalLM.load(folder, "int8", ["cpu"], threads=1, cache=tmp_path)
    assert first.fused and again.fused and again.shared_cache
    ids = _ids(1, 20, again.vocab_size)
    np.testing.assert_array_equal(first.start(1).forward(ids), again.start(1).forward(ids))


def test_only_the_cpu_gets_the_fused_graph(monkeypatch: pytest.MonkeyPatch) -> None:
    """CUDA's GroupQueryAttention wants float16: a CUDA session gets the attention as
    exported; the CPU, after CUDA failed, the fused one."""
    seen: dict[str, bool] = {}

    def factory(source: Any, opts: Any, plan: list[Any]) -> Any:
        name = plan[0] if isinstance(plan[0], str) else plan[0][0]
        seen[name] = isinstance(source, bytes) and b"GroupQueryAttention" in source
        if name == "CUDAExecutionProvider":
            raise RuntimeError("no CUDA here")
        return providers.ort_session(source, opts, plan)

    folder = load_model_folder(exported("qwen2"))
    model = onnx_causal.OnnxCausalLM.load(folder, "fp32", ["cuda", "cpu"], 1, factory=factory)
    assert seen == {"CUDAExecutionProvider": False, "CPUExecutionProvider": True}
    assert model.fused


def test_the_exported_attention_keeps_its_own_cache_entry(tmp_path: Path) -> None:
    """Measuring the attention as exported (``fuse=False``) must not leave its graph where
    the app's next load would take it."""
    folder = load_model_folder(exported("qwen2"))
    plain = OnnxCausalLM.load(folder, "int8", ["cpu"], threads=1, cache=tmp_path, fuse=False)
    fused = OnnxCausalLM.load(folder, "int8", ["cpu"], threads=1, cache=tmp_path)
    again = OnnxCausalLM.load(folder, "int8", ["cpu"], threads=1, cache=tmp_path, fuse=False)
    assert not plain.fused and fused.fused and not again.fused


def test_generation_reserves_the_whole_cache_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """``generate`` knows the prompt and the new tokens: the buffers are made once, that size,
    and never grown by copying."""
    fused, _plain = _pair("qwen2")
    states: list[Any] = []
    start = fused.start

    def spy(rows: int) -> Any:
        states.append(start(rows))
        return states[-1]

    monkeypatch.setattr(fused, "start", spy)
    grown: list[int] = []
    reserve = onnx_causal.CausalState._reserve

    def counting(self: Any, total: int, *, exact: bool = False) -> None:
        if total > self.capacity:
            grown.append(total)
        reserve(self, total, exact=exact)

    monkeypatch.setattr(onnx_causal.CausalState, "_reserve", counting)
    ids = _ids(1, 40, fused.vocab_size)
    out = generate(fused, ids, None, CausalSettings(max_new_tokens=12, eos_token_id=()))
    assert len(out.tokens[0]) == 12
    assert grown == [52] and states[0].capacity == 52
