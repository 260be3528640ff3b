"""Build beside the live site and swap at the end, so a failed build never breaks the site and
two builds of one site never write into each other.

A build holds `.<site>.lock` beside the site folder from the moment it stages until the swap;
a second build of the same site waits for it. While the lock is held, no other build of the
site is running, so any `.<site>.building-*` or `.<site>.old-*` folder is a killed build's
leftover and is removed.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import glob
import os
import secrets
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

_LEFTOVERS = (".{name}.building-*", ".{name}.old-*")
# Errors only a write can give: whatever file they name, the site could not be written.
_WRITE_ERRORS = {errno.EROFS, errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
ELSEWHERE = "build it elsewhere with --site-dir"


@dataclass
class Staged:
    """A build in progress: where it writes, where it will publish, and the lock it holds."""

    site_dir: Path
    staging: Path
    lock: int  # file descriptor of the held lock file; -1 once released


def stage(site_dir: Path, waiting: Callable[[str], None] = lambda pid: None) -> Staged:
    """Take the site's lock (calling `waiting` with the other build's pid while it is held),
    clear killed builds' leftovers, and make a staging folder that belongs to this build only."""
    site_dir = Path(os.path.abspath(site_dir))
    if os.path.lexists(site_dir) and not site_dir.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(site_dir))
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staged = Staged(site_dir, _unique(site_dir, "building"), _lock(_lock_path(site_dir), waiting))
    try:
        for pattern in _LEFTOVERS:
            for leftover in site_dir.parent.glob(pattern.format(name=glob.escape(site_dir.name))):
                _remove(leftover)
        staged.staging.mkdir()
    except BaseException:
        _unlock(staged)
        raise
    return staged


def swap(staged: Staged) -> None:
    """Put the finished build in place of the old site in one rename, then remove the old one.
    If that fails, the old site stays in place and the staging folder goes."""
    site, staging = staged.site_dir, staged.staging
    try:
        if not os.path.lexists(site):
            os.replace(staging, site)
        elif _exchange(staging, site):
            _remove(staging)  # it now holds the old site
        else:  # no atomic exchange here: two renames, undone if the second fails
            retired = _unique(site, "old")
            os.replace(site, retired)
            try:
                os.replace(staging, site)
            except OSError:
                os.replace(retired, site)
                raise
            _remove(retired)
    except BaseException:
        discard(staged)
        raise
    _unlock(staged)


def discard(staged: Staged) -> None:
    """Drop an unfinished build; the site stays as it was."""
    _remove(staged.staging)
    _unlock(staged)


def _remove(path: Path) -> None:
    """Delete a folder, or what replaced it (a site folder may be a link), as far as possible."""
    if path.is_symlink() or path.is_file():
        with contextlib.suppress(OSError):
            path.unlink()
    else:
        shutil.rmtree(path, ignore_errors=True)


def cannot_write(site_dir: Path, error: OSError) -> str | None:
    """`cannot write the site to <site>: <reason>; <fix>` when `error` came from writing the
    site; None when it is about some other file."""
    site_dir = Path(os.path.abspath(site_dir))
    if error.errno not in _WRITE_ERRORS and not any(
            _is_site_path(site_dir, Path(os.path.abspath(os.fsdecode(name))))
            for name in (error.filename, error.filename2) if isinstance(name, str | bytes)):
        return None
    return f"cannot write the site to {site_dir}: {_reason(site_dir, error)}"


def _reason(site_dir: Path, error: OSError) -> str:
    if error.errno in (errno.ENOTDIR, errno.EEXIST):
        in_the_way = next((p for p in (*reversed(site_dir.parents), site_dir)
                           if os.path.lexists(p) and not p.is_dir()), None)
        if in_the_way is not None:
            return f"{in_the_way} is a file, not a folder; move that file away, or {ELSEWHERE}"
    if error.errno == errno.EROFS:
        return f"the file system is read-only; {ELSEWHERE}"
    if error.errno in (errno.EACCES, errno.EPERM):
        return f"permission denied; make {site_dir.parent} writable, or {ELSEWHERE}"
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"the disk is full; free some space on it, or {ELSEWHERE}"
    return f"{(error.strerror or str(error)).lower()}; {ELSEWHERE}"


def _is_site_path(site_dir: Path, path: Path) -> bool:
    """The site, a folder above it, or one of its builds' files beside it."""
    return (path == site_dir or path in site_dir.parents
            or (path.is_relative_to(site_dir.parent) and path != site_dir.parent
                and path.relative_to(site_dir.parent).parts[0].startswith(f".{site_dir.name}.")))


def _unique(site_dir: Path, what: str) -> Path:
    return site_dir.parent / f".{site_dir.name}.{what}-{os.getpid()}-{secrets.token_hex(4)}"


def _lock_path(site_dir: Path) -> Path:
    return site_dir.parent / f".{site_dir.name}.lock"


def _lock(path: Path, waiting: Callable[[str], None]) -> int:
    """Hold the lock file at `path`. Its holder deletes it on release, so after waiting, the
    file we locked may be gone: then lock the new one."""
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                waiting(os.pread(fd, 32, 0).decode(errors="replace").strip() or "unknown")
                fcntl.flock(fd, fcntl.LOCK_EX)
            if os.path.exists(path) and os.stat(path).st_ino == os.fstat(fd).st_ino:
                os.ftruncate(fd, 0)
                os.pwrite(fd, str(os.getpid()).encode(), 0)
                return fd
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)


def _unlock(staged: Staged) -> None:
    """Delete the lock file, then release it (see `_lock`); once only."""
    if staged.lock < 0:
        return
    try:
        _lock_path(staged.site_dir).unlink(missing_ok=True)
    finally:
        os.close(staged.lock)
        staged.lock = -1


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux's renameat2); False where the system cannot."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(a), None, str(b))
