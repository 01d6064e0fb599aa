"""Cyrillic in Latin letters, and a key that matches one name across scripts.

Why this module exists: a reader who follows Russian and English outlets sees "Путин" beside
"Putin", "Абэ" beside "Abe", "Курилы" beside "Kurils". The transliteration (the news agencies'
English practice: "Шойгу" -> "Shoigu", "Дмитрий" -> "Dmitry") is shown beside Cyrillic names;
`name_key` reduces a name in either script to its consonant skeleton ("Трамп" and "Trump" both
give "trmp") so that events and comparisons can match people and places across languages.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_TABLE = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "ў": "u",
}  # fmt: skip
_CYR = re.compile(r"[\u0400-\u04ff]")
_WORD_START_E = re.compile(r"(?<![\w])е", re.I)


def has_cyrillic(text: str) -> bool:
    return bool(_CYR.search(text))


def to_latin(text: str) -> str:
    """'Владимир Путин' -> 'Vladimir Putin'; text without Cyrillic is returned unchanged."""
    if not has_cyrillic(text):
        return text
    out = []
    prev = ""
    for ch in text:
        low = ch.lower()
        lat = _TABLE.get(low)
        if lat is None:
            out.append(ch)
        else:
            if low == "е" and (not prev.isalpha() or prev.lower() in "аеёиоуыэюяъь"):
                lat = "ye"  # "Ельцин" -> "Yeltsin"
            if low in "ий" and out and out[-1].lower().endswith("i") and low == "й":
                out[-1] = out[-1][:-1]
                lat = "y"  # "Дмитрий" -> "Dmitry"
            if ch.isupper():
                lat = lat.capitalize() if not (prev.isupper() and prev.isalpha()) else lat.upper()
            out.append(lat)
        prev = ch
    return "".join(out)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", to_latin(text))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """A name's consonant skeleton, the same in Cyrillic and Latin: 'Путин', 'Putin' -> 'ptn'.

    Spelling differences that transliteration brings are levelled first: 'dzh'/'j', 'kh'/'h',
    'ts'/'tz'/'z', 'c'/'k', 'w'/'v', 'ph'/'f', double letters, a silent 'h'.
    """
    s = re.sub(r"[^a-z]", "", _fold(name))
    if not s:
        return ""
    for a, b in (
        ("dzh", "j"), ("zh", "j"), ("kh", "h"), ("tch", "ch"), ("sch", "sh"), ("shch", "sh"),
        ("ck", "k"), ("ph", "f"), ("tz", "ts"), ("w", "v"), ("q", "k"), ("x", "ks"),
        ("ch", "4"), ("sh", "s"), ("dz", "z"), ("z", "s"),
    ):  # fmt: skip
        s = s.replace(a, b)
    s = re.sub(r"c(?=[eiy])", "s", s).replace("c", "k")
    head, rest = s[0], s[1:]
    rest = re.sub(r"h", "", rest)
    rest = re.sub(r"[aeiouyj]", "", rest)
    s = head + rest
    s = re.sub(r"(.)\1+", r"\1", s)
    return s


_CLASSES = str.maketrans("pbfvtdkgcqszxjlrmn", "PPPPTTKKKKSSSSLLNN", "aeiouyhw")
_CAMEL = re.compile(r"[A-Z][a-z]*|[a-z]+")


@lru_cache(maxsize=65536)
def sound_key(name: str) -> str:
    """A name's coarse sound, the same however a language spelled it by ear: consonant classes
    (lips, teeth, throat, hiss, l/r), nasals kept only at the start, vowels dropped.

    'Trump' and 特朗普 (romanised 'TeLangPu') both give 'TLP'; 'McConnell' and 麦康奈尔
    ('MaiKangNaiEr') 'NKL'; 'Pelosi' and 佩洛西 'PLS'. Names in Chinese or Japanese script are
    romanised by their characters' readings (anyascii, data in the wheel); Cyrillic by
    `to_latin`. Coarse on purpose: used only to match people across scripts, beside the other
    evidence, never shown.
    """
    from anyascii import anyascii

    parts = re.split(r"[\s·・‧•\-]+", name.strip())
    out = []
    for part in parts:
        if not part:
            continue
        spelled_by_ear = not part.isascii() and not has_cyrillic(part)
        latin = anyascii(part) if spelled_by_ear else to_latin(part)
        if spelled_by_ear:
            # romanised syllable by syllable: 'Er' (尔) spells a final l or r
            syllables = [s.lower() for s in _CAMEL.findall(latin)]
            word = "".join("l" if s == "er" else s for s in syllables)
        else:
            word = _fold(latin)
            word = re.sub(r"r(?=[^aeiouy]|$)", "", word)  # 'Merkel', 'Cooper': r unsounded
        word = re.sub(r"[^a-z]", "", word)
        for a, b in (("ph", "f"), ("th", "t"), ("sch", "s"), ("sh", "s"), ("ch", "s"),
                     ("zh", "s"), ("ck", "k"), ("gh", "g"), ("ng", "n")):  # fmt: skip
            word = word.replace(a, b)
        word = re.sub(r"c(?=[eiy])", "s", word)
        if not word:
            continue
        head = word[0].translate(_CLASSES) or ""
        rest = word[1:].translate(_CLASSES).replace("N", "")
        key = re.sub(r"(.)\1+", r"\1", head + rest)
        out.append(key)
    return "".join(out)


def ends_with_spelling(text: str, other: str) -> bool:
    """Whether `other` is the last words of `text` written in the other script: "Премьер-министр
    Баварии Маркус Зёдер" ends with "Markus Söder" (a name glossed in parentheses)."""
    words = text.split()
    n = len(other.split())
    if not n or len(words) < n:
        return False
    tail = " ".join(words[-n:])
    if has_cyrillic(tail) == has_cyrillic(other):
        return False
    key = name_key(tail)
    return bool(key) and key == name_key(other)
