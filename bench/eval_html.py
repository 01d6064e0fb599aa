"""How well does briefing read web pages? Article text, publication dates, headlines, cleaning.

Why this script exists: pages are read by trafilatura and htmldate and then by briefing's own
rules; the targets (issue 13) are above what the libraries do alone, so both are measured here
with the same metrics, on the development halves in ../shared/data:

- `article-extraction/` (hand-checked article bodies): token F1 of the body (whitespace tokens,
  multiset overlap), averaged over pages;
- `html-dates/` (gold original publication dates and titles): the share of dated pages whose
  publication day is right, the share of day claims that are right, and headlines right
  (token-set Dice >= 0.8 against the gold title);
- `html-cleaning/` (hand-cleaned text, headline first): token F1 of headline + body, per
  language.

Each page is read exactly as `briefing` reads a file of a corpus (`read_source`, then
`parse_record`): from the file alone, without the data set's URL. The reference row runs
trafilatura (`extract`, defaults; title from `extract_metadata`) and htmldate (`find_date`,
defaults) alone on the same bytes.

Usage: python bench/eval_html.py [--data PATH] [--json OUT] [--details OUT] [--no-reference]
       [--procs N] [--only extraction|dates|cleaning]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_DATA = ROOT.parent / "shared" / "data"

TARGETS = {
    "body_f1": 0.975,
    "day_right": 0.92,
    "claims_right": 0.97,
    "headline_right": 0.90,
    "clean_f1_en": 0.93,
    "clean_f1_ru": 0.85,
}


# Metrics ------------------------------------------------------------------------------------


def token_f1(pred: str, gold: str) -> float:
    """The benchmark's F1: whitespace tokens, multiset overlap."""
    p, g = Counter(pred.split()), Counter(gold.split())
    if not p and not g:
        return 1.0
    overlap = sum((p & g).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(p.values()), overlap / sum(g.values())
    return 2 * precision * recall / (precision + recall)


def dice(a: str, b: str) -> float:
    """Token-set Dice of two titles (lower case, whitespace tokens)."""
    x, y = set(a.lower().split()), set(b.lower().split())
    if not x or not y:
        return 0.0
    return 2 * len(x & y) / (len(x) + len(y))


# Reading a page, two ways -------------------------------------------------------------------


def read_briefing(path: str) -> dict[str, Any]:
    """A page read as `briefing` reads a corpus file: headline, body, day claimed, warnings."""
    from briefing.ingest import default_rules, parse_record, read_source
    from briefing.ingest.sources import SourceFile, kind_for
    from briefing.models import InputWarning

    rules = default_rules()
    p = Path(path)
    st = p.stat()
    kind = kind_for(p.name) or "html"
    src = SourceFile(p.name, p, kind, st.st_size, st.st_mtime_ns)
    out: dict[str, Any] = {"headline": "", "body": "", "day": None, "warnings": []}
    for item in read_source(src, rules):
        if isinstance(item, InputWarning):
            out["warnings"].append(item.reason)
            continue
        parsed = parse_record(item, rules)
        if isinstance(parsed, InputWarning):
            out["warnings"].append(parsed.reason)
            continue
        out["headline"] = parsed.headline
        out["body"] = "\n".join([*([parsed.lede] if parsed.lede else []), *parsed.body])
        if parsed.published.precision == "day":
            out["day"] = parsed.published.iso
        out["evidence"] = list(parsed.published.evidence)
        out["confidence"] = parsed.published.confidence
    return out


def read_reference(path: str) -> dict[str, Any]:
    """trafilatura and htmldate alone, at their defaults."""
    import htmldate
    import trafilatura

    data = Path(path).read_bytes()
    if path.endswith(".gz"):
        data = gzip.decompress(data)
    body = trafilatura.extract(data) or ""
    meta = trafilatura.extract_metadata(data)
    try:
        day = htmldate.find_date(data)
    except Exception:
        day = None
    return {"headline": (meta.title if meta else "") or "", "body": body, "day": day}


def _quiet() -> None:
    import logging
    import warnings

    warnings.simplefilter("ignore")
    logging.disable(logging.CRITICAL)


def read_all(fn: Callable[[str], dict[str, Any]], paths: list[str], procs: int) -> list[Any]:
    if procs <= 1:
        _quiet()
        return [fn(p) for p in paths]
    with ProcessPoolExecutor(procs, initializer=_quiet) as pool:
        return list(pool.map(fn, paths, chunksize=4))


# The three data sets ------------------------------------------------------------------------


def manifest(path: Path) -> list[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def extraction(data: Path, read: list[dict[str, Any]], gold: list[str]) -> dict[str, float]:
    scores = [token_f1(r["body"], g) for r, g in zip(read, gold, strict=True)]
    return {"body_f1": sum(scores) / len(scores), "pages": len(scores)}


def dates(rows: list[dict[str, Any]], read: list[dict[str, Any]]) -> dict[str, float]:
    dated = claims = right = titled = titles_right = 0
    for row, r in zip(rows, read, strict=True):
        # a gold date is a string; the manifest's missing values (null, NaN) are no date
        if isinstance(row.get("date"), str) and row["date"]:
            dated += 1
            if r["day"]:
                claims += 1
                right += r["day"] == row["date"]
        if row.get("title"):
            titled += 1
            titles_right += dice(r["headline"], row["title"]) >= 0.8
    return {
        "day_right": right / max(dated, 1),
        "claims_right": right / max(claims, 1),
        "claims": claims,
        "dated": dated,
        "headline_right": titles_right / max(titled, 1),
        "titled": titled,
    }


def cleaning(rows: list[dict[str, Any]], read: list[dict[str, Any]]) -> dict[str, float]:
    by_lang: dict[str, list[float]] = {}
    for row, r in zip(rows, read, strict=True):
        text = "\n".join(x for x in (r["headline"], r["body"]) if x)
        by_lang.setdefault(row["lang"], []).append(token_f1(text, row["gold_text"]))
    out: dict[str, float] = {}
    for lang, scores in sorted(by_lang.items()):
        out[f"clean_f1_{lang}"] = sum(scores) / len(scores)
        out[f"pages_{lang}"] = len(scores)
    return out


def evaluate(
    data: Path, fn: Callable[[str], dict[str, Any]], procs: int, only: Iterable[str], details: Any
) -> dict[str, float]:
    result: dict[str, float] = {}
    if "extraction" in only:
        gt = json.loads((data / "article-extraction" / "ground-truth.json").read_text("utf-8"))
        ids = sorted(gt)
        paths = [str(data / "article-extraction" / "html" / f"{i}.html") for i in ids]
        read = read_all(fn, paths, procs)
        result |= extraction(data, read, [gt[i]["articleBody"] for i in ids])
        if details is not None:
            for i, r in zip(ids, read, strict=True):
                f1 = token_f1(r["body"], gt[i]["articleBody"])
                details.append({"set": "extraction", "id": i, "f1": f1, **_short(r)})
    if "dates" in only:
        rows = manifest(data / "html-dates" / "manifest.jsonl.gz")
        read = read_all(fn, [str(data / "html-dates" / r["html_path"]) for r in rows], procs)
        result |= dates(rows, read)
        if details is not None:
            for row, r in zip(rows, read, strict=True):
                details.append(
                    {
                        "set": "dates",
                        "id": row["id"],
                        "gold_date": row.get("date"),
                        "gold_title": row.get("title"),
                        **_short(r),
                    }
                )
    if "cleaning" in only:
        rows = manifest(data / "html-cleaning" / "manifest.jsonl.gz")
        read = read_all(fn, [str(data / "html-cleaning" / r["html_path"]) for r in rows], procs)
        result |= cleaning(rows, read)
        if details is not None:
            for row, r in zip(rows, read, strict=True):
                text = "\n".join(x for x in (r["headline"], r["body"]) if x)
                details.append(
                    {
                        "set": "cleaning",
                        "id": row["id"],
                        "lang": row["lang"],
                        "f1": token_f1(text, row["gold_text"]),
                        "gold_first": row["gold_first_line"],
                        **_short(r),
                    }
                )
    return result


def _short(r: dict[str, Any]) -> dict[str, Any]:
    return {**r, "body": r["body"][:300] + " ... " + r["body"][-200:]}


# Report -------------------------------------------------------------------------------------

ROWS = (
    ("article body F1 (article-extraction)", "body_f1", "{:.3f}"),
    ("publication day right, of all dated pages (html-dates)", "day_right", "{:.1%}"),
    ("day claims that are right (html-dates)", "claims_right", "{:.1%}"),
    ("headline right, Dice >= 0.8 (html-dates)", "headline_right", "{:.1%}"),
    ("headline + text F1, English (html-cleaning)", "clean_f1_en", "{:.3f}"),
    ("headline + text F1, Russian (html-cleaning)", "clean_f1_ru", "{:.3f}"),
)


def report(ours: dict[str, float], ref: dict[str, float] | None) -> str:
    lines = [
        "| what | briefing | trafilatura + htmldate alone | target | met |",
        "| --- | --- | --- | --- | --- |",
    ]
    for label, key, fmt in ROWS:
        if key not in ours:
            continue
        target = TARGETS[key]
        mine = fmt.format(ours[key])
        theirs = fmt.format(ref[key]) if ref and key in ref else ""
        met = "yes" if ours[key] >= target else "**no**"
        lines.append(f"| {label} | {mine} | {theirs} | >= {fmt.format(target)} | {met} |")
    if "claims" in ours:
        lines.append(
            f"\nhtml-dates: {ours['dated']:.0f} dated pages, briefing claims a day for "
            f"{ours['claims']:.0f}"
            + (f" (the libraries alone: {ref['claims']:.0f})" if ref and "claims" in ref else "")
            + f"; {ours['titled']:.0f} pages have a gold title."
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--json", type=Path, help="write the figures here as JSON")
    ap.add_argument("--details", type=Path, help="write per-page results here (JSON Lines)")
    ap.add_argument("--no-reference", action="store_true", help="skip the libraries-alone row")
    ap.add_argument("--procs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--only", action="append", choices=("extraction", "dates", "cleaning"))
    args = ap.parse_args(argv)
    if not (args.data / "html-dates").is_dir():
        print(f"eval_html: no data at {args.data} (needs ../shared/data)", file=sys.stderr)
        return 2
    only = tuple(args.only or ("extraction", "dates", "cleaning"))
    started = time.perf_counter()
    details: list[dict[str, Any]] | None = [] if args.details else None
    ours = evaluate(args.data, read_briefing, args.procs, only, details)
    seconds = time.perf_counter() - started
    ref = None
    if not args.no_reference:
        ref = evaluate(args.data, read_reference, args.procs, only, None)
    print(f"Pages (make eval, {seconds:.0f} s for briefing's reading):\n")
    print(report(ours, ref))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        payload = {"briefing": ours, "reference": ref, "targets": TARGETS, "seconds": seconds}
        args.json.write_text(json.dumps(payload, indent=2) + "\n", "utf-8")
    if args.details and details is not None:
        with args.details.open("w", encoding="utf-8") as fh:
            for d in details:
                fh.write(json.dumps(d, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
