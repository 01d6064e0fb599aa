"""What the app knows about the corpus once it is read: events, article rows, coverage, references.

Why this module exists: grouping events and counting coverage take seconds on a large corpus, so
they run once, in a worker thread, and produce this frozen snapshot; the widgets only look things
up in it. It is made from the workspace's cached table (`briefing.overview.Overview`) and the
events, never from every article whole: `Corpus.articles` gives each article as its timeline row
shows it (id, outlet, headline, date), built when a row asks for it. The reader and the
comparison read whole articles from the workspace. Plain Python, no Textual, so it is tested
(and timed) on its own.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from briefing.events import Event
from briefing.labels import UNDATED, UNKNOWN_OUTLET, month_key
from briefing.models import Article, FuzzyDate, PublishedDate
from briefing.overview import Overview, Reference, overview

__all__ = [
    "UNDATED",
    "UNKNOWN_OUTLET",
    "ArticleRows",
    "Corpus",
    "Reference",
    "build_corpus",
    "corpus_of",
    "month_key",
]


class ArticleRows(Mapping[str, Article]):
    """The overview's article columns as a read-only mapping of id -> `Article`, holding only
    what a row shows (outlet, headline, publication date; no text, names or references).
    Each `Article` is made when asked for: a corpus's articles are not held as objects."""

    def __init__(self, table: Overview) -> None:
        self._table = table
        self._row = {aid: i for i, aid in enumerate(table.ids)}

    def __getitem__(self, article_id: str) -> Article:
        i = self._row[article_id]
        t = self._table
        return Article(
            id=t.ids[i],
            path="",
            url=None,
            outlet=t.outlet_of[i] or None,
            headline=t.headlines[i],
            headline_derived=False,
            lede=None,
            dateline=None,
            published=PublishedDate(FuzzyDate.parse_iso(t.published[i] or None)),
            body=(),
        )

    def __iter__(self) -> Iterator[str]:
        return iter(self._table.ids)

    def __len__(self) -> int:
        return len(self._table.ids)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._row


@dataclass(frozen=True)
class Corpus:
    """The snapshot the panes read: made by `corpus_of` in a worker."""

    events: tuple[Event, ...]
    articles: Mapping[str, Article]  # as rows show them (`ArticleRows`)
    outlets: tuple[tuple[str, int], ...]  # most articles first
    months: tuple[str, ...]  # every `YYYY-MM` from the first to the last dated article
    coverage: dict[str, tuple[int, ...]]  # outlet -> articles per month, aligned with `months`
    references: dict[str, tuple[Reference, ...]]  # month key -> references that fall in it
    people: tuple[str, ...]  # most covered first
    places: tuple[str, ...]
    outside: int = 0  # dated articles left out of `months`: a few far-off dates (outliers)

    @cached_property
    def named_outlets(self) -> int:
        """How many outlets the corpus names: articles of no known outlet are not one more
        (an event's blindspot is one of these, as its `missing` outlets count them)."""
        return sum(1 for outlet, _ in self.outlets if outlet != UNKNOWN_OUTLET)

    @cached_property
    def _by_id(self) -> dict[str, Event]:
        return {e.id: e for e in self.events}

    def event(self, event_id: str) -> Event | None:
        return self._by_id.get(event_id)


def corpus_of(table: Overview, events: Sequence[Event]) -> Corpus:
    """The snapshot of a corpus from its table (`Workspace.overview`) and its events."""
    return Corpus(
        events=tuple(events),
        articles=ArticleRows(table),
        outlets=table.outlets,
        months=table.months,
        coverage=dict(table.coverage),
        references=dict(table.references),
        people=table.people,
        places=table.places,
        outside=table.outside,
    )


def build_corpus(articles: Sequence[Article], events: Sequence[Event]) -> Corpus:
    """The snapshot of `articles` (read here, not from the cache) and their events."""
    return corpus_of(overview(articles), events)
