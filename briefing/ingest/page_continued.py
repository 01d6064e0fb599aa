"""The rest of an article its page splits into several containers, found beside the first.

Why this module exists: some sites cut an article's body into several blocks of the same kind
(a column of text, an advertisement rail, the next column of text), each block the same
element with the same class. trafilatura takes the block that holds the most text and leaves
the others out: on such pages the extracted text stops a third or half of the way through. The
page's own structure says where the rest is: a later sibling of the block (or of one of its
ancestors, up to `LEVELS` up) with the same tag and class, holding an element like the block
(same tag and class) whose paragraphs are prose. Those paragraphs, not already in the text,
follow it. Nothing here knows a site: only the repetition of a container is read.
"""

from __future__ import annotations

from typing import Any, Final

from briefing.ingest.text import squash_spaces

LEVELS: Final = 3  # how far up from the text's block its repeated container is looked for
MATCH_WORDS: Final = 12  # a line this long is looked up among the page's paragraphs
PROSE_WORDS: Final = 12  # a continuation's paragraphs: prose of at least this many words ...
MIN_CONTINUED_WORDS: Final = 40  # ... adding up to this many


def _paragraphs(element: Any) -> list[str]:
    return [t for p in element.iter("p") if (t := squash_spaces(p.text_content()))]


def _same_kind(a: Any, b: Any) -> bool:
    return bool(a.get("class")) and a.tag == b.tag and a.get("class") == b.get("class")


def _block_of_last_line(tree: Any, text: str) -> Any:
    """The element holding the paragraph of the text's last long line, or None."""
    lines = [squash_spaces(ln) for ln in text.split("\n") if len(ln.split()) >= MATCH_WORDS]
    if not lines:
        return None
    last = lines[-1]
    for p in tree.iter("p"):
        if squash_spaces(p.text_content()) == last:
            return p.getparent()
    return None


def continued(tree: Any, text: str) -> str:
    """`text` (the extracted article, paragraphs one per line) with the paragraphs of the
    containers that repeat its block after it (see the module's docstring); `text` itself when
    the page has none."""
    block = _block_of_last_line(tree, text)
    if block is None or not block.get("class"):
        return text
    seen = {squash_spaces(ln) for ln in text.split("\n")}
    ancestor = block
    for _ in range(LEVELS):
        parent = ancestor.getparent()
        if parent is None:
            break
        added: list[str] = []
        after = False
        for sibling in parent.iterchildren():
            if sibling is ancestor:
                after = True
                continue
            if not after or not _same_kind(sibling, ancestor):
                continue
            holders = (
                [sibling]
                if ancestor is block
                else [e for e in sibling.iter(block.tag) if _same_kind(e, block)]
            )
            for holder in holders:
                added += [p for p in _paragraphs(holder) if p not in seen]
        prose = sum(n for p in added if (n := len(p.split())) >= PROSE_WORDS)
        if prose >= MIN_CONTINUED_WORDS:
            return "\n".join([text, *dict.fromkeys(added)])
        ancestor = parent
    return text
