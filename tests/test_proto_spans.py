"""``engine.runtime.proto_spans``: the place of each initializer's bytes in an ONNX file."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from engine.runtime.proto_spans import raw_data_spans
from tests.test_downloaded_layout import downloaded


def _check(path: Path) -> int:
    model = onnx.load(str(path), load_external_data=False)
    data = path.read_bytes()
    spans = raw_data_spans(str(path))
    raw = [t for t in model.graph.initializer if t.HasField("raw_data")]
    assert set(spans) == {t.name for t in raw}
    for tensor in raw:
        offset, length = spans[tensor.name]
        assert data[offset : offset + length] == tensor.raw_data
    return len(raw)


def test_every_initializer_of_the_downloaded_files_is_found_byte_for_byte() -> None:
    files = downloaded().onnx["int8"].files.values()
    assert sum(_check(path) for path in files) > 10


def test_names_other_fields_and_typed_values_are_read_right(tmp_path: Path) -> None:
    """Initializers before and after nodes, one with typed values (no raw bytes: absent), a
    non-ASCII name, and a tensor made field by field."""
    a = numpy_helper.from_array(np.arange(300, dtype=np.float32).reshape(3, 100), "größe")
    b = helper.make_tensor("typed", TensorProto.INT64, [2], [7, 8])  # int64_data, not raw
    c = TensorProto(dims=[4], data_type=TensorProto.UINT8, raw_data=bytes(range(4)))
    c.name = "late"
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [3, 100])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [3, 100])
    graph = helper.make_graph([helper.make_node("Add", ["x", "größe"], ["y"])], "g", [x], [y])
    graph.initializer.extend([a, b, c])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    path = tmp_path / "m.onnx"
    path.write_bytes(model.SerializeToString())
    assert _check(path) == 2
    assert "typed" not in raw_data_spans(str(path))


def test_a_damaged_or_empty_file_gives_no_spans(tmp_path: Path) -> None:
    path = next(iter(downloaded().onnx["int8"].files.values()))
    cut = tmp_path / "cut.onnx"
    data = path.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    assert raw_data_spans(str(cut)) == {}
    empty = tmp_path / "empty.onnx"
    empty.write_bytes(b"")
    assert raw_data_spans(str(empty)) == {}
    assert raw_data_spans(str(tmp_path / "missing.onnx")) == {}
