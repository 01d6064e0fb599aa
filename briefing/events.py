"""Group articles into events: the same real-world happening, its run-up and aftermath.

Why this module exists: a briefing is about what happened, not about files. Comparing outlets,
spotting blindspots and drawing a timeline all need to know which articles tell the same story.

The method is the evidence a careful reader uses, made cheap enough for tens of thousands of
articles (no all-pairs comparison):

1. Each article becomes a TF-IDF vector of stemmed content words (headline and lede weigh more)
   plus its people, places and organisations. Rare words count, boilerplate does not (IDF).
2. Candidate pairs come from blocking: articles that share several of their rarest terms and
   whose dates are days, not months, apart (a month-precise date is weaker evidence).
3. Pairs are scored by cosine similarity, discounted by the gap in days, and merged strongest
   first. A merge must also keep the group's centroid coherent and its span short, so one
   loose link never chains two unrelated stories together: splitting a story in two is
   preferred to mixing two stories.

Everything is deterministic: the same corpus gives the same events and ids.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from briefing.models import Article, FuzzyDate

_WORD = re.compile(r"[a-z][a-z'’-]*[a-z]|[a-z]")
STOP_WORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself said says
    say told tell according added also would could should may might must one two three first
    last new year years time times people like just get got make made many much well back even
    still way since including however yet another around among per mr mrs ms its it's that's
    don't didn't doesn't isn't wasn't aren't weren't i'm he's she's we're they're you're i've
    we've they've we'll they'll it'll there's here's what's let's can't won't ve ll re""".split()
)


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    from whoosh.lang.porter import stem

    return str(stem(word))


def terms(text: str) -> list[str]:
    """Stemmed content words of a text, in order (then those in other scripts, see below)."""
    out = []
    lowered = text.lower()
    for w in _WORD.findall(lowered):
        w = w.replace("’", "'")
        if w.endswith("'s"):
            w = w[:-2]
        if len(w) < 3 or w in STOP_WORDS:
            continue
        out.append(_stem(w))
    if not lowered.isascii():
        out.extend(foreign_terms(lowered))
    return out


_ANY_WORD = re.compile(r"[^\W\d_]+")
_CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]+")
_RU_FUNCTION = frozenset({"PREP", "CONJ", "PRCL", "NPRO", "INTJ", "PRED", "NUMR"})


def foreign_terms(lowered: str) -> list[str]:
    """Words the English pass cannot read: Russian words by lemma ("путина" -> "путин"),
    Chinese and Japanese as character pairs (no spaces between words), other Latin words with
    accents folded ("münchen")."""
    from briefing.ingest import morph

    out: list[str] = []
    for run in _CJK.findall(lowered):
        out.extend(run[i : i + 2] for i in range(max(1, len(run) - 1)))
    for w in _ANY_WORD.findall(lowered):
        if w.isascii() or len(w) < 3 or _CJK.search(w):
            continue
        if "а" <= w[0] <= "я" or w[0] == "ё":
            p = morph.parses(w)[0]
            if _RU_FUNCTION & set(str(p.tag).replace(" ", ",").split(",")):
                continue
            out.append(_lemma_ru(w))
        else:
            out.append(_folded(w))
    return out


@lru_cache(maxsize=200_000)
def _lemma_ru(word: str) -> str:
    from briefing.ingest import morph

    return morph.lemma(word)


@lru_cache(maxsize=200_000)
def _folded(word: str) -> str:
    import unicodedata

    text = unicodedata.normalize("NFKD", word)
    return "".join(c for c in text if not unicodedata.combining(c))


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
    # lower for the same story: their link threshold is scaled by this
    cross_language: float = 0.6


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
        """Covered by one outlet only, in a corpus of several."""
        return len(self.outlets) == 1 and bool(self.missing)

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


@dataclass(slots=True)
class _Doc:
    index: int
    article: Article
    vector: dict[str, float] = field(default_factory=dict)
    start: dt.date | None = None
    end: dt.date | None = None
    precise: bool = False


def _features(a: Article) -> Counter[str]:
    counts: Counter[str] = Counter()
    for w in terms(a.headline):
        counts[w] += 3
    for w in terms(a.lede or ""):
        counts[w] += 2
    for para in a.body:
        counts.update(terms(para))
    for m in a.people:
        counts["@p:" + m.name.split()[-1].lower()] += 2
    for m in a.places:
        counts["@l:" + m.name.lower()] += 1
    for m in a.organisations:
        counts["@o:" + m.name.lower()] += 1
    counts.update(cross_language_features(a))
    return counts


def cross_language_features(a: Article) -> Counter[str]:
    """What survives translation: people by the skeleton of their surname in any script
    ("Путин"/"Putin"), places by their English name ("Япония"/"Japan"), and figures ("404
    миллиона" / "404 million"; years are left to the dates)."""
    from briefing.ingest.placenames import english_name
    from briefing.ingest.translit import name_key

    out: Counter[str] = Counter()
    for m in a.people:
        key = name_key(m.name.split()[-1])
        if len(key) >= 2:
            out["@x:" + key] += 2
    for m in a.places:
        english = english_name(m.name)
        if english and english.lower() != m.name.lower():
            out["@l:" + english.lower()] += 1
    for text in (a.headline, a.lede or "", *a.body):
        for n in _NUMBER.findall(text):
            digits = re.sub(r"[ \u00a0,.](?=\d{3}\b)", "", n).replace(",", ".")
            if not re.fullmatch(r"(?:19|20)\d\d", digits):
                out["#" + digits] += 1
    return out


_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[ \u00a0,.]\d{3})*(?:[.,]\d+)?(?![\w])")


def _vectors(articles: Sequence[Article]) -> tuple[list[_Doc], dict[str, int]]:
    raw = [_features(a) for a in articles]
    df: Counter[str] = Counter()
    for c in raw:
        df.update(c.keys())
    n = len(articles)
    docs = []
    for i, (a, c) in enumerate(zip(articles, raw, strict=True)):
        # a term in one article only can never link it to another: leaving it out keeps it
        # from diluting the similarity of the terms that can (this matters in small corpora)
        vec = {
            t: (1.0 + math.log(k)) * math.log((n + 1) / (df[t] + 0.5))
            for t, k in c.items()
            if df[t] >= 2
        }
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        d = a.published.date
        docs.append(
            _Doc(
                index=i,
                article=a,
                vector={t: v / norm for t, v in vec.items() if v > 0},
                start=d.start,
                end=d.end,
                precise=d.precision == "day",
            )
        )
    return docs, dict(df)


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def _gap(
    a_start: dt.date | None, a_end: dt.date | None, b_start: dt.date | None, b_end: dt.date | None
) -> int | None:
    """Days between two date ranges (0 if they overlap); None if either is unknown."""
    if a_start is None or a_end is None or b_start is None or b_end is None:
        return None
    if a_end < b_start:
        return (b_start - a_end).days
    if b_end < a_start:
        return (a_start - b_end).days
    return 0


def _time_factor(a: _Doc, b: _Doc, p: EventParams) -> float:
    gap = _gap(a.start, a.end, b.start, b.end)
    if gap is None:
        return 1.0  # no dates: the text alone decides
    if gap > p.max_gap_days:
        return 0.0
    factor = 1.0
    if gap > p.full_weight_days:
        factor = 1.0 - 0.5 * (gap - p.full_weight_days) / max(
            1, p.max_gap_days - p.full_weight_days
        )
    if not (a.precise and b.precise):
        factor *= p.imprecise_factor
    return factor


def _candidates(
    docs: list[_Doc], df: dict[str, int], p: EventParams
) -> list[tuple[float, int, int]]:
    """Scored pairs worth linking, found by blocking on shared rare terms."""
    n = len(docs)
    cap = max(50, int(0.02 * n))
    min_shared = p.min_shared if p.min_shared is not None else (1 if n < 5000 else 2)
    postings: dict[str, list[int]] = defaultdict(list)
    top_terms: list[list[str]] = []
    for d in docs:
        ranked = sorted(
            (t for t in d.vector if 2 <= df[t] <= cap),
            key=lambda t: (-d.vector[t], t),
        )[: p.block_terms]
        top_terms.append(ranked)
        for t in ranked:
            postings[t].append(d.index)
    edges: list[tuple[float, int, int]] = []
    exhaustive = n <= p.exhaustive_below
    for d in docs:
        if exhaustive:
            picked: Iterable[int] = range(d.index + 1, n)
        else:
            shared: Counter[int] = Counter()
            for t in top_terms[d.index]:
                for j in postings[t]:
                    if j > d.index:
                        shared[j] += 1
            picked = sorted(
                (j for j, k in shared.items() if k >= min_shared),
                key=lambda j: (-shared[j], j),
            )[: p.neighbours]
        for j in picked:
            other = docs[j]
            factor = _time_factor(d, other, p)
            if factor == 0.0:
                continue
            score = _cosine(d.vector, other.vector) * factor
            la, lb = d.article.lang, other.article.lang
            if la and lb and la != lb:
                score /= p.cross_language
            if score >= p.link:
                edges.append((score, d.index, j))
    edges.sort(key=lambda e: (-e[0], e[1], e[2]))
    return edges


class _Groups:
    """Union-find over articles that keeps each group's centroid and date span."""

    def __init__(self, docs: list[_Doc]) -> None:
        self.parent = list(range(len(docs)))
        self.members: dict[int, list[int]] = {i: [i] for i in range(len(docs))}
        self.centroid: dict[int, dict[str, float]] = {i: dict(d.vector) for i, d in enumerate(docs)}
        self.span: dict[int, tuple[dt.date | None, dt.date | None]] = {
            i: (d.start if d.precise else None, d.end if d.precise else None)
            for i, d in enumerate(docs)
        }
        self.links: dict[int, list[float]] = {i: [] for i in range(len(docs))}
        self.langs: dict[int, set[str]] = {
            i: {d.article.lang} if d.article.lang else set() for i, d in enumerate(docs)
        }

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def coherent(self, a: int, b: int, p: EventParams) -> bool:
        ca, cb = self.centroid[a], self.centroid[b]
        na = math.sqrt(sum(v * v for v in ca.values())) or 1.0
        nb = math.sqrt(sum(v * v for v in cb.values())) or 1.0
        la, lb = self.langs[a], self.langs[b]
        scale = p.cross_language if la and lb and not la & lb else 1.0
        if _cosine(ca, cb) / (na * nb) < p.centroid * scale:
            return False
        (s1, e1), (s2, e2) = self.span[a], self.span[b]
        starts = [d for d in (s1, s2) if d]
        ends = [d for d in (e1, e2) if d]
        return not (starts and ends and (max(ends) - min(starts)).days > p.max_span_days)

    def union(self, a: int, b: int, score: float) -> None:
        if len(self.members[a]) < len(self.members[b]):
            a, b = b, a
        self.parent[b] = a
        self.members[a].extend(self.members.pop(b))
        ca = self.centroid[a]
        for t, v in self.centroid.pop(b).items():
            ca[t] = ca.get(t, 0.0) + v
        (s1, e1), (s2, e2) = self.span[a], self.span.pop(b)
        self.span[a] = (
            min((d for d in (s1, s2) if d), default=None),
            max((d for d in (e1, e2) if d), default=None),
        )
        self.links[a].extend(self.links.pop(b))
        self.links[a].append(score)
        self.langs[a] |= self.langs.pop(b)


def group_events(
    articles: Sequence[Article], params: EventParams | None = None
) -> tuple[Event, ...]:
    """The corpus's events, in date order (undated last)."""
    p = params or EventParams()
    ordered = sorted(articles, key=lambda a: (a.published.date.sort_key(), a.id))
    if not ordered:
        return ()
    docs, df = _vectors(ordered)
    groups = _Groups(docs)
    for score, i, j in _candidates(docs, df, p):
        a, b = groups.find(i), groups.find(j)
        if a != b and groups.coherent(a, b, p):
            groups.union(a, b, score)
    corpus_outlets = sorted({a.outlet for a in ordered if a.outlet})
    events = [
        _event([docs[i].article for i in sorted(members)], corpus_outlets, groups.links[root])
        for root, members in groups.members.items()
    ]
    events.sort(key=lambda e: (FuzzyDate.parse_iso(e.start).sort_key(), e.articles[0]))
    return _assign_ids(events)


def _event(articles: list[Article], corpus_outlets: list[str], links: list[float]) -> Event:
    articles = sorted(articles, key=_midpoint)
    by_outlet: dict[str, list[str]] = defaultdict(list)
    for a in articles:
        by_outlet[a.outlet or "unknown outlet"].append(a.id)
    people: Counter[str] = Counter()
    places: Counter[str] = Counter()
    for a in articles:
        people.update({m.name: 1 for m in a.people})
        places.update({m.name: 1 for m in a.places})
    dated = [a.published.date for a in articles if a.published.date.known]
    precise = [d for d in dated if d.precision == "day"]
    dated = precise or dated  # a month-precise article does not stretch a dated event
    return Event(
        id="",
        label=label_event(articles),
        start=min(dated, key=lambda d: d.sort_key()).iso if dated else None,
        end=max(dated, key=lambda d: d.end or dt.date.min).iso if dated else None,
        people=tuple(n for n, _ in _top(people, articles, "people")),
        places=tuple(n for n, _ in _top(places, articles, "places")),
        articles=tuple(a.id for a in articles),
        outlets=tuple(
            sorted(
                ((k, tuple(v)) for k, v in by_outlet.items()), key=lambda kv: (-len(kv[1]), kv[0])
            )
        ),
        missing=tuple(o for o in corpus_outlets if o not in by_outlet),
        score=sum(links) / len(links) if links else 1.0,
    )


def _midpoint(a: Article) -> tuple[int, dt.date, str]:
    """Order within an event: by the middle of each article's possible days, undated last."""
    d = a.published.date
    if d.start is None or d.end is None:
        return (1, dt.date.max, a.id)
    return (0, d.start + (d.end - d.start) / 2, a.id)


def _top(
    counter: Counter[str], articles: list[Article], kind: str, n: int = 5
) -> list[tuple[str, int]]:
    mentions: Counter[str] = Counter()
    for a in articles:
        for m in getattr(a, kind):
            mentions[m.name] += m.count
    return sorted(counter.items(), key=lambda kv: (-kv[1], -mentions[kv[0]], kv[0]))[:n]


def _slug(text: str, words: int = 6) -> str:
    from briefing.ingest.translit import to_latin

    text = to_latin(text)  # a Russian label gives a readable id too
    ws = re.findall(r"[a-z0-9]+", text.lower().replace("'s", "s").replace("’s", "s"))
    return "-".join(ws[:words]) or "event"


def _assign_ids(events: list[Event]) -> tuple[Event, ...]:
    seen: Counter[str] = Counter()
    out = []
    for e in events:
        base = f"{e.start or 'undated'}-{_slug(e.label)}"
        seen[base] += 1
        eid = base if seen[base] == 1 else f"{base}-{seen[base]}"
        out.append(_replace_id(e, eid))
    return tuple(out)


def _replace_id(e: Event, eid: str) -> Event:
    from dataclasses import replace

    return replace(e, id=eid)


# --- labels ---------------------------------------------------------------------------------

EVENT_NOUNS = (
    "visit|visits|summit|talks|meeting|meetings|election|elections|attack|attacks|shooting|"
    "bombing|crash|earthquake|hurricane|storm|flood|floods|fire|wildfire|protest|protests|"
    "strike|trial|hearing|vote|referendum|conference|forum|speech|interview|debate|deal|"
    "agreement|treaty|ceasefire|war|invasion|raid|arrest|resignation|inauguration|funeral|"
    "match|game|final|launch|test|scandal|investigation|sanctions|negotiations|consultations|"
    "trip|tour|rally|campaign|shutdown|crisis|outbreak|ruling|verdict|indictment|impeachment"
)
_NAME = r"(?:[A-Z][\w’'.-]*[\w](?:\s+[A-Z][\w’'.-]*[\w]){0,3})"
_POSS = r"['’]s"
_LABEL_PATTERNS = [
    # Putin's (first, official) visit to Japan
    re.compile(
        rf"(?P<who>{_NAME}){_POSS}\s+(?:[\w-]+\s+){{0,2}}?(?P<noun>(?i:{EVENT_NOUNS}))\s+"
        rf"(?P<prep>to|in|with|at)\s+(?P<where>{_NAME})"
    ),
    # visit of Russian President Vladimir Putin to Japan
    re.compile(
        rf"\b(?P<noun>visit|trip|tour)\s+(?:of|by)\s+(?:[\w-]+\s+){{0,2}}?(?P<who>{_NAME})\s+"
        rf"(?P<prep>to)\s+(?P<where>{_NAME})"
    ),
    # APEC summit in Peru
    re.compile(
        rf"(?P<who>{_NAME})\s+(?P<noun>{EVENT_NOUNS})\s+(?P<prep>in|at|on)\s+(?P<where>{_NAME})"
    ),
    # Putin-Abe talks
    re.compile(rf"(?P<who>[A-Z]\w+[-–][A-Z]\w+)\s+(?P<noun>{EVENT_NOUNS})\b"),
]
# person-centred phrases are what people write; bare "Russia-Japan talks" least
_PATTERN_WEIGHT = (1.5, 1.5, 1.2, 0.8)
_FUTURE = re.compile(
    r"\b(?:will|would|shall|to be held|scheduled|expected|planned|upcoming|forthcoming|due to)\b",
    re.I,
)


def _sentence_at(text: str, start: int, end: int) -> str:
    left = max(text.rfind(". ", 0, start), text.rfind("? ", 0, start), text.rfind("! ", 0, start))
    right = min(
        (i for i in (text.find(". ", end), text.find("? ", end)) if i >= 0), default=len(text)
    )
    return text[left + 1 : right]


_TITLE_WORDS = frozenset(
    "President Prime Minister Premier Foreign Deputy Chancellor King Queen Secretary General "
    "Russian Japanese American Chinese British French German Turkish Syrian The A An This That "
    "Ahead During After Before In On At Mr Mrs Ms Dr Sen Rep Gov".split()
)
# words that look like names in "Friday's shooting" but are times, not who or where
_TIME_WORDS = frozenset(
    "Today Tonight Yesterday Tomorrow Monday Tuesday Wednesday Thursday Friday Saturday Sunday "
    "January February March April May June July August September October November December "
    "Last Next This Week Weekend Year Month Morning Evening Night It It's What Why How When "
    "Where Who Here There Mr Mrs Ms Dr".split()
)


def _clean_name(name: str, surnames: dict[str, str]) -> str | None:
    toks = [t for t in re.split(r"\s+", name.strip()) if t]
    while toks and toks[0] in _TITLE_WORDS:
        toks = toks[1:]
    while toks and toks[-1].rstrip(".") in _TIME_WORDS:
        toks = toks[:-1]
    if not toks or toks[0] in _TIME_WORDS:
        return None
    joined = " ".join(toks)
    return surnames.get(joined, joined)


def label_event(articles: Sequence[Article]) -> str:
    """A short label a person would write ("Putin's visit to Japan"), mined from the texts."""
    surnames: dict[str, str] = {}
    for a in articles:
        for person in a.people:
            surname = person.name.split()[-1]
            for form in (person.name, *person.aliases):
                surnames[form] = surname
    scores: dict[str, float] = defaultdict(float)
    seen_in: dict[str, set[str]] = defaultdict(set)
    first_form: dict[str, str] = {}
    for a in articles:
        texts = [(a.headline, 3.0), (a.lede or "", 2.0)]
        texts += [(para, 1.0 if i < 6 else 0.5) for i, para in enumerate(a.body[:10])]
        for text, weight in texts:
            for kind, pat in enumerate(_LABEL_PATTERNS):
                for m in pat.finditer(text):
                    g = m.groupdict()
                    who = _clean_name(g["who"], surnames)
                    if not who:
                        continue
                    noun = g["noun"].lower()
                    if g.get("where"):
                        where = _clean_name(g["where"], surnames)
                        if not where or where == who:
                            continue
                        label = f"{who}'s {noun} {g['prep'].lower()} {where}"
                        if pat is _LABEL_PATTERNS[2]:
                            label = f"{who} {noun} {g['prep'].lower()} {where}"
                    else:
                        label = f"{who} {noun}"
                    key = label.lower()
                    first_form.setdefault(key, label)
                    # what is still ahead ("consultations will be held in June") is not the event
                    ahead = _FUTURE.search(_sentence_at(text, m.start(), m.end()))
                    scores[key] += weight * _PATTERN_WEIGHT[kind] * (0.3 if ahead else 1.0)
                    seen_in[key].add(a.id)
    if scores:
        best = max(scores, key=lambda k: (len(seen_in[k]) * 2 + scores[k], -len(k), k))
        # in a big event, a phrase few articles use names a side story, not the event
        if len(articles) < 5 or len(seen_in[best]) >= max(2, 0.2 * len(articles)):
            return first_form[best]
    words = _central_headline(articles).split()
    return " ".join(words[:10]) + ("…" if len(words) > 10 else "")


def _central_headline(articles: Sequence[Article]) -> str:
    """The headline that shares the most words with the event's other headlines."""
    heads = [(a, set(terms(a.headline))) for a in articles if a.headline]
    if not heads:
        return articles[0].headline
    df: Counter[str] = Counter(t for _, ts in heads for t in ts)
    best = max(
        heads,
        key=lambda h: (
            sum(df[t] - 1 for t in h[1]) / (len(h[1]) + 2),
            h[0].published.date.sort_key()[0] == 0,
            -len(h[0].id),
            h[0].id,
        ),
    )
    return best[0].headline


# --- lookup ---------------------------------------------------------------------------------


def find_event(events: Iterable[Event], query: str) -> Event | None:
    """An event by id, id prefix, or words of its label (all words must match)."""
    events = list(events)
    q = query.strip().lower()
    for e in events:
        if e.id == q:
            return e
    prefixed = [e for e in events if e.id.startswith(q)]
    if len(prefixed) == 1:
        return prefixed[0]
    words = re.findall(r"\w+", q)
    matching = [e for e in events if all(w in f"{e.label} {e.id}".lower() for w in words)]
    if matching:
        return max(matching, key=lambda e: (len(e.articles), e.id))
    return None


def event_of(events: Iterable[Event]) -> dict[str, str]:
    """article id -> event id."""
    return {aid: e.id for e in events for aid in e.articles}
