"""A page's tree is trafilatura's own, parsed cheaper; the build splits pages by their cost.

`page_tree.load_page` must give the very tree `trafilatura.utils.load_html` gives (same
markup, same element classes, same rejections), so that the extraction, the dates and the
metadata read from it stay the same. `workers.reading_weight` weighs a page by what it costs to
read, not by the size of its HTML.
"""

from __future__ import annotations

from typing import Any

import pytest
from lxml import etree  # type: ignore[import-untyped]
from lxml import html as lxml_html
from trafilatura.utils import load_html

from briefing.build.workers import PAGE_TEXT_CHARS, reading_weight
from briefing.ingest.page_tree import ELEMENT_CLASSES, load_page
from briefing.models import RawDocument

_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>A title | Site</title>
<script>var x = "<p>not text</p>";</script><style>p { color: red }</style></head>
<body><!-- a comment --><?pi here?>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>The headline</h1><p>First paragraph &amp; an entity, <b>bold</b> text.</p>
<form action="/search"><label for="q">Search</label><input id="q" name="q" type="text">
<select name="s"><option>a</option></select><textarea name="t">x</textarea></form>
<p>Second paragraph.<br>After a break</p></article>
<footer>Footer</footer></body></html>"""

PAGES = [
    _PAGE,
    "<html><body><p>Just a paragraph</p></body></html>",
    '<?xml version="1.0" encoding="utf-8"?><html><body><p>Declared as XML</p></body></html>',
    "<div><p>A fragment</p><p>Another block</p></div>",
    "<p>One block, no html tag</p>",
    "plain text, no markup at all",
    "<html/>\n<body><p>A self-closing html tag</p></body>",
    "<html><body><p>Control \x0b character</p></body></html>",
]


def _shape(tree: Any) -> list[tuple[str, str]]:
    return [(str(el.tag), type(el).__name__) for el in tree.iter()]


@pytest.mark.parametrize("html", PAGES)
def test_the_tree_is_trafilaturas_own(html: str) -> None:
    ours, theirs = load_page(html), load_html(html)
    assert (ours is None) == (theirs is None)
    if ours is None:
        return
    assert isinstance(ours, lxml_html.HtmlElement)
    assert etree.tostring(ours, encoding="unicode") == etree.tostring(theirs, encoding="unicode")
    assert _shape(ours) == _shape(theirs)  # every element of the same class


def test_the_element_classes_are_lxml_htmls() -> None:
    tags = [*ELEMENT_CLASSES, "p", "div", "a", "body", "span", "o:p", "custom-tag"]
    html = "<html><body>" + "".join(f"<{t}>x</{t}>" for t in tags) + "</body></html>"
    ours, theirs = load_page(html), lxml_html.document_fromstring(html)
    assert _shape(ours) == _shape(theirs)
    assert {t: type(ours.find(f".//{t}")) for t in ELEMENT_CLASSES} == ELEMENT_CLASSES


def _raw(text: str, page: bool) -> RawDocument:
    fields = {"page": "html"} if page else {}
    return RawDocument(id="a", path="a", text=text, content_hash="h", fields=fields)


def test_a_page_weighs_its_extraction_more_than_its_size() -> None:
    small, large = _raw("<p>x</p>" * 1_000, True), _raw("<p>x</p>" * 30_000, True)
    assert reading_weight(_raw("word " * 1_000, False)) == 5_000  # text: its length
    assert reading_weight(small) >= PAGE_TEXT_CHARS
    # thirty times the HTML costs well under twice as much to read
    assert reading_weight(large) < 2 * reading_weight(small)


_REPAIRS = [
    *PAGES,
    '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0//EN" />\n<html><body><p>x</p></body></html>',
    "<!doctype html>\n<html/>\n<body>\x00<p>NUL \x1f and \ufffe \uffff and \x7f kept</p></body>",
    "<html><body><p>Tab\there, new\nline and \r return kept</p></body></html>",
    "",
]


@pytest.mark.parametrize("html", _REPAIRS)
def test_the_repairs_are_trafilaturas_own(html: str) -> None:
    from trafilatura.utils import repair_faulty_html

    from briefing.ingest.page_tree import repair_html

    beginning = html[:50].lower()
    assert repair_html(html, beginning) == repair_faulty_html(html, beginning)


def test_the_control_characters_are_trafilaturas() -> None:
    from trafilatura.utils import INVALID_XML_CHARS

    from briefing.ingest.page_tree import CONTROL_CHARACTERS, _own_repair

    assert _own_repair()  # the release and the character class this module knows
    deleted = [chr(c) for c in range(0x110000) if INVALID_XML_CHARS.fullmatch(chr(c))]
    assert "".join(deleted) == CONTROL_CHARACTERS


def test_squashed_spaces_are_the_regular_expressions() -> None:
    import re

    from briefing.ingest.text import squash_spaces

    space = re.compile(r"\s+")
    # every character a regular expression's `\s` takes is white space to `str.split`, and
    # no other: squashing by either is the same
    assert all((space.fullmatch(chr(c)) is not None) == chr(c).isspace() for c in range(0x110000))
    for text in ["", "  ", " a  b\t\nc\u00a0d\u2028e\x1cf ", "\u3000word\u3000", "one"]:
        assert squash_spaces(text) == space.sub(" ", text).strip()
