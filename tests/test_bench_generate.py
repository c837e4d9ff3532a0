"""bench/generate.py's preparation: what it builds for the systems it is asked to run."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bench import generate


def _prepare(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **kwargs: Any) -> list[str]:
    built: list[str] = []

    def build(function: Callable[..., Any], *args: Any) -> None:
        built.append(function.__name__)
        dst = args[0] if function is generate.build_checkpoint else args[1]
        Path(dst).mkdir(parents=True)

    monkeypatch.setattr(generate, "_in_child", build)
    generate.prepare(tmp_path, say=lambda _msg: None, **kwargs)
    return built


def test_a_gpu_run_builds_no_transformers_js_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    systems = ["quire-fp32", "quire-fp16", "ct2-fp32", "ct2-fp16"]
    built = _prepare(tmp_path, monkeypatch, ct2_dtypes=["fp32"], systems=systems)
    assert built == ["build_checkpoint", "export_model", "_convert_ct2"]


def test_by_default_everything_is_built_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = _prepare(tmp_path, monkeypatch)
    assert built == [
        "build_checkpoint",
        "export_model",
        "build_downloaded",
        "_convert_ct2",
        "_convert_ct2",
    ]
    assert _prepare(tmp_path, monkeypatch) == []  # cached
