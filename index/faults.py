"""Named points of an index run, for fault tests; inert unless ``LAYOFFS_STOP_AT`` is set.

``LAYOFFS_STOP_AT=point[:n]`` makes the process stop itself (SIGSTOP) the ``n``-th time it
passes ``point`` (default 1), so that a test can act on it there: ``kill -9`` it, fill its disk,
change a permission, then let it go on (SIGCONT). ``LAYOFFS_TRACE_POINTS=FILE`` appends each
point passed, one per line, so a test killing at a random time can tell which phase it hit.
Points: ``read`` (a file read), ``embed`` (a batch of vectors written), ``commit`` (catalog
writes done, lexical index and ledger not yet), ``lexical`` (lexical index saved, transaction not
committed), ``committed``, ``cleanup`` (old vectors dropped), ``recorded`` (a source's status
recorded by ``reindex``).
"""

from __future__ import annotations

import os
import signal
from collections import Counter

_passed: Counter[str] = Counter()


def point(name: str) -> None:
    """Mark that an index run passed ``name`` (a no-op unless the variables above are set)."""
    stop_at = os.environ.get("LAYOFFS_STOP_AT")
    trace = os.environ.get("LAYOFFS_TRACE_POINTS")
    if not stop_at and not trace:
        return
    _passed[name] += 1
    if trace:
        try:
            with open(trace, "a", encoding="utf-8") as out:
                out.write(f"{name} {_passed[name]}\n")
        except OSError:  # a test filling the disk may fill this file's too
            pass
    if stop_at:
        wanted, _, nth = stop_at.partition(":")
        if wanted == name and _passed[name] == int(nth or 1):
            os.kill(os.getpid(), signal.SIGSTOP)
