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


# The child's memory, from Linux's /proc: its address space's own resident high-water mark
# (VmHWM). Its ru_maxrss is not its own: Linux carries the spawning process's peak across the
# exec, so a suite that had grown pytest past the bound failed here with pytest's number.
_DOUBLING_CHILD = """
import re, resource, sys
from pathlib import Path
from engine.errors import ModelInvalid
from engine.runtime.chat import ChatTemplate

def status_kb(field):
    return int(re.search(field + r":\\s+(\\d+) kB", Path("/proc/self/status").read_text())[1])

source, bound_kb = sys.argv[1], int(sys.argv[2])
# a guard that let the string double on would take the machine's memory: a MemoryError instead
cap = (status_kb("VmSize") + bound_kb) * 1024
resource.setrlimit(resource.RLIMIT_AS, (cap, resource.getrlimit(resource.RLIMIT_AS)[1]))
try:
    ChatTemplate(source, Path("t.json"), {}).render([{"role": "user", "content": "hi"}])
except ModelInvalid as exc:
    print("REFUSED", exc.message)
print("PEAK_KB", status_kb("VmHWM"))
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux's /proc")
def test_a_template_that_doubles_a_string_is_stopped_before_it_takes_the_memory() -> None:
    """In a process of its own, whose peak memory is this render's: 2**40 characters asked
    for, stopped within a doubling of the budget (at most a 512 MB copy beside its 256 MB
    source; alone the child peaks at about 430 MB)."""
    import subprocess

    bound_kb = 3 * 512 * 1024  # 1.5 GB
    done = subprocess.run(
        [sys.executable, "-c", _DOUBLING_CHILD, DOUBLING, str(bound_kb)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "REFUSED The chat template needs more than 256 MB of memory" in done.stdout, done.stdout
    peak_kb = int(done.stdout.split("PEAK_KB")[1])
    assert peak_kb < bound_kb, peak_kb


def test_a_cancel_inside_a_test_that_swallows_exceptions_still_stops_the_render() -> None:
    """Jinja's ``is sequence`` test catches any Exception: a cancel raised there as one would
    be lost, and with it the budget (the trace function goes when it raises)."""
    looping = (  # finite: with the cancel lost the render ends, and the test fails
        "{% for i in range(200) %}{% for j in range(50) %}"
        "{% if messages is sequence %}x{% endif %}{% endfor %}{% endfor %}"
    )
    for cancel_at in range(1, 40):
        calls: list[int] = []

        def check(calls: list[int] = calls, at: int = cancel_at) -> None:
            calls.append(1)
            if len(calls) >= at:
                raise Cancelled()

        with pytest.raises(Cancelled):
            _template(looping).render(MESSAGES, check=check)


def test_repetitions_and_powers_are_checked_before_they_run() -> None:
    """One ``'x' * 10**9`` would be a gigabyte before the next line's look at memory; such
    constants are not folded at compile time either (compiling runs outside the budget: a
    folded repetition would take 300 MB there, or 2.4 GB)."""
    import tracemalloc

    for source in ("{{ 'x' * 300000000 }}", "{{ [1] * 300000000 }}", "{{ 2 ** 1000000 }}"):
        tracemalloc.start()
        try:
            template = _template(source)
            template.compile()
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert peak < 32 * 1024 * 1024, (source, peak)
        with pytest.raises(ModelInvalid, match="sandbox forbids"):
            template.render(MESSAGES)
    assert _template("{{ 'ab' * 3 }}{{ 2 ** 10 }}").render(MESSAGES) == "ababab1024"


@pytest.mark.parametrize(
    "source",
    [
        # An outside review's: each one call (or one fold at compile time) of seconds or
        # gigabytes, which the render's look at the clock and memory between lines missed.
        "{% set x = ((3**4096)**4096)**4 %}{{ messages[0].content }}",
        "{{ 'a\nb'|indent(3000000000)|length }}",
        "{{ ('a\n' * 100000)|indent(4000) }}",
        "{{ 'x'|center(3000000000) }}",
        "{{ '%3000000000d' % 1 }}",
        "{{ '%*d' % (3000000000, 1) }}",
        "{{ '%3000000000d'|format(1) }}",
        "{{ '{:>3000000000}'.format(1) }}",
        "{{ '{:>{w}}'.format(1, w=3000000000) }}",
        "{{ '{:>99999999999999999999999}'.format(1) }}",
        "{{ 'ab'.ljust(3000000000) }}",
        "{{ ('\t' * 1000).expandtabs(4000000) }}",
        "{{ ('a' * 2000)|replace('a', 'b' * 4000000) }}",
        "{{ ('a' * 2000).replace('a', 'b' * 4000000) }}",
        "{{ (['x' * 4000000] * 1000)|join }}",
        "{{ ''.join(['x' * 4000000] * 1000) }}",
        "{{ messages|tojson(indent=100000000) }}",
        # A second review's: a number made huge by the int filter, then multiplied (minutes,
        # in one step; here seconds). Refused at the multiplication.
        "{% set s = 'f' * 200000 %}{% set a = (s ~ s ~ s ~ s ~ s ~ s ~ s ~ s)|int(base=16) %}"
        "{% set b = a * a %}{{ messages[0].content }}",
    ],
)
def test_one_call_too_large_for_a_prompt_is_refused_before_it_runs(source: str) -> None:
    tracemalloc.start()
    try:
        with pytest.raises(ModelInvalid, match="sandbox forbids"):
            _template(source).render(MESSAGES)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 32 * 1024 * 1024, peak


def test_widths_and_formats_a_template_uses_still_work() -> None:
    source = (
        "{{ 'ok\nno'|indent(2) }}|{{ 'x'|center(5) }}|{{ '%5d' % 3 }}|{{ '{:>4}'.format(7) }}|"
        "{{ 'a'.ljust(3) }}|{{ '%s-%s'|format(1, 2) }}|{{ 2 ** 10 }}|{{ '\t'.expandtabs(2) }}|"
        "{{ 'ab'|replace('b', 'cd') }}|{{ ['a', 'b']|join(', ') }}|{{ {'a': 1}|tojson(indent=2) }}"
    )
    assert _template(source).render(MESSAGES) == (
        'ok\n  no|  x  |    3|   7|a  |1-2|1024|  |acd|a, b|{\n  "a": 1\n}'
    )


def test_a_template_too_large_to_be_a_chat_template_is_not_compiled() -> None:
    """6 MB of template compiled for 39 s and 3 GB outside any budget (an outside review)."""
    huge = "{{ messages[0].content ~ 'a' }}" * 200_000
    with pytest.raises(ModelInvalid, match=r"is 6,054 KB, where a model's is a few"):
        _template(huge).render(MESSAGES)


def test_a_template_nested_past_the_parser_is_invalid_not_a_crash(tmp_path: Path) -> None:
    from engine.runtime.manifest import load_model_folder
    from engine.tasks.generate import is_instruct
    from tests.fixtures.causal import with_chat_template

    nested = "{{ " + "(" * 3000 + "1" + ")" * 3000 + " }}"
    with pytest.raises(ModelInvalid, match="cannot be compiled"):
        _template(nested).compile()
    folder = with_chat_template(tmp_path / "nested", nested)
    assert not is_instruct(load_model_folder(folder))  # listed as no instruction model


def test_cancelling_a_job_stops_its_template() -> None:
    calls: list[int] = []

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
