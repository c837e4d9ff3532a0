"""Remake tests/data/man/: manual pages as their producers wrote them, cut to a few sections.

- xz.1: xz-utils 5.4.1's hand-written man(7) page (Debian 12's /usr/share/man/man1/xz.1.gz;
  public domain), its first 398 lines (NAME to "Operation mode").
- jq.1: jq 1.6's page as Ronn-NG 0.9.1 wrote it (Debian 12's; MIT), its first 205 lines.
- gcloud.1: google-cloud-cli 528's page of "gcloud alpha bq tables delete" (Apache-2.0),
  whole, renamed: blank lines between requests, a .TP tag after a blank line, \f5 fonts.
- ul.1: util-linux 2.38.1's page as Asciidoctor 2.0.15 wrote it (BSD-4-clause), whole: its
  preamble's ".  am URL" ... ".  ." definitions inside ".if \\n[.g] \\{\\".
- openssl-errstr.1: OpenSSL 3.0's page as pod2man wrote it (openssl-errstr.1ssl; Apache-2.0),
  whole, renamed: pod2man's preamble, .Vb/.Ve examples, "openssl\\-errstr \\- lookup ...".
- ssh.1: OpenSSH's mdoc(7) page (Debian 12's openssh-client; BSD), its first 75 lines.
- pwd.3tcl: Tcl 8.6.13's page of the pwd command (Debian 12's tcl8.6-doc 8.6.13+dfsg-2, which
  installs Tcl's .n pages as .3tcl; Tcl's BSD-style licence.terms), whole: its section's letters.
- CREATE_POLICY.7: PostgreSQL 15's page as DocBook XSL wrote it (Debian 12's postgresql-client-15,
  /usr/share/postgresql/15/man/man7/; PostgreSQL licence), whole: tables for tbl, allbox
  tab(:), T{ ... T} blocks, a .T& format.
- pandoc.1: tools/data below written by pandoc -s -t man (pandoc's own man writer).

Run: python tools/make_man_fixtures.py (needs the Debian packages above and pandoc)."""

from __future__ import annotations

import gzip
import subprocess
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "man"
PAGES = {
    "xz.1": 398,
    "jq.1": 205,
    "ssh.1": 75,
    "gcloud_alpha_bq_tables_delete.1": 0,
    "ul.1": 0,
    "openssl-errstr.1ssl": 0,
    "pwd.3tcl": 0,
    "CREATE_POLICY.7": 0,
}
POSTGRESQL = Path("/usr/share/postgresql/15/man")
RENAMED = {"gcloud_alpha_bq_tables_delete.1": "gcloud.1", "openssl-errstr.1ssl": "openssl-errstr.1"}
MARKDOWN = """\
---
title: SYNCDIR
section: 1
header: User Commands
footer: syncdir 2.1
date: March 2024
---

# NAME

syncdir - keep two folders the same

# SYNOPSIS

**syncdir** [*OPTION*]... *SOURCE* *TARGET*

# DESCRIPTION

**syncdir** copies every file of *SOURCE* that is newer than its copy in *TARGET*.
It never deletes a file unless you ask it to --- see **--delete** below.

**-n**, **--dry-run**
:   Show what would be copied, and copy nothing.

**--delete**
:   Remove files from *TARGET* that are not in *SOURCE*.

# EXAMPLES

Copy your photos to a backup drive:

```
syncdir ~/Pictures /media/backup/Pictures
```

# SEE ALSO

**rsync**(1), **cp**(1)

Report bugs at <https://example.org/syncdir/issues>.
"""


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, lines in PAGES.items():
        section = "man" + name.rsplit(".", 1)[1][0]  # (man1 for .1ssl, man3 for .3tcl)
        folder = Path("/usr/share/man") if name != "CREATE_POLICY.7" else POSTGRESQL
        data = gzip.decompress((folder / section / f"{name}.gz").read_bytes())
        kept = data.decode("utf-8").splitlines(keepends=True)[: lines or None]
        (OUT / RENAMED.get(name, name)).write_text("".join(kept), encoding="utf-8")
    page = subprocess.run(
        ["pandoc", "-s", "-f", "markdown-smart", "-t", "man"],
        input=MARKDOWN.encode(),
        capture_output=True,
        check=True,
    ).stdout
    (OUT / "syncdir.1").write_bytes(page)


if __name__ == "__main__":
    main()
