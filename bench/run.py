"""The speed benchmark of issue 5: briefing on ~52,000 real articles, each figure beside its
reference measured in the same run (these machines are shared and noisy).

Usage: python bench/run.py [--data ../shared/data] [--sizes 5000,20000,all] [--work DIR]
                           [--quick] [--out bench/results]

Writes `latest.json` and `latest.md` in `--out`. Every measured step runs in a subprocess of its
own (`python bench/run.py step NAME ...`), which reports its figures and its own peak RSS
(VmHWM) plus that of its children (index worker processes). Corpora are built in a temporary
folder from ../shared/data and deleted afterwards; nothing is copied into the repository.

Corpora (deterministic: records ordered by the SHA-1 of their line, the first N taken):
- `jsonl-<N>/`: two JSON Lines files (allsides.jsonl, reuters.jsonl) holding N articles;
- `files-all/`: every article as its own small .jsonl file (for "one changed file" and "100 new
  files": a JSON Lines corpus is one big file, see the README's Performance section);
- `txt-all/`: every article's headline and body as a .txt file, for ripgrep.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import hashlib
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data"
SOURCES = (
    ("allsides", "allsides/articles.jsonl.gz"),
    ("reuters", "reuters21578/articles.jsonl.gz"),
)
STEP_TIMEOUT = float(os.environ.get("BRIEFING_BENCH_STEP_TIMEOUT", "1200"))  # seconds a step
# grouping at 52k is slow: time to finish (the summaries read its events), else cut off, said
EVENTS_TIMEOUT = 900
SUMMARY_TIMEOUT = 150  # `briefing summary` at 52k renders for minutes: cut it off and say so
MARK = "zqxbenchmark"  # a word no article contains, added by the incremental steps

# The fixed query set: (kind, query, words ripgrep looks for, all of them, or None: no rg
# equivalent). 50+ queries over every kind the issue names.
QUERIES: list[tuple[str, str, list[str] | None]] = [
    *[
        ("word", w, [w])
        for w in (
            "trump",
            "obama",
            "oil",
            "immigration",
            "election",
            "climate",
            "tariffs",
            "coffee",
            "senate",
            "syria",
            "wheat",
            "vaccine",
            "impeachment",
            "budget",
        )
    ],
    *[
        ("two words", q, q.split())
        for q in (
            "trade deficit",
            "health care",
            "supreme court",
            "interest rates",
            "border wall",
            "gun control",
            "north korea",
            "crude oil",
            "tax reform",
            "police shooting",
        )
    ],
    *[
        ("phrase", f'"{p}"', [p])
        for p in (
            "white house",
            "federal reserve",
            "climate change",
            "affordable care act",
            "national security",
            "prime minister",
            "oil prices",
            "supreme court justice",
        )
    ],
    *[
        ("fielded", q, w)
        for q, w in (
            ("outlet:reuters oil", ["reuters", "oil"]),
            ("outlet:cnn trump", ["cnn", "trump"]),
            ("person:obama", ["obama"]),
            ("person:clinton health", ["clinton", "health"]),
            ("place:syria", ["syria"]),
            ("place:brazil coffee", ["brazil", "coffee"]),
            ("org:congress budget", ["congress", "budget"]),
            ("headline:election", ["election"]),
            ("dateline:london", ["london"]),
        )
    ],
    *[
        ("date range", q, w)
        for q, w in (
            ("date:[1987-03-01 to 1987-03-31] oil", ["oil"]),
            ("date:2016 election", ["election"]),
            ("date:[2019-01 to 2019-06] trump", ["trump"]),
            ("date:1987-04 wheat", ["wheat"]),
            ("date:[2018-01-01 to 2018-12-31]", None),
            ("date:[2012 to 2013] obama", ["obama"]),
        )
    ],
    *[("wildcard", f"{w}*", [w]) for w in ("immigra", "tarif", "vaccin", "senat")],
    *[("NOT", q, None) for q in ("oil NOT opec", "trump NOT russia", '"white house" NOT obama')],
    *[
        ("misspelt", w, [w])
        for w in ("imigration", "goverment", "electoin", "presidnet", "climte", "econmy")
    ],
]


# --------------------------------------------------------------------------------------------
# Corpora


def load_records(data: Path) -> list[tuple[str, str, dict[str, Any]]]:
    """(source name, line, record) for every article, ordered by the SHA-1 of the line."""
    out: list[tuple[str, str, dict[str, Any]]] = []
    for name, rel in SOURCES:
        with gzip.open(data / rel, "rt", encoding="utf-8") as fh:
            for line in fh:
                line = line.rstrip("\n")
                if line.strip():
                    out.append((name, line, json.loads(line)))
    out.sort(key=lambda r: hashlib.sha1(r[1].encode("utf-8")).hexdigest())
    return out


def record_id(name: str, record: dict[str, Any], n: int) -> str:
    rid = str(record.get("ID") or record.get("newid") or n)
    return f"{name}-{rid}"


def record_text(record: dict[str, Any]) -> str:
    title = str(record.get("title") or "")
    body = str(record.get("content_original") or record.get("body") or "")
    return f"{title}\n\n{body}\n"


def prepare(data: Path, work: Path, sizes: list[int], limit: int | None) -> dict[str, Any]:
    records = load_records(data)[:limit]
    total = len(records)
    info: dict[str, Any] = {"records": total, "corpora": {}}
    for size in sizes:
        n = min(size, total)
        folder = work / f"jsonl-{n}"
        folder.mkdir(parents=True)
        handles = {
            name: (folder / f"{name}.jsonl").open("w", encoding="utf-8") for name, _ in SOURCES
        }
        for name, line, _ in sorted(records[:n], key=lambda r: r[1]):
            handles[name].write(line + "\n")
        for fh in handles.values():
            fh.close()
        info["corpora"][f"jsonl-{n}"] = {"articles": n, "path": str(folder)}
    files, txt = work / "files-all", work / "txt-all"
    extra = work / "extra-100"
    for folder in (files, txt, extra):
        folder.mkdir()
    for n, (name, line, record) in enumerate(records):
        rid = record_id(name, record, n)
        sub = hashlib.sha1(rid.encode()).hexdigest()[:2]
        (files / sub).mkdir(exist_ok=True)
        (files / sub / f"{rid}.jsonl").write_text(line + "\n", encoding="utf-8")
        (txt / sub).mkdir(exist_ok=True)
        (txt / sub / f"{rid}.txt").write_text(record_text(record), encoding="utf-8")
    # 100 new articles for the "100 new files" step: real records under new ids.
    with_body = [r for r in records if len(record_text(r[2])) > 300]
    for n, (_, _, record) in enumerate(with_body[:100]):
        new = dict(record)
        new["ID"] = new["newid"] = f"new{n:03d}"
        new["title"] = f"{new.get('title') or ''} {MARK}new"  # the body may end in a trailer
        (extra / f"new-{n:03d}.jsonl").write_text(json.dumps(new) + "\n", encoding="utf-8")
    info["corpora"]["files-all"] = {"articles": total, "path": str(files)}
    info["txt"] = str(txt)
    info["extra"] = str(extra)
    return info


# --------------------------------------------------------------------------------------------
# Steps (each runs in its own process: `python bench/run.py step NAME JSON-ARGS`)


def _peak() -> dict[str, float]:
    hwm = 0.0
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                hwm = int(line.split()[1]) / 1024
    except OSError:
        hwm = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"peak_rss_mb": round(hwm, 1), "peak_rss_children_mb": round(children, 1)}


def step_build(args: dict[str, Any]) -> dict[str, Any]:
    from briefing.build import update
    from briefing.index import CorpusIndex

    index = CorpusIndex.open(Path(args["corpus"]), Path(args["index"]), rebuild=True)
    started = time.perf_counter()
    report = update(index, procs=args.get("procs"), follow_links=args.get("follow_links"))
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "articles": report.articles, "warnings": len(report.skipped)}


def step_extract(args: dict[str, Any]) -> dict[str, Any]:
    """The documents exactly as briefing gave them to Whoosh, for the bare-Whoosh reference
    (JSON Lines: no file the benchmark writes holds pickle)."""
    from briefing.index import CorpusIndex

    index = CorpusIndex.open(Path(args["corpus"]), Path(args["index"]))
    docs = index.stored_documents()
    with open(args["out"], "w", encoding="utf-8") as fh:
        for doc in docs:
            fh.write(json.dumps(doc, ensure_ascii=False) + "\n")
    return {"documents": len(docs)}


def step_bare(args: dict[str, Any]) -> dict[str, Any]:
    """Bare Whoosh: the same documents, the same schema, both cores (`procs=2,
    multisegment=True`, Whoosh's own multi-process writer), from nothing."""
    from whoosh import index as whoosh_index

    from briefing.index.schema import schema

    with open(args["docs"], encoding="utf-8") as fh:
        docs = [json.loads(line) for line in fh]
    folder = Path(args["index"])
    folder.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    ix = whoosh_index.create_in(str(folder), schema(), indexname="bare")
    procs = os.cpu_count() or 1
    writer = ix.writer(procs=procs, multisegment=True, limitmb=128, compound=False)
    for doc in docs:
        writer.add_document(**doc)
    writer.commit()
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "articles": len(docs), "procs": procs}


def _time_search(index: Any, query: str, limit: int = 20) -> tuple[float, int]:
    started = time.perf_counter()
    result = index.search(query, limit=limit)
    seconds = time.perf_counter() - started
    assert all(h.snippet is not None for h in result.hits)
    return seconds, result.total


def step_search(args: dict[str, Any]) -> dict[str, Any]:
    from briefing.index import CorpusIndex

    index = CorpusIndex.open(Path(args["corpus"]), Path(args["index"]))
    started = time.perf_counter()
    index.search("warmup")  # opens the searcher, reads the vocabulary
    first = time.perf_counter() - started
    index.search("warmup", plain=True)
    rows = []
    for kind, query, _ in QUERIES:
        times, plain_times = [], []
        total = 0
        for _ in range(args.get("repeat", 3)):
            seconds, total = _time_search(index, query)
            times.append(seconds)
            # the reference, taking turns with the fast path: Whoosh on its own (positions for
            # phrases, counts from a scored search grouped by outlet), as before issue 15
            started = time.perf_counter()
            index.search(query, limit=20, plain=True)
            plain_times.append(time.perf_counter() - started)
        rows.append(
            {
                "kind": kind,
                "query": query,
                "ms": statistics.median(times) * 1000,
                "all_ms": [t * 1000 for t in times],
                "plain_ms": statistics.median(plain_times) * 1000,
                "all_plain_ms": [t * 1000 for t in plain_times],
                "total": total,
            }
        )
    return {"first_search_ms": first * 1000, "queries": rows}


def _rg(words: list[str], folder: Path) -> tuple[float, int]:
    """`rg -il` for each word in turn, each over the files the previous one matched (AND)."""
    started = time.perf_counter()
    files: list[str] | None = None
    for word in words:
        cmd = ["rg", "-il", "--no-messages", "-F", word]
        if files is None:
            out = subprocess.run([*cmd, str(folder)], capture_output=True, text=True).stdout
        elif not files:
            break
        else:
            out = ""
            for i in range(0, len(files), 5000):  # stay under the argument length limit
                out += subprocess.run(
                    [*cmd, *files[i : i + 5000]], capture_output=True, text=True
                ).stdout
        files = out.split()
    return time.perf_counter() - started, len(files or [])


def step_rg(args: dict[str, Any]) -> dict[str, Any]:
    folder = Path(args["txt"])
    subprocess.run(["rg", "-il", "--no-messages", "warmup", str(folder)], capture_output=True)
    rows: list[dict[str, Any]] = []
    for kind, query, words in QUERIES:
        if words is None:
            rows.append({"kind": kind, "query": query, "ms": None, "files": None})
            continue
        times = []
        n = 0
        for _ in range(args.get("repeat", 1)):
            seconds, n = _rg(words, folder)
            times.append(seconds)
        rows.append(
            {"kind": kind, "query": query, "ms": statistics.median(times) * 1000, "files": n}
        )
    return {"queries": rows}


def _searchable(index: Any, query: str, want: int) -> float:
    """Seconds from now until `query` finds `want` articles (polled; normally at once)."""
    started = time.perf_counter()
    while index.search(query, limit=1).total < want:
        if time.perf_counter() - started > 60:
            raise RuntimeError(f"{query!r} not searchable after 60 s")
        time.sleep(0.01)
    return time.perf_counter() - started


def step_one_file(args: dict[str, Any]) -> dict[str, Any]:
    """Edit one article file of the per-file corpus; update; search for the edit."""
    from briefing.build import update
    from briefing.index import CorpusIndex

    corpus = Path(args["corpus"])
    index = CorpusIndex.open(corpus, Path(args["index"]))
    index.search("warmup")  # an app has its searcher open
    # `under`: only the files of that folder (the big JSON Lines corpus's one-record files)
    paths = sorted((corpus / args["under"] if args.get("under") else corpus).rglob("*.jsonl"))
    target = paths[len(paths) // 2]
    record = json.loads(target.read_text(encoding="utf-8"))
    record["title"] = f"{record.get('title') or ''} {MARK}one"
    target.write_text(json.dumps(record) + "\n", encoding="utf-8")
    started = time.perf_counter()
    report = update(index)
    updated = time.perf_counter() - started
    found = _searchable(index, f"{MARK}one", 1)
    return {
        "seconds": updated + found,
        "update_seconds": updated,
        "updated": report.updated,
        "articles": report.articles,
    }


def step_new_files(args: dict[str, Any]) -> dict[str, Any]:
    from briefing.build import update
    from briefing.index import CorpusIndex

    corpus = Path(args["corpus"])
    index = CorpusIndex.open(corpus, Path(args["index"]))
    index.search("warmup")
    folder = corpus / "new"
    folder.mkdir(exist_ok=True)
    for path in sorted(Path(args["extra"]).glob("*.jsonl")):
        shutil.copy(path, folder / path.name)
    started = time.perf_counter()
    report = update(index)
    updated = time.perf_counter() - started
    found = _searchable(index, f"{MARK}new", 100)
    return {
        "seconds": updated + found,
        "update_seconds": updated,
        "added": report.added,
        "articles": report.articles,
    }


def step_one_line(args: dict[str, Any]) -> dict[str, Any]:
    """Change one record of the big AllSides JSON Lines file (rewritten, as an editor would)."""
    from briefing.build import update
    from briefing.index import CorpusIndex

    corpus = Path(args["corpus"])
    index = CorpusIndex.open(corpus, Path(args["index"]))
    index.search("warmup")
    path = corpus / "allsides.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[len(lines) // 2])
    record["title"] = f"{record.get('title') or ''} {MARK}line"
    lines[len(lines) // 2] = json.dumps(record)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    started = time.perf_counter()
    report = update(index)
    updated = time.perf_counter() - started
    found = _searchable(index, f"{MARK}line", 1)
    return {
        "seconds": updated + found,
        "update_seconds": updated,
        "updated": report.updated,
        "records_in_file": len(lines),
        "articles": report.articles,
    }


def step_summary(args: dict[str, Any]) -> dict[str, Any]:
    """`briefing summary` as a user runs it (index up to date), and its parts in-process."""
    from briefing.index import CorpusIndex
    from briefing.summary import build_briefing

    index = CorpusIndex.open(Path(args["corpus"]), Path(args["index"]))
    started = time.perf_counter()
    articles = index.all_articles()
    read = time.perf_counter() - started
    started = time.perf_counter()
    build_briefing(articles, title="bench")
    build = time.perf_counter() - started
    out: dict[str, Any] = {
        "all_articles_seconds": read,
        "build_briefing_seconds": build,
        "articles": len(articles),
    }
    del articles
    env = {**os.environ, "BRIEFING_INDEX_DIR": args["index"], "NO_COLOR": "1"}
    command = [str(Path(sys.executable).parent / "briefing"), "summary", "--corpus", args["corpus"]]
    # first run: events grouped and the briefing built (then cached for this index state);
    # second run: what a user sees every other time
    for key in ("seconds", "warm_seconds"):
        started = time.perf_counter()
        try:
            done = subprocess.run(command, capture_output=True, env=env, timeout=SUMMARY_TIMEOUT)
            out.update({key: time.perf_counter() - started, "exit": done.returncode})
        except subprocess.TimeoutExpired:
            out.update({key: None, "cli_timed_out": SUMMARY_TIMEOUT})
            break
    return out


def step_summary_new(args: dict[str, Any]) -> dict[str, Any]:
    """100 new articles added to the built (and summarised) corpus, then `briefing summary` as a
    user runs it: the index brought up to date, the events updated, the briefing built."""
    corpus = Path(args["corpus"])
    folder = corpus / "new-100"
    folder.mkdir(exist_ok=True)
    for path in sorted(Path(args["extra"]).glob("*.jsonl")):
        shutil.copy(path, folder / path.name)
    env = {**os.environ, "BRIEFING_INDEX_DIR": args["index"], "NO_COLOR": "1"}
    command = [str(Path(sys.executable).parent / "briefing"), "summary", "--corpus", args["corpus"]]
    started = time.perf_counter()
    try:
        done = subprocess.run(command, capture_output=True, env=env, timeout=SUMMARY_TIMEOUT)
    except subprocess.TimeoutExpired:
        return {"seconds": None, "cli_timed_out": SUMMARY_TIMEOUT}
    return {"seconds": time.perf_counter() - started, "exit": done.returncode}


def step_events(args: dict[str, Any]) -> dict[str, Any]:
    """Event grouping from scratch, kept as the index's events, then the summary's rows (as
    `briefing index` leaves a built index), so the summaries after it update events and rows
    instead of making them again."""
    from briefing.event_state import store
    from briefing.events.incremental import full
    from briefing.index import CorpusIndex

    index = CorpusIndex.open(Path(args["corpus"]), Path(args["index"]))
    articles = index.all_articles()
    started = time.perf_counter()
    state = full(articles)
    seconds = time.perf_counter() - started
    store(index, state)
    n = len(articles)
    del articles, state
    # and the summary's rows, as `briefing index` leaves them (`Workspace.prepare`)
    from briefing.workspace import Location, Workspace

    started = time.perf_counter()
    with Workspace.open(Location(Path(args["corpus"]), Path(args["index"]))) as ws:
        events = ws.prepare()
    rows = time.perf_counter() - started
    return {"seconds": seconds, "events": events, "articles": n, "rows_seconds": rows}


APP_QUERIES = ["kuril", "trump impeachment", "climate change", "federal reserve", "ukraine"]


_APP_PROBE = r"""
import asyncio, json, resource, sys, time
from pathlib import Path

from briefing.app import make_app
from briefing.app.search_pane import SearchPane

args = json.loads(sys.argv[1])
out = {}


async def run():
    app = make_app(Path(args["corpus"]), Path(args["index"]), config_dir=Path(args["config"]))
    async with app.run_test(size=(140, 40)) as pilot:
        while app.workspace is None:
            await pilot.pause(0.005)
        out["usable_at"] = time.time()
        deadline = time.perf_counter() + 300
        while app.corpus is None and time.perf_counter() < deadline:
            await pilot.pause(0.02)
        out["timeline_at"] = time.time() if app.corpus else None
        search = app.main.query_one(SearchPane)
        latencies = []
        await pilot.press("slash")
        for query in args["queries"]:
            await pilot.press("ctrl+u")
            for ch in query:
                pressed = time.perf_counter()
                await pilot.press("space" if ch == " " else ch)
                text = search.query_text.strip()
                deadline = pressed + 10
                while (search.result is None or search.result.query != text) and (
                    time.perf_counter() < deadline
                ):
                    await pilot.pause(0.002)
                latencies.append(time.perf_counter() - pressed)
        out["latencies"] = latencies
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                out["rss_mb"] = int(line.split()[1]) / 1024
        await pilot.press("q")


asyncio.run(run())
out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""


def step_app(args: dict[str, Any]) -> dict[str, Any]:
    """The headless app in its own process on the built index: process start to a usable
    screen (search answers) and to the timeline filled; keystroke to updated results while
    typing queries (Pilot, one key at a time); the app process's peak memory."""
    probe = {**args, "queries": APP_QUERIES}
    spawned = time.time()
    done = subprocess.run(
        [sys.executable, "-c", _APP_PROBE, json.dumps(probe)],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    res = json.loads(done.stdout.strip().splitlines()[-1])
    lat = sorted(res["latencies"])
    return {
        "start_seconds": res["usable_at"] - spawned,
        "timeline_seconds": (res["timeline_at"] - spawned) if res["timeline_at"] else None,
        "keystrokes": len(lat),
        "keystroke_p50_ms": 1000 * lat[len(lat) // 2],
        "keystroke_p95_ms": 1000 * lat[int(len(lat) * 0.95)],
        "app_peak_rss_mb": round(res["peak_rss_mb"], 1),
        "app_rss_mb": round(res["rss_mb"], 1) if res.get("rss_mb") else None,
    }


def step_pages(args: dict[str, Any]) -> dict[str, Any]:
    """Pages vs text (issue 13): build an index of the development web pages as HTML, and of
    the same articles as text, in the same parallel build; articles/s of each and the ratio.

    The text corpus is what briefing reads from each page (headline, then the body), written
    as one .txt file per page, so both builds index the same articles. Args: `data` (the
    shared data folder), `work` (a scratch folder), optional `procs`.
    """
    from briefing.ingest import default_rules, read_source
    from briefing.ingest.html import page_document
    from briefing.ingest.sources import SourceFile
    from briefing.models import InputWarning

    data, work = Path(args["data"]), Path(args["work"])
    html_dir, text_dir = work / "pages-html", work / "pages-text"
    for folder in (html_dir, text_dir):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    pages: list[Path] = sorted((data / "article-extraction" / "html").glob("*.html"))
    for name in ("html-dates", "html-cleaning"):
        pages += sorted((data / name / "pages").glob("*.html.gz"))
    rules = default_rules()
    written = 0
    for i, src in enumerate(pages):
        target = html_dir / f"{i:05d}{''.join(src.suffixes)}"
        os.symlink(src, target)  # the pages are read where they are, never copied
        st = target.stat()
        kind_source = SourceFile(target.name, target, "html", st.st_size, st.st_mtime_ns)
        for raw in read_source(kind_source, rules):
            if isinstance(raw, InputWarning):
                continue
            doc = page_document(raw, rules)
            if isinstance(doc, InputWarning):
                continue
            headline = doc.fields.get("headline", "")
            (text_dir / f"{i:05d}.txt").write_text(f"{headline}\n\n{doc.text}\n", "utf-8")
            written += 1
    out: dict[str, Any] = {"pages": len(pages), "articles_as_text": written}
    for key, corpus in (("html", html_dir), ("text", text_dir)):
        build = run_step(
            "build", corpus=str(corpus), index=str(work / f"index-pages-{key}"),
            procs=args.get("procs"), follow_links=True,  # the pages are links to the data
        )  # fmt: skip
        seconds = build.get("seconds") or 0.0
        out[key] = {
            "seconds": seconds,
            "articles": build.get("articles"),
            "articles_per_second": (build.get("articles") or 0) / seconds if seconds else None,
            "peak_rss_mb": build.get("peak_rss_mb"),
            "peak_rss_children_mb": build.get("peak_rss_children_mb"),
        }
    if out["html"]["articles_per_second"] and out["text"]["articles_per_second"]:
        out["ratio"] = out["html"]["articles_per_second"] / out["text"]["articles_per_second"]
        out["met"] = out["ratio"] >= 0.5  # target: pages at least half as fast as text
    return out


STEPS = {
    "build": step_build,
    "extract": step_extract,
    "bare": step_bare,
    "search": step_search,
    "rg": step_rg,
    "one_file": step_one_file,
    "new_files": step_new_files,
    "one_line": step_one_line,
    "summary": step_summary,
    "events": step_events,
    "summary_new": step_summary_new,
    "app": step_app,
    "pages": step_pages,
}


def run_step(name: str, timeout: float = STEP_TIMEOUT, **args: Any) -> dict[str, Any]:
    """Run one step in a fresh process; its figures plus peak RSS, or why it failed."""
    print(
        f"[bench] {name} {json.dumps({k: v for k, v in args.items() if k != 'txt'})}",
        file=sys.stderr,
        flush=True,
    )
    started = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, __file__, "step", name, json.dumps(args)],
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return {
            "error": f"timed out after {timeout:.0f} s",
            "timed_out": True,
            "seconds": None,
            "wall": time.perf_counter() - started,
        }
    if done.returncode != 0:
        return {"error": done.stderr.strip()[-3000:], "seconds": None}
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    result["wall"] = time.perf_counter() - started
    print(
        f"[bench]   -> {json.dumps({k: v for k, v in result.items() if k != 'queries'})}",
        file=sys.stderr,
        flush=True,
    )
    return result


# --------------------------------------------------------------------------------------------
# The run


def machine() -> dict[str, Any]:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        import importlib.metadata

        whoosh_version = importlib.metadata.version("whoosh-reloaded")
    except Exception:
        whoosh_version = "?"
    rg = shutil.which("rg")
    rg_version = (
        subprocess.run([rg, "--version"], capture_output=True, text=True).stdout.split("\n")[0]
        if rg
        else None
    )
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "whoosh": whoosh_version,
        "ripgrep": rg_version,
        "load_average_start": os.getloadavg(),
    }


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def run_bench(
    data: Path, work: Path, sizes: list[int], quick: bool, limit: int | None
) -> dict[str, Any]:
    begun = time.perf_counter()
    out: dict[str, Any] = {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": machine(),
        "steps": {},
    }
    steps = out["steps"]
    started = time.perf_counter()
    info = prepare(data, work, sizes, limit)
    out["prepare_seconds"] = time.perf_counter() - started
    out["records"] = info["records"]
    builds = []
    jsonl = [k for k in info["corpora"] if k.startswith("jsonl-")]
    for key in jsonl:
        corpus = info["corpora"][key]["path"]
        index = str(work / f"index-{key}")
        build = run_step("build", corpus=corpus, index=index)
        docs = str(work / f"docs-{key}.jsonl")
        extract = run_step("extract", corpus=corpus, index=index, out=docs)
        bare = run_step("bare", docs=docs, index=str(work / f"bare-{key}"))
        Path(docs).unlink(missing_ok=True)
        shutil.rmtree(work / f"bare-{key}", ignore_errors=True)
        builds.append({"corpus": key, "build": build, "extract": extract, "bare": bare})
    steps["builds"] = builds
    biggest = jsonl[-1]
    big_corpus = info["corpora"][biggest]["path"]
    big_index = str(work / f"index-{biggest}")

    steps["search"] = run_step("search", corpus=big_corpus, index=big_index)
    if shutil.which("rg"):
        steps["rg"] = run_step("rg", txt=info["txt"])
    else:
        steps["rg"] = {"skipped": "ripgrep (rg) is not installed: apt-get install -y ripgrep"}
    # events grouped from scratch and kept, as `briefing index` leaves a built index: the
    # summaries then read them (and update them after the 100 new articles)
    steps["events"] = run_step("events", timeout=EVENTS_TIMEOUT, corpus=big_corpus, index=big_index)
    steps["summary"] = run_step("summary", corpus=big_corpus, index=big_index)
    steps["summary_new"] = run_step(
        "summary_new", corpus=big_corpus, index=big_index, extra=info["extra"]
    )
    # one small file changed in the big index (the 100 one-record files summary_new added)
    steps["one_file_big"] = run_step(
        "one_file", corpus=big_corpus, index=big_index, under="new-100"
    )
    steps["one_line"] = run_step("one_line", corpus=big_corpus, index=big_index)
    # the first open after an index change (one_line): the app brings its events up to date
    steps["app_first"] = run_step(
        "app", corpus=big_corpus, index=big_index, config=str(work / "app-config")
    )

    files = info["corpora"]["files-all"]["path"]
    files_index = str(work / "index-files-all")
    if not quick:
        steps["files_build"] = run_step("build", corpus=files, index=files_index)
        steps["one_file"] = run_step("one_file", corpus=files, index=files_index)
        steps["new_files"] = run_step(
            "new_files", corpus=files, index=files_index, extra=info["extra"]
        )
    # the app takes events from the cache, as it does every day: bring them up to date for
    # this index state first (the per-file steps do not touch the big index)
    subprocess.run(
        [str(Path(sys.executable).parent / "briefing"), "events", "--corpus", big_corpus],
        env={**os.environ, "BRIEFING_INDEX_DIR": big_index},
        capture_output=True,
        check=False,
    )
    steps["app"] = run_step(
        "app", corpus=big_corpus, index=big_index, config=str(work / "app-config")
    )
    if (data / "html-dates").is_dir():
        steps["pages"] = run_step("pages", data=str(data), work=str(work))
    out["machine"]["load_average_end"] = os.getloadavg()
    out["total_seconds"] = time.perf_counter() - begun
    return out


# --------------------------------------------------------------------------------------------
# Report


def _f(value: float | None, digits: int = 1, unit: str = "") -> str:
    return "—" if value is None else f"{value:,.{digits}f}{unit}"


def summarise(result: dict[str, Any]) -> dict[str, Any]:  # noqa: C901 (one row per target, in table order)
    """Targets against figures: the rows of the Markdown table, also kept in the JSON."""
    steps = result["steps"]
    rows: list[dict[str, Any]] = []

    def row(
        what: str,
        value: str,
        reference: str,
        ratio: str,
        target: str,
        met: bool | None,
        rss: Any = None,
    ) -> None:
        rows.append(
            {
                "what": what,
                "value": value,
                "reference": reference,
                "ratio": ratio,
                "target": target,
                "met": met,
                "peak_rss": rss,
            }
        )

    def rss(step: dict[str, Any]) -> str:
        if not step or step.get("peak_rss_mb") is None:
            return "—"
        own, kids = step["peak_rss_mb"], step.get("peak_rss_children_mb") or 0
        return f"{own:,.0f} MB" + (f" (+{kids:,.0f} MB child processes)" if kids > own / 10 else "")

    for b in steps["builds"]:
        build, bare = b["build"], b["bare"]
        if build.get("seconds") is None:
            row(f"index build, {b['corpus']}", "failed", "", "", "", False)
            continue
        rate = build["articles"] / build["seconds"]
        ratio = build["seconds"] / bare["seconds"] if bare.get("seconds") else None
        big = b is steps["builds"][-1]
        row(
            f"index build, {b['corpus']} ({build['articles']:,} articles)",
            f"{build['seconds']:,.0f} s = {rate:,.0f} art/s",
            f"bare Whoosh {_f(bare.get('seconds'), 0, ' s')}",
            f"{_f(ratio, 2)}x",
            ">= 250 art/s, <= 1.5x" if big else "",
            (rate >= 250 and ratio is not None and ratio <= 1.5) if big else None,
            rss(build),
        )
    if "files_build" in steps and steps["files_build"].get("seconds"):
        fb = steps["files_build"]
        row(
            f"index build, per-article files ({fb['articles']:,})",
            f"{fb['seconds']:,.0f} s = {fb['articles'] / fb['seconds']:,.0f} art/s",
            "",
            "",
            "",
            None,
            rss(fb),
        )
    for key, label, target in (
        ("one_file", "one changed file (of {articles:,} per-article files) to searchable", 0.5),
        (
            "one_file_big",
            "one changed one-record file of a {articles:,}-article JSON Lines corpus to searchable",
            0.5,
        ),
        ("new_files", "100 new files (into {articles:,}) to searchable", None),
        ("one_line", "one changed line of a {records_in_file:,}-record JSONL to searchable", None),
    ):
        step = steps.get(key) or {}
        if step.get("seconds") is None:
            continue
        row(
            label.format(**step),
            f"{step['seconds']:.2f} s",
            f"update() {step['update_seconds']:.2f} s",
            "",
            f"<= {target:g} s" if target else "",
            step["seconds"] <= target if target else None,
            rss(step),
        )
    search = steps.get("search") or {}
    rg = steps.get("rg") or {}
    if search.get("queries"):
        times = [t for q in search["queries"] for t in q["all_ms"]]
        p50, p95 = percentile(times, 0.5), percentile(times, 0.95)
        plain = [t for q in search["queries"] for t in q.get("all_plain_ms") or []] or [0.0]
        plain50, plain95 = percentile(plain, 0.5), percentile(plain, 0.95)
        rg_by_query = {q["query"]: q["ms"] for q in rg.get("queries") or []}
        kinds = list(dict.fromkeys(q["kind"] for q in search["queries"]))
        worst = None
        for kind in kinds:
            ours = [q["ms"] for q in search["queries"] if q["kind"] == kind]
            theirs = [rg_by_query.get(q["query"]) for q in search["queries"] if q["kind"] == kind]
            pairs = [(o, t) for o, t in zip(ours, theirs, strict=True) if t is not None]
            ratio = min(t / o for o, t in pairs) if pairs else None
            if ratio is not None:
                worst = ratio if worst is None else min(worst, ratio)
            row(
                f"search: {kind} ({len(ours)} queries)",
                f"p50 {percentile(ours, 0.5):.0f} ms, p95 {percentile(ours, 0.95):.0f} ms",
                f"rg -il p50 {percentile([t for _, t in pairs], 0.5):.0f} ms"
                if pairs
                else ("rg: n/a" if rg.get("queries") else "rg not run"),
                f"rg/ours >= {ratio:.1f}x (worst query)" if ratio is not None else "",
                ">= 5x faster than rg",
                (ratio >= 5) if ratio is not None else None,
            )
        row(
            f"search p50/p95, all {len(search['queries'])} queries, 20 hits with highlights",
            f"p50 {p50:.0f} ms, p95 {p95:.0f} ms",
            f"plain path (before issue 15) p50 {plain50:.0f} ms, p95 {plain95:.0f} ms; "
            f"first search {search['first_search_ms']:.0f} ms",
            "",
            "p95 <= 100 ms",
            p95 <= 100,
            rss(search),
        )
        result["search_p50_ms"], result["search_p95_ms"] = p50, p95
        result["rg_worst_ratio"] = worst
    summary = steps.get("summary") or {}
    if summary.get("all_articles_seconds") is not None:
        cli = summary.get("seconds")
        warm = summary.get("warm_seconds")
        row(
            "`briefing summary` (CLI, index up to date, output to a pipe)",
            (f"first {cli:.1f} s" if cli is not None else f"> {summary['cli_timed_out']} s")
            + (f", then {warm:.1f} s" if warm is not None else ""),
            f"events and rows kept by the grouping step, as `briefing index` leaves them; first "
            f"run builds the briefing (the plain path in-process: all_articles "
            f"{summary['all_articles_seconds']:.1f} s + build_briefing "
            f"{summary['build_briefing_seconds']:.1f} s in-process); later runs read the cache",
            "",
            "",
            None,
            rss(summary),
        )
    summary_new = steps.get("summary_new") or {}
    if summary_new:
        took = summary_new.get("seconds")
        row(
            "`briefing summary` right after adding 100 articles to the built index whose events "
            "exist (index update, events updated incrementally, briefing built)",
            f"{took:.1f} s" if took is not None else f"> {summary_new.get('cli_timed_out')} s",
            "the first summary of the built index, above (its events kept by the grouping step)",
            "",
            "<= 10 s",
            took is not None and took <= 10,
            rss(summary_new),
        )
    events = steps.get("events") or {}
    if events.get("seconds") is not None:
        row(
            f"event grouping ({events['articles']:,} articles)",
            f"{events['seconds']:.0f} s",
            f"{events['events']:,} events; from scratch (features, pair scores and labels on "
            "every core), then kept as the index's events"
            + (
                f"; then the summary's rows made and kept in {events['rows_seconds']:.0f} s"
                if events.get("rows_seconds") is not None
                else ""
            ),
            "",
            "<= 30 s",
            events["seconds"] <= 30,
            rss(events),
        )
    elif events.get("timed_out"):
        row("event grouping", f"> {EVENTS_TIMEOUT} s (stopped)", "", "", "<= 30 s", False)
    pages = steps.get("pages") or {}
    if pages.get("ratio") is not None:
        html, text = pages["html"], pages["text"]
        row(
            f"index build, {pages['pages']:,} development web pages ({html['articles']:,} "
            "articles) against the same articles as text",
            f"{html['seconds']:.0f} s = {html['articles_per_second']:.1f} art/s",
            f"as text {text['seconds']:.0f} s = {text['articles_per_second']:.1f} art/s",
            f"{pages['ratio']:.2f} of text",
            ">= 0.5 of text",
            pages["ratio"] >= 0.5,
            rss(pages),
        )
    elif pages:
        row("index build, web pages against text", "not measured", str(pages)[-200:], "", "", None)
    app = steps.get("app") or {}
    if app.get("start_seconds") is not None:
        row(
            "app: process start to usable screen (search answers)",
            f"{app['start_seconds']:.2f} s",
            f"timeline filled at {app['timeline_seconds']:.1f} s"
            if app.get("timeline_seconds")
            else "timeline not filled",
            "",
            "<= 1.0 s",
            app["start_seconds"] <= 1.0,
            "",
        )
        row(
            f"app: keystroke to updated results ({app['keystrokes']} keystrokes, headless)",
            f"p50 {app['keystroke_p50_ms']:.0f} ms, p95 {app['keystroke_p95_ms']:.0f} ms",
            "includes Pilot's own key handling (it waits for the app to be idle)",
            "",
            "<= 150 ms",
            app["keystroke_p95_ms"] <= 150,
            "",
        )
        resident = app.get("app_rss_mb")
        row(
            "app: resident memory, events cached, after typing the queries",
            f"{resident:,.0f} MB" if resident is not None else "—",
            f"peak {app.get('app_peak_rss_mb') or 0:,.0f} MB",
            "",
            "<= 400 MB",
            resident is not None and resident <= 400,
            f"{app.get('app_peak_rss_mb') or 0:,.0f} MB",
        )
        first = steps.get("app_first") or {}
        peak = first.get("app_peak_rss_mb")
        row(
            "app: peak memory, first open after an index change",
            f"{peak:,.0f} MB" if peak is not None else "—",
            f"timeline filled at {first['timeline_seconds']:.1f} s"
            if first.get("timeline_seconds")
            else "",
            "",
            "<= 1 GB",
            peak is not None and peak <= 1024,
            f"{peak:,.0f} MB" if peak is not None else "",
        )
    else:
        row("app", "not measured", str(app.get("error", ""))[-200:], "", "", None)
    return {"rows": rows}


def markdown(result: dict[str, Any]) -> str:
    m = result["machine"]
    lines = [
        f"Benchmark of {result['date']} on {m['cpu']} ({m['cores']} cores, {m['memory_gb']} GB), "
        f"Python {m['python']}, Whoosh {m['whoosh']}, {m['ripgrep'] or 'no ripgrep'}; "
        f"{result['records']:,} articles; load average at start "
        f"{m['load_average_start'][0]:.2f}, at end {m['load_average_end'][0]:.2f}; "
        f"whole run {result['total_seconds'] / 60:.1f} min.",
        "",
        "| what | measured | reference (same run) | ratio | target | met | peak RSS |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in result["summary"]["rows"]:
        met = {True: "yes", False: "**no**", None: ""}[r["met"]]
        lines.append(
            f"| {r['what']} | {r['value']} | {r['reference']} | {r['ratio']} | {r['target']} "
            f"| {met} | {r['peak_rss'] or ''} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "step":
        sys.path.insert(0, str(ROOT))
        result = STEPS[sys.argv[2]](json.loads(sys.argv[3]))
        result.update(_peak())
        print(json.dumps(result))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--sizes", default="5000,20000,all")
    parser.add_argument("--work", type=Path, default=None, help="kept afterwards if given")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    parser.add_argument("--quick", action="store_true", help="skip the per-file corpus")
    parser.add_argument("--records", type=int, default=None, help="use only N articles (tests)")
    opts = parser.parse_args()
    sizes = [10**9 if s == "all" else int(s) for s in opts.sizes.split(",")]
    for _, rel in SOURCES:
        if not (opts.data / rel).exists():
            sys.exit(f"bench: {opts.data / rel} not found (put ../shared beside the repo)")
    work = opts.work or Path(tempfile.mkdtemp(prefix="briefing-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        result = run_bench(opts.data, work, sizes, opts.quick, opts.records)
    finally:
        if opts.work is None:
            shutil.rmtree(work, ignore_errors=True)
    result["summary"] = summarise(result)
    opts.out.mkdir(parents=True, exist_ok=True)
    (opts.out / "latest.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    table = markdown(result)
    (opts.out / "latest.md").write_text(table, encoding="utf-8")
    print(table)


if __name__ == "__main__":
    main()
