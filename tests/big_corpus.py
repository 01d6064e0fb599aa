"""A generated corpus the size real ones are: a few thousand short articles from 200 outlets.

Why this module exists: the app and the briefing must stay readable at scale (most events are
one outlet's story, a few are covered by dozens), and that can only be tested on a corpus that
size. It is written by the tests themselves (never copied from data): made-up words, so every
story has its own vocabulary, a few shared stories, some undated articles and a couple of
far-off dates.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

OUTLETS = 200
SOLO_STORIES = 2300  # stories one outlet ran (an article or two each)
SHARED_STORIES = 24  # stories several outlets covered
UNDATED = 40  # articles with no date at all
SYLLABLES = "ka lo mi re su ta ve no pi da zu fe go ri ba tu le sa mo ni".split()


def _word(rng: random.Random, used: set[str]) -> str:
    while True:
        w = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(3, 4)))
        if w not in used:
            used.add(w)
            return w


def _outlet(i: int) -> str:
    return f"Outlet {chr(65 + i % 26)}{i // 26:02d} News"


def big_corpus(root: Path, seed: int = 12) -> Path:
    """Write the corpus (one JSON Lines file) under `root`; return its folder."""
    rng = random.Random(seed)
    used: set[str] = set()
    folder = root / "big"
    folder.mkdir(parents=True, exist_ok=True)
    records: list[dict[str, object]] = []
    # outlets are uneven: a few run most stories, as in real corpora
    weights = [1.0 / (1 + i) ** 0.7 for i in range(OUTLETS)]

    def day(n: int) -> str:
        year, rest = 2016 + n // 336, n % 336
        return f"{year}-{rest // 28 + 1:02d}-{rest % 28 + 1:02d}"

    for s in range(SOLO_STORIES):
        words = [_word(rng, used) for _ in range(5)]
        outlet = rng.choices(range(OUTLETS), weights)[0]
        when = rng.randrange(0, 4 * 336)
        for k in range(1 if rng.random() < 0.9 else 2):
            title = f"{words[0].title()} {words[1]} {words[2]} in {words[3].title()}"
            body = (
                f"Officials in {words[3].title()} said the {words[1]} {words[2]} began on "
                f"Monday. The {words[0]} {words[4]} was seen by many. "
                f"Story {s} part {k}: {words[4]} {words[1]} {words[0]} {words[2]}."
            )
            records.append(
                {"title": title, "body": body, "outlet": _outlet(outlet), "date": day(when + k)}
            )
    for _story in range(SHARED_STORIES):
        words = [_word(rng, used) for _ in range(6)]
        when = rng.randrange(0, 4 * 336)
        covering = rng.sample(range(OUTLETS), rng.randint(3, 40))
        for n, outlet in enumerate(covering):
            extra = _word(rng, used)
            title = f"{words[0].title()} {words[1]} {words[2]} as {words[3].title()} {extra}"
            body = (
                f"The {words[1]} {words[2]} in {words[4].title()} drew {words[5]} crowds. "
                f"{words[0].title()} {words[3].title()} spoke of the {words[1]} {words[2]}. "
                f"Reporters {extra} noted it (item {n})."
            )
            records.append(
                {"title": title, "body": body, "outlet": _outlet(outlet), "date": day(when)}
            )
    for _ in range(UNDATED):
        words = [_word(rng, used) for _ in range(4)]
        records.append(
            {
                "title": f"{words[0].title()} {words[1]} {words[2]}",
                "body": f"The {words[1]} {words[3]} was {words[2]}. Nobody said when.",
                "outlet": _outlet(rng.randrange(OUTLETS)),
            }
        )
    for year in ("1865-06-01", "1971-01-01"):  # wrong dates a real corpus has a few of
        words = [_word(rng, used) for _ in range(3)]
        records.append(
            {
                "title": f"{words[0].title()} {words[1]} {words[2]}",
                "body": f"The {words[1]} was {words[2]}.",
                "outlet": _outlet(0),
                "date": year,
            }
        )
    rng.shuffle(records)
    with (folder / "articles.jsonl").open("w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r) + "\n")
    return folder
