"""A package's names imported on their first use (PEP 562).

Why this module exists: a package's `__init__` that re-exports its modules imports all of them
whenever any one is imported (`briefing.ingest.rules` runs `briefing/ingest/__init__.py`
first). The app opening its index needs the reading rules and the event records, not every
reader and the grouping: importing those made up about a fifth of the app's start. A package
names where each export lives; `resolve` imports that module when the name is first asked for
and keeps the value in the package, so later look-ups are plain attributes. Type checkers read
the package's imports under `TYPE_CHECKING` instead.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any

__all__ = ["resolve"]


def resolve(package: str, homes: Mapping[str, str], namespace: dict[str, Any], name: str) -> Any:
    """The value of `name` exported by `package` (a module's `__getattr__`): imported from
    the package's module `homes[name]` and kept in `namespace` (the package's globals)."""
    home = homes.get(name)
    if home is None:
        raise AttributeError(f"module {package!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{package}.{home}"), name)
    namespace[name] = value
    return value
