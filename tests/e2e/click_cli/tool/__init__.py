from tool.group import cli
from tool.commands import greet, count  # noqa: F401  (they register themselves)


def main(argv):
    return cli.main(args=argv or ["greet", "--name", "lazy"],
                    prog_name="tool", standalone_mode=False)
