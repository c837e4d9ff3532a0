"""Document jobs: an ETA on progress, a checkpoint that survives kill -9 (no unit translated
twice, none lost, the output equal to an uninterrupted run's), folders, bilingual output and
-o through the CLI, and summarize/ask on documents with their sources."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

import engine.documents.translate as translate_module
from engine.api import Event, ModelLoaded, Note, Progress, TranslateRequest, TranslateResult
from engine.cli.main import main
from engine.cli.tasks import duration, progress_text
from engine.documents import (
    READERS,
    Document,
    DocumentError,
    DocumentResult,
    UnitCounts,
    extract,
    open_document,
    translate_document,
    translate_file,
)
from engine.documents.base import SpanDocument, decode_text
from engine.documents.checkpoint import Journal, Languages, journal_key
from engine.documents.translate import translate_text_file
from engine.engine import Engine
from engine.errors import Cancelled, InputError, ModelNotFound
from engine.options import CancelToken, EngineOptions
from engine.text import segment
from tests.fixtures import documents as build
from tests.fixtures.builder import exported
from tests.fixtures.documents import Upper, docx_file

REPO = Path(__file__).resolve().parents[1]
SENTENCE = "the house is small and we travel by train to the city every day with friends"


def paragraphs(count: int) -> list[str]:
    """Distinct short English paragraphs (the tiny models are fast on them)."""
    words = SENTENCE.split()
    return [f"{' '.join(words[n % 9 : n % 9 + 4]).capitalize()} {n}." for n in range(count)]


def write_md(path: Path, count: int) -> Path:
    path.write_text("# Title here\n\n" + "\n\n".join(paragraphs(count)) + "\n", encoding="utf-8")
    return path


def journals(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.jsonl")) if folder.is_dir() else []


def journal_entries(path: Path) -> list[dict[str, object]]:
    """The units of the whole, valid batch lines after the header."""
    lines = path.read_bytes().split(b"\n")[:-1]  # the last piece is torn or empty
    entries: list[dict[str, object]] = []
    for line in lines[1:]:
        try:
            entries += json.loads(line)["batch"]
        except ValueError:
            break
    return entries


def _install(home: Path, fixture: str, name: str) -> None:
    Engine(EngineOptions(home=home)).import_model(exported(fixture), name)


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# ----------------------------------------------------------------- ETA


def test_progress_has_an_eta_from_the_seconds_per_character(tmp_path: Path) -> None:
    path = write_md(tmp_path / "doc.md", 30)
    now = [100.0]
    rate = 0.01  # fake seconds per character

    def timed(texts: Sequence[str]) -> list[str]:
        now[0] += rate * sum(len(t) for t in texts)
        return [t.upper() for t in texts]

    events: list[Event] = []
    translate_file(
        path, tmp_path / "out.md", timed, events.append, batch_units=4, clock=lambda: now[0]
    )
    progress = [e for e in events if isinstance(e, Progress)]
    texts = [u.text for u in open_document(path).units]
    assert progress[0].done == 0 and progress[0].eta_seconds is None
    assert [p.done for p in progress[1:]] == [*range(4, len(texts), 4), len(texts)]
    for p in progress[1:]:
        left = sum(len(t) for t in texts[p.done :])
        assert p.eta_seconds == pytest.approx(rate * left)
    assert progress[-1].eta_seconds == 0


def test_progress_line_says_units_and_time_left() -> None:
    assert progress_text(Progress("translating", 12, 340, 170.0), "units") == (
        "12/340 units, about 3 min left"
    )
    assert progress_text(Progress("translating", 1, 3, None), "units") == "1/3 units"
    assert progress_text(Progress("translating", 3, 3, 0.0)) == "3/3"
    assert [duration(s) for s in (0.2, 41, 200, 4000, 7200)] == [
        "5 s",
        "40 s",
        "3 min",
        "1 h 7 min",
        "2 h",
    ]


def test_real_engine_eta_after_the_first_batch_without_model_loading(
    quire_home: Path, tmp_path: Path
) -> None:
    engine = Engine(EngineOptions(home=quire_home, device="cpu"))
    engine.import_model(exported("marian"), "opus-mt-en-de")
    path = write_md(tmp_path / "doc.md", 20)
    events: list[Event] = []
    template = TranslateRequest(text="", source="en", target="de")
    result = translate_document(engine, path, None, template, events.append, batch_units=8)
    assert result.output == tmp_path / "doc.de.md" and result.resumed == 0
    progress = [e for e in events if isinstance(e, Progress)]
    assert [p.done for p in progress] == [0, 8, 16, 21]
    assert progress[0].eta_seconds is None
    assert all(p.eta_seconds is not None and p.eta_seconds >= 0 for p in progress[1:])
    assert any(isinstance(e, ModelLoaded) for e in events)
    assert not journals(quire_home / "checkpoints")  # deleted once the output is written


# ----------------------------------------------------------------- checkpoint


def test_a_crashed_job_resumes_without_translating_anything_twice(tmp_path: Path) -> None:
    path = write_md(tmp_path / "doc.md", 40)
    folder = tmp_path / "checkpoints"
    units = [u.text for u in open_document(path).units]
    reference = tmp_path / "reference.md"
    translate_file(path, reference, Upper(), batch_units=5)

    crashing = Upper(fail_after=3)
    out = tmp_path / "out.md"
    with pytest.raises(RuntimeError):
        translate_file(path, out, crashing, batch_units=5, checkpoints=folder)
    assert not out.exists()
    (journal,) = journals(folder)
    assert [e["text"] for e in journal_entries(journal)] == [t.upper() for t in units[:15]]

    again = Upper()
    events: list[Event] = []
    result = translate_file(path, out, again, events.append, batch_units=5, checkpoints=folder)
    assert result.resumed == 15 and result.units == len(units)
    assert again.seen == units[15:]  # the rest, once each
    assert Counter(crashing.seen + again.seen) == Counter(units)
    assert out.read_bytes() == reference.read_bytes()
    assert not journals(folder)
    progress = [e for e in events if isinstance(e, Progress)]
    assert (progress[0].done, progress[0].total) == (15, len(units))


def test_a_text_the_document_repeats_is_translated_once_and_alike_everywhere(
    tmp_path: Path,
) -> None:
    """A column of five categories over 3,000 rows was 6,004 units and came back as 17
    translations of "Travel costs" (an outside review): copies translated in different
    batches differ. Now a text is translated where it first occurs, copies take that; a
    crash and resume give the same output; progress still counts every unit."""
    rows = ["Item;Category"] + [
        f"Row {n};{('Travel costs', 'Meals', 'Rent')[n % 3]}" for n in range(30)
    ]
    path = tmp_path / "costs.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    units = [u.text for u in open_document(path).units]
    calls: list[list[str]] = []

    def by_batch(texts: Sequence[str]) -> list[str]:  # (what a batch's company can do)
        calls.append(list(texts))
        return [f"{t.upper()} #{len(calls)}" for t in texts]

    reference = tmp_path / "reference.csv"
    events: list[Event] = []
    result = translate_file(path, reference, by_batch, events.append, batch_units=4)
    sent = [t for batch in calls for t in batch]
    assert sorted(sent) == sorted(set(units)) and result.units == len(units)
    lines = reference.read_text(encoding="utf-8").splitlines()
    for category in ("Travel costs", "Meals", "Rent"):
        assert len({line.split(";")[1] for line in lines[1:] if category.upper() in line}) == 1
    assert [(p.done, p.total) for p in events if isinstance(p, Progress)][-1] == (
        len(units),
        len(units),
    )
    crashing = Upper(fail_after=2)
    out = tmp_path / "out.csv"
    folder = tmp_path / "checkpoints"
    with pytest.raises(RuntimeError):
        translate_file(path, out, crashing, batch_units=4, checkpoints=folder)
    again = Upper()
    resumed = translate_file(path, out, again, batch_units=4, checkpoints=folder)
    assert Counter(crashing.seen + again.seen) == Counter(set(units))  # each text once
    translate_file(path, reference, Upper(), batch_units=4)
    assert out.read_bytes() == reference.read_bytes() and resumed.resumed > len(crashing.seen)


def test_a_checkpoint_that_cannot_be_written_does_not_stop_the_translation(
    tmp_path: Path,
) -> None:
    """A read-only or full home: the file is translated all the same, and a note says that
    resuming it after a crash is off."""
    path = write_md(tmp_path / "doc.md", 12)
    reference = tmp_path / "reference.md"
    translate_file(path, reference, Upper(), batch_units=5)
    blocked = tmp_path / "checkpoints"
    blocked.write_text("a file where the folder should be")
    events: list[Event] = []
    out = tmp_path / "out.md"
    translate_file(path, out, Upper(), events.append, batch_units=5, checkpoints=blocked)
    assert out.read_bytes() == reference.read_bytes()
    notes = [e.text for e in events if isinstance(e, Note)]
    assert len(notes) == 1 and notes[0].startswith("Resuming after a crash is off")


def test_a_journal_that_stops_being_written_mid_job_does_not_stop_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_md(tmp_path / "doc.md", 12)
    reference = tmp_path / "reference.md"
    translate_file(path, reference, Upper(), batch_units=5)

    def full(self: Journal, *_args: object) -> None:
        raise DocumentError("The translation checkpoint cannot be written: No space left")

    monkeypatch.setattr(Journal, "append", full)
    events: list[Event] = []
    out = tmp_path / "out.md"
    folder = tmp_path / "checkpoints"
    translate_file(path, out, Upper(), events.append, batch_units=5, checkpoints=folder)
    assert out.read_bytes() == reference.read_bytes()
    assert [e.text for e in events if isinstance(e, Note)] == [
        "Resuming after a crash is off for this file: The translation checkpoint cannot be "
        "written: No space left"
    ]


def test_a_plain_text_file_with_an_unreadable_journal_is_translated_all_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = Engine(EngineOptions(home=tmp_path / "home", device="cpu", dtype="fp32"))
    engine.import_model(exported("marian"), "opus-mt-en-de")

    def unreadable(self: Journal, *_args: object) -> dict[int, str]:
        raise DocumentError("The translation checkpoint cannot be read: Is a directory")

    monkeypatch.setattr(Journal, "load", unreadable)
    text_path = tmp_path / "note.txt"
    text_path.write_text("Hello world.\n\nGood morning.\n", encoding="utf-8")
    events: list[Event] = []
    request = TranslateRequest(text="", model="opus-mt-en-de")
    done = translate_text_file(engine, text_path, request, lambda _t, _e: None, events.append)
    assert done.units == 2
    assert [e.text for e in events if isinstance(e, Note)] == [
        "Resuming after a crash is off for this file: The translation checkpoint cannot be "
        "read: Is a directory"
    ]


def test_a_checkpointed_job_reads_its_input_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The journal's key is made from the bytes that were parsed, not from a second read."""
    path = write_md(tmp_path / "doc.md", 6)
    reads: list[Path] = []
    real_bytes, real_open = Path.read_bytes, Path.open

    def counted_bytes(self: Path) -> bytes:
        if self == path:
            reads.append(self)
        return real_bytes(self)

    def counted_open(self: Path, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if self == path and "r" in mode:
            reads.append(self)
        return real_open(self, mode, *args, **kwargs)

    monkeypatch.setattr(Path, "read_bytes", counted_bytes)
    monkeypatch.setattr(Path, "open", counted_open)
    translate_file(path, tmp_path / "out.md", Upper(), checkpoints=tmp_path / "checkpoints")
    assert len(reads) == 1


@pytest.mark.parametrize("target", ["de/x", "..", "de\\x", "de:x"])
def test_a_target_that_is_no_language_code_names_no_output(
    tmp_path: Path, quire_home: Path, target: str
) -> None:
    path = write_md(tmp_path / "doc.md", 2)
    template = TranslateRequest(text="", source="en", target=target)
    with pytest.raises(InputError, match="not a language code") as info:
        translate_document(Engine(EngineOptions(home=quire_home)), path, None, template)
    assert info.value.path == path and info.value.hint
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc.md"]


def test_a_torn_last_line_is_ignored_and_cut_off(tmp_path: Path) -> None:
    path = write_md(tmp_path / "doc.md", 20)
    folder = tmp_path / "checkpoints"
    units = [u.text for u in open_document(path).units]
    with pytest.raises(RuntimeError):
        translate_file(
            path, tmp_path / "out.md", Upper(fail_after=2), batch_units=4, checkpoints=folder
        )
    (journal,) = journals(folder)
    whole = journal.read_bytes()
    torn = json.dumps({"batch": [{"n": 8, "id": "x", "source": "y"}]}).encode()[:25]
    journal.write_bytes(whole + torn)
    document = open_document(path)
    loaded = Journal(folder, journal.stem).load(document.units)
    assert loaded == {n: units[n].upper() for n in range(8)}
    assert journal.read_bytes() == whole  # the next append starts on a fresh line

    journal.write_bytes(whole + torn)
    again = Upper()
    result = translate_file(path, tmp_path / "out.md", again, batch_units=4, checkpoints=folder)
    assert result.resumed == 8 and again.seen == units[8:]
    assert not journals(folder)


def test_journal_entries_must_match_the_units(tmp_path: Path) -> None:
    path = write_md(tmp_path / "doc.md", 6)
    document = open_document(path)
    journal = Journal(tmp_path, "k")
    journal.append((n, u, u.text.upper()) for n, u in enumerate(document.units))
    other = [
        replace(u, text=u.text + " changed") if n == 2 else u for n, u in enumerate(document.units)
    ]
    changed = Journal(tmp_path, "k")
    assert set(changed.load(other)) == set(range(len(other))) - {2}
    assert changed.unused == 1  # the old text's translation, which no unit has now
    # Another version of Quire cut the document another way: a unit more before the others
    # shifted every place (and id), and the journal's translations went unused.
    shifted = [replace(document.units[0], id="new", text="A new first paragraph.")] + [
        replace(u, id=f"p{n + 1}") for n, u in enumerate(document.units)
    ]
    moved = Journal(tmp_path, "k")
    loaded = moved.load(shifted)
    assert loaded == {n + 1: u.text.upper() for n, u in enumerate(document.units)}
    assert moved.unused == 0
    assert Journal(tmp_path, "another-key").load(document.units) == {}
    # A journal whose header names another key is not used, and is removed.
    (tmp_path / "k.jsonl").rename(tmp_path / "another-key.jsonl")
    assert Journal(tmp_path, "another-key").load(document.units) == {}
    assert not (tmp_path / "another-key.jsonl").exists()


def test_a_journal_deleted_under_a_running_job_is_made_again_whole(tmp_path: Path) -> None:
    """Another process's job of the same file ended (or Clear history ran) and deleted the
    journal: this job's next batches went into a file without its header, and the resume it
    promised on cancel was refused."""
    path = write_md(tmp_path / "doc.md", 6)
    units = open_document(path).units
    journal = Journal(tmp_path, "k")
    journal.append((n, units[n], units[n].text.upper()) for n in range(2))
    journal.path.unlink()  # by another process: this one goes on
    journal.append((n, units[n], units[n].text.upper()) for n in range(2, 4))
    assert Journal(tmp_path, "k").load(units) == {n: units[n].text.upper() for n in (2, 3)}


def test_a_journal_is_only_reused_for_the_same_input_and_translator(tmp_path: Path) -> None:
    path = write_md(tmp_path / "doc.md", 12)
    folder = tmp_path / "checkpoints"
    with pytest.raises(RuntimeError):
        translate_file(
            path,
            tmp_path / "o.md",
            Upper(fail_after=1),
            batch_units=4,
            checkpoints=folder,
            fingerprint={"model": "a"},
        )
    assert len(journals(folder)) == 1
    result = translate_file(
        path,
        tmp_path / "o.md",
        Upper(),
        batch_units=4,
        checkpoints=folder,
        fingerprint={"model": "b"},
    )
    assert result.resumed == 0 and len(journals(folder)) == 1  # model a's journal stays
    data = path.read_bytes()
    assert journal_key(data, {"model": "a"}) != journal_key(data + b"x", {"model": "a"})
    result = translate_file(
        path,
        tmp_path / "o.md",
        Upper(),
        batch_units=4,
        checkpoints=folder,
        fingerprint={"model": "a"},
    )
    assert result.resumed == 4 and not journals(folder)


def test_engine_journal_depends_on_the_model_and_the_target(
    quire_home: Path, tmp_path: Path
) -> None:
    engine = Engine(EngineOptions(home=quire_home, device="cpu"))
    engine.import_model(exported("marian"), "opus-mt-en-de")
    engine.import_model(exported("marian"), "other-en-de")
    path = write_md(tmp_path / "doc.md", 12)
    folder = quire_home / "checkpoints"

    def interrupted(model: str) -> None:
        token = CancelToken()

        def cancel_after_first_batch(event: Event) -> None:
            if isinstance(event, Progress) and event.done:
                token.cancel()

        template = TranslateRequest(text="", model=model, source="en", target="de")
        with pytest.raises(Cancelled):
            translate_document(
                engine, path, None, template, cancel_after_first_batch, token, batch_units=4
            )

    interrupted("opus-mt-en-de")
    assert len(journals(folder)) == 1 and not (tmp_path / "doc.de.md").exists()
    other = TranslateRequest(text="", model="other-en-de", source="en", target="de")
    assert translate_document(engine, path, None, other, batch_units=4).resumed == 0
    interrupted("other-en-de")  # now both models have a journal
    assert len(journals(folder)) == 2
    same = TranslateRequest(text="", model="opus-mt-en-de", source="en", target="de")
    assert translate_document(engine, path, None, same, batch_units=4).resumed == 4
    assert len(journals(folder)) == 1
    # The engine choosing: installed models decide, not a download under way beside them
    # (its working folder's time changing made a rerun look for another journal).
    chosen = TranslateRequest(text="", source="en", target="de")
    key = translate_module._engine_fingerprint(engine, chosen)
    working = quire_home / "models" / ".download-another"
    working.mkdir()
    (working / "part").write_bytes(b"x")
    assert translate_module._engine_fingerprint(engine, chosen) == key


def test_engine_journal_is_found_again_after_unrelated_or_same_model_installs(
    quire_home: Path,
) -> None:
    """The engine choosing: a summarizer imported between a cancel and the rerun, or the
    same model removed and installed again, left the journal unfound (the key held every
    folder's time): "the same command resumes where it stopped" started over. Another
    translator installed is another key: it may be chosen."""
    engine = Engine(EngineOptions(home=quire_home, device="cpu"))
    engine.import_model(exported("marian"), "opus-mt-en-de")
    chosen = TranslateRequest(text="", source="en", target="de")
    key = translate_module._engine_fingerprint(engine, chosen)
    engine.import_model(exported("bart"), "bart-summarizer")
    assert translate_module._engine_fingerprint(engine, chosen) == key
    engine.remove_model("opus-mt-en-de")
    engine.import_model(exported("marian"), "opus-mt-en-de")
    assert translate_module._engine_fingerprint(engine, chosen) == key
    named = TranslateRequest(text="", model="opus-mt-en-de", source="en", target="de")
    named_key = translate_module._engine_fingerprint(engine, named)
    engine.import_model(exported("marian"), "another-en-de")
    assert translate_module._engine_fingerprint(engine, chosen) != key
    assert translate_module._engine_fingerprint(engine, named) == named_key


def test_one_document_is_translated_by_one_model_whatever_is_installed_meanwhile(
    quire_home: Path, tmp_path: Path
) -> None:
    """A model imported after the first batch (in another window, another terminal) that the
    engine would prefer translated the rest of the document, and the result named it alone;
    one removed under the job fails it with what happened and how to go on."""
    engine = Engine(EngineOptions(home=quire_home, device="cpu"))
    engine.import_model(exported("marian"), "opus-mt-en-de")
    path = write_md(tmp_path / "doc.md", 12)
    added: list[str] = []

    def import_after_the_first_batch(event: Event) -> None:
        if isinstance(event, Progress) and event.done and not added:
            added.append("a-preferred-en-de")  # (first by name: chosen from now on)
            engine.import_model(exported("marian"), added[0])

    request = TranslateRequest(text="", source="en", target="de")
    result = translate_document(
        engine, path, None, request, import_after_the_first_batch, batch_units=4
    )
    assert added and len(result.results) > 1
    assert {r.model.name for r in result.results} == {"opus-mt-en-de"}
    again = translate_document(
        engine, path, tmp_path / "again.md", request, batch_units=4, checkpoint=False
    )
    assert {r.model.name for r in again.results} == {"a-preferred-en-de"}  # (a new job)

    def remove_after_the_first_batch(event: Event) -> None:
        if isinstance(event, Progress) and event.done and added:
            engine.remove_model(added.pop())

    with pytest.raises(ModelNotFound) as info:
        translate_document(
            engine, path, tmp_path / "gone.md", request, remove_after_the_first_batch,
            batch_units=4,
        )  # fmt: skip
    assert str(info.value).startswith("a-preferred-en-de was removed while this job used it")
    assert "goes on where it stopped" in info.value.hint


class Killed(Exception):
    """The process dying after the last batch was journaled, before the output was written."""


def engine_batches(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records the units of every batch a document job sends to the engine from now on."""
    texts: list[str] = []
    real_batch = translate_module._engine_batch

    def counting(*args: object, **kwargs: object) -> tuple[list[str], list[TranslateResult]]:
        batch = args[2]
        assert isinstance(batch, list)
        texts.extend(batch)
        return real_batch(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(translate_module, "_engine_batch", counting)
    return texts


def batch_lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_bytes().splitlines()[1:]]


# The engine chooses both languages: detects the source, takes the only installed model's target.
UNNAMED = TranslateRequest(text="")


def unnamed_job(quire_home: Path, tmp_path: Path) -> tuple[Engine, Path, list[str], DocumentResult]:
    """The tiny model installed, a 10-paragraph document, its units, and the output of an
    uninterrupted run without named languages (written to reference.md, no checkpoint)."""
    engine = Engine(EngineOptions(home=quire_home, device="cpu"))
    engine.import_model(exported("marian"), "opus-mt-en-de")
    path = write_md(tmp_path / "doc.md", 10)
    units = [u.text for u in open_document(path).units if u.text.strip()]
    reference = translate_document(
        engine, path, tmp_path / "reference.md", UNNAMED, batch_units=4, checkpoint=False
    )
    return engine, path, units, reference


def test_a_fully_journaled_job_without_a_named_target_resumes_with_no_engine_call(
    quire_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine, path, units, reference = unnamed_job(quire_home, tmp_path)
    folder = quire_home / "checkpoints"
    assert reference.source_language and reference.target_language
    languages = {"source": reference.source_language, "target": reference.target_language}
    named = tmp_path / f"doc.{reference.target_language}.md"

    def killed(*_args: object, **_kwargs: object) -> None:
        raise Killed

    with monkeypatch.context() as patch:
        patch.setattr(translate_module, "write_atomic", killed)
        with pytest.raises(Killed):
            translate_document(engine, path, None, UNNAMED, batch_units=4)
    (journal,) = journals(folder)
    assert len(journal_entries(journal)) == len(units) and not named.exists()
    assert [line["languages"] for line in batch_lines(journal)] == [languages] * 3

    sent = engine_batches(monkeypatch)
    events: list[Event] = []
    result = translate_document(engine, path, None, UNNAMED, events.append, batch_units=4)
    assert sent == [] and result.results == ()
    assert not any(isinstance(e, ModelLoaded) for e in events)
    assert result.resumed == len(units) and result.output == named
    assert (result.source_language, result.target_language) == (
        reference.source_language,
        reference.target_language,
    )
    assert named.read_bytes() == (tmp_path / "reference.md").read_bytes()
    assert not journals(folder)


def cancelled_after_first_batch(engine: Engine, path: Path, template: TranslateRequest) -> None:
    token = CancelToken()

    def cancel(event: Event) -> None:
        if isinstance(event, Progress) and event.done:
            token.cancel()

    with pytest.raises(Cancelled):
        translate_document(engine, path, None, template, cancel, token, batch_units=4)


def test_a_partly_journaled_job_without_a_named_target_names_its_output(
    quire_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine, path, units, reference = unnamed_job(quire_home, tmp_path)
    cancelled_after_first_batch(engine, path, UNNAMED)
    (journal,) = journals(quire_home / "checkpoints")
    (line,) = batch_lines(journal)
    assert line["languages"] == {
        "source": reference.source_language,
        "target": reference.target_language,
    }

    sent = engine_batches(monkeypatch)
    result = translate_document(engine, path, None, UNNAMED, batch_units=4)
    assert result.resumed == 4 and sent == units[4:]
    assert result.output == tmp_path / f"doc.{reference.target_language}.md"
    assert (result.source_language, result.target_language) == (
        reference.source_language,
        reference.target_language,
    )
    assert result.output.read_bytes() == (tmp_path / "reference.md").read_bytes()
    assert not journals(quire_home / "checkpoints")


def test_an_old_format_journal_is_resumed_and_unknown_lines_are_skipped(
    quire_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine, path, units, reference = unnamed_job(quire_home, tmp_path)
    cancelled_after_first_batch(engine, path, UNNAMED)
    (journal,) = journals(quire_home / "checkpoints")
    header, line = (json.loads(raw) for raw in journal.read_bytes().splitlines())
    # As version 1 wrote it (no languages), with lines no version writes around the batch.
    del line["languages"]
    odd = [[1, 2], {"future": {"source": "en"}}, {"batch": [], "languages": "xx"}]
    rows = [{**header, "quire_checkpoint": 1}, odd[0], line, *odd[1:]]
    journal.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    before = journal.read_bytes()
    document = open_document(path)
    todo = [n for n, u in enumerate(document.units) if u.text.strip()]
    old = Journal(journal.parent, journal.stem)
    assert sorted(old.load(document.units)) == todo[:4]
    assert old.languages is None and journal.read_bytes() == before  # skipped, not cut off

    sent = engine_batches(monkeypatch)
    result = translate_document(engine, path, None, UNNAMED, batch_units=4)
    assert result.resumed == 4 and sent == units[4:]
    assert result.output == tmp_path / f"doc.{reference.target_language}.md"
    assert result.output.read_bytes() == (tmp_path / "reference.md").read_bytes()
    assert result.target_language == reference.target_language


def test_journal_languages_are_the_first_batchs_and_a_bad_record_is_ignored(
    tmp_path: Path,
) -> None:
    path = write_md(tmp_path / "doc.md", 6)
    document = open_document(path)
    units = list(enumerate(document.units))
    journal = Journal(tmp_path, "k")
    journal.append((n, u, u.text.upper()) for n, u in units[:2])  # a translator with none
    journal.append(((n, u, u.text.upper()) for n, u in units[2:4]), Languages("en", "de"))
    journal.append(((n, u, u.text.upper()) for n, u in units[4:]), Languages("fr", "it"))
    lines = batch_lines(tmp_path / "k.jsonl")
    assert "languages" not in lines[0]
    assert [line["languages"] for line in lines[1:]] == [{"source": "en", "target": "de"}] * 2
    again = Journal(tmp_path, "k")
    assert len(again.load(document.units)) == len(units)
    assert again.languages == Languages("en", "de")
    # A languages record of the wrong shape is no languages; the batch itself still counts.
    for bad in (
        "de",
        {"source": "en"},
        {"source": "en", "target": 3},
        {"source": "", "target": "de"},
    ):
        raw = json.dumps({"quire_checkpoint": 2, "key": "b"}) + "\n"
        raw += json.dumps({"batch": [], "languages": bad}) + "\n"
        (tmp_path / "b.jsonl").write_text(raw, encoding="utf-8")
        bad_journal = Journal(tmp_path, "b")
        assert bad_journal.load(document.units) == {} and bad_journal.languages is None
    # A header of a version this code does not know: not read, removed.
    raw = json.dumps({"quire_checkpoint": 99, "key": "f"}) + "\n"
    (tmp_path / "f.jsonl").write_text(raw, encoding="utf-8")
    assert Journal(tmp_path, "f").load(document.units) == {}
    assert not (tmp_path / "f.jsonl").exists()
    # The generic path (a translator that reports no languages) journals none.
    folder = tmp_path / "checkpoints"
    with pytest.raises(RuntimeError):
        translate_file(
            path, tmp_path / "o.md", Upper(fail_after=1), batch_units=2, checkpoints=folder
        )
    (generic,) = journals(folder)
    assert all("languages" not in line for line in batch_lines(generic))
    result = translate_file(path, tmp_path / "o.md", Upper(), batch_units=2, checkpoints=folder)
    assert result.resumed == 2 and result.target_language is None


def test_kill_9_then_resume_gives_the_uninterrupted_output(
    quire_home: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _install(quire_home, "marian", "opus-mt-en-de")
    source = write_md(tmp_path / "long.md", 320)
    units = [u.text for u in open_document(source).units]
    argv = ["translate", "--from", "en", "--to", "de", "--batch-units", "16"]
    reference = tmp_path / "reference.md"
    code, _, _ = _cli(capsys, *argv, "-o", str(reference), str(source))
    assert code == 0

    folder = quire_home / "checkpoints"
    log = (tmp_path / "child.log").open("wb")
    child = subprocess.Popen(
        [sys.executable, "-m", "engine.cli.main", *argv, str(source)],
        cwd=REPO,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and child.poll() is None:
            found = journals(folder)
            if found and len(journal_entries(found[0])) >= 48:
                break
            time.sleep(0.005)
        os.kill(child.pid, signal.SIGKILL)
    finally:
        assert child.wait(timeout=60) == -signal.SIGKILL, (tmp_path / "child.log").read_text()
        log.close()
    (journal,) = journals(folder)
    journaled = journal_entries(journal)
    assert 48 <= len(journaled) < len(units)
    assert not (tmp_path / "long.de.md").exists()

    translated: list[str] = []
    real_batch = translate_module._engine_batch

    def counting(*args: object, **kwargs: object) -> tuple[list[str], list[TranslateResult]]:
        texts = args[2]
        assert isinstance(texts, list)
        translated.extend(texts)
        return real_batch(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(translate_module, "_engine_batch", counting)
    code, _, err = _cli(capsys, *argv, str(source))
    assert code == 0
    resumed = len(journaled)
    assert f"resumed: {resumed} of {len(units)} units were already translated" in err
    # Nothing lost, nothing twice: the rerun translated exactly the units not journaled.
    assert [e["n"] for e in journaled] == list(range(resumed))
    assert translated == units[resumed:]
    assert (tmp_path / "long.de.md").read_bytes() == reference.read_bytes()
    assert not journals(folder)


def test_a_text_file_killed_with_9_resumes_to_the_uninterrupted_output(
    quire_home: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Plain text keeps its stdout / -o behaviour and gets the documents' journal: a job
    killed with SIGKILL resumes, translates no paragraph twice, and writes the same bytes."""
    _install(quire_home, "marian", "opus-mt-en-de")
    source = tmp_path / "long.txt"
    source.write_text("\n\n".join(paragraphs(320)) + "\n", encoding="utf-8")
    units = [u.text for u in open_document(source).units]
    argv = ["translate", "--from", "en", "--to", "de", "--batch-units", "16"]
    reference = tmp_path / "reference.txt"
    code, _, _ = _cli(capsys, *argv, "-o", str(reference), str(source))
    assert code == 0
    code, printed, _ = _cli(capsys, *argv, str(source))
    # (what is printed ends as the file does: its own last line break, not one more)
    assert code == 0 and printed == reference.read_text(encoding="utf-8")

    folder = quire_home / "checkpoints"
    target = tmp_path / "long.de.txt"
    log = (tmp_path / "child.log").open("wb")
    child = subprocess.Popen(
        [sys.executable, "-m", "engine.cli.main", *argv, "-o", str(target), str(source)],
        cwd=REPO,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and child.poll() is None:
            found = journals(folder)
            if found and len(journal_entries(found[0])) >= 48:
                break
            time.sleep(0.005)
        os.kill(child.pid, signal.SIGKILL)
    finally:
        assert child.wait(timeout=60) == -signal.SIGKILL, (tmp_path / "child.log").read_text()
        log.close()
    (journal,) = journals(folder)
    journaled = journal_entries(journal)
    assert 48 <= len(journaled) < len(units)
    assert not target.exists()

    translated: list[str] = []
    real_batch = translate_module._engine_batch

    def counting(*args: object, **kwargs: object) -> tuple[list[str], list[TranslateResult]]:
        texts = args[2]
        assert isinstance(texts, list)
        translated.extend(texts)
        return real_batch(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(translate_module, "_engine_batch", counting)
    code, out, err = _cli(capsys, *argv, "-o", str(target), str(source))
    assert code == 0 and out == ""
    resumed = len(journaled)
    assert f"resumed: {resumed} of {len(units)} paragraphs were already translated" in err
    assert [e["n"] for e in journaled] == list(range(resumed))
    assert translated == units[resumed:]
    assert target.read_bytes() == reference.read_bytes()
    assert not journals(folder)


# ----------------------------------------------------------------- CLI: output, folders


def test_output_suffix_must_suit_the_document(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "talk.srt"
    path.write_text("1\n00:00:01,000 --> 00:00:02,000\nHello there.\n", encoding="utf-8")
    with pytest.raises(DocumentError, match=r"cannot be written as \.txt"):
        translate_file(path, tmp_path / "out.txt", Upper())
    code, _, err = _cli(capsys, "translate", "--to", "de", "-o", str(tmp_path / "o.txt"), str(path))
    assert code == 1 and "cannot be written as .txt" in err and ".srt" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["talk.srt"]


def test_bilingual_txt_and_srt_through_the_cli(
    quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _install(quire_home, "marian", "opus-mt-en-de")
    # fp32: int8 activations are quantized per batch, so a unit alone could come out differently.
    engine = Engine(EngineOptions(home=quire_home, device="cpu", dtype="fp32"))
    txt = tmp_path / "notes.txt"
    txt.write_text("The house is small.\n\nWe travel by train.\n", encoding="utf-8")
    srt = tmp_path / "talk.srt"
    srt.write_text(
        "1\n00:00:01,000 --> 00:00:02,500\nThe house is small.\n\n"
        "2\n00:00:03,000 --> 00:00:04,000\nWe travel by train.\n",
        encoding="utf-8",
    )
    for path in (txt, srt):
        before = path.read_bytes()
        code, out, _ = _cli(
            capsys,
            *("translate", "--json", "--bilingual", "--device", "cpu", "--dtype", "fp32"),
            *("--from", "en", "--to", "de", str(path)),
        )
        doc = json.loads(out)
        written = path.with_name(f"{path.stem}.de{path.suffix}")
        assert code == 0 and doc["output"] == str(written) and doc["bilingual"] is True
        document = open_document(path)
        alone = []
        for unit in document.units:
            single = engine.run(TranslateRequest(text=unit.text, source="en", target="de"))
            assert isinstance(single, TranslateResult)
            alone.append(build.written(unit.text, single.text))
        assert written.read_bytes() == document.write(alone, bilingual=True)
        assert sum(doc["counts"].values()) == doc["units"] == len(document.units)
        text = written.read_text(encoding="utf-8")
        # (a subtitle's translation may be broken into lines where it is long)
        assert all(u.text in text for u in document.units)
        assert all("".join(t.split()) in "".join(text.split()) for t in alone)
        assert path.read_bytes() == before
    code, _, err = _cli(capsys, "translate", "--bilingual", "--to", "de", "-")
    assert code == 2 and "bilingual" in err  # a usage error


def test_folder_translates_each_file_and_goes_on_past_a_broken_one(
    quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _install(quire_home, "marian", "opus-mt-en-de")
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.srt").write_text(
        "1\n00:00:01,000 --> 00:00:02,000\nThe house is small.\n", encoding="utf-8"
    )
    write_md(folder / "b.md", 3)
    (folder / "broken.docx").write_bytes(b"not a zip at all")
    (folder / "notes.xyz").write_text("whatever", encoding="utf-8")
    (folder / "a.de.srt").write_text("an earlier output", encoding="utf-8")
    (folder / "b.fr.md").write_text("an output for another language", encoding="utf-8")
    (folder / ".hidden.md").write_text("Hidden text.", encoding="utf-8")
    write_md(folder / "sub" / "c.md", 2)
    code, out, err = _cli(capsys, "translate", "--json", "--from", "en", "--to", "de", str(folder))
    listed = json.loads(out)
    rows = [r for r in listed if r["skipped"] is None]
    assert code == 1
    assert [Path(r["input"]).name for r in rows] == ["a.srt", "b.md", "broken.docx"]
    # The files left out are rows too, with why, and counted in the closing lines.
    translation, unsupported = (
        "a translation (its name or its folder names a language)",
        "not a supported kind of file",
    )
    assert {Path(r["input"]).name: r["skipped"] for r in listed if r["skipped"]} == {
        "a.de.srt": translation,
        "b.fr.md": translation,
        "notes.xyz": unsupported,
    }
    assert f"quire: 3 files skipped ({translation}: {folder / 'a.de.srt'}, " in err
    by_name = {Path(r["input"]).name: r for r in rows}
    # A file at the output's name (here an earlier one; it may be the user's own translation)
    # is kept: the translation goes beside it, and that is said (an outside review found the
    # user's file replaced). -o names a file to write over.
    written = folder / "a.de (2).srt"
    assert by_name["a.srt"]["output"] == str(written) and by_name["a.srt"]["units"]
    assert (folder / "a.de.srt").read_text(encoding="utf-8") == "an earlier output"
    assert (
        "note: a.de.srt was there already, with no record that Quire wrote it, and is kept" in err
    )
    assert by_name["b.md"]["error"] is None and (folder / "b.de.md").is_file()
    assert "00:00:01,000 --> 00:00:02,000" in written.read_text(encoding="utf-8")
    broken = by_name["broken.docx"]
    assert broken["output"] is None and str(folder / "broken.docx") in broken["error"]
    assert f"{folder / 'broken.docx'}: error:" in err and "Traceback" not in err
    assert f"{folder / 'notes.xyz'}: skipped" in err and f"{folder / 'b.fr.md'}: skipped" in err
    assert not (folder / "sub" / "c.de.md").exists() and not (folder / ".hidden.de.md").exists()
    assert set(rows[0]) == {
        "input", "output", "units", "counts", "resumed", "encoding", "error", "skipped",
        "glossary",
    }  # fmt: skip
    assert all(row["glossary"] is None for row in rows)  # (no --glossary given)
    assert rows[0]["encoding"] == {
        "detected": "utf-8",
        "how": "utf-8",
        "written": "utf-8",
        "fallback": False,
    }
    assert broken["encoding"] is None
    for row in rows:
        # Every unit is counted: translated, kept verbatim on purpose, or failed.
        assert (row["counts"] is None) == (row["error"] is not None)
        assert row["counts"] is None or sum(row["counts"].values()) == row["units"]

    code, out, _ = _cli(
        capsys, "translate", "--json", "--recursive", "--from", "en", "--to", "de", str(folder)
    )
    rows = [r for r in json.loads(out) if r["skipped"] is None]
    assert code == 1  # broken.docx still fails; the earlier outputs are skipped
    assert [Path(r["input"]).name for r in rows] == ["a.srt", "b.md", "broken.docx", "c.md"]
    assert (folder / "sub" / "c.de.md").is_file()


@pytest.mark.parametrize("how", ["folder", "files", "declared", "folder -o"])
def test_a_second_file_sharing_a_translations_name_is_refused_not_written_over(
    quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], how: str
) -> None:
    """messages.po and messages.pot are both translated as messages.de.po (as report.pdf and
    report.docx are both report.de.docx): the second is refused with why, whether a folder
    (into itself or with -o into another) or the files are named, and whether the target is
    named or the catalogs declare it; the first is written, and a rerun does the same (its
    output is never the other's). With -o the batch went on refusing the whole folder, which
    an outside review found."""
    _install(quire_home, "marian", "opus-mt-en-de")
    folder = tmp_path / "in"
    folder.mkdir()
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    if how == "declared":
        header += '"Language: de\\n"\n'
    (folder / "messages.po").write_text(
        header + '\nmsgid "The house is small."\nmsgstr ""\n', encoding="utf-8"
    )
    # (named, its suffix in capitals: the output's is lower case, one name on macOS and
    # Windows; in a folder, lower case, after messages.po in name order)
    template = "messages.POT" if how == "files" else "messages.pot"
    (folder / template).write_text(
        header + '\nmsgid "The cat sleeps."\nmsgstr ""\n', encoding="utf-8"
    )
    folders = how.startswith("folder")
    named = [str(folder)] if folders else [str(folder / "messages.po"), str(folder / template)]
    target = [] if how == "declared" else ["--to", "de"]
    into = tmp_path / "out" if how == "folder -o" else folder
    output = into / "messages.de.po"
    for run in range(2):
        elsewhere = ["-o", str(into)] if how == "folder -o" else []
        code, out, err = _cli(
            capsys, "translate", "--json", "--from", "en", *target, *named, *elsewhere
        )
        assert code == 1, err
        listed = json.loads(out)
        rows = listed if folders else listed["results"]
        key = "input" if folders else "file"
        by_name = {Path(r[key]).name: r for r in rows}
        if not (run and how == "folder -o"):  # (a batch's rerun passes over what it wrote)
            assert by_name["messages.po"]["output"] == str(output)
        error = by_name[template]["error"]
        message = error["message"] if isinstance(error, dict) else error
        assert message.lower().startswith(
            "its translation would be written to messages.de.po, where "
        )
        assert 'msgid "The house is small."' in output.read_text(encoding="utf-8")
        assert "The cat sleeps." not in output.read_text(encoding="utf-8")
    if into != folder:
        assert [p.name for p in into.glob("messages*")] == ["messages.de.po"]
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [template, "messages.po", *(["messages.de.po"] if into == folder else [])]
    )


# ----------------------------------------------------------------- a paged format (like PDF)


class PagedDocument(SpanDocument):
    """A test format read like a PDF: pages split by form feeds, written as .txt only."""

    output_suffixes = (".txt",)


def read_paged(data: bytes, path: Path) -> Document:
    text, encoding = decode_text(data, path, "text")
    spans: list[tuple[int, int]] = []
    pages: list[int] = []
    offset = 0
    for page, chunk in enumerate(text.split("\f"), start=1):
        for block in chunk.split("\n\n"):
            start = offset + chunk.index(block) if block.strip() else -1
            if block.strip():
                lead = len(block) - len(block.lstrip())
                spans.append((start + lead, start + len(block.rstrip())))
                pages.append(page)
        offset += len(chunk) + 1
    document = PagedDocument(path, text, spans, [f"p{n + 1}" for n in range(len(spans))], encoding)
    document.units = tuple(replace(u, page=p) for u, p in zip(document.units, pages, strict=True))
    return document


PAGED = (
    "The old mill stands beside the bridge.\n\nIt was built long ago.\f"
    "The river flows north through the valley.\n\nFish live in the river.\f"
    "The village has a small school."
)


@pytest.fixture
def paged(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setitem(READERS, ".paged", read_paged)
    path = tmp_path / "book.paged"
    path.write_text(PAGED, encoding="utf-8")
    return path


def test_extract_maps_paragraphs_and_offsets_to_units_and_pages(
    paged: Path, tmp_path: Path
) -> None:
    extracted = extract(paged)
    document = open_document(paged)
    assert extracted.text.split("\n\n") == [u.text for u in document.units]
    assert [(p.id, p.page) for p in extracted.places] == [(u.id, u.page) for u in document.units]
    assert [u.page for u in document.units] == [1, 1, 2, 2, 3]
    for n, unit in enumerate(document.units):
        start = extracted.text.index(unit.text)
        assert extracted.place_at(start).id == unit.id
        assert extracted.place_at(start + len(unit.text) - 1).id == unit.id
        assert extracted.place(n).id == unit.id
    # A unit holding blank lines stays one paragraph for the segmenter.
    odd = tmp_path / "odd.srt"
    odd.write_text(
        "1\n00:00:01,000 --> 00:00:02,000\nOne.\u2029Two.\n\n"
        # (line separators and a form feed the segmenter reads as a paragraph's end)
        "2\n00:00:03,000 --> 00:00:04,000\nThree.\u2028\u2028Four.\n\x0cFive.\n",
        encoding="utf-8",
    )
    md = extract(write_md(tmp_path / "doc.md", 5))
    for text in (extract(odd), md):
        paragraphs = {s.paragraph for s in segment(text.text).segments}
        assert paragraphs == set(range(len(text.places)))
    with pytest.raises(DocumentError, match="limit"):
        extract(paged, max_bytes=10)


def test_a_paged_document_is_written_with_its_own_default_suffix(
    paged: Path, tmp_path: Path
) -> None:
    result = translate_file(paged, tmp_path / "book.de.txt", Upper())
    assert result.output.read_text(encoding="utf-8") == PAGED.upper()
    with pytest.raises(DocumentError, match=r"cannot be written as \.paged"):
        translate_file(paged, tmp_path / "copy.paged", Upper())


def test_ask_and_summarize_a_paged_document_name_pages(
    quire_home: Path, paged: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _install(quire_home, "distilbert-qa", "mini-qa")
    _install(quire_home, "bert-embed", "mini-embed")
    code, out, _ = _cli(capsys, "ask", "--model", "mini-qa", "-q", "Where is the mill?", str(paged))
    assert code == 0 and "(page " in out
    code, out, _ = _cli(capsys, "ask", "--model", "mini-qa", "--json", "-q", "Where?", str(paged))
    (answer,) = json.loads(out)["answers"]
    extracted = extract(paged)
    place = extracted.place_at(answer["start"])
    assert answer["source"] == {"id": place.id, "page": place.page, "line": place.line}
    code, out, _ = _cli(capsys, "summarize", "--model", "mini-embed", str(paged))
    assert code == 0 and "(page" in out.splitlines()[-1]


# ----------------------------------------------------------------- summarize / ask, real formats


def test_summarize_and_ask_documents_link_to_their_units(
    quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _install(quire_home, "bart", "distilbart-cnn-mini")
    _install(quire_home, "distilbert-qa", "mini-qa")
    md = write_md(tmp_path / "notes.md", 4)
    docx = docx_file(tmp_path / "report.docx")
    for path in (md, docx):
        before = path.read_bytes()
        units = {u.id: u for u in open_document(path).units}
        extracted = extract(path)
        code, out, _ = _cli(capsys, "summarize", "--json", "--length", "short", str(path))
        doc = json.loads(out)
        assert code == 0 and doc["model"] == "distilbart-cnn-mini" and doc["sentences"]
        for sentence in doc["sentences"]:
            assert {"text", "paragraphs", "sources"} <= sentence.keys()
            ids = [extracted.places[p].id for p in sentence["paragraphs"]]
            assert [s["id"] for s in sentence["sources"]] == ids
            assert all(s["id"] in units and s["page"] is None for s in sentence["sources"])

        code, out, _ = _cli(capsys, "ask", "--json", "--top-k", "2", "-q", "What?", str(path))
        answers = json.loads(out)["answers"]
        assert code == 0 and answers
        for a in answers:
            assert extracted.text[a["start"] : a["end"]] == a["text"]
            # An answer belongs to the unit it starts in (it may run on into the next one).
            assert a["source"]["id"] == extracted.place_at(a["start"]).id
            assert a["text"].split("\n\n")[0] in units[a["source"]["id"]].text
            # A text format's answer names the line of the file its paragraph starts on (a
            # Markdown answer named no place at all); a Word document has none.
            line = a["source"]["line"]
            if path.suffix == ".md":
                # (the answer's own line: where its first words are)
                source_line = path.read_text(encoding="utf-8").splitlines()[line - 1]
                assert a["text"].split()[0] in source_line
            else:
                assert line is None
        code, out, _ = _cli(capsys, "ask", "--top-k", "1", "-q", "What?", str(path))
        assert code == 0 and ("(line " in out) == (path.suffix == ".md")
        assert path.read_bytes() == before
    # Plain text keeps its old JSON: no sources.
    txt = tmp_path / "plain.txt"
    txt.write_text("The mill stands by the bridge.", encoding="utf-8")
    code, out, _ = _cli(capsys, "ask", "--json", "-q", "Where?", str(txt))
    assert code == 0 and "source" not in json.loads(out)["answers"][0]


def test_bad_documents_and_the_size_limit_give_one_clear_line(
    quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    md = write_md(tmp_path / "notes.md", 40)
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really")
    for argv in (
        ("summarize", "--max-size", "0.0001", str(md)),
        ("ask", "-q", "Why?", "--max-size", "0.0001", str(md)),
        ("translate", "--to", "de", "--max-size", "0.0001", str(md)),
        ("summarize", str(broken)),
        ("ask", "-q", "Why?", str(broken)),
    ):
        code, out, err = _cli(capsys, *argv)
        assert code == 1 and out == "", argv
        assert err.startswith("quire: error:") and "Traceback" not in err, argv
        assert str(argv[-1]) in err
    assert "limit" in _cli(capsys, "summarize", "--max-size", "0.0001", str(md))[2]
    with pytest.raises(SystemExit):
        main(["summarize", "--max-size", "0", str(md)])
    capsys.readouterr()


# ----------------------------------------------------------------- counts: nothing lost silently


def test_units_without_language_are_copied_and_every_unit_is_counted(tmp_path: Path) -> None:
    import docx

    path = tmp_path / "prices.docx"
    document = docx.Document()
    document.add_paragraph("The prices for this year.")
    document.add_paragraph("2024-01-31")
    table = document.add_table(rows=2, cols=3)
    grid = [["Item", "Price", "Code"], ["Coffee", "$1,200.50", "AB-1234"]]
    for row, line in enumerate(grid):
        for col, text in enumerate(line):
            table.cell(row, col).text = text
    document.add_paragraph("Write to sales@example.com or see https://example.com/prices")
    document.add_paragraph("See https://example.com/prices for more.")
    document.save(str(path))
    seen: list[str] = []

    def translator(texts: Sequence[str]) -> list[str]:
        seen.extend(texts)
        # "Item" comes back empty and "Coffee" as a stuck loop: both fail.
        return [
            "" if t == "Item" else "ja ja ja ja ja ja" if t == "Coffee" else t.upper()
            for t in texts
        ]

    out = tmp_path / "out.docx"
    result = translate_file(path, out, translator)
    assert not {"2024-01-31", "$1,200.50", "AB-1234"} & set(seen)  # never sent to the model
    assert result.counts == UnitCounts(translated=5, verbatim=3, failed=2)
    assert result.failed == ("Item", "Coffee")  # named, so that they can be found
    assert result.counts.total == result.units == 10
    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    cells = [c.text for row in docx.Document(str(out)).tables[0].rows for c in row.cells]
    assert texts[1] == "2024-01-31"
    assert cells == ["Item", "PRICE", "CODE", "Coffee", "$1,200.50", "AB-1234"]


# ----------------------------------------------------------------- one language per document

GREETING = "مرحبا بكم جميعا في هذا العرض"  # Arabic: "welcome, all of you, to this presentation"
JAPANESE = "本日はご来場いただきありがとうございます。"
ARABIC_SENTENCE = "البيت صغير ونسافر بالقطار إلى المدينة كل يوم مع الأصدقاء."
FRENCH = (
    "Nous voyageons chaque jour en train vers la ville avec nos amis, "
    "et la maison est petite mais très agréable."
)


def mixed_md(path: Path) -> Path:
    """A title and 15 English paragraphs (the first batch of 16 units), then a French
    paragraph, an Arabic greeting and a Japanese line: a second batch with no English."""
    write_md(path, 15)
    with path.open("a", encoding="utf-8") as out:
        out.write(f"\n{FRENCH}\n\n{GREETING}\n\n{JAPANESE}\n")
    return path


def test_a_document_is_translated_from_its_own_language_and_foreign_lines_are_kept(
    quire_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = Engine(EngineOptions(home=quire_home, device="cpu"))
    for name in ("opus-mt-en-de", "opus-mt-ar-en", "opus-mt-fr-en"):
        engine.import_model(exported("marian"), name)
    path = mixed_md(tmp_path / "deck.md")
    sent = engine_batches(monkeypatch)
    # No language named: the document is English, so every batch goes en→de; the second one,
    # detected on its own, went fr→en (or ar→en with the Arabic line in it).
    result = translate_document(engine, path, None, UNNAMED, checkpoint=False)
    assert result.output == tmp_path / "deck.de.md"
    assert {(r.source_language, r.target_language) for r in result.results} == {("en", "de")}
    assert {r.model.name for r in result.results} == {"opus-mt-en-de"}
    assert (result.source_language, result.target_language) == ("en", "de")
    # Lines in another script are kept as they are, counted verbatim, never sent to a model;
    # the French one, in the document's script, is translated as part of the text.
    assert GREETING not in sent and JAPANESE not in sent and FRENCH in sent and len(sent) == 17
    assert result.counts.verbatim == 2 and result.counts.total == result.units == 19
    written_text = result.output.read_text(encoding="utf-8")
    assert f"\n{GREETING}\n\n{JAPANESE}\n" in written_text

    # Only the English model, named without --to (as `--model opus-mt-en-de`): it failed with
    # "No installed model translates ar→en"; the plain-text path decides the same way.
    engine.remove_model("opus-mt-ar-en")
    engine.remove_model("opus-mt-fr-en")
    named = TranslateRequest(text="", model="opus-mt-en-de")
    result = translate_document(engine, path, tmp_path / "named.md", named, checkpoint=False)
    assert {(r.source_language, r.target_language) for r in result.results} == {("en", "de")}
    assert result.counts.verbatim == 2
    text_path = path.with_suffix(".txt")
    text_path.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    done = translate_text_file(engine, text_path, named, lambda _t, _e: None, checkpoint=False)
    assert {(r.source_language, r.target_language) for r in done.results} == {("en", "de")}
    assert done.counts.verbatim == 2 and GREETING in done.text and JAPANESE in done.text

    # Named, the source language is the user's: every unit is sent, the foreign ones too.
    sent.clear()
    source_named = TranslateRequest(text="", model="opus-mt-en-de", source="en")
    result = translate_document(engine, path, tmp_path / "src.md", source_named, checkpoint=False)
    assert GREETING in sent and JAPANESE in sent and result.counts.verbatim == 0


def test_a_one_language_model_decides_what_the_document_does_not_say(
    quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _install(quire_home, "marian", "opus-mt-en-de")
    # Only numbers, dates and URLs: nothing to detect, and nothing to translate; the model
    # translates into German only, so that is the target (it asked for one).
    numbers = tmp_path / "nums.srt"
    numbers.write_text(
        "1\n00:00:01,000 --> 00:00:02,000\n2024-01-31\n\n"
        "2\n00:00:03,000 --> 00:00:04,000\nhttps://example.com/prices\n",
        encoding="utf-8",
    )
    code, out, err = _cli(capsys, "translate", "--model", "opus-mt-en-de", "--json", str(numbers))
    assert code == 0, err
    row = json.loads(out)
    assert row["output"] == str(tmp_path / "nums.de.srt") and row["target_language"] == "de"
    assert row["counts"] == {"translated": 0, "verbatim": 2, "failed": 0}
    assert (tmp_path / "nums.de.srt").read_bytes() == numbers.read_bytes()
    # From several languages into English only: no source to detect, the target still known.
    _install(quire_home, "mbart", "mbart-large-50-many-to-one-mmt")
    code, out, err = _cli(
        capsys, "translate", "--model", "mbart-large-50-many-to-one-mmt", "--json", str(numbers)
    )
    assert code == 0, err
    assert json.loads(out)["output"] == str(tmp_path / "nums.en.srt")
    # A model from one language only: that is the source, detection or not (German text
    # would otherwise be refused as "not en").
    german = tmp_path / "notiz.md"
    german.write_text("Das Haus ist klein.\n\nWir fahren jeden Tag mit dem Zug.\n", "utf-8")
    code, out, err = _cli(capsys, "translate", "--model", "opus-mt-en-de", "--json", str(german))
    assert code == 0, err
    assert json.loads(out)["source_language"] == "en"


def test_an_error_about_a_documents_language_names_the_file(
    quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    engine = Engine(EngineOptions(home=quire_home, device="cpu"))
    engine.import_model(exported("marian"), "opus-mt-en-de")
    path = tmp_path / "arabic.md"
    path.write_text(f"{GREETING}\n\n{ARABIC_SENTENCE}\n", encoding="utf-8")
    with pytest.raises(ModelNotFound, match="No installed model translates ar→de") as caught:
        translate_document(engine, path, None, TranslateRequest(text="", target="de"))
    assert caught.value.path == path
    code, _, err = _cli(capsys, "translate", "--to", "de", str(path))
    assert code == 1 and f"({path})" in err


def test_a_catalog_sends_only_the_strings_not_in_the_target_yet(
    quire_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An Xcode catalog holds every language: a key translated into German already is kept
    as it is and never reaches the model (``Document.translated_into``), through the real
    engine and the real job."""
    engine = Engine(EngineOptions(home=quire_home, device="cpu"))
    engine.import_model(exported("marian"), "opus-mt-en-de")
    catalog: dict[str, Any] = {
        "sourceLanguage": "en",
        "strings": {
            "Open a file": {"localizations": {"de": {"stringUnit": {
                "state": "translated", "value": "Eine Datei öffnen"}}}},
            "Translate the document": {},
        },
        "version": "1.0",
    }  # fmt: skip
    path = tmp_path / "Localizable.xcstrings"
    path.write_text(json.dumps(catalog, indent=2, separators=(",", " : ")), "utf-8")
    sent: list[str] = []
    real = translate_module._engine_batch

    def recorded(engine: Engine, template: TranslateRequest, texts: Sequence[str], *a: Any) -> Any:
        sent.extend(texts)
        return real(engine, template, texts, *a)

    monkeypatch.setattr(translate_module, "_engine_batch", recorded)
    template = TranslateRequest(text="", source="en", target="de")
    result = translate_document(engine, path, None, template)
    assert sent == ["Translate the document"]
    out = json.loads(result.output.read_text("utf-8"))
    assert out["strings"]["Open a file"] == catalog["strings"]["Open a file"]
    assert result.counts.verbatim >= 1  # (kept as it is, as the job counts it)


def test_the_users_own_file_at_the_output_name_is_kept_and_quires_own_written_over(
    quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A translator's own report.de.md beside report.md was replaced, and called a
    translation written by Quire (an outside review). Now Quire writes over only the
    outputs it wrote itself (unchanged since); beside another file it writes
    report.de (2).md, and a rerun writes over that one, not a third. -o writes over."""
    _install(quire_home, "marian", "opus-mt-en-de")
    source = write_md(tmp_path / "report.md", 3)
    output = tmp_path / "report.de.md"
    for _run in range(2):  # a rerun writes over its own earlier output
        code, _out, err = _cli(capsys, "translate", "--from", "en", "--to", "de", str(source))
        assert code == 0 and f"wrote {output} (" in err and "was there already" not in err
    assert sorted(p.name for p in tmp_path.glob("report.de*")) == ["report.de.md"]
    output.write_text("MY OWN TRANSLATION\n", encoding="utf-8")  # edited, or made by hand
    beside = tmp_path / "report.de (2).md"
    for _run in range(2):
        code, _out, err = _cli(capsys, "translate", "--from", "en", "--to", "de", str(source))
        assert code == 0 and f"wrote {beside} (" in err
        assert (
            "note: report.de.md was there already, with no record that Quire wrote it, and is kept"
            in err
        )
    assert output.read_text(encoding="utf-8") == "MY OWN TRANSLATION\n"
    assert sorted(p.name for p in tmp_path.glob("report.de*")) == [
        "report.de (2).md",
        "report.de.md",
    ]
    code, _out, _err = _cli(capsys, "translate", "--to", "de", str(source), "-o", str(output))
    assert code == 0 and output.read_text(encoding="utf-8") != "MY OWN TRANSLATION\n"


def test_the_apps_output_is_quires_own_to_the_command_line(
    quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The app's outputs carried no record: `quire translate report.md` after the app had
    made report.de.md kept it as the user's and wrote report.de (2).md beside it."""
    from engine.api import TranslateDocumentRequest

    _install(quire_home, "marian", "opus-mt-en-de")
    source = write_md(tmp_path / "report.md", 3)
    output = tmp_path / "report.de.md"
    template = TranslateRequest(text="", source="en", target="de")
    request = TranslateDocumentRequest(
        input=source, output=output, template=template, overwrite=False, record=True
    )  # as the app's Files list asks
    Engine(EngineOptions(home=quire_home)).run(request)
    code, _out, err = _cli(capsys, "translate", "--from", "en", "--to", "de", str(source))
    assert code == 0 and f"wrote {output} (" in err and "was there already" not in err
    assert sorted(p.name for p in tmp_path.glob("report.de*")) == ["report.de.md"]


def test_a_file_name_of_bytes_no_utf8_gives_json_a_reader_takes(
    quire_home: Path, tmp_path: Path
) -> None:
    """A name from another system (Latin-1 bytes, not UTF-8): --json wrote the raw bytes (no
    JSON reader takes them) or, with a strict UTF-8 stdout, a traceback (an outside review).
    Now \\u escapes, which give the name back."""
    import os

    if sys.platform in ("win32", "darwin"):
        pytest.skip("the file system takes only valid names")
    _install(quire_home, "marian", "opus-mt-en-de")
    folder = tmp_path / "in"
    folder.mkdir()
    name = os.fsdecode(b"caf\xe9 notes.txt")
    (folder / name).write_text("The house is small.\n", encoding="utf-8")
    for argv in (
        [str(folder / name)],
        [str(folder), "-o", str(tmp_path / "out")],
    ):
        for stdout in ("utf-8", "utf-8:surrogateescape"):  # strict, and a UTF-8 locale's
            ran = subprocess.run(
                [sys.executable, "-m", "engine.cli.main", "translate", "--json", "--from", "en",
                 "--to", "de", *argv],
                capture_output=True, timeout=300, cwd=REPO,
                env={**os.environ, "PYTHONIOENCODING": stdout},
            )  # fmt: skip
            assert ran.returncode == 0, ran.stderr.decode("utf-8", "replace")
            document = json.loads(ran.stdout.decode("utf-8"))  # (strict: no raw bytes)
            rows = document if isinstance(document, list) else [document]
            named = rows[0].get("input") or rows[0].get("file")
            assert os.fsencode(Path(named).name) == b"caf\xe9 notes.txt"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("stderr", ["full", "closed"])
def test_a_standard_error_that_takes_nothing_loses_no_result(
    quire_home: Path, tmp_path: Path, stderr: str
) -> None:
    """2>/dev/full: the first progress line raised and the job was lost; 2>&-: Python starts
    with no stderr, and print() sent the notes to stdout, into the JSON (an outside
    review). The job's output and its JSON come through; only the notes are lost."""
    import os

    _install(quire_home, "marian", "opus-mt-en-de")
    source = write_md(tmp_path / "report.md", 3)
    with open("/dev/full", "w") as full:
        ran = subprocess.run(
            [sys.executable, "-m", "engine.cli.main", "translate", "--json", "--from", "en",
             "--to", "de", str(source)],
            stdout=subprocess.PIPE, stderr=full if stderr == "full" else None, timeout=300,
            cwd=REPO, preexec_fn=(lambda: os.close(2)) if stderr == "closed" else None,
        )  # fmt: skip
    assert ran.returncode == 0
    assert json.loads(ran.stdout)["output"] == str(tmp_path / "report.de.md")
    assert (tmp_path / "report.de.md").is_file()


def test_an_answer_in_a_hard_wrapped_paragraph_names_its_own_line(tmp_path: Path) -> None:
    """A paragraph over four lines: an answer on its third named the first (found by a
    review); a file whose lines end in a lone CR (a classic Mac's) named line 1 throughout."""
    text = "# Title\n\nThe mill\nstands by\nthe old bridge\nin the village.\n"
    for name, source in (("wrap.md", text), ("cr.md", text.replace("\n", "\r"))):
        path = tmp_path / name
        path.write_bytes(source.encode())
        extracted = extract(path)
        at = extracted.text.index("the old bridge")
        assert extracted.line_at(at) == 5, name
        assert extracted.line_at(extracted.text.index("Title")) == 1


def test_a_documents_lost_glossary_terms_are_reported_as_a_texts_are(
    quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A review found the terms a model lost named for a text file (stderr and --json) but
    not for a document: the same paragraphs as a .docx said nothing of the glossary."""
    import docx

    Engine(EngineOptions(home=quire_home, device="cpu")).import_model(
        exported("marian"), "opus-mt-en-de"
    )
    glossary = tmp_path / "terms.tsv"
    glossary.write_text("API\tSchnittstelle\nstart button\tStartknopf\n", encoding="utf-8")
    paragraphs = ["The API works well today.", "Press the start button to begin."]
    (tmp_path / "note.txt").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    document.save(str(tmp_path / "note.docx"))
    found, failed = {}, {}
    for name in ("note.txt", "note.docx"):
        argv = ["translate", "--from", "en", "--to", "de", "--glossary", str(glossary)]
        code = main([*argv, "--json", "-o", str(tmp_path / f"out-{name}"), str(tmp_path / name)])
        out, err = capsys.readouterr()
        assert code == 0, err
        found[name], failed[name] = (
            json.loads(out)["missing_terms"],
            json.loads(out)["failed_units"],
        )
        if found[name]:
            assert f"glossary terms lost by the model: {', '.join(found[name])}" in err
    # (the random-weight model loses the placeholders, as the text file's result says); a
    # document names those of the units written with the model's output, not of one it
    # failed on, which keeps its source and is named as failed (an outside review).
    assert found["note.txt"] == ["API", "start button"]
    kept = " ".join(failed["note.docx"])
    assert found["note.docx"] == [t for t in found["note.txt"] if t not in kept]
    assert found["note.docx"] != []


def test_json_names_the_glossary_a_job_used_and_its_terms(
    quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A script could not tell from --json that --glossary was applied: a text file's and a
    document's results name the glossary, its terms for the job's pair and, of a termbase,
    how many it left out (Weblate's translates "bank" two ways)."""
    import docx

    from engine.text import load_glossary

    Engine(EngineOptions(home=quire_home, device="cpu")).import_model(
        exported("marian"), "opus-mt-en-de"
    )
    termbase = Path(__file__).parent / "data" / "tbx" / "weblate-en-de.tbx"
    terms = len(load_glossary(termbase, source="en", target="de"))
    paragraphs = ["Open the source file today.", "The translation memory grows."]
    (tmp_path / "note.txt").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    document.save(str(tmp_path / "note.docx"))
    for name in ("note.txt", "note.docx"):
        argv = ["translate", "--from", "en", "--to", "de", "--glossary", str(termbase)]
        code = main([*argv, "--json", "-o", str(tmp_path / f"out-{name}"), str(tmp_path / name)])
        out, err = capsys.readouterr()
        assert code == 0, err
        doc = json.loads(out)
        assert doc["glossary"] == {"path": str(termbase), "terms": terms, "left_out": 1}
        assert "missing_terms" in doc and "failed_units" in doc  # (the fields kept as they were)
    code = main(["translate", "--from", "en", "--to", "de", "--json", str(tmp_path / "note.txt")])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert json.loads(out)["glossary"] is None


def test_json_names_the_glossary_of_a_text_file_resumed_whole_from_its_journal(
    quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """A text file whose every paragraph the journal held (its output could not be written
    the first time) is translated without the engine: its --json still names the glossary."""
    Engine(EngineOptions(home=quire_home, device="cpu")).import_model(
        exported("marian"), "opus-mt-en-de"
    )
    glossary = tmp_path / "terms.csv"
    glossary.write_text("Source,Target\nsource file,Quelldatei\n", encoding="utf-8")
    (tmp_path / "note.txt").write_text("Open the source file.\n\nIt grows.\n", encoding="utf-8")
    argv = ["translate", "--from", "en", "--to", "de", "--glossary", str(glossary), "--json",
            "-o", str(tmp_path / "out.txt"), str(tmp_path / "note.txt")]  # fmt: skip
    doc = _resumed_whole(argv, capsys, monkeypatch)
    assert doc["glossary"] == {"path": str(glossary), "terms": 1, "left_out": 0}


def _resumed_whole(
    argv: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Any:
    """The --json of ``quire`` ``argv`` (a text file with -o) run twice: the first run's
    output could not be written (a full disk), the second is translated from the journal."""
    from engine.cli import tasks

    real = tasks._write_text

    def full_disk(*args: Any) -> str:
        raise InputError("No space left on the disk")

    monkeypatch.setattr(tasks, "_write_text", full_disk)
    assert main(argv) != 0
    capsys.readouterr()
    monkeypatch.setattr(tasks, "_write_text", real)
    code = main(argv)
    out, err = capsys.readouterr()
    assert code == 0 and "resumed: 2 of 2 paragraphs" in err, err
    return json.loads(out)


def test_json_names_the_termbase_of_a_text_file_resumed_whole_for_its_detected_source(
    quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """A termbase of three languages, no --from: a text file resumed whole said "glossary":
    null (read for --from, which was not given, the termbase could not be read); it is read
    for the source detected."""
    from engine.text import load_glossary

    Engine(EngineOptions(home=quire_home, device="cpu")).import_model(
        exported("marian"), "opus-mt-en-de"
    )
    termbase = Path(__file__).parent / "data" / "tbx" / "tbx3-basic-en-de-fr.tbx"
    terms = len(load_glossary(termbase, source="en", target="de"))
    (tmp_path / "note.txt").write_text(
        "Open the settings before you sign in.\n\nThe dashboard shows every project.\n",
        encoding="utf-8",
    )
    argv = ["translate", "--to", "de", "--glossary", str(termbase), "--json",
            "-o", str(tmp_path / "out.txt"), str(tmp_path / "note.txt")]  # fmt: skip
    doc = _resumed_whole(argv, capsys, monkeypatch)
    assert doc["glossary"] == {"path": str(termbase), "terms": terms, "left_out": 0}


def test_a_term_lost_is_named_where_it_stands_as_a_word() -> None:
    """ "API" is no part of "capital", and "Start button" holds "start button"."""
    from engine.documents.base import Unit
    from engine.documents.translate import _lost_in

    units = [Unit("p1", "The capital city."), Unit("p2", "Start button: press it."),
             Unit("p3", "The API failed.")]  # fmt: skip
    assert _lost_in(units, ["API", "start button"], {2}) == ("start button",)


LANGUAGE_GUESSES = Path(__file__).parent / "data" / "langguess"


@pytest.mark.parametrize(
    ("name", "translated"),
    [
        ("en-cp1252.txt", True),  # French, 45 % sure: English, the one way into German
        ("en-utf8.txt", True),  # Luxembourgish, 22 % sure
        ("fr-utf8.txt", False),  # French, sure: not taken for English
        ("es-cp1252.txt", False),  # Spanish, 83 % sure
    ],
)
def test_an_unsure_guess_of_a_files_language_falls_back_to_the_one_installed_source(
    quire_home: Path, tmp_path: Path, name: str, translated: bool
) -> None:
    """The review's 45-byte English cp1252 file, "Café résumé naïve…", failed whole as "French,
    45% sure, and no installed model translates it into German" with only an English→German
    model installed. A guess that unsure now gives way to the one language an installed
    model translates into the target, said in a note; a sure guess still fails, naming it."""
    from engine.api import DocumentResult, TranslateDocumentRequest

    engine = Engine(EngineOptions(home=quire_home, device="cpu"))
    engine.import_model(exported("marian"), "opus-mt-en-de")
    source = tmp_path / name
    source.write_bytes((LANGUAGE_GUESSES / name).read_bytes())
    notes: list[Note] = []

    def report(event: Event) -> None:
        if isinstance(event, Note):
            notes.append(event)

    request = TranslateDocumentRequest(
        input=source, template=TranslateRequest(text="", target="de")
    )
    if not translated:
        with pytest.raises(ModelNotFound) as info:
            engine.run(request, report)
        assert info.value.message_id == "translate.no_model_pair"
        assert info.value.params["source"] == name[:2] and not notes
        return
    result = engine.run(request, report)
    assert isinstance(result, DocumentResult)
    assert {r.source_language for r in result.results} == {"en"}
    assert [n.message_id for n in notes] == ["translate.unsure_source"]
    assert notes[0].params["source"] == "en" and notes[0].params["target"] == "de"
    assert float(notes[0].params["confidence"]) < 0.5
    assert (tmp_path / f"{name[:-4]}.de.txt").is_file()
    assert source.read_bytes() == (LANGUAGE_GUESSES / name).read_bytes()
