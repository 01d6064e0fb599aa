"""The packages whose names are imported on first use (`briefing.lazy_exports`): every name
they export resolves to its module's own object, and importing the light part of a package
does not import its heavy readers (what the app's start relies on)."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys
import types

import pytest

LAZY = ["briefing.ingest", "briefing.events"]


@pytest.mark.parametrize("package", LAZY)
def test_every_exported_name_resolves_to_its_home_modules_object(package: str) -> None:
    mod = importlib.import_module(package)
    homes = mod._HOMES
    assert set(homes) <= set(mod.__all__)
    for name, home in homes.items():
        assert getattr(mod, name) is getattr(importlib.import_module(f"{package}.{home}"), name)
    for info in pkgutil.iter_modules(mod.__path__):  # and once every module is imported
        importlib.import_module(f"{package}.{info.name}")
    for name in mod.__all__:
        value = getattr(mod, name)
        assert not isinstance(value, types.ModuleType), f"{package}.{name} is a module"
        assert getattr(importlib.import_module(package), name) is value


def test_an_unknown_name_is_an_attribute_error() -> None:
    mod = importlib.import_module("briefing.ingest")
    with pytest.raises(AttributeError, match="no_such_name"):
        _ = mod.no_such_name
    with pytest.raises(ImportError):
        exec("from briefing.events import no_such_name", {})


def test_loading_the_rules_and_the_event_records_imports_no_reader_or_grouping() -> None:
    code = (
        "import sys\n"
        "from briefing.ingest import default_rules\n"
        "from briefing.events import Event\n"
        "default_rules()\n"
        "print(','.join(sorted(m for m in sys.modules if m.startswith('briefing.'))))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(done.stdout.strip().split(","))
    assert "briefing.ingest.rules" in loaded and "briefing.events.records" in loaded
    for heavy in ("briefing.ingest.parse", "briefing.ingest.structure", "briefing.events.grouping"):
        assert heavy not in loaded
