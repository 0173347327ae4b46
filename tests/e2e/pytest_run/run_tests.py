"""Collects and runs a small test directory with a conftest plugin, and
prints which tests passed (pytest's own timing line stays out)."""
import os
import sys

import pytest


class Outcomes:
    def __init__(self):
        self.lines = []

    def pytest_runtest_logreport(self, report):
        if report.when == "call":
            self.lines.append("%s %s" % (report.outcome, report.nodeid))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    outcomes = Outcomes()
    code = pytest.main(["-q", "-p", "no:cacheprovider", "--no-header",
                        "-o", "console_output_style=classic",
                        os.path.join(here, "suite")],
                       plugins=[outcomes])
    for line in sorted(outcomes.lines):
        print(line.replace(here + os.sep, ""))
    return int(code)


if __name__ == "__main__":
    # pytest writes its own report to stdout; keep it on stderr instead.
    stdout = sys.stdout
    sys.stdout = sys.stderr
    try:
        status = main()
    finally:
        sys.stdout = stdout
    sys.exit(status)
