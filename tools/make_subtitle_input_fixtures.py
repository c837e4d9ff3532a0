"""Remake the fixtures of tests/test_subtitle_inputs.py in tests/data/subtitles/ (see its
README.md): TTML files copied from checkouts of sandflow/ttconv (BSD-2-Clause) and
tkarabela/pysubs2 (MIT), Apple's word-timed lyrics cut to their first lines with lxml, the
enhanced lyrics of weirongxu/lrc-kit's tests (MIT), and a SubRip file pysubs2 writes in GBK.

    python tools/make_subtitle_input_fixtures.py PATH_TO_TTCONV PATH_TO_PYSUBS2 PATH_TO_LRC_KIT

Needs lxml (this project's environment) and pysubs2 (pip install pysubs2)."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

from lxml import etree

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "subtitles"
TTML = "{http://www.w3.org/ns/ttml}"
# Lines of a Chinese film's subtitles, as a Windows subtitle editor saves them (code page 936).
CHINESE = ["你好，我们走吧。", "这是一个中文字幕文件。", "他昨天去了车站。", "我不知道你在说什么。"]


def main(ttconv: Path, pysubs2_checkout: Path, lrc_kit: Path) -> None:
    import pysubs2

    shutil.copyfile(
        ttconv / "src/test/resources/ttml/lwsp_preserve.ttml", DATA / "ttconv-lwsp_preserve.ttml"
    )
    # Apple Music's lyrics: the first verse (two lines) of pysubs2's sample, the rest cut.
    tree = etree.parse(str(pysubs2_checkout / "tests/data/ttml_example_apple.ttml"))
    divs = tree.getroot().iter(f"{TTML}div")
    first = next(divs)
    for div in list(divs):
        div.getparent().remove(div)
    for p in first.findall(f"{TTML}p")[2:]:
        first.remove(p)
    tree.write(str(DATA / "pysubs2-apple.ttml"), encoding="utf-8")

    subs = pysubs2.SSAFile()
    for n, line in enumerate(CHINESE):
        subs.append(pysubs2.SSAEvent(start=n * 1000, end=n * 1000 + 900, text=line))
    subs.save(str(DATA / "pysubs2-gbk.srt"), encoding="gbk")

    fixtures = (lrc_kit / "tests/fixtures.ts").read_text(encoding="utf-8")
    for name, file in (("enhancedLrcA2Text", "lrc-kit-a2.lrc"),
                       ("enhancedLrcFoobar2000Text", "lrc-kit-foobar2000.lrc")):  # fmt: skip
        found = re.search(name + r" = `(.*?)`;", fixtures, re.S)
        assert found is not None, name
        (DATA / file).write_text(found.group(1), encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
