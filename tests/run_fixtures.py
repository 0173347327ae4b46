#!/usr/bin/env python3
"""Snapshot tests for `lazycheck graph`: one small Python project per case.

Layout
------
    fixtures/graph/<case>/           the case: a small project (its own files)
    fixtures/graph/<case>/args       extra command-line arguments (optional)
    fixtures/graph/<case>/expected.json   the snapshot

For each case the runner executes, with the repository root as the working
directory (so paths in the output read fixtures/graph/<case>/...):

    LAZYCHECK graph fixtures/graph/<case> ARGS -j1
    LAZYCHECK graph fixtures/graph/<case> ARGS -j2

The two outputs must be byte-identical (determinism across thread counts),
the command must exit 0, and the output must equal expected.json (compared
as parsed JSON, so the snapshot's whitespace does not matter; a mismatch
prints a unified diff of both sides re-serialised the same way).

The `args` file convention
--------------------------
* One line of arguments, split like a POSIX shell would (shlex): quotes
  work, and `#` starts a comment. A missing or empty file means no extra
  arguments. Typical: `--python none`.
* The value of every `--root DIR` / `--root=DIR` is a path RELATIVE TO THE
  CASE DIRECTORY; the runner prefixes it with fixtures/graph/<case>/. For
  example `--python none --root one --root two` in case `namespace` runs
  `... --root fixtures/graph/namespace/one --root fixtures/graph/namespace/two`.
  No other argument is rewritten (an `--exclude` glob is passed verbatim).
* The case directory is always the one PATH; `-j1`/`-j2` are added by the
  runner and must not appear in `args`.

Files in a case directory named `args` and `expected.json` are not Python and
are ignored by lazycheck's discovery (only *.py files are analysed).

Usage
-----
    tests/run_fixtures.py --lazycheck BUILD/lazycheck [--update] [CASE...]

With --update (or the environment variable UPDATE_SNAPSHOTS=1) each case's
expected.json is rewritten with lazycheck's output (the -j1 and -j2 runs must
still agree). Review every rewritten snapshot by hand before committing it.

Prints one line per case and finally `N passed, M failed`; exits 1 when any
case failed, 2 on a usage error.
"""
import argparse
import difflib
import json
import os
import shlex
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CASES_REL = os.path.join("fixtures", "graph")
CASES_DIR = os.path.join(REPO, CASES_REL)
TIMEOUT = 300


def list_cases():
    if not os.path.isdir(CASES_DIR):
        return []
    return sorted(name for name in os.listdir(CASES_DIR)
                  if os.path.isdir(os.path.join(CASES_DIR, name)))


def read_args(case):
    """The case's extra arguments, with --root values made repo-relative."""
    path = os.path.join(CASES_DIR, case, "args")
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        words = shlex.split(f.read(), comments=True)
    case_rel = os.path.join(CASES_REL, case)
    out = []
    i = 0
    while i < len(words):
        w = words[i]
        if w == "--root" and i + 1 < len(words):
            out += [w, os.path.normpath(os.path.join(case_rel, words[i + 1]))]
            i += 2
            continue
        if w.startswith("--root="):
            w = "--root=" + os.path.normpath(
                os.path.join(case_rel, w[len("--root="):]))
        elif w in ("-j", "--jobs") or w.startswith("-j") or \
                w.startswith("--jobs="):
            raise ValueError("%s/args must not set -j (the runner does)" % case)
        out.append(w)
        i += 1
    return out


def run_graph(lazycheck, case, extra, jobs):
    cmd = [lazycheck, "graph", os.path.join(CASES_REL, case)] + extra + \
        ["-j%d" % jobs]
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, timeout=TIMEOUT)
    return cmd, proc


def canonical(value):
    return json.dumps(value, indent=2, ensure_ascii=False, sort_keys=False)


def check_case(lazycheck, case, update):
    """Returns (ok, message, details)."""
    try:
        extra = read_args(case)
    except (ValueError, OSError) as e:
        return False, "bad args file: %s" % e, ""
    outputs = []
    for jobs in (1, 2):
        try:
            cmd, proc = run_graph(lazycheck, case, extra, jobs)
        except subprocess.TimeoutExpired:
            return False, "timed out after %d s (-j%d)" % (TIMEOUT, jobs), ""
        if proc.returncode != 0:
            return False, "exit status %d (-j%d)" % (proc.returncode, jobs), \
                "$ %s\n%s" % (shlex.join(cmd),
                              proc.stderr.decode("utf-8", "replace"))
        outputs.append(proc.stdout)
    if outputs[0] != outputs[1]:
        diff = difflib.unified_diff(
            outputs[0].decode("utf-8", "replace").splitlines(True),
            outputs[1].decode("utf-8", "replace").splitlines(True),
            "-j1", "-j2")
        return False, "-j1 and -j2 outputs differ", "".join(diff)
    try:
        text = outputs[0].decode("utf-8")
        got = json.loads(text)
    except (UnicodeDecodeError, ValueError) as e:
        return False, "output is not UTF-8 JSON: %s" % e, ""

    expected_path = os.path.join(CASES_DIR, case, "expected.json")
    if update:
        old = None
        if os.path.exists(expected_path):
            with open(expected_path, "rb") as f:
                old = f.read()
        if old != outputs[0]:
            with open(expected_path, "wb") as f:
                f.write(outputs[0])
            return True, "updated", ""
        return True, "unchanged", ""
    if not os.path.exists(expected_path):
        return False, "no expected.json (run with --update)", ""
    try:
        with open(expected_path, encoding="utf-8") as f:
            expected = json.load(f)
    except ValueError as e:
        return False, "expected.json is not valid JSON: %s" % e, ""
    if expected == got:
        return True, "ok", ""
    diff = difflib.unified_diff(
        canonical(expected).splitlines(True), canonical(got).splitlines(True),
        os.path.join(CASES_REL, case, "expected.json"), "lazycheck output")
    return False, "output differs from expected.json", "".join(diff)


def main():
    ap = argparse.ArgumentParser(
        description="Snapshot tests for `lazycheck graph` "
                    "(see the top of this file for the conventions).")
    ap.add_argument("--lazycheck", required=True,
                    help="the lazycheck binary to test")
    ap.add_argument("--update", action="store_true",
                    help="rewrite expected.json from lazycheck's output")
    ap.add_argument("cases", nargs="*", metavar="CASE",
                    help="case names under fixtures/graph (default: all)")
    opts = ap.parse_args()
    update = opts.update or os.environ.get("UPDATE_SNAPSHOTS", "") not in (
        "", "0")
    lazycheck = os.path.abspath(opts.lazycheck) \
        if os.sep in opts.lazycheck else opts.lazycheck

    all_cases = list_cases()
    cases = opts.cases or all_cases
    unknown = [c for c in cases if c not in all_cases]
    if unknown:
        print("run_fixtures: no such case: %s" % ", ".join(unknown),
              file=sys.stderr)
        return 2
    if not cases:
        print("run_fixtures: no cases under %s" % CASES_REL, file=sys.stderr)
        return 2

    passed = failed = 0
    width = max(len(c) for c in cases)
    for case in cases:
        ok, message, details = check_case(lazycheck, case, update)
        print("%s %-*s  %s" % ("PASS" if ok else "FAIL", width, case, message))
        if details:
            sys.stdout.write(details if details.endswith("\n")
                             else details + "\n")
        sys.stdout.flush()
        if ok:
            passed += 1
        else:
            failed += 1
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
