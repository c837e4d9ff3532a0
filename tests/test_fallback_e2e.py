"""The PyTorch fallback end to end: same interface, same tokens, and the reason recorded."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import numpy as np
import pytest

from engine.options import EngineOptions
from engine.runtime import loader
from engine.runtime.generate import GenerationSettings, generate
from engine.runtime.manifest import load_model_folder
from engine.runtime.tokenizer import TextTokenizer
from tests.fixtures.builder import checkpoint, exported

TEXTS = ["the house is small", "we travel to the old city by train tomorrow", "yes"]


@pytest.fixture
def both(tmp_path: Path) -> Path:
    """A folder with the safetensors checkpoint and its ONNX export side by side."""
    folder = tmp_path / "marian-both"
    shutil.copytree(checkpoint("marian"), folder)
    shutil.copytree(exported("marian") / "onnx", folder / "onnx")
    return folder


def _translate(
    folder: Path, options: EngineOptions
) -> tuple[list[list[int]], str, tuple[str, ...]]:
    parsed = load_model_folder(folder)
    batch = TextTokenizer.load(parsed).encode_batch(TEXTS)
    model = loader.load_seq2seq(parsed, options)
    settings = GenerationSettings.from_folder(parsed.generation, parsed.config, max_new_tokens=12)
    tokens = generate(model, batch.input_ids, batch.attention_mask, settings)
    return tokens, model.info.backend, tuple(f.reason for f in model.info.fallbacks)


def test_without_onnx_runtime_the_same_folder_runs_on_pytorch(
    both: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    options = EngineOptions(home=tmp_path, dtype="fp32")
    onnx_tokens, backend, _ = _translate(both, options)
    assert backend == "onnx"

    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # import onnxruntime now fails
    monkeypatch.setattr(loader, "ort_installed", lambda: False)
    torch_tokens, backend, reasons = _translate(both, options)
    assert backend == "torch"
    assert reasons == ("ONNX Runtime is not installed",)
    assert torch_tokens == onnx_tokens
    assert len({tuple(t) for t in torch_tokens}) == len(TEXTS)


def test_a_checkpoint_without_onnx_files_runs_on_pytorch(tmp_path: Path) -> None:
    tokens, backend, reasons = _translate(checkpoint("marian"), EngineOptions(home=tmp_path))
    assert backend == "torch" and reasons == ("the folder has no ONNX files",)
    assert all(len(t) > 0 for t in tokens)


def test_asking_for_torch_uses_torch_even_with_onnx_present(both: Path, tmp_path: Path) -> None:
    tokens, backend, reasons = _translate(both, EngineOptions(home=tmp_path, backend="torch"))
    onnx_tokens, _, _ = _translate(both, EngineOptions(home=tmp_path, dtype="fp32"))
    assert backend == "torch" and reasons == () and tokens == onnx_tokens


def test_torch_encoder_fallback_gives_the_same_logits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "cls"
    shutil.copytree(checkpoint("bert-cls"), folder)
    shutil.copytree(exported("bert-cls") / "onnx", folder / "onnx")
    parsed = load_model_folder(folder)
    batch = TextTokenizer.load(parsed).encode_batch(TEXTS)
    onnx_model = loader.load_encoder(parsed, EngineOptions(home=tmp_path, dtype="fp32"))
    monkeypatch.setattr(loader, "ort_installed", lambda: False)
    torch_model = loader.load_encoder(parsed, EngineOptions(home=tmp_path))
    assert torch_model.info.backend == "torch"
    np.testing.assert_allclose(
        torch_model.run(batch.inputs())["logits"],
        onnx_model.run(batch.inputs())["logits"],
        atol=1e-4,
    )
