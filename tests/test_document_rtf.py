"""Rich Text (.rtf) as LibreOffice, pandoc and AbiWord write it (tests/data/rtf/, by
tools/make_producer_fixtures.py), and the parts of the format Word and TextEdit use that
those three do not (code pages of double-byte fonts, \\uc, \\upr, \\bin, "\\<newline>")."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Sequence
from pathlib import Path

import pytest
from striprtf.striprtf import rtf_to_text as _rtf_to_text

from engine.cli.main import main
from engine.documents import open_document, translate_file
from engine.documents.errors import DocumentError
from engine.engine import Engine
from engine.options import EngineOptions
from tests.fixtures import producers
from tests.fixtures.builder import exported

DATA = Path(__file__).parent / "data" / "rtf"
REPORTS = ["abiword.rtf", "libreoffice.rtf", "pandoc.rtf"]
INTL = ["abiword-intl.rtf", "libreoffice-intl.rtf", "pandoc-intl.rtf"]
# Control words that a rewritten text may add or drop (characters and their fallbacks).
_TEXT_WORDS = re.compile(
    rb"\\(?:u-?\d+|uc\d+|'[0-9a-f]{2}|tab|line|[lr]quote|[lr]dblquote|e[mn]dash|bullet)\b ?",
    re.I,
)
_WORDS = re.compile(rb"\\[a-z]+-?\d*|[{}]")


def words(text: str) -> str:
    return " ".join(text.split())


def upper(seen: list[str]) -> object:
    def translate(batch: Sequence[str]) -> list[str]:
        seen.extend(batch)
        return [t.upper() for t in batch]

    return translate


def structure(data: bytes) -> list[bytes]:
    """The file's control words and groups, in order, without those that write text."""
    return _WORDS.findall(_TEXT_WORDS.sub(b"", data))


def rtf(body: str, header: str = r"\ansi\ansicpg1252\deff0{\fonttbl{\f0 Arial;}}") -> bytes:
    return ("{\\rtf1" + header + body + "}").encode("latin-1")


def rtf_to_text(text: str) -> str:
    """What striprtf, another reader than ours, shows of a file's text."""
    return str(_rtf_to_text(text))  # type: ignore[no-untyped-call]


def texts(data: bytes, tmp_path: Path, name: str = "in.rtf") -> list[str]:
    path = tmp_path / name
    path.write_bytes(data)
    return [u.text for u in open_document(path).units]


def test_the_committed_files_are_the_ones_the_tests_name() -> None:
    names = sorted(p.name for p in DATA.iterdir())
    assert names == sorted([*REPORTS, *INTL, "libreoffice-fields.rtf"])
    assert sum(p.stat().st_size for p in DATA.iterdir()) < 60_000


@pytest.mark.parametrize("name", REPORTS)
def test_every_paragraph_cell_and_note_is_a_unit(name: str) -> None:
    units = [words(u.text) for u in open_document(DATA / name).units]
    for sentence in [producers.TITLE, *producers.SENTENCES, *producers.VERBATIM]:
        assert sentence in units or any(sentence in u for u in units), (name, sentence)
    if name != "abiword.rtf":  # (AbiWord's is saved from the HTML, which has no note)
        assert producers.NOTE in units
    # A link's text is the sentence's; a list's bullet is not.
    assert "Read the manual before you start." in units
    assert not any(u.startswith(("•", "\u2022")) for u in units)


@pytest.mark.parametrize("name", REPORTS + INTL + ["libreoffice-fields.rtf"])
def test_a_translation_changes_the_text_and_nothing_else(name: str, tmp_path: Path) -> None:
    source = DATA / name
    before = source.read_bytes()
    same = tmp_path / f"same-{name}"
    translate_file(source, same, lambda batch: list(batch))
    assert same.read_bytes() == before  # an unchanged text is the file, byte for byte
    seen: list[str] = []
    out = tmp_path / name
    result = translate_file(source, out, upper(seen))  # type: ignore[arg-type]
    assert source.read_bytes() == before
    assert result.counts.failed == 0 and seen
    written = out.read_bytes()
    assert structure(written) == structure(before)
    assert written.isascii()
    reread = [u.text for u in open_document(out).units]
    assert reread == [u.text.upper() for u in open_document(source).units]
    # Another reader than ours sees the translation where it saw the text (it skips
    # AbiWord's "\\*\\fldrslt", a link's text), fields showing their results.
    shown_before = words(rtf_to_text(before.decode("latin-1")))
    shown = words(rtf_to_text(written.decode("ascii")))
    pairs = zip(open_document(source).units, open_document(out).units, strict=True)
    checked = [(a, b) for a, b in pairs if words(a.shown) in shown_before]
    assert len(checked) >= len(seen) - 1
    for old, new in checked:
        assert words(new.shown) in shown and new.shown == old.shown.upper(), old.text


@pytest.mark.parametrize("name", INTL)
def test_every_script_is_read_and_written_whoever_encoded_it(name: str, tmp_path: Path) -> None:
    units = [u.text for u in open_document(DATA / name).units]
    assert units == producers.RTF_INTL
    translated = ["Zusammenfassung des „Plans“ 🙂", "Grüße — 你好，世界。 Ἀθῆναι €5 {x} \\ ok"]
    out = tmp_path / name
    result = translate_file(DATA / name, out, lambda batch: translated[-len(batch) :])
    assert result.counts.failed == 0
    assert [u.text for u in open_document(out).units] == translated
    shown = rtf_to_text(out.read_text("ascii"))
    for text in translated:
        assert text.replace("🙂", "") in shown.replace("🙂", "")


def test_fields_are_placeholders_but_a_form_fields_text_is_translated() -> None:
    units = {u.id: u for u in open_document(DATA / "libreoffice-fields.rtf").units}
    footer = next(u for u in units.values() if u.id.startswith("footer"))
    assert footer.text == "Page ZXQ1Q of ZXQ2Q in the report" and footer.fields == ("1", "1")
    body = [u.text for u in units.values() if u.id.startswith("body")]
    assert body == [
        "This is page ZXQ1Q of the quarterly report.",
        f"Please send the invoice to {producers.FIELD_INPUT} before the end of the month.",
    ]


def test_a_double_byte_fonts_bytes_and_uc2_fallbacks(tmp_path: Path) -> None:
    """As Word writes Japanese: the font's charset names Shift-JIS; \\uc2 with a two-byte
    fallback; and bytes with no \\uN at all."""
    header = r"\ansi\ansicpg1252\deff0{\fonttbl{\f0 Arial;}{\f1\fcharset128 MS Mincho;}}"
    body = (
        r"\pard{\f1\'93\'fa\'96\'7b\'8c\'ea}\par"
        r"\pard{\f1\uc2\u26085\'93\'fa\u26412\'96\'7b} and \'e9t\'e9\par"
        r"\pard\uc0\u20013 \u25991  ok\par"
        r"\pard\uc1 Emoji \u-10179?\u-8638? here\par"
    )
    data = rtf(body, header)
    assert texts(data, tmp_path) == ["日本語", "日本 and été", "中文 ok", "Emoji 🙂 here"]
    source = tmp_path / "in.rtf"
    out = tmp_path / "out.rtf"
    new = ["本日", "日本 und Sommer ü", "中文 gut", "Emoji 🙂 hier"]
    translate_file(source, out, lambda batch: new[: len(batch)] if len(batch) == 4 else new)
    assert [u.text for u in open_document(out).units] == new
    written = out.read_bytes()
    assert b"\\u26412\\'96\\'7b" in written  # the group's \uc2: a two-byte fallback
    assert b"\\u252\\'fc" in written  # "ü": its one byte in the code page (\uc1)


def test_a_bare_control_word_before_the_text_keeps_its_meaning(tmp_path: Path) -> None:
    data = rtf(r"\pard\b\'e9t\'e9\b0  is hot.\par")
    source = tmp_path / "in.rtf"
    source.write_bytes(data)
    out = tmp_path / "out.rtf"
    translate_file(source, out, lambda batch: ["Summer is hot." for _ in batch])
    written = out.read_bytes()
    assert [u.text for u in open_document(out).units] == ["Summer is hot."]
    assert b"\\b " in written and b"\\b0 " in written  # bold, then not bold, as before


def test_textedit_paragraphs_escapes_upr_and_binary_data(tmp_path: Path) -> None:
    """TextEdit ends a paragraph with a backslash and a newline; Word 97 writes \\upr with
    an ANSI twin and the Unicode text in \\ud; a picture's \\bin bytes are never text."""
    body = (
        "\\f0\\fs24 \\cf0 First line \\{braces\\} and \\\\ back.\\\n"
        "Second \\'93quoted\\'94 line.\\\n"
        r"{\upr{Caf? time}{\*\ud{Caf\u233? time}}}\par"
        r"{\pict\wmetafile8\bin5 {\}}x}After the picture.\par"
    )
    data = rtf(body, r"\ansi\ansicpg1252\cocoartf2639{\fonttbl\f0\fswiss Helvetica;}")
    assert texts(data, tmp_path) == [
        "First line {braces} and \\ back.",
        "Second \u201cquoted\u201d line.",
        "Café time",
        "After the picture.",
    ]


def test_not_rtf_and_renamed_files_are_said_so(tmp_path: Path) -> None:
    path = tmp_path / "notes.rtf"
    path.write_text("Just some text.\n", encoding="utf-8")
    with pytest.raises(DocumentError) as caught:
        open_document(path)
    assert "not an RTF file" in caught.value.message
    docx = tmp_path / "contract.rtf"
    shutil.copyfile(DATA.parent / "producers" / "libreoffice.docx", docx)
    with pytest.raises(DocumentError) as caught:
        open_document(docx)
    assert caught.value.message_id == "document.renamed"


def test_groups_nested_without_end_are_refused_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "deep.rtf"
    path.write_bytes(b"{\\rtf1 " + b"{" * 100_000 + b"text")
    with pytest.raises(DocumentError) as caught:
        open_document(path)
    assert "damaged" in caught.value.message


def test_quire_translate_writes_rich_text(
    quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Engine(EngineOptions(home=quire_home)).import_model(exported("marian"), "opus-mt-en-de")
    source = tmp_path / "report.rtf"
    shutil.copyfile(DATA / "libreoffice.rtf", source)
    before = source.read_bytes()
    code = main(["translate", "--json", "--from", "en", "--to", "de", str(source)])
    row = json.loads(capsys.readouterr().out)
    output = tmp_path / "report.de.rtf"
    assert code == 0 and row["output"] == str(output)
    assert row["units"] == len(open_document(source).units) == sum(row["counts"].values())
    assert source.read_bytes() == before
    languages = re.compile(rb"(\\(?:lang|deflang|alang|adeflang))\d+")  # (named German now)
    assert structure(languages.sub(rb"\1", output.read_bytes())) == structure(
        languages.sub(rb"\1", before)
    )
    assert b"\\lang1031" in output.read_bytes() and b"\\lang1033" in before
    ids = [u.id for u in open_document(source).units]
    assert [u.id for u in open_document(output).units] == ids


# Markup as Word writes it (Word's own RTF cannot be made here): its header and tables, its
# runs ("\rtlch\fcs1 … \ltrch\fcs0 …\insrsid"), lines broken inside a word, list labels
# typed before a tab in the Symbol font, a link with its \datafield, a table of contents, a
# footnote, a header, and table cells.
WORD = (
    r"{\rtf1\adeflang1025\ansi\ansicpg1252\uc1\adeff0\deff0\stshfdbch0\deflang1033"
    r"{\fonttbl{\f0\fbidi \froman\fcharset0\fprq2{\*\panose 02020603050405020304}Times New Roman;}"
    r"{\f3\fbidi \froman\fcharset2\fprq2{\*\panose 05050102010706020507}Symbol;}"
    r"{\f38\fbidi \fswiss\fcharset0\fprq2 Tahoma;}}"
    r"{\colortbl;\red0\green0\blue0;}{\*\defchp }{\stylesheet{\ql \snext0 Normal;}"
    r"{\*\cs15 \additive \ul\cf2 Hyperlink;}}{\*\rsidtbl \rsid1841690}"
    r"{\mmathPr\mmathFont34\mbrkBin0}{\info{\author erics}{\*\company Microsoft}}"
    "\r\n\\paperw12240\\paperh15840\\widowctrl\\ftnbj\\sectd \\ltrsect"
    r"{\header \ltrpar \pard\plain \ltrpar\s15\ql {\rtlch\fcs1 \af0 \ltrch\fcs0 "
    r"\insrsid1841690 Confidential draft\par }}"
    r"\pard\plain \ltrpar\ql \li0\ri0\sb120\sa120\widctlpar\itap0 \rtlch\fcs1 \af0\afs24"
    r"\alang1025 \ltrch\fcs0 \fs24\lang1033\langfe1033\loch\af0\hich\af0\dbch\af31505 "
    r"{\rtlch\fcs1 \ab\af38\afs28 \ltrch\fcs0 \b\f38\fs28\insrsid1841690 LICENSE TERMS"
    "\r\n\\par }"
    r"{\field\fldedit{\*\fldinst {\rtlch\fcs1 \af0 \ltrch\fcs0 \insrsid1841690  TOC \\o "
    r"""\"1-3\" \\h \\z \\u }}{\fldrslt {\rtlch\fcs1 \af0 \ltrch\fcs0 \lang1024 Scope\tab 1"""
    r"\par }{\rtlch\fcs1 \af0 \ltrch\fcs0 \lang1024 Terms\tab 2}}}\pard\plain \ltrpar\ql "
    r"{\rtlch\fcs1 \af0 \ltrch\fcs0 \insrsid1841690 \par }"
    r"{\rtlch\fcs1 \af38\afs19 \ltrch\fcs0 \f38\fs19\insrsid1841690 These terms are an agree"
    "\r\nment between you and us.  Please read them"
    r"\rquote s terms, \'93all\'94 of them.\par }"
    r"\pard \ltrpar\ql \fi-363\li720{\rtlch\fcs1 \af3\afs19 \ltrch\fcs0 \f3\fs19"
    r"\insrsid1841690 \'b7\tab }{\rtlch\fcs1 \af38\afs19 \ltrch\fcs0 \f38\fs19\insrsid1841690 "
    "\r\nupdates,\r\n\\par }"
    r"{\rtlch\fcs1 \ab\af39\afs20 \ltrch\fcs0 \b\f39\fs20\insrsid1841690 1.\tab }"
    r"{\rtlch\fcs1 \ab\af38\afs19 \ltrch\fcs0 \b\f38\fs19\insrsid1841690 INSTALLATION.  }"
    r"{\rtlch\fcs1 \af38\afs19 \ltrch\fcs0 \f38\fs19\insrsid1841690 See "
    r"}{\field{\*\fldinst {\rtlch\fcs1 \af0 \ltrch\fcs0 \insrsid1841690  HYPERLINK "
    r"""\"https://example.com/\" }{\rtlch\fcs1 \af0 \ltrch\fcs0 \insrsid1841690 {\*\datafield """
    r"00d0c9ea79f9bace118c8200aa004ba90b0200000017000000}}}{\fldrslt {\rtlch\fcs1 \af0 "
    r"\ltrch\fcs0 \cs15\ul\cf2\insrsid1841690 our website}}}{\rtlch\fcs1 \af38 \ltrch\fcs0 "
    r"\insrsid1841690  for details.}{\rtlch\fcs1 \af0 \ltrch\fcs0 \cs16\super\insrsid1841690 "
    r"\chftn {\footnote \ltrpar \pard\plain \ltrpar\s17\ql {\rtlch\fcs1 \af0 \ltrch\fcs0 "
    r"\cs16\super\insrsid1841690 \chftn }{\rtlch\fcs1 \af0 \ltrch\fcs0 \insrsid1841690  "
    r"Only where the law allows.}}}{\rtlch\fcs1 \af38 \ltrch\fcs0 \insrsid1841690 \par }"
    r"\trowd \irow0\irowband0\ltrrow\ts11\trgaph108\cellx4788\cellx9576\pard\plain \ltrpar"
    r"\ql \intbl {\rtlch\fcs1 \af0 \ltrch\fcs0 \insrsid1841690 Fee\cell 12.50\cell }"
    r"\pard\plain \ltrpar\ql \intbl {\rtlch\fcs1 \af0 \ltrch\fcs0 \insrsid1841690 \trowd "
    r"\irow0\cellx4788\cellx9576\row }\pard \ltrpar\ql {\rtlch\fcs1 \af0 \ltrch\fcs0 "
    r"\insrsid1841690 \par }}"
)


def test_word_markup(tmp_path: Path) -> None:
    path = tmp_path / "terms.rtf"
    path.write_bytes(WORD.encode("ascii"))
    units = open_document(path).units
    assert [(u.id.split("#")[0], u.text) for u in units] == [
        ("header1", "Confidential draft"),
        ("body", "LICENSE TERMS"),
        ("body", "These terms are an agreement between you and us.  Please read them\u2019s "
                 "terms, \u201call\u201d of them."),
        ("body", "updates,"),
        ("footnote1", " Only where the law allows."),
        ("body", "INSTALLATION.  See our website for details."),
        ("body", "Fee"),
        ("body", "12.50"),
    ]  # fmt: skip
    # The table of contents is a field: its paragraph holds no text of its own.
    assert not any("Scope" in u.text or "ZXQ" in u.text for u in units)
    out = tmp_path / "terms.de.rtf"
    translate_file(path, out, lambda batch: [f"«{t}»" for t in batch])
    written = out.read_bytes()
    assert structure(written) == structure(path.read_bytes())
    wanted = [u.text if u.text == "12.50" else f"«{u.text}»" for u in units]  # (a number stays)
    assert [u.text for u in open_document(out).units] == wanted
    assert b"\\f3\\fs19\\insrsid1841690 \\'b7\\tab }" in written  # the label as it was
    assert b"{\\*\\datafield 00d0c9ea79f9bace118c8200aa004ba90b0200000017000000}" in written


@pytest.mark.parametrize("argv", [["translate", "--to", "de"], ["summarize"]])
def test_rich_text_under_an_abiword_name_is_said_to_be_rich_text(
    argv: list[str], tmp_path: Path, quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Programs exporting "Word" files often write RTF named .doc (read as the RTF it is: see
    test_document_office97, and under .wpd: test_document_legacy) or .abw, which Quire does
    not read: rename it, not resave it."""
    path = tmp_path / "letter.abw"
    shutil.copyfile(DATA / "pandoc.rtf", path)
    with pytest.raises(DocumentError) as caught:
        open_document(path)
    assert caught.value.message_id == "document.renamed"
    assert caught.value.params["name"] == "letter.rtf"
    assert main([*argv, str(path)]) == 1
    err = capsys.readouterr().err
    assert "This is a .rtf file with a .abw name" in err and "Rename it to letter.rtf" in err
    binary = tmp_path / "old.abw"
    binary.write_bytes(b"\x1f\x8b\x08" + bytes(508))  # a gzipped AbiWord file's start
    with pytest.raises(DocumentError) as caught:
        open_document(binary)
    assert caught.value.message_id == "document.unsupported"


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("de", [b"\\lang1031", b"\\deflang1031", b"\\langfe2052", b"\\alang1025"]),
        ("zh", [b"\\lang1033", b"\\langfe2052", b"\\deflangfe2052"]),
        ("ar", [b"\\lang1033", b"\\alang3073", b"\\adeflang3073"]),
    ],
)
def test_the_translation_is_declared_in_its_language(
    language: str, words: list[bytes], tmp_path: Path
) -> None:
    """Word checks spelling by \\lang (Latin, Greek, Cyrillic), \\langfe (East Asian) and
    \\alang (right to left, Indic); \\lang1024 marks text never checked, and stays so."""
    header = r"\ansi\ansicpg1252\deff0\deflang1033\deflangfe2052\adeflang1025{\fonttbl{\f0 Arial;}}"
    body = (
        r"{\stylesheet{\lang1033\langfe2052\alang1025 Normal;}}"
        r"\pard\lang1033\langfe2052\alang1025 The house is small.\par"
        r"\pard{\lang1024 quire --help}\par"
    )
    source = tmp_path / "in.rtf"
    source.write_bytes(rtf(body, header))
    out = tmp_path / "out.rtf"
    translate_file(source, out, lambda batch: [t.upper() for t in batch], language=language)
    written = out.read_bytes()
    for word in words:
        assert re.search(re.escape(word) + rb"(?!\d)", written), word
    assert b"{\\lang1024 QUIRE --HELP}" in written
    unchanged = tmp_path / "same.rtf"
    translate_file(source, unchanged, lambda batch: [t.upper() for t in batch])
    assert structure(unchanged.read_bytes()) == structure(source.read_bytes())


@pytest.mark.parametrize("name", [*REPORTS, "libreoffice-fields.rtf"])
def test_bilingual_each_paragraph_then_its_translation(name: str, tmp_path: Path) -> None:
    source = DATA / name
    units = open_document(source).units
    out = tmp_path / name
    translate_file(
        source, out, lambda batch: [f"DE {t}" for t in batch], bilingual=True, language="de"
    )
    written = out.read_bytes()
    # Each paragraph, then its translation's (a field showing its result; a number as it was).
    expected = []
    for unit in units:
        translated = unit.shown if unit.text in producers.VERBATIM else f"DE {unit.shown}"
        expected += [unit.shown, translated]
    assert [words(u.shown) for u in open_document(out).units] == [words(e) for e in expected]
    assert written.count(b"{\\lang1031 ") == len(units)  # the translations' language
    before = structure(source.read_bytes())
    assert structure(written).count(b"\\par") == before.count(b"\\par") + len(units)


@pytest.mark.parametrize(
    ("body", "units"),
    [
        # A font of charset 0 is Western whatever code page the system named.
        (r"\pard\f0 Caf\'e9 na\'efve\par\pard\f1 \'cf\'f0\'e8\'e2\'e5\'f2\par",
         ["Café naïve", "Привет"]),
        # Half a surrogate pair, a number no character has: a replacement character, no crash.
        (r"\pard Hi \u-8704? there\par\pard Hi \u-10179? there\par\pard x \u-70000? y\par",
         ["Hi \ufffd there", "Hi \ufffd there", "x \ufffd y"]),
        (r"\pard Emoji {\u-10179?}{\u-8638?} here\par", ["Emoji 🙂 here"]),
        # What readers that know nested tables skip; a column break; a field with no
        # instruction (its result is text); a control word with a long number.
        (r"\pard Real text{\nonesttables Old copy\par} more\par", ["Real text more"]),
        (r"\pard First\column Second\par", ["First", "Second"]),
        (r"\pard See {\field{\fldrslt the link}} now.\par", ["See the link now."]),
        (r"\pard Hello \fs12345678901 world\par", ["Hello world"]),
        # One letter before a tab is a word; "a." is a label.
        (r"\pard A\tab Apple pie.\par\pard I\tab think so.\par\pard a.\tab First.\par",
         ["A\tApple pie.", "I\tthink so.", "First."]),
    ],
)  # fmt: skip
def test_inputs_a_review_found_misread(body: str, units: list[str], tmp_path: Path) -> None:
    header = (
        r"\ansi\ansicpg1251\deff0{\fonttbl{\f0\fnil\fcharset0 Arial;}"
        r"{\f1\fnil\fcharset204 Arial;}}"
    )
    data = rtf(body, header) + b" trailing \\par garbage" + bytes(20)
    assert texts(data, tmp_path) == units  # (nothing after the document's last brace)
    out = tmp_path / "out.rtf"
    translate_file(tmp_path / "in.rtf", out, lambda batch: [t.upper() for t in batch])
    assert [u.text for u in open_document(out).units] == [u.upper() for u in units]


def test_a_double_byte_fields_result_is_decoded_whole(tmp_path: Path) -> None:
    header = r"\ansi{\fonttbl{\f0 Arial;}{\f1\fcharset128 MS Mincho;}}"
    body = r"\pard Today {\field{\*\fldinst DATE}{\fldrslt\f1 \'93\'fa\'96\'7b}} ok\par"
    data = rtf(body, header)
    path = tmp_path / "date.rtf"
    path.write_bytes(data)
    (unit,) = open_document(path).units
    assert unit.text == "Today ZXQ1Q ok" and unit.fields == ("日本",)


def test_text_a_reviewer_deleted_is_kept_and_not_translated(tmp_path: Path) -> None:
    """Word's tracked changes: a deletion (\\deleted) stays in the file as it was, out of the
    sentence; an insertion (\\revised) is text."""
    body = (
        r"\pard The fee is {\deleted\revauthdel1 twenty}{\revised\revauth1 thirty} euros."
        r"\par"
    )
    data = rtf(body)
    assert texts(data, tmp_path) == ["The fee is thirty euros."]
    out = tmp_path / "out.rtf"
    translate_file(tmp_path / "in.rtf", out, lambda b: ["Die Gebühr beträgt dreißig Euro."])
    written = out.read_bytes()
    assert b"{\\deleted\\revauthdel1 twenty}" in written
    assert [u.text for u in open_document(out).units] == ["Die Gebühr beträgt dreißig Euro."]


@pytest.mark.parametrize(
    ("body", "copy"),
    [
        # A last paragraph with no \par: its copy after the paragraph's groups, not inside
        # the last one (hidden, bold, a link's text or before a note's mark).
        (r"\pard First\par\pard Hello {\v secret}", rb"Hello {\v secret}\par {\lang1031 DE "),
        (r"\pard First\par\pard Hello {\b world}", rb"Hello {\b world}\par {\lang1031 DE "),
        (r"\pard First\par\pard Body{\footnote \pard Note}",
         rb"Body{\footnote \pard Note\par {\lang1031 DE Note}}\par {\lang1031 DE Body}"),
        # TextEdit's \uc0 inside the last run: the copy written for \uc0.
        (r"\pard First\par\pard Caf\uc0\u233 ", rb"\par {\lang1031 DE Caf\u233 }"),
        # A paragraph mark a reviewer deleted: the copy's is not.
        (r"\pard Hello{\deleted  old\par} new text\par",
         rb"{\deleted  old{\deleted0 \par {\lang1031 DE Hello}}\par}"),
    ],
)  # fmt: skip
def test_a_bilingual_copy_goes_where_the_paragraph_ends(
    body: str, copy: bytes, tmp_path: Path
) -> None:
    source = tmp_path / "in.rtf"
    source.write_bytes(rtf(body))
    out = tmp_path / "bi.rtf"
    translate_file(
        source, out, lambda batch: [f"DE {t}" for t in batch], bilingual=True, language="de"
    )
    assert copy in out.read_bytes()


def test_deleted_tabs_and_fields_stay_out_of_the_sentence(tmp_path: Path) -> None:
    body = r"\pard Hello{\deleted \tab old {\field{\*\fldinst PAGE}{\fldrslt 3}}} world\par"
    assert texts(rtf(body), tmp_path) == ["Hello world"]


def test_a_complex_scripts_copy_names_its_language_as_word_does(tmp_path: Path) -> None:
    source = tmp_path / "in.rtf"
    source.write_bytes(rtf(r"\pard The house is small.\par"))
    out = tmp_path / "bi.rtf"
    translate_file(source, out, lambda b: ["البيت صغير." for _ in b], bilingual=True, language="ar")
    assert b"{\\rtlch\\fcs1 \\alang3073 \\ltrch\\fcs0 \\u1575" in out.read_bytes()


@pytest.mark.parametrize(
    ("code", "number"),
    [("sr-Cyrl", 10266), ("sr-Latn", 9242), ("uz-Cyrl", 2115), ("pa-Arab", 2118),
     ("mn-Mong", 2128), ("yi", 1085), ("ckb", 1170), ("es", 3082), ("zh-Hant", 1028),
     ("pt-BR", 1046)],
)  # fmt: skip
def test_windows_language_ids_name_the_script_too(code: str, number: int) -> None:
    """Python's own table has no script variants: Serbian in Cyrillic is not its Latin."""
    from engine.documents.language import lcid, target_language

    language = target_language(code)
    assert language is not None and lcid(language) == number
