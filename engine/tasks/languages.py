"""Which language pairs an installed model translates, and how to ask it for one.

Read from the folder, never from a list of known models:

* Marian (``model_type`` marian): ``opus-mt-{src}-{tgt}`` (also ``opus-mt-tc-big-…``) in the
  folder name, else in config's ``_name_or_path`` / ``name_or_path``, else tokenizer_config's
  ``source_lang`` / ``target_lang``. A multi-target model (``opus-mt-en-ROMANCE``) names its
  targets by ``>>xx<<`` tokens in its vocabulary, put before the text.
* M2M100 / NLLB (``model_type`` m2m_100) and mBART-50 (mbart): language-code tokens among the
  tokenizer's special tokens (``__de__``, ``deu_Latn``, ``de_DE``). The source code replaces
  the one the tokenizer puts in the input; the target code is forced as the first token.
  mBART-50's ``one-to-many`` / ``many-to-one`` checkpoints (by name) translate from / into
  English only.
* T5: ``translation_{src}_to_{tgt}`` entries of config's ``task_specific_params`` and their
  text prefix (``translate English to German: ``).

Every code is mapped to ISO 639-1 where the language has one (``deu_Latn`` → ``de``), else kept
as the model writes its language part (``ast``). A model is a translator exactly when this
module finds its languages, or it is a Marian model (whose languages may be unknown).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from engine.errors import ModelInvalid
from engine.runtime.jsonfile import MAX_CONFIG_BYTES, MAX_TOKENIZER_BYTES, read_json_object
from engine.runtime.manifest import ModelFolder
from engine.text.language_names import NAMES

Kind = Literal["bilingual", "multilingual", "prefixed"]

_OPUS = re.compile(r"opus-mt-(?:tc-(?:big|base|tiny|small)-)?([A-Za-z_]+)-([A-Za-z_]+)$")
_M2M = re.compile(r"^__([a-z]{2,3})__$")
_NLLB = re.compile(r"^([a-z]{3})_([A-Z][a-z]{3})$")
_MBART = re.compile(r"^([a-z]{2,3})_([A-Z]{2})$")
_MARIAN_TARGET = re.compile(r"^>>([a-z]{2,3}(?:_[A-Za-z]+)?)<<$")
_T5_TASK = re.compile(r"^translation_([a-z]{2,3})_to_([a-z]{2,3})$")

# ISO 639-2/639-3 codes (as NLLB, opus-mt and tokenizers write them) of languages that have an
# ISO 639-1 code. Individual languages are mapped to their macrolanguage only where they are
# its standard form (arb → ar, but not ary / arz, which stay as they are).
_ISO1 = {
    "aar": "aa", "abk": "ab", "afr": "af", "aka": "ak", "alb": "sq", "als": "sq", "amh": "am",
    "ara": "ar", "arb": "ar", "arg": "an", "arm": "hy", "asm": "as", "ava": "av", "ave": "ae",
    "aym": "ay", "ayr": "ay", "aze": "az", "azj": "az", "bak": "ba", "bam": "bm", "baq": "eu",
    "bel": "be", "ben": "bn", "bis": "bi", "bod": "bo", "bos": "bs", "bre": "br", "bul": "bg",
    "bur": "my", "cat": "ca", "ces": "cs", "cha": "ch", "che": "ce", "chi": "zh", "chu": "cu",
    "chv": "cv", "cmn": "zh", "cor": "kw", "cos": "co", "cre": "cr", "cym": "cy", "cze": "cs",
    "dan": "da", "deu": "de", "div": "dv", "dut": "nl", "dzo": "dz", "ekk": "et", "ell": "el",
    "eng": "en", "epo": "eo", "est": "et", "eus": "eu", "ewe": "ee", "fao": "fo", "fas": "fa",
    "fij": "fj", "fin": "fi", "fra": "fr", "fre": "fr", "fry": "fy", "ful": "ff", "fuv": "ff",
    "gaz": "om", "geo": "ka", "ger": "de", "gla": "gd", "gle": "ga", "glg": "gl", "glv": "gv",
    "gre": "el", "grn": "gn", "guj": "gu", "hat": "ht", "hau": "ha", "heb": "he", "her": "hz",
    "hin": "hi", "hmo": "ho", "hrv": "hr", "hun": "hu", "hye": "hy", "ibo": "ig", "ice": "is",
    "ido": "io", "iii": "ii", "iku": "iu", "ile": "ie", "ina": "ia", "ind": "id", "ipk": "ik",
    "isl": "is", "ita": "it", "jav": "jv", "jpn": "ja", "kal": "kl", "kan": "kn", "kas": "ks",
    "kat": "ka", "kau": "kr", "kaz": "kk", "khk": "mn", "khm": "km", "kik": "ki", "kin": "rw",
    "kir": "ky", "kmr": "ku", "knc": "kr", "kom": "kv", "kon": "kg", "kor": "ko", "kua": "kj",
    "kur": "ku", "lao": "lo", "lat": "la", "lav": "lv", "lim": "li", "lin": "ln", "lit": "lt",
    "ltz": "lb", "lub": "lu", "lug": "lg", "lvs": "lv", "mac": "mk", "mah": "mh", "mal": "ml",
    "mao": "mi", "mar": "mr", "may": "ms", "mkd": "mk", "mlg": "mg", "mlt": "mt", "mon": "mn",
    "mri": "mi", "msa": "ms", "mya": "my", "nau": "na", "nav": "nv", "nbl": "nr", "nde": "nd",
    "ndo": "ng", "nep": "ne", "nld": "nl", "nno": "nn", "nob": "nb", "nor": "no", "npi": "ne",
    "nya": "ny", "oci": "oc", "oji": "oj", "ori": "or", "orm": "om", "ory": "or", "oss": "os",
    "pan": "pa", "pbt": "ps", "per": "fa", "pes": "fa", "pli": "pi", "plt": "mg", "pol": "pl",
    "por": "pt", "pus": "ps", "que": "qu", "quy": "qu", "roh": "rm", "ron": "ro", "rum": "ro",
    "run": "rn", "rus": "ru", "sag": "sg", "san": "sa", "sin": "si", "slk": "sk", "slo": "sk",
    "slv": "sl", "sme": "se", "smo": "sm", "sna": "sn", "snd": "sd", "som": "so", "sot": "st",
    "spa": "es", "sqi": "sq", "srd": "sc", "srp": "sr", "ssw": "ss", "sun": "su", "swa": "sw",
    "swe": "sv", "swh": "sw", "tah": "ty", "tam": "ta", "tat": "tt", "tel": "te", "tgk": "tg",
    "tgl": "tl", "tha": "th", "tib": "bo", "tir": "ti", "ton": "to", "tsn": "tn", "tso": "ts",
    "tuk": "tk", "tur": "tr", "twi": "tw", "uig": "ug", "ukr": "uk", "urd": "ur", "uzb": "uz",
    "uzn": "uz", "ven": "ve", "vie": "vi", "vol": "vo", "wel": "cy", "wln": "wa", "wol": "wo",
    "xho": "xh", "ydd": "yi", "yid": "yi", "yor": "yo", "zha": "za", "zho": "zh", "zsm": "ms",
    "zul": "zu",
}  # fmt: skip
# ISO 639-1 codes withdrawn since, which Java's locales and some tools still write.
_ISO1.update({"iw": "he", "in": "id", "ji": "yi", "jw": "jv", "mo": "ro"})
# mBART-50 names a few languages by country-flavoured codes whose language part is not ISO.
_MBART_ALIASES = {"xh_ZA": "xh", "gl_ES": "gl", "sl_SI": "sl", "ps_AF": "ps"}


def is_language(code: str) -> bool:
    """Whether ``code`` names a language: an ISO 639-1 code, or a tag or 639-2/3 code of one
    (``deu``, ``pt-BR``, ``zho_Hans``), or any other three-letter code (ISO 639-3 has some
    8,000: ``yue``, ``fil``). ``xx``, ``German`` and ``klingon`` are not."""
    iso = to_iso(code)
    return iso in NAMES or iso == "sh" or (len(iso) == 3 and iso.isascii() and iso.isalpha())


def to_iso(code: str) -> str:
    """A language code or tag (``de``, ``deu``, ``deu_Latn``, ``de_DE``, ``pt-BR``) as ISO
    639-1 where the language has one, else its lowercased language part."""
    primary = re.split(r"[-_]", code.strip())[0].lower()
    return _ISO1.get(primary, primary)


# A Chinese tag asking for traditional characters: by script, or by where it is written.
_TRADITIONAL_PARTS = frozenset(["hant", "tw", "hk", "mo"])
# The target key of Chinese in traditional characters (the detector's and the models' "zh"
# is simplified Chinese as a target): NLLB-200 writes it (its zho_Hant); no other does.
TRADITIONAL_CHINESE = "zh-Hant"


def is_traditional(tag: str) -> bool:
    """Whether a Chinese language tag names traditional characters (``zh-Hant``, ``zh-TW``,
    ``zh_HK``, ``zh-Hant-TW``, NLLB's ``zho_Hant``)."""
    parts = re.split(r"[-_]", tag.strip().lower())
    return to_iso(parts[0]) == "zh" and bool(_TRADITIONAL_PARTS.intersection(parts[1:]))


def target_key(tag: str) -> str:
    """A target language as the models' language lists name it: ISO 639-1, but Chinese in
    traditional characters ``zh-Hant`` (``zh`` would come back simplified)."""
    return TRADITIONAL_CHINESE if is_traditional(tag) else to_iso(tag)


@dataclass(frozen=True)
class Languages:
    """The pairs one model translates, and the model's own token or prefix for each language.

    ``codes`` maps an ISO code to the model's language token (multilingual models) or Marian's
    ``>>xx<<`` target token; ``prefixes`` maps (source, target) to a T5 task prefix.
    """

    kind: Kind
    sources: frozenset[str]
    targets: frozenset[str]
    codes: dict[str, str] = field(default_factory=dict)
    prefixes: dict[tuple[str, str], str] = field(default_factory=dict)

    def serves(self, source: str, target: str) -> bool:
        if self.kind == "prefixed":
            return (source, target) in self.prefixes
        return source != target and source in self.sources and target in self.targets

    def pairs(self) -> set[tuple[str, str]]:
        if self.kind == "prefixed":
            return set(self.prefixes)
        return {(s, t) for s in self.sources for t in self.targets if s != t}


@dataclass(frozen=True)
class Prompt:
    """How to ask a model for one pair: text prefix, source code swapped into the encoded
    input, target code forced as the first generated token."""

    prefix: str = ""
    source_token: str | None = None
    target_token: str | None = None
    task: str | None = None  # key of config's task_specific_params whose settings apply


def prompt(languages: Languages | None, source: str, target: str) -> Prompt:
    """The prompt for ``source`` → ``target`` (ISO codes), or a plain one for unknown models."""
    if languages is None:
        return Prompt()
    if languages.kind == "prefixed":
        task = next(
            (
                f"translation_{s}_to_{t}"
                for s, t in languages.prefixes
                if (s, t) == (source, target)
            ),
            None,
        )
        return Prompt(prefix=languages.prefixes.get((source, target), ""), task=task)
    if languages.kind == "bilingual":
        token = languages.codes.get(target)
        return Prompt(prefix=f"{token} " if token else "")
    return Prompt(
        source_token=languages.codes.get(source), target_token=languages.codes.get(target)
    )


def is_translator(folder: ModelFolder) -> bool:
    return folder.is_generative and (folder.model_type == "marian" or languages(folder) is not None)


def languages(folder: ModelFolder) -> Languages | None:
    """The languages ``folder`` translates, or None when it is no translator or they are unknown."""
    if not folder.is_generative:
        return None
    kind = folder.model_type
    if kind == "marian":
        return _marian(folder)
    if kind in ("m2m_100", "m2m100", "nllb-moe", "mbart"):
        return _coded(folder)
    if kind in ("t5", "mt5"):
        return _t5(folder)
    return None


def _names(folder: ModelFolder) -> list[str]:
    """Names the model goes by: its folder, then the hub id it was saved from."""
    names = [folder.name]
    for key in ("_name_or_path", "name_or_path"):
        value = folder.config.get(key)
        if isinstance(value, str) and value:
            names.append(value.rstrip("/").rsplit("/", 1)[-1])
    return names


def _marian(folder: ModelFolder) -> Languages | None:
    pair: tuple[str, str] | None = None
    for name in _names(folder):
        found = _OPUS.search(name)
        if found:
            pair = (found.group(1), found.group(2))
            break
    if pair is None:
        tok_config = _small_configs(folder)[0]
        src, tgt = tok_config.get("source_lang"), tok_config.get("target_lang")
        if isinstance(src, str) and isinstance(tgt, str) and src and tgt:
            pair = (src, tgt)
    if pair is None:
        return None
    src, tgt = pair
    # Multi-target models (opus-mt-en-ROMANCE, and opus-mt-en-zh among others) want a
    # >>xx<< token before the text naming the target.
    codes: dict[str, str] = {}
    for token in _vocabulary(folder.tokenizer_file):
        found = _MARIAN_TARGET.match(token)
        if found:
            codes.setdefault(to_iso(found.group(1)), token)
    sources = _group(src)
    targets = frozenset(codes) if codes else _group(tgt)
    if not sources or not targets:
        return None
    return Languages("bilingual", sources, targets, codes)


def _is_group(code: str) -> bool:
    # opus-mt names language groups in capitals (ROMANCE, ZH) or as "mul" / three-letter
    # family codes; a plain code is two or three lowercase letters.
    return not re.fullmatch(r"[a-z]{2,3}", code) or code == "mul"


def _group(code: str) -> frozenset[str]:
    """The languages an opus-mt name part stands for; empty for a group we cannot expand."""
    return frozenset() if _is_group(code) else frozenset({to_iso(code)})


def _coded(folder: ModelFolder) -> Languages | None:
    codes: dict[str, str] = {}
    traditional: str | None = None
    for token in _special_tokens(folder):
        iso = _code_language(token)
        if iso is not None:
            codes.setdefault(iso, token)
            if iso == "zh" and is_traditional(token):
                traditional = token
    if len(codes) < 2:
        return None
    everything = frozenset(codes)
    sources, targets = everything, everything
    if traditional is not None:  # (a target only: text in either script is read as zh)
        codes[TRADITIONAL_CHINESE] = traditional
        targets = everything | {TRADITIONAL_CHINESE}
    names = " ".join(_names(folder)).lower()
    if "one-to-many" in names and "en" in codes:
        sources = frozenset({"en"})
    elif "many-to-one" in names and "en" in codes:
        targets = frozenset({"en"})
    return Languages("multilingual", sources, targets, codes)


def _code_language(token: str) -> str | None:
    for pattern in (_M2M, _NLLB):
        found = pattern.match(token)
        if found:
            return to_iso(found.group(1))
    if _MBART.match(token):
        return _MBART_ALIASES.get(token, to_iso(token))
    return None


def _t5(folder: ModelFolder) -> Languages | None:
    params = folder.config.get("task_specific_params")
    if not isinstance(params, dict):
        return None
    prefixes: dict[tuple[str, str], str] = {}
    for key, value in params.items():
        found = _T5_TASK.match(str(key))
        if found and isinstance(value, dict):
            pair = (to_iso(found.group(1)), to_iso(found.group(2)))
            prefixes[pair] = str(value.get("prefix", ""))
    if not prefixes:
        return None
    sources = frozenset(s for s, _ in prefixes)
    targets = frozenset(t for _, t in prefixes)
    return Languages("prefixed", sources, targets, prefixes=prefixes)


def _special_tokens(folder: ModelFolder) -> list[str]:
    """Additional special tokens from the small config files, else tokenizer.json's added
    tokens (language codes live there in every layout we know)."""
    tokens: list[str] = []
    for config in _small_configs(folder):
        listed = config.get("additional_special_tokens")
        if isinstance(listed, list):
            tokens.extend(_content(t) for t in listed if _content(t))
    if tokens:
        return tokens
    return list(_added_tokens(folder.tokenizer_file))


def _content(token: object) -> str:
    if isinstance(token, str):
        return token
    if isinstance(token, dict) and isinstance(token.get("content"), str):
        return str(token["content"])
    return ""


def _small_configs(folder: ModelFolder) -> tuple[dict[str, Any], dict[str, Any]]:
    """tokenizer_config.json and special_tokens_map.json as the folder parsed them; {} for one
    that is damaged: loading the model names the bad file, here it only hides languages."""
    try:
        tok_config = folder.tokenizer_config
    except ModelInvalid:
        tok_config = {}
    try:
        special_map = folder.special_tokens_map
    except ModelInvalid:
        special_map = {}
    return tok_config, special_map


def _json(path: Path, max_bytes: int = MAX_CONFIG_BYTES) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        return read_json_object(path, max_bytes=max_bytes)
    except ModelInvalid:
        return {}  # loading the model names the bad file; here it only hides languages


def _tokenizer_spec(path: Path) -> dict[str, Any]:
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return {}
    return _cached_spec(path, stamp)


@functools.lru_cache(maxsize=32)
def _cached_spec(path: Path, _stamp: int) -> dict[str, Any]:
    # tokenizer.json can be tens of MB (NLLB); parse it once per file version.
    return _json(path, MAX_TOKENIZER_BYTES)


def _added_tokens(path: Path) -> tuple[str, ...]:
    added = _tokenizer_spec(path).get("added_tokens")
    if not isinstance(added, list):
        return ()
    return tuple(_content(t) for t in added if _content(t))


def _vocabulary(path: Path) -> tuple[str, ...]:
    """Every token of tokenizer.json: added tokens and the model's vocabulary."""
    spec = _tokenizer_spec(path)
    vocab = spec.get("model", {}).get("vocab") if isinstance(spec.get("model"), dict) else None
    tokens: list[str] = list(_added_tokens(path))
    if isinstance(vocab, dict):
        tokens.extend(str(t) for t in vocab)
    elif isinstance(vocab, list):  # Unigram: [[piece, score], ...]
        tokens.extend(str(item[0]) for item in vocab if isinstance(item, list) and item)
    return tuple(tokens)


__all__ = ["Languages", "Prompt", "is_translator", "languages", "prompt", "to_iso"]
