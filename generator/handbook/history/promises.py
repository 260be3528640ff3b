"""The promise ledger: every promise in every release note, as first announced and every
change since, rebuilt from the Git history of the release files.

A promise that shrinks is shown, never hidden: the ledger is what sales hears first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from markupsafe import Markup

from handbook.history import Commit, History, file_versions
from handbook.model.diagnostics import Diagnostic
from handbook.model.documents import Document, Release
from handbook.model.frontmatter import FrontMatterError, parse
from handbook.model.hub import Hub
from handbook.model.links import commit_url
from handbook.model.markdown import text

TRACKED = ("claim", "status", "delivered", "note")
# How a sentence names a field; `note` is not named: a new note is the change's "why".
FIELD_NAMES = {"claim": "the claim", "delivered": "what shipped", "note": "the note"}


class FieldChange(NamedTuple):
    field: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class Sentence:
    """An event in words: `lead` ("Changed") to set in bold, then the rest: Markdown whose
    untrusted values (claims, names, notes) are escaped and whose own words and punctuation are
    not, so a `:` stays a colon in the HTML and in the terminal (through `readable`)."""

    lead: str
    rest: Markup


def _quoted(value: str) -> Markup:
    return Markup("“{}”").format(text(value))


def in_words(changes: Iterable[tuple[str, str | None, str | None]], why: str | None = None) -> Markup:
    """`the claim went from “A” to “B”; status planned → partial; why: ...`: what a change did,
    as readers say it. The reason comes last: a new `note`, else `why`."""
    parts: list[Markup] = []
    for name, old, new in changes:
        label = text(FIELD_NAMES.get(name, name))
        if name == "status":
            parts.append(Markup("status {} → {}").format(text(old), text(new)) if old
                         else Markup("status {}").format(text(new)))
        elif name == "note" and new is not None:
            why = new
        elif old is None:
            parts.append(Markup("{} is now {}").format(label, _quoted(str(new))))
        elif new is None:
            parts.append(Markup("{} was cleared (it was {})").format(label, _quoted(old)))
        else:
            parts.append(Markup("{} went from {} to {}").format(label, _quoted(old), _quoted(new)))
    if why is not None:
        parts.append(Markup("why: {}").format(text(why)))
    return Markup("; ").join(parts)


@dataclass
class Event:
    """One step in a promise's life: announced, changed, renamed, removed or restored."""

    kind: str
    date: dt.date | None  # None: not committed yet
    author: str | None
    sha: str | None
    changes: list[FieldChange] = field(default_factory=list)
    state: dict[str, str | None] = field(default_factory=dict)  # the promise after this event
    renamed_from: str | None = None
    renamed_to: str | None = None
    reason: str | None = None  # the commit's `Changelog:` trailer, when it has one

    @property
    def committed(self) -> bool:
        return self.sha is not None

    def sentence(self, date_format: str) -> Sentence:
        """The event as one sentence, the same on the site, in the digest and in the terminal:
        "Changed 14 Sep 2026 by Sam Ortiz: the claim went from "A" to "B"; status planned →
        partial; why: ...". The why is the promise's new `note`, else the commit's
        `Changelog:` trailer; never the commit body, which is written for developers."""
        when = Markup("not yet committed")
        if self.date:
            when = text(self.date.strftime(date_format))
            if self.author:
                when += Markup(" by {}").format(text(self.author))
        stated = Markup("{} ({})").format(text(self.state.get("claim")), text(self.state.get("status")))
        if self.kind in ("announced", "restored"):
            what = stated
        elif self.kind == "changed":
            what = in_words(self.changes, self.reason)
            if self.renamed_from:
                when += Markup(", renamed from {}").format(text(self.renamed_from))
        else:
            what = {"removed": Markup("deleted from the release note"),
                    "renamed": Markup("its id went from {} to {}").format(
                        text(self.renamed_from), text(self.renamed_to)),
                    }.get(self.kind, text(self.kind))
            if self.reason:
                what += Markup("; why: {}").format(text(self.reason))
        return Sentence(self.kind.capitalize(), Markup("{}: {}").format(when, what))


@dataclass
class Timeline:
    """One promise of one release, from its announcement to where it stands now."""

    release: Document
    id: str
    events: list[Event] = field(default_factory=list)
    current: dict[str, str | None] | None = None  # None: no longer in the file

    @property
    def announced(self) -> Event:
        return self.events[0]

    @property
    def later(self) -> list[Event]:
        return self.events[1:]

    @property
    def last_change(self) -> Event | None:
        return self.events[-1] if len(self.events) > 1 else None

    def changed_since(self, day: dt.date) -> list[Event]:
        return [e for e in self.later if e.date is None or e.date >= day]


def ledger(hub: Hub, history: History) -> dict[str, list[Timeline]]:
    """Release id -> its promises' timelines, in the order the file lists them today."""
    key = f"ledger:{id(history)}"
    if key not in hub.derived:
        releases = hub.of_kind("release")
        if not history.available:
            hub.derived[key] = {r.id: [] for r in releases}
        else:
            versions = file_versions(history, [r.path for r in releases])
            hub.derived[key] = {r.id: _timelines(r, versions.get(r.path, [])) for r in releases}
    return hub.derived[key]  # type: ignore[no-any-return]


def _promises_in(text: str | None) -> list[dict[str, Any]] | None:
    """The promises of one committed version; None when that version cannot be read."""
    if text is None:
        return None
    try:
        data = parse(text).data
    except FrontMatterError:
        return None
    promises = data.get("promises") if isinstance(data, dict) else None
    if not isinstance(promises, list):
        return []
    return [p for p in promises if isinstance(p, dict) and isinstance(p.get("id"), str | int)]


def _state(promise: dict[str, Any]) -> dict[str, str | None]:
    return {k: None if promise.get(k) is None else str(promise.get(k)) for k in TRACKED} | {
        "status": str(promise.get("status") or "planned")}


def _was(promise: dict[str, Any]) -> list[str]:
    was = promise.get("was") or []
    return [str(w) for w in ([was] if isinstance(was, str | int) else was if isinstance(was, list) else [])]


def _timelines(release: Document, versions: list[tuple[Commit, str | None]]) -> list[Timeline]:
    fields = release.fields
    assert isinstance(fields, Release)
    working = [p.model_dump(exclude_none=False) for p in fields.promises]
    steps: list[tuple[Commit | None, list[dict[str, Any]]]] = []
    for commit, version in versions:
        promises = _promises_in(version)
        if promises is not None:
            steps.append((commit, promises))
    if not steps or [_state(p) | {"id": str(p["id"])} for p in steps[-1][1]] != [
            _state(p) | {"id": str(p["id"])} for p in working]:
        steps.append((None, working))  # the working tree differs from the last commit

    live: dict[str, Timeline] = {}
    gone: dict[str, Timeline] = {}
    for step, promises in steps:
        date = step.date.date() if step else None
        author = step.author if step else None
        sha = step.sha if step else None
        reason = _reason(step)
        seen: set[str] = set()
        for promise in promises:
            pid = str(promise["id"])
            state = _state(promise)
            seen.add(pid)
            timeline = live.get(pid)
            renamed = None
            if timeline is None:
                for old in _was(promise):
                    if old in live and old not in {str(p["id"]) for p in promises}:
                        timeline, renamed = live.pop(old), old
                        break
                    if old in gone:
                        timeline, renamed = gone.pop(old), old
                        break
            if timeline is None and pid in gone:
                timeline = gone.pop(pid)
                timeline.events.append(Event("restored", date, author, sha, state=state,
                                             reason=reason))
                timeline.current = state
                live[pid] = timeline
                continue
            if timeline is None:
                timeline = Timeline(release, pid)
                timeline.events.append(Event("announced", date, author, sha, state=state))
                timeline.current = state
                live[pid] = timeline
                continue
            before = timeline.current or {}
            changes = [FieldChange(k, before.get(k), state.get(k)) for k in TRACKED
                       if before.get(k) != state.get(k)]
            if renamed or changes:
                timeline.events.append(Event("renamed" if renamed and not changes else "changed",
                                             date, author, sha, changes, state, renamed,
                                             pid if renamed else None, reason))
            timeline.id = pid
            timeline.current = state
            live[pid] = timeline
        for pid in [p for p in live if p not in seen]:
            timeline = live.pop(pid)
            timeline.events.append(Event("removed", date, author, sha, state=timeline.current or {},
                                         reason=reason))
            timeline.current = None
            gone[pid] = timeline
    order = {str(p["id"]): i for i, p in enumerate(working)}
    everything = list(live.values()) + list(gone.values())
    return sorted(everything, key=lambda t: (order.get(t.id, len(order)), t.announced.date or dt.date.max))


def _reason(commit: Commit | None) -> str | None:
    """A commit's `Changelog:` trailer: what its author wrote for readers."""
    written = commit.trailers.get("changelog") if commit else None
    return written if written and written.lower() != "skip" else None


def problems(hub: Hub, found: dict[str, list[Timeline]]) -> Iterator[Diagnostic]:
    """Nothing announced disappears silently: a committed promise deleted from its file is an error."""
    for release_id, timelines in found.items():
        release = hub.get(release_id)
        if release is None:
            continue
        for timeline in timelines:
            if timeline.current is None and timeline.announced.committed:
                when = timeline.announced.date.isoformat() if timeline.announced.date else ""
                yield Diagnostic(
                    release.path, release.line("promises"), "error",
                    f"promise `{timeline.id}` (announced {when}) was deleted from the release note",
                    f"put it back with `status: cut` and a `note:` saying why; to rename it, give the "
                    f"new promise `was: {timeline.id}`",
                )


def deleted_releases(hub: Hub, history: History) -> Iterator[Diagnostic]:
    """A release note deleted with its promises is an error too: they must not vanish with the file."""
    gone = [path for path, commits in history.files()
            if path.lower().endswith(".md") and hub.at(path) is None
            and commits and any(c.status == "D" and c.path == history.prefix + path
                                for c in commits[0].changes)]
    for path, announced in _last_announced(history, gone):
        deleted = history.of(path)[0]
        yield _deleted(path, announced, f"was deleted in commit {deleted.sha[:7]} "
                                        f"({deleted.date.date().isoformat()})", f"{deleted.sha[:7]}^")


def deleted_in_working_tree(hub: Hub, history: History) -> Iterator[Diagnostic]:
    """A committed release note missing from the working tree: caught before the deletion is
    committed, so the pull request that would make it never goes green. A note moved to a new
    name, with its promises, is not deleted."""
    root = hub.settings.root
    missing = [path for path, commits in history.files()
               if path.lower().endswith(".md") and hub.at(path) is None
               and not (root / path).exists()
               and commits and not any(c.status == "D" and c.path == history.prefix + path
                                       for c in commits[0].changes)]
    uncommitted = [r for r in hub.of_kind("release") if not history.of(r.path)]
    for path, announced in _last_announced(history, missing):
        ids = {str(p["id"]) for p in announced}
        if any(ids <= {str(p.id) for p in r.fields_as(Release).promises} for r in uncommitted):
            continue
        yield _deleted(path, announced, "is deleted in the working tree (not committed yet),", "HEAD")


def _last_announced(history: History, paths: list[str]) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """Each of `paths` whose last committed version announced promises, with those promises:
    one `git cat-file` for the newest versions only, never a file's whole past."""
    for path, versions in file_versions(history, paths, newest_only=True).items():
        announced = _promises_in(versions[-1][1]) if versions else None
        if announced:
            yield path, announced


def _deleted(path: str, announced: list[dict[str, Any]], how: str, restore_from: str) -> Diagnostic:
    """The error for a release note gone with its promises, and how to bring it back."""
    ids = ", ".join(f"`{p['id']}`" for p in announced)
    return Diagnostic(
        path, 1, "error", f"the release note {how} with its announced promises {ids}",
        f"restore it (`git checkout {restore_from} -- {path}`) and mark each promise `status: cut` "
        "with a `note:`; to move it, rename the file instead",
    )


def changed_promises(found: dict[str, list[Timeline]], since: dt.date) -> list[tuple[Timeline, Event]]:
    """Every change since `since` across releases, newest first (uncommitted ones first of all)."""
    events = [(t, e) for timelines in found.values() for t in timelines for e in t.changed_since(since)]
    return sorted(events, key=lambda te: te[1].date or dt.date.max, reverse=True)


def counts(release: Document) -> dict[str, int]:
    fields = release.fields
    assert isinstance(fields, Release)
    found = {s: 0 for s in ("shipped", "partial", "planned", "delayed", "cut")}
    for promise in fields.promises:
        found[promise.status] += 1
    return found


def as_json(found: dict[str, list[Timeline]], repo_url: str | None,
            since: dt.date | None = None) -> list[dict[str, Any]]:
    """The ledger as plain data, for scripts and `handbook promises --format json`."""
    out = []
    for timelines in found.values():
        for t in timelines:
            events = t.changed_since(since) if since else t.events
            if since and not events:
                continue
            out.append({
                "release": t.release.name, "release_title": t.release.title, "id": t.id,
                "current": t.current,
                "events": [{
                    "kind": e.kind, "date": e.date.isoformat() if e.date else None,
                    "author": e.author, "commit": e.sha,
                    "commit_url": commit_url(repo_url, e.sha) if e.sha else None,
                    "renamed_from": e.renamed_from,
                    "changes": [{"field": c.field, "old": c.old, "new": c.new} for c in e.changes],
                    "state": e.state,
                } for e in events],
            })
    return out
