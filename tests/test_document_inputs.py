"""Inputs as people have them: documents in formats Quire does not read are refused by name,
before any work, with what to save them as (the command line and the app's document registry
alike); a subtitle cue that lacks the blank line before the next is two cues, as players
read it."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.cli.main import main
from engine.documents import DocumentError, open_document, translate_file
from engine.errors import InputError
from engine.fileio import OTHER_DOCUMENTS

# What a file of a format Quire does not read may hold that reads as text (a WordPerfect or
# old Works file's words): refused by its name, never read as text.
OTHER = "The committee met on Monday.\n"


@pytest.mark.parametrize(
    "argv",
    [
        ["translate", "--to", "de"],
        ["summarize"],
        ["ask", "--question", "When did the committee meet?"],
    ],
)
@pytest.mark.parametrize(
    ("suffix", "save_as"), [(".abw", ".docx"), (".vsd", ".vsdx"), (".lwp", ".docx")]
)
def test_the_cli_refuses_a_document_it_cannot_read_before_any_work(
    argv: list[str],
    suffix: str,
    save_as: str,
    tmp_path: Path,
    quire_home: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """No model is installed: a command that read the file as text would fail on the model."""
    path = tmp_path / f"minutes{suffix}"
    path.write_text(OTHER, encoding="ascii")  # a .vsd named so is refused by its name alone
    before = set(tmp_path.iterdir())
    code = main([*argv, str(path)])
    err = capsys.readouterr().err
    assert code == 1
    assert f"Quire cannot read {suffix} files" in err
    assert f"as {save_as}" in err
    assert "model" not in err.lower()
    assert set(tmp_path.iterdir()) == before


@pytest.mark.parametrize("argv", [["translate", "--to", "de"], ["summarize"]])
def test_the_cli_refuses_it_among_other_files_before_working_on_any(
    argv: list[str], tmp_path: Path, quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The text file comes first: working on it would fail on the missing model."""
    text = tmp_path / "a.txt"
    text.write_text("The committee met on Monday.\n", encoding="utf-8")
    old = tmp_path / "b.abw"
    old.write_text(OTHER, encoding="ascii")
    code = main([*argv, str(text), str(old)])
    err = capsys.readouterr().err
    assert code == 1 and "Quire cannot read .abw files" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.abw"]


def test_the_registry_refuses_the_same_formats_with_the_same_words(tmp_path: Path) -> None:
    """The app's queue opens documents through the registry: one list, one sentence."""
    for suffix in (".abw", ".lwp", ".vsd"):  # (.wpd, .wps, .xlsb, .pages…: converted)
        assert suffix in OTHER_DOCUMENTS
        path = tmp_path / f"minutes{suffix}"
        path.write_text(OTHER, encoding="ascii")
        with pytest.raises(DocumentError) as caught:
            open_document(path)
        error = caught.value
        assert error.message == f"Quire cannot read {suffix} files"
        assert error.message_id == "document.unsupported"
        assert ".docx" in str(error.params["supported"])  # the app lists what it reads
        save_as, editor = OTHER_DOCUMENTS[suffix]
        assert f"{save_as}" in (error.hint or "") and editor in (error.hint or "")


def test_a_file_of_a_kind_quire_does_not_read_is_told_what_it_reads_by_kind(
    tmp_path: Path,
) -> None:
    """A .php or a man page dropped on Quire was told "Give one of: .adoc, .arb, .asc, …",
    ninety extensions in a row; now by kind (documents; slides, sheets and drawings; e-books;
    subtitles; apps' strings), every extension Quire reads in one kind, for the app's words
    and its open dialog's filters too."""
    from engine.documents.registry import KINDS, READERS, supported_kinds

    every = [suffix for suffixes in KINDS.values() for suffix in suffixes]
    assert sorted(every) == sorted(READERS)  # each in one kind, none twice, none unread
    path = tmp_path / "foo.pod"  # (Perl's POD: documentation Quire does not read)
    path.write_text("=head1 NAME\n\nfoo - a module\n", encoding="ascii")
    with pytest.raises(DocumentError) as caught:
        open_document(path)
    error = caught.value
    assert error.message == "Quire cannot read .pod files"
    assert error.message_id == "document.unsupported"
    kinds = supported_kinds()
    assert error.params["subtitles"] == ", ".join(kinds["subtitles"])
    assert ".srt" in kinds["subtitles"] and ".srt" not in str(error.params["documents"])
    # (a manual page's nine sections read as one range, those with a package's letters too)
    assert error.hint is not None
    assert error.hint.startswith("Quire reads documents (.1–.9 (.1ssl, .3pm…), .adoc")
    assert ".3ncurses" not in error.hint
    assert f"; e-books ({', '.join(kinds['ebooks'])});" in error.hint


@pytest.mark.parametrize("suffix", [".pdf", ".docx", ".pptx", ".odt", ".odp", ".epub"])
def test_an_empty_file_is_said_to_be_empty(tmp_path: Path, suffix: str) -> None:
    """Not "not a PDF file" or "not a zip archive": a file of no bytes has nothing yet."""
    path = tmp_path / f"new{suffix}"
    path.write_bytes(b"")
    with pytest.raises(DocumentError) as caught:
        open_document(path)
    assert caught.value.message == "The file is empty"
    assert caught.value.message_id == "document.no_text" and caught.value.path == path


# As the tester's player-made file: the second cue follows the first without a blank line.
NO_BLANK = (
    "1\n00:00:01,000 --> 00:00:02,000\nFirst cue text here.\n"
    "2\n00:00:02,000 --> 00:00:03,000\nSecond cue without blank line before.\n\n"
    "3\n00:00:03,500 --> 00:00:04,000\nThird cue.\n"
)


def test_a_srt_cue_without_its_blank_line_does_not_swallow_the_next(tmp_path: Path) -> None:
    path = tmp_path / "talk.srt"
    path.write_bytes(NO_BLANK.encode())
    units = open_document(path).units
    assert [(u.id, u.text) for u in units] == [
        ("cue1", "First cue text here."),
        ("cue2", "Second cue without blank line before."),
        ("cue3", "Third cue."),
    ]
    out = tmp_path / "talk.de.srt"
    translate_file(path, out, lambda batch: [t.upper() for t in batch])
    assert out.read_text(encoding="utf-8") == (
        "1\n00:00:01,000 --> 00:00:02,000\nFIRST CUE TEXT HERE.\n"
        "2\n00:00:02,000 --> 00:00:03,000\nSECOND CUE WITHOUT BLANK LINE BEFORE.\n\n"
        "3\n00:00:03,500 --> 00:00:04,000\nTHIRD CUE.\n"
    )


def test_a_srt_cue_without_a_number_after_a_missing_blank_line(tmp_path: Path) -> None:
    path = tmp_path / "talk.srt"
    path.write_bytes(
        b"1\n00:00:01,000 --> 00:00:02,000\nFirst line.\nSecond line.\n"
        b"00:00:02,000 --> 00:00:03,000\nNext cue.\n"
    )
    assert [u.text for u in open_document(path).units] == ["First line.\nSecond line.", "Next cue."]


def test_a_srt_cue_whose_text_is_a_number_keeps_it(tmp_path: Path) -> None:
    """Only a number right above a timing line is the next cue's number."""
    path = tmp_path / "count.srt"
    path.write_bytes(b"1\n00:00:01,000 --> 00:00:02,000\nWe count:\n3\nthen stop.\n")
    (unit,) = open_document(path).units
    assert unit.text == "We count: 3 then stop."  # (its line breaks are layout: spaces)


def test_a_vtt_cue_without_its_blank_line_does_not_swallow_the_next(tmp_path: Path) -> None:
    path = tmp_path / "talk.vtt"
    path.write_bytes(
        b"WEBVTT\n\n00:01.000 --> 00:02.000\nFirst cue.\n00:02.000 --> 00:03.000\nSecond cue.\n"
    )
    assert [u.text for u in open_document(path).units] == ["First cue.", "Second cue."]


def test_writing_without_replacing_keeps_the_file_there_and_takes_the_next_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from engine.fileio import write_atomic

    target = tmp_path / "memo.de.txt"
    target.write_text("mine", encoding="utf-8")
    assert write_atomic(target, "new", replace=False) == tmp_path / "memo.de (2).txt"
    # Where the file system has no hard links, the name is taken by creating it before the
    # rename: no moment is left where it is free and another program's file made there
    # would be replaced (the rename below would find the name free, were there one).
    import os

    monkeypatch.setattr("os.link", lambda *_args: (_ for _ in ()).throw(PermissionError(1, "no")))
    free_at_rename: list[str] = []
    rename = os.replace

    def watched(source: str, destination: str) -> None:
        if not Path(destination).exists():
            free_at_rename.append(destination)
        rename(source, destination)

    monkeypatch.setattr("os.replace", watched)
    assert write_atomic(target, "newer", replace=False) == tmp_path / "memo.de (3).txt"
    assert free_at_rename == []
    # A rename that fails (a virus scanner holding the file) leaves no empty file at a name.
    monkeypatch.setattr(
        "os.replace", lambda *_args: (_ for _ in ()).throw(PermissionError(13, "busy"))
    )
    with pytest.raises(InputError):
        write_atomic(target, "lost", replace=False)
    monkeypatch.setattr("os.replace", rename)
    assert [p.read_text(encoding="utf-8") for p in sorted(tmp_path.iterdir())] == [
        "new",
        "newer",
        "mine",
    ]
    assert write_atomic(target, "replaced") == target  # the default replaces, as before
    assert target.read_text(encoding="utf-8") == "replaced"
    assert len(list(tmp_path.iterdir())) == 3  # no temporary file left
