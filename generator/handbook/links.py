"""Links to the hosting service: commits and pull requests on GitHub or GitLab."""

from __future__ import annotations


def commit_url(repo_url: str | None, sha: str) -> str | None:
    if not repo_url:
        return None
    base = repo_url.rstrip("/")
    return f"{base}/-/commit/{sha}" if "gitlab" in base else f"{base}/commit/{sha}"


def pr_url(repo_url: str | None, number: int | None) -> str | None:
    if not repo_url or number is None:
        return None
    base = repo_url.rstrip("/")
    return f"{base}/-/merge_requests/{number}" if "gitlab" in base else f"{base}/pull/{number}"


def absolute(site_url: str | None, site_path: str) -> str:
    """An absolute URL for a site path (`whats-new/`), as feeds require."""
    base = (site_url or "").rstrip("/") + "/"
    return base + site_path.lstrip("/")


def page_url_of(uri: str) -> str:
    """`campaigns/spring.md` -> `campaigns/spring/`, as MkDocs publishes it."""
    if uri == "index.md" or uri.endswith("/index.md"):
        return uri[: -len("index.md")]
    return uri.removesuffix(".md") + "/"
