"""`handbook init`: the files a hub needs to be built, checked and published, written so they
work as written: CI installs Handbook from where the running Handbook itself came from."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from handbook.checks.gitignore import ignore_lines, not_ignored

# Handbook's wheel goes here when it was installed from this machine, which CI cannot reach.
VENDOR_DIR = ".handbook"
CI_FILES = {
    "github": {".github/workflows/check.yml": "check.yml",
               ".github/workflows/deploy.yml": "deploy.yml"},
    "gitlab": {".gitlab-ci.yml": "gitlab-ci.yml"},
    "none": {},
}
TEMPLATES = resources.files("handbook.site") / "templates" / "hub"
INSTALL_COMMENT = "# the Handbook `handbook init` was run with"


class NotInstallable(Exception):
    """The running Handbook's source cannot be named so that CI installs it."""


@dataclass(frozen=True)
class Written:
    path: str
    note: str


@dataclass(frozen=True)
class Source:
    """Where a Handbook was installed from, as pip names it; `local` when only this machine
    can reach it (a folder or file on its disk)."""

    requirement: str
    local: bool


def source(direct_url: str | None) -> Source:
    """The source of the distribution whose PEP 610 `direct_url.json` this is."""
    if direct_url is None:
        raise NotInstallable(
            "this Handbook's install names no source (it came from a package index, and "
            "`handbook` on PyPI is not this project); install it with `pip install` from its "
            "folder, Git repository or wheel, then run `handbook init` again")
    try:
        found = json.loads(direct_url)
        url = found["url"]
        local = urlsplit(url).scheme == "file"
        vcs = found.get("vcs_info")
        if vcs:
            url = f"{vcs['vcs']}+{url}@{vcs['commit_id']}"
        if found.get("subdirectory"):
            url += f"#subdirectory={found['subdirectory']}"
    except (ValueError, KeyError, TypeError, AttributeError):
        raise NotInstallable("this Handbook's install record (direct_url.json) cannot be read; "
                             "reinstall Handbook, then run `handbook init` again") from None
    return Source(f"handbook @ {url}", local)


def install_command(root: Path) -> tuple[str, Path | None]:
    """The command CI runs to install the Handbook that is running now, and the wheel of it
    written into the hub (VENDOR_DIR, to be committed) when its source is on this machine."""
    found = source(metadata.distribution("handbook").read_text("direct_url.json"))
    if not found.local:
        return f"pip install {shlex.quote(found.requirement)}", None
    wheel = _vendored(found.requirement, root)
    return f"pip install ./{wheel.relative_to(root).as_posix()}", wheel


def _vendored(wanted: str, root: Path) -> Path:
    """A wheel of `wanted` in the hub's VENDOR_DIR, replacing the wheel a previous init wrote."""
    folder = root / VENDOR_DIR
    folder.mkdir(exist_ok=True)
    for old in folder.glob("handbook-*.whl"):
        old.unlink()
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", str(folder),
         wanted], capture_output=True, text=True, check=False)
    wheels = sorted(folder.glob("handbook-*.whl"))
    if proc.returncode != 0 or not wheels:
        reason = (proc.stderr.strip().splitlines() or ["pip wrote no wheel"])[-1]
        raise NotInstallable(f"cannot make a wheel of Handbook from {wanted.split(' @ ', 1)[1]}: "
                             f"{reason}")
    return wheels[-1]


def template(name: str) -> str:
    return (TEMPLATES / name).read_text(encoding="utf-8")


def rendered(name: str, install: str, comment: str = INSTALL_COMMENT) -> str:
    """A hub file from its template, with the line that installs Handbook filled in."""
    line = install if yaml.safe_load(install) == install else json.dumps(install)
    return template(name).replace("@install@", f"{line} {comment}")


def write(root: Path, config_name: str, ci: str, site_dir: str = "site") -> list[Written]:
    """Every file a hub lacks, never one it has; .gitignore only gains the lines it misses."""
    done: list[Written] = []
    files = CI_FILES[ci]
    missing = [path for path in files if not (root / path).exists()]
    install, wheel = install_command(root) if missing else ("", None)  # may refuse: first
    if not (root / config_name).exists():
        docs_dir = next((d for d in ("content", "docs") if (root / d).is_dir()), "content")
        if not (root / docs_dir).is_dir():
            _create(root, "content/index.md", "# Our handbook\n\nStart here.\n", done)
        _create(root, config_name, template("mkdocs.yml").replace("@docs_dir@", docs_dir), done)
    _ignore(root, site_dir, done)
    for path, name in files.items():
        _create(root, path, rendered(name, install), done)
    if wheel is not None:
        done.append(Written(wheel.relative_to(root).as_posix(),
                            "written: the Handbook CI installs; commit it with the rest"))
    _create(root, ".pre-commit-config.yaml", template("pre-commit-config.yaml"), done)
    return done


def _create(root: Path, path: str, text: str, done: list[Written]) -> None:
    target = root / path
    if target.exists():
        done.append(Written(path, "already there, left as it is"))
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    done.append(Written(path, "written"))


def _ignore(root: Path, site_dir: str, done: list[Written]) -> None:
    """The lines Git does not honour yet (`site` already ignores `site/`); outside Git, the
    lines the file lacks as written."""
    target = root / ".gitignore"
    text = target.read_text(encoding="utf-8") if target.exists() else ""
    missing = not_ignored(root, site_dir)
    if missing is None:
        missing = [line for line in ignore_lines(site_dir) if line not in text.splitlines()]
    if not missing:
        return
    prefix = "" if not text or text.endswith("\n") else "\n"
    target.write_text(text + prefix + "\n".join(missing) + "\n", encoding="utf-8")
    done.append(Written(".gitignore", f"added {' '.join(missing)}: the built site stays out of Git"))
