"""The memory fit of decoder-only models counts the KV cache of the context a task uses, and
the catalog's instruction models parse with their licences and 4-bit variants."""

from __future__ import annotations

from engine.store.catalog import find_entry, load_catalog
from engine.store.fit import TASK_CONTEXT, CacheShape, fit_for

QWEN25_05B = {
    "num_hidden_layers": 24,
    "num_attention_heads": 14,
    "num_key_value_heads": 2,
    "hidden_size": 896,
    "vocab_size": 151936,
    "max_position_embeddings": 32768,
}


def test_cache_bytes_follow_the_shape_the_context_and_the_dtype() -> None:
    shape = CacheShape.from_config(QWEN25_05B)
    assert shape == CacheShape(24, 2, 64, 151936, 32768)
    logits = 256 * 151936 * 4
    assert shape.bytes_for("q4", 1000) == 2 * 24 * 2 * 64 * 1000 * 4 + logits
    assert shape.bytes_for("q4f16", 1000) == 2 * 24 * 2 * 64 * 1000 * 2 + logits
    short = CacheShape(2, 2, 16, 10, context=100)
    assert short.bytes_for("fp32", 5000) == short.bytes_for("fp32", 100)  # capped at its limit


def test_fit_adds_the_cache_and_says_so() -> None:
    shape = CacheShape.from_config(QWEN25_05B)
    assert shape is not None
    plain = fit_for(500_000_000, "q4", "cpu", ram=8_000_000_000)
    with_cache = fit_for(500_000_000, "q4", "cpu", ram=8_000_000_000, cache=shape)
    assert with_cache.needed_bytes - plain.needed_bytes == shape.bytes_for("q4", TASK_CONTEXT)
    assert f"{TASK_CONTEXT:,}-token context" in with_cache.reason
    # A model of 512 positions is counted (and said) with its own 512.
    short = CacheShape(2, 2, 16, 10, context=512)
    assert "512-token context" in fit_for(1000, "fp32", "cpu", ram=10**9, cache=short).reason
    # A long context can be what tips a model over.
    big = CacheShape(80, 8, 128, 0, None)
    assert fit_for(1_000_000_000, "q4", "cpu", ram=4_000_000_000).verdict == "fits"
    assert fit_for(1_000_000_000, "q4", "cpu", ram=4_000_000_000, cache=big).verdict != "fits"


def test_config_without_a_decoder_shape_has_no_cache() -> None:
    assert CacheShape.from_config({"model_type": "bert"}) is None


def test_catalog_instruction_models_show_licences_and_4bit_variants() -> None:
    entries = [e for e in load_catalog() if e.task == "generate"]
    assert {e.name for e in entries} >= {"qwen2.5-0.5b-instruct", "llama-3.2-1b-instruct"}
    llama = find_entry("llama-3.2-1b-instruct")
    assert llama is not None and llama.license == "llama3.2"
    assert "Community License" in llama.description
    for entry in entries:
        assert {"q4", "q4f16"} <= set(entry.variants)
        assert CacheShape.from_config(entry.kv_cache) is not None
        assert not entry.pinned  # not verifiable from here: the catalog note says why
