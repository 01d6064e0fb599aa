"""Names in a comparison: one canonical key per thing, and each outlet's words for it.

Why this module exists: "Kuril Islands", "Southern Kurils" and "Northern Territories" are one
place named three ways, and which way an outlet names it is a finding in itself. `Namer`
maps every surface form in a set of articles (entity names, their aliases, the rules' naming
groups, and names that are plainly one thing) onto one key, finds names in sentences, and
reports the things the outlets name differently.

Two names are one thing only when they have the same head noun and the same distinctive words
("South Kuril Islands" and "the Kuril Islands"; direction words and "the" do not count), or
when the rules' `[compare.naming]` table says so ("Northern Territories"). Sharing one word is
not enough: "Republican Party" is not "Democratic Party", "DC Republican Party" is not
"Republican Party", "House Intelligence Committee" is not "Senate Appropriations Committee".
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from briefing.compare.records import Naming
from briefing.ingest.rules import Rules
from briefing.ingest.translit import name_key
from briefing.models import Article

__all__ = ["Namer", "stem_name"]

_GENERIC_NAME_WORDS = frozenset(
    "island islands south southern north northern east eastern west western central upper lower "
    "new the of republic city province region state states united great sea gulf river lake "
    "mount mountains bay strait peninsula district county territory territories kingdom".split()
)


class Namer:
    """Canonical keys for the names in a set of articles, and each outlet's words for them."""

    def __init__(self, articles: Sequence[Article], rules: Rules) -> None:
        forms = _canonical_forms(articles, rules)
        self.people = {m.name for a in articles for m in a.people}
        self.forms = forms
        self.articles = articles
        self.multilingual = multilingual(articles)
        # names as word sequences: the longest match wins ("South Kuril Islands" over "Kuril
        # Islands"); acronyms and short names must match in case ("IS" is not "is")
        self._keys: dict[tuple[str, ...], list[str]] = defaultdict(list)
        for form in sorted(forms):
            key = tuple(_TOKEN.findall(form.lower()))
            if key:
                self._keys[key].append(form)
        self._longest = max((len(k) for k in self._keys), default=0)

    def find(self, text: str) -> list[tuple[str, str]]:
        """(canonical, surface form as written) for every name in `text`."""
        if not self._keys:
            return []
        spans = [(m.start(), m.end(), m.group(0).lower()) for m in _TOKEN.finditer(text)]
        words = [w for _, _, w in spans]
        out = []
        i = 0
        while i < len(spans):
            for n in range(min(self._longest, len(spans) - i), 0, -1):
                forms = self._keys.get(tuple(words[i : i + n]))
                if not forms:
                    continue
                surface = text[spans[i][0] : spans[i + n - 1][1]]
                form = next((f for f in forms if _case_ok(f, surface)), None)
                if form is None:
                    continue
                out.append((self.forms[form], surface))
                i += n - 1
                break
            i += 1
        return out

    def naming(self, outlets: Sequence[str]) -> tuple[Naming, ...]:
        """Things the outlets name with different words."""
        counts: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
        for a in self.articles:
            outlet = a.outlet or "unknown outlet"
            if outlet not in outlets:
                continue
            for text in (a.headline, a.lede or "", *a.body):
                for canonical, surface in self.find(text):
                    counts[canonical][outlet][_display_form(surface)] += 1
        out = []
        for thing, per in counts.items():
            if thing in self.people:
                continue  # "Putin" / "Vladimir Putin" is style, not naming
            present = [o for o in outlets if per.get(o)]
            if len(present) < 2:
                continue
            used = [frozenset(per[o]) for o in present]
            if all(u == used[0] for u in used):
                continue
            spelled = [frozenset(name_key(f) for f in per[o]) for o in present]
            if all(u == spelled[0] for u in spelled):
                continue  # "Токио" / "Tokyo": the same name in two scripts, not a naming
            forms = tuple(
                (o, tuple(sorted(per[o].items(), key=lambda kv: (-kv[1], kv[0])))) for o in present
            )
            spread = len(frozenset().union(*used)) - len(frozenset.intersection(*used))
            out.append((spread, sum(sum(c.values()) for c in per.values()), thing, forms))
        out.sort(key=lambda t: (-t[0], -t[1], t[2]))
        return tuple(Naming(thing, forms) for _, _, thing, forms in out[:8])


def _canonical_forms(articles: Sequence[Article], rules: Rules) -> dict[str, str]:
    """Surface form -> canonical name, for every name (and alias) in the articles."""
    forms: dict[str, str] = {}
    for a in articles:
        for m in (*a.people, *a.places, *a.organisations):
            canonical = m.name
            forms.setdefault(m.name, canonical)
            for alias in m.aliases:
                if len(alias) > 2:
                    forms.setdefault(alias, canonical)
    # rule groups: every variant maps onto the group's thing
    for thing, variants in rules.naming.items():
        used = [v for v in (thing, *variants) if any(_contains(a, v) for a in articles)]
        if used:
            for v in variants:
                forms[v] = used[0]  # named as the articles name it
    _join_by_word(forms)
    if multilingual(articles):
        _resolve(forms)
        _join_across_scripts(articles, forms)
        _resolve(forms)
    return forms


def multilingual(articles: Sequence[Article]) -> bool:
    """Articles in more than one language (what is shared across them then counts more)."""
    return len({a.lang for a in articles if a.lang}) > 1


def _resolve(forms: dict[str, str]) -> None:
    """Follow chains: an alias of a name that a rule folded into a thing is that thing."""
    for f in list(forms):
        seen = {f}
        target = forms[f]
        while target in forms and forms[target] != target and target not in seen:
            seen.add(target)
            target = forms[target]
        forms[f] = target


def _join_across_scripts(articles: Sequence[Article], forms: dict[str, str]) -> None:
    """One person or place named in two languages is one thing: people whose surnames have
    the same skeleton in any script ("Путин" / "Putin"), places with one English name
    ("Япония" / "Japan"). The thing keeps the name in the script most articles use."""
    from briefing.ingest.placenames import english_name
    from briefing.ingest.translit import has_cyrillic

    groups: dict[str, set[str]] = defaultdict(set)
    for a in articles:
        for m in a.people:
            key = name_key(m.name.split()[-1])
            if len(key) >= 2:
                groups["p:" + key].add(forms.get(m.name, m.name))
        for m in a.places:
            english = english_name(m.name) or (None if has_cyrillic(m.name) else m.name)
            if english:
                groups["l:" + english.lower()].add(forms.get(m.name, m.name))
    for things in groups.values():
        if len(things) < 2:
            continue
        # the Latin-script name wins: it is what the English reader searches for
        target = min(things, key=lambda t: (has_cyrillic(t), -len(t.split()), t))
        for f, thing in list(forms.items()):
            if thing in things:
                forms[f] = target


def _join_by_word(forms: dict[str, str]) -> None:
    """Names with the same head noun and the same distinctive words are one thing."""
    by_shape: dict[tuple[str, frozenset[str]], list[str]] = defaultdict(list)
    for form in forms:
        shape = _shape(form)
        if shape is not None:
            by_shape[shape].append(form)
    for _shape_key, group in sorted(by_shape.items(), key=lambda kv: (kv[0][0], sorted(kv[0][1]))):
        if len(group) < 2:
            continue
        things = sorted({forms[f] for f in group}, key=lambda t: (len(t.split()) > 1, t))
        target = max(things, key=lambda t: (sum(forms[f] == t for f in forms), -len(t), t))
        for f in group:
            if forms[f] in things:
                forms[f] = target


def _shape(form: str) -> tuple[str, frozenset[str]] | None:
    """(head noun, distinctive words) of a name, or None when it has no distinctive word.

    The head is the last word ("Committee" of "House Intelligence Committee"); distinctive words
    are the others that are not generic ("south", "the", "islands"), acronyms included ("DC")."""
    words = re.findall(r"[A-Za-z]+", form)
    if len(words) < 2:
        return None
    head = stem_name(words[-1].lower())
    distinctive = frozenset(
        stem_name(w.lower())
        for w in words[:-1]
        if w.lower() not in _GENERIC_NAME_WORDS
        and (w.isupper() or (len(w) >= 3 and w[0].isupper()))
    )
    if not distinctive:
        return None
    return head, distinctive


def stem_name(word: str) -> str:
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is", "as")):
        return word[:-1]
    return word


def _name_pattern(form: str) -> str:
    body = re.escape(form).replace(r"\ ", r"\s+")
    if form.isupper() or len(form) <= 3:
        return rf"(?<!\w){body}(?!\w)"
    return rf"(?i:(?<!\w){body}(?!\w))"


def _display_form(surface: str) -> str:
    """The name as written, without the brackets or quotes around its words (`[Kuril] islands`
    is `Kuril islands`, never `Kuril] islands`)."""
    s = " ".join(_NOT_NAME.sub(" ", surface).split())
    return s[0].upper() + s[1:] if s else s


_NOT_NAME = re.compile(r"[^\w\s'’.&-]")


def _contains(a: Article, variant: str) -> bool:
    low = variant.lower()
    texts = (a.headline, a.lede or "", *a.body)
    if not any(low in t.lower() for t in texts):
        return False  # cheap test first
    pat = re.compile(_name_pattern(variant))
    return any(pat.search(t) for t in texts)


_TOKEN = re.compile(r"\w+")


def _case_ok(form: str, surface: str) -> bool:
    if form.isupper() or len(form) <= 3:
        return " ".join(_TOKEN.findall(form)) == " ".join(_TOKEN.findall(surface))
    return surface[:1].isupper() or not form[:1].isupper()
