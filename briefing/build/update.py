"""`update`: bring a corpus's index in line with its folder, reading only what changed.

Why this module exists: it is the build's entry point, the one route from a folder of files to
a committed index: discover the sources, diff them against the index's hashes (`plan`), parse
the changed records and re-date those that need the corpus (`passes`, in worker processes for
large builds), then commit through the index's writer and record the new hashes.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

from briefing.build.passes import BuildRun, ParseFn
from briefing.build.plan import Plan, diff
from briefing.build.progress import ProgressFn
from briefing.index import CorpusIndex, UpdateReport
from briefing.ingest import Rules, discover, load_rules
from briefing.ingest.reading_key import reading_key
from briefing.models import InputWarning

__all__ = ["update"]


def update(
    index: CorpusIndex,
    rules: Rules | None = None,
    progress: ProgressFn | None = None,
    *,
    parse: ParseFn | None = None,
    procs: int | None = None,
    follow_links: bool | None = None,
    reread: bool = False,
    on_work: Callable[[], None] | None = None,
) -> UpdateReport:
    """Bring `index` in line with its corpus folder, reading only what changed.

    A file is unchanged when its size and mtime, or else its SHA-256, match what was indexed.
    Removed files lose all their articles. A changed file is read again, but only its
    records whose own content hash changed are parsed and indexed again (one line edited in
    a JSON Lines file of 40,000 records re-parses one record; the file is still read and
    hashed). Articles that `needs_context` says could be dated better are parsed a second
    time with the years of the whole corpus (stored and new).

    Large builds (over `PARALLEL_MIN_BYTES` of new text) are parsed and indexed by `procs`
    worker processes (default: one per core), each writing a segment of its own from a
    contiguous share of the records; the documents, and their order, are the same whatever
    the number of processes. `progress` gets a `Progress` counting "files" for small updates
    and "articles" for parallel builds.

    `parse` defaults to `briefing.ingest`'s reader, record by record; a custom `parse` is
    called per file (whole files are re-parsed, in this process). `follow_links`: follow
    symbolic links out of the corpus folder (None: as the last update did; see `discover`).
    `reread`: read every file again, as for a new index, but into the index as it stands: its
    commit replaces all it held, and until then the old articles stay searchable (the rules
    or the reader changed: `ingest.reading_key`).

    `on_work()` is called once it is known there is work to do, before any of it (what the
    caller starts alongside an update that changes the index: `Workspace.expect_briefing`).

    Nothing to do takes no lock and writes nothing (a read-only index folder is fine). Raises
    `IndexUnavailable` if there is work but another process holds the index's write lock or
    the folder cannot be written; `CorpusError` if the corpus folder is missing.
    """
    started = time.perf_counter()
    corpus: Path = index.corpus
    if rules is None:
        rules = load_rules(corpus)
    known = index.source_hashes()
    follow = known.follow_links if follow_links is None else follow_links
    # the files are read with these rules: an index they all were read with records them (one
    # read with others keeps its old key, so a workspace still sees it must be read again)
    fresh = reread or index.rebuilt or not (known.sources or known.empty)
    reading = reading_key(rules) if fresh else known.reading
    sources, warnings = discover(corpus, max_file_bytes=rules.max_file_bytes, follow_links=follow)
    plan = diff(sources, known, warnings, reread=reread)
    rebuilt = index.rebuilt
    notes = _notes(index)
    if not (plan.todo or plan.removed or rebuilt or reread):
        if plan.touched or follow != plan.hashes.follow_links or reading != plan.hashes.reading:
            plan.hashes.follow_links, plan.hashes.reading = follow, reading
            index.record_sources(plan.hashes)
        return _report(plan, warnings, started, index, rebuilt, notes)
    plan.hashes.follow_links, plan.hashes.reading = follow, reading
    if on_work is not None:
        on_work()
    writer = index.writer(replace=reread)
    run = BuildRun(writer, rules, warnings, progress, procs or os.cpu_count() or 1)
    try:
        for key in plan.removed:
            writer.delete_source(key)
        if parse is not None:
            counts = run.parse_files(plan.todo, parse)
        else:
            counts = run.read_records(plan.todo)
        plan.record(counts)
        run.second_pass(parse)
        changed = bool(plan.added or plan.updated or plan.removed or rebuilt or reread)
        writer.finish(plan.hashes, changed=changed)
    except BaseException:
        run.cancel()
        raise
    return _report(plan, warnings, started, index, rebuilt, notes, reread)


def _notes(index: CorpusIndex) -> tuple[str, ...]:
    """What opening the index repaired, said once."""
    notes = []
    if index.damage:
        notes.append(f"the index was damaged ({index.damage}); rebuilt it from the corpus")
    if index.cleaned and not index.rebuilt:  # a rebuild's old files are not news
        notes.append(f"removed {index.cleaned} leftovers of an interrupted build")
    index.damage, index.cleaned = None, 0
    return tuple(notes)


def _report(
    plan: Plan,
    warnings: list[InputWarning],
    started: float,
    index: CorpusIndex,
    rebuilt: bool,
    notes: tuple[str, ...],
    reread: bool = False,
) -> UpdateReport:
    return UpdateReport(
        added=plan.added,
        updated=plan.updated,
        removed=len(plan.removed),
        unchanged=plan.unchanged,
        skipped=tuple(warnings),
        seconds=time.perf_counter() - started,
        articles=index.count(),
        rebuilt=rebuilt,
        notes=notes,
        reread=reread,
    )
