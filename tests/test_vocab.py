"""The per-language vocabulary reader (index/vocab.py) and its data files."""

from __future__ import annotations

import pytest

from index import vocab


@pytest.fixture
def extra_lang_dir(tmp_path, monkeypatch):
    monkeypatch.setenv(vocab.ENV_DIRS, str(tmp_path))
    vocab.reload()
    yield tmp_path
    monkeypatch.delenv(vocab.ENV_DIRS)
    vocab.reload()


def test_packaged_languages():
    assert {"en", "fr", "de", "es"} <= set(vocab.languages())


@pytest.mark.parametrize("code", ["en", "fr", "de", "es"])
def test_every_language_has_twelve_months_seven_days_four_seasons(code):
    voc = vocab.vocabulary(code)
    assert voc.code == code
    assert set(voc.mapping("months").values()) == set(range(1, 13))
    assert set(voc.mapping("weekdays").values()) == set(range(7))
    assert set(voc.mapping("seasons").values()) == {3, 6, 9, 12}
    assert all(k == k.lower() for k in voc.mapping("months"))


def test_lookup_is_by_two_letter_code_and_cached():
    assert vocab.vocabulary("DE-at") is vocab.vocabulary("de")
    assert vocab.vocabulary("de").mapping("months")["märz"] == 3


def test_missing_language_and_table_are_empty():
    assert vocab.vocabulary("xx").mapping("months") == {}
    assert vocab.vocabulary("de").words("no_such_table", "verbs") == ()


def test_read_only():
    months = vocab.vocabulary("en").mapping("months")
    with pytest.raises(TypeError):
        months["smarch"] = 13  # type: ignore[index]


def test_a_new_language_is_a_file(extra_lang_dir):
    (extra_lang_dir / "it.toml").write_text(
        '[language]\nname = "Italian"\n[months]\ngennaio = 1\nmarzo = 3\n'
        '[cuts]\nverbs = ["taglia"]\n', encoding="utf-8")
    vocab.reload()
    assert "it" in vocab.languages()
    it = vocab.vocabulary("it")
    assert it.name == "Italian"
    assert it.mapping("months")["marzo"] == 3
    assert it.words("cuts", "verbs") == ("taglia",)


def test_a_bad_file_is_named(extra_lang_dir):
    (extra_lang_dir / "it.toml").write_text("[months\n", encoding="utf-8")
    vocab.reload()
    with pytest.raises(vocab.VocabularyError, match=r"it\.toml"):
        vocab.vocabulary("it")
