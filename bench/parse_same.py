"""Does this checkout read articles exactly as another one does? (For speed work on parsing.)

Why this script exists: making parsing cheaper must not change what is read. This script writes
a fixed sample of the development data in ../shared/data (AllSides, Reuters-21578, the Russian
news set, written as eval_ingest.py writes them), reads it with `briefing.ingest.load_corpus`
twice in fresh processes, once with the reference checkout's code and once with this one's,
and compares every Article record field by field. It also reports the CPU time per article of
each side (the whole load: discovery, JSON Lines, parsing and the corpus-wide second pass).

It reads ../shared/data, so it is not part of `make test`.

Usage: python bench/parse_same.py --ref DIR [--data PATH] [--allsides N] [--reuters N]
`--ref DIR` is the root of another checkout (a folder holding its `briefing` package), e.g.
`mkdir /tmp/ref && git archive main briefing | tar -x -C /tmp/ref`.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import pickle
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from eval_ingest import write_allsides, write_reuters, write_russian

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data"


def _record(article: Any) -> dict[str, str]:
    """Every field of an Article as its repr (frozen dataclasses and tuples repr exactly)."""
    return {f.name: repr(getattr(article, f.name)) for f in dataclasses.fields(article)}


def dump(corpus: Path, out: Path, expect_root: Path) -> None:
    """Read `corpus` with whichever `briefing` is importable and pickle its records to `out`."""
    import briefing
    from briefing.ingest import default_rules, load_corpus

    where = Path(briefing.__file__).resolve()
    if expect_root.resolve() not in where.parents:
        raise SystemExit(f"briefing imported from {where}, not from {expect_root}")
    t = time.process_time()
    load = load_corpus(corpus, default_rules())
    cpu = time.process_time() - t
    records = [(a.id, _record(a)) for a in load.articles]
    out.write_bytes(pickle.dumps({"cpu": cpu, "records": records}))


def _run(root: Path, corpus: Path, out: Path) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(root), "PYTHONHASHSEED": "0"}
    subprocess.run(
        [sys.executable, __file__, "--dump", str(corpus), str(out), str(root)],
        check=True,
        env=env,
    )
    result: dict[str, Any] = pickle.loads(out.read_bytes())
    return result


def compare(ref: list[tuple[str, dict[str, str]]], new: list[tuple[str, dict[str, str]]]) -> int:
    """Print the differences; return how many records differ."""
    if [i for i, _ in ref] != [i for i, _ in new]:
        print(f"different articles: {len(ref)} in the reference, {len(new)} here")
        return max(len(ref), len(new))
    differ = 0
    for (aid, a), (_, b) in zip(ref, new, strict=True):
        fields = [k for k in a if a[k] != b.get(k)] + [k for k in b if k not in a]
        if fields:
            differ += 1
            if differ <= 10:
                for k in fields:
                    print(f"{aid} {k}:\n  ref  {a.get(k, '')[:300]}\n  here {b.get(k, '')[:300]}")
    return differ


def main() -> int:
    if len(sys.argv) == 5 and sys.argv[1] == "--dump":
        dump(Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4]))
        return 0
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--ref", type=Path, required=True)
    p.add_argument("--data", type=Path, default=DEFAULT_DATA)
    p.add_argument("--allsides", type=int, default=2000)
    p.add_argument("--reuters", type=int, default=500)
    args = p.parse_args()
    total = 0
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        writers: list[tuple[str, Callable[[Path], object]]] = [
            ("allsides", lambda f: write_allsides(args.data, f, args.allsides)),
            ("reuters", lambda f: write_reuters(args.data, f, args.reuters)),
            ("russian", lambda f: write_russian(args.data, f)),
        ]
        for name, write in writers:
            folder = base / name
            folder.mkdir()
            write(folder)
            ref = _run(args.ref, folder, base / f"{name}.ref")
            new = _run(ROOT, folder, base / f"{name}.new")
            n = len(new["records"])
            differ = compare(ref["records"], new["records"])
            total += differ
            print(
                f"{name}: {n} articles, {differ} differ; CPU per article "
                f"{ref['cpu'] / max(n, 1) * 1000:.2f} ms (ref) -> "
                f"{new['cpu'] / max(n, 1) * 1000:.2f} ms (here)"
            )
    print("identical" if total == 0 else f"{total} articles differ")
    return 0 if total == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
