"""The `handbook` command: a thin front end over the core and MkDocs."""

from __future__ import annotations

import datetime as dt
import errno
import json
import logging
import sys
from pathlib import Path
from typing import Self

import click

from handbook.cli.starter import CI_FILES
from handbook.history.git import History
from handbook.model.diagnostics import has_errors, render
from handbook.model.documents import KINDS, Kind
from handbook.model.links import absolute, commit_url, page_url_of
from handbook.model.markdown import readable
from handbook.model.options import ConfigFileError, Settings, read_settings
from handbook.pipeline import session as checks

CONFIG = click.option(
    "-f", "--config-file", type=click.Path(dir_okay=False, path_type=Path),
    default=Path("mkdocs.yml"), show_default=True, help="The hub's mkdocs.yml.",
)


class Day(click.ParamType[dt.date]):
    """A day written as a date (2026-11-01) or as a period back from today (7d, 2w): every
    command's date options take the same, so what works for one works for all."""

    name = "date|period"

    def convert(self, value: object, param: click.Parameter | None,
                ctx: click.Context | None) -> dt.date:
        from handbook.model.documents import parse_day
        from handbook.model.options import today

        if isinstance(value, dt.date):
            return value
        try:
            return parse_day(str(value), today())
        except ValueError as exc:
            hint = "/".join(param.opts) if param else None
            raise click.BadParameter(str(exc), ctx, param, param_hint=hint) from None


DAY = Day()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="handbook")
def cli() -> None:
    """Handbook: your sales and marketing playbooks as one searchable site."""


@cli.command()
@CONFIG
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text",
              show_default=True, help="text for people, json for scripts, github for PR annotations.")
@click.option("--strict", is_flag=True, help="Fail on warnings too, as `build --strict` does.")
@click.option("-v", "--verbose", is_flag=True,
              help="List every finding (text counts findings of a kind that repeat).")
def check(config_file: Path, fmt: str, strict: bool, verbose: bool) -> None:
    """Validate every document; exit 1 when there are errors."""
    from handbook.checks import freshness

    settings = _settings(config_file)
    found_history = _history(settings)
    hub, diagnostics = checks.run(settings, found_history=found_history)
    output = render(diagnostics, fmt, found_history.prefix if found_history else "", verbose)
    if output:
        click.echo(output)
    if fmt == "text" and hub.documents:
        score = freshness.trust(hub)
        click.echo("\n".join([score.sentence(), *freshness.next_steps(hub, score)]))
    sys.exit(1 if has_errors(diagnostics, strict) else 0)


@cli.command()
@CONFIG
@click.option("--strict", is_flag=True, default=None, help="Fail on warnings too.")
@click.option("-d", "--site-dir", type=click.Path(file_okay=False), default=None,
              help="Where to write the site (default: site_dir in mkdocs.yml).")
def build(config_file: Path, strict: bool | None, site_dir: str | None) -> None:
    """Check the hub, then build the site; the previous site stays until the new one is done."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    _settings(config_file)  # a bad config reads the same here as in every other command
    _mkdocs_logging()
    with _mkdocs_errors() as errors:
        config = load_config(str(config_file), strict=strict, site_dir=site_dir)
        errors.site_dir = Path(config.site_dir)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(config)
        finally:
            config.plugins.on_shutdown()


@cli.command()
@CONFIG
@click.option("-a", "--dev-addr", default=None, metavar="IP:PORT",
              help="Address to serve on (default 127.0.0.1:8000).")
def serve(config_file: Path, dev_addr: str | None) -> None:
    """Preview the hub with live reload while you edit."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    _settings(config_file)
    _mkdocs_logging()
    with _mkdocs_errors():
        try:
            mkdocs_serve(config_file=str(config_file), dev_addr=dev_addr, livereload=True)
        except OSError as exc:
            if exc.errno not in (errno.EADDRINUSE, errno.EADDRNOTAVAIL, errno.EACCES):
                raise
            raise click.ClickException(_unservable(config_file, dev_addr, exc)) from None


def _unservable(config_file: Path, dev_addr: str | None, exc: OSError) -> str:
    """Why the preview cannot listen where asked, and the address to try instead."""
    from mkdocs.config import load_config

    address = load_config(str(config_file), dev_addr=dev_addr).dev_addr
    problem = "is already in use" if exc.errno == errno.EADDRINUSE else f"cannot be used: {exc.strerror}"
    port = address.port + 1 if 1024 <= address.port < 65535 else 8000
    return f"{address.host}:{address.port} {problem}; pass another address with -a {address.host}:{port}"


@cli.command()
@CONFIG
@click.option("--since", type=DAY, help="First day: a date (YYYY-MM-DD) or a period (7d, 2w).")
@click.option("--until", type=DAY, help="Last day: a date (YYYY-MM-DD) or a period (7d, 2w).")
@click.option("--format", "fmt", type=click.Choice(["md", "json"]), default="md", show_default=True)
def changelog(config_file: Path, since: dt.date | None, until: dt.date | None, fmt: str) -> None:
    """What changed in the hub, from Git history: for release emails and scripts."""
    from handbook.history import changelog as log
    from handbook.history import git as history
    from handbook.site.render import Renderer

    settings = _settings(config_file)
    hub, _ = checks.run(settings, links=False)  # the hub, not its findings: no link check
    found_history = history.read(settings.root, settings.history_paths)
    if not found_history.available:
        raise click.ClickException(f"no history: {found_history.reason}")
    _tell_left_out(settings, found_history)
    found = log.entries(hub, found_history, since, until)
    if fmt == "json":
        click.echo(json.dumps(log.as_json(found, settings), indent=2, ensure_ascii=False))
        return
    options = settings.options
    click.echo(readable(Renderer(hub).page(
        "changelog.md", "changelog.md", {}, title=f"{settings.site_name}: changes",
        groups=log.grouped(found, options.changelog_group), group_by=options.changelog_group,
        date_format=options.date_format, show_authors=options.show_authors,
        site_url=settings.site_url, page_url=lambda uri: absolute(settings.site_url, page_url_of(uri)),
    )).rstrip())


@cli.command()
@CONFIG
@click.option("--changed-since", "since", type=DAY,
              help="Only promises changed on or after this day: a date (YYYY-MM-DD) or a period (7d, 2w).")
@click.option("--format", "fmt", type=click.Choice(["md", "json"]), default="md", show_default=True)
def promises(config_file: Path, since: dt.date | None, fmt: str) -> None:
    """The promise ledger: what each release announced, and every change since."""
    from handbook.history import promises as ledger
    from handbook.site.render import Renderer

    settings = _settings(config_file)
    found_history = _history(settings)
    hub, _ = checks.run(settings, links=False)  # the hub, not its findings: no link check
    if found_history is None or not found_history.available:
        reason = found_history.reason if found_history else "history is turned off"
        raise click.ClickException(f"no history: {reason}")
    found = ledger.ledger(hub, found_history)
    if fmt == "json":
        click.echo(json.dumps(ledger.as_json(found, settings.repo_url, since), indent=2,
                              ensure_ascii=False))
        return
    click.echo(readable(Renderer(hub).page(
        "promises.md", "promises.md", {}, title=f"{settings.site_name}: promises",
        ledger=found, since=since, date_format=settings.options.date_format,
        commit_url=lambda sha: commit_url(settings.repo_url, sha),
        page_url=lambda uri: absolute(settings.site_url, page_url_of(uri)),
    )).rstrip())


@cli.command()
@CONFIG
@click.argument("kind", type=click.Choice(list(KINDS)))
@click.argument("title")
@click.option("--owner", help="Role id that will keep it true.")
def new(config_file: Path, kind: Kind, title: str, owner: str | None) -> None:
    """Write a new KIND document with every field present and explained."""
    from handbook.cli import scaffold

    settings = _settings(config_file)
    hub, _ = checks.run(settings, links=False)  # the hub, not its findings: no link check
    refused = scaffold.refusal(hub, kind, title, owner)
    if refused:
        raise click.ClickException(refused)
    try:
        path = scaffold.write(settings, kind, title, owner)
    except FileExistsError as exc:
        raise click.ClickException(
            f"{Path(str(exc.filename)).relative_to(settings.root)} already exists; choose another "
            "title or edit that file") from None
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Wrote {path.relative_to(settings.root).as_posix()}: fill in the fields, then run "
               "`handbook check`.")


@cli.command()
@CONFIG
@click.option("--ci", type=click.Choice(list(CI_FILES)),
              default="github", show_default=True, help="Where the hub's pull requests are checked.")
def init(config_file: Path, ci: str) -> None:
    """Write what a hub lacks: mkdocs.yml, .gitignore lines, CI workflows, a pre-commit hook."""
    from handbook.cli import starter

    root = config_file.resolve().parent
    site_dir = _settings(config_file).site_dir if config_file.exists() else "site"
    try:
        written = starter.write(root, config_file.name, ci, site_dir)
    except starter.NotInstallable as exc:
        raise click.ClickException(str(exc)) from None
    for item in written:
        click.echo(f"{item.path}: {item.note}")
    click.echo("Next: `handbook check`, then commit these files.")


@cli.command()
@click.argument("kind", type=click.Choice(list(KINDS)), required=False)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Write one <kind>.json per kind into this folder.")
def schema(kind: Kind | None, out: Path | None) -> None:
    """JSON Schema of the front matter, for editors' completion and errors."""
    from handbook.site import schema as schemas

    kinds: list[Kind] = [kind] if kind else list(KINDS)
    if out is not None:
        for path in schemas.write(out, kinds):
            click.echo(f"Wrote {path.as_posix()}")
        return
    click.echo(schemas.as_text(kind) if kind else schemas.all_as_text(), nl=False)


@cli.command()
@CONFIG
@click.argument("base")
@click.argument("head", required=False)
def diff(config_file: Path, base: str, head: str | None) -> None:
    """What changes between BASE and HEAD (default: the working tree) mean to readers."""
    from handbook.pipeline import diff as differ

    settings = _settings(config_file)
    try:
        changes = differ.compare(settings, base, head)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(readable(differ.summary(changes, base, head)).rstrip())


@cli.command()
@CONFIG
@click.option("--since", type=DAY, default="7d", show_default=True,
              help="First day: a period (7d, 2w) or a date (YYYY-MM-DD).")
@click.option("--format", "fmt", type=click.Choice(["html", "md"]), default="html", show_default=True)
def digest(config_file: Path, since: dt.date, fmt: str) -> None:
    """An email-ready digest for sales: what to say, what changed, what is next."""
    from handbook.history import git as history
    from handbook.site import digest as digests

    settings = _settings(config_file)
    hub, _ = checks.run(settings, links=False)  # the hub, not its findings: no link check
    found_history = _history(settings) or history.unavailable("history is turned off")
    _tell_left_out(settings, found_history)
    digest = digests.render(hub, found_history, since, fmt)
    click.echo((readable(digest) if fmt == "md" else digest).rstrip())


@cli.command()
@CONFIG
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
def export(config_file: Path, out: Path) -> None:
    """Write the whole hub as a docs tree and an mkdocs.yml any engine can build."""
    from handbook.history import git as history
    from handbook.mkdocs import export as exporter
    from handbook.site.tree import build_tree

    settings = _settings(config_file)
    found_history = _history(settings) or history.unavailable("history is turned off")
    hub, diagnostics = checks.run(settings, found_history=found_history)
    if has_errors(diagnostics):
        click.echo(render(diagnostics, "text"), err=True)
        raise click.ClickException("fix the errors above, then export again")
    warnings = [d for d in diagnostics if d.severity == "warning"]
    if warnings:  # such as an authored page exported in place of a generated one
        click.echo(render(warnings, "text"), err=True)
    tree = build_tree(hub, found_history)
    unsafe = exporter.unsafe_folders(tree)
    if unsafe:
        raise click.ClickException(
            f"the folder `{unsafe[0]}` has `<`, `>`, `&` or a quote in its name, which MkDocs would "
            "show as HTML in the exported navigation; rename it (`handbook build` escapes it)")
    try:
        exporter.export(tree, settings, out, exporter.read_config(config_file))
    except OSError as exc:
        if exc.errno is None:  # export's own refusal
            raise click.ClickException(f"{out} is not empty; export into a new folder") from None
        raise click.ClickException(f"cannot write the export to {out}: "
                                   f"{(exc.strerror or str(exc)).lower()}; export elsewhere") from None
    click.echo(f"Exported {settings.site_name} to {out}: build it with `mkdocs build -f {out}/mkdocs.yml`")


def _history(settings: Settings) -> History | None:
    """The hub's Git history, or None when the hub turned it off."""
    from handbook.history import git as history

    return history.read(settings.root, settings.history_paths) if settings.options.history else None


def _tell_left_out(settings: Settings, found_history: History) -> None:
    """Commits the history leaves out, on stderr: the output itself stays clean for pipes."""
    for notice in checks.left_out(settings, found_history):
        click.echo(notice.text(), err=True)


def _settings(config_file: Path) -> Settings:
    try:
        return read_settings(config_file)
    except ConfigFileError as exc:
        raise click.ClickException(str(exc)) from None


def _mkdocs_logging() -> None:
    """MkDocs reports through logging; show its messages the way `mkdocs` itself does."""
    logger = logging.getLogger("mkdocs")
    if not any(getattr(h, "_handbook", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        handler._handbook = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False


class _mkdocs_errors:
    """Turn MkDocs failures into a one-line message and exit 1, never a traceback."""

    def __init__(self) -> None:
        self.site_dir: Path | None = None  # what `build` writes, once the config says

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: object) -> None:
        from mkdocs.exceptions import MkDocsException

        from handbook.mkdocs.publish import cannot_write

        if isinstance(exc, MkDocsException):
            click.echo(f"Error: {exc}", err=True)
            sys.exit(1)
        if isinstance(exc, OSError):
            unwritten = cannot_write(self.site_dir, exc) if self.site_dir else None
            where = f": {exc.filename}" if exc.filename else ""
            click.echo(f"Error: {unwritten or (exc.strerror or str(exc)) + where}", err=True)
            sys.exit(1)
        if isinstance(exc, RecursionError):  # the plugin has named the page
            click.echo("Error: the build stopped; the site was not changed", err=True)
            sys.exit(1)


def main() -> None:
    cli(prog_name="handbook")
