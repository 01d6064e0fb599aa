"""Which language an article is written in.

Why this module exists: everything after reading depends on it: which reading rules apply
(dates, datelines, names), how the index analyses words (a Russian stemmer, character n-grams
for Chinese and Japanese), and how events match articles across languages. A record's or page's
own statement of its language wins; otherwise py3langid (a maintained fork of langid.py, its
model shipped inside the wheel, no download) decides from the text, and a text too short or
too mixed to tell is left unknown rather than guessed.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import islice
from typing import Any

_CODE = re.compile(r"^([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)*$")
_LETTER = re.compile(r"[^\W\d_]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
SAMPLE = 3000  # characters read: enough to tell, cheap for long articles
MIN_LETTERS = 12
MIN_PROBABILITY = 0.6
# The languages told apart: those of the world's news (langid.py knows 97, many of them rare,
# which short or unusual text would otherwise be taken for).
LANGUAGES = (
    "ar bg ca cs da de el en es et fa fi fr he hi hr hu id it ja ko lt lv ms nl no pl pt ro ru "
    "sk sl sr sv th tr uk ur vi zh"
).split()


def normalise_code(declared: str | None) -> str | None:
    """'ru-RU' -> 'ru', 'EN' -> 'en'; None for anything that is not a language tag."""
    if not declared:
        return None
    m = _CODE.match(declared.strip())
    if not m:
        return None
    code = m.group(1).lower()
    return {"rus": "ru", "eng": "en", "jpn": "ja", "zho": "zh", "chi": "zh"}.get(code, code)


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from briefing.ingest.langid_model import language_identifier

    return language_identifier(tuple(LANGUAGES))


def script_of(text: str) -> str:
    """The main script of a text: 'cyrillic', 'cjk', 'hangul', 'latin' or 'other'."""
    letters = _LETTER.findall(text[:SAMPLE])
    if not letters:
        return "other"
    n = len(letters)
    sample = "".join(letters)
    if len(_KANA.findall(sample)) + len(_HAN.findall(sample)) > 0.3 * n:
        return "cjk"
    if len(_HANGUL.findall(sample)) > 0.3 * n:
        return "hangul"
    if len(_CYRILLIC.findall(sample)) > 0.5 * n:
        return "cyrillic"
    latin = sum(1 for c in sample if c < "\u0250")
    return "latin" if latin > 0.5 * n else "other"


def identify(text: str, declared: str | None = None) -> str | None:
    """The language of `text` as an ISO 639-1 code ('ru', 'en', 'ja'), or None when unsure."""
    code = normalise_code(declared)
    if code:
        return code
    sample = text[:SAMPLE]
    # (counted only as far as it matters: MIN_LETTERS or more is enough)
    letters = sum(1 for _ in islice(_LETTER.finditer(sample), MIN_LETTERS))
    # (the script is looked at only when the count alone does not decide)
    if letters < MIN_LETTERS and (letters < 4 or script_of(sample) != "cjk"):
        # a few characters still tell Japanese (kana) from Chinese
        if _KANA.search(sample):
            return "ja"
        return None
    lang, prob = _identifier().classify(sample)
    if _KANA.search(sample) and lang == "zh":
        return "ja"  # kana never occurs in Chinese
    if prob < MIN_PROBABILITY:
        return None
    return str(lang)
