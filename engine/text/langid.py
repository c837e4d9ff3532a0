"""Offline language detection: which ISO 639-1 language a text is in, and how sure we are.

Uses py3langid (BSD-3-Clause), whose naive-Bayes model ships inside its wheel and is stored
as numpy arrays (no pickle). The model is loaded on first use (about two seconds), not at import.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from engine.errors import InputError

# The model labels a few languages by ISO 639-3 codes; fold those that belong to a
# macrolanguage with an ISO 639-1 code into it, so results name languages as models do.
_FOLD = {
    "yue": "zh",
    "wuu": "zh",
    "arz": "ar",
    "ary": "ar",
    "uzs": "uz",
    "kik": "ki",
    "gug": "gn",
    "sdh": "ku",
    "fuv": "ff",
}
# A long document is judged on evenly spaced windows of it: enough text for a sure answer,
# bounded time (the model walks the text byte by byte in Python).
_MAX_CHARS = 8000
_WINDOWS = 4


@dataclass(frozen=True)
class Detection:
    """``language`` is an ISO 639-1 code; ``confidence`` its probability in [0, 1]."""

    language: str
    confidence: float


def detect(text: str, candidates: Sequence[str] | None = None) -> Detection:
    """The most likely language of ``text``, among ``candidates`` when given.

    ``candidates`` (ISO 639 codes or tags like ``pt-BR``) are typically the source languages
    of the installed models; the confidence is then relative to those languages only. Without
    them, text in a language that has no ISO 639-1 code (Nigerian Pidgin, Ancient Greek) is
    reported as its nearest such language with a low confidence.
    Raises ``InputError`` for text without letters, or when no candidate is detectable.
    """
    if not any(char.isalpha() for char in text):
        raise _no_letters()
    scores = _scores(_sample(text))
    total = 1.0  # the model's probabilities; mass on labels without an ISO 639-1 code is lost
    if candidates is not None:
        wanted = {_normalize(code) for code in candidates}
        scores = {language: p for language, p in scores.items() if language in wanted}
        if not scores:
            raise InputError(
                f"None of the languages {', '.join(sorted(wanted)) or '(none)'} can be detected",
                hint="Name the source language",
            )
        total = sum(scores.values())
    language = max(scores, key=lambda code: (scores[code], code))
    confidence = scores[language] / total if total > 0 else 0.0
    return Detection(language, min(1.0, max(0.0, confidence)))


def rank(text: str) -> list[Detection]:
    """Every language the detector knows, likeliest first, each with its probability.
    Raises ``InputError`` for text without letters."""
    if not any(char.isalpha() for char in text):
        raise _no_letters()
    scores = _scores(_sample(text))
    ordered = sorted(scores, key=lambda code: (-scores[code], code))
    return [Detection(code, min(1.0, max(0.0, scores[code]))) for code in ordered]


def _no_letters() -> InputError:
    return InputError(
        "Cannot detect the language of a text without letters",
        hint="Name the source language",
        message_id="detect.no_letters",
    )


def supported_languages() -> frozenset[str]:
    """The ISO 639-1 codes ``detect`` can return."""
    codes = (_FOLD.get(label, label) for label in _identifier().labels)
    return frozenset(code for code in codes if len(code) == 2)


def _normalize(code: str) -> str:
    primary = code.strip().replace("_", "-").split("-")[0].lower()
    return _FOLD.get(primary, primary)


def _sample(text: str) -> str:
    if len(text) <= _MAX_CHARS:
        return text
    width = _MAX_CHARS // _WINDOWS
    step = (len(text) - width) // (_WINDOWS - 1)
    return "\n".join(text[i * step : i * step + width] for i in range(_WINDOWS))


def _scores(text: str) -> dict[str, float]:
    """Probability per ISO 639-1 language (varieties folded in, other labels left out)."""
    scores: dict[str, float] = {}
    for label, probability in _identifier().rank(text):
        code = _FOLD.get(label, label)
        if len(code) == 2:
            scores[code] = scores.get(code, 0.0) + float(probability)
    return scores


@functools.cache
def _identifier() -> _Identifier:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier  # type: ignore[import-untyped, unused-ignore]

    identifier: _Identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return identifier


class _Identifier(Protocol):
    """The part of py3langid's LanguageIdentifier used here (the library is untyped)."""

    @property
    def labels(self) -> list[str]: ...

    def rank(self, text: str) -> list[tuple[str, float]]: ...


__all__ = ["Detection", "detect", "rank", "supported_languages"]
