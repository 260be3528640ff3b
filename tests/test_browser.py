"""The sample hub in a real browser: search, banners, checklists, tooltips, printing, phones,
and accessibility (axe-core). Playwright drives Debian's Chromium over a local HTTP server.

Without a browser these tests skip, except on CI (`CI=true`), where that is a failure.
"""

from __future__ import annotations

import hashlib
import io
import os
import tarfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import browser_unavailable as _unavailable

AXE_VERSION = "4.14.1"
AXE_SHA1 = "14d8a6f3f085afd126b8b5ca1e42e50e17fb1d99"  # the npm registry's shasum of the tarball


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core from the npm registry, checked against its published shasum, cached."""
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "handbook-tests"
    script = cache / f"axe-{AXE_VERSION}.min.js"
    if not script.exists():
        url = f"https://registry.npmjs.org/axe-core/-/axe-core-{AXE_VERSION}.tgz"
        try:
            data = urllib.request.urlopen(url, timeout=60).read()
        except OSError as exc:
            _unavailable(f"cannot download axe-core: {exc}")
        assert hashlib.sha1(data).hexdigest() == AXE_SHA1, "axe-core tarball does not match its shasum"
        with tarfile.open(fileobj=io.BytesIO(data)) as tar:
            member = tar.extractfile("package/axe.min.js")
            assert member is not None
            cache.mkdir(parents=True, exist_ok=True)
            script.write_bytes(member.read())
    return script.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def timings(artifacts: Path) -> Iterator[list[str]]:
    """Time from typing to results for each search, kept in `search-timings.txt` (not asserted:
    speed is the benchmarks' job; see benchmarks/search_latency.py for a throttled phone)."""
    found: list[str] = []
    yield found
    (artifacts / "search-timings.txt").write_text("\n".join(found) + "\n")


def search(page, site_url: str, phrase: str, timings: list[str]) -> list[str]:  # type: ignore[no-untyped-def]
    """Type into Material's search box like a reader; the result links, in order."""
    page.goto(site_url)
    box = page.locator("input.md-search__input")
    box.click()
    started = time.perf_counter()
    box.press_sequentially(phrase, delay=20)
    page.wait_for_selector(".md-search-result__item a", timeout=20_000)
    elapsed = time.perf_counter() - started
    timings.append(f"search for {phrase!r}: first results {elapsed * 1000:.0f} ms after typing began")
    return page.eval_on_selector_all(".md-search-result__item > a", "els => els.map(e => e.href)")


def test_typing_a_playbook_phrase_finds_the_playbook(page, site_url, timings):
    links = search(page, site_url, "sticky", timings)  # only in the Demo playbook's body
    assert links and "/playbooks/demo/" in links[0], links


def test_current_campaign_ranks_above_the_ended_one(page, site_url, timings):
    links = search(page, site_url, "offer deadline", timings)
    # the campaigns' own pages (the board's sections are not in the index: they repeat them)
    assert not any("/campaigns/#" in link for link in links), links
    current = next(i for i, link in enumerate(links) if "/campaigns/winter-readiness/" in link)
    ended = next(i for i, link in enumerate(links) if "/campaigns/spring-tune-up/" in link)
    assert current < ended, links
    titles = page.locator(".md-search-result__item h1").all_inner_texts()
    assert any(t.endswith("(Ended)") for t in titles), titles


def test_ended_campaign_shows_its_banner(page, site_url):
    page.goto(site_url + "campaigns/spring-tune-up/")
    banner = page.locator(".hb-banner--ended")
    assert banner.is_visible()
    assert "ended on 31 May 2026" in banner.inner_text()
    banner.locator("a").click()
    page.wait_for_url("**/campaigns/winter-readiness/")


def test_onboarding_checkbox_stays_ticked_after_reload(page, site_url):
    page.goto(site_url + "onboarding/ae/")
    progress = page.locator(".hb-progress")
    assert progress.inner_text() == "0 of 9"
    page.locator("input.hb-step").nth(2).check()
    assert progress.inner_text() == "1 of 9"
    page.reload()
    assert page.locator("input.hb-step").nth(2).is_checked()
    assert page.locator(".hb-progress").inner_text() == "1 of 9"


def test_glossary_abbreviation_shows_its_definition(page, site_url):
    page.goto(site_url + "playbooks/mql-handoff/")
    abbr = page.locator("article abbr", has_text="MQL").first
    abbr.hover()
    tooltip = page.locator(".md-tooltip2__inner, .md-tooltip__inner, [role=tooltip]")
    tooltip.first.wait_for(state="visible")
    assert "Marketing Qualified Lead" in " ".join(tooltip.all_inner_texts())


def test_personalised_asset_prints_the_typed_name(page, site_url):
    page.goto(site_url + "assets/dispatch-sell-sheet/print/")
    page.fill("#hb-name", "Maria Lopez")
    page.fill("#hb-email", "maria@fieldstone.example")
    page.reload()  # the browser remembers
    assert page.input_value("#hb-name") == "Maria Lopez"
    page.emulate_media(media="print")
    assert not page.locator("form.hb-personalise").is_visible()
    assert page.locator('.hb-printable [data-hb-field="name"]').inner_text() == "Maria Lopez"
    assert page.locator('.hb-printable [data-hb-field="email"]').is_visible()
    pdf = page.pdf()  # what "save as PDF" produces
    assert pdf.startswith(b"%PDF")


PAGES = ["", "campaigns/", "campaigns/winter-readiness/", "process/", "roles/", "glossary/",
         "onboarding/ae/", "assets/", "releases/", "releases/2026-spring-launch/", "whats-new/",
         "freshness/", "playbooks/demo/"]


def test_no_page_scrolls_sideways_on_a_phone(browser, site_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    wide = {}
    for path in PAGES:
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            wide[path] = width
    context.close()
    assert not wide, f"pages wider than the phone: {wide}"


def test_process_map_draws_its_diagram_offline(page, site_url):
    page.goto(site_url + "process/")
    # Material swaps the diagram's source for a drawing (in a closed shadow root, so measure it)
    diagram = page.locator(".hb-map div.mermaid")
    diagram.wait_for(state="visible")
    box = diagram.bounding_box()
    assert box is not None and box["height"] > 300, box


def test_screenshots_for_the_record(page, site_url, artifacts):
    for name, path in (("home", ""), ("campaign", "campaigns/winter-readiness/"),
                       ("process-map", "process/")):
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
        target = artifacts / f"{name}.png"
        page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 10_000


@pytest.mark.parametrize("path", ["", "playbooks/demo/", "campaigns/", "process/", "whats-new/"])
def test_no_serious_accessibility_violations(page, site_url, axe_source, path):
    page.goto(site_url + path)
    page.wait_for_load_state("networkidle")
    page.add_script_tag(content=axe_source)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"] if v["impact"] in ("serious", "critical")
    ]
    assert not serious, "\n".join(serious)
