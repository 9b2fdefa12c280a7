"""One index run at a time, across threads and processes: a lock file in the data dir."""

from __future__ import annotations

import fcntl
import os
import threading
from datetime import UTC, datetime
from pathlib import Path


class Busy(RuntimeError):
    """Another index run holds the index; the message says who and since when."""


class IndexLock:
    """``flock`` on ``DATA_DIR/index.lock`` (released by the OS if the holder dies, even by
    kill -9) plus a thread lock for runs inside this process."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._thread_lock = threading.Lock()
        self._fd: int | None = None

    def acquire(self, *, wait: bool) -> None:
        if not self._thread_lock.acquire(blocking=wait):
            raise Busy("a re-index is already running in this process; wait for it to finish")
        try:
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError as error:
                from index.store import write_error

                raise write_error(error, self.path, "the lock file") from error
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            except BlockingIOError:
                holder = os.pread(fd, 200, 0).decode(errors="replace").strip()
                os.close(fd)
                raise Busy(f"another index run holds {self.path} ({holder or 'unknown holder'}); "
                           "wait for it to finish") from None
            os.ftruncate(fd, 0)
            now = datetime.now(UTC).isoformat(timespec="seconds")
            os.pwrite(fd, f"pid {os.getpid()} since {now}".encode(), 0)
            self._fd = fd
        except BaseException:
            self._thread_lock.release()
            raise

    def release(self) -> None:
        if self._fd is not None:
            os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
        self._thread_lock.release()

    @property
    def held(self) -> bool:
        """True while a run holds the index, here or in another process."""
        if self._thread_lock.locked():
            return True
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:
            return False
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        finally:
            os.close(fd)  # closing drops a lock we may have just taken
        return False
