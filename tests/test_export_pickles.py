"""Exporting never reads a pickle: transformers loads model.safetensors, and where it is not
there falls back to pytorch_model.bin, which it would unpickle. A checkpoint without it is
refused, and the exporter reads a view of the folder that has no pickle in it."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from engine.errors import ExportError
from engine.store.export import export_model, without_pickles


class _Marker:
    """Unpickled, it leaves a file behind: proof that someone loaded the pickle."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (Path.touch, (str(self.path),))


def _checkpoint(folder: Path, weights: str, marker: Path) -> Path:
    folder.mkdir()
    (folder / "config.json").write_text('{"model_type": "bert", "architectures": ["BertModel"]}')
    (folder / "tokenizer.json").write_text("{}")
    (folder / weights).write_bytes(b"not read")
    (folder / "pytorch_model.bin").write_bytes(pickle.dumps(_Marker(marker)))
    return folder


def test_weights_only_beside_a_pickle_are_refused(tmp_path: Path) -> None:
    marker = tmp_path / "unpickled"
    src = _checkpoint(tmp_path / "ck", "other.safetensors", marker)
    with pytest.raises(ExportError) as caught:
        export_model(src, tmp_path / "out")
    assert "model.safetensors" in caught.value.message and caught.value.path == src
    assert not marker.exists() and not (tmp_path / "out").exists()


def test_the_exporter_reads_a_view_without_the_pickles(tmp_path: Path) -> None:
    src = _checkpoint(tmp_path / "ck", "model.safetensors", tmp_path / "unpickled")
    (src / "extra.pt").write_bytes(b"pickle")
    (src / "weights.dat").write_bytes(b"a pickle under another name")
    (src / "1_Pooling").mkdir()
    work = tmp_path / "work"
    work.mkdir()
    view = without_pickles(src, work)
    assert sorted(p.name for p in view.iterdir()) == [
        "config.json",
        "model.safetensors",
        "tokenizer.json",
    ]
    assert (view / "model.safetensors").read_bytes() == b"not read"
    assert sorted(p.name for p in src.iterdir()) == [  # the checkpoint itself is untouched
        "1_Pooling",
        "config.json",
        "extra.pt",
        "model.safetensors",
        "pytorch_model.bin",
        "tokenizer.json",
        "weights.dat",
    ]


def test_a_weight_index_naming_other_files_is_refused(tmp_path: Path) -> None:
    marker = tmp_path / "unpickled"
    src = _checkpoint(tmp_path / "ck", "weights.dat", marker)
    index = src / "model.safetensors.index.json"
    index.write_text('{"weight_map": {"embeddings.weight": "weights.dat"}}')
    with pytest.raises(ExportError) as caught:
        export_model(src, tmp_path / "out")
    assert caught.value.path == index and "not safetensors" in caught.value.message
    assert not marker.exists()
