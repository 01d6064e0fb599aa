"""Finding an event by what a user types, and which event an article is in.

Why this module exists: `briefing compare EVENT` and the CLI's exports take an event id, an id
prefix or words of its label; this is that lookup, shared by the CLI and the app.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from briefing.events.records import Event

__all__ = ["event_of", "find_event"]


def find_event(events: Iterable[Event], query: str) -> Event | None:
    """An event by id, id prefix, or words of its label (all words must match)."""
    events = list(events)
    q = query.strip().lower()
    for e in events:
        if e.id == q:
            return e
    prefixed = [e for e in events if e.id.startswith(q)]
    if len(prefixed) == 1:
        return prefixed[0]
    words = re.findall(r"\w+", q)
    matching = [e for e in events if all(w in f"{e.label} {e.id}".lower() for w in words)]
    if matching:
        return max(matching, key=lambda e: (len(e.articles), e.id))
    return None


def event_of(events: Iterable[Event]) -> dict[str, str]:
    """article id -> event id."""
    return {aid: e.id for e in events for aid in e.articles}
