"""Classify: labels for texts from a fine-tuned classifier, zero-shot from an NLI model or an
embedding model, occlusion explanations, and CSV in → CSV out.

Scores (each as transformers' pipelines compute them where one exists):

- classifier: softmax over ``id2label``; sigmoid per label when ``problem_type`` is
  ``multi_label_classification`` or there is one label; raw logits for ``regression``.
- NLI zero-shot (premise = the text, hypothesis = ``hypothesis_template`` with the label):
  softmax of the entailment logits across the labels; with ``multi_label`` (or one label) a
  softmax of entailment against contradiction for each label on its own.
- embedding zero-shot: cosine between the text and each label put in the hypothesis template;
  softmax of cosine / ``EMBED_TEMPERATURE`` across labels, or the raw cosine with ``multi_label``.

``multi_label`` applies to zero-shot; a fine-tuned classifier's config decides for itself. Texts
longer than the model window are truncated (``Classification.truncated`` says so); with an NLI
model the text, never the hypothesis, is cut.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol

import numpy as np

from engine.api import (
    Attribution,
    Classification,
    ClassifyRequest,
    ClassifyResult,
    CsvClassified,
    Event,
    LabelScore,
    LabelsScored,
    Request,
    Result,
)
from engine.errors import InputError, ModelInvalid, ModelNotFound
from engine.fileio import check_output, read_decoded, write_atomic
from engine.options import CancelToken
from engine.runtime.backend import FloatArray
from engine.runtime.manifest import ModelFolder
from engine.tasks import explain
from engine.tasks.context import Loaded, TaskContext
from engine.tasks.embed import embed_texts, is_embedder
from engine.text.encoding import EncodingUsed, TextEncoding

Mode = Literal["classifier", "nli", "embedding"]
BATCH = 16
# all-MiniLM-L6-v2 and most sentence-transformers models are trained with a similarity scale
# of 20 (MultipleNegativesRankingLoss), i.e. a softmax temperature of 1/20 over cosines.
EMBED_TEMPERATURE = 0.05
DEFAULT_TEMPLATE = "This example is {}."


def is_classifier(folder: ModelFolder) -> bool:
    return any(a.endswith("ForSequenceClassification") for a in folder.architectures)


def entailment_id(folder: ModelFolder) -> int | None:
    """The entailment class of an NLI model (the first label2id key starting with "entail");
    None also for a ``label2id`` that is no mapping of labels to class numbers (a model
    folder's config is untrusted input)."""
    mapping = folder.config.get("label2id")
    if not isinstance(mapping, dict):
        return None
    for label, index in mapping.items():
        if str(label).lower().startswith("entail"):
            try:
                return int(index)
            except (TypeError, ValueError):
                return None
    return None


def is_nli(folder: ModelFolder) -> bool:
    return is_classifier(folder) and entailment_id(folder) is not None


def pick(ctx: TaskContext, request: ClassifyRequest) -> tuple[ModelFolder, Mode]:
    """The model and how to use it: zero-shot needs an NLI or embedding model; without labels,
    a fine-tuned classifier that is not an NLI model."""
    zero_shot = bool(request.labels)
    if request.model:
        folder = ctx.resolve(request.model)
        if zero_shot and is_nli(folder):
            return folder, "nli"
        if zero_shot and is_embedder(folder):
            return folder, "embedding"
        if not zero_shot and is_classifier(folder):
            return folder, "classifier"
        if zero_shot:
            raise InputError(
                f"{folder.name} cannot classify into labels of your choice",
                path=folder.path,
                hint="Zero-shot labels need an NLI model (label2id has 'entailment') or a "
                "sentence-embedding model; leave out the labels to use the model's own",
                message_id="classify.no_labels_of_choice",
                params={"name": folder.name},
            )
        if is_embedder(folder):  # (an NLI model without labels classifies as its own)
            raise InputError(
                f"{folder.name} has no labels of its own",
                path=folder.path,
                hint="Give the labels to choose from (zero-shot)",
                message_id="classify.no_own_labels",
                params={"name": folder.name},
            )
        raise InputError(
            f"{folder.name} is not a classification model",
            path=folder.path,
            hint="Leave out the model to use an installed classifier, or install one "
            "(quire models search --task classify)",
            message_id="classify.not_a_classifier",
            params={"name": folder.name},
        )
    installed = ctx.installed()
    if zero_shot:
        found = next((f for f in installed if is_nli(f)), None)
        if found is not None:
            return found, "nli"
        found = next((f for f in installed if is_embedder(f)), None)
        if found is not None:
            return found, "embedding"
        raise ModelNotFound(
            "No NLI or sentence-embedding model is installed for zero-shot classification",
            hint="Import one, e.g. facebook/bart-large-mnli or all-MiniLM-L6-v2, exported with "
            "`quire models export`",
            message_id="classify.no_zero_shot_model",
        )
    found = next((f for f in installed if is_classifier(f) and not is_nli(f)), None)
    if found is None:
        from engine.tasks.generate import is_instruct

        if any(is_nli(f) or is_embedder(f) or is_instruct(f) for f in installed):
            # What is installed classifies into labels it is given, and none were.
            raise InputError(
                "The installed models classify zero-shot: give the labels",
                hint="e.g. --labels sport,politics,science; a fine-tuned classifier uses its "
                "own labels",
                message_id="classify.needs_labels",
            )
        raise ModelNotFound(
            "No text-classification model is installed",
            hint="Import a fine-tuned classifier (e.g. distilbert-base-uncased-finetuned-sst-2-"
            "english) exported with `quire models export`, or give labels for zero-shot",
            message_id="classify.no_model",
        )
    return found, "classifier"


# --- scorers: texts -> (texts, labels) scores ---------------------------------------------


@dataclass(frozen=True)
class Scorer:
    labels: tuple[str, ...]
    multi_label: bool
    score: Callable[[list[str], str | None], FloatArray]  # texts, progress stage
    hypotheses: tuple[str, ...] = ()  # NLI: what is paired with each text


def _logits(
    ctx: TaskContext,
    loaded: Loaded,
    texts: list[str],
    pairs: list[str] | None,
    stage: str | None,
    total: int,
) -> FloatArray:
    """Classification logits of each text (or text pair), batched by length."""
    assert loaded.encoder is not None
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    out: FloatArray | None = None
    for begin in range(0, len(order), BATCH):
        ctx.check()
        rows = order[begin : begin + BATCH]
        batch = loaded.tokenizer.encode_batch(
            [texts[i] for i in rows],
            pairs=None if pairs is None else [pairs[i] for i in rows],
        )
        logits = loaded.encoder.run(batch.inputs()).get("logits")
        if logits is None:
            raise ModelInvalid(
                f"{loaded.folder.name} gives no logits: it is not a classification model",
                path=loaded.folder.path,
            )
        if out is None:
            out = np.zeros((len(texts), logits.shape[1]), dtype=np.float32)
        out[rows] = logits
        if stage is not None:
            done = min(begin + BATCH, len(order))
            ctx.progress(stage, done * total // max(1, len(order)), total)
    assert out is not None
    return out


def _softmax(x: FloatArray, axis: int = -1) -> FloatArray:
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return np.asarray(e / e.sum(axis=axis, keepdims=True), dtype=np.float32)


def classifier(ctx: TaskContext, loaded: Loaded) -> Scorer:
    config = loaded.folder.config
    id2label = {int(k): str(v) for k, v in (config.get("id2label") or {}).items()}
    count = len(id2label) or 2  # transformers' PretrainedConfig default
    labels = tuple(id2label.get(i, f"LABEL_{i}") for i in range(count))
    problem = config.get("problem_type")
    function = (
        "none"
        if problem == "regression"
        else "sigmoid"
        if problem == "multi_label_classification" or count == 1
        else "softmax"
    )

    def score(texts: list[str], stage: str | None) -> FloatArray:
        logits = _logits(ctx, loaded, texts, None, stage, len(texts))
        if logits.shape[1] != count:
            raise ModelInvalid(
                f"The model gives {logits.shape[1]} scores but config.json names {count} labels",
                path=loaded.folder.path / "config.json",
            )
        if function == "sigmoid":
            return np.asarray(1.0 / (1.0 + np.exp(-logits)), dtype=np.float32)
        return _softmax(logits) if function == "softmax" else logits

    return Scorer(labels, function == "sigmoid", score)


def nli(ctx: TaskContext, loaded: Loaded, request: ClassifyRequest) -> Scorer:
    labels = request.labels
    entail = entailment_id(loaded.folder)
    if entail is None:
        raise InputError(
            f"{loaded.folder.name} is not an NLI model",
            path=loaded.folder.path,
            message_id="classify.not_nli",
            params={"model": loaded.folder.name},
        )
    contradiction = -1 if entail == 0 else 0
    hypotheses = [request.hypothesis_template.format(label) for label in labels]
    multi = request.multi_label or len(labels) == 1

    def score(texts: list[str], stage: str | None) -> FloatArray:
        # longest_first cuts the longer text first, so a long premise is cut and the short
        # hypothesis kept, as the pipeline's only_first does.
        premises = [t for t in texts for _ in labels]
        logits = _logits(ctx, loaded, premises, hypotheses * len(texts), stage, len(texts))
        logits = logits.reshape(len(texts), len(labels), -1)
        if multi:
            return _softmax(logits[..., [contradiction, entail]])[..., 1]
        return _softmax(logits[..., entail])

    return Scorer(labels, multi, score, tuple(hypotheses))


def embedding(ctx: TaskContext, loaded: Loaded, request: ClassifyRequest) -> Scorer:
    descriptions = [request.hypothesis_template.format(label) for label in request.labels]
    anchors = _unit(embed_texts(ctx, loaded, descriptions, "reading labels"))

    def score(texts: list[str], stage: str | None) -> FloatArray:
        vectors = _unit(embed_texts(ctx, loaded, texts, stage or "occluding"))
        cosine = np.asarray(vectors @ anchors.T, dtype=np.float32)
        return cosine if request.multi_label else _softmax(cosine / EMBED_TEMPERATURE)

    return Scorer(request.labels, request.multi_label, score)


def _unit(vectors: FloatArray) -> FloatArray:
    norms = np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    return np.asarray(vectors / norms, dtype=np.float32)


# --- the task -----------------------------------------------------------------------------


def run(ctx: TaskContext, request: ClassifyRequest) -> ClassifyResult:
    if not request.texts:
        raise InputError("There is no text to classify", message_id="classify.no_text")
    if any(not isinstance(t, str) for t in request.texts):
        raise InputError("Every text must be a string")
    if request.labels:
        if len(set(request.labels)) != len(request.labels) or not all(request.labels):
            raise InputError(
                "The labels must be distinct and non-empty", message_id="classify.bad_labels"
            )
        try:
            filled = request.hypothesis_template.format(request.labels[0])
        except (IndexError, KeyError, ValueError) as exc:
            raise InputError(f"The hypothesis template cannot be filled in: {exc}") from exc
        if filled == request.hypothesis_template:
            raise InputError(
                f"The hypothesis template {request.hypothesis_template!r} has no {{}} for the label"
            )
    from engine.tasks import instruct

    if request.labels or request.model:
        llm = instruct.instruct_for(
            ctx, request.model, lambda f: is_nli(f) or is_embedder(f) or not request.labels
        )
        if llm is not None:
            return instruct.classify(ctx, llm, request)
    folder, mode = pick(ctx, request)
    loaded = ctx.models.get(folder, "encoder", ctx.report)
    if mode == "classifier":
        scorer = classifier(ctx, loaded)
    elif mode == "nli":
        scorer = nli(ctx, loaded, request)
    else:
        scorer = embedding(ctx, loaded, request)

    texts = list(request.texts)
    scores = scorer.score(texts, "classifying")
    longest = max((len(h), h) for h in scorer.hypotheses)[1] if scorer.hypotheses else None
    shares = _read_shares(loaded, texts, longest)
    items = []
    for i, text in enumerate(texts):
        order = np.argsort(-scores[i], kind="stable")
        labels = tuple(LabelScore(scorer.labels[j], float(scores[i, j])) for j in order)
        item = Classification(text, labels, truncated=shares[i] < 1, read=shares[i])
        attributions: tuple[Attribution, ...] = ()
        if request.explain:
            ctx.report(LabelsScored(i, item, scorer.multi_label))
            ctx.check()
            top = int(order[0])
            attributions = explain.occlusion(
                loaded.tokenizer,
                text,
                top,
                float(scores[i, top]),
                lambda variants: scorer.score(variants, None),
            )
            ctx.progress("explaining", i + 1, len(texts))
        items.append(dataclasses.replace(item, attributions=attributions))
    return ClassifyResult(
        items=tuple(items),
        model=loaded.used,
        multi_label=scorer.multi_label,
        labels=scorer.labels,
    )


def _read_shares(loaded: Loaded, texts: list[str], hypothesis: str | None) -> list[float]:
    """The share of each text's tokens the model saw (with an NLI model: beside the longest
    hypothesis): 1.0 for a text it saw whole."""
    limit = loaded.tokenizer.model_max_length
    out = [1.0] * len(texts)
    # In batches of similar length: one padded batch of every text could be huge.
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    for begin in range(0, len(order), BATCH):
        rows = order[begin : begin + BATCH]
        group = [texts[i] for i in rows]
        pairs = None if hypothesis is None else [hypothesis] * len(group)
        bound = 4 * (max(len(t) for t in group) + len(hypothesis or "")) + 64
        batch = loaded.tokenizer.encode_batch(group, pairs=pairs, max_length=bound)
        for row, n in zip(rows, batch.attention_mask.sum(axis=1), strict=True):
            out[row] = min(1.0, limit / int(n)) if int(n) > limit else 1.0
    return out


# --- CSV in, CSV out ----------------------------------------------------------------------


class Runner(Protocol):
    """What ``classify_csv`` needs of ``engine.Engine``."""

    def run(
        self,
        request: Request,
        report: Callable[[Event], None] | None = None,
        cancel: CancelToken | None = None,
    ) -> Result: ...


def classify_csv(
    engine: Runner,
    in_path: Path | str,
    column: str,
    out_path: Path | str,
    settings: ClassifyRequest | None = None,
    *,
    delimiter: str | None = None,
    report: Callable[[Event], None] | None = None,
    cancel: CancelToken | None = None,
    encoding: str | None = None,
    max_bytes: int | None = None,
) -> CsvClassified:
    """Classify the text in ``column`` of every row of ``in_path`` and write ``out_path``: all
    original columns, then ``label`` and ``score`` (the best label) and, for zero-shot or
    multi-label models, ``score_<label>`` for every label.

    ``settings`` gives the model, labels, multi_label and hypothesis template (its texts are
    ignored). The input is read in ``encoding`` (a label) or the one detected, split by
    ``delimiter`` or the one its first lines show (a .tsv's tab; a .csv's comma, or the
    semicolon of a spreadsheet saved where the decimal mark is a comma); the output is
    written with the same delimiter, in the same encoding when every character fits (else
    UTF-8) to a temporary file
    beside it and renamed into place, so a failed or cancelled run leaves no partial file.
    The output may not be the input; a missing folder on its way is made.
    """
    source, target = Path(in_path).expanduser(), Path(out_path).expanduser()
    settings = settings or ClassifyRequest(texts=())
    if settings.explain:
        raise InputError("Explanations are not written to CSV files; classify without explain")
    if target.resolve() == source.resolve() or (
        target.exists() and source.exists() and os.path.samefile(source, target)
    ):
        raise InputError(
            "The output file is the input file",
            path=source,
            hint="Write to another file",
            message_id="file.output_is_input",
        )
    check_output(target, [source])  # (a folder still to be made is made, as for every output)
    header, rows, found, delimiter, preamble = _read_csv(source, delimiter, encoding, max_bytes)
    if column not in header:
        columns = ", ".join(repr(c) for c in header)
        raise InputError(
            f"{source.name} has no column {column!r}; its columns are: {columns}",
            path=source,
            hint="Name the column of texts as its first line does (--column in the command line)",
            message_id="classify.csv_no_column",
            params={"column": column, "columns": columns},
        )
    index = header.index(column)
    texts = [row[index] for row in rows]
    wanted = [i for i, text in enumerate(texts) if text.strip()]
    if not wanted:
        raise InputError(
            f"Column {column!r} of {source.name} holds no text",
            path=source,
            message_id="classify.csv_no_text",
            params={"column": column},
        )
    # (before the model runs: a table classified before has its label and score already)
    _check_free(source, header, ["label", "score"])
    request = dataclasses.replace(settings, texts=tuple(texts[i] for i in wanted))
    result = engine.run(request, report, cancel)
    assert isinstance(result, ClassifyResult)
    per_label = bool(settings.labels) or result.multi_label
    label_names = list(result.labels) if per_label else []
    added = ["label", "score", *[f"score_{name}" for name in label_names]]
    _check_free(source, header, added)
    outputs: dict[int, list[str]] = {}
    for row, item in zip(wanted, result.items, strict=True):
        scores = {s.label: s.score for s in item.labels}
        best = item.labels[0]
        outputs[row] = [best.label, repr(best.score), *[repr(scores[n]) for n in label_names]]
    blank = [""] * len(added)
    written = _write_csv(
        target,
        [*header, *added],
        ([*row, *outputs.get(i, blank)] for i, row in enumerate(rows)),
        delimiter,
        found,
        preamble,
    )
    return CsvClassified(
        output=target,
        rows=len(rows),
        classified=len(wanted),
        columns=tuple(added),
        model=result.model,
        multi_label=result.multi_label,
        encoding=EncodingUsed.of(found, written),
    )


def _check_free(source: Path, header: list[str], added: list[str]) -> None:
    """Refuses a table that has a column of a name the labels are written under."""
    clash = [name for name in added if name in header]
    if clash:
        raise InputError(
            f"{source.name} already has a column named {clash[0]!r}",
            path=source,
            hint="Rename that column first (a table classified before has label and score)",
            message_id="classify.csv_column_taken",
            params={"column": clash[0]},
        )


# Workbooks: classified row by row once a sheet is saved as CSV.
SPREADSHEETS = frozenset(
    [".xlsx", ".xlsm", ".xltx", ".xltm", ".xls", ".xlsb", ".ods", ".fods", ".numbers"]
)


def _read_csv(
    path: Path, delimiter: str | None, encoding: str | None, max_bytes: int | None = None
) -> tuple[list[str], list[list[str]], TextEncoding, str, str]:
    """The header and the rows, each padded to the header's width, the file's encoding, its
    delimiter (``delimiter``, or the one its first lines show) and its ``sep=`` line."""
    if path.suffix.lower() in SPREADSHEETS:
        raise InputError(
            f"This is a spreadsheet ({path.suffix}), not a CSV file",
            path=path,
            hint="Save the sheet as .csv (in Excel or LibreOffice: Save As, CSV), then retry",
            message_id="classify.spreadsheet",
            params={"suffix": path.suffix},
        )
    if max_bytes is None:
        text, found = read_decoded(path, encoding=encoding)
    else:
        text, found = read_decoded(path, encoding=encoding, limit=max_bytes)
    from engine.documents.delimited import delimiter_of, separator_line

    if delimiter is None:
        delimiter = delimiter_of(text, path.suffix)
    named = separator_line(text)  # (Excel's "sep=;" line: not the header; written back)
    preamble = named[1] if named is not None else ""
    try:
        reader = csv.reader(io.StringIO(text[len(preamble) :], newline=""), delimiter=delimiter)
        header = next(reader, None)
        if header is None:
            raise InputError("The CSV file is empty", path=path, message_id="classify.csv_empty")
        rows = []
        for row in reader:
            if not row:
                continue  # a blank line
            if len(row) > len(header):
                raise InputError(
                    f"Line {reader.line_num} has {len(row)} fields but the header has "
                    f"{len(header)}",
                    path=path,
                    hint="Check that line (a comma or quote too many), or the delimiter",
                    message_id="classify.csv_fields",
                    params={"line": reader.line_num, "fields": len(row), "header": len(header)},
                )
            rows.append(row + [""] * (len(header) - len(row)))
    except csv.Error as exc:
        raise InputError(
            f"The CSV file cannot be read: {exc}",
            path=path,
            hint="Save it again as CSV from the program that made it",
            message_id="classify.csv_unreadable",
        ) from exc
    return header, rows, found, delimiter, preamble


def _write_csv(
    path: Path,
    header: list[str],
    rows: Iterable[list[str]],
    delimiter: str,
    encoding: TextEncoding,
    preamble: str = "",
) -> str:
    """Write beside ``path`` and rename into place: readers never see half a file. Returns
    the encoding written in (the input's, or UTF-8 when the new columns do not fit in it).
    ``preamble``: the input's ``sep=`` line, first again."""
    table = io.StringIO(newline="")
    table.write(preamble.removeprefix("\ufeff"))
    writer = csv.writer(table, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    data = encoding.encode(table.getvalue())
    write_atomic(path, data)
    return data.encoding
