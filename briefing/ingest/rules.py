"""Reading rules as data: outlet signatures, datelines, boilerplate, entity cues, record fields.

Why this module exists: scraped news comes from endless sites, and no code can know them all. The
rules that recognise an outlet, a dateline or page furniture live in TOML (`default_rules.toml`
beside this file), and a user extends them without touching code by dropping a `briefing.toml`
in the corpus folder, a `rules.toml` in briefing's config directory (`$BRIEFING_CONFIG_DIR`, else
the platform's), or passing `--rules FILE`. Every file but the defaults is untrusted: each key's
type is checked (`rule_schema`), a wrong type, a binary or UTF-16 file is one line naming the
file and key, and its patterns run with a time budget (`rule_patterns`).
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from briefing.errors import BriefingError
from briefing.ingest.archived import original_url
from briefing.ingest.rule_patterns import RulePattern
from briefing.ingest.rule_schema import check_rules, pattern_strings
from briefing.ingest.rules_lang import LanguageRules, build_languages
from briefing.resources import cached_path, discard

DEFAULT_RULES = Path(__file__).with_name("default_rules.toml")
# Rules for other languages, merged into the defaults: default_rules_ru.toml, ...
LANGUAGE_RULES = tuple(sorted(Path(__file__).parent.glob("default_rules_*.toml")))
CORPUS_RULES_NAME = "briefing.toml"
USER_RULES_NAME = "rules.toml"
ENV_CONFIG_DIR = "BRIEFING_CONFIG_DIR"  # the app's config folder too (briefing/app/config.py)

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
    signatures: tuple[RulePattern, ...]
    hosts: tuple[str, ...]
    aliases: tuple[str, ...] = ()  # other names it goes by ("РИА Новости" for RIA Novosti)


@dataclass(frozen=True, slots=True)
class Rules:
    """Compiled reading rules. Build with `load_rules`; never mutate."""

    outlets: tuple[OutletRule, ...]
    datelines: tuple[RulePattern, ...]
    boilerplate_lines: tuple[RulePattern, ...]
    trailers: tuple[RulePattern, ...]
    captions: tuple[RulePattern, ...]
    page_stamps: tuple[RulePattern, ...]
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
    # reading rules for other languages, by language code ("ru")
    languages: Mapping[str, LanguageRules] = field(default_factory=dict)
    max_html_bytes: int = 20_000_000  # web pages: a saved page of 1-3 MB is normal
    # What these rules were compiled from (`build_rules`' arguments, as JSON values): a
    # parallel build's worker process compiles the same rules from it (`rules_of_recipe`).
    recipe: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def outlet_by_host(self, url: str | None) -> str | None:
        url = original_url(url)  # an archived copy is its original site's
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
        for rule in self.outlets:
            if any(low == a.lower() for a in rule.aliases):
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


class _Compiler:
    """Compiles patterns, naming the file each came from. A pattern runs on `re` only when its
    expanded text is one of the defaults' own (`trusted`): a default dateline whose `{PART}`
    a user's file redefined is untrusted too."""

    def __init__(self, origins: Mapping[str, str], trusted: frozenset[str]) -> None:
        self.origins = origins
        self.trusted = trusted

    def __call__(
        self, patterns: Iterable[str], parts: Mapping[str, str] | None = None
    ) -> tuple[RulePattern, ...]:
        out = []
        for p in patterns:
            where = self.origins.get(p, "rules")
            expanded = _expand(p, parts)
            try:
                out.append(RulePattern(expanded, where, trusted=expanded in self.trusted))
            except ValueError as exc:  # RulePattern's for re.error and regex.error
                raise BriefingError(f"{where}: bad pattern {p!r}: {exc}") from exc
        return tuple(out)


def _parts(data: Mapping[str, Any]) -> dict[str, str]:
    """The named pieces dateline patterns are built from (`[dateline.parts]`)."""
    return {str(k): str(v) for k, v in data.get("dateline", {}).get("parts", {}).items()}


def _expanded(data: Mapping[str, Any]) -> frozenset[str]:
    """Every pattern of (checked) rules data, expanded as `build_rules` will compile it."""
    datelines = data.get("dateline", {}).get("patterns", [])
    return frozenset(_expand(p) for p in pattern_strings(data)) | frozenset(
        _expand(p, _parts(data)) for p in datelines
    )


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except OSError as exc:
        raise BriefingError(f"{path}: cannot read rules file: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise BriefingError(
            f"{path}: not a UTF-8 text file (TOML must be UTF-8): byte {exc.start}"
        ) from exc
    except (tomllib.TOMLDecodeError, ValueError) as exc:
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


def _merge_outlets(base: dict[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    """A language's rules file: its outlets join those of the same name, the rest merges."""
    out = dict(base)
    outlets = [dict(o) for o in base.get("outlet", [])]
    by_name = {str(o.get("name")): o for o in outlets}
    for o in extra.get("outlet", []):
        known = by_name.get(str(o.get("name")))
        if known is None:
            outlets.append(dict(o))
            by_name[str(o.get("name"))] = outlets[-1]
            continue
        for key in ("signatures", "hosts", "aliases"):
            known[key] = list(known.get(key, [])) + [
                v for v in o.get(key, []) if v not in known.get(key, [])
            ]
    out["outlet"] = outlets
    return _merge(out, {k: v for k, v in extra.items() if k != "outlet"})


def rules_files(corpus: Path | None, extra: Path | None) -> list[Path]:
    """The rules files that apply, weakest first (the defaults come before all of them)."""
    from platformdirs import user_config_dir

    files: list[Path] = []
    env = os.environ.get(ENV_CONFIG_DIR)
    config = Path(env).expanduser() if env else Path(user_config_dir("briefing"))
    user = config / USER_RULES_NAME
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


def _read_defaults() -> dict[str, Any]:
    data = _read_toml(DEFAULT_RULES)
    for language_file in LANGUAGE_RULES:
        data = _merge_outlets(data, _read_toml(language_file))
    return data


def _write_defaults(dest: Path) -> None:
    data = _read_defaults()
    text = json.dumps(data, ensure_ascii=False)
    if json.loads(text) != data:  # a TOML value JSON does not hold (a date): no entry
        raise ValueError("the default rules do not round-trip through JSON")
    dest.write_text(text, encoding="utf-8")


@lru_cache(maxsize=1)
def _defaults() -> dict[str, Any]:
    """The built-in rules files, merged, as read from TOML: kept as a JSON entry of the
    resource cache (`briefing.resources`, derived from the files and this module), as parsing
    the TOML is a tenth of reading one article in a new process."""
    path = cached_path(
        "default-rules", [DEFAULT_RULES, *LANGUAGE_RULES, Path(__file__)], ".json", _write_defaults
    )
    if path is not None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = None
        if isinstance(data, dict) and isinstance(data.get("outlet"), list):
            return data
        discard(path)
    return _read_defaults()


@lru_cache(maxsize=8)
def _load(files: tuple[Path, ...], _stamps: tuple[float, ...]) -> Rules:
    data = _defaults()
    origins = dict.fromkeys(pattern_strings(data), str(DEFAULT_RULES))
    trusted = _expanded(data)
    for f in files:
        extra = _read_toml(f)
        check_rules(extra, str(f))
        origins.update(dict.fromkeys(pattern_strings(extra), str(f)))
        data = _merge(data, extra)
    return build_rules(
        data, sources=(str(DEFAULT_RULES), *map(str, files)), origins=origins, trusted=trusted
    )


def build_rules(
    data: Mapping[str, Any],
    sources: tuple[str, ...] = (),
    origins: Mapping[str, str] | None = None,
    trusted: frozenset[str] | None = None,
) -> Rules:
    """Compile a rules mapping (as read from TOML). `origins` names the file each pattern came
    from; only `trusted` patterns (the defaults') run without a time budget: by default none."""
    where = sources[-1] if sources else "rules"
    check_rules(data, where)
    origins = origins or dict.fromkeys(pattern_strings(data), where)
    trusted = trusted or frozenset()
    _compile = _Compiler(origins, trusted)
    recipe = {
        "data": data,
        "sources": list(sources),
        "origins": dict(origins),
        "trusted": sorted(trusted),
    }
    outlets = []
    for o in data.get("outlet", []):
        if "name" not in o:
            raise BriefingError(f"{where}: every [[outlet]] needs a name")
        outlets.append(
            OutletRule(
                name=str(o["name"]),
                signatures=_compile(o.get("signatures", [])),
                hosts=tuple(str(h).lower() for h in o.get("hosts", [])),
                aliases=tuple(str(a) for a in o.get("aliases", [])),
            )
        )
    bp = data.get("boilerplate", {})
    ent = data.get("entities", {})
    fields = {k: tuple(str(x) for x in v) for k, v in data.get("fields", {}).items()}
    return Rules(
        outlets=tuple(outlets),
        datelines=_compile(data.get("dateline", {}).get("patterns", []), _parts(data)),
        boilerplate_lines=_compile(bp.get("lines", [])),
        trailers=_compile(bp.get("trailers", [])),
        captions=_compile(bp.get("captions", [])),
        page_stamps=_compile(bp.get("page_stamps", [])),
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
        languages=build_languages(
            data.get("language", {}), where, built_in=_defaults().get("language", {})
        ),
        recipe=recipe,
    )


def rules_of_recipe(recipe: Any) -> Rules:
    """The rules a `Rules.recipe` (read back from JSON) compiles to; `BriefingError` if it is
    not one."""
    if not (
        isinstance(recipe, dict)
        and set(recipe) == {"data", "sources", "origins", "trusted"}
        and isinstance(recipe["data"], dict)
        and isinstance(recipe["sources"], list)
        and all(isinstance(x, str) for x in recipe["sources"])
        and isinstance(recipe["origins"], dict)
        and all(isinstance(k, str) and isinstance(v, str) for k, v in recipe["origins"].items())
        and isinstance(recipe["trusted"], list)
        and all(isinstance(x, str) for x in recipe["trusted"])
    ):
        raise BriefingError("not a rules recipe")
    return build_rules(
        recipe["data"],
        sources=tuple(recipe["sources"]),
        origins=recipe["origins"],
        trusted=frozenset(recipe["trusted"]),
    )


def default_rules() -> Rules:
    """The built-in rules alone, ignoring any user files (for tests and reproducible runs)."""
    return _load((), ())
