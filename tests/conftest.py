"""Fixtures that run Handbook the way users do: real hubs on disk, the real CLI and MkDocs."""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import logging
import os
import subprocess
import sys
import textwrap
import threading
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# "Today" for every run: 2026-11-23, so campaign status and review dates never drift with the clock.
TODAY = "1795392000"

MKDOCS_YML = """\
site_name: Test hub
site_url: https://hub.example.com/
repo_url: https://github.com/acme/hub
docs_dir: content
theme:
  name: material
  features: [content.action.edit]
plugins:
  - search
  - handbook
"""

# The smallest valid hub: one role that owns itself, and a home page.
BASE_FILES = {
    "content/index.md": "---\nowner: ae\n---\n# Home\n\nWelcome to the hub.\n",
    "content/roles/ae.md": "---\ntitle: Account Executive\nowner: ae\nteam: sales\n---\nSells.\n",
}


@dataclass
class Result:
    code: int
    out: str
    err: str


@dataclass
class Hub:
    """A throwaway hub in tmp_path, with helpers to run the CLI and read the built site."""

    root: Path

    def write(self, path: str, text: str) -> Path:
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text), encoding="utf-8")
        return target

    def write_bytes(self, path: str, data: bytes) -> Path:
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        return target

    def run(self, *args: str, env: dict[str, str] | None = None, subprocess: bool = False) -> Result:
        return run_handbook(self.root, *args, env=env, subprocess=subprocess)

    def check(self, *args: str) -> Result:
        return self.run("check", *args)

    def build(self, *args: str) -> Result:
        result = self.run("build", *args)
        assert result.code == 0, result.err + result.out
        return result

    def html(self, page: str) -> str:
        return (self.root / "site" / page / "index.html").read_text(encoding="utf-8")

    def search_pages(self) -> dict[str, dict]:
        return search_pages(self.root / "site")


# What Python reads once, as it starts: an in-process run cannot honour them, only a new process.
READ_AT_START = frozenset({"PYTHONPATH", "PYTHONHASHSEED", "PATH", "TZ", "LC_ALL", "LANG",
                           "GIT_PYTHON_GIT_EXECUTABLE", "GIT_PYTHON_REFRESH"})


def run_handbook(cwd: Path, *args: str, env: dict[str, str] | None = None,
                 subprocess: bool = False) -> Result:
    """`handbook ARGS` in `cwd`, as a user runs it. By default the same CLI runs in this process
    (click's test runner: seconds quicker, no interpreter and MkDocs to start); `subprocess=True`
    runs `python -m handbook` in its own process, for what only a process shows: its own
    environment at start, a crash of the interpreter, the recursion limit of a fresh one."""
    full_env = {"NO_COLOR": "1", "SOURCE_DATE_EPOCH": TODAY, **(env or {})}
    if subprocess:
        return _in_own_process(cwd, args, full_env)
    assert not READ_AT_START & full_env.keys(), "Python reads these at start: pass subprocess=True"
    return _in_this_process(cwd, args, full_env)


def _in_own_process(cwd: Path, args: tuple[str, ...], env: dict[str, str]) -> Result:
    proc = subprocess.run(
        [sys.executable, "-m", "handbook", *args], cwd=cwd, env={**os.environ, **env},
        capture_output=True, text=True, timeout=300, check=False,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


def _in_this_process(cwd: Path, args: tuple[str, ...], env: dict[str, str]) -> Result:
    """The CLI through click's runner, starting as a new process would: no plugin instances or
    history kept from an earlier run, its own working directory; the MkDocs logger as it was."""
    from click.testing import CliRunner
    from mkdocs.config.defaults import MkDocsConfig

    from handbook.cli import cli
    from handbook.history import git

    MkDocsConfig.plugins.plugin_cache.clear()  # MkDocs keeps plugins across builds, for `serve`
    git._CACHE.clear()  # each run reads history anew, as a new process does
    logger = logging.getLogger("mkdocs")
    handlers, level, propagate = list(logger.handlers), logger.level, logger.propagate
    try:
        with contextlib.chdir(cwd):
            result = CliRunner().invoke(cli, list(args), prog_name="handbook", env=env)
    finally:
        logger.handlers[:] = handlers
        logger.setLevel(level)
        logger.propagate = propagate
    err = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        err += "".join(traceback.format_exception(result.exception))  # as Python prints it
    return Result(result.exit_code, result.stdout, err)


@pytest.fixture
def hub(tmp_path: Path) -> Callable[..., Hub]:
    """Make a hub: `hub({"content/x.md": "..."})` on top of a minimal valid one."""
    return hub_in(tmp_path)


def hub_in(folder: Path) -> Callable[..., Hub]:
    """The `hub` fixture's factory, making the hub in `folder`: a module-scoped fixture passes
    one of `tmp_path_factory`'s, so that one hub serves every test that only reads it."""

    def make(files: dict[str, str] | None = None, *, base: bool = True,
             mkdocs_yml: str = MKDOCS_YML) -> Hub:
        made = Hub(folder / "hub")
        made.root.mkdir(exist_ok=True)
        made.write("mkdocs.yml", mkdocs_yml)
        for path, text in {**(BASE_FILES if base else {}), **(files or {})}.items():
            made.write(path, text)
        return made

    return make


@dataclass
class Repo:
    """A Git repository around a hub, with commits at fixed dates by named authors."""

    hub: Hub

    def git(self, *args: str, env: dict[str, str] | None = None) -> str:
        proc = subprocess.run(["git", *args], cwd=self.hub.root, capture_output=True, text=True,
                              env={**os.environ, **(env or {})}, check=True)
        return proc.stdout.strip()

    def commit(self, message: str, files: dict[str, str | None] | None = None, *,
               date: str = "2026-03-02T10:00:00+00:00", author: str = "Dana Lee",
               email: str = "dana@example.com") -> str:
        """Write (or with None, delete) files, then commit everything as `author` on `date`."""
        for path, text in (files or {}).items():
            if text is None:
                (self.hub.root / path).unlink()
            else:
                self.hub.write(path, text)
        self.git("add", "-A")
        env = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "GIT_AUTHOR_NAME": author,
               "GIT_AUTHOR_EMAIL": email, "GIT_COMMITTER_NAME": author,
               "GIT_COMMITTER_EMAIL": email}
        self.git("commit", "-q", "--allow-empty", "-m", message, env=env)
        return self.git("rev-parse", "HEAD")


@pytest.fixture
def git_repo(tmp_path: Path) -> Callable[..., Repo]:
    """`git_repo(files)`: a hub in a fresh repository (branch main), nothing committed yet."""
    return git_repo_in(tmp_path)


def git_repo_in(folder: Path) -> Callable[..., Repo]:
    """The `git_repo` fixture's factory, for a hub in `folder` (see `hub_in`)."""
    hub = hub_in(folder)

    def make(files: dict[str, str] | None = None, **kwargs: object) -> Repo:
        return init_repo(hub(files, **kwargs))

    return make


def init_repo(made: Hub) -> Repo:
    """A fresh repository (branch main) around a hub, nothing committed yet."""
    repo = Repo(made)
    repo.git("init", "-q", "-b", "main")
    repo.git("config", "user.name", "Test Runner")
    repo.git("config", "user.email", "runner@example.com")
    repo.git("config", "commit.gpgsign", "false")
    return repo


@pytest.fixture(scope="session")
def artifacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where tests leave screenshots and reports for people: `HANDBOOK_ARTIFACTS` (CI sets it),
    else pytest's temporary folder, never the project's checkout."""
    chosen = os.environ.get("HANDBOOK_ARTIFACTS")
    folder = Path(chosen) if chosen else tmp_path_factory.getbasetemp() / "artifacts"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own sample hub, copied and built once for the session."""
    import shutil

    root = tmp_path_factory.mktemp("sample")
    for name in (".git", ".gitignore", "content", "playbooks", "theme", "mkdocs.yml"):
        source = REPO / name
        if not source.exists():
            continue
        if source.is_dir():
            shutil.copytree(source, root / name, symlinks=True)
        else:
            shutil.copy(source, root / name)
    result = run_handbook(root, "build", "--strict", env={"SOURCE_DATE_EPOCH": "1795392000"})
    assert result.code == 0, result.err
    return root / "site"


def search_pages(site: Path) -> dict[str, dict]:
    """What search holds for each page, by URL (`/playbooks/demo/`): the index's fragments, with
    the page's `content`, its `meta` (`title`, `boost`) and its headings' `anchors`."""
    import gzip

    pages = {}
    for fragment in (site / "search/handbook").glob("*/f*.gz"):
        found = json.loads(gzip.decompress(fragment.read_bytes()))
        pages[found["url"]] = found
    return pages


# --- the browser: Chromium over a local HTTP server, one for the whole session (every browser
# test file shares it: Playwright allows one driver per process) -------------------------------

CHROMIUM = Path(os.environ.get("HANDBOOK_CHROMIUM", "/usr/bin/chromium"))
BROWSER_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def browser_unavailable(reason: str) -> None:
    """Without a browser, browser tests skip, except on CI (`CI=true`), where that is a failure."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"browser tests must run on CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium through Playwright."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        browser_unavailable("playwright is not installed (pip install -e '.[test]')")
    if not CHROMIUM.exists():
        browser_unavailable(f"no browser at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=BROWSER_ARGS)
        yield launched
        launched.close()


@contextlib.contextmanager
def served(folder: Path) -> Iterator[str]:
    """A built site over HTTP on 127.0.0.1, as a static host serves it: its base URL while the
    block runs."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


@pytest.fixture(scope="session")
def site_url(sample_site: Path) -> Iterator[str]:
    """The built sample hub over HTTP."""
    with served(sample_site) as url:
        yield url


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        """A browser that drops a connection (a page left mid-load) is no error of the site's."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def page(browser, site_url):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    opened.set_default_timeout(15_000)
    yield opened
    context.close()


# --- the live preview: a real `handbook serve` -------------------------------------------------

@contextlib.contextmanager
def previewing(made: Hub) -> Iterator[tuple[str, list[str]]]:
    """`handbook serve` on a free port of 127.0.0.1, as a user starts it: its base URL and the
    lines it has printed so far, while the block runs."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "handbook", "serve", "-a", f"127.0.0.1:{port}"],
                            cwd=made.root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "NO_COLOR": "1"})
    output: list[str] = []
    threading.Thread(target=lambda: output.extend(proc.stdout), daemon=True).start()  # type: ignore[arg-type]
    try:
        yield f"http://127.0.0.1:{port}/", output
    finally:
        proc.terminate()
        proc.wait(timeout=20)
