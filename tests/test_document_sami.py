"""SAMI subtitles (.smi, .sami) as Korean fansubs, Windows Media's captions and PBS's tools
write them: only the words of one language's cues change (the fixtures' makers in
tests/data/sami/README.md)."""

from __future__ import annotations

import codecs
import re
from collections.abc import Sequence
from pathlib import Path

import pysubs2
import pytest

from engine.cli.main import main
from engine.documents import DocumentError, open_document, translate_file
from engine.engine import Engine
from engine.options import EngineOptions
from tests.fixtures.builder import exported

DATA = Path(__file__).parent / "data" / "sami"
SUBTITLES = Path(__file__).parent / "data" / "subtitles"
# A STYLE rule's language, which the output names anew.
_LANGUAGE = re.compile(r"(?i)(?<![\w-])(name|lang)\s*:[^;}]*")


def tagged(texts: Sequence[str]) -> list[str]:
    """A stand-in translation: each text marked, its lines kept."""
    return [f"EN {t}" for t in texts]


def skeleton(text: str) -> list[str]:
    """A SAMI file's markup and the white space between its tags, the words and their line
    breaks (<br>, which a translation has as it needs) masked, and its STYLE rules' Name and
    lang left out (they name the translation's language)."""
    text = re.sub(r"(?i)\s*<br\b[^>]*>\s*", "\u00b6", _LANGUAGE.sub(r"\1", text))
    return re.findall(r"<[^>]*>|\s+(?=<)", re.sub(r"(?<=>)[^<]*[^<\s][^<]*(?=<|\Z)", "#", text))


def events(data: bytes, encoding: str = "utf-8") -> list[tuple[int, str]]:
    """The cues as pysubs2's SAMI reader reads them: each SYNC's start and text."""
    subs = pysubs2.SSAFile.from_string(data.decode(encoding), format_="sami")
    return [(event.start, event.plaintext) for event in subs.events]


# ----------------------------------------------------------------- Korean files


def test_a_korean_file_keeps_its_encoding_and_every_byte_but_its_words(tmp_path: Path) -> None:
    """srt-tools' Korean subtitles (smisrt.com's, CP949, lower-case tags, no closing tags, a
    <br> before each cue's text and <i> around two lines): `quire translate s01.smi` refused
    .smi ("save it as .srt in Subtitle Edit"). Now each cue's text is a unit, its lines
    apart, the clearing &nbsp; cues never sent; the translation is written in CP949 with
    the layout's <br> and the italics where they were, and the STYLE names English."""
    source = DATA / "srt-tools-s01-cp949.smi"
    document = open_document(source)
    assert document.encoding is not None and document.encoding.name == "euc-kr"
    texts = [u.text for u in document.units]
    assert texts[:4] == [
        "우-우",
        "뭐야?",
        "- 세상에! 그건 또 뭐야?\n- 춤이지",
        "- 그만해, 창피해\n- 창피하지 않거든",
    ]
    assert not any("nbsp" in t or "\xa0" in t or "<" in t for t in texts)
    out = tmp_path / "s01.en.smi"
    result = translate_file(source, out, tagged, language="en")
    assert result.encoding is not None and result.encoding.written == "euc-kr"
    written = out.read_bytes().decode("cp949")
    original = source.read_bytes().decode("cp949")
    assert skeleton(written) == skeleton(original)
    assert ".krcc { lang:en-US; samitype:cc; }" in written
    assert "<br><i>EN - 세상에! 그건 또 뭐야?\n<br>- 춤이지</i>" in written
    assert [start for start, _ in events(out.read_bytes(), "cp949")] == [
        start for start, _ in events(source.read_bytes(), "cp949")
    ]


def test_utf16_stays_utf16_and_german_leaves_cp949_for_utf8(tmp_path: Path) -> None:
    """The same file in UTF-16 (big-endian, with its mark) is written so; German does not
    fit in CP949 (no ä, ö, ü): written as UTF-8, a <meta> charset the head declares
    rewritten to say so, as other code pages' outputs are."""
    source = DATA / "srt-tools-s01-utf16.smi"
    out = tmp_path / "s01.de.smi"
    result = translate_file(source, out, lambda ts: [f"Grüße {t}" for t in ts], language="de")
    assert result.encoding is not None and result.encoding.written == "utf-16-be"
    data = out.read_bytes()
    assert data.startswith(codecs.BOM_UTF16_BE)
    assert skeleton(data[2:].decode("utf-16-be")) == skeleton(
        source.read_bytes()[2:].decode("utf-16-be")
    )
    assert "<br><i>Grüße 우-우</i>" in data[2:].decode("utf-16-be")

    declared = tmp_path / "s01.smi"
    head = '<meta http-equiv="Content-Type" content="text/html; charset=euc-kr">\n'
    declared.write_bytes(
        (DATA / "srt-tools-s01-cp949.smi")
        .read_bytes()
        .replace(b"<head>\n", b"<head>\n" + head.encode())
    )
    out = tmp_path / "s01.de.smi"
    result = translate_file(declared, out, lambda ts: [f"Grüße {t}" for t in ts], language="de")
    assert result.encoding is not None
    assert (result.encoding.detected, result.encoding.written) == ("euc-kr", "utf-8")
    text = out.read_bytes().decode("utf-8")
    assert "charset=utf-8" in text and "<br><i>Grüße 우-우</i>" in text
    assert ".krcc { lang:de-DE; samitype:cc; }" in text


def test_bilingual_output_shows_the_translation_under_each_cue(tmp_path: Path) -> None:
    """Each cue keeps its text, the translation after a <br> in the same paragraph: every
    player shows it (a class of its own would be hidden by PotPlayer and MPC-HC, which show
    one class at a time); the clearing &nbsp; cues stay as they were."""
    source = DATA / "srt-tools-s01-cp949.smi"
    out = tmp_path / "s01.en.smi"
    translate_file(source, out, tagged, language="en", bilingual=True)
    written = out.read_bytes().decode("cp949")
    assert (
        "<br><i>우-우</i><br><i>EN 우-우</i>\n<sync start=64940><p class=krcc>&nbsp;\n" in written
    )
    assert ".krcc { lang:ko-kr; samitype:cc; }" in written


# ----------------------------------------------------------------- markup


def test_captions_markup_entities_and_line_breaks_are_kept(tmp_path: Path) -> None:
    """PBS's NOVA captions (closed </P></SYNC>, indented lines, <br/>, a <SPAN>, escaped
    "&lt;LAUGHING &amp; WHOOPS!&gt;"): the text is read as a browser reads it (white space
    one space, references the characters), <br/> a line break; the translation goes back
    with each <br/> and its indentation as they were and a "<" escaped (ffmpeg drops a cue
    with a bare "<3")."""
    source = DATA / "pycaption-nova.smi"
    document = open_document(source)
    texts = [u.text for u in document.units]
    assert texts[0] == "( clock ticking )"
    assert texts[1] == "MAN:\nWhen we think\n♪ ...say bow, wow, ♪"
    assert texts[-1] == "<LAUGHING & WHOOPS!>"
    out = tmp_path / "nova.de.smi"
    translate_file(source, out, lambda ts: [t.upper() + " <3" for t in ts], language="de")
    written = out.read_text(encoding="utf-8")
    assert skeleton(written) == skeleton(source.read_text(encoding="utf-8"))
    assert "    MAN:<br/>\n    WHEN WE THINK<br/>\n    ♪ ...SAY BOW, WOW, ♪ &lt;3\n" in written
    assert "&lt;LAUGHING & WHOOPS!> &lt;3" in written
    assert ".ENCC {Name: German; lang: de-DE; SAMI_Type: CC;}" in written
    assert len(events(out.read_bytes())) == len(events(source.read_bytes()))


def test_fansub_fonts_rubies_and_comments_are_never_sent(tmp_path: Path) -> None:
    """SamiTS' fansub samples: nested <font> tags left open, a <ruby> whose reading (<rt>)
    holds fonts of its own, nine <br> that move a line up, a comment in a cue. The reading
    and the comment are markup, kept, never sent; a cue of a comment and &nbsp; has no
    text."""
    document = open_document(DATA / "samits-font-reposition.smi")
    [unit] = document.units
    assert unit.text.startswith("CANDY ISLAND 입니다!\n\n\n\n\n\n\n\n\n不器用な笑顔と\n")
    assert "후키요" not in unit.text and "font" not in unit.text
    assert [u.text for u in open_document(DATA / "samits-color-fix.smi").units] == ["1st Season"]
    with pytest.raises(DocumentError) as caught:
        open_document(DATA / "samits-comment.smi")
    assert caught.value.message_id == "document.no_text"
    out = tmp_path / "reposition.en.smi"
    translate_file(DATA / "samits-font-reposition.smi", out, tagged, language="en")
    written = out.read_text(encoding="utf-8")
    source = (DATA / "samits-font-reposition.smi").read_text(encoding="utf-8")
    # (the translated cue's ruby goes, its reading's fonts with it: see the next test)
    assert skeleton(written) == skeleton(re.sub(r"</?ruby>|<rt>.*?</rt>", "", source))
    assert "<br><br><br><br><br><br><br><br><br>" in written
    assert "후키요" not in written and "ruby" not in written


def test_a_translated_cues_ruby_goes_with_its_reading(tmp_path: Path) -> None:
    """A ruby's reading says how to read the source's word: "<ruby>世界<rt>せかい</rt></ruby>
    は広い" translated came back "Die Welt ist weit" with "せかい" still above it (the
    reading was markup, kept). A translated cue's ruby goes, readings, <rp> and all, as a
    web page's does; a cue left as it is keeps its own."""
    path = tmp_path / "ruby.smi"
    path.write_text(
        "<SAMI><BODY>\n"
        "<SYNC Start=1000><P Class=JPCC><ruby>世界<rt>せかい</rt></ruby>は広い\n"
        "<SYNC Start=3000><P Class=JPCC>&nbsp;\n"
        "<SYNC Start=4000><P Class=JPCC>"
        "<ruby>東京<rp>(</rp><rt>とうきょう</rt><rp>)</rp></ruby>へ\n"
        "<SYNC Start=5000><P Class=JPCC>&nbsp;\n</BODY></SAMI>\n",
        encoding="utf-8",
    )
    assert [u.text for u in open_document(path).units] == ["世界は広い", "東京へ"]
    out = tmp_path / "ruby.de.smi"
    translate_file(path, out, lambda ts: ["Die Welt ist weit", ts[1]], language="de")
    written = out.read_text(encoding="utf-8")
    assert "<P Class=JPCC>Die Welt ist weit\n" in written
    assert "<ruby>東京<rp>(</rp><rt>とうきょう</rt><rp>)</rp></ruby>へ" in written


def test_broadcast_captions_without_closing_tags_keep_their_layout(tmp_path: Path) -> None:
    """Idaho Reports' captions: <Sync>/<P Class=ENCC> in mixed case, none closed, ">>>"
    right after the tag, an empty first SYNC."""
    source = DATA / "pycaption-idaho.smi"
    assert [u.text for u in open_document(source).units] == [
        '>>> PRESENTATION OF "IDAHO\nREPORTS" ON IDAHO PUBLIC',
        "TELEVISION IS MADE POSSIBLE\nTHROUGH THE GENEROUS SUPPORT OF",
    ]
    out = tmp_path / "idaho.de.smi"
    translate_file(source, out, lambda ts: [t.lower() for t in ts], language="de")
    written = out.read_text(encoding="utf-8")
    assert skeleton(written) == skeleton(source.read_text(encoding="utf-8"))
    assert '<P Class=ENCC>>>> presentation of "idaho<br>reports" on idaho public\n' in written


# ----------------------------------------------------------------- languages


def test_a_file_of_two_languages_translates_the_first_and_keeps_the_other(
    tmp_path: Path,
) -> None:
    """pycaption's two classes at one SYNC (en-US, de-DE): the class the STYLE declares
    first is translated, its rule's lang naming the target; the other class's paragraph is
    kept, with a note, and never sent."""
    source = DATA / "pycaption-multi-lang.smi"
    document = open_document(source)
    assert [u.text for u in document.units] == ["Butterfly."]
    assert [(n.message_id, n.params) for n in document.notes] == [
        ("document.kept_marked", {"count": 1, "languages": "de-DE"})
    ]
    out = tmp_path / "multi.fr.smi"
    translate_file(source, out, lambda _: ["Papillon."], language="fr")
    assert out.read_text(encoding="utf-8") == source.read_text(encoding="utf-8").replace(
        ".en-US {lang: en-US;}", ".en-US {lang: fr-FR;}"
    ).replace(">Butterfly.<", ">Papillon.<")


# ----------------------------------------------------------------- bad input and kinds


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"Just some words\n", "This is not a valid SAMI file: no <SAMI> tag at line 1"),
        (b"<SAMI>\n<HEAD><TITLE>x</TITLE></HEAD>\n<BODY>\n</BODY>\n</SAMI>\n",
         "This is not a valid SAMI file: no <SYNC> cue at line 1"),
        (b"<SAMI><BODY>\n<SYNC Start=1000><P Class=ENCC>Hello\n<SYNC Start=3000><P Cla",
         "This is not a valid SAMI file: a tag cut short at line 3"),
        (b"<SAMI><BODY>\n<SYNC Start=1000><P Class=ENCC>Hello <!-- note",
         "This is not a valid SAMI file: a comment cut short at line 2"),
    ],
)  # fmt: skip
def test_what_is_not_sami_or_is_cut_short_is_refused(
    content: bytes, said: str, tmp_path: Path
) -> None:
    path = tmp_path / "film.smi"
    path.write_bytes(content)
    with pytest.raises(DocumentError) as caught:
        open_document(path)
    assert caught.value.message.startswith(said)
    assert caught.value.message_id == "document.bad_subtitles"


@pytest.mark.parametrize(
    ("content", "said", "message_id"),
    [
        (b"<!DOCTYPE html>\n<html><head><title>Movie</title></head><body><p>Download subtitles "
         b"here</p></body></html>\n", "This is a .html file with a .smi name", "document.renamed"),
        (b"", "The file is empty", "document.no_text"),
        (b"  \r\n", "The file is empty", "document.no_text"),
        ("<SAMI><BODY>\n<SYNC Start=1000><P Class=KRCC>안녕".encode()[:-1],
         "This SAMI file is cut short: it ends inside a character", "document.bad_subtitles"),
    ],
)  # fmt: skip
def test_a_web_page_an_empty_file_and_a_cut_one_say_what_they_are(
    content: bytes, said: str, message_id: str, tmp_path: Path
) -> None:
    """A web page named .smi was "not a valid SAMI file: no <SAMI> tag" (repair it in a
    subtitle editor), an empty file too, and UTF-8 cut inside a character "byte 4995 is not
    valid utf-8"; each now says what it is and what to do."""
    path = tmp_path / "film.smi"
    path.write_bytes(content)
    with pytest.raises(DocumentError) as caught:
        open_document(path)
    assert caught.value.message.startswith(said)
    assert caught.value.message_id == message_id


def test_a_binary_file_named_smi_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "film.sami"
    path.write_bytes(b"\x00\x01\x02\x03" * 64)
    with pytest.raises(DocumentError) as caught:
        open_document(path)
    assert caught.value.message_id == "file.binary"


def test_sami_and_subrip_renamed_are_read_as_what_they_are(tmp_path: Path) -> None:
    """A .smi renamed .srt ("not a valid SubRip file: a cue without a timing") and an .srt
    renamed .smi are each read by their content, written back in their kind, with a note."""
    as_srt = tmp_path / "s01.srt"
    as_srt.write_bytes((DATA / "srt-tools-s02-utf8.smi").read_bytes())
    document = open_document(as_srt)
    assert [u.text for u in document.units] == [
        u.text for u in open_document(DATA / "srt-tools-s02-utf8.smi").units
    ]
    assert [(n.message_id, n.params) for n in document.notes] == [
        ("document.subtitle_kind", {"name": "s01.srt", "kind": "SAMI", "suffix": ".srt"})
    ]
    as_smi = tmp_path / "lines.smi"
    as_smi.write_bytes((SUBTITLES / "pysubs2-lines.srt").read_bytes())
    document = open_document(as_smi)
    assert [u.text for u in document.units] == [
        u.text for u in open_document(SUBTITLES / "pysubs2-lines.srt").units
    ]
    assert [n.params for n in document.notes] == [
        {"name": "lines.smi", "kind": "SubRip", "suffix": ".smi"}
    ]


def test_quire_translate_writes_a_translated_sami_file(
    quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Engine(EngineOptions(home=quire_home)).import_model(exported("marian"), "opus-mt-en-de")
    source = tmp_path / "nova.smi"
    source.write_bytes((DATA / "pycaption-nova.smi").read_bytes())
    code = main(["translate", "--from", "en", "--to", "de", str(source)])
    _out, err = capsys.readouterr()
    assert code == 0, err
    data = (tmp_path / "nova.de.smi").read_bytes()
    assert skeleton(data.decode("utf-8")) == skeleton(source.read_text(encoding="utf-8"))
    assert [start for start, _ in events(data)] == [
        start for start, _ in events(source.read_bytes())
    ]
    assert "lang: de-DE" in data.decode("utf-8")


def test_korean_statements_are_not_run_on_into_the_next_cue(tmp_path: Path) -> None:
    """Korean subtitles end a statement bare and mark only questions: srt-tools' "그만하고
    인터뷰하자" ("let's stop and do the interview") was sent as one sentence with the next
    speaker's "그래? 무슨 인터뷰?", and "글쎄" with the three cues after it, each translation
    shared back over the cues by length ("…인터뷰하자 그래?" / "무슨 인터뷰?"). A file marks
    where sentences end by its full stops: without one, each cue is its own unit, in a .smi
    and an .srt alike."""
    texts = [u.text for u in open_document(DATA / "srt-tools-s01-cp949.smi").units]
    assert texts[4:8] == [
        "그만하고 인터뷰하자",
        "그래? 무슨 인터뷰?",
        "글쎄",
        "저는 이제 막\n열한 살이 되었어요",
    ]
    srt = tmp_path / "s01.srt"
    srt.write_text(
        "1\n00:01:18,584 --> 00:01:21,040\n그만하고 인터뷰하자\n\n"
        "2\n00:01:21,208 --> 00:01:23,668\n그래? 무슨 인터뷰?\n\n",
        encoding="utf-8",
    )
    assert [u.text for u in open_document(srt).units] == [
        "그만하고 인터뷰하자",
        "그래? 무슨 인터뷰?",
    ]
    # (a file with full stops still joins a sentence that runs on)
    srt.write_text(
        "1\n00:00:01,000 --> 00:00:02,000\nI went to the station\n\n"
        "2\n00:00:02,100 --> 00:00:03,000\nyesterday.\n\n",
        encoding="utf-8",
    )
    assert [u.text for u in open_document(srt).units] == ["I went to the station yesterday."]


# The shapes of Korean fansubs the review read (smi2ass's test_smis, GPL-2.0, so not
# committed: Angel Beats! 01, Durarara!! 01, Psycho-Pass S01E15), their words made up.
_FANSUB = """<SAMI>
<HEAD>
<STYLE TYPE="text/css">
<!--
.KRCC { Name:한국어; lang:ko-KR; SAMIType:CC;}
-->
</Style>
</HEAD>
<BODY>
<!--
Subtitle by Kyou.
 -->
<SYNC Start=13039><P Class=KRCC>
<FONT COLOR=RED>Angel Beats!<BR></FONT>
Subtitle by Kyou.
<SYNC Start=21214><P Class=KRCC>
<FONT COLOR=RED>目覚めては繰り返す<BR>
<FONT COLOR=SILVER>눈을 뜨면 반복되는 아침은
<SYNC Start=27602><P Class=KRCC>
<FONT COLOR=RED>襟のタイを締め<BR>
<FONT COLOR=SILVER>넥타이를 졸라매고
<SYNC Start=31000><P Class=KRCC>
<FONT COLOR=RED>限界など知らない 意味無い!<BR>
<FONT COLOR=SILVER>한계 따윈 몰라, 의미 없어!
<SYNC Start=34403><P Class=KRCC>&nbsp;
<SYNC Start=101040><P Class=KRCC>
그만하고 인터뷰하자
<SYNC Start=102000><P Class=KRCC>
그래? 무슨 인터뷰?
<SYNC Start=103500><P Class=KRCC>
'키다 마사오미'
<SYNC Start=104500><P Class=KRCC>
두번째!
<SYNC Start=105500><P Class=KRCC>
Trust me
<SYNC Start=106500><P Class=KRCC>
Trust me<BR>Trust me
<SYNC Start=107500><P Class=KRCC>
편차치는 중상 정도로,
<SYNC Start=108500><P Class=KRCC>
깨끗한 학교였다
<SYNC Start=109500><P Class=KRCC>&nbsp;
{typewriter}</BODY>
</SAMI>
"""


def frame(start: int, top: str, bottom: str = "") -> str:
    """A typewriter's frame as Psycho-Pass writes it: a spacer line (<b>　</b><br>), a line
    in one colour, another spacer, and a second line in another colour or a spacer."""
    line = '<b></b><font color="{}">{}</font><b></b>'
    lower = line.format("#4499cc", bottom) if bottom else "<b>　</b>"
    return (
        f"<Sync Start={start}><P Class=KRCC>\n<b>　</b><br>"
        f"{line.format('#66ccff', top)}<br><b>　</b><br>{lower}\n"
    )


FANSUB = _FANSUB.replace(
    "{typewriter}",
    "".join(
        [
            frame(38737, "　　　　　　　이거"),
            frame(38828, "　　　　　　이거뭐", "　　　　　　영문"),
            frame(38920, "　　　　　이거뭐임", "　　　　　영문을"),
            frame(39012, "　　　　이거 훈련은,", "　　　　영문을 모르겠어,"),
            frame(39104, "　　　이거 훈련은, 아니겠지", "　　　영문을 모르겠어, 헬멧"),
            "<Sync Start=39196><P Class=KRCC>&nbsp;\n",
        ]
    ),
)


def lines_per_cue(data: bytes) -> list[int]:
    return [text.count("\n") for _, text in events(data)]


def test_a_full_stop_elsewhere_does_not_run_korean_cues_together(tmp_path: Path) -> None:
    """A fansub's credit ("Subtitle by Kyou.") made the whole Korean file seem to mark where
    its sentences end: Angel Beats! had 139 of its 271 units joined, two speakers' lines in
    one. Each pair of cues now says it: a Korean, Chinese or Japanese cue ending bare is
    its own unit, one ending in a comma runs on; a line shown again in the next cue (a chat
    scrolling, a song's line repeated) is no sentence run on."""
    path = tmp_path / "angel.smi"
    path.write_text(FANSUB, encoding="utf-8")
    texts = [u.text for u in open_document(path).units]
    assert "그만하고 인터뷰하자" in texts and "그래? 무슨 인터뷰?" in texts
    assert "'키다 마사오미'" in texts and "두번째!" in texts
    assert "Trust me" in texts and "Trust me\nTrust me" in texts
    assert "편차치는 중상 정도로, 깨끗한 학교였다" in texts  # (a comma runs on)
    srt = tmp_path / "angel.srt"
    srt.write_text(
        "1\n00:00:01,000 --> 00:00:02,000\nSubtitle by Kyou.\n\n"
        "2\n00:01:18,584 --> 00:01:21,040\n그만하고 인터뷰하자\n\n"
        "3\n00:01:21,208 --> 00:01:23,668\n그래? 무슨 인터뷰?\n\n",
        encoding="utf-8",
    )
    assert [u.text for u in open_document(srt).units][1:] == [
        "그만하고 인터뷰하자",
        "그래? 무슨 인터뷰?",
    ]


def test_lyrics_in_two_languages_and_typewriter_frames_keep_their_lines(tmp_path: Path) -> None:
    """Angel Beats!'s song: each cue a Japanese line in red over its Korean translation in
    silver (<BR> between), joined with the next cues and their text shared back by length,
    so lines moved from one SYNC to another; Psycho-Pass's typewriter frames (<b>　</b><br>
    spacer lines, two colours) were run together too. A cue of two fonts, or of a font and a
    line break, is laid out line by line and never joined; lines in two scripts are two
    lines to the translator and keep their own lines; each cue keeps its line count."""
    path = tmp_path / "angel.smi"
    path.write_text(FANSUB, encoding="utf-8")
    document = open_document(path)
    assert [u.id for u in document.units if "-" in u.id] == ["cue11-cue12"]  # (a comma's)
    texts = [u.text for u in document.units]
    assert texts[:4] == [
        "Angel Beats!\nSubtitle by Kyou.",
        "目覚めては繰り返す\n눈을 뜨면 반복되는 아침은",
        "襟のタイを締め\n넥타이를 졸라매고",
        "限界など知らない 意味無い!\n한계 따윈 몰라, 의미 없어!",
    ]
    source = path.read_bytes()
    for translate in (
        lambda ts: list(ts),
        lambda ts: [f"⟦{t.upper()}⟧" for t in ts],
        lambda ts: [f"⟦{t.upper()} und mehr Worte⟧" for t in ts],
    ):
        out = tmp_path / "angel.de.smi"
        translate_file(path, out, translate, language="de")
        assert lines_per_cue(out.read_bytes()) == lines_per_cue(source)
    assert "<FONT COLOR=SILVER>넥타이를 졸라매고 und mehr Worte⟧" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("damage", ["a bad byte", "cut inside a character"])
def test_a_korean_file_with_a_bad_byte_is_refused_not_read_as_cyrillic(
    damage: str, tmp_path: Path
) -> None:
    """srt-tools' CP949 file with one bad byte, or cut inside a character, was read as
    iso-8859-5 ("СІЗЮРЧ ЛчПЊИЖ" for its Korean) and translated as Russian, silently: its
    ASCII markup let a code page that reads any byte pass. It is refused, as an .srt is,
    saying to name its encoding."""
    data = (DATA / "srt-tools-s01-cp949.smi").read_bytes()
    at = data.index("그만하고".encode("cp949"))
    path = tmp_path / "s01.smi"
    path.write_bytes(
        data[: at + 1] + b"\xff" + data[at + 2 :] if damage == "a bad byte" else data[: at + 1]
    )
    with pytest.raises(DocumentError) as caught:
        open_document(path)
    assert caught.value.message_id == "file.unknown_encoding"
    assert caught.value.message.startswith("Quire cannot tell which encoding")
    assert "--encoding euc-kr" in str(caught.value.hint)


def test_a_file_of_ten_thousand_cues_is_read_whole(tmp_path: Path) -> None:
    """subforge's stress test (tests/fixtures/large/sami-10k.smi: 10,000 cues, each with
    its clearing SYNC, made as it makes them). Reading looked through every later paragraph
    for each paragraph's end: 95 s for its 20,000 SYNCs (an .srt of as many cues: 0.8 s);
    now one pass, 1.6 s (measured by hand; speed is not asserted here)."""
    body = "".join(
        f"<SYNC Start={n * 5000}><P Class=ENCC>Event {n + 1}: Lorem ipsum dolor</P>\n"
        f"<SYNC Start={n * 5000 + 4000}><P Class=ENCC>&nbsp;</P>\n"
        for n in range(10_000)
    )
    path = tmp_path / "sami-10k.smi"
    path.write_text(
        f"<SAMI>\n<HEAD><TITLE>Stress Test</TITLE></HEAD>\n<BODY>\n{body}</BODY>\n</SAMI>\n"
    )
    document = open_document(path)
    assert len(document.units) == 10_000
    assert document.units[-1].text == "Event 10000: Lorem ipsum dolor"


def test_the_source_named_picks_the_class_to_translate(
    quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file of Korean (KRCC) and English (ENCC) at each SYNC: `--from en --to de` kept the
    English and sent the Korean (the class the STYLE declares first) to an English model.
    The source named picks the class whose lang says it, and a note says which; the Korean
    is kept byte for byte (the tiny test model's English may come back as it was)."""
    Engine(EngineOptions(home=quire_home)).import_model(exported("marian"), "opus-mt-en-de")
    source = tmp_path / "episode.smi"
    source.write_text(
        '<SAMI>\n<HEAD>\n<STYLE TYPE="text/css">\n<!--\n'
        "  .KRCC { Name: Korean; lang: ko-KR; SAMIType: CC; }\n"
        "  .ENCC { Name: English; lang: en-US; SAMIType: CC; }\n-->\n</STYLE>\n</HEAD>\n<BODY>\n"
        "<SYNC Start=1000>\n  <P Class=KRCC>안녕하세요!<br>만나서 반갑습니다.\n"
        "  <P Class=ENCC>Hello!<br>Nice to meet you.\n"
        "<SYNC Start=4000>\n  <P Class=KRCC>&nbsp;\n  <P Class=ENCC>&nbsp;\n"
        "</BODY>\n</SAMI>\n",
        encoding="utf-8",
    )
    assert [u.text for u in open_document(source).in_source("en").units] == [
        "Hello!\nNice to meet you."
    ]
    code = main(["translate", "--from", "en", "--to", "de", str(source)])
    _out, err = capsys.readouterr()
    assert code == 0, err
    assert "its ENCC class (en-US) is translated" in err
    written = (tmp_path / "episode.de.smi").read_text(encoding="utf-8")
    assert "<P Class=KRCC>안녕하세요!<br>만나서 반갑습니다.\n" in written
    assert ".ENCC { Name: German; lang: de-DE;" in written
    assert ".KRCC { Name: Korean; lang: ko-KR;" in written


def test_a_style_rule_for_a_group_of_classes_holds_for_each(tmp_path: Path) -> None:
    """ ".jpcc, .JPCC2 { Name:Japanese; lang:ja-JP; }" was read as a rule for JPCC2 alone, so
    the Japanese JPCC, declared first, was taken for a class the STYLE does not declare and
    the Korean translated instead; the group's rule holds for each of its classes (its
    lang, shared, is not renamed for one of them)."""
    path = tmp_path / "group.smi"
    path.write_text(
        '<SAMI><HEAD><STYLE TYPE="text/css"><!--\n'
        ".jpcc, .JPCC2 { Name:Japanese; lang:ja-JP; }\n.KRCC { Name:Korean; lang:ko-KR; }\n"
        "--></STYLE></HEAD><BODY>\n"
        "<SYNC Start=1000><P Class=KRCC>안녕<P Class=JPCC>こんにちは\n"
        "<SYNC Start=2000><P Class=KRCC>&nbsp;<P Class=JPCC>&nbsp;\n</BODY></SAMI>\n",
        encoding="utf-8",
    )
    document = open_document(path)
    assert [u.text for u in document.units] == ["こんにちは"]
    assert [n.params for n in document.notes] == [{"count": 1, "languages": "ko-KR"}]
    out = tmp_path / "group.de.smi"
    translate_file(path, out, lambda ts: ["Hallo"], language="de")
    written = out.read_text(encoding="utf-8")
    assert (
        "<P Class=JPCC>Hallo\n" in written
        and ".jpcc, .JPCC2 { Name:Japanese; lang:ja-JP; }" in written
    )
