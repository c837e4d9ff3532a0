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
import re
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
# The largest exponent a template may raise a number to (``2 ** 4096`` is 1,234 digits), and
# the largest result in bits (``(3 ** 4096) ** 4096`` took 50 s in one multiplication).
_MAX_POWER = 4096
_MAX_POWER_BITS = 65536
# The largest template compiled: a model's own is a few kilobytes (the longest, with tools,
# about 20 KB); compiling runs outside the render's budget (6 MB took 39 s and 3 GB).
MAX_TEMPLATE_CHARS = 256 * 1024
# One call may not write more than this: a width, an indent or a tab size times the lines or
# tabs it applies to (``'a\nb'|indent(3000000000)`` is 8.8 GB in one call, before the next
# line's look at memory).
_MAX_WRITTEN = MAX_RENDERED_CHARS
_MAX_JSON_INDENT = 64
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
                f"The model's chat template refuses this conversation: {exc}",
                path=self.path,
                message_id="instruct.template_refuses",
                params={"reason": str(exc)},
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
        it does not compile, or is too large to be a chat template."""
        import jinja2

        if len(self.source) > MAX_TEMPLATE_CHARS:
            raise ModelInvalid(
                f"The chat template is {len(self.source) // 1024:,} KB, where a model's is a "
                "few: Quire does not compile one this large",
                path=self.path,
                hint="The model folder may be tampered with; download it again from its source",
            )
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
        # transformers' own tojson: no HTML escaping, with indent/separators options (an
        # indent is written on every line, at every depth: a templates' is 2 or 4).
        if isinstance(indent, int) and indent > _MAX_JSON_INDENT:
            raise SecurityError("a JSON indent too wide for a prompt")
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
        """Jinja's immutable sandbox, with what one call could make too large checked before
        it runs (the render's budget looks at memory between lines, too late for one
        allocation of gigabytes): repetitions, powers, padding and indenting widths, format
        fields. Nothing is folded at compile time (``optimized=False``): compiling runs
        outside the budget."""

        intercepted_binops = frozenset({"*", "**", "%"})

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            # A number made huge some other way (the int filter over a long hex string): one
            # multiplication of two such took minutes, in one step no time check reaches.
            if _huge(left) or _huge(right):
                raise SecurityError("a number too large for a prompt")
            if operator == "*":
                for seq, times in ((left, right), (right, left)):
                    sized = isinstance(seq, (str, list, tuple)) and isinstance(times, int)
                    if sized and len(seq) * times > MAX_RENDERED_CHARS:
                        raise SecurityError("a repetition too large for a prompt")
            elif operator == "**" and _too_powerful(left, right):
                raise SecurityError("a power too large for a prompt")
            elif operator == "%" and isinstance(left, str):
                values = right if isinstance(right, tuple) else (right,)
                if not _fits(left, values):
                    raise SecurityError("a format field too wide for a prompt")
            return super().call_binop(context, operator, left, right)

        def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
            if not _call_fits(__obj, args, kwargs):
                raise SecurityError("a width too large for a prompt")
            return super().call(__context, __obj, *args, **kwargs)

        def wrap_str_format(self, value: Any) -> Any:
            owner = getattr(value, "__self__", None)
            named = getattr(value, "__name__", "") in ("format", "format_map")
            if named and isinstance(owner, str) and not _fits(owner, ()):
                raise SecurityError("a format field too wide for a prompt")
            return super().wrap_str_format(value)

    env = Sandbox(
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=[GenerationTag, jinja2.ext.loopcontrols],
        optimized=False,
    )
    env.filters["tojson"] = tojson
    for name in ("indent", "center", "format", "replace", "join"):
        env.filters[name] = _width_checked(name, env.filters[name], SecurityError)
    env.globals["raise_exception"] = raise_exception
    env.globals["strftime_now"] = strftime_now
    return env.from_string(source)


def _huge(value: object) -> bool:
    """A whole number larger than any a prompt needs (more bits than a power may make)."""
    return isinstance(value, int) and value.bit_length() > _MAX_POWER_BITS


def _too_powerful(left: object, right: object) -> bool:
    """Whether ``left ** right`` would be too large a number to make."""
    if not isinstance(right, int):
        return False
    if abs(right) > _MAX_POWER:
        return True
    return isinstance(left, int) and left.bit_length() * abs(right) > _MAX_POWER_BITS


# A %-field's or a {}-field's width and precision, as written (or * / {name}: from the values).
_PERCENT_FIELD = re.compile(r"%(?:\([^)]*\))?[-+ #0]*(\*|\d+)?(?:\.(\*|\d+))?")
_BRACE_FIELD = re.compile(r"\{[^{}]*:([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}")


def _fits(template: str, values: Sequence[object]) -> bool:
    """Whether formatting ``values`` with ``template`` (%-style or {}-style) writes no more
    than ``_MAX_WRITTEN`` characters of padding: its fields' widths and precisions summed,
    and any whole number among the values (a * width, a nested {width})."""
    total = 0
    for match in _PERCENT_FIELD.finditer(template):
        for number in match.groups():
            if number and number != "*":
                total += int(number) if len(number) < 10 else _MAX_WRITTEN + 1
    for match in _BRACE_FIELD.finditer(template):
        for number in re.findall(r"\d+", match.group(1)):
            total += int(number) if len(number) < 10 else _MAX_WRITTEN + 1
    if total > _MAX_WRITTEN:
        return False
    items = values.values() if isinstance(values, Mapping) else values
    return not any(_huge_int(v) for v in items)


def _huge_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and abs(value) > _MAX_WRITTEN


# str methods that pad to a width, and how much they write.
_PADDING = frozenset(["center", "ljust", "rjust", "zfill"])


def _call_fits(method: object, args: tuple[Any, ...], kwargs: dict[str, Any]) -> bool:
    """Whether a call from the template writes no more than ``_MAX_WRITTEN`` characters of
    padding: a str method's width or tab size, a format method's (or its wrapper's) fields
    and values."""
    owner = getattr(method, "__self__", None)
    name = getattr(method, "__name__", "")
    wrapped = getattr(method, "__wrapped__", None)  # (the sandbox's str.format)
    if owner is None and wrapped is not None:
        owner, name = getattr(wrapped, "__self__", None), getattr(wrapped, "__name__", "")
    if not isinstance(owner, str):
        return True
    if name in _PADDING:
        width = args[0] if args else kwargs.get("width", 0)
        return not _huge_int(width)
    if name == "expandtabs":
        size = args[0] if args else kwargs.get("tabsize", 8)
        return not isinstance(size, int) or size * owner.count("\t") <= _MAX_WRITTEN
    if name == "replace" and len(args) >= 2:
        return _replaced_fits(owner, args[0], args[1])
    if name == "join" and args:
        return _joined_fits(owner, args[0])
    if name in ("format", "format_map"):
        values = [*args, *kwargs.values()]
        if name == "format_map" and args and isinstance(args[0], Mapping):
            values = list(args[0].values())
        return _fits(owner, values)
    return True


def _replaced_fits(text: str, old: object, new: object) -> bool:
    """Whether ``text.replace(old, new)`` stays within ``_MAX_WRITTEN`` characters."""
    if not isinstance(old, str) or not isinstance(new, str) or len(new) <= len(old):
        return True
    times = text.count(old) if old else len(text) + 1
    return len(text) + times * (len(new) - len(old)) <= _MAX_WRITTEN


def _joined_fits(separator: object, items: object) -> bool:
    """Whether joining ``items`` with ``separator`` stays within ``_MAX_WRITTEN`` characters
    (a list repeated holds the same long string many times)."""
    if not isinstance(items, (list, tuple)):
        return True
    gap = len(separator) if isinstance(separator, str) else 0
    total = gap * max(0, len(items) - 1)
    for item in items:
        total += len(item) if isinstance(item, str) else 0
        if total > _MAX_WRITTEN:
            return False
    return True


def _filter_fits(name: str, value: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> bool:
    """Whether Jinja's filter ``name`` writes no more than ``_MAX_WRITTEN`` characters."""
    if name == "format":
        return not isinstance(value, str) or _fits(value, [*args, *kwargs.values()])
    if name == "replace":
        old, new = [*args, kwargs.get("old"), kwargs.get("new")][:2]
        return _replaced_fits(str(value), old, new)
    if name == "join":
        return _joined_fits(args[0] if args else kwargs.get("d", ""), value)
    width = args[0] if args else kwargs.get("width", 4 if name == "indent" else 80)
    width = len(width) if isinstance(width, str) else width
    times = str(value).count("\n") + 1 if name == "indent" else 1
    return not isinstance(width, int) or abs(width) * times <= _MAX_WRITTEN


def _width_checked(name: str, function: Any, refused: type[Exception]) -> Any:
    """Jinja's filter ``name`` (indent, center, format, replace, join), refusing a call that
    would write more than ``_MAX_WRITTEN`` characters before it runs."""

    # (join and replace take Jinja's evaluation context first: the value comes after it)
    lead = 0 if getattr(function, "jinja_pass_arg", None) is None else 1

    @functools.wraps(function)
    def checked(*given: Any, **kwargs: Any) -> Any:
        value, args = given[lead] if len(given) > lead else None, given[lead + 1 :]
        if not _filter_fits(name, value, args, kwargs):
            raise refused(f"the {name} filter would write too much for a prompt")
        return function(*given, **kwargs)

    return checked


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
