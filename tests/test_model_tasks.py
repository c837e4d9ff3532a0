"""What an imported model is for, where its files do not say: `quire models import --task`,
`quire models set-task`, the manifest's ``tasks`` and the tasks' model choice reading it. The
tiny BART fixture's config names no task (no task_specific_params, no summarizer's name), as a
summarization checkpoint saved without them does."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from engine import (
    Engine,
    EngineOptions,
    InstalledModels,
    ListModelsRequest,
    SummarizeRequest,
    SummarizeResult,
    TranslateRequest,
    TranslateResult,
    capabilities,
)
from engine.cli.main import main
from engine.errors import ModelUnsupported
from engine.runtime.manifest import load_model_folder
from tests.fixtures.builder import exported

TEXT = (
    "The river rose after three days of rain. Farmers moved their animals to higher ground. "
    "The town opened the school as a shelter. By Sunday the water had gone down again."
)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def listed(capsys: pytest.CaptureFixture[str]) -> dict[str, dict[str, object]]:
    code, out, _ = run(capsys, "models", "list", "--json")
    assert code == 0
    return {m["name"]: m for m in json.loads(out)["models"]}


def test_the_bart_fixture_says_no_task_of_its_own() -> None:
    """The failure this fixes: no pane offered such a model (its tasks were empty)."""
    bart = load_model_folder(exported("bart"))
    assert "task_specific_params" not in bart.config
    assert capabilities(bart).tasks == frozenset()


def test_import_with_a_task_makes_the_model_a_summarizer(
    quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "models", "import", str(exported("bart")), "--name", "news")
    assert code == 0 and "Quire cannot tell what news is for" in out
    assert "quire models set-task news TASK" in out
    assert listed(capsys)["news"]["tasks"] == []

    code, out, _ = run(
        capsys, "models", "import", str(exported("bart")), "--name", "digest",
        "--task", "summarize", "--json",
    )  # fmt: skip
    assert code == 0
    doc = json.loads(out)
    assert doc["tasks"] == ["summarize"] and doc["declared_tasks"] == ["summarize"]
    manifest = json.loads((quire_home / "models" / "digest" / "quire.json").read_text())
    assert manifest["tasks"] == ["summarize"]
    digest = listed(capsys)["digest"]
    assert digest["roles"] == ["summarization"] and digest["tasks"] == ["summarize"]

    # The engine's list (what the app's panes choose from) and its own choice of summarizer.
    engine = Engine(EngineOptions(home=quire_home, device="cpu"))
    answer = engine.run(ListModelsRequest())
    assert isinstance(answer, InstalledModels)
    models = {m.name: m for m in answer.models}
    assert "summarize" in models["digest"].tasks and models["digest"].declared_tasks == (
        "summarize",
    )
    assert models["news"].tasks == frozenset()
    assert models["news"].possible_tasks == {"translate", "summarize"}
    result = engine.run(SummarizeRequest(text=TEXT))
    assert isinstance(result, SummarizeResult) and result.model.name == "digest"
    assert not result.extractive and result.text


def test_several_tasks_and_a_later_change(
    quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, _ = run(capsys, "models", "import", str(exported("bart")), "--name", "news")
    assert code == 0
    code, out, _ = run(capsys, "models", "set-task", "news", "summarize", "translate")
    assert code == 0 and out.strip() == "news: translate, summarize"
    assert listed(capsys)["news"]["declared_tasks"] == ["translate", "summarize"]
    code, out, _ = run(capsys, "models", "set-task", "news", "auto", "--json")
    assert code == 0 and json.loads(out) == {"name": "news", "tasks": [], "declared_tasks": []}
    code, _, err = run(capsys, "models", "set-task", "news", "auto", "ask")
    assert code == 1 and "auto cannot be given with tasks" in err
    with pytest.raises(SystemExit) as info:
        main(["models", "set-task", "news", "chat"])
    assert info.value.code == 2 and "invalid choice: 'chat'" in capsys.readouterr().err


def test_a_task_the_model_cannot_do_is_refused(
    quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(
        capsys, "models", "import", str(exported("bert-cls")), "--name", "cls",
        "--task", "translate",
    )  # fmt: skip
    assert code == 1
    assert "cls (BertForSequenceClassification) cannot translate: that needs a model that " in err
    assert "Choose a task it can do (classify), or another model" in err
    assert not (quire_home / "models" / "cls").exists()  # nothing installed

    engine = Engine(EngineOptions(home=quire_home, device="cpu"))
    with pytest.raises(ModelUnsupported) as refused:
        engine.import_model(exported("bert-cls"), "cls", tasks=["classify", "ask"])
    assert refused.value.message_id == "model.task_unsupported"
    assert refused.value.params == {"name": "cls", "task": "ask", "role": "question answering"}
    assert refused.value.path == exported("bert-cls")  # what the user imported, not a copy
    assert not (quire_home / "models" / "cls").exists()
    engine.import_model(exported("bert-cls"), "cls")
    with pytest.raises(ModelUnsupported) as caught:
        engine.set_model_tasks("cls", ["summarize"])
    assert caught.value.message_id == "model.task_unsupported"
    assert "cls (BertForSequenceClassification) cannot summarize" in caught.value.message
    assert json.loads((quire_home / "models" / "cls" / "quire.json").read_text())["tasks"] == []


def test_a_hand_edited_manifest_cannot_make_an_encoder_translate(
    quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    engine = Engine(EngineOptions(home=quire_home, device="cpu"))
    engine.import_model(exported("bert-cls"), "cls")
    path = quire_home / "models" / "cls" / "quire.json"
    manifest = json.loads(path.read_text())
    path.write_text(json.dumps({**manifest, "tasks": ["translate", "classify", 7]}))
    model = listed(capsys)["cls"]
    assert model["tasks"] == ["classify"] and model["declared_tasks"] == ["classify"]


def test_manifests_without_the_field_and_models_without_a_manifest_keep_working(
    quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    engine = Engine(EngineOptions(home=quire_home, device="cpu"))
    engine.import_model(exported("marian"), "opus-mt-en-de")
    path = quire_home / "models" / "opus-mt-en-de" / "quire.json"
    old = {k: v for k, v in json.loads(path.read_text()).items() if k != "tasks"}
    path.write_text(json.dumps(old))
    assert listed(capsys)["opus-mt-en-de"]["tasks"] == ["translate"]

    # A model put in the store by an older Quire, with no manifest at all.
    shutil.copytree(exported("bart"), quire_home / "models" / "old-bart")
    assert listed(capsys)["old-bart"]["tasks"] == []
    code, _, _ = run(capsys, "models", "set-task", "old-bart", "summarize")
    assert code == 0 and listed(capsys)["old-bart"]["tasks"] == ["summarize"]
    code, out, _ = run(capsys, "models", "verify", "old-bart", "--json")
    assert code == 0 and json.loads(out)["models"][0]["ok"] is True


def test_a_summarizer_told_it_also_translates_is_let_translate(quire_home: Path) -> None:
    engine = Engine(EngineOptions(home=quire_home, device="cpu"))
    engine.import_model(exported("bart"), "news", tasks=["summarize"])
    request = TranslateRequest(text="The train leaves at noon.", source="en", target="de",
                               model="news")  # fmt: skip
    with pytest.raises(ModelUnsupported) as refused:
        engine.run(request)
    assert refused.value.message_id == "translate.summarization_model"
    engine.set_model_tasks("news", ["summarize", "translate"])
    result = engine.run(request)
    assert isinstance(result, TranslateResult) and result.model.name == "news"
