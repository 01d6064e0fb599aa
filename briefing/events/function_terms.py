"""Which content terms of an article in a given language are that language's function words.

Why this module exists: `terms` reads every text with English rules (its stop words, its
stemmer, accents folded for other Latin words), so a Spanish "para" or a German "auch" comes
out as a content term. Grouping drops, from an article's terms, the terms its language's
function words give (`index.function_words`), passed through the same `terms`, so what is
dropped is exactly what those words would have added.
"""

from __future__ import annotations

from functools import lru_cache

from briefing.events.terms import terms

__all__ = ["function_terms"]


@lru_cache(maxsize=64)
def function_terms(lang: str | None) -> frozenset[str]:
    """The terms the function words of `lang` give (empty when it has none listed)."""
    from briefing.index.function_words import function_words

    words = function_words(lang)
    return frozenset(terms(" ".join(sorted(words)))) if words else frozenset()
