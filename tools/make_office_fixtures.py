"""Remake the cut-down files of tests/data/office/ (see its README.md; the others are copied
as they are): a document of docx4j's samples whose pictures Word described with the paths
they were inserted from, its pictures made 1 by 1 pixel, and a deck of Apache POI's cut to
the slide whose picture PowerPoint described as "daily_usage_200709".

    python tools/make_office_fixtures.py PATH_TO_DOCX4J PATH_TO_POI

Each path is a checkout (or a bare mirror: its HEAD is read with git). Needs Pillow and
python-pptx."""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

from make_officefields_fixtures import one_slide, read

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "office"

SAMPLE = "docx4j-samples-docx4j/sample-docs/sample-docx.docx"
DECK = "test-data/slideshow/2411-Performance_Up.pptx"
SLIDE = 19  # "Log Analysis – Webalizer", its chart a picture described "daily_usage_200709"


def small_pictures(package: bytes) -> bytes:
    """``package`` with each picture under a media folder replaced by one of 1 by 1 pixel
    in its format (the XML, and every other entry, as it was)."""
    from PIL import Image

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            kind = Path(info.filename).suffix.lower().lstrip(".")
            if "/media/" in info.filename and kind in ("png", "jpeg", "jpg", "gif"):
                picture = io.BytesIO()
                Image.new("RGB", (1, 1), "white").save(picture, "JPEG" if kind == "jpg" else kind)
                data = picture.getvalue()
            target.writestr(info, data)
    return out.getvalue()


def main() -> None:
    docx4j, poi = Path(sys.argv[1]), Path(sys.argv[2])
    (DATA / "docx4j-picture-paths.docx").write_bytes(small_pictures(read(docx4j, SAMPLE)))
    deck = small_pictures(one_slide(read(poi, DECK), SLIDE))
    (DATA / "powerpoint-picture-name.pptx").write_bytes(deck)


if __name__ == "__main__":
    main()
