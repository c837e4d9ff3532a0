"""The engine in its own process: real jobs on a tiny model in a spawned child, compared with
the same jobs in this process; a child killed, stopped or cancelled mid-job ends the job with
the right error and the next job succeeds on a fresh child."""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psutil
import pytest

from engine import (
    Cancelled,
    CancelToken,
    Engine,
    EngineError,
    EngineOptions,
    EngineProcess,
    EngineStopped,
    InputError,
    ModelNotFound,
)
from engine.api import (
    EmbedRequest,
    Event,
    ModelLoaded,
    ModelLoading,
    PartialText,
    Progress,
    TranslateRequest,
    TranslateResult,
)
from engine.process import engine_stopped
from tests.fixtures import corpus
from tests.fixtures.builder import exported

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

READY_S = 120.0  # generous: spawn and imports on a loaded 2-core machine; every wait still ends
MODEL = "opus-mt-en-de"


def options(home: Path) -> EngineOptions:
    return EngineOptions(home=home, device="cpu")


@pytest.fixture
def home(quire_home: Path) -> Path:
    Engine(options(quire_home)).import_model(exported("marian"), MODEL)
    return quire_home


@pytest.fixture
def process(home: Path) -> Iterator[EngineProcess]:
    with EngineProcess(options(home)) as process:
        yield process


def short() -> TranslateRequest:
    return TranslateRequest(text=" ".join(corpus.sentences("en")[:3]), source="en", target="de")


def long() -> TranslateRequest:
    """Far more batches than can finish between the first progress event and a kill."""
    sentences = corpus.sentences("en")
    paragraphs = [
        " ".join(sentences[i % len(sentences) : i % len(sentences) + 3]) for i in range(400)
    ]
    return TranslateRequest(text="\n\n".join(paragraphs), source="en", target="de")


def on_first_progress(act: Callable[[], None]) -> Callable[[Event], None]:
    """A ``report`` that acts once, when decoding is under way (the model loaded, a batch done)."""
    done = False

    def report(event: Event) -> None:
        nonlocal done
        if isinstance(event, Progress) and not done:
            done = True
            act()

    return report


def reaped(pid: int) -> bool:
    """Whether ``pid`` is no longer a child of this process (ended and waited for: no zombie)."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def comparable(event: Event) -> Event:
    """An event without its timing, which differs between any two runs."""
    if isinstance(event, ModelLoaded):
        return dataclasses.replace(event, seconds=0.0)
    if isinstance(event, Progress):
        return dataclasses.replace(event, eta_seconds=None)
    return event


def test_a_job_in_the_child_matches_the_same_job_here_events_in_order(
    process: EngineProcess, home: Path
) -> None:
    sentences = corpus.sentences("en")
    # Paragraphs: partial text grows several times (sent as what it adds) and progress moves.
    text = "\n\n".join(" ".join(sentences[i : i + 2]) for i in range(0, 40, 2))
    request = TranslateRequest(text=text, source="en", target="de")
    there: list[Event] = []
    result = process.run(request, there.append)
    here: list[Event] = []
    expected = Engine(options(home)).run(request, here.append)
    # The child loaded the model first, into the same home: its load prepared it.
    loading = [e for e in (*there, *here) if isinstance(e, ModelLoading)]
    assert [e.first_use for e in loading] == [True, False]
    there = [
        dataclasses.replace(e, first_use=False) if isinstance(e, ModelLoading) else e for e in there
    ]
    assert [comparable(e) for e in there] == [comparable(e) for e in here]
    assert sum(isinstance(e, PartialText) for e in here) >= 2  # so one went as "more"
    assert isinstance(result, TranslateResult) and isinstance(expected, TranslateResult)
    assert (result.text, result.segments) == (expected.text, expected.segments)
    assert result.model == expected.model


def test_an_engine_error_arrives_as_the_same_type_with_its_words(
    process: EngineProcess, home: Path
) -> None:
    engine = Engine(options(home))
    requests: list[Any] = [
        EmbedRequest(texts=()),  # InputError
        TranslateRequest(text="Hello.", source="en", target="fi"),  # ModelNotFound, worded
    ]
    for request, kind in zip(requests, (InputError, ModelNotFound), strict=True):
        with pytest.raises(kind) as there:
            process.run(request)
        with pytest.raises(kind) as here:
            engine.run(request)
        got, want = there.value, here.value
        assert type(got) is type(want)
        assert (got.message, got.hint, got.path) == (want.message, want.hint, want.path)
        assert (got.message_id, got.params) == (want.message_id, want.params)
    assert requests[1] and want.message_id is not None  # the worded case was exercised


def test_a_child_killed_mid_job_is_named_and_a_retry_succeeds(process: EngineProcess) -> None:
    assert process.wait_ready(READY_S)
    first = process.pid
    assert first is not None
    with pytest.raises(EngineStopped) as stopped:
        process.run(long(), on_first_progress(lambda: os.kill(first, signal.SIGKILL)))
    assert stopped.value.message == "The engine stopped unexpectedly"
    assert "SIGKILL" in stopped.value.hint and "memory" in stopped.value.hint
    assert stopped.value.params == {"signal": "SIGKILL"}
    assert reaped(first) and process.pid is None
    retried = process.run(short())
    assert retried.text  # type: ignore[union-attr]
    assert process.pid not in (None, first)


@pytest.mark.skipif(not hasattr(os, "waitid"), reason="os.waitid (Linux)")
def test_a_child_that_died_between_jobs_is_replaced_quietly(process: EngineProcess) -> None:
    assert process.wait_ready(READY_S)
    first = process.pid
    assert first is not None
    os.kill(first, signal.SIGKILL)
    os.waitid(os.P_PID, first, os.WEXITED | os.WNOWAIT)  # dead, left for the next job to reap
    assert process.run(short()).text  # type: ignore[union-attr]
    assert reaped(first) and process.pid not in (None, first)


def test_cancel_is_a_message_the_job_obeys(process: EngineProcess) -> None:
    token = CancelToken()
    with pytest.raises(Cancelled):
        process.run(long(), on_first_progress(token.cancel), token)
    before = process.pid
    assert before is not None  # it stopped by itself: the same child goes on
    assert process.run(short()).text  # type: ignore[union-attr]
    assert process.pid == before


def test_a_job_deaf_to_cancel_is_ended_by_a_restart(process: EngineProcess) -> None:
    assert process.wait_ready(READY_S)
    first = process.pid
    assert first is not None
    token = CancelToken()

    def freeze_then_cancel() -> None:
        os.kill(first, signal.SIGSTOP)  # it can no longer read its cancel, let alone obey it
        token.cancel()

    with pytest.raises(Cancelled):
        process.run(long(), on_first_progress(freeze_then_cancel), token)
    assert reaped(first)
    assert process.run(short()).text  # type: ignore[union-attr]
    assert process.pid not in (None, first)


def test_a_bad_report_callback_cancels_the_job_and_raises(process: EngineProcess) -> None:
    def explode() -> None:
        raise ValueError("the caller's own bug")

    with pytest.raises(ValueError, match="own bug"):
        process.run(long(), on_first_progress(explode))
    assert process.run(short()).text  # type: ignore[union-attr]


def test_restart_replaces_the_child_and_close_ends_it(home: Path) -> None:
    process = EngineProcess(options(home))
    assert process.wait_ready(READY_S)
    first = process.pid
    assert first is not None
    process.restart()
    assert reaped(first)
    assert process.run(short()).text  # type: ignore[union-attr]
    second = process.pid
    assert second not in (None, first)
    process.close()
    process.close()  # twice is fine
    assert second is not None and reaped(second) and process.pid is None
    with pytest.raises(RuntimeError):
        process.run(short())


def test_configure_reaches_the_child(home: Path, tmp_path: Path) -> None:
    other = tmp_path / "other-home"
    Engine(options(other)).import_model(exported("marian"), "only-here")
    request = dataclasses.replace(short(), model="only-here")
    with EngineProcess(options(home)) as process:
        with pytest.raises(ModelNotFound):
            process.run(request)
        first = process.pid
        process.configure(options(other))
        assert process.run(request).text  # type: ignore[union-attr]
        assert process.pid == first  # told, not restarted


def test_the_child_exits_when_its_parent_dies(tmp_path: Path) -> None:
    script = textwrap.dedent(
        f"""
        import os, sys
        from pathlib import Path
        from engine import EngineOptions, EngineProcess

        if __name__ == "__main__":
            process = EngineProcess(EngineOptions(home=Path({str(tmp_path)!r}), device="cpu"))
            assert process.wait_ready({READY_S})
            print(process.pid, flush=True)
            sys.stdin.readline()  # until the test has the pid
            os.kill(os.getpid(), 9)
        """
    )
    (tmp_path / "parent.py").write_text(script, "utf-8")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    with subprocess.Popen(
        [sys.executable, str(tmp_path / "parent.py")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    ) as parent:
        assert parent.stdout is not None and parent.stdin is not None
        child = psutil.Process(int(parent.stdout.readline()))
        parent.stdin.write("\n")
        parent.stdin.close()
        assert parent.wait(READY_S) == -signal.SIGKILL
    child.wait(READY_S)  # it read end of file and left by itself (else: TimeoutExpired)


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (-signal.SIGKILL, "killed (SIGKILL), which usually means the system ran out of memory"),
        (-signal.SIGABRT, "crashed (SIGABRT)"),
        (-signal.SIGSEGV, "crashed (SIGSEGV)"),
        (-signal.SIGTERM, "ended by SIGTERM"),
        (3, "exited with code 3"),
        # Windows: a crash exits with its NTSTATUS ("exited with code 3221225477" before).
        (0xC0000005, "crashed (access violation, 0xC0000005)"),
        (0xC0000409, "crashed (stack buffer overrun, 0xC0000409)"),
        (0xC0000017, "ran out of memory (no memory, 0xC0000017)"),
    ],
)
def test_the_cause_is_named(code: int, words: str) -> None:
    error = engine_stopped(code)
    assert isinstance(error, EngineError)
    assert error.message == "The engine stopped unexpectedly"
    assert words in error.hint


def test_a_child_that_dies_after_cancel_ends_the_job_as_cancelled(process: EngineProcess) -> None:
    assert process.wait_ready(READY_S)
    first = process.pid
    assert first is not None
    token = CancelToken()

    def cancel_then_die() -> None:
        token.cancel()
        os.kill(first, signal.SIGKILL)

    with pytest.raises(Cancelled):  # the user asked to stop: no error to show them
        process.run(long(), on_first_progress(cancel_then_die), token)
    assert reaped(first)
    assert process.run(short()).text  # type: ignore[union-attr]


def test_the_apps_jobs_cross_the_process_boundary(
    process: EngineProcess, home: Path, tmp_path: Path
) -> None:
    """The store's, the files' and the engine's own requests run in the child as in this
    process: the installed models, a folder scan, a file read, a preload and a removal."""
    from engine import (
        FilesFound,
        FileText,
        InstalledModels,
        ListModelsRequest,
        ModelRemoved,
        ModelUsed,
        PreloadRequest,
        ReadFileRequest,
        RemoveModelRequest,
        ScanFolderRequest,
    )

    here = Engine(options(home))
    listed = process.run(ListModelsRequest())
    local = here.run(ListModelsRequest())
    assert isinstance(listed, InstalledModels) and isinstance(local, InstalledModels)
    # As listed here, but for the free memory each fit reads, which changes between calls.
    assert [dataclasses.replace(m, fit=None) for m in listed.models] == [
        dataclasses.replace(m, fit=None) for m in local.models
    ]
    assert [m.name for m in listed.models] == [MODEL]

    (tmp_path / "docs" / "sub").mkdir(parents=True)
    (tmp_path / "docs" / "a.md").write_text("Hello.\n", encoding="utf-8")
    (tmp_path / "docs" / "sub" / "b.txt").write_text("Grüße.\n", encoding="latin-1")
    found = process.run(ScanFolderRequest(paths=(tmp_path / "docs",)))
    assert found == FilesFound((tmp_path / "docs" / "a.md", tmp_path / "docs" / "sub" / "b.txt"))
    read = process.run(ReadFileRequest(path=tmp_path / "docs" / "sub" / "b.txt"))
    assert isinstance(read, FileText) and read.text == "Grüße.\n"

    events: list[Event] = []
    used = process.run(PreloadRequest(model=MODEL), events.append)
    assert isinstance(used, ModelUsed) and used.name == MODEL
    assert any(isinstance(e, ModelLoaded) for e in events)
    assert process.run(RemoveModelRequest(name=MODEL)) == ModelRemoved(MODEL)
    assert here.run(ListModelsRequest()) == InstalledModels(())
    with pytest.raises(ModelNotFound):
        process.run(RemoveModelRequest(name=MODEL))


# --- the local API in the engine process ---------------------------------------------------


def _api_translate(url: str, text: str) -> str:
    import httpx

    reply = httpx.post(
        url + "translate",
        json={"q": text, "source": "en", "target": "de"},
        timeout=READY_S,
        trust_env=False,
    )
    assert reply.status_code == 200, reply.text
    translated: str = reply.json()["translatedText"]
    return translated


def _answers(url: str) -> bool:
    import httpx

    try:
        return httpx.get(url + "health", timeout=5, trust_env=False).status_code == 200
    except httpx.TransportError:
        return False


def test_the_local_api_serves_from_the_child_over_its_engine(
    process: EngineProcess, home: Path
) -> None:
    """The app's switch: the server runs in the engine process, over the engine the app's jobs
    use (a model loaded by one is loaded for the other), and comes back with a fresh child
    after a crash."""
    import socket

    from engine.server import ServerConfig

    with socket.socket() as probe:  # a free port, fixed for the test as the app's setting is
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = process.serve_api(ServerConfig(port=port))
    assert url == f"http://127.0.0.1:{port}/" and process.serving
    sentence = corpus.sentences("en")[0]
    served = _api_translate(url, sentence)
    # The app's job after the API's: the model is already loaded, in the same engine.
    events: list[Event] = []
    result = process.run(TranslateRequest(text=sentence, source="en", target="de"), events.append)
    assert isinstance(result, TranslateResult) and result.text == served
    assert not [e for e in events if isinstance(e, ModelLoaded)], "loaded a second time"
    # Reference: the same sentence in this process.
    direct = Engine(options(home)).run(TranslateRequest(text=sentence, source="en", target="de"))
    assert isinstance(direct, TranslateResult) and direct.text == served

    # A crash takes the server down; the next child serves again (on a port of its own: 0).
    pid = process.pid
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    os.waitid(os.P_PID, pid, os.WEXITED | os.WNOWAIT)  # dead, left for the next job to reap
    process.run(short())  # the dead child is noticed and replaced, and serves the API again
    assert process.pid != pid
    # Nobody switched it on again: the fresh child did, on the same address.
    deadline = time.monotonic() + READY_S
    while not _answers(url):
        assert time.monotonic() < deadline, "the API did not come back with the new child"
        time.sleep(0.05)
    assert _api_translate(url, sentence) == served

    process.stop_api()
    assert not process.serving
    import httpx

    with pytest.raises(httpx.TransportError):
        httpx.get(url + "health", timeout=5, trust_env=False)


def test_a_taken_port_is_a_clear_error(process: EngineProcess) -> None:
    import socket

    from engine.server import ServerConfig

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        with pytest.raises(InputError, match=f"Cannot listen on 127.0.0.1:{port}"):
            process.serve_api(ServerConfig(port=port))
    assert not process.serving
    assert isinstance(process.run(short()), TranslateResult)  # jobs go on


def test_abort_from_another_thread_ends_the_job_at_once(home: Path) -> None:
    """A quitting app: the job's token is set and the child ended from the GUI thread. The
    child here is deaf (stopped) and the grace before a restart is longer than the test may
    wait, so only ``abort`` can end the job; its thread gets Cancelled, and a later job starts
    a fresh child."""
    import threading

    token = CancelToken()
    under_way = threading.Event()
    outcome: list[BaseException] = []
    with EngineProcess(options(home), cancel_grace=10 * READY_S) as process:

        def job() -> None:
            try:
                process.run(long(), on_first_progress(under_way.set), token)
            except BaseException as exc:  # what the job's thread sees
                outcome.append(exc)

        worker = threading.Thread(target=job)
        worker.start()
        assert under_way.wait(READY_S)
        first = process.pid
        assert first is not None
        os.kill(first, signal.SIGSTOP)  # it can no longer obey a cancel
        token.cancel()
        process.abort()
        worker.join(READY_S)
        assert not worker.is_alive(), "the job waited for a child that was told to end"
        assert len(outcome) == 1 and isinstance(outcome[0], Cancelled)
        assert reaped(first)
        assert isinstance(process.run(short()), TranslateResult)
        assert process.pid not in (None, first)


def test_two_threads_sharing_one_process_each_get_their_own_result(
    process: EngineProcess,
) -> None:
    """Both read the pipe at once: one took the other's messages, and the other, finding
    the pipe empty, killed the healthy child and blamed a lack of memory (an outside review).
    Now the second waits for its turn, and a cancel while it waits ends it unstarted."""
    import threading

    requests = [short(), dataclasses.replace(short(), text=corpus.sentences("en")[5])]
    results: dict[int, Any] = {}

    def job(n: int) -> None:
        try:
            results[n] = process.run(requests[n])
        except BaseException as exc:  # what the thread saw
            results[n] = exc

    threads = [threading.Thread(target=job, args=(n,)) for n in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(READY_S)
    first = process.pid
    for n in (0, 1):
        assert isinstance(results[n], TranslateResult), results[n]
        alone = process.run(requests[n])
        assert isinstance(alone, TranslateResult) and results[n].text == alone.text
    assert process.pid == first  # never restarted
    # A caller cancelled while another's job runs never starts its own.
    token, stop, under_way = CancelToken(), CancelToken(), threading.Event()
    waiting = threading.Thread(target=lambda: results.update({2: _outcome(process, token)}))
    running = threading.Thread(
        target=lambda: results.update(
            {3: _outcome(process, stop, long(), on_first_progress(under_way.set))}
        )
    )
    running.start()
    assert under_way.wait(READY_S)
    waiting.start()
    token.cancel()
    waiting.join(READY_S)
    assert isinstance(results[2], Cancelled)
    stop.cancel()
    running.join(READY_S)
    assert isinstance(results[3], Cancelled)


def _outcome(
    process: EngineProcess,
    token: CancelToken,
    request: TranslateRequest | None = None,
    report: Callable[[Event], None] | None = None,
) -> object:
    try:
        return process.run(request or short(), report, token)
    except BaseException as exc:
        return exc
