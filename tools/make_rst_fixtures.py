"""Remake tests/data/rst/: pandoc.rst is pandoc's reStructuredText of a Markdown page
(``pandoc -f markdown -t rst``, pandoc must be installed); readme.rst and sphinx/index.rst are
written as projects write them (a PyPI README with badges as substitutions; a Sphinx page as
sphinx-quickstart starts it, with the toctree, admonitions and roles real projects' docs have).

    python tools/make_rst_fixtures.py
"""

from __future__ import annotations

import subprocess
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "rst"

MARKDOWN = """\
# Getting started

This guide shows how to *install* the **tool** and run it.
See the [home page](https://example.org/) for more.

## Installation

1. Download the archive.
2. Unpack it with `tar xf tool.tar.gz`.
3. Run the installer.

- Fast and small
- Works offline[^1]

```python
print("hello")
```

| Name | Meaning |
|------|---------|
| cat  | An animal |

![A diagram of the pipeline](pipeline.png)

[^1]: Once the model is downloaded.
"""

README = """\
=========
tinyqueue
=========

|pypi| |build| |docs|

.. |pypi| image:: https://img.shields.io/pypi/v/tinyqueue.svg
   :target: https://pypi.org/project/tinyqueue/
   :alt: Latest version on PyPI

.. |build| image:: https://github.com/example/tinyqueue/actions/workflows/test.yml/badge.svg
   :target: https://github.com/example/tinyqueue/actions

.. |docs| image:: https://readthedocs.org/projects/tinyqueue/badge/?version=latest
   :target: https://tinyqueue.readthedocs.io/

A small job queue for Python scripts that keeps its state in a single SQLite file.
It needs no server and no configuration.

Installation
------------

Install it from PyPI_ with ``pip``:

.. code-block:: bash

   pip install tinyqueue

Usage
-----

Create a queue and add a job::

    from tinyqueue import Queue
    queue = Queue("jobs.db")
    queue.put({"task": "resize", "file": "cat.png"})

Then run ``tinyqueue work jobs.db`` in another terminal. Each job is retried three times
before it is marked as failed.

>>> from tinyqueue import Queue
>>> Queue(":memory:").size()
0

Features
--------

* Jobs survive a crash of the worker.
* Works on Linux, macOS and Windows.
* Read the `full documentation <https://tinyqueue.readthedocs.io/>`_ for the details.

License
-------

:Author: Jane Doe
:Version: 1.2.0
:License: MIT, see `LICENSE`_ for the full text.

.. _PyPI: https://pypi.org/project/tinyqueue/
.. _LICENSE: https://github.com/example/tinyqueue/blob/main/LICENSE
"""

SPHINX_CONF = """\
project = "tinyqueue"
author = "Jane Doe"
extensions: list[str] = []
html_theme = "alabaster"
"""

SPHINX_INDEX = """\
.. tinyqueue documentation master file, created by
   sphinx-quickstart on Mon Mar  4 10:12:55 2024.
   You can adapt this file completely to your liking, but it should at least
   contain the root `toctree` directive.

Welcome to tinyqueue's documentation!
=====================================

**tinyqueue** is a small job queue that keeps its state in one file. Read
:doc:`usage` to get started, or the :ref:`api <api-reference>` for every class.

.. note::

   This project is under active development.

.. warning:: Do not share one queue file between two machines over a network drive.

.. toctree::
   :maxdepth: 2
   :caption: Contents:

   usage

.. _api-reference:

API reference
-------------

The :class:`Queue` class holds the jobs. Call :meth:`Queue.put` to add one; its
argument must be JSON-serialisable [#json]_.

.. code-block:: python
   :caption: Adding a job

   queue.put({"task": "resize"})

Options
   Set ``retries`` to change how often a job is tried. The default is |default|.

Timeout
   A job that runs longer than this is stopped.

.. |default| replace:: three

.. math::

   t = 2^n

.. figure:: flow.png
   :alt: Jobs move from the queue to a worker

   How a job moves through the queue.

.. [#json] Strings, numbers, lists and dictionaries.

Indices and tables
==================

* :ref:`genindex`
* :ref:`modindex`
* :ref:`search`
"""

SPHINX_USAGE = """\
Usage
=====

Start a worker with the command line.
"""


def main() -> None:
    DATA.mkdir(parents=True, exist_ok=True)
    pandoc = subprocess.run(
        ["pandoc", "-f", "markdown", "-t", "rst"],
        input=MARKDOWN,
        capture_output=True,
        text=True,
        check=True,
    )
    (DATA / "pandoc.rst").write_text(pandoc.stdout, "utf-8")
    (DATA / "readme.rst").write_text(README, "utf-8")
    sphinx = DATA / "sphinx"
    sphinx.mkdir(exist_ok=True)
    (sphinx / "conf.py").write_text(SPHINX_CONF, "utf-8")
    (sphinx / "index.rst").write_text(SPHINX_INDEX, "utf-8")
    (sphinx / "usage.rst").write_text(SPHINX_USAGE, "utf-8")


if __name__ == "__main__":
    main()
