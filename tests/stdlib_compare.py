#!/usr/bin/python3
"""lazycheck's module-level import edges on the standard library match an
independent reference.

Runs `lazycheck graph ROOT` and tools/stdlib_imports.py (an `ast`-based
re-implementation of the same facts) on the same tree, keeps the imports
whose scope is "module" in files that `ast` parsed, and compares the two
multisets of (importer, line, target) triples:

    recall    = matched / reference triples   (what lazycheck found)
    precision = matched / lazycheck triples   (what lazycheck got right)

Prints both with counts and up to 20 examples of each kind of mismatch, and
exits 1 if either is below the threshold (0.995), 0 if both reach it, and
2 if a tool fails to run.

Usage:
    stdlib_compare.py --lazycheck BIN [--root /usr/lib/python3.11]
                      [--python /usr/bin/python3] [--jobs 2]
"""
import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
EXTRACTOR = os.path.join(HERE, "..", "tools", "stdlib_imports.py")
TIMEOUT = 300
MAX_EXAMPLES = 20


class ToolError(Exception):
    """A tool could not be run or gave unusable output."""


def run(cmd):
    """Runs cmd; returns its stdout. Raises ToolError on failure."""
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True,
                              timeout=TIMEOUT)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise ToolError(f"{cmd[0]}: {error}") from error
    if proc.returncode != 0:
        raise ToolError(f"{' '.join(cmd)} exited with {proc.returncode}:\n"
                        f"{proc.stderr}")
    return proc.stdout


def interpreter_sys_path(python):
    """The interpreter's sys.path, without the '' (current directory) entry."""
    out = run([python, "-c", "import json, sys; print(json.dumps(sys.path))"])
    return [p for p in json.loads(out) if p]


def run_reference(python, root, scratch):
    """Runs the ast extractor with `python`; returns its JSON document."""
    output = os.path.join(scratch, "reference.json")
    cmd = [python, EXTRACTOR, root, "-o", output]
    search_path = interpreter_sys_path(python)
    if search_path:
        cmd += ["--python-path"] + search_path
    run(cmd)
    with open(output, encoding="utf-8") as f:
        return json.load(f)


def run_lazycheck(binary, python, root, jobs, scratch):
    """Runs `lazycheck graph`; returns its JSON document."""
    output = os.path.join(scratch, "lazycheck.json")
    run([binary, "graph", root, "--python", python, "-j", str(jobs),
         "-o", output])
    try:
        with open(output, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as error:
        raise ToolError(f"lazycheck output unreadable: {error}") from error


def normalise(path):
    """A path in the form both tools are compared on."""
    return os.path.normpath(os.path.abspath(path))


def reference_triples(reference):
    """{(importer, line, target): count} and {(importer, line): [kinds]}."""
    triples = collections.Counter()
    kinds = collections.defaultdict(list)
    for entry in reference["imports"]:
        key = (entry["importer"], entry["line"], entry["target"])
        triples[key] += 1
        kinds[key].append(entry["kind"])
    return triples, kinds


def lazycheck_triples(graph, parsed_paths):
    """lazycheck's module-scope triples from files ast parsed.

    Importers are mapped to files through the "modules" section; entries
    whose importer has no file, or a file ast did not parse, are dropped
    and counted in the returned `dropped` number.
    """
    path_of = {m["name"]: m.get("path") for m in graph.get("modules", [])}
    triples = collections.Counter()
    kinds = collections.defaultdict(list)
    dropped = 0
    for entry in graph.get("imports", []):
        if entry.get("scope") != "module":
            continue
        path = path_of.get(entry["importer"])
        if path is None or normalise(path) not in parsed_paths:
            dropped += 1
            continue
        key = (entry["importer"], entry["line"], entry["target"])
        triples[key] += 1
        kinds[key].append(entry.get("kind"))
    return triples, kinds, dropped


def ratio(matched, total):
    """matched / total, defined as 1.0 when there is nothing to match."""
    return matched / total if total else 1.0


def describe(key, kinds, files, other):
    """One line about a mismatched triple: where, what, what the other side
    has on the same line."""
    importer, line, target = key
    where = f"{files.get(importer, importer)}:{line}"
    nearby = sorted(t for (i, l, t) in other if i == importer and l == line)
    also = f"; other side on this line: {nearby}" if nearby else \
        "; other side has nothing on this line"
    kind = "/".join(sorted(set(kinds[key])))
    return f"  {where}  {importer} -> {target}  [{kind}]{also}"


def print_mismatches(title, diff, kinds, files, other):
    """Prints the count and up to MAX_EXAMPLES of one kind of mismatch."""
    total = sum(diff.values())
    print(f"{title}: {total}")
    for key in sorted(diff)[:MAX_EXAMPLES]:
        count = f" (x{diff[key]})" if diff[key] > 1 else ""
        print(describe(key, kinds, files, other) + count)
    if len(diff) > MAX_EXAMPLES:
        print(f"  ... and {len(diff) - MAX_EXAMPLES} more")


def compare(reference, graph, threshold):
    """Prints the comparison; returns True if both scores reach threshold."""
    parsed = {normalise(f["path"]) for f in reference["parsed_files"]}
    files = {f["module"]: f["path"] for f in reference["parsed_files"]}
    expected, expected_kinds = reference_triples(reference)
    got, got_kinds, dropped = lazycheck_triples(graph, parsed)

    matched = sum((expected & got).values())
    recall = ratio(matched, sum(expected.values()))
    precision = ratio(matched, sum(got.values()))

    print(f"files: {len(parsed)} parsed by ast, "
          f"{len(reference['rejected_files'])} rejected (excluded)")
    print(f"module-scope imports: reference {sum(expected.values())}, "
          f"lazycheck {sum(got.values())} "
          f"(+{dropped} ignored: importer outside the files ast parsed)")
    print(f"matched: {matched}")
    print(f"recall:    {recall:.4f}  (threshold {threshold})")
    print(f"precision: {precision:.4f}  (threshold {threshold})")
    print_mismatches("missed by lazycheck (in reference only)",
                     expected - got, expected_kinds, files, got)
    print_mismatches("extra in lazycheck (not in reference)",
                     got - expected, got_kinds, files, expected)
    return recall >= threshold and precision >= threshold


def parse_args(argv):
    """Command-line interface."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lazycheck", required=True, help="lazycheck binary")
    parser.add_argument("--root", default="/usr/lib/python3.11",
                        help="tree to analyse (default: %(default)s)")
    parser.add_argument("--python", default="/usr/bin/python3",
                        help="interpreter for both tools (default: "
                             "%(default)s)")
    parser.add_argument("--jobs", type=int, default=2,
                        help="lazycheck worker threads (default: 2)")
    parser.add_argument("--threshold", type=float, default=0.995,
                        help="minimum recall and precision (default: 0.995)")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="stdlib_compare.") as scratch:
        try:
            reference = run_reference(args.python, args.root, scratch)
            reference_done = time.monotonic()
            graph = run_lazycheck(args.lazycheck, args.python, args.root,
                                  args.jobs, scratch)
        except ToolError as error:
            print(f"stdlib_compare: {error}", file=sys.stderr)
            return 2
    lazycheck_done = time.monotonic()
    ok = compare(reference, graph, args.threshold)
    print(f"time: reference {reference_done - start:.1f}s, lazycheck "
          f"{lazycheck_done - reference_done:.1f}s, total "
          f"{time.monotonic() - start:.1f}s")
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
