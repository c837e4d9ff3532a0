"""Sessions: external-data confinement, provider fallbacks with reasons, the device probe."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from onnx import TensorProto, helper, numpy_helper

from engine.errors import ModelInvalid
from engine.runtime import providers
from engine.runtime.external_data import check_external_data, external_data_locations


def _add_model(path: Path, *, external: str | None = None, in_subgraph: bool = False) -> Path:
    """y = x + w, with w stored inline or as external data (optionally inside an If branch)."""
    w = numpy_helper.from_array(np.arange(4, dtype=np.float32), "w")
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [4])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [4])
    if in_subgraph:
        branch = helper.make_graph([helper.make_node("Add", ["x", "w"], ["y"])], "b", [], [y], [w])
        cond = numpy_helper.from_array(np.array(True), "cond")
        node = helper.make_node("If", ["cond"], ["y"], then_branch=branch, else_branch=branch)
        graph = helper.make_graph([node], "g", [x], [y], [cond])
    else:
        graph = helper.make_graph([helper.make_node("Add", ["x", "w"], ["y"])], "g", [x], [y], [w])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    if external is not None:
        (path.parent / "w.bin").write_bytes(np.arange(4, dtype=np.float32).tobytes())
        tensors = [t for g in [model.graph] for t in g.initializer if t.name == "w"]
        if in_subgraph:
            tensors = [t for t in model.graph.node[0].attribute[0].g.initializer]
        for t in tensors:
            t.ClearField("float_data")
            t.ClearField("raw_data")
            t.data_location = TensorProto.EXTERNAL
            for key, value in (("location", external), ("offset", "0"), ("length", "16")):
                entry = t.external_data.add()
                entry.key, entry.value = key, value
    path.write_bytes(model.SerializeToString())
    return path


def test_inline_model_has_no_external_data(tmp_path: Path) -> None:
    assert external_data_locations(_add_model(tmp_path / "m.onnx")) == []


def test_external_data_inside_the_folder_is_allowed_and_runs(tmp_path: Path) -> None:
    path = _add_model(tmp_path / "m.onnx", external="w.bin")
    assert external_data_locations(path) == ["w.bin"]
    result = providers.create_session(path, ["cpu"], model_root=tmp_path)
    (out,) = result.session.run(None, {"x": np.ones(4, dtype=np.float32)})
    np.testing.assert_array_equal(out, np.arange(4, dtype=np.float32) + 1)


def test_the_walk_for_external_data_is_done_once_per_version_of_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A model's first load asks twice (whether it is a first use, then the load itself)."""
    from engine.runtime import external_data

    walked: list[Path] = []
    real = external_data._walk_locations

    def spy(path: Path) -> list[str]:
        walked.append(path)
        return real(path)

    monkeypatch.setattr(external_data, "_walk_locations", spy)
    path = _add_model(tmp_path / "m.onnx", external="w.bin")
    assert external_data_locations(path) == external_data_locations(path) == ["w.bin"]
    assert walked == [path]
    _add_model(path, external="other-weights.bin")  # changed: its size differs
    assert external_data_locations(path) == ["other-weights.bin"]
    assert walked == [path, path]


@pytest.mark.parametrize("location", ["../w.bin", "/etc/passwd", "sub/../../w.bin"])
@pytest.mark.parametrize("in_subgraph", [False, True])
def test_external_data_escaping_the_folder_is_refused(
    tmp_path: Path, location: str, in_subgraph: bool
) -> None:
    model_dir = tmp_path / "model"
    model_dir.mkdir()
    path = _add_model(model_dir / "m.onnx", external=location, in_subgraph=in_subgraph)
    assert location in external_data_locations(path)
    with pytest.raises(ModelInvalid, match="outside its model folder"):
        check_external_data(path, model_dir)
    with pytest.raises(ModelInvalid, match="outside its model folder"):
        providers.create_session(path, ["cpu"], model_root=model_dir)


def test_missing_external_file_and_garbage_are_model_errors(tmp_path: Path) -> None:
    path = _add_model(tmp_path / "m.onnx", external="gone.bin")
    with pytest.raises(ModelInvalid, match="missing"):
        check_external_data(path, tmp_path)
    garbage = tmp_path / "garbage.onnx"
    garbage.write_bytes(b"\xff\xff\xff\xff not protobuf")
    with pytest.raises(ModelInvalid) as info:
        providers.create_session(garbage, ["cpu"])
    assert info.value.path == garbage


def _cpu_only(tried: list[Any], reason: str) -> providers.SessionFactory:
    """A session factory that records each provider entry asked for and fails all but the
    CPU's, as a machine without a working GPU does."""

    def factory(source: str | bytes, opts: Any, entries: list[Any]) -> Any:
        tried.append(entries[0])
        if entries[0] != "CPUExecutionProvider":
            raise RuntimeError(f"simulated: {reason}")
        return providers.ort_session(source, opts, entries)

    return factory


def test_failing_provider_falls_back_to_cpu_with_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _add_model(tmp_path / "m.onnx")
    tried: list[Any] = []
    factory = _cpu_only(tried, "CUDA driver version is insufficient")
    result = providers.create_session(path, ["cuda", "cpu"], factory=factory)
    assert result.device == "cpu"
    assert [f.wanted for f in result.fallbacks] == ["cuda"]
    assert "CUDA driver version is insufficient" in result.fallbacks[0].reason
    assert len(tried) == 2


def test_cuda_sessions_keep_fp32_matrix_products_in_fp32(tmp_path: Path) -> None:
    """ONNX Runtime's CUDA provider rounds fp32 matrix products to TF32 unless told not to:
    1e-3 off the CPU's logits on an H200, the fp32 parity tests' whole budget."""
    tried: list[Any] = []
    providers.create_session(
        _add_model(tmp_path / "m.onnx"), ["cuda", "cpu"], factory=_cpu_only(tried, "no GPU")
    )
    name, options = tried[0]
    assert name == "CUDAExecutionProvider" and options["use_tf32"] == "0"


def test_the_pip_packages_cuda_libraries_are_loaded_once_before_cuda_and_print_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """ONNX Runtime finds the nvidia-* pip packages' libraries only through preload_dlls,
    which prints what it could not load: on stdout, which ``--json`` owns."""
    ort = providers.import_ort()
    if "CUDAExecutionProvider" not in ort.get_available_providers():
        pytest.skip("this ONNX Runtime build has no CUDA provider")
    calls: list[dict[str, Any]] = []

    def preload(**kwargs: Any) -> None:
        calls.append(kwargs)
        print("Failed to load libcublasLt.so.13: not here")
        # What the rest of the program writes meanwhile stays its own: stdout was redirected
        # for the whole process, and another thread's lines were lost (an outside review).
        sys.stdout.write("the program's own line\n")

    monkeypatch.setattr(ort, "preload_dlls", preload)
    providers.load_cuda_libraries.cache_clear()
    path = _add_model(tmp_path / "m.onnx")
    providers.create_session(path, ["cpu"])
    assert calls == []  # not for a CPU session
    for _ in range(2):
        providers.create_session(path, ["cuda", "cpu"])
    assert calls == [{"cuda": True, "cudnn": True, "msvc": True}]
    assert providers.load_cuda_libraries() == "Failed to load libcublasLt.so.13: not here"
    assert capsys.readouterr().out == "the program's own line\n"
    providers.load_cuda_libraries.cache_clear()


def test_provider_that_silently_degrades_is_reported(tmp_path: Path) -> None:
    """ORT quietly runs on the CPU when CUDA libraries are missing; we must notice."""
    if "CUDAExecutionProvider" not in providers.import_ort().get_available_providers():
        pytest.skip("this ONNX Runtime build has no CUDA provider to degrade")
    path = _add_model(tmp_path / "m.onnx")
    result = providers.create_session(path, ["cuda", "cpu"])
    if result.device == "cuda":
        pytest.skip("a working CUDA GPU is present")
    assert result.fallbacks and result.fallbacks[0].wanted == "cuda"
    assert "did not initialise" in result.fallbacks[0].reason


def test_probe_reports_every_provider_and_cpu_works() -> None:
    probes = providers.probe_devices()
    devices = [p.device for p in probes]
    assert devices[-1] == "cpu" and probes[-1].works
    for p in probes:
        assert p.works or p.detail  # a provider that does not work says why


def test_device_plan_always_ends_on_cpu() -> None:
    assert providers.device_plan("cpu") == ["cpu"]
    assert providers.device_plan("coreml") == ["coreml", "cpu"]
    assert providers.device_plan("auto")[-1] == "cpu"


# A windowed Windows program (PyInstaller's quire.exe, console=False) has sys.stderr None
# and no fd 2: the capture of ONNX Runtime's log around a GPU provider raised there, so the
# probe found DirectML "not working" ('NoneType' object has no attribute 'flush') and every
# job ran on the CPU.
_NO_CONSOLE = """
import os, sys
os.close(2)
sys.stderr = None
from engine.runtime import providers

class Session:
    def get_providers(self):
        return ["DmlExecutionProvider", "CPUExecutionProvider"]

_, got, log = providers._try_device(b"", None, "directml", lambda *_: Session())
print(got, log)
"""


@pytest.mark.parametrize("fd2", ["closed", "open"])
def test_a_gpu_provider_is_tried_in_a_program_without_a_console(fd2: str) -> None:
    import subprocess

    code = _NO_CONSOLE if fd2 == "closed" else _NO_CONSOLE.replace("os.close(2)", "")
    child = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert child.returncode == 0, child.stderr
    assert child.stdout.strip() == "directml []"


def test_a_provider_whose_library_the_build_left_out_is_not_offered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Linux bundle leaves out ONNX Runtime's CUDA library, which still lists the
    provider: every run said the library "is missing; it requires cuDNN 9 and CUDA 13"."""
    import types

    capi = tmp_path / "onnxruntime" / "capi"
    capi.mkdir(parents=True)
    fake = types.SimpleNamespace(
        __file__=str(capi.parent / "__init__.py"),
        get_available_providers=lambda: ["CUDAExecutionProvider", "CPUExecutionProvider"],
    )
    monkeypatch.setattr(providers, "import_ort", lambda: fake)
    assert providers.available_devices() == ["cpu"]
    (capi / "libonnxruntime_providers_cuda.so").write_bytes(b"")
    assert providers.available_devices() == ["cuda", "cpu"]


def test_a_missing_library_is_named_from_a_path_with_spaces() -> None:
    log = [
        "[E:onnxruntime:Default, provider_bridge_ort.cc:2167 TryGetProviderInfo_CUDA] "
        "Failed to load library libonnxruntime_providers_cuda.so with error: "
        "/home/Jürgen Zhang/quire/_internal/libcublasLt.so.13: cannot open shared object "
        "file: No such file or directory"
    ]
    reason = providers._why("cuda", log)
    assert "/home/Jürgen Zhang/quire/_internal/libcublasLt.so.13 is missing" in reason
