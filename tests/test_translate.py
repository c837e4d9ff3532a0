"""Translate through ``Engine.run`` on tiny exported models: every sentence once and in order,
whitespace kept, batching invisible in the output, progress, streaming, cancel, model choice
(bilingual, multilingual with forced BOS, T5 prefixes, pivot), glossaries and long inputs.

Outputs are compared with a direct ``generate()`` call on one sentence at a time, or with
transformers' ``generate`` for the multilingual models.
"""

from __future__ import annotations

import itertools
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from engine.api import Event, PartialText, Progress, TranslateRequest, TranslateResult
from engine.engine import Engine
from engine.errors import Cancelled, InputError, ModelNotFound
from engine.options import CancelToken, EngineOptions
from engine.runtime.backend import FloatArray, IntArray, RunInfo, Seq2SeqModel
from engine.runtime.generate import GenerationSettings, generate
from engine.runtime.manifest import ModelFolder
from engine.tasks import translate
from engine.tasks.context import Loaded
from engine.tasks.languages import Prompt, languages, prompt, target_key, to_iso
from engine.tasks.seq2seq import BATCH, Seq2Seq
from engine.text import Glossary, load_glossary, segment
from tests.fixtures import corpus
from tests.fixtures.builder import checkpoint, exported

# Three paragraphs of English with odd whitespace around and between them, a hard wrap inside
# a sentence, and more sentences than one batch holds. (The fixture's tokenizer is nearly
# character-level: these sentences are short enough to stay whole.)
ENGLISH = corpus.sentences("en")
TEXT = (
    "  "
    + " ".join(ENGLISH[:2] + ENGLISH[5:8])
    + "\n\n\n"
    + "  ".join(ENGLISH[8:9] + ENGLISH[11:13])
    + "\nThe teacher writes\nthe red book every week."
    + "\n\n\t"
    + " ".join(ENGLISH[20:40])
    + "  \n"
)


# ----------------------------------------------------------------------------- helpers


# Generation settings over the models' own for the engines make_engine builds (EngineOptions'
# ``generation``); the fast_generation fixture fills it for one test.
GENERATION: dict[str, int] = {}


def make_engine(home: Path, **installs: str | Path) -> Engine:
    """An engine on the test's store with fixtures (or folders) installed under the given names."""
    engine = Engine(
        EngineOptions(home=home, device="cpu", dtype="fp32", generation=tuple(GENERATION.items()))
    )
    for name, source in installs.items():
        folder = source if isinstance(source, Path) else exported(source)
        engine.import_model(folder, name)
    return engine


def loaded(engine: Engine, name: str) -> Loaded:
    """The engine's own cached model, so a test can wrap what the task will run."""
    return engine._models.get(engine.model(name), "seq2seq", lambda _event: None)


def direct(model: Loaded, text: str, prefix: str = "", **overrides: object) -> str:
    """One sentence on its own through tokenizer → generate → decode."""
    batch = model.tokenizer.encode_batch([prefix + " ".join(text.split())])
    settings = GenerationSettings.from_folder(
        model.folder.generation, model.folder.config, **{**model.overrides, **overrides}
    )
    assert model.seq2seq is not None
    row = generate(model.seq2seq, batch.input_ids, batch.attention_mask, settings)[0]
    return model.tokenizer.decode(row).strip()


def whole_sentences(model: Loaded, candidates: list[str]) -> list[str]:
    """The candidates short enough to be translated whole: at most two thirds of the tokens the
    model may generate (these fixtures allow few)."""
    limit = (model.folder.generation["max_length"] - 1) * 2 // 3
    batch = model.tokenizer.encode_batch(candidates, add_special_tokens=False)
    return [
        s for s, n in zip(candidates, batch.attention_mask.sum(axis=1), strict=True) if n <= limit
    ]


def sentences(text: str, language: str = "en") -> list[str]:
    return [piece.text for piece in segment(text, language).segments]


def paragraphs(text: str, pieces: list[str]) -> list[int]:
    """The paragraph of each piece: blank lines before it (found left to right)."""
    out: list[int] = []
    cursor = 0
    for piece in pieces:
        start = text.index(piece, cursor)
        out.append(len(re.findall(r"\n[^\S\n]*\n\s*", text[:start])))
        cursor = start + len(piece)
    return out


def expected_text(source: str, pieces: list[str], outputs: list[str]) -> str:
    """``source`` with each sentence replaced, found left to right (independent of reassemble)."""
    parts: list[str] = []
    cursor = 0
    for piece, output in zip(pieces, outputs, strict=True):
        start = source.index(piece, cursor)
        parts += [source[cursor:start], output]
        cursor = start + len(piece)
    return "".join(parts) + source[cursor:]


class Events:
    """Collects progress events; keeps only the latest partial text, checking that it grows."""

    def __init__(self) -> None:
        self.progress: list[Progress] = []
        self.partial = ""
        self.partials = 0
        self.other: list[Event] = []

    def __call__(self, event: Event) -> None:
        if isinstance(event, Progress):
            self.progress.append(event)
        elif isinstance(event, PartialText):
            assert event.text.startswith(self.partial) and len(event.text) > len(self.partial)
            self.partial = event.text
            self.partials += 1
        else:
            self.other.append(event)

    def check_progress(self, stage: str, total: int) -> None:
        mine = [p for p in self.progress if p.stage == stage]
        assert mine and all(p.total == total for p in mine)
        done = [p.done for p in mine]
        assert done == sorted(done) and done[-1] == total


class Counting:
    """Wraps a model: counts decoder steps, records batch shapes, cancels at a chosen step."""

    def __init__(self, inner: Seq2SeqModel, token: CancelToken | None = None, at: int = 0) -> None:
        self.inner, self.token, self.at = inner, token, at
        self.info = inner.info
        self.steps = 0
        self.shapes: list[tuple[int, int, int]] = []  # rows, columns, beams
        self.inputs: list[IntArray] = []

    @property
    def vocab_size(self) -> int:
        return self.inner.vocab_size

    def start(self, input_ids: IntArray, attention_mask: IntArray, expand: int = 1) -> _Steps:
        self.shapes.append((*input_ids.shape, expand))
        self.inputs.append(input_ids.copy())
        return _Steps(self, self.inner.start(input_ids, attention_mask, expand))

    def close(self) -> None:
        self.inner.close()


class _Steps:
    def __init__(self, owner: Counting, inner: object) -> None:
        self.owner, self.inner = owner, inner

    def step(self, tokens: IntArray) -> FloatArray:
        self.owner.steps += 1
        logits: FloatArray = self.inner.step(tokens)  # type: ignore[attr-defined]
        if self.owner.token is not None and self.owner.steps == self.owner.at:
            self.owner.token.cancel()
        return logits

    def reorder(self, rows: IntArray) -> None:
        self.inner.reorder(rows)  # type: ignore[attr-defined]


class Echo:
    """A model that copies its input (the decoder's n-th token is the input's n-th), or that
    repeats one token for ever: what a perfect placeholder-keeper and a stuck decoder do."""

    def __init__(self, vocab: int, stuck: int | None = None) -> None:
        self.info = RunInfo(backend="fake", variant="fp32", device="cpu")
        self._vocab, self._stuck = vocab, stuck

    @property
    def vocab_size(self) -> int:
        return self._vocab

    def start(self, input_ids: IntArray, attention_mask: IntArray, expand: int = 1) -> _EchoState:
        return _EchoState(np.repeat(input_ids, expand, axis=0), self._vocab, self._stuck)

    def close(self) -> None:
        pass


class _EchoState:
    def __init__(self, rows: IntArray, vocab: int, stuck: int | None) -> None:
        self.rows, self.vocab, self.stuck, self.position = rows, vocab, stuck, 0

    def step(self, tokens: IntArray) -> FloatArray:
        logits = np.zeros((len(self.rows), self.vocab), dtype=np.float32)
        column = min(self.position, self.rows.shape[1] - 1)
        wanted = self.rows[:, column] if self.stuck is None else np.full(len(self.rows), self.stuck)
        logits[np.arange(len(self.rows)), wanted] = 100.0
        self.position += 1
        return logits

    def reorder(self, rows: IntArray) -> None:
        self.rows = self.rows[rows]


@pytest.fixture
def fast_generation(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Greedy and short outputs: for tests about routing and bookkeeping, not model outputs."""
    monkeypatch.setitem(GENERATION, "max_new_tokens", 3)
    monkeypatch.setitem(GENERATION, "num_beams", 1)
    yield


# ----------------------------------------------------------------------------- the basics


def test_every_sentence_once_in_order_whitespace_kept(quire_home: Path) -> None:
    engine = make_engine(quire_home, **{"opus-mt-en-de": "marian"})
    events = Events()
    result = engine.run(TranslateRequest(text=TEXT, source="en", target="de"), events)
    assert isinstance(result, TranslateResult)

    source = sentences(TEXT)
    assert len(source) > BATCH  # more than one batch, so sorting and batching happen
    assert [s.source for s in result.segments] == source
    assert [s.paragraph for s in result.segments] == paragraphs(TEXT, source)
    model = loaded(engine, "opus-mt-en-de")
    assert [s.text for s in result.segments] == [direct(model, s) for s in source]
    assert result.text == expected_text(TEXT, source, [s.text for s in result.segments])
    assert result.text.startswith("  ") and result.text.endswith("  \n")
    assert result.text.count("\n\n\n") == 1 and "\n\n\t" in result.text

    assert (result.source_language, result.target_language) == ("en", "de")
    assert result.detected_confidence is None and result.pivot is None
    assert result.model.name == "opus-mt-en-de" and result.model.variant == "fp32"
    events.check_progress("translating", len(source))
    assert events.partials > 1
    assert events.partial == result.text[: len(events.partial)]
    assert events.partial.rstrip() == result.text.rstrip()


def test_an_over_long_sentence_is_split_and_joined_back(quire_home: Path) -> None:
    engine = make_engine(quire_home, **{"opus-mt-en-de": "marian"})
    model = loaded(engine, "opus-mt-en-de")
    counting = Counting(Echo(model.tokenizer.vocab_size))
    model.seq2seq = counting
    sentence = ", and ".join(s.rstrip(".?!") for s in ENGLISH[20:32]) + "."
    text = f"{ENGLISH[0]}\n\n{sentence} {ENGLISH[1]}"
    length = Seq2Seq(model).count(sentence)
    assert length > model.folder.generation["max_length"]  # too long to translate in one go

    result = engine.run(TranslateRequest(text=text, source="en", target="de"))
    assert isinstance(result, TranslateResult)
    assert [s.source for s in result.segments] == [ENGLISH[0], sentence, ENGLISH[1]]
    assert result.text == text  # the pieces' outputs, joined with the source's spaces
    assert len(counting.shapes) == 1 and counting.shapes[0][0] > 3  # split into pieces
    assert counting.shapes[0][1] < length


def test_cancel_from_progress_stops_before_the_next_decoder_step(quire_home: Path) -> None:
    engine = make_engine(quire_home, **{"opus-mt-en-de": "marian"})
    model = loaded(engine, "opus-mt-en-de")
    assert model.seq2seq is not None
    counting = Counting(model.seq2seq)
    model.seq2seq = counting
    token = CancelToken()
    at_cancel: list[int] = []

    def report(event: Event) -> None:
        if isinstance(event, Progress) and not at_cancel:
            token.cancel()
            at_cancel.append(counting.steps)

    with pytest.raises(Cancelled):
        engine.run(TranslateRequest(text=TEXT, source="en", target="de"), report, token)
    assert at_cancel and at_cancel[0] > 0
    assert counting.steps == at_cancel[0]
    assert len(counting.shapes) == 1  # the second batch never reached the encoder


def test_cancel_inside_a_batch_is_honoured_within_one_decoder_step(quire_home: Path) -> None:
    engine = make_engine(quire_home, **{"opus-mt-en-de": "marian"})
    model = loaded(engine, "opus-mt-en-de")
    assert model.seq2seq is not None
    token = CancelToken()
    counting = Counting(model.seq2seq, token, at=3)
    model.seq2seq = counting
    with pytest.raises(Cancelled):
        engine.run(TranslateRequest(text=TEXT, source="en", target="de"), None, token)
    assert counting.steps == 3


def test_empty_text_is_an_input_error(quire_home: Path) -> None:
    engine = make_engine(quire_home, **{"opus-mt-en-de": "marian"})
    with pytest.raises(InputError):
        engine.run(TranslateRequest(text=" \n\n ", source="en", target="de"))


# ----------------------------------------------------------------------------- model choice


@pytest.mark.parametrize(
    ("family", "codes"),
    [("m2m100", ("__fr__", "__de__")), ("mbart", ("fr_XX", "de_DE"))],
)
def test_multilingual_models_force_the_target_code(
    quire_home: Path, family: str, codes: tuple[str, str]
) -> None:
    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    engine = make_engine(quire_home, **{f"{family}-tiny": family})
    tokenizer = transformers.PreTrainedTokenizerFast.from_pretrained(checkpoint(family))
    # Sentences short enough to be translated whole: a piece is at most two thirds of the
    # tokens the model may generate (max_length 40 in these fixtures).
    limit = (
        (json.loads((checkpoint(family) / "generation_config.json").read_text())["max_length"] - 1)
        * 2
        // 3
    )
    short = [
        s
        for s in corpus.sentences("fr")
        if len(tokenizer(s, add_special_tokens=False)["input_ids"]) <= limit
    ]
    assert len(short) >= 8
    text = " ".join(short[:4]) + "\n\n" + " ".join(short[4:8])
    result = engine.run(TranslateRequest(text=text, source="fr", target="de"))
    assert isinstance(result, TranslateResult)
    assert result.model.name == f"{family}-tiny" and result.pivot is None

    # The reference: transformers' tokenizer with the source code in front (as M2M100's and
    # mBART-50's tokenizers put src_lang), and generate() forcing the target code.
    source_code, target_code = codes
    reference = transformers.AutoModelForSeq2SeqLM.from_pretrained(checkpoint(family)).eval()
    wanted = []
    for sentence in sentences(text, "fr"):
        ids = tokenizer(sentence)["input_ids"]
        assert tokenizer.convert_ids_to_tokens(ids[0]) in ("__en__", "en_XX")
        ids[0] = tokenizer.convert_tokens_to_ids(source_code)
        with torch.no_grad():
            out = reference.generate(
                torch.tensor([ids]),
                forced_bos_token_id=tokenizer.convert_tokens_to_ids(target_code),
            )
        assert out[0, 1].item() == tokenizer.convert_tokens_to_ids(target_code)
        wanted.append(tokenizer.decode(out[0], skip_special_tokens=True).strip())
    assert [s.text for s in result.segments] == wanted


def test_t5_translates_with_the_pair_prefix(quire_home: Path) -> None:
    engine = make_engine(quire_home, **{"t5-tiny": "t5"})
    model = loaded(engine, "t5-tiny")
    text = " ".join(whole_sentences(model, ENGLISH)[:4])
    result = engine.run(TranslateRequest(text=text, source="en", target="fr"))
    assert isinstance(result, TranslateResult)
    prefix = "translate English to French: "
    assert [s.text for s in result.segments] == [direct(model, s, prefix) for s in sentences(text)]
    with pytest.raises(ModelNotFound, match="opus-mt-en-es"):
        engine.run(TranslateRequest(text=text, source="en", target="es"))


def test_pivot_through_english(quire_home: Path) -> None:
    engine = make_engine(quire_home, **{"opus-mt-de-en": "marian", "opus-mt-en-fr": "marian"})
    german = whole_sentences(loaded(engine, "opus-mt-de-en"), corpus.sentences("de"))
    text = " ".join(german[:3]) + "\n\n" + german[3]
    events = Events()
    result = engine.run(TranslateRequest(text=text, source="de", target="fr"), events)
    assert isinstance(result, TranslateResult)
    assert result.pivot == "en"
    assert [m.name for m in result.models] == ["opus-mt-de-en", "opus-mt-en-fr"]
    assert result.model.name == "opus-mt-en-fr"
    first, second = loaded(engine, "opus-mt-de-en"), loaded(engine, "opus-mt-en-fr")
    source = sentences(text, "de")
    assert [s.text for s in result.segments] == [direct(second, direct(first, s)) for s in source]
    events.check_progress("translating", 2 * len(source))


def test_bilingual_beats_multilingual_beats_pivot(quire_home: Path, fast_generation: None) -> None:
    engine = make_engine(
        quire_home,
        **{
            "opus-mt-en-de": "marian",
            "opus-mt-de-en": "marian",
            "opus-mt-en-fr": "marian",
            "m2m100-tiny": "m2m100",
        },
    )
    text = "The children played football in the park until sunset."

    def used(source: str, target: str) -> list[str]:
        result = engine.run(TranslateRequest(text=text, source=source, target=target))
        assert isinstance(result, TranslateResult)
        return [m.name for m in result.models]

    assert used("en", "de") == ["opus-mt-en-de"]
    assert used("de", "fr") == ["m2m100-tiny"]  # direct multilingual, not the pivot
    assert used("en", "es") == ["m2m100-tiny"]
    named = engine.run(TranslateRequest(text=text, source="en", target="de", model="m2m100-tiny"))
    assert isinstance(named, TranslateResult) and named.model.name == "m2m100-tiny"


def test_traditional_chinese_is_asked_of_a_model_that_writes_it(quire_home: Path) -> None:
    """--to zh-TW with M2M100 (which writes simplified characters only) wrote simplified
    Chinese into a file tagged zh-TW, without a word; the server refused it. Refused here
    too, naming the catalog's NLLB-200, which writes them."""
    engine = make_engine(quire_home, **{"m2m100-tiny": "m2m100"})
    with pytest.raises(ModelNotFound) as refused:
        engine.run(TranslateRequest(text="The meeting was postponed.", target="zh-TW"))
    said = str(refused.value)
    assert "zh-Hant" in said and "such as nllb-200-distilled-600M" in said
    simplified = engine.run(TranslateRequest(text="The meeting was postponed.", target="zh-CN"))
    assert isinstance(simplified, TranslateResult) and simplified.target_language == "zh"


def test_missing_models_say_what_to_install(quire_home: Path) -> None:
    text = "Der Zug hat zwanzig Minuten Verspätung."
    engine = make_engine(quire_home)
    with pytest.raises(ModelNotFound, match="No translation model is installed"):
        engine.run(TranslateRequest(text=text, source="de", target="fr"))

    engine.import_model(exported("marian"), "opus-mt-en-de")
    with pytest.raises(ModelNotFound) as caught:
        engine.run(TranslateRequest(text=text, source="de", target="fr"))
    # Only models the catalog has are named (an "opus-mt-de-fr" it lacks could not be
    # downloaded): its multilingual model has both languages.
    assert "Install a model for de→fr, such as nllb-200-distilled-600M" in str(caught.value)

    engine.import_model(exported("marian"), "opus-mt-de-en")
    with pytest.raises(ModelNotFound) as caught:
        engine.run(TranslateRequest(text=text, source="de", target="fr"))
    message = str(caught.value)
    assert "such as nllb-200" in message and "opus-mt-en-fr to go through English" in message
    # A pair no catalog model has: said so, with the way to add one the user has.
    with pytest.raises(ModelNotFound) as caught:
        engine.run(TranslateRequest(text=text, source="de", target="tlh"))
    assert "the catalog has none, `quire models import FOLDER`" in str(caught.value)

    with pytest.raises(InputError, match="opus-mt-en-de does not translate de→fr"):
        engine.run(TranslateRequest(text=text, source="de", target="fr", model="opus-mt-en-de"))


def test_a_model_with_unknown_languages_runs_when_named(quire_home: Path, tmp_path: Path) -> None:
    folder = tmp_path / "my-checkpoint"
    shutil.copytree(exported("marian"), folder)
    config_file = folder / "tokenizer_config.json"
    config = json.loads(config_file.read_text(encoding="utf-8"))
    del config["source_lang"], config["target_lang"]
    config_file.write_text(json.dumps(config), encoding="utf-8")
    engine = make_engine(quire_home, **{"my-checkpoint": folder})
    text = " ".join(ENGLISH[:3])

    with pytest.raises(ModelNotFound):
        engine.run(TranslateRequest(text=text, target="de"))
    result = engine.run(TranslateRequest(text=text, target="de", model="my-checkpoint"))
    assert isinstance(result, TranslateResult)
    assert result.model.name == "my-checkpoint"
    assert result.source_language == "en" and result.detected_confidence is not None
    model = loaded(engine, "my-checkpoint")
    assert [s.text for s in result.segments] == [direct(model, s) for s in sentences(text)]


SAMPLES = {
    "de": "Der Zug nach Hamburg hat heute leider zwanzig Minuten Verspätung.",
    "fr": "Le train pour Marseille a malheureusement vingt minutes de retard aujourd'hui.",
    "es": "El tren a Madrid lleva hoy veinte minutos de retraso, por desgracia.",
    "it": "Il treno per Roma oggi purtroppo ha venti minuti di ritardo.",
    "nl": "De trein naar Amsterdam heeft vandaag helaas twintig minuten vertraging.",
    "pt": "O comboio para Lisboa está hoje, infelizmente, vinte minutos atrasado.",
    "sv": "Tåget till Stockholm är tyvärr tjugo minuter försenat i dag.",
    "pl": "Pociąg do Warszawy ma dziś niestety dwadzieścia minut opóźnienia.",
    "fi": "Helsingin juna on tänään valitettavasti kaksikymmentä minuuttia myöhässä.",
    "tr": "İstanbul treni bugün maalesef yirmi dakika gecikmeli.",
}


def test_source_language_is_detected_among_the_installed_ones(
    quire_home: Path, fast_generation: None
) -> None:
    engine = make_engine(quire_home, **{f"opus-mt-{code}-en": "marian" for code in SAMPLES})
    for code, sample in SAMPLES.items():
        result = engine.run(TranslateRequest(text=sample, target="en"))
        assert isinstance(result, TranslateResult)
        assert result.source_language == code, sample
        assert result.model.name == f"opus-mt-{code}-en"
        assert result.detected_confidence is not None and 0.5 < result.detected_confidence <= 1


def test_target_is_inferred_only_when_unambiguous(quire_home: Path, fast_generation: None) -> None:
    engine = make_engine(quire_home, **{"opus-mt-en-de": "marian"})
    result = engine.run(TranslateRequest(text=ENGLISH[0], source="en"))
    assert isinstance(result, TranslateResult) and result.target_language == "de"
    engine.import_model(exported("marian"), "opus-mt-en-fr")
    with pytest.raises(InputError, match="Name the language"):
        engine.run(TranslateRequest(text=ENGLISH[0], source="en"))
    with pytest.raises(InputError, match="already in"):
        engine.run(TranslateRequest(text=ENGLISH[0], source="de", target="de"))


# ----------------------------------------------------------------------------- glossary


def write_glossary(tmp_path: Path) -> Path:
    path = tmp_path / "glossary.tsv"
    path.write_text("# terms\nQuire\nlibrary\tBibliothek\n", encoding="utf-8")
    return path


GLOSSARY_TEXT = (
    "Quire opens the library at nine. The library closes at six.\n\nQuire keeps working."
)


def test_glossary_terms_come_out_exactly_with_a_model_that_keeps_placeholders(
    quire_home: Path, tmp_path: Path
) -> None:
    engine = make_engine(quire_home, **{"opus-mt-en-de": "marian"})
    model = loaded(engine, "opus-mt-en-de")
    model.seq2seq = Echo(model.tokenizer.vocab_size)
    request = TranslateRequest(
        text=GLOSSARY_TEXT, source="en", target="de", glossary=write_glossary(tmp_path)
    )
    result = engine.run(request)
    assert isinstance(result, TranslateResult)
    assert result.missing_terms == ()
    assert result.applied_terms == ("Quire", "library")
    assert result.text == GLOSSARY_TEXT.replace("library", "Bibliothek")
    assert not any(s.suspect for s in result.segments)


def test_a_tbx_termbase_is_the_glossary_for_the_pair_the_route_decides(
    quire_home: Path,
) -> None:
    """A termbase of three languages, the source detected: its English terms come out as its
    preferred German ones (not the deprecated synonym)."""
    engine = make_engine(quire_home, **{"opus-mt-en-de": "marian"})
    model = loaded(engine, "opus-mt-en-de")
    model.seq2seq = Echo(model.tokenizer.vocab_size)
    termbase = Path(__file__).parent / "data" / "tbx" / "tbx3-basic-en-de-fr.tbx"
    text = "Open the settings, then sign in to see your dashboard."
    result = engine.run(TranslateRequest(text=text, target="de", glossary=termbase))
    assert isinstance(result, TranslateResult) and result.source_language == "en"
    assert result.applied_terms == ("settings", "sign in")
    assert result.text == text.replace("settings", "Einstellungen").replace("sign in", "anmelden")
    with pytest.raises(InputError, match="no terms in ja") as refused:
        engine.run(TranslateRequest(text=text, source="ja", target="de", glossary=termbase))
    assert refused.value.path == termbase


def test_a_glossary_for_another_target_is_refused_naming_its_pair(
    quire_home: Path, tmp_path: Path
) -> None:
    """An en → de glossary given to an en → fr job put German terms into French: refused,
    naming the file and its pair, whether its header row or the app's line names it; one
    naming no languages applies to any pair, as before."""
    engine = make_engine(quire_home, **{"opus-mt-en-de": "marian", "opus-mt-en-fr": "marian"})
    for name in ("opus-mt-en-de", "opus-mt-en-fr"):
        model = loaded(engine, name)
        model.seq2seq = Echo(model.tokenizer.vocab_size)
    header = tmp_path / "header.tsv"
    header.write_text("English\tGerman\nlibrary\tBibliothek\n", encoding="utf-8")
    app = tmp_path / "glossary.tsv"
    app.write_text("# languages: * de\nlibrary\tBibliothek\n", encoding="utf-8")
    for path in (header, app):
        for source in ("en", None):
            request = TranslateRequest(text=GLOSSARY_TEXT, source=source, target="fr",
                                       glossary=path)  # fmt: skip
            with pytest.raises(InputError, match="not for translating into fr") as refused:
                engine.run(request)
            assert refused.value.path == path and refused.value.message_id == "glossary.other_pair"
            assert refused.value.params["target"] == "de"
            assert "remove the languages" in refused.value.hint
        german = engine.run(TranslateRequest(text=GLOSSARY_TEXT, target="de", glossary=path))
        assert isinstance(german, TranslateResult) and "Bibliothek" in german.text
    header.write_text("library\tBibliothek\n", encoding="utf-8")
    french = engine.run(TranslateRequest(text=GLOSSARY_TEXT, target="fr", glossary=header))
    assert isinstance(french, TranslateResult) and "Bibliothek" in french.text


@pytest.mark.parametrize(
    ("said", "target", "fits"),
    [
        ("English\tNorwegian", "nb", True),  # Norwegian's codes: one language
        ("# languages: en nb", "no", True),
        ("# languages: en nn", "nb", True),
        ("English\tHebrew", "iw", True),
        ("English\tGerman", "de-CH", True),  # a country alone is no other language
        ("en-US\tde-CH", "de", True),
        ("English\ten-GB", "en-US", True),
        ("en-US\tzh-CN", "zh-Hant", False),  # Simplified terms into Traditional
        ("en-US\tzh-CN", "zho_Hant", False),
        ("English\tChinese (Traditional)", "zh-TW", True),
        ("English\tChinese (Traditional)", "zh-SG", False),
        ("English\tsr-Cyrl", "sr-Latn", False),
        ("English\tGerman", "fr", False),
    ],
)
def test_a_glossarys_target_is_its_language_and_script_not_its_code(
    tmp_path: Path, said: str, target: str, fits: bool
) -> None:
    """The pair was compared by the codes' first part: an English → Norwegian glossary was
    refused for nb, and one for zh-CN used for Traditional Chinese (zh-Hant)."""
    path = tmp_path / "terms.tsv"
    path.write_text(f"{said}\nlibrary\tbibliotek\n", encoding="utf-8")
    glossary = load_glossary(path)
    if fits:
        translate.check_glossary(glossary, path, target)
        return
    with pytest.raises(InputError, match=f"not for translating into {target}") as refused:
        translate.check_glossary(glossary, path, target)
    assert refused.value.message_id == "glossary.other_pair" and refused.value.path == path


def test_a_model_that_cannot_take_the_target_is_said_before_the_glossary(
    quire_home: Path, tmp_path: Path
) -> None:
    """An en → de model and an en → de glossary for a job into French: the glossary was
    refused first, and a user who fixed it learnt only then that the model cannot translate
    into French."""
    engine = make_engine(quire_home, **{"opus-mt-en-de": "marian"})
    glossary = tmp_path / "terms.tsv"
    glossary.write_text("English\tGerman\nlibrary\tBibliothek\n", encoding="utf-8")
    named = TranslateRequest(text=GLOSSARY_TEXT, model="opus-mt-en-de", target="fr",
                             glossary=glossary)  # fmt: skip
    with pytest.raises(InputError) as refused:
        engine.run(named)
    assert refused.value.message_id == "translate.not_into"
    with pytest.raises(ModelNotFound):
        engine.run(TranslateRequest(text=GLOSSARY_TEXT, target="fr", glossary=glossary))


def test_glossary_with_a_random_model_reports_lost_terms_honestly(
    quire_home: Path, tmp_path: Path
) -> None:
    engine = make_engine(quire_home, **{"opus-mt-en-de": "marian"})
    path = write_glossary(tmp_path)
    result = engine.run(
        TranslateRequest(text=GLOSSARY_TEXT, source="en", target="de", glossary=path)
    )
    assert isinstance(result, TranslateResult)

    model = loaded(engine, "opus-mt-en-de")
    placeholder = translate.placeholder_for([Seq2Seq(model)])
    glossary = Glossary(load_glossary(path).entries, placeholder=placeholder)
    missing: list[str] = []
    texts: list[str] = []
    for sentence in sentences(GLOSSARY_TEXT):
        protected = glossary.protect(sentence)
        restored = glossary.restore(direct(model, protected.text), protected)
        texts.append(restored.text)
        missing.extend(restored.missing_terms)
        kept = [s for s in protected.slots if s.term not in restored.missing_terms]
        assert all(slot.replacement in restored.text for slot in kept)
    assert [s.text for s in result.segments] == texts
    assert result.missing_terms == tuple(dict.fromkeys(missing))


def test_degenerate_output_is_flagged_not_altered(quire_home: Path) -> None:
    engine = make_engine(quire_home, **{"opus-mt-en-de": "marian"})
    model = loaded(engine, "opus-mt-en-de")
    stuck = model.tokenizer.token_to_id("▁the")
    assert stuck is not None
    model.seq2seq = Echo(model.tokenizer.vocab_size, stuck=stuck)
    result = engine.run(TranslateRequest(text=ENGLISH[0], source="en", target="de"))
    assert isinstance(result, TranslateResult)
    (only,) = result.segments
    assert only.suspect
    assert only.text == direct(model, ENGLISH[0])
    assert only.text.split() == ["the"] * len(only.text.split()) and len(only.text.split()) > 10


# ----------------------------------------------------------------------------- long inputs


def long_text(words: int = 50_000) -> str:
    """Paragraphs of 3 to 9 corpus sentences, single-spaced, until ``words`` words."""
    cycle = itertools.cycle(ENGLISH)
    paragraphs: list[str] = []
    count = 0
    while count < words:
        paragraph = " ".join(next(cycle) for _ in range(3 + len(paragraphs) % 7))
        paragraphs.append(paragraph)
        count += len(paragraph.split())
    return "\n\n".join(paragraphs)


def test_fifty_thousand_words(quire_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(GENERATION, "max_new_tokens", 3)
    monkeypatch.setitem(GENERATION, "num_beams", 1)
    text = long_text()
    assert len(text.split()) >= 50_000
    engine = make_engine(quire_home, **{"opus-mt-en-de": "marian"})
    model = loaded(engine, "opus-mt-en-de")
    assert model.seq2seq is not None
    counting = Counting(model.seq2seq)
    model.seq2seq = counting
    events = Events()
    result = engine.run(TranslateRequest(text=text, source="en", target="de"), events)
    assert isinstance(result, TranslateResult)

    source = segment(text, "en").segments
    assert [s.source for s in result.segments] == [s.text for s in source]
    assert [s.paragraph for s in result.segments] == [s.paragraph for s in source]
    events.check_progress("translating", len(source))
    assert events.partial.rstrip() == result.text.rstrip()
    # Memory stays bounded by the batch, not the document: no call sees more than one batch
    # of at most the model's window.
    window = model.tokenizer.model_max_length
    assert max(rows for rows, _, _ in counting.shapes) <= BATCH
    assert max(columns for _, columns, _ in counting.shapes) <= window
    assert sum(rows for rows, _, _ in counting.shapes) == len(source)
    model.seq2seq = counting.inner
    for index in range(0, len(source), 997):  # a sample against one-at-a-time generation
        assert result.segments[index].text == direct(model, source[index].text)

    # With a model that copies its input, the output is the input: every sentence exactly
    # once, in order, in its place.
    model.overrides = {"num_beams": 1}  # the copying model may run to its length limit
    model.seq2seq = Echo(model.tokenizer.vocab_size)
    echoed = engine.run(TranslateRequest(text=text, source="en", target="de"))
    assert isinstance(echoed, TranslateResult)
    assert echoed.text == text


# ----------------------------------------------------------------------------- languages


def fake_folder(root: Path, name: str, config: dict[str, object], **files: object) -> ModelFolder:
    """A model folder's parsed description, for reading languages (no weights needed)."""
    path = root / name
    path.mkdir()
    for file, content in {"tokenizer.json": {}, **files}.items():
        (path / file.replace("__", ".")).write_text(json.dumps(content), encoding="utf-8")
    full = {"is_encoder_decoder": True, "architectures": ["X"], **config}
    return ModelFolder(path, full, {}, path / "tokenizer.json")


def test_languages_come_from_the_folder(tmp_path: Path) -> None:
    assert [to_iso(c) for c in ("pt-BR", "zho_Hant", "deu", "de_DE", "ast", "EN")] == [
        "pt",
        "zh",
        "de",
        "de",
        "ast",
        "en",
    ]
    nllb = languages(
        fake_folder(
            tmp_path,
            "nllb-200-distilled-600M",
            {"model_type": "m2m_100"},
            tokenizer_config__json={
                "additional_special_tokens": [
                    "eng_Latn",
                    "deu_Latn",
                    "zho_Hans",
                    "zho_Hant",
                    "arb_Arab",
                    "ary_Arab",
                ]
            },
        )
    )
    assert nllb is not None and nllb.kind == "multilingual"
    assert nllb.codes == {
        "en": "eng_Latn", "de": "deu_Latn", "zh": "zho_Hans", "ar": "arb_Arab", "ary": "ary_Arab",
        "zh-Hant": "zho_Hant",
    }  # fmt: skip
    assert prompt(nllb, "de", "zh") == Prompt(source_token="deu_Latn", target_token="zho_Hans")
    # Traditional characters are a target of their own (zh-TW asked for them and got
    # simplified ones, labelled zh-TW); text in either script is read as zh.
    assert target_key("zh-TW") == target_key("zh-Hant") == "zh-Hant"
    assert target_key("zh-CN") == target_key("zh") == "zh"
    assert nllb.serves("en", "zh-Hant") and nllb.serves("zh", "zh-Hant")
    assert "zh-Hant" not in nllb.sources
    assert prompt(nllb, "en", "zh-Hant").target_token == "zho_Hant"

    mbart = languages(
        fake_folder(
            tmp_path,
            "mbart-large-50-many-to-one-mmt",
            {"model_type": "mbart"},
            special_tokens_map__json={"additional_special_tokens": ["en_XX", "de_DE", "fr_XX"]},
        )
    )
    assert mbart is not None and mbart.targets == {"en"} and mbart.sources == {"en", "de", "fr"}
    assert mbart.serves("de", "en") and not mbart.serves("en", "de")

    vocab = {
        "model": {"type": "Unigram", "vocab": [[">>fra<<", 0.0], [">>spa<<", 0.0], ["▁a", -1]]}
    }
    romance = languages(
        fake_folder(tmp_path, "opus-mt-en-ROMANCE", {"model_type": "marian"}, tokenizer__json=vocab)
    )
    assert romance is not None and romance.targets == {"fr", "es"} and romance.sources == {"en"}
    assert prompt(romance, "en", "es") == Prompt(prefix=">>spa<< ")
    big = languages(fake_folder(tmp_path, "opus-mt-tc-big-en-deu", {"model_type": "marian"}))
    assert big is not None and big.pairs() == {("en", "de")} and prompt(big, "en", "de") == Prompt()
    grouped = languages(fake_folder(tmp_path, "opus-mt-ROMANCE-en", {"model_type": "marian"}))
    assert grouped is None  # a source group we cannot expand: runs only when named
    assert languages(fake_folder(tmp_path, "bart-large-cnn", {"model_type": "bart"})) is None


def test_detection_considers_every_language_not_only_the_installed_ones(
    quire_home: Path, fast_generation: None
) -> None:
    engine = make_engine(quire_home, **{"opus-mt-en-fr": "marian"})
    with pytest.raises(ModelNotFound) as raised:
        engine.run(TranslateRequest(text=SAMPLES["de"], target="fr"))
    error = raised.value
    assert error.message_id == "translate.no_model_pair"
    assert error.params["source"] == "de" and error.params["detected"] == 1
    assert float(error.params["confidence"]) > 0.5 and "seems to be in de" in error.message
    # Chosen by the user, the source is theirs to choose.
    result = engine.run(TranslateRequest(text=SAMPLES["de"], source="en", target="fr"))
    assert isinstance(result, TranslateResult) and result.detected_confidence is None
    # A short text the detector is unsure of goes to the installed language, flagged unsure.
    short = engine.run(TranslateRequest(text="Hello world.", target="fr"))
    assert isinstance(short, TranslateResult) and short.source_language == "en"
    assert short.detected_confidence is not None and short.detected_confidence < 0.5


def test_alternatives_are_the_beams_next_best_translations(quire_home: Path) -> None:
    """For one sentence through one model: the ``alternatives + 1`` best hypotheses of a beam
    that wide, the translation itself left out; several sentences get none."""
    engine = Engine(EngineOptions(home=quire_home))
    engine.import_model(exported("marian"), "opus-mt-en-de")
    sentence = "The house is small."
    result = engine.run(TranslateRequest(text=sentence, source="en", target="de", alternatives=3))
    assert isinstance(result, TranslateResult)
    assert 0 < len(result.alternatives) <= 3 and result.text not in result.alternatives
    # The same hypotheses straight from the decoder, best first.
    folder = engine.model("opus-mt-en-de")
    loaded = engine._models.get(folder, "seq2seq", lambda _e: None)
    assert loaded.seq2seq is not None
    tokens = loaded.tokenizer.encode_batch([sentence])
    wide = Seq2Seq(loaded).settings_with(num_beams=4, num_return_sequences=4)
    rows = generate(loaded.seq2seq, tokens.input_ids, tokens.attention_mask, wide)
    best = list(dict.fromkeys(loaded.tokenizer.decode(r).strip() for r in rows))
    assert best[0] == result.text
    assert list(result.alternatives) == best[1:4]
    two = engine.run(
        TranslateRequest(text=f"{sentence} {sentence}", source="en", target="de", alternatives=3)
    )
    assert isinstance(two, TranslateResult) and two.alternatives == ()
    with pytest.raises(InputError, match="between 0 and 10"):
        engine.run(TranslateRequest(text=sentence, target="de", alternatives=11))


def test_an_output_that_is_its_source_keeps_the_sources_spacing(quire_home: Path) -> None:
    """A model that gives a sentence back as it saw it (folded: one space between words)
    leaves its source's double spaces and wrapped line as they were: translating nothing
    changes nothing (Big Fish's "everything:  worms" was written "everything: worms")."""
    engine = make_engine(quire_home, **{"opus-mt-en-de": "marian"})
    model = loaded(engine, "opus-mt-en-de")
    model.seq2seq = Echo(model.tokenizer.vocab_size)
    text = "Now, I tried everything:  worms, lures.\nHe waits  a\nwhile.\n"
    result = engine.run(TranslateRequest(text=text, source="en", target="de"))
    assert isinstance(result, TranslateResult)
    assert result.text == text
