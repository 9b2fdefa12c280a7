"""Local sources added from Discord stay under SOURCE_ROOTS: no '..' or link escape, at add
time and again at every re-index. The CLI stays unrestricted (real files, real SQLite)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from bot.client import LayoffsBot
from index.engine import Engine
from index.registry import SourceError, check_under_roots
from tests.discord_harness import DiscordHarness

from .conftest import MINI, make_settings


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """root/ (SOURCE_ROOTS) with one article folder, and outside/ with a secret article."""
    (tmp_path / "root" / "articles").mkdir(parents=True)
    shutil.copy(MINI / "meta-en.md", tmp_path / "root" / "articles")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.md").write_text(
        "---\ntitle: Internal memo\n---\nInternal memo: Globex will cut 777 jobs in its "
        "payroll department next spring, the memo says, and nobody outside may know.\n")
    return tmp_path


def outside_message(location: str, root: Path) -> str:
    return (f"{location}: outside SOURCE_ROOTS ({root.resolve()}) once links and '..' are "
            "resolved; only folders under them can be added from Discord")


def test_a_folder_under_a_root_is_added_and_remembers_its_roots(fresh_engine: Engine,
                                                                tree: Path) -> None:
    root = tree / "root"
    source = fresh_engine.registry.add(str(root / "articles"), roots=[root])
    assert source.location == str((root / "articles").resolve())
    assert json.loads(source.state) == {"roots": [str(root.resolve())]}
    single = fresh_engine.registry.add(str(root / "articles" / "meta-en.md"), roots=[root])
    assert single.kind == "path"


@pytest.mark.parametrize("escape", ["../outside", "articles/../../outside",
                                    "../outside/secret.md", "../missing"])
def test_dot_dot_cannot_leave_the_root(fresh_engine: Engine, tree: Path, escape: str) -> None:
    root = tree / "root"
    location = f"{root}/{escape}"
    with pytest.raises(SourceError) as caught:
        fresh_engine.registry.add(location, roots=[root])
    # the same answer whether the path exists or not: nothing outside can be probed
    assert str(caught.value) == outside_message(location, root)
    assert fresh_engine.registry.all() == []


def test_a_link_out_of_the_root_is_refused(fresh_engine: Engine, tree: Path) -> None:
    root = tree / "root"
    (root / "shortcut").symlink_to(tree / "outside", target_is_directory=True)
    (root / "secret-link.md").symlink_to(tree / "outside" / "secret.md")
    for link in (root / "shortcut", root / "secret-link.md", root / "shortcut" / "secret.md"):
        with pytest.raises(SourceError) as caught:
            fresh_engine.registry.add(str(link), roots=[root])
        assert str(caught.value) == outside_message(str(link), root)


def test_a_folder_holding_a_link_out_of_the_root_is_refused(fresh_engine: Engine,
                                                            tree: Path) -> None:
    root = tree / "root"
    link = root / "articles" / "leak.md"
    link.symlink_to(tree / "outside" / "secret.md")
    with pytest.raises(SourceError) as caught:
        fresh_engine.registry.add(str(root / "articles"), roots=[root])
    assert str(caught.value) == (
        f"{root / 'articles'}: {(root / 'articles').resolve() / 'leak.md'} "
        f"is a link to a file outside SOURCE_ROOTS ({root.resolve()}); remove the link, or ask "
        "the bot's operator to index it from the shell")


def test_links_that_stay_inside_the_roots_are_fine(fresh_engine: Engine, tree: Path) -> None:
    root = tree / "root"
    (root / "alias").symlink_to(root / "articles", target_is_directory=True)
    (root / "articles" / "same.md").symlink_to(root / "articles" / "meta-en.md")
    source = fresh_engine.registry.add(str(root / "alias"), roots=[root])
    assert source.location == str((root / "articles").resolve())


def test_a_root_given_through_a_link_is_resolved_too(fresh_engine: Engine, tree: Path) -> None:
    (tree / "root-link").symlink_to(tree / "root", target_is_directory=True)
    source = fresh_engine.registry.add(str(tree / "root" / "articles"), roots=[tree / "root-link"])
    assert json.loads(source.state)["roots"] == [str((tree / "root").resolve())]


@pytest.mark.parametrize("kind", ["link loop", "NUL byte"])
def test_unusable_paths_get_a_clear_refusal(fresh_engine: Engine, tree: Path, kind: str) -> None:
    root = tree / "root"
    if kind == "link loop":
        (root / "a").symlink_to(root / "b")
        (root / "b").symlink_to(root / "a")
        location = str(root / "a")
    else:
        location = f"{root}/articles\x00/etc"
    with pytest.raises(SourceError) as caught:
        fresh_engine.registry.add(location, roots=[root])
    assert str(caught.value).startswith(f"{location}: not a usable path (")
    assert str(caught.value).endswith(f"); give a folder under SOURCE_ROOTS ({root.resolve()})")


def test_no_roots_means_no_local_paths(fresh_engine: Engine, tree: Path) -> None:
    location = str(tree / "root" / "articles")
    with pytest.raises(SourceError) as caught:
        fresh_engine.registry.add(location, roots=[])
    assert str(caught.value) == (
        f"{location}: local folders cannot be added from Discord, SOURCE_ROOTS is not set; add "
        "a web address instead, or ask the bot's operator to set SOURCE_ROOTS or to run "
        "`layoffs sources add` on the bot's machine")
    fresh_engine.registry.add("https://news.example.com/feed.xml", roots=[])  # URLs still go


def test_the_cli_way_is_not_restricted(fresh_engine: Engine, tree: Path) -> None:
    source = fresh_engine.registry.add(str(tree / "outside"))  # roots=None: the shell's user
    assert source.state == "{}"
    fresh_engine.registry.check_local(source)  # never refused later either


def test_the_cli_command_ignores_source_roots(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from bot.cli import app

    monkeypatch.setenv("SOURCE_ROOTS", str(tree / "root"))
    added = CliRunner().invoke(app, ["sources", "add", str(tree / "outside"), "--name", "memo",
                                     "--data-dir", str(tree / "data")])
    assert added.exit_code == 0, added.output
    assert "Added source #1 (memo)" in added.stdout


def test_reindex_checks_again_and_keeps_what_was_indexed(fresh_engine: Engine,
                                                         tree: Path) -> None:
    """A folder swapped for a link after it was added is refused at the next re-index; the
    articles it had brought stay, the outside ones never come in."""
    root = tree / "root"
    folder = root / "articles"
    source = fresh_engine.registry.add(str(folder), roots=[root])
    [(_, first)] = fresh_engine.reindex()
    assert first.added == 1

    shutil.rmtree(folder)
    folder.symlink_to(tree / "outside", target_is_directory=True)
    [(_, second)] = fresh_engine.reindex()
    assert second.added == 0 and second.removed == 0
    status = fresh_engine.registry.get(source.id).last_status  # type: ignore[union-attr]
    assert status == "failed: " + outside_message(source.location, root)
    assert fresh_engine.stats().articles == 1
    sources = set(fresh_engine.catalog.sources_under([str(tree)]))
    assert sources == {str(tree / "root" / "articles" / "meta-en.md")}


def test_reindex_refuses_a_link_planted_in_the_folder_later(fresh_engine: Engine,
                                                            tree: Path) -> None:
    root = tree / "root"
    source = fresh_engine.registry.add(str(root / "articles"), roots=[root])
    (root / "articles" / "leak.md").symlink_to(tree / "outside" / "secret.md")
    [(_, report)] = fresh_engine.reindex()
    assert report.added == 0
    status = fresh_engine.registry.get(source.id).last_status  # type: ignore[union-attr]
    assert status is not None and "leak.md is a link to a file outside SOURCE_ROOTS" in status
    assert fresh_engine.stats().articles == 0


def test_check_under_roots_accepts_several_roots(tree: Path) -> None:
    other = tree / "other"
    other.mkdir()
    assert check_under_roots(str(tree / "root" / "articles"), [other, tree / "root"]) == [
        other.resolve(), (tree / "root").resolve()]
    with pytest.raises(SourceError, match=f"SOURCE_ROOTS \\({other.resolve()}:"):
        check_under_roots(str(tree / "outside"), [other, tree / "root"])


def test_source_roots_from_the_environment(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_ROOTS", f"{tree / 'root'}:{tree / 'other'}")
    settings = make_settings(tree / "data")
    assert settings.source_roots == [tree / "root", tree / "other"]


# --------------------------------------------------------------------------- from Discord

async def test_discord_admins_are_held_to_source_roots(fresh_engine: Engine, tree: Path,
                                                       httpserver: HTTPServer) -> None:
    root = tree / "root"
    settings = make_settings(tree / "bot", ask_cooldown_seconds=0, source_roots=[root])
    bot = LayoffsBot(settings, fresh_engine)
    async with DiscordHarness(bot, settle_timeout=60) as h:
        async def add(location: str) -> str:
            inter = await h.slash("source", {"location": location}, subcommand="add",
                                  user=h.moderator)
            [reply] = h.recorder.answers(inter)
            return str(reply.json["content"])

        outside = f"{root}/../outside"
        assert await add(outside) == "Not added: " + outside_message(outside, root)
        inside = await add(str(root / "articles"))
        assert inside.startswith("Added source #1 (articles)")
        loopback = f"http://127.0.0.1:{httpserver.port}/feed.xml"
        assert await add(loopback) == (
            f"Not added: {loopback}: refused: 127.0.0.1 is a loopback address; the bot does "
            "not fetch private, loopback or link-local addresses (FETCH_ALLOW_PRIVATE is off)")
    assert [s.location for s in fresh_engine.registry.all()] == [str(root / "articles")]
    assert httpserver.log == []


async def test_without_source_roots_discord_admins_add_urls_only(fresh_engine: Engine,
                                                                 tree: Path) -> None:
    settings = make_settings(tree / "bot", ask_cooldown_seconds=0)
    async with DiscordHarness(LayoffsBot(settings, fresh_engine), settle_timeout=60) as h:
        inter = await h.slash("source", {"location": str(tree / "root" / "articles")},
                              subcommand="add", user=h.moderator)
        [reply] = h.recorder.answers(inter)
        assert "SOURCE_ROOTS is not set" in reply.json["content"]
        assert reply.response["flags"] & 64, "the refusal is private"
    assert fresh_engine.registry.all() == []
