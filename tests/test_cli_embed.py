"""`quire embed` end to end: the JSON contract and agreement with sentence-transformers."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pytest

from engine import Engine, EngineOptions
from engine.cli.main import main
from tests.fixtures.builder import checkpoint, exported


def test_embed_json_matches_sentence_transformers(
    tmp_path: Path, quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Engine(EngineOptions(home=quire_home)).import_model(exported("bert-embed"), "mini-embed")
    texts = ["the cat sat on the mat", "a dog", "weather is nice today in the city"]
    source = tmp_path / "in.txt"
    source.write_text("\n".join(texts) + "\n\n", encoding="utf-8")

    code = main(["embed", "--json", "--dtype", "fp32", str(source)])
    out, _err = capsys.readouterr()
    doc = json.loads(out)
    assert code == 0
    assert doc["model"] == "mini-embed" and doc["variant"] == "fp32" and doc["device"] == "cpu"
    assert doc["file"] == str(source)
    assert doc["texts"] == texts  # the blank lines were skipped: each vector's text says which
    got = np.asarray(doc["embeddings"], dtype=np.float32)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from sentence_transformers import SentenceTransformer

        reference = SentenceTransformer(str(checkpoint("bert-embed")), device="cpu").encode(texts)
    assert got.shape == reference.shape
    np.testing.assert_allclose(got, reference, atol=1e-4)


def test_embed_without_a_model_says_what_to_install(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in.txt"
    source.write_text("hello\n", encoding="utf-8")
    code = main(["embed", str(source)])
    _out, err = capsys.readouterr()
    assert code == 1 and "No sentence-embedding model is installed" in err


def test_unreadable_inputs_get_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    binary = tmp_path / "blob.bin"
    binary.write_bytes(b"\x00\x01\x02" * 10)
    latin = tmp_path / "latin.txt"
    latin.write_bytes("café".encode("latin-1"))
    # A document: what embed reads, not "binary file … --encoding" (an outside review).
    document = tmp_path / "report.docx"
    document.write_bytes(
        (Path(__file__).parent / "data" / "producers" / "pandoc.docx").read_bytes()
    )
    for path, message, options in (
        (tmp_path / "missing.txt", "No such file", []),
        (binary, "binary file", []),
        (latin, "not utf-8", ["--encoding", "utf-8"]),  # detected, unless told otherwise
        (document, "embed reads plain text, one text per line; this is a .docx document", []),
        # As every other command reading files, a limit of the user's (it had none but 200 MB).
        (latin, "larger than the 3 bytes limit", ["--max-size", "0.000003"]),
    ):
        code = main(["embed", *options, str(path)])
        _out, err = capsys.readouterr()
        assert code == 1 and message in err and str(path) in err
        assert len(err.strip().splitlines()) == 1
    # So does generate, the other command reading plain text only.
    code = main(["generate", "--model", "any", str(document)])
    _out, err = capsys.readouterr()
    assert code == 1 and "generate reads a plain-text prompt; this is a .docx document" in err


def test_an_empty_file_is_refused_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blank = tmp_path / "blank.txt"
    blank.write_text("  \n\n", encoding="utf-8")
    for command in (["translate", "--to", "de"], ["summarize"], ["ask", "-q", "why"], ["embed"]):
        code = main([*command, str(blank)])
        _out, err = capsys.readouterr()
        assert code == 1 and "holds no text" in err and str(blank) in err, command
        assert "Give a file that holds text, or - to read standard input" in err  # what to do
