"""`lazyrun verify`: run a program eagerly, lazily without the manifest and
lazily with it; compare exit status and stdout (and stderr, normalised, on
request); report which modules never ran and how long each run took."""

import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time

TOOLS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Memory addresses and durations vary from run to run.
_NOISE = [
    (re.compile(r"0x[0-9a-fA-F]{6,}"), "0x?"),
    (re.compile(r"\b\d+(\.\d+)?\s?(ms|s|sec|seconds)\b"), "<time>"),
]


def normalise(text):
    for pattern, repl in _NOISE:
        text = pattern.sub(repl, text)
    return text


class Outcome:
    def __init__(self, name):
        self.name = name
        self.code = None
        self.stdout = ""
        self.stderr = ""
        self.seconds = []
        self.until = []  # seconds until --until matched, per run
        self.report = {}
        self.timed_out = False


def _command(a, variant):
    target = ([a.script] if a.script else ["-m", a.module]) + list(a.args)
    if variant == "eager":
        return [sys.executable] + target
    cmd = [sys.executable, "-m", "lazyrun", "run", "--mode", a.mode]
    if variant == "manifest" and a.manifest:
        cmd += ["--manifest", a.manifest]
    return cmd + target


def _run_once(a, variant, outcome, until):
    env = dict(os.environ)
    env["PYTHONPATH"] = TOOLS + (os.pathsep + env["PYTHONPATH"]
                                 if env.get("PYTHONPATH") else "")
    fd, report = tempfile.mkstemp(prefix="lazyrun-", suffix=".json")
    os.close(fd)
    env["LAZYRUN_REPORT"] = report
    start = time.monotonic()
    proc = subprocess.Popen(_command(a, variant), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env)
    lines, matched = [], []
    errs = []
    reader = threading.Thread(target=lambda: errs.append(proc.stderr.read()))
    reader.start()
    for raw in proc.stdout:
        line = raw.decode("utf-8", "replace")
        if until and not matched and until.search(line):
            matched.append(time.monotonic() - start)
        lines.append(line)
    try:
        proc.wait(timeout=a.timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        outcome.timed_out = True
    reader.join()
    outcome.seconds.append(time.monotonic() - start)
    if matched:
        outcome.until.append(matched[0])
    outcome.code = proc.returncode
    outcome.stdout = "".join(lines)
    outcome.stderr = (errs[0] if errs else b"").decode("utf-8", "replace")
    try:
        with open(report, encoding="utf-8") as f:
            text = f.read()
        outcome.report = json.loads(text) if text.strip() else {}
    except (OSError, ValueError):
        outcome.report = {}
    finally:
        os.unlink(report)


def _differences(eager, other, compare_stderr):
    out = []
    if other.timed_out:
        out.append("timed out")
    if other.code != eager.code:
        out.append("exit status %s, eagerly %s" % (other.code, eager.code))
    if other.stdout != eager.stdout:
        a, b = eager.stdout.splitlines(), other.stdout.splitlines()
        n = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y),
                 min(len(a), len(b)))
        out.append("stdout differs from line %d" % (n + 1))
    if compare_stderr and normalise(other.stderr) != normalise(eager.stderr):
        out.append("stderr differs")
    return out


def _median(xs):
    return statistics.median(xs) if xs else None


def _last_lines(text, n=3):
    lines = [l for l in text.strip().splitlines() if l.strip()]
    return lines[-n:]


def verify(a):
    until = re.compile(a.until) if a.until else None
    variants = [("eager", "eager"), ("lazy", "lazy, no manifest"),
                ("manifest", "lazy, with manifest")]
    outcomes = {v: Outcome(label) for v, label in variants}
    for i in range(max(1, a.runs)):
        # Alternate the order so that machine noise hits all variants alike.
        order = variants[i % 3:] + variants[:i % 3]
        for v, _ in order:
            _run_once(a, v, outcomes[v], until)
    eager = outcomes["eager"]
    verdicts = {}
    print("lazyrun verify (%s mode, manifest %s)" % (
        a.mode, a.manifest or "none"))
    for v, label in variants:
        o = outcomes[v]
        line = "  %-20s exit %-3s %7.3f s" % (label, o.code, _median(o.seconds))
        if until:
            t = _median(o.until)
            line += "   until match: %s" % ("%.3f s" % t if t is not None
                                            else "never")
        if v != "eager":
            diff = _differences(eager, o, a.stderr)
            verdicts[v] = diff
            line += "   " + ("SAME as eager" if not diff else
                             "DIFFERS: " + "; ".join(diff))
            never = o.report.get("never_executed")
            if never is not None:
                line += "; %d of %d deferred modules never ran" % (
                    len(never), len(o.report.get("deferred", [])))
        print(line)
        if v != "eager" and verdicts[v]:
            for l in _last_lines(o.stderr):
                print("      | " + l)
    ratio = None
    if _median(eager.seconds):
        ratio = _median(outcomes["manifest"].seconds) / _median(eager.seconds)
        print("  lazy with manifest / eager wall time: %.3fx" % ratio)
    if until and _median(eager.until) and _median(outcomes["manifest"].until):
        print("  time to first match, lazy with manifest / eager: %.3fx" % (
            _median(outcomes["manifest"].until) / _median(eager.until)))
    if a.json:
        doc = {v: {"exit": o.code, "seconds": o.seconds, "until": o.until,
                   "differences": verdicts.get(v, []),
                   "never_executed": o.report.get("never_executed"),
                   "deferred": len(o.report.get("deferred", []))}
               for v, o in outcomes.items()}
        with open(a.json, "w", encoding="utf-8") as f:
            json.dump(doc, f, indent=1, sort_keys=True)
    ok = not verdicts["manifest"]
    print("verdict: %s" % ("the manifest keeps the program's behaviour"
                           if ok else "the manifest run DIFFERS from the "
                           "eager run"))
    return 0 if ok else 1
