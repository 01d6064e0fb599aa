"""The plain, frozen records that every part of briefing passes around.

Why this module exists: ingestion, the index, the summary, the CLI and (later) the TUI all speak
about the same things (an article, its publication date and how it was known, the people in it,
the dates it mentions). Defining them once, as immutable dataclasses with no behaviour beyond
serialisation, keeps the domain free of any UI library and gives `briefing export` a single,
stable JSON contract (see README, "Export schema").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

Precision = Literal["day", "month", "year", "unknown"]
EntityKind = Literal["person", "place", "organisation"]
Relation = Literal["past", "same", "ahead", "unknown"]


@dataclass(frozen=True, slots=True)
class FuzzyDate:
    """A date known to some precision: a day, a month, a year, or not at all.

    `start`/`end` are the first and last day the value may stand for (equal for a day), so a
    month-precise date overlaps every range that overlaps its month.
    """

    precision: Precision = "unknown"
    start: dt.date | None = None
    end: dt.date | None = None

    @property
    def iso(self) -> str | None:
        """ISO 8601 at its precision: `2016-12-16`, `2016-12`, `2016`, or None."""
        if self.start is None or self.precision == "unknown":
            return None
        if self.precision == "day":
            return self.start.isoformat()
        if self.precision == "month":
            return f"{self.start.year:04d}-{self.start.month:02d}"
        return f"{self.start.year:04d}"

    @property
    def known(self) -> bool:
        return self.start is not None and self.precision != "unknown"

    def sort_key(self) -> tuple[int, dt.date]:
        """Unknown dates sort last; otherwise by first possible day."""
        if self.start is None:
            return (1, dt.date.max)
        return (0, self.start)

    @staticmethod
    def day(value: dt.date) -> FuzzyDate:
        return FuzzyDate("day", value, value)

    @staticmethod
    def month(year: int, month: int) -> FuzzyDate:
        first = dt.date(year, month, 1)
        nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
        return FuzzyDate("month", first, nxt - dt.timedelta(days=1))

    @staticmethod
    def year(year: int) -> FuzzyDate:
        return FuzzyDate("year", dt.date(year, 1, 1), dt.date(year, 12, 31))

    @staticmethod
    def parse_iso(value: str | None) -> FuzzyDate:
        """Inverse of `iso`: `2016-12-16` / `2016-12` / `2016` / None."""
        if not value:
            return FuzzyDate()
        parts = value.split("-")
        if len(parts) == 3:
            return FuzzyDate.day(dt.date.fromisoformat(value))
        if len(parts) == 2:
            return FuzzyDate.month(int(parts[0]), int(parts[1]))
        return FuzzyDate.year(int(parts[0]))


@dataclass(frozen=True, slots=True)
class PublishedDate:
    """When an article was published, how precisely, and how we know."""

    date: FuzzyDate = field(default_factory=FuzzyDate)
    confidence: float = 0.0
    evidence: tuple[str, ...] = ()
    # The month and day the text gives when the year stays unknown ("--04-08", ISO 8601's
    # form for a date without a year), so "8 April, year unknown" is kept and can be shown.
    seen: str | None = None

    @property
    def iso(self) -> str | None:
        return self.date.iso

    @property
    def precision(self) -> Precision:
        return self.date.precision

    @property
    def confident_year(self) -> int | None:
        """The year, when the date is sure enough (day or month, confidence >= 0.5) for other
        articles of the corpus to borrow it (`ingest.context`); else None."""
        d = self.date
        if d.start is not None and d.precision in ("day", "month") and self.confidence >= 0.5:
            return d.start.year
        return None


@dataclass(frozen=True, slots=True)
class Mention:
    """A person, place or organisation named in an article, under its fullest name."""

    name: str
    kind: EntityKind
    count: int = 1
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Quote:
    """Words in quotation marks and who said them (None when the text does not say)."""

    speaker: str | None
    text: str
    paragraph: int


@dataclass(frozen=True, slots=True)
class DatedReference:
    """A date the text mentions ("December 15-16", "June 2016", "the 1956 declaration").

    `date` is resolved against the article's own publication date; `end` is set for spans
    ("December 15-16"). `relation` says whether it lies before, on, or after publication.
    """

    text: str
    date: FuzzyDate
    end: FuzzyDate | None
    relation: Relation
    sentence: str
    paragraph: int


@dataclass(frozen=True, slots=True)
class Article:
    """One article as briefing understands it. Field order mirrors the export schema."""

    id: str
    path: str
    url: str | None
    outlet: str | None
    headline: str
    headline_derived: bool
    lede: str | None
    dateline: str | None
    published: PublishedDate
    body: tuple[str, ...]
    tags: tuple[str, ...] = ()
    people: tuple[Mention, ...] = ()
    places: tuple[Mention, ...] = ()
    organisations: tuple[Mention, ...] = ()
    quotes: tuple[Quote, ...] = ()
    dated_references: tuple[DatedReference, ...] = ()
    content_hash: str = ""
    outlet_evidence: str = ""
    lang: str | None = None  # ISO 639-1 code ("ru", "en", "ja"), None when it could not be told
    language: str | None = None  # ISO 639-1, when the page or record states it

    @property
    def text(self) -> str:
        """The body as one string, paragraphs separated by blank lines."""
        return "\n\n".join(self.body)

    def to_json(self) -> dict[str, Any]:
        """The documented export record (README, "Export schema")."""
        return {
            "id": self.id,
            "path": self.path,
            "url": self.url,
            "outlet": self.outlet,
            "headline": self.headline,
            "headline_derived": self.headline_derived,
            "lede": self.lede,
            "dateline": self.dateline,
            "published": self.published.iso,
            "published_precision": self.published.precision,
            "published_confidence": round(self.published.confidence, 2),
            "date_evidence": list(self.published.evidence),
            "published_seen": self.published.seen,
            "people": [_mention_json(m) for m in self.people],
            "places": [_mention_json(m) for m in self.places],
            "organisations": [_mention_json(m) for m in self.organisations],
            "quotes": [
                {"speaker": q.speaker, "text": q.text, "paragraph": q.paragraph}
                for q in self.quotes
            ],
            "dated_references": [_ref_json(r) for r in self.dated_references],
            "tags": list(self.tags),
            "body": list(self.body),
            "content_hash": self.content_hash,
            "lang": self.lang,
            "language": self.language,
        }

    @staticmethod
    def from_json(data: dict[str, Any]) -> Article:
        """Inverse of `to_json`; used to keep articles in the index without re-reading files."""
        return Article(
            id=data["id"],
            path=data["path"],
            url=data.get("url"),
            outlet=data.get("outlet"),
            headline=data.get("headline") or "",
            headline_derived=bool(data.get("headline_derived")),
            lede=data.get("lede"),
            dateline=data.get("dateline"),
            published=PublishedDate(
                date=FuzzyDate.parse_iso(data.get("published")),
                confidence=float(data.get("published_confidence") or 0.0),
                evidence=tuple(data.get("date_evidence") or ()),
                seen=data.get("published_seen") or None,
            ),
            body=tuple(data.get("body") or ()),
            tags=tuple(data.get("tags") or ()),
            people=tuple(_mention_from(m, "person") for m in data.get("people") or ()),
            places=tuple(_mention_from(m, "place") for m in data.get("places") or ()),
            organisations=tuple(
                _mention_from(m, "organisation") for m in data.get("organisations") or ()
            ),
            quotes=tuple(
                Quote(q.get("speaker"), q["text"], int(q.get("paragraph", 0)))
                for q in data.get("quotes") or ()
            ),
            dated_references=tuple(_ref_from(r) for r in data.get("dated_references") or ()),
            content_hash=data.get("content_hash") or "",
            lang=data.get("lang") or None,
            language=data.get("language"),
        )


def _mention_json(m: Mention) -> dict[str, Any]:
    return {"name": m.name, "count": m.count, "aliases": list(m.aliases)}


def _mention_from(data: dict[str, Any] | str, kind: EntityKind) -> Mention:
    if isinstance(data, str):
        return Mention(data, kind)
    return Mention(data["name"], kind, int(data.get("count", 1)), tuple(data.get("aliases") or ()))


def _ref_json(r: DatedReference) -> dict[str, Any]:
    return {
        "text": r.text,
        "date": r.date.iso,
        "precision": r.date.precision,
        "end": r.end.iso if r.end else None,
        "relation": r.relation,
        "sentence": r.sentence,
        "paragraph": r.paragraph,
    }


def _ref_from(data: dict[str, Any]) -> DatedReference:
    end = data.get("end")
    return DatedReference(
        text=data["text"],
        date=FuzzyDate.parse_iso(data.get("date")),
        end=FuzzyDate.parse_iso(end) if end else None,
        relation=data.get("relation", "unknown"),
        sentence=data.get("sentence", ""),
        paragraph=int(data.get("paragraph", 0)),
    )


@dataclass(frozen=True, slots=True)
class InputWarning:
    """A problem with one input file: named, explained, and never fatal for the rest."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One article's raw material before structure is recovered.

    For a plain text file, `text` is the whole (decoded, cleaned) file and `fields` is empty. For a
    JSON Lines record, `fields` carries what the record says outright (headline, outlet, date, url,
    ...) under briefing's own names, and `text` is its body.
    """

    id: str
    path: str
    text: str
    content_hash: str
    fields: dict[str, str] = field(default_factory=dict)
    source_key: str = ""  # the file this came from (one file may hold many records)
