"""bench/ui_stall.py's machinery on tiny cases: the probe reports a stall figure and the job
through the real job runner finishes with the expected output. No timing is asserted (the
figures are the bench's)."""

from __future__ import annotations

import functools
import zipfile
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from tokenizers import Tokenizer

from bench import ui_stall
from bench.stall_inputs import big_docx, save_tokenizer
from engine import Engine, EngineOptions
from engine.api import TranslateRequest
from engine.documents import DocumentResult, extract
from tests.fixtures.builder import exported


@pytest.fixture
def options(quire_home: Path) -> EngineOptions:
    options = EngineOptions(home=quire_home, device="cpu")
    Engine(options).import_model(exported("marian"), ui_stall.MARIAN)
    return options


def test_a_translation_through_the_runner_is_measured(
    qapp: QApplication, options: EngineOptions
) -> None:
    warm_up = functools.partial(ui_stall.translate, text="Good morning.")
    job = functools.partial(ui_stall.translate, text=ui_stall.english(6))
    measured = ui_stall.measure("translate", options, job, warm_up=warm_up, tick_ms=5)
    assert measured.state == "finished", measured.error
    assert measured.ticks >= 1  # stop() counts the last stretch, however short the job
    assert measured.worst_ms >= 0.0
    assert measured.wall_s > 0.0
    table = ui_stall.table({"translate": [measured]}, 5)
    assert f"| translate | {measured.worst_ms:.1f} ms |" in table


def test_a_generated_docx_is_translated_through_the_runner(
    qapp: QApplication, options: EngineOptions, tmp_path: Path
) -> None:
    source = big_docx(tmp_path / "big.docx", part_bytes=200_000, paragraphs=3)
    part = zipfile.ZipFile(source).getinfo("word/document.xml").file_size
    assert 200_000 <= part < 201_000
    request = ui_stall.document_request(
        input=source,
        output=tmp_path / "big.de.docx",
        template=TranslateRequest(text="", model=ui_stall.MARIAN, target="de"),
    )
    job = functools.partial(ui_stall.submit_document, request=request)
    measured = ui_stall.measure("docx", options, job, tick_ms=5)
    assert measured.state == "finished", measured.error
    result = measured.result
    assert isinstance(result, DocumentResult)
    # The random fixture model's output may be judged degenerate and the source kept: either
    # way all three paragraphs went through the model and the file was written.
    assert result.units == 3
    assert result.counts.translated + result.counts.failed == 3
    assert len(extract(tmp_path / "big.de.docx").text.split("\n\n")) == 3


def test_the_generated_tokenizer_has_exactly_the_pieces_asked_for(tmp_path: Path) -> None:
    assert save_tokenizer(tmp_path, 3_000) == 3_000
    tokenizer = Tokenizer.from_file(str(tmp_path / "tokenizer.json"))
    assert tokenizer.get_vocab_size() == 3_000
    encoded = tokenizer.encode("the meeting was postponed").tokens
    assert encoded[0] == "[CLS]" and encoded[-1] == "[SEP]" and "[UNK]" not in encoded
