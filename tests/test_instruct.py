"""Tasks served by an instruction (decoder-only) model: summarize, ask, classify.

The tiny random-weight models write gibberish, so these tests check what does not depend on
the words: what is sent (prompts through the chat template), the map-reduce over a document
longer than the model's window, every summary sentence linked to source paragraphs, streamed
text, passage retrieval and citations, "not in the document", and label likelihoods equal to
transformers' on the same weights.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")
pytest.importorskip("optimum.exporters.onnx")

from engine import Engine, EngineOptions, InputError, ModelNotFound  # noqa: E402
from engine.api import (  # noqa: E402
    AskRequest,
    AskResult,
    ClassifyRequest,
    ClassifyResult,
    DocumentResult,
    Event,
    LabelsScored,
    ModelLoading,
    PartialText,
    Progress,
    SummarizeRequest,
    SummarizeResult,
    TranslateDocumentRequest,
    TranslateRequest,
    TranslateResult,
)
from engine.errors import Cancelled  # noqa: E402
from engine.options import CancelToken  # noqa: E402
from engine.runtime.onnx_causal import CausalState  # noqa: E402
from engine.tasks import explain, prompts  # noqa: E402
from engine.tasks.context import TaskContext  # noqa: E402
from engine.tasks.instruct import (  # noqa: E402
    EXPLAINED_PARTS,
    Instruct,
    Span,
    cite,
    lexical_passages,
)
from engine.tasks.languages import is_language  # noqa: E402
from engine.tasks.summarize import link_sentences  # noqa: E402
from tests.fixtures import corpus  # noqa: E402
from tests.fixtures.causal import checkpoint, exported  # noqa: E402


@pytest.fixture
def engine(quire_home: Path) -> Engine:
    engine = Engine(EngineOptions(home=quire_home, dtype="fp32", threads=1))
    engine.import_model(exported("qwen2"), "tiny-qwen2-instruct")
    return engine


def _document(paragraphs: int) -> str:
    sentences = corpus.sentences("en")
    return "\n\n".join(
        " ".join(sentences[(3 * p + k) % len(sentences)] for k in range(3))
        for p in range(paragraphs)
    )


def test_summarize_streams_and_links_every_sentence(engine: Engine) -> None:
    text = (
        "Prices rose by 4.5% last year.\n\nThe river did not flood.\n\nThe library opens at nine."
    )
    events: list[Event] = []
    result = engine.run(SummarizeRequest(text=text, length="short"), events.append)
    assert isinstance(result, SummarizeResult)
    assert result.model.name == "tiny-qwen2-instruct" and not result.extractive
    assert result.rounds == 1
    streamed = [e.text for e in events if isinstance(e, PartialText)]
    assert streamed and streamed[-1].strip() == result.text
    assert result.sentences, "a summary has sentences"
    for sentence in result.sentences:  # (random weights: a sentence may share no word)
        assert set(sentence.paragraphs) <= {0, 1, 2}


def test_a_chosen_summary_language_goes_to_the_instruction_model(
    engine: Engine, quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A summarizer beside the instruction model serves by default; asked for German, the
    instruction model (the only one that writes a language it is told) serves instead, and
    with the summarizer alone the request is refused with what to install."""
    from tests.fixtures.builder import exported as exported_seq2seq

    engine.import_model(exported_seq2seq("bart"), "distilbart-cnn-tiny")
    text = "Prices rose by 4.5% last year.\n\nThe river did not flood."
    plain = engine.run(SummarizeRequest(text=text, length="short"))
    assert isinstance(plain, SummarizeResult) and plain.model.name == "distilbart-cnn-tiny"
    german = engine.run(SummarizeRequest(text=text, length="short", language="de"))
    assert isinstance(german, SummarizeResult) and german.model.name == "tiny-qwen2-instruct"
    # Linked by shared words, a German summary of an English text could link nothing, and
    # every sentence read as "check it": it says it is not linked instead.
    assert not german.linked and all(s.paragraphs == () for s in german.sentences)
    same = engine.run(
        SummarizeRequest(text=text, length="short", language="en", model="tiny-qwen2-instruct")
    )
    assert isinstance(same, SummarizeResult) and same.linked
    # The text's own language needs no instruction model.
    english = engine.run(SummarizeRequest(text=text, length="short", language="en"))
    assert isinstance(english, SummarizeResult) and english.model.name == "distilbart-cnn-tiny"
    engine.remove_model("tiny-qwen2-instruct")
    with pytest.raises(ModelNotFound, match="cannot write a summary in de") as refused:
        engine.run(SummarizeRequest(text=text, length="short", language="de"))
    assert "instruction model" in (refused.value.hint or "")
    with pytest.raises(InputError, match="'Klingon!' is not a language code"):
        engine.run(SummarizeRequest(text=text, language="Klingon!"))
    # The command line says so in one line.
    from engine.cli.main import main

    source = quire_home / "report.txt"
    source.write_text(text, encoding="utf-8")
    assert main(["summarize", "--language", "de", str(source)]) == 1
    assert "cannot write a summary in de" in capsys.readouterr().err


def test_a_document_longer_than_the_window_is_summarized_in_rounds(engine: Engine) -> None:
    text = _document(40)  # well over the fixture's 512 positions
    result = engine.run(SummarizeRequest(text=text, length="short"))
    assert isinstance(result, SummarizeResult)
    assert result.rounds >= 2
    linked = {p for s in result.sentences for p in s.paragraphs}
    assert linked <= set(range(40))  # (random weights: the words may match none)


def test_link_sentences_prefers_the_paragraph_sharing_rare_words() -> None:
    paragraphs = {
        0: "The committee approved the budget after a long discussion.",
        1: "The children played football in the park until sunset.",
        2: "It rained all night, yet the river did not flood the village.",
    }
    links = link_sentences(
        ["Football was played by the children.", "Nothing matches here."],
        paragraphs,
        frozenset(paragraphs),
    )
    assert links == [(1,), ()]  # made up, or in another language: linked to nothing


def test_prompts_state_the_output_language() -> None:
    _, user = prompts.summarize("Der Text.", "de", "short")
    assert "Write the summary in German" in user
    _, user = prompts.answer("Wo?", ["Berlin."], "zh")
    assert "Chinese (Simplified)" in user and "[1] Berlin." in user
    _, user = prompts.translate("Hallo", "de", "ja", [("Hallo", "こんにちは")])
    assert "into Japanese" in user and "Hallo -> こんにちは" in user
    # Every language of the engine's one name table, not only a prompt's own list.
    _, user = prompts.summarize("متن.", "fa", "short")
    assert "Write the summary in Persian" in user
    # A tag's script or region asks for what a model writes differently: zh-TW was asked
    # for as Simplified Chinese (an outside review).
    for tag, said in (
        ("zh-TW", "Chinese (Traditional)"),
        ("zh-Hant", "Chinese (Traditional)"),
        ("zho_Hant", "Chinese (Traditional)"),
        ("zh-CN", "Chinese (Simplified)"),
        ("pt-BR", "Portuguese (Brazil)"),
        ("sr-Latn", "Serbian (Latin script)"),
        ("yue", "Cantonese"),
        ("en-US", "English"),
    ):
        _, user = prompts.translate("Hallo", "de", tag, [])
        assert f"into {said}" in user and f"into {said} (" not in user, (tag, user)


def test_lexical_retrieval_ranks_the_passage_with_the_question_words() -> None:
    context = "Berlin is big. Paris has a tower. The mill stands by the river Elbe."
    spans = [Span(0, 14), Span(15, 33), Span(34, len(context))]
    found = lexical_passages("Where does the mill stand?", context, spans, keep=2)
    assert found[0] == spans[2]
    assert spans[0] not in found  # shares no word with the question


def test_citations_map_numbers_to_passages_and_ignore_invented_ones() -> None:
    spans = [Span(0, 5), Span(10, 20)]
    cited = cite("It is red [2], and old [1][2] [7].", spans, ["aaaaa", "bbbbbbbbbb"])
    assert [(c.number, c.start, c.end, c.text) for c in cited] == [
        (1, 0, 5, "aaaaa"),
        (2, 10, 20, "bbbbbbbbbb"),
    ]


def test_ask_with_an_instruction_model_answers_or_says_not_in_the_document(
    engine: Engine,
) -> None:
    context = _document(12)
    events: list[Event] = []
    result = engine.run(
        AskRequest(question="Where is the nearest train station?", context=context), events.append
    )
    assert isinstance(result, AskResult) and result.generated
    assert any(isinstance(e, PartialText) for e in events)
    if result.answers:  # random weights: either outcome is possible, both must be well formed
        (answer,) = result.answers
        assert 0 < answer.score <= 1
        for c in result.citations:
            assert context[c.start : c.end] == c.text
    else:
        assert result.citations == ()


def test_a_question_sharing_no_word_with_the_document_is_still_asked(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without an embedding model, passages are found by the question's words: a question in
    another language than the text shares none, and was answered "not in the document" at
    once, the model never asked. The model now reads the document's first passages."""
    asked: list[str] = []
    complete = Instruct.complete

    def recording(self: Instruct, system: str, user: str, *args: Any, **kwargs: Any) -> Any:
        asked.append(user)
        return complete(self, system, user, *args, **kwargs)

    monkeypatch.setattr(Instruct, "complete", recording)
    context = _document(12)
    result = engine.run(AskRequest(question="第十七段提到哪个编号？", context=context))
    assert isinstance(result, AskResult) and result.generated
    [user] = asked
    assert context.split("\n\n")[0] in user  # the first passage, whatever the question


def test_classify_scores_are_label_likelihoods_as_in_transformers(engine: Engine) -> None:
    labels = ("sport", "politics", "cooking recipes")
    text = "The children played football in the park until sunset."
    result = engine.run(ClassifyRequest(texts=(text,), labels=labels))
    assert isinstance(result, ClassifyResult)
    ours = {s.label: s.score for s in result.items[0].labels}

    tok = transformers.AutoTokenizer.from_pretrained(checkpoint("qwen2"))
    model = transformers.AutoModelForCausalLM.from_pretrained(checkpoint("qwen2")).eval()
    system, user = prompts.classify(text, labels)
    prompt = tok.apply_chat_template(
        [{"role": "system", "content": system}, {"role": "user", "content": user}],
        add_generation_prompt=True,
        tokenize=True,
    )
    eos = model.generation_config.eos_token_id
    eos = [eos] if isinstance(eos, int) else list(eos)
    assert eos  # the answer's end is scored: a label that begins another is not favoured
    logp = []
    for label in labels:
        tail = tok(label, add_special_tokens=False)["input_ids"]
        with torch.no_grad():
            logits = model(torch.tensor([list(prompt) + tail])).logits[0].double()
        steps = torch.log_softmax(logits[len(prompt) - 1 :], dim=-1)
        label_logp = float(steps[torch.arange(len(tail)), torch.tensor(tail)].sum())
        logp.append(label_logp + float(torch.logsumexp(steps[-1][eos], dim=0)))
    expected = np.exp(np.asarray(logp) - max(logp))
    expected /= expected.sum()
    for label, p in zip(labels, expected, strict=True):
        assert math.isclose(ours[label], float(p), rel_tol=1e-3, abs_tol=1e-6)
    # Each label's own log-likelihood, its end included (normalised above, an end term the
    # same for every label would not show).
    llm = Instruct(_context(engine), engine._models.get(engine.model("tiny-qwen2-instruct"),
                                                        "causal", lambda _e: None))  # fmt: skip
    raw = llm.score(system, user, labels, ended=True)
    assert raw == pytest.approx(logp, abs=1e-3)
    bare = llm.score(system, user, labels)
    assert all(r < b for r, b in zip(raw, bare, strict=True))  # ending costs something


def _context(engine: Engine) -> TaskContext:
    return TaskContext(
        models=engine._models,
        resolve=engine.model,
        installed=engine._installed,
        report=lambda _event: None,
        cancel=CancelToken(),
        engine=engine,
    )


def test_multi_label_with_an_instruction_model_scores_each_label_yes_or_no(
    engine: Engine,
) -> None:
    result = engine.run(ClassifyRequest(texts=("A text.",), labels=("a", "b"), multi_label=True))
    assert isinstance(result, ClassifyResult) and result.multi_label
    assert all(0 < s.score < 1 for s in result.items[0].labels)


@pytest.mark.parametrize("multi_label", [False, True])
def test_explain_with_an_instruction_model_weighs_each_word_by_occlusion(
    engine: Engine, multi_label: bool
) -> None:
    """Explain works with an instruction model as with the other classifiers: each word's
    weight is how far the top label's score falls when the word is left out."""
    labels = ("a", "b")  # not saturated for the random weights (0.81 / 0.19 single-label)
    text = "The children played football in the park."

    def top_score(t: str, label: str | None = None) -> tuple[str, float]:
        request = ClassifyRequest(texts=(t,), labels=labels, multi_label=multi_label)
        result = engine.run(request)
        assert isinstance(result, ClassifyResult)
        scores = result.items[0].labels
        best = scores[0] if label is None else next(s for s in scores if s.label == label)
        return best.label, best.score

    events: list[Event] = []
    request = ClassifyRequest(texts=(text,), labels=labels, explain=True, multi_label=multi_label)
    result = engine.run(request, events.append)
    assert isinstance(result, ClassifyResult)
    item = result.items[0]
    top, base = top_score(text)
    assert item.labels[0].label == top
    words = [text[a.start : a.end] for a in item.attributions]
    assert words == ["The", "children", "played", "football", "in", "the", "park", "."]
    for attribution in item.attributions[1:4]:
        rest = explain.without(text, attribution.start, attribution.end)
        expected = base - top_score(rest, top)[1]
        assert attribution.weight == pytest.approx(expected, abs=1e-6)
    assert any(abs(a.weight) > 1e-3 for a in item.attributions)
    done = [e.done for e in events if isinstance(e, Progress) and e.stage == "explaining"]
    assert done == list(range(1, len(words) + 1))
    # The labels were reported before the explanation began, without attributions.
    scored = [(i, e) for i, e in enumerate(events) if isinstance(e, LabelsScored)]
    assert [e.index for _, e in scored] == [0]
    first_explaining = next(
        i for i, e in enumerate(events) if isinstance(e, Progress) and e.stage == "explaining"
    )
    assert scored[0][0] < first_explaining
    assert scored[0][1].item == dataclasses.replace(item, attributions=())
    assert scored[0][1].multi_label == result.multi_label == multi_label


def test_explaining_reuses_the_prompts_cache(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The texts with a word left out share their start with the text scored before them:
    only the first prompt goes through the model from its first token; every later one
    continues a cache already holding the shared start."""
    starts: list[tuple[int, int]] = []
    forward = CausalState.forward

    def counted(self: CausalState, input_ids: np.ndarray, *args: Any, **kwargs: Any) -> Any:
        starts.append((self.length, int(input_ids.shape[1])))
        return forward(self, input_ids, *args, **kwargs)

    monkeypatch.setattr(CausalState, "forward", counted)
    text = "The children played football in the park."
    request = ClassifyRequest(texts=(text,), labels=("a", "b"), explain=True)
    result = engine.run(request)
    assert isinstance(result, ClassifyResult) and len(result.items[0].attributions) == 8
    assert [length for length, _n in starts].count(0) == 1
    whole = next(n for length, n in starts if length == 0)
    prompts_after = [n for length, n in starts[1:] if n > 1]
    assert prompts_after and max(prompts_after) < whole


def test_a_kept_cache_scores_as_a_fresh_one_whatever_came_before(engine: Engine) -> None:
    """``Instruct.score`` continues the cache of the prompt before: the same prompt again, a
    shorter one, a longer one, one differing at once, and one after a cancelled score all
    give a fresh Instruct's scores."""
    ctx = _context(engine)
    folder = engine.model("tiny-qwen2-instruct")
    loaded = ctx.models.get(folder, "causal", ctx.report)
    kept = Instruct(ctx, loaded)
    base = "The children played football in the park until sunset."
    users = [base, base, base[:20], base + " It rained.", "Rain.", base]
    labels = ["a", "b c", ""]
    for n, user in enumerate(users):
        ended = n % 2 == 1  # the cache holds a whole label after an ended score
        fresh = Instruct(ctx, loaded).score("Pick one.", user, labels, ended=ended)
        assert kept.score("Pick one.", user, labels, ended=ended) == pytest.approx(fresh, abs=1e-5)
        assert fresh[2] == 0.0  # an empty continuation adds nothing
    ctx.cancel.cancel()
    with pytest.raises(Cancelled):
        kept.score("Pick one.", "Something else entirely.", labels)
    ctx.cancel = CancelToken()
    fresh = Instruct(ctx, loaded).score("Pick one.", base, labels)
    assert kept.score("Pick one.", base, labels) == pytest.approx(fresh, abs=1e-5)


def test_one_label_is_scored_on_its_own(engine: Engine) -> None:
    """One label normalised over itself would always be certain (and explain nothing)."""
    request = ClassifyRequest(texts=("A text about football.",), labels=("sport",), explain=True)
    result = engine.run(request)
    assert isinstance(result, ClassifyResult) and result.multi_label
    assert 0 < result.items[0].labels[0].score < 1
    assert any(abs(a.weight) > 1e-6 for a in result.items[0].attributions)


def test_a_long_text_is_explained_by_runs_of_words(engine: Engine) -> None:
    text = _document(3)
    request = ClassifyRequest(texts=(text,), labels=("a", "b"), explain=True)
    result = engine.run(request)
    assert isinstance(result, ClassifyResult)
    spans = [(a.start, a.end) for a in result.items[0].attributions]
    assert len(text.split()) > EXPLAINED_PARTS and len(spans) == EXPLAINED_PARTS
    assert spans[0][0] == 0 and spans[-1][1] == len(text)  # the whole text, in order
    assert all(a < b <= c for (a, b), (c, _d) in itertools.pairwise(spans))


def test_grouped_joins_neighbouring_spans_into_even_runs() -> None:
    spans = [(2 * i, 2 * i + 1) for i in range(10)]
    assert explain.grouped(spans, 20) == spans
    runs = explain.grouped(spans, 4)
    assert runs == [(0, 3), (4, 9), (10, 15), (16, 19)]  # 2, 3, 3, 2 spans


def test_an_instruction_model_needs_labels_to_classify(engine: Engine) -> None:
    with pytest.raises(InputError, match="give the labels"):
        engine.run(ClassifyRequest(texts=("A text.",), model="tiny-qwen2-instruct"))
    # Not named, the only model installed: "No text-classification model is installed" (and
    # untranslated in the app) sent the user to install one, where labels were all it needed.
    with pytest.raises(InputError, match="give the labels") as refused:
        engine.run(ClassifyRequest(texts=("A text.",)))
    assert refused.value.message_id == "classify.needs_labels"


def test_translate_falls_back_to_an_instruction_model_with_the_glossary(
    engine: Engine, tmp_path: Path
) -> None:
    glossary = tmp_path / "terms.tsv"
    glossary.write_text("Berlin\tBerlino\n", encoding="utf-8")
    text = "How many kilometres is it from Berlin to Paris?\n\nThe meeting was postponed."
    events: list[Event] = []
    result = engine.run(
        TranslateRequest(text=text, source="en", target="it", glossary=glossary), events.append
    )
    assert isinstance(result, TranslateResult)
    assert result.model.name == "tiny-qwen2-instruct"
    assert (result.source_language, result.target_language) == ("en", "it")
    assert [s.paragraph for s in result.segments] == [0, 1]
    assert result.missing_terms == (() if "Berlino" in result.segments[0].text else ("Berlin",))
    partial = [e.text for e in events if isinstance(e, PartialText)]
    assert partial[-1] == result.text
    with pytest.raises(InputError, match="target language"):
        engine.run(TranslateRequest(text=text, model="tiny-qwen2-instruct"))
    # An instruction model writes whatever language it is told: one that is none is refused
    # (it was translated "into xx", exit 0), named by a code or a tag alike.
    for source, target in ((None, "xx"), (None, "German"), ("klingon", "de")):
        with pytest.raises(InputError, match="is not a language code"):
            engine.run(TranslateRequest(text=text, source=source, target=target))
    for right in ("pt-BR", "zho_Hans", "yue", "mul", "iw", "sh"):  # (iw: Java's Hebrew)
        assert is_language(right)
    with pytest.raises(InputError, match="'xx' is not a language code"):
        engine.run(SummarizeRequest(text=text, language="xx"))


def test_a_named_instruction_model_translates_a_document(engine: Engine, tmp_path: Path) -> None:
    """Chosen by name, it translated pasted text but no file: deciding a document's languages
    once went through the dedicated models' route, which refused it ("cannot translate: it
    does not generate text"). Its source is detected once, from the document."""
    source = tmp_path / "notes.txt"
    source.write_text(_document(3), encoding="utf-8")
    out = tmp_path / "notes.ja.txt"
    template = TranslateRequest(text="", target="ja", model="tiny-qwen2-instruct")
    result = engine.run(TranslateDocumentRequest(input=source, output=out, template=template))
    assert isinstance(result, DocumentResult)
    assert out.is_file() and result.counts.translated == 3
    assert {r.model.name for r in result.results} == {"tiny-qwen2-instruct"}
    assert (result.source_language, result.target_language) == ("en", "ja")


def test_a_base_model_named_for_a_task_is_refused_before_it_loads(
    engine: Engine, tmp_path: Path
) -> None:
    """A decoder-only model without a chat template was loaded (seconds) before the task
    found it could not prompt it, and said so without a hint."""
    import json
    import shutil

    base = shutil.copytree(exported("qwen2"), tmp_path / "base")
    (base / "chat_template.jinja").unlink(missing_ok=True)
    config = json.loads((base / "tokenizer_config.json").read_text(encoding="utf-8"))
    config.pop("chat_template", None)
    (base / "tokenizer_config.json").write_text(json.dumps(config), encoding="utf-8")
    engine.import_model(base, "tiny-base")
    events: list[Event] = []
    for request in (
        SummarizeRequest(text="The river did not flood.", model="tiny-base"),
        AskRequest(question="Why?", context="The river did not flood.", model="tiny-base"),
        TranslateRequest(text="The river did not flood.", target="de", model="tiny-base"),
    ):
        with pytest.raises(InputError, match="has no chat template") as refused:
            engine.run(request, events.append)
        assert refused.value.message_id == "instruct.no_template"
        assert "instruction-tuned model" in (refused.value.hint or "")
    assert not [e for e in events if isinstance(e, ModelLoading)]


def test_the_model_picker_says_which_models_are_instruction_models(tmp_path: Path) -> None:
    import json
    import shutil

    from engine import capabilities
    from engine.runtime.manifest import load_model_folder

    can = capabilities(load_model_folder(exported("phi3")))
    assert can.roles == ("instruction model",)
    assert can.tasks == {"translate", "summarize", "ask", "classify"}
    base = tmp_path / "base"
    shutil.copytree(exported("phi3"), base)
    (base / "chat_template.jinja").unlink(missing_ok=True)
    config = json.loads((base / "tokenizer_config.json").read_text(encoding="utf-8"))
    del config["chat_template"]
    (base / "tokenizer_config.json").write_text(json.dumps(config), encoding="utf-8")
    can = capabilities(load_model_folder(base))
    assert can.roles == ("text generation",) and not can.tasks


def test_an_instruction_models_refusals_carry_message_ids(engine: Engine) -> None:
    """The app words these itself (no --to, no --labels in its dialogs)."""
    with pytest.raises(InputError) as no_target:
        engine.run(TranslateRequest(text="Hello there.", model="tiny-qwen2-instruct"))
    assert no_target.value.message_id == "translate.needs_target"
    with pytest.raises(InputError) as no_labels:
        engine.run(ClassifyRequest(texts=("Hello there.",), model="tiny-qwen2-instruct"))
    assert no_labels.value.message_id == "classify.needs_labels"


# Qwen3's template, as far as its thinking switch goes: an empty reasoning block when asked
# not to reason.
QWEN3_LIKE = (
    "{%- for m in messages %}{{ '<|im_start|>' + m.role + '\\n' + m.content + '<|im_end|>\\n' }}"
    "{%- endfor %}{%- if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}"
    "{%- if enable_thinking is defined and enable_thinking is false %}"
    "{{ '<think>\\n\\n</think>\\n\\n' }}{%- endif %}{%- endif %}"
)


def test_a_reasoning_model_is_asked_not_to_reason_and_its_reasoning_is_left_out() -> None:
    """Qwen3 (in the catalog) reasoned first: ask returned its reasoning as the answer, and a
    summary was the reasoning (an outside review). Tasks pass enable_thinking=False, as
    transformers' callers do; reasoning written all the same is left out of the output."""
    from engine.runtime.chat import ChatTemplate
    from engine.tasks.instruct import Instruct, without_thinking

    model = Instruct.__new__(Instruct)
    model.ctx = TaskContext.__new__(TaskContext)
    object.__setattr__(model.ctx, "cancel", CancelToken())
    model.template = ChatTemplate(QWEN3_LIKE, Path("tokenizer_config.json"), {})
    assert model.render("Be brief.", "Where?").endswith(
        "<|im_start|>assistant\n<think>\n\n</think>\n\n"
    )
    assert without_thinking("<think>\nThe user asks…\n</think>\n\nNot in the document.") == (
        "Not in the document."
    )
    assert without_thinking("<think>still thinking") == ""  # (streamed: nothing yet)
    assert without_thinking("An answer that mentions <think> tags.") == (
        "An answer that mentions <think> tags."
    )


TAIWANESE = "本公司明年的預算將會增加。這是董事會的決定，員工們都很高興。"
MAINLAND = "本公司明年的预算将会增加。这是董事会的决定，员工们都很高兴。"


def test_chinese_keeps_its_script_in_prompts(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The detector says "zh" for both scripts: a Taiwanese report was summarized "in Chinese
    (Simplified)", a --to zh-TW prompt said "into Chinese", and traditional text into
    zh-Hans was refused as "already in Chinese"."""
    asked: list[tuple[str, ...]] = []

    def recording(name: str) -> Any:
        original = getattr(prompts, name)

        def record(*args: Any) -> Any:
            asked.append((name, *[a for a in args if isinstance(a, str)][1:]))  # (text left out)
            return original(*args)

        return record

    for name in ("summarize", "summarize_part", "translate"):
        monkeypatch.setattr(prompts, name, recording(name))
    engine.run(SummarizeRequest(text=TAIWANESE, model="tiny-qwen2-instruct"))
    assert {call[1] for call in asked} == {"zh-Hant"}
    asked.clear()
    result = engine.run(TranslateRequest(text=TAIWANESE, target="zh-Hans"))
    assert isinstance(result, TranslateResult)
    assert (result.source_language, result.target_language) == ("zh", "zh")
    assert ("translate", "zh-Hant", "zh-Hans") in asked
    assert prompts.language_name("zh-TW") == "Chinese (Traditional)"
    engine.run(TranslateRequest(text=MAINLAND, target="zh-TW"))  # the other way, too
    # A plain "zh" source (a document's, --from zh) is read as its text is written.
    engine.run(TranslateRequest(text=MAINLAND, source="zh", target="zh-TW"))
    assert ("translate", "zh-Hans", "zh-TW") in asked
    for text, target in ((MAINLAND, "zh"), (MAINLAND, "zh-CN"), (TAIWANESE, "zh-TW")):
        with pytest.raises(InputError, match="already in Chinese") as refused:
            engine.run(TranslateRequest(text=text, target=target))
        assert refused.value.message_id == "translate.same_language"


def test_a_translation_memory_is_refused_with_an_instruction_model(
    engine: Engine, tmp_path: Path
) -> None:
    """An instruction model translates paragraph windows of its own: the memory's sentences
    could not be kept from it, so the memory is refused, not silently unused."""
    from tests.test_memory import omegat, tu

    memory = omegat(tmp_path / "m.tmx", tu("The meeting was postponed.", "La riunione.", tgt="it"))
    with pytest.raises(InputError) as refused:
        engine.run(TranslateRequest(text="The meeting was postponed.", source="en", target="it",
                                    memory=memory))  # fmt: skip
    assert refused.value.message_id == "memory.instruct" and refused.value.path == memory
