"""Remake the SAMI fixtures of tests/test_document_sami.py in tests/data/sami/ (see its
README.md): Korean subtitles from 9beach/srt-tools (MIT) cut to their first cues, bytes as
they are (CP949, UTF-16 with its byte order mark, UTF-8); saschanaz/SamiTS's test files
(ISC) whole; pbs/pycaption's SAMI samples (Apache-2.0), each a test fixture's string.

    python tools/make_sami_fixtures.py SRT_TOOLS_GIT SAMITS_GIT PYCAPTION_GIT

(each a clone's git folder: the files are read from the commits named below)."""

from __future__ import annotations

import ast
import codecs
import subprocess
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "sami"
SRT_TOOLS = "40f055f27c58724e30354c8bffae0065f6aa3dce"
SAMITS = "87e7a35918953fc2ee551746bfa4b6e7e2cfd37a"
PYCAPTION = "e1bbd5575974e4eda5ec4964ccc4f652d62db862"
# srt-tools' files: (name here, the file, its encoding, how many SYNCs kept).
CUTS = [
    ("srt-tools-s01-cp949.smi", "tests/s01-cp949.smi", "cp949", 25),
    ("srt-tools-s01-utf16.smi", "tests/s01-utf16.smi", "utf-16", 25),
    ("srt-tools-s02-utf8.smi", "tests/s02-utf8.smi", "utf-8", 31),
]
# pycaption's fixtures (tests/fixtures/sami.py): the function returning each file's text.
SAMPLES = {
    "pycaption-nova.smi": "sample_sami",
    "pycaption-idaho.smi": "sample_sami_syntax_error",
    "pycaption-multi-lang.smi": "sample_sami_with_multi_lang",
}


def show(git_dir: Path, commit: str, path: str) -> bytes:
    return subprocess.run(
        ["git", f"--git-dir={git_dir}", "show", f"{commit}:{path}"],
        check=True,
        capture_output=True,
    ).stdout


def first_syncs(text: str, syncs: int) -> str:
    """The file's lines up to its ``syncs``-th SYNC's last line, then its closing lines."""
    lines = text.splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines) if line.lower().startswith("<sync")]
    closing = next(i for i, line in enumerate(lines) if line.lower().startswith("</body"))
    return "".join(lines[: starts[syncs]] + lines[closing:])


def main(srt_tools: Path, samits: Path, pycaption: Path) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, path, encoding, syncs in CUTS:
        data = show(srt_tools, SRT_TOOLS, path)
        if encoding == "utf-16":  # (big-endian, with its mark)
            assert data.startswith(codecs.BOM_UTF16_BE)
            text = first_syncs(data[2:].decode("utf-16-be"), syncs)
            (OUT / name).write_bytes(codecs.BOM_UTF16_BE + text.encode("utf-16-be"))
        else:
            text = first_syncs(data.decode(encoding), syncs)
            (OUT / name).write_bytes(text.encode(encoding))
    for name in ("color-fix.smi", "comment.smi", "font-reposition.smi"):
        (OUT / f"samits-{name}").write_bytes(show(samits, SAMITS, f"test/data/{name}"))
    fixtures = ast.parse(show(pycaption, PYCAPTION, "tests/fixtures/sami.py").decode("utf-8"))
    returned = {
        node.name: str(node.body[0].value.value)
        for node in fixtures.body
        if isinstance(node, ast.FunctionDef)
        and isinstance(node.body[0], ast.Return)
        and isinstance(node.body[0].value, ast.Constant)
    }
    for name, function in SAMPLES.items():
        (OUT / name).write_text(returned[function], encoding="utf-8", newline="\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
