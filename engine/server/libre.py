"""LibreTranslate's API, in its request and response shapes and error codes: ``/translate``,
``/detect``, ``/languages``, ``/translate_file`` with its download, ``/frontend/settings``.

Differences, by necessity: ``alternatives`` are the beam's next-best translations of a text of
one sentence that one model translates, else empty (HTML always); a detected language is
the one the source "auto" would take: the detector's best over every language it knows, with
its probability, unless it is unsure and an installed source language is plausible.

One addition, which LibreTranslate's clients pass over: where the model failed on a text, or
on a part of an HTML text (it gave back nothing or a stuck loop), the answer says so in
``untranslated`` (the texts and parts, as a reader sees them; per text in a batch) and the
``X-Quire-Untranslated`` header (how many), so that a client can tell a translation from
untouched source (such a part of an HTML text keeps its source text, as a document's does)
or from what the model wrote for a plain text (given as it came, LibreTranslate's answer).
"""

from __future__ import annotations

import asyncio
import codecs
import contextlib
import copy
import dataclasses
import mimetypes
import os
import re
import shutil
import time
import urllib.parse
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import anyio.to_thread
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from engine.api import TranslateRequest, TranslateResult, UnitCounts
from engine.documents import (
    READERS,
    translate_document,
    translated_units,
    translation_failed,
)
from engine.documents import html as html_document
from engine.documents.language import target_language
from engine.errors import EngineError, InputError
from engine.options import CancelToken
from engine.server.common import (
    clean_text,
    guarded,
    key_ok,
    libre_status,
    read_fields,
    run_job,
    state,
    submit,
    upload,
    wait,
)
from engine.server.worker import Report
from engine.store.catalog import translator_for
from engine.store.local import StoredModel
from engine.tasks.languages import TRADITIONAL_CHINESE, to_iso
from engine.tasks.translate import MAX_ALTERNATIVES, SAME_LANGUAGE, detect_source
from engine.text import detect
from engine.text.encoding import UTF8
from engine.text.language_names import language_name

AUTO = "auto"
# The page's own translation box waits this long (ms) before translating what was typed.
FRONTEND_TIMEOUT = 500
# How long a translated file waits for its download.
KEEP_SECONDS = 3600
# How many parts of the texts kept their source text (only where any did).
UNTRANSLATED_HEADER = "X-Quire-Untranslated"
_DOWNLOAD = re.compile(r"^([0-9a-f]{32})\.(.+)$")


def _guarded(handler: Callable[[Request], Any]) -> Callable[[Request], Any]:
    return guarded(handler, libre_status)


def _missing(name: str) -> HTTPException:
    return HTTPException(400, f"Invalid request: missing {name} parameter")


async def _fields_with_key(request: Request) -> dict[str, Any]:
    fields = await read_fields(request)
    config = state(request).config
    if config.api_keys:
        # (the npm client, libretranslate, sends its key as apiKey)
        given = fields.get("api_key") or fields.get("apiKey")
        if not given:
            raise HTTPException(400, "Please contact the server operator to get an API key")
        if not isinstance(given, str) or not key_ok(config, given):
            raise HTTPException(403, "Invalid API key")
    return fields


async def _pairs(request: Request) -> dict[str, frozenset[str]]:
    return await anyio.to_thread.run_sync(state(request).languages.pairs)


async def _unreadable(request: Request) -> tuple[StoredModel, ...]:
    return await anyio.to_thread.run_sync(state(request).languages.unreadable)


def _check_languages(
    pairs: dict[str, frozenset[str]],
    source: str,
    target: str,
    unreadable: Sequence[StoredModel] = (),
) -> tuple[str, str]:
    """The pair as the installed models name it (nb or no); refused with LibreTranslate's
    words where they do not translate it, and why where the cause is no model or a model
    that could not be read (``unreadable``)."""
    if source in _TRADITIONAL:  # (read as Chinese: the models read either script)
        source = "zh"
    source, target = _named(pairs, source), _named(pairs, target)
    if target in _TRADITIONAL:
        if TRADITIONAL_CHINESE not in pairs:
            raise HTTPException(
                400,
                f"Chinese in traditional characters ({target}) is not supported: the "
                "installed models write simplified characters only (ask for zh, or install "
                "nllb-200-distilled-600M, which writes traditional ones)",
            )
        target = TRADITIONAL_CHINESE
    if source != AUTO and source not in pairs:
        raise _unsupported(source, pairs, unreadable, (source, target))
    if target not in pairs:
        raise _unsupported(target, pairs, unreadable, (source, target))
    if source != AUTO and target not in pairs[source]:
        raise HTTPException(
            400,
            f"{language_name(target)} ({target}) is not available as a target language from "
            f"{language_name(source)} ({source})",
        )
    return source, target


def _unsupported(
    code: str,
    pairs: dict[str, frozenset[str]],
    unreadable: Sequence[StoredModel],
    pair: tuple[str, str],
) -> HTTPException:
    """LibreTranslate's "xx is not supported", and why where the language is not the cause:
    clients (Zotero, Subtitle Edit, browser extensions) show only this text, and a damaged
    model or none at all read as if English were not supported."""
    said = f"{code} is not supported"
    if unreadable:
        first = unreadable[0]
        # (its problem names the folder on the server's disk: the client gets the name)
        problem = first.problem.replace(f" ({first.path})", "")
        problem = problem.replace(str(first.path), first.name).rstrip(".")
        others = ""
        if unreadable[1:]:
            others = f" (and {len(unreadable) - 1} more: `quire models list` shows them)"
        why = ": no translation model can be used" if not pairs else " by the models that can"
        return HTTPException(
            400,
            f"{said}{why}. The installed model {first.name} could not be read: {problem}"
            f"{others}. `quire models verify {first.name}` tells what changed; remove it and "
            "download or import it again",
        )
    if pairs:
        return HTTPException(400, said)  # (LibreTranslate's words, which clients may match)
    source, target = pair
    source = "en" if source == AUTO else source
    entry = translator_for(source, target) if source != target else None
    suggestion = (
        f"such as {entry.name} (`quire models download {entry.name}`)"
        if entry is not None
        else "with `quire models download NAME` or `quire models import FOLDER`"
    )
    return HTTPException(
        400, f"{said}: no translation model is installed. Install one on the server, {suggestion}"
    )


def _texts(*values: Any) -> bool:
    # A list (a field sent twice, a JSON array) or an uploaded file is not a language code.
    return all(isinstance(value, str) for value in values)


# LibreTranslate's own codes: Chinese (Traditional), Brazilian Portuguese.
_ALIASES = {"zt": "zh-Hant", "pb": "pt-BR"}
# Chinese in traditional characters, which no model of Quire's writes (a target of zh would
# come back simplified): kept apart from zh so that a target asking for it is refused.
_TRADITIONAL = {"zh-hant", "zh-tw", "zh-hk", "zh-mo"}
# Norwegian Bokmål under its own code and the macrolanguage's, as models name it either way.
_TWINS = {"nb": "no", "no": "nb"}


def _code(value: Any) -> Any:
    """A LibreTranslate language field as the pairs name it: ISO 639-1 (de, pt), but Chinese
    in traditional characters (zh-Hant, zh-TW, LibreTranslate's zt) kept as written; anything
    but a code (a list, a file) as it came, for the caller to refuse."""
    if not isinstance(value, str) or not value.strip() or value == AUTO:
        return value
    tag = _ALIASES.get(value.strip().lower(), value.strip())
    written = "-".join(tag.replace("_", "-").lower().split("-")[:2])
    return written if written in _TRADITIONAL else to_iso(tag)


def _named(pairs: dict[str, frozenset[str]], code: str) -> str:
    """``code``, or its twin where only that is installed (nb for no)."""
    twin = _TWINS.get(code)
    return twin if code not in pairs and twin in pairs else code


@_guarded
async def translate(request: Request) -> Response:
    fields = await _fields_with_key(request)
    q = fields.get("q")
    source, target = _code(fields.get("source")), _code(fields.get("target"))
    text_format = fields.get("format") or "text"
    if isinstance(text_format, str):  # (the npm client's README says "HTML or Text")
        text_format = text_format.strip().lower()
    if not q:
        raise _missing("q")
    if not source:
        raise _missing("source")
    if not target:
        raise _missing("target")
    try:
        alternatives = max(0, int(fields.get("alternatives") or 0))
    except (TypeError, ValueError, OverflowError):
        raise HTTPException(
            400, "Invalid request: alternatives parameter is not a number"
        ) from None
    if alternatives > MAX_ALTERNATIVES:  # LibreTranslate's words for its --alternatives-limit
        raise HTTPException(
            400, f"Invalid request: alternatives parameter must be <= {MAX_ALTERNATIVES}"
        )
    batch = isinstance(q, list)
    texts: list[str] = q if batch else [q]
    if not all(isinstance(t, str) for t in texts) or not _texts(source, target):
        raise HTTPException(400, "Invalid request: q, source and target must be text")
    texts = [clean_text(text) for text in texts]  # a lone surrogate: text cut mid-emoji
    if not batch and not request.headers.get("content-type", "").startswith("application/json"):
        texts = ["\n".join(texts[0].splitlines())]  # LF line ends, as LibreTranslate
    limit = state(request).config.char_limit
    for text in texts if limit != -1 else ():  # each text of a batch, as LibreTranslate 1.7
        if len(text) > limit:
            raise HTTPException(
                400, f"Invalid request: request ({len(text)}) exceeds text limit ({limit})"
            )
    source, target = _check_languages(
        await _pairs(request), source, target, await _unreadable(request)
    )
    if text_format not in ("text", "html"):
        raise HTTPException(400, f"{text_format} format is not supported")

    template = TranslateRequest(
        text="",
        source=None if source == AUTO else source,
        target=target,
        alternatives=alternatives,
    )

    def work(engine: Any, report: Report, cancel: CancelToken) -> list[_Outcome]:
        return [_translate_one(engine, template, text, text_format, cancel) for text in texts]

    size = sum(len(text) for text in texts)
    outcomes: list[_Outcome] = await run_job(request, "translate", work, size)
    translated = [outcome.text for outcome in outcomes]
    body: dict[str, Any] = {"translatedText": translated if batch else translated[0]}
    if source == AUTO:
        detected = [_detected(outcome) for outcome in outcomes]
        body["detectedLanguage"] = detected if batch else detected[0]
    if alternatives > 0:
        others = [list(o.result.alternatives) if o.result else [] for o in outcomes]
        body["alternatives"] = others if batch else others[0]
    kept = [list(outcome.untranslated) for outcome in outcomes]
    if not any(kept):  # (the answer is LibreTranslate's own, field for field)
        return JSONResponse(body)
    body["untranslated"] = kept if batch else kept[0]
    return JSONResponse(body, headers={UNTRANSLATED_HEADER: str(sum(map(len, kept)))})


@dataclasses.dataclass(frozen=True)
class _Outcome:
    """One text's translation; ``same``: the text was found to be in the target language
    already (detected), and is sent back as it came, with that language; ``untranslated``:
    what the model failed on: the text, or the parts of an HTML text (which keep their
    source text) as a reader sees them."""

    text: str
    result: TranslateResult | None = None
    same: Any = None  # engine.text.detect's answer
    untranslated: tuple[str, ...] = ()


def _detected(outcome: _Outcome) -> dict[str, Any]:
    if outcome.same is not None:
        return {
            "confidence": round(100.0 * outcome.same.confidence, 2),
            "language": outcome.same.language,
        }
    result = outcome.result
    if result is None:  # nothing to translate: LibreTranslate says English, unsure
        return {"confidence": 0.0, "language": "en"}
    confidence = result.detected_confidence
    return {
        "confidence": round(100.0 * confidence, 2) if confidence is not None else 100.0,
        "language": result.source_language,
    }


def _translate_one(
    engine: Any, template: TranslateRequest, text: str, text_format: str, cancel: CancelToken
) -> _Outcome:
    if not any(char.isalpha() for char in text):
        return _Outcome(text)  # nothing to translate: sent back as it came (LibreTranslate does)
    try:
        return _translated(engine, template, text, text_format, cancel)
    except InputError as exc:
        if template.source is not None or exc.message_id != SAME_LANGUAGE:
            raise
        # Detected as the target language: one text of a batch (a page's paragraphs) must
        # not fail the others; it comes back unchanged, as LibreTranslate's does.
        return _Outcome(text, same=detect(text))


def _translated(
    engine: Any, template: TranslateRequest, text: str, text_format: str, cancel: CancelToken
) -> _Outcome:
    if text_format == "text":
        result = engine.run(dataclasses.replace(template, text=text), None, cancel)
        assert isinstance(result, TranslateResult)
        # (As the model wrote it, LibreTranslate's answer: named, not replaced.)
        failed = (text,) if translation_failed(text, result.text) else ()
        return _Outcome(result.text, result, untranslated=failed)
    document = html_document.parse(text, UTF8, Path("request.html"))
    results: list[TranslateResult] = []

    def translator(units: Sequence[str]) -> list[str]:
        out = []
        for unit in units:
            unit_request = dataclasses.replace(template, text=unit, alternatives=0)
            one = engine.run(unit_request, None, cancel)
            results.append(one)
            out.append(one.text)
        return out

    units = translated_units(document, translator, cancel=cancel)
    # A fragment stays a fragment; what it says its language is now says the target's.
    document.language = target_language(template.target)
    rendered = document.render_text(units.translations)
    kept = tuple(document.units[i].shown for i in units.failed)
    return _Outcome(rendered, results[0] if results else None, untranslated=kept)


@_guarded
async def detect_language(request: Request) -> Response:
    fields = await _fields_with_key(request)
    q = fields.get("q")
    if not q or not isinstance(q, str):
        raise _missing("q")
    q = clean_text(q)
    sources = {s for s, targets in (await _pairs(request)).items() if targets}

    def work(_engine: Any, _report: Report, _cancel: CancelToken) -> tuple[str, float]:
        # As /translate's source "auto" decides, with the detector's own probability: among
        # the installed source languages only, a French text was English, 98.76% sure.
        return detect_source(q, sources)

    language, confidence = await run_job(request, "detect", work, len(q))
    return JSONResponse([{"confidence": round(100.0 * confidence, 2), "language": language}])


@_guarded
async def languages(request: Request) -> Response:
    pairs = await _pairs(request)
    return JSONResponse(
        [
            {"code": code, "name": language_name(code), "targets": sorted(targets)}
            for code, targets in pairs.items()
        ]
    )


@_guarded
async def frontend_settings(request: Request) -> Response:
    config = state(request).config
    pairs = await _pairs(request)
    target = next((t for ts in pairs.values() for t in sorted(ts)), "en")
    return JSONResponse(
        {
            "charLimit": config.char_limit,
            "frontendTimeout": FRONTEND_TIMEOUT,
            "apiKeys": bool(config.api_keys),
            "keyRequired": bool(config.api_keys),
            "suggestions": False,
            "filesTranslation": True,
            "supportedFilesFormat": sorted(READERS),
            "language": {
                "source": {"code": AUTO, "name": "Auto Detect"},
                "target": {"code": target, "name": language_name(target)},
            },
        }
    )


@_guarded
async def suggest(request: Request) -> Response:
    """LibreTranslate's answer where suggestions are off, as ``/frontend/settings`` says they
    are: Quire keeps no database of them (nothing a user sends is stored)."""
    raise HTTPException(403, "Suggestions are disabled on this server.")


@_guarded
async def translate_file(request: Request) -> Response:
    fields = await _fields_with_key(request)
    file = upload(fields.get("file"))
    source, target = _code(fields.get("source")), _code(fields.get("target"))
    if file is None:
        raise _missing("file")
    if not source:
        raise _missing("source")
    if not target:
        raise _missing("target")
    if not _texts(source, target):
        raise HTTPException(400, "Invalid request: source and target must be text")
    name = Path(file.filename or "").name
    if not name:
        raise HTTPException(400, "Invalid request: empty file")
    suffix = Path(name).suffix.lower()
    if suffix not in READERS:
        raise HTTPException(400, "Invalid request: file format not supported")
    source, target = _check_languages(
        await _pairs(request), source, target, await _unreadable(request)
    )
    await anyio.to_thread.run_sync(_sweep, state(request).files_dir)
    token = uuid.uuid4().hex
    folder = state(request).files_dir / token
    folder.mkdir()
    in_path = folder / "in" / name
    in_path.parent.mkdir()
    in_path.write_bytes(file.data)
    template = TranslateRequest(text="", source=None if source == AUTO else source, target=target)

    def work(engine: Any, report: Report, cancel: CancelToken) -> tuple[Path, UnitCounts]:
        out_dir = folder / "out"
        out_dir.mkdir()
        try:
            result = translate_document(
                engine, in_path, None, template, report, cancel, checkpoint=False
            )
            final = out_dir / result.output.name
            result.output.replace(final)
        except EngineError as exc:
            raise _as_uploaded(exc, in_path) from None
        finally:
            shutil.rmtree(in_path.parent, ignore_errors=True)  # the upload is not kept
        return final, result.counts

    job = submit(request, "translate_file", work, len(file.data))
    # A job that never ran (cancelled while queued) leaves its upload: the outcome settles
    # only once the worker is done with the folder, so it can go then.
    job.outcome.add_done_callback(lambda done: _forget_unless_done(done, folder))
    out_path, counts = await wait(request, job)
    # Quoted: a name with #, ?, spaces or letters beyond ASCII is a valid URL's path too.
    filename = urllib.parse.quote(f"{token}.{out_path.name}", safe="")
    url = str(request.url_for("download_file", filename=filename))
    # How the file's parts ended, as `quire translate --json` says it: a part that failed
    # keeps its source text, so a file can come back unchanged (clients ignore extra keys).
    units = {"translated": counts.translated, "verbatim": counts.verbatim, "failed": counts.failed}
    return JSONResponse({"translatedFileUrl": url, "units": units})


# Advice naming a command-line option (--encoding, -o): no use to an API client.
_OPTION = re.compile(r"(^|\s)--?[a-z]")


def _as_uploaded(error: EngineError, path: Path) -> EngineError:
    """``error`` as the client should read it: the file by the name it was uploaded under
    (not the server's folder, as written or as resolved), and no advice meant for the
    command line."""
    said = copy.copy(error)
    message = error.message
    for folder in {str(path.parent), str(path.parent.resolve())}:
        message = message.replace(folder + os.sep, "").replace(folder, "")
    said.message = message
    if error.path is not None:
        said.path = Path(error.path.name)
    if _OPTION.search(error.hint):
        said.hint = "Save it as UTF-8 text (or in its own program's format) and upload it again"
    return said


def _forget_unless_done(outcome: asyncio.Future[Any], folder: Path) -> None:
    if outcome.cancelled() or outcome.exception() is not None:
        shutil.rmtree(folder, ignore_errors=True)


def _sweep(files: Path, now: float | None = None) -> None:
    """Forget translated files older than KEEP_SECONDS (a long-running server's disk)."""
    cutoff = (now if now is not None else time.time()) - KEEP_SECONDS
    for folder in files.iterdir():
        with contextlib.suppress(OSError):
            if folder.stat().st_mtime < cutoff:
                shutil.rmtree(folder, ignore_errors=True)


@_guarded
async def download_file(request: Request) -> Response:
    found = _DOWNLOAD.match(str(request.path_params["filename"]))
    if found is None:
        raise HTTPException(400, "Invalid filename")
    token, name = found.groups()
    path = state(request).files_dir / token / "out" / name
    if Path(name).name != name or not path.is_file():
        raise HTTPException(404, "No such file")
    media_type = await anyio.to_thread.run_sync(_media_type, path)
    return FileResponse(path, filename=name, media_type=media_type)


def _media_type(path: Path) -> str | None:
    """A text file's type with its true charset: Starlette names every text/* file UTF-8,
    and a subtitle kept in UTF-16 (or GBK) was labelled so. None: guessed by its name."""
    guessed = mimetypes.guess_type(path.name)[0]
    if guessed is None or not guessed.startswith("text/"):
        return None
    with path.open("rb") as file:
        head = file.read(4)
        if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
            return f"{guessed}; charset=utf-32"  # (before UTF-16: their marks begin alike)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return f"{guessed}; charset=utf-16"
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            decoder.decode(head)
            while chunk := file.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "application/octet-stream"  # (a legacy encoding: no label is surer)
    return f"{guessed}; charset=utf-8"


ROUTES = [
    Route("/translate", translate, methods=["POST"]),
    Route("/detect", detect_language, methods=["POST"]),
    Route("/languages", languages, methods=["GET", "POST"]),
    Route("/frontend/settings", frontend_settings, methods=["GET"]),
    Route("/suggest", suggest, methods=["POST"]),
    Route("/translate_file", translate_file, methods=["POST"]),
    Route("/download_file/{filename:path}", download_file, methods=["GET"], name="download_file"),
]
