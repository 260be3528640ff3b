"""History across a merge: a branch forked before the handbook moved into content/, merged after
it, brings pages (and edits) that Git's merge moved into the hub; they keep that branch's history."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest
from test_history_moves import FAQ, PRICING, PRICING_V2, day, new_repo  # noqa: F401 (a fixture)

from handbook import history
from handbook.history import Change, Commit
from handbook.history import git as history_git
from handbook.history.merges import Moves, carried, merges_across, merges_after, moves_into

PRICING_MAIN = PRICING.replace("# Pricing", "# Pricing and plans")  # edited apart from the branch's
PRICES = "---\nowner: ae\n---\n# Prices\n\nThe price list.\n"


def merge(repo, branch: str, message: str, date: str) -> None:
    """Merge as Git does by default, but moving what the branch added to a folder main moved
    where the folder went (Git asks by default; `merge.directoryRenames`)."""
    repo.git("-c", "merge.directoryRenames=true", "merge", "-q", "--no-ff", "-m", message, branch,
             env={"GIT_COMMITTER_DATE": day(date), "GIT_AUTHOR_DATE": day(date),
                  "GIT_AUTHOR_NAME": "Merger", "GIT_COMMITTER_NAME": "Merger"})


def adopted_beside_a_branch(new_repo):  # noqa: F811
    """docs/ moved into content/ on main while a branch, forked earlier, adds docs/faq.md and
    edits docs/pricing.md (which main edits too, after the move); merged as pull request 12."""
    repo = new_repo()
    repo.commit("feat: the hub's own pages", date=day("2024-01-05"))
    repo.commit("Add pricing and prices", {"docs/pricing.md": PRICING, "docs/prices.md": PRICES},
                date=day("2024-02-01"), author="Priya Shah")
    repo.git("checkout", "-q", "-b", "faq")
    repo.commit("Add the FAQ", {"docs/faq.md": FAQ}, date=day("2024-03-01"), author="Ana Ruiz")
    repo.commit("Volume discounts", {"docs/pricing.md": PRICING_V2}, date=day("2024-05-02"),
                author="Sam Ortiz")
    repo.git("checkout", "-q", "main")
    repo.git("mv", "docs/pricing.md", "docs/prices.md", "content/")
    repo.commit("chore: move the handbook into content/", date=day("2026-01-10"), author="Adopter")
    repo.commit("Plans in the title", {"content/pricing.md": PRICING_MAIN}, date=day("2026-01-11"),
                author="Bob Moss")
    merge(repo, "faq", "Merge pull request #12 from acme/faq", "2026-01-12")
    assert repo.git("ls-files", "docs") == ""  # Git's merge moved the branch's page in
    return repo


def subjects(found, path: str) -> list[str]:
    return [c.subject for c in found.of(path)]


def test_a_page_a_branch_added_before_the_move_keeps_its_history(new_repo):  # noqa: F811
    repo = adopted_beside_a_branch(new_repo)
    found = history.read(repo.hub.root)
    assert subjects(found, "content/faq.md") == ["Merge pull request #12 from acme/faq", "Add the FAQ"]
    assert [name for _, name in found.names_of("content/faq.md")] == ["content/faq.md", "docs/faq.md"]
    assert {c.subject: c.pr for c in found.of("content/faq.md")} == {
        "Merge pull request #12 from acme/faq": 12, "Add the FAQ": 12}
    pricing = subjects(found, "content/pricing.md")
    assert set(pricing) == {"Merge pull request #12 from acme/faq", "Volume discounts", "Plans in the title",
                            "chore: move the handbook into content/", "Add pricing and prices"}
    assert pricing.index("Volume discounts") < pricing.index("Add pricing and prices")
    # both lines moved pricing.md: each commit names it where it was then
    assert {c.subject: name for c, name in found.names_of("content/pricing.md")} == {
        "Merge pull request #12 from acme/faq": "content/pricing.md", "Volume discounts": "docs/pricing.md",
        "Plans in the title": "content/pricing.md",
        "chore: move the handbook into content/": "content/pricing.md",
        "Add pricing and prices": "docs/pricing.md"}
    versions = history.file_versions(found, ["content/pricing.md"])["content/pricing.md"]
    assert {c.subject: text for c, text in versions}["Merge pull request #12 from acme/faq"] == \
        PRICING_MAIN + "\nVolume discounts from ten seats.\n"
    # the branch left prices.md as it was: it came through main, and the merge is not in its history
    assert subjects(found, "content/prices.md") == ["chore: move the handbook into content/",
                                                    "Add pricing and prices"]


def test_the_merge_is_no_ones_update_and_not_news(new_repo):  # noqa: F811
    repo = adopted_beside_a_branch(new_repo)
    merging = next(c for c in history.read(repo.hub.root).commits if c.subject.startswith("Merge pull"))
    assert merging.only_moved_in
    assert any(c.path == "content/pricing.md" and (c.similarity or 0) < 100 for c in merging.changes)
    repo.hub.build()
    faq = repo.hub.html("faq")
    assert 'Last updated <time datetime="2024-03-01">01 Mar 2024</time> by Ana Ruiz' in faq
    assert "History of this page (2 changes)" in faq
    pricing = repo.hub.html("pricing")
    assert 'Last updated <time datetime="2026-01-11">11 Jan 2026</time> by Bob Moss' in pricing
    assert "Contributors: Bob Moss, Sam Ortiz, Priya Shah" in pricing
    whats_new = repo.hub.html("whats-new")
    assert "Merge pull request #12" not in whats_new
    assert "<strong>Add the FAQ</strong>" in whats_new
    # newest first by when each reached main: the branch's commits on the day it was merged
    assert whats_new.index("Volume discounts") < whats_new.index("Add the FAQ") \
        < whats_new.index("Plans in the title") < whats_new.index("Add pricing and prices")
    assert "<strong>Volume discounts</strong> by Sam Ortiz, 12 Jan 2026" in whats_new
    feed = (repo.hub.root / "site/whats-new/feed.xml").read_text()
    assert feed.index("Volume discounts") < feed.index("Plans in the title")
    assert "<updated>2026-01-12T09:00:00+00:00</updated>" in feed.split("<entry>")[0]
    result = repo.hub.run("changelog", "--since", "2026-01-12")  # the week's digest names them
    assert "Volume discounts" in result.out and "Add the FAQ" in result.out
    assert "Plans in the title" not in result.out


def test_a_branch_that_merged_main_in_after_the_move_keeps_its_page_history(new_repo):  # noqa: F811
    repo = new_repo()
    repo.commit("feat: the hub's own pages", {"docs/pricing.md": PRICING}, date=day("2024-01-05"))
    repo.git("checkout", "-q", "-b", "faq")
    repo.commit("Add the FAQ", {"docs/faq.md": FAQ}, date=day("2024-03-01"), author="Ana Ruiz")
    repo.git("checkout", "-q", "main")
    repo.git("mv", "docs/pricing.md", "content/")
    repo.commit("chore: move the handbook into content/", date=day("2026-01-10"), author="Adopter")
    repo.git("checkout", "-q", "faq")
    merge(repo, "main", "Merge branch 'main' into faq", "2026-01-11")
    repo.commit("More questions", {"content/faq.md": FAQ + "\nWho owns it?\n"}, date=day("2026-01-12"),
                author="Ana Ruiz")
    repo.git("checkout", "-q", "main")
    merge(repo, "faq", "Merge pull request #13 from acme/faq", "2026-01-13")
    found = history.read(repo.hub.root)
    assert subjects(found, "content/faq.md") == ["More questions", "Merge branch 'main' into faq",
                                                 "Add the FAQ"]
    assert [c.pr for c in found.of("content/faq.md")] == [13, 13, 13]


def test_pages_main_changed_beside_an_adopting_branch_keep_their_history(new_repo):  # noqa: F811
    repo = new_repo()
    repo.commit("feat: the hub's own pages", {"docs/pricing.md": PRICING}, date=day("2024-01-05"),
                author="Priya Shah")
    repo.git("checkout", "-q", "-b", "adopt")
    repo.git("mv", "docs/pricing.md", "content/")
    repo.commit("chore: move the handbook into content/", date=day("2026-01-10"), author="Adopter")
    repo.git("checkout", "-q", "main")
    repo.commit("Add the FAQ", {"docs/faq.md": FAQ}, date=day("2026-01-11"), author="Ana Ruiz")
    merge(repo, "adopt", "Merge pull request #14 from acme/adopt", "2026-01-12")
    found = history.read(repo.hub.root)
    assert subjects(found, "content/faq.md") == ["Merge pull request #14 from acme/adopt", "Add the FAQ"]
    repo.hub.build()
    assert 'Last updated <time datetime="2026-01-11">11 Jan 2026</time> by Ana Ruiz' in repo.hub.html("faq")


def recorded_diff_trees(monkeypatch) -> list[tuple[str, ...]]:
    """The `git diff-tree`s history starts (their input lines), as they start."""
    started: list[tuple[str, ...]] = []

    class Recorded(history_git._Log):
        def __init__(self, top, boundary, stdin, *options, raw=False, diff_tree=False):
            if diff_tree:
                started.append(tuple(stdin))
            super().__init__(top, boundary, stdin, *options, raw=raw, diff_tree=diff_tree)

    monkeypatch.setattr(history_git, "_Log", Recorded)
    return started


def test_the_merges_diffed_are_those_that_need_it(new_repo, monkeypatch):  # noqa: F811
    repo = adopted_beside_a_branch(new_repo)
    repo.git("checkout", "-q", "-b", "later")  # forked after the move: its pages have the hub's names
    repo.commit("Faster answers", {"content/faq.md": FAQ + "\nFaster.\n"}, date=day("2026-02-01"))
    repo.git("checkout", "-q", "main")
    merge(repo, "later", "Merge pull request #15 from acme/later", "2026-02-02")
    started = recorded_diff_trees(monkeypatch)
    found = history.read(repo.hub.root)
    merged_at = repo.git("log", "-1", "--format=%H", "--grep", "#12")
    # with each of its two parents (a read of some paths names the nearest that changed them)
    assert [line.split()[0] for diffs in started for line in diffs] == [merged_at, merged_at]
    assert subjects(found, "content/faq.md") == ["Faster answers", "Merge pull request #12 from acme/faq",
                                                 "Add the FAQ"]


def test_a_branch_of_code_only_beside_the_move_asks_nothing_more(git_repo, monkeypatch):
    repo = git_repo()
    repo.commit("Code", {f"src/module_{i}.py": f"print({i})\n" for i in range(40)}, date=day("2023-01-01"))
    repo.commit("Pricing", {"docs/pricing.md": PRICING}, date=day("2024-01-05"))
    repo.git("checkout", "-q", "-b", "code")
    repo.commit("More code", {"src/module_1.py": "print(1.5)\n"}, date=day("2026-01-09"))
    repo.git("checkout", "-q", "main")
    repo.git("mv", "docs/pricing.md", "content/")
    repo.commit("chore: move the handbook into content/", date=day("2026-01-10"))
    merge(repo, "code", "Merge pull request #16 from acme/code", "2026-01-11")
    started = recorded_diff_trees(monkeypatch)
    found = history.read(repo.hub.root)
    assert started == []
    assert subjects(found, "content/pricing.md") == ["chore: move the handbook into content/", "Pricing"]


def test_a_git_that_cannot_diff_the_merges_still_reads_the_rest(new_repo, monkeypatch):  # noqa: F811
    repo = adopted_beside_a_branch(new_repo)
    real = history_git._log

    def failing(*args, diff_tree=False, **kwargs):
        if diff_tree:
            raise history_git.GitFailed("unknown option")
        return real(*args, diff_tree=diff_tree, **kwargs)

    monkeypatch.setattr(history_git, "_log", failing)
    found = history.read(repo.hub.root)
    assert found.available
    assert subjects(found, "content/faq.md") == []  # as before the merges were diffed
    assert "Add pricing and prices" in subjects(found, "content/pricing.md")


def commit(sha: str, *parents: str, changes: list[Change] | None = None) -> Commit:
    return Commit(sha, parents, "A", "a@example.com", dt.datetime(2026, 1, 1, tzinfo=dt.UTC), sha,
                  changes or [], renames=any(c.old_path for c in changes or []))


def inside(path: str) -> bool:
    return path.startswith("content/")


MOVE = [Change("R", "content/a.md", "docs/a.md", 100)]


@pytest.mark.parametrize(("branch", "expected"), [
    ([Change("M", "docs/a.md")], ["m"]),  # the branch changed the folder the move left
    ([Change("A", "docs/sub/b.md")], ["m"]),  # inside it
    ([Change("M", "src/x.py")], []),  # code only
    ([Change("M", "docsy/x.md")], []),  # a folder whose name starts the same
])
def test_merges_across_a_move_are_those_whose_branch_changed_the_folder_left(branch, expected):
    commits = [commit("m", "move", "b"), commit("b", "root", changes=branch),
               commit("move", "root", changes=MOVE),
               commit("root", changes=[Change("A", "docs/a.md")])]
    assert moves_into(commits, inside) == Moves({"move"}, ["docs"], {"docs/a.md": "content/a.md"})
    assert [m.sha for m in merges_across(commits, {"move"}, ["docs"])] == expected
    assert [m.sha for m in merges_after(commits, {"move"})] == ["m"]  # whatever the branch changed


def test_merges_across_leave_out_branches_forked_after_the_move_and_merges_before_it():
    commits = [commit("m2", "m1", "late"), commit("late", "move", changes=[Change("M", "content/a.md")]),
               commit("m1", "move", "b"), commit("b", "m0", changes=[Change("M", "docs/a.md")]),
               commit("move", "m0", changes=MOVE), commit("m0", "root", "old"),
               commit("old", "root", changes=[Change("M", "docs/a.md")]),
               commit("root", changes=[Change("A", "docs/a.md")])]
    assert [m.sha for m in merges_across(commits, {"move"}, ["docs"])] == ["m1"]
    assert [m.sha for m in merges_after(commits, {"move"})] == ["m1"]
    assert merges_across(commits, set(), ["docs"]) == []


def test_moves_from_the_top_left_the_files_at_the_top():
    commits = [commit("m", "move", "b"), commit("b", "root", changes=[Change("A", "leave.md")]),
               commit("move", "root", changes=[Change("R", "content/pricing.md", "pricing.md", 100)]),
               commit("root", changes=[Change("A", "pricing.md"), Change("A", "src/x.py")])]
    assert moves_into(commits, inside) == Moves({"move"}, [""], {"pricing.md": "content/pricing.md"})
    assert merges_across(commits, {"move"}, [""]) == [commits[0]]  # a page added at the top
    commits[1].changes = [Change("M", "src/x.py")]  # code, in a folder
    assert merges_across(commits, {"move"}, [""]) == []


def test_carried_are_the_moves_of_what_the_other_parent_does_not_explain():
    diffs = {
        "main": [Change("M", "content/a.md"), Change("A", "content/new.md")],
        "branch": [Change("R", "content/a.md", "docs/a.md", 80),
                   Change("R", "content/b.md", "docs/b.md", 100),  # not in main's diff: from main
                   Change("R", "content/new.md", "docs/new.md", 100),
                   Change("R", "content/x.md", "content/y.md", 90)],  # within the hub: not a move in
    }
    assert carried(diffs, inside, {}) == [Change("R", "content/a.md", "docs/a.md", 80, moved_in=True),
                                          Change("R", "content/new.md", "docs/new.md", 100, moved_in=True)]
    assert carried({"main": diffs["main"]}, inside, {}) == []
    assert carried({}, inside, {}) == []


def test_carried_pairs_what_a_move_paired_where_a_resolved_conflict_hides_it_from_git():
    diffs = {"main": [Change("M", "content/a.md")],
             "branch": [Change("D", "docs/a.md"), Change("A", "content/a.md"), Change("D", "docs/c.md"),
                        Change("A", "content/d.md")]}
    names = {"docs/a.md": "content/a.md", "docs/c.md": "content/c.md"}
    assert carried(diffs, inside, names) == [Change("R", "content/a.md", "docs/a.md", moved_in=True)]
    assert carried(diffs, inside, {}) == []


def test_a_move_made_in_a_merged_branch_gives_its_pr_to_the_branchs_earlier_commits(git_repo):
    # content/ was made before the move, so the first read sees the move only as pages added,
    # and reads docs/ after it, from the moving commit back, down the branch's own first parents
    repo = git_repo()
    repo.commit("Code", {f"src/module_{i}.py": f"print({i})\n" for i in range(40)}, date=day("2023-01-01"))
    repo.commit("Add pricing", {"docs/pricing.md": PRICING}, date=day("2024-01-05"), author="Priya Shah")
    repo.git("checkout", "-q", "-b", "adopt")
    repo.commit("Volume discounts", {"docs/pricing.md": PRICING_V2}, date=day("2026-01-02"),
                author="Sam Ortiz")
    repo.git("mv", "docs/pricing.md", "content/")
    repo.commit("chore: move the handbook into content/", date=day("2026-01-03"), author="Adopter")
    repo.git("checkout", "-q", "main")
    repo.commit("More code", {"src/module_1.py": "print(1.5)\n"}, date=day("2026-01-04"))
    merge(repo, "adopt", "Merge pull request #17 from acme/adopt", "2026-01-05")
    expected = {"chore: move the handbook into content/": 17, "Volume discounts": 17, "Add pricing": None}
    found = history.read(repo.hub.root)
    assert {c.subject: c.pr for c in found.of("content/pricing.md")} == expected
    _, by_identity, _ = history_git._walk(repo.hub.root, ["content", "playbooks"], True)  # one pass
    assert {c.subject: c.pr for c in by_identity["content/pricing.md"]} == expected


def adopted_from_the_top_beside_a_branch(repo):
    """Pages at the top of the repository moved into content/ while a branch, forked earlier,
    adds leave.md at the top: Git's merge cannot tell it should follow (the top is no folder
    that moved), so the merge moves it by hand, as docs/adopting.md says."""
    repo.commit("feat: the hub's own pages", {"pricing.md": PRICING}, date=day("2024-01-05"),
                author="Priya Shah")
    repo.git("checkout", "-q", "-b", "leave")
    repo.commit("Add the leave policy", {"leave.md": FAQ}, date=day("2024-03-01"), author="Ana Ruiz")
    repo.git("checkout", "-q", "main")
    repo.git("mv", "pricing.md", "content/")
    repo.commit("chore: move the handbook into content/", date=day("2026-01-10"), author="Adopter")
    repo.git("merge", "-q", "--no-ff", "--no-commit", "leave")
    assert repo.git("ls-files", "leave.md") == "leave.md"  # Git left it at the top
    repo.git("mv", "leave.md", "content/")
    repo.commit("Merge pull request #18 from acme/leave", date=day("2026-01-11"), author="Merger")
    return repo


def test_a_page_a_branch_added_at_the_top_and_moved_in_by_the_merge_keeps_its_history(git_repo):
    repo = adopted_from_the_top_beside_a_branch(git_repo())
    found = history.read(repo.hub.root)
    assert [(c.subject, c.pr) for c in found.of("content/leave.md")] == [
        ("Merge pull request #18 from acme/leave", 18), ("Add the leave policy", 18)]
    repo.hub.build()
    assert 'Last updated <time datetime="2024-03-01">01 Mar 2024</time> by Ana Ruiz' in repo.hub.html("leave")


def test_an_edit_from_before_the_move_survives_a_conflict_resolved_in_the_branch(new_repo):  # noqa: F811
    # the branch edits pricing.md; main moves it and edits the same line; the branch merges main
    # in, resolving the conflict: Git cannot pair the old file with the resolved one
    repo = new_repo()
    repo.commit("feat: the hub's own pages", {"docs/pricing.md": PRICING}, date=day("2024-01-05"),
                author="Priya Shah")
    repo.git("checkout", "-q", "-b", "prices")
    euros = PRICING.replace("List prices.", "List prices in EUR.")
    repo.commit("Prices in euros", {"docs/pricing.md": euros}, date=day("2024-03-01"), author="Ana Ruiz")
    repo.git("checkout", "-q", "main")
    repo.git("mv", "docs/pricing.md", "content/")
    repo.commit("chore: move the handbook into content/", date=day("2026-01-10"), author="Adopter")
    dollars = PRICING.replace("List prices.", "List prices in USD.")
    repo.commit("Prices in dollars", {"content/pricing.md": dollars}, date=day("2026-01-11"),
                author="Bob Moss")
    repo.git("checkout", "-q", "prices")
    assert subprocess.run(["git", "merge", "-q", "main"], cwd=repo.hub.root, capture_output=True).returncode
    resolved = "---\nowner: ae\n---\n# Pricing, in two currencies\n\nList prices in EUR and USD, a seat.\n"
    repo.hub.write("content/pricing.md", resolved)
    if (repo.hub.root / "docs/pricing.md").exists():
        repo.git("rm", "-q", "docs/pricing.md")
    repo.commit("Merge branch 'main' into prices", date=day("2026-01-12"), author="Ana Ruiz")
    repo.git("checkout", "-q", "main")
    merge(repo, "prices", "Merge pull request #19 from acme/prices", "2026-01-13")
    found = history.read(repo.hub.root)
    assert set(subjects(found, "content/pricing.md")) == {
        "Merge branch 'main' into prices", "Prices in euros", "Prices in dollars",
        "chore: move the handbook into content/", "feat: the hub's own pages"}


def test_a_code_repository_adopted_in_one_commit_follows_a_branch_across_the_move(git_repo, monkeypatch):
    # content/ is made by the move, so the first pass reads docs/ too (the guess), and finds the
    # merge across the move in it: one diff-tree, no later pass
    repo = git_repo(base=False)
    repo.commit("Code", {f"src/module_{i}.py": f"print({i})\n" for i in range(40)}, date=day("2023-01-01"))
    repo.commit("Add pricing", {"docs/pricing.md": PRICING}, date=day("2024-01-05"), author="Priya Shah")
    repo.git("checkout", "-q", "-b", "faq")
    repo.commit("Add the FAQ", {"docs/faq.md": FAQ}, date=day("2024-03-01"), author="Ana Ruiz")
    repo.git("checkout", "-q", "main")
    repo.git("mv", "docs", "content")
    repo.commit("chore: move the handbook into content/", date=day("2026-01-10"), author="Adopter")
    merge(repo, "faq", "Merge pull request #20 from acme/faq", "2026-01-11")
    started = recorded_diff_trees(monkeypatch)
    walks: list[tuple[str, ...]] = []
    real = history_git._log

    def logged(top, boundary, stdin, *options, **kwargs):
        if not kwargs.get("diff_tree") and "--no-walk" not in options:
            walks.append(tuple(stdin))
        return real(top, boundary, stdin, *options, **kwargs)

    monkeypatch.setattr(history_git, "_log", logged)
    found = history.read(repo.hub.root)
    assert walks == [("HEAD",)] and len(started) == 1  # one pass, docs/ read with it
    assert [(c.subject, c.pr) for c in found.of("content/faq.md")] == [
        ("Merge pull request #20 from acme/faq", 20), ("Add the FAQ", 20)]


def test_check_names_a_page_a_branch_left_at_the_top_and_stops_once_it_is_moved_in(git_repo):
    """The merge of adopted_from_the_top_beside_a_branch, made without the hand move: leave.md
    stays at the top, outside the site, and `check` says where it belongs."""
    repo = git_repo()
    repo.commit("feat: the hub's own pages", {"pricing.md": PRICING}, date=day("2024-01-05"))
    repo.git("checkout", "-q", "-b", "leave")
    repo.commit("Add the leave policy", {"leave.md": FAQ}, date=day("2024-03-01"))
    repo.git("checkout", "-q", "main")
    repo.git("mv", "pricing.md", "content/")
    repo.commit("chore: move the handbook into content/", date=day("2026-01-10"))
    merge(repo, "leave", "Merge pull request #18 from acme/leave", "2026-01-11")
    repo.commit("docs: how to contribute", {"CONTRIBUTING.md": "# Contributing\n"}, date=day("2026-01-12"))
    checked = repo.hub.check()
    assert checked.code == 0, checked.out
    assert ("leave.md:1: notice: `leave.md` is at the top of the repository, outside `content/`, so "
            "the site does not show it") in checked.out
    assert "fix: if it is a page, move it in: `git mv leave.md content/`" in checked.out
    assert "CONTRIBUTING.md:1" not in checked.out  # a repository's own file, not a page
    repo.git("mv", "leave.md", "content/")
    repo.commit("docs: the leave policy, in the handbook", date=day("2026-01-13"))
    assert "leave.md:1" not in repo.hub.check().out


def test_markdown_at_the_top_is_no_stray_page_where_the_pages_never_lived_there(new_repo):  # noqa: F811
    """Pages moved in from docs/ (or written in content/): a notes.md at the top is the
    repository's business, and `check` does not ask about it."""
    repo = adopted_beside_a_branch(new_repo)
    repo.commit("docs: notes", {"notes.md": "# Notes\n"}, date=day("2026-01-13"))
    assert "notes.md" not in repo.hub.check().out


def test_check_names_a_folder_of_pages_the_move_left_at_the_top(git_repo):
    """A handbook of a folder per subject, moved into content/ but for one folder: that folder
    is named, with the git mv; a folder of code beside it is not."""
    repo = git_repo(base=False)
    repo.commit("Our handbook", {"culture/values.md": "# Values\n", "hiring/loop.md": "# Loop\n",
                                 "events/offsite.md": "# Offsite\n", "events/old/2019.md": "# 2019\n",
                                 "scripts/build.ts": "export {}\n"}, date=day("2025-01-01"))
    repo.hub.root.joinpath("content").mkdir()
    repo.git("mv", "culture", "hiring", "content/")
    repo.commit("chore: move the handbook into content/", date=day("2026-01-10"))
    out = repo.hub.check().out
    assert ("events:1: notice: `events/` holds 2 Markdown files at the top of the repository, outside "
            "`content/`, so the site does not show them") in out
    assert "fix: if they are pages, move the folder in: `git mv events content/`" in out
    assert "scripts" not in out
