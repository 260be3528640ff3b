"""Per-page history: last updated, contributors and recent changes, as plain values."""

from __future__ import annotations

import posixpath
from dataclasses import asdict, dataclass, field
from typing import Any

from handbook.history import Commit, History
from handbook.model.documents import Document
from handbook.model.links import commit_url, file_history_url, pr_url
from handbook.model.options import Settings


@dataclass
class Change:
    date: str
    iso: str
    author: str
    summary: str
    sha: str
    commit_url: str | None
    pr: int | None
    pr_url: str | None


@dataclass
class PageHistory:
    """What the foot of a page says about its history; `state` says why it may be empty."""

    state: str  # committed | uncommitted | unavailable
    reason: str = ""
    updated: Change | None = None
    contributors: list[str] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    total: int = 0
    # where the changes not shown are listed (the host's history of the file), with repo_url
    all_url: str | None = None

    def as_meta(self) -> dict[str, Any]:
        return asdict(self)


def page_history(doc: Document, history: History, settings: Settings) -> PageHistory:
    if not history.available:
        return PageHistory("unavailable", history.reason)
    inside = next((s for s in history.submodules if doc.path.startswith(s + "/")), None)
    if inside:
        return PageHistory("unavailable", f"the page is in the Git submodule `{inside}`")
    if not any(_within(doc.path, p) for p in settings.history_paths):
        return PageHistory("unavailable", "the page is outside the paths history is read for "
                                          "(history_paths in mkdocs.yml)")
    # newest first by date, as `git log` shows a file: a branch merged late has older commits
    # that the topological order (which renames are followed in) puts before main's newer ones
    commits = sorted(history.of(doc.path), key=lambda c: c.date, reverse=True)
    if not commits:
        return PageHistory("uncommitted", "not yet committed")
    changes = [change(c, settings) for c in commits[: max(settings.options.history_length, 1)]]
    # moving the file (into the hub, or within it) changed no word of it: that is no one's update
    named = history.names_of(doc.path)
    moves = {commit.sha for commit, name in named if name is not None and any(
        change.path == name and commit.only_moved(change) for change in commit.changes)}
    written = [c for c in commits if c.sha not in moves] or commits
    contributors: list[str] = []
    for commit in written:
        if settings.options.show_authors and commit.author not in contributors:
            contributors.append(commit.author)
    shown = changes[: settings.options.history_length]
    # the host lists a path's commits, not a file's across its moves: linked only where it says all
    here = history.prefix + doc.path
    linkable = len(commits) > len(shown) and all(name in (None, here) for _, name in named)
    return PageHistory(
        "committed", "", change(written[0], settings), contributors, shown, len(commits),
        file_history_url(settings.repo_url, history.head, here) if linkable else None,
    )


def _within(path: str, folder: str) -> bool:
    folder = posixpath.normpath(folder)
    return folder == "." or path == folder or path.startswith(folder + "/")


def change(commit: Commit, settings: Settings) -> Change:
    return Change(
        date=commit.date.strftime(settings.options.date_format),
        iso=commit.date.date().isoformat(),
        author=commit.author if settings.options.show_authors else "",
        summary=commit.summary,
        sha=commit.sha,
        commit_url=commit_url(settings.repo_url, commit.sha),
        pr=commit.pr,
        pr_url=pr_url(settings.repo_url, commit.pr),
    )
