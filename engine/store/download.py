"""Download a catalog model or a hub repo's ONNX files into the store: resumable, cancellable,
every file checked against the hub's sha256 (or git blob id) before anything is installed.

Built on huggingface_hub's URL scheme (``hf_hub_url``), HTTP session (``get_session``: system and
``HTTPS_PROXY`` proxies, ``configure_http_backend``), headers and typed HTTP errors. The byte
loop is Quire's own, because ``hf_hub_download`` can neither report progress to a caller nor be
cancelled mid-file: here cancel is checked between 1 MiB chunks, partial files live in the
store's ``.download-NAME`` folder and resume with a ``Range`` request (after a dropped
connection, a cancel or a restart), and the hash is computed while the bytes arrive.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import importlib.metadata
import json
import os
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import quote, urljoin, urlparse

from engine.api import Event, PartialDownload, Progress
from engine.errors import EngineError, ModelError, StoreError
from engine.options import CancelToken, EngineOptions
from engine.runtime.manifest import ModelFolder, Variant
from engine.store.archive import REMOTE_CODE_FILES as CONFIGS
from engine.store.archive import check_remote_code
from engine.store.catalog import (
    VARIANTS,
    CatalogEntry,
    find_entry,
    load_catalog,
    select_shared_files,
    select_variant_files,
)
from engine.store.fit import default_variant
from engine.store.local import (
    ModelStore,
    StoreManifest,
    check_name,
    folder_size,
    hash_files,
    now_utc,
)
from engine.text.sizes import human_size

DEFAULT_ENDPOINT = "https://huggingface.co"


@dataclass(frozen=True)
class RetryBudget:
    """How long one file is retried. Progress resets only the in-a-row count: a connection
    that keeps dropping after a few bytes, or a hub that answers every resume with the wrong
    range (so each try starts the file over), still ends within ``attempts`` and ``seconds``."""

    # Failed requests in a row that brought no new bytes. The pauses between them double
    # (``pause``): six ride out about half a minute without a connection (a Wi-Fi reconnect).
    in_a_row: int = 6
    attempts: int = 30  # failed or restarted requests for one file, whatever each brought
    seconds: float = 3600.0  # a try that fails this long after the first failure is the last
    # The retry loop's clock and pause (a test passes its own, so a budget runs out at once);
    # no pause given: the download's cancel token waits, so a cancel ends the pause at once.
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] | None = None


def pause(failures: int) -> float:
    """Seconds to wait before the next try after ``failures`` in a row: 0.5, 1, 2, 4, 8, 8…"""
    return min(0.5 * 2.0 ** max(failures - 1, 0), 8.0)


# Bytes per read: what a dropped connection loses at most (the reader discards a partial read).
CHUNK = 64 * 1024
REPORT_EVERY = 1024 * 1024  # progress events at most once per MiB, unless told otherwise
REPORT_SECONDS = 0.5  # ... or when this long has passed: a slow link still shows it moves
TIMEOUT = (10.0, 60.0)  # connect, read (seconds)
# Hub pipeline tags -> the catalog's task names, for repos downloaded by id.
PIPELINE_TASKS = {
    "translation": "translate",
    "summarization": "summarize",
    "question-answering": "ask",
    "zero-shot-classification": "zero-shot",
    "text-classification": "classify",
    "feature-extraction": "embed",
    "sentence-similarity": "embed",
}
Report = Callable[[Event], None]


@dataclass(frozen=True)
class Network:
    """Where and how downloads connect, resolved from the options and the environment."""

    endpoint: str
    proxies: dict[str, str] | None
    verify: bool | str
    send_token: bool  # the user's hub token goes to the hub itself, never to a mirror

    @classmethod
    def from_options(cls, options: EngineOptions) -> Network:
        endpoint = (options.endpoint or os.environ.get("HF_ENDPOINT") or DEFAULT_ENDPOINT).rstrip(
            "/"
        )
        proxies = {"http": options.proxy, "https": options.proxy} if options.proxy else None
        ca = (
            options.ca_bundle
            or os.environ.get("REQUESTS_CA_BUNDLE")
            or os.environ.get("SSL_CERT_FILE")
        )
        if ca is not None and not Path(ca).is_file():
            raise StoreError(
                "The CA bundle for downloads does not exist",
                path=ca,
                hint="Point the CA bundle setting (or REQUESTS_CA_BUNDLE) at a PEM file",
                message_id="download.no_ca_bundle",
                params={"path": str(ca)},
            )
        return cls(endpoint, proxies, str(ca) if ca else True, endpoint == DEFAULT_ENDPOINT)


@dataclass(frozen=True)
class _Want:
    path: str
    size: int | None = None
    sha256: str | None = None


@dataclass(frozen=True)
class _Meta:
    url: str
    commit: str | None
    size: int | None
    sha256: str | None  # LFS files: the hub's X-Linked-Etag
    git_sha1: str | None  # small files: the git blob id in the ETag


@dataclass(frozen=True)
class _Plan:
    name: str
    repo: str
    revision: str
    variant: Variant
    wants: tuple[_Want, ...]
    generated: dict[str, Any]
    source: str
    license: str | None
    task: str | None
    languages: tuple[str, ...]


# ----------------------------------------------------------------------------- HTTP


def _headers(net: Network) -> dict[str, str]:
    # Documented helpers of huggingface_hub.utils, imported from where they are defined.
    from huggingface_hub.utils._headers import build_hf_headers

    try:
        version = importlib.metadata.version("quire")
    except importlib.metadata.PackageNotFoundError:
        version = "dev"
    headers: dict[str, str] = build_hf_headers(
        token=None if net.send_token else False, library_name="quire", library_version=version
    )
    headers["Accept-Encoding"] = "identity"  # sizes and hashes are of the bytes as stored
    return headers


def _request(net: Network, method: str, url: str, **kwargs: Any) -> Any:
    from huggingface_hub import get_session

    headers = {**_headers(net), **kwargs.pop("headers", {})}
    return get_session().request(
        method,
        url,
        headers=headers,
        proxies=net.proxies,
        verify=net.verify,
        timeout=TIMEOUT,
        **kwargs,
    )


def _proxy_in_use(net: Network) -> str | None:
    """The proxy requests go through: the option's, else the environment's (HTTPS_PROXY,
    HTTP_PROXY for a plain-HTTP mirror)."""
    scheme = urlparse(net.endpoint).scheme or "https"
    if net.proxies:
        proxy = net.proxies.get(scheme)
    else:
        import urllib.request

        proxy = urllib.request.getproxies().get(scheme)
    if proxy is None:
        return None
    # Shown without its user name and password (http://user:pass@host:port is common).
    parts = urlparse(proxy)
    return f"{parts.scheme}://{parts.hostname}:{parts.port}" if parts.hostname else proxy


@contextlib.contextmanager
def _network_errors(net: Network, what: str) -> Iterator[None]:
    """Translate requests / huggingface_hub / disk errors into StoreErrors with a hint."""
    import requests
    from huggingface_hub import errors as hf

    host = urlparse(net.endpoint).netloc or net.endpoint
    try:
        yield
    except (EngineError, KeyboardInterrupt):
        raise
    except hf.OfflineModeIsEnabled as exc:
        raise StoreError(
            "huggingface_hub's offline mode is on (HF_HUB_OFFLINE)",
            hint="Unset HF_HUB_OFFLINE to download",
            message_id="download.hf_offline",
        ) from exc
    except hf.GatedRepoError as exc:
        raise StoreError(
            f"{what} is gated: the hub wants you to accept its terms and log in",
            hint="Accept the terms on the model's page, then `huggingface-cli login` or set "
            "HF_TOKEN",
            message_id="download.login",
            params={"repo": what, "host": host},
        ) from exc
    except hf.RevisionNotFoundError as exc:
        raise StoreError(
            f"{what}: the pinned revision is not on the hub (404)",
            message_id="download.not_found",
            params={"repo": what, "host": host},
        ) from exc
    except hf.EntryNotFoundError as exc:
        url = exc.response.url if exc.response is not None else ""
        missing = url.split("/resolve/", 1)[-1].split("/", 1)[-1] if "/resolve/" in url else ""
        raise StoreError(
            f"{what} has no file {missing or 'that Quire asked for'} (404)",
            hint="The catalog entry may be out of date; try again after updating Quire",
            message_id="download.not_found",
            params={"repo": what, "host": host},
        ) from exc
    except hf.RepositoryNotFoundError as exc:
        raise StoreError(
            f"{what}: no such repo on {host}, or it is private",
            hint="Check the repo id; for a private repo log in with `huggingface-cli login`",
            message_id="download.not_found",
            params={"repo": what, "host": host},
        ) from exc
    except hf.HfHubHTTPError as exc:
        status = exc.response.status_code if exc.response is not None else None
        ids = {"repo": what, "host": host}
        if status == 401:
            raise StoreError(
                f"{what}: {host} asks for a login (401)",
                hint="Log in with `huggingface-cli login` or set HF_TOKEN; "
                "check that the repo id is right",
                message_id="download.login",
                params=ids,
            ) from exc
        if status == 403:
            raise StoreError(
                f"{what}: access denied by {host} (403)", message_id="download.login", params=ids
            ) from exc
        if status == 404:
            raise StoreError(
                f"{what}: not found on {host} (404)", message_id="download.not_found", params=ids
            ) from exc
        raise StoreError(
            f"{what}: {host} answered HTTP {status}",
            hint="Try again later",
            message_id="download.http",
            params={**ids, "status": status or 0},
        ) from exc
    except requests.exceptions.ProxyError as exc:
        raise StoreError(
            "Could not connect through the proxy",
            hint="Check the proxy setting or HTTPS_PROXY",
            message_id="download.proxy",
            params={"host": host},
        ) from exc
    except requests.exceptions.SSLError as exc:
        raise StoreError(
            f"The TLS certificate of {host} could not be verified",
            hint="Behind a company proxy, set the CA bundle setting (or REQUESTS_CA_BUNDLE) to "
            "its certificate",
            message_id="download.tls",
            params={"host": host},
        ) from exc
    except requests.exceptions.Timeout as exc:
        proxy = _proxy_in_use(net)
        if proxy is not None:  # a proxy that never answers times out; it is the suspect
            raise StoreError(
                f"Neither {host} nor the proxy {proxy} answered in time",
                hint="Check the proxy setting or HTTPS_PROXY",
                message_id="download.proxy",
                params={"host": host},
            ) from exc
        raise StoreError(
            f"{host} did not answer in time",
            hint="Check your connection",
            message_id="download.timeout",
            params={"host": host},
        ) from exc
    except (requests.exceptions.ConnectionError, requests.exceptions.ChunkedEncodingError) as exc:
        raise StoreError(
            f"Could not connect to {host}",
            hint="Check your network connection and proxy, or use a mirror (HF_ENDPOINT)",
            message_id="download.unreachable",
            params={"host": host},
        ) from exc
    except requests.exceptions.RequestException as exc:
        raise StoreError(
            f"Download failed: {exc}", message_id="download.failed", params={"host": host}
        ) from exc
    except OSError as exc:
        _disk_error(exc)


def _disk_error(exc: OSError) -> NoReturn:
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        raise StoreError(
            "The disk is full",
            path=exc.filename,
            hint="Free some space and download again",
            message_id="download.disk_full",
        ) from exc
    raise StoreError(
        f"Could not write the download: {exc.strerror}",
        path=exc.filename,
        message_id="download.cannot_write",
        params={"reason": exc.strerror or type(exc).__name__},
    ) from exc


def _etag(value: str | None) -> str | None:
    if not value:
        return None
    return value.removeprefix("W/").strip('"').lower()


def _head(net: Network, url: str) -> _Meta:
    """The hub's metadata for one file, as ``get_hf_file_metadata`` reads it: commit, size and
    hash come from the first answer (LFS files redirect to a CDN; the X-Linked-* headers of the
    redirect describe the file). Relative redirects (renamed repos) are followed."""
    from huggingface_hub.utils._http import hf_raise_for_status

    for _hop in range(5):
        r = _request(net, "HEAD", url, allow_redirects=False)
        location = r.headers.get("Location")
        if 300 <= r.status_code < 400 and location and not urlparse(location).netloc:
            url = urljoin(url, location)
            continue
        if not 300 <= r.status_code < 400:
            hf_raise_for_status(r)
        break
    linked = _etag(r.headers.get("X-Linked-Etag"))
    plain = _etag(r.headers.get("ETag"))
    tag = linked or plain
    size_text = r.headers.get("X-Linked-Size") or r.headers.get("Content-Length")
    return _Meta(
        url=url,
        commit=r.headers.get("X-Repo-Commit"),
        size=int(size_text) if size_text and size_text.isdigit() else None,
        sha256=tag if tag and len(tag) == 64 else None,
        git_sha1=tag if tag and len(tag) == 40 else None,
    )


def _file_url(net: Network, repo: str, revision: str, path: str) -> str:
    from huggingface_hub import hf_hub_url

    return str(hf_hub_url(repo, path, revision=revision, endpoint=net.endpoint))


def repo_info(net: Network, repo: str, revision: str) -> dict[str, Any]:
    """``/api/models/REPO/revision/REV?blobs=true`` (what ``HfApi.model_info`` reads)."""
    from huggingface_hub.utils._http import hf_raise_for_status

    url = f"{net.endpoint}/api/models/{repo}/revision/{quote(revision, safe='')}"
    r = _request(net, "GET", url, params={"blobs": "true"})
    hf_raise_for_status(r)
    data = r.json()
    if not isinstance(data, dict) or not isinstance(data.get("siblings"), list):
        raise StoreError(
            f"{net.endpoint} sent no file list for {repo}",
            message_id="download.no_file_list",
            params={"host": urlparse(net.endpoint).netloc or net.endpoint, "repo": repo},
        )
    return data


# ----------------------------------------------------------------------------- planning


def _plan_catalog(
    entry: CatalogEntry,
    variant: Variant | None,
    name: str | None,
    plan: list[str],
    revision: str | None = None,
) -> _Plan:
    """``revision``: for an entry that pins none, the commit to fetch (that of kept files)."""
    have = tuple(v for v in VARIANTS if v in entry.variants)
    chosen = variant or default_variant(have, plan)
    if chosen not in entry.variants:
        raise StoreError(
            f"{entry.name} has no {chosen} variant (it has {', '.join(have)})",
            hint="Choose another --variant",
            message_id="download.no_variant",
            params={"name": entry.name, "variant": chosen},
        )
    return _Plan(
        name=check_name(name or entry.name),
        repo=entry.repo,
        revision=entry.revision if entry.pinned else (revision or "main"),
        variant=chosen,
        wants=tuple(_Want(f.path, f.size, f.sha256) for f in entry.files(chosen)),
        generated=dict(entry.generated),
        source="catalog",
        license=entry.license,
        task=entry.task,
        languages=entry.languages,
    )


def _plan_repo(
    net: Network, repo: str, variant: Variant | None, name: str | None, plan: list[str]
) -> _Plan:
    revision = "main"
    if "@" in repo:
        repo, revision = repo.split("@", 1)
    with _network_errors(net, repo):
        info = repo_info(net, repo, revision)
    siblings = {str(s.get("rfilename")): s for s in info["siblings"] if isinstance(s, dict)}
    seq2seq = any(p.split("/")[-1].startswith("encoder_model") for p in siblings)
    have = tuple(v for v in VARIANTS if select_variant_files(siblings, v, seq2seq))
    if not have:
        raise StoreError(
            f"{repo} has no ONNX model files Quire can run",
            hint="Look for an ONNX version of the model (often under Xenova/ or onnx-community/),"
            " or download the checkpoint yourself and `quire models import` it",
            message_id="download.no_onnx",
            params={"repo": repo},
        )
    chosen = variant or default_variant(have, plan)
    if chosen not in have:
        raise StoreError(
            f"{repo} has no {chosen} ONNX files (it has {', '.join(have)})",
            message_id="download.no_variant",
            params={"name": repo, "variant": chosen},
        )
    shared = select_shared_files(siblings)
    for needed in ("config.json", "tokenizer.json"):
        if needed not in shared:
            raise StoreError(
                f"{repo} has no {needed}; Quire cannot use it",
                message_id="download.incomplete",
                params={"repo": repo, "file": needed},
            )

    def want(path: str) -> _Want:
        s = siblings[path]
        lfs: dict[str, Any] = s["lfs"] if isinstance(s.get("lfs"), dict) else {}
        size = s.get("size")
        return _Want(path, size if isinstance(size, int) else None, lfs.get("sha256"))

    card: dict[str, Any] = info["cardData"] if isinstance(info.get("cardData"), dict) else {}
    license_ = card.get("license") or next(
        (t.split(":", 1)[1] for t in info.get("tags") or () if str(t).startswith("license:")),
        None,
    )
    files = shared + select_variant_files(siblings, chosen, seq2seq)
    return _Plan(
        name=check_name(name or repo.rsplit("/", 1)[-1]),
        repo=repo,
        revision=str(info.get("sha") or revision),
        variant=chosen,
        wants=tuple(want(p) for p in files),
        generated={},
        source="hub",
        license=str(license_) if license_ else None,
        task=PIPELINE_TASKS.get(str(info.get("pipeline_tag"))),
        languages=(),
    )


# ----------------------------------------------------------------------------- the byte loop


class _Hasher:
    def __init__(self, size: int | None) -> None:
        self.sha256 = hashlib.sha256()
        # git's blob id: sha1 of "blob <size>\0" + content (how the hub tags small files).
        self.sha1 = hashlib.sha1(f"blob {size}\0".encode()) if size is not None else None

    def update(self, data: bytes) -> None:
        self.sha256.update(data)
        if self.sha1 is not None:
            self.sha1.update(data)


def _hash_prefix(path: Path, size: int | None) -> _Hasher:
    hasher = _Hasher(size)
    if path.exists():
        with path.open("rb") as fh:
            while chunk := fh.read(CHUNK):
                hasher.update(chunk)
    return hasher


class _Counter:
    """Bytes done / total, reported as ``Progress("downloading", ...)`` events."""

    def __init__(
        self,
        report: Report,
        total: int,
        done: int,
        every: int,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.report, self.total, self.done, self.every = report, total, done, every
        self.clock = clock
        self.start_done, self.start, self.last = done, clock(), done
        self.last_time = self.start

    def add(self, n: int) -> None:
        self.done += n
        now = self.clock()
        if (
            0 <= self.done - self.last < self.every
            and self.done != self.total
            and (self.done == self.last or now - self.last_time < REPORT_SECONDS)
        ):
            return
        self.last, self.last_time = self.done, now
        elapsed = now - self.start
        fetched = self.done - self.start_done
        eta = (self.total - self.done) * elapsed / fetched if fetched > 0 and elapsed > 0 else None
        self.report(Progress("downloading", self.done, self.total, eta))


def _check(meta: _Meta, want: _Want, hasher: _Hasher, path: str) -> str:
    """The file's sha256 if it matches what the catalog or the hub says; else StoreError."""
    digest = hasher.sha256.hexdigest()
    expected = want.sha256 or meta.sha256
    if expected is not None:
        ok = digest == expected.lower()
    elif meta.git_sha1 is not None and hasher.sha1 is not None:
        ok = hasher.sha1.hexdigest() == meta.git_sha1
    else:
        raise StoreError(
            f"{path}: the server sent no checksum, so the file cannot be verified",
            hint="Use the Hugging Face hub or a mirror that passes its ETag headers through",
            message_id="download.no_checksum",
            params={"path": path},
        )
    if not ok:
        raise StoreError(
            f"{path} is corrupt: its checksum does not match the hub's; nothing was installed",
            hint="Download again; if it keeps failing, your network or mirror alters files",
            message_id="download.corrupt",
            params={"path": path},
        )
    return digest


def _fetch(
    net: Network,
    meta: _Meta,
    want: _Want,
    target: Path,
    counter: _Counter,
    cancel: CancelToken,
    budget: RetryBudget,
) -> str:
    """Download one file to ``target`` (resuming ``target.incomplete``); returns its sha256."""
    from huggingface_hub.utils._http import hf_raise_for_status

    part = target.with_name(target.name + ".incomplete")
    target.parent.mkdir(parents=True, exist_ok=True)
    size = meta.size
    done = part.stat().st_size if part.exists() else 0
    if size is not None and done > size:
        part.unlink()
        counter.add(-done)
        done = 0
    hasher = _hash_prefix(part, size)
    failures = 0  # in a row without progress: sets the pause before the next try
    retries = 0  # every failed or restarted request of this file
    first_failure: float | None = None
    while size is None or done < size:
        cancel.check()
        headers = {"Range": f"bytes={done}-"} if done else {}
        before = done
        try:
            response = _request(net, "GET", meta.url, headers=headers, stream=True)
            with contextlib.closing(response):
                if response.status_code == 416:  # our partial file is not a prefix any more
                    raise _Restart()
                hf_raise_for_status(response)
                if done and response.status_code == 200:  # the server ignored Range
                    raise _Restart()
                if done and not _starts_at(response.headers.get("Content-Range"), done):
                    raise _Restart()  # a 206 for another range: appending it would corrupt
                with part.open("ab") as fh:
                    for chunk in response.iter_content(CHUNK):
                        cancel.check()
                        if size is not None and done + len(chunk) > size:
                            raise _Oversized()
                        fh.write(chunk)
                        hasher.update(chunk)
                        done += len(chunk)
                        counter.add(len(chunk))
            if size is None:
                break
            if done < size:  # closed early without an error
                raise ConnectionResetError("the server closed the connection early")
        except _Oversized:
            # A broken or hostile mirror streaming on past the file: stopped at its size,
            # not left to fill the disk; what it sent is not the file.
            part.unlink(missing_ok=True)
            counter.add(-done)
            raise StoreError(
                f"{want.path}: the server sent more than the {size:,} bytes the hub says the "
                "file has",
                hint="The download server or mirror is not serving the model's files; try "
                "again later, or without the mirror (Settings, or --endpoint)",
                message_id="download.corrupt",
                params={"path": want.path},
            ) from None
        except _Restart:
            part.unlink(missing_ok=True)
            counter.add(-done)
            done, hasher = 0, _Hasher(size)
            failures += 1
        except Exception as exc:
            if not _transient(exc):
                raise
            failures = 0 if done > before else failures + 1
        else:
            continue
        retries += 1
        now = budget.clock()
        first_failure = now if first_failure is None else first_failure
        if failures > budget.in_a_row:
            raise StoreError(
                f"The connection kept dropping while downloading {want.path}",
                hint="Download again later: the part already fetched is kept and resumes",
                message_id="download.dropped",
                params={"path": want.path},
            )
        if retries > budget.attempts or now - first_failure > budget.seconds:
            raise StoreError(
                f"Gave up on {want.path} after {retries} failed tries in "
                f"{_duration(now - first_failure)}: the connection keeps dropping or the "
                "server answers resumed downloads with the wrong part of the file",
                hint="Download again later, or from another network or mirror",
                message_id="download.gave_up",
                params={"path": want.path, "tries": retries},
            )
        if budget.sleep is None:
            cancel.wait(pause(failures))
        else:
            budget.sleep(pause(failures))
            cancel.check()
    if size is not None and done != size:
        raise StoreError(
            f"{want.path}: got {done} bytes, the hub says {size}",
            message_id="download.corrupt",
            params={"path": want.path},
        )
    try:
        digest = _check(meta, want, hasher, want.path)
    except StoreError:
        part.unlink(missing_ok=True)
        raise
    part.replace(target)
    return digest


def _duration(seconds: float) -> str:
    return f"{seconds / 60:.0f} min" if seconds >= 120 else f"{seconds:.0f} s"


def _starts_at(content_range: str | None, offset: int) -> bool:
    """Whether a 206 answer's ``Content-Range: bytes START-END/TOTAL`` starts at ``offset``."""
    if not content_range:
        return False
    unit, _, spec = content_range.strip().partition(" ")
    start = spec.partition("-")[0]
    return unit.lower() == "bytes" and start.isdigit() and int(start) == offset


class _Restart(Exception):
    """The partial file cannot be continued; start the file over."""


class _Oversized(Exception):
    """The server sends more bytes than the file has."""


def _transient(exc: BaseException) -> bool:
    import requests

    return isinstance(
        exc,
        (
            requests.exceptions.ConnectionError,
            requests.exceptions.ChunkedEncodingError,
            requests.exceptions.Timeout,
            ConnectionResetError,
        ),
    ) and not isinstance(exc, (requests.exceptions.ProxyError, requests.exceptions.SSLError))


def _verified_existing(path: Path, meta: _Meta, want: _Want) -> str | None:
    """A file finished by an earlier run: its sha256 if still intact, else None (re-fetch)."""
    if not path.is_file() or (meta.size is not None and path.stat().st_size != meta.size):
        return None
    try:
        return _check(meta, want, _hash_prefix(path, meta.size), want.path)
    except StoreError:
        path.unlink(missing_ok=True)
        return None


# ----------------------------------------------------------------------------- the front door


def download(
    store: ModelStore,
    options: EngineOptions,
    name_or_repo: str,
    *,
    variant: Variant | None = None,
    name: str | None = None,
    report: Report | None = None,
    cancel: CancelToken | None = None,
    retry: RetryBudget | None = None,
    report_every: int = REPORT_EVERY,
) -> ModelFolder:
    """Fetch a catalog model (by name or repo) or any hub repo's ONNX files and install it.
    ``retry``: how long each file is retried (``RetryBudget()``); ``report_every``: bytes
    between progress events."""
    if options.offline:
        raise StoreError(
            "Offline mode is on: Quire opens no network connections",
            hint="Turn offline mode off (Settings, or unset QUIRE_OFFLINE) to download, or "
            "import a model from a folder or archive",
            message_id="download.offline_mode",
        )
    report = report or (lambda _event: None)
    cancel = cancel or CancelToken()
    if variant is not None and variant not in VARIANTS:
        raise StoreError(f"Unknown variant {variant!r}; choose from {', '.join(VARIANTS)}")
    catalog = load_catalog(options.catalog)
    entry = find_entry(name_or_repo, catalog)
    kept = {p.name: p for p in store.partial_downloads()}
    resumed = kept.get(name_or_repo, _NONE) if "/" not in name_or_repo else _NONE
    if (
        resumed.repo
        and (entry is None or entry.repo != resumed.repo)
        and name in (None, resumed.name)  # (--name OTHER asks for the catalog model itself)
    ):
        # `quire models download NAME` resumes what was started as NAME, as `list` says (a
        # repo id downloaded under a name, even a catalog model's name): from its repo at the
        # commit its files are of, in its variant.
        name = name or resumed.name
        entry = None
        name_or_repo = f"{resumed.repo}@{resumed.revision or 'main'}"
    target = name or (entry.name if entry else name_or_repo.split("@")[0].rsplit("/", 1)[-1])
    part = kept.get(target)
    revision: str | None = None  # the catalog entry's revision to fetch instead of its own
    if part is not None and part.size_bytes > 0 and not part.active:
        if variant is None and part.variant in VARIANTS:
            variant = part.variant
        repo, _, asked = (entry.repo, "", "") if entry else name_or_repo.partition("@")
        # Where no revision is asked for, the one the kept files are of ("main" may have moved
        # since). Another revision, asked for or pinned by a newer catalog, keeps the files
        # that are the same in it (each checked against its sha256) and fetches the rest.
        if entry is not None and not entry.pinned:
            revision = part.revision or None
        elif entry is None and not asked and part.revision:
            name_or_repo = f"{repo}@{part.revision}"
        if part.repo not in ("", repo) or part.variant not in ("", variant):
            raise _replaces(target, part)
    if entry is None and "/" not in name_or_repo:
        raise StoreError(
            f"No catalog model is called {name_or_repo!r}",
            hint="See `quire models search`, or give a hub repo id such as Xenova/opus-mt-en-de",
            message_id="download.unknown_model",
            params={"name": name_or_repo},
        )
    if name is not None:
        store.refuse_existing(check_name(name))
    elif entry is not None:
        store.refuse_existing(entry.name)
    net = Network.from_options(options)
    # Only a download without a variant asks which devices this machine has (with a GPU
    # runtime, asking creates probe sessions: seconds, and GPU memory).
    plan = _device_plan(options) if variant is None else []
    if entry is not None:
        job = _plan_catalog(entry, variant, name, plan, revision)
    else:
        job = _plan_repo(net, name_or_repo, variant, name, plan)
    store.refuse_existing(job.name)
    staging = store.download_staging(job.name)
    trash: Path | None = None  # where a download with nothing to resume goes, under its lock
    try:
        with store.locked(staging), _network_errors(net, job.repo):
            try:
                folder = _run(
                    store, net, job, staging, report, cancel, retry or RetryBudget(), report_every
                )
            except BaseException as exc:
                # Nothing to resume (the hub's checked files that Quire will not use, or no
                # byte came: no disk space, no hub): not listed as a partial download. Moved
                # away while this process still holds the lock, so no other one's is taken.
                if isinstance(exc, _Unusable) or not folder_size(staging / "files"):
                    with contextlib.suppress(OSError, StoreError):  # (the first error stands)
                        moved = store.staging("remove", job.name) / "download"
                        staging.rename(moved)
                        trash = moved
                raise
    except _Unusable as exc:
        raise StoreError(
            exc.message, path=exc.path, hint=exc.hint, message_id=exc.message_id,
            params=exc.params,
        ) from exc.__cause__  # fmt: skip
    finally:
        if trash is not None:
            shutil.rmtree(trash.parent, ignore_errors=True)
    shutil.rmtree(staging, ignore_errors=True)
    return folder


def _replaces(name: str, part: PartialDownload) -> StoreError:
    variant = part.variant or "unknown variant"
    return StoreError(
        f"A partial download of {name} is kept ({part.repo}, {variant}, "
        f"{human_size(part.size_bytes)}); this download would replace it",
        hint=f"Downloading {name} again as it was started resumes it (`quire models download "
        f"{name}`); removing {name} discards it (`quire models remove {name}`)",
        message_id="download.partial_kept",
        params={"name": name, "variant": variant, "size": part.size_bytes},
    )


_NONE = PartialDownload("", Path(), 0)


class _Unusable(StoreError):
    """Files that arrived whole but that Quire will not use (a config asking for the model's
    own code, files that make no model): downloading them again would give the same, so
    nothing is kept to resume (within this module; callers get a plain ``StoreError``)."""


def _device_plan(options: EngineOptions) -> list[str]:
    try:
        from engine.runtime.providers import device_plan

        return device_plan(options.device)
    except EngineError:  # no ONNX Runtime: the CPU variant is the sensible default
        return ["cpu"]


def _run(
    store: ModelStore,
    net: Network,
    job: _Plan,
    staging: Path,
    report: Report,
    cancel: CancelToken,
    budget: RetryBudget,
    report_every: int,
) -> ModelFolder:
    files = staging / "files"
    state_file = staging / "state.json"
    # Resolve the revision with the first file, then pin every other request to that commit.
    first = _head(net, _file_url(net, job.repo, job.revision, job.wants[0].path))
    commit = first.commit or job.revision
    state = {"repo": job.repo, "revision": commit, "variant": job.variant}
    try:
        old = json.loads(state_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        old = None
    if old != state:
        if isinstance(old, dict) and (old.get("repo"), old.get("variant")) == (
            job.repo,
            job.variant,
        ):
            # Another revision of the same files: a finished file is kept (it is used only if
            # its sha256 is the new revision's), a part of one is not (it may not be the
            # start of the new revision's file).
            for part in files.rglob("*.incomplete"):
                part.unlink(missing_ok=True)
        else:
            shutil.rmtree(files, ignore_errors=True)
        state_file.write_text(json.dumps(state), encoding="utf-8")
    files.mkdir(exist_ok=True)
    metas = [first] + [_head(net, _file_url(net, job.repo, commit, w.path)) for w in job.wants[1:]]
    total = sum(m.size or w.size or 0 for m, w in zip(metas, job.wants, strict=True))
    present = sum(_present(files / w.path) for w in job.wants)
    need = total - present
    free = shutil.disk_usage(files).free
    if need > free:
        raise StoreError(
            f"Not enough disk space: the download needs {human_size(need)}, "
            f"{human_size(free)} is free",
            path=store.root,
            hint="Free some space, or choose a smaller --variant",
            message_id="download.no_space",
            params={"need": human_size(need), "free": human_size(free)},
        )
    counter = _Counter(report, total, present, report_every, clock=budget.clock)
    report(Progress("downloading", present, total))
    hashes: dict[str, str] = {}
    # The configs first: one that asks for the model's own Python code (auto_map) is refused,
    # as on import (Quire never runs it, and the model would not work without it), before
    # any weights are fetched, and the download's files go with it.
    order = sorted(zip(metas, job.wants, strict=True), key=lambda m: m[1].path not in CONFIGS)
    for meta, want in order:
        cancel.check()
        target = files / want.path
        digest = _verified_existing(target, meta, want)
        if digest is None:
            digest = _fetch(net, meta, want, target, counter, cancel, budget)
        hashes[want.path] = digest
        if want.path in CONFIGS:
            try:
                check_remote_code(files)
            except StoreError as exc:
                # Named in the repo (the download's working folder goes).
                where = f" ({job.repo}: {want.path})" if exc.path is not None else ""
                raise _Unusable(
                    exc.message + where, hint=exc.hint, message_id=exc.message_id,
                    params=exc.params,
                ) from exc  # fmt: skip
    report(Progress("installing", 0, 1))
    for rel, content in job.generated.items():
        path = files / rel
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(content, indent=2) + "\n", encoding="utf-8")
    manifest = StoreManifest(
        source="catalog" if job.source == "catalog" else "hub",
        origin=job.name if job.source == "catalog" else job.repo,
        repo=job.repo,
        revision=commit,
        license=job.license,
        task=job.task,
        languages=job.languages,
        variants=(job.variant,),
        files=hash_files(files, known=hashes),
        installed_at=now_utc(),
    )
    try:
        folder = store.install(files, job.name, manifest)
    except ModelError as exc:
        raise _not_a_model(job.repo, files, exc) from exc
    report(Progress("installing", 1, 1))
    return folder


def _not_a_model(repo: str, files: Path, exc: ModelError) -> _Unusable:
    """The error for checked files that do not make a model Quire runs: named by the repo
    and the file's path in it, not by the download's working folder, which goes."""
    where = ""
    if exc.path is not None and exc.path.is_relative_to(files):
        where = f" ({exc.path.relative_to(files).as_posix()})"
    return _Unusable(
        f"The files of {repo} are not a model Quire can run: {exc.message}{where}",
        hint="Nothing was installed. Choose another repository, or another --variant",
        message_id="download.not_a_model",
        params={"repo": repo},
    )


def _present(path: Path) -> int:
    part = path.with_name(path.name + ".incomplete")
    if path.is_file():
        return path.stat().st_size
    return part.stat().st_size if part.is_file() else 0


__all__ = ["DEFAULT_ENDPOINT", "Network", "RetryBudget", "download", "repo_info"]
