"""Word analysis in any script: Russian stems, character pairs for Chinese and Japanese.

Why this module exists: the index must find "Путин" in "Путина" and "長門市" in a Japanese
sentence that has no spaces, and it must analyse a query the way it analysed the article. One
analyzer serves every article, whatever its language, so a mixed corpus is searched with one
query: each word is analysed by its script. Latin words keep the English analysis (Porter
stems), Cyrillic words get Whoosh's Snowball Russian stemmer, and runs of Han, kana or Hangul
become overlapping character pairs (a lone character stays itself), positioned one after the
other so that a phrase query on the pairs finds the word.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from whoosh.analysis import Filter, Token, Tokenizer

WORDS = re.compile(
    r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]+|\w+(?:\.?\w+)*"
)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def is_cjk(word: str) -> bool:
    return bool(_CJK.match(word))


def cjk_pairs(run: str) -> list[str]:
    """'長門市' -> ['長門', '門市']; a single character stays itself."""
    if len(run) < 2:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


class ScriptTokenizer(Tokenizer):  # type: ignore[misc]
    """Words as `RegexTokenizer` finds them, except runs of Chinese, Japanese or Korean
    characters, which become overlapping character pairs."""

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Any]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            t.original = t.text = value
            t.boost = 1.0
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar = start_char
                t.endchar = start_char + len(value)
            yield t
            return
        pos = start_pos
        for match in WORDS.finditer(value):
            word = match.group(0)
            pieces = (
                [(word, match.start(), match.end())]
                if not is_cjk(word)
                else [
                    (pair, match.start() + i, match.start() + i + len(pair))
                    for i, pair in enumerate(cjk_pairs(word))
                ]
            )
            for text, s, e in pieces:
                t.text = text
                t.boost = 1.0
                if keeporiginal:
                    t.original = text
                t.stopped = False
                if positions:
                    t.pos = pos
                pos += 1
                if chars:
                    t.startchar = start_char + s
                    t.endchar = start_char + e
                yield t


@lru_cache(maxsize=1)
def _russian() -> Any:
    from whoosh.lang.snowball.russian import RussianStemmer

    return RussianStemmer()


@lru_cache(maxsize=200_000)
def stem_word(word: str, english: Any) -> str:
    """A lower-cased word's stem by its script: Snowball Russian, Porter, or the word itself."""
    if _CYRILLIC.search(word):
        return str(_russian().stem(word))
    if _CJK.match(word):
        return word
    return str(english(word))


class ScriptStemFilter(Filter):  # type: ignore[misc]
    """Stems each token by its script (see `stem_word`)."""

    def __init__(self) -> None:
        from whoosh.lang.porter import stem

        self.english = stem

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))

    def __call__(self, tokens: Iterator[Any]) -> Iterator[Any]:
        for t in tokens:
            if not t.stopped:
                t.text = stem_word(t.text, self.english)
            yield t


RUSSIAN_STOP_WORDS = frozenset(
    "и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее "
    "её мне было вот от меня еще ещё нет о из ему теперь когда даже ну вдруг ли если уже или ни "
    "быть был него до вас нибудь опять уж вам ведь там потом себя ничего ей может они тут где "
    "есть надо ней для мы тебя их чем была сам чтоб без будто чего раз тоже себе под будет ж "
    "тогда кто этот того потому этого какой совсем ним здесь этом один почти мой тем чтобы нее "
    "сейчас были куда зачем всех никогда можно при наконец два об другой хоть после над больше "
    "тот через эти нас про всего них какая много разве три эту моя впрочем хорошо свою этой "
    "перед иногда лучше чуть том нельзя такой им более всегда конечно всю между это также".split()
)
