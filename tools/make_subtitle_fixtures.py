"""Remake tests/data/subtitles/webvtt-py-*.vtt from webvtt-py's own test files (MIT; real
captions: Netflix's for Las chicas del cable, youtube-dl's of YouTube's automatic ones).

    python tools/make_subtitle_fixtures.py PATH/TO/webvtt-py

Netflix's file is cut to its header and first 22 cues (whole blocks, bytes as they are);
the other two are copied whole."""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "subtitles"
NETFLIX_CUES = 22


def main(checkout: Path) -> None:
    source = checkout / "tests" / "subtitles"
    netflix = (source / "netflix_chicas_del_cable.vtt").read_bytes()
    # The cue numbered NETFLIX_CUES + 1, at a line's start after a blank line: cut before it.
    cut = re.search(rb"\r?\n\r?\n%d\r?\n" % (NETFLIX_CUES + 1), netflix)
    assert cut is not None
    (OUT / "webvtt-py-netflix.vtt").write_bytes(netflix[: cut.start()] + b"\n")
    for name in ("youtube_dl.vtt", "cue_tags.vtt"):
        (OUT / f"webvtt-py-{name}").write_bytes((source / name).read_bytes())


if __name__ == "__main__":
    main(Path(sys.argv[1]))
