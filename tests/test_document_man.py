"""Manual pages as their producers wrote them (tests/data/man/: xz's hand-written man(7)
page, jq's as Ronn-NG wrote it, a page pandoc wrote, util-linux's ul as Asciidoctor wrote it,
OpenSSL's errstr as pod2man wrote it, OpenSSH's mdoc(7) page; see
tools/make_man_fixtures.py). Outputs are rendered by groff where it is installed and compared
with their sources: only the words change."""

from __future__ import annotations

import gzip
import re
import shutil
import subprocess
from pathlib import Path, PurePath

import pytest

from engine.cli.main import main
from engine.documents import Document, DocumentError, open_document
from engine.engine import Engine
from engine.errors import EngineError
from engine.options import EngineOptions
from tests.fixtures.builder import exported

DATA = Path(__file__).parent / "data" / "man"
PAGES = (
    "xz.1", "jq.1", "syncdir.1", "gcloud.1", "ul.1", "openssl-errstr.1", "pwd.3tcl",
)  # fmt: skip
GROFF = shutil.which("groff")


def rendered(data: bytes) -> str:
    """The page as man shows it (preconv reading its coding line), without bold or
    underline, in capitals (the stand-in translator's). A warning of markup fails it (not
    that a line of the model's words could not be broken or spread: layout)."""
    assert GROFF is not None
    done = subprocess.run(
        [GROFF, "-k", "-man", "-Tutf8", "-ww", "-Wbreak", "-P-cbu"], input=data, capture_output=True
    )
    assert done.returncode == 0 and not done.stderr, done.stderr
    return done.stdout.decode("utf-8").upper()


def capitals(document: Document) -> bytes:
    return document.write([u.text.upper() for u in document.units])


def test_a_paragraph_is_one_unit_and_what_a_reader_types_is_kept() -> None:
    document = open_document(DATA / "syncdir.1")
    units = {u.text: u for u in document.units}
    # pandoc's paragraph of two lines is one unit; the command in bold and the option are
    # fields, the metavariables in italics a pair the translation places.
    text = (
        "ZXQ1Q copies every file of ZXQ2QSOURCEZXQ3Q that is newer than its copy in "
        "ZXQ4QTARGETZXQ5Q. It never deletes a file unless you ask it to --- see ZXQ6Q below."
    )
    assert units[text].fields == ("syncdir", "", "", "", "", "--delete")
    # NAME's "syncdir -" is not sent; SYNOPSIS, the .TP tags (options alone), the example in
    # .nf and the .TH line are kept, the NAME heading too (lexgrog and mandb look for it).
    assert "keep two folders the same" in units
    assert not [t for t in units if "syncdir -" in t or "Pictures" in t or "dry-run" in t]
    assert "NAME" not in units and "SYNOPSIS" not in units and "DESCRIPTION" in units
    assert "Show what would be copied, and copy nothing." in units


@pytest.mark.parametrize("name", PAGES)
def test_a_page_written_with_its_own_words_is_the_same_bytes(name: str) -> None:
    document = open_document(DATA / name)
    assert document.write([u.text for u in document.units]) == (DATA / name).read_bytes()


@pytest.mark.skipif(GROFF is None, reason="groff renders the pages (apt install groff-base)")
@pytest.mark.parametrize("name", PAGES)
def test_groff_shows_the_same_page_but_its_words(name: str) -> None:
    source = (DATA / name).read_bytes()
    document = open_document(DATA / name)
    assert rendered(capitals(document)) == rendered(source)


def test_a_tag_after_a_blank_line_is_the_tag_and_a_prompt_is_a_command() -> None:
    units = [u.text for u in open_document(DATA / "gcloud.1").units]
    # groff takes the line after .TP's blank line for the tag: the body is a unit apart.
    tag = "Table resource - The BigQuery table you want to delete. The arguments in this"
    assert units[units.index(tag) + 1].startswith("group can be used")
    assert not [t for t in units if "my-table" in t and t.startswith("$")]


@pytest.mark.skipif(shutil.which("lexgrog") is None, reason="man-db's lexgrog reads pages")
def test_mandb_finds_the_translated_name_section(tmp_path: Path) -> None:
    document = open_document(DATA / "xz.1")
    words = {"Compress or decompress .xz and .lzma files": "Dateien packen oder entpacken"}
    out = tmp_path / "xz.1"
    out.write_bytes(document.write([words.get(u.text, u.text) for u in document.units]))
    found = subprocess.run(["lexgrog", str(out)], capture_output=True, text=True, check=True)
    assert f'{out}: "unxz - Dateien packen oder entpacken"' in found.stdout.splitlines()


def test_a_translation_is_written_as_roff_reads_it() -> None:
    document = open_document(DATA / "syncdir.1")
    index = next(i for i, u in enumerate(document.units) if u.text.startswith("Show what"))
    texts = [u.text for u in document.units]
    texts[index] = ".profile \\ und -n Straße. Ende\n.SH KEINE"
    out = document.write(texts).decode("utf-8")
    # A line of text that starts with a dot is no request; a backslash is escaped; an
    # option's minus is a minus; a UTF-8 page says so in its first lines (preconv's).
    # A line break the model wrote is a space, not a line that could start a request.
    assert "\n\\&.profile \\e und \\-n Straße. Ende .SH KEINE\n" in out
    assert out.startswith('.\\" -*- coding: UTF-8 -*-\n.\\" Automatically generated by Pandoc')


def test_the_coding_line_follows_a_preprocessor_line() -> None:
    document = open_document(DATA / "xz.1")
    out = document.write([u.text + " ä" for u in document.units]).decode("utf-8")
    assert out.startswith('\'\\" t\n.\\" -*- coding: UTF-8 -*-\n.\\"\n')


def test_a_pair_the_translation_broke_keeps_its_words() -> None:
    document = open_document(DATA / "syncdir.1")
    index = next(i for i, u in enumerate(document.units) if u.text.startswith("Remove files"))
    texts = [u.text for u in document.units]
    # TARGET's pair swapped, SOURCE's lost: their words plain, no font left switched on.
    texts[index] = "Entfernt Dateien aus ZXQ2QZIELZXQ1Q, die nicht in QUELLE sind."
    out = document.write(texts).decode("utf-8")
    assert "\nEntfernt Dateien aus ZIEL, die nicht in QUELLE sind.\n" in out


def test_a_font_request_in_a_paragraph_stays_on_its_own_line() -> None:
    document = open_document(DATA / "xz.1")
    unit = next(u for u in document.units if u.text.startswith("ZXQ1Q is a general-purpose"))
    assert unit.fields[:3] == ("xz", "gzip(1)", "bzip2(1).")
    index = document.units.index(unit)
    texts = [u.text for u in document.units]
    texts[index] = (
        "ZXQ1Q ist ein Packprogramm wie ZXQ2Q und ZXQ3Q Es schreibt ZXQ4Q, liest auch ZXQ5Q "
        "und ZXQ6Q von ZXQ7Q."
    )
    out = document.write(texts).decode("utf-8")
    # (the full stop alone on its line after a request: "\&." so that it is no request)
    assert (
        "\n.B xz\nist ein Packprogramm wie\n.BR gzip (1)\nund\n.BR bzip2 (1).\nEs schreibt\n"
        ".B .xz\n, liest auch\n.B .lzma\nund\n.B .lz\nvon\n.B lzip\n\\&.\n.PP\n"
    ) in out


def test_an_mdoc_page_is_refused_saying_how_to_convert_it() -> None:
    with pytest.raises(DocumentError) as caught:
        open_document(DATA / "ssh.1")
    assert "mdoc(7) manual page" in caught.value.message
    assert "mandoc -Tman ssh.1 > ssh.man" in (caught.value.hint or "")


def test_a_digit_suffix_that_is_no_page_and_a_link_page_are_refused(tmp_path: Path) -> None:
    notes = tmp_path / "results.1"
    notes.write_text("Run 1 of the experiment: 42 samples.\n", encoding="utf-8")
    with pytest.raises(DocumentError) as caught:
        open_document(notes)
    assert caught.value.message.startswith("This is not a manual page")
    link = tmp_path / "unxz.1"
    link.write_text(".so man1/xz.1\n", encoding="utf-8")
    with pytest.raises(DocumentError) as caught:
        open_document(link)
    assert caught.value.message == "This manual page only includes another (man1/xz.1)"


def test_a_compressed_page_says_to_uncompress_it(tmp_path: Path) -> None:
    page = tmp_path / "xz.1.gz"
    page.write_bytes(gzip.compress((DATA / "xz.1").read_bytes()))
    with pytest.raises(DocumentError) as caught:
        open_document(page)
    assert (
        caught.value.message == "This is a compressed manual page, which Quire reads uncompressed"
    )
    assert caught.value.hint == "Uncompress it first (gunzip -k xz.1.gz), then translate xz.1"
    # Each kind is named with the tool that uncompresses it.
    for name, command in (("tar.1.xz", "unxz -k tar.1.xz"), ("ls.1.bz2", "bunzip2 -k ls.1.bz2"),
                          ("cat.1.Z", "uncompress -c cat.1.Z > cat.1")):  # fmt: skip
        packed = tmp_path / name
        packed.write_bytes(b"\xfd7zXZ\x00 compressed")
        with pytest.raises(DocumentError) as caught:
            open_document(packed)
        assert (
            caught.value.hint
            == f"Uncompress it first ({command}), then translate {name[: -len(packed.suffix)]}"
        )


@pytest.mark.parametrize("name", ["syslog.1.gz", "access.log.2.gz", "dump.20240101.gz"])
def test_a_compressed_log_or_dump_is_not_called_a_manual_page(tmp_path: Path, name: str) -> None:
    """A rotated log (syslog.1.gz, access.log.2.gz) or a dated dump was told it was a
    compressed manual page, to gunzip it and translate the log; it is not one."""
    log = tmp_path / name
    log.write_bytes(gzip.compress(b"Dec  7 13:50:07 host kernel: started\n"))
    with pytest.raises(EngineError) as caught:
        open_document(log)
    assert caught.value.message_id != "document.compressed_manual_page"
    assert "manual page" not in caught.value.message


def test_the_command_line_writes_a_page_where_man_looks_for_its_language(
    quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Engine(EngineOptions(home=quire_home)).import_model(exported("marian"), "opus-mt-en-de")
    section = tmp_path / "man" / "man1"
    section.mkdir(parents=True)
    (section / "syncdir.1").write_bytes((DATA / "syncdir.1").read_bytes())
    (section / "ul.1").write_bytes((DATA / "ul.1").read_bytes())  # (Asciidoctor's preamble)
    alone = tmp_path / "jq.1"
    alone.write_bytes((DATA / "jq.1").read_bytes())
    for page in (section / "syncdir.1", section / "ul.1", alone):
        code = main(["translate", "--from", "en", "--to", "de", str(page)])
        _out, err = capsys.readouterr()
        assert code == 0, err
    # man -L de reads man/de/man1/; a page alone goes into de/ beside it (jq.de.1 would be
    # section "de.1" to man).
    for out, source in ((tmp_path / "man/de/man1/syncdir.1", section / "syncdir.1"),
                        (tmp_path / "man/de/man1/ul.1", section / "ul.1"),
                        (tmp_path / "de" / "jq.1", alone)):  # fmt: skip
        data = out.read_bytes()
        requests = [line for line in data.splitlines() if line.startswith(b".T")]
        assert requests == [x for x in source.read_bytes().splitlines() if x.startswith(b".T")]
        if GROFF is not None:
            rendered(data)  # (no warning)


def test_a_folder_leaves_out_the_pages_of_its_other_languages(tmp_path: Path) -> None:
    from engine.documents.folders import folder_documents

    page = (DATA / "xz.1").read_bytes()
    for folder in ("man/man1", "man/fr/man1", "man/de/man1", "man/pt_BR/man1"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "xz.1").write_bytes(page)
    found, skipped = folder_documents(tmp_path, "de", recursive=True)
    # The French and Brazilian pages would be written to man/fr/de/man1/: they are another
    # language's, as man's folders say; the German one is the translation already.
    assert found == [tmp_path / "man/man1/xz.1"]
    assert {(s.path.relative_to(tmp_path).as_posix(), s.reason) for s in skipped} == {
        ("man/de/man1/xz.1", "translation"),
        ("man/fr/man1/xz.1", "language"),
        ("man/pt_BR/man1/xz.1", "language"),
    }


def test_a_folder_takes_its_pages_and_passes_over_rotated_logs() -> None:
    from engine.documents.folders import translatable_kind

    page = (DATA / "xz.1").read_bytes()
    log = b"Dec  7 13:57:01 host CRON[811]: (root) CMD (run-parts /etc/cron.hourly)\n"
    assert translatable_kind(PurePath("man/man1/xz.1"), lambda n: page[:n])
    assert translatable_kind(PurePath("doc/xz.man"), lambda n: page[:n])
    assert not translatable_kind(PurePath("logs/syslog.1"), lambda n: log[:n])


def page(tmp_path: Path, name: str, body: str) -> Document:
    """A page written for the test in the shape a producer writes (GNU pages' shapes: their
    text is GPL, so not copied)."""
    path = tmp_path / name
    path.write_text('.TH PROBE 1 "2024" "probe 1.0"\n' + body, encoding="utf-8")
    return open_document(path)


def test_an_asciidoctor_page_reads_past_the_definitions_in_its_preamble() -> None:
    # Asciidoctor's ".  am URL" ... ".  ." (a dot, spaces, a dot ends a definition as ".."
    # does) inside ".if \n[.g] \{\" was read as a definition that never ended: no text.
    units = [u.text for u in open_document(DATA / "ul.1").units]
    assert "do underlining" in units
    assert any(t.startswith("ZXQ1Q reads the named files") for t in units)
    assert "ATTRIBUTES" not in units and "OPTIONS" in units


def test_a_definition_that_never_ends_is_refused_naming_its_line(tmp_path: Path) -> None:
    with pytest.raises(DocumentError) as caught:
        page(tmp_path, "probe.1", ".de Vb\n.nf\n.SH NAME\nprobe \\- a probe\n")
    assert caught.value.message.startswith("Line 2 (.de Vb) starts what a .. line ends")
    # A definition ended by the macro it names, and an .ig by its own, end there.
    document = page(
        tmp_path,
        "probe.1",
        ".de Xx yy\n.ft B\n.yy\n.ig zz\nHidden.\n.zz\n.SH DESCRIPTION\nShown.\n",
    )
    assert [u.text for u in document.units] == ["DESCRIPTION", "Shown."]


def test_pod2man_examples_are_kept_as_they_are_written() -> None:
    # pod2man's .Vb/.Ve (defined in its preamble to start and end no-fill text) hold its
    # examples: "openssl errstr 2006D080" is a command, not prose to translate.
    document = open_document(DATA / "openssl-errstr.1")
    units = [u.text for u in document.units]
    assert not [t for t in units if "2006D080" in t or "error:2006D080" in t]
    assert "can be displayed with:" in units
    # (its NAME line's separator is " \- ", not the first "\-" of openssl\-errstr)
    assert "lookup error codes" in units


def test_a_name_with_dashes_keeps_its_name(tmp_path: Path) -> None:
    document = page(
        tmp_path, "deb-src-symbols.5", ".SH NAME\ndeb\\-src\\-symbols \\- Debian's symbols file\n"
    )
    assert [u.text for u in document.units] == ["Debian's symbols file"]


def test_continued_lines_stay_continued(tmp_path: Path) -> None:
    # find.1's "\" at a line's end joins it with the next (one sentence); bash's "\c" runs
    # the next line on without a space, and groff drops what a line has after it.
    body = (
        ".SH DESCRIPTION\nA synonym for \\-depth, for compatibility with FreeBSD, \\\n"
        "MacOS X and OpenBSD.\n.PP\nSee the manual of\\c\n\\fBprobe\\fR(1) for more words.\n"
        ".TP\n\\fB\\-o\\fR \\\n\\fIfile\\fR\nWrite to the file.\n"
    )
    document = page(tmp_path, "probe.1", body)
    units = {u.text: u for u in document.units}
    assert "A synonym for ZXQ1Q, for compatibility with FreeBSD, ZXQ2QMacOS X and OpenBSD." in units
    assert "Write to the file." in units  # (the tag, its line continued, a unit apart)
    source = (tmp_path / "probe.1").read_bytes()
    out = capitals(document)
    assert b"FREEBSD, \\\nMACOS X" in out
    assert all(line.endswith(b"\\c") for line in out.splitlines() if b"\\c" in line)
    if GROFF is not None:
        assert rendered(out) == rendered(source)


def test_a_tag_set_bold_by_a_request_alone_is_the_tag(tmp_path: Path) -> None:
    # help2man's ".TP\n.B\n\fB\-\-version\fR": .B alone sets the next line bold; it is the tag.
    document = page(
        tmp_path,
        "probe.1",
        ".SH OPTIONS\n.TP\n.B\n\\fB\\-\\-version\\fR\nprint the version number and exit.\n"
        ".TP\n.B\nQuiet mode\nsay nothing.\n",
    )
    assert [u.text for u in document.units] == [
        "OPTIONS",
        "print the version number and exit.",
        "ZXQ1QQuiet modeZXQ2Q",
        "say nothing.",
    ]
    out = capitals(document)
    assert b".TP\n.B\nQUIET MODE\nSAY NOTHING.\n" in out


def test_commands_and_options_in_text_are_kept(tmp_path: Path) -> None:
    body = (
        '.SH DESCRIPTION\nUse\n.B "grep \\-P"\nor\n.B find . \\-name afile\nor\n'
        "\\fBgit add \\-e\\fR or\n.B info tar\nor \\fBplain words\\fR, and \\-depth here.\n"
        ".TP\n\\-n, \\-\\-dry\\-run\nShow only.\n.TP\n\\en\nA newline.\n"
        ".TP\n\\fI#PACKAGE#\\fR\nThe package's name.\n"
    )
    document = page(tmp_path, "git-add.1", body)
    unit = document.units[1]
    assert unit.text == (
        "Use ZXQ1Q or ZXQ2Q or ZXQ3Q or ZXQ4Q or ZXQ5Qplain wordsZXQ6Q, and ZXQ7Q here."
    )
    assert unit.fields[:4] == ("grep -P", "find . -name afile", "git add -e", "info tar")
    assert unit.fields[6] == "-depth"
    assert [u.text for u in document.units[2:]] == [
        "Show only.",
        "A newline.",
        "The package's name.",
    ]


def test_a_heading_on_the_line_after_a_bare_sh_is_the_heading(tmp_path: Path) -> None:
    # Older hand-written pages write ".SH" alone, the heading on the next line (groff's rule).
    document = page(
        tmp_path, "probe.1", ".SH\nNAME\nprobe \\- a probe\n.SH\nDESCRIPTION\nIt probes.\n"
    )
    assert [u.text for u in document.units] == ["a probe", "DESCRIPTION", "It probes."]
    out = capitals(document)
    assert b".SH\nNAME\nprobe \\- A PROBE\n.SH\nDESCRIPTION\nIT PROBES.\n" in out


def test_a_page_whose_first_line_is_a_backslash_is_read(tmp_path: Path) -> None:
    # Netpbm's makeman starts every page with a line of "\" alone, then comments and .TH.
    path = tmp_path / "probetopnm.1"
    source = '\\\n.\\" Generated by a tool.\n.TH probetopnm 1 "2024"\n.SH DESCRIPTION\nIt reads.\n'
    path.write_text(source, encoding="utf-8")
    document = open_document(path)
    assert [u.text for u in document.units] == ["DESCRIPTION", "It reads."]
    assert capitals(document) == source.replace("It reads.", "IT READS.").encode()


def test_a_page_with_windows_line_ends_keeps_them(tmp_path: Path) -> None:
    path = tmp_path / "probe.1"
    path.write_bytes(b".TH PROBE 1\r\n.SH DESCRIPTION\r\nIt reads\r\n.B two\r\nlines.\r\n")
    out = capitals(open_document(path))
    assert out == b".TH PROBE 1\r\n.SH DESCRIPTION\r\nIT READS\r\n.B two\r\nLINES.\r\n"


def test_a_page_goes_to_the_folder_man_reads_for_its_language() -> None:
    from engine.documents.naming import platform_output

    # A page under German's folder translated into French goes beside it, not into it; a
    # script is the modifier glibc's locales and man's folders name it by.
    assert platform_output(PurePath("man/de/man1/ls.1"), "fr") == PurePath("man/fr/man1/ls.1")
    assert platform_output(PurePath("man/man1/ls.1"), "sr-Latn") == PurePath(
        "man/sr@latin/man1/ls.1"
    )
    assert platform_output(PurePath("man/man1/ls.1"), "pt-BR") == PurePath("man/pt_BR/man1/ls.1")


def test_an_escape_or_option_in_quotes_is_kept(tmp_path: Path) -> None:
    # awk's 'ORS to "\er\en" rather than "\en"', curl's '"\-\-data"': code in quotes.
    document = page(
        tmp_path, "probe.1", '.SH DESCRIPTION\nSet it to "\\er\\en" or give "\\-\\-data".\n'
    )
    assert document.units[1].text == 'Set it to "ZXQ1Q" or give "ZXQ2Q".'
    assert document.units[1].fields == ("\\r\\n", "--data")


def test_a_shell_command_going_on_in_indented_lines_is_kept(tmp_path: Path) -> None:
    # gcloud's examples: "$ gcloud … \e", its next lines indented; all of it is the command.
    example = (
        ".RS 2m\n$ gcloud thing update \\-\\-project=p1 \\e\n  \\-\\-emails='a@example.com' \\e\n"
        "  \\-\\-more\\-words here\n.RE\n"
    )
    document = page(tmp_path, "probe.1", f".SH EXAMPLES\nUpdate it, run:\n\n{example}\nDone.\n")
    assert [u.text for u in document.units] == ["EXAMPLES", "Update it, run:", "Done."]
    assert example.encode() in capitals(document)


def test_an_option_with_its_value_in_another_font_is_one_placeholder(tmp_path: Path) -> None:
    # xz's "\fB\-\-memlimit=\fIlimit\fR", gcloud's "\fB\-\-folder\fR=\fIFOLDER\fR" (a tag too).
    body = (
        ".SH DESCRIPTION\nGive \\fB\\-\\-memlimit=\\fIlimit\\fR here, or \\fB\\-\\-folder\\fR="
        "\\fIFOLDER\\fR or \\-\\-size=\\fIn\\fR.\n"
        ".TP\n\\fB\\-\\-folder\\fR=\\fIFOLDER\\fR\nThe folder.\n"
    )
    document = page(tmp_path, "probe.1", body)
    assert [(u.text, u.fields) for u in document.units[1:]] == [
        (
            "Give ZXQ1Q here, or ZXQ2Q or ZXQ3Q.",
            ("--memlimit=limit", "--folder=FOLDER", "--size=n"),
        ),
        ("The folder.", ()),
    ]
    assert b"GIVE \\fB\\-\\-memlimit=\\fIlimit\\fR HERE, OR" in capitals(document)


def test_a_run_in_italics_that_starts_with_an_option_is_kept(tmp_path: Path) -> None:
    # perf's "\fI\-\-stdio\-color always\fP": an option and its value, set in italics.
    document = page(
        tmp_path, "probe.1", ".SH DESCRIPTION\nSet \\fI\\-\\-stdio\\-color always\\fP now.\n"
    )
    assert document.units[1].text == "Set ZXQ1Q now."
    assert document.units[1].fields == ("--stdio-color always",)


def test_a_bold_run_that_reads_as_a_sentence_is_translated(tmp_path: Path) -> None:
    # xz's '.B "it's not a good idea to blindly use \-9 for everything"': prose, its option kept.
    body = (
        ".SH DESCRIPTION\nNote that\n"
        '.B "it\'s not a good idea to blindly use \\-9 for everything"\n'
        "at all; \\fBnever pass \\-f here.\\fR And\n"
        ".B find . \\-name afile\nor \\fBgit add \\-e\\fR.\n"
    )
    unit = page(tmp_path, "probe.1", body).units[1]
    assert unit.text == (
        "Note that ZXQ1Qit's not a good idea to blindly use ZXQ2Q for everythingZXQ3Q at all; "
        "ZXQ4Qnever pass ZXQ5Q here.ZXQ6Q And ZXQ7Q or ZXQ8Q."
    )
    assert [unit.fields[k] for k in (1, 4, 6, 7)] == [
        "-9",
        "-f",
        "find . -name afile",
        "git add -e",
    ]
    out = capitals(page(tmp_path, "probe.1", body))
    assert b".B IT'S NOT A GOOD IDEA TO BLINDLY USE \\-9 FOR EVERYTHING\nAT ALL;" in out


def test_a_reference_to_a_section_is_translated_as_its_heading_is(tmp_path: Path) -> None:
    # xz's 'See also the section .BR "Memory usage" .', ld.so's '.IR "Dynamic string tokens" .'
    # name a .SS heading, which is translated: the reference is too; a page's name is not.
    body = (
        '.SH DESCRIPTION\nSee the section\n.BR "Memory usage" .\nand\n.IR Tokens ,\n'
        "or\n.BR tokens (7).\n"
        '.SS "Memory usage"\nIt uses memory.\n.SS Tokens\nSome.\n.SS tokens\nA page too.\n'
    )
    document = page(tmp_path, "probe.1", body)
    unit = document.units[1]
    assert unit.text == "See the section ZXQ1QMemory usageZXQ2Q and ZXQ3QTokensZXQ4Q or ZXQ5Q"
    assert unit.fields == ("", ".", "", ",", "tokens(7).")
    out = capitals(document)
    assert b'SEE THE SECTION\n.BR "MEMORY USAGE" .\nAND\n.IR "TOKENS" ,\nOR\n.BR tokens' in out
    assert b'.SS "MEMORY USAGE"' in out
    if GROFF is not None:
        assert "SEE THE SECTION MEMORY USAGE. AND TOKENS, OR" in " ".join(rendered(out).split())


def test_a_reference_whose_end_the_translation_lost_keeps_its_stop(tmp_path: Path) -> None:
    # The model dropped the second half of '.BR "Memory usage" .': its words are written as
    # text, and the "." after them is kept.
    body = '.SH DESCRIPTION\nSee\n.BR "Memory usage" .\nIt is long.\n.SS "Memory usage"\nIt.\n'
    document = page(tmp_path, "probe.1", body)
    assert document.units[1].text == "See ZXQ1QMemory usageZXQ2Q It is long."
    out = document.write(["DESCRIPTION", "Siehe ZXQ1QSpeicher Es ist lang.", "S", "E."])
    assert b".SH DESCRIPTION\nSiehe Speicher.\nEs ist lang.\n" in out


def test_an_option_taking_a_list_is_one_placeholder(tmp_path: Path) -> None:
    # gcloud's flags: ".TP" then "\fB\-\-roles\fR=[\fIROLES\fR,...]", the tag no words to send.
    body = (
        ".SH FLAGS\n.TP\n\\fB\\-\\-roles\\fR=[\\fIROLES\\fR,...]\n"
        "The roles, as \\fB\\-\\-roles\\fR=[\\fIROLES\\fR] shows.\n"
    )
    document = page(tmp_path, "probe.1", body)
    assert [(u.text, u.fields) for u in document.units[1:]] == [
        ("The roles, as ZXQ1Q shows.", ("--roles=[ROLES]",))
    ]
    assert b"\\fB\\-\\-roles\\fR=[\\fIROLES\\fR,...]\nTHE ROLES, AS" in capitals(document)


def test_help2man_italic_corrections_are_kept(tmp_path: Path) -> None:
    # help2man writes every italic run "\fI\,WORD\/\fR": \, and \/ space the slanted letters
    # from the upright ones around them; an optional value "[=\fI\,WHEN\/\fR]" is the option's.
    body = (
        ".SH DESCRIPTION\nCopy each \\fI\\,source\\/\\fR into the folder, "
        "and when \\fB\\-\\-color\\fR[=\\fI\\,always\\/\\fR] is given, paint it.\n"
    )
    document = page(tmp_path, "probe.1", body)
    unit = document.units[1]
    assert (
        unit.text
        == "Copy each ZXQ1QsourceZXQ2Q into the folder, and when ZXQ3Q] is given, paint it."
    )
    assert unit.fields[2] == "--color[=always"
    out = capitals(document)
    assert b"COPY EACH \\fI\\,SOURCE\\/\\fR INTO" in out
    assert b"\\fB\\-\\-color\\fR[=\\fI\\,always\\/\\fR] IS GIVEN" in out
    if GROFF is not None:
        assert rendered(out) == rendered((tmp_path / "probe.1").read_bytes())


@pytest.mark.parametrize(
    "name", ["pwd.3tcl", "pwd.n", "openssl-errstr.1ssl", "File::Spec.3pm", "ls.1p", "curs.3x"]
)
def test_a_section_with_a_packages_letters_is_a_page(tmp_path: Path, name: str) -> None:
    # Debian installs Tcl's pages as .3tcl (its sources' .n), OpenSSL's as .1ssl, Perl's
    # modules' as .3pm, POSIX's as .1p; ncurses' upstream names them .3x.
    source = DATA / ("pwd.3tcl" if name.startswith("pwd") else "openssl-errstr.1")
    section = tmp_path / "man" / f"man{name.rsplit('.', 1)[1][0]}"
    section.mkdir(parents=True)
    (section / name).write_bytes(source.read_bytes())
    document = open_document(section / name)
    assert len(document.units) > 5
    assert document.write([u.text for u in document.units]) == source.read_bytes()
    from engine.documents import default_output

    assert default_output(section / name, "de") == tmp_path / "man" / "de" / section.name / name
    if GROFF is not None:
        assert rendered(capitals(document)) == rendered(source.read_bytes())


def test_a_file_with_a_sections_letters_that_is_no_page_is_refused(tmp_path: Path) -> None:
    notes = tmp_path / "results.3x"
    notes.write_text("Run 3 of the experiment, with x: 42 samples.\n", encoding="utf-8")
    with pytest.raises(DocumentError) as caught:
        open_document(notes)
    assert caught.value.message.startswith("This is not a manual page")


def test_a_tables_cells_of_prose_are_translated_and_its_layout_kept() -> None:
    # PostgreSQL's page as DocBook XSL wrote it: "allbox tab(:);", a .T& format, T{ … T}.
    document = open_document(DATA / "CREATE_POLICY.7")
    texts = [u.text for u in document.units]
    assert "Command" in texts and "USING expression" in texts  # (T{ … T} blocks)
    assert "Filter existing row" in texts and "\u2014" not in texts
    source = (DATA / "CREATE_POLICY.7").read_bytes()
    assert document.write(texts) == source
    out = capitals(document)

    def layout(data: bytes) -> bytes:  # (its options, formats, separators: all but T{ … T})
        table = data[data.index(b".TS") : data.index(b".TE")]
        return re.sub(rb"T\{\n.*?\nT\}", b"T{}", table, flags=re.S)

    assert layout(out) == layout(source)
    assert b"T}:T{\nUSING EXPRESSION\nT}" in out
    if GROFF is not None:  # (its words: DocBook ends some sentences within a line, some not)
        words = [re.sub(r"([-\u2010])\s+", r"\1", rendered(d)).split() for d in (out, source)]
        assert words[0] == words[1]  # (a line broken after a hyphen elsewhere: the same words)


def test_a_table_keeps_its_numbers_symbols_and_separators(tmp_path: Path) -> None:
    body = (
        ".SH DESCRIPTION\nThe codes:\n.TS\ntab(:);\nl l l.\nCode:Name:Meaning\n"
        "ESC c:RIS:Reset the terminal\n033: to:\\fBSOH\\fR (start of heading)\n_\n"
        ".sp\n27:\\-\\-x:T{\nA block of\nwords.\nT}\n.TE\nAfter it.\n"
    )
    document = page(tmp_path, "probe.7", body)
    texts = [u.text for u in document.units]
    assert texts == [
        "DESCRIPTION", "The codes:", "Code", "Name", "Meaning", "Reset the terminal",
        "ZXQ1Q (start of heading)", "A block of words.", "After it.",
    ]  # fmt: skip
    # A translation with the tab character in it does not make another column; a cell's
    # leading space is the table's.
    out = document.write([t.replace("Meaning", "Sense: this") for t in texts])
    assert b"Code:Name:Sense\\[u003A] this\n" in out
    out = capitals(document)
    assert b"ESC c:RIS:RESET THE TERMINAL\n033: to:\\fBSOH\\fR (START OF HEADING)\n_\n" in out
    if GROFF is not None:
        assert rendered(out) == rendered((tmp_path / "probe.7").read_bytes())


def test_a_table_that_never_ends_is_refused_naming_its_line(tmp_path: Path) -> None:
    with pytest.raises(DocumentError) as caught:
        page(tmp_path, "probe.7", ".SH DESCRIPTION\nWords.\n.TS\nl l.\na:b\n")
    assert caught.value.message.startswith("Line 4 (.TS) starts what a .TE line ends")


def test_an_item_tag_of_prose_is_translated_and_an_options_kept(tmp_path: Path) -> None:
    body = (
        '.SH DESCRIPTION\n.IP "Exit status" 4\nZero when it worked.\n.IP Note\nA note.\n'
        '.IP "\\fB\\-v\\fR" 4\nBe verbose.\n.IP \\(bu 2\nAn item.\n.IP EINVAL\nBad value.\n'
        '.IP "ESC c"\nReset.\n.IP "\\fBfor statement\\fR"\nLoops.\n'
    )
    document = page(tmp_path, "probe.1", body)
    texts = [u.text for u in document.units]
    assert texts == [
        "DESCRIPTION", "Exit status", "Zero when it worked.", "Note", "A note.", "Be verbose.",
        "An item.", "Bad value.", "Reset.", "ZXQ1Qfor statementZXQ2Q", "Loops.",
    ]  # fmt: skip
    out = document.write([t.replace("Note", "Zur Beachtung") for t in texts])
    assert b'.IP "Zur Beachtung"\n' in out  # (one argument still: quoted)
    out = capitals(document)
    assert b'.IP "EXIT STATUS" 4\n' in out and b'.IP "\\fB\\-v\\fR" 4\n' in out
    if GROFF is not None:
        assert rendered(out) == rendered((tmp_path / "probe.1").read_bytes())


def test_a_heading_of_several_arguments_some_quoted_shows_no_quotes(tmp_path: Path) -> None:
    # open(2)'s '.SS Rationale for openat() and other "directory file descriptor" APIs' and
    # env(1)'s '.SS "\-\-default-signal[=SIG]" usage': roff's arguments, quotes not shown.
    body = (
        '.SH DESCRIPTION\nWords.\n.SS Rationale for other "directory file descriptor" APIs\n'
        'More.\n.SS "\\-\\-default-signal[=SIG]" usage\nLast.\n'
    )
    document = page(tmp_path, "probe.1", body)
    texts = [u.text for u in document.units]
    assert "Rationale for other directory file descriptor APIs" in texts
    assert (
        "ZXQ1Q[=SIG] usageZXQ2Q" in texts
    )  # (its closing quote: the option's placeholder is sent)
    out = capitals(document)
    assert b'.SS "RATIONALE FOR OTHER DIRECTORY FILE DESCRIPTOR APIS"\n' in out
    assert b'.SS "\\-\\-default-signal[=SIG] USAGE"\n' in out
    if GROFF is not None:
        assert rendered(out) == rendered((tmp_path / "probe.1").read_bytes())
