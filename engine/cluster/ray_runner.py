"""A batch on a Ray cluster: one actor per worker holds an engine (its models loaded once),
the driver hands each idle actor the next document, largest first, and collects what became of
it. Only this module imports Ray, and only a ``--cluster`` command imports this module.

Exactly once: each output is written atomically by the worker, a finished document is skipped
(its output exists) and an interrupted one resumes from its journal in the output folder. A
worker that dies (killed, out of memory, its node lost) is replaced by a new actor, which Ray
may place on another node, and its document is tried again, at most ``MAX_ATTEMPTS`` times. A
document that fails (a corrupt file) is reported once with its reason and never retried."""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
import socket
import sys
from collections import deque
from collections.abc import Callable
from typing import Any

from engine.api import Event, Note, Progress
from engine.cluster.jobs import Batch, Done, Item, run_one
from engine.cluster.progress import BatchProgress
from engine.engine import Engine
from engine.errors import InputError, install_extra
from engine.options import CancelToken, EngineOptions

MAX_ATTEMPTS = 3
# How long the driver waits for a result before it asks the busy workers how far they are.
POLL_SECONDS = 1.0
# The workers' actor names, so a person (or a test) can find them: ``quire-worker-0``, …, and
# ``quire-worker-0.1``, … for the ones replacing a dead worker.
ACTOR_NAME = "quire-worker-{}"


class Worker:
    """The actor: one engine, one document at a time; a second thread answers ``state``."""

    def __init__(self, options: EngineOptions, batch: Batch) -> None:
        self.engine = Engine(options)
        self.batch = batch
        self.current: tuple[str, int, int] | None = None

    def state(self) -> tuple[int, tuple[str, int, int] | None]:
        """This process's id and the document in hand with its units done and total."""
        return os.getpid(), self.current

    def run(self, item: Item) -> Done:
        self.current = (item.rel, 0, 0)
        notes: list[str] = []

        def report(event: Event) -> None:
            if isinstance(event, Progress):
                self.current = (item.rel, event.done, event.total)
            elif isinstance(event, Note):  # (the driver says them, as a batch here does)
                notes.append(event.text)

        try:
            done = run_one(self.engine, self.batch, item, report)
        except Exception as exc:  # a bug, not the document: reported, never a lost batch
            done = Done(item, error=f"unexpected {type(exc).__name__}: {exc}")
        finally:
            self.current = None
        return dataclasses.replace(done, notes=tuple(notes))


def run_ray(
    options: EngineOptions,
    batch: Batch,
    items: list[Item],
    progress: BatchProgress,
    results: list[Done],
    *,
    address: str = "auto",
    workers: int | None = None,
    gpus_per_worker: float = 0,
    cancel: CancelToken | None = None,
) -> None:
    """Run ``items`` (largest first) on the cluster at ``address``, each document's ``Done``
    into ``results`` as it ends: ``auto`` joins the running cluster (``RAY_ADDRESS``, or the
    one this process already joined) or starts one on this machine; ``ray://HOST:PORT``
    reaches a remote one through Ray Client. ``cancel`` is heard between what the driver
    waits for (``Cancelled``: ``results`` holds the documents done by then)."""
    joining = os.environ.get("RAY_ADDRESS", "") if address == "auto" else address
    # Ray starts a cluster here for no address or "local" (RAY_ADDRESS=local too).
    if joining in ("", "local") or joining.rsplit(":", 1)[0] in ("127.0.0.1", "localhost"):
        # Starting a cluster here, or joining one on loopback (which the same switch made so).
        _local_only()
    try:
        import ray
    except ImportError:
        raise InputError(
            "--cluster needs Ray",
            hint=f"The cluster extra has it: {install_extra('cluster')}",
        ) from None
    named = address if address != "auto" or not joining else f"{joining} (RAY_ADDRESS)"
    _reachable(joining, named)
    # What Ray's driver prints of the cluster's errors (a worker that died) goes to standard
    # error: on standard output it came before --json's document, which no reader then took.
    with contextlib.redirect_stdout(sys.stderr):
        leave = _connect(ray, address, workers, named)
        try:
            count = _worker_count(ray, workers, gpus_per_worker)
            make = _actor_factory(ray, options, batch, gpus_per_worker)
            actors = [make(ACTOR_NAME.format(n)) for n in range(count)]
            progress.start()
            try:
                _drive(ray, actors, make, batch, items, progress, results, cancel)
            finally:
                for actor in actors:
                    with contextlib.suppress(Exception):
                        ray.kill(actor)
        finally:
            progress.close()
            if leave:
                ray.shutdown()


def _reachable(address: str, named: str) -> None:
    """A cluster at ``HOST:PORT`` or ``ray://HOST:PORT`` that takes no connection, said at
    once: Ray waits for one without end (an address left in RAY_ADDRESS after ``ray stop``),
    or half a minute through Ray Client. ``auto`` and ``local`` are Ray's to find."""
    host, colon, port = address.removeprefix("ray://").rpartition(":")
    if not colon or not host or not port.isdigit():
        return
    try:
        with socket.create_connection((host.strip("[]"), int(port)), timeout=10):
            pass
    except OSError as exc:
        raise InputError(
            f"Quire cannot reach the Ray cluster at {named}: {exc.strerror or exc}",
            hint="Check the address and that the cluster is running (ray status on its head "
            "node); unset RAY_ADDRESS to start a cluster on this machine",
        ) from None


def _connect(ray: Any, address: str, workers: int | None, named: str | None = None) -> bool:
    """Join or start the cluster (``named``: its address as the user gave it, if not
    ``address``); True when this call did (and so leaves it at the end)."""
    named = named or address
    if ray.is_initialized():
        return False
    quiet = {"log_to_driver": False, "logging_level": logging.ERROR}
    try:
        if address == "auto" and not os.environ.get("RAY_ADDRESS"):
            # A cluster of this machine only (see _local_only), without a dashboard: a new
            # one ("local"), not one Ray finds recorded on this machine (a `ray start` of the
            # user's, or a dead one's leftovers), which refuses num_cpus.
            ray.init(
                address="local",
                num_cpus=workers or os.cpu_count() or 1,
                include_dashboard=False,
                **quiet,
            )
        else:
            ray.init(address=None if address == "auto" else address, **quiet)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        reason = str(exc).strip().rstrip(".")
        if "ray[client]" in reason:
            raise InputError(
                f"Quire cannot reach the Ray cluster at {named}: Ray Client is not installed",
                hint="Install it with pip install 'ray[client]' (the quire[cluster] extra "
                "brings it), on the head node too",
            ) from None
        raise InputError(
            f"Quire cannot reach the Ray cluster at {named}: {reason}",
            hint="Check the address (ray://HOST:10001) and that the cluster is running",
        ) from None
    return True


def _local_only() -> None:
    """Before Ray is imported: a cluster this command starts listens on loopback only, and
    sends Ray's usage statistics nowhere. Ray reads both switches from the environment at
    import; its processes inherit them. (Ray's single-machine mode, the default on macOS and
    Windows, binds to 127.0.0.1; ``_node_ip_address="127.0.0.1"`` is replaced by the
    machine's address.) A user's own settings win."""
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")


def _worker_count(ray: Any, workers: int | None, gpus_per_worker: float) -> int:
    """``workers``, or one per CPU (per ``gpus_per_worker`` GPUs) of the cluster. A worker
    that needs more GPUs than the cluster has would never start, and the batch wait for it
    forever: refused here instead."""
    resources = ray.cluster_resources()
    gpus = float(resources.get("GPU", 0))
    if gpus_per_worker > gpus:
        raise InputError(
            f"--gpus-per-worker {gpus_per_worker:g}: the Ray cluster has {gpus:g} GPUs, so no "
            "worker could start",
            hint="Leave out --gpus-per-worker to run on CPUs, or start the GPU nodes first",
        )
    if workers:
        return workers
    if gpus_per_worker > 0:
        return max(1, int(gpus // gpus_per_worker))
    return max(1, int(resources.get("CPU", 1)))


def _actor_factory(
    ray: Any, options: EngineOptions, batch: Batch, gpus: float
) -> Callable[[str], Any]:
    # No restarts by Ray: the driver replaces a dead worker itself, so it knows which document
    # was lost and counts the attempts per document.
    cls = ray.remote(Worker)
    settings: dict[str, Any] = {
        "num_cpus": 1,
        "num_gpus": gpus,
        "max_concurrency": 2,
        "max_restarts": 0,
        "max_task_retries": 0,
    }

    def make(name: str) -> Any:
        return cls.options(**settings, name=name).remote(options, batch)

    return make


def _drive(
    ray: Any,
    actors: list[Any],
    make: Callable[[str], Any],
    batch: Batch,
    items: list[Item],
    progress: BatchProgress,
    results: list[Done],
    cancel: CancelToken | None,
) -> None:
    """Hand documents, largest first, to workers that have started: a worker Ray cannot place
    yet (more workers asked for than a fixed cluster has CPUs or GPUs) gets none until it
    answers, so no document waits on it while others are idle."""
    from ray.exceptions import RayError, RayTaskError

    queue = deque(items)
    attempts: dict[str, int] = {}
    generations = [0] * len(actors)
    running: dict[Any, tuple[int, Item]] = {}  # result reference → (worker, document)
    starting = {actors[n].state.remote(): n for n in range(len(actors))}  # first answer → worker
    idle: deque[int] = deque()
    lost_starting = [0] * len(actors)  # workers of each slot that died before answering

    def replace(n: int) -> None:
        with contextlib.suppress(Exception):
            ray.kill(actors[n])
        generations[n] += 1
        actors[n] = make(f"{ACTOR_NAME.format(n)}.{generations[n]}")
        starting[actors[n].state.remote()] = n

    while queue or running:
        if cancel is not None:
            cancel.check()
        while idle and queue:
            n, item = idle.popleft(), queue.popleft()
            running[actors[n].run.remote(item)] = (n, item)
            progress.working(n, item.rel)
        ready, _ = ray.wait([*running, *starting], num_returns=1, timeout=POLL_SECONDS)
        if not ready:
            if running:
                _poll(ray, actors, running, progress)
            continue
        for ref in ready:
            if ref in starting:
                n = starting.pop(ref)
                try:
                    ray.get(ref)
                except RayError as exc:
                    _refuse_if_unstartable(exc)
                    lost_starting[n] += 1
                    if lost_starting[n] >= MAX_ATTEMPTS:
                        raise InputError(
                            f"A Ray worker stopped {lost_starting[n]} times while starting",
                            hint="Check the cluster's logs (ray logs) for why workers die",
                        ) from None
                    replace(n)
                    continue
                lost_starting[n] = 0
                idle.append(n)
                continue
            n, item = running.pop(ref)
            try:
                done: Done = ray.get(ref)
            except RayTaskError as exc:  # the actor's own code raised outside run_one's guard
                done = Done(item, error=f"unexpected: {exc}")
                idle.append(n)
            except RayError as exc:  # the worker died, or its node
                _refuse_if_unstartable(exc)
                attempts[item.rel] = attempts.get(item.rel, 0) + 1
                replace(n)
                why = type(exc).__name__
                if attempts[item.rel] < MAX_ATTEMPTS:
                    progress.retrying(n, batch.source.name(item.rel), attempts[item.rel] + 1, why)
                    queue.appendleft(item)
                    continue
                done = Done(item, error=f"its worker stopped {MAX_ATTEMPTS} times ({why})")
            else:
                idle.append(n)  # alive: a replaced worker joins when it answers
            results.append(done)
            where = batch.source.name(item.rel)
            for note in done.notes:
                progress.noted(where, note)
            progress.finished(n, done, where, batch.output.name(item.output))


def _refuse_if_unstartable(exc: BaseException) -> None:
    """A worker whose set-up failed: no document can run there, so stop now rather than
    fail each one in turn."""
    if getattr(exc, "actor_init_failed", False):
        last = str(exc).strip().splitlines()[-1:] or [type(exc).__name__]
        raise InputError(
            f"A Ray worker could not start: {last[0]}",
            hint="Install the same Quire, with the cluster extra, on every node",
        ) from None


def _poll(
    ray: Any, actors: list[Any], running: dict[Any, tuple[int, Item]], progress: BatchProgress
) -> None:
    """Ask the busy workers how far their documents are (a dead one simply does not answer)."""
    asked = {actors[n].state.remote(): n for n, _ in running.values()}
    ready, _ = ray.wait(list(asked), num_returns=len(asked), timeout=POLL_SECONDS / 2)
    for ref in ready:
        with contextlib.suppress(Exception):
            _pid, current = ray.get(ref)
            if current is not None:
                progress.working(asked[ref], *current)


__all__ = ["ACTOR_NAME", "MAX_ATTEMPTS", "Worker", "run_ray"]
