#!/usr/bin/env python3
"""Rule tests for `lazycheck check`: one small Python project per case.

Layout
------
    fixtures/check/<case>/                the case: a small project (its files)
    fixtures/check/<case>/args            extra command-line arguments (optional)
    fixtures/check/<case>/expected.txt    snapshot of the full text output
    fixtures/check/<case>/expected_exit   expected exit status (optional)

For each case the runner executes, with the repository root as the working
directory (so paths in the output read fixtures/check/<case>/...):

    LAZYCHECK check fixtures/check/<case> --python none ARGS -j1
    LAZYCHECK check fixtures/check/<case> --python none ARGS -j2

and fails the case when any of these does not hold:

* both runs print byte-identical stdout and exit with the same status;
* every expect marker has a finding with the same file, line and rule;
* every finding's (file, line, rule) has an expect marker (anything else is
  an unexpected diagnostic);
* no ok marker got a finding;
* the exit status equals expected_exit (one integer), or when that file is
  absent: 1 if any expect marker names a rule of severity warning or error
  (severities are read from rules/Rules.def), else 0;
* stdout equals expected.txt byte for byte.

Markers
-------
Markers are comments on a line of their own in the case's *.py files:

    # expect: LC101                 the rule must fire on the next code line
    # expect: LC101, LC305          several rules on that line
    # ok: LC102                     the rule must NOT fire on the next code line
    # expect: LC101 -- a note       text after ` -- ` is a free-form note

A marker applies to the next line that is neither blank nor a comment (the
line where the next token of the program starts, so a marker may also sit
inside brackets). Consecutive marker lines accumulate onto that same line.
Only the line and the rule are compared; the column, message, severity and
the number of findings on the line are pinned by the snapshot. A comment that
starts like a marker (`# expect`, `# ok:`) but does not parse fails the case.

The `args` file
---------------
One line of arguments, split like a POSIX shell would (shlex; `#` starts a
comment). The value of `--root DIR` and `--config FILE` is a path relative to
the case directory and is rewritten to fixtures/check/<case>/...; nothing
else is rewritten. `-j` is added by the runner and must not appear.

Files named args, expected.txt and expected_exit are not Python and are
ignored by lazycheck's discovery.

Usage
-----
    tests/run_checks.py --lazycheck BUILD/lazycheck [--update] [CASE...]

With --update (or the environment variable LAZYCHECK_UPDATE_SNAPSHOTS=1, or
UPDATE_SNAPSHOTS=1 as for the graph fixtures) each case's expected.txt is
rewritten from lazycheck's output instead of compared; the -j1 and -j2 runs
must still agree and the markers and exit status are still checked. Review
every rewritten snapshot by hand before committing it.

Prints one line per case (with its problems and a diff below a failure), then
totals; exits 1 when any case failed, 2 on a usage error.
"""
import argparse
import bisect
import difflib
import io
import os
import re
import shlex
import subprocess
import sys
import tokenize

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CASES_REL = os.path.join("fixtures", "check")
CASES_DIR = os.path.join(REPO, CASES_REL)
RULES_DEF = os.path.join(REPO, "rules", "Rules.def")
TIMEOUT = 300
NOT_PYTHON = {"args", "expected.txt", "expected_exit"}

FINDING_RE = re.compile(
    r"^(?P<path>[^:\n]+):(?P<line>\d+):(?P<col>\d+): "
    r"(?P<sev>error|warning|info): (?P<msg>.*) \[(?P<rule>LC\d{3})\]$")
# A line that starts like a location but is not a well-formed finding.
LOCATION_RE = re.compile(r"^[^\s:][^:\n]*:\d+:\d+:")
MARKER_START_RE = re.compile(r"^#\s*(expect|expects|expected|ok)\s*:",
                             re.IGNORECASE)
MARKER_RE = re.compile(
    r"^#\s*(?P<kind>expect|ok):\s*"
    r"(?P<rules>LC\d{3}(?:\s*,\s*LC\d{3})*)"
    r"(?:\s+--\s.*|\s+--)?\s*$")
RULE_DEF_RE = re.compile(
    r"^\s*RULE\(\s*(LC\d{3})\s*,\s*\"[^\"]*\"\s*,\s*(\w+)\s*,", re.MULTILINE)


class Marker:
    def __init__(self, kind, rule, file, line, marker_line):
        self.kind = kind  # "expect" or "ok"
        self.rule = rule
        self.file = file  # relative to the case directory, '/'-separated
        self.line = line  # the code line it applies to
        self.marker_line = marker_line

    def where(self):
        return "%s:%d %s (marker at line %d)" % (
            self.file, self.line, self.rule, self.marker_line)


def load_severities():
    """{rule: 'error'|'warning'|'info'} from the rule catalogue."""
    with open(RULES_DEF, encoding="utf-8") as f:
        text = f.read()
    return {rule: sev.lower() for rule, sev in RULE_DEF_RE.findall(text)}


def list_cases():
    if not os.path.isdir(CASES_DIR):
        return []
    return sorted(name for name in os.listdir(CASES_DIR)
                  if os.path.isdir(os.path.join(CASES_DIR, name)))


def python_files(case_dir):
    """Every *.py file of the case, relative and '/'-separated, sorted."""
    out = []
    for root, dirs, files in os.walk(case_dir):
        dirs[:] = sorted(d for d in dirs
                         if not d.startswith(".") and d != "__pycache__")
        for name in files:
            if name.endswith(".py") and name not in NOT_PYTHON:
                rel = os.path.relpath(os.path.join(root, name), case_dir)
                out.append(rel.replace(os.sep, "/"))
    return sorted(out)


def comment_and_code_lines(text):
    """(own-line comments as [(line, text)], sorted code-start lines).

    A code line is one where a token of the program starts; tokenize keeps
    comments inside strings out of the picture. Falls back to a line-based
    scan when the file does not tokenize (a deliberately broken fixture).
    """
    comments, code = [], set()
    lines = io.StringIO(text).readlines()  # the rows tokenize counts
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        tokens = None
    if tokens is None:
        for number, line in enumerate(lines, 1):
            stripped = line.strip()
            if stripped.startswith("#"):
                comments.append((number, stripped))
            elif stripped:
                code.add(number)
        return comments, sorted(code)
    skip = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT,
            tokenize.DEDENT, tokenize.ENDMARKER, tokenize.ENCODING}
    for tok in tokens:
        if tok.type == tokenize.COMMENT:
            row, col = tok.start
            if lines[row - 1][:col].strip() == "":
                comments.append((row, tok.string.strip()))
        elif tok.type not in skip:
            code.add(tok.start[0])
    return comments, sorted(code)


def parse_markers(case_dir, severities):
    """Returns (markers, problems)."""
    markers, problems = [], []
    for rel in python_files(case_dir):
        with open(os.path.join(case_dir, rel), "rb") as f:
            raw = f.read()
        try:
            encoding, _ = tokenize.detect_encoding(io.BytesIO(raw).readline)
            text = raw.decode(encoding)
        except (SyntaxError, LookupError, UnicodeDecodeError):
            text = raw.decode("utf-8", "replace")
        comments, code = comment_and_code_lines(text)
        for number, comment in comments:
            if not MARKER_START_RE.match(comment):
                continue
            m = MARKER_RE.match(comment)
            if not m:
                problems.append("%s:%d: malformed marker: %s"
                                % (rel, number, comment))
                continue
            # The next line where code starts; markers in a row share it.
            at = bisect.bisect_right(code, number)
            if at == len(code):
                problems.append("%s:%d: marker has no code line after it"
                                % (rel, number))
                continue
            for rule in re.split(r"\s*,\s*", m.group("rules")):
                if rule not in severities:
                    problems.append("%s:%d: marker names unknown rule %s"
                                    % (rel, number, rule))
                    continue
                markers.append(Marker(m.group("kind"), rule, rel, code[at],
                                      number))
    seen = {}
    for mk in markers:
        key = (mk.file, mk.line, mk.rule)
        other = seen.get(key)
        if other and other.kind != mk.kind:
            problems.append("%s:%d: both expect and ok for %s"
                            % (mk.file, mk.line, mk.rule))
        seen[key] = mk
    return markers, problems


def read_args(case):
    """The case's extra arguments, with --root/--config made repo-relative."""
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
        if w in ("--root", "--config") and i + 1 < len(words):
            out += [w, os.path.normpath(os.path.join(case_rel, words[i + 1]))]
            i += 2
            continue
        for opt in ("--root=", "--config="):
            if w.startswith(opt):
                w = opt + os.path.normpath(
                    os.path.join(case_rel, w[len(opt):]))
        if w in ("-j", "--jobs") or w.startswith("-j") or \
                w.startswith("--jobs="):
            raise ValueError("%s/args must not set -j (the runner does)" % case)
        out.append(w)
        i += 1
    return out


def read_expected_exit(case):
    path = os.path.join(CASES_DIR, case, "expected_exit")
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as f:
        return int(f.read().strip())


def run_check(lazycheck, case, extra, jobs):
    cmd = [lazycheck, "check", os.path.join(CASES_REL, case),
           "--python", "none"] + extra + ["-j%d" % jobs]
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, timeout=TIMEOUT)
    return cmd, proc


def parse_findings(case, text):
    """Returns (findings, problems); a finding is (file, line, rule, text).

    `file` is relative to the case directory, or None when the finding's
    path lies outside it.
    """
    prefix = os.path.normpath(os.path.join(CASES_REL, case)) + os.sep
    findings, problems = [], []
    for raw in text.splitlines():
        m = FINDING_RE.match(raw)
        if not m or raw[:1].isspace():
            if LOCATION_RE.match(raw):
                problems.append("unparsable finding line: %s" % raw)
            continue
        path = os.path.normpath(m.group("path"))
        rel = None
        if path.startswith(prefix):
            rel = path[len(prefix):].replace(os.sep, "/")
        findings.append((rel, int(m.group("line")), m.group("rule"), raw))
    return findings, problems


def check_markers(markers, findings):
    """Returns (problems, expects_matched, oks_honoured)."""
    problems = []
    expect = {(m.file, m.line, m.rule): m for m in markers
              if m.kind == "expect"}
    ok = {(m.file, m.line, m.rule): m for m in markers if m.kind == "ok"}
    found = {}
    for f in findings:
        found.setdefault((f[0], f[1], f[2]), []).append(f[3])
    matched = 0
    for key, m in sorted(expect.items()):
        if key in found:
            matched += 1
        else:
            problems.append("missing: %s" % m.where())
    honoured = 0
    for key, m in sorted(ok.items()):
        if key in found:
            problems.append("ok marker violated: %s" % m.where())
            problems += ["    " + line for line in found[key]]
        else:
            honoured += 1
    for key, lines in sorted(found.items(),
                             key=lambda kv: (kv[0][0] or "", kv[0][1:])):
        if key in expect or key in ok:
            continue
        for line in lines:
            problems.append("unexpected: %s" % line)
    return problems, matched, honoured


def diff_text(a, b, name_a, name_b):
    return "".join(difflib.unified_diff(
        a.decode("utf-8", "replace").splitlines(True),
        b.decode("utf-8", "replace").splitlines(True), name_a, name_b))


class Result:
    def __init__(self):
        self.problems = []
        self.details = ""
        self.notes = []
        self.expects = self.oks = self.matched = self.honoured = 0


def check_case(lazycheck, case, update, severities):
    res = Result()
    case_dir = os.path.join(CASES_DIR, case)
    if not python_files(case_dir):
        res.problems.append("no *.py files in the case")
        return res
    markers, problems = parse_markers(case_dir, severities)
    res.problems += problems
    res.expects = sum(1 for m in markers if m.kind == "expect")
    res.oks = sum(1 for m in markers if m.kind == "ok")
    try:
        extra = read_args(case)
        expected_exit = read_expected_exit(case)
    except (ValueError, OSError) as e:
        res.problems.append("bad args or expected_exit file: %s" % e)
        return res
    if expected_exit is None:
        expected_exit = 1 if any(
            m.kind == "expect" and severities.get(m.rule) in ("warning",
                                                              "error")
            for m in markers) else 0

    runs = []
    for jobs in (1, 2):
        try:
            cmd, proc = run_check(lazycheck, case, extra, jobs)
        except subprocess.TimeoutExpired:
            res.problems.append("timed out after %d s (-j%d)"
                                % (TIMEOUT, jobs))
            return res
        except OSError as e:
            res.problems.append("cannot run %s: %s" % (lazycheck, e))
            return res
        runs.append((cmd, proc))
    (cmd1, p1), (_, p2) = runs
    stderr = p1.stderr.decode("utf-8", "replace")
    if p1.returncode not in (0, 1, expected_exit):
        res.problems.append("exit status %d: usage or internal error"
                            % p1.returncode)
        res.details = "$ %s\n%s" % (shlex.join(cmd1), stderr)
        return res
    if p1.returncode != p2.returncode:
        res.problems.append("-j1 exits %d but -j2 exits %d"
                            % (p1.returncode, p2.returncode))
    if p1.stdout != p2.stdout:
        res.problems.append("-j1 and -j2 print different output")
        res.details += diff_text(p1.stdout, p2.stdout, "-j1", "-j2")

    findings, problems = parse_findings(
        case, p1.stdout.decode("utf-8", "replace"))
    res.problems += problems
    problems, res.matched, res.honoured = check_markers(markers, findings)
    res.problems += problems
    if p1.returncode != expected_exit:
        res.problems.append("exit status %d, expected %d"
                            % (p1.returncode, expected_exit))

    expected_path = os.path.join(case_dir, "expected.txt")
    old = None
    if os.path.exists(expected_path):
        with open(expected_path, "rb") as f:
            old = f.read()
    if update:
        if p1.stdout != p2.stdout:
            res.problems.append("expected.txt not updated (-j1/-j2 differ)")
        elif old != p1.stdout:
            with open(expected_path, "wb") as f:
                f.write(p1.stdout)
            res.notes.append("expected.txt updated")
    elif old is None:
        res.problems.append("no expected.txt (run with --update)")
    elif old != p1.stdout:
        res.problems.append("output differs from expected.txt")
        res.details += diff_text(
            old, p1.stdout, os.path.join(CASES_REL, case, "expected.txt"),
            "lazycheck output")
    if res.problems and stderr.strip():
        res.details += "stderr of $ %s\n%s" % (shlex.join(cmd1), stderr)
    return res


def main():
    ap = argparse.ArgumentParser(
        description="Rule tests for `lazycheck check` "
                    "(see the top of this file for the conventions).")
    ap.add_argument("--lazycheck", required=True,
                    help="the lazycheck binary to test")
    ap.add_argument("--update", action="store_true",
                    help="rewrite expected.txt from lazycheck's output")
    ap.add_argument("cases", nargs="*", metavar="CASE",
                    help="case names under fixtures/check (default: all)")
    opts = ap.parse_args()
    update = opts.update or any(
        os.environ.get(var, "") not in ("", "0")
        for var in ("LAZYCHECK_UPDATE_SNAPSHOTS", "UPDATE_SNAPSHOTS"))
    lazycheck = os.path.abspath(opts.lazycheck) \
        if os.sep in opts.lazycheck else opts.lazycheck
    try:
        severities = load_severities()
    except OSError as e:
        print("run_checks: cannot read %s: %s" % (RULES_DEF, e),
              file=sys.stderr)
        return 2

    all_cases = list_cases()
    cases = opts.cases or all_cases
    unknown = [c for c in cases if c not in all_cases]
    if unknown:
        print("run_checks: no such case: %s" % ", ".join(unknown),
              file=sys.stderr)
        return 2
    if not cases:
        print("run_checks: no cases under %s" % CASES_REL, file=sys.stderr)
        return 2

    failed = []
    expects = matched = oks = honoured = 0
    width = max(len(c) for c in cases)
    for case in cases:
        res = check_case(lazycheck, case, update, severities)
        expects += res.expects
        matched += res.matched
        oks += res.oks
        honoured += res.honoured
        counts = "%d/%d expect, %d/%d ok" % (res.matched, res.expects,
                                             res.honoured, res.oks)
        if res.notes:
            counts += "; " + "; ".join(res.notes)
        print("%s %-*s  %s" % ("FAIL" if res.problems else "PASS", width,
                               case, counts))
        for problem in res.problems:
            print("    " + problem)
        if res.details:
            sys.stdout.write(res.details if res.details.endswith("\n")
                             else res.details + "\n")
        sys.stdout.flush()
        if res.problems:
            failed.append(case)
    print("cases: %d (%d passed, %d failed)"
          % (len(cases), len(cases) - len(failed), len(failed)))
    print("expect markers matched: %d/%d" % (matched, expects))
    print("ok markers honoured: %d/%d" % (honoured, oks))
    if failed:
        print("failed: %s" % " ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
