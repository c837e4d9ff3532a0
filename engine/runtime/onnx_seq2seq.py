"""Encoder-decoder models on ONNX Runtime: the encoder, the decoder with its KV cache, and IO
binding so the cache stays on a CUDA GPU between steps.

Three decoder layouts, as Optimum and Transformers.js export them (resolved only through
``ModelFolder.onnx_file``):

* ``split``: ``decoder_model`` (first step) + ``decoder_with_past_model`` (later steps);
* ``merged``: ``decoder_model_merged``, both graphs behind an ``If`` on ``use_cache_branch``;
* ``full``: ``decoder_model`` alone, fed the whole prefix at every step (no cache; slow but
  runs anything that has a decoder).

``auto`` prefers merged, then split, then full. On the CPU merged and split decode equally fast
(opus-mt-en-de's shape, beam 4, 2 threads: 30.4 vs 30.5 ms/step at batch 1, 124 vs 115 ms/step
at batch 8, both within the noise of repeated runs), but split loads the decoder weights twice:
the process holds about 680 MiB with merged against 920 MiB with split. Transformers.js's
quantized files are merged (quantized inside the ``If`` branches); their float output projection
is rewritten at load (``engine.runtime.rewrite``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

import numpy as np
from numpy.typing import NDArray

from engine.errors import ModelInvalid, ModelUnsupported, RuntimeUnavailable
from engine.runtime.backend import Fallback, FloatArray, IntArray, RunInfo
from engine.runtime.fuse_attention import (
    CROSS_ONLY,
    DECODER_MASK,
    FIRST_STEP,
    SHARED,
    SHARED_VALUE,
    present_name,
)
from engine.runtime.manifest import ModelFolder, Role, Variant
from engine.runtime.ort_errors import OrtErrors, translate
from engine.runtime.providers import (
    SessionFactory,
    create_session,
    import_ort,
    ort_session,
    provider_entry,
    session_options,
    shared_cache_binding,
)
from engine.runtime.rewrite import ROWS_PREFIX, Rewritten, rewritten, with_rows

Layout = Literal["auto", "split", "merged", "full"]

# ONNX Runtime's type strings for the tensors a seq2seq graph exchanges.
_NUMPY_TYPES: dict[str, type[np.generic]] = {
    "tensor(float)": np.float32,
    "tensor(float16)": np.float16,
    "tensor(double)": np.float64,
    "tensor(int64)": np.int64,
    "tensor(int32)": np.int32,
    "tensor(bool)": np.bool_,
    "tensor(uint8)": np.uint8,
    "tensor(int8)": np.int8,
}
_PAST = re.compile(r"^past_key_values\.(\d+)\.(decoder|encoder)\.(key|value)$")
# Every input a seq2seq decoder may declare; anything else is a graph we don't know how to feed.
_TOKENS_INPUTS = ("input_ids", "decoder_input_ids")
_DECODER_INPUTS = {
    *_TOKENS_INPUTS,
    "encoder_attention_mask",
    "encoder_hidden_states",
    "use_cache_branch",
    DECODER_MASK,  # Quire's fused self-attention (fuse_attention.fuse_seq2seq_attention)
}


# ----------------------------------------------------------------------------- graphs


@dataclass(frozen=True)
class _Input:
    shape: tuple[int | str | None, ...]
    dtype: type[np.generic]


@dataclass
class _Graph:
    """One ONNX Runtime session and what its inputs and outputs are called."""

    session: Any
    path: Path
    device: str
    fallbacks: list[Fallback]
    inputs: dict[str, _Input]
    outputs: tuple[str, ...]
    # ``quire_rows.<ids>`` inputs (``engine.runtime.rewrite``): the table each looks up.
    tables: dict[str, NDArray[Any]] = field(default_factory=dict)
    root: Path | None = None  # the model folder, named in errors

    @classmethod
    def open(
        cls,
        path: Path,
        plan: list[str],
        threads: int | None,
        root: Path,
        *,
        rewrite: bool = False,
        fuse_heads: int | None = None,
        cache: Path | None = None,
        factory: SessionFactory = ort_session,
    ) -> _Graph:
        """``rewrite``: the int8 rewrites (``engine.runtime.rewrite``); ``fuse_heads``: the
        decoder's attention heads, to fuse a merged decoder's self-attention on the CPU."""

        # Once per graph and device, even if the first device of the plan fails. The fused
        # attention is the CPU provider's kernel (CUDA's wants float16).
        @functools.cache
        def fused_source(device: str) -> Rewritten | None:
            heads = fuse_heads if device == "cpu" else None
            return rewritten(str(path), decoder_heads=heads) if rewrite or heads else None

        source = fused_source if rewrite or fuse_heads else None
        result = create_session(
            path,
            plan,
            threads=threads,
            model_root=root,
            source=source,
            cache=cache,
            factory=factory,
        )
        session = result.session
        inputs: dict[str, _Input] = {}
        for arg in session.get_inputs():
            dtype = _NUMPY_TYPES.get(arg.type)
            if dtype is None:
                raise ModelUnsupported(
                    f"The input {arg.name} has the unsupported type {arg.type}", path=path
                )
            inputs[arg.name] = _Input(tuple(arg.shape or ()), dtype)
        outputs = tuple(o.name for o in session.get_outputs())
        tables = {n: result.tables.get(n) for n in inputs if n.startswith(ROWS_PREFIX)}
        missing = [n for n, t in tables.items() if t is None]
        if missing:  # only Quire's rewrite makes such inputs, and it gives their tables
            raise ModelUnsupported(
                f"The graph takes inputs Quire cannot feed: {', '.join(missing)}", path=path
            )
        found = {n: t for n, t in tables.items() if t is not None}
        return cls(
            session, path, result.device, list(result.fallbacks), inputs, outputs, found, root
        )

    def with_rows(self, feeds: Mapping[str, Any]) -> dict[str, Any]:
        """``feeds`` and the embedding rows of their ids for the ``quire_rows`` inputs."""
        try:
            return with_rows(feeds, self.tables)
        except ValueError as exc:  # what the graph's own lookup would have refused
            raise translate(exc, self.root or self.path.parent, self.path) from exc

    def past_names(self) -> list[str]:
        """``past_key_values.{i}.{decoder|encoder}.{key|value}`` inputs, by layer."""
        found = [(m, n) for n in self.inputs if (m := _PAST.match(n))]
        found.sort(key=lambda mn: (int(mn[0].group(1)), mn[0].group(2), mn[0].group(3)))
        return [n for _, n in found]

    def token_input(self) -> str:
        for name in _TOKENS_INPUTS:
            if name in self.inputs:
                return name
        raise ModelInvalid("The decoder has no input_ids input", path=self.path)

    def check_inputs(self, allowed: set[str]) -> None:
        unknown = sorted(set(self.inputs) - allowed - set(self.tables))
        if unknown:
            raise ModelUnsupported(
                f"The decoder takes inputs Quire cannot feed: {', '.join(unknown)}",
                path=self.path,
                hint="Export the model again with `quire models export`",
            )

    def close(self) -> None:
        self.session = None
        self.tables.clear()  # possibly mapped from the model's file (see OnnxCausalLM.close)


# ----------------------------------------------------------------------------- executors


class _Executor(Protocol):
    """Runs sessions and holds the tensors that live between steps (cache, encoder outputs).

    ``_HostExecutor`` keeps them as numpy arrays; ``_BoundExecutor`` as ``OrtValue``s on the
    decoder's device, via IO binding. The decoder state is written once against this.
    """

    device: str
    bound: bool

    def run(
        self, graph: _Graph, feeds: Mapping[str, Any], host: Sequence[str], kept: Sequence[str]
    ) -> tuple[dict[str, NDArray[Any]], dict[str, Any]]:
        """Run ``graph``; return the ``host`` outputs as numpy and the ``kept`` ones as tensors
        that stay where the executor keeps them. Feeds are numpy arrays or such tensors."""
        ...

    def upload(self, array: NDArray[Any]) -> Any: ...

    def gather(self, tensors: dict[str, Any], rows: IntArray) -> dict[str, Any]:
        """Rows ``rows`` (along axis 0) of every tensor."""
        ...


class _HostExecutor:
    device = "cpu"
    bound = False

    def run(
        self, graph: _Graph, feeds: Mapping[str, Any], host: Sequence[str], kept: Sequence[str]
    ) -> tuple[dict[str, NDArray[Any]], dict[str, Any]]:
        names = [*host, *kept]
        values = graph.session.run(names, graph.with_rows(feeds))
        out = dict(zip(names, values, strict=True))
        return {n: out[n] for n in host}, {n: out[n] for n in kept}

    def upload(self, array: NDArray[Any]) -> Any:
        return array

    def gather(self, tensors: dict[str, Any], rows: IntArray) -> dict[str, Any]:
        """Rows ``rows`` of every tensor; a tensor keeping its row count may be rewritten in
        place (the decoder state owns them: ONNX Runtime's outputs, nobody else's)."""
        moved = np.flatnonzero(rows != np.arange(len(rows)))
        out: dict[str, Any] = {}
        for name, value in tensors.items():
            # Beam reordering moves few rows (about a fifth per step in a beam-4 search):
            # gathering those and writing them back copies less than a whole new array.
            # Dropping the rows of settled inputs (a batch's sentences end at different
            # steps) moves only the rows after them, to the front: the first rows of the
            # array are then the cache, with no new array (the freed rows go with it).
            fewer = len(rows) < len(value)
            if (
                (fewer or (len(rows) == len(value) and 2 * len(moved) < len(rows)))
                and value.flags.writeable
                and value.flags.c_contiguous
            ):
                value[moved] = value[rows[moved]]  # the right side is gathered first
                out[name] = value[: len(rows)]
            else:
                out[name] = np.take(value, rows, axis=0)
        return out


class _BoundExecutor:
    """IO binding: inputs and kept outputs stay on ``device``; only logits come to the host.

    Beam reordering gathers on the device too, with a one-node ``Gather`` graph built in memory
    (see ``gather_model``), so a beam search never copies its cache to the host. On the CPU
    this class runs the very same code (``device="cpu"``), which is how the tests cover it.
    """

    bound = True

    def __init__(self, device: str, threads: int | None) -> None:
        self.device = device
        self._ort_device = "cuda" if device == "cuda" else "cpu"
        self._threads = threads
        self._gathers: dict[tuple[tuple[str, int], ...], Any] = {}

    def run(
        self, graph: _Graph, feeds: Mapping[str, Any], host: Sequence[str], kept: Sequence[str]
    ) -> tuple[dict[str, NDArray[Any]], dict[str, Any]]:
        return self._run(graph.session, graph.with_rows(feeds), host, kept)

    def _run(
        self, session: Any, feeds: Mapping[str, Any], host: Sequence[str], kept: Sequence[str]
    ) -> tuple[dict[str, NDArray[Any]], dict[str, Any]]:
        binding = session.io_binding()
        for name, value in feeds.items():
            if isinstance(value, np.ndarray):
                binding.bind_cpu_input(name, np.ascontiguousarray(value))
            else:
                binding.bind_ortvalue_input(name, value)
        for name in host:
            binding.bind_output(name, "cpu")
        for name in kept:
            binding.bind_output(name, self._ort_device, 0)
        session.run_with_iobinding(binding)
        values = binding.get_outputs()  # in the order the outputs were bound
        out_host = {n: values[i].numpy() for i, n in enumerate(host)}
        out_kept = {n: values[len(host) + i] for i, n in enumerate(kept)}
        return out_host, out_kept

    def upload(self, array: NDArray[Any]) -> Any:
        ort = import_ort()
        return ort.OrtValue.ortvalue_from_numpy(np.ascontiguousarray(array), self._ort_device, 0)

    def gather(self, tensors: dict[str, Any], rows: IntArray) -> dict[str, Any]:
        if not tensors:
            return {}
        names = list(tensors)
        types = tuple((tensors[n].data_type(), len(tensors[n].shape())) for n in names)
        session = self._gathers.get(types)
        if session is None:
            ort = import_ort()
            # A built-in utility graph, not a model file: nothing to check for external data,
            # and it must run exactly where the cache lives, so no provider plan either.
            session = ort.InferenceSession(
                gather_model([(_ONNX_ELEM[t], rank) for t, rank in types]),
                sess_options=session_options(self._threads),
                providers=[provider_entry(self.device)],
            )
            self._gathers[types] = session
        feeds: dict[str, Any] = {f"x{i}": tensors[n] for i, n in enumerate(names)}
        feeds["rows"] = np.asarray(rows, dtype=np.int64)
        _, out = self._run(session, feeds, (), [f"y{i}" for i in range(len(names))])
        return {n: out[f"y{i}"] for i, n in enumerate(names)}


# ONNX TensorProto.DataType numbers of the types a cache can hold.
_ONNX_ELEM = {"tensor(float)": 1, "tensor(float16)": 10, "tensor(int64)": 7, "tensor(double)": 11}


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _field(number: int, payload: bytes | str | int) -> bytes:
    if isinstance(payload, int):
        return _varint(number << 3) + _varint(payload)
    data = payload.encode() if isinstance(payload, str) else payload
    return _varint(number << 3 | 2) + _varint(len(data)) + data


def _value_info(name: str, elem_type: int, rank: int) -> bytes:
    # TypeProto.Tensor: elem_type and a shape of ``rank`` named (dynamic) dimensions.
    dims = b"".join(_field(1, _field(2, f"{name}_d{i}")) for i in range(rank))
    tensor_type = _field(1, elem_type) + _field(2, dims)
    return _field(1, name) + _field(2, _field(1, tensor_type))


def gather_model(inputs: Sequence[tuple[int, int]]) -> bytes:
    """An ONNX model: ``y{i} = Gather(x{i}, rows, axis=0)`` for each (element type, rank).

    Written straight in protobuf wire format, because the ``onnx`` package is not a runtime
    dependency; the tests check it with ``onnx.checker``.
    """
    graph = b""
    for i in range(len(inputs)):
        axis = _field(1, "axis") + _field(3, 0) + _field(20, 2)  # AttributeProto, type INT
        node = _field(1, f"x{i}") + _field(1, "rows") + _field(2, f"y{i}")
        node += _field(3, f"gather{i}") + _field(4, "Gather") + _field(5, axis)
        graph += _field(1, node)
    graph += _field(2, "quire_gather")
    for i, (elem, rank) in enumerate(inputs):
        graph += _field(11, _value_info(f"x{i}", elem, rank))
    graph += _field(11, _value_info("rows", 7, 1))
    for i, (elem, rank) in enumerate(inputs):
        graph += _field(12, _value_info(f"y{i}", elem, rank))
    opset = _field(1, "") + _field(2, 13)
    return _field(1, 8) + _field(2, "quire") + _field(7, graph) + _field(8, opset)


# ----------------------------------------------------------------------------- the model


@dataclass(frozen=True)
class _CacheShape:
    """Heads and head size of the self-attention cache, for the merged decoder's empty past."""

    heads: int
    head_dim: int


class OnnxSeq2Seq:
    """An encoder-decoder (Marian, BART, mBART, T5, M2M100) on ONNX Runtime."""

    def __init__(
        self,
        folder: ModelFolder,
        layout: Literal["split", "merged", "full"],
        encoder: _Graph,
        first: _Graph,
        cached: _Graph | None,
        executor: _Executor,
        info: RunInfo,
    ) -> None:
        self.folder = folder
        self.layout = layout
        self.info = info
        self.errors = OrtErrors(folder.path)
        self._encoder: _Graph | None = encoder
        self._first: _Graph | None = first
        self._cached = cached
        self._executor = executor
        self._past = cached.past_names() if cached is not None else []
        self._vocab = _vocab_size(first, folder)
        self._cache_shape = _cache_shape(cached, folder) if layout == "merged" else None
        # A merged decoder whose cached branch runs the fused self-attention
        # (``fuse_attention.fuse_seq2seq_attention``): it takes the decoder's length as a mask,
        # and, when ``shared``, each layer's cache buffer as both its past and its present.
        self.fused = cached is not None and DECODER_MASK in cached.inputs
        meta: dict[str, str] = {}
        if cached is not None and self.fused:
            meta = cached.session.get_modelmeta().custom_metadata_map
        self.shared = self.fused and meta.get(SHARED) == SHARED_VALUE and not executor.bound
        # The first-step branch gives the cross-attention cache alone; the cached branch, with
        # an empty self-attention cache, gives the first token (``fuse_attention._cross_only``).
        self.cross_first = self.fused and meta.get(FIRST_STEP) == CROSS_ONLY

    @classmethod
    def load(
        cls,
        folder: ModelFolder,
        variant: Variant,
        plan: list[str],
        threads: int | None = None,
        *,
        layout: Layout = "auto",
        io_binding: bool | None = None,
        rewrite: bool = True,
        fuse: bool = True,
        cache: Path | None = None,
        factory: SessionFactory = ort_session,
    ) -> OnnxSeq2Seq:
        """Open the encoder and decoder sessions of ``variant`` on the first device of ``plan``
        that works. ``layout`` forces a decoder layout; ``io_binding`` forces IO binding on or
        off (default: on exactly when the decoder runs on CUDA; never on DirectML/CoreML).
        ``rewrite``: give int8 decoders an int8 output projection where the file leaves it in
        float, and look the embedding rows up outside the graphs, from one memory-mapped copy
        of each table (``engine.runtime.rewrite``); off only to measure the files as
        published.
        ``fuse``: on the CPU, run a merged decoder's self-attention as ONNX Runtime's
        ``GroupQueryAttention`` with the cache grown in place (``engine.runtime.fuse_attention``;
        not with ``io_binding`` forced on); off only to measure the exported attention.
        ``cache``: where ONNX Runtime's optimised graphs are kept between loads
        (``engine.runtime.session_cache``); None: optimise at every load. ``factory``: what
        makes each session (``engine.runtime.providers.ort_session``)."""
        chosen = _choose_layout(folder, variant, layout)
        root = folder.path
        fuse = fuse and rewrite and io_binding is not True
        if cache is not None and not fuse:
            # Another graph for the same file: it must not take the usual graph's place.
            cache = cache / ("as-published" if not rewrite else "exported-attention")
        cfg = folder.config
        heads = cfg.get("decoder_attention_heads") if fuse and chosen == "merged" else None

        def graph(role: Role, devices: list[str]) -> _Graph:
            path = folder.onnx_file(role, variant)
            # Only quantized graphs hold an 8-bit table (and a tied, float output projection).
            wanted = rewrite and variant == "int8"
            return _Graph.open(
                path,
                devices,
                threads,
                root,
                rewrite=wanted,
                fuse_heads=heads if role == "decoder_merged" and isinstance(heads, int) else None,
                cache=cache,
                factory=factory,
            )

        encoder = graph("encoder", plan)
        first_role: Role = "decoder_merged" if chosen == "merged" else "decoder"
        first = graph(first_role, plan)
        cached: _Graph | None = None
        if chosen == "merged":
            cached = first
        elif chosen == "split":
            # Both decoders must share a device, so the cache can pass from one to the other.
            rest = plan[plan.index(first.device) :] if first.device in plan else [first.device]
            cached = graph("decoder_with_past", rest)
        if "last_hidden_state" not in encoder.outputs:
            raise ModelInvalid("The encoder has no last_hidden_state output", path=encoder.path)
        _validate(chosen, first, cached)

        graphs = [encoder, first] + ([cached] if cached is not None and cached is not first else [])
        fallbacks = [f for g in graphs for f in g.fallbacks]
        devices = {g.device for g in graphs[1:]}
        device = first.device
        if cached is not None and cached.device != first.device:
            fallbacks.append(
                Fallback(first.device, cached.device, f"{cached.path.name} runs on {cached.device}")
            )
        if encoder.device != device:
            fallbacks.append(
                Fallback(
                    device,
                    encoder.device,
                    f"{encoder.path.name} runs on {encoder.device} while the decoder runs on "
                    f"{device}",
                )
            )
        # The cache can stay on a device only if every decoder graph runs there. Binding is
        # written for CUDA; on the CPU it is the same code (what the tests run), elsewhere off.
        wanted = io_binding if io_binding is not None else device == "cuda"
        bind = wanted and len(devices) == 1 and device in ("cuda", "cpu")
        executor: _Executor = _BoundExecutor(device, threads) if bind else _HostExecutor()
        info = RunInfo(
            backend="onnx",
            variant=variant,
            device=device,
            providers=tuple(first.session.get_providers()),
            fallbacks=tuple(dict.fromkeys(fallbacks)),
            io_binding=bind,
        )
        return cls(folder, chosen, encoder, first, cached, executor, info)

    @property
    def vocab_size(self) -> int:
        return self._vocab

    def start(
        self, input_ids: IntArray, attention_mask: IntArray, expand: int = 1
    ) -> _DecoderState:
        encoder = self._encoder
        if encoder is None or self._first is None:
            raise RuntimeUnavailable("The model has been closed", path=self.folder.path)
        ids = np.ascontiguousarray(input_ids, dtype=np.int64)
        mask = np.ascontiguousarray(attention_mask, dtype=np.int64)
        if ids.ndim != 2 or ids.shape != mask.shape:
            raise ValueError(f"input_ids {ids.shape} and attention_mask {mask.shape} must match")
        if expand < 1:
            raise ValueError("expand must be at least 1")
        feeds = {"input_ids": ids, "attention_mask": mask}
        feeds = {k: v for k, v in feeds.items() if k in encoder.inputs}
        hidden_name = "last_hidden_state"
        want = self._first.inputs.get("encoder_hidden_states")
        ex = self._executor
        with self.errors:
            if encoder.device == ex.device and (want is None or _dtype_of(encoder) == want.dtype):
                _, kept = ex.run(encoder, feeds, (), [hidden_name])
                hidden = kept[hidden_name]
            else:
                # Encoder elsewhere than the decoder, or in another float type: via the host.
                (array,) = encoder.session.run([hidden_name], encoder.with_rows(feeds))
                if want is not None:
                    array = array.astype(want.dtype, copy=False)
                hidden = ex.upload(array)
        return _DecoderState(self, ex, mask, hidden, expand)

    def close(self) -> None:
        for g in (self._encoder, self._first, self._cached):
            if g is not None:
                g.close()
        self._encoder = self._first = self._cached = None


class _DecoderState:
    """The decoder of one generate() call: encoder outputs, attention mask and KV cache.

    With ``expand`` > 1 (beams) the rows of each input are made only after the first step:
    that step feeds every beam the same start token, so it runs once per input, as
    CTranslate2 does, and its outputs (cross-attention cache included) are repeated.
    """

    def __init__(
        self, model: OnnxSeq2Seq, ex: _Executor, mask: IntArray, hidden: Any, expand: int = 1
    ) -> None:
        self._model = model
        self._ex = ex
        self._mask: IntArray = mask  # small, stays on the host; bound afresh at every step
        self._tensors: dict[str, Any] = {"encoder_hidden_states": hidden}
        self._expand = expand  # copies of each row still to be made
        rows = mask.shape[0] * expand
        self._prefix: IntArray = np.zeros((rows, 0), dtype=np.int64)
        # The encoder row behind each row.
        self._sources: IntArray = np.repeat(np.arange(mask.shape[0]), expand)
        self._started = False
        # With a shared cache (``OnnxSeq2Seq.shared``), from the second step: each layer's
        # self-attention buffer (longer than its content), the OrtValues over the same memory,
        # and an IO binding with them bound as both past and present.
        self._buffers: dict[str, NDArray[Any]] = {}
        self._values: dict[str, Any] = {}
        self._binding: Any = None

    @property
    def rows(self) -> int:
        return int(self._mask.shape[0]) * self._expand

    def _copies(self) -> IntArray:
        return np.repeat(np.arange(self._mask.shape[0], dtype=np.int64), self._expand)

    def _expand_now(self) -> None:
        """Make every row before a step or reorder that needs them (different first tokens,
        the full layout, which feeds the encoder outputs at every step)."""
        if self._expand > 1:
            copies = self._copies()
            self._mask = np.take(self._mask, copies, axis=0)
            with self._model.errors:
                self._tensors = self._ex.gather(self._tensors, copies)
            self._expand = 1

    def step(self, tokens: IntArray) -> FloatArray:
        model = self._model
        first, cached = model._first, model._cached
        if first is None:
            raise RuntimeUnavailable("The model has been closed", path=model.folder.path)
        tok = np.asarray(tokens, dtype=np.int64).reshape(-1, 1)
        if tok.shape[0] != self.rows:
            raise ValueError(f"step() got {tok.shape[0]} tokens for {self.rows} rows")
        self._prefix = np.concatenate([self._prefix, tok], axis=1)
        copies: IntArray | None = None
        if self._expand > 1:
            alike = tok.reshape(-1, self._expand)
            if model.layout == "full" or (alike != alike[:, :1]).any():
                self._expand_now()
            else:
                copies = self._copies()
                tok = np.ascontiguousarray(alike[:, :1])
        feeds: dict[str, Any] = {"encoder_attention_mask": self._mask}
        if model.layout == "full":
            graph = first
            feeds["encoder_hidden_states"] = self._tensors["encoder_hidden_states"]
            feeds[graph.token_input()] = self._prefix
            kept: list[str] = []
        elif not self._started:
            graph = first
            feeds["encoder_hidden_states"] = self._tensors.pop("encoder_hidden_states")
            feeds[graph.token_input()] = tok
            if model.layout == "merged":
                feeds.update(self._empty_past(graph, len(tok)))
                feeds["use_cache_branch"] = np.zeros((1,), dtype=np.bool_)
            if model.cross_first:
                return self._first_step(graph, feeds, copies)
            kept = [present_name(n) for n in model._past]
        else:
            assert cached is not None
            graph = cached
            feeds[graph.token_input()] = tok
            # The self-attention buffers, once there, stay bound (``_run_shared``).
            feeds.update({n: self._tensors[n] for n in model._past if n in self._tensors})
            if model.layout == "merged":
                feeds.update(_cached_branch_feeds(graph, self.rows))
            # Only the self-attention cache grows; the cross-attention one from step 1 stays.
            kept = [present_name(n) for n in model._past if ".decoder." in n]
        if model.fused and DECODER_MASK in graph.inputs:
            # Every token fed so far, this step's included: the cache's length after it.
            feeds[DECODER_MASK] = np.ones((len(tok), self._prefix.shape[1]), dtype=np.int64)
        feeds = {k: v for k, v in feeds.items() if k in graph.inputs}
        with model.errors:
            out: dict[str, Any] = {}
            if model.shared and self._started:
                host = self._run_shared(graph, feeds)
            else:
                host, out = self._ex.run(graph, feeds, ["logits"], kept)
            if copies is not None:
                out = self._ex.gather(out, copies)
        return self._finish_step(host["logits"][:, -1, :], out, copies)

    def _finish_step(
        self, logits: NDArray[Any], out: dict[str, Any], copies: IntArray | None
    ) -> FloatArray:
        """After a step: the rows made (``copies``), the cache kept, the logits of each row."""
        if copies is not None:
            self._mask = np.take(self._mask, copies, axis=0)
            self._expand = 1
            logits = np.repeat(logits, len(copies) // len(logits), axis=0)
        for name, value in out.items():
            self._tensors["past_key_values" + name[len("present") :]] = value
        self._started = True
        return np.ascontiguousarray(logits, dtype=np.float32)

    def _first_step(
        self, graph: _Graph, feeds: dict[str, Any], copies: IntArray | None
    ) -> FloatArray:
        """The first step of a decoder whose first-step branch gives only the cross-attention
        cache (``OnnxSeq2Seq.cross_first``): that branch, then the cached branch with the
        cross-attention cache and an empty self-attention cache."""
        model = self._model
        cross = [present_name(n) for n in model._past if ".encoder." in n]
        own = [present_name(n) for n in model._past if ".decoder." in n]
        rows = len(feeds[graph.token_input()])
        feeds[DECODER_MASK] = np.ones((rows, 1), dtype=np.int64)  # one token, this one
        feeds = {k: v for k, v in feeds.items() if k in graph.inputs}
        with model.errors:
            _, out = self._ex.run(graph, feeds, [], cross)
            feeds.update(_cached_branch_feeds(graph, rows))
            feeds.update({"past_key_values" + n[len("present") :]: out[n] for n in cross})
            host, mine = self._ex.run(graph, feeds, ["logits"], own)
            out.update(mine)
            if copies is not None:
                out = self._ex.gather(out, copies)
        return self._finish_step(host["logits"][:, -1, :], out, copies)

    # Room the shared buffers gain each time they fill: at most this many slots stand empty
    # (the exported graph's cache holds exactly its tokens), and the cache is copied once per
    # this many tokens instead of at every step.
    _GROWTH = 32

    def _run_shared(self, graph: _Graph, feeds: dict[str, Any]) -> dict[str, NDArray[Any]]:
        """Run the cached branch with each self-attention buffer bound as both its past and
        its present: the fused attention appends the new keys and values in place. Called
        with this step's token in ``_prefix``, so the cache holds one token less."""
        self._reserve(self._prefix.shape[1], self._prefix.shape[1] - 1)
        binding = self._binding
        for name, value in graph.with_rows(feeds).items():
            if name not in self._buffers:
                binding.bind_cpu_input(name, np.ascontiguousarray(value))
        binding.bind_output("logits", "cpu")  # a fresh output each step
        graph.session.run_with_iobinding(binding)
        return {"logits": binding.get_outputs()[0].numpy()}

    def _reserve(self, total: int, length: int) -> None:
        """Buffers with room for ``total`` tokens, the cache's ``length`` tokens copied in."""
        own = [n for n in self._model._past if ".decoder." in n]
        if self._buffers and next(iter(self._buffers.values())).shape[2] >= total:
            return
        current = self._buffers or {n: self._tensors[n] for n in own}
        grown: dict[str, NDArray[Any]] = {}
        for name in own:
            old = current[name]
            rows, heads, _, size = old.shape
            new = np.zeros((rows, heads, total + self._GROWTH, size), dtype=old.dtype)
            new[:, :, :length] = old[:, :, :length]
            grown[name] = new
            self._tensors.pop(name, None)  # the buffer holds the cache from now on
        self._bind(grown)

    def _bind(self, buffers: dict[str, NDArray[Any]]) -> None:
        """Make ``buffers`` the cache: OrtValues over their memory, bound as past and present."""
        ort = import_ort()
        self._buffers = buffers
        self._values = {n: ort.OrtValue.ortvalue_from_numpy(b) for n, b in buffers.items()}
        cached = self._model._cached
        assert cached is not None and cached.session is not None
        self._binding = shared_cache_binding(cached.session, self._values)

    def _move_rows(self, idx: IntArray, length: int) -> None:
        """The cache rows ``idx`` (no more than the buffers hold) moved to the front of the
        buffers, in place: only rows whose place changes are copied (a beam's reordering, or
        the rows after a settled input). With fewer rows the buffers are bound again over the
        first ones (the rest stays allocated until the buffers next grow)."""
        rows = len(idx)
        moved = np.flatnonzero(idx != np.arange(rows))
        if len(moved):
            for buffer in self._buffers.values():
                content = buffer[:, :, :length]
                content[moved] = content[idx[moved]]  # the right side is gathered first
        if rows < len(next(iter(self._buffers.values()))):
            # The first rows: still one contiguous block.
            self._bind({n: b[:rows] for n, b in self._buffers.items()})

    def reorder(self, rows: IntArray) -> None:
        self._expand_now()
        idx = np.asarray(rows, dtype=np.int64).reshape(-1)
        if idx.size and (idx.min() < 0 or idx.max() >= self.rows):
            raise ValueError(f"reorder() rows must lie in [0, {self.rows})")
        sources = self._sources[idx]
        same = sources.shape == self._sources.shape and bool((sources == self._sources).all())
        self._sources = sources
        self._prefix = np.take(self._prefix, idx, axis=0)
        if self._buffers:
            length = self._prefix.shape[1]  # between steps, the cache holds every token fed
            if len(idx) <= len(next(iter(self._buffers.values()))):
                self._move_rows(idx, length)
            else:  # more rows than the buffers hold: the cache leaves them (gathered below)
                for name, buffer in self._buffers.items():
                    self._tensors[name] = np.ascontiguousarray(buffer[:, :, :length])
                self._buffers, self._values, self._binding = {}, {}, None
        if same:
            # Beam reordering within each input: the beams of one input share its mask,
            # encoder outputs and cross-attention cache, so only the self-attention cache moves.
            own = {k: v for k, v in self._tensors.items() if ".decoder." in k}
            with self._model.errors:
                self._tensors.update(self._ex.gather(own, idx))
        else:
            self._mask = np.take(self._mask, idx, axis=0)
            with self._model.errors:
                self._tensors = self._ex.gather(self._tensors, idx)

    def _empty_past(self, graph: _Graph, rows: int) -> dict[str, NDArray[Any]]:
        shape = self._model._cache_shape
        assert shape is not None
        return {
            name: np.zeros((rows, shape.heads, 0, shape.head_dim), graph.inputs[name].dtype)
            for name in self._model._past
        }


# ----------------------------------------------------------------------------- helpers


def _cached_branch_feeds(graph: _Graph, rows: int) -> dict[str, NDArray[Any]]:
    """What a merged decoder's cached branch is fed besides the token and the caches: its
    branch flag, and ``encoder_hidden_states`` empty (unused there; an empty tensor saves
    binding the real one)."""
    want = graph.inputs["encoder_hidden_states"]
    width = want.shape[2] if isinstance(want.shape[2], int) else 1
    return {
        "encoder_hidden_states": np.zeros((rows, 0, width), want.dtype),
        "use_cache_branch": np.ones((1,), dtype=np.bool_),
    }


# The graphs each decoder layout opens (``OnnxSeq2Seq.load``), the encoder's first.
_LAYOUT_ROLES: dict[str, tuple[Role, ...]] = {
    "merged": ("encoder", "decoder_merged"),
    "split": ("encoder", "decoder", "decoder_with_past"),
    "full": ("encoder", "decoder"),
}


def opened_files(folder: ModelFolder, variant: Variant) -> list[Path]:
    """The ONNX files a load of ``variant`` opens, in the layout ``auto`` picks."""
    layout = _choose_layout(folder, variant, "auto")
    return [folder.onnx_file(role, variant) for role in _LAYOUT_ROLES[layout]]


def _choose_layout(
    folder: ModelFolder, variant: Variant, layout: Layout
) -> Literal["split", "merged", "full"]:
    if variant not in folder.onnx:
        raise ModelInvalid(f"The model has no {variant} ONNX files", path=folder.path)
    have = folder.onnx[variant].files
    if layout == "auto":
        if "decoder_merged" in have:
            return "merged"
        if "decoder" in have and "decoder_with_past" in have:
            return "split"
        return "full"
    # An explicit layout that lacks its files fails in onnx_file() with the file named.
    return layout


def _validate(layout: str, first: _Graph, cached: _Graph | None) -> None:
    if layout == "full":
        first.check_inputs(_DECODER_INPUTS - {"use_cache_branch"})
        first.token_input()
        return
    assert cached is not None
    past = cached.past_names()
    if not past:
        raise ModelInvalid("The decoder has no past_key_values inputs", path=cached.path)
    layers = {_layer(n) for n in past}
    if len(past) != 4 * len(layers):
        raise ModelInvalid(
            "The decoder's past_key_values inputs are incomplete (each layer needs decoder "
            "and encoder key and value)",
            path=cached.path,
        )
    cached.check_inputs(_DECODER_INPUTS | set(past))
    first.check_inputs(_DECODER_INPUTS | set(past))
    for graph, need in ((first, past), (cached, [n for n in past if ".decoder." in n])):
        missing = [present_name(n) for n in need if present_name(n) not in graph.outputs]
        if "logits" not in graph.outputs:
            missing.insert(0, "logits")
        if missing:
            raise ModelInvalid(
                f"The decoder lacks the outputs {', '.join(missing[:3])}", path=graph.path
            )
    if layout == "merged" and "use_cache_branch" not in first.inputs:
        raise ModelInvalid("The merged decoder has no use_cache_branch input", path=first.path)


def _layer(past_name: str) -> int:
    match = _PAST.match(past_name)
    assert match is not None
    return int(match.group(1))


def _dtype_of(encoder: _Graph) -> type[np.generic] | None:
    outputs = encoder.session.get_outputs()
    kind = next((o.type for o in outputs if o.name == "last_hidden_state"), "")
    return _NUMPY_TYPES.get(kind)


def _vocab_size(decoder: _Graph, folder: ModelFolder) -> int:
    for out in decoder.session.get_outputs():
        if out.name == "logits" and out.shape and isinstance(out.shape[-1], int):
            return int(out.shape[-1])
    size = folder.config.get("vocab_size")
    if not isinstance(size, int):
        raise ModelInvalid("config.json has no vocab_size", path=folder.path / "config.json")
    return size


def _cache_shape(graph: _Graph | None, folder: ModelFolder) -> _CacheShape:
    """Heads and head size from the past inputs' static dims, else from config.json."""
    assert graph is not None
    name = next(n for n in graph.past_names() if ".decoder.key" in n)
    shape = graph.inputs[name].shape
    if len(shape) == 4 and isinstance(shape[1], int) and isinstance(shape[3], int):
        return _CacheShape(shape[1], shape[3])
    cfg = folder.config
    heads = cfg.get("decoder_attention_heads") or cfg.get("num_heads")
    heads = heads or cfg.get("num_attention_heads")
    d_model = cfg.get("d_model") or cfg.get("hidden_size")
    head_dim = cfg.get("d_kv") or (d_model // heads if heads and d_model else None)
    if not isinstance(heads, int) or not isinstance(head_dim, int):
        raise ModelInvalid(
            "Cannot tell the decoder's attention heads from the ONNX file or config.json",
            path=graph.path,
        )
    return _CacheShape(heads, head_dim)
