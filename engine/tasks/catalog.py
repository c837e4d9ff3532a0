"""Search the bundled catalog, with each entry's memory fit here and installed state. Reads no
network."""

from __future__ import annotations

from engine.api import CatalogHit, CatalogRequest, CatalogResult
from engine.runtime.manifest import Variant
from engine.store.catalog import VARIANTS, search
from engine.store.fit import CacheShape, Fit, default_variant, device_for, fit_for
from engine.tasks.context import TaskContext


def run(ctx: TaskContext, request: CatalogRequest) -> CatalogResult:
    engine = ctx.engine
    plan = list(request.devices) or engine.plan()
    hits = []
    partial = {d.name: d for d in engine.store.partial_downloads()}
    for entry in search(request.text, request.task, engine.options.catalog):
        have = tuple(v for v in VARIANTS if v in entry.variants)
        cache = CacheShape.from_config(entry.kv_cache) if entry.kv_cache else None
        fits: dict[Variant, Fit] = {
            v: fit_for(entry.weights_size(v), v, device_for(v, plan), cache=cache) for v in have
        }
        installed = engine.store.has(entry.name)
        kept = None if installed else partial.get(entry.name)
        if kept is not None and kept.repo not in ("", entry.repo):
            kept = None  # another repo's files under this name: not this entry's to resume
        variant = default_variant(have, plan)
        if kept is not None and kept.variant in have:
            variant = kept.variant  # (a download resumes it: the variant to offer first)
        hits.append(CatalogHit(entry, installed, variant, fits, kept.size_bytes if kept else 0))
    return CatalogResult(tuple(hits))
