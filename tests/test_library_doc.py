"""docs/library.md's example runs as written, against a store with a model in it, from a folder
holding a real producer's report.docx (pandoc's)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from engine import Engine, EngineOptions
from tests.fixtures.builder import exported

ROOT = Path(__file__).resolve().parent.parent


def example() -> str:
    text = (ROOT / "docs" / "library.md").read_text(encoding="utf-8")
    found = re.search(r"```python\n(.*?)```", text, re.S)
    assert found is not None
    return found.group(1)


def test_the_documented_example_runs_and_translates_the_document(
    tmp_path: Path, quire_home: Path
) -> None:
    Engine(EngineOptions(home=quire_home)).import_model(exported("marian"), "opus-mt-en-de")
    work = tmp_path / "work"
    work.mkdir()
    source = ROOT / "tests" / "data" / "producers" / "pandoc.docx"
    shutil.copyfile(source, work / "report.docx")
    (work / "example.py").write_text(example(), encoding="utf-8")
    ran = subprocess.run(
        [sys.executable, "example.py"], cwd=work, capture_output=True, text=True, timeout=300
    )
    assert ran.returncode == 0, ran.stderr
    lines = ran.stdout.splitlines()
    assert lines[0].endswith("· opus-mt-en-de cpu")
    assert any(line.startswith("translating: ") for line in lines)
    assert lines[-1] == "wrote report.de.docx"
    assert (work / "report.de.docx").is_file()
    assert (work / "report.docx").read_bytes() == source.read_bytes()
    assert ran.stderr == ""  # the engine prints nothing of its own
