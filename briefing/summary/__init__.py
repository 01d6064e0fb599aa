"""The briefing: what a reader needs to know about a corpus, every line citing its article.

Why this package exists: `briefing summary` turns a pile of `Article` records into something a
person can read in a minute and check line by line: the corpus at a glance, the events, a
timeline of the articles and of the dates they mention, the people and places that matter most,
and the strongest quotes. It holds the records (`records`), the pure builder (`build`,
`rank`) and the fast one (`fast`, from one compact `rows.Row` per article): no Rich, no
Textual. The only I/O is the JSON kept beside an index for the fast path (`store`: the rows,
updated for the articles that changed; `parts`: each shown event's differences), given the
folder by the caller. Drawing a `Briefing` lives in `briefing.render`.
"""

from briefing.summary.build import build_briefing, event_differences
from briefing.summary.fast import build_from_rows
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
    "build_from_rows",
    "event_differences",
]
