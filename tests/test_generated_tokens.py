"""Translate and summarize report how many tokens their decoders produced (for the desktop's
tokens/s): the sum of the lengths of every sequence ``generate()`` returned for the job."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from engine.api import SummarizeRequest, SummarizeResult, TranslateRequest, TranslateResult
from engine.engine import Engine
from engine.options import EngineOptions
from engine.runtime.generate import generate
from tests.fixtures import corpus
from tests.fixtures.builder import exported

ENGLISH = corpus.sentences("en")


@pytest.fixture
def produced(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[list[int]]]:
    """Every row the real ``generate()`` returned to the seq2seq path, in order."""
    rows: list[list[int]] = []
    real = generate

    def spy(*args: Any, **kwargs: Any) -> list[list[int]]:
        out = real(*args, **kwargs)
        rows.extend(out)
        return out

    monkeypatch.setattr("engine.tasks.seq2seq.generate", spy)
    yield rows


def make_engine(home: Path, **installs: str) -> Engine:
    engine = Engine(EngineOptions(home=home, device="cpu", dtype="fp32"))
    for name, fixture in installs.items():
        engine.import_model(exported(fixture), name)
    return engine


def test_a_translation_counts_every_generated_token(
    quire_home: Path, produced: list[list[int]]
) -> None:
    engine = make_engine(quire_home, **{"opus-mt-en-de": "marian"})
    text = " ".join(ENGLISH[:5]) + "\n\n" + " ".join(ENGLISH[5:30])
    result = engine.run(TranslateRequest(text=text, source="en", target="de"))
    assert isinstance(result, TranslateResult)
    assert len(produced) >= len(result.segments) > 1  # several batches or rows were generated
    assert result.generated_tokens == sum(len(row) for row in produced) > 0
    # A second job counts only its own tokens (the loaded model is reused).
    produced.clear()
    again = engine.run(TranslateRequest(text=ENGLISH[0], source="en", target="de"))
    assert isinstance(again, TranslateResult)
    assert again.generated_tokens == sum(len(row) for row in produced) > 0


def test_a_pivot_counts_both_models(quire_home: Path, produced: list[list[int]]) -> None:
    engine = make_engine(quire_home, **{"opus-mt-de-en": "marian", "opus-mt-en-fr": "marian"})
    result = engine.run(TranslateRequest(text=" ".join(ENGLISH[:3]), source="de", target="fr"))
    assert isinstance(result, TranslateResult) and result.pivot == "en"
    assert result.generated_tokens == sum(len(row) for row in produced) > 0


def test_a_summary_counts_every_round(quire_home: Path, produced: list[list[int]]) -> None:
    engine = make_engine(quire_home, **{"distilbart-cnn": "bart"})
    text = "\n\n".join(" ".join(ENGLISH[i : i + 4]) for i in range(0, 16, 4))
    result = engine.run(SummarizeRequest(text=text, length="short"))
    assert isinstance(result, SummarizeResult) and not result.extractive
    assert result.generated_tokens == sum(len(row) for row in produced) > 0
