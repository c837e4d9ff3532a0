"""Subtitle files as people have them: their legacy encodings, the kind their content says
they are, and TTML's white space and markup kept byte for byte (the fixtures' makers in
tests/data/subtitles/README.md)."""

from __future__ import annotations

from pathlib import Path

from engine.documents import open_document, translate_file

DATA = Path(__file__).parent / "data" / "subtitles"


def upper(texts: list[str]) -> list[str]:
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
