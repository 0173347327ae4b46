"""Command line of lazyrun: `run` a program lazily, `verify` it against an
eager run."""

import argparse
import sys

from lazyrun.manifest import Manifest, ManifestError

MODES = ("module", "pep810")


def split_target(argv):
    """(script, module, args) from `script.py args...` or `-m mod args...`."""
    if not argv:
        return None, None, []
    if argv[0] == "-m":
        if len(argv) < 2:
            return None, None, []
        return None, argv[1], argv[2:]
    return argv[0], None, argv[1:]


def parse(argv):
    ap = argparse.ArgumentParser(
        prog="python3 -m lazyrun",
        description="Run a Python program with lazy imports, keeping the "
        "modules of a lazycheck manifest eager; or verify that it behaves "
        "as it does eagerly.")
    sub = ap.add_subparsers(dest="command", required=True)
    for name in ("run", "verify"):
        p = sub.add_parser(name)
        p.add_argument("--manifest", metavar="FILE",
                       help="lazycheck manifest (default: none, so "
                       "everything that can be lazy is)")
        p.add_argument("--mode", choices=MODES, default="module",
                       help="module: every source module behind "
                       "importlib.util.LazyLoader; pep810: PEP 810's "
                       "lazy names (native on CPython 3.15+, emulated "
                       "before). Default: module")
        if name == "verify":
            p.add_argument("--stderr", action="store_true",
                           help="compare stderr too (addresses and times "
                           "normalised)")
            p.add_argument("--until", metavar="REGEX",
                           help="also measure the time until a line of "
                           "stdout matches REGEX (time to first batch)")
            p.add_argument("--runs", type=int, default=1,
                           help="timed runs of each variant (median)")
            p.add_argument("--timeout", type=float, default=600,
                           help="seconds before a run is killed")
            p.add_argument("--json", metavar="FILE",
                           help="write the verdicts and timings as JSON")
        p.add_argument("target", nargs=argparse.REMAINDER,
                       help="script.py [args...] or -m module [args...]")
    a = ap.parse_args(argv)
    if a.target and a.target[0] == "--":
        a.target = a.target[1:]
    a.script, a.module, a.args = split_target(a.target)
    if not a.script and not a.module:
        ap.error("give a script or -m module to run")
    return a


def load_manifest(path):
    if not path:
        return Manifest.empty()
    return Manifest.load(path)


def main(argv=None):
    a = parse(sys.argv[1:] if argv is None else argv)
    try:
        manifest = load_manifest(a.manifest)
    except ManifestError as e:
        sys.stderr.write("lazyrun: error: %s\n" % e)
        return 2
    if a.command == "run":
        from lazyrun.runner import run
        return run(manifest, a.mode, a.script, a.module, a.args)
    from lazyrun.verify import verify
    return verify(a)


if __name__ == "__main__":
    sys.exit(main())
