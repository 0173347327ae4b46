#!/usr/bin/env python3
"""SARIF output of every check fixture, validated two independent ways.

For each case under fixtures/check/ (with the case's args file, as
run_checks.py uses it):

    lazycheck check fixtures/check/<case> --python none ARGS --format sarif -jN

must be byte-identical at -j1 and -j2 and must pass

* Microsoft's SARIF multitool: `sarif-multitool validate` writes its own
  SARIF log of problems and exits 0 whatever it finds, so the test reads
  that log: no result of level error or warning may remain;
* the official SARIF 2.1.0 JSON schema (draft 2020-12, shipped in the
  multitool package) under ajv-cli with ajv-formats;

and these properties the validators do not check: tool.driver.rules is the
whole catalogue in order (ids, names, levels from `lazycheck rules`), every
result's ruleIndex points at its ruleId, levels match the catalogue,
columnKind is unicodeCodePoints, every location is relative to %SRCROOT%,
cycles carry one thread flow per cycle with a step per import, and every
result has a partial fingerprint.

usage: tests/sarif_test.py --lazycheck BIN --validators DIR
"""

import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
CASES = os.path.join(REPO, "fixtures", "check")
LEVEL = {"error": "error", "warning": "warning", "info": "note"}

failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL " + msg)


def case_args(case):
    path = os.path.join(CASES, case, "args")
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        args = shlex.split(f.read(), comments=True)
    out = []
    for i, a in enumerate(args):
        if i > 0 and args[i - 1] in ("--root", "--config"):
            a = os.path.join("fixtures", "check", case, a)
        out.append(a)
    return out


def catalogue(lazycheck):
    out = subprocess.run([lazycheck, "rules"], capture_output=True, text=True,
                         check=True).stdout
    rules = []
    for line in out.splitlines():
        parts = line.split()
        rules.append((parts[0], parts[1], parts[2]))
    return rules


def check_structure(case, doc, rules):
    run = doc["runs"][0]
    driver = run["tool"]["driver"]
    got = [(r["id"], r["name"], r["defaultConfiguration"]["level"])
           for r in driver["rules"]]
    want = [(c, n, LEVEL[s]) for c, n, s in rules]
    if got != want:
        fail("%s: tool.driver.rules differ from the catalogue" % case)
    for key in ("name", "semanticVersion", "informationUri"):
        if not driver.get(key):
            fail("%s: tool.driver.%s missing" % (case, key))
    if run.get("columnKind") != "unicodeCodePoints":
        fail("%s: columnKind is not unicodeCodePoints" % case)
    if "%SRCROOT%" not in run.get("originalUriBaseIds", {}):
        fail("%s: %%SRCROOT%% is not declared" % case)
    if [i.get("executionSuccessful") for i in run.get("invocations", [])] != \
            [True]:
        fail("%s: expected one successful invocation" % case)
    for res in run["results"]:
        rule = driver["rules"][res["ruleIndex"]]
        where = "%s: result %s" % (case, res["ruleId"])
        if rule["id"] != res["ruleId"]:
            fail(where + ": ruleIndex points at " + rule["id"])
        if res["level"] != rule["defaultConfiguration"]["level"]:
            fail(where + ": level differs from the catalogue's")
        if not res.get("partialFingerprints"):
            fail(where + ": no partialFingerprints")
        locs = [res["locations"][0]] + res.get("relatedLocations", [])
        for loc in locs:
            art = loc["physicalLocation"]["artifactLocation"]
            if art.get("uriBaseId") != "%SRCROOT%" or \
                    art["uri"].startswith(("/", "file:")):
                fail(where + ": location not relative to %SRCROOT%: " +
                     art["uri"])
        if res["ruleId"] in ("LC303", "LC304"):
            flows = res.get("codeFlows", [])
            if len(flows) != 1 or len(flows[0]["threadFlows"]) != 1:
                fail(where + ": a cycle needs one code flow, one thread flow")
            elif len(flows[0]["threadFlows"][0]["locations"]) < 2:
                fail(where + ": a cycle's thread flow needs a step per import")


def main(argv):
    ap = argparse.ArgumentParser()
    ap.add_argument("--lazycheck", required=True)
    ap.add_argument("--validators", required=True,
                    help="the directory where tests/sarif's npm packages "
                    "are installed")
    a = ap.parse_args(argv)
    a.validators = os.path.abspath(a.validators)
    bin_dir = os.path.join(a.validators, "node_modules", ".bin")
    multitool = os.path.join(bin_dir, "sarif-multitool")
    ajv = os.path.join(bin_dir, "ajv")
    schema = os.path.join(a.validators, "node_modules", "@microsoft",
                          "sarif-multitool-linux", "sarif-2.1.0.json")
    rules = catalogue(a.lazycheck)
    cases = sorted(c for c in os.listdir(CASES)
                   if os.path.isdir(os.path.join(CASES, c)))
    with tempfile.TemporaryDirectory(prefix="lazycheck-sarif-") as tmp:
        files = []
        for case in cases:
            outs = []
            for j in (1, 2):
                path = os.path.join(tmp, "%s.j%d.sarif.json" % (case, j))
                cmd = [a.lazycheck, "check", os.path.join("fixtures", "check",
                                                          case),
                       "--python", "none", *case_args(case), "--format",
                       "sarif", "-j%d" % j, "-o", path]
                r = subprocess.run(cmd, capture_output=True, text=True)
                if r.returncode not in (0, 1):
                    fail("%s: lazycheck exited %d: %s" % (case, r.returncode,
                                                          r.stderr))
                    break
                with open(path, "rb") as f:
                    outs.append(f.read())
            if len(outs) != 2:
                continue
            if outs[0] != outs[1]:
                fail("%s: SARIF differs between -j1 and -j2" % case)
            check_structure(case, json.loads(outs[0]), rules)
            files.append(os.path.join(tmp, "%s.j1.sarif.json" % case))

        # The multitool, once over all files.
        log = os.path.join(tmp, "validation.sarif")
        r = subprocess.run([multitool, "validate", *files, "-o", log, "--log",
                            "ForceOverwrite"], capture_output=True, text=True)
        if not os.path.exists(log):
            fail("sarif-multitool wrote no log (exit %d): %s%s" % (
                r.returncode, r.stdout, r.stderr))
        else:
            with open(log, encoding="utf-8") as f:
                val = json.load(f)
            problems = [res for run in val.get("runs", [])
                        for res in run.get("results", [])
                        if res.get("level", "warning") in ("error", "warning")]
            for p in problems:
                locs = p.get("locations") or [{}]
                uri = locs[0].get("physicalLocation", {}).get(
                    "artifactLocation", {}).get("uri", "?")
                fail("sarif-multitool: %s %s in %s: %s" % (
                    p.get("level", "warning"), p.get("ruleId"), uri,
                    json.dumps(p.get("message"))))
            print("sarif-multitool: %d files, %d problems" % (len(files),
                                                             len(problems)))

        # The schema, under ajv.
        cmd = [ajv, "validate", "--spec=draft2020", "-c", "ajv-formats", "-s",
               schema]
        for f in files:
            cmd += ["-d", f]
        r = subprocess.run(cmd, capture_output=True, text=True,
                           cwd=a.validators)
        if r.returncode != 0:
            fail("ajv (SARIF 2.1.0 schema): %s%s" % (r.stdout, r.stderr))
        else:
            print("ajv: %d files valid against the SARIF 2.1.0 schema" %
                  len(files))

    print("cases: %d, failures: %d" % (len(cases), len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
