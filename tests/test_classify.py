"""Classify: scores equal transformers' text-classification and zero-shot-classification
pipelines on the same tiny models; embedding zero-shot equals sentence-transformers' cosines;
occlusion explanations; CSV in → CSV out; model choice."""

from __future__ import annotations

import csv
import dataclasses
import functools
import io
import itertools
import json
import shutil
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from engine import Cancelled, CancelToken, Engine, EngineOptions, InputError, ModelNotFound
from engine.api import ClassifyRequest, ClassifyResult, Event, LabelsScored, Progress
from engine.runtime.manifest import load_model_folder
from engine.runtime.tokenizer import TextTokenizer
from engine.tasks import classify, explain
from tests.fixtures import corpus
from tests.fixtures.builder import checkpoint, exported
from tests.test_ask import one_thread

TOL = 1e-4
LABELS = ("sport", "cooking", "finance", "weather")
LONG = " ".join(corpus.sentences("en") * 6)  # past the 256-token window: truncated
TEXTS = (*corpus.sentences()[:5], "", "Ça coûte 4,5 % de plus — très cher!", LONG)


def engine_with(home: Path, *names: str) -> Engine:
    engine = Engine(EngineOptions(home=home, dtype="fp32"))
    for name in names:
        engine.import_model(exported(name), name)
    return engine


def classify_with(
    engine: Engine, request: ClassifyRequest, report: Callable[[Event], None] | None = None
) -> ClassifyResult:
    result = engine.run(request, report)
    assert isinstance(result, ClassifyResult)
    return result


def as_dicts(result: ClassifyResult) -> list[dict[str, float]]:
    return [{s.label: s.score for s in item.labels} for item in result.items]


def assert_close(got: list[dict[str, float]], expected: list[dict[str, float]]) -> None:
    assert [set(g) for g in got] == [set(e) for e in expected]
    for g, e in zip(got, expected, strict=True):
        for label, score in e.items():
            assert abs(g[label] - score) <= TOL, (label, g[label], score)


@functools.cache
def pipeline_for(task: str, folder: Path) -> Any:
    import transformers

    factory: Any = transformers.pipeline  # overloaded on literal task names
    return factory(task, model=str(folder), device="cpu")


def reference(task: str, folder: Path, texts: list[str], **kwargs: Any) -> list[Any]:
    with one_thread(), warnings.catch_warnings():
        # The pipelines turn torch tensors into numpy arrays the way numpy 2 deprecates.
        warnings.filterwarnings(
            "ignore", "__array__ implementation doesn't accept a copy", DeprecationWarning
        )
        found: list[Any] = pipeline_for(task, folder)(texts, **kwargs)
    return found


def text_classification(folder: Path, texts: list[str]) -> list[dict[str, float]]:
    found = reference("text-classification", folder, texts, top_k=None, truncation=True)
    return [{d["label"]: d["score"] for d in row} for row in found]


def zero_shot(texts: list[str], **kwargs: Any) -> list[dict[str, float]]:
    found = reference("zero-shot-classification", checkpoint("bart-nli"), texts, **kwargs)
    return [dict(zip(r["labels"], r["scores"], strict=True)) for r in found]


def with_config(src: Path, dst: Path, **changes: Any) -> Path:
    """A copy of a model folder whose config.json has ``changes``."""
    shutil.copytree(src, dst)
    config = json.loads((dst / "config.json").read_text(encoding="utf-8"))
    config.update(changes)
    (dst / "config.json").write_text(json.dumps(config), encoding="utf-8")
    return dst


# ----------------------------------------------------------------------------- parity


def test_classifier_scores_equal_the_pipeline(quire_home: Path) -> None:
    events: list[Event] = []
    result = classify_with(
        engine_with(quire_home, "bert-cls"), ClassifyRequest(texts=TEXTS), events.append
    )
    assert result.model.name == "bert-cls" and not result.multi_label
    assert result.labels == ("negative", "neutral", "positive")
    assert_close(as_dicts(result), text_classification(checkpoint("bert-cls"), list(TEXTS)))
    for item in result.items:
        scores = [s.score for s in item.labels]
        assert scores == sorted(scores, reverse=True) and abs(sum(scores) - 1) < 1e-5
    assert [item.truncated for item in result.items] == [t is LONG for t in TEXTS]
    # How much of it the model read: its window's share of the text's tokens.
    tokenizer = TextTokenizer.load(load_model_folder(exported("bert-cls")))
    tokens = int(tokenizer.encode_batch([LONG], max_length=10**6).attention_mask.sum())
    for text, item in zip(TEXTS, result.items, strict=True):
        assert item.read == (pytest.approx(256 / tokens) if text is LONG else 1.0)
    done = [e.done for e in events if isinstance(e, Progress) and e.stage == "classifying"]
    assert done == sorted(done) and done[-1] == len(TEXTS)


def test_multi_label_classifier_uses_sigmoid_like_the_pipeline(
    quire_home: Path, tmp_path: Path
) -> None:
    multi = {"problem_type": "multi_label_classification"}
    folder = with_config(exported("bert-cls"), tmp_path / "exported", **multi)
    reference_folder = with_config(checkpoint("bert-cls"), tmp_path / "checkpoint", **multi)
    engine = Engine(EngineOptions(home=quire_home, dtype="fp32"))
    engine.import_model(folder, "multi")
    result = classify_with(engine, ClassifyRequest(texts=TEXTS))
    assert result.multi_label
    assert_close(as_dicts(result), text_classification(reference_folder, list(TEXTS)))
    assert any(sum(s.score for s in item.labels) > 1.05 for item in result.items)


@pytest.mark.parametrize(
    ("multi_label", "template", "labels"),
    [
        (False, "This example is {}.", LABELS),
        (True, "This example is {}.", LABELS),
        (False, "Der Text handelt von {}.", LABELS[:2]),
        (False, "This example is {}.", LABELS[:1]),  # one label: scored on its own
    ],
)
def test_zero_shot_scores_equal_the_pipeline(
    quire_home: Path, multi_label: bool, template: str, labels: tuple[str, ...]
) -> None:
    engine = engine_with(quire_home, "bart-nli")
    texts = tuple(t for t in TEXTS if t)  # the pipeline refuses empty sequences
    result = classify_with(
        engine,
        ClassifyRequest(
            texts=texts, labels=labels, multi_label=multi_label, hypothesis_template=template
        ),
    )
    assert result.model.name == "bart-nli" and result.labels == labels
    assert result.multi_label == (multi_label or len(labels) == 1)
    expected = zero_shot(
        list(texts),
        candidate_labels=list(labels),
        multi_label=multi_label,
        hypothesis_template=template,
    )
    assert_close(as_dicts(result), expected)
    assert result.items[-1].truncated and not result.items[0].truncated


def test_embedding_zero_shot_is_a_softmax_of_cosines(quire_home: Path) -> None:
    from sentence_transformers import SentenceTransformer

    engine = engine_with(quire_home, "bert-embed")
    texts = TEXTS[:5]
    single = classify_with(engine, ClassifyRequest(texts=texts, labels=LABELS))
    multi = classify_with(engine, ClassifyRequest(texts=texts, labels=LABELS, multi_label=True))
    assert single.model.name == "bert-embed" and not single.multi_label and multi.multi_label

    model = SentenceTransformer(str(checkpoint("bert-embed")), device="cpu")
    anchors = model.encode([f"This example is {label}." for label in LABELS])
    vectors = model.encode(list(texts))
    cosine = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)) @ (
        anchors / np.linalg.norm(anchors, axis=1, keepdims=True)
    ).T
    logits = cosine / classify.EMBED_TEMPERATURE
    softmax = np.exp(logits - logits.max(axis=1, keepdims=True))
    softmax /= softmax.sum(axis=1, keepdims=True)
    assert_close(as_dicts(multi), [dict(zip(LABELS, row, strict=True)) for row in cosine])
    assert_close(as_dicts(single), [dict(zip(LABELS, row, strict=True)) for row in softmax])


# ----------------------------------------------------------------------------- explanations


def test_explanations_are_occlusion_drops_over_the_words(quire_home: Path) -> None:
    engine = engine_with(quire_home, "bert-cls")
    text = "The children played football in the park until sunset, didn't they?"
    result = classify_with(engine, ClassifyRequest(texts=(text,), explain=True))
    item = result.items[0]
    spans = [(a.start, a.end) for a in item.attributions]
    # Whole words and punctuation, in order, covering every non-space character once.
    assert "".join(text[s:e] for s, e in spans) == text.replace(" ", "")
    assert all(e <= s for (_, e), (s, _) in itertools.pairwise(spans))
    assert (text[spans[2][0] : spans[2][1]]) == "played"

    # Each weight is the top label's score on the whole text minus its score without the word.
    top = item.labels[0]
    variants = [explain.without(text, s, e) for s, e in spans]
    assert variants[2] == "The children football in the park until sunset, didn't they?"
    expected = [
        top.score - row[top.label] for row in text_classification(checkpoint("bert-cls"), variants)
    ]
    np.testing.assert_allclose([a.weight for a in item.attributions], expected, atol=TOL)
    assert any(abs(a.weight) > 1e-4 for a in item.attributions)

    other = classify_with(
        engine, ClassifyRequest(texts=(text.replace("football", "chess"),), explain=True)
    )
    assert [a.weight for a in other.items[0].attributions] != [a.weight for a in item.attributions]


def test_each_texts_labels_are_reported_before_its_explanation(quire_home: Path) -> None:
    """Explaining takes a model run per word: each text's labels come as a ``LabelsScored``
    event before its explanation starts, equal to the result's, without attributions; and
    not at all when nothing is explained."""
    engine = engine_with(quire_home, "bert-cls")
    texts = ("The children played football.", "Whisk the eggs and bake the cake.")
    events: list[Event] = []
    result = classify_with(engine, ClassifyRequest(texts=texts, explain=True), events.append)
    kinds = [
        ("scored", e.index) if isinstance(e, LabelsScored) else ("explained", e.done)
        for e in events
        if isinstance(e, LabelsScored) or (isinstance(e, Progress) and e.stage == "explaining")
    ]
    assert kinds == [("scored", 0), ("explained", 1), ("scored", 1), ("explained", 2)]
    scored = [e for e in events if isinstance(e, LabelsScored)]
    for event, item in zip(scored, result.items, strict=True):
        assert item.attributions
        assert event.item == dataclasses.replace(item, attributions=())
        assert event.multi_label == result.multi_label
    quiet: list[Event] = []
    classify_with(engine, ClassifyRequest(texts=texts), quiet.append)
    assert not any(isinstance(e, LabelsScored) for e in quiet)


def test_explanations_work_for_zero_shot(quire_home: Path) -> None:
    engine = engine_with(quire_home, "bert-embed")
    text = "Whisk the eggs and bake the cake for twenty minutes."
    result = classify_with(engine, ClassifyRequest(texts=(text,), labels=LABELS, explain=True))
    item = result.items[0]
    assert [text[a.start : a.end] for a in item.attributions][:3] == ["Whisk", "the", "eggs"]
    without_eggs = "Whisk the and bake the cake for twenty minutes."
    plain = classify_with(engine, ClassifyRequest(texts=(without_eggs,), labels=LABELS))
    top = item.labels[0].label
    drop = item.labels[0].score - {s.label: s.score for s in plain.items[0].labels}[top]
    assert abs(item.attributions[2].weight - drop) < TOL


# ----------------------------------------------------------------------------- CSV


def write_csv(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_csv_round_trip(quire_home: Path, tmp_path: Path) -> None:
    engine = engine_with(quire_home, "bert-embed")
    rows = [
        ["id", "text", "note"],
        ["1", "The striker scored twice.", "a, quoted; note"],
        ["2", "", "empty cell"],
        ["3", 'Whisk the eggs, then "bake" the cake.\nServe warm.', ""],
        ["4", "Shares fell after the report."],  # a short row
    ]
    source = tmp_path / "in.csv"
    write_csv(source, rows)
    before = source.read_bytes()
    target = tmp_path / "labelled" / "out.csv"  # a folder on its way is made, as -o's are
    settings = ClassifyRequest(texts=(), labels=LABELS)
    done = classify.classify_csv(engine, source, "text", target, settings)
    assert source.read_bytes() == before
    assert done.rows == 4 and done.classified == 3 and done.output == target
    added = ["label", "score", *[f"score_{label}" for label in LABELS]]
    assert done.columns == tuple(added)

    out = read_csv(target)
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")  # the input's byte order mark
    assert out[0] == rows[0] + added
    assert [r[:3] for r in out[1:]] == [[*r, ""][:3] for r in rows[1:]]
    assert out[2][3:] == [""] * len(added)
    texts = tuple(rows[i][1] for i in (1, 3, 4))
    direct = classify_with(engine, ClassifyRequest(texts=texts, labels=LABELS))
    for line, item in zip((out[1], out[3], out[4]), direct.items, strict=True):
        assert line[3] == item.labels[0].label
        assert float(line[4]) == item.labels[0].score
        scores = {s.label: s.score for s in item.labels}
        assert [float(v) for v in line[5:]] == [scores[label] for label in LABELS]
    assert [p.name for p in target.parent.iterdir()] == ["out.csv"]  # no temporary file left


@pytest.mark.parametrize(
    ("name", "delimiter"), [("libreoffice-semicolon-cp1252.csv", ";"), ("libreoffice.tsv", "\t")]
)
def test_a_csv_saved_by_a_spreadsheet_is_split_by_its_own_delimiter(
    quire_home: Path, tmp_path: Path, name: str, delimiter: str
) -> None:
    """LibreOffice Calc's semicolon CSV in windows-1252 (where the decimal mark is a comma)
    and its tab-separated text: "Line 2 has 2 fields but the header has 1" (an outside
    review), with no option to name the delimiter. Each is read and written with its own."""
    engine = engine_with(quire_home, "bert-embed")
    source = Path(__file__).parent / "data" / "sheets" / name
    target = tmp_path / f"out{source.suffix}"
    settings = ClassifyRequest(texts=(), labels=LABELS)
    done = classify.classify_csv(engine, source, "Remarks", target, settings)
    assert done.classified >= 2
    encoding = "cp1252" if "cp1252" in name else "utf-8"
    written = target.read_bytes().decode(encoding)
    table = list(csv.reader(io.StringIO(written, newline=""), delimiter=delimiter))
    added = ["label", "score", *[f"score_{x}" for x in LABELS]]
    assert table[0] == ["Item", "Cost", "Status", "Remarks", *added]
    assert table[1][3] == "Delivered to the café on Monday." and table[1][4] in LABELS


def test_excels_sep_line_names_the_delimiter_and_is_written_back(
    quire_home: Path, tmp_path: Path
) -> None:
    """Excel's "sep=;" first line was taken for the header (one column, "sep=")."""
    engine = engine_with(quire_home, "bert-embed")
    source = tmp_path / "in.csv"
    source.write_bytes(b"sep=;\r\nid;text\r\n1;The striker scored twice.\r\n")
    target = tmp_path / "out.csv"
    settings = ClassifyRequest(texts=(), labels=LABELS)
    done = classify.classify_csv(engine, source, "text", target, settings)
    assert done.classified == 1
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "sep=;" and lines[1].startswith("id;text;label;score;")
    assert lines[2].startswith("1;The striker scored twice.;")


class Counting:
    """An engine that records each request it runs."""

    def __init__(self, engine: Engine, runs: list[object]) -> None:
        self.engine, self.runs = engine, runs

    def run(self, request: object, *args: object) -> object:
        self.runs.append(request)
        return self.engine.run(request, *args)  # type: ignore[arg-type]


def test_csv_errors_name_the_file_and_never_touch_the_input(
    quire_home: Path, tmp_path: Path
) -> None:
    engine = engine_with(quire_home, "bert-cls")
    source = tmp_path / "reviews.csv"
    write_csv(source, [["id", "body"], ["1", "fine"]])
    before = source.read_bytes()
    with pytest.raises(InputError, match=r"reviews.csv has no column 'text'.*'id', 'body'") as no:
        classify.classify_csv(engine, source, "text", tmp_path / "out.csv")
    assert "--column" in (no.value.hint or "")  # what to do (an outside review)
    with pytest.raises(InputError, match="output file is the input"):
        classify.classify_csv(engine, source, "body", tmp_path / "." / "reviews.csv")
    clash = tmp_path / "clash.csv"
    write_csv(clash, [["body", "label"], ["fine", "x"]])
    runs: list[object] = []
    counting = Counting(engine, runs)
    with pytest.raises(InputError, match="already has a column named 'label'") as taken:
        classify.classify_csv(counting, clash, "body", tmp_path / "out.csv")  # type: ignore[arg-type]
    assert taken.value.message_id == "classify.csv_column_taken"
    assert runs == []  # (said before the model runs, not after)
    latin = tmp_path / "latin.csv"
    latin.write_bytes("body\ncafé\n".encode("latin-1"))
    with pytest.raises(InputError, match="not utf-8") as info:
        classify.classify_csv(engine, latin, "body", tmp_path / "out.csv", encoding="utf-8")
    assert info.value.path == latin
    cancel = CancelToken()
    cancel.cancel()
    with pytest.raises(Cancelled):
        classify.classify_csv(engine, source, "body", tmp_path / "out.csv", cancel=cancel)
    assert source.read_bytes() == before and not (tmp_path / "out.csv").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clash.csv", "latin.csv", "reviews.csv"]

    done = classify.classify_csv(engine, source, "body", tmp_path / "out.csv")
    assert read_csv(done.output)[0] == ["id", "body", "label", "score"]


# ----------------------------------------------------------------------------- model choice


def test_model_choice(quire_home: Path) -> None:
    engine = Engine(EngineOptions(home=quire_home, dtype="fp32"))
    with pytest.raises(ModelNotFound, match="No text-classification model"):
        classify_with(engine, ClassifyRequest(texts=("hi",)))
    with pytest.raises(ModelNotFound, match="No NLI or sentence-embedding model") as info:
        classify_with(engine, ClassifyRequest(texts=("hi",), labels=LABELS))
    assert "quire models export" in info.value.hint

    engine.import_model(exported("bart-nli"), "nli")
    # An NLI model is no classifier of its own labels: it needs them given.
    with pytest.raises(InputError, match="classify zero-shot: give the labels") as asked:
        classify_with(engine, ClassifyRequest(texts=("hi",)))
    assert asked.value.message_id == "classify.needs_labels"
    engine.import_model(exported("bert-embed"), "embed")
    engine.import_model(exported("bert-cls"), "sentiment")
    assert classify_with(engine, ClassifyRequest(texts=("hi",))).model.name == "sentiment"
    chosen = classify_with(engine, ClassifyRequest(texts=("hi",), labels=LABELS))
    assert chosen.model.name == "nli"
    named = classify_with(engine, ClassifyRequest(texts=("hi",), labels=LABELS, model="embed"))
    assert named.model.name == "embed"
    with pytest.raises(InputError, match="cannot classify into labels of your choice"):
        classify_with(engine, ClassifyRequest(texts=("hi",), labels=LABELS, model="sentiment"))
    with pytest.raises(InputError, match="has no labels of its own"):
        classify_with(engine, ClassifyRequest(texts=("hi",), model="embed"))
    engine.import_model(exported("distilbert-qa"), "reader")
    with pytest.raises(InputError, match="reader is not a classification model") as named_error:
        classify_with(engine, ClassifyRequest(texts=("hi",), model="reader"))
    assert "--task classify" in named_error.value.hint
    for bad in (
        ClassifyRequest(texts=()),
        ClassifyRequest(texts=("hi",), labels=("a", "a")),
        ClassifyRequest(texts=("hi",), labels=LABELS, hypothesis_template="No slot."),
    ):
        with pytest.raises(InputError):
            classify_with(engine, bad)


# ----------------------------------------------------------------------------- real weights


@pytest.mark.slow
def test_minilm_zero_shot_picks_the_topic(quire_home: Path) -> None:
    from bench.sts import MissingInput, minilm_source
    from bench.sts import exported as export_minilm

    try:
        folder = export_minilm(minilm_source())
    except MissingInput as exc:
        pytest.fail(str(exc), pytrace=False)
    engine = Engine(EngineOptions(home=quire_home, dtype="fp32"))
    engine.import_model(folder, "all-MiniLM-L6-v2")
    sentences = {
        "sport": [
            "The striker scored twice and the home team won the match.",
            "She finished the marathon in under three hours.",
            "The tennis final went to five sets.",
        ],
        "cooking": [
            "Whisk the eggs with sugar, then fold in the flour and bake.",
            "Chop the onions and fry them in butter until golden.",
            "This soup needs more salt and a pinch of pepper.",
        ],
        "finance": [
            "The central bank raised interest rates to curb inflation.",
            "Shares fell sharply after the company reported a loss.",
            "He moved his savings into a low-cost index fund.",
        ],
        "weather": [
            "Heavy rain and strong winds are expected along the coast tomorrow.",
            "It will be sunny and warm this afternoon.",
            "Snow is forecast for the mountains overnight.",
        ],
    }
    texts = tuple(t for group in sentences.values() for t in group)
    result = classify_with(engine, ClassifyRequest(texts=texts, labels=tuple(sentences)))
    picked = [item.labels[0].label for item in result.items]
    assert picked == [label for label, group in sentences.items() for _ in group]
