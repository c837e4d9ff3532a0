"""Let the beams of one input share its cross-attention keys and values.

In beam search every beam of an input attends to the same encoder states, yet an exported
seq2seq decoder takes its cross-attention cache (``past_key_values.N.encoder.key/value``)
with one row per beam: the runtime would repeat each input's keys and values ``beams``
times, and each step would multiply every beam's single query by its own copy, as
``batch x beams x heads`` products of one row each (at batch 32 and 4 beams, a fifth of the
decoder's time on the CPU, most of it per-product overhead).

``share_cross_attention`` rewrites each cross-attention so that the keys and values may have
fewer rows than the queries: with ``r`` = query rows / key rows (the beams sharing a row),
the queries of those ``r`` rows are stacked as ``r`` rows of one product,
``(inputs, heads, r x new tokens, head size) x (inputs, heads, head size, source length)``,
and the result is split back. With as many key rows as query rows (``r`` = 1) it computes
exactly what the exported graph did; ``engine.runtime.onnx_seq2seq`` then keeps one row per
input of the cross-attention cache and of the encoder mask while the beams of an input stay
together, and repeats them only when they do not. The mask is the same for every target
position of a cross-attention, so its first row serves all of them.
"""

from __future__ import annotations

import re
from typing import Any

from engine.runtime.fuse_attention import _Graph, _NotFusable, _topological

# Model metadata: the graph accepts fewer cross-attention cache rows than query rows.
SHARED_CROSS = "quire.cross_attention"
SHARED_CROSS_VALUE = "rows-shared"
_ENCODER_KV = re.compile(r"^(?:past_key_values|present)\.(\d+)\.encoder\.(key|value)$")
_PASS = frozenset({"Transpose", "Mul", "Identity", "Div"})
_PREFIX = "/quire_cross/"


def _source(g: _Graph, name: str) -> tuple[str, str] | None:
    """(layer, key|value) when tensor ``name`` is a cross-attention cache tensor, possibly
    transposed or scaled on the way."""
    seen = 0
    while seen < 4:
        match = _ENCODER_KV.match(name)
        if match:
            return match[1], match[2]
        node = g.producer.get(name)
        if node is None or node.op_type not in _PASS:
            return None
        if node.op_type in ("Mul", "Div") and g.constant(node.input[1]) is None:
            return None
        name = node.input[0]
        seen += 1
    return None


def _plans(g: _Graph) -> list[dict[str, Any]]:
    plans = []
    for scores in g.graph.node:
        if scores.op_type != "MatMul":
            continue
        key = _source(g, scores.input[1])
        if key is None or key[1] != "key":
            continue
        chain = scores
        mask, masked = None, None
        while True:
            users = g.consumers.get(chain.output[0], [])
            if len(users) != 1 or chain.output[0] in g.outputs:
                raise _NotFusable("a cross-attention intermediate read twice")
            user = users[0]
            if user.op_type == "Softmax":
                break
            if user.op_type == "Add" and mask is None:
                mask = user.input[1] if user.input[0] == chain.output[0] else user.input[0]
                masked = user
            elif user.op_type not in ("Mul", "Div"):
                raise _NotFusable(f"{user.op_type} between the cross-attention scores and softmax")
            chain = user
        softmax = user
        axis = next((a.i for a in softmax.attribute if a.name == "axis"), -1)
        users = g.consumers.get(softmax.output[0], [])
        if axis not in (-1, 3) or len(users) != 1 or softmax.output[0] in g.outputs:
            raise _NotFusable("the cross-attention softmax is read twice")
        weighted = users[0]
        value = _source(g, weighted.input[1]) if weighted.op_type == "MatMul" else None
        if value != (key[0], "value") or weighted.input[0] != softmax.output[0]:
            raise _NotFusable("no value MatMul after the cross-attention softmax")
        plans.append({"scores": scores, "weighted": weighted, "mask": mask, "masked": masked})
    return plans


def share_cross_attention(model: Any) -> int:
    """Rewrite, in place, every cross-attention of a seq2seq decoder (main graph) so that its
    cache may have one row per input while the queries have one per beam. Returns how many
    were rewritten; 0 (graph unchanged) when any does not have the exported shape."""
    from engine.runtime.rewrite import onnx_protos

    pb = onnx_protos()
    trial = pb.ModelProto()
    trial.CopyFrom(model)
    try:
        done = _rewrite(pb, trial)
    except _NotFusable:
        return 0
    if done:
        model.CopyFrom(trial)
    return done


def _rewrite(pb: Any, model: Any) -> int:
    from engine.runtime.rewrite import _graphs

    done = 0
    # A merged decoder holds its attention in the branches of an ``If``.
    for number, graph in enumerate(_graphs(model.graph)):
        done += _rewrite_graph(pb, graph, f"{_PREFIX}{number}/")
    if done:
        model.metadata_props.append(
            pb.StringStringEntryProto(key=SHARED_CROSS, value=SHARED_CROSS_VALUE)
        )
    return done


def _rewrite_graph(pb: Any, graph: Any, p: str) -> int:
    g = _Graph(pb, graph)
    plans = _plans(g)
    if not plans:
        return 0

    def const(name: str, values: list[int]) -> str:
        full = p + name
        if full not in g.initializers:
            tensor = pb.TensorProto(
                name=full, dims=[len(values)], data_type=pb.TensorProto.INT64, int64_data=values
            )
            graph.initializer.append(tensor)
            g.initializers[full] = tensor
        return full

    def add(op: str, inputs: list[str], output: str, **ints: Any) -> str:
        node = pb.NodeProto(op_type=op, input=inputs, output=[output], name=output)
        for key, value in ints.items():
            if isinstance(value, list):
                node.attribute.append(
                    pb.AttributeProto(name=key, type=pb.AttributeProto.INTS, ints=value)
                )
            else:
                node.attribute.append(
                    pb.AttributeProto(name=key, type=pb.AttributeProto.INT, i=value)
                )
        graph.node.append(node)
        return output

    for i, plan in enumerate(plans):
        scores, weighted = plan["scores"], plan["weighted"]
        n = f"{p}{i}/"
        query, keys = scores.input[0], scores.input[1]
        # r = query rows / key rows: the beams that share each row of the cache.
        q_shape = add("Shape", [query], n + "q_shape")
        k_shape = add("Shape", [keys], n + "k_shape")
        k_rows = add("Slice", [k_shape, const("0", [0]), const("1", [1])], n + "k_rows")
        q_rows = add("Slice", [q_shape, const("0", [0]), const("1", [1])], n + "q_rows")
        shared = add("Div", [q_rows, k_rows], n + "shared")
        rest = add("Slice", [q_shape, const("1", [1]), const("4", [4])], n + "q_rest")
        # (rows*r, heads, t, d) -> (rows, r, heads, t, d) -> (rows, heads, r, t, d)
        split_shape = add("Concat", [const("-1", [-1]), shared, rest], n + "split_shape", axis=0)
        split = add("Reshape", [query, split_shape], n + "q_split")
        moved = add("Transpose", [split], n + "q_moved", perm=[0, 2, 1, 3, 4])
        head_size = add("Slice", [q_shape, const("3", [3]), const("4", [4])], n + "d")
        stacked_shape = add(
            "Concat", [const("00-1", [0, 0, -1]), head_size], n + "stacked_shape", axis=0
        )
        scores.input[0] = add("Reshape", [moved, stacked_shape], n + "q_stacked")
        if plan["mask"] is not None:
            first_row = add(
                "Slice",
                [plan["mask"], const("0", [0]), const("1", [1]), const("2", [2])],
                n + "mask_row",
            )
            masked = plan["masked"]
            masked.input[list(masked.input).index(plan["mask"])] = first_row
        # The weighted values back: (rows, heads, r*t, d) -> (rows*r, heads, t, d).
        out = weighted.output[0]
        weighted.output[0] = n + "weighted"
        g.producer[weighted.output[0]] = weighted
        five = add(
            "Concat",
            [const("00", [0, 0]), shared, const("-1", [-1]), head_size],
            n + "o_shape",
            axis=0,
        )
        unstacked = add("Reshape", [weighted.output[0], five], n + "o_split")
        back = add("Transpose", [unstacked], n + "o_moved", perm=[0, 2, 1, 3, 4])
        add("Reshape", [back, q_shape], out)
    ordered = _topological(graph)
    del graph.node[:]
    graph.node.extend(ordered)
    return len(plans)
