"""Every prompt Quire sends to an instruction model, in one reviewed place.

Prompts are English (small instruction models follow English instructions best) and always say
which language the output must be in. Each function returns (system, user) messages' text; the
task renders them through the model's own chat template.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from engine.api import Length
from engine.text import language_names as names

# Where a prompt needs more than the language's plain name (which script to write), and
# languages of three-letter codes that ISO 639-1 names none of.
PROMPT_NAMES = {"zh": "Chinese (Simplified)", "yue": "Cantonese", "fil": "Filipino"}
# What a tag's other parts add that a model writes differently (spelling, script).
_VARIANTS = {"br": "Brazil", "pt": "Portugal", "latn": "Latin script", "cyrl": "Cyrillic script"}
NOT_IN_DOCUMENT = "Not in the document."
SUMMARY_LENGTH: dict[Length, str] = {
    "short": "in one or two sentences",
    "medium": "in one paragraph of three to five sentences",
    "long": "in two or three paragraphs",
}


def language_name(code: str) -> str:
    """The language a prompt asks for, in words: ``zh-TW`` and ``zh-Hant`` → Chinese
    (Traditional), ``pt-BR`` → Portuguese (Brazil), ``sr-Latn`` → Serbian (Latin script)."""
    from engine.tasks.languages import is_traditional, to_iso

    primary, *rest = re.split(r"[-_]", code.strip().lower())
    primary = to_iso(primary)
    if is_traditional(code):
        return "Chinese (Traditional)"
    name = PROMPT_NAMES.get(primary) or names.language_name(primary)
    extra = [_VARIANTS[part] for part in rest if part in _VARIANTS and primary != "zh"]
    return f"{name} ({', '.join(extra)})" if extra else name


def summarize(text: str, language: str, length: Length) -> tuple[str, str]:
    system = (
        "You are a careful assistant that summarizes documents faithfully. Use only facts "
        "stated in the text. Do not add opinions, introductions or headings."
    )
    user = (
        f"Summarize the following text {SUMMARY_LENGTH[length]}. Write the summary in "
        f"{language_name(language)}.\n\nText:\n{text}"
    )
    return system, user


def summarize_part(text: str, language: str) -> tuple[str, str]:
    """One window of a long document (the map step): a shorter text keeping the key facts."""
    system = "You are a careful assistant that condenses text faithfully, keeping key facts."
    user = (
        "Condense the following part of a longer document into a few sentences that keep its "
        f"key facts, names and numbers. Write in {language_name(language)}.\n\nText:\n{text}"
    )
    return system, user


def answer(question: str, passages: Sequence[str], language: str) -> tuple[str, str]:
    numbered = "\n\n".join(f"[{i}] {p}" for i, p in enumerate(passages, start=1))
    system = (
        "You answer questions using only the numbered passages you are given. After every "
        "statement, cite the passages it comes from as [1], [2]. If the passages do not "
        f'contain the answer, reply exactly "{NOT_IN_DOCUMENT}" and nothing else.'
    )
    user = (
        f"Passages:\n{numbered}\n\nQuestion: {question}\n\nAnswer briefly in "
        f"{language_name(language)}, citing the passages."
    )
    return system, user


def translate(
    text: str, source: str, target: str, glossary: Sequence[tuple[str, str | None]] = ()
) -> tuple[str, str]:
    system = (
        "You are a professional translator. Output only the translation, with no notes, "
        "quotes or explanations. Keep the paragraph breaks."
    )
    terms = ""
    if glossary:
        lines = [
            f"- {term} -> {translation if translation is not None else term}"
            for term, translation in glossary
        ]
        terms = "Translate these terms exactly as listed:\n" + "\n".join(lines) + "\n\n"
    user = (
        f"Translate the following text from {language_name(source)} into "
        f"{language_name(target)}.\n\n{terms}Text:\n{text}"
    )
    return system, user


def classify(text: str, labels: Sequence[str]) -> tuple[str, str]:
    """Zero-shot classification: the answer is scored, label by label, not generated."""
    system = "You classify texts. Answer with the label only."
    options = ", ".join(labels)
    user = f"Which one of these labels fits the text best: {options}?\n\nText:\n{text}"
    return system, user


def classify_one(text: str, label: str) -> tuple[str, str]:
    """Multi-label: each label is a yes/no question, scored."""
    system = "You classify texts. Answer with yes or no only."
    user = f'Does the label "{label}" apply to the text?\n\nText:\n{text}'
    return system, user
