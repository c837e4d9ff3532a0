""".sub subtitles: MicroDVD as pysubs2 writes it (tests/data/subtitles/pysubs2-lines.sub, by
tools/make_producer_fixtures.py), read back by pysubs2; SubViewer 2.0 (no program here
writes it: the format's own example); VobSub's pictures refused with what to do."""

from __future__ import annotations

import re
from pathlib import Path

import pysubs2
import pytest

from engine.documents import open_document, translate_file
from engine.documents.errors import DocumentError

DATA = Path(__file__).parent / "data" / "subtitles"
CUES = [
    "I never thought I would see you again\nafter all these years.",
    "I waited for you at the station\nall night long.",
    "- Who is there?\n- Only me.",
]
ONE_LINE = {
    CUES[0]: "Ich hätte nie gedacht, dass ich dich nach all den Jahren wiedersehen würde.",
    CUES[1]: "Ich habe die ganze Nacht am Bahnhof auf dich gewartet.",
    CUES[2]: "- Wer ist da? - Nur ich.",
}
FPS = 23.976


def events(path: Path) -> list[pysubs2.SSAEvent]:
    """The cues pysubs2 reads (it reads the frame-rate line, "{0}{0}23.976", as a cue too)."""
    loaded = pysubs2.load(str(path), format_="microdvd", fps=FPS)
    return [e for e in loaded if e.plaintext != str(FPS)]


@pytest.mark.parametrize("name", ["pysubs2-lines.sub", "gaupol-microdvd-lines.sub"])
def test_microdvd_cues_keep_their_frames_codes_and_lines(name: str, tmp_path: Path) -> None:
    source = DATA / name
    before = source.read_bytes()
    assert [u.text for u in open_document(source).units] == CUES  # (not the frame rate's)
    out = tmp_path / "talk.de.sub"
    translate_file(source, out, lambda batch: [ONE_LINE[t] for t in batch])
    assert source.read_bytes() == before
    written = out.read_text(encoding="utf-8")
    rate = "{0}{0}23.976\n" if name.startswith("pysubs2") else ""  # (Gaupol writes none)
    assert written.startswith(rate + "{24}{72}{Y:i}")  # the rate, the frames, italics
    got, old = events(out), events(source)
    assert [(e.start, e.end) for e in got] == [(e.start, e.end) for e in old]
    for event, wanted in zip(got, ONE_LINE.values(), strict=True):
        lines = event.plaintext.split("\n")
        assert len(lines) == 2 and " ".join(lines) == wanted
    assert got[2].plaintext == "- Wer ist da?\n- Nur ich."


def test_bilingual_microdvd(tmp_path: Path) -> None:
    out = tmp_path / "talk.sub"
    source = DATA / "pysubs2-lines.sub"
    translate_file(source, out, lambda batch: [ONE_LINE[t] for t in batch], bilingual=True)
    for event, cue in zip(events(out), CUES, strict=True):
        lines = event.plaintext.split("\n")
        assert lines[:2] == cue.split("\n") and " ".join(lines[2:]) == ONE_LINE[cue]


# SubViewer 2.0's example of itself: its header, then cues whose lines "[br]" separates.
SUBVIEWER = """[INFORMATION]
[TITLE]xxxxxxxxxx
[AUTHOR]xxxxxxxx
[SOURCE]xxxxxxxxxxxxxxxx
[PRG]
[FILEPATH]
[DELAY]0
[CD TRACK]0
[COMMENT]xxxxxxxxx
[END INFORMATION]
[SUBTITLE]
[COLF]&HFFFFFF,[STYLE]bd,[SIZE]18,[FONT]Arial
00:00:41.00,00:00:44.40
The Age of Gods was closing.[br]Eternity had come to an end.

00:00:55.00,00:00:58.40
The heavens shook as the armies of Falis,[br]God of Light...
"""


def test_gaupols_subviewer(tmp_path: Path) -> None:
    """Gaupol's SubViewer 2.0: its header, cues, "[br]" and the italics it writes as tags."""
    source = DATA / "gaupol-lines.sub"
    # (a line break inside a sentence is sent as a space; a speaker's stays)
    sent = [cue.replace("\n", " ") for cue in CUES[:2]] + CUES[2:]
    assert [u.text for u in open_document(source).units] == sent
    out = tmp_path / "talk.de.sub"
    translate_file(source, out, lambda batch: [ONE_LINE[CUES[sent.index(t)]] for t in batch])
    written = out.read_text(encoding="utf-8")
    before = source.read_text(encoding="utf-8")
    assert written.startswith(before[: before.index("00:00:01.00")])
    blocks = written.split("\n\n")[1:]
    assert blocks[0].startswith("00:00:01.00,00:00:03.00\n<i>") and blocks[0].endswith("</i>")
    for block, wanted in zip(blocks, ONE_LINE.values(), strict=True):
        text = block.split("\n", 1)[1].strip().removeprefix("<i>").removesuffix("</i>")
        lines = text.split("[br]")
        assert len(lines) == 2 and " ".join(lines) == wanted
    reread = [u.text for u in open_document(out).units]
    assert [t.replace("\n", " ") for t in reread] == list(ONE_LINE.values())


def test_subviewer_cues_and_their_line_breaks(tmp_path: Path) -> None:
    source = tmp_path / "gods.sub"
    source.write_text(SUBVIEWER, encoding="cp1252")
    assert [u.text for u in open_document(source).units] == [
        "The Age of Gods was closing.\nEternity had come to an end.",
        "The heavens shook as the armies of Falis, God of Light...",  # (its break: layout)
    ]
    out = tmp_path / "gods.de.sub"
    translate_file(source, out, lambda batch: ["Das Zeitalter der Götter endete." for _ in batch])
    written = out.read_text(encoding="utf-8")  # (an ASCII file: "ö" needs UTF-8)
    assert written.startswith(SUBVIEWER[: SUBVIEWER.index("00:00:41.00")])  # the header
    # (a translation that fits one line is one line, its two sentences' break gone)
    assert "00:00:41.00,00:00:44.40\nDas Zeitalter der Götter endete.\n" in written
    translate_file(
        source, out, lambda batch: ["Die Götter.\nDas Ende der Ewigkeit." for _ in batch]
    )
    assert "00:00:41.00,00:00:44.40\nDie Götter.[br]Das Ende der Ewigkeit.\n" in out.read_text(
        encoding="utf-8"
    )


def test_vobsub_pictures_are_refused_with_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "movie.sub"
    path.write_bytes(b"\x00\x00\x01\xba" + bytes(2044))
    with pytest.raises(DocumentError) as caught:
        open_document(path)
    assert caught.value.message_id == "document.image_subtitles"
    assert "OCR" in (caught.value.hint or "") and ".srt" in (caught.value.hint or "")


def test_a_sub_file_with_no_cue_is_said_so(tmp_path: Path) -> None:
    path = tmp_path / "notes.sub"
    path.write_text("Just a note, no timings.\n", encoding="utf-8")
    with pytest.raises(DocumentError) as caught:
        open_document(path)
    assert "not a valid MicroDVD or SubViewer file" in caught.value.message


@pytest.mark.parametrize(
    ("cue", "translation", "written"),
    [
        # A line's control code stays at its line's start, whatever the translation's lines.
        ("{10}{50}Hi|{y:i}General Kenobi you are a bold one",
         "Hallo da drüben, mein lieber Freund\nGeneral Kenobi",
         "{10}{50}Hallo da drüben, mein lieber Freund|{y:i}General Kenobi"),
        ("{60}{70}{y:i}First line|{y:i}second line",
         "Erste Zeile hier ist lang, und so lang, dass sie zwei Zeilen braucht",
         "{60}{70}{y:i}Erste Zeile hier ist lang, und so lang,|{y:i}dass sie zwei Zeilen braucht"),
        ("{10}{50}Hello there|{y:i}General Kenobi", "HELLO THERE\nGENERAL KENOBI\nEXTRA LINE",
         "{10}{50}HELLO THERE|{y:i}GENERAL KENOBI EXTRA LINE"),
    ],
)  # fmt: skip
def test_a_lines_codes_stay_at_its_start(
    cue: str, translation: str, written: str, tmp_path: Path
) -> None:
    source = tmp_path / "kenobi.sub"
    source.write_text("{1}{1}25.000\n" + cue + "\n", encoding="utf-8")
    out = tmp_path / "kenobi.de.sub"
    translate_file(source, out, lambda batch: [translation for _ in batch])
    assert out.read_text(encoding="utf-8") == "{1}{1}25.000\n" + written + "\n"


def test_mpl2_subtitles_in_a_txt_file_keep_their_timings(tmp_path: Path) -> None:
    """Subtitle sites hand out MPL2 (and MicroDVD) as .txt: read as cues, their timings and
    codes kept, not as one paragraph of text whose timings a model rewrites."""
    source = DATA / "gaupol-mpl2.txt"
    assert [u.text for u in open_document(source).units] == CUES
    out = tmp_path / "film.txt"
    translate_file(source, out, lambda batch: [ONE_LINE[t] for t in batch])
    written = out.read_text(encoding="utf-8").splitlines()
    assert [line[:8] for line in written] == ["[10][30]", "[30][50]", "[50][60]"]
    assert written[0].startswith("[10][30]/") and "|/" in written[0]  # italics, both lines
    assert written[0].count("|") == 1


def test_a_txt_of_subtitles_is_a_document_on_the_command_line(
    quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Not printed as text: written beside it as NAME.<lang>.txt with its timings."""
    from engine.cli.main import main
    from engine.engine import Engine
    from engine.options import EngineOptions
    from tests.fixtures.builder import exported

    Engine(EngineOptions(home=quire_home)).import_model(exported("marian"), "opus-mt-en-de")
    source = tmp_path / "film.txt"
    source.write_bytes((DATA / "gaupol-mpl2.txt").read_bytes())
    assert main(["translate", "--from", "en", "--to", "de", str(source)]) == 0
    written = (tmp_path / "film.de.txt").read_text(encoding="utf-8").splitlines()
    assert [line[:8] for line in written] == ["[10][30]", "[30][50]", "[50][60]"]
    assert capsys.readouterr().out == ""  # nothing printed: a file was written


@pytest.mark.parametrize(
    "text",
    [
        "Minutes of the meeting.\n\n[1][2] See the appendix.\nThe budget was approved.\n",
        # A chat log, a transcript, a log: time stamps, and lines without one.
        "[12:30] <alice> hi\n[12:31] <bob> hello\n[12:32] <alice> the notes?\n"
        "and the notes from last week too\n",
        "Interview with the mayor\n[00:00:05] Host: Welcome.\n[00:00:09] Mayor: Thanks.\n"
        "[00:00:15] Host: Let us start.\n",
        "12:30:45: Server started\n12:30:46: Listening\n12:31:00: Request\n",
        "[00:01.00]Lyrics in a .txt\n[00:02.00]stay text\n[00:03.00]here\n",
    ],
)
def test_texts_with_time_stamps_stay_text(text: str, tmp_path: Path) -> None:
    """Only MicroDVD's and MPL2's timings, on every line, make a .txt subtitles: nothing of a
    text is left out because a line of it has no time stamp."""
    from engine.documents import document_in_text

    path = tmp_path / "notes.txt"
    path.write_text(text, encoding="utf-8")
    assert not document_in_text(path)
    assert "\n\n".join(u.text for u in open_document(path).units).replace("\n\n", "\n") == (
        text.strip().replace("\n\n", "\n")
    )


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff")],
)
def test_subtitles_in_a_txt_are_found_in_any_encoding(
    encoding: str, bom: bytes, tmp_path: Path
) -> None:
    from engine.documents import document_in_text

    text = (DATA / "gaupol-mpl2.txt").read_text(encoding="utf-8").replace("\n", "\r")
    path = tmp_path / "film.txt"
    path.write_bytes(bom + text.encode(encoding))
    assert document_in_text(path)
    assert [u.text for u in open_document(path).units] == CUES


def test_a_pipe_is_never_read_to_sniff_it(tmp_path: Path) -> None:
    """A second reading would find it empty (and the first would wait for a writer)."""
    import os

    from engine.documents import document_in_text

    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes on this system")
    pipe = tmp_path / "fifo.txt"
    os.mkfifo(pipe)
    assert not document_in_text(pipe)


def test_gaupols_lrc_lyrics(tmp_path: Path) -> None:
    source = DATA / "gaupol.lrc"
    assert [u.text for u in open_document(source).units] == [
        c.replace("\n", " ") for c in CUES
    ]  # (LRC has one line a cue: Gaupol joined them)
    out = tmp_path / "song.lrc"
    translate_file(source, out, lambda batch: [t.upper() for t in batch])
    assert out.read_text(encoding="utf-8").splitlines() == [
        line[:10] + line[10:].upper() for line in source.read_text("utf-8").splitlines()
    ]


# An enhanced LRC (its tags, a line sung twice, word timings), as the format describes it.
ENHANCED = """[ti:Station]
[ar:Nobody]
[offset:+100]
[00:12.00][01:15.30]I waited at the station
[00:17.20]<00:17.20>all <00:18.00>night <00:18.90>long
"""


def test_lrc_tags_repeats_and_word_timings_stay(tmp_path: Path) -> None:
    source = tmp_path / "song.lrc"
    source.write_text(ENHANCED, encoding="utf-8")
    assert [u.text for u in open_document(source).units] == [
        "I waited at the station",
        "all night long",
    ]
    out = tmp_path / "song.de.lrc"
    translate_file(source, out, lambda batch: ["Ich wartete am Bahnhof", "die ganze Nacht"])
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[:3] == ENHANCED.splitlines()[:3]
    assert lines[3] == "[00:12.00][01:15.30]Ich wartete am Bahnhof"
    assert lines[4].startswith("[00:17.20]<00:17.20>") and lines[4].count("<") == 3
    assert re.sub(r"<[^>]*>", "", lines[4][10:]).split() == ["die", "ganze", "Nacht"]


def test_an_lrc_lines_bar_is_text_and_its_translation_one_line(tmp_path: Path) -> None:
    source = tmp_path / "song.lrc"
    source.write_text("[00:01.00]Rock | Roll\n[00:02.00]Second line\n", encoding="utf-8")
    assert [u.text for u in open_document(source).units] == ["Rock | Roll", "Second line"]
    out = tmp_path / "song.de.lrc"
    translate_file(source, out, lambda batch: [t.replace("line", "\nZeile") for t in batch])
    assert out.read_text(encoding="utf-8") == "[00:01.00]Rock | Roll\n[00:02.00]Second Zeile\n"


@pytest.mark.parametrize("name", ["empty.sub", "blank.sub", "empty.lrc", "blank.lrc"])
def test_an_empty_sub_or_lrc_has_no_text_rather_than_being_damaged(
    name: str, tmp_path: Path
) -> None:
    path = tmp_path / name
    path.write_text("" if name.startswith("empty") else "\n  \n", encoding="utf-8")
    with pytest.raises(DocumentError) as caught:
        open_document(path)
    assert caught.value.message_id == "document.no_text"
