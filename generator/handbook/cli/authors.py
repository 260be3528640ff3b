"""Commands for the people who write the hub: check it, start documents, set a hub up."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from handbook.cli.common import CONFIG, session, settings
from handbook.cli.starter import CI_FILES
from handbook.model.diagnostics import has_errors, render
from handbook.model.documents import KINDS, Kind


@click.command()
@CONFIG
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text",
              show_default=True, help="text for people, json for scripts, github for PR annotations.")
@click.option("--strict", is_flag=True, help="Fail on warnings too, as `build --strict` does.")
@click.option("-v", "--verbose", is_flag=True,
              help="List every finding (text counts findings of a kind that repeat).")
def check(config_file: Path, fmt: str, strict: bool, verbose: bool) -> None:
    """Validate every document; exit 1 when there are errors."""
    from handbook.checks import freshness

    found = session(config_file)
    diagnostics = found.diagnostics()
    output = render(diagnostics, fmt, found.history.prefix, verbose)
    if output:
        click.echo(output)
    if fmt == "text" and found.hub.documents:
        score = freshness.trust(found.hub)
        click.echo("\n".join([score.sentence(), *freshness.next_steps(found.hub, score)]))
    failed = has_errors(diagnostics, strict)
    if fmt == "text" and failed:  # the exit code alone says nothing to a person
        errors = sum(d.severity == "error" for d in diagnostics)
        click.echo(f"Failed: {errors} error{' stops' if errors == 1 else 's stop'} the build; fix "
                   f"{'it' if errors == 1 else 'them'} first."
                   if errors else "Failed: with --strict, warnings fail the check, as they fail "
                   "`build --strict`.")
    sys.exit(1 if failed else 0)


@click.command()
@CONFIG
@click.argument("kind", type=click.Choice(list(KINDS)))
@click.argument("title")
@click.option("--owner", help="Role id that will keep it true.")
def new(config_file: Path, kind: Kind, title: str, owner: str | None) -> None:
    """Write a new KIND document with every field present and explained."""
    from handbook.cli import scaffold

    found = session(config_file)
    refused = scaffold.refusal(found.hub, kind, title, owner)
    if refused:
        raise click.ClickException(refused)
    root = found.settings.root
    try:
        path = scaffold.write(found.settings, kind, title, owner, found.today)
    except FileExistsError as exc:
        raise click.ClickException(
            f"{Path(str(exc.filename)).relative_to(root)} already exists; choose another "
            "title or edit that file") from None
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Wrote {path.relative_to(root).as_posix()}: fill in the fields, then run "
               "`handbook check`.")


@click.command()
@CONFIG
@click.option("--ci", type=click.Choice(list(CI_FILES)),
              default="github", show_default=True, help="Where the hub's pull requests are checked.")
def init(config_file: Path, ci: str) -> None:
    """Write what a hub lacks: mkdocs.yml, .gitignore lines, CI workflows, a pre-commit hook."""
    from handbook.cli import starter

    root = config_file.resolve().parent
    site_dir = settings(config_file).site_dir if config_file.exists() else "site"
    try:
        written = starter.write(root, config_file.name, ci, site_dir)
    except starter.NotInstallable as exc:
        raise click.ClickException(str(exc)) from None
    for item in written:
        click.echo(f"{item.path}: {item.note}")
    click.echo("Next: `handbook check`, then commit these files.")


@click.command()
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
