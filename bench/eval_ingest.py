"""How well does briefing read articles nobody tuned it to: datelines, publication dates, text kept?

Why this script exists: the seed articles are read perfectly, but the timeline, the events and the
comparisons stand on fields read from text the rules were never shown. This script writes the
development data in ../shared/data to temporary corpora the way a user would have them, reads
each with `briefing.ingest.load_corpus` (the corpus-wide second pass included), and compares what
briefing claims with the gold record:

- Reuters-21578: a deterministic sample of stories as .txt files (headline, blank line, dateline +
  body), without the record date; gold: the dateline place and the record date.
- AllSides: records with a gold date, as JSON Lines without the `date` field (the url stays).
- BASIL: all records, as JSON Lines without `date`.
- Russian news, the html-cleaning gold texts, the similarity pairs' texts and (once briefing
  reads HTML) the saved pages of html-dates and html-cleaning: only "nothing dropped" (every
  document becomes an article with its text, or a warning names it).

A day-precise claim is right when it is within one day of the gold date (wire and print dates
straddle midnight: the NYT url carries the print day, the record the web day); a month-precise
claim when the gold date is in that month; a year-precise claim when the year is the gold year.

Usage: python bench/eval_ingest.py [--data PATH] [--json OUT] [--before FILE] [--reuters N]
`--before FILE` prints the figures in FILE (a JSON written by this script on older code) next to
the current ones. Run with PYTHONPATH pointing at another checkout to measure that code.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import hashlib
import json
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data"


def _jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def _stride(items: list[Any], n: int) -> list[Any]:
    """A deterministic, evenly spread sample of about `n` items."""
    if len(items) <= n:
        return items
    step = len(items) / n
    return [items[int(i * step)] for i in range(n)]


def _gold_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    head = value.strip().split()[0] if value.strip() else ""
    for fmt in ("%Y-%m-%d", "%d-%b-%Y"):
        try:
            return dt.datetime.strptime(head[:10] if fmt == "%Y-%m-%d" else head, fmt).date()
        except ValueError:
            continue
    return None


# --------------------------------------------------------------------------------------------
# Writing the corpora


def write_reuters(data: Path, folder: Path, n: int) -> dict[str, dict[str, Any]]:
    stories = [
        r
        for r in _jsonl(data / "reuters21578" / "articles.jsonl.gz")
        if (r.get("body") or "").strip() and (r.get("dateline") or "").strip()
    ]
    stories.sort(key=lambda r: int(r["newid"]))
    gold: dict[str, dict[str, Any]] = {}
    for r in _stride(stories, n):
        sid = f"reuters-{int(r['newid']):05d}"
        title = " ".join(r.get("title", "").split()) or "(no title)"
        text = f"{title}\n\n{r['dateline'].strip()} {r['body'].lstrip()}"
        (folder / f"{sid}.txt").write_text(text, encoding="utf-8")
        place = r["dateline"].split(",")[0].strip()
        gold[sid] = {"date": _gold_date(r.get("date")), "place": place, "letters": _letters(text)}
    return gold


def write_jsonl_set(
    records: list[dict[str, Any]], folder: Path, name: str, prefix: str
) -> dict[str, dict[str, Any]]:
    gold: dict[str, dict[str, Any]] = {}
    with (folder / f"{name}.jsonl").open("w", encoding="utf-8") as fh:
        for i, r in enumerate(records):
            rid = f"{prefix}-{i:05d}"
            rec = {k: v for k, v in r.items() if k not in ("date", "ID", "id")}
            rec["id"] = rid
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            gold[rid] = {
                "date": _gold_date(r.get("date")),
                "place": None,
                "where": f"{name}.jsonl:{i + 1}",
                "letters": sum(
                    _letters(str(r.get(k) or ""))
                    for k in ("title", "body", "text", "content_original")
                ),
            }
    return gold


def write_allsides(data: Path, folder: Path, n: int) -> dict[str, dict[str, Any]]:
    records = [
        r
        for r in _jsonl(data / "allsides" / "articles.jsonl.gz")
        if (r.get("content_original") or "").strip() and _gold_date(r.get("date"))
    ]
    return write_jsonl_set(_stride(records, n), folder, "allsides", "allsides")


def write_basil(data: Path, folder: Path) -> dict[str, dict[str, Any]]:
    keep = ("title", "body", "outlet", "url", "date")
    records = [{k: r.get(k) for k in keep} for r in _jsonl(data / "basil" / "articles.jsonl.gz")]
    return write_jsonl_set(records, folder, "basil", "basil")


def write_russian(data: Path, folder: Path) -> dict[str, dict[str, Any]]:
    keep = ("title", "body")
    records = [
        {k: r.get(k) for k in keep} for r in _jsonl(data / "russian-news" / "articles.jsonl.gz")
    ]
    return write_jsonl_set(records, folder, "russian", "ru")


def write_html_texts(data: Path, folder: Path) -> dict[str, dict[str, Any]]:
    """The hand-cleaned texts of the html-cleaning pages (English and Russian) as .txt files."""
    gold: dict[str, dict[str, Any]] = {}
    for i, r in enumerate(_jsonl(data / "html-cleaning" / "manifest.jsonl.gz")):
        text = (r.get("gold_text") or "").strip()
        if not text:
            continue
        sid = f"page-{i:04d}"
        (folder / f"{sid}.txt").write_text(text, encoding="utf-8")
        gold[sid] = {"date": None, "place": None, "letters": _letters(text)}
    return gold


def html_readable() -> bool:
    """Whether this checkout reads HTML pages (issue 13); until then the page set is skipped."""
    from briefing.ingest.sources import kind_for

    return kind_for("page.html") is not None


def write_html_pages(data: Path, folder: Path) -> dict[str, dict[str, Any]]:
    """The saved pages of html-dates and html-cleaning, as .html files."""
    gold: dict[str, dict[str, Any]] = {}
    for sub in ("html-dates", "html-cleaning"):
        for i, r in enumerate(_jsonl(data / sub / "manifest.jsonl.gz")):
            path = data / sub / str(r.get("html_path") or "")
            if not path.is_file():
                continue
            sid = f"{sub}-{i:04d}"
            with gzip.open(path, "rb") as fh:
                (folder / f"{sid}.html").write_bytes(fh.read())
            gold[sid] = {"date": None, "place": None}
    return gold


def write_similarity(data: Path, folder: Path) -> dict[str, dict[str, Any]]:
    csv.field_size_limit(1 << 30)
    texts: dict[str, str] = {}
    with gzip.open(data / "news-similarity" / "pairs.csv.gz", "rt", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            for key in ("text1", "text2"):
                t = (row.get(key) or "").strip()
                if t:
                    texts["sim-" + hashlib.sha1(t.encode()).hexdigest()[:12]] = t
    gold: dict[str, dict[str, Any]] = {}
    with (folder / "similarity.jsonl").open("w", encoding="utf-8") as fh:
        for i, tid in enumerate(sorted(texts)):
            fh.write(json.dumps({"id": tid, "text": texts[tid]}, ensure_ascii=False) + "\n")
            gold[tid] = {
                "date": None,
                "place": None,
                "where": f"similarity.jsonl:{i + 1}",
                "letters": _letters(texts[tid]),
            }
    return gold


# --------------------------------------------------------------------------------------------
# Scoring


def _letters(text: str) -> int:
    return sum(1 for c in text if c.isalpha())


def score(
    folder: Path, gold: dict[str, dict[str, Any]], *, places: bool, dates: bool
) -> dict[str, Any]:
    from briefing.ingest import default_rules, load_corpus
    from briefing.models import Article

    started = time.perf_counter()
    load = load_corpus(folder, default_rules())
    seconds = time.perf_counter() - started
    by_id: dict[str, Article] = {}
    for art in load.articles:
        by_id.setdefault(art.id.rsplit("#", 1)[-1], art)
    warned = " ".join(str(w) for w in load.warnings)
    warned_at = {w.path for w in load.warnings}

    def named(gid: str) -> bool:
        return gid in warned or gold[gid].get("where") in warned_at

    out: dict[str, Any] = {"documents": len(gold), "seconds": round(seconds, 1)}
    out.update(_kept(gold, by_id, named))
    if places:
        out["dateline_place"] = _places(gold, by_id)
    if dates:
        out.update(_dates(gold, by_id))
    return out


def _kept(gold: dict[str, dict[str, Any]], by_id: dict[str, Any], named: Any) -> dict[str, Any]:
    """Documents that vanished, came out empty, or lost half their letters, with no warning."""
    dropped = lost = 0
    examples: list[str] = []
    for gid, g in gold.items():
        a = by_id.get(gid)
        if named(gid):
            continue
        if a is None or not any(b.strip() for b in a.body):
            dropped += 1
            examples.append(f"{gid}: {'no article' if a is None else 'empty body'}, no warning")
            continue
        kept = _letters(" ".join((a.headline or "", a.lede or "", *a.body)))
        if g.get("letters") and kept < 0.5 * g["letters"]:
            lost += 1
            examples.append(f"{gid}: kept {kept} of {g['letters']} letters, no warning")
    return {"dropped_silently": dropped, "half_lost_silently": lost, "drop_examples": examples[:5]}


def _places(gold: dict[str, dict[str, Any]], by_id: dict[str, Any]) -> dict[str, int]:
    right = total = 0
    for gid, g in gold.items():
        if not g["place"]:
            continue
        total += 1
        a = by_id.get(gid)
        got = (a.dateline or "") if a else ""
        right += got.split(",")[0].strip().casefold() == g["place"].casefold()
    return {"right": right, "of": total}


def _right(precision: str, start: dt.date | None, gold: dt.date) -> bool:
    if start is None or precision == "unknown":
        return True
    if precision == "day":
        return abs((start - gold).days) <= 1
    if precision == "month":
        return (start.year, start.month) == (gold.year, gold.month)
    return start.year == gold.year


def _dates(gold: dict[str, dict[str, Any]], by_id: dict[str, Any]) -> dict[str, Any]:
    claims: dict[str, dict[str, int]] = {
        p: {"n": 0, "right": 0} for p in ("day", "month", "year", "unknown")
    }
    sure = {"n": 0, "right": 0}
    wrong: list[str] = []
    for gid, g in gold.items():
        a = by_id.get(gid)
        gd: dt.date | None = g["date"]
        if a is None or gd is None:
            continue
        pub = a.published
        p = pub.precision if pub.date.start else "unknown"
        ok = _right(p, pub.date.start, gd)
        claims[p]["n"] += 1
        claims[p]["right"] += ok
        if p == "day" and pub.confidence >= 0.9:
            sure["n"] += 1
            sure["right"] += ok
        if not ok and len(wrong) < 8:
            wrong.append(f"{gid}: claimed {pub.iso} ({p}, {pub.confidence}), gold {gd}")
    return {"published": claims, "day_confidence_0.9": sure, "wrong_examples": wrong}


SETS = (
    ("reuters", "Reuters-21578 .txt", True, True),
    ("allsides", "AllSides JSONL", False, True),
    ("basil", "BASIL JSONL", False, True),
    ("russian", "Russian news JSONL", False, False),
    ("pages", "html-cleaning texts .txt", False, False),
    ("similarity", "similarity pairs JSONL", False, False),
    ("html", "saved HTML pages", False, False),
)


def run(data: Path, reuters_n: int, allsides_n: int) -> dict[str, Any]:
    results: dict[str, Any] = {}
    for key, label, places, dates in SETS:
        if key == "html" and not html_readable():
            print(f"  {label}: skipped (no HTML reader in this checkout)", file=sys.stderr)
            continue
        with tempfile.TemporaryDirectory(prefix=f"eval-ingest-{key}-") as tmp:
            folder = Path(tmp)
            if key == "reuters":
                gold = write_reuters(data, folder, reuters_n)
            elif key == "allsides":
                gold = write_allsides(data, folder, allsides_n)
            elif key == "basil":
                gold = write_basil(data, folder)
            elif key == "russian":
                gold = write_russian(data, folder)
            elif key == "pages":
                gold = write_html_texts(data, folder)
            elif key == "html":
                gold = write_html_pages(data, folder)
            else:
                gold = write_similarity(data, folder)
            print(f"  {label}: {len(gold)} documents ...", file=sys.stderr, flush=True)
            res = score(folder, gold, places=places, dates=dates)
            res["label"] = label
            results[key] = res
    return results


# --------------------------------------------------------------------------------------------
# The table


def _pct(right: int, of: int) -> str:
    return f"{100 * right / of:.1f}% ({right}/{of})" if of else "-"


def rows(res: dict[str, Any]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    if "dateline_place" in res:
        dp = res["dateline_place"]
        out.append(("dateline place right", _pct(dp["right"], dp["of"])))
    if "published" in res:
        pub = res["published"]
        total = sum(v["n"] for v in pub.values())
        for p in ("day", "month", "year"):
            out.append((f"{p}-precise: claimed", f"{pub[p]['n']} of {total}"))
            out.append((f"{p}-precise: right", _pct(pub[p]["right"], pub[p]["n"])))
        out.append(("no date claimed", f"{pub['unknown']['n']} of {total}"))
        at_least_month = pub["day"]["n"] + pub["month"]["n"]
        out.append(("at least a month", _pct(at_least_month, total)))
        s = res["day_confidence_0.9"]
        out.append(("day, confidence >= 0.9: wrong", f"{s['n'] - s['right']} of {s['n']}"))
    out.append(("dropped without a warning", f"{res['dropped_silently']} of {res['documents']}"))
    if "half_lost_silently" in res:
        out.append(
            ("lost half its text, no warning", f"{res['half_lost_silently']} of {res['documents']}")
        )
    return out


def table(now: dict[str, Any], before: dict[str, Any] | None) -> str:
    lines = ["| set | figure | before | now |", "| --- | --- | --- | --- |"]
    for key, res in now.items():
        old = dict(rows(before[key])) if before and key in before else {}
        for name, value in rows(res):
            lines.append(f"| {res['label']} | {name} | {old.get(name, '-')} | {value} |")
    return "\n".join(lines)


def _cell(res: dict[str, Any], what: str) -> str:
    if what == "place":
        dp = res.get("dateline_place")
        return f"{100 * dp['right'] / dp['of']:.1f}%" if dp and dp["of"] else "-"
    if what == "silent":
        return f"{res['dropped_silently']} / {res.get('half_lost_silently', '-')}"
    pub = res.get("published")
    if not pub:
        return "-"
    total = sum(v["n"] for v in pub.values())
    if what == "month+":
        return f"{100 * (pub['day']['n'] + pub['month']['n']) / total:.0f}%" if total else "-"
    if what == "sure":
        s = res["day_confidence_0.9"]
        return f"{s['n'] - s['right']} of {s['n']}"
    c = pub[what]
    return f"{c['right']}/{c['n']}" if c["n"] else "0"


def compact(now: dict[str, Any], before: dict[str, Any] | None) -> str:
    """The README's table: before -> now, one row per set."""
    cols = [
        ("dateline place", "place"),
        ("day claims right", "day"),
        ("month claims right", "month"),
        ("year claims right", "year"),
        ("at least a month", "month+"),
        ("day, conf. >= 0.9, wrong", "sure"),
        ("dropped / half lost, no warning", "silent"),
    ]
    lines = ["| set | " + " | ".join(c for c, _ in cols) + " |", "|---" * (len(cols) + 1) + "|"]
    for key, res in now.items():
        old = before.get(key) if before else None
        cells = []
        for _, what in cols:
            new = _cell(res, what)
            was = _cell(old, what) if old else "-"
            cells.append(new if was == new or new == "-" else f"{was} → {new}")
        lines.append(f"| {res['label']} ({res['documents']}) | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--json", type=Path, help="write the figures here")
    ap.add_argument("--before", type=Path, help="figures of older code, shown beside")
    ap.add_argument("--reuters", type=int, default=2000)
    ap.add_argument("--allsides", type=int, default=2000)
    ap.add_argument("--show-wrong", action="store_true", help="print examples of wrong claims")
    ap.add_argument("--readme", action="store_true", help="also print the README's short table")
    args = ap.parse_args(argv)
    if not args.data.is_dir():
        print(f"eval_ingest: no data at {args.data}", file=sys.stderr)
        return 2
    results = run(args.data, args.reuters, args.allsides)
    before = None
    if args.before and args.before.is_file():
        before = json.loads(args.before.read_text(encoding="utf-8"))
    print(table(results, before))
    if args.readme:
        print()
        print(compact(results, before))
    if args.show_wrong:
        for key, res in results.items():
            for line in res.get("wrong_examples", []) + res.get("drop_examples", []):
                print(f"  {key}: {line}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
