"""Org as its producers write it (tests/data/org/: pandoc's from a Markdown page, notes and
tasks with tables and tags Emacs aligned, a literate Emacs configuration, orgparse's own test
files; see tools/make_org_fixtures.py). Outputs are read back by orgparse: the same headlines,
levels, TODO keywords, priorities, tags and planning; what is not text is checked byte for
byte. The expected tables and tags are as Emacs 28's ``org-table-align`` and
``org-align-tags`` leave them (checked when this was written: aligning the outputs again
changes nothing)."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import orgparse  # (the dev extra's: reads each output back)
import pytest

from engine.cli.main import main
from engine.documents import open_document, translate_file
from engine.documents.errors import DocumentError
from engine.documents.org import parse
from engine.documents.registry import READERS, TEXT_READERS, load_document
from engine.documents.runs import without_fields
from tests.fixtures.builder import exported

DATA = Path(__file__).parent / "data" / "org"
FIXTURES = [
    *(DATA / f"{name}.org" for name in ("pandoc", "agenda", "config")),
    *(DATA / f"orgparse-{name}.org" for name in ("attributes", "tags")),
]


def widened(texts: Sequence[str]) -> list[str]:
    """A stand-in translation longer than its source, in wide characters too (placeholders,
    ``ZXQ1Q``, kept)."""
    return [f"Übersetzt 翻译 {t.upper()}" for t in texts]


def headlines(text: str) -> list[tuple[Any, ...]]:
    """Each headline as orgparse reads it: level, TODO keyword, priority, tags, planning."""
    todo, done = ["TODO", "NEXT", "WAIT"], ["DONE", "CANCELLED"]
    env = orgparse.OrgEnv(todos=todo, dones=done, filename="<string>")
    root = orgparse.loads(text, env=env)
    return [
        (n.level, n.todo, n.priority, set(n.tags), (n.scheduled.start, n.deadline.start))
        for n in root[1:]
    ]


def blocks(text: str) -> list[str]:
    """What Org keeps: blocks of code, drawers, planning lines, keywords other than text."""
    kept = re.compile(
        r"^[ \t]*#\+begin_(src|example)[\s\S]*?#\+end_\1.*$|^[ \t]*:[A-Z]+:[\s\S]*?:END:$"
        r"|^[ \t]*(?:SCHEDULED|CLOSED|#\+(?:OPTIONS|STARTUP|AUTHOR|PROPERTY|TODO)).*$"
        r"|^#\+TBLFM:.*$|^: .*$",
        re.MULTILINE | re.IGNORECASE,
    )
    return [m.group() for m in kept.finditer(text)]


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_a_translated_file_reads_back_with_its_headlines_and_keeps_what_is_no_text(
    path: Path, tmp_path: Path
) -> None:
    source = path.read_text("utf-8")
    out = tmp_path / "de.org"
    translate_file(path, out, widened, language="de")
    written = out.read_text("utf-8")
    assert headlines(written) == headlines(source)
    assert blocks(written) == blocks(source)
    both = tmp_path / "both.org"
    translate_file(path, both, widened, language="de", bilingual=True)
    assert headlines(both.read_text("utf-8")) == headlines(source)
    assert blocks(both.read_text("utf-8")) == blocks(source)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_a_file_translated_as_it_is_is_written_back_byte_for_byte(path: Path) -> None:
    document = open_document(path)
    assert document.write([u.text for u in document.units]) == path.read_bytes()


def test_what_is_not_text_is_kept_and_inline_markup_is_placeholders() -> None:
    agenda = open_document(DATA / "agenda.org")
    texts = {u.text: u.fields for u in agenda.units}
    assert texts["Weekly notes"] == ()  # #+TITLE:
    # (the TODO keyword, priority, cookie and tags are not the title's words)
    assert texts["Write the quarterly report ZXQ1Q"] == ("",)
    assert texts["Call the printer about the cover"] == ()  # NEXT: declared by #+TODO:
    assert texts[
        "The report covers the ZXQ1QfirstZXQ2Q quarter. Ask ZXQ3Q for the numbers\n"
        "before the meeting on ZXQ4Q."
    ] == ("", "", "finance", "")
    assert texts["Draw the charts in ZXQ1Q"] == ("matplotlib",)
    assert "Alice" in texts and "reads the first draft" in texts  # a description's term
    assert texts["checks the ZXQ1Qbudget tablesZXQ2Q"] == ("", "")
    assert "Restaurant" in texts and "The Green Fork" in texts  # cells, not numbers
    assert "Good food brings good people together." in texts
    assert not any(
        word in t
        for t in texts
        for word in ("Jane", "overview", "SCHEDULED", "mbsync", "12 new", "Paper", "EFFORT")
    )
    config = {u.text for u in open_document(DATA / "config.org").units}
    assert "Restart Emacs after changing the directory." in config  # #+begin_note
    assert not any("setq" in t or "example heading" in t or "tangle yes" in t for t in config)


def upper(texts: Sequence[str]) -> list[str]:
    return [t.upper() for t in texts]


def translated(tmp_path: Path, text: str, translate: Any, bilingual: bool = False) -> str:
    """``text`` as a file translated by ``translate`` (a dict of unit texts, or a function)."""
    source = tmp_path / "notes.org"
    source.write_text(text, "utf-8")
    out = tmp_path / "notes.de.org"
    if isinstance(translate, dict):
        table = translate
        translate = lambda ts: [table.get(t, t) for t in ts]  # noqa: E731
    translate_file(source, out, translate, language="de", bilingual=bilingual)
    return out.read_text("utf-8")


def test_emphasis_links_and_code_go_where_the_translation_puts_them(tmp_path: Path) -> None:
    source = (
        "This is *very* important for /all/ users: run =make= first.\n\n"
        "See the [[https://orgmode.org/manual][Org manual]] or https://orgmode.org today.\n"
    )
    german = {
        "This is ZXQ1QveryZXQ2Q important for ZXQ3QallZXQ4Q users: run ZXQ5Q first.": (
            "Das ist für ZXQ3Q alle ZXQ4Q Benutzer ZXQ1Q sehr ZXQ2Q wichtig: erst ZXQ5Q."
        ),
        "See the ZXQ1QOrg manualZXQ2Q or ZXQ3Q today.": "Heute ZXQ3Q oder das ZXQ1QHandbuchZXQ2Q.",
    }
    assert translated(tmp_path, source, german) == (
        "Das ist für /alle/ Benutzer *sehr* wichtig: erst =make=.\n\n"
        "Heute https://orgmode.org oder das [[https://orgmode.org/manual][Handbuch]].\n"
    )
    # Chinese writes no space between words: a zero-width space sets the markup apart, as
    # the Org manual advises (Org reads no verbatim after a letter).
    chinese = {"See the ZXQ1QOrg manualZXQ2Q or ZXQ3Q today.": "今天看ZXQ1Q手册ZXQ2Q。"}
    written = translated(tmp_path, "Ask =finance= and see [[x][the manual]] today.\n", chinese)
    assert written == "Ask =finance= and see [[x][the manual]] today.\n"
    chinese = {"Ask ZXQ1Q today.": "今天问ZXQ1Q吧。"}
    assert translated(tmp_path, "Ask =finance= today.\n", chinese) == (
        "今天问\u200b=finance=\u200b吧。\n"
    )
    # A translation that lost a link's placeholders keeps the link, without its words.
    lost = translated(tmp_path, source, lambda ts: [without_fields(t, 9) for t in ts])
    assert "[[https://orgmode.org/manual]]" in lost and "=make=" in lost


def test_a_headline_keeps_its_keyword_priority_cookie_and_tags_aligned(tmp_path: Path) -> None:
    source = (
        "#+SEQ_TODO: WAITING | FIXED\n"
        "* WAITING [#B] COMMENT Fix the printer [2/5]                        :home:@desk:\n"
        "* FIXED Call mum :family:\n"
    )
    german = {"Fix the printer ZXQ1Q": "Den Drucker reparieren ZXQ1Q", "Call mum": "Mama anrufen"}
    assert translated(tmp_path, source, german) == (
        "#+SEQ_TODO: WAITING | FIXED\n"
        "* WAITING [#B] COMMENT Den Drucker reparieren [2/5]                 :home:@desk:\n"
        "* FIXED Mama anrufen :family:\n"
    )
    # A title too long for the column: one space before the tags.
    longer = {"Fix the printer ZXQ1Q": "Den kaputten Drucker im Arbeitszimmer reparieren ZXQ1Q"}
    long = translated(tmp_path, source, longer)
    assert "COMMENT Den kaputten Drucker im Arbeitszimmer reparieren [2/5] :home:@desk:\n" in long


def test_a_table_is_aligned_again_as_emacs_aligns_it_wide_characters_two(
    tmp_path: Path,
) -> None:
    source = "| Name | Count |\n|------+-------|\n| cat  |     4 |\n| tree |    12 |\n"
    chinese = {"Name": "名称", "cat": "猫", "tree": "一棵树", "Count": "数量"}
    # (as org-table-align writes it: the numbers right-aligned, 名称 two columns each)
    assert translated(tmp_path, source, chinese) == (
        "| 名称   | 数量 |\n|--------+------|\n| 猫     |    4 |\n| 一棵树 |   12 |\n"
    )


def test_a_table_with_a_formula_is_kept_and_said(tmp_path: Path) -> None:
    document = parse("| Item | Cost |\n| Paper | 10 |\n#+TBLFM: $2=vsum(@2..@-1)\n", Path("a.org"))
    assert document.units == ()
    _, note = document.notes  # (after: no other text, copied)
    assert note.message_id == "document.org_formulas" and note.params == {"count": 1}


def test_the_language_keyword_names_the_translations(tmp_path: Path) -> None:
    written = translated(tmp_path, "#+LANGUAGE: en\n\nHello there.\n", lambda ts: ts)
    assert written.startswith("#+LANGUAGE: de\n")
    written = translated(tmp_path, "#+language: en_US\n\nHello there.\n", lambda ts: ts)
    assert written.startswith("#+language: de_DE\n")
    both = translated(tmp_path, "#+LANGUAGE: en\n\nHello there.\n", upper, bilingual=True)
    assert both == "#+LANGUAGE: en\n\nHello there.\n\nHELLO THERE.\n"


def test_blocks_drawers_results_and_latex_are_kept(tmp_path: Path) -> None:
    source = (
        "#+BEGIN_SRC python :results output\nprint('Hello there')\n#+END_SRC\n\n"
        "#+RESULTS:\n#+begin_example\nHello there\n#+end_example\n\n"
        "#+BEGIN: clocktable :scope file\n| Headline | Time |\n#+END:\n\n"
        "\\begin{equation}\nE = mc^2\n\\end{equation}\n\n"
        "#+BEGIN_VERSE\nGreat clouds overhead\nTiny black birds rise\n#+END_VERSE\n\n"
        "# A comment about the text\n: fixed width text\n-----\n"
        '#+INCLUDE: "chapter.org"\n#+CAPTION: The energy of a mass\n'
    )
    units = [u.text for u in parse(source, Path("a.org")).units]
    assert units == ["Great clouds overhead\nTiny black birds rise", "The energy of a mass"]


def test_an_unterminated_block_is_kept_to_the_next_headline_and_said(tmp_path: Path) -> None:
    source = "Intro.\n\n#+BEGIN_SRC python\nprint('Hello')\n\n* Next\nText.\n"
    document = parse(source, Path("a.org"))
    assert [u.text for u in document.units] == ["Intro.", "Next", "Text."]
    (note,) = document.notes
    assert note.message_id == "document.org_unterminated"
    assert note.params == {"line": 3, "name": "SRC"}


def test_a_bilingual_copy_stays_in_its_item_and_a_headline_reads_source_and_translation(
    tmp_path: Path,
) -> None:
    source = "* Plans :work:\n- [ ] First step\n- Term :: What it means\n\n[fn:1] A note.\n"
    written = translated(tmp_path, source, upper, bilingual=True)
    assert written == (
        "* Plans / PLANS :work:\n- [ ] First step\n\n      FIRST STEP\n"
        "- Term / TERM :: What it means\n\n          WHAT IT MEANS\n\n"
        "[fn:1] A note.\n\n       A NOTE.\n"
    )
    root = orgparse.loads(written)
    assert [n.heading for n in root[1:]] == ["Plans / PLANS"]


def test_a_file_that_is_no_org_text_is_refused_naming_it(tmp_path: Path) -> None:
    binary = tmp_path / "notes.org"
    binary.write_bytes(b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256)) * 4)
    with pytest.raises(DocumentError) as info:
        load_document(binary)
    assert "notes.org" in str(info.value)
    empty = tmp_path / "empty.org"
    empty.write_bytes(b"\n\n")
    with pytest.raises(DocumentError):
        load_document(empty)


def test_org_is_read_as_a_text_format_in_the_encoding_named() -> None:
    assert ".org" in READERS and ".org" in TEXT_READERS


def test_the_command_line_translates_notes_with_a_model(
    tmp_path: Path, quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from engine import Engine, EngineOptions

    Engine(EngineOptions(home=quire_home)).import_model(exported("marian"), "opus-mt-en-de")
    source = tmp_path / "notes.org"
    source.write_bytes((DATA / "agenda.org").read_bytes())
    code = main(["translate", "--from", "en", "--to", "de", str(source)])
    capsys.readouterr()
    assert code == 0
    written = (tmp_path / "notes.de.org").read_text("utf-8")
    assert blocks(written) == blocks(source.read_text("utf-8"))
    assert "#+LANGUAGE: de\n" in written
    assert [h[:4] for h in headlines(written)] == [
        h[:4] for h in headlines(source.read_text("utf-8"))
    ]


def test_the_app_words_the_notes_a_file_gets(qapp: object) -> None:
    from desktop import errors
    from desktop.i18n import Translations

    source = "| Item | Cost |\n| Paper | 10 |\n#+TBLFM: $2=vsum(@2..@-1)\n\n#+BEGIN_QUOTE\nWise.\n"
    _, unterminated, formulas = parse(source, Path("a.org")).notes  # (after: no text)
    assert errors.note_text(formulas).startswith(
        "Tables with a formula (#+TBLFM:) are kept untranslated (1)"
    )
    assert errors.note_text(unterminated).startswith(
        "The block that begins on line 5 (#+BEGIN_QUOTE) has no #+END_QUOTE: it is kept"
    )
    source = ":PROPERTIES:\n:ID: 7c1d2e3f\n:END:\n#+SETUPFILE: ../setup.org\n"
    copied, unread, ids = parse(source, Path("notes/setup.org")).notes
    assert errors.note_text(ids).startswith("The translation has the same IDs as its source")
    assert errors.note_text(unread).startswith("Setup files it names were not read (../setup")
    assert errors.note_text(copied).startswith("setup.org has no text to translate")
    translations = Translations()
    try:
        assert translations.switch("zh_CN")
        assert all(re.search("[\u4e00-\u9fff]", errors.note_text(n)) for n in [unread, ids, copied])
    finally:
        translations.switch("en")


def test_a_translated_line_begins_no_list_item_and_an_indented_paragraph_stays_so(
    tmp_path: Path,
) -> None:
    # (orgparse's test files: a clock line outside a drawer; org-roam's manual: a
    # description's text indented under it, after a blank line)
    source = (
        "* DONE Task\n  CLOCK: [2010-08-08 Sun 17:40]--[2010-08-08 Sun 17:50] =>  0:10\n"
        "  Some notes on the task.\n\n"
        "A paragraph that goes\non over two lines.\n"
    )
    german = {
        "Some notes on the task.": "Notizen zur Aufgabe.",
        "A paragraph that goes\non over two lines.": "Ein Absatz, der\n- über zwei Zeilen geht.",
    }
    assert translated(tmp_path, source, german) == (
        "* DONE Task\n  CLOCK: [2010-08-08 Sun 17:40]--[2010-08-08 Sun 17:50] =>  0:10\n"
        "  Notizen zur Aufgabe.\n\n"
        "Ein Absatz, der -\nüber zwei Zeilen geht.\n"
    )


def test_an_inline_footnotes_text_is_translated_and_babels_inline_calls_kept(
    tmp_path: Path,
) -> None:
    # (the Org manual's footnotes go over lines and hold links; Org's own test files call
    # code blocks inline)
    source = (
        "Turn it on[fn:: If you do not use it, see [[*Font Lock][the\n"
        "section]] first.] and run call_double(n=2)[:results raw] or src_sh{ls}.\n"
    )
    (unit,) = parse(source, Path("a.org")).units
    assert unit.text == (
        "Turn it onZXQ1Q If you do not use it, see ZXQ2Qthe\n"
        "sectionZXQ3Q first.ZXQ4Q and run ZXQ5Q or ZXQ6Q."
    )
    german = {
        unit.text: (
            "Schalten Sie es einZXQ1QWenn nicht, lesen Sie ZXQ2Qden\n"
            "AbschnittZXQ3Q.ZXQ4Q und rufen Sie ZXQ5Q oder ZXQ6Q auf."
        )
    }
    assert translated(tmp_path, source, german) == (
        "Schalten Sie es ein[fn::Wenn nicht, lesen Sie [[*Font Lock][den\n"
        "Abschnitt]].] und rufen Sie call_double(n=2)[:results raw] oder src_sh{ls} auf.\n"
    )


def test_a_link_to_a_headline_by_its_title_names_the_translated_title(tmp_path: Path) -> None:
    # (org-roam's manual links its sections so: Emacs's export failed on the translation,
    # "Unable to resolve link: *org-roam-dailies")
    source = (
        "* Getting started :intro:\nSee [[*Getting started][the start]] or [[*Getting  started]].\n"
    )
    german = {
        "Getting started": "Erste Schritte",
        "See ZXQ1Qthe startZXQ2Q or ZXQ3Q.": "Siehe ZXQ1Qden AnfangZXQ2Q oder ZXQ3Q.",
    }
    assert translated(tmp_path, source, german) == (
        "* Erste Schritte :intro:\n"
        "Siehe [[*Erste Schritte][den Anfang]] oder [[*Erste Schritte]].\n"
    )
    both = translated(tmp_path, source, german, bilingual=True)
    assert both.count("[[*Getting started / Erste Schritte]") == 4


def test_a_bar_in_a_translated_cell_is_written_as_orgs_entity(tmp_path: Path) -> None:
    written = translated(tmp_path, "| Yes or no |\n", {"Yes or no": "Ja | Nein"})
    assert written == "| Ja \\vert{} Nein |\n"
    (row,) = [n for n in orgparse.loads(written)[0].body.splitlines() if n]
    assert row.count("|") == 2


def test_a_headline_of_tags_alone_keeps_its_tags(tmp_path: Path) -> None:
    # (an org-roam inbox: Emacs reads an empty title and the tag "inbox")
    source = "* :inbox:\n- Buy milk\n"
    document = parse(source, Path("a.org"))
    assert [u.text for u in document.units] == ["Buy milk"]
    assert translated(tmp_path, source, upper) == "* :inbox:\n- BUY MILK\n"


def test_the_footnotes_headline_is_kept(tmp_path: Path) -> None:
    # (org-footnote-section's name: a translated one was an empty chapter in the export)
    source = "* Intro\nText with a note[fn:1].\n\n* Footnotes\n[fn:1] The first note.\n"
    assert translated(tmp_path, source, upper) == (
        "* INTRO\nTEXT WITH A NOTE[fn:1].\n\n* Footnotes\n[fn:1] THE FIRST NOTE.\n"
    )


def test_a_tables_alignment_and_width_cookies_are_kept_and_followed(tmp_path: Path) -> None:
    # (the Org manual's column groups: a first row of cookies, which exports leave out)
    source = (
        "| <l10>  | <r>     | <c>      |\n"
        "| Option | Effect  | Note     |\n"
        "|--------+---------+----------|\n"
        "| foo    | Enables | it works |\n"
    )
    document = parse(source, Path("a.org"))
    assert "<r>" not in [u.text for u in document.units]
    german = {"Effect": "Wirkung", "Enables": "Schaltet ein", "it works": "ja"}
    # (as org-table-align writes it: right and centred as the cookies say)
    assert translated(tmp_path, source, german) == (
        "| <l10>  |          <r> | <c>  |\n"
        "| Option |      Wirkung | Note |\n"
        "|--------+--------------+------|\n"
        "| foo    | Schaltet ein |  ja  |\n"
    )


def test_a_citation_is_one_placeholder(tmp_path: Path) -> None:
    # (org-cite's, as ox-hugo's citation-csl.org writes them)
    source = "As shown in [cite:@knuth1984 p. 3], see [cite/t:@doe2020;@roe2021] too.\n"
    (unit,) = parse(source, Path("a.org")).units
    assert unit.text == "As shown in ZXQ1Q, see ZXQ2Q too."
    assert translated(tmp_path, source, upper) == (
        "AS SHOWN IN [cite:@knuth1984 p. 3], SEE [cite/t:@doe2020;@roe2021] TOO.\n"
    )


def test_a_links_description_that_is_code_is_one_placeholder(tmp_path: Path) -> None:
    # (Doom's READMEs: key sequences and package names as links; Org's own help: links)
    source = (
        "Press [[kbd:][C-c C-c]] to run, see [[doom-package:][evil]] and "
        "[[help:org-agenda][org-agenda]].\n"
    )
    (unit,) = parse(source, Path("a.org")).units
    assert unit.text == "Press ZXQ1Q to run, see ZXQ2Q and ZXQ3Q."
    assert unit.fields == ("C-c C-c", "evil", "org-agenda")
    assert translated(tmp_path, source, upper) == (
        "PRESS [[kbd:][C-c C-c]] TO RUN, SEE [[doom-package:][evil]] AND "
        "[[help:org-agenda][org-agenda]].\n"
    )
    # (a link to a page, or a help: link of words, keeps its words translated)
    (unit,) = parse("See [[https://orgmode.org][the site]].\n", Path("a.org")).units
    assert unit.text == "See ZXQ1Qthe siteZXQ2Q."
    (unit,) = parse("Open [[help:org-agenda][the agenda]].\n", Path("a.org")).units
    assert unit.text == "Open ZXQ1Qthe agendaZXQ2Q."


def test_a_table_with_links_is_aligned_as_emacs_shows_them(tmp_path: Path) -> None:
    # (Doom's READMEs: key bindings as links in a table Emacs aligned, their brackets hidden;
    # aligning this output again in Emacs changes nothing)
    source = (
        "| Keybind                  | Description     |\n"
        "|--------------------------+-----------------|\n"
        "| [[kbd:][SPC p f]]        | Jump to file    |\n"
        "| [[https://orgmode.org]]  | The [[x][site]] |\n"
    )
    german = {
        "Description": "Beschreibung",
        "Jump to file": "Zur Datei",
        "The ZXQ1QsiteZXQ2Q": "Die ZXQ1QSeiteZXQ2Q",
    }
    assert translated(tmp_path, source, german) == (
        "| Keybind             | Beschreibung |\n"
        "|---------------------+--------------|\n"
        "| [[kbd:][SPC p f]]             | Zur Datei    |\n"
        "| [[https://orgmode.org]] | Die [[x][Seite]]    |\n"
    )


def test_a_link_by_words_to_a_headline_names_the_translated_title(tmp_path: Path) -> None:
    # (Doom's and ox-hugo's docs link sections so; Emacs's export of the translation failed,
    # "Unable to resolve link: \"Getting started\"". A target of those words is the link's.)
    source = (
        "* Getting started\nSee [[Getting started]] or [[Getting started][the start]].\n"
        "* Setup\nRead [[Setup]] first.\n\n#+NAME: Setup\n| a |\n"
    )
    german = {
        "Getting started": "Erste Schritte",
        "See ZXQ1Q or ZXQ2Qthe startZXQ3Q.": "Siehe ZXQ1Q oder ZXQ2Qden AnfangZXQ3Q.",
        "Setup": "Einrichtung",
    }
    assert translated(tmp_path, source, german) == (
        "* Erste Schritte\nSiehe [[Erste Schritte]] oder [[Erste Schritte][den Anfang]].\n"
        "* Einrichtung\nRead [[Setup]] first.\n\n#+NAME: Setup\n| a |\n"
    )


def test_an_images_alt_text_and_title_are_translated_its_other_attributes_kept(
    tmp_path: Path,
) -> None:
    # (as the Org manual writes an image's HTML attributes)
    source = (
        "#+CAPTION: The main window\n"
        '#+ATTR_HTML: :alt A screenshot of the window :width 300 :title "Main window"\n'
        "#+ATTR_ORG: :width 100\n[[./main.png]]\n"
    )
    units = [u.text for u in parse(source, Path("a.org")).units]
    assert units == ["The main window", "A screenshot of the window", "Main window"]
    assert translated(tmp_path, source, upper) == (
        "#+CAPTION: THE MAIN WINDOW\n"
        '#+ATTR_HTML: :alt A SCREENSHOT OF THE WINDOW :width 300 :title "MAIN WINDOW"\n'
        "#+ATTR_ORG: :width 100\n[[./main.png]]\n"
    )
    both = translated(tmp_path, "#+ATTR_HTML: :alt A screenshot :width 300\n", upper, True)
    assert both == "#+ATTR_HTML: :alt A screenshot / A SCREENSHOT :width 300\n"


def test_todo_keywords_of_doom_and_of_a_setup_file_are_kept(tmp_path: Path) -> None:
    # (Doom's default org-todo-keywords and its checkbox ones; a shared setup file, as
    # org-html-themes' users write #+SETUPFILE:; an address is not fetched, and a file
    # outside the folder is not read)
    (tmp_path / "notes" / "setup").mkdir(parents=True)
    (tmp_path / "notes" / "setup" / "todo.setup").write_text("#+TODO: REVIEW | PUBLISHED\n")
    (tmp_path / "outside.setup").write_text("#+TODO: FIX\n")
    source = (
        "#+SETUPFILE: setup/todo.setup\n#+SETUPFILE: https://example.com/theme.setup\n"
        "#+SETUPFILE: ../outside.setup\n#+SETUPFILE: missing.setup\n"
        "* STRT Write the report :work:\n* [ ] Buy milk\n* REVIEW Draft\n* PUBLISHED Post\n"
        "* FIX Bug\n"
    )
    written = translated(tmp_path / "notes", source, lambda ts: [f"de {t}" for t in ts])
    assert written.split("* ", 1)[1] == (
        "STRT de Write the report :work:\n* [ ] de Buy milk\n* REVIEW de Draft\n"
        "* PUBLISHED de Post\n* de FIX Bug\n"
    )
    (note,) = load_document(tmp_path / "notes" / "notes.org")[0].notes
    assert note.message_id == "document.org_setupfile"
    assert note.params == {
        "files": "https://example.com/theme.setup, ../outside.setup, missing.setup"
    }


def test_a_setup_file_that_is_a_pipe_is_not_waited_on(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.setup")
    document = parse("#+SETUPFILE: pipe.setup\n* PLAN Write\n", tmp_path / "notes.org")
    assert [u.text for u in document.units] == ["PLAN Write"]
    assert document.notes[0].params == {"files": "pipe.setup"}


def test_a_setup_file_whose_name_cannot_be_resolved_is_noted_not_refused(
    tmp_path: Path,
) -> None:
    # (a name longer than the system allows and a loop of links: the file is fine, only its
    # setup file is not read)
    (tmp_path / "loop1").symlink_to("loop2")
    (tmp_path / "loop2").symlink_to("loop1")
    long = "a" * 300
    document = parse(
        f"#+SETUPFILE: {long}\n#+SETUPFILE: loop1\n* TODO Write the report\nSome text.\n",
        tmp_path / "notes.org",
    )
    assert [u.text for u in document.units] == ["Write the report", "Some text."]
    assert document.notes[0].message_id == "document.org_setupfile"
    assert document.notes[0].params == {"files": f"{long}, loop1"}


@pytest.mark.parametrize(
    ("opening", "count"),
    [
        (" *a", 40_000),
        (" /a", 40_000),
        ("{{", 60_000),
        ("[[a][", 50_000),
        ("src_a{", 50_000),
        ("\\(", 100_000),
        ("\\[", 100_000),
        ("[2020-01-01 ", 25_000),
        ("[fn::[", 200_000),
    ],
)
def test_one_long_line_of_openings_that_close_nowhere_is_read_in_linear_time(
    opening: str, count: int
) -> None:
    """Each opening once looked for its closing mark to the end of the line (of the
    paragraph, for a link's description): 120,000 to 300,000 characters of them took minutes
    (the code review measured 24 s for 50,000 of " *a", growing fourfold for twice as many;
    an inline footnote's, 3.8 s for 200,000, so 1,200,000 here); read in linear time they take
    well under a second, all plain text."""
    source = "Some words " + opening * count
    assert [u.text for u in parse(source, Path("x.org")).units] == [source]


def test_a_zero_width_space_in_a_cell_takes_no_column(tmp_path: Path) -> None:
    # (Spacemacs' DOCUMENTATION.org sets ~code~ apart so, ~SPC x a ​,​~; Emacs aligned the
    # table counting it none, and aligning this output again in Emacs changes nothing)
    source = "| ~SPC x a \u200b,\u200b~ | align at , |\n| ~SPC x .~       | drag      |\n"
    assert translated(tmp_path, source, {"drag": "ziehen"}) == (
        "| ~SPC x a \u200b,\u200b~ | align at , |\n| ~SPC x .~   | ziehen     |\n"
    )


def test_a_file_of_settings_alone_is_copied_as_it_is_and_said(tmp_path: Path) -> None:
    # (a #+SETUPFILE: target; org-roam's daily note as it creates one: an ID and a title of
    # digits; a folder's run, --mirror's too, goes through whole)
    setup = "#+TODO: PLAN DOING | SHIPPED\n#+STARTUP: overview\n"
    daily = (
        ":PROPERTIES:\n:ID:       75200446-930f-4ce5-9b05-1aa574aa2a95\n:END:\n"
        "#+title: 2025-11-11\n"
    )
    for text in (setup, daily):
        assert translated(tmp_path, text, lambda ts: [f"de {t}" for t in ts]) == text
        # (first, before the IDs': what the app's queue row says of the file)
        note = load_document(tmp_path / "notes.org")[0].notes[0]
        assert note.message_id == "document.no_text_copied"
        assert note.params == {"name": "notes.org"}


def test_a_translation_that_begins_with_stars_or_a_bullet_stays_a_paragraph(
    tmp_path: Path,
) -> None:
    # (Japanese notes: ※ and 一、 come back as a headline's stars and a list's number; a zero-
    # width space before them is the Org manual's escape, and Emacs reads each a paragraph)
    source = "* メモ\n※この設定は再起動後に有効になります。\n\n一、インストール方法。\n\n- 項目\n"
    english = {
        "※この設定は再起動後に有効になります。": "* This setting takes effect after a restart.",
        "一、インストール方法。": "1. How to install.",
        "項目": "- An item",
    }
    written = translated(tmp_path, source, english)
    assert written == (
        "* メモ\n\u200b* This setting takes effect after a restart.\n\n"
        "\u200b1. How to install.\n\n- \u200b- An item\n"
    )
    assert [n.heading for n in orgparse.loads(written)[1:]] == ["メモ"]


def test_a_variation_selector_takes_no_column_in_a_table_or_before_tags(tmp_path: Path) -> None:
    # (status tables of ⚠️ and 🏷️, whose U+FE0F docutils counts one and Emacs's string-width
    # none; the source as Emacs aligned it, and aligning this output again changes nothing)
    source = (
        "| Icon | Meaning |\n|------+---------|\n| ⚠️    | Warning |\n| ✅   | Done    |\n"
        "| 🏷️ℹ︎   | A label |\n\n* Fix the ⚠️ sign" + " " * 55 + ":work:\n"
    )
    german = {
        "Warning": "Warnzeichen",
        "Done": "Erledigt",
        "A label": "Ein Etikett",
        "Fix the ⚠️ sign": "Das ⚠️ Zeichen reparieren",
    }
    assert translated(tmp_path, source, german) == (
        "| Icon | Meaning     |\n|------+-------------|\n| ⚠️    | Warnzeichen |\n"
        "| ✅   | Erledigt    |\n| 🏷️ℹ︎   | Ein Etikett |\n\n"
        "* Das ⚠️ Zeichen reparieren" + " " * 45 + ":work:\n"
    )


def test_a_subtrees_export_title_and_description_are_translated(tmp_path: Path) -> None:
    # (an ox-hugo post, as its all-posts.org writes them; Org's subtree export reads
    # EXPORT_TITLE too)
    source = (
        "#+hugo_base_dir: ../\n* My first post\n:PROPERTIES:\n:EXPORT_FILE_NAME: first-post\n"
        ":EXPORT_TITLE: A friendlier title\n:export_description: A short summary.  \n"
        ":EXPORT_HUGO_TAGS: emacs org\n:END:\nBody text.\n"
    )
    written = translated(tmp_path, source, lambda ts: [f"de {t}" for t in ts])
    assert written == (
        "#+hugo_base_dir: ../\n* de My first post\n:PROPERTIES:\n:EXPORT_FILE_NAME: first-post\n"
        ":EXPORT_TITLE: de A friendlier title\n:export_description: de A short summary.  \n"
        ":EXPORT_HUGO_TAGS: emacs org\n:END:\nde Body text.\n"
    )
    both = translated(tmp_path, source, lambda ts: [f"de {t}" for t in ts], bilingual=True)
    assert ":EXPORT_TITLE: A friendlier title / de A friendlier title\n" in both


def test_a_translation_that_keeps_org_roams_ids_says_so(tmp_path: Path) -> None:
    # (an org-roam note: its file's node and a headline's; written beside it, org-id's
    # org-id-update-id-locations found each twice, and org-roam's database refused them)
    source = (
        ":PROPERTIES:\n:ID:       7c1d2e3f-0a4b-4c5d-8e9f-102132435465\n:END:\n"
        "#+title: Roam note\n\n* Section\n:PROPERTIES:\n:id: 2a3f9c1e\n:ROAM_ALIASES: Part\n"
        ":END:\nText.\n"
    )
    (note,) = parse(source, Path("roam.org")).notes
    assert note.message_id == "document.org_ids" and note.params == {"count": 2}
    assert parse("* Section\n:PROPERTIES:\n:CUSTOM_ID: s\n:END:\n", Path("a.org")).notes == ()


def test_a_bilingual_copy_defines_no_footnote_or_target_again(tmp_path: Path) -> None:
    # (Org keeps a footnote name's first definition: the copy's translated note was never
    # exported; a target twice is two targets of one name)
    source = (
        "A <<anchor>> target, a <<<radio word>>> and a note[fn:side: An inline note.] here.\n\n"
        "Jump to [[anchor]].\n"
    )
    german = {
        "A ZXQ1Q target, a ZXQ2Q and a noteZXQ3Q An inline note.ZXQ4Q here.": (
            "Ein ZXQ1Q Ziel, ein ZXQ2Q und eine NotizZXQ3QEine Notiz.ZXQ4Q hier."
        ),
        "Jump to ZXQ1Q.": "Springe zu ZXQ1Q.",
    }
    assert translated(tmp_path, source, german, bilingual=True) == (
        f"{source.split(chr(10))[0]}\n\n"
        "Ein Ziel, ein radio word und eine Notiz[fn::Eine Notiz.] hier.\n\n"
        "Jump to [[anchor]].\n\nSpringe zu [[anchor]].\n"
    )
