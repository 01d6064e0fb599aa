"""One raw document in, one `Article` out (and one source file in, its articles out).

Why this module exists: it is the single place where the separate readers (structure, dates,
entities, quotes) are put together in the right order, and where what a JSON record states
outright (headline, outlet, date) takes precedence over what is inferred from text. It is the
parser: `parse_record` (one record, never raising for bad input) and `parse_source` (one file)
are what the loader and the build call.
"""

from __future__ import annotations

import re
from dataclasses import replace

import briefing.ingest.dates_lang as dates_lang
import briefing.ingest.quotes_lang as quotes_lang
from briefing.ingest.archived import original_url
from briefing.ingest.context import CorpusContext
from briefing.ingest.dates import dated_references, infer_published
from briefing.ingest.entities import Entities, extract_entities
from briefing.ingest.entities_cjk import find_people, find_places
from briefing.ingest.entities_ru import extract_entities_ru
from briefing.ingest.language import identify
from briefing.ingest.mentions import DateMention, Weekday, find_mentions, find_weekdays
from briefing.ingest.page_dates import weigh_page_date
from briefing.ingest.pattern_sets import pattern_set
from briefing.ingest.quotes import extract_quotes
from briefing.ingest.rule_patterns import PatternTimeout
from briefing.ingest.rules import Rules
from briefing.ingest.rules_lang import LanguageRules
from briefing.ingest.sources import SourceFile, read_source
from briefing.ingest.structure import (
    Dateline,
    Structure,
    derive_headline,
    is_prose,
    match_dateline,
    parse_structure,
)
from briefing.models import (
    Article,
    FuzzyDate,
    InputWarning,
    PublishedDate,
    Quote,
    RawDocument,
)

__all__ = ["parse_document", "parse_record", "parse_source"]

# `html.PAGE_FIELD`, the field that marks a document still in HTML: named here too so that
# reading a record that is no page never imports the page reader (a test pins the two equal)
PAGE_FIELD = "page"


def _outlet(
    raw: RawDocument, rules: Rules, dateline_outlet: str | None, header: str
) -> tuple[str | None, str]:
    given = raw.fields.get("outlet")
    if given:
        why = raw.fields.get("outlet_evidence") or f"record field: outlet '{given}'"
        return rules.canonical_outlet(given), why
    by_host = rules.outlet_by_host(raw.fields.get("url"))
    if by_host:
        return by_host, f"url host of {raw.fields.get('url')}"
    for rule in rules.outlets:
        for sig in rule.signatures:
            m = sig.search(raw.text)
            if m:
                return rule.name, f"signature '{m.group(0).strip()}'"
    if dateline_outlet:
        known = rules.canonical_outlet(dateline_outlet)
        return known, f"dateline credit '{dateline_outlet}'"
    site = site_of(raw.fields.get("url"))
    if site:
        return site, f"the site of {raw.fields.get('url')} (no outlet rule knows it)"
    return None, "no outlet signature found"


def day_only_with_evidence(published: PublishedDate) -> PublishedDate:
    """In a language whose verbs hide the future ("выйдет 29 марта"), the latest date an article
    mentions is not its publication day: without a dateline or a reporting weekday only its
    month is claimed."""
    if published.precision != "day" or published.confidence > 0.6 or published.date.start is None:
        return published
    start = published.date.start
    return PublishedDate(
        FuzzyDate.month(start.year, start.month),
        0.5,
        (
            *published.evidence,
            "only the month is claimed: the latest date the text mentions may lie after the "
            "day of publication",
        ),
    )


_HOST = re.compile(r"^[a-z][a-z0-9+.-]*://(?:[^@/]*@)?([^/:?#]+)", re.I)


def site_of(url: str | None) -> str | None:
    """The site a URL is on, as people name it: 'https://www.krpress.ru/a/1' -> 'krpress.ru'
    (an archived copy's: its original site's)."""
    m = _HOST.match(original_url(url) or "")
    if not m:
        return None
    host = m.group(1).lower().strip(".")  # "https://.tramino.de": a page's own slip
    if re.fullmatch(r"[\d.]+", host) or "." not in host or ".." in host:
        return None
    for prefix in ("www.", "m.", "mobile.", "amp."):
        host = host.removeprefix(prefix)
    return host


def _language_dateline(
    st: Structure, lr: LanguageRules, given_headline: str | None
) -> Dateline | None:
    """A dateline by the language's rules, at the start of the body or of the first block."""
    if not st.headline_derived and not given_headline:
        # the first block, taken for a headline, is a dateline and its story
        found = dates_lang.match_dateline(st.headline or "", lr)
        if found:
            dateline, first = found
            st.body.insert(0, first)
            st.headline, st.headline_derived = None, True
            if st.lede:
                st.body.insert(1, st.lede)
                st.lede = None
            return dateline
    for i, block in enumerate(st.body[:2]):
        found = dates_lang.match_dateline(block, lr)
        if found:
            dateline, st.body[i] = found
            return dateline
    return None


def _mentions(
    paragraphs: list[tuple[int, str]], captions: list[str], lr: LanguageRules | None
) -> tuple[list[DateMention], list[Weekday]]:
    """The dates and weekdays the text names, read with the language's rules when it has them."""
    if lr is not None:
        mentions = dates_lang.find_mentions(paragraphs, lr)
        mentions += dates_lang.find_mentions([(-2, c) for c in captions], lr, caption=True)
        return mentions, dates_lang.find_weekdays(paragraphs, lr)
    mentions = find_mentions(paragraphs)
    mentions += find_mentions([(-2, c) for c in captions], caption=True)
    return mentions, find_weekdays(paragraphs)


def _people_and_quotes(
    texts: list[str],
    body: list[str],
    rules: Rules,
    lr: LanguageRules | None,
    dateline: Dateline | None,
    lang: str | None = None,
) -> tuple[Entities, list[Quote]]:
    place = dateline.place if dateline else None
    if lr is not None and lr.code == "ru":
        ents = extract_entities_ru(texts, lr, place)
        return ents, quotes_lang.extract_quotes(body, lr, ents.person_aliases)
    ents = extract_entities(texts, rules, place)
    if lang in ("zh", "ja", "ko"):
        ents = replace(ents, places=find_places(texts), people=(*ents.people, *find_people(texts)))
    quotes = extract_quotes(
        body,
        speech_verbs=rules.speech_verbs,
        aliases=ents.person_aliases,
        titles=ents.person_titles,
    )
    return ents, quotes


def _empty_reason(raw: RawDocument, st: Structure) -> str:
    name = f"article '{raw.id}'" if raw.id not in raw.path else "article"
    if st.removed:
        what = ", ".join(f"{n} {kind}" for kind, n in st.removed.items())
        return f"{name}: no article text left after cleaning (removed: {what}); not indexed"
    if st.headline:
        return f"{name}: only a headline, no article text; not indexed"
    return f"{name}: no article text; not indexed"


def _is_furniture(line: str, rules: Rules) -> bool:
    return pattern_set(rules.boilerplate_lines).any(line)


def parse_document(
    raw: RawDocument, rules: Rules, context: CorpusContext | None = None
) -> Article | InputWarning:
    """Recover an article's structure, dates, people, places and quotes.

    An article with no text left after cleaning is not an article: the warning says why."""
    given_headline = raw.fields.get("headline", "").strip() or None
    if given_headline and _is_furniture(given_headline, rules):
        # a record's "title" that is page furniture (a cookie notice a scraper took for it):
        # the headline is looked for in the text instead
        given_headline = None
    st = parse_structure(
        raw.text,
        rules,
        has_headline=given_headline is not None,
        extracted=bool(raw.fields.get("extracted_from")),
    )
    if given_headline:
        st.headline, st.headline_derived = given_headline, False
    if raw.fields.get("lede"):
        st.lede = raw.fields["lede"]
    lang = identify(
        "\n".join([st.headline or "", st.lede or "", *st.body[:6]]),
        raw.fields.get("lang") or raw.fields.get("language"),
    )
    lr = rules.languages.get(lang) if lang else None
    dateline = st.dateline or (_language_dateline(st, lr, given_headline) if lr else None)
    if dateline is None and raw.fields.get("dateline"):
        found = match_dateline(raw.fields["dateline"].strip() + " ", rules)
        if found:
            dateline = found[0]
    if dateline is None and st.body:
        found = match_dateline(st.body[0], rules)
        if found:
            dateline, st.body[0] = found
    if not any(b.strip() for b in st.body):
        if st.lede:  # the only text was taken for a standfirst: it is the article
            st.body, st.lede = [st.lede], None
        else:
            return InputWarning(raw.path, _empty_reason(raw, st))
    if not st.headline:
        source = st.lede or next((b for b in st.body if is_prose(b)), st.body[0] if st.body else "")
        st.headline = derive_headline(source) if source else "(untitled)"
        st.headline_derived = True

    outlet, outlet_why = _outlet(
        raw, rules, dateline.outlet if dateline else None, "\n".join(st.header)
    )

    paragraphs = [(-1, st.lede)] if st.lede else []
    paragraphs += list(enumerate(st.body))
    mentions, weekdays = _mentions(paragraphs, st.captions, lr)
    published = infer_published(
        record_date=raw.fields.get("date"),
        dateline_text=dateline.text if dateline else None,
        dateline_month=dateline.month if dateline else None,
        dateline_day=dateline.day if dateline else None,
        dateline_year=dateline.year if dateline else None,
        mentions=mentions,
        weekdays=weekdays,
        page_stamps=st.page_stamps,
        context_years=context.year_counts if context else (),
        url=raw.fields.get("url") or None,
    )
    if lr is not None:
        published = day_only_with_evidence(published)
    if "page_date" in raw.fields or "page_date_rejected" in raw.fields:  # a web page's own date
        published = weigh_page_date(raw.fields, published, dateline)
    refs = dated_references([m for m in mentions if m.paragraph >= -1], published.date)

    texts = [st.headline or "", st.lede or "", *st.body]
    ents, quotes = _people_and_quotes(texts, st.body, rules, lr, dateline, lang)
    tags = list(st.tags)
    if raw.fields.get("tags"):
        tags = [t.strip() for t in raw.fields["tags"].split(",") if t.strip()]
    return Article(
        id=raw.id,
        path=raw.path,
        url=raw.fields.get("url") or None,
        outlet=outlet,
        headline=st.headline,
        headline_derived=st.headline_derived,
        lede=st.lede,
        dateline=dateline.place if dateline else None,
        published=published,
        body=tuple(st.body),
        tags=tuple(tags),
        people=ents.people,
        places=ents.places,
        organisations=ents.organisations,
        quotes=tuple(quotes),
        dated_references=tuple(refs),
        content_hash=raw.content_hash,
        outlet_evidence=outlet_why,
        lang=lang,
        language=raw.fields.get("language") or None,
    )


def parse_record(
    raw: RawDocument, rules: Rules, context: CorpusContext | None = None
) -> Article | InputWarning:
    """One raw document (from `read_source`) into an article, or a warning if it cannot be read.

    What `parse_source` does per record; the build calls it directly to parse only the records
    of a changed file whose content hash changed, and to parse records in worker processes."""
    try:
        if raw.fields.get(PAGE_FIELD):  # a web page: its text and metadata first
            from briefing.ingest.html import page_document  # (only then: it is big)

            page = page_document(raw, rules)
            if isinstance(page, InputWarning):
                return page
            raw = page
        return parse_document(raw, rules, context)
    except PatternTimeout as exc:  # the pattern is switched off now: the rest reads on
        return InputWarning(raw.id, str(exc))
    except Exception as exc:  # one bad article never stops the rest
        return InputWarning(raw.id, f"could not be read: {exc!r}")


def parse_source(
    source: SourceFile,
    rules: Rules,
    context: CorpusContext | None = None,
    only: frozenset[str] | None = None,
) -> tuple[list[Article], list[InputWarning]]:
    """Read one source file into articles. Never raises for bad input: it warns.

    `only`, when given, limits parsing to those article ids (the corpus-wide second pass).
    """
    articles: list[Article] = []
    warnings: list[InputWarning] = []
    for item in read_source(source, rules):
        if isinstance(item, InputWarning):
            warnings.append(item)
            continue
        if only is not None and item.id not in only:
            continue
        parsed = parse_record(item, rules, context)
        if isinstance(parsed, InputWarning):
            warnings.append(parsed)
        else:
            articles.append(parsed)
    return articles, warnings
