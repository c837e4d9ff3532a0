"""Choose ONNX Runtime execution providers and create sessions, recording every fallback.

Preference is CUDA → DirectML → CoreML → CPU. ``get_available_providers()`` lists what the
installed build *contains*, not what works (CUDA is listed on machines without a GPU), so a
session is created and then asked what it really got.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import os
import re
import sys
import tempfile
import threading
import warnings
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.errors import InputError, RuntimeUnavailable
from engine.options import Device
from engine.runtime import session_cache
from engine.runtime.backend import Fallback
from engine.runtime.external_data import check_external_data
from engine.runtime.ort_errors import is_file_error, is_out_of_memory, translate
from engine.runtime.rewrite import ROWS_PREFIX, Rewritten

PROVIDERS: dict[str, str] = {
    "cuda": "CUDAExecutionProvider",
    "directml": "DmlExecutionProvider",
    "coreml": "CoreMLExecutionProvider",
    "cpu": "CPUExecutionProvider",
}
DEVICE_OF = {v: k for k, v in PROVIDERS.items()}
AUTO_ORDER = ("cuda", "directml", "coreml", "cpu")


def import_ort() -> Any:
    os.environ["ORT_DISABLE_TELEMETRY"] = "1"  # (engine/__init__.py says why)
    try:
        import onnxruntime
    except ImportError as exc:
        raise RuntimeUnavailable(
            "ONNX Runtime is not installed",
            hint="Install the onnxruntime package for your platform, or use the PyTorch backend",
        ) from exc
    with contextlib.suppress(AttributeError):
        onnxruntime.disable_telemetry_events()  # Windows' event tracing, where it is built in
    return onnxruntime


# Providers ONNX Runtime loads from a library of its own, beside its core: a build that
# leaves the library out (Quire's Linux bundle, to stay small) still lists the provider, and
# each run then said "libonnxruntime_providers_cuda.so is missing; it requires cuDNN 9 and
# CUDA 13", advice no install of CUDA could follow.
_PROVIDER_LIBRARIES = {
    "cuda": ("libonnxruntime_providers_cuda.so", "onnxruntime_providers_cuda.dll"),
}


def available_devices() -> list[str]:
    """Devices whose provider the installed ONNX Runtime build contains (not proof they work)."""
    ort = import_ort()
    have = set(ort.get_available_providers())
    return [d for d in AUTO_ORDER if PROVIDERS[d] in have and _shipped(ort, d)]


def _shipped(ort: Any, device: str) -> bool:
    """Whether the provider's own library is there, where it has one."""
    names = _PROVIDER_LIBRARIES.get(device)
    if not names or not getattr(ort, "__file__", None):
        return True
    capi = Path(ort.__file__).parent / "capi"
    return any((capi / name).exists() for name in names)


def device_plan(device: Device) -> list[str]:
    """Devices to try, best first. CPU is always the last resort.

    With ``auto``, a provider the build contains but that does not start on this machine (CUDA
    without its libraries, say) is left out, so the variant is chosen for the device that will
    really run it (no fp16 graph on a CPU). ``auto_skipped()`` says what was left out and why.
    """
    if device == "auto":
        plan = [p.device for p in cached_probes() if p.works]
    else:
        plan = [device, "cpu"] if device != "cpu" else ["cpu"]
    if "cpu" not in plan:
        plan.append("cpu")
    return plan


def auto_skipped() -> list[Fallback]:
    """The providers ``device_plan("auto")`` left out, each with ONNX Runtime's reason."""
    return [Fallback(p.device, "cpu", p.detail) for p in cached_probes() if not p.works]


@functools.cache
def cached_probes() -> tuple[ProbeResult, ...]:
    """``probe_devices()``, asked once per process: starting each provider costs tens of ms."""
    return tuple(probe_devices())


def session_options(threads: int | None, *, spinning: bool = False) -> Any:
    """ONNX Runtime's options for Quire's sessions. ``spinning``: the intra-op threads
    busy-wait for the next op instead of sleeping (``engine.runtime.onnx_causal.SPINNING``)."""
    ort = import_ort()
    opts = ort.SessionOptions()
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    opts.enable_cpu_mem_arena = True
    opts.enable_mem_pattern = True
    opts.log_severity_level = 3  # errors only; fallbacks are reported through RunInfo
    if threads:
        opts.intra_op_num_threads = threads
        opts.inter_op_num_threads = 1
    # A desktop app shares the CPU with the GUI: don't busy-wait between ops, except where
    # asked (a language model's decoding step: many tiny ops, see onnx_causal.SPINNING).
    opts.add_session_config_entry("session.intra_op.allow_spinning", "1" if spinning else "0")
    opts.add_session_config_entry("session.inter_op.allow_spinning", "0")
    # Repack the weights on the intra-op threads (one at a time by default): opus-mt's int8
    # graphs open 30 ms sooner on two cores. The packed weights are the same either way.
    opts.add_session_config_entry("session.prepack.enable_parallel", "1")
    return opts


def provider_entry(device: str) -> Any:
    name = PROVIDERS[device]
    if device == "cuda":
        # use_tf32 off: fp32 stays fp32. ONNX Runtime's default rounds the inputs of fp32
        # matrix products to TF32's 10-bit mantissa on Ampere and later, 1e-3 off the CPU's
        # logits (measured on an H200); PyTorch, and so transformers, keep it off too. The
        # fast variant on a GPU is fp16.
        return (
            name,
            {
                "arena_extend_strategy": "kSameAsRequested",
                "cudnn_conv_algo_search": "DEFAULT",
                "use_tf32": "0",
            },
        )
    return name


@dataclass
class SessionResult:
    session: Any
    device: str
    fallbacks: list[Fallback]
    # The tables the session's ``quire_rows.*`` inputs look up (``engine.runtime.rewrite``).
    tables: dict[str, Any] = field(default_factory=dict)


# Makes an ``InferenceSession`` from a path or bytes, session options and one provider entry.
# Passed in (``create_session(factory=...)``), e.g. by a test simulating a provider that fails.
SessionFactory = Callable[[str | bytes, Any, list[Any]], Any]


_capture_lock = threading.Lock()


@contextlib.contextmanager
def _captured_native_stderr() -> Iterator[list[str]]:
    """Collect what ONNX Runtime's C++ logger writes to fd 2 while a GPU provider starts.

    ONNX Runtime does not raise when a provider fails to initialise: it logs the reason (a
    missing CUDA library, say) and quietly uses the CPU. We keep that reason for the user
    instead of letting it scroll past on a terminal nobody sees.
    """
    lines: list[str] = []
    with _capture_lock:
        if sys.stderr is not None:  # (None in a windowed Windows program: no console)
            with contextlib.suppress(OSError, ValueError):
                sys.stderr.flush()
        try:
            saved = os.dup(2)
        except OSError:  # no fd 2 either: ONNX Runtime's log goes nowhere, nothing to keep
            yield lines
            return
        with tempfile.TemporaryFile() as tmp:
            os.dup2(tmp.fileno(), 2)
            try:
                yield lines
            finally:
                os.dup2(saved, 2)
                os.close(saved)
                tmp.seek(0)
                text = tmp.read().decode("utf-8", "replace")
                lines.extend(
                    _ANSI.sub("", line).strip() for line in text.splitlines() if line.strip()
                )


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim: Callable[[int], int] = libc.malloc_trim
    except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
        return None
    return trim


def release_free_memory() -> None:
    """Give the heap's free pages back to the system (glibc keeps them otherwise).

    Loading a model parses and copies its file (and a rewrite of it) on the heap; once the
    session holds its weights that memory is free but still counted as the process's: 34 MB
    of opus-mt's 250 MB right after a load. A no-op where there is no ``malloc_trim``."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


def ort_session(path: str | bytes, opts: Any, providers: list[Any]) -> Any:
    """The default ``SessionFactory``: ONNX Runtime's own ``InferenceSession``."""
    return import_ort().InferenceSession(path, sess_options=opts, providers=providers)


# The model to run in place of a file's bytes: bytes, a rewrite, or a function that makes one
# (None: the file as it is), called only when no cached optimised graph spares the work.
# A callable gets the device the session is for (a rewrite may differ between devices).
Source = bytes | Rewritten | Callable[[str], bytes | Rewritten | None] | None


def _refuse_unnamable(path: Path | None) -> None:
    """ONNX Runtime takes a file's name as UTF-8 text: one with bytes that are not (Python
    holds them as surrogates) failed with "incompatible constructor arguments", said as a
    damaged model."""
    if path is None:
        return
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        raise InputError(
            "ONNX Runtime cannot open a file whose folder's name is not UTF-8 text",
            path=path,
            hint="Move the model (or Quire's models, QUIRE_HOME) to a folder whose name is "
            "plain text, or rename the folder",
            message_id="model.folder_not_utf8",
        ) from None


def create_session(
    path: Path,
    plan: list[str],
    *,
    threads: int | None = None,
    model_root: Path | None = None,
    source: Source = None,
    cache: Path | None = None,
    factory: SessionFactory = ort_session,
    spinning: bool = False,
) -> SessionResult:
    """Create a session on the first device of ``plan`` that really initialises.

    ``source``: the serialised model to run instead of the file's bytes (a load-time rewrite
    of ``path``, which still names the model in errors). ``cache``: a folder for ONNX
    Runtime's optimised graphs (``engine.runtime.session_cache``); None: no cache.
    ``factory``: what makes each session (``ort_session``). ``spinning``: as for
    ``session_options``."""
    for named in (path, cache):
        _refuse_unnamable(named)
    # The cache key must see a change to any weights file, not only to the graph's.
    weights, cpu_slot = _external_weights(path, model_root or path.parent, cache)
    fallbacks: list[Fallback] = []
    last_error: Exception | None = None
    for i, device in enumerate(plan):
        try:
            slot = cpu_slot if device == "cpu" else _slot(cache, path, device, weights)
            session, got_device, log, tables = _open(
                path, source, threads, device, slot, factory, spinning=spinning
            )
        except Exception as exc:  # ORT's classes derive from Exception alone
            if is_file_error(exc):  # no other device would load it either
                raise translate(exc, model_root or path.parent, path, loading=True) from exc
            last_error = exc
            nxt = plan[i + 1] if i + 1 < len(plan) else "nothing"
            fallbacks.append(Fallback(device, nxt, f"{PROVIDERS[device]} failed: {_short(exc)}"))
            continue
        if got_device != device:
            fallbacks.append(Fallback(device, got_device, _why(device, log)))
        release_free_memory()
        return SessionResult(session, got_device, fallbacks, tables)
    if last_error is None or (plan[-1] != "cpu" and not is_out_of_memory(last_error)):
        raise RuntimeUnavailable(
            f"No execution provider could run the model: {last_error}", path=path
        )
    raise translate(last_error, model_root or path.parent, path, loading=True) from last_error


def cache_entry(path: Path, root: Path, cache: Path) -> session_cache.CacheEntry | None:
    """The cache entry a CPU session of ``path`` (a file of the model folder ``root``) would
    open or save (None: not cached). Raises ``ModelInvalid`` as a load would."""
    return _external_weights(path, root, cache)[1]


def _external_weights(
    path: Path, root: Path, cache: Path | None
) -> tuple[list[Path], session_cache.CacheEntry | None]:
    """The files that hold ``path``'s external data, each checked to lie inside ``root``; and
    the CPU's cache entry of ``path`` (keyed with those files), worked out once."""
    # The check walks the whole file (0.05 s for opus-mt's int8 decoder). It is skipped when
    # the cache holds the graph optimised from this very file and keyed with no external
    # data: the key covers the file's resolved path, size, modification and change time, and
    # such an entry is saved only after this check found that the file, as it was then, names
    # no external data. An unchanged file that names none reads nothing outside itself,
    # whichever folder it is opened from.
    slot = _slot(cache, path, "cpu", [])
    if slot is not None and slot.exists():
        return [], slot
    weights = [path.parent / w for w in check_external_data(path, root)]
    return weights, (_slot(cache, path, "cpu", weights) if weights else slot)


def _slot(
    cache: Path | None, path: Path, device: str, weights: list[Path]
) -> session_cache.CacheEntry | None:
    """The cache entry of ``path`` for sessions made with ``session_options``."""
    if cache is None:
        return None
    level = str(session_options(None).graph_optimization_level)
    version = import_ort().__version__
    return session_cache.entry(
        cache, path, device=device, level=level, ort_version=version, weights=weights
    )


def _open(
    path: Path,
    source: Source,
    threads: int | None,
    device: str,
    slot: session_cache.CacheEntry | None,
    factory: SessionFactory,
    *,
    spinning: bool = False,
) -> tuple[Any, str, list[str], dict[str, Any]]:
    """``_try_device`` through the cache entry ``slot`` of optimised graphs, when there is
    one; also the tables of the session's ``quire_rows.*`` inputs."""
    ort = import_ort()
    if slot is not None and slot.exists():
        cached_opts = session_options(threads, spinning=spinning)
        # Already optimised at this level; optimising again would only cost time.
        cached_opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
        for key, value in slot.load_config().items():
            cached_opts.add_session_config_entry(key, value)
        try:
            session, got, log = _try_device(str(slot.path), cached_opts, device, factory)
            rows = [i.name for i in session.get_inputs() if i.name.startswith(ROWS_PREFIX)]
            return session, got, log, slot.tables(rows)
        except Exception:  # a damaged entry: drop it and load the model itself
            slot.remove()
    made = source(device) if callable(source) else source
    data = made.data if isinstance(made, Rewritten) else made
    tables = dict(made.tables) if isinstance(made, Rewritten) else {}
    located = dict(made.located) if isinstance(made, Rewritten) else {}
    weights: dict[str, Any] = made.weights if isinstance(made, Rewritten) else {}
    del made
    tmp: Path | None = None
    if slot is not None:
        with contextlib.suppress(OSError):
            tmp = slot.saving()

    def options(held: Mapping[str, Any]) -> Any:
        opts = session_options(threads, spinning=spinning)
        if tmp is not None and slot is not None:
            opts.optimized_model_filepath = str(tmp)
            for key, value in slot.save_config(tmp).items():
                opts.add_session_config_entry(key, value)
        if held:  # the weights a rewrite held out of its bytes (ONNX Runtime copies them)
            values = [ort.OrtValue.ortvalue_from_numpy(a) for a in held.values()]
            opts.add_external_initializers(list(held), values)
        return opts

    try:
        try:
            session, got, log = _try_device(
                str(path) if data is None else data, options(weights), device, factory
            )
        except Exception as exc:
            if data is None:
                raise
            # A rewrite is an optimisation, never a reason to refuse a model: a graph that
            # ONNX Runtime will not take as rewritten is opened as the file has it. That graph
            # is saved under this key (the same file, rewrite and runtime would be refused
            # again), unless the refusal was for want of memory, which may pass: then the
            # next load tries the rewrite again.
            data, tables = None, {}
            weights.clear()
            if tmp is not None and is_out_of_memory(exc):
                _discard(tmp, slot)
                tmp = None
            session, got, log = _try_device(str(path), options({}), device, factory)
    except Exception:
        if tmp is None:
            raise
        _discard(tmp, slot)
        # Saving the optimised graph may be what failed (a full disk, a quota: ONNX Runtime
        # says "SystemError : 28", or names the file it could not write), and the error would
        # blame the model. The graph is a cache, never a reason to refuse a model: opened
        # once more, unsaved (a model that is damaged is refused again, as it was).
        tmp = None
        session, got, log = _try_device(
            str(path) if data is None else data, options(weights), device, factory
        )
    # The session holds its own copy of the weights now. The loader keeps its rewrite until
    # the load returns, so the dict is emptied, not just dropped, before the memory is trimmed.
    weights.clear()
    del data, weights
    if tmp is not None and slot is not None:
        with contextlib.suppress(OSError, ValueError):
            if slot.commit(tmp, tables, located) and tables:
                # The saved copies, memory-mapped: the rows a lookup never touches stay on disk.
                tables = slot.tables(list(tables))
    return session, got, log, tables


def _discard(tmp: Path, slot: session_cache.CacheEntry | None) -> None:
    """Delete what a session began saving at ``tmp`` for ``slot``."""
    tmp.unlink(missing_ok=True)
    if slot is not None and slot.external:
        (tmp.parent / slot.data_name(tmp)).unlink(missing_ok=True)


def shared_cache_binding(session: Any, buffers: Mapping[str, Any]) -> Any:
    """An IO binding for a graph whose fused attention appends to its cache in place
    (``engine.runtime.fuse_attention``): each ``past_key_values…`` input in ``buffers`` bound
    to its OrtValue, and the matching ``present…`` output to the very same one; ``logits``
    bound first, to the host (outputs come back in binding order). The caller binds the
    other inputs at each run."""
    from engine.runtime.fuse_attention import present_name

    binding = session.io_binding()
    binding.bind_output("logits", "cpu")
    for past, value in buffers.items():
        binding.bind_ortvalue_input(past, value)
        binding.bind_ortvalue_output(present_name(past), value)
    return binding


def _try_device(
    source: str | bytes, opts: Any, device: str, factory: SessionFactory = ort_session
) -> tuple[Any, str, list[str]]:
    """Create a session for one device; return it, the device it really got, and ORT's log."""
    if device == "cpu":
        session = factory(source, opts, [provider_entry(device)])
        log: list[str] = []
    else:
        if device == "cuda":
            load_cuda_libraries()
        with _captured_native_stderr() as log:
            session = factory(source, opts, [provider_entry(device)])
    got = session.get_providers()
    return session, (DEVICE_OF.get(got[0], "cpu") if got else "cpu"), log


@functools.cache
def load_cuda_libraries() -> str:
    """Load the CUDA and cuDNN libraries from the ``nvidia-*`` pip packages, where they are
    installed (``pip install 'onnxruntime-gpu[cuda,cudnn]'``), before the first CUDA session:
    ONNX Runtime does not look for them there itself (its ``preload_dlls``; importing PyTorch
    first does the same). Once per process; what ONNX Runtime prints about it is returned,
    not printed (``quire ... --json`` owns stdout)."""
    ort = import_ort()
    preload = getattr(ort, "preload_dlls", None)
    if preload is None or "CUDAExecutionProvider" not in ort.get_available_providers():
        return ""
    said: list[str] = []
    # Its module's own print, not the process's stdout: redirecting sys.stdout took every
    # other thread's output for the moment too (a program printing beside the engine).
    module = getattr(preload, "__globals__", {})
    shadowed = module.get("print", _ABSENT)
    module["print"] = lambda *parts, **_options: said.append(" ".join(map(str, parts)))
    try:
        with warnings.catch_warnings(record=True) as warned:
            warnings.simplefilter("always")
            try:
                preload(cuda=True, cudnn=True, msvc=True)
            except Exception as exc:  # a broken install is the CUDA session's to report
                said.append(f"preload_dlls failed: {exc}")
    finally:
        if shadowed is _ABSENT:
            module.pop("print", None)
        else:
            module["print"] = shadowed
    return "\n".join([*said, *(str(w.message) for w in warned)]).strip()


_ABSENT = object()


def _why(device: str, log: list[str]) -> str:
    """One readable sentence from ONNX Runtime's log lines about a provider that failed."""
    text = " ".join(log)
    parts = []
    # (a path with spaces in it: an install under "/home/Jürgen Zhang/…")
    missing = re.search(r"with error: (.+?): cannot open shared object", text)
    if missing:
        parts.append(f"{missing.group(1)} is missing")
    required = re.search(r"(Require[^.]*\.(?:\*[^.]*\.)*)", text)
    if required:
        parts.append(required.group(1).rstrip(". ").replace("Require", "it requires", 1))
    if not parts and log:
        parts.append(_short(Exception(log[-1].split("] ", 1)[-1])))
    reason = f"{PROVIDERS[device]} did not initialise"
    return f"{reason}: {'; '.join(parts)}" if parts else reason


# The smallest model there is (one Identity node), to ask each provider whether it really works.
_PROBE_MODEL = base64.b64decode(
    "CAg6OwoQCgF4EgF5IghJZGVudGl0eRIFcHJvYmVaDwoBeBIKCggIARIECgIIAWIPCgF5EgoKCAgBEgQKAggBQgQKABAN"
)


@dataclass(frozen=True)
class ProbeResult:
    device: str
    provider: str
    works: bool
    detail: str


def probe_devices() -> list[ProbeResult]:
    """Ask every provider the installed ONNX Runtime contains whether it really initialises."""
    results = []
    for device in available_devices():
        try:
            _, got, log = _try_device(_PROBE_MODEL, session_options(1), device)
        except Exception as exc:
            results.append(ProbeResult(device, PROVIDERS[device], False, _short(exc)))
            continue
        works = got == device
        detail = "ok" if works else _why(device, log)
        results.append(ProbeResult(device, PROVIDERS[device], works, detail))
    return results


def _short(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= 200 else text[:197] + "..."
