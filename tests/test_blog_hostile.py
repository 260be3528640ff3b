"""Hostile values Material's blog plugin reads itself (posts' categories, links, slugs, the
authors file) and prints as written: refused by `check` and every build, with file, line and
fix; plain values, `&` included, build and show as written."""

from __future__ import annotations

import html
import re

from conftest import Hub
from test_blog_plugin import BLOG_FILES, BLOG_YML
from test_injection import executable

from handbook.model.options import read_settings

HOSTILE_AUTHORS = (
    "authors:\n"
    "  dana:\n"
    "    name: 'Dana <script>alert(1)</script>'\n"
    "    description: '<img src=x onerror=alert(3)>'\n"
    "    avatar: 'javascript:alert(4)'\n"
    "    url: ' JaVaScRiPt:alert(5)'\n"
    "    slug: ../../outside\n"
)
HOSTILE_POST = (
    "---\ndate: 2026-03-02\nauthors: [dana, nobody]\ncategories:\n"
    "  - '<img src=x onerror=alert(6)>'\n"
    "  - 'News {: onclick=alert(7) }'\n"
    "  - '[x](javascript:alert(8))'\n"
    "links:\n"
    "  - '<b onclick=alert(9)>Ref</b>': https://example.com/\n"
    "  - Evil: 'javascript:alert(10)'\n"
    "slug: ../../../../escaped\nreadtime: soon\npin: 'yes'\n---\n\n"
    "# Spring pricing is live\n\nThe new price list.\n"
)
HOSTILE = {**BLOG_FILES, "docs/blog/.authors.yml": HOSTILE_AUTHORS,
           "docs/blog/posts/spring-pricing.md": HOSTILE_POST,
           "docs/blog/posts/draft.md": ("---\ndate: 2026-04-01\ndraft: true\ncategories:\n"
                                        "  - '\"><svg onload=alert(11)>'\n---\n\n# Draft\n\nSoon.\n")}


def _blog_hub(hub, files: dict[str, str], mkdocs_yml: str = BLOG_YML) -> Hub:
    return hub(files, base=False, mkdocs_yml=mkdocs_yml)


def test_check_names_each_hostile_blog_value_with_its_line_and_fix(hub):
    result = _blog_hub(hub, HOSTILE).check()
    out = result.out + result.err
    assert result.code == 1, out
    post, authors = "docs/blog/posts/spring-pricing.md", "docs/blog/.authors.yml"
    for line in (
        f"{authors}:3: error: the author name `Dana <script>alert(1)</script>` would show as HTML "
        "on the blog's pages",
        f"{authors}:4: error: the description `<img src=x onerror=alert(3)>` would show as HTML",
        f"{authors}:5: error: the avatar `javascript:alert(4)` is not a web address",
        f"{authors}:6: error: the address ` JaVaScRiPt:alert(5)` is not a web address",
        f"{authors}:7: error: the slug `../../outside` is not a plain name",
        f"{post}:3: error: the author `nobody` is not in the blog's authors file",
        f"{post}:5: error: the category `<img src=x onerror=alert(6)>` would show as HTML",
        f"{post}:6: error: the category `News {{: onclick=alert(7) }}` would show as HTML",
        f"{post}:7: error: the category `[x](javascript:alert(8))` would show as HTML",
        f"{post}:9: error: the link title `<b onclick=alert(9)>Ref</b>` would show as HTML",
        f"{post}:10: error: the link `javascript:alert(10)` is not a web address",
        f"{post}:11: error: the slug `../../../../escaped` is not a plain name",
        f"{post}:12: error: `readtime` should be a whole number of minutes, not `soon`",
        f"{post}:13: error: `pin` should be true or false, not `yes`",
        "docs/blog/posts/draft.md:5: error: the category `\"><svg onload=alert(11)>` would show as HTML",
    ):
        assert line in out, line
    assert "fix: write the category as plain words on one line, without < > \" ' { } [ ]" in out
    assert "fix: write an https:// address or a path on this site" in out
    assert "fix: write the slug as words joined by dashes, like `spring-pricing`" in out


def test_a_build_refuses_them_and_writes_nothing(hub):
    made = _blog_hub(hub, HOSTILE)
    result = made.run("build")
    assert result.code == 1
    assert "the category `<img src=x onerror=alert(6)>` would show as HTML" in result.out + result.err
    assert not (made.root / "site").exists()
    assert not list(made.root.parent.rglob("escaped"))  # the slug's way out of the site


PLAIN_AUTHORS = ("authors:\n  dana:\n    name: Dana & Co\n    description: Sales & Marketing lead\n"
                 "    avatar: https://example.com/dana.png\n    url: ../about/\n    slug: dana-lee\n")
PLAIN_POST = (
    "---\ntitle: Spring <em>pricing</em> & more\ndate: 2026-03-02\nauthors: [dana]\n"
    "categories: [Sales & Marketing, \"C# *tips*\"]\n"
    "links:\n  - index.md\n  - Price list & terms: https://example.com/prices\n"
    "slug: spring-pricing\nreadtime: 7\npin: true\ndraft: false\n---\n\n"
    "The new price list.\n\n<!-- more -->\n\nDetails follow.\n"
)


def test_plain_values_with_ampersands_build_and_show_as_written(hub):
    made = _blog_hub(hub, {**BLOG_FILES, "docs/blog/.authors.yml": PLAIN_AUTHORS,
                           "docs/blog/posts/spring-pricing.md": PLAIN_POST})
    assert made.check().code == 0
    made.build()
    site = made.root / "site"
    for page in site.rglob("*.html"):
        found = [f for f in executable(page.read_text(encoding="utf-8")) if not f.startswith("<script")]
        assert not found, (page, found)
    category = made.html("blog/category/sales--marketing")
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", category, re.S)
    assert heading and html.unescape(re.sub(r"<[^>]+>", "", heading.group(1))).strip() == "Sales & Marketing"
    post = made.html("blog/2026/03/02/spring-pricing")
    assert "Dana &amp; Co" in post or "Dana & Co" in post
    assert "<em>pricing</em>" not in post and "7 min read" in post
    assert "Price list &amp; terms" in post or "Price list & terms" in post


def test_without_the_blog_plugin_categories_are_no_concern(hub):
    """Handbook alone builds posts as pages: nothing prints their categories."""
    made = hub({"content/blog/posts/x.md": "---\ncategories: ['<b>x</b>']\nslug: ../x\n---\n# X\n"})
    assert made.check().code == 0


def test_settings_find_each_blog_plugin_with_its_folders(hub):
    as_mapping = BLOG_YML.replace("plugins:\n  - search\n  - blog\n  - handbook\n",
                                  "plugins:\n  search: {}\n  material/blog:\n    blog_dir: news\n"
                                  "    authors_file: '{blog}/people.yml'\n  handbook: {}\n")
    assert as_mapping != BLOG_YML
    made = hub({"docs/index.md": "# Home\n"}, base=False, mkdocs_yml=as_mapping)
    blogs = read_settings(made.root / "mkdocs.yml").blogs
    assert [(b.posts, b.authors_file) for b in blogs] == [("news/posts", "news/people.yml")]
    off = BLOG_YML.replace("  - blog\n", "  - blog:\n      enabled: false\n")
    made.write("mkdocs.yml", off)
    assert read_settings(made.root / "mkdocs.yml").blogs == []


def test_a_blog_elsewhere_is_checked_where_it_is(hub):
    yml = BLOG_YML.replace("  - blog\n", "  - blog:\n      blog_dir: news\n")
    made = _blog_hub(hub, {"docs/index.md": "# Home\n", "docs/news/index.md": "# News\n",
                           "docs/news/.authors.yml": "authors:\n  a:\n    name: '<i>A</i>'\n"
                           "    description: x\n    avatar: a.png\n",
                           "docs/news/posts/p.md": "---\ndate: 2026-01-01\ncategories: ['<i>c</i>']\n"
                           "---\n# P\n"}, yml)
    out = made.check().out
    assert "docs/news/posts/p.md:3: error: the category `<i>c</i>`" in out
    assert "docs/news/.authors.yml:3: error: the author name `<i>A</i>`" in out


def test_what_a_blog_does_not_print_is_not_checked(hub):
    """`authors: false` and `categories: false`: Material reads neither, so neither can be HTML
    on its pages, and an author missing from the authors file is no error."""
    yml = BLOG_YML.replace("  - blog\n", "  - blog:\n      authors: false\n      categories: false\n")
    post = ("---\ndate: 2026-03-02\nauthors: [nobody]\ncategories: ['<i>c</i>']\n---\n\n"
            "# Spring pricing is live\n\nText.\n")
    made = _blog_hub(hub, {**BLOG_FILES, "docs/blog/.authors.yml": HOSTILE_AUTHORS,
                           "docs/blog/posts/spring-pricing.md": post}, yml)
    result = made.check()
    assert result.code == 0, result.out
    made.build()
    assert "<i>c</i>" not in made.html("blog/2026/03/02/spring-pricing-is-live")
    assert "nobody" not in made.html("blog/2026/03/02/spring-pricing-is-live")


def test_a_category_outside_categories_allowed_is_named_with_its_line(hub):
    yml = BLOG_YML.replace("  - blog\n", "  - blog:\n      categories_allowed: [News, Product]\n")
    post = "---\ndate: 2026-03-02\ncategories:\n  - News\n  - Gossip\n---\n\n# Spring\n\nText.\n"
    made = _blog_hub(hub, {**BLOG_FILES, "docs/blog/posts/spring-pricing.md": post}, yml)
    result = made.check()
    assert result.code == 1
    assert ("docs/blog/posts/spring-pricing.md:5: error: the category `Gossip` is not one the blog "
            "allows (`categories_allowed` in mkdocs.yml), so Material stops the build") in result.out
    assert "fix: use one of `News`, `Product`, or add it to `categories_allowed`" in result.out
    assert "`News`" not in result.out.split("fix:")[0]  # an allowed one is not named as wrong
