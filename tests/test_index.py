"""Tests for the search index (`briefing.index`), the query checks (`briefing.query`) and
updates through the build (`briefing.build.update`) with a fake parser.

The articles are written by hand and the corpus-update tests use a fake parser, so nothing here
depends on how ingestion reads real files.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from platformdirs import user_cache_dir
from whoosh import index as whoosh_index

from briefing.build import Progress, update
from briefing.errors import BriefingError, CorpusError
from briefing.index import (
    ENV_INDEX_DIR,
    INDEX_NAME,
    META_FILE,
    SCHEMA_VERSION,
    CorpusIndex,
    QueryError,
    SearchResult,
    Snippet,
    default_index_dir,
    resolve_index_dir,
)
from briefing.models import (
    Article,
    FuzzyDate,
    InputWarning,
    Mention,
    PublishedDate,
    Quote,
)

# --------------------------------------------------------------------------------------------
# Hand-written articles


def _mentions(kind: Any, *names: str) -> tuple[Mention, ...]:
    return tuple(Mention(n, kind, 1, (n.split()[-1],) if " " in n else ()) for n in names)


def _article(
    id: str,
    headline: str,
    body: tuple[str, ...],
    outlet: str | None,
    date: FuzzyDate,
    *,
    lede: str | None = None,
    dateline: str | None = None,
    people: tuple[str, ...] = (),
    places: tuple[str, ...] = (),
    orgs: tuple[str, ...] = (),
    quotes: tuple[Quote, ...] = (),
) -> Article:
    return Article(
        id=id,
        path=f"{id}.txt",
        url=None,
        outlet=outlet,
        headline=headline,
        headline_derived=False,
        lede=lede,
        dateline=dateline,
        published=PublishedDate(date, 0.9 if date.known else 0.0, ("test",)),
        body=body,
        people=_mentions("person", *people),
        places=_mentions("place", *places),
        organisations=_mentions("organisation", *orgs),
        quotes=quotes,
        content_hash=f"hash-{id}",
    )


TASS_ABE = _article(
    "tass_abe",
    "Putin and Abe discuss peace treaty in Nagato",
    (
        "The leaders discussed a peace treaty and joint economic activity on the Kuril Islands.",
        "Putin said the talks in the hot spring town were useful.",
    ),
    "TASS",
    FuzzyDate.day(dt.date(2016, 12, 16)),
    lede="Russian President Vladimir Putin met Japanese Prime Minister Shinzo Abe.",
    dateline="Nagato",
    people=("Vladimir Putin", "Shinzo Abe"),
    places=("Kuril Islands", "Nagato"),
    orgs=("Kremlin",),
    quotes=(Quote("Vladimir Putin", "the talks were useful", 1),),
)
JT_MONTH = _article(
    "jt_month",
    "Tokyo weighs joint development of disputed islands",
    ("Officials in Tokyo said the fishing economy of the islands could grow, analysts said.",),
    "Japan Times",
    FuzzyDate.month(2016, 12),
    dateline="Tokyo",
    places=("Tokyo",),
    orgs=("Ministry of Foreign Affairs",),
)
REUTERS_NOV = _article(
    "reuters_nov",
    "Putin calls absence of treaty an anachronism",
    (
        "The absence of a peace treaty between Russia and Japan is an anachronism, "
        "Vladimir Putin said at the APEC summit.",
    ),
    "Reuters",
    FuzzyDate.day(dt.date(2016, 11, 20)),
    dateline="Lima",
    people=("Vladimir Putin",),
    places=("Lima", "Peru"),
    orgs=("APEC",),
)
SPUTNIK_UNDATED = _article(
    "sputnik_undated",
    "Gas pipeline talks continue",
    ("Gazprom said the pipeline talks would continue next week.",),
    "Sputnik",
    FuzzyDate(),
    people=("Alexei Miller",),
    orgs=("Gazprom",),
)
TASS_2017 = _article(
    "tass_2017",
    "Lavrov comments on the visit",
    ("Foreign Minister Sergey Lavrov said the visit brought peace closer, TASS reports.",),
    "TASS",
    FuzzyDate.day(dt.date(2017, 1, 10)),
    dateline="Moscow",
    people=("Sergey Lavrov",),
    places=("Moscow",),
)
ARTICLES = (TASS_ABE, JT_MONTH, REUTERS_NOV, SPUTNIK_UNDATED, TASS_2017)


@pytest.fixture
def index(tmp_path: Path) -> CorpusIndex:
    ix = CorpusIndex.open(tmp_path / "corpus", tmp_path / "index")
    assert ix.add_articles(ARTICLES) == len(ARTICLES)
    return ix


def ids(result: SearchResult) -> set[str]:
    return {h.article_id for h in result.hits}


def found(index: CorpusIndex, query: str) -> set[str]:
    return ids(index.search(query, limit=50))


def span_texts(snippet: Snippet) -> list[str]:
    return [snippet.text[s:e] for s, e in snippet.spans]


# --------------------------------------------------------------------------------------------
# Building and reading back


def test_build_and_count(index: CorpusIndex) -> None:
    assert index.count() == 5
    assert index.outlets() == (("TASS", 2), ("Japan Times", 1), ("Reuters", 1), ("Sputnik", 1))


def test_all_articles_round_trip(index: CorpusIndex) -> None:
    assert index.all_articles() == sorted(ARTICLES, key=lambda a: a.id)
    assert index.get("tass_abe") == TASS_ABE
    assert index.get("nope") is None


def test_add_articles_replaces_same_id(index: CorpusIndex) -> None:
    changed = _article("tass_2017", "Lavrov retires", ("Nothing else.",), "TASS", FuzzyDate())
    index.add_articles([changed])
    assert index.count() == 5
    assert index.get("tass_2017") == changed
    assert found(index, "lavrov") == {"tass_2017"}
    assert found(index, "visit") == set()


# --------------------------------------------------------------------------------------------
# Words, phrases, boolean operators, fields


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("putin", {"tass_abe", "reuters_nov"}),
        ("Putin abe", {"tass_abe"}),
        ("putin AND abe", {"tass_abe"}),
        ('"peace treaty"', {"tass_abe", "reuters_nov"}),
        ('"treaty peace"', set()),
        ("treaty peace", {"tass_abe", "reuters_nov"}),
        ("gazprom OR lavrov", {"sputnik_undated", "tass_2017"}),
        ("putin NOT abe", {"reuters_nov"}),
        ("peace AND NOT (abe OR anachronism)", {"tass_2017"}),
        ("islands", {"tass_abe", "jt_month"}),
        ("kurils", {"tass_abe"}),  # stemmed: "Kuril" in the text
        ("island*", {"tass_abe", "jt_month"}),
        ("nonexistentword", set()),
    ],
)
def test_words_phrases_and_operators(index: CorpusIndex, query: str, expected: set[str]) -> None:
    assert found(index, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("headline:anachronism", {"reuters_nov"}),
        ("title:anachronism", {"reuters_nov"}),
        ("headline:summit", set()),  # only in the body
        ("lede:japanese", {"tass_abe"}),
        ("lead:japanese", {"tass_abe"}),
        ("body:gazprom", {"sputnik_undated"}),
        ("text:gazprom", {"sputnik_undated"}),
        ("body:japanese", set()),  # only in the lede
        ("outlet:tass", {"tass_abe", "tass_2017"}),
        ('outlet:"japan times"', {"jt_month"}),
        ("outlet:Reuters", {"reuters_nov"}),
        ("person:abe", {"tass_abe"}),
        ("people:lavrov", {"tass_2017"}),
        ('person:"vladimir putin"', {"tass_abe", "reuters_nov"}),
        ("Person:Putin", {"tass_abe", "reuters_nov"}),
        ("place:kuril*", {"tass_abe"}),
        ("places:lima", {"reuters_nov"}),
        ("place:kurils", set()),  # names are not stemmed
        ("org:apec", {"reuters_nov"}),
        ("orgs:kremlin", {"tass_abe"}),
        ("organisation:gazprom", {"sputnik_undated"}),
        ("organization:gazprom", {"sputnik_undated"}),
        ("organisations:ministry", {"jt_month"}),
        ("dateline:nagato", {"tass_abe"}),
        ("dateline:lima", {"reuters_nov"}),
        ("id:reuters_nov", {"reuters_nov"}),
        ("person:putin AND place:peru", {"reuters_nov"}),
        ("person:(abe OR lavrov)", {"tass_abe", "tass_2017"}),
    ],
)
def test_fields_and_aliases(index: CorpusIndex, query: str, expected: set[str]) -> None:
    assert found(index, query) == expected


def test_headline_outranks_body(index: CorpusIndex) -> None:
    result = index.search("anachronism OR summit OR pipeline")
    assert result.hits[0].score > 0
    assert [h.score for h in result.hits] == sorted((h.score for h in result.hits), reverse=True)


# --------------------------------------------------------------------------------------------
# Dates


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # A day falls in the ranges that contain it and no others.
        ("date:[2016-12-01 to 2016-12-31]", {"tass_abe", "jt_month"}),
        ("date:[2016-11-01 to 2016-11-30]", {"reuters_nov"}),
        ("date:[2016-12-17 to 2016-12-31]", {"jt_month"}),
        ("date:2016-12-16", {"tass_abe", "jt_month"}),  # the month overlaps that day
        ("date:2016-11-21", set()),
        # A month-precise date falls in any range that overlaps its month.
        ("date:[2016-12-20 to 2017-01-10]", {"jt_month", "tass_2017"}),
        ("date:2016-12", {"tass_abe", "jt_month"}),
        ("date:2016", {"tass_abe", "jt_month", "reuters_nov"}),
        ("date:2017", {"tass_2017"}),
        ("DATE:[2016-12-01 TO 2016-12-31]", {"tass_abe", "jt_month"}),
        ('date:"2016-11"', {"reuters_nov"}),
        # Open ranges.
        ("date:[2016-12-01 to]", {"tass_abe", "jt_month", "tass_2017"}),
        ("date:[to 2016-11]", {"reuters_nov"}),
        ("date:[to 2016-06]", set()),
        # Unknown dates never match a date filter ...
        ("date:[1900 to 2100]", {"tass_abe", "jt_month", "reuters_nov", "tass_2017"}),
        # ... but a negated one does not exclude them.
        ("NOT date:2016", {"sputnik_undated", "tass_2017"}),
        # Boolean structure around date clauses is kept.
        ("putin date:2016-11", {"reuters_nov"}),
        ("date:2017 OR gazprom", {"tass_2017", "sputnik_undated"}),
        ("(date:2016-11 OR date:2017-01) AND said", {"reuters_nov", "tass_2017"}),
    ],
)
def test_date_filters(index: CorpusIndex, query: str, expected: set[str]) -> None:
    assert found(index, query) == expected


def test_date_inside_a_phrase_is_text(index: CorpusIndex) -> None:
    assert found(index, '"date:2016"') == set()


# --------------------------------------------------------------------------------------------
# Sorting, paging, facets


def test_sort_by_date_newest_first_unknown_last(index: CorpusIndex) -> None:
    result = index.search("said", sort="date")
    assert result.sort == "date"
    assert [h.article_id for h in result.hits] == [
        "tass_2017",
        "tass_abe",
        "jt_month",
        "reuters_nov",
        "sputnik_undated",
    ]
    assert [h.published for h in result.hits] == [
        "2017-01-10",
        "2016-12-16",
        "2016-12",
        "2016-11-20",
        None,
    ]
    assert [h.precision for h in result.hits][2:] == ["month", "day", "unknown"]


def test_unknown_sort_is_an_error(index: CorpusIndex) -> None:
    with pytest.raises(QueryError, match="unknown sort"):
        index.search("putin", sort="alphabetical")


def test_outlet_counts_cover_all_matches_not_the_page(index: CorpusIndex) -> None:
    result = index.search("said", limit=1)
    assert result.total == 5
    assert len(result.hits) == 1
    assert result.outlet_counts == (
        ("TASS", 2),
        ("Japan Times", 1),
        ("Reuters", 1),
        ("Sputnik", 1),
    )


def test_paging(index: CorpusIndex) -> None:
    everything = [h.article_id for h in index.search("said", sort="date").hits]
    page = index.search("said", limit=2, offset=2, sort="date")
    assert [h.article_id for h in page.hits] == everything[2:4]
    assert page.total == 5
    assert index.search("said", limit=0).hits == ()


def test_hit_fields(index: CorpusIndex) -> None:
    (hit,) = index.search("anachronism").hits
    assert hit.article_id == "reuters_nov"
    assert hit.headline == REUTERS_NOV.headline
    assert hit.outlet == "Reuters"
    assert hit.published == "2016-11-20"
    assert hit.precision == "day"
    assert hit.path == "reuters_nov.txt"
    assert hit.score > 0


# --------------------------------------------------------------------------------------------
# Snippets


def test_snippet_spans_point_at_the_matched_word(index: CorpusIndex) -> None:
    (hit,) = index.search("anachronism").hits
    assert span_texts(hit.snippet) == ["anachronism"]
    assert hit.headline_snippet is not None
    assert hit.headline_snippet.text == REUTERS_NOV.headline
    assert span_texts(hit.headline_snippet) == ["anachronism"]


def test_snippet_spans_follow_stemming(index: CorpusIndex) -> None:
    result = index.search("discussing treaties")
    hit = next(h for h in result.hits if h.article_id == "tass_abe")
    assert {w.lower() for w in span_texts(hit.snippet)} == {"discussed", "treaty"}
    assert hit.headline_snippet is not None
    assert {w.lower() for w in span_texts(hit.headline_snippet)} == {"discuss", "treaty"}


def test_snippet_for_names_and_fallbacks(index: CorpusIndex) -> None:
    (hit,) = index.search("person:abe").hits
    # "Abe" is not in the body; the lede has it.
    assert span_texts(hit.snippet) == ["Abe"]
    assert hit.headline_snippet is not None
    assert span_texts(hit.headline_snippet) == ["Abe"]
    # Nothing to highlight (a date filter): the start of the text, no spans.
    (dated,) = index.search("date:2016-11").hits
    assert dated.snippet.spans == ()
    assert dated.snippet.text.startswith("The absence of a peace treaty")
    assert dated.headline_snippet is None


def test_negated_words_are_not_highlighted(index: CorpusIndex) -> None:
    (hit,) = index.search("putin NOT abe").hits
    assert {w.lower() for w in span_texts(hit.snippet)} == {"putin"}


def test_snippet_text_is_one_line(index: CorpusIndex) -> None:
    (hit,) = index.search("useful").hits
    assert "\n" not in hit.snippet.text
    assert span_texts(hit.snippet) == ["useful"]


# --------------------------------------------------------------------------------------------
# Did you mean


@pytest.mark.parametrize(
    ("query", "suggestion"),
    [
        ("abee", "abe"),
        ("Putin abee", "Putin abe"),
        ("peaec treaty", "peace treaty"),  # a real word, not the stem "peac"
        ("person:abee", "person:abe"),
        ("lavrow date:2017", "lavrov date:2017"),
        ("date:[2016-12-01 to 2016-12-31] gazpron", "date:[2016-12-01 to 2016-12-31] gazprom"),
        ("kurils", None),  # stemming finds "Kuril": nothing to correct
        ("putin", None),
        ("xqzv", None),  # nothing close
    ],
)
def test_did_you_mean(index: CorpusIndex, query: str, suggestion: str | None) -> None:
    assert index.search(query).suggestion == suggestion


def test_misspelt_query_still_runs(index: CorpusIndex) -> None:
    result = index.search("abee")
    assert result.total == 0
    assert result.suggestion == "abe"
    assert found(index, result.suggestion) == {"tass_abe"}


# --------------------------------------------------------------------------------------------
# Bad queries


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "empty query"),
        ("   ", "empty query"),
        ('"peace treaty', "unbalanced quote"),
        ("(putin OR abe", "unbalanced parenthesis"),
        ("putin)", "unbalanced parenthesis"),
        ("date:[2016-12-01 to 2016-12-31", "unbalanced bracket"),
        ("headline:[a to c", "unbalanced bracket"),
        ("putin]", "unbalanced bracket"),
        ("foo:bar", "unknown field 'foo'"),
        ("putin source:tass", "unknown field 'source'"),
        ("date:2016-13", "bad date '2016-13'"),
        ("date:2016-02-30", "bad date '2016-02-30'"),
        ("date:yesterday", "bad date 'yesterday'"),
        ("date:[2016-12-31 to 2016-01-01]", "ends before it starts"),
        ("date:[2016 2017]", "bad date range"),
        ("date:[to]", "bad date range"),
        ("person: abe", "needs a value"),
    ],
)
def test_bad_queries_raise_one_line_query_errors(
    index: CorpusIndex, query: str, message: str
) -> None:
    with pytest.raises(QueryError) as info:
        index.search(query)
    text = str(info.value)
    assert message in text
    assert "\n" not in text
    assert isinstance(info.value, BriefingError)


def test_text_with_a_colon_is_not_a_field(index: CorpusIndex) -> None:
    assert found(index, "Putin: treaty") == {"tass_abe", "reuters_nov"}
    assert found(index, "10:30 putin") == set()


# --------------------------------------------------------------------------------------------
# Corpus updates with a fake parser


class FakeParser:
    """Reads `<headline>\\n<body>` files; `---` lines split a file into several articles.

    A body containing `UNDATED` gives an article that `needs_context`, dated only with context.
    An empty file gives no article and a warning. Records every call.
    """

    def __init__(self) -> None:
        self.calls: list[tuple[str, Any, frozenset[str] | None]] = []

    def __call__(
        self, source: Any, rules: Any, context: Any = None, only: frozenset[str] | None = None
    ) -> tuple[list[Article], list[InputWarning]]:
        self.calls.append((source.key, context, only))
        text = source.path.read_text(encoding="utf-8")
        if not text.strip():
            return [], [InputWarning(source.key, "empty (only whitespace), skipped")]
        out = []
        for n, part in enumerate(text.split("\n---\n")):
            headline, _, body = part.strip().partition("\n")
            article_id = source.key.removesuffix(".txt") + (f":{n}" if n else "")
            if only is not None and article_id not in only:
                continue
            if "UNDATED" in body and context is None:
                published = PublishedDate(FuzzyDate(), 0.0, ("dateline: 'TOKYO, Dec. 5'",))
            else:
                published = PublishedDate(FuzzyDate.day(dt.date(2016, 12, 5)), 0.9, ("test",))
            out.append(
                Article(
                    id=article_id,
                    path=source.key,
                    url=None,
                    outlet="Test Wire",
                    headline=headline,
                    headline_derived=False,
                    lede=None,
                    dateline=None,
                    published=published,
                    body=(body.strip(),),
                )
            )
        return out, []

    def parsed(self) -> list[str]:
        keys = [key for key, _, _ in self.calls]
        self.calls.clear()
        return sorted(keys)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text("Alpha headline\nThe alpha body text.\n", encoding="utf-8")
    (folder / "b.txt").write_text("Bravo headline\nThe bravo body text.\n", encoding="utf-8")
    (folder / "sub").mkdir()
    (folder / "sub" / "c.txt").write_text("Charlie headline\nCharlie body.\n", encoding="utf-8")
    return folder


@pytest.fixture
def parser() -> FakeParser:
    return FakeParser()


def test_update_reads_only_what_changed(tmp_path: Path, corpus: Path, parser: FakeParser) -> None:
    ix = CorpusIndex.open(corpus, tmp_path / "index")
    progress: list[Progress] = []
    first = update(ix, progress=progress.append, parse=parser)
    assert (first.added, first.updated, first.removed, first.unchanged) == (3, 0, 0, 0)
    assert first.articles == 3 and first.rebuilt and first.skipped == ()
    assert first.seconds >= 0
    assert parser.parsed() == ["a.txt", "b.txt", "sub/c.txt"]
    assert progress[0] == Progress(0, 3, "files") and progress[-1] == Progress(3, 3, "files")
    assert found(ix, "charlie") == {"sub/c"}

    again = update(ix, parse=parser)
    assert (again.added, again.updated, again.removed, again.unchanged) == (0, 0, 0, 3)
    assert parser.parsed() == []
    assert not again.rebuilt

    # Change b, add d, remove c, touch a without changing it.
    (corpus / "b.txt").write_text("Bravo rewritten\nA new bravo body.\n", encoding="utf-8")
    (corpus / "d.txt").write_text("Delta headline\nDelta body.\n", encoding="utf-8")
    (corpus / "sub" / "c.txt").unlink()
    stat = (corpus / "a.txt").stat()
    os.utime(corpus / "a.txt", ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    report = update(ix, parse=parser)
    assert (report.added, report.updated, report.removed, report.unchanged) == (1, 1, 1, 1)
    assert parser.parsed() == ["b.txt", "d.txt"]
    assert report.articles == ix.count() == 3
    assert found(ix, "rewritten") == {"b"}
    assert found(ix, "bravo") == {"b"}
    assert found(ix, "charlie") == set()
    assert found(ix, "delta") == {"d"}
    assert ix.get("sub/c") is None
    assert sorted(a.id for a in ix.all_articles()) == ["a", "b", "d"]

    # A fresh handle on the same index sees the same state and re-reads nothing.
    reopened = CorpusIndex.open(corpus, tmp_path / "index")
    assert update(reopened, parse=parser).unchanged == 3
    assert parser.parsed() == []


def test_update_replaces_all_articles_of_a_multi_article_file(
    tmp_path: Path, corpus: Path, parser: FakeParser
) -> None:
    records = corpus / "records.txt"
    records.write_text("One\nfirst record\n---\nTwo\nsecond record\n", encoding="utf-8")
    ix = CorpusIndex.open(corpus, tmp_path / "index")
    update(ix, parse=parser)
    assert found(ix, "record") == {"records", "records:1"}
    records.write_text("Only\nthe single remaining entry\n", encoding="utf-8")
    report = update(ix, parse=parser)
    assert report.updated == 1 and report.articles == 4
    assert found(ix, "record") == set()
    assert found(ix, "remaining") == {"records"}


def test_update_files_without_articles(tmp_path: Path, corpus: Path, parser: FakeParser) -> None:
    (corpus / "blank.txt").write_text("   \n", encoding="utf-8")
    ix = CorpusIndex.open(corpus, tmp_path / "index")
    report = update(ix, parse=parser)
    assert InputWarning("blank.txt", "empty (only whitespace), skipped") in report.skipped
    assert report.articles == 3
    parser.parsed()
    # Not read again while unchanged; read again once it has content.
    assert update(ix, parse=parser).unchanged == 4
    assert parser.parsed() == []
    (corpus / "blank.txt").write_text("Echo\nNow with text.\n", encoding="utf-8")
    report = update(ix, parse=parser)
    assert report.updated == 1 and parser.parsed() == ["blank.txt"]
    assert found(ix, "echo") == {"blank"}


def test_update_second_pass_uses_corpus_context(
    tmp_path: Path, corpus: Path, parser: FakeParser
) -> None:
    from briefing.ingest import CorpusContext

    (corpus / "undated.txt").write_text("Foxtrot\nUNDATED story.\n", encoding="utf-8")
    ix = CorpusIndex.open(corpus, tmp_path / "index")
    update(ix, parse=parser)
    second = [(key, ctx, only) for key, ctx, only in parser.calls if ctx is not None]
    assert len(second) == 1
    key, context, only = second[0]
    assert key == "undated.txt" and only == frozenset({"undated"})
    assert isinstance(context, CorpusContext)
    assert context.year_counts == ((2016, 3),)  # the three dated articles
    article = ix.get("undated")
    assert article is not None and article.published.iso == "2016-12-05"
    assert found(ix, "date:2016-12-05") == {"a", "b", "sub/c", "undated"}


def test_update_missing_corpus_is_a_corpus_error(tmp_path: Path, parser: FakeParser) -> None:
    ix = CorpusIndex.open(tmp_path / "missing", tmp_path / "index")
    with pytest.raises(CorpusError):
        update(ix, parse=parser)


def test_update_refuses_while_another_writer_holds_the_lock(
    tmp_path: Path, corpus: Path, parser: FakeParser
) -> None:
    ix = CorpusIndex.open(corpus, tmp_path / "index")
    other = whoosh_index.open_dir(str(tmp_path / "index"), indexname=INDEX_NAME).writer()
    try:
        with pytest.raises(BriefingError, match="being updated by another briefing process"):
            update(ix, parse=parser)
        with pytest.raises(BriefingError, match="another briefing process"):
            ix.add_articles(ARTICLES)
    finally:
        other.cancel()
    assert update(ix, parse=parser).added == 3


def test_schema_version_mismatch_rebuilds(tmp_path: Path, corpus: Path, parser: FakeParser) -> None:
    ix = CorpusIndex.open(corpus, tmp_path / "index")
    update(ix, parse=parser)
    parser.parsed()
    meta_path = tmp_path / "index" / META_FILE
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    assert meta["schema_version"] == SCHEMA_VERSION
    meta["schema_version"] = SCHEMA_VERSION - 1
    meta_path.write_text(json.dumps(meta), encoding="utf-8")

    rebuilt = CorpusIndex.open(corpus, tmp_path / "index")
    assert rebuilt.count() == 0
    report = update(rebuilt, parse=parser)
    assert report.rebuilt and report.added == 3 and report.articles == 3
    assert parser.parsed() == ["a.txt", "b.txt", "sub/c.txt"]
    assert json.loads(meta_path.read_text(encoding="utf-8"))["schema_version"] == SCHEMA_VERSION


def test_a_rebuild_drops_what_was_kept_beside_the_old_index(
    tmp_path: Path, corpus: Path, parser: FakeParser
) -> None:
    """Events, rows and the overview kept in `cache/` describe the old index; a rebuild (other
    rules give the same record hashes) must not reuse them."""
    ix = CorpusIndex.open(corpus, tmp_path / "index")
    update(ix, parse=parser)
    kept = tmp_path / "index" / "cache" / "events-state.json"
    kept.parent.mkdir(exist_ok=True)
    kept.write_text("{}", encoding="utf-8")
    CorpusIndex.open(corpus, tmp_path / "index")  # the same index: kept
    assert kept.exists()
    CorpusIndex.open(corpus, tmp_path / "index", rebuild=True)
    assert not kept.exists()
    assert list((tmp_path / "index").iterdir())  # the new index itself is there


def test_unreadable_index_is_rebuilt(tmp_path: Path, corpus: Path, parser: FakeParser) -> None:
    ix = CorpusIndex.open(corpus, tmp_path / "index")
    update(ix, parse=parser)
    for toc in (tmp_path / "index").glob(f"_{INDEX_NAME}_*.toc"):
        toc.write_bytes(b"garbage")
    again = CorpusIndex.open(corpus, tmp_path / "index")
    assert again.count() == 0
    assert update(again, parse=parser).articles == 3


# --------------------------------------------------------------------------------------------
# Where the index lives


@pytest.fixture
def no_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv(ENV_INDEX_DIR, raising=False)
    yield


def test_default_index_dir(tmp_path: Path, no_env: None) -> None:
    corpus = tmp_path / "My Corpus"
    digest = hashlib.sha1(str(corpus.resolve()).encode()).hexdigest()[:12]
    expected = Path(user_cache_dir("briefing")) / "indexes" / f"My Corpus-{digest}"
    assert default_index_dir(corpus) == expected
    assert resolve_index_dir(corpus) == expected
    assert default_index_dir(tmp_path / "other" / "My Corpus") != expected


def test_env_index_dir_is_honoured(
    tmp_path: Path, corpus: Path, parser: FakeParser, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "from-env"
    monkeypatch.setenv(ENV_INDEX_DIR, str(target))
    assert resolve_index_dir(corpus) == target
    ix = CorpusIndex.open(corpus)
    assert ix.directory == target
    update(ix, parse=parser)
    assert (target / META_FILE).is_file()
    assert whoosh_index.exists_in(str(target), indexname=INDEX_NAME)
    # An explicit folder wins over the environment.
    explicit = tmp_path / "explicit"
    assert CorpusIndex.open(corpus, explicit).directory == explicit


def test_outlet_queries_are_not_highlighted_in_the_text(index: CorpusIndex) -> None:
    hit = next(h for h in index.search("outlet:tass").hits if h.article_id == "tass_2017")
    assert "TASS reports" in hit.snippet.text
    assert hit.snippet.spans == ()
    assert hit.headline_snippet is None


# --------------------------------------------------------------------------------------------
# As you type; rare spellings of frequent words


def test_the_word_being_typed_matches_as_a_prefix(index: CorpusIndex) -> None:
    """`anachronis` is no word, but typed so far it begins "anachronism": never "0 matches"."""
    assert index.search("anachronis").total == 0
    typed = index.search("anachronis", partial=True)
    assert ids(typed) == {"reuters_nov"} and typed.suggestion is None
    assert typed.query == "anachronis"  # the result is for the query as typed
    assert ids(index.search("putin anachronis", partial=True)) == {"reuters_nov"}
    # a finished word (a space after it), a field value or a phrase is left as typed
    assert index.search("anachronis ", partial=True).total == 0
    assert index.search('"absence of a peace treaty"', partial=True).total == 1


def test_a_rare_spelling_of_a_far_more_frequent_word_gets_a_suggestion(tmp_path: Path) -> None:
    common = [
        _article(
            f"k{n}",
            f"Kavanaugh hearing day {n}",
            (f"Brett Kavanaugh testified on day {n} of the hearing.",),
            "Wire",
            FuzzyDate.day(dt.date(2018, 9, 1 + n)),
        )
        for n in range(12)
    ]
    rare = _article(
        "rare",
        "Kavanagh hearing",
        ("Brett Kavanagh testified, the paper wrote.",),
        "Paper",
        FuzzyDate.day(dt.date(2018, 9, 20)),
    )
    ix = CorpusIndex.open(tmp_path / "corpus", tmp_path / "index")
    ix.add_articles([*common, rare])
    result = ix.search("kavanagh")
    assert result.total == 1 and result.suggestion == "kavanaugh"
    assert ix.search("kavanaugh").suggestion is None  # the frequent one is never second-guessed
