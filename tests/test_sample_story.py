"""The sample hub's story: `make site` shows a year at Fieldstone, not this repository's commits."""

from __future__ import annotations

import html
import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from conftest import REPO, TODAY

SCRIPT = REPO / "docs/sample/story.py"


def _story_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("sample_story", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


story = _story_module()


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    """docs/sample/story.py as `make site` runs it, on the test day."""
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True,
                          env={**os.environ, "SOURCE_DATE_EPOCH": TODAY, "NO_COLOR": "1"},
                          timeout=600, check=False)


@pytest.fixture(scope="module")
def replayed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The story replayed into a temporary folder (never the checkout) and built: (repo, site)."""
    root = tmp_path_factory.mktemp("story")
    result = _run("--into", str(root / "hub"), "--site", str(root / "site"))
    assert result.returncode == 0, result.stderr
    return root / "hub", root / "site"


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True).stdout


def _text(site: Path, page: str) -> str:
    """What a reader reads on a page: tags and scripts gone, entities decoded, spaces folded."""
    raw = (site / page / "index.html").read_text("utf-8")
    raw = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", raw)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", raw)).split())


def test_the_replays_last_commit_is_exactly_the_sample(replayed):
    repo, _ = replayed
    listed = _git(repo, "ls-tree", "-r", "--name-only", "HEAD", "--", *story.HUB_FOLDERS).splitlines()
    committed = {path: subprocess.run(["git", "show", f"HEAD:{path}"], cwd=repo, capture_output=True,
                                      check=True).stdout for path in listed}
    assert committed == story.sample_files(REPO)
    assert _git(repo, "status", "--porcelain") == ""


def test_the_story_is_told_by_many_people_over_the_year(replayed):
    repo, _ = replayed
    log = [line.split("|") for line in _git(repo, "log", "--format=%an|%ad", "--date=short").splitlines()]
    assert len({author for author, _ in log}) >= 6
    assert min(day for _, day in log) == "2026-01-12" and max(day for _, day in log) == "2026-11-20"
    assert len({day[:7] for _, day in log}) >= 10  # commits in at least ten different months
    messages = _git(repo, "log", "--format=%B%x00").split("\0")
    assert all("\nChangelog: " in m for m in messages if m.strip())


def test_the_spring_release_tells_how_the_tv_spot_shrank(replayed):
    _, site = replayed
    page = _text(site, "releases/2026-spring-launch")
    assert re.search(r"Announced\b.{0,20}Mar 2026 by Priya Shah.{0,40}National TV spot on major networks "
                     "during prime time", page), page
    change = page[page.index("14 Sep 2026"):][:700]
    for fragment in ("Sam Ortiz", "National TV spot on major networks during prime time",
                     "Late-night cable TV spots in selected markets", "planned", "partial",
                     "In April most of the TV budget"):
        assert fragment in change, (fragment, change)
    assert "Changed 27 Apr 2026 by Marcus Bell" in page  # the trade shows, reported by demand gen


def test_the_fall_release_shows_the_import_delayed_then_payroll_cut(replayed):
    _, site = replayed
    page = _text(site, "releases/2026-fall-release")
    assert re.search(r"Announced\b.{0,20}17 Aug 2026 by Priya Shah", page)
    delayed, cut = page.index("22 Sep 2026"), page.index("14 Oct 2026")
    assert "Sam Ortiz" in page[delayed:][:300] and "delayed" in page[delayed:][:300]
    assert "Sam Ortiz" in page[cut:][:300] and "cut" in page[cut:][:300]


def test_whats_new_speaks_to_sales_not_in_commit_subjects(replayed):
    _, site = replayed
    page = _text(site, "whats-new")
    steps = story.load()
    trailers = [re.search(r"^Changelog: (.+)$", step.message, re.MULTILINE) for step in steps]
    assert all(trailers), [s.label for s, t in zip(steps, trailers, strict=True) if not t]
    told = [" ".join(t.group(1).split()) for t in trailers if t and t.group(1) != "skip"]
    assert len(told) >= 30
    rest = page
    for sentence in told:
        assert sentence in page, sentence
        rest = rest.replace(sentence, " ")
    for step in steps:  # what is left once the sales sentences are gone holds no commit subject
        subject = step.message.split("\n", 1)[0].split(": ", 1)[1]
        assert subject not in rest, (step.label, subject)
    assert "Correction: the spring TV ads ran as late-night cable in six markets" in page
    assert "by Jordan Kim" in page and "by Aisha Rahman" in page  # sales people edit the hub too


def test_the_campaign_board_on_the_test_day(replayed):
    _, site = replayed
    page = _text(site, "campaigns")
    current, upcoming, ended = (page.index(f" {name} ¶") for name in ("Current", "Upcoming", "Ended"))
    assert current < upcoming < ended
    assert "Winter Readiness 2026" in page[current:upcoming]
    assert "Spring 2027 Launch" in page[upcoming:ended]
    assert "Summer Webinar Series 2026" in page[ended:] and "Spring Tune-Up 2026" in page[ended:]
    assert "Spring Tune-Up" not in page[current:ended]


def test_pages_say_which_salesperson_changed_them_last(replayed):
    _, site = replayed
    page = _text(site, "playbooks/objection-handling")
    assert "Last updated 03 Nov 2026" in page and "Jordan Kim" in page


def test_the_replay_never_wipes_a_folder_it_did_not_make(tmp_path):
    keep = tmp_path / "mine"
    keep.mkdir()
    (keep / "notes.md").write_text("mine\n", "utf-8")
    result = _run("--into", str(keep))
    assert result.returncode == 1
    assert "is not empty and is not a previous replay: choose another --into" in result.stderr
    assert (keep / "notes.md").read_text("utf-8") == "mine\n"


# The pure part: deriving each step's files from today's sample.

def _step(number: int, day: str, **changes: object) -> object:
    return story.Step(number, story.dt.datetime.fromisoformat(f"{day}T10:00:00+00:00"), "Priya Shah",
                      "priya@example.com", "docs: x\n\nChangelog: x\n", **changes)


def test_earlier_versions_are_today_with_later_steps_undone():
    steps = [_step(1, "2026-03-03", adds=["content/"]),
             _step(2, "2026-09-14", edits=[story.Edit("content/r.md", "National TV", "Cable TV")],
                   reviews=["content/r.md"])]
    final = {"content/r.md": b"---\nreviewed: 2026-09-14\n---\nCable TV spots\n"}
    written = story.versions(steps, final)
    assert written[0] == {"content/r.md": b"---\nreviewed: 2026-03-03\n---\nNational TV spots\n"}
    assert written[1] == final


def test_a_sample_edit_the_story_cannot_undo_names_the_step_and_the_fix():
    steps = [_step(1, "2026-03-03", adds=["content/"]),
             _step(2, "2026-09-14", edits=[story.Edit("content/r.md", "National TV", "Cable TV")])]
    with pytest.raises(story.StoryError) as caught:
        story.versions(steps, {"content/r.md": b"Satellite TV spots\n"})
    assert "step 2 (2026-09-14, Priya Shah) content/r.md: this text is not in the file" in str(caught.value)
    assert "update the story to match the sample" in str(caught.value)


def test_a_review_date_no_step_explains_is_refused():
    steps = [_step(1, "2026-03-03", adds=["content/"])]
    with pytest.raises(story.StoryError, match=r"says `reviewed: 2026-10-01`, after step 1 .* list it under "
                                               r"`review:`"):
        story.versions(steps, {"content/r.md": b"---\nreviewed: 2026-10-01\n---\n"})
