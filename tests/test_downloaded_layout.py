"""Quire on the files users download: the Transformers.js layout (merged decoder, tied output
projection deduplicated, q8 with subgraph quantization), rebuilt by ``bench.replica`` from a
tiny Marian with tied embeddings, and the load-time rewrite of its output projection."""

from __future__ import annotations

import functools
import gc
import importlib
import json
import os
import shutil
import warnings
import weakref
from pathlib import Path
from typing import Any

import numpy as np
import onnxruntime as ort
import pytest

from engine.runtime.backend import FloatArray, IntArray
from engine.runtime.manifest import ModelFolder, Variant, load_model_folder
from engine.runtime.onnx_seq2seq import OnnxSeq2Seq
from engine.runtime.session_cache import graphs
from tests.fixtures import corpus
from tests.fixtures.builder import _cached, cache_dir, checkpoint

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")
onnx = pytest.importorskip("onnx")
replica = pytest.importorskip("bench.replica")
pytest.importorskip("accelerate")  # Optimum's tied-weight deduplication needs it

REPLICA_SOURCE = Path(replica.__file__).read_bytes()


def _tied_checkpoint(dst: Path) -> None:
    """The tiny Marian with the output projection tied to the embedding, as opus-mt has it."""
    shutil.copytree(checkpoint("marian"), dst)
    config = json.loads((dst / "config.json").read_text(encoding="utf-8"))
    config["tie_word_embeddings"] = True
    (dst / "config.json").write_text(json.dumps(config, indent=2), encoding="utf-8")


@functools.cache
def tied() -> Path:
    import hashlib

    key = hashlib.sha256(REPLICA_SOURCE).hexdigest()[:12]
    return _cached(cache_dir() / "downloaded" / f"marian-tied-{key}-checkpoint", _tied_checkpoint)


@functools.cache
def downloaded() -> ModelFolder:
    def build(dst: Path) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            replica.build_downloaded(tied(), dst)

    return load_model_folder(
        _cached(tied().with_name(tied().name[: -len("checkpoint")] + "tjs"), build)
    )


@functools.cache
def reference() -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = transformers.AutoModelForSeq2SeqLM.from_pretrained(tied())
    return model.eval()


@functools.cache
def batch() -> tuple[IntArray, IntArray]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tokenizer = transformers.AutoTokenizer.from_pretrained(tied())
    enc = tokenizer(corpus.sample_inputs()[:4], padding=True, return_tensors="np")
    return enc["input_ids"].astype(np.int64), enc["attention_mask"].astype(np.int64)


def _logits(model: OnnxSeq2Seq, steps: int = 4) -> FloatArray:
    ids, mask = batch()
    start = int(downloaded().generation["decoder_start_token_id"])
    rng = np.random.default_rng(3)
    state = model.start(ids, mask)
    tokens = [np.full(len(ids), start, dtype=np.int64)]
    tokens += [rng.integers(3, 300, size=len(ids), dtype=np.int64) for _ in range(steps - 1)]
    return np.concatenate([state.step(t) for t in tokens])


def _load(variant: Variant, *, rewrite: bool = True) -> OnnxSeq2Seq:
    return OnnxSeq2Seq.load(downloaded(), variant, ["cpu"], rewrite=rewrite)


def test_the_replica_has_the_published_layout() -> None:
    fold = downloaded()
    assert {r: p.name for r, p in fold.onnx["int8"].files.items()} == {
        "encoder": "encoder_model_quantized.onnx",
        "decoder_merged": "decoder_model_merged_quantized.onnx",
    }
    model = onnx.load(str(fold.onnx["int8"].files["decoder_merged"]))
    tables = [t for t in model.graph.initializer if len(t.dims) == 2 and t.dims[0] == 501]
    # One vocabulary table, quantized once (for the Gather), and no separate lm_head weight.
    assert [t.data_type for t in tables] == [onnx.TensorProto.UINT8]


@pytest.mark.parametrize("beams", [1, 4])
def test_fp32_merged_matches_transformers_token_for_token(beams: int) -> None:
    gen = pytest.importorskip("engine.runtime.generate")
    fold = downloaded()
    ids, mask = batch()
    options: dict[str, Any] = {"num_beams": beams, "max_new_tokens": 24}
    settings = gen.GenerationSettings.from_folder(fold.generation, fold.config, **options)
    ours = gen.generate(_load("fp32"), ids, mask, settings)
    with torch.no_grad():
        out = reference().generate(
            input_ids=torch.from_numpy(ids), attention_mask=torch.from_numpy(mask), **options
        )
    eos = set(settings.eos_token_id)
    theirs = []
    for row in out.tolist():
        ends = [i for i, token in enumerate(row) if i > 0 and token in eos]
        theirs.append(row[1 : ends[0] + 1] if ends else row[1:])
    assert ours == theirs


def test_rewrite_replaces_the_float_output_projection() -> None:
    from engine.runtime import rewrite
    from engine.runtime.rewrite import rewrite_tied_projection

    path = downloaded().onnx["int8"].files["decoder_merged"]
    model = onnx.load(str(path))
    assert rewrite_tied_projection(model) == 2  # one per If branch
    onnx.checker.check_model(model)
    nodes = [n for g in _subgraphs(model.graph) for n in g.node]
    assert [n.op_type for n in nodes].count("DynamicQuantizeMatMul") == 2
    # One table left, transposed (signed where this CPU multiplies int8 exactly), read by the
    # projections and the lookups alike.
    (table,) = [t for t in model.graph.initializer if sorted(t.dims) == [64, 501]]
    kind = onnx.TensorProto.INT8 if rewrite.signed_products_exact() else onnx.TensorProto.UINT8
    assert (list(table.dims), table.data_type) == ([64, 501], kind)
    readers = {n.op_type for n in nodes if table.name in n.input}
    assert readers == {"DynamicQuantizeMatMul", "Gather"}
    # final_logits_bias went into the projections: they write the logits themselves.
    projections = [n for n in nodes if n.op_type == "DynamicQuantizeMatMul"]
    assert all(len(n.input) == 5 and n.output[0] == "logits" for n in projections)
    names = {t.name for t in model.graph.initializer}
    (vector,) = {n.input[4] for n in projections}
    assert vector in names and vector.removesuffix("_quire_vector") not in names
    assert rewrite_tied_projection(model) == 0  # nothing left to rewrite


def _saturating_projection(signed: bool, monkeypatch: pytest.MonkeyPatch) -> float:
    """How far a tied projection rewritten in the int8 (``signed``) or uint8 layout is from the
    graph as it was, on the products that saturate a CPU's 16-bit pair sums: a table of 255s
    (127 once shifted into int8) and an activation of ones."""
    from engine.runtime import rewrite

    monkeypatch.setattr(rewrite, "signed_products_exact", lambda: signed)
    table = np.full((5, 8), 255, np.uint8)
    graph = onnx.helper.make_graph(
        [
            onnx.helper.make_node("DequantizeLinear", ["w", "s", "z"], ["wf"]),
            onnx.helper.make_node("Transpose", ["wf"], ["wt"]),
            onnx.helper.make_node("MatMul", ["h", "wt"], ["logits"]),
        ],
        "tied",
        [onnx.helper.make_tensor_value_info("h", onnx.TensorProto.FLOAT, [2, 8])],
        [onnx.helper.make_tensor_value_info("logits", onnx.TensorProto.FLOAT, [2, 5])],
        initializer=[
            onnx.numpy_helper.from_array(table, "w"),
            onnx.numpy_helper.from_array(np.array(0.01, np.float32), "s"),
            onnx.numpy_helper.from_array(np.array(128, np.uint8), "z"),
        ],
    )
    model = onnx.helper.make_model(graph, opset_imports=[onnx.helper.make_opsetid("", 13)])
    model.ir_version = 8
    before = model.SerializeToString()
    assert rewrite.rewrite_tied_projection(model) == 1
    h = np.ones((2, 8), np.float32)
    want, got = (
        ort.InferenceSession(data, providers=["CPUExecutionProvider"]).run(None, {"h": h})[0]
        for data in (before, model.SerializeToString())
    )
    return float(np.abs(got - want).max() / np.abs(want).max())


def test_the_int8_layout_is_taken_only_where_this_cpu_multiplies_it_exactly(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """On an x86 CPU without VNNI (AVX2 alone: this project's CI machine, AMD Zen 1-3, Intel
    before Ice Lake), ONNX Runtime's u8s8 kernel saturates pair sums at 16 bits: the int8
    layout put logits off by 20%. The uint8 layout is exact everywhere; the int8 one is taken
    where the probe says it is exact, and it is exact there (and off where the probe says
    not): the probe tells the truth on whatever CPU runs this."""
    from engine.runtime import rewrite

    rewrite.signed_products_exact.cache_clear()
    exact = rewrite.signed_products_exact()
    assert _saturating_projection(False, monkeypatch) < 0.01
    off = _saturating_projection(True, monkeypatch)
    assert off < 0.01 if exact else off > 0.2, (exact, off)


def test_an_onnx_runtime_that_cannot_answer_the_probe_gets_the_exact_layout(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A build without the contrib op (or any failure of the probe's session) is no error of
    the model's load: the uint8 layout, exact on every CPU, is taken."""
    from engine.runtime import rewrite

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("no DynamicQuantizeMatMul in this build")

    rewrite.signed_products_exact.cache_clear()
    monkeypatch.setattr(ort, "InferenceSession", refuse)
    try:
        assert rewrite.signed_products_exact() is False
    finally:
        rewrite.signed_products_exact.cache_clear()


def test_a_folded_bias_gives_the_logits_of_the_separate_add(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from engine.runtime import rewrite

    folder = Path(shutil.copytree(downloaded().path, tmp_path / "biased"))
    path = folder / "onnx" / "decoder_model_merged_quantized.onnx"
    model = onnx.load(str(path))
    (bias,) = [t for t in model.graph.initializer if "final_logits_bias" in t.name]
    values = np.random.default_rng(4).standard_normal(list(bias.dims)).astype(np.float32)
    bias.ClearField("float_data")
    bias.raw_data = values.tobytes()
    onnx.save(model, str(path))
    biased = load_model_folder(folder)
    folded = _logits(OnnxSeq2Seq.load(biased, "int8", ["cpu"]))
    monkeypatch.setattr(rewrite, "fold_bias", lambda *args: False)
    added = _logits(OnnxSeq2Seq.load(biased, "int8", ["cpu"]))
    np.testing.assert_array_equal(folded, added)
    assert np.abs(folded - _logits(_load("int8"))).max() > 0.5  # the bias counts


def _subgraphs(graph: Any) -> list[Any]:
    found = [graph]
    for node in graph.node:
        for attr in node.attribute:
            if attr.type == onnx.AttributeProto.GRAPH:
                found += _subgraphs(attr.g)
    return found


def test_rewritten_int8_stays_as_close_to_fp32_as_the_published_file() -> None:
    fp32 = _logits(_load("fp32"))
    published = _logits(_load("int8", rewrite=False))
    rewritten = _logits(_load("int8"))
    assert np.abs(rewritten - published).max() > 0, "the rewrite did not apply"
    drift = np.abs(published - fp32).max()
    assert drift > 1e-3, "int8 equals fp32: not a quantized model?"
    # The weights are the file's own integers; only the activation is quantized on the fly.
    assert np.abs(rewritten - fp32).max() <= 1.25 * drift
    for a, b in zip(fp32, rewritten, strict=True):
        assert np.corrcoef(a, b)[0, 1] > 0.95


def test_the_optimised_graph_is_cached_and_gives_the_same_logits(tmp_path: Path) -> None:
    from engine.runtime import providers

    cache = tmp_path / "ort"
    fresh = OnnxSeq2Seq.load(downloaded(), "int8", ["cpu"], cache=cache)
    saved = graphs(cache)
    assert len(saved) == 2  # encoder and merged decoder
    opened: list[str | bytes] = []
    real = providers.ort_session

    def spy(source: str | bytes, opts: Any, plan: list[Any]) -> Any:
        opened.append(source)
        return real(source, opts, plan)

    again = OnnxSeq2Seq.load(downloaded(), "int8", ["cpu"], cache=cache, factory=spy)
    assert sorted(opened) == [str(p) for p in saved]  # no rewrite, no optimisation
    np.testing.assert_array_equal(_logits(again), _logits(fresh))
    # A changed model file is a new key; the stale entry goes when the new one is saved.
    path = downloaded().onnx["int8"].files["encoder"]
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))
    try:
        OnnxSeq2Seq.load(downloaded(), "int8", ["cpu"], cache=cache)
    finally:
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    after = graphs(cache)
    assert len(after) == 2 and after != saved


def test_a_damaged_cache_entry_is_replaced(tmp_path: Path) -> None:
    cache = tmp_path / "ort"
    OnnxSeq2Seq.load(downloaded(), "int8", ["cpu"], cache=cache)
    for entry in graphs(cache):
        entry.write_bytes(b"not a model")
    model = OnnxSeq2Seq.load(downloaded(), "int8", ["cpu"], cache=cache)
    assert _logits(model).shape[1] == 501
    assert all(e.stat().st_size > 1000 for e in graphs(cache))


@pytest.mark.parametrize(
    ("refusal", "saved"),
    [("simulated: this graph is invalid", True), ("simulated: Failed to allocate memory", False)],
)
def test_a_rewrite_onnx_runtime_refuses_opens_the_file_as_it_is(
    tmp_path: Path, refusal: str, saved: bool
) -> None:
    """ONNX Runtime refusing the rewritten graph: the file opens as exported (the logits of a
    load without the rewrite). That graph is cached (the same file would be refused
    again) unless the refusal was for want of memory, which may pass."""
    from engine.runtime import providers

    opened: list[str | bytes] = []

    def refusing(source: str | bytes, opts: Any, plan: list[Any]) -> Any:
        opened.append(source)
        if isinstance(source, bytes):
            raise RuntimeError(refusal)
        return providers.ort_session(source, opts, plan)

    cache = tmp_path / "ort"
    model = OnnxSeq2Seq.load(downloaded(), "int8", ["cpu"], cache=cache, factory=refusing)
    assert any(isinstance(s, bytes) for s in opened)  # the rewrite was offered first
    assert isinstance(opened[-1], str)  # then the file as it is
    np.testing.assert_allclose(_logits(model), _logits(_load("int8", rewrite=False)), atol=1e-5)
    assert np.abs(_logits(model) - _logits(_load("int8"))).max() > 1e-3  # not the rewrite's
    assert (len(graphs(cache)) == 2) is saved
    opened.clear()
    again = OnnxSeq2Seq.load(downloaded(), "int8", ["cpu"], cache=cache, factory=refusing)
    np.testing.assert_array_equal(_logits(again), _logits(model))
    # Saved: both graphs come from the cache, no rewrite offered again; else offered again.
    assert any(isinstance(s, bytes) for s in opened) is not saved


def test_a_file_the_rewrite_cannot_read_is_left_to_onnx_runtime(tmp_path: Path) -> None:
    from engine.runtime.rewrite import rewritten

    broken = tmp_path / "decoder_model_merged_quantized.onnx"
    broken.write_bytes(b"DequantizeLinear, but not a protobuf")
    assert rewritten(str(broken)) is None
    plain = downloaded().onnx["fp32"].files["decoder_merged"]
    assert rewritten(str(plain)) is None  # nothing quantized: untouched


def test_the_rewrite_needs_only_onnx_protobuf_module() -> None:
    """The app bundle leaves out onnx's C extension and ml_dtypes (packaging/quire.spec): the
    rewrite must run on the generated protobuf module alone, and give the same bytes."""
    from engine.runtime.rewrite import rewritten
    from tests.fixtures.bundle import rewrite_without_left_out

    path = str(downloaded().onnx["int8"].files["decoder_merged"])
    made = rewritten(path)  # here onnx is imported: its own classes are used
    assert made is not None
    expected = made.data
    data = rewrite_without_left_out(f"rewritten({path!r})")
    assert data == expected
    onnx.checker.check_model(onnx.load_from_string(data))


def test_the_embedding_tables_leave_the_graphs() -> None:
    """After ``rewrite_model`` no graph looks a token up in an 8-bit table: the lookups read a
    ``quire_rows`` input fed from the file's own table, and the decoder keeps only the
    transposed copy its output projection reads."""
    from engine.runtime.rewrite import rewrite_model

    files = downloaded().onnx["int8"].files
    for path, projections in ((files["encoder"], 0), (files["decoder_merged"], 2)):
        model = onnx.load(str(path))
        published = {
            t.name: onnx.numpy_helper.to_array(t)
            for t in model.graph.initializer
            if len(t.dims) == 2 and t.dims[0] == 501
        }
        tables = rewrite_model(model)
        assert tables is not None
        onnx.checker.check_model(model)
        assert list(tables) == ["quire_rows.input_ids"]
        (table,) = tables.values()
        # Exactly the file's table (rows × width, its own integers and type).
        assert any(t.dtype == table.dtype and np.array_equal(t, table) for t in published.values())
        nodes = [n for g in _subgraphs(model.graph) for n in g.node]
        kinds = [n.op_type for n in nodes]
        assert kinds.count("DynamicQuantizeMatMul") == projections
        eight_bit = (onnx.TensorProto.UINT8, onnx.TensorProto.INT8)
        left = [
            t
            for t in model.graph.initializer
            if len(t.dims) == 2 and 501 in t.dims and t.data_type in eight_bit
        ]
        assert len(left) == (1 if projections else 0)
        readers = {n.op_type for n in nodes for t in left if t.name in n.input}
        assert readers <= {"DynamicQuantizeMatMul"}, readers
        assert "quire_rows.input_ids" in {i.name for i in model.graph.input}


def test_the_encoder_reads_its_rows_bit_for_bit() -> None:
    """The encoder fed from the table outside it gives exactly the published file's output."""
    import onnxruntime as ort

    from engine.runtime.rewrite import rewritten

    path = downloaded().onnx["int8"].files["encoder"]
    made = rewritten(str(path))
    assert made is not None
    ids, mask = batch()
    published = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    ours = ort.InferenceSession(made.data, providers=["CPUExecutionProvider"])
    feeds = {"input_ids": ids, "attention_mask": mask}
    rows = made.tables["quire_rows.input_ids"][ids]
    (want,) = published.run(["last_hidden_state"], feeds)
    (got,) = ours.run(["last_hidden_state"], {**feeds, "quire_rows.input_ids": rows})
    np.testing.assert_array_equal(got, want)


def test_cached_tables_are_memory_mapped_and_a_missing_one_is_rebuilt(tmp_path: Path) -> None:
    """The tables are the downloaded files' own bytes: the cache names their place (a
    ``.ref``) instead of saving a copy, and maps them from the model files, fresh and cached."""
    cache = tmp_path / "ort"
    folder = downloaded()
    files = {str(p.resolve()) for p in folder.onnx["int8"].files.values()}
    fresh = OnnxSeq2Seq.load(folder, "int8", ["cpu"], cache=cache)
    assert list(cache.glob("*.npy")) == []
    saved = sorted(cache.glob("*.ref"))
    assert len(saved) == 2  # the encoder's table and the decoder's
    want = _logits(fresh)
    again = OnnxSeq2Seq.load(folder, "int8", ["cpu"], cache=cache)
    for model in (fresh, again):
        graphs = [model._encoder, model._first]
        assert all(g is not None and g.tables for g in graphs)
        for graph in graphs:
            assert graph is not None
            for table in graph.tables.values():
                assert isinstance(table, np.memmap) and not table.flags.writeable
                assert str(Path(str(table.filename)).resolve()) in files
    np.testing.assert_array_equal(_logits(again), want)
    saved[0].unlink()  # a damaged entry: the graph is there, its table is not
    third = OnnxSeq2Seq.load(folder, "int8", ["cpu"], cache=cache)
    np.testing.assert_array_equal(_logits(third), want)
    assert sorted(cache.glob("*.ref")) == saved

    # Closed, a model lets go of the maps of its files too, even where its graphs are still
    # held (Windows cannot delete a folder whose files are mapped).
    held = [g for g in (third._encoder, third._first) if g is not None]
    maps = [weakref.ref(t) for g in held for t in g.tables.values()]
    assert maps
    del fresh, again, graphs, graph, table
    third.close()
    gc.collect()
    assert [m() for m in maps] == [None] * len(maps)


def test_a_table_that_is_not_the_files_own_bytes_is_saved_in_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the rewrite cannot find a table's bytes in the file (here: the place it finds is
    made wrong), the table is not mapped from there but saved beside the entry, as before."""
    from engine.runtime import proto_spans

    found = proto_spans.raw_data_spans

    def shifted(path: str) -> dict[str, tuple[int, int]]:
        return {name: (offset + 1, length) for name, (offset, length) in found(path).items()}

    monkeypatch.setattr(proto_spans, "raw_data_spans", shifted)
    cache = tmp_path / "ort"
    fresh = OnnxSeq2Seq.load(downloaded(), "int8", ["cpu"], cache=cache)
    assert list(cache.glob("*.ref")) == [] and len(list(cache.glob("*.npy"))) == 2
    monkeypatch.undo()
    again = OnnxSeq2Seq.load(downloaded(), "int8", ["cpu"], cache=cache)
    np.testing.assert_array_equal(_logits(again), _logits(fresh))


def test_a_token_past_the_table_outside_the_graph_names_the_folder() -> None:
    """The lookup outside the graph refuses what the graph's own Gather refused, as the same
    engine error."""
    from engine.errors import ModelInvalid

    model = _load("int8")
    ids, mask = batch()
    bad = ids.copy()
    bad[0, 0] = 10**6
    refused = r"rejects the input Quire gave it: .*out of data bounds"
    with pytest.raises(ModelInvalid, match=refused):
        model.start(bad, mask)


def test_the_replica_saves_what_protobuf_cannot_size_with_external_data(tmp_path: Path) -> None:
    """Optimum's ``check_and_save_model`` raises on a model of 2 GiB or more (protobuf cannot
    size it); inside the replica's export it writes such a model with external data."""
    EncodeError = importlib.import_module("google.protobuf.message").EncodeError
    from onnx import TensorProto, helper, numpy_helper

    def matmul() -> Any:
        weight = numpy_helper.from_array(np.ones((64, 64), dtype=np.float32), "w")
        graph = helper.make_graph(
            [helper.make_node("MatMul", ["x", "w"], ["y"])],
            "g",
            [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 64])],
            [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 64])],
            [weight],
        )
        return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])

    model = matmul()  # saving with external data changes the model: one per save

    class OverTwoGiB:
        def ByteSize(self) -> int:
            raise EncodeError("Failed to serialize proto")

        def __getattr__(self, name: str) -> Any:
            return getattr(model, name)

    transforms = pytest.importorskip("optimum.onnx.graph_transformations")
    with pytest.raises(EncodeError):
        transforms.check_and_save_model(OverTwoGiB(), tmp_path / "plain.onnx")
    with replica.sizable_saves():
        transforms.check_and_save_model(OverTwoGiB(), tmp_path / "big.onnx")
        transforms.check_and_save_model(matmul(), tmp_path / "small.onnx")
    assert transforms.check_and_save_model.__name__ == "check_and_save_model"
    assert (tmp_path / "big.onnx_data").stat().st_size >= 64 * 64 * 4
    assert not (tmp_path / "small.onnx_data").exists()
    loaded = onnx.load(str(tmp_path / "big.onnx"))
    np.testing.assert_array_equal(numpy_helper.to_array(loaded.graph.initializer[0]), 1.0)


def test_the_replica_ties_an_embedding_subclass_as_the_published_files_do(
    tmp_path: Path,
) -> None:
    """transformers wraps M2M100's / NLLB's embedding in an ``nn.Embedding`` subclass, which
    today's Optimum does not tie by name; the published NLLB files store the table once."""
    find_tied_parameters = importlib.import_module("accelerate.utils").find_tied_parameters

    source = tmp_path / "checkpoint"
    shutil.copytree(checkpoint("m2m100"), source)
    config = json.loads((source / "config.json").read_text(encoding="utf-8"))
    config["tie_word_embeddings"] = True  # as NLLB has it
    (source / "config.json").write_text(json.dumps(config), encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = transformers.AutoModelForSeq2SeqLM.from_pretrained(source)
    assert type(model.model.shared).__name__ != "Embedding"  # the case this is about
    transforms = pytest.importorskip("optimum.onnx.graph_transformations")
    tied_params = find_tied_parameters(model)
    assert tied_params
    assert not transforms._get_weights_to_tie(tied_params, model)[1]  # Optimum alone: untied
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fold = load_model_folder(replica.build_downloaded(source, tmp_path / "m2m100"))
    vocab = int(fold.config["vocab_size"])
    for variant in ("fp32", "int8"):
        graph = onnx.load(str(fold.onnx[variant].files["decoder_merged"]))
        tables = [t for t in graph.graph.initializer if len(t.dims) == 2 and vocab in t.dims]
        assert len(tables) == 1, variant


def test_the_cache_key_covers_the_cpus_instruction_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A home folder that moves to another machine must not reuse graphs optimised for the
    first one's CPU."""
    from engine.runtime import session_cache

    source = tmp_path / "model.onnx"
    source.write_bytes(b"graph")

    def key() -> Path:
        slot = session_cache.entry(
            tmp_path / "cache", source, device="cpu", level="99", ort_version="1"
        )
        assert slot is not None
        return slot.path

    here = key()
    monkeypatch.setattr(session_cache, "cpu_features", lambda: "sse2")
    elsewhere = key()
    assert here != elsewhere
    assert here.name.split("-")[0] == elsewhere.name.split("-")[0]  # the same file's entries
