"""Replay the sample hub's story into a throwaway Git repository, and build its site.

The sample hub's files (`content/`, `playbooks/`) live in this repository, but this repository's
own history says nothing about Fieldstone: landing rewrites its authors and dates. `story.yml`
tells the hub's year instead, as dated commits by named people. Earlier versions of each file
are derived from today's file by undoing the story's text substitutions, newest first, so the
last commit of the replay is always exactly the sample as it is in the working tree.

    python docs/sample/story.py                  # replay into .story/ (ignored by git)
    python docs/sample/story.py --site site      # ... and build its site into site/ (`make site`)
    python docs/sample/story.py --into DIR       # replay somewhere else (tests use a temp folder)

"Today" for the build is the clock, or SOURCE_DATE_EPOCH when set, as for any `handbook build`.
If the sample was edited so that the story no longer applies, the replay says which step and
which text, and `--site` builds the working copy instead, so `make site` still gives a site.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
STORY = HERE / "story.yml"
STORY_NAME = "docs/sample/story.yml"  # as errors name it
HUB_FOLDERS = ("content", "playbooks")
SITE_FILES = ("mkdocs.yml", "theme")  # copied as they are: the story is about the hub's pages
MARKER = "handbook-sample-story"  # in the replay's .git/: only a folder we made is ever wiped
REVIEWED = re.compile(r"^reviewed: *(\S+) *$", re.MULTILINE)


class StoryError(Exception):
    """The story does not fit the sample's files; the message names the step and the fix."""


@dataclass(frozen=True)
class Edit:
    """One text substitution: `was` became `now` in `path` at this step."""

    path: str
    was: str
    now: str


@dataclass
class Step:
    number: int
    when: dt.datetime
    author: str
    email: str
    message: str
    adds: list[str] = field(default_factory=list)  # files or folders (ending in `/`) added here
    edits: list[Edit] = field(default_factory=list)
    reviews: list[str] = field(default_factory=list)  # files whose `reviewed:` becomes this day

    @property
    def day(self) -> str:
        return self.when.date().isoformat()

    @property
    def label(self) -> str:
        return f"step {self.number} ({self.day}, {self.author})"


def load(path: Path = STORY) -> list[Step]:
    """The story's steps in order, checked for shape (not yet against the files)."""
    data = yaml.safe_load(path.read_text("utf-8"))
    people = data["people"]
    steps: list[Step] = []
    for number, raw in enumerate(data["steps"], 1):
        name, email = people[raw["by"]][:2]
        edits = [Edit(file, change["was"], change["now"])
                 for file, changes in (raw.get("edit") or {}).items() for change in changes]
        step = Step(number, dt.datetime.fromisoformat(raw["when"]), name, email,
                    raw["message"].strip() + "\n", list(raw.get("add") or []), edits,
                    list(raw.get("review") or []))
        if steps and step.when <= steps[-1].when:
            raise StoryError(f"{STORY_NAME}: {step.label} is dated before the step it follows")
        steps.append(step)
    return steps


def sample_files(root: Path = REPO) -> dict[str, bytes]:
    """The sample hub as it is in the working tree: path relative to `root` -> contents."""
    return {file.relative_to(root).as_posix(): file.read_bytes()
            for folder in HUB_FOLDERS for file in sorted((root / folder).rglob("*")) if file.is_file()}


def _adder(path: str, steps: list[Step]) -> Step:
    """The step that adds `path`: the one naming it most precisely (a file beats its folder)."""
    matches = [(len(entry), step) for step in steps for entry in step.adds
               if path == entry or (entry.endswith("/") and path.startswith(entry))]
    if not matches:
        raise StoryError(f"{path} is in the sample but no step of {STORY_NAME} adds it: "
                         "name it (or its folder) in a step's `add:`")
    longest = max(length for length, _ in matches)
    chosen = [step for length, step in matches if length == longest]
    if len(chosen) > 1:
        raise StoryError(f"{path} is added twice, by {chosen[0].label} and {chosen[1].label}: keep one")
    return chosen[0]


def _replace_once(text: str, old: str, new: str, path: str, step: Step) -> str:
    found = text.count(old)
    if found != 1:
        where = "is not in" if found == 0 else f"appears {found} times in"
        raise StoryError(f"{STORY_NAME}: {step.label} {path}: this text {where} the file as it was "
                         f"after that step, so the step cannot be undone: {old[:120]!r}; update "
                         "the story to match the sample (or make the text unique)")
    return text.replace(old, new)


def _undo(text: str, path: str, step: Step, reviewed_before: str) -> str:
    """The file before `step`, from the file after it."""
    if path in step.reviews:
        found = REVIEWED.search(text)
        if not found or found.group(1) != step.day:
            raise StoryError(f"{STORY_NAME}: {step.label} reviews {path}, whose `reviewed:` is "
                             f"{found.group(1) if found else 'missing'} after it: make them agree")
        text = text[:found.start(1)] + reviewed_before + text[found.end(1):]
    for edit in reversed([e for e in step.edits if e.path == path]):
        text = _replace_once(text, edit.now, edit.was, path, step)
    return text


def versions(steps: list[Step], final: dict[str, bytes]) -> list[dict[str, bytes]]:
    """What each step wrote: for every step, the files it added or changed, as they were then."""
    written: list[dict[str, bytes]] = [{} for _ in steps]
    named = {e.path for s in steps for e in s.edits} | {p for s in steps for p in s.reviews}
    unknown = sorted(named - final.keys())
    if unknown:
        raise StoryError(f"{STORY_NAME} changes {unknown[0]}, which is not in the sample")
    for path, data in final.items():
        added = _adder(path, steps)
        touching = [s for s in steps if path in s.reviews or any(e.path == path for e in s.edits)]
        if any(s.number <= added.number for s in touching):
            raise StoryError(f"{STORY_NAME}: {path} is changed before {added.label} adds it")
        if not touching:
            written[added.number - 1][path] = data
            continue
        text = data.decode("utf-8")
        reviews = [added.day] + [s.day for s in touching if path in s.reviews]
        for step in reversed(touching):
            written[step.number - 1][path] = text.encode("utf-8")
            if path in step.reviews:
                reviews.pop()
            text = _undo(text, path, step, reviews[-1])
        written[added.number - 1][path] = text.encode("utf-8")
    for path in final:
        first = next(files[path] for files in written if path in files)
        reviewed = REVIEWED.search(first.decode("utf-8", "replace")) if path.endswith(".md") else None
        added = _adder(path, steps)
        if reviewed and reviewed.group(1) > added.day:
            raise StoryError(f"{path} says `reviewed: {reviewed.group(1)}`, after {added.label} adds "
                             "it: list it under `review:` in the step of that day")
    return written


def _git(repo: Path, *args: str, env: dict[str, str] | None = None, data: str | None = None) -> str:
    # The replay must not depend on who runs it: no global or system config, hooks or signing.
    isolated = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", **(env or {})}
    proc = subprocess.run(["git", "-c", "commit.gpgsign=false", "-c", "core.autocrlf=false", *args],
                          cwd=repo, env=isolated, input=data, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise StoryError(f"git {args[0]} failed in {repo}: {proc.stderr.strip()}")
    return proc.stdout


def _fresh(folder: Path) -> None:
    """An empty folder to replay into; only a previous replay is ever deleted."""
    if folder.exists() and any(folder.iterdir()):
        if not (folder / ".git" / MARKER).is_file():
            raise StoryError(f"{folder} is not empty and is not a previous replay: choose another --into")
        shutil.rmtree(folder)
    folder.mkdir(parents=True, exist_ok=True)


def replay(into: Path, root: Path = REPO) -> list[Step]:
    """Replay the story into `into` as a Git repository whose last commit is the sample."""
    steps = load()
    written = versions(steps, sample_files(root))
    _fresh(into)
    _git(into, "init", "-q", "-b", "main")
    (into / ".git" / MARKER).write_text("made by docs/sample/story.py; safe to delete\n", "utf-8")
    for name in SITE_FILES:
        source = root / name
        if source.is_dir():
            shutil.copytree(source, into / name)
        else:
            shutil.copy2(source, into / name)
    for step, files in zip(steps, written, strict=True):
        for path, data in files.items():
            target = into / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        stamp = step.when.isoformat()
        who = {"GIT_AUTHOR_NAME": step.author, "GIT_AUTHOR_EMAIL": step.email, "GIT_AUTHOR_DATE": stamp,
               "GIT_COMMITTER_NAME": step.author, "GIT_COMMITTER_EMAIL": step.email,
               "GIT_COMMITTER_DATE": stamp}
        _git(into, "add", "-A")
        _git(into, "commit", "-q", "--allow-empty", "-F", "-", env=who, data=step.message)
    return steps


def build(hub: Path, site: Path) -> int:
    """`handbook build --strict` of `hub` into `site`, as `make site` always did."""
    command = [sys.executable, "-m", "handbook", "build", "--strict", "-d", str(site)]
    return subprocess.run(command, cwd=hub, check=False).returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--into", type=Path, default=REPO / ".story",
                        help="where to replay the story (default: .story/, ignored by git)")
    parser.add_argument("--site", type=Path, default=None,
                        help="also build the replayed hub's site into this folder")
    args = parser.parse_args(argv)
    site = args.site.resolve() if args.site else None
    try:
        steps = replay(args.into.resolve())
    except StoryError as exc:
        print(f"story: {exc}", file=sys.stderr)
        if site is None:
            return 1
        print("story: building the working copy instead (its history is this repository's own)",
              file=sys.stderr)
        return build(REPO, site)
    print(f"story: {len(steps)} commits from {steps[0].day} to {steps[-1].day} in {args.into}",
          file=sys.stderr)
    return build(args.into.resolve(), site) if site else 0


if __name__ == "__main__":
    sys.exit(main())
