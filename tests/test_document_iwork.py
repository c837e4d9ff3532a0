"""Pages, Keynote and Numbers documents, converted by LibreOffice and written as .docx, .pptx
and .xlsx (tests/data/iwork, see its README.md: libetonyek's real files). The conversions run
the real ``soffice``; where it is not installed they are skipped, and the refusals that need
no LibreOffice are tested without it."""

from __future__ import annotations

import hashlib
import io
import shutil
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pytest

from engine.api import ScanFolderRequest
from engine.cli.main import main
from engine.documents import DocumentError, libreoffice, open_document, translate_file
from engine.documents.registry import output_suffix, supported_kinds, writable_suffixes
from engine.engine import Engine
from engine.fileio import OTHER_DOCUMENTS
from engine.options import EngineOptions
from engine.tasks import scan
from tests.fixtures.builder import exported

DATA = Path(__file__).parent / "data" / "iwork"
SOFFICE = shutil.which("soffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")


def marked(texts: Sequence[str]) -> list[str]:
    return [f"«{t}»" for t in texts]


def digest(path: Path) -> str:
    """The bytes of a file, or of every file of a package, as one hash."""
    parts = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    hashed = hashlib.sha256()
    for part in parts:
        hashed.update(part.relative_to(path.parent).as_posix().encode() + part.read_bytes())
    return hashed.hexdigest()


@needs_soffice
@pytest.mark.parametrize(
    ("name", "save_as", "words"),
    [
        # (its paragraphs are tagged English, Czech and Polish: the docx reader sends the
        # last, the document's own language, and keeps the others as quotations)
        ("pages5.pages", ".docx", ["Mój poduszkowiec jest pełen węgorzy."]),
        ("keynote5.key", ".pptx", ["Title slide", "Subtitle", "colored text"]),
        ("numbers3.numbers", ".xlsx", ["automatic", "text"]),
        ("Proposal.pages", ".docx", ["Project Proposal", "EXECUTIVE SUMMARY", "Objective"]),
    ],
)
def test_an_iwork_document_is_translated_into_a_word_powerpoint_or_excel_file(
    tmp_path: Path, name: str, save_as: str, words: list[str]
) -> None:
    """Each real document's words are read and written translated into the kind its
    program exports (a package, a folder, read as one document); the source is untouched."""
    source = tmp_path / name
    if (DATA / name).is_dir():
        shutil.copytree(DATA / name, source)
    else:
        shutil.copyfile(DATA / name, source)
    before = digest(source)
    document = open_document(source)
    texts = [" ".join(u.text.split()) for u in document.units]
    assert all(any(w.lower() == t.lower() for t in texts) for w in words), texts
    assert document.output_suffixes == (save_as,)
    assert document.notes[0].message_id == "document.converted"
    assert document.notes[0].params["save_as"] == save_as
    out = tmp_path / f"out{save_as}"
    translate_file(source, out, marked)
    assert digest(source) == before
    back = [" ".join(u.text.split()) for u in open_document(out).units]
    assert len(back) == len(texts)
    assert all(any(f"«{w}»".lower() == b.lower() for b in back) for w in words), back


@needs_soffice
def test_a_package_reads_as_its_zipped_single_file_does(tmp_path: Path) -> None:
    """Pages' package (a folder) and the same package zipped by the Finder give the same
    paragraphs."""
    zipped = tmp_path / "Zipped.pages"
    with zipfile.ZipFile(zipped, "w") as archive:
        for part in sorted((DATA / "Proposal.pages").rglob("*")):
            if part.is_file():
                archive.write(part, part.relative_to(DATA).as_posix())
    package = [u.text for u in open_document(DATA / "Proposal.pages").units]
    assert len(package) > 40
    assert package == [u.text for u in open_document(zipped).units]


@needs_soffice
def test_quire_translate_writes_a_docx_beside_a_pages_package(
    quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The command line takes a package as one document, not a folder of files."""
    Engine(EngineOptions(home=quire_home)).import_model(exported("marian"), "opus-mt-en-de")
    source = tmp_path / "Proposal.pages"
    shutil.copytree(DATA / "Proposal.pages", source)
    before = digest(source)
    code = main(["translate", "--from", "en", "--to", "de", str(source)])
    _out, err = capsys.readouterr()
    assert code == 0, err
    assert "note: Proposal.pages was converted with LibreOffice" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Proposal.de.docx", "Proposal.pages"]
    assert len(open_document(tmp_path / "Proposal.de.docx").units) == len(
        open_document(source).units
    )
    assert digest(source) == before


@needs_soffice
def test_a_document_libreoffice_cannot_open_is_refused_with_what_to_do(tmp_path: Path) -> None:
    """libetonyek's own unsupported iWork file: "source file could not be loaded" becomes
    the export the user can do in Pages."""
    with pytest.raises(DocumentError) as caught:
        open_document(DATA / "unsupported.pages")
    error = caught.value
    assert error.message_id == "document.import_failed"
    assert error.message == (
        "LibreOffice could not open the Pages document (its Pages version is one LibreOffice "
        "does not read, or it is damaged)"
    )
    assert error.hint == (
        "Export it as Word (.docx) from Pages (File > Export To > Word) and translate that, "
        "or update LibreOffice, then try again"
    )


def test_a_password_protected_document_is_refused_before_libreoffice_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """iWork keeps a password's verifier in .iwpv2 and encrypts the rest, which LibreOffice
    does not read. (A stand-in: pages5.pages with the verifier added.)"""
    monkeypatch.setattr(libreoffice, "find_soffice", lambda: pytest.fail("LibreOffice ran"))
    locked = tmp_path / "Locked.pages"
    shutil.copyfile(DATA / "pages5.pages", locked)
    with zipfile.ZipFile(locked, "a") as archive:
        archive.writestr(".iwpv2", b"\x02" + bytes(63))
    with pytest.raises(DocumentError) as caught:
        open_document(locked)
    assert caught.value.message_id == "document.encrypted"
    assert "File > Set Password" in caught.value.hint


def test_without_libreoffice_the_refusal_names_pages_export(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", "")
    monkeypatch.setattr(libreoffice, "_places", lambda *_args: [])
    for name, export, save_as, program in [
        ("pages5.pages", "Word", ".docx", "Pages"),
        ("keynote5.key", "PowerPoint", ".pptx", "Keynote"),
        ("numbers3.numbers", "Excel", ".xlsx", "Numbers"),
    ]:
        with pytest.raises(DocumentError) as caught:
            open_document(DATA / name)
        assert caught.value.message_id == "document.needs_libreoffice"
        assert caught.value.hint.startswith(
            f"Export it as {export} ({save_as}) from {program} (File > Export To > {export}), "
            "or install"
        )


def test_a_renamed_or_damaged_file_is_not_sent_to_libreoffice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A .docx named .pages is read as the .docx it is; bytes that are no package at all
    are refused as damaged rather than read as text by LibreOffice."""
    monkeypatch.setattr(libreoffice, "find_soffice", lambda: pytest.fail("LibreOffice ran"))
    renamed = tmp_path / "letter.pages"
    renamed.write_bytes((DATA.parent / "office" / "Of16-02.docx").read_bytes())
    document = open_document(renamed)
    assert document.output_suffixes == (".docx",)
    assert document.notes[-1].message_id == "document.read_as_its_kind"
    for data in (b"plain words, not a document\n", b"PK\x03\x04cut short"):
        damaged = tmp_path / "broken.pages"
        damaged.write_bytes(data)
        with pytest.raises(DocumentError) as caught:
            open_document(damaged)
        assert caught.value.message_id == "document.old_office_damaged"
    zipped = tmp_path / "photos.numbers"
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("photo.jpg", b"\xff\xd8")
    with pytest.raises(DocumentError) as caught:
        open_document(zipped)
    assert "holds no Pages, Keynote or Numbers document" in caught.value.message


def test_iwork_kinds_are_read_and_written_as_office_files() -> None:
    assert writable_suffixes(".pages") == (".docx",)
    assert output_suffix(".key") == ".pptx" and output_suffix(".numbers") == ".xlsx"
    assert ".pages" in supported_kinds()["documents"]
    assert {".key", ".numbers"} <= set(supported_kinds()["slides"])
    assert not {".pages", ".key", ".numbers"} & set(OTHER_DOCUMENTS)


def test_a_package_in_a_dropped_folder_is_one_document(tmp_path: Path) -> None:
    """Not its previews, Index.zip and plists: the package itself, dropped alone or within
    a folder."""
    folder = tmp_path / "docs"
    shutil.copytree(DATA / "Proposal.pages", folder / "Proposal.pages")
    (folder / "notes.txt").write_text("hello\n", encoding="utf-8")
    shutil.copyfile(DATA / "keynote5.key", folder / "talk.key")
    # (a TLS key is no Keynote document: left out as a kind Quire does not read)
    (folder / "server.key").write_text("-----BEGIN PRIVATE KEY-----\n", encoding="ascii")

    class Context:
        def check(self) -> None:
            pass

    found = scan.run(Context(), ScanFolderRequest(paths=(folder,)))  # type: ignore[arg-type]
    assert found.paths == (folder / "Proposal.pages", folder / "notes.txt", folder / "talk.key")
    assert found.unsupported == (folder / "server.key",)
    alone = scan.run(Context(), ScanFolderRequest(paths=(folder / "Proposal.pages",)))  # type: ignore[arg-type]
    assert alone.paths == (folder / "Proposal.pages",)


def test_the_package_is_packed_as_pages_saves_one_file(tmp_path: Path) -> None:
    """Index.zip's parts at the top, as in a single-file .pages (which LibreOffice opens; it
    opens no folder)."""
    from engine.documents.imported import pack

    with zipfile.ZipFile(io.BytesIO(pack(DATA / "Proposal.pages"))) as archive:
        names = archive.namelist()
    assert "Index/Document.iwa" in names and "Index.zip" not in names
    assert "Metadata/Properties.plist" in names


def test_pages_09_password_protected_is_refused_as_encrypted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Tika's real one: its zip's parts use methods 25451/25452 (encrypted), which LibreOffice
    cannot open; not "saved by a newer Pages"."""
    monkeypatch.setattr(libreoffice, "find_soffice", lambda: pytest.fail("LibreOffice ran"))
    with pytest.raises(DocumentError) as caught:
        open_document(DATA / "pwd09.pages")
    assert caught.value.message_id == "document.encrypted"


@pytest.mark.parametrize(
    "data",
    [
        b"-----BEGIN PRIVATE KEY-----\nMIIEvQ==\n-----END PRIVATE KEY-----\n",
        b"-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjE=\n",
        b"\x30\x82\x04\xa4\x02\x01\x00",
        b"random bytes of no kind",
    ],
)
def test_a_key_file_that_is_no_keynote_is_a_kind_quire_does_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data: bytes
) -> None:
    """Named alone, as a folder passes it over: not "damaged, open it in Keynote"."""
    monkeypatch.setattr(libreoffice, "find_soffice", lambda: pytest.fail("LibreOffice ran"))
    key = tmp_path / "server.key"
    key.write_bytes(data)
    with pytest.raises(DocumentError) as caught:
        open_document(key)
    assert caught.value.message_id == "document.key_not_keynote"
    assert caught.value.message.startswith("This .key file is not a Keynote presentation")


def test_only_a_folder_holding_a_document_is_a_package(tmp_path: Path) -> None:
    """A folder merely named .key/.numbers/.pages is walked as a folder."""
    from engine.documents import folder_documents
    from engine.documents.imported import is_document_package

    assert is_document_package(DATA / "Proposal.pages")  # Index.zip
    assert is_document_package(DATA / "keynote4.key")  # index.apxl.gz ('08)
    iwa = tmp_path / "Loose.pages"
    (iwa / "Index").mkdir(parents=True)
    (iwa / "Index" / "Document.iwa").write_bytes(b"\x00")
    assert is_document_package(iwa)
    folder = tmp_path / "d"
    (folder / "deep.numbers" / "sub").mkdir(parents=True)
    (folder / "deep.numbers" / "sub" / "notes.txt").write_text("hello\n", encoding="utf-8")
    (folder / "ssl.key").mkdir()
    (folder / "ssl.key" / "ca.key").write_text("-----BEGIN CERTIFICATE-----\n", "ascii")
    (folder / "empty.pages").mkdir()
    for name in ("deep.numbers", "ssl.key", "empty.pages"):
        assert not is_document_package(folder / name)
    found, skipped = folder_documents(folder, "de", recursive=True)
    assert found == [folder / "deep.numbers" / "sub" / "notes.txt"]
    assert [(s.path.name, s.reason) for s in skipped] == [("ca.key", "unsupported")]


def _package_with_index(folder: Path, index: bytes, **extra: bytes) -> Path:
    folder.mkdir()
    with zipfile.ZipFile(folder / "Index.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Index/Document.iwa", index)
    for name, data in extra.items():
        (folder / name.replace("__", "/")).parent.mkdir(parents=True, exist_ok=True)
        (folder / name.replace("__", "/")).write_bytes(data)
    return folder


def test_what_index_zip_unpacks_to_counts_against_the_limit(tmp_path: Path) -> None:
    """A small Index.zip of many megabytes of zeros is refused before it is unpacked."""
    from engine.documents.imported import pack

    bomb = _package_with_index(tmp_path / "bomb.pages", bytes(8 << 20))
    assert (bomb / "Index.zip").stat().st_size < 64 << 10
    with pytest.raises(DocumentError) as caught:
        pack(bomb, limit=4 << 20)
    assert caught.value.message_id == "document.too_large_inside"
    assert "--max-size" in caught.value.hint


def test_a_packages_movie_past_the_limit_is_left_out_not_refused(tmp_path: Path) -> None:
    """A talk's film (Data/movie.mov) is no text: kept where it fits, left out where it
    would take the package past the limit."""
    from engine.documents.imported import pack

    talk = _package_with_index(tmp_path / "talk.key", b"\x00" * 100, Data__movie_mov=bytes(3 << 20))
    (talk / "Data" / "movie_mov").rename(talk / "Data" / "movie.mov")
    with zipfile.ZipFile(io.BytesIO(pack(talk, limit=1 << 20))) as archive:
        assert archive.namelist() == ["Index/Document.iwa"]
    with zipfile.ZipFile(io.BytesIO(pack(talk, limit=4 << 20))) as archive:
        assert archive.namelist() == ["Index/Document.iwa", "Data/movie.mov"]


def test_a_package_named_with_o_is_one_document_not_a_batch(tmp_path: Path) -> None:
    import argparse

    from engine.cluster.options import wants_batch

    args = argparse.Namespace(cluster=None, output=str(tmp_path / "Proposal.de.docx"))
    assert not wants_batch(args, [str(DATA / "Proposal.pages")])
    assert wants_batch(args, [str(tmp_path)])


def test_quire_with_a_package_opens_it_in_the_app() -> None:
    from desktop.launcher import files_to_open, missing_files

    package = DATA / "Proposal.pages"
    assert files_to_open([str(package)]) == [package.absolute()]
    assert missing_files([str(package)]) == []


@needs_soffice
@pytest.mark.parametrize(("flag", "written"), [("--recursive", "Proposal.de.docx"),
                                               ("--mirror", "Proposal.docx")])  # fmt: skip
def test_a_folder_run_into_an_output_folder_translates_a_package(
    quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], flag: str, written: str
) -> None:
    """`translate FOLDER -o OUT` (and --mirror) took files only: Proposal.pages/ went unsaid."""
    Engine(EngineOptions(home=quire_home)).import_model(exported("marian"), "opus-mt-en-de")
    folder = tmp_path / "in"
    shutil.copytree(DATA / "Proposal.pages", folder / "sub" / "Proposal.pages")
    (folder / "a.txt").write_text("Hello world.\n", encoding="utf-8")
    out = tmp_path / "out"
    code = main(["translate", "--from", "en", "--to", "de", flag, str(folder), "-o", str(out)])
    _out, err = capsys.readouterr()
    assert code == 0, err
    assert len(open_document(out / "sub" / written).units) == len(
        open_document(folder / "sub" / "Proposal.pages").units
    )
