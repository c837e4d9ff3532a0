"""The task registry: one request type, one small module. Adding a task is one file and one
line here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from engine.api import EmbedRequest
from engine.tasks import embed

TASKS: dict[type, Callable[..., Any]] = {
    EmbedRequest: embed.run,
}
