"""Render a model folder's chat template exactly as transformers' ``apply_chat_template`` does,
in Jinja's immutable sandbox: the template is untrusted input from a downloaded folder.

Same environment (``trim_blocks``, ``lstrip_blocks``, loop controls, the ``generation`` tag),
same globals (``raise_exception``, ``strftime_now``), the same ``tojson`` filter, and the same
variables (``messages``, ``add_generation_prompt``, ``tools``, ``documents`` and the special
tokens by name). The text is then tokenized without adding special tokens, as transformers does.
"""

from __future__ import annotations

import functools
import json
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import FrameType
from typing import Any

from engine.errors import InputError, ModelInvalid
from engine.runtime.jsonfile import read_optional_object
from engine.runtime.manifest import ModelFolder

# Rendered prompts larger than this are refused: a template must not be able to exhaust memory.
MAX_RENDERED_CHARS = 4_000_000
# A render's budget: a model's own template renders in milliseconds, with a few kilobytes; one
# that loops for ever or doubles a string in a loop is stopped at these, with a clear error.
RENDER_SECONDS = 5.0
RENDER_BYTES = 256 * 1024 * 1024
# The template's Python lines run between two looks at the clock (and at ``check``).
_CLOCK_EVERY = 64
# The largest exponent a template may raise a number to (``2 ** 4096`` is 1,234 digits).
_MAX_POWER = 4096
_SPECIAL_KEYS = (
    "bos_token",
    "eos_token",
    "unk_token",
    "sep_token",
    "pad_token",
    "cls_token",
    "mask_token",
)


def _token_text(value: object) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and isinstance(value.get("content"), str):
        return str(value["content"])
    return None


def _pick(value: object, path: Path) -> str | None:
    """A template string, or the one named "default" from a list of named templates."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        named = {str(t.get("name")): t.get("template") for t in value if isinstance(t, dict)}
        chosen = named.get("default")
        if isinstance(chosen, str):
            return chosen
        raise ModelInvalid("The chat templates include none called 'default'", path=path)
    raise ModelInvalid("chat_template must be a string or a list of named templates", path=path)


@dataclass(frozen=True)
class ChatTemplate:
    source: str
    path: Path  # the file it came from, for errors
    special_tokens: Mapping[str, Any]

    @classmethod
    def load(cls, folder: ModelFolder) -> ChatTemplate | None:
        """The folder's template, or None when it has none. Looked for where transformers
        looks: chat_template.jinja, chat_template.json, then tokenizer_config.json."""
        tok_config = folder.tokenizer_config
        specials: dict[str, Any] = {}
        special_map = folder.special_tokens_map
        for key in _SPECIAL_KEYS:
            text = _token_text(tok_config.get(key)) or _token_text(special_map.get(key))
            if text is not None:
                specials[key] = text
        extra = tok_config.get("additional_special_tokens") or special_map.get(
            "additional_special_tokens"
        )
        if isinstance(extra, list):
            specials["additional_special_tokens"] = [
                t for t in (_token_text(x) for x in extra) if t is not None
            ]
        jinja = folder.path / "chat_template.jinja"
        if jinja.is_file():
            try:
                return cls(jinja.read_text(encoding="utf-8"), jinja, specials)
            except (OSError, UnicodeDecodeError) as exc:
                raise ModelInvalid(
                    f"chat_template.jinja cannot be read: {exc}", path=jinja
                ) from exc
        as_json = folder.path / "chat_template.json"
        source = _pick(read_optional_object(as_json).get("chat_template"), as_json)
        if source is not None:
            return cls(source, as_json, specials)
        tok_file = folder.path / "tokenizer_config.json"
        source = _pick(tok_config.get("chat_template"), tok_file)
        return None if source is None else cls(source, tok_file, specials)

    def render(
        self,
        messages: Sequence[Mapping[str, Any]],
        *,
        add_generation_prompt: bool = True,
        tools: Sequence[Mapping[str, Any]] | None = None,
        documents: Sequence[Mapping[str, Any]] | None = None,
        check: Callable[[], None] | None = None,
        **variables: Any,
    ) -> str:
        """The conversation as the model's prompt text. ``tools``: the functions the model
        may call, as JSON schemas; ``documents``: passages for retrieval-augmented templates
        (``title`` and ``text``); both reach the template as transformers passes them.
        ``check`` is called while the template runs (a job's cancel check).
        Raises ``ModelInvalid`` when the template breaks the sandbox's rules, fails, or runs
        past its budget (``RENDER_SECONDS``, ``RENDER_BYTES``), ``InputError`` when it rejects
        the conversation through ``raise_exception`` or a tool or document is not a JSON
        object."""
        import jinja2
        from jinja2.exceptions import SecurityError

        for kind, items in (("tool", tools), ("document", documents)):
            if items is not None and not all(isinstance(i, Mapping) for i in items):
                raise InputError(f"Every {kind} must be a JSON object")
        template = self.compile()
        context = {**self.special_tokens, **variables}
        try:
            text = _budgeted(
                lambda: template.render(
                    messages=[dict(m) for m in messages],
                    tools=None if tools is None else [dict(t) for t in tools],
                    documents=None if documents is None else [dict(d) for d in documents],
                    add_generation_prompt=add_generation_prompt,
                    **context,
                ),
                check,
            )
        except _OverBudget as exc:
            raise ModelInvalid(
                f"The chat template {exc}: Quire stopped it",
                path=self.path,
                hint="The model folder may be damaged; download it again from its source",
            ) from None
        except _Refused as exc:
            raise InputError(
                f"The model's chat template refuses this conversation: {exc}", path=self.path
            ) from None
        except SecurityError as exc:
            raise ModelInvalid(
                f"The chat template tried something the sandbox forbids ({exc})",
                path=self.path,
                hint="The model folder may be tampered with; download it again from its source",
            ) from None
        except (jinja2.TemplateError, TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ModelInvalid(f"The chat template fails: {exc}", path=self.path) from None
        except (RecursionError, MemoryError, OverflowError) as exc:
            raise ModelInvalid(
                f"The chat template cannot be rendered safely ({type(exc).__name__})",
                path=self.path,
            ) from None
        text = str(text)
        if len(text) > MAX_RENDERED_CHARS:
            raise ModelInvalid("The chat template renders an absurdly long prompt", path=self.path)
        return text

    def compile(self) -> Any:
        """The compiled template (cached by its text); ``ModelInvalid`` naming its file when
        it does not compile."""
        import jinja2

        try:
            return _compiled(self.source)
        except jinja2.TemplateSyntaxError as exc:
            raise ModelInvalid(
                f"The chat template is not valid Jinja (line {exc.lineno}: {exc.message})",
                path=self.path,
            ) from None
        except Exception as exc:  # nested past the parser's recursion, or anything else
            raise ModelInvalid(
                f"The chat template cannot be compiled ({type(exc).__name__}: {exc})",
                path=self.path,
            ) from None


@functools.lru_cache(maxsize=16)
def _compiled(source: str) -> Any:
    """``source`` compiled in the sandbox, once per template (1.6 ms each: a task renders its
    prompts many times while it measures them)."""
    import jinja2
    import jinja2.ext
    from jinja2.exceptions import SecurityError
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    class GenerationTag(jinja2.ext.Extension):
        """transformers' ``{% generation %}`` tag, which marks assistant text; rendering
        is unchanged by it."""

        tags = {"generation"}  # noqa: RUF012 (jinja's own class attribute)

        def parse(self, parser: Any) -> Any:
            lineno = next(parser.stream).lineno
            body = parser.parse_statements(("name:endgeneration",), drop_needle=True)
            call = self.call_method("_support")
            return jinja2.nodes.CallBlock(call, [], [], body).set_lineno(lineno)

        def _support(self, caller: Any) -> str:
            return str(caller())

    def raise_exception(message: object) -> None:
        raise _Refused(str(message))

    def tojson(
        x: object,
        ensure_ascii: bool = False,
        indent: int | None = None,
        separators: tuple[str, str] | None = None,
        sort_keys: bool = False,
    ) -> str:
        # transformers' own tojson: no HTML escaping, with indent/separators options.
        return json.dumps(
            x,
            ensure_ascii=ensure_ascii,
            indent=indent,
            separators=separators,
            sort_keys=sort_keys,
        )

    def strftime_now(format: str) -> str:
        return datetime.now().strftime(format)

    class Sandbox(ImmutableSandboxedEnvironment):
        """Jinja's immutable sandbox, with repetition and powers checked before they run:
        ``'x' * 10**9`` is one allocation the render's memory budget would see too late, and
        intercepted operators are not folded at compile time either (where nothing runs
        within a budget)."""

        intercepted_binops = frozenset({"*", "**"})

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            if operator == "*":
                for seq, times in ((left, right), (right, left)):
                    sized = isinstance(seq, (str, list, tuple)) and isinstance(times, int)
                    if sized and len(seq) * times > MAX_RENDERED_CHARS:
                        raise SecurityError("a repetition too large for a prompt")
            elif operator == "**" and isinstance(right, int) and abs(right) > _MAX_POWER:
                raise SecurityError("a power too large for a prompt")
            return super().call_binop(context, operator, left, right)

    env = Sandbox(
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=[GenerationTag, jinja2.ext.loopcontrols],
    )
    env.filters["tojson"] = tojson
    env.globals["raise_exception"] = raise_exception
    env.globals["strftime_now"] = strftime_now
    return env.from_string(source)


class _Refused(Exception):
    """A template's own raise_exception (a conversation it does not accept)."""


class _OverBudget(BaseException):
    """A render past its budget; a BaseException, so that no ``except Exception`` in the
    template's runtime (Jinja's ``is sequence`` test has one) can swallow it."""


class _Stopped(BaseException):
    """``check`` stopped the render (a job's cancel): carries what it raised, through any
    ``except Exception`` of the template's runtime, to be raised again outside it."""

    def __init__(self, cause: BaseException) -> None:
        super().__init__(str(cause))
        self.cause = cause


def _budgeted(render: Callable[[], str], check: Callable[[], None] | None) -> str:
    """``render()`` with a trace function on this thread that stops it past ``RENDER_SECONDS``
    or ``RENDER_BYTES`` of new Python allocations (``tracemalloc``, on for the render when it
    is not already), and calls ``check`` as the clock is read. The trace function sees each
    line the compiled template runs; it is taken off again whatever happens."""
    import tracemalloc

    started_tracing = not tracemalloc.is_tracing()
    if started_tracing:
        tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    deadline = time.monotonic() + RENDER_SECONDS
    lines = 0

    def trace(frame: FrameType, event: str, arg: object) -> Any:
        nonlocal lines
        if event == "line":
            lines += 1
            if tracemalloc.get_traced_memory()[0] - base > RENDER_BYTES:
                raise _OverBudget(f"needs more than {RENDER_BYTES // 2**20} MB of memory")
            if lines % _CLOCK_EVERY == 0:
                if time.monotonic() > deadline:
                    raise _OverBudget(f"runs for more than {RENDER_SECONDS:g} s")
                if check is not None:
                    try:
                        check()
                    except BaseException as exc:
                        raise _Stopped(exc) from exc
        return trace

    previous = sys.gettrace()
    sys.settrace(trace)
    try:
        return render()
    except _Stopped as stopped:
        raise stopped.cause from None
    finally:
        sys.settrace(previous)
        if started_tracing:
            tracemalloc.stop()


def user_message(text: str, system: str | None = None) -> list[dict[str, str]]:
    messages = [{"role": "system", "content": system}] if system else []
    messages.append({"role": "user", "content": text})
    return messages
