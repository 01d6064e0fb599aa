"""`page_extract` is trafilatura's extraction, run by run, only cheaper.

`PageExtraction(tree).text(...)` must return what `trafilatura.extract(tree, ...)` returns for
each of the three runs `html.extract_text` makes; a closed gate must be an expression that
finds nothing; the bound of the page-share check must never decide otherwise than `html2txt`.
Hand-written pages: an article with comment sections and an infinite-scroll container, a short
page among long navigation (trafilatura's baseline rescue), one whose short result escalates
to a recall retry, cookie banners in odd cases, a thread forum, a class holding a line break,
a page with no body.
"""

from __future__ import annotations

from typing import Any

import pytest
import trafilatura
from lxml import etree  # type: ignore[import-untyped]
from trafilatura.baseline import html2txt
from trafilatura.settings import BASIC_CLEAN_XPATH
from trafilatura.xpaths import RAW_TREE_PRUNE_XPATH, REMOVE_COMMENTS_AND_LISTS_XPATH

from briefing.ingest import page_extract
from briefing.ingest.page_extract import (
    BASIC_CLEAN_TAGS,
    COMMENTS_CLASS_RE,
    COMMENTS_ID_RE,
    COOKIE_RE,
    SCROLL_RE,
    SHARE_BUTTONS,
    VERIFIED,
    Gates,
    PageExtraction,
    page_share_below,
    page_text_length,
)
from briefing.ingest.page_tree import load_page

_PARAGRAPH = (
    "The council voted on Tuesday to extend the programme for another three years, after a "
    "debate that ran late into the evening and drew residents from across the district. "
)

ARTICLE = f"""<!DOCTYPE html><html lang="en"><head><title>Council extends programme</title>
<script>var s = "<p>no text</p>";</script><style>p {{ color: red }}</style></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article><h1>Council extends programme</h1>
<p>{_PARAGRAPH}</p><p>{_PARAGRAPH * 2}</p><blockquote>"We listened," she said.</blockquote>
<ul><li>First point of the plan</li><li>Second point of the plan</li></ul>
<table><tr><td>Votes for</td><td>12</td></tr><tr><td>Votes against</td><td>3</td></tr></table>
<p>{_PARAGRAPH}</p></article>
<div id="comments"><p>A reader's comment that should not be kept in the article.</p></div>
<div class="commentary"><p>{_PARAGRAPH}</p></div>
<section class="article-comments"><p>Another comment.</p></section>
<ol id="comment-list"><li>Listed comment</li></ol><ul class="nocomment"><li>x</li></ul>
<div id="disqus_thread">Disqus</div><div id="Commentary">Kept: commentary is no comment</div>
<div class="infinite-scroll"><h2>Next story</h2><p>{_PARAGRAPH}</p></div>
<aside id="mvp-post-add-box"><h1>Appended</h1><p>{_PARAGRAPH}</p></aside>
<div class="infinitescroll"><h1>Kept: holds an h1</h1></div>
<section class="x elementor-share-buttons--view-icon">Share</section>
<footer><p>Copyright</p></footer></body></html>"""

_MENU = "".join(f'<li><a href="/s{i}">Section number {i} of the site</a></li>' for i in range(60))
SHORT = f"""<html><head><title>Short</title></head><body>
<div class="menu"><ul>{_MENU}</ul></div>
<div class="content"><p>Only a short note here, too short for an article.</p></div>
<div>{" ".join(f"<span>Loose text {i} of the page outside paragraphs.</span>" for i in range(40))}
</div><script>{"x = 1; " * 500}</script></body></html>"""

FORUM = f"""<html><head><script type="application/ld+json">
{{"@type": "DiscussionForumPosting", "headline": "A thread"}}</script></head><body>
<h1>A thread</h1><div class="comment"><p>{_PARAGRAPH}</p></div>
<div class="comment"><p>{_PARAGRAPH * 2}</p></div><div id="comments"><p>{_PARAGRAPH}</p></div>
</body></html>"""

_LOOSE = "".join(f"<div><div>{_PARAGRAPH} Part {i}.</div></div>" for i in range(25))
ESCALATE = f"""<html><head><title>Escalate</title></head><body>
<article><h1>A short lead</h1><p>{_PARAGRAPH}{_PARAGRAPH}</p></article>
<div class="story">{_LOOSE}</div></body></html>"""

COOKIES = f"""<html><body><article><p>{_PARAGRAPH}</p></article>
<div class="CookieBanner">Accept cookies</div><div id="COOKIE-CONSENT">We use cookies</div>
<div class="coo\u212aie_notice">Kelvin-sign k</div><div id="Con\u017fent-manager">Long s</div>
<div class="onetrust-pc">Vendor</div><div class="cookies">Kept: no banner word</div>
<div class="site-footer">Footer</div><p class="cookiejar">Kept too</p><svg><text>x</text></svg>
</body></html>"""

# a class with a line break before a word the comments gate looks for at a value's start
LINE_BREAK = f"""<html><body><article><p>{_PARAGRAPH}</p></article>
<div class="box\ncomment-area">Not a comment section to trafilatura: not at the start</div>
</body></html>"""

NO_BODY = f"<div><p>{_PARAGRAPH}</p><p>{_PARAGRAPH}</p></div>"

PAGES = [ARTICLE, SHORT, ESCALATE, COOKIES, FORUM, LINE_BREAK, NO_BODY]
NAMES = ["article", "short", "escalate", "cookies", "forum", "line-break", "no-body"]
RUNS: list[dict[str, bool]] = [
    {"fast": True},
    {"precision": True},
    {"fast": True, "recall": True},
    {},
]


def _plain(tree: Any, run: dict[str, bool]) -> str:
    out = trafilatura.extract(
        tree,
        include_comments=False,
        deduplicate=False,
        fast=run.get("fast", False),
        favor_precision=run.get("precision", False),
        favor_recall=run.get("recall", False),
    )
    return out or ""


def test_the_release_is_the_one_checked() -> None:
    assert trafilatura.__version__ in VERIFIED  # else `text` is trafilatura.extract itself


def _norm(text: str) -> str:
    """An expression's text with its line breaks and indents (outside its strings) gone."""
    return " ".join(text.split()).replace("[ ", "[").replace(" ]", "]")


def test_the_gated_expressions_are_trafilaturas() -> None:
    """Each gated expression finds only elements that pass one of its gate's regular
    expressions (a predicate of `re:test` calls alone that every element found passes)."""
    scroll = (
        ".//*[self::div or self::section or self::aside]["
        f"re:test(@id, '{SCROLL_RE}') or re:test(@class, '{SCROLL_RE}')]["
        "not(.//h1) or re:test(@id, 'mvp-post-add-(?:box|wrap)') or "
        "re:test(@class, 'mvp-post-add-(?:box|wrap)')]"
    )
    assert _norm(RAW_TREE_PRUNE_XPATH[0].path) == scroll
    share = f".//*[self::div or self::section or self::aside][contains(@class, '{SHARE_BUTTONS}')]"
    assert [_norm(x.path) for x in RAW_TREE_PRUNE_XPATH[1:]] == [share]
    comments = (
        ".//*[self::div or self::list or self::section or self::details or self::ol or "
        f"self::ul][re:test(@id, '{COMMENTS_ID_RE}') or re:test(@class, '{COMMENTS_CLASS_RE}')]["
        "not(self::ol or self::ul) or re:test(@id, '^(?:[Cc]omment(?!ary)|comol)') or "
        f"re:test(@class, '{COMMENTS_CLASS_RE}')]"
    )
    assert [_norm(x.path) for x in REMOVE_COMMENTS_AND_LISTS_XPATH] == [comments]
    cookies = f"|.//*[re:test(@class, '{COOKIE_RE}', 'i') or re:test(@id, '{COOKIE_RE}', 'i')]"
    assert BASIC_CLEAN_XPATH.path == BASIC_CLEAN_TAGS + cookies


OPENED = {
    "article": (True, True, False),
    "short": (False, False, False),
    "cookies": (False, False, True),
    "line-break": (False, True, False),  # opens for nothing: trafilatura's own finds nothing
}


@pytest.mark.parametrize(("html", "name"), zip(PAGES, NAMES, strict=True), ids=NAMES)
def test_a_closed_gate_is_an_expression_that_finds_nothing(html: str, name: str) -> None:
    tree = load_page(html)
    gates = Gates(tree)
    if not gates.scroll:
        assert RAW_TREE_PRUNE_XPATH[0](tree) == []
    if not gates.share_buttons:
        assert RAW_TREE_PRUNE_XPATH[1](tree) == []
    if not gates.comments:
        assert REMOVE_COMMENTS_AND_LISTS_XPATH[0](tree) == []
    assert gates.basic_clean()(tree) == BASIC_CLEAN_XPATH(tree)
    if name in OPENED:
        assert (gates.scroll, gates.comments, gates.cookies) == OPENED[name]
        assert gates.share_buttons == (name == "article")
    if name == "line-break":
        assert REMOVE_COMMENTS_AND_LISTS_XPATH[0](tree) == []


@pytest.mark.parametrize("html", PAGES, ids=NAMES)
def test_the_page_text_is_measured_as_html2txt_measures_it(html: str) -> None:
    tree = load_page(html)
    assert page_text_length(tree, Gates(tree)) == len(html2txt(tree))
    if html is COOKIES:  # 5 banners (one with a Kelvin sign, one a long s), a footer, an svg
        assert len(BASIC_CLEAN_XPATH(tree)) == 7


@pytest.mark.parametrize("html", PAGES, ids=NAMES)
def test_each_run_is_trafilaturas(html: str) -> None:
    tree = load_page(html)
    before = etree.tostring(tree)
    extraction = PageExtraction(tree)
    for run in RUNS:  # in the order extract_text makes them, on one shared extraction
        assert extraction.text(**run) == _plain(tree, run), run
    assert etree.tostring(tree) == before  # the page's tree is left as it was


def test_on_another_release_it_is_trafilatura_extract(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(page_extract, "VERIFIED", frozenset())
    tree = load_page(ARTICLE)
    for run in RUNS:
        assert PageExtraction(tree).text(**run) == _plain(tree, run)


@pytest.mark.parametrize("html", PAGES, ids=NAMES)
def test_the_page_share_bound_never_decides_otherwise(html: str) -> None:
    tree = load_page(html)
    gates = Gates(tree)
    whole = len(html2txt(tree))
    for length in (0, 1, whole // 10, whole // 5 - 1, whole // 5, whole // 5 + 1, whole, 10**6):
        assert page_share_below(length, 0.2, tree, gates) == (length < 0.2 * whole)
