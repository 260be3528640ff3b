"""Pages a move into the docs folder left behind. A team whose handbook filled the top of its
repository (Markdown files there, or a folder per subject) moves it into `content/`, and a file
or folder can stay behind: forgotten in the move, or added by a branch made before it (no folder
moved, so Git's merge has no directory rename to follow and leaves the branch's new pages where
they were). They are outside the site, and nothing else would say so. Once the history shows
the pages came from the top, each Markdown file still there that is not one of a repository's
own (README, CHANGELOG, ...) and each folder there holding Markdown gets a notice. A code
repository whose pages came from `docs/` alone gets none: its other folders are its code's."""

from __future__ import annotations

import os
import shlex
from pathlib import Path

from handbook.history import History
from handbook.model.diagnostics import Diagnostic
from handbook.model.markdown import code
from handbook.model.options import Settings

# What a repository keeps at its top for Git hosts and contributors, whatever its pages are.
_REPOSITORY_FILES = frozenset({
    "readme", "changelog", "changes", "history", "news", "contributing", "license", "licence",
    "code_of_conduct", "security", "support", "authors", "maintainers", "governance", "notice",
    "agents", "claude", "copying", "releasing", "upgrading",
})
_NOT_PAGES = frozenset({"node_modules", "venv", "vendor", "site-packages", "__pycache__"})
_COUNTED = 1000  # Markdown files counted in a folder left behind, at most


def check(settings: Settings, history: History) -> list[Diagnostic]:
    docs = Path(os.path.relpath(settings.content_dir, settings.root)).as_posix()
    if docs == "." or not _came_from_the_top(history, docs):
        return []
    handbooks = {docs.split("/")[0], settings.options.playbooks_dir.strip("/").split("/")[0],
                 settings.site_dir.strip("/").split("/")[0]}
    if settings.theme_dir is not None:
        handbooks.add(Path(os.path.relpath(settings.theme_dir, settings.root)).parts[0])
    try:
        entries = sorted(os.scandir(settings.root), key=lambda entry: entry.name)
    except OSError:
        return []
    found: list[Diagnostic] = []
    move = f"{shlex.quote(docs)}/"
    for entry in entries:
        name = entry.name
        if name.startswith(".") or name in handbooks or name in _NOT_PAGES:
            continue
        if entry.is_file() and name.lower().endswith(".md") \
                and name.rsplit(".", 1)[0].lower() not in _REPOSITORY_FILES:
            found.append(Diagnostic(
                name, 1, "notice",
                f"{code(name)} is at the top of the repository, outside {code(docs + '/')}, so the "
                "site does not show it; the pages were moved from the top, and a branch made before "
                "that move leaves the pages it adds here when it is merged",
                f"if it is a page, move it in: {code(f'git mv {shlex.quote(name)} {move}')}",
                kind="stranded"))
        elif entry.is_dir(follow_symlinks=False) and (count := _markdown_in(Path(entry.path))):
            many = f"{count}{'+' if count >= _COUNTED else ''} Markdown file{'s' if count > 1 else ''}"
            found.append(Diagnostic(
                name, 1, "notice",
                f"{code(name + '/')} holds {many} at the top of the repository, outside "
                f"{code(docs + '/')}, so the site does not show them; the pages were moved from the "
                "top, and this folder stayed",
                f"if they are pages, move the folder in: {code(f'git mv {shlex.quote(name)} {move}')}",
                kind="stranded"))
    return found


def _came_from_the_top(history: History, docs: str) -> bool:
    """Whether pages were moved into the docs folder from the top of the hub: files there, or
    two folders or more (from `docs/` alone is a code repository's docs)."""
    top, inside = history.prefix, history.prefix + docs + "/"
    places: set[str] = set()
    for commit in history.commits:
        if not commit.renames:
            continue
        for change in commit.changes:
            old = change.old_path
            if change.status != "R" or old is None or not change.path.startswith(inside) \
                    or not old.startswith(top) or old.startswith(inside):
                continue
            first, slash, _ = old[len(top):].partition("/")
            places.add(first if slash else "")
            if "" in places or len(places) > 1:
                return True
    return False


def _markdown_in(folder: Path) -> int:
    """How many Markdown files `folder` holds, at most _COUNTED (links not followed)."""
    count = 0
    for _, dirnames, filenames in os.walk(folder):
        dirnames[:] = [d for d in dirnames if not d.startswith(".") and d not in _NOT_PAGES]
        count += sum(1 for name in filenames if name.lower().endswith(".md"))
        if count >= _COUNTED:
            return _COUNTED
    return count
