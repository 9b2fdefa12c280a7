"""The answering core: one object that indexes, searches and answers, used by the CLI and the bot.

Build it once (it loads the embedding model) and share it; every method is synchronous, so async
callers run them in a worker thread.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from index import faults
from index.catalog import Catalog, Stats
from index.chunk import CHUNKER_VERSION, chunk_article
from index.companies import CompanyTable
from index.config import Settings
from index.dates import parse_question_period
from index.embed import Embedder, make_embedder
from index.events import Event, Ledger, build_ledger
from index.extract import extract_mentions
from index.feedback import FeedbackStore
from index.fetch import Fetcher, FetchError, FetchPolicy, Validators, fetch_source
from index.ingest import (
    IngestError,
    LoadResult,
    Skipped,
    load_articles,
    outlet_from_url,
    to_article,
)
from index.langs import detect_language
from index.ledger import extractor_version, load_ledger, save_events, write_mentions
from index.lexical import LexicalIndex
from index.llm import LLMClient, LLMNotConfigured, phrase
from index.locking import IndexLock
from index.models import Answer, Article, Chunk, Hit
from index.registry import Registry, Removal, Source, SourceError
from index.retrieve import Filters, Retriever, period_filter
from index.store import (
    IndexWriteError,
    StoreUnreachable,
    VectorStore,
    is_write_error,
    prepare_data_dir,
    read_only_error,
    write_block,
    write_error,
    write_problem,
)
from index.watches import Watches

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]
"""Called as ``progress(stage, done, total)`` while indexing; stages: "read", "embed"."""

EMBED_BATCH = 32


@dataclass
class IndexReport:
    files: int = 0
    articles: int = 0
    added: int = 0
    unchanged: int = 0
    removed: int = 0
    chunks_added: int = 0
    chunks_unchanged: int = 0
    chunks_removed: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.skipped


@dataclass
class RepairReport:
    """What :meth:`Engine.repair` (and the start of every index run) did."""
    reextracted: int = 0  # articles whose layoff mentions were extracted again
    reembedded: int = 0  # passages whose missing vector was embedded again
    stray: int = 0  # vectors no passage owns (a killed run's): kept for the next run to reuse
    lexical_saved: bool = False  # the lexical index of the current state was saved
    chunks: int = 0
    vectors: int = 0


def _quiet(stage: str, done: int, total: int) -> None:
    pass


class Engine:
    # While True (a reindex of several sources), the vectors a killed run left are dropped
    # only once every source is done: a later source reuses its own.
    _defer_cleanup = False

    def __init__(self, settings: Settings, embedder: Embedder | None = None, *,
                 rebuilding: bool = False) -> None:
        """Open the index to answer from it. Opening writes nothing of the index: what the
        indexer has not saved (a lexical index, a ledger) is rebuilt in memory, and missing
        vectors are reported once, at the first search, never embedded here. A data dir that
        cannot be written (a full disk, a read-only mount) is opened read-only (``read_only``
        says why). Writes happen in :meth:`index`, :meth:`reindex` and :meth:`repair`, under
        the index lock. Raises :class:`~index.store.DataDirError` when the data dir is a file
        or lies under one. ``rebuilding`` (``index --rebuild``) opens an index built with
        another model or chunker instead of refusing it: it is about to be dropped."""
        self.settings = settings
        prepare_data_dir(settings.data_dir)  # before the model loads: a bad one fails at once
        self.embedder = embedder or make_embedder(settings)
        self.companies = CompanyTable.load(settings.companies_file)
        try:
            self.catalog = Catalog(settings.catalog_path)
        except sqlite3.Error as error:
            block = write_block(settings.data_dir)
            reason, advice = write_problem(block if block is not None else error,
                                           settings.catalog_path)
            raise IndexWriteError(f"cannot open the catalog {settings.catalog_path} ({reason}). "
                                  f"To fix: {advice}, then run the command again") from None
        try:
            self.registry = Registry(self.catalog)
            self.feedback = FeedbackStore(self.catalog)
            self.watches = Watches(self.catalog)
            self.store = VectorStore(settings, signature=self.signature, check=not rebuilding)
        except BaseException:
            self.catalog.close()
            raise
        self._lock = IndexLock(settings.data_dir / "index.lock")
        self.generation = self.catalog.generation()
        lexical = LexicalIndex.load(self.lexical_dir, self.generation) or self._rebuild_lexical()
        self.retriever = Retriever(self.embedder, self.store, self.catalog, lexical)
        self.ledger = self._read_ledger()
        self._vectors_checked = False  # missing vectors are reported once per generation
        self.llm = LLMClient.from_settings(settings)  # None unless LLM_BASE_URL is set
        if self.llm is not None:
            log.info("LLM phrasing on: %s at %s", self.llm.model or "(server default)",
                     self.llm.host)

    @property
    def signature(self) -> dict[str, str | int]:
        return {
            "embed_model": self.embedder.model_id,
            "dim": self.embedder.dim,
            "chunker": ":".join(map(str, (CHUNKER_VERSION, self.settings.chunk_tokens,
                                          self.settings.chunk_overlap))),
        }

    @property
    def lexical_dir(self) -> Path:
        return self.settings.data_dir / "bm25"

    @property
    def read_only(self) -> str | None:
        """Why the index was opened read-only (a full disk, a read-only mount), or None."""
        return self.catalog.read_only or self.store.read_only

    def _ensure_writable(self) -> None:
        """Before a run writes: what was opened read-only is opened for writing again if it
        now can be (the disk was freed); raises :class:`IndexWriteError`, naming the data dir
        and what to do, when it still can't."""
        if self.catalog.read_only is not None:
            self.catalog.reopen()
        if self.store.read_only is not None:
            self.store.reopen()
        if self.catalog.read_only is not None:
            raise read_only_error(self.catalog.path, self.catalog.read_only, "the index")
        if self.store.read_only is not None:
            raise read_only_error(self.settings.chroma_dir, self.store.read_only, "the index")

    def close(self) -> None:
        self.catalog.close()
        self.store.close()

    def is_empty(self) -> bool:
        return self.catalog.stats().articles == 0

    # --- indexing ---------------------------------------------------------------------------
    def index(self, paths: Sequence[Path], *, rebuild: bool = False,
              progress: Progress | None = None) -> IndexReport:
        """Index ``paths`` (files or folders): only new or changed articles cost embedding work.

        Articles that disappeared from an indexed folder are removed; files that cannot be read
        are reported and their previously indexed version, if any, is kept. What readers left
        to the indexer is done first (:meth:`_upkeep`). Raises :class:`Busy`, naming the
        holder, when another run holds the index, and :class:`IndexWriteError` when it cannot
        be written.
        """
        self._ensure_writable()
        self._lock.acquire(wait=False)  # raises Busy, naming the holder
        try:
            if not rebuild:
                self._upkeep(progress or _quiet)
            return self._index(paths, rebuild=rebuild, progress=progress)
        finally:
            self._lock.release()

    def reindex(self, progress: Progress | None = None) -> list[tuple[Source, IndexReport]]:
        """Index every registered source again; raises :class:`Busy` if a run is under way.

        Each source's outcome is recorded as its last status; a source that fails does not
        stop the others.
        """
        self._ensure_writable()
        self._lock.acquire(wait=False)  # raises Busy, naming the holder
        fetcher: Fetcher | None = None
        self._defer_cleanup = True
        try:
            self._upkeep(progress or _quiet)
            results = []
            for source in self.registry.all():
                state = None
                if source.is_url:
                    fetcher = fetcher or Fetcher(FetchPolicy.from_settings(self.settings))
                    report, state = self._index_url(source, fetcher, progress)
                else:
                    try:  # a folder added under SOURCE_ROOTS must still lie under them
                        self.registry.check_local(source)
                    except SourceError as error:
                        log.warning("source #%d: %s", source.id, error)
                        report = IndexReport(skipped=[Skipped(source.location, str(error))])
                    else:
                        roots = json.loads(source.state or "{}").get("roots")  # from Discord
                        report = self._index([Path(source.location)], rebuild=False,
                                             progress=progress, roots=roots)
                try:
                    self.registry.record_run(source.id, _status(source, report), state)
                except sqlite3.Error as error:
                    raise write_error(error, self.settings.catalog_path,
                                      f"the status of source #{source.id}") from error
                faults.point("recorded")
                results.append((source, report))
            self._drop_orphans()
            return results
        finally:
            self._defer_cleanup = False
            if fetcher is not None:
                fetcher.close()
            self._lock.release()

    def _index_url(self, source: Source, fetcher: Fetcher,
                   progress: Progress | None) -> tuple[IndexReport, str]:
        """Fetch a web page or feed (conditionally: unchanged ones cost a 304) and index what
        it brought. A source that fails is reported and keeps what it had indexed."""
        state = json.loads(source.state or "{}")
        known = {url: Validators.from_dict(v) for url, v in state.get("validators", {}).items()}
        try:
            result = fetch_source(fetcher, source.location, known)
        except FetchError as error:
            log.warning("source #%d: %s", source.id, error)
            return IndexReport(skipped=[Skipped(error.url, error.reason)]), json.dumps(state)
        loaded = LoadResult(skipped=[Skipped(e.url, e.reason) for e in result.errors])
        for raw in result.docs:
            try:
                loaded.articles.append(to_article(raw, languages=self.settings.languages,
                                                  boilerplate=()))
            except IngestError as error:
                loaded.skipped.append(Skipped(raw.source, str(error)))
        loaded.seen = {a.source for a in loaded.articles}
        report = self._apply(loaded, [], rebuild=False,
                             notify=progress or (lambda stage, done, total: None),
                             label=source.location)
        report.unchanged += len(result.unchanged) + (1 if result.not_modified else 0)
        state["validators"] = {**state.get("validators", {}), **{
            url: v.to_dict() for url, v in result.validators.items()}}
        state["articles"] = sorted({*state.get("articles", []), *loaded.seen})
        return report, json.dumps(state)

    @property
    def busy(self) -> bool:
        """True while an index run holds the index, in this process or another."""
        return self._lock.held

    def _index(self, paths: Sequence[Path], *, rebuild: bool, progress: Progress | None,
               roots: Sequence[str] | None = None) -> IndexReport:
        notify = progress or (lambda stage, done, total: None)
        files_done = 0

        def on_file(_: Path) -> None:
            nonlocal files_done
            files_done += 1
            notify("read", files_done, 0)
            faults.point("read")

        # links are followed only inside each path (a source added from Discord: its roots)
        loaded = load_articles(paths, languages=self.settings.languages,
                               max_bytes=self.settings.max_file_bytes, on_file=on_file,
                               roots=None if roots is None else [Path(r) for r in roots])
        return self._apply(loaded, [str(p.resolve()) for p in paths], rebuild=rebuild,
                           notify=notify, label=", ".join(map(str, paths)))

    def _apply(self, loaded: LoadResult, scopes: Sequence[str], *, rebuild: bool,
               notify: Progress, label: str) -> IndexReport:
        """Bring the index in line with ``loaded``, the articles now found under ``scopes``.

        1. Chunk, extract and embed what is new; write its vectors (readers ignore vectors
           whose chunks the catalog doesn't list, and a killed run's vectors are reused).
        2. One catalog transaction: new articles, changed and removed ones, their mentions,
           the next generation's lexical index (saved beside the catalog) and ledger. Readers
           see the previous complete state until it commits, then the new one.
        3. Drop the vectors of removed chunks and those a killed run left unused.

        A write that fails (disk full, permissions) before the commit raises
        :class:`IndexWriteError`, and the previous state is untouched.
        """
        started = time.perf_counter()
        report = IndexReport(files=len(loaded.seen), articles=len(loaded.articles),
                             skipped=loaded.skipped)
        before = {} if rebuild else self.catalog.sources_under(scopes)
        fresh: list[tuple[Article, list[Chunk]]] = []
        links: list[tuple[str, str]] = []  # (source, doc_id) of articles already indexed
        maybe_gone: set[str] = set()  # articles that may have lost their last source
        planned: set[str] = set()
        for article in loaded.articles:
            doc_id = article.doc_id
            old = before.get(article.source)
            if old is not None and old != doc_id:
                maybe_gone.add(old)
            if doc_id in planned or (not rebuild and self.catalog.has_article(doc_id)):
                links.append((article.source, doc_id))
                report.unchanged += 1
            else:
                planned.add(doc_id)
                fresh.append((article, chunk_article(
                    article, max_tokens=self.settings.chunk_tokens,
                    overlap=self.settings.chunk_overlap)))
        try:
            if rebuild:
                self.store.reset()
            self._embed_missing([c for _, chunks in fresh for c in chunks], notify)
        except Exception as error:
            failure = self._vector_error(error, "the new vectors")
            if failure is error:
                raise
            raise failure from error
        mentions = {a.doc_id: extract_mentions(a, self.companies) for a, _ in fresh}

        skipped_files = {s.source for s in loaded.skipped}
        present = {a.source for a in loaded.articles}
        gone = [source for source in before
                if source not in present and source.split("#L")[0] not in skipped_files]
        lexical: LexicalIndex | None = None
        ledger: Ledger | None = None
        try:
            with self.catalog.transaction() as db:
                if rebuild:
                    self.catalog.write_clear(db)
                for article, chunks in fresh:
                    self.catalog.write_article(db, article, chunks)
                    write_mentions(db, article.doc_id, mentions[article.doc_id])
                for source, doc_id in links:
                    self.catalog.write_link(db, source, doc_id)
                maybe_gone |= self.catalog.write_unlink(db, gone)
                removed, dropped = self.catalog.write_delete_orphans(
                    db, sorted(maybe_gone - planned))
                report.added, report.chunks_added = len(fresh), sum(len(c) for _, c in fresh)
                report.removed, report.chunks_removed = len(removed), len(dropped)
                faults.point("commit")
                if fresh or dropped or rebuild:
                    # The lexical index and the ledger of the new state are built and saved
                    # before the commit, from this transaction's view: a failure to write them
                    # (disk full) rolls the whole run back, and a reader never sees the new
                    # catalog without them.
                    generation = self.catalog.write_next_generation(db)
                    lexical = LexicalIndex.build(list(self.catalog.iter_chunks()), generation)
                    lexical.save(self.lexical_dir, prune=False)
                    ledger = load_ledger(db)
                    save_events(db, ledger.events)
                    faults.point("lexical")
                result = (f"{len(fresh)} added, {report.unchanged} unchanged, {len(removed)} "
                          f"removed, {len(report.skipped)} skipped")
                self.catalog.write_meta(
                    db, last_index=datetime.now(UTC).isoformat(timespec="seconds"),
                    last_index_result=result)
        except (OSError, sqlite3.Error) as error:
            if lexical is not None:
                LexicalIndex.discard(self.lexical_dir, lexical.generation)
            if isinstance(error, OSError):
                raise write_error(error, error.filename or self.lexical_dir,
                                  "the lexical index") from error
            raise write_error(error, self.settings.catalog_path, "the catalog") from error
        faults.point("committed")
        if lexical is not None and ledger is not None:
            self._serve(lexical, ledger)
            lexical.prune(self.lexical_dir)
        try:
            self.store.delete(dropped)
        except Exception as error:  # committed and whole: leftovers are dropped next run
            log.warning("the index is updated, but old vectors could not be dropped from %s "
                        "(%s); the next run drops them", self.store.where, error)
        if not self._defer_cleanup:
            self._drop_orphans()
        faults.point("cleanup")
        report.chunks_unchanged = self.catalog.stats().chunks - report.chunks_added
        report.seconds = time.perf_counter() - started
        log.info("indexed %s: %s", label, result)
        return report

    def _vector_error(self, error: Exception, what: str) -> Exception:
        """What to raise for a failed vector write: an :class:`IndexWriteError` naming the
        store (its path, or the server's address) and what to do when the disk or the server
        is the cause, else ``error`` itself. Chroma reports disk and permission errors in its
        own types."""
        if isinstance(error, StoreUnreachable):
            return IndexWriteError(
                f"cannot write {what} to the Chroma server at {error.where}: it does not answer "
                f"({error.reason}). Nothing of this run was committed: the previous index is "
                "unchanged, and the vectors already written are kept for the next run to "
                f"reuse. To fix: {error.advice}, then run the command again")
        if isinstance(error, IndexWriteError) or not is_write_error(error):
            return error
        return write_error(error, self.store.where, what)

    def _drop_orphans(self) -> None:
        """Drop the vectors of a killed run that this run did not reuse (best effort: the
        index is committed and whole; the next run tries again)."""
        try:
            self._sync_vectors(drop_orphans=True)
        except Exception as error:
            log.warning("old vectors could not be dropped from %s (%s); the next run drops "
                        "them", self.store.where, error)

    def _embed_missing(self, chunks: Sequence[Chunk], notify: Progress) -> None:
        """Embed and store the chunks that have no vector yet (a killed run's are kept)."""
        have = self.store.existing([c.id for c in chunks])
        todo = [c for c in chunks if c.id not in have]
        notify("embed", 0, len(todo))
        for start in range(0, len(todo), EMBED_BATCH):
            batch = todo[start:start + EMBED_BATCH]
            self.store.add(batch, self.embedder.embed_documents([c.embed_text for c in batch]))
            notify("embed", start + len(batch), len(todo))
            faults.point("embed")

    def _reload(self) -> None:
        """Pick up the catalog's current generation: lexical index and ledger, rebuilt in
        memory when the indexer has not saved them (a reader never writes)."""
        generation = self.catalog.generation()
        lexical = LexicalIndex.load(self.lexical_dir, generation) or self._rebuild_lexical()
        self._serve(lexical, self._read_ledger())

    def _serve(self, lexical: LexicalIndex, ledger: Ledger) -> None:
        """Answer from this lexical index (its generation) and ledger from now on."""
        self.generation = lexical.generation
        self.retriever.lexical = lexical
        self.retriever._lexical_meta = None
        self.ledger = ledger
        self._vectors_checked = False

    def refresh(self) -> bool:
        """For readers beside another indexing process: reload when its run has committed
        (the vectors too, for the embedded store). Returns True when something was reloaded.
        One small SQLite read when nothing changed (and one stat per catalog file for a
        catalog open read-only, which is reopened once another process has written it)."""
        if self.catalog.reopen_if_changed() and self.store.read_only is not None:
            self.store.reopen()
        if self.catalog.generation() == self.generation:
            return False
        self.store.reopen()
        self._reload()
        return True

    def _check_vectors(self) -> None:
        """Say once per generation, in one warning, when passages have no vector (after a
        killed ``--rebuild``, a Chroma server restarted empty, a store that cannot be read):
        they are then found by their words only. A reader never embeds them."""
        if self._vectors_checked:
            return
        self._vectors_checked = True
        chunks = self.catalog.stats().chunks
        vectors = self.store.count()
        if vectors >= chunks:
            return
        if self.store.unavailable is not None:
            log.warning("no vectors can be read: %s. Answers find passages by their words only "
                        "until the disk has room again", self.store.unavailable)
            return
        log.warning("the vector store (%s) has %d vectors for %d passages: passages without "
                    "one are found by their words only. Run `layoffs repair` (or the next "
                    "`layoffs index`) to embed the missing ones", self.store.where, vectors,
                    chunks)

    def repair(self, progress: Progress | None = None) -> RepairReport:
        """Under the index lock, do what readers leave to the indexer (:meth:`_upkeep`):
        embed the passages whose vector is missing, extract layoff mentions again when the
        extraction code changed, save the lexical index when none is saved for the current
        state. Vectors no passage owns are kept (a killed run's: the next run reuses them).
        Raises :class:`Busy` when a run holds the index, :class:`IndexWriteError` when it
        cannot be written."""
        self._ensure_writable()
        self._lock.acquire(wait=False)  # raises Busy, naming the holder
        try:
            return self._upkeep(progress or _quiet)
        finally:
            self._lock.release()

    def _upkeep(self, notify: Progress) -> RepairReport:
        """What readers leave to the indexer, done under the lock at the start of every run
        and by :meth:`repair`: layoff mentions extracted again when the extraction code
        changed, missing vectors embedded, the lexical index saved when missing."""
        report = RepairReport()
        if self.catalog.get_meta("extractor") != extractor_version():
            try:
                with self.catalog.transaction() as db:
                    articles = self.catalog.articles_in(db)
                    log.info("extracting layoff mentions again from %d articles", len(articles))
                    for article in articles:
                        write_mentions(db, article.doc_id,
                                       extract_mentions(article, self.companies))
                    ledger = load_ledger(db)
                    save_events(db, ledger.events)
                    self.catalog.write_meta(db, extractor=extractor_version())
            except sqlite3.Error as error:
                raise write_error(error, self.settings.catalog_path,
                                  "the layoff mentions") from error
            self.ledger = ledger
            report.reextracted = len(articles)
        try:
            report.reembedded, report.stray = self._sync_vectors(drop_orphans=False,
                                                                 notify=notify)
        except Exception as error:
            failure = self._vector_error(error, "the missing vectors")
            if failure is error:
                raise
            raise failure from error
        generation = self.catalog.generation()
        if not LexicalIndex.saved(self.lexical_dir, generation):
            lexical = self.retriever.lexical
            if lexical.generation != generation:
                lexical = self._rebuild_lexical()
            try:
                lexical.save(self.lexical_dir)
            except OSError as error:
                LexicalIndex.discard(self.lexical_dir, generation)
                raise write_error(error, error.filename or self.lexical_dir,
                                  "the lexical index") from error
            report.lexical_saved = True
        report.chunks, report.vectors = self.catalog.stats().chunks, self.store.count()
        return report

    def _sync_vectors(self, *, drop_orphans: bool,
                      notify: Progress = _quiet) -> tuple[int, int]:
        """Make the vectors match the catalog: embed the passages that have no vector (a
        killed ``--rebuild``, a Chroma server restarted empty) and, with ``drop_orphans``,
        drop the vectors no passage owns (a run killed before its commit left them: the next
        run reuses them, then drops the rest). Returns (embedded, vectors no passage owns);
        one count each when they already agree. Only for a run holding the lock."""
        expected = self.catalog.stats().chunks
        if self.store.count() == expected:
            return 0, 0
        present = self.store.all_ids()
        chunks = list(self.catalog.iter_chunks())
        known = {c.id for c in chunks}
        missing = [c for c in chunks if c.id not in present]
        orphans = sorted(present - known)
        if missing:
            log.info("embedding %d passages missing from the vector store (%s)", len(missing),
                     self.store.where)
            notify("embed", 0, len(missing))
        for start in range(0, len(missing), EMBED_BATCH):
            batch = missing[start:start + EMBED_BATCH]
            self.store.add(batch, self.embedder.embed_documents([c.embed_text for c in batch]))
            notify("embed", start + len(batch), len(missing))
        if drop_orphans and orphans:
            self.store.delete(orphans)
            log.info("dropped %d vectors no passage owns", len(orphans))
            return len(missing), 0
        return len(missing), len(orphans)

    def _read_ledger(self) -> Ledger:
        """The ledger of the stored mentions; when they were extracted by other extraction
        code than this one, of mentions extracted again, in memory (the next index run, or
        ``layoffs repair``, stores them)."""
        if self.catalog.get_meta("extractor") == extractor_version():
            return load_ledger(self.catalog.connection())
        articles = self.catalog.articles()
        if articles:
            log.info("layoff mentions were stored by other extraction code: extracting them "
                     "again from %d articles, in memory", len(articles))
        return build_ledger([m for a in articles for m in extract_mentions(a, self.companies)])

    def _rebuild_lexical(self) -> LexicalIndex:
        """The lexical index of the catalog's current state, in memory."""
        return LexicalIndex.build(list(self.catalog.iter_chunks()), self.catalog.generation())

    # --- reading ----------------------------------------------------------------------------
    def search(self, query: str, k: int | None = None, *, filters: Filters = Filters(),
               lang: str | None = None) -> list[Hit]:
        """Hybrid search; a period named in the query ("in March 2023") is preferred."""
        self.refresh()
        self._check_vectors()
        lang = lang or detect_language(query, self.settings.languages)
        period = parse_question_period(query, lang, date.today())
        prefer = period_filter(period) if period is not None else None
        return self.retriever.search(query, k or self.settings.top_k, lang=lang, filters=filters,
                                     prefer=prefer)

    def ask(self, question: str, *, llm: bool | None = None) -> Answer:
        """A cited answer. With an LLM configured (``LLM_BASE_URL``) the offline answer is
        rephrased by it when its text passes the grounding checks, else kept (index/llm.py).
        ``llm``: None uses the LLM when configured, False never, True always (raises
        :class:`LLMNotConfigured` when none is)."""
        from index.answer import answer_question

        if llm and self.llm is None:
            raise LLMNotConfigured()
        offline = answer_question(self, question)
        if self.llm is None or llm is False:
            return offline
        return phrase(offline, self.llm)

    def stats(self) -> Stats:
        return self.catalog.stats()

    def resolve_company(self, name: str) -> str | None:
        """The canonical company for a user's spelling ("amazn", "AWS", "facebook"), or a
        company only the articles know ("glovo", "Telefónica")."""
        return self.companies.resolve(name, self.ledger.companies())

    def events(self, company: str | None = None, since: date | None = None,
               until: date | None = None) -> list[Event]:
        """Ledger events, oldest first, optionally for one company and a date range."""
        return [
            e for e in self.ledger.events
            if (company is None or e.company == company)
            and (since is None or e.start >= since) and (until is None or e.start <= until)
        ]

    def outlets_of(self, event: Event) -> list[str]:
        """The outlets reporting an event, with each one's figure when they differ."""
        by_doc = event.figure_by_doc()
        names = []
        for doc_id, figure in by_doc.items():
            citation = self.catalog.citation(doc_id, "")
            # the site, else its domain, never the page title
            name = citation.outlet or outlet_from_url(citation.url) or "(no outlet)"
            if event.conflicting and figure is not None:
                name += f" ({figure:,})"
            names.append(name)
        return names

    # --- removing a source (appended: the CLI's `sources remove` and Discord's /source remove)
    def remove_source(self, source_id: int, *, purge: bool = True) -> Removal:
        """Unregister a source and, with ``purge``, take away in the same transaction what only
        it brought: its articles that no other registered source and no folder read by
        `layoffs index` reaches, with their chunks, layoff mentions and events; their vectors
        are dropped after the commit. An article also reached another way stays.

        Raises :class:`SourceError` for an unknown id, :class:`Busy` (with ``purge``) while an
        index run holds the index, :class:`IndexWriteError` when the index cannot be written.
        """
        if not purge:
            source = self.registry.get(source_id)
            if source is None:
                raise SourceError(f"no source with id {source_id}; see the list of sources")
            docs = {self.catalog.doc_of(s) for s in self.registry.article_sources(source)}
            self.registry.remove(source_id)
            return Removal(source, purged=False, articles=len(docs - {None}))
        self._lock.acquire(wait=False)  # raises Busy, naming the holder
        try:
            source = self.registry.get(source_id)
            if source is None:
                raise SourceError(f"no source with id {source_id}; see the list of sources")
            brought = set(self.registry.article_sources(source))
            drop = sorted(brought - self.registry.reached_otherwise(source, brought))
            docs = {self.catalog.doc_of(s) for s in brought} - {None}
            events_before = len(self.ledger.events)
            lexical: LexicalIndex | None = None
            ledger: Ledger | None = None
            try:
                with self.catalog.transaction() as db:
                    self.registry.write_remove(db, source_id)
                    unlinked = self.catalog.write_unlink(db, drop)
                    removed, dropped = self.catalog.write_delete_orphans(db, sorted(unlinked))
                    if removed:  # the next generation, saved before the commit (as _apply)
                        generation = self.catalog.write_next_generation(db)
                        lexical = LexicalIndex.build(list(self.catalog.iter_chunks()),
                                                     generation)
                        lexical.save(self.lexical_dir, prune=False)
                        ledger = load_ledger(db)
                        save_events(db, ledger.events)
            except (OSError, sqlite3.Error) as error:
                if lexical is not None:
                    LexicalIndex.discard(self.lexical_dir, lexical.generation)
                if isinstance(error, OSError):
                    raise write_error(error, error.filename or self.lexical_dir,
                                      "the lexical index") from error
                raise write_error(error, self.settings.catalog_path, "the catalog") from error
            if lexical is not None and ledger is not None:
                self._serve(lexical, ledger)
                lexical.prune(self.lexical_dir)
            try:
                self.store.delete(dropped)
            except Exception as error:  # committed: readers ignore vectors without a chunk
                log.warning("source #%d is removed, but its vectors could not be dropped from "
                            "%s (%s); the next index run drops them", source_id,
                            self.store.where, error)
        finally:
            self._lock.release()
        return Removal(source, purged=True, articles=len(removed),
                       kept=len(docs - set(removed)),
                       events=max(0, events_before - len(self.ledger.events)))


def _status(source: Source, report: IndexReport) -> str:
    """A source's last status, in one line."""
    if report.skipped and not (report.added or report.unchanged):
        return f"failed: {report.skipped[0].reason}"
    if not source.is_url and report.files == 0:
        return "nothing found: the folder is empty or gone"
    status = f"ok: {report.added} added, {report.unchanged} unchanged, {report.removed} removed"
    if report.skipped:
        status += f", {len(report.skipped)} skipped ({report.skipped[0].reason})"
    return status
