"""A click command group whose subcommands register themselves with
decorators in separate modules."""
import sys

from tool import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
