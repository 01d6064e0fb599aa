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

from briefing.ingest.name_cues import ROLE_WORDS
from briefing.models import Quote

_QUOTE = re.compile(r"\"([^\"]+)\"|“([^”]+)”|[\"“]([^\"“”]+)$")
_PRONOUN = re.compile(r"^(?:he|she)$", re.I)
_DESCRIPTION = re.compile(r"^(?:the|a|an)\s+((?:[\w-]+\s+){0,3}[\w-]+)$", re.I)
_MIN_WORDS = 4
_WORD_CHAR = re.compile(r"\w")


@lru_cache(maxsize=16)
def _speech_pattern(
    verbs: tuple[str, ...],
) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Compiled once per verb list (Python's own regex cache is too small to keep these)."""
    alt = "|".join(re.escape(v) for v in sorted(verbs, key=len, reverse=True))
    who = r"((?:[A-Z][\w’'.-]*\s+){0,4}[A-Z][\w’'-]*|he|she|(?:the|a)\s+(?:[\w-]+\s+){0,3}[\w-]+)"
    before_verb = re.compile(rf"{who}\s+(?:{alt})\b")
    after_verb = re.compile(rf"\b(?:{alt})\s+{who}")
    # what both need: a verb anywhere (a plain alternation of words, scanned fast), so a
    # paragraph without one skips the two slow patterns
    any_verb = re.compile(rf"(?:{alt})")
    return before_verb, after_verb, any_verb


def extract_quotes(
    paragraphs: Sequence[str],
    *,
    speech_verbs: Sequence[str],
    aliases: Mapping[str, str],
    titles: Mapping[str, frozenset[str]],
) -> list[Quote]:
    """Quotes in body order, each with a resolved speaker or None."""
    reader = _Speakers(speech_verbs, aliases, titles)
    out: list[Quote] = []
    for idx, para in enumerate(paragraphs):
        quote = reader.paragraph(idx, para)
        if quote is not None:
            out.append(quote)
    return out


def names_in(text: str, names: Sequence[str]) -> list[str]:
    """The whole-word occurrences of `names` in `text`, left to right, without overlaps; where
    several start at the same place, the one earliest in `names`.

    The matches `finditer` of `(?<!\\w)(name1|name2|...)(?!\\w)` gives, found with `str.find`
    instead of compiling such a pattern for every article's names (that cost more than the
    rest of quote finding)."""
    found: dict[int, tuple[int, str]] = {}  # start -> (order in names, name)
    for order, name in enumerate(names):
        if not name:
            continue
        size = len(name)
        at = text.find(name)
        while at >= 0:
            end = at + size
            if (
                at not in found
                and not (at and _WORD_CHAR.match(text, at - 1))
                and not _WORD_CHAR.match(text, end)
            ):
                found[at] = (order, name)
            at = text.find(name, at + 1)
    out: list[str] = []
    free_from = 0
    for at in sorted(found):
        if at >= free_from:
            name = found[at][1]
            out.append(name)
            free_from = at + len(name)
    return out


class _Speakers:
    """Who is speaking, paragraph by paragraph: the people named so far, the last speaker, and
    a speaker announced by a paragraph ending in a colon."""

    def __init__(
        self,
        speech_verbs: Sequence[str],
        aliases: Mapping[str, str],
        titles: Mapping[str, frozenset[str]],
    ) -> None:
        self.before_verb, self.after_verb, self.any_verb = _speech_pattern(tuple(speech_verbs))
        self.aliases = aliases
        self.titles = titles
        # longest first: where two names start at the same place, the longer one is meant
        self.names = sorted(aliases, key=len, reverse=True)
        self.recent: list[str] = []  # people in order of mention
        self.last_speaker: str | None = None
        self.last_speaker_at = -99
        self.pending_colon: str | None = None

    def paragraph(self, idx: int, para: str) -> Quote | None:
        """The quote of paragraph `idx`, if it holds one long enough."""
        pieces = [
            (m.start(), m.end(), next(g for g in m.groups() if g)) for m in _QUOTE.finditer(para)
        ]
        if not pieces:
            self._note_people(para)
            self._announce(para.rstrip(), idx)
            return None
        residue = _QUOTE.sub(" \x00 ", para)
        # attribution: the residue's speech clause nearest the quotes
        speaker, found = self._attribution(residue, idx)
        self._note_people(residue.replace("\x00", " "))
        if not found:
            only_quote = not residue.replace("\x00", "").strip(" ,.;:-—")
            speaker = self.pending_colon or (self.last_speaker if only_quote else None)
        self.pending_colon = None
        text = " … ".join(p[2].strip().strip(",") for p in pieces if p[2].strip())
        text = re.sub(r"\s+", " ", text).strip()
        if len(text.split()) < _MIN_WORDS:
            return None
        if speaker:
            self.last_speaker, self.last_speaker_at = speaker, idx
            self.recent.append(speaker)
        return Quote(speaker=speaker, text=text, paragraph=idx)

    def _announce(self, tail: str, idx: int) -> None:
        """A paragraph without quotes that ends in a colon announces the next one's speaker."""
        self.pending_colon = None
        if tail.endswith(":") and self.any_verb.search(tail):
            for pat in (self.before_verb, self.after_verb):
                ms = list(pat.finditer(tail))
                if ms:
                    self.pending_colon = self._resolve(ms[-1].group(1), idx)

    def _attribution(self, residue: str, idx: int) -> tuple[str | None, bool]:
        """(the speaker of the first speech clause that names one, whether any clause was
        found)."""
        speaker: str | None = None
        found = False
        if not self.any_verb.search(residue):
            return speaker, found
        for pat in (self.before_verb, self.after_verb):
            for m in pat.finditer(residue):
                speaker = self._resolve(m.group(1), idx)
                found = True
                if speaker:
                    return speaker, found
        return speaker, found

    def _note_people(self, text: str) -> None:
        for name in names_in(text, self.names):
            self.recent.append(self.aliases[name])

    def _resolve(self, who: str, idx: int) -> str | None:
        who = who.strip()
        if who in self.aliases:
            return self.aliases[who]
        last_word = who.split()[-1] if who.split() else ""
        if last_word in self.aliases:
            return self.aliases[last_word]
        if _PRONOUN.match(last_word):
            # "he said" continues the last speaker if one spoke recently, else the last named
            if self.last_speaker and idx - self.last_speaker_at <= 3:
                return self.last_speaker
            return self.recent[-1] if self.recent else None
        m = _DESCRIPTION.match(who)
        return self._by_role(m.group(1)) if m else None

    def _by_role(self, description: str) -> str | None:
        """ "the Russian leader": the most recent person whose titles fit the description best."""
        words = {w.lower() for w in description.split()}
        roles = set().union(*(ROLE_WORDS.get(w, set()) for w in words))
        if not roles:
            return None
        best: tuple[int, int] | None = None
        choice = None
        for order, person in enumerate(self.recent):
            have = self.titles.get(person, frozenset())
            if not have & roles:
                continue
            score = (len(have & words) + len(have & roles), order)
            if best is None or score >= best:
                best, choice = score, person
        return choice
