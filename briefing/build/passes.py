"""The two passes of an update: parse what changed, then re-date what needed the corpus.

Why this module exists: the first pass reads each changed file's records, keeps those whose
content hash is unchanged as indexed, and parses the others (here, or in worker processes once
there is more than `PARALLEL_MIN_BYTES` of new text); finished articles go to the index's
writer. Articles whose dateline gives no year wait for the second pass, which dates them from
the years of the whole corpus (stored and new) and only then hands them to the writer.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Final

from briefing.alongside import Alongside
from briefing.build.messages import Pending
from briefing.build.plan import Change
from briefing.build.progress import Progress, ProgressFn
from briefing.build.workers import Workers, reading_weight
from briefing.index import IndexWriter
from briefing.ingest import (
    CorpusContext,
    Rules,
    SourceFile,
    Unchanged,
    context_year,
    needs_context,
    read_changed,
)
from briefing.ingest.parse import parse_record
from briefing.models import Article, InputWarning, RawDocument

__all__ = ["PARALLEL_MIN_BYTES", "SPLIT_MIN_RECORDS", "BuildRun", "ParseFn"]

# New text (characters) from which an update parses in worker processes: below it, starting
# them (about a second each, importing briefing) costs more than it saves.
PARALLEL_MIN_BYTES: Final = 3_000_000

# Held records from which a small update parses the later half in a forked child: below it,
# the fork and sending the articles back cost about what the half saves.
SPLIT_MIN_RECORDS: Final = 16

# A custom parser of whole files: (file, rules, context, only these ids) -> articles, warnings.
ParseFn = Callable[
    [SourceFile, Rules, CorpusContext | None, frozenset[str] | None],
    tuple[list[Article], list[InputWarning]],
]


class BuildRun:
    """One update's parsing, writing finished articles to `writer`."""

    def __init__(
        self,
        writer: IndexWriter,
        rules: Rules,
        warnings: list[InputWarning],
        progress: ProgressFn | None,
        procs: int,
    ) -> None:
        self.writer = writer
        self.rules = rules
        self.warnings = warnings
        self.progress = progress
        self.procs = procs
        self.years: Counter[int] = Counter()  # context years of the articles parsed this run
        # Articles waiting for corpus context: raw records, or (file, ids) for a custom parser.
        self.waiting_raw: list[Pending] = []
        self.waiting_files: list[tuple[SourceFile, list[Article]]] = []
        self.workers: Workers | None = None
        self.buffered: list[Pending] = []
        self.buffered_chars = 0

    def _report(self, done: int, total: int) -> None:
        if self.progress:
            self.progress(Progress(done, total, "files"))

    def _first_pass(self, article: Article, key: str) -> bool:
        """Store `article` unless it waits for corpus context (then False)."""
        year = context_year(article)
        if year is not None:
            self.years[year] += 1
        if needs_context(article):
            return False
        self.writer.add(article, key)
        return True

    # A custom parser: whole files, in this process ---------------------------------------

    def parse_files(self, todo: list[Change], parse: ParseFn) -> dict[str, int]:
        counts: dict[str, int] = {}
        if todo:
            self._report(0, len(todo))
        for i, change in enumerate(todo):
            src = change.source
            self.writer.delete_source(src.key)
            found, warned = parse(src, self.rules, None, None)
            self.warnings.extend(warned)
            counts[src.key] = len(found)
            waiting = [a for a in found if not self._first_pass(a, src.key)]
            if waiting:
                self.waiting_files.append((src, waiting))
            self._report(i + 1, len(todo))
        return counts

    # The built-in reader: changed records only --------------------------------------------

    def read_records(self, todo: list[Change]) -> dict[str, int]:
        """Records whose content hash is unchanged are kept as indexed; the others are parsed
        here, or by worker processes once there is enough new text. Returns the articles per
        file (records less those that could not be read)."""
        counts: dict[str, int] = {}
        if todo:
            self._report(0, len(todo))
        for i, change in enumerate(todo):
            key = change.source.key
            counts[key] = counts.get(key, 0) + self._read_file(change.source, counts)
            if self.workers is None:
                self._report(i + 1, len(todo))
        # a small update: parsed here (and, when it is worth it, half of it alongside)
        for item, parsed in zip(self.buffered, self._parse_buffered(), strict=True):
            if not self._keep(item, parsed):
                counts[item.key] -= 1
        self.buffered = []
        if self.workers is not None:
            self._gather(self.workers, counts)
        return counts

    def _read_file(self, src: SourceFile, counts: dict[str, int]) -> int:
        previous = self.writer.records_of(src.key)
        known = {digest: article_id for article_id, digest in previous.items()}
        n = 0
        for item in read_changed(src, self.rules, known):
            if isinstance(item, InputWarning):
                self.warnings.append(item)
                continue
            n += 1
            if isinstance(item, Unchanged):  # its line is as indexed: not even decoded
                previous.pop(item.id, None)
                continue
            before = previous.pop(item.id, None)
            if before == item.content_hash:
                continue  # this record is indexed as it is
            if before is not None:
                self.writer.delete_record(src.key, item.id)
            if not self._route(item, src.key):
                counts[src.key] = counts.get(src.key, 0) - 1
        for article_id in previous:  # records no longer in the file
            self.writer.delete_record(src.key, article_id)
        return n

    def _route(self, raw: RawDocument, key: str) -> bool:
        """Send a record to the workers, parse it here, or hold it until it is clear which;
        False only if it was parsed here and could not be read."""
        if self.workers is not None:
            self.workers.put(raw, key)
            return True
        if self.procs <= 1:
            return self._parse_here(Pending(raw, key))
        self.buffered.append(Pending(raw, key))
        self.buffered_chars += len(raw.text)
        if self.buffered_chars >= PARALLEL_MIN_BYTES:
            self.workers = Workers(self.writer.directory, self.rules, self.procs)
            for item in self.buffered:
                self.workers.put(item.raw, item.key)
            self.buffered = []
        return True

    def _parse_here(self, item: Pending) -> bool:
        """Parse and store one record in this process; False if it could not be read."""
        return self._keep(item, parse_record(item.raw, self.rules))

    def _parse_buffered(self) -> list[Article | InputWarning]:
        """The held records parsed, in order: the later half (by what they cost to parse) in
        a forked child alongside this process when there are enough of them and two cores
        (`briefing.alongside`; the same readings either way, only sooner)."""
        items, rules = self.buffered, self.rules
        if self.procs < 2 or len(items) < SPLIT_MIN_RECORDS:
            return [parse_record(item.raw, rules) for item in items]
        weights = [reading_weight(item.raw) for item in items]
        half, total, cut = 0, sum(weights), len(items)
        for i, w in enumerate(weights):
            if 2 * (half + w) > total:
                cut = max(i, 1)
                break
            half += w
        if cut >= len(items):  # nothing weighs: nothing worth a child
            return [parse_record(item.raw, rules) for item in items]
        later = items[cut:]
        with Alongside(lambda: [parse_record(item.raw, rules) for item in later]) as side:
            first = [parse_record(item.raw, rules) for item in items[:cut]]
            done = side.result()
        rest = done[0] if done is not None else [parse_record(item.raw, rules) for item in later]
        return first + rest

    def _keep(self, item: Pending, parsed: Article | InputWarning) -> bool:
        """Store one parsed record (or note why it could not be read: then False)."""
        if isinstance(parsed, InputWarning):
            self.warnings.append(parsed)
            return False
        if not self._first_pass(parsed, item.key):
            self.waiting_raw.append(item)
        return True

    def _gather(self, workers: Workers, counts: dict[str, int]) -> None:
        result = workers.run(self.progress)
        self.warnings.extend(result.warnings)
        self.years.update(result.years)
        for key, failed in result.failed.items():
            counts[key] -= failed
        self.waiting_raw.extend(result.waiting)
        self.writer.add_segments(result.segments, result.words)

    # The second pass ----------------------------------------------------------------------

    def second_pass(self, parse: ParseFn | None) -> None:
        """Re-date the waiting articles with what the whole corpus says (see `CorpusContext`)."""
        if not self.waiting_raw and not self.waiting_files:
            return
        years = self.writer.context_years()
        years.update(self.years)
        context = CorpusContext(tuple(sorted(years.items())))
        for item in self.waiting_raw:
            parsed = parse_record(item.raw, self.rules, context)
            if isinstance(parsed, Article):  # its warnings repeat the first pass's: dropped
                self.writer.add(parsed, item.key)
        if parse is not None:
            for src, waiting in self.waiting_files:
                only = frozenset(a.id for a in waiting)
                better = {a.id: a for a in parse(src, self.rules, context, only)[0]}
                for a in waiting:
                    self.writer.add(better.get(a.id, a), src.key)

    def cancel(self) -> None:
        if self.workers is not None:
            self.workers.stop()
        self.writer.cancel()
