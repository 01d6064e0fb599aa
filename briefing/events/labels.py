"""A short label for an event: "Putin's visit to Japan", from what its articles say.

Why this module exists: an event is shown by its label on the timeline, in the briefing and
in ids; the label comes from the commonest "who's event in where" phrase of its articles (a
future one counts less); else, for an event several outlets told, from the words most of them
share (never one outlet's headline, which may be an opinion piece's); else the most central
headline, whole: a label is never a cut-off headline.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from briefing.events.terms import STOP_WORDS, _stem, terms
from briefing.models import Article

__all__ = ["EVENT_NOUNS", "label_event"]

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
    return _shared_label(articles) or " ".join(_central_headline(articles).split())


# --- labels from what most outlets share -----------------------------------------------------

_TOKEN = re.compile(r"[\w][\w'’.-]*[\w]|[\w]")
_SHARED_SHARE = 0.4  # a label's words must be in the headline or lede of this share of outlets
_PHRASE_WORDS = 6  # longest phrase considered
_KEYWORDS = 6  # most words in a label made of shared words


def _norm(token: str) -> str | None:
    """The stem a token is compared by, or None for a stop word or a number-like token."""
    low = token.lower().replace("’", "'")
    if low.endswith("'s"):
        low = low[:-2]
    if len(low) < 2 or low in STOP_WORDS or not low[0].isalpha():
        return None
    return _stem(low)


def _shared_label(articles: Sequence[Article]) -> str | None:
    """For an event several outlets covered: the words most of them share, never one outlet's
    headline (which may be an opinion piece's). First the longest phrase that the headlines or
    ledes of most outlets contain ("Baltimore riots"); else the words they share, in the order
    of the most central headline; else those words with the people (or places) most of them
    name. None when they share nothing."""
    by_outlet: dict[str, list[Article]] = defaultdict(list)
    for a in articles:
        by_outlet[a.outlet or "unknown outlet"].append(a)
    if len(by_outlet) < 2:
        return None
    need = max(2, math.ceil(_SHARED_SHARE * len(by_outlet)))
    outlet_stems = [_stems_of(arts) for arts in by_outlet.values()]
    spread: Counter[str] = Counter(st for stems in outlet_stems for st in stems)
    phrase = _best_phrase(articles, outlet_stems, spread, need)
    if phrase:
        return _capitalised(phrase)
    words = _shared_words(_central_headline(articles), spread, need)
    if len(words) >= 2:
        return _capitalised(" ".join(words[:_KEYWORDS]))
    names = _shared_names(list(by_outlet.values()), need)
    parts = [w for w in words if not any(w.lower() in n.lower() for n in names)] + names
    return _capitalised(", ".join(parts)) if parts else None


def _stems_of(articles: Sequence[Article]) -> set[str]:
    """The stems an outlet uses in its headlines and ledes."""
    stems: set[str] = set()
    for a in articles:
        for tok in _TOKEN.findall(f"{a.headline} {a.lede or ''}"):
            n = _norm(tok)
            if n:
                stems.add(n)
    return stems


def _best_phrase(
    articles: Sequence[Article], outlet_stems: list[set[str]], spread: Counter[str], need: int
) -> str | None:
    """The headline phrase (2+ content words) that most outlets' headlines or ledes contain."""
    best: tuple[int, int, int, str] | None = None
    for a in articles:
        toks = _TOKEN.findall(a.headline)
        norms = [_norm(t) for t in toks]
        for i, first in enumerate(norms):
            if first is None or spread[first] < need:
                continue
            for j in range(i + 1, min(len(toks), i + _PHRASE_WORDS)):
                last = norms[j]
                if last is not None and spread[last] < need:
                    break  # a word few outlets use ends every phrase through it
                if last is None:
                    continue
                content = [n for n in norms[i : j + 1] if n]
                outlets = sum(1 for stems in outlet_stems if all(c in stems for c in content))
                if len(content) < 2 or outlets < need:
                    continue
                text = " ".join(toks[i : j + 1])
                key = (outlets, len(content), -len(text), text)
                best = key if best is None or key > best else best
    return best[3] if best else None


def _shared_words(headline: str, spread: Counter[str], need: int) -> list[str]:
    """The words of `headline` that most outlets use, in its order."""
    words: list[str] = []
    seen: set[str] = set()
    for tok in _TOKEN.findall(headline):
        n = _norm(tok)
        if n and n not in seen and spread[n] >= need:
            seen.add(n)
            words.append(tok)
    return words


def _shared_names(groups: list[list[Article]], need: int) -> list[str]:
    """The two people (else places) most outlets name."""
    for kind in ("people", "places"):
        counts: Counter[str] = Counter()
        for arts in groups:
            counts.update({m.name for a in arts for m in getattr(a, kind)})
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        shared = [n for n, k in ranked if k >= need][:2]
        if shared:
            return shared
    return []


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


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
