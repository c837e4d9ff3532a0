"""Batches: one command over a folder of documents into an output folder, here or on a Ray
cluster (``--cluster``). Ray is imported only by ``engine.cluster.ray_runner``, and only when a
command asks for a cluster; pyarrow only for object storage (``s3://…``)."""

from __future__ import annotations

from engine.cluster.jobs import Batch, Done, Item, output_name, plan, run_one
from engine.cluster.storage import Storage

__all__ = ["Batch", "Done", "Item", "Storage", "output_name", "plan", "run_one"]
