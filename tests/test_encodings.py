"""Text inputs in the encodings people have: each script's sample written by the test in each
encoding and format, read back as the same text, written back byte for byte, and translations
written in the input's encoding, or in UTF-8 with one note when they do not fit; --encoding,
the JSON report, HTML/XML declarations and the refusal of binary data through the CLI."""

from __future__ import annotations

import itertools
import json
import re
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

import engine.documents.translate as translate_module
from engine.api import Event, Progress, TranslateRequest, TranslateResult
from engine.cli.main import main
from engine.documents import DocumentError, open_document, translate_file
from engine.engine import Engine
from engine.errors import Cancelled, InputError
from engine.options import CancelToken, EngineOptions
from engine.text.encoding import decode, lookup
from tests.fixtures.builder import exported

# A few sentences in each script (two paragraphs: the first two sentences, then the rest),
# the length of a short subtitle file or note. Each encoding is tested with its own script's.
SAMPLES = {
    "zh": "今天天气很好，我们去公园散步吧。这个城市的历史非常悠久，有很多古老的建筑。"
    "你喜欢读书吗？我每天晚上都会读一个小时的书。",
    "zh-Hant": "今天天氣很好，我們去公園散步吧。這個城市的歷史非常悠久，有很多古老的建築。"
    "你喜歡讀書嗎？我每天晚上都會讀一個小時的書。",
    "ja": "今日はとても良い天気ですね。公園を散歩しましょう。この町には古い建物がたくさんあります。"
    "本を読むのが好きですか？私は毎晩一時間本を読みます。",
    "ko": "오늘은 날씨가 아주 좋네요. 공원에 산책하러 갑시다. "
    "이 도시는 역사가 아주 오래되었습니다. "
    "책 읽는 것을 좋아하세요? 저는 매일 밤 한 시간씩 책을 읽어요.",
    "ru": "Сегодня очень хорошая погода. Давайте погуляем в парке. У этого города очень долгая "
    "история и много старых зданий. Вы любите читать? Я читаю каждый вечер по часу.",
    "el": "Σήμερα ο καιρός είναι πολύ καλός. Ας πάμε μια βόλτα στο πάρκο. Αυτή η πόλη έχει πολύ "
    "μεγάλη ιστορία και πολλά παλιά κτίρια. Σας αρέσει το διάβασμα; Διαβάζω κάθε βράδυ.",
    "he": "היום מזג האוויר נעים מאוד. בואו נטייל בפארק. לעיר הזאת יש היסטוריה ארוכה ובניינים "
    "עתיקים רבים. אתם אוהבים לקרוא? אני קורא כל ערב במשך שעה.",
    "ar": "الطقس جميل جدا اليوم. هيا نتمشى في الحديقة. هذه المدينة لها تاريخ طويل والعديد من "
    "المباني القديمة. هل تحب القراءة؟ أنا أقرأ كل مساء لمدة ساعة.",
    "tr": "Bugün hava çok güzel. Hadi parkta yürüyüşe çıkalım. Bu şehrin çok uzun bir tarihi ve "
    "birçok eski binası var. Okumayı sever misiniz? Her akşam bir saat kitap okuyorum.",
    "pl": "Dzisiaj jest bardzo ładna pogoda. Chodźmy na spacer do parku. To miasto ma bardzo długą "
    "historię i wiele starych budynków. Czy lubisz czytać? Czytam codziennie wieczorem.",
    "de": "Heute ist das Wetter sehr schön. Lass uns im Park spazieren gehen. Diese Stadt hat eine "
    "sehr lange Geschichte und viele alte Gebäude. Liest du gern? Ich lese jeden Abend.",
    "lt": "Šiandien labai gražus oras. Eikime pasivaikščioti parke. Šis miestas turi labai ilgą "
    "istoriją ir daug senų pastatų. Ar mėgstate skaityti? Aš skaitau kiekvieną vakarą.",
    "vi": "Hôm nay trời rất đẹp. Chúng ta hãy đi dạo trong công viên. Thành phố này có lịch sử "
    "rất lâu đời và nhiều tòa nhà cổ. Bạn có thích đọc sách không? Tôi đọc sách mỗi tối.",
}

# (Python codec the test writes with, sample, the names Quire may report). Look-alike code
# pages that hold the sample's letters at the same bytes are reported as the more common one
# (ISO-8859-9 Turkish as windows-1254); the bytes written back are the same either way.
CASES = [
    # (a Chinese text all in GBK is GBK, however it was written: GB18030 adds only
    # four-byte sequences, which programs assuming Windows' code page 936 cannot read)
    ("gb18030", "zh", {"gbk"}),
    ("gbk", "zh", {"gbk"}),
    ("big5", "zh-Hant", {"big5"}),
    ("shift_jis", "ja", {"shift_jis"}),
    ("euc_jp", "ja", {"euc-jp"}),
    ("euc_kr", "ko", {"euc-kr"}),
    ("cp1250", "pl", {"windows-1250"}),
    ("cp1251", "ru", {"windows-1251"}),
    ("cp1252", "de", {"windows-1252"}),
    ("cp1253", "el", {"windows-1253"}),
    ("cp1254", "tr", {"windows-1254"}),
    ("cp1255", "he", {"windows-1255"}),
    ("cp1256", "ar", {"windows-1256"}),
    ("cp1257", "lt", {"windows-1257"}),
    ("cp1258", "vi", {"windows-1258"}),
    ("iso8859_1", "de", {"windows-1252"}),
    ("iso8859_2", "pl", {"iso-8859-2"}),
    ("iso8859_5", "ru", {"iso-8859-5"}),
    ("iso8859_6", "ar", {"iso-8859-6"}),
    ("iso8859_7", "el", {"iso-8859-7", "windows-1253"}),
    ("iso8859_8", "he", {"iso-8859-8", "windows-1255"}),
    ("iso8859_9", "tr", {"iso-8859-9", "windows-1254"}),
    ("koi8_r", "ru", {"koi8-r"}),
    ("utf_8", "ru", {"utf-8"}),
    ("utf_16_le", "zh", {"utf-16-le"}),
    ("utf_16_be", "ar", {"utf-16-be"}),
    ("utf_32_le", "ko", {"utf-32-le"}),
    ("utf_32_be", "he", {"utf-32-be"}),
]
# With a byte order mark, as Notepad and Excel save "Unicode" text.
BOM_CASES = [
    ("utf_8", "el", "utf-8"),
    ("utf_16_le", "ja", "utf-16-le"),
    ("utf_16_be", "tr", "utf-16-be"),
    ("utf_32_le", "pl", "utf-32-le"),
    ("utf_32_be", "zh", "utf-32-be"),
]
BOMS = {
    "utf_8": b"\xef\xbb\xbf",
    "utf_16_le": b"\xff\xfe",
    "utf_16_be": b"\xfe\xff",
    "utf_32_le": b"\xff\xfe\x00\x00",
    "utf_32_be": b"\x00\x00\xfe\xff",
}
FORMATS = [".txt", ".srt", ".vtt", ".md", ".html"]


def sample(language: str, codec: str) -> str:
    """The language's sample as the codec can hold it: windows-1258 keeps Vietnamese tone
    marks as combining characters after a precomposed base letter."""
    text = SAMPLES[language]
    if codec != "cp1258":
        return text
    out: list[str] = []
    for char in text:
        try:
            char.encode(codec)
            out.append(char)
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", parts[:2])
        out.append(base + parts[2:] if len(base) == 1 and _fits(base, codec) else parts)
    return "".join(out)


def _fits(text: str, codec: str) -> bool:
    try:
        text.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def sentences(text: str) -> list[str]:
    """Two paragraphs: the first two sentences, and the rest."""
    marks = [i + 1 for i, c in enumerate(text) if c in ".。?？;"]
    cut = marks[1]
    return [text[:cut].strip(), text[cut:].strip()]


def document_text(ext: str, paragraphs: Sequence[str], newline: str = "\n") -> str:
    """A small file of the format holding the paragraphs as its units."""
    first, second = paragraphs
    if ext == ".srt":
        body = f"1\n00:00:01,000 --> 00:00:04,000\n{first}\n\n2\n00:00:05,000 --> 00:00:08,000\n"
        body += f"{second}\n"
    elif ext == ".vtt":
        body = f"WEBVTT\n\n00:01.000 --> 00:04.000\n{first}\n\n00:05.000 --> 00:08.000\n{second}\n"
    elif ext == ".md":
        body = f"# {first}\n\n{second}\n"
    elif ext == ".html":
        body = (
            f"<!DOCTYPE html>\n<html>\n<body>\n<p>{first}</p>\n<p>{second}</p>\n</body>\n</html>\n"
        )
    else:
        body = f"{first}\n\n{second}\n"
    return body.replace("\n", newline)


def swapped(texts: Sequence[str]) -> list[str]:
    """A "translation" in the same script: each unit's sentences in reverse order."""
    out = []
    for text in texts:
        marks = [i + 1 for i, c in enumerate(text) if c in ".。?？;"]
        pieces = [text[a:b].strip() for a, b in zip([0, *marks], [*marks, len(text)], strict=True)]
        out.append(" ".join(reversed([p for p in pieces if p])))
    return out


CASE_IDS = [f"{codec}-{language}" for codec, language, _ in CASES]


@pytest.mark.parametrize("ext", FORMATS)
@pytest.mark.parametrize(("codec", "language", "names"), CASES, ids=CASE_IDS)
def test_each_encoding_reads_writes_back_and_translates_in_itself(
    tmp_path: Path, ext: str, codec: str, language: str, names: set[str]
) -> None:
    paragraphs = sentences(sample(language, codec))
    newline = "\r\n" if ext == ".srt" else "\n"  # subtitles from Windows tools
    data = document_text(ext, paragraphs, newline).encode(codec)
    path = tmp_path / f"sample{ext}"
    path.write_bytes(data)

    document = open_document(path)
    assert document.encoding is not None and document.encoding.name in names
    assert [u.text for u in document.units if u.text.strip()] == paragraphs
    assert document.write([u.text for u in document.units]) == data  # byte for byte

    out = tmp_path / f"sample.xx{ext}"
    result = translate_file(path, out, swapped)
    assert result.encoding is not None and result.encoding.detected == document.encoding.name
    assert result.encoding.written == document.encoding.name and not result.encoding.fallback
    expected = document_text(ext, swapped(paragraphs), newline)
    assert out.read_bytes() == expected.encode(codec)
    # The output is a valid file of its format: its own reader reads the translation back.
    again = open_document(out)
    assert [u.text for u in again.units if u.text.strip()] == swapped(paragraphs)
    assert path.read_bytes() == data


def two_cues(first: str, second: str) -> str:
    return (
        f"1\r\n00:00:01,000 --> 00:00:02,000\r\n{first}\r\n\r\n"
        f"2\r\n00:00:03,000 --> 00:00:04,000\r\n{second}\r\n"
    )


# Smaller than the samples: two short cues, or one line, as subtitle files and notes often are.
SHORT = [
    ("cp1252", "windows-1252", two_cues("It’s a beautiful day.", "Let’s go to the café.")),
    ("cp1252", "windows-1252", "He said “hello” and it’s fine. The café is open — come by.\n"),
    # (charset-normalizer finds cp1250's "trčs … ŕ vous" more coherent; French is surer.)
    ("latin_1", "windows-1252", "Ça va très bien, merci beaucoup à vous.\n\nGarçon, l'addition.\n"),
    ("cp1252", "windows-1252", two_cues("Ça va très bien, merci.", "À bientôt, garçon.")),
    ("cp1250", "windows-1250", "Příliš žluťoučký kůň úpěl ďábelské ódy. Děkuji, mám se dobře.\n"),
    ("cp1251", "windows-1251", "Добрий день! Як справи? Ґанок біля їхнього будинку був чистий.\n"),
    # Look-alikes that swap letters and symbols: ISO-8859-2's ś ą Š are windows-1250's ¶ ± ©,
    # ISO-8859-7's Ά windows-1253's ¶, and back (an outside review: the model read "jeste¶").
    (
        "iso8859_2",
        "iso-8859-2",
        two_cues("Gdzie jesteś? Szukałem cię.", "Źle się czuję, muszę iść."),
    ),
    ("iso8859_2", "iso-8859-2", two_cues("Hledal jsem tě všude.", "Šťastný nový rok!")),
    ("iso8859_7", "iso-8859-7", two_cues("Άννα, πού είσαι;", "Έλα εδώ αμέσως!")),
    ("cp1253", "windows-1253", two_cues("Άννα, πού είσαι;", "Έλα εδώ αμέσως!")),
    ("shift_jis", "shift_jis", two_cues("こんにちは。", "ありがとう。")),
    ("big5", "big5", two_cues("你好。", "謝謝你。")),
    ("gbk", "gbk", two_cues("你好。", "谢谢你。")),
    ("euc_kr", "euc-kr", two_cues("안녕하세요.", "감사합니다.")),
]


@pytest.mark.parametrize(("codec", "name", "text"), SHORT, ids=[f"{c}-{n}" for c, n, _ in SHORT])
def test_short_everyday_files_are_detected(codec: str, name: str, text: str) -> None:
    decoded, found = decode(text.encode(codec), None)
    assert (decoded, found.name) == (text, name)


@pytest.mark.parametrize("ext", [".txt", ".srt", ".html"])
@pytest.mark.parametrize(("codec", "language", "name"), BOM_CASES)
def test_a_byte_order_mark_decides_and_is_written_back(
    tmp_path: Path, ext: str, codec: str, language: str, name: str
) -> None:
    paragraphs = sentences(SAMPLES[language])
    data = BOMS[codec] + document_text(ext, paragraphs).encode(codec)
    path = tmp_path / f"bom{ext}"
    path.write_bytes(data)
    document = open_document(path)
    assert document.encoding is not None
    assert (document.encoding.name, document.encoding.how, document.encoding.bom) == (
        name,
        "bom",
        True,
    )
    assert [u.text for u in document.units if u.text.strip()] == paragraphs
    assert document.write([u.text for u in document.units]) == data
    # UTF-16/32 hold every character: a translation into another script stays in them.
    out = tmp_path / f"bom.zh{ext}"
    result = translate_file(path, out, lambda texts: ["你好，世界。" for _ in texts])
    assert result.encoding is not None and result.encoding.written == name
    written = out.read_bytes()
    assert written.startswith(BOMS[codec])
    assert "你好，世界。" in written[len(BOMS[codec]) :].decode(codec)


def test_a_translation_that_does_not_fit_is_written_as_utf8_with_one_note(
    tmp_path: Path,
) -> None:
    paragraphs = sentences(SAMPLES["ru"])
    path = tmp_path / "talk.srt"
    data = document_text(".srt", paragraphs, "\r\n").encode("cp1251")
    path.write_bytes(data)
    out = tmp_path / "talk.zh.srt"
    result = translate_file(path, out, lambda texts: [f"第{n}句。" for n in range(len(texts))])
    assert result.encoding is not None and result.encoding.fallback
    assert (result.encoding.detected, result.encoding.written) == ("windows-1251", "utf-8")
    assert result.encoding.note() == "the output does not fit in windows-1251: written as UTF-8"
    text = out.read_bytes().decode("utf-8")  # strict: all of it is UTF-8
    assert text == document_text(".srt", ["第0句。", "第1句。"], "\r\n")
    assert [u.text for u in open_document(out).units] == ["第0句。", "第1句。"]  # still .srt


def test_html_declarations_are_honoured_and_rewritten_with_the_output(tmp_path: Path) -> None:
    body = "<p>Сегодня очень хорошая погода.</p><p>Давайте погуляем в парке.</p>"
    meta = f'<html><head><meta charset="windows-1251"><title>Погода</title></head>{body}</html>'
    page = tmp_path / "page.html"
    page.write_bytes(meta.encode("cp1251"))
    document = open_document(page)
    assert document.encoding is not None
    assert (document.encoding.name, document.encoding.how) == ("windows-1251", "declaration")
    # The same bytes declared as KOI8-R read as KOI8-R: the declaration comes before guessing.
    koi = tmp_path / "koi.html"
    koi.write_bytes(meta.replace("windows-1251", "koi8-r").encode("cp1251"))
    read = open_document(koi)
    assert read.encoding is not None and read.encoding.name == "koi8-r"
    assert read.units[0].text == "Погода".encode("cp1251").decode("koi8_r")

    # A translation that does not fit: UTF-8, and the declaration says so.
    out = tmp_path / "page.zh.html"
    translate_file(page, out, lambda texts: ["天气" for _ in texts])
    written = out.read_bytes().decode("utf-8")
    assert '<meta charset="utf-8">' in written and "windows-1251" not in written

    # An XML declaration (XHTML); one that fits keeps its encoding and its declaration.
    xhtml = tmp_path / "page.htm"
    source = f'<?xml version="1.0" encoding="ISO-8859-7"?>\n<html><body><p>{SAMPLES["el"]}</p>'
    xhtml.write_bytes((source + "</body></html>\n").encode("iso8859_7"))
    xml_doc = open_document(xhtml)
    assert xml_doc.encoding is not None and xml_doc.encoding.how == "declaration"
    assert xml_doc.encoding.name == "iso-8859-7"
    translated = tmp_path / "page.el.htm"
    translate_file(xhtml, translated, swapped)
    assert translated.read_bytes().startswith(b'<?xml version="1.0" encoding="ISO-8859-7"?>')


def test_a_page_without_a_charset_written_as_utf8_says_so(tmp_path: Path) -> None:
    # No declaration: a browser reads a page as its locale's code page (windows-1252 in the
    # West), so a UTF-8 translation would show as mojibake without one.
    pages = {
        "latin.html": (f"<html><head><title>Wetter</title></head><body><p>{SAMPLES['de']}</p>"
                       "</body></html>").encode("cp1252"),
        "ascii.html": b"<!DOCTYPE html>\n<p>A plain page.</p>\n",
        "bare.html": b"<p>A plain page.</p>",
        # Never before the doctype (a browser would render the page in quirks mode).
        "commented.html": b"<!-- " + b"c" * 5000 + b" -->\n<!DOCTYPE html>\n<html lang=en>\n"
                          b"<head>\n<title>Page</title></head><p>A plain page.</p>",
        "xhtml.html": b'<?xml version="1.0"?>\n<!DOCTYPE html><html lang="en"><head>'
                      b"<title>Page</title></head><p>A plain page.</p>",
    }  # fmt: skip
    expected = {
        "latin.html": '<html><head><meta charset="utf-8"><title>',
        "ascii.html": '<!DOCTYPE html>\n<meta charset="utf-8"><p>',
        "bare.html": '<meta charset="utf-8"><p>',
        "commented.html": "<!-- " + "c" * 5000 + ' -->\n<!DOCTYPE html>\n<html lang=en>\n'
                          '<head><meta charset="utf-8">\n<title>',
        "xhtml.html": '<?xml version="1.0"?>\n<!DOCTYPE html><html lang="en"><head>'
                      '<meta charset="utf-8"><title>',
    }  # fmt: skip
    for name, data in pages.items():
        page = tmp_path / name
        page.write_bytes(data)
        document = open_document(page)
        # The page's own text is written back byte for byte: nothing is added.
        assert document.render([u.text for u in document.units]) == data
        out = tmp_path / f"{page.stem}.zh.html"
        translate_file(page, out, lambda texts: ["天气很好。" for _ in texts])
        written = out.read_bytes().decode("utf-8")
        assert written.startswith(expected[name]), name
        assert written.count("charset") == 1
        # Translated into a language the page's own encoding holds: nothing to declare.
        kept = tmp_path / f"{page.stem}.fr.html"
        translate_file(page, kept, lambda texts: ["Très bien." for _ in texts])
        if name == "latin.html":
            assert b"charset" not in kept.read_bytes()
            assert kept.read_bytes().decode("cp1252").count("Très bien.") == 2


def test_a_wrong_declaration_yields_to_the_bytes_and_is_corrected(tmp_path: Path) -> None:
    # Declared UTF-8, saved as windows-1251 (an editor that re-saved the file): the bytes are
    # not UTF-8, so they are detected, and the output's declaration names what it is in.
    page = tmp_path / "page.html"
    html = f'<html><head><meta charset="utf-8"></head><body><p>{SAMPLES["ru"]}</p></body></html>'
    page.write_bytes(html.encode("cp1251"))
    document = open_document(page)
    assert document.encoding is not None
    assert (document.encoding.name, document.encoding.how) == ("windows-1251", "detected")
    out = tmp_path / "page.x.html"
    translate_file(page, out, swapped)
    assert b'<meta charset="windows-1251">' in out.read_bytes()
    assert open_document(out).encoding == document.encoding.__class__(
        "windows-1251", "cp1251", how="declaration", declared="windows-1251"
    )


def test_binary_data_is_refused_and_an_unknown_encoding_named(tmp_path: Path) -> None:
    for data in (
        b"\x00\x01\x02\x03" * 64,
        bytes(range(256)) * 4,
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
    ):
        path = tmp_path / "blob.srt"
        path.write_bytes(data)
        with pytest.raises(DocumentError, match="binary file, not subtitle text") as info:
            open_document(path)
        assert info.value.path == path and "--encoding" in info.value.hint
    with pytest.raises(InputError, match="'klingon' is not an encoding Quire knows"):
        lookup("klingon")
    with pytest.raises(InputError):
        lookup("rot13")  # a Python codec, but not a text encoding
    with pytest.raises(InputError):
        lookup("undefined")  # a Python text codec that refuses every byte (a traceback)


def test_an_undetected_chinese_text_is_hinted_at_chinese_encodings(tmp_path: Path) -> None:
    """A one-line GBK note that charset-normalizer cannot place was hinted "--encoding
    windows-1251", a Cyrillic code page."""
    path = tmp_path / "note.txt"
    path.write_bytes("他说：「我不想去。」".encode("gbk"))
    with pytest.raises(DocumentError) as info:
        open_document(path)
    assert "--encoding gb18030 for Chinese" in info.value.hint and "big5" in info.value.hint


def test_forced_encoding_wins_and_a_wrong_one_is_a_clear_error(tmp_path: Path) -> None:
    data = SAMPLES["ru"].encode("cp1251")
    text, found = decode(data, None, encoding="koi8-r")
    assert text == data.decode("koi8_r") and (found.name, found.how) == ("koi8-r", "option")
    with pytest.raises(InputError, match=r"not utf-8 \(byte 0 does not fit\)") as info:
        decode(data, Path("x.txt"), encoding="utf-8")
    assert "--encoding" in info.value.hint
    # "utf-16" without a byte order: the file's mark says which, and is kept.
    marked = "\ufeffHallo".encode("utf-16-be")
    text, found = decode(marked, None, encoding="UTF-16")
    assert text == "Hallo" and (found.name, found.bom) == ("utf-16-be", True)
    assert found.encode(text) == marked


def test_clean_utf8_and_ascii_are_utf8_without_asking_the_detector() -> None:
    for text in ("Hello, world.\n", SAMPLES["zh"], "café"):
        decoded, found = decode(text.encode("utf-8"), None)
        assert decoded == text and (found.name, found.how) == ("utf-8", "utf-8")


# ----------------------------------------------------------------- mixed files

# UTF-8 with lines in a legacy encoding: files pasted together from two sources.
MIXED = [
    ("Привет, мир. Это первая строка файла.\n",
     "Это вторая строка, сохранённая в другой кодировке.\n", "cp1251", "windows-1251"),
    ("会议纪要：第一部分\n", "委员会于星期二举行会议，审议下一年度的预算草案。\n", "gbk",
     "gbk"),
    ("日本語の見出しです\n", "本日の会議では、来年度の予算案について議論が行われました。\n",
     "cp932", "shift_jis"),
    ("Le café était fermé à Noël.\n", "Le garçon naïf a payé 5 € à l'hôtel.\n", "cp1252",
     "windows-1252"),
]  # fmt: skip


@pytest.mark.parametrize(("utf8", "legacy", "codec", "name"), MIXED, ids=[m[3] for m in MIXED])
def test_utf8_with_lines_in_a_legacy_encoding_reads_each_part_in_its_own(
    utf8: str, legacy: str, codec: str, name: str
) -> None:
    data = (utf8 * 2).encode("utf-8") + legacy.encode(codec) + utf8.encode("utf-8")
    text, found = decode(data, None)
    assert text == utf8 * 2 + legacy + utf8  # no mojibake on either side
    assert (found.name, found.how, found.mixed) == ("utf-8", "mixed", name)
    assert found.encode(text) == text.encode("utf-8")  # written back as UTF-8
    # Either part alone is what it is, as before.
    assert decode((utf8 * 3).encode("utf-8"), None)[1].how == "utf-8"
    assert decode((legacy * 3).encode(codec), None)[1].mixed is None


LEGACY = [(codec, language) for codec, language, _ in CASES if not codec.startswith("utf")]


@pytest.mark.parametrize(("codec", "language"), LEGACY, ids=[f"{c}-{x}" for c, x in LEGACY])
def test_no_legacy_text_line_or_pair_of_lines_reads_as_mixed(codec: str, language: str) -> None:
    """Every sentence of every legacy sample, alone and in pairs: whatever else the detector
    makes of so little, it is never taken for UTF-8 with parts in another encoding."""
    said = sentences(sample(language, codec))
    for text in [*said, *("\n".join(pair) for pair in itertools.pairwise(said))]:
        try:
            found = decode(text.encode(codec), None)[1]
        except InputError:
            continue  # too little to tell: asked for --encoding, as before
        assert found.how != "mixed", (text, found)


@pytest.mark.parametrize(
    ("text", "codec", "name"),
    [
        # Short lines a legacy file has, which read as UTF-8 by chance: GBK's 谢谢 is "лл",
        # 什么 "ʲô"; EUC-KR's 크크크 "ũũũ"; windows-1251's Ні "ͳ"; KOI8-R's её "ţ".
        (two_cues("谢谢", "什么") + "\n3\n00:00:05,000 --> 00:00:06,000\n我说这是给你的。\n",
         "gbk", "gbk"),
        ("이게 뭐야?\n크크크\n너 정말 웃기다.\n", "euc-kr", "euc-kr"),
        ("— Ти прийдеш завтра?\n— Ні, я не можу.\nНі!\n", "cp1251", "windows-1251"),
        ("Это её книга.\nМы читали её вчера.\nеё\n", "koi8-r", "koi8-r"),
    ],
    ids=["gbk", "euc-kr", "windows-1251", "koi8-r"],
)  # fmt: skip
def test_a_legacy_line_that_reads_as_utf8_by_chance_is_not_taken_for_it(
    text: str, codec: str, name: str
) -> None:
    """A review found these read as mixed, their short lines turned into another script."""
    decoded, found = decode(text.encode(codec), None)
    assert (decoded, found.name, found.how) == (text, name, "detected")


def test_a_pasted_line_is_read_in_the_code_page_of_the_utf8_lines_script() -> None:
    """One short line of Russian reads to the detector as Greek or Hebrew; the UTF-8 lines
    say the text is Cyrillic, and windows-1251 reads it as such. UTF-8 lines holding only a
    dash are UTF-8 too."""
    utf8 = "Привет, мир!\nКак дела?\n"
    for pasted in ("Это строка в кодировке Windows.\n", "Москва — столица России.\n"):
        decoded, found = decode(utf8.encode() + pasted.encode("cp1251"), None)
        assert (decoded, found.how, found.mixed) == (utf8 + pasted, "mixed", "windows-1251")
    # A Chinese file with an English line whose only non-ASCII is a quote typed in Windows:
    # that line has no letters of a script to compare (before, the file was refused).
    chinese = "委员会于星期二举行会议，审议下一年度的预算草案。\n" * 3
    decoded, found = decode(chinese.encode() + "Don’t forget.\n".encode("cp1252"), None)
    assert (decoded, found.mixed) == (chinese + "Don’t forget.\n", "windows-1252")
    menu = "Menu — today\n"
    decoded, found = decode(menu.encode() + "Pâté, crème brûlée, rösti\n".encode("cp1252"), None)
    assert decoded == menu + "Pâté, crème brûlée, rösti\n" and found.mixed == "windows-1252"


def test_curly_quotes_typed_in_windows_1252_into_a_utf8_file_come_back_whole() -> None:
    """A stray quote or two is too little to detect an encoding from: Windows', where they
    come from; a line may hold UTF-8 letters and the stray bytes both."""
    data = (
        "Der Zug fährt um acht Uhr ab.\n".encode()
        + b"Don\x92t forget the \x93tickets\x94 for M\xc3\xbcnchen.\n"
        + "Grüße aus Köln.\n".encode()
    )
    text, found = decode(data, None)
    assert text == (
        "Der Zug fährt um acht Uhr ab.\nDon’t forget the “tickets” for München.\nGrüße aus Köln.\n"
    )
    assert (found.how, found.mixed) == ("mixed", "windows-1252")


def test_a_legacy_text_is_not_taken_for_a_mixed_one() -> None:
    """Well-formed UTF-8 sequences occur in legacy text by chance (Ukrainian "Ті" in
    windows-1251 is D2 B3, UTF-8's "ҳ"): a few of them do not make it UTF-8."""
    ukrainian = "Він сказав: «Її тут немає». Тієї ночі Тіна пішла додому. Ті люди чекали.\n"
    text, found = decode((ukrainian * 3).encode("cp1251"), None)
    assert text == ukrainian * 3 and (found.name, found.how) == ("windows-1251", "detected")


# ----------------------------------------------------------------- the CLI


def fake_engine(monkeypatch: pytest.MonkeyPatch, translate: Callable[[str], str]) -> None:
    """Document jobs "translate" through ``translate`` instead of a model."""

    def batch(
        _engine: Engine,
        _template: TranslateRequest,
        texts: Sequence[str],
        _report: Callable[[Event], None],
        _cancel: CancelToken | None,
        _marked: frozenset[str] = frozenset(),
    ) -> tuple[list[str], list[TranslateResult]]:
        return [translate(t) for t in texts], []

    def languages(
        _models: object, template: TranslateRequest, _sample: str
    ) -> tuple[TranslateRequest, None]:
        return template, None  # no model to choose: the job's languages are the named ones

    monkeypatch.setattr(translate_module, "_engine_batch", batch)
    monkeypatch.setattr(translate_module, "document_languages", languages)


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_reports_the_encoding_and_the_utf8_fallback(
    quire_home: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake_engine(monkeypatch, lambda text: "".join(reversed(text)))
    talk = tmp_path / "talk.srt"
    talk.write_bytes(document_text(".srt", sentences(SAMPLES["zh"]), "\r\n").encode("gbk"))
    code, out, err = _cli(capsys, "translate", "--json", "--to", "de", str(talk))
    doc = json.loads(out)
    assert code == 0, err
    assert doc["encoding"] == {
        "detected": "gbk",
        "how": "detected",
        "written": "gbk",
        "fallback": False,
    }
    counts = re.search(r"\(2 units: \d+ translated, \d+ kept verbatim, \d+ failed; gbk\)", err)
    assert f"{talk}: wrote {tmp_path / 'talk.de.srt'} (2 units: " in err and counts is not None
    assert "UTF-8" not in err

    fake_engine(monkeypatch, lambda text: "Привет")
    code, out, err = _cli(capsys, "translate", "--json", "--to", "ru", str(talk))
    doc = json.loads(out)
    assert code == 0 and doc["encoding"]["written"] == "gbk"  # Cyrillic fits in GBK

    notes = tmp_path / "notes.txt"
    notes.write_bytes("\n\n".join(sentences(SAMPLES["tr"])).encode("cp1254"))
    fake_engine(monkeypatch, lambda text: "Ελληνικά.")
    code, out, err = _cli(capsys, "translate", "--json", "--to", "el", str(notes), str(talk))
    results = json.loads(out)["results"]
    assert code == 0
    assert results[0]["encoding"] == {
        "detected": "windows-1254",
        "how": "detected",
        "written": "utf-8",
        "fallback": True,
    }
    # (GBK has Greek letters, not ά: written as UTF-8, not in GB18030's four-byte sequences)
    assert results[1]["encoding"] == {
        "detected": "gbk",
        "how": "detected",
        "written": "utf-8",
        "fallback": True,
    }
    note = f"{notes}: the output does not fit in windows-1254: written as UTF-8"
    assert err.count("written as UTF-8") == 2 and note in err
    assert f"{talk}: the output does not fit in gbk: written as UTF-8" in err
    assert (tmp_path / "notes.el.txt").read_bytes().decode("utf-8") == "Ελληνικά.\n\nΕλληνικά."


def test_cli_translates_a_subtitle_pasted_from_two_encodings_and_says_so(
    quire_home: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake_engine(monkeypatch, str.upper)
    first = (
        "1\n00:00:01,000 --> 00:00:02,000\nLe café est fermé le lundi.\n\n"
        "2\n00:00:03,000 --> 00:00:04,000\nÀ bientôt, chère amie.\n\n"
    )
    second = "3\n00:00:05,000 --> 00:00:06,000\nL’hôtel coûte 5 € la nuit.\n"
    talk = tmp_path / "talk.srt"
    talk.write_bytes(first.encode("utf-8") + second.encode("cp1252"))
    code, out, err = _cli(capsys, "translate", "--json", "--to", "de", str(talk))
    assert code == 0, err
    assert json.loads(out)["encoding"] == {
        "detected": "utf-8",
        "how": "mixed",
        "written": "utf-8",
        "fallback": False,
    }
    note = (
        f"{talk}: some lines are in windows-1252, the rest in UTF-8: each read as written, "
        "the output written as UTF-8"
    )
    assert note in err
    written = (tmp_path / "talk.de.srt").read_bytes().decode("utf-8")
    assert "LE CAFÉ EST FERMÉ LE LUNDI." in written and "L’HÔTEL COÛTE 5 € LA NUIT." in written


def test_cli_names_the_encoding_a_legacy_glossary_was_read_in(
    quire_home: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A few terms are too few to tell legacy code pages apart (a review saw two Russian
    terms in windows-1251 read as windows-1250): one line says which was used."""
    fake_engine(monkeypatch, str.upper)
    note = tmp_path / "note.txt"
    note.write_text("The committee met on Tuesday.\n", encoding="utf-8")
    glossary = tmp_path / "terms.tsv"
    data = "Привет\tHello\nМосква\tMoscow\n".encode("cp1251")
    glossary.write_bytes(data)
    detected = decode(data, glossary)[1].name
    code, _out, err = _cli(
        capsys, "translate", "--to", "de", "--glossary", str(glossary), str(note)
    )
    assert code == 0, err
    assert f"{glossary}: glossary read as {detected} (detected)" in err
    glossary.write_text("Quire\tQuire\n", encoding="utf-8")
    code, _out, err = _cli(
        capsys, "translate", "--to", "de", "--glossary", str(glossary), str(note)
    )
    assert code == 0 and "glossary read as" not in err


def test_cli_names_a_termbases_terms_left_out(
    quire_home: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Weblate's TBX translates "bank" two ways: the command line says it is left out."""
    fake_engine(monkeypatch, str.upper)
    note = tmp_path / "note.txt"
    note.write_text("The committee met on Tuesday.\n", encoding="utf-8")
    termbase = Path(__file__).parent / "data" / "tbx" / "weblate-en-de.tbx"
    code, _out, err = _cli(
        capsys, "translate", "--from", "en", "--to", "de", "--glossary", str(termbase), str(note)
    )
    assert code == 0, err
    assert f"{termbase}: 1 term left out, as the termbase translates it two ways" in err
    # (said before the read, which takes seconds for a termbase of IATE's size)
    assert err.index(f"{termbase}: reading the termbase…") < err.index("1 term left out")
    assert err.rstrip().count("(which one a text means is not known): bank") == 1


def test_cli_encoding_option_forces_the_input_encoding(
    quire_home: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[str] = []

    def recording(text: str) -> str:
        seen.append(text)
        return text

    fake_engine(monkeypatch, recording)
    data = document_text(".srt", sentences(SAMPLES["ru"])).encode("cp1251")
    talk = tmp_path / "talk.srt"
    talk.write_bytes(data)
    code, out, err = _cli(
        capsys, "translate", "--json", "--encoding", "KOI8-R", "--to", "de", str(talk)
    )
    doc = json.loads(out)
    assert code == 0, err
    assert doc["encoding"]["detected"] == "koi8-r" and doc["encoding"]["how"] == "option"
    assert seen == [p.encode("cp1251").decode("koi8_r") for p in sentences(SAMPLES["ru"])]
    assert (tmp_path / "talk.de.srt").read_bytes() == data  # read and written as KOI8-R

    code, _out, err = _cli(capsys, "translate", "--encoding", "utf-8", "--to", "de", str(talk))
    assert code == 1 and str(talk) in err and "not utf-8" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1

    with pytest.raises(SystemExit) as info:
        main(["translate", "--encoding", "klingon", "--to", "de", str(talk)])
    _out, err = capsys.readouterr()
    assert info.value.code == 2 and "klingon" in err and "gb18030" in err


def test_cli_refuses_binary_inputs_naming_the_file(
    quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blob = tmp_path / "blob.srt"
    blob.write_bytes(b"\x00\x01\x02\x03" * 256)
    code, _out, err = _cli(capsys, "translate", "--to", "de", str(blob))
    assert code == 1 and "binary file" in err and str(blob) in err and "--encoding" in err
    assert len(err.strip().splitlines()) == 1
    text = tmp_path / "blob.txt"
    text.write_bytes(b"\x00\x01\x02\x03" * 256)
    for command in (["summarize"], ["ask", "-q", "why"], ["classify"], ["embed"]):
        code, _out, err = _cli(capsys, *command, str(text))
        assert code == 1 and "binary file" in err and str(text) in err, command


def test_plain_text_output_keeps_the_input_encoding_and_ask_reports_it(
    quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = Engine(EngineOptions(home=quire_home))
    store.import_model(exported("marian"), "opus-mt-en-de")
    store.import_model(exported("distilbert-qa"), "mini-qa")
    note = tmp_path / "note.txt"
    english = "The house is small. We travel by train to the city every day with friends."
    note.write_bytes(english.encode("utf-16"))
    out_file = tmp_path / "note.de.txt"
    code, out, err = _cli(
        capsys, "translate", "--json", "--from", "en", "--to", "de", "-o", str(out_file), str(note)
    )
    doc = json.loads(out)
    assert code == 0, err
    assert doc["encoding"]["detected"] == "utf-16-le" and doc["encoding"]["how"] == "bom"
    # Written in the input's encoding (UTF-16 holds any translation), with its mark.
    assert doc["encoding"]["written"] == "utf-16-le"
    assert out_file.read_bytes().startswith(b"\xff\xfe")
    assert out_file.read_bytes()[2:].decode("utf-16-le") == doc["text"]

    context = tmp_path / "mill.txt"
    german = "Die alte Mühle steht neben der Brücke. Herr Müller wohnt dort seit fünfzig Jahren."
    context.write_bytes(german.encode("cp1252"))
    code, out, err = _cli(capsys, "ask", "--json", "-q", "Who lives there?", str(context))
    doc = json.loads(out)
    assert code == 0, err
    assert doc["encoding"] == {
        "detected": "windows-1252",
        "how": "detected",
        "written": None,
        "fallback": False,
    }
    assert all(german[a["start"] : a["end"]] == a["text"] for a in doc["answers"])


def test_classify_csv_reads_a_legacy_csv_and_writes_it_back_in_its_encoding(
    quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Engine(EngineOptions(home=quire_home)).import_model(exported("bert-cls"), "mini-cls")
    rows = [["id", "отзыв"], *([str(n), s] for n, s in enumerate(sentences(SAMPLES["ru"])))]
    source = tmp_path / "reviews.csv"
    source.write_bytes("".join(",".join(row) + "\r\n" for row in rows).encode("cp1251"))
    out_csv = tmp_path / "labelled.csv"
    code, out, err = _cli(
        capsys, "classify", "--json", "--csv", str(source), "--column", "отзыв", "-o", str(out_csv)
    )
    doc = json.loads(out)
    assert code == 0, err
    assert doc["encoding"] == {
        "detected": "windows-1251",
        "how": "detected",
        "written": "windows-1251",
        "fallback": False,
    }
    written = out_csv.read_bytes().decode("cp1251").splitlines()
    assert written[0].startswith("id,отзыв,label,score")
    assert [line.split(",")[1] for line in written[1:]] == [r[1] for r in rows[1:]]


# ----------------------------------------------------------------- batches (issue #17)


def test_a_batch_reads_every_text_input_in_the_encoding_given(
    quire_home: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``translate SRC_DIR -o OUT_DIR --encoding …`` (the batch, here or on Ray): the workers
    read with the named encoding, as the single-file command does, not with a detected one."""
    seen: list[str] = []

    def recording(text: str) -> str:
        seen.append(text)
        return text

    fake_engine(monkeypatch, recording)
    data = document_text(".srt", sentences(SAMPLES["ru"])).encode("cp1251")
    src = tmp_path / "src"
    src.mkdir()
    (src / "talk.srt").write_bytes(data)
    out = tmp_path / "out"
    argv = ("translate", "--encoding", "koi8-r", "--to", "de", str(src), "-o", str(out))
    code, _out, err = _cli(capsys, *argv)
    assert code == 0, err
    assert seen == [p.encode("cp1251").decode("koi8_r") for p in sentences(SAMPLES["ru"])]
    assert (out / "talk.de.srt").read_bytes() == data  # read and written as KOI8-R


def test_an_object_storage_batch_journals_a_document_read_in_the_encoding_given(
    quire_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The journal a worker copies to object storage is the one the job keeps, whose key
    includes ``--encoding``: an interrupted document resumes on any worker."""
    pafs = pytest.importorskip("pyarrow.fs")  # the cluster extra

    from engine.cluster import Batch, Storage, plan, run_one
    from engine.cluster.storage import JOURNALS

    fake_engine(monkeypatch, lambda text: text)
    bucket = tmp_path / "bucket"
    (bucket / "src").mkdir(parents=True)
    paragraphs = [f"Абзац номер {n}." for n in range(8)]
    (bucket / "src" / "notes.txt").write_bytes("\n\n".join(paragraphs).encode("cp1251"))
    remote = pafs.SubTreeFileSystem(str(bucket), pafs.LocalFileSystem())
    batch = Batch(
        "translate",
        Storage("src", remote),
        Storage("out", remote),
        TranslateRequest(text="", source="ru", target="de"),
        batch_units=2,
        encoding="windows-1251",
    )
    (item,) = plan(batch)
    token = CancelToken()

    def stop(event: Event) -> None:
        if isinstance(event, Progress) and event.done >= 4:
            token.cancel()

    with pytest.raises(Cancelled):
        run_one(Engine(EngineOptions(home=quire_home)), batch, item, stop, token)
    journals = sorted(p.name for p in (bucket / "out" / JOURNALS).iterdir())
    assert journals == ["done", "notes.de.txt.jsonl"]  # (done: its pending marker)
    done = run_one(Engine(EngineOptions(home=quire_home)), batch, item)
    assert done.error is None and done.resumed == 4
    assert (bucket / "out" / "notes.de.txt").read_bytes() == (
        bucket / "src" / "notes.txt"
    ).read_bytes()


def test_a_batch_reports_each_documents_encoding_and_the_utf8_fallback(
    quire_home: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The batch's JSON rows and lines say what the single-file command says."""
    fake_engine(monkeypatch, lambda text: "Ελληνικά.")
    src = tmp_path / "src"
    src.mkdir()
    (src / "notes.txt").write_bytes("\n\n".join(sentences(SAMPLES["tr"])).encode("cp1254"))
    (src / "talk.srt").write_bytes(document_text(".srt", sentences(SAMPLES["el"])).encode("cp1253"))
    out = tmp_path / "out"
    code, stdout, err = _cli(capsys, "translate", "--json", "--to", "el", str(src), "-o", str(out))
    assert code == 0, err
    rows = {Path(r["input"]).name: r for r in json.loads(stdout)}
    assert rows["notes.txt"]["encoding"] == {
        "detected": "windows-1254",
        "how": "detected",
        "written": "utf-8",
        "fallback": True,
    }
    assert rows["talk.srt"]["encoding"]["written"] == "windows-1253"
    assert not rows["talk.srt"]["encoding"]["fallback"]
    notes = src / "notes.txt"
    assert f"{notes}: the output does not fit in windows-1254: written as UTF-8" in err
    talk = f"{src / 'talk.srt'}: wrote {out / 'talk.el.srt'}"
    assert f"{talk} (2 units: 2 translated, 0 kept verbatim, 0 failed; windows-1253)" in err
    assert err.count("written as UTF-8") == 1


def test_a_stopped_text_file_resumes_in_its_forced_encoding_and_is_written_back_in_it(
    quire_home: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A .txt file read with --encoding goes through the journal like a document: stopped
    after its first batch, the same command translates only the rest and writes -o in the
    file's own encoding; read in another encoding, the journal's paragraphs are not reused."""
    from engine.errors import Cancelled

    paragraphs = [*sentences(SAMPLES["ru"]), "Мы едем домой.", "Спокойной ночи!"]
    source = tmp_path / "notes.txt"
    source.write_bytes(("\n\n".join(paragraphs) + "\n").encode("koi8_r"))
    out = tmp_path / "notes.de.txt"
    argv = ["translate", "--to", "de", "--from", "ru", "--batch-units", "2", "-o", str(out)]
    seen: list[str] = []

    def upper(text: str) -> str:
        seen.append(text)
        return text.upper()

    def stops_after_one_batch(text: str) -> str:
        if len(seen) == 2:
            raise Cancelled()
        return upper(text)

    def stopped(encoding: str) -> None:
        seen.clear()
        fake_engine(monkeypatch, stops_after_one_batch)
        code, _out, err = _cli(capsys, *argv, "--encoding", encoding, str(source))
        assert code != 0 and "resumes" in err and not out.exists()
        assert seen == paragraphs[:2]

    stopped("koi8-r")
    seen.clear()
    fake_engine(monkeypatch, upper)
    code, _out, err = _cli(capsys, *argv, "--encoding", "koi8-r", str(source))
    assert code == 0, err
    assert f"resumed: 2 of {len(paragraphs)} paragraphs" in err
    assert seen == paragraphs[2:]
    expected = ("\n\n".join(p.upper() for p in paragraphs) + "\n").encode("koi8_r")
    assert out.read_bytes() == expected

    out.unlink()
    stopped("koi8-r")
    seen.clear()
    fake_engine(monkeypatch, upper)
    code, _out, err = _cli(capsys, *argv, "--encoding", "cp1251", str(source))
    assert code == 0, err
    assert "resumed" not in err
    assert seen == [p.encode("koi8_r").decode("cp1251") for p in paragraphs]


def test_a_text_written_with_o_in_a_legacy_encoding_says_so(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`quire translate zh_gbk.txt -o out.txt` wrote GBK (the input's encoding) and said
    only "detected zh": an editor then opened it as broken UTF-8."""
    fake_engine(monkeypatch, lambda text: "".join(reversed(text)))
    source = tmp_path / "zh_gbk.txt"
    source.write_bytes(" ".join(sentences(SAMPLES["zh"])).encode("gbk"))
    out = tmp_path / "out.txt"
    code, _, err = _cli(capsys, "translate", "--to", "de", str(source), "-o", str(out))
    assert code == 0, err
    assert f"{source}: wrote {out} in gbk, as the input" in err
    out.unlink()
    utf8 = tmp_path / "utf8.txt"
    utf8.write_text("Hello there. How are you?", encoding="utf-8")
    code, _, err = _cli(capsys, "translate", "--to", "de", str(utf8), "-o", str(out))
    assert code == 0 and "wrote" not in err  # UTF-8 goes without saying
