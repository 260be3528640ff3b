"""`handbook serve` while the user saves something MkDocs cannot build: a broken mkdocs.yml, a
page too deep for Markdown. The preview keeps running, every address says which file and line
broke and how to fix it, the terminal says the same in one line (never a traceback), and the
save that fixes it brings the site back. Without this, MkDocs holds every request until a build
succeeds: the browser just spins."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from urllib.parse import quote

from conftest import MKDOCS_YML, previewing
from test_build import _fetch_until

GOOD = "---\nowner: ae\n---\n# Demo\n\nFirst words.\n"
# line 7 is indented deeper than the line above it
BROKEN_YAML = MKDOCS_YML.replace("  features:", "   features:")
BAD_OPTION = MKDOCS_YML.replace("  - handbook\n", "  - handbook:\n      history: maybe\n")
TOO_DEEP = "---\nowner: ae\n---\n" + "".join("    " * level + "- step\n" for level in range(250))


def _printed(output: list[str], wanted: str, timeout: float = 60) -> str:
    """Everything serve printed, once it has printed `wanted`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and wanted not in "".join(output):
        time.sleep(0.3)
    assert wanted in "".join(output), "".join(output)
    return "".join(output)


def _marker_status(base: str) -> int:
    try:
        return urllib.request.urlopen(base + "assets/handbook-failure.txt", timeout=5).status
    except urllib.error.HTTPError as error:
        return error.code


def test_a_broken_mkdocs_yml_saved_while_serving_is_shown_until_fixed(hub):
    made = hub({"playbooks/demo.md": GOOD})
    with previewing(made) as (base, output):
        _fetch_until(base + "playbooks/demo/", "First words.")
        made.write("mkdocs.yml", BROKEN_YAML)
        said = "mkdocs.yml:7: not valid YAML: mapping values are not allowed here; check the indentation"
        shown = ("<code>mkdocs.yml:7</code> not valid YAML: mapping values are not allowed here; "
                 "check the indentation")
        for address in ("playbooks/demo/", "", "no/such/page/"):  # every address, not a hang
            page = _fetch_until(base + address, "The preview stopped: 1 error")
            assert shown in page and "First words." not in page
        assert said in _printed(output, "until you fix it and save")
        assert _marker_status(base) == 200

        made.write("mkdocs.yml", BAD_OPTION)  # another mistake: the page follows it
        page = _fetch_until(base + "playbooks/demo/", "option &#39;history&#39;")
        assert ("<code>mkdocs.yml</code> Plugin &#39;handbook&#39; option &#39;history&#39;: should "
                "be true or false, not &#39;maybe&#39;") in page
        _printed(output, "mkdocs.yml: Plugin 'handbook' option 'history': should be true or false")

        made.write("mkdocs.yml", MKDOCS_YML)
        assert "The preview stopped" not in _fetch_until(base + "playbooks/demo/", "First words.")
        assert _marker_status(base) == 404  # open error pages reload
    assert "Traceback" not in "".join(output)


def test_a_page_too_deep_for_markdown_saved_while_serving_is_shown_until_fixed(hub):
    made = hub({"playbooks/demo.md": GOOD})
    with previewing(made) as (base, output):
        _fetch_until(base + "playbooks/demo/", "First words.")
        made.write("playbooks/<b>deep&.md", TOO_DEEP)  # a file name is untrusted: escaped
        page = _fetch_until(base + "playbooks/demo/", "The preview stopped: 1 error")
        assert ("<li><code>playbooks/&lt;b&gt;deep&amp;.md:4</code> error: the page is nested too "
                "deeply for Markdown to convert<br>fix: flatten the deepest nested lists") in page
        assert "<b>deep" not in page and "recursion" not in page  # Handbook's words, not MkDocs'
        assert "playbooks/&lt;b&gt;deep&amp;.md:4" in _fetch_until(base + "no/such/page/", "The preview")
        said = _printed(output, "until you fix it and save")
        assert "playbooks/<b>deep&.md:4: error: the page is nested too deeply for Markdown to convert" in said

        made.write("playbooks/<b>deep&.md", "---\nowner: ae\n---\n# Deep\n\n- Flat now.\n")
        assert "The preview stopped" not in _fetch_until(base + "playbooks/demo/", "First words.")
        _fetch_until(base + quote("playbooks/<b>deep&/"), "Flat now.")
        assert _marker_status(base) == 404
    assert "Traceback" not in "".join(output)


def test_pages_left_open_follow_each_save_by_themselves(hub, browser):
    """An error page reloads itself at each save, on any address, even one MkDocs serves as its
    404 page (which it never reloads): onto the next problem, or the fixed site."""
    made = hub({"playbooks/demo.md": GOOD})
    with previewing(made) as (base, _):
        _fetch_until(base + "playbooks/demo/", "First words.")
        context = browser.new_context()
        try:
            demo, unknown = context.new_page(), context.new_page()
            demo.goto(base + "playbooks/demo/")
            made.write("playbooks/demo.md", GOOD.replace("owner: ae", "owner: nobody"))
            demo.get_by_text("is not the id of any role").wait_for(timeout=60_000)
            unknown.goto(base + "no/such/page/")
            unknown.get_by_text("is not the id of any role").wait_for(timeout=60_000)

            made.write("mkdocs.yml", BROKEN_YAML)  # from the hub's error to the config's
            for opened in (demo, unknown):
                opened.get_by_text("not valid YAML").wait_for(timeout=60_000)

            made.write("mkdocs.yml", MKDOCS_YML)  # and back: the hub's error is still there
            for opened in (demo, unknown):
                opened.get_by_text("is not the id of any role").wait_for(timeout=60_000)

            made.write("playbooks/demo.md", GOOD)
            demo.get_by_text("First words.").wait_for(timeout=60_000)
            unknown.get_by_text("404 - Not found").wait_for(timeout=60_000)
        finally:
            context.close()
