"""Greedy and beam search over any ``Seq2SeqModel``: a numpy port of ``transformers`` 4.57
``generate()`` for encoder-decoder models (no sampling), token for token, and its settings.

Deliberate differences in *how*, not *what*: rows that are finished (greedy) and batch items
whose beams can no longer change (beam search) leave the decoder batch, where transformers keeps
computing them and throws the result away. Their outputs are frozen at that point in both
implementations, so the tokens are the same; the decoder just does less work. And beam search
scores only each row's best few candidates rather than the whole vocabulary, falling back to
the whole where rounding could make the two disagree (``_continuations``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Literal

import numpy as np

from engine.errors import InputError, ModelInvalid
from engine.options import CancelToken
from engine.runtime import logits as lg
from engine.runtime.backend import FloatArray, IntArray, Seq2SeqModel

OnStep = Callable[[int, list[list[int]]], None]

# transformers marks dead beams and rejected candidates by adding -1e9 in float32.
_NEG = np.float32(-1.0e9)
_ZERO = np.float32(0.0)
# transformers' default max_length: when it is left at this value, generate() allows 20 new tokens.
_DEFAULT_MAX_LENGTH = 20


@dataclass(frozen=True, kw_only=True)
class GenerationSettings:
    """Every generation_config.json field Quire honours, with transformers' defaults.

    Lengths count the decoder start token, as in transformers: ``max_length`` 20 means at most
    19 new tokens. ``max_new_tokens`` / ``min_new_tokens``, when set, take precedence.
    """

    max_length: int = _DEFAULT_MAX_LENGTH
    max_new_tokens: int | None = None
    min_length: int = 0
    min_new_tokens: int | None = None
    num_beams: int = 1
    num_return_sequences: int = 1
    length_penalty: float = 1.0
    early_stopping: bool | Literal["never"] = False
    no_repeat_ngram_size: int = 0
    repetition_penalty: float = 1.0
    bad_words_ids: tuple[tuple[int, ...], ...] = ()
    forced_bos_token_id: int | None = None
    forced_eos_token_id: tuple[int, ...] = ()
    suppress_tokens: tuple[int, ...] = ()
    begin_suppress_tokens: tuple[int, ...] = ()
    renormalize_logits: bool = False
    remove_invalid_values: bool = False
    decoder_start_token_id: int
    eos_token_id: tuple[int, ...]
    pad_token_id: int

    def __post_init__(self) -> None:
        _check_int("max_length", self.max_length, 2)
        _check_int("max_new_tokens", self.max_new_tokens, 1, optional=True)
        _check_int("min_length", self.min_length, 0)
        _check_int("min_new_tokens", self.min_new_tokens, 0, optional=True)
        _check_int("num_beams", self.num_beams, 1)
        _check_int("num_return_sequences", self.num_return_sequences, 1)
        _check_int("no_repeat_ngram_size", self.no_repeat_ngram_size, 0)
        if self.num_return_sequences > self.num_beams:
            raise bad_setting(
                "num_return_sequences",
                self.num_return_sequences,
                f"num_return_sequences ({self.num_return_sequences}) cannot exceed num_beams "
                f"({self.num_beams}): greedy search returns one sequence, beam search at most "
                "one per beam",
            )
        for name in ("length_penalty", "repetition_penalty"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, float) or not math.isfinite(value):
                raise bad_setting(name, value, f"{name} must be a finite number, not {value!r}")
        if self.repetition_penalty <= 0:
            raise bad_setting(
                "repetition_penalty",
                self.repetition_penalty,
                f"repetition_penalty must be above 0, not {self.repetition_penalty}",
            )
        if self.early_stopping not in (True, False, "never") or not isinstance(
            self.early_stopping, (bool, str)
        ):
            raise bad_setting(
                "early_stopping",
                self.early_stopping,
                f'early_stopping must be true, false or "never", not {self.early_stopping!r}',
            )
        for name in ("renormalize_logits", "remove_invalid_values"):
            if not isinstance(getattr(self, name), bool):
                value = getattr(self, name)
                raise bad_setting(name, value, f"{name} must be true or false, not {value!r}")
        _check_int("decoder_start_token_id", self.decoder_start_token_id, 0)
        _check_int("pad_token_id", self.pad_token_id, 0)
        _check_int("forced_bos_token_id", self.forced_bos_token_id, 0, optional=True)
        for name in (
            "eos_token_id",
            "forced_eos_token_id",
            "suppress_tokens",
            "begin_suppress_tokens",
        ):
            _check_ids(name, getattr(self, name))
        if not isinstance(self.bad_words_ids, tuple):
            raise bad_setting(
                "bad_words_ids",
                self.bad_words_ids,
                "bad_words_ids must be a list of token id lists",
            )
        for word in self.bad_words_ids:
            _check_ids("bad_words_ids", word)
            if not word:
                raise bad_setting("bad_words_ids", [], "bad_words_ids may not hold an empty list")

    @property
    def limit(self) -> int:
        """The longest decoder sequence, start token included (generation stops there)."""
        return self.max_new_tokens + 1 if self.max_new_tokens is not None else self.max_length

    @property
    def min_total(self) -> int:
        """EOS is forbidden while the decoder sequence (start token included) is shorter."""
        return self.min_new_tokens + 1 if self.min_new_tokens is not None else self.min_length

    @classmethod
    def from_folder(
        cls, generation: Mapping[str, Any], config: Mapping[str, Any], **overrides: Any
    ) -> GenerationSettings:
        """Settings from a model folder's generation dict (generation_config.json over the
        generation keys of config.json), then ``overrides`` (``None`` values ignored).

        Resolves the special tokens and the default length the way ``generate()`` does. A
        setting the model's own files make unusable is the model's fault: ``ModelInvalid``
        (with the ``generation.*`` id); one only ``overrides`` make so is ``InputError``.
        """
        own = model_settings(generation, config)
        if not any(v is not None for v in overrides.values()):
            return own
        return cls._build(generation, config, **overrides)

    @classmethod
    def _build(
        cls, generation: Mapping[str, Any], config: Mapping[str, Any], **overrides: Any
    ) -> GenerationSettings:
        known = {f.name for f in fields(cls)} | {"bos_token_id"}
        unknown = sorted(set(overrides) - known)
        if unknown:
            raise InputError(f"Unknown generation setting: {', '.join(unknown)}")
        given = {k: v for k, v in overrides.items() if v is not None}
        merged: dict[str, Any] = {k: v for k, v in generation.items() if v is not None}
        merged.update(given)

        eos = _id_tuple("eos_token_id", merged.get("eos_token_id"))
        pad = merged.get("pad_token_id")
        if pad is None:
            if not eos:
                raise InputError(
                    "The model defines neither pad_token_id nor eos_token_id",
                    message_id="generation.no_special_tokens",
                )
            pad = eos[0]
        start = merged.get("decoder_start_token_id", merged.get("bos_token_id"))
        if start is None:
            raise InputError(
                "The model defines neither decoder_start_token_id nor bos_token_id",
                message_id="generation.no_special_tokens",
            )

        max_length = merged.get("max_length", _DEFAULT_MAX_LENGTH)
        if (
            "max_length" not in given
            and merged.get("max_new_tokens") is None
            and max_length == _DEFAULT_MAX_LENGTH
        ):
            # transformers: a max_length left at its default means 20 *new* tokens, capped by
            # the position table.
            max_length += 1
            positions = config.get("max_position_embeddings")
            if isinstance(positions, int) and not isinstance(positions, bool):
                max_length = min(max_length, positions)

        values: dict[str, Any] = {
            "max_length": max_length,
            "decoder_start_token_id": start,
            "eos_token_id": eos,
            "pad_token_id": pad,
            "forced_eos_token_id": _id_tuple(
                "forced_eos_token_id", merged.get("forced_eos_token_id")
            ),
            "suppress_tokens": _id_tuple("suppress_tokens", merged.get("suppress_tokens")),
            "begin_suppress_tokens": _id_tuple(
                "begin_suppress_tokens", merged.get("begin_suppress_tokens")
            ),
            "bad_words_ids": _words(merged.get("bad_words_ids")),
        }
        for name in ("length_penalty", "repetition_penalty"):
            if name in merged:
                value = merged[name]
                is_number = isinstance(value, (int, float)) and not isinstance(value, bool)
                values[name] = float(value) if is_number else value
        for name in (
            "max_new_tokens",
            "min_length",
            "min_new_tokens",
            "num_beams",
            "num_return_sequences",
            "early_stopping",
            "no_repeat_ngram_size",
            "forced_bos_token_id",
            "renormalize_logits",
            "remove_invalid_values",
        ):
            if name in merged:
                values[name] = merged[name]
        return cls(**values)


def model_settings(
    generation: Mapping[str, Any], config: Mapping[str, Any], path: Path | None = None
) -> GenerationSettings:
    """A seq2seq model's own generation settings (its generation_config.json, or config.json's
    generation keys), checked: one the model makes unusable raises ``ModelInvalid``, as at
    import, naming the setting (``generation.*`` ids)."""
    try:
        return GenerationSettings._build(generation, config)
    except InputError as exc:
        raise ModelInvalid(
            f"The model's own generation settings cannot be used: {exc.message}",
            path=path,
            hint="Import the model again from a complete folder or archive",
            message_id=exc.message_id,
            params=exc.params,
        ) from None


def bad_setting(name: str, value: object, message: str) -> InputError:
    """A generation setting (of the model's generation_config.json, or asked for) that cannot
    be used; the app names the setting and its value."""
    shown = repr(value)
    return InputError(
        message,
        message_id="generation.bad_setting",
        params={"setting": name, "value": shown if len(shown) <= 60 else f"{shown[:57]}..."},
    )


def _check_int(name: str, value: object, minimum: int, *, optional: bool = False) -> None:
    if value is None and optional:
        return
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise bad_setting(
            name, value, f"{name} must be an integer of at least {minimum}, not {value!r}"
        )


def _check_ids(name: str, ids: object) -> None:
    if not isinstance(ids, tuple):
        raise bad_setting(name, ids, f"{name} must be a list of token ids, not {ids!r}")
    for token in ids:
        _check_int(name, token, 0)


def _id_tuple(name: str, value: object) -> tuple[int, ...]:
    if value is None:
        return ()
    if isinstance(value, int) and not isinstance(value, bool):
        return (value,)
    if isinstance(value, (list, tuple)):
        return tuple(value)
    raise bad_setting(name, value, f"{name} must be a token id or a list of them, not {value!r}")


def _words(value: object) -> tuple[tuple[int, ...], ...]:
    if value is None:
        return ()
    if not isinstance(value, (list, tuple)) or not all(isinstance(w, (list, tuple)) for w in value):
        raise bad_setting(
            "bad_words_ids", value, f"bad_words_ids must be a list of token id lists, not {value!r}"
        )
    return tuple(tuple(w) for w in value)


def processors(settings: GenerationSettings) -> list[lg.Processor]:
    """The processors transformers' ``_get_logits_processor`` builds, in its order."""
    s = settings
    out: list[lg.Processor] = []
    if s.repetition_penalty != 1.0:
        out.append(lg.RepetitionPenalty(s.repetition_penalty))
    if s.no_repeat_ngram_size > 0:
        out.append(lg.NoRepeatNGram(s.no_repeat_ngram_size))
    if s.bad_words_ids:
        out.append(lg.NoBadWords(s.bad_words_ids, s.eos_token_id))
    # transformers adds MinLength and MinNewTokensLength; with min_new_tokens set both forbid
    # EOS below the same length, and a length of 1 never triggers.
    if s.eos_token_id and s.min_total > 1:
        out.append(lg.MinLength(s.min_total, s.eos_token_id))
    if s.forced_bos_token_id is not None:
        out.append(lg.ForcedBOS(s.forced_bos_token_id))
    if s.forced_eos_token_id:
        out.append(lg.ForcedEOS(s.limit, s.forced_eos_token_id))
    if s.remove_invalid_values:
        out.append(lg.RemoveInvalid())
    if s.suppress_tokens:
        out.append(lg.SuppressTokens(s.suppress_tokens))
    if s.begin_suppress_tokens:
        begin = 1 if s.forced_bos_token_id is None else 2
        out.append(lg.SuppressTokensAtBegin(s.begin_suppress_tokens, begin))
    if s.renormalize_logits:
        out.append(lg.Renormalize())
    return out


def _check_vocab(settings: GenerationSettings, vocab: int) -> None:
    forced = list(settings.forced_eos_token_id)
    if settings.forced_bos_token_id is not None:
        forced.append(settings.forced_bos_token_id)
    beyond = sorted({t for t in forced if t >= vocab})
    if beyond:
        raise InputError(
            f"Forced token ids {beyond} lie beyond the vocabulary of {vocab}",
            message_id="generation.beyond_vocabulary",
            params={"vocab": vocab},
        )


def generate(
    model: Seq2SeqModel,
    input_ids: IntArray,
    attention_mask: IntArray,
    settings: GenerationSettings,
    *,
    cancel: CancelToken | None = None,
    on_step: OnStep | None = None,
) -> list[list[int]]:
    """Generate for a padded batch; one token list per input row and returned sequence.

    Rows come out as transformers orders them (input 0's sequences, best first, then input
    1's...), without the decoder start token, ending with EOS if one was produced. ``on_step``
    gets the number of tokens generated so far and the best partial output of each input row;
    ``cancel`` is checked before the encoder and before every decoder step.
    """
    ids = np.asarray(input_ids)
    mask = np.asarray(attention_mask)
    if ids.ndim != 2 or mask.shape != ids.shape:
        raise InputError(
            f"input_ids and attention_mask must be two arrays of the same (rows, length) shape, "
            f"not {ids.shape} and {mask.shape}"
        )
    if ids.shape[0] == 0:
        return []
    if ids.shape[1] == 0:
        raise InputError("The input holds no tokens")
    ids = ids.astype(np.int64, copy=False)
    mask = mask.astype(np.int64, copy=False)
    if cancel is not None:
        cancel.check()
    if settings.num_beams == 1:
        return _greedy(model, ids, mask, settings, cancel, on_step)
    return _beam_search(model, ids, mask, settings, cancel, on_step)


def _greedy(
    model: Seq2SeqModel,
    ids: IntArray,
    mask: IntArray,
    s: GenerationSettings,
    cancel: CancelToken | None,
    on_step: OnStep | None,
) -> list[list[int]]:
    batch, limit = ids.shape[0], s.limit
    eos = np.asarray(s.eos_token_id, dtype=np.int64)
    procs = processors(s)
    scratch = lg.Scratch()
    seqs = np.full((batch, limit), s.pad_token_id, dtype=np.int64)
    seqs[:, 0] = s.decoder_start_token_id
    lengths = np.full(batch, limit, dtype=np.int64)  # final lengths, start token included
    live = np.arange(batch)  # input rows still generating, in decoder-batch order
    tokens = seqs[:, 0].copy()
    state = model.start(ids, mask, expand=1)
    cur_len = 1
    while True:
        if cancel is not None:
            cancel.check()
        logits = state.step(tokens)
        if cur_len == 1:
            _check_vocab(s, logits.shape[1])
        if procs:
            scores = scratch.get("scores", logits.shape, np.float32)
            np.copyto(scores, logits)  # the processors write in place
            scores = lg.apply(procs, seqs[live, :cur_len], scores)
        else:
            scores = np.asarray(logits, dtype=np.float32)
        chosen = scores.argmax(axis=1)  # first maximum on ties, like torch.argmax
        seqs[live, cur_len] = chosen
        cur_len += 1
        ended = np.isin(chosen, eos)
        lengths[live[ended]] = cur_len
        if on_step is not None:
            ends = np.minimum(lengths, cur_len)
            on_step(cur_len - 1, [seqs[r, 1 : ends[r]].tolist() for r in range(batch)])
        if cur_len >= limit or ended.all():
            break
        if ended.any():
            # A finished row would only be fed padding from now on: drop it from the batch.
            keep = np.flatnonzero(~ended)
            state.reorder(keep)
            live, chosen = live[keep], chosen[keep]
        tokens = chosen
    return [seqs[r, 1 : lengths[r]].tolist() for r in range(batch)]


def _top_k(scores: FloatArray, k: int) -> IntArray:
    """Column indices of the ``k`` largest scores of each row, best first (ties: lower index)."""
    width = scores.shape[1]
    if k < width:
        part = np.argpartition(scores, width - k, axis=1)[:, width - k :]
    else:
        part = np.broadcast_to(np.arange(width), scores.shape)
    values = np.take_along_axis(scores, part, axis=1)
    order = np.lexsort((part, -values), axis=1)
    return np.take_along_axis(part, order, axis=1)


def _top_k_wide(scores: FloatArray, k: int) -> IntArray:
    """``_top_k`` for rows of hundreds of thousands of scores (beams x vocabulary).

    The k-th largest block maximum is a floor with at least k scores at or above it, all in
    blocks whose maximum reaches it; only those few blocks are searched. (argpartition over
    the whole row costs ten times more.)
    """
    rows, width = scores.shape
    block = 256
    whole = width // block
    maxima = scores[:, : whole * block].reshape(rows, whole, block).max(axis=2)
    if width % block:
        tail = scores[:, whole * block :].max(axis=1, keepdims=True)
        maxima = np.concatenate([maxima, tail], axis=1)
    blocks = maxima.shape[1]
    if blocks <= k:
        return _top_k(scores, k)
    floor = np.partition(maxima, blocks - k, axis=1)[:, blocks - k]
    if not np.isfinite(floor).all():
        # Fewer than k blocks hold a finite score (the forced-EOS step, say): every block would
        # be a hit and the whole row would take the slow path below.
        return _top_k(scores, k)
    hit_row, hit_block = np.nonzero(maxima >= floor[:, None])
    cols = hit_block[:, None] * block + np.arange(block)
    inside = cols < width
    cols = np.minimum(cols, width - 1)
    values = scores[hit_row[:, None], cols]
    keep = inside & (values >= floor[hit_row][:, None])
    row = np.broadcast_to(hit_row[:, None], cols.shape)[keep]
    col, value = cols[keep], values[keep]
    if (np.bincount(row, minlength=rows) < k).any():  # NaN scores: no floor to trust
        return _top_k(scores, k)
    order = np.lexsort((col, -value, row))  # by row, best first, lower index on ties
    row, col = row[order], col[order]
    starts = np.searchsorted(row, np.arange(rows))
    top: IntArray = col[starts[:, None] + np.arange(k)]
    return top


# _row_top searches each row in blocks of this many columns.
_GROUP = 256


def _row_top(scores: FloatArray, k: int, maxima: FloatArray | None = None) -> IntArray | None:
    """Columns of the ``k`` largest scores of each row, best first, the lower column first on
    ties (-inf included: the lowest-numbered -inf columns fill a row with fewer than ``k``
    finite scores). None when a row holds NaN.

    ``maxima``: ``lg.block_maxima(scores, _GROUP)`` or of scores at or above them (before -inf
    masking, say). The k-th largest group maximum is a floor with (when the maxima are exact)
    at least k scores at or above it, all in groups whose maximum reaches it: only those few
    groups are searched.
    """
    rows, width = scores.shape
    w = width // _GROUP
    if w <= k:
        if np.isnan(scores).any():
            return None
        order = np.argsort(-scores, axis=1, kind="stable")  # -x: descending, stable on ties
        top: IntArray = order[:, :k]
        return top
    given = maxima is not None
    if maxima is None:
        maxima = lg.block_maxima(scores, _GROUP)
    if np.isnan(maxima).any():
        return None
    groups = maxima.shape[1]
    floor = np.partition(maxima, groups - k, axis=1)[:, groups - k]
    sparse = floor == -np.inf  # fewer than k groups hold a finite score
    floor = np.where(sparse, np.float32(np.finfo(np.float32).min), floor)
    hit_row, hit_group = np.nonzero(maxima >= floor[:, None])
    # Copy the hit blocks whole (contiguous runs), then look inside them.
    found_row, found_col = [], []
    whole = hit_group < w
    blocks = scores[:, : _GROUP * w].reshape(rows, w, _GROUP)
    tail = scores[:, _GROUP * w :]
    for hits, start, values in (
        (whole, hit_group[whole] * _GROUP, blocks[hit_row[whole], hit_group[whole]]),
        (~whole, _GROUP * w, tail[hit_row[~whole]]),
    ):
        at, offset = np.nonzero(values >= floor[hit_row[hits]][:, None])
        found_row.append(hit_row[hits][at])
        found_col.append((start[at] if isinstance(start, np.ndarray) else start) + offset)
    row, col = np.concatenate(found_row), np.concatenate(found_col)
    value = scores[row, col]
    counts = np.bincount(row, minlength=rows)
    short = counts < k
    if (short & ~sparse).any():
        # Maxima from before masking overstated a group: count again on the scores themselves.
        return _row_top(scores, k) if given else None
    if short.any():
        # Rows with fewer than k finite scores: the lowest-numbered -inf columns come next.
        fill_row, fill_col = [row], [col]
        for r in np.flatnonzero(short):
            need = k - int(counts[r])
            fill_col.append(np.flatnonzero(scores[r] == -np.inf)[:need])
            fill_row.append(np.full(need, r))
        row, col = np.concatenate(fill_row), np.concatenate(fill_col)
        value = scores[row, col]
    order = np.lexsort((col, -value, row))  # by row, best first, lower column on ties
    row, col = row[order], col[order]
    starts = np.searchsorted(row, np.arange(rows))
    top = col[starts[:, None] + np.arange(k)]
    return top


def _continuations(
    logits: FloatArray,
    procs: list[lg.Processor],
    sequences: IntArray,
    run_scores: FloatArray,
    keep_k: int,
    scratch: lg.Scratch,
) -> tuple[IntArray, FloatArray]:
    """The ``keep_k`` best continuations of each batch item over all its beams: indices into
    its beams x vocabulary, and their scores (log-softmax, processors, plus the beam score).

    transformers computes the score of every entry and takes the top k of each item. Here,
    where the processors only mask (``lg.masks_only``), they run on the raw logits and each
    row's best ``keep_k + 1`` columns are found there (log-softmax keeps a row's order);
    only those get a score, with the same float32 operations: ((x - max) - log(sum)) + beam.
    When rounding makes a row's ``keep_k``-th and next scores equal, the candidates might not
    be the ones transformers ranks first, so that step scores every entry as transformers
    does. ``logits`` (rows = items x beams, vocab) is written into.
    """
    rows, vocab = logits.shape
    n, beams = run_scores.shape
    offset = run_scores.reshape(rows, 1)
    length = sequences.shape[1]
    fused = lg.masks_only(procs, length) and bool(np.isfinite(offset).all())
    norm: lg.Normalizer | None = None
    if fused:
        norm = lg.log_normalizer(logits, _GROUP)
        raw = lg.apply(procs, sequences, logits)
    else:
        raw = lg.log_softmax(
            logits, out=scratch.get("scores", logits.shape, np.float32), scratch=scratch
        )
        raw = lg.apply(procs, sequences, raw)
    # Twice keep_k per row, so that ties at the edge (int8 logits have them) rarely fall back.
    width = 2 * keep_k
    maxima = None if norm is None else norm.maxima
    cols = _row_top(raw, width, maxima) if np.isfinite(offset).all() else None
    if cols is not None:
        values = np.take_along_axis(raw, cols, axis=1)
        scores = values
        if norm is not None:
            scores = (scores - norm.top) - norm.log_total
        scores = scores + offset  # in raw order, so never increasing along a row
        # Every other entry of a row scores at most its last candidate's score; exact when
        # that is below the keep_k-th (or is a -inf past the row's finite ones, which
        # _row_top fills with the lowest columns, as transformers would take them).
        if ((scores[:, keep_k - 1] > scores[:, -1]) | (values[:, -1] == -np.inf)).all():
            flat = (np.arange(rows) % beams)[:, None] * vocab + cols
            flat = flat.reshape(n, beams * width)
            cand = scores.reshape(n, beams * width)
            order = np.lexsort((flat, -cand), axis=1)[:, :keep_k]
            return np.take_along_axis(flat, order, axis=1), np.take_along_axis(cand, order, axis=1)
    if norm is not None:
        raw -= norm.top
        raw -= norm.log_total
    raw += offset
    total = raw.reshape(n, beams * vocab)
    best = _top_k_wide(total, keep_k)
    return best, np.take_along_axis(total, best, axis=1)


def _beam_search(
    model: Seq2SeqModel,
    ids: IntArray,
    mask: IntArray,
    s: GenerationSettings,
    cancel: CancelToken | None,
    on_step: OnStep | None,
) -> list[list[int]]:
    """transformers' vectorized ``_beam_search`` (4.57), with finished batch items dropped."""
    batch, beams, limit = ids.shape[0], s.num_beams, s.limit
    eos = np.asarray(s.eos_token_id, dtype=np.int64)
    # Candidates kept per step: enough that num_beams survive even if the best all end.
    keep_k = max(2, 1 + len(eos)) * beams
    in_top_beams = np.arange(keep_k) < beams  # only these may become finished hypotheses
    penalty = s.length_penalty
    procs = processors(s)
    scratch = lg.Scratch()

    items = np.arange(batch)  # input rows still searching, in decoder-batch order
    run_seqs = np.full((batch, beams, limit), s.pad_token_id, dtype=np.int64)
    run_seqs[:, :, 0] = s.decoder_start_token_id
    # Only the first beam is alive at the start, so the beams do not all pick the same tokens.
    run_scores = np.zeros((batch, beams), dtype=np.float32)
    run_scores[:, 1:] = _NEG
    fin_seqs = run_seqs.copy()
    fin_scores = np.full((batch, beams), _NEG, dtype=np.float32)
    fin_lens = np.ones((batch, beams), dtype=np.int64)
    fin_done = np.zeros((batch, beams), dtype=bool)
    can_improve = np.ones(batch, dtype=bool)
    results: dict[int, list[list[int]]] = {}

    def hypotheses(i: int) -> list[list[int]]:
        return [fin_seqs[i, j, 1 : fin_lens[i, j]].tolist() for j in range(s.num_return_sequences)]

    state = model.start(ids, mask, expand=beams)
    tokens = run_seqs[:, :, 0].reshape(-1)
    cur_len = 1
    while True:
        if cancel is not None:
            cancel.check()
        logits = state.step(tokens)
        n = len(items)
        vocab = logits.shape[1]
        if cur_len == 1:
            _check_vocab(s, vocab)
        # a-b. log-probabilities, processed, plus the running beam scores: the best keep_k
        # continuations over all beams of an item. Like transformers, go to float32 before
        # anything else (fp16 models).
        logits = logits if logits.dtype == np.float32 else logits.astype(np.float32)
        sequences = run_seqs[:, :, :cur_len].reshape(n * beams, cur_len)
        top, top_scores = _continuations(logits, procs, sequences, run_scores, keep_k, scratch)
        source, token = top // vocab, top % vocab
        rows = np.arange(n)[:, None]
        cand = run_seqs[rows, source]  # (n, keep_k, limit)
        cand[:, :, cur_len] = token
        ends = np.isin(token, eos) | (cur_len + 1 >= limit)
        # c. the best num_beams unfinished continuations run on
        open_scores = top_scores + np.where(ends, _NEG, _ZERO)
        pick = _top_k(open_scores, beams)
        run_seqs = cand[rows, pick]
        run_scores = np.take_along_axis(open_scores, pick, axis=1)
        run_source = np.take_along_axis(source, pick, axis=1)
        # d. finished continuations among the top num_beams compete for the finished slots.
        # transformers also adds -1e9 to items that cannot improve or (early_stopping=True)
        # are full; such items have left the batch here, so those terms are zero.
        just_done = ends & in_top_beams
        scored = top_scores / np.float32(cur_len**penalty)  # cur_len = new length - start token
        scored = scored + np.where(just_done, _ZERO, _NEG)
        merged_scores = np.concatenate([fin_scores, scored], axis=1)
        pick = _top_k(merged_scores, beams)
        fin_scores = np.take_along_axis(merged_scores, pick, axis=1)
        fin_seqs = np.concatenate([fin_seqs, cand], axis=1)[rows, pick]
        new_lens = np.full((n, keep_k), cur_len + 1, dtype=np.int64)
        fin_lens = np.take_along_axis(np.concatenate([fin_lens, new_lens], axis=1), pick, axis=1)
        fin_done = np.take_along_axis(np.concatenate([fin_done, just_done], axis=1), pick, axis=1)
        cur_len += 1
        # e. can the best running beam still beat the worst finished hypothesis?
        # ("never" with a positive length penalty assumes the beams may run to the limit.)
        never = s.early_stopping == "never" and penalty > 0.0
        best_length = limit - 1 if never else cur_len - 1
        best_running = run_scores[:, :1] / np.float32(best_length**penalty)
        worst_done = np.where(fin_done, fin_scores.min(axis=1, keepdims=True), _NEG)
        can_improve &= (best_running > worst_done).any(axis=1)
        settled = ~can_improve
        if s.early_stopping is True:
            settled |= fin_done.all(axis=1)
        last = cur_len >= limit or bool(settled.all())
        for i in np.flatnonzero(settled | last):
            results[int(items[i])] = hypotheses(int(i))
        if on_step is not None:
            # The best hypothesis of a settled item, else the best running beam.
            best = {int(item): run_seqs[i, 0, 1:cur_len].tolist() for i, item in enumerate(items)}
            on_step(cur_len - 1, [results[r][0] if r in results else best[r] for r in range(batch)])
        if last:
            break
        # f. reorder the decoder rows to follow the surviving beams, dropping settled items
        keep = np.flatnonzero(~settled)
        decoder_rows = (keep[:, None] * beams + run_source[keep]).reshape(-1)
        if len(decoder_rows) != n * beams or (decoder_rows != np.arange(n * beams)).any():
            state.reorder(decoder_rows)
        items, run_seqs, run_scores = items[keep], run_seqs[keep], run_scores[keep]
        fin_seqs, fin_scores, fin_lens = fin_seqs[keep], fin_scores[keep], fin_lens[keep]
        fin_done, can_improve = fin_done[keep], can_improve[keep]
        tokens = run_seqs[:, :, cur_len - 1].reshape(-1)
    return [seq for r in range(batch) for seq in results[r]]


__all__ = ["GenerationSettings", "generate", "processors"]
