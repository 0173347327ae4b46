import click

from tool.group import cli


@cli.command()
@click.option("--name", default="world")
def greet(name):
    click.echo("hello %s" % name)
