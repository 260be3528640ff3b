"""What every command shares: the config option, dates as users write them, the session."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import click

from handbook.model.options import ConfigFileError, Settings, read_settings, today

if TYPE_CHECKING:
    from handbook.pipeline.session import Session

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

        if isinstance(value, dt.date):
            return value
        try:
            return parse_day(str(value), today())
        except ValueError as exc:
            hint = "/".join(param.opts) if param else None
            raise click.BadParameter(str(exc), ctx, param, param_hint=hint) from None


DAY = Day()


def settings(config_file: Path) -> Settings:
    """The hub's settings; a bad mkdocs.yml reads the same in every command."""
    try:
        return read_settings(config_file)
    except ConfigFileError as exc:
        raise click.ClickException(str(exc)) from None


def session(config_file: Path) -> Session:
    """The hub behind `--config-file`, read once for this command."""
    from handbook.pipeline.session import Session

    return Session(settings(config_file))


def require_history(found: Session) -> None:
    """Commands that report history stop, saying why, when there is none."""
    if not found.history.available:
        raise click.ClickException(f"no history: {found.history.reason}")


def tell_left_out(found: Session) -> None:
    """The commits the history leaves out, on stderr: the output itself stays clean for pipes."""
    for notice in found.left_out():
        click.echo(notice.text(), err=True)
