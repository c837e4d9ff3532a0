"""LaTeX files as their producers wrote them (tests/data/tex/: pandoc's standalone output, an
article and a Beamer deck typed as people type them, lecture notes in Latin-1, LyX's export;
see tools/make_tex_fixtures.py). Outputs are parsed back with pylatexenc, compared byte for
byte outside the translated text, and compiled with pdflatex where it is installed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from pylatexenc import latexwalker

from engine.cli.main import main
from engine.documents import Document, DocumentError, open_document
from engine.engine import Engine
from engine.options import EngineOptions
from engine.text.encoding import EncodedText
from tests.fixtures.builder import exported
from tests.fixtures.documents import language

DATA = Path(__file__).parent / "data" / "tex"
FIXTURES = ["article.tex", "beamer.tex", "lecture-latin1.tex", "lyx.tex", "pandoc.tex"]


GERMAN = language("de")


def marked(document: Document) -> list[str]:
    """A stand-in translation: each unit's text in «», with LaTeX's special characters a
    model may write (a percent sign would comment out the rest of the line)."""
    return [f"«{u.text}» 50% & #1" for u in document.units]


def test_an_article_sends_its_words_and_keeps_its_math_citations_and_code() -> None:
    document = open_document(DATA / "article.tex")
    texts = [u.text for u in document.units]
    assert texts[0] == "A Short Study of Heat Transport in Thin Films"  # \title
    assert "Introduction" in texts and "Contributions" in texts and "Acknowledgements" in texts
    assert "All values are given at room temperature." in texts  # the footnote, apart
    assert "The measurement setup." in texts  # the caption
    devices = next(u for u in document.units if u.text.startswith("Thin films"))
    # (what a reader sees of each: a citation no words, math as written)
    assert devices.fields[:3] == ("", "$\\kappa$", "$d$")
    assert "cite" not in devices.text
    assert "TODO" not in devices.text  # (a comment is no text, kept as it is)
    effective = next(u for u in document.units if "effective" in u.text)
    assert effective.text.startswith("The ZXQ1QeffectiveZXQ2Q conductivity")
    assert "our repository" in " ".join(texts)  # \href's text; its address kept
    whole = "\n".join(texts)
    for kept in ("Ada Example", "for sample in", "Sample &", "Thin Films}", "mathbb", "setup.pdf"):
        assert kept not in whole


def test_the_output_keeps_every_byte_outside_the_text_and_names_the_target() -> None:
    source = (DATA / "article.tex").read_text("utf-8")
    document = open_document(DATA / "article.tex")
    written = document.write(marked(document), language=GERMAN).decode("utf-8")
    assert "\\usepackage[ngerman]{babel}" in written
    assert "\\section{«Introduction» 50\\% \\& \\#1}\\label{sec:intro}" in written
    start = source.index("\\begin{equation}")
    equation = source[start : source.index("\\end{equation}") + 14]
    assert equation in written
    verbatim = source[source.index("\\begin{verbatim}") : source.index("\\end{verbatim}")]
    assert verbatim in written
    table = source[source.index("\\begin{tabular}") : source.index("\\end{tabular}")]
    assert table in written
    assert "% TODO: cite the older work too\n" in written
    assert "«an open implementation, described in \\href{https://example.org/code}{our" in written
    assert "devices~\\cite{smith2020,doe2019}" in written  # the no-break space is a ~ again
    # An untranslated document is the file as it was.
    unchanged = document.write([u.text for u in document.units])
    assert bytes(unchanged) == (DATA / "article.tex").read_bytes()


def test_a_translation_that_loses_a_placeholder_keeps_the_math_where_it_was() -> None:
    document = open_document(DATA / "beamer.tex")
    n = next(i for i, u in enumerate(document.units) if u.text.startswith("A graph"))
    translations = [u.text for u in document.units]
    translations[n] = "Ein Graph hat Knoten und Kanten."  # (the model dropped ZXQ1Q)
    written = document.write(translations).decode("utf-8")
    # (the words spread over the text around it, in proportion)
    assert "\\item Ein $G = (V, E)$ Graph hat Knoten und Kanten.\n" in written


@pytest.mark.parametrize("name", FIXTURES)
def test_each_producers_output_translates_into_latex_that_parses(name: str) -> None:
    document = open_document(DATA / name)
    assert document.units
    written = document.write(marked(document), language=GERMAN)
    assert isinstance(written, EncodedText)
    text = written.decode(written.encoding)
    walker = latexwalker.LatexWalker(text, tolerant_parsing=False)
    walker.get_latex_nodes()  # (raises where a brace or an environment lost its pair)
    assert text.count("«") == len(document.units)


def test_beamer_frames_give_their_titles_and_lyx_and_pandoc_name_the_target() -> None:
    beamer = open_document(DATA / "beamer.tex")
    assert [u.text for u in beamer.units[:3]] == [
        "Short talk",
        "A Short Talk on Graphs",
        "Motivation",
    ]
    assert "An algorithm" in [u.text for u in beamer.units]
    assert all("queue" not in u.text for u in beamer.units)
    lyx = open_document(DATA / "lyx.tex")  # babel takes its language from the class
    written = lyx.write(marked(lyx), language=GERMAN).decode("utf-8")
    assert written.startswith("%% LyX") and "\\documentclass[ngerman]{article}" in written
    pandoc = open_document(DATA / "pandoc.tex")
    assert "Introduction" in [u.text for u in pandoc.units]  # (inside \hypertarget)
    written = pandoc.write(marked(pandoc), language=GERMAN).decode("utf-8")
    assert "\\babelprovide[main,import]{ngerman}" in written


def test_a_latin1_file_is_written_in_latin1_unless_the_translation_needs_more() -> None:
    document = open_document(DATA / "lecture-latin1.tex")
    assert "The rôle of the résumé" in document.units[1].text
    assert "naïve model and the café" in document.units[1].text  # (\"i and \'e read)
    written = document.write(marked(document), language=GERMAN)
    assert isinstance(written, EncodedText) and written.encoding != "utf-8"
    assert "\\usepackage[german,ngerman]{babel}" in written.decode("latin-1")
    russian = [f"{u.text} Привет" for u in document.units]
    written = document.write(russian)
    assert (
        isinstance(written, EncodedText)
        and written.fallback
        and "\\usepackage[utf8]{inputenc}" in written.decode("utf-8")
    )


def test_a_target_babel_does_not_know_is_said(tmp_path: Path) -> None:
    document = open_document(DATA / "article.tex")
    document.check_target(language("zh"))
    assert [n.message_id for n in document.notes] == ["document.tex_no_babel"]
    written = document.write(marked(document), language=language("zh")).decode("utf-8")
    assert "\\usepackage[english]{babel}" in written


def test_a_damaged_file_is_refused_naming_its_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.tex"
    path.write_text("\\begin{document}\nText \\emph{open\n\n\\end{document}\n", "utf-8")
    with pytest.raises(DocumentError) as caught:
        open_document(path)
    assert caught.value.message_id == "document.bad_tex" and caught.value.path == path


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed")
@pytest.mark.parametrize("name", ["article.tex", "lecture-latin1.tex", "lyx.tex", "pandoc.tex"])
def test_the_output_compiles(tmp_path: Path, name: str) -> None:
    document = open_document(DATA / name)
    (tmp_path / name).write_bytes(document.write(marked(document), language=GERMAN))
    figure = tmp_path / "setup.tex"  # (the article's figure, a page of its own)
    figure.write_text("\\documentclass{article}\\begin{document}x\\end{document}\n", "utf-8")
    subprocess.run(["pdflatex", "setup.tex"], cwd=tmp_path, check=True, capture_output=True)
    subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", name],
        cwd=tmp_path, check=True, capture_output=True, timeout=120,
    )  # fmt: skip


def test_quire_translate_writes_a_tex_file(
    quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Engine(EngineOptions(home=quire_home)).import_model(exported("marian"), "opus-mt-en-de")
    source = tmp_path / "paper.tex"
    source.write_bytes((DATA / "article.tex").read_bytes())
    code = main(["translate", "--from", "en", "--to", "de", str(source)])
    _out, err = capsys.readouterr()
    assert code == 0, err
    written = (tmp_path / "paper.de.tex").read_text("utf-8")
    assert "\\usepackage[ngerman]{babel}" in written
    assert "\\cite{smith2020,doe2019}" in written and "\\label{eq:keff}" in written
    latexwalker.LatexWalker(written, tolerant_parsing=False).get_latex_nodes()


def written_tex(tmp_path: Path, source: str, name: str = "paper.tex") -> Path:
    path = tmp_path / name
    path.write_text(source, "utf-8")
    return path


def upper(document: Document) -> list[str]:
    """A stand-in translation that keeps every placeholder, the words changed."""
    return [f"Übersetzt {u.text.upper()}" for u in document.units]


def reparsed(written: bytes) -> str:
    text = written.decode(getattr(written, "encoding", "utf-8"))
    latexwalker.LatexWalker(text, tolerant_parsing=False).get_latex_nodes()
    return text


def test_shortcuts_defined_in_the_preamble_and_a_hidden_draft_do_not_refuse_the_file(
    tmp_path: Path,
) -> None:
    # (as physicists type equations; a note environment; a draft hidden with \iffalse)
    path = written_tex(
        tmp_path,
        "\\documentclass{article}\n"
        "\\def\\be{\\begin{equation}}\n"
        "\\def\\ee{\\end{equation}}\n"
        "\\newcommand{\\bi}{\\begin{itemize}}\n"
        "\\newenvironment{note}{\\begin{center}\\itshape}{\\end{center}}\n"
        "\\begin{document}\n"
        "Energy is conserved.\n"
        "\\be E = mc^2 \\ee\n"
        "\\begin{note}A small note.\\end{note}\n"
        "\\iffalse\n"
        "Old draft paragraph that the author hid. \\begin{itemize}\n"
        "\\fi\n"
        "Final text.\n"
        "\\end{document}\n",
    )
    document = open_document(path)
    texts = [u.text for u in document.units]
    assert texts[0] == "Energy is conserved. ZXQ1Q"  # (the equation a field, as $…$ is)
    assert "A small note." in texts
    assert all("mc" not in t and "draft" not in t for t in texts)
    written = document.write(upper(document)).decode("utf-8")
    assert "\\be E = mc^2 \\ee" in written
    assert "\\iffalse\nOld draft paragraph that the author hid. \\begin{itemize}\n\\fi" in written


def test_a_body_that_does_not_parse_is_refused_without_saying_it_does_not_compile(
    tmp_path: Path,
) -> None:
    path = written_tex(
        tmp_path, "\\documentclass{article}\n\\begin{document}\nText }\n\\end{document}\n"
    )
    with pytest.raises(DocumentError) as caught:
        open_document(path)
    # (the hint quotes the line, for the user to find what the parser stopped at)
    assert caught.value.params == {"line": 3, "found": "Text }"}
    assert "Check that it compiles" not in (caught.value.hint or "")


def test_a_hidden_draft_stays_hidden_when_the_model_drops_its_placeholder(
    tmp_path: Path,
) -> None:
    path = written_tex(
        tmp_path,
        "\\documentclass{article}\n\\begin{document}\n"
        "The results are shown below and they are good.\n"
        "\\iffalse\nThis old sentence was hidden by the author.\n\\fi\n"
        "Final visible sentence of the paragraph.\n"
        "\\end{document}\n",
    )
    document = open_document(path)
    assert [u.text for u in document.units] == [
        "The results are shown below and they are good. ZXQ1Q Final visible sentence of the "
        "paragraph."
    ]
    written = document.write(["Die Ergebnisse sind gut. Letzter sichtbarer Satz."])
    text = written.decode("utf-8")
    hidden = text[text.index("\\iffalse") : text.index("\\fi") + 3]
    assert hidden == "\\iffalse\nThis old sentence was hidden by the author.\n\\fi"


def test_an_ascii_file_that_declares_latin1_is_written_in_latin1(tmp_path: Path) -> None:
    path = written_tex(
        tmp_path,
        "\\documentclass{article}\n\\usepackage[latin1]{inputenc}\n\\usepackage[T1]{fontenc}\n"
        "\\begin{document}\nEnergy is conserved.\n\\end{document}\n",
    )
    document = open_document(path)
    written = document.write(["Die Energie wird erhalten, Größe."])
    assert isinstance(written, EncodedText) and not written.fallback
    text = written.decode("latin-1")  # (UTF-8 would read "GrÃ¶ÃŸe")
    assert "Größe." in text and "\\usepackage[latin1]{inputenc}" in text


def test_straight_quotes_in_a_translation_stay_quotes_when_babel_speaks_german(
    tmp_path: Path,
) -> None:
    path = written_tex(
        tmp_path,
        "\\documentclass{article}\n\\usepackage[T1]{fontenc}\n\\usepackage[english]{babel}\n"
        "\\begin{document}\nHe said hello and goodbye.\n\\end{document}\n",
    )
    document = open_document(path)
    written = document.write(['Er sagte "alle" und 50" Bildschirm.'], language=GERMAN)
    text = written.decode("utf-8")
    assert "\\usepackage[ngerman]{babel}" in text  # (where " begins a shorthand: "a is ä)
    assert 'Er sagte \\string"alle\\string" und 50\\string" Bildschirm.' in text


def test_an_environments_arguments_are_kept_and_its_words_translated(tmp_path: Path) -> None:
    path = written_tex(
        tmp_path,
        "\\documentclass{journal}\n\\usepackage{multicol,wrapfig}\n\\begin{document}\n"
        "\\begin{minipage}{0.45\\textwidth}\nLeft column text.\n\\end{minipage}\n"
        "\\begin{multicols}{2}\nTwo column text here.\n\\end{multicols}\n"
        "\\begin{wrapfigure}{r}{0.3\\textwidth}\n\\centering\n\\caption{A wrapped figure.}\n"
        "\\end{wrapfigure}\n"
        "\\begin{IEEEbiography}[{\\includegraphics[width=1in]{photo}}]{Ada Example}\n"
        "Biography text here.\n\\end{IEEEbiography}\n"
        "\\begin{sidebar}{Ada Example}[left]\nSidebar words.\n\\end{sidebar}\n"
        "\\begin{center}\n{\\Large Big title words}\n\\end{center}\n"
        "\\end{document}\n",
    )
    document = open_document(path)
    texts = [u.text for u in document.units]
    assert texts == [
        "Left column text.",
        "Two column text here.",
        "A wrapped figure.",
        "Biography text here.",
        "Sidebar words.",
        "ZXQ1QBig title wordsZXQ2Q",
    ]
    text = reparsed(document.write(upper(document)))
    assert "\\begin{minipage}{0.45\\textwidth}\nÜbersetzt LEFT COLUMN TEXT.\n" in text
    assert "\\begin{wrapfigure}{r}{0.3\\textwidth}\n" in text
    assert "{photo}}]{Ada Example}\nÜbersetzt BIOGRAPHY" in text
    assert "\\begin{sidebar}{Ada Example}[left]\nÜbersetzt SIDEBAR" in text


def test_front_matter_options_and_addresses_are_not_sent(tmp_path: Path) -> None:
    path = written_tex(
        tmp_path,
        "\\documentclass[preprint,12pt]{elsarticle}\n\\begin{document}\n\\begin{frontmatter}\n"
        "\\title [mode = title]{A study of things}\n"
        "\\author[label1]{Jane Doe}\n"
        "\\affiliation[label1]{organization={University of Somewhere},\n"
        "            city={Springfield},\n            country={USA}}\n"
        "\\begin{abstract}\nWe study things.\n\\end{abstract}\n\\end{frontmatter}\n"
        "\\end{document}\n",
    )
    document = open_document(path)
    assert [u.text for u in document.units] == ["A study of things", "We study things."]


def test_beamer_overlays_and_inline_tikz_stay_with_their_commands(tmp_path: Path) -> None:
    path = written_tex(
        tmp_path,
        "\\documentclass{beamer}\n\\usepackage{tikz}\n\\begin{document}\n"
        "\\begin{frame}{Overlays}\n"
        "Partial order: \\tikz[baseline] \\draw[thick,-stealth'] (0pt,.5ex) -- (5mm,.5ex); "
        "of the sites.\n"
        "\\begin{itemize}\n\\item<2-> Second point\n\\item<alert@1> The haplotypes\n"
        "\\end{itemize}\n"
        "Shown \\only<2>{only on slide two} and \\alert<3>{later} here.\n"
        "\\end{frame}\n\\end{document}\n",
    )
    document = open_document(path)
    texts = [u.text for u in document.units]
    assert texts == [
        "Overlays",
        "Partial order: ZXQ1Q of the sites.",
        "Second point",
        "The haplotypes",
        "Shown ZXQ1Qonly on slide twoZXQ2Q and ZXQ3QlaterZXQ4Q here.",
    ]
    text = reparsed(document.write(upper(document)))
    assert "\\tikz[baseline] \\draw[thick,-stealth'] (0pt,.5ex) -- (5mm,.5ex); " in text
    assert "\\item<2-> Übersetzt SECOND POINT" in text
    assert "\\only<2>{ONLY ON SLIDE TWO} AND \\alert<3>{LATER} HERE." in text


def test_the_words_inside_colour_and_quotation_commands_are_translated(tmp_path: Path) -> None:
    path = written_tex(
        tmp_path,
        "\\documentclass{article}\n\\usepackage{xcolor,csquotes}\n\\begin{document}\n"
        "See \\textcolor{red}{this important word} and \\enquote{quoted words} here.\n"
        "\\end{document}\n",
    )
    document = open_document(path)
    assert (
        document.units[0].text
        == "See ZXQ1Qthis important wordZXQ2Q and ZXQ3Qquoted wordsZXQ4Q here."
    )


def test_summaries_read_prose_not_comments_or_commands(tmp_path: Path) -> None:
    path = written_tex(
        tmp_path,
        "\\documentclass{article}\n\\begin{document}\n"
        "This demo uses \\cite{shell} the class % at least 2 lines\n"
        "% (should never be an issue)\n"
        "with $x^2$ terms. I wish you the best of success.\n\n"
        "\\hfill mds\n"
        "\\end{document}\n",
    )
    document = open_document(path)
    shown = [" ".join(u.shown.split()) for u in document.units]
    assert shown == [
        "This demo uses the class with $x^2$ terms. I wish you the best of success.",
        "mds",
    ]


def test_files_a_thesis_includes_are_named_in_a_note(tmp_path: Path) -> None:
    path = written_tex(
        tmp_path,
        "\\documentclass{report}\n\\begin{document}\n\\title{A Thesis}\\maketitle\n"
        "\\include{chap1}\n\\input{chap2}\n\\end{document}\n",
    )
    document = open_document(path)
    assert [(n.message_id, dict(n.params)) for n in document.notes] == [
        ("document.tex_included", {"files": "chap1, chap2"})
    ]


def test_words_a_model_moves_after_a_command_do_not_join_its_name(tmp_path: Path) -> None:
    path = written_tex(
        tmp_path,
        "\\documentclass{article}\n\\begin{document}\n"
        "This paper is typeset with \\LaTeX.\n\\end{document}\n",
    )
    document = open_document(path)
    assert document.units[0].text == "This paper is typeset with ZXQ1Q."
    text = reparsed(document.write(["ZXQ1Q hat dieses Papier gesetzt."]))
    assert "\\LaTeX{} hat dieses Papier gesetzt.\n" in text


def test_babels_german_shorthands_are_read_as_letters_and_still_work_where_kept(
    tmp_path: Path,
) -> None:
    # (as German authors type on an English keyboard)
    path = written_tex(
        tmp_path,
        "\\documentclass{article}\n\\usepackage[T1]{fontenc}\n\\usepackage[ngerman]{babel}\n"
        '\\begin{document}\n\\section{Einf"uhrung}\n'
        'Die Gr"o"se ist "`klein"\' und Kaffee"-t"ur.\n\n'
        '\\begin{tabular}{ll}\nL"ange & 3 \\\\\n\\end{tabular}\n\\end{document}\n',
    )
    document = open_document(path)
    assert [u.text for u in document.units] == [
        "Einführung",
        "Die Größe ist \u201eklein\u201c und Kaffeetür.",
    ]
    text = reparsed(document.write(upper(document), language=language("en")))
    # (English the main language, German's shorthands kept for the table's L"ange)
    assert (
        "\\usepackage[ngerman,english]{babel}"
        '\\addto\\extrasenglish{\\languageshorthands{ngerman}\\useshorthands*{"}}\n' in text
    )
    assert 'L"ange & 3' in text


def test_straight_quotes_the_file_keeps_stay_quotes_when_the_translation_speaks_german(
    tmp_path: Path,
) -> None:
    path = written_tex(
        tmp_path,
        "\\documentclass{article}\n\\usepackage[english]{babel}\n\\begin{document}\n"
        "The screen is large.\n\n"
        '\\begin{tabular}{ll}\nOption & "fast" mode, 50" screen \\\\\n\\end{tabular}\n'
        '\\fbox{label "A"}\n\\end{document}\n',
    )
    document = open_document(path)
    text = reparsed(document.write(upper(document), language=GERMAN))
    assert (
        '\\usepackage[ngerman]{babel}\\AtBeginDocument{\\ifbabelshorthand{"}{\\shorthandoff{"}}{}}'
        in text
    )
    assert 'Option & "fast" mode, 50" screen' in text
    # (one to French, whose babel has no such shorthand, is left as it was)
    text = reparsed(document.write(upper(document), language=language("fr")))
    assert "\\usepackage[french]{babel}\n" in text


def test_tables_of_packages_and_of_the_files_own_are_kept_whole(tmp_path: Path) -> None:
    path = written_tex(
        tmp_path,
        "\\documentclass{article}\n\\usepackage{tabularray}\n"
        "\\newenvironment{results}{\\begin{center}\\begin{tabular}{ll}}{\\end{tabular}"
        "\\end{center}}\n\\begin{document}\nResults are below.\n\n"
        "\\begin{tblr}{colspec={lll},hlines}\nSolvent & Yield & Time \\\\\n"
        "toluene & 45\\,\\% & 24 h \\\\\n\\end{tblr}\n"
        "\\begin{results}\nWater & Boils \\\\\n\\end{results}\n"
        "\\begin{tabbing}\nXXX \\= \\kill\n$J$ \\> Jacobian matrix \\\\\n\\end{tabbing}\n"
        "\\end{document}\n",
    )
    document = open_document(path)
    assert [u.text for u in document.units] == ["Results are below."]


def test_a_main_file_of_includes_alone_is_copied_with_its_note(tmp_path: Path) -> None:
    path = written_tex(
        tmp_path,
        "\\documentclass{report}\n\\usepackage[english]{babel}\n\\begin{document}\n"
        "\\include{chapters/intro}\n\\include{chapters/method}\n\\end{document}\n",
        name="main.tex",
    )
    document = open_document(path)
    assert document.copied_without_text
    assert [n.message_id for n in document.notes] == ["document.tex_included"]
    text = reparsed(document.write([], language=GERMAN))
    assert "\\usepackage[ngerman]{babel}" in text and "\\include{chapters/intro}" in text


def test_code_environments_the_preamble_defines_are_kept_whole(tmp_path: Path) -> None:
    path = written_tex(
        tmp_path,
        "\\documentclass{article}\n\\usepackage{listings,fancyvrb,minted,tcolorbox}\n"
        "\\tcbuselibrary{listings}\n"
        "\\lstnewenvironment{code}[1][]{\\lstset{language=C,#1}}{}\n"
        "\\DefineVerbatimEnvironment{shell}{Verbatim}{frame=single}\n"
        "\\newminted{python}{linenos}\n"
        "\\newtcblisting{asm}{listing only}\n"
        "\\begin{document}\nThe loop is shown below.\n"
        "\\begin{code}\nfor (i = 0; i < n; i++) { total += i; } // sum up\n\\end{code}\n"
        "\\begin{shell}\n$ echo } done\n\\end{shell}\n"
        "\\begin{pythoncode}\nprint('Hello world')\n\\end{pythoncode}\n"
        "\\begin{asm}\nmov eax, 1 ; Exit here\n\\end{asm}\n"
        "It ends here.\n\\end{document}\n",
    )
    document = open_document(path)
    assert [u.text for u in document.units] == ["The loop is shown below.", "It ends here."]


def test_an_exams_questions_parts_and_choices_end_their_text_and_keep_their_points(
    tmp_path: Path,
) -> None:
    path = written_tex(
        tmp_path,
        "\\documentclass[addpoints]{exam}\n\\begin{document}\n\\begin{questions}\n"
        "\\question[10] Explain why the sky is blue.\n"
        "\\question Which planet is largest?\n"
        "\\begin{choices}\n\\choice Mars\n\\CorrectChoice Jupiter\n\\end{choices}\n"
        "\\question\n\\begin{parts}\n\\part[2] Define a group.\n\\part Give an example.\n"
        "\\end{parts}\n\\end{questions}\n\\end{document}\n",
    )
    document = open_document(path)
    assert [u.text for u in document.units] == [
        "Explain why the sky is blue.",
        "Which planet is largest?",
        "Mars",
        "Jupiter",
        "Define a group.",
        "Give an example.",
    ]
    text = reparsed(document.write(upper(document)))
    assert "\\question[10] Übersetzt EXPLAIN" in text and "\\part[2] Übersetzt DEFINE" in text
    assert "\\CorrectChoice Übersetzt JUPITER\n" in text


def test_string_short_verbatim_and_column_types_in_the_body_are_read_as_latex_reads_them(
    tmp_path: Path,
) -> None:
    # (AASTeX's sample, a package's guide typed with ltxdoc, ASME's template)
    path = written_tex(
        tmp_path,
        "\\documentclass{ltxdoc}\n\\MakeShortVerb{\\|}\n\\begin{document}\n"
        "Wide figures use {\\tt\\string\\begin\\{figure*\\}} in two-column mode.\n\n"
        "Write |\\begin{psfrags}| before the figure.\n\n"
        "The text {\\tt\\string<text>} is bold.\n\n"
        "\\newcolumntype{C}{>{$}c<{$}}\nThe last paragraph.\n\\end{document}\n",
    )
    document = open_document(path)
    assert [u.text for u in document.units] == [
        "Wide figures use ZXQ1QZXQ2Q{figure*}ZXQ3Q in two-column mode.",
        "Write ZXQ1Q before the figure.",
        "The text ZXQ1QZXQ2Qtext>ZXQ3Q is bold.",  # (no Beamer overlay: \\string's <)
        "The last paragraph.",
    ]
    text = document.write(upper(document)).decode("utf-8")
    assert "{\\tt\\string\\begin\\{FIGURE*\\}} IN TWO-COLUMN MODE." in text
    assert "Übersetzt WRITE |\\begin{psfrags}| BEFORE" in text


def test_the_words_in_letters_cvs_and_common_wrappers_are_sent(tmp_path: Path) -> None:
    path = written_tex(
        tmp_path,
        "\\documentclass{scrlttr2}\n\\usepackage{hyperref,csquotes,todonotes,soul}\n"
        "\\begin{document}\n\\begin{letter}{John Smith\\\\ 1 Main Street}\n"
        "\\opening{Dear Mr Smith,}\nThank you for your letter.\n\n"
        "\\closing{Yours sincerely,}\n\\ps{PS: Please reply by Friday.}\n\\encl{Contract draft}\n"
        "\\end{letter}\n"
        "\\cventry{2010--2014}{Bachelor of Science}{University of Springfield}{}{}{}\n"
        "\\cvitem{English}{Mother tongue}\n\n"
        "Beta \\hyperref[sec:a]{the method section} and \\mbox{boxed words} end.\n"
        "Gamma \\textquote{quoted words} and \\parbox{3cm}{words in a parbox}.\n"
        "Zeta\\textsuperscript{superscript words} \\ul{underlined words}\\todo{fix this later}.\n"
        "\\end{document}\n",
    )
    document = open_document(path)
    assert [u.text for u in document.units] == [
        "Dear Mr Smith,",
        "Thank you for your letter.",
        "Yours sincerely,",
        "PS: Please reply by Friday.",
        "Contract draft",
        "Bachelor of Science",
        "University of Springfield",
        "English",
        "Mother tongue",
        "fix this later",  # (a note's words, before the sentence it stands in, as a footnote's)
        "Beta ZXQ1Qthe method sectionZXQ2Q and ZXQ3Qboxed wordsZXQ4Q end. Gamma ZXQ5Qquoted "
        "wordsZXQ6Q and ZXQ7Qwords in a parboxZXQ8Q. ZetaZXQ9Qsuperscript wordsZXQ10Q "
        "ZXQ11Qunderlined wordsZXQ12QZXQ13Q.",
    ]
    text = reparsed(document.write(upper(document)))
    assert "\\hyperref[sec:a]{THE METHOD SECTION}" in text
    assert "\\parbox{3cm}{WORDS IN A PARBOX}" in text


def test_summaries_read_no_labels_of_references_nor_comments_in_equations(
    tmp_path: Path,
) -> None:
    path = written_tex(
        tmp_path,
        "\\documentclass{article}\n\\begin{document}\n"
        "By Theorem~\\ref{th-weak} on page~\\pageref{th-weak} and "
        "\\eqref{eq:main} we have\n\\begin{equation}\nx = 1 % \\quad added for centering\n"
        "\\end{equation}\nas claimed.\n\\end{document}\n",
    )
    document = open_document(path)
    shown = " ".join(document.units[0].shown.split())
    assert shown == (
        "By Theorem on page and we have \\begin{equation} x = 1 \\end{equation} as claimed."
    )


def compiles(tmp_path: Path, text: str) -> None:
    """``text`` compiles with pdflatex, where it is installed (the suite's own compile test
    says where it is not)."""
    if shutil.which("pdflatex") is None:
        return
    out = tmp_path / "out"
    out.mkdir()
    (out / "paper.tex").write_text(text, "utf-8")
    run = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "paper.tex"]
    subprocess.run(run, cwd=out, check=True, capture_output=True)


def test_the_texts_switches_to_its_language_and_the_pdfs_name_the_translations(
    tmp_path: Path,
) -> None:
    """A paper that switches to its main language by name (as LyX and multilingual
    templates write it) was set in German with English hyphenation and "Figure", and its
    PDF said it was English to a screen reader."""
    path = written_tex(
        tmp_path,
        "\\documentclass{article}\n\\usepackage[british,english]{babel}\n"
        "\\usepackage[pdflang=en-US]{hyperref}\n\\hypersetup{pdflang={en}}\n"
        "\\begin{document}\n\\selectlanguage{english}\nRivers flow to the sea.\n\n"
        "\\begin{otherlanguage}{english}\nSaid in English.\n\\end{otherlanguage}\n\n"
        "A \\foreignlanguage{english}{word} and \\foreignlanguage{british}{colour}.\n\n"
        "% \\selectlanguage{english}\n\\selectlanguage{british}\nThe colour of the sea.\n"
        "\\end{document}\n",
    )
    document = open_document(path)
    text = reparsed(document.write(upper(document), language=GERMAN))
    assert "\\usepackage[british,ngerman]{babel}" in text
    assert "\\selectlanguage{ngerman}\nRIVERS" in text
    assert "\\begin{otherlanguage}{ngerman}\nÜbersetzt SAID" in text
    # (a placeholder, its word kept: still English)
    assert "\\foreignlanguage{english}{word}" in text
    assert "\\foreignlanguage{british}" in text and "\\selectlanguage{british}" in text
    assert "% \\selectlanguage{english}" in text  # (a comment, as it was)
    assert "[pdflang=de-DE]{hyperref}" in text and "\\hypersetup{pdflang={de}}" in text
    compiles(tmp_path, text)


def test_a_theorems_title_is_translated(tmp_path: Path) -> None:
    """``\\begin{theorem}[Main result]``: the title the PDF prints after "Theorem 1" stayed
    English (read as the environment's options)."""
    path = written_tex(
        tmp_path,
        "\\documentclass{article}\n\\usepackage{amsthm}\n"
        "\\newtheorem{theorem}{Theorem}\n\\newtheorem{lem}[theorem]{Lemma}\n"
        "% \\newtheorem{remark}{Remark}\n\\begin{document}\n"
        "\\begin{theorem}[Main result]\\label{t}\nEvery river flows to the sea.\n"
        "\\end{theorem}\n\\begin{lem}[Small step]\nWater flows down.\n\\end{lem}\n"
        "\\begin{proof}[Proof of Theorem~\\ref{t}]\nBy the lemma.\n\\end{proof}\n"
        "\\begin{theorem}\nNo title here.\n\\end{theorem}\n\\end{document}\n",
    )
    document = open_document(path)
    texts = [u.text for u in document.units]
    assert texts[:3] == ["Main result", "Every river flows to the sea.", "Small step"]
    assert "Proof of Theorem\xa0ZXQ1Q" in texts  # (~ a no-break space, the reference a field)
    text = reparsed(document.write(upper(document), language=GERMAN))
    assert "\\begin{theorem}[Übersetzt MAIN RESULT]\\label{t}" in text
    assert "\\begin{proof}[Übersetzt PROOF OF THEOREM~\\ref{t}]" in text
    compiles(tmp_path, text)


def test_a_koma_letters_subject_is_translated_and_its_addresses_kept(tmp_path: Path) -> None:
    path = written_tex(
        tmp_path,
        "\\documentclass[paper=a4]{scrlttr2}\n\\usepackage[english]{babel}\n"
        "\\setkomavar{fromname}{Jane Doe}\n"
        "\\setkomavar{fromaddress}{1 River Road\\\\ Springfield}\n"
        "\\setkomavar{subject}{Your order of 3 March}\n\\begin{document}\n"
        "\\begin{letter}{Acme Ltd.\\\\ 2 Sea Street}\n\\opening{Dear Sir or Madam,}\n"
        "The parcel arrived damaged.\n\\closing{Kind regards}\n\\end{letter}\n\\end{document}\n",
    )
    document = open_document(path)
    texts = [u.text for u in document.units]
    assert texts[0] == "Your order of 3 March"
    assert not any("Jane" in t or "River" in t or "Acme" in t for t in texts)
    text = reparsed(document.write(upper(document), language=GERMAN))
    assert "\\setkomavar{subject}{Übersetzt YOUR ORDER OF 3 MARCH}" in text
    assert "\\setkomavar{fromaddress}{1 River Road\\\\ Springfield}" in text
