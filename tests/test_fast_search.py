"""The fast search path gives what the plain one gives: the same hits (ids in order, scores
to the last few bits, snippets), totals and outlet counts, for every kind of query, on a
generated corpus of several segments with deleted and replaced articles.

The plain path (`CorpusIndex.search(..., plain=True)`) is Whoosh on its own: phrases through
word positions, the total and the outlet counts through a scored search grouped by outlet.
The fast path scores only the page, counts from unscored match sets and finds phrases through
the word-pair fields (`briefing.index.pairs`, `briefing.index.matches`).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from segmented_index import segmented_index
from whoosh.query import NumericRange

import briefing.index.ranking as ranking
from briefing.index import CorpusIndex
from briefing.index.dense import Dense
from briefing.index.matches import Segments, as_set
from briefing.index.pairs import MAX_EXPANSIONS, Expansion, fast
from briefing.index.ranges import ColumnRange
from briefing.index.schema import document
from briefing.index.scoring import SegmentScorer
from briefing.index.whoosh_query import parse, parser
from briefing.models import Article, FuzzyDate, Mention, PublishedDate

# A small vocabulary, so that phrases recur, and their words and pairs also occur apart.
_WORDS = (
    "white house said prime minister trade deal oil prices rose fell talks peace treaty "
    "islands kuril japan russia the of and in a new york city council police report budget "
    "senate vote climate change health care reform border wall"
).split()
# Russian words (stemmed by script: путина ~ путин) and Japanese runs (character pairs), in a
# paragraph of their own in some articles
_OTHER_SCRIPTS = "путин путина переговоры переговорах япония японии 長門市 東京都 首脳会談".split()
_OUTLETS = ("TASS", "Kyodo", "Reuters", "Sputnik", "RIA Novosti", None)
_PEOPLE = ("Vladimir Putin", "Shinzo Abe", "Donald Trump", "Angela Merkel")
_PLACES = ("Kuril Islands", "Tokyo", "Moscow", "New York")


def _text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(n)).capitalize() + "."


def _other_scripts(rng: random.Random) -> tuple[str, ...]:
    if rng.random() < 0.6:
        return ()
    return (" ".join(rng.choice(_OTHER_SCRIPTS) for _ in range(rng.randrange(3, 12))) + ".",)


def _generated(n: int, seed: int, prefix: str) -> list[Article]:
    rng = random.Random(seed)
    other = random.Random(seed + 1000)  # its own stream: the English text stays as it was
    out = []
    for i in range(n):
        day = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(0, 900))
        kind = rng.random()
        date = (
            FuzzyDate.day(day)
            if kind < 0.7
            else (FuzzyDate.month(day.year, day.month) if kind < 0.9 else FuzzyDate())
        )
        people = rng.sample(_PEOPLE, rng.randrange(0, 3))
        places = rng.sample(_PLACES, rng.randrange(0, 2))
        out.append(
            Article(
                id=f"{prefix}{i:04d}",
                path=f"{prefix}{i:04d}.txt",
                url=None,
                outlet=rng.choice(_OUTLETS),
                headline=_text(rng, rng.randrange(3, 9)),
                headline_derived=False,
                lede=_text(rng, rng.randrange(8, 20)) if rng.random() < 0.7 else None,
                dateline=rng.choice(("Moscow", "Tokyo", None)),
                published=PublishedDate(date, 0.9 if date.known else 0.0, ("test",)),
                body=tuple(_text(rng, rng.randrange(10, 60)) for _ in range(rng.randrange(1, 4)))
                + _other_scripts(other),
                people=tuple(Mention(p, "person", 1, (p.split()[-1],)) for p in people),
                places=tuple(Mention(p, "place", 1, ()) for p in places),
                organisations=(),
                quotes=(),
                content_hash=f"hash-{prefix}{i}",
            )
        )
    return out


QUERIES = (
    # words
    "oil",
    "kurils",
    "senate",
    # two words
    "trade deal",
    "police report",
    # phrases: two words, with a stop word, three and four words, a phrase in a field
    '"white house"',
    '"prime minister"',
    '"minister of trade"',
    '"prime minister said"',
    '"new york city council"',
    '"peace treaty" japan',
    '"peace treaty"',
    '"kuril islands japan"',
    '"peace treaty islands japan"',
    'headline:"oil prices"',
    'person:"shinzo abe"',
    '"white house"~3',
    # fielded
    "outlet:tass oil",
    "person:putin",
    "place:kuril*",
    "headline:talks",
    "dateline:tokyo",
    # date ranges
    "date:2016 oil",
    "date:[2015-03-01 to 2015-06-30]",
    "date:2016-05 talks",
    # wildcards
    "isl*",
    "t*",
    "w?ite",
    # misspelt
    "treety",
    "minster",
    # NOT, OR, grouping
    "oil NOT prices",
    '"white house" NOT senate',
    "NOT oil",
    "(oil OR budget) AND japan",
    "climate OR health",
    # a long OR (what a word being typed becomes): Whoosh nests it as a tree of unions
    "oil OR budget OR trade OR talks OR japan OR prices OR treaty OR islands",
    "japan (oil OR budget OR trade OR talks OR prices OR treaty OR islands)",
    # other scripts: an inflected Russian word, a Russian phrase, Japanese runs and a phrase
    "путина",
    '"путин переговорах"',
    '"японии путина" oil',
    "長門市",
    "首脳会談 東京都",
    '"東京都 長門市"',
)


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> CorpusIndex:
    folder: Path = tmp_path_factory.mktemp("fast")
    # three commits, three segments: a0000..a0039 replaced by the last, b0040..b0059 deleted
    return segmented_index(folder, _generated, (300, 250, 40), (f"b{i:04d}" for i in range(40, 60)))


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("sort", ["relevance", "date"])
def test_fast_and_plain_paths_agree(index: CorpusIndex, query: str, sort: str) -> None:
    for limit, offset in ((20, 0), (7, 5), (1000, 0)):
        fast_result = index.search(query, limit=limit, offset=offset, sort=sort)
        plain = index.search(query, limit=limit, offset=offset, sort=sort, plain=True)
        assert fast_result.total == plain.total, query
        assert fast_result.outlet_counts == plain.outlet_counts, query
        assert [h.article_id for h in fast_result.hits] == [h.article_id for h in plain.hits]
        # the same sums, though Whoosh may add a document's field scores in another order
        assert [h.score for h in fast_result.hits] == pytest.approx(
            [h.score for h in plain.hits], rel=1e-12
        )
        assert [replace(h, score=0.0) for h in fast_result.hits] == [
            replace(h, score=0.0) for h in plain.hits
        ]
        assert fast_result.suggestion == plain.suggestion


@pytest.mark.parametrize("typed", ["tr", "tre", "isl", "japan tr", "oil pri", "minister ta"])
@pytest.mark.parametrize("sort", ["relevance", "date"])
def test_words_being_typed_fast_and_plain_agree(index: CorpusIndex, typed: str, sort: str) -> None:
    """A keystroke's search (the last word also matching the words it begins: an OR of
    them) gives the plain path's hits, counts and snippets."""
    fast_result = index.search(typed, limit=20, sort=sort, partial=True)
    plain = index.search(typed, limit=20, sort=sort, partial=True, plain=True)
    assert fast_result.total == plain.total, typed
    assert fast_result.outlet_counts == plain.outlet_counts, typed
    assert [replace(h, score=0.0) for h in fast_result.hits] == [
        replace(h, score=0.0) for h in plain.hits
    ]
    assert [h.score for h in fast_result.hits] == pytest.approx(
        [h.score for h in plain.hits], rel=1e-12
    )
    assert index.search("tre", partial=True).total > index.search("tre").total  # completed


def test_hit_rows_kept_decoded_follow_the_index(tmp_path: Path) -> None:
    """The hit rows kept decoded between keystrokes are the open searcher's: an article
    changed by a commit shows as changed at once."""
    ix = CorpusIndex.open(tmp_path / "c", tmp_path / "i")
    base = _generated(1, 12, "k")[0]
    ix.add_articles([replace(base, id="k1", headline="Treaty talks stall", body=("Treaty.",))])
    assert [h.headline for h in ix.search("treaty").hits] == ["Treaty talks stall"]
    assert [h.headline for h in ix.search("treaty").hits] == ["Treaty talks stall"]
    ix.add_articles([replace(base, id="k1", headline="Treaty signed", body=("Treaty.",))])
    assert [h.headline for h in ix.search("treaty").hits] == ["Treaty signed"]
    # a merging commit (as another process's may be) gives the new text the old number
    changed = replace(base, id="k1", headline="Treaty ratified", body=("Treaty.",))
    writer = ix._whoosh_writer()
    writer.update_document(**document(changed, changed.path))
    writer.commit(optimize=True)
    ix._refresh()
    assert [h.headline for h in ix.search("treaty").hits] == ["Treaty ratified"]


def test_the_fixture_exercises_what_it_should(index: CorpusIndex) -> None:
    """The comparisons above mean something: phrases match some but not all articles holding
    their words, segments hold deletions, and counts are spread over outlets."""
    assert index.search('"prime minister said"').total > 0
    assert index.search('"prime minister said"').total < index.search('"prime minister"').total
    assert index.search('"white house"').total < index.search("white house").total
    assert len(index.search("oil").outlet_counts) >= 4
    assert index.count() == 300 + 250 - 20
    with index._lock:
        s = index._current()
        assert len(s.subsearchers) >= 2
        assert any(sub.reader().has_deletions() for sub, _ in s.subsearchers)


def test_other_scripts_are_searched_and_phrased(index: CorpusIndex) -> None:
    """The Cyrillic and Japanese queries above are not empty comparisons: a stemmed Russian
    phrase finds fewer articles than its words apart, and so does a Japanese one."""
    assert 0 < index.search('"путин переговорах"').total < index.search("путин переговорах").total
    assert index.search("путина").total == index.search("путин").total > 0
    assert 0 < index.search('"東京都 長門市"').total < index.search("東京都 長門市").total
    assert index.search("長門市").total > 0


def test_pairs_are_indexed_only_of_frequent_words(index: CorpusIndex) -> None:
    """The pair fields hold "white hous" (two frequent words), not "peac treati"; a phrase
    with an indexed pair goes through them (a longer one checks its words' positions on the
    pair's articles), one without through its words' articles; and every kind is among the
    queries compared above."""
    from whoosh.query import Phrase

    from briefing.index.pairs import PairPhrase

    with index._lock:
        reader = index._current().reader()
        assert ("body_pairs", "white hous") in reader
        assert ("body_pairs", "peac treati") not in reader
        assert ("body_pairs", "kuril island") not in reader
        assert ("body_pairs", "island japan") in reader
        assert ("body_pairs", "prime minist") in reader
        assert ("body", "peac") in reader and ("body", "treati") in reader
        schema = index._ix.schema
        kinds = {}
        for text in (
            '"white house"',
            '"peace treaty"',
            '"prime minister said"',
            '"kuril islands japan"',  # "kuril island" is not a pair, "island japan" is
            '"путин переговорах"',
        ):
            assert text in QUERIES
            _, _, q = parse(parser(schema), text)
            leaves = [n for n in fast(q, reader).leaves() if isinstance(n, Phrase)]
            kinds[text] = {type(n) for n in leaves}
    assert kinds['"white house"'] == {PairPhrase}
    assert kinds['"peace treaty"'] == {PairPhrase}
    assert kinds['"prime minister said"'] == {PairPhrase}
    assert kinds['"kuril islands japan"'] == {PairPhrase}
    assert kinds['"путин переговорах"'] == {PairPhrase}
    with index._lock:
        reader = index._current().reader()
        _, _, q = parse(parser(schema), '"peace treaty"')
        phrase = next(n for n in fast(q, reader).leaves() if n.fieldname == "body")
        assert phrase.pairs() == []  # no pair: its words' articles, then their positions
    said = index.search('"minister said"').total
    assert 0 < index.search('"prime minister said"').total < said


def test_a_phrase_whose_rare_word_a_segment_lacks(tmp_path: Path) -> None:
    """ "court justic" is an indexed pair, "appel" is not frequent: a segment that holds the
    pair but not the word has no match (and no error), as on the plain path."""
    ix = CorpusIndex.open(tmp_path / "c", tmp_path / "i")
    base = _generated(1, 11, "s")[0]

    def article(i: int, body: str) -> Article:
        return replace(base, id=f"s{i}", path=f"s{i}.txt", body=(body,), content_hash=f"h{i}")

    ix.add_articles([article(1, "The appellate court justice spoke."), article(2, "Court.")])
    ix.add_articles([article(3, "A court justice spoke."), article(4, "The court justice.")])
    with ix._lock:
        assert len(ix._current().subsearchers) == 2
    for query in ('"appellate court justice"', '"court justice"', '"appellate court"'):
        fast_result, plain = ix.search(query), ix.search(query, plain=True)
        assert [h.article_id for h in fast_result.hits] == [h.article_id for h in plain.hits]
        assert fast_result.total == plain.total
    assert [h.article_id for h in ix.search('"appellate court justice"').hits] == ["s1"]


def test_outlets_counts_every_article(index: CorpusIndex) -> None:
    counts = dict(index.outlets())
    assert sum(counts.values()) == index.search("NOT zzzz").total - sum(
        1 for a in index.all_articles() if not a.outlet
    )


def test_a_wide_pattern_is_capped_to_its_most_frequent_words(tmp_path: Path) -> None:
    ix = CorpusIndex.open(tmp_path / "c", tmp_path / "i")
    words = [f"zz{i:04d}" for i in range(MAX_EXPANSIONS + 40)]
    base = _generated(1, 9, "w")[0]
    ix.add_articles(
        replace(base, id=f"w{i}", path=f"w{i}.txt", body=(" ".join(words[i:]),))
        for i in range(0, len(words), 20)
    )
    _, _, q = parse(parser(ix._ix.schema), "body:zz*")
    with ix._lock:
        capped = fast(q, ix._current().reader())
    assert isinstance(capped, Expansion)
    kept = list(capped._words)
    assert len(kept) == MAX_EXPANSIONS
    # the most frequent words are the latest ones (every article holds words[i:])
    assert kept[-1] == words[-1].encode()
    assert ix.search("body:zz*").total == ix.search("body:zz*", plain=True).total
    _, _, narrow = parse(parser(ix._ix.schema), "body:zz000*")
    with ix._lock:
        assert fast(narrow, ix._current().reader()) == narrow  # under the cap: as typed


def _matchers(ix: CorpusIndex, text: str) -> list[tuple[Any, Any, Any]]:
    """(segment searcher, the matcher Whoosh builds there for `text` as the search runs it, a
    second one to walk) per segment."""
    s = ix._current()
    segments = ix._counter(s)
    _, _, q = parse(parser(ix._ix.schema), text)
    runnable = fast(q, s.reader(), segments.column)
    context = s.context()
    return [
        (segment, runnable.matcher(sub, context), runnable.matcher(sub, context))
        for (sub, _), segment in zip(s.leaf_searchers(), segments.segments, strict=True)
    ]


def _walk(m: Any) -> dict[int, float]:
    out = {}
    while m.is_active():
        out[m.id()] = m.score()
        m.next()
    return out


@pytest.mark.parametrize("query", QUERIES)
def test_whole_lists_score_what_the_matchers_score(index: CorpusIndex, query: str) -> None:
    """`scoring.SegmentScorer` reads Whoosh's matcher tree bottom up: the same documents and
    the same floats, to the last bit, as walking the tree one document at a time."""
    with index._lock:
        for segment, m, walked in _matchers(index, query):
            scorer = SegmentScorer(segment)
            assert scorer.scores(m) == _walk(walked), query


@pytest.mark.parametrize(
    "query",
    [
        "oil",
        "trade deal",
        '"white house"',
        '"prime minister said"',
        '"peace treaty"',
        '"kuril islands japan"',
        "outlet:tass oil",
        "person:putin",
        "date:2016 oil",
        "date:[2015-03-01 to 2015-06-30]",
        "oil NOT prices",
        '"white house" NOT senate',
        "(oil OR budget) AND japan",
    ],
)
def test_the_common_kinds_are_scored_from_whole_lists(index: CorpusIndex, query: str) -> None:
    """Words, phrases through pairs, fields, date ranges and NOT never fall back to walking a
    matcher one document at a time (that fallback is only for matchers `scoring` does not
    know), and date ranges come from the columns, not from the trie terms."""
    with index._lock:
        reader = index._current().reader()
        _, _, q = parse(parser(index._ix.schema), query)
        runnable = fast(q, reader, index._counter(index._current()).column)
        if "date:" in query:
            assert any(isinstance(leaf, ColumnRange) for leaf in runnable.leaves())
            assert not any(isinstance(leaf, NumericRange) for leaf in runnable.leaves())
        found = 0
        for segment, m, _ in _matchers(index, query):
            scorer = SegmentScorer(segment)
            found += len(scorer.scores(m))
            assert not scorer._iterated, query
        assert found, query


def test_a_column_range_finds_what_the_numeric_range_finds(index: CorpusIndex) -> None:
    with index._lock:
        s = index._current()
        segments = index._counter(s)
        for low, high in ((20150101, 20151231), (20150301, 20150630), (20160515, 20160515)):
            q = NumericRange("date_start", low, high)
            fast_q = ColumnRange(q, segments.column)
            for sub, _ in s.leaf_searchers():
                assert sorted(fast_q.docs(sub)) == sorted(q.docs(sub)), (low, high)
                assert fast_q.estimate_size(sub.reader()) == q.estimate_size(sub.reader())
        assert not ColumnRange.applies(NumericRange("date_start", 0, 20151231), s.schema)
        assert not ColumnRange.applies(NumericRange("date_start", None, 20151231), s.schema)
        assert ColumnRange.applies(NumericRange("date_start", 10101, 20151231), s.schema)


@pytest.mark.parametrize(
    "text",
    [
        "The White House said on Monday: U.S. oil-prices rose 3.5% to $70.12 (a 2-year high).",
        "I a an THE of -- Café naïve résumé, O'Brien's e-mail; x y z 1 22 333",
        "Путина переговорах в Японии; 長門市 東京都 首脳会談 and 1/2 of Tokyo's 23 wards",
        "",
        "   \n\n  ",
    ],
)
def test_the_fused_highlight_analyzers_give_the_index_analyzers_tokens(text: str) -> None:
    from briefing.index.analysis import plain_analyzer, stem_analyzer
    from briefing.index.snippets import _Fused

    for analyzer in (stem_analyzer(), plain_analyzer()):
        fused = _Fused(analyzer)
        assert fused._charmap is not None  # the make-up is known: the fused path runs

        def tokens(a: Any) -> list[tuple[Any, ...]]:
            return [
                (t.text, t.startchar, t.endchar, t.stopped)
                for t in a(text, chars=True, mode="query", removestops=False)
            ]

        assert tokens(fused) == tokens(analyzer)


def _phrases(index: CorpusIndex, field: str) -> list[list[str]]:
    """Phrases of two to five terms of `field`: runs of consecutive terms of the fixture's
    articles (they occur, some more than once in an article), and the same terms shuffled
    (most do not occur, though every pair of some of them does)."""
    from briefing.index.textfields import text_terms

    rng = random.Random(5)
    out: list[list[str]] = []
    for article in list(index.all_articles())[:120]:
        text = article.headline if field == "headline" else article.text
        terms, _ = text_terms(text)
        for n in (2, 3, 3, 4, 5):
            if len(terms) > n:
                start = rng.randrange(len(terms) - n)
                run = terms[start : start + n]
                out.append(run)
                out.append(rng.sample(run, n))
    return out


@pytest.mark.parametrize("field", ["body", "headline"])
def test_pair_phrases_find_what_whoosh_phrases_find(
    index: CorpusIndex, field: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A `PairPhrase`'s documents in each segment are Whoosh's own `Phrase`'s: reading through
    the searcher's kept postings (first read, then kept) or straight from the reader; and both
    ways of deciding a candidate decide some (an inner word once: by its weight; else by
    positions), for phrases that hold and phrases that do not."""
    from whoosh.query import Phrase

    import briefing.index.pairs as pairs

    decided = {"once": 0, "checked": 0, "held": 0}
    single_inner, in_a_row = pairs._single_inner, pairs._in_a_row

    def counted_single(*args: Any) -> tuple[list[int], list[int]]:
        sure, left = single_inner(*args)
        decided["once"] += len(sure)
        return sure, left

    def counted_row(*args: Any) -> list[int]:
        found = in_a_row(*args)
        decided["checked"] += len(args[-1])
        decided["held"] += len(found)
        return found

    monkeypatch.setattr(pairs, "_single_inner", counted_single)
    monkeypatch.setattr(pairs, "_in_a_row", counted_row)
    phrases = _phrases(index, field)
    with index._lock:
        s = index._current()
        segments = Segments(s)  # nothing kept yet
        for words in phrases:
            for sub, _ in s.leaf_searchers():
                plain = sorted(Phrase(field, words).docs(sub))
                for sources in (segments.source, segments.source, None):
                    found = sorted(pairs.PairPhrase(field, words, sources=sources).docs(sub))
                    assert found == plain, (field, words)
    assert decided["once"] > 0
    assert decided["checked"] > decided["held"] > 0


def test_a_text_words_weight_is_its_number_of_positions(index: CorpusIndex) -> None:
    """What `pairs._single_inner` reads "once" from: a text field's weight of a word in an
    article is how many positions it has there; and `positions_decoder` reads the positions
    Whoosh reads, from a value with or without its final STOP byte."""
    from briefing.index.whoosh_internals import positions_decoder

    with index._lock:
        for sub, _ in index._current().leaf_searchers():
            reader = sub.reader()
            for field in ("headline", "lede", "body"):
                decode = positions_decoder(reader.schema[field].format)
                for term in reader.lexicon(field):
                    m = reader.postings(field, term)
                    while m.is_active():
                        positions = m.value_as("positions")
                        assert m.weight() == len(positions), (field, term)
                        value = m.value()
                        assert value.endswith(b".")
                        assert list(decode(value)) == positions == list(decode(value[:-1]))
                        m.next()


def test_a_candidate_holds_a_phrase_only_if_every_inner_word_is_there_once(
    tmp_path: Path,
) -> None:
    """Articles holding every pair of a phrase, in other places: one inner word once is not
    enough to call it held; only every inner word once is (and a held one is found either way)."""
    ix = CorpusIndex.open(tmp_path / "c", tmp_path / "i")
    base = _generated(1, 12, "o")[0]
    bodies = {
        "held": "Trade deal oil prices.",
        "held twice": "Trade deal oil prices, trade deal oil prices.",
        "second once": "Trade deal oil trade oil prices.",  # "deal" once, "oil" twice
        "third once": "Trade deal deal oil prices.",  # "deal" twice, "oil" once
        "three, apart": "White house house said.",
        "three, held": "White house said house.",
    }
    ix.add_articles(
        replace(base, id=name, path=f"{name}.txt", body=(body,), content_hash=name)
        for name, body in bodies.items()
    )
    expected = {
        '"trade deal oil prices"': {"held", "held twice"},
        '"white house said"': {"three, held"},
    }
    for query, ids in expected.items():
        fast_result, plain = ix.search(query, limit=50), ix.search(query, limit=50, plain=True)
        assert {h.article_id for h in fast_result.hits} == ids == {h.article_id for h in plain.hits}
        assert fast_result.total == plain.total == len(ids)


def test_completions_frequencies_walked_are_the_lookups(
    index: CorpusIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The frequencies of a prefix's words read by one walk of each field's terms
    (`spelling._prefix_frequencies`) are the ones looked up word by word (`_stem_frequency`),
    over three segments with deletions, for every three- and four-letter prefix of the
    vocabulary; and a fresh speller completes every prefix as one that only looks up."""
    from bisect import bisect_left

    from briefing.index import spelling
    from briefing.index.analysis import stem

    reader = index._current().reader()
    vocabulary = index._speller._vocabulary
    words = vocabulary.words()
    prefixes = sorted({w[:n] for w in words for n in (3, 4) if len(w) >= n and w.isalpha()})
    assert len(prefixes) > 50
    walked = positive = 0
    completed: dict[str, list[str]] = {}
    for prefix in prefixes:
        i = bisect_left(words, prefix)
        chunk = [w for w in words[i : i + spelling.COMPLETION_SCAN] if w.startswith(prefix)]
        found = spelling._prefix_frequencies(reader, prefix, chunk)
        looked_up = {
            w: spelling._stem_frequency(reader, w) for w in chunk if stem(w).startswith(prefix)
        }
        assert found == looked_up, prefix
        walked += len(found)
        positive += sum(1 for n in found.values() if n > 0)
        completed[prefix] = spelling.Speller(vocabulary).completions(reader, prefix)
    assert walked > 50 and positive > 20
    monkeypatch.setattr(spelling, "WALK_FROM", 10**9)  # every frequency looked up
    for prefix in prefixes:
        assert spelling.Speller(vocabulary).completions(reader, prefix) == completed[prefix]


TYPED = ("tr", "tre", "isl", "japan tr", "oil pri", "minister ta")


def _completed_query(ix: CorpusIndex, typed: str) -> str:
    from briefing.index.corpus_index import _completed

    s = ix._current()
    return _completed(typed, lambda w: ix._speller.completions(s.reader(), w))


@pytest.mark.parametrize("query", QUERIES + TYPED)
def test_arrays_score_what_the_dictionaries_score(index: CorpusIndex, query: str) -> None:
    """`dense.Dense` (a node an array over the segment's documents) gives every match and
    every score of `SegmentScorer.scores` (a dictionary per node), to the last bit, and
    goes through the dictionaries only for a node they too walk one document at a time."""
    with index._lock:
        text = _completed_query(index, query) if query in TYPED else query
        s = index._current()
        segments = index._counter(s)
        _, _, q = parse(parser(index._ix.schema), text)
        runnable = fast(q, s.reader(), segments.column, segments.source)
        context = s.context()
        for (sub, _), segment in zip(s.leaf_searchers(), segments.segments, strict=True):
            plain = SegmentScorer(segment)
            wanted = plain.scores(runnable.matcher(sub, context))
            dense = Dense(SegmentScorer(segment), sub.reader().doc_count_all())
            scores, mask = dense.scores(runnable.matcher(sub, context))
            docs = np.flatnonzero(mask).tolist()
            assert docs == sorted(wanted), query
            assert [float(scores[d]) for d in docs] == [wanted[d] for d in docs], query
            assert not scores[~mask].any(), query  # +0.0 where nothing matches
            # only what the dictionaries walk one document at a time is laid from them
            assert bool(dense.laid) == bool(plain._iterated), query


@pytest.mark.parametrize("query", QUERIES + TYPED)
@pytest.mark.parametrize("want", [1, 7, 20, 1000])
def test_ranking_from_arrays_is_ranking_from_dictionaries(
    index: CorpusIndex, query: str, want: int
) -> None:
    """The best hits, their scores (to the bit), their order and every segment's matches
    are the same whether the tree is scored in arrays or in dictionaries."""
    with index._lock:
        text = _completed_query(index, query) if query in TYPED else query
        s = index._current()
        segments = index._counter(s)
        _, _, q = parse(parser(index._ix.schema), text)
        runnable = fast(q, s.reader(), segments.column, segments.source)
        arrays = ranking.by_score(s, runnable, want, segments)
        dicts = ranking.by_score(s, runnable, want, segments, arrays=False)
        assert arrays.hits == dicts.hits, query
        assert [as_set(m) for m in arrays.matched] == dicts.matched, query
        assert segments.tally(arrays.matched) == segments.tally(dicts.matched), query


def _lists(seed: int) -> tuple[Any, Any]:
    from whoosh.matching import ListMatcher

    rng = random.Random(seed)
    made = []
    for _ in range(2):
        ids = sorted(rng.sample(range(200), rng.randrange(0, 60)))
        made.append(ListMatcher(ids, weights=[rng.random() for _ in ids]))
    return made[0], made[1]


def _walked(m: Any, skips: list[int]) -> list[tuple[int, float]]:
    out: list[tuple[int, float]] = []
    targets = iter(skips)
    while m.is_active():
        out.append((m.id(), m.score()))
        target = next(targets, None)
        if target is not None and target > m.id():
            m.skip_to(target)
        else:
            m.next()
    return out


@pytest.mark.parametrize("seed", range(12))
def test_a_deferred_intersection_walks_as_whooshs(seed: int) -> None:
    """`scoring.DeferredIntersection` finds its first match only when read, and from then on
    is Whoosh's intersection: the same matches and scores walked, skipped, copied, reset."""
    from whoosh.matching import IntersectionMatcher

    from briefing.index.scoring import DeferredIntersection

    skips = random.Random(seed + 100).sample(range(200), 5)
    whooshs, deferred = IntersectionMatcher(*_lists(seed)), DeferredIntersection(*_lists(seed))
    assert deferred._pending
    assert list(deferred.copy().all_ids()) == list(whooshs.copy().all_ids())
    assert _walked(deferred.copy(), skips) == _walked(whooshs.copy(), skips)
    assert _walked(deferred.replace(0), []) == _walked(whooshs.replace(0), [])
    assert _walked(deferred, []) == _walked(whooshs, [])
    deferred.reset()
    whooshs.reset()
    assert _walked(deferred, skips) == _walked(whooshs, skips)
    # a tree of them, as `pairs.DeferredAnd` makes one, walked from its top
    tree = DeferredIntersection(DeferredIntersection(*_lists(seed)), _lists(seed + 1)[0])
    plain = IntersectionMatcher(IntersectionMatcher(*_lists(seed)), _lists(seed + 1)[0])
    assert _walked(tree, skips) == _walked(plain, skips)
