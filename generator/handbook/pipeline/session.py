"""One build's work, done once: load, check, read history, derive, render."""

from __future__ import annotations

from handbook.checks import clashes, documents, gitignore, theme
from handbook.history import promises
from handbook.history.git import History
from handbook.model.diagnostics import Diagnostic
from handbook.model.hub import Hub
from handbook.model.loader import load
from handbook.model.options import Settings
from handbook.site import broken_links


def run(
    settings: Settings, found_history: History | None = None, links: bool = True
) -> tuple[Hub, list[Diagnostic]]:
    """Load a hub and check it: what `handbook check` and every build start with.

    With the Git history, the promise ledger is checked too: nothing announced may vanish, not
    even with its whole release note. `links`: check links in bodies as MkDocs will (a build
    leaves that to MkDocs itself, which reports them in its own words).
    """
    hub, problems = load(settings)
    problems += documents.check(hub)
    problems += clashes.check(hub, with_history=bool(found_history and found_history.commits))
    if links:
        problems += broken_links.check(hub)
        problems += broken_links.nav(hub)
    if settings.options.history and not settings.site_url:
        problems.append(Diagnostic(
            settings.config_file, 1, settings.options.freshness,
            "`site_url` is not set, so the What's new feed links to pages by relative paths, "
            "which feed readers cannot follow",
            "add `site_url:` with the address the site is published at",
        ))
    problems += gitignore.unignored(settings)
    problems += theme.theme_overrides(settings)
    if found_history is not None and found_history.available:
        if found_history.shallow:
            problems.append(Diagnostic(
                settings.config_file, 1, "warning",
                "this is a shallow clone, so page histories stop early",
                "fetch the full history (`git fetch --unshallow`, or `fetch-depth: 0` in GitHub "
                "Actions' checkout step)",
            ))
        problems += promises.problems(hub, promises.ledger(hub, found_history))
        problems += promises.deleted_releases(hub, found_history)
        problems += promises.deleted_in_working_tree(hub, found_history)
        problems += left_out(settings, found_history)
    return hub, problems


def left_out(settings: Settings, found_history: History) -> list[Diagnostic]:
    """A notice for each commit the history could not represent. History cannot be rewritten,
    so such a commit must never stop a build: it is only named, once per run."""
    return [Diagnostic(
        settings.config_file, 1, "notice",
        f"commit {commit.sha} is left out of page histories and What's new: {commit.why}",
        "nothing to fix in the hub: the commit stays in Git, its pages keep the rest of their history",
    ) for commit in found_history.left_out]
