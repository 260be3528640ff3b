"""Pages a build leaves out stay out of everything Handbook generates: MkDocs' `exclude_docs`
and `draft_docs`, and Material's blog drafts. Before, What's new and its feed named them and
linked them (a 404), so a draft's title reached every reader before it was published."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import BASE_FILES, MKDOCS_YML

from handbook.model.inclusion import Inclusion
from handbook.model.options import Blog, Settings, read_settings
from handbook.pipeline.session import Session

BLOG = "  - blog:\n      draft_if_future_date: true\n"
DRAFTS_YML = MKDOCS_YML.replace("  - search\n", "  - search\n" + BLOG) + (
    "exclude_docs: |\n  internal/\ndraft_docs: |\n  wip-*.md\n")

SECRETS = ("Merger plan", "Pricing rethink", "Unannounced launch", "Roadmap for next year")
FILES = {
    "content/internal/merger.md": "---\ntitle: Merger plan\n---\nNot for the site.\n",
    "content/internal/term-sheet.txt": "Merger plan: the figures.\n",
    "content/wip-pricing.md": "---\ntitle: Pricing rethink\n---\nNot ready.\n",
    "content/blog/index.md": "# Blog\n",
    "content/news.md": "# News\n\nSee [the plan](internal/merger.md) and [pricing](wip-pricing.md).\n",
    "content/blog/posts/launch.md": (
        "---\ndate: 2026-11-01\ndraft: true\n---\n# Unannounced launch\n\nSoon.\n"),
    "content/blog/posts/roadmap.md": "---\ndate: 2027-01-15\n---\n# Roadmap for next year\n\nLater.\n",
    "content/blog/posts/public.md": "---\ndate: 2026-10-01\n---\n# Spring pricing is live\n\nNow.\n",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from conftest import git_repo_in

    repo = git_repo_in(tmp_path_factory.mktemp("drafts"))(FILES, mkdocs_yml=DRAFTS_YML)
    repo.commit("docs: the hub, its drafts and its blog")
    repo.hub.build("--strict")  # links to left-out pages are worded as MkDocs words them: info
    return repo.hub


def test_whats_new_and_its_feed_name_no_page_the_site_leaves_out(built):
    for shown in (built.html("whats-new"), (built.root / "site/whats-new/feed.xml").read_text()):
        assert "Spring pricing is live" in shown  # the published post is news
        assert "Account Executive" in shown
        for secret in SECRETS:
            assert secret not in shown
        assert "merger" not in shown.lower() and "wip-pricing" not in shown


def test_left_out_pages_are_not_built_nor_searchable(built):
    site = built.root / "site"
    assert not (site / "internal").exists() and not (site / "wip-pricing").exists()
    assert (site / "blog/2026/10/01/spring-pricing-is-live/index.html").is_file()
    assert not list(site.glob("blog/2026/11/*")) and not (site / "blog/2027").exists()
    searchable = " ".join(str(page) for page in built.search_pages().values())
    assert "Spring pricing is live" in searchable
    for secret in SECRETS:
        assert secret not in searchable


def test_check_agrees_with_the_build(built):
    result = built.check("--strict")
    assert result.code == 0, result.out
    for secret in ("merger", "wip-pricing", "launch.md", "roadmap.md"):
        assert secret not in result.out


def test_an_export_for_other_engines_leaves_them_out_too(built, tmp_path):
    out = tmp_path / "export"
    result = built.run("export", str(out))
    assert result.code == 0, result.err
    written = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert "docs/index.md" in written
    assert not [p for p in written if "internal" in p or "wip-pricing" in p], written
    assert not [p for p in written if p.startswith("docs/blog/posts/") and "public" not in p], written


def test_the_live_preview_shows_drafts_but_never_what_is_excluded(built):
    settings = read_settings(built.root / "mkdocs.yml")
    day = dt.date(2026, 11, 23)
    shown = {doc.path for doc in Session(settings, day=day, preview=True).hub}
    built_ = {doc.path for doc in Session(settings, day=day).hub}
    assert {"content/wip-pricing.md", "content/blog/posts/launch.md",
            "content/blog/posts/roadmap.md"} <= shown - built_
    assert "content/internal/merger.md" not in shown
    assert "content/blog/posts/public.md" in built_


def test_mkdocs_own_exclusions_hold_without_exclude_docs_and_check_says_so(hub):
    made = hub({"content/templates/offer.md": "---\ntitle: Offer letter template\n---\nDear...\n",
                "content/templates/follow-up.md": "# Follow-up email\n",
                "content/guides/templates/ok.md": "# Nested: published\n"})
    settings = read_settings(made.root / "mkdocs.yml")
    assert {doc.path for doc in Session(settings).hub} == {*BASE_FILES, "content/guides/templates/ok.md"}
    result = made.check("--verbose")
    assert ("content/templates/follow-up.md:1: notice: content/templates/ is left out of the site "
            "(2 pages): MkDocs never builds a top-level folder named templates") in result.out
    assert "fix: rename the folder, for example to email-templates/, to publish its pages" in result.out
    made.build()
    assert not (made.root / "site/templates").exists()
    assert (made.root / "site/guides/templates/ok/index.html").is_file()


# --- the rules, without a hub ----------------------------------------------------------------

def _inclusion(*, preview: bool = False, **blog: bool) -> Inclusion:
    settings = Settings(
        root=Path("."), content_dir=Path("."), exclude_docs=["internal/", "!internal/public.md", "*.tmp.md"],
        draft_docs=["wip-*.md"], blogs=[Blog(posts="news/posts", **blog)])
    return Inclusion(settings, preview=preview)


@pytest.mark.parametrize(("uri", "built"), [
    ("index.md", True), ("internal/x.md", False), ("internal/public.md", True),
    ("a/b.tmp.md", False), ("wip-pricing.md", False), ("a/wip-pricing.md", False),
    (".hidden/x.md", False), ("templates/x.md", False), ("a/templates/x.md", True),
])
def test_paths_left_out_as_mkdocs_leaves_them_out(uri, built):
    assert _inclusion().by_path(uri) is built


def test_drafts_by_path_are_shown_in_the_preview_only():
    assert _inclusion(preview=True).by_path("wip-pricing.md")
    assert not _inclusion(preview=True).by_path("internal/x.md")


DAY = dt.date(2026, 11, 23)


@pytest.mark.parametrize(("meta", "options", "preview", "built"), [
    ({"draft": True}, {}, False, False),
    ({"draft": True}, {}, True, True),  # draft_on_serve, Material's default
    ({"draft": True}, {"draft_on_serve": False}, True, False),
    ({"draft": True}, {"draft": True}, False, True),
    ({"date": dt.date(2027, 1, 1)}, {}, False, True),  # a future date alone is no draft
    ({"date": dt.date(2027, 1, 1)}, {"draft_if_future_date": True}, False, False),
    ({"date": {"created": dt.datetime(2027, 1, 1, 9)}}, {"draft_if_future_date": True}, False, False),
    ({"date": dt.date(2027, 1, 1), "draft": False}, {"draft_if_future_date": True}, False, True),
    ({"date": "not a date"}, {"draft_if_future_date": True}, False, True),
    ({"date": DAY}, {"draft_if_future_date": True}, False, True),
    ({"date": "2027-01-01"}, {"draft_if_future_date": True}, False, False),  # as front matter keeps it
    ({"date": "2027-01-01 09:30:00+01:00"}, {"draft_if_future_date": True}, False, False),
    ({"date": {"created": "2026-01-01"}}, {"draft_if_future_date": True}, False, True),
])
def test_blog_drafts_as_material_decides_them(meta, options, preview, built):
    inclusion = _inclusion(preview=preview, **options)
    assert inclusion.by_blog("news/posts/x.md", meta, DAY) is built
    assert inclusion.by_blog("news/x.md", meta, DAY)  # outside the posts: an ordinary page


def test_serve_renders_drafts_and_still_not_what_is_excluded(git_repo):
    from conftest import previewing
    from test_build import _fetch_until

    repo = git_repo(FILES, mkdocs_yml=DRAFTS_YML)
    repo.commit("docs: the hub, its drafts and its blog")
    with previewing(repo.hub) as (base, _):
        _fetch_until(base + "wip-pricing/", "Not ready.")
        _fetch_until(base + "blog/2026/11/01/unannounced-launch/", "Soon.")
        assert "Pricing rethink" in _fetch_until(base + "whats-new/", "Spring pricing is live")
        assert "Not for the site." not in _fetch_until(base + "internal/merger/", "404")
