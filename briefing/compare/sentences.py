"""The sentences of a comparison, their weights and which pairs across outlets are alike.

Why this module exists: every analysis of a comparison works on the same sentences: split from
the chosen articles, each with its names, numbers and dated references, weighed by what it
carries (names, numbers, dates, quotes, rare words) and turned into a TF-IDF vector. The sparse
cosine of every cross-outlet pair that shares a term is computed once here, and alignment,
uniqueness, numbers and reuse all read it.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from briefing.compare.naming import Namer
from briefing.compare.numbers import find_numbers, range_text
from briefing.compare.records import Statement
from briefing.events import terms
from briefing.ingest import dates_lang
from briefing.ingest.dates import sentences
from briefing.ingest.rules import Rules
from briefing.models import Article

__all__ = [
    "W_DATE",
    "W_NAME",
    "W_NUMBER",
    "W_QUOTE",
    "Pairs",
    "Sent",
    "Span",
    "same_time",
    "similar_pairs",
    "split_sentences",
    "weigh",
]

_SENTENCE_END = re.compile(r"[.!?…\"”’)]$")
_QUOTE_CHARS = re.compile(r"[\"“”«»]")
_WORD_RE = re.compile(r"\w+(?:[’'-]\w+)*|[^\w\s]")

# how much each kind of content makes a sentence matter
W_NAME, W_NUMBER, W_DATE, W_QUOTE = 2.0, 2.5, 1.5, 0.8


Span = tuple[str, dt.date, dt.date]  # (label, first day, last day)
Pairs = dict[tuple[int, int], float]  # (i, j) with i < j -> cosine of sentences i and j


def same_time(a: Span, b: Span) -> bool:
    """Two dated references that can mean the same time: overlapping, of like precision."""
    if a[1] > b[2] or b[1] > a[2]:
        return False
    la, lb = (a[2] - a[1]).days, (b[2] - b[1]).days
    return max(la, lb) <= 40 or min(la, lb) >= 300


@dataclass(slots=True)
class Sent:
    stmt: Statement
    vector: dict[str, float]
    terms: frozenset[str]
    names: frozenset[str]  # canonical names ("thing" keys)
    numbers: frozenset[str]
    dates: frozenset[Span]  # the dated references in it
    norm: str  # lower-case, collapsed, for near-verbatim matching
    lang: str | None = None  # the article's language


def _furniture(text: str, rules: Rules | None) -> bool:
    """A credit line, photo caption or page furniture by the reading rules' own patterns ("The
    Associated Press contributed to this report."): never a statement, even when an index read
    before the rules knew it still holds it, or it ends a paragraph of real text."""
    if rules is None:
        return False
    return any(p.search(text) for p in (*rules.captions, *rules.boilerplate_lines))


def split_sentences(
    articles: Sequence[Article],
    outlet_of: dict[str, str],
    namer: Namer,
    rules: Rules | None = None,
) -> list[Sent]:
    out: list[Sent] = []
    for a in articles:
        outlet = outlet_of.get(a.id, a.outlet or "unknown outlet")
        refs_by_sentence: dict[str, set[Span]] = defaultdict(set)
        for r in a.dated_references:
            if r.date.known and r.date.start and (r.end or r.date).end:
                last = (r.end or r.date).end
                assert last is not None
                span = (range_text(r.date, r.end), r.date.start, last)
                refs_by_sentence[" ".join(r.sentence.split())].add(span)
        paragraphs = [*([(-1, a.lede)] if a.lede else []), *enumerate(a.body)]
        seen: set[str] = set()
        for idx, para in paragraphs:
            if not _SENTENCE_END.search(para.strip()) and len(para.split()) < 12:
                continue  # a sub-heading
            if _furniture(para.strip(), rules):
                continue
            split = sentences if a.lang in (None, "en") else dates_lang.sentences
            for raw in split(para):
                text = " ".join(raw.split())
                words = terms(text)
                if len(words) < 4 or _furniture(text, rules):
                    continue
                norm = " ".join(_WORD_RE.findall(text.lower()))
                if norm in seen:
                    continue  # an article repeating itself
                seen.add(norm)
                found = namer.find(text)
                names = frozenset(c for c, _ in found)
                numbers = find_numbers(text)
                dates = frozenset(
                    sp for s, spans in refs_by_sentence.items() if s and s in text for sp in spans
                )
                vector: Counter[str] = Counter(words)
                if namer.multilingual:
                    # figures as written, in any language ("404 миллиона" / "404 million")
                    vector.update("#v:" + v for v in figures(text))
                stmt = Statement(
                    outlet=outlet,
                    article_id=a.id,
                    published=a.published.iso,
                    paragraph=idx,
                    text=text,
                    weight=0.0,
                    names=tuple(dict.fromkeys(c for c, _ in found)),
                    numbers=tuple(dict.fromkeys(v for _, v in numbers)),
                    quoted=bool(_QUOTE_CHARS.search(text)),
                )
                out.append(
                    Sent(
                        stmt=stmt,
                        vector=dict(vector),
                        terms=frozenset(words),
                        names=names,
                        numbers=frozenset(k + "=" + v.split()[0] for k, v in numbers),
                        dates=dates,
                        norm=norm,
                        lang=a.lang,
                    )
                )
    return out


_FIGURE = re.compile(r"(?<![\w.,])\d+(?:[ \u00a0,.]\d{3})*(?:[.,]\d+)?(?!\w)")


def figures(text: str) -> list[str]:
    """The figures of a sentence, normalised ("30 000" -> "30000", "7,7" -> "7.7"); years and
    day numbers included: across languages they are what a sentence shares."""
    out = []
    for n in _FIGURE.findall(text):
        digits = re.sub(r"[ \u00a0,.](?=\d{3}\b)", "", n).replace(",", ".")
        if digits not in ("0", "1"):
            out.append(digits)
    return out


def weigh(sents: list[Sent]) -> None:
    """TF-IDF vectors (names and numbers as extra terms) and each sentence's weight."""
    df: Counter[str] = Counter()
    for s in sents:
        df.update(s.terms | {"@" + n for n in s.names} | {"#" + n for n in s.numbers})
    n = len(sents) or 1

    def idf(t: str) -> float:
        return math.log((n + 1) / (df[t] + 1)) + 1.0

    for i, s in enumerate(sents):
        vec = {t: (1 + math.log(c)) * idf(t) for t, c in s.vector.items()}
        for name in s.names:
            vec["@" + name] = 1.5 * idf("@" + name)
        for num in s.numbers:
            vec["#" + num] = 2.0 * idf("#" + num)
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        s.vector = {t: v / norm for t, v in vec.items()}
        rare = sum(idf(t) for t in s.terms) / (len(s.terms) or 1)
        weight = (
            W_NAME * len(s.names)
            + W_NUMBER * len(s.numbers)
            + W_DATE * len(s.dates)
            + (W_QUOTE if s.stmt.quoted else 0.0)
            + rare / 2
        )
        sents[i].stmt = replace(s.stmt, weight=weight)


def similar_pairs(sents: list[Sent]) -> Pairs:
    """Cosine of every cross-outlet pair of sentences that share a term (sparse).

    Dot products are summed term by term over the postings; terms in more than a twentieth of
    the sentences (low weight anyway) do not take part, which keeps large events fast.
    """
    posting: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for i, s in enumerate(sents):
        for t, w in s.vector.items():
            posting[t].append((i, w))
    limit = max(40, len(sents) // 20)
    outlet = [s.stmt.outlet for s in sents]
    dots: dict[tuple[int, int], float] = defaultdict(float)
    for _t, ids in posting.items():
        if len(ids) < 2 or len(ids) > limit:
            continue
        for x, (i, wi) in enumerate(ids):
            oi = outlet[i]
            for j, wj in ids[x + 1 :]:
                if outlet[j] != oi:
                    dots[(i, j)] += wi * wj
    return {pair: dot for pair, dot in dots.items() if dot > 0.05}
