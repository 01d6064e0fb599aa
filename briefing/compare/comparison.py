"""`compare`: how each outlet told one event, from the analyses of this package.

Why this module exists: it is the entry point. It chooses the outlets (given, or the event's
two to four biggest), keeps the articles most about the event (a comparison of a hundred
articles from one outlet is not readable), splits and weighs the sentences once, and hands them
to each analysis: alignment, uniqueness, quotes, numbers, naming, framing, coverage, reuse and
timing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from briefing.compare.alignment import align, unique
from briefing.compare.claims import claims
from briefing.compare.coverage import coverage, framing
from briefing.compare.naming import Namer
from briefing.compare.quotes import group_quotes, speakers
from briefing.compare.records import CompareError, Comparison
from briefing.compare.reuse import reuse, timing
from briefing.compare.sentences import similar_pairs, split_sentences, weigh
from briefing.events import Event
from briefing.ingest.rules import Rules, default_rules
from briefing.models import Article

__all__ = ["MAX_ARTICLES_PER_OUTLET", "compare"]


def compare(
    event: Event,
    articles: Iterable[Article],
    outlets: Sequence[str] | None = None,
    top: int = 12,
    rules: Rules | None = None,
) -> Comparison:
    """Compare how `outlets` (default: the event's 2-4 biggest) told `event`.

    `articles` must include the event's articles (others are ignored). Raises `CompareError`
    when fewer than two outlets can be compared or an outlet is not in the event.
    """
    rules = rules or default_rules()
    chosen = choose_outlets(event, outlets)
    wanted = {aid for name, ids in event.outlets if name in chosen for aid in ids}
    by_id = {a.id: a for a in articles if a.id in wanted}
    if not by_id:
        raise CompareError(f"none of the articles of event {event.id} were given")
    outlet_of = {aid: name for name, ids in event.outlets for aid in ids}
    arts = most_central(event, list(by_id.values()), outlet_of)
    namer = Namer(arts, rules)
    sents = split_sentences(arts, outlet_of, namer, rules)
    weigh(sents)
    pairs = similar_pairs(sents)
    shared = align(sents, pairs, top)
    only = unique(sents, pairs, chosen, top)
    return Comparison(
        event_id=event.id,
        label=event.label,
        outlets=chosen,
        shared=shared,
        unique=only,
        quotes=group_quotes(arts, outlet_of, top),
        numbers=claims(sents, pairs, arts, outlet_of),
        naming=namer.naming(chosen),
        framing=framing(sents, chosen, rules),
        coverage=coverage(arts, outlet_of, sents, chosen, namer),
        reuse=reuse(sents, pairs),
        timing=timing(arts, outlet_of, chosen),
        speakers=speakers(arts, outlet_of, chosen),
    )


MAX_ARTICLES_PER_OUTLET = 15


def most_central(event: Event, articles: list[Article], outlet_of: dict[str, str]) -> list[Article]:
    """At most `MAX_ARTICLES_PER_OUTLET` per outlet: those most about the event's people and
    places (a comparison of a hundred articles from one outlet is not readable), in date order.
    """
    key = set(event.people) | set(event.places)
    per: dict[str, list[Article]] = defaultdict(list)
    for a in articles:
        per[outlet_of.get(a.id, "")].append(a)
    kept: list[Article] = []
    for mine in per.values():
        mine.sort(
            key=lambda a: (
                -sum(1 for m in (*a.people, *a.places) if m.name in key),
                a.published.date.sort_key(),
                a.id,
            )
        )
        kept.extend(mine[:MAX_ARTICLES_PER_OUTLET])
    return sorted(kept, key=lambda a: (a.published.date.sort_key(), a.id))


def choose_outlets(event: Event, outlets: Sequence[str] | None) -> tuple[str, ...]:
    names = [name for name, _ in event.outlets]  # most articles first
    if outlets:
        out: list[str] = []
        for want in outlets:
            match = [n for n in names if n.lower() == want.strip().lower()]
            match = match or [n for n in names if n.lower().startswith(want.strip().lower())]
            if not match:
                raise CompareError(
                    f"{want!r} did not report event {event.id}; its outlets: {', '.join(names)}"
                )
            if match[0] not in out:
                out.append(match[0])
    else:
        out = names[:4]
    if len(out) < 2:
        only = out[0] if out else "no outlet"
        raise CompareError(
            f"event {event.id} ({event.label}) was reported by {only} only: nothing to compare"
            + (f" (a blindspot for {', '.join(event.missing[:5])})" if event.missing else "")
        )
    return tuple(out)
