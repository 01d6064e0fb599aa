"""Tests for finding, decoding and reading corpus files (`briefing.ingest.sources`, `.text`).

Every input is built in `tmp_path`: the messy cases (wrong encodings, binaries, broken links,
corrupt gzip) are written byte by byte so the tests say exactly what they feed in.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import types
from pathlib import Path
from typing import Any

import pytest

from briefing.errors import CorpusError
from briefing.ingest import sources
from briefing.ingest.rules import (
    DEFAULT_RULES,
    Rules,
    _merge,
    _read_toml,
    build_rules,
    default_rules,
)
from briefing.ingest.sources import SourceFile, discover, fingerprint, read_source
from briefing.ingest.text import clean_line, clean_text, decode_bytes, is_probably_binary
from briefing.models import InputWarning, RawDocument

ARTICLE = "MOSCOW, December 5. /TASS/. Putin and Abe met.\n\nThey talked about the islands.\n"


@pytest.fixture
def rules() -> Rules:
    return default_rules()


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def jsonl(*records: Any) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def read_all(source: SourceFile, rules: Rules) -> tuple[list[RawDocument], list[InputWarning]]:
    docs: list[RawDocument] = []
    warnings: list[InputWarning] = []
    for item in read_source(source, rules):
        if isinstance(item, InputWarning):
            warnings.append(item)
        else:
            docs.append(item)
    return docs, warnings


def only(corpus: Path, key: str) -> SourceFile:
    found, _ = discover(corpus)
    (src,) = [s for s in found if s.key == key]
    return src


def read_file(
    tmp_path: Path, name: str, data: str | bytes, rules: Rules
) -> tuple[list[RawDocument], list[InputWarning]]:
    write(tmp_path / name, data)
    return read_all(only(tmp_path, name), rules)


# ---------------------------------------------------------------------------------------------
# discover


def test_discover_walks_sorted_and_knows_kinds(tmp_path: Path) -> None:
    write(tmp_path / "b.txt", ARTICLE)
    write(tmp_path / "a.jsonl", jsonl({"title": "T", "body": "B"}))
    write(tmp_path / "sub" / "c.text", ARTICLE)
    write(tmp_path / "sub" / "deeper" / "d.jsonl.gz", gzip.compress(b'{"body": "x"}\n'))
    write(tmp_path / "z.ndjson", jsonl({"body": "x"}))
    write(tmp_path / "UPPER.TXT", ARTICLE)
    write(tmp_path / "notes.md", "ignored")
    write(tmp_path / "image.png", b"\x89PNG\r\n\x1a\n\x00\x00")
    write(tmp_path / "briefing.toml", "[limits]\n")

    found, warnings = discover(tmp_path)

    assert warnings == []
    assert [s.key for s in found] == [
        "UPPER.TXT",
        "a.jsonl",
        "b.txt",
        "sub/c.text",
        "sub/deeper/d.jsonl.gz",
        "z.ndjson",
    ]
    assert [s.kind for s in found] == ["text", "jsonl", "text", "text", "jsonl", "jsonl"]
    b = found[2]
    assert b.path == (tmp_path / "b.txt").absolute()
    assert b.path.is_absolute()
    assert b.size == len(ARTICLE.encode())
    assert b.mtime_ns == (tmp_path / "b.txt").stat().st_mtime_ns
    assert discover(tmp_path) == (found, warnings)  # deterministic


def test_discover_skips_hidden_files_and_folders(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", ARTICLE)
    write(tmp_path / ".hidden.txt", ARTICLE)
    write(tmp_path / ".git" / "x.txt", ARTICLE)
    write(tmp_path / "sub" / ".cache" / "y.jsonl", jsonl({"body": "x"}))
    found, warnings = discover(tmp_path)
    assert [s.key for s in found] == ["a.txt"]
    assert warnings == []


def test_single_file_corpus(tmp_path: Path, rules: Rules) -> None:
    path = write(tmp_path / "deep" / "story.txt", ARTICLE)
    found, warnings = discover(path)
    assert warnings == []
    assert [(s.key, s.kind, s.path) for s in found] == [("story.txt", "text", path.absolute())]
    docs, _ = read_all(found[0], rules)
    assert [d.id for d in docs] == ["story"]


def test_single_file_of_unknown_type_warns(tmp_path: Path) -> None:
    path = write(tmp_path / "story.md", ARTICLE)
    found, warnings = discover(path)
    assert found == []
    assert len(warnings) == 1 and warnings[0].path == "story.md"
    assert "not a file type briefing reads" in warnings[0].reason


def test_missing_corpus_is_a_corpus_error(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    with pytest.raises(CorpusError, match="no such corpus folder") as info:
        discover(missing)
    assert str(missing) in str(info.value)
    assert "\n" not in str(info.value)


def test_empty_folder_gives_nothing(tmp_path: Path) -> None:
    assert discover(tmp_path) == ([], [])


def test_empty_file_warns_and_rest_goes_on(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", ARTICLE)
    write(tmp_path / "empty.txt", b"")
    write(tmp_path / "empty.jsonl", b"")
    found, warnings = discover(tmp_path)
    assert [s.key for s in found] == ["a.txt"]
    assert {(w.path, w.reason) for w in warnings} == {
        ("empty.jsonl", "empty file, skipped"),
        ("empty.txt", "empty file, skipped"),
    }


def test_enormous_text_file_warns_but_jsonl_is_exempt(tmp_path: Path) -> None:
    write(tmp_path / "small.txt", "short")
    write(tmp_path / "big.txt", "x" * 100)
    write(tmp_path / "big.jsonl", jsonl({"body": "y" * 100}))
    found, warnings = discover(tmp_path, max_file_bytes=50)
    assert [s.key for s in found] == ["big.jsonl", "small.txt"]
    assert [w.path for w in warnings] == ["big.txt"]
    assert "too large" in warnings[0].reason and "100 bytes" in warnings[0].reason


def test_read_source_applies_the_rules_size_limit(tmp_path: Path) -> None:
    write(tmp_path / "big.txt", "x" * 100)
    small = build_rules(_merge(_read_toml(DEFAULT_RULES), {"limits": {"max_file_bytes": 50}}))
    docs, warnings = read_all(only(tmp_path, "big.txt"), small)
    assert docs == []
    assert [w.path for w in warnings] == ["big.txt"]
    assert "too large" in warnings[0].reason


def test_unreadable_file_warns(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", ARTICLE)
    secret = write(tmp_path / "secret.txt", ARTICLE)
    secret.chmod(0)
    try:
        if os.access(secret, os.R_OK):
            pytest.skip("running with privileges that read any file (root)")
        found, warnings = discover(tmp_path)
    finally:
        secret.chmod(0o644)
    assert [s.key for s in found] == ["a.txt"]
    assert [w.path for w in warnings] == ["secret.txt"]
    assert "cannot read" in warnings[0].reason


def test_unreadable_file_warns_even_as_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same path, simulated, so it is covered where root can read everything."""
    write(tmp_path / "a.txt", ARTICLE)
    write(tmp_path / "secret.txt", ARTICLE)
    real_probe = sources._probe

    def probe(path: Path) -> None:
        if path.name == "secret.txt":
            raise PermissionError(13, "Permission denied", str(path))
        real_probe(path)

    monkeypatch.setattr(sources, "_probe", probe)
    found, warnings = discover(tmp_path)
    assert [s.key for s in found] == ["a.txt"]
    assert [(w.path, w.reason) for w in warnings] == [
        ("secret.txt", "cannot read: permission denied")
    ]


def test_file_vanished_after_discover_warns(tmp_path: Path, rules: Rules) -> None:
    path = write(tmp_path / "a.txt", ARTICLE)
    src = only(tmp_path, "a.txt")
    path.unlink()
    docs, warnings = read_all(src, rules)
    assert docs == []
    assert [w.path for w in warnings] == ["a.txt"] and "cannot read" in warnings[0].reason


def test_broken_symlink_warns_and_rest_goes_on(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", ARTICLE)
    (tmp_path / "gone.txt").symlink_to(tmp_path / "never-existed.txt")
    found, warnings = discover(tmp_path)
    assert [s.key for s in found] == ["a.txt"]
    assert [(w.path, w.reason) for w in warnings] == [("gone.txt", "broken symbolic link, skipped")]


def test_symlinks_are_followed_and_loops_read_once(tmp_path: Path) -> None:
    write(tmp_path / "real" / "a.txt", ARTICLE)
    (tmp_path / "link.txt").symlink_to(tmp_path / "real" / "a.txt")
    (tmp_path / "real" / "loop").symlink_to(tmp_path / "real")
    found, warnings = discover(tmp_path)
    assert warnings == []
    assert [s.key for s in found] == ["link.txt", "real/a.txt"]


def test_ids_stay_unique_when_files_differ_only_by_suffix(tmp_path: Path, rules: Rules) -> None:
    write(tmp_path / "a.txt", ARTICLE)
    write(tmp_path / "a.text", ARTICLE)
    found, _ = discover(tmp_path)
    ids = [d.id for src in found for d in read_all(src, rules)[0]]
    assert sorted(ids) == ["a", "a.txt"]


def test_fingerprint_is_sha256_of_the_file(tmp_path: Path) -> None:
    data = ARTICLE.encode() * 1000
    write(tmp_path / "a.txt", data)
    src = only(tmp_path, "a.txt")
    assert fingerprint(src) == hashlib.sha256(data).hexdigest()
    assert src.fingerprint() == fingerprint(src)


# ---------------------------------------------------------------------------------------------
# Text files


def test_text_file_becomes_one_raw_document(tmp_path: Path, rules: Rules) -> None:
    data = ("\ufeff" + ARTICLE.replace("\n", "\r\n")).encode("utf-8")
    write(tmp_path / "sub" / "dir" / "name.txt", data)
    docs, warnings = read_all(only(tmp_path, "sub/dir/name.txt"), rules)
    assert warnings == []
    (doc,) = docs
    assert doc.id == "sub/dir/name"
    assert doc.path == doc.source_key == "sub/dir/name.txt"
    assert doc.text == ARTICLE.strip()
    assert doc.fields == {}
    assert doc.content_hash == hashlib.sha256(data).hexdigest()


def test_binary_file_is_skipped_with_a_warning(tmp_path: Path, rules: Rules) -> None:
    docs, warnings = read_file(
        tmp_path, "photo.txt", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" * 50, rules
    )
    assert docs == []
    assert [(w.path, w.reason) for w in warnings] == [("photo.txt", "binary file, skipped")]


def test_cp1251_russian_is_decoded_with_a_warning(tmp_path: Path, rules: Rules) -> None:
    text = "Путин и Абэ провели переговоры"
    docs, warnings = read_file(tmp_path, "ru.txt", text.encode("cp1251"), rules)
    assert [d.text for d in docs] == [text]
    assert [(w.path, w.reason) for w in warnings] == [("ru.txt", "not UTF-8: decoded as cp1251")]


def test_latin1_is_decoded_with_a_warning(tmp_path: Path, rules: Rules) -> None:
    text = "Café déjà vu à Genève"
    docs, warnings = read_file(tmp_path, "fr.txt", text.encode("latin-1"), rules)
    assert [d.text for d in docs] == [text]
    assert len(warnings) == 1 and warnings[0].path == "fr.txt"
    assert warnings[0].reason.startswith("not UTF-8: decoded as ")


def test_whitespace_only_text_file_warns_empty(tmp_path: Path, rules: Rules) -> None:
    docs, warnings = read_file(tmp_path, "blank.txt", " \n\t\r\n\u00a0\u200b\n", rules)
    assert docs == []
    assert [w.path for w in warnings] == ["blank.txt"] and "empty" in warnings[0].reason


def test_escape_sequences_never_reach_the_document(tmp_path: Path, rules: Rules) -> None:
    raw = "\x1b]0;pwned\x07Headline \x1b[31mred\x1b[0m\n\nBody\x07 “quoted” — Путин\x1b[2J\n"
    docs, warnings = read_file(tmp_path, "esc.txt", raw, rules)
    assert warnings == []
    assert docs[0].text == "Headline red\n\nBody “quoted” — Путин"


def test_bad_files_do_not_stop_the_rest(tmp_path: Path, rules: Rules) -> None:
    write(tmp_path / "1.txt", ARTICLE)
    write(tmp_path / "2.txt", b"\x00\x01\x02binary")
    write(
        tmp_path / "3.txt", "Путин".encode("cp1251") + " и Абэ провели переговоры".encode("cp1251")
    )
    write(tmp_path / "4.jsonl", "not json\n" + jsonl({"body": "fine"}))
    write(tmp_path / "5.txt", ARTICLE)
    found, warnings = discover(tmp_path)
    docs: list[RawDocument] = []
    for src in found:
        got, warned = read_all(src, rules)
        docs += got
        warnings += warned
    assert [d.id for d in docs] == ["1", "3", "4#2", "5"]
    assert sorted(w.path for w in warnings) == ["2.txt", "3.txt", "4.jsonl:1"]


# ---------------------------------------------------------------------------------------------
# clean_text, decode_bytes, is_probably_binary


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("\x1b[31mred\x1b[0m", "red"),
        ("a\x1b]0;title\x07b", "ab"),
        ("a\x1b]8;;https://x.example\x1b\\link\x1b]8;;\x1b\\b", "alinkb"),
        ("ring\x07", "ring"),
        ("x\x1b(By\x1b7z\x1bc", "xyz"),
        ("lone escape \x1b", "lone escape"),
        ("nul\x00 del\x7f c1\x9b31m", "nul del c131m"),
        ("tab\there", "tab here"),
        ("a\r\nb\rc", "a\nb\nc"),
        ("no\u00a0break\u2009thin\u202fnarrow\u3000ideo", "no break thin narrow ideo"),
        ("zero\u200bwidth\u200d\ufeff joiner\u2060s", "zerowidth joiners"),
        ("soft\u00adhyphen", "softhyphen"),
        ("bidi \u202eoverride\u202c", "bidi override"),
        ("e\u0301", "\u00e9"),
        ("trailing   \nspaces \t\n", "trailing\nspaces"),
        ("\n\n  indented first\n\n\n\nkept gaps\n\n", "  indented first\n\n\n\nkept gaps"),
        (
            "Путин: «Мы готовы» — “curly” ‘quotes’ … 日本",
            "Путин: «Мы готовы» — “curly” ‘quotes’ … 日本",
        ),
    ],
)
def test_clean_text(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


def test_clean_text_leaves_no_control_characters() -> None:
    everything = "".join(chr(c) for c in range(0x00, 0xA0)) + "text"
    cleaned = clean_text(everything)
    assert all(ch == "\n" or ch.isprintable() for ch in cleaned)
    assert "text" in cleaned


def test_clean_line_collapses_whitespace() -> None:
    assert clean_line("  Bomb Suspect\n Changed\tAfter  ") == "Bomb Suspect Changed After"


def test_decode_bytes() -> None:
    assert decode_bytes("Путин".encode()) == ("Путин", None)
    assert decode_bytes(b"\xef\xbb\xbfhello") == ("hello", None)
    assert decode_bytes("Абэ".encode("utf-16")) == ("Абэ", "utf-16")
    text, enc = decode_bytes("Путин и Абэ провели переговоры".encode("koi8_r"))
    assert (text, enc) == ("Путин и Абэ провели переговоры", "koi8_r")
    # UTF-8 with one stray cp1252 byte stays UTF-8; the stray byte is kept, not dropped.
    text, enc = decode_bytes("Ünïcödé — fine, ".encode() * 3 + b"caf\xe9")
    assert text.endswith("fine, café") and enc is not None and enc.startswith("utf-8")


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("El presidente de España anunció que el año próximo habrá más inversión.", "latin-1"),
        ("Prezydent powiedział, że rząd będzie współpracować w sprawie źródeł energii.", "cp1250"),
        ("He said “hello” — and left… It’s fine.", "cp1252"),
    ],
)
def test_decode_bytes_single_byte_encodings(text: str, encoding: str) -> None:
    assert decode_bytes(text.encode(encoding))[0] == text


def test_is_probably_binary() -> None:
    assert is_probably_binary(b"abc\x00def")
    assert is_probably_binary(bytes(range(1, 32)) * 10)
    assert not is_probably_binary(b"")
    assert not is_probably_binary(ARTICLE.encode())
    assert not is_probably_binary("Путин".encode("cp1251"))
    assert not is_probably_binary(b"\x1b[31mred\x1b[0m\n")
    assert not is_probably_binary("Абэ".encode("utf-16"))


# ---------------------------------------------------------------------------------------------
# JSON Lines


def test_jsonl_field_name_variants(tmp_path: Path, rules: Rules) -> None:
    records = [
        {"id": "a1", "title": "T1", "body": "B1", "outlet": "O1", "date": "2016-12-15", "url": "u"},
        {"ID": "a2", "headline": "T2", "text": "B2", "source": "O2", "published": "Dec 16"},
        {"newid": "3", "Title": "T3", "content": "B3", "publisher": "O3", "URL": "http://x.org/a"},
        {"name": "T4", "content_original": "B4", "Source": "O4", "Date": "26-FEB-1987"},
    ]
    docs, warnings = read_file(tmp_path, "news.jsonl", jsonl(*records), rules)
    assert warnings == []
    assert [d.text for d in docs] == ["B1", "B2", "B3", "B4"]
    assert [d.id for d in docs] == ["news#a1", "news#a2", "news#3", "news#4"]
    assert [d.fields.get("headline") for d in docs] == ["T1", "T2", "T3", "T4"]
    assert [d.fields.get("outlet") for d in docs] == ["O1", "O2", "O3", "O4"]
    assert [d.fields.get("date") for d in docs] == ["2016-12-15", "Dec 16", None, "26-FEB-1987"]
    assert [d.fields.get("url") for d in docs] == ["u", None, "http://x.org/a", None]
    assert [d.path for d in docs] == [f"news.jsonl:{n}" for n in (1, 2, 3, 4)]
    assert {d.source_key for d in docs} == {"news.jsonl"}
    assert "body" not in docs[0].fields


def test_jsonl_values_are_cleaned_strings(tmp_path: Path, rules: Rules) -> None:
    record = {
        "title": "  Bomb \x1b[1mSuspect\x1b[0m\n Changed ",
        "body": "Para one.\r\n\r\nPara\u00a0two.\x07",
        "topics": ["cocoa", "", "coffee"],
        "tags": [],
        "authors": ["A. B.", "C. D."],
        "lede": 42,
        "dateline": None,
        "source": {"id": None, "name": "Reuters"},
    }
    docs, warnings = read_file(tmp_path, "x.jsonl", jsonl(record), rules)
    assert warnings == []
    doc = docs[0]
    assert doc.text == "Para one.\n\nPara two."
    assert doc.fields["headline"] == "Bomb Suspect Changed"
    assert doc.fields["tags"] == "cocoa, coffee"
    assert doc.fields["lede"] == "42"
    assert doc.fields["outlet"] == "Reuters"
    assert "dateline" not in doc.fields
    assert all(isinstance(v, str) for v in doc.fields.values())


def test_jsonl_custom_field_mapping(tmp_path: Path) -> None:
    custom = build_rules(
        _merge(
            _read_toml(DEFAULT_RULES),
            {"fields": {"body": ["story_html_text"], "headline": ["hed"], "tags": ["kw"]}},
        )
    )
    record = {"hed": "Custom headline", "story_html_text": "Custom body", "kw": ["x", "y"]}
    docs, warnings = read_file(tmp_path, "c.jsonl", jsonl(record), custom)
    assert warnings == []
    assert docs[0].text == "Custom body"
    assert docs[0].fields["headline"] == "Custom headline"
    assert docs[0].fields["tags"] == "x, y"
    # The defaults still apply after the user's names.
    write(tmp_path / "d.jsonl", jsonl({"title": "Plain", "body": "Old names"}))
    docs, _ = read_all(only(tmp_path, "d.jsonl"), custom)
    assert docs[0].fields["headline"] == "Plain" and docs[0].text == "Old names"


def test_jsonl_gzip(tmp_path: Path, rules: Rules) -> None:
    data = jsonl(*({"id": str(i), "title": f"T{i}", "body": f"Body {i}"} for i in range(50)))
    docs, warnings = read_file(tmp_path, "dump.jsonl.gz", gzip.compress(data.encode()), rules)
    assert warnings == []
    assert len(docs) == 50
    assert docs[7].id == "dump#7" and docs[7].text == "Body 7"
    line = json.dumps({"id": "7", "title": "T7", "body": "Body 7"}).encode()
    assert docs[7].content_hash == hashlib.sha256(line).hexdigest()


def test_jsonl_bad_lines_warn_with_file_and_line(tmp_path: Path, rules: Rules) -> None:
    data = (
        jsonl({"body": "one"})
        + "{not json\n"
        + "\n"
        + "[1, 2]\n"
        + jsonl({"title": "no body here", "body": "   "})
        + jsonl({"body": "six"})
    )
    docs, warnings = read_file(tmp_path, "mixed.jsonl", data, rules)
    assert [d.text for d in docs] == ["one", "six"]
    assert [d.id for d in docs] == ["mixed#1", "mixed#6"]
    assert [w.path for w in warnings] == ["mixed.jsonl:2", "mixed.jsonl:4", "mixed.jsonl:5"]
    assert "not valid JSON" in warnings[0].reason
    assert "not a JSON object" in warnings[1].reason
    assert "no body text" in warnings[2].reason
    assert str(warnings[0]).startswith("mixed.jsonl:2: not valid JSON")


def test_jsonl_duplicate_ids_are_made_unique(tmp_path: Path, rules: Rules) -> None:
    data = jsonl(
        {"id": "x", "body": "first"},
        {"id": "x", "body": "second"},
        {"id": "x", "body": "third"},
        {"body": "no id, line 4"},
        {"id": "4", "body": "claims line 4's id"},
    )
    docs, _ = read_file(tmp_path, "d.jsonl", data, rules)
    assert [d.id for d in docs] == ["d#x", "d#x~2", "d#x~3", "d#4", "d#4~2"]


def test_jsonl_outlet_from_url_host_and_canonical_names(tmp_path: Path, rules: Rules) -> None:
    data = jsonl(
        {"body": "a", "url": "https://tass.com/politics/917213"},
        {"body": "b", "url": "https://www.reuters.com/article/x", "outlet": "tass"},
        {"body": "c", "url": "https://example.org/x"},
        {"body": "d", "source": "New York Times - News"},
    )
    docs, _ = read_file(tmp_path, "o.jsonl", data, rules)
    assert [d.fields.get("outlet") for d in docs] == [
        "TASS",
        "TASS",  # the record's own outlet wins over the URL, normalised
        None,
        "New York Times - News",
    ]


def test_jsonl_corrupt_gzip_keeps_records_already_read(tmp_path: Path, rules: Rules) -> None:
    data = jsonl(*({"body": f"record {i} " + "filler " * 50} for i in range(400)))
    whole = gzip.compress(data.encode())
    docs, warnings = read_file(tmp_path, "cut.jsonl.gz", whole[: len(whole) // 2], rules)
    assert 0 < len(docs) < 400
    assert [d.text.split()[1] for d in docs[:3]] == ["0", "1", "2"]
    assert warnings[-1].path == "cut.jsonl.gz"
    assert "corrupt gzip stream" in warnings[-1].reason


def test_jsonl_gzip_is_recognised_by_content_not_name(tmp_path: Path, rules: Rules) -> None:
    plain = jsonl({"body": "plain text after all"})
    docs, warnings = read_file(tmp_path, "plain.jsonl.gz", plain, rules)
    assert [d.text for d in docs] == ["plain text after all"] and warnings == []
    docs, warnings = read_file(tmp_path, "zipped.jsonl", gzip.compress(plain.encode()), rules)
    assert [d.text for d in docs] == ["plain text after all"] and warnings == []


def test_jsonl_gzip_with_garbage_after_the_magic_warns(tmp_path: Path, rules: Rules) -> None:
    docs, warnings = read_file(tmp_path, "bad.jsonl.gz", b"\x1f\x8bnot really gzip", rules)
    assert docs == []
    assert [w.path for w in warnings] == ["bad.jsonl.gz"]
    assert "corrupt gzip stream" in warnings[0].reason


def test_jsonl_invalid_utf8_is_replaced_and_reported_once(tmp_path: Path, rules: Rules) -> None:
    data = b'{"body": "caf\xe9"}\n{"body": "ok"}\n{"body": "na\xefve"}\n'
    docs, warnings = read_file(tmp_path, "latin.jsonl", data, rules)
    assert [d.text for d in docs] == ["caf\ufffd", "ok", "na\ufffdve"]
    assert [w.path for w in warnings] == ["latin.jsonl"]
    assert "not UTF-8 on 2 lines (first: line 1)" in warnings[0].reason


def test_jsonl_blank_file_warns(tmp_path: Path, rules: Rules) -> None:
    docs, warnings = read_file(tmp_path, "blank.jsonl", "\n\n   \n", rules)
    assert docs == []
    assert [w.path for w in warnings] == ["blank.jsonl"]


def test_jsonl_reading_stops_cleanly_when_abandoned(tmp_path: Path, rules: Rules) -> None:
    write(tmp_path / "many.jsonl", jsonl(*({"body": str(i)} for i in range(10))))
    reader = read_source(only(tmp_path, "many.jsonl"), rules)
    assert isinstance(reader, types.GeneratorType)
    first = next(reader)
    assert isinstance(first, RawDocument) and first.text == "0"
    reader.close()  # the file is closed; nothing raises
