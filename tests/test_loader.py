"""Backend, variant and device choice, and the fallbacks recorded on the way."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.errors import InputError, ModelInvalid, RuntimeUnavailable
from engine.options import EngineOptions
from engine.runtime import loader
from engine.runtime.manifest import load_model_folder
from tests.test_manifest import make_folder

ENC = {"model_type": "bert", "architectures": ["BertModel"]}
ALL = ("onnx/model.onnx", "onnx/model_fp16.onnx", "onnx/model_int8.onnx")


def test_auto_variant_is_int8_on_cpu_and_fp16_on_gpu(tmp_path: Path) -> None:
    folder = load_model_folder(make_folder(tmp_path / "m", config=ENC, onnx=ALL))
    assert loader.choose_variant(folder, ["cpu"], "auto") == ("int8", ["cpu"], [])
    assert loader.choose_variant(folder, ["cuda", "cpu"], "auto") == ("fp16", ["cuda", "cpu"], [])
    # Every Mac's ONNX Runtime has CoreML, which leaves many nodes to the CPU: not fp16 there.
    assert loader.choose_variant(folder, ["coreml", "cpu"], "auto")[0] == "fp32"


def test_auto_variant_without_int8_or_fp16_is_fp32(tmp_path: Path) -> None:
    folder = load_model_folder(make_folder(tmp_path / "m", config=ENC, onnx=("onnx/model.onnx",)))
    assert loader.choose_variant(folder, ["cpu"], "auto")[0] == "fp32"
    assert loader.choose_variant(folder, ["directml", "cpu"], "auto")[0] == "fp32"


def test_int8_on_a_gpu_moves_to_the_cpu_with_a_reason(tmp_path: Path) -> None:
    folder = load_model_folder(make_folder(tmp_path / "m", config=ENC, onnx=ALL))
    variant, plan, fallbacks = loader.choose_variant(folder, ["cuda", "cpu"], "int8")
    assert (variant, plan) == ("int8", ["cpu"])
    assert fallbacks[0].wanted == "cuda" and "CPU" in fallbacks[0].reason


def test_a_missing_requested_variant_is_a_clear_error(tmp_path: Path) -> None:
    folder = load_model_folder(make_folder(tmp_path / "m", config=ENC, onnx=("onnx/model.onnx",)))
    with pytest.raises(InputError, match=r"no int8 variant.*fp32"):
        loader.choose_variant(folder, ["cpu"], "int8")


def test_without_onnx_runtime_a_safetensors_folder_falls_back_to_torch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = load_model_folder(make_folder(tmp_path / "m", config=ENC, onnx=ALL, safetensors=True))
    monkeypatch.setattr(loader, "ort_installed", lambda: False)
    backend, fallbacks = loader._backend(folder, EngineOptions(home=tmp_path))
    assert backend == "torch"
    assert fallbacks[0].reason == "ONNX Runtime is not installed"


def test_nothing_to_run_with_is_explained(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = load_model_folder(make_folder(tmp_path / "m", config=ENC, onnx=ALL))
    monkeypatch.setattr(loader, "ort_installed", lambda: False)
    with pytest.raises(RuntimeUnavailable, match=r"ONNX Runtime is not installed.*no safetensors"):
        loader._backend(folder, EngineOptions(home=tmp_path))


def test_torch_backend_needs_safetensors(tmp_path: Path) -> None:
    folder = load_model_folder(make_folder(tmp_path / "m", config=ENC, onnx=ALL))
    with pytest.raises(ModelInvalid, match="safetensors"):
        loader._backend(folder, EngineOptions(home=tmp_path, backend="torch"))


def test_a_folder_with_only_safetensors_runs_on_torch(tmp_path: Path) -> None:
    folder = load_model_folder(make_folder(tmp_path / "m", config=ENC, safetensors=True))
    backend, fallbacks = loader._backend(folder, EngineOptions(home=tmp_path))
    assert backend == "torch" and fallbacks[0].reason == "the folder has no ONNX files"


def test_auto_leaves_out_a_provider_that_does_not_start_and_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """CUDA in the build but not working here must not make `auto` pick the fp16 variant."""
    from engine.runtime import providers

    probes = (
        providers.ProbeResult("cuda", "CUDAExecutionProvider", False, "libcudart is missing"),
        providers.ProbeResult("cpu", "CPUExecutionProvider", True, "ok"),
    )
    monkeypatch.setattr(providers, "cached_probes", lambda: probes)
    assert providers.device_plan("auto") == ["cpu"]
    assert providers.device_plan("cuda") == ["cuda", "cpu"]  # asked for explicitly: tried
    assert [(f.wanted, f.reason) for f in providers.auto_skipped()] == [
        ("cuda", "libcudart is missing")
    ]
    folder = load_model_folder(make_folder(tmp_path / "m", config=ENC, onnx=ALL))
    assert loader.choose_variant(folder, providers.device_plan("auto"), "auto")[0] == "int8"


def test_a_real_load_with_auto_runs_the_cpu_variant(tmp_path: Path) -> None:
    from engine.runtime import providers
    from tests.fixtures.builder import exported

    model = loader.load_seq2seq(load_model_folder(exported("marian")), EngineOptions(home=tmp_path))
    working = [p.device for p in providers.probe_devices() if p.works]
    if working[0] == "cpu":
        assert (model.info.variant, model.info.device) == ("int8", "cpu")
        skipped = {f.wanted for f in model.info.fallbacks}
        assert skipped == {p.device for p in providers.probe_devices() if not p.works}
    else:  # a machine with a working GPU
        assert model.info.device == working[0] and model.info.variant == "fp16"
