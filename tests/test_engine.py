"""The front door: preloading, events, and errors for unknown requests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from engine import Engine, EngineOptions, InputError, StoreError
from engine.api import EmbedRequest, Event, ModelLoaded, ModelLoading, Progress
from tests.fixtures.builder import exported


def test_preload_loads_once_and_later_jobs_do_not_wait(quire_home: Path) -> None:
    engine = Engine(EngineOptions(home=quire_home))
    engine.import_model(exported("bert-embed"), "embedder")
    events: list[Event] = []
    used = engine.preload("embedder", events.append)
    assert used.name == "embedder" and used.backend == "onnx"
    assert [type(e) for e in events] == [ModelLoading, ModelLoaded]
    events.clear()
    engine.run(EmbedRequest(texts=("hello",), model="embedder"), events.append)
    assert not any(isinstance(e, (ModelLoading, ModelLoaded)) for e in events)
    engine.unload()
    engine.run(EmbedRequest(texts=("hello",), model="embedder"), events.append)
    assert any(isinstance(e, ModelLoading) for e in events)


def test_an_unknown_request_is_an_input_error(quire_home: Path) -> None:
    with pytest.raises(InputError, match="Unknown request"):
        Engine(EngineOptions(home=quire_home)).run("translate this")  # type: ignore[arg-type]


def test_the_first_load_of_a_variant_says_it_prepares_the_model(quire_home: Path) -> None:
    """Only the first load of each variant optimises and saves its graphs (the slow one);
    the events say which load that is, and removing the model forgets it."""

    def first_use(dtype: str) -> bool:
        options = EngineOptions(home=quire_home, dtype=dtype, device="cpu")  # type: ignore[arg-type]
        engine = Engine(options)
        events: list[Event] = []
        engine.preload("translator", events.append)
        engine.unload()
        (loading,) = [e for e in events if isinstance(e, ModelLoading)]
        return loading.first_use

    Engine(EngineOptions(home=quire_home)).import_model(exported("marian"), "translator")
    assert [first_use("int8"), first_use("int8"), first_use("fp32"), first_use("fp32")] == [
        True,
        False,
        True,
        False,
    ]
    # A changed file is a new key: the next load prepares it again.
    model = Engine(EngineOptions(home=quire_home)).model("translator").onnx["int8"]
    encoder = model.files["encoder"]
    stat = encoder.stat()
    os.utime(encoder, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1000))
    assert [first_use("int8"), first_use("int8")] == [True, False]
    engine = Engine(EngineOptions(home=quire_home))
    engine.remove_model("translator")
    engine.import_model(exported("marian"), "translator")
    assert first_use("int8")
    # An encoder's graphs are not saved: its loads are never a first use.
    engine.import_model(exported("bert-embed"), "encoder")
    events: list[Event] = []
    engine.preload("encoder", events.append)
    assert [e.first_use for e in events if isinstance(e, ModelLoading)] == [False]


def test_a_model_too_large_to_cache_is_never_a_first_use(
    quire_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from engine.runtime import session_cache

    monkeypatch.setattr(session_cache, "MAX_BYTES", 0)  # nothing is saved
    engine = Engine(EngineOptions(home=quire_home, device="cpu"))
    engine.import_model(exported("marian"), "translator")
    for _ in range(2):
        events: list[Event] = []
        engine.preload("translator", events.append)
        engine.unload()
        assert [e.first_use for e in events if isinstance(e, ModelLoading)] == [False]


def test_a_removed_model_is_unloaded_so_a_new_one_of_its_name_is_loaded(
    quire_home: Path,
) -> None:
    """Removing a model frees its sessions: another model installed under the same name
    afterwards is loaded, not served by the removed one's sessions."""
    engine = Engine(EngineOptions(home=quire_home))
    engine.import_model(exported("bert-embed"), "m")
    engine.preload("m")
    engine.remove_model("m")
    engine.import_model(exported("bert-cls"), "m")
    events: list[Event] = []
    used = engine.preload("m", events.append)
    assert [type(e) for e in events] == [ModelLoading, ModelLoaded]
    assert used.name == "m"


def test_a_model_replaced_by_another_engine_is_loaded_again_not_served_stale(
    quire_home: Path,
) -> None:
    """Engine A kept its loaded model when engine B (or the app, or `quire models`) removed it
    and installed another under the name: A then mixed the old tokenizer with the new folder
    ("The tokenizer has no '__de__' token": an outside review). Unchanged, it stays loaded."""
    a = Engine(EngineOptions(home=quire_home))
    a.import_model(exported("bert-embed"), "m")
    a.preload("m")
    events: list[Event] = []
    a.preload("m", events.append)
    assert events == []  # loaded already, unchanged
    b = Engine(EngineOptions(home=quire_home))
    b.remove_model("m")
    b.import_model(exported("bert-cls"), "m")
    used = a.preload("m", events.append)
    assert [type(e) for e in events] == [ModelLoading, ModelLoaded]
    assert used.name == "m"


def test_a_bare_name_is_the_installed_model_even_beside_a_folder_of_that_name(
    quire_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A copy of a model in the working folder, under an installed model's name, was loaded
    instead of the installed one, unchecked and unsaid (an outside review). ./NAME is the
    folder; a name no model has still finds a folder there."""
    import shutil

    engine = Engine(EngineOptions(home=quire_home))
    installed = engine.import_model(exported("marian"), "translator").path
    monkeypatch.chdir(tmp_path)
    shutil.copytree(installed, tmp_path / "translator")
    shutil.copytree(installed, tmp_path / "elsewhere")
    assert engine.model("translator").path == installed
    assert engine.model("./translator").path.resolve() == (tmp_path / "translator").resolve()
    assert engine.model("elsewhere").path.resolve() == (tmp_path / "elsewhere").resolve()


def test_paths_may_be_given_as_strings(tmp_path: Path) -> None:
    """A program's `EngineOptions(home="/data/models")` failed deep in the store with
    "unsupported operand type(s) for /: 'str' and 'str'"; a file as home was an empty store,
    in silence ("No translation model is installed")."""
    home = tmp_path / "store"
    engine = Engine(EngineOptions(home=str(home)))  # type: ignore[arg-type]
    assert engine.options.home == home
    engine.import_model(str(exported("bert-embed")), "mini-embed")
    assert [m.name for m in engine.models()] == ["mini-embed"]
    assert engine.run(EmbedRequest(texts=("a text",))).embeddings.shape[0] == 1  # type: ignore[union-attr]
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    with pytest.raises(StoreError, match="The model store cannot be written: Not a directory"):
        Engine(EngineOptions(home=tmp_path / "a-file")).models()


def test_threads_sharing_an_engine_load_a_model_once_and_never_free_it_under_a_job(
    quire_home: Path,
) -> None:
    """Four threads' first jobs loaded the model four times (three copies left to the garbage
    collector), and an unload from another thread closed the model under a running job:
    "The model has been closed" (an outside review)."""
    import threading

    engine = Engine(EngineOptions(home=quire_home))
    engine.import_model(exported("bert-embed"), "mini-embed")
    events: list[Event] = []
    outcomes: list[object] = []
    start = threading.Barrier(4)

    def job() -> None:
        start.wait()
        try:
            outcomes.append(engine.run(EmbedRequest(texts=("a text", "another")), events.append))
        except Exception as exc:
            outcomes.append(exc)

    threads = [threading.Thread(target=job) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert [type(o).__name__ for o in outcomes] == ["EmbedResult"] * 4
    assert sum(isinstance(e, ModelLoading) for e in events) == 1
    # An unload asked for by another thread while a job runs waits for the job's end.
    unloading: list[threading.Thread] = []

    def report(event: Event) -> None:
        if isinstance(event, Progress) and not unloading:
            unloading.append(threading.Thread(target=engine.unload))
            unloading[0].start()

    texts = tuple(f"sentence number {i} of many" for i in range(3000))
    result = engine.run(EmbedRequest(texts=texts), report)
    assert len(result.embeddings) == len(texts)  # type: ignore[union-attr]
    unloading[0].join(60)
    assert not unloading[0].is_alive()


def test_a_programs_wrong_request_is_the_same_input_error_as_across_the_pipe(
    quire_home: Path,
) -> None:
    """In process, no check ran: ``length="huge"`` was a KeyError (extractive) or silently
    medium, a string of texts was classified letter by letter, ``text=None`` an
    AttributeError (an outside review). Lists are taken for the tuples the fields are."""
    from engine.api import ClassifyRequest, SummarizeRequest, TranslateRequest

    engine = Engine(EngineOptions(home=quire_home))
    engine.import_model(exported("bert-embed"), "mini-embed")
    for request, said in (
        (SummarizeRequest(text="A b c. D e f.", length="huge"), r"\$\.length must be one of"),  # type: ignore[arg-type]
        (ClassifyRequest(texts="abc", labels=("x", "y")), r"\$\.texts must be a list"),  # type: ignore[arg-type]
        (TranslateRequest(text=None, target="de"), r"\$\.text must be a string"),  # type: ignore[arg-type]
        (EmbedRequest(texts=(object(),)), "cannot be sent as JSON"),  # type: ignore[arg-type]
    ):
        with pytest.raises(InputError, match=said):
            engine.run(request)
    listed = engine.run(EmbedRequest(texts=["a text", "another"]))  # type: ignore[arg-type]
    assert listed.embeddings.shape[0] == 2  # type: ignore[union-attr]


def test_a_lone_surrogate_in_a_programs_text_is_read_as_a_replacement_character(
    quire_home: Path,
) -> None:
    """Text a program decoded with surrogateescape: "The text cannot be tokenized:
    TextEncodeInput must be Union[…]" (an outside review). It is read as U+FFFD, which keeps
    every offset where it was."""
    engine = Engine(EngineOptions(home=quire_home))
    engine.import_model(exported("bert-embed"), "mini-embed")
    odd = engine.run(EmbedRequest(texts=("caf\udce9 au lait",)))
    plain = engine.run(EmbedRequest(texts=("caf\ufffd au lait",)))
    assert odd.embeddings.tolist() == plain.embeddings.tolist()  # type: ignore[union-attr]


def test_a_damaged_installed_model_is_named_when_no_model_can_do_the_job(
    quire_home: Path,
) -> None:
    """Random bytes in an installed model's config.json made translate answer "No translation
    model is installed" and suggest downloading one: the store knew what was wrong."""
    from engine import ModelNotFound
    from engine.api import TranslateRequest

    engine = Engine(EngineOptions(home=quire_home))
    folder = engine.import_model(exported("marian"), "marian").path
    (folder / "config.json").write_bytes(os.urandom(200))
    with pytest.raises(ModelNotFound) as failed:
        engine.run(TranslateRequest(text="Hello world.", target="de"))
    said = str(failed.value)
    assert "The installed model marian could not be read" in said
    assert "config.json" in said and "quire models verify marian" in said


def test_an_optional_part_is_said_how_to_get_where_the_app_runs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The packaged app has no pip: "pip install 'quire[cluster]'" was advice it could not
    take."""
    import sys

    from engine.errors import install_extra

    assert install_extra("torch") == "pip install 'quire[torch]'"
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    said = install_extra("cluster")
    assert said.startswith("the installed app does not include it")
    assert "pip install 'quire[cluster]'" in said
