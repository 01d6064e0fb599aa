"""Character-level hygiene for article text: decoding bytes and cleaning what they decode to.

Why this module exists: saved articles arrive in every encoding (UTF-8 with or without a BOM,
Windows code pages, KOI8-R, ...) and carry scraping debris: non-breaking and zero-width spaces,
Windows newlines, stray control characters and even terminal escape sequences. briefing prints
article text to a terminal, so text is data and must never reach the screen able to move the
cursor, retitle the window or ring the bell. Everything that reads text goes through
`decode_bytes` and `clean_text`; nothing else in briefing needs to think about characters.
"""

from __future__ import annotations

import codecs
import itertools
import re
import unicodedata
from collections import Counter
from typing import Final

__all__ = ["clean_line", "clean_text", "decode_bytes", "is_probably_binary", "squash_spaces"]

# --------------------------------------------------------------------------------------------
# Cleaning

# Terminal control sequences, whole: CSI (ESC [ params final), OSC / DCS / SOS / PM / APC strings
# (ESC ] ... BEL or ST; an unterminated one runs to the end of its line) and the remaining short
# ESC sequences (ESC ( B, ESC 7, ESC c, ...). One-byte C1 controls (CSI as U+009B, ...) are simply
# dropped with the other control characters: what follows them is then harmless printable text.
_ESCAPES: Final = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"
    r"|\x1b[\]PX^_][^\x07\x1b\n]*(?:\x07|\x1b\\)?"
    r"|\x1b[ -/]*[0-~]?"
)

# Tab and the odd spaces: no-break, Ogham, en/em/thin/hair..., narrow no-break, math, ideographic.
_SPACES: Final = (
    "\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u202f\u205f\u3000"
)
# Invisible characters that only get in the way: zero-width space / (non-)joiners / word joiner,
# BOM, soft hyphen, Mongolian vowel separator, and directional marks, embeddings, overrides and
# isolates (which can make a terminal show text in a different order than it is stored).
_INVISIBLE: Final = (
    "\u00ad\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff\ufff9\ufffa\ufffb"
)
_LINE_BREAKS: Final = {"\x0b": "\n", "\x0c": "\n", "\x85": "\n", "\u2028": "\n", "\u2029": "\n\n"}


def _build_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    for code in [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)]:
        table[code] = None
    del table[ord("\n")]
    for ch in _SPACES:
        table[ord(ch)] = " "
    for ch in _INVISIBLE:
        table[ord(ch)] = None
    for ch, repl in _LINE_BREAKS.items():
        table[ord(ch)] = repl
    for code in range(0xD800, 0xE000):  # lone surrogates (JSON "\ud800") cannot be printed
        table[code] = "\ufffd"
    return table


_TABLE: Final = _build_table()
# One character class covering every key of _TABLE, so clean text (the common case) costs a
# single scan and `translate` (slow on non-ASCII strings) runs only when there is work to do.
_ODD: Final = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f"
    + re.escape(_SPACES + _INVISIBLE + "".join(_LINE_BREAKS))
    + "\ud800-\udfff]"
)
_TRAILING: Final = re.compile(r" +$", re.MULTILINE)
_WHITESPACE_RUN: Final = re.compile(r"\s+")


def clean_text(s: str) -> str:
    """Make text safe and regular without changing what it says.

    Normalises to NFC and newlines to `\\n`; turns tabs and odd spaces (no-break, en/em, thin,
    ideographic, ...) into plain spaces; removes zero-width and directional formatting characters,
    BOMs, terminal escape sequences and every other control character. Paragraph structure stays:
    blank lines and leading indentation are kept, trailing spaces on each line and blank lines
    at the start and end are dropped. Letters and punctuation of any script are left alone.
    """
    if "\r" in s:
        s = s.replace("\r\n", "\n").replace("\r", "\n")
    if "\x1b" in s:
        s = _ESCAPES.sub("", s)
    if _ODD.search(s):
        s = s.translate(_TABLE)
    if not s.isascii() and not unicodedata.is_normalized("NFC", s):
        s = unicodedata.normalize("NFC", s)
    if " \n" in s or s.endswith(" "):
        s = _TRAILING.sub("", s)
    return s.rstrip().lstrip("\n")


def clean_line(s: str) -> str:
    """`clean_text` for one-line values (headlines, names, dates): whitespace runs -> one space."""
    return _WHITESPACE_RUN.sub(" ", clean_text(s)).strip()


# --------------------------------------------------------------------------------------------
# Binary detection

_SNIFF_BYTES: Final = 8192
# Bytes that plain text is made of: printable ASCII, anything >= 0x80 (some encoding's letters)
# and the usual controls (tab, newlines, form feed, backspace, escape).
_TEXT_BYTES: Final = bytes(range(0x20, 0x100)) + b"\t\n\r\x0b\x0c\x08\x1b"
_UNICODE_BOMS: Final = (
    codecs.BOM_UTF32_LE,
    codecs.BOM_UTF32_BE,
    codecs.BOM_UTF16_LE,
    codecs.BOM_UTF16_BE,
)


def is_probably_binary(data: bytes) -> bool:
    """True for data that is not text: a NUL byte or >10% control bytes in the first 8 KB.

    UTF-16 and UTF-32 text (which is full of NULs) is recognised by its byte-order mark.
    """
    sample = data[:_SNIFF_BYTES]
    if not sample or sample.startswith(_UNICODE_BOMS):
        return False
    if b"\x00" in sample:
        return True
    controls = len(sample.translate(None, _TEXT_BYTES))
    return controls * 10 > len(sample)


# --------------------------------------------------------------------------------------------
# Decoding

# Single-byte encodings always considered, most common first; the order breaks ties.
_SINGLE_BYTE: Final = (
    "cp1252",
    "cp1251",
    "cp1250",
    "koi8_r",
    "iso8859_2",
    "cp1253",
    "cp1254",
    "cp1257",
    "cp866",
    "koi8_u",
    "mac_roman",
    "latin_1",
)
# Alphabets (lower case) of languages whose 8-bit files turn up, for judging a decoding: in a
# correct one, the non-ASCII letters of a text all belong to one language.
_ALPHABETS: Final = tuple(
    frozenset(a)
    for a in (
        "àâæçéèêëîïôœùûüÿ",  # French
        "äöüßéàè",  # German
        "áéíñóúü",  # Spanish
        "áâãàçéêíóôõú",  # Portuguese
        "àèéìíîòóùú",  # Italian
        "àçèéíïòóúü",  # Catalan
        "åäöæøéü",  # Scandinavian
        "áðéíóúýþæö",  # Icelandic
        "ąćęłńóśźż",  # Polish
        "áäčďéěíĺľňóôŕřšťúůýž",  # Czech, Slovak
        "áéíóöőúüű",  # Hungarian
        "čćđšž",  # Croatian, Serbian, Slovene
        "ăâîșțşţ",  # Romanian
        "çğıöşüâîû",  # Turkish
        "ąčęėįšųūžāēģīķļņõäöü",  # Baltic
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",  # Russian
        "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя",  # Ukrainian
        "абвгдеёжзійклмнопрстуўфхцчшыьэюя",  # Belarusian
        "абвгдђежзијклљмнњопрстћуфхцчџшѓѕќ",  # Serbian, Macedonian
        "αβγδεζηθικλμνξοπρσςτυφχψωάέήίόύώϊϋΐΰ",  # Greek
        "אבגדהוזחטיכךלמםנןסעפףצץקרשת",  # Hebrew
    )
)
# Non-ASCII punctuation that is at home in any Western or Cyrillic text.
_COMMON_PUNCT: Final = frozenset("“”‘’„«»–—…•€£¥°§©®™·×¡¿\u00a0№")
_NON_ASCII: Final = re.compile(r"[^\x00-\x7f]")
_NON_ASCII_WORD: Final = re.compile(r"\w*[^\x00-\x7f]\w*")
_SCORE_CHARS: Final = 65536


def decode_bytes(data: bytes) -> tuple[str, str | None]:
    """Decode a text file's bytes. Returns (text, None) for UTF-8, else (text, encoding used).

    UTF-8 is tried first (a BOM is dropped), then UTF-16/32 by BOM. A file that is UTF-8 but for
    a few stray bytes stays UTF-8, the strays read as cp1252. Anything else is detected: the
    candidates of `charset-normalizer` and the common single-byte code pages are each decoded and
    the one whose non-ASCII letters best fit a single language wins (ties go to the commoner
    code page), which gets short Latin-1 and cp1251 texts right where detection alone guesses.
    Never raises: the last resort is Latin-1, which decodes any bytes.
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError:
                break
    mostly_utf8 = _mostly_utf8(data)
    if mostly_utf8 is not None:
        return mostly_utf8
    return _detect(data)


_SURROGATE_ESCAPES: Final = re.compile("[\udc80-\udcff]")
_STRAY_BYTES: Final = {
    0xDC00 + b: bytes([b]).decode("cp1252", "replace") for b in range(0x80, 0x100)
}


def _mostly_utf8(data: bytes) -> tuple[str, str] | None:
    """UTF-8 with a few invalid bytes (a cp1252 quote pasted in): keep it UTF-8."""
    text = data.decode("utf-8", "surrogateescape")
    strays = len(_SURROGATE_ESCAPES.findall(text))
    genuine = len(_NON_ASCII.findall(text)) - strays
    if genuine <= strays:
        return None
    return text.translate(_STRAY_BYTES), f"utf-8 ({strays} stray bytes read as cp1252)"


def _detect(data: bytes) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    coherence: dict[str, float] = {}
    names: list[str] = []
    for m in matches:
        for enc in (m.encoding, *m.could_be_from_charset):
            if enc not in coherence:
                coherence[enc] = m.coherence
                names.append(enc)
    best_multi: tuple[str, str, float] | None = None
    if matches:
        top = matches[0]
        text = str(top)
        if len(text) != len(data):  # a multi-byte encoding (CJK, ...): trust the detector
            best_multi = (text, top.encoding, top.coherence)
    candidates: list[tuple[float, float, int, str, str]] = []
    for rank, enc in enumerate(dict.fromkeys([*_SINGLE_BYTE, *names])):
        try:
            decoded = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        if len(decoded) != len(data):
            continue
        score = round(_plausibility(decoded[:_SCORE_CHARS]), 2)
        candidates.append((score, coherence.get(enc, 0.0), -rank, enc, decoded))
    if not candidates:
        return data.decode("latin_1"), "latin_1"
    score, _, _, enc, decoded = max(candidates)
    if best_multi is not None and (best_multi[2] > 0 or score < 0.95):
        return best_multi[0], best_multi[1]
    return decoded, enc


def _plausibility(text: str) -> float:
    """How much a decoding looks like real text, 0..1, judged by its non-ASCII characters.

    Good: letters that all belong to one language's alphabet, common typographic punctuation.
    Bad: letters from no single alphabet, stray symbols, control characters, and words whose
    case flips from lower to upper mid-word (the mark of KOI8-R read as cp1251 and vice versa).
    """
    counts = Counter(_NON_ASCII.findall(text))
    total = sum(counts.values())
    if not total:
        return 1.0
    letters = Counter[str]()
    punct = controls = 0
    for ch, n in counts.items():
        if ch.isalpha():
            letters[ch.lower()] += n
        elif ch in _COMMON_PUNCT:
            punct += n
        elif ch < "\xa0":
            controls += n
    covered = max((sum(n for ch, n in letters.items() if ch in a) for a in _ALPHABETS), default=0)
    anomalies = 0
    for word in _NON_ASCII_WORD.findall(text):
        for a, b in itertools.pairwise(word):
            if a.islower() and b.isupper():
                anomalies += 1
                break
    good = covered + punct
    bad = (total - good) + 2 * anomalies + 3 * controls
    return good / (good + bad) if good + bad else 1.0


def squash_spaces(text: str) -> str:
    """`text` with every run of white space one space, stripped: how the page readers compare
    a tree's text with an extraction's lines. (It was a regular expression's substitution of
    runs of its white-space class, then `strip`: that class and `str.split` take the same
    characters for white space, `str.isspace`'s, and a split is a quarter of the cost; tests
    pin it.)"""
    return " ".join(text.split())
