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
from engine.server.config import (
    API_KEY_ENV,
    DEFAULT_HOST,
    DEFAULT_PORT,
    ServerConfig,
    env_keys,
    is_loopback,
)
from engine.server.run import Server

__all__ = [
    "API_KEY_ENV",
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
    "env_keys",
    "is_loopback",
    "stop_app",
]
