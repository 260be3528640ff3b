"""History from before the move: pages moved into the hub's folders keep their history."""

from __future__ import annotations

import datetime as dt
import json
import threading

import pytest
from conftest import BASE_FILES, git_repo_in

from handbook import history
from handbook.history import Change, Commit, follow_renames
from handbook.history import git as history_git
from handbook.history.commits import Listed, draw_boundary
from handbook.history.git import (
    _asked_together,
    _created,
    _folders,
    _logs,
    _mostly_hub,
    _moved_unchanged,
    _outermost,
    _tracked,
    _walk,
)

PRICING = "---\nowner: ae\n---\n# Pricing\n\nList prices.\n"
PRICING_V2 = PRICING + "\nVolume discounts from ten seats.\n"
FAQ = "---\nowner: ae\n---\n# FAQ\n\nQuestions.\n"
RELEASE = ("---\ntitle: Spring launch\nowner: ae\ndate: 2026-03-10\npromises:\n"
           "  - id: tv-spot\n    claim: {claim}\n    status: planned\n---\n# Spring launch\n")


def day(text: str) -> str:
    return f"{text}T09:00:00+00:00"


@pytest.fixture(params=["own repository", "code repository"])
def new_repo(request, git_repo):
    """`new_repo()`: the hub in its own repository (history read in one pass over everything),
    or beside more code than pages (read path by path, moves into the hub looked up)."""

    def make():
        repo = git_repo()
        if request.param == "code repository":
            repo.commit("Code", {f"src/module_{i}.py": f"print({i})\n" for i in range(40)},
                        date=day("2023-01-01"))
        repo.shape = request.param
        return repo

    return make


def walks_whole(repo) -> bool:
    whole = _mostly_hub(repo.hub.root, ["content", "playbooks"])
    assert whole == (repo.shape == "own repository")
    return whole


def adopted_from_the_root(new_repo):
    """Two pages written at the top of the repository, then moved into content/ in one commit."""
    repo = new_repo()
    repo.commit("feat: the hub's own pages", date=day("2024-01-05"))
    repo.commit("Add pricing", {"pricing.md": PRICING}, date=day("2024-02-01"), author="Priya Shah")
    repo.commit("Add the FAQ", {"faq.md": FAQ}, date=day("2024-03-01"), author="Ana Ruiz")
    repo.commit("Volume discounts", {"pricing.md": PRICING_V2}, date=day("2024-05-02"), author="Sam Ortiz")
    repo.git("mv", "pricing.md", "faq.md", "content/")
    repo.commit("chore: move the handbook into content/", date=day("2026-01-10"), author="Adopter")
    return repo


def test_pages_moved_from_the_root_keep_last_updated_contributors_and_history(new_repo):
    repo = adopted_from_the_root(new_repo)
    repo.hub.build()
    page = repo.hub.html("pricing")
    assert 'Last updated <time datetime="2024-05-02">02 May 2024</time> by Sam Ortiz' in page
    assert "Contributors: Sam Ortiz, Priya Shah" in page  # moving the file wrote no word of it
    assert "History of this page (3 changes)" in page
    assert "Move the handbook into content/" in page  # the move is listed, as what it was
    assert page.index("Volume discounts") < page.index("Add pricing")
    assert 'Last updated <time datetime="2024-03-01">01 Mar 2024</time> by Ana Ruiz' in repo.hub.html("faq")


def test_whats_new_lists_changes_from_before_the_move_and_hides_the_pure_move(new_repo):
    repo = adopted_from_the_root(new_repo)
    repo.hub.build()
    page = repo.hub.html("whats-new")
    assert "Move the handbook into content/" not in page  # no page changed: not news
    assert "<strong>Volume discounts</strong>" in page
    assert '<a href="../pricing/">Pricing</a>' in page  # the change, as made to today's page
    result = repo.hub.run("changelog", "--since", "2024-01-01")
    assert "Move the handbook" not in result.out
    assert "- **Update: Volume discounts** (Sam Ortiz, 02 May 2024)\n" in result.out


def test_a_move_that_also_edits_is_news(new_repo):
    repo = new_repo()
    repo.commit("Add pricing", {"pricing.md": PRICING}, date=day("2024-02-01"), author="Priya Shah")
    repo.git("mv", "pricing.md", "content/")
    repo.commit("Move pricing in and add discounts", {"content/pricing.md": PRICING_V2},
                date=day("2026-01-10"), author="Adopter")
    repo.hub.build()
    assert "Move pricing in and add discounts" in repo.hub.html("whats-new")
    page = repo.hub.html("pricing")
    assert 'Last updated <time datetime="2026-01-10">10 Jan 2026</time> by Adopter' in page
    assert "Contributors: Adopter, Priya Shah" in page


def test_two_moves_docs_then_handbook_then_content(new_repo):
    repo = new_repo()
    repo.commit("Add pricing", {"docs/sales/pricing.md": PRICING}, date=day("2023-02-01"),
                author="Priya Shah")
    repo.git("mv", "docs", "handbook")
    repo.commit("Rename docs to handbook", date=day("2024-01-01"), author="Bob Moss")
    repo.commit("Volume discounts", {"handbook/sales/pricing.md": PRICING_V2}, date=day("2024-05-02"),
                author="Sam Ortiz")
    repo.git("mv", "handbook/sales", "content/sales")
    repo.commit("chore: adopt Handbook", date=day("2026-01-10"), author="Adopter")
    repo.git("mv", "content/sales/pricing.md", "content/sales/prices.md")
    repo.commit("refactor: rename pricing", date=day("2026-02-01"), author="Dana Lee")

    found = history.read(repo.hub.root)
    names = [(c.author, name) for c, name in found.names_of("content/sales/prices.md")]
    assert names == [("Dana Lee", "content/sales/prices.md"), ("Adopter", "content/sales/pricing.md"),
                     ("Sam Ortiz", "handbook/sales/pricing.md"), ("Bob Moss", "handbook/sales/pricing.md"),
                     ("Priya Shah", "docs/sales/pricing.md")]
    assert "content/sales/pricing.md" not in found.by_path  # one page, not two
    repo.hub.build()
    page = repo.hub.html("sales/prices")
    # renames change no word: listed, but the page was last written by Sam Ortiz
    assert 'Last updated <time datetime="2024-05-02">02 May 2024</time> by Sam Ortiz' in page
    assert "Contributors: Sam Ortiz, Priya Shah" in page
    assert "History of this page (5 changes)" in page
    assert "01 Feb 2023" in page and "Add pricing" in page


def test_a_release_note_moved_in_keeps_its_ledger_from_before_the_move(new_repo):
    repo = new_repo()
    repo.commit("Announce the spring launch",
                {"docs/releases/spring.md": RELEASE.format(claim="National TV spot on major networks")},
                date=day("2026-01-05"), author="Priya Shah")
    repo.commit("Smaller TV spot",
                {"docs/releases/spring.md": RELEASE.format(claim="Cable ads in six markets")},
                date=day("2026-02-02"), author="Sam Ortiz")
    repo.git("mv", "docs/releases", "content/releases")
    repo.commit("chore: adopt Handbook", date=day("2026-03-01"), author="Adopter")
    repo.hub.build()
    page = repo.hub.html("releases/spring")
    assert ("<li><strong>Announced</strong> 05 Jan 2026 by Priya Shah: "
            "National TV spot on major networks") in page
    assert ("<li><strong>Changed</strong> 02 Feb 2026 by Sam Ortiz: the claim went from “National TV spot on "
            "major networks” to “Cable ads in six markets”") in page
    assert "Adopter" not in page.split("hb-history")[0]  # the move changed no promise


def test_a_release_note_moved_out_of_the_hub_is_deleted_with_its_promises(new_repo):
    repo = new_repo()
    repo.commit("Announce", {"content/releases/spring.md": RELEASE.format(claim="Cable ads")},
                date=day("2026-01-05"), author="Priya Shah")
    (repo.hub.root / "attic").mkdir()
    repo.git("mv", "content/releases/spring.md", "attic/spring.md")
    repo.commit("chore: put old releases away", date=day("2026-02-01"))
    sha = repo.git("rev-parse", "--short=7", "HEAD")
    result = repo.hub.check()
    assert result.code == 1
    assert (f"content/releases/spring.md:1: error: the release note was deleted in commit {sha} (2026-02-01) "
            "with its announced promises `tv-spot`") in result.out


def test_a_file_deleted_elsewhere_then_added_in_the_hub_is_another_file(new_repo):
    repo = new_repo()
    repo.commit("Old FAQ", {"docs/faq.md": "# Old FAQ\n\nShipping and returns, long ago.\n"},
                date=day("2024-01-05"), author="Ana Ruiz")
    repo.commit("Drop the old FAQ", {"docs/faq.md": None}, date=day("2024-06-01"), author="Ana Ruiz")
    repo.commit("A new FAQ", {"content/faq.md": FAQ}, date=day("2025-01-05"), author="Sam Ortiz")
    # the same commit deletes an unrelated page elsewhere and adds a different one in the hub
    repo.commit("Old pricing", {"docs/pricing.md": "Nothing alike at all, a table of numbers: 1 2 3 4 5.\n"},
                date=day("2025-02-01"), author="Ana Ruiz")
    repo.commit("Replace pricing", {"docs/pricing.md": None, "content/pricing.md": PRICING},
                date=day("2025-03-01"), author="Priya Shah")
    found = history.read(repo.hub.root)
    assert [c.author for c in found.of("content/faq.md")] == ["Sam Ortiz"]
    assert [c.author for c in found.of("content/pricing.md")] == ["Priya Shah"]
    repo.hub.build()
    assert "Ana Ruiz" not in repo.hub.html("faq")


def test_a_hub_in_a_folder_follows_pages_from_the_top_of_the_repository(new_repo):
    repo = new_repo()
    site = repo.hub.root / "site-hub"
    repo.commit("Pricing at the top", {"pricing.md": PRICING}, date=day("2024-02-01"), author="Priya Shah")
    (site / "content").mkdir(parents=True)
    repo.git("mv", "pricing.md", "site-hub/content/pricing.md")
    repo.commit("Move pricing into the hub", date=day("2026-01-10"), author="Adopter")
    found = history.read(site)
    assert found.prefix == "site-hub/"
    assert [name for _, name in found.names_of("content/pricing.md")] == [
        "site-hub/content/pricing.md", "pricing.md"]


def test_a_folder_named_like_a_pattern_is_followed(new_repo):
    repo = new_repo()
    repo.commit("Add", {"old [*]/pricing.md": PRICING}, date=day("2024-02-01"), author="Priya Shah")
    repo.git("mv", "old [*]/pricing.md", "content/pricing.md")
    repo.commit("Move", date=day("2026-01-10"), author="Adopter")
    found = history.read(repo.hub.root)
    assert [c.author for c in found.of("content/pricing.md")] == ["Adopter", "Priya Shah"]


def test_a_name_git_cannot_be_asked_about_on_a_line_keeps_the_history_since_the_move(new_repo):
    repo = new_repo()
    repo.commit("Add", {"old\nfolder/pricing.md": PRICING}, date=day("2024-02-01"), author="Priya Shah")
    repo.git("mv", "old\nfolder/pricing.md", "content/pricing.md")
    repo.commit("Move", date=day("2026-01-10"), author="Adopter")
    found = history.read(repo.hub.root)
    assert found.available
    # one pass over everything sees the move itself; asking git about that name is not possible
    expected = ["Adopter", "Priya Shah"] if walks_whole(repo) else ["Adopter"]
    assert [c.author for c in found.of("content/pricing.md")] == expected


def test_a_shallow_clone_of_an_adopted_hub_still_reads(new_repo, tmp_path):
    repo = adopted_from_the_root(new_repo)
    clone = tmp_path / "clone"
    repo.git("clone", "-q", "--depth", "1", f"file://{repo.hub.root}", str(clone))
    found = history.read(clone)
    assert found.available and found.shallow
    assert [c.author for c in found.of("content/pricing.md")] == ["Adopter"]


def test_both_ways_of_reading_find_the_same_history(new_repo):
    repo = new_repo()
    repo.commit("Add", {"docs/a.md": PRICING, "docs/b.md": FAQ, "notes.md": FAQ + "Notes.\n"},
                date=day("2024-01-01"))
    repo.git("mv", "docs", "handbook")
    repo.commit("Rename docs", date=day("2024-02-01"), author="Bob Moss")
    repo.commit("Edit", {"handbook/a.md": PRICING_V2, "docs/c.md": PRICING + "C.\n"}, date=day("2024-03-01"))
    repo.git("mv", "handbook/a.md", "handbook/b.md", "notes.md", "content/")
    repo.commit("Adopt", {"handbook/c.md": FAQ}, date=day("2025-01-01"), author="Adopter")
    repo.git("mv", "docs/c.md", "content/c.md")
    repo.commit("One more page moves in", date=day("2025-02-01"), author="Adopter")
    repo.commit("Gone", {"content/b.md": None}, date=day("2025-03-01"))
    repo.git("mv", "content/a.md", "archive.md")
    repo.commit("Moved out of the hub", date=day("2025-04-01"))

    def names(whole: bool, guess: bool = True) -> dict[str, list[tuple[str, str | None]]]:
        _, by_identity, _ = _walk(repo.hub.root, ["content", "playbooks"], whole, guess)
        found = history.History(available=True, by_path=by_identity)
        return {path: [(c.subject, name) for c, name in found.names_of(path)] for path in by_identity}

    both = names(True)
    assert both == names(False) == names(False, guess=False)
    assert both["content/a.md"] == [("Moved out of the hub", None), ("Adopt", "content/a.md"),
                                    ("Edit", "handbook/a.md"), ("Rename docs", "handbook/a.md"),
                                    ("Add", "docs/a.md")]
    assert both["content/c.md"] == [("One more page moves in", "content/c.md"), ("Edit", "docs/c.md")]
    # deleted since; in the moving commit, handbook/ alone shows b.md renamed to the new c.md
    assert [name for _, name in both["content/b.md"]] == [None, "content/b.md", "handbook/b.md", "docs/b.md"]


def adopted_in_a_code_repository(git_repo, merged: bool = False):
    """Pages in docs/ beside code, moved into content/ (which did not exist) in one commit, or in
    a branch merged into main; then more commits in the hub and in the code."""
    repo = git_repo(base=False)
    repo.commit("Code", {f"src/module_{i}.py": f"print({i})\n" for i in range(40)}, date=day("2023-01-01"))
    repo.commit("Add pricing", {"docs/pricing.md": PRICING, "docs/index.md": "# Home\n"},
                date=day("2024-02-01"), author="Priya Shah")
    repo.git("mv", "docs/pricing.md", "docs/prices.md")
    repo.commit("Rename pricing", date=day("2024-03-01"), author="Bob Moss")
    repo.commit("Volume discounts", {"docs/prices.md": PRICING_V2, "src/module_1.py": "print(1.5)\n"},
                date=day("2024-05-02"), author="Sam Ortiz")
    repo.commit("An FAQ from the wiki", {"wiki/faq.md": FAQ}, date=day("2024-06-01"), author="Ana Ruiz")
    repo.git("mv", "wiki/faq.md", "docs/faq.md")
    repo.commit("The FAQ joins the docs", date=day("2024-07-01"), author="Ana Ruiz")
    if merged:
        repo.git("checkout", "-q", "-b", "adopt")
    repo.git("mv", "docs", "content")
    repo.commit("chore: move the handbook into content/", date=day("2026-01-10"), author="Adopter")
    if merged:
        repo.git("checkout", "-q", "main")
        repo.commit("More code", {"src/module_2.py": "print(2.5)\n"}, date=day("2026-01-11"))
        repo.git("merge", "-q", "--no-ff", "-m", "Merge pull request #7 from adopt", "adopt",
                 env={"GIT_COMMITTER_DATE": day("2026-01-12"), "GIT_AUTHOR_DATE": day("2026-01-12")})
    repo.commit("A new page", {"content/new.md": "# New\n"}, date=day("2026-02-01"), author="Dana Lee")
    return repo


def recorded_logs(monkeypatch) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    """The history passes Handbook's `git log`s make (revisions, paths), and the look-ups that
    pair renames (in which commits, among which paths), as they start."""
    walks: list[tuple[str, ...]] = []
    pairings: list[tuple[str, ...]] = []

    class Recorded(history_git._Log):
        def __init__(self, top, boundary, stdin, *options, raw=False, diff_tree=False):
            if diff_tree:
                pass  # a merge's moves (see test_history_merges.py)
            elif "--no-walk" not in options:
                walks.append((*stdin, *(o for o in options if o not in history_git._WALK)))
            elif "--diff-filter=R" in options:
                pairings.append(tuple(stdin))
            super().__init__(top, boundary, stdin, *options, raw=raw, diff_tree=diff_tree)

    monkeypatch.setattr(history_git, "_Log", Recorded)
    return walks, pairings


@pytest.mark.parametrize("merged", [False, True], ids=["moved on main", "moved in a merged branch"])
def test_a_code_repository_adopted_in_one_commit_is_read_in_one_pass(git_repo, monkeypatch, merged):
    repo = adopted_in_a_code_repository(git_repo, merged)
    walks, pairings = recorded_logs(monkeypatch)
    found = history.read(repo.hub.root)
    assert not _mostly_hub(repo.hub.root, ["content", "playbooks"])
    faq_moved = repo.git("log", "-1", "--format=%H", "--grep", "The FAQ joins")
    assert walks == [("HEAD", "--", "content", "playbooks", ":(literal)docs"),  # the guess
                     (faq_moved, "--", ":(literal)wiki")]  # a move of a move, found after
    # both moves only moved files, unchanged: seen by their content, Git is asked to pair none
    assert pairings == []
    assert [(c.author, name) for c, name in found.names_of("content/prices.md")] == [
        ("Adopter", "content/prices.md"), ("Sam Ortiz", "docs/prices.md"), ("Bob Moss", "docs/prices.md"),
        ("Priya Shah", "docs/pricing.md")]
    assert [(c.author, name) for c, name in found.names_of("content/faq.md")] == [
        ("Adopter", "content/faq.md"), ("Ana Ruiz", "docs/faq.md"), ("Ana Ruiz", "wiki/faq.md")]
    assert [c.subject for c in found.of("content/new.md")] == ["A new page"]
    assert not any("module" in c.path for commit in found.commits for c in commit.changes)
    moving = next(c for c in found.commits if c.subject.startswith("chore: move"))
    assert moving.only_moved_in  # not news
    if merged:
        assert moving.pr == 7

    monkeypatch.undo()
    for whole, guess in ((True, True), (False, False)):  # every way of reading finds the same
        _, by_identity, _ = _walk(repo.hub.root, ["content", "playbooks"], whole, guess)
        assert {path: [c.sha for c in commits] for path, commits in by_identity.items()} == {
            path: [c.sha for c in commits] for path, commits in found.by_path.items()}


def test_a_code_repository_adopted_in_one_commit_shows_history_from_before_the_move(git_repo):
    repo = adopted_in_a_code_repository(git_repo)
    repo.commit("The hub's roles", BASE_FILES, date=day("2026-02-02"))
    repo.hub.build()
    page = repo.hub.html("prices")
    assert 'Last updated <time datetime="2024-05-02">02 May 2024</time> by Sam Ortiz' in page
    assert "Contributors: Sam Ortiz, Priya Shah" in page
    assert "History of this page (4 changes)" in page
    assert "Move the handbook into content/" not in repo.hub.html("whats-new")


@pytest.mark.parametrize("renamed", [False, True], ids=["names kept", "names changed"])
def test_an_adoption_that_edits_every_page_it_moves_is_read_in_one_pass(git_repo, monkeypatch, renamed):
    # 120 pages moved and edited in one commit: Git pairs them by content, and the guess reads
    # where they came from with content/ in the one pass
    repo = git_repo(base=False)
    repo.commit("Code", {f"src/module_{i}.py": f"print({i})\n" for i in range(200)}, date=day("2023-01-01"))
    pages = {f"page_{i}.md": f"# Page {i}\n\n" + f"Line {i}.\n" * 20 for i in range(120)}
    repo.commit("Pages", {f"docs/{name}": text for name, text in pages.items()}, date=day("2024-01-01"),
                author="Priya Shah")
    new = {name: f"content/{'p-' if renamed else ''}{name}" for name in pages}
    repo.commit("chore: move into content/, links fixed",
                {**{f"docs/{name}": None for name in pages},
                 **{new[name]: text + "Moved.\n" for name, text in pages.items()}},
                date=day("2026-01-10"), author="Adopter")
    walks, pairings = recorded_logs(monkeypatch)
    found = history.read(repo.hub.root)
    assert walks == [("HEAD", "--", "content", "playbooks", ":(literal)docs")]
    # the move only moved files: Git pairs them without a list of paths (slow for big moves)
    assert len(pairings) == 1 and "--" not in pairings[0]
    assert [(c.author, name) for c, name in found.names_of(new["page_7.md"])] == [
        ("Adopter", new["page_7.md"]), ("Priya Shah", "docs/page_7.md")]
    assert sum(1 for path, _ in found.files() if len(found.of(path)) == 2) == 120


def test_files_moved_unchanged_are_paired_by_content_only_where_no_other_file_shares_it():
    listed = [Listed("A", "content/a.md", content="1" * 40), Listed("D", "docs/a.md", content="1" * 40),
              Listed("A", "content/b.md", content="2" * 40), Listed("D", "docs/b.md", content="2" * 40)]
    added, deleted = {"content/a.md", "content/b.md"}, {"docs/a.md", "docs/b.md"}
    assert _moved_unchanged(listed, added, deleted) == {"content/a.md": "docs/a.md",
                                                        "content/b.md": "docs/b.md"}
    twice_gone = [*listed, Listed("D", "old/a.md", content="1" * 40)]  # which one Git pairs is its choice
    assert _moved_unchanged(twice_gone, added, deleted | {"old/a.md"}) is None
    twice_made = [*listed, Listed("A", "content/c.md", content="1" * 40)]
    assert _moved_unchanged(twice_made, added | {"content/c.md"}, deleted) is None
    edited = [*listed[:3], Listed("D", "docs/b.md", content="3" * 40)]  # b changed as it moved
    assert _moved_unchanged(edited, added, deleted) is None
    unnamed = [*listed[:2], Listed("A", "content/b.md"), Listed("D", "docs/b.md")]  # empty, say
    assert _moved_unchanged(unnamed, added, deleted) is None


def test_an_adoption_whose_pages_share_content_asks_git_to_pair_them(git_repo, monkeypatch):
    # two placeholder pages are the same text: content alone cannot say which came from where
    repo = git_repo(base=False)
    repo.commit("Code", {f"src/module_{i}.py": f"print({i})\n" for i in range(40)}, date=day("2023-01-01"))
    repo.commit("Pages", {"docs/a/index.md": "# To do\n", "docs/b/index.md": "# To do\n",
                          "docs/prices.md": PRICING}, date=day("2024-01-01"), author="Priya Shah")
    repo.git("mv", "docs", "content")  # with code changed beside it: the move's files are listed
    repo.commit("chore: move the handbook into content/", {"src/module_1.py": "print('docs moved')\n"},
                date=day("2026-01-10"), author="Adopter")
    walks, pairings = recorded_logs(monkeypatch)
    found = history.read(repo.hub.root)
    assert walks == [("HEAD", "--", "content", "playbooks", ":(literal)docs")]  # still found
    assert len(pairings) == 1
    for page in ("content/a/index.md", "content/b/index.md", "content/prices.md"):
        assert [c.author for c in found.of(page)] == ["Adopter", "Priya Shah"]


def test_look_ups_run_together_answer_in_order_and_leave_no_git_running(git_repo, monkeypatch):
    repo = git_repo(base=False)
    shas = [repo.commit(f"Commit {i}", {"notes.md": f"{i}\n"}) for i in range(history_git.LOGS_AT_ONCE + 2)]
    boundary = draw_boundary()
    found = _logs(repo.hub.root, boundary, [[sha] for sha in shas], "--no-walk")
    assert [[c.sha for c in commits] for commits in found] == [[sha] for sha in shas]

    started: list[history_git._Log] = []

    class Kept(history_git._Log):
        def __init__(self, *args):
            super().__init__(*args)
            started.append(self)

    # the last one lists more than a pipe holds, and is never read: git waits to write it
    big = repo.commit("Many files", {f"content/generated/page_{i:05}.md": "x\n" for i in range(4000)})
    monkeypatch.setattr(history_git, "_Log", Kept)
    failed: list[BaseException] = []

    def run() -> None:
        try:
            _logs(repo.hub.root, boundary, [[shas[0]], ["nonsense"], [big]], "--no-walk")
        except history_git.GitFailed as exc:
            failed.append(exc)

    running = threading.Thread(target=run, daemon=True)
    running.start()
    running.join(timeout=60)
    assert not running.is_alive()  # the unread git was stopped, not waited for
    assert "nonsense" in str(failed[0])
    assert len(started) == 3 and all(log.process.returncode is not None for log in started)


def test_moves_looked_up_in_separate_groups_are_all_found(git_repo, monkeypatch):
    # the FAQ's move added a generated file that the note's move deletes: Git must pair each
    # commit apart (`_asked_together`), in two look-ups that run at once
    repo = git_repo(base=False)
    repo.commit("Code", {f"src/module_{i}.py": f"print({i})\n" for i in range(40)}, date=day("2023-01-01"))
    repo.commit("Pages", {"content/index.md": "# Home\n", "wiki/faq.md": FAQ}, date=day("2024-01-01"),
                author="Ana Ruiz")
    repo.commit("A note", {"notes/launch.md": PRICING}, date=day("2024-02-01"), author="Sam Ortiz")
    # each page edited as it moves: Git must pair them by how alike they are
    repo.git("mv", "wiki/faq.md", "content/faq.md")
    repo.commit("The FAQ joins", {"build/out.txt": "generated\n", "content/faq.md": FAQ + "Moved.\n"},
                date=day("2024-03-01"))
    repo.git("mv", "notes/launch.md", "content/launch.md")
    repo.commit("The note joins", {"build/out.txt": None, "content/launch.md": PRICING + "Moved.\n"},
                date=day("2024-04-01"))
    _, pairings = recorded_logs(monkeypatch)
    found = history.read(repo.hub.root)
    # the hub's folder was made without a move: no guess to pair; then one look-up per group
    assert sorted(len(stdin) for stdin in pairings) == [1, 4]  # a commit each, one with its paths
    assert [name for _, name in found.names_of("content/faq.md")] == ["content/faq.md", "wiki/faq.md"]
    assert [name for _, name in found.names_of("content/launch.md")] == ["content/launch.md",
                                                                         "notes/launch.md"]


def test_history_paths_written_another_way_read_the_same_history(git_repo):
    repo = adopted_in_a_code_repository(git_repo)
    plain = history.read(repo.hub.root, ["content", "playbooks"])
    for paths in (["./content/", "playbooks/"], ["content", "content/prices.md", "playbooks"]):
        found = history.read(repo.hub.root, paths)
        assert {p: [c.sha for c in cs] for p, cs in found.by_path.items()} == {
            p: [c.sha for c in cs] for p, cs in plain.by_path.items()}
    assert len(plain.of("content/prices.md")) == 4


def test_where_the_hub_folders_were_made_is_found_on_the_first_parent_line(git_repo, tmp_path):
    repo = git_repo(base=False)
    repo.commit("Code", {"src/a.py": "a\n"})
    assert _created(repo.hub.root, ["content"]) == {}  # HEAD has no content/
    first = repo.commit("Pages", {"content/a.md": "# A\n"})
    assert _created(repo.hub.root, ["content"]) == {first: []}  # made, nothing moved in
    for i in range(12):  # the step back doubles past it, then halves back to it
        repo.commit(f"Code {i}", {"src/a.py": f"{i}\n"})
    assert list(_created(repo.hub.root, ["content", "playbooks", "content\nx"])) == [first]
    repo.commit("Gone", {"content/a.md": None})
    again = repo.commit("Back", {"content/b.md": "# B\n"})
    assert list(_created(repo.hub.root, ["content"])) == [again]  # made again: the nearest making

    (tmp_path / "other").mkdir()
    from_the_start = git_repo_in(tmp_path / "other")(base=False)
    from_the_start.commit("Pages", {"content/a.md": "# A\n"})
    from_the_start.commit("More", {"content/b.md": "# B\n"})
    assert _created(from_the_start.hub.root, ["content"]) == {}  # no commit before it to move from


def test_a_folder_moved_in_whole_is_seen_from_the_trees_and_anything_else_is_listed(git_repo):
    repo = git_repo(base=False)
    repo.commit("Code", {"src/a.py": "a\n", "README.md": "# Code\n", "old.txt": "old\n"})
    repo.commit("Pages", {"docs/index.md": "# Home\n", "docs/sales/faq.md": FAQ, "docs/empty.md": "",
                          "wiki/index.md": "# Wiki\n"})
    base = repo.git("rev-parse", "HEAD")

    def made_by(change: dict[str, str | None] | None = None, moves: tuple[str, ...] = ("docs",)):
        repo.git("reset", "-q", "--hard", base)
        for folder in moves:
            repo.git("mv", folder, "content" if folder == "docs" else "playbooks")
        commit = repo.commit("chore: adopt", change or {})
        return _created(repo.hub.root, ["content", "playbooks"])[commit]

    # moved unchanged, top-level files added or edited beside it: the trees tell
    assert made_by({"README.md": "# Code, with a hub\n", "extra.yml": "x: 1\n"}) == ["docs"]
    assert made_by(moves=("docs", "wiki")) == ["docs", "wiki"]  # both hub folders, each moved
    # anything that may pair otherwise is listed: a page edited in the move, a folder changed
    # beside it (it may have lost a file), a top-level file deleted
    assert made_by({"content/index.md": "# Home, moved\n"}) is None
    assert made_by({"src/a.py": "b\n"}) is None
    assert made_by({"old.txt": None}) is None
    # a folder with no file of its own to pair (only an empty one, and a folder)
    repo.git("reset", "-q", "--hard", base)
    repo.commit("Only folders and nothing", {"docs/index.md": None})
    repo.git("mv", "docs", "content")
    moving = repo.commit("chore: adopt")
    assert _created(repo.hub.root, ["content"])[moving] is None


def test_a_git_without_batch_commands_lists_the_move(git_repo, monkeypatch):
    repo = adopted_in_a_code_repository(git_repo)
    plain = history.read(repo.hub.root)
    start = history_git._Objects._start  # Git before 2.36 refuses `--batch-command`, as this does

    def older(self, batch):
        return start(self, "--batch-unknown" if batch == "--batch-command" else batch)

    monkeypatch.setattr(history_git._Objects, "_start", older)
    moving = repo.git("log", "-1", "--format=%H", "--grep", "chore: move")
    assert _created(repo.hub.root, ["content", "playbooks"]) == {moving: None}
    walks, _ = recorded_logs(monkeypatch)
    older = history.read(repo.hub.root)
    assert walks[0] == ("HEAD", "--", "content", "playbooks", ":(literal)docs")  # listed, still found
    assert {p: [c.sha for c in cs] for p, cs in older.by_path.items()} == {
        p: [c.sha for c in cs] for p, cs in plain.by_path.items()}


def test_files_tracked_are_counted_across_chunks(git_repo, monkeypatch):
    repo = git_repo(base=False)
    repo.commit("Files", {"content/a.md": "a", "content/b/c.md": "c", "contents.md": "x",
                          "content-old/d.md": "d", "playbooks": "a file", "src/content/e.py": "e",
                          "zz.md": "z"})
    expected = (8, 3)  # with mkdocs.yml; in the hub: content/a.md, content/b/c.md and the file playbooks
    assert expected == (len(repo.git("ls-files").split()),
                        len(repo.git("ls-files", "content", "playbooks").split()))
    for size in (1, 3, 7, 1 << 16):
        monkeypatch.setattr(history_git, "_chunks", lambda pipe, n=size: iter(lambda: pipe.read(n), b""))
        assert _tracked(repo.hub.root, ["content", "playbooks"]) == expected
    # paths as a hub's mkdocs.yml may give them (`history_paths`) are counted as Git counts them
    assert _tracked(repo.hub.root, ["./content/", "content", "content/b", "playbooks"]) == expected
    assert _tracked(repo.hub.root, ["."]) == (8, 8)
    assert _outermost(["./content/", "content/b/c.md", "zz.md", "content-old", "content"]) == [
        "content", "content-old", "zz.md"]
    assert _outermost(["content", "./"]) == ["."]


def test_commits_asked_together_never_touch_what_another_asks_about():
    asked = {"a": {"gone/x.css", "docs/a.md"}, "b": {"gone/y.css", "docs/b.md"},
             "c": {"docs/c.md", "old/c.md"}}
    others = {"a": {"gone/y.css"}, "b": set(), "c": {"src/z.py"}}  # a added the y.css that b deleted
    groups = _asked_together(asked, others)
    assert sorted(map(sorted, groups)) == [["a", "c"], ["b"]]
    for group in groups:
        paths = set().union(*(asked[sha] for sha in group))
        assert all(not others[sha] & paths for sha in group)


# -- the rename-following function, on plain data --------------------------------------------

def commit(sha: str, *changes: Change) -> Commit:
    return Commit(sha * 40, (), "Dana", "d@e", dt.datetime(2026, 3, 2, tzinfo=dt.UTC), sha, list(changes))


def shas(found: dict[str, list[Commit]]) -> dict[str, str]:
    return {path: "".join(c.sha[0] for c in commits) for path, commits in found.items()}


def test_follow_renames_groups_by_the_newest_path():
    commits = [commit("d", Change("M", "b.md")), commit("c", Change("R", "b.md", "a.md")),
               commit("b", Change("M", "a.md"), Change("A", "x.md")), commit("a", Change("A", "a.md"))]
    assert shas(follow_renames(commits)) == {"b.md": "dcba", "x.md": "b"}


def test_follow_renames_tells_a_deleted_file_from_the_one_that_took_its_path():
    commits = [commit("d", Change("M", "a.md")), commit("c", Change("A", "a.md")),
               commit("b", Change("D", "a.md")), commit("a", Change("A", "a.md"))]
    assert shas(follow_renames(commits)) == {"a.md": "dc", f"a.md@{'b' * 12}": "ba"}


def test_follow_renames_continues_a_file_from_where_it_was_moved():
    # an earlier pass saw commit m add content/x.md; this pass reads docs/ from m back
    commits = [commit("s", Change("A", "docs/x.md")), commit("m", Change("D", "docs/x.md")),
               commit("e", Change("M", "docs/x.md")), commit("f", Change("A", "docs/x.md"))]
    found = follow_renames(commits, {("m" * 40, "docs/x.md"): "content/x.md"})
    assert shas(found) == {"docs/x.md": "s", "content/x.md": "ef"}  # m itself is the earlier pass's


def test_follow_renames_continues_a_file_git_paired_with_another_in_the_moving_commit():
    # reading docs/ alone, Git pairs the leaving docs/x.md with docs/y.md, added there
    commits = [commit("m", Change("R", "docs/y.md", "docs/x.md")), commit("e", Change("M", "docs/x.md"))]
    found = follow_renames(commits, {("m" * 40, "docs/x.md"): "content/x.md"})
    assert shas(found) == {"docs/y.md": "m", "content/x.md": "e"}


def test_folders_read_for_old_paths():
    assert _folders(["docs/a.md", "docs/sales/b.md", "top.md", "docs-old/c.md"]) == [
        "docs", "docs-old", "top.md"]


def test_a_folder_already_where_handbook_reads_moved_in_with_the_rest_is_no_ones_update(git_repo):
    """Artsy's handbook has a `playbooks/` folder of its own pages: moved into content/ with its
    other folders in one commit, that move is still no one's update and not news, though Git saw
    playbooks/ as a hub path before it (a rename within the hub's paths)."""
    repo = git_repo(base=False)
    repo.commit("Add the deploy playbook", {"playbooks/deploys.md": "# Deploys\n\nShip on Tuesdays.\n"},
                date=day("2025-03-01"), author="Priya Shah")
    repo.commit("Add our values", {"culture/values.md": "# Values\n\nBe kind.\n"},
                date=day("2025-04-01"), author="Sam Ortiz")
    repo.hub.root.joinpath("content").mkdir()
    repo.git("mv", "playbooks", "culture", "content/")
    repo.commit("chore: move the handbook into content/", date=day("2026-01-10"), author="Adopter")
    repo.hub.build()
    for page, by in (("playbooks/deploys", "01 Mar 2025</time> by Priya Shah"),
                     ("culture/values", "01 Apr 2025</time> by Sam Ortiz")):
        html = repo.hub.html(page)
        assert by in html and "Adopter" not in html.split("hb-history__changes")[0], page
    assert "Move the handbook into content" not in repo.hub.html("whats-new")
    changes = json.loads(repo.hub.run("changelog", "--format", "json").out)
    assert [c["summary"] for c in changes] == ["Add our values", "Add the deploy playbook"]
