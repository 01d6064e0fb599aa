"""The span a corpus really covers: first and last month, a few far-off wrong dates left out.

Why this module exists: scraped dates include a handful of wrong ones (an 1865 page stamp in a
corpus of 2012-2020, a 2039 typo). Taken literally they stretch every span and chart until the
real years are squeezed into a few columns, and make a typo "the most recent" entry. The
summary's glance and timeline and the app's coverage chart all ask here; the outliers are then
counted beside the span, never silently dropped.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["OUTLIER_GAP_MONTHS", "OUTLIER_SHARE", "core_span", "month_of"]

OUTLIER_SHARE = 0.01  # at most this share of the dates at each end may be outliers
OUTLIER_GAP_MONTHS = 12  # ... and only when they lie this far beyond the rest


def month_of(iso: str) -> str:
    """`2016-12-16` and `2016-12` -> `2016-12`; `2016` -> `2016-01` (a year sorts at its start)."""
    return iso[:7] if len(iso) >= 7 else f"{iso[:4]}-01"


def _number(month: str) -> int:
    return int(month[:4]) * 12 + int(month[5:7]) - 1


def core_span(months: Sequence[str]) -> tuple[str, str] | None:
    """First and last of the sorted `YYYY-MM` `months`, ignoring a few far-off outliers: up to
    1 % of them at each end, when they lie more than a year beyond the rest."""
    if not months:
        return None
    n = len(months)
    k = int(n * OUTLIER_SHARE)
    first, last = months[0], months[-1]
    if k:
        lo, hi = months[k], months[-k - 1]
        if _number(lo) - _number(first) > OUTLIER_GAP_MONTHS:
            first = lo
        if _number(last) - _number(hi) > OUTLIER_GAP_MONTHS:
            last = hi
    return first, last
