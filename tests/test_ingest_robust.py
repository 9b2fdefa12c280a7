"""Files people really have (issue 12), end to end on the real Engine, model and Chroma.

The outlet is the site (its declared name, else its domain), never the page's title; a
library's own log lines about a page stay off the user's terminal.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from index.engine import Engine
from index.ingest import (
    RawDoc,
    read_html,
    to_article,
)

from .conftest import FIXTURES

FLAWED = FIXTURES / "flawed"
LANGS = ("en", "fr")


# --------------------------------------------------------------------------- outlets


def page(title: str, head: str = "") -> bytes:
    return (f"<html lang='en'><head><title>{title}</title>{head}</head><body><article>"
            "<h1>Globex to lay off over 1.200 employees</h1><p>Globex Corporation will lay off "
            "more than 1,200 employees across its European sites, the company told staff on "
            "Friday, blaming weaker demand.</p></article></body></html>").encode()


@pytest.mark.parametrize(("head", "outlet"), [
    ("", ""),  # trafilatura took "Globex to lay off over 1.200 employees" from the <title>
    ("<link rel='canonical' href='https://www.lemonde.fr/economie/globex'>", "lemonde.fr"),
    ("<meta property='og:url' content='https://news.example.co.uk/globex'>", "news.example.co.uk"),
    ("<meta property='og:site_name' content='Live updates'>", "Live updates"),  # declared
    ("<script type='application/ld+json'>{\"@context\": \"https://schema.org\", \"@type\": "
     "\"NewsArticle\", \"publisher\": {\"@type\": \"Organization\", \"name\": \"Live updates\"}}"
     "</script>", "Live updates"),
])
def test_the_outlet_is_the_site_never_the_title(head: str, outlet: str) -> None:
    raw = read_html(page("Globex to lay off over 1.200 employees : Live updates", head), "a.html")
    article = to_article(raw, languages=LANGS, boilerplate=())
    assert article.title == "Globex to lay off over 1.200 employees"
    assert article.outlet == outlet


def test_a_quote_from_a_page_without_a_site_name_is_not_introduced_by_its_title(
        tmp_path: Path, fresh_engine: Engine) -> None:
    # "Company to lay off over N employees écrit, en anglais : « … »" (issue 12)
    shutil.copy(FLAWED / "no-sitename.html", tmp_path)
    assert fresh_engine.index([tmp_path / "no-sitename.html"]).added == 1
    answer = fresh_engine.ask("Pourquoi Globex supprime-t-il des emplois ?", llm=False)
    assert "Une source écrit, en anglais : « Globex Corporation will lay off" in answer.text
    assert "employees écrit" not in answer.text


def test_a_malformed_url_gives_no_outlet_not_an_error() -> None:
    # urlparse raises ValueError on "http://[::1": one JSON Lines record stopped a whole run
    raw = RawDoc("Amazon will cut 9,000 jobs in its cloud unit, the company said on Monday.",
                 "feed.jsonl#L3", {"url": "http://[::1"}, plain=True)
    assert to_article(raw, languages=LANGS, boilerplate=()).outlet == ""


# --------------------------------------------------------------------------- library logs


@pytest.fixture
def quiet_loggers() -> Iterator[None]:
    """setup_logging changes the root logger and library levels: put them back afterwards."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    names = ("trafilatura", "trafilatura.core", "htmldate", "courlan")
    levels = {name: logging.getLogger(name).level for name in names}
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    for name, old in levels.items():
        logging.getLogger(name).setLevel(old)


@pytest.mark.usefixtures("quiet_loggers")
@pytest.mark.parametrize("verbose", [False, True])
def test_setup_logging_keeps_library_noise_off_the_terminal(verbose: bool) -> None:
    from index.cli import setup_logging

    setup_logging(verbose)
    for name in ("trafilatura.core", "htmldate", "courlan"):
        assert not logging.getLogger(name).isEnabledFor(logging.WARNING), name
    assert logging.getLogger("index.ingest").isEnabledFor(logging.WARNING)
