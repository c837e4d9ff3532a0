"""Remake tests/data/epub's books from their sources, cut down to a few pages each.

    python tools/make_epub_package_fixtures.py IDPF_GIT_DIR STANDARDEBOOKS_PP_GIT_DIR

The git directories are mirrors of github.com/IDPF/epub3-samples and
github.com/standardebooks/jane-austen_pride-and-prejudice (tests/data/epub/README.md names
the commits). Each book keeps its package document (less the items left out), its
stylesheets, its navigation, and its first chapter's first paragraphs (and the clips of its
narration that name them), or the pages named (a fixed-layout book's); everything else is
left out. Zipped as the samples' pack scripts
and Standard Ebooks' tools zip: mimetype first and stored, the rest deflated."""

from __future__ import annotations

import posixpath
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import unquote

from lxml import etree

OUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "epub"
OPF = "http://www.idpf.org/2007/opf"
KEPT_PARAGRAPHS = 3

# (source, folder in its repository, files kept (from the folder), the name written)
BOOKS = [
    (
        "idpf",
        "30/kusamakura-japanese-vertical-writing",
        [
            "META-INF/container.xml",
            "OPS/package.opf",
            "OPS/css/vertical.css",
            "OPS/css/horizontal.css",
            "OPS/xhtml/目次.xhtml",
            "OPS/xhtml/一.xhtml",
            "OPS/xhtml/一.smil",
            "OPS/xhtml/toc.ncx",
        ],
        "kusamakura.epub",
    ),
    (
        "idpf",
        "30/moby-dick-mo",
        [
            "META-INF/container.xml",
            "OPS/package.opf",
            "OPS/css/stylesheet.css",
            "OPS/toc.xhtml",
            "OPS/chapter_001.xhtml",
            "OPS/chapter_001_overlay.smil",
            "OPS/audio/mobydick_001_002_melville.mp4",
        ],
        "moby-dick-mo.epub",
    ),
    (
        "se",
        "src",
        [
            "META-INF/container.xml",
            "epub/content.opf",
            "epub/css/core.css",
            "epub/css/local.css",
            "epub/toc.xhtml",
            "epub/text/chapter-1.xhtml",
        ],
        "pride-and-prejudice.epub",
    ),
    # A fixed-layout book whose pages are drawings: its text in SVG <text>, inline in each
    # XHTML page (the title page, the colophon with its ISBN, a part's number "I") ...
    (
        "idpf",
        "30/sous-le-vent",
        [
            "META-INF/container.xml",
            "EPUB/package.opf",
            "EPUB/Style/style.css",
            "EPUB/Navigation/nav.xhtml",
            "EPUB/Navigation/toc.ncx",
            "EPUB/Content/pageNum-3.xhtml",
            "EPUB/Content/pageNum-4.xhtml",
            "EPUB/Content/pageNum-9.xhtml",
        ],
        "sous-le-vent.epub",
    ),
    # ... and the same pages as SVG files in the spine, each with a <title> and a <desc>.
    (
        "idpf",
        "30/sous-le-vent_svg-in-spine",
        [
            "META-INF/container.xml",
            "EPUB/package.opf",
            "EPUB/Style/style.css",
            "EPUB/Navigation/nav.xhtml",
            "EPUB/Navigation/toc.ncx",
            "EPUB/Content/pageNum-3.svg",
            "EPUB/Content/pageNum-4.svg",
            "EPUB/Content/pageNum-9.svg",
        ],
        "sous-le-vent-svg-in-spine.epub",
    ),
    # A page of the story (chapter one's), its lines broken inside words with a hyphen by
    # the typesetter ("res-" / "tait", "rec-" / "tilignes").
    (
        "idpf",
        "30/sous-le-vent",
        [
            "META-INF/container.xml",
            "EPUB/package.opf",
            "EPUB/Style/style.css",
            "EPUB/Navigation/nav.xhtml",
            "EPUB/Navigation/toc.ncx",
            "EPUB/Content/pageNum-11.xhtml",
        ],
        "sous-le-vent-story.epub",
    ),
]


def show(git: str, path: str) -> bytes:
    done = subprocess.run(["git", f"--git-dir={git}", "show", f"HEAD:{path}"], capture_output=True)
    return done.stdout if done.returncode == 0 else b""  # (the narration's audio: not stored)


def cut(name: str, data: bytes, kept: set[str]) -> bytes:
    """``data`` (the part ``name``) without what points outside ``kept`` or past the first
    paragraphs."""
    if not name.endswith((".opf", ".xhtml", ".smil")) or not data:
        return data
    root = etree.fromstring(data)
    folder = posixpath.dirname(name)

    def inside(href: str) -> bool:
        part = unquote(href.split("#")[0])
        return not part or posixpath.normpath(posixpath.join(folder, part)) in kept

    if name.endswith(".opf"):
        gone = set()
        for item in list(root.iter(f"{{{OPF}}}item")):
            if not inside(item.get("href", "")):
                gone.add(item.get("id"))
                item.getparent().remove(item)
        for ref in list(root.iter(f"{{{OPF}}}itemref")):
            if ref.get("idref") in gone:
                ref.getparent().remove(ref)
        for meta in list(root.iter(f"{{{OPF}}}meta")):
            if meta.get("refines", "").lstrip("#") in gone:
                meta.getparent().remove(meta)
    elif name.endswith(".xhtml"):
        for li in list(root.iter("{*}li")):
            links = [a.get("href", "") for a in li.iter("{*}a")]
            if links and not inside(links[0]):
                li.getparent().remove(li)
        for parent in list(root.iter()):
            paragraphs = [c for c in parent if isinstance(c.tag, str) and c.tag.endswith("}p")]
            for paragraph in paragraphs[KEPT_PARAGRAPHS:]:
                parent.remove(paragraph)
    else:
        ids: set[str] = set()
        for page in kept:
            if page.endswith(".xhtml"):
                ids.update(f"{posixpath.basename(page)}#{i}" for i in PAGE_IDS.get(page, ()))
        for par in list(root.iter("{*}par")):
            text = par.find("{*}text")
            if text is not None and text.get("src") not in ids:
                par.getparent().remove(par)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


PAGE_IDS: dict[str, set[str]] = {}


def main(idpf: str, se: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for source, folder, files, written in BOOKS:
        git = idpf if source == "idpf" else se
        parts = {path: show(git, f"{folder}/{path}") for path in files}
        kept = set(files)
        for path in files:  # the pages first: the narration keeps the clips of their ids
            if path.endswith(".xhtml"):
                parts[path] = cut(path, parts[path], kept)
                PAGE_IDS[path] = set(etree.fromstring(parts[path]).xpath("//@id"))
        with zipfile.ZipFile(OUT / written, "w") as book:
            book.writestr(zipfile.ZipInfo("mimetype"), b"application/epub+zip")
            for path in files:
                data = parts[path] if path.endswith(".xhtml") else cut(path, parts[path], kept)
                info = zipfile.ZipInfo(path, (2026, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                book.writestr(info, data)
        print(OUT / written, (OUT / written).stat().st_size)


if __name__ == "__main__":
    main(*sys.argv[1:3])
