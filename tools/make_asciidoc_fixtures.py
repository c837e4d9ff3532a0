"""Remake tests/data/asciidoc/: pandoc.adoc is pandoc's AsciiDoc of a Markdown page
(``pandoc -f markdown -t asciidoctor``, pandoc must be installed); syntax.adoc is Asciidoctor's
own syntax reference as its npm package ships it (``data/reference/syntax.adoc`` of
``asciidoctor``: give the package's folder); antora.adoc is an Antora page written as
Antora's docs show one (xrefs, includes, attributes, admonitions, callouts, a table).

    npm install --prefix /tmp/adoc asciidoctor
    python tools/make_asciidoc_fixtures.py /tmp/adoc/node_modules/asciidoctor
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "asciidoc"

MARKDOWN = """\
---
title: Getting started
lang: en
---

# Installation

This guide shows how to *install* the **tool** and run it.
See the [home page](https://example.org/) for more.

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
| dog  | Another *animal* |

![A diagram of the pipeline](pipeline.png)

> Quoted text from the manual.

[^1]: Once the model is downloaded.
"""

ANTORA = """\
= Configure the Server
:description: How to configure the server before its first start.
:page-aliases: setup.adoc
:url-releases: https://example.org/releases
:lang: en
:experimental:

The server reads its settings from `server.yml` when it starts.
Download the latest release from {url-releases}[the releases page^] first.

include::partial$prerequisites.adoc[]

[#settings]
== Edit the settings

. Open `server.yml` in an editor.
. Set the port, for example to `8080`.
* [x] Keep a backup of the old file.
. Save it and press kbd:[Ctrl+S].
+
The server picks up the change on its next start.

NOTE: The port must be free, see xref:troubleshooting.adoc#ports[Ports in use].

.Example settings
[source,yaml]
----
server:
  port: 8080 # <1>
  host: localhost # <2>
----
<1> The port the server listens on.
<2> The address it binds to.

[WARNING]
====
Do not run the server as *root*.
Use a dedicated user instead.
====

port:: The TCP port, *8080* by default.
host::
  The address to bind to.

ifdef::env-site[]
See <<settings,the settings above>> on the site.
endif::[]

.Settings and their defaults
[cols="1,2,1"]
|===
|Name |Meaning |Default

|port
|The port to listen on.
|`8080`

|host
|The address to bind to.
|`localhost`
|===

image::diagram.png[Server and clients,600]

////
A comment block, not shown.
////

TIP: Run menu:Server[Restart] after each change.footnote:[A restart takes a few seconds.]
"""


def main() -> None:
    DATA.mkdir(parents=True, exist_ok=True)
    pandoc = subprocess.run(
        ["pandoc", "-s", "-f", "markdown", "-t", "asciidoctor"],
        input=MARKDOWN,
        capture_output=True,
        text=True,
        check=True,
    )
    (DATA / "pandoc.adoc").write_text(pandoc.stdout, "utf-8")
    (DATA / "antora.adoc").write_text(ANTORA, "utf-8")
    if len(sys.argv) > 1:
        reference = Path(sys.argv[1]) / "data" / "reference" / "syntax.adoc"
        shutil.copyfile(reference, DATA / "syntax.adoc")


if __name__ == "__main__":
    main()
