"""Git history: what the rest of Handbook uses of it, as `from handbook import history`.

`git` is the one module that runs git; `commits` holds the commits and reads git's output;
`renames` follows each file across renames and moves, and `merges` across a merge of a branch
forked before the files moved. Derived from them: `page_history`,
`changelog` and `promises` (the promise ledger), imported as modules of their own.
"""

from __future__ import annotations

from handbook.history.commits import (
    Change,
    Commit,
    History,
    LeftOut,
    file_path,
    parse_log,
    printable,
    shorten,
)
from handbook.history.git import (
    commit_of,
    file_versions,
    files_at,
    ignored,
    read,
    read_cached,
    unavailable,
)
from handbook.history.renames import follow_renames

__all__ = [
    "Change",
    "Commit",
    "History",
    "LeftOut",
    "commit_of",
    "file_path",
    "file_versions",
    "files_at",
    "follow_renames",
    "ignored",
    "parse_log",
    "printable",
    "read",
    "read_cached",
    "shorten",
    "unavailable",
]
