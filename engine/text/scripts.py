"""Which writing system a text's letters are in, and which paragraphs of a document are
written in another one than most of its letters: an Arabic greeting or a Japanese line in an
English deck is clearly in another language than the document, without a language model.

Scripts are told by Unicode character names (``LATIN SMALL LETTER A`` → Latin); Chinese
characters and the Japanese kana are one script here (a Japanese text mixes them), as are
Hangul's jamo and syllables.
"""

from __future__ import annotations

import functools
import unicodedata
from collections import Counter
from collections.abc import Collection, Sequence

# Character-name prefixes of one writing system (the first word is the script otherwise).
_SAME = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "KATAKANA-HIRAGANA": "CJK", "IDEOGRAPHIC": "CJK"}
# Width variants (ｱ, Ａ) are the script their name goes on with.
_WIDTH = frozenset({"HALFWIDTH", "FULLWIDTH"})
# Letters that belong to no one script (ª, ˆ): they do not count.
_NEUTRAL = frozenset({"MODIFIER", "FEMININE", "MASCULINE", "COMBINING"})


@functools.cache
def _script(char: str) -> str | None:
    name = unicodedata.name(char, "")
    if not name:
        return "CJK" if "\u3400" <= char <= "\u9fff" or char >= "\U00020000" else None
    words = name.split(" ", 2)
    word = words[1] if words[0] in _WIDTH and len(words) > 1 else words[0]
    if word in _NEUTRAL:
        return None
    return _SAME.get(word, word)


def script_of(char: str) -> str | None:
    """The script of a letter (None for one that belongs to none)."""
    return _script(char)


def letters_by_script(text: str) -> Counter[str]:
    """How many of ``text``'s letters each script has."""
    counts: Counter[str] = Counter()
    for char in text:
        if char.isalpha():
            script = _script(char)
            if script is not None:
                counts[script] += 1
    return counts


def in_other_scripts(texts: Sequence[str], among: Collection[int] | None = None) -> frozenset[int]:
    """The indices (of ``among``, else of all of ``texts``) of the texts whose letters are
    mostly in another script than most of the letters of those texts together."""
    indices = list(range(len(texts))) if among is None else list(among)
    counts = {i: letters_by_script(texts[i]) for i in indices}
    total: Counter[str] = Counter()
    for count in counts.values():
        total.update(count)
    if not total:
        return frozenset()
    main = max(total, key=lambda script: (total[script], script))
    return frozenset(
        i for i, count in counts.items() if count and 2 * count[main] < sum(count.values())
    )


__all__ = ["in_other_scripts", "letters_by_script"]
