"""The bot under a burst of /ask through the loopback Discord (tests/loopback_discord.py).

The real LayoffsBot, the unmodified discord.py client over real HTTP and a real websocket on
127.0.0.1, the real engine on the bundled sample corpus. ``--questions N`` interactions from
distinct users arrive within one second; the figures are time to acknowledge (server side:
creation of the interaction to the callback request's arrival) p50/p95/max, time to the answer
(the accepted follow-up) p50/p95/max, the longest stall of the bot's event loop (a probe task
sleeping 20 ms), and the heartbeats against the interval sent in HELLO (2 s here; late = more
than 1.5 intervals apart). One command:

    python bench/discord_load.py --json bench/results/discord-load.json

Runs, in one bot process: ``load`` (the burst), then ``faults`` (the burst again, every 5th a
mention, with 429s per route and global, 500/502, slow responses, a gateway RECONNECT and a
dropped socket). ``--warmup`` answers one question before the first burst: the process's first
question loads lingua's language models (~0.7 s in Rust, holding the GIL), which stalls the
event loop once; without it the first burst measures a cold start.

Options: ``--questions N`` (default 50), ``--runs load,faults``, ``--workdir DIR`` (the sample
index is built there once, default /tmp/layoffs-bench-discord).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(p) for p in (ROOT, ROOT / "bench") if str(p) not in sys.path]

from reindex import machine_facts, write_json  # noqa: E402

from bot.client import LayoffsBot  # noqa: E402
from index.cli import sample_corpus  # noqa: E402
from index.config import Settings  # noqa: E402
from index.engine import Engine  # noqa: E402
from tests.loopback_discord import LoopbackDiscord, run_load  # noqa: E402
from tests.test_load_discord import HEARTBEAT_MS, QUESTIONS  # noqa: E402

log = logging.getLogger("bench.discord_load")


def settings_for(data_dir: Path, **values: Any) -> Settings:
    return Settings(_env_file=None, data_dir=data_dir, **values)  # type: ignore[call-arg]


def sample_index(workdir: Path) -> Path:
    base = workdir / "sample"
    if not (base / "catalog.sqlite3").exists():
        shutil.rmtree(base, ignore_errors=True)
        engine = Engine(settings_for(base))
        engine.index([sample_corpus()])
        engine.close()
    return base



async def bench(args: argparse.Namespace, engine: Engine) -> dict[str, Any]:
    results: dict[str, Any] = {"warmup": args.warmup}
    n = args.questions
    with LoopbackDiscord(heartbeat_interval_ms=HEARTBEAT_MS) as api, api.pointed():
        bot_dir = Path(tempfile.mkdtemp(prefix="discord-load-bot-"))
        bot = LayoffsBot(settings_for(bot_dir, ask_cooldown_seconds=0), engine,
                         sync_commands=True, guild_ready_timeout=0.2)
        results["max_concurrent_answers"] = bot.settings.max_concurrent_answers
        async with api.running(bot):
            if args.warmup:  # one question first: the engine's first query loads its caches
                await run_load(api, QUESTIONS, count=1, user_base=1177812165387170000)
            if "load" in args.runs:
                run = await run_load(api, QUESTIONS, count=n)
                results["load"] = run.summary()
                print("load:", json.dumps(results["load"], indent=1))
            if "faults" in args.runs:
                # answers edit the deferred message: their faults are on PATCH @original
                api.rate_limit("/webhooks/", method="PATCH", retry_after=0.5, times=5)
                api.rate_limit("/threads", is_global=True, retry_after=0.5, times=1)
                api.fail("/webhooks/", method="PATCH", status=500, times=3)
                api.fail("/webhooks/", method="PATCH", status=502, times=2, after=True)
                api.fail("/channels/", method="POST", status=502, times=2)
                api.fail("/callback", status=502, times=1)
                api.slow("/webhooks/", 1.0, method="PATCH", times=3)
                resumes, replayed = api.resumes, api.replayed
                run = await run_load(api, QUESTIONS, count=n, mention_every=5, during={
                    n // 3: api._reconnect, 2 * n // 3: api._drop_socket})
                api.clear_faults()
                results["faults"] = run.summary() | {"resumes": api.resumes - resumes,
                                                     "replayed_on_resume": api.replayed - replayed}
                print("faults:", json.dumps(results["faults"], indent=1))
    return results


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--questions", type=int, default=50)
    parser.add_argument("--runs", default="load,faults")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/layoffs-bench-discord"))
    parser.add_argument("--warmup", action="store_true",
                        help="answer one question before the first burst")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    args.runs = set(args.runs.split(","))
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("discord").setLevel(logging.ERROR)  # the injected 429s are expected
    base = sample_index(args.workdir)
    copy = Path(tempfile.mkdtemp(prefix="discord-load-")) / "data"
    shutil.copytree(base, copy)
    settings = settings_for(copy)
    engine = Engine(settings)
    try:
        started = time.time()
        result = {"command": " ".join(["python", "bench/discord_load.py", *(argv or sys.argv[1:])]),
                  "machine": machine_facts(engine, settings),
                  "heartbeat_interval_ms": HEARTBEAT_MS,
                  "questions": args.questions}
        result |= asyncio.run(bench(args, engine))
        result["wall_s"] = round(time.time() - started, 1)
    finally:
        engine.close()
    write_json(args.json, result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
