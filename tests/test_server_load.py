"""A bounded load on the local API (127.0.0.1 only): 100 requests of mixed sizes over 16
keep-alive connections to a served tiny Marian model; every one gets its one answer, and each
answer is the engine's own translation of that request (said to be untranslated where it is
nothing or a stuck loop). (Latencies: bench/api_load.py.)"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bench.api_load import fire, texts
from engine.api import TranslateRequest, TranslateResult
from engine.documents import translation_failed
from engine.engine import Engine
from engine.server import Server
from tests.fixtures.builder import exported
from tests.server_helpers import options, serve


@pytest.fixture
def engine(quire_home: Path) -> Engine:
    engine = Engine(options(quire_home))
    engine.import_model(exported("marian"), "opus-mt-en-de")
    return engine


@pytest.fixture
def server(engine: Engine) -> Iterator[Server]:
    served = serve(engine.options.home)
    yield served
    served.stop()


def test_no_request_is_lost(server: Server, engine: Engine) -> None:
    requests = texts(100, sizes=(1, 1, 2))  # a lighter mix than the bench: a quick test
    expected: dict[str, dict[str, Any]] = {}
    for text in set(requests):
        result = engine.run(TranslateRequest(text=text, source="en", target="de"))
        assert isinstance(result, TranslateResult)
        expected[text] = {"translatedText": result.text}
        if translation_failed(text, result.text):  # (the tiny model's stuck loops)
            expected[text]["untranslated"] = [text]
    bodies = [{"q": text, "source": "en", "target": "de"} for text in requests]
    outcomes = fire(server.url + "translate", bodies, connections=16)
    assert [o.index for o in outcomes] == list(range(100))
    assert [o.status for o in outcomes] == [200] * 100
    for text, outcome in zip(requests, outcomes, strict=True):
        assert outcome.body == expected[text]
