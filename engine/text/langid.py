"""Offline language detection: which ISO 639-1 language a text is in, and how sure we are.

Uses py3langid (BSD-3-Clause), whose naive-Bayes model ships inside its wheel and is stored
as numpy arrays (no pickle). The model is loaded on first use (about two seconds), not at import.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from engine.errors import InputError

# The model labels a few languages by ISO 639-3 codes; fold those that belong to a
# macrolanguage with an ISO 639-1 code into it, so results name languages as models do.
# (Not Southern Uzbek, "uzs": it is written in the Arabic script, and a "uz" model reads
# the Latin one; a short Persian text it was taken for went to an Uzbek model.)
_FOLD = {
    "yue": "zh",
    "wuu": "zh",
    "arz": "ar",
    "ary": "ar",
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


# The scripts a language is written in, by the first word of its letters' Unicode names;
# a language not here is not checked (any script). Latin-script languages are listed too.
_LATIN = frozenset({"LATIN"})
_SCRIPTS: dict[str, frozenset[str]] = {
    **dict.fromkeys(
        [
            "af", "az", "bs", "ca", "cs", "cy", "da", "de", "en", "eo", "es", "et", "eu", "fi",
            "fil", "fr", "ga", "gl", "hr", "ht", "hu", "id", "is", "it", "la", "lb", "lt", "lv",
            "mg", "ms", "mt", "nb", "nl", "nn", "no", "oc", "pl", "pt", "ro", "sk", "sl", "sq",
            "sv", "sw", "tl", "tr", "vi", "wa", "xh", "yo", "zu",
        ],
        _LATIN,
    ),
    **dict.fromkeys(
        ["be", "bg", "ky", "mk", "mn", "ru", "tg", "tt", "uk"], frozenset({"CYRILLIC"})
    ),
    **dict.fromkeys(["ar", "fa", "ps", "sd", "ug", "ur", "ckb"], frozenset({"ARABIC"})),
    **dict.fromkeys(["he", "yi"], frozenset({"HEBREW"})),
    **dict.fromkeys(["hi", "mr", "ne", "sa"], frozenset({"DEVANAGARI"})),
    # (written in two scripts, or moving from one to the other)
    **dict.fromkeys(["sr", "uz", "kk"], frozenset({"CYRILLIC", "LATIN"})),
    "zh": frozenset({"CJK"}),
    "ja": frozenset({"CJK", "HIRAGANA", "KATAKANA"}),
    "ko": frozenset({"HANGUL", "CJK"}),
    "el": frozenset({"GREEK"}), "ka": frozenset({"GEORGIAN"}), "hy": frozenset({"ARMENIAN"}),
    "th": frozenset({"THAI"}), "bn": frozenset({"BENGALI"}), "ta": frozenset({"TAMIL"}),
    "te": frozenset({"TELUGU"}), "kn": frozenset({"KANNADA"}), "ml": frozenset({"MALAYALAM"}),
    "gu": frozenset({"GUJARATI"}), "pa": frozenset({"GURMUKHI", "ARABIC"}),
    "si": frozenset({"SINHALA"}), "km": frozenset({"KHMER"}), "lo": frozenset({"LAO"}),
    "my": frozenset({"MYANMAR"}), "am": frozenset({"ETHIOPIC"}),
}  # fmt: skip
_SCRIPT_SAMPLE = 500  # letters looked at


def written_in(language: str, text: str) -> bool:
    """Whether ``text``'s letters are in a script ``language`` is written in (a language this
    does not know: yes). A short English text is no Chinese or Arabic, however unsure the
    detector is of everything."""
    scripts = _SCRIPTS.get(_normalize(language))
    if scripts is None:
        return True
    letters = [char for char in text[: _SCRIPT_SAMPLE * 4] if char.isalpha()][:_SCRIPT_SAMPLE]
    seen = {unicodedata.name(char, " ").split(" ")[0] for char in letters}
    return not seen or bool(scripts & seen)


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


# Characters of everyday Chinese written differently in the two scripts, pair by pair (each
# is used by one script only): the detector's one "zh" label covers both.
_TRADITIONAL = (
    "們個這來時說會為國學對發與還從樣麼經過長開見問現關點體無進動員機頭當種業實義場電產傳"
    "話聽應隊黨樓寫書東車門馬鳥魚龍讀語認識請讓變錢間親記處總專邊難歡區華給沒報議質計務買"
    "賣條歲醫藥習腦號錯雙飛鐘際導價聯網線戰歷選將術設費氣風寶愛聲覺聞熱觀視辦態標預題項順"
    "須領頁類顯願響歐極構權樹橋廣張強歸擇擊數斷樂殺決況溫減滿漢營爭狀獨環畫療盡監確禮離積"
    "穩競筆節範簡級紀約紅純紙細終組結統絕維綜緊練績續織職興舉舊藝規訊討訓許評試詩詞該詳誠"
    "誤調談論證護負貨責資賽購趨軍輕較載輸轉農連運遠適遺鄉針銀銷鍵閱陽階隨險雖雜雞靜韓額顏"
    "飯館驗麗黃齊誰嗎單錄屬兩壓戲齡緣鐵畢"
)
_SIMPLIFIED = (
    "们个这来时说会为国学对发与还从样么经过长开见问现关点体无进动员机头当种业实义场电产传"
    "话听应队党楼写书东车门马鸟鱼龙读语认识请让变钱间亲记处总专边难欢区华给没报议质计务买"
    "卖条岁医药习脑号错双飞钟际导价联网线战历选将术设费气风宝爱声觉闻热观视办态标预题项顺"
    "须领页类显愿响欧极构权树桥广张强归择击数断乐杀决况温减满汉营争状独环画疗尽监确礼离积"
    "稳竞笔节范简级纪约红纯纸细终组结统绝维综紧练绩续织职兴举旧艺规讯讨训许评试诗词该详诚"
    "误调谈论证护负货责资赛购趋军轻较载输转农连运远适遗乡针银销键阅阳阶随险虽杂鸡静韩额颜"
    "饭馆验丽黄齐谁吗单录属两压戏龄缘铁毕"
)
_TRADITIONAL_SET = frozenset(_TRADITIONAL)
_SIMPLIFIED_SET = frozenset(_SIMPLIFIED)


def chinese_script(text: str) -> str | None:
    """``"Hant"`` for Chinese in traditional characters (Taiwan, Hong Kong), ``"Hans"`` for
    simplified ones, None when the text shows neither (no Chinese, or no telling character)."""
    sample = _sample(text)  # (a long document: evenly spaced windows, as ``detect`` reads)
    traditional = sum(1 for c in sample if c in _TRADITIONAL_SET)
    simplified = sum(1 for c in sample if c in _SIMPLIFIED_SET)
    if traditional == simplified:
        return None
    return "Hant" if traditional > simplified else "Hans"


class _Identifier(Protocol):
    """The part of py3langid's LanguageIdentifier used here (the library is untyped)."""

    @property
    def labels(self) -> list[str]: ...

    def rank(self, text: str) -> list[tuple[str, float]]: ...


__all__ = ["Detection", "chinese_script", "detect", "rank", "supported_languages"]
