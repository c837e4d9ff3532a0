"""A load-time rewrite of quantized decoders whose output projection is tied to the embedding.

Transformers.js's q8 files (Optimum export, tied weights deduplicated, then ONNX Runtime
dynamic quantization with ``MatMulConstBOnly``) compute the logits as
``MatMul(h, Transpose(DequantizeLinear(table_uint8, scale, zero_point)))``: the embedding
table is quantized once, as the ``Gather``'s input, and the output ``MatMul`` has no constant
weight, so it stays in float. ONNX Runtime does not fold ``DequantizeLinear`` into a
constant, so every decoder step dequantizes and transposes the whole vocabulary × width table
(58,101 × 512 for opus-mt, 256,206 × 1,024 for NLLB-200) before a float MatMul.

``rewrite_tied_projection`` replaces that chain by one ``DynamicQuantizeMatMul`` (an ONNX
Runtime contrib op) over a pre-transposed copy of the same quantized table: the weight values
are exactly those of the file (the same scale; the integers shifted by 128 into int8 with the
zero point shifted alike), only the activation is quantized on the fly like every other
MatMul of the file. It costs one more copy of the table in int8 (30 MB for opus-mt, 262 MB for
NLLB-200) and saves a float dequantization, a transposition and a float MatMul per step. A
constant bias added right after (Marian's ``final_logits_bias``) becomes the new node's own
(``fold_bias``).

Needs only the ``onnx`` package's generated protobuf module (``onnx/onnx_ml_pb2.py``, which
imports nothing but ``google.protobuf``), loaded without ``onnx/__init__``: that would load
onnx's 7 MB C extension and ml_dtypes, which the app bundle leaves out. The few protos the
rewrite builds are made here directly. The file on disk is never changed.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

_DOMAIN = "com.microsoft"
_SUFFIX = "_quire_transposed"
_PB2 = "onnx_ml_pb2.py"
_MODULE = "_quire_onnx_ml_pb2"


def _pb2_candidates() -> list[Path]:
    """Where ``onnx/onnx_ml_pb2.py`` can be: the installed onnx package (found without
    importing it), or the frozen app's ``onnx`` folder, where packaging/quire.spec puts the one
    file as data."""
    found: list[Path] = []
    spec = importlib.util.find_spec("onnx") if "onnx" not in sys.modules else None
    if spec is not None and spec.submodule_search_locations:
        found += [Path(location) / _PB2 for location in spec.submodule_search_locations]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle is not None:
        found.append(Path(bundle) / "onnx" / _PB2)
    return found


def onnx_protos() -> Any:
    """The ONNX protobuf classes (``ModelProto``, ``TensorProto``, ...). Raises ImportError
    when onnx is not installed."""
    if "onnx" in sys.modules:
        # Already imported (the developer tools, the tests): its classes are the ones the
        # caller's models are made of.
        return importlib.import_module("onnx.onnx_ml_pb2")
    loaded = sys.modules.get(_MODULE)
    if loaded is not None:
        return loaded
    for path in _pb2_candidates():
        if path.is_file():
            spec = importlib.util.spec_from_file_location(_MODULE, path)
            if spec is None or spec.loader is None:
                continue
            module: ModuleType = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            sys.modules[_MODULE] = module
            return module
    raise ImportError("onnx's protobuf module (onnx/onnx_ml_pb2.py) is not installed")


def _node(pb: Any, op: str, inputs: list[str], outputs: list[str], **attrs: Any) -> Any:
    """A ``NodeProto`` with int and int-list attributes (all the rewrite needs)."""
    node = pb.NodeProto(op_type=op, input=inputs, output=outputs)
    for key, value in sorted(attrs.items()):
        if key in ("name", "domain"):
            setattr(node, key, value)
        elif isinstance(value, list):
            node.attribute.append(
                pb.AttributeProto(name=key, type=pb.AttributeProto.INTS, ints=value)
            )
        else:
            node.attribute.append(pb.AttributeProto(name=key, type=pb.AttributeProto.INT, i=value))
    return node


def _to_array(pb: Any, tensor: Any) -> Any:
    """A uint8 or int8 ``TensorProto``'s values (raw bytes, or the int32 field ONNX uses for
    small integer types when not raw)."""
    import numpy as np

    dtype = {pb.TensorProto.UINT8: np.uint8, pb.TensorProto.INT8: np.int8}.get(tensor.data_type)
    if dtype is None:
        raise ValueError(f"tensor {tensor.name} is not 8-bit")
    if tensor.HasField("raw_data"):
        values = np.frombuffer(tensor.raw_data, dtype=dtype)
    else:
        values = np.asarray(tensor.int32_data, dtype=np.int32).astype(dtype)
    return values.reshape(tuple(tensor.dims))


def _graphs(graph: Any) -> list[Any]:
    """``graph`` and every subgraph in it (the merged decoder's ``If`` branches), depth first."""
    onnx = onnx_protos()
    found = [graph]
    for node in graph.node:
        for attr in node.attribute:
            if attr.type == onnx.AttributeProto.GRAPH:
                found += _graphs(attr.g)
    return found


def _tied_chain(producer: dict[str, Any], name: str) -> tuple[Any, Any, str] | None:
    """(outer node, inner node, constant) when ``name`` is a ``Transpose`` and a
    ``DequantizeLinear`` applied to a constant, in either order (Optimum's deduplication
    transposes the float table; the quantizer then moves the dequantization after it)."""
    outer = producer.get(name)
    inner = producer.get(outer.input[0]) if outer is not None and outer.input else None
    if outer is None or inner is None or not inner.input or inner.input[0] in producer:
        return None
    kinds = {outer.op_type: outer, inner.op_type: inner}
    transpose, dequant = kinds.get("Transpose"), kinds.get("DequantizeLinear")
    if transpose is None or dequant is None or len(dequant.input) < 3:
        return None
    perm = next((list(a.ints) for a in transpose.attribute if a.name == "perm"), [1, 0])
    if perm != [1, 0]:
        return None
    return outer, inner, str(inner.input[0])


def _add_transposed(top: Any, consts: dict[str, Any], table: str, zero: str) -> tuple[str, str]:
    """Add the transposed table (and its zero point) to the top graph, as signed int8.

    uint8 weights take a slower path in ONNX Runtime's integer GEMM (half the speed of int8
    at 128 rows here), and ``q - 128`` with zero point ``zp - 128`` is the same value exactly.
    """
    import numpy as np

    pb = onnx_protos()
    values = _to_array(pb, consts[table])
    point = _to_array(pb, consts[zero])
    if values.dtype == np.uint8:
        values = (values.astype(np.int16) - 128).astype(np.int8)
        point = (point.astype(np.int16) - 128).astype(np.int8)
    names = (table + _SUFFIX, zero + _SUFFIX)
    for array, name in zip((values.T.copy(), point), names, strict=True):
        tensor = pb.TensorProto(
            name=name, dims=array.shape, data_type=pb.TensorProto.INT8, raw_data=array.tobytes()
        )
        top.initializer.append(tensor)
        consts[name] = tensor
    return names


def rewrite_tied_projection(model: Any) -> int:
    """Rewrite, in place, every ``MatMul(x, Transpose(DequantizeLinear(const)))`` of ``model``
    (any graph or subgraph) whose table is a 2-D per-tensor quantized constant of the top
    graph. Returns how many MatMuls were rewritten (0: the model is left as it was)."""
    onnx = onnx_protos()
    top = model.graph
    consts = {t.name: t for t in top.initializer}
    added: dict[str, tuple[str, str]] = {}  # table -> its transposed copy and zero point
    folded: set[str] = set()  # biases now inside the projections
    rewritten = 0
    for graph in _graphs(top):
        local = {t.name for t in graph.initializer}
        producer = {out: node for node in graph.node for out in node.output}
        uses: dict[str, int] = {}
        for node in graph.node:
            for name in node.input:
                uses[name] = uses.get(name, 0) + 1
        graph_outputs = {o.name for o in graph.output}
        for node in list(graph.node):
            if node.op_type != "MatMul" or node.domain not in ("", "ai.onnx"):
                continue
            chain = _tied_chain(producer, node.input[1])
            if chain is None:
                continue
            outer, inner, table = chain
            dequant = outer if outer.op_type == "DequantizeLinear" else inner
            scale, zero = dequant.input[1:3]
            # The quantizer puts the table in the top graph; a local one would shadow it.
            if graph is not top and any(n in local for n in (table, scale, zero)):
                continue
            if not all(n in consts for n in (table, scale, zero)):
                continue
            if len(consts[table].dims) != 2 or list(consts[scale].dims) not in ([], [1]):
                continue
            if consts[table].data_type not in (onnx.TensorProto.UINT8, onnx.TensorProto.INT8):
                continue
            if table not in added:
                added[table] = _add_transposed(top, consts, table, zero)
            weight, zero = added[table]
            fused = _node(
                onnx,
                "DynamicQuantizeMatMul",
                [node.input[0], weight, scale, zero],
                list(node.output),
                name=(node.name or "lm_head") + "_quire_dqmm",
                domain=_DOMAIN,
            )
            index = list(graph.node).index(node)
            graph.node.remove(node)
            graph.node.insert(index, fused)
            rewritten += 1
            fused = graph.node[index]  # the graph holds a copy of the message inserted
            if fold_bias(top, graph, fused, consts, int(consts[table].dims[0])):
                folded.add(fused.input[4][: -len("_quire_vector")])
            # Drop the Transpose and DequantizeLinear when nothing else reads them.
            for dead in (outer, inner):
                out = dead.output[0]
                uses[out] = uses.get(out, 1) - 1
                if uses[out] > 0 or out in graph_outputs:
                    break
                graph.node.remove(dead)
                for name in dead.input:
                    uses[name] = uses.get(name, 1) - 1
    for table, (weight, signed_zero) in added.items():
        _share_with_lookups(top, table, weight, signed_zero, consts)
    read = {name for g in _graphs(top) for n in g.node for name in n.input}
    for bias in folded - read:
        top.initializer.remove(consts.pop(bias))
    if rewritten and not any(op.domain == _DOMAIN for op in model.opset_import):
        model.opset_import.append(onnx.OperatorSetIdProto(domain=_DOMAIN, version=1))
    return rewritten


def fold_bias(top: Any, graph: Any, fused: Any, consts: dict[str, Any], width: int) -> bool:
    """Give ``fused`` (a ``DynamicQuantizeMatMul`` of ``graph``) the bias that the one ``Add``
    after it adds (Marian's ``final_logits_bias``, a constant of the top graph), and drop the
    ``Add``. Returns whether it did.

    ONNX Runtime adds a DynamicQuantizeMatMul's bias in its GEMM's output pass, as a float add
    after the float multiply by the scale: the same two roundings as the ``Add``, so the same
    logits bit for bit, without a separate pass over rows x vocabulary floats (10 ms a step at
    128 rows of opus-mt's 58,101).
    """
    import numpy as np

    pb = onnx_protos()
    out = fused.output[0]
    readers = [n for n in graph.node if out in n.input]
    if out in {o.name for o in graph.output} or len(readers) != 1:
        return False
    (add,) = readers
    if add.op_type != "Add" or add.domain not in ("", "ai.onnx") or len(add.input) != 2:
        return False
    bias_name = add.input[1] if add.input[0] == out else add.input[0]
    bias = consts.get(bias_name)
    shadowed = graph is not top and any(t.name == bias_name for t in graph.initializer)
    if bias is None or shadowed or bias.data_type != pb.TensorProto.FLOAT:
        return False
    if list(bias.dims) not in ([width], [1, width]):
        return False
    if bias.HasField("raw_data"):
        values = np.frombuffer(bias.raw_data, dtype=np.float32)
    else:
        values = np.asarray(bias.float_data, dtype=np.float32)
    name = bias_name + "_quire_vector"
    if name not in consts:
        vector = pb.TensorProto(
            name=name, dims=[width], data_type=pb.TensorProto.FLOAT, raw_data=values.tobytes()
        )
        top.initializer.append(vector)
        consts[name] = vector
    fused.input.append(name)
    fused.output[0] = add.output[0]
    graph.node.remove(add)
    return True


def _share_with_lookups(
    top: Any, table: str, weight: str, signed_zero: str, consts: dict[str, Any]
) -> None:
    """Point the embedding lookups at the transposed copy too, and drop the original table.

    ``Gather(table, ids) -> DequantizeLinear(., scale, zero)`` becomes a column gather from the
    transposed int8 copy, transposed back, dequantized with the shifted zero point: the same
    values, and the process holds one copy of the table instead of two (262 MB for NLLB-200).
    Lookups of another shape are left alone, and so is the table while anything reads it.
    """
    pb = onnx_protos()
    graphs = _graphs(top)
    lookups = []
    for graph in graphs:
        readers: dict[str, list[Any]] = {}
        for node in graph.node:
            for name in node.input:
                readers.setdefault(name, []).append(node)
        for node in graph.node:
            if node.op_type != "Gather" or node.input[0] != table:
                continue
            if any(a.name == "axis" and a.i != 0 for a in node.attribute):
                continue
            after = readers.get(node.output[0], [])
            if after and all(d.op_type == "DequantizeLinear" for d in after):
                lookups.append((graph, node, after))
    if not lookups:
        return
    flat, width = table + "_quire_flat", table + "_quire_width"
    dims = consts[table].dims
    for name, value in ((flat, [-1]), (width, [int(dims[1])])):
        top.initializer.append(
            pb.TensorProto(name=name, dims=[1], data_type=pb.TensorProto.INT64, int64_data=value)
        )
    for i, (graph, node, after) in enumerate(lookups):
        ids, out, tag = node.input[1], node.output[0], f"{table}_quire_lookup{i}"
        nodes = [
            _node(pb, "Shape", [ids], [tag + "_shape"]),
            _node(pb, "Reshape", [ids, flat], [tag + "_ids"]),
            _node(pb, "Gather", [weight, tag + "_ids"], [tag + "_cols"], axis=1),
            _node(pb, "Transpose", [tag + "_cols"], [tag + "_rows"], perm=[1, 0]),
            _node(pb, "Concat", [tag + "_shape", width], [tag + "_out"], axis=0),
            _node(pb, "Reshape", [tag + "_rows", tag + "_out"], [out]),
        ]
        index = list(graph.node).index(node)
        graph.node.remove(node)
        for offset, new in enumerate(nodes):
            graph.node.insert(index + offset, new)
        for dequant in after:
            dequant.input[2] = signed_zero
    if not any(table in n.input for g in graphs for n in g.node):
        top.initializer.remove(consts.pop(table))


def _mentions(path: str, word: bytes) -> bool:
    import mmap

    with open(path, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        return mm.find(word) >= 0


def rewritten_bytes(path: str) -> bytes | None:
    """The serialised rewrite of the ONNX file at ``path``, or None when nothing applies
    (or onnx's protobuf module is missing: then the file runs as it is, only slower)."""
    try:
        if not _mentions(path, b"DequantizeLinear"):
            return None  # no dequantized table anywhere: spare parsing the whole file
        onnx = onnx_protos()
        # External data stays where it is: only a self-contained file is rewritten in memory.
        with open(path, "rb") as fh:
            model = onnx.ModelProto.FromString(fh.read())
        if any(
            t.data_location == onnx.TensorProto.EXTERNAL
            for g in _graphs(model.graph)
            for t in g.initializer
        ):
            return None
        if not rewrite_tied_projection(model):
            return None
        data: bytes = model.SerializeToString()
        return data
    except Exception:
        # An optimisation, never a reason to refuse a model: whatever the rewrite cannot read
        # or handle, ONNX Runtime gets the file as it is (and reports what is wrong with it).
        return None
