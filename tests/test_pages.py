"""The generated pages sales and marketing use: built from documents, read back as HTML."""

from __future__ import annotations

import re

import pytest

# Dates as SOURCE_DATE_EPOCH values.
FEB_2026, APR_2026, JUL_2026 = "1770508800", "1775606400", "1783468800"

SPRING = """\
---
title: Spring tune-up
owner: ae
audience: [ae]
starts: 2026-03-01
ends: 2026-05-31
messages: ["Tune up your dispatch before the cooling season."]
goals:
  - metric: MQLs
    target: 600
---
Fix dispatch before the cooling season rush.
"""
WINTER = """\
---
title: Winter readiness
owner: ae
audience: [ae]
starts: 2026-06-01
ends: 2027-01-31
messages: ["Get ready before the first cold snap."]
---
Fix dispatch before the cooling season rush, and before winter.
"""


def section(page: str, heading_id: str) -> str:
    """The HTML from one h2 to the next."""
    start = re.search(f'<h2[^>]* id="{heading_id}"', page).start()
    end = page.find("<h2", start + 1)
    return page[start:end if end > 0 else None]


@pytest.mark.parametrize(("epoch", "expected"), [
    (FEB_2026, "upcoming"), (APR_2026, "current"), (JUL_2026, "ended"),
])
def test_campaign_moves_from_upcoming_to_current_to_ended(hub, epoch, expected):
    made = hub({"content/campaigns/spring.md": SPRING})
    made.run("build", env={"SOURCE_DATE_EPOCH": epoch})
    board = made.html("campaigns")
    assert "Spring tune-up" in section(board, expected)
    for other in {"current", "upcoming", "ended"} - {expected}:
        assert "Spring tune-up" not in section(board, other)
    assert f'class="hb-banner hb-banner--{expected}"' in made.html("campaigns/spring")


def test_ended_campaign_warns_and_points_to_the_current_one(hub):
    made = hub({"content/campaigns/spring.md": SPRING, "content/campaigns/winter.md": WINTER})
    made.run("build", env={"SOURCE_DATE_EPOCH": JUL_2026})
    page = made.html("campaigns/spring")
    assert ('<div class="hb-banner hb-banner--ended" role="note">\n<p>This campaign ended on '
            '31 May 2026. Do not use its messages or offer in conversations. '
            '<a href="../winter/">Use Winter readiness instead</a>.</p>') in page
    assert "<h1 id=\"spring-tune-up-ended\">Spring tune-up (Ended)" in page
    assert "No results reported yet" in page  # ended, and no goal has an actual
    board = made.html("campaigns")
    assert "<em>no results reported yet</em>" in section(board, "ended")
    assert "Get ready before the first cold snap." in section(board, "current")


def test_search_ranks_current_campaigns_above_ended_ones_and_says_ended(hub):
    made = hub({"content/campaigns/spring.md": SPRING, "content/campaigns/winter.md": WINTER,
                "content/assets/old.md": "---\nowner: ae\nurl: https://x.example/a\nstatus: retired\n---\n"
                                         "# Old deck\n",
                "content/assets/lapsed.md": "---\nowner: ae\nurl: https://x.example/b\nexpires: 2026-06-30\n"
                                            "---\n# Flyer\n",
                "playbooks/process/qualify.md": "---\nowner: ae\norder: 1\n---\n# Qualify\n",
                "playbooks/calls.md": "---\nowner: ae\n---\n# Calls\n"})
    made.run("build", env={"SOURCE_DATE_EPOCH": JUL_2026})
    docs = {url.lstrip("/"): page["meta"] for url, page in made.search_pages().items()}
    boost = {location: float(meta.get("boost", 1)) for location, meta in docs.items()}
    assert boost["process/qualify/"] > boost["playbooks/calls/"] == 1  # stages rise
    assert docs["assets/lapsed/"]["title"] == "Flyer (Expired)" and boost["assets/lapsed/"] < 1
    assert boost["campaigns/winter/"] > 1 > boost["campaigns/spring/"]
    assert docs["campaigns/spring/"]["title"] == "Spring tune-up (Ended)"
    assert docs["assets/old/"]["title"] == "Old deck (Retired)"
    assert boost["assets/old/"] < 1
    assert "(Ended)" not in docs["campaigns/winter/"]["title"]


PROCESS = {
    "playbooks/process/qualify.md": "---\nowner: ae\norder: 2\nbuyer: Comparing notes\n"
                                    "entry: [Replied]\nexit: [Budget confirmed]\nactivities: [Call]\n---\n"
                                    "# Qualify\n",
    "playbooks/process/prospect.md": "---\nowner: ae\norder: 1\nbuyer: Not looking yet\n"
                                     "assets: [sheet]\n---\n# Prospect\n",
    "playbooks/cold-calls.md": "---\nowner: ae\nstages: [prospect]\n---\n# Cold calls\n",
    "content/assets/sheet.md": "---\nowner: ae\nurl: https://x.example/sheet.pdf\n---\n# Sell sheet\n",
}


def test_process_map_shows_stages_in_order_with_buyer_and_reverse_links(hub):
    made = hub(PROCESS)
    made.build()
    page = made.html("process")
    diagram = re.search(r'<pre class="mermaid"><code>(.*?)</code></pre>', page, re.DOTALL).group(1)
    assert diagram.index("1. Prospect") < diagram.index("2. Qualify")
    assert "&lt;i&gt;Buyer: Not looking yet&lt;/i&gt;" in diagram and "s0 --&gt; s1" in diagram
    prospect = section(page, "prospect")
    assert '<a href="../playbooks/cold-calls/">Cold calls</a>' in prospect  # playbook names the stage
    assert '<a href="../assets/sheet/">Sell sheet</a>' in prospect
    assert '<a href="../roles/ae/">Account Executive</a>' in prospect
    qualify = section(page, "qualify")
    for text in ("Enters when:", "<li>Replied</li>", "Leaves when:", "<li>Budget confirmed</li>",
                 "<li>Call</li>"):
        assert text in qualify


def test_expectations_matrix_shows_who_owes_what_to_whom(hub):
    made = hub({"content/roles/pmm.md": "---\ntitle: Product Marketing\nowner: pmm\nexpectations:\n"
                "  - what: Sell sheet for a new deal\n    within: 3 business days\n    for: ae\n---\n"})
    made.build()
    page = made.html("roles")
    assert ('<td data-label="From"><a href="pmm/">Product Marketing</a></td>\n'
            '<td data-label="Owes">Sell sheet for a new deal</td>\n'
            '<td data-label="To"><a href="ae/">Account Executive</a></td>\n'
            '<td data-label="Within"><strong>3 business days</strong></td>') in page
    ae = made.html("roles/ae")
    assert "What others owe this role" in ae and "Sell sheet for a new deal" in ae


def test_glossary_has_letters_and_abbreviations_become_tooltips_everywhere(hub):
    made = hub({
        "content/glossary/mql.md": "---\ntitle: Marketing Qualified Lead\nabbr: MQL\naliases: [MQLs]\n"
                                   "definition: A lead marketing hands to sales.\n---\n",
        "content/glossary/acv.md": "---\ntitle: Annual Contract Value\nabbr: ACV\ndefinition: Yearly value.\n"
                                   "---\n",
        "playbooks/handoff.md": "---\nowner: ae\n---\n# Handoff\n\nCall every MQL within a day.\n\n"
                                "Most MQLs come from webinars.\n",
    })
    made.build()
    glossary = made.html("glossary")
    assert '<a href="#letter-a">A</a> · <a href="#letter-m">M</a>' in glossary
    assert glossary.index('id="letter-a"') < glossary.index('id="letter-m"')
    assert re.search(r"<em>Also: (<abbr [^>]+>)?MQLs(</abbr>)?\.</em>", glossary)
    assert ('Call every <abbr title="Marketing Qualified Lead: A lead marketing hands to sales.">'
            'MQL</abbr> within a day.') in made.html("playbooks/handoff")
    assert ('Most <abbr title="Marketing Qualified Lead: A lead marketing hands to sales.">MQLs</abbr> '
            'come from webinars') in made.html("playbooks/handoff")  # plurals too


def test_onboarding_path_is_a_checklist_in_the_roles_order(hub):
    made = hub({
        "content/roles/ae.md": "---\ntitle: Account Executive\nowner: ae\nonboarding: [b, a]\n---\n",
        "playbooks/a.md": "---\nowner: ae\n---\n# Read A\n",
        "playbooks/b.md": "---\nowner: ae\n---\n# Read B\n",
    })
    made.build()
    page = made.html("onboarding/ae")
    steps = re.findall(r'<input type="checkbox" class="hb-step" id="step-(\w+)" data-step="\w+"', page)
    assert steps == ["b", "a"]
    assert '<span class="hb-progress" data-total="2">0 of 2</span>' in page
    assert '<ol class="hb-steps" data-role="ae">' in page
    assert '<a href="ae/">Account Executive</a>: 2 steps' in made.html("onboarding")
    script = (made.root / "site/assets/handbook.js").read_text()
    assert "localStorage" in script and '" of "' in script


def test_collateral_flags_stale_material_and_offers_a_printable_version(hub):
    made = hub({
        "content/assets/sheet.md": "---\nowner: ae\nurl: https://x.example/s.pdf\npersonalize: true\n---\n"
                                   "# Sell sheet\n",
        "content/assets/old.md": "---\nowner: ae\nurl: https://x.example/o.pdf\nstatus: retired\n---\n"
                                 "# Old deck\n",
        "content/assets/flyer.md": "---\nowner: ae\nurl: https://x.example/f.pdf\nexpires: 2026-01-31\n---\n"
                                   "# Flyer\n",
    })
    made.build()
    page = made.html("assets")
    rows = re.findall(r'<td data-label="Material"><a href="(\w+)/">', page)
    assert rows == ["sheet", "flyer", "old"]  # approved first, stale sinks
    assert '<span class="hb-status hb-status--retired">Retired</span>' in page
    assert '<span class="hb-status hb-status--expired">Expired</span>' in page
    assert '<a href="sheet/print/">printable</a>' in page
    printable = made.html("assets/sheet/print")
    for field in ("name", "title", "email", "phone"):
        assert f'id="hb-{field}"' in printable and f'data-hb-field="{field}"' in printable
    assert "This material expired on 31 Jan 2026" in made.html("assets/flyer")
    assert "This material is retired" in made.html("assets/old")


def test_every_page_offers_request_and_report_links(hub):
    made = hub({"playbooks/demo.md": "---\nowner: ae\n---\n# Demo\n"})
    made.build()
    for page in ("playbooks/demo", "roles", "freshness"):  # generated pages this hub has
        html = made.html(page)
        assert 'href="https://github.com/acme/hub/issues/new?title=Material+request' in html
        assert ">Report something out of date</a>" in html
    assert ("title=Out+of+date%3A+Demo&amp;body=Page%3A+%60playbooks%2Fdemo.md%60+%28owner%3A+ae%29"
            in made.html("playbooks/demo"))


def test_freshness_lists_stale_content_with_owners_and_banners_it(hub):
    made = hub({
        "playbooks/pricing.md": "---\nowner: ae\nreviewed: 2025-01-01\n---\n# Pricing\n",
        "playbooks/pitch.md": "---\nowner: ae\n---\n# Pitch\n\n"
                              "Use the [old deck](../content/assets/old.md).\n",
        "content/assets/old.md": "---\nowner: ae\nurl: https://x.example/o.pdf\nstatus: retired\n---\n"
                                 "# Old deck\n",
        "content/notes.md": "# Notes\n",
    })
    made.build()
    page = made.html("freshness")
    assert ('<a href="../playbooks/pricing/">Pricing</a>: due 30 Jun 2025, owner '
            '<a href="../roles/ae/">Account Executive</a>') in section(page, "overdue")
    assert ('<a href="../playbooks/pitch/">Pitch</a> links to <a href="../assets/old/">Old deck</a> (retired)'
            in section(page, "stale-links"))
    assert '<a href="../notes/">Notes</a>' in section(page, "unowned")
    assert "This page was due for review on 30 Jun 2025" in made.html("playbooks/pricing")
    check = made.check()
    assert "playbooks/pitch.md:6: notice: links to asset `old`, which is retired" in check.out


def test_unlisted_pages_stay_out_of_the_navigation(hub):
    made = hub({"content/assets/sheet.md": "---\nowner: ae\nurl: https://x.example/s.pdf\npersonalize: true\n"
                                           "---\n# Sheet\n",
                # sections are generated only for what the hub has
                "content/campaigns/now.md": "---\nowner: ae\nstarts: 2026-11-01\nends: 2026-12-31\n---\n"
                                            "# Now\n",
                "playbooks/process/qualify.md": "---\nowner: ae\norder: 1\n---\n# Qualify\n",
                "content/glossary/mql.md": "---\nabbr: MQL\ndefinition: A qualified lead\n---\n# MQL\n"})
    made.build()
    home = made.html(".")
    assert 'href="assets/sheet/print/"' not in home
    assert 'href="whats-new/ae/"' not in home
    order = [home.index(f'href="{section}/"') for section in ("campaigns", "process", "roles", "glossary")]
    assert order == sorted(order)  # the order readers need, not the alphabet


FULL_CAMPAIGN = """\
---
title: Winter readiness
owner: demand-gen
audience: [ae]
starts: 2026-10-01
ends: 2027-01-31
channels: [Email, LinkedIn]
messages: ["Get through the first cold snap without adding a dispatcher.", "Live in 19 days."]
offer: A free winter dispatch audit until December 15.
leads:
  expected: About 120 MQLs from HVAC companies
  handoff: In HubSpot, tagged WINTER26, within 1 business day
  follow_up: 24 hours
goals:
  - metric: MQLs
    target: 600
    actual: 212
assets: [sheet]
---
Body text.
"""


def test_campaign_page_says_what_to_say_first_then_offer_leads_goals_and_materials(hub):
    made = hub({"content/campaigns/winter.md": FULL_CAMPAIGN,
                "content/roles/demand-gen.md": "---\ntitle: Demand Gen\nowner: demand-gen\n---\n"
                                               "# Demand Gen\n",
                "content/assets/sheet.md": "---\nowner: ae\nurl: https://x.example/sheet.pdf\n---\n"
                                           "# Sell sheet\n"})
    made.build()
    page = made.html("campaigns/winter")
    sections = ("key-messages", "offer", "leads-for-sales", "goals", "materials")
    order = [page.index(f'id="{h}"') for h in sections]
    assert order == sorted(order)
    assert "<li>Get through the first cold snap without adding a dispatcher.</li>" in page
    assert "Email, LinkedIn" in page and "A free winter dispatch audit until December 15." in page
    assert "<li><strong>What you will receive:</strong> About 120 MQLs from HVAC companies</li>" in page
    assert "<li><strong>Hand-off:</strong> In HubSpot, tagged WINTER26, within 1 business day</li>" in page
    assert "<li><strong>Follow up within:</strong> 24 hours</li>" in page
    assert ('<td data-label="Metric">MQLs</td>\n<td data-label="Target">600</td>\n'
            '<td data-label="Actual">212</td>') in page
    assert '<a href="../../assets/sheet/">Sell sheet</a>' in page


def test_role_page_lists_responsibilities_what_it_owes_and_what_it_keeps_true(hub):
    made = hub({
        "content/roles/ae.md": "---\ntitle: Account Executive\nowner: ae\nresponsibilities: [Run demos]\n"
                               "expectations:\n  - what: Update the CRM after each call\n    within: 1 day\n"
                               "    for: pm\n---\n# AE\n",
        "content/roles/pm.md": "---\ntitle: Product Marketing\nowner: pm\nexpectations:\n"
                               "  - what: A sell sheet for a new deal\n    within: 3 business days\n"
                               "    for: ae\n---\n# PM\n",
        "playbooks/demo.md": "---\ntitle: Demo\nowner: ae\n---\n# Demo\n",
    })
    made.build()
    page = made.html("roles/ae")
    assert "<li>Run demos</li>" in page
    assert ('<td data-label="What">Update the CRM after each call</td>\n'
            '<td data-label="Within">1 day</td>') in page
    owed = section(page, "owed")
    assert ('<td data-label="What">A sell sheet for a new deal</td>\n'
            '<td data-label="Within">3 business days</td>') in owed
    assert '<a href="../../playbooks/demo/">Demo</a> <small>playbook</small>' in section(page, "owns")
