#!/usr/bin/env python3
"""The exclusion manifest: sufficient, deterministic, checkable, explained.

For every program under fixtures/proof/<case>/ (a main.py whose behaviour
depends on an import-time effect, a cycle's order or a module replacing
itself):

* `lazycheck check CASE --python none --manifest M` writes M, byte-identical
  at -j1 and -j2, with a reason for every entry;
* `lazyrun verify --manifest M -- main.py`, in both of tools/lazyrun's
  modes (module: every source module behind importlib.util.LazyLoader
  except M's eager ones; pep810: PEP 810's lazy names, emulated), finds
  the lazy run with M identical to the eager run; and in the modes the
  case's `breaks` file names, the lazy run without a manifest different
  from it: the program really breaks, and the manifest really fixes it;
* `--manifest M --check` exits 0 on the file just written and 1, with a
  diff naming the module, on a copy with an entry removed, leaving the file
  unchanged;
* `lazycheck why` explains an eager module with its evidence and calls an
  untouched module safe.

usage: tests/manifest_test.py --lazycheck BIN [CASE...]
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
CASES = os.path.join(REPO, "fixtures", "proof")
TOOLS = os.path.join(REPO, "tools")
PYTHON = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") \
    else sys.executable

failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL " + msg)


def lazycheck(binary, *args):
    return subprocess.run([binary, *args], capture_output=True, text=True)


def verify(case_dir, manifest, mode):
    env = dict(os.environ, PYTHONPATH=TOOLS)
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as t:
        report = t.name
    try:
        r = subprocess.run(
            [PYTHON, "-m", "lazyrun", "verify", "--mode", mode, "--manifest",
             manifest, "--json", report, "--", "main.py"],
            cwd=case_dir, env=env, capture_output=True, text=True,
            timeout=600)
        with open(report, encoding="utf-8") as f:
            doc = json.load(f)
    finally:
        os.unlink(report)
    return r, doc


def check_case(binary, case, modes, tmp):
    rel = os.path.join("fixtures", "proof", case)
    case_dir = os.path.join(CASES, case)
    manifests = []
    for j in (1, 2):
        path = os.path.join(tmp, "%s.j%d.json" % (case, j))
        r = lazycheck(binary, "check", rel, "--python", "none", "--exit-zero",
                      "-j%d" % j, "--manifest", path)
        if r.returncode != 0:
            fail("%s: lazycheck exited %d: %s" % (case, r.returncode,
                                                  r.stderr))
            return
        with open(path, "rb") as f:
            manifests.append(f.read())
    if manifests[0] != manifests[1]:
        fail("%s: the manifest differs between -j1 and -j2" % case)
    manifest = os.path.join(tmp, "%s.j1.json" % case)
    doc = json.loads(manifests[0])
    if not doc["eager"] and not doc["eager_importers"]:
        fail("%s: the manifest keeps nothing eager" % case)
    for entry in doc["eager"] + doc["eager_importers"]:
        if not entry["reasons"]:
            fail("%s: %s has no reason" % (case, entry["module"]))

    # The manifest must be sufficient in both modes; the case must break
    # without it in the modes its `breaks` file names.
    for mode in MODES:
        r, report = verify(case_dir, manifest, mode)
        where = "%s (%s mode)" % (case, mode)
        if report["eager"]["exit"] != 0:
            fail("%s: the program fails eagerly: %s" % (where, r.stdout))
        broke = report["lazy"]["differences"]
        if mode in modes and not broke:
            fail("%s: the program does not break without the manifest, so "
                 "the case proves nothing" % where)
        if report["manifest"]["differences"] or r.returncode != 0:
            fail("%s: with the manifest the lazy run differs: %s" % (
                where, r.stdout))
        else:
            print("ok   %-12s %-6s %s; identical with the manifest "
                  "(%d eager, %d eager importers)" % (
                      case, mode, "breaks without it (%s)" % "; ".join(broke)
                      if broke else "works without it too",
                      len(doc["eager"]), len(doc["eager_importers"])))

    # --check: fresh is fine; a stale copy is reported and left alone.
    r = lazycheck(binary, "check", rel, "--python", "none", "--exit-zero",
                  "--manifest", manifest, "--check")
    if r.returncode != 0:
        fail("%s: --check on a fresh manifest exited %d: %s" % (
            case, r.returncode, r.stderr))
    stale = os.path.join(tmp, "%s.stale.json" % case)
    removed = doc["eager"][0]["module"] if doc["eager"] else None
    if removed:
        edited = dict(doc, eager=doc["eager"][1:])
        with open(stale, "w", encoding="utf-8") as f:
            json.dump(edited, f, indent=2)
        with open(stale, "rb") as f:
            before = f.read()
        r = lazycheck(binary, "check", rel, "--python", "none", "--exit-zero",
                      "--manifest", stale, "--check")
        with open(stale, "rb") as f:
            after = f.read()
        if r.returncode != 1 or ("+ eager " + removed) not in r.stderr:
            fail("%s: --check on a stale manifest exited %d without naming "
                 "%s: %s" % (case, r.returncode, removed, r.stderr))
        if before != after:
            fail("%s: --check changed the manifest file" % case)

        # why: the evidence for an eager module.
        r = lazycheck(binary, "why", removed, "--manifest", manifest)
        if r.returncode != 0 or "is eager" not in r.stdout or \
                doc["eager"][0]["reasons"][0]["rule"] not in r.stdout:
            fail("%s: why %s: %s%s" % (case, removed, r.stdout, r.stderr))
    if doc["lazy_safe"]:
        safe = doc["lazy_safe"][0]
        r = lazycheck(binary, "why", safe, "--manifest", manifest)
        if "safe to import lazily" not in r.stdout:
            fail("%s: why %s: %s" % (case, safe, r.stdout))


MODES = ("module", "pep810")


def breaking_modes(case):
    """The modes in which the case must break without the manifest (its
    `breaks` file): module (LazyLoader), pep810 (PEP 810's lazy names)."""
    with open(os.path.join(CASES, case, "breaks"), encoding="utf-8") as f:
        modes = f.read().split()
    unknown = set(modes) - set(MODES)
    if unknown or not modes:
        fail("%s: breaks must name some of %s" % (case, ", ".join(MODES)))
    return modes


def main(argv):
    ap = argparse.ArgumentParser()
    ap.add_argument("--lazycheck", required=True)
    ap.add_argument("cases", nargs="*")
    a = ap.parse_args(argv)
    binary = os.path.abspath(a.lazycheck)
    cases = a.cases or sorted(c for c in os.listdir(CASES)
                              if os.path.isdir(os.path.join(CASES, c)))
    tmp = tempfile.mkdtemp(prefix="lazycheck-manifest-")
    try:
        for case in cases:
            check_case(binary, case, breaking_modes(case), tmp)
    finally:
        shutil.rmtree(tmp)
    print("cases: %d, failures: %d" % (len(cases), len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
