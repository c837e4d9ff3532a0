"""The requests a client of the local API may send (every job runs through ``Engine.run``)."""

from __future__ import annotations

from typing import TypeAlias

from engine.api import TextRequest, TranslateDocumentRequest

ApiRequest: TypeAlias = TextRequest | TranslateDocumentRequest
"""What a client of the local HTTP API may ask for. The store's operations and reading any
file are the app's jobs, not a remote client's, so the API's decoder refuses them."""
JobRequest: TypeAlias = ApiRequest  # the name the server and ``protocol.request_from_json`` use


__all__ = ["ApiRequest", "JobRequest", "TranslateDocumentRequest"]
