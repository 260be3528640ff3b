"""The repository's own sample hub: the embedded default `make site` builds."""

from __future__ import annotations

from pathlib import Path

from conftest import REPO, run_handbook

KINDS = {
    "content/roles": 5, "content/campaigns": 4, "content/releases": 2, "content/glossary": 15,
    "content/assets": 6, "playbooks/process": 6, "playbooks": 8,
}


def test_sample_hub_checks_clean():
    result = run_handbook(REPO, "check", "--strict", env={"SOURCE_DATE_EPOCH": "1795392000"})
    assert result.code == 0, result.out
    assert "error" not in result.out and "warning:" not in result.out


def test_sample_hub_has_the_promised_breadth():
    for folder, minimum in KINDS.items():
        found = [p for p in (REPO / folder).glob("*.md") if p.name != "index.md"]
        assert len(found) >= minimum, f"{folder} has {len(found)} documents, want {minimum}"


def test_every_sample_document_is_built_and_searchable(sample_site: Path):
    import json

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
