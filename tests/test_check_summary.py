"""`handbook check` at scale: a summary a person reads, that agrees with `build --strict`.

Repeated findings are counted in one line; a hub being adopted gets its trust score and what
to do next; whatever fails `build --strict` (broken links and anchors included) fails
`check --strict`, and nothing else does.
"""

from __future__ import annotations

import json

from conftest import MKDOCS_YML, run_handbook

from handbook.model.documents import first_heading
from handbook.site.broken_links import anchors_in, heading_text, links_in

UNOWNED = "---\ntitle: Page {0}\n---\n# Page {0}\n\nSome text.\n"
SIXTY = {f"content/sales/page-{i:02}.md": UNOWNED.format(i) for i in range(60)}


def test_sixty_unowned_pages_fit_on_a_screen_with_a_count_a_score_and_next_steps(hub):
    result = hub(SIXTY).check()
    assert result.code == 0
    lines = result.out.splitlines()
    assert len(lines) <= 25, result.out
    assert "content/sales/: notice: 60 pages have no owner, so nobody is asked to keep them true" in lines
    assert ("    first: content/sales/page-00.md:1, content/sales/page-01.md:1, content/sales/page-02.md:1 "
            "and 57 more") in lines
    assert ("    all: `handbook check --verbose`; the site's freshness/#unowned, once a document has an "
            "owner or a review date") in lines
    assert "    fix: add `owner: <role id>` to the front matter" in lines
    assert "handbook check: 60 notices" in lines
    assert "Trust score: 0% (0 of 62 documents have an owner and an in-date review)" in lines
    assert "What to do next:" in lines
    steps = lines[lines.index("What to do next:") + 1:]
    assert 2 <= len(steps) <= 4
    assert steps[0].startswith("  1. Name an owner on each of the 60 documents without one: add "
                               "`owner: <role id>` to its front matter (roles: ae).")
    assert "`reviewed: 2026-11-23`" in steps[1]
    assert "`handbook check --verbose`" in steps[-1]


def test_verbose_lists_every_finding_and_machines_always_get_them_all(hub):
    made = hub(SIXTY)
    verbose = made.check("--verbose").out
    for i in range(60):
        assert (f"content/sales/page-{i:02}.md:1: notice: nobody owns this page, so nobody is asked "
                "to keep it true") in verbose
    assert "60 pages have no owner" not in verbose
    records = json.loads(made.check("--format", "json").out)
    assert len([r for r in records if r["message"].startswith("nobody owns this page")]) == 60
    assert set(records[0]) == {"path", "line", "severity", "message", "fix"}
    annotations = made.check("--format", "github").out.splitlines()
    assert len(annotations) == 60 and all(a.startswith("::notice file=content/sales/") for a in annotations)


def test_a_crowd_whose_fixes_differ_still_shows_one(hub):
    """Links to missing headings: each fix names its own page, so the count shows the first."""
    pages = {f"content/p{i}.md": f"---\nowner: ae\n---\n# P{i}\n\nSee [here](index.md#nowhere-{i}).\n"
             for i in range(5)}
    out = hub(pages).check().out
    crowd = out[out.index("links lead to a heading that is not there"):]
    fix = crowd.splitlines()[3]
    assert fix.startswith("    fix: each has its own, such as: "), crowd
    assert "nowhere-0" in fix or "index.md" in fix, fix


def test_three_of_a_kind_are_still_shown_one_by_one(hub):
    three = {path: text for path, text in SIXTY.items() if path.endswith(("00.md", "01.md", "02.md"))}
    result = hub(three).check()
    assert result.out.count("nobody owns this page") == 3
    assert "pages have no owner" not in result.out


def test_a_trusted_hub_gets_its_score_and_no_advice(hub):
    reviewed = "---\nowner: ae\nreviewed: 2026-11-01\n---\n# {0}\n"
    result = hub({"content/index.md": reviewed.format("Home"),
                  "content/roles/ae.md": reviewed.format("AE")}).check()
    assert result.out.splitlines() == [
        "handbook check: no problems",
        "Trust score: 100% (2 of 2 documents have an owner and an in-date review)",
    ]


def test_the_freshness_page_shows_the_trust_score(hub):
    made = hub({**SIXTY, "content/roles/ae.md": "---\nowner: ae\nreviewed: 2026-11-01\n---\n# AE\n"})
    made.build()
    page = made.html("freshness")
    assert "<strong>Trust score: 1%</strong>: 1 of 62 documents have an owner" in page
    assert page.count("Page 5") >= 1  # and the unowned pages are all listed, below it


def test_sample_hub_check_strict_and_build_strict_agree(sample_site):
    """`make site` runs `handbook build --strict` (the fixture did, and it passed): `check
    --strict` passes too, showing the sample's deliberately stale content as notices."""
    result = run_handbook(sample_site.parent, "check", "--strict")
    assert result.code == 0, result.out
    assert "handbook check: 7 notices" in result.out
    freshness = (sample_site / "freshness/index.html").read_text("utf-8")
    assert "<strong>Trust score:" in freshness


LINKING = """\
---
owner: ae
---
# Linking

See [the FAQ](faq.md) and [pricing](../../playbooks/pricing.md#discounts).

Also [a heading here](#linking), [a missing one](#nowhere) and `[code](nowhere.md)`.

```
[fenced](nowhere-either.md)
```
"""
PRICING = "---\nowner: ae\n---\n# Pricing\n\n## How we price { #pricing-model }\n\nText.\n"
ANCHORS_WARN = MKDOCS_YML + "validation:\n  anchors: warn\n"


def test_broken_links_and_anchors_fail_check_and_build_alike(hub):
    made = hub({"content/sales/linking.md": LINKING, "playbooks/pricing.md": PRICING},
               mkdocs_yml=ANCHORS_WARN)
    check = made.check("--strict")
    assert check.code == 1
    assert ("content/sales/linking.md:6: warning: links to `faq.md`, which is not a page or file "
            "of the hub\n"
            "    fix: correct the path (it is relative to this file), or remove the link") in check.out
    assert ("content/sales/linking.md:6: warning: links to `../../playbooks/pricing.md#discounts`, but "
            "playbooks/pricing.md has no heading or anchor `#discounts`") in check.out
    assert ("content/sales/linking.md:8: warning: links to `#nowhere`, but this page has no heading "
            "or anchor `#nowhere`") in check.out
    assert "`#linking`" not in check.out and "nowhere.md" not in check.out
    assert "nowhere-either" not in check.out
    assert "handbook check: 3 warnings" in check.out
    assert check.out.endswith(
        "Failed: with --strict, warnings fail the check, as they fail `build --strict`.\n")
    assert "Failed" not in made.check().out
    build = made.run("build", "--strict")
    assert build.code == 1
    assert "contains a link 'faq.md', but the target 'sales/faq.md' is not found" in build.err
    assert "does not contain an anchor '#discounts'" in build.err
    assert "there is no such anchor on this page" in build.err


def test_links_mkdocs_only_tells_about_fail_neither(hub):
    quiet = MKDOCS_YML + "validation:\n  links:\n    not_found: info\n"
    made = hub({"content/sales/linking.md": LINKING, "playbooks/pricing.md": PRICING}, mkdocs_yml=quiet)
    check = made.check("--strict")
    assert check.code == 0, check.out
    assert "content/sales/linking.md:6: notice: links to `faq.md`" in check.out
    # anchors are `info` by default: told, never failing, as the build tells them
    assert "content/sales/linking.md:6: notice: links to `../../playbooks/pricing.md#discounts`" in check.out
    assert made.run("build", "--strict").code == 0


def test_a_link_to_a_file_beside_the_pages_is_fine(hub):
    made = hub({"content/sales/linking.md": "---\nowner: ae\n---\n# L\n\n![chart](img/chart.png)\n"
                                            "[sheet](../playbooks/sheet.pdf) [gone](img/gone.png)\n",
                "content/sales/img/chart.png": "png", "playbooks/sheet.pdf": "pdf"})
    result = made.check("--strict")
    assert result.code == 1
    assert result.out.count("which is not a page or file of the hub") == 1
    assert "`img/gone.png`" in result.out


RELEASE = """\
---
owner: ae
date: 2026-03-10
promises:
  - id: payroll
    claim: Payroll sync
    status: planned
---
# Spring
"""


def test_a_release_note_deleted_but_not_committed_is_an_error(git_repo):
    repo = git_repo({"content/releases/spring.md": RELEASE})
    repo.commit("feat: spring release")
    (repo.hub.root / "content/releases/spring.md").unlink()
    result = repo.hub.check()
    assert result.code == 1
    assert ("content/releases/spring.md:1: error: the release note is deleted in the working tree "
            "(not committed yet), with its announced promises `payroll`\n"
            "    fix: restore it (`git checkout HEAD -- content/releases/spring.md`) and mark each "
            "promise `status: cut` with a `note:`; to move it, rename the file instead") in result.out


def test_a_release_note_renamed_but_not_committed_is_not_deleted(git_repo):
    repo = git_repo({"content/releases/spring.md": RELEASE})
    repo.commit("feat: spring release")
    repo.git("mv", "content/releases/spring.md", "content/releases/spring-2026.md")
    result = repo.hub.check()
    assert "deleted" not in result.out, result.out


def test_a_shallow_clone_warns_in_check_as_in_build(git_repo, tmp_path):
    repo = git_repo()
    repo.commit("feat: start")
    repo.commit("docs: more", {"content/more.md": "---\nowner: ae\n---\n# More\n"})
    clone = tmp_path / "clone"
    repo.git("clone", "-q", "--depth", "1", f"file://{repo.hub.root}", str(clone))
    check = run_handbook(clone, "check", "--strict")
    assert check.code == 1
    assert "mkdocs.yml:1: warning: this is a shallow clone, so page histories stop early" in check.out
    assert run_handbook(clone, "build", "--strict").code == 1


# The pure parts: what Markdown makes a link or a heading id, as Python-Markdown and `toc` do.

def test_links_in_skip_code_and_read_titles_spaces_and_references():
    body = ("[a](one.md \"Title\") and [b](<two words.md>) and `[c](code.md)`\n"
            "\n    [d](indented-code.md)\n\n"
            "- item\n\n    [e](list-paragraph.md)\n\n"
            "[f][ref] <!-- [g](comment.md) -->\n\n[ref]: three.md\n[unused]: four.md\n")
    assert [(link.target, link.offset) for link in links_in(body)] == [
        ("one.md", 0), ("two words.md", 0), ("list-paragraph.md", 6), ("three.md", 10)]


def test_anchors_in_follow_toc_slugs_repeats_attribute_lists_and_html():
    markdown = ("# Café & *Prices*\n\n## Our `#thanks` channel\n\n## Repeat\n\n## Repeat\n\n"
                "## Custom {#mine}\n\nSetext\n------\n\n<a id=\"raw\"></a>\n\n"
                "```\n# not a heading\n```\n\nText[^1].\n\n[^1]: Note.\n\n"
                "#Tight, as Python-Markdown has it\n")
    assert anchors_in(markdown) == {"cafe-prices", "our-thanks-channel", "repeat", "repeat_1",
                                    "mine", "setext", "raw", "fn:1", "fnref:1",
                                    "tight-as-python-markdown-has-it"}
    assert anchors_in("## A B\n", separator="_") == {"a_b"}


def test_heading_text_drops_markup_but_keeps_words():
    assert heading_text("See [the guide](x.md) and ![logo](l.png) _now_ <b>ok</b>") == \
        "See the guide and  now ok"


def test_an_explicit_nav_naming_a_missing_page_fails_check_and_build_alike(hub):
    nav = MKDOCS_YML + "nav:\n  - Home: index.md\n  - Sales:\n      - sales/gone.md\n  - campaigns/index.md\n"
    # a campaign, so Handbook generates the campaign board the nav names
    made = hub({"content/campaigns/w.md": "---\nowner: ae\nstarts: 2026-01-01\nends: 2026-02-01\n---\n"},
               mkdocs_yml=nav)
    check = made.check("--strict")
    assert check.code == 1
    assert ("mkdocs.yml:14: warning: `nav:` names `sales/gone.md`, which is not a page or file of "
            "the hub") in check.out
    assert "index.md`" not in check.out  # the home page, and a page Handbook generates, are there
    build = made.run("build", "--strict")
    assert build.code == 1
    assert "A reference to 'sales/gone.md' is included in the 'nav' configuration" in build.err


def test_errors_are_always_listed_one_by_one(hub):
    """Each error blocks publishing and is fixed where it is: none is hidden behind a count."""
    ownerless = {f"playbooks/p{i}.md": f"---\ntitle: P{i}\n---\n# P{i}\n" for i in range(5)}
    owned = {"playbooks/demo.md": "---\nowner: ae\n---\n# Demo\n"}  # a folder of playbooks, five unowned
    result = hub({**ownerless, **owned}).check()
    assert result.code == 1
    for i in range(5):
        assert f"playbooks/p{i}.md:1: error: a playbook needs an `owner`" in result.out
    assert "first:" not in result.out
    assert result.out.endswith("Failed: 5 errors stop the build; fix them first.\n")


def test_a_heading_s_attribute_list_is_not_part_of_the_title(hub):
    """`# Start here {#start}` is Markdown's, not the reader's: the title is "Start here"."""
    made = hub({"content/guide.md": "# Start here {#start}\n\nText.\n"})
    made.build()
    page = made.html("guide")
    assert "<title>Start here - Test hub</title>" in page
    assert '<h1 id="start">Start here' in page


def test_a_comment_in_fenced_code_is_not_the_title(hub):
    """`# This context is the default` in a ``` or ~~~ fence is a shell or Python comment: the
    title is the first heading outside fences, or the file's name, as in MkDocs."""
    made = hub({
        "content/ssl.md": "Intro.\n\n```python\n# This SSL context is the default.\nctx = 1\n```\n",
        "content/setup.md": "~~~~ sh\n# install\n~~~\n# still code\n~~~~\n\n# Setting up\n\nText.\n",
    })
    made.build()
    assert "<title>Ssl - Test hub</title>" in made.html("ssl")
    assert "<title>Setting up - Test hub</title>" in made.html("setup")
    assert first_heading("#not a heading\n# Title ##\n") == "Title"
    assert first_heading("```\n# a\n") is None  # an unclosed fence runs to the end


def test_next_steps_name_where_a_new_role_is_written_in_the_hubs_own_docs_dir(hub):
    """A hub kept in docs/ (`docs_dir: docs`) with no roles yet: `handbook new role` writes into
    docs/roles/, and the next step says so."""
    pages = {f"docs/sales/page-{i:02}.md": UNOWNED.format(i) for i in range(10)}
    made = hub({**pages, "docs/index.md": "# Home\n"}, base=False,
               mkdocs_yml=MKDOCS_YML.replace("docs_dir: content", "docs_dir: docs"))
    out = made.check().out
    assert "writes one in docs/roles/), then add `owner: <role id>`" in out
    assert "content/roles" not in out


def test_a_link_to_a_file_the_move_left_outside_the_docs_folder_says_where_to_link_instead(hub):
    """A page linked `../scripts/build.ts` while it sat beside scripts/; moved into content/,
    the file is in the repository still, but no site publishes it."""
    page = "---\nowner: ae\n---\n# Contributing\n\n[the script](../scripts/build.ts)\n"
    yml = MKDOCS_YML.replace("site_name:", "repo_url: https://github.com/acme/hub\nsite_name:")
    made = hub({"content/contributing.md": page, "scripts/build.ts": "export {}\n"}, mkdocs_yml=yml)
    out = made.check().out
    assert ("content/contributing.md:6: warning: links to `../scripts/build.ts`, a file of the repository "
            "outside the docs folder, which the site does not publish\n"
            "    fix: link to it where the repository is hosted "
            "(https://github.com/acme/hub/blob/HEAD/scripts/build.ts), or copy it into the docs "
            "folder") in out


def test_absolute_links_say_how_to_have_mkdocs_read_them_from_the_docs_folder(hub):
    """Artsy writes links GitHub's way (`/playbooks/rfcs.md`): the fix names the mkdocs.yml
    line that makes MkDocs resolve them, and with it they are checked and linked."""
    page = "---\nowner: ae\n---\n# Guide\n\n[RFCs](/sales/rfcs.md) and [gone](/sales/gone.md)\n"
    rfcs = "---\nowner: ae\n---\n# RFCs\n"
    made = hub({"content/sales/guide.md": page, "content/sales/rfcs.md": rfcs})
    out = made.check("--verbose").out
    assert "`validation: {links: {absolute_links: relative_to_docs}}` to mkdocs.yml" in out
    made.write("mkdocs.yml", MKDOCS_YML + "validation:\n  links:\n    absolute_links: relative_to_docs\n")
    out = made.check().out
    assert "/sales/rfcs.md" not in out and "links to `/sales/gone.md`, which is not a page" in out
    made.run("build")
    assert 'href="../rfcs/"' in made.html("sales/guide")


def test_images_a_move_into_content_left_at_the_top_are_named_and_published_once_moved_in(hub):
    """Mattermost's GitBook handbook: pages at company/about.md link `../.gitbook/assets/x.png`.
    Moved into content/, the link leads into content/, where the images are not: check says to
    move the folder in beside them and, for a dot folder, the exclude_docs line that publishes it."""
    page = "---\nowner: ae\n---\n# About\n\n![Team](../.gitbook/assets/team%20photo.png)\n"
    made = hub({"content/company/about.md": page, ".gitbook/assets/team photo.png": "PNG"})
    out = made.check().out
    assert ("content/company/about.md:6: warning: links to `../.gitbook/assets/team%20photo.png`, which "
            "is not a page or file of the hub: the file it meant stayed at the top of the repository "
            "when the pages moved\n"
            "    fix: this link worked before the pages moved into `content/`, but `.gitbook` stayed at "
            "the top: move it in beside them, where the link leads now: `git mv .gitbook content/` "
            "(MkDocs leaves folders whose name starts with a dot out of the site: add "
            "`exclude_docs: '!.gitbook/'` to mkdocs.yml)") in out
    (made.root / ".gitbook").rename(made.root / "content/.gitbook")
    made.write("mkdocs.yml", MKDOCS_YML + "exclude_docs: |\n  !.gitbook/\n")
    assert "team%20photo" not in made.check().out
    made.run("build")
    assert (made.root / "site/.gitbook/assets/team photo.png").is_file()
