"""The model store and everything that fills it: the installed models (``local``), the
catalog, downloads, archives (import/export), exports from checkpoints, and memory fit."""
