"""Material's blog plugin beside Handbook's: a hub shaped like Material's own documentation,
with a blog whose posts the blog plugin reads from their files, builds and lists."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
from conftest import MKDOCS_YML, Hub
from test_build import _fetch_until  # the preview rebuilds in the background

from handbook.mkdocs import relink

BLOG_YML = MKDOCS_YML.replace("docs_dir: content", "docs_dir: docs").replace(
    "  - search\n", "  - search\n  - blog\n")

BLOG_FILES = {
    "docs/index.md": "---\nowner: ae\n---\n# Home\n\nWelcome to the hub.\n",
    "docs/roles/ae.md": "---\ntitle: Account Executive\nowner: ae\nteam: sales\n---\nSells.\n",
    "docs/blog/index.md": "# Blog\n",
    "docs/blog/.authors.yml": (
        "authors:\n  dana:\n    name: Dana Lee\n    description: Writer\n"
        "    avatar: https://example.com/dana.png\n"),
    "docs/blog/posts/spring-pricing.md": (
        "---\ndate: 2026-03-02\nauthors: [dana]\ncategories:\n  - News\nowner: ae\n---\n\n"
        "# Spring pricing is live\n\nThe new price list.\n\n<!-- more -->\n\nDetails follow.\n"),
    "docs/blog/posts/new-product.md": (
        "---\ndate:\n  created: 2026-05-10\nauthors: [dana]\ncategories: [Product, News]\n"
        "description: Now shipping\n---\n\n# A new product\n\nNow shipping worldwide.\n"),
}


def _blog_repo(git_repo: Callable[..., Any], changed: dict[str, str] | None = None) -> Any:
    """The blog hub, with `changed` files, in a Git repository with one commit."""
    repo = git_repo({**BLOG_FILES, **(changed or {})}, base=False, mkdocs_yml=BLOG_YML)
    repo.commit("feat: the blog")
    return repo


@pytest.fixture
def blog(git_repo) -> Hub:
    """The blog hub in a Git repository, built: pages have their history."""
    repo = _blog_repo(git_repo)
    repo.hub.build()
    return repo.hub


def test_the_blog_lists_both_posts_and_builds_each_with_its_date(blog):
    index = blog.html("blog")
    assert "Spring pricing is live" in index and "A new product" in index
    assert index.index("A new product") < index.index("Spring pricing is live")  # newest first
    assert "Details follow." not in index  # the excerpt ends at the separator
    post = blog.html("blog/2026/03/02/spring-pricing-is-live")
    assert '<time datetime="2026-03-02 00:00:00+00:00"' in post
    assert "Details follow." in post and "Dana Lee" in post
    assert "Now shipping worldwide." in blog.html("blog/2026/05/10/a-new-product")


def test_the_archive_and_category_pages_exist(blog):
    assert "Spring pricing is live" in blog.html("blog/archive/2026")
    news = blog.html("blog/category/news")
    assert "Spring pricing is live" in news and "A new product" in news
    product = blog.html("blog/category/product")
    assert "A new product" in product and "Spring pricing is live" not in product
    assert not (blog.root / "site/blog/posts").exists()  # posts are built once, at their dates


def test_handbooks_additions_stay_on_ordinary_pages_and_come_to_posts(blog):
    for page in ("", "blog/2026/03/02/spring-pricing-is-live"):
        html = blog.html(page)
        assert 'class="hb-feedback"' in html, page
        assert "History of this page (1 change)" in html, page  # from Git
        assert "edit/main/docs/" in html, page
    post = blog.html("blog/2026/03/02/spring-pricing-is-live")
    assert "hb-fact__label" in post  # the owner, as on every page Handbook renders
    assert (blog.root / "site/search/handbook/entry.json").is_file()
    found = {url: page["content"] for url, page in blog.search_pages().items()}
    assert "Welcome to the hub." in found["/"]
    assert "Details follow." in found["/blog/2026/03/02/spring-pricing-is-live/"]


def test_every_link_in_a_post_leads_to_a_page_that_was_built(blog):
    """Handbook writes a post's owner as HTML from the post's file's address; the post is
    published deeper, at its date, so the link is re-based there (Markdown links MkDocs
    resolves itself)."""
    here = "blog/2026/03/02/spring-pricing-is-live/"
    post = blog.html(here)
    facts = re.search(r'<div class="hb-facts".*?</div>', post, re.DOTALL)
    assert facts and '<a href="../../../../../roles/ae/"' in facts[0]  # five folders up
    for href in re.findall(r'<a [^>]*href="(?![a-z][a-z0-9+.-]*:|#|/)([^"#?]*)', post):
        target = urljoin("https://x/" + here, href).removeprefix("https://x/")
        built = blog.root / "site" / target / ("index.html" if target.endswith("/") or not target else "")
        assert built.exists(), f"{href} from {here} leads to nothing"


def test_the_blogs_own_pages_list_excerpts_without_handbooks_facts(blog):
    """The blog renders a view's excerpts from each post's Markdown, where Handbook wrote the
    owner as HTML from the post's file's address (`blog/posts/spring-pricing/`): on the blog's
    index, one folder deep, `../../../roles/ae/` led out of the site. The blog's own pages
    carry none of Handbook's extras, so the facts stay on the post."""
    for here in ("blog/", "blog/archive/2026/", "blog/category/news/"):
        view = blog.html(here)
        assert "Spring pricing is live" in view and "The new price list." in view, here
        assert "hb-fact" not in view, here
        for href in re.findall(r'<a [^>]*href="(?![a-z][a-z0-9+.-]*:|#|/)([^"#?]*)', view):
            target = urljoin("https://x/" + here, href)
            assert target.startswith("https://x/"), f"{href} from {here} leaves the site"
            target = target.removeprefix("https://x/")
            built = blog.root / "site" / target / ("index.html" if target.endswith("/") or not target else "")
            assert built.exists(), f"{href} from {here} leads to nothing"


def test_rebased_moves_only_the_links_handbook_wrote_into_the_facts():
    moved = {"blog/posts/a/": "blog/2026/03/02/a/"}
    page = ('<div class="hb-facts" data-search-exclude>\n<a href="../../roles/ae/">AE</a> '
            '<a href="#top">t</a> <a href="https://x.example/">x</a></div>\n'
            '<p><a href="../../../../roles/ae/">already right</a></p>')
    assert relink.rebased(page, "blog/posts/a/", "blog/2026/03/02/a/", moved, None) == (
        '<div class="hb-facts" data-search-exclude>\n<a href="../../../../roles/ae/">AE</a> '
        '<a href="#top">t</a> <a href="https://x.example/">x</a></div>\n'
        '<p><a href="../../../../roles/ae/">already right</a></p>')


def test_a_posts_front_matter_is_escaped_as_on_every_page(git_repo):
    repo = _blog_repo(git_repo, {"docs/blog/posts/new-product.md": (
        "---\ntitle: A new <img src=x onerror=alert(1)> product\ndate: 2026-05-10\n"
        "description: Now \"shipping\" <b>\n---\n\nNow shipping worldwide.\n")})
    repo.hub.build()
    site = repo.hub.root / "site"
    for page in site.rglob("*.html"):
        assert "<img src=x" not in page.read_text(encoding="utf-8"), page
        assert "<b>" not in page.read_text(encoding="utf-8"), page
    post = next((site / "blog/2026/05/10").glob("*/index.html")).read_text(encoding="utf-8")
    assert "A new &lt;img src" in post


HOOK = '''\
import json, os

seen = {}

def on_page_markdown(markdown, page, config, files):
    seen[page.file.src_uri] = [page.file.abs_src_path and os.path.relpath(page.file.abs_src_path),
                               page.file.generated_by]

def on_post_build(config):
    with open("seen.json", "w") as out:
        json.dump(seen, out)
'''


def test_authored_pages_keep_mkdocs_files_and_generated_pages_are_generated(hub):
    """Other plugins and hooks see an authored page's own file, as without Handbook; MkDocs
    builds only the pages Handbook publishes: a playbook inside docs_dir once, where Handbook
    puts it."""
    made = hub({
        "hooks.py": HOOK,
        "content/about.md": "# About\n\nWho we are.\n",
        "content/playbooks/process/discovery.md": "---\nowner: ae\norder: 1\n---\n# Discovery\n\nAsk.\n",
    }, mkdocs_yml=MKDOCS_YML.replace("  - handbook\n", "  - handbook:\n"
                                     "      playbooks_dir: content/playbooks\n") + "hooks: [hooks.py]\n")
    made.build()
    seen = json.loads((made.root / "seen.json").read_text(encoding="utf-8"))
    assert seen["about.md"] == [os.path.join("content", "about.md"), None]
    assert seen["index.md"] == [os.path.join("content", "index.md"), None]
    assert seen["roles/index.md"][0] is None and seen["roles/index.md"][1]  # Handbook's board
    assert "process/discovery.md" in seen and "playbooks/process/discovery.md" not in seen
    assert "Ask." in made.html("process/discovery")
    assert not (made.root / "site/playbooks/process").exists()
    assert "Who we are." in made.html("about")


def test_a_page_handbook_does_not_publish_is_not_built(hub):
    """A page whose link leads outside the repository is refused, and not built from its file."""
    made = hub({})
    outside = made.root.parent / "secret.md"
    outside.write_text("# Secret\n\nDo not publish.\n", encoding="utf-8")
    (made.root / "content/leak.md").symlink_to(outside)
    result = made.run("build")
    assert result.code == 1
    assert "content/leak.md:1: error: this file is a link to a place outside the repository" in (
        result.err + result.out)
    assert not (made.root / "site").exists()


def test_the_preview_shows_its_failure_page_over_an_authored_home_page(hub):
    made = hub({"content/index.md": "---\nowner: nobody\n---\n# Home\n\nWelcome to the hub.\n"})
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "handbook", "serve", "-a", f"127.0.0.1:{port}"],
                            cwd=made.root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "NO_COLOR": "1"})
    try:
        body = _fetch_until(f"http://127.0.0.1:{port}/", "is not the id of any role")
        assert "Welcome to the hub." not in body
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_the_material_docs_shape_needs_no_handbook_specific_front_matter(git_repo):
    """Posts as Material's own blog writes them (no owner, `slug`, `links`) check without errors."""
    repo = _blog_repo(git_repo, {"docs/blog/posts/linked.md": (
        "---\ndate: 2026-06-01\nauthors: [dana]\nslug: linked-post\ncategories: [News]\n"
        "links:\n  - index.md\n---\n\n# Linked\n\nSee the home page.\n")})
    result = repo.hub.check()
    assert result.code == 0, result.out + result.err
    repo.hub.build()
    assert "See the home page." in repo.hub.html("blog/2026/06/01/linked-post")


def test_handbook_alone_still_builds_posts_as_pages(hub):
    """Without the blog plugin, the same files are ordinary pages (nothing depends on it)."""
    made = hub({path.replace("docs/", "content/"): text for path, text in BLOG_FILES.items()
                if path.startswith("docs/blog/")})
    made.build()
    assert "The new price list." in made.html("blog/posts/spring-pricing")
    assert Path(made.root / "site/blog/index.html").is_file()


def _hrefs(html: str, target: str) -> list[str]:
    """The links in `html` whose address names `target` (a post's file name or slug)."""
    return [href for href in re.findall(r'href="([^"]*)"', html) if target in href]


def test_handbooks_own_pages_and_the_feed_link_a_post_where_the_blog_put_it(git_repo):
    """What's new, the freshness page and the feed link a post at its final address, which the
    blog plugin gives it after Handbook has rendered its pages; nothing is left at the old one."""
    post = "docs/blog/posts/spring-pricing.md"
    overdue = BLOG_FILES[post].replace("owner: ae\n", "owner: ae\nreviewed: 2024-01-01\n")
    repo = _blog_repo(git_repo, {post: overdue})
    repo.commit("docs: spring pricing, in detail", {post: overdue + "More details.\n"},
                date="2026-03-03T10:00:00+00:00")  # the feed's newest entry links the post
    repo.hub.build()
    site = repo.hub.root / "site"
    final = "blog/2026/03/02/spring-pricing-is-live/"
    assert (site / final / "index.html").is_file()
    assert not (site / "blog/posts").exists()
    for page in ("whats-new", "freshness"):
        links = _hrefs(repo.hub.html(page), "spring-pricing")
        assert links, page
        for href in links:
            assert urljoin(f"https://hub.example.com/{page}/", href) == "https://hub.example.com/" + final, (
                page, href)
    feed = (site / "whats-new/feed.xml").read_text(encoding="utf-8")
    assert f'href="https://hub.example.com/{final}"' in feed
    assert "blog/posts/" not in feed
    assert f"/{final}" in repo.hub.search_pages()


@pytest.mark.parametrize("options", [
    "", "      post_url_format: '{categories}/{slug}'\n",
    "      post_url_date_format: yyyy/MM\n      post_slugify_separator: _\n"])
def test_the_changelog_command_links_each_post_where_the_build_put_it(git_repo, options):
    """The command line runs no blog plugin: it works each post's address out as the blog does,
    and every address it prints is a page the build wrote."""
    yml = BLOG_YML.replace("  - blog\n", "  - blog:\n" + options) if options else BLOG_YML
    repo = git_repo({**BLOG_FILES, "docs/blog/posts/slugged.md": (
        "---\ndate: 2026-06-01 09:30:00\nslug: summer-deals\ncategories: [Sales & Marketing]\n---\n"
        "# Summer\n\nDeals.\n")}, base=False, mkdocs_yml=yml)
    repo.commit("feat: the blog")
    repo.hub.build()
    result = repo.hub.run("changelog", "--format", "json")
    assert result.code == 0, result.err
    urls = {page["url"] for entry in json.loads(result.out) for page in entry["pages"]}
    posts = sorted(u for u in urls if "/blog/" in u and not u.endswith("/blog/"))
    assert len(posts) == 3, urls
    for url in posts:
        path = url.removeprefix("https://hub.example.com/")
        assert (repo.hub.root / "site" / path / "index.html").is_file(), (url, options)
    assert not [u for u in urls if "/blog/posts/" in u]


def test_relinked_leads_old_addresses_to_new_ones_and_leaves_the_rest():
    moved = {"blog/posts/spring-pricing/": "blog/2026/03/02/spring-pricing-is-live/"}
    page = ('<a href="../blog/posts/spring-pricing/#details">a</a> <a href="../roles/ae/">b</a> '
            '<a href="https://elsewhere.example/blog/posts/spring-pricing/">c</a>')
    assert relink.relinked(page, "whats-new/", moved, "https://hub.example.com/") == (
        '<a href="../blog/2026/03/02/spring-pricing-is-live/#details">a</a> <a href="../roles/ae/">b</a> '
        '<a href="https://elsewhere.example/blog/posts/spring-pricing/">c</a>')
    feed = '<link href="https://hub.example.com/blog/posts/spring-pricing/" />'
    assert relink.relinked(feed, "whats-new/feed.xml", moved, "https://hub.example.com/") == (
        '<link href="https://hub.example.com/blog/2026/03/02/spring-pricing-is-live/" />')
    assert relink.relinked('<link href="/blog/posts/spring-pricing/" />', "whats-new/feed.xml", moved,
                           None) == '<link href="/blog/2026/03/02/spring-pricing-is-live/" />'
    assert relink.relinked(page, "whats-new/", {}, None) == page
