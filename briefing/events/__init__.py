"""Group articles into events: the same real-world happening, its run-up and aftermath.

Why this module exists: a briefing is about what happened, not about files. Comparing outlets,
spotting blindspots and drawing a timeline all need to know which articles tell the same story.

The method is the evidence a careful reader uses, made cheap enough for tens of thousands of
articles (no all-pairs comparison):

1. Each article becomes a TF-IDF vector of stemmed content words (headline and lede weigh more)
   plus its people, places and organisations. Rare words count, boilerplate does not (IDF).
2. Candidate pairs come from blocking: articles that share several of their rarest terms and
   whose dates are days, not months, apart (a month-precise date is weaker evidence).
3. Pairs are scored by cosine similarity, discounted by the gap in days, and merged strongest
   first. A merge must also keep the group's centroid coherent and its span short, so one
   loose link never chains two unrelated stories together: splitting a story in two is
   preferred to mixing two stories.

Everything is deterministic: the same corpus gives the same events and ids.

The package: `terms` (content words), `records` (`Event`, `EventParams`), `grouping`
(`group_events`), `incremental` (a grouping kept up to date), `labels` (`label_event`),
`lookup` (`find_event`, `event_of`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

# `terms` is also the name of a module of this package: importing that module anywhere sets
# the package's `terms` to the module, so the function is imported here at once (it is light)
from briefing.events.terms import STOP_WORDS, terms
from briefing.lazy_exports import resolve

if TYPE_CHECKING:
    from briefing.events.grouping import group_events
    from briefing.events.labels import EVENT_NOUNS, label_event
    from briefing.events.lookup import event_of, find_event
    from briefing.events.records import Event, EventParams

# where each export lives, imported on first use (`lazy_exports`): the app reads
# `Event` records without importing the grouping
_HOMES = {
    "group_events": "grouping",
    "EVENT_NOUNS": "labels",
    "label_event": "labels",
    "event_of": "lookup",
    "find_event": "lookup",
    "Event": "records",
    "EventParams": "records",
}


def __getattr__(name: str) -> Any:
    return resolve(__name__, _HOMES, globals(), name)


__all__ = [
    "EVENT_NOUNS",
    "STOP_WORDS",
    "Event",
    "EventParams",
    "event_of",
    "find_event",
    "group_events",
    "label_event",
    "terms",
]
