"""Batches on a Ray cluster (``--cluster``): one local cluster of 2 worker processes for the
module. The cluster's outputs are the local commands' outputs byte for byte; a worker killed
mid-run is replaced and the run completes; a driver killed mid-run is resumed by the same
command; a corrupt document is reported once; object storage goes through pyarrow."""

from __future__ import annotations

import io
import json
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

import pytest
import yaml

from engine.api import ClassifyRequest, Event, Progress, SummarizeRequest, TranslateRequest
from engine.cli.main import main
from engine.cluster import Batch, Storage, plan, run_one
from engine.cluster.jobs import SUMMARY, Left, survey
from engine.cluster.progress import BatchProgress
from engine.cluster.storage import JOURNALS
from engine.engine import Engine
from engine.errors import Cancelled, InputError
from engine.options import CancelToken, EngineOptions
from tests.fixtures.builder import exported
from tests.fixtures.documents import docx_file

REPO = Path(__file__).resolve().parents[1]
SENTENCE = "the house is small and we travel by train to the city every day with friends"
FAST = ("--device", "cpu", "--dtype", "fp32")
# Small batches: a long document is journaled many times, so a kill lands mid-document.
LONG_ARGV = ["translate", *FAST, "--from", "en", "--to", "de", "--batch-units", "2"]


def paragraphs(count: int, seed: int = 0) -> list[str]:
    words = SENTENCE.split()
    return [
        f"{' '.join(words[(n + seed) % 9 : (n + seed) % 9 + 4]).capitalize()} {n}."
        for n in range(count)
    ]


def mixed_folder(folder: Path, *, long: int = 0) -> Path:
    """A .txt, .srt, .docx and .md (and ``long`` extra Markdown files of many paragraphs)."""
    folder.mkdir(parents=True)
    (folder / "notes.txt").write_text("\n\n".join(paragraphs(5)) + "\n", encoding="utf-8")
    (folder / "talk.srt").write_text(
        "1\n00:00:01,000 --> 00:00:02,500\nThe house is small.\n\n"
        "2\n00:00:03,000 --> 00:00:04,000\nWe travel by train.\n",
        encoding="utf-8",
    )
    docx_file(folder / "report.docx")
    (folder / "readme.md").write_text(
        "# Title here\n\n" + "\n\n".join(paragraphs(8, 3)) + "\n", encoding="utf-8"
    )
    for n in range(long):
        text = "# Part\n\n" + "\n\n".join(paragraphs(24 + n, n)) + "\n"
        (folder / f"part{n}.md").write_text(text, encoding="utf-8")
    return folder


def outputs(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    }


def translations(folder: Path) -> dict[str, bytes]:
    """The ``NAME.de.ext`` files a local run wrote beside its inputs."""
    return {k: v for k, v in outputs(folder).items() if ".de." in k}


def _install(home: Path, fixture: str, name: str) -> None:
    Engine(EngineOptions(home=home)).import_model(exported(fixture), name)


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _hellos(folder: Path, *names: str) -> Path:
    """``folder`` made, holding a one-sentence Markdown file of each name."""
    folder.mkdir(parents=True)
    for name in names:
        (folder / name).write_text("Hello.\n", encoding="utf-8")
    return folder


def _unset(patch: pytest.MonkeyPatch, *names: str) -> None:
    """Unset ``names`` until ``patch`` is undone, including values the code under test sets
    (``delenv`` of an unset name records nothing, so what ``_local_only`` set would stay)."""
    for name in names:
        patch.setenv(name, "")
        patch.delenv(name)


@pytest.fixture(scope="module")
def ray_cluster() -> Iterator[str]:
    """A Ray cluster of this machine (2 CPUs: 2 workers), on loopback, for the module."""
    from engine.cluster.ray_runner import _local_only

    with pytest.MonkeyPatch.context() as patch:
        _unset(patch, "RAY_USAGE_STATS_ENABLED", "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER")
        _local_only()
        import ray

        ray.init(
            num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level=logging.ERROR
        )
        try:
            address = str(ray.get_runtime_context().gcs_address)
            assert address.startswith("127.0.0.1:")  # loopback only
            yield address
        finally:
            ray.shutdown()


@pytest.fixture(scope="module")
def long_folder(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    """Eight documents, four of them long, and their local translations (shared by the kill
    tests, which only read them)."""
    root = tmp_path_factory.mktemp("long")
    src = mixed_folder(root / "src", long=4)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("QUIRE_HOME", str(root / "home"))
        _install(root / "home", "marian", "opus-mt-en-de")
        assert main([*LONG_ARGV, str(src), "-o", str(root / "here")]) == 0
    return src, outputs(root / "here")


def test_ray_is_imported_only_for_a_cluster() -> None:
    code = (
        "import sys, engine.cli.main, engine.cluster, engine.cluster.cli;"
        "sys.exit(sorted({'ray', 'pyarrow'} & set(sys.modules)) or None)"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_without_the_cluster_extra_the_command_says_what_to_install(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.md").write_text("Hello.\n", encoding="utf-8")
    _unset(monkeypatch, "RAY_USAGE_STATS_ENABLED", "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER")
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray raises ImportError
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    out = str(tmp_path / "out")
    code, _, err = _cli(capsys, "translate", "--cluster", "auto", "--to", "de", str(src), "-o", out)
    assert code == 1 and "--cluster needs Ray" in err and "quire[cluster]" in err
    code, _, err = _cli(capsys, "translate", "--to", "de", "s3://bucket/docs", "-o", out)
    assert code == 1 and "needs pyarrow" in err and "quire[cluster]" in err
    assert not (tmp_path / "out").exists()


def test_a_batch_into_a_file_is_refused_before_any_document(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = _hellos(tmp_path / "src", "a.md", "b.md")
    taken = tmp_path / "out.md"
    taken.write_text("mine\n", encoding="utf-8")
    code, _, err = _cli(capsys, "translate", "--to", "de", str(src), "-o", str(taken))
    assert code == 1 and "The output is a file, not a folder" in err and str(taken) in err
    assert len(err.strip().splitlines()) == 1 and taken.read_text(encoding="utf-8") == "mine\n"


def test_batch_options_without_csv_are_refused_not_ignored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = tmp_path / "review.txt"
    text.write_text("A great film.\n", encoding="utf-8")
    for option in (["--cluster", "auto"], ["--recursive"]):
        code, _, err = _cli(capsys, "classify", *option, str(text))
        assert code == 2 and f"{option[0]} is for batches of CSV files" in err, err
        assert "--csv" in err


@pytest.mark.parametrize("ray_address", [None, "local", "127.0.0.1:6379"])
def test_a_cluster_started_or_joined_here_is_held_to_loopback(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    ray_address: str | None,
) -> None:
    """Ray reads its single-machine switch at import: it is set before, whenever the command
    starts a cluster of this machine (no address, or Ray's own "local") or joins one on
    loopback. (Ray itself is kept out: the switch is what is checked.)"""
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.md").write_text("Hello.\n", encoding="utf-8")
    _unset(
        monkeypatch, "RAY_USAGE_STATS_ENABLED", "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "RAY_ADDRESS"
    )
    if ray_address is not None:
        monkeypatch.setenv("RAY_ADDRESS", ray_address)
    monkeypatch.setitem(sys.modules, "ray", None)
    out = str(tmp_path / "out")
    code, _, err = _cli(capsys, "translate", "--cluster", "auto", "--to", "de", str(src), "-o", out)
    assert code == 1 and "--cluster needs Ray" in err
    assert os.environ.get("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER") == "0"
    assert os.environ.get("RAY_USAGE_STATS_ENABLED") == "0"


def test_a_batch_journal_that_cannot_be_written_names_its_folder(
    quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A batch journals in the output folder, not in Quire's data folder: the note says so.
    The journal only serves resuming after a crash: without it the batch is translated."""
    _install(quire_home, "marian", "opus-mt-en-de")
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.md").write_text("Hello.\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / JOURNALS).write_text("not a folder\n", encoding="utf-8")
    code, _, err = _cli(capsys, "translate", "--to", "de", str(src), "-o", str(out))
    assert code == 0 and (out / "a.de.md").is_file()
    assert "a.md: note: Resuming after a crash is off for this file: The translation" in err
    assert f"Check the free space and permissions of {out / JOURNALS}" in err
    assert "data folder" not in err


def test_a_batch_takes_the_target_of_a_one_target_model_and_names_the_files_it_skips(
    quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``quire translate FOLDER --model opus-mt-en-de -o OUT``: the model translates into
    German only, so no --to is needed; the files left out are counted and named, with why."""
    _install(quire_home, "marian", "opus-mt-en-de")
    src = tmp_path / "src"
    src.mkdir()
    (src / "notes.md").write_text("\n\n".join(paragraphs(3)) + "\n", encoding="utf-8")
    (src / "notes.de.md").write_text("Eine frühere Übersetzung.\n", encoding="utf-8")
    (src / "talk.srt").write_text(
        "1\n00:00:01,000 --> 00:00:02,500\nThe house is small.\n", encoding="utf-8"
    )
    (src / "letter.abw").write_text("Hello", encoding="utf-8")
    (src / "sheet.vsd").write_bytes(b"\xd0\xcf\x11\xe0")
    out = tmp_path / "out"
    argv = ("translate", *FAST, "--model", "opus-mt-en-de", "--json", str(src), "-o", str(out))
    code, stdout, err = _cli(capsys, *argv)
    assert code == 0, err
    assert list(outputs(out)) == ["notes.de.md", "talk.de.srt"]
    rows = {Path(r["input"]).name: r for r in json.loads(stdout)}
    assert rows["notes.md"]["output"] == str(out / "notes.de.md")
    assert rows["notes.md"]["skipped"] is False and rows["notes.md"]["reason"] is None
    unsupported = "not a supported kind of file"
    for name, why in [
        ("letter.abw", unsupported),
        ("sheet.vsd", unsupported),
        ("notes.de.md", "a translation (its name or its folder names a language)"),
    ]:
        assert rows[name]["skipped"] is True and rows[name]["reason"] == why
        assert rows[name]["output"] is None and rows[name]["error"] is None
        assert f"{src / name}: skipped: {why}" in err
    assert "documents 2/2, " in err and "3 files skipped ·" in err
    assert f"quire: 3 files skipped ({unsupported}: {src / 'letter.abw'}, " in err


def test_an_unreadable_input_folder_is_one_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """(The tests run as root, whom permissions do not stop: the listing is made to fail.)"""
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.md").write_text("Hello.\n", encoding="utf-8")
    listing = Path.iterdir

    def refused(self: Path) -> Iterator[Path]:
        if self == src:
            raise PermissionError(13, "Permission denied", str(self))
        return listing(self)

    monkeypatch.setattr(Path, "iterdir", refused)
    code, _, err = _cli(capsys, "translate", "--to", "de", str(src), "-o", str(tmp_path / "out"))
    assert code == 1 and "The folder cannot be read: Permission denied" in err and str(src) in err


def test_plan_is_largest_first_and_names_outputs_like_the_local_command(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "small.md").write_text("a\n", encoding="utf-8")
    (src / "big.PDF").write_bytes(b"%PDF" + b"x" * 100)
    (src / "mid.srt").write_text("b" * 50, encoding="utf-8")
    (src / "mid.de.srt").write_text("an earlier output", encoding="utf-8")
    (src / "skip.bin").write_bytes(b"\0")
    (src / ".hidden.md").write_text("c\n", encoding="utf-8")
    request = TranslateRequest(text="", target="de")
    batch = Batch("translate", Storage.at(src), Storage.at(tmp_path / "out"), request)
    items = plan(batch)
    assert [(i.rel, i.output) for i in items] == [
        ("big.PDF", "big.de.docx"),
        ("mid.srt", "mid.de.srt"),
        ("small.md", "small.de.md"),
    ]
    summaries = plan(Batch("summarize", batch.source, batch.output, request))
    assert {i.output for i in summaries} >= {"small" + SUMMARY, "mid.de" + SUMMARY}
    with pytest.raises(InputError, match="output folder is the input folder"):
        plan(Batch("translate", batch.source, Storage.at(src), request))
    with pytest.raises(InputError, match="--to"):
        plan(Batch("translate", batch.source, batch.output, TranslateRequest(text="")))


def test_an_apps_resources_are_written_where_its_platform_looks_as_locally(
    tmp_path: Path,
) -> None:
    """Android's values/strings.xml into values-de/, Java's bundle as messages_de: the output
    folder mirrors what the local command writes beside the input."""
    from engine.documents import default_output

    src = tmp_path / "src"
    (src / "app" / "res" / "values").mkdir(parents=True)
    strings = src / "app" / "res" / "values" / "strings.xml"
    strings.write_text('<resources><string name="a">Hello</string></resources>\n')
    (src / "messages.properties").write_text("a=Hello\n", encoding="utf-8")
    request = TranslateRequest(text="", target="de")
    batch = Batch("translate", Storage.at(src), Storage.at(tmp_path / "out"), request)
    items = plan(batch, recursive=True)
    assert sorted((i.rel, i.output) for i in items) == [
        ("app/res/values/strings.xml", "app/res/values-de/strings.xml"),
        ("messages.properties", "messages_de.properties"),
    ]
    local = default_output(strings, "de").relative_to(src).as_posix()
    assert local == "app/res/values-de/strings.xml"
    # Another language's resources beside the source's are left out, in object storage
    # too (a listing, not folders on disk); two documents sharing an output's name are said
    # before any work.
    from pyarrow import fs as pafs

    (src / "app" / "res" / "values-fr").mkdir()
    (src / "app" / "res" / "values-fr" / "strings.xml").write_text(strings.read_text())
    (src / "messages_fr.properties").write_text("a=Bonjour\n", encoding="utf-8")
    (src / "fr-FR").mkdir()  # (a Trados project's files for French)
    (src / "fr-FR" / "a.docx.sdlxliff").write_bytes(
        (Path(__file__).parent / "data" / "xliff" / "report.docx.sdlxliff").read_bytes()
    )
    remote = pafs.SubTreeFileSystem(str(tmp_path), pafs.LocalFileSystem())
    for source in (Storage.at(src), Storage("src", remote)):
        batch = Batch("translate", source, Storage("out", remote), request)
        items, left = survey(batch, recursive=True)
        assert sorted((i.rel, i.output) for i in items) == [
            ("app/res/values/strings.xml", "app/res/values-de/strings.xml"),
            ("messages.properties", "messages_de.properties"),
        ]
        assert [(x.rel, x.reason) for x in left] == [
            ("app/res/values-fr/strings.xml", "language"),
            ("fr-FR/a.docx.sdlxliff", "language"),
            ("messages_fr.properties", "language"),
        ]
    (src / "report.md").write_text("Hello.\n", encoding="utf-8")
    (src / "REPORT.MD").write_text("Hello again.\n", encoding="utf-8")
    items, left = survey(
        Batch("translate", Storage("src", remote), Storage("out", remote), request)
    )
    # The second of two files sharing an output is refused; the rest of the batch goes on.
    (first,) = [i for i in items if i.rel.lower() == "report.md"]
    (shared,) = [x for x in left if x.reason == "shared"]
    assert {first.rel, shared.rel} == {"report.md", "REPORT.MD"} and shared.refused
    said = f"its translation would be written to {first.output}, where {first.rel}'s goes"
    assert shared.why.lower() == said.lower()  # (its own output's name, one on macOS)
    assert "messages.properties" in [i.rel for i in items]


def test_an_output_folder_inside_the_input_folder_is_not_read_by_a_rerun(tmp_path: Path) -> None:
    """``classify --csv --recursive TABLES -o TABLES/labelled``, run twice (as an interrupted
    batch is): the second plan must not take the first one's outputs for inputs."""
    tables = tmp_path / "tables"
    (tables / "sub").mkdir(parents=True)
    (tables / "one.csv").write_text("id,text\n1,great\n", encoding="utf-8")
    (tables / "sub" / "two.csv").write_text("id,text\n1,slow\n", encoding="utf-8")
    (tables / "labelled" / "sub").mkdir(parents=True)
    (tables / "labelled" / "one.csv").write_text("id,text,label,score\n", encoding="utf-8")
    (tables / "labelled" / "sub" / "two.csv").write_text("id,text,label\n", encoding="utf-8")
    request = ClassifyRequest(texts=())
    batch = Batch("classify", Storage.at(tables), Storage.at(tables / "labelled"), request)
    assert sorted(i.rel for i in plan(batch, recursive=True)) == ["one.csv", "sub/two.csv"]
    translate = Batch(
        "translate",
        Storage.at(tables),
        Storage.at(tables / "labelled"),
        TranslateRequest(text="", target="fr"),
    )
    (tables / "labelled" / "notes.de.md").write_text("Hallo.\n", encoding="utf-8")
    (tables / "notes.md").write_text("Hello.\n", encoding="utf-8")
    # (tables are translated too: the outputs inside the input folder are still left out)
    assert sorted(i.rel for i in plan(translate, recursive=True)) == [
        "notes.md",
        "one.csv",
        "sub/two.csv",
    ]


def test_workers_needing_gpus_the_cluster_lacks_are_refused_not_waited_for() -> None:
    """A worker asking for a GPU the cluster does not have is never scheduled: the batch
    would wait for it forever. (A stand-in for Ray: only its resource count is asked.)"""
    from engine.cluster.ray_runner import _worker_count

    class Cluster:
        def __init__(self, **resources: float) -> None:
            self.resources = resources

        def cluster_resources(self) -> dict[str, float]:
            return self.resources

    cpus = Cluster(CPU=8.0)
    for workers in (None, 2):
        with pytest.raises(InputError, match="--gpus-per-worker 1: the Ray cluster has 0 GPUs"):
            _worker_count(cpus, workers, 1.0)
    assert _worker_count(cpus, None, 0.0) == 8 and _worker_count(cpus, 3, 0.0) == 3
    gpus = Cluster(CPU=8.0, GPU=2.0)
    assert _worker_count(gpus, None, 0.5) == 4 and _worker_count(gpus, None, 2.0) == 1
    with pytest.raises(InputError, match="has 2 GPUs"):
        _worker_count(gpus, None, 3.0)


def test_cluster_outputs_equal_the_local_commands_byte_for_byte(
    ray_cluster: str, quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _install(quire_home, "marian", "opus-mt-en-de")
    src = mixed_folder(tmp_path / "src")
    (src / "broken.docx").write_bytes(b"not a zip at all")
    # (its job says it has tracked changes pending: a worker's notes are the driver's to say)
    shutil.copy(REPO / "tests" / "data" / "tracked" / "libreoffice.docx", src / "changes.docx")
    beside = tmp_path / "beside"
    shutil.copytree(src, beside)
    inputs = outputs(src)
    argv = ("translate", *FAST, "--from", "en", "--to", "de")
    # The local command of today: NAME.de.ext beside each input.
    code, _, err = _cli(capsys, *argv, str(beside))
    assert code == 1 and "broken.docx: error:" in err
    local = translations(beside)
    assert len(local) == 5
    # The same folder into an output folder, here and on the cluster.
    code, _, _ = _cli(capsys, *argv, str(src), "-o", str(tmp_path / "here"))
    assert code == 1
    code, out, err = _cli(
        capsys, *argv, "--cluster", "auto", "--json", str(src), "-o", str(tmp_path / "out")
    )
    assert code == 1
    assert outputs(tmp_path / "out") == local == outputs(tmp_path / "here")
    assert outputs(src) == inputs  # never an input touched
    # The corrupt document: reported once, with its reason, never retried.
    assert err.count("broken.docx: error:") == 1 and "trying again" not in err
    rows = {Path(r["input"]).name: r for r in json.loads(out)}
    assert rows["broken.docx"]["output"] is None and "zip" in rows["broken.docx"]["error"].lower()
    assert rows["report.docx"]["units"] > 0 and rows["report.docx"]["error"] is None
    assert "documents 6/6" in err and "/min" in err
    assert err.count("changes.docx: note: changes.docx has tracked changes not yet") == 1
    # A rerun finds every document done.
    code, _, err = _cli(capsys, *argv, "--cluster", "auto", str(src), "-o", str(tmp_path / "out"))
    assert code == 1 and err.count("is already written") == 5
    assert not list((tmp_path / "out" / JOURNALS).glob("*.jsonl"))


def test_summarize_and_classify_on_the_cluster_equal_the_local_commands(
    ray_cluster: str, quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _install(quire_home, "bart", "mini-sum")
    _install(quire_home, "bert-cls", "mini-cls")
    src = tmp_path / "docs"
    src.mkdir()
    (src / "a.txt").write_text(" ".join(paragraphs(6)) + "\n", encoding="utf-8")
    (src / "b.md").write_text("# B\n\n" + "\n\n".join(paragraphs(5, 2)) + "\n", encoding="utf-8")
    code, _, _ = _cli(capsys, "summarize", "--cluster", "auto", str(src), "-o", str(tmp_path / "s"))
    assert code == 0
    for name in ("a.txt", "b.md"):
        alone = tmp_path / f"{name}.summary"
        assert _cli(capsys, "summarize", "-o", str(alone), str(src / name))[0] == 0
        stem = name.rsplit(".", 1)[0]
        assert (tmp_path / "s" / f"{stem}{SUMMARY}").read_bytes() == alone.read_bytes()
    tables = tmp_path / "tables"
    (tables / "sub").mkdir(parents=True)
    (tables / "one.csv").write_text("id,text\n1,great film\n2,boring\n", encoding="utf-8")
    (tables / "sub" / "two.csv").write_text("id,text\n1,slow\n2,\n3,fine\n", encoding="utf-8")
    code, _, err = _cli(
        capsys,
        *("classify", "--cluster", "auto", "--recursive", "--csv", str(tables)),
        *("--column", "text"),
        *("-o", str(tmp_path / "c")),
    )
    assert code == 0, err
    for rel in ("one.csv", "sub/two.csv"):
        alone = tmp_path / "alone.csv"
        code, _, _ = _cli(
            capsys, "classify", "--csv", str(tables / rel), "--column", "text", "-o", str(alone)
        )
        assert code == 0 and (tmp_path / "c" / rel).read_bytes() == alone.read_bytes()
    # One file is a batch of one, written into the output folder.
    code, _, err = _cli(
        capsys,
        *("classify", "--cluster", "auto", "--csv", str(tables / "one.csv"), "--column", "text"),
        *("-o", str(tmp_path / "c1")),
    )
    assert code == 0, err
    assert outputs(tmp_path / "c1") == {"one.csv": (tmp_path / "c" / "one.csv").read_bytes()}


def test_a_local_batch_of_summaries_equals_the_single_file_command_in_any_encoding(
    quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """No cluster: ``summarize SRC_DIR -o OUT_DIR`` reads a legacy-encoded text file as
    ``summarize FILE -o`` does, and writes the summary back in that encoding."""
    _install(quire_home, "bart", "mini-sum")
    src = tmp_path / "docs"
    src.mkdir()
    russian = "Сегодня очень хорошая погода. Давайте погуляем в парке. Я читаю каждый вечер."
    (src / "a.txt").write_bytes(russian.encode("cp1251"))
    (src / "b.md").write_text("# B\n\n" + "\n\n".join(paragraphs(5, 2)) + "\n", encoding="utf-8")
    code, _, err = _cli(capsys, "summarize", *FAST, str(src), "-o", str(tmp_path / "s"))
    assert code == 0, err
    for name in ("a.txt", "b.md"):
        alone = tmp_path / f"{name}.summary"
        assert _cli(capsys, "summarize", *FAST, "-o", str(alone), str(src / name))[0] == 0
        stem = name.rsplit(".", 1)[0]
        assert (tmp_path / "s" / f"{stem}{SUMMARY}").read_bytes() == alone.read_bytes()
    assert (src / "a.txt").read_bytes() == russian.encode("cp1251")


def _wait_for(condition: object, what: str, timeout: float = 240) -> None:
    assert callable(condition)
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)


def test_a_worker_killed_mid_run_is_replaced_and_the_output_is_the_same(
    ray_cluster: str,
    long_folder: tuple[Path, dict[str, bytes]],
    quire_home: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import ray

    from engine.cluster.ray_runner import ACTOR_NAME

    _install(quire_home, "marian", "opus-mt-en-de")
    src, reference = long_folder
    argv = LONG_ARGV
    out = tmp_path / "out"
    result: list[int] = []
    run = threading.Thread(
        target=lambda: result.append(main([*argv, "--cluster", "auto", str(src), "-o", str(out)]))
    )
    run.start()
    try:
        # A real signal of progress: the first document is written, others are under way.
        _wait_for(lambda: bool(outputs(out)), "the first output")
        worker = ray.get_actor(ACTOR_NAME.format(0))
        # Killed mid-document: while it says it has one in hand (it answers on a second thread).
        state: list[tuple[int, object]] = []

        def busy() -> bool:
            # With several batches still to go, so the kill lands before the document ends.
            state.append(ray.get(worker.state.remote()))
            current = state[-1][1]
            return isinstance(current, tuple) and current[2] - current[1] >= 8

        _wait_for(busy, "worker 0 busy")
        os.kill(state[-1][0], signal.SIGKILL)
    finally:
        run.join(timeout=300)
    _, err = capsys.readouterr()
    assert result == [0], err
    assert "trying again (attempt 2)" in err
    assert outputs(out) == reference


def test_more_workers_than_the_cluster_can_place_leave_no_document_waiting(
    ray_cluster: str, quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Four workers asked of a 2-CPU cluster: two can never start. Documents go only to
    workers that answered, so the batch ends with the local command's outputs instead of
    waiting on the two forever."""
    _install(quire_home, "marian", "opus-mt-en-de")
    src = mixed_folder(tmp_path / "src")
    argv = ("translate", *FAST, "--from", "en", "--to", "de")
    assert _cli(capsys, *argv, str(src), "-o", str(tmp_path / "here"))[0] == 0
    result: list[int] = []
    run = threading.Thread(
        target=lambda: result.append(
            main(
                [
                    *argv,
                    "--cluster",
                    "auto",
                    "--workers",
                    "4",
                    str(src),
                    "-o",
                    str(tmp_path / "out"),
                ]
            )
        ),
        daemon=True,  # before the fix it never ends: the test fails at the join's bound
    )
    run.start()
    run.join(timeout=300)
    _, err = capsys.readouterr()
    assert not run.is_alive(), "the batch waited on workers that cannot start"
    assert result == [0], err
    assert outputs(tmp_path / "out") == outputs(tmp_path / "here")


def test_a_document_whose_worker_always_dies_is_given_up_after_three_attempts(
    ray_cluster: str,
    long_folder: tuple[Path, dict[str, bytes]],
    quire_home: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import ray

    from engine.cluster.ray_runner import MAX_ATTEMPTS

    _install(quire_home, "marian", "opus-mt-en-de")
    long_src, reference = long_folder
    # The poison document is far too long to finish between two polls, even resumed from its
    # journal: each attempt is still under way when the poll below sees it, so the kill always
    # lands mid-document (with a 25-unit document a resumed third attempt once finished first).
    src = tmp_path / "src"
    shutil.copytree(long_src, src)
    (src / "poison.md").write_text(
        "# Poison\n\n" + "\n\n".join(paragraphs(3000)) + "\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    result: list[int] = []
    run = threading.Thread(
        target=lambda: result.append(
            main([*LONG_ARGV, "--cluster", "auto", str(src), "-o", str(out)])
        ),
        daemon=True,
    )
    run.start()
    killed: set[int] = set()
    deadline = time.monotonic() + 300
    try:
        # Whichever worker takes poison.md is killed, every time.
        while run.is_alive() and time.monotonic() < deadline:
            for name in ray.util.list_named_actors():
                try:
                    # A short wait: a replacement still starting must not hold up the poll.
                    pid, current = ray.get(ray.get_actor(name).state.remote(), timeout=1)
                except Exception:  # dead, or just replaced
                    continue
                if current is not None and current[0] == "poison.md" and pid not in killed:
                    os.kill(pid, signal.SIGKILL)
                    killed.add(pid)
            time.sleep(0.02)
    finally:
        run.join(timeout=300)
    _, err = capsys.readouterr()
    assert not run.is_alive(), err
    assert result == [1], err
    assert len(killed) == MAX_ATTEMPTS
    assert err.count("poison.md: error: its worker stopped 3 times") == 1
    assert err.count("poison.md: the worker stopped") == MAX_ATTEMPTS - 1
    assert outputs(out) == reference


def test_a_killed_driver_is_resumed_by_the_same_command(
    ray_cluster: str,
    long_folder: tuple[Path, dict[str, bytes]],
    quire_home: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _install(quire_home, "marian", "opus-mt-en-de")
    src, reference = long_folder
    argv = LONG_ARGV
    out = tmp_path / "out"
    journals = out / JOURNALS
    log = (tmp_path / "driver.log").open("wb")
    env = {**os.environ, "RAY_ADDRESS": ray_cluster}
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "engine.cli.main",
            *argv,
            "--cluster",
            "auto",
            str(src),
            "-o",
            str(out),
        ],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        # Kill it with one document written and another one journaled part of the way.
        _wait_for(
            lambda: (
                child.poll() is not None
                or (bool(outputs(out)) and any(p.stat().st_size for p in journals.glob("*.jsonl")))
            ),
            "an output and a journal",
        )
        os.kill(child.pid, signal.SIGKILL)
    finally:
        code = child.wait(timeout=60)
        log.close()
    assert code == -signal.SIGKILL, (tmp_path / "driver.log").read_text()
    written = len(outputs(out))
    assert 0 < written < 8
    code, _, err = _cli(capsys, *argv, "--cluster", "auto", str(src), "-o", str(out))
    assert code == 0, err
    assert err.count("is already written") == written
    assert "were already translated" in err  # the journaled document resumed
    assert outputs(out) == reference


def test_ctrl_c_on_the_cluster_keeps_the_documents_done_and_says_how_to_go_on(
    ray_cluster: str,
    long_folder: tuple[Path, dict[str, bytes]],
    quire_home: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Ctrl-C interrupted Ray's own wait: the batch said only "quire: cancelled", --json held
    the error alone (the rows of the documents written were lost), and now and then Ray's
    teardown crashed (exit -11). As a batch here: the rows, the words, exit 130."""
    _install(quire_home, "marian", "opus-mt-en-de")
    src, reference = long_folder
    out = tmp_path / "out"
    env = {**os.environ, "RAY_ADDRESS": ray_cluster}
    argv = [*LONG_ARGV, "--cluster", "auto", "--json", str(src), "-o", str(out)]
    errors = tmp_path / "stderr.log"
    with errors.open("wb") as stderr_file:
        child = subprocess.Popen(
            [sys.executable, "-m", "engine.cli.main", *argv],
            cwd=REPO,
            env=env,
            stdout=subprocess.PIPE,
            stderr=stderr_file,
        )
        try:
            # Once the driver has a document (its "wrote" line): an output on disk alone may
            # be one its worker wrote and the driver has not heard of yet.
            _wait_for(
                lambda: child.poll() is not None or b": wrote " in errors.read_bytes(),
                "the first document done",
            )
            child.send_signal(signal.SIGINT)
            stdout, _ = child.communicate(timeout=120)
        finally:
            if child.poll() is None:
                child.kill()
    err = errors.read_text(encoding="utf-8")
    assert child.returncode == 130, err
    assert "Cancelled; the same command resumes where it stopped" in err
    document = json.loads(stdout)
    assert document["error"]["type"] == "Cancelled"
    done = {Path(r["output"]).relative_to(out).as_posix() for r in document["results"]}
    assert done and done <= set(outputs(out)) and set(outputs(out)) <= set(reference)
    code, _, err = _cli(capsys, *LONG_ARGV, "--cluster", "auto", str(src), "-o", str(out))
    assert code == 0, err
    assert outputs(out) == reference


def test_what_ray_prints_during_a_batch_stays_off_the_json(
    ray_cluster: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ray's driver prints the cluster's errors (a worker that died) on standard output, as
    they come: before --json's document, which no reader then took."""
    from engine.cluster import ray_runner

    def driving(*_args: object) -> None:
        print("(raylet) A worker died or was killed while executing a task", file=sys.stdout)

    monkeypatch.setattr(ray_runner, "_drive", driving)
    batch = Batch("translate", Storage.at(str(tmp_path)), Storage.at(str(tmp_path / "out")),
                  TranslateRequest(text="", target="de"))  # fmt: skip
    stdout, stderr = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stdout", stdout)
    monkeypatch.setattr(sys, "stderr", stderr)
    options = EngineOptions(home=tmp_path / "home")
    ray_runner.run_ray(options, batch, [], BatchProgress([]), [], workers=1)
    assert stdout.getvalue() == ""
    assert "A worker died" in stderr.getvalue()


def test_a_cluster_address_that_takes_no_connection_is_said_at_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """RAY_ADDRESS left after ``ray stop``: Ray waited for the cluster without end (killed
    after 7 minutes), printing only its own warnings."""
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    src = _hellos(tmp_path / "src", "a.md")
    monkeypatch.setenv("RAY_ADDRESS", f"127.0.0.1:{port}")
    code, _, err = _cli(capsys, "translate", "--to", "de", "--cluster", "auto", str(src),
                        "-o", str(tmp_path / "out"))  # fmt: skip
    assert code == 1
    assert f"cannot reach the Ray cluster at 127.0.0.1:{port} (RAY_ADDRESS)" in err
    code, _, err = _cli(capsys, "translate", "--to", "de", "--cluster", f"ray://127.0.0.1:{port}",
                        str(src), "-o", str(tmp_path / "out"))  # fmt: skip
    assert code == 1 and f"cannot reach the Ray cluster at ray://127.0.0.1:{port}:" in err


def test_object_storage_through_pyarrow_filesystems(
    quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Not S3 (no network here): pyarrow's SubTreeFileSystem over a local folder takes the same
    path, copying inputs in and outputs and journals out through pyarrow."""
    from pyarrow import fs as pafs

    _install(quire_home, "marian", "opus-mt-en-de")
    bucket = tmp_path / "bucket"
    mixed_folder(bucket / "src", long=1)
    argv = ("translate", *FAST, "--from", "en", "--to", "de", "--batch-units", "4")
    assert _cli(capsys, *argv, str(bucket / "src"), "-o", str(tmp_path / "here"))[0] == 0
    remote = pafs.SubTreeFileSystem(str(bucket), pafs.LocalFileSystem())
    request = TranslateRequest(text="", source="en", target="de")
    batch = Batch(
        "translate", Storage("src", remote), Storage("out", remote), request, batch_units=4
    )
    engine = Engine(EngineOptions(home=quire_home, device="cpu", dtype="fp32"))
    items = plan(batch)
    (part,) = (item for item in items if item.rel == "part0.md")
    # Interrupted after its third batch: the journal is in the bucket, and a rerun resumes it.
    token = CancelToken()

    def stop(event: Event) -> None:
        if isinstance(event, Progress) and event.done >= 12:
            token.cancel()

    with pytest.raises(Cancelled):
        run_one(engine, batch, part, stop, token)
    assert sorted(p.name for p in (bucket / "out" / JOURNALS).iterdir()) == [
        "done",
        "part0.de.md.jsonl",
    ]
    pending = (bucket / "out" / JOURNALS / "done" / "part0.de.md.json").read_text()
    recorded = json.loads(pending)
    assert (recorded["input"], recorded["size"]) == ("part0.md", None)  # no output: not done
    done = {item.rel: run_one(engine, batch, item) for item in items}
    assert all(d.error is None and not d.skipped for d in done.values())
    assert done["part0.md"].resumed == 12
    assert outputs(bucket / "out") == outputs(tmp_path / "here")
    assert not list((bucket / "out").rglob("*.jsonl"))
    again = [run_one(engine, batch, item) for item in items]
    assert all(d.skipped for d in again)


def test_object_storage_chooses_the_documents_the_local_folder_chooses(tmp_path: Path) -> None:
    """A bucket holding a project: its settings (docker-compose.yml, package.json, a build
    file's XML, robots.txt) were sent to the model as text on object storage, where the same
    folder here passes them over; a locale's YAML, a site's settings and Android's strings
    are documents in both, and an empty file is left out of both."""
    from pyarrow import fs as pafs

    src = tmp_path / "bucket" / "proj"
    files = {
        "docker-compose.yml": "services:\n  web:\n    image: nginx\n",
        "package.json": '{"name": "site", "description": "A site"}\n',
        "robots.txt": "User-agent: *\nDisallow: /private\n",
        "pom.xml": "<project><name>Demo</name></project>\n",
        "config/locales/en.yml": "en:\n  hello: Hello world\n",
        "mkdocs.yml": "site_name: My docs\nnav:\n  - Home: index.md\n",
        "res/values/strings.xml": '<resources><string name="a">Hello</string></resources>\n',
        "index.md": "# Hello\n\nSome text.\n",
        "empty.md": "",
    }
    for rel, text in files.items():
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        (src / rel).write_text(text, encoding="utf-8")
    request = TranslateRequest(text="", source="en", target="de")
    here = Batch("translate", Storage.at(src), Storage.at(tmp_path / "out"), request)
    remote = pafs.SubTreeFileSystem(str(tmp_path / "bucket"), pafs.LocalFileSystem())
    there = Batch("translate", Storage("proj", remote), Storage("out", remote), request)
    chosen = {}
    for batch in (here, there):
        items, left = survey(batch, recursive=True)
        chosen[batch.source.local] = (
            sorted(i.rel for i in items),
            sorted((x.rel, x.reason) for x in left),
        )
    assert chosen[False] == chosen[True]
    assert chosen[False][0] == [
        "config/locales/en.yml", "index.md", "mkdocs.yml", "res/values/strings.xml"
    ]  # fmt: skip
    assert ("docker-compose.yml", "settings") in chosen[False][1]
    assert ("empty.md", "empty") in chosen[False][1]


class RayStandIn:
    """Ray's ``init`` as ``_connect`` calls it: the keywords recorded, or ``fails`` raised."""

    def __init__(self, fails: Exception | None = None) -> None:
        self.fails = fails
        self.calls: list[dict[str, object]] = []

    def is_initialized(self) -> bool:
        return False

    def init(self, **keywords: object) -> None:
        self.calls.append(keywords)
        if self.fails is not None:
            raise self.fails


def test_auto_starts_a_cluster_of_its_own_even_beside_a_users_ray_start(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Without an address Ray joins a cluster it finds recorded on the machine (a ``ray
    start`` of the user's, or a dead one's leftovers) and then refuses ``num_cpus``: auto
    asks for a new one, as the documentation says it does."""
    from engine.cluster.ray_runner import _connect

    monkeypatch.delenv("RAY_ADDRESS", raising=False)
    ray = RayStandIn()
    assert _connect(ray, "auto", 3) is True
    assert ray.calls[0]["address"] == "local" and ray.calls[0]["num_cpus"] == 3
    monkeypatch.setenv("RAY_ADDRESS", "auto")  # joining the running cluster, asked for
    ray = RayStandIn()
    _connect(ray, "auto", None)
    assert ray.calls[0]["address"] is None and "num_cpus" not in ray.calls[0]


def test_a_missing_ray_client_is_named_with_what_to_install() -> None:
    from engine.cluster.ray_runner import _connect

    missing = RuntimeError(
        "Ray Client requires pip package `ray[client]`. If you installed the minimal Ray "
        "(e.g. `pip install ray`), please reinstall by executing `pip install ray[client]`."
    )
    with pytest.raises(InputError) as caught:
        _connect(RayStandIn(missing), "ray://127.0.0.1:10001", None)
    error = caught.value
    assert error.message.endswith("Ray Client is not installed")
    assert "pip install 'ray[client]'" in (error.hint or "")
    with pytest.raises(InputError) as caught:
        _connect(RayStandIn(ConnectionError("no cluster at 10.0.0.9.")), "10.0.0.9:6379", None)
    assert caught.value.message == "Quire cannot reach the Ray cluster at 10.0.0.9:6379: " + (
        "no cluster at 10.0.0.9"
    )  # one full stop, not two


@pytest.mark.parametrize("command", ["translate", "summarize"])
def test_a_link_to_a_file_outside_the_folder_is_left_out_and_said(
    command: str, tmp_path: Path
) -> None:
    """On a shared archive, whoever can add a link would otherwise get any file of the node
    translated into the outputs. A link to a file inside the folder is followed."""
    from engine.documents import folder_documents

    secret = tmp_path / "private" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("Private text.\n", encoding="utf-8")
    src = tmp_path / "src"
    (src / "sub").mkdir(parents=True)
    (src / "a.txt").write_text("Hello.\n", encoding="utf-8")
    (src / "leak.txt").symlink_to(secret)
    (src / "sub" / "again.txt").symlink_to(src / "a.txt")
    found, skipped = folder_documents(src, "de", recursive=True)
    assert [p.relative_to(src).as_posix() for p in found] == ["a.txt", "sub/again.txt"]
    assert [(s.path.name, s.reason) for s in skipped] == [("leak.txt", "outside")]
    if command == "translate":
        request: TranslateRequest | SummarizeRequest = TranslateRequest(text="", target="de")
    else:
        request = SummarizeRequest(text="")
    kind: Literal["translate", "summarize"] = "translate" if command == "translate" else "summarize"
    batch = Batch(kind, Storage.at(src), Storage.at(tmp_path / "out"), request)
    items, left = survey(batch, recursive=True)
    assert sorted(i.rel for i in items) == ["a.txt", "sub/again.txt"]
    assert [(x.rel, x.reason) for x in left] == [("leak.txt", "outside")]


def test_one_file_no_reader_takes_is_refused_before_a_cluster_starts(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "photos.zip").write_bytes(b"PK\x05\x06" + b"\x00" * 18)
    (src / "notes.de.txt").write_text("Hallo.\n", encoding="utf-8")
    batch = Batch(
        "translate",
        Storage.at(src),
        Storage.at(tmp_path / "out"),
        TranslateRequest(text="", target="de"),
    )
    assert survey(batch, "photos.zip") == ([], [Left("photos.zip", "unsupported")])
    # A file named on its own is done even when its name looks like a translation.
    items, left = survey(batch, "notes.de.txt")
    assert [i.rel for i in items] == ["notes.de.txt"] and left == []


def test_a_file_already_at_an_outputs_name_is_never_taken_for_finished_work(
    quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Only an output the batch wrote (its marker says so, at that size) is skipped by a
    rerun; a file of the user's, or a copy cut short, is reported and left as it is."""
    _install(quire_home, "marian", "opus-mt-en-de")
    src = _hellos(tmp_path / "src", "a.md", "b.md")
    out = tmp_path / "out"
    out.mkdir()
    (out / "b.de.md").write_text("", encoding="utf-8")  # the user's, or cut short by a copy
    argv = ("translate", "--to", "de", str(src), "-o", str(out))
    code, _, err = _cli(capsys, *argv)
    assert code == 1 and (out / "a.de.md").read_text(encoding="utf-8")
    assert f"{out / 'b.de.md'} is already there and was not written by this batch" in err
    assert (out / "b.de.md").read_text(encoding="utf-8") == ""  # untouched
    (out / "b.de.md").unlink()
    code, _, err = _cli(capsys, *argv)
    assert code == 0 and err.count("is already written") == 1  # a.de.md: the batch's own
    written = (out / "a.de.md").read_bytes()
    (out / "a.de.md").write_bytes(written[:-1])  # cut short since
    code, _, err = _cli(capsys, *argv)
    assert code == 1 and "a.de.md is already there and was not written by this batch" in err


def test_an_output_without_its_size_recorded_is_taken_when_it_cannot_be_a_strangers(
    quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A rerun skips an output whose marker is still pending (the worker died after putting it
    in place, before recording its size) and one a Quire from before the markers wrote (not
    empty, newer than its input); an output older than its input is the document's error."""
    _install(quire_home, "marian", "opus-mt-en-de")
    src = _hellos(tmp_path / "src", "a.md", "b.md", "c.md")
    out = tmp_path / "out"
    done = out / JOURNALS / "done"
    done.mkdir(parents=True)
    (done / "a.de.md.json").write_text(json.dumps({"input": "a.md", "size": None}))
    for name in ("a.de.md", "b.de.md", "c.de.md"):
        (out / name).write_text("Hallo.\n", encoding="utf-8")
    stale = (src / "c.md").stat().st_mtime - 60
    os.utime(out / "c.de.md", (stale, stale))
    argv = ("translate", "--to", "de", str(src), "-o", str(out), "--json")
    code, stdout, _ = _cli(capsys, *argv)
    rows = {Path(row["input"]).name: row for row in json.loads(stdout)}
    assert code == 1
    assert rows["a.md"]["skipped"] and rows["b.md"]["skipped"]
    assert "c.de.md is already there and was not written by this batch" in rows["c.md"]["error"]
    for name in ("a", "b"):  # recorded now, at the size found
        recorded = json.loads((done / f"{name}.de.md.json").read_text(encoding="utf-8"))
        assert (recorded["input"], recorded["size"]) == (f"{name}.md", len("Hallo.\n"))
        read = (src / f"{name}.md").stat()
        assert recorded["source"] == [read.st_size, read.st_mtime]  # the input, as it was
    assert not (done / "c.de.md.json").exists()
    assert (out / "c.de.md").read_text(encoding="utf-8") == "Hallo.\n"  # never overwritten


def test_a_rerun_translates_an_edited_input_again_and_takes_no_empty_file_for_finished(
    quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An input edited after its batch finished kept its old translation ("already
    written"); an empty file put at a pending marker's output was taken for finished work
    (an outside review)."""
    _install(quire_home, "marian", "opus-mt-en-de")
    src = _hellos(tmp_path / "src", "a.md", "b.md")
    out = tmp_path / "out"
    argv = ("translate", "--to", "de", str(src), "-o", str(out))
    code, _, err = _cli(capsys, *argv)
    assert code == 0
    before = (out / "a.de.md").read_bytes()
    (src / "a.md").write_text("The house is small. The cat sleeps in the sun.\n", encoding="utf-8")
    code, _, err = _cli(capsys, *argv)
    assert code == 0 and f"{src / 'a.md'}: wrote {out / 'a.de.md'}" in err
    assert (out / "a.de.md").read_bytes() != before and err.count("is already written") == 1
    done = out / JOURNALS / "done" / "b.de.md.json"
    done.write_text(json.dumps({"input": "b.md", "size": None}), encoding="utf-8")  # pending
    (out / "b.de.md").write_text("", encoding="utf-8")  # emptied since
    code, _, err = _cli(capsys, *argv)
    assert code == 1 and "b.de.md is already there and was not written by this batch" in err


def test_a_record_that_cannot_be_written_fails_no_document_and_stops_no_batch(
    quire_home: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A full disk refused a done marker: "Cannot write the output: No space left on device"
    ended the whole batch, and --json held that error only (an outside review)."""
    _install(quire_home, "marian", "opus-mt-en-de")
    src = _hellos(tmp_path / "src", "a.md", "b.md")
    write_text = Storage.write_text

    def full(self: Storage, rel: str, text: str) -> None:
        if "/done/" in rel:
            raise InputError("Cannot write the output: No space left on device")
        write_text(self, rel, text)

    monkeypatch.setattr(Storage, "write_text", full)
    out = tmp_path / "out"
    code, stdout, err = _cli(capsys, "translate", "--to", "de", str(src), "-o", str(out), "--json")
    assert code == 0, err
    rows = json.loads(stdout)
    assert [r["error"] for r in rows] == [None, None]
    assert (out / "a.de.md").is_file() and (out / "b.de.md").is_file()


def test_an_output_name_too_long_is_that_documents_error_in_words(
    quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An input named near the file system's limit: its output's name is longer. The batch
    said "storage: [Errno 36] …", and a rerun stopped the whole batch (an outside review)."""
    _install(quire_home, "marian", "opus-mt-en-de")
    src = tmp_path / "src"
    src.mkdir()
    (src / ("a" * 251 + ".md")).write_text("Hello.\n", encoding="utf-8")
    (src / "b.md").write_text("Hello.\n", encoding="utf-8")
    out = tmp_path / "out"
    for _run in range(2):
        code, _, err = _cli(capsys, "translate", "--to", "de", str(src), "-o", str(out))
        assert code == 1 and "error: Cannot read or write: File name too long (" in err
        assert "Errno" not in err and (out / "b.de.md").is_file()


def test_a_cancelled_batchs_json_keeps_the_documents_done(
    quire_home: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Ctrl-C after a document was written: --json held the Cancelled error alone, and the
    rows of the documents done were lost (an outside review)."""
    import engine.cluster.cli as batch_cli

    _install(quire_home, "marian", "opus-mt-en-de")
    src = _hellos(tmp_path / "src", "a.md", "b.md")
    real = run_one

    def interrupted(engine: Engine, batch: Batch, item: object, *rest: object) -> object:
        if str(getattr(item, "rel", "")) == "b.md":
            raise Cancelled()  # (as Ctrl-C's token does, between documents)
        return real(engine, batch, item, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(batch_cli, "run_one", interrupted)
    out = tmp_path / "out"
    code, stdout, _err = _cli(capsys, "translate", "--to", "de", str(src), "-o", str(out), "--json")
    document = json.loads(stdout)
    assert code == 130 and document["error"]["type"] == "Cancelled"
    assert [(Path(r["input"]).name, r["error"]) for r in document["results"]] == [("a.md", None)]
    assert document["results"][0]["output"] == str(out / "a.de.md")


def test_a_batch_counts_each_documents_units_and_names_those_that_failed(
    quire_home: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A folder batch said "(280 units)" and its --json rows had no counts, where 245 units
    had kept their source text (an outside review of the README's "no unit is left out
    silently")."""
    from tests.test_encodings import fake_engine

    fake_engine(monkeypatch, lambda text: "" if "fails" in text else text.upper())
    src = tmp_path / "src"
    src.mkdir()
    (src / "notes.md").write_text(
        "This one is fine.\n\nThis one fails.\n\n12.50\n\nThis one fails too.\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    argv = ("translate", "--from", "en", "--to", "de", str(src), "-o", str(out), "--json")
    code, stdout, err = _cli(capsys, *argv)
    (row,) = json.loads(stdout)
    assert code == 0 and row["counts"] == {"translated": 1, "verbatim": 1, "failed": 2}
    assert row["failed_units"] == ["This one fails.", "This one fails too."]
    assert "(4 units: 1 translated, 1 kept verbatim, 2 failed)" in err
    assert "2 units kept their source text" in err and "  This one fails too." in err
    assert not (quire_home / "written").exists()  # (no record of a batch's staged copies)


def test_a_batch_names_the_glossary_terms_the_model_lost(
    quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A batch's rows had no missing_terms, which `quire translate doc --json` gives: the
    terms the model lost in a document were said for one file, not for a folder of them."""
    import docx

    from engine import Engine, EngineOptions
    from tests.fixtures.builder import exported

    Engine(EngineOptions(home=quire_home, device="cpu")).import_model(
        exported("marian"), "opus-mt-en-de"
    )
    glossary = tmp_path / "terms.tsv"
    glossary.write_text("API\tSchnittstelle\nstart button\tStartknopf\n", encoding="utf-8")
    src = tmp_path / "src"
    src.mkdir()
    notes = src / "notes.docx"
    document = docx.Document()
    for paragraph in ["The API works well today.", "Press the start button to begin."]:
        document.add_paragraph(paragraph)
    document.save(str(notes))
    argv = ("translate", "--from", "en", "--to", "de", "--glossary", str(glossary), "--json")
    code, stdout, err = _cli(capsys, *argv, str(notes), "-o", str(tmp_path / "one.docx"))
    assert code == 0, err
    single = json.loads(stdout)["missing_terms"]
    assert single  # (the random-weight model loses placeholders)
    code, stdout, err = _cli(capsys, *argv, str(src), "-o", str(tmp_path / "out"))
    (row,) = json.loads(stdout)
    assert code == 0 and row["missing_terms"] == single, err
    assert f"notes.docx: glossary terms lost by the model: {', '.join(single)}" in err
    # and the glossary it used, as the single-file command names it (the row had none)
    assert row["glossary"] == {"path": str(glossary.resolve()), "terms": 2, "left_out": 0}
    code, stdout, err = _cli(capsys, *argv, str(src))  # (the folder command, without -o)
    (row,) = json.loads(stdout)
    assert code == 0 and row["glossary"] == {"path": str(glossary), "terms": 2, "left_out": 0}, err


def test_a_folder_with_a_glossary_for_another_target_is_refused_before_any_file(
    quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A folder translated --to de with an English → French glossary: each file was refused
    on its own, after the model loaded, with the same long error ("3 of 3 documents
    failed"); it is refused once, before any file, as one file is."""
    import csv

    from engine import Engine, EngineOptions
    from tests.fixtures.builder import exported

    Engine(EngineOptions(home=quire_home, device="cpu")).import_model(
        exported("marian"), "opus-mt-en-de"
    )
    glossary = tmp_path / "terms.csv"
    with glossary.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows([["English", "French"], ["library", "bibliothèque"]])
    src = _hellos(tmp_path / "src", "a.md", "b.md", "c.md")
    argv = ("translate", "--to", "de", "--glossary", str(glossary), str(src))
    for extra in (("-o", str(tmp_path / "out")), ()):  # (a batch; the folder command)
        code, _, err = _cli(capsys, *argv, *extra)
        assert code != 0 and err.count("This glossary is for en → fr") == 1, err
        assert "a.md" not in err and "failed" not in err
        assert not (tmp_path / "out").exists()
        assert sorted(p.name for p in src.iterdir()) == ["a.md", "b.md", "c.md"]


def test_an_empty_file_in_a_folder_is_left_out_and_a_mirror_copies_it(
    quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A site's page not written yet (an empty `changelog.md`), an Org inbox, a text file of
    a blank line: their readers refuse an empty file, so a folder run said "error: The file is
    empty" for each and exited 1, and a mirror left them out of the translated site. Now each
    is left out with why, a mirror copies it, and the run goes on to exit 0. Named on its
    own, an empty file is still refused."""
    _install(quire_home, "marian", "opus-mt-en-de")
    src = _hellos(tmp_path / "site", "index.md")
    (src / "changelog.md").write_bytes(b"")
    (src / "inbox.org").write_bytes(b"\xef\xbb\xbf\n")  # (a byte order mark and a line)
    (src / "blank.txt").write_bytes(b"\n  \n")
    (src / "short.txt").write_bytes(b"Hi\n")  # (a few bytes of text: a document)
    argv = ("translate", *FAST, "--from", "en", "--to", "de")
    empty = ("blank.txt", "changelog.md", "inbox.org")
    code, stdout, err = _cli(capsys, *argv, "--json", str(src), "-o", str(tmp_path / "out"))
    assert code == 0, err
    rows = {Path(r["input"]).name: r for r in json.loads(stdout)}
    assert {n for n, r in rows.items() if r["reason"] == "an empty file"} == set(empty)
    assert sorted(outputs(tmp_path / "out")) == ["index.de.md", "short.de.txt"]
    code, _, err = _cli(capsys, *argv, "--mirror", str(src), "-o", str(tmp_path / "mirror"))
    assert code == 0, err
    assert sorted(outputs(tmp_path / "mirror")) == sorted([*empty, "index.md", "short.txt"])
    for name in empty:
        assert (tmp_path / "mirror" / name).read_bytes() == (src / name).read_bytes()
        assert f"{name}: copied (an empty file)" in err
    code, _, err = _cli(capsys, *argv, str(src / "changelog.md"))
    assert code != 0 and "has no text" in err
    # A summary batch (which chooses by name and size, as on object storage) too.
    batch = Batch(
        "summarize", Storage.at(src), Storage.at(tmp_path / "sums"), SummarizeRequest(text="")
    )
    items, left = survey(batch)
    assert sorted(i.rel for i in items) == ["blank.txt", "inbox.org", "index.md", "short.txt"]
    assert [(x.rel, x.why) for x in left] == [("changelog.md", "an empty file")]


# An icon as Material Design's (mkdocs-material's .icons/): a site's file with no text.
ICON = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M10 20v-6h4v6h5v-8h3'
    'L12 3 2 12h3v8z"/></svg>'
)


def test_a_folders_files_without_text_are_passed_over_outside_a_mirror(
    quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A folder of 50 icons was written as 50 copies (icon.de.svg beside icon.svg, or in -o's
    folder) and 100 lines said so: outside a mirror a copy is of no use. Now a folder run and
    a batch pass such a file over, said once in the closing line and as a --json row
    skipped with why; a mirror still copies it (a site kept whole), and a file named on its
    own is still copied with its note."""
    _install(quire_home, "marian", "opus-mt-en-de")
    src = _hellos(tmp_path / "site", "index.md")
    for name in ("home.svg", "search.svg"):
        (src / name).write_text(ICON, "utf-8")
    argv = ("translate", *FAST, "--from", "en", "--to", "de")
    icons = f"{src / 'home.svg'}, {src / 'search.svg'}"
    code, stdout, err = _cli(capsys, *argv, "--json", str(src))
    assert code == 0, err
    assert sorted(p.name for p in src.iterdir()) == ["home.svg", "index.de.md", "index.md",
                                                     "search.svg"]  # fmt: skip
    rows = {Path(r["input"]).name: r for r in json.loads(stdout)}
    assert rows["home.svg"]["skipped"] == "no text to translate"
    assert rows["home.svg"]["output"] is None and rows["home.svg"]["error"] is None
    assert f"quire: 2 files skipped (no text to translate: {icons})" in err
    assert "home.svg: " not in err  # (no line of its own, nor its note of a copy)
    (src / "index.de.md").unlink()
    code, stdout, err = _cli(capsys, *argv, "--json", str(src), "-o", str(tmp_path / "out"))
    assert code == 0, err
    assert sorted(outputs(tmp_path / "out")) == ["index.de.md"]
    rows = {Path(r["input"]).name: r for r in json.loads(stdout)}
    assert rows["search.svg"]["skipped"] is True and rows["search.svg"]["output"] is None
    assert rows["search.svg"]["reason"] == "no text to translate"
    assert rows["index.md"]["skipped"] is False and rows["index.md"]["reason"] is None
    assert f"quire: 2 files skipped (no text to translate: {icons})" in err
    assert "home.svg: " not in err and "documents 3/3" in err
    code, _, err = _cli(capsys, *argv, "--mirror", str(src), "-o", str(tmp_path / "mirror"))
    assert code == 0, err
    assert sorted(outputs(tmp_path / "mirror")) == ["home.svg", "index.md", "search.svg"]
    assert (tmp_path / "mirror" / "search.svg").read_text("utf-8") == ICON
    # Named on its own, here or as a batch of one file (on a cluster): copied, and said.
    code, _, err = _cli(capsys, *argv, str(src / "home.svg"))
    assert code == 0 and (src / "home.de.svg").read_text("utf-8") == ICON
    assert "home.svg has no text to translate" in err
    request = TranslateRequest(text="", source="en", target="de")
    for alone in (True, False):
        batch = Batch("translate", Storage.at(src), Storage.at(tmp_path / f"{alone}"), request,
                      alone=alone)  # fmt: skip
        done = run_one(Engine(EngineOptions(home=quire_home)), batch, plan(batch, "home.svg")[0])
        assert done.no_text is not alone and done.error is None
        assert sorted(outputs(tmp_path / f"{alone}")) == (["home.de.svg"] if alone else [])


def test_a_shared_output_is_named_as_the_command_writes_it(tmp_path: Path) -> None:
    """A summary batch said "its translation would be written to report.summary.txt" (an
    outside review): each command names what it writes."""
    src = tmp_path / "src"
    src.mkdir()
    for name in ("report.md", "report.txt"):
        (src / name).write_text("The report. It is short.\n", encoding="utf-8")
    batch = Batch(
        "summarize", Storage.at(src), Storage.at(tmp_path / "out"), SummarizeRequest(text="")
    )
    items, left = survey(batch)
    assert [i.rel for i in items] == ["report.md"]
    assert [x.why for x in left] == [
        "its summary would be written to report.summary.txt, where report.md's goes"
    ]


def test_a_mirror_translates_the_sites_settings_as_a_sites(
    quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A mirrored MkDocs site kept its mkdocs.yml as it was (settings were copied): the
    translated site's title and navigation were English and its theme said English. Now
    its title and navigation are translated, its theme's language is the target and the
    rest is kept (a plugin named ``search`` was Suche once read as a locale file); a file
    named alone is written beside it, ``mkdocs.de.yml``, as any translation is."""
    _install(quire_home, "marian", "opus-mt-en-de")
    src = tmp_path / "site"
    (src / "docs").mkdir(parents=True)
    (src / "docs" / "index.md").write_text("# The house\n\nWe travel by train.\n", "utf-8")
    settings = (
        "site_name: The house is small\ntheme:\n  name: material\n  language: en\n"
        "nav:\n  - We travel by train: index.md\nplugins:\n  - search\n"
    )
    (src / "mkdocs.yml").write_text(settings, encoding="utf-8")
    out = tmp_path / "site-de"
    argv = ("translate", *FAST, "--from", "en", "--to", "de")
    code, _, err = _cli(capsys, *argv, "--mirror", str(src), "-o", str(out))
    assert code == 0, err
    assert "mkdocs.yml: copied" not in err
    data = yaml.safe_load((out / "mkdocs.yml").read_text("utf-8"))
    assert data["theme"] == {"name": "material", "language": "de"}
    assert data["plugins"] == ["search"]
    assert [list(entry.values()) for entry in data["nav"]] == [["index.md"]]
    code, _, err = _cli(capsys, *argv, str(src / "mkdocs.yml"))
    assert code == 0, err
    assert (src / "mkdocs.de.yml").read_bytes() == (out / "mkdocs.yml").read_bytes()


def test_a_mirror_is_the_folder_translated_under_the_same_names_with_the_rest_copied(
    quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A documentation site translated into another folder: its pages were written as
    NAME.de.md (its navigation found none of them) and its pictures left behind, so the
    translated folder was no site to build. A mirror is the whole folder (subfolders, a
    site's hidden files), never a file from outside it, and a copy follows its file."""
    _install(quire_home, "marian", "opus-mt-en-de")
    src = mixed_folder(tmp_path / "docs")
    (src / "img").mkdir()
    (src / "img" / "logo.png").write_bytes(b"\x89PNG picture")
    (src / "netlify.toml").write_text('[build]\npublish = "site"\n', encoding="utf-8")
    (src / ".nojekyll").write_bytes(b"")
    (src / ".git").mkdir()
    (src / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    (src / "readme.fr.md").write_text("Bonjour.\n", encoding="utf-8")  # (the site's own)
    earlier = src / "old-de"  # (an earlier batch's output inside the folder: not copied)
    (earlier / JOURNALS).mkdir(parents=True)
    (earlier / "logo.png").write_bytes(b"old")
    (earlier / JOURNALS / "x.jsonl").write_text("{}\n", encoding="utf-8")
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"not the site's")
    (src / "leak.png").symlink_to(secret)
    out = tmp_path / "docs-de"
    argv = ("translate", *FAST, "--from", "en", "--to", "de", "--mirror")
    code, stdout, err = _cli(capsys, *argv, "--json", str(src), "-o", str(out))
    assert code == 0, err
    written = set(outputs(out)) | {p.name for p in out.glob(".no*")}
    assert written == {"notes.txt", "talk.srt", "report.docx", "readme.md", "img/logo.png",
                       "netlify.toml", ".nojekyll", "readme.fr.md"}  # fmt: skip
    assert "old-de/logo.png: skipped: in an earlier batch's output folder" in err
    assert not (out / ".git").exists() and not (out / "leak.png").exists()
    assert "leak.png: skipped: a link to a file outside the folder" in err
    assert (out / "img" / "logo.png").read_bytes() == b"\x89PNG picture"
    assert (out / "readme.md").read_bytes() != (src / "readme.md").read_bytes()
    rows = {Path(r["input"]).relative_to(src).as_posix(): r for r in json.loads(stdout)}
    assert rows["img/logo.png"]["output"] == str(out / "img" / "logo.png")
    assert rows["img/logo.png"]["reason"] == "not a supported kind of file: copied"
    assert rows["old-de/logo.png"]["output"] is None
    assert "logo.png: copied (not a supported kind of file)" in err
    assert "quire: 4 files copied as they are" in err
    # A rerun: the documents done, the copies there; a picture changed since is copied again,
    # even with an older time (a tarball's).
    (src / "img" / "logo.png").write_bytes(b"\x89PNG another!")  # (the same size)
    os.utime(src / "img" / "logo.png", (1_000_000_000, 1_000_000_000))
    code, _, err = _cli(capsys, *argv, str(src), "-o", str(out))
    assert code == 0 and err.count("is already written") == 4
    assert "netlify.toml: already copied" in err and "logo.png: copied" in err
    assert "quire: 1 file copied as they are (3 already there)" in err
    assert (out / "img" / "logo.png").read_bytes() == b"\x89PNG another!"
    # A copy that cannot be made: said, and the exit status 1.
    (out / "netlify.toml").unlink()
    (out / "netlify.toml").mkdir()
    code, _, err = _cli(capsys, *argv, str(src), "-o", str(out))
    assert code == 1 and "netlify.toml: not copied" in err
    assert "quire: 1 file could not be copied" in err and "documents failed" not in err
    # Not a folder into another: said.
    code, _, err = _cli(capsys, "translate", "--to", "de", "--mirror", str(src / "readme.md"))
    assert code == 2 and "--mirror translates a folder into another" in err
