"""Fuse a decoder-only graph's attention into ONNX Runtime's ``GroupQueryAttention``.

Optimum exports transformers' SDPA attention op by op: the layer's new keys and values are
``Concat``enated to the cache (``present = Concat(past, new)``, a copy of the whole cache per
layer and step), the two KV heads are repeated to the query heads with ``Expand`` over the
whole cache (another copy), then ``MatMul``, ``Add`` of the mask, ``Softmax``, ``MatMul``. On
a 0.5B model with 1,000 cached tokens those two copies are a quarter of a decode step.

``GroupQueryAttention`` (a contrib op of ONNX Runtime's CPU provider) reads the KV heads
without repeating them and, when its ``past`` and ``present`` are the same buffer, writes the
new keys and values in place: the cache then grows without any copy
(``OnnxCausalLM`` binds them so, see ``SHARED``). The fusion keeps everything around the
attention as exported (projections, rotary embedding, q/k norms), so it holds for every
family whose attention has the SDPA shape (Llama, Qwen2/3, Phi-3, Gemma-2 in the tests):

* the query and the new keys/values are read where the old graph used them (after rotary),
  transposed to (batch, sequence, heads x head size) as the op wants;
* the mask the old graph added to the scores goes in as ``attention_bias`` (so left-padded
  batches and sliding windows stay exactly as exported); ``seqlens_k`` is the mask's length
  minus one for every row, as the bias already masks the padding;
* the two scale ``Mul``s of the exported SDPA become the op's ``scale``;
* eager attention (how Gemma-2 is exported, since SDPA would drop its soft-capping): the
  scale ``Mul`` on the scores becomes ``scale``, the cap ``Mul(Tanh(Div(x, c)), c)`` the op's
  ``softcap`` (applied, as there, before the mask), the softmax's float32 ``Cast``s go.

All or nothing: a graph where any layer differs from this pattern is left as it was. Float32
attention only (the CPU provider's kernel; CUDA's wants float16), so the loader asks for it on
the CPU alone. A decoder-only graph so fused also gets its rotary embeddings fused, each into
one node (``engine.runtime.fuse_rotary``; those that differ from the exported pattern stay),
and loses the transpositions there and back around them (``engine.runtime.fuse_layout``).
"""

from __future__ import annotations

import re
from collections import deque
from typing import Any

# Model metadata telling the runtime that past and present may share one buffer.
SHARED = "quire.kv_cache"
SHARED_VALUE = "shared"
# Model metadata naming the fused op (the runtime must respect its limits, see ``FUSED``).
FUSED = "quire.attention"
FUSED_VALUE = "GroupQueryAttention"
_MS = "com.microsoft"
_PREFIX = "/quire_gqa/"
# A decoder-only model's cache inputs; an encoder-decoder's self-attention cache (``_SEQ2SEQ``).
_PAST = "past_key_values.{n}.{kind}"
_SEQ2SEQ_PAST = "past_key_values.{n}.decoder.{kind}"
# The input an encoder-decoder's fused graph gets for its decoder's length: (batch, past +
# new) ones, as a decoder-only model's attention_mask (the exported graph has none).
DECODER_MASK = "quire_decoder_mask"
# Model metadata: the merged decoder's first-step branch computes the cross-attention cache
# alone (``_cross_only``); the runtime runs the cached branch after it for the first token.
FIRST_STEP = "quire.first_step"
CROSS_ONLY = "cross-attention cache only"
_ENCODER_PRESENT = re.compile(r"present\.\d+\.encoder\.(key|value)$")
_ENCODER_PAST = re.compile(r"past_key_values\.\d+\.encoder\.(key|value)$")
# Ops between the cache and the attention's MatMuls (transformers' repeat_kv and K^T).
_KV_PATH = frozenset({"Unsqueeze", "Expand", "Reshape", "Transpose", "Mul", "Identity"})


class _NotFusable(Exception):
    pass


def present_name(past: str) -> str:
    """The output a cache input ``past_key_values…`` becomes (``present…``)."""
    return "present" + past[len("past_key_values") :]


def _attr_float(pb: Any, name: str, value: float) -> Any:
    return pb.AttributeProto(name=name, type=pb.AttributeProto.FLOAT, f=value)


def _attr_int(pb: Any, name: str, value: int) -> Any:
    return pb.AttributeProto(name=name, type=pb.AttributeProto.INT, i=value)


def _attr_ints(pb: Any, name: str, values: list[int]) -> Any:
    return pb.AttributeProto(name=name, type=pb.AttributeProto.INTS, ints=values)


class _Graph:
    """Lookups over one graph, rebuilt after each edit that needs them fresh."""

    def __init__(self, pb: Any, graph: Any) -> None:
        self.pb = pb
        self.graph = graph
        self.producer = {out: node for node in graph.node for out in node.output}
        self.consumers: dict[str, list[Any]] = {}
        for node in graph.node:
            for name in node.input:
                self.consumers.setdefault(name, []).append(node)
        self.initializers = {t.name: t for t in graph.initializer}
        self.outputs = {o.name for o in graph.output}

    def read_once(self, name: str) -> bool:
        """Whether one node, and no graph output, reads tensor ``name``."""
        return len(self.consumers.get(name, [])) == 1 and name not in self.outputs

    def constant(self, name: str) -> Any:
        """The value of a constant tensor (Constant node or initializer), or None."""
        from engine.runtime.rewrite import _to_array

        node = self.producer.get(name)
        try:
            if node is not None:
                if node.op_type == "Constant" and len(node.attribute) == 1:
                    attr = node.attribute[0]
                    return _to_array(self.pb, attr.t) if attr.name == "value" else None
                return None
            tensor = self.initializers.get(name)
            return None if tensor is None else _to_array(self.pb, tensor)
        except ValueError:
            return None

    def int_constant(self, name: str) -> Any:
        import numpy as np

        from engine.runtime.rewrite import held_value, is_held

        node = self.producer.get(name)
        tensor = None
        if node is not None and node.op_type == "Constant" and len(node.attribute) == 1:
            tensor = node.attribute[0].t if node.attribute[0].name == "value" else None
        elif node is None:
            tensor = self.initializers.get(name)
        if tensor is None or tensor.data_type != self.pb.TensorProto.INT64:
            return None
        if is_held(self.pb, tensor):
            return held_value(tensor)
        if tensor.HasField("raw_data"):
            return np.frombuffer(tensor.raw_data, dtype=np.int64).reshape(tuple(tensor.dims))
        return np.asarray(tensor.int64_data, dtype=np.int64).reshape(tuple(tensor.dims))


def _scale_of(g: _Graph, node: Any) -> tuple[str, float] | None:
    """For ``Mul(x, c)`` with a scalar constant c: (x, c)."""
    if node is None or node.op_type != "Mul":
        return None
    for i in (0, 1):
        value = g.constant(node.input[1 - i])
        if value is not None and value.size == 1:
            return node.input[i], float(value.reshape(()))
    return None


def _matmul_from_cache(g: _Graph, present: str) -> tuple[Any, float]:
    """The attention MatMul that reads ``present`` (through repeat_kv and the transposition)
    as its second input, and the product of the scalar ``Mul``s on the way."""
    found: list[Any] = []
    scale = 1.0
    seen: set[str] = set()
    queue = deque([present])
    while queue:
        name = queue.popleft()
        for user in g.consumers.get(name, []):
            if user.name in seen and user.name:
                continue
            seen.add(user.name)
            if user.op_type == "Shape":
                continue  # sizes only, computed afresh
            if user.op_type == "MatMul":
                if user.input[1] != name:
                    raise _NotFusable("cache is not the MatMul's second input")
                found.append(user)
                continue
            if user.op_type not in _KV_PATH or user.input[0] != name:
                raise _NotFusable(f"{user.op_type} on the cache path")
            if user.output[0] in g.outputs:
                raise _NotFusable("a graph output on the cache path")
            if user.op_type == "Mul":
                scaled = _scale_of(g, user)
                if scaled is None or scaled[0] != name:
                    raise _NotFusable("a non-scalar Mul on the cache path")
                scale *= scaled[1]
            queue.append(user.output[0])
    if len(found) != 1:
        raise _NotFusable(f"{len(found)} MatMuls read the cache")
    return found[0], scale


def _layers(inputs: set[str], past: str = _PAST) -> list[int]:
    """The layers 0, 1, ... whose cache inputs (named as ``past``) the graph takes."""
    found: list[int] = []
    while past.format(n=len(found), kind="key") in inputs:
        found.append(len(found))
    if not found:
        raise _NotFusable("no past_key_values inputs")
    return found


def _plan_layer(g: _Graph, layer: int, past: str = _PAST) -> dict[str, Any]:
    """What one layer's fusion needs, read off its exported attention. ``past``: the name of
    a layer's cache input, with ``{n}`` and ``{kind}`` (``key``/``value``) in it."""
    past_k, past_v = (past.format(n=layer, kind=kind) for kind in ("key", "value"))
    present_k, present_v = (present_name(name) for name in (past_k, past_v))
    concats = [g.producer.get(present_k), g.producer.get(present_v)]
    for concat, past in zip(concats, (past_k, past_v), strict=True):
        if concat is None or concat.op_type != "Concat" or list(concat.input)[:1] != [past]:
            raise _NotFusable(f"layer {layer}: the cache is not grown by Concat")
        if len(concat.input) != 2:
            raise _NotFusable(f"layer {layer}: Concat of {len(concat.input)} inputs")
        axis = next((a.i for a in concat.attribute if a.name == "axis"), None)
        if axis not in (2, -2):
            raise _NotFusable(f"layer {layer}: cache Concat on axis {axis}")
    key_concat, value_concat = concats[0], concats[1]
    assert key_concat is not None and value_concat is not None  # checked above
    scores, k_scale = _matmul_from_cache(g, present_k)
    weighted, v_scale = _matmul_from_cache(g, present_v)
    if v_scale != 1.0:
        raise _NotFusable(f"layer {layer}: scaled values")
    softmax = g.producer.get(weighted.input[0])
    while softmax is not None and softmax.op_type == "Cast":
        # Eager attention's softmax in float32, then back to the query's dtype: float32 here.
        to = next((a.i for a in softmax.attribute if a.name == "to"), None)
        if to != g.pb.TensorProto.FLOAT or not g.read_once(softmax.output[0]):
            raise _NotFusable(f"layer {layer}: a Cast to {to} after the Softmax")
        softmax = g.producer.get(softmax.input[0])
    if softmax is None or softmax.op_type != "Softmax":
        raise _NotFusable(f"layer {layer}: no Softmax before the value MatMul")
    axis = next((a.i for a in softmax.attribute if a.name == "axis"), -1)
    if axis not in (-1, 3) or not g.read_once(softmax.output[0]):
        raise _NotFusable(f"layer {layer}: Softmax on axis {axis} or read twice")
    add = g.producer.get(softmax.input[0])
    if add is None or add.op_type != "Add" or not g.read_once(add.output[0]):
        raise _NotFusable(f"layer {layer}: no mask Add between the scores and the Softmax")
    for side in (0, 1):
        found = _scores_path(g, add.input[side], scores.output[0])
        if found is not None:
            break
    else:
        raise _NotFusable(f"layer {layer}: the mask Add does not read the scores")
    post_scale, softcap = found
    mask = add.input[1 - side]
    query = scores.input[0]
    q_scale = 1.0
    scaled = _scale_of(g, g.producer.get(query))
    if scaled is not None:
        query, q_scale = scaled
    return {
        "layer": layer,
        "query": query,
        "key": str(key_concat.input[1]),
        "value": str(value_concat.input[1]),
        "mask": mask,
        "scale": q_scale * k_scale * post_scale,
        "softcap": softcap,
        "out": weighted.output[0],
        "replaced": [*concats, weighted],
    }


def _scores_path(g: _Graph, name: str, scores: str) -> tuple[float, float] | None:
    """How ``name`` (what the mask is added to) comes from the raw ``scores`` of the
    attention MatMul, each step read once: directly (SDPA's export), or through eager
    attention's scalar ``Mul`` by the scale, then Gemma-2's soft-capping
    ``Mul(Tanh(Div(x, c)), c)``. (scale, softcap), softcap 0.0 for none; None when ``name`` is
    not the scores so."""
    softcap = 0.0
    uncapped = _uncapped(g, name)
    if uncapped is not None:
        name, softcap = uncapped
    scale = 1.0
    scaled = _scale_of(g, g.producer.get(name))
    if scaled is not None and scaled[0] == scores and g.read_once(name):
        name, scale = scaled
    if name != scores or not g.read_once(scores):
        return None
    return scale, softcap


def _uncapped(g: _Graph, name: str) -> tuple[str, float] | None:
    """For ``name = Mul(Tanh(Div(x, c)), c)``, c > 0, each step read once: (x, c)."""
    capped = _scale_of(g, g.producer.get(name))
    if capped is None or capped[1] <= 0 or not g.read_once(name):
        return None
    tanh = g.producer.get(capped[0])
    if tanh is None or tanh.op_type != "Tanh" or not g.read_once(capped[0]):
        return None
    div = g.producer.get(tanh.input[0])
    if div is None or div.op_type != "Div" or not g.read_once(tanh.input[0]):
        return None
    divisor = g.constant(div.input[1])
    if divisor is None or divisor.size != 1 or float(divisor.reshape(())) != capped[1]:
        return None
    return str(div.input[0]), capped[1]


def _bypass_present_slices(g: _Graph, mask: str, presents: set[str]) -> str:
    """The mask without its slice to the present cache's length (the exported graph cuts the
    (batch, 1, query, key) mask to ``present.shape[-2]`` keys, which is its own width when the
    cache is not shared): a mask computed from ``present`` would feed the node that makes
    ``present``. Returns the name to use for the mask."""
    producer = g.producer.get(mask)
    if producer is None:
        return mask
    if producer.op_type == "Slice" and _reads_any(g, producer.input[2], presents):
        starts = g.int_constant(producer.input[1])
        axes = g.int_constant(producer.input[3]) if len(producer.input) > 3 else None
        steps = g.int_constant(producer.input[4]) if len(producer.input) > 4 else None
        if (
            starts is None
            or starts.size != 1
            or int(starts.reshape(-1)[0]) != 0
            or axes is None
            or int(axes.reshape(-1)[0]) not in (3, -1)
            or (steps is not None and int(steps.reshape(-1)[0]) != 1)
        ):
            raise _NotFusable("the mask is sliced to the cache in a way not understood")
        return str(producer.input[0])
    if producer.op_type in ("Where", "Cast", "Add", "Sub", "Mul", "Not", "Identity"):
        changed = False
        names = list(producer.input)
        for i, name in enumerate(names):
            if _reads_any(g, name, presents):
                names[i] = _bypass_present_slices(g, name, presents)
                changed = True
        if changed:
            copy = g.pb.NodeProto()
            copy.CopyFrom(producer)
            copy.name = _PREFIX + producer.name + "/unsliced"
            copy.output[0] = _PREFIX + producer.output[0] + "/unsliced"
            del copy.input[:]
            copy.input.extend(names)
            g.graph.node.append(copy)
            g.producer[copy.output[0]] = copy
            return str(copy.output[0])
    if _reads_any(g, mask, presents):
        raise _NotFusable(f"the mask depends on the cache through {producer.op_type}")
    return mask


def _reads_any(g: _Graph, name: str, targets: set[str]) -> bool:
    """Whether tensor ``name`` is computed from any of ``targets``."""
    seen: set[str] = set()
    stack = [name]
    while stack:
        current = stack.pop()
        if current in targets:
            return True
        if current in seen:
            continue
        seen.add(current)
        node = g.producer.get(current)
        if node is not None:
            stack.extend(i for i in node.input if i)
    return False


def _topological(graph: Any) -> list[Any]:
    """The graph's nodes in an order where each runs after its inputs' producers; raises
    ``_NotFusable`` on a cycle."""
    producer = {out: i for i, node in enumerate(graph.node) for out in node.output}
    nodes = list(graph.node)
    waiting = [0] * len(nodes)
    users: dict[int, list[int]] = {}
    for i, node in enumerate(nodes):
        for name in set(node.input):
            j = producer.get(name)
            if j is not None and j != i:
                waiting[i] += 1
                users.setdefault(j, []).append(i)
    ready = deque(i for i, n in enumerate(waiting) if n == 0)
    order: list[Any] = []
    while ready:
        i = ready.popleft()
        order.append(nodes[i])
        for j in users.get(i, []):
            waiting[j] -= 1
            if waiting[j] == 0:
                ready.append(j)
    if len(order) != len(nodes):
        raise _NotFusable("the fused graph has a cycle")
    return order


def _prune(graph: Any) -> None:
    """Drop the nodes no graph output depends on, and the initializers no node reads."""
    producer = {out: node for node in graph.node for out in node.output}
    needed: set[int] = set()
    stack = [o.name for o in graph.output]
    seen: set[str] = set()
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        seen.add(name)
        node = producer.get(name)
        if node is not None and id(node) not in needed:
            needed.add(id(node))
            stack.extend(i for i in node.input if i)
    kept = [node for node in graph.node if id(node) in needed]
    del graph.node[:]
    graph.node.extend(kept)
    from engine.runtime.rewrite import drop_where

    read = {name for node in graph.node for name in node.input} | {o.name for o in graph.output}
    drop_where(graph.initializer, lambda t: t.name not in read)
    produced = {out for node in graph.node for out in node.output} | {i.name for i in graph.input}
    drop_where(graph.value_info, lambda v: v.name not in produced)


def fuse_attention(model: Any, heads: int) -> int:
    """Fuse every layer's attention of a decoder-only ``model`` (in place; ``heads``: query
    heads, from the model's config). Returns the number of layers fused: 0 when the graph is
    left as it was."""
    from engine.runtime.rewrite import onnx_protos

    pb = onnx_protos()
    trial = pb.ModelProto()
    trial.CopyFrom(model)
    try:
        fused = _fuse(pb, trial, heads)
    except _NotFusable:
        return 0
    model.CopyFrom(trial)
    return fused


def _fuse(pb: Any, model: Any, heads: int) -> int:
    from engine.runtime.fuse_layout import flatten_layouts
    from engine.runtime.fuse_rotary import fuse_rotary

    graph = model.graph
    if any(a.type == pb.AttributeProto.GRAPH for node in graph.node for a in node.attribute):
        raise _NotFusable("subgraphs (the pruning would not see what they read)")
    inputs = {i.name: i for i in graph.input}
    if "attention_mask" not in inputs or "input_ids" not in inputs:
        raise _NotFusable("no attention_mask or input_ids input")
    kv_heads, head_size = _cache_dims(pb, inputs.get("past_key_values.0.key"), heads)
    layers = _layers(set(inputs))
    fused = _fuse_graph(pb, graph, heads, kv_heads, head_size, layers, _PAST, "attention_mask")
    _mark(pb, model, shared=_share_buffers(pb, graph, layers, _PAST, "attention_mask"))
    changed = False
    # Each pass matches on a graph without the nodes the one before replaced.
    for rewrite in (fuse_rotary, flatten_layouts):
        if rewrite(pb, graph):
            _prune(graph)
            changed = True
    if changed:
        ordered = _topological(graph)
        del graph.node[:]
        graph.node.extend(ordered)
    return fused


def fuse_seq2seq_attention(model: Any, heads: int) -> int:
    """Fuse the decoder self-attention of an encoder-decoder's merged decoder (Optimum's
    ``If`` on ``use_cache_branch``), in place, in its cached branch; ``heads``: the decoder's
    attention heads. The cross-attention stays as exported. The branch without a cache (the
    first step) is cut down to the cross-attention cache where its projections have the
    exported shape (``_cross_only``; metadata ``FIRST_STEP``), else left as it was. The graph
    gains the input ``DECODER_MASK``: ones of (batch, past + new), as the decoder's length.
    Returns the number of layers fused: 0 when the graph is left as it was (another layout,
    T5's relative attention, anything off the pattern)."""
    from engine.runtime.rewrite import onnx_protos

    pb = onnx_protos()
    graph = model.graph
    branches = [n for n in graph.node if n.op_type == "If"]
    inputs = {i.name: i for i in graph.input}
    if len(branches) != 1 or "use_cache_branch" not in inputs or "input_ids" not in inputs:
        return 0  # not a merged decoder
    if DECODER_MASK in inputs:
        return 0  # fused already
    (branch,) = [a.g for a in branches[0].attribute if a.name == "then_branch"]
    # The weights live in the outer graph: only the branch is copied to try on (a copy of the
    # whole model would hold a float32 NLLB's 1.8 GB once more).
    trial = pb.GraphProto()
    trial.CopyFrom(branch)
    try:
        fused, shared = _fuse_seq2seq(pb, trial, inputs, heads)
    except _NotFusable:
        return 0
    branch.CopyFrom(trial)
    mask = pb.ValueInfoProto(name=DECODER_MASK)
    mask.type.tensor_type.elem_type = pb.TensorProto.INT64
    for dim in ("batch_size", "decoder_total_length"):
        mask.type.tensor_type.shape.dim.add().dim_param = dim
    graph.input.append(mask)
    _mark(pb, model, shared=shared)
    if _cross_only(pb, branches[0], _cross_dims(pb, inputs, heads)):
        model.metadata_props.append(pb.StringStringEntryProto(key=FIRST_STEP, value=CROSS_ONLY))
    return fused


def _cross_dims(pb: Any, inputs: dict[str, Any], heads: int) -> tuple[int, int] | None:
    """(heads, head size) of every layer's cross-attention cache input, or None when they are
    not all the same static dims."""
    dims = set()
    for name, info in inputs.items():
        if _ENCODER_PAST.match(name):
            try:
                dims.add(_cache_dims(pb, info, heads))
            except _NotFusable:
                return None
    return dims.pop() if len(dims) == 1 else None


# Ops between ``encoder_hidden_states`` and a layer's cross-attention keys or values in the
# first-step branch: the projection (float, or int8 as ONNX Runtime's quantizer writes it) and
# its bias, then one Reshape to (batch, length, heads, head size) and one Transpose.
_CROSS_PATH = frozenset(
    {
        "Add",
        "Cast",
        "Constant",
        "DequantizeLinear",
        "DynamicQuantizeLinear",
        "Identity",
        "MatMul",
        "MatMulInteger",
        "Mul",
    }
)


def _cross_only(pb: Any, node: Any, dims: tuple[int, int] | None) -> bool:
    """Make the merged decoder ``If`` ``node``'s first-step branch compute only the
    cross-attention cache (``present.N.encoder.*``): each layer's projection of
    ``encoder_hidden_states``, reshaped and transposed, copied from the branch as exported;
    its other outputs become empty. The runtime then runs the first step as two calls: this
    branch for the cross-attention cache, then the cached branch with an empty self-attention
    cache (``onnx_seq2seq``, ``FIRST_STEP``). The decoder's layers are then in the graph once:
    ONNX Runtime plans and prepacks each branch's weights apart, so the exported first-step
    branch cost as much to open as the cached one (0.65 s of NLLB-600M's 1.7 s). False, the
    branch left as it was, when any projection is off that path. ``dims``: the cache's heads
    and head size (``_cross_dims``; None: not known, so not done)."""
    if dims is None:
        return False
    heads, head_size = dims
    first = next(a.g for a in node.attribute if a.name == "else_branch")
    g = _Graph(pb, first)
    wanted = [i for i, name in enumerate(node.output) if _ENCODER_PRESENT.match(name)]
    if not wanted:
        return False
    picked: dict[int, Any] = {}
    reshapes: list[Any] = []

    def walk(name: str) -> None:
        """Take every producer behind ``name`` in the branch; each must be on the path."""
        stack = [name]
        while stack:
            producer = g.producer.get(stack.pop())
            if producer is None or id(producer) in picked:
                continue  # read from outside the branch, or already taken
            if producer.op_type not in _CROSS_PATH:
                raise _NotFusable(f"{producer.op_type} in a cross-attention projection")
            picked[id(producer)] = producer
            stack.extend(n for n in producer.input if n)

    then = next(a.g for a in node.attribute if a.name == "then_branch")
    empties: list[Any] = []
    try:
        for i in wanted:
            current = g.producer.get(first.output[i].name)
            while current is not None and current.op_type == "Identity":
                picked[id(current)] = current
                current = g.producer.get(current.input[0])
            perm = [list(a.ints) for a in current.attribute] if current is not None else []
            if current is None or current.op_type != "Transpose" or perm != [[0, 2, 1, 3]]:
                raise _NotFusable("the cross-attention cache is not transposed as expected")
            reshape = g.producer.get(current.input[0])
            if reshape is None or reshape.op_type != "Reshape":
                raise _NotFusable("the cross-attention cache is not reshaped as expected")
            if any(a.name == "allowzero" and a.i for a in reshape.attribute):
                raise _NotFusable("a Reshape whose zeros are sizes")
            picked[id(current)] = current
            picked[id(reshape)] = reshape
            reshapes.append(reshape)
            walk(reshape.input[0])
        made = {name for n in picked.values() for name in n.output}
        for i, out in enumerate(first.output):
            if i in wanted:
                continue
            if out.name in made:
                raise _NotFusable(f"{out.name} comes from a cross-attention projection")
            # Another output (the logits, the self-attention cache): an empty tensor of its
            # type, with the static dims the cached branch gives it, so the If's output shapes
            # stay what they were (the runtime reads the vocabulary from the logits' last dim).
            info = then.output[i].type.tensor_type
            if not info.elem_type or not info.HasField("shape") or not info.shape.dim:
                raise _NotFusable(f"the type of {out.name} is not declared")
            sizes = [d.dim_value if j and d.dim_value else 0 for j, d in enumerate(info.shape.dim)]
            value = pb.TensorProto(name=out.name + "/empty", dims=sizes, data_type=info.elem_type)
            empties.append(
                pb.NodeProto(
                    op_type="Constant",
                    output=[out.name],
                    attribute=[
                        pb.AttributeProto(name="value", type=pb.AttributeProto.TENSOR, t=value)
                    ],
                )
            )
    except _NotFusable:
        return False
    # (batch, length, heads x head size) to (batch, length, heads, head size): the exported
    # Reshape computes the same shape from the decoder's own tensors, which this branch no
    # longer has. The Transpose then gives the cache's (batch, heads, length, head size).
    shape = _PREFIX + "cross/kv_shape"
    kept = [n for n in first.node if id(n) in picked]
    for reshape in reshapes:
        reshape.input[1] = shape
    del first.node[:]
    first.node.extend(kept + empties)
    first.initializer.append(
        pb.TensorProto(
            name=shape,
            dims=[4],
            data_type=pb.TensorProto.INT64,
            int64_data=[0, -1, heads, head_size],
        )
    )
    _prune(first)
    del first.value_info[:]
    return True


def _fuse_seq2seq(pb: Any, branch: Any, inputs: dict[str, Any], heads: int) -> tuple[int, bool]:
    """Fuse the cached ``branch`` of a merged decoder whose graph has ``inputs``; returns the
    layers fused and whether the cache buffers may be shared."""
    if any(a.type == pb.AttributeProto.GRAPH for node in branch.node for a in node.attribute):
        raise _NotFusable("subgraphs in the cached branch")
    kv_heads, head_size = _cache_dims(pb, inputs.get(_SEQ2SEQ_PAST.format(n=0, kind="key")), heads)
    if kv_heads != heads:
        raise _NotFusable(f"{heads} heads over a cache of {kv_heads}")
    layers = _layers(set(inputs), _SEQ2SEQ_PAST)
    fused = _fuse_graph(
        pb, branch, heads, kv_heads, head_size, layers, _SEQ2SEQ_PAST, DECODER_MASK, bias=False
    )
    shared = _share_buffers(pb, branch, layers, _SEQ2SEQ_PAST, DECODER_MASK)
    return fused, shared


def _cache_dims(pb: Any, first: Any, heads: int) -> tuple[int, int]:
    """(KV heads, head size) of a float32 cache input ``first``, checked against ``heads``."""
    if first is None or first.type.tensor_type.elem_type != pb.TensorProto.FLOAT:
        raise _NotFusable("the cache is not float32")
    dims = first.type.tensor_type.shape.dim
    if len(dims) != 4 or not dims[1].dim_value or not dims[3].dim_value:
        raise _NotFusable("the cache's heads and head size are not fixed")
    kv_heads, head_size = int(dims[1].dim_value), int(dims[3].dim_value)
    if heads < kv_heads or heads % kv_heads:
        raise _NotFusable(f"{heads} query heads over {kv_heads} KV heads")
    return kv_heads, head_size


def _mark(pb: Any, model: Any, *, shared: bool) -> None:
    if not any(o.domain == _MS for o in model.opset_import):
        model.opset_import.append(pb.OperatorSetIdProto(domain=_MS, version=1))
    model.metadata_props.append(pb.StringStringEntryProto(key=FUSED, value=FUSED_VALUE))
    if shared:
        model.metadata_props.append(pb.StringStringEntryProto(key=SHARED, value=SHARED_VALUE))


def _fuse_graph(
    pb: Any,
    graph: Any,
    heads: int,
    kv_heads: int,
    head_size: int,
    layers: list[int],
    past: str,
    mask_input: str,
    *,
    bias: bool = True,
) -> int:
    """Fuse the attention of ``layers`` in ``graph`` (a model's graph or a branch of one).
    ``mask_input``: the (batch, past + new) tensor whose width gives the lengths. ``bias``:
    the mask the old graph added to the scores goes in as the op's ``attention_bias`` (else
    the op's own causal masking stands in for it: a decoder without padding)."""
    g = _Graph(pb, graph)
    plans = [_plan_layer(g, layer, past) for layer in layers]
    presents = {present_name(past.format(n=n, kind=k)) for n in layers for k in ("key", "value")}

    def const(name: str, values: list[int]) -> str:
        return _int_const(pb, g, name, values)

    def add(op: str, inputs: list[str], output: str, *attrs: Any, domain: str = "") -> str:
        node = pb.NodeProto(op_type=op, input=inputs, output=[output], name=output)
        if domain:
            node.domain = domain
        node.attribute.extend(attrs)
        graph.node.append(node)
        return output

    # Sequence lengths: the mask's width is past + new for every row.
    p = _PREFIX
    mask_shape = add("Shape", [mask_input], p + "mask_shape")
    total64 = add(
        "Gather", [mask_shape, const("one", [1])], p + "total64", _attr_int(pb, "axis", 0)
    )
    batch = add("Gather", [mask_shape, const("zero", [0])], p + "batch", _attr_int(pb, "axis", 0))
    total32 = add("Cast", [total64], p + "total32_1", _attr_int(pb, "to", pb.TensorProto.INT32))
    total = add("Reshape", [total32, const("scalar", [])], p + "total")
    last = add("Sub", [total32, p + "one32"], p + "last")
    graph.initializer.append(
        pb.TensorProto(name=p + "one32", dims=[1], data_type=pb.TensorProto.INT32, int32_data=[1])
    )
    seqlens = add("Expand", [last, batch], p + "seqlens_k")

    bshd = const("bshd", [0, 0, -1])
    for plan in plans:
        n = plan["layer"]
        names = {}
        for role in ("query", "key", "value"):
            moved = add(
                "Transpose",
                [plan[role]],
                f"{p}{n}/{role}_bsnh",
                _attr_ints(pb, "perm", [0, 2, 1, 3]),
            )
            names[role] = add("Reshape", [moved, bshd], f"{p}{n}/{role}_bsd")
        mask = _bypass_present_slices(g, plan["mask"], presents) if bias else ""
        for node in plan["replaced"]:  # the cache's Concats and the value MatMul
            graph.node.remove(node)
        past_k, past_v = (past.format(n=n, kind=kind) for kind in ("key", "value"))
        gqa = pb.NodeProto(
            op_type="GroupQueryAttention",
            domain=_MS,
            name=f"{p}{n}/GroupQueryAttention",
            input=[names["query"], names["key"], names["value"], past_k, past_v, seqlens, total],
            output=[f"{p}{n}/attention", present_name(past_k), present_name(past_v)],
        )
        if mask:
            gqa.input.extend(["", "", "", mask])
        gqa.attribute.extend(
            [
                _attr_int(pb, "num_heads", heads),
                _attr_int(pb, "kv_num_heads", kv_heads),
                _attr_float(pb, "scale", plan["scale"]),
            ]
        )
        if plan["softcap"]:
            gqa.attribute.append(_attr_float(pb, "softcap", plan["softcap"]))
        graph.node.append(gqa)
        split = add(
            "Reshape",
            [gqa.output[0], const("bshd4", [0, 0, heads, head_size])],
            f"{p}{n}/attention_bsnh",
        )
        # Named as the old value MatMul's output, so everything after it reads it unchanged.
        add("Transpose", [split], plan["out"], _attr_ints(pb, "perm", [0, 2, 1, 3]))
    _prune(graph)
    ordered = _topological(graph)
    del graph.node[:]
    graph.node.extend(ordered)
    return len(plans)


def _int_const(pb: Any, g: _Graph, name: str, values: list[int] | int) -> str:
    """An int64 initializer of the fusion in ``g``'s graph, made once: a 1-D tensor of
    ``values``, or a scalar for a plain int."""
    full = _PREFIX + name
    if full not in g.initializers:
        dims = [] if isinstance(values, int) else [len(values)]
        data = [values] if isinstance(values, int) else values
        tensor = pb.TensorProto(
            name=full, dims=dims, data_type=pb.TensorProto.INT64, int64_data=data
        )
        g.graph.initializer.append(tensor)
        g.initializers[full] = tensor
    return full


def _share_buffers(pb: Any, graph: Any, layers: list[int], past: str, mask_input: str) -> bool:
    """Make ``graph`` ready for a cache buffer longer than its content: every other reader of
    a ``past`` input only asks for its shape, which gets the content's length (the width of
    ``mask_input`` minus the new tokens) in place of the buffer's. False when anything else
    reads it."""
    g = _Graph(pb, graph)
    pasts = [past.format(n=n, kind=kind) for n in layers for kind in ("key", "value")]

    def const(name: str, values: list[int]) -> str:
        return _int_const(pb, g, name, values)

    if any(name.startswith("present.") for node in graph.node for name in node.input):
        return False  # would read the whole buffer as the cache
    shapes: list[Any] = []
    for name in pasts:
        for user in g.consumers.get(name, []):
            if user.op_type == "GroupQueryAttention":
                continue
            if user.op_type != "Shape" or len(user.attribute):
                return False
            shapes.append(user)
    if not shapes:
        return True
    p = _PREFIX
    nodes = [
        pb.NodeProto(op_type="Shape", input=[mask_input], output=[p + "cache/mask_shape"]),
        pb.NodeProto(op_type="Shape", input=["input_ids"], output=[p + "cache/ids_shape"]),
        pb.NodeProto(
            op_type="Sub",
            input=[p + "cache/mask_shape", p + "cache/ids_shape"],
            output=[p + "cache/past_2d"],
        ),
        pb.NodeProto(
            op_type="Slice",
            input=[p + "cache/past_2d", const("one", [1]), const("two", [2])],
            output=[p + "cache/past_length"],
        ),
    ]
    for shape in shapes:
        whole = shape.output[0]
        shape.output[0] = whole + "/buffer"
        head = pb.NodeProto(
            op_type="Slice",
            input=[shape.output[0], const("zero", [0]), const("two", [2])],
            output=[whole + "/head"],
        )
        tail = pb.NodeProto(
            op_type="Slice",
            input=[shape.output[0], const("three", [3]), const("four", [4])],
            output=[whole + "/tail"],
        )
        joined = pb.NodeProto(
            op_type="Concat",
            input=[whole + "/head", p + "cache/past_length", whole + "/tail"],
            output=[whole],
            attribute=[pb.AttributeProto(name="axis", type=pb.AttributeProto.INT, i=0)],
        )
        nodes += [head, tail, joined]
    graph.node.extend(nodes)
    ordered = _topological(graph)
    del graph.node[:]
    graph.node.extend(ordered)
    return True
