"""The history layer's pure parts on plain data: git's log format and its parser, PR numbers
brought in by merges, rename following, the deleted-file marker, what a commit tells readers.
(The parser on hostile bytes is in test_leaks_and_history_text.py, rename following across
moves in test_history_moves.py.) Two real repositories show the marker's one user-visible
effect: a path with `@` in it is a path like any other."""

from __future__ import annotations

import datetime as dt
import json

from handbook.history import Change, Commit, History, file_path, follow_renames, parse_log
from handbook.history.commits import (
    Listed,
    attribute_landing,
    attribute_merged_prs,
    draw_boundary,
    earlier_life,
    log_format,
)

DAY = dt.datetime(2026, 3, 2, tzinfo=dt.UTC)


def commit(sha: str, *changes: Change, parents: str = "", message: str = "", pr: int | None = None) -> Commit:
    """A commit whose sha is `sha` forty times, its parents' likewise (one letter each)."""
    return Commit(sha * 40, tuple(p * 40 for p in parents), "Dana", "d@e", DAY, message or sha,
                  list(changes), pr)


def printed(boundary: bytes, sha: str, message: str, files: bytes, parents: str = "") -> bytes:
    """What git prints for one commit given `log_format(boundary)`: each `%` field replaced by
    its value, `%x00` by NUL, then (as `-z --name-status` prints them) NUL, a line break and
    the files, each field NUL-terminated."""
    values = {"%H": sha, "%P": parents, "%an": "Dana Lee", "%ae": "dana@example.com",
              "%at": "1772445600", "%B": message}
    out = log_format(boundary).replace("%x00", "\0")
    for spec in sorted(values, key=len, reverse=True):  # `%an` before a shorter spec could cut it
        out = out.replace(spec, values[spec])
    return out.encode() + b"\0\n" + files


# -- the log format and its parser agree --------------------------------------------------------

def test_what_git_prints_for_the_format_parses_back_field_by_field():
    boundary = draw_boundary()
    data = (printed(boundary, "a" * 40, "feat: first (#12)\n\nWhy.\n", b"A\0content/a.md\0")
            + printed(boundary, "b" * 40, "fix: second\n", b"M\0content/a.md\0M\0content/b.md\0",
                      parents="a" * 40))
    first, second = parse_log([data], boundary)
    assert isinstance(first, Commit) and isinstance(second, Commit)
    assert (first.sha, first.parents, first.author, first.email) == (
        "a" * 40, (), "Dana Lee", "dana@example.com")
    assert first.date == dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)
    assert first.message == "feat: first (#12)\n\nWhy." and first.pr == 12
    assert [(c.status, c.path) for c in second.changes] == [("M", "content/a.md"), ("M", "content/b.md")]
    assert second.parents == ("a" * 40,) and second.pr is None


def test_each_run_draws_its_own_boundary_of_nul_and_letters():
    first, second = draw_boundary(), draw_boundary()
    assert first != second
    assert first.startswith(b"\0") and first.endswith(b"\0") and first[1:-1].isalnum()
    assert log_format(first).count("%x00") == 2 * (6 + 1)  # before each of six fields, after the last


def test_parser_keeps_rename_scores_copies_and_commits_without_files():
    boundary = draw_boundary()
    data = (printed(boundary, "a" * 40, "Move", b"R087\0old.md\0new.md\0C100\0new.md\0copy.md\0")
            + printed(boundary, "b" * 40, "Empty", b""))
    moved, empty = parse_log([data], boundary)
    assert isinstance(moved, Commit) and isinstance(empty, Commit)
    assert [(c.status, c.path, c.old_path, c.similarity) for c in moved.changes] == [
        ("R", "new.md", "old.md", 87), ("C", "copy.md", "new.md", 100)]
    assert empty.changes == [] and empty.subject == "Empty"


def test_a_file_list_cut_short_keeps_what_is_whole():
    boundary = draw_boundary()
    for files, whole in ((b"M\0a.md\0R100\0old.md\0", ["a.md"]), (b"M\0a.md\0D", ["a.md"]),
                         (b"\0\0M\0a.md\0\0", ["a.md"])):
        commit, = parse_log([printed(boundary, "a" * 40, "Cut", files)], boundary)
        assert isinstance(commit, Commit) and [c.path for c in commit.changes] == whole


def test_a_raw_listing_names_the_content_of_regular_files_only():
    boundary = draw_boundary()
    made, gone, none = "1" * 40, "2" * 40, "0" * 40
    files = (f":000000 100644 {none} {made} A\0content/a.md\0:100755 000000 {gone} {none} D\0docs/run.sh\0"
             f":000000 120000 {none} {made} A\0content/link\0:000000 160000 {none} {made} A\0vendor/lib\0"
             f":000000 100644 {none} e69de29bb2d1d6434b8b29ae775ad8c2e48c5391 A\0content/empty.md\0"
             f":100644 100644 {gone} {made} M\0content/b.md\0"
             f":100644 100644 {gone} {gone} R100\0docs/c.md\0content/c.md\0"
             f":000000 100644 {none} {made} A\0").encode()
    listed, = parse_log([printed(boundary, "a" * 40, "Listed", files)], boundary)
    assert isinstance(listed, Commit)
    assert [(c.status, c.path, c.old_path, getattr(c, "content", None)) for c in listed.changes] == [
        ("A", "content/a.md", None, made), ("D", "docs/run.sh", None, gone),
        ("A", "content/link", None, ""), ("A", "vendor/lib", None, ""),  # a symlink, a submodule
        ("A", "content/empty.md", None, ""),  # empty: Git may not pair it
        ("M", "content/b.md", None, None), ("R", "content/c.md", "docs/c.md", None)]  # the last cut short
    assert all(isinstance(c, Listed) for c in listed.changes[:5])
    assert listed.changes[-1] == Change("R", "content/c.md", "docs/c.md", 100)


def test_pr_numbers_are_read_from_the_subject_or_the_merge_request_line():
    boundary = draw_boundary()
    messages = {"fix: typo (#41)": 41, "Merge pull request #7 from a/b": 7, "fix: typo": None,
                "Merge branch 'x' into 'main'\n\nSee merge request team/hub!12": 12, "chore: 100%!": None}
    for message, number in messages.items():
        commit, = parse_log([printed(boundary, "a" * 40, message, b"")], boundary)
        assert isinstance(commit, Commit) and commit.pr == number, message


# -- PR numbers brought in by a merge -------------------------------------------------------------

def test_a_merged_branch_gets_the_merge_commits_pr_and_the_main_line_does_not():
    # m merges branch c <- b (off a) into main: main is m, a; the branch commit b has its own PR
    commits = [commit("m", parents="ac", pr=7), commit("c", parents="b"), commit("b", parents="a", pr=5),
               commit("a")]
    attribute_merged_prs(commits)
    assert {c.sha[0]: c.pr for c in commits} == {"m": 7, "c": 7, "b": 5, "a": None}


def test_a_pr_an_earlier_read_found_reaches_the_branch_commits_under_it():
    # a later pass, of other folders, starts at s (a branch's merge of main, found merged by PR 9
    # in the first pass) and at the main-line commit m: s's PR reaches c and b, not the main line
    commits = [commit("s", parents="cm"), commit("c", parents="b"), commit("b", parents="a"),
               commit("m", parents="a"), commit("a")]
    given = attribute_merged_prs(commits, ["m" * 40], {"s" * 40: 9})
    assert {c.sha[0]: c.pr for c in commits} == {"s": 9, "c": 9, "b": 9, "m": None, "a": None}
    assert given == {"c" * 40: 9, "b" * 40: 9}


def at(sha: str, day: int, parents: str = "") -> Commit:
    found = commit(sha, parents=parents)
    found.date = dt.datetime(2026, 1, day, tzinfo=dt.UTC)
    return found


def test_a_merged_branch_lands_when_it_is_merged_and_the_main_line_when_committed():
    # l merges a branch, c <- b (forked at a); it goes on with x, which n merges: main is n, l, m, a
    commits = [at("n", 20, "lx"), at("x", 3, "c"), at("l", 15, "mc"), at("c", 2, "b"), at("b", 1, "a"),
               at("m", 10, "a"), at("a", 1)]
    attribute_landing(commits)
    landed = {c.sha[0]: c.landed.day if c.landed else None for c in commits}
    assert landed == {"n": 20, "x": 20, "l": 15, "c": 15, "b": 15, "m": 10, "a": 1}


def test_a_later_read_lands_what_is_under_a_commit_an_earlier_one_landed():
    commits = [at("s", 5, "cm"), at("c", 2, "b"), at("b", 1, "a"), at("m", 4, "a"), at("a", 1)]
    attribute_landing(commits, mainline=["m" * 40, "a" * 40], known={"s" * 40: at("z", 9).date})
    assert {c.sha[0]: c.landed.day if c.landed else None for c in commits} == {
        "s": 9, "c": 9, "b": 9, "m": 4, "a": 1}


def test_a_merge_without_a_pr_number_gives_none():
    commits = [commit("m", parents="ac"), commit("c", parents="a"), commit("a")]
    attribute_merged_prs(commits)
    assert [c.pr for c in commits] == [None, None, None]


# -- rename following ----------------------------------------------------------------------------

def shas(found: dict[str, list[Commit]]) -> dict[str, str]:
    return {path: "".join(c.sha[0] for c in commits) for path, commits in found.items()}


def test_renames_of_renames_are_one_file_and_a_deleted_file_keeps_its_path():
    commits = [commit("e", Change("D", "gone.md")), commit("d", Change("R", "c.md", "b.md")),
               commit("c", Change("R", "b.md", "a.md"), Change("M", "gone.md")),
               commit("b", Change("M", "a.md")), commit("a", Change("A", "a.md"), Change("A", "gone.md"))]
    assert shas(follow_renames(commits)) == {"gone.md": "eca", "c.md": "dcba"}


def test_a_path_deleted_twice_gives_each_earlier_life_its_own_key():
    commits = [commit("f", Change("A", "a.md")), commit("e", Change("D", "a.md")),
               commit("d", Change("A", "a.md")), commit("c", Change("D", "a.md")),
               commit("b", Change("M", "a.md")), commit("a", Change("A", "a.md"))]
    assert shas(follow_renames(commits)) == {"a.md": "f", earlier_life("a.md", "e" * 40): "ed",
                                             earlier_life("a.md", "c" * 40): "cba"}


# -- the deleted-file marker stays inside History -------------------------------------------------

def test_files_leave_out_earlier_lives_and_keep_paths_with_an_at_sign():
    later, earlier = commit("b", Change("A", "a.md")), commit("a", Change("D", "a.md"))
    history = History(available=True, by_path={"a.md": [later], earlier_life("a.md", "a" * 40): [earlier],
                                               "team@acme/q1@2026.md": [later]})
    assert [path for path, _ in history.files()] == ["a.md", "team@acme/q1@2026.md"]
    assert file_path(earlier_life("a.md", "a" * 40)) == "a.md"
    assert file_path("team@acme/q1@2026.md") == "team@acme/q1@2026.md"
    assert earlier_life("a.md", "0123456789abcdef" * 3) == "a.md@0123456789ab"


def test_names_of_walks_a_file_back_through_its_renames_under_the_hub_prefix():
    commits = [commit("c", Change("D", "hub/c.md")), commit("b", Change("R", "hub/c.md", "old/b.md")),
               commit("a", Change("A", "old/b.md"))]
    history = History(available=True, prefix="hub/", by_path={"c.md": commits})
    assert [(c.sha[0], name) for c, name in history.names_of("c.md")] == [
        ("c", None), ("b", "hub/c.md"), ("a", "old/b.md")]
    assert history.names_of("elsewhere.md") == []


# -- what one commit tells readers ------------------------------------------------------------------

def test_trailers_come_from_the_last_paragraph_only():
    message = "Subject\n\nBody: not a trailer\n\nChangelog: Fresh prices\nRefs: 12"
    assert commit("a", message=message).trailers == {"changelog": "Fresh prices", "refs": "12"}
    assert commit("a", message="Subject\n\nChangelog: x\nnot a trailer line").trailers == {}
    assert commit("a", message="Changelog: skip").trailers == {}  # a subject is no trailer


def test_summary_kind_and_skip():
    fix = commit("a", message="fix(pricing)!: volume discounts from ten seats (#41)")
    assert (fix.kind, fix.summary) == ("fix", "Volume discounts from ten seats")
    written = commit("a", message="chore: bump\n\nChangelog: Prices are new")
    assert (written.kind, written.summary, written.skipped) == ("chore", "Prices are new", False)
    assert commit("a", message="Tidy up\n\nChangelog: SKIP").skipped
    assert commit("a", message="Tidy up [Skip Changelog]").summary == "Tidy up"
    assert commit("a", message="Tidy up").kind is None


def test_only_moved_in_means_every_change_an_unchanged_move_from_outside():
    moved = Change("R", "content/a.md", "a.md", 100, moved_in=True)
    edited = Change("R", "content/b.md", "b.md", 90, moved_in=True)
    assert commit("a", moved).only_moved_in
    assert not commit("a", moved, edited).only_moved_in
    assert not commit("a", Change("R", "content/a.md", "content/x.md", 100)).only_moved_in
    assert not commit("a").only_moved_in


# -- the marker, seen by users: a path with `@` is a path like any other ----------------------------

RELEASE = ("---\ntitle: Q1\nowner: ae\ndate: 2026-03-10\npromises:\n"
           "  - id: tv-spot\n    claim: National TV spot\n    status: planned\n---\n# Q1\n")


def test_deleting_a_release_note_with_an_at_sign_in_its_name_is_an_error_too(git_repo):
    repo = git_repo({"content/releases/q1@2026.md": RELEASE})
    repo.commit("feat: announce Q1", date="2026-03-03T09:00:00+00:00")
    repo.git("rm", "-q", "content/releases/q1@2026.md")
    repo.commit("chore: tidy", date="2026-04-01T09:00:00+00:00")
    result = repo.hub.check()
    assert result.code == 1
    assert "content/releases/q1@2026.md:1: error: the release note was deleted in commit" in result.out


def test_whats_new_names_a_removed_page_in_a_folder_with_an_at_sign(git_repo):
    repo = git_repo({"content/team@acme/intro.md": "---\nowner: ae\n---\n# Intro\n"})
    repo.commit("docs: add the team page", date="2026-03-03T09:00:00+00:00")
    repo.commit("Drop the team page", {"content/team@acme/intro.md": None}, date="2026-03-04T09:00:00+00:00")
    result = repo.hub.run("changelog", "--format", "json", "--since", "2026-03-04")
    assert result.code == 0, result.err
    [entry] = json.loads(result.out)
    assert entry["label"] == "Removed"
    assert entry["pages"] == [{"title": "Intro", "kind": "removed page", "path": "content/team@acme/intro.md",
                               "url": None}]
