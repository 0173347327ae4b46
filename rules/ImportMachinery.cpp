//===- ImportMachinery.cpp - LC105 import-machinery -----------------------===//
//
// Import-time changes to sys.path, sys.meta_path, sys.path_hooks or
// sys.modules, including a module replacing itself in sys.modules.
//
//===----------------------------------------------------------------------===//
#include "Rule.h"

namespace lazycheck {

extern const char DocLC105[];
const char DocLC105[] = R"md(LC105 import-machinery

What it does
  Finds import-time changes to how modules are found and loaded:
  sys.path edits (insert, append, extend, remove, item or whole
  assignment), sys.meta_path and sys.path_hooks edits, stores into and
  deletions from sys.modules (sys.modules[name] = obj, including a
  module replacing itself with sys.modules[__name__] = Wrapper(),
  del sys.modules[...], sys.modules.pop(...)),
  importlib.invalidate_caches() and site.addsitedir().

Why it breaks under lazy imports
  A lazy import is resolved when its name is first used, not at the
  import statement, and only then does the module's body run. A search
  path or finder that this module installs is missing until that
  happens: imports that need it fail with ModuleNotFoundError or find
  a different module. Replacing the module in sys.modules breaks
  LazyLoader outright ("ValueError: module object for 'app.compat'
  substituted in sys.modules during a lazy load"); under PEP 810 the
  replacement only exists after reification, so code that reads
  sys.modules before then sees nothing.

Example
  # app/__init__.py
  import os, sys
  _VENDOR = os.path.join(os.path.dirname(__file__), "vendor")
  sys.path.insert(0, _VENDOR)              # lazycheck: LC105

  # app/compat.py
  import sys
  sys.modules[__name__] = _CompatModule()  # lazycheck: LC105

Use instead
  Set the search path outside the code: install the package, use a
  .pth file or PYTHONPATH, or vendor with relative imports. Install
  finders from the entry point, before the imports that need them.
  Instead of replacing a module, define module-level __getattr__ and
  __dir__ (PEP 562). Otherwise keep the module eager (the manifest
  lists it as target-eager) or accept the finding with
  `# lazycheck: ignore[LC105]`.
)md";

void checkImportMachinery(Analysis &A) {
  reportImportTimeEffects(A, RuleId::LC105);
}

} // namespace lazycheck
