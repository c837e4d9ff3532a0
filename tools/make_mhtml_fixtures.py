"""Make tests/data/mhtml/'s web archives. Chromium's with the real producer: Chromium saves
local pages as MHTML through the DevTools protocol (``Page.captureSnapshot``, what "Save as >
Webpage, Single File" writes). Needs ``chromium`` and the ``websocket-client`` package (not
Quire's):

    PYTHONPATH=/path/to/websocket-client python tools/make_mhtml_fixtures.py

The pages are served on 127.0.0.1 by Python's http.server from a temporary folder.

Two more are written by hand in their producers' documented layout (no Confluence or Word
here to make them): Confluence's "Export to Word" (a .doc: Date, Message-ID and Subject
"Exported From Confluence" before the MIME header, the page quoted-printable as
file:///C:/exported.html, its pictures base64) and Word's "Single File Web Page" (an .mht in
windows-1252, the page's parts beside it as file:///C:/… .files/)."""

from __future__ import annotations

import base64
import contextlib
import functools
import http.server
import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import websocket  # type: ignore[import-not-found]  # (websocket-client)

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "mhtml"
# A 2×2 PNG (red, green / blue, white).
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP4z8DAwMDAxMDAwMDA"
    "AAANHQEDasKb6QAAAABJRU5ErkJggg=="
)
PAGES: dict[str, bytes] = {
    "style.css": b"body { font-family: serif; color: #222 } .note { color: #036 }\n",
    "logo.png": PNG,
    "frame.html": (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Frame</title></head>'
        "<body><p>This paragraph lives inside the frame.</p></body></html>"
    ).encode("ascii"),
    "page.html": (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<title>The garden in spring</title><link rel="stylesheet" href="style.css"></head>'
        "<body><h1>The garden in spring</h1>"
        '<p>The <b>roses</b> bloom early this year. <a href="https://example.org/">'
        "Read more</a>.</p>"
        '<p><img src="logo.png" alt="A small coloured square" width="40" height="40"></p>'
        '<p class="note">Fresh water every morning keeps them healthy.</p>'
        '<iframe src="frame.html" width="300" height="80"></iframe>'
        "<pre>keep = this(code)</pre></body></html>"
    ).encode("ascii"),
    "zh-ru.html": (
        '<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8"><title>花园</title></head>'
        '<body><p>春天的花园里开满了玫瑰。</p><p lang="ru">Весной в саду цветут розы.</p>'
        '<p><img src="logo.png" alt="小方块"></p></body></html>'
    ).encode(),
    "cp1251.html": (
        '<!DOCTYPE html><html lang="ru"><head><meta charset="windows-1251">'
        "<title>Сад весной</title></head><body><h1>Сад весной</h1>"
        "<p>Розы цветут рано в этом году.</p><p>Свежая вода каждое утро.</p></body></html>"
    ).encode("cp1251"),
    # Web components: a custom element that attaches its shadow root by script, one declared
    # in the markup, an ordinary template (kept), an SVG drawing's text (a <foreignObject>'s
    # HTML, as mermaid draws a label, too) and a form's text area.
    "shadow.html": (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Web components</title>'
        "<script>customElements.define('note-card', class extends HTMLElement {"
        " constructor() { super(); this.attachShadow({mode: 'open'}).innerHTML ="
        " '<p>Shadow text added by script.</p><slot></slot>'; } });</script></head>"
        "<body><h1>Web components</h1>"
        "<note-card><span>Light text in the slot.</span></note-card>"
        '<div><template shadowrootmode="open"><p>Declarative shadow paragraph.</p>'
        "</template></div>"
        '<template id="row"><p>Template text for later.</p></template>'
        '<svg width="320" height="70"><title>Sales chart</title>'
        '<text x="10" y="20">Sales grew <tspan font-weight="bold">fast</tspan> this year.</text>'
        '<text x="10" y="40">First line of a label<tspan x="10" dy="15">and its second line.'
        '</tspan></text><text x="200" y="20" font-family="monospace">npm install</text>'
        '<foreignObject x="200" y="30" width="110" height="40"><div><span>A label in HTML.'
        "</span></div></foreignObject></svg>"
        '<form><textarea name="message">Describe the problem here.</textarea></form>'
        "</body></html>"
    ).encode("ascii"),
}
SNAPSHOTS = {
    "page.html": "chromium-garden.mhtml",
    "zh-ru.html": "chromium-zh-ru.mhtml",
    "cp1251.html": "chromium-cp1251.mhtml",
    "shadow.html": "chromium-shadow.mhtml",
}
# Pages also written as HTML by Chromium's own serializer (``getHTML``, every shadow root
# declared in it as ``<template shadowrootmode="open">``).
SERIALIZED = {"shadow.html": "chromium-shadow.html"}


def by_hand() -> None:
    import quopri

    page = (
        "<html xmlns:o='urn:schemas-microsoft-com:office:office' "
        "xmlns:w='urn:schemas-microsoft-com:office:word' xmlns='urn:w3-org-ns:HTML'>\n<head>\n"
        '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n'
        "<title>Release checklist</title>\n<!--[if gte mso 9]><xml><w:WordDocument>"
        "<w:View>Print</w:View><w:Zoom>90</w:Zoom></w:WordDocument></xml><![endif]-->\n"
        "<style>body { font-family: Arial }</style>\n</head>\n<body>\n"
        '<h1>Release checklist</h1>\n<div class="Section1">\n'
        "<p>Check that every build passed before you tag the release.</p>\n"
        '<p><img src="file:///C:/3f2a9c1e" alt="Build status"></p>\n'
        "<ul><li>Update the change log.</li><li>Tell the support team.</li></ul>\n"
        "</div>\n</body>\n</html>\n"
    )
    boundary = "----=_Part_101_1829456321.1760788111212"
    parts = [
        "Date: Mon, 7 Dec 2026 11:48:31 +0000 (UTC)",
        "Message-ID: <1893456210.103.1760788111212@confluence.example.org>",
        "Subject: Exported From Confluence",
        "MIME-Version: 1.0",
        "Content-Type: multipart/related; ",
        f'\tboundary="{boundary}"',
        "",
        f"--{boundary}",
        "Content-Type: text/html; charset=UTF-8",
        "Content-Transfer-Encoding: quoted-printable",
        "Content-Location: file:///C:/exported.html",
        "",
        quopri.encodestring(page.encode()).decode("ascii").replace("\n", "\r\n"),
        f"--{boundary}",
        "Content-Type: image/png",
        "Content-Transfer-Encoding: base64",
        "Content-Location: file:///C:/3f2a9c1e",
        "",
        base64.encodebytes(PNG).decode("ascii").rstrip("\n"),
        f"--{boundary}--",
        "",
    ]
    OUT.joinpath("confluence-export.doc").write_bytes("\r\n".join(parts).encode("ascii"))
    word = (
        '<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:'
        'office:office" xmlns:w="urn:schemas-microsoft-com:office:word">\n<head>\n'
        '<meta http-equiv=Content-Type content="text/html; charset=windows-1252">\n'
        '<meta name=Generator content="Microsoft Word 15 (filtered medium)">\n'
        '<link rel=File-List href="letter.files/filelist.xml">\n</head>\n'
        "<body lang=EN-US>\n<div class=WordSection1>\n"
        "<p class=MsoNormal>Dear customer, your order has shipped \u2013 thank you.</p>\n"
        "<p class=MsoNormal>It arrives on Friday.</p>\n</div>\n</body>\n</html>\n"
    )
    boundary = "----=_NextPart_01DB48A7.6C1E2F30"
    parts = [
        "MIME-Version: 1.0",
        f'Content-Type: multipart/related; boundary="{boundary}"',
        "",
        "This document is a Single File Web Page, also known as a Web Archive file.  If you "
        "are seeing this message, your browser or editor doesn't support Web Archive files.  "
        "Please download a browser that supports Web Archive.",
        "",
        f"--{boundary}",
        "Content-Location: file:///C:/B7D7A1E0/letter.htm",
        "Content-Transfer-Encoding: quoted-printable",
        'Content-Type: text/html; charset="windows-1252"',
        "",
        quopri.encodestring(word.encode("cp1252")).decode("ascii").replace("\n", "\r\n"),
        f"--{boundary}",
        "Content-Location: file:///C:/B7D7A1E0/letter.files/filelist.xml",
        "Content-Transfer-Encoding: quoted-printable",
        'Content-Type: text/xml; charset="utf-8"',
        "",
        '<xml xmlns:o=3D"urn:schemas-microsoft-com:office:office">\r\n'
        ' <o:MainFile HRef=3D"../letter.htm"/>\r\n <o:File HRef=3D"filelist.xml"/>\r\n</xml>',
        f"--{boundary}--",
        "",
    ]
    OUT.joinpath("word-letter.mht").write_bytes("\r\n".join(parts).encode("ascii"))


def main() -> None:
    by_hand()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        sys.exit("chromium is not installed (apt-get install chromium)")
    with tempfile.TemporaryDirectory() as site, tempfile.TemporaryDirectory() as profile:
        for name, data in PAGES.items():
            Path(site, name).write_bytes(data)
        handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=site)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        port = server.server_address[1]
        browser = subprocess.Popen(
            [chromium, "--headless=new", "--no-sandbox", "--disable-gpu",
             f"--user-data-dir={profile}", "--remote-debugging-port=9333", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            for page, out in SNAPSHOTS.items():
                snapshot = capture(f"http://127.0.0.1:{port}/{page}")
                OUT.joinpath(out).write_bytes(snapshot.encode("utf-8"))
                print(out, len(snapshot))
            for page, out in SERIALIZED.items():
                serialized = capture(f"http://127.0.0.1:{port}/{page}", html=True)
                OUT.joinpath(out).write_bytes(serialized.encode("utf-8"))
                print(out, len(serialized))
        finally:
            browser.terminate()
            browser.wait(10)
            server.shutdown()


def capture(url: str, *, html: bool = False) -> str:
    """The page at ``url`` as Chromium saves it (MHTML), or with ``html`` as its serializer
    writes it (a doctype, ``<html lang>`` and its ``getHTML``, with every shadow root)."""
    targets = None
    for _ in range(100):
        with contextlib.suppress(OSError):
            targets = json.load(urllib.request.urlopen("http://127.0.0.1:9333/json"))
            break
        time.sleep(0.1)
    assert targets is not None, "chromium's DevTools did not answer"
    page = next(t for t in targets if t["type"] == "page")
    ws = websocket.create_connection(page["webSocketDebuggerUrl"])
    counter = iter(range(1, 1000))

    def call(method: str, **params: object) -> dict[str, object]:
        n = next(counter)
        ws.send(json.dumps({"id": n, "method": method, "params": params}))
        while True:
            message = json.loads(ws.recv())
            if message.get("id") == n:
                return message["result"]  # type: ignore[no-any-return]
            if message.get("method") == "Page.loadEventFired":
                loaded.append(True)

    loaded: list[bool] = []
    call("Page.enable")
    call("Page.navigate", url=url)
    while not loaded:
        message = json.loads(ws.recv())
        if message.get("method") == "Page.loadEventFired":
            loaded.append(True)
    if html:
        script = (
            "'<!DOCTYPE html><html lang=\"' + document.documentElement.lang + '\">'"
            " + document.documentElement.getHTML({shadowRoots:"
            " [...document.querySelectorAll('*')].map(e => e.shadowRoot).filter(Boolean)})"
            " + '</html>'"
        )
        evaluated = call("Runtime.evaluate", expression=script, returnByValue=True)
        ws.close()
        return str(evaluated["result"]["value"])  # type: ignore[index]
    result = call("Page.captureSnapshot", format="mhtml")
    ws.close()
    return str(result["data"])


if __name__ == "__main__":
    main()
