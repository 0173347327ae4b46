#!/usr/bin/env python3
"""End-to-end: real programs on Debian's Python libraries, run lazily with
lazycheck's manifest.

For each program below (a directory of tests/e2e/ and the command run in
it):

    lazycheck check DIR --python /usr/bin/python3 --manifest M
    python3 -m lazyrun verify --mode MODE --manifest M -- COMMAND   (both modes)

The run with the manifest must behave as the eager run does (exit status,
stdout) in both modes; whether the program breaks without the manifest is
recorded (that is what the manifest is for) but not required. --json writes
all verdicts, times and manifest sizes.

The libraries come from Debian (tools/setup.sh --e2e installs them); a
program whose imports are not installed is reported and fails the run.

usage: tests/e2e/run_e2e.py --lazycheck BIN [--json FILE] [PROGRAM...]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
TOOLS = os.path.join(REPO, "tools")
PYTHON = "/usr/bin/python3"

# name: (command, --until regex: the line that marks "ready")
PROGRAMS = {
    "ml_train": (["train.py"], r"^first batch"),
    "sympy_calc": (["calc.py"], None),
    "numba_jit": (["jit.py"], None),
    "django_app": (["app.py"], None),
    "click_cli": (["cli.py", "count", "5"], None),
    "pytest_run": (["run_tests.py"], None),
    "ipython_start": (["start.py"], r"^kernel ready"),
}
MODES = ("module", "pep810")


def manifest_for(lazycheck, name, path):
    r = subprocess.run([lazycheck, "check", ".", "--python", PYTHON,
                        "--exit-zero", "--manifest", path],
                       cwd=os.path.join(HERE, name), capture_output=True,
                       text=True)
    if r.returncode != 0:
        raise RuntimeError("lazycheck failed on %s: %s" % (name, r.stderr))
    with open(path, encoding="utf-8") as f:
        return json.load(f)["stats"]


def verify(name, mode, manifest, runs=1):
    command, until = PROGRAMS[name]
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as t:
        report = t.name
    try:
        cmd = [PYTHON, "-m", "lazyrun", "verify", "--mode", mode,
               "--manifest", manifest, "--runs", str(runs), "--json", report]
        if until:
            cmd += ["--until", until]
        r = subprocess.run(cmd + ["--"] + command,
                           cwd=os.path.join(HERE, name),
                           env=dict(os.environ, PYTHONPATH=TOOLS),
                           capture_output=True, text=True, timeout=1800)
        with open(report, encoding="utf-8") as f:
            return r, json.load(f)
    finally:
        os.unlink(report)


def main(argv):
    ap = argparse.ArgumentParser()
    ap.add_argument("--lazycheck", required=True)
    ap.add_argument("--json")
    ap.add_argument("programs", nargs="*")
    a = ap.parse_args(argv)
    lazycheck = os.path.abspath(a.lazycheck)
    names = a.programs or list(PROGRAMS)
    failures, results = [], {}
    tmp = tempfile.mkdtemp(prefix="lazycheck-e2e-")
    for name in names:
        manifest = os.path.join(tmp, name + ".json")
        try:
            stats = manifest_for(lazycheck, name, manifest)
        except RuntimeError as e:
            failures.append(str(e))
            print("FAIL %s" % e)
            continue
        results[name] = {"manifest": stats}
        for mode in MODES:
            r, doc = verify(name, mode, manifest)
            same = not doc["manifest"]["differences"] and r.returncode == 0
            broke = doc["lazy"]["differences"]
            results[name][mode] = {
                "same_with_manifest": same,
                "breaks_without": broke,
                "eager_exit": doc["eager"]["exit"],
            }
            line = "%-4s %-14s %-6s with manifest: %s; without: %s (%d eager, " \
                "%d eager importers of %d modules)" % (
                    "ok" if same and doc["eager"]["exit"] == 0 else "FAIL",
                    name, mode, "same as eager" if same else "DIFFERS",
                    "; ".join(broke) if broke else "same as eager",
                    stats["eager"], stats["eager_importers"], stats["modules"])
            print(line)
            if doc["eager"]["exit"] != 0:
                failures.append("%s: fails eagerly" % name)
                print(r.stdout)
            elif not same:
                failures.append("%s (%s mode): the manifest run differs" % (
                    name, mode))
                print(r.stdout)
    if a.json:
        with open(a.json, "w", encoding="utf-8") as f:
            json.dump(results, f, indent=1, sort_keys=True)
    print("programs: %d, failures: %d" % (len(names), len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
