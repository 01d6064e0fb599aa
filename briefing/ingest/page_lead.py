"""The start of a page's article: what an extractor put before the headline, and the opening
paragraph it lost.

Why this module exists: on pages whose article sits in one big container beside a sidebar and a
"featured" box, trafilatura can take the whole container: the sidebar's blurb and the box's
heading come first, then the page's headline, then the article. Nothing before the page's own
headline is the article, so when the headline is one of the first lines of the extraction, the
lines before it go (`after_headline`). On the same pages the article's first paragraph is often
written as bare text at the start of its block, before the first `<br>` (`<div>First
paragraph...<br><br>Second...`), and trafilatura keeps the later paragraphs but drops that
first one: the page's tree still holds it, just before the text's first paragraph
(`restore_lead`). Nothing here knows a site: only the headline and the tree's text are read.
"""

from __future__ import annotations

import re
from typing import Any, Final

from briefing.ingest.page_headline import same_text
from briefing.ingest.text import squash_spaces

HEADLINE_WITHIN: Final = 3  # the headline found among this many first lines: what precedes goes
BEFORE_SHARE: Final = 0.5  # ... when they hold at most this share of the words after it
LEAD_WORDS: Final = 12  # a lost opening paragraph has at least this many words ...
LEAD_MAX_WORDS: Final = 200  # ... and at most this many
MATCH_CHARS: Final = 60  # ... and the text's first paragraph is found by this many characters
_BLOCKS: Final = frozenset(
    {"br", "p", "div", "section", "article", "figure", "table", "ul", "ol", "blockquote", "img",
     "center", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "iframe", "script", "style", "aside"}
)  # fmt: skip
_SENTENCE_END: Final = re.compile(r"[.!?…][\"'»”’)\]]*$")
_CODE: Final = re.compile(r"[<>{}]|\bfunction\b|\bvar\b|;\s*\w+\s*=")


def after_headline(paragraphs: list[str], headline: str | None) -> list[str]:
    """`paragraphs` from the line after the headline, when the headline is one of the first
    `HEADLINE_WITHIN` lines and what precedes it is short beside what follows (under
    `BEFORE_SHARE` of its words: a blurb and a box's heading, not the article itself followed
    by its headline repeated); else unchanged."""
    if not headline:
        return paragraphs
    for i, line in enumerate(paragraphs[:HEADLINE_WITHIN]):
        if same_text(line, headline):
            before = sum(len(p.split()) for p in paragraphs[:i])
            after = sum(len(p.split()) for p in paragraphs[i + 1 :])
            return paragraphs[i + 1 :] if before <= BEFORE_SHARE * after else paragraphs
    return paragraphs


def _prose(text: str) -> bool:
    """A paragraph of running text: `LEAD_WORDS` to `LEAD_MAX_WORDS` words ending as a
    sentence, no markup or code in it (a script's text is no paragraph)."""
    words = len(text.split())
    return (
        LEAD_WORDS <= words <= LEAD_MAX_WORDS
        and bool(_SENTENCE_END.search(text))
        and not _CODE.search(text)
    )


def _leading_text(block: Any) -> str:
    """The bare text at the start of `block`, with its inline elements, up to the first block
    element or line break."""
    parts = [block.text or ""]
    for child in block.iterchildren():
        if not isinstance(child.tag, str) or child.tag.lower() in _BLOCKS:
            break
        parts.append(child.text_content())
        parts.append(child.tail or "")
    return squash_spaces("".join(parts))


def restore_lead(tree: Any, paragraphs: list[str]) -> list[str]:
    """`paragraphs` with the article's lost opening paragraph put back in front, when the
    first paragraph is the text after a line break inside a block whose leading text (before
    that break) is a paragraph of its own that the extraction does not hold; else unchanged."""
    if not paragraphs:
        return paragraphs
    probe = squash_spaces(paragraphs[0])[:MATCH_CHARS]
    if len(probe) < MATCH_CHARS:
        return paragraphs
    for br in tree.iter("br"):
        tail = squash_spaces(br.tail or "")
        if not tail.startswith(probe[: len(tail)] if len(tail) < len(probe) else probe):
            continue
        block = br.getparent()
        if block is None:
            return paragraphs
        held = squash_spaces(block.text_content())
        if len(paragraphs) < 2 or squash_spaces(paragraphs[1])[:MATCH_CHARS] not in held:
            return paragraphs  # the block is not the article's: its next paragraph is elsewhere
        lead = _leading_text(block)
        if not _prose(lead) or any(lead[:MATCH_CHARS] in squash_spaces(p) for p in paragraphs):
            return paragraphs
        return [lead, *paragraphs]
    return paragraphs
