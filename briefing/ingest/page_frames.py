"""trafilatura's candidate frames of the main text, and its comments prune, found in Python.

Why this module exists: trafilatura's main extractor tries its `BODY_XPATH` expressions one
after the other on every run (the article's container: `articleBody`, `post-content`,
`story-body`, ...), and its raw-tree prune of comment sections evaluates
`REMOVE_COMMENTS_AND_LISTS_XPATH`. They test class and id against regular expressions with
`re:test`, a callback from libxml2 into Python for every element walked, and libxml2's walk
with `self::` tests costs about as much again: together about a tenth of a page's reading. Here
the same tests are made on the same elements, in document order, in Python: lxml's iterator
picks the elements by tag in C, each regular expression is searched once per distinct value
(`AttributeTests`), and a frame's search stops at its first element, the only one the main
extractor reads (`next(s for s in expr(tree) if s is not None)`).

The expressions must be of exactly the shape written here (`FRAMES`, `COMMENTS`; the patterns
are read from trafilatura's own expressions); otherwise `frame_patterns` is None and
trafilatura's expressions are used. An absent attribute is an empty string to XPath, and no
pattern here finds anything in one (checked when the patterns are read), so an absent or empty
value fails every test without a search.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any, Final

from briefing.ingest.page_discard import read_patterns

__all__ = [
    "COMMENTS",
    "FRAMES",
    "AttributeTests",
    "CommentSections",
    "Frame",
    "frame_patterns",
    "frames",
]

# trafilatura's five `BODY_XPATH` expressions, `{name}` where a pattern stands (whitespace
# between tokens as one space, none just inside brackets: `page_discard._norm`).
_TAGS4: Final = "self::article or self::div or self::main or self::section"
FRAMES: Final = (
    ".//*[" + _TAGS4 + "][@class='post' or @class='entry' or @itemprop='articleBody' or "
    "@id='articleContent' or re:test(@id, '{article_id}') or "
    "re:test(@class, '{article_class}')][1]",
    "(.//article)[1]",
    "(.//*[" + _TAGS4 + "][@role='article' or @id='article' or @id='story' or "
    "@class='postarea' or @class='art-postcontent' or @class='text' or @class='cell' or "
    "@class='story' or re:test(@id, '{story_id}') or re:test(@class, '{fulltext}', 'i') or "
    "re:test(@class, '{story_class}')])[1]",
    "(.//*[" + _TAGS4 + "][@id='content' or @class='content' or re:test(@id, '{main_id}') or "
    "re:test(@class, '{main_class}') or contains(translate(@id, 'CM','cm'), 'main-content') or "
    "contains(translate(@class, 'CM','cm'), 'main-content') or "
    "contains(translate(@class, 'CP','cp'), 'page-content')])[1]",
    "(.//*[self::article or self::div or self::section][starts-with(@class, 'main') or "
    "starts-with(@id, 'main') or starts-with(@role, 'main')])[1]|(.//main)[1]",
)
# and its raw-tree prune of comment sections and comment lists
COMMENTS: Final = (
    ".//*[self::div or self::list or self::section or self::details or self::ol or self::ul]["
    "re:test(@id, '{comments_id}') or re:test(@class, '{comments_class}')][not(self::ol or "
    "self::ul) or re:test(@id, '{list_id}') or re:test(@class, '{list_class}')]"
)
_IGNORE_CASE: Final = frozenset({"fulltext"})  # the patterns tested with flag "i"

_FRAME_TAGS: Final = ("article", "div", "main", "section")
_COMMENT_TAGS: Final = ("div", "list", "section", "details", "ol", "ul")


@cache
def frame_patterns() -> dict[str, re.Pattern[str]] | None:
    """The compiled patterns of trafilatura's `BODY_XPATH` and its comments prune (as lxml
    compiles a `re:test` pattern: flag "i" is IGNORECASE), or None when an expression is not
    of the shape written here or a pattern finds something in an empty string."""
    from trafilatura.xpaths import BODY_XPATH, REMOVE_COMMENTS_AND_LISTS_XPATH

    if len(BODY_XPATH) != len(FRAMES) or len(REMOVE_COMMENTS_AND_LISTS_XPATH) != 1:
        return None
    found: dict[str, str] = {}
    pairs = [*zip(FRAMES, BODY_XPATH, strict=True), (COMMENTS, REMOVE_COMMENTS_AND_LISTS_XPATH[0])]
    for template, xpath in pairs:
        read = read_patterns(template, xpath.path)
        if read is None:
            return None
        found |= read
    compiled = {
        name: re.compile(p, re.IGNORECASE if name in _IGNORE_CASE else 0)
        for name, p in found.items()
    }
    if any(p.search("") for p in compiled.values()):
        return None
    return compiled


class AttributeTests:
    """`re:test(@attribute, pattern)` on a value, each pattern searched once per distinct
    value (the answers do not depend on the page: one object may serve several)."""

    def __init__(self, patterns: dict[str, re.Pattern[str]]) -> None:
        self._patterns = patterns
        self._memo: dict[tuple[str, str], bool] = {}

    def test(self, name: str, value: str | None) -> bool:
        """Whether pattern `name` finds something in `value` (None: the attribute is
        absent, an empty string to XPath, in which no pattern finds anything)."""
        if not value:
            return False
        key = (name, value)
        hit = self._memo.get(key)
        if hit is None:
            hit = self._memo[key] = self._patterns[name].search(value) is not None
        return hit


def _lower(value: str, letters: str) -> str:
    """XPath's `translate(value, 'AB', 'ab')` for `letters` = "AB"."""
    for c in letters:
        value = value.replace(c, c.lower())
    return value


class Frame:
    """One of `BODY_XPATH`'s expressions: called on a tree, a list of the first element it
    finds (or none), which is all the main extractor reads of its result."""

    def __init__(self, index: int, tags: tuple[str, ...], test: Callable[[Any], bool]) -> None:
        self.index, self._tags, self._test = index, tags, test

    def __call__(self, tree: Any) -> list[Any]:
        test = self._test
        for element in tree.iterdescendants(*self._tags):
            if test(element):
                return [element]
        return []

    def __str__(self) -> str:  # the main extractor logs the frame it took
        return f"BODY_XPATH[{self.index}] (briefing.ingest.page_frames)"


def frames(tests: AttributeTests) -> list[Frame]:
    """`BODY_XPATH`'s five expressions, in order, as `Frame`s."""
    t = tests.test

    def article_body(el: Any) -> bool:
        get = el.get
        cls, ident = get("class"), get("id")
        return (
            cls == "post"
            or cls == "entry"
            or get("itemprop") == "articleBody"
            or ident == "articleContent"
            or t("article_id", ident)
            or t("article_class", cls)
        )

    def story(el: Any) -> bool:
        get = el.get
        cls, ident = get("class"), get("id")
        return (
            get("role") == "article"
            or ident in ("article", "story")
            or cls in ("postarea", "art-postcontent", "text", "cell", "story")
            or t("story_id", ident)
            or t("fulltext", cls)
            or t("story_class", cls)
        )

    def main_content(el: Any) -> bool:
        get = el.get
        cls, ident = get("class") or "", get("id") or ""
        return (
            ident == "content"
            or cls == "content"
            or t("main_id", ident)
            or t("main_class", cls)
            or "main-content" in _lower(ident, "CM")
            or "main-content" in _lower(cls, "CM")
            or "page-content" in _lower(cls, "CP")
        )

    def main(el: Any) -> bool:  # the first <main>, or the first block named main, whichever first
        if el.tag == "main":
            return True
        get = el.get
        return any((get(name) or "").startswith("main") for name in ("class", "id", "role"))

    return [
        Frame(0, _FRAME_TAGS, article_body),
        Frame(1, ("article",), lambda el: True),
        Frame(2, _FRAME_TAGS, story),
        Frame(3, _FRAME_TAGS, main_content),
        Frame(4, _FRAME_TAGS, main),
    ]


class CommentSections:
    """`REMOVE_COMMENTS_AND_LISTS_XPATH[0]`: called on a tree, the list of what it finds, in
    document order (comment sections; comment lists only by their own comment names)."""

    def __init__(self, tests: AttributeTests) -> None:
        self._test = tests.test

    def __call__(self, tree: Any) -> list[Any]:
        t = self._test
        out = []
        for el in tree.iterdescendants(*_COMMENT_TAGS):
            get = el.get
            cls, ident = get("class"), get("id")
            if (t("comments_id", ident) or t("comments_class", cls)) and (
                el.tag not in ("ol", "ul") or t("list_id", ident) or t("list_class", cls)
            ):
                out.append(el)
        return out
