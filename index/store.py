"""The vector store: Chroma, embedded in the data dir or as a client of a Chroma server.

This is the only module that touches Chroma's column dicts; it speaks in our own types.
"""

from __future__ import annotations

import errno
import logging
import os
import sqlite3
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from index.config import Settings
from index.models import Chunk

log = logging.getLogger(__name__)

class StoreError(RuntimeError):
    """The vector store cannot be used as configured; the message says what to do."""


class IndexWriteError(StoreError):
    """An index run could not write (disk full, permissions); nothing it did was committed.
    The message names the path and what to do."""


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


class ModelMismatchError(StoreError):
    """The index was built with another embedding model or chunker."""


@dataclass(frozen=True)
class VectorHit:
    chunk_id: str
    similarity: float  # cosine similarity, higher is closer


def _date_int(value: date | None) -> int:
    return int(value.strftime("%Y%m%d")) if value else 0


class VectorStore:
    """Chunk vectors in a Chroma collection that remembers the model that made them."""

    def __init__(self, settings: Settings, *, signature: dict[str, str | int]) -> None:
        self._settings = settings
        # Held around every Chroma call, so that reopen() never closes a client in use.
        self._guard = threading.Lock()
        self._client = self._connect()
        self.signature = dict(signature)
        self.collection_name = settings.chroma_collection
        self._collection = self._open_collection()
        self._check_signature()

    def _open_collection(self) -> Any:
        """The collection, created with this store's signature when it doesn't exist."""
        return self._client.get_or_create_collection(
            self.collection_name,
            embedding_function=None,
            metadata=self.signature,
            configuration={"hnsw": {"space": "cosine"}},
        )

    def _connect(self) -> Any:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        settings = self._settings
        chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
        try:
            if settings.chroma_host:
                client = chromadb.HttpClient(
                    host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings
                )
                client.heartbeat()
                self.where = f"http://{settings.chroma_host}:{settings.chroma_port}"
            else:
                settings.chroma_dir.mkdir(parents=True, exist_ok=True)
                client = chromadb.PersistentClient(
                    path=str(settings.chroma_dir), settings=chroma_settings
                )
                self.where = str(settings.chroma_dir)
        except Exception as err:
            if settings.chroma_host:
                raise StoreError(
                    f"cannot reach the Chroma server at {settings.chroma_host}:"
                    f"{settings.chroma_port} ({type(err).__name__}); start it "
                    "(chroma run --path DIR --port PORT) or leave CHROMA_HOST empty for the "
                    "embedded store"
                ) from err
            reason, advice = write_problem(err, settings.chroma_dir)
            raise StoreError(
                f"cannot open the Chroma store in {settings.chroma_dir} ({reason}): {advice}"
            ) from err
        return client

    def reopen(self) -> None:
        """Read the embedded store from disk again, for a reader beside another indexing
        process: an open embedded client keeps its vector index in memory and does not see
        the vectors another process adds until it is reopened. A Chroma server needs none."""
        if self._settings.chroma_host:
            return
        with self._guard:
            self._client.close()  # the last client of this path stops Chroma's cached system
            self._client = self._connect()
            self._collection = self._client.get_collection(self.collection_name,
                                                           embedding_function=None)
        log.debug("reopened the Chroma store in %s", self.where)

    def close(self) -> None:
        with self._guard:
            self._client.close()

    def _check_signature(self) -> None:
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
        with self._guard:
            return int(self._collection.count())

    def add(self, chunks: Sequence[Chunk], vectors: np.ndarray) -> None:
        if not chunks:
            return
        if vectors.shape != (len(chunks), self.signature["dim"]):
            raise ValueError(f"expected {len(chunks)} vectors of {self.signature['dim']}, "
                             f"got {vectors.shape}")
        with self._guard:
            self._collection.upsert(
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
                with self._guard:
                    self._collection.delete(ids=part)

    def all_ids(self) -> set[str]:
        """Every chunk id with a vector (for consistency checks)."""
        found: set[str] = set()
        offset = 0
        while True:
            with self._guard:
                page = self._collection.get(include=[], limit=5000, offset=offset)["ids"]
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
                with self._guard:
                    found.update(self._collection.get(ids=part, include=[])["ids"])
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
        with self._guard:
            result = self._collection.query(
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
        with self._guard:
            self._client.delete_collection(self.collection_name)
            self._collection = self._open_collection()


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
