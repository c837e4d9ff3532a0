"""The tasks served by a decoder-only instruction model: abstractive summaries (map-reduce over
long documents, each sentence linked to its source paragraphs), answers from retrieved passages
with [n] citations, translation for pairs no dedicated model covers, and zero-shot
classification by each label's likelihood. Prompts come from ``engine.tasks.prompts``."""

from __future__ import annotations

import dataclasses
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from engine.api import (
    Answer,
    AskRequest,
    AskResult,
    Attribution,
    Citation,
    Classification,
    ClassifyRequest,
    ClassifyResult,
    LabelScore,
    LabelsScored,
    PartialText,
    Progress,
    SummarizeRequest,
    SummarizeResult,
    SummarySentence,
    TranslatedSegment,
    TranslateRequest,
    TranslateResult,
)
from engine.errors import InputError
from engine.runtime.chat import ChatTemplate
from engine.runtime.manifest import ModelFolder
from engine.runtime.onnx_causal import CausalState
from engine.tasks import explain, prompts
from engine.tasks.context import Loaded, TaskContext
from engine.tasks.languages import is_traditional, to_iso
from engine.tasks.summarize import link_sentences, paragraphs_by_index, words
from engine.tasks.translate import SAME_LANGUAGE
from engine.text import Segment, chunk_by_budget, detect, segment
from engine.text.glossary import Glossary, holds_term
from engine.text.langid import chinese_script
from engine.text.repetition import is_degenerate

# Longest context used, whatever the model declares: prompt processing time grows with it and a
# desktop has seconds, not minutes, per window.
CONTEXT_CAP = 4096
SUMMARY_TOKENS = {"short": 96, "medium": 256, "long": 512}
PART_TOKENS = 160  # new tokens per map-step summary
PASSAGE_TOKENS = 160  # model tokens per retrieved passage
PASSAGES = 4
ANSWER_TOKENS = 256


_THINKING = re.compile(r"\s*<think>.*?(?:</think>\s*|\Z)", re.S)


def without_thinking(text: str) -> str:
    """A completion without the reasoning a model wrote first (``<think>…</think>``), which
    one may write though asked not to; while it is still reasoning, nothing yet."""
    return _THINKING.sub("", text, count=1) if text.lstrip().startswith("<think>") else text


class Instruct:
    """A loaded instruction model with its chat template: render, count, complete, score."""

    def __init__(self, ctx: TaskContext, loaded: Loaded) -> None:
        assert loaded.causal is not None
        template = ChatTemplate.load(loaded.folder)
        if template is None:
            raise InputError(
                f"{loaded.folder.name} has no chat template: it is not an instruction model",
                path=loaded.folder.path,
                message_id="instruct.no_template",
                params={"name": loaded.folder.name},
            )
        self.ctx = ctx
        self.loaded = loaded
        self.template = template
        positions = loaded.causal.max_positions or CONTEXT_CAP
        self.window = min(positions, CONTEXT_CAP)
        # ``score``'s cache: one row, holding the tokens ``_cached`` (its last prompt's).
        self._state: CausalState | None = None
        self._cached: list[int] = []
        self._end: list[int] | None = None  # the model's end-of-sequence ids, once read

    def count(self, text: str) -> int:
        batch = self.loaded.tokenizer.encode_batch(
            [text], add_special_tokens=False, max_length=10**9
        )
        return int(batch.attention_mask.sum())

    def render(self, system: str, user: str) -> str:
        check = self.ctx.check
        # A model that reasons first (Qwen3) is asked not to, as transformers' callers ask
        # (``enable_thinking=False``): a task's answer is its output, whole, and a short
        # summary's tokens would go on the reasoning. Other templates ignore the variable.
        try:
            return self.template.render(
                [{"role": "system", "content": system}, {"role": "user", "content": user}],
                check=check,
                enable_thinking=False,
            )
        except InputError:
            # Some templates (Gemma's) refuse a system role: the instructions go first instead.
            return self.template.render(
                [{"role": "user", "content": f"{system}\n\n{user}"}],
                check=check,
                enable_thinking=False,
            )

    def ids(self, system: str, user: str) -> list[int]:
        batch = self.loaded.tokenizer.encode_batch(
            [self.render(system, user)], add_special_tokens=False, max_length=10**9
        )
        return [int(t) for t in batch.input_ids[0]]

    def room(self, prompt: Callable[[str], tuple[str, str]], new_tokens: int) -> int:
        """Tokens left for the text in ``prompt(text)`` with room for ``new_tokens``. The
        slack covers texts tokenizing a little longer inside the prompt than alone."""
        overhead = len(self.ids(*prompt(""))) + 16
        return max(32, self.window - overhead - new_tokens)

    def fit(self, text: str, budget: int) -> str:
        """``text`` cut to ``budget`` tokens (only a model ignoring its length limit makes a
        map-step summary that long)."""
        ids = self.loaded.tokenizer.encode_batch(
            [text], add_special_tokens=False, max_length=10**9
        ).input_ids[0]
        return text if len(ids) <= budget else self.loaded.tokenizer.decode(ids[:budget])

    def complete(
        self, system: str, user: str, max_new_tokens: int, *, stream: bool = False
    ) -> tuple[str, list[int], float]:
        """Greedy completion: text, token ids and mean token log-probability."""
        # Imported here: a translation by a dedicated model never needs the generation loop.
        from engine.runtime.generate_causal import generate, settings_from

        ids = np.asarray([self.ids(system, user)], dtype=np.int64)
        max_new = max(1, min(max_new_tokens, self.window - ids.shape[1]))
        if ids.shape[1] >= self.window:
            raise InputError(
                f"The prompt is {ids.shape[1]} tokens long; the model reads at most {self.window}",
                message_id="instruct.prompt_too_long",
                params={"length": int(ids.shape[1]), "window": self.window},
            )
        settings = settings_from(
            self.loaded.folder.generation, max_new_tokens=max_new, do_sample=False
        )
        tokenizer = self.loaded.tokenizer

        def on_token(tokens: list[int]) -> None:
            if stream:
                shown = without_thinking(tokenizer.decode_growing(tokens))
                self.ctx.report(PartialText(shown))

        out = generate(
            self.loaded.causal,  # type: ignore[arg-type]
            ids,
            None,
            settings,
            decode=lambda t: tokenizer.decode(t, skip_special_tokens=False),
            on_token=on_token,
            check=self.ctx.check,
        )
        tokens = out.tokens[0]
        mean = float(np.mean(out.logprobs[0])) if out.logprobs[0] else 0.0
        return without_thinking(tokenizer.decode(tokens)).strip(), tokens, mean

    def score(
        self, system: str, user: str, continuations: Sequence[str], *, ended: bool = False
    ) -> list[float]:
        """Sum of log-probabilities of each continuation's tokens after the rendered prompt;
        ``ended``: and of the answer ending there (any of the model's end-of-sequence
        tokens next), so that a label that begins another ("sport", "sports") is not
        favoured for being shorter.

        The prompt goes through the model once, and only from where it first differs from
        the previous prompt scored (the cache holds that one: explaining a classification
        scores the text with each word left out in turn, last word first). Each continuation
        is then read after the prompt's cache, cut back to the prompt between them."""
        from engine.runtime.generate_causal import chosen_logprobs, settings_from
        from engine.runtime.onnx_causal import common_prefix

        causal = self.loaded.causal
        assert causal is not None
        if ended and self._end is None:  # (explaining scores a text once per word)
            self._end = list(settings_from(self.loaded.folder.generation).eos_token_id)
        end = (self._end or []) if ended else []
        prompt = self.ids(system, user)
        tokenizer = self.loaded.tokenizer
        tails = [
            [int(t) for t in tokenizer.encode_batch(
                [text], add_special_tokens=False, max_length=10**9
            ).input_ids[0]]
            for text in continuations
        ]  # fmt: skip
        if self._state is None:
            self._state = causal.start(1)
        state = self._state
        # The cache holds ``self._cached`` up to where the last continuation began; at least
        # the prompt's last token goes through again, for its logits.
        same = common_prefix(self._cached, prompt)
        state.truncate(min(same, len(prompt) - 1, state.length))
        state.reserve(len(prompt) + max((len(t) for t in tails), default=0))
        self._cached = []  # until the forward below has filled the cache
        new = np.asarray([prompt[state.length :]], dtype=np.int64)
        last = state.forward(new)  # (1, vocab): the first continuation token's logits
        self._cached = prompt
        out: list[float] = []
        for tail in tails:
            if not tail:
                out.append(0.0)
                continue
            fed = tail if end else tail[:-1]  # the logits after the last token, if needed
            rows = last
            if fed:
                state.truncate(len(prompt))
                after = state.forward(np.asarray([fed], dtype=np.int64), last_only=False)
                rows = np.concatenate([last, after[0]])
            tokens = np.asarray(tail, dtype=np.int64)
            total = float(chosen_logprobs(rows[: len(tail)], tokens).sum())
            if end:
                total += _log_share(rows[len(tail)], end)
            out.append(total)
            self.ctx.check()
        return out


def _log_share(logits: np.ndarray, tokens: Sequence[int]) -> float:
    """log of the probability ``logits`` give to any of ``tokens`` (log-sum-exp, float64)."""
    row = np.asarray(logits, dtype=np.float64)
    known = [t for t in tokens if 0 <= t < len(row)]
    if not known:
        return 0.0
    top = float(row.max())
    total = top + math.log(float(np.exp(row - top).sum()))
    chosen = row[np.asarray(known, dtype=np.int64)]
    best = float(chosen.max())
    return best + math.log(float(np.exp(chosen - best).sum())) - total


def instruct_for(
    ctx: TaskContext, name: str | None, dedicated: Callable[[ModelFolder], bool]
) -> ModelFolder | None:
    """The instruction model a task should use: the named model when it is a decoder-only
    one; with no name, the first installed instruction model when no ``dedicated`` model (a
    summarizer, a reader, ...) is installed; else None (the task's own models serve)."""
    from engine.tasks.generate import _template, is_generator, is_instruct

    if name:
        folder = ctx.resolve(name)
        if not is_generator(folder):
            return None
        # Said before the model loads (seconds): a base model has no template to prompt it.
        if ChatTemplate.load(folder) is None:
            raise InputError(
                f"{folder.name} has no chat template: it is not an instruction model",
                path=folder.path,
                hint="Choose an instruction-tuned model, or leave the model to the automatic "
                "choice",
                message_id="instruct.no_template",
                params={"name": folder.name},
            )
        _template(folder)  # one that is not valid Jinja, likewise
        return folder
    installed = ctx.installed()
    if any(dedicated(f) for f in installed):
        return None
    return next((f for f in installed if is_instruct(f)), None)


def _language(text: str) -> str:
    try:
        return detect(text).language
    except InputError:
        return "en"


# A question's language is trusted from this confidence on; a short question in a Latin
# script is often unsure ("Who won?" reads as Xhosa at 0.17), and then the answer is in the
# document's language.
QUESTION_CONFIDENCE = 0.5


def _answer_language(question: str, document: str, context: str) -> str:
    """The language to answer ``question`` in: its own when that is clear, else the
    document's (``context``'s); Chinese in the script the question, else the document, uses."""
    try:
        found = detect(question)
    except InputError:
        language = document
    else:
        language = found.language if found.confidence >= QUESTION_CONFIDENCE else document
    if language == "zh" and (script := chinese_script(question) or chinese_script(context)):
        return f"zh-{script}"
    return language


def _script(tag: str) -> str | None:
    """The Chinese script a language tag names (``zh-TW``, ``zh-Hant``: traditional; ``zh-CN``,
    ``zh-Hans``: simplified), or None (another language, or plain ``zh``)."""
    if to_iso(tag) != "zh" or not re.search(r"[-_]", tag.strip()):
        return None
    return "Hant" if is_traditional(tag) else "Hans"


def _same_language(source: str, target: str) -> bool:
    """Whether text in ``source`` is already in ``target`` (tags): Chinese in one script is
    not in the other. A plain ``zh`` source may be either; a plain ``zh`` target is simplified
    Chinese, as prompts name it."""
    if to_iso(source) != to_iso(target):
        return False
    script = _script(source)
    return script is None or script == (_script(target) or "Hans")


def _written_in(language: str, text: str) -> str:
    """``language`` as a prompt should name it for ``text``: Chinese in the script the text
    uses, ``zh-Hant`` or ``zh-Hans`` (else a model answers a Taiwanese report in simplified
    characters)."""
    if language == "zh" and (script := chinese_script(text)) is not None:
        return f"zh-{script}"
    return language


# --- summarize ---------------------------------------------------------------------------


def summarize(ctx: TaskContext, folder: ModelFolder, request: SummarizeRequest) -> SummarizeResult:
    from engine.tasks.summarize import regroup, windows

    llm = Instruct(ctx, ctx.models.get(folder, "causal", ctx.report))
    detected = _language(request.text)
    language = request.language or _written_in(detected, request.text)
    seg = segment(request.text, detected)
    final_tokens = SUMMARY_TOKENS[request.length]
    budget = min(
        llm.room(lambda t: prompts.summarize(t, language, request.length), final_tokens),
        llm.room(lambda t: prompts.summarize_part(t, language), PART_TOKENS),
    )
    chunks = windows(seg, llm.count, budget)
    texts = ["\n\n".join(_paragraph_texts(chunk)) for chunk in chunks]
    links = [frozenset(piece.paragraph for piece in chunk) for chunk in chunks]
    rounds = 0
    generated = 0
    while len(texts) > 1:
        partials: list[str] = []
        for i, text in enumerate(texts):
            ctx.report(Progress("summarizing", i, len(texts)))
            part, tokens, _ = llm.complete(
                *prompts.summarize_part(llm.fit(text, budget), language), PART_TOKENS
            )
            partials.append(part)
            generated += len(tokens)
        ctx.report(Progress("summarizing", len(texts), len(texts)))
        texts, links = regroup(llm.count, partials, links, budget, detected)
        rounds += 1
    summary, tokens, _ = llm.complete(
        *prompts.summarize(llm.fit(texts[0], budget), language, request.length),
        final_tokens,
        stream=True,
    )
    generated += len(tokens)
    sentences = [s.text for s in segment(summary, language).segments]
    # Links are found by shared words: a summary in another language shares none.
    same = to_iso(language) == to_iso(detected)
    linked = (
        link_sentences(sentences, paragraphs_by_index(seg), links[0])
        if same
        else [()] * len(sentences)
    )
    return SummarizeResult(
        text=summary,
        model=llm.loaded.used,
        sentences=tuple(SummarySentence(s, p) for s, p in zip(sentences, linked, strict=True)),
        rounds=rounds + 1,
        generated_tokens=generated,
        linked=same,
    )


def _paragraph_texts(chunk: Sequence[Segment]) -> list[str]:
    by_paragraph: dict[int, list[str]] = {}
    for piece in chunk:
        by_paragraph.setdefault(piece.paragraph, []).append(piece.text)
    return [" ".join(t) for t in by_paragraph.values()]


# --- ask ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    start: int
    end: int


def lexical_passages(question: str, context: str, spans: Sequence[Span], keep: int) -> list[Span]:
    """BM25 (k1 = 1.5, b = 0.75) over the passages; best first, only those sharing a word."""
    docs = [Counter(words(context[s.start : s.end])) for s in spans]
    if not docs:
        return []
    avg = sum(sum(d.values()) for d in docs) / len(docs)
    df: Counter[str] = Counter()
    for d in docs:
        df.update(d.keys())
    n = len(docs)
    query = set(words(question))
    scores = []
    for d in docs:
        length = sum(d.values())
        score = 0.0
        for w in query:
            if w in d:
                idf = math.log(1 + (n - df[w] + 0.5) / (df[w] + 0.5))
                tf = d[w]
                score += idf * tf * 2.5 / (tf + 1.5 * (0.25 + 0.75 * length / max(avg, 1)))
        scores.append(score)
    order = sorted(range(n), key=lambda i: -scores[i])
    return [spans[i] for i in order[:keep] if scores[i] > 0]


_CITE = re.compile(r"\[(\d+)\]")


def ask(
    ctx: TaskContext, folder: ModelFolder, embedder: ModelFolder | None, request: AskRequest
) -> AskResult:
    llm = Instruct(ctx, ctx.models.get(folder, "causal", ctx.report))
    document = _language(request.context)
    language = _answer_language(request.question, document, request.context)
    seg = segment(request.context, document)
    chunks = chunk_by_budget(seg, llm.count, PASSAGE_TOKENS, check=ctx.check)
    spans = [Span(c[0].start, c[-1].end) for c in chunks if c]
    retriever = None
    if embedder is not None and len(spans) > PASSAGES:
        from engine.tasks.ask import best_passages

        loaded = ctx.models.get(embedder, "encoder", ctx.report)
        retriever = loaded.used
        found = best_passages(ctx, loaded, request.question, request.context, PASSAGES)
        chosen = [Span(p.start, p.end) for p in found]
    elif len(spans) > PASSAGES:
        # No passage sharing a word with the question (one asked in another language, or in
        # other words) is no proof the answer is not there: the model reads the document's
        # first passages then, and says so itself when they do not hold it.
        chosen = lexical_passages(request.question, request.context, spans, PASSAGES)
        chosen = chosen or spans[:PASSAGES]
    else:
        chosen = spans
    texts = [request.context[s.start : s.end] for s in chosen]
    system, user = prompts.answer(request.question, texts, language)
    while len(texts) > 1 and len(llm.ids(system, user)) > llm.window - ANSWER_TOKENS:
        texts, chosen = texts[:-1], chosen[:-1]
        system, user = prompts.answer(request.question, texts, language)
    if not texts:
        return AskResult(answers=(), model=llm.loaded.used, generated=True, retriever=retriever)
    read = tuple(
        Citation(n, span.start, span.end, passage)
        for n, (span, passage) in enumerate(zip(chosen, texts, strict=True), start=1)
    )
    text, _tokens, mean = llm.complete(system, user, ANSWER_TOKENS, stream=True)
    if _not_supported(text):
        return AskResult(
            answers=(), model=llm.loaded.used, generated=True, retriever=retriever, read=read
        )
    citations = cite(text, chosen, texts)
    first = citations[0] if citations else None
    answer = Answer(
        text=text,
        score=math.exp(mean),
        start=first.start if first else -1,
        end=first.end if first else -1,
        probability=math.exp(mean),
    )
    return AskResult(
        answers=(answer,),
        model=llm.loaded.used,
        generated=True,
        citations=citations,
        retriever=retriever,
        read=read,
    )


def cite(answer: str, spans: Sequence[Span], texts: Sequence[str]) -> tuple[Citation, ...]:
    """The passages ``answer`` cites as [n], in number order; numbers without a passage are
    ignored (a model may invent one)."""
    numbers = sorted({int(n) for n in _CITE.findall(answer) if 1 <= int(n) <= len(spans)})
    return tuple(Citation(n, spans[n - 1].start, spans[n - 1].end, texts[n - 1]) for n in numbers)


def _not_supported(text: str) -> bool:
    key = prompts.NOT_IN_DOCUMENT.casefold().rstrip(".")
    return not text.strip() or text.strip().casefold().rstrip(".").startswith(key)


# --- classify ----------------------------------------------------------------------------


# An explanation takes parts of the text out one at a time and scores each rest, a pass of the
# model's prompt each: a text of more words is explained by runs of neighbouring words.
EXPLAINED_PARTS = 32


def classify(ctx: TaskContext, folder: ModelFolder, request: ClassifyRequest) -> ClassifyResult:
    if not request.labels:
        raise InputError(
            "An instruction model classifies zero-shot: give the labels",
            hint="e.g. --labels sport,politics,science",
            message_id="classify.needs_labels",
        )
    llm = Instruct(ctx, ctx.models.get(folder, "causal", ctx.report))
    if len(request.labels) == 1 and not request.multi_label:
        # One label normalised over itself is always certain: score it on its own, as the
        # NLI pipeline does (yes against no).
        request = dataclasses.replace(request, multi_label=True)
    items = []
    for i, text in enumerate(request.texts):
        ctx.report(Progress("classifying", i, len(request.texts)))
        scores = _label_scores(llm, text, request)
        ranked = sorted(zip(request.labels, scores, strict=True), key=lambda x: -x[1])
        item = Classification(text, tuple(LabelScore(lab, float(s)) for lab, s in ranked))
        if request.explain:
            ctx.report(LabelsScored(i, item, request.multi_label))
            attributions = _explain(ctx, llm, text, request, ranked[0][0], ranked[0][1])
            item = dataclasses.replace(item, attributions=attributions)
        items.append(item)
    ctx.report(Progress("classifying", len(request.texts), len(request.texts)))
    return ClassifyResult(
        items=tuple(items),
        model=llm.loaded.used,
        multi_label=request.multi_label,
        labels=request.labels,
    )


def _label_scores(
    llm: Instruct, text: str, request: ClassifyRequest, only: str | None = None
) -> list[float]:
    """Each label's score for ``text`` (``only``: that label's alone): with ``multi_label``,
    the chance of "yes" against "no" for the label on its own; else the labels' likelihoods
    as the answer, normalised over the labels."""
    if request.multi_label:
        scores = []
        for label in [only] if only is not None else request.labels:
            yes, no = llm.score(*prompts.classify_one(text, label), ["yes", "no"])
            scores.append(1 / (1 + math.exp(no - yes)))
        return scores
    logp = np.asarray(
        llm.score(*prompts.classify(text, request.labels), request.labels, ended=True)
    )
    probs = np.exp(logp - logp.max())
    normalised = [float(p) for p in probs / probs.sum()]
    return [normalised[request.labels.index(only)]] if only is not None else normalised


def _explain(
    ctx: TaskContext, llm: Instruct, text: str, request: ClassifyRequest, top: str, base: float
) -> tuple[Attribution, ...]:
    """Occlusion, as for the other classifiers (``engine.tasks.explain``): how far the top
    label's score falls when each word (each run of words, past ``EXPLAINED_PARTS``) is left
    out of the text."""
    parts = explain.grouped(explain.words(llm.loaded.tokenizer, text), EXPLAINED_PARTS)
    weights: dict[tuple[int, int], float] = {}
    # Last word first: each text then shares more of its start with the one scored before
    # it, whose cache ``Instruct.score`` keeps (only what follows the word goes through).
    for j, (start, end) in enumerate(reversed(parts)):
        ctx.check()
        rest = explain.without(text, start, end)
        weights[start, end] = base - _label_scores(llm, rest, request, only=top)[0]
        ctx.progress("explaining", j + 1, len(parts))
    return tuple(Attribution(start=s, end=e, weight=weights[s, e]) for s, e in parts)


# --- translate ---------------------------------------------------------------------------

TRANSLATION_TOKENS = 512


def translate(
    ctx: TaskContext, folder: ModelFolder, request: TranslateRequest, glossary: Glossary | None
) -> TranslateResult:
    """Paragraph windows translated one by one, the glossary's terms given in each prompt
    (those occurring in the window) and checked in the output."""

    if not request.target:
        raise InputError(
            "Translating with an instruction model needs the target language",
            hint="Give --to, e.g. --to de",
            message_id="translate.needs_target",
        )
    target_tag = request.target
    target = to_iso(target_tag)
    confidence: float | None = None
    if request.source:
        source, source_tag = to_iso(request.source), request.source
        if _script(source_tag) is None:  # a plain "zh" (a document's, --from zh): as written
            source_tag = _written_in(source, request.text)
    else:
        found = detect(request.text)
        source, confidence = found.language, found.confidence
        source_tag = _written_in(source, request.text)
    # Prompts name the languages by their tags: "zh-TW" is Chinese (Traditional), and from
    # traditional characters into zh-Hans is a translation too.
    if _same_language(source_tag, target_tag):
        raise InputError(
            f"The text is already in {prompts.language_name(target)}",
            hint="Choose another language to translate into",
            message_id=SAME_LANGUAGE,
            params={"language": target},
        )
    llm = Instruct(ctx, ctx.models.get(folder, "causal", ctx.report))
    entries = [(e.term, e.translation) for e in glossary.entries] if glossary else []
    budget = min(
        TRANSLATION_TOKENS // 2,
        llm.room(
            lambda t: prompts.translate(t, source_tag, target_tag, entries),
            TRANSLATION_TOKENS,
        ),
    )
    seg = segment(request.text, source)
    chunks = chunk_by_budget(seg, llm.count, budget, check=ctx.check)
    segments: list[TranslatedSegment] = []
    missing: list[str] = []
    generated = 0
    for i, chunk in enumerate(chunks):
        ctx.report(Progress("translating", i, len(chunks)))
        text = " ".join(piece.text for piece in chunk)
        used = [(t, tr) for t, tr in entries if holds_term(text, t)]
        out, tokens, _ = llm.complete(
            *prompts.translate(text, source_tag, target_tag, used), TRANSLATION_TOKENS
        )
        generated += len(tokens)
        missing += [t for t, tr in used if (tr if tr is not None else t) not in out]
        segments.append(
            TranslatedSegment(
                source=text,
                text=out,
                paragraph=chunk[0].paragraph,
                suspect=is_degenerate(out, text),
            )
        )
        ctx.report(PartialText(_join(segments)))
    ctx.report(Progress("translating", len(chunks), len(chunks)))
    return TranslateResult(
        text=_join(segments),
        model=llm.loaded.used,
        source_language=source,
        target_language=target,
        detected_confidence=confidence,
        segments=tuple(segments),
        missing_terms=tuple(dict.fromkeys(missing)),
        models=(llm.loaded.used,),
        generated_tokens=generated,
    )


def _join(segments: Sequence[TranslatedSegment]) -> str:
    """Pieces of one paragraph joined by a space, paragraphs by a blank line."""
    parts: list[str] = []
    for i, s in enumerate(segments):
        if i:
            parts.append(" " if segments[i - 1].paragraph == s.paragraph else "\n\n")
        parts.append(s.text)
    return "".join(parts)
