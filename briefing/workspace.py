"""The corpus, its index and its rules: the one place the CLI and the app get their corpus work.

Why this module exists: opening the index, loading the reading rules, bringing the index up to
date, reading articles back, grouping (and caching) events, building the briefing and comparing
an event's outlets are the same work whether a person typed `briefing summary` or pressed
`enter` in the app. Written twice, the copies drifted (the app and the summary compared without
the user's `[compare]` rules). Here it is written once; the CLI and the app only present it.

A `Workspace` holds no Rich and no Textual: progress reaches the caller as `Progress` records
that name their unit, warnings as the `UpdateReport`'s skipped files, and errors a person can
fix as `BriefingError`s with a one-line message.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from briefing.cache import bulk, cached
from briefing.errors import BriefingError, CorpusError, IndexDamaged
from briefing.formats import FORMATS_READ

if TYPE_CHECKING:
    from briefing.alongside import Ahead, Alongside, Later
    from briefing.build import Progress
    from briefing.compare import Comparison
    from briefing.event_state import Loaded
    from briefing.events import Event
    from briefing.index import CorpusIndex, SearchResult, UpdateReport
    from briefing.ingest.rules import Rules
    from briefing.models import Article
    from briefing.overview import Overview
    from briefing.summary import Briefing, Difference
    from briefing.summary.rows import Row

T = TypeVar("T")

# from this many articles the events are brought up to date in a child process while the
# briefing's rows are (below it both take well under a second: a fork would not pay)
ALONGSIDE_FROM = 2000

SOURCES_LOOKED_FOR = FORMATS_READ  # every format read, named in one place (`source_file`)


@dataclass(frozen=True, slots=True)
class Location:
    """Where a workspace's parts live: the corpus, the index folder (None: the user's cache) and
    an extra rules file (None: only the defaults, the user's and the corpus's own);
    `follow_links`: follow symbolic links out of the corpus folder (None: as the index's last
    update did, which is no unless it was asked for)."""

    corpus: Path
    index_dir: Path | None = None
    rules_file: Path | None = None
    follow_links: bool | None = None


class Workspace:
    """A corpus, its index and its rules, opened together."""

    def __init__(self, location: Location, index: CorpusIndex, rules: Rules) -> None:
        self.location = location
        self.index = index
        self.rules = rules
        # What was repaired on the way (a damaged index rebuilt); `on_note` hears it at once.
        self.notes: list[str] = []
        self.on_note: Callable[[str], None] | None = None
        self._progress: Callable[[Progress], None] | None = None
        self._kept_hashes: tuple[str, dict[str, str]] | None = None
        # a child that handed back its events and is still writing their state (`alongside`):
        # waited for before anything reads that state again, and when the workspace closes
        self._finishing: list[Alongside[Any]] = []
        # the events' child started before an update whose briefing follows (`expect_briefing`)
        self._ahead: tuple[int, Ahead[dict[str, str], list[Event]]] | None = None
        self._expected: int | None = None  # the briefing's `top`, said before an update

    @classmethod
    def open(cls, location: Location, *, rebuild: bool = False) -> Workspace:
        """Open (or create) the index and load the rules; searches work at once, on what the
        index already holds. Call `update` to bring it up to date with the corpus."""
        from briefing.index import CorpusIndex
        from briefing.ingest.rules import load_rules

        if not location.corpus.exists():
            raise CorpusError(f"{location.corpus}: no such corpus folder or file")
        rules = load_rules(location.corpus, location.rules_file)
        index = CorpusIndex.open(location.corpus, location.index_dir, rebuild=rebuild)
        return cls(location, index, rules)

    # the index ------------------------------------------------------------------------------

    @property
    def corpus(self) -> Path:
        return self.location.corpus

    @property
    def title(self) -> str:
        return self.location.corpus.name

    def update(self, progress: Callable[[Progress], None] | None = None) -> UpdateReport:
        """Read what was added or changed since the last update, drop what was removed. A
        damaged index is rebuilt from the corpus (and said so in `notes`)."""

        self._settle()
        self._progress = progress
        try:
            return self._update(progress)
        finally:
            self._expected = None  # said for this update only

    def _update(self, progress: Callable[[Progress], None] | None) -> UpdateReport:
        from briefing.build import update

        follow = self.location.follow_links
        if self.index.rebuilt:  # new or rebuilt: rows kept from before may read differently
            self._forget_rows()
        try:
            if not self.index.rebuilt and self._read_otherwise():
                # every file again, into the index as it stands: it answers from the old
                # reading until the new one is committed in its place
                self._note(
                    "the index was read with other reading rules or another version of "
                    "briefing; reading every file again (the old reading is searched until then)"
                )
                self._cancel_ahead()  # every article may read differently: no state to keep
                report = update(
                    self.index, self.rules, progress=progress, follow_links=follow, reread=True
                )
                self._forget_rows()
                return report
            return update(
                self.index,
                self.rules,
                progress=progress,
                follow_links=follow,
                on_work=self._start_ahead,
            )
        except IndexDamaged as exc:
            self._cancel_ahead()
            self._reopen_rebuilt(str(exc))
            return update(self.index, self.rules, progress=progress, follow_links=follow)

    def _read_otherwise(self) -> bool:
        """Whether the index's articles were read with other rules or another reader than
        this workspace's (`ingest.reading_key`): then every file must be read again."""
        from briefing.ingest.reading_key import reading_key

        known = self.index.source_hashes()
        return bool(known.sources or known.empty) and known.reading != reading_key(self.rules)

    def _reopen_rebuilt(self, why: str) -> None:
        from briefing.index import CorpusIndex

        self.index.close()
        self.index = CorpusIndex.open(self.corpus, self.location.index_dir, rebuild=True)
        self._forget_rows()
        self._note(f"{why}; rebuilding it from the corpus")

    def _forget_rows(self) -> None:
        from briefing.summary.store import drop_rows

        drop_rows(self.index.directory)

    def _note(self, text: str) -> None:
        self.notes.append(text)
        if self.on_note is not None:
            self.on_note(text)

    def _repairing(self, work: Callable[[], T]) -> T:
        """`work()`; if the index turns out damaged, rebuild it and do the work again."""
        try:
            return work()
        except IndexDamaged as exc:
            self._cancel_ahead()
            self._reopen_rebuilt(str(exc))
            self.update(self._progress)
            return work()

    def require_articles(self) -> None:
        """A one-line error when the corpus gave no article at all."""
        if self.index.count() == 0:
            raise CorpusError(
                f"{self.location.corpus}: no articles found (looked for {SOURCES_LOOKED_FOR})"
            )

    def count(self) -> int:
        return self._repairing(lambda: int(self.index.count()))

    def close(self) -> None:
        self._cancel_ahead()
        self._settle()
        self.index.close()

    def expect_briefing(self, *, top: int = 10) -> None:
        """Say, before `update`, that `briefing(top=top)` follows (`briefing summary`): if the
        update has work to do, the events' child is forked as it starts and reads their kept
        state while this process brings the index up to date, then waits for the articles'
        hashes (`alongside.Ahead`). Without a briefing to build (it is cached, or the update
        re-reads or rebuilds the index), it is cancelled."""
        self._expected = top

    def _start_ahead(self) -> None:
        from briefing.alongside import Ahead
        from briefing.event_state import kept_state

        top, self._expected = self._expected, None
        if top is None or self._ahead is not None or self.count() < ALONGSIDE_FROM:
            return
        directory, twin = self.index.directory, self.index.twin
        ahead: Ahead[dict[str, str], list[Event]] = Ahead(
            lambda: kept_state(directory),
            lambda kept, hashes: self._chosen_events(twin(), hashes, top, (kept,)),
        )
        if ahead.started:
            self._ahead = (top, ahead)

    def _cancel_ahead(self) -> None:
        ahead, self._ahead = self._ahead, None
        if ahead is not None:
            ahead[1].cancel()

    def _settle(self) -> None:
        """Wait for a child still writing the events' state (see `_build_briefing`)."""
        while self._finishing:
            self._finishing.pop().close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # reading --------------------------------------------------------------------------------

    def search(
        self, query: str, *, limit: int = 10, sort: str = "relevance", partial: bool = False
    ) -> SearchResult:
        """`partial`: the query is being typed; its last word also matches as a prefix."""
        return self._repairing(
            lambda: self.index.search(query, limit=limit, sort=sort, partial=partial)
        )

    def article(self, article_id: str) -> Article | None:
        return self._repairing(lambda: self.index.get(article_id))

    def articles(self, *, slim: bool = False) -> list[Article]:
        """Every article; `slim` leaves out the text (body, lede, quotes) for lists."""
        return self._repairing(lambda: list(self.index.all_articles(slim=slim)))

    def overview(self) -> Overview:
        """What the timeline shows of the corpus (article rows, coverage, referenced dates),
        computed in one pass over the articles once per index state, and cached beside it."""
        from briefing.overview import Overview, overview

        def build() -> Overview:
            return overview(self.index.each_article(slim=True))

        return self._repairing(
            lambda: cached(self.index.directory, "overview", "", build, Overview)
        )

    def articles_of(self, event: Event) -> list[Article]:
        """The event's articles, whole, in the event's order."""

        def read() -> list[Article]:
            found = (self.index.get(aid) for aid in event.articles)
            return [a for a in found if a is not None]

        return self._repairing(read)

    def export_records(self) -> Iterator[dict[str, Any]]:
        """Every article as its export record (with its event id), in date order."""
        from briefing.events import event_of

        articles = sorted(self.articles(), key=lambda a: (a.published.date.sort_key(), a.id))
        events = event_of(self.events())
        for a in articles:
            yield {**a.to_json(), "event_id": events.get(a.id)}

    # events, comparisons, the briefing -------------------------------------------------------

    def events(self, *, regroup: bool = False) -> tuple[Event, ...]:
        """The corpus's events: kept beside the index and updated with what changed since they
        were grouped (`event_state`); `regroup` groups the whole corpus from scratch."""
        from briefing.event_state import current_events

        self._settle()
        with bulk():
            return self._repairing(
                lambda: current_events(self.index, regroup=regroup, hashes=self._hashes)
            )

    def _hashes(self) -> dict[str, str]:
        """The index's article ids and content hashes, read once per index state (the events
        and the briefing's rows both diff against them)."""
        from briefing.cache import index_stamp

        stamp = index_stamp(self.index.directory)
        if self._kept_hashes is None or self._kept_hashes[0] != stamp:
            self._kept_hashes = (stamp, self.index.article_hashes())
        return self._kept_hashes[1]

    def find_event(self, text: str) -> Event:
        """An event by id, id prefix or words of its label; a one-line error when none."""
        from briefing.events import find_event

        chosen = find_event(self.events(), text)
        if chosen is None:
            raise BriefingError(f"no event matches {text!r}; `briefing events` lists them")
        return chosen

    def compare(
        self,
        event: Event,
        outlets: Sequence[str] | None = None,
        *,
        top: int = 12,
        articles: Sequence[Article] | None = None,
    ) -> Comparison:
        """How `outlets` (default: the event's biggest) told `event`, with this corpus's rules.
        `articles`: the event's articles when the caller holds them whole already."""
        from briefing.compare import compare

        chosen = list(articles) if articles is not None else self.articles_of(event)
        return compare(event, chosen, outlets, top=top, rules=self.rules)

    def briefing(self, *, top: int = 10, timeline_limit: int | None = 200) -> Briefing:
        """The briefing (glance, events, timeline, people, places, quotes), built once per index
        state and options (cached beside the index). Built from the articles' rows (kept beside
        the index, made again only for the articles that changed) and each shown event's
        differences (kept per event, compared again only for the events that changed); no
        article is read whole but those."""
        from briefing.summary import Briefing

        key = f"{top}|{timeline_limit}|{self.title}|{_compare_rules_key(self.rules)}"
        try:
            with bulk():
                return self._repairing(
                    lambda: cached(
                        self.index.directory,
                        "briefing",
                        key,
                        lambda: self._build_briefing(top, timeline_limit),
                        Briefing,
                    )
                )
        finally:
            self._cancel_ahead()  # a cached briefing: its events' child was not needed

    def _build_briefing(self, top: int, timeline_limit: int | None) -> Briefing:
        from briefing.alongside import Alongside

        self._settle()
        hashes = self._hashes()
        # the events brought up to date in a child process while this one brings the rows up
        # to date and ranks them (`alongside`); only the events the briefing shows come back,
        # before the child writes their state, which it finishes while this one goes on to
        # show the briefing (waited for by `close`, or before the state is read again)
        ahead, self._ahead = self._ahead, None
        if ahead is not None and ahead[0] == top:  # started before the update: it goes on
            side = ahead[1].go(hashes)
        else:
            if ahead is not None:
                ahead[1].cancel()
            side = Alongside(
                lambda: self._chosen_events(self.index.twin(), hashes, top),
                wanted=self.count() >= ALONGSIDE_FROM,
            )
        try:

            def events() -> Sequence[Event]:
                done = side.result()
                return done[0] if done is not None else self.events()

            return self._briefing_from_rows(hashes, events, top, timeline_limit)
        finally:
            if side.finishing:
                self._finishing.append(side)
            else:
                side.close()

    def prepare(self) -> int:
        """After an update, what a summary reads beside the index brought up to date: the
        events (in a child process, `alongside`, where it is worth it) while this one brings
        the briefing's rows up to date; the number of events."""
        from briefing.alongside import Alongside

        self._settle()
        hashes = self._hashes()
        with Alongside(
            lambda: self._event_count(self.index.twin(), hashes),
            wanted=self.count() >= ALONGSIDE_FROM,
        ) as side:
            with bulk():
                self._repairing(lambda: self._rows(hashes))
            done = side.result()
        return done[0] if done is not None else len(self.events())

    def _rows(self, hashes: dict[str, str]) -> list[Row]:
        from briefing.cache import package_version
        from briefing.summary.store import current_rows

        return current_rows(
            self.index.directory,
            hashes,
            self.index.articles_by_id,
            lambda: self.index.each_article(),
            package_version(),
        )

    def _event_count(self, index: CorpusIndex, hashes: dict[str, str]) -> int:
        """How many events `index` (this corpus's) has, brought up to date."""
        from briefing.event_state import current_events

        try:
            with bulk():
                return len(current_events(index, hashes=lambda: hashes))
        finally:
            index.close()

    def _chosen_events(
        self,
        index: CorpusIndex,
        hashes: dict[str, str],
        top: int,
        kept: tuple[Loaded] | None = None,
    ) -> Later[list[Event]]:
        """The events `top` picks, of `index` (this corpus's) brought up to date; writing
        their state is the rest (done after they are sent, in a child: `alongside`). `kept`:
        their kept state, read already (`Ahead`)."""
        from briefing.alongside import Later
        from briefing.event_state import events_then_keep
        from briefing.summary.build import chosen_events

        try:
            with bulk():
                done = events_then_keep(index, hashes=lambda: hashes, kept=kept)
        except BaseException:
            index.close()
            raise

        def rest() -> None:
            try:
                with bulk():
                    done.rest()
            finally:
                index.close()

        return Later(chosen_events(done.value, top), rest)

    def _briefing_from_rows(
        self,
        hashes: dict[str, str],
        events: Callable[[], Sequence[Event]],
        top: int,
        timeline_limit: int | None,
    ) -> Briefing:
        from briefing.summary import build_from_rows, event_differences
        from briefing.summary.parts import EventParts

        rows = self._rows(hashes)

        def differences(e: Event, members: list[str]) -> tuple[Difference, ...]:
            return event_differences(e, self.index.articles_by_id(members), self.rules)

        parts = EventParts(
            self.index.directory, hashes, _compare_rules_key(self.rules), differences
        )
        built = build_from_rows(
            rows,
            top=top,
            title=self.title,
            events=events,
            timeline_limit=timeline_limit or None,
            differences=parts,
            read=self.index.articles_by_id,
        )
        parts.save()
        return built

    def plain_briefing(self, *, top: int = 10, timeline_limit: int | None = 200) -> Briefing:
        """The briefing built the plain way, from every article whole (no cache): what the
        fast path (`briefing`) is checked against."""
        from briefing.summary import build_briefing

        return build_briefing(
            self.articles(),
            top=top,
            title=self.title,
            events=self.events(),
            timeline_limit=timeline_limit or None,
            rules=self.rules,
        )


def _compare_rules_key(rules: Rules) -> str:
    """What of the rules a briefing depends on (the comparison tables), as a short digest."""
    import hashlib

    naming = sorted((k, list(v)) for k, v in rules.naming.items())
    text = repr((naming, list(rules.framing)))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
