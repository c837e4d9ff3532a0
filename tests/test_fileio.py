"""engine.fileio's atomic writer: the output appears whole or not at all, and with the
permissions a file written directly would get (not mkstemp's private 0600)."""

from __future__ import annotations

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
