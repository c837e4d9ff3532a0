"""Typed requests in, results out, events while working: the vocabulary of ``Engine.run``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, TypeAlias

import numpy as np
from numpy.typing import NDArray

from engine.runtime.backend import Fallback

Length = Literal["short", "medium", "long"]


# --- requests -----------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class TranslateRequest:
    text: str
    model: str | None = None  # installed name or folder path; None = best installed fit
    source: str | None = None  # ISO 639-1; None = detect
    target: str | None = None
    glossary: Path | None = None
    # Other translations wanted besides the best (LibreTranslate's ``alternatives``): given for
    # a text of one sentence that one translation model translates (beam search's next-best
    # hypotheses), else none.
    alternatives: int = 0


@dataclass(frozen=True, kw_only=True)
class SummarizeRequest:
    text: str
    model: str | None = None
    length: Length = "medium"
    language: str | None = None  # instruction models: the summary's language (None = the text's)


@dataclass(frozen=True, kw_only=True)
class AskRequest:
    question: str
    context: str
    model: str | None = None
    top_k: int = 1
    max_answer_len: int = 15  # tokens, as transformers' question-answering pipeline
    allow_no_answer: bool = False  # SQuAD2-style models: the empty answer competes


@dataclass(frozen=True, kw_only=True)
class ClassifyRequest:
    texts: tuple[str, ...]
    model: str | None = None
    labels: tuple[str, ...] = ()  # non-empty = zero-shot
    multi_label: bool = False
    explain: bool = False
    hypothesis_template: str = "This example is {}."


@dataclass(frozen=True, kw_only=True)
class EmbedRequest:
    texts: tuple[str, ...]
    model: str | None = None


@dataclass(frozen=True)
class ChatTurn:
    """One message of a conversation: ``role`` is system, user or assistant."""

    role: str
    content: str


@dataclass(frozen=True, kw_only=True)
class GenerateRequest:
    """Continue ``prompt`` with a decoder-only model (or answer it, with ``chat``); or, with
    ``messages``, answer a whole conversation rendered through the model's chat template
    (``prompt``, ``chat`` and ``system`` are then unused)."""

    prompt: str = ""
    messages: tuple[ChatTurn, ...] = ()
    model: str | None = None
    chat: bool = False  # wrap the prompt as one user message through the chat template
    system: str | None = None  # with chat: a system message first
    max_new_tokens: int | None = None  # None: generation_config.json's, else 256
    temperature: float | None = None  # None or 0: greedy; above 0: sampling
    top_k: int | None = None  # None: generation_config.json's (sampling only)
    top_p: float | None = None
    min_p: float | None = None
    repetition_penalty: float | None = None
    seed: int | None = None
    stop: tuple[str, ...] = ()  # stop strings, besides the model's EOS tokens


Request: TypeAlias = (
    TranslateRequest
    | SummarizeRequest
    | AskRequest
    | ClassifyRequest
    | EmbedRequest
    | GenerateRequest
)


# --- events -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ModelLoading:
    model: str


@dataclass(frozen=True)
class ModelLoaded:
    model: ModelUsed
    seconds: float


@dataclass(frozen=True)
class Progress:
    stage: str  # "translating", "summarizing", ...
    done: int
    total: int
    eta_seconds: float | None = None  # estimated time left, when the stage can tell


@dataclass(frozen=True)
class PartialText:
    """The output so far (whole text, not a delta), for streaming display."""

    text: str


Event: TypeAlias = ModelLoading | ModelLoaded | Progress | PartialText


# --- results ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ModelUsed:
    name: str
    path: Path
    backend: str
    variant: str
    device: str
    fallbacks: tuple[Fallback, ...] = ()


@dataclass(frozen=True)
class TranslatedSegment:
    source: str
    text: str
    paragraph: int
    suspect: bool = False  # degenerate repetition: flagged, never altered


@dataclass(frozen=True)
class TranslateResult:
    text: str
    model: ModelUsed
    source_language: str
    target_language: str
    detected_confidence: float | None  # set when the source language was detected
    segments: tuple[TranslatedSegment, ...] = ()
    missing_terms: tuple[str, ...] = ()
    applied_terms: tuple[str, ...] = ()  # glossary terms found in the text and put back
    pivot: str | None = None  # e.g. "en" when two models were chained
    models: tuple[ModelUsed, ...] = ()  # every model used, in order (two with a pivot)
    generated_tokens: int = 0  # tokens the decoder produced (for tokens/s)
    alternatives: tuple[str, ...] = ()  # see TranslateRequest.alternatives; best first


@dataclass(frozen=True)
class SummarySentence:
    text: str
    paragraphs: tuple[int, ...]  # source paragraphs it came from


@dataclass(frozen=True)
class SummarizeResult:
    text: str
    model: ModelUsed
    sentences: tuple[SummarySentence, ...]
    extractive: bool = False
    rounds: int = 1  # generation rounds: 1 = the text fit one window; more = hierarchical
    generated_tokens: int = 0  # tokens the decoder produced (for tokens/s)


@dataclass(frozen=True)
class Answer:
    text: str
    score: float
    start: int  # character offsets into the context
    end: int


@dataclass(frozen=True)
class Citation:
    """A passage an answer cites as ``[number]``, by its place in the context."""

    number: int
    start: int  # character offsets into the context
    end: int
    text: str


@dataclass(frozen=True)
class AskResult:
    answers: tuple[Answer, ...]
    model: ModelUsed
    passages: bool = False  # answers are whole passages ranked by an embedding model
    retriever: ModelUsed | None = None  # the embedding model that narrowed a long context
    # An instruction model wrote the answer from retrieved passages, citing them as [n];
    # no answer then means the passages do not hold one ("not in the document").
    generated: bool = False
    citations: tuple[Citation, ...] = ()


@dataclass(frozen=True)
class LabelScore:
    label: str
    score: float


@dataclass(frozen=True)
class Attribution:
    start: int
    end: int
    weight: float


@dataclass(frozen=True)
class Classification:
    text: str
    labels: tuple[LabelScore, ...]  # best first
    attributions: tuple[Attribution, ...] = ()
    truncated: bool = False  # the text was longer than the model window; its tail was not read


@dataclass(frozen=True)
class ClassifyResult:
    items: tuple[Classification, ...]
    model: ModelUsed
    multi_label: bool = False  # scores are independent per label (they need not sum to 1)
    labels: tuple[str, ...] = ()  # every label, in the model's (or the request's) order


@dataclass(frozen=True)
class EmbedResult:
    embeddings: NDArray[np.float32] = field(repr=False)
    model: ModelUsed


@dataclass(frozen=True)
class GenerateResult:
    text: str  # the completion only, special tokens removed
    token_ids: tuple[int, ...]  # the generated ids only (EOS included when it ended the text)
    model: ModelUsed
    prompt_tokens: int
    stopped: str  # "eos" | "stop_string" | "length"
    seconds: float  # prompt processing and generation
    first_token_seconds: float  # time to the first new token
    tokens_per_second: float  # new tokens after the first, per second of decoding


Result: TypeAlias = (
    TranslateResult | SummarizeResult | AskResult | ClassifyResult | EmbedResult | GenerateResult
)
