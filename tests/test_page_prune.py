"""`page_prune` is trafilatura's guarded prune, its outermost test cheaper: the same result.

`outermost` must keep exactly the found elements with no found ancestor, in their order;
`prune_unwanted_nodes` must leave the very tree trafilatura's leaves, with the guard (nothing
pruned when nearly all the text would go) and without; `faster_pruning` must put trafilatura's
own function back, even after an error.
"""

from __future__ import annotations

import random
from copy import deepcopy
from typing import Any

import pytest
from lxml import etree  # type: ignore[import-untyped]
from trafilatura import external, main_extractor
from trafilatura.htmlprocessing import prune_unwanted_nodes as theirs
from trafilatura.xpaths import OVERALL_DISCARD_XPATH

from briefing.ingest.page_prune import faster_pruning, outermost, prune_unwanted_nodes
from briefing.ingest.page_tree import load_page


def _naive(found: list[Any]) -> list[Any]:
    keys = dict.fromkeys(found)
    return [e for e in keys if not any(a in keys for a in e.iterancestors())]


def _random_tree(rng: random.Random, size: int) -> Any:
    root = etree.Element("root")
    elements = [root]
    for _ in range(size):
        elements.append(etree.SubElement(rng.choice(elements), "e"))
    return root


@pytest.mark.parametrize("seed", range(20))
def test_outermost_is_the_naive_test(seed: int) -> None:
    rng = random.Random(seed)
    root = _random_tree(rng, rng.randint(1, 300))
    everything = list(root.iter())
    found = rng.sample(everything, rng.randint(0, len(everything)))  # any order, as found
    assert outermost(found) == _naive(found)
    assert outermost(dict.fromkeys(found)) == _naive(found)


_TEXT = "A sentence of the article that is long enough to count for something here. " * 3

PAGES = [
    # boilerplate nested in boilerplate, beside the article
    f"""<html><body><div class="article"><p>{_TEXT}</p><p>{_TEXT}</p>
    <div class="share-buttons"><div class="social">Share <span class="social">x</span></div>
    <p style="display:none">hidden</p></div></div>
    <div id="sidebar"><div class="widget"><p>Widget</p><div class="widget">Inner</div></div>
    </div><div class="footer">Footer<div class="meta">Meta</div></div>tail text</body></html>""",
    # nearly all the text is boilerplate: the guard keeps the tree as it is
    f"""<html><body><div class="sidebar"><p>{_TEXT}</p><div class="banner">{_TEXT}</div></div>
    <p>short</p></body></html>""",
    "<html><body><p>No boilerplate at all here.</p></body></html>",
]


@pytest.mark.parametrize("html", PAGES)
def test_the_prune_leaves_trafilaturas_tree(html: str) -> None:
    for frame in (".//body", ".//div"):
        ours, plain = load_page(html), load_page(html)
        ours_frame, plain_frame = ours.find(frame), plain.find(frame)
        if plain_frame is None:
            continue
        prune_unwanted_nodes(ours_frame, OVERALL_DISCARD_XPATH, with_backup=True)
        theirs(plain_frame, OVERALL_DISCARD_XPATH, with_backup=True)
        assert etree.tostring(ours) == etree.tostring(plain)
    ours, plain = load_page(html), load_page(html)
    prune_unwanted_nodes(ours, OVERALL_DISCARD_XPATH)
    theirs(plain, OVERALL_DISCARD_XPATH)
    assert etree.tostring(ours) == etree.tostring(plain)


def test_the_guard_is_kept() -> None:
    tree = load_page(PAGES[1])
    before = deepcopy(tree)
    prune_unwanted_nodes(tree, OVERALL_DISCARD_XPATH, with_backup=True)
    assert etree.tostring(tree) == etree.tostring(before)


def test_trafilaturas_own_is_back_after_the_block() -> None:
    own = main_extractor.__dict__["prune_unwanted_nodes"]
    assert own is theirs  # the main extractor calls htmlprocessing's own
    with faster_pruning():
        assert main_extractor.__dict__["prune_unwanted_nodes"] is prune_unwanted_nodes
        assert external.__dict__["prune_unwanted_nodes"] is prune_unwanted_nodes
    assert main_extractor.__dict__["prune_unwanted_nodes"] is own
    assert external.__dict__["prune_unwanted_nodes"] is own
    with pytest.raises(RuntimeError), faster_pruning():
        raise RuntimeError
    assert main_extractor.__dict__["prune_unwanted_nodes"] is own


# Every test of the two expressions passing and failing, `@id|@class` in both orders.
_DISCARD_PAGE = """<html><body>
<div data-lp-replacement-content="">lp</div><section role="NAVigation">nav</section>
<span role="main">not nav</span><p data-component="xMostPopularStoriesy">popular</p>
<div id="cookie-x" class="plain">cookie first</div><div class="plain" id="cookie-x">id second</div>
<div id="share-box">share</div><div class="sidebar-left">sidebar</div><list class="tags">t</list>
<item id="nav-top">nav id</item><a class="social">an a: only the second expression</a>
<b class="comments-title">title</b><i id="reply-1">reply</i><i class="x" id="reply-2">reply 2</i>
<u style="color: red" id="hidden-1">style first</u><u id="hidden-2" style="x">id first</u>
<em style="display:none">none</em><em style="display: none">none 2</em>
<strong id="akismet-1">akismet</strong><strong class="hide-me">hide</strong>
<strong class="x hidden">hidden</strong><strong aria-hidden="true">aria</strong>
<strong aria-hidden="false" class="article">kept</strong><p>no attributes</p>
<div class="banner"><div class="banner">nested</div></div></body></html>"""


def test_the_discarded_sections_are_the_expressions_own() -> None:
    from trafilatura.xpaths import OVERALL_DISCARD_XPATH as expressions

    from briefing.ingest.page_discard import discard_patterns, discarded

    patterns = discard_patterns()
    assert patterns is not None  # trafilatura's expressions are of the shape written there
    for html in [_DISCARD_PAGE, *PAGES]:
        tree = load_page(html)
        theirs_found = [e for expression in expressions for e in expression(tree)]
        assert discarded(tree, patterns) == theirs_found
    found = discarded(load_page(_DISCARD_PAGE), patterns)
    assert len(found) >= 15 and "kept" not in [e.text for e in found]


def test_an_expression_of_another_shape_is_left_to_xpath(monkeypatch: pytest.MonkeyPatch) -> None:
    from lxml.etree import XPath  # type: ignore[import-untyped]

    from briefing.ingest import page_discard

    other = [XPath(".//*[@class='x']"), XPath(".//*[@id='y']")]
    monkeypatch.setattr("trafilatura.xpaths.OVERALL_DISCARD_XPATH", other)
    page_discard.discard_patterns.cache_clear()
    try:
        assert page_discard.discard_patterns() is None
    finally:
        monkeypatch.undo()
        page_discard.discard_patterns.cache_clear()
    assert page_discard.discard_patterns() is not None


def test_the_unguarded_prune_leaves_trafilaturas_tree() -> None:
    # sections both expressions find, nested in each other, and tails to keep
    nested = """<html><body><p>Lead.</p><div class="share"><p style="display:none">x</p>
    <span aria-hidden="true">y</span>tail one</div>tail two<div aria-hidden="true">
    <section class="sidebar">z</section>tail three</div><p>End.</p></body></html>"""
    for html in [nested, _DISCARD_PAGE, *PAGES]:
        tree = load_page(html)
        ours, expected = deepcopy(tree), deepcopy(tree)
        prune_unwanted_nodes(ours, OVERALL_DISCARD_XPATH)
        theirs(expected, OVERALL_DISCARD_XPATH)
        assert etree.tostring(ours) == etree.tostring(expected)
