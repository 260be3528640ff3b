"""The promise ledger: every promise in every release note, as first announced and every
change since, rebuilt from the Git history of the release files.

A promise that shrinks is shown, never hidden: the ledger is what sales hears first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any, Literal, NamedTuple

from markupsafe import Markup
from pydantic import TypeAdapter, ValidationError

from handbook.history import Commit, History, file_versions
from handbook.model.diagnostics import Diagnostic
from handbook.model.documents import Document, Ids, Promise, PromiseStatus, Release, Text
from handbook.model.frontmatter import FrontMatterError, parse
from handbook.model.hub import Hub
from handbook.model.links import commit_url
from handbook.model.markdown import text

Tracked = Literal["claim", "status", "delivered", "note"]
TRACKED: tuple[Tracked, ...] = ("claim", "status", "delivered", "note")
# How a sentence names a field; `note` is not named: a new note is the change's "why".
FIELD_NAMES = {"claim": "the claim", "delivered": "what shipped", "note": "the note"}


class EventKind(StrEnum):
    """What happened to a promise; the values are the words JSON and templates use."""

    ANNOUNCED = "announced"
    CHANGED = "changed"
    RENAMED = "renamed"
    REMOVED = "removed"
    RESTORED = "restored"


class FieldChange(NamedTuple):
    field: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class State:
    """What a promise says at one point of its life: the fields the ledger follows."""

    claim: str
    status: PromiseStatus
    delivered: str | None = None
    note: str | None = None

    @classmethod
    def of(cls, promise: Promise) -> State:
        return cls(promise.claim, promise.status, promise.delivered, promise.note)

    def changes_from(self, before: State | None) -> list[FieldChange]:
        """The fields that differ from `before`; all of them when there is nothing before."""
        changes = [FieldChange(name, getattr(before, name, None), getattr(self, name)) for name in TRACKED]
        return [c for c in changes if c.old != c.new]

    def as_dict(self) -> dict[str, str | None]:
        return asdict(self)


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

    kind: EventKind
    date: dt.date | None  # None: not committed yet
    author: str | None
    sha: str | None
    state: State  # the promise after this event (before it, for a removal)
    changes: list[FieldChange] = field(default_factory=list)
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
        if self.kind in (EventKind.ANNOUNCED, EventKind.RESTORED):
            what = Markup("{} ({})").format(text(self.state.claim), text(self.state.status))
        elif self.kind is EventKind.CHANGED:
            what = in_words(self.changes, self.reason)
            if self.renamed_from:
                when += Markup(", renamed from {}").format(text(self.renamed_from))
        else:
            what = (Markup("deleted from the release note") if self.kind is EventKind.REMOVED
                    else Markup("its id went from {} to {}").format(text(self.renamed_from),
                                                                    text(self.renamed_to)))
            if self.reason:
                what += Markup("; why: {}").format(text(self.reason))
        return Sentence(self.kind.capitalize(), Markup("{}: {}").format(when, what))


@dataclass
class Timeline:
    """One promise of one release, from its announcement to where it stands now."""

    release: Document
    id: str
    events: list[Event] = field(default_factory=list)
    current: State | None = None  # None: no longer in the file

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


class Unreadable(NamedTuple):
    """A promise of an old version whose fields do not validate: only its id, and the ids it
    says it was, are known. It stays as it was until a version says what it became."""

    id: str
    was: tuple[str, ...] = ()


_ID = TypeAdapter(Text)
_IDS = TypeAdapter(Ids)


@dataclass(frozen=True)
class Version:
    """One version of a release note's promises: a commit's, or the working tree's (no sha)."""

    promises: tuple[Promise, ...] = ()
    date: dt.date | None = None
    author: str | None = None
    sha: str | None = None
    reason: str | None = None  # the commit's `Changelog:` trailer, when it has one
    unreadable: tuple[Unreadable, ...] = ()

    @classmethod
    def read(cls, content: str | None, commit: Commit | None = None) -> Version | None:
        """A release note's promises in the text `commit` gave it, validated as the loader
        validates them; None when that text cannot be read (the file deleted, its front matter
        broken, `promises` not a list). A promise with a field that does not validate is
        kept by id, unreadable, so that it neither vanishes nor shows a value it never had."""
        listed = _listed_promises(content)
        if listed is None:
            return None
        read = [_read_promise(raw) for raw in listed]
        return cls(
            tuple(p for p in read if isinstance(p, Promise)),
            commit.date.date() if commit else None, commit.author if commit else None,
            commit.sha if commit else None, _reason(commit),
            tuple(p for p in read if isinstance(p, Unreadable)),
        )

    @property
    def ids(self) -> list[str]:
        """Every promise id of this version, the readable ones first, in the file's order."""
        return [p.id for p in self.promises] + [u.id for u in self.unreadable]

    @property
    def present(self) -> set[str]:
        """The ids this version holds: none of them is removed by it."""
        return set(self.ids) | {old for u in self.unreadable for old in u.was}

    def event(self, kind: EventKind, state: State, changes: list[FieldChange] | None = None,
              renamed_from: str | None = None, renamed_to: str | None = None) -> Event:
        return Event(kind, self.date, self.author, self.sha, state, changes or [],
                     renamed_from, renamed_to, self.reason)


def _listed_promises(content: str | None) -> list[Any] | None:
    """The `promises` list of a file's front matter, unvalidated; None when it cannot be read."""
    if content is None:
        return None
    try:
        listed = parse(content).data.get("promises")
    except FrontMatterError:
        return None
    if listed is None:
        return []
    return listed if isinstance(listed, list) else None


def _read_promise(raw: Any) -> Promise | Unreadable | None:
    """One listed promise, validated; else the ids to follow it by; None without a readable id."""
    if not isinstance(raw, dict):
        return None
    try:
        return Promise.model_validate(raw)
    except ValidationError:
        pass
    try:
        promise_id = _ID.validate_python(raw.get("id"))
    except ValidationError:
        return None
    try:
        was = tuple(_IDS.validate_python(raw.get("was") or []))
    except ValidationError:
        was = ()
    return Unreadable(promise_id, was)


class LedgerBuilder:
    """The timelines of one release's promises, built from its versions, oldest first: the
    committed ones, then the working tree (which adds nothing when it matches the last commit)."""

    def __init__(self, release: Document) -> None:
        self.release = release
        self._live: dict[str, Timeline] = {}  # by the id the promise has now
        self._gone: dict[str, Timeline] = {}  # removed, by the id it had when it went
        self._order: list[str] = []

    def add(self, version: Version) -> None:
        present = version.present
        for promise in version.promises:
            self._place(promise, version, present)
        for gone in [p for p in self._live if p not in present]:
            self._remove(gone, version)
        self._order = version.ids

    def timelines(self) -> list[Timeline]:
        """In the order the newest version lists them, then the removed ones, by announcement."""
        order = {pid: i for i, pid in enumerate(self._order)}
        everything = [*self._live.values(), *self._gone.values()]
        return sorted(everything, key=lambda t: (order.get(t.id, len(order)),
                                                 t.announced.date or dt.date.max))

    def _place(self, promise: Promise, version: Version, present: set[str]) -> None:
        state = State.of(promise)
        timeline, renamed_from = self._continued(promise, present)
        if timeline is None:
            self._begin(promise.id, version, state)
            return
        changes = state.changes_from(timeline.current)
        if changes:
            timeline.events.append(version.event(EventKind.CHANGED, state, changes, renamed_from,
                                                 promise.id if renamed_from else None))
        elif renamed_from:
            timeline.events.append(version.event(EventKind.RENAMED, state, [], renamed_from, promise.id))
        self._settle(timeline, promise.id, state)

    def _continued(self, promise: Promise, present: set[str]) -> tuple[Timeline | None, str | None]:
        """The timeline `promise` continues, and its old id if it continues under a new one
        (`was:`): an old id still in the file is another promise, a removed one comes back."""
        if promise.id in self._live:
            return self._live[promise.id], None
        for old in promise.was:
            if old in self._live and old not in present:
                return self._live.pop(old), old
            if old in self._gone:
                return self._gone.pop(old), old
        return None, None

    def _begin(self, promise_id: str, version: Version, state: State) -> None:
        """A promise first seen, or seen again after it was removed."""
        timeline = self._gone.pop(promise_id, None)
        kind = EventKind.ANNOUNCED if timeline is None else EventKind.RESTORED
        timeline = timeline or Timeline(self.release, promise_id)
        timeline.events.append(version.event(kind, state))
        self._settle(timeline, promise_id, state)

    def _settle(self, timeline: Timeline, promise_id: str, state: State) -> None:
        timeline.id = promise_id
        timeline.current = state
        self._live[promise_id] = timeline

    def _remove(self, promise_id: str, version: Version) -> None:
        timeline = self._live.pop(promise_id)
        timeline.events.append(version.event(EventKind.REMOVED, timeline.events[-1].state))
        timeline.current = None
        self._gone[promise_id] = timeline


def ledger(hub: Hub, history: History) -> dict[str, list[Timeline]]:
    """Release id -> its promises' timelines, in the order the file lists them today. Worked
    out afresh on each call: the build's session keeps the one it shares."""
    releases = hub.of_kind("release")
    if not history.available:
        return {r.id: [] for r in releases}
    versions = file_versions(history, [r.path for r in releases])
    return {r.id: _timelines(r, versions.get(r.path, [])) for r in releases}


def _timelines(release: Document, versions: list[tuple[Commit, str | None]]) -> list[Timeline]:
    """One release's timelines from its committed versions (unreadable ones skipped), then its
    working tree."""
    fields = release.fields
    assert isinstance(fields, Release)
    builder = LedgerBuilder(release)
    for commit, content in versions:
        version = Version.read(content, commit)
        if version is not None:
            builder.add(version)
    builder.add(Version(tuple(fields.promises)))
    return builder.timelines()


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
        if any(set(announced) <= {p.id for p in r.fields_as(Release).promises} for r in uncommitted):
            continue
        yield _deleted(path, announced, "is deleted in the working tree (not committed yet),", "HEAD")


def _last_announced(history: History, paths: list[str]) -> Iterator[tuple[str, list[str]]]:
    """Each of `paths` whose last committed version announced promises, with their ids (a
    promise that does not validate was announced too): one `git cat-file` for the newest
    versions only, never a file's whole past."""
    for path, versions in file_versions(history, paths, newest_only=True).items():
        last = Version.read(versions[-1][1]) if versions else None
        if last and last.ids:
            yield path, last.ids


def _deleted(path: str, announced: list[str], how: str, restore_from: str) -> Diagnostic:
    """The error for a release note gone with its promises, and how to bring it back."""
    ids = ", ".join(f"`{promise_id}`" for promise_id in announced)
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
                "current": t.current.as_dict() if t.current else None,
                "events": [{
                    "kind": e.kind.value, "date": e.date.isoformat() if e.date else None,
                    "author": e.author, "commit": e.sha,
                    "commit_url": commit_url(repo_url, e.sha) if e.sha else None,
                    "renamed_from": e.renamed_from,
                    "changes": [{"field": c.field, "old": c.old, "new": c.new} for c in e.changes],
                    "state": e.state.as_dict(),
                } for e in events],
            })
    return out
