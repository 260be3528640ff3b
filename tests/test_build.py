"""Building hubs through the CLI and through `mkdocs build`, and reading the HTML."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

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
    assert "<td>MQLs</td>\n<td>400</td>\n<td>in progress</td>" in page
    assert '<a href="../../roles/ae/">Account Executive</a>' in page
    assert "<p>Lead with the freeze.</p>" in page


def test_mkdocs_build_uses_the_plugin(hub):
    made = hub({"content/campaigns/winter.md": CAMPAIGN})
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=made.root,
                          capture_output=True, text=True)
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
    locations = {d["location"] for d in made.search_index()["docs"]}
    assert {"", "roles/ae/", "campaigns/winter/", "playbooks/demo/"} <= locations
    bodies = " ".join(d["text"] for d in made.search_index()["docs"])
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
    index = (made.root / "site/search/search_index.json").read_text()
    assert "<script>" not in index and "<img src=x" not in index


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
