"""Events by agreement on particulars, and across languages on what survives translation.

Hand-written fixtures: two forecasts of one site for two days, headlines naming other places;
a Chinese and an English report of one happening (a foreign name spelled by sound, a place, a
figure) against a Chinese article on something else.
"""

from __future__ import annotations

import json
from pathlib import Path

from briefing.events import group_events
from briefing.events.agreement import (
    HeadlineFacts,
    disagree,
    groups_disagree,
    headline_facts,
    named_disagree,
)
from briefing.events.agreement import named as named_of
from briefing.ingest import default_rules, load_corpus, parse_record
from briefing.ingest.entities_cjk import find_people
from briefing.ingest.translit import sound_key
from briefing.models import Article, RawDocument


def _article(text: str, **fields: str) -> Article:
    parsed = parse_record(RawDocument("t#1", "t.jsonl:1", text, "h", dict(fields)), default_rules())
    assert isinstance(parsed, Article), parsed
    return parsed


def _corpus(tmp_path: Path, records: list[dict[str, str]]) -> list[Article]:
    with (tmp_path / "c.jsonl").open("w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return list(load_corpus(tmp_path / "c.jsonl", default_rules()).articles)


def _together(events: tuple[object, ...]) -> list[set[str]]:
    return [{a.split("#")[1] for a in e.articles} for e in events if len(e.articles) > 1]  # type: ignore[attr-defined]


FORECAST = (
    "В Благовещенске ожидается переменная облачность, ночью температура опустится до минус "
    "четырнадцати градусов, днем поднимется до минус пяти, ветер северо-западный, сообщили в "
    "Амурском центре по гидрометеорологии и мониторингу окружающей среды."
)


def _headline(title: str, body: str = FORECAST) -> HeadlineFacts:
    return headline_facts(_article(f"{title}\n\n{body}"))


def test_headlines_naming_other_days_or_names_are_two_stories() -> None:
    a, b = _headline("Прогноз погоды на 8 ноября"), _headline("Прогноз погоды на 16 ноября")
    assert disagree(a, b) == "days"
    c = _headline("Голосуйте за участников конкурса «Кофемания»")
    d = _headline("Голосуйте за фото в конкурсе «На спорте»")
    assert disagree(c, d) == "quoted"
    assert disagree(a, _headline("Погода в Благовещенске 8 ноября")) is None


def test_two_days_forecasts_of_one_site_are_two_events(tmp_path: Path) -> None:
    arts = _corpus(
        tmp_path,
        [
            {"id": "8", "title": "Прогноз погоды на 8 ноября", "body": FORECAST},
            {"id": "16", "title": "Прогноз погоды на 16 ноября", "body": FORECAST},
            {"id": "8b", "title": "Погода в Благовещенске 8 ноября", "body": FORECAST},
        ],
    )
    groups = _together(group_events(arts))
    assert groups == [{"8", "8b"}]


def test_headlines_naming_places_the_other_never_names_are_two_stories() -> None:
    body = (
        "Полицейские нашли на улице тело неизвестного мужчины, личность устанавливается, "
        "жителей просят сообщить любую информацию, которая поможет следствию."
    )
    a = _headline("В Мелитополе нашли труп", f"В Мелитополе {body}")
    b = _headline("Жителей Пскова просят опознать тело", f"В Пскове {body}")
    assert disagree(a, b) == "places"
    assert disagree(a, b, same_language=False) is None  # place names are translated


def test_foreign_names_in_chinese_and_japanese_by_the_middle_dot_and_their_sound() -> None:
    people = {m.name for m in find_people(["美国参议院几乎肯定会无罪释放唐纳德·特朗普总统。"])}
    assert people == {"唐纳德·特朗普"}
    assert {m.name for m in find_people(["ドナルド・トランプ大統領は"])} == {"ドナルド・トランプ"}
    assert not find_people(["没有外国人的名字。"])
    assert sound_key("Trump") == sound_key("特朗普") == sound_key("トランプ")
    assert sound_key("McConnell") == sound_key("麦康奈尔")
    assert sound_key("Pelosi") == sound_key("佩洛西")
    assert sound_key("Pelosi") != sound_key("Trump")


ZH = (
    "据当地警方称，50 岁的英国男子加里·麦克拉伦在泰国被烟花炸死。据报道，他在芭堤雅试图点燃"
    "烟花时烟花爆炸，麦克拉伦当场死亡，警方正在调查。"
)
EN = (
    "Mr McLaren, a 50-year-old British man, was killed in Thailand when a firework exploded "
    "in his face in Pattaya, police said. McLaren died at the scene and police are investigating."
)
ZH_OTHER = (
    "日本航空公司向游客赠送 30 次免费航班，东京的旅客可以在网上报名参加，活动将持续到夏天。"
    "公司表示，这是为了吸引更多游客。"
)
EN_OTHER = (
    "Heavy rain flooded the streets of Lisbon on Monday, and the city council closed two "
    "schools. The mayor said the drains would be repaired before the winter storms."
)


def test_a_chinese_and_an_english_report_of_one_happening_share_an_event(tmp_path: Path) -> None:
    arts = _corpus(
        tmp_path,
        [
            {"id": "zh", "text": ZH},
            {"id": "en", "text": EN},
            {"id": "zh2", "text": ZH_OTHER},
            {"id": "en2", "text": EN_OTHER},
        ],
    )
    assert {a.lang for a in arts} == {"zh", "en"}
    assert _together(group_events(arts)) == [{"zh", "en"}]


def test_figures_alone_never_link_two_languages(tmp_path: Path) -> None:
    zh = "今天有 23 人参加了会议，其中 12 人来自北方的村庄，会议讨论了学校的修缮问题和新的道路。"
    en = (
        "Twenty-three, or 23, runners finished the race and 12 of them were new, the club's "
        "newsletter said, thanking the volunteers who handed out water along the course."
    )
    arts = _corpus(
        tmp_path,
        [{"id": "zh", "text": zh}, {"id": "en", "text": en}, {"id": "en2", "text": EN_OTHER}],
    )
    assert _together(group_events(arts)) == []


def test_the_merge_loops_named_members_disagree_as_all_members_do() -> None:
    """The merge loop's kept lists of members whose headlines name something give what
    filtering the members gives (`named_disagree` / `groups_disagree`)."""
    plain, named = _headline("Погода"), _headline("Прогноз погоды на 8 ноября")
    facts = [named, plain, _headline("Прогноз погоды на 16 ноября"), plain]
    langs = ["ru"] * 4
    kept = named_of(range(4), facts)
    assert kept == {0: [0], 1: [], 2: [2], 3: []}
    for a, b in [([0, 1], [2, 3]), ([1], [2]), ([0], [1, 3])]:
        assert named_disagree(
            [i for m in a for i in kept[m]], [j for m in b for j in kept[m]], facts, langs
        ) == groups_disagree(a, b, facts, langs)
