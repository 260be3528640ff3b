"""Git, run: history read in one streaming pass (every hub path's commits, renames followed),
files as of a revision, what Git ignores.

Files moved into the hub's paths from elsewhere in the repository keep their history: the pass
also reads where the hub's folders were moved in from, a bounded few more follow other moves,
and one `git diff-tree` the merges of branches forked before a move (see `_walk`). This is the
only module that runs Git; `commits` reads what it prints, `renames` groups the commits by file
and `merges` finds the merges to diff. Everything else receives plain data.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import itertools
import os
import posixpath
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from handbook.history.commits import (
    Change,
    Commit,
    History,
    LeftOut,
    Listed,
    attribute_landing,
    attribute_merged_prs,
    draw_boundary,
    log_format,
    mainline_of,
    pairable,
    parse_log,
)
from handbook.history.merges import Moves, carried, merges_across, merges_after, moves_into
from handbook.history.renames import attribute_changes

# GitPython checks for a git executable at import; without git we want "no history", not a crash.
os.environ.setdefault("GIT_PYTHON_REFRESH", "quiet")

# Pure Git options of every history pass: merges kept, parents rewritten, newest first by topology.
_WALK = ("--topo-order", "--full-history", "--parents")
MOVE_PASSES = 8  # moves of moves followed back from the hub's paths, one more pass each
LOGS_AT_ONCE = 4  # `git log`s of rename look-ups run together (see `_logs`)
# What the given commits added and deleted, unpaired (each file's content named: `raw=True`)
_LISTING = ("--no-walk", "--no-renames", "--diff-filter=AD")


def file_versions(
    history: History, paths: list[str], newest_only: bool = False
) -> dict[str, list[tuple[Commit, str | None]]]:
    """Every committed version of each file, oldest first, read by one `git cat-file --batch`.

    A version is None where the commit deleted the file (or Git could not read it). With
    `newest_only`, just the newest version that has content: a deleted file's last words,
    without reading (and holding) every version it ever had.
    """
    wanted = {path: history.names_of(path) for path in paths}
    if newest_only:
        wanted = {path: [named for named in versions if named[1]][:1]
                  for path, versions in wanted.items()}
    requests = [f"{c.sha}:{name}" for named in wanted.values() for c, name in named if name]
    blobs: dict[str, str | None] = {}
    if requests and history.top is not None:
        try:
            proc = subprocess.run(["git", "cat-file", "--batch"], cwd=history.top, check=True,
                                  input="\n".join(requests).encode() + b"\n", capture_output=True)
            blobs = dict(zip(requests, _batch_blobs(proc.stdout), strict=False))
        except (OSError, subprocess.SubprocessError, ValueError):
            blobs = {}
    return {
        path: [(c, blobs.get(f"{c.sha}:{name}") if name else None) for c, name in reversed(named)]
        for path, named in wanted.items()
    }


def _batch_blobs(output: bytes) -> list[str | None]:
    """The contents `git cat-file --batch` printed, as text, in request order (None: missing)."""
    return [None if data is None else data.decode("utf-8", "replace") for data in _batch_contents(output)]


def _batch_contents(output: bytes) -> list[bytes | None]:
    """The contents `git cat-file --batch` printed, in request order (None: missing)."""
    found: list[bytes | None] = []
    position = 0
    while position < len(output):
        end = output.index(b"\n", position)
        parts = output[position:end].split()
        position = end + 1
        if len(parts) != 3:
            found.append(None)
            continue
        size = int(parts[2])
        found.append(output[position:position + size])
        position += size + 1
    return found


_CACHE: dict[tuple[str, tuple[str, ...]], tuple[str, History]] = {}


def read_cached(root: Path, paths: Iterable[str] = ("content", "playbooks")) -> History:
    """`read`, reused while HEAD stays where it was: `serve` rebuilds after an edit without
    walking the history again. Uncommitted edits do not move HEAD and need no history."""
    key = (str(root.resolve()), tuple(paths))
    head = _head(root)
    cached = _CACHE.get(key)
    if head is not None and cached is not None and cached[0] == head:
        return cached[1]
    found = read(root, paths)
    if head is not None and found.available:
        _CACHE[key] = (head, found)
    return found


def _head(root: Path) -> str | None:
    """The commit HEAD points at (one cheap git call), or None without a usable repository."""
    try:
        proc = subprocess.run(["git", "rev-parse", "-q", "--verify", "HEAD"], cwd=root, check=False,
                              capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return proc.stdout.strip() or None if proc.returncode == 0 else None


def unavailable(reason: str, *, failed: bool = False) -> History:
    """No history, and why; `failed`: the hub is in a Git repository that Git could not read."""
    return History(available=False, reason=reason, failed=failed)


def read(root: Path, paths: Iterable[str] = ("content", "playbooks")) -> History:
    """Read the history of `paths` (relative to the hub root), files followed across renames and
    moves from anywhere in the repository (see `_walk`)."""
    try:
        import git
    except ImportError:  # pragma: no cover - GitPython is a dependency
        return unavailable("GitPython is not installed")
    try:
        repo = git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return unavailable("the hub is not in a Git repository")
    except git.GitCommandNotFound:
        return unavailable("git is not installed", failed=True)
    try:
        top = Path(repo.working_tree_dir or root).resolve()
        prefix = root.resolve().relative_to(top).as_posix()
        prefix = "" if prefix == "." else prefix + "/"
        try:
            # read from the refs: `repo.head.commit` would start a `git cat-file` to ask its type
            head = git.SymbolicReference.dereference_recursive(repo, "HEAD")
        except ValueError:  # no commits yet, or Git refuses the repository
            return _without_commits(root)
        shallow = (Path(repo.git_dir) / "shallow").exists()
        pathspecs = _outermost(prefix + p for p in paths)
        commits, by_identity, left_out = _walk(top, pathspecs)
        submodules = _submodules(repo, top, prefix, pathspecs)
    except (git.GitCommandError, git.GitCommandNotFound, GitFailed, OSError,
            subprocess.SubprocessError) as exc:
        return unavailable(_refusal(root) or f"git log failed: {exc}".splitlines()[0], failed=True)
    history = History(available=True, shallow=shallow, head=head, top=top, prefix=prefix,
                      submodules=submodules, left_out=left_out, commits=commits)
    history.by_path = {identity[len(prefix):]: found for identity, found in by_identity.items()
                       if identity.startswith(prefix)}
    for path, path_commits in history.by_path.items():
        for commit in path_commits:
            history.paths_of.setdefault(commit.sha, []).append(path)
    return history


def _without_commits(root: Path) -> History:
    """The history of a repository HEAD has no commit in: empty, unless Git refuses it."""
    refused = _refusal(root)
    if refused:
        return unavailable(refused, failed=True)
    return History(available=True, reason="the repository has no commits yet")


class GitFailed(Exception):
    """git exited with an error; the message is its first line of complaint."""


class _Log:
    """One `git log` process, started when made and parsed as it streams by `read`, so several
    can run at once (`_logs`). Revisions (and paths after a `--` line) come on its standard
    input, so any number of them fit; `options` follow the fixed ones. `raw`: each file's
    content is named too (`Listed`). `diff_tree`: a `git diff-tree` instead, one line of input
    a commit and the parent to diff it with (printed as its only parent), paths in `options`."""

    def __init__(self, top: Path, boundary: bytes, stdin: Sequence[str], *options: str, raw: bool = False,
                 diff_tree: bool = False) -> None:
        self.boundary = boundary
        # a file, not a pipe: a chatty git never blocks (closed by __exit__)
        self.errors = tempfile.TemporaryFile()  # noqa: SIM115
        listing = ("--raw", "--no-abbrev") if raw else ("--name-status",)
        tool = ("diff-tree", "--stdin", "-r", "--always") if diff_tree else ("log", "--stdin")
        command = ["git", *tool, *listing, "-M", "-z", "--no-color", "--no-show-signature",
                   f"--format={log_format(boundary)}", *options]
        try:
            self.process = subprocess.Popen(command, cwd=top, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                            stderr=self.errors)
        except BaseException:
            self.errors.close()
            raise
        assert self.process.stdin is not None
        try:
            with self.process.stdin:  # git reads all of it before it prints anything
                self.process.stdin.write("".join(line + "\n" for line in stdin).encode("utf-8",
                                                                                         "surrogateescape"))
        except BrokenPipeError:
            pass  # git stopped early: what it said follows
        except BaseException:  # interrupted, say: no git is left running
            self.__exit__()
            raise

    def read(self) -> list[Commit | LeftOut]:
        """The commits git printed; GitFailed, in git's words, if it failed."""
        parsed = list(parse_log(_chunks(self.process.stdout), self.boundary))
        if self.process.wait() != 0:
            self.errors.seek(0)
            said = [line.strip().removeprefix("fatal: ")
                    for line in self.errors.read().decode(errors="replace").splitlines()]
            raise GitFailed(next((line for line in said if line),
                                 f"git exited with {self.process.returncode}"))
        return parsed

    def __enter__(self) -> _Log:
        return self

    def __exit__(self, *_: object) -> None:
        if self.process.poll() is None:  # not read to the end: something failed
            self.process.kill()
        self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()
        self.errors.close()


def _log(top: Path, boundary: bytes, stdin: Sequence[str], *options: str, raw: bool = False,
         diff_tree: bool = False) -> list[Commit | LeftOut]:
    """One `git log`, run and parsed (see `_Log`)."""
    with _Log(top, boundary, stdin, *options, raw=raw, diff_tree=diff_tree) as log:
        return log.read()


def _logs(top: Path, boundary: bytes, asked: Sequence[Sequence[str]], *options: str,
          ) -> list[list[Commit | LeftOut]]:
    """`git log`s of the same options, started LOGS_AT_ONCE at a time and read in order: Git's
    diffs are the cost, and they run side by side, on as many cores as there are, while Python
    reads the first (a later one waits once its pipe is full)."""
    found: list[list[Commit | LeftOut]] = []
    for first in range(0, len(asked), LOGS_AT_ONCE):
        with contextlib.ExitStack() as running:
            logs = [running.enter_context(_Log(top, boundary, stdin, *options))
                    for stdin in asked[first:first + LOGS_AT_ONCE]]
            found += [log.read() for log in logs]
    return found


def _walk(top: Path, pathspecs: list[str], whole: bool | None = None, guess: bool = True,
          ) -> tuple[list[Commit], dict[str, list[Commit]], list[LeftOut]]:
    """Every commit of the hub's files, newest first, and each file's commits by its repository
    path today, including the commits from before the file moved into the hub's paths.

    Where the hub's paths hold most of the repository (`whole`; its own repository, say), one
    pass over all of it is the cheapest, and Git sees every move into the hub itself. Elsewhere
    (docs in a code repository) the first pass reads the hub's paths and the folders their pages
    were moved in from when the hub's folders were made (`_sources`, a guess unless `guess` is
    off), so Git sees that move itself. Limited to those paths, Git sees a file moved in from
    anywhere else as added; `_moved_in` asks the adding commits where each came from. The next
    pass reads the folders of those old paths from the moving commits back (a folder is read
    faster than a list of its files, and renames inside it are seen), and so on for moves of
    moves, until a pass finds no new old path (at most MOVE_PASSES more passes). A wrong guess
    costs a pass. A right one also finds, where the move was made in a branch merged later, the
    old folders' commits made on main beside it, which a pass from the moving commit back cannot
    reach. A merge of a branch forked before a move (which Git shows without files) gets the
    moves it made of that branch's files (`_carry_merged`), in the pass that read the folders
    they left; a pass from moving commits back starts at the merges after them too. Which paths
    Git reads together can change what it sees in rare shapes: how it pairs a commit's renames,
    and which merges it keeps (so which commits a PR's number reaches)."""
    boundary = draw_boundary()

    def inside(path: str) -> bool:
        return _read(path, pathspecs)
    whole = _mostly_hub(top, pathspecs) if whole is None else whole
    made = _created(top, pathspecs) if guess and not whole else {}
    read_here = _sources(top, boundary, pathspecs, made) if made else []
    wide = whole or bool(read_here)  # the first pass reads more than the hub's paths
    parsed = _log(top, boundary, ["HEAD"], *_WALK,
                  *([] if whole else ["--", *pathspecs, *(":(literal)" + spec for spec in read_here)]))
    everyone: dict[str, Commit] = {}  # sha -> the one object every pass shares
    by_identity: dict[str, list[Commit]] = {}
    added: list[list[Commit]] = []  # the commits each pass contributed, in its order
    left_out: dict[str, LeftOut] = {}
    moved: dict[tuple[str, str], str] = {}  # (moving commit, old path) -> the file's identity
    reached: dict[str, int] = {}  # sha -> the PR of the merge that brought it in, as a pass found
    landed: dict[str, dt.datetime] = {}  # sha -> when it reached the mainline, as a pass found
    moving: list[str] = []  # the moving commits a pass starts at (none for the first)
    merged: list[str] = []  # the merges a pass starts at, beside the moving commits
    with contextlib.ExitStack() as running:  # a listing started early is never left running
        for depth in range(MOVE_PASSES + 1):
            commits = [c for c in parsed if isinstance(c, Commit)]
            left_out.update((c.sha, c) for c in parsed if isinstance(c, LeftOut))
            # what the commits that added files deleted elsewhere, asked of Git now: it lists them
            # while the merges are diffed and Python attributes the pass (see `_moved_in`)
            early = None if whole or depth == MOVE_PASSES else _listing(top, boundary, commits, running)
            if depth:  # it read the folders the files left
                _carry_merged(top, boundary, commits, pathspecs, Moves(
                    set(moving), sorted({posixpath.dirname(old) for _, old in moved}),
                    {old: identity for (_, old), identity in moved.items()}))
            elif wide:
                _carry_merged(top, boundary, commits, pathspecs, moves_into(commits, inside))
                _as_the_hub_sees(commits, pathspecs)
            # a pass from a merged branch's commits, or from merges, back: their first parents are not
            # main's (one `git rev-list`, for this rare pass only)
            mainline = mainline_of(commits, moving, _first_parents(top) if merged or any(
                sha in reached for sha in moving) else [])
            reached.update(attribute_merged_prs(commits, mainline=mainline, reached=reached))
            attribute_landing(commits, mainline, landed)
            landed.update((c.sha, c.landed) for c in commits if c.landed is not None)
            attributed = list(attribute_changes(commits, moved))
            if depth or wide:  # this pass read more than the hub's paths: keep only the hub's files
                hub = by_identity.keys() if depth else _hub_files(attributed, pathspecs)
                # a merge's moves (`_carry_merged`) name files no earlier pass found
                attributed = [found for found in attributed if found[0] in hub or depth and inside(found[0])]
            added.append(_share(commits, attributed, everyone, pathspecs, keep_all=not depth and not wide))
            oldest = _record(attributed, by_identity, everyone)
            if whole or depth == MOVE_PASSES:
                break
            adding = {key: identity for identity, key in oldest.items() if key[0]}
            moved = _moved_in(top, boundary, adding, everyone, [*pathspecs, *read_here], early)
            if not moved:
                break
            read_here = _folders(old for _, old in moved)
            moving = sorted({sha for sha, _ in moved})
            merged = [merge.sha for merge in merges_after(commits, set(moving))]
            parsed = _log(top, boundary, [*moving, *merged, "--",
                                          *(":(literal)" + spec for spec in read_here)], *_WALK)
    # newest first by date: a pass lists a branch merged late before main's newer commits
    commits = sorted(itertools.chain(*added), key=lambda c: c.date, reverse=True)
    return [c for c in commits if c.changes], by_identity, list(left_out.values())


def _record(attributed: list[tuple[str, Commit, Change]], by_identity: dict[str, list[Commit]],
            everyone: dict[str, Commit]) -> dict[str, tuple[str, str]]:
    """Add one pass's commits to each file's (`by_identity`); return each file's oldest change
    there as (commit, path) where it added the file, ("", "") where it did not."""
    oldest: dict[str, tuple[str, str]] = {}
    for identity, commit, change in attributed:
        entries = by_identity.setdefault(identity, [])
        shared = everyone[commit.sha]
        if not entries or entries[-1] is not shared:
            entries.append(shared)
        oldest[identity] = (commit.sha, change.path) if change.status == "A" else ("", "")
    return oldest


def _carry_merged(top: Path, boundary: bytes, commits: list[Commit], pathspecs: list[str], moves: Moves,
                  ) -> None:
    """Give the merges that joined a branch forked before a move into the hub's paths (`moves`)
    the moves they made of that branch's files (see `merges`), so its commits are followed: one
    `git diff-tree` diffs each merge with each parent, over the hub's paths and the folders the
    moves left (the files at the top, for a move from there)."""
    def inside(path: str) -> bool:
        return _read(path, pathspecs)
    found = merges_across(commits, moves.commits, moves.left) if moves.commits else []
    if not found:
        return
    left = [":(literal)" + folder if folder else ":(glob)*" for folder in moves.left]
    try:
        diffs = _log(top, boundary, [f"{merge.sha} {parent}" for merge in found for parent in merge.parents],
                     "--", *pathspecs, *left, diff_tree=True)
    except (GitFailed, OSError):
        return  # the branch's pages have no history from before the merge, as before
    by_merge: dict[str, dict[str, list[Change]]] = {}
    for diff in diffs:
        if isinstance(diff, Commit) and diff.parents:
            by_merge.setdefault(diff.sha, {})[diff.parents[0]] = diff.changes
    for merge in found:
        merge.changes += [change for change in carried(by_merge.get(merge.sha, {}), inside, moves.names)
                          if change not in merge.changes]


def _sources(top: Path, boundary: bytes, pathspecs: list[str], made: Mapping[str, list[str] | None],
             ) -> list[str]:
    """The folders files were moved in from by the commits that made the hub's paths (`made`,
    see `_created`; how a team adopts Handbook: `git mv docs content`), read with them in one
    pass instead of after them. A guess: a wrong one costs a pass (see `_walk`), and a Git too
    old to show a merge's move finds none."""
    seen = [folder for folders in made.values() for folder in folders or ()]
    listed = [commit for commit, folders in made.items() if folders is None]
    try:
        renamed = _renamed_in(top, boundary, listed, lambda _, path: _read(path, pathspecs),
                              pathspecs, "--diff-merges=first-parent")  # a merge's move: against main
    except GitFailed:
        return _outermost(seen)
    return _outermost([*seen, *_folders(change.old_path for change in renamed.values() if change.old_path)])


def _created(top: Path, pathspecs: list[str]) -> dict[str, list[str] | None]:
    """For each hub path HEAD has, a commit on HEAD's first-parent line that made it (see
    `_made_at`; none where the first commit did), with the folders it moved in whole (see
    `_moved_whole`; None where its files must be listed to tell), asked of one `git cat-file`."""
    try:
        with _Objects(top) as objects:
            made: dict[str, list[str]] = {}
            for spec in pathspecs:
                if _sayable(spec) and (commit := _made_at(objects.found, spec)):
                    made.setdefault(commit, []).append(spec)
            return {commit: _moved_whole(objects, commit, specs) for commit, specs in sorted(made.items())}
    except OSError:  # git stopped answering; only the speed depends on it
        return {}


class _Objects:
    """One `git cat-file`, asked an object at a time: what a name is (`found`), and what a tree
    holds (`tree`: with Git 2.36's `--batch-command`; None with an older Git)."""

    def __init__(self, top: Path) -> None:
        self.top, self.full = top, True
        self.process = self._start("--batch-command")
        if not self._ask("info", "HEAD"):  # no answer at all: an older Git refused the option
            self.__exit__()
            self.full, self.process = False, self._start("--batch-check")

    def _start(self, batch: str) -> subprocess.Popen[bytes]:
        return subprocess.Popen(["git", "cat-file", batch], cwd=self.top, stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)

    def _ask(self, command: str, name: str) -> list[bytes]:
        """The answer's first line, in words: `<object> <type> <size>`, or `<name> missing`."""
        assert self.process.stdin is not None and self.process.stdout is not None
        asked = f"{command} {name}" if self.full else name
        try:
            self.process.stdin.write(asked.encode("utf-8", "surrogateescape") + b"\n")
            self.process.stdin.flush()
        except BrokenPipeError:
            return []
        return self.process.stdout.readline().split()

    def found(self, name: str) -> str | None:
        """The object `name` is (a revision, `revision:path` or an id), or None where there is none."""
        answer = self._ask("info", name)
        return answer[0].decode() if len(answer) == 3 and answer[2].isdigit() else None

    def tree(self, name: str) -> dict[str, tuple[str, str]] | None:
        """The entries of the tree `name` is (name -> mode, object id), or None."""
        if not self.full:
            return None
        answer = self._ask("contents", name)
        if len(answer) != 3 or answer[1] != b"tree" or not answer[2].isdigit():
            return None
        assert self.process.stdout is not None
        data = self.process.stdout.read(int(answer[2]) + 1)[:-1]
        width = len(answer[0]) // 2  # an id's bytes: 20 (SHA-1) or 32 (SHA-256)
        entries: dict[str, tuple[str, str]] = {}
        position = 0
        while position < len(data):  # `<mode> <name>` NUL `<id>`, each entry
            space, end = data.find(b" ", position), data.find(b"\0", position)
            if not position < space < end or end + 1 + width > len(data):
                return None  # cut short: git stopped answering
            entries[data[space + 1:end].decode("utf-8", "surrogateescape")] = (
                data[position:space].decode("ascii", "replace"), data[end + 1:end + 1 + width].hex())
            position = end + 1 + width
        return entries

    def __enter__(self) -> _Objects:
        return self

    def __exit__(self, *_: object) -> None:
        with contextlib.suppress(OSError):
            if self.process.stdin is not None:
                self.process.stdin.close()
        self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()


_FOLDER = "40000"  # a tree's mode in a tree object


def _moved_whole(objects: _Objects, commit: str, specs: list[str]) -> list[str] | None:
    """The folders `commit` moved in, whole and unchanged, as the hub's paths it made (`specs`),
    read from its top-level tree and its first parent's; None where its files must be listed.

    Each folder it removed holds what a hub path it made holds, so Git pairs their files one to
    one, content for content: whoever else pairs with whom, every one of those files is the
    source of a rename. Nothing else can be: the commit must remove nothing more at the top and
    change no other folder (either could delete a file) but may add or edit top-level files. The
    folders are then the sources, if each holds a file directly that Git pairs (not empty)."""
    if any("/" in spec for spec in specs):
        return None
    now, before = objects.tree(f"{commit}^{{tree}}"), objects.tree(f"{commit}~1^{{tree}}")
    if now is None or before is None:
        return None
    hub = {now[spec][1]: spec for spec in specs if spec in now and spec not in before}  # id -> path
    moved: list[str] = []
    for name in sorted(before):
        old, new = before[name], now.get(name)
        if new is None and old[0] == _FOLDER and hub.pop(old[1], ""):
            moved.append(name)
        elif new is None or (new != old and _FOLDER in (old[0], new[0])):
            return None
    for name in moved:
        inside = objects.tree(before[name][1]) or {}
        if not any(pairable(mode, content) for mode, content in inside.values()):
            return None
    return moved


def _made_at(found: Callable[[str], str | None], spec: str) -> str | None:
    """A first-parent ancestor of HEAD that has `spec` while its parent has not (None if HEAD
    lacks it, or the first commit has it). The step back doubles while the path is there, then
    halves to the commit without it: only commits are read, as many as twice the distance, never
    their files. It is the newest such commit unless the path was also missing for a while since,
    which a step can pass over: then an older one may be found, and the guess reads its folders
    in vain (the ones the pages came from then cost a pass more)."""
    def holds(commit: str | None) -> bool:
        return commit is not None and found(f"{commit}:{spec}") is not None

    here, step = found("HEAD"), 1
    if here is None or not holds(here):
        return None
    while holds(there := found(f"{here}~{step}")):
        here, step = there, step * 2
    while step > 1:  # here has the path; here~step has not, or is before the first commit
        half = step // 2
        if holds(there := found(f"{here}~{half}")):
            here, step = there, step - half
        else:
            step = half
    return here if found(f"{here}~1") is not None else None


def _mostly_hub(top: Path, pathspecs: list[str]) -> bool:
    """Whether the hub's paths hold at least half of the files Git tracks: then one pass over the
    whole repository reads history fastest. Mostly only the speed depends on it (see `_walk`)."""
    total, inside = _tracked(top, pathspecs)
    return total == 0 or 2 * inside >= total


def _tracked(top: Path, pathspecs: list[str]) -> tuple[int, int]:
    """How many files Git tracks, and how many of them `pathspecs` (folders or files) cover.

    One `git ls-files`, counted as it streams (a monorepo lists millions): a NUL ends each path,
    and a NUL before `content/` starts each path in `content`."""
    pathspecs = _outermost(pathspecs)  # a path inside another would be counted twice
    starts = [b"\0" + spec.encode("utf-8", "surrogateescape") + end for spec in pathspecs if spec != "."
              for end in (b"/", b"\0")]
    process = subprocess.Popen(["git", "ls-files", "-z"], cwd=top, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL)
    assert process.stdout is not None
    total = inside = 0
    carried = b"\0"  # as if a path ended just before the first one
    with process.stdout:
        for chunk in _chunks(process.stdout):
            text = carried + chunk
            last = text.rindex(b"\0")  # the path after it may go on in the next chunk
            total += chunk.count(b"\0")
            inside += sum(text.count(start, 0, last - 1 + len(start)) for start in starts)
            carried = text[last:]
    process.wait()
    return total, total if "." in pathspecs else inside


def _as_the_hub_sees(commits: list[Commit], pathspecs: list[str]) -> None:
    """A rename out of the hub's paths is the hub file's deletion, as a read of those paths alone
    shows it: the page is gone (a release note moved out is found deleted with its promises)."""
    for commit in commits:
        if not commit.renames:  # most commits of a long history
            continue
        found: list[Change] = []
        for change in commit.changes:
            if change.old_path and _read(change.old_path, pathspecs) and not _read(change.path, pathspecs):
                found += [Change("D", change.old_path), Change("A", change.path)]
            else:
                found.append(change)
        commit.changes = found


def _hub_files(attributed: list[tuple[str, Commit, Change]], pathspecs: list[str]) -> set[str]:
    """The files, of all a pass read, whose newest path is in the hub's paths."""
    newest: dict[str, str] = {}
    for identity, _, change in attributed:
        newest.setdefault(identity, change.path)
    return {identity for identity, path in newest.items() if _read(path, pathspecs)}


def _share(commits: list[Commit], attributed: list[tuple[str, Commit, Change]], everyone: dict[str, Commit],
           pathspecs: list[str], keep_all: bool) -> list[Commit]:
    """Record one pass's commits in `everyone`, one object per sha, and return those it added.

    A pass that read more than the hub's paths keeps, of each commit, the changes it attributed
    to a hub file (a rename from outside the hub's paths marked `moved_in`); the other changes,
    to files that never reached the hub, are dropped. A commit an earlier pass read too gains them."""
    if keep_all:
        everyone.update((c.sha, c) for c in commits)
        return commits
    kept: dict[str, list[Change]] = {}
    for _, commit, change in attributed:
        if change.status == "R" and change.old_path and not _read(change.old_path, pathspecs):
            change = replace(change, moved_in=True)
        kept.setdefault(commit.sha, []).append(change)
    found: list[Commit] = []
    for commit in commits:
        changes = kept.get(commit.sha)
        if not changes:
            continue
        shared = everyone.setdefault(commit.sha, commit)
        if shared is commit:
            commit.changes = changes
            found.append(commit)
        else:
            shared.changes += [c for c in changes if c not in shared.changes]
            shared.pr = shared.pr if shared.pr is not None else commit.pr
    return found


def _moved_in(top: Path, boundary: bytes, adding: Mapping[tuple[str, str], str], everyone: dict[str, Commit],
              pathspecs: list[str], early: _Early | None = None) -> dict[tuple[str, str], str]:
    """Which of the files `adding` names (commit, path) were moved there from outside `pathspecs`
    (what has been read): the moving commit and old path of each, and its change turned into the
    rename it was. `early`: the listing started when the pass was read (see `_listing`)."""
    moved: dict[tuple[str, str], str] = {}
    renamed = _renamed_in(top, boundary, {sha for sha, _ in adding}, lambda *key: key in adding, pathspecs,
                          early=early)
    for (sha, path), rename in renamed.items():
        commit = everyone[sha]
        commit.changes = [replace(rename, moved_in=True) if c.path == path and c.status == "A" else c
                          for c in commit.changes]
        moved[(sha, rename.old_path or "")] = adding[(sha, path)]
    return moved


class _Early:
    """A listing of what commits added and deleted (as `_renamed_in` lists them), started before
    it is needed: Git lists while the caller works; `take` reads it once, for the commits asked."""

    def __init__(self, log: _Log, shas: set[str]) -> None:
        self.log, self.shas = log, shas

    def take(self, wanted: list[str]) -> tuple[list[Commit | LeftOut], list[str]]:
        """The listings of `wanted` it holds, and those it does not (to be listed after)."""
        try:
            found = self.log.read()
        except (GitFailed, OSError):
            return [], wanted
        asked = set(wanted)
        return [c for c in found if c.sha in asked], [sha for sha in wanted if sha not in self.shas]


def _listing(top: Path, boundary: bytes, commits: list[Commit], running: contextlib.ExitStack,
             ) -> _Early | None:
    """The listing `_moved_in` will ask for, started now over every commit of the pass that added
    a file: the commits whose files turn out to be the hub's are among them (a few more are
    listed than asked). None where no commit added a file, or git cannot start."""
    shas = {c.sha for c in commits if any(change.status == "A" for change in c.changes)}
    if not shas:
        return None
    try:
        return _Early(running.enter_context(_Log(top, boundary, sorted(shas), *_LISTING, raw=True)), shas)
    except OSError:
        return None


def _renamed_in(top: Path, boundary: bytes, commits: Iterable[str], wanted: Callable[[str, str], bool],
                pathspecs: list[str], *options: str, early: _Early | None = None,
                ) -> dict[tuple[str, str], Change]:
    """The renames from outside `pathspecs` that made the files `commits` added (those `wanted`,
    asked with commit and path), keyed by commit and path.

    A `git log --no-walk` without rename detection (which is the cost) lists what those commits
    added and deleted, with each file's content. A commit whose files asked about each have
    content that one file it deleted elsewhere had, and no other file it added has, moved them
    unchanged: Git would pair just those (the adoption's `git mv`), so nothing more is asked.
    For the other commits, Git pairs renames among each commit's added files and the files it
    deleted elsewhere only, not across every file the commits touched (`_asked_together`)."""
    shas = sorted(set(commits))
    if not shas:
        return {}
    renames: dict[tuple[str, str], Change] = {}
    gone: dict[str, set[str]] = {}  # commit -> the files it deleted outside `pathspecs`
    made: dict[str, set[str]] = {}  # commit -> the files asked about that it added
    others: dict[str, set[str]] = {}  # commit -> the other files it added or deleted
    listed, unlisted = early.take(shas) if early is not None else ([], shas)
    if unlisted:
        listed += _log(top, boundary, unlisted, *_LISTING, *options, raw=True)
    for found in listed:
        changes = getattr(found, "changes", [])
        sayable = [c for c in changes if _sayable(c.path)]
        deleted = {c.path for c in sayable if c.status == "D" and not _read(c.path, pathspecs)}
        added = {c.path for c in sayable if c.status == "A" and wanted(found.sha, c.path)}
        if not (deleted and added):
            continue
        unchanged = _moved_unchanged(sayable, added, deleted)
        if unchanged is not None:
            renames.update(((found.sha, new), Change("R", new, old, 100)) for new, old in unchanged.items())
            continue
        gone[found.sha], made[found.sha] = deleted, added
        others[found.sha] = {c.path for c in changes} - deleted - added
    asked = {sha: gone[sha] | made[sha] for sha in gone}
    pairings: list[list[str]] = []
    for group in _asked_together(asked, others):
        # commits that added and deleted nothing else (a move) need no paths: Git matches each
        # path against every one given, which grows with a move's size squared (0.5 s at 5,000)
        paths = set().union(*(asked[sha] for sha in group)) if any(others[sha] for sha in group) else set()
        pairings.append([*group, *(["--", *(":(literal)" + p for p in sorted(paths))] if paths else [])])
    for paired in _logs(top, boundary, pairings, "--no-walk", "--diff-filter=R", *options):
        for found in paired:
            renames.update(((found.sha, c.path), c) for c in getattr(found, "changes", [])
                           if c.status == "R" and c.path in made[found.sha] and c.old_path in gone[found.sha])
    return renames


def _moved_unchanged(listed: Iterable[Change], added: set[str], deleted: set[str]) -> dict[str, str] | None:
    """Each of `added` (new path -> old path) where its content is that of exactly one file of
    `deleted` and of no other file of `added`: what Git's pairing finds first, and alone, for
    content nothing else shares. None unless that holds for every one of `added`."""
    content = {c.path: c.content for c in listed if isinstance(c, Listed)}

    def owners(paths: set[str]) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for path in paths:
            found.setdefault(content.get(path, ""), []).append(path)
        return found
    was, now = owners(deleted), owners(added)
    moved: dict[str, str] = {}
    for path in added:
        same = content.get(path, "")
        if not same or len(now[same]) > 1 or len(was.get(same, [])) != 1:
            return None
        moved[path] = was[same][0]
    return moved


def _asked_together(asked: Mapping[str, set[str]], others: Mapping[str, set[str]]) -> list[list[str]]:
    """The commits in groups, each group one `git log` whose paths are the union of its commits':
    no commit of a group adds or deletes a path another one asks about, so Git pairs, in each
    commit, only what that commit asks about (a generated file added in one commit and deleted
    in the next would otherwise be compared, at length, with every file deleted beside it)."""
    groups: list[tuple[list[str], set[str], set[str]]] = []  # commits, paths asked, other paths
    for sha in sorted(asked):
        for commits, paths, rest in groups:
            if not asked[sha] & rest and not others[sha] & paths:
                commits.append(sha)
                paths |= asked[sha]
                rest |= others[sha]
                break
        else:
            groups.append(([sha], set(asked[sha]), set(others[sha])))
    return [commits for commits, _, _ in groups]


def _sayable(path: str) -> bool:
    """Whether `path` can be given to git on a line of its standard input."""
    return "\n" not in path and not path.endswith("\r")


def _folders(paths: Iterable[str]) -> list[str]:
    """The folders `paths` are in, none inside another; a file at the top stands for itself
    (its folder would be the whole repository)."""
    return _outermost(posixpath.dirname(p) or p for p in paths)


def _outermost(paths: Iterable[str]) -> list[str]:
    """`paths` (folders or files) as Git names them, none inside another: `./content/` is
    `content`, and `.` (the whole repository) leaves nothing else to name."""
    plain = {posixpath.normpath(p) for p in paths}
    if "." in plain:
        return ["."]
    kept: list[str] = []
    for spec in sorted(plain):  # a folder comes before what is inside it
        if not _read(spec, kept):
            kept.append(spec)
    return kept


def _read(path: str, pathspecs: Iterable[str]) -> bool:
    """Whether one of `pathspecs` (folders or files, no wildcards) covers `path`."""
    return any(_within(path, spec) for spec in pathspecs)


def _within(path: str, spec: str) -> bool:
    """Whether a pathspec naming a folder or file (no wildcards) covers `path`."""
    spec, folder = _spec(spec)
    return spec == "." or path == spec or path.startswith(folder)


@functools.cache
def _spec(spec: str) -> tuple[str, str]:
    """A pathspec as `_within` compares it, and as the folder it names (asked for every change
    of every commit read)."""
    spec = posixpath.normpath(spec)
    return spec, spec + "/"


def _refusal(root: Path) -> str | None:
    """Why Git will not read the repository at all (say, dubious ownership), in its words."""
    try:
        proc = subprocess.run(["git", "rev-parse", "--git-dir"], cwd=root, capture_output=True, check=False,
                              text=True, timeout=30)
    except (OSError, subprocess.SubprocessError) as exc:
        return f"git could not run: {exc}"
    if proc.returncode == 0:
        return None
    lines = [line.strip().removeprefix("fatal: ") for line in proc.stderr.splitlines()]
    return " ".join(line for line in lines if line) or f"git exited with {proc.returncode}"


def _submodules(repo: Any, top: Path, prefix: str, pathspecs: list[str]) -> list[str]:
    """Hub paths that are Git submodules: their files' history is in another repository."""
    if not (top / ".gitmodules").is_file():
        return []
    listed = repo.git.ls_files("--stage", "-z", "--", *pathspecs)
    return sorted(entry.split("\t", 1)[1][len(prefix):] for entry in listed.split("\0")
                  if entry.startswith("160000 ") and "\t" in entry)


def _chunks(pipe: object) -> Iterator[bytes]:
    """git's output in chunks, so a long history is never held twice in memory: each as soon as
    git has written it (`read1`), so Python parses while git goes on, not after 64 KB arrived."""
    while chunk := pipe.read1(1 << 16):  # type: ignore[attr-defined]
        yield chunk


def files_at(root: Path, revision: str, paths: Iterable[str]) -> dict[str, bytes]:
    """Every file under `paths` (relative to the hub root) as of `revision`, keyed like `paths`.

    `handbook diff` loads the old hub from this: one `git ls-tree` and one `git cat-file --batch`,
    not a process per file, and no checkout (the working tree and index stay untouched). Only
    regular files: symlinks and submodules from history are left out. Raises ValueError with a
    readable reason when there is no repository or no such revision.
    """
    commit = commit_of(root, revision)
    try:
        top_dir = Path(_git(root, "rev-parse", "--show-toplevel").stdout.decode().strip())
        prefix = root.resolve().relative_to(top_dir.resolve()).as_posix()
        prefix = "" if prefix == "." else prefix + "/"
        listed = _git(top_dir, "ls-tree", "-r", "-z", "--full-tree", commit,
                      "--", *(prefix + p.strip("/") for p in paths))
        if listed.returncode != 0:
            raise ValueError(f"git ls-tree failed: {listed.stderr.decode(errors='replace').strip()}")
        wanted: list[tuple[str, str]] = []  # (blob id, path relative to the hub root)
        for entry in listed.stdout.split(b"\0"):
            meta, _, name = entry.decode("utf-8", "surrogateescape").partition("\t")
            mode, kind, blob = (meta.split() + ["", "", ""])[:3]
            if kind == "blob" and mode in ("100644", "100755") and name.startswith(prefix):
                wanted.append((blob, name[len(prefix):]))
        if not wanted:
            return {}
        blobs = _git(top_dir, "cat-file", "--batch",
                     data="".join(f"{blob}\n" for blob, _ in wanted).encode())
    except OSError as exc:
        raise ValueError(f"git could not run: {exc}") from None
    contents = _batch_contents(blobs.stdout)
    return {name: data for (_, name), data in zip(wanted, contents, strict=False) if data is not None}


def commit_of(root: Path, revision: str) -> str:
    """The commit a branch, tag or sha names; ValueError with a readable reason if none.

    `--end-of-options`: a revision like `--output=x` is never read as an option."""
    try:
        top = _git(root, "rev-parse", "--show-toplevel")
        if top.returncode != 0:
            raise ValueError("the hub is not in a Git repository")
        found = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options",
                     f"{revision}^{{commit}}")
    except OSError as exc:
        raise ValueError(f"git could not run: {exc}") from None
    if found.returncode != 0:
        raise ValueError(f"`{revision}` is not a commit, branch or tag in this repository")
    return found.stdout.decode().strip()


def ignored(root: Path, paths: list[str]) -> set[str] | None:
    """Which of `paths` Git ignores in the working tree at `root`; None outside Git."""
    try:
        proc = _git(root, "check-ignore", "--", *paths)
    except OSError:
        return None
    if proc.returncode not in (0, 1):  # not a Git working tree
        return None
    return set(proc.stdout.decode("utf-8", "replace").splitlines())


def _first_parents(top: Path) -> list[str]:
    """HEAD's first-parent line, newest first ([] if git cannot say)."""
    found = _git(top, "rev-list", "--first-parent", "HEAD")
    return found.stdout.decode("ascii", "replace").split() if found.returncode == 0 else []


def _git(cwd: Path, *args: str, data: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", *args], cwd=cwd, input=data, capture_output=True, check=False)
