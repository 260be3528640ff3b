"""The `handbook` command: a thin front end over the core and MkDocs."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from handbook import checks
from handbook.diagnostics import has_errors, render
from handbook.options import ConfigFileError, read_settings

CONFIG = click.option(
    "-f", "--config-file", type=click.Path(dir_okay=False, path_type=Path),
    default=Path("mkdocs.yml"), show_default=True, help="The hub's mkdocs.yml.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="handbook")
def cli() -> None:
    """Handbook: your sales and marketing playbooks as one searchable site."""


@cli.command()
@CONFIG
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text",
              show_default=True, help="text for people, json for scripts, github for PR annotations.")
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
def check(config_file: Path, fmt: str, strict: bool) -> None:
    """Validate every document; exit 1 when there are errors."""
    try:
        settings = read_settings(config_file)
    except ConfigFileError as exc:
        raise click.ClickException(str(exc)) from None
    _, diagnostics = checks.run(settings)
    output = render(diagnostics, fmt)
    if output:
        click.echo(output)
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

    _mkdocs_logging()
    with _mkdocs_errors():
        config = load_config(str(config_file), strict=strict, site_dir=site_dir)
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

    _mkdocs_logging()
    with _mkdocs_errors():
        mkdocs_serve(config_file=str(config_file), dev_addr=dev_addr, livereload=True)


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

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: object) -> bool:
        from mkdocs.exceptions import MkDocsException

        if isinstance(exc, MkDocsException):
            click.echo(f"Error: {exc}", err=True)
            sys.exit(1)
        return False


def main() -> None:
    cli(prog_name="handbook")
