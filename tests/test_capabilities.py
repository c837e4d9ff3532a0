"""engine.capabilities answers by the tasks' own rules (the app's pickers use it)."""

from __future__ import annotations

import shutil
from pathlib import Path

from engine import capabilities
from engine.runtime.manifest import load_model_folder
from tests.fixtures.builder import exported


def test_each_fixture_gets_the_roles_its_task_modules_give_it(tmp_path: Path) -> None:
    marian = tmp_path / "opus-mt-en-de"
    shutil.copytree(exported("marian"), marian)
    found = capabilities(load_model_folder(marian))
    assert found.roles == ("translation",) and found.tasks == {"translate"}
    assert (found.sources, found.targets) == (("en",), ("de",))

    m2m = capabilities(load_model_folder(exported("m2m100")))
    assert "translation" in m2m.roles and {"en", "de"} <= set(m2m.sources)

    assert capabilities(load_model_folder(exported("distilbert-qa"))).tasks == {"ask"}
    assert capabilities(load_model_folder(exported("bert-cls"))).roles == ("classification",)
    nli = capabilities(load_model_folder(exported("bart-nli")))
    assert nli.roles == ("zero-shot classification",)
    embed = capabilities(load_model_folder(exported("bert-embed")))
    assert embed.roles == ("sentence embeddings",)
    assert embed.tasks == {"summarize", "classify", "ask"}
