"""What changed in the hub, when and by whom: the site-wide changelog from Git history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from handbook.history import Commit, History, file_path
from handbook.model.documents import Document
from handbook.model.hub import Hub
from handbook.model.links import absolute, commit_url, page_url_of, pr_url
from handbook.model.options import Settings

# Conventional Commits types, as labels readers understand.
LABELS = {
    "feat": "New", "fix": "Correction", "docs": "Update", "content": "Update",
    "refactor": "Reorganised", "style": "Formatting", "revert": "Reverted",
    "chore": "Maintenance", "perf": "Maintenance", "build": "Maintenance", "ci": "Maintenance",
    "test": "Maintenance",
}


@dataclass(frozen=True)
class Touched:
    """A page a change touched, as it is called today (or was, if it is gone)."""

    path: str
    title: str
    kind: str
    uri: str | None  # site path of the page, None when the page no longer exists
    doc_id: str | None = None


@dataclass
class Entry:
    commit: Commit
    label: str
    pages: list[Touched]
    audience: set[str] = field(default_factory=set)  # role ids; empty: for everyone

    @property
    def summary(self) -> str:
        return self.commit.summary

    @property
    def when(self) -> dt.datetime:
        """When the change reached the mainline (a merged branch's, at the merge)."""
        return self.commit.when

    def for_role(self, role: str) -> bool:
        return not self.audience or role in self.audience


def entries(
    hub: Hub, history: History, since: dt.date | None = None, until: dt.date | None = None,
    address: Callable[[Document], str | None] | None = None,
) -> list[Entry]:
    """Hub changes, newest first by when they reached the mainline (`Entry.when`), which `since`
    and `until` count too; skipped commits, commits outside the hub and commits that only moved
    files into the hub unchanged (an adoption: the pages' own changes are listed) are left out.
    `address`: where a page is published when not at its own site path (a blog's post, for
    the command line; a build relinks them to where the blog put them)."""
    found: list[Entry] = []
    for commit in history.commits:
        day = commit.when.date()
        if commit.skipped or commit.only_moved_in or (since and day < since) or (until and day > until):
            continue
        touched = (_touched(path, hub, address) for path in history.paths_of.get(commit.sha, []))
        pages = [p for p in touched if p is not None]
        if not pages:
            continue
        audience: set[str] = set()
        for page in pages:
            doc = hub.get(page.doc_id) if page.doc_id else None
            if doc is None or not doc.fields.audience:
                audience = set()
                break
            audience.update(hub.resolved(doc.fields.audience, "role"))
        found.append(Entry(commit, _label(commit, pages), pages, audience))
    return sorted(found, key=lambda entry: entry.when, reverse=True)  # stable: one merge's keep Git's order


def _touched(path: str, hub: Hub, address: Callable[[Document], str | None] | None) -> Touched | None:
    name = PurePosixPath(file_path(path))
    if name.suffix != ".md" or file_path(path) in hub.unpublished:
        return None
    doc = hub.at(path)
    if doc is not None:
        return Touched(path, doc.title, doc.kind, (address and address(doc)) or doc.uri, doc.id)
    return Touched(str(name), name.stem.replace("-", " ").capitalize(), "removed page", None)


def _label(commit: Commit, pages: list[Touched]) -> str:
    if commit.kind in LABELS:
        return LABELS[commit.kind]
    statuses = {change.status for change in commit.changes}
    if statuses == {"D"}:
        return "Removed"
    return "New" if "A" in statuses else "Update"


def period_start(day: dt.date, by: str) -> dt.date:
    """The day a group starts: the Monday of its ISO week, or the day itself."""
    return day - dt.timedelta(days=day.weekday()) if by == "week" else day


def grouped(found: list[Entry], by: str) -> list[tuple[dt.date, list[Entry]]]:
    groups: dict[dt.date, list[Entry]] = {}
    for entry in found:
        groups.setdefault(period_start(entry.when.date(), by), []).append(entry)
    return sorted(groups.items(), key=lambda item: item[0], reverse=True)


def as_json(found: list[Entry], settings: Settings) -> list[dict[str, Any]]:
    """Plain data for scripts; emails only when the site opts in."""
    options = settings.options
    return [
        {
            "date": e.commit.date.isoformat(),
            "landed": e.when.isoformat(),
            "label": e.label,
            "summary": e.summary,
            "type": e.commit.kind,
            "author": e.commit.author if options.show_authors else None,
            **({"email": e.commit.email} if options.show_emails else {}),
            "commit": e.commit.sha,
            "commit_url": commit_url(settings.repo_url, e.commit.sha),
            "pr": e.commit.pr,
            "pr_url": pr_url(settings.repo_url, e.commit.pr),
            "pages": [
                {"title": p.title, "kind": p.kind, "path": p.path,
                 "url": absolute(settings.site_url, page_url_of(p.uri))
                 if p.uri and settings.site_url else None}
                for p in e.pages
            ],
        }
        for e in found
    ]
