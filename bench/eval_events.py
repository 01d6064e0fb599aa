"""How well does `briefing events` find "same story" pairs that people rated?

Why this script exists: event grouping must hold beyond the five seed articles. The public
news-similarity set (../shared/data/news-similarity/pairs.csv.gz) has article pairs rated by
people (Overall 1 = same story ... 4 = unrelated). We write the texts of all English pairs as
one corpus (one JSON line per text, no outlet, no date), group it with `briefing events --json`
exactly as a user would, and report how often pairs rated <= 1.5 end in one event (recall) and
how often co-grouped rated pairs are really the same story (precision).

Usage: python bench/eval_events.py [--data PATH] [--json OUT] [--grid]
`--grid` skips the CLI and sweeps the grouping thresholds in-process (for tuning).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "news-similarity" / "pairs.csv.gz"


def load_pairs(path: Path) -> list[tuple[str, str, float]]:
    csv.field_size_limit(1 << 30)
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return [
        (r["text1"], r["text2"], float(r["Overall"]))
        for r in rows
        if r["lang1"] == "en" and r["lang2"] == "en"
    ]


def text_id(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def write_corpus(pairs: list[tuple[str, str, float]], folder: Path) -> None:
    texts: dict[str, str] = {}
    for a, b, _ in pairs:
        texts[text_id(a)] = a
        texts[text_id(b)] = b
    with (folder / "pairs.jsonl").open("w", encoding="utf-8") as fh:
        for tid in sorted(texts):
            fh.write(json.dumps({"id": tid, "text": texts[tid]}, ensure_ascii=False) + "\n")


def score(pairs: list[tuple[str, str, float]], event_of: dict[str, str]) -> dict[str, float]:
    tp = fp = fn = tn = 0
    for a, b, overall in pairs:
        if 1.5 < overall < 3.5:
            continue
        same = event_of.get(text_id(a)) is not None and event_of.get(text_id(a)) == event_of.get(
            text_id(b)
        )
        if overall <= 1.5:
            tp, fn = tp + same, fn + (not same)
        else:
            fp, tn = fp + same, tn + (not same)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(f1, 3),
        "same_pairs": tp + fn,
        "different_pairs": fp + tn,
        "true_positive": tp,
        "false_positive": fp,
        "false_negative": fn,
    }


def via_cli(folder: Path) -> tuple[dict[str, str], int, float]:
    env = {**os.environ, "BRIEFING_INDEX_DIR": str(folder / "index"), "NO_COLOR": "1"}
    started = time.perf_counter()
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "briefing",
            "events",
            "--json",
            "--corpus",
            str(folder / "pairs.jsonl"),
        ],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    )
    seconds = time.perf_counter() - started
    events = json.loads(out.stdout)["events"]
    mapping = {aid.split("#", 1)[1]: e["id"] for e in events for aid in e["articles"]}
    return mapping, len(events), seconds


def grid(folder: Path, pairs: list[tuple[str, str, float]]) -> None:
    sys.path.insert(0, str(ROOT))
    from briefing.events import EventParams, group_events
    from briefing.ingest import default_rules, load_corpus

    articles = load_corpus(folder / "pairs.jsonl", default_rules()).articles
    base = EventParams()
    for link, centroid, min_shared in [
        (link, centroid, ms)
        for link in (0.10, 0.14, 0.18, 0.22, 0.26, 0.30)
        for centroid in (0.15, 0.20, 0.25)
        for ms in (1, 2)
    ]:
        p = replace(base, link=link, centroid=centroid, min_shared=min_shared)
        events = group_events(articles, p)
        mapping = {aid.split("#", 1)[1]: e.id for e in events for aid in e.articles}
        s = score(pairs, mapping)
        print(
            f"link={link:.2f} centroid={centroid:.2f} min_shared={min_shared} "
            f"events={len(events):4d} P={s['precision']} R={s['recall']} F1={s['f1']}"
        )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--json", type=Path, help="also write the figures to this file")
    ap.add_argument("--grid", action="store_true", help="sweep thresholds in-process")
    args = ap.parse_args()
    if not args.data.is_file():
        print(f"error: {args.data}: not found (is ../shared beside the checkout?)", file=sys.stderr)
        return 2
    pairs = load_pairs(args.data)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_corpus(pairs, folder)
        if args.grid:
            grid(folder, pairs)
            return 0
        mapping, n_events, seconds = via_cli(folder)
    result = score(pairs, mapping)
    result.update({"texts": len(mapping), "events": n_events, "seconds": round(seconds, 1)})
    print(
        f"news-similarity, English pairs: {result['same_pairs']} same-story, "
        f"{result['different_pairs']} different-story; {result['texts']} texts -> "
        f"{result['events']} events in {result['seconds']}s"
    )
    print(
        f"precision {result['precision']:.3f}  recall {result['recall']:.3f}  F1 {result['f1']:.3f}"
        f"  (TP {result['true_positive']}, FP {result['false_positive']}, "
        f"FN {result['false_negative']})"
    )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
