"""engine.fileio's atomic writer: the output appears whole or not at all, and with the
permissions a file written directly would get (not mkstemp's private 0600)."""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from pathlib import Path

import pytest

from engine import InputError, write_atomic


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_the_output_gets_the_mode_of_a_directly_written_file(tmp_path: Path) -> None:
    direct = tmp_path / "direct.txt"
    direct.write_text("x", encoding="utf-8")
    out = tmp_path / "out.de.txt"
    write_atomic(out, "Hallo")
    assert out.read_text(encoding="utf-8") == "Hallo"
    assert stat.S_IMODE(out.stat().st_mode) == stat.S_IMODE(direct.stat().st_mode)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


@pytest.mark.skipif(os.name == "nt", reason="POSIX modes")
def test_the_output_follows_a_umask_the_program_set_later(tmp_path: Path) -> None:
    """A program that made its files private after the engine was imported got a translation
    readable by all (the umask was read once, at import: an outside review)."""
    before = os.umask(0o077)
    try:
        write_atomic(tmp_path / "private.txt", "geheim")
        (tmp_path / "direct.txt").write_text("x", encoding="utf-8")
    finally:
        os.umask(before)
    assert stat.S_IMODE((tmp_path / "private.txt").stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "direct.txt").stat().st_mode) == 0o600


@pytest.mark.skipif(os.name == "nt", reason="POSIX modes")
def test_quires_records_of_the_users_texts_are_the_users_alone(tmp_path: Path) -> None:
    """History, drafts, interrupted translations' journals: 0644 in a 0755 folder under the
    usual umask, readable by every local user of a shared machine (a privacy review)."""
    from engine import open_private
    from engine.documents.checkpoint import Journal

    before = os.umask(0o022)
    try:
        home = tmp_path / "home"
        write_atomic(home / "drafts.json", "{}", private=True)
        with open_private(home / "history.jsonl", read=True) as fh:
            fh.write(b"{}\n")
        old = home / "old.jsonl"
        old.write_text("an earlier version's\n", encoding="utf-8")
        assert stat.S_IMODE(old.stat().st_mode) == 0o644
        with open_private(old) as fh:  # appended to: made private on the way
            fh.write(b"more\n")
        document = tmp_path / "doc.md"
        document.write_text("One.\n\nTwo.\n", encoding="utf-8")
        from engine.documents import open_document

        units = open_document(document).units
        journal = Journal(home / "checkpoints", "k")
        journal.append((n, u, u.text.upper()) for n, u in enumerate(units))
        write_atomic(tmp_path / "output.txt", "a user's output")
    finally:
        os.umask(before)
    modes = {
        p.relative_to(tmp_path).as_posix(): stat.S_IMODE(p.stat().st_mode)
        for p in tmp_path.rglob("*")
    }
    assert modes == {
        "home": 0o700,
        "home/drafts.json": 0o600,
        "home/history.jsonl": 0o600,
        "home/old.jsonl": 0o600,
        "home/checkpoints": 0o700,
        "home/checkpoints/k.jsonl": 0o600,
        "doc.md": 0o644,
        "output.txt": 0o644,  # the user's own files: as the umask says
    }
    assert old.read_text(encoding="utf-8") == "an earlier version's\nmore\n"


def test_a_failed_write_leaves_neither_output_nor_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out.txt"
    out.write_text("the old output", encoding="utf-8")

    def refuse(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(InputError, match="No space left"):
        write_atomic(out, "new")
    assert out.read_text(encoding="utf-8") == "the old output"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_standard_input_is_read_to_its_limit_and_no_further(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import io

    from engine.fileio import read_decoded

    class Stdin:
        buffer = io.BytesIO(b"word " * 1000)

    monkeypatch.setattr(sys, "stdin", Stdin)
    with pytest.raises(InputError, match="Standard input is larger than the 1000 bytes limit"):
        read_decoded("-", limit=1000)
    assert Stdin.buffer.tell() == 1001  # read one byte past the limit, not the rest
    Stdin.buffer.seek(0)
    text, _found = read_decoded("-", limit=5000)
    assert text == "word " * 1000


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_without_a_size_is_read_to_the_limit_only(tmp_path: Path) -> None:
    """A named pipe (`<(command)`) reports size 0 and may never end: the limit stops the
    read, not memory."""
    import threading

    from engine.fileio import read_bytes

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)

    def write() -> None:
        with contextlib.suppress(BrokenPipeError), fifo.open("wb") as fh:
            fh.write(b"x" * (2 * 1024 * 1024))

    writer = threading.Thread(target=write)
    writer.start()
    try:
        with pytest.raises(InputError, match="The file is larger than the 1 MB limit"):
            read_bytes(fifo, limit=1024 * 1024)
    finally:
        writer.join(timeout=30)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_device_is_refused_as_one() -> None:
    """/dev/zero was "larger than the 200 MB limit: raise the limit", which no limit helps."""
    from engine.fileio import read_bytes

    with pytest.raises(InputError, match="This is a device, not a file"):
        read_bytes(Path("/dev/zero"), limit=1024 * 1024)


def test_an_output_that_cannot_be_written_is_found_before_the_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read-only disk (root ignores permission bits, so the failure is made here): the
    check that runs before a command starts tries a file beside the output."""
    import errno
    import tempfile

    from engine.fileio import check_output

    check_output(tmp_path / "out.txt", [])  # writable: nothing is left behind
    assert list(tmp_path.iterdir()) == []

    def read_only(*args: object, **kwargs: object) -> tuple[int, str]:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    with pytest.raises(InputError, match="Cannot write here: Read-only file system"):
        check_output(tmp_path / "out.txt", [])
    if getattr(os, "geteuid", lambda: 0)() != 0:  # permission bits hold for others than root
        monkeypatch.undo()
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(stat.S_IRUSR | stat.S_IXUSR)
        with pytest.raises(InputError, match="Cannot make the output's folder here"):
            check_output(locked / "new" / "out.txt", [])


def test_a_file_named_as_an_image_is_not_read_as_text(tmp_path: Path) -> None:
    """Eight bytes of a placeholder .png decode as Shift-JIS; its name says what it is."""
    from engine.fileio import read_decoded

    fake = tmp_path / "photo.png"
    fake.write_bytes(b"\x82\xa0\x82\xa2\x82\xa4\x82\xa6")
    with pytest.raises(InputError, match=r"A \.png file is not text") as refused:
        read_decoded(fake)
    assert refused.value.message_id == "file.binary"
    text, _found = read_decoded(fake, encoding="shift_jis")  # named: the user knows best
    assert text == "あいうえ"


def test_the_probe_tries_the_folder_the_output_is_written_in(tmp_path: Path) -> None:
    """An output that is a link is replaced in its own folder (write_atomic), so that is
    where the probe writes: a link whose target's folder does not exist is no reason to
    refuse, and nothing is left behind."""
    from engine.fileio import check_output, write_atomic

    afile = tmp_path / "afile"
    afile.write_text("x", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(afile / "real.txt")  # its target's "folder" is a file
    check_output(link, [])
    write_atomic(link, "done")
    assert link.read_text(encoding="utf-8") == "done" and not link.is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile", "link.txt"]


def test_reading_to_the_limit_does_not_allocate_the_limit(tmp_path: Path) -> None:
    import tracemalloc

    from engine.fileio import read_bytes

    small = tmp_path / "small.txt"
    small.write_bytes(b"abc")
    tracemalloc.start()
    try:
        assert read_bytes(small, limit=200 * 1024 * 1024) == b"abc"
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 * 1024 * 1024, peak


@pytest.mark.skipif(sys.platform == "win32", reason="named pipes and /dev are POSIX")
@pytest.mark.parametrize("kind", ["fifo", "device", "dash"])
def test_an_output_that_is_no_regular_file_is_refused_and_left_as_it_is(
    tmp_path: Path, kind: str
) -> None:
    """-o /dev/stdout (root may write in /dev) became a regular file named /dev/stdout, and
    -o - a file named '-': refused, before the work and at the write."""
    from engine.fileio import check_output

    if kind == "fifo":
        target = tmp_path / "pipe"
        os.mkfifo(target)
    elif kind == "device":
        target = Path("/dev/null")
    else:
        target = Path("-")
    with pytest.raises(InputError, match=r"not a regular file|-o - is not a file"):
        check_output(target, [])
    with pytest.raises(InputError, match=r"not a regular file|-o - is not a file"):
        write_atomic(target, "x")
    if kind == "fifo":
        assert stat.S_ISFIFO(target.stat().st_mode)
    elif kind == "device":
        assert stat.S_ISCHR(Path("/dev/null").stat().st_mode)
    else:
        assert not Path("-").exists()


def test_an_output_name_near_the_file_systems_limit_is_written(tmp_path: Path) -> None:
    """The temporary names were the output's own plus 16 characters: a 247-byte output name
    was refused as "File name too long" though it fits."""
    from engine.fileio import check_output

    out = tmp_path / ("L" * 244 + ".de.txt")  # 251 bytes: a name the file system takes
    check_output(out, [tmp_path / "in.txt"])
    assert write_atomic(out, "Hallo") == out and out.read_text(encoding="utf-8") == "Hallo"


def test_temporary_files_a_killed_writer_left_are_removed(tmp_path: Path) -> None:
    """A write killed before its rename left a hidden ``.part`` as large as the document,
    for good; now the next write there removes those of a process of this machine that is
    gone. Another machine's (cluster nodes share a folder) are never touched: its process
    ids mean nothing here."""
    import subprocess
    import time

    from engine.fileio import part_prefix

    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    gone = int(done.stdout)
    old = time.time() - 3600
    stale = tmp_path / f"{part_prefix(gone)}abc123.part"
    young = tmp_path / f"{part_prefix(gone)}def456.part"  # (its id perhaps reused)
    alive = tmp_path / f"{part_prefix(os.getppid())}ghi789.part"
    host = part_prefix(gone).split("-")[1]
    elsewhere = tmp_path / f".quire-{'ffff' if host != 'ffff' else '0000'}-{gone}-x.part"
    mine = tmp_path / "notes.part"  # not Quire's
    for path in (stale, young, alive, elsewhere, mine):
        path.write_bytes(b"half a document")
    for path in (stale, alive, elsewhere, mine):
        os.utime(path, (old, old))
    write_atomic(tmp_path / "out.txt", "Hallo")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [young.name, alive.name, elsewhere.name, mine.name, "out.txt"]
    )


def test_an_output_that_is_another_name_of_the_input_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On macOS and Windows `-o notes.txt` for `Notes.txt` names the input: resolve() keeps
    the letters as typed, so the check passed and the translation replaced the original.
    The disk is asked whether the two are one file (shown here with a hard link, the other
    way a second name reaches one file on Linux)."""
    from engine.fileio import check_output

    source = tmp_path / "Notes.txt"
    source.write_text("The original.", encoding="utf-8")
    other = tmp_path / "notes.txt"
    os.link(source, other)
    with pytest.raises(InputError, match="overwrite an input"):
        check_output(other, [source])
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError, match="overwrite an input"):
        check_output(Path("notes.txt"), ["Notes.txt"])
    other.unlink()
    check_output(other, [source])  # a new name beside it is fine


def test_a_name_too_long_for_the_disk_says_so(tmp_path: Path) -> None:
    """A 250-byte input's name with a language added passes 255 bytes: the hint said to
    check permissions; it names the way out (a shorter -o)."""
    with pytest.raises(InputError, match="File name too long") as refused:
        write_atomic(tmp_path / ("a" * 250 + ".de.md"), "text")
    assert "shorter one" in refused.value.hint
    assert list(tmp_path.iterdir()) == []  # nothing left behind
