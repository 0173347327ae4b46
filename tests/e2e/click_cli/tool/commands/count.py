import click

from tool.group import cli


@cli.command()
@click.argument("n", type=int)
def count(n):
    click.echo(" ".join(str(i) for i in range(n)))
