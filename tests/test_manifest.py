"""Model-folder parsing: the layouts we accept and the errors that name the bad file."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import pytest

from engine.errors import ModelInvalid, ModelNotFound
from engine.runtime.manifest import (
    ROLE_STEMS,
    VARIANT_ORDER,
    VARIANT_SUFFIXES,
    Pooling,
    Role,
    Variant,
    export_suffix,
    load_model_folder,
)
from engine.store.catalog import select_variant_files

# The smallest tokenizer.json the tokenizers library loads (imports build the tokenizer).
TOKENIZER = {"model": {"type": "WordLevel", "vocab": {"[UNK]": 0}, "unk_token": "[UNK]"}}


def tiny_onnx() -> bytes:
    """A valid ONNX file of one Identity node (an install reads every graph far enough to
    know it is one)."""
    from onnx import TensorProto, helper

    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [1])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [1])
    graph = helper.make_graph([helper.make_node("Identity", ["x"], ["y"])], "tiny", [x], [y])
    return bytes(helper.make_model(graph).SerializeToString())


def make_folder(
    root: Path,
    *,
    config: Mapping[str, object] | None = None,
    onnx: tuple[str, ...] = (),
    tokenizer: bool = True,
    safetensors: bool = False,
) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "config.json").write_text(json.dumps(config or {"model_type": "bert"}))
    if tokenizer:
        (root / "tokenizer.json").write_text(json.dumps(TOKENIZER))
    for rel in onnx:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(tiny_onnx())
    if safetensors:
        (root / "model.safetensors").write_bytes(b"st")
    return root


SEQ2SEQ = {"model_type": "marian", "is_encoder_decoder": True, "architectures": ["MarianMTModel"]}


def test_transformers_js_layout_with_variants(tmp_path: Path) -> None:
    folder = load_model_folder(
        make_folder(
            tmp_path / "m",
            config=SEQ2SEQ,
            onnx=(
                "onnx/encoder_model.onnx",
                "onnx/decoder_model_merged.onnx",
                "onnx/encoder_model_quantized.onnx",
                "onnx/decoder_model_merged_quantized.onnx",
                "onnx/encoder_model_fp16.onnx",
                "onnx/decoder_model_merged_fp16.onnx",
            ),
        )
    )
    assert folder.variants == ("fp32", "fp16", "int8")
    assert folder.is_generative
    assert folder.onnx_file("decoder_merged", "int8").name == "decoder_model_merged_quantized.onnx"
    assert folder.onnx_file("encoder", "fp16").name == "encoder_model_fp16.onnx"


ENCODER_ROLES: tuple[Role, ...] = ("model",)
SEQ2SEQ_ROLES: tuple[Role, ...] = ("encoder", "decoder_merged")


@pytest.mark.parametrize("folder", ["onnx/", ""])
@pytest.mark.parametrize("seq2seq", [False, True])
@pytest.mark.parametrize(
    ("variant", "suffix"), [(v, s) for v, suffixes in VARIANT_SUFFIXES.items() for s in suffixes]
)
def test_the_catalog_rule_and_the_folder_reader_agree_on_every_suffix(
    tmp_path: Path, variant: Variant, suffix: str, seq2seq: bool, folder: str
) -> None:
    """What a download fetches for a variant is what the reader then loads as that variant."""
    roles = SEQ2SEQ_ROLES if seq2seq else ENCODER_ROLES
    paths = [f"{folder}{ROLE_STEMS[r]}{suffix}.onnx" for r in roles]
    assert select_variant_files(paths, variant, seq2seq) == paths
    config = SEQ2SEQ if seq2seq else None
    read = load_model_folder(make_folder(tmp_path / "m", config=config, onnx=tuple(paths)))
    assert read.variants == (variant,)
    files = read.onnx[variant].files
    assert [files[r].relative_to(read.path).as_posix() for r in roles] == paths


def test_every_list_of_variant_names_is_the_tables() -> None:
    from engine.options import DTYPES
    from engine.runtime.loader import COREML_ORDER, CPU_ORDER, GPU_ORDER
    from engine.store.catalog import VARIANTS

    assert ("auto", *VARIANT_ORDER) == DTYPES
    assert VARIANTS == VARIANT_ORDER
    assert sorted(GPU_ORDER) == sorted(CPU_ORDER) == sorted(VARIANT_ORDER) == sorted(COREML_ORDER)


def test_the_exporters_suffix_is_one_the_reader_and_the_catalog_know() -> None:
    for variant, suffixes in VARIANT_SUFFIXES.items():
        assert export_suffix(variant) in suffixes


def test_when_a_folder_holds_two_int8_names_the_reader_loads_what_a_download_picks(
    tmp_path: Path,
) -> None:
    paths = ["onnx/model_int8.onnx", "onnx/model_quantized.onnx", "onnx/model_uint8.onnx"]
    fetched = select_variant_files(paths, "int8", seq2seq=False)
    read = load_model_folder(make_folder(tmp_path / "m", onnx=tuple(paths)))
    assert [read.onnx_file("model", "int8").relative_to(read.path).as_posix()] == fetched
    assert fetched == ["onnx/model_quantized.onnx"]


def test_optimum_flat_layout_with_split_decoders(tmp_path: Path) -> None:
    folder = load_model_folder(
        make_folder(
            tmp_path / "m",
            config=SEQ2SEQ,
            onnx=("encoder_model.onnx", "decoder_model.onnx", "decoder_with_past_model.onnx"),
        )
    )
    assert folder.variants == ("fp32",)
    assert set(folder.onnx["fp32"].files) == {"encoder", "decoder", "decoder_with_past"}
    with pytest.raises(ModelInvalid, match=r"no int8 encoder_model\.onnx"):
        folder.onnx_file("encoder", "int8")


def test_generation_config_replaces_configs_generation_keys(tmp_path: Path) -> None:
    root = make_folder(
        tmp_path / "m",
        config={**SEQ2SEQ, "num_beams": 2, "max_length": 99},
        onnx=("encoder_model.onnx", "decoder_model.onnx"),
    )
    assert load_model_folder(root).generation == {"num_beams": 2, "max_length": 99}
    (root / "generation_config.json").write_text(json.dumps({"num_beams": 4}))
    # transformers ignores config.json's generation keys once generation_config.json exists
    assert load_model_folder(root).generation == {"num_beams": 4}


def test_sentence_transformers_pooling(tmp_path: Path) -> None:
    root = make_folder(tmp_path / "m", onnx=("onnx/model.onnx",))
    (root / "modules.json").write_text(
        json.dumps(
            [
                {"idx": 0, "path": "", "type": "sentence_transformers.models.Transformer"},
                {"idx": 1, "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
                {"idx": 2, "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
            ]
        )
    )
    (root / "1_Pooling").mkdir()
    (root / "1_Pooling" / "config.json").write_text(
        json.dumps({"pooling_mode_cls_token": True, "pooling_mode_mean_tokens": False})
    )
    assert load_model_folder(root).pooling == Pooling(mode="cls", normalize=True)


@pytest.mark.parametrize(
    ("setup", "message", "names"),
    [
        (lambda r: (r / "config.json").unlink(), "Missing config.json", "config.json"),
        (lambda r: (r / "config.json").write_text("{nope"), "not valid JSON", "config.json"),
        (lambda r: (r / "config.json").write_text("{}"), "no model_type", "config.json"),
        # Untrusted: names that are not text failed later with a TypeError, which crashed
        # every listing of the store.
        (
            lambda r: (r / "config.json").write_text('{"model_type": "bart", "architectures": 5}'),
            "are not names",
            "config.json",
        ),
        (
            lambda r: (r / "config.json").write_text('{"model_type": ["bart"]}'),
            "are not names",
            "config.json",
        ),
        (lambda r: (r / "tokenizer.json").unlink(), "Missing tokenizer.json", "tokenizer.json"),
        (lambda r: (r / "onnx" / "encoder_model.onnx").unlink(), "no encoder_model", "m"),
        (lambda r: (r / "onnx" / "decoder_model.onnx").unlink(), "no decoder_model", "m"),
    ],
)
def test_broken_folders_name_the_file(tmp_path: Path, setup, message: str, names: str) -> None:  # type: ignore[no-untyped-def]
    root = make_folder(
        tmp_path / "m", config=SEQ2SEQ, onnx=("onnx/encoder_model.onnx", "onnx/decoder_model.onnx")
    )
    setup(root)
    with pytest.raises(ModelInvalid, match=message) as info:
        load_model_folder(root)
    assert info.value.path is not None and info.value.path.name == names


def test_no_weights_at_all_and_pickles_are_not_weights(tmp_path: Path) -> None:
    root = make_folder(tmp_path / "m")
    (root / "pytorch_model.bin").write_bytes(b"pickle")
    with pytest.raises(ModelInvalid, match="never loads pickled"):
        load_model_folder(root)


def test_single_model_onnx_for_a_generator_is_refused(tmp_path: Path) -> None:
    root = make_folder(tmp_path / "m", config=SEQ2SEQ, onnx=("onnx/model.onnx",))
    with pytest.raises(ModelInvalid, match="text generator"):
        load_model_folder(root)


def test_sequence_classification_on_bart_is_an_encoder_task(tmp_path: Path) -> None:
    cfg = {
        "model_type": "bart",
        "is_encoder_decoder": True,
        "architectures": ["BartForSequenceClassification"],
    }
    folder = load_model_folder(make_folder(tmp_path / "m", config=cfg, onnx=("onnx/model.onnx",)))
    assert not folder.is_generative


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(ModelNotFound):
        load_model_folder(tmp_path / "nothing")
