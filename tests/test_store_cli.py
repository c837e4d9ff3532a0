"""The model store and the `quire models` / `quire doctor` commands, through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine.cli.main import main
from engine.errors import StoreError
from engine.store.local import ModelStore, check_name
from tests.test_manifest import make_folder

ENCODER = {"model_type": "bert", "architectures": ["BertModel"]}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_import_list_remove_round_trip(
    tmp_path: Path, quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = make_folder(
        tmp_path / "mini", config=ENCODER, onnx=("onnx/model.onnx", "onnx/model_int8.onnx")
    )
    code, out, _ = run(capsys, "models", "import", str(src), "--name", "mini-lm", "--json")
    imported = json.loads(out)
    assert code == 0 and imported["name"] == "mini-lm" and imported["source"] == str(src)
    assert imported["variants"] == ["fp32", "int8"] and imported["size_bytes"] > 0
    assert (quire_home / "models" / "mini-lm" / "onnx" / "model_int8.onnx").is_file()
    assert (src / "onnx" / "model.onnx").is_file()  # the source is never moved or changed

    code, out, _ = run(capsys, "models", "list", "--json")
    doc = json.loads(out)
    assert code == 0
    assert [m["name"] for m in doc["models"]] == ["mini-lm"]
    assert doc["models"][0]["variants"] == ["fp32", "int8"]

    code, out, err = run(capsys, "models", "import", str(src), "--name", "mini-lm")
    assert code == 1 and "already installed" in err and out == ""

    code, _, _ = run(capsys, "models", "remove", "mini-lm")
    assert code == 0 and not (quire_home / "models" / "mini-lm").exists()
    code, out, _ = run(capsys, "models", "list")
    assert "No models installed" in out


def test_import_of_a_broken_folder_names_the_file_and_leaves_no_trace(
    tmp_path: Path, quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = make_folder(tmp_path / "broken", config=ENCODER, onnx=("onnx/model.onnx",))
    (src / "tokenizer.json").unlink()
    code, out, err = run(capsys, "models", "import", str(src))
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "tokenizer.json" in err and "Traceback" not in err
    assert not (quire_home / "models").exists() or not any((quire_home / "models").iterdir())


def test_import_refuses_symlinks_that_leave_the_folder(tmp_path: Path, quire_home: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("private")
    src = make_folder(tmp_path / "m", config=ENCODER, onnx=("onnx/model.onnx",))
    (src / "notes.txt").symlink_to(secret)
    with pytest.raises(StoreError, match="symbolic link"):
        ModelStore(quire_home).import_folder(src)
    assert [p.name for p in (quire_home / "models").iterdir()] == []


@pytest.mark.parametrize("name", ["../evil", "a/b", "", ".hidden", "x" * 101])
def test_bad_names_are_refused(tmp_path: Path, quire_home: Path, name: str) -> None:
    src = make_folder(tmp_path / "m", config=ENCODER, onnx=("onnx/model.onnx",))
    with pytest.raises(StoreError, match="not a usable model name"):
        ModelStore(quire_home).import_folder(src, name)


def test_an_unusable_model_in_the_store_is_listed_with_its_problem(
    quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_folder(
        quire_home / "models" / "half", config=ENCODER, tokenizer=False, onnx=("onnx/model.onnx",)
    )
    code, out, _ = run(capsys, "models", "list", "--json")
    (entry,) = json.loads(out)["models"]
    assert code == 0 and "tokenizer.json" in entry["problem"]


def test_doctor_json_reports_providers_and_store(
    quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "doctor", "--json")
    doc = json.loads(out)
    assert code == 0
    assert doc["store"] == str(quire_home / "models")
    assert doc["providers"][-1]["device"] == "cpu" and doc["providers"][-1]["works"]
    assert "cpu" in doc["plan"]
    code, out, _ = run(capsys, "doctor")
    assert "Models will run on:" in out


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["models", "frobnicate"])
    assert info.value.code == 2
    capsys.readouterr()


@pytest.mark.parametrize("flag", ["--endpoint", "--proxy"])
def test_a_malformed_url_option_is_a_usage_error_not_a_traceback(
    quire_home: Path, flag: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as info:
        main(["models", "download", "someone/model", flag, "not-a-url"])
    assert info.value.code == 2
    assert f"{flag.removeprefix('--')} must be a URL" in capsys.readouterr().err


def test_export_refuses_pickles_with_a_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "ckpt"
    src.mkdir()
    (src / "config.json").write_text(json.dumps(ENCODER))
    (src / "pytorch_model.bin").write_bytes(b"pickle")
    code, _out, err = run(capsys, "models", "export", str(src), str(tmp_path / "out"))
    assert code == 1 and "safetensors" in err and not (tmp_path / "out").exists()


def test_export_then_import_a_real_checkpoint_through_the_cli(
    tmp_path: Path, quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.fixtures.builder import checkpoint

    dst = tmp_path / "exported"
    code, out, _ = run(
        capsys,
        "models",
        "export",
        str(checkpoint("bert-embed")),
        str(dst),
        "--dtype",
        "fp32",
        "int8",
        "--json",
    )
    assert code == 0 and json.loads(out)["variants"] == ["fp32", "int8"]
    for name in ("config.json", "tokenizer.json", "modules.json", "1_Pooling/config.json"):
        assert (dst / name).is_file(), name
    assert sorted(p.name for p in (dst / "onnx").iterdir()) == ["model.onnx", "model_int8.onnx"]
    code, out, _ = run(capsys, "models", "import", str(dst), "--name", "embedder", "--json")
    assert code == 0
    code, out, _ = run(capsys, "models", "list", "--json")
    assert [m["name"] for m in json.loads(out)["models"]] == ["embedder"]
    code, _out, err = run(capsys, "models", "export", str(checkpoint("bert-embed")), str(dst))
    assert code == 1 and "already exists" in err


def test_command_names_match_the_parser() -> None:
    import argparse

    from engine.cli.main import COMMAND_NAMES, build_parser

    parser = build_parser()
    names = {
        name
        for action in parser._actions
        if isinstance(action, argparse._SubParsersAction)
        for name in action.choices
    }
    assert names == COMMAND_NAMES


def test_a_model_that_cannot_be_moved_away_is_not_removed_and_says_why(
    tmp_path: Path, quire_home: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    src = make_folder(tmp_path / "mini", config=ENCODER, onnx=("onnx/model.onnx",))
    assert run(capsys, "models", "import", str(src), "--name", "mini-lm")[0] == 0
    real_rename = Path.rename

    def refuse(self: Path, target: str | Path) -> Path:
        if self.name == "mini-lm":
            raise PermissionError(13, "Permission denied", str(self))
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", refuse)
    code, out, err = run(capsys, "models", "remove", "mini-lm")
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "Permission denied" in err and "Traceback" not in err
    assert (quire_home / "models" / "mini-lm" / "onnx" / "model.onnx").is_file()
    leftovers = [p.name for p in (quire_home / "models").iterdir() if p.name != "mini-lm"]
    assert leftovers == []


def test_a_store_that_cannot_be_written_is_said_so_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A home that is a file (or a read-only disk): the store's folder cannot be made."""
    home = tmp_path / "home"
    home.write_text("not a folder")
    monkeypatch.setenv("QUIRE_HOME", str(home))
    src = make_folder(tmp_path / "mini", config=ENCODER, onnx=("onnx/model.onnx",))
    code, out, err = run(capsys, "models", "import", str(src), "--name", "mini", "--json")
    assert code == 1 and "Traceback" not in err
    error = json.loads(out)["error"]
    assert error["type"] == "StoreError" and error["path"] == str(home / "models")
    assert error["message"].startswith("The model store cannot be written")
    assert "QUIRE_HOME" in error["hint"]
    assert home.read_text() == "not a folder"


def test_any_file_error_a_command_meets_is_said_so(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import engine.cli.main as cli

    def denied(*_args: object) -> int:
        raise PermissionError(13, "Permission denied", "/data/reports")

    monkeypatch.setattr(cli, "_run", denied)
    code, out, err = run(capsys, "models", "list", "--json")
    assert code == 1 and "Traceback" not in err
    assert err.startswith("quire: error: Permission denied (/data/reports).")
    assert "Check that the folder exists" in err
    assert json.loads(out)["error"]["path"] == "/data/reports"

    def timed_out(*_args: object) -> int:
        raise TimeoutError(110, "Connection timed out")

    monkeypatch.setattr(cli, "_run", timed_out)  # not about a folder: no folder hint
    code, out, err = run(capsys, "models", "list")
    assert code == 1 and err == "quire: error: Connection timed out\n"


@pytest.mark.parametrize("name", ["CON", "aux", "nul.json", "Com1", "model."])
def test_names_windows_cannot_hold_are_refused(name: str) -> None:
    with pytest.raises(StoreError, match="not a usable model name"):
        check_name(name)


def test_names_like_a_device_name_are_fine() -> None:
    assert check_name("console") == "console" and check_name("con-tr.1") == "con-tr.1"


def test_a_model_whose_config_names_nothing_is_listed_with_its_problem(
    quire_home: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A config with "architectures": 5 raised a TypeError no listing expected: the whole
    list crashed."""
    src = make_folder(tmp_path / "good", config=ENCODER, onnx=("onnx/model.onnx",))
    assert run(capsys, "models", "import", str(src), "--name", "good")[0] == 0
    assert run(capsys, "models", "import", str(src), "--name", "odd")[0] == 0
    config = quire_home / "models" / "odd" / "config.json"
    config.write_text(json.dumps({**ENCODER, "architectures": 5}), encoding="utf-8")
    code, out, err = run(capsys, "models", "list", "--json")
    assert code == 0 and "Traceback" not in err
    rows = {m["name"]: m for m in json.loads(out)["models"]}
    assert rows["good"]["problem"] is None
    assert "are not names" in rows["odd"]["problem"]
