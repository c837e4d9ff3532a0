"""A chat template is untrusted input: one that loops for ever, or doubles a string in a loop,
is stopped by its render's budget with a clear error (and a job's cancel stops it), instead
of holding the CPU for hours or the machine's memory."""

from __future__ import annotations

import sys
import tracemalloc
from pathlib import Path

import pytest

from engine.errors import Cancelled, ModelInvalid
from engine.runtime import chat
from engine.runtime.chat import ChatTemplate

MESSAGES = [{"role": "user", "content": "hi"}]
ENDLESS = (
    "{% for i in range(100000) %}{% for j in range(100000) %}{% for k in range(100000) %}"
    "{% endfor %}{% endfor %}{% endfor %}"
)
DOUBLING = (
    "{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}"
    "{% endfor %}{{ ns.s }}"
)
PLAIN = "{% for m in messages %}<|{{ m.role }}|>{{ m.content }}{% endfor %}<|assistant|>"


def _template(source: str) -> ChatTemplate:
    return ChatTemplate(source, Path("tokenizer_config.json"), {})


def test_a_template_that_runs_for_ever_is_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chat, "RENDER_SECONDS", 0.3)
    with pytest.raises(ModelInvalid, match=r"runs for more than 0.3 s: Quire stopped it"):
        _template(ENDLESS).render(MESSAGES)


def test_a_template_that_doubles_a_string_is_stopped_before_it_takes_the_memory() -> None:
    resource = pytest.importorskip("resource")  # POSIX: the process's peak memory
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(ModelInvalid, match=r"needs more than 64 MB of memory"):
        _template(DOUBLING).render(MESSAGES)
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown_kb < 1024 * 1024  # 2**40 characters unchecked; stopped within a few doublings


def test_cancelling_a_job_stops_its_template() -> None:
    calls = []

    def check() -> None:
        calls.append(1)
        if len(calls) == 3:
            raise Cancelled()

    with pytest.raises(Cancelled):
        _template(ENDLESS).render(MESSAGES, check=check)
    assert len(calls) == 3


def test_the_render_leaves_tracing_as_it_found_it() -> None:
    def tracer(frame: object, event: str, arg: object) -> None:
        return None

    assert not tracemalloc.is_tracing()
    before = sys.gettrace()
    assert _template(PLAIN).render(MESSAGES) == "<|user|>hi<|assistant|>"
    assert sys.gettrace() is before
    assert not tracemalloc.is_tracing()
    previous = sys.gettrace()
    sys.settrace(tracer)
    try:
        with pytest.raises(ModelInvalid):
            _template(DOUBLING).render(MESSAGES)
        assert sys.gettrace() is tracer
    finally:
        sys.settrace(previous)
