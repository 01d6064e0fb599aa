"""The records of a comparison: what each outlet said, aligned, quoted, counted and named.

Why this module exists: `compare` returns these frozen dataclasses and the terminal, the
Markdown, the JSON and the app's comparison pane read them; keeping them apart from the
analyses lets a reader see the whole result's shape in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from briefing.errors import BriefingError

__all__ = [
    "AlignedStatement",
    "CompareError",
    "Comparison",
    "CoverageRow",
    "DiffPiece",
    "FactKind",
    "FramingWord",
    "Naming",
    "NumberClaim",
    "OutletTiming",
    "QuoteGroup",
    "QuoteRendering",
    "Reuse",
    "Statement",
]

FactKind = Literal["person", "place", "organisation", "number", "date", "quote"]


@dataclass(frozen=True, slots=True)
class Statement:
    """One sentence of one article, with what makes it weigh."""

    outlet: str
    article_id: str
    published: str | None  # the article's date, ISO at its precision
    paragraph: int
    text: str
    weight: float  # how much it carries: names, numbers, quotes, rare words
    names: tuple[str, ...] = ()
    numbers: tuple[str, ...] = ()
    quoted: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "outlet": self.outlet,
            "article": self.article_id,
            "published": self.published,
            "paragraph": self.paragraph,
            "text": self.text,
            "weight": round(self.weight, 3),
            "names": list(self.names),
            "numbers": list(self.numbers),
            "quoted": self.quoted,
        }


@dataclass(frozen=True, slots=True)
class AlignedStatement:
    """Sentences from different outlets that report the same thing, one per outlet."""

    statements: tuple[Statement, ...]
    similarity: float
    shared: tuple[str, ...]  # the key words, names and numbers they share

    def to_json(self) -> dict[str, Any]:
        return {
            "similarity": round(self.similarity, 3),
            "shared": list(self.shared),
            "statements": [s.to_json() for s in self.statements],
        }


@dataclass(frozen=True, slots=True)
class DiffPiece:
    """A run of words in a word diff: in both renderings, or only in the first/second."""

    op: Literal["same", "first", "second"]
    text: str


@dataclass(frozen=True, slots=True)
class QuoteRendering:
    outlet: str
    article_id: str
    text: str


@dataclass(frozen=True, slots=True)
class QuoteGroup:
    """One thing someone said, as each outlet that quoted it rendered it."""

    speaker: str | None
    renderings: tuple[QuoteRendering, ...]  # one or more, different outlets first
    diff: tuple[DiffPiece, ...] = ()  # word differences between the first two renderings

    @property
    def outlets(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(r.outlet for r in self.renderings))

    @property
    def reworded(self) -> bool:
        return any(p.op != "same" for p in self.diff)

    def to_json(self) -> dict[str, Any]:
        return {
            "speaker": self.speaker,
            "outlets": list(self.outlets),
            "renderings": [
                {"outlet": r.outlet, "article": r.article_id, "text": r.text}
                for r in self.renderings
            ],
            "diff": [{"op": p.op, "text": p.text} for p in self.diff],
        }


@dataclass(frozen=True, slots=True)
class NumberClaim:
    """A quantity or a date about one thing, as each outlet gives it."""

    what: str  # the thing counted or dated ("commercial projects", "visit")
    kind: Literal["number", "date"]
    values: tuple[tuple[str, str, str], ...]  # (outlet, value as given, sentence)
    disagree: bool

    @property
    def outlets(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(v[0] for v in self.values))

    def to_json(self) -> dict[str, Any]:
        return {
            "what": self.what,
            "kind": self.kind,
            "disagree": self.disagree,
            "values": [{"outlet": o, "value": v, "sentence": s} for o, v, s in self.values],
        }


@dataclass(frozen=True, slots=True)
class Naming:
    """Different words the outlets use for the same thing."""

    thing: str
    forms: tuple[tuple[str, tuple[tuple[str, int], ...]], ...]  # outlet -> ((form, count), ...)

    def to_json(self) -> dict[str, Any]:
        return {
            "thing": self.thing,
            "forms": {o: {f: n for f, n in forms} for o, forms in self.forms},
        }


@dataclass(frozen=True, slots=True)
class FramingWord:
    """A loaded word ("disputed", "claims", "regime") and how often each outlet uses it."""

    word: str
    counts: tuple[tuple[str, int], ...]  # outlet -> count
    example: tuple[str, str]  # (outlet, sentence)

    def to_json(self) -> dict[str, Any]:
        return {
            "word": self.word,
            "counts": dict(self.counts),
            "example": {"outlet": self.example[0], "sentence": self.example[1]},
        }


@dataclass(frozen=True, slots=True)
class CoverageRow:
    """One key fact of the event and which outlets reported it."""

    kind: FactKind
    fact: str
    outlets: tuple[str, ...]  # who reported it

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "fact": self.fact, "outlets": list(self.outlets)}


@dataclass(frozen=True, slots=True)
class Reuse:
    """A sentence that stands nearly word for word in more than one outlet."""

    text: str
    copies: tuple[tuple[str, str, str | None], ...]  # (outlet, article id, date), earliest first
    similarity: float

    @property
    def first(self) -> str:
        return self.copies[0][0]

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "first": self.first,
            "similarity": round(self.similarity, 3),
            "copies": [{"outlet": o, "article": a, "published": d} for o, a, d in self.copies],
        }


@dataclass(frozen=True, slots=True)
class OutletTiming:
    outlet: str
    articles: int
    first: str | None  # ISO at its precision
    last: str | None
    first_article: str  # id of its earliest article

    def to_json(self) -> dict[str, Any]:
        return {
            "outlet": self.outlet,
            "articles": self.articles,
            "first": self.first,
            "last": self.last,
            "first_article": self.first_article,
        }


@dataclass(frozen=True, slots=True)
class Comparison:
    """Everything `briefing compare` shows for one event and two or more outlets."""

    event_id: str
    label: str
    outlets: tuple[str, ...]
    shared: tuple[AlignedStatement, ...]
    unique: tuple[tuple[str, tuple[Statement, ...]], ...]  # outlet -> what only it reports
    quotes: tuple[QuoteGroup, ...]
    numbers: tuple[NumberClaim, ...]
    naming: tuple[Naming, ...]
    framing: tuple[FramingWord, ...]
    coverage: tuple[CoverageRow, ...]
    reuse: tuple[Reuse, ...]
    timing: tuple[OutletTiming, ...]  # earliest outlet first
    # who is quoted, by which outlet, how often: ((speaker, ((outlet, n), ...)), ...)
    speakers: tuple[tuple[str, tuple[tuple[str, int], ...]], ...] = ()

    def unique_to(self, outlet: str) -> tuple[Statement, ...]:
        return dict(self.unique).get(outlet, ())

    def to_json(self) -> dict[str, Any]:
        return {
            "event": self.event_id,
            "label": self.label,
            "outlets": list(self.outlets),
            "timing": [t.to_json() for t in self.timing],
            "shared": [a.to_json() for a in self.shared],
            "unique": {o: [s.to_json() for s in ss] for o, ss in self.unique},
            "quotes": [q.to_json() for q in self.quotes],
            "numbers": [n.to_json() for n in self.numbers],
            "naming": [n.to_json() for n in self.naming],
            "framing": [f.to_json() for f in self.framing],
            "coverage": [c.to_json() for c in self.coverage],
            "reuse": [r.to_json() for r in self.reuse],
            "speakers": {who: dict(per) for who, per in self.speakers},
        }


class CompareError(BriefingError):
    """The comparison cannot be made (fewer than two outlets, an unknown outlet)."""
