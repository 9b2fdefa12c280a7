"""Files people really have (issue 12): front matter that is not strict YAML, legacy and UTF-16
encodings, Windows line ends, pages without a site name, and symbolic links.

No article is dropped for its metadata or its encoding: a file read despite a flaw gets one
warning line naming it and saying what was done; only a truly binary file is refused, and a
link is followed only where it stays inside the folder being indexed (or SOURCE_ROOTS for a
source added from Discord). tests/fixtures/flawed holds one file per flaw, byte for byte; links
are made in tmp_path by the tests. End to end on the real Engine, model and Chroma.
"""

from __future__ import annotations

import codecs
import logging
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from index.engine import Engine
from index.ingest import (
    RawDoc,
    load_articles,
    read_file,
    read_front_matter,
    read_html,
    to_article,
)

from .conftest import FIXTURES, MINI

FLAWED = FIXTURES / "flawed"
LANGS = ("en", "fr")
CAP = 1_000_000

# Each fixture file, and whether it gets a warning: a guessed encoding or flawed front matter
# does; a file that is read exactly as written (a byte-order mark, CRLF line ends, a declared
# charset, a page without a site name) has nothing to fix and gets none.
WARNED = {
    "zoom-colons.md": "line 2 is not valid YAML",
    "societe-latin1.txt": "read as Latin-1",
    "cp1252-quotes.md": "read as Windows-1252",
    "utf16-be-nobom.md": "read as UTF-16 BE",
    "utf16-le-nobom.txt": "read as UTF-16 LE",
    "unclosed-front-matter.md": "no closing '---' line",
    "unreadable-front-matter.md": "line 2 is neither YAML nor a 'key: value' line",
}
QUIET = {"utf16-le-bom.txt", "utf8-bom.md", "crlf-windows.md", "no-sitename.html",
         "declared-latin1.html"}

BODY = ("Société Générale va supprimer 900 postes en France, a annoncé la direction jeudi.\n"
        "« C’est une décision brutale… », dit un syndicaliste — coût : 80 M€.\n")


def load(*paths: Path):  # type: ignore[no-untyped-def]
    return load_articles(list(paths), languages=LANGS, max_bytes=CAP)


def by_name(result) -> dict:  # type: ignore[no-untyped-def]
    return {Path(a.source).name: a for a in result.articles}


def table_value(stdout: str, label: str) -> str:
    """The value next to ``label`` in a rich two-column table (unicode or ASCII borders)."""
    match = re.search(rf"(?m)^\W*{re.escape(label)}[\s│|]+(\S+)", stdout)
    assert match, f"no {label!r} row in:\n{stdout}"
    return match.group(1)


def ingest_warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records
            if r.name == "index.ingest" and r.levelno == logging.WARNING]


@pytest.fixture
def flawed(tmp_path: Path) -> Path:
    """A copy of the flawed folder, with a link to a secret article outside it."""
    folder = tmp_path / "articles"
    shutil.copytree(FLAWED, folder)
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.md").write_text(
        "Internal memo: Globex will cut 777 jobs in its payroll department next spring, the "
        "memo says, and nobody outside may know.\n", encoding="utf-8")
    (folder / "leak.md").symlink_to(tmp_path / "outside" / "secret.md")
    return folder


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


# --------------------------------------------------------------------------- encodings


@pytest.mark.parametrize(("name", "data"), [
    ("UTF-8 with a BOM and CRLF", codecs.BOM_UTF8 + BODY.replace("\n", "\r\n").encode()),
    ("UTF-16 LE with a BOM", codecs.BOM_UTF16_LE + BODY.encode("utf-16-le")),
    ("UTF-16 BE with a BOM", codecs.BOM_UTF16_BE + BODY.encode("utf-16-be")),
    ("UTF-16 LE without a BOM", BODY.encode("utf-16-le")),
    ("UTF-16 BE without a BOM, CRLF", BODY.replace("\n", "\r\n").encode("utf-16-be")),
    ("UTF-32 with a BOM", BODY.encode("utf-32")),
    ("Windows-1252", BODY.encode("cp1252")),
    ("Windows-1252, old Mac line ends", BODY.replace("\n", "\r").encode("cp1252")),
])
def test_each_encoding_is_read_as_written(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(data)
    [doc] = read_file(path, max_bytes=CAP)
    assert doc.text == BODY, name  # "Société", "’", "…", "—", "€", and \n line ends


def test_latin1_and_windows_1252_are_told_apart_by_0x80_to_0x9f(tmp_path: Path) -> None:
    # Latin-1 has only control characters in 0x80-0x9f, Windows-1252 has ’ “ ” … – € there:
    # 0x85 read as Latin-1 would be NEL, a line break that cuts "difficile…" in two
    (tmp_path / "cp1252.md").write_bytes(
        b"L\x92entreprise supprime 185 postes \x96 une \xe9conomie de 200 M\x80 \x93difficile"
        b"\x85\x94, dit-elle.\n")
    (tmp_path / "latin1.md").write_bytes(
        "Société Générale supprime 900 postes à Paris, a annoncé la direction jeudi.\n"
        .encode("latin-1"))
    result = load(tmp_path)
    articles = by_name(result)
    assert articles["cp1252.md"].text == (
        "L’entreprise supprime 185 postes – une économie de 200 M€ “difficile…”, dit-elle.")
    assert articles["latin1.md"].text == (
        "Société Générale supprime 900 postes à Paris, a annoncé la direction jeudi.")
    notes = {Path(w.source).name: w.message for w in result.warnings}
    assert "read as Windows-1252" in notes["cp1252.md"]
    assert "read as Latin-1" in notes["latin1.md"]
    assert not result.skipped


@pytest.mark.parametrize(("name", "data"), [
    ("PNG", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)),
    ("zip", b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256)) * 4),
    ("NULs on one side, control characters", b"\x00\x01\x02PK\x03\x04" * 50),
    ("no NUL, control characters", bytes(range(1, 32)) * 40),
])
def test_only_truly_binary_files_are_refused(tmp_path: Path, name: str, data: bytes) -> None:
    (tmp_path / "utf16.md").write_bytes(
        "Spotify will cut about 1,500 jobs, its chief executive said.\n".encode("utf-16-le"))
    (tmp_path / "binary.md").write_bytes(data)
    result = load(tmp_path)
    assert list(by_name(result)) == ["utf16.md"], name  # UTF-16 is text, not "binary"
    [skipped] = result.skipped
    assert Path(skipped.source).name == "binary.md"
    assert "binary file" in skipped.reason and "remove it" in skipped.reason


# --------------------------------------------------------------------------- front matter


def test_unquoted_colons_keep_the_article_and_its_metadata(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "zoom.md").write_text(
        "---\nlang: en\ntitle: Layoffs at Zoom: what we know so far | Live\n"
        "outlet: \"Example: News\"\npublished: '2023-02-07'\nsection: tech\n---\n"
        "Zoom will cut about 1,300 jobs, roughly 15% of its workforce, its chief executive "
        "said on Tuesday.\n", encoding="utf-8")
    caplog.set_level(logging.WARNING, logger="index.ingest")
    result = load(tmp_path)
    [article] = result.articles
    assert article.title == "Layoffs at Zoom: what we know so far | Live"
    assert article.outlet == "Example: News"  # quotes around a value dropped
    assert str(article.published) == "2023-02-07" and article.lang == "en"
    assert dict(article.extra) == {"section": "tech"}
    assert article.text.startswith("Zoom will cut")
    [warning] = ingest_warnings(caplog)
    assert warning.startswith(f"{tmp_path / 'zoom.md'}: front matter: line 3 is not valid YAML")
    assert "\n" not in warning and "quotes" in warning


@pytest.mark.parametrize(("name", "front"), [
    ("unclosed", "---\ntitle: PayPal to cut 2,500 jobs\nlang: en\n"),
    ("neither YAML nor lines", "---\n[draft, do not publish\n---\n"),
    ("nested too deeply", "---\n" + "[" * 3000 + "\n---\n"),
    ("a key too long to print", "---\n? 0b" + "1" * 20000 + "\n: x\n---\n"),
])
def test_front_matter_that_cannot_be_read_leaves_the_text(
        tmp_path: Path, caplog: pytest.LogCaptureFixture, name: str, front: str) -> None:
    text = ("PayPal will cut about 2,500 jobs, roughly 9% of its workforce, its chief executive "
            "told employees on Tuesday.\n")
    (tmp_path / "a.md").write_text(front + text, encoding="utf-8")
    caplog.set_level(logging.WARNING, logger="index.ingest")
    result = load(tmp_path)
    [article] = result.articles
    assert not result.skipped, name
    assert "PayPal will cut about 2,500 jobs" in article.text
    [warning] = ingest_warnings(caplog)
    assert warning.startswith(f"{tmp_path / 'a.md'}: front matter")
    assert "read the whole file as text" in warning and "\n" not in warning


def test_a_value_that_cannot_be_used_is_left_out_not_the_article(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "a.md").write_text(
        "---\ntitle: Meta cuts 11,000 jobs\npublished: last Tuesday\nauthor: 0b" + "1" * 20000
        + "\n---\nPublished: 2022-11-09\nMeta will cut 11,000 jobs, about 13% of its staff, "
        "Mark Zuckerberg said.\n", encoding="utf-8")
    caplog.set_level(logging.WARNING, logger="index.ingest")
    [article] = load(tmp_path).articles
    assert article.title == "Meta cuts 11,000 jobs"
    assert str(article.published) == "2022-11-09"  # from the byline instead
    assert "author" not in article.extra
    [warning] = ingest_warnings(caplog)  # one line for the file, saying both
    assert "published 'last Tuesday' is not a date: left out" in warning
    assert "metadata 'author' is a number too long to read" in warning


def test_to_article_never_raises_for_metadata() -> None:
    raw = RawDoc("Amazon will cut 9,000 jobs in its cloud unit, the company said on Monday.",
                 "feed.jsonl#L3", {"published": "2023-13-45"}, plain=True)
    notes: list[str] = []
    article = to_article(raw, languages=LANGS, boilerplate=(), notes=notes)
    assert article.published is None
    assert notes == ["published '2023-13-45' is not a date: left out, the date is read from "
                     "the text instead; write it as YYYY-MM-DD"]


def test_read_front_matter_names_the_line_it_could_not_read() -> None:
    front = read_front_matter("---\nurl: https://x.example\ntitle: A: b\n---\nBody.")
    assert front.meta == {"url": "https://x.example", "title": "A: b"}
    assert front.body == "Body." and "line 3" in front.note


# --------------------------------------------------------------------------- links


@pytest.fixture
def linked(tmp_path: Path) -> Path:
    """articles/ with a link of every kind; outside/ with a secret article and folder."""
    articles, outside = tmp_path / "articles", tmp_path / "outside"
    (articles / "sub").mkdir(parents=True)
    (outside / "dir").mkdir(parents=True)
    shutil.copy(MINI / "meta-en.md", articles / "real.md")
    shutil.copy(MINI / "spotify-en.md", articles / "sub" / "inner.md")
    (outside / "secret.md").write_text(
        "Internal memo: Globex will cut 777 jobs in its payroll department next spring, the "
        "memo says, and nobody outside may know.\n", encoding="utf-8")
    shutil.copy(MINI / "amazon-en.md", outside / "dir" / "other.md")
    (articles / "same.md").symlink_to("real.md")  # a file inside: read once
    (articles / "alias").symlink_to("sub", target_is_directory=True)  # a folder inside
    (articles / "up").symlink_to("..", target_is_directory=True)  # out, and a loop
    (articles / "leak.md").symlink_to(outside / "secret.md")
    (articles / "outdir").symlink_to(outside / "dir", target_is_directory=True)
    (articles / "loop-a.md").symlink_to("loop-b.md")
    (articles / "loop-b.md").symlink_to("loop-a.md")
    (articles / "gone.md").symlink_to("missing.md")
    if Path("/etc/shadow").exists():
        (articles / "shadow.md").symlink_to("/etc/shadow")
    return articles


def test_links_are_followed_only_inside_the_folder_being_indexed(
        linked: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="index.ingest")
    result = load(linked)
    assert sorted(a.source for a in result.articles) == [
        str(linked / "real.md"), str(linked / "sub" / "inner.md")]  # each once
    outside = linked.parent / "outside"
    reasons = {Path(s.source).name: s.reason for s in result.skipped}
    expected = {
        "leak.md": f"a link to the file {outside / 'secret.md'}, outside the folder being "
                   f"indexed ({linked}): not read; copy the file into it, or index "
                   f"{outside / 'secret.md'} itself",
        "outdir": f"a link to the folder {outside / 'dir'}, outside the folder being indexed "
                  f"({linked}): not read; copy the folder into it, or index {outside / 'dir'} "
                  "itself",
        "up": f"a link to the folder {linked.parent}, outside the folder being indexed",
        "loop-a.md": "a link to loop-b.md, a loop of links: not read; fix or remove the link",
        "loop-b.md": "a link to loop-a.md, a loop of links: not read; fix or remove the link",
        "gone.md": "a link to missing.md, which does not exist: not read; fix or remove the link",
    }
    if (linked / "shadow.md").is_symlink():
        expected["shadow.md"] = "a link to the file /etc/shadow, outside the folder being indexed"
    assert set(reasons) == set(expected)
    for name, reason in expected.items():
        assert reasons[name].startswith(reason), name
    assert all(s.source == str(linked / Path(s.source).name) for s in result.skipped)
    # each one line, in the log too (the bot's log, for a source re-indexed from Discord)
    logged = ingest_warnings(caplog)
    assert sorted(logged) == sorted(f"skipped {s.source}: {s.reason}" for s in result.skipped)


def test_a_link_to_etc_shadow_is_never_indexed(tmp_path: Path, fresh_engine: Engine) -> None:
    if not Path("/etc/shadow").exists():
        pytest.skip("no /etc/shadow on this machine")
    folder = tmp_path / "articles"
    folder.mkdir()
    shutil.copy(MINI / "meta-en.md", folder)
    (folder / "x.md").symlink_to("/etc/shadow")
    report = fresh_engine.index([folder])
    assert report.added == 1
    [skipped] = report.skipped
    assert skipped.source == str(folder / "x.md")
    assert skipped.reason.startswith("a link to the file /etc/shadow, outside the folder")
    assert [a.source for a in fresh_engine.catalog.articles()] == [str(folder / "meta-en.md")]


def test_a_source_from_discord_follows_links_within_source_roots_only(
        tmp_path: Path, fresh_engine: Engine) -> None:
    root, elsewhere = tmp_path / "root", tmp_path / "elsewhere"
    (root / "articles").mkdir(parents=True)
    (root / "shared").mkdir()
    elsewhere.mkdir()
    shutil.copy(MINI / "meta-en.md", root / "articles")
    shutil.copy(MINI / "spotify-en.md", root / "shared" / "common.md")
    shutil.copy(MINI / "amazon-en.md", elsewhere)
    (root / "articles" / "common.md").symlink_to(root / "shared" / "common.md")
    source = fresh_engine.registry.add(str(root / "articles"), roots=[root])
    (root / "articles" / "away").symlink_to(elsewhere, target_is_directory=True)

    [(_, report)] = fresh_engine.reindex()
    assert report.added == 2  # meta-en.md, and common.md through its link inside the roots
    [skipped] = report.skipped
    assert skipped.source == str(root / "articles" / "away")
    assert skipped.reason == (
        f"a link to the folder {elsewhere}, outside SOURCE_ROOTS ({root}): not read; remove "
        "the link, or ask the bot's operator to index it from the shell")
    status = fresh_engine.registry.get(source.id).last_status  # type: ignore[union-attr]
    assert status == f"ok: 2 added, 0 unchanged, 0 removed, 1 skipped ({skipped.reason})"
    assert {Path(a.source).name for a in fresh_engine.catalog.articles()} == {
        "meta-en.md", "common.md"}


# --------------------------------------------------------------------------- end to end


def test_a_folder_of_flawed_files_indexes_every_article_with_one_warning_each(
        flawed: Path, fresh_engine: Engine, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="index.ingest")
    report = fresh_engine.index([flawed])
    names = sorted(p.name for p in FLAWED.iterdir() if not p.name.startswith("."))
    assert set(WARNED) | QUIET == set(names)
    assert report.articles == report.added == len(names)
    [skipped] = report.skipped  # the link out, nothing else
    assert skipped.source == str(flawed / "leak.md")
    assert skipped.reason.startswith(f"a link to the file {flawed.parent / 'outside'}")

    warnings = ingest_warnings(caplog)
    assert all("\n" not in w for w in warnings)
    for name in names:
        mine = [w for w in warnings if w.startswith(f"{flawed / name}: ")]
        if name in WARNED:
            assert len(mine) == 1 and WARNED[name] in mine[0], (name, mine)
        else:
            assert mine == [], name
    assert len(warnings) == len(WARNED) + 1  # and the link's own line

    stored = {Path(a.source).name: a for a in fresh_engine.catalog.articles()}
    assert set(stored) == set(names)
    assert stored["zoom-colons.md"].title == "Layoffs at Zoom: what we know so far | Live"
    assert stored["zoom-colons.md"].outlet == "example-news.com"
    assert "Société Générale va supprimer environ 900 postes" in stored["societe-latin1.txt"].text
    assert stored["cp1252-quotes.md"].title == "L’éditeur Ubisoft supprime 185 postes"
    assert "200 M€ par an" in stored["cp1252-quotes.md"].text
    assert "« C’est une décision difficile… mais nécessaire »" in stored["cp1252-quotes.md"].text
    assert stored["utf16-be-nobom.md"].title == "Salesforce supprime 10 % de ses effectifs"
    assert "l’éditeur américain" in stored["utf16-be-nobom.md"].text
    assert "music streaming company’s" in stored["utf16-le-bom.txt"].text
    assert "about 6,650 jobs" in stored["utf16-le-nobom.txt"].text
    assert stored["utf8-bom.md"].outlet == "Example Wire"  # front matter after the BOM
    assert stored["crlf-windows.md"].title == "Cisco to lay off over 4,000 employees"
    assert str(stored["crlf-windows.md"].published) == "2024-02-14"
    assert "\r" not in "".join(a.text + a.title for a in stored.values())
    assert "PayPal will cut about 2,500 jobs" in stored["unclosed-front-matter.md"].text
    assert "Snap will cut about 10%" in stored["unreadable-front-matter.md"].text
    assert stored["no-sitename.html"].outlet == ""
    assert stored["declared-latin1.html"].outlet == "actu-exemple.fr"
    assert "coût de l’énergie « intenable »" in stored["declared-latin1.html"].text
    assert "777" not in " ".join(a.text for a in stored.values())  # the secret stayed out


@pytest.mark.usefixtures("quiet_loggers")
def test_layoffs_index_on_the_flawed_folder(flawed: Path, tmp_path: Path) -> None:
    """The documented exit code (1: some files skipped, here the link out and a page that is
    not an article), every article indexed, and no library's log line on the terminal."""
    from index.cli import app

    (flawed / "not-an-article.html").write_bytes(b"<html><body><div><p>")
    result = CliRunner().invoke(app, ["index", str(flawed), "--data-dir", str(tmp_path / "d")])
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert table_value(result.stdout, "articles added") == "12"
    assert table_value(result.stdout, "files skipped") == "2"
    stdout = " ".join(result.stdout.split())
    assert f"skipped {flawed / 'leak.md'}: a link to the file" in stdout
    assert f"skipped {flawed / 'not-an-article.html'}: no article text found" in stdout
    assert "discarding data" not in result.stderr  # trafilatura's "WARNING discarding data: None"
    assert "Traceback" not in result.stderr


def test_an_undated_page_gets_no_date_invented_from_a_year_in_its_text(tmp_path: Path) -> None:
    """Two real undated pages of the news corpus (SAYS on Grab, Golem on Siemens): trafilatura's
    extensive date search made "2020-01-01" out of "the last time Grab cut jobs was in 2020".
    Dated pages keep their markup's date."""
    from index.ingest import read_html

    articles = Path(__file__).resolve().parents[1] / "corpora" / "news" / "dev" / "articles"
    for name in ("grab-undated-says-en.html", "siemens-undated-golem-de.html"):
        raw = read_html((articles / name).read_bytes(), name)
        assert not raw.meta["published"], name
    dated = read_html((articles / "glovo-2023-01-30-gestion-es.html").read_bytes(), "g")
    assert str(dated.meta["published"]).startswith("2023-01-30")
