"""OnnxSeq2Seq against transformers on the same random weights: step logits, the three decoder
layouts, IO binding, int8, broken files, and generate() token for token."""

from __future__ import annotations

import functools
import shutil
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from numpy.typing import NDArray

from engine.errors import ModelInvalid, RuntimeUnavailable
from engine.runtime import onnx_seq2seq, providers
from engine.runtime.backend import FloatArray, IntArray, Seq2SeqModel
from engine.runtime.manifest import ModelFolder, Variant, load_model_folder
from engine.runtime.onnx_seq2seq import Layout, OnnxSeq2Seq, _HostExecutor, gather_model
from engine.runtime.providers import create_session
from tests.fixtures import corpus
from tests.fixtures.builder import SEQ2SEQ, checkpoint, exported

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")

ATOL = 1e-4


@functools.cache
def folder(name: str) -> ModelFolder:
    return load_model_folder(exported(name))


@functools.cache
def reference(name: str) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # loading chatter is not what these tests check
        model = transformers.AutoModelForSeq2SeqLM.from_pretrained(checkpoint(name))
    return model.eval()


@functools.cache
def onnx_model(name: str, variant: Variant = "fp32", layout: Layout = "auto") -> OnnxSeq2Seq:
    """Shared by the tests that only read from it: sessions keep no state between start()s."""
    return OnnxSeq2Seq.load(folder(name), variant, ["cpu"], layout=layout)


@functools.cache
def batch(name: str) -> tuple[IntArray, IntArray]:
    """Four inputs of different lengths, padded as transformers' tokenizer pads them."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tokenizer = transformers.AutoTokenizer.from_pretrained(checkpoint(name))
    enc = tokenizer(corpus.sample_inputs()[:4], padding=True, return_tensors="np")
    ids, mask = enc["input_ids"].astype(np.int64), enc["attention_mask"].astype(np.int64)
    assert len(set(mask.sum(axis=1).tolist())) == 4, "inputs must have mixed lengths"
    return ids, mask


def reference_logits(name: str, rows: IntArray, prefix: IntArray) -> FloatArray:
    """transformers' next-token logits for decoder ``prefix`` over input rows ``rows``."""
    ids, mask = batch(name)
    with torch.no_grad():
        out = reference(name)(
            input_ids=torch.from_numpy(ids[rows]),
            attention_mask=torch.from_numpy(mask[rows]),
            decoder_input_ids=torch.from_numpy(prefix),
        )
    logits: FloatArray = out.logits[:, -1].numpy()
    return logits


def drive(model: OnnxSeq2Seq, name: str, *, seed: int = 0) -> list[tuple[FloatArray, FloatArray]]:
    """Five decoder steps over the batch expanded ×2, with a reorder (duplicating and dropping
    rows) after step 3; pairs of (ours, transformers') logits at every step."""
    ids, mask = batch(name)
    rng = np.random.default_rng(seed)
    vocab = model.vocab_size
    state = model.start(ids, mask, expand=2)
    rows = np.repeat(np.arange(ids.shape[0]), 2)
    start = int(folder(name).generation["decoder_start_token_id"])
    prefix = np.full((rows.size, 1), start, dtype=np.int64)
    pairs = []
    for step in range(5):
        logits = state.step(prefix[:, -1])
        assert logits.dtype == np.float32 and logits.shape == (prefix.shape[0], vocab)
        pairs.append((logits, reference_logits(name, rows, prefix)))
        if step == 2:
            keep = np.array([7, 7, 0, 3, 2, 5], dtype=np.int64)
            state.reorder(keep)
            rows, prefix = rows[keep], prefix[keep]
        nxt = rng.integers(3, vocab - 3, size=prefix.shape[0])
        prefix = np.concatenate([prefix, nxt[:, None]], axis=1)
    return pairs


def assert_parity(pairs: list[tuple[FloatArray, FloatArray]], atol: float = ATOL) -> None:
    for step, (ours, theirs) in enumerate(pairs):
        diff = float(np.abs(ours - theirs).max())
        assert diff <= atol, f"step {step}: logits differ by {diff}"


# ----------------------------------------------------------------------------- step logits


@pytest.mark.parametrize("name", SEQ2SEQ)
def test_step_logits_match_transformers(name: str) -> None:
    model = onnx_model(name)
    assert model.vocab_size == reference(name).config.vocab_size
    assert_parity(drive(model, name))


@pytest.mark.parametrize("layout", ["split", "merged", "full"])
@pytest.mark.parametrize("io_binding", [False, True])
def test_every_layout_and_io_binding_match_transformers(layout: Layout, io_binding: bool) -> None:
    # IO binding runs on the CPU here with the same code the CUDA path uses (device aside).
    model = OnnxSeq2Seq.load(
        folder("marian"),
        "fp32",
        ["cpu"],
        layout=layout,
        io_binding=io_binding,
    )
    assert model.layout == layout
    assert model.info.io_binding is io_binding
    assert_parity(drive(model, "marian"))


@pytest.mark.parametrize("io_binding", [False, True])
@pytest.mark.parametrize("first", ["shared", "different_tokens", "reordered"])
def test_beam_rows_are_made_after_a_shared_first_step(
    first: str, io_binding: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Beams start alike, so the first step runs once per input and its outputs are repeated;
    a first step that cannot be shared (different tokens, a reorder before it) makes the rows
    first. Every way gives transformers' logits."""
    name = "marian"
    model = OnnxSeq2Seq.load(folder(name), "fp32", ["cpu"], io_binding=io_binding)
    assert model.shared is not io_binding  # the fused attention's buffers, on the host only
    fed: list[int] = []
    run = model._executor.run
    run_shared = onnx_seq2seq._DecoderState._run_shared

    def counting(graph: Any, feeds: Any, host: Any, kept: Any) -> Any:
        name = "encoder_attention_mask" if "encoder_attention_mask" in feeds else "attention_mask"
        fed.append(len(feeds[name]))
        return run(graph, feeds, host, kept)

    def counting_shared(state: Any, graph: Any, feeds: Any) -> Any:
        fed.append(len(feeds["encoder_attention_mask"]))
        return run_shared(state, graph, feeds)

    model._executor.run = counting  # type: ignore[method-assign]
    monkeypatch.setattr(onnx_seq2seq._DecoderState, "_run_shared", counting_shared)
    ids, mask = batch(name)
    state = model.start(ids, mask, expand=3)
    rows = np.repeat(np.arange(len(ids)), 3)
    start = int(folder(name).generation["decoder_start_token_id"])
    prefix = np.full((rows.size, 1), start, dtype=np.int64)
    if first == "different_tokens":
        prefix[1::3, 0] = 5
    elif first == "reordered":
        keep = np.array([2, 0, 1, 5, 3, 3, 6, 7, 8, 11, 10, 9], dtype=np.int64)
        state.reorder(keep)
        rows = rows[keep]
    pairs = []
    for nxt in (7, 9, 11):
        logits = state.step(prefix[:, -1])
        assert logits.shape == (rows.size, model.vocab_size)
        pairs.append((logits, reference_logits(name, rows, prefix)))
        prefix = np.concatenate([prefix, np.full((rows.size, 1), nxt) + rows[:, None]], axis=1)
    assert_parity(pairs)
    decoder_rows = fed[1:]  # fed[0] is the encoder
    # The fused graph's first step is two calls: the cross-attention cache, then the token.
    assert model.cross_first is not io_binding
    calls = 2 if model.cross_first else 1
    assert decoder_rows[:calls] == [len(ids) if first == "shared" else rows.size] * calls
    assert decoder_rows[calls:] == [rows.size, rows.size]


def test_merged_and_split_decoders_give_the_same_logits() -> None:
    split = drive(onnx_model("marian", layout="split"), "marian")
    merged = drive(onnx_model("marian", layout="merged"), "marian")
    for (a, _), (b, _) in zip(split, merged, strict=True):
        np.testing.assert_allclose(a, b, rtol=0, atol=1e-5)


def test_auto_layout_prefers_merged_then_split(tmp_path: Path) -> None:
    marian = folder("marian")
    assert {"decoder_merged", "decoder", "decoder_with_past"} <= set(marian.onnx["int8"].files)
    assert onnx_model("marian").layout == "merged"
    assert onnx_model("marian", "int8").layout == "merged"
    root = _copy("marian", tmp_path)
    (root / "onnx" / "decoder_model_merged_int8.onnx").unlink()
    assert OnnxSeq2Seq.load(load_model_folder(root), "int8", ["cpu"]).layout == "split"


def test_run_info_tells_what_runs() -> None:
    model: Seq2SeqModel = onnx_model("marian", "int8")
    info = model.info
    assert (info.backend, info.variant, info.device) == ("onnx", "int8", "cpu")
    assert info.providers == ("CPUExecutionProvider",)
    assert info.fallbacks == ()
    assert info.io_binding is False


def test_a_gpu_that_does_not_initialise_falls_back_with_the_reason() -> None:
    model = OnnxSeq2Seq.load(folder("marian"), "fp32", ["cuda", "cpu"])
    if model.info.device == "cuda":
        assert model.info.io_binding is True  # on a machine with a working GPU
        return
    assert model.info.device == "cpu" and model.info.io_binding is False
    assert model.info.fallbacks, "a GPU that did not start must leave a reason"
    assert all(f.wanted == "cuda" and f.got == "cpu" for f in model.info.fallbacks)
    assert len(set(model.info.fallbacks)) == len(model.info.fallbacks)


class _ClaimsCuda:
    """A CPU session that says it runs on CUDA, to put the encoder on another device."""

    def __init__(self, session: Any) -> None:
        self._session = session

    def get_providers(self) -> list[str]:
        return ["CUDAExecutionProvider", "CPUExecutionProvider"]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._session, name)


def test_an_encoder_on_another_device_is_recorded_and_still_matches() -> None:
    real = providers.ort_session

    def factory(source: str | bytes, opts: Any, entries: list[Any]) -> Any:
        if entries[0] == "CPUExecutionProvider":
            return real(source, opts, entries)
        if str(source).endswith("encoder_model.onnx"):
            return _ClaimsCuda(real(source, opts, ["CPUExecutionProvider"]))
        raise RuntimeError("simulated: out of GPU memory")

    model = OnnxSeq2Seq.load(
        folder("marian"), "fp32", ["cuda", "cpu"], layout="split", factory=factory
    )
    info = model.info
    assert info.device == "cpu" and info.io_binding is False
    reasons = [f.reason for f in info.fallbacks]
    assert sum("out of GPU memory" in r for r in reasons) == 1
    assert any("encoder_model.onnx runs on cuda" in r for r in reasons)
    assert_parity(drive(model, "marian"))


def test_int8_runs_and_stays_close_to_fp32() -> None:
    ids, mask = batch("marian")
    start = int(folder("marian").generation["decoder_start_token_id"])
    rng = np.random.default_rng(2)
    # The same decoder inputs for both variants, so only the weights differ.
    tokens: list[IntArray] = [np.full(ids.shape[0], start, dtype=np.int64)]
    tokens += [rng.integers(3, 300, size=(ids.shape[0],), dtype=np.int64) for _ in range(3)]
    outs = []
    variants: tuple[Variant, ...] = ("fp32", "int8")
    for variant in variants:
        state = onnx_model("marian", variant).start(ids, mask)
        outs.append(np.concatenate([state.step(t) for t in tokens]))
    fp32, int8 = outs
    assert np.abs(fp32 - int8).max() > 1e-3, "int8 logits equal fp32: not a quantized model?"
    for a, b in zip(fp32, int8, strict=True):
        assert np.corrcoef(a, b)[0, 1] > 0.95


def test_close_drops_the_sessions() -> None:
    model = OnnxSeq2Seq.load(folder("marian"), "fp32", ["cpu"])
    ids, mask = batch("marian")
    state = model.start(ids, mask)
    model.close()
    with pytest.raises(RuntimeUnavailable):
        model.start(ids, mask)
    with pytest.raises(RuntimeUnavailable):
        state.step(np.zeros(ids.shape[0], dtype=np.int64))


# ----------------------------------------------------------------------------- gather graph


def test_gather_model_is_valid_onnx_and_gathers_rows() -> None:
    onnx = pytest.importorskip("onnx")
    ort = pytest.importorskip("onnxruntime")
    data = gather_model([(1, 4), (10, 2), (7, 2)])
    onnx.checker.check_model(onnx.load_model_from_string(data), full_check=True)
    session = ort.InferenceSession(data, providers=["CPUExecutionProvider"])
    rng = np.random.default_rng(1)
    xs: list[NDArray[Any]] = [
        rng.standard_normal((4, 2, 3, 5)).astype(np.float32),
        rng.standard_normal((4, 7)).astype(np.float16),
        rng.integers(0, 100, size=(4, 6)),
    ]
    rows = np.array([3, 3, 0], dtype=np.int64)
    ys = session.run(None, {"x0": xs[0], "x1": xs[1], "x2": xs[2], "rows": rows})
    for x, y in zip(xs, ys, strict=True):
        np.testing.assert_array_equal(y, x[rows])


@pytest.mark.parametrize(
    "rows",
    [
        [1, 0, 0, 3, 4, 5, 6, 7, 8, 9],  # a swap and a copy: rows written are also read
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
        [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],  # most rows move: a new array
        [2, 2, 5],  # fewer rows: the front of the same array
        [0, 1, 4, 5, 8, 9],  # settled inputs dropped: the rows after them move up
    ],
)
def test_host_gather_reorders_rows_in_place_or_not(rows: list[int]) -> None:
    rng = np.random.default_rng(2)
    cache = rng.standard_normal((10, 2, 3, 4)).astype(np.float32)
    readonly = cache.copy()
    readonly.flags.writeable = False
    index = np.array(rows, dtype=np.int64)
    expected = cache[index]
    out = _HostExecutor().gather({"a": cache, "b": readonly}, index)
    np.testing.assert_array_equal(out["a"], expected)
    np.testing.assert_array_equal(out["b"], expected)
    assert not np.shares_memory(out["b"], readonly)
    if len(rows) < len(cache):  # no new array: the first rows of the old one
        assert np.shares_memory(out["a"], cache) and out["a"].flags.c_contiguous


# ----------------------------------------------------------------------------- broken files


def _copy(name: str, dst: Path) -> Path:
    return Path(shutil.copytree(exported(name), dst / name))


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_a_corrupt_onnx_file_is_model_invalid_naming_it(tmp_path: Path, damage: str) -> None:
    root = _copy("marian", tmp_path)
    target = root / "onnx" / "decoder_with_past_model.onnx"
    data = target.read_bytes()
    target.write_bytes(
        b"\x08\x07this is not a model\xff" * 50 if damage == "garbage" else data[: len(data) // 2]
    )
    with pytest.raises(ModelInvalid) as caught:
        OnnxSeq2Seq.load(load_model_folder(root), "fp32", ["cpu"], layout="split")
    assert caught.value.path == target


def _externalise(model_path: Path) -> None:
    """Move the file's weights to ``weights.bin`` beside it (ONNX external data)."""
    onnx = pytest.importorskip("onnx")
    onnx.save_model(
        onnx.load(str(model_path)),
        str(model_path),
        save_as_external_data=True,
        all_tensors_to_one_file=True,
        location="weights.bin",
        size_threshold=0,
    )


def _relocate(model_path: Path, location: str) -> None:
    """Rewrite every external-data location in the file, leaving the weights where they are."""
    onnx = pytest.importorskip("onnx")
    model = onnx.load(str(model_path), load_external_data=False)
    changed = 0
    for tensor in model.graph.initializer:
        for entry in tensor.external_data:
            if entry.key == "location":
                entry.value = location
                changed += 1
    assert changed
    onnx.save_model(model, str(model_path))


def test_external_data_inside_the_folder_loads(tmp_path: Path) -> None:
    root = _copy("marian", tmp_path)
    _externalise(root / "onnx" / "decoder_model.onnx")
    assert (root / "onnx" / "weights.bin").is_file()
    model = OnnxSeq2Seq.load(load_model_folder(root), "fp32", ["cpu"], layout="full")
    assert_parity(drive(model, "marian"))


def test_external_data_outside_the_folder_is_refused(tmp_path: Path) -> None:
    root = _copy("marian", tmp_path)
    target = root / "onnx" / "decoder_model.onnx"
    _externalise(target)
    # The weights exist, just outside the model folder: only the location can be the reason.
    shutil.move(root / "onnx" / "weights.bin", tmp_path / "weights.bin")
    _relocate(target, "../../weights.bin")
    with pytest.raises(ModelInvalid, match="outside its model folder") as caught:
        OnnxSeq2Seq.load(load_model_folder(root), "fp32", ["cpu"], layout="full")
    assert caught.value.path == target


# ----------------------------------------------------------------------------- generate()

GENERATION_CASES: dict[str, dict[str, Any]] = {
    "greedy": {"num_beams": 1},
    "beam4": {"num_beams": 4},
    "beam4-options": {
        "num_beams": 4,
        "no_repeat_ngram_size": 2,
        "repetition_penalty": 1.3,
        "length_penalty": 0.7,
        "min_new_tokens": 5,
    },
}


@pytest.mark.parametrize("case", list(GENERATION_CASES))
@pytest.mark.parametrize("name", SEQ2SEQ)
def test_generate_matches_transformers_token_for_token(name: str, case: str) -> None:
    gen = pytest.importorskip("engine.runtime.generate")
    options: dict[str, Any] = {**GENERATION_CASES[case], "max_new_tokens": 24}
    fold = folder(name)
    ids, mask = batch(name)
    model = onnx_model(name)
    settings = gen.GenerationSettings.from_folder(fold.generation, fold.config, **options)
    ours = gen.generate(model, ids, mask, settings)

    ref = reference(name)
    with torch.no_grad():
        out = ref.generate(
            input_ids=torch.from_numpy(ids), attention_mask=torch.from_numpy(mask), **options
        )
    eos = set(settings.eos_token_id)
    theirs = []
    for row in out.tolist():
        assert row[0] == settings.decoder_start_token_id
        # Up to and including the first EOS; transformers pads what follows.
        ends = [i for i, token in enumerate(row) if i > 0 and token in eos]
        theirs.append(row[1 : ends[0] + 1] if ends else row[1:])
    assert ours == theirs


# ----------------------------------------------------------------------------- fp16


def test_the_fp16_export_loads_and_follows_fp32() -> None:
    """Our fp16 merged decoder is a valid graph. It is the GPU's fast variant, so only an
    H200 run found it refused ("Subgraph output (logits) is an outer scope value being
    returned directly"), but ONNX Runtime's CPU build refuses, and runs, the same file."""
    fold = folder("marian")
    assert fold.onnx_file("decoder_merged", "fp16").name == "decoder_model_merged_fp16.onnx"
    fp16 = OnnxSeq2Seq.load(fold, "fp16", ["cpu"])
    assert fp16.info.variant == "fp16"
    for ours, theirs in drive(fp16, "marian"):
        for a, b in zip(ours, theirs, strict=True):
            assert np.corrcoef(a, b)[0, 1] > 0.99
        assert float(np.abs(ours - theirs).max()) < 0.05 * max(1.0, float(np.abs(theirs).max()))


# ----------------------------------------------------------------------------- GPU


def _cuda_or_skip(fold: ModelFolder) -> None:
    try:
        probe = create_session(fold.onnx_file("encoder", "fp32"), ["cuda"], model_root=fold.path)
    except RuntimeUnavailable:
        pytest.skip("no CUDA GPU")
    if probe.device != "cuda":
        pytest.skip("no CUDA GPU")


@pytest.mark.gpu
def test_cuda_io_binding_parity_fp32_and_fp16() -> None:
    fold = folder("marian")
    _cuda_or_skip(fold)
    layouts: tuple[Layout, ...] = ("merged", "split")
    for layout in layouts:
        model = OnnxSeq2Seq.load(fold, "fp32", ["cuda"], layout=layout)
        assert model.info.device == "cuda" and model.info.io_binding
        # CUDA sums in another order (TF32 is off, providers.provider_entry): parity relative
        # to the scale.
        pairs = drive(model, "marian")
        scale = max(1.0, max(float(np.abs(t).max()) for _, t in pairs))
        assert_parity(pairs, atol=1e-3 * scale)
    fp16 = OnnxSeq2Seq.load(fold, "fp16", ["cuda"])
    assert fp16.info.device == "cuda" and fp16.info.io_binding
    for ours, theirs in drive(fp16, "marian"):
        for a, b in zip(ours, theirs, strict=True):
            assert np.corrcoef(a, b)[0, 1] > 0.99
        agree = float(np.mean(ours.argmax(axis=1) == theirs.argmax(axis=1)))
        assert agree >= 0.75
