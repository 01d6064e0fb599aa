"""Tests for reading saved web pages (`briefing.ingest.html`, `page_meta`, `page_dates`, `mhtml`,
and the page kinds of `sources`).

Every page is written by hand in `tmp_path`: a NewsArticle with JSON-LD, a page with only Open
Graph, a page whose modified date is later than its published date, a browser's saved page with
its `_files` folder, an MHTML file, a cp1251 page declared in `<meta>`, pages with no article
(empty, a login wall, a list of links), and pages that are not HTML or too large.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path

import pytest

import briefing.build.passes as passes_module
from briefing.build import update
from briefing.index import CorpusIndex
from briefing.ingest import load_corpus
from briefing.ingest.page_dates import PageDate, claim_date, combine, local_day
from briefing.ingest.page_headline import choose_headline
from briefing.ingest.page_meta import Claim, PageMeta
from briefing.ingest.page_printed import first_date
from briefing.ingest.page_trim import anchor_texts, trim
from briefing.ingest.rules import Rules, build_rules, default_rules
from briefing.ingest.sources import discover
from briefing.models import Article, FuzzyDate, PublishedDate

PARAGRAPHS = (
    "Russian President Vladimir Putin and Japanese Prime Minister Shinzo Abe met in Nagato on "
    "Thursday for talks on the disputed Kuril Islands and a peace treaty that has eluded the two "
    "countries since the end of the Second World War.",
    "The two leaders agreed to start consultations on joint economic activity on the islands, "
    "which Japan calls the Northern Territories, officials of both governments said after the "
    "meeting at a hot spring resort in western Japan.",
    "Abe said the talks had been frank and that both sides wanted to solve the problem of the "
    "islands for the sake of the next generation, while Putin said trust had to be built first.",
    "The meeting was the sixteenth between the two leaders, and it continued in Tokyo on Friday "
    "with a business forum attended by executives of both countries.",
)


def page(
    head: str = "",
    *,
    headline: str = "Putin and Abe agree to talk on joint activity on the Kuril Islands",
    paragraphs: tuple[str, ...] = PARAGRAPHS,
    first: str = "",
    extra_body: str = "",
    charset: str = "utf-8",
) -> str:
    """A news page: navigation, an article with a headline, a list of related stories, a footer."""
    body = "".join(f"<p>{p}</p>\n" for p in ((first + paragraphs[0]) if first else paragraphs[0],
                                              *paragraphs[1:]))  # fmt: skip
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="{charset}"><title>{headline} | Daily Planet</title>
{head}</head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/sport">Sport</a></li></ul></nav>
<article><h1>{headline}</h1>
{body}</article>
<aside><h2>Related stories</h2><ul>
<li><a href="/a">Related: oil prices fall on 3 January 2015</a></li>
<li><a href="/b">Related: wheat harvest rises on 4 March 2014</a></li></ul></aside>
{extra_body}
<footer><p>Copyright 2021 Daily Planet. All rights reserved.</p></footer>
</body></html>
"""


JSON_LD = {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    "headline": "Putin and Abe agree to talk on joint activity on the Kuril Islands",
    "datePublished": "2016-12-16T09:12:00Z",
    "dateModified": "2016-12-16T11:00:00Z",
    "publisher": {"@type": "Organization", "name": "Daily Planet"},
    "mainEntityOfPage": "https://dailyplanet.example/world/kurils-talks",
    "keywords": ["Russia", "Japan", "Kuril Islands"],
    "inLanguage": "en-GB",
}


@pytest.fixture
def rules() -> Rules:
    return default_rules()


def read_one(folder: Path, rules: Rules) -> tuple[Article, list[str]]:
    load = load_corpus(folder, rules)
    assert len(load.articles) == 1, load.warnings
    return load.articles[0], [str(w) for w in load.warnings]


def test_a_news_article_with_json_ld(tmp_path: Path, rules: Rules) -> None:
    head = (
        f'<script type="application/ld+json">{json.dumps(JSON_LD)}</script>\n'
        '<link rel="canonical" href="https://dailyplanet.example/world/kurils-talks">'
    )
    (tmp_path / "kurils.html").write_text(page(head), "utf-8")
    article, warnings = read_one(tmp_path, rules)
    assert warnings == []
    assert article.id == "kurils"
    assert article.headline == JSON_LD["headline"]
    assert not article.headline_derived
    assert article.outlet == "Daily Planet"
    assert article.url == "https://dailyplanet.example/world/kurils-talks"
    assert article.published.iso == "2016-12-16"
    assert article.published.precision == "day"
    assert article.published.evidence[0] == (
        "page: JSON-LD NewsArticle datePublished 2016-12-16T09:12:00Z"
    )
    assert article.tags == ("Russia", "Japan", "Kuril Islands")
    assert article.language == "en"
    text = article.text
    assert "joint economic activity" in text and "business forum" in text
    assert "Related" not in text and "Copyright" not in text and "Home" not in text
    assert "Vladimir Putin" in {p.name for p in article.people}
    # the export carries what the page said
    exported = article.to_json()
    assert exported["url"] == "https://dailyplanet.example/world/kurils-talks"
    assert exported["language"] == "en"
    assert Article.from_json(exported).language == "en"


def test_a_page_with_only_open_graph(tmp_path: Path, rules: Rules) -> None:
    head = (
        '<meta property="og:title" content="Abe and Putin talk islands">\n'
        '<meta property="og:site_name" content="Daily Planet">\n'
        '<meta property="og:url" content="https://dailyplanet.example/kurils">\n'
        '<meta property="article:published_time" content="2016-12-15T18:00:00+09:00">\n'
        '<meta property="article:tag" content="Kuril Islands">\n'
        '<meta property="article:tag" content="Japan">\n'
    )
    (tmp_path / "og.htm").write_text(
        page(head, headline="Abe and Putin talk islands in Nagato"), "utf-8"
    )
    article, _ = read_one(tmp_path, rules)
    assert article.outlet == "Daily Planet"
    assert article.outlet_evidence == "page: meta og:site_name 'Daily Planet'"
    assert article.url == "https://dailyplanet.example/kurils"
    assert article.published.iso == "2016-12-15"  # the publisher's own day, not UTC's
    assert article.published.evidence[0].startswith("page: meta article:published_time")
    assert article.tags == ("Kuril Islands", "Japan")
    # og:title and <h1> differ, and nothing confirms either: the page's h1 is what readers see
    assert article.headline == "Abe and Putin talk islands in Nagato"


def test_a_modified_date_later_than_published_is_never_the_date(
    tmp_path: Path, rules: Rules
) -> None:
    head = (
        '<meta property="article:published_time" content="2016-12-16T09:12Z">\n'
        '<meta property="article:modified_time" content="2019-05-02T10:00Z">\n'
        '<meta property="og:updated_time" content="2019-05-02T10:00Z">\n'
    )
    (tmp_path / "mod.html").write_text(page(head), "utf-8")
    article, _ = read_one(tmp_path, rules)
    assert article.published.iso == "2016-12-16"
    assert any(
        e.startswith("ignored page: meta article:modified_time 2019-05-02T10:00Z")
        for e in article.published.evidence
    )
    assert all("2019-05-02" not in e or e.startswith("ignored") for e in article.published.evidence)


def test_a_dateline_beside_the_page_date(tmp_path: Path, rules: Rules) -> None:
    head = '<meta property="article:published_time" content="2016-12-16T09:12Z">\n'
    (tmp_path / "agree.html").write_text(page(head, first="MOSCOW, December 16. /TASS/. "), "utf-8")
    article, _ = read_one(tmp_path, rules)
    assert article.published.iso == "2016-12-16"
    assert article.published.evidence[:3] == (
        "page: meta article:published_time 2016-12-16T09:12Z",
        "dateline: 'MOSCOW, December 16. /TASS/.'",
        "the page and the dateline agree",
    )
    assert article.published.confidence >= 0.95
    assert article.dateline == "Moscow"


def test_a_dateline_that_disagrees_is_said(tmp_path: Path, rules: Rules) -> None:
    head = '<meta property="article:published_time" content="2016-12-20T09:12Z">\n'
    (tmp_path / "differ.html").write_text(
        page(head, first="MOSCOW, December 16. /TASS/. "), "utf-8"
    )
    article, _ = read_one(tmp_path, rules)
    assert article.published.iso == "2016-12-20"  # the page's publication metadata is taken
    assert any(e.startswith("disagrees: dateline:") for e in article.published.evidence)
    assert article.published.confidence <= 0.6


def test_combine_rules() -> None:
    text = PublishedDate(FuzzyDate(), 0.0, ("no dateline date and no dated event",))
    page_day = PageDate(FuzzyDate.parse_iso("2016-12-16"), 0.9, ("page: meta x 2016-12-16",))
    kw = {"dateline_text": "MOSCOW, December 15", "dateline_year": None}
    # one day apart: a time zone
    one = combine(page_day, text, dateline_month=12, dateline_day=15, **kw)  # type: ignore[arg-type]
    assert one.iso == "2016-12-16" and "time zone" in one.evidence[1]
    # a date only htmldate's text search found loses to a dated dateline
    weak = PageDate(FuzzyDate.parse_iso("2016-12-03"), 0.5, ("page: htmldate 2016-12-03",))
    won = combine(weak, text, dateline_month=12, dateline_day=15, **kw)  # type: ignore[arg-type]
    assert won.iso == "2016-12-15"
    # no page date: the text decides alone
    assert combine(None, text, dateline_month=None, dateline_day=None, **kw) is text  # type: ignore[arg-type]


def test_claim_dates() -> None:
    assert claim_date("2016-12-16T09:12Z") == FuzzyDate.parse_iso("2016-12-16")
    assert claim_date("20161216") == FuzzyDate.parse_iso("2016-12-16")
    assert claim_date("Fri, 16 Dec 2016 09:12:00 GMT") == FuzzyDate.parse_iso("2016-12-16")
    assert claim_date("2016") == FuzzyDate.parse_iso("2016")
    assert claim_date("not a date") is None
    assert claim_date("2999-01-01") is None  # the future is no publication date
    assert claim_date("1481879520") == FuzzyDate.parse_iso("2016-12-16")  # epoch seconds
    # zero seconds since the epoch: a missing date written as one, in any time zone
    assert claim_date("1970-01-01T01:00:00+01:00") is None
    assert claim_date("1969-12-31T19:00:00-05:00") is None
    assert claim_date("1970") == FuzzyDate.parse_iso("1970")


def test_a_saved_page_with_its_files_folder(tmp_path: Path, rules: Rules) -> None:
    (tmp_path / "Kuril talks.html").write_text(page(), "utf-8")
    files = tmp_path / "Kuril talks_files"
    (files / "img").mkdir(parents=True)
    (files / "app.js").write_text("var x = 1;")
    (files / "style.css").write_text("p { color: red }")
    (files / "img" / "photo.html").write_text(page())  # not an article, though it looks like one
    (tmp_path / "other_files").mkdir()  # no page beside it: an ordinary folder
    (tmp_path / "other_files" / "note.txt").write_text(
        "LONDON, Dec 5 (Reuters) - Oil fell for a third day as output rose, traders said.\n"
    )
    sources, warnings = discover(tmp_path)
    assert [s.key for s in sources] == ["Kuril talks.html", "other_files/note.txt"]
    assert [str(w) for w in warnings] == [
        "Kuril talks_files: the saved page Kuril talks's files folder (images, scripts, "
        "styles): 3 files skipped"
    ]


def test_an_mhtml_file(tmp_path: Path, rules: Rules) -> None:
    html = page(headline="Putin and Abe meet in Nagato").replace('charset="utf-8"', "")
    qp = html.replace("=", "=3D")  # quoted-printable, as Chrome writes it
    mime = (
        "From: <Saved by Blink>\r\n"
        "Snapshot-Content-Location: https://dailyplanet.example/nagato\r\n"
        "Subject: Putin and Abe meet in Nagato\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/related; type="text/html"; boundary="----MultipartBoundary--x"\r\n'
        "\r\n"
        "------MultipartBoundary--x\r\n"
        "Content-Type: text/html\r\n"
        "Content-ID: <frame-1@mhtml.blink>\r\n"
        "Content-Transfer-Encoding: quoted-printable\r\n"
        "Content-Location: https://dailyplanet.example/nagato\r\n"
        "\r\n" + qp.replace("\n", "\r\n") + "\r\n"
        "------MultipartBoundary--x\r\n"
        "Content-Type: image/png\r\n"
        "Content-Transfer-Encoding: base64\r\n"
        "Content-Location: https://dailyplanet.example/logo.png\r\n"
        "\r\n"
        "iVBORw0KGgo=\r\n"
        "------MultipartBoundary--x--\r\n"
    )
    (tmp_path / "nagato.mhtml").write_bytes(mime.encode("ascii"))
    article, warnings = read_one(tmp_path, rules)
    assert warnings == []
    assert article.url == "https://dailyplanet.example/nagato"
    assert article.headline == "Putin and Abe meet in Nagato"
    assert "hot spring resort" in article.text


def test_a_cp1251_page_declared_in_meta(tmp_path: Path, rules: Rules) -> None:
    paragraphs = (
        "Президент России Владимир Путин и премьер-министр Японии Синдзо Абэ провели переговоры "
        "в Нагато и обсудили совместную хозяйственную деятельность на Южных Курилах.",
        "Стороны договорились начать консультации о совместной деятельности на островах, "
        "сообщили после встречи представители правительств двух стран.",
        "Встреча продолжилась в Токио, где прошел деловой форум с участием руководителей "
        "крупных компаний России и Японии.",
    )
    html = page(
        '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">',
        headline="Путин и Абэ обсудили Курилы",
        paragraphs=paragraphs,
        charset="windows-1251",
    ).replace('<html lang="en">', "<html>")
    (tmp_path / "kurily.html").write_bytes(html.encode("cp1251"))
    article, warnings = read_one(tmp_path, rules)
    assert warnings == []  # declared and right: nothing to warn about
    assert article.headline == "Путин и Абэ обсудили Курилы"
    assert "совместную хозяйственную деятельность" in article.text
    assert article.language == "ru"


def test_a_utf8_page_that_declares_cp1251(tmp_path: Path, rules: Rules) -> None:
    html = page(headline="Путин и Абэ обсудили Курилы в Нагато", charset="windows-1251")
    (tmp_path / "misdeclared.html").write_bytes(html.encode("utf-8"))
    article, warnings = read_one(tmp_path, rules)
    assert article.headline == "Путин и Абэ обсудили Курилы в Нагато"
    assert warnings == ["misdeclared.html: page encoding: declared cp1251 but is UTF-8"]


def test_a_gzipped_page_and_an_outlet_known_by_its_host(tmp_path: Path, rules: Rules) -> None:
    head = '<link rel="canonical" href="https://tass.com/politics/920000">'
    (tmp_path / "tass.html.gz").write_bytes(gzip.compress(page(head).encode("utf-8")))
    article, _ = read_one(tmp_path, rules)
    assert article.id == "tass"
    assert article.outlet == "TASS"  # named as people know it, not "tass.com"
    assert article.outlet_evidence == "url host of https://tass.com/politics/920000"


@pytest.mark.parametrize(
    ("head", "outlet"),
    [
        # a handle is not the name people know: the site is
        (
            '<meta name="twitter:site" content="@Planet_news">'
            '<link rel="canonical" href="https://www.planet-news.example/a/1">',
            "planet-news.example",
        ),
        # a template's unfilled placeholder is no name
        (
            '<meta property="og:site_name" content="{$plugin.tx_news.opengraph.site_name}">'
            '<link rel="canonical" href="https://news.example.org/a/1">',
            "news.example.org",
        ),
        ('<meta property="og:site_name" content="{{ site.name }}">', None),
        # a canonical link with a stray dot before its host: the site is still named
        ('<link rel="canonical" href="https://.planet-news.example">', "planet-news.example"),
        ('<link rel="canonical" href="https://planet..example/a">', None),
    ],
)
def test_what_is_no_outlet_name(
    tmp_path: Path, rules: Rules, head: str, outlet: str | None
) -> None:
    (tmp_path / "page.html").write_text(page(head), encoding="utf-8")
    article, _ = read_one(tmp_path, rules)
    assert article.outlet == outlet


def test_a_url_written_percent_encoded_is_decoded(tmp_path: Path, rules: Rules) -> None:
    head = '<link rel="canonical" href="https%3A%2F%2Ftass.com%2Fpolitics%2F920000%3Fa%3D1%252">'
    (tmp_path / "page.html").write_text(page(head), encoding="utf-8")
    article, _ = read_one(tmp_path, rules)
    assert article.url == "https://tass.com/politics/920000?a=1%2"  # decoded once
    assert article.outlet == "TASS"


def test_an_archived_copy_is_its_original_sites(tmp_path: Path, rules: Rules) -> None:
    wrapped = "https://web.archive.org/web/20161216091200/https://tass.com/politics/920000"
    head = f'<link rel="canonical" href="{wrapped}">'
    (tmp_path / "archived.html").write_text(page(head), encoding="utf-8")
    (tmp_path / "elsewhere.html").write_text(
        page(
            '<link rel="canonical" href="https://archive.example.org/wayback/20091010102944id_/'
            'http://www.smallpaper.de/2009/10/story.html">'
        ),
        encoding="utf-8",
    )
    by_id = {a.id: a for a in load_corpus(tmp_path, rules).articles}
    assert by_id["archived"].outlet == "TASS"  # not "web.archive.org"
    assert by_id["archived"].url == wrapped  # where the copy came from stays on record
    assert by_id["elsewhere"].outlet == "smallpaper.de"


@pytest.mark.parametrize(
    ("url", "original"),
    [
        (
            "https://web.archive.org/web/20160218174457/http://example.de/2010/05/x/",
            "http://example.de/2010/05/x/",
        ),
        (
            "https://web.archive.org/web/2014id_/https:/www.example.com/a",
            "https://www.example.com/a",
        ),
        (
            "https://web.archive.org/web/2016/https://web.archive.org/web/2015/http://ria.ru/a",
            "http://ria.ru/a",
        ),
        # not archives: a date in a path, a word starting with "http"
        ("https://tass.com/politics/20160218", "https://tass.com/politics/20160218"),
        (
            "https://example.com/2016/05/12/http-basics",
            "https://example.com/2016/05/12/http-basics",
        ),
        (None, None),
    ],
)
def test_original_url(url: str | None, original: str | None) -> None:
    from briefing.ingest.archived import original_url

    assert original_url(url) == original


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        (
            "<html><head><title>Nothing</title></head><body><div></div></body></html>",
            "no article text found in the page",
        ),
        (
            "<html><body><form><input type='text' name='user'>"
            "<input type='password' name='pw'><p>Please log in to read this article.</p>"
            "</form></body></html>",
            "a login wall",
        ),
        (
            "<html><body><ul>"
            + "".join(
                f"<li><a href='/s{i}'>Story number {i} of the day</a></li>" for i in range(30)
            )
            + "</ul></body></html>",
            "only a list of links",
        ),
    ],
)
def test_pages_with_no_article_are_warnings(
    tmp_path: Path, rules: Rules, html: str, reason: str
) -> None:
    (tmp_path / "bad.html").write_text(html, "utf-8")
    (tmp_path / "good.html").write_text(page(), "utf-8")
    load = load_corpus(tmp_path, rules)
    assert [a.id for a in load.articles] == ["good"]  # the rest of the corpus goes on
    assert len(load.warnings) == 1
    assert load.warnings[0].path == "bad.html"
    assert load.warnings[0].reason.startswith(reason)


def test_not_html_and_too_large(tmp_path: Path) -> None:
    rules = build_rules({"limits": {"max_html_bytes": 50_000}})
    (tmp_path / "notes.html").write_text("just some words, no markup at all\n" * 5)
    (tmp_path / "huge.html").write_text(page(extra_body="<p>x</p>" * 10_000), "utf-8")
    (tmp_path / "broken.html.gz").write_bytes(b"\x1f\x8b\x08\x00garbage")
    (tmp_path / "ok.html").write_text(page(), "utf-8")
    load = load_corpus(tmp_path, rules)
    assert [a.id for a in load.articles] == ["ok"]
    reasons = {w.path: w.reason for w in load.warnings}
    assert reasons["notes.html"] == "not HTML (no HTML tags in it), skipped"
    assert "the limit for HTML pages is 50,000, [limits] max_html_bytes" in reasons["huge.html"]
    assert reasons["broken.html.gz"].startswith("corrupt gzip stream")
    # the discovery step leaves pages to their own limit, not the text one
    sources, warnings = discover(tmp_path, max_file_bytes=10)
    assert "huge.html" in {s.key for s in sources} and not warnings


def _page_corpus(folder: Path) -> Path:
    folder.mkdir()
    head = '<meta property="article:published_time" content="2016-12-16T09:12Z">'
    for i in range(3):
        (folder / f"p{i}.html").write_text(page(head, headline=f"Kuril talks, part {i}"), "utf-8")
    (folder / "p3.txt").write_text("LONDON, Dec 5 (Reuters) - Oil fell, traders said.\n")
    return folder


def test_pages_build_an_index_like_text(tmp_path: Path, rules: Rules) -> None:
    corpus = _page_corpus(tmp_path / "pages")
    with CorpusIndex.open(corpus, tmp_path / "index") as ix:
        report = update(ix, rules, procs=1)
        assert report.articles == 4
        hits = ix.search("kuril")
        assert {h.article_id for h in hits.hits} == {"p0", "p1", "p2"}
        got = ix.get("p1")
        assert got is not None and got.published.iso == "2016-12-16"
        assert got.language == "en"


def test_pages_are_read_in_the_worker_processes(
    tmp_path: Path, rules: Rules, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(passes_module, "PARALLEL_MIN_BYTES", 0)  # workers even for a few KB
    corpus = _page_corpus(tmp_path / "pages")
    serial = CorpusIndex.open(corpus, tmp_path / "serial")
    update(serial, rules, procs=1)
    parallel = CorpusIndex.open(corpus, tmp_path / "parallel")
    report = update(parallel, rules, procs=2)
    assert report.articles == 4
    assert [a.to_json() for a in parallel.all_articles()] == [
        a.to_json() for a in serial.all_articles()
    ]


def test_no_articles_found_names_every_format_read(tmp_path: Path) -> None:
    from briefing.errors import CorpusError
    from briefing.formats import FORMATS_READ

    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    with pytest.raises(CorpusError) as caught:
        load_corpus(tmp_path)
    message = str(caught.value)
    assert FORMATS_READ in message
    for name in ("*.txt", "*.jsonl(.gz)", "*.html(.gz)", "*.htm(.gz)", "*.xhtml(.gz)", "*.mhtml"):
        assert name in message, name


def test_dotted_dates_are_day_first_and_midnight_east_of_utc() -> None:
    assert claim_date("10.12.2022, 07:00:03") == FuzzyDate.parse_iso("2022-12-10")
    assert claim_date("3.1.2021") == FuzzyDate.parse_iso("2021-01-03")
    midnight = PageDate(
        FuzzyDate.parse_iso("2022-11-06"), 0.9, ("page: meta x 2022-11-06T23:00:00.000Z",)
    )
    moved = local_day(midnight, None, None)
    assert moved.date.iso == "2022-11-07" and "midnight east of UTC" in moved.evidence[-1]
    evening = PageDate(FuzzyDate.parse_iso("2022-11-06"), 0.9, ("page: meta x 2022-11-06T16:40Z",))
    assert local_day(evening, None, None) is evening


ARTICLE_LINES = (
    "The two leaders agreed to start consultations on joint economic activity on the islands.",
    "Officials of both governments said the talks would continue in Tokyo on Friday morning.",
    "Share this story",
    "Abe said the talks had been frank and that both sides wanted to solve the problem.",
)


def test_trim_drops_the_lists_of_links_and_their_headings() -> None:
    related = ["Oil prices fall again in January", "Wheat harvest rises in the south"]
    listed = [f"- {r} | 09:34" for r in related]
    lines = ["Home", "World news", *ARTICLE_LINES, "Related stories", *listed, "Most popular"]
    text = "\n".join([*lines, *related])
    trimmed = trim(text, anchor_texts([*related, "Home"]))
    assert trimmed.split("\n") == list(ARTICLE_LINES)


def test_trim_keeps_an_articles_own_short_lines() -> None:
    items = ["1) A toy train set for two", "2) A board game for a rainy day", "3) A kite"]
    text = "\n".join([*ARTICLE_LINES, *items])
    assert trim(text, anchor_texts(["Home page", "Contact us"])) == text


def test_the_date_printed_beside_the_headline(tmp_path: Path, rules: Rules) -> None:
    (tmp_path / "blog.html").write_text(
        page(headline="Putin and Abe meet in Nagato", first="").replace(
            "</h1>", "</h1>\n<p class='date'>Posted on January 22, 2014 by the editor</p>", 1
        ),
        "utf-8",
    )
    article, _ = read_one(tmp_path, rules)
    assert article.published.iso == "2014-01-22"
    assert (
        "page: the date printed after the headline: 'January 22, 2014' agrees"
        in article.published.evidence
    )


def test_a_printed_date_a_day_from_the_stamp_claims_only_the_month(
    tmp_path: Path, rules: Rules
) -> None:
    head = '<meta property="article:published_time" content="2020-05-12T02:54:29.000Z">\n'
    (tmp_path / "late.html").write_text(
        page(head).replace("</h1>", "</h1>\n<p>Datum: 11.05.2020</p>", 1), "utf-8"
    )
    article, _ = read_one(tmp_path, rules)
    assert article.published.iso == "2020-05"
    assert "only the month is claimed" in article.published.evidence


def test_a_printed_date_far_from_the_stamp_across_years_claims_nothing(
    tmp_path: Path, rules: Rules
) -> None:
    head = '<meta property="article:published_time" content="2018-02-20T10:00:00Z">\n'
    (tmp_path / "old.html").write_text(
        page(head).replace("</h1>", "</h1>\n<p>Datum: 20.02.2020</p>", 1), "utf-8"
    )
    article, _ = read_one(tmp_path, rules)
    assert article.published.precision != "day"
    assert article.published.iso in ("", None)


def test_htmldate_guess_alone_claims_only_the_month() -> None:
    from briefing.ingest.page_dates import PageDate, guess_to_month
    from briefing.models import FuzzyDate

    guess = PageDate(
        FuzzyDate.day(dt.date(2023, 11, 3)), 0.8, ("page: htmldate 2023-11-03, from markup",)
    )
    month = guess_to_month(guess)
    assert month is not None and month.date.precision == "month"
    assert month.date.start == dt.date(2023, 11, 1)
    backed = PageDate(guess.date, 0.9, (*guess.evidence, "page: the date printed x agrees"))
    assert guess_to_month(backed) == backed
    meta = PageDate(FuzzyDate.day(dt.date(2023, 11, 3)), 0.9, ("page: meta date 2023-11-03",))
    assert guess_to_month(meta) == meta


def test_printed_dates_in_several_languages() -> None:
    assert first_date("Mise en ligne 23 mai 2019") == (dt.date(2019, 5, 23), "23 mai 2019")
    assert first_date("Datum: 03.11.2021 | Autor") == (dt.date(2021, 11, 3), "03.11.2021")
    assert first_date("2 de abril de 2020")[0] == dt.date(2020, 4, 2)  # type: ignore[index]
    assert first_date("5 января 2012 г.")[0] == dt.date(2012, 1, 5)  # type: ignore[index]
    assert first_date("2020年07月03日 17:16")[0] == dt.date(2020, 7, 3)  # type: ignore[index]
    assert first_date("03/04/2014") is None  # March the 4th or April the 3rd: not claimed
    assert first_date("22/11/2020")[0] == dt.date(2020, 11, 22)  # type: ignore[index]
    assert first_date("no date here, only 2019") is None


def test_the_headline_is_the_part_two_sources_share() -> None:
    meta = PageMeta(
        titles=[
            Claim("<h1>", "Siemens und die Kohlemine Adani: Kaeser verarscht Neubauer"),
            Claim("<title>", "Kaeser verarscht Neubauer | Ein Blog"),
        ]
    )
    assert choose_headline(meta, "", None) == "Kaeser verarscht Neubauer"
    escaped = PageMeta(titles=[Claim("<title>", "Ladensterben &raquo; dramatisch")])
    assert choose_headline(escaped, "", None) == "Ladensterben » dramatisch"


def test_a_title_alone_loses_what_follows_its_last_dash() -> None:
    meta = PageMeta(
        titles=[
            Claim("<h1>", "Quicklink"),
            Claim("<title>", "Harbour ferries run again after the storm - Coast Rowing Club e.V."),
        ]
    )
    assert choose_headline(meta, "", None) == "Harbour ferries run again after the storm"


def test_a_headline_three_sources_state_beats_a_longer_h1() -> None:
    said = "Irme Stetter-Karp ist neue ZdK-Präsidentin"
    meta = PageMeta(
        titles=[
            Claim("JSON-LD NewsArticle headline", said),
            Claim("meta og:title", said),
            Claim("meta twitter:title", said),
            Claim("<h1>", f'"Reformstau lösen" / {said}'),
        ]
    )
    assert choose_headline(meta, "", None) == said
    two = PageMeta(titles=[*meta.titles[1:3], meta.titles[3]])  # two sources: the h1 stays
    assert choose_headline(two, "", None) == f'"Reformstau lösen" / {said}'


def test_a_section_name_beside_the_headline_in_its_h1_is_left_out() -> None:
    said = "Another harbour ferry delayed by the storm, and a second one cancelled"
    meta = PageMeta(titles=[Claim("<h1>", f"Local News | {said}"), Claim("meta og:title", said)])
    assert choose_headline(meta, "", None) == said
    # a dash joins a headline's own parts: the h1 stays whole
    dashed = PageMeta(titles=[Claim("<h1>", f"Ferry news - {said}"), Claim("meta og:title", said)])
    assert choose_headline(dashed, "", None) == f"Ferry news - {said}"


def test_a_chinese_or_japanese_title_loses_its_site_joined_without_spaces() -> None:
    cn = PageMeta(titles=[Claim("<title>", "武汉的声音：有英勇的你，才有英雄的城！-新华网")])
    assert choose_headline(cn, "", None) == "武汉的声音：有英勇的你，才有英雄的城！"
    said = "NEWS WEB EASY|子どもへの体罰を禁止する法律ができる"
    jp = PageMeta(
        titles=[Claim("meta og:title", said), Claim("<title>", said)],
        site_names=[Claim("meta og:site_name", "NEWS WEB EASY")],
    )
    assert choose_headline(jp, "", None) == "子どもへの体罰を禁止する法律ができる"


def test_words_of_a_text_without_spaces_are_counted_by_characters() -> None:
    from briefing.ingest.html import word_count

    assert word_count("子どもへの体罰を禁止する法律ができる") == 9
    assert word_count("two words") == 2
    assert word_count("NHK 子ども") == 2


def test_reader_comments_after_the_article_are_cut() -> None:
    from briefing.ingest.page_trim import trim

    article = [
        "The city council approved the new harbour budget on Monday after a long debate.",
        "The plan adds two ferries and a new pier, and work is to start in the spring.",
        "Opponents said the cost had doubled since the first estimate was made public.",
        "The mayor said the ferries would pay for themselves within ten years of service.",
        "A vote on the final design of the new pier is expected at the council's next meeting.",
    ]
    comments = [
        "*Submitted comments are subject to moderation before being displayed.",
        "Lindsay Gray",
        "I wonder whether anyone on the council has ever taken a ferry in the winter months.",
    ]
    assert trim("\n".join(article + comments), set()).split("\n") == article
    early = ["Comments", *article]  # a heading before any article text is not the comments
    assert "The mayor said" in trim("\n".join(early), set())


def test_short_lines_after_the_last_sentence_are_dropped_but_list_items_stay() -> None:
    from briefing.ingest.page_trim import trim

    article = [
        "The city council approved the new harbour budget on Monday after a long debate.",
        "The plan adds two ferries and a new pier, and work is to start in the spring.",
    ]
    tail = ["Share Tools", "Today", "Sunny", "Temperature: 5 C to 6 C", "reporter@example.com"]
    assert trim("\n".join(article + tail), set()).split("\n") == article
    listed = ["- North pier: two ferries", "- South pier: one ferry"]
    assert trim("\n".join(article + listed), set()).split("\n") == article + listed


def test_a_word_of_the_host_in_a_headline_part_is_not_the_site() -> None:
    said = "Termine Whisky Tastings Januar - Mai 2020 Halle/Saale und Dessau"
    meta = PageMeta(titles=[Claim("meta og:title", said)])
    assert choose_headline(meta, "", "https://www.whiskyverkostung.com/termine/1") == said
    forum = PageMeta(titles=[Claim("<title>", "Shop closes after ten years - MyOOS Forum")])
    assert choose_headline(forum, "", "https://foren.myoos.de/x") == "Shop closes after ten years"


def test_headline_framed_whole_in_the_title_beats_a_cut_at_its_own_dash() -> None:
    said = "[Review] Night Harbour - A Novel by J. R. Smith"
    meta = PageMeta(
        titles=[
            Claim("meta og:title", said),
            Claim("<title>", f"Anna´s Bookshelf: {said}"),
        ]
    )
    assert choose_headline(meta, "", "https://annasbookshelf.example.com/2017/09/x.html") == said
    # a title with no site on either side of the candidate confirms nothing by framing
    other = PageMeta(
        titles=[Claim("meta og:title", "Night Harbour"), Claim("<title>", "Night Harbour opens")]
    )
    assert choose_headline(other, "", None) == "Night Harbour"


def test_utf8_encoded_twice_is_repaired_and_said() -> None:
    from briefing.ingest.html import decode_page

    page = "<p>A dye could \u2018save lives\u2019, said the caf\u00e9 owner.</p>"
    twice = page.encode("utf-8").decode("latin-1").encode("utf-8")
    text, note = decode_page(twice)
    assert text == page
    assert note is not None and "encoded twice" in note
    # Latin-1 letters in a page that is not encoded twice stay as written
    plain = "<p>Ã la carte: \u00c2ge d'or</p>".encode()
    assert decode_page(plain) == (plain.decode("utf-8"), None)


def test_a_digest_of_short_stories_is_its_first_story(rules: Rules) -> None:
    from briefing.ingest.html import first_story

    story = [
        "NEW YORK: A man received a hospital bill of $44 million for a visit to a clinic.",
        "The hospital said a computer error printed the invoice number as the amount.",
    ]
    other = [
        "Ferry runs aground in fog",
        "OSLO: A ferry ran aground near the harbour on Sunday, the coast guard said.",
        "Bakery wins a prize",
        "LYON: A bakery won the national prize for its bread, the jury said on Monday.",
    ]
    assert first_story([*story, *other], rules) == story
    # one further story is not a digest (an article may quote a second dateline)
    assert first_story([*story, *other[:2]], rules) == [*story, *other[:2]]
    # sub-headings followed by ordinary paragraphs are the article's own
    article = [story[0], "What happens next", "The bills will be sent again.", "Who pays",
               "The company that prints them pays for the error."]  # fmt: skip
    assert first_story(article, rules) == article


def test_htmldate_guess_keeps_its_day_when_the_url_or_machine_markup_agrees() -> None:
    from trafilatura.utils import load_html

    from briefing.ingest.page_dates import PageDate, guess_to_month
    from briefing.models import FuzzyDate

    guess = PageDate(
        FuzzyDate.day(dt.date(2017, 9, 9)), 0.8, ("page: htmldate 2017-09-09, from markup",)
    )
    kept = guess_to_month(guess, "https://blog.example.com/2017/09/a-review.html")
    assert kept is not None and kept.date.precision == "day"
    assert any("address carries the date '2017/09'" in e for e in kept.evidence)
    # another month in the URL, or a first of the month (how htmldate reads a URL's month)
    other = guess_to_month(guess, "https://blog.example.com/2017/08/a-review.html")
    assert other is not None and other.date.precision == "month"
    first = PageDate(FuzzyDate.day(dt.date(2017, 9, 1)), 0.8, ("page: htmldate 2017-09-01, x",))
    first_kept = guess_to_month(first, "https://blog.example.com/2017/09/a-review.html")
    assert first_kept is not None and first_kept.date.precision == "month"
    tree = load_html(
        '<html><body><p>Posted <time datetime="2017-09-09T10:52:00+02:00">Saturday</time>'
        "</p><p>Related: <time datetime='2017-08-01'>August</time></p></body></html>"
    )
    marked = guess_to_month(guess, None, tree)
    assert marked is not None and marked.date == guess.date
    assert any("written for machines" in e for e in marked.evidence)
    elsewhere = guess_to_month(first, None, tree)  # no machine date on the 1st of September
    assert elsewhere is not None and elsewhere.date.precision == "month"


def test_contact_and_newsletter_lines_after_the_article_are_dropped() -> None:
    article = [
        "The council voted on Tuesday to keep the harbour ferries running through the winter,"
        " after a month of protests by the island's residents and its two schools.",
        "The ferries will run twice a day from November, the council said in a statement.",
    ]
    tail = [
        "Have a tip? Amy Smith may be reached at asmith@example.com. Follow her on Twitter.",
        "Get the latest updates right in your inbox. Subscribe to Example.com’s newsletters.",
    ]
    assert trim("\n".join([*article, *tail]), set()) == "\n".join(article)
    # the same words inside the article stay
    inside = [article[0], tail[0], article[1]]
    assert trim("\n".join(inside), set()) == "\n".join(inside)


def test_a_site_name_that_is_the_whole_title_is_not_the_site() -> None:
    meta = PageMeta(
        titles=[
            Claim("meta og:title", "Mindful through the crisis"),
            Claim("<h1>", "Mindful through the crisis"),
            Claim("<title>", "Mindful through the crisis | The Weekly"),
        ],
        site_names=[Claim("meta og:site_name", "Mindful through the crisis | The Weekly")],
    )
    assert choose_headline(meta, "", None) == "Mindful through the crisis"


def test_a_table_of_data_is_kept_and_a_menu_table_dropped() -> None:
    from briefing.ingest.html import tidy_table_rows

    standings = [
        "Final standings after 36 races:",
        "| Pos. | Driver | Points | Wins |",
        "|---|---|---|---|",
        "| 1 | Kyle Busch | 5040 | 5 |",
        "| 2 | Martin Truex Jr. | 5035 | 7 |",
        "| 3 | Kevin Harvick | 5033 | 4 |",
        "| Home | World | Sport | Contact |",
        "| News | Video |",
    ]
    kept = tidy_table_rows("\n".join(standings)).split("\n")
    assert kept == [
        "Final standings after 36 races:",
        "Pos. Driver Points Wins",
        "1 Kyle Busch 5040 5",
        "2 Martin Truex Jr. 5035 7",
        "3 Kevin Harvick 5033 4",
    ]
    # one row of figures (pagination, a lone score) is no table of data: dropped as before
    assert tidy_table_rows("| 1 | 2 | Next |\n| Results | 3 | 1 |") == ""


SECOND_HALF = (
    "Officials from both governments will meet again in Moscow next month to draw up a list of "
    "projects, from fisheries to tourism, that could go ahead under a special legal framework.",
    "Residents of the islands said they hoped the talks would bring investment and regular "
    "ferries, while veterans' groups in Japan asked for the return of all four islands.",
    "Analysts in Tokyo said the agreement was modest but that it kept the two leaders talking "
    "after years in which the dispute had frozen relations between the neighbours.",
)


def _split_article(first: tuple[str, ...], second: tuple[str, ...]) -> str:
    def column(paragraphs: tuple[str, ...]) -> str:
        text = "".join(f"<p>{p}</p>" for p in paragraphs)
        return f'<div class="grid rail"><div class="body__container">{text}</div>'

    return (
        '<div class="chunks">'
        f"{column(first)}<aside>Advertisement</aside></div>"
        f"{column(second)}<aside>Advertisement</aside></div></div>"
    )


def test_an_article_split_into_repeated_containers_is_read_whole(
    tmp_path: Path, rules: Rules
) -> None:
    # whoever finds it (trafilatura here, `continued` where trafilatura takes one column)
    body = _split_article(PARAGRAPHS, SECOND_HALF[:2])
    html = page(paragraphs=("",)).replace("<p></p>", body)
    (tmp_path / "split.html").write_text(html, "utf-8")
    article, _ = read_one(tmp_path, rules)
    text = article.text
    for p in (*PARAGRAPHS, *SECOND_HALF[:2]):
        assert p[:60] in text
    assert text.index(PARAGRAPHS[-1][:60]) < text.index(SECOND_HALF[0][:60])
    assert "Advertisement" not in text


def test_continued_needs_a_container_of_the_same_kind() -> None:
    from trafilatura.utils import load_html

    from briefing.ingest.page_continued import continued

    text = "\n".join(PARAGRAPHS)
    split = load_html(_split_article(PARAGRAPHS, SECOND_HALF))
    assert continued(split, text).split("\n") == [*PARAGRAPHS, *SECOND_HALF]
    # a different kind of block after the article (comments, related stories) is not the article
    other = _split_article(PARAGRAPHS, SECOND_HALF).replace(
        'class="grid rail"><div class="body__container">' + "<p>" + SECOND_HALF[0][:20],
        'class="comments"><div class="comment">' + "<p>" + SECOND_HALF[0][:20],
    )
    assert continued(load_html(other), text) == text


def test_trim_drops_a_footer_after_the_share_buttons() -> None:
    footer = (
        "Daily Planet - Registered office: 12 Harbour Road - Metropolis 10001 - PO Box 421 - "
        "Phone (047) 2106-8000 - Fax (047) 2106-8001 - all the rest of the legal line"
    )
    buttons = ["Facebook", "Twitter", "WhatsApp", "Back"]
    text = "\n".join([*ARTICLE_LINES, *buttons, footer])
    assert trim(text, anchor_texts([])).split("\n") == list(ARTICLE_LINES)
    # a long closing paragraph that is a sentence is the article's, buttons or not
    closing = footer + "."
    kept = trim("\n".join([*ARTICLE_LINES, *buttons, closing]), anchor_texts([]))
    assert kept.split("\n")[-1] == closing
