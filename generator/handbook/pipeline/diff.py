"""`handbook diff BASE [HEAD]`: what a change means to readers, for reviewers and for sales."""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from handbook import history
from handbook.history import History, promises
from handbook.model.diagnostics import Diagnostic
from handbook.model.documents import Campaign, Document, Release
from handbook.model.markdown import environment
from handbook.model.options import Settings, today
from handbook.pipeline.session import Session


@dataclass
class Changes:
    """What differs for readers; promise fields are (name, old, new), none at all when deleted."""

    added: list[Document] = field(default_factory=list)
    changed: list[Document] = field(default_factory=list)
    removed: list[Document] = field(default_factory=list)
    messages: list[tuple[Document, list[str], list[str]]] = field(default_factory=list)
    promises: list[tuple[Document, str, list[tuple[str, str | None, str | None]]]] = field(
        default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)


def session_at(settings: Settings, revision: str | None, workdir: Path, day: dt.date,
               found_history: History) -> Session:
    """The hub at a revision (None: the working tree), to be loaded and checked like any hub."""
    if revision is None:
        return Session(settings, day=day, history=found_history)
    content = settings.content_dir.relative_to(settings.root).as_posix()
    paths = [content, settings.options.playbooks_dir]
    for name, data in history.files_at(settings.root, revision, paths).items():
        if ".." in PurePosixPath(name).parts or PurePosixPath(name).is_absolute():
            continue  # Git never stores such names; never write outside the work folder anyway
        (workdir / name).parent.mkdir(parents=True, exist_ok=True)
        (workdir / name).write_bytes(data)
    (workdir / content).mkdir(parents=True, exist_ok=True)
    moved = settings.model_copy(update={
        "root": workdir, "content_dir": workdir / settings.content_dir.relative_to(settings.root)})
    return Session(moved, day=day, history=found_history)


def compare(settings: Settings, base: str, head: str | None, day: dt.date | None = None) -> Changes:
    """Both hubs, loaded and checked; HEAD's check includes the promise ledger's when the
    history ends at HEAD (the working tree, or the commit checked out), as `handbook check`'s does.
    """
    history.commit_of(settings.root, base)  # a typo in BASE is named before any work
    day = day or today()
    with tempfile.TemporaryDirectory(prefix="handbook-diff-") as tmp:
        old = session_at(settings, base, Path(tmp) / "base", day, history.unavailable("the base"))
        new = session_at(settings, head, Path(tmp) / "head", day, _history_ending_at(settings, head))
        old_problems, new_problems = old.diagnostics(), new.diagnostics()
    found = Changes()
    for doc in new.hub:
        before = old.hub.get(doc.id)
        if before is None:
            found.added.append(doc)
        elif before.fields != doc.fields or before.body != doc.body:
            found.changed.append(doc)
            _details(before, doc, found)
    found.removed = [doc for doc in old.hub if new.hub.get(doc.id) is None]
    known = {(d.path, d.severity, d.message) for d in old_problems}
    found.problems = sorted(d for d in new_problems if (d.path, d.severity, d.message) not in known)
    return found


def _history_ending_at(settings: Settings, head: str | None) -> History:
    """The hub's history when it ends at HEAD (the working tree, or the commit checked out);
    else none: the ledger is only checked against the history that leads to HEAD."""
    found = Session(settings).history
    if found.available and head is not None and history.commit_of(settings.root, head) != found.head:
        return history.unavailable("the history does not end at HEAD")
    return found


def _details(before: Document, after: Document, found: Changes) -> None:
    if (isinstance(before.fields, Campaign) and isinstance(after.fields, Campaign)
            and before.fields.messages != after.fields.messages):
        found.messages.append((after, before.fields.messages, after.fields.messages))
    if isinstance(before.fields, Release) and isinstance(after.fields, Release):
        old = {p.id: p for p in before.fields.promises}
        for promise in after.fields.promises:
            was = old.get(promise.id) or next((old[w] for w in promise.was if w in old), None)
            if was is None:
                found.promises.append((after, promise.id, [("claim", None, promise.claim),
                                                           ("status", None, promise.status)]))
                continue
            fields = [(k, getattr(was, k), getattr(promise, k)) for k in ("claim", "status", "delivered")
                      if getattr(was, k) != getattr(promise, k)]
            if fields:
                found.promises.append((after, promise.id, fields))
        kept = {i for p in after.fields.promises for i in (p.id, *p.was)}
        for gone in before.fields.promises:
            if gone.id not in kept:  # deleted, not renamed: no fields, said in words
                found.promises.append((after, gone.id, []))


def summary(changes: Changes, base: str, head: str | None) -> str:
    """Markdown for a pull request's job summary or a message to sales."""
    env = environment()
    env.filters["in_words"] = promises.in_words
    text = env.get_template("diff.md").render(c=changes, base=base, head=head or "the working tree")
    return text.strip() + "\n"
