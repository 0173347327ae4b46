"""IPython start-up: create the interactive shell and run one cell."""
from IPython.terminal.interactiveshell import TerminalInteractiveShell


def main():
    shell = TerminalInteractiveShell.instance(colors="NoColor")
    result = shell.run_cell("sum(range(10))", store_history=False)
    print("kernel ready", result.result)


if __name__ == "__main__":
    main()
