"""The task registry: one request type, one small module. Adding a task is one file and one
line here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from engine.api import (
    AskRequest,
    ClassifyRequest,
    EmbedRequest,
    GenerateRequest,
    SummarizeRequest,
    TranslateRequest,
)
from engine.tasks import ask, classify, embed, generate, summarize, translate

TASKS: dict[type, Callable[..., Any]] = {
    EmbedRequest: embed.run,
    AskRequest: ask.run,
    ClassifyRequest: classify.run,
    TranslateRequest: translate.run,
    SummarizeRequest: summarize.run,
    GenerateRequest: generate.run,
}
