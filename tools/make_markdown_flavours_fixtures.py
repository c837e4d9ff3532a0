"""Remake tests/data/markdown-flavours/ (see its README.md): pages of the Markdown flavours
people write, cut from their projects' own docs at the commits named below to the sections
listed (each heading's own text, to the next heading), front matter kept.

    python tools/make_markdown_flavours_fixtures.py  # clones the three repositories (git)
    python tools/make_markdown_flavours_fixtures.py owner/name=/path/to/its/git-dir ...
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from markdown_it import MarkdownIt

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "markdown-flavours"
TASKS = "obsidian-tasks-group/obsidian-tasks", "cc0fce3c1326d18e2bdb7020eaf4c52e885da569"
VITEPRESS = "vuejs/vitepress", "ed2bfb266ef788e86d1a73fe3cd7708a4cd5e260"
MATERIAL = "squidfunk/mkdocs-material", "5b36f2ac499a45905e246bc66bbee2858ef6556f"
# (repository and commit, path, fixture, the headings whose sections are kept)
PAGES = [
    (
        TASKS,
        "docs/Getting Started/Getting Started.md",
        "vault/obsidian-getting-started.md",
        [
            "Getting Started",
            "Finding tasks in your vault",
            "Adding data to your tasks (optionally)",
            "Tasks in Blockquotes and Callouts",
            "Tasks in Comments",
        ],
    ),
    (
        TASKS,
        "docs/Getting Started/Task Dependencies.md",
        "vault/obsidian-dependencies.md",
        [
            "Introduction",
            "Sample dependency",
            "`id`",
            "Duplicate `id` values",  # (a heading inside a comment: the comment whole)
            "Demonstration of blocking and blocked",
        ],
    ),
    (
        TASKS,
        "docs/Advanced/Styling.md",
        "vault/obsidian-styling.md",
        ["Sample HTML: Full mode", "More Classes"],
    ),
    (
        TASKS,
        "docs/Getting Started/Tags.md",
        "vault/obsidian-tags.md",
        ["What are tags?", "Order of tags in task lines", "Related Tasks Block Instructions"],
    ),
    (
        TASKS,
        "docs/Advanced/Daily Agenda.md",
        "vault/obsidian-daily-agenda.md",
        ["Daily Agenda"],
    ),
    (
        VITEPRESS,
        "docs/en/guide/markdown.md",
        "vitepress-markdown.md",
        [
            "Custom Containers",
            "Default Title",
            "Custom Title",
            "Additional Attributes",
            "GitHub-flavored Alerts",
        ],
    ),
    (
        MATERIAL,
        "docs/reference/lists.md",
        "mkdocs/mkdocs-lists.md",
        ["Using definition lists"],
    ),
    (
        MATERIAL,
        "docs/reference/admonitions.md",
        "mkdocs/mkdocs-admonitions.md",
        ["Supported types"],
    ),
]


def cut(text: str, headings: list[str]) -> str:
    """``text``'s front matter and the sections of ``headings`` (by their words), in order."""
    lines = text.splitlines(keepends=True)
    tokens = MarkdownIt().parse(text)
    starts = [
        (token.map[0], tokens[n + 1].content)
        for n, token in enumerate(tokens)
        if token.type == "heading_open" and token.map
    ]
    front = 0
    if lines and lines[0].strip() == "---":
        front = next(n for n in range(1, len(lines)) if lines[n].strip() == "---") + 1
    kept = lines[:front]
    for n, (start, words) in enumerate(starts):
        if words in headings:
            end = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
            kept += ["\n"] if kept and kept[-1].strip() else []
            kept += lines[start:end]
    missing = set(headings) - {words for _, words in starts}
    assert not missing, missing
    return "".join(kept).rstrip("\n") + "\n"


def main(given: dict[str, str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        dirs: dict[str, str] = {}
        for (repo, commit), path, name, headings in PAGES:
            if repo not in dirs:
                dirs[repo] = given.get(repo) or str(Path(folder) / repo.replace("/", "+"))
                if repo not in given:
                    url = f"https://github.com/{repo}.git"
                    subprocess.run(
                        ["git", "clone", "--bare", "--filter=blob:none", url, dirs[repo]],
                        check=True,
                    )
            shown = subprocess.run(
                ["git", "--git-dir", dirs[repo], "show", f"{commit}:{path}"],
                check=True,
                capture_output=True,
            ).stdout.decode("utf-8")
            (OUT / name).write_text(cut(shown, headings), encoding="utf-8", newline="")


if __name__ == "__main__":
    main(dict(arg.split("=", 1) for arg in sys.argv[1:]))
