"""Remake tests/data/svg/ from the producers (see its README.md): Inkscape 1.2 re-saving a
drawing of a paragraph in lines, matplotlib's SVG backend with ``svg.fonttype: none``,
LibreOffice's SVG export of a slide, and draw.io's own files, copied from a checkout of
jgraph/drawio-diagrams (Apache-2.0).

    python tools/make_svg_fixtures.py PYTHON_WITH_MATPLOTLIB PATH_TO_DRAWIO_DIAGRAMS

Needs ``inkscape``, ``soffice``, Graphviz's ``dot`` and python-pptx (this project's
environment)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "svg"

# What an Inkscape user draws: a paragraph of three lines with a bold word, a label, an
# endpoint in a monospace face, a version number, the drawing's title and description.
INKSCAPE_SEED = """\
<svg xmlns="http://www.w3.org/2000/svg" xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" width="400" height="240" viewBox="0 0 400 240" xml:lang="en">
<title id="title1">Order service architecture</title>
<desc id="desc1">The web shop sends each order to a queue that the order service reads.</desc>
<g inkscape:label="Layer 1" inkscape:groupmode="layer" id="layer1">
<rect x="10" y="10" width="180" height="90" fill="#def" stroke="#000" id="rect1"/>
<text xml:space="preserve" style="font-size:14px;font-family:sans-serif" x="20" y="40" id="text1"><tspan sodipodi:role="line" id="tspan1" x="20" y="40">The web shop sends</tspan><tspan sodipodi:role="line" x="20" y="57.5" id="tspan2">each <tspan style="font-weight:bold" id="tspan3">new</tspan> order to the</tspan><tspan sodipodi:role="line" x="20" y="75" id="tspan4">queue.</tspan></text>
<text xml:space="preserve" style="font-size:14px;font-family:sans-serif" x="220" y="40" id="text2" aria-label="Order service"><tspan sodipodi:role="line" id="tspan5" x="220" y="40">Order service</tspan></text>
<text xml:space="preserve" style="font-size:12px;font-family:monospace" x="220" y="80" id="text3"><tspan sodipodi:role="line" id="tspan6" x="220" y="80">POST /orders</tspan></text>
<text xml:space="preserve" style="font-size:12px;font-family:sans-serif" x="20" y="140" id="text4"><tspan sodipodi:role="line" id="tspan7" x="20" y="140">v2.4.1</tspan></text>
</g>
</svg>
"""  # noqa: E501

MATPLOTLIB = """\
import matplotlib
matplotlib.use("svg")
import matplotlib.pyplot as plt
plt.rcParams["svg.fonttype"] = "none"
plt.rcParams["svg.hashsalt"] = "quire"
fig, ax = plt.subplots(figsize=(4, 3))
ax.plot([2019, 2020, 2021, 2022], [12, 18, 15, 24], label="Orders per day")
ax.set_title("Orders grew in 2022")
ax.set_xlabel("Year")
ax.set_ylabel("Orders (thousands)")
ax.legend()
fig.savefig(OUT, metadata={"Date": None})
"""

# (jgraph/drawio-diagrams path, name here)
DRAWIO = [
    ("diagrams/flowchart.drawio.svg", "flowchart.drawio.svg"),
    ("blog/data-flow.drawio", "data-flow.drawio"),
    ("diagrams/tooltips.xml", "tooltips.drawio"),
]


def inkscape(work: Path) -> None:
    seed = work / "seed.svg"
    seed.write_text(INKSCAPE_SEED, "utf-8")
    out = DATA / "inkscape.svg"
    subprocess.run(
        ["inkscape", str(seed), "--export-type=svg", f"--export-filename={out}"], check=True
    )
    # (Inkscape names the file it was opened from)
    out.write_text(
        out.read_text("utf-8").replace(
            'sodipodi:docname="seed.svg"', 'sodipodi:docname="inkscape.svg"'
        ),
        "utf-8",
    )


def matplotlib(python: str) -> None:
    code = f"OUT = {str(DATA / 'matplotlib.svg')!r}\n" + MATPLOTLIB
    subprocess.run([python, "-c", code], check=True)


def libreoffice(work: Path) -> None:
    from pptx import Presentation
    from pptx.util import Inches

    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[5])
    slide.shapes.title.text = "Release checklist"
    frame = slide.shapes.add_textbox(Inches(1), Inches(2), Inches(6), Inches(2)).text_frame
    frame.word_wrap = True
    first = frame.paragraphs[0]
    first.add_run().text = "Check that every test passes before you tag the release and "
    bold = first.add_run()
    bold.text, bold.font.bold = "never", True
    first.add_run().text = " push on a Friday."
    frame.add_paragraph().text = "Write the release notes."
    deck.save(str(work / "slide.pptx"))
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "svg", "--outdir", str(work),
         str(work / "slide.pptx")],
        check=True, capture_output=True,
    )  # fmt: skip
    svg = (work / "slide.svg").read_text("utf-8")
    # Smaller: the slide show's 450 KB script and the embedded fonts' glyphs cut out (the
    # <script> element kept, with its first line).
    svg = re.sub(
        r"(<script[^>]*><!\[CDATA\[).*?(\]\]>\s*</script>)", r"\1 /* cut */ \2", svg, flags=re.S
    )
    svg = re.sub(r"<glyph\b[^>]*/>", "", svg)
    (DATA / "libreoffice.svg").write_text(svg, "utf-8")


# A flow with a graph label, node and edge labels, and a node's tooltip (its <a>'s xlink:title).
GRAPHVIZ_SEED = (
    'digraph G { label="Request flow"; start [label="Receive the request"]; '
    'check [label="Is the user logged in?" shape=diamond]; start -> check [label="forward"]; '
    'check -> done [label="yes"]; done [label="Send the page" tooltip="Shows the page to the '
    'user"]; }\n'
)


def graphviz() -> None:
    svg = subprocess.run(
        ["dot", "-Tsvg"], input=GRAPHVIZ_SEED, check=True, capture_output=True, text=True
    ).stdout
    (DATA / "graphviz.svg").write_text(svg, "utf-8")


def drawio(checkout: Path) -> None:
    for source, name in DRAWIO:
        shutil.copyfile(checkout / source, DATA / name)


def main() -> None:
    python, checkout = sys.argv[1], Path(sys.argv[2])
    DATA.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        inkscape(Path(work))
        libreoffice(Path(work))
    matplotlib(python)
    graphviz()
    drawio(checkout)


if __name__ == "__main__":
    main()
