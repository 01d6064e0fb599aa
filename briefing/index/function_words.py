"""The function words of the languages Whoosh's Snowball stop lists cover.

Why this module exists: event grouping weighs an article by its content words, and in a corpus
of several languages the function words of a language read as English ("que", "del", "por",
"con", "para" are no English stop words) link every article in that language to every other:
a dozen Spanish and Portuguese stories about unrelated things grouped as one event. The
Snowball project's stop lists (shipped with Whoosh, offline: articles, pronouns, prepositions,
conjunctions, the forms of "to be" and "to have") say which words those are. English has
briefing's own list (`events.terms.STOP_WORDS`, with reporting verbs) and Russian its
morphology, so neither is given here. Whoosh is imported only in the index package.
"""

from __future__ import annotations

from functools import lru_cache

__all__ = ["function_words"]

_OWN: frozenset[str] = frozenset({"en", "ru"})  # languages briefing reads its own way


@lru_cache(maxsize=64)
def function_words(lang: str | None) -> frozenset[str]:
    """The function words of `lang` (an ISO 639-1 code), lower case; empty for a language
    with no Snowball stop list, for English and Russian, and for None."""
    if not lang or lang in _OWN:
        return frozenset()
    from whoosh.lang.stopwords import stoplists

    return frozenset(w.lower() for w in stoplists.get(lang, ()))
