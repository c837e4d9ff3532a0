"""The seq2seq path translate and summarize share: texts in, generated texts out, batched by
length, with the folder's generation settings, progress after every batch, and cancel.

Texts are sorted by length within windows of ``WINDOW`` texts rather than across the whole
document: padding stays small, and the finished part of a long document grows from its start,
so it can be streamed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import fields
from typing import Any

import numpy as np

from engine.errors import ModelInvalid
from engine.options import CancelToken
from engine.runtime.backend import Seq2SeqModel
from engine.runtime.generate import GenerationSettings, generate
from engine.runtime.tokenizer import TextTokenizer
from engine.tasks.context import Loaded, TaskContext
from engine.tasks.languages import Prompt, languages
from engine.text.segment import is_unspaced

BATCH = 16  # texts per generate() call
WINDOW = 8 * BATCH  # texts sorted by length together
_SETTING_NAMES = frozenset(f.name for f in fields(GenerationSettings)) | {"bos_token_id"}
_NO_LIMIT = 10**9

OnBatch = Callable[[list[int], list[str]], None]


_WHITESPACE = re.compile(r"\s+")
# Characters a document holds for its layout, seen by a model as the text they stand in: a
# non-breaking hyphen as a hyphen ("e-mail"), an optional hyphen (where a word may break at
# a line's end) as nothing. A vocabulary seldom holds either: each was an unknown token.
_LAYOUT_CHARACTERS = {0x2011: "-", 0x00AD: None}


def fold(text: str) -> str:
    """Whitespace runs (hard line wraps included) as single spaces, layout hyphens as what
    they stand for (``_LAYOUT_CHARACTERS``): what a model should see.
    A line wrapped between two Chinese or Japanese characters joins them with nothing (a
    space there split 悠久 into "悠 久")."""
    text = text.translate(_LAYOUT_CHARACTERS).strip()

    def space(run: re.Match[str]) -> str:
        start, end = run.span()
        joined = "\n" in run.group() and is_unspaced(text[start - 1]) and is_unspaced(text[end])
        return "" if joined else " "

    return _WHITESPACE.sub(space, text)


class Seq2Seq:
    """A loaded text generator with its prompt: counts tokens, generates for a batch of texts.

    Settings are the folder's generation settings, then the prompt's ``task_specific_params``
    entry (as transformers' pipelines apply it), then ``settings``, then the engine options'
    ``generation`` overrides (tests and benchmarks).
    """

    def __init__(self, loaded: Loaded, prompt: Prompt | None = None, **settings: Any) -> None:
        if loaded.seq2seq is None:
            raise ModelInvalid(
                f"{loaded.folder.name} is not a text generator", path=loaded.folder.path
            )
        self.folder = loaded.folder
        self.used = loaded.used
        self.tokenizer: TextTokenizer = loaded.tokenizer
        self.model: Seq2SeqModel = loaded.seq2seq
        self._overrides = dict(loaded.overrides)
        self.prompt = prompt or Prompt()
        self._base: dict[str, Any] = {**self._task_settings(), **settings}
        if self.prompt.target_token is not None:
            self._base["forced_bos_token_id"] = self._token_id(self.prompt.target_token)
        self._source_id = (
            None if self.prompt.source_token is None else self._token_id(self.prompt.source_token)
        )
        self._code_ids = self._language_code_ids()
        # What the model is built for, and what runs (the same unless overrides are set).
        self.defaults = self._settings({})
        self.settings = self.settings_with()
        empty = self.tokenizer.encode_batch([""], max_length=_NO_LIMIT)
        overhead = int(empty.attention_mask.sum()) + (
            self.count(self.prompt.prefix) if self.prompt.prefix.strip() else 0
        )
        self.window = self.tokenizer.model_max_length
        # Tokens of text one input may hold, after special tokens and the prefix.
        self.room = max(1, self.window - overhead)
        # Tokens the decoder produced over this object's life (EOS included): for tokens/s.
        self.generated = 0

    def settings_with(self, **changes: Any) -> GenerationSettings:
        """The model's settings with ``changes`` (``None`` values ignored), then the overrides."""
        chosen = {k: v for k, v in changes.items() if v is not None}
        return self._settings({**chosen, **self._overrides})

    def _settings(self, changes: dict[str, Any]) -> GenerationSettings:
        merged = {**self._base, **changes}
        return GenerationSettings.from_folder(self.folder.generation, self.folder.config, **merged)

    @property
    def default_new_tokens(self) -> tuple[int, int]:
        """(min, max) new tokens of the model's own settings."""
        return max(0, self.defaults.min_total - 1), self.defaults.limit - 1

    def count(self, text: str) -> int:
        """Tokens of ``text`` as the model sees it, without special tokens."""
        batch = self.tokenizer.encode_batch(
            [fold(text)], max_length=_NO_LIMIT, add_special_tokens=False
        )
        return int(batch.attention_mask.sum())

    def round_trips(self, text: str) -> bool:
        """True when ``text`` survives tokenizing and decoding unchanged (no unknown pieces)."""
        batch = self.tokenizer.encode_batch([text], max_length=_NO_LIMIT, add_special_tokens=False)
        return self.tokenizer.decode(batch.input_ids[0]).strip() == text

    def generate(
        self,
        texts: Sequence[str],
        cancel: CancelToken,
        settings: GenerationSettings | None = None,
    ) -> list[str]:
        """One output text per input text, generated as one batch."""
        if not texts:
            return []
        batch = self.tokenizer.encode_batch([self.prompt.prefix + fold(t) for t in texts])
        ids, mask = batch.input_ids, batch.attention_mask
        if self._source_id is not None:
            ids, mask = self._set_source(ids, mask, batch.sequence_ids)
        rows = generate(self.model, ids, mask, settings or self.settings, cancel=cancel)
        self.generated += sum(len(row) for row in rows)
        return [self.tokenizer.decode(row).strip() for row in rows]

    # -- internals ------------------------------------------------------------------------
    def _task_settings(self) -> dict[str, Any]:
        params = self.folder.config.get("task_specific_params")
        task = self.prompt.task
        if not task or not isinstance(params, dict) or not isinstance(params.get(task), dict):
            return {}
        return {k: v for k, v in params[task].items() if k in _SETTING_NAMES}

    def _token_id(self, token: str) -> int:
        found = self.tokenizer.token_to_id(token)
        if found is None:
            raise ModelInvalid(
                f"The tokenizer has no {token!r} token", path=self.folder.tokenizer_file
            )
        return found

    def _language_code_ids(self) -> frozenset[int]:
        found = languages(self.folder)
        if found is None or found.kind != "multilingual":
            return frozenset()
        ids = (self.tokenizer.token_to_id(code) for code in found.codes.values())
        return frozenset(i for i in ids if i is not None)

    def _set_source(
        self, ids: np.ndarray, mask: np.ndarray, sequence_ids: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Put the source language code where the tokenizer put its default one (M2M100 /
        NLLB / mBART-50 templates add a fixed code); prepend it if the template has none."""
        assert self._source_id is not None
        is_code = (sequence_ids == -1) & np.isin(ids, list(self._code_ids))
        if is_code.any(axis=1).all():
            return np.where(is_code, self._source_id, ids), mask
        column = np.full((ids.shape[0], 1), self._source_id, dtype=ids.dtype)
        return np.hstack([column, ids]), np.hstack([np.ones_like(column), mask])


def run_texts(
    ctx: TaskContext,
    chain: Sequence[Seq2Seq],
    texts: Sequence[str],
    *,
    stage: str,
    batch: int = BATCH,
    by_length: bool = True,
    settings: GenerationSettings | None = None,
    on_batch: OnBatch | None = None,
) -> list[str]:
    """Pass every text through each model of ``chain`` in turn (a pivot is a chain of two).

    Batches go through the whole chain before the next starts, so finished outputs arrive in
    document order, window by window. After each model's pass over a batch a
    ``Progress(stage, done, len(texts) * len(chain))``; after the chain, ``on_batch(indices,
    outputs)``. ``settings`` replaces the model's own (single-model chains only).
    """
    if settings is not None and len(chain) != 1:
        raise ValueError("settings apply to a chain of one model")
    total = len(texts) * len(chain)
    outputs = [""] * len(texts)
    done = 0
    for window in range(0, len(texts), WINDOW):
        order = list(range(window, min(window + WINDOW, len(texts))))
        if by_length:
            order.sort(key=lambda i: len(texts[i]))
        for start in range(0, len(order), batch):
            rows = order[start : start + batch]
            current = [texts[i] for i in rows]
            for model in chain:
                ctx.check()
                current = model.generate(current, ctx.cancel, settings)
                done += len(rows)
                ctx.progress(stage, done, total)
            for row, text in zip(rows, current, strict=True):
                outputs[row] = text
            if on_batch is not None:
                on_batch(rows, current)
    return outputs


__all__ = ["BATCH", "WINDOW", "Seq2Seq", "fold", "run_texts"]
