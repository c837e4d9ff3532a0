"""Real weights: all-MiniLM-L6-v2 exported and run by the engine scores on the STS benchmark
what sentence-transformers scores on the same machine (fp32 within 0.1, int8 within 1.0)."""

from __future__ import annotations

import contextlib
import io
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray

from bench.sts import (
    MissingInput,
    StsSet,
    engine_embeddings,
    eval_file,
    exported,
    load_stsb,
    minilm_source,
    reference_embeddings,
    spearman_x100,
)
from engine.cli import main

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Run:
    data: StsSet
    # Vectors of each distinct sentence by runtime ("reference", "fp32", "int8"); the pairs'
    # rows in them are ``first`` and ``second``.
    vectors: dict[str, NDArray[np.float32]]
    first: NDArray[np.intp]
    second: NDArray[np.intp]

    def spearman(self, key: str) -> float:
        vectors = self.vectors[key]
        return spearman_x100(vectors[self.first], vectors[self.second], self.data.gold)


def _quire_embed_cli(folder: Path, sentences: list[str], tmp: Path) -> NDArray[np.float32]:
    """The fp32 figure goes through the user's path: `quire embed --json` on a file."""
    source = tmp / "sentences.txt"
    source.write_text("\n".join(sentences) + "\n", encoding="utf-8")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["embed", "--json", "--dtype", "fp32", "--model", str(folder), str(source)])
    assert code == 0
    doc = json.loads(out.getvalue())
    assert doc["variant"] == "fp32"
    return np.asarray(doc["embeddings"], dtype=np.float32)


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    tmp = tmp_path_factory.mktemp("sts")
    try:
        src = minilm_source()
        data = load_stsb(eval_file())
    except MissingInput as exc:
        # Missing evidence is a failure, not a skip: CI must not pass without it.
        pytest.fail(str(exc), pytrace=False)
    folder = exported(src)
    sentences = list(dict.fromkeys(data.first + data.second))
    index = {s: i for i, s in enumerate(sentences)}
    return Run(
        data,
        {
            "reference": reference_embeddings(src, sentences),
            "fp32": _quire_embed_cli(folder, sentences, tmp),
            "int8": engine_embeddings(folder, "int8", sentences),
        },
        first=np.asarray([index[s] for s in data.first], dtype=np.intp),
        second=np.asarray([index[s] for s in data.second], dtype=np.intp),
    )


def test_stsb_file_is_read_whole(run: Run) -> None:
    # 1,379 pairs; quote characters inside sentences must not merge rows.
    assert len(run.data) == 1379
    assert run.data.gold.min() >= 0.0 and run.data.gold.max() <= 5.0
    assert all(s.strip() for s in run.data.first + run.data.second)


def test_fp32_spearman_within_0_1_of_sentence_transformers(run: Run) -> None:
    reference, engine = run.spearman("reference"), run.spearman("fp32")
    assert 75.0 < reference < 90.0, f"sentence-transformers scored {reference:.2f}"
    assert abs(engine - reference) <= 0.1, f"engine fp32 {engine:.3f} vs {reference:.3f}"


def test_int8_spearman_within_1_0_of_sentence_transformers(run: Run) -> None:
    reference, engine = run.spearman("reference"), run.spearman("int8")
    assert abs(engine - reference) <= 1.0, f"engine int8 {engine:.3f} vs {reference:.3f}"


def test_fp32_vectors_equal_sentence_transformers(run: Run) -> None:
    np.testing.assert_allclose(run.vectors["fp32"], run.vectors["reference"], atol=1e-4, rtol=0)


def test_missing_eval_file_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUIRE_EVAL_DIR", str(tmp_path))
    with pytest.raises(MissingInput, match="QUIRE_EVAL_DIR"):
        eval_file()
