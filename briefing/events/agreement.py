"""Do two articles agree on the specific facts of a story, or only on its topic?

Why this module exists: two articles from one site on one topic (two days' weather, two regions'
case counts, two releases by one label) share most of their words, so word similarity alone
takes them for one story. Reports of one happening agree on its particulars: the day it is
about, the figures, the names in quotation marks, the words written in another script (a
product, a team, a Latin-script name inside Cyrillic or Chinese text). This module reads those
particulars from a headline and says when two headlines name different ones of the same kind,
which is evidence of two stories however close the words are. Event grouping (`grouping`)
asks it about each candidate pair.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from briefing.models import Article

__all__ = [
    "HeadlineFacts",
    "disagree",
    "groups_disagree",
    "headline_facts",
    "named",
    "named_disagree",
]

_MONTHS = (
    "январ|феврал|март|апрел|ма[йяе]|июн|июл|август|сентябр|октябр|ноябр|декабр|"
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec"
)
_DAY_MONTH = re.compile(rf"(?<!\d)([0-3]?\d)(?:\s*[-–]\s*[0-3]?\d)?\s+(?:{_MONTHS})", re.I)
_MONTH_DAY = re.compile(rf"\b(?:{_MONTHS})\.?\s+([0-3]?\d)(?!\d)", re.I)
_YEAR = re.compile(r"(?<![\d.,])((?:19|20)\d\d)(?![\d.,]\d)")
_QUOTED = re.compile(r"«([^«»]{2,60})»|“([^“”]{2,60})”|\"([^\"]{2,60})\"")
_LATIN_NAME = re.compile(r"\b[A-Z][A-Za-z0-9]*(?:[-’'][A-Za-z]+)?\b")
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_NON_LATIN = re.compile(r"[^\W\d_a-zA-Z\u00c0-\u024f]")


@dataclass(frozen=True, slots=True)
class HeadlineFacts:
    """The particulars a headline names, by kind (empty when it names none of a kind)."""

    days: frozenset[str]
    years: frozenset[str]
    quoted: frozenset[str]
    latin: frozenset[str]
    # the article's places and people (by their words, in base form) that the headline names,
    # and every word of the article, to tell whether the other article ever names them
    places: frozenset[str] = frozenset()
    people: frozenset[str] = frozenset()
    words: frozenset[str] = frozenset()


def headline_facts(
    article: Article, words: frozenset[str] | Callable[[], frozenset[str]] | None = None
) -> HeadlineFacts:
    """The particulars `article`'s headline names. `words`: every content word of the article
    (`terms` of its headline, lede and body), when the caller has them already, or what gives
    them (called only for a headline that names a place or a person of the article: most
    never need them)."""
    from dataclasses import replace

    from briefing.events.terms import terms

    facts = _facts(article.headline or "")
    if article.headline_derived:
        # a sentence taken from the text for a headline: only the day it names counts (its
        # names, figures and quotations are the text's, not what names the story)
        return HeadlineFacts(facts.days, frozenset(), frozenset(), frozenset())
    if _UNSPACED.search(article.headline or ""):
        # names in unspaced scripts are found only as far as the gazetteer knows them: that
        # the other article does not name a place is no evidence there
        return facts
    head = set(terms(article.headline or ""))
    places = _named(head, [m.name for m in article.places])
    people = _named(head, [m.name.split()[-1] for m in article.people if m.name.split()])
    if not places and not people:
        return facts
    if words is None:
        found: set[str] = set(head)
        for text in (article.lede or "", *article.body):
            found.update(terms(text))
        words = frozenset(found)
    elif callable(words):
        words = words()
    return replace(facts, places=places, people=people, words=words)


def _named(headline_words: set[str], names: list[str]) -> frozenset[str]:
    """Those of the names whose every word the headline has, in any inflection ("В Мелитополе"
    names Мелитополь), as their words joined."""
    from briefing.events.terms import terms

    out = set()
    for name in names:
        ws = terms(name)
        if ws and all(w in headline_words for w in ws):
            out.add(" ".join(ws))
    return frozenset(out)


@lru_cache(maxsize=100_000)
def _facts(headline: str) -> HeadlineFacts:
    days = {m.group(1).lstrip("0") for m in _DAY_MONTH.finditer(headline)}
    days |= {m.group(1).lstrip("0") for m in _MONTH_DAY.finditer(headline)}
    quoted = {
        " ".join((m.group(1) or m.group(2) or m.group(3)).lower().split())
        for m in _QUOTED.finditer(headline)
    }
    latin: set[str] = set()
    if len(_NON_LATIN.findall(headline)) > 0.5 * sum(c.isalpha() for c in headline):
        # Latin-script names inside a headline in another script: a product, a team, a band
        latin = {w.lower() for w in _LATIN_NAME.findall(headline) if len(w) >= 3}
    return HeadlineFacts(
        days=frozenset(days),
        years=frozenset(_YEAR.findall(headline)),
        quoted=frozenset(quoted),
        latin=frozenset(latin),
    )


def disagree(a: HeadlineFacts, b: HeadlineFacts, *, same_language: bool = True) -> str | None:
    """The kind of particular the two headlines both name but never the same one of, if any.
    Across languages only days and years count: quoted words and names are translated."""
    kinds = (
        ("days", "years", "quoted", "latin", "places", "people")
        if same_language
        else ("days", "years")
    )
    for kind in kinds:
        x, y = getattr(a, kind), getattr(b, kind)
        if kind in ("places", "people"):
            # where (or whom) each headline names is nowhere in the other article
            if x and y and not _anywhere(x, b.words) and not _anywhere(y, a.words):
                return kind
        elif x and y and not x & y:
            return kind
    return None


def _anywhere(names: frozenset[str], words: frozenset[str]) -> bool:
    return any(all(w in words for w in name.split()) for name in names)


def groups_disagree(
    members_a: Sequence[int],
    members_b: Sequence[int],
    facts: Sequence[HeadlineFacts],
    langs: Sequence[str | None],
) -> bool:
    """Some headline of one group and some headline of the other, in one language, name
    different particulars: a chain of links (weather on the 8th, a storm, weather on the 16th)
    never makes them one. (Across languages the pair itself was checked when it was linked.)"""
    return named_disagree(
        [i for i in members_a if _names_any(facts[i])],
        [j for j in members_b if _names_any(facts[j])],
        facts,
        langs,
    )


def named(members: Iterable[int], facts: Sequence[HeadlineFacts]) -> dict[int, list[int]]:
    """For each of `members`, itself if its headline names a particular, else nothing: a
    group of one's `named` members (see `named_disagree`)."""
    return {i: [i] if _names_any(facts[i]) else [] for i in members}


def named_disagree(
    named_a: Sequence[int],
    named_b: Sequence[int],
    facts: Sequence[HeadlineFacts],
    langs: Sequence[str | None],
) -> bool:
    """`groups_disagree` of two groups given by their members whose headlines name a
    particular (in member order): the grouping keeps those as groups merge."""
    return any(
        disagree(facts[i], facts[j]) for i in named_a for j in named_b if langs[i] == langs[j]
    )


def _names_any(f: HeadlineFacts) -> bool:
    return bool(f.days or f.years or f.quoted or f.latin or f.places or f.people)
