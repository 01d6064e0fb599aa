"""A saved web page into the raw material of an article: its text and what the page states.

Why this module exists: most saved articles are web pages, where the article sits among
navigation, comments, share buttons and related-story lists, and where the headline, outlet,
URL and date are stated in the page's metadata. This module decodes a page (BOM, `<meta
charset>`, HTTP-equiv, then detection as for text files), finds its main text with trafilatura,
reads its metadata (`page_meta`) and its publication date (`page_dates`), and hands on a plain
`RawDocument` whose text goes through briefing's own reading like any scraped article (dateline,
boilerplate rules, entities, quotes, dated references). What the page stated travels in the
document's fields; `parse` weighs the page's date against the text's (see `page_dates`).

Reading is split in two on purpose: `decode_page` is cheap and runs where files are read;
`page_document` (parsing and extraction, the expensive part) runs in the build's worker
processes, so pages are read in parallel like text.

Bad pages are warnings naming the file: not HTML, no article text, a login wall, a page that
is only a list of links.
"""

from __future__ import annotations

import codecs
import re
from typing import Any, Final
from urllib.parse import unquote

from briefing.ingest.page_cards import drop_cards
from briefing.ingest.page_continued import continued
from briefing.ingest.page_dates import (
    date_fields,
    from_htmldate,
    from_metadata,
    guess_to_month,
    local_day,
    rejected_only,
    with_printed,
)
from briefing.ingest.page_embeds import embedded_posts
from briefing.ingest.page_extract import PageExtraction
from briefing.ingest.page_headline import choose_headline, token_set
from briefing.ingest.page_lead import after_headline, restore_lead
from briefing.ingest.page_meta import Claim, PageMeta, read_meta
from briefing.ingest.page_printed import printed_date
from briefing.ingest.page_tree import load_page
from briefing.ingest.page_trim import anchor_texts, trim
from briefing.ingest.rules import Rules
from briefing.ingest.structure import match_dateline
from briefing.ingest.text import clean_line, clean_text, decode_bytes, squash_spaces
from briefing.models import InputWarning, RawDocument

PAGE_FIELD: Final = "page"  # `RawDocument.fields[PAGE_FIELD]` marks a document still in HTML

_HEAD: Final = 16384
_META_CHARSET: Final = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.IGNORECASE
)
_XML_ENCODING: Final = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""")
_HTML_SIGNS: Final = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|meta|title|div|p|article|script|a\s|table|span|br)\b",
    re.IGNORECASE,
)
_SAVED_FROM: Final = re.compile(r"<!--\s*saved from url=\(\d+\)\s*(\S+?)\s*-->", re.IGNORECASE)
_WORDS: Final = re.compile(r"\w+", re.UNICODE)
_CJK: Final = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def word_count(text: str) -> int:
    """Words of a text; Chinese, Japanese and Korean are written without spaces between words,
    so there two characters count as a word (about the length of one)."""
    cjk = len(_CJK.findall(text))
    return len(_WORDS.findall(_CJK.sub(" ", text))) + cjk // 2 if cjk else len(_WORDS.findall(text))


_LOGIN: Final = re.compile(
    r"(?i)\b(log ?in|sign ?in|subscribe|subscription|subscriber|register|paywall)\b"
    r"|войдите|авторизуйтесь|подпишитесь|ログイン"
)
_CYRILLIC: Final = re.compile(r"[а-яё]", re.IGNORECASE)
_KANA: Final = re.compile(r"[\u3040-\u30ff]")

MIN_ARTICLE_WORDS: Final = 25
# An extraction holding less of the page's description (its lead, usually) is suspicious.
LEAD_COVERED: Final = 0.4


def looks_like_html(data: bytes) -> bool:
    """Whether bytes are an HTML page at all (tags in the first part of the file)."""
    head = data[:_HEAD]
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            head = head.decode(codec, "ignore").encode("ascii", "ignore")
    return bool(_HTML_SIGNS.search(head))


def declared_encoding(data: bytes) -> str | None:
    """The encoding a page declares (`<meta charset>`, HTTP-equiv, `<?xml encoding>`), if any
    that Python knows."""
    head = data[:_HEAD]
    m = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if not m:
        return None
    name = m.group(1).decode("ascii", "ignore").strip().lower()
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


_DOUBLE_UTF8: Final = re.compile(r"[\u00c2-\u00f4][\u0080-\u00bf]{1,3}")
_C1: Final = re.compile(r"[\u0080-\u009f]")


def repair_double_utf8(text: str) -> tuple[str, int]:
    """UTF-8 that was decoded as Latin-1 and encoded again ('â\x80\x98' for '‘'): each such
    run back to its character. A page is taken to be so only when a run with a C1 control
    character in it (never text) decodes as UTF-8; then every run that decodes as UTF-8 is
    repaired ('Ã©' for 'é' too). Returns (text, runs repaired)."""
    if not _C1.search(text):
        return text, 0
    count = 0
    sure = False  # once a run with a C1 character was repaired, the page is known to be so

    def fix(m: re.Match[str]) -> str:
        nonlocal count
        run = m.group(0)
        if not sure and not _C1.search(run):
            return run
        try:
            fixed = run.encode("latin-1").decode("utf-8")
        except UnicodeError:
            return run
        count += 1
        return fixed

    text = _DOUBLE_UTF8.sub(fix, text)
    if count:
        sure = True
        text = _DOUBLE_UTF8.sub(fix, text)
    return text, count


def decode_page(data: bytes, http_charset: str | None = None) -> tuple[str, str | None]:
    """A page's bytes as text (`_decode`), with UTF-8 encoded twice repaired
    (`repair_double_utf8`): the note says so."""
    text, note = _decode(data, http_charset)
    text, repaired = repair_double_utf8(text)
    if repaired:
        said = f"UTF-8 encoded twice, repaired ({repaired} characters)"
        note = f"{note}; {said}" if note else said
    return text, note


def _decode(data: bytes, http_charset: str | None = None) -> tuple[str, str | None]:
    """A page's bytes as text: BOM, valid UTF-8 (a page in a legacy encoding is almost never
    valid UTF-8, while pages that declare a legacy encoding but are UTF-8 are common), then the
    declared encoding (an HTTP or MIME header's charset, then the page's own `<meta>`), then
    detection as for text files.

    Returns (text, note): the note says how the page was decoded when that was by detection or
    when the declared encoding did not fit; None when the page decoded as it said (or as UTF-8).
    """
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(codec).lstrip("\ufeff"), None
            except UnicodeDecodeError:
                break
    try:  # valid UTF-8 with non-ASCII in it is UTF-8, whatever the page declares
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        declared = declared_encoding(data) if not data.isascii() else None
        misdeclared = declared and declared not in ("utf-8", "ascii")
        return text, f"declared {declared} but is UTF-8" if misdeclared else None
    declared = None
    for name in (http_charset, None):
        if name is None:
            declared = declared_encoding(data)
        else:
            try:
                declared = codecs.lookup(name).name
            except LookupError:
                continue
        if declared:
            break
    if declared and declared not in ("utf-16", "utf-32"):
        if declared in ("latin-1", "iso8859-1", "ascii"):
            declared = "cp1252"  # what browsers do with these labels (WHATWG)
        try:
            return data.decode(declared), None
        except UnicodeDecodeError:
            pass
    text, used = decode_bytes(data)
    if used is None:
        return text, None if not declared else f"declared {declared} but is UTF-8"
    return text, f"decoded as {used}" + (f" (declared {declared} did not fit)" if declared else "")


def saved_from(html: str) -> str | None:
    """The URL a browser noted when it saved the page (`<!-- saved from url=(0044)... -->`)."""
    m = _SAVED_FROM.search(html[:4096])
    return m.group(1) if m and m.group(1).startswith("http") else None


# --------------------------------------------------------------------------------------------
# The page into a text document


def page_document(raw: RawDocument, rules: Rules) -> RawDocument | InputWarning:
    """Read a page (a `RawDocument` whose text is HTML) into a plain-text document whose fields
    carry what the page states. A page with no article is a warning naming the file."""
    html = raw.text
    where = raw.path
    tree = load_page(html)
    if tree is None or (tree.find(".//body") is None and tree.find(".//p") is None):
        return InputWarning(where, "not HTML (no page could be parsed), skipped")
    meta = read_meta(tree)
    url = plain_url(_first(meta.urls) or raw.fields.get("url") or saved_from(html))
    page_date = from_metadata(meta)
    if page_date is not None:
        page_date = local_day(page_date, tree, url)
    else:
        page_date = from_htmldate(tree, url, meta)
    page_date = with_printed(page_date, printed_date(tree), meta)
    page_date = guess_to_month(page_date, url, tree) or rejected_only(meta)
    login = tree.find(".//input[@type='password']") is not None

    drop_cards(tree)  # after the metadata and the dates: only the text's extraction is changed
    links = [a.text_content() for a in tree.iterfind(".//a")]
    anchors = {squash_spaces(t).lower() for t in links}
    body, top = extract_text(tree, meta.description, anchor_texts(links))
    body = embedded_posts(tree, body)
    words = word_count(body)
    if words < MIN_ARTICLE_WORDS:
        return InputWarning(where, _why_empty(tree, meta, login, words))
    if _mostly_links(body, anchors):
        return InputWarning(where, "only a list of links (no article text), skipped")

    headline = choose_headline(meta, top, url)
    paragraphs = [clean_line(p) for p in body.split("\n")]
    paragraphs = [p for p in paragraphs if p]
    paragraphs = restore_lead(tree, after_headline(paragraphs, headline))
    paragraphs = first_story(paragraphs, rules)
    text = clean_text("\n\n".join(paragraphs))
    if not text:
        return InputWarning(where, "no article text found in the page, skipped")

    fields: dict[str, str] = {"extracted_from": "html"}
    if headline:
        fields["headline"] = headline
    if url:
        fields["url"] = url
    outlet, why = page_outlet(meta, url, rules)
    if outlet:
        fields["outlet"], fields["outlet_evidence"] = outlet, why
    if meta.tags:
        fields["tags"] = ", ".join(t.replace(",", " ") for t in meta.tags)
    language = page_language(meta, text)
    if language:
        fields["language"] = language
    fields.update(date_fields(page_date))
    return RawDocument(
        id=raw.id,
        path=raw.path,
        text=text,
        content_hash=raw.content_hash,
        fields=fields,
        source_key=raw.source_key,
    )


_CAPS_PLACE: Final = re.compile(r"^[A-ZА-ЯЁ][A-ZА-ЯЁ.' -]{1,30}:\s+\S")
DIGEST_STORIES: Final = 3  # stories, each a heading and a dateline, that make a digest page


def _opens_story(paragraph: str, rules: Rules) -> bool:
    """Whether a paragraph starts as a news story does: a dateline ('MOSCOW, Dec. 16 (TASS) -',
    'SEOUL: ...')."""
    return bool(_CAPS_PLACE.match(paragraph)) or match_dateline(paragraph, rules) is not None


def first_story(paragraphs: list[str], rules: Rules) -> list[str]:
    """A digest page (a series of short stories, each a heading and a paragraph opening with a
    dateline) is its first story: the page's headline is that story's. A paragraph that opens
    with a dateline after a short heading line starts another story; the page is a digest when
    its text opens with a dateline and at least two more such stories follow."""
    if len(paragraphs) < 4 or not _opens_story(paragraphs[0], rules):
        return paragraphs
    starts = [
        i
        for i in range(2, len(paragraphs))
        if len(_WORDS.findall(paragraphs[i - 1])) <= 14
        and not paragraphs[i - 1].rstrip().endswith((".", "!", "?", ":", '"', "”"))
        and _opens_story(paragraphs[i], rules)
    ]
    if len(starts) + 1 < DIGEST_STORIES:
        return paragraphs
    return paragraphs[: starts[0] - 1]


def extract_text(
    tree: Any, description: str = "", anchors: frozenset[str] | set[str] = frozenset()
) -> tuple[str, str]:
    """The page's main text, paragraphs one per line, and the start of trafilatura's text
    before trimming (where the headline is, when it kept it: `choose_headline` reads it).

    trafilatura (comments left out, its fast mode: no comparison with its fallback extractors)
    finds the main text, and `page_trim` drops the debris around the article (`anchors`: the
    page's link texts, see `page_trim.anchor_texts`). The result is checked against what the
    page says of itself: a page's description is usually its lead, so an extraction that holds
    little of a long description (under 40% of its words), or is short, is compared with
    trafilatura's precision-oriented run (with its fallbacks) and its fast recall-oriented run;
    the one kept covers the description, holds nearly the most prose (80%), then has the
    largest share of prose. Layout-table debris (`| a | b |` rows of menu entries, separator
    rows) is removed. README "Pages" has figures.
    """
    extraction = PageExtraction(tree)  # the runs share their first steps (`page_extract`)

    def run(**options: bool) -> str:
        try:
            out = extraction.text(**options)
        except Exception:  # trafilatura on odd markup: no text, never a crash
            return ""
        return tidy_table_rows(out)

    untrimmed = continued(tree, run(fast=True))
    top = untrimmed[:2000]  # where the headline is, when the extraction keeps it
    first = trim(untrimmed, anchors)
    lead = token_set(description) if len(_WORDS.findall(description)) >= 8 else set()
    if not _suspicious(first, lead):
        return first, top
    others = (run(precision=True), run(fast=True, recall=True))
    candidates = [first, *(trim(t, anchors) for t in others)]
    most = max(_prose_words(t) for t in candidates)
    best = max(
        candidates,
        key=lambda t: (
            _covers(t, lead) >= 0.6,
            _prose_words(t) >= 0.8 * most,
            _prose_words(t) / max(1, len(_WORDS.findall(t))),
        ),
    )
    return best, top


def _covers(text: str, lead: set[str]) -> float:
    if not lead:
        return 1.0
    return len(lead & token_set(text)) / len(lead)


def _prose_words(text: str) -> int:
    return sum(len(ws) for line in text.split("\n") if len(ws := _WORDS.findall(line)) >= 10)


def _suspicious(text: str, lead: set[str]) -> bool:
    words = len(_WORDS.findall(text))
    if words < 3 * MIN_ARTICLE_WORDS:
        return True
    return _covers(text, lead) < LEAD_COVERED


_TABLE_RULE: Final = re.compile(r"^[\s|:+-]*$")
_FIGURE: Final = re.compile(r"^[-+−]?[$€£¥₽]?\d[\d.,:' ]*%?$")
DATA_ROWS: Final = 3  # rows of the same width holding figures and labels: a table of data


def _cells(line: str) -> list[str]:
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    return [c for c in cells if c]


def _data_row(cells: list[str]) -> bool:
    """A row of a table of data: a label (a name, a team) beside figures (points, votes)."""
    figures = sum(1 for c in cells if _FIGURE.match(c))
    return figures >= 2 and any(_WORDS.search(c) and not _FIGURE.match(c) for c in cells)


def tidy_table_rows(text: str) -> str:
    """Layout tables come out as `| cell | cell |` rows: drop separator rows and rows of menu
    entries (every cell a few words and no sentence), and keep the text of the other cells.

    A table of data (standings, results, election figures: at least `DATA_ROWS` rows of the
    same width, each a label beside figures) is the article's own and kept whole, though its
    cells are short: a menu's entries are not figures."""
    lines = text.split("\n")
    rows = [_cells(ln) if ln.lstrip().startswith("|") and "|" in ln else None for ln in lines]
    widths: dict[int, int] = {}
    for cells in rows:
        if cells and _data_row(cells):
            widths[len(cells)] = widths.get(len(cells), 0) + 1
    out: list[str] = []
    for line, cells in zip(lines, rows, strict=True):
        if "|" not in line:
            out.append(line)
            continue
        if _TABLE_RULE.match(line):
            continue
        if cells is None:
            out.append(line)
            continue
        if not cells:
            continue
        data = _data_row(cells) and widths.get(len(cells), 0) >= DATA_ROWS
        if not data and all(
            len(_WORDS.findall(c)) <= 4 and not c.endswith((".", "!", "?")) for c in cells
        ):
            continue
        out.append(" ".join(cells))
    return "\n".join(out)


def _mostly_links(text: str, anchors: set[str]) -> bool:
    """Whether the extracted text is the page's links, one per line (an index page)."""
    lines = [ln.strip().lstrip("-•* ").strip().lower() for ln in text.split("\n") if ln.strip()]
    if len(lines) < 8:
        return False
    linked = sum(len(_WORDS.findall(ln)) for ln in lines if ln in anchors)
    return linked >= 0.7 * max(len(_WORDS.findall(text)), 1)


def _why_empty(tree: Any, meta: PageMeta, login: bool, words: int) -> str:
    visible = " ".join(tree.itertext()) if tree is not None else ""
    anchors = [a.text_content() for a in tree.iterfind(".//a")]
    link_words = sum(len(_WORDS.findall(t)) for t in anchors)
    all_words = max(len(_WORDS.findall(visible)), 1)
    if login and (_LOGIN.search(visible) or words == 0):
        return "a login wall (a password form and no article text), skipped"
    if len(anchors) >= 10 and link_words >= 0.5 * all_words:
        return f"only a list of links ({len(anchors)} links, no article text), skipped"
    if _LOGIN.search(meta.description) and words < 10:
        return "a login wall (no article text, only a prompt to sign in), skipped"
    return f"no article text found in the page ({words} words of text), skipped"


_ENCODED_URL: Final = re.compile(r"https?%3a%2f%2f", re.IGNORECASE)


def plain_url(url: str | None) -> str | None:
    """A URL as written, or decoded when the page wrote it percent-encoded whole
    (`https%3A%2F%2Fwww.example.de%2Fa`: a template that escaped it for a query string)."""
    if url and _ENCODED_URL.match(url):
        return unquote(url)
    return url


def _first(claims: list[Claim]) -> str | None:
    return claims[0].value if claims else None


_PLACEHOLDER: Final = re.compile(r"[{}<>]|%\w+%|\$\w")


def page_outlet(meta: PageMeta, url: str | None, rules: Rules) -> tuple[str | None, str]:
    """The outlet: an outlet the rules know by the URL's host (named as people know it); else
    the page's own name for itself (`og:site_name`, JSON-LD publisher)."""
    by_host = rules.outlet_by_host(url)
    if by_host:
        return by_host, f"url host of {url}"
    for c in meta.site_names:
        name = c.value.strip()
        if not name or len(name) > 60 or name.startswith("http"):
            continue
        if c.source == "meta twitter:site" or _PLACEHOLDER.search(name):
            # a handle ("@Achgut_com") is not the name people know; a template's unfilled
            # placeholder ("{$plugin.tx_news.opengraph.site_name}") is no name at all
            continue
        from_name = rules.outlet_by_host(name) if "." in name and " " not in name else None
        if from_name:
            return from_name, f"page: {c.source} '{name}' (a known host)"
        return rules.canonical_outlet(name), f"page: {c.source} '{name}'"
    return None, ""


def page_language(meta: PageMeta, text: str) -> str | None:
    """The page's language (ISO 639-1), from `<html lang>`, JSON-LD or og:locale, else from the
    script of its text (Cyrillic: Russian, kana: Japanese); None when unsure."""
    for c in meta.languages:
        code = re.split(r"[-_]", c.value.strip().lower(), maxsplit=1)[0]
        if re.fullmatch(r"[a-z]{2,3}", code):
            return code
    sample = text[:3000]
    letters = sum(ch.isalpha() for ch in sample) or 1
    if len(_KANA.findall(sample)) > 0.1 * letters:
        return "ja"
    if len(_CYRILLIC.findall(sample)) > 0.5 * letters:
        return "ru"
    return None
