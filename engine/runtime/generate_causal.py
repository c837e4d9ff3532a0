"""Generate with a decoder-only model as ``transformers.generate`` does: greedy or sampling
(temperature, top-k, top-p, min-p, seeded), repetition penalty and the other processors of
``engine.runtime.logits``, EOS lists and stop strings, one token at a time to a callback.

Greedy is token-identical to transformers on the same weights: the same processors in the same
order over the same float32 logits. Sampling draws from a seeded numpy generator, so a seed
reproduces a run here (not torch's draws).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

import numpy as np
from numpy.typing import NDArray

from engine.errors import InputError
from engine.runtime import logits as lp
from engine.runtime.backend import FloatArray, IntArray
from engine.runtime.generate import bad_setting

NEG_INF = np.float32(-math.inf)
# Prompt tokens per forward pass: the graph returns logits for every position it is fed, so a
# long prompt is fed in slices (a 4k-token prompt at once would be 2.5 GB of logits for a
# 152k vocabulary; 256 at a time is 156 MB).
PREFILL_CHUNK = 256


class CausalCache(Protocol):
    def forward(
        self, input_ids: IntArray, attention_mask: IntArray | None = None, *, last_only: bool = True
    ) -> FloatArray: ...

    @property
    def whole_prompt(self) -> bool:
        """Whether the prompt must go in one call rather than in slices."""
        ...

    def reserve(self, total: int) -> None:
        """Room for ``total`` tokens in all, said before the first ``forward``."""
        ...


class CausalRunner(Protocol):
    def start(self, rows: int) -> CausalCache: ...


class HeldCache(CausalCache, Protocol):
    @property
    def length(self) -> int:
        """Tokens already in the cache."""
        ...


@runtime_checkable
class ResumableRunner(Protocol):
    """A runner that keeps its last one-row cache for a prompt that begins the same way
    (``OnnxCausalLM.resume``)."""

    def resume(self, prompt: Sequence[int], slice_tokens: int) -> HeldCache: ...

    def keep(self, state: Any, prompt: Sequence[int]) -> None: ...


@dataclass(frozen=True, kw_only=True)
class CausalSettings:
    """transformers' GenerationConfig fields that decoder-only generation here honours."""

    max_new_tokens: int = 256
    min_new_tokens: int = 0
    min_length: int = 0  # prompt included, as in transformers
    do_sample: bool = False
    temperature: float = 1.0
    top_k: int = 50
    top_p: float = 1.0
    min_p: float | None = None
    repetition_penalty: float = 1.0
    no_repeat_ngram_size: int = 0
    bad_words_ids: tuple[tuple[int, ...], ...] = ()
    eos_token_id: tuple[int, ...] = ()
    pad_token_id: int | None = None
    stop_strings: tuple[str, ...] = ()
    seed: int | None = None

    def __post_init__(self) -> None:
        if self.max_new_tokens < 1:
            raise bad_setting(
                "max_new_tokens",
                self.max_new_tokens,
                f"max_new_tokens must be at least 1, not {self.max_new_tokens}",
            )
        if self.do_sample:
            if not self.temperature > 0:
                raise bad_setting(
                    "temperature",
                    self.temperature,
                    f"temperature must be above 0, not {self.temperature}",
                )
            if not 0 < self.top_p <= 1:
                raise bad_setting("top_p", self.top_p, f"top_p must be in (0, 1], not {self.top_p}")
            if self.min_p is not None and not 0 <= self.min_p <= 1:
                raise bad_setting("min_p", self.min_p, f"min_p must be in [0, 1], not {self.min_p}")
            if self.top_k < 0:
                raise bad_setting(
                    "top_k", self.top_k, f"top_k must be 0 (off) or more, not {self.top_k}"
                )
        if self.repetition_penalty <= 0:
            raise bad_setting(
                "repetition_penalty",
                self.repetition_penalty,
                f"repetition_penalty must be above 0, not {self.repetition_penalty}",
            )
        if self.seed is not None and not 0 <= self.seed < 2**128:  # (numpy's generators' range)
            raise bad_setting("seed", self.seed, f"seed must be 0 or more, not {self.seed}")


def _ids(value: object) -> tuple[int, ...]:
    if isinstance(value, bool):
        return ()
    if isinstance(value, int):
        return (value,)
    if isinstance(value, list):
        return tuple(int(v) for v in value if isinstance(v, int) and not isinstance(v, bool))
    return ()


def settings_from(generation: Mapping[str, Any], **overrides: Any) -> CausalSettings:
    """Settings from a folder's generation_config.json, with ``overrides`` (None = keep)."""
    base: dict[str, Any] = {}
    g = generation
    for key, kind in (
        ("max_new_tokens", int),
        ("min_new_tokens", int),
        ("min_length", int),
        ("do_sample", bool),
        ("temperature", float),
        ("top_k", int),
        ("top_p", float),
        ("min_p", float),
        ("repetition_penalty", float),
        ("no_repeat_ngram_size", int),
    ):
        if g.get(key) is not None:
            base[key] = kind(g[key])
    base["eos_token_id"] = _ids(g.get("eos_token_id"))
    pad = _ids(g.get("pad_token_id"))
    base["pad_token_id"] = pad[0] if pad else None
    if isinstance(g.get("bad_words_ids"), list):
        base["bad_words_ids"] = tuple(tuple(_ids(w)) for w in g["bad_words_ids"])
    stops = g.get("stop_strings")
    if isinstance(stops, str):
        base["stop_strings"] = (stops,)
    elif isinstance(stops, list):
        base["stop_strings"] = tuple(str(s) for s in stops)
    base.update({k: v for k, v in overrides.items() if v is not None})
    return CausalSettings(**base)


# --- warpers (transformers' sampling processors, in float32 numpy) ------------------------------


@dataclass(frozen=True)
class Temperature:
    temperature: float

    def __call__(self, sequences: IntArray, scores: FloatArray) -> FloatArray:
        # Clamped to float32's range: a huge temperature (1e308) would overflow the cast with a
        # RuntimeWarning; float32's largest flattens the scores the same.
        scores /= np.float32(min(self.temperature, float(np.finfo(np.float32).max)))
        return scores


@dataclass(frozen=True)
class TopK:
    top_k: int

    def __call__(self, sequences: IntArray, scores: FloatArray) -> FloatArray:
        k = min(max(self.top_k, 1), scores.shape[-1])
        kth = np.partition(scores, -k, axis=-1)[:, -k, None]
        scores[scores < kth] = NEG_INF
        return scores


@dataclass(frozen=True)
class TopP:
    top_p: float

    def __call__(self, sequences: IntArray, scores: FloatArray) -> FloatArray:
        order = np.argsort(scores, axis=-1, kind="stable")  # ascending, as transformers
        ordered = np.take_along_axis(scores, order, axis=-1)
        cumulative = np.cumsum(_softmax(ordered), axis=-1)
        remove = cumulative <= np.float32(1 - self.top_p)
        remove[:, -1] = False  # min_tokens_to_keep = 1
        drop = np.zeros_like(remove)
        np.put_along_axis(drop, order, remove, axis=-1)
        scores[drop] = NEG_INF
        return scores


@dataclass(frozen=True)
class MinP:
    min_p: float

    def __call__(self, sequences: IntArray, scores: FloatArray) -> FloatArray:
        probs = _softmax(scores)
        remove = probs < np.float32(self.min_p) * probs.max(axis=-1, keepdims=True)
        best = scores.argmax(axis=-1)
        remove[np.arange(len(scores)), best] = False  # min_tokens_to_keep = 1
        scores[remove] = NEG_INF
        return scores


@dataclass(frozen=True)
class MinNewTokens:
    """Forbid EOS until ``min_new_tokens`` tokens were generated after the prompt."""

    prompt_length: int
    min_new_tokens: int
    eos_token_id: tuple[int, ...]

    def __call__(self, sequences: IntArray, scores: FloatArray) -> FloatArray:
        if sequences.shape[1] - self.prompt_length < self.min_new_tokens:
            scores[:, [e for e in self.eos_token_id if 0 <= e < scores.shape[1]]] = NEG_INF
        return scores


def _softmax(scores: FloatArray) -> FloatArray:
    shifted = scores - scores.max(axis=-1, keepdims=True)
    exp = np.exp(shifted)
    out: FloatArray = exp / exp.sum(axis=-1, keepdims=True, dtype=np.float32)
    return out


def processors(settings: CausalSettings, prompt_length: int) -> list[lp.Processor]:
    """transformers' ``_get_logits_processor`` for decoder-only generation, in its order."""
    s = settings
    out: list[lp.Processor] = []
    if s.repetition_penalty != 1.0:
        out.append(lp.RepetitionPenalty(s.repetition_penalty))
    if s.no_repeat_ngram_size > 0:
        out.append(lp.NoRepeatNGram(s.no_repeat_ngram_size))
    if s.bad_words_ids:
        out.append(lp.NoBadWords(s.bad_words_ids, s.eos_token_id))
    if s.min_length > 0 and s.eos_token_id:
        out.append(lp.MinLength(s.min_length, s.eos_token_id))
    if s.min_new_tokens > 0 and s.eos_token_id:
        out.append(MinNewTokens(prompt_length, s.min_new_tokens, s.eos_token_id))
    if s.do_sample:
        if s.temperature != 1.0:
            out.append(Temperature(s.temperature))
        if s.top_k != 0:
            out.append(TopK(s.top_k))
        if s.top_p < 1.0:
            out.append(TopP(s.top_p))
        if s.min_p is not None:
            out.append(MinP(s.min_p))
    return out


# --- stop strings ----------------------------------------------------------------------------


class StopStrings:
    """transformers' StopStringCriteria on text: stop once a stop string appears in the output
    and overlaps its newest token."""

    def __init__(self, stops: Sequence[str], decode: Callable[[list[int]], str]) -> None:
        self.stops = tuple(s for s in stops if s)
        self.decode = decode
        # Enough tail tokens to hold the longest stop string (a token is at least one byte).
        self.window = max((len(s.encode("utf-8")) for s in self.stops), default=0) + 1

    def hit(self, generated: Sequence[int]) -> bool:
        if not self.stops or not generated:
            return False
        tail = list(generated[-self.window :])
        before = self.decode(tail[:-1])
        after = self.decode(tail)
        # The newest token's text starts where the common prefix of the two decodings ends.
        start = 0
        while start < min(len(before), len(after)) and before[start] == after[start]:
            start += 1
        for stop in self.stops:
            at = after.find(stop, max(0, start - len(stop) + 1))
            if at != -1 and at + len(stop) > start:
                return True
        return False


# --- generation ------------------------------------------------------------------------------


@dataclass
class Generated:
    """The new tokens of each row (prompt excluded; EOS kept when it ended the row)."""

    tokens: list[list[int]] = field(default_factory=list)
    prompt_tokens: int = 0
    stopped: list[str] = field(default_factory=list)  # "eos" | "stop_string" | "length"
    logprobs: list[list[float]] = field(default_factory=list)  # the model's, per new token


def generate(
    model: CausalRunner,
    input_ids: IntArray,
    attention_mask: IntArray | None,
    settings: CausalSettings,
    *,
    decode: Callable[[list[int]], str] | None = None,
    on_token: Callable[[list[int]], None] | None = None,
    check: Callable[[], None] | None = None,
) -> Generated:
    """Generate for a left-padded batch ``input_ids`` (rows, n).

    ``on_token`` gets row 0's new tokens so far after every step (streaming); ``check`` is
    called between steps and may raise ``Cancelled``; ``decode`` is needed for stop strings.
    """
    ids = np.ascontiguousarray(input_ids, dtype=np.int64)
    if ids.ndim != 2 or ids.shape[1] == 0:
        raise InputError("The prompt is empty")
    rows, prompt_length = ids.shape
    mask = (
        np.ones_like(ids)
        if attention_mask is None
        else np.ascontiguousarray(attention_mask, dtype=np.int64)
    )
    if settings.stop_strings and decode is None:
        raise InputError("Stop strings need the tokenizer's decode")
    stops = StopStrings(settings.stop_strings, decode) if decode is not None else None
    procs = processors(settings, prompt_length)
    rng = np.random.default_rng(settings.seed)
    eos = np.asarray(settings.eos_token_id, dtype=np.int64)
    pad = settings.pad_token_id
    if pad is None:
        pad = int(eos[0]) if len(eos) else 0  # as transformers, which warns about it
    # One row without padding: the model may hold this prompt's beginning already, from the
    # last generation (``OnnxCausalLM.resume``: a conversation's next turn), computed exactly
    # as the slices below would compute it.
    one_row = rows == 1 and bool(mask.all())
    runner = model if isinstance(model, ResumableRunner) and one_row else None
    prompt: list[int] = ids[0].tolist() if runner is not None else []
    held = 0  # prompt tokens already in the cache
    if runner is not None:
        resumed = runner.resume(prompt, PREFILL_CHUNK)
        held = int(resumed.length)
        state: CausalCache = resumed
    else:
        state = model.start(rows)
    state.reserve(prompt_length + settings.max_new_tokens)  # never grown by copying
    sequences = ids
    unfinished = np.ones(rows, dtype=bool)
    stopped = ["length"] * rows
    ends = [settings.max_new_tokens] * rows  # new tokens each row kept
    logprobs: list[list[float]] = [[] for _ in range(rows)]
    chunk = prompt_length if state.whole_prompt else PREFILL_CHUNK
    for start in range(held, prompt_length, chunk):
        cols = slice(start, start + chunk)
        logits = state.forward(ids[:, cols], mask[:, cols])
        if check is not None and start + chunk < prompt_length:
            check()
    if runner is not None:
        runner.keep(state, prompt)
    for step in range(settings.max_new_tokens):
        scores = np.array(logits, dtype=np.float32)  # processors write into their input
        scores = lp.apply(procs, sequences, scores)
        if settings.do_sample:
            tokens = _sample(scores, rng)
        else:
            tokens = scores.argmax(axis=-1).astype(np.int64)
        tokens = np.where(unfinished, tokens, pad).astype(np.int64)
        chosen = chosen_logprobs(logits, tokens)
        for row in np.flatnonzero(unfinished):
            logprobs[row].append(float(chosen[row]))
        sequences = np.concatenate([sequences, tokens[:, None]], axis=1)
        for row in np.flatnonzero(unfinished):
            if len(eos) and tokens[row] in eos:
                unfinished[row], stopped[row], ends[row] = False, "eos", step + 1
            elif stops is not None and stops.hit(sequences[row, prompt_length:].tolist()):
                unfinished[row], stopped[row], ends[row] = False, "stop_string", step + 1
        if on_token is not None:
            on_token(sequences[0, prompt_length : prompt_length + ends[0]].tolist())
        if not unfinished.any() or step == settings.max_new_tokens - 1:
            break
        if check is not None:
            check()
        logits = state.forward(tokens[:, None])
    return Generated(
        tokens=[
            sequences[r, prompt_length : prompt_length + ends[r]].tolist() for r in range(rows)
        ],
        prompt_tokens=prompt_length,
        stopped=stopped,
        logprobs=logprobs,
    )


def chosen_logprobs(logits: FloatArray, tokens: IntArray) -> NDArray[np.float64]:
    """Each row's log-probability of its token under the raw ``logits`` (rows, vocab), with
    ``log_softmax``'s own float32 normaliser (``logits.log_normalizer``), not a whole float64
    copy of the vocabulary."""
    scores = np.asarray(logits, dtype=np.float32)
    norm = lp.log_normalizer(scores)
    picked = scores[np.arange(len(scores)), tokens]
    out: NDArray[np.float64] = ((picked - norm.top[:, 0]) - norm.log_total[:, 0]).astype(np.float64)
    return out


def _sample(scores: FloatArray, rng: np.random.Generator) -> IntArray:
    """Draw one token per row from softmax(scores), like torch.multinomial."""
    probs = _softmax(scores).astype(np.float64)
    probs /= probs.sum(axis=-1, keepdims=True)
    draws = rng.random(len(probs))
    cumulative = np.cumsum(probs, axis=-1)
    picked = (cumulative < draws[:, None]).sum(axis=-1)
    picked = np.minimum(picked, probs.shape[1] - 1)
    # Never pick a token of probability 0 (possible only at float rounding edges).
    zero = probs[np.arange(len(probs)), picked] == 0
    if zero.any():
        picked[zero] = probs[zero].argmax(axis=-1)
    out: IntArray = picked.astype(np.int64)
    return out


__all__ = [
    "CausalSettings",
    "Generated",
    "StopStrings",
    "generate",
    "processors",
    "settings_from",
]
