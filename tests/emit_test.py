#!/usr/bin/env python3
"""`lazycheck emit`: golden files, and the generated code executed.

For fixtures/emit/manifest.json, each target's output must equal
fixtures/emit/expected.<target> byte for byte (--update rewrites them;
review the diff). Then, with /usr/bin/python3:

* pep810: the module compiles; imported where sys.set_lazy_imports_filter
  exists (a stand-in for CPython 3.15's, which records what it is given) it
  installs lazy_import_filter, and switches to "all" only when asked
  (LAZYCHECK_LAZY_IMPORTS=all); the filter answers a table of (importer,
  name, fromlist) cases, importer None included; on this Python (3.11) it
  installs nothing and says so once on stderr;
* cinder: with a stand-in importlib.set_lazy_imports it passes the
  importers as excluding= and the targets as eager=, and falls back to
  excluding= alone where eager= is refused; without one it does nothing;
* ruff: tomllib reads the fragment as require-lazy = {include = "all",
  exclude = [the eager modules]};
* lifeguard: LAZY_ELIGIBLE holds the lazy-safe modules, LOAD_IMPORTS_EAGERLY
  the eager importers.

usage: tests/emit_test.py --lazycheck BIN [--update]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import textwrap

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
DIR = os.path.join("fixtures", "emit")
MANIFEST = os.path.join(DIR, "manifest.json")
TARGETS = {"pep810": "py", "cinder": "py", "ruff": "toml",
           "lifeguard": "json"}
PYTHON = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") \
    else sys.executable

# (importer, name, fromlist) -> whether the import may stay lazy.
FILTER_CASES = [
    (("app.main", "app.registry", None), True),
    (("app.main", "app.plugins", None), False),
    (("app.main", "app", ("plugins",)), False),
    (("app.main", "app", ("registry",)), True),
    (("app.main", "app", ("registry", "plugins")), False),
    (("app.main", "app.plugins", ("csv",)), False),
    # Names match by dotted component, not by prefix.
    (("app.main", "app.pluginsx", None), True),
    (("app.loader", "json", None), False),
    (("app.loader", "app.registry", ()), False),
    ((None, "app.registry", ()), True),
    ((None, "app.plugins.csv", None), False),
    (("app.main", "app.settings", ()), False),
    # A package of the target is eager and has not run yet (the probe has
    # not imported app.plugins): importing app.plugins.extra would run it.
    (("app.main", "app.plugins.extra", None), False),
    # ... but one that has run does not matter: json is loaded.
    (("app.main", "json.decoder", None), True),
]

failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL " + msg)


def run_python(code, cwd, env=None):
    return subprocess.run([PYTHON, "-c", code], cwd=cwd, capture_output=True,
                          text=True, env=dict(os.environ, **(env or {})))


def test_pep810(path, tmp):
    module = os.path.join(tmp, "lazyfilter.py")
    with open(path, encoding="utf-8") as src, open(module, "w") as dst:
        dst.write(src.read())
    # 3.15 stand-in: record what the module installs.
    probe = textwrap.dedent("""
        import json, sys
        calls = []
        sys.set_lazy_imports_filter = lambda f: calls.append(("filter", f))
        sys.set_lazy_imports = lambda m: calls.append(("mode", m))
        import lazyfilter
        cases = json.loads(sys.argv[1]) if len(sys.argv) > 1 else []
        print(json.dumps({
            "calls": [c[0] if c[0] == "filter" else "mode=" + c[1]
                      for c in calls],
            "same": calls[0][1] is lazyfilter.lazy_import_filter,
            "answers": [lazyfilter.lazy_import_filter(
                i, n, tuple(f) if f is not None else None)
                for (i, n, f) in cases],
        }))
    """)
    cases = json.dumps([list(c) for c, _ in FILTER_CASES])
    r = subprocess.run([PYTHON, "-c", probe, cases], cwd=tmp,
                       capture_output=True, text=True)
    if r.returncode != 0:
        fail("pep810: the module fails under a 3.15 stand-in: " + r.stderr)
        return
    out = json.loads(r.stdout)
    if out["calls"] != ["filter"] or not out["same"]:
        fail("pep810: expected only the filter installed, got %s" %
             out["calls"])
    for (case, want), got in zip(FILTER_CASES, out["answers"]):
        if got != want:
            fail("pep810: filter%r returned %r, expected %r" % (case, got,
                                                                want))
    r = subprocess.run([PYTHON, "-c", probe], cwd=tmp, capture_output=True,
                       text=True, env=dict(os.environ,
                                           LAZYCHECK_LAZY_IMPORTS="all"))
    if r.returncode != 0 or json.loads(r.stdout)["calls"] != ["filter",
                                                             "mode=all"]:
        fail("pep810: LAZYCHECK_LAZY_IMPORTS=all did not switch the mode: " +
             r.stdout + r.stderr)
    # The entry point runs as __main__ and is named by its file's stem.
    with open(os.path.join(tmp, "main.py"), "w") as f:
        f.write("import lazyfilter\n"
                "print(lazyfilter.lazy_import_filter('__main__', 'json', "
                "None), lazyfilter.lazy_import_filter('other', 'json', "
                "None))\n")
    r = subprocess.run([PYTHON, "main.py"], cwd=tmp, capture_output=True,
                       text=True)
    if r.stdout.split() != ["False", "True"]:
        fail("pep810: __main__ (main.py) is an eager importer: %r %r" % (
            r.stdout, r.stderr))
    # This Python (before 3.15): nothing installed, said once.
    r = run_python("import lazyfilter, sys; print(lazyfilter.install(), "
                   "lazyfilter.install())", tmp)
    if r.returncode != 0 or r.stdout.strip() != "False False" or \
            r.stderr.count("CPython 3.15") != 1:
        fail("pep810: on %s expected a single notice and no install: %r %r" %
             (sys.version.split()[0], r.stdout, r.stderr))
    print("ok   pep810: %d filter cases, 3.15 stand-in and %s" % (
        len(FILTER_CASES), sys.version.split()[0]))


def test_cinder(path, tmp):
    module = os.path.join(tmp, "cinderlazy.py")
    with open(path, encoding="utf-8") as src, open(module, "w") as dst:
        dst.write(src.read())
    probe = textwrap.dedent("""
        import importlib, json, sys
        calls = []
        def full(enabled, excluding=(), eager=()):
            calls.append([enabled, list(excluding), list(eager)])
        def old(enabled, excluding=()):
            calls.append([enabled, list(excluding)])
        importlib.set_lazy_imports = full if sys.argv[1] == "full" else old
        import cinderlazy
        print(json.dumps(calls))
    """)
    want = {
        "full": [[True, ["app.loader", "main"],
                  ["app.plugins", "app.plugins.csv", "app.settings"]]],
        "old": [[True, ["app.loader", "main"]]],
    }
    for variant, expected in want.items():
        r = subprocess.run([PYTHON, "-c", probe, variant], cwd=tmp,
                           capture_output=True, text=True)
        if r.returncode != 0 or json.loads(r.stdout) != expected:
            fail("cinder (%s): %r %r" % (variant, r.stdout, r.stderr))
    r = run_python("import cinderlazy; print(cinderlazy.install())", tmp)
    if r.returncode != 0 or r.stdout.strip() != "False":
        fail("cinder: without set_lazy_imports: %r %r" % (r.stdout, r.stderr))
    print("ok   cinder: excluding= and eager=, the fallback, and a no-op")


def test_ruff(path):
    r = subprocess.run([PYTHON, "-c", "import sys, tomllib, json; "
                        "print(json.dumps(tomllib.load(open(sys.argv[1], "
                        "'rb'))))", path], capture_output=True, text=True)
    if r.returncode != 0:
        fail("ruff: not TOML: " + r.stderr)
        return
    got = json.loads(r.stdout)["tool"]["ruff"]["lint"]["flake8-tidy-imports"]
    want = {"require-lazy": {"include": "all", "exclude": [
        "app.plugins", "app.plugins.csv", "app.settings"]}}
    if got != want:
        fail("ruff: %r" % got)
    else:
        print("ok   ruff: require-lazy with the eager modules excluded")


def test_lifeguard(path):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    if doc.get("LAZY_ELIGIBLE") != {"app": [], "app.main": [],
                                    "app.registry": []} or \
            doc.get("LOAD_IMPORTS_EAGERLY") != ["app.loader", "main"]:
        fail("lifeguard: %r" % doc)
    else:
        print("ok   lifeguard: LAZY_ELIGIBLE and LOAD_IMPORTS_EAGERLY")


def main(argv):
    ap = argparse.ArgumentParser()
    ap.add_argument("--lazycheck", required=True)
    ap.add_argument("--update", action="store_true")
    a = ap.parse_args(argv)
    os.chdir(REPO)
    with tempfile.TemporaryDirectory(prefix="lazycheck-emit-") as tmp:
        outs = {}
        for target, ext in TARGETS.items():
            out = os.path.join(tmp, "out.%s.%s" % (target, ext))
            r = subprocess.run([a.lazycheck, "emit", target, MANIFEST, "-o",
                                out], capture_output=True, text=True)
            if r.returncode != 0:
                fail("%s: emit exited %d: %s" % (target, r.returncode,
                                                 r.stderr))
                continue
            outs[target] = out
            golden = os.path.join(DIR, "expected.%s.%s" % (target, ext))
            with open(out, encoding="utf-8") as f:
                text = f.read()
            if a.update:
                with open(golden, "w", encoding="utf-8") as f:
                    f.write(text)
            elif not os.path.exists(golden) or open(
                    golden, encoding="utf-8").read() != text:
                fail("%s: output differs from %s" % (target, golden))
        if "pep810" in outs:
            test_pep810(outs["pep810"], tmp)
        if "cinder" in outs:
            test_cinder(outs["cinder"], tmp)
        if "ruff" in outs:
            test_ruff(outs["ruff"])
        if "lifeguard" in outs:
            test_lifeguard(outs["lifeguard"])
        r = subprocess.run([a.lazycheck, "emit", "nosuch", MANIFEST],
                           capture_output=True, text=True)
        if r.returncode != 2 or "pep810" not in r.stderr:
            fail("an unknown target must exit 2 and list the targets")
    print("failures: %d" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
