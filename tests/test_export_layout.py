"""Quire's exporter writes what Transformers.js publishes (issue #14, goal 2): the decoders
merged behind an ``If``, a tied embedding stored once, int8 quantized as Transformers.js's
``scripts/quantize.py`` does (embeddings and the ``If`` branches too), and no bigger than the
files ``bench.replica`` rebuilds the Transformers.js way from the same checkpoint."""

from __future__ import annotations

import functools
import importlib
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from engine.runtime.manifest import ModelFolder, Variant, load_model_folder
from engine.runtime.onnx_seq2seq import OnnxSeq2Seq
from tests.fixtures.builder import _cached, exported

onnx = pytest.importorskip("onnx")
torch = pytest.importorskip("torch")
export = pytest.importorskip("engine.store.export")
layout = pytest.importorskip("tests.test_downloaded_layout")

VOCAB = 501  # the tiny Marian's
QUANTIZED_TYPES = (onnx.TensorProto.INT8, onnx.TensorProto.UINT8)


@functools.cache
def ours() -> ModelFolder:
    """Our export of the tied tiny Marian (the replica's checkpoint), fp32 and int8."""

    def build(dst: Path) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            export.export_model(layout.tied(), dst, ("fp32", "int8"))

    name = layout.tied().name[: -len("checkpoint")] + "quire"
    return load_model_folder(_cached(layout.tied().with_name(name), build))


def _initializers(path: Path) -> list[Any]:
    return list(onnx.load(str(path)).graph.initializer)


def _bytes(folder: ModelFolder, variant: Variant) -> int:
    return sum(p.stat().st_size for p in folder.onnx[variant].files.values())


@pytest.mark.parametrize("variant", ["fp32", "int8"])
def test_the_export_has_the_transformers_js_layout(variant: Variant) -> None:
    files = ours().onnx[variant].files
    assert set(files) == {"encoder", "decoder_merged"}
    model = onnx.load(str(files["decoder_merged"]))
    # Both decoders behind one If (int8 quantizes, outside it, what both branches read).
    ops = [n.op_type for n in model.graph.node]
    assert ops.count("If") == 1 and set(ops) <= {"If", "DynamicQuantizeLinear"}


def test_the_tied_embedding_is_stored_once() -> None:
    inits = _initializers(ours().onnx["fp32"].files["decoder_merged"])
    tables = [t for t in inits if len(t.dims) == 2 and t.dims[0] == VOCAB]
    assert not [t for t in inits if list(t.dims) == [64, VOCAB]]
    # The Gather's table; the output projection reads a Transpose of it, not a second copy.
    assert [list(t.dims) for t in tables] == [[VOCAB, 64]]
    params = sum(int(np.prod(t.dims)) for t in inits)
    reference = layout.reference()
    # Every float of the merged decoder is one parameter of the checkpoint's decoder (or the
    # final_logits_bias buffer): the two branches share their weights, lm_head is the table.
    count = sum(
        p.numel() for n, p in reference.named_parameters() if not n.startswith("model.encoder.")
    )
    count += sum(b.numel() for n, b in reference.named_buffers() if "final_logits_bias" in n)
    assert params <= count + 8192  # scalars and small constants of the graph


@pytest.mark.parametrize("stem", ["encoder", "decoder_merged"])
def test_int8_quantizes_the_embeddings(stem: str) -> None:
    inits = _initializers(ours().onnx["int8"].files[stem])  # type: ignore[index]
    tables = [t for t in inits if len(t.dims) == 2 and t.dims[0] == VOCAB]
    assert len(tables) == 1 and tables[0].data_type in QUANTIZED_TYPES
    matrices = [t for t in inits if len(t.dims) == 2 and min(t.dims) > 1]
    floats = [t.name for t in matrices if t.data_type == onnx.TensorProto.FLOAT]
    assert matrices and floats == [], "every weight matrix is quantized"


@pytest.mark.parametrize("name", ["bert-embed", "bart-nli"])
def test_int8_of_an_encoder_only_model_quantizes_its_embeddings(name: str) -> None:
    # BART's encoder and decoder share the table (an Identity in the raw export): one copy.
    folder = load_model_folder(exported(name))
    inits = _initializers(folder.onnx["int8"].files["model"])
    vocab = int(folder.config["vocab_size"])
    tables = [t for t in inits if len(t.dims) == 2 and t.dims[0] == vocab]
    assert len(tables) == 1 and tables[0].data_type in QUANTIZED_TYPES


@pytest.mark.parametrize("variant", ["fp32", "int8"])
def test_the_export_is_no_bigger_than_transformers_js(variant: Variant) -> None:
    assert _bytes(ours(), variant) <= 1.1 * _bytes(layout.downloaded(), variant)


@pytest.mark.parametrize("beams", [1, 4])
def test_the_fp32_export_matches_transformers_token_for_token(beams: int) -> None:
    gen = pytest.importorskip("engine.runtime.generate")
    fold = ours()
    ids, mask = layout.batch()
    options: dict[str, Any] = {"num_beams": beams, "max_new_tokens": 24}
    settings = gen.GenerationSettings.from_folder(fold.generation, fold.config, **options)
    model = OnnxSeq2Seq.load(fold, "fp32", ["cpu"])
    assert model.layout == "merged"
    got = gen.generate(model, ids, mask, settings)
    with torch.no_grad():
        out = layout.reference().generate(
            input_ids=torch.from_numpy(ids), attention_mask=torch.from_numpy(mask), **options
        )
    eos = set(settings.eos_token_id)
    theirs = []
    for row in out.tolist():
        ends = [i for i, token in enumerate(row) if i > 0 and token in eos]
        theirs.append(row[1 : ends[0] + 1] if ends else row[1:])
    assert got == theirs


def test_int8_logits_are_those_of_the_transformers_js_files() -> None:
    """Same checkpoint, same quantizer: our int8 files compute what the published ones do."""
    a = layout._logits(OnnxSeq2Seq.load(ours(), "int8", ["cpu"]))
    b = layout._logits(OnnxSeq2Seq.load(layout.downloaded(), "int8", ["cpu"]))
    np.testing.assert_allclose(a, b, rtol=0, atol=1e-4)


def test_graphs_over_the_protobuf_limit_keep_their_weights_beside_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A real 2 GiB model is too big for a test: lower the limit so every graph is "too big".
    monkeypatch.setattr(export, "PROTOBUF_LIMIT", 1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        export.export_model(layout.tied(), tmp_path / "big", ("fp32", "int8"))
    fold = load_model_folder(tmp_path / "big")
    for variant in ("fp32", "int8"):
        for path in fold.onnx[variant].files.values():
            assert path.with_name(f"{path.name}_data").is_file()
    variants: tuple[Variant, ...] = ("fp32", "int8")
    for variant in variants:
        # The load-time rewrite of the tied projection leaves external-data files alone, so
        # it is off for both: the same weights must give the same logits.
        a = layout._logits(OnnxSeq2Seq.load(fold, variant, ["cpu"], rewrite=False))
        b = layout._logits(OnnxSeq2Seq.load(ours(), variant, ["cpu"], rewrite=False))
        np.testing.assert_array_equal(a, b)


class _OverTwoGiB:
    """A real model that answers ``ByteSize()`` as protobuf does for one of 2 GiB or more:
    it raises (a real one is too big for a test)."""

    def __init__(self, model: Any) -> None:
        self._model = model

    def ByteSize(self) -> int:
        EncodeError = importlib.import_module("google.protobuf.message").EncodeError

        raise EncodeError("Failed to serialize proto")

    def __getattr__(self, name: str) -> Any:
        return getattr(self._model, name)


def _tiny_matmul() -> Any:
    from onnx import TensorProto, helper, numpy_helper

    weight = numpy_helper.from_array(np.arange(4096, dtype=np.float32).reshape(64, 64), "w")
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["x", "w"], ["y"])],
        "g",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 64])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 64])],
        [weight],
    )
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], ir_version=8)


def test_a_model_protobuf_cannot_size_is_saved_with_its_weights_beside_it(
    tmp_path: Path,
) -> None:
    """Over 2 GiB protobuf's ``ByteSize()`` raises instead of answering: the export must take
    the external-data path, not fail (NLLB-200's decoder before deduplication is 2.2 GB)."""
    import onnxruntime as ort

    model = _tiny_matmul()
    assert export.fits_one_protobuf(model)
    assert not export.fits_one_protobuf(_OverTwoGiB(model))
    path = tmp_path / "model.onnx"
    export._save(_OverTwoGiB(model), path)
    assert export._has_external_data(path)
    assert path.with_name("model.onnx_data").stat().st_size >= 4096 * 4
    x = np.ones((1, 64), dtype=np.float32)
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    expected = x @ np.arange(4096, dtype=np.float32).reshape(64, 64)
    np.testing.assert_array_equal(session.run(None, {"x": x})[0], expected)


def test_nodes_are_put_in_order_with_what_their_subgraphs_read_first() -> None:
    """The fp16 export reorders each converted decoder before merging (the converter appends
    its casts last); a node whose branches read a value made later must follow its maker."""
    from onnx import TensorProto, checker, helper

    from engine.store.export import _sort_nodes

    def branch(name: str) -> Any:
        out = helper.make_tensor_value_info(f"{name}_y", TensorProto.FLOAT, [1])
        node = helper.make_node("Identity", ["made_late"], [f"{name}_y"])
        return helper.make_graph([node], name, [], [out])

    cond = helper.make_tensor_value_info("cond", TensorProto.BOOL, [])
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [1])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [1])
    choose = helper.make_node(
        "If", ["cond"], ["y"], then_branch=branch("then"), else_branch=branch("else")
    )
    late = helper.make_node("Neg", ["x"], ["made_late"])
    graph = helper.make_graph([choose, late], "g", [cond, x], [y])
    _sort_nodes(graph)
    assert [n.op_type for n in graph.node] == ["Neg", "If"]
    checker.check_model(helper.make_model(graph), full_check=True)
