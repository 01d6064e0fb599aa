"""Command palette entries (`ctrl+p`): jump to an event, or filter by an outlet, person, place.

Why this module exists: with thousands of events, scrolling is not finding. The palette fuzzy-
matches event labels and the corpus's outlets, people and places; choosing one compares the event
or filters the timeline by that name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING, Protocol, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from briefing.app.text import clean
from briefing.labels import date_label

if TYPE_CHECKING:
    from briefing.app.model import Corpus


class CorpusHost(Protocol):
    """What the palette needs of the app (a protocol, so this module never imports the app)."""

    corpus: Corpus | None

    def open_event(self, event_id: str, outlets: tuple[str, ...] | None = None) -> None: ...

    def filter_timeline(self, text: str) -> None: ...


NAMES_PER_KIND = 300  # most covered people/places offered; outlets all


class CorpusCommands(Provider):
    """Events, outlets, people and places of the corpus."""

    def _entries(self) -> Iterator[tuple[str, str, Callable[[], None]]]:
        app = cast("CorpusHost", self.app)
        corpus = app.corpus
        if corpus is None:
            return
        for event in reversed(corpus.events):
            label = f"Event: {clean(event.label)} ({date_label(event.start)})"
            outlets = ", ".join(o for o, _ in event.outlets)
            yield label, f"compare {outlets}", partial(app.open_event, event.id)
        for outlet, n in corpus.outlets:
            yield f"Outlet: {clean(outlet)}", f"{n} articles", partial(app.filter_timeline, outlet)
        for kind, names in (("Person", corpus.people), ("Place", corpus.places)):
            for name in names[:NAMES_PER_KIND]:
                yield (
                    f"{kind}: {clean(name)}",
                    "filter the timeline",
                    partial(app.filter_timeline, name),
                )

    async def discover(self) -> Hits:
        for n, (label, help_text, callback) in enumerate(self._entries()):
            if n >= 20:
                break
            yield DiscoveryHit(label, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, help_text, callback in self._entries():
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, matcher.highlight(label), callback, help=help_text)
