"""The Whoosh schema, and how an `Article` becomes an index document and comes back.

Why this module exists: what goes into each field (stemmed text, unstemmed names, dates as
day numbers, the whole article as JSON) decides what every search can find; it is kept in one
place with its version number, so a change to it rebuilds old indexes.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from typing import Any, Final

from whoosh.fields import ID, NUMERIC, STORED, TEXT, Schema
from whoosh.formats import Existence
from whoosh.support.charset import accent_map

from briefing.index.analysis import pair_analyzer, plain_analyzer, stem_analyzer
from briefing.index.textfields import ScriptPairs, ScriptText
from briefing.models import Article, Mention

__all__ = [
    "PAIR_FIELDS",
    "SCHEMA_VERSION",
    "article_of",
    "day_number",
    "document",
    "schema",
    "words_of",
]

# Bump whenever the schema or what goes into a field changes: old indexes are then rebuilt.
# 2: per-record hashes, relative dates ("this week"); 3: both; 4: dates re-read by issue 11's
# rules, `context_year` holds `ingest.context_year`'s keys; 5: words analysed by script (Russian
# stems, Chinese/Japanese character pairs), the lang field, Cyrillic names in Latin letters;
# 6: word-pair fields (phrases); 7: pairs of the 3,000 most frequent words, not 1,000
SCHEMA_VERSION: Final = 7
# Each stemmed text field's word-pair field (see `analysis.pair_analyzer`): a two-word phrase
# is one term lookup there, instead of two position lists read and compared per document.
PAIR_FIELDS: Final = {"headline": "headline_pairs", "lede": "lede_pairs", "body": "body_pairs"}
WORD_RE: Final = re.compile(r"\w+(?:\.?\w+)*")


def schema() -> Any:
    stemmed = stem_analyzer()
    plain = plain_analyzer()
    return Schema(
        # Identity and the source file, for get(), deletes by file and change detection.
        id=ID(stored=True, unique=True, sortable=True),
        source_key=ID(stored=True, sortable=True),
        # SHA-256 of the article's own record (a JSON line, or the whole text file): when one
        # line of a big JSON Lines file changes, only that record is parsed and indexed again.
        # Per-file size, mtime and hash live in the meta file (`briefing-index.json`).
        record_hash=ID(sortable=True),
        # What this article lends to the corpus context (`ingest.context_year`), 0 if none:
        # the second pass counts it from this column instead of decoding every stored article.
        context_year=NUMERIC(int, bits=32, sortable=True, default=0),
        # Text, stemmed (kurils ~ kuril), with positions for phrases. Not stored: hits and their
        # highlights read the text from the article JSON below, so it is kept once, not twice.
        # `ScriptText` is `TEXT` analysed in one pass (`textfields`): the same terms.
        headline=ScriptText(analyzer=stemmed),
        lede=ScriptText(analyzer=stemmed),
        body=ScriptText(analyzer=stemmed),
        # Consecutive term pairs of each text field, presence only (no weights, positions or
        # lengths): they find the documents of a phrase; scores still come from the words.
        # Their terms come from the text field's own analysis, done just before.
        **{pairs: ScriptPairs(Existence(), pair_analyzer()) for pairs in PAIR_FIELDS.values()},
        # Names as lower-case words without stemming, so person:abe finds "Shinzo Abe" and
        # place:kuril* finds "Kuril Islands"; positions kept for person:"shinzo abe".
        outlet=TEXT(analyzer=plain),
        people=TEXT(analyzer=plain),
        places=TEXT(analyzer=plain),
        organisations=TEXT(analyzer=plain),
        dateline=TEXT(analyzer=plain),
        # The exact outlet name as a column, for facet counts over all matches.
        outlet_name=ID(sortable=True),
        # The article's language ("ru", "en"), for lang:ru and per-language counts.
        lang=ID(sortable=True),
        # Fuzzy publication date as first and last possible day, yyyymmdd; 0 (unknown) sorts last
        # newest-first. Unknown dates are not indexed, so no date filter can match them.
        date_start=NUMERIC(int, bits=32, sortable=True, default=0),
        date_end=NUMERIC(int, bits=32, sortable=True, default=0),
        # The whole article, so summary/export never re-read the corpus.
        article=STORED(),
    )


def day_number(value: dt.date) -> int:
    """A day as the yyyymmdd integer the date fields hold."""
    return value.year * 10000 + value.month * 100 + value.day


def _names(mentions: Iterable[Mention]) -> str:
    """Every form of every name; a name in Cyrillic also in Latin letters (and a place by its
    English name), so person:putin finds "Владимир Путин" and place:japan "Япония"."""
    from briefing.ingest.placenames import english_name
    from briefing.ingest.translit import has_cyrillic, to_latin

    out: list[str] = []
    for m in mentions:
        out.append(m.name)
        out.extend(m.aliases)
        if has_cyrillic(m.name):
            out.append(to_latin(m.name))
            english = english_name(m.name) if m.kind == "place" else None
            if english:
                out.append(english)
    return "\n".join(out)


def document(article: Article, key: str) -> dict[str, Any]:
    """The fields of `article` (read from source file `key`) as Whoosh takes them."""
    # Imported here: only a build (which has the parser loaded) writes documents, and opening
    # an index for search must not load the ingest package.
    from briefing.ingest.context import context_year

    doc: dict[str, Any] = {
        "id": article.id,
        "source_key": key,
        "record_hash": article.content_hash,
        "context_year": context_year(article) or 0,
        "headline": article.headline,
        "lede": article.lede or "",
        "body": article.text,
        "outlet": article.outlet or "",
        "people": _names(article.people),
        "places": _names(article.places),
        "organisations": _names(article.organisations),
        "dateline": article.dateline or "",
        "article": json.dumps(article.to_json(), ensure_ascii=False, separators=(",", ":")),
    }
    for text_field, pairs in PAIR_FIELDS.items():
        doc[pairs] = doc[text_field]
    if article.outlet:
        doc["outlet_name"] = article.outlet
    if article.lang:
        doc["lang"] = article.lang
    date = article.published.date
    if date.known and date.start is not None and date.end is not None:
        doc["date_start"] = day_number(date.start)
        doc["date_end"] = day_number(date.end)
    return {k: v for k, v in doc.items() if v != ""}


def article_of(stored: dict[str, Any]) -> Article:
    """The `Article` back from a document's stored fields."""
    return Article.from_json(json.loads(stored["article"]))


def words_of(article: Article) -> set[str]:
    """The distinct unstemmed words of an article, for the spelling vocabulary.

    "Did you mean" needs real words ("peace"), not the stems the text fields hold ("peac"). An
    unstemmed field in the index (or Whoosh's `spelling=True`, which adds one per stemmed field)
    would add a posting per distinct word per article: measured, that is over a third of the
    whole indexing time. Instead briefing keeps one sorted word list beside the index, merged at
    each update: a set union per article, a few MB for a large corpus, read in milliseconds.
    It only grows; words of removed articles stay until the next rebuild, which is harmless
    because every candidate is also checked against the live index (see `spelling`).
    """
    text = f"{article.headline}\n{article.lede or ''}\n{article.text}".lower()
    return {
        w if w.isascii() else w.translate(accent_map)
        for w in set(WORD_RE.findall(text))
        if w.isalpha()
    }
