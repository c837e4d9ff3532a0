"""Summarize: abstractive with a seq2seq summarizer, hierarchically when the text outgrows its
window; extractive with a sentence-embedding model when no summarizer is installed.

Which models summarize: a text generator whose config's ``task_specific_params`` has a
``summarization…`` entry (BART-CNN, DistilBART, T5), or of the PEGASUS family, or whose folder
or hub name mentions a summarization data set (cnn, xsum, samsum, arxiv, pubmed, …) or "sum".
Dedicated summarizers are preferred to generalists such as T5. Marian models never summarize.
A named generator is used whatever it is.

Hierarchy: the text is cut at paragraph, then sentence boundaries into windows the model
takes (whole paragraphs share a window when they fit); each window gets a partial summary; the
partials, one paragraph each, are cut into windows again and summarized, round after round,
until one window remains, which gets the final summary at the requested length. Links: a
partial summary stands for the source paragraphs of its window; a window of partials for the
union of theirs; every sentence of the final summary links to the source paragraphs of
everything its window held (all of them when the text fit one window).
"""

from __future__ import annotations

import dataclasses
import math
import re
import time
from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np

from engine.api import Event, Length, Progress, SummarizeRequest, SummarizeResult, SummarySentence
from engine.errors import InputError, ModelNotFound, ModelUnsupported
from engine.runtime.generate import GenerationSettings
from engine.runtime.manifest import ModelFolder
from engine.store.local import manifest_tasks
from engine.tasks.context import TaskContext
from engine.tasks.embed import embed_texts, is_embedder
from engine.tasks.languages import Prompt, is_language, is_translator, to_iso
from engine.tasks.seq2seq import Seq2Seq, fold, run_texts
from engine.text import Segment, Segmented, chunk_by_budget, detect, segment
from engine.text.segment import SENTENCE_END

BATCH = 4  # windows per generate() call: windows are long, and beams multiply them
EXTRACTIVE_SENTENCES: dict[Length, int] = {"short": 3, "medium": 6, "long": 12}
MMR_LAMBDA = 0.7  # relevance to the whole text vs novelty against sentences already chosen
_NAME_HINTS = re.compile(
    r"sum|cnn|xsum|samsum|arxiv|pubmed|billsum|bigpatent|gigaword|multi[-_]?news|newsroom|booksum",
    re.IGNORECASE,
)


def is_summarizer(folder: ModelFolder, *, own: bool = False) -> bool:
    """Whether ``folder`` summarizes: by its files and what its user said, or (``own``) by
    its files alone."""
    return (_own_rank if own else _rank)(folder) is not None


def _rank(folder: ModelFolder) -> int | None:
    """0 for a dedicated summarizer, 1 for a generalist that also summarizes, None if neither."""
    if folder.is_generative and "summarize" in manifest_tasks(folder.path):
        return 0  # its user said so (`quire models import --task summarize`)
    return _own_rank(folder)


def _own_rank(folder: ModelFolder) -> int | None:
    """``_rank`` by the model's files alone."""
    if not folder.is_generative or folder.model_type == "marian":
        return None
    names = [folder.name, str(folder.config.get("_name_or_path") or "")]
    if folder.model_type.startswith("pegasus") or any(_NAME_HINTS.search(n) for n in names):
        return 0
    params = folder.config.get("task_specific_params")
    if isinstance(params, dict) and any(str(k).startswith("summarization") for k in params):
        return 1 if is_translator(folder) or len(params) > 1 else 0
    return None


def pick(ctx: TaskContext, name: str | None) -> ModelFolder:
    """The named model, else the best installed summarizer, else an embedding model."""
    if name:
        return ctx.resolve(name)
    installed = ctx.installed()
    ranked = [(rank, f.name, f) for f in installed if (rank := _rank(f)) is not None]
    if ranked:
        return min(ranked, key=lambda item: item[:2])[2]
    embedders = [f for f in installed if is_embedder(f)]
    if embedders:
        return embedders[0]
    raise ModelNotFound(
        "No summarization model is installed",
        hint="Install a summarizer such as distilbart-cnn-12-6, or a sentence-embedding model "
        "such as all-MiniLM-L6-v2 for extractive summaries",
        message_id="summarize.no_model",
    )


def run(ctx: TaskContext, request: SummarizeRequest) -> SummarizeResult:
    if not request.text.strip():
        raise InputError("There is no text to summarize", message_id="summarize.no_text")
    from engine.tasks import instruct

    llm = instruct.instruct_for(ctx, request.model, lambda f: _rank(f) is not None)
    wanted = to_iso(request.language) if request.language else None
    if request.language and not is_language(request.language):
        raise InputError(
            f"{request.language!r} is not a language code",
            hint="Give a code such as de, zh or pt-BR",
        )
    # Asked for a language other than the text's (a summarizer writes in the text's, or English).
    other = wanted is not None and wanted != to_iso(_language(request.text))
    if llm is None and other and not request.model:
        # Only an instruction model writes in a language it is told: it wins over summarizers.
        llm = instruct.instruct_for(ctx, None, lambda f: False)
    if llm is not None:
        return instruct.summarize(ctx, llm, request)
    folder = pick(ctx, request.model)
    if other:
        raise ModelNotFound(
            f"{folder.name} cannot write a summary in {wanted}: it summarizes a text in the "
            "text's own language (or in English)",
            hint="Install an instruction model (for example qwen2.5-0.5b-instruct), or leave "
            "the summary's language unset",
            message_id="summarize.wrong_language",
            params={"name": folder.name, "language": str(wanted)},
        )
    if folder.is_generative and is_translator(folder) and _rank(folder) is None:
        # A translation model given a report writes a translation of it, not a summary.
        raise ModelUnsupported(
            f"{folder.name} is a translation model: it cannot summarize",
            path=folder.path,
            hint="Leave out the model to use the best installed summarizer, or install one "
            "(quire models search --task summarize)",
            message_id="summarize.translation_model",
            params={"name": folder.name},
        )
    if folder.is_generative:
        return _abstractive(ctx, folder, request)
    if is_embedder(folder):
        return _extractive(ctx, folder, request)
    raise ModelUnsupported(
        f"{folder.name} cannot summarize: it neither generates text nor embeds sentences",
        path=folder.path,
        message_id="summarize.unsupported",
        params={"name": folder.name},
    )


def _language(text: str) -> str:
    """The language for sentence rules (summarizers are rarely told it)."""
    try:
        return detect(text).language
    except InputError:
        return "en"


# --- abstractive -------------------------------------------------------------------------


def length_settings(model: Seq2Seq, length: Length) -> tuple[int, int]:
    """(min, max) new tokens for a preset: medium is the model's own setting, short half of
    it, long twice it (within the decoder's position table)."""
    low, high = model.default_new_tokens
    if length == "short":
        high = max(2, high // 2)
        low = low // 2
    elif length == "long":
        positions = model.folder.config.get("max_position_embeddings")
        cap = positions - 1 if isinstance(positions, int) and positions > 1 else None
        high = high * 2 if cap is None else max(high, min(high * 2, cap))
        low = low * 2
    return min(low, high - 1), high


def _abstractive(
    ctx: TaskContext, folder: ModelFolder, request: SummarizeRequest
) -> SummarizeResult:
    loaded = ctx.models.get(folder, "seq2seq", ctx.report)
    params = folder.config.get("task_specific_params")
    task = params.get("summarization") if isinstance(params, dict) else None
    prefix = str(task.get("prefix", "")) if isinstance(task, dict) else ""
    model = Seq2Seq(loaded, Prompt(prefix=prefix, task="summarization" if task else None))
    low, high = length_settings(model, request.length)
    final = model.settings_with(min_new_tokens=low, max_new_tokens=high)

    # Preparing a long text takes seconds (a 110-page report: 4 s, 550 pages: 16 s, most of
    # it counting tokens): said from the start, and a cancel is heard while it counts.
    ctx.report(Progress("preparing", 0, len(request.text)))
    language = _language(request.text)
    seg = segment(request.text, language)
    budget = model.room
    chunks = windows(seg, _counting(ctx, model.count, len(request.text)), budget)
    ctx.report(Progress("preparing", len(request.text), len(request.text)))
    texts = [" ".join(fold(piece.text) for piece in chunk) for chunk in chunks]
    links = [frozenset(piece.paragraph for piece in chunk) for chunk in chunks]

    # Partial summaries must shrink the text: at most half a window each.
    p_high = max(1, min(model.default_new_tokens[1], budget // 2))
    p_low = min(model.default_new_tokens[0], p_high // 2)
    partial = model.settings_with(min_new_tokens=p_low, max_new_tokens=p_high)
    rounds = 0
    ahead = RoundsAhead(ctx.report)
    paced = dataclasses.replace(ctx, report=ahead)
    while len(texts) > 1:
        outputs = _generate(paced, model, texts, partial)
        before = len(texts)
        texts, links = regroup(model.count, outputs, links, budget, language)
        ahead.shrunk(before, len(texts))
        rounds += 1
    summary = _generate(paced, model, texts, final)[0]
    # Each sentence to the paragraphs it shares the most words with (of those its windows
    # held), as for an instruction model's summary: not all of a long document's.
    said = [s.text for s in segment(summary, language).segments]
    linked = link_sentences(said, paragraphs_by_index(seg), links[0])
    sentences = tuple(SummarySentence(s, p) for s, p in zip(said, linked, strict=True))
    return SummarizeResult(
        text=summary,
        model=loaded.used,
        sentences=sentences,
        rounds=rounds + 1,
        generated_tokens=model.generated,
    )


class RoundsAhead:
    """A summary's progress with the time left for all its rounds, not the current one's
    only: the round's pace times the windows left in it and in the rounds to come (each
    shrinking the count as the last one did, to a quarter at first), the final one included.
    Each round still counts from 0 (the front ends number the rounds from that)."""

    SETTLE_SECONDS = 2.0  # as ``Paced``: a pace measured over less is noise

    def __init__(
        self, report: Callable[[Event], None], clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.report, self.clock = report, clock
        self.shrink = 0.25
        self._start = 0.0
        self._first = 0
        self._last = -1
        self._total = -1

    def shrunk(self, before: int, after: int) -> None:
        """A round turned ``before`` windows into ``after``."""
        if before > 1:
            self.shrink = min(0.9, max(0.05, after / before))

    def ahead(self, count: int) -> int:
        """The windows of the rounds after one of ``count``, down to the final one."""
        future = 0
        while count > 1:
            count = max(1, math.ceil(count * self.shrink))
            future += count
        return future

    def __call__(self, event: Event) -> None:
        if isinstance(event, Progress) and event.eta_seconds is None:
            now = self.clock()
            if event.total != self._total or event.done < self._last:  # a new round
                self._start, self._first, self._total = now, event.done, event.total
            self._last = event.done
            elapsed, finished = now - self._start, event.done - self._first
            if elapsed >= self.SETTLE_SECONDS and finished > 0 and event.done < event.total:
                left = event.total - event.done + self.ahead(event.total)
                event = dataclasses.replace(event, eta_seconds=elapsed / finished * left)
        self.report(event)


def _generate(
    ctx: TaskContext,
    model: Seq2Seq,
    texts: list[str],
    settings: GenerationSettings,
) -> list[str]:
    # Every round reports the one stage, counted from 0 again (as the instruction models'
    # rounds do): the app and the command line count the rounds from that, in their own words.
    # Windows stay in document order: they are of similar length by construction.
    return run_texts(
        ctx, [model], texts, stage="summarizing", batch=BATCH, by_length=False, settings=settings
    )


def regroup(
    count: Callable[[str], int],
    partials: list[str],
    links: list[frozenset[int]],
    budget: int,
    language: str,
) -> tuple[list[str], list[frozenset[int]]]:
    """Windows of partial summaries (one paragraph each) for the next round, with links."""
    seg = _as_paragraphs(partials, language)
    chunks = windows(seg, count, budget)
    if len(chunks) >= len(partials):
        # Partials that do not shrink (a model that ignores its length limits) are paired
        # up, so every round halves the count; the tokenizer cuts what overflows a window.
        pairs = range(0, len(partials), 2)
        return (
            [" ".join(fold(t) for t in partials[i : i + 2]) for i in pairs],
            [frozenset().union(*links[i : i + 2]) for i in pairs],
        )
    texts = [" ".join(fold(piece.text) for piece in chunk) for chunk in chunks]
    owner = _owners(chunks, len(partials))
    joined: list[set[int]] = [set() for _ in chunks]
    for partial, chunk_indices in enumerate(owner):
        for k in chunk_indices:
            joined[k] |= links[partial]
    return texts, [frozenset(j) for j in joined]


def _counting(ctx: TaskContext, count: Callable[[str], int], total: int) -> Callable[[str], int]:
    """``count``, which hears a cancel and says how much of the text (``total`` characters)
    it has counted, every 64 pieces. ``windows`` counts the text twice (its sentences, then
    the windows they are packed in), so half of what was counted is the share done (counted
    once, the bar stood full for half of the time)."""
    counted = calls = 0

    def counting(text: str) -> int:
        nonlocal counted, calls
        ctx.check()
        calls += 1
        counted += len(text) + 1
        if calls % 64 == 0:
            ctx.report(Progress("preparing", min(counted // 2, total), total))
        return count(text)

    return counting


def windows(seg: Segmented, count: Callable[[str], int], budget: int) -> list[list[Segment]]:
    """Consecutive sentences packed into windows of at most ``budget`` tokens, whole
    paragraphs together where they fit. A sentence in the middle of a text can tokenize longer
    than on its own (byte-level BPE: "The" vs " The"), so each packed window is counted as the
    model will see it and halved until it fits: the tokenizer never cuts text off."""
    out: list[list[Segment]] = []
    pending = chunk_by_budget(seg, count, budget, pack_paragraphs=True)
    pending.reverse()
    while pending:
        chunk = pending.pop()
        if len(chunk) > 1 and count(" ".join(fold(piece.text) for piece in chunk)) > budget:
            half = len(chunk) // 2
            pending += [chunk[half:], chunk[:half]]
        else:
            out.append(chunk)
    return out


def _owners(chunks: list[list[Segment]], count: int) -> list[set[int]]:
    """For each partial, the windows that hold some of it; an empty partial goes with the
    window of the partial before it (or the first window), so no link is lost."""
    owner: list[set[int]] = [set() for _ in range(count)]
    for k, chunk in enumerate(chunks):
        for piece in chunk:
            owner[piece.paragraph].add(k)
    previous = {0}
    for chunk_indices in owner:
        if not chunk_indices:
            chunk_indices |= previous
        previous = {max(chunk_indices)}
    return owner


def _as_paragraphs(texts: Sequence[str], language: str) -> Segmented:
    """The texts as paragraphs of one document: text ``i`` is paragraph ``i``."""
    source_parts: list[str] = []
    segments: list[Segment] = []
    offset = 0
    for paragraph, text in enumerate(texts):
        if paragraph:
            source_parts.append("\n\n")
            offset += 2
        for piece in segment(text, language).segments:
            start = offset + piece.start
            segments.append(
                Segment(len(segments), paragraph, start, start + len(piece.text), piece.text)
            )
        source_parts.append(text)
        offset += len(text)
    return Segmented("".join(source_parts), tuple(segments))


# --- extractive --------------------------------------------------------------------------


def _extractive(
    ctx: TaskContext, folder: ModelFolder, request: SummarizeRequest
) -> SummarizeResult:
    loaded = ctx.models.get(folder, "encoder", ctx.report)
    seg = segment(request.text, _language(request.text))
    # A sentence the text repeats is a candidate once (its first occurrence).
    firsts: dict[str, int] = {}
    for i, sentence in enumerate(seg.segments):
        firsts.setdefault(fold(sentence.text).casefold(), i)
    candidates = list(firsts.values())
    # A heading or a list's label is no sentence of a summary: left out while the text has
    # sentences (a document of headings picked its headings).
    alone = Counter(piece.paragraph for piece in seg.segments)
    prose = [i for i in candidates if not _title_like(seg.segments[i], alone)]
    candidates = prose or candidates
    texts = [fold(seg.segments[i].text) for i in candidates]
    vectors = embed_texts(ctx, loaded, texts, "summarizing")
    chosen = sorted(candidates[i] for i in select(vectors, EXTRACTIVE_SENTENCES[request.length]))
    picked = [seg.segments[i] for i in chosen]
    # As sentences read, not as the text wrapped them (hard line breaks, a justified text's
    # double spaces, a list's indent).
    shown = [fold(sentence.text) for sentence in picked]
    parts: list[str] = []
    for i, sentence in enumerate(picked):
        if i:
            before = picked[i - 1]
            cjk = _cjk(shown[i - 1][-1:]) and _cjk(shown[i][:1])
            if before.paragraph != sentence.paragraph:
                parts.append("\n\n")
            elif chosen[i] != chosen[i - 1] + 1:
                # Sentences far apart in one paragraph (a man page's list of entries): not
                # run together as if the second followed the first ("this variable").
                parts.append("……" if cjk else " … ")
            elif not cjk:
                parts.append(" ")  # (Chinese and Japanese sentences follow with no space)
        parts.append(shown[i])
    return SummarizeResult(
        text="".join(parts),
        model=loaded.used,
        sentences=tuple(
            SummarySentence(text, (s.paragraph,)) for text, s in zip(shown, picked, strict=True)
        ),
        extractive=True,
    )


def _title_like(sentence: Segment, sentences_in: Counter[int]) -> bool:
    """A paragraph of one short line ending in no sentence mark: a heading, a caption, a
    list's item ("Results", "Revenue up 12%")."""
    text = sentence.text.strip()
    return (
        sentences_in[sentence.paragraph] == 1
        and len(text.split()) <= 12
        and len(text) <= 80
        and not SENTENCE_END.search(text)
    )


# --- linking a summary's sentences to the paragraphs they draw on ----------------------


_WORD = re.compile(r"\w+", re.UNICODE)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def words(text: str) -> list[str]:
    """Lower-cased words; CJK text as character bigrams (it has no spaces)."""
    out: list[str] = []
    for w in _WORD.findall(text.casefold()):
        if _CJK.search(w):
            out.extend(w[i : i + 2] for i in range(max(1, len(w) - 1)))
        else:
            out.append(w)
    return out


def link_sentences(
    summary_sentences: Sequence[str], paragraphs: dict[int, str], allowed: frozenset[int]
) -> list[tuple[int, ...]]:
    """Each summary sentence's source paragraphs: those of ``allowed`` sharing the most of its
    words (weighted by rarity), every one scoring at least half the best; none when no word is
    shared (a sentence made up, or in another language: "from everywhere" would hide that it
    is the one to check)."""
    docs = {p: Counter(words(paragraphs[p])) for p in sorted(allowed)}
    df: Counter[str] = Counter()
    for bag in docs.values():
        df.update(bag.keys())
    n = max(1, len(docs))
    links: list[tuple[int, ...]] = []
    for sentence in summary_sentences:
        query = set(words(sentence))
        scores = {
            p: sum(math.log(1 + n / df[w]) for w in query if w in bag) for p, bag in docs.items()
        }
        best = max(scores.values(), default=0.0)
        if best <= 0:
            links.append(())
            continue
        links.append(tuple(sorted(p for p, s in scores.items() if s >= best / 2)))
    return links


def paragraphs_by_index(seg: Segmented) -> dict[int, str]:
    """Each paragraph's text (its sentences joined), by its index."""
    out: dict[int, list[str]] = {}
    for piece in seg.segments:
        out.setdefault(piece.paragraph, []).append(piece.text)
    return {p: " ".join(texts) for p, texts in out.items()}


def _cjk(char: str) -> bool:
    """A Chinese or Japanese character or full-width mark (Thai, Khmer and Myanmar, also
    written without spaces between words, do put one after a sentence)."""
    if not char:
        return False
    code = ord(char)
    return (
        0x2E80 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0xFF00 <= code <= 0xFFEF
    ) or code >= 0x20000


def select(vectors: np.ndarray, count: int, balance: float = MMR_LAMBDA) -> list[int]:
    """Maximal marginal relevance over sentence embeddings: repeatedly the sentence most like
    the text's centroid and least like those already chosen. Indices in order of choice."""
    if len(vectors) == 0:
        return []
    unit = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    centroid = unit.mean(axis=0)
    relevance = unit @ (centroid / max(float(np.linalg.norm(centroid)), 1e-12))
    chosen: list[int] = []
    closest = np.full(len(unit), -np.inf)  # similarity to the nearest chosen sentence
    for _ in range(min(count, len(unit))):
        novelty = np.where(np.isfinite(closest), closest, 0.0)
        score = balance * relevance - (1.0 - balance) * novelty
        score[chosen] = -np.inf
        best = int(np.argmax(score))
        chosen.append(best)
        closest = np.maximum(closest, unit @ unit[best])
    return chosen


__all__ = [
    "is_summarizer",
    "length_settings",
    "link_sentences",
    "paragraphs_by_index",
    "pick",
    "regroup",
    "run",
    "select",
    "windows",
    "words",
]
