"""Build beside the live site and swap at the end, so a failed build never breaks the site."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

_STAGING = ".{name}.building-{pid}"
_RETIRED = ".{name}.old-{pid}"


def staging_dir(site_dir: Path) -> Path:
    """A fresh folder next to `site_dir`; stale ones from killed builds are cleared first."""
    for stale in site_dir.parent.glob(f".{site_dir.name}.building-*"):
        shutil.rmtree(stale, ignore_errors=True)
    return site_dir.parent / _STAGING.format(name=site_dir.name, pid=os.getpid())


def swap(staging: Path, site_dir: Path) -> None:
    """Put the finished build in place of the old site, then remove the old one."""
    retired = site_dir.parent / _RETIRED.format(name=site_dir.name, pid=os.getpid())
    if site_dir.exists():
        os.replace(site_dir, retired)
    os.replace(staging, site_dir)
    shutil.rmtree(retired, ignore_errors=True)


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)
