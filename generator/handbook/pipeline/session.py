"""One hub, read once: the spine every front end starts from.

A `Session` is built from settings and owns, once each, what a build or a command needs: the
day it runs on, the Git history (cached while HEAD stays, and honouring `history: false`), the
loaded hub, its diagnostics, the derived facts (promise ledger, stale-content findings) and the
published pages. The MkDocs plugin, every CLI command, `diff` and `export` ask it; none of
them assembles the core by hand, so each fact is computed one way, and only once.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property

from handbook import history
from handbook.checks import blog, clashes, documents, foreign, freshness, gitignore, stranded, theme
from handbook.checks.freshness import Finding
from handbook.history import History, promises
from handbook.history.promises import Timeline
from handbook.model.diagnostics import Diagnostic
from handbook.model.hub import Hub
from handbook.model.loader import load
from handbook.model.options import Settings, today
from handbook.site import broken_links
from handbook.site.tree import Site, build_site

HISTORY_OFF = "history is turned off in mkdocs.yml"


class Session:
    """What one build or command knows about a hub; each part is computed when first asked."""

    def __init__(self, settings: Settings, *, day: dt.date | None = None,
                 history: History | None = None, preview: bool = False) -> None:
        """`day`: the day statuses are judged on (default: today, or SOURCE_DATE_EPOCH's).
        `history`: a history already read (`diff` reads one for two hubs), else read on demand.
        `preview`: the live preview, which shows drafts as MkDocs and Material do, and keeps
        the history for the next session while HEAD stays (it rebuilds on every save); a build
        lets it go with the session, so the pages MkDocs renders next do not share the process
        with every commit of the repository."""
        self.settings = settings
        self.today = day or today()
        self._preview = preview
        if history is not None:
            self.history = history

    @cached_property
    def history(self) -> History:
        """The hub's Git history, read once: by the live preview once per HEAD."""
        if not self.settings.options.history:
            return history.unavailable(HISTORY_OFF)
        read = history.read_cached if self._preview else history.read
        return read(self.settings.root, self.settings.history_paths)

    @cached_property
    def _loaded(self) -> tuple[Hub, list[Diagnostic]]:
        return load(self.settings, self.today, preview=self._preview)

    @property
    def hub(self) -> Hub:
        """Every document, read and validated; problems reading them are in `diagnostics`."""
        return self._loaded[0]

    @cached_property
    def ledger(self) -> dict[str, list[Timeline]]:
        """Release id -> its promises' timelines, from the history of the release notes."""
        return promises.ledger(self.hub, self.history)

    @cached_property
    def findings(self) -> dict[str, list[Finding]]:
        """Document id -> what is stale on it: for the checks, the banners and the freshness page."""
        return {doc.id: list(freshness.findings(doc, self.hub)) for doc in self.hub}

    def diagnostics(self, links: bool = True) -> list[Diagnostic]:
        """Every finding about the hub, as `handbook check` reports them and builds start with.

        With the Git history, the promise ledger is checked too: nothing announced may vanish,
        not even with its whole release note. `links`: check links in bodies as MkDocs will (a
        build leaves that to MkDocs itself, which reports them in its own words)."""
        hub, problems = self._loaded
        problems = [*problems, *documents.check(hub, self.findings)]
        problems += clashes.check(hub, with_history=bool(self.history.commits))
        if links:
            problems += broken_links.check(hub)
            problems += broken_links.nav(hub)
        problems += self._config_notes()
        problems += gitignore.unignored(self.settings)
        problems += theme.theme_overrides(self.settings)
        problems += blog.check(hub)  # what Material's blog plugin reads and prints itself
        problems += foreign.check(hub)  # what another generator left, which MkDocs shows as text
        if self.history.available:
            problems += self._history_problems()
        elif self.history.failed:
            problems.append(self._history_failed())
        return problems

    def _history_failed(self) -> Diagnostic:
        """The hub is in a Git repository whose history Git would not read: without this, only
        the pages' feet ("Page history unavailable") would say so, and `check` would pass in
        silence what it cannot check (announced promises deleted in an earlier commit)."""
        return Diagnostic(
            self.settings.config_file, 1, "notice",
            f"Git history unavailable: {self.history.reason}; pages are built without it: no page "
            "histories, no What's new, and promises deleted in earlier commits are not checked",
            "make `git log` work here (do what Git says; `git fsck` names missing or damaged "
            "objects, which a fresh full clone has), or set `history: false` under the plugin",
        )

    def _config_notes(self) -> list[Diagnostic]:
        if not self.settings.options.history or self.settings.site_url:
            return []
        return [Diagnostic(
            self.settings.config_file, 1, self.settings.options.freshness,
            "`site_url` is not set, so the What's new feed links to pages by relative paths, "
            "which feed readers cannot follow",
            "add `site_url:` with the address the site is published at",
        )]

    def _history_problems(self) -> list[Diagnostic]:
        found: list[Diagnostic] = []
        if self.history.shallow:
            found.append(Diagnostic(
                self.settings.config_file, 1, "warning",
                "this is a shallow clone, so page histories stop early",
                "fetch the full history (`git fetch --unshallow`, or `fetch-depth: 0` in GitHub "
                "Actions' checkout step)",
            ))
        found += stranded.check(self.settings, self.history)  # a move's pages, left behind
        found += promises.problems(self.hub, self.ledger)
        found += promises.deleted_releases(self.hub, self.history)
        found += promises.deleted_in_working_tree(self.hub, self.history)
        return found + self.left_out()

    def left_out(self) -> list[Diagnostic]:
        """A notice for each commit the history could not represent. History cannot be
        rewritten, so such a commit never stops a build: it is only named, once per run."""
        return [Diagnostic(
            self.settings.config_file, 1, "notice",
            f"commit {commit.sha} is left out of page histories and What's new: {commit.why}",
            "nothing to fix in the hub: the commit stays in Git, its pages keep the rest of their "
            "history",
        ) for commit in self.history.left_out]

    @cached_property
    def site(self) -> Site:
        """Every page to publish, rendered once, for MkDocs and for `export` alike."""
        return build_site(self.hub, self.history, self.ledger, self.findings)
