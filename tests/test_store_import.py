"""Imports of folders and archives: hostile ones refused with nothing executed or written outside
the store; pickles and code skipped; manifests, verify, and stale staging folders."""

from __future__ import annotations

import errno
import hashlib
import io
import json
import os
import pickle
import shutil
import stat
import tarfile
import time
import warnings
import zipfile
from pathlib import Path
from typing import Any

import pytest

from engine import Engine, EngineOptions, StoreError
from engine.cli.main import main
from engine.errors import ModelInvalid
from engine.runtime.external_data import check_external_data
from engine.runtime.manifest import load_model_folder
from engine.store.local import MANIFEST, ModelStore, read_manifest
from tests.fixtures.builder import exported
from tests.test_manifest import make_folder

ENCODER = {"model_type": "bert", "architectures": ["BertModel"]}


@pytest.fixture
def engine(quire_home: Path) -> Engine:
    return Engine(EngineOptions(home=quire_home, device="cpu"))


def store_entries(home: Path) -> list[str]:
    """Everything in the store folder, staging folders included."""
    root = home / "models"
    return sorted(p.name for p in root.iterdir()) if root.is_dir() else []


def model_folder(tmp_path: Path) -> Path:
    return make_folder(tmp_path / "good", config=ENCODER, onnx=("onnx/model.onnx",))


def zip_of(path: Path, members: dict[str, bytes], links: dict[str, str] | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
        for name, target in (links or {}).items():
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            zf.writestr(info, target)
    return path


def folder_members(folder: Path, prefix: str = "") -> dict[str, bytes]:
    return {
        prefix + p.relative_to(folder).as_posix(): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file()
    }


def tar_of(path: Path, members: dict[str, bytes], extra: list[tarfile.TarInfo] = ()) -> Path:  # type: ignore[assignment]
    with tarfile.open(path, "w:gz") as tf:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
        for info in extra:
            tf.addfile(info)
    return path


class _Sentinel:
    """Unpickling this touches a file: proof that nothing unpickled it."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (open, (str(self.path), "w"))


# ----------------------------------------------------------------------------- refused


@pytest.mark.parametrize(
    "evil",
    [
        "../evil.txt",
        "model/../../evil.txt",
        "/tmp/quire-abs-evil.txt",
        "C:/evil.txt",
        "..\\evil.txt",
    ],
)
def test_zip_slip_is_refused(engine: Engine, quire_home: Path, tmp_path: Path, evil: str) -> None:
    members = folder_members(model_folder(tmp_path), "model/")
    members[evil] = b"owned"
    archive = zip_of(tmp_path / "m.zip", members)
    with pytest.raises(StoreError, match=r"absolute path|climbs out"):
        engine.import_model(archive)
    assert not (quire_home / "evil.txt").exists() and not (tmp_path / "evil.txt").exists()
    assert not Path("/tmp/quire-abs-evil.txt").exists()
    assert store_entries(quire_home) == [] and engine.models() == []


def test_tar_path_traversal_is_refused(engine: Engine, quire_home: Path, tmp_path: Path) -> None:
    members = folder_members(model_folder(tmp_path))
    members["../../evil.txt"] = b"owned"
    with pytest.raises(StoreError, match="climbs out"):
        engine.import_model(tar_of(tmp_path / "m.tar.gz", members))
    assert not (quire_home / "evil.txt").exists() and store_entries(quire_home) == []


@pytest.mark.parametrize("kind", [tarfile.SYMTYPE, tarfile.LNKTYPE])
def test_links_in_a_tar_are_refused(
    engine: Engine, quire_home: Path, tmp_path: Path, kind: bytes
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("private")
    link = tarfile.TarInfo("notes.txt")
    link.type = kind
    link.linkname = str(secret)
    archive = tar_of(tmp_path / "m.tgz", folder_members(model_folder(tmp_path)), [link])
    with pytest.raises(StoreError, match="is a link"):
        engine.import_model(archive)
    assert store_entries(quire_home) == []


def test_a_symlink_in_a_zip_is_refused(engine: Engine, quire_home: Path, tmp_path: Path) -> None:
    archive = zip_of(
        tmp_path / "m.zip", folder_members(model_folder(tmp_path)), {"notes.txt": "/etc/passwd"}
    )
    with pytest.raises(StoreError, match="is a link"):
        engine.import_model(archive)
    assert store_entries(quire_home) == []


def test_a_symlinked_folder_is_refused(engine: Engine, quire_home: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "data.txt").write_text("private")
    src = model_folder(tmp_path)
    (src / "extra").symlink_to(outside, target_is_directory=True)
    with pytest.raises(StoreError, match="symbolic link"):
        engine.import_model(src)
    assert store_entries(quire_home) == []


@pytest.mark.parametrize("as_archive", [False, True])
def test_a_pickle_only_checkpoint_is_refused_unopened(
    engine: Engine, quire_home: Path, tmp_path: Path, as_archive: bool
) -> None:
    sentinel = tmp_path / "unpickled"
    src = tmp_path / "ckpt"
    src.mkdir()
    (src / "config.json").write_text(json.dumps(ENCODER))
    (src / "tokenizer.json").write_text("{}")
    (src / "pytorch_model.bin").write_bytes(pickle.dumps(_Sentinel(sentinel)))
    source = zip_of(tmp_path / "ckpt.zip", folder_members(src)) if as_archive else src
    with pytest.raises(StoreError, match="pickled checkpoint"):
        engine.import_model(source)
    assert not sentinel.exists() and store_entries(quire_home) == []


def test_a_config_asking_for_remote_code_is_refused(
    engine: Engine, quire_home: Path, tmp_path: Path
) -> None:
    config = {**ENCODER, "auto_map": {"AutoModel": "modeling_evil.EvilModel"}}
    src = make_folder(tmp_path / "remote", config=config, onnx=("onnx/model.onnx",))
    (src / "modeling_evil.py").write_text(f"open({str(tmp_path / 'ran')!r}, 'w')")
    with pytest.raises(StoreError, match="auto_map"):
        engine.import_model(src)
    with pytest.raises(StoreError, match="auto_map") as info:
        engine.import_model(zip_of(tmp_path / "remote.zip", folder_members(src)))
    # The message names the archive the user has, not the staging copy that is gone.
    assert info.value.path == tmp_path / "remote.zip"
    assert "(config.json in the archive)" in info.value.message
    assert not (tmp_path / "ran").exists() and store_entries(quire_home) == []
    # A config asking for it by the flag alone is named by the flag (the message said
    # auto_map of one that had none: an outside review).
    flagged = make_folder(tmp_path / "flag", config={**ENCODER, "trust_remote_code": True})
    with pytest.raises(StoreError, match=r"own Python code \(trust_remote_code\)"):
        engine.import_model(flagged)


def test_an_archive_bomb_is_refused_before_unpacking(
    engine: Engine, quire_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from engine.store import archive as unpacker

    monkeypatch.setattr(unpacker, "MAX_UNPACKED", 8 * 1024 * 1024)
    members = folder_members(model_folder(tmp_path))
    members["padding.txt"] = bytes(32 * 1024 * 1024)  # compresses to a few kB
    archive = zip_of(tmp_path / "bomb.zip", members)
    assert archive.stat().st_size < 1024 * 1024
    with pytest.raises(StoreError, match="archive bomb"):
        engine.import_model(archive)
    assert store_entries(quire_home) == []


def test_a_zip_of_too_many_entries_is_refused_from_its_end_record(
    engine: Engine, quire_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """70,000 empty entries (past the 65,535 a plain end record holds: its zip64 record
    counts them) are refused before zipfile reads its whole directory into memory (a
    million entries took a tar 28 s and 1.1 GB; a zip's directory is read whole)."""
    from engine.store import archive as unpacker

    many = tmp_path / "many.zip"
    with zipfile.ZipFile(many, "w") as archive:
        for n in range(70_000):
            archive.writestr(f"e{n}", b"")
    assert unpacker._zip_entry_count(many) == 70_000
    small = zip_of(tmp_path / "small.zip", folder_members(model_folder(tmp_path)))
    assert unpacker._zip_entry_count(small) == len(folder_members(model_folder(tmp_path)))

    def unread(*args: object, **kwargs: object) -> None:
        raise AssertionError("the zip's directory was read")

    monkeypatch.setattr(zipfile, "ZipFile", unread)
    with pytest.raises(StoreError, match="holds 70000 files; too many"):
        engine.import_model(many)
    assert store_entries(quire_home) == []


@pytest.mark.parametrize("suffix", [".zip", ".tar.gz"])
def test_a_file_that_is_not_an_archive_is_refused(
    engine: Engine, tmp_path: Path, suffix: str
) -> None:
    fake = tmp_path / f"model{suffix}"
    fake.write_bytes(b"not an archive at all")
    with pytest.raises(StoreError, match="cannot be read") as info:
        engine.import_model(fake)
    assert "\n" not in str(info.value)  # one line for the CLI's one error line


def test_entries_that_clash_are_refused_naming_the_entry(
    engine: Engine, quire_home: Path, tmp_path: Path
) -> None:
    members = folder_members(model_folder(tmp_path))
    members["config.json/extra.json"] = b"{}"  # a folder where a file already is
    with pytest.raises(StoreError, match=r"'config\.json/extra\.json' clashes") as info:
        engine.import_model(zip_of(tmp_path / "clash.zip", members))
    assert info.value.path == tmp_path / "clash.zip"
    assert store_entries(quire_home) == []
    # One name twice: the last silently won (an outside review); in a zip and in a tar.
    twice = folder_members(model_folder(tmp_path / "twice"))
    zipped = zip_of(tmp_path / "twice.zip", twice)
    with warnings.catch_warnings(), zipfile.ZipFile(zipped, "a") as archive:
        warnings.simplefilter("ignore", UserWarning)  # zipfile's "Duplicate name"
        archive.writestr("tokenizer.json", b"{}")
    tarred = tar_of(tmp_path / "twice.tar.gz", twice, [tarfile.TarInfo("tokenizer.json")])
    for packed in (zipped, tarred):
        with pytest.raises(StoreError, match=r"'tokenizer\.json' clashes"):
            engine.import_model(packed)
    assert store_entries(quire_home) == []


# ----------------------------------------------------------------------------- accepted


@pytest.mark.parametrize("suffix", [".zip", ".tar.gz"])
def test_an_archive_with_a_top_folder_imports_under_its_name(
    engine: Engine, quire_home: Path, tmp_path: Path, suffix: str
) -> None:
    source = exported("bert-embed")
    members = folder_members(source, "bert-embed/")
    build = zip_of if suffix == ".zip" else tar_of
    archive = build(tmp_path / f"mini-embed{suffix}", members)
    folder = engine.import_model(archive)
    assert folder.name == "mini-embed" and folder.pooling is not None
    installed = folder_members(folder.path)
    del installed[MANIFEST]
    assert installed == folder_members(source)
    manifest = read_manifest(folder.path)
    assert manifest is not None and manifest.source == "import"
    assert manifest.origin == str(archive.resolve())
    assert store_entries(quire_home) == ["mini-embed"]


def test_pickles_and_code_beside_onnx_weights_are_skipped_with_a_message(
    engine: Engine, quire_home: Path, tmp_path: Path
) -> None:
    sentinel = tmp_path / "unpickled"
    src = model_folder(tmp_path)
    (src / "pytorch_model.bin").write_bytes(pickle.dumps(_Sentinel(sentinel)))
    (src / "handler.py").write_text("raise SystemExit")
    messages: list[str] = []
    folder = engine.import_model(src, "clean", progress=messages.append)
    names = {p.name for p in folder.path.rglob("*")}
    assert "pytorch_model.bin" not in names and "handler.py" not in names
    assert any("pytorch_model.bin" in m and "pickle" in m for m in messages)
    assert any("handler.py" in m for m in messages)
    assert not sentinel.exists()


def _weights_in_a_bin(folder: Path) -> Path:
    """``folder``'s onnx/model.onnx rewritten with its weights in onnx/weights.bin, as
    ``onnx.save_model(..., location="weights.bin")`` writes them (raw tensor bytes)."""
    import numpy as np
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    bias = numpy_helper.from_array(np.arange(256, dtype=np.float32), "bias")
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [256])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [256])
    graph = helper.make_graph(
        [helper.make_node("Add", ["x", "bias"], ["y"])], "g", [x], [y], [bias]
    )
    onnx.save_model(
        helper.make_model(graph),
        str(folder / "onnx" / "model.onnx"),
        save_as_external_data=True,
        location="weights.bin",
        size_threshold=0,
    )
    return folder


@pytest.mark.parametrize("packed", ["folder", "zip", "tar"])
def test_an_onnx_files_weights_named_bin_are_kept_not_skipped_as_a_pickle(
    engine: Engine, tmp_path: Path, packed: str
) -> None:
    src = _weights_in_a_bin(model_folder(tmp_path))
    (src / "pytorch_model.bin").write_bytes(b"a pickle, never read")
    source = {
        "folder": lambda: src,
        "zip": lambda: zip_of(tmp_path / "m.zip", folder_members(src, "m/")),
        "tar": lambda: tar_of(tmp_path / "m.tar.gz", folder_members(src, "m/")),
    }[packed]()
    messages: list[str] = []
    folder = engine.import_model(source, "with-bin", progress=messages.append)
    kept = folder.path / "onnx" / "weights.bin"
    assert kept.read_bytes() == (src / "onnx" / "weights.bin").read_bytes()
    assert not (folder.path / "pytorch_model.bin").exists()
    skipped = [m for m in messages if "pickle" in m]
    assert skipped and all("weights.bin" not in m for m in skipped)
    assert engine.verify()[0].ok


def test_a_cache_snapshots_external_weights_are_read_in_place_through_its_links(
    tmp_path: Path,
) -> None:
    """`--model` on a Hugging Face cache snapshot whose graph keeps its weights apart (an
    LLM's model.onnx_data): the weights file is a link into the repository's blobs, and was
    refused as "outside its model folder" though the same snapshot imported fine."""
    source = _weights_in_a_bin(model_folder(tmp_path))
    repo = tmp_path / "hub" / "models--someone--ext"
    snapshot = repo / "snapshots" / ("c" * 40)
    cache_snapshot(source, repo, snapshot)
    graph = snapshot / "onnx" / "model.onnx"
    assert check_external_data(graph, snapshot) == ["weights.bin"]
    load_model_folder(snapshot)
    # A name that leaves the snapshot as written is still refused, blob or not.
    _point_weights_at(repo / "blobs" / "onnx_model.onnx", "../../../blobs/onnx_weights.bin")
    with pytest.raises(ModelInvalid, match="outside its model folder"):
        check_external_data(graph, snapshot)
    # Through a linked folder ("lnk/.." is the link's parent, not the folder's), in a
    # snapshot and in a plain folder: ONNX Runtime 1.20 then read the weights outside.
    outside = tmp_path / "outside"
    (outside / "inner").mkdir(parents=True)
    (outside / "weights.bin").write_bytes((source / "onnx" / "weights.bin").read_bytes())
    plain = shutil.copytree(source, tmp_path / "plain")
    for folder, onnx_file in ((snapshot, repo / "blobs" / "onnx_model.onnx"), (plain, None)):
        (folder / "onnx" / "lnk").symlink_to(outside / "inner")
        _point_weights_at(onnx_file or folder / "onnx" / "model.onnx", "lnk/../weights.bin")
        with pytest.raises(ModelInvalid, match="outside its model folder"):
            check_external_data(folder / "onnx" / "model.onnx", folder)


def _point_weights_at(graph: Path, location: str) -> None:
    """Make ``graph``'s first external tensor name ``location`` as its weights file."""
    import onnx

    model = onnx.load(str(graph), load_external_data=False)
    for entry in model.graph.initializer[0].external_data:
        if entry.key == "location":
            entry.value = location
    onnx.save(model, str(graph))


@pytest.mark.parametrize("packed", ["folder", "zip"])
@pytest.mark.parametrize("disguise", ["protocol 4", "protocol 0", "named as a checkpoint"])
def test_a_pickle_named_as_an_onnx_files_weights_is_still_never_kept(
    engine: Engine, quire_home: Path, tmp_path: Path, packed: str, disguise: str
) -> None:
    """A graph may name any file as its weights: one that holds a pickle (by its first
    bytes), or that is called as PyTorch's checkpoints are, stays out of the store, and the
    graph that names it is refused."""

    src = _weights_in_a_bin(model_folder(tmp_path))
    data = (src / "onnx" / "weights.bin").read_bytes()
    if disguise.startswith("protocol"):  # (protocol 0 has no header: its opcodes tell)
        evil = pickle.dumps(_Sentinel(tmp_path / "unpickled"), protocol=int(disguise[-1]))
        (src / "onnx" / "weights.bin").write_bytes(evil.ljust(len(data), b"\0"))
    else:
        _point_weights_at(src / "onnx" / "model.onnx", "../pytorch_model.bin")
        (src / "onnx" / "weights.bin").rename(src / "pytorch_model.bin")
    source = src if packed == "folder" else zip_of(tmp_path / "m.zip", folder_members(src))
    with pytest.raises(ModelInvalid, match="is missing") as info:
        engine.import_model(source, "smuggled")
    assert "never copies a file named as a PyTorch checkpoint" in (info.value.hint or "")
    assert store_entries(quire_home) == []
    assert not (tmp_path / "unpickled").exists()


def test_an_onnx_file_whose_weights_are_missing_is_refused_naming_them(
    engine: Engine, quire_home: Path, tmp_path: Path
) -> None:
    src = _weights_in_a_bin(model_folder(tmp_path))
    (src / "onnx" / "weights.bin").unlink()
    with pytest.raises(ModelInvalid, match=r"weights file 'weights\.bin' is missing") as info:
        engine.import_model(src, "no-weights")
    assert info.value.path == src / "onnx" / "model.onnx"
    assert store_entries(quire_home) == []


def test_an_onnx_file_naming_itself_as_its_weights_is_refused_at_import(
    engine: Engine, quire_home: Path, tmp_path: Path
) -> None:
    """It imported, and verify passed, then every load failed in ONNX Runtime's words."""
    src = _weights_in_a_bin(model_folder(tmp_path))
    _point_weights_at(src / "onnx" / "model.onnx", "./model.onnx")
    with pytest.raises(ModelInvalid, match="names itself as its weights file") as info:
        engine.import_model(src, "self-pointing")
    assert info.value.path == src / "onnx" / "model.onnx"
    assert store_entries(quire_home) == []


@pytest.mark.parametrize("where", ["onnx weights", "modules.json"])
def test_a_path_with_a_nul_byte_in_a_model_folder_is_refused_naming_the_file(
    engine: Engine, quire_home: Path, tmp_path: Path, where: str
) -> None:
    """ "model.onnx_data\\x00../../etc/passwd" gave a traceback (ValueError: embedded null
    byte) at import, and a folder holding one in the store crashed ``models list`` and
    every task (an outside review)."""

    src = _weights_in_a_bin(model_folder(tmp_path))
    if where == "onnx weights":
        named = src / "onnx" / "model.onnx"
        _point_weights_at(named, "weights.bin\x00../../etc/passwd")
    else:
        named = src / "modules.json"
        pooling = [{"type": "sentence_transformers.models.Pooling", "path": "a\u0000b"}]
        named.write_text(json.dumps(pooling), encoding="utf-8")
    with pytest.raises(ModelInvalid, match="names a file with a NUL character") as info:
        engine.import_model(src, "with-nul")
    assert info.value.path == named
    assert store_entries(quire_home) == []
    # Put in the store by hand, it is one model listed as broken; the others still work.
    engine.import_model(model_folder(tmp_path / "good"), "good")
    shutil.copytree(src, quire_home / "models" / "with-nul")
    named = quire_home / "models" / "with-nul" / named.relative_to(src)
    listed = {m.name: m for m in engine.models()}
    assert listed["good"].folder is not None
    if where == "modules.json":  # (read to list it; the graph's weights, to load it)
        assert listed["with-nul"].folder is None
        assert "NUL character" in listed["with-nul"].problem
    else:
        with pytest.raises(ModelInvalid, match="NUL character"):
            check_external_data(named, quire_home / "models" / "with-nul")


def test_a_file_named_onnx_that_is_not_one_is_refused_at_import(
    engine: Engine, quire_home: Path, tmp_path: Path
) -> None:
    src = model_folder(tmp_path)
    (src / "onnx" / "model.onnx").write_text("junk")
    with pytest.raises(ModelInvalid, match="Not a valid ONNX file") as info:
        engine.import_model(src, "junk")
    assert info.value.path == src / "onnx" / "model.onnx"
    assert store_entries(quire_home) == []


def test_a_folder_put_in_the_store_by_hand_under_any_name_can_be_verified_and_removed(
    engine: Engine, quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    engine.import_model(model_folder(tmp_path), "good")
    shutil.copytree(quire_home / "models" / "good", quire_home / "models" / "My Model")
    assert [m.name for m in engine.models()] == ["My Model", "good"]
    assert [r.ok for r in engine.verify()] == [True, True]  # one odd name does not stop all
    assert main(["models", "verify"]) == 0
    assert "My Model" in capsys.readouterr().out
    engine.remove_model("My Model")
    assert store_entries(quire_home) == ["good"]
    with pytest.raises(StoreError, match="not a usable model name"):
        engine.import_model(model_folder(tmp_path / "again"), "My Model")


@pytest.mark.parametrize(
    ("given", "name"),
    [
        ("model (1).zip", "model-1"),  # a browser's second download of model.zip
        ("my model", "my-model"),
        ("modèle", "modele"),
        ("CON.tar.gz", "model-CON"),
        ("nul.json", "model-nul.json"),
        ("((()))", "model"),
        ("opus-mt-en-de", "opus-mt-en-de"),
    ],
)
def test_the_default_name_of_an_import_is_a_usable_one(
    tmp_path: Path, given: str, name: str
) -> None:
    from engine.store.archive import default_name

    source = tmp_path / given
    if given.endswith((".zip", ".tar.gz")):
        source.write_bytes(b"")
    else:
        source.mkdir()
    assert default_name(source) == name


def test_a_folder_holding_only_the_model_folder_imports_it(engine: Engine, tmp_path: Path) -> None:
    """As an archive whose files sit in one top folder does (an archive unpacked by hand)."""
    outer = tmp_path / "downloads" / "opus-mt"
    shutil.copytree(model_folder(tmp_path), outer / "opus-mt-en-de")
    messages: list[str] = []
    folder = engine.import_model(outer, progress=messages.append)
    assert folder.path.name == "opus-mt-en-de" and (folder.path / "config.json").is_file()
    assert any("opus-mt-en-de" in m for m in messages)
    (outer / "notes.txt").write_text("two things inside: which is the model is not guessed")
    with pytest.raises(ModelInvalid, match=r"config\.json"):
        engine.import_model(outer, "second")
    linked = tmp_path / "linked"
    linked.mkdir()
    (linked / "model").symlink_to(outer / "opus-mt-en-de", target_is_directory=True)
    with pytest.raises(StoreError, match="symbolic link"):  # as without the one-folder rule
        engine.import_model(linked, "third")


def test_an_import_does_not_hide_a_partial_download_of_its_name(
    engine: Engine, quire_home: Path, tmp_path: Path
) -> None:
    kept = quire_home / "models" / ".download-opus" / "files"
    kept.mkdir(parents=True)
    (kept / "model.onnx.incomplete").write_bytes(b"x" * 2048)
    with pytest.raises(StoreError, match="A partial download of opus is kept"):
        engine.import_model(model_folder(tmp_path), "opus")
    assert [p.name for p in engine.store.partial_downloads()] == ["opus"]
    assert engine.import_model(model_folder(tmp_path), "opus-2").path.name == "opus-2"


def test_an_import_is_refused_the_name_of_a_download_under_way(
    engine: Engine, quire_home: Path, tmp_path: Path
) -> None:
    """Downloads run beside the app's other jobs: an import of the same name in a download's
    first moments (no byte kept yet) installed, and the download then fetched everything
    before failing at its own install, leaving its folder behind."""
    import os

    starting = quire_home / "models" / ".download-opus"
    (starting / "files").mkdir(parents=True)
    (starting / ".lock").write_text(str(os.getpid()), encoding="utf-8")  # a live process
    with pytest.raises(StoreError, match="opus is being downloaded now") as caught:
        engine.import_model(model_folder(tmp_path), "opus")
    assert caught.value.message_id == "store.downloading"
    assert not (quire_home / "models" / "opus").exists()
    # A name of its own steps around it, as around a kept partial download.
    named_opus = shutil.copytree(model_folder(tmp_path / "b"), tmp_path / "b" / "opus")
    assert engine.import_model(named_opus).path.name == "opus-2"
    (starting / ".lock").unlink()  # the download ended (and kept nothing): the name is free
    assert engine.import_model(model_folder(tmp_path / "c"), "opus").path.name == "opus"


def test_default_names_that_are_taken_get_a_number(engine: Engine, tmp_path: Path) -> None:
    """Folders named in Chinese all come out as "model" (the name keeps ASCII only): the
    second import failed as "already installed" where the app offers no other name."""
    first = shutil.copytree(model_folder(tmp_path), tmp_path / "中文 模型")
    second = shutil.copytree(model_folder(tmp_path / "b"), tmp_path / "另一个")
    (second / "README.md").write_text("Another model.", encoding="utf-8")
    assert engine.import_model(first).path.name == "model"
    assert engine.import_model(second).path.name == "model-2"
    with pytest.raises(StoreError, match="already installed"):  # a name given is the name
        engine.import_model(second, "model")


def test_a_folder_imported_again_is_said_installed_unless_named(
    engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The same folder imported twice became my-model-2: a second full copy in every model
    list, said nowhere."""
    folder = shutil.copytree(model_folder(tmp_path), tmp_path / "my model")
    assert engine.import_model(folder).path.name == "my-model"
    with pytest.raises(StoreError, match="installed already, as my-model") as again:
        engine.import_model(folder)
    assert again.value.message_id == "store.installed_already"
    assert store_entries(engine.options.home) == ["my-model"]  # nothing left staged
    assert main(["models", "import", str(folder)]) == 1
    assert "--name my-model-2" in capsys.readouterr().err
    assert engine.import_model(folder, "second-copy").path.name == "second-copy"


def cache_snapshot(source: Path, repo: Path, snapshot: Path) -> None:
    """``source``'s files laid out as huggingface_hub's cache holds them: each a blob of
    ``repo``, linked (relatively) from the ``snapshot`` folder."""
    for rel, data in folder_members(source).items():
        blob = repo / "blobs" / rel.replace("/", "_")
        blob.parent.mkdir(parents=True, exist_ok=True)
        blob.write_bytes(data)
        (snapshot / rel).parent.mkdir(parents=True, exist_ok=True)
        (snapshot / rel).symlink_to(os.path.relpath(blob, (snapshot / rel).parent))


def test_a_huggingface_cache_snapshot_is_named_after_its_repo(
    engine: Engine, tmp_path: Path
) -> None:
    snapshot = tmp_path / "hub" / "models--Xenova--opus-mt-en-de" / "snapshots" / ("a" * 40)
    shutil.copytree(model_folder(tmp_path), snapshot)
    assert engine.import_model(snapshot).path.name == "opus-mt-en-de"


def test_a_huggingface_cache_snapshot_imports_through_its_blob_links(
    engine: Engine, tmp_path: Path
) -> None:
    repo = tmp_path / "hub" / "models--someone--mini"
    snapshot = repo / "snapshots" / ("a" * 40)
    source = model_folder(tmp_path)
    cache_snapshot(source, repo, snapshot)
    folder = engine.import_model(snapshot, "from-cache")
    assert not any(p.is_symlink() for p in folder.path.rglob("*"))
    assert (folder.path / "onnx" / "model.onnx").read_bytes() == (
        source / "onnx" / "model.onnx"
    ).read_bytes()
    # The repository's folder, as the user finds it in ~/.cache/huggingface/hub: its main
    # snapshot ("Missing config.json" before), named after the repository.
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text("a" * 40, encoding="ascii")
    (repo / "snapshots" / ("b" * 40)).mkdir()  # an older revision beside it
    messages: list[str] = []
    engine.remove_model("from-cache")  # (the same files: "installed already")
    assert engine.import_model(repo, progress=messages.append).path.name == "mini"
    assert "Importing the Hugging Face cache's snapshot of main, aaaaaaaaaaaa" in messages
    (repo / "refs" / "main").write_text("../../../elsewhere", encoding="ascii")
    with pytest.raises(ModelInvalid, match=r"config\.json"):  # (no path from refs/main's text)
        engine.import_model(repo, "any")
    # A download that did not finish: a link whose blob is not there, not "outside".
    (repo / "blobs" / "config.json").unlink()
    with pytest.raises(StoreError, match="link to a file that is not there") as broken:
        engine.import_model(snapshot, "broken")
    assert broken.value.message_id == "store.folder_broken_link"
    # Older huggingface_hub's --local-dir: links into the cache, refused with a way out.
    local = tmp_path / "local-dir"
    shutil.copytree(source, local)
    (local / "tokenizer.json").unlink()
    (local / "tokenizer.json").symlink_to(repo / "blobs" / "tokenizer.json")
    with pytest.raises(StoreError, match="points outside") as outside:
        engine.import_model(local, "local")
    assert "cp -rL" in (outside.value.hint or "")


def test_a_checkpoint_is_exported_to_onnx_on_import(engine: Engine, tmp_path: Path) -> None:
    pytest.importorskip("optimum.exporters.onnx")  # the export extra
    from tests.fixtures.builder import checkpoint

    messages: list[str] = []
    folder = engine.import_model(checkpoint("bert-embed"), "embed", progress=messages.append)
    assert folder.variants == ("fp32", "int8") and not folder.safetensors
    assert any("Exporting" in m for m in messages)
    assert "Exported the checkpoint to ONNX" in messages
    assert not any(".import-" in m for m in messages)  # the import's working folder, gone


# ----------------------------------------------------------------------------- verify, staging


def test_verify_reports_changed_and_missing_files(
    engine: Engine, quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    engine.import_model(exported("bert-embed"), "a")
    engine.import_model(exported("bert-embed"), "b")
    assert [(r.name, r.ok) for r in engine.verify()] == [("a", True), ("b", True)]
    assert main(["models", "verify", "--json"]) == 0
    capsys.readouterr()

    onnx = quire_home / "models" / "a" / "onnx" / "model.onnx"
    data = bytearray(onnx.read_bytes())
    data[len(data) // 2] ^= 1
    onnx.write_bytes(bytes(data))
    (quire_home / "models" / "a" / "tokenizer.json").unlink()
    (result,) = engine.verify("a")
    assert not result.ok
    assert result.changed == ("onnx/model.onnx",) and result.missing == ("tokenizer.json",)
    assert main(["models", "verify", "--json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert [m["ok"] for m in doc["models"]] == [False, True]
    assert main(["models", "verify", "a"]) == 1
    out = capsys.readouterr().out
    assert "changed: onnx/model.onnx" in out and "missing: tokenizer.json" in out

    # A graph dropped in beside the verified ones would be loaded unchecked: verify names it.
    engine.import_model(exported("bert-embed"), "c")
    (quire_home / "models" / "c" / "onnx" / "model_uint8.onnx").write_bytes(onnx.read_bytes())
    (result,) = engine.verify("c")
    assert not result.ok and result.added == ("onnx/model_uint8.onnx",)
    assert main(["models", "verify", "c"]) == 1
    assert "added: onnx/model_uint8.onnx" in capsys.readouterr().out
    # So is a link put in, which loading the model refuses (verify said OK of one: an
    # outside review).
    (quire_home / "models" / "c" / "onnx" / "model_uint8.onnx").unlink()
    (quire_home / "models" / "c" / "onnx" / "notes.txt").symlink_to("/etc/hostname")
    (result,) = engine.verify("c")
    assert not result.ok and result.added == ("onnx/notes.txt",)

    (quire_home / "models" / "b" / MANIFEST).unlink()
    (result,) = engine.verify("b")
    assert not result.ok and MANIFEST in result.problem


def test_stale_staging_folders_are_cleaned_when_the_store_opens(quire_home: Path) -> None:
    root = quire_home / "models"
    dead = root / ".import-x.999999999.abc"  # no such process
    live = root / f".import-y.{os.getpid()}.abc"
    resumable = root / ".download-z"
    for path in (dead, live, resumable):
        (path / "part").mkdir(parents=True)
    ModelStore(quire_home)
    assert sorted(p.name for p in root.iterdir()) == sorted([live.name, resumable.name])
    old = os.stat(resumable).st_mtime - 30 * 24 * 3600
    os.utime(resumable, (old, old))
    ModelStore(quire_home)
    assert sorted(p.name for p in root.iterdir()) == [live.name]
    shutil.rmtree(live)


def test_import_through_the_cli_accepts_an_archive(
    quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = zip_of(tmp_path / "packed.zip", folder_members(exported("bert-embed")))
    assert main(["models", "import", str(archive), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["name"] == "packed"
    assert main(["models", "list", "--json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)["models"]
    assert row["source"] == "import" and row["fit"]["verdict"] in ("fits", "slow", "won't fit")
    assert main(["models", "remove", "packed"]) == 0
    assert store_entries(quire_home) == []


@pytest.mark.parametrize("make", [zip_of, tar_of])
def test_an_archive_macos_finder_made_imports(
    engine: Engine, quire_home: Path, tmp_path: Path, make: Any
) -> None:
    """macOS's Finder adds __MACOSX/ (resource forks) beside the folder it compresses: it
    must not stop the folder from being the archive's one top folder."""
    members = folder_members(model_folder(tmp_path), "bert-cls/")
    members["__MACOSX/bert-cls/._config.json"] = b"\x00\x05\x16\x07 resource fork"
    suffix = ".zip" if make is zip_of else ".tar.gz"
    archive = make(tmp_path / f"mac{suffix}", members)
    installed = engine.import_model(archive, "from-mac")
    assert (installed.path / "config.json").is_file()
    assert not (installed.path / "__MACOSX").exists()
    assert store_entries(quire_home) == ["from-mac"]


def test_a_file_of_an_installed_model_replaced_by_a_link_is_caught(
    engine: Engine, quire_home: Path, tmp_path: Path
) -> None:
    installed = engine.import_model(model_folder(tmp_path), "linked")
    outside = tmp_path / "elsewhere.json"
    outside.write_bytes((installed.path / "tokenizer.json").read_bytes())  # same bytes even
    (installed.path / "tokenizer.json").unlink()
    (installed.path / "tokenizer.json").symlink_to(outside)
    store = ModelStore(quire_home)
    result = store.verify("linked")
    assert not result.ok and result.changed == ("tokenizer.json",)
    with pytest.raises(ModelInvalid) as caught:
        store.get("linked")
    assert caught.value.path == installed.path / "tokenizer.json"
    assert "outside its folder" in caught.value.message
    [listed] = store.list()  # listed with its problem, not raised
    assert listed.folder is None and "outside its folder" in listed.problem
    # A link that leads round in a loop neither breaks the list nor loading the model.
    (installed.path / "tokenizer.json").unlink()
    (installed.path / "tokenizer.json").write_bytes(outside.read_bytes())
    (installed.path / "loop").symlink_to("loop")
    [listed] = store.list()
    assert listed.name == "linked"
    assert store.get("linked").path == installed.path


def test_a_folder_the_user_names_may_link_where_it_likes(tmp_path: Path) -> None:
    """A Hugging Face cache snapshot links its files to the cache's blobs: the user's own
    folder, loaded as it is (only the store's folders hold no links out)."""
    good = model_folder(tmp_path)
    repo = tmp_path / "hub" / "models--org--mini"
    snapshot = repo / "snapshots" / "0123abcd"
    snapshot.mkdir(parents=True)
    (repo / "blobs").mkdir()
    for n, file in enumerate(p for p in good.rglob("*") if p.is_file()):
        blob = repo / "blobs" / f"blob{n}"
        blob.write_bytes(file.read_bytes())
        link = snapshot / file.relative_to(good)
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(os.path.relpath(blob, link.parent))
    assert load_model_folder(snapshot).config["model_type"] == "bert"


def test_a_full_disk_names_the_store_not_the_file_being_read(
    engine: Engine, quire_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = model_folder(tmp_path)

    def full(src: str, dst: str) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(src))

    monkeypatch.setattr(shutil, "copyfile", full)
    with pytest.raises(StoreError) as caught:
        engine.import_model(source, "too-big")
    assert caught.value.path == quire_home / "models"
    assert "free space" in caught.value.message and "QUIRE_HOME" in (caught.value.hint or "")
    assert store_entries(quire_home) == []


def test_pickles_of_every_protocol_are_told_from_raw_tensor_bytes() -> None:
    import numpy as np

    from engine.store.archive import PICKLE_WINDOW, looks_pickled

    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        small = pickle.dumps(_Sentinel(Path("x")), protocol=protocol).ljust(4096, b"\0")
        large = pickle.dumps({"w": b"x" * 200_000}, protocol=protocol)[:PICKLE_WINDOW]
        assert looks_pickled(small) and looks_pickled(large), protocol
    assert looks_pickled(b"PK\x03\x04rest")  # PyTorch's own format, a zip
    rng = np.random.default_rng(0)
    for _ in range(300):
        raw = rng.standard_normal(PICKLE_WINDOW // 4).astype(np.float32).tobytes()
        assert not looks_pickled(raw)
    assert not looks_pickled(bytes(PICKLE_WINDOW))


def test_a_clone_without_git_lfs_is_said_so_before_anything_is_read(
    engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`git clone` of a model repository without Git LFS leaves pointer files in place of the
    weights: "Not a valid ONNX file (unsupported wire type 6)" said nothing of the cause."""
    clone = tmp_path / "opus-mt-en-de"
    shutil.copytree(exported("marian"), clone)
    for path in [*clone.rglob("*.onnx"), clone / "tokenizer.json"]:
        data = path.read_bytes()
        path.write_text(
            "version https://git-lfs.github.com/spec/v1\n"
            f"oid sha256:{hashlib.sha256(data).hexdigest()}\nsize {len(data)}\n",
            encoding="ascii",
        )
    (clone / ".git").mkdir()  # (git's own files are not looked at)
    pointers = len([*clone.rglob("*.onnx")]) + 1
    # Files Quire never reads may be pointers (`git lfs pull --include "onnx/*"`): not
    # counted, and alone they refuse nothing.
    for never_read in ("pytorch_model.bin", "tf_model.h5"):
        (clone / never_read).write_text(
            "version https://git-lfs.github.com/spec/v1\noid sha256:00\nsize 9\n", "ascii"
        )
    with pytest.raises(ModelInvalid) as refused:
        engine.import_model(clone, "opus")
    assert refused.value.message_id == "model.lfs_pointers"
    assert refused.value.params["count"] == pointers
    assert "git lfs pull" in (refused.value.hint or "")
    assert store_entries(engine.options.home) == []
    with pytest.raises(ModelInvalid, match="Git LFS pointers"):
        load_model_folder(clone)  # run in place (--model FOLDER): the same words
    assert main(["models", "import", str(clone)]) == 1
    said = capsys.readouterr().err
    assert "Git LFS pointers" in said and "git lfs pull" in said and "Traceback" not in said
    pulled = shutil.copytree(exported("marian"), tmp_path / "pulled")
    for never_read in ("pytorch_model.bin", "tf_model.h5"):
        shutil.copy(clone / never_read, pulled / never_read)
    assert engine.import_model(pulled, "pulled").path.name == "pulled"
    # A graph's weights may have any name (torch's older exporter: one file a tensor).
    shutil.copy(clone / "pytorch_model.bin", pulled / "onnx" / "onnx__MatMul_332")
    with pytest.raises(ModelInvalid, match="Git LFS pointers"):
        engine.import_model(pulled, "pulled-again")


def test_a_helsinki_nlp_folder_without_tokenizer_json_is_shown_the_way_forward(
    engine: Engine, tmp_path: Path
) -> None:
    """Helsinki-NLP's opus-mt layout (source.spm, target.spm, vocab.json): "export it", then
    "save a fast tokenizer first", which transformers cannot make for Marian: a dead end."""
    folder = shutil.copytree(exported("marian"), tmp_path / "opus-mt-en-de")
    (folder / "tokenizer.json").unlink()
    for name in ("source.spm", "target.spm"):
        (folder / name).write_bytes(b"\x0a\x00")
    with pytest.raises(ModelInvalid, match=r"tokenizer\.json") as refused:
        engine.import_model(folder)
    hint = refused.value.hint or ""
    assert "Helsinki-NLP" in hint and "quire models download" in hint
    (folder / "source.spm").unlink()
    with pytest.raises(ModelInvalid) as other:
        engine.import_model(folder)
    assert "quire models export" in (other.value.hint or "")


def test_a_model_removed_while_verified_is_said_removed_not_damaged(
    engine: Engine, quire_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`quire models remove` while `verify` read the model: every file "missing", exit 1,
    and the user sent looking for a damaged disk."""
    from engine.store import local

    engine.import_model(exported("bert-embed"), "a")
    engine.import_model(exported("bert-cls"), "b")
    real = local.sha256_file
    installed = quire_home / "models" / "a"

    def removing(path: Path, *args: Any) -> str:
        if path.is_relative_to(installed) and installed.is_dir():
            engine.remove_model("a")  # (another process, in the middle of the reading)
        return str(real(path, *args))

    monkeypatch.setattr(local, "sha256_file", removing)
    with pytest.raises(StoreError, match="a was removed while it was being verified"):
        engine.verify("a")
    monkeypatch.undo()
    engine.import_model(exported("bert-embed"), "a")
    monkeypatch.setattr(local, "sha256_file", removing)
    assert [(r.name, r.ok) for r in engine.verify()] == [("b", True)]


def test_a_name_being_imported_by_another_process_is_refused_at_once(
    engine: Engine, quire_home: Path, tmp_path: Path
) -> None:
    """A download of a name another process was importing ran to 100 % and only then failed
    ("already installed"): hours of a large model's download thrown away."""
    import subprocess
    import sys

    other = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=-1)
    try:
        staging = quire_home / "models" / f".import-busy.{other.pid}.x1y2"
        staging.mkdir(parents=True)
        with pytest.raises(StoreError, match="is being imported now") as refused:
            engine.store.refuse_existing("busy")
        assert refused.value.message_id == "store.importing"
        with pytest.raises(StoreError, match="is being imported now"):
            engine.store.refuse_existing("BUSY")  # one folder on macOS's and Windows's disks
        engine.store.refuse_existing("busy-2")  # (another name)
        (quire_home / "models" / f".import-other.2.{other.pid}.x1y2").mkdir()
        engine.store.refuse_existing("other")  # "other.2" is being imported, not "other"
        # The id taken since by another program (Windows reuses them soon): no import.
        import psutil

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(psutil.Process, "create_time", lambda _self: time.time() + 60)
            engine.store.refuse_existing("busy")
    finally:
        assert other.stdin is not None
        other.stdin.close()
        other.wait()
    engine.store.refuse_existing("busy")  # that import's process is gone: a leftover
