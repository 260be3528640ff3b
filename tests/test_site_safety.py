"""The site folder is safe: concurrent builds, killed builds, destinations that cannot be
written, and authored pages where Handbook generates one. The previous site survives each,
and nothing is lost without a word."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from conftest import MKDOCS_YML, REPO, TODAY, Hub, search_pages

from handbook.checks import clashes
from handbook.mkdocs import publish
from handbook.model.links import page_url_of

PAGES = 300  # enough that two builds started together overlap


def _big_hub(hub) -> Hub:
    return hub({f"playbooks/p{i}.md": f"---\nowner: ae\n---\n# Page {i}\n\n{'Text. ' * 200}\n"
                for i in range(PAGES)})


def _assert_complete(site: Path) -> None:
    """Every page of the big hub is there, and the search index parses and lists them all."""
    for i in range(PAGES):
        assert f"Page {i}</h1>" in (site / f"playbooks/p{i}/index.html").read_text("utf-8"), i
    assert {f"/playbooks/p{i}/" for i in range(PAGES)} <= set(search_pages(site))


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".site."))


def _fingerprint(folder: Path) -> dict[str, str]:
    """Every file under `folder` with a hash of its bytes: equal means byte-identical."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _env() -> dict[str, str]:
    return {**os.environ, "NO_COLOR": "1", "SOURCE_DATE_EPOCH": TODAY}


def _start_build(made: Hub, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "handbook", "build", *args], cwd=made.root,
                            env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


# 11. Two builds of one site at once, and killed builds' leftovers


def test_a_second_build_started_mid_build_waits_and_neither_corrupts_the_other(hub):
    made = _big_hub(hub)
    first = _start_build(made)
    _wait_until_writing(made.root)
    second = _start_build(made)
    err = first.communicate(timeout=600)[1]
    assert first.returncode == 0, err
    _assert_complete(made.root / "site")  # the first build's site, whole, before the second swaps
    err = second.communicate(timeout=600)[1]
    assert second.returncode == 0, err
    assert "another build of this site is running (pid " in err and "Traceback" not in err
    _assert_complete(made.root / "site")
    assert _leftovers(made.root) == []


def _wait_until_writing(root: Path) -> None:
    """Until a build has pages in its staging folder (not a timing assertion: a deadline)."""
    deadline = time.monotonic() + 300
    while not any(_has_files(staging) for staging in root.glob(".site.building-*")):
        assert time.monotonic() < deadline, "the build never started writing"
        time.sleep(0.05)


def _has_files(folder: Path) -> bool:
    try:
        return any(folder.iterdir())
    except OSError:  # gone already: swapped in, or cleared
        return False


def test_a_build_waits_for_the_build_holding_the_site(hub):
    made = hub()
    made.build()
    before = _fingerprint(made.root / "site")
    held = publish.stage(made.root / "site")  # this test is the other build
    proc = _start_build(made)
    guard = threading.Timer(300, proc.kill)  # never hang the suite if the build does not wait
    guard.start()
    try:
        waiting = next((line for line in proc.stderr if "another build" in line), "")  # type: ignore[union-attr]
        assert waiting == (f"INFO    -  handbook: another build of this site is running (pid "
                           f"{os.getpid()}); waiting for it to finish\n")
        assert _fingerprint(made.root / "site") == before
        assert _leftovers(made.root) == [held.staging.name, ".site.lock"]  # only ours
    finally:
        publish.discard(held)
        code = proc.wait(timeout=300)
        guard.cancel()
    assert code == 0, proc.stderr.read()  # type: ignore[union-attr]
    assert "Welcome to the hub." in made.html("")
    assert _leftovers(made.root) == []


def test_the_next_build_clears_what_killed_builds_left(hub):
    made = hub()
    made.build()
    for name in (".site.old-4242", ".site.old-4242-0a1b2c3d", ".site.building-999",
                 ".site.building-999-deadbeef"):
        made.write(f"{name}/index.html", "half a site")
    made.write(".site.lock", "999999")  # the lock file of a build that was killed: not held
    result = made.build()
    assert "another build" not in result.err
    assert _leftovers(made.root) == []
    assert "Welcome to the hub." in made.html("")


def test_a_build_killed_while_it_holds_the_site_does_not_block_the_next(hub):
    made = _big_hub(hub)
    proc = _start_build(made)
    _wait_until_writing(made.root)  # it holds the lock
    proc.kill()
    proc.communicate()
    assert not (made.root / "site").exists()  # no half-written site in its place
    assert (made.root / ".site.lock").exists()  # left behind, but no longer held
    assert "another build" not in made.build().err
    _assert_complete(made.root / "site")
    assert _leftovers(made.root) == []


# 9. Destinations that cannot be written


def _unwritable(site: Path, reason: str) -> str:
    return f"Error: cannot write the site to {site}: {reason}\n"


def test_a_site_dir_inside_a_file(hub):
    made = hub()
    made.write("notes.txt", "keep me\n")
    site = made.root / "notes.txt/site"
    result = made.run("build", "-d", str(site))
    assert (result.code, result.err.splitlines(keepends=True)[-1]) == (1, _unwritable(
        site, f"{made.root}/notes.txt is a file, not a folder; move that file away, or build it "
              "elsewhere with --site-dir"))
    assert "Traceback" not in result.err
    assert (made.root / "notes.txt").read_text() == "keep me\n"
    assert _leftovers(made.root) == []


def test_a_site_dir_that_is_a_file(hub):
    made = hub(mkdocs_yml=MKDOCS_YML + "site_dir: notes.txt\n")
    made.write("notes.txt", "keep me\n")
    result = made.run("build")
    assert (result.code, result.err.splitlines(keepends=True)[-1]) == (1, _unwritable(
        made.root / "notes.txt", f"{made.root}/notes.txt is a file, not a folder; move that file "
                                 "away, or build it elsewhere with --site-dir"))
    assert (made.root / "notes.txt").read_text() == "keep me\n"
    assert _leftovers(made.root) == []


def test_an_export_inside_a_file_says_so(hub):
    made = hub()
    made.write("notes.txt", "keep me\n")
    result = made.run("export", "notes.txt/out")
    assert (result.code, result.err) == (
        1, "Error: cannot write the export to notes.txt/out: not a directory; export elsewhere\n")


@contextlib.contextmanager
def _immutable(folder: Path) -> Iterator[None]:
    """`chattr +i`: even root cannot add, remove or rename anything in the folder."""
    if shutil.which("chattr") is None:
        pytest.skip("chattr is not installed, so no folder can refuse root")
    if subprocess.run(["chattr", "+i", str(folder)], capture_output=True, check=False).returncode:
        pytest.skip("this file system has no immutable flag (chattr +i failed)")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


def test_a_folder_that_refuses_writes_keeps_the_previous_site(hub, tmp_path):
    made = hub()
    out = tmp_path / "public"
    made.build("-d", str(out / "site"))
    before = _fingerprint(out / "site")
    with _immutable(out):
        result = made.run("build", "-d", str(out / "site"))
    assert (result.code, result.err.splitlines(keepends=True)[-1]) == (1, _unwritable(
        out / "site", f"permission denied; make {out} writable, or build it elsewhere with "
                      "--site-dir"))
    assert _fingerprint(out / "site") == before
    assert _leftovers(out) == []


@contextlib.contextmanager
def _tmpfs(folder: Path, kilobytes: int) -> Iterator[Path]:
    """A small file system of its own at `folder`: it fills up, and it can turn read-only."""
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={kilobytes}k", "tmpfs",
                              str(folder)], capture_output=True, text=True, check=False)
    if mounted.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip() or 'mount failed'}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


def _kilobytes(folder: Path) -> int:
    return sum(p.lstat().st_blocks * 512 for p in folder.rglob("*")) // 1024 + 64


def test_a_read_only_file_system_keeps_the_previous_site(hub, tmp_path):
    made = hub()
    made.build()
    with _tmpfs(tmp_path / "mnt", 2 * _kilobytes(made.root / "site") + 1024) as mnt:
        made.build("-d", str(mnt / "site"))
        before = _fingerprint(mnt / "site")
        subprocess.run(["mount", "-o", "remount,ro", str(mnt)], check=True)
        result = made.run("build", "-d", str(mnt / "site"))
        assert (result.code, result.err.splitlines(keepends=True)[-1]) == (1, _unwritable(
            mnt / "site", "the file system is read-only; build it elsewhere with --site-dir"))
        assert _fingerprint(mnt / "site") == before
        assert _leftovers(mnt) == []


def test_a_disk_that_fills_up_mid_build_keeps_the_previous_site(hub, tmp_path):
    made = hub()
    made.build()
    # room for the site once and a half: the new one fills the disk halfway through
    with _tmpfs(tmp_path / "mnt", _kilobytes(made.root / "site") * 3 // 2) as mnt:
        made.build("-d", str(mnt / "site"))
        before = _fingerprint(mnt / "site")
        result = made.run("build", "-d", str(mnt / "site"))
        assert (result.code, result.err.splitlines(keepends=True)[-1]) == (1, _unwritable(
            mnt / "site", "the disk is full; free some space on it, or build it elsewhere with "
                          "--site-dir"))
        assert "Traceback" not in result.err
        assert _fingerprint(mnt / "site") == before
        assert _leftovers(mnt) == []


def test_write_errors_name_the_site_and_others_are_left_alone(tmp_path):
    site = tmp_path / "site"
    denied = OSError(errno.EACCES, "Permission denied", str(tmp_path / ".site.lock"))
    assert publish.cannot_write(site, denied) == (
        f"cannot write the site to {site}: permission denied; make {tmp_path} writable, or build "
        "it elsewhere with --site-dir")
    inside = OSError(errno.EIO, "Input/output error", str(tmp_path / ".site.building-1-ab/x.html"))
    assert publish.cannot_write(site, inside) == (
        f"cannot write the site to {site}: input/output error; build it elsewhere with --site-dir")
    elsewhere = OSError(errno.EACCES, "Permission denied", str(tmp_path / "content/x.pdf"))
    assert publish.cannot_write(site, elsewhere) is None  # reading the hub, not writing the site


def test_without_an_atomic_exchange_the_swap_still_replaces_the_site(tmp_path, monkeypatch):
    monkeypatch.setattr(publish, "_exchange", lambda a, b: False)
    site = tmp_path / "site"
    site.mkdir()
    (site / "old.html").write_text("old")
    staged = publish.stage(site)
    (staged.staging / "new.html").write_text("new")
    publish.swap(staged)
    assert sorted(p.name for p in site.iterdir()) == ["new.html"]
    assert _leftovers(tmp_path) == []


def test_the_swap_exchanges_the_sites_in_one_step(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "old.html").write_text("old")
    staged = publish.stage(site)
    (staged.staging / "new.html").write_text("new")
    assert publish._exchange(staged.staging, site), "this system has no atomic exchange"
    assert (site / "new.html").is_file() and (staged.staging / "old.html").is_file()
    publish.discard(staged)  # what a failed swap leaves is the old site, under the staging name
    assert _leftovers(tmp_path) == []


# 12. Authored pages where Handbook generates one

OWNED = "---\nowner: ae\n---\n# Ours: {path}\n\nWritten by marketing.\n"
# authored file -> (URL it shares, what Handbook generates there)
AT_GENERATED_URLS = {
    "content/whats-new/index.md": ("whats-new/", "What's new"),
    "content/releases/index.md": ("releases/", "the release notes"),
    "content/glossary.md": ("glossary/", "the glossary"),
    "content/campaigns.md": ("campaigns/", "the campaign board"),
    "content/freshness/index.md": ("freshness/", "the freshness report"),
    "content/onboarding/README.md": ("onboarding/", "Onboarding"),
    "content/assets.md": ("assets/", "the collateral library"),
    "content/roles/index.md": ("roles/", "Roles & expectations"),
    "playbooks/process/index.md": ("process/", "the selling process"),
}
AT_GENERATED_FILES = {
    "content/schema/campaign.json": ("schema/campaign.json", "the campaign front matter schema"),
    "content/whats-new/feed.xml": ("whats-new/feed.xml", "the What's new feed"),
}


def _clash(path: str, url: str, what: str) -> str:
    return (f"{path}:1: warning: this is published at {url}, where Handbook generates {what}; "
            "the generated one is left out of the site\n"
            f"    fix: rename or move this file to publish both; delete it to bring back {what}\n")


# one document of each kind, and history: Handbook generates a section only for what a hub has
EVERY_KIND = {
    "content/roles/ae.md": "---\ntitle: AE\nowner: ae\nonboarding: [home]\n---\nSells.\n",
    "content/campaigns/w.md": "---\nowner: ae\nstarts: 2026-01-01\nends: 2026-02-01\n---\n",
    "content/releases/fall.md": "---\nowner: ae\ndate: 2026-10-01\n---\n",
    "content/glossary/mql.md": "---\nabbr: MQL\ndefinition: A lead.\n---\n",
    "content/assets/sheet.md": "---\nowner: ae\nurl: https://example.com/s\n---\n",
    "playbooks/process/qualify.md": "---\nowner: ae\norder: 1\n---\n",
}


def test_authored_pages_at_generated_urls_win_and_are_reported(git_repo, tmp_path):
    files = {path: OWNED.format(path=path) for path in AT_GENERATED_URLS}
    files |= {path: f"ours: {path}\n" for path in AT_GENERATED_FILES}
    repo = git_repo({**EVERY_KIND, **files})
    repo.commit("docs: every kind, and our own pages where Handbook generates some")
    made = repo.hub
    result = made.check()
    assert result.code == 0, result.out
    for path, (url, what) in {**AT_GENERATED_URLS, **AT_GENERATED_FILES}.items():
        assert _clash(path, url, what) in result.out + "\n"
    assert f"\nhandbook check: {len(files)} warnings\nTrust score: " in result.out
    assert made.check("--strict").code == 1
    strict = made.run("build", "--strict")
    assert strict.code == 1 and not (made.root / "site").exists()  # build agrees with check
    built = made.build()
    out = tmp_path / "export"
    exported = made.run("export", str(out))
    assert exported.code == 0, exported.err
    for path, (url, what) in AT_GENERATED_URLS.items():
        assert _clash(path, url, what).rstrip("\n") in built.err
        assert f"Ours: {path}</h1>" in made.html(url), path
        assert _clash(path, url, what) in exported.err + "\n"
    for path, (url, _) in AT_GENERATED_FILES.items():
        assert (made.root / "site" / url).read_text() == f"ours: {path}\n"
        assert (out / "docs" / url).read_text() == f"ours: {path}\n"
    assert "# Ours: content/glossary.md\n" in (out / "docs/glossary.md").read_text()
    assert not (out / "docs/glossary/index.md").exists()
    assert "Ours: content/releases/index.md" in (out / "docs/releases/index.md").read_text()


def test_two_authored_pages_at_one_url_are_named_and_one_id_twice_stops_the_build(hub):
    made = hub({"content/sales/faq.md": OWNED.format(path="faq"),
                "content/sales/faq/index.md": OWNED.format(path="faq index"),
                "content/README.md": OWNED.format(path="readme")})
    result = made.check()
    assert result.code == 1
    assert ("content/index.md:1: warning: this page and content/README.md are both published at "
            "/, so one replaces the other and readers never see it\n    fix: rename or move one of "
            "them\n") in result.out
    # one id as well as one URL: the loader names it first (ids are paths without .md)
    assert ("content/sales/faq/index.md:1: error: the id `sales/faq` is already used by "
            "content/sales/faq.md\n    fix: rename or move one of the files: a document's id is "
            "its path without .md\n") in result.out
    build = made.run("build")
    assert build.code == 1 and not (made.root / "site").exists()


def test_the_list_of_generated_paths_is_what_the_tree_generates(hub, monkeypatch):
    """`check` knows what a build generates without building: the two must never drift."""
    from handbook import history
    from handbook.model.options import read_settings
    from handbook.pipeline.session import Session

    made = hub({
        "content/roles/ae.md": "---\ntitle: AE\nowner: ae\nonboarding: [home]\n---\n",
        "content/roles/se.md": "---\ntitle: SE\nowner: se\n---\n",
        "content/assets/deck.md": "---\nowner: ae\nurl: https://example.com/d\npersonalize: true\n---\n",
        "content/assets/sheet.md": "---\nowner: ae\nurl: https://example.com/s\n---\n",
        "content/glossary/mql.md": "---\nabbr: MQL\ndefinition: A lead.\n---\n",
        "content/releases/fall.md": "---\nowner: ae\ndate: 2026-10-01\n---\n",
        "content/campaigns/w.md": "---\nowner: ae\nstarts: 2026-01-01\nends: 2026-02-01\n---\n",
        "playbooks/process/qualify.md": "---\nowner: ae\norder: 1\n---\n",
    })
    monkeypatch.setenv("SOURCE_DATE_EPOCH", TODAY)
    session = Session(read_settings(made.root / "mkdocs.yml"), history=history.unavailable("not needed"))
    diagnostics, hub_ = session.diagnostics(), session.hub
    assert not [d for d in diagnostics if d.severity == "error"], diagnostics
    tree = session.site
    generated = {uri for uri, page in tree.pages.items() if page.document is None}
    made_by_handbook = generated | set(tree.files)
    assert set(clashes.generated(hub_, with_history=False)) == made_by_handbook
    assert {"onboarding/ae.md", "assets/deck/print.md"} <= made_by_handbook
    assert "whats-new/index.md" not in made_by_handbook  # What's new comes with history


@pytest.mark.parametrize(("uri", "url"), [
    ("index.md", ""), ("sales/index.md", "sales/"), ("sales/README.md", "sales/"),
    ("glossary.md", "glossary/"), ("a/b.c.md", "a/b.c/"), ("README.md", ""),
])
def test_page_urls_are_where_mkdocs_publishes_them(uri, url):
    assert page_url_of(uri) == url


def test_ci_never_builds_pull_requests_with_secrets():
    """The README's promise about CI, held to by the templates hubs copy."""
    check_text = (REPO / ".github/workflows/check.yml").read_text()
    check = yaml.load(check_text, yaml.BaseLoader)  # `on:` stays a string key
    assert list(check["on"]) == ["pull_request"]  # never pull_request_target
    code = "\n".join(line.split("#", 1)[0] for line in check_text.splitlines())  # no comments
    assert "secrets." not in code
    assert check["permissions"] == {"contents": "read"}
    checkout = next(s for s in check["jobs"]["check"]["steps"]
                    if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["persist-credentials"] == "false"
    deploy = yaml.load((REPO / ".github/workflows/deploy.yml").read_text(), yaml.BaseLoader)
    assert set(deploy["on"]) == {"push", "workflow_dispatch"}
    assert deploy["on"]["push"]["branches"] == ["main"]
    assert deploy["permissions"] == {"contents": "read"}  # the build job cannot publish
    assert deploy["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
