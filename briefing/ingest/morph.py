"""Russian word forms: lemmas, cases and the nominative of a name.

Why this module exists: Russian inflects names ("Путин", "Путина", "Путину", "Путиным"), so a
person, a place or a search word must be brought to one base form before it can be counted,
matched or found. pymorphy3 with its OpenCorpora dictionaries (pymorphy3-dicts-ru, shipped in
the wheel: nothing is downloaded) analyses each word; this module picks the analysis that fits a
name and inflects it to the nominative, keeping gender and number.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

_PROPER = ("Name", "Surn", "Patr", "Geox", "Orgn")
# crude ending stripper, used only to group the forms of one unknown name in one article
_ENDING = re.compile(
    r"(?:ами|ями|ого|его|ому|ему|ыми|ими|ой|ей|ою|ею|ом|ем|ым|им|ах|ях|ую|юю|ая|яя|ые|ие|ов|ев|"
    r"ам|ям|[аяуюеиоыйь])$"
)


@lru_cache(maxsize=1)
def analyzer() -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


@lru_cache(maxsize=65536)
def parses(word: str) -> tuple[Any, ...]:
    return tuple(analyzer().parse(word))


def has_tag(word: str, tag: str, min_score: float = 0.0) -> bool:
    return any(tag in p.tag and p.score >= min_score for p in parses(word))


def best(word: str, prefer: tuple[str, ...] = _PROPER) -> Any:
    """The analysis that best fits a capitalised word: a proper noun's if there is one."""
    options = parses(word)
    for tag in prefer:
        hit = [p for p in options if tag in p.tag]
        if hit:
            return max(hit, key=lambda p: p.score)
    nouns = [p for p in options if "NOUN" in p.tag]
    return nouns[0] if nouns else options[0]


@lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    """The dictionary form of a word, lower-case ('Путина' -> 'путин'); for search and events."""
    low = word.lower().replace("ё", "е")
    if not re.search(r"[а-я]", low):
        return low
    return str(analyzer().parse(low)[0].normal_form).replace("ё", "е")


def stem_key(word: str) -> str:
    """The forms of one name share this key ('Асии', 'Асию', 'Асия' -> 'ас')."""
    low = word.lower().replace("ё", "е")
    for _ in range(2):
        stripped = _ENDING.sub("", low)
        if len(stripped) < 2 or stripped == low:
            break
        low = stripped
    return low


def _cap(word: str, like: str) -> str:
    if like.isupper() and len(like) > 1:
        return word.upper()
    return "-".join(p[:1].upper() + p[1:] for p in word.split("-"))


def could_be_nominative(word: str) -> bool:
    """True when one analysis of the word is a nominative (or it does not decline)."""
    return any(
        "nomn" in p.tag or "Fixd" in p.tag or "UNKN" in str(p.tag) or "LATN" in str(p.tag)
        for p in parses(word)
    )


def nominative(tokens: list[str], gender: str | None = None) -> list[str]:
    """The tokens of a name brought to the nominative, agreeing in gender and number."""
    out: list[str] = []
    head_number = None
    heads = [best(t) for t in tokens]
    for p in heads:
        if "NOUN" in p.tag and p.tag.number:
            head_number = p.tag.number
    for tok, p in zip(tokens, heads, strict=True):
        if not re.search(r"[а-яё]", tok.lower()) or "Fixd" in p.tag or "UNKN" in str(p.tag):
            out.append(tok)
            continue
        if "ADJF" in p.tag:
            want = {"nomn", head_number or p.tag.number or "sing"}
            if (head_number or p.tag.number) != "plur" and gender:
                want.add(gender)
            form = p.inflect(want)
        elif "Surn" in p.tag and gender and p.tag.gender != gender:
            form = p.inflect({"nomn", "sing", gender}) or p.inflect({"nomn"})
        else:
            form = p.inflect({"nomn", p.tag.number or "sing"}) or p.inflect({"nomn"})
        word = form.word if form is not None else p.normal_form
        out.append(_cap(word.replace("ё", "е") if "ё" not in tok.lower() else word, tok))
    return out


def gender_of(tokens: list[str]) -> str | None:
    """A person's gender from their first name or surname analysis ('masc', 'femn')."""
    for tag in ("Name", "Surn", "Patr"):
        for t in tokens:
            p = [x for x in parses(t) if tag in x.tag and x.tag.gender in ("masc", "femn")]
            if p:
                top = max(p, key=lambda x: x.score)
                return str(top.tag.gender)
    return None
