"""The start of a page's article (`page_lead`), cards of links inside paragraphs
(`page_cards`), and the page furniture lines the default rules drop: small hand-written pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from trafilatura.utils import load_html

from briefing.ingest import load_corpus
from briefing.ingest.page_cards import drop_cards, is_card
from briefing.ingest.page_lead import after_headline, restore_lead
from briefing.ingest.rules import default_rules

HEADLINE = "Harbour council approves the new ferry terminal after a long debate"
LEAD = (
    "The harbour council approved the new ferry terminal on Monday after a debate of six hours, "
    "according to the minutes published by the town clerk."
)
SECOND = (
    "The terminal will replace the old pier, which was closed last winter after storms damaged "
    "its foundations, and should open to passengers in the spring of next year."
)
THIRD = (
    "Opponents said the cost had doubled since the first plans were drawn, and asked the council "
    "to publish the contracts before any building work begins on the site."
)


def test_lines_before_the_headline_at_the_top_are_not_the_article() -> None:
    blurb = "Night mode is a setting that lets the camera take in more light when it is dark."
    lines = [blurb, "New Phones Now Available", HEADLINE, SECOND, THIRD]
    assert after_headline(lines, HEADLINE) == [SECOND, THIRD]
    assert after_headline([HEADLINE, SECOND], HEADLINE) == [SECOND]
    # the headline further down, or none: unchanged
    assert after_headline([SECOND, THIRD, LEAD, HEADLINE], HEADLINE) == [
        SECOND, THIRD, LEAD, HEADLINE,
    ]  # fmt: skip
    assert after_headline([SECOND, THIRD], "") == [SECOND, THIRD]


def test_the_whole_article_before_its_repeated_headline_stays() -> None:
    lines = [f"{LEAD} {SECOND} {THIRD}", HEADLINE, "Read more"]
    assert after_headline(lines, HEADLINE) == lines


def _html(body: str) -> Any:
    tree = load_html(f"<html><head><title>t</title></head><body>{body}</body></html>")
    assert tree is not None
    return tree


def _tree(content: str) -> Any:
    return _html(f"<div class='story'>{content}</div>")


def test_an_opening_paragraph_written_as_bare_text_is_put_back() -> None:
    tree = _tree(
        f"{LEAD[:60]}<em><a href='/clerk'>town</a></em>{LEAD[60:].replace('town', '', 1)}"
        f"<br> <br><img src='a.jpg'><center><em>The pier in winter</em></center>"
        f"<br>{SECOND}<br><br>{THIRD}"
    )
    restored = restore_lead(tree, [SECOND, THIRD])
    assert len(restored) == 3 and restored[1:] == [SECOND, THIRD]
    assert restored[0].startswith("The harbour council approved") and restored[0].endswith(".")
    # already there: unchanged
    assert restore_lead(tree, restored) == restored


def test_no_opening_paragraph_is_invented() -> None:
    # the text's next paragraph is not in the block: another block's text is no lead
    tree = _tree(f"{LEAD}<br>{SECOND}")
    assert restore_lead(tree, [SECOND, THIRD]) == [SECOND, THIRD]
    # the leading text is a script's or too short
    code = "var x = document.write('<div>' + y + '</div>'); function f() { return x; } done."
    assert restore_lead(_tree(f"{code}<br>{SECOND}<br>{THIRD}"), [SECOND, THIRD]) == [
        SECOND, THIRD,
    ]  # fmt: skip
    assert restore_lead(_tree(f"Menu.<br>{SECOND}<br>{THIRD}"), [SECOND, THIRD]) == [
        SECOND, THIRD,
    ]  # fmt: skip


CARD = (
    "<span class='person'><a href='/people/ann-berg'>Ann Berg</a>"
    "<span class='card'><span><img src='b.jpg'><a href='/people/ann-berg'>Ann Berg</a>"
    "<a href='/s/1'>Senate panel delays the vote on the farm bill until after the recess</a> "
    "<a href='/s/2'>Berg asks the court for leniency in the case of a man who threatened her</a> "
    "<a href='/s/3'>Lawmakers spar over the energy tax plan</a> "
    "<a href='/people/ann-berg'>MORE</a></span></span></span>"
)


def test_a_card_of_headlines_inside_a_paragraph_is_found() -> None:
    tree = _html(f"<p>A man threatened Rep. {CARD} (D-Minn.), officials said.</p>")
    cards = [e for e in tree.iter("span") if is_card(e)]
    assert cards  # the card and the spans around it
    assert drop_cards(tree) == 1  # only the innermost: the link to the person stays
    assert " ".join(tree.find(".//p").text_content().split()) == (
        "A man threatened Rep. Ann Berg (D-Minn.), officials said."
    )


def test_a_sentence_with_links_is_no_card() -> None:
    tree = _html(
        "<p><span>Leaders of <a href='/a'>France</a>, <a href='/b'>Germany</a> and "
        "<a href='/c'>Italy</a> met in Rome on Friday to discuss the budget rules.</span></p>"
    )
    assert drop_cards(tree) == 0


def test_a_page_with_a_card_reads_the_sentence_without_it(tmp_path: Path) -> None:
    page = (
        f"<html><head><title>{HEADLINE}</title></head><body><nav><a href='/'>Home</a></nav>"
        f"<article><h1>{HEADLINE}</h1><p>A man admitted threatening Rep. {CARD} (D-Minn.), "
        f"the prosecutors said on Monday in a statement.</p><p>{SECOND}</p><p>{THIRD}</p>"
        f"<p>{LEAD}</p></article></body></html>"
    )
    (tmp_path / "card.html").write_text(page, encoding="utf-8")
    load = load_corpus(tmp_path, default_rules())
    (article,) = load.articles
    text = " ".join([article.lede or "", *article.body])
    assert "Rep. Ann Berg (D-Minn.), the prosecutors said" in text
    assert "farm bill" not in text and "MORE" not in text


def test_reprint_notices_address_lines_and_dialog_messages_are_dropped(tmp_path: Path) -> None:
    text = "\n\n".join(
        [
            HEADLINE,
            "This copy is for your personal, non-commercial use only. To order copies for "
            "distribution to your colleagues, visit http://reprints.example.com.",
            LEAD,
            SECOND,
            THIRD,
            "Write to Jane Doe at jane.doe@example.com",
            "An error has occurred, please try again later.",
        ]
    )
    (tmp_path / "story.txt").write_text(text + "\n", encoding="utf-8")
    load = load_corpus(tmp_path, default_rules())
    (article,) = load.articles
    body = [p for p in (article.lede, *article.body) if p]
    assert body == [LEAD, SECOND, THIRD]


def test_an_embedded_post_the_extraction_dropped_goes_back_after_its_paragraph() -> None:
    from briefing.ingest.page_embeds import embedded_posts

    tweet = (
        "<div class='embed'><blockquote class='twitter-tweet'><p lang='en'>The new terminal "
        "will block the view of the old lighthouse <a href='https://t.co/x'>https://t.co/x</a>"
        "</p>— Ann Berg (@annberg) <a href='https://twitter.com/annberg/status/1'>May 2, "
        "2024</a></blockquote></div>"
    )
    tree = _html(f"<article><p>{LEAD}</p>{tweet}<p>{SECOND}</p><p>{THIRD}</p></article>")
    text = embedded_posts(tree, "\n".join([LEAD, SECOND, THIRD]))
    lines = text.split("\n")
    assert lines[0] == LEAD and lines[2:] == [SECOND, THIRD]
    assert lines[1].startswith("The new terminal will block the view") and "@annberg" in lines[1]
    assert embedded_posts(tree, text) == text  # already there: unchanged
    # an embed away from the article's paragraphs (a sidebar's) stays out
    aside = _html(f"<article><p>{LEAD}</p><p>{SECOND}</p></article><aside><p>Trending now "
                  f"on our site today and more</p>{tweet}</aside>")  # fmt: skip
    assert embedded_posts(aside, "\n".join([LEAD, SECOND])) == "\n".join([LEAD, SECOND])
