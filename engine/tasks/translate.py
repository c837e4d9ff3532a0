"""Translate: paragraphs → sentences → model-sized pieces, batched through one model or a
pivot through English, then put back into the original paragraphs and whitespace exactly.

Model choice without a named model: a direct bilingual (Marian) model for the pair, else a
multilingual one (M2M100 / NLLB / mBART-50), else a T5 with the pair's prefix; else two models
through English. A sentence longer than two thirds of what the model may generate (or than its
input window) is cut into pieces at clause or word boundaries, so no translation is cut off by
the length limit; the pieces' outputs are joined back. Glossary terms are swapped for
placeholders before the model and restored after; a segment whose output repeats itself
degenerately is flagged ``suspect``, never altered.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from engine.api import PartialText, TranslatedSegment, TranslateRequest, TranslateResult
from engine.errors import InputError, ModelNotFound, ModelUnsupported
from engine.runtime.manifest import ModelFolder
from engine.store.catalog import translator_for
from engine.tasks.context import TaskContext
from engine.tasks.languages import (
    Languages,
    is_language,
    languages,
    prompt,
    target_key,
    to_iso,
)
from engine.tasks.seq2seq import Seq2Seq, fold, run_texts
from engine.text import (
    Glossary,
    Placeholder,
    Protected,
    Segment,
    Segmented,
    chunk_by_budget,
    detect,
    is_degenerate,
    is_termbase,
    join_pieces,
    load_glossary,
    rank,
    reassemble,
    segment,
    written_in,
)

if TYPE_CHECKING:
    from engine.documents.memory import Memory
    from engine.engine import Engine

PIVOT = "en"
# Placeholder forms for glossary terms, best first; the first every model's tokenizer can
# spell is used (a code with a letter the vocabulary lacks would be lost before the model).
PLACEHOLDERS = ("ZXQ{n}Q", "ZQZ{n}Q", "QZ{n}ZQ")
SURE = 0.5  # a detection this probable is trusted over the installed models' languages
# An installed language less probable than this share of the likeliest one is no reading of
# the text at all: a Persian text went to a Chinese model as "zh (0% sure)" where nothing
# else was installed. (A share, not a floor: "Hi Bob" is 0.8 % English, 2 % Serbian.)
PLAUSIBLE = 0.05
UNDETERMINED = "und"  # ISO 639-2 for a language nobody named or detected
MAX_ALTERNATIVES = 10  # more hypotheses than this would make the beam slow and the tail noise
_KIND_RANK = {"bilingual": 0, "multilingual": 1, "prefixed": 2}


@dataclass(frozen=True)
class Hop:
    folder: ModelFolder
    languages: Languages | None
    source: str
    target: str


@dataclass(frozen=True)
class Route:
    hops: tuple[Hop, ...]
    source: str
    target: str
    confidence: float | None  # of the detected source language


def run(ctx: TaskContext, request: TranslateRequest) -> TranslateResult:
    if not request.text.strip():
        raise InputError("There is no text to translate", message_id="translate.no_text")
    if not 0 <= request.alternatives <= MAX_ALTERNATIVES:
        raise InputError(
            f"Alternatives must be between 0 and {MAX_ALTERNATIVES}, not {request.alternatives}"
        )
    # A glossary is read before any model loads; a termbase (a .tbx, of many languages) once
    # the pair is known: now where the request names both, else once the route is planned.
    # Its pair is judged once the model is: one that cannot translate into the target is said
    # first (a user who fixed the glossary learnt it only then).
    glossary = None
    if request.glossary is not None and (
        not is_termbase(Path(request.glossary)) or (request.source and request.target)
    ):
        glossary = load_glossary(request.glossary, source=request.source, target=request.target)
    # A memory likewise: now where the request names the pair, else once the route is planned,
    # before any model loads.
    memory = _memory(request, request.source, request.target) if request.source else None
    from engine.tasks import instruct

    # An instruction model translates when named, or when no dedicated model covers the pair.
    llm = instruct.instruct_for(ctx, request.model, lambda f: True) if request.model else None
    if llm is not None:
        _check_codes(request)
        _check_named(glossary, request)
        _check_no_memory(request)
        return instruct.translate(ctx, llm, request, _or_termbase(glossary, request, None, None))
    try:
        route = plan(ctx, request)
    except ModelNotFound:
        # No model names the code: one that names no language is said to be none, not
        # translated into by an instruction model, nor offered as a model to install. (A
        # model's own code is checked by the model: M2M100 has ns, which ISO 639-1 has not.)
        _check_codes(request)
        llm = instruct.instruct_for(ctx, None, lambda f: False) if request.target else None
        if llm is None:
            raise
        _check_named(glossary, request)
        _check_no_memory(request)
        return instruct.translate(ctx, llm, request, _or_termbase(glossary, request, None, None))
    glossary = _or_termbase(glossary, request, route.source, route.target)
    if glossary is not None and request.glossary is not None:
        # (by the target as the job names it, zh-TW being Traditional; else the one reachable)
        check_glossary(glossary, request.glossary, request.target or route.target)
    if memory is None:
        memory = _memory(request, route.source, route.target)
    chain = []
    for hop in route.hops:
        loaded = ctx.models.get(hop.folder, "seq2seq", ctx.report)
        chain.append(Seq2Seq(loaded, prompt(hop.languages, hop.source, hop.target)))
    if glossary is not None:
        glossary = glossary.with_placeholder(placeholder_for(chain))

    language = route.source if route.source != UNDETERMINED else "en"
    seg, taken = _from_memory(
        segment(request.text, language), memory, frozenset(request.memory_unmatched)
    )
    protected_seg, protections = _protect(seg, glossary)
    # What the memory gave goes to no model: only the other segments are cut into pieces.
    todo = Segmented(
        protected_seg.source, tuple(s for s in protected_seg.segments if s.index not in taken)
    )
    first = chain[0]
    # A piece is at most two thirds of what the model may generate, so its translation (which
    # can run longer than its source) is not cut off, and never more than the input window.
    budget = max(1, min(c.room for c in chain) - 1)
    budget = max(1, min(budget, first.default_new_tokens[1] * 2 // 3))
    pieces = [
        p for chunk in chunk_by_budget(todo, first.count, budget, check=ctx.check) for p in chunk
    ]
    stream = _Stream(ctx, seg, protected_seg, pieces, protections, glossary, taken)
    outputs = (
        run_texts(
            ctx, chain, [fold(p.text) for p in pieces], stage="translating", on_batch=stream.done
        )
        if pieces
        else []
    )
    outputs = [_unfolded(p.text, o) for p, o in zip(pieces, outputs, strict=True)]

    joined = join_pieces(protected_seg, pieces, outputs)
    segments: list[TranslatedSegment] = []
    missing: list[str] = []
    applied: list[str] = []
    for original, text, protection in zip(seg.segments, joined, protections, strict=True):
        if original.index in taken:
            segments.append(
                TranslatedSegment(
                    source=original.text,
                    text=taken[original.index],
                    paragraph=original.paragraph,
                    memory=True,
                )
            )
            continue
        final, lost = _restore(glossary, text, protection)
        missing.extend(lost)
        if protection is not None:
            applied.extend(s.term for s in protection.slots if s.term not in lost)
        segments.append(
            TranslatedSegment(
                source=original.text,
                text=final,
                paragraph=original.paragraph,
                suspect=is_degenerate(final, original.text),
            )
        )
    alternatives: tuple[str, ...] = ()
    if (
        request.alternatives
        and len(chain) == 1
        and len(pieces) == 1
        and glossary is None
        and not taken
    ):
        others = _alternatives(ctx, first, pieces[0].text, request.alternatives)
        alternatives = tuple(reassemble(seg, [text]) for text in others if text != joined[0])
        alternatives = alternatives[: request.alternatives]
    return TranslateResult(
        text=reassemble(seg, [s.text for s in segments]),
        model=chain[-1].used,
        source_language=route.source,
        target_language=route.target,
        detected_confidence=route.confidence,
        segments=tuple(segments),
        missing_terms=tuple(dict.fromkeys(missing)),
        applied_terms=tuple(dict.fromkeys(applied)),
        pivot=PIVOT if len(route.hops) == 2 else None,
        models=tuple(c.used for c in chain),
        generated_tokens=sum(c.generated for c in chain),
        alternatives=alternatives,
        memory_reused=len(taken),
        memory_units=len(memory) if memory is not None else 0,
        memory_variant=memory.target if memory is not None else "",
        memory_left_out=memory.left_out if memory is not None else (),
    )


def _memory(request: TranslateRequest, source: str | None, target: str | None) -> Memory | None:
    """The request's translation memory for the pair (None without one, or while the pair is
    not known yet)."""
    if request.memory is None or not source or not target or source in (UNDETERMINED, "auto"):
        return None
    from engine.documents.memory import load_memory

    return load_memory(Path(request.memory), source=source, target=target)


def _check_no_memory(request: TranslateRequest) -> None:
    """An instruction model translates paragraph windows of its own: the memory's sentences
    cannot be kept from it, so a memory is refused rather than silently unused."""
    if request.memory is not None:
        raise InputError(
            "A translation memory is used with translation models, not with an instruction model",
            path=Path(request.memory),
            hint="Install a translation model for the pair (quire models search), or "
            "translate without --memory",
            message_id="memory.instruct",
        )


def _from_memory(
    seg: Segmented, memory: Memory | None, unmatched: frozenset[int] = frozenset()
) -> tuple[Segmented, dict[int, str]]:
    """``seg`` with each paragraph the memory holds whole as one segment, and the memory's
    translations by segment: a whole paragraph first, else each of its sentences. The
    paragraphs in ``unmatched`` (markup in their document) take nothing from it."""
    if memory is None or not len(memory):
        return seg, {}
    out: list[Segment] = []
    taken: dict[int, str] = {}
    pieces = list(seg.segments)
    i = 0
    while i < len(pieces):
        j = i
        while j + 1 < len(pieces) and pieces[j + 1].paragraph == pieces[i].paragraph:
            j += 1
        first, last = pieces[i], pieces[j]
        if first.paragraph in unmatched:
            out += [dataclasses.replace(piece, index=len(out) + n)
                    for n, piece in enumerate(pieces[i : j + 1])]  # fmt: skip
            i = j + 1
            continue
        whole = seg.source[first.start : last.end]
        found = memory.get(whole) if j > i else None
        if found is not None:
            taken[len(out)] = found
            out.append(Segment(len(out), first.paragraph, first.start, last.end, whole))
        else:
            for piece in pieces[i : j + 1]:
                found = memory.get(piece.text)
                if found is not None:
                    taken[len(out)] = found
                out.append(dataclasses.replace(piece, index=len(out)))
        i = j + 1
    return Segmented(seg.source, tuple(out)), taken


def check_glossary(glossary: Glossary, path: Path, target: str) -> None:
    """Refuse a glossary whose file names another target than the job's (a header row
    "English, German", the app's "# languages: en de"): its terms would put German into a
    French translation, or Simplified Chinese into Traditional; a country alone makes no
    other language (a de-CH glossary serves de), nor does Norwegian's nb for no. Its source
    is not checked: a document passes the source it detected as if named, and the app judges
    a job whose source is detected by the target alone (a glossary's English terms matched
    in a French text still come out in the right language)."""
    from engine.documents.language import same_language

    wanted = glossary.languages
    if not wanted or not wanted[1] or same_language(wanted[1], target):
        return
    pair = f"{wanted[0] or 'any language'} → {wanted[1]}"
    raise InputError(
        f"This glossary is for {pair}, not for translating into {target}",
        path=path,
        hint=f"Give a glossary for translating into {target}, or remove the languages its first "
        'lines name (a header row\'s language names, or the "# languages:" line) to use it '
        "for any pair",
        message_id="glossary.other_pair",
        params={"source": wanted[0], "target": wanted[1], "job_target": target},
    )


def _check_named(glossary: Glossary | None, request: TranslateRequest) -> None:
    if glossary is not None and request.glossary is not None and request.target:
        check_glossary(glossary, request.glossary, request.target)


def _or_termbase(
    glossary: Glossary | None, request: TranslateRequest, source: str | None, target: str | None
) -> Glossary | None:
    """``glossary`` (read already), else the request's termbase for the pair: the request's
    languages, else those given."""
    if glossary is not None or request.glossary is None:
        return glossary
    source = request.source or (source if source != UNDETERMINED else None)
    return load_glossary(request.glossary, source=source, target=request.target or target)


def _alternatives(ctx: TaskContext, model: Seq2Seq, text: str, count: int) -> list[str]:
    """The beam's ``count + 1`` best hypotheses for ``text``, best first, without repeats (the
    best is usually the translation itself, which the caller drops)."""
    beams = max(model.settings.num_beams, count + 1)
    settings = model.settings_with(num_beams=beams, num_return_sequences=count + 1)
    return list(dict.fromkeys(model.generate([fold(text)], ctx.cancel, settings)))


# --- which model(s) ----------------------------------------------------------------------


class Models(Protocol):
    """What choosing a model needs: the installed models, and a model by name or path (a
    ``TaskContext`` has both; so can a caller outside a task)."""

    @property
    def resolve(self) -> Callable[[str], ModelFolder]: ...

    @property
    def installed(self) -> Callable[[], list[ModelFolder]]: ...


@dataclass(frozen=True)
class EngineModels:
    """An engine's models as ``Models``, for choosing a model outside a task (a document's
    languages are decided before its first request)."""

    engine: Engine

    @property
    def resolve(self) -> Callable[[str], ModelFolder]:
        return self.engine.model

    @property
    def installed(self) -> Callable[[], list[ModelFolder]]:
        return lambda: [m.folder for m in self.engine.store.list() if m.folder is not None]


def plan(ctx: Models, request: TranslateRequest) -> Route:
    """The source and target languages and the model(s) to get from one to the other."""
    target = target_key(request.target) if request.target else None
    if request.model:
        return _named(ctx, request, target)
    translators = [(f, langs) for f in ctx.installed() if (langs := languages(f)) is not None]
    if request.source:
        source, confidence = to_iso(request.source), None
    else:
        candidates = {
            s
            for _, langs in translators
            for s in langs.sources
            if target is None or _path(translators, s, target)
        }
        if not candidates:
            raise _nothing_fits(request.text, target, bool(translators))
        source, confidence = detect_source(request.text, candidates)
    if target is None:
        reachable = sorted(
            {t for _, langs in translators for t in langs.targets if _path(translators, source, t)}
        )
        target = _only_target(source, reachable, "the installed models", confidence)
    _check_differ(source, target)
    hops = _path(translators, source, target)
    if hops is None:
        if not translators:
            raise ModelNotFound(
                "No translation model is installed",
                hint=_install_hint(translators, source, target),
                message_id="translate.no_model",
            )
        raise _no_pair(source, target, confidence, _install_hint(translators, source, target))
    return Route(hops, source, target, confidence)


def detect_source(text: str, candidates: set[str]) -> tuple[str, float]:
    """The text's language over every language the detector knows, with its real probability:
    a German text must not pass for English because only an English model is installed. Only
    when the detector is unsure (short texts) does an installed source language that it finds
    plausible win over a likelier one, still with its own low probability for the caller to
    show."""
    ranked = rank(text)
    best = ranked[0]
    if best.confidence >= SURE or best.language in candidates:
        return best.language, best.confidence
    installed = next(
        (
            d
            for d in ranked
            if d.language in candidates
            and d.confidence >= PLAUSIBLE * best.confidence
            and written_in(d.language, text)
        ),
        None,
    )
    chosen = installed if installed is not None else best
    return chosen.language, chosen.confidence


def _no_pair(source: str, target: str, confidence: float | None, hint: str) -> ModelNotFound:
    """No installed model for the pair; says so of a detected language, with its confidence."""
    message = f"No installed model translates {source}→{target}"
    if confidence is not None:
        message = f"The text seems to be in {source} ({confidence:.0%} sure). {message}"
        hint += ", or choose the source language yourself"
    return ModelNotFound(
        message,
        hint=hint,
        message_id="translate.no_model_pair",
        params={"source": source, "target": target, "confidence": confidence or 0.0,
                "detected": int(confidence is not None)},
    )  # fmt: skip


def _named(ctx: Models, request: TranslateRequest, target: str | None) -> Route:
    assert request.model is not None
    folder = ctx.resolve(request.model)
    if not folder.is_generative:
        raise ModelUnsupported(
            f"{folder.name} cannot translate: it does not generate text",
            path=folder.path,
            message_id="translate.cannot",
            params={"name": folder.name},
        )
    langs = languages(folder)
    if langs is None and folder.model_type != "marian" and _summarizer_only(folder):
        # A summarizer given a text writes a summary of it, not a translation.
        raise ModelUnsupported(
            f"{folder.name} is a summarization model: it cannot translate",
            path=folder.path,
            hint="Leave out the model to use an installed translation model, or install one "
            "(quire models search --task translate)",
            message_id="translate.summarization_model",
            params={"name": folder.name},
        )
    source: str
    confidence: float | None = None
    if request.source:
        source = to_iso(request.source)
    elif langs is None:
        # Unknown languages: the detected language is only reported, the model runs as is.
        try:
            found = detect(request.text)
            source, confidence = found.language, found.confidence
        except InputError:
            source = UNDETERMINED
    else:
        candidates = {s for s in langs.sources if target is None or langs.serves(s, target)}
        if not candidates:
            raise InputError(
                f"{folder.name} does not translate into {target}",
                hint=f"It translates {_describe(langs)}",
                message_id="translate.not_into",
                params={"name": folder.name, "target": str(target)},
            )
        source, confidence = detect_source(request.text, candidates)
    if langs is None:
        return Route(
            (Hop(folder, None, source, target or UNDETERMINED),),
            source,
            target or UNDETERMINED,
            confidence,
        )
    if target is None:
        target = _only_target(
            source, sorted(t for t in langs.targets if langs.serves(source, t)), folder.name
        )
    _check_differ(source, target)
    if not langs.serves(source, target):
        seems = f"The text seems to be in {source} ({confidence:.0%} sure). " if confidence else ""
        raise InputError(
            f"{seems}{folder.name} does not translate {source}→{target}",
            hint=f"It translates {_describe(langs)}"
            + ("; choose the source language to use it anyway" if confidence else ""),
            message_id="translate.model_not_for_pair",
            params={"model": folder.name, "source": source, "target": target,
                    "confidence": confidence or 0.0, "detected": int(confidence is not None)},
        )  # fmt: skip
    return Route((Hop(folder, langs, source, target),), source, target, confidence)


def document_languages(
    models: Models, template: TranslateRequest, sample: str
) -> tuple[TranslateRequest, float | None]:
    """``template`` with the source and target languages a whole document is translated with,
    decided once (its batches would otherwise each be detected on their own, and a batch
    holding a foreign line would go to another model or fail). ``sample``: the document's
    text, or a fair sample of it. A named model that translates from one language only fixes
    the source and one that translates into one only the target; otherwise the source is
    detected on ``sample`` as for one text and the target is the only one reachable from it.
    A language that cannot be decided stays unset (each request then decides, or says why).
    Also the detected source's probability (None: not detected). Raises what translating
    ``sample`` would raise about the languages."""
    source, target = template.source or None, template.target or None  # named: as written
    if template.model:
        from engine.tasks.generate import is_generator

        if is_generator(models.resolve(template.model)):
            # A named instruction model translates whatever it is given (``run``): only the
            # source is decided here, once, for the whole document.
            if source is None and any(char.isalpha() for char in sample):
                found = detect(sample)
                return dataclasses.replace(template, source=found.language), found.confidence
            return template, None
    langs = languages(models.resolve(template.model)) if template.model else None
    if source is None and langs is not None and len(langs.sources) == 1:
        source = next(iter(langs.sources))
    if source is None and not any(char.isalpha() for char in sample):
        # Nothing to detect (numbers, dates): a model that translates into one language only
        # still names the output.
        if target is None and langs is not None and len(langs.targets) == 1:
            target = next(iter(langs.targets))
        return dataclasses.replace(template, source=source, target=target), None
    confidence: float | None = None
    if source is None or target is None:
        request = dataclasses.replace(template, text=sample, source=source, target=target)
        try:
            route = plan(models, request)
        except ModelNotFound:
            if not _instruct_serves(models, request):
                raise
            # ``run`` translates with an installed instruction model then, which needs only
            # the source: detected here once.
            found = detect(sample)
            return dataclasses.replace(template, source=found.language), found.confidence
        if source is None and route.source != UNDETERMINED:
            source, confidence = route.source, route.confidence
        target = target or (route.target if route.target != UNDETERMINED else None)
    return dataclasses.replace(template, source=source, target=target), confidence


def sole_source(models: Models, error: ModelNotFound, sample: str) -> str | None:
    """The language to translate a document from when its language was detected unsurely
    (below ``SURE``) as one no installed model translates into the target, and exactly one
    installed source language reaches that target and is written in the text's script: a
    three-word English file, "Café résumé naïve…", was 45 % French and failed whole where
    only an English model into German was installed. None where the guess was sure, the
    target unknown or more than one language could be meant (then the file fails, saying so)."""
    p = error.params
    if error.message_id != "translate.no_model_pair" or not p.get("detected"):
        return None
    if float(p.get("confidence", 1.0)) >= SURE:
        return None
    target = str(p["target"])
    translators = [(f, langs) for f in models.installed() if (langs := languages(f)) is not None]
    sources = {
        s
        for _, langs in translators
        for s in langs.sources
        if s != target and _path(translators, s, target) is not None
    }
    if len(sources) != 1:
        return None
    (source,) = sources
    return source if written_in(source, sample) else None


def _instruct_serves(models: Models, request: TranslateRequest) -> bool:
    """``run`` falls back to an installed instruction model for ``request`` (no model named)."""
    from engine.tasks.generate import is_instruct

    if request.model or not request.target:
        return False
    return any(is_instruct(folder) for folder in models.installed())


def model_target(models: Models, template: TranslateRequest) -> TranslateRequest:
    """``template`` with its target set when it names none and its named model translates into
    one language only (from its source, when it names one)."""
    if template.target or not template.model:
        return template
    langs = languages(models.resolve(template.model))
    if langs is None:
        return template
    source = to_iso(template.source) if template.source else None
    targets = {t for s, t in langs.pairs() if source is None or s == source}
    if len(targets) != 1:
        return template
    return dataclasses.replace(template, target=targets.pop())


Translator = tuple[ModelFolder, Languages]


def _direct(translators: list[Translator], source: str, target: str) -> Hop | None:
    """The best single model for the pair: bilingual, then multilingual, then T5 prefixes."""
    fits = [(f, langs) for f, langs in translators if langs.serves(source, target)]
    if not fits:
        return None
    folder, langs = min(fits, key=lambda fit: (_KIND_RANK[fit[1].kind], fit[0].name))
    return Hop(folder, langs, source, target)


def _path(translators: list[Translator], source: str, target: str) -> tuple[Hop, ...] | None:
    direct = _direct(translators, source, target)
    if direct is not None:
        return (direct,)
    if PIVOT in (source, target):
        return None
    first, second = _direct(translators, source, PIVOT), _direct(translators, PIVOT, target)
    if first is None or second is None:
        return None
    return (first, second)


def _nothing_fits(text: str, target: str | None, any_installed: bool) -> ModelNotFound:
    """What to install when no installed model can take the text at all."""
    try:
        source = detect(text).language
    except InputError:
        source = "en"
    target = target or ("en" if source != "en" else "de")
    if any_installed:
        message = f"No installed model translates into {target}"
    else:
        message = "No translation model is installed"
    return ModelNotFound(message, hint=_suggest(source, target))


def _install_hint(translators: list[Translator], source: str, target: str) -> str:
    hint = _suggest(source, target)
    if PIVOT not in (source, target):
        have_first = _direct(translators, source, PIVOT) is not None
        have_second = _direct(translators, PIVOT, target) is not None
        wanting = (PIVOT, target) if have_first and not have_second else None
        if have_second and not have_first:
            wanting = (source, PIVOT)
        pivot = translator_for(*wanting) if wanting else None
        if pivot is not None:
            hint += f", or {pivot.name} to go through English"
    return hint


def _suggest(source: str, target: str) -> str:
    """What to install for ``source``→``target``: a model the catalog has (one it does not
    have, named by a guess, could not be downloaded)."""
    entry = translator_for(source, target)
    if entry is not None:
        return f"Install a model for {source}→{target}, such as {entry.name}"
    return (
        f"Install a model for {source}→{target}: the catalog has none, "
        "`quire models import FOLDER` adds one you have"
    )


def _only_target(
    source: str, targets: list[str], where: str, confidence: float | None = None
) -> str:
    if len(targets) == 1:
        return targets[0]
    if not targets:
        target = "en" if source != "en" else "de"
        raise _no_pair(source, target, confidence, _suggest(source, target))
    raise InputError(
        "Name the language to translate into",
        hint=f"From {source}, {where} translate into {_listing(targets)} (--to in the command "
        "line)",
        message_id="translate.name_target",
        params={"source": source, "targets": ", ".join(targets)},
    )


def _check_codes(request: TranslateRequest) -> None:
    for code in (request.source, request.target):
        if code and code != "auto" and not is_language(code):
            raise InputError(
                f"{code!r} is not a language code",
                hint="Give an ISO 639 code such as de, fr or zh",
            )


def _listing(codes: list[str]) -> str:
    return ", ".join(codes[:12]) + (", …" if len(codes) > 12 else "")


# The message id of "the text is already in the target language" (detected so, or named).
SAME_LANGUAGE = "translate.same_language"


def _check_differ(source: str, target: str) -> None:
    if source == target:
        raise InputError(
            f"The text is already in {source}",
            hint="Choose another language to translate into",
            message_id=SAME_LANGUAGE,
            params={"language": source},
        )


def _describe(langs: Languages) -> str:
    pairs = sorted(langs.pairs())
    if len(pairs) <= 6:
        return ", ".join(f"{s}→{t}" for s, t in pairs)
    codes = sorted(langs.sources | langs.targets)
    return f"between {len(codes)} languages ({_listing(codes)})"


# --- glossary and streaming --------------------------------------------------------------


def placeholder_for(chain: Sequence[Seq2Seq]) -> Placeholder:
    for template in PLACEHOLDERS:
        placeholder = Placeholder(template)
        if all(model.round_trips(placeholder.format(1)) for model in chain):
            return placeholder
    return Placeholder(PLACEHOLDERS[0])


def _protect(seg: Segmented, glossary: Glossary | None) -> tuple[Segmented, list[Protected | None]]:
    """The segmented text with glossary terms replaced by placeholders (same segments, same
    text between them), and each segment's protection."""
    if glossary is None or not len(glossary):
        return seg, [None] * len(seg.segments)
    parts: list[str] = []
    segments: list[Segment] = []
    protections: list[Protected | None] = []
    cursor = position = 0
    for piece in seg.segments:
        gap = seg.source[cursor : piece.start]
        protected = glossary.protect(piece.text)
        parts += [gap, protected.text]
        position += len(gap)
        end = position + len(protected.text)
        segments.append(Segment(piece.index, piece.paragraph, position, end, protected.text))
        protections.append(protected)
        position, cursor = end, piece.end
    parts.append(seg.source[cursor:])
    return Segmented("".join(parts), tuple(segments)), protections


def _restore(
    glossary: Glossary | None, text: str, protection: Protected | None
) -> tuple[str, tuple[str, ...]]:
    if glossary is None or protection is None:
        return text, ()
    restored = glossary.restore(text, protection)
    return restored.text, restored.missing_terms


class _Stream:
    """Emits the translated text from the document's start up to the first segment still
    missing a piece, after every batch (the text only ever grows)."""

    def __init__(
        self,
        ctx: TaskContext,
        seg: Segmented,
        protected_seg: Segmented,
        pieces: list[Segment],
        protections: list[Protected | None],
        glossary: Glossary | None,
        taken: dict[int, str],
    ) -> None:
        self.ctx, self.seg, self.protected_seg = ctx, seg, protected_seg
        self.taken = taken
        self.pieces, self.protections, self.glossary = pieces, protections, glossary
        self.outputs: list[str | None] = [None] * len(pieces)
        self.first_piece: dict[int, int] = {}
        self.pending = [0] * len(seg.segments)
        for i, piece in enumerate(pieces):
            self.first_piece.setdefault(piece.index, i)
            self.pending[piece.index] += 1
        self.next_segment = 0
        self.parts: list[str] = []
        self.cursor = 0

    def done(self, rows: list[int], outputs: list[str]) -> None:
        for row, text in zip(rows, outputs, strict=True):
            self.outputs[row] = _unfolded(self.pieces[row].text, text)
            self.pending[self.pieces[row].index] -= 1
        grew = False
        while self.next_segment < len(self.seg.segments) and not self.pending[self.next_segment]:
            original = self.seg.segments[self.next_segment]
            self.parts.append(self.seg.source[self.cursor : original.start])
            self.parts.append(self._segment_text(self.next_segment))
            self.cursor = original.end
            self.next_segment += 1
            grew = True
        if grew:
            self.ctx.report(PartialText("".join(self.parts)))

    def _segment_text(self, index: int) -> str:
        if index in self.taken:
            return self.taken[index]
        # The pieces of one segment, joined with the source text between them (join_pieces).
        first = self.first_piece[index]
        parts: list[str] = []
        previous: Segment | None = None
        for i in range(first, len(self.pieces)):
            piece = self.pieces[i]
            if piece.index != index:
                break
            if previous is not None:
                parts.append(self.protected_seg.source[previous.end : piece.start])
            parts.append(self.outputs[i] or "")
            previous = piece
        text, _ = _restore(self.glossary, "".join(parts), self.protections[index])
        return text


__all__ = [
    "PLACEHOLDERS",
    "EngineModels",
    "Hop",
    "Models",
    "Route",
    "detect_source",
    "document_languages",
    "model_target",
    "placeholder_for",
    "plan",
    "run",
    "sole_source",
]


def _unfolded(source: str, output: str) -> str:
    """A model's output that is its source as the model saw it (``fold``: a name, a number, a
    sentence already in the target language) as the source was written: its double spaces
    and wrapped lines kept, so that translating nothing changes nothing."""
    return source if output == fold(source) else output


def _summarizer_only(folder: ModelFolder) -> bool:
    """A summarizer its user did not also say translates (`quire models set-task`)."""
    from engine.store.local import manifest_tasks
    from engine.tasks.summarize import is_summarizer

    if "translate" in manifest_tasks(folder.path):  # (as the job first read it)
        return False
    return is_summarizer(folder)
