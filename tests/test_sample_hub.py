"""The repository's own sample hub: the embedded default `make site` builds."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml
from conftest import REPO, run_handbook, search_pages

KINDS = {
    "content/roles": 5, "content/campaigns": 4, "content/releases": 2, "content/glossary": 15,
    "content/assets": 6, "playbooks/process": 6, "playbooks": 8,
}


# The sample hub is stale on purpose in these places, so the freshness page has something to show.
DELIBERATELY_STALE = [
    "content/assets/hvac-expo-booth-flyer.md:10: notice: the asset expired on 2026-10-31",
    "content/assets/pricing-guide-2026.md:30: notice: links to asset `2025-pricing-sheet`, which is retired",
    ("content/campaigns/summer-webinar-series.md:14: notice: the campaign ended on 2026-08-31 but goal "
     "`Webinar-sourced SQLs` has no result"),
    "content/campaigns/winter-readiness.md:61: notice: links to campaign `spring-tune-up`, which is ended",
    "content/events.md:1: notice: nobody owns this page, so nobody is asked to keep it true",
    "content/events.md:21: notice: links to asset `hvac-expo-booth-flyer`, which is expired",
    "playbooks/pricing-conversations.md:7: notice: review overdue since 2026-02-28",
]


def test_sample_hub_checks_clean_but_for_its_deliberate_stale_content():
    result = run_handbook(REPO, "check", "--format", "json")
    assert result.code == 0, result.out
    found = [f"{d['path']}:{d['line']}: {d['severity']}: {d['message']}" for d in json.loads(result.out)]
    assert found == DELIBERATELY_STALE


def test_sample_hub_has_the_promised_breadth():
    for folder, minimum in KINDS.items():
        found = [p for p in (REPO / folder).glob("*.md") if p.name != "index.md"]
        assert len(found) >= minimum, f"{folder} has {len(found)} documents, want {minimum}"


LISTINGS = ("campaigns/", "process/", "roles/", "assets/", "onboarding/", "releases/", "glossary/",
            "whats-new/")


def _documents() -> list[tuple[str, str, dict, str]]:
    """Each sample document: its path, its page's site path, front matter and body."""
    found = []
    for source in sorted((REPO / "content").rglob("*.md")) + sorted((REPO / "playbooks").rglob("*.md")):
        rel = source.relative_to(REPO).as_posix()
        site_path = rel.removeprefix("content/").removeprefix("playbooks/")
        if rel.startswith("playbooks/") and not rel.startswith("playbooks/process/"):
            site_path = "playbooks/" + site_path
        site_path = site_path.removesuffix(".md") + "/"
        site_path = "" if site_path == "index/" else site_path.removesuffix("index/")
        _, front, body = source.read_text("utf-8").split("---\n", 2)
        found.append((rel, site_path, yaml.safe_load(front), body))
    return found


def _index_by_page(site: Path) -> dict[str, str]:
    """Search's text per page, as a reader's query meets it."""
    return {url.lstrip("/"): " ".join(page["content"].split()) for url, page in search_pages(site).items()}


def test_every_document_is_found_on_its_own_page_by_title_and_body(sample_site: Path):
    pages = _index_by_page(sample_site)
    for rel, site_path, front, body in _documents():
        assert (sample_site / site_path / "index.html").is_file(), rel
        assert site_path in pages, f"{rel} is not in the search index"
        assert front.get("title", "") in pages[site_path], f"{rel}: its title is not searchable"
        sentence = next((line for line in body.splitlines()
                         if re.match(r"[A-Z][a-z]+ [a-z]+ [a-z]+ ", line)), "")
        words = " ".join(sentence.split()[:3])
        assert words in pages[site_path], f"{rel}: {words!r} from its body is not searchable"


def test_listing_pages_are_found_without_repeating_the_documents(sample_site: Path):
    """Each document is found on its own page; the board, matrix and lists that gather them
    are found by their title and introduction only, so results do not come twice."""
    pages = _index_by_page(sample_site)
    assert all(listing in pages for listing in LISTINGS), sorted(pages)
    listed = " ".join(pages[listing] for listing in LISTINGS)
    repeated = []
    for rel, _, front, _ in _documents():
        said = [front.get("title"), *(front.get("messages") or [])[:1],
                *(e["what"] for e in front.get("expectations") or []),
                *(p["claim"] for p in front.get("promises") or [])]
        repeated += [f"{rel}: {text}" for text in said if text and len(text) > 12 and text in listed]
    assert not repeated, "\n".join(repeated)
    assert len(listed) < 6000, len(listed)


def test_home_page_sends_readers_where_they_need_to_go(sample_site: Path):
    home = (sample_site / "index.html").read_text("utf-8")
    for target in ('href="playbooks/first-week/"', 'href="roles/ae/"'):
        assert target in home


def test_sample_pages_show_the_projects_own_history(sample_site: Path):
    """The sample hub's history is this repository's: its pages and its ledger read it."""
    demo = (sample_site / "playbooks/demo/index.html").read_text("utf-8")
    assert "Last updated <time" in demo and 'class="hb-history__changes"' in demo
    assert re.search(r'href="https://github\.com/fieldstone/handbook/commit/[0-9a-f]{40}"', demo)
    spring = (sample_site / "releases/2026-spring-launch/index.html").read_text("utf-8")
    ledger = spring[spring.index('id="ledger"'):]
    # the TV spot was announced in one commit and shrank in a later one: both are shown
    assert "<strong>Announced</strong>" in ledger and "<strong>Changed</strong>" in ledger
    assert "late-night cable" in ledger.lower()
