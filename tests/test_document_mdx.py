"""MDX, Quarto and R Markdown files as their producers wrote them (tests/data/mdx/: the
Docusaurus template's pages and tabs as its docs show them; tests/data/quarto/: a Quarto
report as its guide shows one, an .Rmd jupytext wrote; see tools/make_mdx_fixtures.py).
Outputs keep every line outside the text byte for byte; they are compiled with @mdx-js/mdx,
read with pandoc and with jupytext where those are installed."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import jupytext
import pytest

from engine.cli.main import main
from engine.documents import Document, open_document
from engine.documents.errors import DocumentError
from engine.documents.markdown import MarkdownDocument
from engine.documents.registry import READERS, TEXT_READERS
from engine.engine import Engine
from engine.options import EngineOptions
from tests.fixtures.builder import exported
from tests.fixtures.documents import language, pdf_bytes

MDX, QUARTO = Path(__file__).parent / "data" / "mdx", Path(__file__).parent / "data" / "quarto"
GERMAN = language("de")


def upper(document: Document) -> list[str]:
    """A stand-in translation that keeps every placeholder, with what MDX reads as markup."""
    return [f"Übersetzt {{x}} <y {u.text.upper()}" for u in document.units]


def written(document: Document) -> str:
    return bytes(document.write(upper(document), language=GERMAN)).decode("utf-8")


def test_the_dialects_are_documents_by_suffix_in_any_case(tmp_path: Path) -> None:
    assert {".mdx", ".qmd", ".rmd"} <= set(TEXT_READERS) and ".rmd" in READERS
    path = tmp_path / "Report.Rmd"
    path.write_bytes((QUARTO / "penguins.Rmd").read_bytes())
    assert [u.text for u in open_document(path).units][:1] == ["Penguins of the Palmer station"]


def test_mdx_sends_the_markdown_between_jsx_and_keeps_javascript() -> None:
    document = open_document(MDX / "tabs.mdx")
    assert [(u.text, u.fields) for u in document.units] == [
        ("Installation", ()),
        ("How to install the tool", ()),
        ("Debian", ()),  # (<TabItem value="apt" label="Debian">: a tab's title)
        ("macOS", ()),
        ("Install", ()),
        (
            "Pick your system, ZXQ1Q, and read the ZXQ2Qgreen notesZXQ3Q first.",
            ("{props.name}", "", ""),
        ),
        ("Install it with apt, then restart your shell.", ()),  # (indented: no code in MDX)
        ("Use Homebrew to install the tool.", ()),
        ("Click me!", ()),
    ]
    source = (MDX / "tabs.mdx").read_text("utf-8")
    out = written(document)
    assert isinstance(document, MarkdownDocument)
    words = {source.count("\n", 0, a) for a, _b in document.spans}  # (lines of text)
    for n, (before, after) in enumerate(zip(source.splitlines(), out.splitlines(), strict=True)):
        if n not in words:
            assert after == before  # imports, exports, JSX, fences, the front matter's rules
    assert "# Übersetzt \\{x} \\<y INSTALL\n" in out  # (bare, MDX reads a tag and code)
    assert '<Highlight color="#25c2a0">' in out and "{props.name}" in out
    assert "<button onClick={() => alert('button clicked!')}>Übersetzt" in out
    # (a JSX string has no escapes: HTML's character references, as JSX reads them)
    assert '<TabItem value="apt" label="Übersetzt {x} &lt;y DEBIAN">' in out


def test_the_docusaurus_templates_javascript_and_code_stay_as_they_were() -> None:
    document = open_document(MDX / "markdown-features.mdx")
    texts = [u.text for u in document.units]
    # (the inline JSX element a pair of placeholders around its words)
    assert "This is ZXQ1QDocusaurus greenZXQ2Q !" in texts and "My tip" in texts
    assert not any("Highlight" in t or "backgroundColor" in t or "#my-" in t for t in texts)
    source = (MDX / "markdown-features.mdx").read_text("utf-8")
    out = written(document)
    export = source[source.rindex("export const Highlight") : source.rindex(");") + 2]
    assert export in out and "### Übersetzt \\{x} \\<y HEADING IDS {/* #my-custom-id */}" in out
    blog = written(open_document(MDX / "2021-08-01-mdx-blog-post.mdx"))
    assert "{/* truncate */}\n" in blog and "title: Übersetzt {x} <y MDX BLOG POST" in blog


def _mdx_compiler() -> Path:
    """A folder whose node_modules has @mdx-js/mdx and remark-frontmatter (npm install
    --prefix it), named by QUIRE_MDX_NODE; the check skips without it."""
    folder = Path(os.environ.get("QUIRE_MDX_NODE", "/nonexistent"))
    if shutil.which("node") is None or not (folder / "node_modules" / "@mdx-js" / "mdx").is_dir():
        pytest.skip("MDX is compiled by @mdx-js/mdx (node): set QUIRE_MDX_NODE to its folder")
    return folder


_COMPILE = """
import {compile} from '@mdx-js/mdx'
import remarkFrontmatter from 'remark-frontmatter'
import {readFileSync} from 'node:fs'
for (const f of process.argv.slice(1)) {
  await compile(readFileSync(f, 'utf8'), {remarkPlugins: [remarkFrontmatter]})
}
"""


@pytest.mark.parametrize(
    "name", ["tabs.mdx", "markdown-features.mdx", "2021-08-01-mdx-blog-post.mdx"]
)
def test_each_mdx_output_compiles_as_its_source_does(tmp_path: Path, name: str) -> None:
    folder = _mdx_compiler()
    out = tmp_path / name
    out.write_text(written(open_document(MDX / name)), "utf-8")
    run = [shutil.which("node") or "node", "--input-type=module", "-e", _COMPILE]
    subprocess.run([*run, str(MDX / name), str(out)], cwd=folder, check=True, capture_output=True)


def test_quarto_sends_prose_and_keeps_chunks_citations_and_divs() -> None:
    document = open_document(QUARTO / "report.qmd")
    assert [(u.id, u.text, u.fields) for u in document.units] == [
        ("title", "Penguin report", ()),
        ("subtitle", "Palmer station data", ()),
        ("fig-cap@31", "Bill length", ()),  # (#| fig-cap: "Bill length" in the chunk)
        ("p1", "Results", ()),  # ({#sec-results .unnumbered} kept)
        (
            "p2",
            "We measured ZXQ1Q penguins, as ZXQ2Q shows ZXQ3Q.\n"
            "The ratio is ZXQ4Q and the text is small caps hereZXQ5Q.",
            (
                "{python} n",
                "@fig-plots",
                "[see @knuth1984; @doe2020, p. 33]",
                "$x^2 + 1$",
                "^[A note in line.]",
            ),
        ),
        ("p3", "Read this first", ()),
        ("p4", "The callout body is prose.", ()),
        ("p5", "Bill length", ()),
        ("p6", "Two plots of the birds.", ()),
    ]
    out = written(document)
    assert "lang: de\n" in out and 'author: "Ana Silva"\n' in out
    assert "::: {.callout-note}\n" in out and "::: {#fig-plots layout-ncol=2}\n" in out
    assert "[SMALL CAPS]{.smallcaps}" in out and "{{< include _part.qmd >}}" in out
    source = (QUARTO / "report.qmd").read_text("utf-8")
    chunk = source[source.index("```{python}") : source.index("```\n", source.index("#|")) + 4]
    caption = '#| fig-cap: "Übersetzt {x} <y BILL LENGTH"'
    assert chunk.replace('#| fig-cap: "Bill length"', caption) in out


def _shape(node: Any) -> Any:
    """pandoc's JSON less its words: the blocks and inline elements, nested."""
    if isinstance(node, dict):
        kind = node.get("t")
        if kind is None or kind in ("Str", "Space", "SoftBreak"):
            return None
        return [kind, _shape(node.get("c"))]
    if isinstance(node, list):
        return [s for s in map(_shape, node) if s is not None]
    return None


@pytest.mark.parametrize("path", [QUARTO / "report.qmd", QUARTO / "penguins.Rmd"])
def test_pandoc_reads_the_output_with_the_sources_structure(path: Path) -> None:
    if shutil.which("pandoc") is None:
        pytest.skip("pandoc is not installed: it reads Quarto's and R Markdown's Markdown")
    out = written(open_document(path))

    def shape(text: str) -> Any:
        run = ["pandoc", "-f", "markdown", "-t", "json"]
        read = subprocess.run(run, input=text, capture_output=True, text=True, check=True)
        return _shape(json.loads(read.stdout)["blocks"])

    assert shape(out) == shape(path.read_text("utf-8"))


def test_jupytext_reads_the_rmd_output_with_its_code_cells_unchanged() -> None:
    source = (QUARTO / "penguins.Rmd").read_text("utf-8")
    out = written(open_document(QUARTO / "penguins.Rmd"))

    def code(text: str) -> list[tuple[str, Any]]:
        cells = jupytext.reads(text, "Rmd").cells
        return [(c.source, dict(c.metadata)) for c in cells if c.cell_type == "code"]

    assert code(out) == code(source) and len(code(source)) == 2
    assert "`r nrow(penguins)`" in out


def test_a_plain_markdown_file_reads_mentions_and_braces_as_before(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text("Thanks @octocat for {this}.\n\n<Note>\nText\n</Note>\n", "utf-8")
    assert [u.text for u in open_document(path).units] == ["Thanks @octocat for {this}.", "Text"]


def test_quire_translate_writes_an_mdx_file(
    quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Engine(EngineOptions(home=quire_home)).import_model(exported("marian"), "opus-mt-en-de")
    source = tmp_path / "tabs.mdx"
    source.write_bytes((MDX / "tabs.mdx").read_bytes())
    code = main(["translate", "--from", "en", "--to", "de", str(source)])
    _out, err = capsys.readouterr()
    assert code == 0, err
    out = (tmp_path / "tabs.de.mdx").read_text("utf-8")
    assert "import Tabs from '@theme/Tabs';\n" in out and '  <TabItem\n    value="brew"' in out
    assert "{props.name}" in out and '<Admonition type="tip" />' in out


def test_pandoc_tables_and_attributes_over_lines_are_kept(tmp_path: Path) -> None:
    """As quarto-web's pages write them: a grid table, a simple and a multiline table (each
    read by CommonMark as a paragraph, or a heading over its rule, and sent whole), an
    image's attributes over two lines with code in its fig-alt, a div in a list item."""
    grid = (
        "+-------+--------+\n| Key   | Use    |\n+=======+========+\n"
        "| `a`   | Alpha  |\n+-------+--------+\n"
    )
    simple = "  Format   Output\n  -------- ---------\n  HTML     Mermaid\n"
    multiline = (
        "-------------------\n  Key     Meaning\n  ------- ----------\n"
        "  `a`     The first\n          letter.\n\n  `b`     The second.\n-------------------\n"
    )
    source = (
        f"Intro words.\n\n{grid}\n{simple}\n{multiline}\n"
        '![](shot.png){.border\nfig-alt="The file `index.ipynb` open."}\n\n'
        "- ::: pad-to-code-block\n  Inside the item.\n  :::\n"
    )
    path = tmp_path / "tables.qmd"
    path.write_text(source, "utf-8")
    document = open_document(path)
    assert [u.text for u in document.units] == ["Intro words.", "Inside the item."]
    out = written(document)
    assert (
        out.replace("Übersetzt {x} \\<y INTRO WORDS.", "Intro words.").replace(
            "Übersetzt {x} \\<y INSIDE THE ITEM.", "Inside the item."
        )
        == source
    )


def test_a_bilingual_mdx_file_breaks_a_jsx_elements_line_as_jsx_does(tmp_path: Path) -> None:
    """MDX's own docs fold code under <details><summary>…</summary> (docs/guides/gfm.mdx):
    the summary's copy follows it after a line break, which JSX writes closed (a bare <br>
    is an element never closed: "Unexpected closing tag </summary>")."""
    path = tmp_path / "gfm.mdx"
    path.write_text(
        "# GFM\n\n<details>\n  <summary>Expand equivalent JSX</summary>\n\n"
        "  ```jsx\n  <>\n    <p>Hi</p>\n  </>\n  ```\n</details>\n",
        "utf-8",
    )
    document = open_document(path)
    out = bytes(document.write(upper(document), language=GERMAN, bilingual=True)).decode()
    assert (
        "<summary>Expand equivalent JSX<br />Übersetzt \\{x} &lt;y EXPAND EQUIVALENT JSX</summary>"
        in out
    )
    folder = _mdx_compiler()
    (tmp_path / "out.mdx").write_text(out, "utf-8")
    run = [shutil.which("node") or "node", "--input-type=module", "-e", _COMPILE]
    subprocess.run([*run, str(tmp_path / "out.mdx")], cwd=folder, check=True, capture_output=True)


def test_options_of_code_shown_not_run_stay_code(tmp_path: Path) -> None:
    """Quarto's guide shows a chunk inside ````{.markdown} and as ```{{python}} (written
    out, not run): their #| lines are the code shown; a run chunk's caption is text, and a
    bilingual output reads "source / translation" in it, as the front matter's title does."""
    source = (
        "Shown:\n\n```{{python}}\n#| fig-cap: Shown only\nx = 1\n```\n\n"
        "````{.markdown}\n```{python}\n#| fig-cap: Inside the example\n```\n````\n\n"
        "```{r}\n#| fig-cap: Run here\nplot(x)\n```\n"
    )
    path = tmp_path / "guide.qmd"
    path.write_text(source, "utf-8")
    document = open_document(path)
    assert [u.text for u in document.units] == ["Run here", "Shown:"]
    out = bytes(document.write(upper(document), language=GERMAN, bilingual=True)).decode()
    assert "#| fig-cap: Run here / Übersetzt {x} <y RUN HERE\n" in out  # (plain, as it was)
    assert "#| fig-cap: Shown only\n" in out and "#| fig-cap: Inside the example\n" in out


@pytest.mark.parametrize("suffix", [".qmd", ".Rmd", ".md"])
def test_inline_math_holding_braces_is_a_placeholder_in_every_dialect(
    tmp_path: Path, suffix: str
) -> None:
    """bookdown's tests/rmd/custom-environments.Rmd: "Let $P_n=\\sum_{i=1}^nX_i$." The
    {i=1} inside the math is TeX, not pandoc's attributes (it was cut out of the text, and
    the formula written back among the wrong words)."""
    path = tmp_path / f"proof{suffix}"
    path.write_text(
        "Let $P_n=\\sum_{i=1}^nX_i$ be the sum, with `f{x=1}` and the parameter "
        "$\\lambda=\\sum_{i=1}^n \\lambda_i$.\n",
        "utf-8",
    )
    document = open_document(path)
    assert [(u.text, u.fields) for u in document.units] == [
        (
            "Let ZXQ1Q be the sum, with ZXQ2Q and the parameter ZXQ3Q.",
            ("$P_n=\\sum_{i=1}^nX_i$", "f{x=1}", "$\\lambda=\\sum_{i=1}^n \\lambda_i$"),
        )
    ]
    out = bytes(document.write(["Mit ZXQ2Q und ZXQ3Q sei ZXQ1Q die Summe."], language=GERMAN))
    assert out.decode() == (
        "Mit `f{x=1}` und $\\lambda=\\sum_{i=1}^n \\lambda_i$ sei $P_n=\\sum_{i=1}^nX_i$ "
        "die Summe.\n"
    )


def test_latex_environments_on_their_own_lines_are_math_in_r_markdown(tmp_path: Path) -> None:
    """bookdown's tests/rmd/equation-label.Rmd (an equation, its (\\#eq:label), and a word
    right under it) and custom-environments.Rmd (equation* around split): pandoc passes them
    on as TeX, whose letters a translation must not touch (they went to the model as one
    sentence with the words around them, and came back \\BEGIN{EQUATION})."""
    source = (
        "Second equation label:\n\n"
        "\\begin{equation}\nx \\in \\mathbb{R} (\\#eq:real)\n\\end{equation}\nHello\n"
        "\\begin{equation*}\n\\begin{split}\n\\varphi _{X}(t) &= \\operatorname {E}\\\\\n"
        " & =\\int e^{itx}f(x)dx\n\\end{split}\n\\end{equation*}\n\n"
        "\\begin{align}\ng(X_{n}) &= g(\\theta)\n\\end{align}\nworld\n"
    )
    path = tmp_path / "equation-label.Rmd"
    path.write_text(source, "utf-8")
    document = open_document(path)
    assert [u.text for u in document.units] == ["Second equation label:", "Hello", "world"]
    out = bytes(document.write(["Zweites Label:", "Hallo", "Welt"], language=GERMAN)).decode()
    words = {"Second equation label:": "Zweites Label:", "\nHello\n": "\nHallo\n"}
    for english, german in {**words, "\nworld\n": "\nWelt\n"}.items():
        source = source.replace(english, german)
    assert out == source


def test_bookdown_references_and_index_entries_are_placeholders(tmp_path: Path) -> None:
    """As bookdown's own pages write them: custom-environments.Rmd's "from Theorem
    \\@ref(thm:chf-sum)", 02-components.Rmd's "Pandoc's\\index{Pandoc}",
    tests/testthat/resources/figures.Rmd's "![(\\#fig:md-logo) Markdown logo](md.png)",
    02-components.Rmd's "(ref:foo) Define a text reference". They were sent as words
    ("@ref(thm:chf-sum)": the \\ an escape) and came back \\@REF(THM:CHF-SUM)."""
    path = tmp_path / "components.Rmd"
    path.write_text(
        "We know from Theorem \\@ref(thm:chf-sum) that Pandoc's\\index{Pandoc} reads it.\n\n"
        "![(\\#fig:md-logo) Markdown logo](md.png)\n\n"
        "(ref:foo) Define a text reference **here**.\n\n"
        "| Item | Where |\n|---|---|\n| Lemma | See \\@ref(lem:chf-pdf) |\n",
        "utf-8",
    )
    document = open_document(path)
    assert [(u.text, u.fields) for u in document.units] == [
        (
            "We know from Theorem ZXQ1Q that Pandoc'sZXQ2Q reads it.",
            ("\\@ref(thm:chf-sum)", "\\index{Pandoc}"),
        ),
        ("ZXQ1Q Markdown logo", ("(\\#fig:md-logo)",)),
        ("ZXQ1Q Define a text reference ZXQ2QhereZXQ3Q.", ("(ref:foo)", "", "")),
        ("Item", ()),
        ("Where", ()),
        ("Lemma", ()),
        ("See ZXQ1Q", ("\\@ref(lem:chf-pdf)",)),
    ]
    out = bytes(document.write([u.text.upper() for u in document.units])).decode()
    assert "WE KNOW FROM THEOREM \\@ref(thm:chf-sum) THAT PANDOC'S\\index{Pandoc} READS" in out
    assert "![(\\#fig:md-logo) MARKDOWN LOGO](md.png)" in out
    assert "(ref:foo) DEFINE A TEXT REFERENCE **HERE**." in out
    assert "| LEMMA | SEE \\@ref(lem:chf-pdf) |" in out


def test_a_summary_indented_under_a_step_is_translated_as_at_the_top(tmp_path: Path) -> None:
    """Astro's docs fold an alternative under a step (withastro/docs, recipes/
    modified-time.mdx:112, inside <Steps>): the indented <details>'s <summary> stayed
    English while the same element at the top level was translated. A <details> on an
    item's marker line (- <details>) is still kept: its marker is no HTML."""
    path = tmp_path / "modified-time.mdx"
    path.write_text(
        "<Steps>\n1. Add the plugin.\n\n    <details>\n"
        "    <summary>Using the file system instead of Git</summary>\n\n"
        "    Although using Git is recommended, the file system works too.\n\n"
        "    </details>\n</Steps>\n\n- <details><summary>Kept here</summary></details>\n",
        "utf-8",
    )
    document = open_document(path)
    assert [u.text for u in document.units] == [
        "Add the plugin.",
        "Using the file system instead of Git",
        "Although using Git is recommended, the file system works too.",
    ]
    out = bytes(document.write(upper(document), language=GERMAN)).decode()
    summary = "<summary>Übersetzt \\{x} &lt;y USING THE FILE SYSTEM INSTEAD OF GIT</summary>"
    assert f"\n    {summary}\n" in out
    bilingual = bytes(document.write(upper(document), language=GERMAN, bilingual=True)).decode()
    (tmp_path / "out.mdx").write_text(out, "utf-8")
    (tmp_path / "both.mdx").write_text(bilingual, "utf-8")
    folder = _mdx_compiler()
    run = [shutil.which("node") or "node", "--input-type=module", "-e", _COMPILE]
    outputs = [str(tmp_path / "out.mdx"), str(tmp_path / "both.mdx")]
    subprocess.run([*run, *outputs], cwd=folder, check=True, capture_output=True)


def test_a_hugo_pages_link_title_is_translated(tmp_path: Path) -> None:
    """Hugo's linkTitle, the page's name in its menus and breadcrumbs (TOML front matter, as
    the Docsy theme's pages write it), stayed English beside the translated title."""
    path = tmp_path / "install.md"
    path.write_text(
        '+++\ntitle = "Installing the tools"\nlinkTitle = "Install"\nweight = 20\n+++\n'
        "\nStep one.\n",
        "utf-8",
    )
    document = open_document(path)
    assert [u.text for u in document.units] == ["Installing the tools", "Install", "Step one."]
    out = bytes(document.write([u.text.upper() for u in document.units])).decode()
    assert out.startswith(
        '+++\ntitle = "INSTALLING THE TOOLS"\nlinkTitle = "INSTALL"\nweight = 20\n'
    )


@pytest.mark.parametrize("suffix", [".mdx", ".md"])
def test_a_docs_sites_sidebar_labels_are_translated(tmp_path: Path, suffix: str) -> None:
    """The page's name in the sidebar, as Docusaurus (sidebar_label), Nextra (sidebarTitle:
    Built-In Components, docs/app/docs/built-ins/page.mdx) and Starlight (sidebar: label:
    Build with AI, withastro/docs guides/build-with-ai.mdx) write it, .md pages too: it
    stayed English beside the translated title. Of sidebar:, only its one-line label."""
    path = tmp_path / f"start{suffix}"
    path.write_text(
        "---\ntitle: Getting started\nsidebar_label: Start here\n"
        "sidebarTitle: Built-In Components\nslug: /start\n"
        "sidebar:\n  label: Build with AI\n  order: 2\n  badge:\n    text: New\n---\n\n"
        "Body text.\n",
        "utf-8",
    )
    document = open_document(path)
    assert [(u.id, u.text) for u in document.units] == [
        ("title", "Getting started"),
        ("sidebar_label", "Start here"),
        ("sidebarTitle", "Built-In Components"),
        ("sidebar.label", "Build with AI"),
        ("p1", "Body text."),
    ]
    out = bytes(document.write([u.text.upper() for u in document.units])).decode()
    assert out.startswith(
        "---\ntitle: GETTING STARTED\nsidebar_label: START HERE\n"
        "sidebarTitle: BUILT-IN COMPONENTS\nslug: /start\n"
        "sidebar:\n  label: BUILD WITH AI\n  order: 2\n  badge:\n    text: New\n---\n"
    )


def test_a_badges_text_and_a_caption_in_jsx_are_translated(tmp_path: Path) -> None:
    """Starlight's <Badge text="External" /> after a link in a sentence (withastro/docs
    guides/cms/index.mdx:46) and Nextra's caption="…" on a line of a tag over lines
    (examples/swr-site/content/en/docs/understanding.mdx:134); a tag in inline code is
    code."""
    path = tmp_path / "cms.mdx"
    path.write_text(
        'import Badge from "~/components/Badge.astro"\n\n'
        "<ReadMore> Explore a [list of systems](https://jamstack.org/headless-cms/) "
        '<Badge text="External" /> where you can filter. </ReadMore>\n\n'
        'Write `<Badge text="New" />` for a badge.\n\n'
        '<Video\n  src="/keep.mp4"\n  caption="Keep previous search results"\n/>\n',
        "utf-8",
    )
    document = open_document(path)
    assert [(u.id, u.text) for u in document.units][:2] == [
        ("text@3", "External"),
        ("caption@9", "Keep previous search results"),
    ]
    out = written(document)
    assert '<Badge text="Übersetzt {x} &lt;y EXTERNAL" />' in out
    assert '`<Badge text="New" />`' in out
    assert '  caption="Übersetzt {x} &lt;y KEEP PREVIOUS SEARCH RESULTS"\n' in out
    (tmp_path / "out.mdx").write_text(out, "utf-8")
    folder = _mdx_compiler()
    run = [shutil.which("node") or "node", "--input-type=module", "-e", _COMPILE]
    subprocess.run([*run, str(tmp_path / "out.mdx")], cwd=folder, check=True, capture_output=True)


def test_pandocs_lettered_list_markers_are_kept_as_markers(tmp_path: Path) -> None:
    """r4ds' exercises (hadley/r4ds base-R.qmd:208) nest a lettered list, which pandoc
    reads (fancy_lists; (a), A), i. too): its markers went to the model as words in one
    unit, and a translation without them made the list a paragraph. "B. Russell" with one
    space is a sentence, as pandoc reads it; a .md file has no such lists."""
    source = (
        "1.  Create functions that take a vector as input and return:\n\n"
        "    a.  The elements at even-numbered positions.\n"
        "    b.  Every element except the last value.\n\n"
        "2.  Then:\n\n    (a) Paren one,\n        wrapped.\n    (b) Paren two.\n\n"
        "i.  Roman one.\nii. Roman two.\n\nB. Russell was a philosopher.\n"
    )
    texts = [
        "Create functions that take a vector as input and return:",
        "The elements at even-numbered positions.",
        "Every element except the last value.",
        "Then:",
        "Paren one,\nwrapped.",
        "Paren two.",
        "Roman one.",
        "Roman two.",
        "B. Russell was a philosopher.",
    ]
    path = tmp_path / "base-R.qmd"
    path.write_text(source, "utf-8")
    document = open_document(path)
    assert [u.text for u in document.units] == texts
    out = bytes(document.write([t.upper() for t in texts], language=GERMAN)).decode()
    assert "    a.  THE ELEMENTS AT EVEN-NUMBERED POSITIONS.\n    b.  EVERY ELEMENT" in out
    assert "    (a) PAREN ONE,\n        WRAPPED.\n    (b) PAREN TWO.\n" in out
    assert "i.  ROMAN ONE.\nii. ROMAN TWO.\n" in out
    both = bytes(document.write(texts, language=GERMAN, bilingual=True)).decode()
    assert "    a.  The elements at even-numbered positions.\n    a.  The elements" in both
    markdown = tmp_path / "base-R.md"
    markdown.write_text(source, "utf-8")
    assert (
        "a.  The elements at even-numbered positions.\nb.  Every element except the last value."
        in [u.text for u in open_document(markdown).units]
    )
    if shutil.which("pandoc") is None:
        pytest.skip("pandoc is not installed: it reads Quarto's lettered lists")

    def shape(text: str) -> Any:
        run = ["pandoc", "-f", "markdown", "-t", "json"]
        read = subprocess.run(run, input=text, capture_output=True, text=True, check=True)
        return _shape(json.loads(read.stdout)["blocks"])

    assert shape(out) == shape(source)


def test_an_output_in_its_inputs_format_keeps_its_suffixs_case(
    quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """bookdown names its chapters .Rmd (and _bookdown.yml's rmd_files: lists them so):
    eq.Rmd was written eq.de.rmd, which a case-sensitive file system and that list do not
    find. One file, a folder translated in place and a folder into another (a batch) alike;
    a PDF is still written as .docx."""
    Engine(EngineOptions(home=quire_home)).import_model(exported("marian"), "opus-mt-en-de")
    src = tmp_path / "src"
    src.mkdir()
    (src / "eq.Rmd").write_text("# Test labels\n\nHello world.\n", "utf-8")
    (src / "Up.MD").write_text("Hello world.\n", "utf-8")
    (src / "Page.HTML").write_text("<html><body><p>Hello world.</p></body></html>\n", "utf-8")
    (src / "scan.PDF").write_bytes(pdf_bytes(pages=1))
    one = tmp_path / "one"
    one.mkdir()
    shutil.copy(src / "eq.Rmd", one / "eq.Rmd")
    fast = ["--device", "cpu", "--dtype", "fp32", "--from", "en", "--to", "de"]
    for argv in (
        [*fast, str(one / "eq.Rmd")],
        [*fast, str(src)],
        [*fast, str(src), "-o", str(tmp_path / "out")],
    ):
        code = main(["translate", *argv])
        _out, err = capsys.readouterr()
        assert code == 0, err
    assert sorted(p.name for p in one.iterdir()) == ["eq.Rmd", "eq.de.Rmd"]
    written = ["Page.de.HTML", "Up.de.MD", "eq.de.Rmd", "scan.de.docx"]
    assert sorted(p.name for p in src.iterdir() if ".de." in p.name) == written
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if ".de." in p.name) == written


def test_a_page_of_markup_alone_is_copied_with_a_note_in_a_mirror(
    quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A Docusaurus category's index.mdx (imports and <DocCardList /> alone), a snippet of
    front matter and code, a Quarto slide of code (quarto-web's revealjs code-echo.qmd):
    each was "The document has no text" and missing from the mirror, its links broken. An
    empty file is still refused."""
    Engine(EngineOptions(home=quire_home)).import_model(exported("marian"), "opus-mt-en-de")
    pages = {
        "docs/api/index.mdx": "import DocCardList from '@theme/DocCardList';\n\n<DocCardList />\n",
        "docs/api/snippet.md": "---\nsidebar_position: 3\n---\n\n```js\nconsole.log(1)\n```\n",
        "slides/code.qmd": "---\nformat: revealjs\n---\n\n```{r}\n#| echo: true\nx <- 1\n```\n",
        "docs/intro.md": "Hello world.\n",
    }
    site = tmp_path / "site"
    for name, text in pages.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text, "utf-8")
    out = tmp_path / "site-de"
    fast = ["--device", "cpu", "--dtype", "fp32", "--from", "en", "--to", "de"]
    code = main(["translate", *fast, str(site), "--recursive", "--mirror", "-o", str(out)])
    _out, err = capsys.readouterr()
    assert code == 0, err
    for name, text in pages.items():
        if name != "docs/intro.md":
            assert (out / name).read_text("utf-8") == text
            assert f"{Path(name).name} has no text to translate" in err
    document = open_document(site / "docs/api/index.mdx")
    assert [n.message_id for n in document.notes] == ["document.no_text_copied"]
    (site / "blank.md").write_text("\n  \n", "utf-8")
    with pytest.raises(DocumentError) as info:
        open_document(site / "blank.md")
    assert info.value.message_id == "document.no_text"


@pytest.mark.parametrize("suffix", [".Rmd", ".qmd"])
def test_bookdowns_unnumbered_and_part_markers_are_kept(tmp_path: Path, suffix: str) -> None:
    """As TMwR's 01-software-modeling.Rmd and rmarkdown-cookbook's chapters write them: the
    markers went to the model as words ("Preface {-}", "(PART*) Introduction {-}") and came
    back dropped, so the preface was numbered, #ack's links broke and the part was a
    chapter."""
    path = tmp_path / f"index{suffix}"
    path.write_text(
        "## Preface {-}\n\n## Acknowledgments {- #ack}\n\n## Thanks {-#thanks}\n\n"
        "# (PART\\*) Introduction {-}\n\n# (PART) Basics\n\n# (APPENDIX) Appendix {-}\n",
        "utf-8",
    )
    document = open_document(path)
    texts = ["Preface", "Acknowledgments", "Thanks", "Introduction", "Basics", "Appendix"]
    assert [u.text for u in document.units] == texts
    out = bytes(document.write([u.text.upper() for u in document.units])).decode()
    assert out == (
        "## PREFACE {-}\n\n## ACKNOWLEDGMENTS {- #ack}\n\n## THANKS {-#thanks}\n\n"
        "# (PART\\*) INTRODUCTION {-}\n\n# (PART) BASICS\n\n# (APPENDIX) APPENDIX {-}\n"
    )


def test_a_grid_table_right_under_a_divs_fence_is_kept_whole(tmp_path: Path) -> None:
    """As quarto-web's article-layout.qmd:419 writes it: the table went to the model as one
    paragraph with its ::: line, and came back a row of broken cells and translated class
    names, which pandoc read as a paragraph of code."""
    table = (
        "+--------------+----------------+\n| Column       | Class Name     |\n"
        "+==============+================+\n| Body         |  .column-body  |\n"
        "+--------------+----------------+\n"
    )
    source = f"How columns map:\n\n::: column-page-right\n{table}:::\n\nAfter the table.\n"
    path = tmp_path / "article-layout.qmd"
    path.write_text(source, "utf-8")
    document = open_document(path)
    assert [u.text for u in document.units] == ["How columns map:", "After the table."]
    out = bytes(document.write([u.text.upper() for u in document.units])).decode()
    assert out == source.replace("How columns map", "HOW COLUMNS MAP").replace(
        "After the table.", "AFTER THE TABLE."
    )


@pytest.mark.parametrize("suffix", [".Rmd", ".qmd"])
def test_a_table_captions_keyword_and_label_are_kept(tmp_path: Path, suffix: str) -> None:
    """As rmarkdown-cookbook's 04-content.Rmd:331 writes it: "Table: (\\#tab:fmt) …" went to
    the model with its keyword and came back "Tabelle: …", a paragraph to pandoc, the table
    without its caption and \\@ref(tab:fmt) unresolved."""
    path = tmp_path / f"content{suffix}"
    source = (
        "Table: (\\#tab:fmt) Date and time formats in R.\n\n"
        "|Code |Meaning             |\n|:----|:-------------------|\n|%a   |Abbreviated weekday |\n"
        "\n|Code |Meaning |\n|:----|:-------|\n|%b   |Month   |\n\ntable: Month formats.\n\n"
        "| A |\n|---|\n| 1 |\n\n: (\\#tab:one) One column.\n"
    )
    path.write_text(source, "utf-8")
    document = open_document(path)
    captions = ["Date and time formats in R.", "Month formats.", "One column."]
    assert [u.text for u in document.units if u.text.endswith(".")] == captions
    out = bytes(document.write([f"Übersetzt {u.text}" for u in document.units])).decode()
    assert "Table: (\\#tab:fmt) Übersetzt Date and time formats in R.\n" in out
    assert "\ntable: Übersetzt Month formats.\n" in out
    assert "\n: (\\#tab:one) Übersetzt One column.\n" in out


@pytest.mark.parametrize("suffix", [".qmd", ".mdx", ".md"])
def test_a_bilingual_headings_copy_defines_no_id_again(tmp_path: Path, suffix: str) -> None:
    """As quarto-web's pages (## Results {#sec-results}) and Docusaurus' admonitions.mdx (##
    Usage with Prettier {#usage-with-prettier}) write them: the copy repeated the id, pandoc
    warned "Duplicate identifier" and Quarto defined the cross-reference's label twice."""
    path = tmp_path / f"sec{suffix}"
    path.write_text(
        "## Results {#sec-results}\n\nSee the results.\n\n## Preface {- #ack}\n\n"
        "## Sum {.unnumbered #sum}\n\n## Plain {.x}\n",
        "utf-8",
    )
    document = open_document(path)
    texts = [u.text.upper() for u in document.units]
    out = bytes(document.write(texts, language=GERMAN, bilingual=True)).decode()
    assert out == (
        "## Results {#sec-results}\n\n## RESULTS\n\nSee the results.\n\nSEE THE RESULTS.\n\n"
        "## Preface {- #ack}\n\n## PREFACE {-}\n\n## Sum {.unnumbered #sum}\n\n"
        "## SUM {.unnumbered}\n\n## Plain {.x}\n\n## PLAIN {.x}\n"
    )


@pytest.mark.parametrize("suffix", [".qmd", ".Rmd", ".md"])
def test_a_footnotes_indented_paragraphs_are_its_text(tmp_path: Path, suffix: str) -> None:
    """As quarto-web's markdown-basics.qmd:265 writes a note of several blocks: the
    paragraphs after the first were read as indented code and stayed in English. Code in
    the note, indented four more, stays code."""
    source = (
        "A note,[^2] and more.\n\n[^2]: Here's one with multiple blocks.\n\n"
        "    Subsequent paragraphs are indented to show that they belong to the note.\n\n"
        "        { some.code }\n\n"
        "    The whole paragraph can be indented, or just\nthe first line.\n\n"
        "This paragraph won't be part of the note.\n"
    )
    path = tmp_path / f"markdown-basics{suffix}"
    path.write_text(source, "utf-8")
    document = open_document(path)
    assert [u.text for u in document.units] == [
        "A note, and more.",
        "Here's one with multiple blocks.",
        "Subsequent paragraphs are indented to show that they belong to the note.",
        "The whole paragraph can be indented, or just\nthe first line.",
        "This paragraph won't be part of the note.",
    ]
    out = bytes(document.write([u.text.upper() for u in document.units])).decode()
    assert out == source.upper().replace("{ SOME.CODE }", "{ some.code }")


@pytest.mark.parametrize("suffix", [".mdx", ".qmd", ".md"])
def test_code_the_translation_placed_stays_where_it_put_it_when_it_lost_other_code(
    tmp_path: Path, suffix: str
) -> None:
    """As Next.js' 09-error-handling.mdx writes it: a model that dropped one placeholder had
    every piece of code put back at its old place, the ones it had placed too ("BLOCKS
    `try`FOR`catch` EXPECTED ERRORS"). Only the lost one goes back where it stood, in
    proportion; one put back beside another is set apart from it."""
    path = tmp_path / f"error-handling{suffix}"
    path.write_text(
        "Use the `useActionState` hook well. Avoid using `try`/`catch` blocks for errors.\n",
        "utf-8",
    )
    document = open_document(path)
    assert [u.text for u in document.units] == [
        "Use the ZXQ1Q hook well. Avoid using ZXQ2Q/ZXQ3Q blocks for errors."
    ]
    lost_first = "Verwenden Sie den Hook gut. Vermeiden Sie ZXQ2Q/ZXQ3Q-Blöcke für Fehler."
    out = bytes(document.write([lost_first])).decode()
    assert "Vermeiden Sie `try`/`catch`-Blöcke für Fehler." in out
    assert out.count("`useActionState`") == 1
    lost_last = "Verwenden Sie ZXQ1Q gut. Vermeiden Sie ZXQ2Q-Blöcke für Fehler."
    out = bytes(document.write([lost_last])).decode()
    assert (
        out
        == "Verwenden Sie `useActionState` gut. Vermeiden Sie `try` `catch`-Blöcke für Fehler.\n"
    )


@pytest.mark.parametrize(
    ("suffix", "name"), [(".mdx", "MDX"), (".qmd", "Quarto"), (".Rmd", "R Markdown")]
)
def test_a_binary_file_is_named_by_its_dialect(tmp_path: Path, suffix: str, name: str) -> None:
    """A picture under an .mdx name was "not Markdown", the name its user never gave it."""
    path = tmp_path / f"figure{suffix}"
    path.write_bytes(b"\x00\x01\x02binary\xff\xfe stuff\n")
    with pytest.raises(DocumentError) as caught:
        open_document(path)
    assert caught.value.message.startswith(f"This is a binary file, not {name}")
