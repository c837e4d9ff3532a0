"""The OpenAPI description of every route, and ``/docs``: a self-contained page made from it
(no script, nothing fetched from anywhere)."""

from __future__ import annotations

import html
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

_ERROR = {"type": "object", "properties": {"error": {"type": "string"}}}
# A job's two kinds of error: the server's refusal of the request before any engine ran it
# (``{"error": "…"}``, as every other route of Quire's), or the engine's own error, a value of
# the protocol that ``engine.protocol.from_json`` turns back into the exception.
_ENGINE_ERROR = {
    "type": "object",
    "description": "The engine's error, a protocol value: 'error' names its class (InputError, "
    "ModelNotFound, Cancelled, …), 'message' and 'hint' say it, 'message_id' and 'params' name "
    "the sentence for a front end that translates it.",
    "required": ["type", "error", "message"],
    "properties": {
        "type": {"const": "error"},
        "error": {"type": "string"},
        "message": {"type": "string"},
        "path": {"type": ["string", "null"]},
        "hint": {"type": ["string", "null"]},
        "message_id": {"type": ["string", "null"]},
        "params": {"type": "object"},
    },
}
_JOB_ERROR = {
    "description": "Either the server's refusal of the request ({'error': text}: a body that "
    "is not a request, a wrong key, a full queue) or the engine's error while running it (a "
    "protocol value with 'type': 'error'); show 'message' where there is one, else 'error'.",
    "oneOf": [_ERROR, _ENGINE_ERROR],
}
_OPENAI_ERROR = {
    "type": "object",
    "description": "OpenAI's error object: every error on /v1/chat/* and /v1/models*",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["message", "type", "param", "code"],
            "properties": {
                "message": {"type": "string"},
                "type": {"type": "string", "enum": ["invalid_request_error", "server_error"]},
                "param": {"type": ["string", "null"], "description": "the parameter at fault"},
                "code": {
                    "type": ["string", "null"],
                    "description": "invalid_api_key, model_not_found, rate_limit_exceeded, "
                    "request_too_large, or null",
                },
            },
        }
    },
}
_TAGGED = {
    "type": "object",
    "description": "A value of the plain-data protocol (engine/protocol.py): an object whose "
    "'type' names the engine type (TranslateRequest, SummarizeRequest, AskRequest, "
    "ClassifyRequest, EmbedRequest, TranslateDocumentRequest; Progress, PartialText, "
    "ModelLoading, ModelLoaded, ModelUnloaded, Note, LabelsScored; TranslateResult, …; or "
    "'error').",
    "required": ["type"],
    "properties": {"type": {"type": "string"}},
    "additionalProperties": True,
}
_LT_FIELDS = {
    "q": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
    "source": {"type": "string", "description": "language code, or 'auto' to detect"},
    "target": {"type": "string"},
    "format": {"type": "string", "enum": ["text", "html"], "default": "text"},
    "alternatives": {"type": "integer", "default": 0},
    "api_key": {"type": "string"},
}


def _form(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    schema = {"type": "object", "properties": properties, "required": required}
    return {
        "required": True,
        "content": {
            "application/json": {"schema": schema},
            "application/x-www-form-urlencoded": {"schema": schema},
        },
    }


def _answers(ok: dict[str, Any], *errors: int, error: dict[str, Any] = _ERROR) -> dict[str, Any]:
    out: dict[str, Any] = {
        "200": {"description": "OK", "content": {"application/json": {"schema": ok}}}
    }
    for code in errors:
        out[str(code)] = {
            "description": _ERRORS[code],
            "content": {"application/json": {"schema": error}},
        }
    return out


_ERRORS = {
    400: "Invalid request (missing field, unsupported language or format)",
    401: "Missing or wrong API key (Authorization: Bearer KEY)",
    403: "Wrong API key, or a remote client naming files",
    404: "Unknown",
    409: "Cancelled",
    413: "Request body too large",
    415: "The body is not JSON (send Content-Type: application/json)",
    429: "The engine's queue is full; retry after the Retry-After header's seconds",
    500: "Engine error",
}


def schema() -> dict[str, Any]:
    translate_ok = {
        "type": "object",
        "properties": {
            "translatedText": {"oneOf": [{"type": "string"}, {"type": "array"}]},
            "detectedLanguage": {
                "type": "object",
                "properties": {"confidence": {"type": "number"}, "language": {"type": "string"}},
            },
            "alternatives": {"type": "array"},
            "untranslated": {
                "type": "array",
                "items": {
                    "oneOf": [
                        {"type": "string"},
                        {"type": "array", "items": {"type": "string"}},
                    ]
                },
                "description": "Quire's own, only where the model failed on anything "
                "(nothing or a stuck loop came back): the text (format text, whose "
                "translatedText is what the model wrote), or the parts of an HTML text, which "
                "keep their source text, as a reader sees them; for a batch, a list per text. "
                "The X-Quire-Untranslated header counts them.",
            },
        },
    }
    translated = _answers(translate_ok, 400, 403, 413, 429, 500)
    translated["200"]["headers"] = {
        "X-Quire-Untranslated": {
            "description": "Quire's own, only where the model failed on anything: how many "
            "texts and parts the answer's untranslated names.",
            "schema": {"type": "integer", "minimum": 1},
        }
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Quire local API",
            "version": "1",
            "description": "LibreTranslate-compatible translation and Quire's own job API, "
            "served from this machine by `quire serve` or the app's Settings.",
        },
        "paths": {
            "/translate": {
                "post": {
                    "summary": "Translate text (LibreTranslate)",
                    "requestBody": _form(_LT_FIELDS, ["q", "source", "target"]),
                    "responses": translated,
                }
            },
            "/detect": {
                "post": {
                    "summary": "Detect the language of a text (LibreTranslate)",
                    "requestBody": _form(
                        {"q": {"type": "string"}, "api_key": {"type": "string"}}, ["q"]
                    ),
                    "responses": _answers({"type": "array"}, 400, 403, 429),
                }
            },
            "/languages": {
                "get": {
                    "summary": "Languages of the installed models and their targets (with pivots)",
                    "responses": _answers({"type": "array"}),
                }
            },
            "/translate_file": {
                "post": {
                    "summary": "Translate a document, keeping its formatting (LibreTranslate)",
                    "requestBody": {
                        "required": True,
                        "content": {
                            "multipart/form-data": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "file": {"type": "string", "format": "binary"},
                                        "source": {"type": "string"},
                                        "target": {"type": "string"},
                                        "api_key": {"type": "string"},
                                    },
                                    "required": ["file", "source", "target"],
                                }
                            }
                        },
                    },
                    "responses": _answers(
                        {"type": "object", "properties": {"translatedFileUrl": {"type": "string"}}},
                        400,
                        403,
                        413,
                        429,
                        500,
                    ),
                }
            },
            "/download_file/{filename}": {
                "get": {
                    "summary": "Download a translated document (the URL /translate_file gave)",
                    "parameters": [
                        {
                            "name": "filename",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        }
                    ],
                    "responses": {
                        "200": {"description": "The file"},
                        "404": {"description": "Unknown"},
                    },
                }
            },
            "/frontend/settings": {
                "get": {
                    "summary": "Server settings (LibreTranslate)",
                    "responses": _answers({"type": "object"}),
                }
            },
            "/suggest": {
                "post": {
                    "summary": "Suggest a better translation (LibreTranslate): always off here",
                    "responses": {
                        "403": {
                            "description": "Suggestions are disabled on this server",
                            "content": {"application/json": {"schema": _ERROR}},
                        }
                    },
                }
            },
            "/v1/jobs": {
                "post": {
                    "summary": "Run any job: translate, summarize, ask, classify, embed, documents",
                    "description": "The body is a request of the plain-data protocol. With "
                    "'Accept: text/event-stream' the answer is a stream of server-sent events: "
                    "'job' ({id}), 'event' (progress, partial text, model loading), then one "
                    "'result' or 'error'. Otherwise the result as JSON. A client that "
                    "disconnects cancels its job.",
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": _TAGGED}},
                    },
                    "responses": _answers(
                        _TAGGED, 400, 401, 403, 409, 413, 415, 429, 500, error=_JOB_ERROR
                    ),
                },
                "get": {
                    "summary": "Jobs queued or running (only those sent with the same API key)",
                    "responses": _answers({"type": "array"}, 401),
                },
            },
            "/v1/jobs/{job}": {
                "delete": {
                    "summary": "Cancel a job",
                    "parameters": [
                        {
                            "name": "job",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        }
                    ],
                    "responses": {
                        "204": {"description": "Cancelled"},
                        "401": {"description": _ERRORS[401]},
                        "404": {"description": "No such job (or another API key's)"},
                    },
                }
            },
            "/v1/models": {
                "get": {
                    "summary": "Installed chat models (OpenAI's shape)",
                    "responses": _answers({"type": "object"}, 401, error=_OPENAI_ERROR),
                }
            },
            "/v1/models/{model}": {
                "get": {
                    "summary": "One installed chat model (OpenAI's shape)",
                    "parameters": [
                        {
                            "name": "model",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        }
                    ],
                    "responses": _answers({"type": "object"}, 401, 404, error=_OPENAI_ERROR),
                }
            },
            "/v1/chat/completions": {
                "post": {
                    "summary": "Chat with an installed instruction model (OpenAI's shape)",
                    "description": "'stream': true answers with OpenAI's chunk stream "
                    "(stream_options.include_usage: a last chunk with the usage); a request "
                    "refused before the first word is a 400 as without a stream. Needs a "
                    "decoder-only instruction model; without one, 404 model_not_found. Not "
                    "supported (400): n other than 1, tools, 'tool' messages.",
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": {"type": "object"}}},
                    },
                    "responses": _answers(
                        {"type": "object"}, 400, 401, 404, 413, 415, 429, 500, error=_OPENAI_ERROR
                    ),
                }
            },
            "/health": {"get": {"summary": "Liveness", "responses": _answers({"type": "object"})}},
        },
    }


async def openapi_json(request: Request) -> Response:
    return JSONResponse(schema())


async def docs(request: Request) -> Response:
    rows = []
    for path, methods in schema()["paths"].items():
        for method, op in methods.items():
            codes = ", ".join(op.get("responses", {}))
            summary, detail = html.escape(op["summary"]), html.escape(op.get("description", ""))
            rows.append(
                f"<tr><td><code>{method.upper()}</code></td>"
                f"<td><code>{html.escape(path)}</code></td>"
                f"<td>{summary}<br><small>{detail}</small></td><td>{html.escape(codes)}</td></tr>"
            )
    page = (
        "<!doctype html><html><head><meta charset='utf-8'><title>Quire local API</title>"
        "<style>body{font:15px system-ui,sans-serif;margin:2em;max-width:70em}"
        "td{border-top:1px solid #ccc;padding:.4em;vertical-align:top}</style></head><body>"
        "<h1>Quire local API</h1><p>The machine-readable description is "
        "<a href='openapi.json'>/openapi.json</a>. LibreTranslate clients use the first routes "
        "as they are; <code>/v1/jobs</code> takes any engine request.</p>"
        "<table><tr><th>Method</th><th>Path</th><th>What</th><th>Answers</th></tr>"
        + "".join(rows)
        + "</table></body></html>"
    )
    return HTMLResponse(page)


ROUTES = [
    Route("/openapi.json", openapi_json, methods=["GET"]),
    Route("/docs", docs, methods=["GET"]),
    # Where LibreTranslate serves its page and its spec: clients check a server's address by
    # its root answering 200 (Obsidian's Translate plugin refused Quire's 404).
    Route("/", docs, methods=["GET"]),
    Route("/spec", openapi_json, methods=["GET"]),
]
