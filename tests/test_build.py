"""Building hubs through the CLI and through `mkdocs build`, and reading the HTML."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time

from conftest import MKDOCS_YML, previewing

CAMPAIGN = """\
---
title: Winter readiness
owner: ae
audience: [ae]
starts: 2026-10-15
ends: 2027-01-31
messages:
  - Book a furnace check before the first freeze.
goals:
  - metric: MQLs
    target: 400
leads:
  expected: About 120 MQLs a week
  follow_up: 24 hours
---
# Winter readiness

Lead with the freeze.
"""


def test_build_renders_fields_and_body(hub):
    made = hub({"content/campaigns/winter.md": CAMPAIGN})
    made.build()
    page = made.html("campaigns/winter")
    assert "<h1 id=\"winter-readiness\">Winter readiness</h1>" in page
    assert "<li>Book a furnace check before the first freeze.</li>" in page
    assert ('<td data-label="Metric">MQLs</td>\n<td data-label="Target">400</td>\n'
            '<td data-label="Actual">in progress</td>') in page
    assert '<a href="../../roles/ae/">Account Executive</a>' in page
    assert "<p>Lead with the freeze.</p>" in page


def test_mkdocs_build_uses_the_plugin(hub):
    made = hub({"content/campaigns/winter.md": CAMPAIGN})
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=made.root,
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "Book a furnace check" in made.html("campaigns/winter")


def test_playbooks_are_published_with_their_own_paths(hub):
    made = hub({
        "playbooks/demo.md": "---\nowner: ae\nstages: [qualify]\n---\n# Demo\n\n"
                             "Read [the home page](../content/index.md) first.\n\n![Board](img/board.png)\n",
        "playbooks/img/board.png": "not really a png",
        "playbooks/process/qualify.md": "---\nowner: ae\norder: 1\nexit: [Budget known]\n---\n# Qualify\n",
    })
    made.build()
    demo = made.html("playbooks/demo")
    assert '<a href="../../">the home page</a>' in demo
    assert '<a href="../../process/qualify/">Qualify</a>' in demo
    assert '<img alt="Board" src="../img/board.png" />' in demo
    assert (made.root / "site/playbooks/img/board.png").is_file()
    assert "<li>Budget known</li>" in made.html("process/qualify")


def test_edit_links_point_at_the_source_file(hub):
    made = hub({"playbooks/demo.md": "---\nowner: ae\n---\n# Demo\n"})
    made.build()
    assert 'href="https://github.com/acme/hub/edit/main/playbooks/demo.md"' in made.html(
        "playbooks/demo")


def test_search_index_holds_every_document(hub):
    made = hub({"content/campaigns/winter.md": CAMPAIGN,
                "playbooks/demo.md": "---\nowner: ae\n---\n# Demo\n\nShow the dispatch board.\n"})
    made.build()
    pages = made.search_pages()
    assert {"/", "/roles/ae/", "/campaigns/winter/", "/playbooks/demo/"} <= set(pages)
    bodies = " ".join(p["content"] for p in pages.values())
    assert "Show the dispatch board." in bodies


def test_front_matter_text_is_escaped(hub):
    made = hub({"playbooks/x.md": """\
        ---
        title: "Deal <script>alert(1)</script>"
        owner: ae
        description: "<img src=x onerror=alert(2)>"
        tags: ["<b>t</b>"]
        ---
        Body.
        """, "content/glossary/mql.md": """\
        ---
        abbr: MQL
        definition: "A lead <img src=x onerror=alert(3)> [click](javascript:alert(4))"
        ---
        """})
    made.build()
    for page in ("playbooks/x", "glossary/mql"):
        html = made.html(page)
        assert "<script>alert" not in html and "<img src=x" not in html
        assert 'href="javascript:' not in html
    assert "Deal &lt;script&gt;alert(1)&lt;/script&gt;" in made.html("playbooks/x")
    # search holds the title as text; results show it as text (test_search.py, in the browser)
    assert made.search_pages()["/playbooks/x/"]["meta"]["title"] == "Deal <script>alert(1)</script>"


def test_build_with_errors_keeps_the_previous_site(hub):
    made = hub()
    made.build()
    before = made.html("")
    made.write("playbooks/bad.md", "---\nowner: nobody\n---\n# Bad\n")
    result = made.run("build")
    assert result.code == 1
    assert "playbooks/bad.md:2: error: `nobody` is not the id of any role" in result.err
    assert "handbook check: 1 error; the site was not changed" in result.err
    assert "Traceback" not in result.err
    assert made.html("") == before
    assert not list(made.root.glob(".site.*"))


def test_strict_build_with_warnings_keeps_the_previous_site(hub):
    made = hub()
    made.build()
    made.write("content/index.md", "# Home\n\nSee [missing](nowhere.md).\n")
    result = made.run("build", "--strict")
    assert result.code == 1
    assert "Aborted with 1 warnings in strict mode" in result.err
    assert "nowhere.md" not in made.html("")


def test_killed_build_keeps_the_previous_site(hub):
    made = hub({f"playbooks/p{i}.md": f"---\nowner: ae\n---\n# Page {i}\n\n{'Text. ' * 200}\n"
                for i in range(300)})
    made.build()
    before = made.html("")
    proc = subprocess.Popen([sys.executable, "-m", "handbook", "build"], cwd=made.root,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    staging = None
    for _ in range(600):  # wait until the build is writing into its staging folder
        staging = next(made.root.glob(".site.building-*"), None)
        if staging is not None and any(staging.iterdir()):
            break
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert staging is not None, "the build never started writing"
    assert made.html("") == before
    made.build()  # the next build clears the leftover staging folder
    assert not list(made.root.glob(".site.building-*"))


def test_site_dir_option(hub, tmp_path):
    made = hub()
    made.build("--site-dir", str(tmp_path / "out"))
    assert (tmp_path / "out/index.html").is_file()


def test_pages_carry_only_the_navigation_a_reader_sees(hub):
    """Lean pages: navigation pruned (the plugin turns it on) and long sections split into
    groups, so a page does not grow with the hub; breadcrumbs and previous/next stay."""
    playbooks = {f"playbooks/p{i:03}.md": f"---\ntitle: Play {i:03}\nowner: ae\n---\n# Play {i:03}\n"
                 for i in range(100)}
    features = "features: [navigation.tabs, navigation.sections, navigation.path, navigation.footer]"
    made = hub(playbooks, mkdocs_yml=MKDOCS_YML.replace("features: [content.action.edit]", features))
    made.build()
    page = made.html("playbooks/p050")
    linked = set(re.findall(r'href="\.\./p(\d{3})/"', page))
    assert {"040", "049", "051", "079"} <= linked  # its own group, with previous and next
    assert not linked & {"010", "039", "081", "099"}  # other groups: only their first page
    assert "Play 040 – Play 079" in page  # the group is named like a dictionary's guide words
    assert 'class="md-path"' in page  # breadcrumbs
    home = made.html("")
    assert set(re.findall(r'href="playbooks/(p\d{3})/"', home)) == {"p000"}  # only the tab's own link


def _fetch_until(url: str, wanted: str, timeout: float = 60) -> str:
    """The page at `url` once it contains `wanted` (the preview rebuilds in the background);
    an error page counts too. A request that hangs fails after 5 seconds."""
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + timeout
    body = ""
    while time.monotonic() < deadline:
        try:
            body = urllib.request.urlopen(url, timeout=5).read().decode()
        except urllib.error.HTTPError as error:
            body = error.read().decode()
        except OSError:
            body = ""
        if wanted in body:
            return body
        time.sleep(0.3)
    raise AssertionError(f"{url} never showed {wanted!r}; last seen:\n{body[-500:]}")


def test_serve_previews_and_rebuilds_after_an_edit(hub):
    made = hub({"playbooks/demo.md": "---\nowner: ae\n---\n# Demo\n\nFirst words.\n"})
    with previewing(made) as (base, output):
        url = base + "playbooks/demo/"
        _fetch_until(url, "First words.")
        made.write("playbooks/demo.md", "---\nowner: ae\n---\n# Demo\n\nSecond words.\n")
        _fetch_until(url, "Second words.")
        # a broken edit is reported with file and line (and shown in the browser: test_phone.py)
        made.write("playbooks/demo.md", "---\nowner: nobody\n---\n# Demo\n\nThird words.\n")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not any("playbooks/demo.md:2" in line for line in output):
            time.sleep(0.3)
        assert any("playbooks/demo.md:2: error: `nobody` is not the id of any role" in line
                   for line in output), "".join(output)
        made.write("playbooks/demo.md", "---\nowner: ae\n---\n# Demo\n\nFixed words.\n")
        _fetch_until(url, "Fixed words.")
