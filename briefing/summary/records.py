"""The briefing's records: frozen dataclasses, each line citing the article it comes from.

Why this module exists: `build_briefing` produces these and every renderer (terminal, Markdown,
JSON) and the cache read them, so they live apart from both. Dates are ISO at the precision they
are known; no day is ever invented. Every entry carries a `Citation` (outlet, date, article id).

Adding a section: give it a frozen dataclass with a `to_json()` method, add a field with a
default to `Briefing` and its key to `Briefing.to_json`, then one renderer per format in
`briefing.render`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from briefing.labels import UNKNOWN_OUTLET, date_label, span_label
from briefing.models import Article, EntityKind, Precision, Relation

SCHEMA_VERSION = 1
DEFAULT_TITLE = "Briefing"
UNATTRIBUTED = "unattributed"
MAX_SENTENCE_CHARS = 160  # the sentence shown under a dated reference, in every format


@dataclass(frozen=True, slots=True)
class Citation:
    """Where a line of the briefing comes from: `TASS, 2016-11-20, <article id>`."""

    outlet: str | None
    date_iso: str | None
    article_id: str

    @staticmethod
    def of(article: Article) -> Citation:
        return Citation(article.outlet, article.published.iso, article.id)

    @property
    def outlet_label(self) -> str:
        return self.outlet or UNKNOWN_OUTLET

    @property
    def date_text(self) -> str:
        return date_label(self.date_iso)

    def __str__(self) -> str:
        return f"{self.outlet_label}, {self.date_text}, {self.article_id}"

    def to_json(self) -> dict[str, Any]:
        return {"outlet": self.outlet, "date": self.date_iso, "article_id": self.article_id}


@dataclass(frozen=True, slots=True)
class OutletCount:
    outlet: str | None
    articles: int

    def to_json(self) -> dict[str, Any]:
        return {"outlet": self.outlet, "articles": self.articles}


@dataclass(frozen=True, slots=True)
class Glance:
    """The corpus at a glance. `earliest`/`latest` are ISO at their precision (or None)."""

    articles: int
    outlets: tuple[OutletCount, ...]
    earliest: str | None
    latest: str | None
    undated: int
    languages: tuple[tuple[str, int], ...] = ()  # (ISO 639-1 code or "unknown", articles)
    outside: int = 0  # dated articles left out of earliest..latest: a few far-off wrong dates

    def to_json(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "outlets": [o.to_json() for o in self.outlets],
            "earliest": self.earliest,
            "latest": self.latest,
            "undated": self.undated,
            "languages": dict(self.languages),
            "dated_outside": self.outside,
        }


@dataclass(frozen=True, slots=True)
class ArticleEntry:
    """An article on the timeline, at its publication date."""

    kind: ClassVar[str] = "article"

    date_iso: str | None
    precision: Precision
    outlet: str | None
    headline: str
    headline_derived: bool
    citation: Citation

    @property
    def date_text(self) -> str:
        return date_label(self.date_iso)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "date": self.date_iso,
            "precision": self.precision,
            "outlet": self.outlet,
            "headline": self.headline,
            "headline_derived": self.headline_derived,
            "citation": self.citation.to_json(),
        }


@dataclass(frozen=True, slots=True)
class ReferenceMention:
    """One article's mention of a dated reference: how it relates to that article's date."""

    citation: Citation
    relation: Relation
    sentence: str

    def to_json(self) -> dict[str, Any]:
        return {
            "citation": self.citation.to_json(),
            "relation": self.relation,
            "sentence": self.sentence,
        }


@dataclass(frozen=True, slots=True)
class ReferenceEntry:
    """A date the articles mention ("December 15-16"), once per date and phrase.

    `mentions` holds every article that makes the reference, earliest article first.
    """

    kind: ClassVar[str] = "reference"

    date_iso: str | None
    end_iso: str | None
    precision: Precision
    text: str
    mentions: tuple[ReferenceMention, ...]

    @property
    def date_text(self) -> str:
        return span_label(self.date_iso, self.end_iso)

    @property
    def citations(self) -> tuple[Citation, ...]:
        return tuple(m.citation for m in self.mentions)

    @property
    def sentence(self) -> str:
        return self.mentions[0].sentence if self.mentions else ""

    @property
    def relations(self) -> tuple[Relation, ...]:
        """The distinct relations the citing articles give, in citation order."""
        return tuple(dict.fromkeys(m.relation for m in self.mentions))

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "date": self.date_iso,
            "end": self.end_iso,
            "precision": self.precision,
            "text": self.text,
            "mentions": [m.to_json() for m in self.mentions],
        }


TimelineEntry = ArticleEntry | ReferenceEntry


@dataclass(frozen=True, slots=True)
class RankedMention:
    """A person or place, ranked by how many articles name it, then by total mentions."""

    name: str
    kind: EntityKind
    articles: int
    mentions: int
    citations: tuple[Citation, ...]
    aliases: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "articles": self.articles,
            "mentions": self.mentions,
            "aliases": list(self.aliases),
            "citations": [c.to_json() for c in self.citations],
        }


@dataclass(frozen=True, slots=True)
class RankedQuote:
    """A quote worth reading. `text` may be trimmed for display; `full_text` never is.

    `citations` lists every article that reports the same words, earliest first.
    """

    speaker: str | None
    text: str
    full_text: str
    citations: tuple[Citation, ...]
    score: int

    def to_json(self) -> dict[str, Any]:
        return {
            "speaker": self.speaker,
            "text": self.text,
            "full_text": self.full_text,
            "score": self.score,
            "citations": [c.to_json() for c in self.citations],
        }


@dataclass(frozen=True, slots=True)
class Difference:
    """One sharp difference between outlets on an event, citing where it comes from."""

    kind: str  # "only" | "disagree" | "naming"
    text: str
    citations: tuple[Citation, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "text": self.text,
            "citations": [c.to_json() for c in self.citations],
        }


@dataclass(frozen=True, slots=True)
class EventEntry:
    """An event of the corpus: its dates, coverage by outlet and sharpest differences."""

    id: str
    label: str
    start: str | None
    end: str | None
    coverage: tuple[tuple[str, int], ...]  # outlet -> articles
    missing: tuple[str, ...]  # outlets of the corpus that did not report it
    blindspot: bool
    differences: tuple[Difference, ...]
    citations: tuple[Citation, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "start": self.start,
            "end": self.end,
            "coverage": dict(self.coverage),
            "missing_outlets": list(self.missing),
            "blindspot": self.blindspot,
            "differences": [d.to_json() for d in self.differences],
            "citations": [c.to_json() for c in self.citations],
        }


@dataclass(frozen=True, slots=True)
class Briefing:
    """Everything `briefing summary` shows, section by section."""

    title: str
    glance: Glance
    timeline: tuple[TimelineEntry, ...]
    people: tuple[RankedMention, ...]
    places: tuple[RankedMention, ...]
    quotes: tuple[RankedQuote, ...]
    events: tuple[EventEntry, ...] = ()
    timeline_omitted: int = 0  # earlier timeline entries left out (see `timeline_limit`)
    timeline_undated: int = 0  # undated articles not listed (a few are, after the dated ones)
    timeline_outside: int = 0  # entries dated far beyond the corpus's span (wrong dates)

    def to_json(self) -> dict[str, Any]:
        """The `--format json` document. Keys are stable; dates are ISO at their precision."""
        return {
            "schema": SCHEMA_VERSION,
            "title": self.title,
            "glance": self.glance.to_json(),
            "timeline": [e.to_json() for e in self.timeline],
            "timeline_omitted": self.timeline_omitted,
            "timeline_undated": self.timeline_undated,
            "timeline_outside": self.timeline_outside,
            "people": [p.to_json() for p in self.people],
            "places": [p.to_json() for p in self.places],
            "quotes": [q.to_json() for q in self.quotes],
            "events": [e.to_json() for e in self.events],
        }
