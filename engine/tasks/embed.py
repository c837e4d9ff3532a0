"""Embed: one vector per text, with the pooling the model folder declares."""

from __future__ import annotations

import time

import numpy as np

from engine.api import EmbedRequest, EmbedResult, Progress
from engine.errors import InputError, ModelNotFound
from engine.runtime.manifest import ModelFolder, Pooling
from engine.runtime.pooling import pool
from engine.tasks.context import Loaded, Paced, TaskContext

BATCH = 32
_clock = time.monotonic  # (a test's clock in its place)


def is_embedder(folder: ModelFolder) -> bool:
    return folder.pooling is not None


def pick(ctx: TaskContext, name: str | None) -> ModelFolder:
    if name:
        return ctx.resolve(name)
    for folder in ctx.installed():
        if is_embedder(folder):
            return folder
    raise ModelNotFound(
        "No sentence-embedding model is installed",
        hint="Import one, e.g. all-MiniLM-L6-v2 exported with `quire models export`",
    )


def embed_texts(ctx: TaskContext, loaded: Loaded, texts: list[str], stage: str) -> np.ndarray:
    """Vectors for ``texts``, batched by length so padding stays small. The time left goes
    by the characters left, not the texts: the shortest come first, so the texts' pace said
    "about 5 s left" for 22 s of a 110-page document's passages."""
    assert loaded.encoder is not None
    pooling = loaded.folder.pooling or Pooling(mode="mean", normalize=False)
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    out: list[np.ndarray] = [np.empty(0, dtype=np.float32)] * len(texts)
    sizes = [len(text) + 1 for text in texts]
    total, done, started = sum(sizes), 0, _clock()
    for start in range(0, len(order), BATCH):
        ctx.check()
        rows = order[start : start + BATCH]
        batch = loaded.tokenizer.encode_batch([texts[i] for i in rows])
        hidden = loaded.encoder.run(batch.inputs())
        if "last_hidden_state" not in hidden:
            raise InputError(
                f"{loaded.folder.name} is not a feature-extraction model",
                path=loaded.folder.path,
                message_id="embed.not_embedding",
                params={"model": loaded.folder.name},
            )
        vectors = pool(hidden["last_hidden_state"], batch.attention_mask, pooling)
        for i, row in enumerate(rows):
            out[row] = vectors[i]
        done += sum(sizes[row] for row in rows)
        elapsed = _clock() - started
        end = min(start + BATCH, len(texts))
        settled = elapsed >= Paced.SETTLE_SECONDS and end < len(texts)
        eta = elapsed / done * (total - done) if settled else None
        ctx.report(Progress(stage, end, len(texts), eta))
    return np.stack(out) if out else np.zeros((0, 0), dtype=np.float32)


def run(ctx: TaskContext, request: EmbedRequest) -> EmbedResult:
    if not request.texts:
        raise InputError("There is no text to embed")
    folder = pick(ctx, request.model)
    if folder.is_causal or folder.is_generative:
        raise InputError(
            f"{folder.name} writes text; it is not an embedding model",
            path=folder.path,
            hint="Choose a sentence-embedding model, e.g. all-MiniLM-L6-v2",
            message_id="embed.not_embedding",
            params={"model": folder.name},
        )
    loaded = ctx.models.get(folder, "encoder", ctx.report)
    vectors = embed_texts(ctx, loaded, list(request.texts), "embedding")
    return EmbedResult(embeddings=vectors.astype(np.float32), model=loaded.used)
