"""What a web page says about itself: headline, outlet, URL, dates, tags, language.

Why this module exists: a saved page carries, beside its text, statements its publisher wrote for
machines: `<title>`, Open Graph (`og:title`, `og:site_name`, `article:published_time`), JSON-LD
(`NewsArticle` with `headline`, `datePublished`, `publisher`), `<link rel="canonical">`,
`<time datetime>`, `<html lang>`. They are the best evidence a page has for its outlet, headline
and publication date, and they are cheap to read from the parsed tree. This module only reads
them, each value with the name of where it was found (for `date_evidence`); deciding among
them is `briefing.ingest.page_dates` (dates) and `briefing.ingest.html` (the rest).

Modified dates (`dateModified`, `article:modified_time`, `og:updated_time`) are read only to be
named as rejected: they are never a publication date.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

# Meta names/properties that state a publication time, strongest first. Keys are lower case.
PUBLISHED_META: tuple[str, ...] = (
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "datepublished",
    "article.published",
    "published_time",
    "publish-date",
    "publish_date",
    "publishdate",
    "pubdate",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date.created",
    "dcterms.created",
    "citation_publication_date",
    "citation_date",
    "date",
    "dc.date",
    "dcterms.date",
    "originalpublicationdate",
    "article:published",
    "cxenseparse:recs:publishtime",
    "bt:pubdate",
    "og:pubdate",
)
MODIFIED_META: tuple[str, ...] = (
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "last-modified",
    "dc.date.modified",
    "dcterms.modified",
    "article:modified",
    "lastmod",
)
# JSON-LD types that are an article (publication dates of other things, such as a WebSite or
# an Organization, say nothing about the article).
ARTICLE_TYPES = frozenset(
    t.lower()
    for t in (
        "Article",
        "NewsArticle",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "BackgroundNewsArticle",
        "ReviewNewsArticle",
        "BlogPosting",
        "LiveBlogPosting",
        "SocialMediaPosting",
        "Report",
        "ScholarlyArticle",
        "TechArticle",
        "WebPage",
        "ItemPage",
        "NewsMediaOrganization",
    )
)
_PAGE_TYPES = frozenset({"webpage", "itempage", "newsmediaorganization"})
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Claim:
    """One value the page states, and where: `('article:published_time', '2016-12-16T09:12Z')`."""

    source: str
    value: str


@dataclass(slots=True)
class PageMeta:
    """Everything `read_meta` found; lists are in the order of preference."""

    titles: list[Claim] = field(default_factory=list)  # JSON-LD headline, og:title, h1, <title>
    site_names: list[Claim] = field(default_factory=list)
    urls: list[Claim] = field(default_factory=list)
    published: list[Claim] = field(default_factory=list)
    modified: list[Claim] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    languages: list[Claim] = field(default_factory=list)
    types: list[str] = field(default_factory=list)  # og:type and JSON-LD @type, lower case
    description: str = ""


def _text(value: Any) -> str:
    if isinstance(value, str):
        return _SPACE.sub(" ", value).strip()
    if isinstance(value, dict):
        for key in ("name", "@value", "text", "headline"):
            if isinstance(value.get(key), str):
                return _SPACE.sub(" ", value[key]).strip()
    if isinstance(value, list) and value:
        return _text(value[0])
    return ""


def _types(node: dict[str, Any]) -> list[str]:
    t = node.get("@type")
    if isinstance(t, str):
        return [t.lower()]
    if isinstance(t, list):
        return [x.lower() for x in t if isinstance(x, str)]
    return []


def _nodes(data: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    """Every JSON-LD object, through `@graph`, lists and `mainEntity`, depth-limited."""
    if depth > 6:
        return
    if isinstance(data, list):
        for item in data[:50]:
            yield from _nodes(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        for key in ("@graph", "mainEntity", "itemListElement"):
            if key in data:
                yield from _nodes(data[key], depth + 1)


def _jsonld_data(tree: Any) -> Iterator[Any]:
    """The parsed contents of the page's JSON-LD scripts (unreadable ones skipped)."""
    for script in tree.iterfind(".//script[@type]"):
        if "ld+json" not in (script.get("type") or "").lower():
            continue
        raw = (script.text or "").strip()
        if not raw or len(raw) > 2_000_000:
            continue
        try:
            yield json.loads(raw)
        except (ValueError, RecursionError):
            try:  # a trailing comma or a stray semicolon is common
                yield json.loads(re.sub(r",\s*([}\]])", r"\1", raw.rstrip(";")))
            except (ValueError, RecursionError):
                continue


def _read_jsonld(tree: Any, meta: PageMeta) -> None:
    articles: list[dict[str, Any]] = []
    pages: list[dict[str, Any]] = []
    for data in _jsonld_data(tree):
        for node in _nodes(data):
            kinds = _types(node)
            if any(k in ARTICLE_TYPES and k not in _PAGE_TYPES for k in kinds):
                articles.append(node)
            elif any(k in _PAGE_TYPES for k in kinds):
                pages.append(node)
            meta.types.extend(kinds)
    for node in articles:
        _read_node(node, meta, article=True)
    for node in pages:
        _read_node(node, meta, article=False)


def _read_node(node: dict[str, Any], meta: PageMeta, *, article: bool) -> None:
    """One JSON-LD article (or web page) object's statements, named `JSON-LD NewsArticle ...`."""
    label = "JSON-LD " + (_types(node) or ["?"])[0]
    label = label.replace("newsarticle", "NewsArticle").replace("article", "Article")
    headline = _text(node.get("headline")) or (_text(node.get("name")) if article else "")
    if headline:
        meta.titles.append(Claim(f"{label} headline", headline))
    for key in ("datePublished", "dateCreated"):
        if value := _text(node.get(key)):
            meta.published.append(Claim(f"{label} {key}", value))
    if value := _text(node.get("dateModified")):
        meta.modified.append(Claim(f"{label} dateModified", value))
    if name := _text(node.get("publisher")):
        meta.site_names.append(Claim(f"{label} publisher", name))
    for key in ("url", "mainEntityOfPage"):
        url = node.get(key)
        url = url.get("@id") if isinstance(url, dict) else url
        if isinstance(url, str) and url.startswith("http"):
            meta.urls.append(Claim(f"{label} {key}", url.strip()))
    if lang := _text(node.get("inLanguage")):
        meta.languages.append(Claim(f"{label} inLanguage", lang))
    keywords = node.get("keywords")
    if isinstance(keywords, str):
        meta.tags.extend(k.strip() for k in keywords.split(",") if k.strip())
    elif isinstance(keywords, list):
        meta.tags.extend(_text(k) for k in keywords if _text(k))


def _metas(tree: Any, meta: PageMeta) -> dict[str, list[str]]:
    """`<meta>` contents by lower-cased name/property/itemprop (and content-language)."""
    metas: dict[str, list[str]] = {}
    for el in tree.iterfind(".//meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        content = el.get("content")
        if key and content and content.strip():
            metas.setdefault(key, []).append(_SPACE.sub(" ", content).strip())
        equiv = (el.get("http-equiv") or "").lower()
        if equiv == "content-language" and content:
            meta.languages.append(Claim("meta content-language", content.strip()))
    return metas


def _first(metas: dict[str, list[str]], keys: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    for key in keys:
        for value in metas.get(key, ())[:1]:
            yield key, value


def _read_titles(tree: Any, metas: dict[str, list[str]], meta: PageMeta) -> None:
    for key, value in _first(metas, ("og:title", "twitter:title", "title", "dc.title")):
        meta.titles.append(Claim(f"meta {key}", value))
    h1 = next((el for el in tree.iterfind(".//h1")), None)
    if h1 is not None and (text := _SPACE.sub(" ", h1.text_content()).strip()):
        meta.titles.append(Claim("<h1>", text))
    title = tree.find(".//title")
    if title is not None and (text := _SPACE.sub(" ", title.text_content()).strip()):
        meta.titles.append(Claim("<title>", text))
    sites = ("og:site_name", "application-name", "twitter:site", "publisher", "dc.publisher")
    for key, value in _first(metas, sites):
        meta.site_names.append(Claim(f"meta {key}", value.lstrip("@")))


def _read_urls(tree: Any, metas: dict[str, list[str]], meta: PageMeta) -> None:
    for el in tree.iterfind(".//link[@rel]"):
        if "canonical" in (el.get("rel") or "").lower().split():
            href = (el.get("href") or "").strip()
            if href.startswith("http"):
                meta.urls.insert(0, Claim("canonical link", href))
    for key, value in _first(metas, ("og:url", "twitter:url")):
        if value.startswith("http"):
            meta.urls.append(Claim(f"meta {key}", value))


def _read_dates(tree: Any, metas: dict[str, list[str]], meta: PageMeta) -> None:
    for key, value in _first(metas, PUBLISHED_META):
        meta.published.append(Claim(f"meta {key}", value))
    for key, value in _first(metas, MODIFIED_META):
        meta.modified.append(Claim(f"meta {key}", value))
    # Only the first <time> of each kind: later ones are usually other stories' (a list of
    # related stories, comments).
    times: dict[str, Claim] = {}
    for el in tree.iterfind(".//time"):
        value = (el.get("datetime") or "").strip()
        prop = (el.get("itemprop") or "").lower()
        if not value:
            continue
        if prop == "datepublished" or el.get("pubdate") is not None:
            times.setdefault("published", Claim("<time datePublished>", value))
        elif prop == "datemodified":
            times.setdefault("modified", Claim("<time dateModified>", value))
    if "published" in times:
        meta.published.append(times["published"])
    if "modified" in times:
        meta.modified.append(times["modified"])


def _read_rest(tree: Any, metas: dict[str, list[str]], meta: PageMeta) -> None:
    """Tags, language, type, description."""
    if not meta.tags:
        for key in ("article:tag", "news_keywords", "keywords"):
            for value in metas.get(key, ()):
                parts = value.split(",") if key != "article:tag" else [value]
                meta.tags.extend(p.strip() for p in parts if p.strip())
            if meta.tags:
                break
    html = tree if tree.tag == "html" else tree.find(".//html")
    if html is not None and html.get("lang"):
        meta.languages.insert(0, Claim("<html lang>", html.get("lang").strip()))
    for _, value in _first(metas, ("og:locale",)):
        meta.languages.append(Claim("meta og:locale", value))
    meta.types.extend(v.lower() for v in metas.get("og:type", ())[:1])
    meta.description = (metas.get("og:description") or metas.get("description") or [""])[0]
    meta.tags = list(dict.fromkeys(t for t in meta.tags if len(t) <= 60))[:20]


def read_meta(tree: Any) -> PageMeta:
    """Read the metadata of a parsed page (an lxml HTML tree). Never raises for odd markup."""
    meta = PageMeta()
    _read_jsonld(tree, meta)
    metas = _metas(tree, meta)
    _read_titles(tree, metas, meta)
    _read_urls(tree, metas, meta)
    _read_dates(tree, metas, meta)
    _read_rest(tree, metas, meta)
    return meta
