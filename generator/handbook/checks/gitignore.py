"""Builds write into the hub's folder: Git should ignore what they write."""

from __future__ import annotations

from pathlib import Path

from handbook import history
from handbook.model.diagnostics import Diagnostic
from handbook.model.options import Settings


def ignore_lines(site_dir: str) -> list[str]:
    """The .gitignore lines for a site folder and a build's staging and lock files beside it."""
    name = Path(site_dir).name
    return [f"{name}/", f".{name}.*"]


def not_ignored(root: Path, site_dir: str) -> list[str] | None:
    """The lines of `ignore_lines` that Git does not already honour in some form (`site`,
    `/site/`, a parent folder's pattern): none once it ignores both probes. None outside Git."""
    site = (root / site_dir).resolve()
    relative = site.relative_to(root.resolve()) if site.is_relative_to(root.resolve()) else Path(site.name)
    probes = [f"{relative.as_posix()}/", (relative.parent / f".{relative.name}.lock").as_posix()]
    ignored = history.ignored(root, probes)
    if ignored is None:
        return None
    return [line for line, probe in zip(ignore_lines(str(relative)), probes, strict=True)
            if probe not in ignored]


def unignored(settings: Settings) -> list[Diagnostic]:
    """A notice when a built site sits in the hub's Git working tree unignored, where `git add`
    would commit it; silent until there is a site, and outside Git."""
    site = (settings.root / settings.site_dir).resolve()
    if not site.is_dir() or not site.is_relative_to(settings.root.resolve()):
        return []
    missing = not_ignored(settings.root, settings.site_dir)
    if not missing:
        return []
    return [Diagnostic(
        ".gitignore", 1, "notice",
        f"Git does not ignore what builds write ({', '.join(missing)}), so `git add -A` would "
        "commit the built site",
        f"add these lines to .gitignore: {' '.join(missing)} (`handbook init` adds them)",
    )]
