"""Posts an article embeds (a tweet it quotes), put back where the article has them.

Why this module exists: an article about what people said online quotes their posts as
embeds: a `<blockquote class="twitter-tweet">` (or Instagram's, TikTok's) between its
paragraphs, the post's text and its author inside. They are part of how the outlet told the
story, and trafilatura usually keeps them, but on some pages it drops every one (a post is
mostly links: a `t.co` address, the author's handle, the date). The page's tree still has them
beside the paragraphs the extraction kept, so an embed missing from the text goes back after the
paragraph that precedes it on the page. Only the embed codes' own markup is read (the classes
every site pasting a post carries), never a site's.
"""

from __future__ import annotations

from typing import Any, Final

from briefing.ingest.text import squash_spaces

EMBED_CLASSES: Final = frozenset({"twitter-tweet", "instagram-media", "tiktok-embed"})
MATCH_CHARS: Final = 60  # a paragraph is found in the text by this many characters
MIN_POST_WORDS: Final = 3  # an embed with fewer words (an empty shell) is left out


def _is_embed(element: Any) -> bool:
    return bool(EMBED_CLASSES & set((element.get("class") or "").split()))


def _previous_paragraph(element: Any) -> str:
    """The text of the last paragraph before `element` on the page (its siblings', or its
    ancestors' siblings', up to the article's block)."""
    node = element
    for _ in range(3):
        for sibling in node.itersiblings(preceding=True):
            paragraphs = [sibling] if sibling.tag == "p" else list(sibling.iter("p"))
            for p in reversed(paragraphs):
                if (text := squash_spaces(p.text_content())) and not _is_embed_inside(p):
                    return text
        node = node.getparent()
        if node is None:
            break
    return ""


def _is_embed_inside(p: Any) -> bool:
    return any(_is_embed(a) for a in p.iterancestors("blockquote"))


def embedded_posts(tree: Any, text: str) -> str:
    """`text` (the extracted article, paragraphs one per line) with the page's embedded posts
    it lacks, each after the line of the paragraph before it; `text` when none is missing."""
    lines = text.split("\n")
    keys = [squash_spaces(line)[:MATCH_CHARS] for line in lines]
    held = squash_spaces(text)
    inserts: dict[int, list[str]] = {}
    for embed in tree.iter("blockquote"):
        if not _is_embed(embed):
            continue
        post = squash_spaces(embed.text_content())
        if len(post.split()) < MIN_POST_WORDS or post[:MATCH_CHARS] in held:
            continue
        before = _previous_paragraph(embed)[:MATCH_CHARS]
        if not before or before not in keys:
            continue  # the embed is not beside the article's text
        inserts.setdefault(keys.index(before), []).append(post)
    if not inserts:
        return text
    out: list[str] = []
    for i, line in enumerate(lines):
        out.append(line)
        out.extend(inserts.get(i, []))
    return "\n".join(out)
