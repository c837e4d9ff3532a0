"""Remake tests/data/mdx/ and tests/data/quarto/ (see their README.md): the Docusaurus
template's .mdx pages from create-docusaurus' npm package, and an R Markdown notebook as
jupytext writes one. The files typed as their sites' docs show them (tabs.mdx, report.qmd)
are kept as they are.

    python tools/make_mdx_fixtures.py  # needs npm, and jupytext (pip)
"""

from __future__ import annotations

import json
import subprocess
import tarfile
import tempfile
from pathlib import Path

import jupytext

ROOT = Path(__file__).resolve().parent.parent
MDX, QUARTO = ROOT / "tests" / "data" / "mdx", ROOT / "tests" / "data" / "quarto"
DOCUSAURUS = "create-docusaurus@3.10.2"
PAGES = {
    "package/templates/shared/docs/tutorial-basics/markdown-features.mdx": "markdown-features.mdx",
    "package/templates/shared/blog/2021-08-01-mdx-blog-post.mdx": "2021-08-01-mdx-blog-post.mdx",
}


def docusaurus() -> None:
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(["npm", "pack", DOCUSAURUS], cwd=folder, check=True, capture_output=True)
        (packed,) = Path(folder).glob("*.tgz")
        with tarfile.open(packed) as archive:
            for member, name in PAGES.items():
                read = archive.extractfile(member)
                assert read is not None
                (MDX / name).write_bytes(read.read())


def penguins() -> None:
    def cell(kind: str, source: str, **metadata: str) -> dict[str, object]:
        found: dict[str, object] = {"cell_type": kind, "metadata": metadata, "source": source}
        return found | ({"execution_count": None, "outputs": []} if kind == "code" else {})

    notebook = {
        "nbformat": 4,
        "nbformat_minor": 4,
        "metadata": {
            "jupytext": {"formats": "ipynb,Rmd"},
            "kernelspec": {"display_name": "R", "language": "R", "name": "ir"},
        },
        "cells": [
            cell(
                "markdown",
                "# Penguins of the Palmer station\n\nThis report counts the birds"
                " `r nrow(penguins)` times and plots them (see [the data]"
                "(https://allisonhorst.github.io/palmerpenguins/)).",
            ),
            cell("code", "library(palmerpenguins)\nsummary(penguins)"),
            cell("markdown", "## Bill length\n\nLonger bills belong to *Gentoo* penguins."),
            cell(
                "code", "hist(penguins$bill_length_mm)", name="bills", **{"fig.cap": "Bill length"}
            ),
        ],
    }
    read = jupytext.reads(json.dumps(notebook), "ipynb")
    (QUARTO / "penguins.Rmd").write_text(jupytext.writes(read, "Rmd") + "\n", "utf-8")


if __name__ == "__main__":
    docusaurus()
    penguins()
