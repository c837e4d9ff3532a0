"""One door: documents, CSV files, reading and scanning files, the model store and the engine's
own jobs are requests through ``Engine.run``, and each answer is plain data that survives the
protocol's JSON unchanged (so it can cross a process boundary)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from engine import (
    Cancelled,
    CancelToken,
    CatalogRequest,
    CatalogResult,
    ClassifyCsvRequest,
    ClassifyRequest,
    ConvertModelRequest,
    CsvClassified,
    DoctorReport,
    DoctorRequest,
    DocumentResult,
    DownloadRequest,
    Engine,
    EngineOptions,
    Event,
    ExportedModel,
    ExportModelRequest,
    FilesFound,
    FileText,
    ImportModelRequest,
    InputError,
    InstalledModel,
    InstalledModels,
    ListModelsRequest,
    ModelLoaded,
    ModelNotFound,
    ModelRemoved,
    ModelUsed,
    Note,
    PreloadRequest,
    Progress,
    ReadFileRequest,
    RemoveModelRequest,
    ScanFolderRequest,
    TranslateDocumentRequest,
    TranslateRequest,
    TranslateResult,
    Unloaded,
    UnloadRequest,
    VerifyReport,
    VerifyRequest,
    from_json,
    to_json,
)
from tests.fake_hub import FakeHub
from tests.fixtures.builder import checkpoint, exported
from tests.fixtures.documents import docx_file
from tests.test_download import REPO, catalog_file
from tests.test_download import hub as hub
from tests.test_download import online as online


def plain(value: Any) -> Any:
    """``value`` after a trip through JSON text, as it arrives across a process boundary;
    the trip must give back an equal value."""
    back = from_json(json.loads(json.dumps(to_json(value), allow_nan=False)))
    assert back == value
    return back


@pytest.fixture
def engine(quire_home: Path) -> Engine:
    return Engine(EngineOptions(home=quire_home, device="cpu", dtype="fp32"))


def run(engine: Engine, request: Any, cancel: CancelToken | None = None) -> tuple[Any, list[Event]]:
    events: list[Event] = []
    result = engine.run(request, events.append, cancel)
    for event in events:
        plain(event)
    return plain(result), events


# ----------------------------------------------------------------------------- the store


def test_import_list_verify_remove_through_requests(
    engine: Engine, quire_home: Path, tmp_path: Path
) -> None:
    source = tmp_path / "embedder"
    source.mkdir()
    for path in exported("bert-embed").rglob("*"):
        if path.is_file():
            target = source / path.relative_to(exported("bert-embed"))
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    (source / "handler.py").write_text("raise SystemExit", encoding="utf-8")

    installed, events = run(engine, ImportModelRequest(source=source, name="mini"))
    assert isinstance(installed, InstalledModel)
    assert installed.name == "mini" and installed.path == quire_home / "models" / "mini"
    assert installed.usable and "classify" in installed.tasks and installed.size_bytes > 0
    assert installed.fit is not None
    assert any(isinstance(e, Note) and "handler.py" in e.text for e in events)

    listed, _ = run(engine, ListModelsRequest())
    assert isinstance(listed, InstalledModels)
    # The same record, but for the free memory its fit reads, which changes from call to call.
    assert [replace(m, fit=None) for m in listed.models] == [replace(installed, fit=None)]
    assert listed.models[0].fit is not None and listed.models[0].fit.device == "cpu"

    verified, events = run(engine, VerifyRequest(name="mini"))
    assert isinstance(verified, VerifyReport)
    assert [(r.name, r.ok) for r in verified.results] == [("mini", True)]
    assert verified.results[0].checked > 0
    progress = [e for e in events if isinstance(e, Progress)]
    assert progress and progress[-1].done == progress[-1].total > 0

    (installed.path / "config.json").write_text("{}", encoding="utf-8")
    verified, _ = run(engine, VerifyRequest())
    assert not verified.results[0].ok and verified.results[0].changed == ("config.json",)

    removed, _ = run(engine, RemoveModelRequest(name="mini"))
    assert removed == ModelRemoved("mini") and not installed.path.exists()
    assert run(engine, ListModelsRequest())[0] == InstalledModels(())
    with pytest.raises(ModelNotFound):
        engine.run(RemoveModelRequest(name="mini"))


def test_a_broken_installed_model_is_listed_with_its_problem(
    engine: Engine, quire_home: Path
) -> None:
    engine.import_model(exported("bert-embed"), "broken")
    (quire_home / "models" / "broken" / "tokenizer.json").unlink()
    listed, _ = run(engine, ListModelsRequest())
    (model,) = listed.models
    assert model.name == "broken" and not model.usable and "tokenizer.json" in model.problem
    assert model.tasks == frozenset()


def test_export_and_convert_requests(engine: Engine, quire_home: Path, tmp_path: Path) -> None:
    source = checkpoint("bert-cls")
    request = ExportModelRequest(source=source, destination=tmp_path / "out", dtypes=("fp32",))
    exported_model, _ = run(engine, request)
    assert exported_model == ExportedModel(tmp_path / "out", ("fp32",))
    assert (tmp_path / "out" / "config.json").is_file()
    assert run(engine, ListModelsRequest())[0] == InstalledModels(())  # exported, not installed

    converted, _ = run(engine, ConvertModelRequest(source=source, dtypes=("fp32", "int8")))
    assert isinstance(converted, InstalledModel)
    assert converted.name == source.name and converted.variants == ("fp32", "int8")
    assert converted.path.parent == quire_home / "models" and "classify" in converted.tasks


def test_catalog_request_reads_the_bundled_catalog(engine: Engine) -> None:
    found, _ = run(engine, CatalogRequest(text="en-de"))
    assert isinstance(found, CatalogResult)
    names = [hit.entry.name for hit in found.hits]
    assert "opus-mt-en-de" in names and "opus-mt-de-en" not in names
    hit = found.hits[names.index("opus-mt-en-de")]
    assert not hit.installed and hit.variant in hit.fits
    only, _ = run(engine, CatalogRequest(text="", task="embed"))
    assert only.hits and all(h.entry.task == "embed" for h in only.hits)


def test_download_request_installs_from_the_hub(
    hub: FakeHub,
    quire_home: Path,
    tmp_path: Path,
) -> None:
    engine = Engine(
        EngineOptions(
            home=quire_home, device="cpu", endpoint=hub.url, catalog=catalog_file(tmp_path, hub)
        )
    )
    installed, events = run(engine, DownloadRequest(model=REPO, variant="fp32", name="mt"))
    assert isinstance(installed, InstalledModel)
    assert installed.name == "mt" and installed.license == "cc-by-4.0"
    assert installed.tasks == frozenset({"translate"}) and installed.variants == ("fp32",)
    stages = {e.stage for e in events if isinstance(e, Progress)}
    assert {"downloading", "installing"} <= stages


# ----------------------------------------------------------------------------- the engine


def test_preload_unload_and_doctor_requests(engine: Engine) -> None:
    engine.import_model(exported("bert-embed"), "mini")
    used, events = run(engine, PreloadRequest(model="mini"))
    assert isinstance(used, ModelUsed) and used.name == "mini" and used.backend == "onnx"
    assert [type(e) for e in events][-1] is ModelLoaded
    again, events = run(engine, PreloadRequest(model="mini"))
    assert again == used and events == []  # cached: nothing loaded twice
    assert run(engine, UnloadRequest())[0] == Unloaded()
    _, events = run(engine, PreloadRequest(model="mini"))
    assert any(isinstance(e, ModelLoaded) for e in events)  # loaded again after the unload

    report, _ = run(engine, DoctorRequest())
    assert isinstance(report, DoctorReport) and report.store == engine.options.home / "models"
    assert report.plan and report.plan[-1] == "cpu"


def test_a_request_without_a_task_is_an_input_error(engine: Engine) -> None:
    with pytest.raises(InputError, match="Unknown request type"):
        engine.run(object())  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- files


def test_translate_document_request(engine: Engine, tmp_path: Path) -> None:
    engine.import_model(exported("marian"), "opus-mt-en-de")
    source = tmp_path / "doc.md"
    source.write_text("# Title\n\nThe house is small.\n\nThe cat sleeps.\n", encoding="utf-8")
    before = source.read_bytes()
    template = TranslateRequest(text="", source="en", target="de")
    request = TranslateDocumentRequest(input=source, template=template, bilingual=True)
    result, events = run(engine, request)
    assert isinstance(result, DocumentResult)
    assert result.output == tmp_path / "doc.de.md" and result.output.is_file()
    assert result.bilingual and result.units == 3 and result.target_language == "de"
    assert source.read_bytes() == before
    written = result.output.read_text(encoding="utf-8")
    assert "The house is small." in written  # bilingual: the source stays beside its translation
    assert any(isinstance(e, Progress) for e in events)

    again = TranslateDocumentRequest(
        input=source, output=tmp_path / "out.md", template=template, checkpoint=False
    )
    result, _ = run(engine, again)
    assert result.output == tmp_path / "out.md" and not result.bilingual


def test_classify_csv_request(engine: Engine, tmp_path: Path) -> None:
    engine.import_model(exported("bert-cls"), "cls")
    source = tmp_path / "in.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["id", "text"], ["1", "Good news."], ["2", ""]])
    request = ClassifyCsvRequest(
        input=source,
        column="text",
        output=tmp_path / "out.csv",
        settings=ClassifyRequest(texts=(), model="cls"),
    )
    done, _ = run(engine, request)
    assert isinstance(done, CsvClassified)
    assert done.output == tmp_path / "out.csv" and (done.rows, done.classified) == (2, 1)
    with done.output.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:2] == ["id", "text"] and rows[0][2:4] == ["label", "score"]
    assert rows[1][2] and rows[2][2] == ""
    with pytest.raises(InputError, match="output file is the input"):
        engine.run(ClassifyCsvRequest(input=source, column="text", output=source))


def test_read_file_request(engine: Engine, tmp_path: Path) -> None:
    latin = tmp_path / "notes.txt"
    latin.write_bytes("Grüße aus Köln, schöne Straße.\n".encode("latin-1"))
    text, _ = run(engine, ReadFileRequest(path=latin))
    assert isinstance(text, FileText) and text.text == "Grüße aus Köln, schöne Straße.\n"
    assert text.encoding is not None and text.encoding.name != "utf-8"

    document = docx_file(tmp_path / "report.docx")
    text, _ = run(engine, ReadFileRequest(path=document, document=True))
    assert text.text.strip() and text.encoding is None
    with pytest.raises(InputError):
        engine.run(ReadFileRequest(path=latin, max_bytes=4))


@pytest.fixture
def tree(tmp_path: Path) -> Iterator[Path]:
    root = tmp_path / "drop"
    for rel in ("b.md", "a.txt", "sub/c.srt", ".hidden/d.md", "sub/e.bin", "a.de.txt"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("Hello.\n", encoding="utf-8")
    yield root


def test_scan_folder_request(engine: Engine, tree: Path, tmp_path: Path) -> None:
    loose = tmp_path / "loose.md"
    loose.write_text("x", encoding="utf-8")
    found, _ = run(engine, ScanFolderRequest(paths=(loose, tree, loose)))
    assert isinstance(found, FilesFound)
    names = [p.relative_to(tmp_path).as_posix() for p in found.paths]
    assert names[0] == "loose.md" and len(names) == len(set(names))
    assert {"drop/a.txt", "drop/b.md", "drop/sub/c.srt"} <= set(names)
    assert not any(".hidden" in n or n.endswith(".bin") for n in names)
    # The files of kinds Quire does not read are named (a hidden one is not).
    assert [p.relative_to(tmp_path).as_posix() for p in found.unsupported] == ["drop/sub/e.bin"]
    assert "drop/a.de.txt" not in names  # a translation an earlier run wrote

    cancel = CancelToken()
    cancel.cancel()
    with pytest.raises(Cancelled):
        engine.run(ScanFolderRequest(paths=(tree,)), cancel=cancel)


def test_a_scan_stops_between_folders(
    engine: Engine, tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cancelled while it lists one folder, a scan lists no other (a home folder takes long)."""
    import engine.documents as documents

    cancel = CancelToken()
    listed: list[Path] = []
    real = documents.folder_documents

    def listing(folder: Path, *args: Any, **kwargs: Any) -> Any:
        listed.append(folder)
        cancel.cancel()  # the user stops the scan while this folder is being listed
        return real(folder, *args, **kwargs)

    monkeypatch.setattr(documents, "folder_documents", listing)
    with pytest.raises(Cancelled):
        engine.run(ScanFolderRequest(paths=(tree,)), cancel=cancel)
    assert listed == [tree]


def test_removing_a_model_removes_its_optimised_graphs(engine: Engine, quire_home: Path) -> None:
    """The cache of optimised graphs (and the tables kept beside them) goes with the model;
    another model's entries stay."""
    cache = quire_home / "cache" / "onnxruntime"
    for name in ("first", "second"):
        engine.import_model(exported("marian"), name)
        done, _ = run(
            engine,
            TranslateRequest(text="the house is small.", model=name, source="en", target="de"),
        )
        assert isinstance(done, TranslateResult)
    second = {p.name for p in cache.iterdir()}
    run(engine, UnloadRequest())
    removed, _ = run(engine, RemoveModelRequest(name="first"))
    assert removed == ModelRemoved("first")
    left = {p.name for p in cache.iterdir()}
    assert left and left < second  # the first model's entries went, the second's stayed
    run(engine, RemoveModelRequest(name="second"))
    assert not any(cache.iterdir())
