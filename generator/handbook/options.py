"""Handbook's settings: one model read by the MkDocs plugin and by the CLI alike."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field


class Options(BaseModel):
    """What a hub can set under `plugins: - handbook:` in mkdocs.yml."""

    model_config = ConfigDict(extra="forbid")

    playbooks_dir: str = Field("playbooks", description="Folder of playbooks and stages.")
    review_every: str = Field(
        "180 days", pattern=r"^\s*\d+\s+(day|week|month|year)s?\s*$",
        description="Default review interval for documents that set none.",
    )
    freshness: Literal["notice", "warning"] = Field(
        "warning",
        description="Severity of stale-content findings; `warning` makes --strict fail on them.",
    )
    edit_branch: str = Field("main", description="Branch that edit links point at.")
    history: bool = Field(True, description="Read Git history for page histories and What's new.")
    history_length: int = Field(10, ge=0, description="Changes listed at the foot of each page.")
    history_paths: list[str] | None = Field(
        None, description="Paths whose commits count as hub changes (default: content and playbooks).",
    )
    changelog_group: Literal["week", "day"] = Field("week", description="How What's new groups changes.")
    changelog_limit: int = Field(200, ge=1, description="Most changes listed on What's new.")
    feed_length: int = Field(50, ge=1, description="Entries in the Atom feed.")
    date_format: str = Field("%d %b %Y", description="strftime format for dates shown to readers.")
    show_authors: bool = Field(True, description="Name commit authors on pages and feeds.")
    show_emails: bool = Field(False, description="Publish commit authors' email addresses.")


class Settings(BaseModel):
    """Everything the core needs to know about one hub, with paths resolved."""

    root: Path
    content_dir: Path
    options: Options = Field(default_factory=Options)
    site_url: str | None = None
    repo_url: str | None = None
    site_name: str = "Handbook"
    config_file: str = "mkdocs.yml"  # its name, in `root`: diagnostics about the config point here
    theme_dir: Path | None = None  # the hub's theme overrides (`custom_dir`), for `icon` and `template`

    @property
    def playbooks_dir(self) -> Path:
        return self.root / self.options.playbooks_dir

    @property
    def history_paths(self) -> list[str]:
        """Paths, relative to the root, whose commits are hub changes."""
        if self.options.history_paths is not None:
            return self.options.history_paths
        return [
            os.path.relpath(self.content_dir, self.root).replace(os.sep, "/"),
            self.options.playbooks_dir,
        ]


def today() -> dt.date:
    """`SOURCE_DATE_EPOCH` when set, so builds are reproducible; else the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.date.today()


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without importing the Python objects its tags name."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


class ConfigFileError(Exception):
    pass


def read_settings(config_file: Path) -> Settings:
    """Settings from a hub's mkdocs.yml, without loading MkDocs itself."""
    try:
        raw = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
    except FileNotFoundError:
        raise ConfigFileError(
            f"{config_file}: not found; run handbook in the hub's folder or pass --config-file"
        ) from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ConfigFileError(f"{config_file}: cannot be read: {exc}") from None
    root = config_file.resolve().parent
    return settings_for(root, raw.get("docs_dir", "docs"), _plugin_options(raw), raw,
                        config_file.name)


def settings_for(
    root: Path, docs_dir: str, options: dict[str, Any], config: dict[str, Any],
    config_file: str = "mkdocs.yml",
) -> Settings:
    theme = config.get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, dict) else getattr(theme, "custom_dir", None)
    return Settings(
        theme_dir=(root / custom).resolve() if isinstance(custom, str) else None,
        root=root,
        content_dir=(root / docs_dir).resolve(),
        options=Options.model_validate(options or {}),
        site_url=config.get("site_url"),
        repo_url=config.get("repo_url"),
        site_name=config.get("site_name") or "Handbook",
        config_file=config_file,
    )


def _plugin_options(raw: dict[str, Any]) -> dict[str, Any]:
    for entry in raw.get("plugins") or []:
        if isinstance(entry, dict) and "handbook" in entry:
            return entry["handbook"] or {}
    return {}
