"""Paragraphs → sentences → token-budget chunks, with offsets that rebuild the source exactly.

Sentence boundaries come from sentencex (Wikimedia's multilingual segmenter, MIT); this module
only maps them back onto the original string and never loses or reorders a character.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import sentencex  # type: ignore[import-untyped, unused-ignore]


@dataclass(frozen=True)
class Segment:
    """One sentence (or piece of an over-long sentence): ``text == source[start:end]``.

    ``text`` never starts or ends with whitespace; it may contain single line breaks of a
    hard-wrapped paragraph, which a task may fold into spaces before it reaches a model.
    """

    index: int
    paragraph: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Segmented:
    """A source text and its segments, in order, covering every non-whitespace character once."""

    source: str
    segments: tuple[Segment, ...]


# A whitespace run holding two line breaks (a blank line) or a Unicode paragraph separator
# ends a paragraph; a single line break is a hard wrap inside one.
_WHITESPACE_RUN = re.compile(r"\s+")
_LINE_BREAK = re.compile(r"\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
# sentencex is written in Rust and cannot take lone surrogates; U+FFFD keeps the length.
_SURROGATE = re.compile("[\ud800-\udfff]")
# Spaces other than ASCII's (no-break, the typographic ones, the ideographic U+3000).
_WIDE_SPACE = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")


def segment(text: str, language: str = "en") -> Segmented:
    """Split ``text`` into paragraphs (on blank lines), then sentences by ``language``'s rules.

    ``language`` is an ISO 639 code or a tag such as ``pt-BR`` / ``zho_Hans``; unknown codes
    fall back to sentencex's generic rules, which know the CJK, Devanagari and Arabic stops.
    """
    code = _primary_subtag(language)
    segments: list[Segment] = []
    for paragraph, (p_start, p_end) in enumerate(_paragraph_spans(text)):
        for start, end in _sentence_spans(text, p_start, p_end, code):
            segments.append(Segment(len(segments), paragraph, start, end, text[start:end]))
    return Segmented(text, tuple(segments))


def reassemble(seg: Segmented, outputs: Sequence[str]) -> str:
    """Put ``outputs[i]`` in place of segment ``i``, keeping every character between segments."""
    if len(outputs) != len(seg.segments):
        raise ValueError(f"{len(outputs)} outputs for {len(seg.segments)} segments")
    parts: list[str] = []
    cursor = 0
    for piece, output in zip(seg.segments, outputs, strict=True):
        parts.append(seg.source[cursor : piece.start])
        parts.append(output)
        cursor = piece.end
    parts.append(seg.source[cursor:])
    return "".join(parts)


def join_pieces(seg: Segmented, pieces: Sequence[Segment], outputs: Sequence[str]) -> list[str]:
    """One output per segment from the outputs of ``chunk_by_budget``'s pieces.

    Pieces of a split sentence share its ``index``; their outputs are joined with the source
    text that lay between the pieces (a space, or nothing between CJK characters).
    """
    if len(pieces) != len(outputs):
        raise ValueError(f"{len(outputs)} outputs for {len(pieces)} pieces")
    joined: list[list[str]] = [[] for _ in seg.segments]
    previous: Segment | None = None
    for piece, output in zip(pieces, outputs, strict=True):
        if previous is not None and previous.index == piece.index:
            joined[piece.index].append(seg.source[previous.end : piece.start])
        joined[piece.index].append(output)
        previous = piece
    return ["".join(parts) for parts in joined]


def chunk_by_budget(
    seg: Segmented,
    count_tokens: Callable[[str], int],
    budget: int,
    *,
    pack_paragraphs: bool = False,
    open_ended: bool = False,
    check: Callable[[], None] | None = None,
) -> list[list[Segment]]:
    """Group consecutive segments into chunks whose token counts add up to at most ``budget``.

    A chunk never spans two paragraphs, unless ``pack_paragraphs`` lets whole paragraphs that
    fit share one chunk (fewer, fuller windows for summarizing), or ``open_ended`` lets a
    paragraph ending in no sentence mark (a heading; a line of a hard-wrapped text that a
    converter made a paragraph) share the next one's. A sentence over the budget is
    cut at whitespace (after punctuation where possible; between characters in scripts written
    without spaces) into pieces that share its ``index`` — see ``join_pieces``. The cost of a
    chunk is the sum of its segments' counts, so ``count_tokens`` should leave out special
    tokens and the caller reserve room for them. ``check`` is called between pieces (a
    cancel token's: counting a long text's tokens takes a while).
    """
    if budget < 1:
        raise ValueError(f"token budget must be positive, got {budget}")
    paragraphs: list[list[tuple[Segment, int]]] = []
    for piece in seg.segments:
        if not paragraphs or paragraphs[-1][0][0].paragraph != piece.paragraph:
            paragraphs.append([])
        paragraphs[-1].extend(_fit(seg.source, piece, count_tokens, budget, check))

    chunks: list[list[Segment]] = []
    current: list[Segment] = []
    used = 0
    for sentences in paragraphs:
        total = sum(cost for _, cost in sentences)
        packs = pack_paragraphs or (
            open_ended and bool(current) and not SENTENCE_END.search(current[-1].text)
        )
        if current and not (packs and used + total <= budget):
            chunks.append(current)
            current, used = [], 0
        for piece, cost in sentences:
            if current and used + cost > budget:
                chunks.append(current)
                current, used = [], 0
            current.append(piece)
            used += cost
        if total > budget:  # a split paragraph shares no chunk with the next one
            chunks.append(current)
            current, used = [], 0
    if current:
        chunks.append(current)
    return chunks


# The end of a sentence (a closing quote or bracket may follow), in the scripts segmented.
SENTENCE_END = re.compile(r"[.!?:;…。！？：；।۔။។៕][\"'”’»)\]）」』]*\s*$")


def _primary_subtag(language: str) -> str:
    return language.strip().replace("_", "-").split("-")[0].lower() or "en"


def _paragraph_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each paragraph, trimmed of surrounding whitespace; none are empty."""
    start = 0
    for run in _WHITESPACE_RUN.finditer(text):
        if _is_paragraph_break(run.group()):
            yield from _trimmed(text, start, run.start())
            start = run.end()
    yield from _trimmed(text, start, len(text))


def _is_paragraph_break(whitespace: str) -> bool:
    return "\u2029" in whitespace or len(_LINE_BREAK.findall(whitespace)) >= 2


def _sentence_spans(text: str, start: int, end: int, language: str) -> Iterator[tuple[int, int]]:
    """Trimmed (start, end) of each sentence of the paragraph ``text[start:end]``."""
    # One character for one, so its indices stay ours: lone surrogates cannot cross to the
    # library, and wide spaces (U+3000 after a full stop) made its Rust code panic.
    paragraph = _WIDE_SPACE.sub(" ", _SURROGATE.sub("\ufffd", text[start:end]))
    # Boundaries are used only as cut points, checked against our own string, so a boundary
    # the library reports badly can merge two sentences but never drop or reorder text.
    cuts = [0]
    at = 0
    while at < len(paragraph):
        # A long paragraph goes to the library a block at a time: the next block starts at
        # the last sentence end found in this one, not where the block was cut (a block's
        # end is no sentence's), and the last few characters' ends wait for what follows.
        whole = len(paragraph) - at <= 2 * _BLOCK
        stop = len(paragraph) if whole else at + _BLOCK
        block = paragraph[at:stop]
        found = False
        for boundary in _boundaries(language, block):
            cut = boundary.get("end_index")
            begin = boundary.get("start_index")
            if (
                isinstance(cut, int)
                and isinstance(begin, int)
                and cuts[-1] < at + cut < len(paragraph)
                and cut < len(block) - (0 if whole else _SETTLE)
                and block[begin:cut] == boundary.get("text")
            ):
                cuts.append(at + cut)
                found = True
        if whole:
            break
        # (without an end found, the next block still begins before the held-back part)
        at = cuts[-1] if found else max(at + 1, stop - _SETTLE)
    cuts = _kept_together(paragraph, _stops_of_scripts(paragraph, cuts), _primary_subtag(language))
    cuts.append(len(paragraph))
    for left, right in itertools.pairwise(cuts):
        yield from _trimmed(text, start + left, start + right)


# Full stops sentencex knows no rule for: Myanmar's (။) and Khmer's (។ ៕), which ended no
# sentence of a Khmer text; and Myanmar's genitive (၏), mid-sentence in most texts, which
# its rules for Burmese took for one (a literary sentence it ends has ။ after it).
_FULL_STOPS = re.compile(r"[\u104b\u17d4\u17d5]")
_NEVER_ENDS = frozenset("\u104f")
_MYANMAR_OR_KHMER = re.compile(r"[\u1000-\u109f\u1780-\u17ff]")


def _stops_of_scripts(paragraph: str, cuts: list[int]) -> list[int]:
    """``cuts`` with a cut after each full stop of Myanmar and Khmer, none after the
    genitive. (Looks back from each cut over its spaces only: linear in the paragraph.)"""
    if _MYANMAR_OR_KHMER.search(paragraph) is None:
        return cuts  # (most paragraphs)
    kept = set()
    for cut in cuts:
        before = cut
        while before > 0 and paragraph[before - 1].isspace():
            before -= 1
        if before == 0 or paragraph[before - 1] not in _NEVER_ENDS:
            kept.add(cut)
    kept.update(m.end() for m in _FULL_STOPS.finditer(paragraph) if m.end() < len(paragraph))
    return sorted(kept)


def _quoted_before(paragraph: str, cut: int, closers: set[str], particles: tuple[str, ...]) -> bool:
    """Whether ``cut`` follows a closing quote (spaces aside) and a quotative particle
    follows it (looked at near the cut only: a paragraph may hold thousands of cuts)."""
    before = cut
    while before > 0 and paragraph[before - 1].isspace():
        before -= 1
    after = cut
    while after < len(paragraph) and paragraph[after].isspace():
        after += 1
    return (
        before > 0 and paragraph[before - 1] in closers and paragraph.startswith(particles, after)
    )


# Brackets a quotation or a title sits in (CJK: no sentence ends inside them); curly double
# quotes too in Chinese, Japanese and Korean text, where they are never apostrophes.
_BRACKETS = {"「": "」", "『": "』", "《": "》", "〈": "〉", "【": "】", "（": "）"}
_CJK_QUOTES = {"“": "”"}
# What follows a closing quote to make it part of the sentence: Japanese 「…」と言った,
# Korean "…"라고 말했다 (a quotative particle, not a new sentence).
_QUOTATIVE = {
    # と before a verb of saying or thinking (「…」ところが starts a new sentence).
    "ja": (
        "と言", "と聞", "と思", "と答", "と叫", "と尋", "と書", "と話", "と呼", "と考", "と感",
        "と告", "と伝", "と云", "とい", "と訊", "と笑", "と怒", "と囁", "とつぶや", "って", "とか",
    ),
    "ko": ("라고", "이라고", "하고", "하며", "라며", "이라며", "라는", "이라는"),
}  # fmt: skip


def _kept_together(paragraph: str, cuts: list[int], language: str) -> list[int]:
    """``cuts`` without those inside a quotation's brackets (『本当？』と… was cut after ？)
    or before a quotative particle after one (「本当に行くの？」と聞いた。 is one sentence).
    Brackets that do not balance in the paragraph are not trusted: its cuts stay."""
    pairs = {**_BRACKETS, **(_CJK_QUOTES if language in ("zh", "ja", "ko") else {})}
    closers = set(pairs.values())
    particles = _QUOTATIVE.get(language, ())
    if not any(opener in paragraph for opener in pairs) and not particles:
        return cuts  # (most paragraphs: nothing to walk character by character)
    depth = 0
    inside = [False] * (len(paragraph) + 1)
    for i, char in enumerate(paragraph):
        if char in pairs:
            depth += 1
        elif char in closers and depth:
            depth -= 1
        inside[i + 1] = depth > 0
    balanced = depth == 0
    kept: list[int] = []
    for cut in cuts:
        if cut and balanced and inside[cut]:
            # A sentence that ends inside the brackets ends the quotation with it:
            # 他问：『真的吗？』我点头。 is cut after 』 (unless the bracket ends the paragraph).
            cut = inside.index(False, cut)
            if cut >= len(paragraph):
                continue
        if particles and _quoted_before(paragraph, cut, closers | {'"'}, particles):
            continue
        if not kept or cut > kept[-1]:
            kept.append(cut)
    return kept


# sentencex takes time in the square of a paragraph's length where full-width stops end its
# sentences (20,000 Japanese sentences in one paragraph: 8 s, twice that: 30 s): a long
# paragraph goes to it in blocks of this many characters; a sentence end found in a block's
# last ``_SETTLE`` characters waits for the next block, which sees what follows it.
_BLOCK = 2000
_SETTLE = 64


def _boundaries(language: str, paragraph: str) -> list[dict[str, Any]]:
    """sentencex's sentence boundaries, or none (the paragraph is one sentence) where the
    library fails: its Rust code panics on some texts (Japanese '.Z\u3000.' cuts inside the
    ideographic space), which surfaces as pyo3's PanicException, a BaseException."""
    try:
        return list(sentencex.get_sentence_boundaries(language, paragraph))
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # the library's bug, not the user's text: no cuts
        return []


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        yield start, end


# The most characters one token stands for, as far as cutting pieces is concerned: a piece
# is looked for in the next ``budget * _CHARS_PER_TOKEN`` characters only (a long token is a
# run of dashes or a URL's part), so a 100 KB sentence with no punctuation is cut in time
# linear in its length (the whole rest was walked and tokenized for each piece: 170 s).
_CHARS_PER_TOKEN = 16


def _fit(
    source: str,
    piece: Segment,
    count_tokens: Callable[[str], int],
    budget: int,
    check: Callable[[], None] | None = None,
) -> list[tuple[Segment, int]]:
    """The segment with its cost, or its pieces (each within ``budget``) with theirs."""
    window = budget * _CHARS_PER_TOKEN
    cost = count_tokens(piece.text) if len(piece.text) <= 4 * window else budget + 1
    if cost <= budget:
        return [(piece, cost)]
    pieces: list[tuple[Segment, int]] = []
    start = piece.start
    while start < piece.end:
        if check is not None:
            check()
        stop = min(piece.end, start + window)
        if stop < piece.end:  # (a window's end is no word's: its last space is)
            space = max(source.rfind(" ", start + 1, stop), source.rfind("\n", start + 1, stop))
            stop = space if space > start else stop
        end = _longest_prefix(source, start, stop, count_tokens, budget)
        cost = count_tokens(source[start:end])
        pieces.append((Segment(piece.index, piece.paragraph, start, end, source[start:end]), cost))
        start = end
        while start < piece.end and source[start].isspace():
            start += 1
    return pieces


def _longest_prefix(
    source: str, start: int, end: int, count_tokens: Callable[[str], int], budget: int
) -> int:
    """End of the longest piece from ``start`` that fits, cut at a word boundary if possible."""

    def fits(stop: int) -> bool:
        return count_tokens(source[start:stop]) <= budget

    words = _cut_points(source, start, end)
    best = _last_fitting(words, fits)
    if best is None:  # one word (or a run of CJK) is over the budget on its own
        best = _last_fitting(_cut_points(source, start, end, by_character=True), fits)
        if best is None:  # one letter is: its hundreds of marks ("Zalgo" text)
            best = _last_fitting(_cut_points(source, start, end, by_mark=True), fits)
        if best is None:
            raise ValueError(f"token budget {budget} is too small for one character")
        return best
    # Prefer a clause boundary (a cut after punctuation) over the longest fit, unless it
    # would leave the piece less than half as long.
    for cut in reversed(words[: words.index(best) + 1]):
        if cut - start < (best - start) // 2:
            break
        if unicodedata.category(source[cut - 1])[0] == "P" and fits(cut):
            return cut
    return best


def _cut_points(
    source: str, start: int, end: int, *, by_character: bool = False, by_mark: bool = False
) -> list[int]:
    """Candidate ends of a piece: after each word, or after each character, up to ``end``.
    Never inside a letter (before its vowel sign or accent, after a Khmer or Myanmar
    stacker, after a Thai or Lao vowel written before its consonant). Thai, Lao, Khmer and
    Myanmar words run together, but a space ends a phrase there: their words are cut at
    spaces, by character only where no space is left (every place between two of their
    letters was a word's end: "จำนวนม|าก" an outside review found)."""
    if by_mark:  # after any character: the last resort, a letter over the budget
        return [*range(start + 1, end), end]
    cuts: list[int] = []
    kinds = [_kind(char) for char in source[start:end]]  # (one cached look-up a character)
    for i in range(start + 1, end):
        before, after = kinds[i - 1 - start], kinds[i - start]
        if before & (_SPACE | _BINDS) or after & _ATTACHES:
            continue
        unspaced = (before | after) & _IDEOGRAPHIC and not after & _CLOSES
        if by_character or after & _SPACE or unspaced:
            cuts.append(i)
    cuts.append(end)
    return cuts


# Scripts whose words run together but whose phrases are spaced (Thai, Lao, Myanmar, Khmer).
_PHRASE_SPACED = ((0x0E00, 0x0EFF), (0x1000, 0x109F), (0x1780, 0x17FF))
# What binds the letter after it: Myanmar's and Khmer's stackers (virama, coeng), and the
# Thai and Lao vowels written before the consonant they follow in speech.
_BINDS_NEXT = frozenset("\u1039\u17d2\u0e40\u0e41\u0e42\u0e43\u0e44\u0ec0\u0ec1\u0ec2\u0ec3\u0ec4")


# Thai's and Lao's vowel AM (ำ, ຳ): letters by their category, a vowel sign in writing
# (น้ำ, "water", was cut before it).
_VOWEL_LETTERS = frozenset("\u0e33\u0eb3")


_SPACE, _BINDS, _ATTACHES, _IDEOGRAPHIC, _CLOSES = 1, 2, 4, 8, 16


@functools.lru_cache(maxsize=4096)
def _kind(char: str) -> int:
    """What a character is to a cut, as bits: a space; one that binds the letter after it;
    one that attaches to the letter before it (a mark, AM, a zero-width joiner); a letter a
    word may end after (CJK, kana: unspaced, not of the phrase-spaced scripts); punctuation
    that belongs to what precedes it."""
    code = ord(char)
    kind = _SPACE if char.isspace() else 0
    if char in _BINDS_NEXT:
        kind |= _BINDS
    if unicodedata.category(char)[0] == "M" or char in _VOWEL_LETTERS or char == "\u200d":
        kind |= _ATTACHES
    if is_unspaced(char) and not any(low <= code <= high for low, high in _PHRASE_SPACED):
        kind |= _IDEOGRAPHIC
    if _closes(char):
        kind |= _CLOSES
    return kind


def _last_fitting(cuts: list[int], fits: Callable[[int], bool]) -> int | None:
    """The last cut that fits, by binary search (token counts grow with the prefix)."""
    low, high = 0, len(cuts) - 1
    found: int | None = None
    while low <= high:
        middle = (low + high) // 2
        if fits(cuts[middle]):
            found = middle
            low = middle + 1
        else:
            high = middle - 1
    return None if found is None else cuts[found]


def _closes(char: str) -> bool:
    """Punctuation that belongs to what precedes it (。, ！, 」), so no piece starts with it."""
    return unicodedata.category(char) in ("Po", "Pe", "Pf")


def is_unspaced(char: str) -> bool:
    """True for a character of a script written without spaces between words (CJK, Thai...)."""
    code = ord(char)
    return any(low <= code <= high for low, high in UNSPACED_RANGES)


UNSPACED_RANGES = (
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x17FF),  # Khmer
    (0x2E80, 0x2FDF),  # CJK radicals
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3100, 0x312F),  # Bopomofo
    (0x31F0, 0x31FF),  # Katakana extensions
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFF00, 0xFFEF),  # full- and half-width forms
    (0x20000, 0x3FFFF),  # CJK extensions B and later
)

__all__ = [
    "Segment",
    "Segmented",
    "chunk_by_budget",
    "is_unspaced",
    "join_pieces",
    "reassemble",
    "segment",
]
