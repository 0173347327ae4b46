#!/usr/bin/env python3
"""The other report formats and baselines of `lazycheck check`.

* --format github: one workflow command per finding, ::warning for
  warnings and ::notice for infos, with file, line, col and title, and the
  message escaped as GitHub requires;
* --statistics: the per-rule table and the summary, no findings;
* --format json: the documented keys;
* --importtime LOG: each finding's module and each manifest entry with its
  import time, and the share of start-up the manifest keeps eager;
* baselines: --write-baseline records today's findings; --baseline then
  shows none of them, still shows a new one (and exits 1 for it), says how
  many were baselined, and lists the entries that no longer occur; moving
  code down the file does not make a finding new (fingerprints ignore line
  numbers).

usage: tests/report_test.py --lazycheck BIN
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)

failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL " + msg)


def expect(cond, msg):
    if not cond:
        fail(msg)
    return cond


def main(argv):
    ap = argparse.ArgumentParser()
    ap.add_argument("--lazycheck", required=True)
    a = ap.parse_args(argv)
    binary = os.path.abspath(a.lazycheck)
    tmp = tempfile.mkdtemp(prefix="lazycheck-report-")
    try:
        proj = os.path.join(tmp, "proj")
        shutil.copytree(os.path.join(REPO, "fixtures", "example"), proj)

        def check(*args):
            return subprocess.run([binary, "check", ".", "--python", "none",
                                   *args], cwd=proj, capture_output=True,
                                  text=True)

        # GitHub annotations.
        r = check("--format", "github")
        lines = r.stdout.splitlines()
        pattern = re.compile(r"^::(warning|notice|error) file=[^,:]+,line=\d+,"
                             r"col=\d+,title=LC\d{3} [a-z-]+::.+ \[LC\d{3}\]$")
        expect(r.returncode == 1, "github: exit status %d" % r.returncode)
        expect(lines and all(pattern.match(l) for l in lines),
               "github: malformed annotations: %s" % r.stdout)
        expect(any(l.startswith("::notice") for l in lines) and
               any(l.startswith("::warning") for l in lines),
               "github: expected warnings and notices")
        expect("file=main.py,line=3,col=1" in r.stdout,
               "github: paths relative to the working directory")

        # Statistics.
        r = check("--statistics")
        expect(not re.search(r"^\S+:\d+:\d+: ", r.stdout, re.M),
               "statistics: findings were printed")
        expect(re.search(r"^\s+\d+\s+LC301\s+side-effect-import\s+warning$",
                         r.stdout, re.M) and "analysed" in r.stdout,
               "statistics: per-rule table missing: %s" % r.stdout)

        # JSON keys.
        r = check("--format", "json")
        doc = json.loads(r.stdout)
        expect(set(doc) == {"version", "diagnostics", "summary"},
               "json: top-level keys %s" % sorted(doc))
        d = doc["diagnostics"][0]
        expect({"rule", "name", "severity", "path", "line", "col",
                "message"} <= set(d), "json: diagnostic keys %s" % sorted(d))

        # --importtime: the cost of each finding's module and of the manifest.
        log = os.path.join(tmp, "importtime.log")
        with open(log, "w") as f:
            f.write("import time: self [us] | cumulative | imported package\n"
                    "import time:      1500 |       4000 | shop.plugins\n"
                    "import time:      2500 |       2500 |   shop.plugins.card\n"
                    "import time:      6000 |       6000 | other.module\n"
                    "a line the program printed\n")
        man = os.path.join(tmp, "m.json")
        r = check("--importtime", log, "--manifest", man)
        expect("note: import time of shop.plugins: 1.5 ms own, 4.0 ms with "
               "its imports" in r.stdout,
               "importtime: no note on the finding: %s" % r.stdout)
        expect(re.search(r"import time: the manifest keeps \d+ modules eager; "
                         r"the 2 of them in the log cost 4\.0 ms of the "
                         r"10\.0 ms measured \(40\.0%\)", r.stdout),
               "importtime: summary: %s" % r.stdout)
        with open(man, encoding="utf-8") as f:
            entries = {e["module"]: e for e in json.load(f)["eager"]}
        expect(entries.get("shop.plugins.card", {}).get("import_time_us") ==
               {"self": 2500, "cumulative": 2500},
               "importtime: manifest entry: %s" % entries.get(
                   "shop.plugins.card"))
        r = check("--importtime", os.path.join(tmp, "nothing"))
        expect(r.returncode == 2 and "cannot read" in r.stderr,
               "importtime: a missing log must be an error")

        # Baselines.
        base = os.path.join(tmp, "baseline.json")
        r = check("--write-baseline", base)
        total = len(json.loads(check("--format", "json").stdout)
                    ["diagnostics"])
        with open(base, encoding="utf-8") as f:
            recorded = json.load(f)["findings"]
        expect(len(recorded) == total,
               "baseline: %d recorded of %d findings" % (len(recorded),
                                                         total))
        r = check("--baseline", base)
        expect(r.returncode == 0 and "%d findings already known" % total in
               r.stdout, "baseline: everything known: %d %s" % (
                   r.returncode, r.stdout))

        # Move code down (line numbers change), add a new effect, remove one.
        card = os.path.join(proj, "shop", "plugins", "card.py")
        with open(card, encoding="utf-8") as f:
            text = f.read()
        with open(card, "w", encoding="utf-8") as f:
            f.write("\n\n\n" + text)
        with open(os.path.join(proj, "shop", "boot.py"), "w") as f:
            f.write("import logging\n\nlogging.basicConfig()\n")
        main_py = os.path.join(proj, "main.py")
        with open(main_py, encoding="utf-8") as f:
            text = f.read()
        with open(main_py, "w", encoding="utf-8") as f:
            f.write(text.replace("import shop.plugins\n",
                                 "import shop.plugins  # lazycheck: ignore\n"))
        r = check("--baseline", base, "--format", "json")
        doc = json.loads(r.stdout)
        shown = [(x["rule"], x["path"]) for x in doc["diagnostics"]]
        expect(("LC104", "shop/boot.py") in shown,
               "baseline: the new finding is not shown: %s" % shown)
        expect(all(p == "shop/boot.py" for _, p in shown),
               "baseline: known findings shown again after lines moved: %s" %
               shown)
        expect(r.returncode == 1, "baseline: a new warning must exit 1")
        fixed = doc["summary"].get("baseline_fixed", [])
        expect(len(fixed) == 1 and fixed[0].startswith("LC301 main.py:"),
               "baseline: the fixed entry is not listed: %s" % fixed)
        r = check("--baseline", base)
        expect("1 entry no longer occurs" in r.stdout,
               "baseline: text summary: %s" % r.stdout)
    finally:
        shutil.rmtree(tmp)
    print("failures: %d" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
