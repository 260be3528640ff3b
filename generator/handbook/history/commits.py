"""Commits as Handbook holds them, and how they are read from `git log`'s output.

Plain data and pure functions: what git prints comes in as bytes (see `parse_log`), nothing
here runs it. All commit text is untrusted: escape it wherever it goes.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

# git log prints, per commit, these fields and then the files it touched (NUL-separated paths).
_FIELDS = ("%H", "%P", "%an", "%ae", "%at", "%B")
SUMMARY_LIMIT = 200  # characters of one commit's summary on a page or in the feed
NAME_LIMIT = 100  # characters of an author's name or email address

# PR numbers: a few digits (a thousand-digit "number" is not one, and int() refuses it).
_PR_PATTERNS = (
    re.compile(r"\(#(\d{1,9})\)\s*$"),
    re.compile(r"^Merge pull request #(\d{1,9})"),
    re.compile(r"^Merge branch (?>.*? into ).*\(!(\d{1,9})\)"),
    re.compile(r"See merge request [^!\s]*!(\d{1,9})"),
)
_PR_SUFFIX = re.compile(r"\(#\d+\)$")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONVENTIONAL = re.compile(r"^(?P<type>[a-z]+)(?:\((?P<scope>[^)]*)\))?(?P<breaking>!)?:\s*(?P<text>.+)$")
_TRAILER = re.compile(r"^(?P<key>[A-Za-z][A-Za-z0-9-]*):\s*(?P<value>.*)$")
_SKIP = re.compile(r"\[(skip changelog|changelog skip)\]", re.IGNORECASE)
_EARLIER_LIFE = re.compile(r"@[0-9a-f]{12}\Z")  # see earlier_life
# Empty content (SHA-1 and SHA-256): Git may not pair empty files as renames, so it is no evidence.
EMPTY_CONTENT = frozenset(("e69de29bb2d1d6434b8b29ae775ad8c2e48c5391",
                    "473a0f4c3be8a93681a267e3b1e9a7dcda1185436fe141f7749120a303721813"))


@dataclass(frozen=True, slots=True)
class Change:
    """One file touched by a commit: A, M, D or R (renamed from `old_path`). Slotted, with
    its paths interned: a long history holds a few hundred thousand of them.

    `similarity` is Git's score of a rename (100: the content did not change); `moved_in` marks a
    rename from outside the paths history is read for, which Git shows only for the whole commit.
    """

    status: str
    path: str
    old_path: str | None = None
    similarity: int | None = None
    moved_in: bool = False


@dataclass(frozen=True, slots=True)
class Listed(Change):
    """A change as `git log --raw` lists it, with the id of the file's content (after the
    commit; before it, for a deletion): a file moved unchanged is seen by its content, without
    asking Git to pair files. "" for what is not a regular file, or is empty."""

    content: str = ""


def shorten(text: str, limit: int) -> str:
    """At most `limit` characters, an ellipsis marking the cut: one commit's text cannot fill a
    page or a feed (readers follow the commit link for the whole message)."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def printable(text: str) -> str:
    """Commit text without control characters (they break terminals, HTML and XML): each one
    becomes U+FFFD, so readers see that something was there. Tabs and line breaks stay."""
    return _CONTROL.sub("\ufffd", text.replace("\r\n", "\n"))


@dataclass(frozen=True)
class LeftOut:
    """A commit Git printed but Handbook cannot represent (a date past the year 9999, say)."""

    sha: str
    why: str


@dataclass(slots=True)
class Commit:
    """A commit as readers see it. All text here is untrusted: escape it wherever it goes.
    Slotted (a long history holds tens of thousands): trailers and summary are worked out
    once, when first asked for."""

    sha: str
    parents: tuple[str, ...]
    author: str
    email: str
    date: dt.datetime
    message: str
    changes: list[Change] = field(default_factory=list)
    pr: int | None = None
    # when it reached the mainline: a merged branch's commits, at the merge (see attribute_landing)
    landed: dt.datetime | None = None
    # Git listed a rename in it: the few commits that can move files in or out, found without
    # reading every change of a long history again
    renames: bool = False
    _trailers: dict[str, str] | None = field(default=None, repr=False, compare=False)
    _summary: str | None = field(default=None, repr=False, compare=False)

    @property
    def subject(self) -> str:
        return self.message.split("\n", 1)[0].strip()

    @property
    def when(self) -> dt.datetime:
        """When it reached the mainline (`landed`), else when it was written."""
        return self.landed or self.date

    @property
    def only_moved_in(self) -> bool:
        """The commit only moved files, unchanged, into the hub's paths from elsewhere (how a
        team adopts Handbook), and perhaps moved others within them beside that (a folder that was
        already where Handbook reads, `playbooks/` say, moved into `content/` with the rest): no
        page changed, so it is no one's update and not news. A merge's moves are those it made of
        a branch's files (see `merges`): the changes are its parents'."""
        return bool(self.changes) and all(self.only_moved(c) for c in self.changes) \
            and any(c.moved_in for c in self.changes)

    def only_moved(self, change: Change) -> bool:
        """Whether `change` (one of this commit's) moved a file without changing a word of it."""
        merge = len(self.parents) > 1
        return change.status == "R" and (change.similarity == 100 or change.moved_in and merge)

    @property
    def trailers(self) -> dict[str, str]:
        """Trailers of the last paragraph (`Changelog: skip`), keys lower-cased."""
        if self._trailers is None:
            self._trailers = self._read_trailers()
        return self._trailers

    def _read_trailers(self) -> dict[str, str]:
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
        """What readers are told: the `Changelog:` trailer, else the subject without its prefix,
        at most SUMMARY_LIMIT characters."""
        if self._summary is None:
            self._summary = self._write_summary()
        return self._summary

    def _write_summary(self) -> str:
        written = self.trailers.get("changelog")
        if written and written.lower() != "skip":
            return shorten(written, SUMMARY_LIMIT)
        subject = _SKIP.sub("", self.subject).strip()
        match = _CONVENTIONAL.match(subject)
        text = (match.group("text") if match else subject).rstrip()
        suffix = _PR_SUFFIX.search(text)
        if suffix:
            text = text[: suffix.start()].rstrip()
        return shorten(text[:1].upper() + text[1:], SUMMARY_LIMIT)


@dataclass
class History:
    """Every hub path's commits, newest first, answered from one pass over `git log` (a bounded
    few where files were moved into the hub's paths from elsewhere in a larger repository)."""

    available: bool = False
    reason: str = ""
    # unavailable although the hub is in a Git repository: Git refused it or failed to read it
    failed: bool = False
    shallow: bool = False
    commits: list[Commit] = field(default_factory=list)
    # a file's newest path (relative to the hub root) -> its commits, newest first, across
    # renames; a deleted file whose path another file took since is keyed by `earlier_life`
    by_path: dict[str, list[Commit]] = field(default_factory=dict)
    # commit sha -> the newest paths of the files it touched (what it changed, as named today)
    paths_of: dict[str, list[str]] = field(default_factory=dict)
    head: str | None = None
    top: Path | None = None  # the repository's working tree
    prefix: str = ""  # the hub root inside it, like `docs/hub/` (empty at the top)
    submodules: list[str] = field(default_factory=list)  # hub paths whose history is elsewhere
    left_out: list[LeftOut] = field(default_factory=list)  # commits that cannot be represented

    def of(self, path: str) -> list[Commit]:
        return self.by_path.get(path, [])

    def files(self) -> Iterator[tuple[str, list[Commit]]]:
        """Each file's path and commits, as `by_path` holds them, but for the earlier lives of
        paths another file took since (keyed by `earlier_life`, not by a path)."""
        return ((key, commits) for key, commits in self.by_path.items() if not _EARLIER_LIFE.search(key))

    def names_of(self, path: str) -> list[tuple[Commit, str | None]]:
        """Each commit of a file, newest first, with the file's repository path in that commit
        (None where the commit deleted it): renames are walked back. Every name met stays the
        file's: two lines of history can each have moved it (a branch forked before the move,
        merged after it: see `merges`), and the commits here are all this file's."""
        names = {self.prefix + path}
        found: list[tuple[Commit, str | None]] = []
        for commit in self.of(path):
            change = next((c for c in commit.changes if c.path in names), None)
            if change is None:
                continue
            found.append((commit, None if change.status == "D" else change.path))
            if change.status == "R" and change.old_path:
                names.add(change.old_path)
        return found


def earlier_life(path: str, sha: str) -> str:
    """The `History.by_path` key of a file deleted at commit `sha` whose path a later file took:
    `path@` and the sha's first 12 digits. The two keep their histories apart."""
    return f"{path}@{sha[:12]}"


def file_path(key: str) -> str:
    """The path of the file a `History.by_path` key names (an earlier life's sha dropped)."""
    return _EARLIER_LIFE.sub("", key)


def draw_boundary() -> bytes:
    """What separates git log's fields in this run: NUL, random letters, NUL. Paths cannot
    contain NUL, and commit text cannot contain what was drawn after it was written."""
    return b"\0" + secrets.token_hex(16).encode() + b"\0"


def log_format(boundary: bytes) -> str:
    """`--format` printing the boundary before each field and after the last (`%x00` is NUL)."""
    mark = boundary.decode().replace("\0", "%x00")
    return "".join(mark + spec for spec in _FIELDS) + mark


def parse_log(chunks: Iterable[bytes], boundary: bytes) -> Iterator[Commit | LeftOut]:
    """Commits from `git log --format=log_format(boundary) -z --name-status`, in order.

    The output is the boundary, then each commit's fields and its file list, each field
    followed by the boundary: cut at the boundary, every commit is exactly len(_FIELDS) + 1
    pieces, whatever its message or author contain."""
    size = len(_FIELDS) + 1
    pieces: list[bytes] = []
    buffer = b""
    started = False
    for chunk in chunks:
        buffer += chunk
        if boundary not in buffer[-len(chunk) - len(boundary):]:
            continue  # a long message arrives in many chunks: cut once it is whole
        *complete, buffer = buffer.split(boundary)
        if not started and complete:
            complete, started = complete[1:], True  # nothing comes before the first boundary
        pieces += complete
        while len(pieces) >= size:
            yield _commit(pieces[:size])
            del pieces[:size]
    if started:
        pieces.append(buffer)
    if len(pieces) == size:
        yield _commit(pieces)


def _commit(fields: list[bytes]) -> Commit | LeftOut:
    """One commit from its printed fields; LeftOut (naming the commit) when it cannot be shown."""
    sha = fields[0].decode("ascii", "replace").strip()
    parents, author, email, timestamp, message, files = (
        f.decode("utf-8", "replace") for f in fields[1:])
    if not timestamp.isdigit():
        return LeftOut(sha, "its date cannot be read")
    try:
        date = dt.datetime.fromtimestamp(int(timestamp), tz=dt.UTC)
    except (ValueError, OverflowError, OSError):
        return LeftOut(sha, f"its date ({shorten(timestamp, 30)} seconds after 1970) "
                            "is past the year 9999")
    changes, renames = _changes(files)
    commit = Commit(
        sha=sha, parents=tuple(parents.split()), date=date,
        author=shorten(printable(author).strip(), NAME_LIMIT),
        email=shorten(printable(email).strip(), NAME_LIMIT),
        message=printable(message).strip(), changes=changes, renames=renames,
    )
    commit.pr = _pr_number(commit.message)
    return commit


def _changes(files: str) -> tuple[list[Change], bool]:
    """`--name-status -z` lines: a status, then one path (two for a rename or copy, old first).
    With `--raw`, the status is the last word of the modes and contents' ids before it. Also
    whether a rename (or copy) is among them."""
    tokens = iter(files.strip("\n\0").split("\0"))
    intern = sys.intern  # a long history names the same paths many times: hold each once
    changes: list[Change] = []
    renames = False
    for token in tokens:
        raw = token.strip()
        listed = raw.startswith(":")
        status = raw.rsplit(" ", 1)[-1] if listed else raw
        if not status:
            continue
        path = next(tokens, None)
        if path is None:
            break
        if status[0] in ("R", "C"):
            new = next(tokens, None)
            if new is None:
                break
            score = status[1:4]
            similarity = int(score) if score.isdigit() else None
            changes.append(Change(status[0], intern(new), intern(path), similarity))
            renames = True
        elif listed:
            changes.append(_listed(raw, status, intern(path)))
        else:
            changes.append(Change(status[0], intern(path)))
    return changes, renames


def _listed(raw: str, status: str, path: str) -> Change:
    """One `--raw` line that is not a rename (`:old-mode new-mode old-id new-id status`): a
    Listed addition or deletion, its content named where it is a regular file's and not empty."""
    words = raw[1:].split()
    if len(words) != 5 or status not in ("A", "D"):
        return Change(status[0], path)
    old_mode, new_mode, old_id, new_id, _ = words
    mode, content = (new_mode, new_id) if status == "A" else (old_mode, old_id)
    return Listed(status, path, content=content if pairable(mode, content) else "")


def pairable(mode: str, content: str) -> bool:
    """Whether Git pairs a file of this mode and content by content alone: a regular file,
    not empty."""
    return mode in ("100644", "100755") and content not in EMPTY_CONTENT


def _pr_number(message: str) -> int | None:
    if "#" not in message and "!" not in message:  # every pattern needs one: most commits have none
        return None
    subject = message.split("\n", 1)[0]
    for pattern in _PR_PATTERNS:
        match = pattern.search(subject) or pattern.search(message)
        if match:
            return int(match.group(1))
    return None


def attribute_merged_prs(commits: list[Commit], newest: Iterable[str] = (),
                         reached: Mapping[str, int] | None = None,
                         mainline: Iterable[str] = ()) -> dict[str, int]:
    """Commits brought in by a merge commit `Merge pull request #N` link to PR #N too: down the
    merged branch's first parents to the mainline (see `mainline_of`). A branch commit an earlier
    read found merged (`reached`: sha -> PR) passes its PR on the same way, to the commits under
    it that read did not see (they were in folders it did not read). The PRs given, by sha."""
    by_sha = {c.sha: c for c in commits}
    given: dict[str, int] = {}

    def down(sha: str | None, pr: int, stop: set[str]) -> None:
        while sha in by_sha and sha not in stop and by_sha[sha].pr is None:
            by_sha[sha].pr = given[sha] = pr
            parents = by_sha[sha].parents
            sha = parents[0] if parents else None

    line = set(mainline_of(commits, newest, mainline, by_sha))
    for sha, pr in (reached or {}).items():
        if sha in by_sha and sha not in line:
            by_sha[sha].pr = by_sha[sha].pr if by_sha[sha].pr is not None else pr
            down(by_sha[sha].parents[0] if by_sha[sha].parents else None, pr, line)
    for merge in commits:
        if len(merge.parents) >= 2 and merge.pr is not None:
            down(merge.parents[1], merge.pr, line)
    return given


def attribute_landing(commits: list[Commit], mainline: Iterable[str] = (),
                      known: Mapping[str, dt.datetime] | None = None) -> None:
    """Each commit's `landed`: a mainline commit's own date; a merged branch's commits, the date
    of the mainline merge that brought them in, the oldest that reached them (what's new in a
    week is what reached main that week, not what was written then, on a branch merged later).
    The mainline is `mainline`, else the first-parent line from the newest commit.
    A commit an earlier read found landed (`known`) passes its date on the same way, to the
    commits under it this read found. Those nothing reaches keep None (their own date stands)."""
    by_sha = {c.sha: c for c in commits}
    line = mainline_of(commits, (), mainline, by_sha)
    on_line = set(line)

    def under(sha: str, landed: dt.datetime) -> None:
        waiting = list(by_sha[sha].parents[1:] if sha in on_line else by_sha[sha].parents)
        while waiting:
            commit = by_sha.get(waiting.pop())
            if commit is not None and commit.sha not in on_line and commit.landed is None:
                commit.landed = landed
                waiting += commit.parents

    for sha in reversed(line):  # oldest first: a commit lands with the first merge to reach it
        if sha in by_sha:
            merge = by_sha[sha]
            merge.landed = merge.landed or merge.date
            under(sha, merge.landed)
    for sha, landed in sorted((known or {}).items(), key=lambda item: item[1]):
        if sha in by_sha and sha not in on_line:
            by_sha[sha].landed = by_sha[sha].landed or landed
            under(sha, by_sha[sha].landed or landed)


def mainline_of(commits: list[Commit], newest: Iterable[str] = (), mainline: Iterable[str] = (),
                by_sha: Mapping[str, Commit] | None = None) -> list[str]:
    """The mainline, newest first: `mainline` where the caller knows it (HEAD's first parents),
    else the first-parent line from each of `newest`, else from the newest commit."""
    by_sha = {c.sha: c for c in commits} if by_sha is None else by_sha
    line = list(mainline)
    seen = set(line)
    for start in [] if line else list(newest) or [c.sha for c in commits[:1]]:
        sha: str | None = start
        while sha is not None and sha in by_sha and sha not in seen:
            line.append(sha)
            seen.add(sha)
            parents = by_sha[sha].parents
            sha = parents[0] if parents else None
    return line
