"""Encoder parity: Quire's tokenizer, OnnxEncoder, TorchEncoder and pooling against transformers
and sentence-transformers on the same tiny random checkpoints."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from engine.errors import InputError, ModelInvalid, RuntimeUnavailable
from engine.runtime.manifest import ModelFolder, Pooling, load_model_folder
from engine.runtime.onnx_encoder import OnnxEncoder
from engine.runtime.pooling import pool
from engine.runtime.providers import available_devices, create_session
from engine.runtime.tokenizer import TextTokenizer
from engine.runtime.torch_encoder import TorchEncoder
from tests.fixtures.builder import checkpoint, exported

ATOL = 1e-4
# Mixed lengths, punctuation, accents, CJK, an empty string; the long one is cut by max_length.
TEXTS = [
    "Hello.",
    "Where is the nearest train station, please?",
    "",
    "Über 3,5 % der Preise stiegen — très cher! 中文也在这里。",
    "The committee approved the budget after a long discussion, and the children played "
    "football in the park until sunset while it rained all night over the quiet village.",
    "Do you know?",
]
PAIRS = [
    "A greeting.",
    "Is there a station nearby?",
    "Nothing at all.",
    "Prices rose last year.",
    "Short.",
    "Do you know where the nearest train station is, and how long it takes to walk there?",
]
HEADS = {
    "distilbert-qa": ("AutoModelForQuestionAnswering", ("start_logits", "end_logits")),
    "bert-cls": ("AutoModelForSequenceClassification", ("logits",)),
    "bart-nli": ("AutoModelForSequenceClassification", ("logits",)),
    "bert-embed": ("AutoModel", ("last_hidden_state",)),
}
NAMES = tuple(HEADS)


def auto_tokenizer(folder: Path) -> Any:
    import transformers

    auto: Any = transformers.AutoTokenizer  # untyped classmethod
    return auto.from_pretrained(folder)


def reference_tokenizer(name: str) -> Any:
    return auto_tokenizer(checkpoint(name))


def reference_model(name: str) -> Any:
    import transformers

    auto = getattr(transformers, HEADS[name][0])
    return auto.from_pretrained(checkpoint(name), use_safetensors=True).eval()


def inputs_for(name: str) -> tuple[list[str], list[str] | None]:
    """QA and NLI take sentence pairs; the classifier takes both; embeddings single texts."""
    if name == "distilbert-qa":
        return PAIRS, TEXTS  # (question, context)
    if name in ("bert-cls", "bart-nli"):
        return TEXTS, PAIRS
    return TEXTS, None


def transformers_outputs(
    name: str, texts: list[str], pairs: list[str] | None
) -> dict[str, np.ndarray]:
    import torch

    tok = reference_tokenizer(name)
    batch = tok(texts, pairs, padding=True, truncation=True, return_tensors="pt")
    with torch.inference_mode():
        out = reference_model(name)(**batch)
    result = {k: out[k].float().numpy() for k in HEADS[name][1]}
    result["attention_mask"] = batch["attention_mask"].numpy()
    return result


def engine_folder(name: str) -> ModelFolder:
    return load_model_folder(exported(name))


# ----------------------------------------------------------------------------- tokenizer


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("max_length", [None, 9, 24])
@pytest.mark.parametrize("paired", [False, True])
def test_tokenizer_matches_transformers(name: str, max_length: int | None, paired: bool) -> None:
    ours = TextTokenizer.load(engine_folder(name))
    ref = reference_tokenizer(name)
    pairs = PAIRS if paired else None
    batch = ours.encode_batch(TEXTS, pairs=pairs, max_length=max_length)
    expected = ref(
        TEXTS,
        pairs,
        padding=True,
        truncation=True,
        max_length=max_length,
        return_tensors="np",
        return_offsets_mapping=True,
    )
    np.testing.assert_array_equal(batch.input_ids, expected["input_ids"])
    np.testing.assert_array_equal(batch.attention_mask, expected["attention_mask"])
    np.testing.assert_array_equal(batch.offsets, expected["offset_mapping"])
    if "token_type_ids" in expected:
        assert batch.token_type_ids is not None
        np.testing.assert_array_equal(batch.token_type_ids, expected["token_type_ids"])
    else:
        assert batch.token_type_ids is None
    for row in range(len(TEXTS)):
        sequence_ids = [-1 if s is None else s for s in expected.sequence_ids(row)]
        assert batch.sequence_ids[row].tolist() == sequence_ids
        for skip in (True, False):
            assert ours.decode(batch.input_ids[row], skip_special_tokens=skip) == ref.decode(
                expected["input_ids"][row], skip_special_tokens=skip
            )


@pytest.mark.parametrize("name", ["distilbert-qa", "bart-nli"])
def test_only_second_truncation_matches_transformers(name: str) -> None:
    ours = TextTokenizer.load(engine_folder(name))
    ref = reference_tokenizer(name)
    questions = ["Why?", "Where is it?", "Who?"]
    contexts = [TEXTS[4], TEXTS[1], TEXTS[3]]
    batch = ours.encode_batch(questions, pairs=contexts, max_length=16, truncation="only_second")
    expected = ref(
        questions,
        contexts,
        padding=True,
        truncation="only_second",
        max_length=16,
        return_tensors="np",
    )
    np.testing.assert_array_equal(batch.input_ids, expected["input_ids"])
    np.testing.assert_array_equal(batch.attention_mask, expected["attention_mask"])


@pytest.mark.parametrize("name", NAMES)
def test_special_tokens_match_transformers(name: str) -> None:
    ours = TextTokenizer.load(engine_folder(name))
    ref = reference_tokenizer(name)
    assert ours.pad_id == ref.pad_token_id
    for attr in ("bos", "eos", "unk", "cls", "sep", "mask"):
        assert getattr(ours, f"{attr}_id") == getattr(ref, f"{attr}_token_id"), attr
    assert ours.all_special_ids == set(ref.all_special_ids)
    # transformers' limit, capped at the position table (sentence-transformers' own limit for
    # bert-embed is checked with the embeddings).
    positions = engine_folder(name).config["max_position_embeddings"]
    if name != "bert-embed":
        assert ours.model_max_length == min(ref.model_max_length, positions)
    token = ref.convert_ids_to_tokens(7)
    assert ours.token_to_id(token) == 7
    assert ours.id_to_token(7) == token
    assert ours.vocab_size == len(ref)


def _copy_with_config(name: str, dst: Path, **changes: Any) -> Path:
    shutil.copytree(exported(name), dst)
    cfg_file = dst / "tokenizer_config.json"
    cfg = json.loads(cfg_file.read_text(encoding="utf-8"))
    cfg.update(changes)
    cfg_file.write_text(json.dumps(cfg), encoding="utf-8")
    return dst


@pytest.mark.parametrize(
    ("name", "changes", "changes_output"),
    [
        # BERT-family classes rebuild the normalizer from tokenizer_config.json...
        ("bert-cls", {"tokenizer_class": "BertTokenizer", "do_lower_case": False}, True),
        ("bert-cls", {"tokenizer_class": "DistilBertTokenizer", "strip_accents": False}, True),
        # ...the generic class does not.
        ("bert-cls", {"tokenizer_class": "PreTrainedTokenizerFast", "do_lower_case": False}, False),
        # Every class resets a byte-level pre-tokenizer's add_prefix_space.
        ("bart-nli", {"add_prefix_space": True}, True),
        # BART-family classes also rebuild the post-processor (offsets).
        ("bart-nli", {"tokenizer_class": "BartTokenizer", "trim_offsets": False}, True),
    ],
)
def test_tokenizer_config_overrides_tokenizer_json_like_transformers(
    name: str, changes: dict[str, Any], changes_output: bool, tmp_path: Path
) -> None:
    folder = _copy_with_config(name, tmp_path / name, **changes)
    ours = TextTokenizer.load(load_model_folder(folder))
    ref = auto_tokenizer(folder)
    texts = ["Über Café SHOUTING", "  leading spaces and Ünïcödé  "]
    batch = ours.encode_batch(texts)
    expected = ref(texts, padding=True, return_tensors="np", return_offsets_mapping=True)
    np.testing.assert_array_equal(batch.input_ids, expected["input_ids"])
    np.testing.assert_array_equal(batch.offsets, expected["offset_mapping"])
    # Whether the setting changed anything, so this test notices a setting we ignore.
    plain = TextTokenizer.load(engine_folder(name)).encode_batch(texts)
    same = np.array_equal(plain.input_ids, batch.input_ids) and np.array_equal(
        plain.offsets, batch.offsets
    )
    assert same is not changes_output


def test_tokenizer_json_baked_padding_and_truncation_are_ignored(tmp_path: Path) -> None:
    """tokenizer.json may carry fixed padding/truncation (all-MiniLM's pads to 128);
    transformers resets both per call, and so must we."""
    folder = tmp_path / "bert"
    shutil.copytree(exported("bert-cls"), folder)
    spec_file = folder / "tokenizer.json"
    spec = json.loads(spec_file.read_text(encoding="utf-8"))
    spec["truncation"] = {
        "direction": "Right",
        "max_length": 4,
        "strategy": "LongestFirst",
        "stride": 0,
    }
    spec["padding"] = {
        "strategy": {"Fixed": 40},
        "direction": "Right",
        "pad_to_multiple_of": None,
        "pad_id": 0,
        "pad_type_id": 0,
        "pad_token": "[PAD]",
    }
    spec_file.write_text(json.dumps(spec), encoding="utf-8")
    batch = TextTokenizer.load(load_model_folder(folder)).encode_batch(TEXTS[:2])
    expected = reference_tokenizer("bert-cls")(
        TEXTS[:2], padding=True, truncation=True, return_tensors="np"
    )
    np.testing.assert_array_equal(batch.input_ids, expected["input_ids"])


def test_left_padding_follows_tokenizer_config(tmp_path: Path) -> None:
    folder = _copy_with_config("bert-cls", tmp_path / "left", padding_side="left")
    batch = TextTokenizer.load(load_model_folder(folder)).encode_batch(TEXTS)
    expected = auto_tokenizer(folder)(TEXTS, padding=True, return_tensors="np")
    assert batch.attention_mask[:, 0].min() == 0  # really padded on the left
    np.testing.assert_array_equal(batch.input_ids, expected["input_ids"])
    np.testing.assert_array_equal(batch.attention_mask, expected["attention_mask"])


def test_broken_tokenizer_json_is_model_invalid(tmp_path: Path) -> None:
    folder = tmp_path / "broken"
    shutil.copytree(exported("bert-cls"), folder)
    (folder / "tokenizer.json").write_text('{"model": {"type": "Nonsense"}}', encoding="utf-8")
    with pytest.raises(ModelInvalid, match=r"tokenizer\.json") as info:
        TextTokenizer.load(load_model_folder(folder))
    assert info.value.path == folder / "tokenizer.json"


def test_mismatched_pairs_are_input_errors() -> None:
    tok = TextTokenizer.load(engine_folder("bert-cls"))
    with pytest.raises(InputError):
        tok.encode_batch(["a", "b"], pairs=["only one"])
    with pytest.raises(InputError):
        tok.encode_batch(["a"], max_length=0)


# ----------------------------------------------------------------------------- pooling


@pytest.mark.parametrize("mode", ["mean", "cls", "max"])
@pytest.mark.parametrize("normalize", [False, True])
@pytest.mark.parametrize("side", ["right", "left"])
def test_pooling_matches_sentence_transformers(mode: str, normalize: bool, side: str) -> None:
    import torch
    from sentence_transformers.sentence_transformer.modules import Normalize
    from sentence_transformers.sentence_transformer.modules import Pooling as StPooling

    rng = np.random.default_rng(0)
    hidden = rng.normal(size=(4, 7, 16)).astype(np.float32) * 3
    lengths = [7, 3, 1, 5]
    mask = np.zeros((4, 7), dtype=np.int64)
    for row, n in enumerate(lengths):
        if side == "right":
            mask[row, :n] = 1
        else:
            mask[row, 7 - n :] = 1
    features = {
        "token_embeddings": torch.from_numpy(hidden),
        "attention_mask": torch.from_numpy(mask),
    }
    with torch.inference_mode():
        expected = StPooling(16, pooling_mode=mode)(features)
        if normalize:
            expected = Normalize()(expected)
    got = pool(hidden, mask, Pooling(mode=mode, normalize=normalize))  # type: ignore[arg-type]
    assert got.dtype == np.float32 and got.shape == (4, 16)
    np.testing.assert_allclose(got, expected["sentence_embedding"].numpy(), atol=1e-6, rtol=1e-5)


def test_pooling_rejects_mismatched_shapes() -> None:
    with pytest.raises(ValueError):
        pool(np.zeros((2, 3, 4), np.float32), np.ones((2, 4), np.int64), Pooling())


# ----------------------------------------------------------------------------- ONNX Runtime


@pytest.mark.parametrize("name", NAMES)
def test_onnx_fp32_matches_transformers(name: str) -> None:
    folder = engine_folder(name)
    texts, pairs = inputs_for(name)
    batch = TextTokenizer.load(folder).encode_batch(texts, pairs=pairs)
    model = OnnxEncoder.load(folder, "fp32", ["cpu"])
    assert (model.info.backend, model.info.variant, model.info.device) == ("onnx", "fp32", "cpu")
    assert model.info.providers[0] == "CPUExecutionProvider"
    got = model.run(batch.inputs())
    expected = transformers_outputs(name, texts, pairs)
    assert set(got) == set(HEADS[name][1])
    for key in HEADS[name][1]:
        assert got[key].dtype == np.float32
        np.testing.assert_allclose(got[key], expected[key], atol=ATOL, rtol=0, err_msg=key)
    model.close()


@pytest.mark.parametrize("name", NAMES)
def test_onnx_int8_is_close_to_fp32(name: str) -> None:
    folder = engine_folder(name)
    texts, pairs = inputs_for(name)
    inputs = TextTokenizer.load(folder).encode_batch(texts, pairs=pairs).inputs()
    fp32 = OnnxEncoder.load(folder, "fp32", ["cpu"]).run(inputs)
    int8_model = OnnxEncoder.load(folder, "int8", ["cpu"])
    assert int8_model.info.variant == "int8"
    int8 = int8_model.run(inputs)
    for key, ref in fp32.items():
        assert int8[key].shape == ref.shape
        assert not np.array_equal(int8[key], ref)  # really a different (quantized) graph
        corr = np.corrcoef(int8[key].ravel(), ref.ravel())[0, 1]
        assert corr > 0.95, (key, corr)


def test_onnx_feeds_only_declared_inputs() -> None:
    """DistilBERT's graph takes no token_type_ids; BERT's takes them and defaults them to 0."""
    distil = OnnxEncoder.load(engine_folder("distilbert-qa"), "fp32", ["cpu"])
    assert "token_type_ids" not in distil.input_names
    batch = TextTokenizer.load(engine_folder("distilbert-qa")).encode_batch(TEXTS)
    extra = {**batch.inputs(), "token_type_ids": np.zeros_like(batch.input_ids)}
    np.testing.assert_array_equal(
        distil.run(extra)["start_logits"], distil.run(batch.inputs())["start_logits"]
    )

    bert_folder = engine_folder("bert-cls")
    bert = OnnxEncoder.load(bert_folder, "fp32", ["cpu"])
    assert "token_type_ids" in bert.input_names
    single = TextTokenizer.load(bert_folder).encode_batch(TEXTS)
    assert single.token_type_ids is not None and not single.token_type_ids.any()
    without = {k: v for k, v in single.inputs().items() if k != "token_type_ids"}
    np.testing.assert_array_equal(bert.run(without)["logits"], bert.run(single.inputs())["logits"])


def test_onnx_rejects_bad_inputs() -> None:
    model = OnnxEncoder.load(engine_folder("bert-cls"), "fp32", ["cpu"])
    with pytest.raises(InputError):
        model.run({"attention_mask": np.ones((1, 3), np.int64)})
    with pytest.raises(InputError):
        model.run(
            {"input_ids": np.ones((1, 3), np.int64), "attention_mask": np.ones((1, 4), np.int64)}
        )


def test_embeddings_match_sentence_transformers() -> None:
    from sentence_transformers import SentenceTransformer

    src = checkpoint("bert-embed")
    folder = engine_folder("bert-embed")
    assert folder.pooling == Pooling(mode="mean", normalize=True)
    reference = SentenceTransformer(str(src), device="cpu", local_files_only=True)
    tokenizer = TextTokenizer.load(folder)
    assert tokenizer.model_max_length == reference.max_seq_length
    expected = reference.encode(TEXTS, convert_to_numpy=True, batch_size=len(TEXTS))
    batch = tokenizer.encode_batch(TEXTS)
    onnx_hidden = OnnxEncoder.load(folder, "fp32", ["cpu"]).run(batch.inputs())["last_hidden_state"]
    torch_hidden = TorchEncoder.load(load_model_folder(src)).run(batch.inputs())[
        "last_hidden_state"
    ]
    for hidden in (onnx_hidden, torch_hidden):
        got = pool(hidden, batch.attention_mask, folder.pooling)
        np.testing.assert_allclose(got, expected, atol=ATOL, rtol=0)
        np.testing.assert_allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)


@pytest.mark.gpu
@pytest.mark.parametrize("name", ["bert-cls", "distilbert-qa"])
def test_onnx_on_cuda_matches_cpu(name: str) -> None:
    folder = engine_folder(name)
    if "cuda" not in available_devices():
        pytest.skip("this ONNX Runtime build has no CUDA provider")
    probe = create_session(
        folder.onnx_file("model", "fp32"), ["cuda", "cpu"], model_root=folder.path
    )
    if probe.device != "cuda":
        pytest.skip(
            f"ONNX Runtime's CUDA provider does not start here: {probe.fallbacks[0].reason}"
        )
    texts, pairs = inputs_for(name)
    inputs = TextTokenizer.load(folder).encode_batch(texts, pairs=pairs).inputs()
    expected = OnnxEncoder.load(folder, "fp32", ["cpu"]).run(inputs)
    for variant, tolerance in (("fp32", ATOL), ("fp16", 2e-2)):
        model = OnnxEncoder.load(folder, variant, ["cuda", "cpu"])  # type: ignore[arg-type]
        assert model.info.device == "cuda" and model.info.io_binding
        got = model.run(inputs)
        for key, ref in expected.items():
            np.testing.assert_allclose(
                got[key], ref, atol=tolerance, rtol=0, err_msg=f"{variant} {key}"
            )


# ----------------------------------------------------------------------------- PyTorch


@pytest.mark.parametrize("name", NAMES)
def test_torch_matches_transformers(name: str) -> None:
    folder = load_model_folder(checkpoint(name))
    texts, pairs = inputs_for(name)
    batch = TextTokenizer.load(folder).encode_batch(texts, pairs=pairs)
    model = TorchEncoder.load(folder)
    assert (model.info.backend, model.info.device) == ("torch", "cpu")
    got = model.run(batch.inputs())
    expected = transformers_outputs(name, texts, pairs)
    assert set(got) == set(HEADS[name][1])
    for key in HEADS[name][1]:
        assert got[key].dtype == np.float32
        np.testing.assert_allclose(got[key], expected[key], atol=ATOL, rtol=0, err_msg=key)


def test_torch_cuda_without_gpu_falls_back_to_cpu() -> None:
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has a CUDA device")
    model = TorchEncoder.load(load_model_folder(checkpoint("bert-cls")), device="cuda")
    assert model.info.device == "cpu"
    assert [(f.wanted, f.got) for f in model.info.fallbacks] == [("cuda", "cpu")]


def test_torch_needs_safetensors() -> None:
    with pytest.raises(ModelInvalid, match="safetensors"):
        TorchEncoder.load(engine_folder("bert-cls"))  # ONNX files only


def test_torch_missing_is_runtime_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "torch", None)
    with pytest.raises(RuntimeUnavailable, match="PyTorch"):
        TorchEncoder.load(load_model_folder(checkpoint("bert-cls")))
