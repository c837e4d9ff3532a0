"""Limits of document work, apart from the readers so that a command line can name them in its
help without importing every reader."""

from __future__ import annotations

# The largest input file read (a user may raise it: ``--max-bytes``).
MAX_DOCUMENT_BYTES = 200 * 1024 * 1024
# Units per engine call: enough for the model to batch, few enough for steady progress.
BATCH_UNITS = 16
