#!/usr/bin/env python3
"""Output is byte-identical across runs and thread counts.

Runs `lazycheck graph` (JSON and DOT) and `lazycheck check` on the given
paths at -j1, -j2 and -j2 again and compares the bytes.
"""
import argparse
import subprocess
import sys


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--lazycheck", required=True)
    ap.add_argument("--python", default="/usr/bin/python3")
    ap.add_argument("paths", nargs="+")
    args = ap.parse_args()
    passed = failed = 0
    for command in (["graph"], ["graph", "--format", "dot"],
                    ["check", "--format", "json"], ["check"]):
        outputs = []
        for jobs in ("1", "2", "2"):
            proc = subprocess.run(
                [args.lazycheck, *command, *args.paths, "--python",
                 args.python, "-j", jobs],
                capture_output=True, timeout=600)
            # check exits 1 when it has findings; 2 is an error.
            if proc.returncode not in (0, 1):
                print("FAIL %s -j%s exited %d: %s" % (
                    " ".join(command), jobs, proc.returncode,
                    proc.stderr.decode(errors="replace")[:500]))
                failed += 1
                break
            outputs.append(proc.stdout)
        else:
            same = outputs[0] == outputs[1] == outputs[2]
            print("%s %s: %d bytes, -j1 / -j2 / -j2 %s" % (
                "ok  " if same else "FAIL", " ".join(command), len(outputs[0]),
                "identical" if same else "DIFFER"))
            passed += same
            failed += not same
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
