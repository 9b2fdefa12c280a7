"""Memory and disk: what a loaded Engine holds in RAM and what the index costs on disk.

    python bench/footprint.py --json bench/results/footprint.json

* **Memory.** For each index (the real sample index, and the replicated 10k and 100k chunk
  indexes that ``bench/query.py`` builds in the same work dir, built here if missing), a fresh
  Python process imports the project, opens an ``Engine`` (embedding model + Chroma + catalog
  + BM25 + ledger) and answers 20 gold questions with ``Engine.ask``; it reports its peak
  resident set (``VmHWM`` in ``/proc/self/status``; ``ru_maxrss`` inherits the parent's peak
  through fork + exec, so it is only the fallback) after the imports, after the
  Engine is open and after the 20 answers.
* **Disk.** Bytes of the Chroma dir, the catalog SQLite file (after a WAL checkpoint; with a
  per-table split from SQLite's ``dbstat`` when available: articles, chunks, mentions/events
  of the ledger...) and the BM25 dir, per index; then per 1,000 articles, scaled from the real
  sample index by article count and from the replicated indexes by chunk count (at 4.96 chunks
  per article, what ``bench/corpus.py`` gives for 1,000 articles).

Options: ``--sizes 10000,100000``, ``--workdir DIR`` (as in bench/query.py), ``--questions N``
(default 20). Memory is not timed, so no CPU lock is taken.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import resource
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(p) for p in (ROOT, ROOT / "bench") if str(p) not in sys.path]

CHUNKS_PER_ARTICLE = 4.96  # bench/corpus.py, 1,000 articles -> 4,960 chunks (bench/README.md)
GOLD = ROOT / "index" / "data" / "gold.jsonl"


def _rss_mb() -> float:
    """Peak resident set of this process so far, in MiB: VmHWM from /proc (ru_maxrss of a
    child started by a big parent can report the parent's peak on Linux), else ru_maxrss."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def child(data_dir: Path, n_questions: int) -> None:
    """Run in a fresh process: open an Engine, answer questions, print peak RSS as JSON."""
    after_start = _rss_mb()
    from index.config import Settings
    from index.engine import Engine

    after_import = _rss_mb()
    started = time.perf_counter()
    engine = Engine(Settings(_env_file=None, data_dir=data_dir))
    open_seconds = time.perf_counter() - started
    after_open = _rss_mb()
    questions = [json.loads(line)["question"] for line in GOLD.read_text().splitlines()
                 if line.strip()][:n_questions]
    started = time.perf_counter()
    for q in questions:
        engine.ask(q)
    ask_seconds = time.perf_counter() - started
    stats = engine.stats()
    print(json.dumps({
        "chunks": stats.chunks, "articles": stats.articles, "questions": len(questions),
        "rss_start_mb": round(after_start, 1), "rss_after_imports_mb": round(after_import, 1),
        "rss_after_open_mb": round(after_open, 1), "peak_rss_mb": round(_rss_mb(), 1),
        "ru_maxrss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "open_seconds": round(open_seconds, 2), "ask_seconds": round(ask_seconds, 2)}))


def _du(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def disk(data_dir: Path) -> dict[str, Any]:
    catalog = data_dir / "catalog.sqlite3"
    db = sqlite3.connect(catalog)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    tables: dict[str, int] = {}
    with contextlib.suppress(sqlite3.Error):
        tables = dict(db.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name "
                                 "ORDER BY 2 DESC").fetchall())
    chunks = db.execute("SELECT COUNT(*) FROM chunks").fetchone()[0]
    articles = db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    db.close()
    catalog_bytes = sum(_du(p) for p in data_dir.glob("catalog.sqlite3*"))
    ledger = sum(v for k, v in tables.items() if k.startswith(("mentions", "events")))
    return {"chunks": chunks, "articles": articles, "chroma": _du(data_dir / "chroma"),
            "catalog": catalog_bytes, "catalog_ledger_tables": ledger,
            "catalog_tables": tables, "bm25": _du(data_dir / "bm25")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/layoffs-bench-query"))
    parser.add_argument("--questions", type=int, default=20)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.questions)
        return 0

    from query import Source, build_replica, ensure_base, settings_for

    from index.embed import make_embedder

    embedder = make_embedder(settings_for(args.workdir / "base"))
    base = ensure_base(args.workdir, embedder)
    dirs = {"real sample": base}
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    source = None
    for size in sizes:
        if not (args.workdir / f"n{size}" / "build.json").exists():
            source = source or Source(base, embedder)
        dirs[f"replicated {size:,}"] = build_replica(args.workdir, size, source, embedder)[0]
    del embedder
    rows = []
    for name, folder in dirs.items():
        print(f"[{time.strftime('%H:%M:%S')}] {name}: memory", file=sys.stderr, flush=True)
        out = subprocess.run([sys.executable, __file__, "--child", str(folder),
                              "--questions", str(args.questions)],
                             capture_output=True, text=True, check=True)
        mem = json.loads(out.stdout.strip().splitlines()[-1])
        d = disk(folder)
        per_article = 1000 / d["articles"] if name == "real sample" else \
            1000 * CHUNKS_PER_ARTICLE / d["chunks"]
        scaled = {k: round(d[k] * per_article / 2**20, 2)
                  for k in ("chroma", "catalog", "catalog_ledger_tables", "bm25")}
        rows.append({"index": name, "memory": mem, "disk": d,
                     "per_1000_articles_mb": scaled,
                     "scaled_by": "articles" if name == "real sample" else "chunks"})
    head = ("| index | chunks | articles | peak RSS MB (imports / open / after 20 asks) | "
            "Chroma MB | catalog MB (ledger) | bm25 MB | per 1,000 articles: Chroma / catalog "
            "/ bm25 MB |")
    lines = [head, "|" + "---|" * 8]
    for r in rows:
        m, d, s = r["memory"], r["disk"], r["per_1000_articles_mb"]
        lines.append(
            f"| {r['index']} | {d['chunks']:,} | {d['articles']:,} | "
            f"{m['rss_after_imports_mb']:.0f} / {m['rss_after_open_mb']:.0f} / "
            f"{m['peak_rss_mb']:.0f} | {d['chroma'] / 2**20:.1f} | "
            f"{d['catalog'] / 2**20:.1f} ({d['catalog_ledger_tables'] / 2**20:.1f}) | "
            f"{d['bm25'] / 2**20:.1f} | {s['chroma']:.1f} / {s['catalog']:.1f} / "
            f"{s['bm25']:.1f} |")
    print("\n".join(lines))
    if args.json:
        from reindex import _cpu_model, _git_commit

        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            "machine": {"cpu_model": _cpu_model(), "git_commit": _git_commit(),
                        "python": sys.version.split()[0]},
            "chunks_per_article": CHUNKS_PER_ARTICLE, "rows": rows}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
