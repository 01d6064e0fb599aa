"""Datelines, publication years and text in any script, on small hand-written articles."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from briefing.ingest import CorpusContext, context_year
from briefing.ingest.context import context_key
from briefing.ingest.dates import url_date
from briefing.ingest.parse import parse_document
from briefing.ingest.rules import default_rules
from briefing.ingest.structure import match_dateline
from briefing.ingest.years import calendar_year, corpus_year
from briefing.models import Article, InputWarning, RawDocument

RULES = default_rules()


def parse(text: str, context: CorpusContext | None = None, **fields: str) -> Article:
    a = parse_document(RawDocument("t", "t.txt", text, "h", dict(fields)), RULES, context)
    assert isinstance(a, Article), a
    return a


# --- datelines ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "place", "month", "day", "outlet"),
    [
        ("SALVADOR, Feb 26 - Showers", "Salvador", "Feb", 26, None),
        ("ELKHART, Ind., March 11 - Shares", "Elkhart", "March", 11, None),
        ("RAMSEY, N.J., March 3 - Shares", "Ramsey", "March", 3, None),
        ("CLEARWATER, Fla, March 30 - Shares", "Clearwater", "March", 30, None),
        ("LaFox, Ill., April 3 - Shares", "LaFox", "April", 3, None),
        ("London, March 11 - Shares", "London", "March", 11, None),
        ("NEW YORK, March 9 - Shares", "New York", "March", 9, None),
        ("WASHINGTON, FEB 26 - Shares", "Washington", "FEB", 26, None),
        ("VANCOUVER, British Columbia, Feb 26 - Shares", "Vancouver", "Feb", 26, None),
        ("ST. LOUIS, March 2 - Shares", "St. Louis", "March", 2, None),
        ("WASHINGTON — The senator", "Washington", None, None, None),
        ("SAN FRANCISCO, Calif. — The city", "San Francisco", None, None, None),
        ("LONDON (Reuters) - Shares", "London", None, None, "Reuters"),
        ("MOSCOW, Dec 5 (Reuters) - Shares", "Moscow", "Dec", 5, "Reuters"),
        ("NEW YORK (AP) — Shares", "New York", None, None, "AP"),
        ("WASHINGTON, Dec. 5 (AP) — Shares", "Washington", "Dec.", 5, "AP"),
        ("BEIJING, March 3 (Xinhua) -- Shares", "Beijing", "March", 3, "Xinhua"),
        ("LIMA, November 20. /TASS/. Putin", "Lima", "November", 20, "TASS"),
        ("МОСКВА, 5 мая. /ТАСС/. Президент", "Москва", "мая.", 5, "ТАСС"),
        ("LONDON, 11 March (Reuters) - Shares", "London", "March", 11, "Reuters"),
    ],
)
def test_dateline_styles(
    line: str, place: str, month: str | None, day: int | None, outlet: str | None
) -> None:
    found = match_dateline(line, RULES)
    assert found is not None, line
    dl, rest = found
    assert (dl.place, dl.month, dl.day, dl.outlet) == (place, month, day, outlet)
    assert rest and not rest.startswith(("-", "—", "/"))


@pytest.mark.parametrize(
    "line", ["The company said - it will", "In March 3 - people", "Ökonomen warnen - heute"]
)
def test_not_datelines(line: str) -> None:
    assert match_dateline(line, RULES) is None


@pytest.mark.parametrize(
    "line",
    [
        "Премьер-министр Баварии Маркус Зёдер (Markus Söder) - сторонник жестких мер.",
        "Президент Франции Эммануэль Макрон (Emmanuel Macron) — против.",
    ],
)
def test_a_name_glossed_in_another_script_is_no_place_and_outlet(line: str) -> None:
    assert match_dateline(line, RULES) is None


def test_a_place_and_its_outlet_in_parentheses_still_are() -> None:
    found = match_dateline("Москва (Reuters) - Текст новости о встрече.", RULES)
    assert found is not None and found[0].outlet == "Reuters"


def test_users_add_a_dateline_style_from_the_parts() -> None:
    from briefing.ingest.rules import DEFAULT_RULES, _merge, _read_toml, build_rules

    data = _merge(
        _read_toml(DEFAULT_RULES),
        {"dateline": {"patterns": [r"^\[(?P<place>{CAPS_PLACE})\]\s+{MDATE}:\s*"]}},
    )
    rules = build_rules(data)
    found = match_dateline("[OSLO] March 3: The talks", rules)
    assert found is not None and found[0].place == "Oslo" and found[0].day == 3


# --- years ----------------------------------------------------------------------------------


def test_a_past_mention_is_a_lower_bound_not_the_year() -> None:
    a = parse(
        "Debt Rises\n\nSINGAPORE, March 9 - Debt rose sharply in December 1985 and was "
        "revised in 1986, officials said.\n"
    )
    assert a.published.iso is None  # never 1985, never 1986
    ev = " | ".join(a.published.evidence)
    assert "not before 1986" in ev and "9 March, year unknown" in ev
    assert a.published.seen == "--03-09"


def test_a_future_mention_is_an_upper_bound() -> None:
    a = parse(
        "Plant to Close\n\nPITTSBURGH, March 3 - The company said on Tuesday it will close the "
        "plant by March 1, 1988, and open another in 1988.\n"
    )
    # a deadline is not the day of the news; "by March 1, 1988" ahead of a 3 March says the
    # 3 March is at the latest in 1987
    assert a.published.iso != "1988-03-03"
    ev = " | ".join(a.published.evidence)
    assert "not after 1987" in ev
    # with a past bound as well, the weekday decides inside the window
    b = parse(
        "Plant to Close\n\nPITTSBURGH, March 3 - Sales were down in 1986, the company said on "
        "Tuesday. It will open a plant in 1988.\n"
    )
    assert b.published.iso == "1987-03-03"  # 3 March was a Tuesday in 1987, not in 1986 or 1988
    assert b.published.confidence >= 0.9


def test_an_anniversary_is_never_the_date() -> None:
    a = parse(
        "D-Day: Veterans and world leaders mark 75th anniversary\n\n"
        "Veterans gathered on the beaches to mark the anniversary of the landings of "
        "June 6, 1944, which changed the course of the war in Europe.\n"
    )
    assert a.published.iso is None or not a.published.iso.startswith("1944")
    b = parse(
        "Veterans Remember\n\nCAEN, June 6 - Veterans marked the anniversary of the landings "
        "of June 6, 1944, officials said.\n"
    )
    assert b.published.iso is None  # the same day, but history


def test_a_full_date_on_the_dateline_day_pins_the_year() -> None:
    a = parse(
        "Minister Resigns\n\nOSLO, March 3 - The minister resigned on March 2, 2015, a day "
        "after the vote, officials said.\n"
    )
    assert a.published.iso == "2015-03-03"
    assert any("in the days just before" in e for e in a.published.evidence)
    # the same day a year on is a term or an anniversary, not the news
    b = parse(
        "New Chief Named\n\nCHARLESTON, April 1 - The bank said its president was named to "
        "succeed the chief executive when he retired on April 1, 1988.\n"
    )
    assert b.published.iso is None


def test_a_weekday_that_fits_two_years_decides_nothing() -> None:
    # 20 November was a Sunday in 2016 and in 2022; the bounds leave 2015 to 2022
    a = parse(
        "Summit Ends in Lima\n\nLIMA, November 20. /TASS/. Putin said on Sunday that trade "
        "was down in 2015. Talks with Japan will be held in 2022.\n"
    )
    assert a.published.iso is None
    assert any("fits 2016, 2022" in e for e in a.published.evidence)


def test_a_weekday_that_fits_one_year_in_the_window_decides() -> None:
    a = parse(
        "Summit Ends in Lima\n\nLIMA, November 20. /TASS/. Putin said on Sunday that trade "
        "was down in 2015. Talks with Japan will be held in 2018.\n"
    )
    assert a.published.iso == "2016-11-20"
    assert any("Sunday" in e for e in a.published.evidence)


def test_history_in_prose_is_not_the_publication_date() -> None:
    a = parse(
        "Voting in a Time of Fear\n\nElection officials said the security measures put in "
        "place after September 11, 2001, were never meant for a pandemic, and that turnout "
        "since then has grown.\n"
    )
    assert a.published.iso is None


def test_a_day_repeated_from_a_dated_mention_is_that_history() -> None:
    a = parse(
        "The Law That Changed Everything\n\nThe law took effect on July 1, 1982, after a long "
        "fight. On July 1 the first offices opened on a Thursday, and crowds came.\n"
    )
    assert a.published.iso is None or not a.published.iso.startswith("1982")


def test_the_url_carries_the_date() -> None:
    assert url_date("https://www.nytimes.com/2016/09/20/nyregion/x.html?x=1") is not None
    got = url_date("https://www.nytimes.com/2016/09/20/nyregion/x.html")
    assert got is not None and got[0].iso == "2016-09-20"
    month = url_date("https://example.com/news/2016/09/story")
    assert month is not None and month[0].iso == "2016-09"
    assert url_date("https://example.com/story-2016-sales") is None
    a = parse("Text of the story.", url="https://www.foxnews.com/politics/2019/05/03/slug")
    assert a.published.iso == "2019-05-03" and a.published.evidence[0].startswith("url")


# --- the corpus -----------------------------------------------------------------------------


def _working_days(year: int, n: int) -> list[tuple[int, int]]:
    day = dt.date(year, 2, 2)
    out: list[tuple[int, int]] = []
    while len(out) < n:
        if day.weekday() < 5:
            out.append((day.month, day.day))
        day += dt.timedelta(days=1)
    return out


def test_calendar_test_finds_the_year_of_working_day_datelines() -> None:
    keys: dict[int, int] = {}
    for i, md in enumerate(_working_days(1987, 60)):
        key = context_key(None, md, 1986 if i % 3 else 1987)
        assert key is not None
        keys[key] = keys.get(key, 0) + 1
    counts = tuple(sorted(keys.items()))
    found = calendar_year(counts)
    assert found is not None and found[0] == 1987
    guess = corpus_year((), counts)
    assert guess is not None and guess.year == 1987 and guess.confidence < 0.9
    # a text that rules 1987 out is not overruled
    assert corpus_year((1988, 1989), counts) is None
    # a day that falls on a weekend in 1987 is likelier from another year: left open
    assert corpus_year((), counts, seen=(3, 7)) is None  # Saturday 7 March 1987
    got = corpus_year((), counts, seen=(3, 9))
    assert got is not None and got.year == 1987


def test_calendar_test_is_silent_for_a_seven_day_publisher() -> None:
    keys: dict[int, int] = {}
    day = dt.date(1987, 2, 2)
    for _ in range(70):
        key = context_key(None, (day.month, day.day), 1986)
        assert key is not None
        keys[key] = keys.get(key, 0) + 1
        day += dt.timedelta(days=1)
    assert calendar_year(tuple(sorted(keys.items()))) is None


def test_pinned_years_of_other_articles_must_agree() -> None:
    assert corpus_year((2016, 2022), ((2016, 5),)) is not None
    assert corpus_year((2016, 2022), ((2016, 5), (2022, 4))) is None
    assert corpus_year((2016, 2022), ((2016, 1),)) is None  # one article is not a corpus


def test_a_year_from_the_corpus_lends_nothing_back() -> None:
    text = "Minister Speaks\n\nOSLO, March 3 - The minister said the talks went well.\n"
    a = parse(text, CorpusContext(((2017, 6),)))
    assert a.published.iso == "2017-03-03" and a.published.confidence < 0.9
    year = context_year(a)
    assert year != 2017  # it lends its dateline day, not the year it was given
    b = parse(text)
    assert b.published.iso is None and context_year(b) == year


# --- text in any script ---------------------------------------------------------------------

RUSSIAN = (
    "Путин и Абэ обсудили мирный договор\n\n"
    "МОСКВА, 5 мая. /ТАСС/. Президент России Владимир Путин провел переговоры с премьер-министром "
    "Японии Синдзо Абэ, сообщили в Кремле.\n\n"
    "Стороны обсудили экономическое сотрудничество и подготовку мирного договора.\n\n"
    "Следующая встреча лидеров состоится осенью во Владивостоке.\n"
)


def test_a_russian_article_is_kept_whole() -> None:
    a = parse(RUSSIAN)
    assert a.headline == "Путин и Абэ обсудили мирный договор" and not a.headline_derived
    assert a.dateline == "Москва" and a.outlet == "TASS"
    assert len(a.body) == 3 and a.body[0].startswith("Президент России")
    assert a.published.seen == "--05-05"


def test_a_japanese_article_is_kept() -> None:
    a = parse(
        "日露首脳会談、平和条約を協議\n\n"
        "安倍晋三首相は五日、ロシアのプーチン大統領と会談し、平和条約締結に向けた交渉について協議した。\n\n"
        "両首脳は経済協力の拡大でも一致した。\n"
    )
    assert a.headline == "日露首脳会談、平和条約を協議"
    assert len(a.body) == 2 and a.body[0].startswith("安倍晋三首相")


def test_a_greek_article_is_kept() -> None:
    a = parse(
        "Συνάντηση των υπουργών στην Αθήνα\n\n"
        "Οι υπουργοί Εξωτερικών των δύο χωρών συναντήθηκαν σήμερα στην Αθήνα και συζήτησαν "
        "την οικονομική συνεργασία και την ασφάλεια στην περιοχή.\n"
    )
    assert a.headline.startswith("Συνάντηση") and not a.headline_derived
    assert a.body and a.body[0].startswith("Οι υπουργοί")


def test_a_cyrillic_caption_in_an_english_page_still_goes() -> None:
    a = parse(
        "Talks Go Well Between the Two Sides\n\n"
        "MOSCOW (Sputnik) - The two ministers met on Monday and said the talks had gone well "
        "and would continue next month in Tokyo.\n\n"
        "Заголовок окна\n\n"
        "Both sides agreed to meet again before the end of the year, officials said.\n"
    )
    assert not any("Заголовок" in b for b in a.body)
    assert len(a.body) == 2


def test_a_short_headline_with_a_capital_outside_a_to_z_is_kept() -> None:
    a = parse(
        "Ökonomen warnen vor Rezession\n\nBERLIN (Reuters) - Führende Ökonomen warnen vor einer "
        "Rezession im kommenden Jahr, wie aus einer Umfrage unter Instituten hervorgeht.\n"
    )
    assert a.headline == "Ökonomen warnen vor Rezession" and not a.headline_derived


def test_an_article_with_no_text_left_is_a_warning_with_the_reason() -> None:
    got = parse_document(RawDocument("t", "t.txt", "Share\n\nSubscribe\n\n1\n", "h"), RULES)
    assert isinstance(got, InputWarning)
    assert got.path == "t.txt" and "no article text left" in got.reason
    assert "page furniture" in got.reason


def test_a_table_of_figures_keeps_its_lines() -> None:
    a = parse(
        "DAHLBERG INC 4TH QTR NET\n\nGOLDEN VALLEY, MINN., Feb 26 - Shr profit 10 cts vs loss "
        "seven cts\n    Net profit 286,870 vs loss 156,124\n    Revs 10.0 mln vs 7,577,207\n"
    )
    assert a.dateline == "Golden Valley"
    assert a.body and a.body[0].startswith("Shr profit")


# --- the corpus pass through the index --------------------------------------------------------


def test_the_index_dates_a_wire_corpus_by_its_calendar_and_keeps_it_on_update(
    tmp_path: Path,
) -> None:
    from briefing.build import update
    from briefing.index import CorpusIndex

    corpus = tmp_path / "wire"
    corpus.mkdir()
    days = _working_days(1987, 45)
    for i, (m, d) in enumerate(days[:40]):
        month = dt.date(1987, m, d).strftime("%B")
        year = 1986 if i % 3 else 1987
        (corpus / f"story{i:02d}.txt").write_text(
            f"COMPANY {i} REPORTS RESULTS\n\nCHICAGO, {month} {d} - The company said its sales "
            f"were higher than in {year}, when it had a loss.\n Reuter\n",
            encoding="utf-8",
        )
    ix = CorpusIndex.open(corpus, tmp_path / "index")
    update(ix, procs=1)
    first = ix.get("story05")
    assert first is not None and first.published.date.start is not None
    assert first.published.date.start.year == 1987 and first.published.confidence < 0.9
    # a story added later is dated from what the stored articles lend (their context keys)
    m, d = days[42]
    month = dt.date(1987, m, d).strftime("%B")
    (corpus / "late.txt").write_text(
        f"LATE STORY\n\nCHICAGO, {month} {d} - The company said it expects more orders.\n",
        encoding="utf-8",
    )
    update(ix, procs=1)
    late = ix.get("late")
    assert late is not None and late.published.iso == dt.date(1987, m, d).isoformat()
    ix.close()


# --- a record's own date --------------------------------------------------------------------


@pytest.mark.parametrize("placeholder", ["0001-11-30", "1066-10-14", "2999-01-01"])
def test_a_record_date_no_article_can_have_is_set_aside(placeholder: str) -> None:
    """A scraped record's '0001-11-30' (a placeholder) never becomes the publication date:
    the evidence says why, and the text's own evidence (here the URL) decides."""
    a = parse(
        "Republicans would do well to stop and ponder the immigration bill.",
        date=placeholder,
        url="https://example.org/2013/04/16/it-takes-two/",
    )
    assert a.published is not None
    assert a.published.date.iso == "2013-04-16"
    assert any(placeholder in e and "set aside" in e for e in a.published.evidence)


def test_a_plausible_record_date_still_wins() -> None:
    a = parse("The senate voted on the bill.", date="1912-04-15")
    assert a.published is not None and a.published.date.iso == "1912-04-15"
