"""Quire on the language-model files users download: the Transformers.js layout of a tiny Qwen2
with a tied LM head (``onnx/model_quantized.onnx``), rebuilt by ``bench.replica`` the way
Transformers.js converts and quantizes, and the load-time rewrite that lets its head read the
last position only, in int8, with the embedding looked up outside the graph."""

from __future__ import annotations

import functools
import gc
import hashlib
import json
import shutil
import warnings
import weakref
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from engine.runtime.manifest import ModelFolder, Variant, load_model_folder
from engine.runtime.onnx_causal import OnnxCausalLM
from tests.fixtures.builder import _cached
from tests.fixtures.causal import cache_dir, checkpoint

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")
onnx = pytest.importorskip("onnx")
replica = pytest.importorskip("bench.replica")
pytest.importorskip("optimum.exporters.onnx")
pytest.importorskip("accelerate")  # Optimum's tied-weight deduplication needs it

PROMPT = [[5, 17, 42, 99, 7, 123, 64, 12, 301, 9]]


def _tied_checkpoint(dst: Path) -> None:
    shutil.copytree(checkpoint("qwen2"), dst)
    config = json.loads((dst / "config.json").read_text(encoding="utf-8"))
    config["tie_word_embeddings"] = True  # as Qwen2.5-0.5B has it
    (dst / "config.json").write_text(json.dumps(config, indent=2), encoding="utf-8")


@functools.cache
def tied() -> Path:
    key = hashlib.sha256(Path(replica.__file__).read_bytes()).hexdigest()[:12]
    return _cached(cache_dir() / "downloaded" / f"qwen2-tied-{key}-checkpoint", _tied_checkpoint)


@functools.cache
def downloaded() -> ModelFolder:
    def build(dst: Path) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            replica.build_downloaded_causal(tied(), dst)

    return load_model_folder(
        _cached(tied().with_name(tied().name[: -len("checkpoint")] + "tjs"), build)
    )


@functools.cache
def reference_logits() -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = transformers.AutoModelForCausalLM.from_pretrained(tied()).eval()
    with torch.no_grad():
        return model(torch.tensor(PROMPT)).logits[0].numpy()


def _subgraphs(graph: Any) -> list[Any]:
    found = [graph]
    for node in graph.node:
        for attr in node.attribute:
            if attr.type == onnx.AttributeProto.GRAPH:
                found += _subgraphs(attr.g)
    return found


def test_the_replica_has_the_published_layout() -> None:
    """What users download: no last-position input, and the tied head a float MatMul over the
    dequantized 8-bit embedding table, every step and every position."""
    path = downloaded().onnx["int8"].files["model"]
    assert path.name == "model_quantized.onnx"
    model = onnx.load(str(path))
    assert "num_logits_to_keep" not in {i.name for i in model.graph.input}
    producer = {o: n for n in model.graph.node for o in n.output}
    head = producer["logits"]
    assert head.op_type == "MatMul"
    chain = {producer[head.input[1]].op_type, producer[producer[head.input[1]].input[0]].op_type}
    assert chain == {"DequantizeLinear", "Transpose"}


def test_the_rewrite_takes_the_head_to_int8_and_the_table_out() -> None:
    from engine.runtime.rewrite import KEEP_INPUT, ROWS_PREFIX, rewrite_model

    model = onnx.load(str(downloaded().onnx["int8"].files["model"]))
    guards = [n.op_type for n in model.graph.node].count("IsNaN")
    assert guards == int(downloaded().config["num_hidden_layers"])  # SDPA's, as published
    tables = rewrite_model(model, causal=True)
    assert tables is not None and list(tables) == [ROWS_PREFIX + "input_ids"]
    onnx.checker.check_model(model)
    nodes = [n for g in _subgraphs(model.graph) for n in g.node]
    assert [n.op_type for n in nodes].count("DynamicQuantizeMatMul") == 1
    assert "IsNaN" not in {n.op_type for n in nodes}  # finite masks instead
    assert KEEP_INPUT in {i.name for i in model.graph.input}
    vocab = int(downloaded().config["vocab_size"])
    left = [t for t in model.graph.initializer if vocab in t.dims]
    assert len(left) == 1  # the transposed int8 copy, for the head alone
    assert {n.op_type for n in nodes if left[0].name in n.input} == {"DynamicQuantizeMatMul"}


def test_the_rewritten_file_stays_as_close_to_the_checkpoint_as_published() -> None:
    folder = downloaded()
    published = OnnxCausalLM.load(folder, "int8", ["cpu"], threads=1, rewrite=False)
    rewritten = OnnxCausalLM.load(folder, "int8", ["cpu"], threads=1)
    assert not published.takes_keep and rewritten.takes_keep, "the rewrite did not apply"
    ids = np.array(PROMPT, dtype=np.int64)
    want = reference_logits()
    theirs = published.start(1).forward(ids, last_only=False)[0]
    state = rewritten.start(1)
    ours_last = state.forward(ids)[0]  # the head for the last position only
    drift = np.abs(theirs[-1] - want[-1]).max()
    assert drift > 1e-4, "int8 equals fp32: not a quantized model?"
    assert np.abs(ours_last - want[-1]).max() <= 1.25 * drift
    assert np.corrcoef(ours_last, want[-1])[0, 1] > 0.95
    # Every position, when asked (the zero-shot classifier scores whole label spans).
    every = rewritten.start(1).forward(ids, last_only=False)[0]
    assert every.shape == want.shape
    assert np.abs(every - want).max() <= 1.25 * np.abs(theirs - want).max()
    # The cache carries on from the prompt like the published file's.
    step = np.array([[33]], dtype=np.int64)
    theirs_state = published.start(1)
    theirs_state.forward(ids)
    np.testing.assert_allclose(
        state.forward(step)[0], theirs_state.forward(step)[0], atol=4 * drift
    )


def test_our_own_export_reads_its_embedding_outside_the_graph_bit_for_bit(tmp_path: Path) -> None:
    """Quire's own int8 export keeps its head untied and its embedding in float: the rewrite
    moves the table out (memory-mapped from the cache) and fuses the attention; the logits
    change only by the fused kernel's float rounding, and not at all between the table in
    memory and the table memory-mapped from the cache."""
    from tests.fixtures.causal import exported

    folder = load_model_folder(exported("qwen2"))
    plain = OnnxCausalLM.load(folder, "int8", ["cpu"], threads=1, rewrite=False)
    cached = OnnxCausalLM.load(folder, "int8", ["cpu"], threads=1, cache=tmp_path)
    again = OnnxCausalLM.load(folder, "int8", ["cpu"], threads=1, cache=tmp_path)
    assert not plain._tables and again._tables
    assert all(isinstance(t, np.memmap) for t in again._tables.values())
    ids = np.array(PROMPT, dtype=np.int64)
    want = plain.start(1).forward(ids, last_only=False)
    first = cached.start(1).forward(ids, last_only=False)
    np.testing.assert_allclose(first, want, rtol=0, atol=1e-5)
    np.testing.assert_array_equal(again.start(1).forward(ids, last_only=False), first)

    # The table is the file's own float bytes: mapped from the model file, not copied into
    # the cache; and let go on close, while the model object is still held (a folder whose
    # files are mapped cannot be deleted on Windows).
    onnx_file = folder.onnx["int8"].files["model"].resolve()
    for model in (cached, again):
        assert all(Path(str(t.filename)).resolve() == onnx_file for t in model._tables.values())
    assert list(tmp_path.rglob("*.npy")) == [] and list(tmp_path.rglob("*.ref"))
    maps = [weakref.ref(t) for m in (cached, again) for t in m._tables.values()]
    cached.close()
    again.close()
    gc.collect()
    assert [m() for m in maps] == [None] * len(maps)


def test_rows_are_read_from_a_mapped_float_table_without_copying_it(tmp_path: Path) -> None:
    """A float table mapped from a model file starts wherever protobuf put its bytes, often
    not on a multiple of four: looking up a few rows must read those rows only. (``np.take``
    copied the whole unaligned table per call: 545 MB, 0.1 s, per decoding step of a
    Qwen2.5-0.5B-shaped q4 or fp32 file.)"""
    import tracemalloc

    from engine.runtime.rewrite import look_up

    values = np.arange(4_000 * 256, dtype=np.float32).reshape(4_000, 256)
    path = tmp_path / "model.onnx"
    path.write_bytes(b"\x0a" + values.tobytes())
    table = np.memmap(path, dtype=np.float32, mode="r", offset=1, shape=values.shape)
    assert not table.flags.aligned
    ids = np.array([[5, 3_999, -1]], dtype=np.int64)
    tracemalloc.start()
    try:
        rows = look_up(table, ids)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    np.testing.assert_array_equal(rows, values[[[5, 3_999, 3_999]]])
    assert peak < values.nbytes // 100
    with pytest.raises(ValueError, match="out of data bounds"):
        look_up(table, np.array([[4_000]], dtype=np.int64))


def test_our_int8_export_of_a_tied_model_has_the_published_layout(tmp_path: Path) -> None:
    """``quire models export --dtype int8`` of a checkpoint with a tied LM head writes what
    Transformers.js publishes: the table stored once, quantized, the head reading it
    transposed (not a float embedding beside an int8 head: twice the size); loaded, the head
    becomes int8 and the table leaves the graph, and the logits stay as close to the
    checkpoint's as the published file's."""
    from engine.store.export_causal import export_causal

    out = export_causal(tied(), tmp_path / "ours", ("int8",))
    ours = out / "onnx" / "model_int8.onnx"
    theirs = downloaded().onnx["int8"].files["model"]
    assert ours.stat().st_size <= 1.1 * theirs.stat().st_size
    model = onnx.load(str(ours))
    config = json.loads((tied() / "config.json").read_text(encoding="utf-8"))
    shape = [config["vocab_size"], config["hidden_size"]]
    tables = [t for t in model.graph.initializer if list(t.dims) == shape]
    assert len(tables) == 1
    assert tables[0].data_type in (onnx.TensorProto.UINT8, onnx.TensorProto.INT8)
    published_model = onnx.load(str(theirs))
    (table,) = [t for t in published_model.graph.initializer if list(t.dims) == shape]
    assert {n.op_type for n in model.graph.node if tables[0].name in n.input} == {
        n.op_type for n in published_model.graph.node if table.name in n.input
    }
    loaded = OnnxCausalLM.load(load_model_folder(out), "int8", ["cpu"], threads=1)
    published = OnnxCausalLM.load(downloaded(), "int8", ["cpu"], threads=1)
    assert loaded._tables and loaded.takes_keep
    ids = np.array(PROMPT, dtype=np.int64)
    want = reference_logits()
    drift = np.abs(published.start(1).forward(ids, last_only=False)[0] - want).max()
    got = loaded.start(1).forward(ids, last_only=False)[0]
    assert np.abs(got - want).max() <= 1.25 * drift


def test_the_q4_replica_keeps_its_tied_head_in_float_with_no_accuracy_level() -> None:
    """Transformers.js's ``q4`` as users download it: 4-bit layers without an accuracy level
    (float32 compute on the CPU), the tied head a float MatMul over the transposed table."""
    path = downloaded().onnx["q4"].files["model"]
    assert path.name == "model_q4.onnx"
    model = onnx.load(str(path))
    producer = {o: n for n in model.graph.node for o in n.output}
    head = producer["logits"]
    assert head.op_type == "MatMul" and producer[head.input[1]].op_type == "Transpose"
    nbits = [n for n in model.graph.node if n.op_type == "MatMulNBits"]
    assert len(nbits) == 7 * int(downloaded().config["num_hidden_layers"])
    assert not any(a.name == "accuracy_level" for n in nbits for a in n.attribute)


def _rewritten_q4(*, cpu: bool) -> Any:
    from engine.runtime.rewrite import rewritten

    path = downloaded().onnx["q4"].files["model"]
    heads = int(downloaded().config["num_attention_heads"])
    done = rewritten(str(path), causal=True, heads=heads if cpu else None, cpu=cpu)
    assert done is not None
    model = onnx.ModelProto.FromString(done.data)
    return model


def test_on_the_cpu_the_q4_head_becomes_4_bit_and_every_product_int8() -> None:
    from engine.runtime.rewrite import KEEP_INPUT
    from engine.runtime.rewrite_q4 import ACCURACY_LEVEL

    model = _rewritten_q4(cpu=True)
    producer = {o: n for n in model.graph.node for o in n.output}
    head = producer["logits"]
    vocab = int(downloaded().config["vocab_size"])
    hidden = int(downloaded().config["hidden_size"])
    assert head.op_type == "MatMulNBits"
    attrs = {a.name: a.i for a in head.attribute}
    assert (attrs["N"], attrs["K"], attrs["bits"], attrs["block_size"]) == (vocab, hidden, 4, 32)
    assert producer[head.input[0]].op_type == "Slice"  # the last position only
    assert KEEP_INPUT in {i.name for i in model.graph.input}
    nbits = [n for n in model.graph.node if n.op_type == "MatMulNBits"]
    levels = [{a.name: a.i for a in n.attribute}.get("accuracy_level") for n in nbits]
    assert levels == [ACCURACY_LEVEL] * (7 * int(downloaded().config["num_hidden_layers"]) + 1)
    # No transposed float table is left for ONNX Runtime to fold into a second copy.
    transposed = {n.output[0] for n in model.graph.node if n.op_type == "Transpose"}
    assert not [n for n in model.graph.node if n.op_type == "MatMul" and n.input[1] in transposed]
    # Elsewhere (a GPU provider) the file's products are left as published.
    elsewhere = _rewritten_q4(cpu=False)
    head = {o: n for n in elsewhere.graph.node for o in n.output}["logits"]
    assert head.op_type == "MatMul"
    nbits = [n for n in elsewhere.graph.node if n.op_type == "MatMulNBits"]
    assert not any(a.name == "accuracy_level" for n in nbits for a in n.attribute)


def test_the_rewritten_q4_file_computes_what_our_q4_export_computes(tmp_path: Path) -> None:
    """Quire's own q4 export of a tied checkpoint is the published layout, and the downloaded
    q4 file, rewritten, gives the logits of that export bit for bit (the same quantizer,
    block size and compute); they differ from the published file's (float head, float
    compute) and stay as close to the checkpoint's."""
    from engine.store.export_causal import export_causal

    ours = load_model_folder(export_causal(tied(), tmp_path / "ours", ("q4",)))
    # Our q4 export of a tied model has the published layout: the table stored once, in
    # float, the head reading it transposed (the rewrite makes that head 4-bit at load).
    file = ours.onnx["q4"].files["model"]
    published_file = downloaded().onnx["q4"].files["model"]
    assert file.stat().st_size <= 1.1 * published_file.stat().st_size
    model = onnx.load(str(file))
    head = {o: n for n in model.graph.node for o in n.output}["logits"]
    assert head.op_type == "MatMul"
    exported_q4 = OnnxCausalLM.load(ours, "q4", ["cpu"], threads=1)
    rewritten_q4 = OnnxCausalLM.load(downloaded(), "q4", ["cpu"], threads=1)
    published = OnnxCausalLM.load(downloaded(), "q4", ["cpu"], threads=1, rewrite=False)
    ids = np.array(PROMPT, dtype=np.int64)
    got = rewritten_q4.start(1).forward(ids, last_only=False)[0]
    np.testing.assert_array_equal(got, exported_q4.start(1).forward(ids, last_only=False)[0])
    theirs = published.start(1).forward(ids, last_only=False)[0]
    want = reference_logits()
    assert np.abs(got - theirs).max() > 0  # 4-bit head and int8 compute: other numbers ...
    # ... as close to the checkpoint's as the published file's (the 4-bit layers dominate).
    assert np.abs(got - want).max() <= 1.25 * np.abs(theirs - want).max()


@functools.cache
def downloaded_untied() -> ModelFolder:
    def build(dst: Path) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            replica.build_downloaded_causal(checkpoint("qwen2"), dst)

    key = hashlib.sha256(Path(replica.__file__).read_bytes()).hexdigest()[:12]
    return load_model_folder(_cached(cache_dir() / "downloaded" / f"qwen2-untied-{key}", build))


def test_an_untied_q4_head_reads_the_last_position_only() -> None:
    """An untied head (Phi-3.5's) is a constant the quantizer makes 4-bit: the rewrite finds
    it behind the logits all the same and lets it read the last position alone."""
    folder = downloaded_untied()
    model = onnx.load(str(folder.onnx["q4"].files["model"]))
    head = {o: n for n in model.graph.node for o in n.output}["logits"]
    assert head.op_type == "MatMulNBits"  # as published
    loaded = OnnxCausalLM.load(folder, "q4", ["cpu"], threads=1)
    published = OnnxCausalLM.load(folder, "q4", ["cpu"], threads=1, rewrite=False)
    assert loaded.takes_keep and not published.takes_keep
    ids = np.array(PROMPT, dtype=np.int64)
    every = loaded.start(1).forward(ids, last_only=False)[0]
    assert every.shape[0] == len(PROMPT[0])
    # (equal to float rounding: ONNX Runtime's 4-bit kernel sums one row in another order than
    # a block of rows on some CPUs, 1.7e-6 apart on an AVX2-only EPYC)
    last = loaded.start(1).forward(ids)[0]
    np.testing.assert_allclose(last, every[-1], rtol=1e-5, atol=1e-5)
    assert np.abs(last - every[-2]).max() > 1e-2  # (the last position's, not another's)


@pytest.mark.parametrize("variant", ["int8", "q4"])
def test_the_cpu_rewrite_needs_neither_onnx_nor_its_quantizer(variant: Variant) -> None:
    """The app bundle leaves out onnx, ml_dtypes and onnxruntime.quantization
    (packaging/quire.spec): a language model's rewrite for the CPU, 4-bit head included, runs
    without them and gives the same bytes as with them."""
    from engine.runtime.rewrite import rewritten
    from tests.fixtures.bundle import rewrite_without_left_out

    path = str(downloaded().onnx[variant].files["model"])
    heads = int(downloaded().config["num_attention_heads"])
    made = rewritten(path, causal=True, heads=heads, cpu=True)
    assert made is not None
    call = f"rewritten({path!r}, causal=True, heads={heads}, cpu=True)"
    assert rewrite_without_left_out(call) == made.data
