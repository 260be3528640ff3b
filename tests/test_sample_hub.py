"""The repository's own sample hub: the embedded default `make site` builds."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import REPO, run_handbook

KINDS = {
    "content/roles": 5, "content/campaigns": 4, "content/releases": 2, "content/glossary": 15,
    "content/assets": 6, "playbooks/process": 6, "playbooks": 8,
}


# The sample hub is stale on purpose in these places, so the freshness page has something to show.
DELIBERATELY_STALE = [
    "content/assets/pricing-guide-2026.md:30: warning: links to asset `2025-pricing-sheet`, which is retired",
    "content/campaigns/summer-webinar-series.md:14: warning: the campaign ended on 2026-08-31 but goal "
    "`Webinar-sourced SQLs` has no result",
    "content/campaigns/winter-readiness.md:61: warning: links to campaign `spring-tune-up`, which is ended",
    "playbooks/pricing-conversations.md:7: warning: review overdue since 2026-02-28",
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


def test_every_sample_document_is_built_and_searchable(sample_site: Path):
    index = json.loads((sample_site / "search/search_index.json").read_text("utf-8"))
    locations = {d["location"] for d in index["docs"]}
    for source in sorted((REPO / "content").rglob("*.md")) + sorted((REPO / "playbooks").rglob("*.md")):
        rel = source.relative_to(REPO).as_posix()
        site_path = rel.removeprefix("content/").removeprefix("playbooks/")
        if rel.startswith("playbooks/") and not rel.startswith("playbooks/process/"):
            site_path = "playbooks/" + site_path
        site_path = site_path.removesuffix(".md") + "/"
        site_path = "" if site_path == "index/" else site_path.removesuffix("index/")
        assert (sample_site / site_path / "index.html").is_file(), rel
        assert site_path in locations, f"{rel} is not in the search index"


def test_home_page_sends_readers_where_they_need_to_go(sample_site: Path):
    home = (sample_site / "index.html").read_text("utf-8")
    for target in ('href="playbooks/first-week/"', 'href="roles/ae/"'):
        assert target in home
