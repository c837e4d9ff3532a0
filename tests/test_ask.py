"""Ask: answers, scores and character offsets equal transformers' question-answering pipeline on
the same tiny model (one window, several windows, SQuAD2-style no-answer); long contexts are
narrowed by an embedding model; an embedding model alone returns the best passages."""

from __future__ import annotations

import contextlib
import functools
import itertools
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from engine import Cancelled, CancelToken, Engine, EngineOptions, ModelNotFound
from engine.api import AskRequest, AskResult, Event, Progress
from engine.errors import InputError
from engine.runtime.manifest import load_model_folder
from engine.runtime.tokenizer import TextTokenizer
from engine.tasks import ask
from engine.tasks.embed import embed_texts
from tests.fixtures import corpus
from tests.fixtures.builder import checkpoint, exported

QUESTION = "Where did the children play football?"
SCORE_TOL = 1e-5


def english(count: int, start: int = 0) -> str:
    lines = corpus.sentences("en")
    return " ".join(lines[(start + i) % len(lines)] for i in range(count))


# One window; several windows (with accents, quotes and digits); a context that starts with
# spaces and runs over paragraphs.
CONTEXTS = {
    "short": english(6),
    "windows": " ".join(corpus.sentences()[:90]),
    "paragraphs": "  \n" + english(10, 5) + "\n\n" + english(12, 30),
}


@contextlib.contextmanager
def one_thread() -> Iterator[None]:
    """Run the reference on one torch thread: tiny models gain nothing from more, and on a
    busy machine several threads spin against each other."""
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(threads)


@functools.cache
def qa_pipeline() -> Any:
    from transformers import pipeline

    return pipeline("question-answering", model=str(checkpoint("distilbert-qa")), device="cpu")


def reference(context: str, top_k: int, no_answer: bool = False) -> list[dict[str, Any]]:
    with one_thread(), warnings.catch_warnings():
        # The pipeline turns torch tensors into numpy arrays the way numpy 2 deprecates.
        warnings.filterwarnings(
            "ignore", "__array__ implementation doesn't accept a copy", DeprecationWarning
        )
        found = qa_pipeline()(
            question=QUESTION, context=context, top_k=top_k, handle_impossible_answer=no_answer
        )
    return found if isinstance(found, list) else [found]


def engine_with(home: Path, *names: str) -> Engine:
    engine = Engine(EngineOptions(home=home, dtype="fp32"))
    for name in names:
        engine.import_model(exported(name), name)
    return engine


def ask_engine(
    engine: Engine,
    request: AskRequest,
    report: Callable[[Event], None] | None = None,
    cancel: CancelToken | None = None,
) -> AskResult:
    result = engine.run(request, report, cancel)
    assert isinstance(result, AskResult)
    return result


def assert_same(result: AskResult, expected: list[dict[str, Any]], context: str) -> None:
    got = [(a.text, a.start, a.end) for a in result.answers]
    assert got == [(e["answer"], e["start"], e["end"]) for e in expected]
    np.testing.assert_allclose(
        [a.score for a in result.answers], [e["score"] for e in expected], rtol=SCORE_TOL, atol=0
    )
    assert all(context[a.start : a.end] == a.text for a in result.answers)


def test_windows_are_the_tokenizers_overflowing_windows() -> None:
    from transformers import AutoTokenizer

    folder = load_model_folder(exported("distilbert-qa"))
    ours = TextTokenizer.load(folder)
    auto: Any = AutoTokenizer  # untyped classmethod
    theirs = auto.from_pretrained(checkpoint("distilbert-qa"))
    context = CONTEXTS["windows"]
    for max_len, stride in ((256, 128), (64, 20)):
        windows = ask.windows(ours, QUESTION, context, max_len, stride)
        expected = theirs(
            QUESTION,
            context,
            truncation="only_second",
            max_length=max_len,
            stride=stride,
            return_overflowing_tokens=True,
            return_offsets_mapping=True,
        )
        assert len(windows) == len(expected["input_ids"]) > 2
        for window, ids, offsets, encoding in zip(
            windows,
            expected["input_ids"],
            expected["offset_mapping"],
            expected.encodings,
            strict=True,
        ):
            assert window.ids.tolist() == ids
            assert window.offsets.tolist() == [list(o) for o in offsets]
            assert window.words.tolist() == [-1 if w is None else w for w in encoding.word_ids]


@pytest.mark.parametrize("top_k", [1, 3])
@pytest.mark.parametrize("name", list(CONTEXTS))
def test_answers_equal_the_pipeline(quire_home: Path, name: str, top_k: int) -> None:
    context = CONTEXTS[name]
    result = ask_engine(
        engine_with(quire_home, "distilbert-qa"),
        AskRequest(question=QUESTION, context=context, top_k=top_k),
    )
    assert result.model.name == "distilbert-qa" and not result.passages
    assert result.retriever is None
    assert_same(result, reference(context, top_k), context)


def test_no_answer_equals_the_pipeline(quire_home: Path) -> None:
    # Tiny contexts give the first token a real share of the probability, so the empty answer
    # ranks among the spans (and zero-score spans of the first token show up too).
    engine = engine_with(quire_home, "distilbert-qa")
    ranks = []
    for context in ("Yes", "Paris.", "In the park.", CONTEXTS["windows"]):
        expected = reference(context, 5, no_answer=True)
        result = ask_engine(
            engine, AskRequest(question=QUESTION, context=context, top_k=5, allow_no_answer=True)
        )
        assert_same(result, expected, context)
        ranks += [i for i, a in enumerate(result.answers) if a.text == "" and a.end == 0]
    assert any(rank < 2 for rank in ranks), "the empty answer never competed"


def test_long_context_is_narrowed_by_the_embedding_model(quire_home: Path) -> None:
    engine = engine_with(quire_home, "distilbert-qa", "bert-embed")
    context = "\n\n".join(english(8, start) for start in range(0, 8 * 40, 8))
    reader = TextTokenizer.load(load_model_folder(exported("distilbert-qa")))
    assert len(ask.windows(reader, QUESTION, context, 256, 128)) > ask.NARROW_ABOVE
    events: list[Event] = []
    result = ask_engine(
        engine, AskRequest(question=QUESTION, context=context, top_k=3), events.append
    )
    assert result.retriever is not None and result.retriever.name == "bert-embed"
    assert result.model.name == "distilbert-qa" and len(result.answers) == 3
    stages = [e.stage for e in events if isinstance(e, Progress)]
    assert stages.index("ranking passages") < stages.index("reading")

    # Every answer lies in one of the passages the embedding model ranks best.
    best = ask_engine(
        engine,
        AskRequest(question=QUESTION, context=context, model="bert-embed", top_k=ask.KEEP_PASSAGES),
    )
    for answer in result.answers:
        assert answer.text == context[answer.start : answer.end]
        assert any(p.start <= answer.start and answer.end <= p.end for p in best.answers)


def _windowed_lengths(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The length of each text ``ask.windows`` is given from now on."""
    lengths: list[int] = []
    real = ask.windows

    def recording(*args: Any, **kwargs: Any) -> list[ask.Window]:
        lengths.append(len(args[2]))
        return real(*args, **kwargs)

    monkeypatch.setattr(ask, "windows", recording)
    return lengths


def test_a_surely_long_context_is_narrowed_without_windowing_it_whole(
    quire_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 20 MB log took 4 GB and 47 s to be windowed whole before the embedding model chose
    the few passages the reader reads; now only those are windowed."""
    engine = engine_with(quire_home, "distilbert-qa", "bert-embed")
    context = "\n\n".join(english(8, start) for start in range(0, 8 * 80, 8))
    assert len(context) > ask.NARROW_ABOVE * (256 - 128) * 8
    windowed = _windowed_lengths(monkeypatch)
    result = ask_engine(engine, AskRequest(question=QUESTION, context=context, top_k=2))
    assert result.retriever is not None and result.answers
    assert windowed and max(windowed) < len(context) // 10  # passages only
    for answer in result.answers:
        assert answer.text == context[answer.start : answer.end]


def test_a_long_context_is_windowed_block_by_block(
    quire_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without an embedding model the reader reads it all, but the tokenizer never holds more
    than a block: the windows' offsets still point into the whole context."""
    monkeypatch.setattr(ask, "BLOCK_CHARS", 1500)
    engine = engine_with(quire_home, "distilbert-qa")
    context = "\n\n".join(english(8, start) for start in range(0, 8 * 12, 8))
    assert len(context) > 3 * ask.BLOCK_CHARS
    blocks = _windowed_lengths(monkeypatch)
    events: list[Event] = []
    result = ask_engine(
        engine, AskRequest(question=QUESTION, context=context, top_k=3), events.append
    )
    prepared = [e.done for e in events if isinstance(e, Progress) and e.stage == "preparing"]
    assert len(prepared) == len(blocks) and prepared == sorted(prepared)  # a step a block
    assert len(blocks) > 3 and max(blocks) <= ask.BLOCK_CHARS and sum(blocks) == len(context)
    for answer in result.answers:
        assert answer.text == context[answer.start : answer.end]


def test_embedding_model_alone_returns_the_best_passages(quire_home: Path) -> None:
    from sentence_transformers import SentenceTransformer

    engine = engine_with(quire_home, "bert-embed")
    context = CONTEXTS["paragraphs"]
    result = ask_engine(engine, AskRequest(question=QUESTION, context=context, top_k=100))
    assert result.passages and result.model.name == "bert-embed" and result.retriever is None
    spans = sorted((a.start, a.end) for a in result.answers)
    # The passages are whole sentences, in order, without overlap, covering the text.
    assert all(e <= s for (_, e), (s, _) in itertools.pairwise(spans))
    assert "".join(context[s:e] for s, e in spans).replace(" ", "") == "".join(context.split())
    assert len(spans) > 1
    model = SentenceTransformer(str(checkpoint("bert-embed")), device="cpu")
    vectors = model.encode([QUESTION] + [a.text for a in result.answers])
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    np.testing.assert_allclose([a.score for a in result.answers], unit[1:] @ unit[0], atol=1e-4)
    scores = [a.score for a in result.answers]
    assert scores == sorted(scores, reverse=True)

    top = ask_engine(engine, AskRequest(question=QUESTION, context=context, top_k=2))
    assert top.answers == result.answers[:2]


def test_a_second_question_about_the_same_text_embeds_only_the_question(
    quire_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ten questions about one manual embedded the whole manual ten times (7 s each)."""
    engine = engine_with(quire_home, "bert-embed")
    embedded: list[int] = []
    real = embed_texts

    def counted(ctx: Any, loaded: Any, texts: list[str], stage: str) -> Any:
        embedded.append(len(texts))
        return real(ctx, loaded, texts, stage)

    monkeypatch.setattr(ask, "embed_texts", counted)
    context = CONTEXTS["paragraphs"]
    first = ask_engine(engine, AskRequest(question=QUESTION, context=context, top_k=3))
    passages = sum(embedded) - 1
    assert passages > 1
    embedded.clear()
    again = ask_engine(engine, AskRequest(question=QUESTION, context=context, top_k=3))
    assert embedded == [1] and again.answers == first.answers
    other = ask_engine(engine, AskRequest(question="Who wrote it?", context=context, top_k=3))
    assert embedded == [1, 1] and other.answers
    for n in range(ask.MEMO_TEXTS + 1):  # other texts: the oldest is let go
        ask_engine(engine, AskRequest(question=QUESTION, context=f"{n}. {context}", top_k=1))
    embedded.clear()
    ask_engine(engine, AskRequest(question=QUESTION, context=context, top_k=3))
    assert embedded == [passages, 1]
    # Bounded by size too: a text's vectors over the bound leave only the newest kept.
    monkeypatch.setattr(ask, "MEMO_BYTES", 1)
    ask_engine(engine, AskRequest(question=QUESTION, context=f"x. {context}", top_k=1))
    (loaded,) = [m for m in engine._models._loaded.values() if m.memo]
    assert len(loaded.memo) == 1


def test_progress_is_monotonic_and_cancel_stops_between_batches(quire_home: Path) -> None:
    engine = engine_with(quire_home, "distilbert-qa")
    context = english(400)
    events: list[Event] = []
    ask_engine(engine, AskRequest(question=QUESTION, context=context), events.append)
    reading = [(e.done, e.total) for e in events if isinstance(e, Progress)]
    assert len(reading) > 1 and reading[-1][0] == reading[-1][1]
    assert [d for d, _ in reading] == sorted({d for d, _ in reading})

    cancel = CancelToken()
    seen: list[Event] = []

    def report(event: Event) -> None:
        seen.append(event)
        if isinstance(event, Progress):
            cancel.cancel()

    with pytest.raises(Cancelled):
        ask_engine(engine, AskRequest(question=QUESTION, context=context), report, cancel)
    assert sum(isinstance(e, Progress) for e in seen) == 1


def test_model_choice_and_input_errors(quire_home: Path) -> None:
    engine = Engine(EngineOptions(home=quire_home))
    with pytest.raises(ModelNotFound, match="question-answering or sentence-embedding") as info:
        ask_engine(engine, AskRequest(question="Why?", context="Because."))
    assert "all-MiniLM-L6-v2" in info.value.hint
    engine.import_model(exported("bert-cls"), "classifier")
    with pytest.raises(ModelNotFound):
        ask_engine(engine, AskRequest(question="Why?", context="Because."))
    with pytest.raises(InputError, match="classifier is neither"):
        ask_engine(engine, AskRequest(question="Why?", context="Because.", model="classifier"))
    engine.import_model(exported("distilbert-qa"), "reader")
    for bad in (
        AskRequest(question=" ", context="Because."),
        AskRequest(question="Why?", context="\n"),
        AskRequest(question="Why?", context="Because.", top_k=0),
        AskRequest(question="Why? " * 300, context="Because. " * 300),
    ):
        with pytest.raises(InputError):
            ask_engine(engine, bad)


# ----------------------------------------------------------------------------- real weights


@pytest.mark.slow
def test_minilm_alone_finds_the_right_passage(quire_home: Path) -> None:
    from bench.sts import MissingInput, minilm_source
    from bench.sts import exported as export_minilm

    try:
        folder = export_minilm(minilm_source())
    except MissingInput as exc:
        pytest.fail(str(exc), pytrace=False)
    engine = Engine(EngineOptions(home=quire_home, dtype="fp32"))
    engine.import_model(folder, "all-MiniLM-L6-v2")
    paragraphs = [
        "The striker scored twice in the second half. The home team won the cup final.",
        "Whisk the eggs with the sugar. Fold in the flour and bake the cake for twenty minutes.",
        "The central bank raised interest rates again. Shares fell after the announcement.",
        "Heavy snow is forecast for the mountains tonight. Roads may close until the morning.",
        "The museum opens a new exhibition of Dutch paintings from the seventeenth century.",
    ]
    context = "\n\n".join(paragraphs)
    questions = {
        "Who won the final?": 0,
        "How long does the cake bake?": 1,
        "What did the central bank do?": 2,
        "Will it snow tonight?": 3,
        "What can I see at the museum?": 4,
    }
    for question, right in questions.items():
        result = ask_engine(engine, AskRequest(question=question, context=context))
        assert result.passages
        assert result.answers[0].text == paragraphs[right], question


@pytest.mark.parametrize(
    ("question", "document", "answer_in"),
    [
        ("Who won?", "en", "en"),  # reads as Xhosa at 0.17: the document's language
        ("Budget 2024?", "de", "de"),
        ("Wie hoch ist das Budget?", "en", "de"),  # a clear question keeps its language
        ("预算是多少？", "en", "zh-Hans"),
        ("預算是多少？這個問題很重要。", "en", "zh-Hant"),  # Taiwan's question, in its script
        ("What is the budget for next year?", "fr", "en"),
    ],
)
def test_an_instruction_model_answers_in_the_questions_language_only_when_it_is_clear(
    question: str, document: str, answer_in: str
) -> None:
    from engine.tasks.instruct import _answer_language

    assert _answer_language(question, document, "") == answer_in


def test_chinese_answers_are_in_the_script_the_question_or_else_the_document_uses() -> None:
    from engine.tasks import prompts
    from engine.tasks.instruct import _answer_language

    taiwanese = "本公司明年的預算將會增加。這是董事會的決定，員工們都很高興。"
    # A question without a telling character ("多少" is the same in both scripts).
    assert _answer_language("预算多少？", "zh", taiwanese) == "zh-Hans"  # 预 is simplified
    assert _answer_language("多少钱？", "zh", taiwanese) == "zh-Hans"
    assert _answer_language("多少？", "zh", taiwanese) == "zh-Hant"
    assert prompts.language_name("zh-Hant") == "Chinese (Traditional)"
    assert prompts.language_name("zh-CN") == "Chinese (Simplified)"
    assert prompts.language_name("zh") == "Chinese (Simplified)"
    # 董 is one character in both scripts: a simplified question about a board stays so.
    assert _answer_language("公司的董事是谁？", "zh", "") == "zh-Hans"


def test_the_script_lists_pair_chinese_characters_that_differ() -> None:
    from engine.text import langid

    assert len(langid._TRADITIONAL) == len(langid._SIMPLIFIED)
    for old, new in zip(langid._TRADITIONAL, langid._SIMPLIFIED, strict=True):
        assert old != new and "\u4e00" <= old <= "\u9fff" and "\u4e00" <= new <= "\u9fff"
    assert not set(langid._TRADITIONAL) & set(langid._SIMPLIFIED)


def test_an_answer_found_in_several_windows_has_a_probability_not_over_one(
    quire_home: Path,
) -> None:
    # The score adds up the windows that found an answer (the pipeline's ranking, 1.74 for a
    # real model's answer of a long text); a probability is the best window's alone.
    engine = engine_with(quire_home, "distilbert-qa")
    many = ask_engine(engine, AskRequest(question=QUESTION, context=CONTEXTS["windows"], top_k=10))
    for a in many.answers:
        assert a.probability is not None and 0.0 < a.probability <= a.score + 1e-12
    merged = [a for a in many.answers if a.probability is not None and a.probability < a.score]
    assert merged, "no answer was found in more than one window"
    empty = ask_engine(
        engine, AskRequest(question=QUESTION, context="Yes", top_k=5, allow_no_answer=True)
    )
    assert all(a.probability == a.score for a in empty.answers if a.text == "")
