"""Commands for the people who read what changed: release emails, the ledger, sales digests."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from handbook.cli.common import CONFIG, DAY, require_history, session, settings, tell_left_out
from handbook.model.links import absolute, commit_url, page_url_of
from handbook.model.markdown import readable


@click.command()
@CONFIG
@click.option("--since", type=DAY, help="First day: a date (YYYY-MM-DD) or a period (7d, 2w).")
@click.option("--until", type=DAY, help="Last day: a date (YYYY-MM-DD) or a period (7d, 2w).")
@click.option("--format", "fmt", type=click.Choice(["md", "json"]), default="md", show_default=True)
def changelog(config_file: Path, since: dt.date | None, until: dt.date | None, fmt: str) -> None:
    """What changed in the hub, from Git history: for release emails and scripts."""
    from handbook.history import changelog as log
    from handbook.model.blog_posts import published_uri
    from handbook.site.render import Renderer

    found = session(config_file)
    require_history(found)
    tell_left_out(found)
    hub, options = found.hub, found.settings.options
    settings = found.settings
    entries = log.entries(hub, found.history, since, until,
                          address=lambda doc: published_uri(doc, settings.blogs, settings.language))
    if fmt == "json":
        click.echo(json.dumps(log.as_json(entries, found.settings), indent=2, ensure_ascii=False))
        return
    site_url = found.settings.site_url
    click.echo(readable(Renderer(hub).body(
        "changelog.md", "changelog.md", title=f"{found.settings.site_name}: changes",
        groups=log.grouped(entries, options.changelog_group), group_by=options.changelog_group,
        date_format=options.date_format, show_authors=options.show_authors,
        site_url=site_url, page_url=lambda uri: absolute(site_url, page_url_of(uri)),
    )).rstrip())


@click.command()
@CONFIG
@click.option("--changed-since", "since", type=DAY,
              help="Only promises changed on or after this day: a date (YYYY-MM-DD) or a period (7d, 2w).")
@click.option("--format", "fmt", type=click.Choice(["md", "json"]), default="md", show_default=True)
def promises(config_file: Path, since: dt.date | None, fmt: str) -> None:
    """The promise ledger: what each release announced, and every change since."""
    from handbook.history import promises as ledger
    from handbook.site.render import Renderer

    found = session(config_file)
    require_history(found)
    hub, repo_url, site_url = found.hub, found.settings.repo_url, found.settings.site_url
    if fmt == "json":
        click.echo(json.dumps(ledger.as_json(found.ledger, repo_url, since), indent=2,
                              ensure_ascii=False))
        return
    click.echo(readable(Renderer(hub).body(
        "promises.md", "promises.md", title=f"{found.settings.site_name}: promises",
        ledger=found.ledger, since=since, date_format=found.settings.options.date_format,
        commit_url=lambda sha: commit_url(repo_url, sha),
        page_url=lambda uri: absolute(site_url, page_url_of(uri)),
    )).rstrip())


@click.command()
@CONFIG
@click.argument("base")
@click.argument("head", required=False)
def diff(config_file: Path, base: str, head: str | None) -> None:
    """What changes between BASE and HEAD (default: the working tree) mean to readers."""
    from handbook.pipeline import diff as differ

    try:
        changes = differ.compare(settings(config_file), base, head)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(readable(differ.summary(changes, base, head)).rstrip())


@click.command()
@CONFIG
@click.option("--since", type=DAY, default="7d", show_default=True,
              help="First day: a period (7d, 2w) or a date (YYYY-MM-DD).")
@click.option("--format", "fmt", type=click.Choice(["html", "md"]), default="html", show_default=True)
def digest(config_file: Path, since: dt.date, fmt: str) -> None:
    """An email-ready digest for sales: what to say, what changed, what is next."""
    from handbook.site import digest as digests

    found = session(config_file)
    tell_left_out(found)
    written = digests.render(found.hub, found.history, found.ledger, since, fmt)
    click.echo((readable(written) if fmt == "md" else written).rstrip())
