"""Git history, read in one streaming pass: every hub path's commits, renames followed.

This is the only module that runs Git. Everything else receives plain data from it.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# GitPython checks for a git executable at import; without git we want "no history", not a crash.
os.environ.setdefault("GIT_PYTHON_REFRESH", "quiet")

_COMMIT = "\x1e"
_FIELD = "\x1f"
_END = "\x1d"
_FORMAT = f"{_COMMIT}%H{_FIELD}%P{_FIELD}%an{_FIELD}%ae{_FIELD}%at{_FIELD}%B{_END}"

_PR_PATTERNS = (
    re.compile(r"\(#(\d+)\)\s*$"),
    re.compile(r"^Merge pull request #(\d+)"),
    re.compile(r"^Merge branch .* into .*\(!(\d+)\)"),
    re.compile(r"See merge request [^!\s]*!(\d+)"),
)
_CONVENTIONAL = re.compile(r"^(?P<type>[a-z]+)(?:\((?P<scope>[^)]*)\))?(?P<breaking>!)?:\s*(?P<text>.+)$")
_TRAILER = re.compile(r"^(?P<key>[A-Za-z][A-Za-z0-9-]*):\s*(?P<value>.*)$")
_SKIP = re.compile(r"\[(skip changelog|changelog skip)\]", re.IGNORECASE)


@dataclass(frozen=True)
class Change:
    """One file touched by a commit: A, M, D or R (renamed from `old_path`)."""

    status: str
    path: str
    old_path: str | None = None


@dataclass
class Commit:
    """A commit as readers see it. All text here is untrusted: escape it wherever it goes."""

    sha: str
    parents: tuple[str, ...]
    author: str
    email: str
    date: dt.datetime
    message: str
    changes: list[Change] = field(default_factory=list)
    pr: int | None = None

    @property
    def subject(self) -> str:
        return self.message.split("\n", 1)[0].strip()

    @property
    def trailers(self) -> dict[str, str]:
        """Trailers of the last paragraph (`Changelog: skip`), keys lower-cased."""
        paragraphs = self.message.strip().split("\n\n")
        if len(paragraphs) < 2:
            return {}
        found = {}
        for line in paragraphs[-1].splitlines():
            match = _TRAILER.match(line.strip())
            if not match:
                return {}
            found[match.group("key").lower()] = match.group("value").strip()
        return found

    @property
    def skipped(self) -> bool:
        """Hidden from changelogs by `Changelog: skip` or `[skip changelog]`."""
        return self.trailers.get("changelog", "").lower() == "skip" or bool(_SKIP.search(self.message))

    @property
    def kind(self) -> str | None:
        """The Conventional Commits type (`feat`, `fix`, `docs`...), when the subject has one."""
        match = _CONVENTIONAL.match(self.subject)
        return match.group("type") if match else None

    @property
    def summary(self) -> str:
        """What readers are told: the `Changelog:` trailer, else the subject without its prefix."""
        written = self.trailers.get("changelog")
        if written and written.lower() != "skip":
            return written
        subject = _SKIP.sub("", self.subject).strip()
        match = _CONVENTIONAL.match(subject)
        text = match.group("text") if match else subject
        text = re.sub(r"\s*\(#\d+\)\s*$", "", text)
        return text[:1].upper() + text[1:]


@dataclass
class History:
    """Every hub path's commits, newest first, answered from one pass over `git log`."""

    available: bool = False
    reason: str = ""
    shallow: bool = False
    commits: list[Commit] = field(default_factory=list)
    # path at HEAD (relative to the hub root) -> its commits, newest first, across renames
    by_path: dict[str, list[Commit]] = field(default_factory=dict)
    # commit sha -> the newest paths of the files it touched (what it changed, as named today)
    paths_of: dict[str, list[str]] = field(default_factory=dict)
    head: str | None = None
    top: Path | None = None  # the repository's working tree
    prefix: str = ""  # the hub root inside it, like `docs/hub/` (empty at the top)
    submodules: list[str] = field(default_factory=list)  # hub paths whose history is elsewhere

    def of(self, path: str) -> list[Commit]:
        return self.by_path.get(path, [])

    def names_of(self, path: str) -> list[tuple[Commit, str | None]]:
        """Each commit of a file, newest first, with the file's repository path in that commit
        (None where the commit deleted it): renames are walked back."""
        name = self.prefix + path
        found: list[tuple[Commit, str | None]] = []
        for commit in self.of(path):
            change = next((c for c in commit.changes if c.path == name), None)
            if change is None:
                continue
            found.append((commit, None if change.status == "D" else name))
            if change.status == "R" and change.old_path:
                name = change.old_path
        return found


def file_versions(history: History, paths: list[str]) -> dict[str, list[tuple[Commit, str | None]]]:
    """Every committed version of each file, oldest first, read by one `git cat-file --batch`.

    A version is None where the commit deleted the file (or Git could not read it).
    """
    wanted = {path: history.names_of(path) for path in paths}
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


def unavailable(reason: str) -> History:
    return History(available=False, reason=reason)


def read(root: Path, paths: Iterable[str] = ("content", "playbooks")) -> History:
    """Read the history of `paths` (relative to the hub root) in one `git log` process."""
    try:
        import git
    except ImportError:  # pragma: no cover - GitPython is a dependency
        return unavailable("GitPython is not installed")
    try:
        repo = git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return unavailable("the hub is not in a Git repository")
    except git.GitCommandNotFound:
        return unavailable("git is not installed")
    try:
        top = Path(repo.working_tree_dir or root).resolve()
        prefix = root.resolve().relative_to(top).as_posix()
        prefix = "" if prefix == "." else prefix + "/"
        try:
            head = repo.head.commit.hexsha
        except ValueError:  # no commits yet, or Git refuses the repository
            refused = _refusal(root)
            if refused:
                return unavailable(refused)
            return History(available=True, reason="the repository has no commits yet")
        shallow = (Path(repo.git_dir) / "shallow").exists()
        pathspecs = [prefix + p for p in paths]
        process = repo.git.log(
            "--name-status", "-M", "-z", "--topo-order", "--full-history", "--parents", "--no-color", "--no-show-signature",
            f"--format={_FORMAT}", "HEAD", "--", *pathspecs,
            as_process=True, stdout_as_string=False,
        )
        commits = list(_parse(_stream(process.proc.stdout)))
        process.wait()
        submodules = _submodules(repo, top, prefix, pathspecs)
    except (git.GitCommandError, git.GitCommandNotFound, OSError, subprocess.SubprocessError) as exc:
        return unavailable(_refusal(root) or f"git log failed: {exc}".splitlines()[0])
    _attribute_merged_prs(commits)
    history = History(available=True, shallow=shallow, head=head, top=top, prefix=prefix,
                      submodules=submodules)
    history.commits = [c for c in commits if c.changes]
    history.by_path = _follow_renames(history.commits, prefix)
    for path, path_commits in history.by_path.items():
        for commit in path_commits:
            history.paths_of.setdefault(commit.sha, []).append(path)
    return history


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


def _stream(pipe: object) -> Iterator[str]:
    """Decode git's output in chunks, so a long history is never held twice in memory."""
    import codecs

    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    while chunk := pipe.read(1 << 16):  # type: ignore[attr-defined]
        yield decoder.decode(chunk)
    yield decoder.decode(b"", final=True)


def _parse(chunks: Iterator[str]) -> Iterator[Commit]:
    buffer = ""
    for chunk in chunks:
        buffer += chunk
        records = buffer.split(_COMMIT)
        buffer = records.pop()
        for record in records:
            if record.strip("\0\n"):
                yield _commit(record)
    if buffer.strip("\0\n"):
        yield _commit(buffer)


def _commit(record: str) -> Commit:
    header, _, files = record.partition(_END)
    sha, parents, author, email, timestamp, message = header.split(_FIELD, 5)
    tokens = files.strip("\n\0").split("\0") if files.strip("\n\0") else []
    changes: list[Change] = []
    i = 0
    while i < len(tokens):
        status = tokens[i].strip()
        if status[:1] in ("R", "C") and i + 2 < len(tokens) + 1:
            changes.append(Change(status[0], tokens[i + 2], tokens[i + 1]))
            i += 3
        elif status:
            changes.append(Change(status[0], tokens[i + 1]))
            i += 2
        else:
            i += 1
    commit = Commit(
        sha=sha, parents=tuple(parents.split()), author=author, email=email,
        date=dt.datetime.fromtimestamp(int(timestamp), tz=dt.UTC),
        message=message.strip(), changes=changes,
    )
    commit.pr = _pr_number(commit.message)
    return commit


def _pr_number(message: str) -> int | None:
    subject = message.split("\n", 1)[0]
    for pattern in _PR_PATTERNS:
        match = pattern.search(subject) or pattern.search(message)
        if match:
            return int(match.group(1))
    return None


def _attribute_merged_prs(commits: list[Commit]) -> None:
    """Commits brought in by a merge commit `Merge pull request #N` link to PR #N too."""
    by_sha = {c.sha: c for c in commits}
    mainline: set[str] = set()
    if commits:
        sha: str | None = commits[0].sha
        while sha in by_sha:
            mainline.add(sha)
            parents = by_sha[sha].parents
            sha = parents[0] if parents else None
    for merge in commits:
        if len(merge.parents) < 2 or merge.pr is None:
            continue
        sha = merge.parents[1]
        while sha in by_sha and sha not in mainline and by_sha[sha].pr is None:
            by_sha[sha].pr = merge.pr
            parents = by_sha[sha].parents
            sha = parents[0] if parents else None


def _follow_renames(commits: list[Commit], prefix: str) -> dict[str, list[Commit]]:
    """Group commits by the file's newest path, walking back through renames.

    Commits come newest first (topological order), so when a rename `old -> new` is met,
    every older commit that touched `old` belongs to the file now called by `new`'s name.
    """
    alias: dict[str, str] = {}  # path as it was at this point in the walk -> newest path
    by_path: dict[str, list[Commit]] = {}
    for commit in commits:
        for change in commit.changes:
            if not change.path.startswith(prefix):
                continue
            path = change.path[len(prefix):]
            identity = alias.get(path, path)
            if change.status == "D" and identity in by_path and identity == path:
                # a file deleted here is not the one that later took its path
                identity = f"{path}@{commit.sha[:12]}"
                alias[path] = identity
            entries = by_path.setdefault(identity, [])
            if not entries or entries[-1] is not commit:
                entries.append(commit)
            if change.status == "R" and change.old_path and change.old_path.startswith(prefix):
                alias[change.old_path[len(prefix):]] = identity
            if change.status == "A":
                alias.pop(path, None)
    return by_path


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


def _git(cwd: Path, *args: str, data: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", *args], cwd=cwd, input=data, capture_output=True, check=False)
