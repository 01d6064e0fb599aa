"""Quantities in a sentence ("12 interstate documents", "$2.5 billion", "40%"), keyed by what
they count.

Why this module exists: a number is the sharpest thing two outlets can disagree on, and finding
one is fiddly (number words, scales, units, years and day numbers that are dates, "the two
leaders" that is a reference). The key (`documents`, `%`) lets the comparison put two
outlets' numbers about the same thing side by side.
"""

from __future__ import annotations

import re

from briefing.compare.naming import stem_name
from briefing.events import STOP_WORDS
from briefing.models import FuzzyDate

__all__ = ["find_numbers", "range_text"]

_NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
}
_NUM = r"(?:\d+(?:[.,]\d+)*|" + "|".join(_NUMBER_WORDS) + r")"
_SCALE = r"(?:\s+(?:hundred|thousand|million|billion|trillion|bn|mln|m)\b)?"
_NUMBER = re.compile(
    rf"(?<![\w$€£¥.-])(?P<cur>[$€£¥])?(?P<n>{_NUM}){_SCALE}"
    r"(?P<unit>\s*(?:%|percent\b|per cent\b))?"
    r"(?P<rest>(?:\s+(?:of\s+)?(?:the\s+)?[A-Za-z][\w-]*){0,3})",
    re.I,
)
_MONTHS = (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
).split()
_NOT_UNITS = frozenset(
    "and or of the a an to in on at for by with from as than that which who percent per cent "
    "times more less about some nearly almost over under".split()
)


def find_numbers(sentence: str) -> list[tuple[str, str]]:
    """(key, value as written) for the quantities in a sentence: "12 interstate documents"."""
    out = []
    for m in _NUMBER.finditer(sentence):
        raw = m.group("n")
        low = raw.lower()
        if low in _NUMBER_WORDS:
            value = float(_NUMBER_WORDS[low])
            if value <= 1 and not m.group("unit"):
                continue  # "one of the", "zero" rarely carry a fact
        else:
            try:
                value = float(raw.replace(",", ""))
            except ValueError:
                continue
            if 1800 <= value <= 2100 and "." not in raw and not m.group("unit"):
                continue  # a year: dates are handled as dates
        before = sentence[max(0, m.start() - 12) : m.start()].lower()
        if any(before.rstrip().endswith(mo) for mo in _MONTHS):
            continue  # "December 15": a date
        if low in _NUMBER_WORDS and re.search(
            r"\b(?:the|both|these|those|its|their|our|all)\s*$", before
        ):
            continue  # "the two leaders": a reference, not a quantity
        words = [w.strip(",.;:()\"“”'’") for w in m.group("rest").split()]
        unit = "%" if m.group("unit") else ""
        if unit:
            while words and words[0].lower() in ("of", "the", "a", "an", "its", "all"):
                words = words[1:]
        what: list[str] = []
        for w in words:
            lw = w.lower()
            if not lw or lw in _NOT_UNITS or lw in STOP_WORDS or lw in _MONTHS or lw.endswith("ed"):
                break
            what.append(lw)
        if what and what[0] in _MONTHS:
            continue  # "15 December"
        head = stem_name(what[-1]) if what else ""
        if not unit and not head:
            continue
        key = f"{unit}{head}" if head else unit
        num = f"{value:g}"
        shown = f"{m.group('cur') or ''}{num}{unit}" + (f" {' '.join(what)}" if what else "")
        out.append((key, shown))
    return out


def range_text(date: FuzzyDate, end: FuzzyDate | None) -> str:
    if end and end.iso and end.iso != date.iso:
        return f"{date.iso}–{end.iso}"
    return date.iso or "?"
