"""Pages a move into the docs folder left behind. A team that moved its Markdown from the top of
the repository into `content/` and then merges a branch made before the move gets that branch's
new pages at the top: no folder moved, so Git has no directory rename to follow, and merges
without a word. They are outside the site, and nothing else would say so. Once the history
shows the pages came from the top, each Markdown file still there that is not one of a
repository's own (README, CHANGELOG, ...) gets a notice; before that, a file at the top is no
sign of anything."""

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


def check(settings: Settings, history: History) -> list[Diagnostic]:
    docs = Path(os.path.relpath(settings.content_dir, settings.root)).as_posix()
    if docs == "." or not _moved_from_top(history, docs):
        return []
    try:
        names = sorted(entry.name for entry in os.scandir(settings.root)
                       if entry.name.lower().endswith(".md") and entry.is_file())
    except OSError:
        return []
    return [Diagnostic(
        name, 1, "notice",
        f"{code(name)} is at the top of the repository, outside {code(docs + '/')}, so the site "
        "does not show it; the pages were moved from here, and a branch made before that move "
        "leaves the pages it adds here when it is merged",
        f"if it is a page, move it in: {code(f'git mv {shlex.quote(name)} {shlex.quote(docs)}/')}",
        kind="stranded")
        for name in names if name.rsplit(".", 1)[0].lower() not in _REPOSITORY_FILES]


def _moved_from_top(history: History, docs: str) -> bool:
    """Whether a commit moved a Markdown file from the hub's top into its docs folder."""
    top, inside = history.prefix, history.prefix + docs + "/"
    return any(change.status == "R" and change.old_path is not None
               and change.old_path.startswith(top) and "/" not in change.old_path[len(top):]
               and change.old_path.lower().endswith(".md") and change.path.startswith(inside)
               for commit in history.commits if commit.renames for change in commit.changes)
