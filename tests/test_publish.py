"""Publishing through pull requests: new, schema, diff, digest, export, and the CI templates."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import MKDOCS_YML, REPO, Hub, run_handbook

from handbook.model.documents import KINDS

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


@pytest.mark.parametrize(("args", "error"), [
    pytest.param(["campaign", "Spring"], "Error: a campaign needs an owner: add --owner ROLE (roles: ae)\n",
                 id="no-owner"),
    pytest.param(["campaign", "Spring", "--owner", "a"],
                 "Error: `a` is not the id of any role: did you mean `ae`?\n", id="owner-typo"),
    pytest.param(["page", "Account executive", "--owner", "zz"],
                 "Error: `zz` is not the id of any role (roles: ae)\n", id="unknown-owner"),
    pytest.param(["page", "AE"],
                 "Error: the id `ae` is already used by content/roles/ae.md; choose another title\n",
                 id="id-taken"),
])
def test_new_refuses_what_would_fail_the_check(hub, args, error):
    made = hub()
    result = made.run("new", *args)
    assert (result.code, result.out, result.err) == (1, "", error)
    assert sorted(p.name for p in made.root.rglob("*.md")) == ["ae.md", "index.md"]


def test_a_new_role_owns_itself_and_titles_keep_their_letters(hub):
    made = hub()
    assert made.run("new", "role", "Sales Engineer").out == (
        "Wrote content/roles/sales-engineer.md: fill in the fields, then run `handbook check`.\n")
    assert "\nowner: sales-engineer  # Role id responsible" in (
        made.root / "content/roles/sales-engineer.md").read_text()
    assert made.run("new", "term", "見込み客").out.startswith("Wrote content/glossary/見込み客.md")
    assert made.run("new", "term", "Café Lead").out.startswith("Wrote content/glossary/cafe-lead.md")
    assert made.check("--strict").out.startswith("handbook check: no problems\nTrust score: ")


@pytest.mark.parametrize("kind", KINDS)
def test_new_documents_of_every_kind_pass_the_check(hub, kind):
    made = hub()
    assert made.run("new", kind, f"A new {kind}", "--owner", "ae").code == 0
    result = made.check()
    assert result.code == 0 and "error" not in result.out, result.out


def test_schema_comes_from_the_models_and_is_published_with_the_site(hub):
    result = hub().run("schema", "campaign")
    schema = json.loads(result.out)
    assert schema["title"] == "Handbook campaign front matter"
    assert schema["required"] == ["owner", "starts", "ends"]  # the check wants an owner too
    assert schema["additionalProperties"] is False
    assert schema["properties"]["owner"]["description"] == "Role id responsible for keeping it true."
    made = hub()
    made.build()
    published = json.loads((made.root / "site/schema/release.json").read_text())
    assert published["$defs"]["Promise"]["properties"]["status"]["enum"] == [
        "planned", "shipped", "partial", "delayed", "cut"]


def test_schema_writes_one_file_per_kind_for_editor_settings(hub):
    made = hub()
    result = made.run("schema", "--out", ".schemas")
    assert (result.code, result.err) == (0, "")
    assert result.out == "".join(f"Wrote .schemas/{kind}.json\n" for kind in KINDS)
    assert json.loads((made.root / ".schemas/term.json").read_text())["required"] == ["definition"]
    assert json.loads(made.run("schema").out)["role"]["title"] == "Handbook role front matter"
    assert made.run("schema", "memo").code == 2  # not a kind


def test_diff_says_what_a_change_means_to_readers(git_repo):
    repo = git_repo()
    radio = "  - id: radio\n    claim: Radio spots\n    status: planned\n---\n"
    repo.commit("feat: winter", {"content/campaigns/winter.md": WINTER,
                                 "content/releases/fall.md": RELEASE.removesuffix("---\n") + radio,
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

- Fall release, `tv`: the claim went from “National TV spot” to “Cable ads”; status planned → partial; \
what shipped is now “Six markets”
- Fall release, `radio`: deleted from the release note

### New problems found by `handbook check`

- `content/releases/fall.md:5` error: promise \\`radio\\` (announced 2026-03-02) was deleted \
from the release note
- `playbooks/new.md:2` error: \\`nobody\\` is not the id of any role
"""


def test_diff_reads_a_hub_in_a_subfolder_of_its_repository(git_repo):
    repo = git_repo({"site-hub/mkdocs.yml": MKDOCS_YML,
                     "site-hub/content/index.md": "---\nowner: ae\n---\n# Home\n",
                     "site-hub/content/roles/ae.md": "---\nowner: ae\n---\n# AE\n",
                     "site-hub/content/campaigns/winter.md": WINTER}, base=False)
    base = repo.commit("feat: hub")
    (repo.hub.root / "site-hub/content/index.md").rename(repo.hub.root / "site-hub/content/q&a.md")
    result = run_handbook(repo.hub.root / "site-hub", "diff", base)
    assert result.code == 0, result.err
    assert result.out == f"""## What this change means to readers

Compared with `{base}`, the working tree:

### Added

- Page: **Home** (`content/q&a.md`)

### Removed

- Page: **Home** (`content/index.md`)
"""


def test_diff_names_an_unknown_revision(git_repo):
    repo = git_repo()
    repo.commit("feat: hub")
    result = repo.hub.run("diff", "no-such-branch")
    assert result.code == 1
    assert "Error: `no-such-branch` is not a commit, branch or tag in this repository" in result.err
    option = repo.hub.run("diff", "--", "--output=/tmp/x")  # never read as an option by git
    assert option.err == "Error: `--output=/tmp/x` is not a commit, branch or tag in this repository\n"


SPRING = """\
---
title: Spring tune-up
owner: ae
starts: 2026-12-01
ends: 2027-01-31
messages: ["Book before the rush"]
---
"""


def _digest_hub(git_repo):
    repo = git_repo({"content/campaigns/winter.md": WINTER, "content/campaigns/spring.md": SPRING,
                     "content/releases/fall.md": RELEASE})
    repo.commit("feat: hub", date="2026-11-01T09:00:00+00:00")
    repo.commit("fix: the TV spot shrank <b>now</b>", {"content/releases/fall.md": RELEASE.replace(
        "planned", "partial\n    delivered: Cable in six markets")}, date="2026-11-20T09:00:00+00:00")
    return repo


def test_digest_in_markdown_tells_sales_what_to_say_and_what_changed(git_repo):
    repo = _digest_hub(git_repo)
    sha = repo.git("rev-parse", "HEAD")
    result = repo.hub.run("digest", "--since", "7d", "--format", "md")
    assert (result.code, result.err) == (0, "")
    assert result.out == f"""\
# Test hub: digest since 16 Nov 2026

## Running now: what to say

**[Winter readiness](https://hub.example.com/campaigns/winter/)**, until 01 Dec 2026

1. Beat the cold snap

## Coming up in the next two weeks

- Starts 01 Dec 2026: Spring tune-up
- Ends 01 Dec 2026: Winter readiness

## Promises that changed

- Fall release: **National TV spot**. **Changed** 20 Nov 2026 by Dana Lee: status planned → partial; \
what shipped is now “Cable in six markets” ([{sha[:7]}](https://github.com/acme/hub/commit/{sha}))

## What changed in the handbook

- Correction: The TV spot shrank &lt;b>now&lt;/b> (Fall release)
"""


def test_digest_is_self_contained_html_for_sales(git_repo):
    repo = _digest_hub(git_repo)
    html = repo.hub.run("digest", "--since", "7d").out
    assert html.startswith("<!doctype html>") and html.endswith("</html>\n")
    assert "<link" not in html and "<script" not in html and "<style" not in html  # inline styles only
    assert "src=" not in html and "url(" not in html  # nothing to fetch
    assert "<li>Beat the cold snap</li>" in html
    assert "<li>Starts 01 Dec 2026: Spring tune-up</li>" in html
    sha = repo.git("rev-parse", "HEAD")
    assert ("<li>Fall release: <strong>National TV spot</strong>. <strong>Changed</strong> 20 Nov 2026 "
            "by Dana Lee: status planned → partial; what shipped is now “Cable in six markets” <small>"
            f'<a href="https://github.com/acme/hub/commit/{sha}" style="color:#666666;">{sha[:7]}</a>'
            "</small></li>") in html
    assert "<li>Correction: The TV spot shrank &lt;b&gt;now&lt;/b&gt; " in html  # untrusted, escaped
    quiet = repo.hub.run("digest", "--since", "2026-11-21", "--format", "md").out
    assert "No promise changed.\n" in quiet and "No changes.\n" in quiet
    bad = repo.hub.run("digest", "--since", "soon")
    assert (bad.code, bad.err) == (2, ("Usage: handbook digest [OPTIONS]\nTry 'handbook digest --help' "
                                       "for help.\n\nError: Invalid value for --since: `soon` is not a "
                                       "period like 7d or 2w, nor a date YYYY-MM-DD\n"))


EXPORTED_HUB = {
    "mkdocs.yml": MKDOCS_YML
    .replace("  - handbook\n", "  - tags\n  - handbook:\n      playbooks_dir: playbooks\n")
    .replace("  features: [content.action.edit]\n", "  custom_dir: theme\n  palette: {primary: teal}\n")
    + "extra:\n  team: !ENV [TEAM, sales]\nmarkdown_extensions:\n  - toc:\n      permalink: \"#\"\n",
    "content/campaigns/winter.md": WINTER.replace("messages:", "assets: [flyer]\nmessages:"),
    "content/assets/flyer.md": "---\nowner: ae\nfile: files/flyer.pdf\n---\n# Flyer\n",
    "content/assets/files/flyer.pdf": "%PDF-1.4 flyer\n",
    "playbooks/cold-call.md": "---\nowner: ae\n---\n# Cold call\n\n![Script](img/script.png)\n",
    "playbooks/img/script.png": "not really a PNG",
    # the selling process and glossary are generated only for a hub with stages and terms
    "playbooks/process/qualify.md": "---\nowner: ae\norder: 1\n---\n# Qualify\n",
    "content/glossary/mql.md": "---\nabbr: MQL\ndefinition: A lead marketing has qualified\n---\n# MQL\n",
    "theme/main.html": '{% extends "base.html" %}\n',  # the custom_dir the export leaves out
}


def test_export_builds_with_plain_mkdocs_without_the_plugin(git_repo, tmp_path):
    from handbook.mkdocs.export import read_config

    repo = git_repo(EXPORTED_HUB)
    repo.commit("feat: hub")
    out = tmp_path / "export"
    result = repo.hub.run("export", str(out))
    assert (result.code, result.err) == (0, "")
    assert result.out == f"Exported Test hub to {out}: build it with `mkdocs build -f {out}/mkdocs.yml`\n"
    config = read_config(out / "mkdocs.yml")
    assert config["plugins"] == ["search", "tags"] and config["docs_dir"] == "docs"
    assert config["theme"] == {"name": "material", "palette": {"primary": "teal"}, "features": [
        "navigation.tabs", "navigation.sections", "navigation.indexes", "navigation.prune", "navigation.top",
        "search.suggest", "search.highlight", "content.tooltips"]}  # no custom_dir: no plugin
    assert config["markdown_extensions"][0] == {"toc": {"permalink": "#"}}  # the hub's own wins
    text = (out / "mkdocs.yml").read_text()
    assert "  team: !ENV [TEAM, sales]\n" in text  # tags survive as written
    assert "format: !!python/name:pymdownx.superfences.fence_code_format ''" in text
    assert (out / "docs/assets/files/flyer.pdf").read_text() == "%PDF-1.4 flyer\n"
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"],
                           capture_output=True, text=True, cwd=out, env=_env(), check=False)
    assert built.returncode == 0, built.stderr
    for page in ("campaigns/winter", "campaigns", "process", "glossary", "whats-new", "roles/ae",
                 "playbooks/cold-call", "assets/flyer"):
        assert (out / "site" / page / "index.html").is_file(), page
    assert (out / "site/playbooks/img/script.png").is_file()
    assert (out / "site/schema/campaign.json").is_file() and (out / "site/whats-new/feed.xml").is_file()
    winter = (out / "site/campaigns/winter/index.html").read_text()
    assert "Last updated" in winter and "Beat the cold snap" in winter
    again = repo.hub.run("export", str(out))
    assert (again.code, again.err) == (1, f"Error: {out} is not empty; export into a new folder\n")


def _env() -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1795392000"}


def test_export_builds_with_zensical(git_repo, tmp_path):
    zensical = Path(sys.executable).parent / "zensical"
    if not zensical.exists():
        pytest.skip("zensical is not installed (pip install zensical)")
    repo = git_repo(EXPORTED_HUB)
    repo.commit("feat: hub")
    out = tmp_path / "export"
    assert repo.hub.run("export", str(out)).code == 0
    built = subprocess.run([str(zensical), "build"], capture_output=True, text=True, cwd=out, env=_env(),
                           check=False)
    assert built.returncode == 0, built.stderr + built.stdout
    for page in ("campaigns/winter", "whats-new", "playbooks/cold-call", "assets/flyer"):
        assert (out / "site" / page / "index.html").is_file(), page
    assert "Beat the cold snap" in (out / "site/campaigns/winter/index.html").read_text()
    assert (out / "site/assets/files/flyer.pdf").is_file()


class _Loader(yaml.SafeLoader):
    """GitHub's `on:` is a string key, not YAML 1.1's boolean."""


_Loader.yaml_implicit_resolvers = {
    k: [r for r in v if r[0] != "tag:yaml.org,2002:bool"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
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
    deploy_steps = deploy["jobs"]["deploy"]["steps"]
    assert any(s.get("uses", "").startswith("actions/deploy-pages") for s in deploy_steps)
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
    tests = yaml.load((REPO / ".github/workflows/tests.yml").read_text(), _Loader)
    assert [s["run"] for s in tests["jobs"]["test"]["steps"] if "run" in s] == [".ci/run"]
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert {k: hooks[0][k] for k in ("id", "entry", "language", "pass_filenames")} == {
        "id": "handbook-check", "entry": "handbook check", "language": "python", "pass_filenames": False}


def _template_lines() -> dict[str, list[str]]:
    """The `handbook` lines each CI template runs, exactly as written there."""
    check = yaml.load((REPO / ".github/workflows/check.yml").read_text(), _Loader)
    deploy = yaml.load((REPO / ".github/workflows/deploy.yml").read_text(), _Loader)
    gitlab = yaml.load((REPO / ".gitlab-ci.yml").read_text(), _Loader)

    def lines(scripts: list[str]) -> list[str]:
        return [line.strip() for script in scripts for line in script.splitlines()
                if line.strip().startswith("handbook ")]

    return {
        "github-check": lines([s.get("run", "") for s in check["jobs"]["check"]["steps"]]),
        "github-deploy": lines([s.get("run", "") for s in deploy["jobs"]["build"]["steps"]]),
        "gitlab-check": lines(gitlab["check"]["script"]),
        "gitlab-pages": lines(gitlab["pages"]["script"]),
    }


def test_ci_templates_commands_run_on_a_pull_request(git_repo, tmp_path):
    """Each template's own lines, run in a clone where a branch changes a key message."""
    upstream = git_repo({"content/campaigns/winter.md": WINTER})
    upstream.commit("feat: winter")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(upstream.hub.root), str(clone)], check=True)
    work = Hub(clone)
    work.write("content/campaigns/winter.md", WINTER.replace("Beat the cold snap", "Be ready in 3 weeks"))
    for args in (["checkout", "-q", "-b", "winter-copy"], ["add", "-A"],
                 ["-c", "user.name=Dana", "-c", "user.email=d@example.com", "commit", "-q", "-m", "x"]):
        subprocess.run(["git", *args], cwd=clone, check=True)
    base = subprocess.run(["git", "merge-base", "HEAD", "origin/main"], cwd=clone, check=True,
                          capture_output=True, text=True).stdout.strip()
    summary = tmp_path / "summary.md"
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "SOURCE_DATE_EPOCH": "1795392000", "BASE": "main", "GITHUB_STEP_SUMMARY": str(summary),
           "CI_MERGE_REQUEST_DIFF_BASE_SHA": base, "NO_MKDOCS_2_WARNING": "1"}
    lines = _template_lines()
    assert lines["github-check"] == ["handbook check --format github",
                                     'handbook diff "origin/$BASE" HEAD >> "$GITHUB_STEP_SUMMARY"']
    for template, commands in lines.items():
        for command in commands:
            done = subprocess.run(["bash", "-c", command], cwd=clone, env=env, capture_output=True,
                                  text=True, check=False)
            assert done.returncode == 0, f"{template}: {command}\n{done.stderr}"
    assert "- Before: Beat the cold snap\n- After: Be ready in 3 weeks\n" in summary.read_text()
    assert summary.read_text() == (clone / "reader-summary.md").read_text().replace(base, "origin/main")
    assert (clone / "site/campaigns/winter/index.html").is_file()
    assert (clone / "public/campaigns/winter/index.html").is_file()


def test_a_digest_of_a_handbook_without_campaigns_or_releases_tells_only_its_changes(git_repo):
    """An engineering handbook (Mattermost's, Artsy's): no campaign section saying none runs, no
    promises section saying none changed; what changed in the handbook is the digest."""
    repo = git_repo({"content/index.md": "# Home\n\nWelcome.\n"}, base=False)
    repo.commit("docs: the welcome", date="2026-11-20T09:00:00+00:00")
    result = repo.hub.run("digest", "--since", "2026-11-01", "--format", "md")
    assert (result.code, result.err) == (0, "")
    assert result.out == ("# Test hub: digest since 01 Nov 2026\n\n## What changed in the handbook\n\n"
                          "- Update: The welcome (Home)\n")
    html = repo.hub.run("digest", "--since", "2026-11-01").out
    assert "Running now" not in html and "Promises that changed" not in html and "The welcome" in html
