"""Shared set-up for the app's tests: a prebuilt index copied per test, and waiting for workers.

Every test gets its own index, config and export folders under tmp_path: never the user's cache
or config. Building the bundled corpus's index once per session and copying it keeps tests fast.
"""

from __future__ import annotations

import contextlib
import json
import shutil
from pathlib import Path

from textual.app import App
from textual.pilot import Pilot
from textual.worker import WorkerCancelled

from briefing.app import BriefingApp, make_app
from briefing.build import update
from briefing.cache import corpus_events
from briefing.corpus import bundled_corpus
from briefing.index import CorpusIndex

_BUILT: dict[Path, Path] = {}


def prebuilt_index(corpus: Path, cache: Path) -> Path:
    """An up-to-date index of `corpus`, built once per test session."""
    if corpus not in _BUILT:
        directory = cache / f"index-{len(_BUILT)}"
        index = CorpusIndex.open(corpus, directory)
        update(index)
        corpus_events(index)  # grouped once: the cache (next to the index) is copied too
        index.close()
        _BUILT[corpus] = directory
    return _BUILT[corpus]


def app_for(
    tmp_path: Path, cache: Path, corpus: Path | None = None, *, prebuilt: bool = True
) -> BriefingApp:
    corpus = corpus or bundled_corpus()
    index_dir = tmp_path / "index"
    if prebuilt and corpus.exists():
        shutil.copytree(prebuilt_index(corpus, cache), index_dir)
    (tmp_path / "out").mkdir(exist_ok=True)
    return make_app(corpus, index_dir, config_dir=tmp_path / "config", export_dir=tmp_path / "out")


async def settle(pilot: Pilot[None], rounds: int = 50) -> None:
    """Wait until the index is up to date and events are grouped (workers, then messages)."""
    app = pilot.app
    assert isinstance(app, BriefingApp)
    for _ in range(rounds):
        # An exclusive worker superseded by a newer one (the corpus loaded again after the
        # update) ends cancelled; the next round waits for the one that replaced it.
        with contextlib.suppress(WorkerCancelled):
            await app.workers.wait_for_complete()
        await pilot.pause()
        if app.ready and not any(w.is_running for w in app.workers):
            return
    raise AssertionError("the app never became ready")


async def idle(pilot: Pilot[None]) -> None:
    """Let waiting searches run and workers finish, without sleeping on wall-clock guesses."""
    app = pilot.app
    for _ in range(20):
        await pilot.pause(0.2) if _timers_pending(app) else await pilot.pause()
        with contextlib.suppress(WorkerCancelled):  # superseded by a newer search
            await app.workers.wait_for_complete()
        await pilot.pause()
        if not _timers_pending(app) and not any(w.is_running for w in app.workers):
            return


def _timers_pending(app: object) -> bool:
    """A search request waits for the running one (`briefing.app.search_queue`)."""
    queue = getattr(app, "_searches", None)
    return queue is not None and queue.waiting is not None


def hostile_corpus(root: Path) -> Path:
    """A corpus whose text tries to be markup and terminal escapes."""
    corpus = root / "hostile"
    corpus.mkdir()
    records = [
        {
            "title": "[bold red]Alarm[/] over \x1b[31mescapes\x1b[0m in the Kuril talks",
            "body": "The Kuril talks [link=x]went[/link] on. Officials met in Tokyo on Friday.",
            "outlet": "Wire [b]One[/b]",
            "date": "2016-12-16",
        },
        {
            "title": "Kuril talks resume in Tokyo",
            "body": "Officials resumed the Kuril talks in Tokyo on Friday, the ministry said.",
            "outlet": "Other Wire",
            "date": "2016-12-16",
        },
    ]
    with (corpus / "news.jsonl").open("w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r) + "\n")
    return corpus


async def workers_done(app: App[None]) -> None:
    """Wait for the running workers; one superseded by a newer one of its group ends cancelled,
    which is the app working as meant."""
    with contextlib.suppress(WorkerCancelled):
        await app.workers.wait_for_complete()
