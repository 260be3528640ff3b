"""The promise ledger: each promise as first announced and every change since, from Git."""

from __future__ import annotations

import json

RELEASE = """\
---
title: Spring launch
owner: ae
date: 2026-03-10
promises:
{promises}
---
# Spring launch
"""
TV = "  - id: tv-spot\n    claim: National TV spot on major networks\n    status: planned\n"
TV_SHRUNK = ("  - id: tv-spot\n    claim: Cable ads in selected markets\n    status: partial\n"
             "    delivered: Late-night cable in six markets\n")
APP = "  - id: offline-app\n    claim: Offline mobile app\n    status: planned\n"
APP_RENAMED = ("  - id: offline-mobile\n    was: offline-app\n    claim: Offline mobile app\n"
               "    status: shipped\n    delivered: iOS and Android\n")
PAYROLL = "  - id: payroll\n    claim: Payroll export\n    status: planned\n"
PATH = "content/releases/spring.md"


def release(*promises: str) -> str:
    return RELEASE.format(promises="".join(promises))


def story(git_repo):
    """Announced in March; in September the TV spot shrank and the app was renamed and shipped."""
    repo = git_repo()
    repo.commit("feat(releases): announce the spring launch", {PATH: release(TV, APP)},
                date="2026-03-03T09:00:00+00:00", author="Priya Shah")
    repo.git("mv", PATH, "content/releases/spring-2026.md")
    repo.commit("refactor: rename the spring release", date="2026-04-01T09:00:00+00:00")
    repo.commit("fix(releases): the TV spot became cable", {
        "content/releases/spring-2026.md": release(TV_SHRUNK, APP_RENAMED)},
        date="2026-09-14T09:00:00+00:00", author="Sam Ortiz")
    return repo


def test_release_page_shows_each_promise_as_announced_and_every_change(git_repo):
    repo = story(git_repo)
    repo.hub.build()
    page = repo.hub.html("releases/spring-2026")
    sha = repo.git("rev-parse", "HEAD")
    first = repo.git("rev-list", "--max-parents=0", "HEAD")
    assert ("<li><strong>Announced</strong> 03 Mar 2026 by Priya Shah: National TV spot on major "
            'networks (planned) <small class="hb-commit">'
            f'<a href="https://github.com/acme/hub/commit/{first}">{first[:7]}</a></small></li>') in page
    assert ("<li><strong>Changed</strong> 14 Sep 2026 by Sam Ortiz: the claim went from “National TV "
            "spot on major networks” to “Cable ads in selected markets”; status planned → partial; "
            "what shipped is now “Late-night cable in six markets” "
            f'<small class="hb-commit"><a href="https://github.com/acme/hub/commit/{sha}">{sha[:7]}</a>'
            "</small></li>") in page
    assert ("<li><strong>Changed</strong> 14 Sep 2026 by Sam Ortiz, renamed from offline-app: "
            "status planned → shipped; what shipped is now “iOS and Android”") in page


def test_promises_json_has_dates_authors_and_old_and_new_values(git_repo):
    repo = story(git_repo)
    result = repo.hub.run("promises", "--format", "json")
    assert result.code == 0, result.err
    ledger = {p["id"]: p for p in json.loads(result.out)}
    tv = ledger["tv-spot"]
    assert [(e["kind"], e["date"], e["author"]) for e in tv["events"]] == [
        ("announced", "2026-03-03", "Priya Shah"), ("changed", "2026-09-14", "Sam Ortiz")]
    assert tv["events"][1]["changes"] == [
        {"field": "claim", "old": "National TV spot on major networks",
         "new": "Cable ads in selected markets"},
        {"field": "status", "old": "planned", "new": "partial"},
        {"field": "delivered", "old": None, "new": "Late-night cable in six markets"},
    ]
    assert tv["current"]["status"] == "partial"
    app = ledger["offline-mobile"]
    assert app["events"][1]["renamed_from"] == "offline-app"
    assert app["events"][0]["state"]["claim"] == "Offline mobile app"


def test_promises_changed_since_lists_only_recent_changes(git_repo):
    repo = story(git_repo)
    result = repo.hub.run("promises", "--changed-since", "2026-09-01")
    assert result.code == 0, result.err
    assert "### Cable ads in selected markets" in result.out
    assert "- **Changed** 14 Sep 2026 by Sam Ortiz: the claim went from" in result.out
    assert "**Announced**" not in result.out
    late = repo.hub.run("promises", "--changed-since", "2026-10-01", "--format", "json")
    assert json.loads(late.out) == []


def test_deleting_an_announced_promise_is_an_error(git_repo):
    repo = story(git_repo)
    repo.hub.write("content/releases/spring-2026.md", release(TV_SHRUNK))  # the app promise is gone
    result = repo.hub.check()
    assert result.code == 1
    assert ("content/releases/spring-2026.md:5: error: promise `offline-mobile` (announced 2026-03-03) "
            "was deleted from the release note\n    fix: put it back with `status: cut` and a `note:` "
            "saying why; to rename it, give the new promise `was: offline-mobile`") in result.out
    repo.commit("chore: drop a promise", date="2026-10-01T09:00:00+00:00")
    assert repo.hub.check().code == 1  # committed, still an error
    assert repo.hub.run("build").code == 1  # and the site is not built


def test_deleting_a_whole_release_note_is_an_error(git_repo):
    repo = story(git_repo)
    repo.git("rm", "-q", "content/releases/spring-2026.md")
    repo.commit("chore: tidy old releases", date="2026-10-01T09:00:00+00:00")
    sha = repo.git("rev-parse", "--short=7", "HEAD")
    result = repo.hub.check()
    assert result.code == 1
    assert (f"content/releases/spring-2026.md:1: error: the release note was deleted in commit {sha} "
            "(2026-10-01) with its announced promises `tv-spot`, `offline-mobile`\n"
            f"    fix: restore it (`git checkout {sha}^ -- content/releases/spring-2026.md`) and mark "
            "each promise `status: cut` with a `note:`; to move it, rename the file instead") in result.out
    repo.git("checkout", f"{sha}^", "--", "content/releases/spring-2026.md")  # the fix it suggests
    assert repo.hub.check().code == 0


def test_a_deleted_page_without_promises_is_no_problem(git_repo):
    repo = git_repo({"playbooks/old.md": "---\nowner: ae\n---\n# Old\n",
                     PATH: release("  - id: none\n    claim: Nothing yet\n    status: planned\n")})
    repo.commit("docs: first", date="2026-01-01T09:00:00+00:00")
    repo.git("rm", "-q", "playbooks/old.md")
    repo.commit("docs: drop the old playbook", date="2026-02-01T09:00:00+00:00")
    assert repo.hub.check().code == 0


def test_check_rules_for_delivered_overdue_promises_and_missing_results(hub):
    made = hub({
        PATH: release("  - id: app\n    claim: App\n    status: shipped\n", PAYROLL,
                      "  - id: half\n    claim: Half\n    status: partial\n"),
        "content/campaigns/old.md": "---\nowner: ae\nstarts: 2026-01-01\nends: 2026-06-30\n"
                                    "goals:\n  - metric: MQLs\n    target: 100\n---\n# Old\n",
    })
    result = made.check()
    assert ("content/releases/spring.md:8: error: promise `app` is shipped but does not say what was "
            "delivered") in result.out
    assert ("content/releases/spring.md:14: error: promise `half` is partial but does not say what "
            "was delivered") in result.out
    assert ("content/releases/spring.md:11: notice: promise `payroll` is still `planned` but the "
            "release date 2026-03-10 has passed") in result.out
    assert ("content/campaigns/old.md:6: notice: the campaign ended on 2026-06-30 but goal `MQLs` "
            "has no result") in result.out


def test_release_board_and_banner_and_whats_new_mark_promise_changes(git_repo):
    repo = story(git_repo)
    repo.commit("fix(releases): one market fewer", {
        "content/releases/spring-2026.md": release(TV_SHRUNK.replace("six", "five"), APP_RENAMED)},
        date="2026-11-10T09:00:00+00:00")
    repo.hub.build()
    board = repo.hub.html("releases")
    changed = board[board.index('id="changed"'):board.index('id="releases"')]
    assert changed.count("<li>") == 3
    assert changed.index("five markets") < changed.index("renamed from offline-app")  # newest first
    assert ('<td data-label="Shipped">1</td>\n<td data-label="Partial">1</td>\n'
            '<td data-label="Planned">0</td>\n<td data-label="Delayed">0</td>\n'
            '<td data-label="Cut">0</td>') in board
    page = repo.hub.html("releases/spring-2026")
    assert 'class="hb-banner hb-banner--changed"' in page and "changed on 10 Nov 2026" in page
    whats_new = repo.hub.html("whats-new")
    assert whats_new.count('<span class="hb-label hb-label--promise">Promise changed</span>') == 2


WINTER = RELEASE.replace("Spring launch", "Winter launch").replace("2026-03-10", "2026-10-01")


def test_release_board_lists_changes_of_the_last_90_days_and_releases_newest_first(git_repo):
    repo = git_repo()
    repo.commit("feat(releases): announce two releases", {
        PATH: release(TV, APP), "content/releases/winter.md": WINTER.format(promises=PAYROLL)},
        date="2026-03-03T09:00:00+00:00")
    repo.commit("fix(releases): the TV spot became cable", {PATH: release(TV_SHRUNK, APP)},
                date="2026-08-24T09:00:00+00:00")  # 91 days before today
    repo.commit("fix(releases): the app shipped", {PATH: release(TV_SHRUNK, APP_RENAMED)},
                date="2026-08-26T09:00:00+00:00")  # 89 days before today
    repo.commit("fix(releases): payroll slips", {"content/releases/winter.md": WINTER.format(
        promises=PAYROLL.replace("planned", "delayed"))}, date="2026-11-01T09:00:00+00:00")
    repo.hub.build()
    board = repo.hub.html("releases")
    changed = board[board.index('id="changed"'):board.index('id="releases"')]
    assert "Changes to promises in the last 90 days, newest first." in changed
    assert changed.count("<li>") == 2
    assert "Cable ads in selected markets" not in changed and "24 Aug 2026" not in changed
    assert "<strong>Changed</strong> 26 Aug 2026 by Dana Lee, renamed from offline-app" in changed
    assert "<strong>Changed</strong> 01 Nov 2026 by Dana Lee: status planned → delayed" in changed
    assert changed.index("01 Nov 2026") < changed.index("26 Aug 2026")  # newest first
    releases = board[board.index('id="releases"'):]
    assert '<a href="winter/">Winter launch</a></td>\n<td data-label="Date">01 Oct 2026</td>' in releases
    assert '<a href="spring/">Spring launch</a></td>\n<td data-label="Date">10 Mar 2026</td>' in releases
    assert releases.index("Winter launch") < releases.index("Spring launch")  # newest first


def test_release_page_has_no_changed_banner_after_30_days(git_repo):
    repo = story(git_repo)
    repo.commit("fix(releases): one market fewer", {
        "content/releases/spring-2026.md": release(TV_SHRUNK.replace("six", "five"), APP_RENAMED)},
        date="2026-10-23T09:00:00+00:00")  # 31 days before today
    repo.hub.build()
    page = repo.hub.html("releases/spring-2026")
    # in the ledger...
    assert "<strong>Changed</strong> 23 Oct 2026 by Dana Lee: what shipped went from" in page
    assert "hb-banner--changed" not in page  # ...but no longer announced in a banner
    assert "Promises in this release changed" not in page


def test_promises_command_markdown(git_repo):
    repo = story(git_repo)
    result = repo.hub.run("promises")
    assert result.code == 0, result.err
    first, sha = repo.git("rev-list", "--max-parents=0", "HEAD"), repo.git("rev-parse", "HEAD")
    commit = "https://github.com/acme/hub/commit/"
    assert result.out == (
        "# Test hub: promises\n\n"
        "## [Spring launch](https://hub.example.com/releases/spring-2026/), 10 Mar 2026\n\n"
        "### Cable ads in selected markets\n\n"
        "Now: **partial**; what shipped: Late-night cable in six markets\n\n"
        "- **Announced** 03 Mar 2026 by Priya Shah: National TV spot on major networks (planned) "
        f"([{first[:7]}]({commit}{first}))\n"
        "- **Changed** 14 Sep 2026 by Sam Ortiz: the claim went from “National TV spot on major "
        "networks” to “Cable ads in selected markets”; status planned → partial; what shipped is now "
        f"“Late-night cable in six markets” ([{sha[:7]}]({commit}{sha}))\n\n"
        "### Offline mobile app\n\n"
        "Now: **shipped**; what shipped: iOS and Android\n\n"
        "- **Announced** 03 Mar 2026 by Priya Shah: Offline mobile app (planned) "
        f"([{first[:7]}]({commit}{first}))\n"
        "- **Changed** 14 Sep 2026 by Sam Ortiz, renamed from offline-app: status planned → shipped; "
        f"what shipped is now “iOS and Android” ([{sha[:7]}]({commit}{sha}))\n"
    )
