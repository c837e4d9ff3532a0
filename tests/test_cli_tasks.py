"""The task commands' JSON contract and exit codes, through the real CLI and tiny models."""

from __future__ import annotations

import csv
import email
import email.policy
import io
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from engine import Engine, EngineOptions
from engine.cli.main import main
from tests.fixtures.builder import checkpoint, exported


def _install(home: Path, fixture: str, name: str) -> None:
    Engine(EngineOptions(home=home)).import_model(exported(fixture), name)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_ask_json_has_answers_with_offsets(
    tmp_path: Path, quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _install(quire_home, "distilbert-qa", "mini-qa")
    context = "The river flows north. The old mill stands beside the bridge in the village."
    src = tmp_path / "ctx.txt"
    src.write_text(context, encoding="utf-8")
    code, out, _ = _run(
        capsys, "ask", "--json", "-q", "Where is the mill?", "--top-k", "3", str(src)
    )
    doc = json.loads(out)
    assert code == 0 and doc["model"] == "mini-qa" and {"variant", "device"} <= doc.keys()
    assert 1 <= len(doc["answers"]) <= 3
    for a in doc["answers"]:
        assert context[a["start"] : a["end"]] == a["text"]
    scores = [a["score"] for a in doc["answers"]]
    assert scores == sorted(scores, reverse=True)
    assert doc["passages"] is False and doc["retriever"] is None


def test_ask_says_when_its_answers_are_only_passages(
    tmp_path: Path, quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With an embedding model alone the answers are the passages most like the question:
    the JSON had no flag for it and the text nothing to say (an outside review)."""
    _install(quire_home, "bert-embed", "mini-embed")
    src = tmp_path / "ctx.txt"
    src.write_text("The river flows north.\n\nThe old mill stands by the bridge.\n", "utf-8")
    code, out, _ = _run(capsys, "ask", "--json", "-q", "Where is the mill?", str(src))
    doc = json.loads(out)
    assert code == 0 and doc["passages"] is True and doc["model"] == "mini-embed"
    code, out, err = _run(capsys, "ask", "-q", "Where is the mill?", str(src))
    assert code == 0 and "mini-embed is no question-answering model" in err and out
    # Where each passage is in a plain text: its line (an editor's "go to line").
    asked = ("ask", "-q", "Where is the mill?", "--top-k", "2", str(src))
    code, out, _ = _run(capsys, *asked[:1], "--json", *asked[1:])
    assert code == 0 and sorted(a["line"] for a in json.loads(out)["answers"]) == [1, 3]
    code, out, _ = _run(capsys, *asked)
    assert {line.rsplit("(", 1)[-1] for line in out.splitlines()} == {"line 1)", "line 3)"}
    for ends in ("\r\n", "\r"):  # Windows's and old Macs' line ends count as lines too
        src.write_text(f"The river flows north.{ends}{ends}The old mill stands by the bridge.")
        code, out, _ = _run(capsys, *asked[:1], "--json", *asked[1:])
        assert sorted(a["line"] for a in json.loads(out)["answers"]) == [1, 3], repr(ends)


def test_classify_json_labels_and_explain(
    tmp_path: Path, quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _install(quire_home, "bert-cls", "mini-cls")
    src = tmp_path / "t.txt"
    text = "the film was wonderful and the actors were great"
    src.write_text(text, encoding="utf-8")
    code, out, _ = _run(capsys, "classify", "--json", "--explain", str(src))
    doc = json.loads(out)
    assert code == 0 and doc["model"] == "mini-cls"
    assert sorted(x["label"] for x in doc["labels"]) == ["negative", "neutral", "positive"]
    assert abs(sum(x["score"] for x in doc["labels"]) - 1.0) < 1e-5
    assert doc["attributions"] and all(
        text[a["start"] : a["end"]] == a["text"] for a in doc["attributions"]
    )


def test_zero_shot_needs_an_nli_model_and_uses_the_labels(
    tmp_path: Path, quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "t.txt"
    src.write_text("The striker scored twice in the final.", encoding="utf-8")
    code, _out, err = _run(capsys, "classify", "--labels", "sport,cooking", str(src))
    assert code == 1 and "install" in err.lower()
    _install(quire_home, "bart-nli", "mini-nli")
    code, out, _ = _run(capsys, "classify", "--json", "--labels", "sport,cooking", str(src))
    assert code == 0
    assert sorted(x["label"] for x in json.loads(out)["labels"]) == ["cooking", "sport"]


def test_classify_csv_round_trip_never_touches_the_input(
    tmp_path: Path, quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _install(quire_home, "bert-cls", "mini-cls")
    src = tmp_path / "in.csv"
    src.write_text("id,review\n1,great film\n2,boring and slow\n3,\n", encoding="utf-8")
    before = src.read_bytes()
    out_csv = tmp_path / "out.csv"
    code, out, _ = _run(
        capsys, "classify", "--csv", str(src), "--column", "review", "-o", str(out_csv), "--json"
    )
    assert code == 0 and json.loads(out)["rows"] == 3
    assert json.loads(out)["file"] == str(src)  # (the input, as every command names it)
    with out_csv.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["id"] for r in rows] == ["1", "2", "3"]
    assert rows[0]["label"] in {"negative", "neutral", "positive"} and rows[2]["label"] == ""
    assert src.read_bytes() == before
    code, _out, err = _run(
        capsys, "classify", "--csv", str(src), "--column", "review", "-o", str(src)
    )
    assert code == 1 and "overwrite an input" in err and src.read_bytes() == before
    code, _out, err = _run(
        capsys, "classify", "--csv", str(src), "--column", "nope", "-o", str(out_csv)
    )
    assert code == 1 and "review" in err  # the error lists the available columns


def test_classify_refuses_options_it_would_not_honour(
    tmp_path: Path, quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each was accepted and had no effect, exit 0 (the CLI audit): -o and --column without
    --csv, FILE and --explain with it, and --max-size was not applied to the CSV file."""
    _install(quire_home, "bert-cls", "mini-cls")
    src = tmp_path / "t.txt"
    src.write_text("a wonderful film", encoding="utf-8")
    table = tmp_path / "in.csv"
    table.write_text("id,review\n1,great film\n" + "2,slow\n" * 2000, encoding="utf-8")
    out_csv = tmp_path / "out.csv"
    csv_args = ["--csv", str(table), "--column", "review", "-o", str(out_csv)]
    for argv, said in (
        (["classify", str(src), "-o", str(out_csv)], "-o is for --csv"),
        (["classify", "--column", "review", str(src)], "--column is for --csv"),
        (["classify", *csv_args, str(src)], "would not be read"),
    ):
        code, out, err = _run(capsys, *argv)
        assert (code, out) == (2, "") and said in err, err
    code, _out, err = _run(capsys, "classify", *csv_args, "--explain")
    # (options that do not go together: 2, as the README says; it was 1, from the engine)
    assert code == 2 and "--csv writes labels and scores only" in err
    code, _out, err = _run(capsys, "classify", *csv_args, "--max-size", "0.001")
    assert code == 1 and "in.csv" in err
    assert not out_csv.exists()


def test_a_ctrl_c_during_a_job_that_finished_anyway_is_a_cancel(
    tmp_path: Path,
    quire_home: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """classify printed its labels and exit 0 after Ctrl+C: one short text does not look at
    its token, so the job ends as if nothing had been asked."""
    _install(quire_home, "bert-cls", "mini-cls")
    src = tmp_path / "t.txt"
    src.write_text("a wonderful film", encoding="utf-8")
    real = Engine.run

    def interrupted(self: Engine, request: Any, report: Any = None, cancel: Any = None) -> Any:
        result = real(self, request, report, cancel)
        cancel.cancel()  # as Ctrl+C's handler does, while the job runs
        return result

    monkeypatch.setattr(Engine, "run", interrupted)
    code, out, err = _run(capsys, "classify", "--json", str(src))
    assert code == 130 and "cancelled" in err
    assert json.loads(out)["error"]["type"] == "Cancelled"


def test_standard_input_twice_and_a_folder_as_a_documents_output_are_said_plainly(
    tmp_path: Path, quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(capsys, "translate", "--to", "de", "-", "-")
    assert (code, out) == (2, "") and "- (standard input) is given more than once" in err
    _install(quire_home, "marian", "opus-mt-en-de")
    doc = tmp_path / "notes.md"
    doc.write_text("# Notes\n\nThe house is small.\n", encoding="utf-8")
    folder = tmp_path / "out"
    folder.mkdir()
    code, _out, err = _run(capsys, "translate", "--to", "de", str(doc), "-o", str(folder))
    assert code == 1 and "The output is a folder" in err and "no extension" not in err


def test_translate_json_and_output_file(
    tmp_path: Path, quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _install(quire_home, "marian", "opus-mt-en-de")
    src = tmp_path / "in.txt"
    src.write_text("the house is small.\n\nwe travel by train.\n", encoding="utf-8")
    before = src.read_bytes()
    code, out, _ = _run(capsys, "translate", "--json", "--from", "en", "--to", "de", str(src))
    doc = json.loads(out)
    assert code == 0 and doc["model"] == "opus-mt-en-de"
    assert doc["source_language"] == "en" and doc["target_language"] == "de"
    assert isinstance(doc["text"], str) and doc["text"].count("\n\n") == 1
    out_file = tmp_path / "out.de.txt"
    code, out, _ = _run(
        capsys, "translate", "--from", "en", "--to", "de", "-o", str(out_file), str(src)
    )
    assert code == 0 and out == "" and out_file.read_text(encoding="utf-8") == doc["text"]
    assert src.read_bytes() == before
    code, _out, err = _run(capsys, "translate", "--from", "de", "--to", "fr", str(src))
    assert code == 1 and "such as nllb-200-distilled-600M" in err


def test_summarize_json_has_text_and_links(
    tmp_path: Path, quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _install(quire_home, "bart", "distilbart-cnn-mini")
    src = tmp_path / "in.txt"
    src.write_text(
        "The city opened a new library.\n\nIt has ten thousand books.\n", encoding="utf-8"
    )
    code, out, _ = _run(capsys, "summarize", "--json", "--length", "short", str(src))
    doc = json.loads(out)
    assert code == 0 and doc["model"] == "distilbart-cnn-mini" and isinstance(doc["text"], str)
    assert all(set(s["paragraphs"]) <= {0, 1} for s in doc["sentences"])


def test_one_bad_file_of_several_loses_none_of_the_others_results(
    tmp_path: Path, quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``quire summarize a b c`` with an empty b: a's and c's summaries are printed (each as it
    is done), b's error is said on stderr, and the exit status is 1; --json lists b's error
    in its place among the results."""
    _install(quire_home, "bart", "distilbart-cnn-mini")
    first, empty, last = tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "c.txt"
    first.write_text("The city opened a new library. It has ten thousand books.\n")
    empty.write_text("   \n")
    last.write_text("The river flooded the old town. The mill was closed.\n")
    files = [str(first), str(empty), str(last)]
    code, out, err = _run(capsys, "summarize", "--length", "short", *files)
    assert code == 1
    assert out.startswith(f"==> {first} <==\n") and f"\n\n==> {last} <==\n" in out
    assert str(empty) not in out and "quire: error: " in err and str(empty) in err

    code, out, _ = _run(capsys, "summarize", "--json", "--length", "short", *files)
    assert code == 1
    a, b, c = json.loads(out)["results"]
    assert (a["file"], b["file"], c["file"]) == tuple(files)
    assert isinstance(a["text"], str) and isinstance(c["text"], str)
    assert b["error"]["type"] == "InputError" and b["error"]["path"] == str(empty)
    # The sentence's id and parameters, as the local API and the engine process give them.
    assert b["error"]["message_id"] == "document.no_text" and b["error"]["params"] == {}


def test_cli_json_equals_the_transformers_pipelines(
    tmp_path: Path, quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Parity holds through the user's path too: `quire ask/classify --json`."""
    from tests.test_ask import QUESTION
    from tests.test_ask import reference as qa_reference
    from tests.test_classify import text_classification, zero_shot

    _install(quire_home, "distilbert-qa", "qa")
    _install(quire_home, "bert-cls", "cls")
    _install(quire_home, "bart-nli", "nli")
    context = "The old mill stands beside the bridge. The river flows north through the valley."
    src = tmp_path / "ctx.txt"
    src.write_text(context, encoding="utf-8")

    code, out, _ = _run(
        capsys, "ask", "--json", "--dtype", "fp32", "-q", QUESTION, "--top-k", "3", str(src)
    )
    assert code == 0
    got = [(a["text"], a["start"], a["end"]) for a in json.loads(out)["answers"]]
    expected = qa_reference(context, 3)
    assert got == [(e["answer"], e["start"], e["end"]) for e in expected]
    scores = [a["score"] for a in json.loads(out)["answers"]]
    assert scores == pytest.approx([e["score"] for e in expected], rel=1e-4)

    code, out, _ = _run(capsys, "classify", "--json", "--dtype", "fp32", "--model", "cls", str(src))
    assert code == 0
    got_scores = {d["label"]: d["score"] for d in json.loads(out)["labels"]}
    (want,) = text_classification(checkpoint("bert-cls"), [context])
    assert got_scores == pytest.approx(want, abs=1e-4)

    code, out, _ = _run(
        capsys, "classify", "--json", "--dtype", "fp32", "--labels", "river,bridge,music", str(src)
    )
    assert code == 0
    got_scores = {d["label"]: d["score"] for d in json.loads(out)["labels"]}
    (want,) = zero_shot([context], candidate_labels=["river", "bridge", "music"])
    assert got_scores == pytest.approx(want, abs=1e-4)


def test_translate_detects_the_source_and_reports_the_confidence(
    tmp_path: Path, quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _install(quire_home, "marian", "opus-mt-en-de")
    src = tmp_path / "in.txt"
    src.write_text("The weather is very nice today and we are going to the park.", encoding="utf-8")
    code, out, err = _run(capsys, "translate", "--to", "de", str(src))
    assert code == 0 and out.strip()
    assert "detected en (confidence" in err
    code, out, _ = _run(capsys, "translate", "--json", "--to", "de", str(src))
    doc = json.loads(out)
    assert doc["source_language"] == "en" and 0 < doc["detected_confidence"] <= 1


def test_a_translation_on_stdout_ends_as_its_source_did(
    tmp_path: Path,
    quire_home: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A text file (or standard input) that ends with a line break is printed with that one
    line break, not two ("Hello.\n" came out "Hallo.\n\n"); one without still ends its line."""
    import io

    _install(quire_home, "marian", "opus-mt-en-de")
    ended, open_ended = tmp_path / "ended.txt", tmp_path / "open.txt"
    ended.write_text("The weather is nice today.\n", encoding="utf-8")
    open_ended.write_text("The weather is nice today.", encoding="utf-8")
    for path in (ended, open_ended):
        code, out, _ = _run(capsys, "translate", "--from", "en", "--to", "de", str(path))
        assert code == 0 and out.strip() and out.endswith("\n") and not out.endswith("\n\n")
    stdin = io.TextIOWrapper(io.BytesIO(b"The weather is nice today.\n"), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    code, out, _ = _run(capsys, "translate", "--from", "en", "--to", "de")
    assert code == 0 and out.strip() and out.endswith("\n") and not out.endswith("\n\n")


def test_translate_a_subtitle_file_writes_name_lang_ext_beside_it(
    tmp_path: Path, quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _install(quire_home, "marian", "opus-mt-en-de")
    src = tmp_path / "talk.srt"
    src.write_text(
        "1\n00:00:01,000 --> 00:00:02,500\nthe house is small.\n\n"
        "2\n00:00:03,000 --> 00:00:04,000\nwe travel by train.\n",
        encoding="utf-8",
    )
    before = src.read_bytes()
    code, out, err = _run(capsys, "translate", "--json", "--from", "en", "--to", "de", str(src))
    doc = json.loads(out)
    written = tmp_path / "talk.de.srt"
    assert code == 0 and doc["output"] == str(written) and doc["units"] == 2
    text = written.read_text(encoding="utf-8")
    assert "00:00:01,000 --> 00:00:02,500" in text and "00:00:03,000 --> 00:00:04,000" in text
    assert src.read_bytes() == before and "wrote" in err
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"not a zip at all")
    code, _out, err = _run(capsys, "translate", "--from", "en", "--to", "de", str(broken))
    assert code == 1 and str(broken) in err and "Traceback" not in err


def test_translate_an_email_writes_a_message_a_mail_program_reads(
    tmp_path: Path, quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """.eml was read as plain text: its headers, boundaries and base64 went to the model."""
    _install(quire_home, "marian", "opus-mt-en-de")
    src = tmp_path / "python.eml"
    src.write_bytes((Path(__file__).parent / "data" / "eml" / "python.eml").read_bytes())
    code, out, err = _run(capsys, "translate", "--json", "--from", "en", "--to", "de", str(src))
    written = Path(json.loads(out)["output"])
    assert code == 0 and written.suffix == ".eml", err
    before = email.message_from_bytes(src.read_bytes(), policy=email.policy.default)
    after = email.message_from_bytes(written.read_bytes(), policy=email.policy.default)
    assert not after.defects and after["Message-ID"] == before["Message-ID"]
    attached = [p.get_payload(decode=True) for p in after.iter_attachments()]
    assert attached == [p.get_payload(decode=True) for p in before.iter_attachments()]
    plain = next(p for p in after.walk() if p.get_content_type() == "text/plain")
    assert plain["Content-Language"] == "de"


def test_translate_text_files_beside_a_document_are_documents_too(
    tmp_path: Path, quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _install(quire_home, "marian", "opus-mt-en-de")
    note = tmp_path / "note.txt"
    note.write_text("the house is small.\n", encoding="utf-8")
    talk = tmp_path / "talk.srt"
    talk.write_text("1\n00:00:01,000 --> 00:00:02,500\nwe travel by train.\n", encoding="utf-8")
    code, out, err = _run(capsys, "translate", "--from", "en", "--to", "de", str(note), str(talk))
    assert code == 0 and out == "", err
    assert (tmp_path / "note.de.txt").is_file() and (tmp_path / "talk.de.srt").is_file()
    assert "00:00:01,000 --> 00:00:02,500" in (tmp_path / "talk.de.srt").read_text("utf-8")
    assert f"{note}: wrote {tmp_path / 'note.de.txt'} (1 unit: " in err
    # How every unit ended is said: translated, kept verbatim or failed (they add up).
    said = re.search(r"\(1 unit: (\d+) translated, (\d+) kept verbatim, (\d+) failed\)", err)
    assert said is not None and sum(map(int, said.groups())) == 1


@pytest.mark.parametrize("command", ["translate", "summarize"])
def test_plain_text_is_not_written_under_a_document_name(
    tmp_path: Path, quire_home: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    src = tmp_path / "in.txt"
    src.write_text("the house is small.\n", encoding="utf-8")
    out = tmp_path / "out.docx"
    languages = ["--to", "de"] if command == "translate" else []
    code, _out, err = _run(capsys, command, *languages, "-o", str(out), str(src))
    assert code == 1 and "plain text, not a .docx file" in err and str(out) in err
    assert not out.exists()


def test_a_sentence_from_stdin_does_not_import_the_document_machinery(quire_home: Path) -> None:
    """A one-sentence translation waits for what it uses only: no document reader (lxml,
    markdown-it, every format), no batch machinery, no package metadata (the doctor's), no
    decoder-only generation loop, no thread pool (only large batches split their softmax)."""
    import os
    import subprocess
    import sys

    _install(quire_home, "marian", "opus-mt-en-de")
    script = (
        "import sys\n"
        "from engine.cli.main import main\n"
        "code = main(['translate', '--from', 'en', '--to', 'de', '-'])\n"
        "heavy = ('lxml', 'markdown_it', 'engine.documents.registry', 'engine.cluster.jobs',\n"
        "         'importlib.metadata', 'engine.runtime.generate_causal', 'concurrent.futures')\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in heavy or m in heavy)\n"
        "print('LOADED', loaded, file=sys.stderr)\n"
        "sys.exit(code or (1 if loaded else 0))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        input="the house is small.",
        capture_output=True,
        text=True,
        env={**os.environ, "QUIRE_HOME": str(quire_home)},
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip(), "no translation on stdout"
    assert "LOADED []" in done.stderr


def test_a_text_file_does_not_import_the_other_formats_readers(
    quire_home: Path, tmp_path: Path
) -> None:
    """A .txt file is read by the plain-text reader alone: the XML, zip and Markdown readers
    (lxml, markdown-it: 60 ms of the command's start) wait for a file of their format."""
    import os
    import subprocess
    import sys

    _install(quire_home, "marian", "opus-mt-en-de")
    src = tmp_path / "note.txt"
    src.write_text("the house is small.\n", encoding="utf-8")
    out = tmp_path / "note.de.txt"
    script = (
        "import sys\n"
        "from engine.cli.main import main\n"
        f"code = main(['translate', '--from', 'en', '--to', 'de', '-o', {str(out)!r}, "
        f"{str(src)!r}])\n"
        "others = ('docx', 'pptx', 'epub', 'odf', 'html', 'markdown')\n"
        "heavy = ('lxml', 'markdown_it', *(f'engine.documents.{m}' for m in others))\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in heavy or m in heavy)\n"
        "print('LOADED', loaded, file=sys.stderr)\n"
        "sys.exit(code or (1 if loaded else 0))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env={**os.environ, "QUIRE_HOME": str(quire_home)},
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert out.read_text(encoding="utf-8").strip()
    assert "LOADED []" in done.stderr


def test_the_cli_says_first_use_once_whatever_format_it_caches_in(
    quire_home: Path,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A graph over ``MAX_INLINE_BYTES`` is saved in ONNX's format with its weights apart even
    by the CLI (which saves small ones in ONNX Runtime's): the second command still knows."""
    from engine.runtime import session_cache

    monkeypatch.setattr(session_cache, "MAX_INLINE_BYTES", 0)
    _install(quire_home, "marian", "opus-mt-en-de")
    src = tmp_path / "in.txt"
    src.write_text("the house is small.\n", encoding="utf-8")
    said = []
    for _ in range(2):
        code, _out, err = _run(capsys, "translate", "--from", "en", "--to", "de", str(src))
        assert code == 0, err
        said.append(err.splitlines()[0])
    assert [line.split()[0] for line in said] == ["Preparing", "Loading"]
    cached = {p.suffix for p in (quire_home / "cache").rglob("*") if p.is_file()}
    assert ".data" in cached and ".ort" not in cached


def test_a_cli_command_opens_its_cached_graphs_memory_mapped(
    quire_home: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """One command and the process ends: the CLI caches small graphs in ONNX Runtime's format
    and opens them memory-mapped (``session_cache.map_weights``), and leaves the setting as
    it found it."""
    from engine.runtime import session_cache

    _install(quire_home, "marian", "opus-mt-en-de")
    src = tmp_path / "in.txt"
    src.write_text("the house is small.\n", encoding="utf-8")
    said = []
    for _ in range(2):  # the first run fills the cache, the second opens it
        code, out, err = _run(capsys, "translate", "--from", "en", "--to", "de", str(src))
        assert out.strip()
        assert code == 0, err
        said.append(err.splitlines()[0])
    # The first says why it takes longer.
    assert said == [
        "Preparing opus-mt-en-de for this computer (first use only)…",
        "Loading opus-mt-en-de…",
    ]
    graphs = [
        p for p in quire_home.rglob("*") if p.suffix in (".ort", ".onnx") and "cache" in p.parts
    ]
    assert graphs and all(p.suffix == ".ort" for p in graphs)
    assert not session_cache._MAPPED[0]


def test_an_output_that_cannot_be_written_stops_the_command_before_the_model_loads(
    tmp_path: Path,
    quire_home: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A read-only output folder is found before the work, not after it (the result would
    be lost); root ignores permission bits, so the disk's refusal is made here."""
    import errno
    import tempfile

    _install(quire_home, "bart", "distilbart-cnn")
    src = tmp_path / "report.txt"
    src.write_text("The committee met on Monday. It approved the budget.\n", encoding="utf-8")

    def read_only(*args: object, **kwargs: object) -> tuple[int, str]:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    out_file = tmp_path / "summary.txt"
    code, _out, err = _run(
        capsys, "summarize", "--model", "distilbart-cnn", "-o", str(out_file), str(src)
    )
    assert code == 1 and "Cannot write here: Read-only file system" in err
    assert "Loading" not in err and not out_file.exists()


def test_a_reader_that_stops_early_ends_the_command_quietly(
    tmp_path: Path, quire_home: Path
) -> None:
    """``quire … | head``: the pipe closes before the output is written; no traceback."""
    import os
    import subprocess
    import sys

    _install(quire_home, "marian", "opus-mt-en-de")
    src = tmp_path / "a.txt"
    src.write_text("the house is small.\n" * 200, encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "engine.cli.main", "translate", "--to", "de", str(src)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "QUIRE_HOME": str(quire_home)},
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader is gone before a line is written
    with proc.stderr:
        err = proc.stderr.read().decode("utf-8", "replace")
    assert proc.wait(timeout=300) == 1
    assert "Traceback" not in err and "BrokenPipeError" not in err, err[-2000:]


def test_usage_errors_exit_2_and_name_the_command(
    tmp_path: Path, quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "a.txt"
    src.write_text("text\n", encoding="utf-8")
    for argv, message in (
        (
            ["translate", "--to", "de", "-o", str(tmp_path / "o.txt"), str(src), str(src)],
            "-o takes one input file",
        ),
        (["classify", "--csv", str(src)], "--csv needs --column C"),
        (["serve", "--port", "99999"], "99999 is not a port number"),
    ):
        code, _out, err = _run(capsys, *argv)
        assert code == 2, (argv, err)
        assert f"quire {argv[0]}: error: {message}" in err


@pytest.mark.parametrize("command", [["ask", "-q", "Where?"], ["classify"], ["embed"]])
def test_a_command_without_input_on_a_terminal_asks_for_a_file(
    command: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """It would otherwise wait in silence for text typed in."""
    import sys

    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    code, out, err = _run(capsys, *command)
    assert code == 2 and "Give a FILE, or - to read standard input" in err and out == ""


def test_json_output_holds_the_error_when_a_command_fails(
    tmp_path: Path, quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    src = tmp_path / "a.txt"
    src.write_text("text\n", encoding="utf-8")
    code, out, err = _run(capsys, "summarize", "--model", "nothing-here", "--json", str(src))
    assert code == 1 and "quire: error:" in err
    error = json.loads(out)["error"]
    assert error["type"] == "ModelNotFound" and "nothing-here" in error["message"]
    assert set(error) == {"type", "message", "path", "hint", "message_id", "params"}


def test_a_file_called_only_spaces_is_a_file_not_an_empty_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A name the file system allows was refused as "an empty path"."""
    import argparse

    from engine.cli.tasks import _input_arg, some_path

    monkeypatch.chdir(tmp_path)
    with pytest.raises(argparse.ArgumentTypeError, match="an empty path"):
        _input_arg("   ")  # nothing called so: a shell variable that was not set, say
    (tmp_path / "   ").write_text("The cafe is open.\n", encoding="utf-8")
    assert _input_arg("   ") == "   " and some_path("   ") == Path("   ")


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["translate", "--json", "--bogus"], "unrecognized arguments: --bogus"),
        (
            ["generate", "--max-new-tokens", "abc", "--json", "-"],
            "argument --max-new-tokens: give a whole number",
        ),
        (["models", "list", "--json", "--dtype", "q9"], "argument --dtype: invalid choice: 'q9'"),
        # An empty name or path (a shell variable that was not set) is a mistake, not
        # "choose for me" or "the current folder".
        (["translate", "--model", "", "--json", "-"], "argument --model: an empty name"),
        (["models", "import", "", "--json"], "argument path: an empty path"),
        # ("" translated every file of the current folder; embed, ask, classify read stdin.)
        (["translate", "--to", "de", "--json", ""], "argument FILE: an empty path"),
        (["summarize", "--json", ""], "argument FILE: an empty path"),
        (["ask", "-q", "Who?", "--json", ""], "argument FILE: an empty path"),
        (["classify", "--json", ""], "argument FILE: an empty path"),
        (["embed", "--json", ""], "argument FILE: an empty path"),
        (["generate", "--json", ""], "argument FILE|-: an empty path"),
        (["translate", "-o", "", "--json", "-"], "argument -o/--output: an empty path"),
        # Values the engine refused later, exit 1: a usage error, exit 2, as the others.
        (["classify", "--labels", "x,y,x", "--json", "-"], "argument --labels: each label once"),
        (["ask", "-q", " ", "--json", "-"], "argument --question/-q: an empty question"),
        (["translate", "--to", "xx", "--json", "-"], "argument --to: 'xx' is not a language code"),
        (["translate", "--from", "German", "--json", "-"], "argument --from: 'German' is not"),
        (["summarize", "--language", "xx", "--json", "-"], "argument --language: 'xx' is not"),
        # numpy's traceback, and no JSON (an outside review)
        (
            ["generate", "--temperature", "0.7", "--seed", "-1", "--json", "-"],
            "argument --seed: must be 0 or more",
        ),
        # In the words of the other options ("invalid _positive value", "more than 0" for inf).
        (
            ["translate", "--workers", "abc", "--json", "-"],
            "argument --workers: give a whole number, not 'abc'",
        ),
        (
            ["translate", "--gpus-per-worker", "-1", "--json", "-"],
            "argument --gpus-per-worker: must be 0 or more",
        ),
        (
            ["translate", "--max-size", "inf", "--json", "-"],
            "argument --max-size: give a number of megabytes",
        ),
    ],
)
def test_json_output_holds_the_error_when_the_command_line_is_wrong(
    argv: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """argparse's own errors too: stdout holds one JSON document, stderr the usage line and
    the error as argparse says it, exit 2; without --json, stdout stays empty."""
    import json

    with pytest.raises(SystemExit) as exited:  # as argparse's own errors end
        main(argv)
    out, err = capsys.readouterr()
    assert exited.value.code == 2 and "usage: quire" in err and f"error: {said}" in err
    error = json.loads(out)["error"]
    assert error["type"] == "UsageError" and said in error["message"]
    assert set(error) == {"type", "message", "path", "hint", "message_id", "params"}
    with pytest.raises(SystemExit) as exited:
        main([arg for arg in argv if arg != "--json"])
    out, err = capsys.readouterr()
    assert exited.value.code == 2 and out == "" and f"error: {said}" in err


def test_version_is_printed(capsys: pytest.CaptureFixture[str]) -> None:
    from engine.doctor import package_version

    with pytest.raises(SystemExit) as exited:  # as argparse's --help
        main(["--version"])
    out = capsys.readouterr().out
    assert exited.value.code == 0 and out == f"quire {package_version('quire')}\n"
    assert package_version("quire")  # the metadata of the installed package


def test_python_m_desktop_is_the_quire_command() -> None:
    import subprocess
    import sys

    from engine.doctor import package_version

    done = subprocess.run(
        [sys.executable, "-m", "desktop", "--version"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0 and done.stdout == f"quire {package_version('quire')}\n"


def test_classify_reads_a_documents_words_and_says_when_it_read_only_the_start(
    tmp_path: Path,
    quire_home: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A page is classified by its words, not its tags and styles (as summarize and ask read
    it), a .docx by its text; a text longer than the model reads says so."""
    from tests.fixtures import documents as build

    _install(quire_home, "bert-cls", "sentiment")
    page = tmp_path / "review.html"
    page.write_text(
        "<html><head><style>p { color: red }</style></head>"
        "<body><p>The food was <b>wonderful</b>.</p></body></html>",
        encoding="utf-8",
    )
    code, out, err = _run(capsys, "classify", "--json", "--explain", str(page))
    assert code == 0, err
    doc = json.loads(out)
    words = {a["text"] for a in doc["attributions"]}
    assert "wonderful" in words and not words & {"<", "style", "color", "red", "b"}
    assert doc["truncated"] is False and "reads at once" not in err

    code, out, err = _run(capsys, "classify", "--json", str(build.docx_file(tmp_path / "r.docx")))
    assert code == 0 and json.loads(out)["labels"], err
    assert "--multi-label is for labels you give" not in err
    code, out, err = _run(capsys, "classify", "--multi-label", str(page))
    assert code == 0 and "note: --multi-label is for labels you give" in err  # not ignored
    docx = str(build.docx_file(tmp_path / "e.docx"))
    code, out, err = _run(capsys, "classify", "--encoding", "gbk", docx)
    assert code == 0 and "--encoding is for text files; .docx files say their own" in err
    code, out, err = _run(capsys, "classify", "--encoding", "utf-8", str(page))
    assert code == 0 and "--encoding is for text files" not in err  # HTML is text

    long = tmp_path / "long.txt"
    long.write_text("The food was wonderful. " * 500, encoding="utf-8")
    code, out, err = _run(capsys, "classify", "--json", str(long))
    assert code == 0 and json.loads(out)["truncated"] is True
    # (how much: "its beginning" of 500 sentences was their first few)
    read = json.loads(out)["read"]
    assert 0.01 < read < 0.1
    share = round(read * 100)
    assert f"long.txt is longer than sentiment reads at once; its beginning (about {share} %" in err
    # From standard input: "the text" (it said "- is longer than…").
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(long.read_bytes())))
    code, out, err = _run(capsys, "classify")
    assert code == 0 and "note: the text is longer than sentiment reads at once" in err


def test_embed_with_a_model_that_writes_text_says_so(
    tmp_path: Path, quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "a.txt"
    src.write_text("one line\n", encoding="utf-8")
    code, _out, err = _run(capsys, "embed", "--model", str(exported("marian")), str(src))
    assert code == 1 and "writes text; it is not an embedding model" in err


def test_serve_on_a_host_name_that_does_not_resolve_says_to_check_the_host(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _out, err = _run(
        capsys, "serve", "--host", "nosuchhost.invalid", "--api-key", "k", "--port", "0"
    )
    assert code == 1 and "Give --host an address of this computer" in err


def test_classify_reads_markdown_as_the_text_it_is(
    tmp_path: Path, quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _install(quire_home, "bert-cls", "sentiment")
    src = tmp_path / "review.md"
    src.write_text("# Review\n\nThe food was **wonderful**.\n", encoding="utf-8")
    code, out, err = _run(capsys, "classify", "--model", "sentiment", str(src))
    assert code == 0, err
    assert out.strip()


def test_a_generated_answer_has_no_invented_place_and_its_citations_have_theirs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An instruction model's answer is no span of the document (start -1): its ``source`` is
    null, not the first paragraph; each citation names the paragraph it quotes."""
    from engine.api import Answer, AskRequest, AskResult, Citation, ModelUsed
    from engine.cli import tasks

    def answered(_engine: object, request: AskRequest) -> AskResult:
        start = request.context.index("The park")
        return AskResult(
            answers=(Answer("At six [2].", 0.9, -1, -1),),
            model=ModelUsed("tiny-instruct", tmp_path, "onnx", "fp32", "cpu"),
            generated=True,
            citations=(Citation(2, start, start + 23, request.context[start : start + 23]),),
        )

    monkeypatch.setattr(tasks, "run_request", answered)
    page = tmp_path / "page.html"
    page.write_text("<p>The mill stands by the river.</p><p>The park closes at six.</p>")
    code, out, _ = _run(capsys, "ask", "--json", "-q", "When does the park close?", str(page))
    assert code == 0
    document = json.loads(out)
    assert document["file"] == str(page)  # as summarize's results name theirs
    (answer,) = document["answers"]
    assert answer["start"] == -1 and answer["source"] is None
    (citation,) = document["citations"]
    assert citation["text"] == "The park closes at six." and citation["source"]["id"] == "p2"


def test_a_cancelled_json_command_still_prints_one_json_document(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from engine.cli import tasks
    from engine.errors import Cancelled

    def cancelled(_engine: object, _request: object) -> None:
        raise Cancelled()

    monkeypatch.setattr(tasks, "run_request", cancelled)
    src = tmp_path / "in.txt"
    src.write_text("The city opened a new library.", encoding="utf-8")
    code, out, err = _run(capsys, "summarize", "--json", str(src))
    assert code == 130 and err.strip().endswith("quire: cancelled")
    assert json.loads(out)["error"]["type"] == "Cancelled"


def test_translating_several_files_goes_on_past_a_bad_one(
    tmp_path: Path, quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Text files and documents alike: the bad file is said on stderr (and in its place in
    --json), the others are translated, and the exit status is 1."""
    from tests.fixtures import documents as build

    _install(quire_home, "marian", "opus-mt-en-de")
    first, empty, last = tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "c.txt"
    first.write_text("The city opened a new library.\n", encoding="utf-8")
    empty.write_text("  \n", encoding="utf-8")
    last.write_text("The river flooded the old town.\n", encoding="utf-8")
    texts = [str(first), str(empty), str(last)]
    code, out, err = _run(capsys, "translate", "--from", "en", "--to", "de", "--json", *texts)
    assert code == 1 and str(empty) in err
    a, b, c = json.loads(out)["results"]
    assert (a["file"], b["file"], c["file"]) == tuple(texts)
    assert isinstance(a["text"], str) and isinstance(c["text"], str)
    assert b["error"]["type"] == "InputError" and isinstance(a["failed_units"], list)

    good = build.docx_file(tmp_path / "good.docx")
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    docs = [str(broken), str(good)]
    code, out, err = _run(capsys, "translate", "--from", "en", "--to", "de", "--json", *docs)
    assert code == 1 and str(broken) in err
    bad, ok = json.loads(out)["results"]
    assert bad["file"] == str(broken) and bad["error"]["type"] == "DocumentError"
    assert ok["file"] == str(good) and Path(ok["output"]).is_file()


def _quire(folder: Path, env: dict[str, str], *argv: str) -> subprocess.CompletedProcess[bytes]:
    """``quire ARGV`` in a process of its own, in ``folder``, with ``env``."""
    return subprocess.run(
        [sys.executable, "-m", "engine.cli", *argv],
        capture_output=True,
        env=env,
        cwd=folder,
        timeout=120,
        check=False,
    )


def test_output_in_a_legacy_code_page_is_utf_8_or_replaced_never_a_traceback(
    tmp_path: Path,
) -> None:
    """Windows redirects stdout in cp1252: a Chinese file name in a --json error ended the
    command with UnicodeEncodeError and half a document."""
    import io
    import os

    from engine.cli.main import unicode_output

    redirected = io.TextIOWrapper(io.BytesIO(), encoding="cp1252")
    unicode_output(redirected)
    redirected.write("文件")
    redirected.flush()
    assert redirected.buffer.getvalue() == "文件".encode()

    env = {**os.environ, "PYTHONIOENCODING": "cp1252", "QUIRE_HOME": str(tmp_path / "home")}
    done = _quire(tmp_path, env, "translate", "--to", "de", "--json", "缺少.txt")
    assert done.returncode == 1 and b"Traceback" not in done.stderr, done.stderr[-800:]
    error = json.loads(done.stdout.decode("cp1252"))["error"]
    assert error["type"] == "DocumentError" and error["path"] == "??.txt"


def test_a_file_name_that_is_no_text_is_written_as_its_bytes_never_a_traceback(
    tmp_path: Path,
) -> None:
    """A name with a byte that is not UTF-8 (Python holds it as a surrogate) ended a batch
    with UnicodeEncodeError at its header, its other files untranslated; in the C locale
    every message naming a non-ASCII file was lost, the command failing without a word."""
    import io
    import os

    from engine.cli.main import unicode_output

    for encoding, name, written in [
        ("utf-8", "\udcff\udcfe.txt", b"\xff\xfe.txt"),
        ("ascii", "caf\udcc3\udca9.txt", b"caf\xc3\xa9.txt"),  # the C locale's café.txt
        ("utf-8", "lone \ud800", b"lone \\ud800"),  # (no name's: escaped)
    ]:
        stream = io.TextIOWrapper(io.BytesIO(), encoding=encoding)
        unicode_output(stream)
        stream.write(name)
        stream.flush()
        assert stream.buffer.getvalue() == written

    env = {**os.environ, "LC_ALL": "C", "PYTHONUTF8": "0", "QUIRE_HOME": str(tmp_path / "h")}
    env.pop("PYTHONIOENCODING", None)
    done = _quire(tmp_path, env, "translate", "--to", "de", "café.txt")
    assert done.returncode == 1 and b"Traceback" not in done.stderr, done.stderr[-800:]
    assert "No such file" in done.stderr.decode() and "café.txt" in done.stderr.decode()


def test_progress_lines_count_the_rounds_of_a_stage_that_starts_over(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long text is summarized in rounds, each reported as "summarizing" from 0 again: the
    progress line says which round it is, and a new stage counts from its first round."""
    from engine.api import Progress
    from engine.cli.tasks import StderrProgress

    progress = StderrProgress()
    assert not progress.tty  # (captured: plain lines)
    monkeypatch.setattr(StderrProgress, "PLAIN_EVERY", 0.0)
    for event in [
        Progress("summarizing", 1, 3),
        Progress("summarizing", 2, 3),
        Progress("summarizing", 3, 3),
        Progress("summarizing", 1, 2),
        Progress("summarizing", 2, 2),
        Progress("summarizing", 1, 2),
        Progress("reading", 1, 4),
    ]:
        progress(event)
    assert capsys.readouterr().err.splitlines() == [
        "summarizing 1/3",
        "summarizing 2/3",
        "summarizing (round 2) 1/2",
        "summarizing (round 3) 1/2",
        "reading 1/4",
    ]


@pytest.mark.parametrize("name", ["SIGINT", "SIGTERM"])
def test_ctrl_c_and_sigterm_cancel_cooperatively_then_stop_at_once(name: str) -> None:
    """A service manager's stop or ``timeout`` sends SIGTERM: the job cancels between units
    (what was finished is kept), as Ctrl-C does; the second one stops at once."""
    import signal

    from engine.api import ModelLoading
    from engine.cli.tasks import StderrProgress, _ctrl_c_cancels
    from engine.options import CancelToken

    sig = getattr(signal, name)
    seen: list[int] = []
    before = signal.signal(sig, lambda s, _f: seen.append(s))  # (instead of dying, unhandled)
    try:
        token, progress = CancelToken(), StderrProgress()
        progress(ModelLoading("m"))  # the job has begun
        with _ctrl_c_cancels(token, progress):
            signal.raise_signal(sig)
            assert token.cancelled and not seen
            with pytest.raises(KeyboardInterrupt):
                signal.raise_signal(sig)
        signal.raise_signal(sig)  # the handler before it is back
        assert seen == [sig]
        # Before the job has said a word (its input a named pipe no one writes to, waited
        # for in open, where no cancel is looked at): the first one stops it at once.
        token = CancelToken()
        with _ctrl_c_cancels(token, StderrProgress()), pytest.raises(KeyboardInterrupt):
            signal.raise_signal(sig)
    finally:
        signal.signal(sig, before)


@pytest.mark.skipif(not Path("/proc/self/wchan").exists(), reason="needs Linux's /proc")
def test_sigterm_ends_a_command_waiting_for_a_named_pipe(tmp_path: Path) -> None:
    """`timeout 20 quire translate fifo.md` waited for good: open() waits for a writer."""
    import os
    import signal
    import subprocess
    import sys
    import time

    fifo = tmp_path / "fifo.md"
    os.mkfifo(fifo)
    env = {**os.environ, "QUIRE_HOME": str(tmp_path / "home")}
    command = [sys.executable, "-m", "engine.cli", "translate", "--from", "en", "--to", "de"]
    with subprocess.Popen(
        [*command, str(fifo)], env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL
    ) as process:
        try:
            for _ in range(600):  # until it waits for a writer (its stack in open)
                wchan = Path(f"/proc/{process.pid}/wchan")
                if wchan.read_text() in ("fifo_open", "wait_for_partner"):
                    break
                assert process.poll() is None
                time.sleep(0.05)
            process.send_signal(signal.SIGTERM)
            assert process.wait(timeout=30) != 0
        finally:
            process.kill()


def test_translate_a_gettext_template_writes_a_catalog_in_the_language(
    tmp_path: Path, quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """xgettext's template through the real translator: NAME.de.po beside it, a catalog
    polib reads, every message filled in and fuzzy, its placeholders where gettext needs them
    (the tiny model's words are random; its placeholders come back or the output says)."""
    import polib

    _install(quire_home, "marian", "opus-mt-en-de")
    src = tmp_path / "app.pot"
    src.write_bytes((Path(__file__).parent / "data" / "po" / "app.pot").read_bytes())
    before = src.read_bytes()
    code, out, err = _run(capsys, "translate", "--json", "--from", "en", "--to", "de", str(src))
    doc = json.loads(out)
    written = tmp_path / "app.de.po"
    assert code == 0 and doc["output"] == str(written), err
    assert src.read_bytes() == before
    assert f"{src}: the messages translated are marked fuzzy, for review" in err
    po = polib.pofile(str(written))
    assert po.metadata["Language"] == "de" and not po.metadata_is_fuzzy
    entries = [e for e in po if e.msgid]
    assert len(entries) == 10
    # A message is filled in and fuzzy, or (the tiny model lost its placeholder, or gave
    # the text back) left empty: never the English copied in.
    done = [e for e in entries if e.msgstr or any(e.msgstr_plural.values())]
    assert done and all(e.flags[0] == "fuzzy" for e in done), err
    assert all("fuzzy" not in e.flags for e in entries if e not in done)
    assert all(e.msgstr != e.msgid for e in done)
    for entry in done:  # every placeholder where gettext needs it
        for placeholder in re.findall(r"%\(\w+\)\w|%[sd]|\{\w+\}|</?b>", entry.msgid):
            for value in [entry.msgstr, *entry.msgstr_plural.values()]:
                assert placeholder in value, (entry.msgid, value)
    plural = next(e for e in entries if e.msgid_plural)
    assert sorted(plural.msgstr_plural) == [0, 1]
    usage = next(e for e in entries if e.msgid.startswith("Usage"))
    assert usage in done and usage.msgstr.endswith("\n")  # (as msgfmt -c wants)


def test_translate_angulars_xliff_writes_name_lang_xlf_with_targets(
    tmp_path: Path, quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Angular's messages.xlf through the real translator: messages.de.xlf beside it (the
    name Angular's build looks for), its target language declared, each unit with a target
    holding every code of its source, or (the tiny model lost a placeholder) no target."""
    from lxml import etree

    _install(quire_home, "marian", "opus-mt-en-de")
    src = tmp_path / "messages.xlf"
    src.write_bytes((Path(__file__).parent / "data" / "xliff" / "angular-1.2.xlf").read_bytes())
    code, out, err = _run(capsys, "translate", "--json", "--from", "en", "--to", "de", str(src))
    written = tmp_path / "messages.de.xlf"
    assert code == 0 and json.loads(out)["output"] == str(written), err
    ns = "{urn:oasis:names:tc:xliff:document:1.2}"
    root = etree.fromstring(written.read_bytes())
    assert root.find(f"{ns}file").get("target-language") == "de"
    units = list(root.iter(f"{ns}trans-unit"))
    done = [u for u in units if u.find(f"{ns}target") is not None]
    assert done, err
    for unit in done:
        source, target = unit.find(f"{ns}source"), unit.find(f"{ns}target")
        assert source is not None and target is not None
        assert sorted(c.get("id") or "" for c in source) == sorted(
            c.get("id") or "" for c in target
        )
        assert target.get("state") == "needs-review-translation"


def test_a_catalog_for_another_language_is_refused_before_any_work(
    tmp_path: Path, quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """msginit's Russian catalog asked into German: refused by name before a unit is
    translated, and nothing is written."""
    _install(quire_home, "marian", "opus-mt-en-de")
    src = tmp_path / "ru.po"
    src.write_bytes((Path(__file__).parent / "data" / "po" / "ru.po").read_bytes())
    code, _out, err = _run(capsys, "translate", "--from", "en", "--to", "de", str(src))
    assert code == 1 and "This catalog is for ru, not de" in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ru.po"]


def test_a_catalog_without_to_is_translated_into_its_own_language(
    tmp_path: Path, quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """msginit's German catalog needs no --to: its header says German (NAME.de.po); its
    Russian one, with only an English-German model installed, asks for an English-Russian
    model rather than writing German into a Russian catalog."""
    _install(quire_home, "marian", "opus-mt-en-de")
    data = Path(__file__).parent / "data" / "po"
    for name in ("de.po", "ru.po"):
        (tmp_path / name).write_bytes((data / name).read_bytes())
    code, _out, err = _run(capsys, "translate", "--from", "en", str(tmp_path / "de.po"))
    assert code == 0 and (tmp_path / "de.de.po").is_file(), err
    code, _out, err = _run(capsys, "translate", "--from", "en", str(tmp_path / "ru.po"))
    assert code == 1 and "Install a model for en→ru" in err
    assert not (tmp_path / "ru.ru.po").exists() and not (tmp_path / "ru.de.po").exists()


def test_translate_an_i18next_file_writes_name_lang_json(
    tmp_path: Path, quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """i18next-parser's translation.json through the real translator: translation.de.json,
    valid JSON with the same keys, each value translated with its {{placeholders}} or (the
    tiny model lost one) as it was."""
    _install(quire_home, "marian", "opus-mt-en-de")
    src = tmp_path / "translation.json"
    src.write_bytes((Path(__file__).parent / "data" / "json" / "i18next.json").read_bytes())
    code, _out, err = _run(capsys, "translate", "--from", "en", "--to", "de", str(src))
    written = tmp_path / "translation.de.json"
    assert code == 0 and written.is_file(), err
    before, after = json.loads(src.read_text("utf-8")), json.loads(written.read_text("utf-8"))
    assert before.keys() == after.keys()
    assert after["dialog"]["welcome"].count("{{name}}") == 1
    assert after != before  # (some values translated)


@pytest.mark.parametrize(
    "command", [["ask", "-q", "Where?"], ["classify"], ["embed"], ["generate"]]
)
def test_a_folder_given_to_a_command_of_one_file_says_so_without_a_batch_hint(
    command: list[str], tmp_path: Path, quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """These commands have no -o OUT_DIR: the hint named one all the same."""
    code, out, err = _run(capsys, *command, str(tmp_path))
    assert code == 1 and out == "" and "This is a folder, not a file" in err
    assert "OUT_DIR" not in err and "Give a single file" in err


def test_summarize_of_a_folder_asks_where_its_summaries_go(
    tmp_path: Path, quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(capsys, "summarize", str(tmp_path))
    assert code == 2 and out == ""
    assert f"quire summarize: error: {tmp_path} is a folder" in err and "-o OUT_DIR" in err
