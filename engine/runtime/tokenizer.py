"""Turn text into padded model inputs exactly as transformers' fast tokenizer does, and back.

Wraps ``tokenizers`` over the folder's ``tokenizer.json`` plus the settings transformers reads
from ``tokenizer_config.json`` / ``special_tokens_map.json`` / ``config.json``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from engine.errors import InputError, ModelInvalid
from engine.runtime.backend import IntArray
from engine.runtime.jsonfile import MAX_TOKENIZER_BYTES, read_json_bytes
from engine.runtime.manifest import ModelFolder

Truncation = Literal["longest_first", "only_second"]

# transformers' fast tokenizer classes rewrite parts of tokenizer.json from tokenizer_config.json
# when they are constructed; we repeat that here so the same folder tokenizes identically.
# Families whose BertNormalizer is rebuilt from do_lower_case / strip_accents /
# tokenize_chinese_chars (defaults True, None, True).
_BERT_NORMALIZER_FAMILIES = frozenset(
    {
        "bert",
        "convbert",
        "distilbert",
        "electra",
        "funnel",
        "layoutlm",
        "lxmert",
        "mobilebert",
        "roformer",
        "squeezebert",
    }
)
# Families whose post-processor is rebuilt from add_prefix_space / trim_offsets, with the class
# defaults (add_prefix_space, trim_offsets).
_BYTE_LEVEL_FAMILIES: dict[str, tuple[bool, bool]] = {
    "bart": (False, True),
    "blenderbot": (False, True),
    "layoutlmv3": (True, True),
    "led": (False, True),
    "longformer": (False, True),
    "markuplm": (False, False),
    "mvp": (False, True),
    "roberta": (False, True),
}
# Positions of these families start after the padding index (fairseq heritage).
_OFFSET_POSITIONS = frozenset({"roberta", "xlm-roberta", "camembert", "longformer"})
# transformers' "no limit" marker in tokenizer_config.json is 1e30; anything this large is unset.
_UNSET_LENGTH = 10**9
# What decoding gives for bytes that are not (yet) a whole character: a character whose bytes
# span tokens shows as this until its last token comes (streamed text holds it back).
REPLACEMENT = "\ufffd"
_SPECIAL_NAMES = ("bos", "eos", "unk", "sep", "pad", "cls", "mask")


# A lone surrogate: half a UTF-16 pair, or a byte kept by surrogateescape.
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class Batch:
    """A padded batch: every array has shape (batch, seq) except ``offsets`` (batch, seq, 2).

    ``offsets`` are character spans into the text each token came from: the first text or,
    where ``sequence_ids`` is 1, the paired text. ``sequence_ids`` is -1 for special tokens
    and padding. ``token_type_ids`` is None for models that take none.
    """

    input_ids: IntArray
    attention_mask: IntArray
    token_type_ids: IntArray | None
    offsets: IntArray
    sequence_ids: IntArray
    # Word index of each token within its text (the pre-tokenizer's words); -1 for special
    # tokens and padding. Extractive QA widens answers to whole words with it.
    word_ids: IntArray | None = None

    def inputs(self) -> dict[str, IntArray]:
        """The arrays a model takes, by input name."""
        out = {"input_ids": self.input_ids, "attention_mask": self.attention_mask}
        if self.token_type_ids is not None:
            out["token_type_ids"] = self.token_type_ids
        return out

    def __len__(self) -> int:
        return int(self.input_ids.shape[0])


def _token_text(value: object) -> str | None:
    """A special token as tokenizer_config writes it: a string or a serialized AddedToken."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and isinstance(value.get("content"), str):
        return str(value["content"])
    return None


def _family(tok_config: dict[str, Any], config: dict[str, Any]) -> str:
    """The tokenizer family AutoTokenizer would pick: tokenizer_class first, else model_type."""
    cls = str(tok_config.get("tokenizer_class") or config.get("tokenizer_class") or "")
    if cls:
        return cls.removesuffix("Fast").removesuffix("Tokenizer").lower()
    return str(config.get("model_type", "")).replace("-", "").replace("_", "").lower()


def _align_with_transformers(backend: Any, tok_config: dict[str, Any], family: str) -> None:
    """Apply the tokenizer_config.json settings transformers' fast classes apply on load, to
    the loaded tokenizer's components in place (parsing tokenizer.json once, in Rust: a
    256,000-piece vocabulary took three parses through Python's json before)."""
    normalizer = backend.normalizer
    if family in _BERT_NORMALIZER_FAMILIES and type(normalizer).__name__ == "BertNormalizer":
        normalizer.lowercase = bool(tok_config.get("do_lower_case", True))
        normalizer.strip_accents = tok_config.get("strip_accents")
        normalizer.handle_chinese_chars = bool(tok_config.get("tokenize_chinese_chars", True))
    prefix_default, trim_default = _BYTE_LEVEL_FAMILIES.get(family, (False, True))
    add_prefix_space = bool(tok_config.get("add_prefix_space", prefix_default))
    # Every fast tokenizer resets a top-level pre-tokenizer's add_prefix_space.
    pre = backend.pre_tokenizer
    if pre is not None and _has_setting(pre, "add_prefix_space"):
        pre.add_prefix_space = add_prefix_space
    post = backend.post_processor
    if family in _BYTE_LEVEL_FAMILIES and post is not None:
        if _has_setting(post, "add_prefix_space"):
            post.add_prefix_space = add_prefix_space
        if _has_setting(post, "trim_offsets"):
            post.trim_offsets = bool(tok_config.get("trim_offsets", trim_default))
    # transformers sets truncation and padding on every call; the file's defaults never apply.
    backend.no_truncation()
    backend.no_padding()


def _has_setting(component: Any, name: str) -> bool:
    """Whether the component's own JSON has ``name`` (as the file would show it), not merely
    a Python attribute the binding exposes on every kind."""
    try:
        state = json.loads(component.__getstate__())
    except (AttributeError, TypeError, ValueError):
        return False
    return isinstance(state, dict) and name in state


class TextTokenizer:
    """The folder's tokenizer, configured the way transformers configures it."""

    def __init__(
        self,
        backend: Any,
        *,
        special_tokens: dict[str, int],
        model_max_length: int,
        padding_side: Literal["left", "right"],
        truncation_side: Literal["left", "right"],
        uses_token_type_ids: bool,
        clean_up_spaces: bool,
        lowercase_input: bool = False,
        path: Path,
    ) -> None:
        self._backend = backend
        self.special_tokens = special_tokens
        self.model_max_length = model_max_length
        self.padding_side = padding_side
        self.truncation_side = truncation_side
        self.uses_token_type_ids = uses_token_type_ids
        self._clean_up_spaces = clean_up_spaces
        self._lowercase_input = lowercase_input
        self._path = path
        added = backend.get_added_tokens_decoder()
        self.all_special_ids = frozenset(
            [int(i) for i, tok in added.items() if tok.special] + list(special_tokens.values())
        )

    @classmethod
    def load(cls, folder: ModelFolder) -> TextTokenizer:
        from tokenizers import Tokenizer

        path = folder.tokenizer_file
        tok_config = folder.tokenizer_config
        special_map = folder.special_tokens_map
        st_config = folder.sentence_bert_config
        data = read_json_bytes(path, max_bytes=MAX_TOKENIZER_BYTES)
        try:
            backend = Tokenizer.from_buffer(data)
        except Exception as exc:  # tokenizers raises plain Exception subclasses
            raise ModelInvalid(
                f"tokenizer.json cannot be loaded: {exc}",
                path=path,
                message_id="model.bad_tokenizer",
            ) from exc
        file_padding = backend.padding
        _align_with_transformers(backend, tok_config, _family(tok_config, folder.config))

        special: dict[str, int] = {}
        for name in _SPECIAL_NAMES:
            key = f"{name}_token"
            text = _token_text(tok_config.get(key)) or _token_text(special_map.get(key))
            if text is None and name == "pad" and file_padding is not None:
                text = _token_text(file_padding.get("pad_token"))
            token_id = backend.token_to_id(text) if text is not None else None
            if token_id is None and isinstance(folder.config.get(f"{key}_id"), int):
                token_id = int(folder.config[f"{key}_id"])
            if token_id is not None:
                special[name] = int(token_id)

        return cls(
            backend,
            special_tokens=special,
            model_max_length=_max_length(tok_config, st_config, folder.config),
            padding_side=_side(tok_config, "padding_side", path),
            truncation_side=_side(tok_config, "truncation_side", path),
            uses_token_type_ids=_uses_token_type_ids(tok_config, folder.config),
            clean_up_spaces=bool(tok_config.get("clean_up_tokenization_spaces", False)),
            # sentence-transformers lowercases the text itself when its config says so.
            lowercase_input=bool(st_config.get("do_lower_case", False)),
            path=path,
        )

    # -- special tokens -------------------------------------------------------------------
    @property
    def pad_id(self) -> int:
        # Padding is masked out, so any id works when a model declares no pad token.
        return self.special_tokens.get("pad", 0)

    @property
    def bos_id(self) -> int | None:
        return self.special_tokens.get("bos")

    @property
    def eos_id(self) -> int | None:
        return self.special_tokens.get("eos")

    @property
    def unk_id(self) -> int | None:
        return self.special_tokens.get("unk")

    @property
    def cls_id(self) -> int | None:
        return self.special_tokens.get("cls")

    @property
    def sep_id(self) -> int | None:
        return self.special_tokens.get("sep")

    @property
    def mask_id(self) -> int | None:
        return self.special_tokens.get("mask")

    @property
    def vocab_size(self) -> int:
        return int(self._backend.get_vocab_size(with_added_tokens=True))

    def token_to_id(self, token: str) -> int | None:
        found = self._backend.token_to_id(token)
        return None if found is None else int(found)

    def id_to_token(self, token_id: int) -> str | None:
        found = self._backend.id_to_token(int(token_id))
        return None if found is None else str(found)

    # -- encoding -------------------------------------------------------------------------
    def encode_batch(
        self,
        texts: list[str],
        *,
        pairs: list[str] | None = None,
        max_length: int | None = None,
        truncation: Truncation = "longest_first",
        add_special_tokens: bool = True,
    ) -> Batch:
        """Tokenize, truncate to ``max_length`` (default: the model's limit) and pad to the
        longest row, like ``tokenizer(texts, pairs, padding=True, truncation=...)``."""
        if pairs is not None and len(pairs) != len(texts):
            raise InputError(f"Got {len(texts)} texts but {len(pairs)} paired texts")
        if any(not isinstance(t, str) for t in [*texts, *(pairs or [])]):
            raise InputError("Every text must be a string")
        limit = self.model_max_length if max_length is None else max_length
        if limit < 1:
            raise InputError(f"max_length must be at least 1, not {limit}")
        if self._lowercase_input:
            texts = [t.lower() for t in texts]
            pairs = None if pairs is None else [t.lower() for t in pairs]
        # A lone surrogate (bytes a program decoded with surrogateescape) is no text the
        # tokenizer takes ("TextEncodeInput must be Union[…]"): read as U+FFFD, which keeps
        # every offset where it was.
        texts = [_SURROGATE.sub(REPLACEMENT, t) for t in texts]
        pairs = None if pairs is None else [_SURROGATE.sub(REPLACEMENT, t) for t in pairs]
        self._backend.no_padding()
        self._backend.enable_truncation(limit, strategy=truncation, direction=self.truncation_side)
        items: Sequence[str | tuple[str, str]] = (
            list(zip(texts, pairs, strict=True)) if pairs is not None else texts
        )
        try:
            encodings = self._backend.encode_batch(items, add_special_tokens=add_special_tokens)
        except Exception as exc:  # tokenizers raises plain Exception, e.g. on truncation
            raise InputError(
                f"The text cannot be tokenized: {exc}", message_id="model.cannot_tokenize"
            ) from exc
        return self._pad(encodings)

    def _pad(self, encodings: list[Any]) -> Batch:
        rows = len(encodings)
        width = max((len(e.ids) for e in encodings), default=0)
        ids = np.full((rows, width), self.pad_id, dtype=np.int64)
        mask = np.zeros((rows, width), dtype=np.int64)
        types = np.zeros((rows, width), dtype=np.int64)
        offsets = np.zeros((rows, width, 2), dtype=np.int64)
        seq_ids = np.full((rows, width), -1, dtype=np.int64)
        words = np.full((rows, width), -1, dtype=np.int64)
        for row, enc in enumerate(encodings):
            n = len(enc.ids)
            cols = slice(width - n, width) if self.padding_side == "left" else slice(0, n)
            ids[row, cols] = enc.ids
            mask[row, cols] = enc.attention_mask
            types[row, cols] = enc.type_ids
            if n:
                offsets[row, cols] = np.asarray(enc.offsets, dtype=np.int64).reshape(n, 2)
                seq_ids[row, cols] = [-1 if s is None else s for s in enc.sequence_ids]
                words[row, cols] = [-1 if w is None else w for w in enc.word_ids]
        return Batch(
            input_ids=ids,
            attention_mask=mask,
            token_type_ids=types if self.uses_token_type_ids else None,
            offsets=offsets,
            sequence_ids=seq_ids,
            word_ids=words,
        )

    # -- decoding -------------------------------------------------------------------------
    def decode(
        self, ids: Sequence[int] | NDArray[np.integer[Any]], skip_special_tokens: bool = True
    ) -> str:
        """Token ids back to text, like transformers' ``tokenizer.decode``."""
        text = str(
            self._backend.decode([int(i) for i in ids], skip_special_tokens=skip_special_tokens)
        )
        return _clean_up_tokenization(text) if self._clean_up_spaces else text

    def decode_growing(self, ids: Sequence[int]) -> str:
        """The part of ``decode(ids)`` that no later token can change, for streaming a text
        as it grows: each result begins the next one and the final ``decode``.

        A character whose bytes span tokens decodes as U+FFFD until its last byte comes, and
        the clean-up joins a space to what follows it (" n" + "'t" is "n't"): both are held
        back until the next token settles them."""
        if not self._clean_up_spaces:
            return self.decode(ids).rstrip(REPLACEMENT)
        raw = str(self._backend.decode([int(i) for i in ids], skip_special_tokens=True))
        raw = raw.rstrip(REPLACEMENT)
        # Held back on the text before the clean-up: each pattern is a space and at most three
        # characters, so one that starts in the last three characters may still be completed
        # (or, " ' " before a ",", undone) by the next token; before them, none can.
        # Held back from the start of the trailing run of spaces, quotes and the clean-up's
        # punctuation, and the letters after its last space: any pattern a later token can
        # complete or undo (" ' " before a "," is undone: " ," is cleaned first) lies there.
        cut = len(raw)
        space = raw.find(" ", max(0, len(raw) - 3))
        if space >= 0:
            cut = space
        while cut > 0 and raw[cut - 1] in _CLEANED:
            cut -= 1
        return _clean_up_tokenization(raw[:cut])


def _side(tok_config: dict[str, Any], key: str, path: Path) -> Literal["left", "right"]:
    value = tok_config.get(key, "right")
    if value == "left":
        return "left"
    if value == "right":
        return "right"
    raise ModelInvalid(f"tokenizer_config.json: {key} must be 'left' or 'right'", path=path)


def _max_length(
    tok_config: dict[str, Any], st_config: dict[str, Any], config: dict[str, Any]
) -> int:
    """The longest input the model takes: tokenizer_config's model_max_length, capped at the
    position table, and at sentence-transformers' max_seq_length for embedding models."""
    positions = config.get("max_position_embeddings") or config.get("n_positions")
    cap = int(positions) if isinstance(positions, int) and positions > 0 else None
    if cap is not None and config.get("model_type") in _OFFSET_POSITIONS:
        pad = config.get("pad_token_id")
        cap -= (pad if isinstance(pad, int) else 1) + 1
    declared = tok_config.get("model_max_length")
    limit = (
        int(declared) if isinstance(declared, (int, float)) and declared < _UNSET_LENGTH else None
    )
    if limit is None:
        limit = cap if cap is not None else 512
    elif cap is not None:
        limit = min(limit, cap)
    seq = st_config.get("max_seq_length")
    if isinstance(seq, int) and seq > 0:
        limit = min(limit, seq)
    return limit


def _uses_token_type_ids(tok_config: dict[str, Any], config: dict[str, Any]) -> bool:
    names = tok_config.get("model_input_names")
    if isinstance(names, list):
        return "token_type_ids" in names
    # Models with a segment embedding of more than one row take token types (BERT, ELECTRA,
    # ALBERT); DistilBERT, RoBERTa and BART do not.
    return int(config.get("type_vocab_size") or 0) > 1


# What the clean-up's patterns are made of, but their letters.
_CLEANED = frozenset(" '.?!,")


def _clean_up_tokenization(text: str) -> str:
    """transformers' ``clean_up_tokenization``: undo spaces before punctuation and clitics."""
    for before, after in (
        (" .", "."),
        (" ?", "?"),
        (" !", "!"),
        (" ,", ","),
        (" ' ", "'"),
        (" n't", "n't"),
        (" 'm", "'m"),
        (" 's", "'s"),
        (" 've", "'ve"),
        (" 're", "'re"),
    ):
        text = text.replace(before, after)
    return text
