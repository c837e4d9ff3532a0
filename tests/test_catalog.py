"""The shipped catalog's schema and consistency (no network), catalog search, and memory fit."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from engine import Engine, EngineOptions, StoreError
from engine.resources import resource_path
from engine.store.catalog import (
    CATALOG_TASKS,
    SEQ2SEQ_TASKS,
    UNPINNED,
    VARIANTS,
    load_catalog,
    parse_entry,
    select_variant_files,
)
from engine.store.fit import COMFORTABLE, default_variant, device_for, fit_for, needed_bytes
from engine.tasks.languages import to_iso

# ISO 639-1, the two-letter codes (Library of Congress list).
ISO_639_1 = frozenset(
    re.findall(
        r"[a-z]{2}",
        "aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv "
        "cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho "
        "hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku "
        "kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn "
        "no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm "
        "sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi "
        "vo wa wo xh yi yo za zh zu",
    )
)
# Hub licence ids; "llama3.2" is the Llama 3.2 Community License (shown as such in the app).
LICENSES = {"apache-2.0", "mit", "cc-by-4.0", "cc-by-nc-4.0", "bsd-3-clause", "llama3.2"}
ENTRIES = load_catalog()


def raw_catalog() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(resource_path("catalog.json").read_text(encoding="utf-8"))
    return data


def raw_models() -> list[dict[str, Any]]:
    models: list[dict[str, Any]] = raw_catalog()["models"]
    return models


def test_the_catalog_has_the_models_the_issue_names() -> None:
    repos = {e.repo for e in ENTRIES}
    for pair in ("en-de", "de-en", "en-zh", "zh-en", "en-fr", "fr-en", "en-es"):
        assert f"Xenova/opus-mt-{pair}" in repos
    for repo in (
        "Xenova/nllb-200-distilled-600M",
        "Xenova/distilbart-cnn-6-6",
        "Xenova/t5-small",
        "Xenova/distilbert-base-cased-distilled-squad",
        "Xenova/bart-large-mnli",
        "Xenova/all-MiniLM-L6-v2",
        "Xenova/paraphrase-multilingual-MiniLM-L12-v2",
    ):
        assert repo in repos
    tasks = {e.task for e in ENTRIES}
    assert {"translate", "summarize", "ask", "zero-shot", "embed"} <= tasks


def test_names_and_repos_are_unique_and_usable_store_names() -> None:
    from engine.store.local import check_name

    names = [e.name for e in ENTRIES]
    assert len(names) == len(set(names)) and len(ENTRIES) == len({e.repo for e in ENTRIES})
    for name in names:
        assert check_name(name) == name


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.name)
def test_every_entry_is_consistent(entry: Any) -> None:
    assert re.fullmatch(r"[0-9a-f]{40}", entry.revision)
    assert entry.task in CATALOG_TASKS and entry.license in LICENSES and entry.description
    assert entry.languages and len(set(entry.languages)) == len(entry.languages)
    for code in entry.languages:
        # ISO 639-1, as the models' language lists name them: traditional Chinese is a
        # target of its own (NLLB-200's zho_Hant), zh-Hant.
        assert (code in ISO_639_1 and to_iso(code) == code) or code == "zh-Hant", code
    for source, target in entry.pairs:
        assert source != target and {source, target} <= set(entry.languages)
    if entry.task == "translate":
        assert entry.pairs or len(entry.languages) > 2  # bilingual pairs or many-to-many
    shared = {f.path for f in entry.shared}
    assert {"config.json", "tokenizer.json"} <= shared
    seq2seq = entry.task in SEQ2SEQ_TASKS
    if seq2seq:
        assert "generation_config.json" in shared
    assert entry.variants and set(entry.variants) <= set(VARIANTS)
    for variant, files in entry.variants.items():
        paths = [f.path for f in files]
        assert len(paths) == len(set(paths)) and not set(paths) & shared
        # The variant's files are exactly one runnable set by the downloader's own rule.
        assert sorted(select_variant_files(paths, variant, seq2seq)) == sorted(paths)
        assert all(f.size > 0 for f in files) and entry.size(variant) > entry.weights_size(variant)
        for f in files:
            assert f.sha256 is None or re.fullmatch(r"[0-9a-f]{64}", f.sha256)
    assert all(f.size > 0 for f in entry.shared)
    if entry.task == "embed":  # sentence pooling, from the repo or written by Quire
        modules = entry.generated.get("modules.json") or []
        assert any(m["type"].endswith("Pooling") for m in modules)
        assert "1_Pooling/config.json" in entry.generated


def test_every_entry_is_pinned_or_listed_as_unpinned_with_a_reason() -> None:
    unpinned: dict[str, str] = raw_catalog().get("unpinned") or {}
    names = {e.name for e in ENTRIES}
    assert set(unpinned) <= names  # no stale names in the list
    assert all(isinstance(why, str) and why.strip() for why in unpinned.values())
    for entry in ENTRIES:
        if entry.name in unpinned:
            assert entry.revision == UNPINNED and not entry.pinned, entry.name
        else:
            assert entry.pinned and re.fullmatch(r"[0-9a-f]{40}", entry.revision), entry.name
    assert raw_catalog()["pinned"] is (not unpinned)


@pytest.mark.parametrize("raw", raw_models(), ids=lambda r: str(r["name"]))
def test_a_pinned_entry_names_the_hub_pages_it_was_read_from(raw: dict[str, Any]) -> None:
    if raw["revision"] == UNPINNED:
        return
    source = raw["pinned_from"]
    pages = source["pages"]
    assert pages and all(p.startswith(f"https://huggingface.co/{raw['repo']}/") for p in pages)
    # The pinned commit itself is named by at least one page (full id, or the short id the
    # hub shows for the commit that last changed a folder).
    assert any(raw["revision"] in p or raw["revision"][:7] in p for p in pages)
    assert source["root_files"]


def test_page_sizes_are_flagged_approximate() -> None:
    # An LFS pointer (size with sha256) is exact; a size an unpinned entry carries is not.
    def files(e: Any) -> list[Any]:
        return [*e.shared, *(f for v in e.variants.values() for f in v)]

    assert all(f.exact for e in ENTRIES for f in files(e) if f.sha256 is not None)
    assert all(not f.exact for e in ENTRIES if not e.pinned for f in files(e))
    assert parse_entry({**raw_models()[0]}).shared[0].exact is False
    flagged = {**raw_models()[0]["shared"][0]}
    flagged.pop("size_exact")
    assert parse_entry({**raw_models()[0], "shared": [flagged]}).shared[0].exact is True


def test_generated_pooling_files_load_as_an_embedder(tmp_path: Path) -> None:
    from engine.runtime.manifest import load_model_folder
    from engine.tasks.embed import is_embedder

    (entry,) = [e for e in ENTRIES if e.name == "all-MiniLM-L6-v2"]
    folder = tmp_path / "m"
    (folder / "onnx").mkdir(parents=True)
    (folder / "config.json").write_text('{"model_type": "bert"}')
    (folder / "tokenizer.json").write_text("{}")
    (folder / "onnx" / "model_quantized.onnx").write_bytes(b"")
    for rel, content in entry.generated.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(json.dumps(content))
    loaded = load_model_folder(folder)
    assert is_embedder(loaded) and loaded.pooling is not None and loaded.pooling.normalize


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"revision": "main"}, "40-hex"),
        ({"task": "chat"}, "unknown task"),
        ({"variants": {"int4": []}}, "unknown variant"),
        ({"shared": [{"path": "config.json", "size": 0}]}, "positive size"),
        ({"shared": [{"path": "config.json", "size": 3, "sha256": "abc"}]}, "sha256"),
        ({"license": ""}, "license"),
        ({"shared": [{"path": "config.json", "size": 3, "size_exact": "no"}]}, "size_exact"),
        # A hostile site catalog must not place files outside the download folder.
        ({"shared": [{"path": "../../evil.json", "size": 3}]}, "plain relative"),
        ({"shared": [{"path": "/etc/evil.json", "size": 3}]}, "plain relative"),
        ({"variants": {"fp32": [{"path": "onnx\\..\\x.onnx", "size": 3}]}}, "plain relative"),
        ({"generated": {"../pooling.json": {}}}, "plain relative"),
    ],
)
def test_malformed_entries_are_refused(change: dict[str, Any], message: str) -> None:
    raw = {**raw_models()[0], **change}
    with pytest.raises(StoreError, match=message):
        parse_entry(raw)


def test_search_matches_pairs_languages_and_tasks(quire_home: Path) -> None:
    engine = Engine(EngineOptions(home=quire_home, device="cpu"))
    # The pair's own model, and the multilingual one that has both languages.
    assert [h.entry.name for h in engine.catalog("en-de")] == [
        "opus-mt-en-de",
        "nllb-200-distilled-600M",
    ]
    chinese = {h.entry.name for h in engine.catalog("zh")}
    assert {"opus-mt-en-zh", "opus-mt-zh-en", "nllb-200-distilled-600M"} <= chinese
    assert all(h.entry.task == "ask" for h in engine.catalog(task="ask"))
    assert engine.catalog("no such words here") == []
    hit = engine.catalog("all-MiniLM-L6-v2")[0]
    assert not hit.installed and hit.variant == "int8"  # CPU: the quantized graphs
    assert set(hit.fits) == set(hit.entry.variants)
    assert all(f.device == "cpu" for f in hit.fits.values())


# ----------------------------------------------------------------------------- fit


def test_fit_verdicts_follow_free_memory() -> None:
    weights = 400_000_000
    need = needed_bytes(weights)
    assert need > weights
    roomy = fit_for(weights, "int8", "cpu", ram=int(need / COMFORTABLE) + 1)
    tight = fit_for(weights, "int8", "cpu", ram=need + 1)
    short = fit_for(weights, "int8", "cpu", ram=need - 1)
    assert (roomy.verdict, tight.verdict, short.verdict) == ("fits", "slow", "won't fit")
    assert "only" in short.reason and short.available_bytes == need - 1
    assert fit_for(weights, "fp16", "cpu", ram=10 * need).verdict == "slow"  # fp16 on a CPU
    assert fit_for(weights, "fp16", "cuda", vram=need - 1).verdict == "won't fit"
    unknown = fit_for(weights, "fp16", "directml")
    assert unknown.available_bytes is None and "unknown" in unknown.reason


def test_variant_and_device_follow_the_loader_rules() -> None:
    assert default_variant(("fp32", "fp16", "int8"), ["cpu"]) == "int8"
    assert default_variant(("fp32", "fp16", "int8"), ["cuda", "cpu"]) == "fp16"
    assert default_variant(("fp32",), ["cuda", "cpu"]) == "fp32"
    assert device_for("int8", ["cuda", "cpu"]) == "cpu"  # int8 graphs run on the CPU
    assert device_for("fp16", ["cuda", "cpu"]) == "cuda"


def test_only_external_data_files_come_with_a_graph() -> None:
    # A file list (hub or mirror) may pose anything as a graph's external data.
    listed = [
        "onnx/model.onnx",
        "onnx/model.onnx_data",
        "onnx/model.onnx_data_1",
        "onnx/model.onnx_data/../../../escaped.onnx",
        "onnx/model.onnx_data.py",
    ]
    assert select_variant_files(listed, "fp32", seq2seq=False) == listed[:3]


def test_a_search_given_the_engines_devices_does_not_probe_them(
    quire_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app's searches run in a process of their own: planning fits there probed the GPU
    providers again (seconds, and a second CUDA context) though the engine had the answer."""
    import engine.runtime.providers as providers
    from engine.api import CatalogRequest, CatalogResult

    asked: list[str] = []

    def device_plan(device: str) -> list[str]:
        asked.append(device)
        return ["cpu"]

    monkeypatch.setattr(providers, "device_plan", device_plan)
    engine = Engine(EngineOptions(home=quire_home))
    given = engine.run(CatalogRequest(text="opus-mt-en-de", devices=("cuda", "cpu")))
    assert isinstance(given, CatalogResult) and asked == []
    [hit] = given.hits
    assert hit.variant == "fp16" and hit.fits["fp16"].device == "cuda"  # planned for the GPU
    own = engine.run(CatalogRequest(text="opus-mt-en-de"))
    assert isinstance(own, CatalogResult) and asked == ["auto"]
    assert own.hits[0].variant == "int8"


def test_a_pair_search_finds_the_multilingual_model_that_has_both_languages() -> None:
    """`quire models search ja-en` said "No catalog model matches" though NLLB-200 in the
    catalog translates Japanese; and the hints named opus-mt-ja-en, which it does not have."""
    from engine.store.catalog import search, translator_for

    assert [e.name for e in search("ja-en", task="translate")] == ["nllb-200-distilled-600M"]
    assert next(e.name for e in search("en-de", task="translate")) == "opus-mt-en-de"
    assert search("ja-ja", task="translate") == []
    made_for_it = translator_for("en", "de")
    assert made_for_it is not None and made_for_it.name == "opus-mt-en-de"
    multilingual = translator_for("ja", "ko")
    assert multilingual is not None and multilingual.name == "nllb-200-distilled-600M"
    assert translator_for("en", "tlh") is None
