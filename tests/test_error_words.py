"""The errors a user of the app meets name their sentence (``message_id`` and ``params``), and
the app words each in the window's language. Every error here is raised by the engine's own
path for it (an empty library, a wrong model, a hostile archive, a damaged download), never
built by hand, and then worded in English and in Chinese: an id the app does not know, or a
parameter its sentence does not get, would show the engine's English in a Chinese window."""

from __future__ import annotations

import functools
import gzip
import json
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop import errors
from desktop.i18n import Translations
from engine import Engine, EngineError, EngineOptions, ModelInvalid
from engine.api import (
    AskRequest,
    ClassifyRequest,
    ConvertModelRequest,
    SummarizeRequest,
    TranslateDocumentRequest,
    TranslateRequest,
)
from engine.fileio import check_output
from tests.fake_hub import FakeHub
from tests.fixtures.builder import exported
from tests.test_download import hub, online
from tests.test_download import make_engine as downloading_engine
from tests.test_store_import import folder_members, model_folder, tar_of, zip_of

__all__ = ["hub", "online"]  # fixtures, used by name

CJK = re.compile("[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """One translator (en→de), one summarizer and one embedder, shared by the tests that only
    ask and are refused."""
    home = tmp_path_factory.mktemp("home")
    engine = Engine(EngineOptions(home=home, device="cpu"))
    for name, fixture in (("opus-mt-en-de", "marian"), ("distilbart-cnn-tiny", "bart"),
                          ("minilm", "bert-embed")):  # fmt: skip
        engine.import_model(exported(fixture), name)
    return engine


@pytest.fixture
def empty(tmp_path: Path) -> Engine:
    return Engine(EngineOptions(home=tmp_path / "empty-home", device="cpu"))


def refused(call: Callable[[], object]) -> EngineError:
    with pytest.raises(EngineError) as info:
        call()
    return info.value


@pytest.fixture
def words_of(qapp: object) -> Callable[[EngineError, str], tuple[str, str]]:
    """The app's English words for ``error`` (its id, every parameter filled in, shown in the
    window, no terminal words), its Chinese checked alike."""
    translations = Translations()

    def check(error: EngineError, message_id: str) -> tuple[str, str]:
        assert error.message_id == message_id, error
        english = errors.engine_sentences(error)
        assert english != (error.message, error.hint), "fell back to the engine's words"
        assert translations.switch("zh_CN")
        try:
            chinese = errors.engine_sentences(error)
        finally:
            translations.switch("en")
        for text in (*english, *chinese):
            assert "{" not in text and "}" not in text, text  # every parameter filled in
            assert not errors.speaks_terminal(text), text
        assert CJK.search(chinese[0]) and (not english[1] or CJK.search(chinese[1])), chinese
        # What the window shows is worded the same way (and says which file).
        shown = errors.describe(error)
        assert shown is not None and english[0].rstrip(".") in shown.text
        return english

    return check


@pytest.fixture
def worded(
    words_of: Callable[[EngineError, str], tuple[str, str]],
) -> Callable[[EngineError, str], None]:
    """``words_of`` where the words themselves are not looked at."""

    def check(error: EngineError, message_id: str) -> None:
        words_of(error, message_id)

    return check


# --- tasks without a model that can do them ---------------------------------------------------


def test_an_empty_library_says_what_to_download(
    empty: Engine, worded: Callable[[EngineError, str], None]
) -> None:
    worded(refused(lambda: empty.run(SummarizeRequest(text="A report."))), "summarize.no_model")
    worded(refused(lambda: empty.run(SummarizeRequest(text=" \n"))), "summarize.no_text")
    ask = AskRequest(question="Who wrote it?", context="Ann wrote it.")
    worded(refused(lambda: empty.run(ask)), "ask.no_model")
    labels = ClassifyRequest(texts=("A text.",), labels=("sport", "sport"))
    worded(refused(lambda: empty.run(labels)), "classify.bad_labels")


def test_a_model_chosen_for_the_wrong_task_is_named(
    library: Engine, worded: Callable[[EngineError, str], None]
) -> None:
    text = "The committee met on Tuesday and approved the budget for next year."
    cases = [
        (SummarizeRequest(text=text, model="opus-mt-en-de"), "summarize.translation_model"),
        (TranslateRequest(text=text, model="distilbart-cnn-tiny", target="de"),
         "translate.summarization_model"),
        (TranslateRequest(text=text, model="opus-mt-en-de", target="fr"), "translate.not_into"),
        (AskRequest(question="Who met?", context=text, model="opus-mt-en-de"), "ask.wrong_model"),
        (ClassifyRequest(texts=(text,), model="opus-mt-en-de"), "classify.not_a_classifier"),
        (ClassifyRequest(texts=(text,), model="opus-mt-en-de", labels=("a", "b")),
         "classify.no_labels_of_choice"),
        (ClassifyRequest(texts=(text,), model="minilm"), "classify.no_own_labels"),
    ]  # fmt: skip
    for request, message_id in cases:
        error = refused(lambda request=request: library.run(request))  # type: ignore[misc]
        worded(error, message_id)
        assert "{" not in error.message
    error = refused(lambda: library.run(TranslateRequest(text=text, model="opus-mt-en-de",
                                                         target="fr")))  # fmt: skip
    assert errors.engine_sentences(error)[0] == "opus-mt-en-de does not translate into French (fr)."


def test_a_glossary_for_another_pair_is_named_with_its_languages(
    library: Engine, tmp_path: Path, worded: Callable[[EngineError, str], None]
) -> None:
    glossary = tmp_path / "terms.csv"
    glossary.write_text("English,French\nlibrary,bibliothèque\n", encoding="utf-8")
    request = TranslateRequest(text="The library.", target="de", glossary=glossary)
    error = refused(lambda: library.run(request))
    worded(error, "glossary.other_pair")
    assert errors.engine_sentences(error) == (
        "This glossary is for translations from English (en) into French (fr).",
        "Give a glossary for German (de), or set its languages in Settings → Glossary…",
    )
    # A review found the row's tooltip ending "Glossary….": the menu item's "…" ends it.
    shown = errors.describe(error)
    assert shown is not None and shown.text.endswith("in Settings → Glossary…")


def test_a_glossary_for_a_languages_variant_is_named_in_the_ui_language(
    qapp: object, tmp_path: Path
) -> None:
    """A Chinese sentence said "请提供用于Portuguese (pt-BR)的术语表": a tag naming a
    country or script is named by its language's name in the UI language, with the tag."""
    from engine.tasks.translate import check_glossary
    from engine.text import load_glossary

    glossary = tmp_path / "terms.csv"
    glossary.write_text("English,Chinese (Traditional)\nlibrary,圖書館\n", encoding="utf-8")
    error = refused(lambda: check_glossary(load_glossary(glossary), glossary, "pt-BR"))
    translations = Translations()
    assert translations.switch("zh_CN")
    try:
        message, hint = errors.engine_sentences(error)
    finally:
        translations.switch("en")
    assert "中文 (zh-Hant)" in message and "葡萄牙语 (pt-BR)" in hint, (message, hint)
    assert errors.engine_sentences(error)[1].startswith("Give a glossary for Portuguese (pt-BR)")


# --- where results go -------------------------------------------------------------------------


def test_a_result_that_cannot_go_where_it_is_asked_to(
    library: Engine, tmp_path: Path, worded: Callable[[EngineError, str], None]
) -> None:
    source = tmp_path / "notes.txt"
    source.write_text("The committee met on Tuesday.\n", encoding="utf-8")
    worded(refused(lambda: check_output(source, [source])), "file.output_is_input")
    worded(refused(lambda: check_output(tmp_path, [source])), "file.output_is_folder")
    request = TranslateDocumentRequest(
        input=source, output=tmp_path / "notes.de.pdf",
        template=TranslateRequest(text="", model="opus-mt-en-de", target="de"),
    )  # fmt: skip
    error = refused(lambda: library.run(request))
    worded(error, "document.wrong_output")
    assert errors.engine_sentences(error) == (
        "A .txt file cannot be saved as .pdf.",
        "Save it as one of: .txt.",
    )
    assert not (tmp_path / "notes.de.pdf").exists()
    assert source.read_text(encoding="utf-8") == "The committee met on Tuesday.\n"


# --- importing and converting models ----------------------------------------------------------


def test_a_hostile_or_odd_archive_is_refused_in_words(
    empty: Engine, tmp_path: Path, worded: Callable[[EngineError, str], None]
) -> None:
    members = folder_members(model_folder(tmp_path), "model/")
    escaping = zip_of(tmp_path / "escaping.zip", {**members, "../evil.txt": b"owned"})
    error = refused(lambda: empty.import_model(escaping))
    worded(error, "store.archive_escapes")
    assert "../evil.txt" in errors.engine_sentences(error)[0]
    linked = zip_of(tmp_path / "linked.zip", members, links={"model/link": "/etc/passwd"})
    worded(refused(lambda: empty.import_model(linked)), "store.archive_odd_entry")
    odd = tmp_path / "odd.zip"  # compressed with a method Python cannot unpack (PPMd)
    with zipfile.ZipFile(odd, "w") as zf:
        for name, data in members.items():
            info = zipfile.ZipInfo(name)
            zf.writestr(info, data)
    raw = bytearray(odd.read_bytes())
    for header, offset in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):  # local and central
        start = 0
        while (at := raw.find(header, start)) != -1:
            raw[at + offset : at + offset + 2] = (98).to_bytes(2, "little")
            start = at + 4
    odd.write_bytes(bytes(raw))
    worded(refused(lambda: empty.import_model(odd)), "store.archive_format")
    remote = model_folder(tmp_path / "remote")
    config = json.loads((remote / "config.json").read_text())
    (remote / "config.json").write_text(json.dumps({**config, "auto_map": {"AutoModel": "x.Y"}}))
    worded(refused(lambda: empty.import_model(remote)), "store.remote_code")
    assert empty.models() == []


def test_an_archive_of_too_many_files_is_refused_in_words(
    empty: Engine,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    worded: Callable[[EngineError, str], None],
) -> None:
    from engine.store import archive as unpacker

    members = folder_members(model_folder(tmp_path), "model/")
    monkeypatch.setattr(unpacker, "MAX_ENTRIES", len(members) - 1)
    many = zip_of(tmp_path / "many.zip", members)
    error = refused(lambda: empty.import_model(many))
    worded(error, "store.archive_too_many")
    assert error.params == {"count": len(members)}
    # A tar is read no further than the limit: "more than".
    many_tar = tar_of(tmp_path / "many.tar.gz", members)
    error = refused(lambda: empty.import_model(many_tar))
    worded(error, "store.archive_too_many")
    assert error.params == {"count": len(members) - 1, "more": True}


def test_a_checkpoint_that_cannot_be_converted_says_why(
    empty: Engine, tmp_path: Path, worded: Callable[[EngineError, str], None]
) -> None:
    worded(refused(lambda: empty.run(ConvertModelRequest(source=tmp_path / "nowhere"))),
           "export.no_folder")  # fmt: skip
    folder = tmp_path / "checkpoint"
    folder.mkdir()
    worded(refused(lambda: empty.run(ConvertModelRequest(source=folder))), "export.no_config")
    (folder / "config.json").write_text(json.dumps({"model_type": "marian"}))
    worded(refused(lambda: empty.run(ConvertModelRequest(source=folder))), "export.no_weights")


def test_a_model_with_a_damaged_config_is_named(
    empty: Engine, tmp_path: Path, worded: Callable[[EngineError, str], None]
) -> None:
    folder = model_folder(tmp_path)
    (folder / "config.json").write_text('{"model_type": "bert",', encoding="utf-8")
    error = refused(lambda: empty.import_model(folder))
    worded(error, "model.bad_json")
    assert errors.engine_sentences(error)[0].startswith("The model's config.json is damaged")


def test_a_model_folder_laid_out_wrong_is_named_in_words(
    empty: Engine, tmp_path: Path, worded: Callable[[EngineError, str], None]
) -> None:
    """What a folder found on a disk or a forum can be: each refused at import, in words."""
    from tests.test_manifest import SEQ2SEQ, make_folder

    cases: list[tuple[dict[str, object], tuple[str, ...], str]] = [
        ({"architectures": ["BertModel"]}, ("onnx/model.onnx",), "model.no_model_type"),
        ({"model_type": 5}, ("onnx/model.onnx",), "model.config_not_names"),
        (SEQ2SEQ, ("onnx/decoder_model_merged.onnx",), "model.onnx_incomplete"),
        (SEQ2SEQ, ("onnx/encoder_model.onnx",), "model.onnx_incomplete"),
        (SEQ2SEQ, ("onnx/model.onnx",), "model.generator_single_onnx"),
    ]
    for n, (config, onnx, message_id) in enumerate(cases):
        folder = make_folder(tmp_path / f"m{n}", config=config, onnx=onnx)
        worded(refused(functools.partial(empty.import_model, folder)), message_id)
    folder = model_folder(tmp_path)
    (folder / "tokenizer.json").write_text('{"version": "1.0"}', encoding="utf-8")
    worded(refused(lambda: empty.import_model(folder)), "model.bad_tokenizer")


def test_an_installed_model_with_a_file_linked_outside_is_named(
    empty: Engine, tmp_path: Path, worded: Callable[[EngineError, str], None]
) -> None:
    installed = empty.import_model(model_folder(tmp_path), "linked").path
    outside = tmp_path / "elsewhere.json"
    outside.write_text("{}", encoding="utf-8")
    (installed / "vocab.json").symlink_to(outside)
    error = refused(lambda: empty.model("linked"))
    worded(error, "model.link_outside")
    assert error.params == {"file": "vocab.json"}


# --- downloads --------------------------------------------------------------------------------


def test_a_damaged_or_too_large_download_is_refused_in_words(
    hub: FakeHub,
    quire_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    worded: Callable[[EngineError, str], None],
) -> None:
    engine = downloading_engine(quire_home, hub, tmp_path)
    hub.corrupt.add("tokenizer.json")
    error = refused(lambda: engine.download("tiny-marian"))
    worded(error, "download.corrupt")
    assert error.params == {"path": "tokenizer.json"}
    hub.corrupt.clear()
    import shutil

    real = shutil.disk_usage
    monkeypatch.setattr(shutil, "disk_usage", lambda p: real(p)._replace(free=1000))
    error = refused(lambda: engine.download("tiny-marian"))
    worded(error, "download.no_space")
    assert errors.describe(error) is not None
    assert "1000 bytes" in errors.engine_sentences(error)[0]


def test_huggingface_hubs_offline_switch_is_named_not_quoted(
    hub: FakeHub,
    quire_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    worded: Callable[[EngineError, str], None],
) -> None:
    """HF_HUB_OFFLINE, set for other tools on a machine, stops Quire's downloads too: the
    window says which variable, in its language."""
    import huggingface_hub.constants

    engine = downloading_engine(quire_home, hub, tmp_path)
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", True)
    worded(refused(lambda: engine.download("tiny-marian")), "download.hf_offline")


def test_a_repository_whose_files_make_no_model_is_named(
    hub: FakeHub, quire_home: Path, tmp_path: Path, worded: Callable[[EngineError, str], None]
) -> None:
    from tests.test_download import REPO

    hub.repos[REPO].files["tokenizer.json"] = b'{"version": "1.0"}'  # parses, loads nothing
    engine = downloading_engine(quire_home, hub, tmp_path)
    error = refused(lambda: engine.download("tiny-marian"))
    worded(error, "download.not_a_model")
    assert error.params == {"repo": REPO}


def test_a_text_longer_than_an_instruction_models_window_is_refused_with_its_length(
    tmp_path: Path, worded: Callable[[EngineError, str], None]
) -> None:
    pytest.importorskip("optimum.exporters.onnx")  # the tiny model is exported in a build step
    from engine.options import CancelToken
    from engine.tasks.context import TaskContext
    from engine.tasks.instruct import Instruct
    from tests.fixtures.causal import exported as causal

    engine = Engine(EngineOptions(home=tmp_path / "home", dtype="fp32", threads=1))
    engine.import_model(causal("qwen2"), "tiny-qwen2-instruct")
    ctx = TaskContext(models=engine._models, resolve=engine.model, installed=engine._installed,
                      report=lambda _event: None, cancel=CancelToken(), engine=engine)  # fmt: skip
    llm = Instruct(ctx, ctx.models.get(engine.model("tiny-qwen2-instruct"), "causal", ctx.report))
    text = "word " * (llm.window + 10)
    error = refused(lambda: llm.complete("Be brief.", text, 4))
    worded(error, "instruct.prompt_too_long")
    assert error.params == {"length": len(llm.ids("Be brief.", text)), "window": llm.window}


def test_a_pdf_whose_layout_takes_too_long_says_where_it_stopped(
    monkeypatch: pytest.MonkeyPatch, worded: Callable[[EngineError, str], None]
) -> None:
    from engine.documents import pdf
    from engine.documents.registry import load_document

    monkeypatch.setattr(pdf, "MAX_SECONDS", -1.0)  # any time at all is too long
    path = Path(__file__).parent / "data" / "spacing" / "libreoffice.pdf"
    error = refused(lambda: load_document(path))
    worded(error, "document.pdf_too_slow")
    assert error.params == {"seconds": -1, "page": 1} and error.path == path


def test_a_document_libreoffice_saved_with_a_password_is_named_so(
    worded: Callable[[EngineError, str], None],
) -> None:
    from engine.documents.registry import load_document

    path = Path(__file__).parent / "data" / "locked" / "libreoffice.odt"  # password "secret"
    error = refused(lambda: load_document(path))
    worded(error, "document.encrypted")
    assert error.path == path


def _raised_with_keys() -> dict[tuple[str, frozenset[str]], str]:
    """Each message id the engine's code raises, with the parameter names one raise passes
    (a literal dict), and where: read from the source, so that a raise no test reaches is
    checked too."""
    import ast

    root = Path(__file__).resolve().parents[1] / "engine"
    found: dict[tuple[str, frozenset[str]], str] = {}
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            words = {k.arg: k.value for k in node.keywords if k.arg}
            message_id = words.get("message_id")
            if not (isinstance(message_id, ast.Constant) and isinstance(message_id.value, str)):
                continue
            params = words.get("params")
            if params is None:
                keys: frozenset[str] = frozenset()
            elif isinstance(params, ast.Dict) and all(
                isinstance(k, ast.Constant) for k in params.keys
            ):
                keys = frozenset(str(k.value) for k in params.keys if isinstance(k, ast.Constant))
            else:
                continue  # built elsewhere: the tests that raise it check it
            found[(message_id.value, keys)] = f"{path.relative_to(root.parent)}:{node.lineno}"
    return found


def test_every_raise_passes_the_parameters_its_sentence_needs(qapp: object) -> None:
    """A sentence that asks for a parameter the raise does not pass falls back to the
    engine's English: each raise, with its own parameter names (any values), is worded."""
    from engine.errors import InputError

    raised = _raised_with_keys()
    assert len(raised) > 80
    command_line_only = {"document.no_bilingual"}
    translations = Translations()
    unworded = []
    for (message_id, keys), where in sorted(raised.items()):
        if message_id in command_line_only:
            continue
        error = InputError("English", hint="hint", message_id=message_id,
                           params=dict.fromkeys(keys, "7"))  # fmt: skip
        for language in ("en", "zh_CN"):
            assert translations.switch(language)
            if errors.engine_sentences(error) == ("English", "hint"):
                unworded.append(f"{where} {message_id} {sorted(keys)} ({language})")
    translations.switch("en")
    assert unworded == []


def test_a_pdf_whose_fonts_say_no_letters_is_named_so_not_a_scan(
    tmp_path: Path, worded: Callable[[EngineError, str], None]
) -> None:
    """A font without a character map gives pdfminer "(cid:18)" for each glyph: that is no
    text to translate, and no scan either (OCR, or printing it again, is what helps)."""
    from engine.documents.registry import load_document
    from tests.fixtures.documents import pdf_without_unicode

    path = tmp_path / "custom-font.pdf"
    path.write_bytes(pdf_without_unicode())
    error = refused(lambda: load_document(path))
    worded(error, "document.pdf_no_unicode")
    assert "scan" not in error.message


def test_a_gettext_catalog_damaged_or_translated_already_is_named_so(
    tmp_path: Path, worded: Callable[[EngineError, str], None]
) -> None:
    from engine.documents.registry import load_document

    damaged = tmp_path / "damaged.po"
    damaged.write_text('msgid "Open"\nmsgstr ""\nOpen the file\n', encoding="utf-8")
    error = refused(lambda: load_document(damaged))
    worded(error, "document.bad_catalog")
    assert error.params == {"line": 3}
    done = tmp_path / "done.po"
    done.write_text('msgid "Open"\nmsgstr "Öffnen"\n', encoding="utf-8")
    worded(refused(lambda: load_document(done)), "document.catalog_translated")


def test_an_xliff_file_damaged_or_translated_already_is_named_so(
    tmp_path: Path, worded: Callable[[EngineError, str], None]
) -> None:
    from engine.documents.registry import load_document

    damaged = tmp_path / "damaged.xlf"
    damaged.write_text('<xliff version="1.2">\n<file>\n</xliff>\n', encoding="utf-8")
    error = refused(lambda: load_document(damaged))
    worded(error, "document.bad_xliff")
    assert error.params == {"line": 3}
    done = tmp_path / "done.xlf"
    done.write_text(
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file><body>'
        '<trans-unit id="1"><source>Open</source><target>Öffnen</target></trans-unit>'
        "</body></file></xliff>",
        encoding="utf-8",
    )
    worded(refused(lambda: load_document(done)), "document.xliff_translated")


def test_a_tmx_files_units_without_a_source_text_are_worded_by_the_app(qapp: object) -> None:
    from engine.documents import open_document

    data = Path(__file__).parent / "data" / "tmx"
    (note,) = open_document(data / "omegat_missing_source.tmx").notes
    assert errors.note_text(note) == (
        "A translation unit has no text in the source language (en): it is kept as it is."
    )
    (note,) = open_document(data / "omegat_missing_source.tmx").in_source("es").notes
    assert errors.note_text(note) == (
        "2 translation units have no text in the source language (es): they are kept as they are."
    )
    (note,) = open_document(data / "lisa_ImportTest1K.tmx").notes
    assert errors.note_text(note) == (
        "A translation unit's source is in another language (fr-ca) than the file's (de): it "
        "is kept as it is, not translated."
    )


def test_each_refusal_of_a_tmx_file_has_its_own_words(tmp_path: Path) -> None:
    from engine.documents.registry import load_document

    cases = {
        "document.tmx_not_tmx": '<xliff version="1.2"><file/></xliff>',
        "document.tmx_version": '<tmx version="2.0"><body/></tmx>',
        "document.tmx_entities": '<!DOCTYPE tmx [\n<!ENTITY co "Acme">]>\n'
        '<tmx version="1.4"><body/></tmx>',
        "document.bad_tmx": '<tmx version="1.4">\n<body>\n</tmx>\n',
    }
    said = set()
    for message_id, text in cases.items():
        path = tmp_path / f"{message_id}.tmx"
        path.write_text(text, encoding="utf-8")
        error = refused(lambda: load_document(path))  # noqa: B023 (called at once)
        assert error.message_id == message_id
        english = errors.engine_sentences(error)
        assert english != (error.message, error.hint), "fell back to the engine's words"
        assert message_id == "document.bad_tmx" or "damaged" not in english[0], english
        said.add(english[0])
    assert len(said) == len(cases)


def test_a_tmx_file_damaged_without_source_texts_or_translated_already_is_named_so(
    tmp_path: Path, worded: Callable[[EngineError, str], None]
) -> None:
    from engine.documents.language import target_language
    from engine.documents.registry import load_document

    damaged = tmp_path / "damaged.tmx"
    damaged.write_text('<tmx version="1.4">\n<body>\n</tmx>\n', encoding="utf-8")
    error = refused(lambda: load_document(damaged))
    worded(error, "document.bad_tmx")
    assert error.params == {"line": 3}
    memory = tmp_path / "memory.tmx"
    memory.write_text(
        '<tmx version="1.4"><header srclang="en"/><body><tu>'
        '<tuv xml:lang="en"><seg>Open</seg></tuv><tuv xml:lang="de"><seg>Öffnen</seg></tuv>'
        "</tu></body></tmx>",
        encoding="utf-8",
    )
    worded(refused(lambda: load_document(memory)[0].in_source("ja")), "document.tmx_no_source")
    german = target_language("de")
    assert german is not None
    document = load_document(memory)[0]
    worded(refused(lambda: document.translated_into(german)), "document.tmx_translated")


def test_a_localisation_file_for_another_language_is_named_so(
    worded: Callable[[EngineError, str], None],
) -> None:
    from engine.documents.language import target_language
    from engine.documents.registry import load_document

    document, _data = load_document(Path(__file__).parent / "data" / "po" / "ru.po")
    language = target_language("ja")
    assert language is not None
    error = refused(lambda: document.check_target(language))
    worded(error, "document.target_language")
    assert error.params == {"declared": "ru", "target": "ja"}


def test_a_typescript_file_given_as_a_qt_linguist_file_is_named_so(
    tmp_path: Path, worded: Callable[[EngineError, str], None]
) -> None:
    from engine.documents.registry import load_document

    code = tmp_path / "main.ts"
    code.write_text("const x: number = 1;\n", encoding="utf-8")
    error = refused(lambda: load_document(code))
    worded(error, "document.not_linguist")
    assert error.params == {"line": 1}


def test_an_fdx_file_that_is_not_final_drafts_is_named_so(
    tmp_path: Path, worded: Callable[[EngineError, str], None]
) -> None:
    """A web page saved as script.fdx: its root element named, in both languages."""
    from engine.documents.registry import load_document

    page = tmp_path / "script.fdx"
    page.write_bytes(b'<?xml version="1.0"?><html><body><p>Hi</p></body></html>')
    error = refused(lambda: load_document(page))
    worded(error, "document.fdx_not_final_draft")
    assert error.params == {"root": "html"}


def test_a_damaged_json_file_is_named_so(
    tmp_path: Path, worded: Callable[[EngineError, str], None]
) -> None:
    from engine.documents.registry import load_document

    bad = tmp_path / "de.json"
    bad.write_text('{\n  "open": Open\n}\n', encoding="utf-8")
    error = refused(lambda: load_document(bad))
    worded(error, "document.bad_json")
    assert error.params == {"line": 2}
    cut = tmp_path / "cut.json"
    cut.write_text('{\n  "open": "Open",\n  "close": "Clo', encoding="utf-8")
    error = refused(lambda: load_document(cut))
    worded(error, "document.json_cut_short")  # (not "check it in a JSON editor")
    assert error.params == {"line": 3}


def test_a_zip_of_several_fictionbooks_and_a_fictionbook_3_are_named_so(
    tmp_path: Path, worded: Callable[[EngineError, str], None]
) -> None:
    """Both were worded by the engine alone (the window's Chinese said them in English), and
    a .fb3 said "Save it as .fb2 in the store or program it came from", a program name the
    window could not translate."""
    from engine.documents.registry import load_document

    several = tmp_path / "series.fb2.zip"
    with zipfile.ZipFile(several, "w") as archive:
        for name in ("one.fb2", "two.fb2"):
            archive.writestr(name, "<FictionBook/>")
    error = refused(lambda: load_document(several))
    worded(error, "document.fb2_several_books")
    assert (
        errors.engine_sentences(error)[0] == "This zip archive holds 2 FictionBook books, not one."
    )
    fb3 = tmp_path / "novel.fb3"
    with zipfile.ZipFile(fb3, "w") as archive:
        archive.writestr("fb3/body.xml", "<fb3-body/>")
    worded(refused(lambda: load_document(fb3)), "document.fb3")
    worded(refused(lambda: load_document(fb3.rename(tmp_path / "novel.fbz"))), "document.fb3")


def test_each_older_office_kind_s_remedy_is_worded_as_the_engine_words_it(
    qapp: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window says what the engine says for each kind's file: the remedy its program can
    do (Works: Rich Text; WordPerfect: Word opens it; Hangul 97: a recent Hangul; Write: none
    but LibreOffice), in every refusal around LibreOffice, not "save it as .docx in Write"."""
    from engine.documents import imported, libreoffice
    from engine.documents.registry import load_document

    legacy = Path(__file__).parent / "data" / "legacy"
    monkeypatch.setenv("PATH", "")
    monkeypatch.setattr(libreoffice, "_places", lambda *_args: [])
    soffice = Path("/usr/bin/soffice")
    for name in ("testWordPerfect.wpd", "testWORKS2000.wps", "testMSWriteFile.wri",
                 "testStarOffice-5.2-writer.sdw", "testStarOffice-6.0-writer.sxw",
                 "Calc5_go-oox-5.sdc", "testStarOffice-6.0-calc.sxc",
                 "testStarOffice-6.0-draw.sxi", "testHWP_3.0.hwp", "sample.xlsb"):  # fmt: skip
        path = legacy / name
        target = imported.KINDS[path.suffix].target
        for error in (
            refused(functools.partial(load_document, path)),
            imported._unopened(path),
            imported._damaged(path, "not it"),
            libreoffice._broken(path, target, soffice, "it stopped"),
            libreoffice._too_long(path, target),
        ):
            sentence, hint = errors.engine_sentences(error)
            assert (sentence, hint) != (error.message, error.hint), f"{name}: the engine's words"
            # (the window has long said "save the file as .docx in Word" there)
            hint = hint.replace("or save the file as", "or save it as")
            assert hint == f"{error.hint}.", (name, error.message_id)
            assert ".docx in Write" not in hint and ".docx in Works" not in hint
            # The engine's English phrases in a remedy are the UI's words in Chinese (a
            # Chinese hint said "在 a recent Hangul 中打开").
            translations = Translations()
            assert translations.switch("zh_CN")
            try:
                chinese = errors.engine_sentences(error)[1]
            finally:
                translations.switch("en")
            english = ("a recent Hangul", "Rich Text", "a web page")
            assert CJK.search(chinese) and not any(w in chinese for w in english), chinese


def test_an_old_office_file_without_libreoffice_or_that_it_cannot_convert_is_named_so(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    worded: Callable[[EngineError, str], None],
) -> None:
    """Both remedies in the window's language: save as .docx in Word, or install LibreOffice;
    and a note that the file was converted, which the engine words in English."""
    from desktop.widgets import stage_text
    from engine.api import Note
    from engine.documents import imported, libreoffice, office97
    from engine.documents.registry import load_document

    old = tmp_path / "contract.doc"
    old.write_bytes((Path(__file__).parent / "data" / "office97" / "word97.doc").read_bytes())
    monkeypatch.setenv("PATH", "")
    monkeypatch.setattr(libreoffice, "_places", lambda *_args: [])
    error = refused(lambda: load_document(old))
    worded(error, "document.needs_libreoffice")
    assert errors.engine_sentences(error)[1] == (
        "Save it as .docx in Word, or install LibreOffice (libreoffice.org) and Quire "
        "converts it, then try again."
    )
    folder = tmp_path / "bin"
    folder.mkdir()
    (folder / "soffice").write_text("#!/bin/sh\nexit 0\n", encoding="ascii")
    (folder / "soffice").chmod(0o755)
    monkeypatch.setenv("PATH", str(folder))  # a LibreOffice that writes nothing
    worded(refused(lambda: load_document(old)), "document.conversion_failed")
    pages = tmp_path / "Report.pages"  # (an iWork '13 package LibreOffice does not open)
    with zipfile.ZipFile(pages, "w") as archive:
        archive.writestr("Index/Document.iwa", b"\x00" * 16)
    failed = refused(lambda: load_document(pages))
    worded(failed, "document.import_failed")
    assert errors.engine_sentences(failed) == (
        "LibreOffice could not open the Pages document (its Pages version is one LibreOffice "
        "does not read, or it is damaged).",
        "Export it as Word (.docx) from Pages (File > Export To > Word) and translate that, or "
        "update LibreOffice, then try again.",
    )
    worded(libreoffice._too_long(old, office97._target(old)), "document.conversion_too_long")
    # (a Pages document is exported as Word from Pages, not saved as .docx there)
    slow = libreoffice._too_long(pages, imported.KINDS[".pages"].target)
    worded(slow, "document.conversion_too_long")
    assert "export it as Word (.docx) from Pages" in errors.engine_sentences(slow)[1]
    broken = libreoffice._broken(
        pages, imported.KINDS[".pages"].target, Path("soffice"), "no libsal"
    )
    worded(broken, "document.libreoffice_broken")
    assert "export the file as Word (.docx) from Pages" in errors.engine_sentences(broken)[1]
    (folder / "soffice").write_text("#!/bin/sh\necho 'no libsal' >&2\nexit 127\n")
    worded(refused(lambda: load_document(old)), "document.libreoffice_broken")
    damaged = tmp_path / "budget.xls"
    damaged.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))  # an OLE file's start
    worded(refused(lambda: load_document(damaged)), "document.old_office_damaged")
    translations = Translations()
    note = office97.converted_note(old, "7.4.7.2")
    assert errors.note_text(note) == (
        "contract.doc was converted with LibreOffice 7.4.7.2 to read it; the translation is "
        "written as .docx."
    )
    assert translations.switch("zh_CN")
    try:
        assert "LibreOffice 7.4.7.2" in errors.note_text(note) and CJK.search(
            errors.note_text(note)
        )
        named = {"name": "a.doc", "kind": "HTML", "suffix": ".doc", "save_as": ".html"}
        renamed = Note("", "document.read_as_its_kind", named)
        assert CJK.search(errors.note_text(renamed))
        assert stage_text("converting") == "正在用 LibreOffice 转换…"
    finally:
        translations.switch("en")
    assert stage_text("converting") == "Converting with LibreOffice…"


def test_a_web_archive_that_cannot_be_read_says_why(
    tmp_path: Path, worded: Callable[[EngineError, str], None]
) -> None:
    from engine.documents.registry import load_document

    data = (Path(__file__).parent / "data" / "mhtml" / "chromium-garden.mhtml").read_bytes()
    cases = {
        "document.mhtml_not_mime": b"<html><p>Hi</p></html>",
        "document.mhtml_no_page": data.replace(b"text/html", b"text/plain"),
        "document.mhtml_broken": data.replace(b'boundary="', b'boundary="x', 1),
        "document.mhtml_truncated": data[: data.index(b"Content-Type: text/css")],
    }
    path = tmp_path / "page.mhtml"
    for message_id, content in cases.items():
        path.write_bytes(content)
        worded(refused(lambda: load_document(path)), message_id)


def test_an_encrypted_e_mail_a_broken_outlook_msg_and_a_signed_e_mail_are_named_so(
    tmp_path: Path, worded: Callable[[EngineError, str], None]
) -> None:
    from engine.documents import open_document
    from engine.documents.registry import load_document

    data = Path(__file__).parent / "data" / "eml"
    worded(refused(lambda: load_document(data / "smime-encrypted.eml")), "document.eml_sealed")
    msg = tmp_path / "Invoice.eml"
    msg.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))  # a compound file's
    worded(refused(lambda: load_document(msg)), "document.msg_damaged")
    word = msg.with_suffix(".msg")
    word.write_bytes(msg.read_bytes())
    worded(refused(lambda: load_document(word)), "document.msg_damaged")
    word.write_bytes((Path(__file__).parent / "data" / "office97" / "libreoffice.doc").read_bytes())
    worded(refused(lambda: load_document(word)), "document.msg_not_message")
    contact = Path(__file__).parent / "data" / "msg" / "contactAnsi.msg"
    worded(refused(lambda: load_document(contact)), "document.msg_contact")
    box = tmp_path / "box.eml"
    box.write_bytes(
        b"From a@b.c Mon Jan  1 10:00:00 2024\nSubject: One\n\nHi.\n\n"
        b"From x@b.c Tue Jan  2 11:00:00 2024\nSubject: Two\n\nBye.\n"
    )
    worded(refused(lambda: load_document(box)), "document.mailbox")
    (note,) = open_document(data / "cpython-msg_45.eml").notes
    assert errors.note_text(note).startswith("The message is signed (PGP)")
    translations = Translations()
    try:
        assert translations.switch("zh_CN")
        assert "（PGP）" in errors.note_text(note) and CJK.search(errors.note_text(note))
    finally:
        translations.switch("en")


def test_an_openpgp_file_named_asc_is_named_so(
    tmp_path: Path, worded: Callable[[EngineError, str], None]
) -> None:
    from engine.documents.registry import load_document

    key = tmp_path / "KEYS.asc"
    key.write_text(
        "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmQINBF\n-----END PGP PUBLIC KEY BLOCK-----\n"
    )
    worded(refused(lambda: load_document(key)), "document.openpgp")


def test_a_texinfo_file_with_a_brace_left_open_is_named_so(
    tmp_path: Path, worded: Callable[[EngineError, str], None]
) -> None:
    from engine.documents.registry import load_document

    broken = tmp_path / "manual.texi"
    broken.write_text("@node Top\n@top Manual\n\nSee @emph{this.\n\nMore.\n", "utf-8")
    error = refused(lambda: load_document(broken))
    worded(error, "document.texinfo_unclosed")
    assert error.params == {"line": 4}
    assert errors.engine_sentences(error)[0] == (
        "A brace near line 4 of the Texinfo file is never closed."
    )


def test_a_texinfo_file_nesting_braces_too_deep_is_named_so(
    tmp_path: Path, worded: Callable[[EngineError, str], None]
) -> None:
    from engine.documents.registry import load_document

    deep = tmp_path / "manual.texi"
    deep.write_text("@node Top\n@top T\n\nA " + "@emph{x " * 200 + "}" * 200 + "\n", "utf-8")
    error = refused(lambda: load_document(deep))
    worded(error, "document.texinfo_nested")
    assert errors.engine_sentences(error)[0] == (
        "The Texinfo file nests braces more than 100 deep, on line 4."
    )


def test_a_typst_file_not_in_utf8_or_with_a_bracket_left_open_is_named_so(
    tmp_path: Path, worded: Callable[[EngineError, str], None]
) -> None:
    from engine.documents.registry import load_document

    latin1 = tmp_path / "paper.typ"
    latin1.write_bytes("= Caf\u00e9\n".encode("latin-1"))
    worded(refused(lambda: load_document(latin1)), "document.typst_not_utf8")
    broken = tmp_path / "broken.typ"
    broken.write_text("#figure(\n  caption: [A caption],\n\nText.\n", "utf-8")
    error = refused(lambda: load_document(broken))
    worded(error, "document.typst_unclosed")
    assert error.params == {"bracket": "(", "line": 1}


def test_a_typst_language_set_in_an_imported_file_is_worded(tmp_path: Path, qapp: object) -> None:
    from engine.documents import open_document

    (tmp_path / "template.typ").write_text('#let conf(doc) = { set text(lang: "en"); doc }\n')
    main = tmp_path / "main.typ"
    main.write_text('#import "template.typ": conf\n#show: conf\n= Ice\n')
    (note,) = open_document(main).notes
    assert errors.note_text(note).startswith("The document's language is set in a file it imports")
    translations = Translations()
    try:
        assert translations.switch("zh_CN")
        assert "template.typ" in errors.note_text(note) and CJK.search(errors.note_text(note))
    finally:
        translations.switch("en")


def test_a_sites_theme_without_the_target_language_is_worded(tmp_path: Path, qapp: object) -> None:
    from engine.documents import open_document
    from engine.documents.language import target_language

    settings = tmp_path / "mkdocs.yml"
    settings.write_text("site_name: Docs\ntheme:\n  name: material\n  language: en\n")
    document = open_document(settings)
    language = target_language("ga")
    assert language is not None
    document.check_target(language)
    (note,) = document.notes
    assert errors.note_text(note).startswith("Material for MkDocs has no words for ga")
    translations = Translations()
    try:
        assert translations.switch("zh_CN")
        assert "Material for MkDocs" in errors.note_text(note) and CJK.search(
            errors.note_text(note)
        )
    finally:
        translations.switch("en")


def test_controls_bound_to_values_not_found_are_worded(tmp_path: Path, qapp: object) -> None:
    import docx
    from lxml import etree

    from engine.documents import open_document
    from tests.test_document_office import CORE_PREFIXES, CORE_STORE, bound

    document = docx.Document()
    document.core_properties.subject = "How the year went"
    xpath = "/ns0:coreProperties[1]/*[local-name()='subject']"
    control = bound("Subtitle", xpath, CORE_STORE, "How the year went", CORE_PREFIXES)
    document.element.body.insert(0, etree.fromstring(control))
    path = tmp_path / "cover.docx"
    document.save(str(path))
    (note,) = open_document(path).notes
    assert errors.note_text(note).startswith("Content controls bound to values the document")
    translations = Translations()
    try:
        assert translations.switch("zh_CN")
        assert "1" in errors.note_text(note) and CJK.search(errors.note_text(note))
    finally:
        translations.switch("en")


def test_a_sites_language_and_languages_notes_are_worded(tmp_path: Path, qapp: object) -> None:
    from engine.api import Note
    from engine.documents import open_document
    from engine.documents.language import target_language

    language = target_language("de")
    assert language is not None
    notes: list[Note] = []
    for name, text in (
        ("mkdocs.yml", "site_name: Docs\ntheme: material\n"),
        (
            "mkdocs.yaml",
            "site_name: Docs\nplugins:\n  - i18n:\n      languages:\n        - locale: en\n"
            "          default: true\n          name: English\n        - locale: fr\n"
            "          name: Français\n          site_name: Doc\n",
        ),
        ("hugo.yaml", "baseURL: /\ntitle: Docs\nlanguages:\n  en:\n    weight: 1\n  fr:\n"
                      "    title: Doc\n"),
        ("hugo.yml", "baseURL: /\ntitle: Docs\nlanguages:\n  en:\n    weight: 1\n"),
    ):  # fmt: skip
        (tmp_path / name).write_text(text, "utf-8")
        document = open_document(tmp_path / name)
        document.check_target(language)
        notes += document.notes
    assert [n.message_id for n in notes] == [
        "document.site_language_unset",
        "document.site_i18n_plugin",
        "document.site_languages",
        "document.site_language_key",
    ]
    searched = tmp_path / "search" / "mkdocs.yml"
    searched.parent.mkdir()
    searched.write_text("site_name: Docs\nplugins:\n  - search:\n      lang: en\n", "utf-8")
    document = open_document(searched)
    irish = target_language("ga")
    assert irish is not None
    document.check_target(irish)
    notes += [n for n in document.notes if n.message_id == "document.search_no_language"]
    english = [errors.note_text(note) for note in notes]
    assert english[4].startswith("MkDocs' search has no words for ga")
    assert english[3].startswith("hugo.yml builds the site in one language, en,")
    assert english[0].startswith("mkdocs.yml does not set the site's language")
    assert english[1].startswith("mkdocs.yaml builds the site in several languages (en, fr)")
    assert english[2].startswith("hugo.yaml builds the site in several languages (en, fr)")
    translations = Translations()
    try:
        assert translations.switch("zh_CN")
        for note in notes:
            assert str(note.params.get("name", "ga")) in errors.note_text(note)
            assert CJK.search(errors.note_text(note))
    finally:
        translations.switch("en")


def test_a_books_package_notes_and_a_renamed_subtitle_are_worded(
    tmp_path: Path, qapp: object
) -> None:
    """A vertical book made horizontal, its narration left out, its mimetype mended, and a
    WebVTT file named .srt: the app words each in the window's language."""
    import shutil

    from engine.documents import open_document
    from tests.fixtures.documents import language

    data = Path(__file__).parent / "data"
    book = tmp_path / "kusamakura.epub"
    with (
        zipfile.ZipFile(data / "epub" / "kusamakura.epub") as source,
        zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for info in source.infolist():  # (mimetype compressed: a fault the output mends)
            out.writestr(info.filename, source.read(info))
    document = open_document(book)
    document.write([u.text for u in document.units], language=language("de"))
    shutil.copy(data / "subtitles" / "pysubs2-lines.vtt", tmp_path / "lines.srt")
    notes = [*document.notes, *open_document(tmp_path / "lines.srt").notes]
    ids = {"document.epub_mimetype_mended", "document.epub_narration_left_out",
           "document.epub_horizontal", "document.subtitle_kind"}  # fmt: skip
    worded = {n.message_id: n for n in notes if n.message_id in ids}
    assert set(worded) == ids
    english = {i: errors.note_text(n) for i, n in worded.items()}
    assert english["document.subtitle_kind"].startswith("lines.srt is a WebVTT file with a .srt")
    translations = Translations()
    try:
        assert translations.switch("zh_CN")
        for note in worded.values():
            said = errors.note_text(note)
            assert CJK.search(said) and str(dict(note.params)["name"]) in said
    finally:
        translations.switch("en")


def test_docbook_and_ditas_notes_are_worded(tmp_path: Path, qapp: object) -> None:
    """An XInclude kept, a DocBook file named .dita, a chapter whose book declares its
    entities: the app words each in the window's language."""
    from engine.documents import open_document

    data = Path(__file__).parent / "data" / "docbook"
    (tmp_path / "guide.dita").write_bytes((data / "guide-db4.xml").read_bytes())
    (tmp_path / "start.xml").write_text(
        '<chapter xmlns:xi="http://www.w3.org/2001/XInclude"><title>Using &product;</title>'
        '<xi:include href="install.xml"/></chapter>'
    )
    notes = [n for name in ("guide.dita", "start.xml")
             for n in open_document(tmp_path / name).notes]  # fmt: skip
    ids = ["document.xml_kind", "document.entities_elsewhere", "document.includes_kept"]
    assert [n.message_id for n in notes] == ids
    english = [errors.note_text(n) for n in notes]
    assert english[2] == (
        "start.xml includes install.xml (XInclude): they are kept as links, not translated; "
        "translate each of them too."
    )
    translations = Translations()
    try:
        assert translations.switch("zh_CN")
        for note in notes:
            said = errors.note_text(note)
            assert CJK.search(said) and str(dict(note.params)["name"]) in said
    finally:
        translations.switch("en")


def test_a_php_file_that_is_no_language_array_or_yiis_and_its_code_are_worded(
    tmp_path: Path, worded: Callable[[EngineError, str], None]
) -> None:
    from engine.documents import open_document
    from engine.documents.registry import load_document

    code = tmp_path / "Kernel.php"
    code.write_text("<?php\nclass Kernel {}\n", "utf-8")
    error = refused(lambda: load_document(code))
    worded(error, "document.php_not_language")
    assert error.params == {"what": "'class' is code, not the array it returns", "line": 2}
    yii = tmp_path / "app.php"
    yii.write_text("<?php\nreturn ['Page not found.' => '', 'Please wait.' => ''];\n", "utf-8")
    worded(refused(lambda: load_document(yii)), "document.php_yii_messages")
    kept = tmp_path / "lang" / "en" / "app.php"
    kept.parent.mkdir(parents=True)
    kept.write_text("<?php\nreturn ['a' => __('b.c'), 'd' => 'Words'];\n", "utf-8")
    (note,) = open_document(kept).notes
    assert errors.note_text(note) == (
        "1 values are PHP code (a function call, a constant, a variable, a heredoc), not a "
        "string: kept as they are (a)."
    )
    translations = Translations()
    try:
        assert translations.switch("zh_CN")
        assert CJK.search(errors.note_text(note))
    finally:
        translations.switch("en")


def test_a_pdfs_notes_are_worded(tmp_path: Path, qapp: object) -> None:
    """Page numbers left out, running heads written once, pages without a character map, a
    PDF whose author asks not to copy it: the app words each in the window's language (they
    showed the engine's English in a Chinese window)."""
    import io

    import pypdf

    from engine.documents import open_document
    from tests.fixtures import documents as build

    data = Path(__file__).parent / "data" / "pdf"
    unreadable = tmp_path / "review.pdf"
    unreadable.write_bytes(build.pdf_partly_without_unicode())
    restricted = tmp_path / "restricted.pdf"
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(build.pdf_bytes(1)))
    writer.encrypt("", "owner", permissions_flag=pypdf.constants.UserAccessPermissions.PRINT)
    out = io.BytesIO()
    writer.write(out)
    restricted.write_bytes(out.getvalue())
    notes = [n for path in (data / "report.pdf", unreadable, restricted)
             for n in open_document(path).notes]  # fmt: skip
    assert [n.message_id for n in notes] == [
        "document.pdf_page_numbers",
        "document.pdf_running",
        "document.pdf_unreadable_pages",
        "document.pdf_restricted",
    ]
    assert errors.note_text(notes[2]) == (
        "review.pdf: no readable text on pages 2: their font has no character map (the text "
        "cannot be read from the file); run OCR on them (for example with OCRmyPDF)."
    )
    translations = Translations()
    try:
        assert translations.switch("zh_CN")
        for note in notes:
            said = errors.note_text(note)
            assert CJK.search(said) and str(dict(note.params)["name"]) in said, note.text
        assert "ACME Corp. Annual Report" in errors.note_text(notes[1])
    finally:
        translations.switch("en")


def test_a_sami_files_class_taken_for_the_source_is_worded(tmp_path: Path, qapp: object) -> None:
    """`--from en` in a file of Korean and English classes says which class it translates:
    the note showed the engine's English in a Chinese window."""
    from engine.documents import open_document

    path = tmp_path / "episode.smi"
    path.write_text(
        '<SAMI><HEAD><STYLE TYPE="text/css"><!--\n.KRCC { Name: Korean; lang: ko-KR; }\n'
        ".ENCC { Name: English; lang: en-US; }\n--></STYLE></HEAD><BODY>\n"
        "<SYNC Start=1000><P Class=KRCC>안녕하세요!<P Class=ENCC>Hello there!\n"
        "</BODY></SAMI>\n",
        encoding="utf-8",
    )
    note = open_document(path).in_source("en").notes[0]
    assert note.message_id == "document.sami_class"
    assert errors.note_text(note) == (
        "episode.smi: its ENCC class (en-US) is translated, the language named as the source."
    )
    translations = Translations()
    try:
        assert translations.switch("zh_CN")
        said = errors.note_text(note)
        assert CJK.search(said) and "ENCC" in said and "en-US" in said
    finally:
        translations.switch("en")


def test_a_settings_ini_a_damaged_language_ini_and_a_damaged_resw_are_worded(
    tmp_path: Path, worded: Callable[[EngineError, str], None]
) -> None:
    from engine.documents.registry import load_document

    settings = tmp_path / "tox.ini"
    settings.write_text("[tox]\nenvlist = py311\n", "utf-8")
    error = refused(lambda: load_document(settings))
    worded(error, "document.ini_settings")
    assert "(line 1)" in errors.engine_sentences(error)[0]
    joomla = tmp_path / "language" / "en-GB" / "com_x.ini"
    joomla.parent.mkdir(parents=True)
    joomla.write_text('COM_X_A="Fine"\nCOM_X_B=Not quoted\n', "utf-8")
    error = refused(lambda: load_document(joomla))
    worded(error, "document.bad_ini")
    assert "line 2" in errors.engine_sentences(error)[0]
    resw = tmp_path / "Strings" / "en-US" / "Resources.resw"
    resw.parent.mkdir(parents=True)
    resw.write_text("<root><data name='a'><value>x</value></data>\n", "utf-8")
    error = refused(lambda: load_document(resw))
    worded(error, "document.bad_resx")
    assert errors.engine_sentences(error)[0].startswith("The .resw file is damaged")


def test_manual_pages_quire_does_not_read_are_worded(
    tmp_path: Path, worded: Callable[[EngineError, str], None]
) -> None:
    from engine.documents.registry import load_document

    log = tmp_path / "syslog.1"
    log.write_text("Dec  7 13:50:07 host kernel: started\n", "utf-8")
    worded(refused(lambda: load_document(log)), "document.not_manual_page")
    mdoc = tmp_path / "ssh.1"
    mdoc.write_text(".Dd $Mdocdate$\n.Dt SSH 1\n.Os\n.Sh NAME\n", "utf-8")
    error = refused(lambda: load_document(mdoc))
    worded(error, "document.mdoc_page")
    assert "mandoc -Tman ssh.1 > ssh.man" in errors.engine_sentences(error)[1]
    link = tmp_path / "unxz.1"
    link.write_text(".so man1/xz.1\n", "utf-8")
    worded(refused(lambda: load_document(link)), "document.manual_page_link")
    packed = tmp_path / "xz.1.gz"
    packed.write_bytes(gzip.compress(b".TH XZ 1\n.SH NAME\nxz \\- compress files\n"))
    error = refused(lambda: load_document(packed))
    worded(error, "document.compressed_manual_page")
    assert "gunzip -k xz.1.gz" in errors.engine_sentences(error)[1]


def test_a_files_unsure_language_note_is_worded_by_the_app(qapp: object) -> None:
    from engine.api import Note

    note = Note(
        "English",
        "translate.unsure_source",
        {"detected": "fr", "confidence": 0.45, "source": "en", "target": "de"},
    )
    text = errors.note_text(note)
    assert text.startswith("The file's language was unclear (it seemed French (fr), 45% sure)")
    assert "translated from English (en)" in text
    assert "translated from English" in text and "choose its language in From" in text


def test_a_bilingual_books_kept_drawn_text_is_worded(tmp_path: Path, qapp: object) -> None:
    """The note a bilingual job gives for the drawn text it did not send: the app words it,
    with the book's name and how many."""
    from engine.api import Note
    from engine.documents import translate_file

    page = tmp_path / "page.html"
    page.write_text(
        '<html lang="en"><body><p>Words.</p><svg xmlns="http://www.w3.org/2000/svg">'
        '<text x="1" y="2">The harbour</text><text x="1" y="9">The road</text></svg></body>'
        "</html>",
        encoding="utf-8",
    )
    notes: list[object] = []
    translate_file(page, tmp_path / "page.de.html", lambda t: list(t), notes.append,
                   language="de", bilingual=True)  # fmt: skip
    [note] = [n for n in notes if getattr(n, "message_id", "") == "document.bilingual_drawn_kept"]
    assert isinstance(note, Note)
    text = errors.note_text(note)
    assert text.startswith("page.html: drawn texts (SVG) kept in the source's language")
    assert ": 2." in text


def test_an_outlook_messages_notes_are_worded(tmp_path: Path, qapp: object) -> None:
    """A .msg written as an .eml, and an attachment that is an embedded object (nothing to
    carry): the app words each, with the file's name."""
    from engine.documents import open_document
    from engine.documents.msg import _dropped_note

    data = Path(__file__).parent / "data" / "msg"
    (note,) = [n for n in open_document(data / "testMSG.msg").notes]
    assert errors.note_text(note) == (
        "testMSG.msg is an Outlook message: its translation is written as an .eml file (the "
        "same message in the standard Internet form), which Outlook, Thunderbird and Apple "
        "Mail open."
    )
    dropped = _dropped_note(tmp_path / "report.msg", ["Budget.xlsx", "Chart"])
    assert errors.note_text(dropped) == (
        "report.msg: 2 attachment(s) that Outlook keeps as an embedded object or a link, not "
        "a file (Budget.xlsx, Chart), not in the translation: save them from Outlook and "
        "attach them again."
    )


def test_a_memory_or_xml_file_given_as_a_glossary_is_refused_in_the_apps_words(
    tmp_path: Path,
) -> None:
    from engine.text.glossary import load_glossary

    said = {}
    for name, text in {
        "memory.tmx": '<tmx version="1.4"><body/></tmx>',
        "terms.xliff": '<?xml version="1.0"?>\n<xliff version="1.2"/>\n',
    }.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        error = refused(lambda: load_glossary(path))  # noqa: B023 (called at once)
        said[error.message_id] = errors.engine_sentences(error)
    assert said == {
        "glossary.memory": (
            "A translation memory (TMX) is not a glossary.",
            "Choose it with Memory… beside the languages, so that the sentences it holds "
            "are translated in its words; a glossary is CSV or tab-separated text (term, tab, "
            "translation), or a TBX termbase (.tbx).",
        ),
        "glossary.xml": (
            "This is an XML file (<xliff>), not a glossary Quire reads.",
            "Give a glossary as CSV or tab-separated text (term, tab, translation), or a TBX "
            "termbase (.tbx).",
        ),
    }


# --- what a damaged installation, a model's own settings or a converter meets ------------------


def test_a_damaged_model_catalog_is_named_with_its_entry(
    tmp_path: Path, words_of: Callable[[EngineError, str], tuple[str, str]]
) -> None:
    """A site's own catalog (or a damaged shipped one): the catalog pane said it in English."""

    def browse(catalog: str) -> EngineError:
        path = tmp_path / f"catalog-{len(list(tmp_path.iterdir()))}.json"
        path.write_text(catalog, encoding="utf-8")
        engine = Engine(EngineOptions(home=tmp_path / "home", device="cpu", catalog=path))
        return refused(lambda: engine.catalog("en-de"))

    words_of(browse('{"models": ['), "catalog.not_json")
    words_of(browse('{"models": {}}'), "catalog.malformed")
    entry = {"name": "opus-mt-xx-yy", "repo": "Xenova/opus-mt-xx-yy", "revision": "main",
             "task": "translate", "license": "mit", "description": "A translator."}  # fmt: skip
    error = browse(json.dumps({"models": [entry]}))  # (a revision that is no commit id)
    assert error.params == {"entry": "opus-mt-xx-yy", "shipped": 0}
    message, _hint = words_of(error, "catalog.bad_entry")
    assert message == "The model catalog's entry for opus-mt-xx-yy is damaged."


def test_a_models_generation_setting_out_of_range_is_named_with_its_value(
    tmp_path: Path, words_of: Callable[[EngineError, str], tuple[str, str]]
) -> None:
    """A translator whose generation_config.json asks for no beams at all."""
    import shutil

    folder = shutil.copytree(exported("marian"), tmp_path / "opus-mt-en-de")
    path = folder / "generation_config.json"
    generation = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**generation, "num_beams": 0}), encoding="utf-8")
    engine = Engine(EngineOptions(home=tmp_path / "home", device="cpu"))
    # It installed as ready to use and was refused at the first translation, under "Quire
    # cannot use this input" (the user's text was blamed): the import refuses it now.
    error = refused(lambda: engine.import_model(folder))
    assert isinstance(error, ModelInvalid) and engine.models() == []
    assert error.params == {"setting": "num_beams", "value": "0"}
    message, hint = words_of(error, "generation.bad_setting")
    assert message == "The model's generation setting num_beams cannot be 0."
    assert "generation_config.json" in hint
    shown = errors.describe(error)
    assert shown is not None and shown.title == "The model is incomplete or damaged"


def test_a_checkpoint_whose_config_is_no_object_is_named_with_the_file(
    empty: Engine, tmp_path: Path, words_of: Callable[[EngineError, str], tuple[str, str]]
) -> None:
    folder = tmp_path / "checkpoint"
    folder.mkdir()
    (folder / "config.json").write_text("[]", encoding="utf-8")
    error = refused(lambda: empty.run(ConvertModelRequest(source=folder)))
    assert error.params == {"file": "config.json"}
    message, _hint = words_of(error, "export.bad_file")
    assert message == "The checkpoint's config.json does not hold what its name says."


def test_a_folder_whose_name_cannot_name_a_model_is_named(
    empty: Engine, tmp_path: Path, words_of: Callable[[EngineError, str], tuple[str, str]]
) -> None:
    """A model imported (or converted, as the model manager does) under its folder's name:
    "my model (copy)" cannot be one."""
    folder = model_folder(tmp_path)
    error = refused(lambda: empty.import_model(folder, "my model (copy)"))
    assert error.params == {"name": "my model (copy)"}
    message, _hint = words_of(error, "store.bad_name")
    assert message == "“my model (copy)” cannot be a model's name."


def test_the_new_ids_sentences_take_their_parameters(qapp: object) -> None:
    """Each id named here is worded with its parameters in place (not the engine's English)."""
    from engine.errors import InputError

    cases = {
        ("download.no_variant", ("name", "variant")): "opus-mt-en-de has no int8 version",
        ("model.no_variant", ("model", "variant")): "opus-mt-en-de has no int8 version",
        ("generation.beyond_vocabulary", ("vocab",)): "vocabulary of 58101",
        ("export.variant_failed", ("variant",)): "the int8 version",
        ("document.reader_missing", ("suffix", "part")): ".docx files",
        ("instruct.template_refuses", ("reason",)): "System role not supported",
    }
    values: dict[str, str | int | float] = {
        "name": "opus-mt-en-de", "model": "opus-mt-en-de", "variant": "int8", "vocab": 58101,
        "suffix": ".docx", "part": "docx", "reason": "System role not supported",
    }  # fmt: skip
    for (message_id, keys), expected in cases.items():
        params = {k: values[k] for k in keys}
        error = InputError("English", hint="hint", message_id=message_id, params=params)
        message, hint = errors.engine_sentences(error)
        assert expected in message and hint != "hint", (message_id, message)
        assert not errors.speaks_terminal(message + hint)
        translations = Translations()
        assert translations.switch("zh_CN")
        try:
            chinese = errors.engine_sentences(error)
        finally:
            translations.switch("en")
        assert all(str(v) in chinese[0] for v in params.values()), chinese
        assert CJK.search(chinese[0]) and CJK.search(chinese[1]), chinese


def test_a_translation_memorys_refusals_in_the_apps_words(qapp: object, tmp_path: Path) -> None:
    """The engine's hints name --memory and --glossary; the app's name its own controls."""
    from engine.documents.memory import load_memory
    from tests.test_memory import omegat, tu

    pairs = omegat(tmp_path / "memory.tmx", tu("One.", "Un.", tgt="fr"), tu("One.", "Eins."))
    other = refused(lambda: load_memory(pairs, source="en", target="ja"))
    terms = tmp_path / "terms.tsv"
    terms.write_text("library\tBibliothek\n", encoding="utf-8")
    glossary = refused(lambda: load_memory(terms, source="en", target="de"))
    assert "--memory" in (other.hint or "") and "--glossary" in (glossary.hint or "")
    assert errors.engine_sentences(other) == (
        "This translation memory holds en→fr, en→de, not en→ja.",
        "Choose a translation memory for these languages, or stop using it with the ✕ beside "
        "the Memory… button.",
    )
    # (no "…." of a menu item's ellipsis and a sentence's stop, no "…;")
    from engine.errors import InputError

    for message_id in (
        "memory.other_pair",
        "memory.codes_only",
        "memory.instruct",
        "memory.glossary",
    ):
        params = {"pairs": "en→fr", "source": "en", "target": "ja"}
        for text in errors.engine_sentences(InputError("x", message_id=message_id, params=params)):
            assert "…." not in text and "…;" not in text, (message_id, text)
    held: dict[str, str | int | float] = {"pairs": "en→fr, en→de", "more": 2, "source": "en"}
    held["target"] = "ja"
    many = InputError("x", message_id="memory.other_pair", params=held)
    assert errors.engine_sentences(many)[0] == (
        "This translation memory holds en→fr, en→de and 2 more, not en→ja."
    )
    translations = Translations()
    assert translations.switch("zh_CN")
    try:
        chinese = errors.engine_sentences(many)[0]
    finally:
        translations.switch("en")
    assert " and " not in chinese and "2" in chinese and CJK.search(chinese), chinese
    message, hint = errors.engine_sentences(glossary)
    assert message == "This is a glossary, not a translation memory (TMX)."
    assert not errors.speaks_terminal(hint) and "Settings → Glossary…" in hint


def test_a_damaged_shipped_catalog_asks_for_a_reinstall_and_a_sites_own_for_a_correction(
    tmp_path: Path, qapp: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window said "Reinstall Quire, or correct the catalog file that replaces the shipped
    one" whichever was damaged, under the title "The model library could not be changed"."""
    from engine.errors import StoreError
    from engine.store import catalog

    site = tmp_path / "site.json"
    site.write_text('{"models": [', encoding="utf-8")
    engine = Engine(EngineOptions(home=tmp_path / "home", device="cpu", catalog=site))
    error = refused(lambda: engine.catalog("en-de"))
    assert error.params == {"shipped": 0}
    shown = errors.describe(error)
    assert shown is not None and shown.title == "The model catalog cannot be read"
    assert "Correct this catalog file" in shown.text and "Reinstall" not in shown.text

    shipped = tmp_path / "shipped.json"  # (in place of resources/catalog.json)
    shipped.write_text('{"models": [', encoding="utf-8")
    monkeypatch.setattr(catalog, "resource_path", lambda name: tmp_path / "shipped.json")
    with pytest.raises(StoreError) as caught:
        catalog.load_catalog()
    assert caught.value.params == {"shipped": 1}
    shown = errors.describe(caught.value)
    assert shown is not None and shown.title == "The model catalog cannot be read"
    assert "Reinstall Quire" in shown.text and "Correct" not in shown.text
