"""A page's headline, chosen among what the page calls itself, by agreement.

Why this module exists: a page names its article several times (`<h1>`, JSON-LD `headline`,
`og:title`, `twitter:title`, `<title>`), and each may carry more than the headline: the site's
name (`Headline | Site`), a kicker (`Kicker: Headline`), a section. No single source is right
on every site, so the headline is the candidate another source confirms, or the part of it
that two sources share (README "Pages" states the rule).
"""

from __future__ import annotations

import html as html_lib
import re
from typing import Final

from briefing.ingest.page_meta import PageMeta
from briefing.ingest.text import clean_line

__all__ = ["choose_headline", "dice", "same_text", "token_set"]

_TITLE_SEPARATORS: Final = re.compile(
    r"\s+(?:[|–—•·»«:/\\~]|-{1,2}|::)\s+"
    # Chinese and Japanese titles join the site without spaces: '标题-新华网', 'NHK｜标题'
    r"|(?<=[\u3040-\u30ff\u3400-\u9fff\uff01-\uff60])\s*[-_|｜]\s*"
    r"|\s*[-_|｜]\s*(?=[\u3040-\u30ff\u3400-\u9fff])"
)
_WORDS: Final = re.compile(r"\w+", re.UNICODE)
_CJK_SITE: Final = re.compile(
    r"(?<=[\u3040-\u30ff\u3400-\u9fff\uff01-\uff60])[-_|｜][^-_|｜\s]{1,8}$"
)


def token_set(text: str) -> set[str]:
    return {w.lower() for w in _WORDS.findall(text)}


def dice(a: str, b: str) -> float:
    x, y = token_set(a), token_set(b)
    if not x or not y:
        return 0.0
    return 2 * len(x & y) / (len(x) + len(y))


def same_text(a: str, b: str) -> bool:
    return len(a) <= 1.5 * len(b) + 10 and dice(a, b) >= 0.8


def _strip_site(title: str, site_names: list[str], url: str | None, *, guess: bool) -> str:
    """Titles often carry the site: 'Headline | Site', 'Site - Headline'. Drop the parts that
    name the site (its `og:site_name`, its host, a short part with a word of the host in it);
    with `guess` (for `<title>`), when no part
    names the site, drop what follows the last ' | '."""
    parts = [p.strip() for p in _TITLE_SEPARATORS.split(title) if p.strip()]
    if len(parts) < 2:
        return title.strip()
    host = ""
    if url:
        host = re.sub(r"^[a-z]+://(www\.)?", "", url.lower()).split("/", 1)[0]
    known = [s.lower() for s in site_names if s]

    def is_site(part: str) -> bool:
        low = part.lower()
        if any(low == k or dice(low, k) >= 0.8 for k in known):
            return True
        squashed = re.sub(r"\W", "", low)
        if not host:
            return False
        if len(squashed) >= 3 and squashed in re.sub(r"\W", "", host):
            return True
        words = _WORDS.findall(low)  # 'MyOOS Community Forum' on foren.myoos.de
        labels = [lab for lab in host.split(".")[:-1] if len(lab) >= 4]
        return len(words) <= 5 and any(  # most of a name in the host: not 'Whisky' in
            len(w) >= 4 and w in lab and 2 * len(w) >= len(lab)  # whiskyverkostung.com
            for w in words
            for lab in labels
        )

    outer = [0, len(parts) - 1]
    if any(is_site(parts[i]) for i in outer):
        kept = [p for i, p in enumerate(parts) if not (i in outer and is_site(p))]
        return _rejoin(title, kept)
    if guess and " | " in title:
        return title.rsplit(" | ", 1)[0].strip()
    if guess and " - " in title:
        return title.rsplit(" - ", 1)[0].strip()
    if guess and _CJK_SITE.search(title):  # '标题-新华网': the short part after the last dash
        return _CJK_SITE.sub("", title).strip()
    return title.strip()


def _rejoin(title: str, kept: list[str]) -> str:
    """The kept parts as they stood in the title (with their own separators)."""
    if not kept:
        return title.strip()
    start = title.find(kept[0])
    end = title.rfind(kept[-1]) + len(kept[-1])
    return title[start:end].strip() if 0 <= start < end else " - ".join(kept)


def choose_headline(meta: PageMeta, body: str, url: str | None) -> str | None:
    """The headline, by rule. Candidates: the page's `<h1>` (the headline a reader sees), the
    JSON-LD headline, `og:title`, `twitter:title` and `<title>` (site names stripped). Weak
    ones are dropped when a strong one exists: one word ('News', 'Sections'), or the site's
    name (an `<h1>` that is the site part of `<title>`). The first in that order that another
    source confirms (token Dice >= 0.8, or the text's first line) wins; else the first."""
    title = next((c.value for c in meta.titles if c.source == "<title>"), "")
    # a "site name" that is the whole `<title>`, separator and all, is the title misfiled:
    # its last part is the site's name
    sites = [
        _TITLE_SEPARATORS.split(c.value)[-1].strip() if _is_whole_title(c.value, title) else c.value
        for c in meta.site_names
    ]
    title_parts = _TITLE_SEPARATORS.split(title) if title else []
    site_parts = [title_parts[-1].strip()] if len(title_parts) >= 2 else []
    first_line = body.split("\n", 1)[0].strip() if body else ""
    cands: list[tuple[str, str, bool]] = []
    h1_seen = False
    for c in meta.titles:
        value = html_lib.unescape(c.value) if "&" in c.value else c.value
        if c.source == "<title>" or c.source.startswith("meta"):
            value = _strip_site(value, sites, url, guess=c.source == "<title>")
        value = clean_line(value)
        n = len(_WORDS.findall(value))
        if not 1 <= n <= 40:
            continue
        weak = n == 1 or any(dice(value, s) >= 0.8 for s in sites)
        if c.source == "<h1>":
            weak = weak or any(dice(value, p) >= 0.8 for p in site_parts)
            if h1_seen:
                continue
            h1_seen = True
        cands.append((c.source, value, weak))
    if not cands:
        return None
    values = [v for _, v, _ in cands]
    cands = [  # a one-word title that another source repeats is the page's title ('Impressum')
        (src, v, weak and not (len(_WORDS.findall(v)) == 1 and values.count(v) > 1))
        for src, v, weak in cands
    ]
    if any(not weak for _, _, weak in cands):
        cands = [c for c in cands if not c[2]]
    cands.sort(key=lambda c: c[0] != "<h1>")  # stable: the h1 first, the others in order
    values = [v for _, v, _ in cands]
    agreed = _agreed_inside_h1(cands) or _kicker_beside_h1(cands)
    if agreed is not None:
        return agreed
    for i, value in enumerate(values):
        others = values[:i] + values[i + 1 :]
        if (
            any(dice(value, o) >= 0.8 for o in others)
            or (first_line and same_text(first_line, value))
            or (cands[i][0] != "<title>" and _framed_in(value, title))
        ):
            return value
        # the whole of it is one part of another ('Headline' in 'Kicker: Headline | Site')
        if any(dice(value, p) >= 0.8 for o in others for p in _parts(o)):
            return value
    for i, value in enumerate(values):  # a part two sources share, the rest of each not
        others = values[:i] + values[i + 1 :]
        for part in _parts(value):
            if any(dice(part, q) >= 0.8 for o in others for q in (o, *_parts(o))):
                return part
    return values[0]


_EDGE_SEPARATOR: Final = re.compile(r"^\s*[|–—•·»«:/\\~-]|[|–—•·»«:/\\~-]\s*$")


def _framed_in(value: str, title: str) -> bool:
    """Whether the page's `<title>` is this candidate word for word with the site's name on
    one side of a separator ('Blog: Headline - Part two' holds 'Headline - Part two'): the
    `<title>` confirms it whole, even where its own site part was cut at the wrong separator."""
    if len(_WORDS.findall(value)) < 3 or not title:
        return False
    t, v = title.strip().casefold(), value.strip().casefold()
    if t == v:
        return True
    if t.startswith(v):
        rest = t[len(v) :]
    elif t.endswith(v):
        rest = t[: -len(v)]
    else:
        return False
    return bool(_EDGE_SEPARATOR.search(rest)) and len(_WORDS.findall(rest)) <= 8


def _is_whole_title(name: str, title: str) -> bool:
    return (
        bool(title)
        and bool(_TITLE_SEPARATORS.search(name))
        and (name.strip().casefold() == title.strip().casefold())
    )


def _agreed_inside_h1(cands: list[tuple[str, str, bool]]) -> str | None:
    """A headline three other sources state word for word, inside a longer `<h1>` that no
    other source repeats: the `<h1>` carries a kicker or a quote beside the headline
    ('"Reformstau lösen" / Irme Stetter-Karp ist neue ZdK-Präsidentin')."""
    if not cands or cands[0][0] != "<h1>":
        return None
    h1 = cands[0][1]
    rest = [v for _, v, _ in cands[1:]]
    if any(v.casefold() == h1.casefold() for v in rest):
        return None
    for value in rest:
        words = token_set(value)
        if sum(v.casefold() == value.casefold() for v in rest) >= 3 and words < token_set(h1):
            return value
    return None


_KICKER_SEPARATOR: Final = re.compile(r"\s+(?:[|•·»]|//)\s+")  # no dash: headlines have them
KICKER_WORDS: Final = 6  # a section's name beside the headline in its `<h1>`: this many words


def _kicker_beside_h1(cands: list[tuple[str, str, bool]]) -> str | None:
    """A headline another source states word for word, which is one part of the `<h1>`, the
    rest a short section name on the other side of a bar ('Crime and Public Safety | Headline',
    'Headline | Opinion'): the `<h1>` carries the section's link beside it. Dashes are not
    read so: a headline's own parts are often joined by one ('Study - what it found')."""
    if not cands or cands[0][0] != "<h1>":
        return None
    parts = [p.strip() for p in _KICKER_SEPARATOR.split(cands[0][1])]
    if len(parts) != 2:
        return None
    rest = {v.casefold() for _, v, _ in cands[1:]}
    for i, part in enumerate(parts):
        other = parts[1 - i]
        if part.casefold() in rest and 1 <= len(_WORDS.findall(other)) <= KICKER_WORDS:
            return part
    return None


_HEADLINE_PARTS: Final = re.compile(r"\s+(?:[|–—•·»«/\\~]|-{1,2}|::)\s+|:\s+")


def _parts(value: str) -> list[str]:
    """A title's parts ('Kicker: Headline - Site' -> 'Kicker', 'Headline', 'Site'), when it has
    several; parts of one word are left out."""
    parts = [p.strip() for p in _HEADLINE_PARTS.split(value)]
    if len(parts) < 2:
        return []
    return [p for p in parts if len(_WORDS.findall(p)) >= 2]
