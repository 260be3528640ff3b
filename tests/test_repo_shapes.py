"""The hub builds in every repository shape it meets: detached, worktree, shallow, submodules,
no commits, and no git at all; where history is incomplete, the build says so."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run_handbook

CAMPAIGN = "---\nowner: ae\nstarts: 2026-01-01\nends: 2026-02-01\n---\n# Spring\n"


def _repo_with_history(git_repo):
    repo = git_repo({"content/campaigns/spring.md": CAMPAIGN})
    repo.commit("feat: the hub", date="2026-01-01T09:00:00+00:00")
    repo.commit("fix: spring", {"content/campaigns/spring.md": CAMPAIGN + "More.\n"},
                date="2026-01-02T09:00:00+00:00", author="Sam Ortiz")
    return repo


def _history_footer(site: Path) -> str:
    html = (site / "campaigns/spring/index.html").read_text()
    start = html.index('class="hb-history"')
    return html[start:start + 600]


def test_detached_head(git_repo):
    repo = _repo_with_history(git_repo)
    repo.git("checkout", "-q", "--detach", "HEAD~1")
    result = repo.hub.run("build", "--strict")
    assert result.code == 0, result.err
    assert "by Dana Lee" in _history_footer(repo.hub.root / "site")


def test_worktree(git_repo, tmp_path):
    repo = _repo_with_history(git_repo)
    tree = tmp_path / "worktree"
    repo.git("worktree", "add", "-q", str(tree), "HEAD")
    result = run_handbook(tree, "build", "--strict")
    assert result.code == 0, result.err
    assert "by Sam Ortiz" in _history_footer(tree / "site")


def test_shallow_clone_warns_and_says_how_to_fetch_history(git_repo, tmp_path):
    repo = _repo_with_history(git_repo)
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.hub.root}", str(clone)], check=True)
    result = run_handbook(clone, "build")
    assert result.code == 0, result.err
    assert "shallow clone" in result.err and "fetch-depth: 0" in result.err
    assert "History of this page (1 change)" in _history_footer(clone / "site")


def test_repository_with_a_submodule(git_repo, tmp_path):
    library = tmp_path / "library"
    (library / "guides").mkdir(parents=True)
    (library / "guides/shared.md").write_text("---\nowner: ae\n---\n# Shared objections\n")
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "init"]):
        subprocess.run(["git", *args], cwd=library, check=True, env={
            **os.environ, "GIT_AUTHOR_NAME": "L", "GIT_AUTHOR_EMAIL": "l@x", "GIT_COMMITTER_NAME": "L",
            "GIT_COMMITTER_EMAIL": "l@x"})
    repo = _repo_with_history(git_repo)
    repo.git("-c", "protocol.file.allow=always", "submodule", "add", "-q", str(library), "playbooks/shared")
    repo.commit("chore: add a submodule")
    result = repo.hub.run("build", "--strict")
    assert result.code == 0, result.err
    assert "by Sam Ortiz" in _history_footer(repo.hub.root / "site")
    # its pages are built, and say their history lives elsewhere instead of "not yet committed"
    shared = (repo.hub.root / "site/playbooks/shared/guides/shared/index.html").read_text()
    assert "Page history unavailable: the page is in the Git submodule `playbooks/shared`" in shared
    assert "pages inside the submodules playbooks/shared have no page history" in result.err


def test_repository_without_commits(git_repo):
    repo = git_repo({"content/campaigns/spring.md": CAMPAIGN})
    result = repo.hub.run("build", "--strict")
    assert result.code == 0, result.err
    assert "Not yet committed" in _history_footer(repo.hub.root / "site")
    assert "Git history: the repository has no commits yet" in result.err


def test_no_repository_at_all(hub):
    made = hub({"content/campaigns/spring.md": CAMPAIGN})
    result = made.run("build", "--strict")
    assert result.code == 0, result.err
    assert "Git history unavailable: the hub is not in a Git repository" in result.err
    assert "Page history unavailable" in _history_footer(made.root / "site")


def test_git_not_installed(git_repo, tmp_path):
    repo = _repo_with_history(git_repo)
    bin_dir = tmp_path / "bin-without-git"
    bin_dir.mkdir()
    (bin_dir / "python").symlink_to(sys.executable)
    result = run_handbook(repo.hub.root, "build", "--strict", env={"PATH": str(bin_dir)}, subprocess=True)
    assert result.code == 0, result.err
    assert "Traceback" not in result.err
    assert "Git history unavailable" in result.err
    assert "Page history unavailable" in _history_footer(repo.hub.root / "site")
    check = run_handbook(repo.hub.root, "check", env={"PATH": str(bin_dir)}, subprocess=True)
    assert check.code == 0 and "Traceback" not in check.err


def test_git_python_pointed_at_a_missing_git(git_repo):
    repo = _repo_with_history(git_repo)
    result = repo.hub.run("build", "--strict", env={"GIT_PYTHON_GIT_EXECUTABLE": "/nonexistent/git"},
                           subprocess=True)
    assert result.code == 0, result.err
    assert "by Sam Ortiz" in _history_footer(repo.hub.root / "site")


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give the repository to another user")
def test_repository_git_refuses_as_dubiously_owned(git_repo):
    """CI containers often check out as one user and build as another: Git then refuses the
    repository, and the build must say so (and how to fix it), not claim nothing is committed."""
    repo = _repo_with_history(git_repo)
    subprocess.run(["chown", "-R", "65534", str(repo.hub.root)], check=True)
    try:
        result = repo.hub.run("build")
    finally:
        subprocess.run(["chown", "-R", str(os.geteuid()), str(repo.hub.root)], check=True)
    assert result.code == 0, result.err
    assert "Git history unavailable: detected dubious ownership" in result.err
    assert "git config --global --add safe.directory" in result.err
    assert "Not yet committed" not in _history_footer(repo.hub.root / "site")


def test_history_git_cannot_read_is_a_notice_of_check_too(git_repo):
    """An object missing from the repository (a damaged clone, a mirror without its largest
    files): `git log` fails, and every page says "Page history unavailable". `check` says so
    once, with the fix, and the build tells it once: not only an info line of the build."""
    repo = git_repo({"pages/old.md": "# Old\n\nOne.\nTwo.\nThree.\n"}, base=False)
    repo.commit("docs: the handbook as it was", date="2025-01-01T09:00:00+00:00")
    lost = repo.git("rev-parse", "HEAD:pages/old.md")
    repo.git("mv", "pages", "content")
    repo.commit("Move the handbook into content/", {"content/old.md": "# Old\n\nOne.\nTwo.\nFour.\n"})
    (repo.hub.root / ".git/objects" / lost[:2] / lost[2:]).unlink()  # renames are read from it

    check = repo.hub.check()
    assert check.code == 0, check.err + check.out
    assert ("mkdocs.yml:1: notice: Git history unavailable: git log failed: unable to read "
            f"{lost}; pages are built without it") in check.out
    assert "`git fsck`" in check.out and "`history: false`" in check.out
    built = repo.hub.run("build", "--strict")  # a notice: a build without history still passes
    assert built.code == 0, built.err
    assert built.err.count("Git history unavailable") == 1
    assert "Page history unavailable: git log failed" in repo.hub.html("old")


def test_no_repository_is_no_finding_of_check(hub):
    """Outside any repository (a hub being tried, an exported tree) there is no history to
    read, and nothing to fix: `check` stays quiet about it."""
    assert "Git history" not in hub().check().out


def test_git_file_pointing_nowhere(git_repo):
    """A worktree whose main repository was moved away: `.git` names a folder that is gone."""
    repo = _repo_with_history(git_repo)
    shutil.rmtree(repo.hub.root / ".git")
    (repo.hub.root / ".git").write_text("gitdir: /nonexistent/.git/worktrees/hub\n")
    result = repo.hub.run("build", "--strict")
    assert result.code == 0, result.err
    assert "Git history unavailable" in result.err and "Traceback" not in result.err
