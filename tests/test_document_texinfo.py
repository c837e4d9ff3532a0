"""Texinfo manuals: what is translated, what is kept, and that makeinfo builds the result."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from engine.documents.language import target_language
from engine.documents.registry import load_document

DATA = Path(__file__).parent / "data" / "texinfo"
FIELD = re.compile(r"ZXQ\d+Q")
MARK = "\u00a7"


def _marked(text: str) -> str:
    """A stand-in translation: every word of prose marked, placeholders as they were."""
    parts = FIELD.split(text)
    fields = FIELD.findall(text)
    out = [re.sub(r"(?<!\w)([A-Za-z][A-Za-z']*)", MARK + r"\1", p) for p in parts]
    return "".join(p + (fields[k] if k < len(fields) else "") for k, p in enumerate(out))


def _texi(tmp_path: Path, body: str, name: str = "manual.texi") -> Path:
    path = tmp_path / name
    path.write_text(body, "utf-8")
    return path


MANUAL = """\\input texinfo
@setfilename manual.info
@documentlanguage en
@settitle The Frob Manual

@copying
This manual is free; see the GNU Free Documentation License.
@end copying

@node Top
@top Frob

Frob reads @var{file} and writes @code{frob.out}.  See @ref{Options}.

@menu
* Options::     How to run it.
@end menu

@node Options
@chapter Running frob
@cindex options, of frob
@findex frob_main

You can @emph{always} type @kbd{C-c} to stop, or visit @uref{https://example.org, our site}.

@table @asis
@item Quiet mode
Nothing is printed.
@end table

@table @code
@item --quiet
Says nothing.
@end table

@itemize @bullet
@item First point
goes on here.
@end itemize

@example
frob --quiet file
@end example

@bye
"""


def test_a_texinfo_manual_is_read_by_each_of_its_suffixes(tmp_path: Path) -> None:
    for suffix in (".texi", ".texinfo", ".txi"):
        document, _ = load_document(_texi(tmp_path, MANUAL, "manual" + suffix))
        assert document.units


def test_prose_titles_and_items_are_units_node_names_code_and_licence_kept(
    tmp_path: Path,
) -> None:
    document, _ = load_document(_texi(tmp_path, MANUAL))
    texts = [u.text for u in document.units]
    assert "The Frob Manual" in texts and "Frob" in texts and "Running frob" in texts
    assert "options, of frob" in texts  # (a concept index entry)
    assert "Quiet mode" in texts  # (a @table @asis's term)
    assert "First point\ngoes on here." in texts  # (an @itemize item)
    joined = "\n".join(texts)
    for kept in ("frob_main", "--quiet", "Options::", "frob --quiet file", "Documentation"):
        assert kept not in joined
    first = next(u for u in document.units if u.text.startswith("Frob reads"))
    assert first.text == "Frob reads ZXQ1Q and writes ZXQ2Q.  See ZXQ3Q."
    assert first.fields == ("file", "frob.out", "Options")
    emph = next(u for u in document.units if u.text.startswith("You can"))
    # (@emph's and @uref's text a pair around words translated with the sentence)
    assert emph.text.count("ZXQ") == 5 and "always" in emph.text and "our site" in emph.text


def test_the_translation_is_written_in_place_escaped_its_language_named(tmp_path: Path) -> None:
    document, data = load_document(_texi(tmp_path, MANUAL))
    assert document.write([u.text for u in document.units]) == data
    translations = [u.text for u in document.units]
    n = next(i for i, u in enumerate(document.units) if u.text == "Nothing is printed.")
    translations[n] = "Es wird nichts {gedruckt} @ all."
    out = document.write(translations, language=target_language("de-DE")).decode()
    assert "Es wird nichts @{gedruckt@} @@ all.\n" in out
    assert "@documentlanguage de_DE\n" in out
    assert "@node Options\n" in out and "* Options::     How to run it.\n" in out


def test_a_translation_latin1_cannot_hold_is_written_as_utf8_and_declared_so(
    tmp_path: Path,
) -> None:
    path = tmp_path / "m.texi"
    path.write_bytes(
        "@documentencoding ISO-8859-1\n@node Top\n@top Caf\u00e9\n\nA caf\u00e9.\n".encode(
            "latin-1"
        )
    )
    document, _ = load_document(path)
    assert [u.text for u in document.units] == ["Caf\u00e9", "A caf\u00e9."]
    fits = document.write(["Caf\u00e9", "Ein Caf\u00e9."])
    assert fits.decode("latin-1").endswith("Ein Caf\u00e9.\n")
    assert b"ISO-8859-1" in fits
    wide = document.write(["\u5496\u5561", "\u5496\u5561\u9986\u3002"]).decode("utf-8")
    assert wide.startswith("@documentencoding UTF-8\n")


FOOTNOTES = """\\input texinfo
@setfilename notes.info
@settitle Notes

@node Top
@top Notes

Quire loads a model once and keeps it loaded@footnote{A model stays loaded
until another task needs the memory.

To unload every model at once, run:

@example
quire models unload
@end example

@noindent
or choose @emph{Unload models} in the Models menu.} for the next request.
The second sentence goes on here.

A short note@footnote{One line only.} stays in its sentence.

@itemize @bullet
@item
Translated files keep their layout@footnote{Each format is listed with what
it keeps:

@itemize @minus
@item the words
@item the markup
@end itemize
}.
@end itemize

@bye
"""


def test_a_footnotes_paragraphs_are_translated_as_paragraphs_its_blocks_kept(
    tmp_path: Path,
) -> None:
    """A footnote of paragraphs, an @example and an @itemize was one code placeholder: its
    words were never translated. Now its paragraphs and items are units as the file's are,
    its example kept, and the sentence it stands in is cut at it."""
    document, _ = load_document(_texi(tmp_path, FOOTNOTES))
    assert [u.text for u in document.units][2:] == [
        "Quire loads a model once and keeps it loaded",
        "A model stays loaded\nuntil another task needs the memory.",
        "To unload every model at once, run:",
        "or choose ZXQ1QUnload modelsZXQ2Q in the Models menu.",
        "for the next request.\nThe second sentence goes on here.",
        "A short noteZXQ1QOne line only.ZXQ2Q stays in its sentence.",  # (no block: inline)
        "Translated files keep their layout",
        "Each format is listed with what\nit keeps:",
        "the words",
        "the markup",
    ]
    marked = document.write([_marked(u.text) for u in document.units]).decode()
    assert "@example\nquire models unload\n@end example\n" in marked
    assert f"{MARK}loaded@footnote{{{MARK}A {MARK}model" in marked
    assert f"{MARK}menu.}} {MARK}for {MARK}the" in marked
    assert f"{MARK}layout@footnote{{{MARK}Each" in marked and "@end itemize\n}.\n" in marked
    if shutil.which("makeinfo") is None:
        return  # (the units and the text above are the test; makeinfo checks the build)
    (tmp_path / "notes.de.texi").write_text(marked, "utf-8")

    def plain(name: str) -> tuple[str, str]:
        done = subprocess.run(
            ["makeinfo", "--no-split", "--plaintext", name, "-o", "-"],
            cwd=tmp_path, capture_output=True, text=True, check=True,
        )  # fmt: skip
        lines = [line for line in done.stdout.splitlines() if set(line) != {"*"}]
        return " ".join(" ".join(lines).replace(MARK, "").split()), done.stderr

    source, warned = plain("manual.texi")
    translated, warned_too = plain("notes.de.texi")
    assert (warned, warned_too) == ("", "")
    assert translated == source and "(3) Each format is listed" in source


FLOATS = """\\input texinfo
@setfilename floats.info
@settitle Floats

@node Top
@top Floats

@listoffloats Figure

See @ref{fig:window} for the window.

@float Figure,fig:window
@example
quire translate
@end example
@caption{The main window.}
@end float

@float Table,tab:formats
Each format and what it keeps.
@caption{The formats.}
@end float

@float Figure,fig:manager
@caption{The model manager.}
@end float

@bye
"""


def test_a_floats_type_is_translated_once_and_written_alike_in_each(tmp_path: Path) -> None:
    """``@float Figure,fig:x``: makeinfo shows the type ("Figure 1: …", a reference's
    "Figure 1"), which stayed English in a translated manual; now it is a unit, translated
    once and written in each @float and @listoffloats of the type (the list finds its floats
    by it), the label kept."""
    document, _ = load_document(_texi(tmp_path, FLOATS))
    texts = [u.text for u in document.units]
    assert texts.count("Figure") == 1 and texts.count("Table") == 1
    words = {"Figure": "Abbildung", "Table": "Tabelle"}
    out = document.write([words.get(t, t) for t in texts]).decode()
    assert "@listoffloats Abbildung\n" in out
    assert "@float Abbildung,fig:window\n" in out and "@float Abbildung,fig:manager\n" in out
    assert "@float Tabelle,tab:formats\n" in out
    if shutil.which("makeinfo") is None:
        return
    (tmp_path / "floats.de.texi").write_text(out, "utf-8")
    done = subprocess.run(
        ["makeinfo", "--no-split", "--plaintext", "floats.de.texi", "-o", "-"],
        cwd=tmp_path, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert done.stderr == "" and "Figure" not in done.stdout
    assert "*note Abbildung 1: fig:window." in done.stdout
    assert "* Abbildung 2: fig:manager." in done.stdout  # (the list found both)
    assert "Tabelle 1: The formats." in done.stdout


def test_included_files_are_named_in_a_note(tmp_path: Path) -> None:
    document, _ = load_document(_texi(tmp_path, "@include version.texi\n\nSome text.\n"))
    assert [n.message_id for n in document.notes] == ["document.tex_included"]
    assert "version.texi" in str(document.notes[0].params["files"])
    assert "--mirror" in document.notes[0].text  # (how the translation finds the translations)


@pytest.mark.skipif(shutil.which("makeinfo") is None, reason="makeinfo (texinfo) is not installed")
def test_a_real_manual_translated_builds_as_its_source_did(tmp_path: Path) -> None:
    """libffi's manual, every prose word marked: makeinfo builds it with no new message, and
    its plain text is the source's but for the marks (and the index's order: its entries are
    translated, so they sort otherwise; underline lengths)."""
    source = tmp_path / "libffi.texi"
    shutil.copy(DATA / "libffi.texi", source)
    document, _ = load_document(source)
    target = tmp_path / "libffi.de.texi"
    target.write_bytes(document.write([_marked(u.text) for u in document.units]))

    def built(path: Path, *options: str) -> tuple[list[str], str]:
        out = path.with_suffix(".out")
        run = subprocess.run(
            ["makeinfo", "--no-split", "--force", *options, "-o", str(out), str(path)],
            capture_output=True, text=True, cwd=tmp_path, check=False,
        )  # fmt: skip
        said = [re.sub(r"^[^:]*:\d+:\s*", "", line) for line in run.stderr.splitlines()]
        return said, out.read_text("utf-8") if out.exists() else ""

    assert built(target)[0] == built(source)[0]
    said, plain = built(source, "--plaintext")
    assert built(target, "--plaintext")[0] == said
    translated = built(target, "--plaintext")[1]

    def words(text: str) -> list[str]:
        text = re.sub(r"\(line +\d+\)", "", text)
        return [w for w in text.split() if not re.fullmatch(r"[*=.-]+", w)]

    def body(text: str) -> str:  # (up to the index, which sorts the translated entries)
        return text[: text.rindex("Index\n*****")]

    assert words(body(translated).replace(MARK, "")) == words(body(plain))
    assert sorted(words(translated.replace(MARK, ""))) == sorted(words(plain))
    prose = re.findall(r"[A-Za-z\u00a7]+", translated)
    assert sum(w.startswith(MARK) for w in prose) > 0.5 * len(prose)
    # (code kept: @code{ffi_call} is 'ffi_call' in plain text, unmarked; the examples too)
    assert "'ffi_call'" in translated and "'\u00a7ffi_call'" not in translated
    assert "ffi_call(&cif, (void(*)())puts, &rc, values);" in translated


def test_a_space_before_a_commands_brace_is_read_as_makeinfo_reads_it(tmp_path: Path) -> None:
    """coreutils' manual writes ``@command {chmod}``: one placeholder, its braces its own
    (read as text, they came back ``@{chmod@}`` and makeinfo said "expected braces")."""
    body = (
        "@node Top\n@top T\n\nThe options modify how @command {chmod}, and\n"
        "@command {chown} work.\n"
    )
    document, _ = load_document(_texi(tmp_path, body))
    unit = next(u for u in document.units if u.text.startswith("The options"))
    assert unit.text == "The options modify how ZXQ1Q, and\nZXQ2Q work."
    out = document.write([_marked(u.text) for u in document.units]).decode()
    assert "@command {chmod}, \u00a7and\n@command {chown} \u00a7work." in out


def test_a_links_text_holding_a_comma_in_braces_is_written_whole(tmp_path: Path) -> None:
    """gawk's manual: ``@uref{url,\\n@cite{Fork My Code, Please!}}``; the comma inside
    ``@cite`` is no argument's end (taken for one, the title was written twice and makeinfo
    said "misplaced }")."""
    body = (
        "@node Top\n@top T\n\nSee @uref{https://example.org/fork.html,\n"
        "@cite{Fork My Code, Please}}, by us.\n"
    )
    document, _ = load_document(_texi(tmp_path, body))
    out = document.write([_marked(u.text) for u in document.units]).decode()
    assert out.endswith(
        "\u00a7See @uref{https://example.org/fork.html,\n"
        "@cite{\u00a7Fork \u00a7My \u00a7Code, \u00a7Please}}, \u00a7by \u00a7us.\n"
    )


def test_a_definitions_continuation_line_is_kept_whole(tmp_path: Path) -> None:
    """bison's manual: ``@deftypeopx {Constructor} {parser} {} parser (…)``, a definition's
    second line, is code (read as text, its braces came back escaped, ``@{parser@}``)."""
    body = (
        "@node Top\n@top T\n\n@deftypeop {Constructor} {parser} {} parser ()\n"
        "@deftypeopx {Constructor} {parser} {} parser (@var{arg})\nBuild a parser.\n"
        "@end deftypeop\n"
    )
    document, _ = load_document(_texi(tmp_path, body))
    assert [u.text for u in document.units] == ["T", "Build a parser."]
    out = document.write([_marked(u.text) for u in document.units]).decode()
    assert "@deftypeopx {Constructor} {parser} {} parser (@var{arg})\n\u00a7Build" in out


def test_a_comment_that_ends_a_line_is_no_text(tmp_path: Path) -> None:
    """Texinfo's manual: ``@anchor{Pointer Validation}@c`` then the paragraph; the ``@c``
    was sent as words (and came back ``@@c``, a comment no more)."""
    body = "@node Top\n@top T\n\n@anchor{Pointer Validation}@c\nSuppress the phase.\n"
    document, _ = load_document(_texi(tmp_path, body))
    unit = next(u for u in document.units if "Suppress" in u.text)
    assert "@c" not in unit.text
    out = document.write([_marked(u.text) for u in document.units]).decode()
    assert out.endswith("@anchor{Pointer Validation}@c\n\u00a7Suppress \u00a7the \u00a7phase.\n")


def test_a_file_of_commands_alone_is_copied_as_it_is(tmp_path: Path) -> None:
    """A manual's ``version.texi`` (``@set UPDATED …`` lines) that its main file includes:
    copied into a folder's translation, so that the translation's ``@include`` finds it."""
    body = "@set UPDATED 7 December 2026\n@set VERSION 1.14\n"
    document, _ = load_document(_texi(tmp_path, body, "version.texi"))
    assert not document.units and document.copied_without_text
    assert [n.message_id for n in document.notes] == ["document.no_text_copied"]


def _builds_alike(tmp_path: Path, source: Path, translated: bytes) -> None:
    """makeinfo says of the translation what it says of the source, no more."""
    if shutil.which("makeinfo") is None:
        pytest.skip("makeinfo (texinfo) is not installed")
    target = source.with_name(source.stem + ".de.texi")
    target.write_bytes(translated)

    def said(path: Path) -> list[str]:
        run = subprocess.run(
            ["makeinfo", "--no-split", "--force", "-o", str(path.with_suffix(".info")), str(path)],
            capture_output=True, text=True, cwd=tmp_path, check=False,
        )  # fmt: skip
        return [re.sub(r"^[^:]*:\d+:\s*", "", line) for line in run.stderr.splitlines()]

    assert said(target) == said(source)


def test_the_input_line_that_opens_a_manual_is_kept(tmp_path: Path) -> None:
    """``\\input texinfo   @c -*-texinfo-*-``, every manual's first line, is TeX's: it was
    sent as prose."""
    body = "\\input texinfo   @c -*-texinfo-*-\n@setfilename m.info\n\nHello there.\n"
    document, _ = load_document(_texi(tmp_path, body))
    assert [u.text for u in document.units] == ["Hello there."]
    out = document.write([_marked(u.text) for u in document.units]).decode()
    assert out.startswith("\\input texinfo   @c -*-texinfo-*-\n")


def test_the_words_on_a_noindent_line_begin_its_paragraph(tmp_path: Path) -> None:
    """org-mode's Chinese manual: ``@noindent Org mode buffers need @footnote{If you…`` with
    the footnote closing on the next line: the line's words were kept untranslated, and the
    next line's ``}`` written ``@}`` (makeinfo: "misplaced }")."""
    body = (
        "@node Top\n@top T\n\n@noindent Org mode buffers need font-lock@footnote{If you\n"
        "do not want it.} turned on.\nIt is the default.\n"
    )
    source = _texi(tmp_path, body)
    document, _ = load_document(source)
    unit = next(u for u in document.units if "Org mode" in u.text)
    assert unit.text == "Org mode buffers need font-lockZXQ1QIf you\ndo not want it.ZXQ2Q " + (
        "turned on.\nIt is the default."
    )
    out = document.write([_marked(u.text) for u in document.units])
    assert "@}" not in out.decode()
    assert "@noindent \u00a7Org \u00a7mode" in out.decode()
    _builds_alike(tmp_path, source, out)


def test_a_brace_spanning_lines_in_a_display_or_a_heading_is_one_unit(tmp_path: Path) -> None:
    """autoconf's manual: ``@display`` holding ``@strong{N.B.: This section…`` over four
    lines; a heading whose ``@emph{…}`` closes on the next line: both were read as two
    units over the same words, and the words written twice."""
    body = (
        "@node Top\n@top T\n\n@chapter Intro @emph{one\ntwo} three\n\n"
        "@display\n@strong{N.B.: This is\nstill changing.}\nNext line\n@end display\n"
    )
    source = _texi(tmp_path, body)
    document, _ = load_document(source)
    assert [u.text for u in document.units] == [
        "T",
        "Intro ZXQ1Qone\ntwoZXQ2Q three",
        "ZXQ1QN.B.: This is\nstill changing.ZXQ2Q",
        "Next line",
    ]
    out = document.write([_marked(u.text) for u in document.units])
    assert out.decode().count("changing") == 1 and out.decode().count("three") == 1
    _builds_alike(tmp_path, source, out)


def test_units_over_the_same_bytes_are_refused_not_written_twice(tmp_path: Path) -> None:
    from engine.documents.errors import DocumentError
    from engine.documents.texinfo import _Parser

    parser = _Parser("One two three.\nFour five.\n", tmp_path / "m.texi")
    parser.unit(0, 14)
    with pytest.raises(DocumentError) as info:
        parser.unit(4, 25)
    assert info.value.message_id == "document.texinfo_overlap"


def test_verb_is_read_to_its_delimiter(tmp_path: Path) -> None:
    """``@verb{|{|}`` was refused as a brace left open, ``@verb{|a } b|}`` cut at its ``}``:
    makeinfo reads @verb to its delimiter."""
    body = "@node Top\n@top T\n\nType @verb{|{|} or @verb{|a } b|} here.\n"
    source = _texi(tmp_path, body)
    document, _ = load_document(source)
    unit = next(u for u in document.units if u.text.startswith("Type"))
    assert unit.text == "Type ZXQ1Q or ZXQ2Q here." and unit.fields == ("{", "a } b")
    out = document.write([_marked(u.text) for u in document.units])
    assert "@verb{|{|} \u00a7or @verb{|a } b|} \u00a7here." in out.decode()
    _builds_alike(tmp_path, source, out)


def test_a_macro_call_alone_on_its_line_stays_a_line_of_its_own(tmp_path: Path) -> None:
    """autoconf's ``@acindex{INIT}`` (a user's macro making an index entry) before a
    paragraph was glued into the paragraph's unit: makeinfo said "@ACindex should only
    appear at the beginning of a line" 307 times."""
    body = (
        "@macro acindex{name}\n@cindex \\name\\\n@end macro\n"
        "@node Top\n@top T\n\n@acindex{INIT}\nThe macro @code{AC_INIT} starts it.\n"
        "@orgcmd{C-c, org-thing} @c a comment\nAnd more.\n"
    )
    source = _texi(tmp_path, body)
    document, _ = load_document(source)
    assert [u.text for u in document.units] == ["T", "The macro ZXQ1Q starts it.", "And more."]
    out = document.write([_marked(u.text) for u in document.units])
    assert "\n@acindex{INIT}\n\u00a7The \u00a7macro" in out.decode()
    if shutil.which("makeinfo") is not None:  # (without @orgcmd's definition it is an error)
        source.write_text(body.replace("@orgcmd{C-c, org-thing} @c a comment\n", ""))
        document, _ = load_document(source)
        _builds_alike(tmp_path, source, document.write([_marked(u.text) for u in document.units]))


def test_braces_nested_too_deep_are_refused_by_name(tmp_path: Path) -> None:
    """2,000 nested ``@emph{`` were a Python recursion error reported as a damaged file."""
    from engine.documents.errors import DocumentError

    body = "@node Top\n@top T\n\nA " + "@emph{x " * 2000 + "}" * 2000 + " end.\n"
    with pytest.raises(DocumentError) as info:
        load_document(_texi(tmp_path, body))
    assert info.value.message_id == "document.texinfo_nested"
    assert info.value.params["line"] == 4
    # (deep but within the bound: read, each group's close found once)
    deep = "@node Top\n@top T\n\nA " + "@emph{x " * 90 + "y" + "}" * 90 + " end.\n"
    document, _ = load_document(_texi(tmp_path, deep, "deep.texi"))
    assert document.units[1].text.count("ZXQ") == 180


def test_an_accent_brace_left_open_names_its_own_line(tmp_path: Path) -> None:
    body = "@node Top\n@top T\n\nCaf@'{e is\nnice.\n\nMore.\n\nAnd more.\n"
    from engine.documents.errors import DocumentError

    with pytest.raises(DocumentError) as info:
        load_document(_texi(tmp_path, body))
    assert info.value.message_id == "document.texinfo_unclosed"
    assert info.value.params["line"] == 4


def test_line_directives_are_kept_quotation_labels_and_reference_titles_translated(
    tmp_path: Path,
) -> None:
    """``#line 100 "file"`` (makeinfo reads it) was sent as prose; a ``@quotation Note``'s
    label and a ``@xref{node,, Title}``'s title are shown to the reader: translated (the
    node's name kept, as every reference to it)."""
    body = (
        '@node Top\n@top T\n\n#line 100 "file.texi"\nText here.\n\n@quotation Note\n'
        "See @xref{Top,, The Top Title}, then.\n@end quotation\n"
    )
    source = _texi(tmp_path, body)
    document, _ = load_document(source)
    assert [u.text for u in document.units] == [
        "T", "Text here.", "Note", "See ZXQ1QThe Top TitleZXQ2Q, then."
    ]  # fmt: skip
    out = document.write([_marked(u.text) for u in document.units])
    text = out.decode()
    assert '\n#line 100 "file.texi"\n' in text and "@quotation \u00a7Note\n" in text
    assert "@xref{Top,, \u00a7The \u00a7Top \u00a7Title}, \u00a7then." in text
    _builds_alike(tmp_path, source, out)
