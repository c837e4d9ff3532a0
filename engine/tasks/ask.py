"""Ask: extractive answers to a question over a context of any length, windowed and scored as
transformers' question-answering pipeline does; with only an embedding model, the best passages.

Rules (mirroring ``QuestionAnsweringPipeline``): windows of ``min(model max, 384)`` tokens with
the question, overlapping by ``min(window // 2, 128)`` context tokens; per window a softmax over
the start and end logits of the context tokens (and the first token), span score = p(start) ×
p(end) for spans of at most ``max_answer_len`` tokens, widened to whole words; equal answers
(case-insensitive) found in several windows add up their scores (a ranking, above 1 where
windows agree; ``Answer.probability`` keeps the best window's, a probability); the empty answer,
when allowed, scores the lowest p(first token)² product over the windows. A context of more than
``NARROW_ABOVE`` windows is first cut to the ``KEEP_PASSAGES`` passages closest to the question
when an embedding model is installed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from engine.api import Answer, AskRequest, AskResult, Progress
from engine.errors import InputError, ModelInvalid, ModelNotFound
from engine.runtime.backend import FloatArray, IntArray
from engine.runtime.manifest import ModelFolder
from engine.runtime.tokenizer import TextTokenizer
from engine.tasks.context import Loaded, TaskContext
from engine.tasks.embed import embed_texts, is_embedder
from engine.text import chunk_by_budget, segment

MAX_SEQ_LEN = 384
DOC_STRIDE = 128
WINDOW_BATCH = 8
NARROW_ABOVE = 20  # windows
KEEP_PASSAGES = 8
PASSAGE_TOKENS = 128  # embedding-model tokens per passage (the window MiniLM was trained on)
# The pipeline's "minus infinity" for tokens that cannot be part of an answer.
_MASKED = -10000.0


def is_reader(folder: ModelFolder) -> bool:
    return any(a.endswith("ForQuestionAnswering") for a in folder.architectures)


def pick(ctx: TaskContext, name: str | None) -> tuple[ModelFolder | None, ModelFolder | None]:
    """(reader, embedder): the extractive QA model and the embedding model to use."""
    installed = ctx.installed()
    embedder = next((f for f in installed if is_embedder(f)), None)
    if name:
        folder = ctx.resolve(name)
        if is_reader(folder):
            return folder, embedder
        if is_embedder(folder):
            return None, folder
        raise InputError(
            f"{folder.name} is neither a question-answering nor a sentence-embedding model",
            path=folder.path,
            message_id="ask.wrong_model",
            params={"name": folder.name},
        )
    reader = next((f for f in installed if is_reader(f)), None)
    if reader is None and embedder is None:
        raise ModelNotFound(
            "No question-answering or sentence-embedding model is installed",
            hint="Import an extractive QA model (e.g. distilbert-base-cased-distilled-squad) or "
            "an embedding model (e.g. all-MiniLM-L6-v2) exported with `quire models export`",
            message_id="ask.no_model",
        )
    return reader, embedder


# --- windows ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Window:
    """One model input: the question with a stretch of the context, as the pipeline builds it.

    ``offsets`` are character spans in the original context; ``words`` word indices (-1 for
    special tokens); ``allowed`` marks the tokens an answer may use (the pipeline's p_mask == 0).
    """

    ids: IntArray
    type_ids: IntArray | None
    offsets: IntArray
    words: IntArray
    in_context: NDArray[np.bool_]
    allowed: NDArray[np.bool_]


def windows(
    tokenizer: TextTokenizer,
    question: str,
    context: str,
    max_len: int,
    stride: int,
    base: int = 0,
) -> list[Window]:
    """Overlapping windows over ``context`` exactly as ``tokenizer(question, context,
    truncation="only_second", max_length, stride, return_overflowing_tokens=True)`` makes them;
    offsets are shifted by ``base`` (where ``context`` starts in the whole text)."""
    question_first = tokenizer.padding_side == "right"
    first, second = (question, context) if question_first else (context, question)
    # Encode the whole pair once, then cut it: the special-token template around the context
    # is the same in every window, so each window is prefix + context stretch + suffix.
    bound = 4 * (len(first) + len(second)) + 64
    batch = tokenizer.encode_batch([first], pairs=[second], max_length=bound)
    seq = batch.sequence_ids[0]
    ctx_seq = 1 if question_first else 0
    positions = np.flatnonzero(seq == ctx_seq)
    if positions.size == 0:
        return []
    a, b = int(positions[0]), int(positions[-1]) + 1
    total = seq.size
    if total <= max_len:
        spans = [(a, b)]
    else:
        room = max_len - (total - (b - a))
        if room < 1:
            raise InputError(
                f"The question is too long for the model's {max_len}-token window",
                hint="Ask a shorter question",
                message_id="ask.question_too_long",
                params={"window": max_len},
            )
        # The pipeline refuses a stride that leaves no progress; we halve the window instead.
        step = room - stride if stride < room else max(1, room // 2)
        spans = []
        for start in range(a, b, step):
            stop = min(start + room, b)
            spans.append((start, stop))
            if stop == b:
                break
    assert batch.word_ids is not None
    words = batch.word_ids[0]
    offsets = batch.offsets[0] + np.where(seq == ctx_seq, base, 0)[:, None]
    cls = tokenizer.cls_id
    out = []
    for start, stop in spans:
        rows = np.r_[0:a, start:stop, b:total]
        ids = batch.input_ids[0, rows]
        in_context = seq[rows] == ctx_seq
        # p_mask: only context tokens may answer (all tokens when the context comes first),
        # and the CLS token stays available (SQuAD2 models point at it for "no answer").
        allowed = in_context.copy() if question_first else np.ones(rows.size, dtype=np.bool_)
        if cls is not None:
            allowed |= ids == cls
        out.append(
            Window(
                ids=ids,
                type_ids=None if batch.token_type_ids is None else batch.token_type_ids[0, rows],
                offsets=offsets[rows],
                words=words[rows],
                in_context=in_context,
                allowed=allowed,
            )
        )
    return out


# A context over this many characters is windowed block by block (blocks cut at paragraph
# breaks), so the tokenizer never holds the whole of a long document at once.
BLOCK_CHARS = 200_000


def windows_in_blocks(
    ctx: TaskContext,
    tokenizer: TextTokenizer,
    question: str,
    context: str,
    max_len: int,
    stride: int,
) -> list[Window]:
    """``windows`` over ``context``, a block of at most ``BLOCK_CHARS`` at a time (one block,
    so exactly the pipeline's windows, for any context shorter than that); a cancel is heard
    between blocks."""
    out: list[Window] = []
    start = 0
    while start < len(context):
        ctx.check()
        if len(context) > BLOCK_CHARS:  # (characters prepared: seconds a block on a long text)
            ctx.report(Progress("preparing", start, len(context)))
        stop = _block_end(context, start)
        out += windows(tokenizer, question, context[start:stop], max_len, stride, start)
        start = stop
    return out


def _block_end(text: str, start: int) -> int:
    """Where the block from ``start`` ends: the whole rest when it is short, else after the
    last paragraph break (else line break, else space) before ``BLOCK_CHARS``."""
    if len(text) - start <= BLOCK_CHARS:
        return len(text)
    limit = start + BLOCK_CHARS
    for mark in ("\n\n", "\n", " "):
        found = text.rfind(mark, start + BLOCK_CHARS // 2, limit)
        if found >= 0:
            return found + len(mark)
    return limit


# --- scoring (a port of transformers.pipelines.question_answering) ------------------------


def _decode_spans(
    start: FloatArray, end: FloatArray, topk: int, max_answer_len: int, allowed: IntArray
) -> tuple[IntArray, IntArray, FloatArray]:
    outer = np.matmul(np.expand_dims(start, -1), np.expand_dims(end, 1))
    candidates = np.tril(np.triu(outer), max_answer_len - 1)
    flat = candidates.flatten()
    if topk == 1:
        order = np.asarray([np.argmax(flat)])
    elif len(flat) < topk:
        order = np.argsort(-flat)
    else:
        idx = np.argpartition(-flat, topk)[0:topk]
        order = idx[np.argsort(-flat[idx])]
    starts, ends = np.unravel_index(order, candidates.shape)[1:]
    # As the pipeline: nonzero() of the (1, n) mask also yields its row indices (zeros).
    keep = np.isin(starts, allowed.nonzero()) & np.isin(ends, allowed.nonzero())
    starts, ends = starts[keep], ends[keep]
    return starts, ends, candidates[0, starts, ends]


def _select(
    start_logits: FloatArray,
    end_logits: FloatArray,
    allowed: NDArray[np.bool_],
    topk: int,
    max_answer_len: int,
) -> tuple[IntArray, IntArray, FloatArray, float]:
    """Candidate spans of one window and its empty-answer score p(start=0) × p(end=0)."""
    mask = allowed.astype(np.int64)[None]
    start = np.where(mask == 0, _MASKED, start_logits[None])
    end = np.where(mask == 0, _MASKED, end_logits[None])
    start = np.exp(start - start.max(axis=-1, keepdims=True))
    start = start / start.sum()
    end = np.exp(end - end.max(axis=-1, keepdims=True))
    end = end / end.sum()
    null = float(start[0, 0] * end[0, 0])
    start[0, 0] = end[0, 0] = 0.0
    starts, ends, scores = _decode_spans(start, end, topk, max_answer_len, mask)
    return starts, ends, scores, null


def _char_span(window: Window, s: int, e: int) -> tuple[int, int]:
    """The answer's characters, widened to whole words within the window (the pipeline's
    ``align_to_words``); raw token offsets where a token belongs to no word of the context."""
    ws, we = int(window.words[s]), int(window.words[e])
    first = np.flatnonzero((window.words == ws) & window.in_context)
    last = np.flatnonzero((window.words == we) & window.in_context)
    if ws >= 0 and we >= 0 and first.size and last.size:
        return int(window.offsets[first[0], 0]), int(window.offsets[last[-1], 1])
    return int(window.offsets[s, 0]), int(window.offsets[e, 1])


def read(
    ctx: TaskContext, loaded: Loaded, parts: list[Window], context: str, request: AskRequest
) -> list[Answer]:
    """Run the reader over the windows in batches and merge their answers as the pipeline."""
    assert loaded.encoder is not None
    pre_topk = request.top_k * 2 + 10  # some candidates vanish when aligned to words
    found: list[Answer] = []
    by_text: dict[str, int] = {}  # lower-cased answer -> its index in found
    null = 1000000.0
    for begin in range(0, len(parts), WINDOW_BATCH):
        ctx.check()
        group = parts[begin : begin + WINDOW_BATCH]
        outputs = loaded.encoder.run(_pad(group, loaded.tokenizer.pad_id))
        if "start_logits" not in outputs or "end_logits" not in outputs:
            raise ModelInvalid(
                f"{loaded.folder.name} has no start/end logits: it is not a question-answering "
                "model",
                path=loaded.folder.path,
            )
        for row, window in enumerate(group):
            n = window.ids.size
            starts, ends, scores, window_null = _select(
                outputs["start_logits"][row, :n],
                outputs["end_logits"][row, :n],
                window.allowed,
                pre_topk,
                request.max_answer_len,
            )
            null = min(null, window_null)
            for s, e, score in zip(starts, ends, scores, strict=True):
                start, end = _char_span(window, int(s), int(e))
                text = context[start:end]
                same = by_text.get(text.lower())
                if same is None:
                    by_text[text.lower()] = len(found)
                    found.append(Answer(text, float(score), start, end, probability=float(score)))
                else:
                    previous = found[same]
                    best = max(previous.probability or 0.0, float(score))
                    found[same] = Answer(
                        previous.text,
                        previous.score + float(score),
                        previous.start,
                        previous.end,
                        probability=best,
                    )
        ctx.progress("reading", begin + len(group), len(parts))
    if request.allow_no_answer:
        found.append(Answer(text="", score=null, start=0, end=0, probability=min(null, 1.0)))
    return sorted(found, key=lambda a: a.score, reverse=True)[: request.top_k]


def _pad(group: list[Window], pad_id: int) -> dict[str, IntArray]:
    width = max(w.ids.size for w in group)
    ids = np.full((len(group), width), pad_id, dtype=np.int64)
    mask = np.zeros((len(group), width), dtype=np.int64)
    types = np.zeros((len(group), width), dtype=np.int64)
    for row, window in enumerate(group):
        n = window.ids.size
        ids[row, :n] = window.ids
        mask[row, :n] = 1
        if window.type_ids is not None:
            types[row, :n] = window.type_ids
    inputs = {"input_ids": ids, "attention_mask": mask}
    if group[0].type_ids is not None:
        inputs["token_type_ids"] = types
    return inputs


# --- passages -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Passage:
    start: int
    end: int
    score: float  # cosine similarity to the question


def best_passages(
    ctx: TaskContext, embedder: Loaded, question: str, context: str, keep: int
) -> list[Passage]:
    """The ``keep`` passages (runs of whole sentences within a paragraph, at most
    ``PASSAGE_TOKENS`` embedding tokens) closest to the question, best first."""
    spans, vectors = _passage_vectors(ctx, embedder, context)
    if not spans:
        return []
    cosine = vectors @ _unit(embed_texts(ctx, embedder, [question], "ranking passages"))[0]
    order = np.argsort(-cosine, kind="stable")[:keep]
    return [Passage(spans[i][0], spans[i][1], float(cosine[i])) for i in order]


MEMO_TEXTS = 4  # texts whose passage vectors an embedding model keeps between questions
MEMO_BYTES = 64 * 2**20  # and at most this much of them (MiniLM: a 2.5 MB text's)


def _passage_vectors(
    ctx: TaskContext, embedder: Loaded, context: str
) -> tuple[list[tuple[int, int]], np.ndarray]:
    """``context``'s passages (spans) and their unit vectors: the model's memo of them where
    a question was asked of the same text lately, else made (and kept)."""
    key = ("passages", hashlib.sha256(context.encode("utf-8", "surrogatepass")).digest())
    memo = embedder.memo
    if key in memo:
        memo.move_to_end(key)
        kept: tuple[list[tuple[int, int]], np.ndarray] = memo[key]
        return kept
    tokenizer = embedder.tokenizer
    budget = max(1, min(PASSAGE_TOKENS, tokenizer.model_max_length - 2))

    def count(text: str) -> int:
        batch = tokenizer.encode_batch(
            [text], max_length=4 * len(text) + 8, add_special_tokens=False
        )
        return int(batch.attention_mask.sum())

    # A paragraph that ends no sentence shares the next one's passage where it fits: a heading
    # or a line of its own (a .docx of one paragraph a line) came back alone as a "passage".
    chunks = chunk_by_budget(segment(context), count, budget, open_ended=True, check=ctx.check)
    spans = [(c[0].start, c[-1].end) for c in chunks if c]
    texts = [context[s:e] for s, e in spans]
    vectors = _unit(embed_texts(ctx, embedder, texts, "ranking passages")) if texts else None
    made = (spans, (vectors if vectors is not None else np.zeros((0, 0))).astype(np.float32))
    memo[key] = made
    held = [k for k in memo if isinstance(k, tuple) and k[0] == "passages"]
    while len(held) > 1 and (
        len(held) > MEMO_TEXTS or sum(memo[k][1].nbytes for k in held) > MEMO_BYTES
    ):
        del memo[held.pop(0)]  # the oldest first; the newest stays, whatever its size
    return made


def _unit(vectors: np.ndarray) -> np.ndarray:
    """``vectors`` (rows) scaled to length 1, in float64."""
    out = vectors.astype(np.float64)
    out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
    return out


# --- the task -----------------------------------------------------------------------------


def run(ctx: TaskContext, request: AskRequest) -> AskResult:
    if not request.question.strip():
        raise InputError("There is no question", message_id="ask.no_question")
    if not request.context.strip():
        raise InputError("There is no text to search for the answer", message_id="ask.no_text")
    if request.top_k < 1:
        raise InputError(f"top_k must be at least 1, not {request.top_k}")
    if request.max_answer_len < 1:
        raise InputError(f"max_answer_len must be at least 1, not {request.max_answer_len}")
    from engine.tasks import instruct

    llm = instruct.instruct_for(ctx, request.model, is_reader)
    if llm is not None:
        ranker = next((f for f in ctx.installed() if is_embedder(f)), None)
        return instruct.ask(ctx, llm, ranker, request)
    reader_folder, embedder_folder = pick(ctx, request.model)
    if reader_folder is None:
        assert embedder_folder is not None
        embedder = ctx.models.get(embedder_folder, "encoder", ctx.report)
        passages = best_passages(ctx, embedder, request.question, request.context, request.top_k)
        found = tuple(
            Answer(request.context[p.start : p.end], p.score, p.start, p.end) for p in passages
        )
        return AskResult(answers=found, model=embedder.used, passages=True)

    reader = ctx.models.get(reader_folder, "encoder", ctx.report)
    max_len = min(reader.tokenizer.model_max_length, MAX_SEQ_LEN)
    stride = min(max_len // 2, DOC_STRIDE)
    # A context surely longer than NARROW_ABOVE windows (more than 8 characters a token)
    # is narrowed without windowing it whole first: a 20 MB log took 4 GB and 47 s to be
    # windowed before a handful of its passages were read.
    surely_long = len(request.context) > NARROW_ABOVE * (max_len - stride) * 8
    parts = []
    if not (surely_long and embedder_folder is not None):
        parts = windows_in_blocks(
            ctx, reader.tokenizer, request.question, request.context, max_len, stride
        )
    retriever = None
    if (surely_long or len(parts) > NARROW_ABOVE) and embedder_folder is not None:
        embedder = ctx.models.get(embedder_folder, "encoder", ctx.report)
        retriever = embedder.used
        chosen = best_passages(ctx, embedder, request.question, request.context, KEEP_PASSAGES)
        parts = []
        # Document order, so equal answers merge in the order the pipeline would meet them.
        for p in sorted(chosen, key=lambda p: p.start):
            text = request.context[p.start : p.end]
            parts += windows(reader.tokenizer, request.question, text, max_len, stride, p.start)
    answers = read(ctx, reader, parts, request.context, request)
    return AskResult(answers=tuple(answers), model=reader.used, retriever=retriever)
