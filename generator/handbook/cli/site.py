"""Commands that publish: build the site, preview it while editing, export it for any engine."""

from __future__ import annotations

import errno
import logging
import sys
from pathlib import Path
from typing import Self

import click

from handbook.cli.common import CONFIG, session, settings
from handbook.model.diagnostics import has_errors, render


@click.command()
@CONFIG
@click.option("--strict", is_flag=True, default=None, help="Fail on warnings too.")
@click.option("-d", "--site-dir", type=click.Path(file_okay=False), default=None,
              help="Where to write the site (default: site_dir in mkdocs.yml).")
def build(config_file: Path, strict: bool | None, site_dir: str | None) -> None:
    """Check the hub, then build the site; the previous site stays until the new one is done."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    settings(config_file)  # a bad config reads the same here as in every other command
    _mkdocs_logging()
    with _MkDocsErrors() as errors:
        config = load_config(str(config_file), strict=strict, site_dir=site_dir)
        errors.site_dir = Path(config.site_dir)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(config)
        finally:
            config.plugins.on_shutdown()


@click.command()
@CONFIG
@click.option("-a", "--dev-addr", default=None, metavar="IP:PORT",
              help="Address to serve on (default 127.0.0.1:8000).")
def serve(config_file: Path, dev_addr: str | None) -> None:
    """Preview the hub with live reload while you edit."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    settings(config_file)
    _mkdocs_logging()
    with _MkDocsErrors():
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


@click.command()
@CONFIG
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
def export(config_file: Path, out: Path) -> None:
    """Write the whole hub as a docs tree and an mkdocs.yml any engine can build."""
    from handbook.mkdocs import export as exporter

    found = session(config_file)
    diagnostics = found.diagnostics()
    if has_errors(diagnostics):
        click.echo(render(diagnostics, "text"), err=True)
        raise click.ClickException("fix the errors above, then export again")
    warnings = [d for d in diagnostics if d.severity == "warning"]
    if warnings:  # such as an authored page exported in place of a generated one
        click.echo(render(warnings, "text"), err=True)
    unsafe = exporter.unsafe_folders(found.site)
    if unsafe:
        raise click.ClickException(
            f"the folder `{unsafe[0]}` has `<`, `>`, `&` or a quote in its name, which MkDocs would "
            "show as HTML in the exported navigation; rename it (`handbook build` escapes it)")
    try:
        exporter.export(found.site, found.settings, out, exporter.read_config(config_file))
    except OSError as exc:
        if exc.errno is None:  # export's own refusal
            raise click.ClickException(f"{out} is not empty; export into a new folder") from None
        raise click.ClickException(f"cannot write the export to {out}: "
                                   f"{(exc.strerror or str(exc)).lower()}; export elsewhere") from None
    click.echo(f"Exported {found.settings.site_name} to {out}: build it with "
               f"`mkdocs build -f {out}/mkdocs.yml`")


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


class _MkDocsErrors:
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
