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
  block size and symmetry), by ONNX Runtime's own 4-bit kernel, at accuracy level 4.

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
            level = next((a for a in node.attribute if a.name == "accuracy_level"), None)
            if (level is not None and level.i) or not _float_activations(pb, consts, node):
                continue
            if level is None:
                level = node.attribute.add(name="accuracy_level", type=pb.AttributeProto.INT)
            level.i = ACCURACY_LEVEL
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


# Table rows quantized at a time: their transposed float copy is the only temporary (64 MB
# for a width of 2,048).
_ROWS_PER_PASS = 8192


def _quantize_rows(values: Any, block: int, symmetric: bool) -> tuple[Any, Any, Any]:
    """``values`` (N, K) float32, each row quantized as MatMulNBits' column of a (K, N)
    weight: (packed (N, blocks, block/2) uint8, scales (N, blocks) float32, zero points
    (N, ceil(blocks/2)) uint8), by ONNX Runtime's own 4-bit kernel (the one its quantizer
    calls; part of the runtime, so the app needs no ``onnx`` for it), a pass of rows at a
    time instead of one transposed copy of the whole table."""
    import numpy as np
    from onnxruntime.capi._pybind_state import quantize_matmul_4bits

    rows, width = values.shape
    blocks = -(-width // block)
    packed = np.zeros((rows, blocks, block // 2), dtype=np.uint8)
    scales = np.zeros((rows, blocks), dtype=np.float32)
    zeros = np.zeros((rows, -(-blocks // 2)), dtype=np.uint8)
    for a in range(0, rows, _ROWS_PER_PASS):
        b = min(rows, a + _ROWS_PER_PASS)
        weight = np.ascontiguousarray(values[a:b].T, dtype=np.float32)  # (K, rows of the pass)
        quantize_matmul_4bits(
            packed[a:b], weight, scales[a:b], zeros[a:b], block, b - a, width, symmetric
        )
    return packed, scales, zeros


def quantize_tied_head(pb: Any, model: Any) -> int:
    """Replace the LM head ``MatMul(x, Transpose(table))`` of a 4-bit ``model``, ``table`` a
    2-D float32 initializer of the top graph, by a ``MatMulNBits`` of the table quantized as
    the model's other 4-bit weights are. Returns 1 when it did, else 0."""
    import numpy as np

    from engine.runtime.rewrite import _HELD, HOLD_BYTES, _graphs, _hold, _node, _to_array, lm_head

    scheme = _scheme(pb, model)
    head = lm_head(model)
    if scheme is None or head is None or head.op_type != "MatMul":
        return 0
    bits, block, symmetric = scheme
    top = model.graph
    consts = {t.name: t for t in top.initializer}
    transpose = next((n for n in top.node if head.input[1] in n.output), None)
    if transpose is None or transpose.op_type != "Transpose" or transpose.domain:
        return 0
    perm = next((list(a.ints) for a in transpose.attribute if a.name == "perm"), [1, 0])
    table = consts.get(transpose.input[0])
    if perm != [1, 0] or table is None or len(table.dims) != 2:
        return 0
    if table.data_type != pb.TensorProto.FLOAT or table.name in {i.name for i in top.input}:
        return 0  # (an initializer that is also an input may be overridden by the caller)
    try:
        packed, scales, zeros = _quantize_rows(_to_array(pb, table), block, symmetric)
    except ImportError:  # a runtime without the kernel: the head stays as published
        return 0
    rows, width = (int(d) for d in table.dims)  # (N outputs, K inputs)
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
            _hold(pb, tensor, array, held)
        else:
            tensor.raw_data = array.tobytes()
    fused = _node(
        pb,
        "MatMulNBits",
        [head.input[0], *names],
        list(head.output),
        domain=_MS,
        name=(head.name or "lm_head") + _SUFFIX,
        K=width,
        N=rows,
        bits=bits,
        block_size=block,
        accuracy_level=ACCURACY_LEVEL,
    )
    index = list(top.node).index(head)
    top.node.remove(head)
    top.node.insert(index, fused)
    # The Transpose goes unless something else reads it (in any graph: a subgraph may).
    read = [i for g in _graphs(top) for n in g.node for i in n.input]
    if transpose.output[0] not in read and transpose.output[0] not in {o.name for o in top.output}:
        top.node.remove(transpose)
    return 1


def rewrite_q4(pb: Any, model: Any) -> int:
    """Both rewrites above. Returns how many nodes changed."""
    return quantize_tied_head(pb, model) + set_accuracy_level(pb, model)
