"""Publishing through pull requests: new, schema, diff, digest, export, and the CI templates."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import REPO

WINTER = """\
---
title: Winter readiness
owner: ae
audience: [ae]
starts: 2026-11-01
ends: 2026-12-01
messages: ["Beat the cold snap"]
---
Winter.
"""
RELEASE = """\
---
title: Fall release
owner: ae
date: 2026-12-01
promises:
  - id: tv
    claim: National TV spot
    status: planned
---
"""


def test_new_writes_a_valid_document_and_refuses_to_overwrite(hub):
    made = hub()
    result = made.run("new", "campaign", "Spring 2027 Launch!", "--owner", "ae")
    assert result.code == 0, result.err
    assert result.out == ("Wrote content/campaigns/spring-2027-launch.md: fill in the fields, then "
                          "run `handbook check`.\n")
    text = (made.root / "content/campaigns/spring-2027-launch.md").read_text()
    assert text.startswith('---\ntitle: "Spring 2027 Launch!"\nowner: ae  # Role id responsible')
    assert "starts: 2026-11-23  # YYYY-MM-DD" in text and "# offer:  # What buyers get" in text
    assert made.check("--strict").code == 0
    again = made.run("new", "campaign", "Spring 2027 Launch!")
    assert again.code == 1
    assert "content/campaigns/spring-2027-launch.md already exists" in again.err


@pytest.mark.parametrize("kind", ["page", "playbook", "stage", "role", "term", "asset", "release"])
def test_new_documents_of_every_kind_pass_the_check(hub, kind):
    made = hub()
    assert made.run("new", kind, f"A new {kind}", "--owner", "ae").code == 0
    result = made.check()
    assert result.code == 0 and "error" not in result.out, result.out


def test_schema_comes_from_the_models_and_is_published_with_the_site(hub):
    result = hub().run("schema", "campaign")
    schema = json.loads(result.out)
    assert schema["title"] == "Handbook campaign front matter"
    assert schema["required"] == ["starts", "ends"]
    assert schema["additionalProperties"] is False
    assert schema["properties"]["owner"]["description"] == "Role id responsible for keeping it true."
    made = hub()
    made.build()
    published = json.loads((made.root / "site/schema/release.json").read_text())
    assert published["$defs"]["Promise"]["properties"]["status"]["enum"] == [
        "planned", "shipped", "partial", "delayed", "cut"]


def test_diff_says_what_a_change_means_to_readers(git_repo):
    repo = git_repo()
    repo.commit("feat: winter", {"content/campaigns/winter.md": WINTER, "content/releases/fall.md": RELEASE,
                                 "playbooks/old.md": "---\nowner: ae\n---\n# Old\n"})
    base = repo.git("rev-parse", "HEAD")
    repo.hub.write("content/campaigns/winter.md", WINTER.replace("Beat the cold snap", "Be ready in 3 weeks"))
    repo.hub.write("content/releases/fall.md", RELEASE.replace("National TV spot", "Cable ads").replace(
        "planned", "partial\n    delivered: Six markets"))
    (repo.hub.root / "playbooks/old.md").unlink()
    repo.hub.write("playbooks/new.md", "---\nowner: nobody\n---\n# New playbook\n")
    repo.commit("feat: changes")
    result = repo.hub.run("diff", base, "HEAD")
    assert result.code == 0, result.err
    assert result.out == f"""## What this change means to readers

Compared with `{base}`, HEAD:

### Added

- Playbook: **New playbook** (`playbooks/new.md`)

### Changed

- Campaign: **Winter readiness** (`content/campaigns/winter.md`)
- Release: **Fall release** (`content/releases/fall.md`)

### Removed

- Playbook: **Old** (`playbooks/old.md`)

### Key messages changed

**Winter readiness**

- Before: Beat the cold snap
- After: Be ready in 3 weeks

### Promises changed

- Fall release, `tv`: claim "National TV spot" → "Cable ads"; status planned → partial; delivered (none) → "Six markets"

### New problems found by `handbook check`

- `playbooks/new.md:2` error: &#96;nobody&#96; is not the id of any role
"""


def test_diff_names_an_unknown_revision(git_repo):
    repo = git_repo()
    repo.commit("feat: hub")
    result = repo.hub.run("diff", "no-such-branch")
    assert result.code == 1
    assert "Error: `no-such-branch` is not a commit, branch or tag in this repository" in result.err


def test_digest_is_self_contained_html_for_sales(git_repo):
    repo = git_repo()
    repo.commit("feat: winter <b>campaign</b>", {"content/campaigns/winter.md": WINTER},
                date="2026-11-20T09:00:00+00:00")
    html = repo.hub.run("digest", "--since", "7d").out
    assert html.startswith("<!doctype html>") and "<link" not in html and "<script" not in html
    assert "Beat the cold snap</li>" in html
    assert "Ends 01 Dec 2026: Winter readiness" in html
    assert "New: Winter &lt;b&gt;campaign&lt;/b&gt;" in html  # untrusted commit text, escaped
    markdown = repo.hub.run("digest", "--since", "2026-11-01", "--format", "md").out
    assert "1. Beat the cold snap" in markdown
    bad = repo.hub.run("digest", "--since", "soon")
    assert bad.code == 2 and "not a period like 7d or 2w" in bad.err


def test_export_builds_with_plain_mkdocs_without_the_plugin(git_repo, tmp_path):
    repo = git_repo({"content/campaigns/winter.md": WINTER})
    repo.commit("feat: hub")
    out = tmp_path / "export"
    result = repo.hub.run("export", str(out))
    assert result.code == 0, result.err
    config = (out / "mkdocs.yml").read_text()
    assert "handbook" not in config.split("plugins:")[1].split("markdown_extensions")[0]
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(out / "mkdocs.yml")],
                           capture_output=True, text=True, cwd=out)
    assert built.returncode == 0, built.stderr
    for page in ("campaigns/winter", "campaigns", "process", "glossary", "whats-new", "roles/ae"):
        assert (out / "site" / page / "index.html").is_file(), page
    winter = (out / "site/campaigns/winter/index.html").read_text()
    assert "Last updated" in winter and "Beat the cold snap" in winter
    assert repo.hub.run("export", str(out)).code == 1  # never over an existing export


def test_export_builds_with_zensical(git_repo, tmp_path):
    zensical = Path(sys.executable).parent / "zensical"
    if not zensical.exists():
        pytest.skip("zensical is not installed (pip install zensical)")
    repo = git_repo({"content/campaigns/winter.md": WINTER})
    repo.commit("feat: hub")
    out = tmp_path / "export"
    assert repo.hub.run("export", str(out)).code == 0
    built = subprocess.run([str(zensical), "build"], capture_output=True, text=True, cwd=out)
    assert built.returncode == 0, built.stderr + built.stdout
    assert (out / "site/campaigns/winter/index.html").is_file()


class _Loader(yaml.SafeLoader):
    """GitHub's `on:` is a string key, not YAML 1.1's boolean."""


_Loader.yaml_implicit_resolvers = {
    k: [r for r in v if r[0] != "tag:yaml.org,2002:bool"] for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _handbook_commands(script: str) -> list[list[str]]:
    return [line.split()[1:] for line in script.splitlines() if line.strip().startswith("handbook ")]


def test_ci_templates_are_valid_and_run_real_commands():
    from click.testing import CliRunner

    from handbook.cli import cli

    check = yaml.load((REPO / ".github/workflows/check.yml").read_text(), _Loader)
    deploy = yaml.load((REPO / ".github/workflows/deploy.yml").read_text(), _Loader)
    gitlab = yaml.load((REPO / ".gitlab-ci.yml").read_text(), _Loader)
    assert "pull_request" in check["on"] and deploy["on"]["push"]["branches"] == ["main"]
    for workflow in (check, deploy):
        steps = [s for job in workflow["jobs"].values() for s in job["steps"]]
        checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout"))
        assert checkout["with"]["fetch-depth"] == 0
    assert any(s.get("uses", "").startswith("actions/deploy-pages") for s in deploy["jobs"]["deploy"]["steps"])
    assert gitlab["variables"]["GIT_DEPTH"] == "0" and gitlab["pages"]["artifacts"]["paths"] == ["public"]
    scripts = [s.get("run", "") for w in (check, deploy) for j in w["jobs"].values() for s in j["steps"]]
    scripts += [line for job in ("check", "pages") for line in gitlab[job]["script"]]
    commands = [c for script in scripts for c in _handbook_commands(script)]
    assert {c[0] for c in commands} == {"check", "diff", "build"}
    for command in commands:  # every subcommand and option the templates use exists
        assert CliRunner().invoke(cli, [command[0], "--help"]).exit_code == 0
        options = CliRunner().invoke(cli, [command[0], "--help"]).output
        for word in command[1:]:
            if word.startswith("--"):
                assert word in options, f"{word} is not an option of handbook {command[0]}"
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert hooks[0]["id"] == "handbook-check" and hooks[0]["entry"] == "handbook check"
