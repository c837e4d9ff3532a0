"""Shared by the local API tests: a served engine on 127.0.0.1 and a controllable engine."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from engine.api import ModelUnloaded, ModelUsed, TranslateRequest, TranslateResult
from engine.errors import Cancelled
from engine.options import CancelToken, EngineOptions
from engine.server import Server, ServerConfig

WAIT = 30.0  # seconds a test waits for something that must happen (never a timing assert)


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
        return answer(request, request.text.upper(), "gate")


class Stepped:
    """Upper-cases each text, as the engine is called, and gives back nothing for a text that
    starts with "fail"; a text named in ``holds`` waits inside the engine, holding it, until
    its event is set, and one named in ``crowds`` reports that the engine closed another's
    model to load its own. Never checks the cancel token itself: what it is called with is
    what the server sent it."""

    def __init__(self, *held: str, crowds: tuple[str, ...] = ()) -> None:
        self.calls: list[str] = []
        self.holds = {text: threading.Event() for text in held}
        self.reached = {text: threading.Event() for text in held}
        self.tokens: list[CancelToken] = []
        self.crowds = crowds

    def run(
        self,
        request: Any,
        report: Callable[[Any], None] | None = None,
        cancel: CancelToken | None = None,
    ) -> TranslateResult:
        assert isinstance(request, TranslateRequest) and cancel is not None
        self.calls.append(request.text)
        self.tokens.append(cancel)
        if request.text in self.crowds and report is not None:
            report(ModelUnloaded("opus-mt-en-fr", "opus-mt-en-de", 2, 1))
        if request.text in self.holds:
            self.reached[request.text].set()
            if not self.holds[request.text].wait(WAIT):
                raise Cancelled()  # (the test failed: the server is let go)
        text = "" if request.text.startswith("fail") else request.text.upper()
        return answer(request, text, "stepped")

    def let_go(self) -> None:
        for event in self.holds.values():
            event.set()


def answer(request: TranslateRequest, text: str, model: str) -> TranslateResult:
    """A stand-in engine's answer to ``request``: ``text``, by ``model``."""
    return TranslateResult(
        text=text,
        model=ModelUsed(model, Path("/" + model), "none", "fp32", "cpu"),
        source_language="en",
        target_language=request.target or "de",
        detected_confidence=None,
    )


def wait_for(condition: Callable[[], bool]) -> None:
    """Polls a state the server must reach; fails after WAIT (a bound, not a timing assert)."""
    pause = threading.Event()
    for _ in range(int(WAIT / 0.01)):
        if condition():
            return
        pause.wait(0.01)
    raise AssertionError("the server never got there")


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
