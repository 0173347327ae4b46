//===- ForeignMutation.cpp - LC101 foreign-mutation -----------------------===//
//
// Import-time assignment, augmented assignment, deletion, setattr() or
// delattr() on an attribute or item of an object another module owns.
//
//===----------------------------------------------------------------------===//
#include "Rule.h"

namespace lazycheck {

extern const char DocLC101[];
const char DocLC101[] = R"md(LC101 foreign-mutation

What it does
  Finds import-time code that assigns, augments or deletes an attribute
  or item of something another module owns: an imported module, or a
  class, function or object imported from one. setattr() and delattr()
  on such objects count too, and so does a module-level call of a local
  function whose body does such a store (the message shows the chain).
  Stores the knowledge catalogue classifies (os.environ, sys.path,
  builtins, sys.excepthook, ...) are reported as LC104/LC105 instead.

Why it breaks under lazy imports
  The patch exists only once this module's body has run. Under PEP 810
  a lazy import of the module binds a proxy and runs the body on first
  use of the name; under LazyLoader the body runs on first attribute
  access. A module imported for its patch is rarely used by name, so
  the patch is applied late or never: code that already called the
  original, or bound it with `from json import dumps`, keeps it, and
  the behaviour depends on which code happened to touch the module
  first.

Example
  # app/patches.py
  import json
  json.dumps = fast_dumps            # lazycheck: LC101

  # app/main.py
  import app.patches  # noqa: F401   (the name is never used: LC301)

Use instead
  Apply the patch explicitly, from the entry point, before the code
  that relies on it:

  # app/patches.py
  def apply():
      json.dumps = fast_dumps

  # app/main.py
  from app import patches
  patches.apply()

  Or keep the module eager: lazycheck's manifest lists it as
  target-eager, so importing it runs its body at once. To accept the
  finding on one line, add `# lazycheck: ignore[LC101]`.
)md";

void checkForeignMutation(Analysis &A) {
  reportImportTimeEffects(A, RuleId::LC101);
}

} // namespace lazycheck
