"""trafilatura's main-text extraction of one page, its runs sharing the work they have in common.

Why this module exists: trafilatura is most of a page's reading cost, and `html.extract_text`
runs it up to three times on the same tree (fast; then, on a suspicious result, precision and
fast recall). `PageExtraction(tree).text(...)` returns exactly what
`trafilatura.extract(tree, include_comments=False, deduplicate=False, ...)` returns: the same
steps of trafilatura's `bare_extraction`, `trafilatura_sequence` and text output, in the same
order, on the same trees, without work whose result is the same every time or never read:

- the copy of the raw tree and its two prunes (infinite-scroll containers, comment sections)
  are made once per page, not once per run (nothing after them changes that tree: every later
  step works on a copy of its own), and not at all when the prunes find nothing;
- an XPath expression of trafilatura's that can only find an element whose class or id matches
  one of its regular expressions is not evaluated when no class or id of the page matches them
  (`Gates`): its result would be empty. Those expressions test the regular expressions by a
  callback into Python for every element they walk (5 ms a page for `html2txt`'s cookie-banner
  part alone), while the page's classes and ids are read once, in C, and searched at once.
  This gates the two prunes above (and the second raw-tree prune, a plain `contains()` of a
  class that costs as much to evaluate) and `html2txt`'s sections to delete;
- the main extractor's guarded prune of boilerplate sections finds their outermost ones
  without walking every one's ancestors to the root (`page_prune`);
- the main extractor's candidate frames (`BODY_XPATH`) and the comments prune are found in
  Python, each regular expression searched once per distinct class or id (`page_frames`);
- in fast mode, the copy of the cleaned tree that only the comparison with trafilatura's
  fallback extractors reads is not made;
- the page-share check of trafilatura's recall escalation (a short result under a fifth of the
  whole page's text, measured by `html2txt`) is first made against a bound on that text's
  length, read off the tree without copying it; only when the bound cannot settle it is the
  text measured, by `html2txt`'s own steps, gated as above (`page_share_below`,
  `page_text_length`).

Only on the trafilatura release this was checked against (`VERIFIED`: the tests compare it
with `trafilatura.extract` run by run); on any other, `text` is `trafilatura.extract` itself.
"""

from __future__ import annotations

import re
from copy import copy
from functools import cache, cached_property
from typing import Any, Final

from briefing.ingest.page_frames import AttributeTests, CommentSections, frame_patterns
from briefing.ingest.page_prune import faster_pruning

__all__ = [
    "SHARE_BUTTONS",
    "VERIFIED",
    "Gates",
    "PageExtraction",
    "page_share_below",
    "page_text_length",
    "verified",
]

# The releases whose steps this module repeats (trafilatura's `__version__`).
VERIFIED: Final = frozenset({"2.3.1"})

# The regular expressions of trafilatura's `re:test` calls (lxml runs them with Python's `re`,
# `search` on the attribute's value; flag "i" is IGNORECASE), for three expressions each of
# whose elements must pass one of them: its raw-tree prune of infinite-scroll containers
# (`xpaths.RAW_TREE_PRUNE_XPATH[0]`), its prune of comment sections and lists
# (`xpaths.REMOVE_COMMENTS_AND_LISTS_XPATH[0]`), and the last part of `html2txt`'s sections
# to delete (`settings.BASIC_CLEAN_XPATH`, cookie banners). `tests/test_page_extract.py` pins
# that the expressions are these.
SCROLL_RE: Final = "mvp-post-add-(?:box|wrap)|infinite-?scroll"
# and the second raw-tree prune (`RAW_TREE_PRUNE_XPATH[1]`) finds elements whose class holds this
SHARE_BUTTONS: Final = "elementor-share-buttons"
COMMENTS_ID_RE: Final = "^(?:[Cc]omment(?!ary)|comol|disqus_thread|dsq-comments)"
COMMENTS_CLASS_RE: Final = "^[Cc]omment(?!ary)|(?:article|post)-comments"
COOKIE_RE: Final = (
    "cookie[-_]?(?:banner|bar|consent|law|notice|policy|description)|notice[-_]{0,2}cookie"
    "|consent[-_]?(?:banner|manager|sdk)|borlabs|cookiebot|cmplz|onetrust|moove[-_]?gdpr"
)
# `BASIC_CLEAN_XPATH` is this, then `|.//*[re:test(@class, COOKIE_RE, 'i') or re:test(@id, ...)]`.
BASIC_CLEAN_TAGS: Final = (
    ".//aside|.//div[contains(@class|@id, 'footer')]|.//fencedframe|.//footer|.//script"
    "|.//style|.//svg|.//template"
)


def _compiled(*patterns: str, flags: int = 0) -> tuple[re.Pattern[str], ...]:
    # MULTILINE: `^` at the start of each value of the page's classes and ids, one a line
    return tuple(re.compile(p, flags | re.MULTILINE) for p in patterns)


_SCROLL: Final = _compiled(SCROLL_RE)
_COMMENTS: Final = _compiled(COMMENTS_ID_RE, COMMENTS_CLASS_RE)
_COOKIE: Final = _compiled(COOKIE_RE, flags=re.IGNORECASE)


@cache
def _classes_and_ids() -> Any:
    from lxml.etree import XPath  # type: ignore[import-untyped]

    return XPath(".//@class|.//@id", smart_strings=False)


class Gates:
    """Which of the gated expressions can find anything in a page (or any tree made from it by
    deleting elements, whose classes and ids are some of the page's).

    The page's classes and ids are one text, a value a line; an element whose class or id
    matches a regular expression makes that text match it (a value that holds a line break
    can only make it match where the value would not: the gate then opens for nothing, and
    the expression itself decides)."""

    def __init__(self, tree: Any) -> None:
        self._text = "\n".join(_classes_and_ids()(tree))

    @cached_property
    def scroll(self) -> bool:
        return any(p.search(self._text) for p in _SCROLL)

    @cached_property
    def share_buttons(self) -> bool:  # a substring, not a pattern: `SHARE_BUTTONS`
        return SHARE_BUTTONS in self._text

    @cached_property
    def comments(self) -> bool:
        return any(p.search(self._text) for p in _COMMENTS)

    @cached_property
    def cookies(self) -> bool:  # read only when the page's text is measured
        return any(p.search(self._text) for p in _COOKIE)

    @cached_property
    def tests(self) -> AttributeTests | None:
        """The page's class and id tests of `page_frames` (None: trafilatura's expressions
        are not of the shape it knows, and its own are used)."""
        patterns = frame_patterns()
        return None if patterns is None else AttributeTests(patterns)

    def raw_prune(self) -> list[Any]:
        """`RAW_TREE_PRUNE_XPATH`, less each of its two expressions that can find nothing."""
        from trafilatura.xpaths import RAW_TREE_PRUNE_XPATH

        scroll, share = RAW_TREE_PRUNE_XPATH
        return [x for x, may in ((scroll, self.scroll), (share, self.share_buttons)) if may]

    def comments_prune(self) -> list[Any]:
        """`REMOVE_COMMENTS_AND_LISTS_XPATH`, or nothing when it can find nothing; its
        expression made in Python when `page_frames` knows its shape (`CommentSections`)."""
        from trafilatura.xpaths import REMOVE_COMMENTS_AND_LISTS_XPATH

        if not self.comments:
            return []
        if self.tests is not None:
            return [CommentSections(self.tests)]
        return list(REMOVE_COMMENTS_AND_LISTS_XPATH)

    def basic_clean(self) -> Any:
        """`BASIC_CLEAN_XPATH`, or its parts by tag alone when its cookie part can find
        nothing."""
        from trafilatura.settings import BASIC_CLEAN_XPATH

        return BASIC_CLEAN_XPATH if self.cookies else _basic_clean_tags()


@cache
def _basic_clean_tags() -> Any:
    from lxml.etree import XPath

    return XPath(BASIC_CLEAN_TAGS)


def page_text_length(tree: Any, gates: Gates) -> int:
    """`len(trafilatura.baseline.html2txt(tree))` for a tree (its steps: a copy, its body or
    else the whole, the sections deleted, the text spaced at blocks)."""
    from trafilatura.baseline import _spaced_text
    from trafilatura.xml import delete_element

    tree = copy(tree)
    body = tree.find(".//body")
    if body is None:
        body = tree
    for element in gates.basic_clean()(body):
        delete_element(element)
    return len(_spaced_text(body))


def page_share_below(length: int, share: float, tree: Any, gates: Gates) -> bool:
    """`length < share * len(trafilatura.baseline.html2txt(tree))`, the page-share check of
    trafilatura's recall escalation, computed with `html2txt` only when a bound cannot settle
    it.

    `html2txt` copies the tree, deletes some sections (scripts and styles among them, whole:
    their tails are kept), puts one space before the text and one before the tail of each block
    element, and joins the words with single spaces. So its length is at most the body's text
    less the text of its scripts and styles (which nest in nothing else that is text), plus two
    characters per block element: when `length` reaches `share` of that, the check is false."""
    from trafilatura.baseline import _BLOCK_ELEMS

    body = tree.find(".//body")
    if body is None:
        body = tree
    scripts = sum(len(el.text or "") for el in body.iter("script", "style"))
    blocks = sum(1 for _ in body.iter(*_BLOCK_ELEMS))
    if length >= share * (len(body.text_content()) - scripts + 2 * blocks):
        return False
    return length < share * page_text_length(tree, gates)


def verified() -> bool:
    """Whether the trafilatura installed is a release whose steps this module repeats."""
    import trafilatura

    return getattr(trafilatura, "__version__", "") in VERIFIED


class PageExtraction:
    """The runs of trafilatura's extraction on one page's tree (left unchanged)."""

    def __init__(self, tree: Any) -> None:
        self.tree = tree
        self._pruned: dict[bool, Any] = {}
        self._forum: bool | None = None
        self._gates: Gates | None = None

    def text(self, *, fast: bool = False, precision: bool = False, recall: bool = False) -> str:
        """`trafilatura.extract(tree, include_comments=False, deduplicate=False, fast=...,
        favor_precision=..., favor_recall=...) or ""`: the same text."""
        import trafilatura

        if not verified():
            out = trafilatura.extract(
                self.tree,
                include_comments=False,
                deduplicate=False,
                fast=fast,
                favor_precision=precision,
                favor_recall=recall,
            )
            return out or ""
        return self._extract(fast, precision, recall)

    @property
    def gates(self) -> Gates:
        """The gates of the page's expressions (read from the raw tree, once)."""
        if self._gates is None:
            self._gates = Gates(self.tree)
        return self._gates

    def _pruned_tree(self, focus: str) -> Any:
        """The raw tree's copy as `trafilatura_sequence` prunes it before cleaning: its
        infinite-scroll containers, then (comments off) its comment sections, except on a
        thread-forum page outside precision mode. Made once per page and kept: the runs only
        read it (their cleaning, baseline, `html2txt` and fallbacks each take a copy). When
        the prunes find nothing in the raw tree, that copy would be the raw tree as it is:
        the raw tree itself is kept instead (nothing changes it while the runs read it)."""
        from trafilatura.core import _forum_thread_page
        from trafilatura.htmlprocessing import prune_unwanted_nodes

        if self._forum is None:
            self._forum = _forum_thread_page(self.tree)  # reads the raw tree, as it does
        gates = self.gates
        comments_pruned = focus == "precision" or not self._forum
        if comments_pruned not in self._pruned:
            raw, comments = gates.raw_prune(), gates.comments_prune() if comments_pruned else []
            # each prune finds in the raw tree what it would find after the ones before it
            # when those found nothing (then they deleted nothing)
            if not any(len(expression(self.tree)) for expression in (*raw, *comments)):
                tree = self.tree
            else:
                tree = prune_unwanted_nodes(copy(self.tree), raw)
                if comments_pruned:
                    tree = prune_unwanted_nodes(tree, comments)
            self._pruned[comments_pruned] = tree
        return self._pruned[comments_pruned]

    def _extract(self, fast: bool, precision: bool, recall: bool) -> str:
        """`extract` -> `bare_extraction` -> `trafilatura_sequence` for these options (no
        comments, no deduplication, no metadata, no language, text output)."""
        from lxml.etree import Element
        from trafilatura.core import determine_returnstring
        from trafilatura.metadata import Document
        from trafilatura.settings import Extractor

        options = Extractor(
            output_format="txt",
            fast=fast,
            precision=precision,
            recall=recall,
            comments=False,
            dedup=False,
        )
        try:
            # trafilatura's, its nesting check cheaper and its frames in Python (`page_prune`)
            with faster_pruning(self.gates.tests):
                postbody, temp_text = self._sequence(options)
        except (TypeError, ValueError):  # what `bare_extraction` turns into no document
            return ""
        # `bare_extraction`'s size check (no comments: an empty text is no document)
        if len(temp_text) < options.min_output_size and options.min_output_comm_size > 0:
            return ""
        document = Document()
        document.raw_text, document.commentsbody = temp_text, Element("body")
        document.body = postbody
        return determine_returnstring(document, options) or ""

    def _sequence(self, options: Any) -> tuple[Any, str]:
        """`trafilatura_sequence` with comments off: (body, its text)."""
        from trafilatura.baseline import baseline
        from trafilatura.core import (
            ESCALATION_ACCEPT_RATIO,
            ESCALATION_MAX_LENGTH,
            ESCALATION_PAGE_SHARE,
            _extract_and_compare,
        )
        from trafilatura.htmlprocessing import prune_unwanted_nodes
        from trafilatura.xpaths import REMOVE_COMMENTS_XPATH

        tree = self._pruned_tree(options.focus)
        cleaned, backup = self._prepare(tree, options)
        if options.focus == "precision" and not self._forum:
            cleaned = prune_unwanted_nodes(cleaned, REMOVE_COMMENTS_XPATH)
        postbody, temp_text = _extract_and_compare(cleaned, backup, tree, options)

        # 3. rescue: baseline on the pruned tree (it copies it), kept if it adds text
        if len(temp_text) < options.min_extracted_size and options.focus != "precision":
            b_body, b_text, b_len = baseline(tree)
            if b_len > len(temp_text):
                postbody, temp_text = b_body, b_text

        # 4. recall escalation of a short result covering little of the page
        if (
            options.focus == "balanced"
            and 0 < len(temp_text) < ESCALATION_MAX_LENGTH
            and page_share_below(len(temp_text), ESCALATION_PAGE_SHARE, tree, self.gates)
        ):
            r_options = copy(options)
            r_options.focus = "recall"
            r_text = ""
            try:
                r_cleaned, r_backup = self._prepare(tree, r_options)
                r_body, r_text = _extract_and_compare(r_cleaned, r_backup, tree, r_options)
            except Exception:  # as trafilatura: a failed retry leaves the result as it was
                r_text = ""
            j_text = ""
            if not options.fast:
                from trafilatura.core import ESCALATION_JUSTEXT_RATIO
                from trafilatura.external import justext_rescue

                try:
                    j_body, j_text = justext_rescue(copy(tree), options)
                except Exception:
                    j_text = ""
                if len(j_text) > len(r_text) and len(j_text) > ESCALATION_JUSTEXT_RATIO * len(
                    temp_text
                ):
                    return j_body, j_text
            if len(r_text) >= options.min_extracted_size and len(
                r_text
            ) > ESCALATION_ACCEPT_RATIO * len(temp_text):
                return r_body, r_text
        return postbody, temp_text

    @staticmethod
    def _prepare(tree: Any, options: Any) -> tuple[Any, Any]:
        """`core._prepare_tree`: (cleaned and converted, cleaned before conversion); in fast
        mode without comments nothing reads the second, so it is not copied (None)."""
        from trafilatura.htmlprocessing import convert_tags, tree_cleaning

        cleaned = tree_cleaning(copy(tree), options)
        backup = None if options.fast else copy(cleaned)
        return convert_tags(cleaned, options, None), backup
