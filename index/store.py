"""The vector store: Chroma, embedded in the data dir or as a client of a Chroma server.

This is the only module that touches Chroma's column dicts; it speaks in our own types.
"""

from __future__ import annotations

import errno
import logging
import os
import shutil
import sqlite3
import tempfile
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import numpy as np

from index.config import Settings
from index.models import Chunk

log = logging.getLogger(__name__)

class StoreError(RuntimeError):
    """The vector store cannot be used as configured; the message says what to do."""


class IndexWriteError(StoreError):
    """An index run could not write (disk full, permissions); nothing it did was committed.
    The message names the path and what to do."""


class DataDirError(StoreError):
    """The data dir (``DATA_DIR`` or ``--data-dir``) is a file or lies under one: a usage
    error; the message names it."""


class StoreUnreachable(StoreError):
    """The Chroma server stopped answering (``CHROMA_HOST``); the message names its address
    and what to do."""

    def __init__(self, where: str, reason: str, advice: str) -> None:
        super().__init__(f"the Chroma server at {where} does not answer ({reason}): {advice}")
        self.where, self.reason, self.advice = where, reason, advice


_NO_SPACE = (errno.ENOSPC, errno.EFBIG, errno.EDQUOT)
_NO_ACCESS = (errno.EACCES, errno.EPERM, errno.EROFS)
# How SQLite and Chroma's own error types word the same problems.
_SPACE_WORDS = ("disk is full", "no space")
_ACCESS_WORDS = ("readonly", "read-only", "permission")


def is_write_error(error: BaseException) -> bool:
    """Whether an error is the disk's or the file system's (full, read-only, no permission),
    in whatever type the library raised it."""
    if isinstance(error, (OSError, sqlite3.Error)):
        return True
    text = str(error).lower()
    return any(word in text for word in ("disk", *_SPACE_WORDS, *_ACCESS_WORDS))


def write_problem(err: BaseException, path: Path | str) -> tuple[str, str]:
    """Why writing ``path`` failed, in a few words, and what to do about it."""
    text = str(err)
    number = err.errno if isinstance(err, OSError) else None
    lowered = text.lower()
    reason = (os.strerror(number) if number else text.split(": ")[-1].strip() or
              type(err).__name__)
    if number in _NO_SPACE or any(word in lowered for word in _SPACE_WORDS):
        return reason, f"free some space on the disk holding {path} (or move DATA_DIR)"
    if number == errno.EROFS or "read-only file system" in lowered:
        return reason, (f"the file system holding {path} is mounted read-only: remount it "
                        "read-write, or point DATA_DIR (--data-dir) at a writable disk")
    if number in _NO_ACCESS or any(word in lowered for word in _ACCESS_WORDS):
        target = Path(path)  # what it could not create lies in a folder that exists
        while not target.exists() and target != target.parent:
            target = target.parent
        return reason, (f"make {target} writable by this user ({_owner(target)}) or run as "
                        "its owner")
    if "i/o error" in lowered:
        return reason, f"the disk holding {path} may be full or failing: free some space, check it"
    return reason, f"check that {path} can be written"


def _owner(path: Path | str) -> str:
    try:
        import pwd

        uid = Path(path).stat().st_uid
        try:
            owner, me = pwd.getpwuid(uid).pw_name, pwd.getpwuid(os.geteuid()).pw_name
            return f"it belongs to {owner}, you are {me}"
        except KeyError:
            return f"it belongs to uid {uid}, you are uid {os.geteuid()}"
    except OSError:
        return "check its owner and mode"


def write_error(err: BaseException, path: Path | str, what: str) -> IndexWriteError:
    """An :class:`IndexWriteError` for ``err``, raised while writing ``what`` at ``path``."""
    reason, advice = write_problem(err, path)
    return IndexWriteError(
        f"cannot write {what} in {path} ({reason}). Nothing of this run was committed: the "
        f"previous index is unchanged and still answers questions. To fix: {advice}, then run "
        "the command again")


def write_block(folder: Path) -> OSError | None:
    """Why nothing can be written in ``folder`` now (a read-only mount, a full disk, no write
    permission), as the OSError a write would raise; None when writing looks possible. Only
    asks the file system: writes nothing."""
    try:
        info = os.statvfs(folder)
    except OSError as error:
        return error
    if info.f_flag & os.ST_RDONLY:
        return OSError(errno.EROFS, os.strerror(errno.EROFS), str(folder))
    free = (info.f_bfree if os.geteuid() == 0 else info.f_bavail) * info.f_frsize
    if free < _ROOM_NEEDED:
        return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(folder))
    if not os.access(folder, os.W_OK):
        return OSError(errno.EACCES, os.strerror(errno.EACCES), str(folder))
    return None


# Below this much free space a data dir counts as full: SQLite needs its WAL index (32 KiB)
# and log, Chroma its journal, before anything is indexed.
_ROOM_NEEDED = 1 << 20


def read_only_error(target: Path, found: str, what: str) -> IndexWriteError:
    """The error of a write refused because ``target`` (a folder, or a file in one) was
    opened read-only (``found``: the error seen when opening it): why, and what to do. Names
    the folder when nothing can be written in it (a full disk, a read-only mount), else the
    file."""
    folder = target if target.is_dir() else target.parent
    block = write_block(folder)
    where = folder if block is not None else target
    reason, advice = write_problem(block if block is not None else RuntimeError(found), where)
    return IndexWriteError(
        f"cannot write {what} in {where} ({reason}): it is open read-only, so nothing was "
        f"changed and it still answers questions. To fix: {advice}, then run the command again")


def prepare_data_dir(path: Path) -> None:
    """Make sure the data dir is a folder, creating it when missing. Raises
    :class:`DataDirError` when it, or a folder above it, is a file, and
    :class:`IndexWriteError` when it is missing and cannot be created."""
    existing = path
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent  # exists() is False under a file (ENOTDIR)
    if existing.exists() and not existing.is_dir():
        if existing == path:
            raise DataDirError(f"the data dir {path} is a file, not a folder: point "
                               "--data-dir (or DATA_DIR) at a folder")
        raise DataDirError(f"the data dir {path} cannot be a folder: {existing} is a file. "
                           "Point --data-dir (or DATA_DIR) at a folder")
    if existing == path:
        return
    try:
        path.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError) as error:  # a dangling link, a race
        raise DataDirError(f"the data dir {path} is not a folder ({error.strerror}): point "
                           "--data-dir (or DATA_DIR) at a folder") from None
    except OSError as error:
        reason, advice = write_problem(error, path)
        raise IndexWriteError(f"cannot create the data dir {path} ({reason}). To fix: "
                              f"{advice}") from None


def _forget_failed_system(path: str) -> None:
    """Chroma keeps the system of a store's path even when it failed to start, and hands it
    to the next client of that path, which then fails in its own way: drop it (when no client
    uses it), so that a store can be opened again once the disk has room."""
    try:
        from chromadb.api.shared_system_client import SharedSystemClient as Shared

        with Shared._refcount_lock:
            if Shared._identifier_to_refcount.get(path, 0) == 0:
                Shared._identifier_to_system.pop(path, None)
    except Exception as error:  # Chroma's internals moved: the next open may fail, as before
        log.debug("cannot drop Chroma's system for %s (%s)", path, error)


def _is_connection_error(error: BaseException) -> bool:
    return isinstance(error, (httpx.TransportError, ConnectionError))


class ModelMismatchError(StoreError):
    """The index was built with another embedding model or chunker."""


@dataclass(frozen=True)
class VectorHit:
    chunk_id: str
    similarity: float  # cosine similarity, higher is closer


def _date_int(value: date | None) -> int:
    return int(value.strftime("%Y%m%d")) if value else 0


class VectorStore:
    """Chunk vectors in a Chroma collection that remembers the model that made them.

    The collection is created by the first write, so opening a store writes nothing of ours.
    An embedded store in a data dir that cannot be written (a full disk, a read-only mount)
    cannot be opened in place: Chroma writes whenever it opens one. Readers then read a copy,
    made in the temporary folder (``TMPDIR``) at the first read; with no room there either,
    there are no vectors to read (``unavailable`` says why) and answers rank passages by their
    words alone. ``read_only`` says why writes are refused.
    """

    def __init__(self, settings: Settings, *, signature: dict[str, str | int],
                 check: bool = True) -> None:
        # check False: the caller is about to rebuild, so vectors built with another model or
        # chunker are not an error (they are about to go)
        self._check = check
        self._settings = settings
        # Held around every Chroma call, so that reopen() never closes a client in use.
        self._guard = threading.Lock()
        self.signature = dict(signature)
        self.collection_name = settings.chroma_collection
        self.where = (f"http://{settings.chroma_host}:{settings.chroma_port}"
                      if settings.chroma_host else str(settings.chroma_dir))
        self.read_only: str | None = None  # why vectors cannot be written here (None: they can)
        self.unavailable: str | None = None  # why there are no vectors to read
        self._snapshot: Path | None = None  # the private copy read while read-only
        self._client: Any = self._connect()
        self._collection: Any = None
        if self._client is not None:
            with self._chroma():
                self._collection = self._find_collection()
        self._check_signature()

    def _find_collection(self) -> Any:
        """The collection, or None when nothing was ever written (or a server lost it)."""
        from chromadb.errors import NotFoundError

        try:
            return self._client.get_collection(self.collection_name, embedding_function=None)
        except (NotFoundError, ValueError):
            return None

    def _create_collection(self) -> Any:
        """The collection, created with this store's signature when it doesn't exist."""
        return self._client.get_or_create_collection(
            self.collection_name,
            embedding_function=None,
            metadata=self.signature,
            configuration={"hnsw": {"space": "cosine"}},
        )

    @staticmethod
    def _chroma_settings() -> Any:
        from chromadb.config import Settings as ChromaSettings

        return ChromaSettings(anonymized_telemetry=False, allow_reset=False)

    def _connect(self) -> Any:
        """A client; None for an embedded store that cannot be opened for writing (then
        ``read_only`` says why and the first read opens a copy)."""
        import chromadb

        settings = self._settings
        if settings.chroma_host:
            try:
                client = chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port,
                                             settings=self._chroma_settings())
                client.heartbeat()
            except Exception as err:
                raise StoreError(
                    f"cannot reach the Chroma server at {settings.chroma_host}:"
                    f"{settings.chroma_port} ({type(err).__name__}); start it "
                    "(chroma run --path DIR --port PORT) or leave CHROMA_HOST empty for the "
                    "embedded store"
                ) from err
            return client
        try:
            settings.chroma_dir.mkdir(parents=True, exist_ok=True)
            client = chromadb.PersistentClient(path=str(settings.chroma_dir),
                                               settings=self._chroma_settings())
        except Exception as err:
            _forget_failed_system(str(settings.chroma_dir))
            if not is_write_error(err):
                reason, advice = write_problem(err, settings.chroma_dir)
                raise StoreError(
                    f"cannot open the Chroma store in {settings.chroma_dir} ({reason}): {advice}"
                ) from err
            self.read_only = str(err) or type(err).__name__
            log.info("the Chroma store in %s cannot be opened for writing (%s): reading it "
                     "from a copy", settings.chroma_dir, self.read_only)
            return None
        self.read_only = self.unavailable = None
        return client

    def _readable(self) -> Any:
        """The collection to read, or None (no vectors). Holding the guard."""
        if self._client is None and self.unavailable is None:
            self._open_snapshot()
        return self._collection

    def _open_snapshot(self) -> None:
        """Read a copy of a store that cannot be opened in place (see the class docstring)."""
        import chromadb

        source = self._settings.chroma_dir
        temp = tempfile.gettempdir()
        try:
            size = sum(f.stat().st_size for f in source.rglob("*") if f.is_file())
            free = shutil.disk_usage(temp).free
            if free < size + _ROOM_NEEDED:
                raise OSError(errno.ENOSPC, f"{size:,} bytes to copy, {free:,} free", temp)
            folder = Path(tempfile.mkdtemp(prefix="layoffs-chroma-"))
            try:
                shutil.copytree(source, folder / "chroma")
                client = chromadb.PersistentClient(path=str(folder / "chroma"),
                                                   settings=self._chroma_settings())
            except BaseException:
                shutil.rmtree(folder, ignore_errors=True)
                raise
        except Exception as err:
            reason = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
            self.unavailable = (f"{source} cannot be read in place ({self.read_only}) nor "
                                f"copied to {temp} ({reason})")
            return
        self._client, self._snapshot = client, folder
        self._collection = self._find_collection()
        log.info("reading the vectors of %s from a copy in %s", source, folder)
        self._check_signature()

    def _writable(self) -> Any:
        """The collection to write, created if needed; refused while read-only. Holding the
        guard."""
        if self.read_only is not None:
            raise read_only_error(self._settings.chroma_dir, self.read_only, "the vectors")
        if self._collection is None:
            self._collection = self._create_collection()
        return self._collection

    @contextmanager
    def _chroma(self) -> Iterator[None]:
        """Hold the guard around Chroma calls; a Chroma server that stopped answering raises
        :class:`StoreUnreachable`."""
        with self._guard:
            try:
                yield
            except Exception as error:
                if self._settings.chroma_host and _is_connection_error(error):
                    raise StoreUnreachable(
                        self.where, f"{type(error).__name__}: {error}",
                        f"start it again (chroma run --path DIR --host "
                        f"{self._settings.chroma_host} --port {self._settings.chroma_port}) or "
                        "correct CHROMA_HOST and CHROMA_PORT") from error
                raise

    def reopen(self) -> None:
        """Read the store again: for a reader beside another indexing process (an open
        embedded client keeps its vector index in memory and does not see the vectors another
        process adds until it is reopened; a server's collection may have been replaced by a
        rebuild), and for a store opened read-only, which is opened for writing if it now can
        be (the disk was freed)."""
        with self._chroma():
            if self._settings.chroma_host:
                self._collection = self._find_collection()
                return
            self._close_client()
            self.read_only = self.unavailable = None
            self._client = self._connect()  # the last client of a path stops Chroma's system
            self._collection = self._find_collection() if self._client is not None else None
        log.debug("reopened the Chroma store in %s", self.where)

    def _close_client(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
        self._collection = None
        if self._snapshot is not None:
            shutil.rmtree(self._snapshot, ignore_errors=True)
            self._snapshot = None

    def close(self) -> None:
        with self._guard:
            self._close_client()

    def _check_signature(self) -> None:
        if self._collection is None or not self._check:
            return
        found = dict(self._collection.metadata or {})
        differences = [
            f"{key}: index has {found.get(key)!r}, settings give {value!r}"
            for key, value in self.signature.items()
            if found.get(key) != value
        ]
        if differences:
            raise ModelMismatchError(
                f"the index in {self.where} (collection {self.collection_name!r}) was built "
                f"differently ({'; '.join(differences)}). "
                "Re-index with `layoffs index --rebuild PATH...`, or restore the settings it "
                "was built with"
            )

    def count(self) -> int:
        with self._chroma():
            collection = self._readable()
            return 0 if collection is None else int(collection.count())

    def add(self, chunks: Sequence[Chunk], vectors: np.ndarray) -> None:
        if not chunks:
            return
        if vectors.shape != (len(chunks), self.signature["dim"]):
            raise ValueError(f"expected {len(chunks)} vectors of {self.signature['dim']}, "
                             f"got {vectors.shape}")
        with self._chroma():
            self._writable().upsert(
                ids=[c.id for c in chunks],
                embeddings=vectors.astype(np.float32),
                metadatas=[
                    {"doc_id": c.doc_id, "published": _date_int(c.published),
                     "lang": c.lang or "?"}
                    for c in chunks
                ],
            )

    def delete(self, chunk_ids: Sequence[str]) -> None:
        for start in range(0, len(chunk_ids), 1000):
            part = list(chunk_ids[start:start + 1000])
            if part:
                with self._chroma():
                    if self._collection is None and self.read_only is None:
                        return  # nothing was ever written
                    self._writable().delete(ids=part)

    def all_ids(self) -> set[str]:
        """Every chunk id with a vector (for consistency checks)."""
        found: set[str] = set()
        offset = 0
        while True:
            with self._chroma():
                collection = self._readable()
                if collection is None:
                    return found
                page = collection.get(include=[], limit=5000, offset=offset)["ids"]
            found.update(page)
            if len(page) < 5000:
                return found
            offset += len(page)

    def existing(self, chunk_ids: Sequence[str]) -> set[str]:
        """Which of ``chunk_ids`` already have a vector."""
        found: set[str] = set()
        for start in range(0, len(chunk_ids), 1000):
            part = list(chunk_ids[start:start + 1000])
            if part:
                with self._chroma():
                    collection = self._readable()
                    if collection is None:
                        return found
                    found.update(collection.get(ids=part, include=[])["ids"])
        return found

    def search(
        self,
        vector: np.ndarray,
        k: int,
        *,
        since: date | None = None,
        until: date | None = None,
        languages: Sequence[str] = (),
    ) -> list[VectorHit]:
        # No count() first: it cost ~7 ms a query at 100k chunks, and Chroma returns fewer
        # results (or none) when asked for more than it holds.
        where = _where(since, until, languages)
        with self._chroma():
            collection = self._readable()
            if collection is None:
                return []
            result = collection.query(
                query_embeddings=[vector.astype(np.float32).tolist()],
                n_results=k,
                where=where,
                include=["distances"],
            )
        ids = result["ids"][0]
        distances = (result.get("distances") or [[1.0] * len(ids)])[0]
        return [VectorHit(cid, 1.0 - float(d)) for cid, d in zip(ids, distances, strict=True)]

    def reset(self) -> None:
        """Drop every vector and start a collection with the current signature."""
        with self._chroma():
            self._writable()
            self._client.delete_collection(self.collection_name)
            self._collection = self._create_collection()


def _where(since: date | None, until: date | None, languages: Sequence[str]) -> Any:
    clauses: list[dict[str, Any]] = []
    if since is not None:
        clauses.append({"published": {"$gte": _date_int(since)}})
    if until is not None:
        clauses.append({"published": {"$lte": _date_int(until)}})
        if since is None:  # undated chunks are stored as 0: keep them out of a range
            clauses.append({"published": {"$gt": 0}})
    if languages:
        clauses.append({"lang": {"$in": list(languages)}})
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}
