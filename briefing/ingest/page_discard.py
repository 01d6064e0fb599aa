"""trafilatura's search for boilerplate sections (`OVERALL_DISCARD_XPATH`), made in Python.

Why this module exists: trafilatura's main extractor prunes each candidate frame, and for a
short result the whole page again, with the elements its two `OVERALL_DISCARD_XPATH`
expressions find (share and social boxes, sidebars, bylines, hidden and reply blocks...). Both
test class, id and style against regular expressions through `re:test`, a callback from
libxml2 into Python for every element walked: after the other savings of `page_extract`, the
largest cost of a page's reading. `discarded(tree)` finds the same elements in the same order:
only elements that have attributes can pass (no test passes on absent attributes: checked when
the patterns are read), so only those are looked at, each test is the expression's own on the
same values (`@id|@class` is the first of the two in the element's attribute order, as XPath
takes it), and each pattern is searched once per distinct value.

The patterns are read from trafilatura's expressions themselves, which must have exactly the
shape written here (`EXPRESSIONS`); otherwise `discard_patterns` is None and trafilatura's own
expressions are used.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any, Final

__all__ = ["EXPRESSIONS", "discard_patterns", "discarded", "read_patterns"]

# trafilatura's two expressions, `{name}` where a pattern stands (whitespace between tokens
# as one space, none just inside brackets).
EXPRESSIONS: Final = (
    ".//*[self::div or self::item or self::list or self::p or self::section or self::span]["
    "@data-lp-replacement-content or contains(translate(@role, 'N', 'n'), 'nav') or "
    "contains(@data-component, 'MostPopularStories') or re:test(@id|@class, '{first}') or "
    "re:test(@id, '{ids}') or re:test(@class, '{classes}')]",
    ".//*[@class='comments-title' or starts-with(@id|@class, 'reply-') or "
    "re:test(@id|@style, '{hidden}') or contains(@style, 'display:none') or "
    "contains(@style, 'display: none') or re:test(@id, '{ids2}') or "
    "re:test(@class, '{classes2}') or @aria-hidden='true']",
)
_FIRST_TAGS: Final = frozenset({"div", "item", "list", "p", "section", "span"})


def _norm(path: str) -> str:
    return " ".join(path.split()).replace("[ ", "[").replace(" ]", "]")


def read_patterns(template: str, path: str) -> dict[str, str] | None:
    """The patterns of an expression (`path`) of this template's shape (`{name}` where a
    pattern stands, whitespace as `_norm` leaves it), or None if it is not of that shape."""
    pieces = re.split(r"\{(\w+)\}", template)
    rx = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>[^']*)" for i, p in enumerate(pieces))
    m = re.fullmatch(rx, _norm(path))
    return m.groupdict() if m else None


@cache
def discard_patterns() -> dict[str, re.Pattern[str]] | None:
    """The compiled patterns of trafilatura's `OVERALL_DISCARD_XPATH` (as lxml compiles a
    `re:test` pattern without flags), or None when its expressions are not of `EXPRESSIONS`'
    shape or a pattern would pass an absent attribute (an empty string)."""
    from trafilatura.xpaths import OVERALL_DISCARD_XPATH

    if len(OVERALL_DISCARD_XPATH) != len(EXPRESSIONS):
        return None
    found: dict[str, str] = {}
    for template, xpath in zip(EXPRESSIONS, OVERALL_DISCARD_XPATH, strict=True):
        read = read_patterns(template, xpath.path)
        if read is None:
            return None
        found |= read
    compiled = {name: re.compile(p) for name, p in found.items()}
    if any(p.search("") for p in compiled.values()):
        return None
    return compiled


@cache
def _with_attributes() -> Any:
    from lxml.etree import XPath  # type: ignore[import-untyped]

    return XPath(".//*[@*]")


def _first(keys: list[str], element: Any, a: str, b: str) -> str:
    """`@a|@b` as a string: the value of whichever comes first among the element's
    attributes, "" when it has neither."""
    for key in keys:
        if key in (a, b):
            return str(element.get(key))
    return ""


def discarded(tree: Any, patterns: dict[str, re.Pattern[str]]) -> list[Any]:
    """`[e for expression in OVERALL_DISCARD_XPATH for e in expression(tree)]`."""
    memo: dict[tuple[str, str], bool] = {}

    def test(name: str, value: str) -> bool:
        if not value:
            return False  # no pattern passes an empty string (`discard_patterns`)
        key = (name, value)
        hit = memo.get(key)
        if hit is None:
            hit = memo[key] = patterns[name].search(value) is not None
        return hit

    first: list[Any] = []
    second: list[Any] = []
    for el in _with_attributes()(tree):
        keys = el.keys()
        get = el.get
        if el.tag in _FIRST_TAGS and (
            "data-lp-replacement-content" in keys
            or "nav" in (get("role") or "").replace("N", "n")
            or "MostPopularStories" in (get("data-component") or "")
            or test("first", _first(keys, el, "id", "class"))
            or test("ids", get("id") or "")
            or test("classes", get("class") or "")
        ):
            first.append(el)
        style = get("style") or ""
        if (
            get("class") == "comments-title"
            or _first(keys, el, "id", "class").startswith("reply-")
            or test("hidden", _first(keys, el, "id", "style"))
            or "display:none" in style
            or "display: none" in style
            or test("ids2", get("id") or "")
            or test("classes2", get("class") or "")
            or get("aria-hidden") == "true"
        ):
            second.append(el)
    return first + second
