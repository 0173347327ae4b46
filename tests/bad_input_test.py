#!/usr/bin/env python3
"""Bad input never crashes or hangs: each case gives a clear diagnostic and
the run finishes with the rest of the project analysed.

Builds a scratch project with every kind of bad input (some cannot live in
git: a 10 MB file, a non-UTF-8 file name, a FIFO), runs `lazycheck check` and
`lazycheck graph` on it, and checks the diagnostics and that the good module's
imports are still found.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

TIMEOUT = 120


def build_project(root):
    """Writes the scratch project; returns {file name: expected rule or None}."""
    def write(rel, data):
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)

    write("good.py", b"import syntax_error\nimport huge\nimport deep\n")
    write("syntax_error.py", b"import os\ndef broken(:\n    pass\nimport good\n")
    write("latin1.py", "# -*- coding: latin-1 -*-\nname = 'caf\xe9'\n"
          .encode("latin-1"))
    write("bom.py", b"\xef\xbb\xbfimport good\n")
    write("invalid_utf8.py", b"x = '\xff\xfe'\nimport good\n")
    write("nul.py", b"import good\nx = 1\x00\n")
    write("empty.py", b"")
    write("cookie.py", b"# coding: euc-jp\nimport good\n")
    # About 10 MB of ordinary code, one import at the very end.
    line = b"value_%07d = compute(1, 2, [3, 4], {'k': 'v'})  # filler\n"
    write("huge.py", b"".join(line % i for i in range(180000)) +
          b"import good\n")
    # 10,000 nested brackets, then 10,000 unclosed ones.
    write("deep.py", b"x = " + b"(" * 10000 + b"1" + b")" * 10000 +
          b"\nimport good\ny = " + b"[" * 10000 + b"\n")
    write(b"caf\xe9.py".decode("latin-1"), b"import good\n")  # placeholder
    os.rename(os.path.join(root, b"caf\xe9.py".decode("latin-1")),
              os.path.join(os.fsencode(root), b"caf\xe9_raw.py"))
    os.makedirs(os.path.join(root, "loop"))
    os.symlink("..", os.path.join(root, "loop", "up"))
    os.symlink("missing_target.py", os.path.join(root, "dangling.py"))
    os.mkfifo(os.path.join(root, "fifo.py"))
    os.makedirs(os.path.join(root, "__pycache__"))
    write("__pycache__/skipped.py", b"def (:\n")
    os.makedirs(os.path.join(root, "venv"))
    write("venv/pyvenv.cfg", b"home = /usr/bin\n")
    write("venv/lib/skipped.py", b"def (:\n")


def run(cmd):
    start = time.monotonic()
    proc = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT)
    return proc, time.monotonic() - start


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--lazycheck", required=True)
    args = ap.parse_args()
    failures = []

    passed = []

    def expect(cond, what):
        print(("ok   " if cond else "FAIL ") + what)
        (passed if cond else failures).append(what)

    with tempfile.TemporaryDirectory() as tmp:
        root = os.path.join(tmp, "proj")
        os.makedirs(root)
        build_project(root)
        proc, secs = run([args.lazycheck, "graph", root, "--python", "none",
                          "-j2"])
        expect(proc.returncode == 0, "graph exits 0 (got %d: %s)"
               % (proc.returncode, proc.stderr.decode(errors="replace")[:300]))
        graph = json.loads(proc.stdout)
        diags = {(os.path.basename(d["path"]), d["rule"])
                 for d in graph["diagnostics"]}
        for name, rule in [("syntax_error.py", "LC001"),
                           ("deep.py", "LC001"),
                           ("invalid_utf8.py", "LC002"),
                           ("nul.py", "LC002"),
                           ("cookie.py", "LC002"),
                           ("caf\ufffd_raw.py", "LC002"),
                           ("dangling.py", "LC003"),
                           ("up", "LC004")]:
            expect((name, rule) in diags, "%s gives %s" % (name, rule))
        for name in ["latin1.py", "bom.py", "empty.py", "huge.py", "good.py"]:
            expect(not any(d[0] == name for d in diags),
                   "%s gives no diagnostic" % name)
        expect(not any("skipped" in d[0] or "fifo" in d[0] for d in diags),
               "__pycache__, virtualenvs and FIFOs are skipped quietly")
        targets = {(i["importer"], i["target"]) for i in graph["imports"]}
        for importer in ["syntax_error", "bom", "invalid_utf8", "nul", "huge",
                         "deep", "cookie", "caf\ufffd_raw"]:
            expect((importer, "good") in targets,
                   "%s still imports good" % importer)
        expect(("syntax_error", "os") in targets,
               "facts before a syntax error are kept")
        names = {m["name"] for m in graph["modules"]}
        expect("latin1" in names and "empty" in names,
               "latin-1 and empty files are modules")
        print("graph took %.1f s" % secs)

        proc, _ = run([args.lazycheck, "check", root, "--python", "none"])
        text = proc.stdout.decode()
        expect(proc.returncode == 1,
               "check exits 1 (findings: the syntax errors), not 2")
        expect("syntax_error.py:2:" in text and "[LC001]" in text,
               "check prints compiler-style LC001 with a location")
        expect("2 | def broken(:" in text, "check prints a code frame")

    print("%d passed, %d failed" % (len(passed), len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
