"""Remake tests/data/subtitles/subtitle-converter-*.srt: American broadcast captions that
mccauli/subtitle-converter (MIT) kept in its tmp/subtitles folder before removing it, cut to
the cues tests/test_subtitle_sentences.py reads (whole blocks, bytes as they are).

    python tools/make_caption_fixtures.py PATH/TO/subtitle-converter/.git

(a clone's git folder: the files are read from commit COMMIT, where they still were)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "subtitles"
COMMIT = "8e77b3ddfa6efa19e538d9c5addbbcac363093bc"
# Each fixture: the file in the repository, the cue numbers kept (first, last, inclusive).
CUTS = {
    "subtitle-converter-leverage.srt": (
        "tmp/subtitles/Leverage_Ep411_THEGIRLSNIGHTOUTJOB_CAPTIONS-R1-converted.srt",
        [(12, 16), (60, 63), (86, 92)],
    ),
    "subtitle-converter-crime.srt": ("tmp/subtitles/CrimeStories_S03E02.srt", [(255, 259)]),
    "subtitle-converter-bear.srt": ("tmp/subtitles/TheGentleBearManOfEmo_CC.srt", [(1, 15)]),
}


def blocks(data: bytes) -> dict[int, bytes]:
    """A SubRip file's cues by number, each block with the blank line after it."""
    found: dict[int, bytes] = {}
    for m in re.finditer(rb"(?ms)^(\d+)\r?\n.*?(?:\r?\n\r?\n|\Z)", data.lstrip(b"\xef\xbb\xbf")):
        found[int(m.group(1))] = m.group()
    return found


def main(git_dir: Path) -> None:
    for name, (path, ranges) in CUTS.items():
        data = subprocess.run(
            ["git", f"--git-dir={git_dir}", "show", f"{COMMIT}:{path}"],
            check=True,
            capture_output=True,
        ).stdout
        cues = blocks(data)
        kept = b"".join(cues[n] for first, last in ranges for n in range(first, last + 1))
        (OUT / name).write_bytes(kept)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
