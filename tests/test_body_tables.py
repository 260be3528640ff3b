"""Tables authors write in a page read as cards on a phone, like the generated ones: each body
cell names its column, and nothing in the article is wider than the screen. The author changes
nothing; raw HTML tables, generated tables and code blocks are left as they were.

The browser tests use the Chromium fixtures of conftest.py; without a browser they skip (on CI,
where `CI=true`, that is a failure).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import markdown
import pytest
from conftest import BASE_FILES, MKDOCS_YML, run_handbook, served
from test_phone import PHONE

from handbook.site.body_tables import CARDS

EXTENSIONS = ["tables", "admonition", "md_in_html", "attr_list", "handbook.site.body_tables"]

PRICING = """\
---
owner: ae
---
# Pricing

Quote the plan that fits the team.

| Plan | **Price** per `seat` | [Seats](https://example.com/seats) | Support &amp; <i>SLA</i> \
| "Discount" <b>&lt;max&gt;</b> | ACV |
|---|--:|:-:|---|---|---|
| Starter | $29 per user per month, billed annually | Up to 25 | Email, next business day \
| 10% for two-year terms | Under $10k |
| Growth | $49 per user per month, billed annually | 26 to 250 | Chat and phone, four hours \
| 15% above 100 seats | $10k to $120k |
| Enterprise | Custom quote from the deal desk | 250 and more | Named manager, one hour \
| Ask the deal desk | Above $120k |

!!! tip "Objections"

    | Objection | Answer |  |
    |---|---|---|
    | Too expensive | Compare with the cost of one missed shift | |

1. Before the call:

    | When | Do |
    |---|---|
    | A day before | Read the account notes |

| A | B | C | D | E | F | G | H | I | J | K | L |
|---|---|---|---|---|---|---|---|---|---|---|---|
| alpha | bravo | charlie | delta | echo | foxtrot | golf | hotel | india | juliet | kilo | lima |

<table class="raw"><tr><th>Raw</th></tr><tr><td>written as HTML</td></tr></table>

```text
a-very-long-line-of-output-that-is-wider-than-any-phone-and-must-scroll-inside-its-code-block
```
"""
CAMPAIGN = """\
---
owner: ae
starts: 2026-10-15
ends: 2027-01-31
goals:
  - {metric: MQLs, target: 400}
---
# Winter readiness

| Channel | Budget |
|---|---|
| Email | $4k |
"""
FILES = {
    **BASE_FILES,
    "playbooks/pricing.md": PRICING,
    "content/campaigns/winter.md": CAMPAIGN,
    "content/glossary/acv.md": "---\ntitle: Annual Contract Value\nabbr: ACV\n"
                               "definition: Yearly value.\n---\n",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A hub with a pricing playbook full of tables, built once for the module."""
    root = tmp_path_factory.mktemp("tables")
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    for path, text in FILES.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    result = run_handbook(root, "build", "--strict")
    assert result.code == 0, result.err
    return root / "site"


def _html(site: Path, page: str) -> str:
    text = (site / page / "index.html").read_text(encoding="utf-8")
    return text[text.index("<article"):text.index("</article>")]


def _labels(table: str) -> list[str | None]:
    """The `data-label` of each body cell of one table's HTML, None where there is none."""
    body = table[table.index("<tbody>"):]
    cells = (re.search(r'data-label="([^"]*)"', m.group(1)) for m in re.finditer(r"<td\b([^>]*)>", body))
    return [cell.group(1) if cell else None for cell in cells]


def _tables(article: str) -> list[str]:
    return re.findall(r"<table.*?</table>", article, re.DOTALL)


def test_each_body_cell_of_an_authored_table_names_its_column_escaped(site):
    pricing, objections, steps, wide, raw = _tables(_html(site, "playbooks/pricing"))
    assert pricing.startswith(f'<table {CARDS}="">')
    # markup, links and code read as their words; `&`, `<` and `"` stay text in the attribute
    columns = ["Plan", "Price per seat", "Seats", "Support &amp; SLA", "&quot;Discount&quot; &lt;max&gt;",
               "ACV"]
    assert _labels(pricing) == columns * 3
    assert '<td data-label="Plan">Starter</td>' in pricing
    assert _labels(objections) == ["Objection", "Answer", None]  # an empty header names nothing
    assert _labels(steps) == ["When", "Do"]  # in an admonition, in a list: the same
    assert _labels(wide) == list("ABCDEFGHIJKL")  # twelve columns are twelve lines of a card
    assert raw == '<table class="raw"><tr><th>Raw</th></tr><tr><td>written as HTML</td></tr></table>'


def test_a_generated_table_keeps_its_own_labels_once(site):
    page = _html(site, "campaigns/winter")
    generated, written = sorted(_tables(page), key=lambda t: "Metric" not in t)
    assert '<td data-label="Metric">MQLs</td>\n<td data-label="Target">400</td>' in generated
    assert generated.count("data-label=") == 3
    assert _labels(written) == ["Channel", "Budget"]


def test_tables_that_cannot_be_labelled_right_are_left_alone():
    def convert(text: str) -> str:
        return markdown.markdown(text, extensions=EXTENSIONS)

    spans_rows = '<table markdown="1"><tr><th>A</th></tr><tr><td rowspan="2">1</td></tr></table>'
    two_headers = ('<table markdown="1"><thead><tr><th>A</th></tr><tr><th>B</th></tr></thead>'
                   "<tbody><tr><td>1</td></tr></tbody></table>")
    labelled = '<table markdown="1"><tr><td data-label="Mine">1</td></tr></table>'
    for table in (spans_rows, two_headers, labelled):
        assert CARDS not in convert(table), table
    spans_columns = ('<table markdown="1"><thead><tr><th colspan="2">Price</th><th>Plan</th></tr>'
                     '</thead><tbody><tr><td>1</td><td>2</td><td>3</td></tr>'
                     '<tr><td colspan="2">12</td><td>x</td></tr></tbody></table>')
    html = convert(spans_columns)
    assert _labels(html) == ["Price", "Price", "Plan", "Price", "Plan"]
    assert "data-label" not in convert("| |\n|-|\n| no header |\n")  # still cards, with no names


def test_a_label_is_escaped_once_for_its_attribute():
    html = markdown.markdown('| `a<b & "c"` | AT&T &copy; \\* |\n|-|-|\n| 1 | 2 |\n',
                             extensions=EXTENSIONS)
    assert _labels(html) == ["a&lt;b &amp; &quot;c&quot;", "AT&amp;T © *"]
    assert "wzxhzdk" not in html and "\x02" not in html


# --- on a phone ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def site_url(site: Path) -> Iterator[str]:
    with served(site) as url:
        yield url


# Every element of the article that reaches past the screen's right edge, where a reader would
# scroll sideways to see it (code blocks scroll their long lines by design; a table's header row
# is hidden on a phone, for screen readers only), and whether each code block can still scroll.
MEASURE = """() => {
  const unseen = el => el.closest("pre") || el.parentElement.closest("thead");  // not the thead
  const wide = [...document.querySelectorAll("article *")]
    .filter(el => el.getBoundingClientRect().right > innerWidth + 0.5 && !unseen(el))
    .map(el => `${el.tagName.toLowerCase()}.${el.className}: ${el.getBoundingClientRect().right}`);
  const code = [...document.querySelectorAll("article pre > code")]
    .map(el => el.scrollWidth > el.clientWidth);
  return {wide, code, page: document.documentElement.scrollWidth};
}"""
# What each body cell of the first table shows before its value.
SHOWN = """() => [...document.querySelectorAll("article table")[0].querySelectorAll("tbody td")]
  .map(td => getComputedStyle(td, "::before").content)"""


def test_nothing_in_the_article_is_wider_than_a_phone(browser, site_url):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(site_url + "playbooks/pricing/")
    page.wait_for_load_state("networkidle")
    measured = page.evaluate(MEASURE)
    shown = page.evaluate(SHOWN)
    context.close()
    assert measured["wide"] == [], measured["wide"]
    assert measured["page"] <= PHONE["viewport"]["width"]
    assert measured["code"] == [True]  # a code block still scrolls its long line
    assert shown[:6] == ['"Plan"', '"Price per seat"', '"Seats"', '"Support & SLA"',
                         '"\\"Discount\\" <max>"', '"ACV"']


def test_an_authored_table_stays_material_s_own_on_a_desktop(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site_url + "playbooks/pricing/")
    page.wait_for_load_state("networkidle")
    shown = page.evaluate("""() => { const t = document.querySelector("article table");
        return [getComputedStyle(t).display, getComputedStyle(t.querySelector("thead")).position,
                getComputedStyle(t.querySelector("td"), "::before").content,
                t.parentElement.parentElement.className]; }""")
    context.close()
    assert shown == ["table", "static", "none", "md-typeset__scrollwrap"]
