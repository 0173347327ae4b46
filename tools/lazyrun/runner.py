"""`lazyrun run`: install lazy imports for the manifest, then run the
program as `python3 script.py` or `python3 -m module` would."""

import atexit
import json
import os
import runpy
import sys


def _write_report(path, mode, hooks):
    try:
        data = {"mode": mode}
        data.update(hooks.report())
        with open(path, "w", encoding="utf-8") as f:
            json.dump(data, f, indent=1, sort_keys=True)
    except Exception as e:  # the program's own outcome matters more
        sys.stderr.write("lazyrun: cannot write report %s: %s\n" % (path, e))


class _ModuleHooks:
    def __init__(self, manifest):
        from lazyrun import module_mode
        self.finder = module_mode.install(manifest)

    def report(self):
        return {"deferred": sorted(self.finder.deferred),
                "never_executed": self.finder.never_executed()}


class _Pep810Hooks:
    def __init__(self, manifest):
        from lazyrun import pep810_mode
        self.state = pep810_mode.install(manifest)

    def report(self):
        return self.state.report()


def pep810_state_type():
    from lazyrun import pep810_mode
    return pep810_mode.State


def install(manifest, mode):
    if mode == "module":
        return _ModuleHooks(manifest)
    return _Pep810Hooks(manifest)


def run(manifest, mode, script, module, args):
    hooks = install(manifest, mode)
    report = os.environ.get("LAZYRUN_REPORT")
    if report:
        atexit.register(_write_report, report, mode, hooks)
    if script:
        sys.argv = [script] + list(args)
        sys.path[0] = os.path.dirname(os.path.abspath(script))
        if mode == "pep810" and isinstance(hooks.state, pep810_state_type()):
            from lazyrun import pep810_mode
            pep810_mode.run_script(script)
        else:
            runpy.run_path(script, run_name="__main__")
    else:
        sys.argv = [module] + list(args)
        sys.path[0] = os.getcwd()
        runpy.run_module(module, run_name="__main__", alter_sys=True)
    return 0
