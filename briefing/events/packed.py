"""Articles' word counts sent from a worker process as numbers, read back with one string a term.

Why this module exists: grouping counts every article's words on every core (`grouping.features`),
and the counts come back to the process that groups them. Sent as `Counter`s, each part of the
articles comes back with its own copy of every word's string: unpickling fifty thousand Counters
is seconds of work, and the same word held as several string objects makes every dictionary
look-up after it (weights, cosines, centroids: tens of millions of them) compare the strings'
characters instead of their identity, which measured about half the cost of a cosine. Here a part's
counts travel as its words once (in the order they were first met) and arrays of numbers, and are
read back with one string object per word across all the parts (`Canon`), in the same order of
terms, with the same counts. The part's document frequencies come along (the words in the order
they were first met are those frequencies' order too), so the grouping's statistics are added
up a word per part instead of a word per article.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import islice, repeat
from operator import add

__all__ = ["Packed", "pack", "read_words", "unpack"]


@dataclass(frozen=True, slots=True)
class Packed:
    """Some articles' word counts: `words` in the order first met; each article's terms as
    indices into `words` (`ids`) with their `counts`, the articles one after another (`sizes`:
    terms each); `df[k]`: how many of the articles hold `words[k]`."""

    words: list[str]
    ids: array[int]
    counts: array[int]
    sizes: array[int]
    df: array[int]


def pack(counted: Iterable[Counter[str]]) -> Packed:
    """`counted` as numbers (see `Packed`)."""
    index = _Index()
    ids: array[int] = array("q")
    counts: array[int] = array("q")
    sizes: array[int] = array("q")
    for c in counted:
        ids.extend(map(index.__getitem__, c))
        counts.extend(c.values())
        sizes.append(len(c))
    # each word's first article comes in the order the words were first met, so the counts of
    # the indices are in index order
    df = array("q", Counter(ids).values())
    return Packed(list(index), ids, counts, sizes, df)


class _Index(dict[str, int]):
    """Each word's index: a new word's is the number of words met before it, given on its
    first look-up (a word met before is one look-up in C: `pack` maps a part's millions of
    terms through it)."""

    __slots__ = ()

    def __missing__(self, word: str) -> int:
        got = self[word] = len(self)
        return got


def unpack(
    parts: Sequence[Packed], canon: dict[str, str], df: dict[str, int]
) -> list[Counter[str]]:
    """The Counters of `parts`, in order, each term the one string of `canon` for it (added if
    new); `df` gains each part's document frequencies (new words at the end, in the order they
    were first met: the order counting the Counters one by one gives)."""
    out: list[Counter[str]] = []
    for part, words in zip(parts, read_words(parts, canon, df), strict=True):
        terms = map(words.__getitem__, part.ids)
        counts = iter(part.counts)
        for n in part.sizes:
            c: Counter[str] = Counter()
            dict.update(c, zip(islice(terms, n), islice(counts, n), strict=True))
            out.append(c)
    return out


def read_words(
    parts: Sequence[Packed], canon: dict[str, str], df: dict[str, int]
) -> list[list[str]]:
    """Each part's `words` as the one string of `canon` for each (added if new), with `df`
    gaining each part's document frequencies (as `unpack` reads them), without the Counters."""
    out: list[list[str]] = []
    for part in parts:
        words = list(map(canon.setdefault, part.words, part.words))
        df.update(zip(words, map(add, map(df.get, words, repeat(0)), part.df), strict=True))
        out.append(words)
    return out
