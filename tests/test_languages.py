"""Other languages: language id, Russian reading rules, base forms, scripts, events across them.

Every fixture is a short hand-written text (no data copied from any set).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from briefing.events import group_events
from briefing.ingest import default_rules, load_corpus, parse_record
from briefing.ingest.dates_lang import find_mentions, find_weekdays, match_dateline
from briefing.ingest.entities_ru import extract_entities_ru
from briefing.ingest.language import identify, normalise_code
from briefing.ingest.placenames import english_name
from briefing.ingest.quotes_lang import extract_quotes
from briefing.ingest.rules_lang import LanguageRules
from briefing.ingest.translit import name_key, to_latin
from briefing.models import Article, RawDocument

RU_TASS = (
    "ТОКИО, 15 декабря 2016 г. /ТАСС/. Президент России Владимир Путин прибыл в Японию, сообщил в "
    "четверг Кремль. "
    "Переговоры Путина и премьер-министра Японии Синдзо Абэ пройдут в городе Нагато.\n\n"
    "«Мы готовы обсуждать совместную хозяйственную деятельность на Южных Курилах», — заявил "
    "Путин. В 2016 году стороны провели несколько встреч.\n\n"
    "— Это важный шаг для двух стран, — сказал Абэ."
)


@pytest.fixture(scope="module")
def ru() -> LanguageRules:
    return default_rules().languages["ru"]


def _article(text: str, **fields: str) -> Article:
    parsed = parse_record(RawDocument("t#1", "t.jsonl:1", text, "h", dict(fields)), default_rules())
    assert isinstance(parsed, Article), parsed
    return parsed


# --- language identification ----------------------------------------------------------------


def test_language_of_russian_japanese_and_english_text() -> None:
    assert identify("Президент России заявил в четверг, что переговоры продолжатся.") == "ru"
    assert (
        identify("山口県長門市で日露首脳会談が行われ、両首脳は北方領土について話し合った。") == "ja"
    )
    assert identify("The president said on Thursday that the talks would continue.") == "en"


def test_the_records_own_language_wins_and_short_text_is_unknown() -> None:
    assert identify("The president said on Thursday.", declared="ru-RU") == "ru"
    assert normalise_code("not a tag!") is None
    assert identify("OK") is None
    assert identify("ながとし") == "ja"  # kana is Japanese whatever its length


# --- Russian datelines and dates --------------------------------------------------------------


@pytest.mark.parametrize(
    ("block", "place", "month", "day", "outlet"),
    [
        ("МОСКВА, 5 мая. /ТАСС/. Текст новости.", "Москва", "May", 5, "ТАСС"),
        ("МОСКВА, 5 янв - РИА Новости. Текст новости.", "Москва", "January", 5, "РИА Новости"),
        ("ТОКИО, 13 декабря. /Корр. ТАСС Иван Петров/. Текст.", "Токио", "December", 13, "ТАСС"),
        ("НЬЮ-ЙОРК, 3 ноября 2020 г. — Текст новости.", "Нью-Йорк", "November", 3, None),
    ],
)
def test_russian_datelines(
    ru: LanguageRules, block: str, place: str, month: str, day: int, outlet: str | None
) -> None:
    found = match_dateline(block, ru)
    assert found is not None
    dl, rest = found
    assert (dl.place, dl.month, dl.day, dl.outlet) == (place, month, day, outlet)
    assert rest.startswith("Текст")


def test_ends_with_spelling_matches_a_name_written_in_the_other_script() -> None:
    from briefing.ingest.translit import ends_with_spelling

    assert ends_with_spelling("Премьер-министр Баварии Маркус Зёдер", "Markus Söder")
    assert ends_with_spelling("Канцлер Ангела Меркель", "Merkel")  # the surname alone too
    assert ends_with_spelling("Канцлер Ангела Меркель", "Angela Merkel")
    assert not ends_with_spelling("Москва", "Reuters")
    assert not ends_with_spelling("Markus Söder", "Markus Söder")  # the same script: no gloss
    assert not ends_with_spelling("Зёдер", "")


def test_a_capitalised_word_and_a_date_is_no_dateline(ru: LanguageRules) -> None:
    assert match_dateline("Вчера, 5 мая — ничего не произошло.", ru) is None


def test_russian_month_names_in_every_case(ru: LanguageRules) -> None:
    text = "Встреча 15-16 декабря, визит в мае, договор от 7 февраля 2019 года, в январе."
    found = {(m.kind, m.month, m.day, m.year) for m in find_mentions([(0, text)], ru)}
    assert ("md_range", 12, 15, None) in found
    assert ("m", 5, None, None) in found
    assert ("dmy", 2, 7, 2019) in found
    assert ("m", 1, None, None) in found


def test_russian_years_relative_days_and_weeks(ru: LanguageRules) -> None:
    text = "В 2016 году стороны встретились. Вчера он уехал, на этой неделе вернется."
    kinds = {(m.kind, m.year, m.rel) for m in find_mentions([(0, text)], ru)}
    assert ("y", 2016, None) in kinds
    assert ("rel_day", None, "yesterday") in kinds
    assert ("rel_week", None, "this") in kinds
    # a bare number is no year
    assert not find_mentions([(0, "Там было 2016 человек.")], ru)


def test_russian_future_is_read_from_the_verb(ru: LanguageRules) -> None:
    (m,) = find_mentions([(0, "Великобритания выйдет из ЕС 29 марта.")], ru)
    assert m.tense == "future"


def test_russian_weekdays_and_the_reporting_weekday(ru: LanguageRules) -> None:
    (w,) = find_weekdays([(0, "Об этом заявил в четверг министр.")], ru)
    assert w.weekday == 3 and w.reporting
    (w,) = find_weekdays([(0, "Выставка откроется во вторник.")], ru)
    assert w.weekday == 1 and not w.reporting


def test_a_reporting_verb_in_the_sentence_before_does_not_date_the_weekday(
    ru: LanguageRules,
) -> None:
    (w,) = find_weekdays(
        [(0, "«Это важно», - заявил Хант. В понедельник, 9 июля, ушел Джонсон.")], ru
    )
    assert w.weekday == 0 and not w.reporting
    (w,) = find_weekdays([(0, "Об этом сообщила в среду полиция.")], ru)
    assert w.weekday == 2 and w.reporting


def test_a_stamp_opening_a_paragraph_of_prose_keeps_the_paragraph() -> None:
    para = (
        "10 августа 2018 13:53. Рассмотрение заявки на новый маршрут, по словам представителя "
        "компании, займет от восьми до двенадцати месяцев, и строительство отодвигается."
    )
    a = _article(f"10 августа 2018 13:31\n\n{para}", title="Заявка на новый маршрут")
    assert any("займет от восьми" in b for b in a.body)


def test_a_quoted_post_in_another_script_with_the_articles_own_sentence_is_kept() -> None:
    text = (
        "Премьер-министр написала письмо бывшему главе МИД и поблагодарила его за работу, "
        "отметив, что удивлена его решением уйти в отставку.\n\n"
        '"A little surprised" Theresa May to Boris Johnson (@SamCoates) 9 июля 2018 г. '
        "Письмо опубликовал журналист издания The Times."
    )
    a = _article(text, title="Письмо премьер-министра")
    assert any("Письмо опубликовал журналист" in b for b in a.body)


def test_a_russian_article_is_dated_by_its_dateline_and_weekday() -> None:
    a = _article(RU_TASS)
    assert a.lang == "ru"
    assert a.dateline == "Токио"
    assert a.outlet == "TASS"
    # the dateline gives the day and the year
    assert a.published.iso == "2016-12-15"
    assert a.published.evidence[0].startswith("dateline:")


def test_without_a_dateline_the_latest_date_mentioned_is_no_publication_day() -> None:
    a = _article(
        "Стороны подписали соглашение 12 октября 2018 года в Москве после долгих переговоров."
    )
    assert a.published.precision != "day"
    assert a.published.iso in (None, "2018-10")


# --- outlets -------------------------------------------------------------------------------


def test_russian_outlets_by_host_dateline_credit_and_site() -> None:
    assert (
        _article("Текст новости о переговорах.", url="https://tass.ru/politika/1").outlet == "TASS"
    )
    assert _article("МОСКВА, 5 янв - РИА Новости. Президент заявил о переговорах.").outlet == (
        "RIA Novosti"
    )
    assert _article("Текст.", outlet="Коммерсантъ").outlet == "Kommersant"
    unknown = _article("Текст новости о переговорах.", url="https://www.example-news.ru/a/1")
    assert unknown.outlet == "example-news.ru"
    assert "site" in unknown.outlet_evidence


# --- people, places, organisations in base forms --------------------------------------------


def test_russian_people_and_places_in_base_forms(ru: LanguageRules) -> None:
    ents = extract_entities_ru(RU_TASS.split("\n\n"), ru)
    people = {m.name: m for m in ents.people}
    assert "Владимир Путин" in people
    assert "Путина" in people["Владимир Путин"].aliases
    assert any(name.endswith("Абэ") for name in people)
    places = {m.name for m in ents.places}
    assert {"Япония", "Россия", "Нагато"} <= places
    assert "Южные Курилы" in places  # "на Южных Курилах": adjective and noun agree


def test_a_feminine_name_the_dictionary_does_not_know(ru: LanguageRules) -> None:
    paras = [
        "Суд оправдал Асию Нурлан. Адвокат Асии Нурлан заявил, что Асия Нурлан покинет страну."
    ]
    names = {m.name for m in extract_entities_ru(paras, ru).people}
    assert "Асия Нурлан" in names


def test_russian_quotes_in_guillemets_and_after_a_dash(ru: LanguageRules) -> None:
    ents = extract_entities_ru(RU_TASS.split("\n\n"), ru)
    quotes = extract_quotes(RU_TASS.split("\n\n"), ru, ents.person_aliases)
    speakers = {q.speaker for q in quotes}
    assert "Владимир Путин" in speakers
    assert any(q.text.startswith("Это важный шаг") for q in quotes)


# --- scripts ---------------------------------------------------------------------------------


def test_transliteration_and_names_across_scripts() -> None:
    assert to_latin("Владимир Путин") == "Vladimir Putin"
    assert to_latin("Дмитрий Песков") == "Dmitry Peskov"
    for ru_name, en_name in [("Путин", "Putin"), ("Абэ", "Abe"), ("Трамп", "Trump")]:
        assert name_key(ru_name) == name_key(en_name)
    assert name_key("Путин") != name_key("Абэ")


def test_place_names_across_languages() -> None:
    assert english_name("Япония") == "Japan"
    assert english_name("日本") == "Japan"
    assert english_name("Deutschland") == "Germany"
    assert english_name("Курилы") == "Kuril Islands"
    assert english_name("Токио") == "Tokyo"


# --- events across languages -------------------------------------------------------------------


def test_a_russian_and_an_english_article_on_one_happening_share_an_event(tmp_path: Path) -> None:
    ru_text = (
        "Президент России Владимир Путин и премьер-министр Японии Синдзо Абэ провели переговоры "
        "в городе Нагато. Путин и Абэ обсудили мирный договор и Курилы. Абэ заявил, что "
        "переговоры были полезными. Путин отметил, что 80 проектов обсуждаются."
    )
    en_text = (
        "Russian President Vladimir Putin and Japanese Prime Minister Shinzo Abe held talks in "
        "Nagato. Putin and Abe discussed a peace treaty and the Kurils. Abe said the talks were "
        "useful. Putin noted that 80 projects are under discussion."
    )
    other = (
        "Heavy rain flooded the streets of Lisbon on Monday, and the city council closed two "
        "schools. The mayor said the drains would be repaired before the winter storms."
    )
    with (tmp_path / "mixed.jsonl").open("w", encoding="utf-8") as fh:
        for i, text in enumerate([ru_text, en_text, other]):
            fh.write(json.dumps({"id": str(i), "text": text}, ensure_ascii=False) + "\n")
    articles = load_corpus(tmp_path / "mixed.jsonl", default_rules()).articles
    assert {a.lang for a in articles} == {"ru", "en"}
    events = group_events(articles)
    together = [e for e in events if len(e.articles) == 2]
    assert len(together) == 1
    assert {a.split("#")[1] for a in together[0].articles} == {"0", "1"}


def test_the_published_date_of_a_russian_article_survives_export() -> None:
    a = _article(RU_TASS)
    again = Article.from_json(a.to_json())
    assert again.lang == "ru"
    assert again.to_json()["lang"] == "ru"
    assert again.published.date.start == dt.date(2016, 12, 15)


# --- comparing a Russian and an English outlet --------------------------------------------------


def test_compare_lines_up_a_russian_and_an_english_outlet(tmp_path: Path) -> None:
    from briefing.compare import compare

    ru_text = (
        "ТОКИО, 16 декабря. /ТАСС/. Президент России Владимир Путин и премьер-министр Японии "
        "Синдзо Абэ договорились о совместной хозяйственной деятельности на Южных Курилах.\n\n"
        "Стороны подписали 68 документов на сумму 300 миллиардов иен, сообщил Путин.\n\n"
        "Путин заявил, что мирный договор остается главной целью переговоров в Токио."
    )
    en_text = (
        "TOKYO, Dec 16 (Kyodo) - Japanese Prime Minister Shinzo Abe and Russian President "
        "Vladimir Putin agreed on joint economic activities on the Northern Territories.\n\n"
        "The two sides signed 68 documents worth 300 billion yen, Putin said.\n\n"
        "Putin said a peace treaty remained the main goal of the talks in Tokyo."
    )
    with (tmp_path / "two.jsonl").open("w", encoding="utf-8") as fh:
        for i, (text, url) in enumerate(
            [(ru_text, "https://tass.ru/politika/1"), (en_text, "https://english.kyodonews.net/1")]
        ):
            fh.write(json.dumps({"id": str(i), "text": text, "url": url}, ensure_ascii=False))
            fh.write("\n")
    articles = load_corpus(tmp_path / "two.jsonl", default_rules()).articles
    assert {a.outlet for a in articles} == {"TASS", "Kyodo"}
    (event,) = [e for e in group_events(articles) if len(e.articles) == 2]
    comparison = compare(event, articles)
    assert comparison.shared, "no statement lined up across the two languages"
    row = next(r for r in comparison.shared if any("68" in s.text for s in r.statements))
    assert {s.outlet for s in row.statements} == {"TASS", "Kyodo"}
    by_thing = {n.thing: {w for _, forms in n.forms for w, _ in forms} for n in comparison.naming}
    (words,) = [w for w in by_thing.values() if "Northern Territories" in w]
    assert any("Курил" in w for w in words)
    # the same name in two scripts is no naming difference
    assert not any({"Tokyo", "Токио"} <= w for w in by_thing.values())


def test_places_in_chinese_and_japanese_text_by_the_names_the_data_knows() -> None:
    from briefing.ingest.entities_cjk import find_places

    places = {m.name for m in find_places(["東京で日本とロシアの首脳が会談した。"])}
    assert {"東京", "日本", "ロシア"} <= places
    assert {english_name(p) for p in places} >= {"Tokyo", "Japan", "Russia"}
    a = _article(
        "北京和莫斯科的代表今天在北京举行了会谈，讨论了中国和俄罗斯的合作。", headline="中俄会谈"
    )
    assert a.lang == "zh" and {"北京", "中国"} <= {m.name for m in a.places}
