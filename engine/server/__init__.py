"""The local API: LibreTranslate's endpoints and Quire's own job API over one engine, served
on loopback by default (``quire serve``, or the app's switch)."""

from __future__ import annotations

from engine.server.app import create_app, stop_app
from engine.server.chat import (
    ChatBackend,
    ChatCompletionRequest,
    ChatMessage,
    ChatReply,
    EngineChat,
)
from engine.server.config import DEFAULT_HOST, DEFAULT_PORT, ServerConfig, is_loopback
from engine.server.run import Server

__all__ = [
    "DEFAULT_HOST",
    "DEFAULT_PORT",
    "ChatBackend",
    "ChatCompletionRequest",
    "ChatMessage",
    "ChatReply",
    "EngineChat",
    "Server",
    "ServerConfig",
    "create_app",
    "is_loopback",
    "stop_app",
]
