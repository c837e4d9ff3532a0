"""Removing a model that was in use lets go of every file of it: Windows refuses to move or
delete a file that a process holds open or memory-mapped, so a model whose tables Quire maps
from its own file (``engine.runtime.rewrite``) or whose optimised graph it maps from the cache
(``engine.runtime.session_cache``) could not be removed while Quire runs, and the user would be
told to close "programs that use its files". Checked here on Linux, through the inodes that
``/proc/self/maps`` and ``/proc/self/fd`` show: the files users download, in every layout whose
files are mapped."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from engine import Engine, EngineOptions
from engine.api import GenerateRequest, GenerateResult, TranslateRequest, TranslateResult
from engine.options import Dtype
from engine.runtime.manifest import ModelFolder

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="reads Linux's /proc/self/maps and fd"
)

Inode = tuple[int, int]  # (device, inode)


def _seq2seq() -> ModelFolder:
    from tests.test_downloaded_layout import downloaded

    return downloaded()


def _causal() -> ModelFolder:
    from tests.test_downloaded_causal import downloaded

    return downloaded()


def _files(root: Path) -> set[Inode]:
    found = set()
    for path in root.rglob("*"):
        if path.is_file():
            st = path.stat()
            found.add((st.st_dev, st.st_ino))
    return found


def _held() -> set[Inode]:
    """The (device, inode) of every file this process maps or holds open."""
    held = set()
    for line in Path("/proc/self/maps").read_text(encoding="utf-8").splitlines():
        fields = line.split(maxsplit=5)
        if len(fields) == 6 and fields[4] != "0":
            major, minor = (int(part, 16) for part in fields[3].split(":"))
            held.add((os.makedev(major, minor), int(fields[4])))
    fds = Path("/proc/self/fd")
    for fd in fds.iterdir():
        try:
            st = fd.stat()  # follows the link: the file itself, even if deleted
        except OSError:  # closed since the listing (the listing's own descriptor)
            continue
        held.add((st.st_dev, st.st_ino))
    return held


def _translate(engine: Engine) -> None:
    request = TranslateRequest(text="the house is small.", model="m", source="en", target="de")
    assert isinstance(engine.run(request), TranslateResult)


def _generate(engine: Engine) -> None:
    result = engine.run(GenerateRequest(prompt="one two three", model="m", max_new_tokens=3))
    assert isinstance(result, GenerateResult) and len(result.token_ids) == 3


CASES: dict[str, tuple[Callable[[], ModelFolder], Dtype, Callable[[Engine], None]]] = {
    "translation, int8 as downloaded": (_seq2seq, "int8", _translate),
    "language model, int8 as downloaded": (_causal, "int8", _generate),
    "language model, q4 as downloaded": (_causal, "q4", _generate),
    "language model, fp32": (_causal, "fp32", _generate),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_removed_model_leaves_no_file_of_it_open_or_mapped(case: str, tmp_path: Path) -> None:
    source, dtype, use = CASES[case]
    engine = Engine(EngineOptions(home=tmp_path / "home", device="cpu", dtype=dtype))
    engine.import_model(source().path, "m")
    for _ in range(2):  # the first load fills the cache of optimised graphs, the second maps it
        use(engine)
        engine.unload()
    use(engine)
    folder = engine.store.path("m")
    cache = tmp_path / "home" / "cache"
    files = _files(folder) | _files(cache)
    # The check sees what it looks for: the loaded model holds some of these files.
    assert files & _held()

    engine.remove_model("m")

    assert not folder.exists()
    assert not files & _held()
