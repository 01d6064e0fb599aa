"""A neutral label for an event several outlets told: their shared phrase, else a plain headline.

Why this module exists: the label is the first thing a person reads about an event, and on a
corpus of left, centre and right outlets it must be one a journalist would trust, not one
outlet's opinion headline ("Baltimore Riots Explode Leftist Race Myths") nor a list of words
("Senators Kavanaugh"). In order:
1. the phrase (a contiguous run of a headline, two or more content words) that most outlets'
   headlines or ledes contain as a run, and that stands as a phrase where it is taken from
   (it starts and ends at a boundary: not "Obama defends" out of "Obama defends prisoner swap",
   and holds no verb-like function word: not "Biden to meet");
2. else the most central plain headline, whole: the one made most of the words the outlets
   share, among those that do not read as opinion (a question, an exclamation, a byline or an
   "Opinion:" mark, the first person, shouting capitals, a cut-off "...");
3. else a phrase that is only a name ("North Korea"); the caller falls back to names and places.
Nothing here knows an outlet or a story: only what the event's own articles say.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from briefing.events.terms import STOP_WORDS, _stem
from briefing.models import Article

__all__ = ["SHARED_SHARE", "neutral_headline", "outlet_groups", "shared_phrase"]

SHARED_SHARE = 0.4  # a phrase must be in the headline or lede of this share of the outlets
_PHRASE_WORDS = 6  # most content words in a phrase
_HEADLINE_WORDS = 16  # a longer headline is not a label (and is never cut to fit)
_TOKEN = re.compile(r"[\w][\w'’.&-]*[\w]|[\w]")
# function words a noun phrase may hold ("Nuclear option in Senate", "Vote on Hagel");
# any other ("to", "will", "is", "says") makes a clause, which a short run would cut off
_INNER = frozenset("of in on at for and over with from against by the a an vs".split())
# words the content-word list leaves out that are yet part of names and things ("New
# Hampshire", "first lady", "Two-state"): inside a phrase, never the first or last word
_WEAK = frozenset("new first last one two three four five year years time people".split())
# words that make a label a title ("President Trump") rather than a thing that happened
_TITLES = frozenset(
    "president prime minister premier foreign deputy chancellor king queen secretary general "
    "senator sen rep gov governor mr mrs ms dr leader former chief ceo pope".split()
)
_OPINION_MARK = re.compile(
    r"^(?:opinion|op-ed|editorial|commentary|column|analysis|letter|review|essay|perspective)"
    r"\b|\b(?:opinion|op-ed|editorial|commentary)\s*[:|]",
    re.I,
)
_BYLINE = re.compile(r"^[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,2}\s+[-–—|]\s+")  # "Jane Doe - ..."
_FIRST_PERSON = frozenset(
    "i i'm i've i'd me my we we're we've us our let's you you're your".split()
)
# "BREAKING:", "WATCH:", any shouted tag before the headline
_PROMO = re.compile(r"^(?:[A-Z]{6,}|(?i:breaking|watch|exclusive|video|live|update)):")
# words that judge rather than report ("should be ashamed", "a fallacy", "destined to fail")
_JUDGING = frozenset(
    """should must ought shameful ashamed disgrace disgraceful outrageous absurd ridiculous
    stupid insane idiotic senseless amoral immoral evil pathetic hypocrisy hypocrites myth myths
    lie lies lying fallacy delusion sham farce devastating destined doomed truth true real
    actually really obviously clearly simply epic insanity nonsense wtf mistake blunder
    betrayal crap garbage sickening""".split()
)
_CUT = re.compile(r"(?:\.\.\.|…)\s*$")
_MOJIBAKE = re.compile(r"Ã.|â€|Â")
_WEB = re.compile(r"https?:|www\.", re.I)
_QUOTES = "'\"‘’“”"


def outlet_groups(articles: Sequence[Article]) -> dict[str, list[Article]]:
    """The event's articles by outlet (articles with no outlet count as one unknown outlet)."""
    groups: dict[str, list[Article]] = defaultdict(list)
    for a in articles:
        groups[a.outlet or "unknown outlet"].append(a)
    return dict(groups)


def need_of(outlets: int) -> int:
    """How many outlets must share a phrase for it to name their event."""
    return max(2, math.ceil(SHARED_SHARE * outlets))


# --- tokens ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Token:
    text: str
    stem: str | None  # None: a function word, a number or a weak word
    start: int
    end: int

    @property
    def inner(self) -> bool:
        """A word a phrase may hold inside without it ending there ("in", "New" Hampshire)."""
        low = self.text.lower()
        return self.stem is None and (low in _INNER or low in _WEAK)


def _stem_of(word: str) -> str | None:
    low = word.lower().replace("’", "'")
    if low.endswith("'s"):
        low = low[:-2]
    if len(low) < 2 or low in STOP_WORDS or not low[0].isalpha():
        return None
    return _stem(low)


def _tokens(text: str) -> list[_Token]:
    return [
        _Token(m.group(), _stem_of(m.group()), m.start(), m.end()) for m in _TOKEN.finditer(text)
    ]


def _runs(clause: list[_Token]) -> set[tuple[str, ...]]:
    """Every run of up to `_PHRASE_WORDS` content stems of a clause, in order, function words
    skipped."""
    stems = [t.stem for t in clause if t.stem]
    return {
        tuple(stems[i:j])
        for i in range(len(stems))
        for j in range(i + 1, min(len(stems), i + _PHRASE_WORDS) + 1)
    }


_BREAK = re.compile(r"[^\s]")  # anything but spaces between two words ends a phrase


def _clauses(tokens: list[_Token], text: str) -> Iterator[list[_Token]]:
    """The tokens of `text`, cut where punctuation stands between two of them ("Fiscal cliff:
    Biden" is two clauses: no phrase runs across the colon)."""
    clause: list[_Token] = []
    for prev, tok in zip([None, *tokens], tokens, strict=False):
        if prev is not None and _BREAK.search(text[prev.end : tok.start]):
            yield clause
            clause = []
        clause.append(tok)
    if clause:
        yield clause


def _outlet_runs(arts: Sequence[Article]) -> set[tuple[str, ...]]:
    runs: set[tuple[str, ...]] = set()
    for a in arts:
        for text in (a.headline, _first_sentence(a.lede or "")):
            for clause in _clauses(_tokens(text), text):
                runs |= _runs(clause)
    return runs


def _first_sentence(text: str) -> str:
    m = re.search(r"[.!?](?:\s|$)", text[:400])
    return text[: m.end()] if m else text[:400]


# --- 1. the shared phrase ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Phrase:
    """A run of a headline that several outlets share, as one headline writes it."""

    text: str
    outlets: int  # outlets whose headline or lede hold the run
    words: int  # content words
    name_only: bool  # only a name and titles ("North Korea", "President Trump")


def shared_phrase(articles: Sequence[Article], names: set[str]) -> Phrase | None:
    """The phrase most outlets share (`names`: the lower-cased words of the people and places
    the articles name, what tells a bare name from a phrase about a happening)."""
    groups = outlet_groups(articles)
    if len(groups) < 2:
        return None
    need = need_of(len(groups))
    runs = [_outlet_runs(arts) for arts in groups.values()]
    spread: Counter[tuple[str, ...]] = Counter(r for rs in runs for r in rs)
    best: tuple[tuple[bool, int, int, int, int, str], Phrase] | None = None
    for a in articles:
        for phrase in _phrases_of(a.headline, spread, need, names):
            key = (
                not phrase.name_only,
                phrase.outlets,
                phrase.words,
                -_capitals(phrase.text),  # "Fiscal cliff" rather than "Fiscal Cliff"
                -len(phrase.text),
                phrase.text,
            )
            if best is None or key > best[0]:
                best = (key, phrase)
    return best[1] if best else None


def _phrases_of(
    headline: str, spread: Counter[tuple[str, ...]], need: int, names: set[str]
) -> Iterator[Phrase]:
    """Each run of `headline` that stands as a phrase and that `need` outlets share."""
    if _shouting(headline):
        return
    for clause in _clauses(_tokens(headline), headline):
        for i, first in enumerate(clause):
            before = clause[i - 1] if i else None
            if first.stem is None and not _weak(first):
                continue
            if before is not None and (
                before.stem is not None or _weak(before) or before.text.lower() == "to"
            ):
                continue  # a phrase starts a clause or follows a function word ("to": a verb)
            yield from _phrases_from(headline, clause, i, spread, need, names)


def _phrases_from(
    headline: str,
    clause: list[_Token],
    i: int,
    spread: Counter[tuple[str, ...]],
    need: int,
    names: set[str],
) -> Iterator[Phrase]:
    stems: list[str] = []
    for j in range(i, len(clause)):
        tok = clause[j]
        if tok.stem is None:
            if not tok.inner:
                return  # "to", "will", "is": a clause, not a phrase
            continue
        stems.append(tok.stem)
        outlets = spread[tuple(stems)]
        if len(stems) > _PHRASE_WORDS or outlets < need:
            return  # a longer run is shared by no more outlets
        after = clause[j + 1] if j + 1 < len(clause) else None
        if len(stems) >= 2 and (after is None or (after.stem is None and not _weak(after))):
            words = [t.text for t in clause[i : j + 1] if t.stem]
            name_only = all(w.lower().rstrip(".") in _TITLES or w.lower() in names for w in words)
            text = headline[clause[i].start : tok.end]
            yield Phrase(_capitalised(text), outlets, len(stems), name_only)


def _capitals(text: str) -> int:
    return sum(1 for w in text.split()[1:] if w[:1].isupper())


def _weak(tok: _Token) -> bool:
    return tok.text.lower() in _WEAK


# --- 2. the plain headline ---------------------------------------------------------------------


def neutral_headline(articles: Sequence[Article], phrase: Phrase | None = None) -> str | None:
    """The most central headline that reads as news, not opinion, whole; one that holds the
    outlets' shared `phrase` first. None if no headline reads so."""
    groups = outlet_groups(articles)
    spread: Counter[str] = Counter()
    for arts in groups.values():
        spread.update({s for a in arts for s in _content(a.headline)})
    wanted = set(_content(phrase.text)) if phrase else set()
    found: list[tuple[bool, float, bool, str, str]] = []
    for a in articles:
        head = " ".join(a.headline.split())
        if not head or not _plain(head):
            continue
        stems = set(_content(head))
        shared = sum(spread[s] - 1 for s in stems)  # words other outlets use too
        score = shared / (len(stems) + 2) - _soft_penalty(head)
        found.append((not wanted <= stems, -score, a.headline_derived, a.id, head))
    return min(found)[4] if found else None


def _content(text: str) -> list[str]:
    return [t.stem for t in _tokens(text) if t.stem]


def _plain(head: str) -> bool:
    """A headline that may stand for the event: not a question or an exclamation, no opinion
    mark or byline, not cut off, not shouting or mis-decoded, no web address, not too long to
    read at once."""
    return not (
        "?" in head
        or head.rstrip(_QUOTES).endswith("!")
        or _OPINION_MARK.search(head)
        or _BYLINE.match(head)
        or _CUT.search(head)
        or _shouting(head)
        or _MOJIBAKE.search(head)
        or _WEB.search(head)
        or len(head.split()) > _HEADLINE_WORDS
    )


def _soft_penalty(head: str) -> float:
    """Marks of a view rather than a report, outside what the headline quotes someone saying:
    the first person, judging words, how or why; a headline that opens with a quotation, counts
    reasons ("3 Reasons Why"), or runs to two sentences; and length (short reads at a glance)."""
    words = [t.text.lower() for t in _tokens(head)]
    own = [t.text.lower() for t in _tokens(_unquoted(head))]
    penalty = 0.0
    if any(w in _FIRST_PERSON for w in own):
        penalty += 1.0
    if any(w in _JUDGING for w in own):
        penalty += 1.0
    if any(w in ("why", "how") for w in own):
        penalty += 0.5
    if head[0] in _QUOTES or head[0].isdigit() or (words and words[0] in _WEAK):
        penalty += 0.5
    if _PROMO.match(head):
        penalty += 0.5
    if re.search(r"\w[.;] +[A-Z]", head):
        penalty += 0.5
    return penalty + 0.02 * len(words)


_QUOTED = re.compile(r"(?:^|(?<=[\s:(]))['‘\"“][^'’\"”]*['’\"”](?=[\s,.:;!?)]|$)")


def _unquoted(head: str) -> str:
    """The headline without what it quotes someone saying."""
    return _QUOTED.sub(" ", head)


def _shouting(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 12 and sum(c.isupper() for c in letters) > 0.7 * len(letters)


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]
