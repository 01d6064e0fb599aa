"""Quotations and who said them.

Why this module exists: "who said what" is the core of comparing outlets, and a quote without a
speaker is half a fact. Quotes are the spans in quotation marks (straight or curly, or an opening
mark left unclosed at the paragraph's end); the speaker comes from the attribution around them
("..., Putin said", "Lavrov said: ...", "said the minister"), and a pronoun or a description ("he
said", "the Russian leader added") resolves to the most recent person it fits. A paragraph that is
only a quote continues the previous speaker, as news copy does.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache

from briefing.ingest.entities import ROLE_WORDS
from briefing.models import Quote

_QUOTE = re.compile(r"\"([^\"]+)\"|“([^”]+)”|[\"“]([^\"“”]+)$")
_PRONOUN = re.compile(r"^(?:he|she)$", re.I)
_DESCRIPTION = re.compile(r"^(?:the|a|an)\s+((?:[\w-]+\s+){0,3}[\w-]+)$", re.I)
_MIN_WORDS = 4


@lru_cache(maxsize=16)
def _speech_pattern(verbs: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Compiled once per verb list (Python's own regex cache is too small to keep these)."""
    alt = "|".join(re.escape(v) for v in sorted(verbs, key=len, reverse=True))
    who = r"((?:[A-Z][\w’'.-]*\s+){0,4}[A-Z][\w’'-]*|he|she|(?:the|a)\s+(?:[\w-]+\s+){0,3}[\w-]+)"
    before_verb = re.compile(rf"{who}\s+(?:{alt})\b")
    after_verb = re.compile(rf"\b(?:{alt})\s+{who}")
    return before_verb, after_verb


def extract_quotes(
    paragraphs: Sequence[str],
    *,
    speech_verbs: Sequence[str],
    aliases: Mapping[str, str],
    titles: Mapping[str, frozenset[str]],
) -> list[Quote]:
    """Quotes in body order, each with a resolved speaker or None."""
    before_verb, after_verb = _speech_pattern(tuple(speech_verbs))
    names = sorted(aliases, key=len, reverse=True)
    name_re = (
        re.compile(r"(?<![\w])(" + "|".join(map(re.escape, names)) + r")(?![\w])")
        if names
        else None
    )
    recent: list[str] = []  # people in order of mention
    out: list[Quote] = []
    last_speaker: str | None = None
    last_speaker_at = -99
    pending_colon: str | None = None

    def note_people(text: str) -> None:
        if name_re is None:
            return
        for m in name_re.finditer(text):
            recent.append(aliases[m.group(1)])

    def resolve(who: str, idx: int) -> str | None:
        who = who.strip()
        if who in aliases:
            return aliases[who]
        last_word = who.split()[-1] if who.split() else ""
        if last_word in aliases:
            return aliases[last_word]
        if _PRONOUN.match(last_word):
            # "he said" continues the last speaker if one spoke recently, else the last named
            if last_speaker and idx - last_speaker_at <= 3:
                return last_speaker
            return recent[-1] if recent else None
        m = _DESCRIPTION.match(who)
        if m:
            words = {w.lower() for w in m.group(1).split()}
            roles = set().union(*(ROLE_WORDS.get(w, set()) for w in words))
            if not roles:
                return None
            best: tuple[int, int] | None = None
            choice = None
            for order, person in enumerate(recent):
                have = titles.get(person, frozenset())
                if not have & roles:
                    continue
                score = (len(have & words) + len(have & roles), order)
                if best is None or score >= best:
                    best, choice = score, person
            return choice
        return None

    for idx, para in enumerate(paragraphs):
        pieces = [
            (m.start(), m.end(), next(g for g in m.groups() if g)) for m in _QUOTE.finditer(para)
        ]
        residue = _QUOTE.sub(" \x00 ", para)
        if not pieces:
            note_people(para)
            tail = para.rstrip()
            pending_colon = None
            if tail.endswith(":"):
                for pat in (before_verb, after_verb):
                    ms = list(pat.finditer(tail))
                    if ms:
                        pending_colon = resolve(ms[-1].group(1), idx)
            continue
        # attribution: the residue's speech clause nearest the quotes
        speaker: str | None = None
        found = False
        for pat in (before_verb, after_verb):
            for m in pat.finditer(residue):
                speaker = resolve(m.group(1), idx)
                found = True
                if speaker:
                    break
            if speaker:
                break
        note_people(residue.replace("\x00", " "))
        if not found:
            only_quote = not residue.replace("\x00", "").strip(" ,.;:-—")
            speaker = pending_colon or (last_speaker if only_quote else None)
        pending_colon = None
        text = " … ".join(p[2].strip().strip(",") for p in pieces if p[2].strip())
        text = re.sub(r"\s+", " ", text).strip()
        if len(text.split()) < _MIN_WORDS:
            continue
        out.append(Quote(speaker=speaker, text=text, paragraph=idx))
        if speaker:
            last_speaker, last_speaker_at = speaker, idx
            recent.append(speaker)
    return out
