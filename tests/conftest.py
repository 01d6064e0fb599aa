"""Fixtures shared by the app's tests."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def index_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where prebuilt indexes live for the session (copied into each test's tmp_path)."""
    return tmp_path_factory.mktemp("prebuilt")


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never read or write the user's cache or config from a test."""
    monkeypatch.setenv("BRIEFING_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))


@pytest.fixture(scope="session")
def big_corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The generated corpus of ~3,000 articles from 200 outlets (tests/big_corpus.py)."""
    from big_corpus import big_corpus

    return big_corpus(tmp_path_factory.mktemp("big"))
