"""Reading rules as data: outlet signatures, datelines, boilerplate, entity cues, record fields.

Why this module exists: scraped news comes from endless sites, and no code can know them all. The
rules that recognise an outlet, a dateline or page furniture live in TOML (`default_rules.toml`
beside this file), and a user extends them without touching code by dropping a `briefing.toml`
in the corpus folder, a `rules.toml` in briefing's config directory, or passing `--rules FILE`.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from briefing.errors import BriefingError

DEFAULT_RULES = Path(__file__).with_name("default_rules.toml")
CORPUS_RULES_NAME = "briefing.toml"

MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec|"
    "января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"
)
_SEP = r"(?:--|[—–-])"
_PART = re.compile(r"\{([A-Z][A-Z_]*)\}")


@dataclass(frozen=True, slots=True)
class OutletRule:
    name: str
    signatures: tuple[re.Pattern[str], ...]
    hosts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Rules:
    """Compiled reading rules. Build with `load_rules`; never mutate."""

    outlets: tuple[OutletRule, ...]
    datelines: tuple[re.Pattern[str], ...]
    boilerplate_lines: tuple[re.Pattern[str], ...]
    trailers: tuple[re.Pattern[str], ...]
    captions: tuple[re.Pattern[str], ...]
    page_stamps: tuple[re.Pattern[str], ...]
    person_titles: tuple[str, ...]
    speech_verbs: tuple[str, ...]
    organisation_heads: tuple[str, ...]
    place_heads: tuple[str, ...]
    place_category_nouns: tuple[str, ...]
    extra_places: tuple[str, ...]
    extra_organisations: tuple[str, ...]
    not_organisations: frozenset[str]
    place_aliases: Mapping[str, str]
    fields: Mapping[str, tuple[str, ...]]
    max_file_bytes: int
    # comparison: names for the same thing ("Kuril Islands" = ["Northern Territories", ...])
    naming: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    framing: tuple[str, ...] = ()  # loaded words whose use differs between outlets
    sources: tuple[str, ...] = ()  # the files these rules were read from, for messages
    max_html_bytes: int = 20_000_000  # web pages: a saved page of 1-3 MB is normal

    def outlet_by_host(self, url: str | None) -> str | None:
        if not url:
            return None
        host = re.sub(r"^[a-z]+://", "", url.lower()).split("/", 1)[0].split(":", 1)[0]
        for rule in self.outlets:
            for h in rule.hosts:
                if host == h or host.endswith("." + h):
                    return rule.name
        return None

    def canonical_outlet(self, name: str) -> str:
        """Map a record's outlet string ("tass", "Sputnik International") onto a known outlet."""
        low = name.strip().lower()
        for rule in self.outlets:
            if low == rule.name.lower():
                return rule.name
        return name.strip()


def _expand(pattern: str, parts: Mapping[str, str] | None = None) -> str:
    if parts:
        for _ in range(4):  # parts may use parts
            expanded = _PART.sub(lambda m: parts.get(m.group(1), m.group(0)), pattern)
            if expanded == pattern:
                break
            pattern = expanded
    return pattern.replace("MONTH", rf"(?i:{MONTHS})\.?").replace("SEP", _SEP)


def _compile(
    patterns: Iterable[str], where: str, parts: Mapping[str, str] | None = None
) -> tuple[re.Pattern[str], ...]:
    out = []
    for p in patterns:
        try:
            out.append(re.compile(_expand(p, parts)))
        except re.error as exc:
            raise BriefingError(f"{where}: bad pattern {p!r}: {exc}") from exc
    return tuple(out)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except OSError as exc:
        raise BriefingError(f"{path}: cannot read rules file: {exc.strerror or exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise BriefingError(f"{path}: not valid TOML: {exc}") from exc


def _merge(base: dict[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    """User values win: lists are prepended, tables merged, scalars replaced."""
    out = dict(base)
    for key, value in extra.items():
        old = out.get(key)
        if isinstance(value, list) and isinstance(old, list):
            out[key] = list(value) + [v for v in old if v not in value]
        elif isinstance(value, Mapping) and isinstance(old, Mapping):
            out[key] = _merge(dict(old), value)
        else:
            out[key] = value
    return out


def rules_files(corpus: Path | None, extra: Path | None) -> list[Path]:
    """The rules files that apply, weakest first (the defaults come before all of them)."""
    from platformdirs import user_config_dir

    files: list[Path] = []
    user = Path(user_config_dir("briefing")) / "rules.toml"
    if user.is_file():
        files.append(user)
    if corpus is not None:
        local = (corpus if corpus.is_dir() else corpus.parent) / CORPUS_RULES_NAME
        if local.is_file():
            files.append(local)
    if extra is not None:
        files.append(extra)
    return files


def load_rules(corpus: Path | None = None, extra: Path | None = None) -> Rules:
    """Defaults, then the user's config-dir rules, the corpus's `briefing.toml`, then `--rules`."""
    files = rules_files(corpus, extra)
    return _load(tuple(files), tuple(_stamp(f) for f in files))


def _stamp(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


@lru_cache(maxsize=8)
def _load(files: tuple[Path, ...], _stamps: tuple[float, ...]) -> Rules:
    data = _read_toml(DEFAULT_RULES)
    for f in files:
        data = _merge(data, _read_toml(f))
    return build_rules(data, sources=(str(DEFAULT_RULES), *map(str, files)))


def build_rules(data: Mapping[str, Any], sources: tuple[str, ...] = ()) -> Rules:
    """Compile a rules mapping (as read from TOML)."""
    where = sources[-1] if sources else "rules"
    outlets = []
    for o in data.get("outlet", []):
        if "name" not in o:
            raise BriefingError(f"{where}: every [[outlet]] needs a name")
        outlets.append(
            OutletRule(
                name=str(o["name"]),
                signatures=_compile(o.get("signatures", []), where),
                hosts=tuple(str(h).lower() for h in o.get("hosts", [])),
            )
        )
    bp = data.get("boilerplate", {})
    ent = data.get("entities", {})
    fields = {k: tuple(str(x) for x in v) for k, v in data.get("fields", {}).items()}
    return Rules(
        outlets=tuple(outlets),
        datelines=_compile(
            data.get("dateline", {}).get("patterns", []),
            where,
            {str(k): str(v) for k, v in data.get("dateline", {}).get("parts", {}).items()},
        ),
        boilerplate_lines=_compile(bp.get("lines", []), where),
        trailers=_compile(bp.get("trailers", []), where),
        captions=_compile(bp.get("captions", []), where),
        page_stamps=_compile(bp.get("page_stamps", []), where),
        person_titles=tuple(ent.get("person_titles", [])),
        speech_verbs=tuple(ent.get("speech_verbs", [])),
        organisation_heads=tuple(ent.get("organisation_heads", [])),
        place_heads=tuple(ent.get("place_heads", [])),
        place_category_nouns=tuple(ent.get("place_category_nouns", [])),
        extra_places=tuple(ent.get("extra_places", [])),
        extra_organisations=tuple(ent.get("extra_organisations", [])),
        not_organisations=frozenset(ent.get("not_organisations", [])),
        place_aliases={str(k): str(v) for k, v in ent.get("place_aliases", {}).items()},
        fields=fields,
        max_file_bytes=int(data.get("limits", {}).get("max_file_bytes", 5_000_000)),
        max_html_bytes=int(data.get("limits", {}).get("max_html_bytes", 20_000_000)),
        sources=sources,
        naming={
            str(k): tuple(str(x) for x in v)
            for k, v in data.get("compare", {}).get("naming", {}).items()
        },
        framing=tuple(str(w) for w in data.get("compare", {}).get("framing", [])),
    )


def default_rules() -> Rules:
    """The built-in rules alone, ignoring any user files (for tests and reproducible runs)."""
    return _load((), ())
