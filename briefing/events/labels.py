"""A short label for an event: "Putin's visit to Japan", from what its articles say.

Why this module exists: an event is shown by its label on the timeline, in the briefing and
in ids; the label comes from the commonest "who's event in where" phrase of its articles (a
future one counts less; in an event several outlets told, two of them must use it or name its
who and where up front); else, for an event several outlets told, from what most of them share
(`headlines`: their shared phrase, else the most central plain headline, whole, else the names
they share); else the most central headline, whole: a label is never a cut-off headline.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from briefing.events.headlines import need_of, neutral_headline, outlet_groups, shared_phrase
from briefing.events.terms import terms
from briefing.events.trie import alternation
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
# the end of each pattern, from just after its leading name: a text without it cannot hold the
# pattern, and looking for it is cheap (a name is tried at every capital letter, the tail only
# at an apostrophe, a space or a dash). Only whether a tail is found matters, so the nouns are
# a tree of their letters (`trie`: one or two letters tried after a space, not seventy words)
_NOUNS = alternation(EVENT_NOUNS.split("|"))
_TAILS = [
    re.compile(rf"{_POSS}\s+(?:[\w-]+\s+){{0,2}}?(?i:{_NOUNS})\s+(?:to|in|with|at)\s+[A-Z]"),
    re.compile(r"\b(?:visit|trip|tour)\s+(?:of|by)\s"),
    re.compile(rf"\s{_NOUNS}\s+(?:in|at|on)\s+[A-Z]"),
    re.compile(rf"[-–][A-Z]\w+\s+{_NOUNS}\b"),
]
# words one of which a text must hold for its tail to be found there (found by `in`, far
# cheaper than the search; None: no such words)
_NEEDLES: list[tuple[str, ...] | None] = [None, ("visit", "trip", "tour"), None, None]
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
    return (
        _phrase_label(articles)
        or _shared_label(articles)
        or " ".join(_central_headline(articles).split())
    )


@dataclass
class _Found:
    """A "who's event in where" phrase: its first wording, weight, articles, who and where."""

    label: str
    who: str
    where: str
    score: float = 0.0
    seen_in: set[str] = field(default_factory=set)


def _phrase_label(articles: Sequence[Article]) -> str | None:
    """The commonest "who's event in where" phrase, if enough articles (and outlets) use it."""
    surnames: dict[str, str] = {}
    for a in articles:
        for person in a.people:
            surname = person.name.split()[-1]
            for form in (person.name, *person.aliases):
                surnames[form] = surname
    found: dict[str, _Found] = {}
    for a in articles:
        texts = [(a.headline, 3.0), (a.lede or "", 2.0)]
        texts += [(para, 1.0 if i < 6 else 0.5) for i, para in enumerate(a.body[:10])]
        for text, weight in texts:
            for kind, m in _matches(text):
                phrase = _phrase_of(kind, m, surnames)
                if phrase is None:
                    continue
                f = found.setdefault(phrase[0].lower(), _Found(*phrase))
                # what is still ahead ("consultations will be held in June") is not the event
                ahead = _FUTURE.search(_sentence_at(text, m.start(), m.end()))
                f.score += weight * _PATTERN_WEIGHT[kind] * (0.3 if ahead else 1.0)
                f.seen_in.add(a.id)
    if not found:
        return None
    key = max(found, key=lambda k: (len(found[k].seen_in) * 2 + found[k].score, -len(k), k))
    best = found[key]
    # in a big event, a phrase few articles use names a side story, not the event; in an
    # event several outlets told, a phrase only one of them uses is that outlet's story
    if len(articles) >= 5 and len(best.seen_in) < max(2, 0.2 * len(articles)):
        return None
    return best.label if _told_by_several(articles, best) else None


def _matches(text: str) -> Iterator[tuple[int, re.Match[str]]]:
    for kind, (pat, tail, needles) in enumerate(
        zip(_LABEL_PATTERNS, _TAILS, _NEEDLES, strict=True)
    ):
        if needles is not None and not any(n in text for n in needles):
            continue
        if not tail.search(text):
            continue  # the pattern cannot match: its tail is nowhere in the text
        for m in pat.finditer(text):
            yield kind, m


def _phrase_of(
    kind: int, m: re.Match[str], surnames: dict[str, str]
) -> tuple[str, str, str] | None:
    """(label, who, where) of a match, or None when its who or where is not a name."""
    g = m.groupdict()
    who = _clean_name(g["who"], surnames)
    if not who:
        return None
    noun = g["noun"].lower()
    if not g.get("where"):
        return f"{who} {noun}", who, ""
    where = _clean_name(g["where"], surnames)
    if not where or where == who:
        return None
    prep = g["prep"].lower()
    label = f"{who} {noun} {prep} {where}" if kind == 2 else f"{who}'s {noun} {prep} {where}"
    return label, who, where


def _told_by_several(articles: Sequence[Article], found: _Found) -> bool:
    """In an event several outlets told, two of them must use the phrase, or name its who and
    where in a headline or lede: a conference one outlet mentions in passing is that outlet's
    story, not the event."""
    if len({a.outlet for a in articles}) < 2:
        return True
    needles = [p.lower() for p in (found.who, found.where) if p]
    telling = {
        a.outlet
        for a in articles
        if a.id in found.seen_in
        or all(n in f"{a.headline} {a.lede or ''}".lower() for n in needles)
    }
    return len(telling) >= 2


# --- labels from what most outlets share -----------------------------------------------------


_STRONG = 0.6  # a phrase this share of the outlets use names their event on its own


def _shared_label(articles: Sequence[Article]) -> str | None:
    """For an event several outlets covered (see `headlines`): the phrase most of them share
    when it is strong (three or more outlets, and most of them); else the most central plain
    headline, whole, one holding that phrase first; else the phrase, even a bare name ("North
    Korea"); else the people (or places) most of them name. None for an event of one outlet."""
    groups = outlet_groups(articles)
    if len(groups) < 2:
        return None
    names = {
        w.lower()
        for a in articles
        for m in (*a.people, *a.places, *a.organisations)
        for w in m.name.split()
    }
    phrase = shared_phrase(articles, names)
    if (
        phrase is not None
        and not phrase.name_only
        and phrase.outlets >= max(3, _STRONG * len(groups))
    ):
        return phrase.text
    headline = neutral_headline(articles, phrase)
    if headline is not None:
        return headline
    if phrase is not None:
        return phrase.text
    shared = _shared_names(list(groups.values()), need_of(len(groups)))
    return ", ".join(shared) if shared else None


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
