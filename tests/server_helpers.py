"""Shared by the local API tests: a served engine on 127.0.0.1 and a controllable engine."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from engine.api import ModelUsed, TranslateRequest, TranslateResult
from engine.errors import Cancelled
from engine.options import CancelToken, EngineOptions
from engine.server import Server, ServerConfig


def options(home: Path) -> EngineOptions:
    return EngineOptions(home=home, device="cpu", dtype="fp32")


class GatedEngine:
    """Answers translate requests with the text upper-cased, but only once ``release`` is set;
    a cancelled token stops it (and is recorded). Lets a test hold the worker deterministically."""

    def __init__(self) -> None:
        self.started = threading.Event()
        self.release = threading.Event()
        self.cancelled = threading.Event()
        self.tokens: list[CancelToken] = []

    def run(
        self,
        request: Any,
        report: Callable[[Any], None] | None = None,
        cancel: CancelToken | None = None,
    ) -> TranslateResult:
        assert isinstance(request, TranslateRequest) and cancel is not None
        self.tokens.append(cancel)
        self.started.set()
        while not self.release.wait(0.005):
            if cancel.cancelled:
                self.cancelled.set()
                raise Cancelled()
        return TranslateResult(
            text=request.text.upper(),
            model=ModelUsed("gate", Path("/gate"), "none", "fp32", "cpu"),
            source_language="en",
            target_language=request.target or "de",
            detected_confidence=None,
        )


def serve(
    home: Path, engine: Callable[[], Any] | None = None, chat: Any = None, **config: Any
) -> Server:
    server = Server(ServerConfig(port=0, **config), options(home), engine, chat)
    server.start()
    return server


PATIENT = 120.0  # seconds: a loaded machine may take long to load a model (never asserted)


class _Http:
    """httpx's one-shot functions, patient, and never through a proxy."""

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return httpx.get(url, timeout=PATIENT, trust_env=False, **kwargs)

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        kwargs.setdefault("timeout", PATIENT)
        return httpx.post(url, trust_env=False, **kwargs)

    def delete(self, url: str, **kwargs: Any) -> httpx.Response:
        return httpx.delete(url, timeout=PATIENT, trust_env=False, **kwargs)


http = _Http()
