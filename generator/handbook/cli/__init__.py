"""The `handbook` command: a thin group over the pipeline, its commands by audience.

`authors`: for the people who write the hub; `readers`: for the people who read what changed;
`site`: to publish. Each command reads the hub through one `Session` (handbook.pipeline)."""

from __future__ import annotations

import click

from handbook.cli import authors, readers, site


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="handbook")
def cli() -> None:
    """Handbook: your sales and marketing playbooks as one searchable site."""


for command in (authors.check, site.build, site.serve, readers.changelog, readers.promises,
                authors.new, authors.init, authors.schema, readers.diff, readers.digest,
                site.export):
    cli.add_command(command)


def main() -> None:
    cli(prog_name="handbook")
