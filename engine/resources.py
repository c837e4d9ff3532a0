"""Where Quire's read-only resources (catalog, icons, translations) are: beside the packages in
a source checkout or an editable install, or inside the bundle of a frozen (PyInstaller) app."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_root() -> Path:
    """The ``resources`` folder: ``sys._MEIPASS/resources`` when frozen, else the checkout's."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle is not None:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    """A file under the resources folder (it may not exist; callers say what is missing)."""
    return resources_root().joinpath(*parts)


__all__ = ["resource_path", "resources_root"]
