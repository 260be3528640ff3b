"""Merges that joined a branch forked before files moved into the hub's paths: the branch still
has the old paths (it added `docs/new.md`, or edited `docs/index.md`), the merge has the new ones,
and `git log` shows a merge no file list to follow them by. Which merges those are, and the moves
each carried (found by diffing the merge with each parent), are worked out here. Pure: it works
on commits already read, and on the diffs `git` reads for it."""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from typing import NamedTuple

from handbook.history.commits import Change, Commit

Inside = Callable[[str], bool]  # whether a repository path is in the hub's paths


def moves_in(change: Change, inside: Inside) -> bool:
    """Whether `change` renamed a file from outside the hub's paths into them."""
    return change.status == "R" and bool(change.old_path) and inside(change.path) \
        and not inside(change.old_path or "")


class Moves(NamedTuple):
    """Moves into the hub's paths: the commits that made them, the folders the files left ("" for
    the top of the repository: the files there, not the whole repository), and each old path's
    new one."""

    commits: set[str]
    left: list[str]
    names: dict[str, str]


def moves_into(commits: Iterable[Commit], inside: Inside) -> Moves:
    """The moves into the hub's paths that `commits` made."""
    moving: set[str] = set()
    names: dict[str, str] = {}
    for commit in commits:
        if not commit.renames:  # most commits of a long history
            continue
        for change in commit.changes:
            if change.old_path and moves_in(change, inside):
                moving.add(commit.sha)
                names.setdefault(change.old_path, change.path)
    return Moves(moving, sorted({posixpath.dirname(old) for old in names}), names)


def merges_after(commits: list[Commit], moving: set[str]) -> list[Commit]:
    """The merges that come after a commit of `moving` and have a parent that does not, a branch
    of history made beside the move (`commits` newest first, in topological order)."""
    return _spanning(commits, moving, _after(commits, moving))


def merges_across(commits: list[Commit], moving: set[str], left: list[str]) -> list[Commit]:
    """The merges that joined a branch made beside a move into the hub's paths (by a commit of
    `moving`) which changed a file in a folder the move left (`left`).

    `commits` come newest first (topological order), with their parents as the read rewrote
    them. Beside the move is neither after it nor before it: on a branch forked earlier and
    merged later. Branches forked after the move, or that changed only other files, need
    nothing: their files already have the hub's names, or are not the hub's."""
    after = _after(commits, moving)
    found = _spanning(commits, moving, after)
    if not found:  # most histories: no branch spans a move
        return []
    before: set[str] = set()  # the moves' ancestors: children come first, so one pass finds them
    for commit in commits:
        if commit.sha in moving or commit.sha in before:
            before.update(commit.parents)
    changed_left: dict[str, bool] = {}  # a commit beside the moves -> it or its branch changed `left`
    for commit in reversed(commits):  # parents before children
        if commit.sha not in after and commit.sha not in before:
            changed_left[commit.sha] = any(_under(change, left) for change in commit.changes) or any(
                changed_left.get(parent, False) for parent in commit.parents)
    return [c for c in found if any(changed_left.get(parent, False) for parent in c.parents)]


def _spanning(commits: list[Commit], moving: set[str], after: set[str]) -> list[Commit]:
    return [c for c in commits if len(c.parents) > 1 and c.sha in after and c.sha not in moving
            and any(parent not in after for parent in c.parents)]


def _after(commits: list[Commit], moving: set[str]) -> set[str]:
    """`moving` and the commits that descend from one of them."""
    after = set(moving)
    for commit in reversed(commits):  # parents before children
        for parent in commit.parents:
            if parent in after:
                after.add(commit.sha)
                break
    return after


def carried(diffs: Mapping[str, Iterable[Change]], inside: Inside, names: Mapping[str, str]) -> list[Change]:
    """The moves into the hub's paths a merge made of what one parent brought, from its diffs
    with each parent (parent -> changes): a rename from that parent's old path that another
    parent's diff changes too. A file the merge took unchanged from a parent that already had its
    new name came through that parent, and its history with it; one it did not is the branch's.
    Where the merge changed a file too much for Git to pair it (a conflict resolved), the old
    path it deleted and the new one it added are paired if a move (`names`: old -> new) did."""
    listed = {parent: list(changes) for parent, changes in diffs.items()}
    found: dict[str, Change] = {}
    for parent, changes in listed.items():
        elsewhere = {c.path for other, theirs in listed.items() if other != parent for c in theirs}
        added = {c.path for c in changes if c.status == "A"}
        for change in changes:
            if change.status == "D" and names.get(change.path) in added:
                change = Change("R", names[change.path], change.path)
            if moves_in(change, inside) and change.path in elsewhere:
                found.setdefault(change.path, replace(change, moved_in=True))
    return [found[path] for path in sorted(found)]


def _under(change: Change, folders: list[str]) -> bool:
    """Whether `change` is in one of `folders` ("": at the top)."""
    return any(path is not None and any(path.startswith(f + "/") if f else "/" not in path for f in folders)
               for path in (change.path, change.old_path))
