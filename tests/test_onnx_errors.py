"""ONNX Runtime's own failures, raised for real on tiny graphs, leave the runtime as errors of
the engine's tree that name the model folder (engine.runtime.ort_errors)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from onnx import NodeProto, TensorProto, helper, numpy_helper

from engine.errors import EngineError, ModelInvalid, RuntimeUnavailable
from engine.runtime.manifest import load_model_folder
from engine.runtime.onnx_encoder import OnnxEncoder
from engine.runtime.ort_errors import OUT_OF_MEMORY_HINT, OrtErrors
from tests.test_manifest import make_folder

ENCODER = {"model_type": "bert", "architectures": ["BertModel"]}


def _graph(
    nodes: Sequence[NodeProto], *, seq: int | str = "seq", inits: Sequence[TensorProto] = ()
) -> bytes:
    """An encoder graph from input_ids (batch, seq) to a float ``logits`` output."""
    ids = helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", seq])
    out = helper.make_tensor_value_info("logits", TensorProto.FLOAT, None)
    cast = helper.make_node("Cast", ["input_ids"], ["f"], to=TensorProto.FLOAT)
    graph = helper.make_graph([cast, *nodes], "g", [ids], [out], list(inits))
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    return bytes(model.SerializeToString())


def _folder(root: Path, graph: bytes) -> Path:
    make_folder(root, config=ENCODER, onnx=("onnx/model.onnx",))
    (root / "onnx" / "model.onnx").write_bytes(graph)
    return root


def _encoder(root: Path) -> OnnxEncoder:
    return OnnxEncoder.load(load_model_folder(root), "fp32", ["cpu"], threads=1)


IDENTITY = [helper.make_node("Identity", ["f"], ["logits"])]


def test_the_graphs_here_run_when_nothing_is_wrong(tmp_path: Path) -> None:
    out = _encoder(_folder(tmp_path / "fine", _graph(IDENTITY))).run(
        {"input_ids": np.array([[1, 2, 3]])}
    )
    np.testing.assert_array_equal(out["logits"], [[1.0, 2.0, 3.0]])


def test_a_truncated_model_file_is_model_invalid_naming_the_file(tmp_path: Path) -> None:
    whole = _graph(IDENTITY)
    root = _folder(tmp_path / "cut-short", whole[: len(whole) // 2])
    with pytest.raises(ModelInvalid) as info:
        _encoder(root)
    assert info.value.path == root / "onnx" / "model.onnx"


def test_damaged_weights_are_model_invalid_naming_the_file(tmp_path: Path) -> None:
    """A well-formed protobuf whose initializer holds fewer bytes than its shape needs: only
    ONNX Runtime notices, and it raises a plain Fail, as a failing GPU provider would."""
    bias = numpy_helper.from_array(np.ones(3, dtype=np.float32), "bias")
    bias.raw_data = bias.raw_data[:7]
    add = [helper.make_node("Add", ["f", "bias"], ["logits"])]
    root = _folder(tmp_path / "damaged", _graph(add, inits=(bias,)))
    with pytest.raises(ModelInvalid, match=r"cannot load model\.onnx of the model damaged") as info:
        _encoder(root)
    assert info.value.path == root / "onnx" / "model.onnx"
    assert "raw_data size" in info.value.message and "download or export" in info.value.hint
    assert type(info.value.__cause__).__module__.startswith("onnxruntime")


def test_an_unknown_operator_is_model_invalid_at_once(tmp_path: Path) -> None:
    unknown = [helper.make_node("NoSuchOperator", ["f"], ["logits"])]
    root = _folder(tmp_path / "odd", _graph(unknown))
    with pytest.raises(ModelInvalid, match=r"cannot load model\.onnx of the model odd") as info:
        _encoder(root)
    assert "NoSuchOperator" in info.value.message


def test_a_graph_that_breaks_onnx_rules_is_model_invalid(tmp_path: Path) -> None:
    dangling = [helper.make_node("Identity", ["nowhere"], ["logits"])]
    root = _folder(tmp_path / "dangling", _graph(dangling))
    with pytest.raises(ModelInvalid, match=r"rejects model\.onnx of the model dangling") as info:
        _encoder(root)
    assert info.value.path == root / "onnx" / "model.onnx"
    assert "nowhere" in info.value.message


def test_an_input_of_the_wrong_shape_is_model_invalid_naming_the_folder(tmp_path: Path) -> None:
    root = _folder(tmp_path / "fixed", _graph(IDENTITY, seq=3))
    encoder = _encoder(root)
    with pytest.raises(
        ModelInvalid, match="The model fixed rejects the input Quire gave it"
    ) as info:
        encoder.run({"input_ids": np.zeros((1, 5), dtype=np.int64)})
    assert "invalid dimensions" in info.value.message
    assert info.value.path == root / "onnx" / "model.onnx"
    assert not isinstance(info.value.__cause__, EngineError)  # ORT's own, kept as the cause


def test_a_node_failing_inside_a_run_is_model_invalid(tmp_path: Path) -> None:
    bias = numpy_helper.from_array(np.ones(3, dtype=np.float32), "bias")
    add = [helper.make_node("Add", ["f", "bias"], ["logits"])]
    encoder = _encoder(_folder(tmp_path / "three", _graph(add, inits=(bias,))))
    np.testing.assert_array_equal(
        encoder.run({"input_ids": np.zeros((1, 3), dtype=np.int64)})["logits"], [[1.0] * 3]
    )
    with pytest.raises(ModelInvalid, match=r"The model three failed while running: .*broadcast"):
        encoder.run({"input_ids": np.zeros((1, 4), dtype=np.int64)})


def test_running_out_of_memory_says_so_with_a_hint(tmp_path: Path) -> None:
    # 2**48 floats (1 PiB) exceed any address space: the allocation fails at once, for real,
    # without touching memory.
    huge = numpy_helper.from_array(np.array([1 << 48], dtype=np.int64), "huge")
    nodes = [
        helper.make_node("ConstantOfShape", ["huge"], ["big"]),
        helper.make_node("ReduceSum", ["big"], ["total"], keepdims=0),
        helper.make_node("Add", ["f", "total"], ["logits"]),
    ]
    root = _folder(tmp_path / "greedy", _graph(nodes, inits=(huge,)))
    encoder = _encoder(root)
    with pytest.raises(EngineError, match="Out of memory running the model greedy") as info:
        encoder.run({"input_ids": np.zeros((1, 3), dtype=np.int64)})
    assert type(info.value) is EngineError
    assert info.value.path == root and info.value.hint == OUT_OF_MEMORY_HINT
    assert info.value.message_id == "engine.out_of_memory"  # worded by the app


def test_a_missing_input_refused_by_onnx_runtimes_python_layer_is_translated(
    tmp_path: Path,
) -> None:
    from engine.runtime.providers import create_session

    root = _folder(tmp_path / "m", _graph(IDENTITY))
    session = create_session(root / "onnx" / "model.onnx", ["cpu"], model_root=root).session
    with pytest.raises(ModelInvalid, match="The model m rejects the input") as info:  # noqa: SIM117
        with OrtErrors(root):
            session.run(None, {})
    assert isinstance(info.value.__cause__, ValueError)


def test_our_own_bugs_pass_through_untranslated(tmp_path: Path) -> None:
    with pytest.raises(KeyError):  # noqa: SIM117
        with OrtErrors(tmp_path):
            raise KeyError("a bug of ours")
    with pytest.raises(RuntimeUnavailable, match="already one of ours"):  # noqa: SIM117
        with OrtErrors(tmp_path):
            raise RuntimeUnavailable("already one of ours")


def test_no_device_left_to_try_is_runtime_unavailable_naming_the_file(tmp_path: Path) -> None:
    from engine.runtime.providers import create_session

    root = _folder(tmp_path / "m", _graph(IDENTITY))
    with pytest.raises(RuntimeUnavailable) as info:
        create_session(root / "onnx" / "model.onnx", [], model_root=root)
    assert info.value.path == root / "onnx" / "model.onnx"


def test_a_translator_fed_a_token_past_its_vocabulary_names_its_folder() -> None:
    """The seq2seq run sites (encoder, decoder steps), on the real tiny Marian export."""
    pytest.importorskip("torch")
    from engine.runtime.onnx_seq2seq import OnnxSeq2Seq
    from tests.fixtures.builder import exported

    folder = load_model_folder(exported("marian"))
    model = OnnxSeq2Seq.load(folder, "fp32", ["cpu"], threads=1)
    ids = np.array([[5, 6, 2]], dtype=np.int64)
    assert model.start(ids, np.ones_like(ids)).step(np.array([0])).shape[0] == 1
    past = np.array([[5, 10**6, 2]], dtype=np.int64)
    with pytest.raises(
        ModelInvalid,
        match=f"The model {folder.name} rejects the input Quire gave it: .*out of data bounds",
    ) as info:
        model.start(past, np.ones_like(past))
    assert info.value.path == folder.path
    state = model.start(ids, np.ones_like(ids))
    with pytest.raises(
        ModelInvalid,
        match=f"The model {folder.name} rejects the input Quire gave it: .*out of data bounds",
    ):
        state.step(np.array([10**6]))


def test_a_language_model_fed_a_token_past_its_vocabulary_names_its_folder() -> None:
    """The causal run site, on a real tiny exported decoder-only model."""
    pytest.importorskip("torch")
    from engine.runtime.onnx_causal import OnnxCausalLM
    from tests.fixtures.causal import exported

    folder = load_model_folder(exported("qwen3"))
    model = OnnxCausalLM.load(folder, "fp32", ["cpu"], threads=1)
    assert model.start(1).forward(np.array([[5, 6]])).shape[0] == 1
    with pytest.raises(
        ModelInvalid,
        match=f"The model {folder.name} rejects the input Quire gave it: .*out of data bounds",
    ) as info:
        model.start(1).forward(np.array([[5, 10**6]]))
    assert info.value.path == folder.onnx_file("model", "fp32")
