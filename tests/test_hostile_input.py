"""Hostile input: what a corpus can put in front of a terminal, rules files, queries, JSON.

Why this module exists: a corpus is a folder of files from the internet, so its file names,
folder names, ids, its own `briefing.toml` and the user's queries are all untrusted. Each test
here failed on main before issue 10 (terminal escapes reached stdout, rules files tracebacked,
`(a+)+$` hung the index, `date:(2016)` raised AssertionError, deep JSON aborted the index).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from briefing.cli import main
from briefing.corpus import bundled_corpus
from briefing.index import CorpusIndex
from briefing.query import QueryError

# what must never reach a terminal from corpus data: ESC (any sequence), C1 controls, bidi
# overrides and isolates, and the other C0 controls but tab and newline
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
EVIL = "\x1b]0;pwned\x07\x1b]52;c;cm0gLXJmIH4=\x07\x9b2J\u202e\u2066X\u2069\x1b[31m"
TOML_EVIL = EVIL.encode("unicode_escape").decode("ascii").replace("\\x", "\\u00")


def _invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _assert_clean(result: Result) -> None:
    for name, raw in (("stdout", result.stdout_bytes), ("stderr", result.stderr_bytes)):
        text = raw.decode("utf-8")
        found = FORBIDDEN.search(text)
        assert found is None, f"{name} has {found.group(0)!r}: {text[:2000]!r}"
        assert "Traceback" not in text


@pytest.fixture()
def hostile_corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The seed corpus under a hostile folder name, with hostile file, folder, id and outlet."""
    monkeypatch.setenv("BRIEFING_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    corpus = tmp_path / f"corpus{EVIL}"
    shutil.copytree(bundled_corpus(), corpus)
    seeds = sorted(corpus.glob("*.txt"))
    seeds[0].rename(corpus / f"file{EVIL}.txt")
    (corpus / f"dir{EVIL}").mkdir()
    seeds[1].rename(corpus / f"dir{EVIL}" / "in-folder.txt")
    record = {
        "id": f"id{EVIL}",
        "headline": "Putin and Abe talk about the Kuril Islands",
        "outlet": f"Evil{EVIL}",
        "date": "2016-12-15",
        "body": "TOKYO, December 15. Vladimir Putin met Shinzo Abe in Nagato. " * 5,
    }
    (corpus / f"records{EVIL}.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    (corpus / f"bad{EVIL}.jsonl").write_text("{not json\n", encoding="utf-8")
    (corpus / "briefing.toml").write_text(
        f'[[outlet]]\nname = "Outlet{TOML_EVIL}"\nsignatures = ["Putin believes"]\n',
        encoding="utf-8",
    )
    return corpus


COMMANDS = [
    ("index",),
    ("search", "putin"),
    ("search", "putin", "--json"),
    ("search", "putin", "--sort", "date"),
    ("summary",),
    ("summary", "--format", "markdown"),
    ("summary", "--format", "json"),
    ("events",),
    ("events", "--markdown"),
    ("events", "--json"),
    ("export",),
]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: "-".join(a))
def test_no_control_sequence_from_a_corpus_reaches_the_terminal(
    hostile_corpus: Path, args: tuple[str, ...]
) -> None:
    result = _invoke(*args, "--corpus", str(hostile_corpus))
    assert result.exit_code == 0, result.output
    _assert_clean(result)


def test_the_hostile_names_are_still_shown_readably(hostile_corpus: Path) -> None:
    result = _invoke("search", "putin", "--limit", "50", "--corpus", str(hostile_corpus))
    assert "X" in result.stdout and "Outlet" in result.stdout
    js = json.loads(_invoke("export", "--corpus", str(hostile_corpus)).stdout.splitlines()[0])
    assert js  # JSON with escaped controls is still JSON
    exported = _invoke("export", "--corpus", str(hostile_corpus)).stdout
    assert "\\u202e" in exported and "\\u009b" in exported


@pytest.mark.parametrize("fmt", ["rich", "markdown", "json"])
def test_compare_output_is_clean(hostile_corpus: Path, fmt: str) -> None:
    events = json.loads(_invoke("events", "--json", "--corpus", str(hostile_corpus)).stdout)
    assert events["events"]
    event_id = events["events"][0]["id"]
    result = _invoke("compare", event_id, "--format", fmt, "--corpus", str(hostile_corpus))
    _assert_clean(result)


def test_errors_naming_a_hostile_path_are_clean(tmp_path: Path) -> None:
    missing = tmp_path / f"nowhere{EVIL}"
    result = CliRunner().invoke(main, ["search", "x", "--corpus", str(missing)])
    assert result.exit_code != 0
    _assert_clean(result)


# --- rules files ------------------------------------------------------------------------------

MALFORMED_RULES = {
    "outlet-not-a-list": 'outlet = "TASS"\n',
    "outlet-name-table": "[[outlet]]\nname = {a = 1}\n",
    "outlet-without-name": '[[outlet]]\nsignatures = ["x"]\n',
    "signatures-a-string": '[[outlet]]\nname = "X"\nsignatures = "TASS"\n',
    "signatures-numbers": '[[outlet]]\nname = "X"\nsignatures = [1, 2]\n',
    "hosts-a-number": '[[outlet]]\nname = "X"\nhosts = 3\n',
    "dateline-a-list": "dateline = [1]\n",
    "dateline-patterns-a-string": '[dateline]\npatterns = "x"\n',
    "boilerplate-lines-table": "[boilerplate.lines]\na = 1\n",
    "entities-a-string": 'entities = "x"\n',
    "person-titles-mixed": '[entities]\nperson_titles = ["Mr", 2]\n',
    "place-aliases-list": '[entities]\nplace_aliases = ["x"]\n',
    "place-aliases-values": "[entities.place_aliases]\nTokyo = 1\n",
    "fields-a-list": 'fields = ["x"]\n',
    "fields-values": "[fields]\nheadline = 1\n",
    "limits-string": '[limits]\nmax_file_bytes = "big"\n',
    "limits-negative": "[limits]\nmax_file_bytes = -1\n",
    "limits-bool": "[limits]\nmax_file_bytes = true\n",
    "compare-naming": "[compare]\nnaming = 1\n",
    "compare-framing": "[compare]\nframing = [[1]]\n",
    "bad-pattern": '[dateline]\npatterns = ["(unclosed"]\n',
    "not-toml": "this is = = not toml\n",
}


@pytest.fixture()
def small_corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("BRIEFING_INDEX_DIR", str(tmp_path / "index"))
    corpus = tmp_path / "corpus"
    shutil.copytree(bundled_corpus(), corpus)
    return corpus


def _one_line_error(result: Result, *names: str) -> None:
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    message = result.stderr.strip()
    assert message.startswith("Error:") and "\n" not in message, message
    for name in names:
        assert name in message, message


@pytest.mark.parametrize("text", MALFORMED_RULES.values(), ids=MALFORMED_RULES.keys())
def test_a_malformed_corpus_rules_file_is_one_line_naming_the_file(
    small_corpus: Path, text: str
) -> None:
    (small_corpus / "briefing.toml").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["index", "--corpus", str(small_corpus)])
    _one_line_error(result, "briefing.toml")


@pytest.mark.parametrize(
    "data",
    [
        b"\x00\x01\x02\xff\xfe binary",
        '[[outlet]]\nname = "X"\n'.encode("utf-16"),
        b"\xef\xbb\xbfname = 1\n\xff",
    ],
    ids=["binary", "utf-16", "bad-utf-8"],
)
def test_a_binary_or_utf16_rules_file_is_one_line(small_corpus: Path, data: bytes) -> None:
    (small_corpus / "briefing.toml").write_bytes(data)
    result = CliRunner().invoke(main, ["index", "--corpus", str(small_corpus)])
    _one_line_error(result, "briefing.toml")


def test_a_wrong_type_names_the_key(small_corpus: Path) -> None:
    (small_corpus / "briefing.toml").write_text('[[outlet]]\nname = "X"\nhosts = 3\n')
    result = CliRunner().invoke(main, ["search", "putin", "--corpus", str(small_corpus)])
    _one_line_error(result, "briefing.toml", "hosts")


CATASTROPHIC = ["(a+)+$", "(a|aa)+$", "(x+x+)+y", "^(\\w+\\s?)*$"]


@pytest.mark.parametrize("pattern", CATASTROPHIC)
def test_a_backtracking_rule_pattern_does_not_hang_the_index(
    small_corpus: Path, pattern: str
) -> None:
    (small_corpus / "long.txt").write_text(
        "A headline\n\n" + "a" * 3000 + "x" * 3000 + " " + "word " * 2000 + "!\n", encoding="utf-8"
    )
    escaped = pattern.replace("\\", "\\\\")
    (small_corpus / "briefing.toml").write_text(
        f'[[outlet]]\nname = "Slow"\nsignatures = ["{escaped}"]\n'
        f'[boilerplate]\nlines = ["{escaped}"]\n',
        encoding="utf-8",
    )
    said = []
    for args in (["index"], ["search", "putin"], ["summary"]):
        wide = {"COLUMNS": "1000"}
        result = CliRunner().invoke(main, [*args, "--corpus", str(small_corpus)], env=wide)
        assert result.exit_code == 0, result.output
        assert "Traceback" not in result.output
        said.append(result.stderr)
    assert "switched off" in said[0] and "briefing.toml" in said[0]


def test_rules_in_the_config_dir_are_honoured(
    small_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "my-config"
    config.mkdir()
    (config / "rules.toml").write_text(
        '[[outlet]]\nname = "Config Outlet"\nsignatures = ["Putin believes"]\n', encoding="utf-8"
    )
    monkeypatch.setenv("BRIEFING_CONFIG_DIR", str(config))
    result = _invoke("search", "putin", "--limit", "50", "--corpus", str(small_corpus))
    assert "Config Outlet" in result.stdout
    (config / "rules.toml").write_text("outlet = 1\n", encoding="utf-8")
    bad = CliRunner().invoke(main, ["search", "putin", "--corpus", str(small_corpus)])
    _one_line_error(bad, "rules.toml")


# --- query budgets ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_index(tmp_path_factory: pytest.TempPathFactory) -> CorpusIndex:
    """The seed corpus's index, built once for the query tests."""
    from briefing.build import update

    index = CorpusIndex.open(bundled_corpus(), tmp_path_factory.mktemp("seed-index"))
    update(index, procs=1)
    return index


@pytest.mark.parametrize(
    "query",
    [
        "date:(2016)",
        "date:((2016-12))",
        "putin AND date:(2016 OR 2017)",
        "***",
        "*",
        "?*",
        "headline:*",
        "*:*",
        "putin OR ?",
        "a" * 100_000,
        "putin " * 500,
    ],
    ids=lambda q: q[:20],
)
def test_hostile_queries_are_one_line_errors(seed_index: CorpusIndex, query: str) -> None:
    with pytest.raises(QueryError) as raised:
        seed_index.search(query)
    assert "\n" not in str(raised.value) and len(str(raised.value)) < 300


def test_a_wildcard_that_expands_too_far_is_refused(
    seed_index: CorpusIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    import briefing.index.whoosh_query as whoosh_query

    assert seed_index.search("kuril*").total > 0
    monkeypatch.setattr(whoosh_query, "MAX_EXPANSION", 3)
    with pytest.raises(QueryError, match="more than 3 words"):
        seed_index.search("a*")


def test_a_very_long_word_gets_no_spelling_lookup(
    seed_index: CorpusIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    import briefing.index.spelling as spelling

    looked_up: list[str] = []
    real = spelling.Speller._nearest_word

    def spy(self: spelling.Speller, reader: object, word: str) -> str | None:
        looked_up.append(word)
        return real(self, reader, word)

    monkeypatch.setattr(spelling.Speller, "_nearest_word", spy)
    word = "kurilz" * 100  # 600 letters: under the query limit, far over a word's
    result = seed_index.search(f"putn {word}")
    assert result.total == 0
    assert looked_up == ["putn"]
    many = " ".join(f"zq{chr(97 + i // 26)}{chr(97 + i % 26)}x" for i in range(100))
    looked_up.clear()
    seed_index.search(many)
    assert len(looked_up) <= spelling.MAX_CHECKED_WORDS


# --- JSON records -----------------------------------------------------------------------------


def test_a_deeply_nested_json_line_is_a_warning_not_the_end(small_corpus: Path) -> None:
    deep_list = "[" * 300 + '"x"' + "]" * 300
    deep_object = '{"a": ' * 300 + "1" + "}" * 300
    lines = [
        '{"body": "Vladimir Putin met Shinzo Abe in Tokyo.", "tags": ' + deep_list + "}",
        '{"body": "Deep record.", "extra": ' + deep_object + "}",
        "[" * 100_000 + "]" * 100_000,
        json.dumps({"headline": "Fine record", "body": "Abe and Putin spoke about the islands."}),
    ]
    (small_corpus / "deep.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["index", "--corpus", str(small_corpus)], env={"COLUMNS": "1000"}
    )
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    for line in (1, 2, 3):
        assert f"deep.jsonl:{line}: nested more than" in result.stderr
    assert "6 articles" in result.stdout  # the five seeds and the fine record


# --- the app ----------------------------------------------------------------------------------


async def test_quitting_never_waits_for_a_stuck_search(
    tmp_path: Path, index_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A search stuck in the index (an uninterruptible step) must not keep `q` from quitting:
    the step runs in a daemon thread the app does not join, and the app exits while it is
    still stuck."""
    import threading

    from app_helpers import app_for, settle

    from briefing.workspace import Workspace

    released = threading.Event()
    entered = threading.Event()

    def stuck_search(self: Workspace, query: str, **_: object) -> object:
        entered.set()
        released.wait(60)
        raise QueryError("released")

    app = app_for(tmp_path, index_cache)
    try:
        async with app.run_test() as pilot:
            await settle(pilot)
            monkeypatch.setattr(Workspace, "search", stuck_search)
            await pilot.press("/", *"putin")
            while not entered.is_set():
                await pilot.pause(0.05)
            await pilot.press("escape", "q")
        assert not app.is_running
        stuck = [t for t in threading.enumerate() if t.name == "briefing-search"]
        assert stuck and all(t.daemon for t in stuck), "the stuck step is joined on exit"
        assert not released.is_set()
    finally:
        released.set()


async def test_the_app_shows_hostile_names_cleaned(
    hostile_corpus: Path, tmp_path: Path, index_cache: Path
) -> None:
    from app_helpers import app_for, idle, settle
    from textual.widgets import Static

    from briefing.app.reader import ReaderScreen

    app = app_for(tmp_path, index_cache, hostile_corpus, prebuilt=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        status = str(app.main.query_one("#status-bar", Static).render())
        assert FORBIDDEN.search(status) is None and "corpus" in status
        await pilot.press("/", *"anachronism")
        await idle(pilot)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        shown = "".join(str(w.render()) for w in app.screen.query(Static) if w.display)
        assert "file" in shown and "X" in shown  # the hostile id and path, shown cleaned
        assert FORBIDDEN.search(shown) is None, repr(shown[:500])
        app.notify(f"problem in {EVIL}.txt", title=f"t{EVIL}")
        await pilot.pause()
        for note in app._notifications:
            assert FORBIDDEN.search(note.message + note.title) is None


# --- fuzzing: queries and JSON records ---------------------------------------------------------
# Bounded and deterministic: a fixed number of examples, derandomized, and hypothesis's deadline
# (generous: 2 s per example) is the time bound; no wall-clock asserts of our own.

FUZZ = settings(
    max_examples=150,
    deadline=2000,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

QUERY_TOKENS = st.one_of(
    st.sampled_from(
        [
            "AND",
            "OR",
            "NOT",
            "(",
            ")",
            '"',
            "*",
            "?",
            "[",
            "]",
            "{",
            "}",
            "to",
            "TO",
            "~",
            "^",
            "+",
            "-",
            ":",
            "date:",
            "outlet:",
            "person:",
            "place:",
            "org:",
            "headline:",
            "body:",
            "id:",
            "title:",
            "dateline:",
            "2016",
            "2016-12",
            "2016-13-45",
            "putin",
            "kuril*",
            "abe",
            "*:*",
            "\\",
            "'",
            "\x00",
            "\x1b[31m",
            "\u202e",
        ]
    ),
    st.text(alphabet="abcdeiknoprstuAKPT0129-_.:*?()[]\"' ", max_size=12),
    st.text(max_size=8),
)
QUERIES = st.lists(QUERY_TOKENS, min_size=1, max_size=12).flatmap(
    lambda parts: st.sampled_from([" ".join(parts), "".join(parts)])
)


@FUZZ
@given(query=QUERIES)
@example(query="date:(2016)")  # failures seen on main, always tried first
@example(query="*** OR putin")
def test_fuzzed_queries_answer_or_give_one_line_errors(seed_index: CorpusIndex, query: str) -> None:
    try:
        result = seed_index.search(query, limit=5)
    except QueryError as exc:
        message = str(exc)
        assert message and "\n" not in message and "Traceback" not in message
    else:
        assert result.total >= len(result.hits)


FIELD_NAMES = st.sampled_from(
    [
        "title",
        "headline",
        "body",
        "text",
        "content",
        "date",
        "published",
        "outlet",
        "source",
        "id",
        "url",
        "tags",
        "author",
        "lede",
        "dateline",
        "Title",
        "BODY",
    ]
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(FIELD_NAMES | st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=12,
)
RECORDS = st.dictionaries(FIELD_NAMES, JSON_VALUES, max_size=6).map(json.dumps)
LINES = st.one_of(
    RECORDS,
    JSON_VALUES.map(json.dumps),
    st.text(max_size=60),
    st.tuples(FIELD_NAMES, st.integers(1, 2000)).map(
        lambda fn: f'{{"body": "x", "{fn[0]}": ' + "[" * fn[1] + '"x"' + "]" * fn[1] + "}"
    ),
)


@pytest.fixture(scope="module")
def fuzz_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz-corpus")


@settings(FUZZ, max_examples=80)
@given(lines=st.lists(LINES, min_size=1, max_size=4))
@example(lines=['{"body": "x", "tags": ' + "[" * 300 + "1" + "]" * 300 + "}"])
def test_fuzzed_json_records_read_or_warn(fuzz_folder: Path, lines: list[str]) -> None:
    from briefing.ingest import default_rules, discover, parse_source

    (fuzz_folder / "fuzz.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    sources, warnings = discover(fuzz_folder)
    rules = default_rules()
    for source in sources:
        articles, more = parse_source(source, rules)
        warnings += more
        for article in articles:
            assert article.id.startswith("fuzz#") and article.headline
    for warning in warnings:
        assert warning.path.startswith("fuzz") and "Traceback" not in warning.reason
