"""Which word pairs the index keeps as terms: those of two frequent words.

Why this module exists: a phrase is slow for Whoosh only when both its words are common
(`"white house"`: thousands of articles hold both, and the positions of each must be read and
compared). When one word is rare, the articles holding both are few and positions are cheap.
Indexing every pair of consecutive words made the index build 2.9x slower (every distinct pair
is a term), so the pair fields hold only pairs whose two stems are both in a fixed list of
frequent words per language, shipped as data (`frequent_en.txt`, `frequent_ru.txt`): the 3,000
most frequent words of each. With 1,000, the words that name what news is about (court,
climate, minister, reserve, affordable) fell outside it, and their phrases read positions of
thousands of articles; with 3,000 a pair stands for 58% of consecutive stems (32% before; every
pair: 2.9x the build), measured on 3,000 AllSides articles, for ~11% more build time. The list
is decided once, with the schema, never by a pass over the corpus: the index and the query
side ask the same question of the same two stems (`analysis.indexed_pair`), so a phrase uses
the pair fields exactly where the pairs are there, and positions elsewhere.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Final

__all__ = ["LISTS", "frequent_words"]

LISTS: Final = ("frequent_en.txt", "frequent_ru.txt")


@lru_cache(maxsize=1)
def frequent_words() -> tuple[str, ...]:
    """The words of every list, as written there (`analysis.frequent_stems` stems them)."""
    out: list[str] = []
    folder = resources.files("briefing.index")
    for name in LISTS:
        for line in folder.joinpath(name).read_text(encoding="utf-8").splitlines():
            word = line.strip()
            if word and not word.startswith("#"):
                out.append(word)
    return tuple(out)
