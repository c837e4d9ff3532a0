"""Summarize through ``Engine.run`` on tiny exported models: the hierarchical path with a small
window (every sentence fed to the model once, in order; links to real paragraphs), length
presets, T5's prefix, model choice, the extractive path with an embedding model, long inputs.
"""

from __future__ import annotations

import itertools
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from engine.api import (
    Event,
    Progress,
    SummarizeRequest,
    SummarizeResult,
    TranslateRequest,
    TranslateResult,
)
from engine.engine import Engine
from engine.errors import Cancelled, InputError, ModelNotFound, ModelUnsupported
from engine.options import CancelToken, EngineOptions
from engine.runtime.backend import IntArray, Seq2SeqModel
from engine.runtime.generate import GenerationSettings, generate
from engine.tasks import seq2seq, summarize
from engine.tasks.context import Loaded
from engine.text import segment
from tests.fixtures import corpus
from tests.fixtures.builder import checkpoint, exported

ENGLISH = corpus.sentences("en")


# ----------------------------------------------------------------------------- helpers


# Generation settings over the models' own for the engines make_engine builds (EngineOptions'
# ``generation``); the quick fixture fills it for one test.
GENERATION: dict[str, int] = {}


def make_engine(home: Path, **installs: str | Path) -> Engine:
    engine = Engine(
        EngineOptions(home=home, device="cpu", dtype="fp32", generation=tuple(GENERATION.items()))
    )
    for name, source in installs.items():
        engine.import_model(source if isinstance(source, Path) else exported(source), name)
    return engine


def loaded(engine: Engine, name: str) -> Loaded:
    """The engine's own cached model, so a test can wrap what the task will run."""
    return engine._models.get(engine.model(name), "seq2seq", lambda _event: None)


def small_window(tmp_path: Path, tokens: int) -> Path:
    """The BART fixture with a window of ``tokens`` (tokenizer_config's model_max_length)."""
    folder = tmp_path / f"distilbart-cnn-{tokens}"
    shutil.copytree(exported("bart"), folder)
    config_file = folder / "tokenizer_config.json"
    config = json.loads(config_file.read_text(encoding="utf-8"))
    config["model_max_length"] = tokens
    config_file.write_text(json.dumps(config), encoding="utf-8")
    return folder


def document(paragraphs: int, per: int = 3) -> str:
    cycle = itertools.cycle(ENGLISH)
    return "\n\n".join(" ".join(next(cycle) for _ in range(per)) for _ in range(paragraphs))


def fold(text: str) -> str:
    return " ".join(text.split())


class Recorder:
    """Wraps a model: records every encoder input (with the events seen so far) and shape."""

    def __init__(self, inner: Seq2SeqModel, log: list[object]) -> None:
        self.inner, self.log = inner, log
        self.info = inner.info
        self.shapes: list[tuple[int, int, int]] = []

    @property
    def vocab_size(self) -> int:
        return self.inner.vocab_size

    def start(self, input_ids: IntArray, attention_mask: IntArray, expand: int = 1) -> Any:
        self.shapes.append((*input_ids.shape, expand))
        self.log.append(("start", input_ids.copy()))
        return self.inner.start(input_ids, attention_mask, expand)

    def close(self) -> None:
        self.inner.close()


def runs_of(progress: list[Progress]) -> list[list[Progress]]:
    """The progress events split where a stage starts (again): a round reports the stage
    it shares with the other rounds, counted from the start."""
    runs: list[list[Progress]] = []
    for event in progress:
        last = runs[-1][-1] if runs else None
        if last is None or event.stage != last.stage or event.done < last.done:
            runs.append([])
        runs[-1].append(event)
    return runs


def check_stages(progress: list[Progress]) -> list[str]:
    """Each stage (each round of one) counts up to its total; returns them in order."""
    runs = runs_of(progress)
    for run in runs:
        assert len({p.total for p in run}) == 1
        assert run[-1].done == run[0].total
    return [run[0].stage for run in runs]


def level_zero_inputs(model: Loaded, log: list[object]) -> list[str]:
    """Decoded inputs of the first round: one start() per Progress event of that round."""
    progress = [e for e in log if isinstance(e, Progress) and e.stage != "preparing"]
    batches = len(runs_of(progress)[0])
    starts = [entry[1] for entry in log if isinstance(entry, tuple)][:batches]
    return [model.tokenizer.decode(row) for ids in starts for row in ids]


@pytest.fixture
def quick(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name, value in {"max_new_tokens": 4, "min_new_tokens": 0, "num_beams": 1}.items():
        monkeypatch.setitem(GENERATION, name, value)
    yield


# ----------------------------------------------------------------------------- abstractive


def test_hierarchical_summary_with_a_small_window(quire_home: Path, tmp_path: Path) -> None:
    engine = make_engine(quire_home, **{"distilbart-cnn-64": small_window(tmp_path, 64)})
    model = loaded(engine, "distilbart-cnn-64")
    assert model.seq2seq is not None
    log: list[object] = []
    recorder = Recorder(model.seq2seq, log)
    model.seq2seq = recorder
    text = document(12)
    result = engine.run(SummarizeRequest(text=text), log.append)
    assert isinstance(result, SummarizeResult)

    assert not result.extractive and result.rounds >= 3  # summaries of summaries, repeatedly
    stages = check_stages([e for e in log if isinstance(e, Progress)])
    # Every round is the one stage, counted from 0 again: the app and the command line
    # count the rounds, in their own words (the app in the UI's language). The text is
    # prepared first (its tokens counted).
    assert stages == ["preparing"] + ["summarizing"] * result.rounds
    assert max(columns for _, columns, _ in recorder.shapes) <= 64
    # The first round saw every sentence once, in order, nothing cut off.
    assert " ".join(level_zero_inputs(model, log)) == fold(text)
    # Links: real paragraphs of the source (of those the final window was fed by: all).
    count = segment(text).segments[-1].paragraph + 1
    assert count == 12
    assert result.sentences and result.text
    for sentence in result.sentences:  # (random weights: one may share no word, and has none)
        assert set(sentence.paragraphs) <= set(range(count))
    assert [s.text for s in result.sentences] == [p.text for p in segment(result.text).segments]


def test_a_text_that_fits_is_summarized_in_one_round(quire_home: Path) -> None:
    engine = make_engine(quire_home, **{"distilbart-cnn-tiny": "bart"})
    text = ENGLISH[0] + "\n\n" + ENGLISH[1]
    events: list[Event] = []
    result = engine.run(SummarizeRequest(text=text), events.append)
    assert isinstance(result, SummarizeResult)
    assert result.rounds == 1 and result.model.name == "distilbart-cnn-tiny"
    assert [p for p in events if isinstance(p, Progress)] == [
        Progress("preparing", 0, len(text)),
        Progress("preparing", len(text), len(text)),
        Progress("summarizing", 1, 1),
    ]
    assert all(set(s.paragraphs) <= {0, 1} for s in result.sentences)


def test_each_summary_sentence_links_to_the_paragraphs_it_draws_on(
    quire_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not every paragraph of a long document: those sharing the most of the sentence's
    words (a summary that says what paragraph 7 says links to paragraph 7)."""
    paragraphs = ENGLISH[:12]
    engine = make_engine(quire_home, **{"distilbart-cnn-tiny": "bart"})

    def written(_ctx: Any, _model: Any, texts: list[str], _s: Any) -> list[str]:
        return [paragraphs[7] for _ in texts]  # as if the model wrote paragraph 7 again

    monkeypatch.setattr(summarize, "_generate", written)
    result = engine.run(SummarizeRequest(text="\n\n".join(paragraphs)))
    assert isinstance(result, SummarizeResult)
    (sentence,) = result.sentences
    assert 7 in sentence.paragraphs and len(sentence.paragraphs) < len(paragraphs)


def test_regroup_carries_the_links_of_every_partial() -> None:
    partials = [f"Partial number {i} says something short." for i in range(7)] + [""]
    links = [frozenset({i, i + 10}) for i in range(8)]

    def words(text: str) -> int:
        return len(text.split())

    texts, joined = summarize.regroup(words, partials, links, budget=13, language="en")
    assert 1 < len(texts) < len(partials)
    assert " ".join(texts) == " ".join(p for p in partials if p)
    for text, link in zip(texts, joined, strict=True):
        inside = {i for i, p in enumerate(partials) if p and p in text}
        assert set().union(*(links[i] for i in inside)) <= link
    assert set().union(*joined) == set().union(*links)  # the empty partial's links survive


def test_partials_that_do_not_shrink_are_paired() -> None:
    partials = ["one two three", "four five six", "seven eight nine"]
    links = [frozenset({0}), frozenset({1}), frozenset({2})]
    texts, joined = summarize.regroup(
        lambda t: len(t.split()), partials, links, budget=3, language="en"
    )
    assert texts == ["one two three four five six", "seven eight nine"]
    assert joined == [frozenset({0, 1}), frozenset({2})]


def test_length_presets_change_the_limits(
    quire_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = make_engine(quire_home, **{"distilbart-cnn-tiny": "bart"})
    used: list[GenerationSettings] = []
    outputs: list[list[list[int]]] = []

    def spy(*args: Any, **kwargs: Any) -> list[list[int]]:
        used.append(args[3])
        out = generate(*args, **kwargs)
        outputs.append(out)
        return out

    monkeypatch.setattr(seq2seq, "generate", spy)
    text = " ".join(ENGLISH[:3])
    limits = {}
    for length in ("short", "medium", "long"):
        result = engine.run(SummarizeRequest(text=text, length=length))
        assert isinstance(result, SummarizeResult) and result.rounds == 1
        settings = used[-1]
        limits[length] = (settings.min_total - 1, settings.limit - 1)
        assert all(len(row) <= settings.limit - 1 for row in outputs[-1])
        assert all(len(row) >= settings.min_total - 1 for row in outputs[-1])
    generation = json.loads((checkpoint("bart") / "generation_config.json").read_text())
    # medium is the model's own setting (max_length and min_length count the start token)
    assert limits["medium"] == (generation["min_length"] - 1, generation["max_length"] - 1)
    assert limits["short"][1] < limits["medium"][1] < limits["long"][1]
    assert limits["short"][0] < limits["medium"][0] < limits["long"][0]


def test_t5_gets_its_prefix_and_dedicated_summarizers_win(quire_home: Path) -> None:
    engine = make_engine(quire_home, **{"t5-tiny": "t5", "opus-mt-en-de": "marian"})
    model = loaded(engine, "t5-tiny")
    assert model.seq2seq is not None
    log: list[object] = []
    model.seq2seq = Recorder(model.seq2seq, log)
    result = engine.run(SummarizeRequest(text=ENGLISH[0]))
    assert isinstance(result, SummarizeResult) and result.model.name == "t5-tiny"
    (entry,) = [e for e in log if isinstance(e, tuple)]
    assert model.tokenizer.decode(entry[1][0]) == "summarize: " + ENGLISH[0]

    engine.import_model(exported("bart"), "distilbart-cnn-tiny")
    result = engine.run(SummarizeRequest(text=ENGLISH[0]))
    assert isinstance(result, SummarizeResult) and result.model.name == "distilbart-cnn-tiny"


def test_no_summarizer_says_what_to_install(quire_home: Path) -> None:
    engine = make_engine(quire_home, **{"opus-mt-en-de": "marian"})  # translators don't count
    with pytest.raises(ModelNotFound, match="distilbart"):
        engine.run(SummarizeRequest(text=ENGLISH[0]))
    with pytest.raises(InputError):
        engine.run(SummarizeRequest(text="  \n "))


def test_a_named_model_for_the_other_task_is_refused_not_run(quire_home: Path) -> None:
    """A translator named to summarize would write a translation (and a summarizer named to
    translate a summary): said before anything runs. T5 does both."""
    engine = make_engine(
        quire_home, **{"opus-mt-en-de": "marian", "distilbart-cnn-tiny": "bart", "t5-tiny": "t5"}
    )
    with pytest.raises(ModelUnsupported, match="opus-mt-en-de is a translation model") as info:
        engine.run(SummarizeRequest(text=ENGLISH[0], model="opus-mt-en-de"))
    assert "--task summarize" in info.value.hint
    with pytest.raises(ModelUnsupported, match="distilbart-cnn-tiny is a summarization model"):
        engine.run(TranslateRequest(text=ENGLISH[0], model="distilbart-cnn-tiny", target="de"))
    result = engine.run(SummarizeRequest(text=ENGLISH[0], model="t5-tiny"))
    assert isinstance(result, SummarizeResult) and result.model.name == "t5-tiny"
    result = engine.run(TranslateRequest(text=ENGLISH[0], model="t5-tiny", target="de"))
    assert isinstance(result, TranslateResult) and result.model.name == "t5-tiny"


def test_fifty_thousand_words(quire_home: Path, quick: None) -> None:
    cycle = itertools.cycle(ENGLISH)
    paragraphs: list[str] = []
    while sum(len(p.split()) for p in paragraphs) < 50_000:
        paragraphs.append(" ".join(next(cycle) for _ in range(3 + len(paragraphs) % 7)))
    text = "\n\n".join(paragraphs)
    engine = make_engine(quire_home, **{"distilbart-cnn-tiny": "bart"})
    model = loaded(engine, "distilbart-cnn-tiny")
    assert model.seq2seq is not None
    log: list[object] = []
    recorder = Recorder(model.seq2seq, log)
    model.seq2seq = recorder
    token = CancelToken()
    result = engine.run(SummarizeRequest(text=text), log.append, token)
    assert isinstance(result, SummarizeResult)

    assert result.rounds >= 2
    check_stages([e for e in log if isinstance(e, Progress)])
    assert " ".join(level_zero_inputs(model, log)) == fold(text)
    # Memory is bounded by a batch of windows, whatever the length of the text.
    window = model.tokenizer.model_max_length
    assert max(rows for rows, _, _ in recorder.shapes) <= summarize.BATCH
    assert max(columns for _, columns, _ in recorder.shapes) <= window
    assert all(set(s.paragraphs) <= set(range(len(paragraphs))) for s in result.sentences)


def test_cancel_between_windows(quire_home: Path, tmp_path: Path, quick: None) -> None:
    engine = make_engine(quire_home, **{"distilbart-cnn-64": small_window(tmp_path, 64)})
    model = loaded(engine, "distilbart-cnn-64")
    assert model.seq2seq is not None
    log: list[object] = []
    recorder = Recorder(model.seq2seq, log)
    model.seq2seq = recorder
    token = CancelToken()

    def report(event: Event) -> None:
        if isinstance(event, Progress) and event.stage != "preparing":
            token.cancel()

    with pytest.raises(Cancelled):
        engine.run(SummarizeRequest(text=document(12)), report, token)
    assert len(recorder.shapes) == 1


def test_a_long_text_says_it_is_being_prepared_and_hears_a_cancel_meanwhile(
    quire_home: Path, tmp_path: Path, quick: None
) -> None:
    """Counting a 550-page text's tokens took 16 s with nothing said, and Ctrl+C waited for
    it to end."""
    engine = make_engine(quire_home, **{"distilbart-cnn-64": small_window(tmp_path, 64)})
    model = loaded(engine, "distilbart-cnn-64")
    assert model.seq2seq is not None
    log: list[object] = []
    recorder = Recorder(model.seq2seq, log)
    model.seq2seq = recorder
    token = CancelToken()
    text = document(300)
    seen: list[Progress] = []

    def report(event: Event) -> None:
        if isinstance(event, Progress):
            seen.append(event)
            if event.stage == "preparing" and event.done:
                token.cancel()

    with pytest.raises(Cancelled):
        engine.run(SummarizeRequest(text=text), report, token)
    assert not recorder.shapes  # (stopped while counting: nothing generated)
    assert [p.stage for p in seen] == ["preparing", "preparing"]
    assert (seen[0].done, seen[0].total) == (0, len(text))
    assert 0 < seen[1].done < len(text)
    # Not stopped: the count grows to the text's length only as preparing ends (counted once,
    # the bar stood full for half of the time: the text's tokens are counted twice).
    events: list[Event] = []
    engine.run(SummarizeRequest(text=text), events.append)
    preparing = [p.done for p in events if isinstance(p, Progress) and p.stage == "preparing"]
    assert preparing == sorted(preparing) and preparing[-1] == len(text)
    assert len(preparing) > 3 and all(done < len(text) for done in preparing[:-1])
    assert preparing[-2] > len(text) * 0.6


# ----------------------------------------------------------------------------- extractive


def test_extractive_summary_with_an_embedding_model(quire_home: Path) -> None:
    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    engine = make_engine(quire_home, **{"minilm-tiny": "bert-embed", "opus-mt-en-de": "marian"})
    text = document(5, per=4)
    events: list[Event] = []
    result = engine.run(SummarizeRequest(text=text, length="medium"), events.append)
    assert isinstance(result, SummarizeResult)
    assert result.extractive and result.model.name == "minilm-tiny"

    source = segment(text).segments
    chosen = [next(i for i, s in enumerate(source) if s.text == x.text) for x in result.sentences]
    assert len(chosen) == summarize.EXTRACTIVE_SENTENCES["medium"]
    assert chosen == sorted(chosen)  # source order
    assert [s.paragraphs for s in result.sentences] == [(source[i].paragraph,) for i in chosen]
    # The same choice from reference embeddings: transformers' BERT with the folder's pooling
    # (mean over tokens, then normalised), as sentence-transformers computes them.
    tokenizer = transformers.AutoTokenizer.from_pretrained(checkpoint("bert-embed"))
    bert = transformers.AutoModel.from_pretrained(checkpoint("bert-embed")).eval()
    batch = tokenizer([s.text for s in source], padding=True, return_tensors="pt")
    with torch.no_grad():
        hidden = bert(**batch).last_hidden_state
    mask = batch["attention_mask"].unsqueeze(-1).float()
    vectors = torch.nn.functional.normalize((hidden * mask).sum(1) / mask.sum(1), dim=1).numpy()
    assert sorted(summarize.select(np.asarray(vectors), len(chosen))) == chosen
    assert [p.stage for p in events if isinstance(p, Progress)][-1] == "summarizing"

    short = engine.run(SummarizeRequest(text=text, length="short"))
    assert isinstance(short, SummarizeResult)
    assert len(short.sentences) == summarize.EXTRACTIVE_SENTENCES["short"]


def reference_mmr(vectors: np.ndarray, count: int, balance: float) -> list[int]:
    """Maximal marginal relevance written out plainly (Carbonell & Goldstein, 1998)."""
    unit = [v / np.linalg.norm(v) for v in vectors]
    centroid = sum(unit) / len(unit)
    centroid = centroid / np.linalg.norm(centroid)
    chosen: list[int] = []
    while len(chosen) < min(count, len(unit)):
        best, best_score = -1, -np.inf
        for i, u in enumerate(unit):
            if i in chosen:
                continue
            redundancy = max((float(u @ unit[j]) for j in chosen), default=0.0)
            score = balance * float(u @ centroid) - (1 - balance) * redundancy
            if score > best_score:
                best, best_score = i, score
        chosen.append(best)
    return chosen


def test_select_is_maximal_marginal_relevance() -> None:
    rng = np.random.default_rng(7)
    for _ in range(20):
        vectors = rng.normal(size=(12, 5)) + np.array([2.0, 0, 0, 0, 0])
        for count in (1, 3, 12, 20):
            assert summarize.select(vectors, count) == reference_mmr(
                vectors, count, summarize.MMR_LAMBDA
            )
    assert summarize.select(np.zeros((0, 5)), 3) == []


def test_extractive_never_repeats_a_sentence(quire_home: Path) -> None:
    engine = make_engine(quire_home, **{"minilm-tiny": "bert-embed"})
    text = "\n\n".join([" ".join(ENGLISH[:3])] * 4)  # the same paragraph four times
    result = engine.run(SummarizeRequest(text=text, length="long"))
    assert isinstance(result, SummarizeResult)
    texts = [s.text for s in result.sentences]
    assert sorted(texts) == sorted(ENGLISH[:3])  # each once, though long asks for more
    assert all(s.paragraphs == (0,) for s in result.sentences)


def test_an_extractive_summary_leaves_out_headings_and_list_items(quire_home: Path) -> None:
    """A report of many headings: its summary is sentences, never "Results" (an outside
    review); a text of headings only still gets its lines."""
    engine = make_engine(quire_home, **{"minilm-tiny": "bert-embed"})
    headings = ["Annual report 2025", "Results", "Revenue up 12%", "Outlook", "Risks",
                "Staff", "The year in numbers", "「年度报告」", "Next steps", "Thanks"]  # fmt: skip
    prose = [*ENGLISH[:4], "He said: “we will grow.”"]
    paragraphs = [item for pair in itertools.zip_longest(headings, prose) for item in pair if item]
    result = engine.run(SummarizeRequest(text="\n\n".join(paragraphs), length="long"))
    assert isinstance(result, SummarizeResult)
    assert sorted(s.text for s in result.sentences) == sorted(prose)  # fewer than long asks
    only = engine.run(SummarizeRequest(text="\n\n".join(headings), length="short"))
    assert isinstance(only, SummarizeResult) and len(only.sentences) == 3
    assert {s.text for s in only.sentences} <= set(headings)


def test_an_extractive_chinese_summary_has_no_spaces_between_sentences(quire_home: Path) -> None:
    engine = make_engine(quire_home, **{"minilm-tiny": "bert-embed"})
    text = "北京是中国的首都。它有三千多年的历史。故宫在城市的中心。长城离北京不远。"
    result = engine.run(SummarizeRequest(text=text, length="long"))
    assert isinstance(result, SummarizeResult) and len(result.sentences) > 1
    assert " " not in result.text and result.text == "".join(s.text for s in result.sentences)
    mixed = engine.run(SummarizeRequest(text=" ".join(ENGLISH[:4]), length="long"))
    assert isinstance(mixed, SummarizeResult)
    assert mixed.text == " ".join(s.text for s in mixed.sentences)  # spaced scripts keep it


def test_an_extractive_summary_reads_as_sentences_and_marks_what_it_leaves_out(
    quire_home: Path,
) -> None:
    """A man page: its sentences came back with their hard line breaks and indents, and two
    sentences 120 lines apart in one paragraph were run together as if one followed the
    other ("this variable" then meant the wrong one)."""
    engine = make_engine(quire_home, **{"minilm-tiny": "bert-embed"})
    wrapped = [
        " ".join(s.split()[:3]) + "\n       " + " ".join(s.split()[3:]) for s in ENGLISH[:16]
    ]
    text = "  ".join(wrapped)  # one paragraph, as a man page's list of entries is
    result = engine.run(SummarizeRequest(text=text, length="medium"))
    assert isinstance(result, SummarizeResult)
    assert "\n" not in result.text and "  " not in result.text
    source = [seq2seq.fold(s.text) for s in segment(text).segments]
    chosen = [source.index(s.text) for s in result.sentences]
    assert len(chosen) == summarize.EXTRACTIVE_SENTENCES["medium"] and chosen == sorted(chosen)
    expected = source[chosen[0]]
    for before, after in itertools.pairwise(chosen):
        expected += (" " if after == before + 1 else " … ") + source[after]
    assert result.text == expected and " … " in expected


def test_the_time_left_counts_the_rounds_to_come() -> None:
    """Round 1 of a long document's summary is followed by smaller ones (each a fraction of
    the last, then the final one): the time left counts them too, at the round's pace."""
    from engine.api import Progress

    now = [0.0]
    seen: list[Event] = []
    ahead = summarize.RoundsAhead(seen.append, clock=lambda: now[0])
    assert ahead.ahead(248) == 62 + 16 + 4 + 1  # a quarter each round, then the final one
    ahead(Progress("summarizing", 0, 248))
    now[0] = 12.0
    ahead(Progress("summarizing", 120, 248))  # 0.1 s a window
    last = seen[-1]
    assert isinstance(last, Progress) and last.eta_seconds is not None
    assert last.eta_seconds == pytest.approx(0.1 * (128 + 83))
    ahead.shrunk(248, 124)  # this model's partials halve the count instead
    ahead(Progress("summarizing", 0, 124))  # the next round starts over
    now[0] = 18.0
    ahead(Progress("summarizing", 60, 124))
    last = seen[-1]
    assert isinstance(last, Progress) and last.eta_seconds is not None
    assert last.eta_seconds == pytest.approx(0.1 * (64 + ahead.ahead(124)))
    assert ahead.ahead(124) == 62 + 31 + 16 + 8 + 4 + 2 + 1
    ahead(Progress("summarizing", 0, 1))  # the final round: nothing after it
    assert ahead.ahead(1) == 0
