"""Decoder-only models on ONNX Runtime, against transformers on the same random weights, for
every family (Llama, Qwen2, Qwen3, Phi-3, Gemma-2), each exported through Quire:

greedy ids equal ``model.generate``; chat-template ids equal ``apply_chat_template``; seeded
sampling reproduces; the sampling warpers equal transformers' own; EOS lists and stop strings
stop where transformers stops; hostile templates are refused. The 4-bit drift against fp32 is
measured in ``bench/llm.py``, not asserted here.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import numpy as np
import pytest

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")
pytest.importorskip("optimum.exporters.onnx")

from engine.errors import InputError, ModelInvalid  # noqa: E402
from engine.runtime.chat import ChatTemplate  # noqa: E402
from engine.runtime.generate_causal import (  # noqa: E402
    CausalSettings,
    MinP,
    Temperature,
    TopK,
    TopP,
    generate,
    settings_from,
)
from engine.runtime.manifest import ModelFolder, load_model_folder  # noqa: E402
from engine.runtime.onnx_causal import OnnxCausalLM  # noqa: E402
from engine.runtime.tokenizer import TextTokenizer  # noqa: E402
from tests.fixtures.causal import (  # noqa: E402
    CAUSAL,
    checkpoint,
    exported,
    reference,
    with_chat_template,
)

PROMPTS = [
    "The quick brown fox jumps over",
    "Please translate this document before Monday, 3 March 2025.",
    "How many kilometres",
]
CHAT = [
    {"role": "user", "content": "How many kilometres is it from Berlin to Paris?"},
    {"role": "assistant", "content": "About 880 km."},
    {"role": "user", "content": "And by train?"},
]


@functools.cache
def _folder(family: str) -> ModelFolder:
    return load_model_folder(exported(family))


@functools.cache
def _ours(family: str, variant: str = "fp32") -> OnnxCausalLM:
    return OnnxCausalLM.load(_folder(family), variant, ["cpu"], threads=1)  # type: ignore[arg-type]


@functools.cache
def _reference(family: str) -> Any:
    return reference(family)


@functools.cache
def _hf_tokenizer(family: str) -> Any:
    tok = transformers.AutoTokenizer.from_pretrained(checkpoint(family))
    tok.padding_side = "left"
    return tok


def _batch(family: str, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    b = _hf_tokenizer(family)(texts, return_tensors="np", padding=True)
    return b["input_ids"].astype(np.int64), b["attention_mask"].astype(np.int64)


def _hf_generate(family: str, ids: np.ndarray, mask: np.ndarray, **kwargs: Any) -> list[list[int]]:
    with torch.no_grad():
        out = _reference(family).generate(
            torch.tensor(ids), attention_mask=torch.tensor(mask), **kwargs
        )
    return [row[ids.shape[1] :].tolist() for row in out]


def _trim(row: list[int], eos: tuple[int, ...]) -> list[int]:
    for i, t in enumerate(row):
        if t in eos:
            return row[: i + 1]
    return row


# ----------------------------------------------------------------------------- the runtime


def test_folders_are_recognised_as_causal_with_their_variants() -> None:
    folder = _folder("qwen2")
    assert folder.is_causal and not folder.is_generative
    assert folder.variants == ("fp32", "int8", "q4")
    assert folder.onnx_file("model", "q4").name == "model_q4.onnx"


def test_q4_variant_uses_matmulnbits() -> None:
    import onnx

    graph = onnx.load(str(_folder("llama").onnx_file("model", "q4")), load_external_data=False)
    ops = {node.op_type for node in graph.graph.node}
    assert "MatMulNBits" in ops


@pytest.mark.parametrize("family", CAUSAL)
def test_the_export_drops_the_nan_guards_of_sdpa_attention(family: str) -> None:
    """The guards go (finite masks instead); the left-padded batches of the tests below still
    match transformers, padding rows included in the cache."""
    import onnx

    graph = onnx.load(str(_folder(family).onnx_file("model", "fp32")), load_external_data=False)
    ops = [node.op_type for node in graph.graph.node]
    assert ops.count("Softmax") == 2  # one attention per layer
    assert "IsNaN" not in ops


def test_the_nan_guard_rewrite_leaves_other_graphs_alone(tmp_path: Path) -> None:
    import onnx
    from onnx import TensorProto, helper

    from engine.store.export_causal import finite_attention_masks

    # Softmax then a NaN guard, but over a mask of finite values: not the exported pattern.
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 2])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 2])
    nodes = [
        helper.make_node("Softmax", ["x"], ["p"]),
        helper.make_node("IsNaN", ["p"], ["nan"]),
        helper.make_node("Where", ["nan", "zero", "p"], ["y"]),
    ]
    zero = helper.make_tensor("zero", TensorProto.FLOAT, [], [0.0])
    model = helper.make_model(helper.make_graph(nodes, "g", [x], [y], [zero]))
    path = tmp_path / "model.onnx"
    onnx.save(model, str(path))
    before = path.read_bytes()
    assert finite_attention_masks(path) == 0
    assert path.read_bytes() == before


@pytest.mark.parametrize("family", CAUSAL)
def test_the_export_computes_the_lm_head_for_the_last_positions_only(family: str) -> None:
    model = _ours(family)
    assert model.takes_keep
    ids, mask = _batch(family, PROMPTS)
    full = model.start(len(ids)).forward(ids, mask, last_only=False)
    last = model.start(len(ids)).forward(ids, mask, last_only=True)
    np.testing.assert_array_equal(last, full[:, -1])


@pytest.mark.parametrize("family", CAUSAL)
def test_logits_match_transformers_with_the_cache(family: str) -> None:
    ids, mask = _batch(family, PROMPTS)
    state = _ours(family).start(len(ids))
    prefill = state.forward(ids, mask, last_only=False)
    nxt = np.full((len(ids), 1), 7, dtype=np.int64)
    step = state.forward(nxt)
    full_ids = np.concatenate([ids, nxt], axis=1)
    full_mask = np.concatenate([mask, np.ones_like(nxt)], axis=1)
    with torch.no_grad():
        ref = (
            _reference(family)(
                torch.tensor(full_ids),
                attention_mask=torch.tensor(full_mask),
                position_ids=torch.tensor(np.maximum(np.cumsum(full_mask, 1) - 1, 0)),
            )
            .logits.float()
            .numpy()
        )
    real = mask.astype(bool)
    np.testing.assert_allclose(prefill[real], ref[:, :-1][real], atol=2e-4)
    np.testing.assert_allclose(step, ref[:, -1], atol=2e-4)


def test_gemma2_keeps_its_attention_soft_capping() -> None:
    """Gemma-2 caps its attention scores (``cap * tanh(scores / cap)``), which transformers'
    default SDPA attention leaves out without a word: the export traces the eager attention,
    so the ONNX model computes what the model defines (the reference above is eager too)."""
    assert _folder("gemma2").config["attn_logit_softcapping"] == 5.0
    ids, mask = _batch("gemma2", PROMPTS)
    ours = _ours("gemma2").start(len(ids)).forward(ids, mask, last_only=False)
    positions = torch.tensor(np.maximum(np.cumsum(mask, 1) - 1, 0))
    uncapped = transformers.AutoModelForCausalLM.from_pretrained(
        checkpoint("gemma2"), attn_implementation="eager", attn_logit_softcapping=None
    ).eval()
    with torch.no_grad():
        args = (torch.tensor(ids),)
        kwargs = {"attention_mask": torch.tensor(mask), "position_ids": positions}
        capped_ref = _reference("gemma2")(*args, **kwargs).logits.numpy()
        uncapped_ref = uncapped(*args, **kwargs).logits.numpy()
    real = mask.astype(bool)
    np.testing.assert_allclose(ours[real], capped_ref[real], atol=2e-4)
    # The cap matters at this fixture's scale: without it the logits are far off.
    assert np.abs(ours[real] - uncapped_ref[real]).max() > 0.1


@pytest.mark.parametrize("fuse", [True, False])
def test_a_truncated_cache_continues_as_a_fresh_one(fuse: bool) -> None:
    """Scoring several continuations of one prompt cuts the cache back to the prompt between
    them: what follows must be what a fresh cache of the prompt gives."""
    folder = _folder("qwen2")
    model = OnnxCausalLM.load(folder, "fp32", ["cpu"], threads=1, fuse=fuse)
    assert model.shared_cache is fuse
    rng = np.random.default_rng(3)
    prompt, first, second = (rng.integers(5, 200, (1, n)).astype(np.int64) for n in (7, 5, 3))
    state = model.start(1)
    state.forward(prompt)
    state.forward(first, last_only=False)  # written past the prompt, then forgotten
    state.truncate(prompt.shape[1])
    assert state.length == prompt.shape[1]
    again = state.forward(second, last_only=False)
    fresh = model.start(1)
    fresh.forward(prompt)
    np.testing.assert_allclose(again, fresh.forward(second, last_only=False), rtol=0, atol=1e-5)
    with pytest.raises(ValueError):
        state.truncate(state.length + 1)


# ----------------------------------------------------------------------------- generation


@pytest.mark.parametrize("family", CAUSAL)
def test_greedy_ids_equal_transformers_generate(family: str) -> None:
    ids, mask = _batch(family, PROMPTS)
    settings = settings_from(_folder(family).generation, max_new_tokens=24, repetition_penalty=1.2)
    ours = generate(_ours(family), ids, mask, settings)
    theirs = _hf_generate(
        family, ids, mask, max_new_tokens=24, do_sample=False, repetition_penalty=1.2
    )
    eos = settings.eos_token_id
    assert ours.tokens == [_trim(row, eos) for row in theirs]
    assert len({tuple(t) for t in ours.tokens}) == len(PROMPTS)  # the outputs depend on the input


@pytest.mark.parametrize("family", ["llama", "gemma2"])
def test_an_eos_list_stops_where_transformers_stops(family: str) -> None:
    ids, mask = _batch(family, PROMPTS[:1])
    free = _hf_generate(family, ids, mask, max_new_tokens=12, do_sample=False, eos_token_id=None)[0]
    eos = (10_000, free[5])  # an id beyond the vocabulary, and the sixth token generated
    ours = generate(_ours(family), ids, mask, CausalSettings(max_new_tokens=12, eos_token_id=eos))
    theirs = _hf_generate(family, ids, mask, max_new_tokens=12, eos_token_id=list(eos))[0]
    assert ours.tokens[0] == _trim(theirs, eos) == free[: free.index(free[5]) + 1]
    assert ours.stopped == ["eos"]


def test_stop_strings_stop_where_transformers_stops() -> None:
    family = "qwen2"
    tok = _hf_tokenizer(family)
    ids, mask = _batch(family, PROMPTS[:1])
    free = _hf_generate(family, ids, mask, max_new_tokens=16, do_sample=False, eos_token_id=None)[0]
    text = tok.decode(free[6:9])
    stop = text[1:-1] if len(text) > 3 else text
    assert stop.strip(), "the fixture's output must decode to some text"
    ours_tok = TextTokenizer.load(_folder(family))
    settings = CausalSettings(max_new_tokens=16, stop_strings=(stop,), eos_token_id=())
    ours = generate(_ours(family), ids, mask, settings, decode=ours_tok.decode)
    theirs = _hf_generate(
        family, ids, mask, max_new_tokens=16, stop_strings=[stop], tokenizer=tok, eos_token_id=None
    )[0]
    assert ours.stopped == ["stop_string"]
    assert ours.tokens[0] == theirs[: len(ours.tokens[0])]
    assert len(ours.tokens[0]) < 16 and stop in tok.decode(ours.tokens[0])


def test_seeded_sampling_reproduces_and_the_seed_matters() -> None:
    family = "phi3"
    ids, mask = _batch(family, PROMPTS[:1])

    def run(seed: int) -> list[int]:
        settings = CausalSettings(
            max_new_tokens=20, do_sample=True, temperature=1.5, top_k=0, top_p=0.95, seed=seed
        )
        return generate(_ours(family), ids, mask, settings).tokens[0]

    assert run(7) == run(7)
    assert run(7) != run(8)


def test_sampling_with_top_k_1_is_greedy() -> None:
    family = "qwen3"
    ids, mask = _batch(family, PROMPTS)
    greedy = generate(_ours(family), ids, mask, CausalSettings(max_new_tokens=10))
    sampled = generate(
        _ours(family),
        ids,
        mask,
        CausalSettings(max_new_tokens=10, do_sample=True, top_k=1, temperature=0.7, seed=1),
    )
    assert sampled.tokens == greedy.tokens


def test_the_reported_logprobs_are_the_chosen_tokens_log_softmax() -> None:
    family = "qwen2"
    ids, mask = _batch(family, PROMPTS[:2])
    model = _ours(family)
    # A repetition penalty makes the processed scores differ from the raw logits, which the
    # log-probabilities are of.
    settings = CausalSettings(max_new_tokens=5, eos_token_id=(), repetition_penalty=1.5)
    out = generate(model, ids, mask, settings)
    # Teacher-forced: the raw logits before each generated token, log_softmax'ed in float64.
    state = model.start(len(ids))
    logits = state.forward(ids, mask)
    for step in range(5):
        chosen = np.array([row[step] for row in out.tokens])
        wide = logits.astype(np.float64)
        norm = wide - wide.max(axis=1, keepdims=True)
        norm -= np.log(np.exp(norm).sum(axis=1, keepdims=True))
        want = norm[np.arange(len(ids)), chosen]
        got = [out.logprobs[r][step] for r in range(len(ids))]
        np.testing.assert_allclose(got, want, rtol=0, atol=1e-5)
        logits = state.forward(chosen[:, None])


def test_streaming_reports_every_prefix() -> None:
    family = "llama"
    ids, mask = _batch(family, PROMPTS[:1])
    seen: list[list[int]] = []
    out = generate(_ours(family), ids, mask, CausalSettings(max_new_tokens=8), on_token=seen.append)
    assert seen == [out.tokens[0][: i + 1] for i in range(len(out.tokens[0]))]


@pytest.mark.parametrize(
    ("ours", "theirs", "arg"),
    [
        (Temperature, "TemperatureLogitsWarper", 0.6),
        (TopK, "TopKLogitsWarper", 5),
        (TopP, "TopPLogitsWarper", 0.8),
        (MinP, "MinPLogitsWarper", 0.1),
    ],
)
def test_warpers_equal_transformers(ours: Any, theirs: str, arg: float) -> None:
    rng = np.random.default_rng(3)
    scores = (rng.standard_normal((4, 300)) * 3).astype(np.float32)
    ref = getattr(transformers, theirs)(arg)(
        torch.zeros((4, 1), dtype=torch.long), torch.tensor(scores)
    )
    got = ours(arg)(np.zeros((4, 1), dtype=np.int64), scores.copy())
    np.testing.assert_array_equal(np.isinf(got), np.isinf(ref.numpy()))
    np.testing.assert_allclose(got[np.isfinite(got)], ref.numpy()[np.isfinite(got)], rtol=1e-6)


@pytest.mark.parametrize("variant", ["int8", "q4"])
def test_quantized_variants_generate(variant: str) -> None:
    family = "qwen2"
    ids, mask = _batch(family, PROMPTS[:1])
    model = _ours(family, variant)
    assert model.info.variant == variant
    out = generate(model, ids, mask, CausalSettings(max_new_tokens=6))
    assert len(out.tokens[0]) == 6
    assert all(0 <= t < model.vocab_size for t in out.tokens[0])


def test_settings_read_generation_config_lists() -> None:
    s = settings_from(
        {"eos_token_id": [3, 5], "pad_token_id": 0, "do_sample": True, "top_k": 20, "top_p": 0.8},
        max_new_tokens=5,
        temperature=None,
    )
    assert s.eos_token_id == (3, 5) and s.pad_token_id == 0 and s.do_sample and s.top_k == 20
    with pytest.raises(InputError):
        CausalSettings(do_sample=True, temperature=0)
    with pytest.raises(InputError):
        CausalSettings(max_new_tokens=0)
    with pytest.raises(InputError, match="seed must be 0 or more"):  # (numpy's ValueError)
        CausalSettings(do_sample=True, temperature=0.7, seed=-1)


# ----------------------------------------------------------------------------- chat templates


@pytest.mark.parametrize("family", CAUSAL)
def test_chat_template_ids_equal_apply_chat_template(family: str) -> None:
    folder = _folder(family)
    template = ChatTemplate.load(folder)
    assert template is not None
    messages = CHAT
    ours_text = template.render(messages, add_generation_prompt=True)
    ours = TextTokenizer.load(folder).encode_batch([ours_text], add_special_tokens=False)
    theirs = _hf_tokenizer(family).apply_chat_template(
        messages, add_generation_prompt=True, tokenize=True
    )
    assert ours.input_ids[0].tolist() == list(theirs)
    assert ours_text == _hf_tokenizer(family).apply_chat_template(
        messages, add_generation_prompt=True, tokenize=False
    )


def _with_template(tmp_path: Path, template: str) -> ModelFolder:
    return load_model_folder(with_chat_template(tmp_path / "model", template))


@pytest.mark.parametrize(
    "template",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ messages.__class__.__init__.__globals__ }}",
        "{% set x = messages.append({'role': 'user'}) %}{{ x }}",
        "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    ],
)
def test_a_hostile_template_is_refused(tmp_path: Path, template: str) -> None:
    folder = _with_template(tmp_path, template)
    chat = ChatTemplate.load(folder)
    assert chat is not None
    with pytest.raises(ModelInvalid, match="chat template") as info:
        chat.render(CHAT)
    assert info.value.path is not None and info.value.path.name == "tokenizer_config.json"


TOOLS_TEMPLATE = (
    "{%- if tools %}{{- '<|im_start|>system\\n# Tools\\n<tools>' }}"
    "{%- for tool in tools %}{{- '\\n' }}{{- tool | tojson }}{%- endfor %}"
    "{{- '\\n</tools><|im_end|>\\n' }}{%- endif %}"
    "{%- if documents %}{{- '<|im_start|>system\\n# Documents\\n' }}"
    "{%- for doc in documents %}"
    "{{- '[' ~ loop.index ~ '] ' ~ doc.title ~ ': ' ~ doc.text ~ '\\n' }}"
    "{%- endfor %}{{- '<|im_end|>\\n' }}{%- endif %}"
    "{%- for message in messages %}"
    "{{- '<|im_start|>' + message.role + '\\n' + message.content + '<|im_end|>\\n' }}"
    "{%- endfor %}"
    "{%- if add_generation_prompt %}{{- '<|im_start|>assistant\\n' }}{%- endif %}"
)
WEATHER = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Das Wetter für eine Stadt / 一个城市的天气",
        "parameters": {
            "type": "object",
            "properties": {"city": {"type": "string"}},
            "required": ["city"],
        },
    },
}


@pytest.mark.parametrize(
    ("tools", "documents"),
    [
        ([WEATHER], None),
        (None, [{"title": "Berlin", "text": "Rain all week."}, {"title": "Paris", "text": "Sun."}]),
        ([WEATHER], [{"title": "Berlin", "text": "Rain all week."}]),
    ],
)
def test_tools_and_documents_reach_the_template_as_in_apply_chat_template(
    tmp_path: Path, tools: Any, documents: Any
) -> None:
    import json
    import shutil

    folder = tmp_path / "model"
    shutil.copytree(exported("qwen2"), folder)
    (folder / "chat_template.jinja").unlink()
    config = json.loads((folder / "tokenizer_config.json").read_text(encoding="utf-8"))
    config["chat_template"] = TOOLS_TEMPLATE
    (folder / "tokenizer_config.json").write_text(json.dumps(config), encoding="utf-8")
    template = ChatTemplate.load(load_model_folder(folder))
    assert template is not None
    messages = CHAT[:1]
    text = template.render(messages, tools=tools, documents=documents)
    ours = TextTokenizer.load(load_model_folder(folder)).encode_batch(
        [text], add_special_tokens=False
    )
    hf = transformers.AutoTokenizer.from_pretrained(folder)
    theirs = hf.apply_chat_template(
        messages, tools=tools, documents=documents, add_generation_prompt=True, tokenize=True
    )
    assert ours.input_ids[0].tolist() == list(theirs)
    assert ("get_weather" in text) == (tools is not None)
    assert ("Rain all week" in text) == (documents is not None)


def test_a_tool_that_is_not_an_object_is_an_input_error() -> None:
    template = ChatTemplate.load(_folder("qwen2"))
    assert template is not None
    with pytest.raises(InputError, match="tool"):
        template.render(CHAT, tools=["get_weather"])  # type: ignore[list-item]


def test_a_broken_template_names_the_file(tmp_path: Path) -> None:
    chat = ChatTemplate.load(_with_template(tmp_path, "{% for m in messages %}"))
    assert chat is not None
    with pytest.raises(ModelInvalid, match="not valid Jinja"):
        chat.render(CHAT)


def test_a_template_refusing_the_conversation_is_an_input_error() -> None:
    chat = ChatTemplate.load(_folder("gemma2"))
    assert chat is not None
    with pytest.raises(InputError, match="System role not supported"):
        chat.render([{"role": "system", "content": "Be brief."}, *CHAT])


def test_a_prompt_longer_than_the_prefill_slice_gives_the_same_ids(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from engine.runtime import generate_causal

    family = "llama"
    ids, mask = _batch(family, PROMPTS)
    settings = CausalSettings(max_new_tokens=12)
    whole = generate(_ours(family), ids, mask, settings)
    monkeypatch.setattr(generate_causal, "PREFILL_CHUNK", 3)
    sliced = generate(_ours(family), ids, mask, settings)
    assert sliced.tokens == whole.tokens


def test_a_transformers_js_fp16_file_with_a_float16_cache_runs(tmp_path: Path) -> None:
    """Transformers.js' model_fp16.onnx takes and returns the KV cache (and logits) in
    float16, unlike Quire's own export, which keeps float32 at the edges."""
    import shutil

    import onnx
    from onnxruntime.transformers.float16 import convert_float_to_float16

    folder = tmp_path / "model"
    shutil.copytree(exported("qwen2"), folder)
    fp32 = onnx.load(str(folder / "onnx" / "model.onnx"))
    half = convert_float_to_float16(fp32, keep_io_types=False, disable_shape_infer=True)
    onnx.save(half, str(folder / "onnx" / "model_fp16.onnx"))
    model = OnnxCausalLM.load(load_model_folder(folder), "fp16", ["cpu"], threads=1)
    assert model.cache_dtype is np.float16
    ids, mask = _batch("qwen2", PROMPTS[:1])
    state = model.start(1)
    first = state.forward(ids, mask)
    second = state.forward(np.array([[7]]))
    reference = _ours("qwen2").start(1)
    assert first.dtype == np.float32
    np.testing.assert_allclose(first, reference.forward(ids, mask), atol=0.05)
    np.testing.assert_allclose(second, reference.forward(np.array([[7]])), atol=0.05)


def test_export_writes_fp16_and_q4f16_variants_that_run(tmp_path: Path) -> None:
    import onnx

    from engine.store.export_causal import export_causal

    dst = export_causal(checkpoint("qwen3"), tmp_path / "out", ("fp16", "q4f16"))
    folder = load_model_folder(dst)
    assert folder.variants == ("fp16", "q4f16")
    graph = onnx.load(str(folder.onnx_file("model", "q4f16")), load_external_data=False)
    assert "MatMulNBits" in {node.op_type for node in graph.graph.node}
    ids, mask = _batch("qwen3", PROMPTS[:1])
    for variant in folder.variants:
        model = OnnxCausalLM.load(folder, variant, ["cpu"], threads=1)
        out = generate(model, ids, mask, CausalSettings(max_new_tokens=4))
        assert len(out.tokens[0]) == 4 and all(0 <= t < model.vocab_size for t in out.tokens[0])
    # A left-padded batch: the padding rows' attention must stay finite in float16 too (the
    # export's finite masks replaced the NaN guards).
    from engine.store.export_causal import FINITE_MASK

    fp16 = onnx.load(str(folder.onnx_file("model", "fp16")), load_external_data=False)
    masks = [t for t in fp16.graph.initializer if t.name == FINITE_MASK]
    # -10,000, not float16's lowest: a score added to -65,504 could round to -inf.
    assert [onnx.numpy_helper.to_array(t).item() for t in masks] == [-10_000.0]
    ids, mask = _batch("qwen3", PROMPTS)
    assert (mask == 0).any()
    half = OnnxCausalLM.load(folder, "fp16", ["cpu"], threads=1).start(len(ids))
    first = half.forward(ids, mask)
    second = half.forward(np.full((len(ids), 1), 7, dtype=np.int64))
    reference = _ours("qwen3").start(len(ids))
    np.testing.assert_allclose(first, reference.forward(ids, mask), atol=0.05)
    np.testing.assert_allclose(second, reference.forward(np.full((len(ids), 1), 7)), atol=0.05)


def test_export_refuses_what_it_cannot_do(tmp_path: Path) -> None:
    from engine.errors import ExportError
    from engine.store.export_causal import export_causal
    from tests.fixtures.builder import checkpoint as seq2seq_checkpoint

    with pytest.raises(ExportError, match="Unknown dtype"):
        export_causal(checkpoint("llama"), tmp_path / "a", ("int4",))  # type: ignore[arg-type]
    with pytest.raises(ExportError, match="not a decoder-only"):
        export_causal(seq2seq_checkpoint("marian"), tmp_path / "b", ("fp32",))


# ----------------------------------------------------------------------------- CUDA


@pytest.mark.gpu
def test_cuda_keeps_the_cache_on_the_device_and_matches_the_cpu(tmp_path: Path) -> None:
    """On CUDA the cache stays in device memory through IO binding (the attention as
    exported: CUDA's fused attention wants float16); the logits are the CPU's, to CUDA's
    float rounding; Transformers.js's float16 file runs there too."""
    import shutil

    import onnx
    from onnxruntime.transformers.float16 import convert_float_to_float16

    from engine.errors import RuntimeUnavailable

    try:
        model = OnnxCausalLM.load(_folder("qwen2"), "fp32", ["cuda"])
    except RuntimeUnavailable:
        pytest.skip("no CUDA GPU")
    if model.info.device != "cuda":
        pytest.skip("no CUDA GPU")
    assert model.info.io_binding and not model.fused
    ids, mask = _batch("qwen2", PROMPTS)
    gpu, cpu = model.start(len(ids)), _ours("qwen2").start(len(ids))
    real = mask.astype(bool)
    first = gpu.forward(ids, mask, last_only=False)
    scale = max(1.0, float(np.abs(first).max()))
    np.testing.assert_allclose(
        first[real], cpu.forward(ids, mask, last_only=False)[real], atol=1e-3 * scale
    )
    for token in (7, 11, 13):
        step = np.full((len(ids), 1), token, dtype=np.int64)
        np.testing.assert_allclose(gpu.forward(step), cpu.forward(step), atol=1e-3 * scale)
    folder = tmp_path / "model"
    shutil.copytree(exported("qwen2"), folder)
    fp32 = onnx.load(str(folder / "onnx" / "model.onnx"))
    half = convert_float_to_float16(fp32, keep_io_types=False, disable_shape_infer=True)
    onnx.save(half, str(folder / "onnx" / "model_fp16.onnx"))
    fp16 = OnnxCausalLM.load(load_model_folder(folder), "fp16", ["cuda"])
    assert fp16.info.device == "cuda" and fp16.info.io_binding
    want = _ours("qwen2").start(len(ids)).forward(ids, mask)
    got = fp16.start(len(ids)).forward(ids, mask)
    for a, b in zip(got, want, strict=True):
        assert np.corrcoef(a, b)[0, 1] > 0.99


def test_a_growing_text_only_grows_where_the_clean_up_joins_spaces(tmp_path: Path) -> None:
    """With ``clean_up_tokenization_spaces`` a later token changes text already decoded
    ("I do n" becomes "I don't"): the streamed text holds back what may still change, so
    each partial text begins the next and the final one (a terminal cannot take text back)."""
    import json
    import shutil

    folder = tmp_path / "model"
    shutil.copytree(exported("qwen2"), folder)
    config_path = folder / "tokenizer_config.json"
    config = json.loads(config_path.read_text(encoding="utf-8"))
    config["clean_up_tokenization_spaces"] = True
    config_path.write_text(json.dumps(config), encoding="utf-8")
    tokenizer = TextTokenizer.load(load_model_folder(folder))
    text = "I do n't know , do you ? We 're here ."
    ids = [int(i) for i in tokenizer.encode_batch([text], add_special_tokens=False).input_ids[0]]
    final = tokenizer.decode(ids)
    assert final == "I don't know, do you? We're here."
    # The case is there: plain decoding of a prefix shows text the final one takes back.
    assert any(not final.startswith(tokenizer.decode(ids[:k])) for k in range(len(ids)))
    growing = [tokenizer.decode_growing(ids[:k]) for k in range(1, len(ids) + 1)]
    for before, after in zip(growing, [*growing[1:], final], strict=True):
        assert after.startswith(before)
    assert final.startswith(growing[-1]) and len(final) - len(growing[-1]) <= 3
    assert growing[2] == "I do"  # "I do n": the " n" may yet become "n't"
    # A join the next token undoes: " ' " is cleaned to "'" until a "," comes (" ," first).
    for other in ("He said ' hi ' , then left", "It ' s 3 . 5 ' m ! Yes ' re ' ve ?"):
        ids = [
            int(i) for i in tokenizer.encode_batch([other], add_special_tokens=False).input_ids[0]
        ]
        final = tokenizer.decode(ids)
        growing = [tokenizer.decode_growing(ids[:k]) for k in range(1, len(ids) + 1)]
        for before, after in zip(growing, [*growing[1:], final], strict=True):
            assert after.startswith(before), (before, after)
