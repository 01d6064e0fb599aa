"""Quotations in another language's typography, and who said them.

Why this module exists: Russian news quotes «в ёлочках» and gives direct speech after a dash
("— Мы готовы к диалогу, — заявил Лавров."), with the verb before the speaker ("заявил
Путин", "сказал он"). The marks and verbs are the language's rules (`[language.ru.quotes]`,
`speech_verbs`); speakers resolve through the person finder's forms ("Путина" -> "Владимир
Путин"), and a pronoun to the person named last.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from briefing.ingest.rules_lang import LanguageRules
from briefing.models import Quote

_MIN_WORDS = 4
_PRONOUNS = frozenset("он она они".split())
_NAME = r"[A-ZА-ЯЁ][\w-]+(?:\s+[A-ZА-ЯЁ][\w-]+){0,2}"


class _Speakers:
    """Who a quote's attribution names: a person's full name through the finder's forms, a
    pronoun the person named last."""

    def __init__(self, aliases: Mapping[str, str]) -> None:
        self.aliases = aliases
        self.last: str | None = None

    def resolve(self, who: str | None) -> str | None:
        if not who:
            return None
        if who.lower() in _PRONOUNS:
            return self.last
        words = who.split()
        for n in range(len(words), 0, -1):
            for i in range(len(words) - n + 1):
                hit = self.aliases.get(" ".join(words[i : i + n]))
                if hit:
                    self.last = hit
                    return hit
        return None

    def note(self, para: str) -> None:
        for name, full in self.aliases.items():
            if name in para:
                self.last = full


def _patterns(
    lang: LanguageRules,
) -> tuple[list[re.Pattern[str]], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    verbs = "|".join(re.escape(v) for v in sorted(lang.speech_verbs, key=len, reverse=True))
    spans = []
    for open_, close in lang.quote_marks or (("«", "»"),):
        o, c = re.escape(open_), re.escape(close)
        spans.append(re.compile(rf"{o}([^{c}]{{8,}}?){c}" if o != c else rf"{o}([^{o}]{{8,}}){o}"))
    after = re.compile(rf"^[\s,.]*[—–-]\s*(?:{verbs})\s+(?P<who>{_NAME}|он|она|они)", re.I)
    after_dash = re.compile(rf"[—–-]\s*(?:{verbs})\s+(?P<who>{_NAME}|он|она)", re.I)
    before = re.compile(rf"(?P<who>{_NAME}|Он|Она)\s+(?:{verbs})\s*[:,]?\s*$")
    return spans, after, after_dash, before


def extract_quotes(
    paragraphs: Sequence[str], lang: LanguageRules, aliases: Mapping[str, str]
) -> list[Quote]:
    """Quotes in body order, each with its speaker (a person's full name) or None."""
    if not lang.speech_verbs:
        return []
    spans, after, after_dash, before = _patterns(lang)
    who = _Speakers(aliases)
    out: list[Quote] = []
    for idx, para in enumerate(paragraphs):
        found = False
        for pat in spans:
            for m in pat.finditer(para):
                text = m.group(1).strip(" ,")
                if len(text.split()) < _MIN_WORDS:
                    continue
                found = True
                a = after.search(para[m.end() : m.end() + 80])
                b = before.search(para[max(0, m.start() - 80) : m.start()])
                speaker = who.resolve(a.group("who")) if a else None
                if speaker is None and b:
                    speaker = who.resolve(b.group("who"))
                out.append(Quote(speaker, text, idx))
        if found or not lang.dash_speech:
            continue
        quote = _dash_speech(para, after_dash, who, idx)
        if quote is not None:
            out.append(quote)
        else:
            who.note(para)
    return out


def _dash_speech(para: str, after_dash: re.Pattern[str], who: _Speakers, idx: int) -> Quote | None:
    """Direct speech after a dash: "— Мы готовы, — заявил Лавров." """
    dash = re.match(r"^\s*[—–-]\s*(.+)$", para)
    if not dash:
        return None
    body = dash.group(1)
    d = after_dash.search(body)
    text = body[: d.start()].strip(" ,") if d else body.strip()
    if len(text.split()) < _MIN_WORDS:
        return None
    return Quote(who.resolve(d.group("who")) if d else who.last, text, idx)
