"""The year a month and day fall in, when the text does not say it.

Why this module exists: a dateline gives "LIMA, November 20" and no year. The year is weighed
from the evidence: years the text mentions (with their tense), full dates nearby, weekdays that
only fit some years, and the years of the rest of the corpus. It is stated only when one year
clearly wins, with the reasons.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from briefing.ingest.mentions import WEEKDAYS, DateMention, Weekday, days_of, safe_date

__all__ = ["YearGuess", "infer_year"]


@dataclass(frozen=True, slots=True)
class YearGuess:
    year: int
    confidence: float
    evidence: tuple[str, ...]


def infer_year(
    month: int,
    day: int,
    *,
    day2: int | None = None,
    month2: int | None = None,
    mentions: Sequence[DateMention],
    weekdays: Sequence[Weekday],
    hard_weekday: Weekday | None = None,
    near_paragraphs: Iterable[int] = (),
    context_years: Sequence[tuple[int, int]] = (),
) -> YearGuess | None:
    """The year a month-day (or a short span of days) most likely falls in, from the evidence.

    Returns None when the evidence does not single out one year.
    """
    ev = _YearEvidence()
    for mm in mentions:
        if mm.year is not None:
            ev.mention(mm, mm.year, month, day)
    text_support = Counter(ev.support)
    total_context = sum(n for _, n in context_years) or 1
    for y, n in context_years:
        ev.note(y, 2.0 * n / total_context, f"{n} other article(s) in this corpus date from {y}")

    near = set(near_paragraphs)
    scored: list[tuple[float, int]] = []
    for y in sorted(ev.candidates):
        if y < ev.lower:
            continue
        days = days_of(month, day, day2, month2, y)
        if not days:
            continue
        score, reasons = _weekday_fit(float(ev.support[y]), y, days, hard_weekday, weekdays, near)
        ev.why[y] = list(ev.why.get(y, [])) + reasons
        scored.append((score, y))
    if not scored:
        return None
    scored.sort(key=lambda t: (-t[0], -t[1]))
    best, year = scored[0]
    runner = scored[1][0] if len(scored) > 1 else 0.0
    if best < 2 or best - runner < 1:
        return None
    confidence = min(0.95, 0.45 + 0.08 * best + 0.05 * (best - runner))
    if text_support[year] < 1:
        confidence = min(confidence, 0.65)  # the year came from other articles, not this one
    evidence = [f"year {year}: " + "; ".join(dict.fromkeys(ev.why[year]))]
    if ev.lower_why:
        evidence.append(f"not before {ev.lower}: {ev.lower_why}")
    return YearGuess(year, round(confidence, 2), tuple(evidence))


class _YearEvidence:
    """Points and reasons per candidate year, and the earliest year the text allows."""

    def __init__(self) -> None:
        self.support: Counter[int] = Counter()
        self.why: dict[int, list[str]] = {}
        self.lower = 0
        self.lower_why = ""
        self.candidates: set[int] = set()

    def note(self, y: int, points: float, reason: str) -> None:
        self.support[y] += points  # type: ignore[assignment]
        self.why.setdefault(y, []).append(reason)
        self.candidates.add(y)

    def not_before(self, y: int, reason: str) -> None:
        if y > self.lower:
            self.lower, self.lower_why = y, reason

    def mention(self, mm: DateMention, y: int, month: int, day: int) -> None:
        """What one dated mention (with year `y`) says about the year of `month`-`day`."""
        if mm.day is not None and mm.month is not None:
            full = safe_date(y, mm.month, mm.day)
            target = safe_date(y, month, day)
            if full and target and abs((full - target).days) <= 45:
                self.note(y, 4, f"full date '{mm.text}' nearby")
            else:
                self.note(y, 1, f"full date '{mm.text}'")
        elif mm.kind in ("my", "my_range"):
            self.note(y, 2, f"'{mm.text}' ({'ahead' if mm.tense == 'future' else 'mentioned'})")
            if mm.tense == "future":
                self.note(y - 1, 0.5, f"'{mm.text}' ahead")
            elif mm.tense == "past":
                self.not_before(y, f"'{mm.text}' is in the past")
        elif "since" in mm.text.lower():  # a bare year
            self.not_before(y + 1, f"'{mm.text}'")
            self.candidates.update((y + 1, y + 2))
        elif mm.tense == "future":
            self.note(y, 1, f"'{mm.text}' ahead")
            self.note(y - 1, 1, f"'{mm.text}' ahead")
        else:
            self.not_before(y, f"'{mm.text}' is in the past")
            self.candidates.update((y, y + 1))


def _weekday_fit(
    score: float,
    y: int,
    days: list[dt.date],
    hard_weekday: Weekday | None,
    weekdays: Sequence[Weekday],
    near: set[int],
) -> tuple[float, list[str]]:
    """`score` plus points (and the reasons) for how well year `y`'s weekdays of `days` fit the
    weekdays named: the dateline's own (`hard_weekday`, +3 or -3) and those in nearby
    paragraphs (+1 each)."""
    reasons: list[str] = []
    day_names = {d.weekday() for d in days}
    if hard_weekday is not None:
        if hard_weekday.weekday in day_names:
            score += 3
            reasons.append(
                f"{days[0]:%B} {days[0].day}, {y} was a {WEEKDAYS[days[0].weekday()]}, "
                f"matching '{hard_weekday.text}'"
            )
        else:
            score -= 3
    seen: set[int] = set()
    for w in weekdays:
        if w.reporting or w.paragraph not in near or w.weekday in seen:
            continue
        seen.add(w.weekday)
        if w.weekday in day_names:
            score += 1
            match = next(d for d in days if d.weekday() == w.weekday)
            reasons.append(f"{match:%B} {match.day}, {y} was a {WEEKDAYS[w.weekday]} ('{w.text}')")
    return score, reasons
