"""``engine.runtime.rewrite_q4`` on small graphs: the tied head quantized by ONNX Runtime's own
kernel a pass of rows at a time gives the bytes its quantizer gives for the whole weight
(symmetric or not, widths that are not a multiple of the block), and the rewritten head
computes what the quantizer's own MatMulNBits computes; only the head behind ``logits`` is
taken, and a Transpose a subgraph still reads stays. (The files users download:
tests/test_downloaded_causal.py.)"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")
quantizer = pytest.importorskip("onnxruntime.quantization.matmul_nbits_quantizer")

from onnx import TensorProto, helper, numpy_helper  # noqa: E402

from engine.runtime import rewrite_q4  # noqa: E402
from engine.runtime.rewrite import onnx_protos  # noqa: E402

VOCAB, HIDDEN = 40, 64


@pytest.mark.parametrize(
    ("width", "block", "symmetric"), [(64, 32, True), (72, 32, False), (100, 64, False)]
)
def test_rows_quantized_in_passes_are_the_quantizers_bytes(
    width: int, block: int, symmetric: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rewrite_q4, "_ROWS_PER_PASS", 7)  # several passes, a short last one
    table = np.random.default_rng(1).standard_normal((50, width)).astype(np.float32)
    config = quantizer.DefaultWeightOnlyQuantConfig(block_size=block, is_symmetric=symmetric)
    want = quantizer.DefaultWeightOnlyQuantizer(config).qbits_block_quant(
        np.ascontiguousarray(table.T)
    )
    got = rewrite_q4._quantize_rows(table, block, symmetric)
    np.testing.assert_array_equal(got[0], want[0])
    np.testing.assert_array_equal(got[1], want[1])
    if not symmetric:
        np.testing.assert_array_equal(got[2], want[2])


def _model(*, extra_head: bool = False, subgraph_reader: bool = False) -> Any:
    """x -> MatMul(W) -> MatMul(Transpose(E)) -> logits, quantized as Transformers.js does
    (the tied head skipped). ``extra_head``: another MatMul over a transposed table, not
    behind the logits; ``subgraph_reader``: an If whose branch reads Transpose(E)."""
    rng = np.random.default_rng(0)
    inits = [
        numpy_helper.from_array(rng.standard_normal((HIDDEN, HIDDEN)).astype(np.float32), "W"),
        numpy_helper.from_array(rng.standard_normal((VOCAB, HIDDEN)).astype(np.float32), "E"),
    ]
    nodes = [
        helper.make_node("MatMul", ["x", "W"], ["h"]),
        helper.make_node("Transpose", ["E"], ["E_t"], perm=[1, 0]),
        helper.make_node("MatMul", ["h", "E_t"], ["logits"]),
    ]
    outputs = [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["b", VOCAB])]
    inputs = [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["b", HIDDEN])]
    if extra_head:
        inits.append(
            numpy_helper.from_array(rng.standard_normal((VOCAB, HIDDEN)).astype(np.float32), "F")
        )
        nodes += [
            helper.make_node("Transpose", ["F"], ["F_t"], perm=[1, 0]),
            helper.make_node("MatMul", ["h", "F_t"], ["other"]),
        ]
        outputs.append(helper.make_tensor_value_info("other", TensorProto.FLOAT, ["b", VOCAB]))
    if subgraph_reader:
        branch = helper.make_graph(
            [helper.make_node("Identity", ["E_t"], ["seen"])],
            "branch",
            [],
            [helper.make_tensor_value_info("seen", TensorProto.FLOAT, None)],
        )
        nodes.append(
            helper.make_node("If", ["flag"], ["picked"], then_branch=branch, else_branch=branch)
        )
        inputs.append(helper.make_tensor_value_info("flag", TensorProto.BOOL, []))
        outputs.append(helper.make_tensor_value_info("picked", TensorProto.FLOAT, None))
    graph = helper.make_graph(nodes, "g", inputs, outputs, inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    log = logging.getLogger("onnxruntime.quantization.matmul_nbits_quantizer")
    level = log.level
    log.setLevel(logging.WARNING)
    try:
        q = quantizer.MatMulNBitsQuantizer(model, block_size=32, is_symmetric=True)
        q.process()
    finally:
        log.setLevel(level)
    return onnx_protos().ModelProto.FromString(q.model.model.SerializeToString())


def _run(model: Any, feeds: dict[str, Any], output: str = "logits") -> Any:
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    session = ort.InferenceSession(
        model.SerializeToString(), options, providers=["CPUExecutionProvider"]
    )
    return session.run([output], feeds)[0]


def test_the_head_computes_what_the_quantizers_own_head_computes() -> None:
    pb = onnx_protos()
    model = _model()
    assert rewrite_q4.rewrite_q4(pb, model) == 2  # the head, then W's accuracy level
    ops = [n.op_type for n in model.graph.node]
    assert ops.count("MatMulNBits") == 2 and "Transpose" not in ops
    # The same weights quantized by ONNX Runtime's quantizer as a constant MatMul.
    rng = np.random.default_rng(0)
    rng.standard_normal((HIDDEN, HIDDEN))  # W, as drawn in _model
    table = rng.standard_normal((VOCAB, HIDDEN)).astype(np.float32)
    h = np.random.default_rng(3).standard_normal((4, HIDDEN)).astype(np.float32)
    head = helper.make_graph(
        [helper.make_node("MatMul", ["h", "T"], ["logits"])],
        "head",
        [helper.make_tensor_value_info("h", TensorProto.FLOAT, ["b", HIDDEN])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["b", VOCAB])],
        [numpy_helper.from_array(np.ascontiguousarray(table.T), "T")],
    )
    reference = helper.make_model(head, opset_imports=[helper.make_opsetid("", 17)])
    reference.ir_version = 8
    q = quantizer.MatMulNBitsQuantizer(
        reference, block_size=32, is_symmetric=True, accuracy_level=4
    )
    q.process()
    want = _run(q.model.model, {"h": h})
    # The rewritten model's head alone: feed h where the first product's output goes.
    head_only = onnx_protos().ModelProto()
    head_only.CopyFrom(model)
    first = next(n for n in head_only.graph.node if "h" in n.output)
    head_only.graph.node.remove(first)
    head_only.graph.input[0].name = "h"
    np.testing.assert_array_equal(_run(head_only, {"h": h}), want)


def test_only_the_head_behind_the_logits_is_taken() -> None:
    model = _model(extra_head=True)
    assert rewrite_q4.quantize_tied_head(onnx_protos(), model) == 1
    made = {o: n for n in model.graph.node for o in n.output}
    assert made["logits"].op_type == "MatMulNBits"
    assert made["other"].op_type == "MatMul"
    assert made[made["other"].input[1]].op_type == "Transpose"


def test_a_transpose_a_subgraph_reads_stays() -> None:
    model = _model(subgraph_reader=True)
    assert rewrite_q4.quantize_tied_head(onnx_protos(), model) == 1
    assert "E_t" in {o for n in model.graph.node if n.op_type == "Transpose" for o in n.output}
    x = np.ones((2, HIDDEN), np.float32)
    assert _run(model, {"x": x, "flag": np.array(True)}).shape == (2, VOCAB)


def test_a_level_the_file_chose_and_float16_products_are_left_alone() -> None:
    pb = onnx_protos()
    model = _model()
    (product,) = [n for n in model.graph.node if n.op_type == "MatMulNBits"]
    product.attribute.append(
        pb.AttributeProto(name="accuracy_level", type=pb.AttributeProto.INT, i=1)
    )
    assert rewrite_q4.set_accuracy_level(pb, model) == 0
    assert {a.name: a.i for a in product.attribute}["accuracy_level"] == 1
    # float16 activations (a q4f16 file): its scales are float16; neither rewrite applies.
    half = _model()
    (product,) = [n for n in half.graph.node if n.op_type == "MatMulNBits"]
    scales = next(t for t in half.graph.initializer if t.name == product.input[2])
    values = np.frombuffer(scales.raw_data, np.float32).astype(np.float16)
    scales.data_type = pb.TensorProto.FLOAT16
    scales.raw_data = values.tobytes()
    assert rewrite_q4.rewrite_q4(pb, half) == 0
