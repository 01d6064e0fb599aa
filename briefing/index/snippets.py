"""Snippets: the lines of an article shown under a hit, with the matched words' spans.

Why this module exists: highlighting is the slow part of a search page (it re-tokenises
text), so it has its own rules: skip text that cannot match, highlight the body paragraph by
paragraph and stop at the first that matches, and return plain text plus character spans,
never markup, so article text is only ever sliced, not interpreted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any, Final

from whoosh.analysis import CharsetFilter, LowercaseFilter, StopFilter
from whoosh.highlight import (
    BasicFragmentScorer,
    ContextFragmenter,
    Formatter,
    WholeFragmenter,
    highlight,
)
from whoosh.support.charset import accent_map

from briefing.index.analysis import plain_analyzer, stem, stem_analyzer
from briefing.index.records import Snippet
from briefing.index.schema import WORD_RE
from briefing.index.scripts import ScriptStemFilter, ScriptTokenizer
from briefing.models import Article
from briefing.query import NAMES

__all__ = ["Highlighter", "lead_in"]

SNIPPET_CHARS: Final = 220
# Highlighting re-tokenises text; a paragraph longer than this is only looked at this far.
HIGHLIGHT_CHARLIMIT: Final = 20_000
_SPACE_RE: Final = re.compile(r"\s+")

# Index terms to highlight, per highlight group (`query.highlight_group`).
Terms = Mapping[str, frozenset[str]]


class _SpanFormatter(Formatter):  # type: ignore[misc]
    """Turns Whoosh's highlight fragments into a `Snippet`: plain text plus match offsets.

    No markup and no sentinel characters: the fragments already carry the character offsets of
    every matched token, so article text is never interpreted, only sliced.
    """

    between = " … "

    def format(self, fragments: list[Any], replace: bool = False) -> Snippet:
        pieces: list[tuple[str, bool]] = []
        for i, frag in enumerate(fragments):
            text: str = frag.text
            start, end = frag.startchar, frag.endchar
            if not WORD_RE.search(text, 0, start):
                start = 0  # only spaces or punctuation before: show them, no ellipsis
            if not WORD_RE.search(text, end):
                end = len(text)
            if i:
                pieces.append((self.between, False))
            elif start > 0:
                pieces.append(("… ", False))
            at = start
            for token in sorted(frag.matches, key=lambda t: (t.startchar, -t.endchar)):
                if token.startchar is None or token.startchar < at:
                    continue
                pieces.append((text[at : token.startchar], False))
                pieces.append((text[token.startchar : token.endchar], True))
                at = token.endchar
            pieces.append((text[at:end], False))
            if i == len(fragments) - 1 and end < len(text):
                pieces.append((" …", False))
        return _join(pieces)


def _join(pieces: Iterable[tuple[str, bool]]) -> Snippet:
    """Concatenate text pieces, collapsing whitespace, and record the spans of matched ones."""
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    length = 0
    for raw, matched in pieces:
        text = _SPACE_RE.sub(" ", raw)
        if (length == 0 or out[-1].endswith(" ")) and text.startswith(" "):
            text = text[1:]
        if not text:
            continue
        if matched:
            spans.append((length, length + len(text)))
        out.append(text)
        length += len(text)
    return Snippet("".join(out).rstrip(), tuple(spans))


_FORMATTER: Final = _SpanFormatter()
_SCORER: Final = BasicFragmentScorer()


@lru_cache(maxsize=256)
def _probes(terms: frozenset[str]) -> tuple[str, ...]:
    """Substrings one of which the lower-cased, accent-folded text must contain for any of
    `terms` (index terms: Porter stems or plain words) to match in it. A Porter stem may
    differ from its word in its last two letters only (`happi`, `relat`, `abl`), so the stem
    less those is always found in the word (`tests/test_snippet_probes.py`)."""
    out = {
        t[:-2] if len(t) > 3 else (t[:-1] if t.endswith("i") and len(t) > 1 else t) for t in terms
    }
    return tuple(sorted(out))


def _could_match(text: str, terms: frozenset[str]) -> bool:
    """False when no word of `text` can be one of `terms`: skip re-tokenising it."""
    folded = text.lower()
    if not folded.isascii():
        # Snowball Russian stems ё as е (`ёлками` -> `елк`); accent folding keeps ё
        folded = folded.translate(accent_map).replace("ё", "е")
    return any(p in folded for p in _probes(terms))


def _highlight(text: str, terms: frozenset[str], analyzer: Any, fragmenter: Any) -> Snippet | None:
    if not terms or not text or not _could_match(text, terms):
        return None
    snippet: Snippet = highlight(
        text, terms, analyzer, fragmenter, _FORMATTER, top=2, scorer=_SCORER
    )
    return snippet if snippet.spans else None


def lead_in(text: str) -> Snippet:
    """The start of a text, cut at a word boundary, for hits with nothing to highlight."""
    flat = _SPACE_RE.sub(" ", text).strip()
    if len(flat) <= SNIPPET_CHARS:
        return Snippet(flat)
    cut = flat.rfind(" ", 0, SNIPPET_CHARS)
    return Snippet(flat[: cut if cut > 0 else SNIPPET_CHARS] + " …")


class _Fused:
    """An analyzer of the index (`analysis.stem_analyzer` or `plain_analyzer`) as the
    highlighter calls it, in one generator instead of a chain of five: the same tokens (text,
    offsets, stop words marked and kept). Highlighting spends most of its time passing tokens
    from filter to filter. Any other call, and any analyzer of another make-up than the two it
    knows, goes to the analyzer itself."""

    def __init__(self, analyzer: Any) -> None:
        self._analyzer = analyzer
        items = list(getattr(analyzer, "items", ()))
        kinds = [type(i) for i in items]
        self._charmap: Any = None
        self._stops: frozenset[str] | None = None
        self._min = 0
        self._max: int | None = None
        if kinds[:3] == [ScriptTokenizer, LowercaseFilter, CharsetFilter]:
            self._charmap = items[2].charmap
            if kinds[3:] == [StopFilter, ScriptStemFilter]:
                stops = items[3]
                self._stops, self._min, self._max = stops.stops, stops.min, stops.max
            elif kinds[3:]:
                self._charmap = None  # not a make-up known here
        self._tokenizer: Any = items[0] if items else None

    def __call__(self, value: str, **kwargs: Any) -> Any:
        if self._charmap is None or kwargs.get("positions") or kwargs.get("removestops", True):
            return self._analyzer(value, **kwargs)
        return self._tokens(value, kwargs)

    def _tokens(self, value: str, kwargs: dict[str, Any]) -> Any:
        charmap, stops, low, high = self._charmap, self._stops, self._min, self._max
        for t in self._tokenizer(value, **kwargs):
            text = t.text.lower().translate(charmap)
            if stops is not None:
                if len(text) >= low and (high is None or len(text) <= high) and text not in stops:
                    t.stopped = False
                    text = stem(text)
                else:
                    t.stopped = True
            t.text = text
            yield t


class Highlighter:
    """Snippets of one article for the terms of one query (analyzers made once per index)."""

    def __init__(self) -> None:
        self._stem = _Fused(stem_analyzer())
        self._plain = _Fused(plain_analyzer())

    def snippet(self, article: Article, terms: Terms) -> Snippet:
        """Body first (its own words, then the names asked for), then lede, then headline.

        The body is highlighted paragraph by paragraph, stopping at the first that matches:
        re-tokenising whole articles for every hit on a page is what makes highlighting slow."""
        context = ContextFragmenter(maxchars=SNIPPET_CHARS, surround=60)
        context.charlimit = HIGHLIGHT_CHARLIMIT
        lede = article.lede or ""
        names = terms[NAMES]
        for words, analyzer in ((terms["body"], self._stem), (names, self._plain)):
            if words:
                for paragraph in article.body:
                    snippet = _highlight(paragraph, words, analyzer, context)
                    if snippet is not None:
                        return snippet
        for text, words, analyzer in (
            (lede, terms["lede"], self._stem),
            (lede, names, self._plain),
            (article.headline, terms["headline"], self._stem),
        ):
            snippet = _highlight(text, words, analyzer, context)
            if snippet is not None:
                return snippet
        return lead_in(lede or article.text or article.headline)

    def headline(self, article: Article, terms: Terms) -> Snippet | None:
        whole = WholeFragmenter()
        return _highlight(article.headline, terms["headline"], self._stem, whole) or _highlight(
            article.headline, terms[NAMES], self._plain, whole
        )
