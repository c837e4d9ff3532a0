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
zero point shifted alike, where this CPU multiplies int8 exactly, ``signed_products_exact``;
else uint8 as the file has them), only the activation is quantized on the fly like every other
MatMul of the file. It costs one more copy of the table in int8 (30 MB for opus-mt, 262 MB for
NLLB-200) and saves a float dequantization, a transposition and a float MatMul per step. A
constant bias added right after (Marian's ``final_logits_bias``) becomes the new node's own
(``fold_bias``).

Needs only the ``onnx`` package's generated protobuf module (``onnx/onnx_ml_pb2.py``, which
imports nothing but ``google.protobuf``), loaded without ``onnx/__init__``: that would load
onnx's 7 MB C extension and ml_dtypes, which the app bundle leaves out. The few protos the
rewrite builds are made here directly. The file on disk is never changed.

``externalize_lookups`` takes the embedding tables out of the graphs altogether: a ``Gather``
of a quantized table by the token ids becomes a graph input (``quire_rows.<ids input>``) that
the runtime feeds with the rows it looks up itself, from the same table kept as a numpy array
(memory-mapped from ONNX Runtime's cache, ``engine.runtime.session_cache``). A session would
otherwise hold the table twice (the lookup's copy and the prepacked copy of the tied output
projection), and the encoder a third time: 90 MB of opus-mt's resident memory, 768 MB of
NLLB-200's. The values are the file's own, so the outputs are bit-identical.

``rewritten`` holds the large weights out of the protobuf while it works (``held_weights``)
and gives them to ONNX Runtime beside the graph's bytes: copying, serialising and parsing a
whole model again cost most of a model's first load (12-14 s of a 0.5B language model's
first load before, 5 s now).
"""

from __future__ import annotations

import functools
import importlib.util
import math
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

_DOMAIN = "com.microsoft"
_SUFFIX = "_quire_transposed"
_PB2 = "onnx_ml_pb2.py"
_MODULE = "_quire_onnx_ml_pb2"
# A graph input that carries looked-up embedding rows; what follows is the ids input's name.
ROWS_PREFIX = "quire_rows."
# Ops that only reshape the ids on their way from the graph input to the lookup.
_SHAPE_ONLY = frozenset({"Reshape", "Unsqueeze", "Squeeze", "Flatten", "Identity"})


@dataclass(frozen=True)
class Rewritten:
    """A rewritten model: its bytes, the tables its ``quire_rows.*`` inputs look up, and the
    weights held out of its bytes (``held_weights``), for ``SessionOptions.
    add_external_initializers``."""

    data: bytes
    tables: dict[str, Any] = field(default_factory=dict)  # input name -> (rows, width) array
    weights: dict[str, Any] = field(default_factory=dict)  # initializer name -> array
    # input name -> (file, offset): a table that is the bytes of the source file at that
    # offset, memory-mapped from it (``_map_from_file``); the cache names the place instead
    # of saving a copy.
    located: dict[str, tuple[str, int]] = field(default_factory=dict)


# Weights held out of the model while it is rewritten (``held_weights``): each such
# initializer names this location, which no file has, and its values are in ``_HELD``.
IN_MEMORY = "quire:in-memory"
# Initializers at least this large are held out; the small ones stay in the graph.
HOLD_BYTES = 1 << 20
_HELD: ContextVar[dict[str, Any] | None] = ContextVar("quire_held_weights", default=None)


def _numpy_types(pb: Any) -> dict[int, Any]:
    import numpy as np

    t = pb.TensorProto
    return {
        t.FLOAT: np.float32,
        t.FLOAT16: np.float16,
        t.DOUBLE: np.float64,
        t.INT8: np.int8,
        t.UINT8: np.uint8,
        t.INT16: np.int16,
        t.UINT16: np.uint16,
        t.INT32: np.int32,
        t.UINT32: np.uint32,
        t.INT64: np.int64,
        t.UINT64: np.uint64,
        t.BOOL: np.bool_,
    }


def is_held(pb: Any, tensor: Any) -> bool:
    """Whether ``tensor`` is an initializer whose values ``held_weights`` holds."""
    return tensor.data_location == pb.TensorProto.EXTERNAL and any(
        e.key == "location" and e.value == IN_MEMORY for e in tensor.external_data
    )


def _hold(pb: Any, tensor: Any, array: Any, held: dict[str, Any]) -> None:
    """Make ``tensor`` name ``array``, which ``held`` keeps, instead of holding its values."""
    tensor.ClearField("raw_data")
    tensor.data_location = pb.TensorProto.EXTERNAL
    del tensor.external_data[:]
    for key, value in (("location", IN_MEMORY), ("offset", "0"), ("length", str(array.nbytes))):
        tensor.external_data.add(key=key, value=value)
    held[tensor.name] = array


@contextmanager
def held_weights(model: Any) -> Iterator[dict[str, Any]]:
    """Hold the large initializers of ``model``'s top graph out of it while the rewrites run.

    A model is a protobuf message: copying it (a rewrite tried on a copy), serialising it for
    ONNX Runtime and ONNX Runtime parsing it again each copy every weight (0.5 GB for a
    0.5B-parameter language model in int8; 2.7 s, 2.7 s and 1 s of its first load). Each
    initializer of at least ``HOLD_BYTES`` becomes a numpy array instead (over one copy of its
    bytes), and the initializer an empty one that names external data at ``IN_MEMORY``;
    ``_to_array`` reads them, and the transposed table ``_add_transposed`` makes is held the
    same way, in the yielded {name: array}. ONNX Runtime takes the arrays with
    ``SessionOptions.add_external_initializers`` (and copies them: ``Rewritten.weights``)."""
    pb = onnx_protos()
    import numpy as np

    types = _numpy_types(pb)
    held: dict[str, Any] = {}
    # An initializer that is a graph input too (a default the caller may override, in files
    # of IR version 3) stays: ONNX Runtime replaces only initializers that are not inputs.
    inputs = {i.name for i in model.graph.input}
    for tensor in model.graph.initializer:
        dtype = types.get(tensor.data_type)
        if dtype is None or tensor.data_location == pb.TensorProto.EXTERNAL:
            continue
        if tensor.name in inputs:
            continue
        size = math.prod(tensor.dims) * np.dtype(dtype).itemsize
        if size < HOLD_BYTES or not tensor.HasField("raw_data"):
            continue
        raw = tensor.raw_data
        if len(raw) != size:
            continue  # malformed: left for ONNX Runtime to report
        _hold(pb, tensor, np.frombuffer(raw, dtype=dtype).reshape(tuple(tensor.dims)), held)
    token = _HELD.set(held)
    try:
        yield held
    finally:
        _HELD.reset(token)


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


def held_value(tensor: Any) -> Any:
    """The values of ``tensor``, which ``held_weights`` holds (any type). Raises
    ``ValueError`` outside its context."""
    held = _HELD.get()
    if held is None or tensor.name not in held:
        raise ValueError(f"tensor {tensor.name} is held out of the model elsewhere")
    return held[tensor.name]


def _to_array(pb: Any, tensor: Any) -> Any:
    """An 8-bit or float ``TensorProto``'s values (raw bytes, or the typed field ONNX uses when
    not raw: int32 for small integers and float16's bits, float for float32; a held tensor's
    array, ``held_value``)."""
    import numpy as np

    dtype = {
        pb.TensorProto.UINT8: np.uint8,
        pb.TensorProto.INT8: np.int8,
        pb.TensorProto.FLOAT16: np.float16,
        pb.TensorProto.FLOAT: np.float32,
    }.get(tensor.data_type)
    if dtype is None:
        raise ValueError(f"tensor {tensor.name} is not 8-bit or float")
    if is_held(pb, tensor):
        return held_value(tensor)
    if tensor.HasField("raw_data"):
        values = np.frombuffer(tensor.raw_data, dtype=dtype)
    elif dtype is np.float32:
        values = np.asarray(tensor.float_data, dtype=np.float32)
    elif dtype is np.float16:
        values = np.asarray(tensor.int32_data, dtype=np.uint16).view(np.float16)
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


def _add_transposed(
    top: Any, consts: dict[str, Any], table: str, zero: str, *, signed: bool
) -> tuple[str, str]:
    """Add the transposed table (and its zero point) to the top graph: as int8 where
    ``signed`` (``signed_products_exact``), else as uint8.

    uint8 weights take a slower path in ONNX Runtime's integer GEMM (half the speed of int8
    at 128 rows on a CPU with AVX-512 VNNI), and ``q - 128`` with zero point ``zp - 128`` is the
    same value exactly; but on a CPU without VNNI the int8 path sums pairs of products in 16
    bits, which saturate (see ``signed_products_exact``), so there the table stays uint8.
    """
    import numpy as np

    pb = onnx_protos()
    values = _to_array(pb, consts[table])
    point = _to_array(pb, consts[zero])
    wanted = np.int8 if signed else np.uint8
    # q - 128 in int8 has the bits of the uint8 q with the top one flipped (and back).
    flip = values.dtype != wanted
    if flip:
        point = np.asarray(point.view(np.uint8) ^ np.uint8(0x80)).view(wanted)
    names = (table + _SUFFIX, zero + _SUFFIX)
    held = _HELD.get()
    weight = _transposed(values.view(np.uint8), flip=flip).view(wanted)
    kind = pb.TensorProto.INT8 if signed else pb.TensorProto.UINT8
    for array, name in zip((weight, point), names, strict=True):
        tensor = top.initializer.add(name=name, dims=array.shape, data_type=kind)
        if held is not None and array.nbytes >= HOLD_BYTES:
            _hold(pb, tensor, array, held)
        else:
            tensor.raw_data = array.tobytes()
        consts[name] = tensor
    return names


@functools.cache
def signed_products_exact() -> bool:
    """Whether ONNX Runtime's CPU GEMM multiplies uint8 activations by int8 weights exactly
    here. On x86 CPUs without VNNI (AVX2 alone: AMD's Zen 1 to 3, Intel's before Ice Lake,
    and AVX-512 without VNNI: Skylake-SP), its u8s8 kernel adds each pair of products in 16
    bits with saturation (``vpmaddubsw``): 255 x 127 twice is 64,770, kept as 32,767. A tied
    projection rewritten to int8 there was off by up to 20% of a logit on a real opus-mt
    layout (0.20 against the published int8 file's 0.077 from fp32). Asked of ONNX Runtime
    itself, once a process, on products that saturate: a 1 x 8 by 8 x 1 product of 255s and
    127s, 1,016 exactly, 514 saturated."""
    import numpy as np
    import onnxruntime

    pb = onnx_protos()
    int8 = pb.TensorProto.INT8
    weights = pb.TensorProto(name="b", dims=[8, 1], data_type=int8, raw_data=bytes([127] * 8))
    zero = pb.TensorProto(name="z", dims=[], data_type=int8, raw_data=bytes([0]))
    scale = pb.TensorProto(name="s", dims=[], data_type=pb.TensorProto.FLOAT, float_data=[1.0])
    graph = pb.GraphProto(
        name="probe",
        node=[_node(pb, "DynamicQuantizeMatMul", ["a", "b", "s", "z"], ["y"], domain=_DOMAIN)],
        initializer=[weights, scale, zero],
        input=[_float_input(pb, "a", [1, 8])],
        output=[_float_input(pb, "y", [1, 1])],
    )
    model = pb.ModelProto(
        ir_version=8,
        graph=graph,
        opset_import=[
            pb.OperatorSetIdProto(domain="", version=13),
            pb.OperatorSetIdProto(domain=_DOMAIN, version=1),
        ],
    )
    options = onnxruntime.SessionOptions()
    options.log_severity_level = 3
    try:
        session = onnxruntime.InferenceSession(
            model.SerializeToString(), options, providers=["CPUExecutionProvider"]
        )
        # (a of ones is quantized to 255s with a scale of 1/255: y = 8 x 255 x 127 / 255)
        (y,) = session.run(None, {"a": np.ones((1, 8), np.float32)})
    except Exception:  # (an ONNX Runtime that cannot answer: the layout exact anywhere)
        return False
    return bool(abs(float(y[0, 0]) - 8 * 127) < 1)


def _float_input(pb: Any, name: str, shape: list[int]) -> Any:
    """A float tensor's ``ValueInfoProto`` of a fixed shape."""
    dims = [pb.TensorShapeProto.Dimension(dim_value=d) for d in shape]
    kind = pb.TypeProto.Tensor(elem_type=pb.TensorProto.FLOAT, shape=pb.TensorShapeProto(dim=dims))
    return pb.ValueInfoProto(name=name, type=pb.TypeProto(tensor_type=kind))


def _transposed(values: Any, *, flip: bool = False) -> Any:
    """``values.T`` (2-D) in C order, copied in blocks of rows (a whole-table strided copy
    misses the cache at every element: 0.45 s against 0.1 s for a 151,936 x 896 table);
    ``flip``: each byte's top bit flipped on the way (uint8 to int8 minus 128)."""
    import numpy as np

    out = np.empty(values.shape[::-1], dtype=values.dtype)
    step = 256
    for start in range(0, values.shape[0], step):
        block = values[start : start + step].T
        if flip:
            np.bitwise_xor(block, np.uint8(0x80), out=out[:, start : start + step])
        else:
            out[:, start : start + step] = block
    return out


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
                signed = signed_products_exact()
                added[table] = _add_transposed(top, consts, table, zero, signed=signed)
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
    for table, (weight, weight_zero) in added.items():
        _share_with_lookups(top, table, weight, weight_zero, consts)
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
    values = np.asarray(_to_array(pb, bias), dtype=np.float32).reshape(-1)
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
    top: Any, table: str, weight: str, weight_zero: str, consts: dict[str, Any]
) -> None:
    """Point the embedding lookups at the transposed copy too, and drop the original table.

    ``Gather(table, ids) -> DequantizeLinear(., scale, zero)`` becomes a column gather from the
    transposed copy, transposed back, dequantized with its zero point (shifted with it): the same
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
        _drop_if_unread(top, table, consts)
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
            dequant.input[2] = weight_zero
    _drop_if_unread(top, table, consts)


def _drop_if_unread(top: Any, table: str, consts: dict[str, Any]) -> None:
    if table in consts and not any(table in n.input for g in _graphs(top) for n in g.node):
        top.initializer.remove(consts.pop(table))


def _traced_input(name: str, producer: dict[str, Any], inputs: set[str]) -> str | None:
    """The graph input that ``name`` is, reshaped at most (or None)."""
    hops = 0
    while name not in inputs:
        node = producer.get(name)
        if node is None or node.op_type not in _SHAPE_ONLY or hops > 8:
            return None
        name, hops = node.input[0], hops + 1
    return name


def externalize_lookups(
    model: Any, *, floats: bool = False, sources: dict[str, str] | None = None
) -> dict[str, Any]:
    """Turn, in place, every ``Gather`` of a 2-D 8-bit constant table of the top graph whose
    indices are a graph input (reshaped at most) into a read of a new graph input
    ``quire_rows.<that input>``, which the caller feeds with ``table[ids]``; drop the tables
    nothing reads any more. Returns {new input: table as a numpy array} (empty: unchanged).

    The new input holds the rows for the ids as the caller has them; inside the graph they are
    reshaped to the lookup's own index shape (the same elements in the same order).
    ``floats``: float tables too (a language model's export keeps its embedding in float).
    ``sources``, when given, gets {new input: the initializer its table was}."""
    pb = onnx_protos()
    kinds = {pb.TensorProto.UINT8, pb.TensorProto.INT8}
    if floats:
        kinds |= {pb.TensorProto.FLOAT, pb.TensorProto.FLOAT16}
    top = model.graph
    consts = {t.name: t for t in top.initializer}
    inputs = {i.name for i in top.input}
    graphs = _graphs(top)
    producer = {out: node for g in graphs for node in g.node for out in node.output}
    tables: dict[str, tuple[str, Any]] = {}
    widths: dict[int, str] = {}
    count = 0
    for graph in graphs:
        local = {t.name for t in graph.initializer} if graph is not top else set()
        for node in list(graph.node):
            if node.op_type != "Gather" or node.domain not in ("", "ai.onnx"):
                continue
            if any(a.name == "axis" and a.i != 0 for a in node.attribute):
                continue
            table = consts.get(node.input[0])
            if table is None or node.input[0] in local or node.input[0] in inputs:
                continue
            if len(table.dims) != 2 or table.data_type not in kinds:
                continue
            ids = _traced_input(node.input[1], producer, inputs)
            if ids is None:
                continue
            rows = ROWS_PREFIX + ids
            if rows in tables and tables[rows][0] != node.input[0]:
                continue  # one input per ids: a second table looked up by them stays inside
            if rows not in tables:
                tables[rows] = (node.input[0], _to_array(pb, table))
                info = pb.ValueInfoProto(name=rows)
                info.type.tensor_type.elem_type = table.data_type
                # The ids' own shape and the table's width.
                shape = info.type.tensor_type.shape
                source = next(i for i in top.input if i.name == ids)
                shape.dim.extend(source.type.tensor_type.shape.dim)
                shape.dim.add().dim_value = int(table.dims[1])
                top.input.append(info)
            width = int(table.dims[1])
            if width not in widths:
                widths[width] = f"quire_rows_width{width}"
                top.initializer.append(
                    pb.TensorProto(
                        name=widths[width],
                        dims=[1],
                        data_type=pb.TensorProto.INT64,
                        int64_data=[width],
                    )
                )
            tag = f"quire_rows_lookup{count}"
            count += 1
            nodes = [
                _node(pb, "Shape", [node.input[1]], [tag + "_ids_shape"]),
                _node(pb, "Concat", [tag + "_ids_shape", widths[width]], [tag + "_shape"], axis=0),
                _node(pb, "Reshape", [rows, tag + "_shape"], [node.output[0]]),
            ]
            index = list(graph.node).index(node)
            graph.node.remove(node)
            for offset, new in enumerate(nodes):
                graph.node.insert(index + offset, new)
    for name, _ in tables.values():
        _drop_if_unread(top, name, consts)
    if sources is not None:
        sources.update({rows: name for rows, (name, _) in tables.items()})
    return {rows: array for rows, (_, array) in tables.items()}


def rewrite_model(
    model: Any,
    *,
    causal: bool = False,
    heads: int | None = None,
    decoder_heads: int | None = None,
    sources: dict[str, str] | None = None,
    cpu: bool = False,
) -> dict[str, Any] | None:
    """The rewrites, in place: for a decoder-only model (``causal``) the LM head first reads
    only the last positions (``keep_last_logits``) and the attention loses its NaN guards
    (``drop_nan_guards``), then, given its number of query ``heads``, the attention becomes
    ONNX Runtime's fused ``GroupQueryAttention`` (``engine.runtime.fuse_attention``, for the
    CPU only); then the lookups (so the tied projection's table need not be shared with them),
    then the tied projection. Returns the tables of the new ``quire_rows`` inputs, or None when
    the model is left as it was. ``decoder_heads``: an encoder-decoder's merged decoder, whose
    self-attention is fused the same way (``fuse_seq2seq_attention``, CPU only as well).
    ``sources``: as for ``externalize_lookups``. ``cpu``: a decoder-only model's 4-bit
    products compute in int8 and its tied float head becomes 4-bit too
    (``engine.runtime.rewrite_q4``), for ONNX Runtime's CPU kernels."""
    from engine.runtime.fuse_attention import fuse_attention, fuse_seq2seq_attention
    from engine.runtime.rewrite_q4 import rewrite_q4

    kept = keep_last_logits(model) if causal else False
    q4 = rewrite_q4(onnx_protos(), model) if causal and cpu else 0
    guards = drop_nan_guards(model) if causal else 0
    fused = fuse_attention(model, heads) if causal and heads else 0
    if decoder_heads and not causal:
        fused = fuse_seq2seq_attention(model, decoder_heads)
    tables = externalize_lookups(model, floats=causal, sources=sources)
    projections = rewrite_tied_projection(model)
    return tables if tables or projections or kept or guards or fused or q4 else None


# The input that asks for the last N positions' logits only (the name Transformers.js uses).
KEEP_INPUT = "num_logits_to_keep"
_ELEMENTWISE = frozenset({"Div", "Mul", "Tanh", "Cast", "Add", "Identity"})


def lm_head(model: Any) -> Any:
    """A decoder-only graph's LM head: the ``MatMul`` (or a 4-bit ``MatMulNBits``) behind the
    ``logits`` output, through elementwise ops only; None when there is none."""
    producer = {out: node for node in model.graph.node for out in node.output}
    current = "logits"
    while current in producer:
        node = producer[current]
        if (node.op_type == "MatMul" and node.domain in ("", "ai.onnx")) or (
            node.op_type == "MatMulNBits" and node.domain == _DOMAIN  # a 4-bit head
        ):
            return node
        if node.op_type not in _ELEMENTWISE:
            return None
        current = node.input[0]
    return None


def keep_last_logits(model: Any) -> bool:
    """Let a decoder-only graph compute logits for the last ``num_logits_to_keep`` positions.

    Published language-model files compute the LM head for every prompt position (a
    896 x 151,936 product per token for Qwen2.5-0.5B, the tied head in float as published),
    while generation needs the last row. A Slice of the final hidden states, driven by a new
    scalar input, goes before the head's MatMul; ``engine.store.export_causal`` writes the
    same into Quire's own exports. False (graph left alone) when the head is not found behind
    ``logits`` or the input is there already."""
    pb = onnx_protos()
    graph = model.graph
    if any(i.name == KEEP_INPUT for i in graph.input):
        return False
    head = lm_head(model)
    outputs = [o for o in graph.output if o.name == "logits"]
    if head is None or len(outputs) != 1:
        return False
    dims = outputs[0].type.tensor_type.shape.dim
    if len(dims) != 3:
        return False
    names = [f"/quire_keep_logits/{n}" for n in ("k", "starts", "ends", "axes", "hidden", "zero")]
    nodes = [
        _node(pb, "Unsqueeze", [KEEP_INPUT, names[5]], [names[0]]),
        _node(pb, "Neg", [names[0]], [names[1]]),
        _node(pb, "Slice", [head.input[0], names[1], names[2], names[3]], [names[4]]),
    ]
    for name, value in ((names[2], 2**63 - 1), (names[3], 1), (names[5], 0)):
        graph.initializer.append(
            pb.TensorProto(name=name, dims=[1], data_type=pb.TensorProto.INT64, int64_data=[value])
        )
    keep = pb.ValueInfoProto(name=KEEP_INPUT)
    keep.type.tensor_type.elem_type = pb.TensorProto.INT64
    keep.type.tensor_type.shape.SetInParent()  # a scalar
    graph.input.append(keep)
    head.input[0] = names[4]
    at = list(graph.node).index(head)
    for offset, node in enumerate(nodes):
        graph.node.insert(at + offset, node)
    dims[1].ClearField("dim_value")
    dims[1].dim_param = "num_logits"
    return True


def _mentions(path: str, word: bytes) -> bool:
    import mmap

    with open(path, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        return mm.find(word) >= 0


def _held_and_read(pb: Any, model: Any, held: dict[str, Any]) -> dict[str, Any]:
    """The held weights that ``model`` still reads; a held initializer that nothing reads is
    deleted from it (ONNX Runtime drops unread initializers before it takes the held ones,
    and then refuses a weight it has no initializer for)."""
    read = {name for g in _graphs(model.graph) for node in g.node for name in node.input}
    read |= {o.name for o in model.graph.output}
    top = model.graph.initializer
    drop_where(top, lambda t: is_held(pb, t) and t.name not in read)
    return {t.name: held[t.name] for t in top if is_held(pb, t)}


def drop_where(items: Any, unwanted: Callable[[Any], bool]) -> None:
    """Delete the entries of the repeated protobuf field ``items`` for which ``unwanted``
    holds, by index from the end: ``remove`` searches the list (comparing whole messages) for
    each one, 1.2 s for the thousands of stale entries of a 24-layer model."""
    for index in reversed([i for i, item in enumerate(items) if unwanted(item)]):
        del items[index]


def rewritten(
    path: str,
    *,
    causal: bool = False,
    heads: int | None = None,
    decoder_heads: int | None = None,
    cpu: bool = False,
) -> Rewritten | None:
    """The rewrite of the ONNX file at ``path`` (a decoder-only language model's: ``causal``;
    with its number of query ``heads`` to fuse its attention; an encoder-decoder's merged
    decoder with its ``decoder_heads`` to fuse its self-attention), or None when nothing
    applies (or onnx's protobuf module is missing: then the file runs as it is, only slower
    and larger). ``cpu``: for ONNX Runtime's CPU provider (see ``rewrite_model``)."""
    try:
        if not causal and not decoder_heads and not _mentions(path, b"DequantizeLinear"):
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
        sources: dict[str, str] = {}
        with held_weights(model) as held:
            tables = rewrite_model(
                model,
                causal=causal,
                heads=heads,
                decoder_heads=decoder_heads,
                sources=sources,
                cpu=cpu,
            )
            if tables is None:
                return None
            weights = _held_and_read(onnx, model, held)
        located = _map_from_file(path, tables, sources)
        return Rewritten(model.SerializeToString(), tables, weights, located)
    except Exception:
        # An optimisation, never a reason to refuse a model: whatever the rewrite cannot read
        # or handle, ONNX Runtime gets the file as it is (and reports what is wrong with it).
        return None


def _map_from_file(
    path: str, tables: dict[str, Any], sources: dict[str, str]
) -> dict[str, tuple[str, int]]:
    """Replace, in ``tables``, each table whose values are the raw bytes of its initializer in
    the file at ``path`` by a read-only memory map of those bytes (the copy read with the
    protobuf is then let go, and the cache need not save one: ``CacheEntry.commit``).
    Returns {input: (path, offset)} of those replaced; a table found anywhere else, or not
    byte for byte the same, stays as it was."""
    import numpy as np

    from engine.runtime.proto_spans import raw_data_spans

    if not tables or sys.byteorder != "little":  # raw_data is little-endian
        return {}
    spans = raw_data_spans(path)
    located: dict[str, tuple[str, int]] = {}
    for rows, table in list(tables.items()):
        span = spans.get(sources.get(rows, ""))
        if span is None or span[1] != table.nbytes or not table.flags.c_contiguous:
            continue
        mapped = np.memmap(path, dtype=table.dtype, mode="r", offset=span[0], shape=table.shape)
        if not np.array_equal(mapped, table):
            continue
        tables[rows] = mapped
        located[rows] = (path, span[0])
    return located


# The finite mask that replaces -inf before each attention softmax (``drop_nan_guards``).
FINITE_MASK = "/finite_mask/lowest"


def drop_nan_guards(model: Any) -> int:
    """Drop, in place, the NaN guard after each attention softmax, making the mask before it
    finite.

    transformers' SDPA attention exports as ``Softmax(scores + Where(mask, 0, -inf))``
    followed by ``Where(IsNaN(p), 0, p)``, for query rows with every key masked (the left
    padding of a batch), whose softmax over -inf alone is NaN. Those two passes over every
    (heads, query, key) score cost about a sixth of a 1,000-token prompt on the CPU. With the
    lowest float32 as the mask instead of -inf, no row is NaN: a real token's row is unchanged
    (the masked keys still weigh exactly 0, as exp underflows) and a padding row becomes finite
    noise that no real token attends to. Returns how many guards went; a softmax whose
    surroundings differ from this pattern (a float16 mask among them) keeps its guard.
    """
    import numpy as np

    pb = onnx_protos()
    graph = model.graph
    producer = {out: node for node in graph.node for out in node.output}
    consumers: dict[str, list[Any]] = {}
    for node in graph.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node)
    values = {t.name: t for t in graph.initializer}
    outputs = {o.name for o in graph.output}

    def constant(name: str) -> Any:
        node = producer.get(name)
        try:
            if node is not None and node.op_type == "Constant" and len(node.attribute) == 1:
                attr = node.attribute[0]
                return _to_array(pb, attr.t) if attr.name == "value" else None
            return _to_array(pb, values[name]) if name in values else None
        except ValueError:  # a type the guards never have
            return None

    def is_value(name: str, test: Any) -> bool:
        value = constant(name)
        return value is not None and value.size == 1 and bool(test(value))

    dropped: list[Any] = []
    for guard in graph.node:
        if guard.op_type != "Where" or len(guard.input) != 3:
            continue
        isnan, probs = producer.get(guard.input[0]), producer.get(guard.input[2])
        if (
            isnan is None
            or probs is None
            or isnan.op_type != "IsNaN"
            or probs.op_type != "Softmax"
            or isnan.input[0] != probs.output[0]
            or not is_value(guard.input[1], lambda v: v.item() == 0)
            or len(consumers.get(isnan.output[0], [])) != 1
            or guard.output[0] in outputs
        ):
            continue
        add = producer.get(probs.input[0])
        masks = [producer.get(i) for i in add.input] if add and add.op_type == "Add" else []
        mask = next((m for m in masks if m is not None and m.op_type == "Where"), None)
        if (
            mask is None
            or len(consumers.get(mask.output[0], [])) != 1
            or not is_value(mask.input[2], lambda v: np.isneginf(v).all())
            or not is_value(mask.input[1], lambda v: v.item() == 0)
            or constant(mask.input[2]).dtype != np.float32
        ):
            continue
        mask.input[2] = FINITE_MASK
        for user in consumers.get(guard.output[0], []):
            for i, name in enumerate(user.input):
                if name == guard.output[0]:
                    user.input[i] = probs.output[0]
        dropped += [guard, isnan]
    if not dropped:
        return 0
    if FINITE_MASK not in values:
        lowest = np.array(np.finfo(np.float32).min, dtype=np.float32)
        graph.initializer.append(
            pb.TensorProto(
                name=FINITE_MASK, dims=[], data_type=pb.TensorProto.FLOAT, raw_data=lowest.tobytes()
            )
        )
    for node in dropped:
        graph.node.remove(node)
    return len(dropped) // 2


def with_rows(feeds: Any, tables: Any) -> dict[str, Any]:
    """``feeds`` and, for each ``quire_rows.<ids>`` input in ``tables``, the rows of its ids
    (numpy arrays, or ``OrtValue``s read back). Raises ``ValueError`` as ``look_up``."""
    full = dict(feeds)
    for name, table in tables.items():
        ids = full[name.removeprefix(ROWS_PREFIX)]
        full[name] = look_up(table, ids if hasattr(ids, "shape") else ids.numpy())
    return full


def look_up(table: Any, ids: Any) -> Any:
    """``table``'s rows for ``ids`` (a ``quire_rows`` input's value). An id outside the table
    raises the ``ValueError`` ONNX Runtime's own ``Gather`` would have given, for the caller to
    report as the model rejecting its input."""
    import numpy as np

    index = np.asarray(ids)
    rows = int(table.shape[0])
    if index.size and (int(index.max()) >= rows or int(index.min()) < -rows):
        bad = int(index.max()) if int(index.max()) >= rows else int(index.min())
        raise ValueError(
            f"indices element out of data bounds, idx={bad} must be within the inclusive "
            f"range [{-rows},{rows - 1}]"
        )
    # Indexing, not ``np.take``: a table mapped from the model file may start at an offset
    # that is not a multiple of its item size (a float table's ``raw_data`` lies wherever
    # protobuf put it), and ``take`` copies a whole unaligned array before reading it
    # (545 MB per call for Qwen2.5-0.5B's float embedding); indexing reads only the rows.
    return np.asarray(table)[index]
