"""The briefing: what a reader needs to know about a corpus, every line citing its article.

Why this module exists: `briefing summary` turns a pile of `Article` records into something a
person can read in a minute and check line by line: the corpus at a glance, a timeline of the
articles and of the dates they mention, the people and places that matter most, and the
strongest quotes. Building and rendering are kept apart:

- `build_briefing` is pure. It returns frozen dataclasses (no I/O, no Rich, no Textual), so the
  CLI, pipes and the later terminal app all share one set of numbers.
- `render_rich`, `render_markdown` and `render_json` turn a `Briefing` into text. Article text is
  data, never markup: Rich output is built from `Text` objects only (a headline such as
  `[bold red]x[/]` prints literally), and Markdown escapes what Markdown would interpret.

Dates are shown at the precision they are known ("2016-12-16", "Dec 2016", "2016", "undated");
no day is ever invented. Every entry carries a `Citation` (outlet, date, article id).

Adding a section (the planned `events`): give it a frozen dataclass with a `to_json()` method, add
a field with a default to `Briefing` and its key to `Briefing.to_json`, and append one renderer
to `_RICH_SECTIONS` and `_MARKDOWN_SECTIONS`. Nothing else needs to change shape.
"""

from __future__ import annotations

import json
import re
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING, Any, ClassVar

from rich import box
from rich.console import Console, Group
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from briefing.models import (
    Article,
    DatedReference,
    EntityKind,
    FuzzyDate,
    Mention,
    Precision,
    Relation,
)

if TYPE_CHECKING:
    from briefing.compare import Comparison
    from briefing.events import Event

__all__ = [
    "DEFAULT_TITLE",
    "SCHEMA_VERSION",
    "ArticleEntry",
    "Briefing",
    "Citation",
    "Difference",
    "EventEntry",
    "Glance",
    "OutletCount",
    "RankedMention",
    "RankedQuote",
    "ReferenceEntry",
    "ReferenceMention",
    "TimelineEntry",
    "build_briefing",
    "date_label",
    "md_escape",
    "outlet_style",
    "render_json",
    "render_markdown",
    "render_rich",
    "span_label",
]

SCHEMA_VERSION = 1
DEFAULT_TITLE = "Briefing"
UNKNOWN_OUTLET = "unknown outlet"
UNDATED = "undated"
UNATTRIBUTED = "unattributed"

MIN_QUOTE_WORDS = 6  # shorter quotes are fragments ("an anachronism"), not statements
MAX_QUOTE_CHARS = 280  # longer quotes are trimmed at a word boundary with an ellipsis
MAX_SENTENCE_CHARS = 160  # the sentence shown under a dated reference
QUOTES_PER_SPEAKER = 2  # so one voice does not fill the list
RICH_CITATIONS_SHOWN = 3  # per person/place in the terminal; Markdown and JSON list all

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_RELATION_LABELS: dict[Relation, str] = {
    "past": "earlier",
    "same": "same day",
    "ahead": "upcoming",
    "unknown": "",
}
_PRECISION_RANK: dict[Precision, int] = {"day": 0, "month": 1, "year": 2, "unknown": 3}


# --------------------------------------------------------------------------------------------
# Dates as text


def date_label(iso: str | None) -> str:
    """A date at the precision it is known: `2016-12-16`, `Dec 2016`, `2016` or `undated`."""
    if not iso:
        return UNDATED
    parts = iso.split("-")
    if len(parts) == 2:
        try:
            return f"{_MONTHS[int(parts[1]) - 1]} {parts[0]}"
        except (ValueError, IndexError):
            return iso
    return iso


def span_label(start: str | None, end: str | None) -> str:
    """A date or a span: `2016-12-15–16`, `Dec 2016 – Jan 2017`, or as `date_label`."""
    if end is None or end == start or start is None:
        return date_label(start)
    if len(start) == 10 and len(end) == 10 and start[:8] == end[:8]:
        return f"{start}–{end[8:]}"
    return f"{date_label(start)} – {date_label(end)}"


# --------------------------------------------------------------------------------------------
# The data


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

    def to_json(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "outlets": [o.to_json() for o in self.outlets],
            "earliest": self.earliest,
            "latest": self.latest,
            "undated": self.undated,
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

    def to_json(self) -> dict[str, Any]:
        """The `--format json` document. Keys are stable; dates are ISO at their precision."""
        return {
            "schema": SCHEMA_VERSION,
            "title": self.title,
            "glance": self.glance.to_json(),
            "timeline": [e.to_json() for e in self.timeline],
            "timeline_omitted": self.timeline_omitted,
            "people": [p.to_json() for p in self.people],
            "places": [p.to_json() for p in self.places],
            "quotes": [q.to_json() for q in self.quotes],
            "events": [e.to_json() for e in self.events],
        }


# --------------------------------------------------------------------------------------------
# Building


def build_briefing(
    articles: Sequence[Article],
    *,
    top: int = 10,
    title: str | None = None,
    events: Sequence[Event] | None = None,
    timeline_limit: int | None = None,
) -> Briefing:
    """Summarise `articles`: glance, timeline, top `top` people, places and quotes.

    With `events` (from `briefing.events.group_events`), the briefing also lists the `top`
    events that matter most (most outlets, then most articles), each with its coverage and,
    when several outlets told it, its sharpest differences. `timeline_limit` keeps only the
    most recent entries of the timeline (a briefing of fifty thousand articles cannot list
    them all); `timeline_omitted` says how many were left out.
    """
    if top < 0:
        raise ValueError(f"top must be zero or more, not {top}")
    ordered = sorted(articles, key=_article_order)
    timeline = _timeline(ordered)
    omitted = 0
    if timeline_limit is not None and 0 < timeline_limit < len(timeline):
        omitted = len(timeline) - timeline_limit
        timeline = timeline[omitted:]
    return Briefing(
        timeline_omitted=omitted,
        events=_events(ordered, events or (), top),
        title=title or DEFAULT_TITLE,
        glance=_glance(ordered),
        timeline=timeline,
        people=_rank_mentions(ordered, lambda a: a.people, "person", top),
        places=_rank_mentions(ordered, lambda a: a.places, "place", top),
        quotes=_rank_quotes(ordered, top),
    )


def _events(
    articles: Sequence[Article], events: Sequence[Event], top: int
) -> tuple[EventEntry, ...]:
    from briefing.compare import CompareError, compare

    by_id = {a.id: a for a in articles}
    chosen = sorted(events, key=lambda e: (-len(e.outlets), -len(e.articles), e.id))[:top]
    chosen.sort(key=lambda e: (FuzzyDate.parse_iso(e.start).sort_key(), e.id))
    out = []
    for e in chosen:
        members = [by_id[i] for i in e.articles if i in by_id]
        cites = tuple(Citation.of(a) for a in members[:3])
        diffs: list[Difference] = []
        if len(e.outlets) > 1:
            try:
                c = compare(e, members, top=3)
            except CompareError:
                c = None
            if c is not None:
                diffs = _differences(c, by_id)
        out.append(
            EventEntry(
                id=e.id,
                label=e.label,
                start=e.start,
                end=e.end,
                coverage=tuple((o, len(ids)) for o, ids in e.outlets),
                missing=e.missing,
                blindspot=e.blindspot,
                differences=tuple(diffs),
                citations=cites,
            )
        )
    return tuple(out)


def _differences(c: Comparison, by_id: dict[str, Article]) -> list[Difference]:
    out: list[Difference] = []
    for claim in c.numbers:
        if claim.disagree:
            text = f"{claim.what}: " + "; ".join(f"{o} {v}" for o, v, _ in claim.values)
            out.append(Difference("disagree", text))
            break
    for outlet, statements in c.unique:
        if statements:
            s = statements[0]
            cite = (Citation.of(by_id[s.article_id]),) if s.article_id in by_id else ()
            out.append(Difference("only", f"only {outlet}: {_trim(s.text, 160)}", cite))
    for naming in c.naming[:1]:
        used = {o: {f for f, _ in forms} for o, forms in naming.forms}
        parts = []
        for o, forms in naming.forms:
            own = [f for f, _ in forms if not all(f in used[x] for x in used if x != o)]
            if own:
                parts.append(f"{o} " + ", ".join(f"“{f}”" for f in own[:3]))
        if parts:
            out.append(Difference("naming", f"{naming.thing} named: " + "; ".join(parts)))
    return out


def _article_order(article: Article) -> tuple[tuple[int, Any], str, str]:
    return (article.published.date.sort_key(), (article.outlet or "").casefold(), article.id)


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _glance(articles: Sequence[Article]) -> Glance:
    counts = Counter(a.outlet for a in articles)
    outlets = tuple(
        OutletCount(outlet, n)
        for outlet, n in sorted(
            counts.items(), key=lambda kv: (-kv[1], kv[0] is None, (kv[0] or "").casefold())
        )
    )
    dated = [a.published.date for a in articles if a.published.date.known]
    dated.sort(key=lambda d: (d.sort_key(), _PRECISION_RANK[d.precision]))
    return Glance(
        articles=len(articles),
        outlets=outlets,
        earliest=dated[0].iso if dated else None,
        latest=dated[-1].iso if dated else None,
        undated=len(articles) - len(dated),
    )


def _timeline(articles: Sequence[Article]) -> tuple[TimelineEntry, ...]:
    keyed: list[tuple[tuple[Any, ...], TimelineEntry]] = []
    for a in articles:
        date = a.published.date
        entry = ArticleEntry(
            date_iso=date.iso,
            precision=date.precision if date.known else "unknown",
            outlet=a.outlet,
            headline=a.headline,
            headline_derived=a.headline_derived,
            citation=Citation.of(a),
        )
        keyed.append(
            ((date.sort_key(), 0, _PRECISION_RANK[entry.precision], _article_order(a)), entry)
        )

    groups: dict[tuple[str | None, str | None, str], list[tuple[DatedReference, Article]]] = {}
    group_ids: dict[tuple[str | None, str | None, str], set[str]] = {}
    for a in articles:
        for ref in a.dated_references:
            if not ref.date.known:
                continue
            key = (ref.date.iso, ref.end.iso if ref.end else None, _norm(ref.text))
            group = groups.setdefault(key, [])
            members = group_ids.setdefault(key, set())
            if a.id not in members:
                members.add(a.id)
                group.append((ref, a))
    for group in groups.values():
        first = group[0][0]
        end_iso = first.end.iso if first.end else None
        ref_entry = ReferenceEntry(
            date_iso=first.date.iso,
            end_iso=end_iso if end_iso != first.date.iso else None,
            precision=first.date.precision,
            text=" ".join(first.text.split()),
            mentions=tuple(
                ReferenceMention(Citation.of(a), ref.relation, " ".join(ref.sentence.split()))
                for ref, a in group
            ),
        )
        keyed.append(
            (
                (
                    first.date.sort_key(),
                    1,
                    _PRECISION_RANK[first.date.precision],
                    (_norm(first.text),),
                ),
                ref_entry,
            )
        )
    keyed.sort(key=lambda ke: ke[0])
    return tuple(entry for _, entry in keyed)


def _rank_mentions(
    articles: Sequence[Article],
    pick: Callable[[Article], Iterable[Mention]],
    kind: EntityKind,
    top: int,
) -> tuple[RankedMention, ...]:
    found = [(a, m) for a in articles for m in pick(a)]
    # A short form listed as an alias of exactly one fuller name counts as that name.
    alias_of: dict[str, set[str]] = {}
    for _, m in found:
        for alias in m.aliases:
            if _norm(alias) != _norm(m.name):
                alias_of.setdefault(_norm(alias), set()).add(_norm(m.name))

    def resolve(name: str) -> str:
        targets = alias_of.get(_norm(name), set())
        return next(iter(targets)) if len(targets) == 1 else _norm(name)

    spellings: dict[str, Counter[str]] = {}
    aliases: dict[str, dict[str, None]] = {}
    totals: Counter[str] = Counter()
    cited: dict[str, dict[str, Article]] = {}
    for a, m in found:
        key = resolve(m.name)
        spellings.setdefault(key, Counter())
        if _norm(m.name) == key:
            spellings[key][m.name] += 1
        aliases.setdefault(key, {})
        for alias in (m.name, *m.aliases):
            aliases[key][alias] = None
        totals[key] += max(m.count, 1)
        cited.setdefault(key, {}).setdefault(a.id, a)

    ranked: list[RankedMention] = []
    for key, by_id in cited.items():
        names = spellings[key] or Counter({key: 1})
        name = max(names, key=lambda n: (names[n], len(n)))
        ranked.append(
            RankedMention(
                name=name,
                kind=kind,
                articles=len(by_id),
                mentions=totals[key],
                citations=tuple(Citation.of(a) for a in sorted(by_id.values(), key=_article_order)),
                aliases=tuple(x for x in aliases[key] if x != name),
            )
        )
    ranked.sort(key=lambda r: (-r.articles, -r.mentions, r.name.casefold()))
    return tuple(ranked[:top])


_WORD_CHARS = re.compile(r"[^\w\s]")


def _quote_key(text: str) -> str:
    return " ".join(_WORD_CHARS.sub(" ", text.casefold()).split())


_DIGIT = re.compile(r"\d")
_QUOTE_PUNCT = "\"'“”‘’()[],.;:!?"


def _quote_score(text: str, reporters: int) -> int:
    """Substance, roughly: length within reason, numbers, names, and how many outlets ran it."""
    words = text.split()
    score = min(len(words), 40)
    if len(words) > 120:
        score -= (len(words) - 120) // 4
    if _DIGIT.search(text):
        score += 10
    names = 0
    for prev, word in pairwise(words):
        if not word[:3].lstrip(_QUOTE_PUNCT)[:1].isupper():
            continue  # cheap test first: most words are not capitalised
        bare = word.strip(_QUOTE_PUNCT)
        if len(bare) > 1 and bare[0].isupper() and not prev.endswith((".", "!", "?", ":")):
            names += 1
            if names == 3:
                break
    score += 4 * min(names, 3)
    score += 5 * min(reporters - 1, 3)
    return score


def _trim(text: str, limit: int) -> str:
    """`text` cut to `limit` characters at a word boundary, with an ellipsis when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–—") + "…"


def _rank_quotes(articles: Sequence[Article], top: int) -> tuple[RankedQuote, ...]:
    groups: dict[str, list[tuple[str | None, str, Article]]] = {}
    for a in articles:
        for q in a.quotes:
            text = " ".join(q.text.split())
            if len(text.split()) < MIN_QUOTE_WORDS:
                continue
            group = groups.setdefault(_quote_key(text), [])
            group.append((q.speaker, text, a))

    # Score every group cheaply; build the full record only for those examined for the list.
    candidates: list[tuple[tuple[Any, ...], str | None, list[Article]]] = []
    for group in groups.values():
        if len(group) == 1:
            sp = group[0][0]
            speaker = sp.strip() if sp and sp.strip() else None
            reporters = [group[0][2]]
        else:
            speakers = Counter(s.strip() for s, _, _ in group if s and s.strip())
            speaker = max(speakers, key=lambda s: speakers[s]) if speakers else None
            by_id: dict[str, Article] = {}
            for _, _, a in group:
                by_id.setdefault(a.id, a)
            reporters = sorted(by_id.values(), key=_article_order)
        full_text = group[0][1]
        score = _quote_score(full_text, len(reporters))
        candidates.append(
            ((speaker is None, -score, _article_order(reporters[0]), full_text), speaker, reporters)
        )
    candidates.sort(key=lambda c: c[0])

    def record(key: tuple[Any, ...], speaker: str | None, reporters: list[Article]) -> RankedQuote:
        full_text = key[3]
        return RankedQuote(
            speaker=speaker,
            text=_trim(full_text, MAX_QUOTE_CHARS),
            full_text=full_text,
            citations=tuple(Citation.of(a) for a in reporters),
            score=-key[1],
        )

    chosen: list[RankedQuote] = []
    per_speaker: Counter[str] = Counter()
    for key, speaker, reporters in candidates:
        if len(chosen) >= top:
            break
        if speaker is not None:
            who = _norm(speaker)
            if per_speaker[who] >= QUOTES_PER_SPEAKER:
                continue
            per_speaker[who] += 1
        chosen.append(record(key, speaker, reporters))
    return tuple(chosen)


# --------------------------------------------------------------------------------------------
# Rich

_PALETTE = (
    "cyan",
    "magenta",
    "green",
    "yellow",
    "blue",
    "bright_magenta",
    "bright_green",
    "bright_blue",
)


def outlet_style(outlet: str | None) -> str:
    """A stable colour per outlet name (the same on every run and machine)."""
    if not outlet:
        return "dim"
    return _PALETTE[zlib.crc32(outlet.casefold().encode("utf-8")) % len(_PALETTE)]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _citation_text(citation: Citation, prefix: str = "", stacked: bool = False) -> Text:
    """`TASS, 2016-11-20, <article id>`; stacked puts the id on its own line (for narrow tables)."""
    text = Text(prefix, style="dim")
    text.append(citation.outlet_label, style=outlet_style(citation.outlet))
    text.append(f", {citation.date_text},")
    text.append("\n" if stacked else " ")
    text.append(citation.article_id, style="dim")
    return text


def _citations_text(
    citations: Sequence[Citation], limit: int | None = None, stacked: bool = False
) -> Text:
    shown = citations if limit is None else citations[:limit]
    text = Text("\n").join(_citation_text(c, stacked=stacked) for c in shown)
    if len(citations) > len(shown):
        text.append(f"\n+{len(citations) - len(shown)} more", style="dim")
    return text


def _heading(console: Console, title: str) -> None:
    console.print()
    console.print(Rule(Text(title, style="bold"), align="left", style="dim"))


def _rich_glance(briefing: Briefing, console: Console) -> None:
    glance = briefing.glance
    if glance.articles == 0:
        console.print(Text("No articles.", style="dim"))
        return
    line = Text()
    line.append(_plural(glance.articles, "article"), style="bold")
    line.append(f" from {_plural(len(glance.outlets), 'outlet')}")
    if glance.earliest:
        line.append(" · ")
        line.append(span_label(glance.earliest, glance.latest), style="bold")
    if glance.undated:
        line.append(f" · {glance.undated} undated", style="dim")
    console.print(line)
    outlets = Text("Outlets: ", style="dim")
    for i, oc in enumerate(glance.outlets):
        if i:
            outlets.append("  ·  ", style="dim")
        outlets.append(oc.outlet or UNKNOWN_OUTLET, style=outlet_style(oc.outlet))
        outlets.append(f" {oc.articles}")
    console.print(outlets)


def _rich_timeline(briefing: Briefing, console: Console) -> None:
    _heading(console, "Timeline")
    if not briefing.timeline:
        console.print(Text("Nothing to show.", style="dim"))
        return
    if briefing.timeline_omitted:
        console.print(
            Text(
                f"{briefing.timeline_omitted:,} earlier entries not shown "
                "(--timeline 0 shows them all)",
                style="dim",
            )
        )
    stacked = console.width < 100  # narrow: put the id under outlet and date
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=True)
    table.add_column("Date", max_width=14)
    table.add_column("Entry", ratio=1, overflow="fold")
    table.add_column("Source", no_wrap=True)
    for entry in briefing.timeline:
        if isinstance(entry, ArticleEntry):
            what = Text(entry.headline or "(no headline)", style="bold")
            if entry.headline_derived:
                what.append(" (headline from text)", style="dim italic")
            table.add_row(
                Text(entry.date_text), what, _citation_text(entry.citation, stacked=stacked)
            )
        else:
            what = Text(f"“{entry.text}”", style="italic")
            relation = "/".join(filter(None, (_RELATION_LABELS[r] for r in entry.relations)))
            if relation:
                what.append(f" · {relation}", style="dim")
            if entry.sentence:
                what.append("\n")
                what.append(_trim(entry.sentence, MAX_SENTENCE_CHARS), style="dim")
            table.add_row(
                Text(entry.date_text, style="italic"),
                what,
                _citations_text(entry.citations, stacked=stacked),
            )
    console.print(table)


def _rich_mentions(title: str, ranked: Sequence[RankedMention], console: Console) -> None:
    _heading(console, title)
    if not ranked:
        console.print(Text("Nothing to show.", style="dim"))
        return
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=True)
    table.add_column("Name", ratio=1, overflow="fold")
    table.add_column("Articles", justify="right", no_wrap=True)
    table.add_column("Mentions", justify="right", no_wrap=True)
    table.add_column("Cited in", no_wrap=True)
    for r in ranked:
        table.add_row(
            Text(r.name, style="bold"),
            Text(str(r.articles)),
            Text(str(r.mentions)),
            _citations_text(r.citations, RICH_CITATIONS_SHOWN),
        )
    console.print(table)


def _rich_people_places(briefing: Briefing, console: Console) -> None:
    _rich_mentions("People", briefing.people, console)
    _rich_mentions("Places", briefing.places, console)


def _rich_quotes(briefing: Briefing, console: Console) -> None:
    _heading(console, "Quotes")
    if not briefing.quotes:
        console.print(Text("Nothing to show.", style="dim"))
        return
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(ratio=1)
    for i, q in enumerate(briefing.quotes, 1):
        said = Text("— ", style="dim")
        said.append(q.speaker or UNATTRIBUTED, style="bold" if q.speaker else "dim italic")
        said.append(", reported by ", style="dim")
        said.append_text(_citation_text(q.citations[0]))
        lines: list[Text] = [Text(f"“{q.text}”"), said]
        lines.extend(_citation_text(c, prefix="  and ") for c in q.citations[1:])
        grid.add_row(Text(f"{i}.", style="dim"), Group(*lines))
    console.print(grid)


def _rich_events(briefing: Briefing, console: Console) -> None:
    if not briefing.events:
        return
    _heading(console, "Events")
    stacked = console.width < 100
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=True)
    table.add_column("Dates", max_width=14)
    table.add_column("Event", ratio=1, overflow="fold")
    table.add_column("Coverage", max_width=22, overflow="fold")
    for e in briefing.events:
        what = Text(e.label, style="bold")
        what.append(f"  {e.id}", style="dim")
        for d in e.differences:
            what.append("\n• ")
            what.append(d.text, style="red" if d.kind == "disagree" else "")
            for c in d.citations:
                what.append("  (")
                what.append_text(_citation_text(c))
                what.append(")")
        coverage = Text()
        for i, (outlet, n) in enumerate(e.coverage):
            coverage.append("\n" if i else "")
            coverage.append(outlet, style=outlet_style(outlet))
            coverage.append(f" {n}")
        if e.blindspot:
            coverage.append("\nblindspot", style="bold yellow")
            coverage.append("\nnot in " + ", ".join(e.missing[:3]), style="yellow")
            if len(e.missing) > 3:
                coverage.append(f" +{len(e.missing) - 3}", style="yellow")
        if not e.differences and e.citations:
            what.append("\n")
            what.append_text(_citation_text(e.citations[0], stacked=stacked))
        table.add_row(Text(span_label(e.start, e.end)), what, coverage)
    console.print(table)


_RICH_SECTIONS: tuple[Callable[[Briefing, Console], None], ...] = (
    _rich_glance,
    _rich_events,
    _rich_timeline,
    _rich_people_places,
    _rich_quotes,
)


def render_rich(briefing: Briefing, console: Console) -> None:
    """Print the briefing to `console`.

    Colour follows the console: Rich drops it when the output is not a terminal or `NO_COLOR`
    is set. Article text is only ever passed as `Text`, never parsed as markup.
    """
    console.print(Rule(Text(briefing.title, style="bold")))
    for section in _RICH_SECTIONS:
        section(briefing, console)


# --------------------------------------------------------------------------------------------
# Markdown

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~&])")


def _md(text: str) -> str:
    """Article text made safe for one Markdown line or table cell."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


md_escape = _md  # for other renderers


def _md_code(text: str) -> str:
    if "`" in text or "|" in text or "\n" in text:
        return _md(text)
    return f"`{text}`"


def _md_citation(citation: Citation) -> str:
    return f"{_md(citation.outlet_label)}, {citation.date_text}, {_md_code(citation.article_id)}"


def _md_citations(citations: Iterable[Citation]) -> str:
    return "; ".join(_md_citation(c) for c in citations)


def _md_glance(briefing: Briefing) -> list[str]:
    glance = briefing.glance
    if glance.articles == 0:
        return ["_No articles._", ""]
    line = (
        f"**{_plural(glance.articles, 'article')}** from {_plural(len(glance.outlets), 'outlet')}"
    )
    if glance.earliest:
        line += f", {span_label(glance.earliest, glance.latest)}"
    if glance.undated:
        line += f" ({glance.undated} undated)"
    lines = [line + ".", "", "| Outlet | Articles |", "| --- | ---: |"]
    lines += [f"| {_md(o.outlet or UNKNOWN_OUTLET)} | {o.articles} |" for o in glance.outlets]
    return [*lines, ""]


def _md_timeline(briefing: Briefing) -> list[str]:
    lines = ["## Timeline", ""]
    if not briefing.timeline:
        return [*lines, "_Nothing to show._", ""]
    if briefing.timeline_omitted:
        lines += [f"_{briefing.timeline_omitted:,} earlier entries not shown._", ""]
    lines += ["| Date | Entry | Source |", "| --- | --- | --- |"]
    for entry in briefing.timeline:
        if isinstance(entry, ArticleEntry):
            what = f"**{_md(entry.headline)}**" if entry.headline else "_(no headline)_"
            if entry.headline_derived:
                what += " _(headline from text)_"
            lines.append(f"| {entry.date_text} | {what} | {_md_citation(entry.citation)} |")
        else:
            what = f"“{_md(entry.text)}”"
            relation = "/".join(filter(None, (_RELATION_LABELS[r] for r in entry.relations)))
            if relation:
                what += f" ({relation})"
            if entry.sentence:
                what += f": {_md(_trim(entry.sentence, MAX_SENTENCE_CHARS))}"
            lines.append(f"| {entry.date_text} | {what} | {_md_citations(entry.citations)} |")
    return [*lines, ""]


def _md_mentions(title: str, ranked: Sequence[RankedMention]) -> list[str]:
    lines = [f"## {title}", ""]
    if not ranked:
        return [*lines, "_Nothing to show._", ""]
    lines += ["| Name | Articles | Mentions | Cited in |", "| --- | ---: | ---: | --- |"]
    lines += [
        f"| {_md(r.name)} | {r.articles} | {r.mentions} | {_md_citations(r.citations)} |"
        for r in ranked
    ]
    return [*lines, ""]


def _md_people_places(briefing: Briefing) -> list[str]:
    return _md_mentions("People", briefing.people) + _md_mentions("Places", briefing.places)


def _md_quotes(briefing: Briefing) -> list[str]:
    lines = ["## Quotes", ""]
    if not briefing.quotes:
        return [*lines, "_Nothing to show._", ""]
    for i, q in enumerate(briefing.quotes, 1):
        who = f"**{_md(q.speaker)}**" if q.speaker else f"_{UNATTRIBUTED}_"
        lines.append(f"{i}. “{_md(q.text)}” — {who}, reported by {_md_citations(q.citations)}")
    return [*lines, ""]


def _md_events(briefing: Briefing) -> list[str]:
    if not briefing.events:
        return []
    lines = ["## Events", ""]
    for e in briefing.events:
        coverage = ", ".join(f"{_md(o)} {n}" for o, n in e.coverage)
        blind = f"; **blindspot**: not in {_md(', '.join(e.missing))}" if e.blindspot else ""
        lines.append(
            f"- **{_md(e.label)}** ({span_label(e.start, e.end)}; `{e.id}`): {coverage}{blind}"
        )
        for d in e.differences:
            cite = f" ({_md_citations(d.citations)})" if d.citations else ""
            lines.append(f"  - {_md(d.text)}{cite}")
    return [*lines, ""]


_MARKDOWN_SECTIONS: tuple[Callable[[Briefing], list[str]], ...] = (
    _md_glance,
    _md_events,
    _md_timeline,
    _md_people_places,
    _md_quotes,
)


def render_markdown(briefing: Briefing) -> str:
    """The briefing as a Markdown document (GitHub-flavoured tables), ending in a newline."""
    lines = [f"# {_md(briefing.title)}", ""]
    for section in _MARKDOWN_SECTIONS:
        lines.extend(section(briefing))
    return "\n".join(lines).rstrip("\n") + "\n"


# --------------------------------------------------------------------------------------------
# JSON


def render_json(briefing: Briefing) -> str:
    """The briefing as indented JSON (see `Briefing.to_json`), without a trailing newline."""
    return json.dumps(briefing.to_json(), indent=2, ensure_ascii=False)
