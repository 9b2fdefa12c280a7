"""Re-indexing a folder touches only what lies under it, not a sibling whose name starts the
same way ("arch" and "archive2")."""

from __future__ import annotations

from pathlib import Path

from index.engine import Engine

TEXT = ("{c} said on Tuesday it would cut about {n} jobs, roughly a tenth of its staff, "
        "as it reorganises its sales teams.\n")


def test_reindexing_a_folder_leaves_a_sibling_with_a_longer_name_alone(
        fresh_engine: Engine, tmp_path: Path) -> None:
    arch, archive2 = tmp_path / "arch", tmp_path / "archive2"
    for folder, company, n in ((arch, "Acme", 300), (archive2, "Globex", 450)):
        folder.mkdir()
        (folder / "a.md").write_text(TEXT.format(c=company, n=n), encoding="utf-8")
    fresh_engine.index([arch])
    fresh_engine.index([archive2])
    assert fresh_engine.stats().articles == 2
    (arch / "a.md").unlink()
    (arch / "b.md").write_text(TEXT.format(c="Initech", n=120), encoding="utf-8")
    report = fresh_engine.index([arch])
    assert report.removed == 1  # arch/a.md only
    assert fresh_engine.stats().articles == 2
    assert set(fresh_engine.catalog.sources_under([str(archive2.resolve())])) == {
        str((archive2 / "a.md").resolve())}
    assert set(fresh_engine.catalog.sources_under([str(arch.resolve())])) == {
        str((arch / "b.md").resolve())}


def test_a_file_and_its_json_lines_records_are_under_the_file(
        fresh_engine: Engine, tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        '{"text": "' + TEXT.format(c="Acme", n=300).strip() + '"}\n'
        '{"text": "' + TEXT.format(c="Globex", n=450).strip() + '"}\n', encoding="utf-8")
    (tmp_path / "feed.jsonl.bak.md").write_text(TEXT.format(c="Initech", n=80),
                                                 encoding="utf-8")
    fresh_engine.index([tmp_path])
    under = fresh_engine.catalog.sources_under([str(feed.resolve())])
    assert len(under) == 2 and all("#L" in s for s in under)
