"""Drop the layout round trips around a decoder's fused attention (after
``engine.runtime.fuse_attention`` and ``engine.runtime.fuse_rotary``).

An exported layer computes its query, keys and values as (batch, sequence, heads x head size),
reshapes each to (batch, sequence, heads, head size) and transposes it to (batch, heads,
sequence, head size), where the query and keys are turned by the rotary embedding.
``GroupQueryAttention`` wants (batch, sequence, heads x head size), so the fusion transposes
them back and flattens them; its output is split into heads and transposed for the old graph,
which transposes it back again and flattens it for the output projection. ONNX Runtime
cancels facing Transposes, but not across the rotary node between them: two copies per query
and key and a few Reshapes per layer, about 215 of the 936 nodes of a decoding step of
Qwen2.5-0.5B's 24 layers.

``RotaryEmbedding`` also reads (batch, sequence, heads x head size): it turns each head (twice
its tables' width) of each token by that token's position, the same arithmetic on the same
numbers as on the transposed tensor. So here

* a query or key ``Reshape([0, 0, -1])(Transpose(RotaryEmbedding(Transpose(r))))`` becomes
  ``RotaryEmbedding(Reshape([0, 0, -1])(r))``, and values ``Reshape([0, 0, -1])(Transpose(
  Transpose(r)))`` become ``Reshape([0, 0, -1])(r)``, where ``r`` is (batch, sequence, heads,
  head size) (any 4-D tensor the first Transpose read);
* ``Reshape([0, 0, -1])(Reshape(p, [e0, e1, c2, c3]))`` with single entries e0, e1 (sizes
  read from a shape, or constants, never negative) and constants c2, c3 (the exported split
  into heads) becomes ``Reshape(p, [e0, e1, c2 x c3])`` (-1 when c2 or c3 is);
* the attention's output, split into heads, transposed twice and flattened by
  ``Reshape(s)``, goes to that ``Reshape(s)`` directly when ``s`` is (e0, e1, c) with single
  entries and a constant c other than 0 (a 0 would copy a dimension that differs).

Each rewrite checks its whole chain and that nothing else reads the tensors it removes (a
``Shape`` read for the batch size only is moved to the flattened tensor, which has the same
first dimension); only rotary nodes ``fuse_rotary`` made (their tables as wide as half a head)
are taken; anything else stays as it was.
"""

from __future__ import annotations

from typing import Any

from engine.runtime.fuse_attention import _MS, _Graph, _int_const
from engine.runtime.fuse_rotary import _PREFIX as ROTARY_PREFIX
from engine.runtime.fuse_rotary import _single_int
from engine.runtime.rewrite import _node

_SWAP = [0, 2, 1, 3]  # (batch, sequence, heads, head) <-> (batch, heads, sequence, head)
_PREFIX = "/quire_layout/"
_ROTARY_ATTRIBUTES = {"interleaved": 0}


def _attributes(node: Any) -> dict[str, Any]:
    """A node's integer and integer-list attributes by name; any other kind reads as a value
    no comparison here accepts."""
    out: dict[str, Any] = {}
    for a in node.attribute:
        if a.ints:
            out[a.name] = list(a.ints)
        elif a.type == a.INT:
            out[a.name] = a.i
        else:
            out[a.name] = object()
    return out


def _is_swap(node: Any) -> bool:
    return (
        node is not None
        and node.op_type == "Transpose"
        and not node.domain
        and _attributes(node) == {"perm": _SWAP}
    )


def _is_reshape(node: Any) -> bool:
    return (
        node is not None
        and node.op_type == "Reshape"
        and not node.domain
        and len(node.input) == 2
        and not _attributes(node).get("allowzero", 0)
    )


def _flattens(g: _Graph, node: Any) -> bool:
    """Whether ``node`` is ``Reshape(x, [0, 0, -1])``."""
    if not _is_reshape(node):
        return False
    shape = g.int_constant(node.input[1])
    return shape is not None and shape.reshape(-1).tolist() == [0, 0, -1]


def _single(g: _Graph, name: str) -> bool:
    """Whether tensor ``name`` holds exactly one value, never negative: a constant of one
    element, or the export's ``Unsqueeze(Gather(Shape(t), i), [0])`` (a dimension of t)."""
    value = g.int_constant(name)
    if value is not None:
        return int(value.size) == 1 and int(value.reshape(-1)[0]) >= 0
    node = g.producer.get(name)
    if node is None or node.op_type != "Unsqueeze" or node.domain:
        return False
    axes = g.int_constant(node.input[1]) if len(node.input) > 1 else None
    if axes is None:
        axes_attr = _attributes(node).get("axes")
        if axes_attr is None:
            return False
        axes_list = list(axes_attr) if isinstance(axes_attr, list) else [axes_attr]
    else:
        axes_list = axes.reshape(-1).tolist()
    if axes_list != [0]:
        return False
    gather = g.producer.get(node.input[0])
    if gather is None or gather.op_type != "Gather" or gather.domain:
        return False
    if _attributes(gather).get("axis", 0) != 0:
        return False
    shape = g.producer.get(gather.input[0])
    if shape is None or shape.op_type != "Shape" or shape.domain:
        return False
    index = g.int_constant(gather.input[1])
    return index is not None and index.ndim == 0


def _size_constant(g: _Graph, name: str) -> int | None:
    """The value of a one-element constant that is a size (positive) or -1, else None."""
    size = _single_int(g, name)
    return size if size is not None and (size > 0 or size == -1) else None


def _split_shape(g: _Graph, name: str) -> tuple[str, str, int] | None:
    """(e0, e1, last) when tensor ``name`` is ``Concat(e0, e1, c2, c3)`` with single entries
    e0, e1 that are never negative and constants c2, c3, sizes or one of them -1 (the
    export's split of a projection into heads): ``Reshape([e0, e1, last])`` merges the heads
    again, ``last`` c2 x c3, or -1 when one of them is."""
    node = g.producer.get(name)
    if node is None or node.op_type != "Concat" or node.domain or len(node.input) != 4:
        return None
    if _attributes(node).get("axis") != 0:
        return None
    e0, e1, c2, c3 = node.input
    if not (_single(g, e0) and _single(g, e1)):
        return None
    sizes = [_size_constant(g, c2), _size_constant(g, c3)]
    if None in sizes or sizes == [-1, -1]:
        return None
    a, b = (int(x) for x in sizes if x is not None)
    return str(e0), str(e1), (a * b if a > 0 and b > 0 else -1)


def _nonzero_constant(g: _Graph, name: str) -> bool:
    return _single_int(g, name) not in (None, 0)


def _merges_heads(g: _Graph, name: str) -> bool:
    """Whether shape tensor ``name`` is (e0, e1, c): single entries and a constant c other
    than 0, as a constant or as ``Concat(e0, e1, c)``."""
    value = g.int_constant(name)
    if value is not None:
        flat = value.reshape(-1).tolist()
        return len(flat) == 3 and flat[2] != 0
    node = g.producer.get(name)
    if node is None or node.op_type != "Concat" or node.domain or len(node.input) != 3:
        return False
    if _attributes(node).get("axis") != 0:
        return False
    e0, e1, c = node.input
    return _single(g, e0) and _single(g, e1) and _nonzero_constant(g, c)


def _batch_only_shapes(g: _Graph, name: str, reader: Any) -> list[Any] | None:
    """The readers of ``name`` other than ``reader``, when each is a ``Shape`` whose value is
    only sliced to its first entry (the batch size); else None."""
    found = []
    for user in g.consumers.get(name, []):
        if user is reader:
            continue
        if user.op_type != "Shape" or user.domain or user.attribute:
            return None
        for use in g.consumers.get(user.output[0], []):
            if use.op_type != "Slice" or use.domain or use.input[0] != user.output[0]:
                return None
            if len(use.input) < 3:  # opset < 10: bounds as attributes
                return None
            bounds = [g.int_constant(i) if i else None for i in use.input[1:]]
            starts, ends = bounds[0], bounds[1]
            axes = bounds[2] if len(bounds) > 2 and use.input[3] else None
            steps = bounds[3] if len(bounds) > 3 and use.input[4] else None
            if starts is None or ends is None:
                return None
            if starts.reshape(-1).tolist() != [0] or ends.reshape(-1).tolist() != [1]:
                return None
            if len(use.input) > 3 and use.input[3] and (axes is None or axes.tolist() != [0]):
                return None
            if len(use.input) > 4 and use.input[4] and (steps is None or steps.tolist() != [1]):
                return None
        if user.output[0] in g.outputs:
            return None
        found.append(user)
    if name in g.outputs:
        return None
    return found


def flatten_layouts(pb: Any, graph: Any) -> int:
    """Rewrite, in ``graph``, the layout round trips around every ``GroupQueryAttention``
    (see above). Returns how many chains were rewritten; the nodes they no longer need stay
    in the graph for the caller's pruning."""
    g = _Graph(pb, graph)
    attentions = [n for n in graph.node if n.op_type == "GroupQueryAttention" and n.domain == _MS]
    added: list[Any] = []
    merged: dict[tuple[str, str, int], str] = {}
    done = 0

    def node(op: str, inputs: list[str], output: str, **attrs: Any) -> None:
        added.append(_node(pb, op, inputs, [output], **{"name": output, **attrs}))

    def flattened(r: str, output: str) -> None:
        """``output`` = Reshape(r, [0, 0, -1]), reading the projection under r directly when
        r is the export's split into heads."""
        split: Any = g.producer.get(r)
        if _is_reshape(split) and g.read_once(r):
            entries = _split_shape(g, split.input[1])
            if entries is not None:
                if entries not in merged:
                    merged[entries] = f"{_PREFIX}{len(merged)}/bsd"
                    last = _int_const(pb, g, f"layout_last_{entries[2]}", [entries[2]])
                    node("Concat", [entries[0], entries[1], last], merged[entries], axis=0)
                node("Reshape", [split.input[0], merged[entries]], output)
                return
        node("Reshape", [r, _int_const(pb, g, "bshd", [0, 0, -1])], output)

    for attention in attentions:
        for k in range(3):
            name = attention.input[k]
            flat: Any = g.producer.get(name)
            if not g.read_once(name) or not _flattens(g, flat):
                continue
            back: Any = g.producer.get(flat.input[0])
            if not _is_swap(back) or not g.read_once(back.output[0]):
                continue
            inner: Any = g.producer.get(back.input[0])
            if not g.read_once(back.input[0]):
                continue
            if _is_swap(inner):  # values: Transpose(Transpose(r))
                flattened(inner.input[0], name)
                done += 1
                continue
            if (
                inner is None
                or inner.op_type != "RotaryEmbedding"
                or inner.domain != _MS
                or not inner.name.startswith(ROTARY_PREFIX)  # its tables' width proven
                or len(inner.input) != 4
                or _attributes(inner) != _ROTARY_ATTRIBUTES
            ):
                continue
            forth: Any = g.producer.get(inner.input[0])
            if not _is_swap(forth):
                continue
            shapes = _batch_only_shapes(g, forth.output[0], inner)
            if shapes is None:
                continue
            rows = f"{_PREFIX}{name}/rows"
            flattened(str(forth.input[0]), rows)
            for shape in shapes:  # the same batch size as Transpose(r)'s
                shape.input[0] = rows
            node(
                "RotaryEmbedding",
                [rows, *inner.input[1:]],
                name,
                domain=_MS,
                name=f"{_PREFIX}{name}/RotaryEmbedding",
                interleaved=0,
            )
            done += 1
        # The output: split into heads, transposed there and back, flattened by the old graph.
        out = attention.output[0]
        users = g.consumers.get(out, [])
        if len(users) != 1 or out in g.outputs or not _is_reshape(users[0]):
            continue
        split_out = users[0]
        # fuse_attention's own split into heads: [0, 0, heads, head size].
        split = g.int_constant(split_out.input[1])
        if split is None or split.size != 4 or split.reshape(-1)[:2].tolist() != [0, 0]:
            continue
        if any(int(v) <= 0 for v in split.reshape(-1)[2:]):
            continue
        there = g.consumers.get(split_out.output[0], [])
        if len(there) != 1 or not _is_swap(there[0]) or not g.read_once(split_out.output[0]):
            continue
        back_users = g.consumers.get(there[0].output[0], [])
        if (
            len(back_users) != 1
            or not _is_swap(back_users[0])
            or not g.read_once(there[0].output[0])
        ):
            continue
        final = g.consumers.get(back_users[0].output[0], [])
        if (
            not final
            or back_users[0].output[0] in g.outputs
            or not all(_is_reshape(u) and _merges_heads(g, u.input[1]) for u in final)
        ):
            continue
        for user in final:
            user.input[0] = out
        done += 1
    # Replaced nodes are removed: their outputs now come from the added ones.
    replaced = {o for n in added for o in n.output}
    kept = [n for n in graph.node if not replaced.intersection(n.output)]
    del graph.node[:]
    graph.node.extend(kept + added)
    return done
