"""The user's settings for the app: key remapping and the theme, kept in the config directory.

Why this module exists: keys must be remappable and the theme must survive a restart, and both
belong in one obvious place a person can edit (`~/.config/briefing/` on Linux). Reading them must
never stop the app: a broken file is reported as a warning and the defaults are used.

- `keymap.toml`: binding id -> keys, e.g. `"timeline.filter" = "ctrl+f"` (or inside a `[keys]`
  table). Ids are listed on the help screen (`?`).
- `app.toml`: `theme = "textual-dark"`, written by the app whenever the theme changes.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from platformdirs import user_config_dir

ENV_CONFIG_DIR = "BRIEFING_CONFIG_DIR"
KEYMAP_FILE = "keymap.toml"
SETTINGS_FILE = "app.toml"


def config_dir() -> Path:
    """`$BRIEFING_CONFIG_DIR`, else the platform's per-user config folder for briefing."""
    env = os.environ.get(ENV_CONFIG_DIR)
    return Path(env).expanduser() if env else Path(user_config_dir("briefing"))


@dataclass(slots=True)
class AppConfig:
    """What the app reads from the config folder, and the problems it found there."""

    directory: Path
    keymap: dict[str, str] = field(default_factory=dict)
    theme: str | None = None
    warnings: list[str] = field(default_factory=list)

    @classmethod
    def load(cls, directory: Path | None = None) -> AppConfig:
        config = cls(directory or config_dir())
        keymap = _read_toml(config.directory / KEYMAP_FILE, config.warnings)
        table = keymap.get("keys", keymap)
        if isinstance(table, dict):
            for binding_id, keys in table.items():
                if isinstance(keys, list):
                    keys = ",".join(str(k) for k in keys)
                if isinstance(keys, str) and keys.strip():
                    config.keymap[str(binding_id)] = keys.strip()
                else:
                    config.warnings.append(f"{KEYMAP_FILE}: {binding_id}: keys must be a string")
        settings = _read_toml(config.directory / SETTINGS_FILE, config.warnings)
        theme = settings.get("theme")
        if isinstance(theme, str) and theme:
            config.theme = theme
        return config

    def save_theme(self, theme: str) -> None:
        """Remember the theme; a folder that cannot be written is not worth an error."""
        self.theme = theme
        path = self.directory / SETTINGS_FILE
        escaped = theme.replace("\\", "\\\\").replace('"', '\\"')
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(path.name + ".tmp")
            tmp.write_text(f'theme = "{escaped}"\n', encoding="utf-8")
            tmp.replace(path)
        except OSError:
            pass


def _read_toml(path: Path, warnings: list[str]) -> dict[str, object]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        return {}
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        warnings.append(f"{path}: ignored ({exc})")
        return {}
