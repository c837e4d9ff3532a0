"""A Hugging Face hub on 127.0.0.1 for download tests (standard library only), and a recording
forward proxy.

It serves what Quire's downloader and huggingface_hub read: ``HEAD``/``GET
/{repo}/resolve/{rev}/{path}`` (small files: 200 with the git blob id as ``ETag``; LFS files
(``*.onnx``): 302 to ``/cdn/{sha256}`` with ``X-Linked-Etag`` / ``X-Linked-Size``, as the real
hub does), ``X-Repo-Commit`` on every answer, ``Range`` requests on file bytes, and
``/api/models/{repo}/revision/{rev}`` with the file list. Switches make it drop a connection
mid-file (once or every time), answer resumes with the wrong range, corrupt a byte, or
answer 401/404.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import json
import re
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit


def git_blob_id(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


@dataclass
class Repo:
    commit: str
    files: dict[str, bytes]
    license: str = "apache-2.0"
    pipeline_tag: str = "translation"
    status: int | None = None  # answer every request of this repo with this status

    def is_lfs(self, path: str) -> bool:
        return path.endswith(".onnx")


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]


@dataclass
class FakeHub:
    repos: dict[str, Repo] = field(default_factory=dict)
    log: list[Seen] = field(default_factory=list)
    drop_after: dict[str, int] = field(default_factory=dict)  # path -> bytes, then hang up once
    keep_dropping: bool = False  # hang up at drop_after on every request, not only the first
    corrupt: set[str] = field(default_factory=set)  # paths whose served bytes get one flipped
    missing: set[str] = field(default_factory=set)  # paths answered with 404
    no_checksums: bool = False  # a mirror that drops the ETag / X-Linked-Etag headers
    wrong_ranges: int = 0  # this many ranged GETs answer 206 with the file from byte 0
    # paths whose body goes on past the file by this many bytes (a broken or hostile mirror:
    # the hub's X-Linked-Size still says the file's)
    oversize: dict[str, int] = field(default_factory=dict)
    url: str = ""

    def add_repo(self, repo: str, folder: Path, rename: dict[str, str] | None = None) -> Repo:
        """Serve ``folder``'s files as ``repo``; ``rename`` maps repo path -> folder path."""
        files = {
            p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*"))
            if p.is_file()
        }
        if rename is not None:
            files = {new: (folder / old).read_bytes() for new, old in rename.items()}
        commit = hashlib.sha1(repo.encode() + b"".join(files.values())).hexdigest()
        self.repos[repo] = Repo(commit, files)
        return self.repos[repo]

    def requests_for(self, path_end: str) -> list[Seen]:
        return [s for s in self.log if s.path.endswith(path_end)]

    # ------------------------------------------------------------------------- serving

    def _blob(self, sha: str) -> tuple[str, bytes] | None:
        for repo in self.repos.values():
            for path, data in repo.files.items():
                if hashlib.sha256(data).hexdigest() == sha:
                    return path, data
        return None


_RESOLVE = re.compile(r"^/(?P<repo>[^/]+/[^/]+)/resolve/(?P<rev>[^/]+)/(?P<path>.+)$")
_API = re.compile(r"^/api/models/(?P<repo>[^/]+/[^/]+)/revision/(?P<rev>[^/?]+)$")
_CDN = re.compile(r"^/cdn/(?P<sha>[0-9a-f]{64})$")


def _handler(hub: FakeHub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def log_message(self, format: str, *args: object) -> None:  # quiet
            pass

        def do_HEAD(self) -> None:
            self._serve(body=False)

        def do_GET(self) -> None:
            self._serve(body=True)

        def _answer(self, status: int, headers: dict[str, str], data: bytes = b"") -> None:
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            if "Content-Length" not in headers:
                self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if data and self.command == "GET":
                self.wfile.write(data)

        def _error(self, status: int, code: str = "", commit: str = "") -> None:
            headers = {"X-Error-Code": code} if code else {}
            if commit:
                headers["X-Repo-Commit"] = commit
            self._answer(status, headers, b'{"error": "fake hub"}')

        def _serve(self, body: bool) -> None:
            path = unquote(urlsplit(self.path).path)
            hub.log.append(Seen(self.command, path, dict(self.headers.items())))
            if m := _API.match(path):
                return self._api(m["repo"], m["rev"])
            if m := _RESOLVE.match(path):
                return self._resolve(m["repo"], m["rev"], m["path"])
            if m := _CDN.match(path):
                found = hub._blob(m["sha"])
                if found is None:
                    return self._error(404)
                return self._bytes(*found)
            return self._error(404)

        def _repo(self, name: str, rev: str) -> Repo | None:
            repo = hub.repos.get(name)
            if repo is None:
                self._error(401, "RepoNotFound")  # the hub hides missing and private repos
                return None
            if repo.status is not None:
                self._error(repo.status)
                return None
            if rev not in ("main", repo.commit):
                self._error(404, "RevisionNotFound")
                return None
            return repo

        def _api(self, name: str, rev: str) -> None:
            repo = self._repo(name, rev)
            if repo is None:
                return
            siblings = []
            for path, data in repo.files.items():
                entry: dict[str, object] = {"rfilename": path, "size": len(data)}
                if repo.is_lfs(path):
                    sha = hashlib.sha256(data).hexdigest()
                    entry["lfs"] = {"sha256": sha, "size": len(data), "pointerSize": 134}
                siblings.append(entry)
            doc = {
                "id": name,
                "sha": repo.commit,
                "siblings": siblings,
                "cardData": {"license": repo.license},
                "pipeline_tag": repo.pipeline_tag,
                "tags": [f"license:{repo.license}"],
            }
            self._answer(200, {"Content-Type": "application/json"}, json.dumps(doc).encode())

        def _resolve(self, name: str, rev: str, path: str) -> None:
            repo = self._repo(name, rev)
            if repo is None:
                return
            if path not in repo.files or path in hub.missing:
                return self._error(404, "EntryNotFound", repo.commit)
            data = repo.files[path]
            if repo.is_lfs(path):
                sha = hashlib.sha256(data).hexdigest()
                headers = {
                    "Location": f"{hub.url}/cdn/{sha}",
                    "X-Repo-Commit": repo.commit,
                    "X-Linked-Etag": f'"{sha}"',
                    "X-Linked-Size": str(len(data)),
                    "ETag": f'"{git_blob_id(data[:10])}"',  # the pointer file's id
                }
            else:
                headers = {"X-Repo-Commit": repo.commit, "ETag": f'"{git_blob_id(data)}"'}
            if hub.no_checksums:
                headers = {k: v for k, v in headers.items() if "etag" not in k.lower()}
            if repo.is_lfs(path):
                return self._answer(302, headers)
            self._bytes(path, data, headers)

        def _bytes(self, path: str, data: bytes, extra: dict[str, str] | None = None) -> None:
            headers = {"Accept-Ranges": "bytes", **(extra or {})}
            if path in hub.corrupt:
                data = bytes([data[0] ^ 0xFF]) + data[1:]
            if path in hub.oversize and self.command == "GET":
                data += b"\0" * hub.oversize[path]
            start = 0
            status = 200
            if rng := re.match(r"bytes=(\d+)-$", self.headers.get("Range", "")):
                start = int(rng[1])
                if hub.wrong_ranges and self.command == "GET":
                    hub.wrong_ranges -= 1  # a broken proxy: 206, but the whole file
                    start = 0
                if start >= len(data):
                    return self._answer(416, {"Content-Range": f"bytes */{len(data)}"})
                status = 206
                headers["Content-Range"] = f"bytes {start}-{len(data) - 1}/{len(data)}"
            chunk = data[start:]
            headers["Content-Length"] = str(len(chunk))
            cut = hub.drop_after.get(path)
            if cut is not None and self.command == "GET" and start < cut:
                if not hub.keep_dropping:
                    del hub.drop_after[path]  # once
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(chunk[: cut - start])
                self.wfile.flush()
                with contextlib.suppress(OSError):  # the client may have hung up first
                    self.connection.shutdown(socket.SHUT_RDWR)  # hang up mid-file
                self.close_connection = True
                return
            self._answer(status, headers, chunk)

    return Handler


@dataclass
class Proxy:
    """A plain forward proxy for ``http://`` URLs (no CONNECT) that records what it forwards."""

    seen: list[str] = field(default_factory=list)
    url: str = ""


def _proxy_handler(proxy: Proxy) -> type[BaseHTTPRequestHandler]:
    hop = {"proxy-connection", "connection", "keep-alive", "proxy-authorization"}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_HEAD(self) -> None:
            self._forward()

        def do_GET(self) -> None:
            self._forward()

        def _forward(self) -> None:
            proxy.seen.append(f"{self.command} {self.path}")
            target = urlsplit(self.path)  # absolute-form request line
            conn = http.client.HTTPConnection(target.hostname or "", target.port, timeout=10)
            headers = {k: v for k, v in self.headers.items() if k.lower() not in hop}
            path = target.path + (f"?{target.query}" if target.query else "")
            conn.request(self.command, path, headers=headers)
            answer = conn.getresponse()
            self.send_response(answer.status)
            for key, value in answer.getheaders():
                if key.lower() not in hop:
                    self.send_header(key, value)
            self.end_headers()
            if self.command == "GET":
                while data := answer.read(65536):
                    self.wfile.write(data)
            conn.close()

    return Handler


def _serve(handler: type[BaseHTTPRequestHandler]) -> tuple[ThreadingHTTPServer, str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, port = server.server_address[:2]
    return server, f"http://{host!s}:{port}"


@contextmanager
def running_hub() -> Iterator[FakeHub]:
    hub = FakeHub()
    server, hub.url = _serve(_handler(hub))
    try:
        yield hub
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def running_proxy() -> Iterator[Proxy]:
    proxy = Proxy()
    server, proxy.url = _serve(_proxy_handler(proxy))
    try:
        yield proxy
    finally:
        server.shutdown()
        server.server_close()
