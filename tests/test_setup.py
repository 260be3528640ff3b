"""Setting up a hub as a team does: `handbook init`, install lines that work as written, the
pre-commit hook, .gitignore advice, and one way of writing days for every date option."""

from __future__ import annotations

import json
import os
import re
import shlex
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import MKDOCS_YML, REPO, TODAY, Hub

from handbook.cli import starter as init

SHA = "0123456789abcdef0123456789abcdef01234567"


def _installed_from(tmp_path: Path, direct_url: dict[str, object]) -> dict[str, str]:
    """An environment in which the running Handbook's install record says `direct_url`: what
    pip writes (PEP 610) into the distribution's metadata, found ahead of the real one."""
    site = tmp_path / "site-packages"
    info = site / "handbook-0.1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: handbook\nVersion: 0.1.0\n")
    (info / "direct_url.json").write_text(json.dumps(direct_url))
    paths = [str(site), os.environ.get("PYTHONPATH", "")]
    return {"PYTHONPATH": os.pathsep.join(p for p in paths if p)}


def _yaml(path: Path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), yaml.BaseLoader)  # GitHub's `on:` is a key


def _install_steps(root: Path) -> list[str]:
    workflows = [_yaml(root / ".github/workflows/check.yml"), _yaml(root / ".github/workflows/deploy.yml")]
    return [step["run"] for flow in workflows for job in flow["jobs"].values()
            for step in job.get("steps", []) if step.get("run", "").startswith("pip install")]


def test_init_sets_up_a_new_hub_that_installs_handbook_from_its_git_source(tmp_path):
    env = _installed_from(tmp_path, {"url": "https://git.example.org/tools/handbook.git",
                                     "vcs_info": {"vcs": "git", "commit_id": SHA}})
    made = Hub(tmp_path / "hub")
    made.root.mkdir()
    result = made.run("init", env=env, subprocess=True)
    assert result.code == 0, result.err
    for path in ("mkdocs.yml", "content/index.md", ".github/workflows/check.yml",
                 ".github/workflows/deploy.yml", ".pre-commit-config.yaml"):
        assert f"{path}: written" in result.out
    steps = _install_steps(made.root)
    assert len(steps) == 2
    for step in steps:
        assert shlex.split(step) == ["pip", "install",
                                     f"handbook @ git+https://git.example.org/tools/handbook.git@{SHA}"]
    assert (made.root / ".gitignore").read_text() == "site/\n.site.*\n"
    assert not (made.root / init.VENDOR_DIR).exists()
    assert made.run("check").code == 0  # what init wrote is a hub


def test_init_puts_a_wheel_in_the_hub_when_handbook_came_from_this_machine(tmp_path):
    wheel = tmp_path / "dist" / "handbook-0.1.0-py3-none-any.whl"
    wheel.parent.mkdir()
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr("handbook-0.1.0.dist-info/METADATA",
                         "Metadata-Version: 2.1\nName: handbook\nVersion: 0.1.0\n")
        archive.writestr("handbook-0.1.0.dist-info/WHEEL",
                         "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n")
        archive.writestr("handbook-0.1.0.dist-info/RECORD", "")
    env = _installed_from(tmp_path, {"url": wheel.as_uri(), "archive_info": {}})
    made = Hub(tmp_path / "hub")
    made.root.mkdir()
    result = made.run("init", "--ci", "gitlab", env=env, subprocess=True)
    assert result.code == 0, result.err
    vendored = f"{init.VENDOR_DIR}/handbook-0.1.0-py3-none-any.whl"
    assert (made.root / vendored).read_bytes() == wheel.read_bytes()
    assert f"{vendored}: written: the Handbook CI installs; commit it with the rest" in result.out
    gitlab = _yaml(made.root / ".gitlab-ci.yml")
    assert gitlab["before_script"] == [f"pip install ./{vendored}"]
    assert not (made.root / ".github").exists()


def test_init_adds_only_what_an_existing_hub_lacks(hub, tmp_path):
    made = hub()
    made.write(".gitignore", "site/\n")
    made.write(".pre-commit-config.yaml", "repos: []\n")
    before = (made.root / "mkdocs.yml").read_text()
    result = made.run("init", "--ci", "none")
    assert result.code == 0, result.err
    assert result.out.splitlines() == [
        ".gitignore: added .site.*: the built site stays out of Git",
        ".pre-commit-config.yaml: already there, left as it is",
        "Next: `handbook check`, then commit these files.",
    ]
    assert (made.root / "mkdocs.yml").read_text() == before
    assert (made.root / ".gitignore").read_text() == "site/\n.site.*\n"
    assert made.run("init", "--ci", "none").out.splitlines()[0].startswith(".pre-commit-config.yaml")


@pytest.mark.parametrize("written", ["site", "/site", "site/*", "/site/\n.site.lock"])
def test_init_adds_no_line_git_already_honours_in_another_form(git_repo, written):
    """`site` already ignores `site/`: a second line for it only puzzles the reader."""
    repo = git_repo({".gitignore": written + "\n"})
    result = repo.hub.run("init", "--ci", "none")
    assert result.code == 0, result.err
    text = (repo.hub.root / ".gitignore").read_text()
    assert "site/\n" not in text.replace("/site/\n", "")  # no second line for the site folder
    assert text.count(".site.") == 1  # the staging and lock files: added once, or already there
    assert repo.git("check-ignore", "site/", ".site.lock").splitlines() == ["site/", ".site.lock"]


def test_init_refuses_a_handbook_whose_source_it_cannot_name(hub, tmp_path):
    made = hub()
    env = _installed_from(tmp_path, {"url": 7})
    result = made.run("init", env=env, subprocess=True)
    assert result.code == 1 and "Traceback" not in result.err
    assert "direct_url.json) cannot be read; reinstall Handbook" in result.err
    assert not (made.root / ".github").exists() and not (made.root / ".gitignore").exists()


@pytest.mark.parametrize(("record", "expected"), [
    ({"url": "https://git.example.org/h.git", "vcs_info": {"vcs": "git", "commit_id": SHA}},
     init.Source(f"handbook @ git+https://git.example.org/h.git@{SHA}", local=False)),
    ({"url": "https://files.example.org/handbook-0.1.0-py3-none-any.whl", "archive_info": {}},
     init.Source("handbook @ https://files.example.org/handbook-0.1.0-py3-none-any.whl", local=False)),
    ({"url": "file:///src/handbook", "dir_info": {"editable": True}},
     init.Source("handbook @ file:///src/handbook", local=True)),
    ({"url": "file:///src/handbook", "vcs_info": {"vcs": "git", "commit_id": SHA}, "subdirectory": "h"},
     init.Source(f"handbook @ git+file:///src/handbook@{SHA}#subdirectory=h", local=True)),
])
def test_install_source_is_what_pip_recorded(record, expected):
    assert init.source(json.dumps(record)) == expected


def test_an_install_without_a_recorded_source_is_refused_with_the_fix():
    with pytest.raises(init.NotInstallable, match="`handbook` on PyPI is not this project"):
        init.source(None)
    with pytest.raises(init.NotInstallable, match="cannot be read"):
        init.source("[]")


def test_this_repositorys_ci_files_are_the_templates_init_writes():
    here = "# Handbook itself; in a hub, `handbook init` writes this line"
    for path, name in {**init.CI_FILES["github"], **init.CI_FILES["gitlab"]}.items():
        assert (REPO / path).read_text(encoding="utf-8") == init.rendered(name, "pip install .", here)


def test_the_pre_commit_snippet_in_the_docs_is_the_hook_init_writes():
    docs = (REPO / "docs/publishing.md").read_text(encoding="utf-8")
    snippet = re.search(r"```yaml\n(# \.pre-commit-config\.yaml\n.*?)```", docs, re.DOTALL)
    assert snippet, "docs/publishing.md shows the .pre-commit-config.yaml"
    shown = yaml.safe_load(snippet.group(1))
    assert shown == yaml.safe_load(init.template("pre-commit-config.yaml"))
    [hook] = shown["repos"][0]["hooks"]
    assert shown["repos"][0]["repo"] == "local"
    assert {k: hook[k] for k in ("id", "entry", "language", "pass_filenames")} == {
        "id": "handbook-check", "entry": "handbook check", "language": "system",
        "pass_filenames": False}


def test_install_lines_in_the_docs_name_no_made_up_source():
    texts = [REPO / "README.md", REPO / "docs/publishing.md", REPO / "docs/adopting.md",
             REPO / ".pre-commit-hooks.yaml", REPO / ".gitlab-ci.yml",
             *(REPO / ".github/workflows").glob("*.yml"), *init.TEMPLATES.iterdir()]
    for path in texts:
        text = path.read_text(encoding="utf-8")
        assert "github.com/fieldstone/handbook" not in text and "v0.1.0" not in text, path
        # PyPI's `handbook` is not this project: no command installs it by that name
        assert not re.search(r"^[\s-]*(run:\s*)?pip install ['\"]?handbook\b", text, re.MULTILINE), path


def test_check_says_which_generated_paths_to_ignore(git_repo):
    repo = git_repo()
    repo.commit("Add the hub")
    assert repo.hub.check().out.startswith("handbook check: no problems\n")  # nothing built yet
    repo.hub.build()
    advice = (".gitignore:1: notice: Git does not ignore what builds write (site/, .site.*), so "
              "`git add -A` would commit the built site\n"
              "    fix: add these lines to .gitignore: site/ .site.* (`handbook init` adds them)\n")
    assert repo.hub.check().out.startswith(advice)
    repo.hub.write(".gitignore", "site/\n")
    assert "(.site.*)" in repo.hub.check().out
    repo.hub.write(".gitignore", "site/\n.site.*\n")
    assert repo.hub.check().out.startswith("handbook check: no problems\n")


def test_the_ignore_advice_follows_site_dir_and_stays_out_of_hubs_outside_git(hub, git_repo):
    plain = hub()
    plain.build()
    assert plain.check().out.startswith("handbook check: no problems\n")
    repo = git_repo(mkdocs_yml=MKDOCS_YML + "site_dir: public\n")
    repo.commit("Add the hub")
    repo.hub.run("build")
    assert "add these lines to .gitignore: public/ .public.*" in repo.hub.check().out


def _commits_on_two_days(git_repo):
    repo = git_repo()
    repo.commit("Add the hub", date="2026-03-02T10:00:00+00:00")
    repo.commit("Add pricing", {"content/pricing.md": "# Pricing\n"}, date="2026-11-20T10:00:00+00:00")
    return repo


def _titles(result) -> list[str]:
    assert result.code == 0, result.err
    return [entry["summary"] for entry in json.loads(result.out)]


def test_every_date_option_takes_a_period_or_a_date(git_repo):
    repo = _commits_on_two_days(git_repo)  # "today" is 2026-11-23
    run = repo.hub.run
    assert _titles(run("changelog", "--format", "json", "--since", "7d")) == ["Add pricing"]
    assert _titles(run("changelog", "--format", "json", "--since", "2026-11-16")) == ["Add pricing"]
    assert _titles(run("changelog", "--format", "json", "--until", "4w")) == ["Add the hub"]
    assert _titles(run("changelog", "--format", "json", "--since", "52w", "--until", "1w")) == [
        "Add the hub"]
    assert run("promises", "--changed-since", "2w").code == 0
    assert run("digest", "--since", "2w", "--format", "md").code == 0
    for command, option in (("changelog", "--since"), ("changelog", "--until"),
                            ("promises", "--changed-since"), ("digest", "--since")):
        bad = run(command, option, "last week")
        assert bad.code == 2 and "Traceback" not in bad.err
        assert bad.err.endswith(f"Error: Invalid value for {option}: `last week` is not a period "
                                "like 7d or 2w, nor a date YYYY-MM-DD\n")
        assert "(7d, 2w)" in run(command, "--help").out


def test_today_for_periods_is_the_builds_today(git_repo):
    repo = _commits_on_two_days(git_repo)
    later = {"SOURCE_DATE_EPOCH": str(int(TODAY) + 30 * 86400)}  # 2026-12-23
    assert _titles(repo.hub.run("changelog", "--format", "json", "--since", "7d", env=later)) == []
