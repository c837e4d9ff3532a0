"""Fuse the rotary position embedding of an exported decoder into ONNX Runtime's
``RotaryEmbedding`` (a contrib op of the CPU provider), one node per query and key.

transformers' ``apply_rotary_pos_emb`` exports, for each of a layer's query and key ``x``
(batch, heads, sequence, head size), as

    Add(Mul(x, Unsqueeze(cos, 1)),
        Mul(Concat(Neg(Slice(x, h, end)), Slice(x, 0, h)), Unsqueeze(sin, 1)))

with ``h`` half the head size (computed from ``Shape(x)`` at every run) and ``cos``,
``sin`` (batch, sequence, head size) computed once per run from the positions as
``Cos(Concat(f, f))`` and ``Sin(Concat(f, f))``: both halves the same. That is eleven nodes per
query and key, 528 per decoding step of a 24-layer model, each a few microseconds of ONNX
Runtime's bookkeeping around almost no arithmetic: a tenth of a 0.5B model's decoding step
at batch 1, where onnxruntime-genai's graphs do the rotation inside their attention node.

The fused node reads the same ``cos`` and ``sin`` the graph computed (their first halves,
flattened to (batch x sequence, h), one row per token, and position ids 0, 1, ... over them;
their own width, so a partial rotary, which turns only the first part of each head, is fused
over that part),
so left padding and any scaling of the positions stay exactly as exported; the kernel
computes ``x1 cos - x2 sin`` and ``x2 cos + x1 sin``, the graph's products and sums (a fused
multiply-add may round the last bit differently). A match is checked in full (the slices are
the two halves of the last axis, the halves of ``cos``/``sin`` are one tensor concatenated with
itself); anything else is left as it was.
"""

from __future__ import annotations

from typing import Any

from engine.runtime.fuse_attention import _MS, _Graph, _int_const
from engine.runtime.rewrite import _node

_PREFIX = "/quire_rotary/"
_LAST_AXIS = (-1, 3)
_PASS_THROUGH = frozenset({"Cast", "Identity"})
# A slice end at least this large runs to the end of its axis (the export writes INT64_MAX).
_WHOLE = 2**31 - 1


def _single_int(g: _Graph, name: str) -> int | None:
    value = g.int_constant(name)
    if value is None or value.size != 1:
        return None
    return int(value.reshape(-1)[0])


def _is_half_of_last_dim(g: _Graph, name: str, x: str) -> bool:
    """Whether tensor ``name`` is ``Shape(x)[-1] / 2`` computed (through ``Cast``s and an
    ``Unsqueeze``, as the export writes ``x.shape[-1] // 2``). A constant half is not taken:
    nothing here could prove it is half of ``x``'s width, which the fused node uses."""
    node = g.producer.get(name)
    while node is not None and (node.op_type in _PASS_THROUGH or node.op_type == "Unsqueeze"):
        node = g.producer.get(node.input[0])
    if node is None or node.op_type != "Div" or _single_int(g, node.input[1]) != 2:
        return False
    gather = g.producer.get(node.input[0])
    while gather is not None and gather.op_type in _PASS_THROUGH:
        gather = g.producer.get(gather.input[0])
    if gather is None or gather.op_type != "Gather":
        return False
    if any(a.name == "axis" and a.i != 0 for a in gather.attribute):
        return False
    shape = g.producer.get(gather.input[0])
    return (
        shape is not None
        and shape.op_type == "Shape"
        and not shape.attribute
        and shape.input[0] == x
        and _single_int(g, gather.input[1]) in _LAST_AXIS
    )


def _slice(g: _Graph, name: str) -> tuple[str, str, str] | None:
    """(data, starts, ends) of a ``Slice`` on the last axis with step 1."""
    node = g.producer.get(name)
    if node is None or node.op_type != "Slice" or len(node.input) < 4:
        return None
    if _single_int(g, node.input[3]) not in _LAST_AXIS:
        return None
    if len(node.input) > 4 and node.input[4] and _single_int(g, node.input[4]) != 1:
        return None
    return str(node.input[0]), str(node.input[1]), str(node.input[2])


def _unsqueezed(g: _Graph, name: str) -> str | None:
    """``t`` for ``name`` = ``Unsqueeze(t, [1])`` (the heads' axis)."""
    node = g.producer.get(name)
    if node is None or node.op_type != "Unsqueeze":
        return None
    if len(node.input) > 1:
        axes = g.int_constant(node.input[1])
    else:  # opset < 13: axes as an attribute
        axes = next((list(a.ints) for a in node.attribute if a.name == "axes"), None)
    if axes is None or [int(a) for a in list(getattr(axes, "flat", axes))] != [1]:
        return None
    return str(node.input[0])


def _halves_alike(g: _Graph, name: str, op: str) -> str | None:
    """The ``Concat(f, f)`` under ``name`` = [scalar ``Mul``s, ``Cast``s of] ``op(Concat(f, f))``
    (``op``: Cos or Sin): its name, proof that both halves of ``name`` are equal."""
    node = g.producer.get(name)
    while node is not None and node.op_type != op:
        if node.op_type in _PASS_THROUGH:
            node = g.producer.get(node.input[0])
        elif node.op_type == "Mul":
            scalars = [g.constant(i) for i in node.input]
            if scalars[1] is not None and scalars[1].size == 1:
                node = g.producer.get(node.input[0])
            elif scalars[0] is not None and scalars[0].size == 1:
                node = g.producer.get(node.input[1])
            else:
                return None
        else:
            return None
    if node is None:
        return None
    concat = g.producer.get(node.input[0])
    if concat is None or concat.op_type != "Concat" or len(concat.input) != 2:
        return None
    axis = next((a.i for a in concat.attribute if a.name == "axis"), None)
    if axis not in (-1, 2) or concat.input[0] != concat.input[1]:
        return None
    return str(concat.output[0])


def _match(g: _Graph, add: Any) -> tuple[str, str, str] | None:
    """(x, cos, sin) when ``add`` is the rotation of ``x`` by ``cos``/``sin``, else None."""
    if add.op_type != "Add" or len(add.input) != 2:
        return None
    first, second = (g.producer.get(i) for i in add.input)
    if first is None or second is None or {first.op_type, second.op_type} != {"Mul"}:
        return None
    for direct, rotated in ((first, second), (second, first)):
        for x, cos_u in (direct.input, direct.input[::-1]):
            for concat_name, sin_u in (rotated.input, rotated.input[::-1]):
                concat = g.producer.get(concat_name)
                if concat is None or concat.op_type != "Concat" or len(concat.input) != 2:
                    continue
                if next((a.i for a in concat.attribute if a.name == "axis"), None) not in (
                    _LAST_AXIS
                ):
                    continue
                neg = g.producer.get(concat.input[0])
                if neg is None or neg.op_type != "Neg":
                    continue
                upper, lower = _slice(g, neg.input[0]), _slice(g, concat.input[1])
                if upper is None or lower is None or upper[0] != x or lower[0] != x:
                    continue
                if _single_int(g, lower[1]) != 0:
                    continue
                if not _is_half_of_last_dim(g, lower[2], x):
                    continue
                if not _is_half_of_last_dim(g, upper[1], x):
                    continue
                end = _single_int(g, upper[2])
                if end is None or end < _WHOLE:  # to the end of the axis, whatever its width
                    continue
                cos, sin = _unsqueezed(g, cos_u), _unsqueezed(g, sin_u)
                if cos is None or sin is None:
                    continue
                source = _halves_alike(g, cos, "Cos")
                if source is None or source != _halves_alike(g, sin, "Sin"):
                    continue
                return str(x), cos, sin
    return None


def fuse_rotary(pb: Any, graph: Any) -> int:
    """Replace, in ``graph``, every rotary embedding of the exported pattern (see above) by
    one ``RotaryEmbedding`` node with the same output. Returns how many were replaced; the
    replaced nodes stay in the graph for the caller's pruning."""
    g = _Graph(pb, graph)
    matches = [(node, m) for node in graph.node if (m := _match(g, node)) is not None]
    caches: dict[tuple[str, str], tuple[str, str, str]] = {}

    def add(op: str, inputs: list[str], output: str, **ints: int) -> str:
        graph.node.append(_node(pb, op, inputs, [output], name=output, **ints))
        return output

    def const(name: str, values: list[int] | int) -> str:
        return _int_const(pb, g, "rotary_" + name, values)

    def shared(x: str, cos: str, sin: str) -> tuple[str, str, str]:
        """The positions and the flattened half tables for ``cos``/``sin``, made once."""
        tag = f"{_PREFIX}{len(caches)}/"
        zero, one, two = const("zero", [0]), const("one", [1]), const("two", [2])
        # cos and sin may have one row for the whole batch (broadcast by the Mul): as many
        # rows as x has, so that each (row, token) has its own.
        x_rows = add("Slice", [add("Shape", [x], tag + "x_shape"), zero, one], tag + "x_rows")
        wide = add("Concat", [x_rows, one, one], tag + "wide", axis=0)
        rows_cos = add("Expand", [cos, wide], tag + "cos_rows")
        rows_sin = add("Expand", [sin, wide], tag + "sin_rows")
        # The tables' half is their own (the rotated width: all of a head, or the part a
        # partial rotary turns), taken from cos's shape.
        shape = add("Shape", [rows_cos], tag + "shape")
        width = add("Slice", [shape, two, const("three", [3])], tag + "width")
        half_width = add("Div", [width, two], tag + "half_width")
        flat = add("Concat", [const("minus_one", [-1]), half_width], tag + "flat", axis=0)
        tables = [
            add(
                "Reshape",
                [
                    add(
                        "Slice",
                        [t, zero, half_width, const("last", [-1])],
                        f"{tag}{kind}_half",
                    ),
                    flat,
                ],
                tag + kind,
            )
            for t, kind in ((rows_cos, "cos"), (rows_sin, "sin"))
        ]
        # One position per (row, token): the rows of the flattened tables, in order.
        rows = add("Slice", [shape, zero, two], tag + "rows")
        count = add("ReduceProd", [rows], tag + "count", keepdims=0)
        ranged = add("Range", [const("start", 0), count, const("step", 1)], tag + "range")
        positions = add("Reshape", [ranged, rows], tag + "positions")
        return positions, tables[0], tables[1]

    for node, (x, cos, sin) in matches:
        if (cos, sin) not in caches:
            caches[(cos, sin)] = shared(x, cos, sin)
        positions, cos_table, sin_table = caches[(cos, sin)]
        fused = _node(
            pb,
            "RotaryEmbedding",
            [x, positions, cos_table, sin_table],
            list(node.output),
            domain=_MS,
            name=f"{_PREFIX}{node.output[0]}",
            interleaved=0,
        )
        graph.node.remove(node)
        graph.node.append(fused)
    return len(matches)
