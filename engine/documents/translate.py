"""Translate a whole document: read its units, translate them in batches through the engine
(progress by unit, cancel between batches), write ``NAME.<lang>.<ext>`` atomically beside it."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from engine.api import (
    Event,
    PartialText,
    Progress,
    TranslatedSegment,
    TranslateRequest,
    TranslateResult,
)
from engine.documents.base import Document
from engine.documents.errors import DocumentError
from engine.documents.registry import MAX_DOCUMENT_BYTES, open_document
from engine.engine import Engine
from engine.errors import InputError
from engine.fileio import check_output, write_atomic
from engine.options import CancelToken

# Units per engine call: enough for the model to batch, few enough for steady progress.
BATCH_UNITS = 16
# Translates a batch of unit texts (all non-blank) into as many texts, in order.
Translator = Callable[[Sequence[str]], list[str]]


@dataclass(frozen=True)
class DocumentResult:
    input: Path
    output: Path
    units: int  # units translated
    source_language: str | None = None
    target_language: str | None = None
    results: tuple[TranslateResult, ...] = ()  # one per engine call, for models and warnings


def default_output(in_path: Path, target: str) -> Path:
    """``NAME.<lang>.<ext>`` beside the input."""
    return in_path.with_name(f"{in_path.stem}.{target}{in_path.suffix}")


def translate_document(
    engine: Engine,
    in_path: Path,
    out_path: Path | None,
    request_template: TranslateRequest,
    report: Callable[[Event], None] | None = None,
    cancel: CancelToken | None = None,
    *,
    max_bytes: int = MAX_DOCUMENT_BYTES,
) -> DocumentResult:
    """Translate ``in_path`` with the engine, using ``request_template``'s model, languages and
    glossary (its ``text`` is ignored). Raises only ``EngineError``s."""
    results: list[TranslateResult] = []

    def forward(event: Event) -> None:
        # Model loading is worth showing; the engine's own progress is per request, not per
        # document, so the document's unit progress replaces it.
        if report is not None and not isinstance(event, (Progress, PartialText)):
            report(event)

    def through_engine(texts: Sequence[str]) -> list[str]:
        outputs, batch_results = _engine_batch(engine, request_template, texts, forward, cancel)
        results.extend(batch_results)
        return outputs

    target = request_template.target

    def output() -> Path:
        # Without -o and without a named target, the name waits for the language the engine
        # chose (known after the first batch).
        if out_path is not None:
            return Path(out_path)
        language = target or (results[0].target_language if results else None)
        if not language:
            raise InputError(
                "Name the language to translate into", path=in_path, hint="Pass a target language"
            )
        return default_output(Path(in_path), language)

    outcome = _translate(
        Path(in_path),
        output if out_path is None and not target else output(),
        through_engine,
        report,
        cancel,
        max_bytes=max_bytes,
        batch_units=BATCH_UNITS,
    )
    first = results[0] if results else None
    return dataclasses.replace(
        outcome,
        source_language=first.source_language if first else request_template.source,
        target_language=first.target_language if first else target,
        results=tuple(results),
    )


def translate_file(
    in_path: Path,
    out_path: Path,
    translate: Translator,
    report: Callable[[Event], None] | None = None,
    cancel: CancelToken | None = None,
    *,
    max_bytes: int = MAX_DOCUMENT_BYTES,
    batch_units: int = BATCH_UNITS,
) -> DocumentResult:
    """Read, translate every unit once through ``translate``, and write ``out_path``."""
    return _translate(
        Path(in_path),
        Path(out_path),
        translate,
        report,
        cancel,
        max_bytes=max_bytes,
        batch_units=batch_units,
    )


def _translate(
    in_path: Path,
    out_path: Path | Callable[[], Path],
    translate: Translator,
    report: Callable[[Event], None] | None,
    cancel: CancelToken | None,
    *,
    max_bytes: int,
    batch_units: int,
) -> DocumentResult:
    if isinstance(out_path, Path):
        _check_output(in_path, out_path)  # before the work, when the name is known
    document = open_document(in_path, max_bytes=max_bytes)
    translations = translate_units(document, translate, report, cancel, batch_units=batch_units)
    out = out_path if isinstance(out_path, Path) else out_path()
    _check_output(in_path, out)
    write_atomic(out, document.render(translations))
    return DocumentResult(input=in_path, output=out, units=len(document.units))


def _check_output(in_path: Path, out_path: Path) -> None:
    if out_path.suffix.lower() != in_path.suffix.lower():
        raise DocumentError(
            f"The output must be a {in_path.suffix} file like the input",
            path=out_path,
            hint=f"Name the output …{in_path.suffix}",
        )
    check_output(out_path, [in_path])


def translate_units(
    document: Document,
    translate: Translator,
    report: Callable[[Event], None] | None = None,
    cancel: CancelToken | None = None,
    *,
    batch_units: int = BATCH_UNITS,
) -> list[str]:
    """Each unit's translation, in order; blank units are kept as they are."""
    texts = [unit.text for unit in document.units]
    todo = [i for i, text in enumerate(texts) if text.strip()]
    out = list(texts)
    emit = report or (lambda _event: None)
    emit(Progress("translating", 0, len(todo)))
    for first in range(0, len(todo), batch_units):
        if cancel is not None:
            cancel.check()
        rows = todo[first : first + batch_units]
        outputs = translate([texts[i] for i in rows])
        if len(outputs) != len(rows):
            raise ValueError(f"the translator gave {len(outputs)} texts for {len(rows)}")
        for i, text in zip(rows, outputs, strict=True):
            out[i] = text
        emit(Progress("translating", first + len(rows), len(todo)))
    return out


def _engine_batch(
    engine: Engine,
    template: TranslateRequest,
    texts: Sequence[str],
    report: Callable[[Event], None],
    cancel: CancelToken | None,
) -> tuple[list[str], list[TranslateResult]]:
    """Translate units as the paragraphs of one request (so the model batches them); when the
    paragraphs do not come back one per unit, one request per unit."""
    cleaned = [_one_paragraph(text) for text in texts]
    result = _run(engine, template, "\n\n".join(cleaned), report, cancel)
    paragraphs = {s.paragraph for s in result.segments}
    if paragraphs == set(range(len(texts))):
        return [
            _rebuild(text, [s for s in result.segments if s.paragraph == n])
            for n, text in enumerate(texts)
        ], [result]
    outputs: list[str] = []
    results: list[TranslateResult] = []
    for text, one in zip(texts, cleaned, strict=True):
        single = _run(engine, template, one, report, cancel)
        outputs.append(_rebuild(text, list(single.segments)))
        results.append(single)
    return outputs, results


def _run(
    engine: Engine,
    template: TranslateRequest,
    text: str,
    report: Callable[[Event], None],
    cancel: CancelToken | None,
) -> TranslateResult:
    result = engine.run(dataclasses.replace(template, text=text), report, cancel)
    assert isinstance(result, TranslateResult)
    return result


def _one_paragraph(text: str) -> str:
    """The unit with blank lines inside it folded to single line breaks, so it stays one
    paragraph when units are joined by blank lines."""
    lines = [line for line in text.splitlines() if line.strip()]
    return "\n".join(lines) if len(lines) > 1 else text


def _rebuild(source: str, segments: Sequence[TranslatedSegment]) -> str:
    """The unit's translation: its sentences' translations with the unit's own whitespace
    between them (the line breaks ``_one_paragraph`` folded come back), and around them."""
    parts: list[str] = []
    cursor = 0
    previous_end: int | None = None
    for segment in segments:
        seg_source, seg_text = segment.source, segment.text
        found = source.find(seg_source, cursor)
        if previous_end is not None:
            gap = source[previous_end:found] if found >= 0 else " "
            parts.append(gap if not gap or gap.isspace() else " ")
        parts.append(seg_text)
        if found >= 0:
            cursor = previous_end = found + len(seg_source)
        else:
            previous_end = cursor
    body = "".join(parts)
    lead = source[: len(source) - len(source.lstrip())]
    trail = source[len(source.rstrip()) :]
    return lead + body + trail


__all__ = [
    "BATCH_UNITS",
    "DocumentResult",
    "Translator",
    "default_output",
    "translate_document",
    "translate_file",
    "translate_units",
]
