"""Subtitle cues as a translator needs them: which consecutive cues one sentence runs on
across (sent as one unit, its translation shared back over them), and a translated cue's
lines wrapped to a subtitle's width."""

from __future__ import annotations

import bisect
import collections
import dataclasses
import functools
import itertools
import math
import re
import unicodedata
from collections.abc import Sequence

from engine.text.segment import is_unspaced


@dataclasses.dataclass(frozen=True)
class Timed:
    """When a cue shows (seconds) and where: its position, style, layer or speaker, as the
    format says them (cues that differ in ``place`` are never one sentence)."""

    start: float
    end: float
    place: str = ""


# A time as SubRip, WebVTT, SubViewer and SubStation write it: [h:]mm:ss[.,]fraction.
_TIME = re.compile(r"(?:(\d+):)?(\d{1,2}):(\d{1,2})(?:[.,](\d+))?")


def seconds(text: str) -> list[float]:
    """The times written in ``text`` (a timing line), in seconds."""
    found = []
    for m in _TIME.finditer(text):
        hours, minutes, secs, fraction = m.groups()
        value = int(hours or 0) * 3600 + int(minutes) * 60 + int(secs)
        found.append(value + (int(fraction) / 10 ** len(fraction) if fraction else 0.0))
    return found


# Two cues are one sentence only when the second follows within this many seconds (a longer
# pause is a new thought, or a cut), and at most this many cues make one unit (a run-on
# speech with no full stop is still shared out in pieces a viewer can follow).
JOIN_GAP = 2.0
MOST_JOINED = 4
# A sentence ends at these, a closing quote or bracket allowed after them.
_ENDED = re.compile(r"[.!?…。！？‼⁇‽][\"'”’»)\]」』）]*$")
# A line cut off (an interruption, the next cue another speaker's: Leverage's broadcast
# captions "UM, GOING TO THE --" / "WRONG."): a double hyphen or a dash at its end.
_CUT_OFF = re.compile(r"(?:--|\s-|[\u2013-\u2015])[\"'”’»)\]]*$")
# A trailing ellipsis is a pause: the same speaker goes on where the next cue starts with
# one ("I think..." / "...we should go") or with a small letter; else it trails off.
_ELLIPSIS = re.compile(r"(?:\.\.\.|…)[\"'”’»)\]]*$")
# Cues never joined: a speaker's dash (at a line's start, or after a [sound] or (sound)
# label there: "[ ELEVATOR BELL DINGS ] -JUST BE PATIENT,"), a song, a sound or speaker
# label ([MUSIC], (laughs), JOHN:, and the ">>" that marks a new speaker in American
# captions) where the next one starts, a ">>" inside a cue (a new speaker within it), and a
# cue that is such a label alone.
_DASHED = re.compile(
    r"^\s*(?:(?:\[[^\]\n]*\]|\([^)\n]*\))\s*)*[-\u2010-\u2015]|(?<=\S)\s*>>", re.MULTILINE
)
_SONG = re.compile("[♪♫#]")
_LABEL = re.compile(r"^\s*(?:[\[(]|>>|[A-Z][A-Z .'-]*:)")
_SOUND = re.compile(r"\[[^\]]*\]|\([^)]*\)")


def runs_on(text: str, timed: Timed, after: str, then: Timed) -> bool:
    """Whether a cue reading ``text`` and the next, reading ``after``, are one sentence: the
    first does not end one (nor is it cut off: the next cue is another speaker's), the
    second follows it soon, in the same place, neither is a speaker's line, a song or a
    label, and both are in one language (see :func:`one_language`)."""
    first, second = text.strip(), after.strip()
    if not first or not second or first[-1:] in "])" or _CUT_OFF.search(first):
        return False
    if _ENDED.search(first) and not (_ELLIPSIS.search(first) and _continues(second)):
        return False
    if timed.place != then.place or not -0.1 <= then.start - timed.end < JOIN_GAP:
        return False
    if any(_DASHED.search(t) or _SONG.search(t) for t in (first, second)):
        return False
    if not one_language(first, second):
        return False
    return not _LABEL.match(second) and bool(_SOUND.sub("", first).strip())


def one_language(first: str, second: str) -> bool:
    """Whether cues reading ``first`` and then ``second`` may be one sentence by their lines
    and scripts: both in one script, each line of each in it (a song's cue of a Japanese
    line and its Korean translation is two languages, never one sentence with the next),
    no line of the first shown again in the second (a chat's or a song's lines scrolling,
    a line repeated), and the first, where it is Korean, Chinese or Japanese, ending in a
    comma or an ellipsis. Those end a statement without a mark ("그만하고 인터뷰하자",
    "'키다 마사오미'"), and a full stop elsewhere in the file (a credit's "Subtitle by
    Kyou.") says nothing of this cue: only a comma ("그래서,", "、") says it runs on."""
    above, below = first.split("\n"), second.split("\n")
    if len({script(line) for line in above + below} - {""}) > 1:
        return False
    if {line.strip() for line in above} & {line.strip() for line in below} - {""}:
        return False
    return script(first) not in _UNMARKED or bool(_GOES_ON.search(first))


# A cue that goes on: a comma or an ellipsis at its end, a closing quote allowed after it.
_GOES_ON = re.compile(r"(?:[,、，]|\.\.\.|…)[\"'”’」』]*$")
# Scripts whose subtitles end a statement bare: Korean's, Chinese's and Japanese's.
_UNMARKED = frozenset(["HANGUL", "CJK"])


def script(text: str) -> str:
    """The script most of ``text``'s letters are written in, as Unicode names it (LATIN,
    CYRILLIC…; HANGUL; CJK for Chinese characters and kana alike, Japanese mixing them); ""
    where it has no letters."""
    counted = collections.Counter(_script(c) for c in text if c.isalpha())
    return counted.most_common(1)[0][0] if counted else ""


@functools.lru_cache(maxsize=4096)
def _script(char: str) -> str:
    word = unicodedata.name(char, "").split(" ")[0]
    return "CJK" if word in ("HIRAGANA", "KATAKANA") or ideographic(char) else word


def _continues(text: str) -> bool:
    """Whether a cue after one that ends in an ellipsis goes on with its sentence: it starts
    with an ellipsis, or with a small letter."""
    return text.startswith(("...", "…")) or (text[:1].isalpha() and text[:1].islower())


def meaningful_break(above: str, below: str) -> bool:
    """Whether a cue's line break between lines ``above`` and ``below`` says something a
    translation keeps: a sentence's end above (the translation keeps it between the
    sentences), a new speaker's line below (a dash, ">>", NAME:), a song's line, a [sound]
    label's own line, a blank line, a line in another script (a Japanese song's line and its
    Korean translation below). A break inside a sentence is layout: where the cue's
    author wrapped it to the screen's width, which the translation's words do not follow
    (its lines are wrapped anew, see :func:`wrapped`)."""
    if not above.strip() or not below.strip() or _ENDED.search(above.strip()):
        return True
    if len({script(above), script(below)} - {""}) > 1:
        return True
    if _DASHED.match(below) or _LABEL.match(below) or _SONG.search(above + below):
        return True
    return not _SOUND.sub("", above).strip()


def unwrapped(runs: Sequence[str], joinable: frozenset[int] = frozenset()) -> tuple[str, ...]:
    """A cue's ``runs`` (its text between tags) with each line break inside a sentence (see
    :func:`meaningful_break`) a space, none between Chinese or Japanese characters: a
    sentence as the translator should read it ('Il fut un temps,\\navant l'existence du
    câble' was sent with its break). A break that is a run of its own stays unless it is
    ``joinable``: markup meets it (MicroDVD's {y:i} starts its line; <i> on one line of two)
    that holds for a line, where ``</i>\\n<i>`` holds for neither."""
    text = "".join(runs)
    lines = text.split("\n")
    if len(lines) < 2:
        return tuple(runs)
    alone: set[int] = set()  # where a break is a run of its own
    at = 0
    for k, run in enumerate(runs):
        if not run.strip() and "\n" in run and k not in joinable:
            alone.update(at + i for i, c in enumerate(run) if c == "\n")
        at += len(run)
    instead: dict[int, str] = {}
    at = 0
    for above, below in itertools.pairwise(lines):
        at += len(above)
        if at not in alone and not meaningful_break(above, below):
            end, start = above.rstrip()[-1:] or " ", below.lstrip()[:1] or " "
            instead[at] = "" if is_unspaced(end) and is_unspaced(start) else " "
        at += 1
    out: list[str] = []
    at = 0
    for run in runs:
        out.append("".join(instead.get(at + i, c) for i, c in enumerate(run)))
        at += len(run)
    return tuple(out)


def ends_sentences(texts: Sequence[str]) -> bool:
    """Whether ``texts`` (a file's cues) mark where sentences end at all: in one that never
    does (speech recognition's, a song's lines) every cue would seem to run on. A full stop
    says so, not a question's or an exclamation's mark alone: Korean subtitles, and many
    Japanese and Chinese ones, end a statement bare ("그만하고 인터뷰하자") and mark only
    questions ("그래? 무슨 인터뷰?"), and each of their statements would seem to run on."""
    return any(_FULL_STOP.search(t.strip()) for t in texts)


# A statement's full stop (not an ellipsis'), a closing quote or bracket allowed after it.
_FULL_STOP = re.compile(r"(?<![.…])[.。．][\"'”’»)\]」』）]*$")


def joined(texts: Sequence[str]) -> str:
    """Cues' texts as one sentence: apart by a space, none between Chinese or Japanese."""
    out = texts[0].strip()
    for text in texts[1:]:
        text = text.strip()
        glued = out and text and is_unspaced(out[-1]) and is_unspaced(text[0])
        out += ("" if glued else " ") + text
    return out


# Chinese and Japanese lines: none starts with closing punctuation, none ends with opening.
CLOSING = frozenset(
    "、。，．・：；！？）〕］｝〉》」』】〙〗〟’”…‥ー々ゝゞぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮ"
)
OPENING = frozenset("（〔［｛〈《「『【〘〖〝‘“")
# A line or share that ends in one of these reads well: the break falls between clauses.
PAUSE = frozenset(",.;:!?…，。、；：！？")
# A full stop that ends an abbreviation ("Mr. Smith") is no pause to break after.
ABBREVIATION = re.compile(
    r"(?:^|\s)(?:Mr|Mrs|Ms|Dr|St|Mt|Prof|Sr|Jr|vs|etc|e\.g|i\.e|Nr|No|Hr|Fr|Mme|Mlle|Sra?|Dra?)\.$"
)


def ideographic(char: str) -> bool:
    code = ord(char)
    return (
        0x3040 <= code <= 0x30FF
        or 0x3400 <= code <= 0x4DBF
        or 0x4E00 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0x3000 <= code <= 0x303F
        or 0xFF00 <= code <= 0xFFEF
        or 0x20000 <= code <= 0x3FFFF
    )


def width(text: str) -> int:
    """Columns on screen: wide and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _paused(head: str) -> bool:
    return head[-1:] in PAUSE and not ABBREVIATION.search(head)


def _cuts(text: str) -> list[tuple[int, int]]:
    """Where ``text`` may be cut (a line ended, a cue's share ended): a run of spaces
    (taken out), or between two Chinese or Japanese characters (nothing taken out)."""
    cuts = [m.span() for m in re.finditer(r"\s+", text) if m.start() > 0 and m.end() < len(text)]
    cuts += [
        (i, i)
        for i in range(1, len(text))
        if ideographic(text[i - 1])
        and ideographic(text[i])
        and text[i] not in CLOSING
        and text[i - 1] not in OPENING
    ]
    return sorted(cuts)


def flat(text: str) -> str:
    """``text`` on one line: each run of spaces or line breaks one space, none between two
    Chinese or Japanese characters."""
    text = text.strip()
    return re.sub(
        r"\s+",
        lambda m: (
            ""
            if m.start() > 0
            and m.end() < len(text)
            and is_unspaced(text[m.start() - 1])
            and is_unspaced(text[m.end()])
            else " "
        ),
        text,
    )


# How far (a part of the unit's length) a cut between two cues' shares may move from the
# proportional place to fall after a comma or full stop: beyond it a cue got a word alone
# (the Anchorman's "… les surclassait tous:" / "Ron Burgundy." came back "Ron" alone).
SHARE_MOVE = 0.15


def shares(text: str, sources: Sequence[str]) -> list[str]:
    """The translation ``text`` of cues reading ``sources`` cut into one share per cue, in
    proportion to their lengths, at a word's edge (a character's, in Chinese and Japanese),
    an edge after a comma or full stop preferred to one a little nearer the proportion: at
    most ``SHARE_MOVE`` of the text away from it, where the shares on either side keep half
    their due length at least and the one before it fits two lines.
    Every cue gets words where the translation has enough places to cut."""
    line = flat(text)
    if len(sources) == 1:
        return [line]
    cuts = _cuts(line)
    total = sum(len(s.strip()) for s in sources) or 1
    wants = [len(line) * k / total for k in itertools.accumulate(len(s.strip()) for s in sources)]
    bonus = len(line) / len(sources) / 4
    reach = len(line) * SHARE_MOVE
    most = 2 * line_limit(line)
    chosen: list[tuple[int, int]] = []
    for j, want in enumerate(wants[:-1]):
        left = len(sources) - 2 - j  # cuts still to make after this one
        start = chosen[-1][1] if chosen else 0
        first = bisect.bisect_right(cuts, (start, len(line))) if chosen else 0
        usable = cuts[first : len(cuts) - left] if left else cuts[first:]
        if not usable:
            break
        # (the two shares' due lengths: a cut after a comma leaves each half of its own)
        before, after = want - (wants[j - 1] if j else 0), wants[j + 1] - want
        costs = []
        for a, b in usable:
            fair = a - start >= before / 2 and wants[j + 1] - b >= after / 2
            near = abs(a - want) <= reach and a - start <= most
            costs.append(abs(a - want) - (bonus if fair and near and _paused(line[:a]) else 0))
        chosen.append(usable[costs.index(min(costs))])
    bounds = [(0, 0), *chosen, (len(line), len(line))]
    out = [line[b:a] for (_, b), (a, _) in itertools.pairwise(bounds)]
    return out + [""] * (len(sources) - len(out))


# A subtitle line's most characters. Netflix's Timed Text Style Guide (General Requirements,
# "Character Limitation": 42 characters a line for Latin scripts; its Chinese and Japanese
# guides: 16 and 13 full-width characters) and the BBC's Subtitle Guidelines (about 37-42
# characters, "68% of the width of a 16:9 screen") agree; both allow two lines at most, one
# line where it fits, and prefer a two-line subtitle's lower line the longer ("bottom-heavy
# pyramid", Netflix; "the top line shorter", BBC), not at the cost of a natural break.
LINE_CHARACTERS = 42
UNSPACED_LINE_CHARACTERS = 16


def line_limit(text: str) -> int:
    """The most characters a line of ``text`` should hold: 16 where its letters are mostly
    of a script written without spaces (Chinese, Japanese), else 42."""
    letters = collections.Counter(c for c in text if c.isalpha())
    unspaced = sum(n for c, n in letters.items() if is_unspaced(c))
    return UNSPACED_LINE_CHARACTERS if unspaced * 2 > letters.total() else LINE_CHARACTERS


def wrapped(text: str, limit: int, kept: frozenset[int] = frozenset()) -> list[tuple[int, int]]:
    """Where to break ``text`` (whose line breaks are spaces here) into lines of at most
    ``limit`` characters: two lines where it fits, more only where it cannot, the lower of
    two the longer or as long, a break at ``kept`` (where the source broke) or after a comma
    or full stop preferred. The cuts, as :func:`_cuts` gives them; none where it fits one
    line, or cannot be cut. Linear in the places to cut for two lines, and in the places
    times the lines times ``limit`` for more (a long Chinese cue may be cut at every
    character: weighing each set of places took seconds)."""
    if len(text) <= limit:
        return []
    cuts = _cuts(text)
    fewest = _filled(cuts, limit, len(text))
    if max(_lengths(fewest, len(text))) > limit:
        return []
    bonus = limit / 8
    worth = [(a in kept) + _paused(text[:a]) for a, _ in cuts]
    if len(fewest) == 1:

        def cost(n: int) -> float:
            top, bottom = cuts[n][0], len(text) - cuts[n][1]
            if max(top, bottom) > limit:
                return math.inf
            return max(top, bottom) + max(0, top - bottom) / 2 - bonus * worth[n]

        return [cuts[min(range(len(cuts)), key=cost)]]
    # More lines: for each longest line allowed, the breaks worth the most (a sliding
    # window's best over the breaks that leave the line before them short enough).
    best: tuple[float, list[int]] = (math.inf, [])
    for longest in range(limit, 0, -1):
        found = _most_worth(cuts, worth, len(fewest), longest, len(text))
        if found is None:
            break
        value, chosen = found
        if longest - bonus * value <= best[0]:
            best = (longest - bonus * value, chosen)
    return [cuts[n] for n in best[1]]


def _most_worth(
    cuts: Sequence[tuple[int, int]], worth: Sequence[int], count: int, longest: int, end: int
) -> tuple[int, list[int]] | None:
    """``count`` of ``cuts`` leaving no line longer than ``longest``, the most worth in all:
    the worth and the cuts' indexes, or None where none do."""
    unset = -1
    score = [worth[i] if a <= longest else unset for i, (a, _) in enumerate(cuts)]
    back: list[list[int]] = []
    for _ in range(count - 1):
        new, came = [unset] * len(cuts), [-1] * len(cuts)
        window: collections.deque[int] = collections.deque()
        low = 0
        for i, (a, _) in enumerate(cuts):
            if i and score[i - 1] != unset:  # (cut i - 1 may end the line before cut i)
                while window and score[window[-1]] <= score[i - 1]:
                    window.pop()
                window.append(i - 1)
            while low < i and a - cuts[low][1] > longest:
                low += 1
            while window and window[0] < low:
                window.popleft()
            if window:
                new[i], came[i] = score[window[0]] + worth[i], window[0]
        score = new
        back.append(came)
    last = [i for i, (_, b) in enumerate(cuts) if score[i] != unset and end - b <= longest]
    if not last:
        return None
    at = max(last, key=lambda i: score[i])
    chosen = [at]
    for came in reversed(back):
        at = came[at]
        chosen.append(at)
    return score[chosen[0]], chosen[::-1]


def _lengths(chosen: Sequence[tuple[int, int]], end: int) -> list[int]:
    bounds = [(0, 0), *chosen, (end, end)]
    return [a - b for (_, b), (a, _) in itertools.pairwise(bounds)]


def _filled(cuts: Sequence[tuple[int, int]], limit: int, end: int) -> list[tuple[int, int]]:
    """Lines filled in turn up to ``limit``: the fewest lines ``limit`` allows."""
    chosen: list[tuple[int, int]] = []
    start = 0
    candidate: tuple[int, int] | None = None
    for a, b in cuts:
        if a - start > limit and candidate is not None:
            chosen.append(candidate)
            start, candidate = candidate[1], None
        if a - start <= limit:
            candidate = (a, b)
    if end - start > limit and candidate is not None:
        chosen.append(candidate)
    return chosen


__all__ = [
    "ABBREVIATION",
    "CLOSING",
    "JOIN_GAP",
    "LINE_CHARACTERS",
    "MOST_JOINED",
    "OPENING",
    "PAUSE",
    "SHARE_MOVE",
    "Timed",
    "ends_sentences",
    "flat",
    "ideographic",
    "joined",
    "line_limit",
    "meaningful_break",
    "one_language",
    "runs_on",
    "script",
    "seconds",
    "shares",
    "unwrapped",
    "width",
    "wrapped",
]
