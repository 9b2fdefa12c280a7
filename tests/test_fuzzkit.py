"""The fuzz watchdog bounds an input's CPU time, not its wall time: a loaded machine slows an
input down without tripping it, and a runaway parser still fails; an input fails only when it
runs over twice in a row (a hang repeats, a busy moment does not)."""

from __future__ import annotations

import re
import subprocess
import sys
import time

import pytest

from tests.fuzzkit import InputTimeout, Run, watchdog


def _backtrack() -> None:
    # exponential backtracking: never finishes in any reasonable time
    re.match(r"(a+)+$", "a" * 64 + "b")


def _quadratic(n: int) -> int:
    text = "ab" * n
    return sum(text.count(text[i:i + 2]) for i in range(0, len(text), 2))


def test_a_catastrophic_regex_is_interrupted() -> None:
    with pytest.raises(InputTimeout, match="CPU time"), watchdog(0.3, "regex"):
        _backtrack()


def test_a_quadratic_input_still_fails_the_watchdog() -> None:
    with pytest.raises(InputTimeout, match="quadratic: one input used over"), \
            watchdog(0.2, "quadratic"):
        _quadratic(10**6)  # about 10^12 steps


def test_waiting_does_not_count_only_computing_does() -> None:
    """An input that takes long on the wall clock but little CPU (what a machine busy with
    other work looks like to the parser) is not an error."""
    with watchdog(0.1, "sleepy", wall_seconds=60):
        time.sleep(0.5)


def test_the_wall_clock_backstop_catches_an_input_that_waits_forever() -> None:
    with pytest.raises(InputTimeout, match="wall time"), watchdog(60, "stuck", wall_seconds=0.2):
        time.sleep(30)


def test_a_run_that_ended_in_time_is_never_interrupted_later() -> None:
    run = Run("quick")
    for _ in range(200):
        assert run(len, "abc") == 3
    time.sleep(0.1)  # a late trip would raise here
    assert run.count == 200


def test_another_process_keeping_the_cpu_busy_does_not_trip_it() -> None:
    """Two spinning processes on a two-core machine: the parser gets less of the CPU, so
    its wall time grows, but its CPU time does not."""
    spin = "import time\nend = time.monotonic() + 20\nwhile time.monotonic() < end: pass\n"
    hogs = [subprocess.Popen([sys.executable, "-c", spin]) for _ in range(2)]
    try:
        with watchdog(2.0, "loaded"):
            _quadratic(300)  # well under a second of CPU on any machine
    finally:
        for hog in hogs:
            hog.kill()
            hog.wait()

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
