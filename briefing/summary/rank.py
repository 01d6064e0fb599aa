"""Who and what matters most: people, places and quotes ranked, each citing its articles.

Why this module exists: ranking is the judgement in a briefing (how many articles name a person,
which quote carries substance, one voice not filling the list), and it is easier to read and
tune on its own than inside the builder. Pure functions over `Article` records.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import pairwise
from typing import Any, TypeVar

from briefing.labels import trim
from briefing.models import Article, EntityKind, Mention
from briefing.summary.records import Citation, RankedMention, RankedQuote

T = TypeVar("T")

__all__ = [
    "MAX_QUOTE_CHARS",
    "MIN_QUOTE_WORDS",
    "QUOTES_PER_SPEAKER",
    "article_order",
    "norm",
    "quote_key",
    "quote_score",
    "rank_mentions",
    "rank_quotes",
    "speaker_capped",
]

MIN_QUOTE_WORDS = 6  # shorter quotes are fragments ("an anachronism"), not statements
MAX_QUOTE_CHARS = 280  # longer quotes are trimmed at a word boundary with an ellipsis
QUOTES_PER_SPEAKER = 2  # so one voice does not fill the list


def article_order(article: Article) -> tuple[tuple[int, Any], str, str]:
    return (article.published.date.sort_key(), (article.outlet or "").casefold(), article.id)


def norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def rank_mentions(
    articles: Sequence[Article],
    pick: Callable[[Article], Iterable[Mention]],
    kind: EntityKind,
    top: int,
) -> tuple[RankedMention, ...]:
    found = [(a, m) for a in articles for m in pick(a)]
    # A short form listed as an alias of exactly one fuller name counts as that name.
    alias_of: dict[str, set[str]] = {}
    for _, m in found:
        for alias in m.aliases:
            if norm(alias) != norm(m.name):
                alias_of.setdefault(norm(alias), set()).add(norm(m.name))

    def resolve(name: str) -> str:
        targets = alias_of.get(norm(name), set())
        return next(iter(targets)) if len(targets) == 1 else norm(name)

    spellings: dict[str, Counter[str]] = {}
    aliases: dict[str, dict[str, None]] = {}
    totals: Counter[str] = Counter()
    cited: dict[str, dict[str, Article]] = {}
    for a, m in found:
        key = resolve(m.name)
        spellings.setdefault(key, Counter())
        if norm(m.name) == key:
            spellings[key][m.name] += 1
        aliases.setdefault(key, {})
        for alias in (m.name, *m.aliases):
            aliases[key][alias] = None
        totals[key] += max(m.count, 1)
        cited.setdefault(key, {}).setdefault(a.id, a)

    ranked: list[RankedMention] = []
    for key, by_id in cited.items():
        names = spellings[key] or Counter({key: 1})
        name = max(names, key=lambda n: (names[n], len(n)))
        ranked.append(
            RankedMention(
                name=name,
                kind=kind,
                articles=len(by_id),
                mentions=totals[key],
                citations=tuple(Citation.of(a) for a in sorted(by_id.values(), key=article_order)),
                aliases=tuple(x for x in aliases[key] if x != name),
            )
        )
    ranked.sort(key=lambda r: (-r.articles, -r.mentions, r.name.casefold()))
    return tuple(ranked[:top])


_WORD_CHARS = re.compile(r"[^\w\s]")


def quote_key(text: str) -> str:
    return " ".join(_WORD_CHARS.sub(" ", text.casefold()).split())


_DIGIT = re.compile(r"\d")
_QUOTE_PUNCT = "\"'“”‘’()[],.;:!?"


def quote_score(text: str, reporters: int) -> int:
    """Substance, roughly: length within reason, numbers, names, and how many outlets ran it."""
    words = text.split()
    score = min(len(words), 40)
    if len(words) > 120:
        score -= (len(words) - 120) // 4
    if _DIGIT.search(text):
        score += 10
    names = 0
    for prev, word in pairwise(words):
        if not word[:3].lstrip(_QUOTE_PUNCT)[:1].isupper():
            continue  # cheap test first: most words are not capitalised
        bare = word.strip(_QUOTE_PUNCT)
        if len(bare) > 1 and bare[0].isupper() and not prev.endswith((".", "!", "?", ":")):
            names += 1
            if names == 3:
                break
    score += 4 * min(names, 3)
    score += 5 * min(reporters - 1, 3)
    return score


def rank_quotes(articles: Sequence[Article], top: int) -> tuple[RankedQuote, ...]:
    groups: dict[str, list[tuple[str | None, str, Article]]] = {}
    for a in articles:
        for q in a.quotes:
            text = " ".join(q.text.split())
            if len(text.split()) < MIN_QUOTE_WORDS:
                continue
            group = groups.setdefault(quote_key(text), [])
            group.append((q.speaker, text, a))

    # Score every group cheaply; build the full record only for those examined for the list.
    candidates: list[tuple[tuple[Any, ...], str | None, list[Article]]] = []
    for group in groups.values():
        if len(group) == 1:
            sp = group[0][0]
            speaker = sp.strip() if sp and sp.strip() else None
            reporters = [group[0][2]]
        else:
            speakers = Counter(s.strip() for s, _, _ in group if s and s.strip())
            speaker = max(speakers, key=lambda s: speakers[s]) if speakers else None
            by_id: dict[str, Article] = {}
            for _, _, a in group:
                by_id.setdefault(a.id, a)
            reporters = sorted(by_id.values(), key=article_order)
        full_text = group[0][1]
        score = quote_score(full_text, len(reporters))
        candidates.append(
            ((speaker is None, -score, article_order(reporters[0]), full_text), speaker, reporters)
        )
    candidates.sort(key=lambda c: c[0])

    def record(key: tuple[Any, ...], speaker: str | None, reporters: list[Article]) -> RankedQuote:
        full_text = key[3]
        return RankedQuote(
            speaker=speaker,
            text=trim(full_text, MAX_QUOTE_CHARS),
            full_text=full_text,
            citations=tuple(Citation.of(a) for a in reporters),
            score=-key[1],
        )

    return tuple(
        record(key, speaker, reporters)
        for key, speaker, reporters in speaker_capped(candidates, lambda c: c[1], top)
    )


def speaker_capped(items: Iterable[T], speaker: Callable[[T], str | None], top: int) -> Iterator[T]:
    """The first `top` of `items` (best first), at most `QUOTES_PER_SPEAKER` of one speaker
    (speakers compared by `norm`; quotes with no speaker are not capped)."""
    per_speaker: Counter[str] = Counter()
    kept = 0
    for item in items:
        if kept >= top:
            return
        who = speaker(item)
        if who is not None:
            name = norm(who)
            if per_speaker[name] >= QUOTES_PER_SPEAKER:
                continue
            per_speaker[name] += 1
        kept += 1
        yield item
