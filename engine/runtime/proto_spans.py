"""Where each initializer's bytes lie inside an ONNX file, read from the protobuf wire format.

A rewritten model's embedding tables (``engine.runtime.rewrite.externalize_lookups``) are the
very bytes of an initializer of the downloaded file. Knowing their place, the table is
memory-mapped from that file instead of being saved a second time in the cache (136 MB for a
0.5B language model's table, 1 s of its first load on a slow disk).

Only what is needed is decoded: ``ModelProto.graph`` (field 7), its ``initializer``s
(``GraphProto`` field 5), and in each ``TensorProto`` its ``name`` (8) and ``raw_data`` (9);
every other field is skipped by its length. Anything unexpected gives no spans, never an
error: the caller then saves the table as before.
"""

from __future__ import annotations

import mmap
from collections.abc import Iterator

_MODEL_GRAPH = 7
_GRAPH_INITIALIZER = 5
_TENSOR_NAME = 8
_TENSOR_RAW_DATA = 9

_VARINT, _FIXED64, _BYTES, _FIXED32 = 0, 1, 2, 5


class _Malformed(Exception):
    pass


def _varint(buf: mmap.mmap | bytes, pos: int, end: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        if pos >= end or shift > 63:
            raise _Malformed
        byte = buf[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, pos
        shift += 7


def _fields(buf: mmap.mmap | bytes, start: int, end: int) -> Iterator[tuple[int, int, int, int]]:
    """(field number, wire type, start, end) of each field of the message in ``buf[start:end]``;
    for a varint or fixed field, start and end span its encoded value."""
    pos = start
    while pos < end:
        key, pos = _varint(buf, pos, end)
        number, kind = key >> 3, key & 7
        if kind == _VARINT:
            _, after = _varint(buf, pos, end)
        elif kind == _FIXED64:
            after = pos + 8
        elif kind == _FIXED32:
            after = pos + 4
        elif kind == _BYTES:
            length, pos = _varint(buf, pos, end)
            after = pos + length
        else:  # groups: not in ONNX's messages
            raise _Malformed
        if after > end:
            raise _Malformed
        yield number, kind, pos, after
        pos = after


def _tensor_span(buf: mmap.mmap | bytes, start: int, end: int) -> tuple[str, int, int] | None:
    name: str | None = None
    raw: tuple[int, int] | None = None
    for number, kind, begin, after in _fields(buf, start, end):
        if kind != _BYTES:
            continue
        if number == _TENSOR_NAME:
            name = bytes(buf[begin:after]).decode("utf-8", errors="strict")
        elif number == _TENSOR_RAW_DATA:
            raw = (begin, after - begin)  # a repeated bytes field: the last one counts
    if name is None or raw is None:
        return None
    return name, raw[0], raw[1]


def raw_data_spans(path: str) -> dict[str, tuple[int, int]]:
    """{initializer name: (offset, length)} of the ``raw_data`` of each initializer of the top
    graph of the ONNX file at ``path``; empty when the file cannot be read this way."""
    try:
        with open(path, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as buf:
            spans: dict[str, tuple[int, int]] = {}
            for number, kind, start, end in _fields(buf, 0, len(buf)):
                if number != _MODEL_GRAPH or kind != _BYTES:
                    continue
                for field, sort, begin, after in _fields(buf, start, end):
                    if field == _GRAPH_INITIALIZER and sort == _BYTES:
                        found = _tensor_span(buf, begin, after)
                        if found is not None:
                            spans[found[0]] = (found[1], found[2])
            return spans
    except (OSError, ValueError, _Malformed):  # ValueError: an empty file, a bad name
        return {}
