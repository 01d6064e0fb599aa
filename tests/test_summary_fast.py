"""The fast briefing (from stored rows and per-event differences) equals the plain one.

Generated corpora (never data): random outlets (some unknown), dates at every precision (some
undated, a few far off), names with aliases, quotes repeated across outlets, dated references
shared between articles; events grouped from them. The fast path must give the same
`Briefing`, and after an update it must read whole only the articles that changed.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Sequence
from pathlib import Path

import pytest

from briefing.events import Event, group_events
from briefing.index import CorpusIndex
from briefing.models import Article, DatedReference, FuzzyDate, Mention, PublishedDate, Quote
from briefing.summary import (
    Briefing,
    Difference,
    build_briefing,
    build_from_rows,
    event_differences,
)
from briefing.summary.parts import PARTS_FILE, EventParts
from briefing.summary.rows import row_of
from briefing.summary.store import BASE_FILE, DELTA_FILE, current_rows, drop_rows

WORDS = "kuril treaty summit islands talks fishing visa border energy gas pipeline".split()
PEOPLE = ["Vladimir Putin", "Shinzo Abe", "Sergei Lavrov", "Fumio Kishida", "Abe"]
PLACES = ["Japan", "Russia", "Tokyo", "Moscow", "Kunashir", "Nagato"]
QUOTES = [
    "We will hold talks on the 4 disputed islands in Yamaguchi next month",
    "The absence of a peace treaty is an anachronism for Russia and Japan",
    "Both sides agreed that fishing rights need a new framework soon",
    "No decision was taken on the visa regime at this meeting today",
    "short one",
]
OUTLETS = ["TASS", "Kyodo", "Sputnik", "RIA", None]


def _date(rng: random.Random) -> FuzzyDate:
    roll = rng.random()
    day = dt.date(2016, 1, 1) + dt.timedelta(days=rng.randrange(0, 500))
    if roll < 0.08:
        return FuzzyDate()
    if roll < 0.1:
        return FuzzyDate.day(dt.date(1865 + rng.randrange(0, 3), 3, 1))  # far-off wrong dates
    if roll < 0.2:
        return FuzzyDate.month(day.year, day.month)
    if roll < 0.25:
        return FuzzyDate.year(day.year)
    return FuzzyDate.day(day)


def _ref(rng: random.Random) -> DatedReference:
    date = _date(rng)
    end = (
        FuzzyDate.day(date.start + dt.timedelta(days=1))
        if date.start and rng.random() < 0.2
        else None
    )
    return DatedReference(
        text=rng.choice(["December 15", "December  15", "next week", "the 1956 declaration"]),
        date=date,
        end=end,
        relation=rng.choice(["past", "same", "ahead", "unknown"]),
        sentence=rng.choice(["Talks  resume\non that day.", "It was said then."]),
        paragraph=rng.randrange(0, 5),
    )


def _articles(n: int, seed: int) -> list[Article]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        story = rng.randrange(0, n // 4 + 1)
        words = [WORDS[(story + k) % len(WORDS)] for k in range(4)]
        people = tuple(
            Mention(
                p,
                "person",
                rng.randrange(0, 4),
                ("Abe",) if p == "Shinzo Abe" and rng.random() < 0.5 else (),
            )
            for p in rng.sample(PEOPLE, rng.randrange(0, 4))
        )
        places = tuple(
            Mention(p, "place", rng.randrange(1, 3))
            for p in rng.sample(PLACES, rng.randrange(0, 3))
        )
        quotes = tuple(
            Quote(rng.choice([None, " ", "Vladimir Putin", "Shinzo Abe "]), q, 1)
            for q in rng.sample(QUOTES, rng.randrange(0, 3))
        )
        date = _date(rng)
        out.append(
            Article(
                id=f"{i:04d}_{rng.randrange(16**6):06x}",
                path=f"corpus/{i}.txt",
                url=None,
                outlet=rng.choice(OUTLETS),
                headline=f"{words[0].title()} {words[1]} {words[2]} on {words[3]} {story}",
                headline_derived=rng.random() < 0.2,
                lede=None,
                dateline=None,
                published=PublishedDate(date, 0.9 if date.known else 0.0, ()),
                body=(
                    f"Officials said the {words[0]} {words[1]} talks had "
                    f"{rng.randrange(2, 9)} rounds.",
                    f"The {words[2]} {words[3]} issue stays open, {rng.choice(PEOPLE)} said.",
                ),
                people=people,
                places=places,
                quotes=quotes,
                dated_references=tuple(_ref(rng) for _ in range(rng.randrange(0, 4))),
                content_hash=f"h{i}-{seed}",
                lang=rng.choice(["en", "en", "ru", None]),
            )
        )
    return out


def _fast(
    articles: list[Article], events: tuple[Event, ...], top: int, limit: int | None
) -> Briefing:
    by_id = {a.id: a for a in articles}

    def differences(e: Event, ids: list[str]) -> tuple[Difference, ...]:
        return event_differences(e, [by_id[i] for i in ids], None)

    rows = [row_of(a) for a in articles]

    def read(ids: Sequence[str]) -> list[Article]:
        return [by_id[i] for i in ids]

    return build_from_rows(
        rows,
        top=top,
        title="t",
        events=events,
        timeline_limit=limit,
        differences=differences,
        read=read,
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_rows_give_the_same_briefing_as_articles(seed: int) -> None:
    articles = _articles(300, seed)
    events = group_events(articles)
    for top, limit in ((10, 40), (3, None), (0, 5)):
        plain = build_briefing(articles, top=top, title="t", events=events, timeline_limit=limit)
        fast = _fast(articles, events, top, limit)
        assert fast == plain
        assert json.dumps(plain.to_json()) == json.dumps(fast.to_json())


def test_rows_survive_json() -> None:
    articles = _articles(50, 4)
    rows = [row_of(a) for a in articles]
    assert json.loads(json.dumps(rows)) == rows
    assert build_from_rows(json.loads(json.dumps(rows))) == build_from_rows(rows)


def _reader(articles: dict[str, Article], reads: list[str]):  # type: ignore[no-untyped-def]
    def read(ids):  # type: ignore[no-untyped-def]
        reads.extend(ids)
        return [articles[i] for i in ids if i in articles]

    return read


def test_the_store_reads_only_what_changed(tmp_path: Path) -> None:
    articles = {a.id: a for a in _articles(200, 5)}
    now = {i: a.content_hash for i, a in articles.items()}
    reads: list[str] = []
    rows = current_rows(tmp_path, now, _reader(articles, reads), lambda: articles.values())
    assert sorted(r[0] for r in rows) == sorted(articles)
    base = (tmp_path / "cache" / BASE_FILE).read_bytes()
    assert reads == []  # the first table is made in one pass, not by id
    # nothing changed: read back, nothing read, nothing written
    again = current_rows(tmp_path, now, _reader(articles, reads), lambda: [])
    assert sorted(map(json.dumps, again)) == sorted(map(json.dumps, rows))
    assert reads == [] and not (tmp_path / "cache" / DELTA_FILE).exists()
    # two added, one changed, one removed: four reads at most, only the delta written
    extra = _articles(202, 6)[200:]
    changed_id = next(iter(articles))
    removed_id = list(articles)[1]
    articles.update((a.id, a) for a in extra)
    del articles[removed_id]
    now = {i: a.content_hash for i, a in articles.items()}
    now[changed_id] = "changed"
    rows = current_rows(tmp_path, now, _reader(articles, reads), lambda: [])
    assert sorted(reads) == sorted([changed_id, *(a.id for a in extra)])
    assert (tmp_path / "cache" / BASE_FILE).read_bytes() == base
    assert (tmp_path / "cache" / DELTA_FILE).exists()
    assert sorted(r[0] for r in rows) == sorted(articles)
    # the next run reads base + delta and needs nothing more
    reads.clear()
    later = current_rows(tmp_path, now, _reader(articles, reads), lambda: [])
    assert reads == [] and sorted(map(json.dumps, later)) == sorted(map(json.dumps, rows))


def test_a_damaged_or_foreign_table_is_made_again(tmp_path: Path) -> None:
    articles = {a.id: a for a in _articles(30, 7)}
    now = {i: a.content_hash for i, a in articles.items()}
    current_rows(tmp_path, now, _reader(articles, []), lambda: articles.values())
    (tmp_path / "cache" / BASE_FILE).write_text('{"version": "1|", "token": "x", "rows": [[1]]}')
    rows = current_rows(tmp_path, now, _reader(articles, []), lambda: articles.values())
    assert len(rows) == 30
    (tmp_path / "cache" / DELTA_FILE).write_text("{ damaged")
    assert len(current_rows(tmp_path, now, _reader(articles, []), lambda: [])) == 30
    # rows of another version are never used
    assert current_rows(tmp_path, now, _reader(articles, []), lambda: [], key="other") == []
    drop_rows(tmp_path)
    assert not (tmp_path / "cache" / BASE_FILE).exists()


def test_event_differences_are_compared_again_only_when_the_event_changed(tmp_path: Path) -> None:
    articles = _articles(200, 8)
    events = group_events(articles)
    by_id = {a.id: a for a in articles}
    hashes = {a.id: a.content_hash for a in articles}
    calls: list[str] = []

    def compute(e, ids):  # type: ignore[no-untyped-def]
        calls.append(e.id)
        return event_differences(e, [by_id[i] for i in ids], None)

    rows = [row_of(a) for a in articles]
    parts = EventParts(tmp_path, hashes, "rules", compute)
    first = build_from_rows(rows, events=events, differences=parts)
    parts.save()
    compared = len(calls)
    assert compared > 0 and (tmp_path / "cache" / PARTS_FILE).exists()
    parts = EventParts(tmp_path, hashes, "rules", compute)
    assert build_from_rows(rows, events=events, differences=parts) == first
    assert len(calls) == compared  # every event's differences read back
    multi = [e for e in events if len(e.outlets) > 1]
    hashes = {**hashes, multi[0].articles[0]: "changed"}
    parts = EventParts(tmp_path, hashes, "rules", compute)
    build_from_rows(rows, events=events, differences=parts)
    assert len(calls) <= compared + 1  # only the changed event, if it is shown


def _write_corpus(folder: Path, articles: list[Article], name: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for a in articles:
        lines.append(
            json.dumps(
                {
                    "id": a.id,
                    "title": a.headline,
                    "source": a.outlet or "",
                    "date": a.published.iso or "",
                    "text": "\n\n".join(
                        [
                            *a.body,
                            *(f'"{q.text}," {q.speaker or "an official"} said.' for q in a.quotes),
                        ]
                    ),
                }
            )
        )
    (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_the_workspace_briefing_equals_the_plain_one_after_an_update(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefing.workspace import Location, Workspace

    corpus = tmp_path / "corpus"
    made = _articles(120, 9)
    _write_corpus(corpus, made[:100], "a.jsonl")
    ws = Workspace.open(Location(corpus, tmp_path / "index"))
    ws.update()
    assert ws.briefing(top=5, timeline_limit=30) == ws.plain_briefing(top=5, timeline_limit=30)
    _write_corpus(corpus, made[100:], "b.jsonl")
    ws.update()
    reads: list[str] = []
    whole = CorpusIndex.articles_by_id

    def counting(self: CorpusIndex, ids):  # type: ignore[no-untyped-def]
        ids = list(ids)
        reads.extend(ids)
        return whole(self, ids)

    def no_pass(self: CorpusIndex, **kw: object) -> None:
        raise AssertionError("every article read again")

    monkeypatch.setattr(CorpusIndex, "articles_by_id", counting)
    monkeypatch.setattr(CorpusIndex, "each_article", no_pass)
    fast = ws.briefing(top=5, timeline_limit=30)
    # read whole: the new articles, and the members of the events they touched
    assert len(ws.index.article_hashes()) == 120
    assert len(set(reads)) < 120
    monkeypatch.undo()
    assert fast == ws.plain_briefing(top=5, timeline_limit=30)
    ws.close()


def test_quotes_of_one_article_with_equal_scores_keep_their_order_by_words() -> None:
    words = "one two three four five six"
    quotes = tuple(Quote(None, f"{w} {words}", 1) for w in ("zebra", "alpha", "mango"))
    a = Article(
        id="a1",
        path="a1.txt",
        url=None,
        outlet="TASS",
        headline="h",
        headline_derived=False,
        lede=None,
        dateline=None,
        published=PublishedDate(FuzzyDate.day(dt.date(2016, 5, 1)), 0.9, ()),
        body=("b",),
        quotes=quotes,
    )
    plain = build_briefing([a], top=2)
    assert [q.full_text.split()[0] for q in plain.quotes] == ["alpha", "mango"]
    fast = build_from_rows([row_of(a)], top=2, read=lambda ids: [a])
    assert fast == plain
