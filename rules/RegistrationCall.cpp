//===- RegistrationCall.cpp - LC102 registration-call ---------------------===//
//
// Import-time calls and decorators whose callee registers into state
// that outlives the call and belongs to another module.
//
//===----------------------------------------------------------------------===//
#include "Rule.h"

namespace lazycheck {

extern const char DocLC102[];
const char DocLC102[] = R"md(LC102 registration-call

What it does
  Finds an import-time call or decorator whose callee stores into state
  that outlives the call and belongs to another module: a registry dict
  or list in the callee's module, attributes of an object living at
  module level there, or foreign state. The callee is followed to its
  source (project code, or library code with --python) and through the
  calls it makes. When it cannot be resolved, a method with a
  registration name (register, command, route, connect, ...) called on
  an object imported from another module counts: @cli.command(),
  @render.register(int), admin.site.register(Model).
  Decorators that only wrap (functools.wraps, lru_cache, dataclass,
  property, contextmanager, ...) and registries defined in the same
  module are not reported.

Why it breaks under lazy imports
  The registry is filled only when this module's body runs. A plugin
  module is usually imported for that effect alone, so nothing uses its
  names: under PEP 810 (body runs on first use of the name) and
  LazyLoader (body runs on first attribute access) it never runs. The
  command, route, handler or converter is missing when the registry is
  read, and the error ("no such command", KeyError) appears far from
  its cause.

Example
  # app/plugins/csv.py
  from app.registry import registry

  @registry.register("csv")          # lazycheck: LC102
  def read_csv(path): ...

Use instead
  Make registration explicit and call it from the entry point:

  # app/plugins/__init__.py
  def register_all(registry):
      from app.plugins import csv, xml
      registry.register("csv", csv.read_csv)
      registry.register("xml", xml.read_xml)

  or import the plugin modules where the registry is read (an import
  inside a function always runs when the function does). Otherwise
  keep the module eager (the manifest lists it as target-eager) or
  accept the finding with `# lazycheck: ignore[LC102]`.

Options
  [tool.lazycheck.knowledge.methods] registration = [...] adds method
  names; [tool.lazycheck.knowledge.pure] calls = [...] names decorators
  that only wrap, which are then never reported.
)md";

void checkRegistrationCall(Analysis &A) {
  reportImportTimeEffects(A, RuleId::LC102);
}

} // namespace lazycheck
