"""Event labels for stories several outlets told: a shared phrase, else a plain headline, whole.

Hand-written headlines (never the data): what a journalist would trust as the event's name is
the phrase most outlets' headlines share, not one outlet's opinion headline, a list of words or
a headline cut off mid-phrase.
"""

from __future__ import annotations

import datetime as dt

from briefing.events import label_event
from briefing.models import Article, FuzzyDate, Mention, PublishedDate


def _article(aid: str, outlet: str, headline: str, body: str = "", **kw: object) -> Article:
    return Article(
        id=aid,
        path=aid,
        url=None,
        outlet=outlet,
        headline=headline,
        headline_derived=False,
        lede=None,
        dateline=None,
        published=PublishedDate(FuzzyDate.day(dt.date(2020, 1, 1)), 0.9, ()),
        body=(body or headline,),
        **kw,  # type: ignore[arg-type]
    )


def test_a_shared_phrase_wins_over_one_outlets_opinion_headline() -> None:
    articles = [
        _article("a", "Wire A", "Senate passes fiscal cliff deal after late-night vote"),
        _article("b", "Wire B", "Fiscal cliff deal clears Senate, heads to the House"),
        _article("c", "Paper C", "House leaders weigh the fiscal cliff deal"),
        _article("d", "Column D", "The Fiscal Cliff Deal Is a Betrayal of Every Taxpayer"),
    ]
    assert label_event(articles) == "Fiscal cliff deal"


def test_the_phrase_is_taken_as_one_headline_writes_it_in_sentence_case() -> None:
    articles = [
        _article("a", "Wire A", "Boston Marathon Bombing Suspect Charged"),
        _article("b", "Wire B", "FBI investigates the Boston marathon bombing as terrorism"),
        _article("c", "Paper C", "Boston marathon bombing: what we know"),
    ]
    assert label_event(articles) == "Boston marathon bombing"


def test_no_clause_fragment_a_plain_headline_instead() -> None:
    # "Biden to meet" is shared by both, but it is a clause cut off before its object
    articles = [
        _article("a", "Wire A", "Biden to meet with gun-safety groups"),
        _article("b", "Wire B", "Biden to meet NRA after White House signals executive action"),
    ]
    label = label_event(articles)
    assert label == "Biden to meet with gun-safety groups"


def test_a_verb_and_its_subject_are_not_a_phrase() -> None:
    # "Obama defends" runs on into its object in one headline and is not in the other
    articles = [
        _article("a", "Wire A", "Obama defends prisoner exchange for Bergdahl"),
        _article("b", "Paper B", "GOP slams Obama over the Bergdahl swap. Why he won't care?"),
    ]
    assert label_event(articles) == "Obama defends prisoner exchange for Bergdahl"


def test_never_a_cut_off_or_opinion_headline() -> None:
    articles = [
        _article("a", "Blog A", "Would It Make A Difference If The Bureau Were To..."),
        _article("b", "Column B", "Opinion: The bureau's director must go"),
        _article("c", "Wire C", "Bureau director testifies before the Senate panel"),
        _article("d", "Blog D", "Why I Stopped Trusting the Bureau"),
    ]
    assert label_event(articles) == "Bureau director testifies before the Senate panel"


def test_when_every_headline_is_opinion_the_shared_names() -> None:
    people = (Mention("Ada Quill", "person", 2, ("Quill",)),)
    articles = [
        _article("a", "Blog A", "Is Ada Quill Finished?", "Ada Quill spoke.", people=people),
        _article("b", "Blog B", "Ada Quill Should Resign Now!", "Ada Quill left.", people=people),
    ]
    assert label_event(articles) == "Ada Quill"


def test_one_outlets_passing_mention_is_not_the_event() -> None:
    # a pattern phrase ("conference in Brighton") that only one outlet's body has, for an
    # event two outlets told, gives way to what they share
    articles = [
        _article(
            "a",
            "Wire A",
            "Former prime minister Ada Quill dies at 87",
            "Ada Quill died. She spoke at the Tory Party conference in Brighton in 1984.",
        ),
        _article("b", "Wire B", "Ada Quill, Britain's first woman prime minister, dies at 87"),
    ]
    label = label_event(articles)
    assert "Brighton" not in label
    assert "Ada Quill" in label


def test_a_phrase_two_outlets_use_names_the_event() -> None:
    articles = [
        _article("a", "Wire A", "Merkel's visit to Brazil begins", "Merkel's visit to Brazil."),
        _article("b", "Wire B", "Brazil welcomes Merkel", "Merkel's visit to Brazil began."),
    ]
    assert label_event(articles) == "Merkel's visit to Brazil"


def test_one_outlets_event_keeps_its_headline_whole() -> None:
    head = "A very long headline about a council meeting that ran late into the night on Friday"
    assert label_event([_article("a", "Paper A", head)]) == head
