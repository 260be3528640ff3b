"""The `handbook` command: a thin group over the pipeline, commands by audience."""

from handbook.cli.commands import cli, main

__all__ = ["cli", "main"]
