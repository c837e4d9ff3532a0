"""How the local API server runs: address, keys, allowed browser origins and its limits."""

from __future__ import annotations

import ipaddress
import urllib.parse
from dataclasses import dataclass

from engine.errors import InputError

# Keys from the environment: a command line (--api-key) is visible to every user of the machine.
API_KEY_ENV = "QUIRE_API_KEY"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 5000


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


_DEFAULT_PORTS = {"http": 80, "https": 443}


# What a page with no origin of its own sends (a local file, a sandboxed frame, an Electron or
# Cordova app's page); file:// is taken for it.
NULL_ORIGIN = "null"


def normal_origin(origin: str) -> str:
    """``origin`` as a browser sends it in its Origin header: scheme://host[:port], lower
    case, no default port, no path (one pasted from the address bar ends in "/" and would
    never match). Extensions' and apps' origins (chrome-extension://ID, app://…) are origins
    too, and so is "null" (or file://, whose pages send it). Raises InputError for anything
    else."""
    if origin.strip().lower() in (NULL_ORIGIN, "file://", "file:///"):
        return NULL_ORIGIN
    parts = urllib.parse.urlsplit(origin.strip())
    try:
        port = parts.port
    except ValueError:
        port = -1
    if (
        not parts.scheme
        or not parts.hostname
        or port == -1
        or parts.username
        or parts.path.strip("/")
        or parts.query
        or parts.fragment
    ):
        raise InputError(
            f"{origin!r} is not an origin",
            hint="Give it as a browser sends it, e.g. https://example.org, "
            "http://localhost:3000, chrome-extension://ID or null (local files, apps' "
            "pages), or * for any",
        )
    scheme = parts.scheme.lower()
    shown = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    if port is not None and port != _DEFAULT_PORTS.get(scheme):
        shown = f"{shown}:{port}"
    return f"{scheme}://{shown}"


def env_keys(value: str) -> tuple[str, ...]:
    """The keys in ``QUIRE_API_KEY``'s value: one, or several separated by commas."""
    return tuple(key.strip() for key in value.split(",") if key.strip())


@dataclass(frozen=True, kw_only=True)
class ServerConfig:
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT  # 0 = any free port (tests)
    api_keys: tuple[str, ...] = ()  # empty = no key needed (loopback only)
    allow_origins: tuple[str, ...] = ()  # browser origins allowed by CORS; "*" = any
    # Jobs waiting for the engine; one more is refused with 429. A page translator sends a
    # page's paragraphs at once, one request each (32 refused 26 of a 60-paragraph page); the
    # bytes they wait with are bounded too (two bodies at the limit).
    queue_size: int = 200
    max_body_bytes: int = 32 * 1024 * 1024  # bigger request bodies are refused with 413
    char_limit: int = -1  # per text, as LibreTranslate's --char-limit; -1 = none

    def __post_init__(self) -> None:
        if not is_loopback(self.host) and not self.api_keys:
            raise InputError(
                f"Serving on {self.host} would let other machines use this engine",
                hint="Pass --api-key KEY (clients then send it), or keep the default 127.0.0.1",
            )
        if any(not key for key in self.api_keys):
            raise InputError("An API key may not be empty")
        if not 0 <= self.port <= 65535:
            raise InputError(
                f"{self.port} is not a port number", hint="Use 1 to 65535, or 0 for any free one"
            )
        if self.queue_size < 1:
            raise InputError("The queue must hold at least one job")
        if self.max_body_bytes < 1024:
            raise InputError("The body limit must be at least 1024 bytes")
        if self.char_limit < -1 or self.char_limit == 0:
            raise InputError(
                f"A text limit of {self.char_limit} characters would refuse every text",
                hint="Give a number of characters, or -1 for no limit",
            )
        origins = tuple(o if o == "*" else normal_origin(o) for o in self.allow_origins)
        object.__setattr__(self, "allow_origins", origins)
