"""How well does briefing read, search and group articles that are not in English?

Why this script exists: issue 14 (Russian and every language) needs figures on real text, not on
hand-written fixtures. Two parts, both run through the CLI exactly as a user would:

1. Russian articles (../shared/data/russian-news/articles.jsonl.gz, BSNLP 2021): written as one
   JSON Lines corpus with the title, the body and the URL when there is one (no outlet, no date:
   those must be read from the text), exported with `briefing export`. Reported: text kept,
   outlet named (articles with a URL), publication days claimed and how many are right, people
   and places found of the gold base forms, and whether a surname in the nominative finds the
   articles that only use its inflected forms (`briefing search`).
2. Same-story pairs outside English: news-similarity pairs in other languages (same-language
   and across languages) and russian-news/pairs.jsonl.gz, all written as one mixed corpus and
   grouped with `briefing events --json`; precision/recall/F1 per language group as
   bench/eval_events.py does for English.

Usage: python bench/eval_languages.py [--data DIR] [--json OUT]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from eval_events import score, text_id

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data"
CROSS = ("de-en", "es-en", "pl-en", "zh-en", "de-fr", "es-it")
TARGETS = {
    "text_kept": 0.99,
    "outlet_named": 0.95,
    "day_claims_right": 0.97,
    "people_recall": 0.75,
    "places_recall": 0.75,
    "surname_search": 0.95,
}
_WORD = re.compile(r"\w+")
_CYR_CAP = re.compile(r"^[А-ЯЁ][а-яё-]{2,}$")


def _cli(folder: Path, *args: str) -> str:
    env = {**os.environ, "BRIEFING_INDEX_DIR": str(folder / "index"), "NO_COLOR": "1"}
    out = subprocess.run(
        [sys.executable, "-m", "briefing", *args],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    )
    return out.stdout


def _norm(name: str) -> str:
    return " ".join(_WORD.findall(name.lower().replace("ё", "е")))


def _read_jsonl_gz(path: Path) -> list[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


# ---------------------------------------------------------------------------------------------
# Part 1: Russian articles


def write_articles(records: list[dict[str, Any]], path: Path) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for r in records:
            row = {"id": r["id"], "title": r["title"], "body": r["body"]}
            if r.get("url"):
                row["url"] = r["url"]
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def _kept(gold: str, exported: dict[str, Any]) -> bool:
    """At least 95% of the body's words (as a multiset) are in the exported text."""
    want = Counter(_WORD.findall(gold.lower()))
    have_text = " ".join(
        [exported.get("headline") or "", exported.get("lede") or "", *exported.get("body", [])]
    )
    have = Counter(_WORD.findall(have_text.lower()))
    total = sum(want.values())
    if not total:
        return True
    return sum(min(n, have[w]) for w, n in want.items()) / total >= 0.95


def _names(mentions: list[dict[str, Any]]) -> set[str]:
    out: set[str] = set()
    for m in mentions:
        out.add(_norm(m["name"]))
        out.update(_norm(a) for a in m.get("aliases") or ())
    return out


def _found(gold: str, names: set[str]) -> bool:
    g = _norm(gold)
    if not g:
        return True
    if g in names:
        return True
    # a gold surname alone ("Биби") is found when a full name ends or starts with it
    return " " not in g and any(n.split()[-1] == g or n.split()[0] == g for n in names if n)


def surname_probes(records: list[dict[str, Any]]) -> dict[str, set[str]]:
    """Nominative surname -> ids of articles that name the person in an inflected form."""
    probes: dict[str, set[str]] = defaultdict(set)
    for r in records:
        for e in r.get("entities") or ():
            if e["type"] != "PER":
                continue
            surname = e["base"].split()[-1]
            seen = e["mention"].split()[-1]
            if not _CYR_CAP.match(surname) or seen == surname:
                continue
            if not seen.startswith(surname[:3]):
                continue  # not an inflection of the surname (an alias, an abbreviation)
            probes[surname].add(r["id"])
    return probes


def russian_articles(data: Path, folder: Path) -> dict[str, Any]:
    records = _read_jsonl_gz(data / "russian-news" / "articles.jsonl.gz")
    corpus = folder / "russian.jsonl"
    write_articles(records, corpus)
    started = time.perf_counter()
    exported = {}
    for line in _cli(folder, "export", "--corpus", str(corpus)).splitlines():
        row = json.loads(line)
        exported[row["id"].split("#", 1)[-1]] = row
    seconds = time.perf_counter() - started
    kept = with_url = named = dated = day_claims = day_right = 0
    langs: Counter[str] = Counter()
    ppl_gold = ppl_found = plc_gold = plc_found = 0
    for r in records:
        got = exported.get(r["id"])
        if got is None:
            continue
        kept += _kept(r["body"], got)
        langs[str(got.get("lang"))] += 1
        if r.get("url"):
            with_url += 1
            named += bool(got.get("outlet"))
        if got.get("published"):
            dated += 1
        if r.get("date") and got.get("published_precision") == "day":
            day_claims += 1
            day_right += got["published"] == r["date"]
        if r.get("entities") is None:
            continue
        people, places = _names(got.get("people") or []), _names(got.get("places") or [])
        for gold in {g for g in r.get("persons") or () if g}:
            ppl_gold += 1
            ppl_found += _found(gold, people)
        for gold in {g for g in r.get("locations") or () if g}:
            plc_gold += 1
            plc_found += _found(gold, places)

    probes = surname_probes(records)
    probe_total = probe_found = 0
    for surname, ids in sorted(probes.items()):
        out = json.loads(
            _cli(folder, "search", surname, "--json", "--limit", "1000", "--corpus", str(corpus))
        )
        hits = {h["id"].split("#", 1)[-1] for h in out.get("hits", [])}
        probe_total += len(ids)
        probe_found += len(ids & hits)

    def ratio(a: int, b: int) -> float:
        return round(a / b, 3) if b else 0.0

    n = len(records)
    return {
        "articles": n,
        "exported": len(exported),
        "lang": dict(langs.most_common()),
        "text_kept": ratio(kept, n),
        "with_url": with_url,
        "outlet_named": ratio(named, with_url),
        "dated": dated,
        "day_claims": day_claims,
        "day_claims_right": ratio(day_right, day_claims),
        "day_right": day_right,
        "gold_dates": sum(1 for r in records if r.get("date")),
        "people_gold": ppl_gold,
        "people_recall": ratio(ppl_found, ppl_gold),
        "places_gold": plc_gold,
        "places_recall": ratio(plc_found, plc_gold),
        "surname_probes": probe_total,
        "surname_search": ratio(probe_found, probe_total),
        "seconds": round(seconds, 1),
    }


# ---------------------------------------------------------------------------------------------
# Part 2: same-story pairs outside English

Pair = tuple[str, str, float]


def load_pair_groups(data: Path) -> tuple[dict[str, list[Pair]], dict[str, dict[str, Any]]]:
    """Pairs by language group, and every text as a corpus record (id -> record)."""
    groups: dict[str, list[Pair]] = defaultdict(list)
    texts: dict[str, dict[str, Any]] = {}
    csv.field_size_limit(1 << 30)
    with gzip.open(data / "news-similarity" / "pairs.csv.gz", "rt", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            l1, l2 = row["lang1"], row["lang2"]
            if l1 == l2 == "en":
                continue  # bench/eval_events.py
            group = f"{l1}-{l2}" if l1 != l2 else l1
            a, b = row["text1"], row["text2"]
            groups[group].append((a, b, float(row["Overall"])))
            for t in (a, b):
                texts[text_id(t)] = {"id": text_id(t), "text": t}
    for r in _read_jsonl_gz(data / "russian-news" / "pairs.jsonl.gz"):
        sides = []
        for side in (r["a"], r["b"]):
            body = f"{side.get('title') or ''}\n\n{side.get('body') or ''}".strip()
            tid = text_id(body)
            rec: dict[str, Any] = {"id": tid, "title": side.get("title"), "body": side.get("body")}
            if side.get("url"):
                rec["url"] = side["url"]
            texts[tid] = rec
            sides.append(body)
        groups[f"russian-news {r['lang']}"].append(
            (sides[0], sides[1], 1.0 if r["same_story"] else 4.0)
        )
    return dict(groups), texts


def pair_report(data: Path, folder: Path) -> dict[str, Any]:
    groups, texts = load_pair_groups(data)
    corpus = folder / "pairs.jsonl"
    with corpus.open("w", encoding="utf-8") as fh:
        for tid in sorted(texts):
            fh.write(json.dumps(texts[tid], ensure_ascii=False) + "\n")
    started = time.perf_counter()
    events = json.loads(_cli(folder, "events", "--json", "--corpus", str(corpus)))["events"]
    seconds = time.perf_counter() - started
    event_of = {aid.split("#", 1)[1]: e["id"] for e in events for aid in e["articles"]}
    out: dict[str, Any] = {"texts": len(texts), "events": len(events), "seconds": round(seconds, 1)}
    ru = groups.get("ru", []) + groups.get("russian-news ru", [])
    cross = [p for g in CROSS for p in groups.get(g, [])]
    out["russian"] = score(ru, event_of)
    out["cross_language"] = score(cross, event_of)
    out["groups"] = {g: score(p, event_of) for g, p in sorted(groups.items())}
    return out


# ---------------------------------------------------------------------------------------------


def _mark(value: float, target: float) -> str:
    return "met" if value >= target else "short"


def print_report(result: dict[str, Any]) -> None:
    a = result["articles"]
    print(
        f"Russian articles (russian-news, {a['articles']} articles, {a['seconds']} s): "
        f"lang {a['lang']}"
    )
    rows = [
        ("text kept", a["text_kept"], "text_kept", f"{a['articles']} articles"),
        ("outlet named (with a URL)", a["outlet_named"], "outlet_named", f"{a['with_url']} URLs"),
        (
            "day claims right",
            a["day_claims_right"],
            "day_claims_right",
            f"{a['day_right']} of {a['day_claims']} day claims; {a['dated']} dated of "
            f"{a['articles']} ({a['gold_dates']} with a gold date)",
        ),
        ("people found (gold base forms)", a["people_recall"], "people_recall", a["people_gold"]),
        ("places found (gold base forms)", a["places_recall"], "places_recall", a["places_gold"]),
        (
            "nominative surname finds inflected",
            a["surname_search"],
            "surname_search",
            f"{a['surname_probes']} article-surname probes",
        ),
    ]
    for label, value, key, note in rows:
        target = TARGETS[key]
        print(
            f"  {label:38s} {value:6.3f}  target >= {target:.2f} {_mark(value, target):5s} {note}"
        )
    p = result["pairs"]
    print(
        f"Same-story pairs outside English: {p['texts']} texts -> {p['events']} events "
        f"in {p['seconds']} s"
    )
    for label, s in (("Russian", p["russian"]), ("across languages", p["cross_language"])):
        ok = s["precision"] >= 0.90 and s["f1"] >= (0.85 if label == "Russian" else 0.75)
        print(
            f"  {label:18s} P {s['precision']:.3f} R {s['recall']:.3f} F1 {s['f1']:.3f} "
            f"({s['same_pairs']} same, {s['different_pairs']} different) "
            f"{'met' if ok else 'short'}"
        )
    for g, s in p["groups"].items():
        print(
            f"    {g:18s} P {s['precision']:.3f} R {s['recall']:.3f} F1 {s['f1']:.3f} "
            f"({s['same_pairs']} same, {s['different_pairs']} different)"
        )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--json", type=Path, help="also write the figures to this file")
    args = ap.parse_args()
    if not (args.data / "russian-news" / "articles.jsonl.gz").is_file():
        print(f"error: {args.data}: no russian-news data (is ../shared beside the checkout?)")
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "a").mkdir()
        (folder / "p").mkdir()
        result = {
            "articles": russian_articles(args.data, folder / "a"),
            "pairs": pair_report(args.data, folder / "p"),
        }
    print_report(result)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
