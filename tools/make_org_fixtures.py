"""Remake tests/data/org/: pandoc.org is pandoc's Org of a Markdown page (``pandoc -f markdown
-t org``); agenda.org is a file of notes and tasks as org-capture and Emacs users write one,
its tables and tags aligned by Emacs itself (``org-table-align``, ``org-align-tags``);
config.org is a literate Emacs configuration as Doom and Spacemacs users write one (typed, no
tool); orgparse-attributes.org and orgparse-tags.org are orgparse's own test files, from its
source distribution (``pip download --no-deps --no-binary :all: orgparse``, BSD-2-Clause).
pandoc, Emacs (``emacs-nox``) and pip must be installed.

    python tools/make_org_fixtures.py
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "org"

MARKDOWN = """\
---
title: Getting started
---

# Installation

This guide shows how to *install* the **tool** and run it.
See the [home page](https://example.org/) for more, or <https://example.org/faq>.

1. Download the archive.
2. Unpack it with `tar xf tool.tar.gz`.
3. Run the installer.

- Fast and small
- Works offline[^1]

```python
print("hello")
```

| Name | Meaning | Count |
|------|---------|------:|
| cat  | An animal | 4 |
| tree | A plant with a trunk | 12 |

> Quoted advice from the manual.

[^1]: Once the model is downloaded.
"""

AGENDA = """\
#+TITLE: Weekly notes
#+AUTHOR: Jane Doe
#+LANGUAGE: en
#+STARTUP: overview
#+TODO: TODO NEXT(n) WAIT(w@/!) | DONE(d) CANCELLED(c)
#+OPTIONS: toc:nil num:nil

* TODO [#A] Write the quarterly report [1/3] :work:report:
  SCHEDULED: <2024-01-08 Mon> DEADLINE: <2024-01-12 Fri>
  :PROPERTIES:
  :ID:       4f1c2b9e-0d1a-4c55-9a57-2b3d4c5e6f70
  :EFFORT:   2:00
  :END:
  :LOGBOOK:
  CLOCK: [2024-01-05 Fri 09:00]--[2024-01-05 Fri 10:30] =>  1:30
  :END:

The report covers the /first/ quarter. Ask =finance= for the numbers
before the meeting on <2024-01-10 Wed 14:00>.

- [X] Collect the sales figures
- [ ] Draw the charts in ~matplotlib~
- [-] Review with the team
  - Alice :: reads the first draft
  - Bob :: checks the [[https://example.org/budget][budget tables]]

** NEXT Call the printer about the cover :phone:
   CLOSED: [2024-01-04 Thu 11:02]
A short call; see [[file:notes/printer.org][the printer's notes]] and [fn:1].

** WAIT Plan the team dinner :team:

| Restaurant | Seats | Price |
|-+-+-|
| The Green Fork | 12 | 35.50 |
| Sakura | 8 | 42 |

#+BEGIN_QUOTE
Good food brings good people together.
#+END_QUOTE

* DONE Clean the inbox :admin:
  CLOSED: [2024-01-03 Wed 17:45]

#+BEGIN_SRC shell
mbsync -a && notmuch new
#+END_SRC

#+RESULTS:
: 12 new messages

* Budget :work:

| Item | Cost |
|-+-|
| Paper | 10 |
| Ink | 25 |
|-+-|
| Total | |
#+TBLFM: @>$2=vsum(@2..@-1)

* Footnotes

[fn:1] The printer's number is in the address book.
"""

CONFIG = """\
#+TITLE: My Emacs configuration
#+PROPERTY: header-args:emacs-lisp :tangle yes

This is my literate configuration. Each block below is tangled into =config.el=
with ~org-babel-tangle~.

* Appearance

I like a dark theme that is easy on the eyes at night.

#+begin_src emacs-lisp
(setq doom-theme 'doom-one)
(setq display-line-numbers-type t)
#+end_src

* Org mode
** Where my notes live

All my notes are in one folder, synced with [[https://syncthing.net][Syncthing]].

#+begin_src emacs-lisp
(setq org-directory "~/org/")
;; Keep the agenda small.
(setq org-agenda-files '("~/org/inbox.org" "~/org/work.org"))
#+end_src

#+begin_note
Restart Emacs after changing the directory.
#+end_note

** Capture templates :capture:

#+begin_src emacs-lisp
(after! org
  (setq org-capture-templates
        '(("t" "Todo" entry (file "inbox.org") "* TODO %?"))))
#+end_src

#+begin_example
,* TODO an example heading inside an example block
#+end_example
"""


def main() -> None:
    DATA.mkdir(parents=True, exist_ok=True)
    pandoc = subprocess.run(
        ["pandoc", "-f", "markdown", "-t", "org", "-s"],
        input=MARKDOWN,
        capture_output=True,
        text=True,
        check=True,
    )
    (DATA / "pandoc.org").write_text(pandoc.stdout, "utf-8")
    agenda = DATA / "agenda.org"
    agenda.write_text(AGENDA, "utf-8")
    aligned = "(progn (org-mode) (org-table-map-tables 'org-table-align) (org-align-tags t))"
    subprocess.run(
        ["emacs", "--batch", str(agenda), "--eval", aligned, "-f", "save-buffer"],
        capture_output=True,
        check=True,
    )
    (DATA / "config.org").write_text(CONFIG, "utf-8")
    with tempfile.TemporaryDirectory() as folder:
        pip = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:"]
        subprocess.run([*pip, "-d", folder, "orgparse"], capture_output=True, check=True)
        (sdist,) = Path(folder).glob("orgparse-*.tar.gz")
        with tarfile.open(sdist) as archive:
            for member in archive.getmembers():
                for name in ("01_attributes", "05_tags"):
                    if member.name.endswith(f"tests/data/{name}.org"):
                        data = archive.extractfile(member)
                        assert data is not None
                        target = f"orgparse-{name[3:]}.org"
                        (DATA / target).write_bytes(data.read())


if __name__ == "__main__":
    main()
