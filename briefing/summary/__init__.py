"""The briefing: what a reader needs to know about a corpus, every line citing its article.

Why this package exists: `briefing summary` turns a pile of `Article` records into something a
person can read in a minute and check line by line: the corpus at a glance, the events, a
timeline of the articles and of the dates they mention, the people and places that matter most,
and the strongest quotes. It holds the records (`records`) and the pure builder (`build`,
`rank`): no I/O, no Rich, no Textual. Drawing a `Briefing` lives in `briefing.render`.
"""

from briefing.summary.build import build_briefing
from briefing.summary.rank import MAX_QUOTE_CHARS, MIN_QUOTE_WORDS, QUOTES_PER_SPEAKER
from briefing.summary.records import (
    DEFAULT_TITLE,
    MAX_SENTENCE_CHARS,
    SCHEMA_VERSION,
    UNATTRIBUTED,
    ArticleEntry,
    Briefing,
    Citation,
    Difference,
    EventEntry,
    Glance,
    OutletCount,
    RankedMention,
    RankedQuote,
    ReferenceEntry,
    ReferenceMention,
    TimelineEntry,
)

__all__ = [
    "DEFAULT_TITLE",
    "MAX_QUOTE_CHARS",
    "MAX_SENTENCE_CHARS",
    "MIN_QUOTE_WORDS",
    "QUOTES_PER_SPEAKER",
    "SCHEMA_VERSION",
    "UNATTRIBUTED",
    "ArticleEntry",
    "Briefing",
    "Citation",
    "Difference",
    "EventEntry",
    "Glance",
    "OutletCount",
    "RankedMention",
    "RankedQuote",
    "ReferenceEntry",
    "ReferenceMention",
    "TimelineEntry",
    "build_briefing",
]
