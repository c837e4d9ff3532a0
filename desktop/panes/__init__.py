"""The four task panes, in the order of the sidebar (Ctrl+1 … Ctrl+4)."""

from __future__ import annotations

from desktop.panes.ask import AskPane
from desktop.panes.base import Pane
from desktop.panes.classify import ClassifyPane
from desktop.panes.summarize import SummarizePane
from desktop.panes.translate import TranslatePane

PANES: tuple[type[Pane], ...] = (TranslatePane, SummarizePane, AskPane, ClassifyPane)

__all__ = ["PANES", "AskPane", "ClassifyPane", "Pane", "SummarizePane", "TranslatePane"]
