"""The local API's jobs take turns: a long batch gives the engine to the requests waiting
between its texts (and a long page between its paragraphs, a document between its batches),
still answering every text in order; a client that leaves stops its batch; and a part of an
HTML text the model failed on is named as untranslated. On a stand-in engine that waits on
events, never on the clock."""

from __future__ import annotations

import concurrent.futures
import json
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from engine.engine import Engine
from engine.errors import Cancelled
from engine.options import CancelToken
from engine.server import Server
from tests.fixtures.builder import exported
from tests.server_helpers import WAIT, Stepped, http, options, serve, wait_for

BATCH = [f"long {i}" for i in range(8)]


@pytest.fixture
def home(quire_home: Path) -> Path:
    # The languages offered are the installed model's; the answers are the stand-in's.
    Engine(options(quire_home)).import_model(exported("marian"), "opus-mt-en-de")
    return quire_home


@pytest.fixture
def pool() -> Iterator[concurrent.futures.ThreadPoolExecutor]:
    with concurrent.futures.ThreadPoolExecutor(4) as threads:
        yield threads


def translate(server: Server, q: Any, **fields: Any) -> httpx.Response:
    return http.post(
        server.url + "translate", json={"q": q, "source": "en", "target": "de", **fields}
    )


def jobs(server: Server) -> int:
    return len(http.get(server.url + "v1/jobs").json())


def beside(
    pool: concurrent.futures.ThreadPoolExecutor,
    reached: threading.Event,
    served: Server,
    long: Any,
    short: Any,
) -> tuple[concurrent.futures.Future[httpx.Response], concurrent.futures.Future[httpx.Response]]:
    """Sends ``long`` (texts to translate, or a function that sends a request) and, once the
    engine has ``reached`` its held text, ``short`` beside it: both are the server's jobs, the
    second waiting for its turn."""
    first = pool.submit(long) if callable(long) else pool.submit(translate, served, long)
    assert reached.wait(WAIT)
    second = pool.submit(translate, served, short)
    wait_for(lambda: jobs(served) == 2)
    return first, second


def test_a_short_request_is_answered_while_a_long_batch_is_mid_way(
    home: Path, pool: concurrent.futures.ThreadPoolExecutor
) -> None:
    """A batch of texts held every other client until its last text (one model, one job at
    a time): the short request waited for all 500 of a page's strings. Now the batch gives
    its turn between two texts, and the short request is answered while the batch still
    holds its fourth text in the engine."""
    engine = Stepped("long 2", "long 3")
    served = serve(home, lambda: engine)
    try:
        batch, short = beside(pool, engine.reached["long 2"], served, BATCH, "short")
        engine.holds["long 2"].set()
        # "long 3" is held until the short request has its answer: it gets one only if it
        # runs between the batch's texts.
        assert short.result(timeout=WAIT).json() == {"translatedText": "SHORT"}
        assert engine.reached["long 3"].wait(WAIT)
        assert not batch.done()
        assert engine.calls == ["long 0", "long 1", "long 2", "short", "long 3"]
        engine.let_go()
        reply = batch.result(timeout=WAIT)
    finally:
        engine.let_go()
        served.stop()
    assert reply.json() == {"translatedText": [text.upper() for text in BATCH]}
    assert engine.calls == [*BATCH[:3], "short", *BATCH[3:]]


def test_two_batches_take_turns_text_by_text(
    home: Path, pool: concurrent.futures.ThreadPoolExecutor
) -> None:
    """Two clients' batches alternate, each answered whole and in order."""
    engine = Stepped("a 0")
    served = serve(home, lambda: engine)
    first, second = [f"a {i}" for i in range(4)], [f"b {i}" for i in range(4)]
    try:
        one, two = beside(pool, engine.reached["a 0"], served, first, second)
        engine.let_go()
        replies = one.result(timeout=WAIT), two.result(timeout=WAIT)
    finally:
        engine.let_go()
        served.stop()
    assert [r.json()["translatedText"] for r in replies] == [
        [t.upper() for t in first],
        [t.upper() for t in second],
    ]
    assert engine.calls == ["a 0", "b 0", "a 1", "b 1", "a 2", "b 2", "a 3", "b 3"]


def test_a_long_page_gives_its_turn_between_paragraphs(
    home: Path, pool: concurrent.futures.ThreadPoolExecutor
) -> None:
    """One HTML text of many paragraphs is a long document of its own."""
    engine = Stepped("long 1", "long 2")
    served = serve(home, lambda: engine)
    page = "".join(f"<p>{text}</p>" for text in BATCH)

    def send_page() -> httpx.Response:
        return translate(served, page, format="html")

    try:
        long, short = beside(pool, engine.reached["long 1"], served, send_page, "short")
        engine.holds["long 1"].set()
        assert short.result(timeout=WAIT).json() == {"translatedText": "SHORT"}
        engine.let_go()
        reply = long.result(timeout=WAIT)
    finally:
        engine.let_go()
        served.stop()
    assert reply.json()["translatedText"] == page.replace("long", "LONG")
    assert engine.calls == [*BATCH[:2], "short", *BATCH[2:]]


class Held:
    """The real engine, whose calls for a text starting with one of ``held`` wait until their
    event is set (a document's batch: its paragraphs joined)."""

    def __init__(self, engine: Engine, *held: str) -> None:
        self.engine = engine
        self.calls: list[str] = []
        self.holds = {start: threading.Event() for start in held}
        self.reached = {start: threading.Event() for start in held}

    def run(self, request: Any, report: Any = None, cancel: CancelToken | None = None) -> Any:
        self.calls.append(request.text.split(" says")[0])
        for start, hold in self.holds.items():
            if request.text.startswith(start):
                self.reached[start].set()
                if not hold.wait(WAIT):
                    raise Cancelled()  # (the test failed: the server is let go)
        return self.engine.run(request, report, cancel)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.engine, name)

    def let_go(self) -> None:
        for event in self.holds.values():
            event.set()


def test_a_long_file_gives_its_turn_between_batches(
    home: Path, pool: concurrent.futures.ThreadPoolExecutor
) -> None:
    """A file sent to /translate_file is translated a batch of paragraphs at a time (16),
    each a call of the engine: a short request waits for one batch, not the whole file."""
    engine = Held(Engine(options(home)), "Paragraph 16", "Paragraph 32")
    served = serve(home, lambda: engine)
    paragraphs = [f"Paragraph {i} says something new." for i in range(40)]
    text = "\n\n".join(paragraphs).encode()

    def send_file() -> httpx.Response:
        return http.post(
            served.url + "translate_file",
            data={"source": "en", "target": "de"},
            files={"file": ("notes.txt", text, "text/plain")},
        )

    try:
        long, short = beside(pool, engine.reached["Paragraph 16"], served, send_file, "Short one.")
        engine.holds["Paragraph 16"].set()
        assert short.result(timeout=WAIT).status_code == 200
        engine.let_go()
        reply = long.result(timeout=WAIT)
    finally:
        engine.let_go()
        served.stop()
    assert reply.status_code == 200, reply.text
    assert sum(reply.json()["units"].values()) == 40
    assert engine.calls == ["Paragraph 0", "Paragraph 16", "Short one.", "Paragraph 32"]


def test_a_client_that_leaves_mid_batch_stops_it(home: Path) -> None:
    """The batch's token is cancelled when its client closes the connection, and no text of
    the batch after the one in the engine then is sent to it (on the real engine, that one
    stops at its next decoder step)."""
    engine = Stepped("long 2")
    served = serve(home, lambda: engine)
    body = json.dumps({"q": BATCH, "source": "en", "target": "de"}).encode()
    try:
        with socket.create_connection(("127.0.0.1", served.port)) as raw:
            raw.sendall(
                b"POST /translate HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Content-Type: application/json\r\n"
                + f"Content-Length: {len(body)}\r\n\r\n".encode()
                + body
            )
            assert engine.reached["long 2"].wait(WAIT)
        wait_for(lambda: engine.tokens[-1].cancelled)
        engine.let_go()
        wait_for(lambda: jobs(served) == 0)
    finally:
        engine.let_go()
        served.stop()
    assert engine.calls == BATCH[:3]


def test_stopping_the_server_answers_a_batch_waiting_for_its_turn(
    home: Path, pool: concurrent.futures.ThreadPoolExecutor
) -> None:
    """A batch that gave its turn up is cancelled and answered when the server stops, as the
    request running then is; the worker does not wait for it forever."""
    engine = Stepped("long 1", "short")
    served = serve(home, lambda: engine)
    try:
        batch, short = beside(pool, engine.reached["long 1"], served, BATCH, "short")
        engine.holds["long 1"].set()
        assert engine.reached["short"].wait(WAIT)  # the batch waits for its turn
        stopping = pool.submit(served.stop)
        wait_for(lambda: all(token.cancelled for token in engine.tokens))
        engine.let_go()
        stopping.result(timeout=WAIT)
        replies = batch.result(timeout=WAIT), short.result(timeout=WAIT)
    finally:
        engine.let_go()
        served.stop()
    # The batch is told to retry (LibreTranslate's 503); the short request's one call ended.
    assert [r.status_code for r in replies] == [503, 200]
    assert engine.calls == ["long 0", "long 1", "short"]


def test_a_part_the_model_failed_on_is_named_untranslated(home: Path) -> None:
    """A paragraph of an HTML text the model gave back nothing for keeps its source text, as a
    document's does, and a plain text is what the model wrote: both came back silently, and a
    client could not tell them from a translation. Now the answer names them (per text in a
    batch) and its header counts them; an answer with none is LibreTranslate's own."""
    engine = Stepped()
    served = serve(home, lambda: engine)
    page = "<p>fail <b>here</b> now</p><p>fine</p>"
    try:
        one = translate(served, page, format="html")
        batch = translate(served, ["<p>fine</p>", page, "<p>fail too</p>"], format="html")
        clean = translate(served, "<p>fine</p>", format="html")
        text = translate(served, "fail in plain text")
        texts = translate(served, ["fine", "fail in plain text"])
    finally:
        served.stop()
    assert one.json() == {
        "translatedText": "<p>fail <b>here</b> now</p><p>FINE</p>",
        "untranslated": ["fail here now"],
    }
    assert one.headers["X-Quire-Untranslated"] == "1"
    assert batch.json()["untranslated"] == [[], ["fail here now"], ["fail too"]]
    assert batch.headers["X-Quire-Untranslated"] == "2"
    assert clean.json() == {"translatedText": "<p>FINE</p>"}
    assert "X-Quire-Untranslated" not in clean.headers
    # A plain text is one part, given as the model wrote it (it came back "", unnamed).
    assert text.json() == {"translatedText": "", "untranslated": ["fail in plain text"]}
    assert text.headers["X-Quire-Untranslated"] == "1"
    assert texts.json() == {
        "translatedText": ["FINE", ""],
        "untranslated": [[], ["fail in plain text"]],
    }
