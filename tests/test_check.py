"""`handbook check`: every bad input named with its file, line, problem and fix."""

from __future__ import annotations

import json

import pytest
from conftest import MKDOCS_YML, run_handbook

CAMPAIGN = """\
---
title: Spring tune-up
owner: ae
starts: 2026-03-01
ends: 2026-05-31
{extra}---
# Spring tune-up
"""


def campaign(extra: str = "") -> str:
    return CAMPAIGN.format(extra=extra)


def test_clean_hub_passes(hub):
    result = hub({"content/campaigns/spring.md": campaign()}).check()
    assert result.code == 0
    assert result.out.startswith("handbook check: no problems\nTrust score: ")


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param(
            {"content/campaigns/spring.md": campaign("goals:\n  - metric: MQLs\n   target: 3\n")},
            "content/campaigns/spring.md:8: error: the front matter is not valid YAML: "
            "did not find expected '-' indicator\n"
            "    fix: check indentation and quote values that contain ':' or start with a symbol",
            id="malformed-yaml",
        ),
        pytest.param(
            {"content/campaigns/spring.md": campaign("kind: campain\n")},
            "content/campaigns/spring.md:6: error: unknown kind `campain`\n"
            "    fix: did you mean `campaign`?",
            id="unknown-kind",
        ),
        pytest.param(
            {"content/campaigns/spring.md": campaign("mesages:\n  - Save 20%\n")},
            "content/campaigns/spring.md:6: error: unknown field `mesages` for a campaign\n"
            "    fix: did you mean `messages`?",
            id="unknown-field",
        ),
        pytest.param(
            {"content/campaigns/spring.md": campaign("goals:\n  - metric: MQLs\n    trget: 40\n")},
            "content/campaigns/spring.md:8: error: unknown field `trget` in `goals[1]` for a campaign\n"
            "    fix: did you mean `target`?",
            id="unknown-nested-field",
        ),
        pytest.param(
            {"content/campaigns/spring.md": campaign("messages: 12\n")},
            "content/campaigns/spring.md:6: error: `messages` should be a list\n"
            "    fix: write one item per line, each starting with `- `",
            id="wrong-type-list",
        ),
        pytest.param(
            {"playbooks/process/qualify.md": "---\nowner: ae\norder: first\n---\n# Qualify\n"},
            "playbooks/process/qualify.md:3: error: `order` should be a whole number, not 'first'\n"
            "    fix: write a number like `3`",
            id="wrong-type-number",
        ),
        pytest.param(
            {"content/campaigns/spring.md": CAMPAIGN.replace("2026-05-31", "2026-02-30").format(extra="")},
            "content/campaigns/spring.md:5: error: `ends`: `2026-02-30` is not a valid date\n"
            "    fix: write dates as YYYY-MM-DD, like 2026-03-01",
            id="invalid-date",
        ),
        pytest.param(
            {"content/campaigns/spring.md": CAMPAIGN.replace("2026-05-31", "2026-01-31").format(extra="")},
            "content/campaigns/spring.md:5: error: the campaign ends (2026-01-31) before it starts "
            "(2026-03-01)\n    fix: swap the dates or correct the typo",
            id="ends-before-starts",
        ),
        pytest.param(
            {"content/campaigns/spring.md": campaign("audience:\n  - sdr\n  - zz\n")},
            "content/campaigns/spring.md:7: error: `sdr` is not the id of any role\n"
            "    fix: create it, or use an existing role id: ae\n"
            "content/campaigns/spring.md:8: error: `zz` is not the id of any role\n"
            "    fix: create it, or use an existing role id: ae",
            id="dangling-reference",
        ),
        pytest.param(
            {"content/campaigns/spring.md": campaign("assets: [sell-sheeet]\n"),
             "content/assets/sell-sheet.md": "---\nowner: ae\nurl: https://x.example/s.pdf\n---\n# Sheet\n"},
            "content/campaigns/spring.md:6: error: `sell-sheeet` is not the id of any asset\n"
            "    fix: did you mean `sell-sheet`?",
            id="dangling-reference-suggestion",
        ),
        pytest.param(
            {"content/sales.md": "---\nowner: ae\n---\n# Sales\n", "content/sales/index.md": "# Sales\n"},
            "content/sales/index.md:1: error: the id `sales` is already used by content/sales.md\n"
            "    fix: rename or move one of the files: a document's id is its path without .md",
            id="duplicate-id",
        ),
        pytest.param(
            {"playbooks/demo.md": "---\ntitle: Demo\n---\n# Demo\n"},
            "playbooks/demo.md:1: error: a playbook needs an `owner`: the role that keeps it true\n"
            "    fix: add `owner: <role id>` to the front matter (roles: ae)",
            id="missing-owner",
        ),
        pytest.param(
            {"content/campaigns/spring.md": "---\ntitle: Spring\nowner: ae\n# Spring\n"},
            "content/campaigns/spring.md:1: error: the front matter starts with --- on line 1 "
            "but is never closed\n    fix: add a line with just --- after the last field",
            id="unclosed-front-matter",
        ),
        pytest.param(
            {"content/assets/sheet.md": "---\nowner: ae\nfile: ../../../secrets.pdf\n---\n# Sheet\n"},
            "content/assets/sheet.md:3: error: `file: ../../../secrets.pdf` points outside the "
            "hub's repository\n    fix: put the file inside the repository, next to the asset's page",
            id="asset-outside-repo",
        ),
        pytest.param(
            {"content/assets/sheet.md": "---\nowner: ae\nfile: files/sheet.pdf\n---\n# Sheet\n"},
            "content/assets/sheet.md:3: error: `file: files/sheet.pdf` does not exist\n"
            "    fix: add the file at content/assets/files/sheet.pdf or fix the path",
            id="asset-missing-file",
        ),
        pytest.param(
            {"content/releases/r1.md": "---\nowner: ae\ndate: 2026-03-01\npromises:\n"
             "  - id: tv\n    claim: TV spot\n    status: done\n---\n# R1\n"},
            "content/releases/r1.md:7: error: `promises[1].status` is 'done', which is not allowed\n"
            "    fix: use one of 'planned', 'shipped', 'partial', 'delayed' or 'cut'",
            id="wrong-choice",
        ),
        pytest.param(
            {"content/glossary/mql.md": "---\nabbr: MQL\ndefinition: [a, b]\n---\n# MQL\n"},
            "content/glossary/mql.md:3: error: `definition` should be text, not ['a', 'b']\n"
            "    fix: write it as text",
            id="wrong-type-text",
        ),
        pytest.param(
            {"content/campaigns/spring.md": campaign("owner: sdr\n")},
            "content/campaigns/spring.md:6: error: the field `owner` appears twice (lines 3 and 6)\n"
            "    fix: keep one of them",
            id="duplicate-field",
        ),
    ],
)
def test_bad_input_is_named_with_file_line_and_fix(hub, files, expected):
    result = hub(files).check()
    assert result.code == 1
    report = result.out.rsplit("\nhandbook check:", 1)[0]
    assert report == expected


def test_file_that_is_not_utf8(hub):
    made = hub()
    made.write_bytes("playbooks/demo.md", b"---\nowner: ae\n---\n# Demo\n\nCaf\xe9 menu\n")
    result = made.check()
    assert result.code == 1
    assert result.out.startswith(
        "playbooks/demo.md:6: error: the file is not UTF-8 text (byte 0xe9 on line 6)\n"
        "    fix: save the file with the UTF-8 encoding in your editor"
    )


def test_missing_required_field(hub):
    result = hub({"playbooks/process/qualify.md": "---\nowner: ae\n---\n# Qualify\n"}).check()
    assert "playbooks/process/qualify.md:1: error: `order` is required for a stage\n" \
           "    fix: add a line `order: ...`" in result.out


def test_every_problem_is_reported_at_once(hub):
    result = hub({
        "playbooks/a.md": "---\nowner: nobody\n---\n# A\n",
        "playbooks/b.md": "---\nowner: ae\naudiense: [ae]\n---\n# B\n",
        "content/campaigns/c.md": "---\nowner: ae\nstarts: 2026-05-01\nends: 2026-04-01\n---\n",
    }).check()
    assert result.code == 1
    assert "\nhandbook check: 3 errors\nTrust score: " in result.out
    for where in ("playbooks/a.md:2:", "playbooks/b.md:3:", "content/campaigns/c.md:4:"):
        assert where in result.out


def test_json_format(hub):
    result = hub({"playbooks/demo.md": "---\nowner: ae\nstage: [x]\n---\n# Demo\n"}).check(
        "--format", "json")
    assert result.code == 1
    assert json.loads(result.out) == [{
        "path": "playbooks/demo.md", "line": 3, "severity": "error",
        "message": "unknown field `stage` for a playbook", "fix": "did you mean `stages`?",
    }]


def test_github_annotations(hub):
    result = hub({"playbooks/demo.md": "---\nowner: ae\nstage: [x]\n---\n# Demo\n"}).check(
        "--format", "github")
    assert result.code == 1
    assert result.out.strip() == (
        "::error file=playbooks/demo.md,line=3,title=handbook check::"
        "unknown field `stage` for a playbook Fix: did you mean `stages`?"
    )


def test_github_annotations_name_files_from_the_repository_top(git_repo):
    """A hub in a subfolder: GitHub puts annotations on `site-hub/playbooks/demo.md`."""
    repo = git_repo({"site-hub/mkdocs.yml": MKDOCS_YML,
                     "site-hub/content/index.md": "---\nowner: ae\n---\n# Home\n",
                     "site-hub/content/roles/ae.md": "---\nowner: ae\n---\n# AE\n",
                     "site-hub/playbooks/demo.md": "---\nowner: ae\nstage: [x]\n---\n# Demo\n"}, base=False)
    repo.commit("feat: hub")
    result = run_handbook(repo.hub.root / "site-hub", "check", "--format", "github")
    assert result.out.startswith("::error file=site-hub/playbooks/demo.md,line=3,"), result.out


def test_warnings_fail_only_with_strict(hub):
    stage = "---\nowner: ae\norder: 1\n---\n# {0}\n"
    made = hub({"playbooks/process/a.md": stage.format("A"),
                "playbooks/process/b.md": stage.format("B")})
    result = made.check()
    assert result.code == 0
    assert "playbooks/process/b.md:3: warning: stage order 1 is also used by `a`" in result.out
    assert made.check("--strict").code == 1


def test_overdue_review_is_a_notice_and_never_blocks_a_build(hub):
    made = hub({"playbooks/demo.md": "---\nowner: ae\nreviewed: 2020-01-01\n---\n# Demo\n"})
    result = made.check()
    assert result.code == 0
    assert "playbooks/demo.md:3: notice: review overdue since 2020-06-29" in result.out
    assert made.check("--strict").code == 0  # check and build agree: stale content is no blocker
    assert made.build("--strict").code == 0  # stale content is shown on the site, not a blocker
    assert "This page was due for review on 29 Jun 2020" in made.html("playbooks/demo")


def test_freshness_can_be_a_warning_in_check_and_build_alike(hub):
    made = hub({"playbooks/demo.md": "---\nowner: ae\nreviewed: 2020-01-01\n---\n# Demo\n"},
               mkdocs_yml=MKDOCS_YML.replace("  - handbook\n", "  - handbook:\n      freshness: warning\n"))
    result = made.check("--strict")
    assert result.code == 1
    assert "playbooks/demo.md:3: warning: review overdue since 2020-06-29" in result.out
    assert made.run("build", "--strict").code == 1


def test_yaml_alias_bomb_is_refused(hub):
    bomb = "---\nowner: ae\na: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for name, prev in zip("bcdefghij", "abcdefghi", strict=True):
        bomb += (f"{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, "
                 f"*{prev}, *{prev}]\n")
    bomb += "---\n# Boom\n"
    result = hub({"playbooks/boom.md": bomb}).check()
    assert result.code == 1
    assert result.out.startswith(
        "playbooks/boom.md:2: error: the front matter expands to more than 50,000 values (YAML aliases)")


def test_missing_config_file_is_a_clear_error(tmp_path):
    from conftest import run_handbook

    result = run_handbook(tmp_path, "check")
    assert result.code == 1
    assert "mkdocs.yml: not found; run handbook in the hub's folder or pass --config-file" in result.err
    assert "Traceback" not in result.err
