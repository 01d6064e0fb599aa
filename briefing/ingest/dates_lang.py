"""Dates in text of another language, read with that language's rules.

Why this module exists: the publication-date logic (`dates.infer_published`) and the resolution
of mentioned dates work on `DateMention`s and `Weekday`s, whatever the language. This module
finds them in, say, Russian, from the words in `[language.ru]`: "5 мая", "5 мая 2016 года",
"в мае", "в 2016 году", "в четверг", "вчера", "на этой неделе", "в прошлом году", and reads a
dateline ("МОСКВА, 5 мая. /ТАСС/.") into the same `Dateline` the English rules give.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence

from briefing.ingest.mentions import DateMention, Weekday
from briefing.ingest.rules_lang import LanguageRules
from briefing.ingest.structure import Dateline
from briefing.ingest.translit import ends_with_spelling

_YEAR = r"(?:1[6-9]|20)\d{2}"
_SENT = re.compile(r"(?<=[.!?…])\s+(?=[«\"„“—–-]?\s*[A-ZА-ЯЁ0-9])")
_WORD = re.compile(r"[\w-]+")


def english_month(n: int) -> str:
    return calendar.month_name[n]


def match_dateline(block: str, lang: LanguageRules) -> tuple[Dateline, str] | None:
    """The dateline at the start of a block, with the month as an English month name."""
    for p in lang.datelines:
        m = p.match(block)
        if not m:
            continue
        g = m.groupdict()
        place = (g.get("place") or "").strip(" ,.-")
        month = lang.months.get((g.get("month") or "").lower().rstrip("."))
        if len(place) < 2:
            continue
        if g.get("outlet") and ends_with_spelling(place, g["outlet"]):
            continue  # a name and its spelling in another script, not a place and an outlet
        day = g.get("day")
        year = g.get("year")
        title = (
            "-".join(w.capitalize() for w in place.split("-"))
            if place.isupper() and " " not in place
            else " ".join(w.capitalize() for w in place.split())
            if place.isupper()
            else place
        )
        return (
            Dateline(
                place=title,
                month=english_month(month) if month else None,
                day=int(day) if day and month else None,
                year=int(year) if year and month else None,
                outlet=g.get("outlet") or None,
                text=m.group(0).strip(),
            ),
            block[m.end() :].strip(),
        )
    return None


_COMPILED: dict[int, tuple[LanguageRules, tuple[tuple[str, re.Pattern[str]], ...]]] = {}


def _patterns(lang: LanguageRules) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Compiled once per rules object (rules are immutable)."""
    hit = _COMPILED.get(id(lang))
    if hit is None or hit[0] is not lang:
        hit = (lang, _compile(lang))
        _COMPILED[id(lang)] = hit
    return hit[1]


def _compile(lang: LanguageRules) -> tuple[tuple[str, re.Pattern[str]], ...]:
    m = lang.month_alternation() or "(?!)"
    w = lang.weekday_alternation() or "(?!)"
    yw = "|".join(re.escape(x) for x in lang.year_words) or "(?!)"
    rel_days = "|".join(re.escape(x) for x in lang.relative_days) or "(?!)"
    rel_weeks = "|".join(re.escape(x) for x in lang.relative_weeks) or "(?!)"
    rel_years = "|".join(re.escape(x) for x in lang.relative_years) or "(?!)"
    flags = re.IGNORECASE
    return (
        ("iso", re.compile(rf"\b(?P<y>{_YEAR})-(?P<mn>[01]\d)-(?P<d>[0-3]\d)\b")),
        ("dotted", re.compile(rf"\b(?P<d>[0-3]?\d)\.(?P<mn>[01]\d)\.(?P<y>{_YEAR})\b")),
        (
            "md_range_y",
            re.compile(
                rf"\b(?P<d>\d{{1,2}})\s*[-–—]\s*(?P<d2>\d{{1,2}})\s+(?P<m>{m})\.?\s+(?P<y>{_YEAR})",
                flags,
            ),
        ),
        ("dmy", re.compile(rf"\b(?P<d>\d{{1,2}})\s+(?P<m>{m})\.?,?\s+(?P<y>{_YEAR})", flags)),
        (
            "md_range",
            re.compile(rf"\b(?P<d>\d{{1,2}})\s*[-–—]\s*(?P<d2>\d{{1,2}})\s+(?P<m>{m})\b", flags),
        ),
        ("dm", re.compile(rf"\b(?P<d>\d{{1,2}})\s+(?P<m>{m})(?![\w])", flags)),
        ("my", re.compile(rf"\b(?P<m>{m})\s+(?P<y>{_YEAR})(?:\s+(?:{yw}))?", flags)),
        ("m", re.compile(rf"\b(?:в|во|с|до|к|по)\s+(?P<m>{m})(?![\w])(?!\s+\d)", flags)),
        ("y", re.compile(rf"\b(?P<y>{_YEAR})(?:\s*[-–]\s*м)?\s+(?:{yw})(?!\w)", flags)),
        ("rel_year", re.compile(rf"(?<!\w)(?P<rel>{rel_years})(?!\w)", flags)),
        ("rel_week", re.compile(rf"(?<!\w)(?P<rel>{rel_weeks})(?!\w)", flags)),
        ("rel_day", re.compile(rf"(?<!\w)(?P<rel>{rel_days})(?!\w)", flags)),
        ("weekday", re.compile(rf"(?<!\w)(?P<w>{w})(?!\w)", flags)),
    )


def sentences(text: str) -> list[str]:
    return [s for s in _SENT.split(text) if s.strip()]


def _tense(sentence: str, start: int, end: int, lang: LanguageRules) -> str:
    window = sentence[max(0, start - 120) : min(len(sentence), end + 60)].lower()
    words = set(_WORD.findall(window))
    if words & lang.future_words or (lang.code == "ru" and _russian_future(words)):
        return "future"
    if words & lang.past_words or re.search(
        r"\b\w{3,}(?:ил|ила|или|ал|ала|али|ел|ела|ели)\b", window
    ):
        return "past"
    return "unknown"


def _russian_future(words: set[str]) -> bool:
    """A perfective verb in the present form is the Russian future ("выйдет", "покинет")."""
    import briefing.ingest.morph as morph

    for w in words:
        if len(w) < 4 or not w.isalpha():
            continue
        p = morph.parses(w)[0]
        if "VERB" in p.tag and "futr" in p.tag:
            return True
    return False


_REL_WORD = {-1: "last", 0: "this", 1: "next"}


def find_mentions(
    paragraphs: Sequence[tuple[int, str]], lang: LanguageRules, *, caption: bool = False
) -> list[DateMention]:
    """Every date phrase in the given (index, paragraph) pairs."""
    out: list[DateMention] = []
    for idx, para in paragraphs:
        for sent in sentences(para):
            taken: list[tuple[int, int]] = []
            for kind, pat in _patterns(lang):
                if kind == "weekday":
                    continue
                for m in pat.finditer(sent):
                    s, e = m.span()
                    if any(s < te and e > ts for ts, te in taken):
                        continue
                    mention = _mention(kind, m, idx, sent, lang, caption)
                    if mention is not None:
                        taken.append((s, e))
                        out.append(mention)
    return out


def _mention(
    kind: str, m: re.Match[str], idx: int, sent: str, lang: LanguageRules, caption: bool
) -> DateMention | None:
    g = m.groupdict()
    month = int(g["mn"]) if g.get("mn") else lang.months.get((g.get("m") or "").lower())
    day = int(g["d"]) if g.get("d") else None
    day2 = int(g["d2"]) if g.get("d2") else None
    year = int(g["y"]) if g.get("y") else None
    if month is not None and not 1 <= month <= 12:
        return None
    if day is not None and not 1 <= day <= 31:
        return None
    if day2 is not None and (not 1 <= day2 <= 31 or day2 <= (day or 0)):
        return None
    rel = None
    out_kind = {"dotted": "dmy"}.get(kind, kind)
    if kind in ("rel_year", "rel_week"):
        table = lang.relative_years if kind == "rel_year" else lang.relative_weeks
        rel = _REL_WORD.get(table.get(g["rel"].lower(), 9))
        if rel is None:
            return None
    elif kind == "rel_day":
        shift = lang.relative_days.get(g["rel"].lower())
        if shift not in (-1, 1):
            return None  # "сегодня" is the day itself; further shifts are not resolved
        rel = "yesterday" if shift == -1 else "tomorrow"
    elif kind == "md_range_y" or kind == "md_range":
        out_kind = kind
    return DateMention(
        kind=out_kind,
        text=m.group(0).strip(),
        paragraph=idx,
        sentence=sent.strip(),
        tense=_tense(sent, m.start(), m.end(), lang),
        month=month,
        day=day,
        day2=day2,
        year=year,
        rel=rel,
        caption=caption,
    )


def find_weekdays(paragraphs: Sequence[tuple[int, str]], lang: LanguageRules) -> list[Weekday]:
    """Weekdays named in the text; `reporting` when a verb of reporting stands just before."""
    pat = dict(_patterns(lang))["weekday"]
    verbs = set(lang.reporting_verbs)
    out: list[Weekday] = []
    for idx, para in paragraphs:
        for m in pat.finditer(para):
            window = para[max(0, m.start() - 40) : m.start()]
            # only the weekday's own sentence: "..., - заявил Хант. В понедельник, 9 июля, ..."
            # dates the resignation, not the statement
            window = re.split(r"[.!?…][»\"”]?\s+", window)[-1]
            before = _WORD.findall(window.lower())
            reporting = any(w in verbs for w in before[-6:])
            out.append(Weekday(lang.weekdays[m.group("w").lower()], idx, reporting, m.group(0)))
    return out
