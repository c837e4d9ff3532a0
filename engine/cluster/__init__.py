"""Batches: one command over a folder of documents into an output folder, here or on a Ray
cluster (``--cluster``). Ray is imported only by ``engine.cluster.ray_runner``, and only when a
command asks for a cluster; pyarrow only for object storage (``s3://…``).

The names below are imported when first used (PEP 562): ``engine.cluster.options``, which every
task command's parser needs, must not pull in the documents and batch machinery."""

from __future__ import annotations

from typing import TYPE_CHECKING

from engine.lazy import lazy_attributes

if TYPE_CHECKING:
    from engine.cluster.jobs import Batch, Done, Item, output_name, plan, run_one
    from engine.cluster.storage import Storage

__all__ = ["Batch", "Done", "Item", "Storage", "output_name", "plan", "run_one"]

_HOMES = {
    "Batch": "engine.cluster.jobs",
    "Done": "engine.cluster.jobs",
    "Item": "engine.cluster.jobs",
    "output_name": "engine.cluster.jobs",
    "plan": "engine.cluster.jobs",
    "run_one": "engine.cluster.jobs",
    "Storage": "engine.cluster.storage",
}


if not TYPE_CHECKING:  # mypy sees the imports above
    __getattr__ = lazy_attributes(__name__, _HOMES, globals())
