"""Architecture rules that keep `briefing summary` light and the package installable."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "briefing"


def _modules() -> list[str]:
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        if parts[-1] != "__main__":
            names.append(".".join(parts))
    return names


# Every module outside the app, and every module below the renderers (nothing there draws).
DOMAIN = [m for m in _modules() if not m.startswith("briefing.app")]
BELOW_RENDER = [
    m for m in DOMAIN if not m.startswith(("briefing.render", "briefing.cli")) and m != "briefing"
]


def _loaded_after_importing(modules: list[str], library: str) -> list[str]:
    """The modules (imported one after another in a fresh interpreter) after which `library`
    was loaded: the first one named is the culprit."""
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}:\n"
        "    importlib.import_module(m)\n"
        f"    if {library!r} in sys.modules:\n"
        "        print(m)\n"
        "        break\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return out.stdout.split()


def test_the_lists_cover_the_house() -> None:
    assert "briefing.cli" in DOMAIN and "briefing.build.worker" in DOMAIN
    assert "briefing.summary.build" in BELOW_RENDER and "briefing.render" not in BELOW_RENDER


def test_no_module_outside_the_app_loads_textual() -> None:
    assert _loaded_after_importing(DOMAIN, "textual") == []


def test_no_module_below_the_renderers_loads_rich() -> None:
    assert _loaded_after_importing(BELOW_RENDER, "rich") == []


def test_bundled_corpus_is_byte_identical_to_the_seeds() -> None:
    from briefing.corpus import bundled_corpus

    corpus = bundled_corpus()
    names = sorted(p.name for p in corpus.glob("*.txt"))
    assert len(names) == 5
    seeds = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip("../shared/seeds not beside the checkout")
    for name in names:
        assert (corpus / name).read_bytes() == (seeds / name).read_bytes()


def test_wheel_ships_the_corpus(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[1]
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(root),
        ],
        check=True,
        capture_output=True,
    )
    wheel = next(tmp_path.glob("briefing-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert sum(n.startswith("briefing/_corpus/") and n.endswith(".txt") for n in names) == 5
    assert "briefing/ingest/default_rules.toml" in names
