"""Architecture rules that keep `briefing summary` light and the package installable."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

DOMAIN = [
    "briefing.models",
    "briefing.ingest",
    "briefing.ingest.parse",
    "briefing.index",
    "briefing.labels",
    "briefing.summary",
    "briefing.render",
    "briefing.render.briefing_rich",
    "briefing.render.briefing_markdown",
    "briefing.render.compare_rich",
    "briefing.render.compare_markdown",
    "briefing.render.events_markdown",
    "briefing.render.json",
    "briefing.events",
    "briefing.compare",
    "briefing.cli",
]
# Below the renderers nothing draws: these never load Rich either.
NO_RICH = ["briefing.labels", "briefing.summary", "briefing.compare"]


@pytest.mark.parametrize("module", DOMAIN)
def test_domain_never_loads_textual(module: str) -> None:
    code = f"import sys, {module}; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False", f"{module} pulled in textual"


@pytest.mark.parametrize("module", NO_RICH)
def test_records_and_builders_never_load_rich(module: str) -> None:
    code = f"import sys, {module}; print('rich' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False", f"{module} pulled in rich"


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
