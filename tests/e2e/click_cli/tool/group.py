import click


@click.group()
def cli():
    """A tool with subcommands."""
