"""Downloads from a fake hub on 127.0.0.1: device variant, manifest, resume (dropped connection,
cancel + restart), sha256 rejection, HTTP errors, proxies, and offline mode opening no socket."""

from __future__ import annotations

import hashlib
import json
import os
import re
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from engine import Cancelled, CancelToken, Engine, EngineOptions, ModelNotFound, StoreError
from engine.api import Event, PartialDownload, Progress
from engine.cli.main import main
from engine.store.download import RetryBudget, download
from engine.store.local import read_manifest
from tests.fake_hub import FakeHub, running_hub, running_proxy
from tests.fixtures.builder import exported

REPO = "test/tiny-marian"
# The exported fixture, laid out as a Transformers.js repo (onnx/ with _fp16 / _quantized).
SHARED = (
    "config.json",
    "generation_config.json",
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
)
LAYOUT = {
    **{name: name for name in SHARED},
    "onnx/encoder_model.onnx": "onnx/encoder_model.onnx",
    "onnx/decoder_model_merged.onnx": "onnx/decoder_model_merged.onnx",
    "onnx/encoder_model_fp16.onnx": "onnx/encoder_model_fp16.onnx",
    "onnx/decoder_model_fp16.onnx": "onnx/decoder_model_fp16.onnx",
    "onnx/decoder_with_past_model_fp16.onnx": "onnx/decoder_with_past_model_fp16.onnx",
    "onnx/encoder_model_quantized.onnx": "onnx/encoder_model_int8.onnx",
    "onnx/decoder_model_quantized.onnx": "onnx/decoder_model_int8.onnx",
    "onnx/decoder_with_past_model_quantized.onnx": "onnx/decoder_with_past_model_int8.onnx",
}
INT8 = (
    "onnx/encoder_model_quantized.onnx",
    "onnx/decoder_model_quantized.onnx",
    "onnx/decoder_with_past_model_quantized.onnx",
)
BIG = "onnx/decoder_model_quantized.onnx"


@pytest.fixture
def online(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """huggingface_hub reads HF_HUB_OFFLINE at import (tests set it): switch it off here, and
    keep the machine's proxy variables out of the way."""
    import huggingface_hub.constants
    from huggingface_hub.utils._http import reset_sessions

    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    # huggingface_hub also reads this one, in the engine process the app starts.
    monkeypatch.delenv("TRANSFORMERS_OFFLINE", raising=False)
    monkeypatch.delenv("QUIRE_OFFLINE", raising=False)
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", False)
    for key in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"):
        monkeypatch.delenv(key, raising=False)
        monkeypatch.delenv(key.lower(), raising=False)
    reset_sessions()  # sessions cache their offline adapter
    yield
    reset_sessions()


@pytest.fixture
def hub(online: None) -> Iterator[FakeHub]:
    with running_hub() as h:
        repo = h.add_repo(REPO, exported("marian"), rename=LAYOUT)
        # Never to be fetched: a pickle and code.
        repo.files["pytorch_model.bin"] = b"\x80\x04not really a pickle"
        repo.files["modeling_evil.py"] = b"import os; os.system('touch /tmp/pwned')"
        yield h


def catalog_file(tmp_path: Path, hub: FakeHub, **overrides: Any) -> Path:
    repo = hub.repos[REPO]

    def file(path: str, sha: bool) -> dict[str, Any]:
        data = repo.files[path]
        out: dict[str, Any] = {"path": path, "size": len(data)}
        if sha:
            out["sha256"] = hashlib.sha256(data).hexdigest()
        return out

    entry = {
        "name": "tiny-marian",
        "repo": REPO,
        "revision": repo.commit,
        "task": "translate",
        "languages": ["en", "de"],
        "pairs": [["en", "de"]],
        "license": "cc-by-4.0",
        "description": "tiny test model",
        # Shared files carry no sha256: they are checked against the hub's git blob ids.
        "shared": [file(p, False) for p in SHARED],
        "variants": {
            "fp32": [
                file("onnx/encoder_model.onnx", True),
                file("onnx/decoder_model_merged.onnx", True),
            ],
            "int8": [file(p, True) for p in INT8],
        },
        **overrides,
    }
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps({"format": 1, "models": [entry]}), encoding="utf-8")
    return path


def make_engine(home: Path, hub: FakeHub, tmp_path: Path, **options: Any) -> Engine:
    return Engine(
        EngineOptions(
            home=home,
            device="cpu",
            endpoint=hub.url,
            catalog=catalog_file(tmp_path, hub),
            **options,
        )
    )


def listing(home: Path) -> list[str]:
    root = home / "models"
    return sorted(p.name for p in root.iterdir()) if root.is_dir() else []


def visible(engine: Engine) -> list[str]:
    return [m.name for m in engine.models()]


# ----------------------------------------------------------------------------- happy paths


def test_download_fetches_the_cpu_variant_and_records_a_manifest(
    hub: FakeHub, quire_home: Path, tmp_path: Path
) -> None:
    engine = make_engine(quire_home, hub, tmp_path)
    events: list[Event] = []
    stored = engine.download("tiny-marian", report=events.append)

    assert stored.name == "tiny-marian" and stored.folder is not None
    assert stored.folder.variants == ("int8",)  # CPU: the quantized graphs only
    repo = hub.repos[REPO]
    wanted = (*SHARED, *INT8)
    installed = sorted(
        p.relative_to(stored.path).as_posix() for p in stored.path.rglob("*") if p.is_file()
    )
    assert installed == sorted((*wanted, "quire.json"))
    for path in wanted:
        assert (stored.path / path).read_bytes() == repo.files[path]
    fetched = {s.path for s in hub.log if s.method == "GET"}
    assert not any(
        p.endswith((".bin", ".py", "_fp16.onnx", "/encoder_model.onnx")) for p in fetched
    )

    manifest = read_manifest(stored.path)
    assert manifest is not None and manifest == stored.manifest
    assert (manifest.source, manifest.repo, manifest.revision) == ("catalog", REPO, repo.commit)
    assert manifest.variants == ("int8",) and manifest.license == "cc-by-4.0"
    assert {f.path: f.sha256 for f in manifest.files} == {
        p: hashlib.sha256(repo.files[p]).hexdigest() for p in wanted
    }
    downloading = [e for e in events if isinstance(e, Progress) and e.stage == "downloading"]
    total = sum(len(repo.files[p]) for p in wanted)
    assert downloading[-1].done == downloading[-1].total == total
    assert [e.done for e in downloading] == sorted(e.done for e in downloading)
    assert [e for e in events if isinstance(e, Progress)][-1] == Progress("installing", 1, 1)
    # The installed model really loads in ONNX Runtime.
    assert engine.preload("tiny-marian").variant == "int8"
    assert listing(quire_home) == ["tiny-marian"]  # no staging left behind


def test_approximate_catalog_sizes_do_not_decide_a_download(
    hub: FakeHub, quire_home: Path, tmp_path: Path
) -> None:
    # Sizes read off the hub's web pages are rounded ("56.7 MB"): the download must go by
    # the hub's own size and hash headers, and progress must add up to the real bytes.
    repo = hub.repos[REPO]

    def rounded(path: str) -> dict[str, Any]:
        real = len(repo.files[path])
        return {"path": path, "size": real + 1000, "size_exact": False}

    catalog = catalog_file(
        tmp_path,
        hub,
        shared=[rounded(p) for p in SHARED],
        variants={"int8": [rounded(p) for p in INT8]},
    )
    engine = Engine(EngineOptions(home=quire_home, device="cpu", endpoint=hub.url, catalog=catalog))
    events: list[Event] = []
    stored = engine.download("tiny-marian", report=events.append)

    wanted = (*SHARED, *INT8)
    assert stored.manifest is not None
    assert {f.path: f.size for f in stored.manifest.files} == {
        p: len(repo.files[p]) for p in wanted
    }
    downloading = [e for e in events if isinstance(e, Progress) and e.stage == "downloading"]
    assert downloading[-1].done == downloading[-1].total == sum(len(repo.files[p]) for p in wanted)


def test_a_download_of_a_named_variant_does_not_probe_the_devices(
    hub: FakeHub, quire_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app always names the variant. Asking which devices this machine has creates probe
    sessions with a GPU runtime (seconds, and GPU memory), in the downloads' own process each
    time it starts: only a download without a variant needs the answer."""
    import engine.runtime.providers as providers

    asked: list[str] = []

    def device_plan(device: str) -> list[str]:
        asked.append(device)
        return ["cpu"]

    monkeypatch.setattr(providers, "device_plan", device_plan)
    engine = make_engine(quire_home, hub, tmp_path)
    folder = download(engine.store, engine.options, "tiny-marian", variant="fp32")
    assert folder.variants == ("fp32",)
    assert asked == []
    engine.store.remove("tiny-marian")
    folder = download(engine.store, engine.options, "tiny-marian")
    assert asked == ["cpu"] and folder.variants == ("int8",)


def test_a_repo_id_outside_the_catalog_downloads_the_variant_asked_for(
    hub: FakeHub, quire_home: Path, tmp_path: Path
) -> None:
    hub.add_repo("someone/marian-onnx", exported("marian"), rename=LAYOUT)
    engine = make_engine(quire_home, hub, tmp_path)
    stored = engine.download("someone/marian-onnx", variant="fp32", name="mine")
    assert stored.name == "mine" and stored.folder is not None
    assert stored.folder.variants == ("fp32",)
    assert sorted(stored.folder.onnx["fp32"].files) == ["decoder_merged", "encoder"]
    manifest = stored.manifest
    assert manifest is not None and manifest.source == "hub"
    assert manifest.revision == hub.repos["someone/marian-onnx"].commit
    assert manifest.license == "apache-2.0" and manifest.task == "translate"
    assert hub.requests_for("/api/models/someone/marian-onnx/revision/main")


def test_a_repo_whose_config_asks_for_its_own_code_is_refused_as_on_import(
    hub: FakeHub, quire_home: Path, tmp_path: Path
) -> None:
    repo = hub.add_repo("someone/remote-code", exported("marian"), rename=LAYOUT)
    config = json.loads(repo.files["config.json"])
    config["auto_map"] = {"AutoModel": "modeling_evil.EvilModel"}
    repo.files["config.json"] = json.dumps(config).encode()
    engine = make_engine(quire_home, hub, tmp_path)
    with pytest.raises(StoreError, match="code"):
        engine.download("someone/remote-code", variant="fp32", name="remote")
    assert not (quire_home / "models" / "remote").exists()
    # Refused before any weights came down, and nothing of it kept for a resume.
    fetched = [s.path for s in hub.log if s.method == "GET"]
    assert any(p.endswith("/config.json") for p in fetched)
    assert not any(p.endswith(".onnx") for p in fetched)
    assert not (quire_home / "models" / ".download-remote").exists()
    assert engine.store.partial_downloads() == ()  # not listed as a download to resume


def test_hub_files_that_make_no_model_are_named_by_repo_and_file_and_not_kept(
    hub: FakeHub, quire_home: Path, tmp_path: Path
) -> None:
    repo = hub.add_repo("someone/broken", exported("marian"), rename=LAYOUT)
    repo.files["tokenizer.json"] = b'{"version": "1.0", "model": 5}'
    engine = make_engine(quire_home, hub, tmp_path)
    with pytest.raises(StoreError) as info:
        engine.download("someone/broken", variant="fp32", name="broken")
    error = info.value
    assert error.message.startswith("The files of someone/broken are not a model Quire can run")
    assert error.message.endswith("(tokenizer.json)") and error.path is None
    assert ".download-broken" not in str(error)
    # Checked files as the hub has them: nothing to resume, nothing listed as partial.
    assert not (quire_home / "models" / ".download-broken").exists()
    assert engine.store.partial_downloads() == () and visible(engine) == []


def test_a_dropped_connection_resumes_with_a_range_request(
    hub: FakeHub, quire_home: Path, tmp_path: Path
) -> None:
    size = len(hub.repos[REPO].files[BIG])
    cut = size // 2
    hub.drop_after[BIG] = cut
    stored = make_engine(quire_home, hub, tmp_path).download("tiny-marian")
    gets = [s for s in hub.log if s.method == "GET" and s.path.startswith("/cdn/")]
    big_sha = hashlib.sha256(hub.repos[REPO].files[BIG]).hexdigest()
    big_gets = [s for s in gets if s.path.endswith(big_sha)]
    assert len(big_gets) == 2
    assert "Range" not in big_gets[0].headers
    start = int(big_gets[1].headers["Range"].removeprefix("bytes=").removesuffix("-"))
    assert 0 < start <= cut  # the bytes kept before the drop are not fetched again
    assert (stored.path / BIG).read_bytes() == hub.repos[REPO].files[BIG]


def test_a_partial_answer_for_another_range_is_not_appended(
    hub: FakeHub, quire_home: Path, tmp_path: Path
) -> None:
    size = len(hub.repos[REPO].files[BIG])
    hub.drop_after[BIG] = size // 2
    hub.wrong_ranges = 1  # the resume gets "206 bytes 0-…": appending it would corrupt the file
    stored = make_engine(quire_home, hub, tmp_path).download("tiny-marian")
    assert (stored.path / BIG).read_bytes() == hub.repos[REPO].files[BIG]
    big_sha = hashlib.sha256(hub.repos[REPO].files[BIG]).hexdigest()
    big_gets = [s for s in hub.log if s.method == "GET" and s.path.endswith(big_sha)]
    assert len(big_gets) == 3  # first try, the wrong partial answer, the fresh start
    assert "Range" not in big_gets[2].headers


class FakeClock:
    """The retry loop's clock and pause: each pause moves the clock on instead of sleeping."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.pauses: list[float] = []
        self.pause_lasts: float | None = None  # how far a pause moves the clock (None: asked)

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.pauses.append(seconds)
        self.now += seconds if self.pause_lasts is None else self.pause_lasts


@pytest.fixture
def fake_clock() -> FakeClock:
    return FakeClock()


def download_with(engine: Engine, budget: RetryBudget, **kwargs: Any) -> None:
    """``engine.download("tiny-marian")`` with the given retry budget (the engine's own
    download function, on its store and options)."""
    download(engine.store, engine.options, "tiny-marian", retry=budget, **kwargs)


def a_hub_that_always_drops_and_sends_the_wrong_range(hub: FakeHub) -> None:
    """Every try brings a few bytes, then the connection drops; every resume is answered with
    206 for byte 0 onwards, so the next try starts the file over: progress without end."""
    hub.drop_after[BIG] = len(hub.repos[REPO].files[BIG]) // 4
    hub.keep_dropping = True
    hub.wrong_ranges = 10**9


def big_gets(hub: FakeHub) -> list[Any]:
    big_sha = hashlib.sha256(hub.repos[REPO].files[BIG]).hexdigest()
    return [s for s in hub.log if s.method == "GET" and s.path.endswith(big_sha)]


def test_a_download_that_keeps_restarting_ends_within_its_attempt_budget(
    hub: FakeHub,
    quire_home: Path,
    tmp_path: Path,
    fake_clock: FakeClock,
) -> None:
    budget = RetryBudget(
        in_a_row=5, attempts=7, seconds=10**9, clock=fake_clock.clock, sleep=fake_clock.sleep
    )
    a_hub_that_always_drops_and_sends_the_wrong_range(hub)
    with pytest.raises(
        StoreError, match=r"Gave up on onnx/decoder_model_quantized\.onnx after 8 "
    ) as info:
        download_with(make_engine(quire_home, hub, tmp_path), budget)
    assert info.value.message_id == "download.gave_up"  # the app words it, in its language
    assert info.value.params == {"path": BIG, "tries": 8}
    gets = big_gets(hub)
    assert len(gets) == budget.attempts + 1  # the first try and seven retries, then no more
    # It really was the endless kind: plain tries that drop and resumes answered wrongly.
    assert sum("Range" in s.headers for s in gets) == len(gets) // 2
    assert visible(make_engine(quire_home, hub, tmp_path)) == []


def test_a_download_that_keeps_restarting_ends_within_its_time_budget(
    hub: FakeHub,
    quire_home: Path,
    tmp_path: Path,
    fake_clock: FakeClock,
) -> None:
    budget = RetryBudget(
        in_a_row=5, attempts=10**6, seconds=600.0, clock=fake_clock.clock, sleep=fake_clock.sleep
    )
    fake_clock.pause_lasts = 250.0  # a slow network: each failed try takes minutes
    a_hub_that_always_drops_and_sends_the_wrong_range(hub)
    with pytest.raises(StoreError, match=r"after 4 failed tries in 12 min") as info:
        download_with(make_engine(quire_home, hub, tmp_path), budget)
    assert "wrong part of the file" in info.value.message
    # Tries at 0, 250, 500 and 750 s: the one failing 750 s after the first failure is the last.
    assert len(big_gets(hub)) == 4


def test_a_network_that_is_gone_for_a_while_is_waited_for(
    hub: FakeHub, quire_home: Path, tmp_path: Path, fake_clock: FakeClock
) -> None:
    """Five tries 0.2 to 1 s apart gave up after 3 s without a connection: a Wi-Fi reconnect
    ended the download. The pauses now double, riding out about half a minute; then the
    download ends, saying why in words the app has."""
    budget = RetryBudget(clock=fake_clock.clock, sleep=fake_clock.sleep)
    hub.drop_after[BIG] = 1  # every try hangs up at once: no byte of the big file comes
    hub.keep_dropping = True
    engine = make_engine(quire_home, hub, tmp_path)
    with pytest.raises(StoreError, match="kept dropping") as info:
        download_with(engine, budget)
    assert info.value.message_id == "download.dropped"
    assert fake_clock.pauses == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]
    assert sum(fake_clock.pauses) > 20


def test_a_cancel_ends_a_retry_pause_at_once(
    hub: FakeHub, quire_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pauses between tries grew to 8 s, and a cancel waited each out (then the app's
    engine process was ended for it, two seconds on). The pause is the token's own wait:
    here an hour long, cancelled as it begins, it ends at once."""
    import threading

    import engine.store.download as module

    hub.drop_after[BIG] = 1  # every try hangs up at once
    hub.keep_dropping = True
    cancel = CancelToken()

    def an_hour(_failures: int) -> float:  # the pause after a failed try: cancelled as it begins
        cancel.cancel()
        return 3600.0

    monkeypatch.setattr(module, "pause", an_hour)
    raised: list[BaseException] = []

    def run() -> None:
        try:
            download_with(make_engine(quire_home, hub, tmp_path), RetryBudget(), cancel=cancel)
        except BaseException as exc:
            raised.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(60)  # (not a measure: an hour's pause would still be going)
    assert not worker.is_alive() and len(raised) == 1 and isinstance(raised[0], Cancelled)


def test_progress_is_reported_by_time_as_well_as_by_bytes() -> None:
    """Once per MiB only: at 100 KB/s a download showed "0 bytes" for ten seconds."""
    from engine.store.download import REPORT_SECONDS, _Counter

    now = [0.0]
    seen: list[Progress] = []

    def report(event: Event) -> None:
        assert isinstance(event, Progress)
        seen.append(event)

    counter = _Counter(report, 10 * 2**20, 0, 2**20, clock=lambda: now[0])
    counter.add(1000)  # at once: not yet
    assert seen == []
    now[0] += REPORT_SECONDS
    counter.add(1000)  # half a second on: said, with a time left
    assert [e.done for e in seen] == [2000] and seen[0].eta_seconds is not None
    counter.add(2**20)  # a MiB more, at once: said
    assert [e.done for e in seen] == [2000, 2000 + 2**20]
    now[0] += 10
    counter.add(0)  # nothing new: nothing said, however long
    assert len(seen) == 2


def test_a_cancelled_download_resumes_after_a_restart(
    hub: FakeHub, quire_home: Path, tmp_path: Path
) -> None:
    repo = hub.repos[REPO]
    before_big = sum(len(repo.files[p]) for p in (*SHARED, INT8[0]))
    cancel = CancelToken()

    def report(event: Event) -> None:
        if isinstance(event, Progress) and event.done > before_big + 64 * 1024:
            cancel.cancel()  # in the middle of the decoder file

    first = make_engine(quire_home, hub, tmp_path)
    with pytest.raises(Cancelled):
        # An event per 64 KiB read, so the cancel lands inside the file.
        download_with(first, RetryBudget(), report=report, cancel=cancel, report_every=1)
    assert visible(first) == []
    partial = quire_home / "models" / ".download-tiny-marian" / "files" / f"{BIG}.incomplete"
    kept = partial.stat().st_size
    assert 0 < kept < len(repo.files[BIG])

    hub.log.clear()
    restarted = make_engine(quire_home, hub, tmp_path)  # a new process would open the store anew
    stored = restarted.download("tiny-marian")
    big_sha = hashlib.sha256(repo.files[BIG]).hexdigest()
    (resumed,) = [s for s in hub.log if s.method == "GET" and s.path.endswith(big_sha)]
    assert resumed.headers["Range"] == f"bytes={kept}-"
    # Files finished before the cancel are not fetched again.
    assert not [s for s in hub.log if s.method == "GET" and s.path.endswith("tokenizer.json")]
    assert (stored.path / BIG).read_bytes() == repo.files[BIG]
    assert listing(quire_home) == ["tiny-marian"]


def test_the_name_list_shows_resumes_a_hub_download_in_its_variant(
    hub: FakeHub, quire_home: Path, tmp_path: Path
) -> None:
    """`quire models list` says `quire models download NAME` resumes a stopped download: for a
    repo id downloaded under a name, in a variant that is not the default, it must. A download
    that would replace the kept bytes (another variant) is refused, not done over them."""
    hub.add_repo("someone/marian-onnx", exported("marian"), rename=LAYOUT)
    engine = make_engine(quire_home, hub, tmp_path)
    part = _stopped_download(engine, "someone/marian-onnx", "mine")
    assert (part.name, part.repo, part.variant) == ("mine", "someone/marian-onnx", "fp32")
    assert part.size_bytes > 0 and part.revision == hub.repos["someone/marian-onnx"].commit

    with pytest.raises(StoreError, match="A partial download of mine is kept"):
        engine.download("someone/marian-onnx", variant="int8", name="mine")
    with pytest.raises(StoreError, match="A partial download of mine is kept"):
        engine.download("mine", variant="int8")
    assert engine.store.partial_downloads() == (part,)  # untouched

    hub.log.clear()
    stored = engine.download("mine")
    assert stored.name == "mine" and stored.folder is not None
    assert stored.folder.variants == ("fp32",)  # not the CPU's default, int8
    assert [s for s in hub.log if s.method == "GET" and "Range" in s.headers]  # resumed
    assert engine.store.partial_downloads() == ()


def _stopped_download(engine: Engine, repo: str, name: str) -> PartialDownload:
    cancel = CancelToken()

    def report(event: Event) -> None:
        if isinstance(event, Progress) and event.done > 64 * 1024:
            cancel.cancel()

    with pytest.raises(Cancelled):
        download(
            engine.store, engine.options, repo, variant="fp32", name=name,
            report=report, cancel=cancel, report_every=1,
        )  # fmt: skip
    (part,) = engine.store.partial_downloads()
    return part


def test_a_repo_downloaded_under_a_catalog_models_name_resumes_by_that_name(
    hub: FakeHub, quire_home: Path, tmp_path: Path
) -> None:
    """The name is the catalog's (tiny-marian), the repo another: `download tiny-marian`,
    as list says, resumes the repo's files instead of refusing for the catalog's repo."""
    hub.add_repo("someone/marian-onnx", exported("marian"), rename=LAYOUT)
    engine = make_engine(quire_home, hub, tmp_path)
    part = _stopped_download(engine, "someone/marian-onnx", "tiny-marian")
    # Under another name, the catalog model itself is asked for, and the partial stays.
    other = engine.download("tiny-marian", name="other")
    assert other.manifest is not None and other.manifest.repo == REPO
    assert engine.store.partial_downloads() == (part,)
    hub.log.clear()
    stored = engine.download("tiny-marian")
    assert stored.manifest is not None and stored.manifest.repo == "someone/marian-onnx"
    assert stored.manifest.revision == part.revision
    assert [s for s in hub.log if s.method == "GET" and "Range" in s.headers]


def test_a_retry_after_the_repo_moved_on_keeps_the_bytes_of_the_commit_they_are_of(
    hub: FakeHub, quire_home: Path, tmp_path: Path
) -> None:
    """The same command again, after the repo's main moved: the kept files are of the old
    commit; they were deleted and everything fetched anew, without a word."""
    repo = hub.add_repo("someone/marian-onnx", exported("marian"), rename=LAYOUT)
    engine = make_engine(quire_home, hub, tmp_path)
    part = _stopped_download(engine, "someone/marian-onnx", "mine")
    repo.commit = "f" * 40  # (this hub serves main and its newest commit only)
    with pytest.raises(StoreError, match="pinned revision is not on the hub"):
        engine.download("someone/marian-onnx", variant="fp32", name="mine")
    assert engine.store.partial_downloads() == (part,)  # kept, untouched
    # Asked for main as it is now: the finished files, the same in it, are kept (checked by
    # their sha256), the cut one fetched whole (it may not start the new revision's file).
    files = quire_home / "models" / ".download-mine" / "files"
    finished = {p.relative_to(files).as_posix() for p in files.rglob("*") if p.is_file()}
    finished = {p for p in finished if not p.endswith(".incomplete")}
    assert finished
    hub.log.clear()
    stored = engine.download("someone/marian-onnx@main", variant="fp32", name="mine")
    assert stored.manifest is not None and stored.manifest.revision == "f" * 40
    gets = [s.path for s in hub.log if s.method == "GET" and not s.path.startswith("/api/")]
    for rel in finished:  # (small files by name, large ones by their sha256, as the hub does)
        sha = hashlib.sha256(repo.files[rel]).hexdigest()
        assert not [g for g in gets if g.endswith("/" + rel) or g.endswith(sha)], rel
    assert gets and not [s for s in hub.log if s.method == "GET" and "Range" in s.headers]


def test_the_catalog_offers_the_variant_of_a_kept_partial_download_first(
    hub: FakeHub, quire_home: Path, tmp_path: Path
) -> None:
    """The app's Download sends the variant the catalog offers (int8 on a CPU): over an fp32
    partial it was refused."""
    engine = make_engine(quire_home, hub, tmp_path)
    (hit,) = engine.catalog("marian")
    assert hit.variant == "int8"
    _stopped_download(engine, REPO, "tiny-marian")
    (hit,) = engine.catalog("marian")
    assert hit.variant == "fp32" and hit.partial_bytes > 0
    stored = engine.download(hit.entry.name, variant=hit.variant)
    assert stored.folder is not None and stored.folder.variants == ("fp32",)


def test_a_partial_download_is_listed_searched_and_discarded(
    hub: FakeHub, quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The bytes a stopped download keeps are not invisible: `models list` and `models search`
    show them with what resumes and what discards them, and `models remove` discards them."""
    cancel = CancelToken()

    def report(event: Event) -> None:
        if isinstance(event, Progress) and event.done > 64 * 1024:
            cancel.cancel()

    engine = make_engine(quire_home, hub, tmp_path)
    with pytest.raises(Cancelled):
        download_with(engine, RetryBudget(), report=report, cancel=cancel, report_every=1)
    folder = quire_home / "models" / ".download-tiny-marian"
    kept = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file() and "files" in f.parts)
    assert kept > 0
    (partial,) = engine.store.partial_downloads()
    assert (partial.name, partial.size_bytes, partial.repo) == ("tiny-marian", kept, REPO)
    assert not partial.active and partial.variant == "int8"
    (hit,) = engine.catalog("marian")
    assert not hit.installed and hit.partial_bytes == kept

    assert main(["models", "list", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["models"] == []
    (row,) = document["partial_downloads"]
    assert row["name"] == "tiny-marian" and row["size_bytes"] == kept and not row["active"]
    assert main(["models", "list"]) == 0
    out = capsys.readouterr().out
    assert "partial download (int8)" in out and "quire models remove tiny-marian" in out
    catalog = ["--catalog", str(catalog_file(tmp_path, hub))]
    assert main(["models", "search", "marian", *catalog]) == 0
    assert "partly downloaded" in capsys.readouterr().out

    lock = folder / ".lock"  # as a process downloading it now holds it
    lock.write_text(str(os.getpid()), encoding="utf-8")
    assert engine.store.partial_downloads()[0].active
    assert main(["models", "list"]) == 0
    out = capsys.readouterr().out
    assert "downloading now, in another Quire process" in out and "resumes" not in out
    with pytest.raises(StoreError, match="being downloaded now"):
        engine.remove_model("tiny-marian")
    lock.unlink()
    assert main(["models", "remove", "tiny-marian"]) == 0
    assert capsys.readouterr().out.strip() == "Discarded the partial download of tiny-marian"
    assert not folder.exists() and engine.store.partial_downloads() == ()
    assert main(["models", "remove", "tiny-marian"]) == 1  # nothing is left to remove
    assert "No installed model is called 'tiny-marian'" in capsys.readouterr().err


def test_discarding_a_partial_download_never_removes_an_installed_model(
    quire_home: Path,
) -> None:
    """The catalog's Discard (``partial_only``) deletes only the kept files, even where a model
    of that name was installed since (and such stale files are not offered to resume)."""
    from engine.store.local import ModelStore

    store = ModelStore(quire_home)
    installed = quire_home / "models" / "m"
    (installed / "onnx").mkdir(parents=True)
    kept = quire_home / "models" / ".download-m" / "files"
    kept.mkdir(parents=True)
    (kept / "model.onnx.incomplete").write_bytes(b"x" * 10)
    assert store.partial_downloads() == ()  # nothing to resume: m is installed
    assert store.remove("m", partial_only=True) is True
    assert installed.is_dir() and not kept.parent.exists()
    with pytest.raises(ModelNotFound, match="No partial download of 'm'"):
        store.remove("m", partial_only=True)
    assert installed.is_dir()


# ----------------------------------------------------------------------------- failures


@pytest.mark.parametrize("path", [BIG, "tokenizer.json"])
def test_a_corrupted_byte_is_rejected_and_nothing_is_installed(
    hub: FakeHub, quire_home: Path, tmp_path: Path, path: str
) -> None:
    hub.corrupt.add(path)  # LFS file (sha256) and small file (git blob id)
    engine = make_engine(quire_home, hub, tmp_path)
    with pytest.raises(StoreError, match="corrupt") as info:
        engine.download("tiny-marian")
    assert path in str(info.value)
    assert visible(engine) == [] and not (quire_home / "models" / "tiny-marian").exists()
    hub.corrupt.clear()  # a later try without the fault succeeds
    assert engine.download("tiny-marian").name == "tiny-marian"


def test_a_server_sending_more_than_the_file_is_stopped_at_its_size(
    hub: FakeHub, quire_home: Path, tmp_path: Path
) -> None:
    """A mirror streamed 300 MB for a file the hub sized at 171 KB: Quire wrote all of it and
    kept it as a partial download (an outside review). Now it stops at the size, and keeps
    nothing of what is not the file."""
    extra = 64 * 1024 * 1024
    hub.oversize[BIG] = extra
    engine = make_engine(quire_home, hub, tmp_path)
    with pytest.raises(StoreError, match="sent more than the") as info:
        engine.download("tiny-marian")
    assert BIG in str(info.value) and "mirror" in (info.value.hint or "")
    written = sum(p.stat().st_size for p in quire_home.rglob("*") if p.is_file())
    assert written < extra // 4, written
    assert not list(quire_home.rglob("*.incomplete"))
    hub.oversize.clear()  # a later try against a sound server succeeds
    assert engine.download("tiny-marian").name == "tiny-marian"


def test_a_mirror_without_checksums_installs_nothing_unverified(
    hub: FakeHub, quire_home: Path, tmp_path: Path
) -> None:
    hub.no_checksums = True  # neither ETag nor X-Linked-Etag, and no sha256 in the catalog
    engine = make_engine(quire_home, hub, tmp_path)
    with pytest.raises(StoreError, match="sent no checksum, so the file cannot be verified"):
        engine.download("tiny-marian")
    assert visible(engine) == []
    # With every sha256 in the catalog the same mirror is fine: the catalog vouches for it.
    repo = hub.repos[REPO]
    files = [
        {"path": p, "size": len(repo.files[p]), "sha256": hashlib.sha256(repo.files[p]).hexdigest()}
        for p in (*SHARED, *INT8)
    ]
    catalog = catalog_file(
        tmp_path, hub, shared=files[: len(SHARED)], variants={"int8": files[len(SHARED) :]}
    )
    vouched = Engine(
        EngineOptions(home=quire_home, device="cpu", endpoint=hub.url, catalog=catalog)
    )
    assert vouched.download("tiny-marian").name == "tiny-marian"


def test_a_repo_file_list_cannot_place_files_outside_the_model(
    hub: FakeHub, quire_home: Path, tmp_path: Path
) -> None:
    repo = hub.add_repo("someone/marian-onnx", exported("marian"), rename=LAYOUT)
    graph = "onnx/encoder_model_quantized.onnx"
    # Names a hostile mirror could list beside a graph, posing as its external data.
    repo.files[f"{graph}_data/../../../../escaped.onnx"] = b"not model data"
    repo.files[f"{graph}_data.py"] = b"import os"
    stored = make_engine(quire_home, hub, tmp_path).download("someone/marian-onnx")
    assert not [s for s in hub.log if "escaped" in s.path or s.path.endswith(".py")]
    assert stored.manifest is not None
    assert sorted(f.path for f in stored.manifest.files) == sorted((*SHARED, *INT8))
    assert not list(quire_home.parent.rglob("escaped.onnx"))


def test_the_hub_token_goes_to_the_hub_and_never_to_a_mirror(
    hub: FakeHub, quire_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import engine.store.download

    monkeypatch.setenv("HF_TOKEN", "hf_quire_test_token")
    make_engine(quire_home, hub, tmp_path).download("tiny-marian", name="via-mirror")

    def tokens() -> set[str | None]:
        return {
            next((v for k, v in s.headers.items() if k.lower() == "authorization"), None)
            for s in hub.log
        }

    assert tokens() == {None}
    # The same server taken for the hub itself does get the token (so the check above can fail).
    hub.log.clear()
    monkeypatch.setattr(engine.store.download, "DEFAULT_ENDPOINT", hub.url)
    make_engine(quire_home, hub, tmp_path).download("tiny-marian", name="via-hub")
    assert tokens() == {"Bearer hf_quire_test_token"}


def _missing_file(hub: FakeHub) -> None:
    hub.missing.add(INT8[0])


def _needs_login(hub: FakeHub) -> None:
    hub.repos[REPO].status = 401


@pytest.mark.parametrize(
    ("fault", "target", "message", "message_id"),
    [
        (
            _missing_file,
            "tiny-marian",
            r"has no file onnx/encoder_model_quantized.onnx \(404\)",
            "download.not_found",
        ),
        (_needs_login, "tiny-marian", r"asks for a login \(401\)", "download.login"),
        (None, "nobody/no-such-repo", "no such repo", "download.not_found"),
        (None, "no-such-model", "No catalog model is called", "download.unknown_model"),
    ],
)
def test_http_errors_become_clear_store_errors(
    hub: FakeHub,
    quire_home: Path,
    tmp_path: Path,
    fault: Any,
    target: str,
    message: str,
    message_id: str | None,
) -> None:
    """Each with the message id the app words it by (in English and Chinese)."""
    if fault is not None:
        fault(hub)
    engine = make_engine(quire_home, hub, tmp_path)
    with pytest.raises(StoreError, match=message) as refused:
        engine.download(target)
    assert refused.value.message_id == message_id
    if message_id == "download.unknown_model":
        assert refused.value.params == {"name": target}
    elif message_id is not None:
        assert set(refused.value.params) >= {"repo", "host"}
    assert visible(engine) == []


def test_connection_refused_says_so(online: None, quire_home: Path, tmp_path: Path) -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    engine = Engine(
        EngineOptions(home=quire_home, device="cpu", endpoint=f"http://127.0.0.1:{port}")
    )
    with pytest.raises(StoreError, match=r"Could not connect to 127\.0\.0\.1"):
        engine.download("someone/anything")


def test_a_full_disk_is_refused_before_downloading(
    hub: FakeHub, quire_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    real = shutil.disk_usage
    monkeypatch.setattr(shutil, "disk_usage", lambda p: real(p)._replace(free=1000))
    eng = make_engine(quire_home, hub, tmp_path)
    with pytest.raises(StoreError, match="Not enough disk space") as caught:
        eng.download("tiny-marian")
    assert not [s for s in hub.log if s.method == "GET"]
    # A tiny model's shortfall reads in the unit that shows it, not as "0.0 GB".
    assert re.search(r"needs [\d.]+ (KB|MB), 1000 bytes is free", str(caught.value)), caught.value
    assert eng.store.partial_downloads() == ()  # no bytes came: nothing offered to resume


def test_the_cli_takes_dtype_for_the_variant_as_the_other_commands_do(
    hub: FakeHub, quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hub.add_repo("someone/marian-onnx", exported("marian"), rename=LAYOUT)
    endpoint = ["--endpoint", hub.url, "--device", "cpu"]
    clash = ["--dtype", "fp32", "--variant", "int8"]
    assert main(["models", "download", "someone/marian-onnx", *clash, *endpoint]) == 2
    assert "disagree" in capsys.readouterr().err
    args = ["models", "download", "someone/marian-onnx", "--dtype", "fp32", *endpoint, "--json"]
    assert main(args) == 0
    assert json.loads(capsys.readouterr().out)["variants"] == ["fp32"]  # not the CPU's int8


def test_a_second_download_of_a_running_one_is_refused_and_leaves_its_folder_be(
    hub: FakeHub, quire_home: Path, tmp_path: Path
) -> None:
    """The refused download must not take the running one's working folder for a failed
    download of its own with nothing to resume (no bytes have come yet)."""
    engine = make_engine(quire_home, hub, tmp_path)
    staging = engine.store.download_staging("tiny-marian")
    with engine.store.locked(staging):  # as the process downloading it now holds it
        with pytest.raises(StoreError, match="already being downloaded") as caught:
            engine.download("tiny-marian")
        assert caught.value.params == {"name": "tiny-marian"}  # the app's sentence names it
        assert staging.is_dir() and (staging / ".lock").is_file()


def test_a_downloaded_model_lists_the_languages_the_catalog_gave(
    hub: FakeHub, quire_home: Path, tmp_path: Path
) -> None:
    """The app's model list shows them for every model, not only a translator's pairs."""
    from engine.api import InstalledModels, ListModelsRequest

    engine = make_engine(quire_home, hub, tmp_path)
    engine.download("tiny-marian")
    listed = engine.run(ListModelsRequest())
    assert isinstance(listed, InstalledModels)
    (model,) = listed.models
    assert model.languages == ("en", "de")


def test_an_installed_name_is_not_downloaded_again(
    hub: FakeHub, quire_home: Path, tmp_path: Path
) -> None:
    engine = make_engine(quire_home, hub, tmp_path)
    engine.download("tiny-marian")
    hub.log.clear()
    with pytest.raises(StoreError, match="already installed"):
        engine.download("tiny-marian")
    assert hub.log == []


# ----------------------------------------------------------------------------- proxies


def test_the_proxy_setting_carries_every_request(
    hub: FakeHub, quire_home: Path, tmp_path: Path
) -> None:
    with running_proxy() as proxy:
        make_engine(quire_home, hub, tmp_path, proxy=proxy.url).download("tiny-marian")
    assert proxy.seen, "nothing went through the proxy"
    assert len(proxy.seen) == len(hub.log)  # every request the hub saw came through it
    assert any("/resolve/" in s for s in proxy.seen) and any("/cdn/" in s for s in proxy.seen)


def test_the_http_proxy_environment_variable_is_honoured(
    hub: FakeHub, quire_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with running_proxy() as proxy:
        monkeypatch.setenv("HTTP_PROXY", proxy.url)
        make_engine(quire_home, hub, tmp_path).download("tiny-marian")
    assert len(proxy.seen) == len(hub.log) > 0


def test_a_proxy_that_never_answers_is_named_not_the_hub(
    hub: FakeHub, quire_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A proxy that takes the connection and says nothing timed out as '<hub> did not answer
    in time', with advice about the hub."""
    import socket

    from engine.store import download

    monkeypatch.setattr(download, "TIMEOUT", (2.0, 0.5))
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen()
    try:
        proxy = f"http://127.0.0.1:{silent.getsockname()[1]}"
        secret = proxy.replace("http://", "http://someone:s3cret@")  # never shown
        with pytest.raises(StoreError) as failed:
            make_engine(quire_home, hub, tmp_path, proxy=secret).download("tiny-marian")
    finally:
        silent.close()
    assert failed.value.message_id == "download.proxy"
    assert f"nor the proxy {proxy} answered" in failed.value.message
    assert "s3cret" not in str(failed.value) and "someone" not in str(failed.value)
    assert hub.log == []


def test_a_missing_ca_bundle_is_named(quire_home: Path, tmp_path: Path) -> None:
    engine = Engine(EngineOptions(home=quire_home, ca_bundle=tmp_path / "nope.pem"))
    with pytest.raises(StoreError, match="CA bundle"):
        engine.download("opus-mt-en-de")


# ----------------------------------------------------------------------------- offline mode


def test_offline_mode_opens_no_socket_at_all(
    online: None,
    quire_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    opened: list[str] = []
    real_socket = socket.socket

    class Recording(real_socket):  # type: ignore[misc,valid-type]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            opened.append(f"socket{args}")
            super().__init__(*args, **kwargs)

    real_create = socket.create_connection
    real_resolve = socket.getaddrinfo

    def create(*args: Any, **kwargs: Any) -> socket.socket:
        opened.append(f"create_connection{args}")
        return real_create(*args, **kwargs)

    def resolve(*args: Any, **kwargs: Any) -> Any:
        opened.append(f"getaddrinfo{args}")
        return real_resolve(*args, **kwargs)

    monkeypatch.setattr(socket, "socket", Recording)
    monkeypatch.setattr(socket, "create_connection", create)
    monkeypatch.setattr(socket, "getaddrinfo", resolve)

    # The recorder sees a download's connection attempt when offline mode is off.
    with real_socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    online_engine = Engine(
        EngineOptions(home=quire_home, offline=False, endpoint=f"http://127.0.0.1:{port}")
    )
    with pytest.raises(StoreError):
        online_engine.download("someone/model")
    assert opened, "the recorder missed a real connection attempt"
    opened.clear()

    engine = Engine(EngineOptions(home=quire_home, offline=True, device="cpu"))
    with pytest.raises(StoreError, match="Offline mode is on"):
        engine.download("opus-mt-en-de")
    with pytest.raises(StoreError, match="Offline mode is on"):
        engine.download("Xenova/anything")
    assert engine.catalog("en-de") and engine.models() == []
    engine.import_model(exported("bert-embed"), "embedder")
    assert [r.ok for r in engine.verify()] == [True]
    monkeypatch.setenv("QUIRE_OFFLINE", "1")
    assert main(["models", "search", "en", "--json"]) == 0
    assert main(["models", "list", "--json"]) == 0
    assert main(["models", "download", "opus-mt-en-de"]) == 1
    assert "Offline mode is on" in capsys.readouterr().err
    assert opened == []


def test_quire_offline_environment_variable_turns_offline_mode_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("QUIRE_OFFLINE", "1")
    assert EngineOptions().offline
    monkeypatch.setenv("QUIRE_OFFLINE", "0")
    assert not EngineOptions().offline


def test_a_bad_entry_in_a_given_catalog_names_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    catalog = tmp_path / "my catalog.json"
    catalog.write_text(json.dumps({"models": [{"name": "x", "repo": "a/b"}]}), encoding="utf-8")
    assert main(["models", "search", "--catalog", str(catalog)]) == 1
    err = capsys.readouterr().err
    assert "x needs a non-empty 'revision'" in err and str(catalog) in err
    assert "leave out --catalog" in err and "Traceback" not in err


def test_the_cli_downloads_with_progress_on_stderr_and_json_on_stdout(
    hub: FakeHub,
    quire_home: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    catalog = str(catalog_file(tmp_path, hub))
    common = ["--catalog", catalog, "--endpoint", hub.url, "--device", "cpu", "--json"]
    code = main(["models", "download", "tiny-marian", "--variant", "fp32", *common])
    out, err = capsys.readouterr()
    doc = json.loads(out)
    assert code == 0 and doc["name"] == "tiny-marian" and doc["variants"] == ["fp32"]
    assert doc["revision"] == hub.repos[REPO].commit
    assert "downloading 100%" in err

    code = main(["models", "search", "marian", "--catalog", catalog, "--json"])
    (hit,) = json.loads(capsys.readouterr().out)["models"]
    assert code == 0 and hit["installed"] and hit["name"] == "tiny-marian"
    assert set(hit["variants"]) == {"fp32", "int8"}
    assert hit["variants"]["int8"]["verdict"] in ("fits", "slow", "won't fit")

    code = main(["models", "list", "--json"])
    (row,) = json.loads(capsys.readouterr().out)["models"]
    assert code == 0 and row["source"] == "catalog" and row["revision"] == doc["revision"]
    assert row["fit"]["device"] == "cpu"
    assert main(["models", "verify", "tiny-marian"]) == 0
    assert "OK" in capsys.readouterr().out
