"""Pop-up cards inside a paragraph: a person's card of their latest headlines, taken out before
the text is extracted.

Why this module exists: some sites put a hover card in the middle of a sentence: the name of a
person is a link, and beside it, hidden until the pointer rests on it, a card with the person's
photo, name and three or four headlines of other stories, all links. An extractor reads the
card as part of the paragraph ("...threatened to kill Rep. Ilhan OmarIlhan OmarHillicon Valley:
Progressives oppose funding bill | ... MORE (D-Minn.), the ..."), so the sentence gains a
dozen headlines of other stories, and their names and places. A card is found by its shape: an
inline element inside a paragraph that holds several links whose texts are nearly all of its
text and are a sentence's worth of words. Nothing here knows a site.
"""

from __future__ import annotations

from typing import Any, Final

CARD_LINKS: Final = 3  # an inline element of a paragraph holding at least this many links ...
CARD_LINK_WORDS: Final = 12  # ... with at least this many words of link text ...
CARD_LINK_SHARE: Final = 0.8  # ... which are this share of its text, at least: a card
_INLINE: Final = ("span", "div", "aside")


def _words(text: str) -> int:
    return len(text.split())


def is_card(element: Any) -> bool:
    """Whether an element inside a paragraph is a card of links (see the module's docstring)."""
    links = [a for a in element.iter("a")]
    if len(links) < CARD_LINKS:
        return False
    link_words = sum(_words(a.text_content()) for a in links)
    if link_words < CARD_LINK_WORDS:
        return False
    return link_words >= CARD_LINK_SHARE * max(1, _words(element.text_content()))


def drop_cards(tree: Any) -> int:
    """Remove the cards of links inside the page's paragraphs (their tails, the sentence's
    rest, stay); the number removed. Of cards inside cards the innermost goes (the card
    itself, not the link to the person it hangs on)."""
    cards = [e for p in tree.iter("p") for e in p.iter(*_INLINE) if is_card(e)]
    inner = {id(a) for e in cards for a in e.iterancestors()}
    found = [e for e in dict.fromkeys(cards) if id(e) not in inner]
    for element in found:
        element.drop_tree()
    return len(found)
