"""Read it on a phone between meetings: the promise ledger in sentences, no request beyond the
site, no table wider than the phone, and a live preview that shows what broke.

The browser tests reuse test_browser.py's Chromium fixtures; without a browser they skip (on CI,
where `CI=true`, that is a failure).
"""

from __future__ import annotations

from handbook.promises import in_words

RELEASE = """\
---
title: Fall launch
owner: ae
date: 2026-09-01
promises:
{promises}
---
# Fall launch
"""
PATH = "content/releases/fall.md"
TV = "  - id: tv\n    claim: National TV spot on major networks\n    status: planned\n"
TV_CABLE = ("  - id: tv\n    claim: Late-night cable TV spots in selected markets\n    status: partial\n"
            "    delivered: Spots in six markets\n")
TV_NOTE = TV_CABLE + "    note: The network slots sold out <b>early</b>\n"


def _release(*promises: str) -> str:
    return RELEASE.format(promises="".join(promises))


def _story(git_repo):  # type: ignore[no-untyped-def]
    """Announced by Priya; Sam shrank the TV spot with a note; Dana changed it again with a
    `Changelog:` trailer and no note."""
    repo = git_repo()
    repo.commit("feat(releases): announce fall", {PATH: _release(TV)},
                date="2026-03-03T09:00:00+00:00", author="Priya Shah")
    noted = repo.commit("fix(releases): cable, not network", {PATH: _release(TV_NOTE)},
                        date="2026-11-14T09:00:00+00:00", author="Sam Ortiz")
    trailer = repo.commit(
        "fix(releases): five markets\n\nThe sixth station went bankrupt; see the thread.\n\n"
        "Changelog: one station closed",
        {PATH: _release(TV_NOTE.replace("six", "five"))}, date="2026-11-20T09:00:00+00:00")
    return repo, noted, trailer


NOTED = ("14 Nov 2026 by Sam Ortiz: the claim went from “National TV spot on major networks” to "
         "“Late-night cable TV spots in selected markets”; status planned → partial; what shipped is "
         "now “Spots in six markets”; why: The network slots sold out {b}early{end_b}")
TRAILER = ("20 Nov 2026 by Dana Lee: what shipped went from “Spots in six markets” to “Spots in five "
           "markets”; why: one station closed")


def test_a_change_reads_as_one_sentence_on_the_release_page_and_the_board(git_repo):
    repo, noted, trailer = _story(git_repo)
    repo.hub.build()
    commit = "https://github.com/acme/hub/commit/"
    sentence = NOTED.format(b="&lt;b&gt;", end_b="&lt;/b&gt;")  # a note is untrusted: escaped
    link = f'<small class="hb-commit"><a href="{commit}{noted}">{noted[:7]}</a></small>'
    page = repo.hub.html("releases/fall")
    assert f"<li><strong>Changed</strong> {sentence} {link}</li>" in page
    assert (f"<li><strong>Changed</strong> {TRAILER} <small class=\"hb-commit\">"
            f'<a href="{commit}{trailer}">{trailer[:7]}</a></small></li>') in page
    assert "sixth station" not in page  # the commit body is for developers
    board = repo.hub.html("releases")
    assert (f'<li><a href="fall/">Fall launch</a>, <strong>Late-night cable TV spots in selected '
            f"markets</strong>: <strong>Changed</strong> {sentence} {link}</li>") in board


def test_the_promises_command_and_the_digest_say_the_same_sentence(git_repo):
    repo, noted, trailer = _story(git_repo)
    commit = "https://github.com/acme/hub/commit/"
    plain = NOTED.format(b="&lt;b>", end_b="&lt;/b>")  # readable Markdown: `<` stays escaped
    ledger = repo.hub.run("promises", "--changed-since", "2026-11-01")
    assert ledger.code == 0, ledger.err
    assert ledger.out.endswith(
        f"- **Changed** {plain} ([{noted[:7]}]({commit}{noted}))\n"
        f"- **Changed** {TRAILER} ([{trailer[:7]}]({commit}{trailer}))\n")
    digest = repo.hub.run("digest", "--since", "2026-11-10", "--format", "md")
    assert (f"- Fall launch: **Late-night cable TV spots in selected markets**. **Changed** {plain} "
            f"([{noted[:7]}]({commit}{noted}))\n") in digest.out
    html = repo.hub.run("digest", "--since", "2026-11-10").out
    assert (f"<strong>Changed</strong> {NOTED.format(b='&lt;b&gt;', end_b='&lt;/b&gt;')} <small>"
            f'<a href="{commit}{noted}" style="color:#666666;">{noted[:7]}</a></small></li>') in html


def test_the_digest_lays_out_at_the_phone_s_width(git_repo):
    repo, _, _ = _story(git_repo)
    html = repo.hub.run("digest", "--since", "7d").out
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html


def test_each_kind_of_field_change_in_words():
    assert in_words([("claim", "A", "B"), ("status", "planned", "cut"), ("delivered", None, "C")]) == (
        "the claim went from “A” to “B”; status planned → cut; what shipped is now “C”")
    assert in_words([("delivered", "C", None), ("note", "old reason", None)]) == (
        "what shipped was cleared (it was “C”); the note was cleared (it was “old reason”)")
    assert in_words([("note", None, "slots sold out"), ("status", "planned", "delayed")],
                    why="from the commit") == "status planned → delayed; why: slots sold out"
    assert in_words([("status", "planned", "delayed")], why="from the commit") == (
        "status planned → delayed; why: from the commit")
    assert in_words([("claim", None, "New"), ("status", None, "planned")]) == (
        "the claim is now “New”; status planned")
