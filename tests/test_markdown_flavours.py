"""Markdown as its flavours write it (tests/data/markdown-flavours/: an Obsidian vault's
notes, VitePress' containers and GitHub's alerts, MkDocs Material's definition lists, cut
from their projects' docs; see tools/make_markdown_flavours_fixtures.py). A translation
changes only the words: wikilinks' notes, callouts' types, tags, comments, embeds and
attributes stay as written, and every file parses back to the blocks it had."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from engine.cli.main import main
from engine.documents import Document, open_document
from engine.engine import Engine
from engine.options import EngineOptions
from tests.fixtures.builder import exported
from tests.fixtures.documents import language

DATA = Path(__file__).parent / "data" / "markdown-flavours"
FIXTURES = sorted(p for p in DATA.rglob("*.md") if p.name != "README.md")
GERMAN = language("de")
# A wikilink or an embed, and the note (or file) it names.
WIKILINK = re.compile(r"!?\[\[(?P<note>[^\[\]|\\]*)")
CALLOUT = re.compile(r"^>[ >]*\[![\w-]+\][+-]?", re.MULTILINE)


def mark(texts: list[str]) -> list[str]:
    """The stand-in translator: each unit in brackets, its words in capitals."""
    return ["⟦" + text.upper() + "⟧" for text in texts]


def written(document: Document) -> str:
    translations = mark([u.text for u in document.units])
    return bytes(document.write(translations, language=GERMAN)).decode("utf-8")


def translated(name: str) -> tuple[str, str]:
    path = DATA / name
    return path.read_text(encoding="utf-8"), written(open_document(path))


def blocks(text: str) -> list[tuple[str, str, str]]:
    """The blocks CommonMark (with GFM tables) reads, and each link's target: the structure
    a translation keeps."""
    found: list[tuple[str, str, str]] = []
    for token in MarkdownIt("commonmark").enable("table").parse(text.replace("⟦", "")):
        if token.type != "inline":
            found.append((token.type, token.tag, token.info))
        for child in token.children or []:
            if child.type in ("link_open", "image", "code_inline"):
                target = str(child.attrs.get("href", child.attrs.get("src", child.content)))
                found.append((child.type, target, ""))
    return found


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_only_the_words_change(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    output = written(open_document(path))
    assert blocks(output) == blocks(source)
    assert WIKILINK.findall(output) == WIKILINK.findall(source)
    assert CALLOUT.findall(output) == CALLOUT.findall(source)


def test_a_wikilinks_note_is_kept_and_its_alias_translated() -> None:
    source, output = translated("vault/obsidian-getting-started.md")
    units = [u.text for u in open_document(DATA / "vault/obsidian-getting-started.md").units]
    # The note it links to is a file's name: translated, the link led nowhere.
    assert "[[About Queries|QUERY]]" in output and "[[About Queries|query]]" in source
    assert "[[Priority|PRIORITIES]] OR [[Dates#Start date|DATES]]" in output
    assert "⟦SEE [[Missing tasks in callouts with some Obsidian 1.6.x versions]] FOR" in output
    # An alias is a pair of placeholders the translation places; a bare one, one of its own.
    assert any(
        u.endswith("\nLike, for example, ZXQ3QprioritiesZXQ4Q or ZXQ5QdatesZXQ6Q.") for u in units
    )
    tags = open_document(DATA / "vault/obsidian-styling.md")
    # In a table's cell the alias' "|" is escaped: it stays so, the alias translated.
    assert "[[Backlinks\\|BACKLINK]]" in written(tags)


def test_a_callouts_type_is_kept_and_its_title_is_a_unit_of_its_own() -> None:
    _source, output = translated("vault/obsidian-getting-started.md")
    units = [u.text for u in open_document(DATA / "vault/obsidian-getting-started.md").units]
    title = "Warning: Obsidian bug in versions 1.6.0 to 1.6.3 caused some tasks not to be found"
    assert title in units  # (not joined to the callout's body, as if one sentence)
    assert f"> [!Warning] ⟦{title.upper()}⟧\n> ⟦SEE " in output
    assert not [u for u in units if "[!" in u]  # (sent as words: "[!Warnung]" is no callout)
    styling = written(open_document(DATA / "vault/obsidian-styling.md"))
    # A fold sign kept; an embed kept whole (it names a note: its text is that note's).
    assert "> [!example]- ⟦SAMPLE HTML: FULL MODE⟧\n> ![[Sample HTML - Full mode]]\n" in styling


def test_a_highlight_is_a_pair_and_a_comment_is_kept() -> None:
    source, output = translated("vault/obsidian-dependencies.md")
    units = [u.text for u in open_document(DATA / "vault/obsidian-dependencies.md").units]
    assert "==THE SECOND TASK CANNOT BE STARTED UNTIL THE FIRST TASK IS COMPLETED==:" in output
    assert any("ZXQ1Qthe second task cannot be started" in u for u in units)
    # A comment over lines, which Obsidian shows no reader: kept byte for byte, not sent.
    comment = re.search(r"\n%%\n[\s\S]*?\n%%\n", source)
    assert comment is not None and comment.group() in output
    assert not [u for u in units if "Duplicate" in u]


def test_tags_block_ids_and_inline_comments_are_kept(tmp_path: Path) -> None:
    agenda = open_document(DATA / "vault/obsidian-daily-agenda.md")
    assert not [u for u in agenda.units if "#plugin" in u.text]  # (the line of tags alone)
    assert '<span class="related-pages">#plugin/calendar #plugin/periodic-notes</span>' in (
        written(agenda)
    )
    # As Obsidian's help writes them (its vault has no licence to copy from).
    (tmp_path / ".obsidian").mkdir()  # (a vault)
    path = tmp_path / "note.md"
    path.write_text(
        "Pen in hand, Gemmy works toward her goal #writing/drafts. ^37066d\n\n"
        "This is an %%inline%% comment about #1984.\n",
        encoding="utf-8",
    )
    document = open_document(path)
    assert [(u.text, u.fields) for u in document.units] == [
        ("Pen in hand, Gemmy works toward her goal ZXQ1Q.", ("#writing/drafts",)),
        ("This is an ZXQ1Q comment about #1984.", ("%%inline%%",)),
    ]
    assert written(document) == (
        "⟦PEN IN HAND, GEMMY WORKS TOWARD HER GOAL #writing/drafts.⟧ ^37066d\n\n"
        "⟦THIS IS AN %%inline%% COMMENT ABOUT #1984.⟧\n"
    )


def test_a_table_in_a_quote_keeps_its_quote(tmp_path: Path) -> None:
    (tmp_path / ".obsidian").mkdir()  # (a vault)
    path = tmp_path / "table.md"
    path.write_text(
        "> [!note] Vertical bars in tables\n> First column | Second column\n> -- | --\n"
        "> [[Basic formatting syntax\\|Markdown syntax]] | ![[Engelbart.jpg\\|200]]\n",
        encoding="utf-8",
    )
    assert written(open_document(path)) == (
        "> [!note] ⟦VERTICAL BARS IN TABLES⟧\n> ⟦FIRST COLUMN⟧ | ⟦SECOND COLUMN⟧\n> -- | --\n"
        "> [[Basic formatting syntax\\|⟦MARKDOWN SYNTAX⟧]] | ![[Engelbart.jpg\\|200]]\n"
    )


def test_vitepress_containers_keep_their_attributes_and_alerts_their_kind() -> None:
    _source, output = translated("vitepress-markdown.md")
    assert "::: details ⟦CLICK ME TO TOGGLE THE CODE⟧ {open}\n" in output
    assert "\n::: tip {no-title}\n⟦JUST WANT TO TRY IT OUT? SKIP TO THE [QUICKSTART](" in output
    assert "> [!NOTE]\n> ⟦HIGHLIGHTS INFORMATION THAT USERS SHOULD TAKE INTO ACCOUNT" in output


def test_a_definitions_blocks_are_translated() -> None:
    source, output = translated("mkdocs/mkdocs-lists.md")
    # Its second paragraph, indented under ":   ", CommonMark read as code: left in English.
    assert "\n    ⟦DUIS MOLLIS EST EGET NIBH VOLUTPAT" in output
    # Material's list of admonition types: each a definition holding an admonition.
    source, output = translated("mkdocs/mkdocs-admonitions.md")
    assert source.count("Lorem ipsum") == 12 and "Lorem" not in output
    assert output.count(":   !!! ") == 12


def test_quire_translate_keeps_an_obsidian_notes_links(
    quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Engine(EngineOptions(home=quire_home)).import_model(exported("marian"), "opus-mt-en-de")
    (tmp_path / ".obsidian").mkdir()  # (a vault)
    source = tmp_path / "Tags.md"
    source.write_bytes((DATA / "vault/obsidian-tags.md").read_bytes())
    code = main(["translate", "--from", "en", "--to", "de", str(source)])
    _out, err = capsys.readouterr()
    assert code == 0, err
    output = (tmp_path / "Tags.de.md").read_text(encoding="utf-8")
    text = source.read_text(encoding="utf-8")
    # Whatever the model wrote, each link still names its note, each callout its type (a
    # unit whose translation lost one is kept as it was).
    assert WIKILINK.findall(output) == WIKILINK.findall(text)
    assert CALLOUT.findall(output) == CALLOUT.findall(text)


def test_an_alias_the_translation_broke_is_mended(tmp_path: Path) -> None:
    (tmp_path / ".obsidian").mkdir()  # (a vault)
    path = tmp_path / "note.md"
    path.write_text("See [[Tags|the tags]] here for more.\n", encoding="utf-8")
    document = open_document(path)
    assert [u.text for u in document.units] == ["See ZXQ1Qthe tagsZXQ2Q here for more."]

    def write(translation: str) -> str:
        return bytes(document.write([translation], language=GERMAN)).decode("utf-8")

    # Its lost half goes back after the words of the one that stands, the note kept.
    assert write("Siehe ZXQ1Qdie Tags hier für mehr.") == "Siehe [[Tags|die Tags]] hier für mehr.\n"
    assert write("Siehe die Tags ZXQ2Q hier.") == "Siehe die [[Tags|Tags]] hier.\n"


def test_a_bilingual_title_reads_source_and_translation_where_it_stands() -> None:
    document = open_document(DATA / "vault/obsidian-styling.md")
    translations = mark([u.text for u in document.units])
    output = bytes(document.render_bilingual(translations)).decode("utf-8")
    # (a copy of the line was a second callout's header, shown as text inside the first)
    title = "Sample HTML: Full mode"
    assert f"> [!example]- {title} / ⟦{title.upper()}⟧\n> ![[Sample HTML - Full mode]]\n" in output
    assert CALLOUT.findall(output) == CALLOUT.findall(
        (DATA / "vault/obsidian-styling.md").read_text()
    )
    containers = open_document(DATA / "vitepress-markdown.md")
    output = bytes(containers.render_bilingual(mark([u.text for u in containers.units]))).decode()
    assert "\n::: danger STOP / ⟦STOP⟧\n" in output
    fences = re.compile(r"^:::.*", re.MULTILINE)  # (each container opened and closed once)
    source = (DATA / "vitepress-markdown.md").read_text(encoding="utf-8")
    assert len(fences.findall(output)) == len(fences.findall(source))


# Outside an Obsidian vault, what Obsidian's syntax looks like means other things: pages
# shaped as the ones a run over 1,876 .md files found (mermaid-js/mermaid's docs, Azure
# DevOps' wiki, MATLAB notes, RosettaCommons' Gollum wiki, CppCoreGuidelines, golang's wiki).


def units_of(folder: Path, text: str, name: str = "page.md") -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return [u.text for u in open_document(folder / name).units]


def test_a_percent_line_outside_a_vault_hides_nothing(tmp_path: Path) -> None:
    source = (
        '<pre class="mermaid">\n    graph LR\n    %% this is a comment A -- text --> B\n'
        "    A -- text --> B\n</pre>\n\nThe diagram above is drawn in the page.\n\n"
        "::: mermaid\ngraph LR;\n%% Azure DevOps draws it\nA --> B;\n:::\n\n"
        "A wiki page draws this one.\n\n    %% Section 1\n    x = linspace(0, 1);\n\n"
        "%%%%%%%%%%%%%%%%%%%%%%%%%%%%\n\nEvery word after the banner is read.\n"
    )
    units = units_of(tmp_path / "docs", source)
    for text in (
        "The diagram above is drawn in the page.",
        "A wiki page draws this one.",
        "Every word after the banner is read.",
    ):
        assert text in units
    # printf's "%%d" in a sentence is its words too.
    line = "Write %%d for a percent sign and a number, and 50%% for half.\n"
    assert units_of(tmp_path / "c", line) == [line.strip()]
    # In a vault, a comment never closed hides nothing either (Obsidian hides the rest of
    # the note; blank, its words went untranslated without a word said).
    (tmp_path / "vault" / ".obsidian").mkdir(parents=True)
    assert units_of(tmp_path / "vault", "%% draft\n\nThe note's words.\n") == [
        "%% draft",
        "The note's words.",
    ]


def test_a_gollum_wikis_link_text_is_translated_and_its_page_kept(tmp_path: Path) -> None:
    source = (
        "Back to [[Mover|Movers-RosettaScripts]] page.\n\n"
        "You must [[request a license|http://www.rosettacommons.org/software/license]] first.\n"
    )
    wiki = tmp_path / "documentation"
    units_of(wiki, "Welcome.\n", "Home.md")  # (a Gollum wiki's first page)
    assert units_of(wiki / "scripting", source) == [
        "Back to ZXQ1QMoverZXQ2Q page.",
        "You must ZXQ1Qrequest a licenseZXQ2Q first.",
    ]
    assert written(open_document(wiki / "scripting" / "page.md")) == (
        "⟦BACK TO [[MOVER|Movers-RosettaScripts]] PAGE.⟧\n\n"
        "⟦YOU MUST [[REQUEST A LICENSE|http://www.rosettacommons.org/software/license]]"
        " FIRST.⟧\n"
    )
    # Neither in a wiki nor in a vault, which half is the page is not known: both kept.
    assert units_of(tmp_path / "notes", source) == [
        "Back to ZXQ1Q page.",
        "You must ZXQ1Q first.",
    ]


@pytest.mark.parametrize("vault", [False, True], ids=["markdown", "vault"])
def test_unpaired_marks_stay_where_they_are(tmp_path: Path, vault: bool) -> None:
    if vault:
        (tmp_path / ".obsidian").mkdir()
    lines = [
        'Copyable smart pointers have the special state "==nullptr", their default.',
        "The pattern allows ==, !=, <, <=, >, and >= for comparing fields.",
        "The flow A ==> B ==> C is shown here.",
        "The matrix [[1, 2], [3, 4]] is the identity plus one.",
    ]
    source = "\n\n".join(lines) + "\n"
    assert units_of(tmp_path, source) == lines
    output = written(open_document(tmp_path / "page.md"))
    assert output == "\n\n".join(mark(lines)) + "\n"


def test_hashes_outside_a_vault_are_words(tmp_path: Path) -> None:
    # A Gollum page's "#Title" heading (Redcarpet's), a prose anchor, an IRC channel.
    source = (
        "#AnchorFinder\n\nDon't change the titles, as that breaks the #anchors in URLs.\n\n"
        "Ask on the channel #go-nuts on Libera.\n"
    )
    assert units_of(tmp_path, source) == [
        "#AnchorFinder",
        "Don't change the titles, as that breaks the #anchors in URLs.",
        "Ask on the channel #go-nuts on Libera.",
    ]


def test_a_definitions_indented_code_is_code_where_the_flavour_has_no_definitions(
    tmp_path: Path,
) -> None:
    source = "Usage\n: run the tool as below.\n\n    tool --all --verbose\n"
    assert units_of(tmp_path / "plain", source) == ["Usage\nrun the tool as below."]
    # MkDocs with def_list (a mkdocs.yml above the page): the definition's own block.
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "mkdocs.yml").write_text("site_name: Site\n", encoding="utf-8")
    assert units_of(tmp_path / "site" / "docs", source) == [
        "Usage\nrun the tool as below.",
        "tool --all --verbose",
    ]


def test_an_alert_only_begins_a_quote(tmp_path: Path) -> None:
    source = "> The value is kept\n> [!NOTE] only while the flag is on.\n"
    assert units_of(tmp_path, source) == ["The value is kept\n[!NOTE] only while the flag is on."]


def test_a_wiki_links_spaces_stay_with_its_brackets(tmp_path: Path) -> None:
    # RosettaCommons' "[[SnugDock | snugdock]]: Paratope structure optimization…", on a
    # page nine folders below its wiki's Home.md.
    units_of(tmp_path, "Welcome.\n", "Home.md")
    deep = tmp_path / "scripting/Filters/filter_pages/scripting/Filters/filter_pages/a/b/c"
    assert units_of(deep, "See [[SnugDock | snugdock]]: docking.\n") == [
        "See ZXQ1QSnugDockZXQ2Q: docking."
    ]
    document = open_document(deep / "page.md")
    translation = "Siehe ZXQ1QSnugDockZXQ2Q: Andocken."
    assert bytes(document.write([translation], language=GERMAN)).decode("utf-8") == (
        "Siehe [[SnugDock | snugdock]]: Andocken.\n"
    )


def test_quire_translate_keeps_a_wiki_pages_links_and_reads_past_a_percent_line(
    quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Engine(EngineOptions(home=quire_home)).import_model(exported("marian"), "opus-mt-en-de")
    units_of(tmp_path / "wiki", "Welcome.\n", "Home.md")
    wiki = tmp_path / "wiki" / "page.md"
    wiki.write_text("Back to [[Mover|Movers-RosettaScripts]] page.\n", encoding="utf-8")
    matlab = tmp_path / "flow.md"
    matlab.write_text("    %% Section 1\n    x = 1;\n\nThe words after it.\n", "utf-8")
    for source in (wiki, matlab):
        code = main(["translate", "--from", "en", "--to", "de", str(source)])
        _out, err = capsys.readouterr()
        assert code == 0, err
    output = (tmp_path / "wiki" / "page.de.md").read_text(encoding="utf-8")
    assert "[[" in output and "|Movers-RosettaScripts]]" in output
    flow = (tmp_path / "flow.de.md").read_text(encoding="utf-8")
    assert flow.startswith("    %% Section 1\n    x = 1;\n\n")
    assert not flow.endswith("The words after it.\n")  # (translated, not hidden)


def test_a_definitions_blocks_inside_an_admonition_are_translated(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: Site\n", encoding="utf-8")
    source = (
        '!!! note "Types"\n\n    `note`\n\n    :   Use it for notes.\n\n'
        "        A second paragraph of the definition.\n"
    )
    # (its indent was taken before the admonition's four spaces went: the paragraph, eight
    # spaces in, stayed code and English)
    assert units_of(tmp_path / "docs", source) == [
        "Types",
        "Use it for notes.",
        "A second paragraph of the definition.",
    ]
    assert written(open_document(tmp_path / "docs" / "page.md")) == (
        '!!! note "⟦TYPES⟧"\n\n    `note`\n\n    :   ⟦USE IT FOR NOTES.⟧\n\n'
        "        ⟦A SECOND PARAGRAPH OF THE DEFINITION.⟧\n"
    )


def test_a_comments_line_inside_a_paragraph_leaves_it_one(tmp_path: Path) -> None:
    (tmp_path / ".obsidian").mkdir()  # (a vault)
    source = (
        "Paragraph line one\n%% c %%\nline three.\n\n# Title\n%% alone %%\nText.\n\n"
        "%%\nA draft over lines.\n%%\n"
    )
    # (blanked, the comment's line broke the paragraph in two, where Obsidian shows one)
    assert units_of(tmp_path, source) == [
        "Paragraph line one\nZXQ1Q\nline three.",
        "Title",
        "Text.",
    ]
    assert written(open_document(tmp_path / "page.md")) == (
        "⟦PARAGRAPH LINE ONE\n%% c %%\nLINE THREE.⟧\n\n# ⟦TITLE⟧\n%% alone %%\n⟦TEXT.⟧\n\n"
        "%%\nA draft over lines.\n%%\n"
    )


def test_a_highlight_around_a_link_or_code_is_a_pair(tmp_path: Path) -> None:
    (tmp_path / ".obsidian").mkdir()  # (a vault)
    source = "A ==highlight with [a link](http://x.org/?a=b) inside== and ==`code` too==.\n"
    # (the link split its words into two texts: its marks went to the model as words)
    assert units_of(tmp_path, source) == [
        "A ZXQ1Qhighlight with ZXQ2Qa linkZXQ3Q insideZXQ4Q and ZXQ5QZXQ6Q tooZXQ7Q."
    ]
    document = open_document(tmp_path / "page.md")
    translation = "Ein ZXQ1QHighlight mit ZXQ2QLinkZXQ3Q darinZXQ4Q und ZXQ5QZXQ6Q auchZXQ7Q."
    assert bytes(document.write([translation], language=GERMAN)).decode("utf-8") == (
        "Ein ==Highlight mit [Link](http://x.org/?a=b) darin== und ==`code` auch==.\n"
    )
    # An escape among its words; marks across a line's end or another pair stay words.
    assert units_of(tmp_path, "==a \\* b== and **c ==d** e== f ==g\nh [i](j)==\n") == [
        "ZXQ1Qa * bZXQ2Q and ZXQ3Qc ==dZXQ4Q e== f ==g\nh ZXQ5QiZXQ6Q=="
    ]
