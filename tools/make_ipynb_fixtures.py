"""Write the Jupyter notebooks of tests/data/ipynb/ with the producers Jupyter itself saves
with, and jupytext:

- ``course.ipynb``: course material built with nbformat's v4 API and saved by
  ``nbformat.write`` (what Jupyter saves with: indent 1, sorted keys, each cell's lines a
  list): Markdown with headings, lists, a table, links, inline code, math (``$…$``,
  ``$$…$$``, a LaTeX ``align``), code cells with comments, a raw cell;
- ``outputs.ipynb``: a run notebook (nbformat.write): execution counts, a stream, an
  execute result, a PNG figure as base64, an error with its traceback, a Markdown cell's
  attachment (an image it shows as ``attachment:``);
- ``jupytext.ipynb``: ``tutorial.py`` (jupytext's percent format, as editors write it)
  converted by jupytext (``jupytext.reads`` then ``jupytext.write``);
- ``strings.ipynb``: nbformat 4.4 (cells without ids), each source one string, written by
  ``nbformat.writes(..., split_lines=False, ensure_ascii=True)``, as tools that keep a
  cell whole and escape what is not ASCII do;
- ``colab.ipynb``: laid out as Google Colab saves a notebook (indent 2, its own order of
  keys, not sorted), by ``json.dumps`` of nbformat's cells.

Needs nbformat (in the dev extra) and jupytext (``pip install --target DIR jupytext``, then
``PYTHONPATH=DIR``). The small files it writes are committed; the tests need nbformat only.

    PYTHONPATH=/tmp/ipynb/nb python tools/make_ipynb_fixtures.py
"""

from __future__ import annotations

import base64
import json
import struct
import zlib
from pathlib import Path

import jupytext
import nbformat
from nbformat import v4

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "ipynb"
KERNEL = {"display_name": "Python 3", "language": "python", "name": "python3"}


def png() -> str:
    """A 2×2 red PNG, base64 as Jupyter stores an image (one line)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        check = struct.pack(">I", zlib.crc32(kind + body))
        return struct.pack(">I", len(body)) + kind + body + check

    rows = b"".join(b"\x00" + b"\xff\x00\x00" * 2 for _ in range(2))
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
    data += chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
    return base64.b64encode(data).decode("ascii")


def course() -> nbformat.NotebookNode:
    nb = v4.new_notebook()
    nb.metadata["kernelspec"] = KERNEL
    nb.cells = [
        v4.new_markdown_cell(
            "# Population growth\n"
            "\n"
            "In this lesson we model how a population grows. The growth rate is "
            "$r = \\frac{dN}{dt}$ and the population at time $ t $ is $N(t)$.\n"
            "\n"
            "## What you will learn\n"
            "\n"
            "1. How to write the **logistic equation**.\n"
            "2. How to solve it with `scipy.integrate.odeint`.\n"
            "3. Where to read more: [the SciPy documentation](https://docs.scipy.org/doc/scipy/).\n"
        ),
        v4.new_markdown_cell(
            "The logistic equation is\n"
            "\n"
            "$$\n"
            "\\frac{dN}{dt} = r N \\left(1 - \\frac{N}{K}\\right)\n"
            "$$\n"
            "\n"
            "where $K$ is the carrying capacity. Its solution is\n"
            "\n"
            "\\begin{align}\n"
            "N(t) &= \\frac{K}{1 + A e^{-rt}} \\\\\n"
            "A &= \\frac{K - N_0}{N_0}\n"
            "\\end{align}\n"
        ),
        v4.new_code_cell(
            "import numpy as np\n"
            "\n"
            "# The growth rate per year and the carrying capacity\n"
            "r, K = 0.5, 1000\n"
            "t = np.linspace(0, 20, 200)  # twenty years"
        ),
        v4.new_markdown_cell(
            "| Symbol | Meaning |\n"
            "|---|---|\n"
            "| $r$ | growth rate |\n"
            "| $K$ | carrying capacity |\n"
            "\n"
            "> **Exercise:** change `r` and run the cell again. What happens to the curve?"
        ),
        v4.new_raw_cell("This raw cell goes to the output untouched."),
        v4.new_markdown_cell(""),
    ]
    return nb


def outputs() -> nbformat.NotebookNode:
    image = png()
    nb = v4.new_notebook()
    nb.metadata["kernelspec"] = KERNEL
    nb.metadata["language_info"] = {"name": "python", "version": "3.11.7"}
    nb.cells = [
        v4.new_markdown_cell(
            "## Results\n\nThe figure below shows the measured values.\n\n"
            "![A red square](attachment:square.png)",
            attachments={"square.png": {"image/png": image}},
        ),
        v4.new_code_cell(
            "print('Loading the data')\nlen(values)",
            execution_count=1,
            outputs=[
                v4.new_output("stream", name="stdout", text="Loading the data\n"),
                v4.new_output("execute_result", data={"text/plain": "42"}, execution_count=1),
            ],
        ),
        v4.new_code_cell(
            "plot(values)",
            execution_count=2,
            outputs=[
                v4.new_output(
                    "display_data",
                    data={"image/png": image, "text/plain": "<Figure size 640x480 with 1 Axes>"},
                    metadata={"needs_background": "light"},
                )
            ],
        ),
        v4.new_code_cell(
            "1 / 0",
            execution_count=3,
            outputs=[
                v4.new_output(
                    "error",
                    ename="ZeroDivisionError",
                    evalue="division by zero",
                    traceback=[
                        "\u001b[0;31m---------------------------------------------------------\u001b[0m",
                        "\u001b[0;31mZeroDivisionError\u001b[0m: division by zero",
                    ],
                )
            ],
        ),
        v4.new_markdown_cell("The error above is expected: a value cannot be divided by zero."),
    ]
    return nb


TUTORIAL = """# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Reading a CSV file
#
# This tutorial shows how to read a table with *pandas*.
# Each step is one cell; run them in order.

# %%
import pandas as pd

# Read the file (the first row holds the column names)
table = pd.read_csv("measurements.csv")

# %% [markdown]
# The `head` method shows the first five rows:

# %%
table.head()
"""


def strings() -> str:
    nb = v4.new_notebook(nbformat_minor=4)
    nb.cells = [
        v4.new_markdown_cell("# Übung 1\n\nThe café opens at *nine*.\nBring your notebook."),
        v4.new_code_cell("print('Grüße')"),
        v4.new_markdown_cell("Price: \\$5 — not math."),
    ]
    for cell in nb.cells:
        del cell["id"]  # (4.4 has no cell ids)
    written: str = nbformat.writes(nb, split_lines=False, ensure_ascii=True)
    return written


def colab() -> str:
    cells = [
        v4.new_markdown_cell("# Training a classifier\n\nFirst we load the data set."),
        v4.new_code_cell(
            "from sklearn import datasets\n# the iris flowers\niris = datasets.load_iris()"
        ),
        v4.new_markdown_cell("Next we split it into a training set and a test set."),
    ]
    laid_out = []
    for cell in cells:  # Colab: cell_type, source, metadata, id (then outputs and the count)
        source = cell.source.splitlines(True)
        item = {"cell_type": cell.cell_type, "source": source, "metadata": {"id": cell.id}}
        if cell.cell_type == "code":
            item |= {"execution_count": None, "outputs": []}
        laid_out.append(item)
    notebook = {
        "nbformat": 4,
        "nbformat_minor": 0,
        "metadata": {
            "colab": {"provenance": []},
            "kernelspec": {"name": "python3", "display_name": "Python 3"},
            "language_info": {"name": "python"},
        },
        "cells": laid_out,
    }
    return json.dumps(notebook, indent=2)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    nbformat.write(course(), OUT / "course.ipynb")
    nbformat.write(outputs(), OUT / "outputs.ipynb")
    (OUT / "tutorial.py").write_text(TUTORIAL, "utf-8")
    jupytext.write(jupytext.reads(TUTORIAL, fmt="py:percent"), OUT / "jupytext.ipynb")
    (OUT / "strings.ipynb").write_text(strings() + "\n", "utf-8")
    (OUT / "colab.ipynb").write_text(colab(), "utf-8")
    for path in sorted(OUT.glob("*.ipynb")):
        nbformat.validate(nbformat.read(path, as_version=4))


if __name__ == "__main__":
    main()
