"""Links to the hosting service: commits and pull requests on GitHub or GitLab."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import quote, urlencode

if TYPE_CHECKING:
    from handbook.model.documents import Document


def _on_host(repo_url: str | None, page: str) -> str | None:
    """A page of the repository's host: GitLab puts its pages under `/-/` (`/-/commit/<sha>`),
    GitHub does not (`/commit/<sha>`)."""
    if not repo_url:
        return None
    base = repo_url.rstrip("/")
    return f"{base}/-/{page}" if "gitlab" in base else f"{base}/{page}"


def commit_url(repo_url: str | None, sha: str) -> str | None:
    return _on_host(repo_url, f"commit/{sha}")


def file_history_url(repo_url: str | None, revision: str | None, path: str) -> str | None:
    """The host's list of a file's commits as of `revision` (a page's whole history, where the
    page shows only its newest changes). `path` is the file's repository path, quoted here."""
    if not revision:
        return None
    return _on_host(repo_url, f"commits/{quote(revision, safe='')}/{quote(path)}")


def blob_url(repo_url: str | None, path: str) -> str | None:
    """A file of the repository (`path` from its top, quoted here) on its host, as on the
    default branch (`HEAD`, which GitHub and GitLab both resolve)."""
    return _on_host(repo_url, f"blob/HEAD/{quote(path)}")


def pr_url(repo_url: str | None, number: int | None) -> str | None:
    if not repo_url or number is None:
        return None
    base = repo_url.rstrip("/")
    return f"{base}/-/merge_requests/{number}" if "gitlab" in base else f"{base}/pull/{number}"


def absolute(site_url: str | None, site_path: str) -> str:
    """An absolute URL for a site path (`whats-new/`), as feeds require; the path quoted, as
    MkDocs quotes it (a folder may be called `a "b" #c`)."""
    base = (site_url or "").rstrip("/") + "/"
    return base + quote(site_path.lstrip("/"))


def page_url_of(uri: str) -> str:
    """`campaigns/spring.md` -> `campaigns/spring/`, as MkDocs publishes it (a `README.md`
    is its folder's index there too)."""
    folder, _, name = uri.rpartition("/")
    stem = name.rsplit(".", 1)[0]
    prefix = folder + "/" if folder else ""
    return prefix if stem in ("index", "README") else f"{prefix}{stem}/"


def relative_url(here: str, there: str, *, pages: bool = False) -> str:
    """The link from the page of docs path `here` to docs path `there`, as MkDocs's
    `get_relative_url(there, here)` makes it: the one way Handbook writes relative links.

    Markdown links stay between files (`playbooks/demo.md` -> `process/qualify.md` is
    `../process/qualify.md`): MkDocs turns them into the right URL, and checks them. Raw HTML is
    left as written, so it links the published pages instead, with `pages=True`
    (`../../process/qualify/`; the home page is `./` from itself, `../` one folder down).
    Not quoted: each output escapes for its own context. Site paths never hold `..`.
    """
    if pages:
        here, there = page_url_of(here), page_url_of(there) or "./"
    folder, _, name = here.rpartition("/")
    here_parts = [p for p in (folder if "." in name else here).split("/") if p and p != "."]
    there_parts = [p for p in there.split("/") if p and p != "."]
    common = 0
    for a, b in zip(here_parts, there_parts, strict=False):
        if a != b:
            break
        common += 1
    path = "/".join([".."] * (len(here_parts) - common) + there_parts[common:]) or "."
    return path + "/" if there.endswith("/") else path


def per_role(section: str, role: Document) -> str:
    """The site path of a role's own page in a section: `roles/ae.md` -> `onboarding/ae.md`,
    `roles/field/ae.md` -> `onboarding/field/ae.md`; from the role's path, so never ambiguous."""
    return f"{section}/{role.id.removeprefix('roles/')}.md"


def print_uri(asset: Document) -> str:
    """The printable page sits under its asset's own address: `assets/x.md` -> `assets/x/print.md`."""
    return asset.uri.removesuffix(".md") + "/print.md"


def issue_url(repo_url: str | None, title: str, body: str, label: str) -> str | None:
    """A new-issue form prefilled with `title` and `body`, on GitHub or GitLab."""
    if not repo_url:
        return None
    base = repo_url.rstrip("/")
    if "gitlab" in base:
        query = {"issue[title]": title, "issue[description]": body}
        return f"{base}/-/issues/new?{urlencode(query)}"
    return f"{base}/issues/new?{urlencode({'title': title, 'body': body, 'labels': label})}"


def feedback_links(
    repo_url: str | None, site_name: str, title: str | None, path: str, owner: str | None
) -> dict[str, str]:
    """"Request material" and "Report something out of date", so asks reach marketing in writing."""
    where = f"`{path}`" + (f" (owner: {owner})" if owner else "")
    links = {
        "request": issue_url(
            repo_url, "Material request: ",
            "What do you need, for which customer or deal, and by when?\n\n"
            f"Asked from {title or path} in the {site_name}.", "material request"),
        "report": issue_url(
            repo_url, f"Out of date: {title or path}",
            f"Page: {where}\n\nWhat is wrong or out of date, and what should it say?", "out of date"),
    }
    return {k: v for k, v in links.items() if v}
