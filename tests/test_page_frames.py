"""`page_frames` finds what trafilatura's `BODY_XPATH` and comments prune find.

Each `Frame` must give the first element its expression finds (the only one the main extractor
reads), `CommentSections` the whole list in the same order, on hand-written pages (every test of
the expressions passing and failing) and on random trees; the patterns must be read from
trafilatura's own expressions, and an expression of another shape leaves trafilatura's in use.
"""

from __future__ import annotations

import random
from copy import copy
from typing import Any

import pytest
from lxml import etree  # type: ignore[import-untyped]
from trafilatura import main_extractor, xpaths
from trafilatura.htmlprocessing import convert_tags, tree_cleaning
from trafilatura.settings import Extractor
from trafilatura.xpaths import BODY_XPATH, REMOVE_COMMENTS_AND_LISTS_XPATH

from briefing.ingest import page_frames
from briefing.ingest.page_frames import AttributeTests, CommentSections, frame_patterns, frames
from briefing.ingest.page_prune import faster_pruning
from briefing.ingest.page_tree import load_page

_P = "<p>Some words of a paragraph.</p>"

PAGES = [
    # the first frame: equality tests, then patterns of id and class; an earlier sibling fails
    f"""<html><body><div class="posts">{_P}</div><section class="x"><div class="nothing">
    <article itemprop="articleBody">{_P}</article></div></section><div class="post">{_P}</div>
    <div class="entry">e</div><main id="articleContent">m</main><div id="my-article-content">
    i</div><div class="wrap post_content">{_P}</div></body></html>""",
    # per-parent first ([1]) against document order: a nested match comes first
    f"""<html><body><div><div><div class="article-body">{_P}</div></div>
    <div class="post-entry">{_P}</div></div><div class="articleText">{_P}</div></body></html>""",
    # the second and third frames: <article>, role, ids, the case-blind "fulltext"
    f"""<html><body><span class="story">not a frame's tag</span><div class="FullText">f</div>
    <div role="article">{_P}</div><section id="story">s</section><div id="primary-col">p</div>
    <div class="article lead">a</div><div class="articles">no</div><article>{_P}</article>
    </body></html>""",
    """<html><body><div class="cell">c</div><div id="article">a</div><main class="postarea">
    m</main><div class="x wpb_text_column">w</div><div id="x-story-body">s</div></body></html>""",
    # the fourth frame: equalities, patterns, translate() of two letters each
    f"""<html><body><div class="PAGE-CONTENT">not: only C and P are lowered</div>
    <div class="Page-Content">{_P}</div><div id="Main-Content">m</div>
    <div class="content_main">c</div><div id="contentBody">b</div><div id="content">x</div>
    <section class="content">y</section><div class="MAIN-CONTENT">no</div></body></html>""",
    # the fifth frame: starts-with on class, id and role, or the first <main>
    f"""<html><body><div class="x main">no</div><p class="main">not a frame's tag</p>
    <section role="mainstream">{_P}</section><main>m</main><div id="main">i</div></body></html>""",
    f"""<html><body><main class="first">{_P}</main><div class="main-col">d</div></body></html>""",
    f"""<html><body><div id="mainly">{_P}</div><main>m</main></body></html>""",
    # nothing of any frame
    f"""<html><body><div class="wrapper"><p class="post">{_P}</p></div></body></html>""",
    # comment sections and lists: ids and classes, lists only by their comment names
    f"""<html><body><div id="comments">c</div><div id="commentary">not</div>
    <ul class="comment-list"><li>l</li></ul><ol id="disqus_thread"><li>not a list's</li></ol>
    <ol id="comol">o</ol><section class="article-comments">s</section>
    <details class="Comments">d</details><div class="x-comment">not</div>
    <ul class="post-comments">p</ul><div id="dsq-comments"><div id="comment-1">{_P}</div></div>
    <span id="comments">not a tag of it</span><list class="comment">l</list></body></html>""",
]

_OPTIONS = Extractor(output_format="txt", fast=True, comments=False, dedup=False)


def _trees(html: str) -> list[Any]:
    tree = load_page(html)
    cleaned = convert_tags(tree_cleaning(copy(tree), _OPTIONS), _OPTIONS, None)
    return [tree, cleaned]


def _tests() -> AttributeTests:
    patterns = frame_patterns()
    assert patterns is not None  # trafilatura's expressions are of the shapes written there
    return AttributeTests(patterns)


def _check(tree: Any, tests: AttributeTests) -> None:
    """Each frame against its expression, then again with what they found made a plain
    element (its children kept), until they find nothing: every element either would find,
    in turn."""
    (comments,) = REMOVE_COMMENTS_AND_LISTS_XPATH
    assert CommentSections(tests)(tree) == comments(tree)
    for frame, expression in zip(frames(tests), BODY_XPATH, strict=True):
        work = copy(tree)
        while True:
            found = frame(work)
            assert found == expression(work)[:1]
            if not found:
                break
            found[0].tag = "x"
            found[0].attrib.clear()


@pytest.mark.parametrize("html", PAGES)
def test_each_frame_is_its_expression(html: str) -> None:
    tests = _tests()
    for tree in _trees(html):
        _check(tree, tests)


def test_the_pages_test_what_they_should() -> None:
    tests = _tests()
    found = [sum(bool(e(load_page(h))) for h in PAGES) for e in BODY_XPATH]
    assert all(n >= 1 for n in found)  # every frame found on some pages, not on others
    assert all(n < len(PAGES) for n in found)
    (comments,) = REMOVE_COMMENTS_AND_LISTS_XPATH
    assert len(CommentSections(tests)(load_page(PAGES[-1]))) == len(comments(load_page(PAGES[-1])))
    assert len(comments(load_page(PAGES[-1]))) >= 8


_TAGS = ["div", "section", "article", "main", "span", "ul", "ol", "list", "details", "p"]
_VALUES = [
    "post", "entry", "article-content", "x post-text", "story", "story-body", "FULLTEXT",
    "article lead", "main", "main-x", "xmain", "content", "page-Content", "Main-Content",
    "content-body", "comments", "Comment-1", "commentary", "comol", "disqus_thread",
    "post-comments", "primary", "articleContent", "articleBody", "article", "cell", "",
]  # fmt: skip
_ATTRIBUTES = ["class", "id", "role", "itemprop"]


def _random_tree(rng: random.Random, size: int) -> Any:
    root = etree.Element("html")
    body = etree.SubElement(root, "body")
    elements = [body]
    for _ in range(size):
        el = etree.SubElement(rng.choice(elements), rng.choice(_TAGS))
        for name in rng.sample(_ATTRIBUTES, rng.randint(0, 2)):
            el.set(name, rng.choice(_VALUES))
        elements.append(el)
    return root


@pytest.mark.parametrize("seed", range(30))
def test_random_trees(seed: int) -> None:
    rng = random.Random(seed)
    _check(_random_tree(rng, rng.randint(1, 200)), _tests())


def test_a_test_is_searched_once_per_value() -> None:
    tests = _tests()
    assert tests.test("article_class", "post-content") is True
    assert tests.test("article_class", "nothing") is False
    assert tests.test("article_class", None) is False
    assert tests.test("fulltext", "FullText") is True  # flag "i"
    assert tests._memo == {
        ("article_class", "post-content"): True,
        ("article_class", "nothing"): False,
        ("fulltext", "FullText"): True,
    }


def test_the_frames_are_in_place_only_in_the_block() -> None:
    own = main_extractor.__dict__["BODY_XPATH"]
    assert own is xpaths.BODY_XPATH
    with faster_pruning(_tests()):
        in_place = main_extractor.__dict__["BODY_XPATH"]
        assert all(isinstance(f, page_frames.Frame) for f in in_place)
    assert main_extractor.__dict__["BODY_XPATH"] is own
    with faster_pruning():  # no tests: trafilatura's own frames
        assert main_extractor.__dict__["BODY_XPATH"] is own
    with pytest.raises(RuntimeError), faster_pruning(_tests()):
        raise RuntimeError
    assert main_extractor.__dict__["BODY_XPATH"] is own


def test_an_expression_of_another_shape_is_left_to_xpath(monkeypatch: pytest.MonkeyPatch) -> None:
    changed = [*BODY_XPATH[:-1], etree.XPath("(.//main)[1]")]
    monkeypatch.setattr(xpaths, "BODY_XPATH", changed)
    frame_patterns.cache_clear()
    try:
        assert frame_patterns() is None
    finally:
        monkeypatch.undo()
        frame_patterns.cache_clear()
    assert frame_patterns() is not None
