"""TTML (and DFXP) subtitles as pysubs2 and ffmpeg write them (tests/data/subtitles/, by
tools/make_producer_fixtures.py): cues read as an .srt's are, written back with their lines,
spans, timings and styles, and read back by pysubs2, another reader than ours."""

from __future__ import annotations

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
