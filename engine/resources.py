"""Where Quire's read-only resources (catalog, icons, translations) are: beside the packages in
a source checkout or an editable install, in the ``quire_resources`` package of an installed
wheel (see setup.py), or inside the bundle of a frozen (PyInstaller) app."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path


def resources_root() -> Path:
    """The ``resources`` folder: ``sys._MEIPASS/resources`` when frozen, the checkout's in a
    source tree or an editable install, else the installed wheel's ``quire_resources``."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle is not None:
        return Path(bundle) / "resources"
    checkout = Path(__file__).resolve().parent.parent / "resources"
    if (checkout / "catalog.json").is_file():
        return checkout
    spec = importlib.util.find_spec("quire_resources")
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    return checkout


def resource_path(*parts: str) -> Path:
    """A file under the resources folder (it may not exist; callers say what is missing)."""
    return resources_root().joinpath(*parts)


__all__ = ["resource_path", "resources_root"]
