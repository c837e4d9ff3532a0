"""Run a decoder-only language model (Llama, Qwen2/3, Phi-3, Gemma-2, ...) from its Transformers.js
/ Optimum ONNX file: ``input_ids``, ``attention_mask``, ``position_ids`` (when the graph takes
them) and ``past_key_values.N.key/value`` in; ``logits`` and ``present.N.key/value`` out.

On the CPU the attention runs fused (``engine.runtime.fuse_attention``): each layer's cache is
one buffer bound as both its ``past`` input and its ``present`` output, which the fused op
appends to in place. Generation reserves them for the prompt and its new tokens at once, so
the cache is never copied; without a reservation they double when full (one copy per
doubling, not one per step). A graph the fusion does not recognise, and every graph on a
GPU, feeds its ``present`` outputs back as the next step's ``past``: on the CPU the arrays
ONNX Runtime returned (never copied by us); on a GPU ``OrtValue``s kept in device memory
through IO binding, with only the newest logits coming back to the host.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from engine.errors import InputError, ModelInvalid
from engine.runtime.backend import FloatArray, IntArray, RunInfo
from engine.runtime.fuse_attention import FUSED, FUSED_VALUE, SHARED, SHARED_VALUE
from engine.runtime.manifest import ModelFolder, Variant
from engine.runtime.ort_errors import OrtErrors, translate
from engine.runtime.providers import (
    PROVIDERS,
    SessionFactory,
    create_session,
    import_ort,
    ort_session,
    shared_cache_binding,
)
from engine.runtime.rewrite import Rewritten, rewritten, with_rows

_PAST = re.compile(r"^past_key_values\.(\d+)\.(key|value)$")
# Inputs filled here besides the cache; anything else means a graph layout we do not know.
KNOWN_INPUTS = ("input_ids", "attention_mask", "position_ids", "num_logits_to_keep")
# A decoding step at batch 1 is some 1,000 tiny ops: ONNX Runtime's intra-op threads wait for
# the next one spinning rather than asleep (woken per op, they cost a tenth of the step:
# Qwen2.5-0.5B shape on two cores, 44.3 -> 49.3 tokens/s for q4 and 34.7 -> 38.7 for the
# downloaded int8 file, the same CPU time per token). They stop spinning shortly after a
# run ends, so an idle model costs nothing (``tests/test_causal_cache.py``).
SPINNING = True
# The most memory a kept cache (``OnnxCausalLM.keep``) may hold between generations: some
# 10,000 tokens of a 0.5B model, 4,000 of a 1B one with 8 KV heads.
KEEP_BYTES = 256 * 2**20
_NUMPY_OF = {"tensor(float)": np.float32, "tensor(float16)": np.float16}


def positions(mask: IntArray) -> IntArray:
    """transformers' position ids for a (left-)padded mask: cumsum - 1, padding at 1."""
    pos = np.cumsum(mask, axis=1) - 1
    pos[mask == 0] = 1
    return pos.astype(np.int64)


def common_prefix(a: Sequence[int], b: Sequence[int]) -> int:
    """How many tokens ``a`` and ``b`` share from their start (what a kept cache still
    holds of a new prompt)."""
    same = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        same += 1
    return same


class OnnxCausalLM:
    """One ONNX Runtime session over ``model.onnx`` of the chosen variant."""

    def __init__(
        self,
        session: Any,
        info: RunInfo,
        path: Path,
        config: dict[str, Any],
        root: Path | None = None,
        tables: dict[str, Any] | None = None,
    ) -> None:
        self._session = session
        # The last generation's one-row cache and its prompt (``resume``).
        self._kept: tuple[CausalState, list[int]] | None = None
        # ``quire_rows.<ids>`` inputs (``engine.runtime.rewrite``): the table each looks up.
        self._tables = dict(tables or {})
        self.info = info
        self._path = path
        self._errors = OrtErrors(root or path.parent, path)
        inputs = {str(i.name): i for i in session.get_inputs()}
        self._outputs = tuple(str(o.name) for o in session.get_outputs())
        layers: dict[int, set[str]] = {}
        for name in inputs:
            match = _PAST.match(name)
            if match:
                layers.setdefault(int(match[1]), set()).add(match[2])
            elif name not in KNOWN_INPUTS and name not in self._tables:
                raise ModelInvalid(
                    f"The ONNX model takes an input {name!r} that a decoder-only language model "
                    "does not have (expected input_ids, attention_mask, position_ids and "
                    "past_key_values.N.key/value)",
                    path=path,
                )
        if "input_ids" not in inputs or "logits" not in self._outputs:
            raise ModelInvalid("The ONNX model has no input_ids input or logits output", path=path)
        if not layers or sorted(layers) != list(range(len(layers))):
            raise ModelInvalid(
                "The ONNX model has no KV cache inputs (past_key_values.N.key/value); export it "
                "with past key values (`quire models export` does)",
                path=path,
            )
        if any(kinds != {"key", "value"} for kinds in layers.values()):
            raise ModelInvalid("The ONNX model's KV cache inputs are incomplete", path=path)
        self.layers = len(layers)
        self.takes_mask = "attention_mask" in inputs
        self.takes_positions = "position_ids" in inputs
        # Quire's exports compute the LM head for the last positions only, when asked.
        self.takes_keep = "num_logits_to_keep" in inputs
        first = inputs["past_key_values.0.key"]
        self.cache_dtype = _NUMPY_OF.get(str(first.type))
        if self.cache_dtype is None:
            raise ModelInvalid(f"Unsupported KV cache type {first.type}", path=path)
        shape = list(first.shape)
        kv_heads = shape[1] if len(shape) == 4 and isinstance(shape[1], int) else None
        head_dim = shape[3] if len(shape) == 4 and isinstance(shape[3], int) else None
        heads = int(config.get("num_attention_heads") or 1)
        self.kv_heads = int(kv_heads or config.get("num_key_value_heads") or heads)
        self.head_dim = int(
            head_dim or config.get("head_dim") or int(config.get("hidden_size", 0)) // heads
        )
        if self.kv_heads < 1 or self.head_dim < 1:
            raise ModelInvalid("Cannot tell the KV cache shape from the model", path=path)
        self.max_positions = int(config.get("max_position_embeddings") or 0) or None
        self._past_names = [
            f"past_key_values.{i}.{kind}" for i in range(self.layers) for kind in ("key", "value")
        ]
        self._present_names = [n.replace("past_key_values", "present") for n in self._past_names]
        missing = [n for n in self._present_names if n not in self._outputs]
        if missing:
            raise ModelInvalid(f"The ONNX model lacks the outputs {', '.join(missing)}", path=path)
        self._vocab = int(config.get("vocab_size") or 0)
        meta = getattr(session, "get_modelmeta", None)
        props = dict(meta().custom_metadata_map) if meta is not None else {}
        # GroupQueryAttention (``engine.runtime.fuse_attention``): with more than one row, it
        # takes several new tokens only into an empty cache.
        self.fused = props.get(FUSED) == FUSED_VALUE
        # ... and on the CPU it grows the cache in place when past and present are one buffer.
        self.shared_cache = props.get(SHARED) == SHARED_VALUE and info.device == "cpu"

    @classmethod
    def load(
        cls,
        folder: ModelFolder,
        variant: Variant,
        plan: list[str],
        threads: int | None = None,
        *,
        factory: SessionFactory = ort_session,
        cache: Path | None = None,
        rewrite: bool = True,
        fuse: bool = True,
    ) -> OnnxCausalLM:
        """``cache``: where ONNX Runtime's optimised graphs are kept between loads
        (``engine.runtime.session_cache``); None: optimise at every load. ``rewrite``: let the
        LM head read the last position only, give a tied int8 head an int8 weight (a 4-bit
        file's tied float head a 4-bit one, and its 4-bit products int8 compute on the CPU),
        and look the embedding rows up outside the graph (``engine.runtime.rewrite``); off only to
        measure a file as published. ``fuse``: on the CPU, run the attention as ONNX Runtime's
        ``GroupQueryAttention`` with the cache grown in place (``engine.runtime.fuse_attention``);
        off only to measure the exported attention."""
        path = folder.onnx_file("model", variant)
        if cache is not None and not (rewrite and fuse):
            # Another graph for the same file: it must not take the usual graph's place.
            cache = cache / ("as-published" if not rewrite else "exported-attention")
        heads = int(folder.config.get("num_attention_heads") or 0) or None

        @functools.cache
        def source(device: str) -> Rewritten | None:
            # The fused attention is the CPU provider's kernel (CUDA's wants float16).
            return rewritten(
                str(path),
                causal=True,
                heads=heads if fuse and device == "cpu" else None,
                cpu=device == "cpu",
            )

        result = create_session(
            path,
            plan,
            threads=threads,
            model_root=folder.path,
            factory=factory,
            cache=cache,
            source=source if rewrite else None,
            spinning=SPINNING,
        )
        info = RunInfo(
            backend="onnx",
            variant=variant,
            device=result.device,
            providers=tuple(result.session.get_providers()),
            fallbacks=tuple(result.fallbacks),
            io_binding=result.device != "cpu",
        )
        return cls(result.session, info, path, folder.config, folder.path, result.tables)

    @property
    def vocab_size(self) -> int:
        return self._vocab

    def start(self, rows: int) -> CausalState:
        """A fresh, empty KV cache for ``rows`` sequences."""
        return CausalState(self, rows)

    def resume(self, prompt: Sequence[int], slice_tokens: int) -> CausalState:
        """A one-row cache for ``prompt`` that may already hold its beginning: the cache of
        the last prompt ``kept``, cut back to the whole slices of ``slice_tokens`` tokens of
        that prompt which ``prompt`` begins with, else a fresh one. Those slices went in as a
        fresh run of ``prompt`` would feed them (the same tokens, after the same cache, in
        the same shapes), so the cache is the one a fresh run would build, bit for bit: a
        conversation's next turn reads only what is new. Only where the cache is shared
        (``shared_cache``, where cutting it back costs nothing); the cache kept is taken
        (``keep`` again once the new prompt is in)."""
        kept, self._kept = self._kept, None
        if kept is None or not self.shared_cache or slice_tokens < 1:
            return self.start(1)
        state, tokens = kept
        same = common_prefix(tokens, prompt)
        # Whole slices only, and never the prompt's last token (its logits are needed).
        whole = min(same, len(prompt) - 1, state.length) // slice_tokens * slice_tokens
        if whole == 0:
            return self.start(1)
        state.truncate(whole)
        return state

    def keep(self, state: CausalState, prompt: Sequence[int]) -> None:
        """Keep ``state`` (one row, ``prompt`` fed into it from its start in whole slices as
        ``resume`` describes, then perhaps more tokens) for the next ``resume``. Not one
        whose buffers are over ``KEEP_BYTES``: the kept cache stays in memory while the
        model is idle (and holds the model: ``close`` lets it go)."""
        if state.rows == 1 and self.shared_cache and state.nbytes <= KEEP_BYTES:
            self._kept = (state, list(prompt))

    def forget(self) -> None:
        """Let the kept cache go: the next generation reads its whole prompt (benchmarks of
        a fresh prompt, and memory)."""
        self._kept = None

    def close(self) -> None:
        # The tables may be mapped from the model's own file (engine.runtime.rewrite):
        # released with the session, so that the folder can go (Windows keeps mapped files).
        self._session = None
        self._tables.clear()
        self._kept = None

    def __repr__(self) -> str:
        provider = PROVIDERS.get(self.info.device, self.info.device)
        return f"OnnxCausalLM({self._path}, {self.info.variant}, {provider})"

    # -- running ---------------------------------------------------------------------------
    def _empty_past(self, rows: int) -> list[Any]:
        empty = np.zeros((rows, self.kv_heads, 0, self.head_dim), dtype=self.cache_dtype)
        return [empty] * len(self._past_names)

    def _run(
        self, feed: dict[str, IntArray], past: list[Any], last_only: bool
    ) -> tuple[FloatArray, list[Any]]:
        if self._session is None:
            raise InputError("The model was closed")
        with self._errors:
            try:
                feed = with_rows(feed, self._tables)
            except ValueError as exc:  # what the graph's own lookup would have refused
                raise translate(exc, self._errors.folder, self._errors.file) from exc
            if self.info.io_binding:
                return self._run_bound(feed, past, last_only)
            full = dict(feed)
            full.update(zip(self._past_names, past, strict=True))
            values = self._session.run(["logits", *self._present_names], full)
        logits = values[0][:, -1, :] if last_only else values[0]
        return np.asarray(logits, dtype=np.float32), list(values[1:])

    def _bind_cache(self, values: list[Any]) -> Any:
        """An IO binding with each layer's cache buffer (``values``, OrtValues) bound as both
        its past and its present; ``_run_shared`` binds the rest at each call."""
        if self._session is None:
            raise InputError("The model was closed")
        return shared_cache_binding(self._session, dict(zip(self._past_names, values, strict=True)))

    def _run_shared(
        self, feed: dict[str, IntArray], binding: Any, last_only: bool, out: Any = None
    ) -> FloatArray:
        """Run through ``binding`` (``_bind_cache``) with this call's inputs. ``out``: an
        OrtValue of the logits' exact shape to write them into (a step's), or None."""
        if self._session is None:
            raise InputError("The model was closed")
        with self._errors:
            try:
                feed = with_rows(feed, self._tables)
            except ValueError as exc:
                raise translate(exc, self._errors.folder, self._errors.file) from exc
            for name, value in feed.items():
                binding.bind_cpu_input(name, value)
            if out is not None:
                binding.bind_ortvalue_output("logits", out)
            else:  # a fresh output: the logits' shape changes between prompt and steps
                binding.bind_output("logits", "cpu")
            self._session.run_with_iobinding(binding)
            if out is not None:  # a view of the buffer the next step writes: copied
                return np.array(out.numpy()[:, -1, :] if last_only else out.numpy())
            logits = binding.get_outputs()[0].numpy()
        if last_only:
            logits = logits[:, -1, :]
        return np.asarray(logits, dtype=np.float32)

    def _run_bound(
        self, feed: dict[str, IntArray], past: list[Any], last_only: bool
    ) -> tuple[FloatArray, list[Any]]:
        ort = import_ort()
        binding = self._session.io_binding()
        for name, value in feed.items():
            binding.bind_cpu_input(name, value)
        for name, value in zip(self._past_names, past, strict=True):
            if isinstance(value, np.ndarray):
                value = ort.OrtValue.ortvalue_from_numpy(value, self.info.device, 0)
            binding.bind_ortvalue_input(name, value)
        binding.bind_output("logits", "cpu")
        for name in self._present_names:
            binding.bind_output(name, self.info.device)
        self._session.run_with_iobinding(binding)
        outputs = binding.get_outputs()
        logits = outputs[0].numpy()
        if last_only:
            logits = logits[:, -1, :]
        return np.asarray(logits, dtype=np.float32), list(outputs[1:])


# The first cache buffer holds at least this many tokens; each growth doubles it.
_FIRST_CAPACITY = 256


class CausalState:
    """The running KV cache of one batch: ``forward`` appends tokens and returns their logits."""

    def __init__(self, model: OnnxCausalLM, rows: int) -> None:
        self.model = model
        self.rows = rows
        self.mask = np.zeros((rows, 0), dtype=np.int64)
        self._past = model._empty_past(rows)
        # Shared past/present buffers (``OnnxCausalLM.shared_cache``): the arrays, and the
        # OrtValues over the same memory, and an IO binding with them bound (``_bind_cache``).
        self._buffers: list[Any] = []
        self._values: list[Any] = []
        self._binding: Any = None
        # A step's logits, (rows, 1, vocab), go into one OrtValue (made at the first step).
        self._step_logits: Any = None

    @property
    def whole_prompt(self) -> bool:
        """Whether a batch's prompt must go in one call: the fused attention takes several
        tokens into a non-empty cache for one row only (more rows go token by token)."""
        return self.model.fused and self.rows > 1

    @property
    def nbytes(self) -> int:
        """Bytes of the shared cache buffers (0: none)."""
        return sum(int(b.nbytes) for b in self._buffers)

    @property
    def capacity(self) -> int:
        """Tokens the shared cache buffers hold before they must grow (0: none yet)."""
        return int(self._buffers[0].shape[2]) if self._buffers else 0

    def reserve(self, total: int) -> None:
        """Room for ``total`` tokens in all, when the caller knows how many will come (a
        prompt and its new tokens): the cache then never grows by copying, and takes no more
        memory than those tokens need. Only where the cache is shared; a no-op elsewhere."""
        if self.model.shared_cache and total > self.capacity:
            limit = self.model.max_positions
            self._reserve(min(total, limit) if limit is not None else total, exact=True)

    def _reserve(self, total: int, *, exact: bool = False) -> None:
        """Shared buffers for at least ``total`` tokens: doubled when full (unless ``exact``),
        so the cache is copied once per doubling instead of at every step."""
        if total <= self.capacity:
            return
        size = total if exact else max(total, 2 * self.capacity, _FIRST_CAPACITY)
        limit = self.model.max_positions
        if limit is not None:
            size = max(total, min(size, limit))
        model = self.model
        shape = (self.rows, model.kv_heads, size, model.head_dim)
        grown = [np.zeros(shape, dtype=model.cache_dtype) for _ in model._past_names]
        for old, new in zip(self._buffers, grown, strict=False):
            new[:, :, : self.length] = old[:, :, : self.length]
        ort = import_ort()
        self._buffers = grown
        self._values = [ort.OrtValue.ortvalue_from_numpy(b) for b in grown]
        self._binding = model._bind_cache(self._values)

    @property
    def length(self) -> int:
        """Tokens in the cache (padding included)."""
        return int(self.mask.shape[1])

    def truncate(self, length: int) -> None:
        """Forget every token after the first ``length``: the next ``forward`` continues
        from there (several continuations of one prompt, each scored after the prompt's
        cache). A shared buffer keeps its memory; the tokens past ``length`` in it are
        written over and never read (the attention reads as far as the mask goes)."""
        if not 0 <= length <= self.length:
            raise ValueError(f"cannot truncate a cache of {self.length} tokens to {length}")
        self.mask = self.mask[:, :length]
        if not self.model.shared_cache:
            self._past = [
                (p if isinstance(p, np.ndarray) else p.numpy())[:, :, :length] for p in self._past
            ]

    def forward(
        self, input_ids: IntArray, attention_mask: IntArray | None = None, *, last_only: bool = True
    ) -> FloatArray:
        """Append ``input_ids`` (rows, n) to the cache. Returns float32 logits, (rows, vocab)
        for the last position or (rows, n, vocab) for every position."""
        ids = np.ascontiguousarray(input_ids, dtype=np.int64)
        if ids.ndim != 2 or ids.shape[0] != self.rows or ids.shape[1] == 0:
            raise InputError(f"input_ids must be ({self.rows}, n>0), not {ids.shape}")
        new_mask = (
            np.ones_like(ids)
            if attention_mask is None
            else np.ascontiguousarray(attention_mask, dtype=np.int64)
        )
        if new_mask.shape != ids.shape:
            raise InputError(f"attention_mask has shape {new_mask.shape}, input_ids {ids.shape}")
        limit = self.model.max_positions
        if limit is not None and self.length + ids.shape[1] > limit:
            raise InputError(
                f"The text is {self.length + ids.shape[1]} tokens long; the model reads at most "
                f"{limit}",
                hint="Shorten the input",
                message_id="instruct.prompt_too_long",
                params={"length": int(self.length + ids.shape[1]), "window": limit},
            )
        if self.model.fused and self.rows > 1 and self.length and ids.shape[1] > 1:
            steps = [
                self.forward(ids[:, j : j + 1], new_mask[:, j : j + 1]) for j in range(ids.shape[1])
            ]
            return steps[-1] if last_only else np.stack(steps, axis=1)
        mask = np.concatenate([self.mask, new_mask], axis=1)
        feed: dict[str, IntArray] = {"input_ids": ids}
        if self.model.takes_mask:
            feed["attention_mask"] = mask
        if self.model.takes_positions:
            feed["position_ids"] = np.ascontiguousarray(positions(mask)[:, -ids.shape[1] :])
        if self.model.takes_keep:
            feed["num_logits_to_keep"] = np.array(1 if last_only else ids.shape[1], np.int64)
        if self.model.shared_cache:
            self._reserve(mask.shape[1])
            # One new token: one position of logits per row, whatever the graph does with
            # num_logits_to_keep (a file may take that input and still return every position).
            step = ids.shape[1] == 1
            out = self._step_logits if step else None
            logits = self.model._run_shared(feed, self._binding, last_only, out)
            if step and out is None:
                self._step_logits = import_ort().OrtValue.ortvalue_from_numpy(
                    np.empty((self.rows, 1, logits.shape[-1]), np.float32)
                )
        else:
            logits, self._past = self.model._run(feed, self._past, last_only)
        self.mask = mask
        return logits
