"""Discord's 3 s acknowledgement, checked by mechanism rather than by the clock.

Discord drops an interaction not acknowledged within 3 s. The bot keeps that promise by
construction: it acknowledges (defers) before any core work for the interaction starts, and the
core work runs in a worker thread, never on the event loop, so one question's CPU cannot hold up
another's acknowledgement. Timing the acknowledgement would make the suite depend on how busy the
machine is; `CoreProbe` records the mechanism instead, and its checks fail if either half breaks:

* every ``LayoffsBot.run_core`` call notes the interaction it serves (found in its callers'
  frames) and whether that interaction's callback had already reached Discord when it started;
* the function run by ``run_core``, and every ``Engine`` method that does CPU work, notes
  whether it ran on a thread with a running event loop (the bot's loop).

The measured delays stay in bench/discord_load.py (percentiles) and in printed figures.
"""

from __future__ import annotations

import asyncio
import functools
import sys
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import discord
import pytest

from bot.client import LayoffsBot
from index.engine import Engine

# Engine methods that do CPU or disk work: each must run off the event loop.
ENGINE_WORK = ("ask", "search", "events", "resolve_company", "stats", "outlets_of", "index",
               "reindex", "refresh", "repair", "remove_source")


def on_event_loop() -> bool:
    """True on a thread that is running an asyncio event loop (the bot's)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def _serving_interaction(depth: int = 2) -> int | None:
    """The id of the interaction the awaiting coroutines are handling: the first
    ``discord.Interaction`` among the locals of the callers (None for a mention or a task)."""
    frame = sys._getframe(depth)
    while frame is not None:
        for value in frame.f_locals.values():
            if isinstance(value, discord.Interaction):
                return value.id
        frame = frame.f_back  # type: ignore[assignment]
    return None


@dataclass
class CoreStart:
    fn: str
    interaction: int | None
    acknowledged: bool  # the interaction's callback had reached Discord when the work started
    thread: int = 0
    on_loop: bool | None = None  # set when the work runs


@dataclass
class CoreProbe:
    acknowledged: Callable[[int], bool]
    starts: list[CoreStart] = field(default_factory=list)
    engine_calls: list[tuple[str, bool]] = field(default_factory=list)  # (method, on the loop)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def install(self, monkeypatch: pytest.MonkeyPatch) -> CoreProbe:
        original = LayoffsBot.run_core
        probe = self

        async def run_core(bot: LayoffsBot, fn: Callable[..., Any], *args: Any,
                           **kwargs: Any) -> Any:
            iid = _serving_interaction()
            try:
                acknowledged = iid is not None and probe.acknowledged(iid)
            except KeyError:  # an interaction another (fake) Discord dispatched
                acknowledged = False
            start = CoreStart(getattr(fn, "__qualname__", repr(fn)), iid, acknowledged)
            with probe.lock:
                probe.starts.append(start)

            def work() -> Any:
                start.thread = threading.get_ident()
                start.on_loop = on_event_loop()
                return fn(*args, **kwargs)

            return await original(bot, work)

        monkeypatch.setattr(LayoffsBot, "run_core", run_core)
        for name in ENGINE_WORK:
            monkeypatch.setattr(Engine, name, self._watch(name, getattr(Engine, name)))
        return self

    def _watch(self, name: str, method: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(method)
        def watched(*args: Any, **kwargs: Any) -> Any:
            with self.lock:
                self.engine_calls.append((name, on_event_loop()))
            return method(*args, **kwargs)

        return watched

    # ---- checks
    def for_interaction(self, interaction: discord.Interaction | int) -> list[CoreStart]:
        iid = interaction if isinstance(interaction, int) else interaction.id
        return [s for s in self.starts if s.interaction == iid]

    def assert_acknowledged_before_work(
            self, interactions: Iterable[discord.Interaction | int]) -> None:
        """Each interaction reached the core, and only after Discord had its acknowledgement."""
        for interaction in interactions:
            starts = self.for_interaction(interaction)
            assert starts, f"no core work seen for interaction {interaction}"
            late = [s.fn for s in starts if not s.acknowledged]
            assert not late, f"core work started before the acknowledgement: {late}"

    def assert_no_core_work(self, interactions: Iterable[discord.Interaction | int]) -> None:
        """Refused interactions: answered without touching the core."""
        for interaction in interactions:
            assert not self.for_interaction(interaction), interaction

    def assert_off_the_loop(self) -> None:
        """No core work and no engine call ran on the event loop's thread."""
        on_loop = [s.fn for s in self.starts if s.on_loop]
        assert not on_loop, f"core work ran on the event loop: {on_loop}"
        engine = sorted({name for name, loop in self.engine_calls if loop})
        assert not engine, f"engine work ran on the event loop: {engine}"


def probe_harness(recorder: Any, monkeypatch: pytest.MonkeyPatch) -> CoreProbe:
    """For the in-process harness (tests/discord_harness.py): acknowledged = a callback the
    fake Discord accepted."""
    return CoreProbe(lambda iid: any(c.error is None for c in recorder.callbacks(iid))
                     ).install(monkeypatch)


def probe_loopback(recorder: Any, monkeypatch: pytest.MonkeyPatch) -> CoreProbe:
    """For the loopback Discord (tests/loopback_discord.py): acknowledged = a callback that
    reached the server and that it carried out."""
    return CoreProbe(lambda iid: any(c.delivered for c in recorder.callbacks(iid))
                     ).install(monkeypatch)
