"""Generate text with a decoder-only model: the prompt as it is, or (``chat``) as one user
message through the model's chat template; streamed as ``PartialText`` events."""

from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from engine.api import ChatTurn, GenerateRequest, GenerateResult, Note, PartialText
from engine.errors import EngineError, InputError, ModelNotFound
from engine.runtime.chat import ChatTemplate, user_message
from engine.runtime.manifest import ModelFolder
from engine.tasks.context import Loaded, TaskContext

if TYPE_CHECKING:
    # The generation loop loads with the first generation (capabilities() imports this
    # module to tell generators apart, on every command's path).
    from engine.runtime.generate_causal import Generated

DEFAULT_MAX_NEW_TOKENS = 256


def valid_temperature(temperature: float) -> bool:
    """0 (greedy) or more, and a number: nan compares false, inf would sample uniformly.
    The one rule of the engine, the command line and the local API."""
    return 0 <= temperature < math.inf


def is_generator(folder: ModelFolder) -> bool:
    """A decoder-only language model with ONNX files (the causal runtime runs ONNX only)."""
    return folder.is_causal and bool(folder.onnx)


def is_instruct(folder: ModelFolder) -> bool:
    """An instruction (chat) model: a decoder-only model whose folder has a chat template."""
    if not is_generator(folder):
        return False
    try:
        _template(folder)  # one that is not valid Jinja cannot serve as an instruction model
    except EngineError:  # none, or an unreadable or invalid one: not usable as one
        return False
    return True


def choose(ctx: TaskContext, name: str | None, *, instruct: bool) -> ModelFolder:
    if name is not None:
        folder = ctx.resolve(name)
        if not is_generator(folder):
            raise InputError(
                f"{folder.name} is not a decoder-only language model with ONNX files",
                path=folder.path,
                hint="Choose a model such as Qwen2.5-0.5B-Instruct (`quire models search chat`)",
            )
        return folder
    wanted = is_instruct if instruct else is_generator
    for folder in ctx.installed():
        if wanted(folder):
            return folder
    raise ModelNotFound(
        "No decoder-only language model is installed",
        hint="Download one, e.g. `quire models download qwen2.5-0.5b-instruct`",
    )


def _template(folder: ModelFolder) -> ChatTemplate:
    """``folder``'s chat template, compiled: checked before the model loads (seconds), so a
    model without one, or with one that is not valid Jinja, says so at once."""
    template = ChatTemplate.load(folder)
    if template is None:
        raise InputError(
            f"{folder.name} has no chat template: it is not an instruction model",
            path=folder.path,
            hint="Leave out --chat, or choose an instruction-tuned model",
            message_id="instruct.no_template",
            params={"name": folder.name},
        )
    template.compile()
    return template


def conversation_prompt(
    template: ChatTemplate, messages: tuple[ChatTurn, ...], check: Callable[[], None] | None = None
) -> str:
    """A whole conversation rendered by the model's template with the assistant's turn
    opened; ``check``: a job's cancel check, called while the template runs."""
    turns = [{"role": m.role, "content": m.content} for m in messages]
    return template.render(turns, add_generation_prompt=True, check=check)


def chat_prompt(
    template: ChatTemplate,
    text: str,
    system: str | None = None,
    check: Callable[[], None] | None = None,
) -> str:
    """``text`` as one user message (after an optional system message), rendered by the
    model's template with the assistant's turn opened."""
    try:
        return template.render(user_message(text, system), add_generation_prompt=True, check=check)
    except InputError:
        if system is None:
            raise
        # Some templates (Gemma's) refuse a system role: put the instructions first instead.
        return template.render(
            user_message(f"{system}\n\n{text}"), add_generation_prompt=True, check=check
        )


def complete(
    ctx: TaskContext,
    loaded: Loaded,
    prompt: str,
    *,
    templated: bool,
    stream: bool = True,
    **settings: object,
) -> tuple[Generated, float, float]:
    """Generate a continuation of ``prompt`` (already rendered through the chat template when
    ``templated``). Returns what was generated, the seconds to the first token and in all."""
    from engine.runtime.generate_causal import generate, settings_from

    assert loaded.causal is not None
    tokenizer = loaded.tokenizer
    batch = tokenizer.encode_batch([prompt], add_special_tokens=not templated, max_length=10**9)
    length = int(batch.input_ids.shape[1])
    if length == 0:
        if templated:  # the user's text was not empty (``run`` checks): the template dropped it
            raise InputError(
                f"The chat template of {loaded.folder.name} made an empty prompt",
                path=loaded.folder.path,
                hint="Use the model without --chat, or fix its chat template",
            )
        raise InputError("The prompt is empty")
    limit = loaded.causal.max_positions
    if limit is not None and length >= limit:
        raise InputError(
            f"The prompt is {length} tokens long; {loaded.folder.name} reads at most {limit}, "
            "new tokens included",
            hint="Shorten the text",
            message_id="instruct.prompt_too_long",
            params={"length": length, "window": limit},
        )
    config = settings_from(loaded.folder.generation, **settings)
    capped = False
    if limit is not None and config.max_new_tokens > limit - length:
        # Stop where the model's positions end (stopped: "length"), not with an error there.
        config = dataclasses.replace(config, max_new_tokens=limit - length)
        capped = True
    started = time.perf_counter()
    first: list[float] = []

    def on_token(tokens: list[int]) -> None:
        if not first:
            first.append(time.perf_counter() - started)
        if stream:
            ctx.report(PartialText(tokenizer.decode_growing(tokens)))

    out = generate(
        loaded.causal,
        batch.input_ids,
        batch.attention_mask,
        config,
        decode=lambda ids: tokenizer.decode(ids, skip_special_tokens=False),
        on_token=on_token,
        check=ctx.check,
    )
    total = time.perf_counter() - started
    if capped and out.stopped[0] == "length":
        ctx.report(  # (not the length asked for, nor the model's default: say why)
            Note(
                f"Stopped after {config.max_new_tokens} new tokens: {loaded.folder.name} reads "
                f"at most {limit} tokens, and the prompt took {length}"
            )
        )
    return out, (first[0] if first else total), total


def run(ctx: TaskContext, request: GenerateRequest) -> GenerateResult:
    templated = request.chat or bool(request.messages)
    if request.messages:
        if not any(m.content.strip() for m in request.messages):
            raise InputError("The conversation is empty", hint="Give at least one message")
    elif not request.prompt.strip():
        raise InputError("There is no text to continue", hint="Give a prompt")
    if request.temperature is not None and not valid_temperature(request.temperature):
        raise InputError(f"temperature must be 0 (greedy) or more, not {request.temperature}")
    folder = choose(ctx, request.model, instruct=templated)
    template = _template(folder) if templated else None
    loaded = ctx.models.get(folder, "causal", ctx.report)
    if template is None:
        prompt = request.prompt
    elif request.messages:
        prompt = conversation_prompt(template, request.messages, ctx.check)
    else:
        prompt = chat_prompt(template, request.prompt, request.system, ctx.check)
    sampling = request.temperature is not None and request.temperature > 0
    max_new = request.max_new_tokens
    if max_new is None and not folder.generation.get("max_new_tokens"):
        max_new = DEFAULT_MAX_NEW_TOKENS
    out, first, total = complete(
        ctx,
        loaded,
        prompt,
        templated=templated,
        max_new_tokens=max_new,
        do_sample=sampling,
        temperature=request.temperature if sampling else None,
        top_k=request.top_k,
        top_p=request.top_p,
        min_p=request.min_p,
        repetition_penalty=request.repetition_penalty,
        seed=request.seed,
        stop_strings=tuple(request.stop) or None,
    )
    tokens = out.tokens[0]
    decoding = total - first
    rate = (len(tokens) - 1) / decoding if len(tokens) > 1 and decoding > 0 else 0.0
    return GenerateResult(
        text=loaded.tokenizer.decode(np.asarray(tokens, dtype=np.int64)),
        token_ids=tuple(tokens),
        model=loaded.used,
        prompt_tokens=out.prompt_tokens,
        stopped=out.stopped[0],
        seconds=total,
        first_token_seconds=first,
        tokens_per_second=rate,
    )
