"""Quire's desktop app (PySide6): four task panes over the engine's public surface, one job
runner that owns the engine on a worker thread, and one error presenter."""
