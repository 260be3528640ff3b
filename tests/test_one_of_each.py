"""One definition of each thing: relative links, intervals, and where Markdown templates are
overridden (the hub's own `custom_dir`)."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import MKDOCS_YML
from mkdocs.utils import get_relative_url

from handbook.model.documents import Campaign, Document, Role, interval_days, parse_day
from handbook.model.links import page_url_of, relative_url
from handbook.model.markdown import relative


@pytest.mark.parametrize(("here", "there", "link"), [
    ("sales/faq.md", "sales/pricing.md", "pricing.md"),  # same folder
    ("sales/faq.md", "sales/faq.md", "faq.md"),
    ("sales/deep/faq.md", "sales/pricing.md", "../pricing.md"),  # parent
    ("playbooks/demo.md", "process/qualify.md", "../process/qualify.md"),
    ("index.md", "roles/ae.md", "roles/ae.md"),  # from the root
    ("roles/field/ae.md", "index.md", "../../index.md"),  # to the root
    ("campaigns/index.md", "campaigns/spring.md", "spring.md"),  # index pages
    ("whats-new/index.md", "whats-new/feed.xml", "feed.xml"),
    ("v1.2/notes.md", "v1.2/x.md", "x.md"),  # a dot in a folder is not a file
])
def test_markdown_links_go_from_file_to_file(here, there, link):
    assert relative_url(here, there) == link
    assert get_relative_url(there, here) == link  # the host's helper agrees


@pytest.mark.parametrize(("here", "there", "link"), [
    ("sales/faq.md", "sales/pricing.md", "../pricing/"),  # same folder: pages are folders
    ("sales/faq.md", "sales/faq.md", "./"),
    ("playbooks/demo.md", "process/qualify.md", "../../process/qualify/"),
    ("campaigns/index.md", "campaigns/spring.md", "spring/"),  # index pages are their folder
    ("campaigns/spring.md", "campaigns/index.md", "../"),
    ("assets/README.md", "assets/x/print.md", "x/print/"),
    ("index.md", "roles/ae.md", "roles/ae/"),  # from the root
    ("roles/ae.md", "index.md", "../../"),  # to the root
    ("index.md", "index.md", "./"),
])
def test_html_links_go_from_page_to_page(here, there, link):
    assert relative_url(here, there, pages=True) == link
    assert get_relative_url(page_url_of(there) or "./", page_url_of(here) or "./") == link


@pytest.mark.parametrize(("here", "there", "link"), [
    ("index.md", "releases/r1.md#ledger", "releases/r1.md#ledger"),  # anchors kept as anchors
    ("releases/index.md", "releases/r1.md#ledger", "r1.md#ledger"),
    ("index.md", "a#b.md", "a%23b.md"),  # a `#` in a file name is no anchor
    ("index.md", 'a "b" #c/x.md#top', "a%20%22b%22%20%23c/x.md#top"),
    ("x/index.md", "x/(draft).md", "%28draft%29.md"),
])
def test_markdown_link_targets_are_quoted_and_keep_their_anchor(here, there, link):
    assert relative(here, there) == link


@pytest.mark.parametrize(("written", "days"), [
    ("90 days", 90), ("1 day", 1), ("2 weeks", 14), ("6 months", 180), ("1 year", 365),
    ("7d", 7), ("2w", 14), ("3m", 90), ("1y", 365), (" 30 d ", 30), ("4weeks", 28),
])
def test_one_interval_grammar_for_reviews_and_periods(written, days):
    assert interval_days(written) == days
    now = dt.date(2026, 11, 23)
    assert parse_day(written, now) == now - dt.timedelta(days=days)


@pytest.mark.parametrize("written", ["90", "days", "7 x", "7 dayz", "-7d", "1.5 weeks", "last week"])
def test_what_is_not_an_interval(written):
    with pytest.raises(ValueError, match="not an interval"):
        interval_days(written)
    with pytest.raises(ValueError, match="not a period like 7d or 2w"):
        parse_day(written, dt.date(2026, 11, 23))


def test_front_matter_and_the_command_line_take_the_same_intervals(git_repo):
    repo = git_repo({"content/p.md": "---\nowner: ae\nreviewed: 2026-01-01\nreview_every: 3m\n---\n# P\n",
                     "content/q.md": "---\nowner: ae\nreviewed: 2026-11-01\nreview_every: 1y\n---\n# Q\n"})
    repo.commit("Add the hub")
    result = repo.hub.check("--verbose")
    assert "content/p.md:3: notice: review overdue since 2026-04-01" in result.out, result.out
    assert "content/q.md" not in result.out and "not an interval" not in result.out
    assert repo.hub.run("digest", "--since", "2 weeks", "--format", "md").code == 0


def test_fields_of_another_kind_are_a_bug_not_a_guess():
    fields = Role.model_validate({"owner": "ae", "team": "sales"})
    role = Document("roles/ae", "role", "content/roles/ae.md", "roles/ae.md", fields, "Sells.\n")
    assert role.fields_as(Role).team == "sales"
    with pytest.raises(TypeError, match="content/roles/ae.md is a role, not a Campaign"):
        role.fields_as(Campaign)


def test_markdown_templates_are_overridden_from_the_hubs_custom_dir(hub):
    mkdocs_yml = MKDOCS_YML.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n")
    made = hub({
        "overrides/markdown/page.md": "{{ body }}\n\nDrawn by the hub template for {{ doc.title }}.\n",
        "theme/markdown/page.md": "{{ body }}\n\nFrom the old fixed folder.\n",
        "content/sales/faq.md": "---\nowner: ae\n---\n# FAQ\n\nAsk away.\n",
    }, mkdocs_yml=mkdocs_yml)
    made.build()
    html = made.html("sales/faq")
    assert "Ask away." in html and "Drawn by the hub template for FAQ." in html
    assert "From the old fixed folder" not in html
    assert "markdown" not in {p.name for p in (made.root / "site").iterdir()}  # not published
    assert "Drawn by" not in made.html("roles/ae")  # roles keep their own template
