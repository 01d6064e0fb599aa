"""How each outlet told one event: aligned statements, what only one reports, quotes, numbers.

Why this module exists: the reason to read several outlets is to see where they differ. Given
one event (from `briefing.events`) and two or more of its outlets, `compare` returns a frozen
`Comparison` that the CLI prints and the app's comparison pane shows side by side:

- shared statements, aligned: sentences in different outlets that report the same thing
  (same names, numbers and key words, different wording), strongest first;
- what only one outlet reports, ranked by how much it carries (names, numbers, quotes first);
- quotes by speaker, the same quote in different words paired with its word differences;
- the numbers and dates each outlet gives, disagreements flagged;
- naming and framing: different words for the same thing ("Southern Kurils" / "Northern
  Territories"), and loaded words ("disputed", "claims") each outlet uses;
- a coverage matrix of the event's key facts against outlets;
- text reuse (near-verbatim sentences in more than one outlet, and who had them first);
- timing: who reported first, how many articles each outlet ran.

Everything is general rules over sentences: term weights (rare words count), names, numbers,
dates. Nothing here knows any particular article. Plain Python: no Textual, no Rich.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from typing import Any, Literal

from rapidfuzz import fuzz

from briefing.errors import BriefingError
from briefing.events import _STOP, EVENT_NOUNS, Event, terms
from briefing.ingest.dates import sentences
from briefing.ingest.rules import Rules, default_rules
from briefing.models import Article, FuzzyDate

__all__ = [
    "AlignedStatement",
    "CompareError",
    "Comparison",
    "CoverageRow",
    "DiffPiece",
    "FramingWord",
    "Naming",
    "NumberClaim",
    "OutletTiming",
    "QuoteGroup",
    "QuoteRendering",
    "Reuse",
    "Statement",
    "compare",
]

FactKind = Literal["person", "place", "organisation", "number", "date", "quote"]


# --- the records ----------------------------------------------------------------------------


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


# --- building -------------------------------------------------------------------------------

_NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
}
_NUM = r"(?:\d+(?:[.,]\d+)*|" + "|".join(_NUMBER_WORDS) + r")"
_SCALE = r"(?:\s+(?:hundred|thousand|million|billion|trillion|bn|mln|m)\b)?"
_NUMBER = re.compile(
    rf"(?<![\w$€£¥.-])(?P<cur>[$€£¥])?(?P<n>{_NUM}){_SCALE}"
    r"(?P<unit>\s*(?:%|percent\b|per cent\b))?"
    r"(?P<rest>(?:\s+(?:of\s+)?(?:the\s+)?[A-Za-z][\w-]*){0,3})",
    re.I,
)
_MONTHS = (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
).split()
_NOT_UNITS = frozenset(
    "and or of the a an to in on at for by with from as than that which who percent per cent "
    "times more less about some nearly almost over under".split()
)
_SENTENCE_END = re.compile(r"[.!?…\"”’)]$")
_QUOTE_CHARS = re.compile(r"[\"“”«»]")
_WORD_RE = re.compile(r"\w+(?:[’'-]\w+)*|[^\w\s]")

# how much each kind of content makes a sentence matter
_W_NAME, _W_NUMBER, _W_DATE, _W_QUOTE = 2.0, 2.5, 1.5, 0.8
_ALIGN = 0.28  # minimum similarity for two sentences to report the same thing
_UNIQUE = 0.22  # below this similarity to every other outlet's sentence, a sentence is unique
_REUSE = 88.0  # rapidfuzz ratio for near-verbatim text
_GENERIC_NAME_WORDS = frozenset(
    "island islands south southern north northern east eastern west western central upper lower "
    "new the of republic city province region state states united great sea gulf river lake "
    "mount mountains bay strait peninsula district county territory territories kingdom".split()
)


_Span = tuple[str, dt.date, dt.date]  # (label, first day, last day)


def _same_time(a: _Span, b: _Span) -> bool:
    """Two dated references that can mean the same time: overlapping, of like precision."""
    if a[1] > b[2] or b[1] > a[2]:
        return False
    la, lb = (a[2] - a[1]).days, (b[2] - b[1]).days
    return max(la, lb) <= 40 or min(la, lb) >= 300


@dataclass(slots=True)
class _Sent:
    stmt: Statement
    vector: dict[str, float]
    terms: frozenset[str]
    names: frozenset[str]  # canonical names ("thing" keys)
    numbers: frozenset[str]
    dates: frozenset[_Span]  # the dated references in it
    norm: str  # lower-case, collapsed, for near-verbatim matching


def compare(
    event: Event,
    articles: Iterable[Article],
    outlets: Sequence[str] | None = None,
    top: int = 12,
    rules: Rules | None = None,
) -> Comparison:
    """Compare how `outlets` (default: the event's 2-4 biggest) told `event`.

    `articles` must include the event's articles (others are ignored). Raises `CompareError`
    when fewer than two outlets can be compared or an outlet is not in the event.
    """
    rules = rules or default_rules()
    chosen = _choose_outlets(event, outlets)
    wanted = {aid for name, ids in event.outlets if name in chosen for aid in ids}
    by_id = {a.id: a for a in articles if a.id in wanted}
    if not by_id:
        raise CompareError(f"none of the articles of event {event.id} were given")
    outlet_of = {aid: name for name, ids in event.outlets for aid in ids}
    arts = sorted(by_id.values(), key=lambda a: (a.published.date.sort_key(), a.id))
    namer = _Namer(arts, rules)
    sents = _sentences(arts, outlet_of, namer)
    _weigh(sents)
    pairs = _similar_pairs(sents)
    shared = _align(sents, pairs, top)
    unique = _unique(sents, pairs, chosen, top)
    return Comparison(
        event_id=event.id,
        label=event.label,
        outlets=chosen,
        shared=shared,
        unique=unique,
        quotes=_quotes(arts, outlet_of, top),
        numbers=_claims(sents, pairs, arts, outlet_of),
        naming=namer.naming(chosen),
        framing=_framing(sents, chosen, rules),
        coverage=_coverage(arts, outlet_of, sents, chosen, namer),
        reuse=_reuse(sents, pairs),
        timing=_timing(arts, outlet_of, chosen),
        speakers=_speakers(arts, outlet_of, chosen),
    )


def _choose_outlets(event: Event, outlets: Sequence[str] | None) -> tuple[str, ...]:
    names = [name for name, _ in event.outlets]  # most articles first
    if outlets:
        out: list[str] = []
        for want in outlets:
            match = [n for n in names if n.lower() == want.strip().lower()]
            match = match or [n for n in names if n.lower().startswith(want.strip().lower())]
            if not match:
                raise CompareError(
                    f"{want!r} did not report event {event.id}; its outlets: {', '.join(names)}"
                )
            if match[0] not in out:
                out.append(match[0])
    else:
        out = names[:4]
    if len(out) < 2:
        only = out[0] if out else "no outlet"
        raise CompareError(
            f"event {event.id} ({event.label}) was reported by {only} only: nothing to compare"
            + (f" (a blindspot for {', '.join(event.missing[:5])})" if event.missing else "")
        )
    return tuple(out)


class _Namer:
    """Canonical keys for the names in a set of articles, and each outlet's words for them."""

    def __init__(self, articles: Sequence[Article], rules: Rules) -> None:
        forms: dict[str, str] = {}  # surface form -> canonical name
        self.people = {m.name for a in articles for m in a.people}
        for a in articles:
            for m in (*a.people, *a.places, *a.organisations):
                canonical = m.name
                forms.setdefault(m.name, canonical)
                for alias in m.aliases:
                    if len(alias) > 2:
                        forms.setdefault(alias, canonical)
        # rule groups: every variant maps onto the group's thing
        for thing, variants in rules.naming.items():
            used = [v for v in (thing, *variants) if any(_contains(a, v) for a in articles)]
            if used:
                for v in variants:
                    forms[v] = used[0]  # named as the articles name it
        # names sharing a distinctive word ("Kuril Islands", "Southern Kurils") are one thing
        by_word: dict[str, list[str]] = defaultdict(list)
        for form in forms:
            for w in _name_words(form):
                by_word[w].append(form)
        for _w, group in sorted(by_word.items()):
            if len(group) < 2:
                continue
            things = sorted({forms[f] for f in group}, key=lambda t: (len(t.split()) > 1, t))
            target = max(things, key=lambda t: (sum(forms[f] == t for f in forms), -len(t), t))
            for f in group:
                if forms[f] in things:
                    forms[f] = target
        self.forms = forms
        self.articles = articles
        # longest first, so "South Kuril Islands" is counted before "Kuril Islands"
        ordered = sorted(forms, key=lambda f: (-len(f), f))
        self._pattern = re.compile("|".join(_name_pattern(f) for f in ordered)) if ordered else None

    def find(self, text: str) -> list[tuple[str, str]]:
        """(canonical, surface form as written) for every name in `text`."""
        if self._pattern is None:
            return []
        out = []
        for m in self._pattern.finditer(text):
            surface = m.group(0)
            canonical = self.forms.get(surface) or self._fold(surface)
            if canonical:
                out.append((canonical, surface))
        return out

    def _fold(self, surface: str) -> str | None:
        low = surface.lower()
        for form, canonical in self.forms.items():
            if form.lower() == low:
                return canonical
        return None

    def naming(self, outlets: Sequence[str]) -> tuple[Naming, ...]:
        """Things the outlets name with different words."""
        counts: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
        for a in self.articles:
            outlet = a.outlet or "unknown outlet"
            if outlet not in outlets:
                continue
            for text in (a.headline, a.lede or "", *a.body):
                for canonical, surface in self.find(text):
                    counts[canonical][outlet][_display_form(surface)] += 1
        out = []
        for thing, per in counts.items():
            if thing in self.people:
                continue  # "Putin" / "Vladimir Putin" is style, not naming
            present = [o for o in outlets if per.get(o)]
            if len(present) < 2:
                continue
            used = [frozenset(per[o]) for o in present]
            if all(u == used[0] for u in used):
                continue
            forms = tuple(
                (o, tuple(sorted(per[o].items(), key=lambda kv: (-kv[1], kv[0])))) for o in present
            )
            spread = len(frozenset().union(*used)) - len(frozenset.intersection(*used))
            out.append((spread, sum(sum(c.values()) for c in per.values()), thing, forms))
        out.sort(key=lambda t: (-t[0], -t[1], t[2]))
        return tuple(Naming(thing, forms) for _, _, thing, forms in out[:8])


def _name_words(form: str) -> list[str]:
    words = re.findall(r"[A-Za-z]+", form)
    if len(words) < 1:
        return []
    out = []
    for w in words:
        low = w.lower()
        if low in _GENERIC_NAME_WORDS or len(low) < 4 or not w[0].isupper():
            continue
        out.append(_stem_name(low))
    return out


def _stem_name(word: str) -> str:
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is", "as")):
        return word[:-1]
    return word


def _name_pattern(form: str) -> str:
    body = re.escape(form).replace(r"\ ", r"\s+")
    if form.isupper() or len(form) <= 3:
        return rf"(?<!\w){body}(?!\w)"
    return rf"(?i:(?<!\w){body}(?!\w))"


def _display_form(surface: str) -> str:
    s = " ".join(surface.split())
    return s[0].upper() + s[1:] if s else s


def _contains(a: Article, variant: str) -> bool:
    pat = re.compile(_name_pattern(variant))
    return any(pat.search(t) for t in (a.headline, a.lede or "", *a.body))


def _numbers(sentence: str) -> list[tuple[str, str]]:
    """(key, value as written) for the quantities in a sentence: "12 interstate documents"."""
    out = []
    for m in _NUMBER.finditer(sentence):
        raw = m.group("n")
        low = raw.lower()
        if low in _NUMBER_WORDS:
            value = float(_NUMBER_WORDS[low])
            if value <= 1 and not m.group("unit"):
                continue  # "one of the", "zero" rarely carry a fact
        else:
            try:
                value = float(raw.replace(",", ""))
            except ValueError:
                continue
            if 1800 <= value <= 2100 and "." not in raw and not m.group("unit"):
                continue  # a year: dates are handled as dates
        before = sentence[max(0, m.start() - 12) : m.start()].lower()
        if any(before.rstrip().endswith(mo) for mo in _MONTHS):
            continue  # "December 15": a date
        if low in _NUMBER_WORDS and re.search(
            r"\b(?:the|both|these|those|its|their|our|all)\s*$", before
        ):
            continue  # "the two leaders": a reference, not a quantity
        words = [w.strip(",.;:()\"“”'’") for w in m.group("rest").split()]
        unit = "%" if m.group("unit") else ""
        if unit:
            while words and words[0].lower() in ("of", "the", "a", "an", "its", "all"):
                words = words[1:]
        what: list[str] = []
        for w in words:
            lw = w.lower()
            if not lw or lw in _NOT_UNITS or lw in _STOP or lw in _MONTHS or lw.endswith("ed"):
                break
            what.append(lw)
        if what and what[0] in _MONTHS:
            continue  # "15 December"
        head = _stem_name(what[-1]) if what else ""
        if not unit and not head:
            continue
        key = f"{unit}{head}" if head else unit
        num = f"{value:g}"
        shown = f"{m.group('cur') or ''}{num}{unit}" + (f" {' '.join(what)}" if what else "")
        out.append((key, shown))
    return out


def _sentences(
    articles: Sequence[Article], outlet_of: dict[str, str], namer: _Namer
) -> list[_Sent]:
    out: list[_Sent] = []
    for a in articles:
        outlet = outlet_of.get(a.id, a.outlet or "unknown outlet")
        refs_by_sentence: dict[str, set[_Span]] = defaultdict(set)
        for r in a.dated_references:
            if r.date.known and r.date.start and (r.end or r.date).end:
                last = (r.end or r.date).end
                assert last is not None
                span = (_range_text(r.date, r.end), r.date.start, last)
                refs_by_sentence[" ".join(r.sentence.split())].add(span)
        paragraphs = [*([(-1, a.lede)] if a.lede else []), *enumerate(a.body)]
        seen: set[str] = set()
        for idx, para in paragraphs:
            if not _SENTENCE_END.search(para.strip()) and len(para.split()) < 12:
                continue  # a sub-heading
            for raw in sentences(para):
                text = " ".join(raw.split())
                words = terms(text)
                if len(words) < 4:
                    continue
                norm = " ".join(_WORD_RE.findall(text.lower()))
                if norm in seen:
                    continue  # an article repeating itself
                seen.add(norm)
                found = namer.find(text)
                names = frozenset(c for c, _ in found)
                numbers = _numbers(text)
                dates = frozenset(
                    sp for s, spans in refs_by_sentence.items() if s and s in text for sp in spans
                )
                vector: Counter[str] = Counter(words)
                stmt = Statement(
                    outlet=outlet,
                    article_id=a.id,
                    published=a.published.iso,
                    paragraph=idx,
                    text=text,
                    weight=0.0,
                    names=tuple(dict.fromkeys(c for c, _ in found)),
                    numbers=tuple(dict.fromkeys(v for _, v in numbers)),
                    quoted=bool(_QUOTE_CHARS.search(text)),
                )
                out.append(
                    _Sent(
                        stmt=stmt,
                        vector=dict(vector),
                        terms=frozenset(words),
                        names=names,
                        numbers=frozenset(k + "=" + v.split()[0] for k, v in numbers),
                        dates=dates,
                        norm=norm,
                    )
                )
    return out


def _weigh(sents: list[_Sent]) -> None:
    """TF-IDF vectors (names and numbers as extra terms) and each sentence's weight."""
    df: Counter[str] = Counter()
    for s in sents:
        df.update(s.terms | {"@" + n for n in s.names} | {"#" + n for n in s.numbers})
    n = len(sents) or 1

    def idf(t: str) -> float:
        return math.log((n + 1) / (df[t] + 1)) + 1.0

    for i, s in enumerate(sents):
        vec = {t: (1 + math.log(c)) * idf(t) for t, c in s.vector.items()}
        for name in s.names:
            vec["@" + name] = 1.5 * idf("@" + name)
        for num in s.numbers:
            vec["#" + num] = 2.0 * idf("#" + num)
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        s.vector = {t: v / norm for t, v in vec.items()}
        rare = sum(idf(t) for t in s.terms) / (len(s.terms) or 1)
        weight = (
            _W_NAME * len(s.names)
            + _W_NUMBER * len(s.numbers)
            + _W_DATE * len(s.dates)
            + (_W_QUOTE if s.stmt.quoted else 0.0)
            + rare / 2
        )
        sents[i].stmt = _with_weight(s.stmt, weight)


def _with_weight(s: Statement, weight: float) -> Statement:
    return Statement(
        s.outlet,
        s.article_id,
        s.published,
        s.paragraph,
        s.text,
        weight,
        s.names,
        s.numbers,
        s.quoted,
    )


def _cos(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def _similar_pairs(sents: list[_Sent]) -> dict[tuple[int, int], float]:
    """Similarity of every cross-outlet pair of sentences that share a term (sparse)."""
    posting: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(sents):
        for t in s.vector:
            posting[t].append(i)
    limit = max(50, len(sents) // 3)  # terms in a third of all sentences do not find pairs
    seen: set[tuple[int, int]] = set()
    out: dict[tuple[int, int], float] = {}
    for _t, ids in posting.items():
        if len(ids) > limit:
            continue
        for x in range(len(ids)):
            for y in range(x + 1, len(ids)):
                i, j = ids[x], ids[y]
                if (i, j) in seen or sents[i].stmt.outlet == sents[j].stmt.outlet:
                    continue
                seen.add((i, j))
                sim = _cos(sents[i].vector, sents[j].vector)
                if sim > 0.05:
                    out[(i, j)] = sim
    return out


def _content_shared(a: _Sent, b: _Sent) -> set[str]:
    """Shared stemmed words that are not part of a shared name."""
    name_words = {t for n in a.names & b.names for t in terms(n)}
    return set(a.terms & b.terms) - name_words


def _shared_keys(a: _Sent, b: _Sent) -> tuple[str, ...]:
    keys = [n for n in a.stmt.names if n in b.names]
    keys += sorted(
        _content_shared(a, b),
        key=lambda t: -(a.vector.get(t, 0) * b.vector.get(t, 0)),
    )[:6]
    keys += [v for v in a.stmt.numbers if any(v.split()[0] == w.split()[0] for w in b.stmt.numbers)]
    return tuple(dict.fromkeys(keys))


def _align(
    sents: list[_Sent], pairs: dict[tuple[int, int], float], top: int
) -> tuple[AlignedStatement, ...]:
    row_of: dict[int, int] = {}
    rows: list[list[int]] = []
    sims: list[list[float]] = []
    for (i, j), sim in sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0])):
        if sim < _ALIGN or len(_content_shared(sents[i], sents[j])) < 2:
            continue
        ri, rj = row_of.get(i), row_of.get(j)
        if ri is None and rj is None:
            row_of[i] = row_of[j] = len(rows)
            rows.append([i, j])
            sims.append([sim])
            continue
        if ri is not None and rj is not None:
            continue
        r, new = (ri, j) if ri is not None else (rj, i)
        assert r is not None
        if any(sents[k].stmt.outlet == sents[new].stmt.outlet for k in rows[r]):
            continue
        # joining a row needs agreement with every sentence already in it
        others = [pairs.get((min(k, new), max(k, new)), 0.0) for k in rows[r]]
        if min(others) < _ALIGN * 0.8:
            continue
        row_of[new] = r
        rows[r].append(new)
        sims[r].extend(others)
    out = []
    for row, ss in zip(rows, sims, strict=True):
        members = sorted(row, key=lambda k: (sents[k].stmt.outlet, k))
        a, b = sents[members[0]], sents[members[1]]
        strength = (
            (sum(ss) / len(ss))
            * (1 + 0.1 * len(members))
            * (1 + 0.05 * sum(sents[k].stmt.weight for k in members) / len(members))
        )
        out.append(
            (
                strength,
                AlignedStatement(
                    statements=tuple(sents[k].stmt for k in members),
                    similarity=sum(ss) / len(ss),
                    shared=_shared_keys(a, b),
                ),
            )
        )
    out.sort(key=lambda t: -t[0])
    return tuple(a for _, a in out[: max(top, 1) * 2])


def _unique(
    sents: list[_Sent], pairs: dict[tuple[int, int], float], outlets: Sequence[str], top: int
) -> tuple[tuple[str, tuple[Statement, ...]], ...]:
    best: dict[int, float] = defaultdict(float)
    for (i, j), sim in pairs.items():
        best[i] = max(best[i], sim)
        best[j] = max(best[j], sim)
    # what each outlet says anywhere: names, numbers, dates
    said: dict[str, dict[str, set[str]]] = {o: {"names": set(), "numbers": set()} for o in outlets}
    said_dates: dict[str, set[_Span]] = {o: set() for o in outlets}
    for s in sents:
        d = said[s.stmt.outlet]
        d["names"] |= s.names
        d["numbers"] |= s.numbers
        said_dates[s.stmt.outlet] |= s.dates
    out = []
    for outlet in outlets:
        others = [o for o in outlets if o != outlet]
        scored = []
        for i, s in enumerate(sents):
            if s.stmt.outlet != outlet or best[i] >= _UNIQUE:
                continue
            new_names = [n for n in s.names if not any(n in said[o]["names"] for o in others)]
            new_numbers = [n for n in s.numbers if not any(n in said[o]["numbers"] for o in others)]
            new_dates = [
                d
                for d in s.dates
                if not any(_same_time(d, e) for o in others for e in said_dates[o])
            ]
            score = (
                s.stmt.weight
                + 2 * _W_NAME * len(new_names)
                + 2 * _W_NUMBER * len(new_numbers)
                + 2 * _W_DATE * len(new_dates)
            ) * (1 - best[i])
            scored.append((score, i))
        scored.sort(key=lambda t: (-t[0], t[1]))
        picked: list[int] = []
        for _, i in scored:
            if any(fuzz.token_set_ratio(sents[i].norm, sents[k].norm) > 80 for k in picked):
                continue  # the same thing said twice by this outlet
            picked.append(i)
            if len(picked) >= top:
                break
        out.append((outlet, tuple(_only_new(sents[i], said, others) for i in picked)))
    return tuple(out)


def _only_new(s: _Sent, said: dict[str, dict[str, set[str]]], others: list[str]) -> Statement:
    """The statement with only the names and numbers no other outlet gives."""
    names = tuple(n for n in s.stmt.names if not any(n in said[o]["names"] for o in others))
    keys = {
        k.split("=", 1)[1] for k in s.numbers if not any(k in said[o]["numbers"] for o in others)
    }
    numbers = tuple(v for v in s.stmt.numbers if v.split()[0] in keys)
    return replace(s.stmt, names=names, numbers=numbers)


def _speakers(
    articles: Sequence[Article], outlet_of: dict[str, str], outlets: Sequence[str]
) -> tuple[tuple[str, tuple[tuple[str, int], ...]], ...]:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for a in articles:
        for q in a.quotes:
            counts[q.speaker or "unattributed"][outlet_of.get(a.id, a.outlet or "")] += 1
    ranked = sorted(counts.items(), key=lambda kv: (-len(kv[1]), -sum(kv[1].values()), kv[0]))
    return tuple(
        (who, tuple((o, per[o]) for o in outlets if per.get(o))) for who, per in ranked[:10]
    )


def _quotes(
    articles: Sequence[Article], outlet_of: dict[str, str], top: int
) -> tuple[QuoteGroup, ...]:
    items = []
    for a in articles:
        for q in a.quotes:
            if len(q.text.split()) >= 4:
                items.append((outlet_of.get(a.id, a.outlet or "unknown outlet"), a.id, q))
    parent = list(range(len(items)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for x in range(len(items)):
        for y in range(x + 1, len(items)):
            (ox, _, qx), (oy, _, qy) = items[x], items[y]
            if ox == oy:
                continue
            if qx.speaker and qy.speaker and qx.speaker != qy.speaker:
                continue
            if fuzz.token_set_ratio(qx.text.lower(), qy.text.lower()) >= 72:
                parent[find(y)] = find(x)
    groups: dict[int, list[int]] = defaultdict(list)
    for x in range(len(items)):
        groups[find(x)].append(x)
    out = []
    for members in groups.values():
        renders = []
        outlets_seen: set[str] = set()
        for x in members:
            outlet, aid, q = items[x]
            if outlet in outlets_seen:
                continue
            outlets_seen.add(outlet)
            renders.append(QuoteRendering(outlet, aid, q.text))
        speaker = next((items[x][2].speaker for x in members if items[x][2].speaker), None)
        diff = _word_diff(renders[0].text, renders[1].text) if len(renders) > 1 else ()
        multi = len(renders) > 1
        length = max(len(items[x][2].text) for x in members)
        out.append(
            (-int(multi), speaker is None, -min(length, 400), members[0], speaker, renders, diff)
        )
    out.sort(key=lambda t: t[:4])
    # take turns between speakers so one talkative source does not fill the list
    turn: Counter[str | None] = Counter()
    ranked = []
    for t in out:
        ranked.append((t[0], turn[t[4]], t))
        turn[t[4]] += 1
    ranked.sort(key=lambda r: (r[0], r[1]))
    out = [t for *_, t in ranked]
    return tuple(
        QuoteGroup(speaker, tuple(renders), diff)
        for *_, speaker, renders, diff in out[: max(top, 1) * 2]
    )


def _word_diff(first: str, second: str) -> tuple[DiffPiece, ...]:
    a, b = first.split(), second.split()
    fold = [w.lower().strip(".,;:!?\"“”'’()[]") for w in a]
    gold = [w.lower().strip(".,;:!?\"“”'’()[]") for w in b]
    pieces: list[DiffPiece] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, fold, gold, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(DiffPiece("same", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(DiffPiece("first", " ".join(a[i1:i2])))
        if j2 > j1:
            pieces.append(DiffPiece("second", " ".join(b[j1:j2])))
    return tuple(pieces)


_WHAT = re.compile(
    r"\b(" + EVENT_NOUNS + r"|declaration|document|documents|forum|session|visited|visiting|met)\b",
    re.I,
)


def _claims(
    sents: list[_Sent],
    pairs: dict[tuple[int, int], float],
    articles: Sequence[Article],
    outlet_of: dict[str, str],
) -> tuple[NumberClaim, ...]:
    """Numbers and dates each outlet gives about the same thing; disagreements flagged."""
    # (kind, what, outlet, value, sentence index, comparable value)
    items: list[tuple[str, str, str, str, int, Any]] = []
    shown_as: dict[str, str] = {}  # stem -> a word as written
    index_of = {(s.stmt.article_id, s.stmt.text): i for i, s in enumerate(sents)}
    for i, s in enumerate(sents):
        for key_value in sorted(s.numbers):
            key, value = key_value.split("=", 1)
            shown = next((v for v in s.stmt.numbers if v.split()[0] == value), value)
            if " " in shown:
                shown_as.setdefault(key, ("% " if key.startswith("%") else "") + shown.split()[-1])
            items.append(("number", key, s.stmt.outlet, shown, i, value))
    for a in articles:
        outlet = outlet_of.get(a.id, a.outlet or "unknown outlet")
        for r in a.dated_references:
            if not r.date.known:
                continue
            sentence = " ".join(r.sentence.split())
            m = _nearest(_WHAT, sentence, r.text)
            if not m:
                continue
            i = next(
                (k for (aid, text), k in index_of.items() if aid == a.id and sentence in text),
                -1,
            )
            end = (r.end or r.date).end
            shown = f"{r.text} ({_range_text(r.date, r.end)})"
            what = "meet" if m.lower() == "met" else (terms(m) or [m.lower()])[0]
            shown_as.setdefault(what, "meeting" if what == "meet" else m.lower())
            items.append(("date", what, outlet, shown, i, (r.date.start, end)))
    # group by (kind, what); within a group, values about the same thing agree or not
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for x, item in enumerate(items):
        groups[(item[0], item[1])].append(x)
    out = []
    for (kind, what), members in groups.items():
        outlets_here = {items[x][2] for x in members}
        if len(members) < 1:
            continue
        disagree = False
        if len(outlets_here) > 1:
            for x in members:
                for y in members:
                    if x >= y or items[x][2] == items[y][2]:
                        continue
                    if _agree(kind, items[x][5], items[y][5]):
                        continue
                    si, sj = items[x][4], items[y][4]
                    related = (
                        si >= 0 and sj >= 0 and pairs.get((min(si, sj), max(si, sj)), 0) >= 0.25
                    )
                    if related:
                        disagree = True
        values = []
        seen: set[tuple[str, str]] = set()
        for x in members:
            _, _, outlet, shown, si, _ = items[x]
            if (outlet, shown) in seen:
                continue
            seen.add((outlet, shown))
            values.append((outlet, shown, sents[si].stmt.text if si >= 0 else ""))
        label = shown_as.get(what, what.lstrip("%") or "percent")
        out.append(
            (
                -int(disagree),
                -len(outlets_here),
                label,
                NumberClaim(label, kind, tuple(values), disagree),  # type: ignore[arg-type]
            )
        )
    out.sort(key=lambda t: t[:3])
    return tuple(c for *_, c in out[:30])


def _nearest(pattern: re.Pattern[str], sentence: str, anchor: str) -> str | None:
    at = sentence.find(anchor)
    best: tuple[int, str] | None = None
    for m in pattern.finditer(sentence):
        d = abs(m.start() - at) if at >= 0 else m.start()
        if best is None or d < best[0]:
            best = (d, m.group(1))
    return best[1] if best else None


def _range_text(date: FuzzyDate, end: FuzzyDate | None) -> str:
    if end and end.iso and end.iso != date.iso:
        return f"{date.iso}–{end.iso}"
    return date.iso or "?"


def _agree(kind: str, a: Any, b: Any) -> bool:
    if kind == "number":
        return bool(a == b)
    (a0, a1), (b0, b1) = a, b
    return bool(a0 <= b1 and b0 <= a1)  # overlapping ranges


def _framing(sents: list[_Sent], outlets: Sequence[str], rules: Rules) -> tuple[FramingWord, ...]:
    out = []
    for word in rules.framing:
        pat = re.compile(rf"(?i)(?<!\w){re.escape(word)}(?!\w)")
        counts: Counter[str] = Counter()
        example: tuple[str, str] | None = None
        for s in sents:
            n = len(pat.findall(s.stmt.text))
            if n:
                counts[s.stmt.outlet] += n
                example = example or (s.stmt.outlet, s.stmt.text)
        if not counts or example is None:
            continue
        if len(counts) == len(outlets):
            continue  # everyone uses it: not a difference
        out.append(FramingWord(word, tuple((o, counts.get(o, 0)) for o in outlets), example))
    out.sort(key=lambda f: (-max(c for _, c in f.counts), f.word))
    return tuple(out[:10])


def _coverage(
    articles: Sequence[Article],
    outlet_of: dict[str, str],
    sents: list[_Sent],
    outlets: Sequence[str],
    namer: _Namer,
) -> tuple[CoverageRow, ...]:
    rows: list[CoverageRow] = []
    for kind, attr, limit in (
        ("person", "people", 6),
        ("place", "places", 6),
        ("organisation", "organisations", 3),
    ):
        who: dict[str, set[str]] = defaultdict(set)
        weight: Counter[str] = Counter()
        for a in articles:
            for m in getattr(a, attr):
                name = namer.forms.get(m.name, m.name)
                who[name].add(outlet_of.get(a.id, a.outlet or "unknown outlet"))
                weight[name] += m.count
        for name, _ in sorted(weight.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]:
            rows.append(CoverageRow(kind, name, _ordered(who[name], outlets)))  # type: ignore[arg-type]
    speakers: dict[str, set[str]] = defaultdict(set)
    for a in articles:
        for q in a.quotes:
            if q.speaker:
                speakers[q.speaker].add(outlet_of.get(a.id, a.outlet or "unknown outlet"))
    for name, who_quoted in sorted(speakers.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:4]:
        rows.append(CoverageRow("quote", f"quotes {name}", _ordered(who_quoted, outlets)))
    numbers: dict[str, set[str]] = defaultdict(set)
    spans: list[tuple[_Span, str]] = []
    for s in sents:
        for v in s.stmt.numbers:
            numbers[v].add(s.stmt.outlet)
        spans.extend((d, s.stmt.outlet) for d in s.dates)
    for value, who_said in sorted(numbers.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:8]:
        rows.append(CoverageRow("number", value, _ordered(who_said, outlets)))
    # dates: the most precise reference names a cluster; references of the same time join it
    spans.sort(key=lambda t: ((t[0][2] - t[0][1]).days, t[0][1], t[0][0], t[1]))
    clusters: list[tuple[_Span, set[str]]] = []
    for span, outlet in spans:
        for core, who_said in clusters:
            if _same_time(core, span):
                who_said.add(outlet)
                break
        else:
            clusters.append((span, {outlet}))
    clusters.sort(key=lambda c: (-len(c[1]), c[0][1]))
    for core, who_said in clusters[:6]:
        rows.append(CoverageRow("date", core[0], _ordered(who_said, outlets)))
    return tuple(rows)


def _ordered(found: set[str], outlets: Sequence[str]) -> tuple[str, ...]:
    return tuple(o for o in outlets if o in found)


def _reuse(sents: list[_Sent], pairs: dict[tuple[int, int], float]) -> tuple[Reuse, ...]:
    found: list[tuple[float, int, int]] = []
    for (i, j), sim in pairs.items():
        if sim < 0.6 or len(sents[i].norm) < 60:
            continue
        ratio = fuzz.ratio(sents[i].norm, sents[j].norm)
        if ratio >= _REUSE:
            found.append((ratio, i, j))
    out = []
    used: set[int] = set()
    for ratio, i, j in sorted(found, key=lambda t: (-t[0], t[1], t[2])):
        if i in used or j in used:
            continue
        used |= {i, j}
        copies = sorted(
            (
                (sents[k].stmt.outlet, sents[k].stmt.article_id, sents[k].stmt.published)
                for k in (i, j)
            ),
            key=lambda c: (FuzzyDate.parse_iso(c[2]).sort_key(), c[1]),
        )
        first = i if copies[0][1] == sents[i].stmt.article_id else j
        out.append(Reuse(sents[first].stmt.text, tuple(copies), ratio / 100))
    return tuple(out[:10])


def _timing(
    articles: Sequence[Article], outlet_of: dict[str, str], outlets: Sequence[str]
) -> tuple[OutletTiming, ...]:
    out = []
    for outlet in outlets:
        mine = [a for a in articles if outlet_of.get(a.id) == outlet]
        if not mine:
            continue
        mine.sort(key=lambda a: (a.published.date.sort_key(), a.id))
        dated = [a for a in mine if a.published.date.known]
        # a month-precise date is not evidence of being first: prefer exact days
        exact = [a for a in dated if a.published.precision == "day"] or dated
        first = exact[0] if exact else mine[0]
        latest = max(dated, key=lambda a: a.published.date.end or dt.date.min) if dated else None
        out.append(
            OutletTiming(
                outlet=outlet,
                articles=len(mine),
                first=first.published.iso,
                last=latest.published.iso if latest else None,
                first_article=first.id,
            )
        )
    out.sort(key=lambda t: (FuzzyDate.parse_iso(t.first).sort_key(), t.outlet))
    return tuple(out)
