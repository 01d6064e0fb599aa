"""Ingestion rules on tiny hand-written texts: structure, dates, entities, quotes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from briefing.ingest import CorpusContext
from briefing.ingest.dates import parse_record_date
from briefing.ingest.parse import parse_document
from briefing.ingest.rules import DEFAULT_RULES, _merge, _read_toml, build_rules, default_rules
from briefing.ingest.structure import derive_headline, split_blocks
from briefing.models import Article, FuzzyDate, RawDocument

RULES = default_rules()


def parse(text: str, context: CorpusContext | None = None, **fields: str) -> Article:
    a = parse_document(RawDocument("t", "t.txt", text, "h", dict(fields)), RULES, context)
    assert isinstance(a, Article), a
    return a


# --- structure ------------------------------------------------------------------------------


def test_wire_copy_is_rejoined_into_paragraphs() -> None:
    text = (
        "Showers continued throughout the week in\n"
        "the Bahia cocoa zone, alleviating the drought since early\n"
        "January and improving prospects for the coming crop.\n"
        "    Arrivals for the week ended February 22 were 155,221 bags\n"
        "of 60 kilos making a cumulative total for the season.\n"
    )
    blocks = split_blocks(text)
    assert len(blocks) == 2
    assert blocks[0].startswith("Showers continued") and blocks[0].endswith("coming crop.")


def test_furniture_is_dropped_and_tags_kept() -> None:
    text = (
        "Home\nAll news\n\nBig Storm Hits the Northern Coast of Somewhere\n\n"
        "BERGEN (Reuters) - A storm hit the coast on Monday, officials said, closing roads "
        "and ports for most of the day across the region.\n\n"
        "Rescue teams were deployed to the worst-hit villages, the agency said in a statement.\n\n"
        "Share\nGet short URL\n\n"
        "Never miss a story again - sign up to our channel\n"
        "Another Story About Something Else Entirely Today\n"
        "Weather, Norway, Storms\n"
        "Заголовок окна\n"
    )
    a = parse(text)
    assert a.headline == "Big Storm Hits the Northern Coast of Somewhere"
    assert a.outlet == "Reuters" and a.dateline == "Bergen"
    assert a.body[0].startswith("A storm hit the coast")
    assert len(a.body) == 2
    assert a.tags == ("Weather", "Norway", "Storms")


@pytest.mark.parametrize(
    "notice",
    [
        "Наш сайт использует файлы Cookie, чтобы предоставлять вам персонализированную информацию.",
        "This site uses cookies to improve your experience. By continuing you agree.",
    ],
)
def test_a_cookie_notice_is_no_headline_and_no_paragraph(notice: str) -> None:
    text = (
        "Прививка от коронавируса обязательна? О чем спорят в Германии\n\n"
        "В ФРГ сторонники жестких мер предлагают обязать персонал домов престарелых делать "
        "прививки от коронавируса, и об этом спорят уже несколько недель подряд.\n\n"
        f"{notice}\n\n"
        "Немецкие социологические институты регулярно проводят опросы о готовности немцев "
        "делать прививки, и результаты этих исследований пока амбивалентные.\n"
    )
    a = parse(text, headline=notice)  # a scraper took the notice for the title
    assert a.headline == "Прививка от коронавируса обязательна? О чем спорят в Германии"
    assert not a.headline_derived
    assert all("ookie" not in p for p in a.body)


def test_headline_is_derived_and_marked_when_missing() -> None:
    a = parse(
        "Listen Live\n\nThe government of a small country announced a broad package of reforms "
        "during a session of parliament that lasted well into the night, officials said.\n\n"
        "More text follows here with further details about the package and its reception.\n"
    )
    assert a.headline_derived
    assert a.headline.startswith("The government of a small country announced")
    assert len(a.headline.split()) <= 17


def test_derive_headline_cuts_at_a_clause() -> None:
    h = derive_headline(
        "Leaders of two neighbouring countries held a second round of talks during the visit "
        "and discussed a number of issues, including trade."
    )
    assert h == "Leaders of two neighbouring countries held a second round of talks…"


# --- dates ----------------------------------------------------------------------------------


def test_dateline_year_from_weekday_between_year_bounds() -> None:
    a = parse(
        "Minister speaks\n\nOSLO, March 3 /TASS/. The minister said on Friday that exports "
        "from January through February 2017 rose by a third compared with last year. New "
        "talks will be held in 2018.\n"
    )
    assert a.outlet == "TASS"
    # not before 2017 (a past February 2017), not after 2018 (talks ahead): of those years
    # 3 March fell on a Friday only in 2017
    assert a.published.iso == "2017-03-03"
    assert any("Friday" in e for e in a.published.evidence)
    # the past mention alone is a bound: Friday 3 March also fits 2023, so no year is claimed
    b = parse(
        "Minister speaks\n\nOSLO, March 3 /TASS/. The minister said on Friday that exports "
        "from January through February 2017 rose by a third compared with last year.\n"
    )
    assert b.published.iso is None and b.published.seen == "--03-03"
    assert any("3 March, year unknown" in e for e in b.published.evidence)


def test_dateline_without_year_evidence_is_not_invented() -> None:
    a = parse(
        "Minister speaks again\n\nOSLO, March 3 /TASS/. The minister said on Friday "
        "that the talks went well and would continue.\n"
    )
    assert a.published.precision == "unknown" and a.published.iso is None
    assert any("does not settle the year" in e for e in a.published.evidence)
    assert any("3 March, year unknown" in e for e in a.published.evidence)
    # ... but the rest of the corpus can settle it, with the weekday as a check
    ctx = CorpusContext(((2016, 1), (2017, 5)))
    b = parse(
        "Minister speaks again\n\nOSLO, March 3 /TASS/. The minister said on Friday "
        "that the talks went well and would continue.\n",
        ctx,
    )
    assert b.published.iso == "2017-03-03"
    assert b.published.confidence < 0.9


def test_wire_dateline_with_record_date() -> None:
    a = parse(
        "Cocoa crop outlook improved after showers in the zone this week, traders said.",
        headline="BAHIA COCOA REVIEW",
        dateline="SALVADOR, Feb 26 -",
        date="26-FEB-1987 15:01:01.79",
    )
    assert a.dateline == "Salvador"
    assert a.published.iso == "1987-02-26"
    assert a.published.evidence[0].startswith("record field")


def test_page_stamp_is_not_the_publication_date() -> None:
    a = parse(
        "10:15 GMT 05 May 2021\n\nPARIS (Sputnik) - Talks were held on June 3 and the "
        "leaders signed a deal, after 2019 ended with no agreement, and in 2020 too.\n"
    )
    assert a.published.iso != "2021-05-05"
    assert any("page stamp" in e for e in a.published.evidence)


def test_reporting_weekday_after_the_event_gives_only_the_month() -> None:
    a = parse(
        "Talks Called a Success\n\nA ministry official called the talks a success, the "
        "deputy minister said Thursday.\n\nMOSCOW (Sputnik) - The leaders met on March 1-2. "
        "\n\nPhoto: the leaders in Moscow, March 2, 2023\n"
    )
    # 2 March 2023 was a Thursday: "said Thursday" after it is 9 March at the earliest
    assert a.published.precision in ("month", "day")
    assert a.published.iso in ("2023-03", "2023-03-02")


@pytest.mark.parametrize(
    ("value", "iso", "precision"),
    [
        ("2016-09-20", "2016-09-20", "day"),
        ("2016-09", "2016-09", "month"),
        ("2016", "2016", "year"),
        ("26-FEB-1987 15:01:01.79", "1987-02-26", "day"),
        ("Sep 2016", "2016-09", "month"),
        ("Tue, 20 Sep 2016 10:00:00 GMT", "2016-09-20", "day"),
    ],
)
def test_record_dates_keep_their_precision(value: str, iso: str, precision: str) -> None:
    d = parse_record_date(value)
    assert d is not None and d.iso == iso and d.precision == precision


def test_record_date_garbage_is_none() -> None:
    assert parse_record_date("not a date") is None
    assert parse_record_date("") is None


def test_references_resolve_against_publication() -> None:
    a = parse(
        "Summit Set\n\nLIMA, November 20, 2016 /TASS/. The leaders will meet on December 15-16, "
        "the aide said on Sunday. The forum was held last September. Trade fell from January "
        "through June 2016. They recalled the 1956 declaration. Elections are due next year.\n"
    )
    assert a.published.iso == "2016-11-20"
    refs = {r.text: r for r in a.dated_references}
    assert refs["December 15-16"].date.iso == "2016-12-15"
    assert refs["December 15-16"].end is not None
    assert refs["December 15-16"].end.iso == "2016-12-16"
    assert refs["December 15-16"].relation == "ahead"
    assert refs["last September"].date.iso == "2016-09"  # the latest September before
    assert refs["last September"].relation == "past"
    assert refs["the 1956 declaration"].date.iso == "1956"
    assert refs["next year"].date.iso == "2017"


@pytest.mark.parametrize(
    ("sentence", "mention", "iso"),
    [
        # the month of publication is under way: this year's, whatever the tense
        (
            "Abrams, who announced in August that she would not run, spoke again.",
            "in August",
            "2019-08",
        ),
        ("The group will gather again in August for its conference.", "in August", "2019-08"),
        # "last"/"next" name the month of another year when it is the publication's own
        ("The first vote, last August, was supported by 58 members.", "last August", "2018-08"),
        ("The fear is that it fades by next August, aides said.", "next August", "2020-08"),
        # a part of the month not yet begun, in the past tense: last year's
        ("The caucus debuted in late August and was widely watched.", "late August", "2018-08"),
        # a month after the publication's, as before: by the tense
        ("Talks were held in September, the aide recalled.", "in September", "2018-09"),
        ("Talks will be held in September, the aide said.", "in September", "2019-09"),
    ],
)
def test_a_month_without_a_year_takes_the_year_its_days_and_tense_allow(
    sentence: str, mention: str, iso: str
) -> None:
    a = parse(
        f"Report\n\n{sentence} More text follows here with some other details.\n", date="2019-08-13"
    )
    refs = {r.text: r for r in a.dated_references}
    assert refs[mention].date.iso == iso, (sentence, refs[mention])


# --- entities and quotes --------------------------------------------------------------------


def test_people_titles_aliases_and_speech() -> None:
    a = parse(
        "Leaders Meet\n\nBERLIN (Reuters) - German Chancellor Angela Merkel met French President "
        "Emmanuel Macron on Monday. Mrs Merkel said the talks were useful. Macron's aide "
        "Alexis Kohler told reporters the visit went well. Emmanuel thanked his hosts.\n\n"
        '"We made real progress on every point," Merkel said.\n\n'
        '"It was a very good day for Europe and for both of our countries," he added.\n'
    )
    people = {m.name: m for m in a.people}
    assert set(people) == {"Angela Merkel", "Emmanuel Macron", "Alexis Kohler"}
    assert "Emmanuel" in people["Emmanuel Macron"].aliases
    assert [q.speaker for q in a.quotes] == ["Angela Merkel", "Angela Merkel"]
    places = {m.name for m in a.places}
    assert "Berlin" in places and "Europe" in places


def test_places_from_heads_enumerations_and_locatives() -> None:
    a = parse(
        "Island Talks\n\nTOKYO (Kyodo) - The dispute concerns the islands encompassing Alpha, "
        "Beta, Gamma and Delta, near the Foo Islands and the Bar Peninsula. Officials met in "
        "the city of Zeta and later in Reading. Reading the statement, he said little.\n"
    )
    places = {m.name for m in a.places}
    assert {"Alpha", "Beta", "Gamma", "Delta", "Foo Islands", "Bar Peninsula", "Zeta"} <= places
    assert "Tokyo" in places and "Reading" in places


def test_organisations() -> None:
    a = parse(
        "Ministry Statement\n\nMOSCOW (Interfax) - The Russian Foreign Ministry and the UN "
        "Security Council discussed the matter, and APEC officials agreed, the Kremlin said.\n"
    )
    orgs = {m.name for m in a.organisations}
    assert {"Russian Foreign Ministry", "UN Security Council", "APEC", "Kremlin"} <= orgs
    assert a.outlet == "Interfax"


def test_user_rules_extend_outlets_without_code(tmp_path: object) -> None:
    from pathlib import Path

    assert isinstance(tmp_path, Path)
    extra = tmp_path / "briefing.toml"
    extra.write_text(
        "[[outlet]]\nname = \"Daily Planet\"\nsignatures = ['\\(DP\\)']\n"
        '[boilerplate]\nlines = ["(?i)^read the daily planet$"]\n'
    )
    rules = build_rules(_merge(_read_toml(DEFAULT_RULES), _read_toml(extra)))
    raw = RawDocument(
        "t",
        "t.txt",
        "Read the Daily Planet\n\nMetropolis Saved Again Today\n\n"
        "METROPOLIS (DP) - A hero saved the city again, witnesses said on "
        "Tuesday.\n",
        "h",
    )
    a = parse_document(raw, rules)
    assert isinstance(a, Article)
    assert a.outlet == "Daily Planet"
    assert a.headline == "Metropolis Saved Again Today"
    assert "Read the Daily Planet" not in a.text + (a.lede or "")


def test_fuzzy_date_helpers() -> None:
    from briefing.models import FuzzyDate

    m = FuzzyDate.month(2016, 12)
    assert m.start == dt.date(2016, 12, 1) and m.end == dt.date(2016, 12, 31) and m.iso == "2016-12"
    assert FuzzyDate.parse_iso("2016-12") == m
    assert FuzzyDate().sort_key() > m.sort_key()


def test_every_built_in_pattern_compiles_and_only_on_first_use() -> None:
    # the defaults' patterns are compiled lazily, so a broken one would only show when an
    # article needed it: compile every one of them here
    rules = build_rules(_read_toml(DEFAULT_RULES), trusted=None)  # untrusted: compiled at once
    assert all(p._rx is not None for p in rules.datelines)
    lazy = default_rules()
    patterns = [
        *lazy.datelines,
        *lazy.boilerplate_lines,
        *lazy.trailers,
        *lazy.captions,
        *lazy.page_stamps,
        *(p for o in lazy.outlets for p in o.signatures),
    ]
    assert patterns and all(p.trusted for p in patterns)
    for p in patterns:
        compiled = p.compiled()
        assert compiled.pattern == p.pattern
        assert p.find == compiled.search  # the compiled pattern's own method from now on
        assert p.search("") == compiled.search("")
    assert list(lazy.languages) == ["ru"]
    for code in lazy.languages:  # the built-in languages' rules are compiled when first used
        assert lazy.languages[code].code == code and lazy.languages[code].datelines


def test_a_language_table_a_user_changed_is_compiled_when_the_rules_load(tmp_path: Path) -> None:
    from briefing.errors import BriefingError
    from briefing.ingest.rules import load_rules

    (tmp_path / "briefing.toml").write_text(
        "[language.ru.dateline]\npatterns = ['(unclosed']\n", encoding="utf-8"
    )
    with pytest.raises(BriefingError, match="bad dateline pattern"):
        load_rules(tmp_path)
    (tmp_path / "briefing.toml").write_text(
        "[language.ru.dateline]\npatterns = ['^(?P<place>[А-Я]+), MONTH\\. ']\n",
        encoding="utf-8",
    )
    ru = load_rules(tmp_path).languages["ru"]
    assert ru.datelines[0].pattern.startswith("^(?P<place>")


def test_an_iso_day_reads_as_dateutil_reads_it() -> None:
    # plain ISO days skip dateutil (a one-file update need not import it): same dates
    from dateutil import parser as dparser

    for value in ("2016-09-20", "1999-12-31", "2020-02-29", "1700-01-01", "2999-06-15"):
        a = dparser.parse(value, default=dt.datetime(1900, 1, 1))
        assert parse_record_date(value) == FuzzyDate.day(a.date())
    for value in ("2019-02-29", "2019-04-31"):  # not a day: left to dateutil, which refuses
        assert parse_record_date(value) is None


def test_reading_a_plain_record_imports_only_what_it_needs() -> None:
    # a one-file update reads one record: no page reader, no dateutil for an ISO date, and no
    # language model (nor NumPy) when the record names its language
    import subprocess
    import sys

    from briefing.ingest import html, parse

    assert parse.PAGE_FIELD == html.PAGE_FIELD
    code = (
        "import sys\n"
        "from briefing.ingest import default_rules, parse_record\n"
        "from briefing.models import Article, RawDocument\n"
        "raw = RawDocument('a', 'a.jsonl', 'MOSCOW (Reuters) - Talks went on on Friday.', 'h',"
        " {'date': '2016-09-20', 'lang': 'en', 'headline': 'Talks'})\n"
        "assert isinstance(parse_record(raw, default_rules()), Article)\n"
        "heavy = ('briefing.ingest.html', 'dateutil', 'numpy', 'py3langid')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
