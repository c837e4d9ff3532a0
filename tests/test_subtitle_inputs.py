"""Subtitle files as people have them: their legacy encodings, the kind their content says
they are, and TTML's white space and markup kept byte for byte (the fixtures' makers in
tests/data/subtitles/README.md)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pytest
from lxml import etree

from desktop import errors
from desktop.panes import TranslatePane
from desktop.panes import translate as translate_pane
from engine.cli.main import main
from engine.documents import DocumentError, open_document, translate_file
from engine.engine import Engine
from engine.options import EngineOptions
from tests.fixtures.builder import exported
from tests.fixtures.desktop import Windows, windows

__all__ = ["windows"]  # a fixture, used by name

DATA = Path(__file__).parent / "data" / "subtitles"
_XML_LANG = re.compile(r"""\sxml:lang=(?:"[^"]*"|'[^']*')""")


def upper(texts: Sequence[str]) -> list[str]:
    return [t.upper() for t in texts]


# ----------------------------------------------------------------- encodings


def test_a_gbk_file_is_written_in_gbk_or_else_in_utf8_not_in_gb18030(tmp_path: Path) -> None:
    """A GBK .srt (pysubs2 saving Windows' code page 936) was detected as GB18030 and
    written so: "Schöne Grüße" became four-byte sequences that Python's gbk codec and
    players assuming code page 936 cannot read. It is GBK: written in GBK where the
    translation fits, else in UTF-8, said as other code pages' outputs are."""
    source = DATA / "pysubs2-gbk.srt"
    document = open_document(source)
    assert document.encoding is not None and document.encoding.name == "gbk"
    out = tmp_path / "gbk.zh.srt"
    result = translate_file(source, out, lambda texts: [t[::-1] for t in texts])
    assert result.encoding is not None and result.encoding.written == "gbk"
    assert out.read_bytes().decode("gbk") == source.read_bytes().decode("gbk").replace(
        "你好，我们走吧。", "。吧走们我，好你"
    ).replace("这是一个中文字幕文件。", "。件文幕字文中个一是这").replace(
        "他昨天去了车站。", "。站车了去天昨他"
    ).replace("我不知道你在说什么。", "。么什说在你道知不我")
    out = tmp_path / "gbk.de.srt"
    result = translate_file(source, out, lambda texts: ["Schöne Grüße" for _ in texts])
    assert result.encoding is not None
    assert (result.encoding.detected, result.encoding.written) == ("gbk", "utf-8")
    assert result.encoding.note() == "the output does not fit in gbk: written as UTF-8"
    assert out.read_bytes().decode("utf-8").count("Schöne Grüße") == 4


# ----------------------------------------------------------------- TTML


def _outside_text(data: bytes) -> list[str]:
    """The file's markup and the white space between its tags: each text node with words
    masked, and no xml:lang (it names the target, added where there was none)."""
    text = _XML_LANG.sub("", data.decode("utf-8"))
    return re.findall(r"<[^>]*>|[ \t\r\n]+(?=<)", re.sub(r"(?<=>)[^<]*\S[^<]*(?=<)", "#", text))


def test_preserved_white_space_and_every_byte_outside_the_words_are_kept(
    tmp_path: Path,
) -> None:
    """ttconv's lwsp_preserve.ttml: `<span xml:space="preserve"> my \\nname </span>` came back
    "MY NAME ": its spaces and line feed lost; and the <tt> start tag, written over five
    lines with its namespace declarations, was rewritten on one. Now the line feed is a
    line break of the cue, the preserved spaces stay around the translated words, and only
    the words and the root's xml:lang change."""
    source = DATA / "ttconv-lwsp_preserve.ttml"
    document = open_document(source)
    assert [u.text for u in document.units] == ["hello my\nname is Mathilda"]
    out = tmp_path / "lwsp.de.ttml"
    translate_file(source, out, lambda _: ["Hallo mein\nName ist Mathilda"], language="de")
    expected = (
        source.read_bytes()
        .replace(b'<tt xml:lang="en"', b'<tt xml:lang="de"')
        .replace(b"hello <span", b"Hallo <span")
        .replace(b"> my \nname </span>", b"> mein \nName </span>")
        .replace(b"is Mathilda", b"ist Mathilda")
    )
    assert out.read_bytes() == expected
    span = etree.fromstring(out.read_bytes()).find(".//{http://www.w3.org/ns/ttml}span")
    assert span is not None and span.text == " mein \nName "


def test_ttml_files_keep_their_markup_and_layout(tmp_path: Path) -> None:
    """Every TTML file's output had its <tt> start tag and each tag lxml writes otherwise
    (`<style … />` as `<style …/>`, attributes on lines of their own put on one) rewritten;
    now the markup and the white space between tags are the source's, byte for byte."""
    for name in ("ttconv-lwsp_preserve.ttml", "pysubs2-apple.ttml", "pysubs2-lines.ttml",
                 "ffmpeg-lines.ttml"):  # fmt: skip
        source = DATA / name
        out = tmp_path / name
        translate_file(source, out, upper, language="de")
        data = out.read_bytes()
        assert _outside_text(data) == _outside_text(source.read_bytes()), name
        assert etree.fromstring(data).get("{http://www.w3.org/XML/1998/namespace}lang") == "de"
        assert [u.text for u in open_document(out).units] == upper(
            [u.text for u in open_document(source).units]
        )


def test_timed_spans_with_no_space_between_are_one_word(tmp_path: Path) -> None:
    """Apple Music writes a word's syllables as spans with nothing between them and a space
    between words (`<span>be</span><span>fore</span>`): such spans are one word ("before"),
    spans with white space between them two (pysubs2's sample, indented a span a line,
    reads "be fore", as pysubs2 reads it)."""
    source = DATA / "pysubs2-apple.ttml"
    assert open_document(source).units[0].text == "When you were here be fore"
    tree = etree.parse(str(source))
    spans = list(tree.getroot().iter("{http://www.w3.org/ns/ttml}span"))
    for span in spans[:5]:
        span.tail = " " if span.text in ("When", "you were") else ""
    minified = tmp_path / "apple.ttml"
    tree.write(str(minified), encoding="utf-8")
    document = open_document(minified)
    assert document.units[0].text == "When you were herebefore"
    spans[2].tail = " "
    tree.write(str(minified), encoding="utf-8")
    assert open_document(minified).units[0].text == "When you were here before"


# ----------------------------------------------------------------- LRC


def test_enhanced_lyrics_send_their_words_and_keep_their_word_timings(tmp_path: Path) -> None:
    """lrc-kit's enhanced lyrics: A2's "<00:02.500> spark <00:03.000> light" was sent as
    " spark  light" (a leading and a double space) and foobar2000's "hello [00:06.000]
    world" with a time among its words. The words are sent alone, and the translation goes
    back between the timings as the words were, with the spaces around them."""
    a2 = DATA / "lrc-kit-a2.lrc"
    foobar = DATA / "lrc-kit-foobar2000.lrc"
    assert [u.text for u in open_document(a2).units] == ["spark light", "flow onward"]
    assert [u.text for u in open_document(foobar).units] == [
        "hello world",
        "feel the rhythm rise",
        "deeper hook",
    ]
    out = tmp_path / "a2.de.lrc"
    words = {"spark light": "Funke Licht"}
    translate_file(a2, out, lambda texts: [words.get(t, t) for t in texts], language="de")
    assert out.read_text(encoding="utf-8") == a2.read_text(encoding="utf-8").replace(
        "> spark <00:03.000> light", "> Funke <00:03.000> Licht"
    )
    out = tmp_path / "foobar.de.lrc"
    words = {"hello world": "Hallo Welt", "deeper hook": "tieferer Haken"}
    translate_file(foobar, out, lambda texts: [words.get(t, t) for t in texts], language="de")
    assert out.read_text(encoding="utf-8") == foobar.read_text(encoding="utf-8").replace(
        "hello [00:06.000] world", "Hallo [00:06.000] Welt"
    ).replace("deeper hook", "tieferer Haken")


# ----------------------------------------------------------------- a file's real kind


@pytest.mark.parametrize(
    ("fixture", "name", "kind"),
    [
        ("pysubs2-lines.vtt", "talk.srt", "WebVTT"),
        ("pysubs2.ass", "talk.srt", "SubStation Alpha"),
        ("pysubs2-lines.srt", "talk.vtt", "SubRip"),
    ],
)
def test_a_subtitle_file_is_read_as_the_kind_its_content_is(
    fixture: str, name: str, kind: str, tmp_path: Path
) -> None:
    """A WebVTT or .ass file renamed .srt gave "This is not a valid SubRip file: a cue
    without a timing at line 1", and an .srt renamed .vtt "it does not start with WEBVTT",
    where players read each by its content. Each is read as what it is and written back in
    its own kind under its own name, with a note saying so."""
    reference = open_document(DATA / fixture)
    source = tmp_path / name
    source.write_bytes((DATA / fixture).read_bytes())
    document = open_document(source)
    assert type(document) is type(reference)
    assert [u.text for u in document.units] == [u.text for u in reference.units]
    assert [(n.message_id, n.params) for n in document.notes] == [
        ("document.subtitle_kind", {"name": name, "kind": kind, "suffix": source.suffix})
    ]
    out = tmp_path / f"talk.de{source.suffix}"
    translate_file(source, out, upper, language="de")
    assert out.read_bytes() == reference.render(upper([u.text for u in reference.units]))


def test_quire_translate_says_what_a_renamed_subtitle_file_is(
    quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Engine(EngineOptions(home=quire_home)).import_model(exported("marian"), "opus-mt-en-de")
    source = tmp_path / "talk.srt"
    source.write_bytes((DATA / "pysubs2-lines.vtt").read_bytes())
    code = main(["translate", "--from", "en", "--to", "de", str(source)])
    _out, err = capsys.readouterr()
    assert code == 0, err
    assert "talk.srt is a WebVTT file with a .srt name" in err
    assert (tmp_path / "talk.de.srt").read_text(encoding="utf-8").startswith("WEBVTT")


# ----------------------------------------------------------------- subtitles as pictures

# What each file starts with: a PGS stream's first segment ("PG", its times, a presentation
# composition) and VobSub's index, as Subtitle Edit and mkvextract write them. Quire refuses
# them by name, before reading a byte.
PICTURES = {
    "film.sup": b"PG\x00\x00\x00\x00\x00\x00\x00\x00\x16\x00\x13\x07\x80\x04\x38\x10",
    "film.idx": b"# VobSub index file, v7 (do not modify this line!)\n"
    b"size: 720x480\npalette: 000000, 828282, 828282\n\nid: en, index: 0\n"
    b"timestamp: 00:00:01:000, filepos: 000000000\n",
}
KINDS = {"film.sup": "Blu-ray PGS", "film.idx": "VobSub"}


@pytest.mark.parametrize("name", sorted(PICTURES))
def test_subtitles_as_pictures_are_refused_for_what_they_are(
    name: str, quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`quire translate img.sup --to de` said "This is a binary file, not text … name its
    encoding with --encoding", and an .idx (VobSub's index, text) was read as text, refused
    only for want of a model (with one, its palette and timings went to the model). Each
    is refused as a VobSub .sub is, by the documents' reader, the command line and the app,
    before any model is asked for."""
    path = tmp_path / name
    path.write_bytes(PICTURES[name])
    suffix = path.suffix
    with pytest.raises(DocumentError) as caught:
        open_document(path)
    assert caught.value.message_id == "document.image_subtitles"
    assert caught.value.params == {"suffix": suffix, "kind": KINDS[name]}
    assert "OCR" in (caught.value.hint or "")
    code = main(["translate", "--to", "de", str(path)])  # (no model installed)
    _out, err = capsys.readouterr()
    assert code == 1
    assert f"This {suffix} file holds pictures of subtitles ({KINDS[name]}), not text" in err
    assert "model" not in err


def test_the_app_refuses_subtitles_as_pictures_before_asking_for_a_model(
    windows: Windows, quire_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Dropped on Translate with no model installed, a .sup said "No translation model is
    installed", which installing one would not have helped."""
    window = windows.open(EngineOptions(home=quire_home), tmp_path / "settings" / "quire.ini")
    pane = window.panes[0]
    assert isinstance(pane, TranslatePane) and not pane.entries
    shown: list[BaseException] = []
    monkeypatch.setattr(translate_pane, "present", lambda error, _parent=None: shown.append(error))
    said: list[str] = []
    pane.status.connect(said.append)
    path = tmp_path / "film.sup"
    path.write_bytes(PICTURES["film.sup"])
    assert pane.translate_files([path]) is False
    assert said == [] and len(shown) == 1
    message = errors.describe(shown[0])
    assert message is not None
    assert "This .sup file holds pictures of subtitles (Blu-ray PGS), not text." in message.text
