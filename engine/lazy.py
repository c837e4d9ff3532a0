"""Package attributes imported on first use (PEP 562), for the packages whose ``__init__``
must stay cheap to import: ``engine`` itself, ``engine.documents``, ``engine.cluster``."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_attributes(
    package: str, homes: Mapping[str, str], namespace: dict[str, Any]
) -> Callable[[str], Any]:
    """A module ``__getattr__`` for ``package``: ``homes`` maps each exported name to the module
    that defines it (``"module"`` or ``"module:attribute"`` when named otherwise there). A
    name, once found, becomes a plain attribute in ``namespace`` (the package's globals)."""

    def __getattr__(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        module, _, attribute = home.partition(":")
        value = getattr(importlib.import_module(module), attribute or name)
        namespace[name] = value
        return value

    return __getattr__
