"""The fuzz tests' watchdog (tests/fuzzkit.py): a hang fails, a one-off slow moment does not."""

from __future__ import annotations

import pytest

from tests.fuzzkit import InputTimeout, Run


def _spin() -> None:
    while True:  # CPU time, not sleep: the profiling timer counts only work
        pass


def test_an_input_that_hangs_every_time_fails() -> None:
    run = Run("spin", seconds=0.2)
    with pytest.raises(InputTimeout, match=r"spin: one input used over 0\.2 s of CPU time"):
        run(_spin)
    assert run.count == 1 and run.retried == 1


def test_an_input_slow_only_once_passes_on_its_second_run() -> None:
    calls: list[int] = []

    def slow_once() -> str:
        calls.append(1)
        if len(calls) == 1:
            _spin()
        return "read"

    run = Run("slow once", seconds=0.2)
    assert run(slow_once) == "read"
    assert len(calls) == 2 and run.retried == 1 and run.count == 1


def test_a_quick_input_runs_once() -> None:
    calls: list[int] = []
    run = Run("quick", seconds=0.2)
    assert run(lambda: calls.append(1) or "ok") == "ok"
    assert calls == [1] and run.retried == 0
