"""The ``layoffs`` command line: index, ask, search, stats and eval."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from index import vocab
from index.config import Settings, SettingsFileError, check_env_file, default_data_dir
from index.embed import EmbedderError
from index.models import Answer, Hit
from index.store import StoreError

log = logging.getLogger(__name__)

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Answer questions about tech-industry layoffs from news articles.")
# Titles, passages, outlets, paths and source names come from scraped pages and users: they are
# printed as text (Text objects, or markup=False), and no console turns ':x:' into an emoji.
out = Console(soft_wrap=True, emoji=False, highlight=False)
err = Console(stderr=True, soft_wrap=True, emoji=False, highlight=False)

DataDir = Annotated[Path | None, typer.Option(
    "--data-dir", help="Where the index lives (default: DATA_DIR or ~/.local/share/layoffs-bot).")]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON (JSON Lines with '-').")]
Verbose = Annotated[bool, typer.Option("--verbose", "-v", help="Log progress details.")]

EXIT_SKIPPED = 1
EXIT_USAGE = 2
EXIT_WRITE = 3  # an index run could not write (disk full, permissions); nothing was committed


def error_line(message: object) -> None:
    """``error: MESSAGE`` on stderr, in one line; the message is printed as text (it may quote
    a path, a URL or a source name)."""
    err.print(Text.assemble(("error:", "red"), " ", str(message)))


def labelled(label: str, style: str, message: object, indent: str = "") -> Text:
    """``LABEL MESSAGE`` with only the label styled: the message is text, never markup."""
    return Text.assemble(indent, (label, style), " ", str(message))


def cell(value: object) -> Text:
    """A table cell or title shown as text (rich would read a str as markup)."""
    return Text(str(value))


def sample_corpus() -> Path:
    """The bundled bilingual sample corpus."""
    return Path(str(resources.files("index") / "data" / "corpus"))


class _LineFormatter(logging.Formatter):
    """"warning: …" on one line, as the "error: …" lines read: never wrapped at the terminal's
    width (rich's handler folded a long warning over several lines), never markup."""

    def format(self, record: logging.LogRecord) -> str:
        text = " ".join(super().format(record).split())
        return f"{record.levelname.lower()}: {text}"


def setup_logging(verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_LineFormatter("%(message)s"))
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        handlers=[handler], force=True)
    for noisy in ("chromadb", "httpx", "sentence_transformers", "bm25s"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    from index.ingest import QUIET_LOGGERS

    for library in QUIET_LOGGERS:  # "discarding data: None": the file gets its own line
        logging.getLogger(library).setLevel(logging.CRITICAL)


def _setting_problem(error: Any) -> str:
    name = ".".join(map(str, error["loc"])).upper() or "settings"
    message = str(error["msg"]).removeprefix("Value error, ")
    return message if message.startswith(name) else f"{name}: {message}"


def load_settings(data_dir: Path | None) -> Settings:
    try:
        check_env_file()  # a line python-dotenv would skip is an error, not a default
    except SettingsFileError as error:
        error_line(error)
        raise typer.Exit(EXIT_USAGE) from None
    try:
        settings = Settings()
    except ValidationError as error:
        problems = "; ".join(_setting_problem(e) for e in error.errors())
        error_line(f"invalid settings (environment or .env): {problems}")
        raise typer.Exit(EXIT_USAGE) from None
    if data_dir is not None:
        settings = settings.model_copy(update={"data_dir": data_dir})
    return settings


@contextmanager
def session(data_dir: Path | None, verbose: bool, *, sample_on_first_use: bool = True,
            rebuilding: bool = False) -> Iterator[tuple[Settings, Any]]:
    """What every command starts with: logging, settings, the engine (and, on the default data
    dir's first use, the sample corpus)."""
    setup_logging(verbose)
    settings = load_settings(data_dir)
    with open_engine(settings, rebuilding=rebuilding) as engine:
        if sample_on_first_use:
            ensure_indexed(engine, settings, data_dir is not None)
        yield settings, engine


@contextmanager
def open_engine(settings: Settings, *, rebuilding: bool = False) -> Iterator[Any]:
    """The engine, open for reading (read-only on a full disk or a read-only mount). What
    ends a command early is one line: exit 3 when the index cannot be written (disk full,
    read-only, permissions, the Chroma server lost during a run), 2 for a usage or settings
    problem (a data dir that is a file, a Chroma server that does not answer, another run
    holding the index)."""
    from index.engine import Engine
    from index.locking import Busy
    from index.store import IndexWriteError

    try:
        engine = Engine(settings, rebuilding=rebuilding)
    except IndexWriteError as error:
        error_line(error)
        raise typer.Exit(EXIT_WRITE) from None
    except (EmbedderError, StoreError, ValueError) as error:
        error_line(error)
        raise typer.Exit(EXIT_USAGE) from None
    try:
        yield engine
    except IndexWriteError as error:  # a write the command needed (first use, sources add)
        error_line(error)
        raise typer.Exit(EXIT_WRITE) from None
    except (Busy, StoreError) as error:
        error_line(error)
        raise typer.Exit(EXIT_USAGE) from None
    finally:
        engine.close()


# The log records of what `index` and `reindex` print on stdout themselves (a skipped file, a
# failed or refused source): dropped while they run, so that each is printed once.
_PRINTED_ON_STDOUT = {("index.ingest", "skipped %s: %s"), ("index.engine", "source #%d: %s")}


class _PrintedOnStdout(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return (record.name, record.msg) not in _PRINTED_ON_STDOUT


@contextmanager
def skips_printed_on_stdout() -> Iterator[None]:
    """While a command prints its skipped files and failed sources in its summary."""
    loggers = {logging.getLogger(name) for name, _ in _PRINTED_ON_STDOUT}
    quiet = _PrintedOnStdout()
    for logger in loggers:
        logger.addFilter(quiet)
    try:
        yield
    finally:
        for logger in loggers:
            logger.removeFilter(quiet)


def run_index(engine: Any, paths: list[Path], rebuild: bool = False) -> Any:
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=err, transient=True) as bar:
        reading = bar.add_task("Reading files", total=None)
        embedding = bar.add_task("Embedding chunks", total=None, visible=False)

        def progress(stage: str, done: int, total: int) -> None:
            if stage == "read":
                bar.update(reading, completed=done)
            else:
                bar.update(reading, visible=False)
                bar.update(embedding, completed=done, total=total or None, visible=True)

        report = engine.index(paths, rebuild=rebuild, progress=progress)
    # Removing a registered source keeps what these folders and files reach.
    engine.registry.note_indexed(paths, rebuild=rebuild)
    return report


def ensure_indexed(engine: Any, settings: Settings, explicit_dir: bool) -> None:
    """On first use of the default data dir, index the bundled sample corpus.

    A data dir the user chose (``--data-dir`` or ``DATA_DIR``) is left as it is.
    """
    if explicit_dir or not engine.is_empty() or settings.data_dir != default_data_dir():
        return
    err.print(labelled("First use:", "bold", f"indexing the bundled sample corpus into "
                                             f"{settings.data_dir} (once; `layoffs index PATH` "
                                             "adds your own articles)."))
    report = run_index(engine, [sample_corpus()])
    err.print(f"Indexed {report.added} articles ({report.chunks_added} chunks) "
              f"in {report.seconds:.1f} s.")


@app.callback()
def main_options() -> None:
    """layoffs-bot: index articles, then ask questions with cited answers."""


@app.command()
def index(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (.txt .md .html .jsonl).")],
    data_dir: DataDir = None,
    rebuild: Annotated[bool, typer.Option(
        help="Drop the index first (needed after changing the model or chunk settings).")] = False,
    verbose: Verbose = False,
) -> None:
    """Index articles: only new or changed ones cost work; skipped files are listed."""
    from index.locking import Busy
    from index.store import IndexWriteError

    with session(data_dir, verbose, sample_on_first_use=False,
                 rebuilding=rebuild) as (settings, engine):
        try:
            with skips_printed_on_stdout():
                report = run_index(engine, paths, rebuild=rebuild)
        except Busy as error:  # another run holds the index: refused at once, naming it
            error_line(error)
            raise typer.Exit(EXIT_USAGE) from None
        except IndexWriteError as error:
            error_line(error)
            raise typer.Exit(EXIT_WRITE) from None
    table = Table(title=cell(f"Indexed into {settings.data_dir}"), show_header=False)
    for label, value in [
        ("files read", report.files), ("articles", report.articles),
        ("articles added", report.added), ("articles unchanged", report.unchanged),
        ("articles removed", report.removed), ("chunks added", report.chunks_added),
        ("chunks unchanged", report.chunks_unchanged), ("chunks removed", report.chunks_removed),
        ("files skipped", len(report.skipped)), ("time", f"{report.seconds:.1f} s"),
    ]:
        table.add_row(label, str(value))
    out.print(table)
    for skipped in report.skipped:
        out.print(labelled("skipped", "yellow", f"{skipped.source}: {skipped.reason}"))
    if report.skipped:
        raise typer.Exit(EXIT_SKIPPED)


def _questions(text: str, what: str = "question") -> Iterator[str]:
    """``text``, or with '-' each stdin line that holds words (blank lines are passed over;
    a line of only punctuation or emoji is named on stderr and skipped)."""
    from index.question import is_question

    if text != "-":
        yield text
        return
    for number, line in enumerate(sys.stdin, start=1):
        if not line.strip():
            continue
        if not is_question(line):
            err.print(labelled("skipped", "yellow", f"stdin line {number} ({line.strip()}): "
                                                    f"not a {what}, it has no words"))
            continue
        yield line.strip()


def _require_words(text: str, message: str) -> None:
    """An empty, blank, punctuation-only or emoji-only argument is a usage error (exit 2),
    told in one line before anything is loaded."""
    from index.question import is_question

    if text != "-" and not is_question(text):
        error_line(message)
        raise typer.Exit(EXIT_USAGE)


def emit_json(payload: dict[str, Any], one_line: bool = False) -> None:
    """JSON on stdout: one object per line in batch mode, indented otherwise."""
    print(json.dumps(payload, ensure_ascii=False, indent=None if one_line else 2), flush=True)


def hit_json(hit: Hit) -> dict[str, Any]:
    chunk = hit.chunk
    return {"rank": hit.rank, "score": round(hit.score, 6), "source": chunk.source,
            "title": chunk.title, "url": chunk.url,
            "published": chunk.published.isoformat() if chunk.published else None,
            "lang": chunk.lang, "text": chunk.text}


def answer_json(answer: Answer) -> dict[str, Any]:
    return {
        "question": answer.question, "answer": answer.text, "refused": answer.refused,
        "citations": [citation_json(c) for c in answer.citations],
        "phrased": answer.phrased_by is not None, "phrased_by": answer.phrased_by,
        "llm_fallback": answer.llm_fallback,
    }


def render_answer(answer: Answer) -> None:
    out.print(answer.text, markup=False, highlight=False)
    if answer.citations:
        out.print()
        out.print(str(vocab.with_fallback("answer", answer.lang)["sources"]))
        for c in answer.citations:
            when = c.published.isoformat() if c.published else "undated"
            out.print(Text(f"[{c.n}] {c.title} — {c.outlet or 'unknown outlet'}, {when} — "
                           f"{c.url or c.source}"))
    if answer.phrased_by:
        out.print()
        out.print(Text(f"Written by {answer.phrased_by}, checked against the sources.",
                       style="dim"))


UseLLM = Annotated[bool | None, typer.Option(
    "--llm/--no-llm", help="Phrase answers with the configured LLM (LLM_BASE_URL), or never. "
    "Default: the LLM when one is configured.", show_default=False)]


def _check_llm(engine: Any, llm: bool | None) -> None:
    if llm and engine.llm is None:
        from index.llm import LLMNotConfigured

        error_line(LLMNotConfigured())
        raise typer.Exit(EXIT_USAGE)


@app.command()
def ask(
    question: Annotated[str, typer.Argument(
        help="The question, or '-' to read one question per stdin line and print one JSON "
             "object per answer (JSON Lines, with or without --json).")],
    data_dir: DataDir = None,
    as_json: AsJson = False,
    llm: UseLLM = None,
    verbose: Verbose = False,
) -> None:
    """Answer a question with numbered citations. With '-', read questions from stdin and
    print JSON Lines (one object per question, in input order)."""
    from index.question import ask_for_a_question

    _require_words(question, ask_for_a_question())
    with session(data_dir, verbose) as (_, engine):
        _check_llm(engine, llm)
        for text in _questions(question):
            answer = engine.ask(text, llm=llm)
            if as_json or question == "-":
                emit_json(answer_json(answer), one_line=question == "-")
            else:
                render_answer(answer)


@app.command()
def search(
    query: Annotated[str, typer.Argument(
        help="The query, or '-' to read one query per stdin line and print one JSON object "
             "per query (JSON Lines, with or without --json).")],
    data_dir: DataDir = None,
    k: Annotated[int, typer.Option("-k", min=1, max=50, help="How many passages.")] = 5,
    as_json: AsJson = False,
    verbose: Verbose = False,
) -> None:
    """Show the passages that best match a query. With '-', read queries from stdin and print
    JSON Lines (one object per query, in input order)."""
    _require_words(query, "Please give a search query in words, for example: "
                          "layoffs search \"Amazon layoffs 2023\"")
    with session(data_dir, verbose) as (_, engine):
        for text in _questions(query, "query"):
            hits = engine.search(text, k)
            payload = {"query": text, "hits": [hit_json(h) for h in hits]}
            if as_json or query == "-":
                emit_json(payload, one_line=query == "-")
            else:
                for hit in hits:
                    c = hit.chunk
                    when = c.published.isoformat() if c.published else "undated"
                    out.print(Text.assemble((f"[{hit.rank}]", "bold"), f" {c.title} — "
                                            f"{c.outlet}, {when} ({c.lang}) — "
                                            f"{c.url or c.source}"))
                    out.print(Text(f"    {c.text[:400]}"))


@app.command()
def stats(data_dir: DataDir = None, as_json: AsJson = False, verbose: Verbose = False) -> None:
    """What is indexed: articles, chunks, languages, date range, model."""
    with session(data_dir, verbose, sample_on_first_use=False) as (settings, engine):
        s = engine.stats()
        info = {
            "data_dir": str(settings.data_dir), "articles": s.articles, "chunks": s.chunks,
            "sources": s.sources, "languages": s.languages,
            "oldest": s.oldest.isoformat() if s.oldest else None,
            "newest": s.newest.isoformat() if s.newest else None,
            "model": engine.embedder.model_id, "store": engine.store.where,
            "last_index": s.meta.get("last_index"),
            "last_index_result": s.meta.get("last_index_result"),
        }
    if as_json:
        emit_json(info)
        return
    table = Table(show_header=False)
    for key, value in info.items():
        table.add_row(key.replace("_", " "), cell(value))
    out.print(table)


def _date_option(value: str | None, name: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        error_line(f"{name} '{value}' is not a date; write it as YYYY-MM-DD")
        raise typer.Exit(EXIT_USAGE) from None


def _company(engine: Any, name: str) -> str:
    company = engine.resolve_company(name)
    if company is None:
        known = ", ".join(engine.ledger.companies()[:12])
        error_line(f"unknown company '{name}'. Companies with events: {known}")
        raise typer.Exit(EXIT_USAGE)
    return str(company)


def event_json(engine: Any, event: Any) -> dict[str, Any]:
    return {
        "id": event.id, "company": event.company, "start": event.start.isoformat(),
        "end": event.end.isoformat(), "precision": event.precision,
        "headcount": event.headcount, "low": event.low, "high": event.high,
        "qualifier": event.qualifier, "vague": event.vague, "percent": event.percent,
        "units": list(event.units), "countries": list(event.countries),
        "reasons": list(event.reasons), "included_in": event.included_in,
        "sources": [
            {**{k: v for k, v in citation_json(engine.catalog.citation(m.doc_id, m.sentence))
                .items() if k != "n"}, "figure": m.headcount}
            for m in event.mentions
        ],
    }


def citation_json(c: Any) -> dict[str, Any]:
    return {"n": c.n, "source": c.source, "title": c.title, "url": c.url,
            "published": c.published.isoformat() if c.published else None, "quote": c.quote}


@app.command()
def events(
    company: Annotated[str | None, typer.Argument(help="A company or one of its units.")] = None,
    since: Annotated[str | None, typer.Option(help="Only events from this date (YYYY-MM-DD).")]
    = None,
    until: Annotated[str | None, typer.Option(help="Only events up to this date.")] = None,
    data_dir: DataDir = None,
    as_json: AsJson = False,
    verbose: Verbose = False,
) -> None:
    """The layoff ledger: one row per event, with its sources."""
    from index.ledger_answer import event_figure, format_when

    start, end = _date_option(since, "--since"), _date_option(until, "--until")
    with session(data_dir, verbose) as (_, engine):
        name = _company(engine, company) if company else None
        found = engine.events(name, start, end)
        if as_json:
            emit_json({"company": name, "events": [event_json(engine, e) for e in found]})
            return
        table = Table(title=cell(f"Layoff events{' at ' + name if name else ''}"),
                      show_lines=True)
        for column in ("when", "company", "jobs", "unit", "sources", "note"):
            table.add_column(column, overflow="fold")
        for e in found:
            note = "included in a later figure" if e.included_in else ""
            if e.percent is not None:
                note = f"{e.percent:g}% of staff" + (f"; {note}" if note else "")
            table.add_row(*map(cell, (format_when(e.start, e.end, e.precision, "en"),
                                      e.company, event_figure(e, "en"), ", ".join(e.units),
                                      "\n".join(engine.outlets_of(e)), note)))
        out.print(table)
        if not found:
            out.print("No events in the ledger for that selection.")


@app.command()
def timeline(
    company: Annotated[str, typer.Argument(help="A company or one of its units.")],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="PNG file to write.")]
    = None,
    data_dir: DataDir = None,
    verbose: Verbose = False,
) -> None:
    """Chart a company's layoffs over time (PNG), one bar per event."""
    from index.timeline import draw_timeline

    with session(data_dir, verbose) as (_, engine):
        name = _company(engine, company)
        found = engine.events(name)
        if not found:
            error_line(f"the ledger has no events for {name}")
            raise typer.Exit(EXIT_SKIPPED)
        path = output or Path(f"{name.lower().replace(' ', '-')}-timeline.png")
        draw_timeline(name, found, path, engine.outlets_of)
    counted = [e for e in found if e.headcount is not None and e.included_in is None]
    out.print(Text(f"{name}: {len(found)} events, {sum(e.headcount or 0 for e in counted):,} "
                   "jobs in events with a figure (not counting figures included in later ones)."))
    out.print(Text(str(path)))


sources_app = typer.Typer(help="The registered sources that `layoffs reindex` and the bot's "
                                "/reindex index again.", no_args_is_help=True)
app.add_typer(sources_app, name="sources")


@sources_app.command("add")
def sources_add(
    location: Annotated[str, typer.Argument(help="A folder or file, or a web page or feed URL.")],
    name: Annotated[str, typer.Option("--name", help="A short name.")] = "",
    lang: Annotated[str | None, typer.Option("--lang", help="Its language, if known.")] = None,
    data_dir: DataDir = None,
    verbose: Verbose = False,
) -> None:
    """Register a source."""
    from index.registry import SourceError

    with session(data_dir, verbose, sample_on_first_use=False) as (_, engine):
        try:
            source = engine.registry.add(location, name=name, lang=lang)
        except SourceError as error:
            error_line(error)
            raise typer.Exit(EXIT_USAGE) from None
    out.print(Text(f"Added source #{source.id} ({source.name}): {source.location}. "
                   "`layoffs reindex` indexes it."))


@sources_app.command("remove")
def sources_remove(
    source_id: Annotated[int, typer.Argument(help="The id shown by `layoffs sources list`.")],
    keep_articles: Annotated[bool, typer.Option(
        "--keep-articles", help="Only stop re-indexing it: the articles it brought stay "
                                "indexed and keep answering.")] = False,
    data_dir: DataDir = None,
    verbose: Verbose = False,
) -> None:
    """Remove a source and the articles only it brought (with their layoff events) at once;
    an article also reached through another source or a folder indexed with `layoffs index`
    stays. --keep-articles only stops re-indexing it."""
    from index.locking import Busy
    from index.registry import SourceError
    from index.store import IndexWriteError

    with session(data_dir, verbose, sample_on_first_use=False) as (_, engine):
        try:
            removal = engine.remove_source(source_id, purge=not keep_articles)
        except SourceError as error:
            error_line(error)
            raise typer.Exit(EXIT_USAGE) from None
        except Busy as error:
            error_line(f"source #{source_id} was not removed: {error}, or use --keep-articles")
            raise typer.Exit(EXIT_USAGE) from None
        except IndexWriteError as error:
            error_line(f"source #{source_id} was not removed: {error}")
            raise typer.Exit(EXIT_WRITE) from None
    out.print(Text(removal.describe()))


@sources_app.command("list")
def sources_list(data_dir: DataDir = None, as_json: AsJson = False,
                 verbose: Verbose = False) -> None:
    """Each source with its last fetch, last status, and its article and event counts."""
    with session(data_dir, verbose, sample_on_first_use=False) as (_, engine):
        event_docs = [e.doc_ids for e in engine.ledger.events]
        rows = []
        for source in engine.registry.all():
            articles, events = engine.registry.counts(source, event_docs)
            rows.append({"id": source.id, "kind": source.kind, "name": source.name,
                         "location": source.location, "last_run": source.last_run,
                         "last_status": source.last_status, "articles": articles,
                         "events": events})
    if as_json:
        emit_json({"sources": rows})
        return
    table = Table(title="Sources")
    for column in ("id", "name", "location", "last run", "last status", "articles", "events"):
        table.add_column(column, overflow="fold")
    for r in rows:
        table.add_row(*map(cell, (r["id"], r["name"], r["location"], r["last_run"] or "never",
                                  r["last_status"] or "", r["articles"], r["events"])))
    out.print(table)
    if not rows:
        out.print("No sources yet: `layoffs sources add PATH-OR-URL`.")


feedback_app = typer.Typer(help="The feedback stored from the Discord bot's answer buttons.",
                           no_args_is_help=True)
app.add_typer(feedback_app, name="feedback")


@feedback_app.command("delete")
def feedback_delete(
    user: Annotated[int, typer.Option("--user", min=1,
                                      help="The Discord user id (a number; Discord's "
                                           "Developer Mode > Copy User ID).")],
    data_dir: DataDir = None,
    verbose: Verbose = False,
) -> None:
    """Delete every feedback record of one Discord user (their verdicts and typed corrections)."""
    from index.catalog import Catalog
    from index.feedback import FeedbackStore

    setup_logging(verbose)
    settings = load_settings(data_dir)
    if not settings.catalog_path.exists():
        out.print(Text(f"No index in {settings.data_dir}: no feedback is stored there."))
        return
    catalog = Catalog(settings.catalog_path)
    try:
        deleted = FeedbackStore(catalog).delete_user(user)
    finally:
        catalog.close()
    out.print(f"Deleted {deleted} feedback record{'s' if deleted != 1 else ''} of user {user}.",
              highlight=False)


@app.command()
def reindex(data_dir: DataDir = None, verbose: Verbose = False) -> None:
    """Index every registered source again (only changes cost work)."""
    from index.locking import Busy
    from index.store import IndexWriteError

    with session(data_dir, verbose, sample_on_first_use=False) as (_, engine):
        try:
            with skips_printed_on_stdout():
                results = engine.reindex()
        except Busy as error:
            error_line(error)
            raise typer.Exit(EXIT_USAGE) from None
        except IndexWriteError as error:
            error_line(error)
            raise typer.Exit(EXIT_WRITE) from None
    for source, report in results:
        out.print(Text(f"#{source.id} {source.name}: {report.added} added, {report.unchanged} "
                       f"unchanged, {report.removed} removed, {len(report.skipped)} skipped"))
        for skipped in report.skipped:
            out.print(labelled("skipped", "yellow", f"{skipped.source}: {skipped.reason}", "  "))
    if not results:
        out.print("No sources registered: `layoffs sources add PATH-OR-URL` first.")
    if any(report.skipped for _, report in results):
        raise typer.Exit(EXIT_SKIPPED)


@app.command()
def repair(data_dir: DataDir = None, verbose: Verbose = False) -> None:
    """Embed the passages whose vector is missing (after a killed --rebuild or a Chroma server
    restarted empty) and save what readers rebuild in memory; every index run does this first."""
    from index.locking import Busy
    from index.store import IndexWriteError

    with session(data_dir, verbose, sample_on_first_use=False) as (_, engine):
        try:
            with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                          TimeElapsedColumn(), console=err, transient=True) as bar:
                embedding = bar.add_task("Embedding missing passages", total=None,
                                         visible=False)

                def progress(stage: str, done: int, total: int) -> None:
                    bar.update(embedding, completed=done, total=total or None, visible=True)

                report = engine.repair(progress)
        except Busy as error:
            error_line(error)
            raise typer.Exit(EXIT_USAGE) from None
        except IndexWriteError as error:
            error_line(error)
            raise typer.Exit(EXIT_WRITE) from None
        where = engine.store.where
    if report.reembedded:
        out.print(Text(f"Embedded {report.reembedded} passages that had no vector in {where}."))
    if report.reextracted:
        out.print(Text(f"Extracted the layoff mentions of {report.reextracted} articles again "
                       "(the extraction code changed)."))
    if report.lexical_saved:
        out.print("Saved the lexical index.")
    if report.stray:
        out.print(f"Kept {report.stray} vectors no passage owns (a killed run's: the next "
                  "`layoffs index` reuses or drops them).")
    if not (report.reembedded or report.reextracted or report.lexical_saved):
        out.print("Nothing to repair.")
    out.print(f"{report.vectors} vectors for {report.chunks} passages.")


@app.command(name="eval")
def evaluate(
    gold: Annotated[Path | None, typer.Option(help="Gold questions (JSON Lines).")] = None,
    events: Annotated[list[str] | None, typer.Option(
        "--events", help="Score the layoff ledger against gold events instead: 'sample' (the "
        "bundled corpus) or a folder with articles/ and gold/ (corpora/news/dev). Repeatable; "
        "needs no index.")] = None,
    details: Annotated[bool, typer.Option(
        "--details", help="With --events: list every miss, double count and wrong figure.",
    )] = False,
    data_dir: DataDir = None,
    as_json: AsJson = False,
    verbose: Verbose = False,
) -> None:
    """Run the gold questions: recall@5, MRR, answer accuracy and refusal accuracy (offline,
    and through the LLM too when one is configured). With --events: event precision and
    recall, double counts and non-layoff figures counted."""
    if events:
        evaluate_events(events, details=details, as_json=as_json, verbose=verbose)
        return
    from index.evaluate import default_gold, load_gold, run_eval
    from index.llm import describe

    try:
        questions = load_gold(gold or default_gold())
    except ValueError as error:
        error_line(error)
        raise typer.Exit(EXIT_USAGE) from None
    with session(data_dir, verbose) as (_, engine):
        report = run_eval(engine, questions, llm=False)
        llm = describe(engine.llm)
        llm_report = run_eval(engine, questions, llm=True) if engine.llm is not None else None
    if as_json:
        payload = report.as_dict()
        if llm_report is not None:
            payload["llm"] = {**llm_report.as_dict(), **llm, "phrased": llm_report.phrased,
                              "fallbacks": dict(llm_report.fallbacks.most_common())}
        emit_json(payload)
        return
    table = Table(title=f"Evaluation on {len(questions)} gold questions")
    table.add_column("metric")
    table.add_column("offline" if llm_report else "value", justify="right")
    if llm_report is not None:
        table.add_column(f"LLM ({llm['model']})", justify="right")
    llm_rows = llm_report.summary() if llm_report is not None else {}
    for name, value in report.summary().items():
        table.add_row(name, value, *([llm_rows[name]] if llm_report else []))
    if llm_report is not None:
        answered = len(questions)
        table.add_row("answers written by the LLM", "—", f"{llm_report.phrased} of {answered}")
        for kind, count in llm_report.fallbacks.most_common():
            table.add_row(f"offline answer kept: {FALLBACK_LABELS.get(kind, kind)}", "—",
                          str(count))
    out.print(table)
    by = Table(title="Right answers by language and kind (offline)")
    for column in ("", "questions", "right", "accuracy"):
        by.add_column(column, justify="left" if not column else "right")
    for key, label in (("lang", "language"), ("kind", "kind")):
        for name, row in report.breakdown(key).items():
            by.add_row(f"{label} {name}", str(row["questions"]), str(row["right"]),
                       f"{row['accuracy']:.3f}")
    out.print(by)
    for failure in report.failures:
        out.print(labelled("fail", "yellow", failure))
    for failure in llm_report.failures if llm_report else []:
        if failure not in report.failures:  # the LLM path's own failures only
            out.print(labelled("fail (LLM)", "yellow", failure))


def evaluate_events(corpora: list[str], *, details: bool, as_json: bool, verbose: bool) -> None:
    from datetime import date as _date

    from index.companies import CompanyTable
    from index.evaluate_events import evaluate_corpus

    setup_logging(verbose)
    settings = load_settings(None)
    try:
        table = CompanyTable.load(settings.companies_file)
        reports = [evaluate_corpus(name, table, languages=settings.languages,
                                   today=_date.today()) for name in corpora]
    except ValueError as error:
        error_line(error)
        raise typer.Exit(EXIT_USAGE) from None
    if as_json:
        for report in reports:
            emit_json(report.as_dict() if details else report.summary(), one_line=True)
        return
    table_out = Table(title="Layoff ledger against gold events")
    table_out.add_column("metric")
    for report in reports:
        table_out.add_column(report.corpus, justify="right")
    for key in list(reports[0].summary())[1:]:
        table_out.add_row(key.replace("_", " "), *(str(r.summary()[key]) for r in reports))
    out.print(table_out)
    for report in reports if details else []:
        for kind, items in report.as_dict()["details"].items():
            for item in items:
                out.print(Text(f"{report.corpus} {kind.replace('_', ' ')}: {item}"))


FALLBACK_LABELS = {
    "not_sent": "refused offline, not sent", "timeout": "timeout", "connection": "unreachable",
    "http_error": "HTTP error", "bad_response": "malformed reply", "refusal": "model refused",
    "truncated": "cut at LLM_MAX_TOKENS", "empty": "empty", "too_long": "too long",
    "bad_citation": "citation out of range", "no_citation": "no citation",
    "unsupported_number": "number not in a cited source", "missing_figure": "figure left out",
    "link": "link or mention", "language": "wrong language",
    "unsupported_date": "date not in a cited source", "check_error": "a check failed to run",
}


def main() -> None:
    app()


if __name__ == "__main__":
    main()
