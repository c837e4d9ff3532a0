"""Older word processors' and office files (WordPerfect, Works, Write, StarOffice and
OpenOffice.org 1, Hangul 3.0) and Excel's .xlsb, converted by LibreOffice and written as .docx,
.xlsx or .pptx (tests/data/legacy, see its README.md: Apache Tika's and POI's real files). The
conversions run the real ``soffice``; where it is not installed they are skipped, and the
refusals that need no LibreOffice are tested without it."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

import pytest

from engine.documents import (
    DocumentError,
    imported,
    libreoffice,
    office97,
    open_document,
    translate_file,
)
from engine.documents.registry import output_suffix, supported_kinds, writable_suffixes
from engine.fileio import OTHER_DOCUMENTS

DATA = Path(__file__).parent / "data" / "legacy"
RTF = Path(__file__).parent / "data" / "rtf" / "pandoc.rtf"
SOFFICE = shutil.which("soffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")


# The files whose translation LibreOffice prints to PDF, one of each kind it is written as.
_SHOWN = frozenset(
    ["testWordPerfect.wpd", "testStarOffice-6.0-calc.sxc", "testStarOffice-6.0-draw.sxi"]
)


def marked(texts: Sequence[str]) -> list[str]:
    return [f"«{t}»" for t in texts]


def _pdf_text(path: Path, tmp_path: Path) -> str:
    """What LibreOffice shows of ``path``: printed to PDF by it, read by pdftotext."""
    folder = tmp_path / "pdf"
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [str(SOFFICE), f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(folder), str(path)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    pdf = folder / f"{path.stem}.pdf"
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout


@needs_soffice
@pytest.mark.parametrize(
    ("name", "save_as", "words"),
    [
        # (Apache Tika's expectations of each file, from its WordPerfectTest and others)
        ("testWordPerfect.wpd", ".docx", ["AND FURTHER", "APPENDIX ‘A’"]),
        ("testWordPerfect_5_1.wp", ".docx", ["Western Gulf of Alaska Petroleum"]),
        ("testWORKS2000.wps", ".docx", ["This is an example document made with Microsoft "
                                        "Works Word Processor 7.0"]),
        ("testMSWriteFile.wri", ".docx", ["Contribution on DSSSL", "Requestor"]),
        ("testStarOffice-5.2-writer.sdw", ".docx", ["This is an example StarOffice 5.2 document."]),
        ("testStarOffice-6.0-writer.sxw", ".docx", ["Example Text"]),
        ("testStarOffice-6.0-calc.sxc", ".xlsx", ["菜名"]),
        # (libstaroffice's regression file: StarOffice 5's Calc)
        ("Calc5_go-oox-5.sdc", ".xlsx", ["Superscript", "6.1 - PATTERN FILL"]),
        ("testStarOffice-6.0-draw.sxi", ".pptx", ["Example Bullet Problems"]),
        ("testHWP_3.0.hwp", ".docx", ["테스트", "test"]),
        ("sample.xlsb", ".xlsx", ["Lorem", "The quick brown fox jumps over the lazy dog"]),
    ],
)  # fmt: skip
def test_an_old_document_is_translated_into_a_word_excel_or_powerpoint_file(
    tmp_path: Path, name: str, save_as: str, words: list[str]
) -> None:
    """Each real file's words are read, written translated into the kind it is converted to,
    which opens with the translation where the words were (and which LibreOffice shows so:
    printed to PDF for one file of each kind, as each conversion costs seconds); the source
    is untouched."""
    source = tmp_path / name
    shutil.copyfile(DATA / name, source)
    before = source.read_bytes()
    assert output_suffix(source.suffix) == save_as
    out = tmp_path / f"out{save_as}"
    sent: list[str] = []

    def translator(texts: Sequence[str]) -> list[str]:
        sent.extend(texts)
        return marked(texts)

    result = translate_file(source, out, translator)
    assert source.read_bytes() == before
    texts = [" ".join(t.split()) for t in sent]
    assert all(any(w.lower() in t.lower() for t in texts) for w in words), texts
    assert any("was converted with LibreOffice" in n and save_as in n for n in result.notes)
    # (the same characters: a tab between a run's words, Write's table columns, may move
    # within the translation, as a run keeps its share of the words; a unit of no words to
    # translate, a text cell "0" or "L", is kept as it is, not sent)
    back = ["".join(u.text.split()) for u in open_document(out).units]
    assert {t for t in back if t.startswith("«")} == {"".join(f"«{t}»".split()) for t in sent}
    if name not in _SHOWN:
        return
    shown = " ".join(_pdf_text(out, tmp_path).split())
    assert all(w.lower() in shown.lower() for w in words), shown
    assert all(f"«{w}" in shown for w in words if w in texts), shown  # (a cell's, a paragraph's)


@needs_soffice
def test_write_keeps_its_header_s_words(tmp_path: Path) -> None:
    """A Write file's running header (the register's column titles) is read and translated,
    as wps2text (libwps) reads it: LibreOffice puts it in the .docx's header."""
    texts = [u.text for u in open_document(DATA / "testMSWriteFile.wri").units]
    joined = " ".join(" ".join(texts).split())
    for word in ("Document", "Date of", "Title", "Requestor", "Number", "Request"):
        assert word in joined


def test_a_hangul_2002_or_later_document_is_refused_saying_what_to_do(tmp_path: Path) -> None:
    """HWP 5.0 (a compound file), which LibreOffice does not open, is refused before it
    runs: not as damaged, but saying to save it as .docx in Hangul."""
    with pytest.raises(DocumentError) as caught:
        open_document(DATA / "testHWP_5.0.hwp")
    assert caught.value.message_id == "document.hwp5"
    assert "HWP 5.0" in caught.value.message
    assert "save it as a Word document (.docx)" in (caught.value.hint or "")


@pytest.mark.parametrize(
    ("name", "message_id"),
    [
        ("protected_passtika.xlsb", "document.encrypted"),
        # (LibreOffice's .xlsb import leaves SmartArt's words out: its cells alone came back)
        ("testEXCEL_diagramData.xlsb", "document.xlsb_smartart"),
    ],
)
def test_an_xlsb_libreoffice_cannot_convert_whole_is_refused(name: str, message_id: str) -> None:
    with pytest.raises(DocumentError) as caught:
        open_document(DATA / name)
    assert caught.value.message_id == message_id
    assert "Excel" in (caught.value.hint or "")


@pytest.mark.parametrize(
    ("name", "data", "program"),
    [
        ("notes.wri", b"Meeting notes, not a Write file.\n", "Write"),
        ("letter.wpd", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "WordPerfect"),
        ("old.wps", b"PK\x03\x04" + bytes(60), "Works"),
        ("old.hwp", b"Hello", "Hangul"),
        ("book.sxw", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "OpenOffice.org Writer"),
    ],
)
def test_bytes_of_another_kind_are_refused_as_not_really_that_kind(
    tmp_path: Path, name: str, data: bytes, program: str
) -> None:
    """LibreOffice would read bytes it does not know as plain text and send them as words."""
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(DocumentError) as caught:
        open_document(path)
    error = caught.value
    assert error.message_id == "document.old_office_damaged"
    assert f"not really a {path.suffix} file" in error.message
    assert error.params["program"] == program and "export" not in error.params


def test_rich_text_named_as_a_word_processor_s_file_is_read_as_rich_text(tmp_path: Path) -> None:
    """Programs that export "Word" files, and WordPad, write RTF under such names."""
    for suffix in (".wpd", ".wri"):
        path = tmp_path / f"letter{suffix}"
        shutil.copyfile(RTF, path)
        document = open_document(path)
        assert document.output_suffixes == (".rtf",)
        assert document.notes[-1].message_id == "document.read_as_its_kind"
        assert [u.text for u in document.units] == [u.text for u in open_document(RTF).units]
        assert ".rtf" in (writable_suffixes(suffix) or ())


# Each kind's real file, and what the user can do with the program they have: Write 3.x saves
# its own files, Word for DOS's and text; Works 3.0-2000, StarOffice 5 and OpenOffice.org 1
# save Rich Text and Word 97's .doc, no .docx (their Calcs: a web page, .xls; their Impress:
# .ppt, which Quire reads by LibreOffice too); Word opens WordPerfect 5.x to X9's files;
# Hangul 97 saves no .docx.
_REMEDIES = [
    ("testWordPerfect.wpd", "Open it in Word and save it as .docx, or install LibreOffice"),
    ("testWordPerfect_5_1.wp", "Open it in Word and save it as .docx, or install LibreOffice"),
    ("testWORKS2000.wps", "Save it as Rich Text (.rtf) in Works, or install LibreOffice"),
    ("testMSWriteFile.wri", "Install LibreOffice (libreoffice.org) and Quire converts it"),
    (
        "testStarOffice-5.2-writer.sdw",
        "Save it as Rich Text (.rtf) in StarOffice Writer, or install LibreOffice",
    ),
    (
        "testStarOffice-6.0-writer.sxw",
        "Save it as Rich Text (.rtf) in OpenOffice.org Writer, or install LibreOffice",
    ),
    ("Calc5_go-oox-5.sdc", "Save it as a web page (.html) in StarOffice Calc, or install"),
    (
        "testStarOffice-6.0-calc.sxc",
        "Save it as a web page (.html) in OpenOffice.org Calc, or install",
    ),
    ("testStarOffice-6.0-draw.sxi", "Install LibreOffice (libreoffice.org) and Quire converts it"),
    ("testHWP_3.0.hwp", "Open it in a recent Hangul and save it as .docx, or install LibreOffice"),
    ("sample.xlsb", "Save it as .xlsx in Excel, or install LibreOffice"),
]


@pytest.mark.parametrize(("name", "hint"), _REMEDIES)
def test_without_libreoffice_it_says_what_the_user_s_program_can_save(
    monkeypatch: pytest.MonkeyPatch, name: str, hint: str
) -> None:
    """The remedy is one its program can do (Works, StarOffice and OpenOffice.org save no
    .docx, Write nothing Quire reads; it said "Save it as .docx in Write"), and the file it
    saves is one Quire reads without LibreOffice."""
    monkeypatch.setenv("PATH", "")
    monkeypatch.setattr(libreoffice, "_places", lambda *_args: [])
    with pytest.raises(DocumentError) as caught:
        open_document(DATA / name)
    error = caught.value
    suffix = Path(name).suffix
    assert error.message_id == "document.needs_libreoffice"
    assert error.message.startswith(f"Quire reads {suffix} files by converting them with")
    assert (error.hint or "").startswith(hint), error.hint
    if "save_as" in error.params:
        saves = str(error.params["save_as"])
        saved = f".{saves.rsplit('(.', 1)[-1].rstrip(')')}" if "(" in saves else saves
        assert saved in {s for group in supported_kinds().values() for s in group}
        converted = {*imported.KINDS, *office97.KINDS} - {".xlsb"}  # (Excel saves .xlsx)
        assert saved not in converted, f"{saved} needs LibreOffice too"


def test_each_refusal_gives_the_remedy_of_its_kind_s_program() -> None:
    """A file LibreOffice could not open, a LibreOffice that did not run or took too long,
    and a damaged file: each says the kind's own remedy, or none where there is none."""
    soffice = Path("/usr/bin/soffice")
    for name, _hint in _REMEDIES:
        path = DATA / name
        target = imported.KINDS[path.suffix].target
        said = libreoffice.remedy(target)
        unopened = imported._unopened(path).hint or ""
        broken = libreoffice._broken(path, target, soffice, "it stopped").hint or ""
        too_long = libreoffice._too_long(path, target).hint or ""
        damaged = imported._damaged(path, "not it").hint or ""
        if said:
            assert unopened.startswith(f"{said[:1].upper()}{said[1:]} and translate that")
            assert broken.endswith(f", or {said}, then try again")
            assert too_long.endswith(f", or {said} and translate that")
        else:
            assert unopened == "Update LibreOffice, then try again"
            assert broken.endswith("reinstall it if not, then try again")
            assert too_long.endswith("when the computer is less busy")
            assert damaged == f"Open and save it again in {target.program}, then try again"
        assert "save it as .docx in Write" not in " ".join([unopened, broken, damaged])


def test_the_kinds_read_are_listed_and_no_longer_refused_by_name() -> None:
    kinds = supported_kinds()
    for suffix in (".wpd", ".wp", ".wps", ".wri", ".sdw", ".sxw", ".hwp"):
        assert suffix in kinds["documents"] and suffix not in OTHER_DOCUMENTS
        assert writable_suffixes(suffix) == (".docx", ".rtf")
    for suffix, save_as in (
        (".xlsb", ".xlsx"), (".sdc", ".xlsx"), (".sxc", ".xlsx"), (".sxi", ".pptx")
    ):  # fmt: skip
        assert suffix in kinds["slides"] and suffix not in OTHER_DOCUMENTS
        assert writable_suffixes(suffix) == (save_as,)
    for suffix in (".abw", ".zabw", ".lwp"):  # (no real file at hand to judge LibreOffice on)
        assert OTHER_DOCUMENTS[suffix][0] == ".docx"


@needs_soffice
def test_an_xlsb_whose_conversion_loses_its_words_is_refused() -> None:
    """Excel 2007 Beta 2's .xlsb (Apache Tika's testEXCEL.xlsb): LibreOffice reads one empty
    sheet of it, its only text the footer of its default page style ("Page &P"), none of the
    workbook's. It is refused saying to save it as .xlsx in Excel, not written as a success."""
    with pytest.raises(DocumentError) as caught:
        open_document(DATA / "testEXCEL.xlsb")
    error = caught.value
    assert error.message_id == "document.xlsb_lost_text"
    assert error.params == {"count": "1"}
    assert "save it as .xlsx" in (error.hint or "")


@needs_soffice
def test_libreoffice_s_default_headers_are_not_taken_for_the_workbook_s_words(
    tmp_path: Path,
) -> None:
    """LibreOffice gives the sheets of testEXCEL.xlsb, which has no header or footer, its
    page style's ("&A" above, "Page &P" below); they are dropped, not translated. A workbook
    with headers of its own keeps every one."""
    from engine.documents import xlsb
    from engine.documents.imported import KINDS
    from engine.documents.xlsx import read as read_xlsx

    data = (DATA / "testEXCEL.xlsb").read_bytes()
    converted, _ = libreoffice.convert(
        data, DATA / "testEXCEL.xlsb", Path(str(SOFFICE)), KINDS[".xlsb"].target,
        unopened=lambda: DocumentError("unopened"),
    )  # fmt: skip
    before = [u.text for u in read_xlsx(converted, tmp_path / "t.xlsx").units]
    assert any("&P" in t or "Page" in t for t in before), before  # (LibreOffice's, as seen)
    strings, headers = xlsb.source_text(data)
    assert (strings, headers) == (1, frozenset())
    assert [u.text for u in read_xlsx(xlsb.without_added_headers(converted, headers),
                                      tmp_path / "t.xlsx").units] == []  # fmt: skip
    # (a source's own headers keep every one)
    assert xlsb.without_added_headers(converted, frozenset(["&CPage &P"])) == converted


@pytest.mark.parametrize("name", ["testWordPerfect.wpd", "testWordPerfect_5_1.wp"])
def test_a_password_protected_wordperfect_document_is_refused_as_protected(
    tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """WordPerfect keeps a protected document's key in its header (bytes 12 and 13, in 5.x
    as in 6 and later): refused as protected, before LibreOffice is run (it fails to open one,
    which was called "a version it does not read, or damaged")."""
    monkeypatch.setattr(libreoffice, "find_soffice", lambda: pytest.fail("LibreOffice run"))
    data = bytearray((DATA / name).read_bytes())
    data[12:14] = b"\x12\x34"  # (wpd2text: "File is password protected!")
    path = tmp_path / name
    path.write_bytes(bytes(data))
    with pytest.raises(DocumentError) as caught:
        open_document(path)
    error = caught.value
    assert error.message_id == "document.encrypted"
    assert "WordPerfect" in error.message and "password" in error.message
    assert "Password protect" in (error.hint or "")


def test_an_output_name_is_refused_at_once_with_the_names_it_may_have(tmp_path: Path) -> None:
    """A WordPerfect document is written as .docx alone: `-o x.wpd` says so (not ".docx,
    .rtf"), and `-o x.rtf` is refused before LibreOffice converts it; Rich Text named .wpd is
    written as .rtf alone."""
    from engine.documents.translate import _check_suffix

    source = tmp_path / "contract.wpd"
    shutil.copyfile(DATA / "testWordPerfect.wpd", source)
    rtf = tmp_path / "letter.wpd"
    shutil.copyfile(RTF, rtf)
    for path, out, allowed in (
        (source, "x.wpd", ".docx"),
        (source, "x.rtf", ".docx"),
        (rtf, "x.docx", ".rtf"),
    ):
        with pytest.raises(DocumentError) as caught:
            _check_suffix(path, tmp_path / out)
        assert caught.value.message_id == "document.wrong_output"
        assert caught.value.params["allowed"] == allowed
    _check_suffix(source, tmp_path / "x.docx")
    _check_suffix(rtf, tmp_path / "x.rtf")


@needs_soffice
def test_tracked_changes_of_a_converted_file_name_its_program_not_word() -> None:
    """tracked.sxw (OpenOffice.org Writer) has a tracked insertion and deletion: the note
    says to accept them in its program or LibreOffice, not in Word's Review tab."""
    document = open_document(DATA / "tracked.sxw")
    notes = [n for n in document.notes if n.message_id == "document.pending_changes"]
    assert len(notes) == 1
    editor = str(notes[0].params["editor"])
    assert "Word" not in editor.replace("OpenOffice.org Writer", "")
    assert editor == "OpenOffice.org Writer, or LibreOffice: Edit → Track Changes → Manage"


def test_the_app_says_an_rtf_as_the_command_line_does(tmp_path: Path) -> None:
    """The note for Rich Text named .wpd reads "an RTF"/"a Rich Text" in the app as in the
    engine's words."""
    from desktop.errors import note_text
    from engine.documents.office97 import renamed_note

    for kind, said in (("RTF", "is an RTF file"), ("Rich Text", "is a Rich Text file"),
                       ("ODT", "is an ODT file"), ("DOCX", "is a DOCX file")):  # fmt: skip
        note = renamed_note(tmp_path / "rtf_wp.wpd", kind, ".rtf")
        assert said in note.text
        assert said in note_text(note)


@pytest.mark.parametrize(("suffix", "save_as"), [(".sdd", ".odp"), (".sda", ".odg")])
def test_staroffice_5_presentations_and_drawings_are_refused_by_name(
    tmp_path: Path, suffix: str, save_as: str
) -> None:
    """StarOffice 5's Impress and Draw files (either suffix for either): LibreOffice's .pptx
    of a drawing comes out empty (libstaroffice's Draw4/go-oox-4.sdd), so they are refused by
    name saying what to save them as in LibreOffice, not as "Quire cannot read" alone."""
    from engine.fileio import refuse_other_document

    path = tmp_path / f"talk{suffix}"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    assert OTHER_DOCUMENTS[suffix][0] == save_as
    with pytest.raises(DocumentError) as caught:
        refuse_other_document(path, error=DocumentError)
    assert caught.value.params["save_as"] == save_as
    assert "LibreOffice" in (caught.value.hint or "")
