"""TTML (and DFXP) subtitles as pysubs2 and ffmpeg write them (tests/data/subtitles/, by
tools/make_producer_fixtures.py): cues read as an .srt's are, written back with their lines,
spans, timings and styles, and read back by pysubs2, another reader than ours."""

from __future__ import annotations

import re
from pathlib import Path

import pysubs2
import pytest
from lxml import etree

from engine.documents import open_document, translate_file
from engine.documents.errors import DocumentError

DATA = Path(__file__).parent / "data" / "subtitles"
FILES = ["pysubs2-lines.ttml", "ffmpeg-lines.ttml"]
CUES = [
    "I never thought I would see you again\nafter all these years.",
    "I waited for you at the station\nall night long.",
    "- Who is there?\n- Only me.",
]
# What a translator gives back: one line each, and two speakers' lines on one line.
ONE_LINE = [
    "Ich hätte nie gedacht, dass ich dich nach all den Jahren wiedersehen würde.",
    "Ich habe die ganze Nacht am Bahnhof auf dich gewartet.",
    "- Wer ist da? - Nur ich.",
]
TTML = "{http://www.w3.org/ns/ttml}"
LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def translated(batch: list[str]) -> list[str]:
    return [ONE_LINE[CUES.index(t)] for t in batch]


def events(path: Path) -> list[tuple[int, int, str]]:
    return [(e.start, e.end, e.plaintext) for e in pysubs2.load(str(path), format_="ttml")]


def skeleton(data: bytes) -> list[tuple[str, dict[str, str]]]:
    """Every element and its attributes (but the language), in order: all but the text."""
    root = etree.fromstring(data)
    return [
        (str(e.tag), {k: v for k, v in e.attrib.items() if k != LANG})
        for e in root.iter()
        if isinstance(e.tag, str)
    ]


@pytest.mark.parametrize("name", FILES)
def test_a_cues_lines_are_one_text_and_stay_lines(name: str, tmp_path: Path) -> None:
    source = DATA / name
    before = source.read_bytes()
    assert [u.text for u in open_document(source).units] == CUES
    out = tmp_path / name
    result = translate_file(source, out, translated, language="de")  # type: ignore[arg-type]
    assert source.read_bytes() == before and result.counts.failed == 0
    got = events(out)
    assert [(a, b) for a, b, _ in got] == [(a, b) for a, b, _ in events(source)]
    for (_, _, text), wanted in zip(got, ONE_LINE, strict=True):
        lines = text.split("\n")
        assert len(lines) == 2 and " ".join(lines) == wanted
    assert got[2][2] == "- Wer ist da?\n- Nur ich."  # broken before the second speaker
    assert skeleton(out.read_bytes()) == skeleton(before)  # timings, styles, spans
    assert etree.fromstring(out.read_bytes()).get(LANG) == "de"
    assert out.read_bytes().startswith(before[:5])  # the declaration, or its absence, kept


def test_a_span_keeps_its_share_of_the_text(tmp_path: Path) -> None:
    source = tmp_path / "styled.ttml"
    source.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<tt xmlns="http://www.w3.org/ns/ttml" '
        'xml:lang="en"><body><div>\n<p begin="1s" end="2s">\n  Do not\n  '
        '<span tts:fontStyle="italic" xmlns:tts="http://www.w3.org/ns/ttml#styling">ever'
        "</span> come back.\n</p></div></body></tt>\n",
        encoding="utf-8",
    )
    units = open_document(source).units
    assert [u.text.strip() for u in units] == ["Do not ever come back."]
    out = tmp_path / "styled.de.ttml"
    translate_file(source, out, lambda b: ["Komm ja nie wieder zurück." for _ in b])
    p = etree.fromstring(out.read_bytes()).find(f".//{TTML}p")
    assert p is not None
    span = p.find(f"{TTML}span")
    assert span is not None and (span.text or "").strip()  # the italic words are words
    assert " ".join("".join(p.itertext()).split()) == "Komm ja nie wieder zurück."


def test_dfxp_and_bilingual_cues(tmp_path: Path) -> None:
    """DFXP: TTML's draft namespace, as Netflix's and older tools' files have it."""
    data = (DATA / "ffmpeg-lines.ttml").read_bytes()
    dfxp = data.replace(b"http://www.w3.org/ns/ttml", b"http://www.w3.org/2006/10/ttaf1")
    source = tmp_path / "talk.dfxp"
    source.write_bytes(dfxp)
    assert [u.text for u in open_document(source).units] == CUES
    out = tmp_path / "talk.de.dfxp"
    translate_file(source, out, translated, bilingual=True)  # type: ignore[arg-type]
    root = etree.fromstring(out.read_bytes())
    cues = root.findall(".//{http://www.w3.org/2006/10/ttaf1}p")
    shown = ["\n".join(t.strip() for t in p.itertext()) for p in cues]
    assert len(shown) == 3
    for text, source_text, wanted in zip(shown, CUES, ONE_LINE, strict=True):
        lines = [line for line in text.split("\n") if line]
        assert lines[:2] == source_text.split("\n")
        assert " ".join(lines[2:]) == wanted and len(lines) == 4


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"<html><body><p>Hi</p></body></html>", "not TTML's <tt>"),
        (b"<tt xmlns='http://www.w3.org/ns/ttml'><body><p>Hi</body></tt>", "line 1"),
        (
            b'<!DOCTYPE tt [<!ENTITY a "aaaa">]><tt xmlns="http://www.w3.org/ns/ttml">'
            b"<body><div><p>&a;</p></div></body></tt>",
            "entity",
        ),
    ],
)
def test_a_file_that_is_not_ttml_is_said_so(data: bytes, words: str, tmp_path: Path) -> None:
    path = tmp_path / "subs.ttml"
    path.write_bytes(data)
    with pytest.raises(DocumentError) as caught:
        open_document(path)
    assert "not a valid TTML subtitle file" in caught.value.message
    assert words in caught.value.message


def one_cue(tmp_path: Path, inner: str, translation: str, *, space: str = "") -> str:
    """The cue ``<p>inner</p>`` translated as ``translation``: the written cue's content."""
    source = tmp_path / "cue.ttml"
    source.write_text(
        '<tt xmlns="http://www.w3.org/ns/ttml" xmlns:tts="http://www.w3.org/ns/ttml#styling">'
        f'<body><div><p begin="1s" end="2s"{space}>{inner}</p></div></body></tt>',
        encoding="utf-8",
    )
    out = tmp_path / "cue.de.ttml"
    translate_file(source, out, lambda batch: [translation for _ in batch])
    p = etree.fromstring(out.read_bytes()).find(f".//{TTML}p")
    assert p is not None
    inner_out = (p.text or "") + "".join(etree.tostring(c, encoding="unicode") for c in p)
    return inner_out.replace(' xmlns="http://www.w3.org/ns/ttml"', "").replace(
        ' xmlns:tts="http://www.w3.org/ns/ttml#styling"', ""
    )


@pytest.mark.parametrize(
    ("inner", "translation", "written"),
    [
        # More or fewer lines than the cue: breaks at the translator's lines, never between
        # a word and its full stop or question mark.
        ("Stop.<br/>Who are you?<br/>Nobody.", "Halt.\nWer bist du? Niemand.",
         "Halt.<br/>Wer bist du? Niemand."),
        ("Where is he?<br/>He left.", "Wo ist er?\nEr ist\ngegangen.",
         "Wo ist er?<br/>Er ist gegangen."),
        # A one-word translation of two lines: one line, no empty one above or below.
        ("Yes, sir.<br/>Right away.", "Sofort.", "Sofort."),
        # A span's punctuation stays with its word.
        ('Okay, <span tts:fontStyle="italic">fine.</span> Go!', "Gut, los.",
         'Gut, <span tts:fontStyle="italic"/>los.'),
        # A blank spacer line stays blank.
        ("Top line<br/><br/>Bottom line", "Obere Zeile untere Zeile",
         "Obere Zeile<br/><br/>untere Zeile"),
    ],
)  # fmt: skip
def test_a_translation_fits_the_cue_as_an_srt_cues_does(
    inner: str, translation: str, written: str, tmp_path: Path
) -> None:
    assert one_cue(tmp_path, inner, translation) == written


def test_a_rubys_reading_is_not_read_and_stays(tmp_path: Path) -> None:
    """IMSC's ruby: the reading over the words (``tts:ruby="text"``) is no text of the cue."""
    written = one_cue(
        tmp_path,
        '彼は<span tts:ruby="container"><span tts:ruby="base">東京</span>'
        '<span tts:ruby="text">とうきょう</span></span>に行った。',
        "He went to Tokyo.",
    )
    assert '<span tts:ruby="text">とうきょう</span>' in written
    shown = re.sub(r'<span tts:ruby="text">[^<]*</span>|<[^>]*>', "", written)
    assert shown == "He went to Tokyo."


def test_white_space_is_read_as_a_player_shows_it(tmp_path: Path) -> None:
    source = tmp_path / "indented.ttml"
    source.write_text(
        '<tt xmlns="http://www.w3.org/ns/ttml"><body><div>\n  <p begin="1s" end="2s">\n'
        "    Hello <span> world</span>,\n    <br/>\n    my\u00a0friend.\n  </p>\n"
        '  <p begin="2s" end="3s" xml:space="preserve">Line one\nLine two</p>\n'
        "</div></body></tt>",
        encoding="utf-8",
    )
    assert [u.text for u in open_document(source).units] == [
        "Hello world,\nmy\u00a0friend.",
        "Line one\nLine two",
    ]
    preserved = ' xml:space="preserve"'
    written = one_cue(tmp_path, "Line one\nLine two", "Zeile eins\nZeile zwei", space=preserved)
    assert written == "Zeile eins\nZeile zwei"


def test_only_the_translated_cues_are_named_in_the_new_language(tmp_path: Path) -> None:
    source = tmp_path / "latin.ttml"
    source.write_text(
        '<tt xmlns="http://www.w3.org/ns/ttml" xml:lang="en"><body xml:lang="en"><div>'
        '<p begin="1s" end="2s">Good morning.</p>'
        '<p begin="2s" end="3s" xml:lang="la">Carpe diem.</p></div></body></tt>',
        encoding="utf-8",
    )
    out = tmp_path / "latin.de.ttml"
    translate_file(
        source, out, lambda b: ["Guten Morgen." if "morning" in t else t for t in b], language="de"
    )
    root = etree.fromstring(out.read_bytes())
    body = root.find(f"{TTML}body")
    cues = root.findall(f".//{TTML}p")
    assert root.get(LANG) == "de" and body is not None and body.get(LANG) == "de"
    assert cues[1].get(LANG) == "la" and cues[1].text == "Carpe diem."
