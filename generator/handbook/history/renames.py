"""Which file each change belongs to: commits grouped by the file's newest path, renames and
moves walked back. Pure: it works on commits already read."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from handbook.history.commits import Change, Commit, earlier_life


def follow_renames(commits: Iterable[Commit], moved: Mapping[tuple[str, str], str] | None = None,
                   ) -> dict[str, list[Commit]]:
    """Group commits by the file's newest repository path, walking back through renames.

    `moved` continues files from an earlier, newer pass: at commit `sha`, the deletion of
    `old path` is the file `moved[(sha, old path)]` leaving it, so older commits there are its.
    """
    by_path: dict[str, list[Commit]] = {}
    for identity, commit, _ in attribute_changes(commits, moved or {}):
        entries = by_path.setdefault(identity, [])
        if not entries or entries[-1] is not commit:
            entries.append(commit)
    return by_path


def attribute_changes(commits: Iterable[Commit], moved: Mapping[tuple[str, str], str],
                      ) -> Iterator[tuple[str, Commit, Change]]:
    """Each change with the identity (newest path) of the file it changed.

    Commits come newest first (topological order), so when a rename `old -> new` is met,
    every older commit that touched `old` belongs to the file now called by `new`'s name.
    """
    alias: dict[str, str] = {}  # path as it was at this point in the walk -> newest path
    seen: set[str] = set()
    for commit in commits:
        for change in commit.changes:
            left = change.old_path if change.status == "R" else change.path if change.status == "D" else None
            if left is not None and (commit.sha, left) in moved:
                alias[left] = moved[(commit.sha, left)]  # that file is told about this commit already
                if change.status == "D":
                    continue
                # seeing only this pass's paths, Git paired the file that left with another one
                change = Change("A", change.path)
            path = change.path
            identity = alias.get(path, path)
            if change.status == "D" and identity in seen and identity == path:
                # a file deleted here is not the one that later took its path
                identity = earlier_life(path, commit.sha)
                alias[path] = identity
            seen.add(identity)
            yield identity, commit, change
            if change.status == "R" and change.old_path:
                alias[change.old_path] = identity
            if change.status == "A":
                alias.pop(path, None)
