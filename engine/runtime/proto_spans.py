"""Reading an ONNX file's protobuf wire format directly, without ``onnx`` or loading the
weights: the fields of a message by their place in the file (``fields``), and where each
initializer's bytes lie (``raw_data_spans``).

``engine.runtime.external_data`` walks the same format for the external-data locations a file
names. ``raw_data_spans`` serves the load-time rewrite: a rewritten model's embedding tables
(``engine.runtime.rewrite.externalize_lookups``) are the very bytes of an initializer of the
downloaded file; knowing their place, the table is memory-mapped from that file instead of
being saved a second time in the cache (136 MB for a 0.5B language model's table).
"""

from __future__ import annotations

import mmap

_MODEL_GRAPH = 7
_GRAPH_INITIALIZER = 5
_TENSOR_NAME = 8
_TENSOR_RAW_DATA = 9


class Malformed(Exception):
    """The bytes are not a protobuf message of the expected shape."""


def varint(buf: memoryview, pos: int, end: int) -> tuple[int, int]:
    """The varint at ``buf[pos]`` and the position after it."""
    result = shift = 0
    while True:
        if pos >= end or shift > 63:
            raise Malformed("truncated varint")
        byte = buf[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, pos
        shift += 7


def fields(buf: memoryview, start: int, end: int) -> list[tuple[int, int, int]]:
    """(field number, start, end) of each length-delimited field of the message in
    ``buf[start:end]``; the others are skipped."""
    out: list[tuple[int, int, int]] = []
    pos = start
    while pos < end:
        key, pos = varint(buf, pos, end)
        number, wire = key >> 3, key & 7
        if wire == 0:
            _, pos = varint(buf, pos, end)
        elif wire == 1:
            pos += 8
        elif wire == 5:
            pos += 4
        elif wire == 2:
            length, pos = varint(buf, pos, end)
            if pos + length > end:
                raise Malformed("field runs past its message")
            out.append((number, pos, pos + length))
            pos += length
        else:
            raise Malformed(f"unsupported wire type {wire}")
    if pos != end:
        raise Malformed("message ends mid-field")
    return out


def _tensor_span(buf: memoryview, start: int, end: int) -> tuple[str, int, int] | None:
    name: str | None = None
    raw: tuple[int, int] | None = None
    for number, begin, after in fields(buf, start, end):
        if number == _TENSOR_NAME:
            name = bytes(buf[begin:after]).decode("utf-8", errors="strict")
        elif number == _TENSOR_RAW_DATA:
            raw = (begin, after - begin)  # a repeated bytes field: the last one counts
    if name is None or raw is None:
        return None
    return name, raw[0], raw[1]


def raw_data_spans(path: str) -> dict[str, tuple[int, int]]:
    """{initializer name: (offset, length)} of the ``raw_data`` of each initializer of the top
    graph of the ONNX file at ``path``; empty when the file cannot be read this way (the
    caller then does without)."""
    try:
        with open(path, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
            buf = memoryview(mm)
            try:
                spans: dict[str, tuple[int, int]] = {}
                for number, start, end in fields(buf, 0, len(buf)):
                    if number != _MODEL_GRAPH:
                        continue
                    for field, begin, after in fields(buf, start, end):
                        if field == _GRAPH_INITIALIZER:
                            found = _tensor_span(buf, begin, after)
                            if found is not None:
                                spans[found[0]] = (found[1], found[2])
                return spans
            finally:
                buf.release()
    except (OSError, ValueError, Malformed):  # ValueError: an empty file, a bad name
        return {}
