"""Remake tests/data/wikitext/ (see the README there) from the producers' repositories:

    python tools/make_wikitext_fixtures.py BIPS_GIT_DIR WIKIPEDIA_IOS_CHECKOUT EMBEDVIDEO_GIT_DIR \
        WTF_WIKIPEDIA_GIT_DIR

``BIPS_GIT_DIR``: a clone (or a bare git directory) of github.com/bitcoin/bips;
``WIKIPEDIA_IOS_CHECKOUT``: a checkout of github.com/wikimedia/wikipedia-ios at the commit
the README names (its test file is read from the working tree); ``EMBEDVIDEO_GIT_DIR``: a
clone (or bare git directory) of github.com/Alexia/mediawiki-embedvideo;
``WTF_WIKIPEDIA_GIT_DIR``: one of github.com/spencermountain/wtf_wikipedia."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "wikitext"
BIPS_COMMIT = "7fe0b034ec967b52a5a28276419117326df93263"
SWIFT = "WMFData/Tests/WMFDataTests/WMFWikitextUtilsTests.swift"
EMBEDVIDEO_COMMIT = "1b1a580da74078213efba7ae26030f682b7edf99"
CUT = 6000  # characters of EmbedVideo's README at least, before a heading
WTF_COMMIT = "015abc2dce21856c2b0640d47e9337a091eaacfe"
# Of wtf_wikipedia's cached articles, a section each: the file, its article, its heading.
WTF_SECTIONS = [
    ("harry-mcpherson.wiki", "Harry-McPherson", "Counsel to President Lyndon B. Johnson"),
    ("united-kingdom.wiki", "United-Kingdom", "International rankings"),
]
IMAGE = "[[File: Cat.jpg | thumb | 220x124px | right | alt=Cat alt text | Cat caption text]]"


def bip(git_dir: Path) -> None:
    data = subprocess.run(
        ["git", f"--git-dir={git_dir}", "show", f"{BIPS_COMMIT}:bip-0155.mediawiki"],
        check=True,
        capture_output=True,
    ).stdout
    (OUT / "bip-0155.mediawiki").write_bytes(data)


def cat(checkout: Path) -> None:
    """The test's expected article (its first one: English), as Swift's multi-line string
    holds it: the lines between ``let expectedInsertedArticleWikitext = \"\"\"`` and the
    closing ``\"\"\"``, their common indent removed."""
    swift = (checkout / SWIFT).read_text("utf-8")
    start = swift.index('let expectedInsertedArticleWikitext = """\n') + len(
        'let expectedInsertedArticleWikitext = """\n'
    )
    end = swift.index('"""', start)
    body = swift[start:end]
    text = textwrap.dedent(body.rstrip(" "))
    text = "\n".join(line.rstrip() if not line.strip() else line for line in text.split("\n"))
    assert IMAGE in text
    (OUT / "cat.wiki").write_text(text, "utf-8")


def embedvideo(git_dir: Path) -> None:
    """The README's sections up to the one after its first table (mwparserfromhell's
    headings: every byte before that heading kept)."""
    import mwparserfromhell
    from mwparserfromhell.nodes import Heading

    data = subprocess.run(
        ["git", f"--git-dir={git_dir}", "show", f"{EMBEDVIDEO_COMMIT}:README.mediawiki"],
        check=True,
        capture_output=True,
    ).stdout.decode("utf-8")
    at = 0
    for node in mwparserfromhell.parse(data).nodes:
        if isinstance(node, Heading) and at > CUT and "{|" in data[:at]:
            break
        at += len(str(node))
    (OUT / "embedvideo.mediawiki").write_text(data[:at], "utf-8")


def wtf(git_dir: Path) -> None:
    """A section of each of two articles that wtf_wikipedia's tests keep as Wikipedia gave
    them (mwparserfromhell's sections of level 2: the heading and every byte up to the
    next)."""
    import mwparserfromhell

    for name, article, heading in WTF_SECTIONS:
        data = subprocess.run(
            ["git", f"--git-dir={git_dir}", "show", f"{WTF_COMMIT}:tests/cache/{article}.txt"],
            check=True,
            capture_output=True,
        ).stdout.decode("utf-8")
        code = mwparserfromhell.parse(data)
        (section,) = code.get_sections(levels=[2], matches=heading)
        (OUT / name).write_text(str(section), "utf-8")


if __name__ == "__main__":
    bip(Path(sys.argv[1]))
    cat(Path(sys.argv[2]))
    embedvideo(Path(sys.argv[3]))
    wtf(Path(sys.argv[4]))
