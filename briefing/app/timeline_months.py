"""Which months the timeline lists: the newest first in view, up to a budget of rows.

Why this module exists: a corpus of 40,000 articles has thousands of events over a decade; a
list of all of them would take seconds to lay out and bury the present under the past. The
timeline lists the newest months (a month count the user can raise, and never fewer than it
takes to reach an event the user jumps to), trims the oldest while the rows would exceed a
budget, and says how many earlier months are left out. No Textual here: plain data in, plain
data out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from briefing.app.model import UNDATED, Reference, month_key
from briefing.events import Event

__all__ = ["MonthPlan", "by_month", "chosen_references", "plan_months"]


@dataclass(frozen=True, slots=True)
class MonthPlan:
    """The months to list (oldest first, the undated bucket last) and what is left out."""

    keys: tuple[str, ...]
    hidden: int  # earlier months not listed (a row offers to show them)
    months_shown: int  # how many dated months the user has asked to see


def by_month(events: Sequence[Event]) -> dict[str, list[Event]]:
    """Events by the month they start in (`UNDATED` for those with no date)."""
    months: dict[str, list[Event]] = {}
    for e in events:
        months.setdefault(month_key(e.start), []).append(e)
    return months


def chosen_references(
    references: Mapping[str, Sequence[Reference]],
    words: list[str],
    months: set[str] | None = None,
) -> dict[str, list[Reference]]:
    """The referenced dates that match the filter's `words`, by month; only in `months` when
    given (a large corpus: referenced dates go with the months that have events)."""
    chosen: dict[str, list[Reference]] = {}
    for key, found in references.items():
        if months is not None and key not in months:
            continue
        kept = [r for r in found if not words or _matches(r, words)]
        if kept:
            chosen[key] = kept
    return chosen


def _matches(ref: Reference, words: list[str]) -> bool:
    hay = f"{ref.text} {ref.outlet} {ref.sentence}".lower()
    return all(w in hay for w in words)


def plan_months(
    keys: set[str],
    months_shown: int,
    rows_of: Callable[[str], int],
    budget: int,
    focus_month: str | None = None,
) -> MonthPlan:
    """The newest `months_shown` dated months of `keys` (and the undated bucket), more if
    `focus_month` is older, fewer while their rows (`rows_of`) exceed the `budget`."""
    ordered = sorted(keys, key=lambda k: (k == UNDATED, k))
    dated = [k for k in ordered if k != UNDATED]
    hidden = max(0, len(dated) - months_shown)
    if focus_month is not None and focus_month in dated:
        at = dated.index(focus_month)
        hidden = min(hidden, at)
        months_shown = max(months_shown, len(dated) - at)
    shown = ordered[hidden:]
    sizes = [rows_of(k) for k in shown]
    total = sum(sizes)
    while len(shown) > 1 and total > budget:  # trim from the oldest month
        total -= sizes.pop(0)
        shown.pop(0)
        hidden += 1
    return MonthPlan(tuple(shown), hidden, months_shown)
