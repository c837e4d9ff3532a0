"""Subtitles translate as sentences and fit a subtitle's lines: a sentence that runs on across
cues is one unit, shared back over them; a translated line longer than a subtitle's is
wrapped; YouTube's rolling automatic captions are translated line by line, without their word
timings. Real captions from webvtt-py's tests (tests/data/subtitles/webvtt-py-*.vtt, by
tools/make_subtitle_fixtures.py), read back by pysubs2 as well as by Quire's readers."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from pathlib import Path

import pysubs2
import pytest

from engine.cli.main import main
from engine.documents import open_document, translate_file
from engine.documents.cues import LINE_CHARACTERS, UNSPACED_LINE_CHARACTERS, shares, wrapped
from engine.engine import Engine
from engine.options import EngineOptions
from tests.fixtures.builder import exported

DATA = Path(__file__).parent / "data" / "subtitles"
NETFLIX = DATA / "webvtt-py-netflix.vtt"
LEVERAGE = DATA / "subtitle-converter-leverage.srt"
CRIME = DATA / "subtitle-converter-crime.srt"
BEAR = DATA / "subtitle-converter-bear.srt"
YOUTUBE = DATA / "webvtt-py-youtube_dl.vtt"
KARAOKE = DATA / "webvtt-py-cue_tags.vtt"

SENTENCE = "Es cierto que la vida no era fácil para nadie, pero mucho menos si eras mujer."
GERMAN = (
    "Es stimmt, dass das Leben für niemanden leicht war, aber viel weniger, wenn man eine Frau war."
)
CHINESE = "诚然，生活对谁都不容易，但如果你是女人，就更难了。"
_TIMING = re.compile(r"^[\d:.,]+ --> [\d:.,]+.*$", re.MULTILINE)


def translating(known: dict[str, str]) -> Callable[[Sequence[str]], list[str]]:
    """A stand-in translator: ``known``'s translations, every other text upper-cased."""
    return lambda batch: [known.get(text, text.upper()) for text in batch]


def skeleton(text: str) -> list[str]:
    """A subtitle file's lines but its cues' text: numbers, timings and settings, headers,
    blank lines."""
    return [line for line in text.splitlines() if not line or _TIMING.match(line)]


def cue_texts(path: Path) -> list[str]:
    """Each cue's text as pysubs2 reads it, markup gone, lines apart by "\\n"."""
    return [event.plaintext for event in pysubs2.load(str(path))]


def test_a_sentence_over_two_cues_is_one_unit_shared_back_over_them(tmp_path: Path) -> None:
    document = open_document(NETFLIX)
    texts = [u.text for u in document.units]
    # Netflix's cues 5 and 6: the first ends no sentence, the second follows 0.16 s later.
    assert SENTENCE in texts
    assert "Objetos sin poder de opinión ni decisión." in texts  # (a sentence of its own)
    assert not any("Objetos" in t and "Es cierto" in t for t in texts)
    # Speakers' dashes, a sound label starting the next cue: not joined.
    assert "- Déjala.\n- Tú no te metas. ¡No te metas!" in texts
    out = tmp_path / "cable.de.vtt"
    translate_file(NETFLIX, out, translating({SENTENCE: GERMAN}), language="de")
    source, written = NETFLIX.read_text(encoding="utf-8"), out.read_text(encoding="utf-8")
    assert skeleton(written) == skeleton(source)  # every timing and position kept
    before, after = pysubs2.load(str(NETFLIX)), pysubs2.load(str(out))
    assert [(e.start, e.end) for e in after] == [(e.start, e.end) for e in before]
    fifth, sixth = (e.plaintext for e in after[4:6])
    # Its words on both cues, in order, cut at a word, in proportion to the source's lengths.
    assert " ".join(f"{fifth} {sixth}".split()) == GERMAN
    assert fifth.startswith("Es stimmt,") and sixth.endswith("eine Frau war.")
    assert 0.25 < len(fifth) / len(GERMAN) < 0.55
    # Each cue keeps its italics (the sixth's, a line each, around its words: the break
    # between them was the author's wrapping of the sentence, and its share fits one line).
    cue6 = written.split("00:00:24.920 --> 00:00:27.680")[1].split("\n\n")[0]
    assert cue6.strip().split("\n")[1:] == [
        "<i>aber viel</i> <i>weniger, wenn man eine Frau war.</i>"
    ]
    cue5 = written.split("00:00:22.640 --> 00:00:24.760")[1].split("\n\n")[0].strip()
    assert cue5.split("\n", 1)[1].startswith("<i>Es") and cue5.endswith("war,</i>")


def test_a_sentence_shared_in_chinese_is_cut_between_characters(tmp_path: Path) -> None:
    out = tmp_path / "cable.zh.vtt"
    translate_file(NETFLIX, out, translating({SENTENCE: CHINESE}), language="zh")
    fifth, sixth = (e.plaintext for e in pysubs2.load(str(out))[4:6])
    assert (fifth + sixth).replace("\n", "") == CHINESE and " " not in fifth + sixth
    assert fifth and sixth and sixth[0] not in "，。"


def test_a_bilingual_file_shows_each_cue_with_its_share(tmp_path: Path) -> None:
    out = tmp_path / "cable.vtt"
    translate_file(NETFLIX, out, translating({SENTENCE: GERMAN}), bilingual=True)
    after = pysubs2.load(str(out))
    assert len(after) == len(pysubs2.load(str(NETFLIX)))
    fifth, sixth = (e.plaintext.split("\n") for e in after[4:6])
    assert fifth[0] == "Es cierto que la vida no era fácil"
    assert sixth[:2] == ["para nadie,", "pero mucho menos si eras mujer."]
    assert " ".join(" ".join(fifth[1:] + sixth[2:]).split()) == GERMAN


CUES = """1
00:00:01,000 --> 00:00:02,000
{first}

2
00:00:0{start},000 --> 00:00:09,000
{second}

3
00:00:20,000 --> 00:00:21,000
The end.
"""


@pytest.mark.parametrize(
    ("first", "second", "start", "one"),
    [
        ("I think that", "we should go.", 2, True),
        ("I think that", "we should go.", 4, False),  # (two seconds apart)
        ("I think.", "We should go.", 2, False),
        ('He said "go."', "So we went.", 2, False),
        ("- I think that\n- No.", "we should go.", 2, False),
        ("♪ I think that", "we should go ♪", 2, False),
        ("[MUSIC PLAYING]", "we should go.", 2, False),
        ("I think that", "[door slams]", 2, False),
        ("I think that", ">> BOB: we should go.", 2, False),
        ("I think that", "JOHN: We should go.", 2, False),
        ("{\\an8}I think that", "we should go.", 2, False),  # (one at the top)
        # Cut off: the next cue is another speaker's (Leverage's captions).
        ("UM, GOING TO THE --", "WRONG.", 2, False),
        ("I was going to—", "wrong.", 2, False),
        ("I was going to -", "wrong.", 2, False),
        ("[ BELL DINGS ] -JUST BE PATIENT,", "AND SOON YOU'LL SEE.", 2, False),
        ("WHAT IS IT? >> I THINK THAT", "WE SHOULD GO.", 2, False),
        (">> BOB: I think that", "we should go.", 2, True),  # (Bob goes on)
        # An ellipsis: the same speaker goes on where the next cue says so.
        ("I think...", "...we should go.", 2, True),
        ("I think…", "we should go.", 2, True),
        ("I think...", "We should go.", 2, False),
    ],
)
def test_which_cues_are_one_sentence(
    first: str, second: str, start: int, one: bool, tmp_path: Path
) -> None:
    path = tmp_path / "talk.srt"
    path.write_text(CUES.format(first=first, second=second, start=start), encoding="utf-8")
    units = [u.text for u in open_document(path).units]
    shown = [re.sub(r"\{[^}]*\}", "", t) for t in (first, second)]
    assert units == ([" ".join(shown)] if one else shown) + ["The end."]


def test_at_most_four_cues_are_one_unit(tmp_path: Path) -> None:
    cues = [f"{n}\n00:00:{n:02},000 --> 00:00:{n:02},900\nword {n}\n" for n in range(1, 10)] + [
        "10\n00:00:10,000 --> 00:00:11,000\nThe end.\n"
    ]
    path = tmp_path / "long.srt"
    path.write_text("\n".join(cues), encoding="utf-8")
    assert [len(u.text.split()) for u in open_document(path).units] == [8, 8, 4]


ASS = """[Script Info]
ScriptType: v4.00+
WrapStyle: {wrap}
PlayResX: 640
PlayResY: 480

[V4+ Styles]
Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, \
Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, \
Shadow, Alignment, MarginL, MarginR, MarginV, Encoding
Style: Default,Arial,20,&H00FFFFFF,&H000000FF,&H00000000,&H00000000,0,0,0,0,100,100,0,0,1,2,\
2,2,10,10,10,1
Style: Sign,Arial,20,&H00FFFFFF,&H000000FF,&H00000000,&H00000000,0,0,0,0,100,100,0,0,1,2,\
2,8,10,10,10,1

[Events]
Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text
Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,I think that
Dialogue: 0,0:00:02.10,0:00:04.00,Default,,0,0,0,,we should go.
Dialogue: 0,0:00:05.00,0:00:06.00,Default,,0,0,0,,Turn left at
Dialogue: 0,0:00:06.00,0:00:07.00,Sign,,0,0,0,,the station
Dialogue: 1,0:00:07.00,0:00:08.00,Sign,,0,0,0,,and wait
Dialogue: 0,0:00:09.00,0:00:10.00,Default,,0,0,0,,This subtitle is short.
"""
LONG = "Dies ist ein einzeiliger Untertitel, der nach der Übersetzung zu lang ist."


@pytest.mark.parametrize("wrap", [0, 2])
def test_substation_events_of_one_style_and_layer_are_one_sentence(
    wrap: int, tmp_path: Path
) -> None:
    """Only WrapStyle 2 (no wrapping) gets line breaks: under 0, 1 and 3 the renderer breaks
    lines at the width the script's resolution and font leave."""
    path = tmp_path / "talk.ass"
    path.write_text(ASS.format(wrap=wrap), encoding="utf-8")
    document = open_document(path)
    assert [u.text for u in document.units] == [
        "I think that we should go.",
        "Turn left at",
        "the station",
        "and wait",
        "This subtitle is short.",
    ]
    out = tmp_path / "talk.de.ass"
    translate_file(path, out, translating({document.units[-1].text: LONG}))
    events = pysubs2.load(str(out))
    assert [e.plaintext for e in events[:2]] == ["I THINK THAT", "WE SHOULD GO."]
    lines = events[-1].plaintext.split("\n")
    assert " ".join(lines) == LONG
    if wrap == 2:
        assert len(lines) == 2 and all(len(line) <= LINE_CHARACTERS for line in lines)
        assert len(lines[0]) <= len(lines[1])  # (the lower line the longer)
    else:
        assert lines == [LONG]


TWO_LINES = "Ich hätte nie gedacht, dass ich dich nach all den Jahren wiedersehen würde."


def test_a_long_translation_is_wrapped_into_two_lines_of_a_subtitles_width(
    tmp_path: Path,
) -> None:
    path = tmp_path / "talk.srt"
    source = (DATA / "pysubs2-lines.srt").read_text(encoding="utf-8")
    source = source.replace("I waited for you at the station\nall night long.", "I waited.")
    path.write_text(source.replace("- Only me.", "- Only me, and you are here as well, all of us."))
    document = open_document(path)
    first, second, speakers = (u.text for u in document.units)
    one_line = "Ich habe die ganze Nacht am Bahnhof auf dich gewartet, bis der letzte Zug kam."
    speaking = "- Wer ist da? - Nur ich, und du bist auch hier, wir alle zusammen, jeder von uns."
    out = tmp_path / "talk.de.srt"
    translate_file(
        path,
        out,
        translating({first: TWO_LINES, second: one_line, speakers: speaking}),
        language="de",
    )
    cues = cue_texts(out)
    for cue, text in zip(cues[:2], (TWO_LINES, one_line), strict=True):
        lines = cue.split("\n")
        assert " ".join(lines) == text and len(lines) == 2
        assert all(len(line) <= LINE_CHARACTERS for line in lines)
    # Speakers keep a line each, however long.
    assert (
        cues[2]
        == "- Wer ist da?\n- Nur ich, und du bist auch hier, wir alle zusammen, jeder von uns."
    )
    # The italics still open on the first line and close on the last.
    written = out.read_text(encoding="utf-8")
    assert re.search(r"\n<i>Ich hätte[^\n]*\n[^\n]*würde\.</i>\n", written)
    assert skeleton(written) == skeleton(path.read_text(encoding="utf-8"))


def test_a_line_the_author_made_long_may_stay_as_long(tmp_path: Path) -> None:
    path = tmp_path / "talk.srt"
    long_line = "This is a single line subtitle that is rather long for a screen."
    path.write_text(CUES.format(first=long_line, second="Yes.", start=5), encoding="utf-8")
    german = "Dies ist ein einzeiliger Untertitel, recht lang für einen Bildschirm."
    out = tmp_path / "talk.de.srt"
    translate_file(path, out, translating({long_line: german}))
    assert cue_texts(out)[0] == german  # (69 characters: as long as the source's 64, about)
    chinese = "这是一行相当长的单行字幕，作者就是这样写的。"
    translate_file(path, out, translating({long_line: chinese}))
    lines = cue_texts(out)[0].split("\n")
    assert "".join(lines) == chinese and len(lines) == 1  # (64 of 42: 24 of 16 is as long)


def test_youtubes_rolling_captions_translate_each_line_once_without_word_timings(
    tmp_path: Path,
) -> None:
    """YouTube shows each line twice as it rolls up (the new line, its words timed, under the
    line before; then the new line alone): each is one unit, written alike wherever it shows;
    a translated line's word timings and the class spans around its words go (its words are
    not the source's), the cue's own timing stays."""
    document = open_document(YOUTUBE)
    assert [u.text for u in document.units] == ["yeah", "what", "this will happen is I'm telling"]
    out = tmp_path / "talk.de.vtt"
    german = {
        "yeah": "ja",
        "what": "was",
        "this will happen is I'm telling": "das passiert, sag ich",
    }
    translate_file(YOUTUBE, out, translating(german), language="de")
    written = out.read_text(encoding="utf-8")
    assert skeleton(written) == skeleton(YOUTUBE.read_text(encoding="utf-8"))
    assert "Language: de" in written
    assert not re.search(r"<\d|</?c\b", written.split("##", 1)[1])  # (not a timing, not a <c>)
    assert cue_texts(out) == ["ja", "ja\nwas", "das passiert, sag ich", "das passiert, sag ich"]
    assert written.endswith("\ndas passiert, sag ich\n \n")  # (its blank line keeps two lines)


def test_word_timings_go_only_from_a_translated_cue(tmp_path: Path) -> None:
    document = open_document(KARAOKE)
    assert [u.text for u in document.units] == [
        "When the moon hits your eye",
        "Like a big-a pizza pie",
        "That's amore",
    ]
    out = tmp_path / "song.it.vtt"
    keep = {"That's amore": "That's amore"}
    translate_file(KARAOKE, out, translating(keep))
    written = out.read_text(encoding="utf-8")
    assert "WHEN THE MOON HITS YOUR EYE\n" in written and "LIKE A BIG-A PIZZA PIE\n" in written
    assert written.endswith("That's <00:00:21.000><c.colorE5E5E5>amore</c>")


def test_quire_translate_writes_a_subtitle_file_of_sentences(
    quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Engine(EngineOptions(home=quire_home)).import_model(exported("marian"), "opus-mt-en-de")
    source = tmp_path / "talk.srt"
    source.write_text(CUES.format(first="I think that", second="we should go.", start=2))
    code = main(["translate", "--json", "--from", "en", "--to", "de", str(source)])
    said, err = capsys.readouterr()
    assert code == 0, err
    assert json.loads(said)["units"] == 2  # (one sentence, and "The end.")
    out = tmp_path / "talk.de.srt"
    written = out.read_text(encoding="utf-8")
    assert skeleton(written) == skeleton(source.read_text(encoding="utf-8"))
    cues = cue_texts(out)
    assert len(cues) == 3 and all(cue.strip() for cue in cues)
    assert all(len(line) <= LINE_CHARACTERS for cue in cues for line in cue.split("\n"))


def test_a_line_cut_off_is_no_sentence_running_on() -> None:
    """Leverage's broadcast captions, a speaker a cue: a line cut off with "--" was joined
    to the next speaker's ("UM, GOING TO THE -- WRONG."), and a dash after a sound label
    was no speaker's dash; The Gentle Bear Man's narrator, marked ">>", goes on."""
    units = [u.text for u in open_document(LEVERAGE).units]
    assert units[1:3] == ["UM, GOING TO THE --", "WRONG."]
    assert "THEY'RE ALL ELVES AND GNOMES, BUT AT LEAST --" in units
    assert "[ ELEVATOR BELL DINGS ] -JUST BE PATIENT," in units
    assert len(units) == 16  # (no two cues one unit)
    bear = [u.text.replace("\n", " ") for u in open_document(BEAR).units]
    assert (
        ">> NARRATOR: You're about to experience something rare, something controversial, and"
        " yet, there's no question --"
    ) in bear
    assert "this is something extraordinary." in bear


def german_like(batch: Sequence[str]) -> list[str]:
    """A stand-in for a language whose words come in another order and run longer: the
    last word first, each word's end lengthened ("ung")."""
    out = []
    for text in batch:
        words = text.split()
        words = words[-1:] + words[:-1]
        out.append(" ".join(w + "ung" if len(w) > 3 else w for w in words))
    return out


def test_a_share_that_fits_one_line_is_on_one_line(tmp_path: Path) -> None:
    """CrimeStories' "TO THIS\\nDAY.", a cue's share of "… STILL DON'T LOCK THEIR DOORS, TO
    THIS DAY.", came back on two lines of a word each; the source's line break inside a
    sentence is layout, and the sentence is sent without it."""
    document = open_document(CRIME)
    assert "THIS IS A PLACE WHERE PEOPLE STILL DON'T LOCK THEIR DOORS, TO THIS DAY." in [
        u.text for u in document.units
    ]
    out = tmp_path / "crime.de.srt"
    translate_file(CRIME, out, german_like, language="de")
    cues = cue_texts(out)
    assert all(len(line) <= LINE_CHARACTERS for cue in cues for line in cue.split("\n"))
    # Its share, "DOORS,ung TO THISung", on one line where the source had two.
    assert cues[2] == "DOORS,ung TO THISung"
    written = out.read_text(encoding="utf-8")
    assert written.count("<b>") == written.count("</b>")
    assert skeleton(written) == skeleton(CRIME.read_text(encoding="utf-8"))
    bilingual = tmp_path / "crime.srt"
    translate_file(CRIME, bilingual, german_like, bilingual=True)
    source_lines = CRIME.read_text(encoding="utf-8").split("\n")
    kept = bilingual.read_text(encoding="utf-8").split("\n")
    assert all(line in kept for line in source_lines)  # (the source's cues as they were)


def test_a_cut_after_a_comma_leaves_the_next_cue_its_words() -> None:
    """The Anchorman's "… un présentateur les surclassait tous:" / "Ron Burgundy.": the
    second cue got "Ron" alone, the cut after the colon preferred far from the proportion."""
    sources = ["In the whole town one baker\nmade the finest bread of all:", "Anna Keller."]
    translation = "Keller. In der ganzen Stadt backte eine Bäckerin das feinste Brot: Anna"
    first, second = shares(translation, sources)
    assert f"{first} {second}" == translation
    assert len(second.split()) >= 2 and second != "Anna"
    # Near the proportion, a comma's cut is still preferred.
    first, second = shares("Eins zwei drei vier, fünf sechs sieben acht", ["a b c d", "e f g h"])
    assert first.endswith("vier,")


def test_wrapping_a_long_chinese_cue_weighs_its_breaks_in_linear_time() -> None:
    """A cue of Chinese may be cut at every character: weighing each set of places took
    seconds a cue (the Anchorman's 1,239 cues in Chinese: 16 s, now 2 s), and a cue of too
    many was filled line by line instead, whatever its commas."""
    import itertools

    text = "这是一个很长的句子，我们需要把它分成几行字，每一行都不能写得太长了。"
    cuts = wrapped(text, UNSPACED_LINE_CHARACTERS)
    lines = [text[a:b] for a, b in itertools.pairwise([0, *(c[0] for c in cuts), len(text)])]
    assert "".join(lines) == text and all(len(line) <= UNSPACED_LINE_CHARACTERS for line in lines)
    assert len(lines) == 3 and all(line.endswith("，") for line in lines[:-1])
    # Five lines of a clause each (too many sets of places to weigh each: lines were filled
    # in turn, cut mid-clause).
    clause = "我们需要把它分成几行字啊，"  # (13 characters: 65 need five lines of 16)
    long = clause * 5
    cuts = wrapped(long, UNSPACED_LINE_CHARACTERS)
    assert [a for a, _ in cuts] == [len(clause) * k for k in range(1, 5)]


LAYOUT = """1\r
00:00:01,000 --> 00:00:03,000\r
Il fut un temps,\r
avant le câble, où le présentateur\r
régnait en maître.\r
\r
2\r
00:00:05,000 --> 00:00:06,000\r
- Tu viens ?\r
- Non, pas ce soir.\r
\r
3\r
00:00:08,000 --> 00:00:09,000\r
♪ Au clair de la lune\r
♪ mon ami Pierrot ♪\r
\r
4\r
00:00:11,000 --> 00:00:12,000\r
<i>C'est fini.</i>\r
<i>On rentre.</i>\r
"""


def test_a_line_break_inside_a_sentence_is_sent_as_a_space(tmp_path: Path) -> None:
    """Subtitles' line breaks inside a sentence were sent ("Il fut un temps,\\navant …"),
    though a translation's lines are wrapped anew; a speaker's line, a song's and a
    sentence's end keep theirs, and what is not translated stays byte for byte."""
    path = tmp_path / "layout.srt"
    path.write_bytes(LAYOUT.encode("utf-8"))
    document = open_document(path)
    assert [u.text for u in document.units] == [
        "Il fut un temps, avant le câble, où le présentateur régnait en maître.",
        "- Tu viens ?\n- Non, pas ce soir.",
        "♪ Au clair de la lune\n♪ mon ami Pierrot ♪",
        "C'est fini.\nOn rentre.",
    ]
    out = tmp_path / "layout.de.srt"
    translate_file(path, out, lambda batch: list(batch), language="fr")
    assert out.read_bytes() == path.read_bytes()
    english = "Once upon a time, before cable, the local anchorman reigned supreme."
    translate_file(path, out, translating({document.units[0].text: english}), language="en")
    cues = cue_texts(out)
    assert cues[0] == "Once upon a time, before cable,\nthe local anchorman reigned supreme."
    assert cues[1] == "- TU VIENS ?\n- NON, PAS CE SOIR."
    assert cues[2] == "♪ AU CLAIR DE LA LUNE\n♪ MON AMI PIERROT ♪"
    assert "\n" not in out.read_bytes().decode("utf-8").replace("\r\n", "")
    bilingual = tmp_path / "layout.bi.srt"
    translate_file(path, bilingual, translating({}), bilingual=True)
    kept = bilingual.read_bytes().decode("utf-8")
    assert all(line in kept.split("\r\n") for line in LAYOUT.split("\r\n"))
