"""Engine configuration, passed in once at construction (nothing is read from globals)."""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Device = Literal["auto", "cpu", "cuda", "directml", "coreml"]
Dtype = Literal["auto", "fp32", "fp16", "int8", "q4", "q4f16"]
BackendName = Literal["auto", "onnx", "torch"]

DEVICES: tuple[Device, ...] = ("auto", "cpu", "cuda", "directml", "coreml")
DTYPES: tuple[Dtype, ...] = ("auto", "fp32", "fp16", "int8", "q4", "q4f16")
BACKENDS: tuple[BackendName, ...] = ("auto", "onnx", "torch")


def offline_from_env() -> bool:
    """``QUIRE_OFFLINE=1`` (or true/yes/on) turns offline mode on for a whole session."""
    return os.environ.get("QUIRE_OFFLINE", "").strip().lower() in ("1", "true", "yes", "on")


def default_home() -> Path:
    """The model store: ``$QUIRE_HOME`` if set, else the platform's user data folder."""
    env = os.environ.get("QUIRE_HOME")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("Quire", appauthor=False))


@dataclass(frozen=True, kw_only=True)
class EngineOptions:
    """How the engine runs models. Every field has a sane default."""

    home: Path = field(default_factory=default_home)
    device: Device = "auto"
    dtype: Dtype = "auto"
    backend: BackendName = "auto"
    threads: int | None = None  # intra-op threads; None = physical cores as ONNX Runtime sees fit
    # Offline mode: nothing opens a network socket; downloads are refused before they start.
    offline: bool = field(default_factory=offline_from_env)
    # Downloads only. None = $HF_ENDPOINT, else https://huggingface.co (a mirror goes here).
    endpoint: str | None = None
    # None = the system's proxy settings and $HTTPS_PROXY / $HTTP_PROXY / $NO_PROXY.
    proxy: str | None = None
    # A PEM bundle for TLS (company proxies); None = $REQUESTS_CA_BUNDLE, $SSL_CERT_FILE, certifi.
    ca_bundle: Path | None = None
    # A catalog file replacing the shipped resources/catalog.json (a site's own, e.g. on a mirror).
    catalog: Path | None = None
    # Generation settings applied over every seq2seq model's own, as (name, value) pairs: tests
    # and benchmarks keep outputs short and greedy with it. Empty in the product.
    generation: tuple[tuple[str, int | float | bool], ...] = ()

    def __post_init__(self) -> None:
        # A program may give paths as strings ("~/models" too): they are Paths from here on.
        for key in ("home", "ca_bundle", "catalog"):
            value = getattr(self, key)
            if value is not None and not isinstance(value, Path):
                object.__setattr__(self, key, Path(value).expanduser())
        if self.device not in DEVICES:
            raise ValueError(f"device must be one of {', '.join(DEVICES)}, not {self.device!r}")
        if self.dtype not in DTYPES:
            raise ValueError(f"dtype must be one of {', '.join(DTYPES)}, not {self.dtype!r}")
        if self.backend not in BACKENDS:
            raise ValueError(f"backend must be one of {', '.join(BACKENDS)}, not {self.backend!r}")
        if self.threads is not None and self.threads < 1:
            raise ValueError("threads must be at least 1")
        for key in ("endpoint", "proxy"):
            value = getattr(self, key)
            if value is not None and not value.startswith(("http://", "https://", "socks")):
                raise ValueError(f"{key} must be a URL such as https://host:port, not {value!r}")


class CancelToken:
    """Cooperative cancellation: the owner calls ``cancel()``, the engine calls ``check()``
    between segments and between decoder steps."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        if self._event.is_set():
            from engine.errors import Cancelled

            raise Cancelled()

    def wait(self, seconds: float) -> None:
        """Pause up to ``seconds``, raising ``Cancelled`` as soon as the token is set (a
        retry's pause must not hold a cancel up)."""
        self._event.wait(seconds)
        self.check()
