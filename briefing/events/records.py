"""The records of event grouping: an `Event`, and the knobs (`EventParams`) it is found with.

Why this module exists: the CLI, the app, the summary, the comparison and the cache all hold
events; they need the record without the grouping machinery.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

# what an event's outlets call its articles whose outlet is not known (`grouping.finish`)
UNKNOWN_OUTLET: Final = "unknown outlet"

__all__ = ["Event", "EventParams"]


@dataclass(frozen=True, slots=True)
class EventParams:
    """Tuning knobs; the defaults are what `make eval` measures (see README)."""

    # Thresholds sit in the middle of the plateau `make eval` finds (F1 flat from 0.12 to 0.22).
    link: float = 0.18  # minimum discounted cosine for a pair to be linked
    centroid: float = 0.25  # minimum cosine between two groups' centroids to merge them
    max_gap_days: int = 10  # articles further apart than this are never linked
    full_weight_days: int = 3  # no discount within this many days
    max_span_days: int = 21  # an event never spans more than this
    imprecise_factor: float = 0.85  # discount when a date is known only to the month or year
    block_terms: int = 12  # rarest terms per article used for blocking
    # blocking: shared rare terms needed to compare a pair (None: 1 below 5,000 articles,
    # where rare terms are few, else 2, which keeps large corpora fast)
    min_shared: int | None = None
    neighbours: int = 25  # candidates kept per article before exact scoring
    exhaustive_below: int = 400  # small corpora: compare every pair (blocking only saves time)
    # articles in two languages share only names, places and figures, so their cosine runs
    # lower for the same story: their link and centroid thresholds are scaled by this
    cross_language: float = 0.75


@dataclass(frozen=True, slots=True)
class Event:
    """A group of articles about one happening."""

    id: str
    label: str
    start: str | None  # ISO at its precision (first article)
    end: str | None  # ISO at its precision (last article)
    people: tuple[str, ...]
    places: tuple[str, ...]
    articles: tuple[str, ...]  # article ids, in date order
    outlets: tuple[tuple[str, tuple[str, ...]], ...]  # outlet -> its article ids
    missing: tuple[str, ...] = ()  # corpus outlets that did not cover it
    score: float = 0.0  # cohesion: mean similarity of linked pairs (1.0 for one article)

    @property
    def blindspot(self) -> bool:
        """Covered by one outlet only, in a corpus of several. Articles whose outlet is not
        known may be of several outlets: an event of those alone is no blindspot."""
        return (
            len(self.outlets) == 1 and self.outlets[0][0] != UNKNOWN_OUTLET and bool(self.missing)
        )

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "label": self.label,
            "start": self.start,
            "end": self.end,
            "people": list(self.people),
            "places": list(self.places),
            "articles": list(self.articles),
            "outlets": {name: list(ids) for name, ids in self.outlets},
            "missing_outlets": list(self.missing),
            "blindspot": self.blindspot,
            "cohesion": round(self.score, 3),
        }
