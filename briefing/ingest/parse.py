"""One raw document in, one `Article` out (and one source file in, its articles out).

Why this module exists: it is the single place where the separate readers (structure, dates,
entities, quotes) are put together in the right order, and where what a JSON record states
outright (headline, outlet, date) takes precedence over what is inferred from text. It is the
parser: `parse_record` (one record, never raising for bad input) and `parse_source` (one file)
are what the loader and the build call.
"""

from __future__ import annotations

from briefing.ingest.context import CorpusContext
from briefing.ingest.dates import dated_references, infer_published
from briefing.ingest.entities import extract_entities
from briefing.ingest.mentions import find_mentions, find_weekdays
from briefing.ingest.page_dates import weigh_page_date
from briefing.ingest.quotes import extract_quotes
from briefing.ingest.rules import Rules
from briefing.ingest.sources import SourceFile, read_source
from briefing.ingest.structure import (
    Structure,
    derive_headline,
    is_prose,
    match_dateline,
    parse_structure,
)
from briefing.models import Article, InputWarning, RawDocument

__all__ = ["parse_document", "parse_record", "parse_source"]


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
    return None, "no outlet signature found"


def _empty_reason(raw: RawDocument, st: Structure) -> str:
    name = f"article '{raw.id}'" if raw.id not in raw.path else "article"
    if st.removed:
        what = ", ".join(f"{n} {kind}" for kind, n in st.removed.items())
        return f"{name}: no article text left after cleaning (removed: {what}); not indexed"
    if st.headline:
        return f"{name}: only a headline, no article text; not indexed"
    return f"{name}: no article text; not indexed"


def parse_document(
    raw: RawDocument, rules: Rules, context: CorpusContext | None = None
) -> Article | InputWarning:
    """Recover an article's structure, dates, people, places and quotes.

    An article with no text left after cleaning is not an article: the warning says why."""
    given_headline = raw.fields.get("headline", "").strip() or None
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
    dateline = st.dateline
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
    mentions = find_mentions(paragraphs)
    mentions += find_mentions([(-2, c) for c in st.captions], caption=True)
    weekdays = find_weekdays(paragraphs)
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
    if "page_date" in raw.fields or "page_date_rejected" in raw.fields:  # a web page's own date
        published = weigh_page_date(raw.fields, published, dateline)
    refs = dated_references([m for m in mentions if m.paragraph >= -1], published.date)

    texts = [st.headline or "", st.lede or "", *st.body]
    ents = extract_entities(texts, rules, dateline.place if dateline else None)
    quotes = extract_quotes(
        st.body,
        speech_verbs=rules.speech_verbs,
        aliases=ents.person_aliases,
        titles=ents.person_titles,
    )
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
        language=raw.fields.get("language") or None,
    )


def parse_record(
    raw: RawDocument, rules: Rules, context: CorpusContext | None = None
) -> Article | InputWarning:
    """One raw document (from `read_source`) into an article, or a warning if it cannot be read.

    What `parse_source` does per record; the build calls it directly to parse only the records
    of a changed file whose content hash changed, and to parse records in worker processes."""
    from briefing.ingest.html import PAGE_FIELD, page_document

    try:
        if raw.fields.get(PAGE_FIELD):  # a web page: its text and metadata first
            page = page_document(raw, rules)
            if isinstance(page, InputWarning):
                return page
            raw = page
        return parse_document(raw, rules, context)
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
