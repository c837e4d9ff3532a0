"""A 4-bit language model as Transformers.js publishes it (``onnx/model_q4.onnx``), made to
run on the CPU as fast as a 4-bit export made for it.

Transformers.js's ``scripts/quantize.py`` (``q4``: ONNX Runtime's 4-bit quantizer, blocks of
32, symmetric, no accuracy level) leaves two things that cost on the CPU:

* **No accuracy level.** ONNX Runtime's CPU kernel for ``MatMulNBits`` then unpacks the
  weights to float32 and multiplies in float32. At level 4 it quantizes the activations to
  int8, block by block, and multiplies with the integer instructions: what onnxruntime-genai's
  builder writes for the CPU and what Quire's own ``q4`` export has. ``accuracy_level`` 4 is
  set on each 4-bit product of float32 activations that has none.
* **A tied LM head in float32.** When the output projection is the embedding table
  (Qwen2.5, Llama-3.2, SmolLM2, Gemma), the export reads it as ``MatMul(x,
  Transpose(table))``; the quantizer skips it (its weight is not a constant), so every
  decoding step reads the whole float table (545 MB for Qwen2.5-0.5B, more than all the
  4-bit layers together) and ONNX Runtime keeps a transposed copy of it besides. It becomes
  a ``MatMulNBits`` of the table quantized as the file's other weights are (the same bits,
  block size and symmetry), by ONNX Runtime's own quantizer, at accuracy level 4.

Both change the numbers the file computes (as a 4-bit export of the same model would); the
drift against float32 is measured in docs/benchmarks.md. Files with external data, float16
activations (``q4f16``) or no ``MatMulNBits`` are left as they are.
"""

from __future__ import annotations

from typing import Any

_MS = "com.microsoft"
ACCURACY_LEVEL = 4  # int8 compute (MatMulNBits' attribute)
_SUFFIX = "_quire_q4"


def _attrs(node: Any) -> dict[str, int]:
    return {a.name: int(a.i) for a in node.attribute if not a.ints}


def _float_activations(pb: Any, consts: dict[str, Any], node: Any) -> bool:
    """Whether a ``MatMulNBits`` takes float32 activations: its scales are float32."""
    scales = consts.get(node.input[2]) if len(node.input) > 2 else None
    return scales is not None and scales.data_type == pb.TensorProto.FLOAT


def set_accuracy_level(pb: Any, model: Any) -> int:
    """Give every float32 ``MatMulNBits`` of ``model`` (subgraphs too) without an accuracy
    level ``ACCURACY_LEVEL``. Returns how many changed."""
    from engine.runtime.rewrite import _graphs

    consts = {t.name: t for g in _graphs(model.graph) for t in g.initializer}
    changed = 0
    for graph in _graphs(model.graph):
        for node in graph.node:
            if node.op_type != "MatMulNBits" or node.domain != _MS:
                continue
            if _attrs(node).get("accuracy_level", 0) or not _float_activations(pb, consts, node):
                continue
            for a in list(node.attribute):
                if a.name == "accuracy_level":
                    node.attribute.remove(a)
            node.attribute.append(
                pb.AttributeProto(
                    name="accuracy_level", type=pb.AttributeProto.INT, i=ACCURACY_LEVEL
                )
            )
            changed += 1
    return changed


def _scheme(pb: Any, model: Any) -> tuple[int, int, bool] | None:
    """(bits, block size, symmetric) shared by every float32 ``MatMulNBits`` of the top
    graph, or None when there is none or they differ."""
    consts = {t.name: t for t in model.graph.initializer}
    found: set[tuple[int, int, bool]] = set()
    for node in model.graph.node:
        if node.op_type != "MatMulNBits" or node.domain != _MS:
            continue
        if not _float_activations(pb, consts, node):
            return None
        attrs = _attrs(node)
        symmetric = len(node.input) < 4 or not node.input[3]
        found.add((attrs.get("bits", 4), attrs.get("block_size", 0), symmetric))
    if len(found) != 1:
        return None
    (scheme,) = found
    return scheme if scheme[0] == 4 and scheme[1] >= 16 else None


def quantize_tied_head(pb: Any, model: Any) -> int:
    """Replace each ``MatMul(x, Transpose(table))`` of the top graph of a 4-bit ``model``,
    ``table`` a 2-D float32 initializer, by a ``MatMulNBits`` of the table quantized as the
    model's other 4-bit weights are. Returns how many were replaced."""
    import numpy as np
    from onnxruntime.quantization.matmul_nbits_quantizer import (
        DefaultWeightOnlyQuantConfig,
        DefaultWeightOnlyQuantizer,
    )

    from engine.runtime.rewrite import _HELD, HOLD_BYTES, _hold, _to_array

    scheme = _scheme(pb, model)
    if scheme is None:
        return 0
    bits, block, symmetric = scheme
    top = model.graph
    consts = {t.name: t for t in top.initializer}
    producer = {out: node for node in top.node for out in node.output}
    readers: dict[str, int] = {}
    for node in top.node:
        for name in node.input:
            readers[name] = readers.get(name, 0) + 1
    outputs = {o.name for o in top.output}
    done: dict[str, tuple[str, ...]] = {}  # table -> the quantized weight's inputs
    replaced = 0
    for node in list(top.node):
        if node.op_type != "MatMul" or node.domain not in ("", "ai.onnx"):
            continue
        transpose = producer.get(node.input[1])
        if transpose is None or transpose.op_type != "Transpose" or transpose.domain:
            continue
        perm = next((list(a.ints) for a in transpose.attribute if a.name == "perm"), [1, 0])
        table = consts.get(transpose.input[0])
        if perm != [1, 0] or table is None or len(table.dims) != 2:
            continue
        if table.data_type != pb.TensorProto.FLOAT:
            continue
        rows, width = (int(d) for d in table.dims)  # (N outputs, K inputs)
        if table.name not in done:
            values = _to_array(pb, table)
            config = DefaultWeightOnlyQuantConfig(
                block_size=block, is_symmetric=symmetric, bits=bits, accuracy_level=ACCURACY_LEVEL
            )
            # The quantizer takes the weight as (K, N); its blocks run along K, one column at
            # a time, which are the table's rows.
            packed, scales, zeros = DefaultWeightOnlyQuantizer(config).qbits_block_quant(
                np.ascontiguousarray(values.T)
            )
            names = [table.name + _SUFFIX, table.name + _SUFFIX + "_scales"]
            arrays = [packed, scales]
            if not symmetric:
                names.append(table.name + _SUFFIX + "_zero_points")
                arrays.append(zeros)
            held = _HELD.get()
            for name, array in zip(names, arrays, strict=True):
                kind = pb.TensorProto.FLOAT if array.dtype == np.float32 else pb.TensorProto.UINT8
                tensor = top.initializer.add(name=name, dims=array.shape, data_type=kind)
                if held is not None and array.nbytes >= HOLD_BYTES:
                    _hold(pb, tensor, np.ascontiguousarray(array), held)
                else:
                    tensor.raw_data = np.ascontiguousarray(array).tobytes()
            done[table.name] = tuple(names)
        fused = pb.NodeProto(
            op_type="MatMulNBits",
            domain=_MS,
            name=(node.name or "lm_head") + _SUFFIX,
            input=[node.input[0], *done[table.name]],
            output=list(node.output),
        )
        for key, value in (
            ("K", width),
            ("N", rows),
            ("bits", bits),
            ("block_size", block),
            ("accuracy_level", ACCURACY_LEVEL),
        ):
            fused.attribute.append(pb.AttributeProto(name=key, type=pb.AttributeProto.INT, i=value))
        index = list(top.node).index(node)
        top.node.remove(node)
        top.node.insert(index, fused)
        replaced += 1
        readers[transpose.output[0]] -= 1
        if not readers[transpose.output[0]] and transpose.output[0] not in outputs:
            top.node.remove(transpose)
    return replaced


def rewrite_q4(pb: Any, model: Any) -> int:
    """Both rewrites above, the head first (so that it gets the level with the others).
    Returns how many nodes changed."""
    return quantize_tied_head(pb, model) + set_accuracy_level(pb, model)
