"""A folder's files of a kind Quire reads that are no text to translate (php.ini beside
Joomla's language files, package.json, a TypeScript .ts, an mdoc manual page) are passed over
saying what they are, not "not a supported kind of file"; a damaged one still fails, named."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow.fs as pafs
import pytest

from engine.api import TranslateRequest
from engine.cli.main import main
from engine.cluster.jobs import Batch, Left, survey
from engine.cluster.storage import Storage
from engine.engine import Engine
from engine.options import EngineOptions
from tests.fixtures.builder import exported

DATA = Path(__file__).parent / "data"
SKIPPED = DATA / "skipped"
SETTINGS = "a settings file, not strings to translate"
MDOC = "an mdoc(7) manual page, which Quire does not translate (mandoc -Tman converts it)"
LINK = "a manual page that only includes another"
FAST = ("--device", "cpu", "--dtype", "fp32", "--model", "opus-mt-en-de")


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _install(home: Path) -> None:
    Engine(EngineOptions(home=home)).import_model(exported("marian"), "opus-mt-en-de")


def _joomla(folder: Path) -> Path:
    """A Joomla component's tree: its language file, with a PHP's settings (Debian's
    php.ini) and a tool's (python-docx's tox.ini) at its top."""
    language = folder / "administrator" / "language" / "en-GB"
    language.mkdir(parents=True)
    joomla = DATA / "ini" / "joomla4" / "administrator" / "language" / "en-GB"
    shutil.copy(joomla / "com_quiretest.sys.ini", language)
    shutil.copy(SKIPPED / "php.ini", folder)
    shutil.copy(DATA / "ini" / "settings" / "tox.ini", folder)
    return folder


def _manuals(folder: Path) -> Path:
    """A man1 folder as a system has it: a man(7) page (xz's), an mdoc(7) one (OpenSSH's)
    and one that only includes another (Debian's phar.phar8.2.1)."""
    pages = folder / "man1"
    pages.mkdir(parents=True)
    for page in (DATA / "man" / "xz.1", DATA / "man" / "ssh.1"):
        shutil.copy(page, pages)
    shutil.copy(SKIPPED / "man" / "man1" / "phar.phar8.2.1", pages)
    return folder


def test_a_folders_settings_files_are_passed_over_as_settings(
    quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _install(quire_home)
    folder = _joomla(tmp_path / "com_quiretest")
    node, python = tmp_path / "node", tmp_path / "python"
    shutil.copytree(SKIPPED / "node", node)
    shutil.copytree(SKIPPED / "python", python)
    argv = ("translate", *FAST, "--json", "--recursive", "--from", "en", "--to", "de")
    code, out, err = _cli(capsys, *argv, str(folder), str(node), str(python))
    assert code == 0, err
    rows = {Path(r["input"]).relative_to(tmp_path).as_posix(): r for r in json.loads(out)}
    typescript = "TypeScript code, not a Qt Linguist file"
    for name, why in [
        ("com_quiretest/php.ini", SETTINGS),
        ("com_quiretest/tox.ini", SETTINGS),
        ("node/package.json", SETTINGS),
        ("node/index.d.ts", typescript),
        ("python/docker-compose.yml", SETTINGS),
        ("python/test_requirements.txt", SETTINGS),  # (pip's, as requirements.txt is)
        ("python/docs/requirements.txt", SETTINGS),
        ("python/setup.cfg", "not a supported kind of file"),  # (no reader takes .cfg)
    ]:
        assert rows[name]["skipped"] == why and rows[name]["error"] is None
        assert f"{tmp_path / name}: skipped: {why}" in err
    # (said of setup.cfg alone: its line, and the closing line's)
    assert err.count("not a supported kind") == 2
    language = "com_quiretest/administrator/language/en-GB/com_quiretest.sys.ini"
    assert rows[language]["output"] is not None and rows[language]["skipped"] is None
    assert rows["node/locales/en/translation.json"]["output"] is not None
    assert rows["python/docs/index.rst"]["output"] is not None
    assert f"quire: 9 files skipped ({SETTINGS}: {folder / 'php.ini'}, " in err


def test_a_folders_manual_pages_its_reader_refuses_are_passed_over_with_why(
    quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _install(quire_home)
    folder = _manuals(tmp_path / "man")
    argv = ("translate", *FAST, "--json", "--recursive", "--from", "en", "--to", "de")
    code, out, err = _cli(capsys, *argv, str(folder))
    assert code == 0, err  # (no file failed: an mdoc page is not broken)
    rows = {Path(r["input"]).name: r for r in json.loads(out)}
    assert rows["ssh.1"]["skipped"] == MDOC and rows["ssh.1"]["error"] is None
    assert rows["phar.phar8.2.1"]["skipped"] == LINK and rows["phar.phar8.2.1"]["error"] is None
    assert rows["xz.1"]["output"] is not None
    assert f"{folder / 'man1' / 'ssh.1'}: skipped: {MDOC}" in err
    assert "failed" not in err.splitlines()[-1]
    written = Path(rows["xz.1"]["output"])
    assert written.is_file() and [p.name for p in written.parent.iterdir()] == ["xz.1"]
    # Named on its own, a page keeps its reader's error and the way out.
    code, _out, err = _cli(capsys, "translate", *FAST, "--to", "de", str(folder / "man1" / "ssh.1"))
    assert code == 1 and "error" in err.lower() and "mandoc -Tman ssh.1" in err


def test_a_damaged_language_file_in_a_folder_still_fails_by_name(
    quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _install(quire_home)
    folder = _joomla(tmp_path / "com_quiretest")
    broken = folder / "administrator" / "language" / "en-GB" / "com_quiretest.sys.ini"
    # (its last value's closing quote lost: Joomla's parser refuses the file)
    broken.write_bytes(broken.read_bytes() + b'COM_QUIRETEST_CUT="Where the quote\r\n')
    code, out, err = _cli(
        capsys, "translate", *FAST, "--json", "--recursive", "--to", "de", str(folder)
    )
    assert code == 1
    rows = {Path(r["input"]).name: r for r in json.loads(out)}
    assert (
        rows["com_quiretest.sys.ini"]["error"] and rows["com_quiretest.sys.ini"]["skipped"] is None
    )
    assert f"{broken}: error: " in err and "quire: 1 of 1 files failed" in err
    assert rows["php.ini"]["skipped"] == SETTINGS


def test_a_batch_passes_them_over_with_why_and_a_mirror_copies_them(
    quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _install(quire_home)
    src = _manuals(_joomla(tmp_path / "src"))
    out = tmp_path / "out"
    argv = ("translate", *FAST, "--json", "--from", "en", "--to", "de", "--recursive")
    code, stdout, err = _cli(capsys, *argv, str(src), "-o", str(out))
    assert code == 0, err
    rows = {Path(r["input"]).name: r for r in json.loads(stdout)}
    for name, why in [("php.ini", SETTINGS), ("tox.ini", SETTINGS), ("ssh.1", MDOC),
                      ("phar.phar8.2.1", LINK)]:  # fmt: skip
        assert rows[name]["skipped"] is True and rows[name]["reason"] == why, name
        assert rows[name]["error"] is None and rows[name]["output"] is None
        assert f"skipped: {why}" in err
    assert rows["xz.1"]["output"] is not None and rows["xz.1"]["skipped"] is False
    assert "documents failed" not in err and "not a supported kind" not in err
    assert f"quire: 4 files skipped ({LINK}: man1/phar.phar8.2.1" in err.replace(str(src) + "/", "")
    # A mirror copies what it passes over, as it copies the files Quire does not read.
    mirror = tmp_path / "mirror"
    code, _stdout, err = _cli(capsys, *argv, "--mirror", str(src), "-o", str(mirror))
    assert code == 0, err
    for rel in ("php.ini", "man1/ssh.1", "man1/phar.phar8.2.1"):
        assert (mirror / rel).read_bytes() == (src / rel).read_bytes(), rel
    # Object storage chooses as a folder here does (by the names and first bytes).
    remote = pafs.SubTreeFileSystem(str(tmp_path), pafs.LocalFileSystem())
    request = TranslateRequest(text="", source="en", target="de")
    batch = Batch("translate", Storage("src", remote), Storage("elsewhere", remote), request)
    _items, left = survey(batch, recursive=True)
    assert Left("php.ini", "settings") in left and Left("tox.ini", "settings") in left
