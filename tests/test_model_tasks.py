"""What an imported model is for, where its files do not say: `quire models import --task`,
`quire models set-task`, the manifest's ``tasks`` and the tasks' model choice reading it. The
tiny BART fixture's config names no task (no task_specific_params, no summarizer's name), as a
summarization checkpoint saved without them does."""

from __future__ import annotations

import dataclasses
import json
import shutil
import threading
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
    assert "cls (BertForSequenceClassification) cannot translate: that needs an encoder-" in err
    assert "Choose a task it can do (classify), or another model" in err
    assert not (quire_home / "models" / "cls").exists()  # nothing installed

    engine = Engine(EngineOptions(home=quire_home, device="cpu"))
    with pytest.raises(ModelUnsupported) as refused:
        engine.import_model(exported("bert-cls"), "cls", tasks=["classify", "ask"])
    assert refused.value.message_id == "model.task_unsupported"
    assert refused.value.params == {
        "name": "cls", "task": "ask", "role": "question answering", "possible": 1
    }  # fmt: skip
    assert "cls (BertForSequenceClassification) cannot be used to answer questions" in str(
        refused.value
    )
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
    assert model["tasks"] == ["classify"] and model["declared_tasks"] == []  # (its files say it)


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


def test_a_set_task_from_elsewhere_does_not_stop_a_running_translation(
    quire_home: Path, tmp_path: Path
) -> None:
    """The translation keeps what the model was for when it began: `quire models set-task`
    run in another process mid-way (taking translate away) changes the next job only."""
    from engine.api import Progress
    from engine.documents.translate import translate_text_file

    engine = Engine(EngineOptions(home=quire_home, device="cpu"))
    engine.import_model(exported("bart"), "news", tasks=["summarize", "translate"])
    elsewhere = Engine(EngineOptions(home=quire_home, device="cpu"))  # (another process's)
    source = tmp_path / "notes.txt"
    source.write_text("\n\n".join(f"The train leaves at {h} o'clock." for h in range(1, 7)))
    changed: list[bool] = []

    def report(event: object) -> None:
        if isinstance(event, Progress) and event.done >= 2 and not changed:  # (mid-way)
            # (on a thread of its own: none of this job's context, as in another process)
            change = lambda: elsewhere.set_model_tasks("news", ["summarize"])  # noqa: E731
            thread = threading.Thread(target=change)
            thread.start()
            thread.join()
            changed.append(True)

    template = TranslateRequest(text="", source="en", target="de", model="news")
    done = translate_text_file(engine, source, template, lambda _t, _e: None, report,
                               checkpoint=False, batch_units=1)  # fmt: skip
    assert changed and done.units == 6 and len(done.results) == 6
    with pytest.raises(ModelUnsupported) as refused:  # the next job: translate is taken away
        engine.run(dataclasses.replace(template, text="The train leaves at noon."))
    assert refused.value.message_id == "translate.summarization_model"


def test_set_task_refuses_a_manifest_it_cannot_read(
    quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A damaged quire.json is not written anew: its provenance and its files' hashes (a
    file changed since would verify as sound) would be lost."""
    from engine.errors import StoreError

    engine = Engine(EngineOptions(home=quire_home, device="cpu"))
    engine.import_model(exported("bart"), "news")
    path = quire_home / "models" / "news" / "quire.json"
    damaged = path.read_text().replace('"source": "import"', '"source": 7')
    path.write_text(damaged)
    with pytest.raises(StoreError) as refused:
        engine.set_model_tasks("news", ["summarize"])
    assert refused.value.message_id == "store.manifest_unreadable"
    assert "quire models verify" in refused.value.hint
    assert path.read_text() == damaged  # left as it was
    code, _, err = run(capsys, "models", "set-task", "news", "summarize")
    assert code != 0 and "news's quire.json cannot be read" in err


def test_a_bad_tasks_field_is_read_as_none_not_as_a_bad_manifest(
    quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    engine = Engine(EngineOptions(home=quire_home, device="cpu"))
    engine.import_model(exported("bart"), "news", tasks=["summarize"])
    path = quire_home / "models" / "news" / "quire.json"
    manifest = json.loads(path.read_text())
    (quire_home / "models" / "news" / "vocab.extra").write_text("changed since install")
    path.write_text(json.dumps({**manifest, "tasks": 7}))
    model = listed(capsys)["news"]
    assert model["tasks"] == [] and model["origin"] == manifest["origin"]
    engine.set_model_tasks("news", ["summarize"])
    kept = json.loads(path.read_text())
    assert kept["files"] == manifest["files"] and kept["installed_at"] == manifest["installed_at"]
    assert kept["tasks"] == ["summarize"]
    _, out, _ = run(capsys, "models", "verify", "news", "--json")
    assert json.loads(out)["models"][0]["ok"] is False  # the added file is still found


def test_set_task_touches_the_store_folder_the_app_watches(quire_home: Path) -> None:
    import os

    engine = Engine(EngineOptions(home=quire_home, device="cpu"))
    engine.import_model(exported("bart"), "news")
    models = quire_home / "models"
    os.utime(models, ns=(1_000_000_000, 1_000_000_000))
    engine.set_model_tasks("news", ["summarize"])
    assert models.stat().st_mtime_ns != 1_000_000_000


def test_the_import_offers_only_the_tasks_the_model_can_be_told(
    quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "models", "import", str(exported("bart")), "--name", "news")
    assert code == 0
    assert "`quire models set-task news TASK` (translate, summarize)" in out  # not ask, classify


def test_a_base_causal_model_is_said_to_do_no_task(
    quire_home: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A causal LM without a chat template writes text, but no task of Quire's runs it."""
    pytest.importorskip("optimum.exporters.onnx", reason="the causal fixture is exported with it")
    from tests.fixtures import causal

    base = tmp_path / "base-lm"
    shutil.copytree(causal.exported("llama"), base)
    config = json.loads((base / "tokenizer_config.json").read_text())
    config.pop("chat_template", None)
    (base / "tokenizer_config.json").write_text(json.dumps(config))
    (base / "chat_template.jinja").unlink(missing_ok=True)
    (base / "chat_template.json").unlink(missing_ok=True)
    code, out, _ = run(capsys, "models", "import", str(base), "--name", "base-lm")
    assert code == 0
    assert "Quire cannot use base-lm: a model of its kind (LlamaForCausalLM) can do none" in out
    assert "none of Quire's tasks (translate, summarize, ask, classify)" in out
    assert "set-task" not in out
    code, _, err = run(capsys, "models", "set-task", "base-lm", "summarize")
    assert code == 1
    assert "cannot summarize: that needs an encoder-decoder that writes text" in err
    assert "A model of its kind can do none of Quire's tasks: choose another model" in err
    assert "Choose a task it can do" not in err


def test_a_task_its_files_already_give_is_not_recorded(
    quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        capsys, "models", "import", str(exported("marian")), "--name", "opus",
        "--task", "translate", "--json",
    )  # fmt: skip
    assert code == 0 and json.loads(out)["declared_tasks"] == []
    manifest = quire_home / "models" / "opus" / "quire.json"
    assert json.loads(manifest.read_text())["tasks"] == []
    code, out, _ = run(capsys, "models", "set-task", "opus", "translate", "summarize", "--json")
    assert code == 0 and json.loads(out)["declared_tasks"] == ["summarize"]
    assert json.loads(manifest.read_text())["tasks"] == ["summarize"]
    # One an older Quire recorded anyway is not shown as the user's own (a free tick).
    old = json.loads(manifest.read_text())
    manifest.write_text(json.dumps({**old, "tasks": ["translate"]}))
    assert listed(capsys)["opus"]["declared_tasks"] == []
