//===- CycleSafe.cpp - LC304 cycle-safe -----------------------------------===//
//
// Import cycles whose members only use each other inside functions;
// informational, since lazy imports untangle them.
//
//===----------------------------------------------------------------------===//
#include "Rule.h"

namespace lazycheck {

extern const char DocLC304[];
const char DocLC304[] = R"md(LC304 cycle-safe

What it does
  Reports import cycles (strongly connected components of the
  import-time imports) whose members read each other's names only
  inside functions. Reported once per cycle, at its first import by
  path and line. This is information, not a problem.

Why it matters under lazy imports
  With eager imports such a cycle works, but it is fragile: any
  module-level read added later turns it into LC303, and the modules
  are all loaded together even when a program needs only one of them.
  With lazy imports no member's body needs another member to be
  initialised: each import binds a proxy and the function that uses
  the name loads the module when it first runs, by which time every
  member has finished. The cycle is untangled, and these imports are
  good candidates for `lazy import`.

Example
  # app/orders.py
  import app.customers               # lazycheck: LC304

  def total(order):
      return app.customers.discount(order.customer) * order.amount

  # app/customers.py
  import app.orders

  def history(customer):
      return [app.orders.total(o) for o in customer.orders]

Use instead
  Nothing is required. On Python 3.15 you can write the imports as
  `lazy import app.customers`; on older versions the usual workaround
  of importing inside the function does the same. If you would rather
  not have the cycle, move the shared code into a module both import.
  To silence the information, add `# lazycheck: ignore[LC304]` or
  leave LC304 out of `select`.
)md";

void checkCycleSafe(Analysis &A) {
  for (size_t C = 0; C < A.P.Cycles.size(); ++C) {
    if (A.cycleTouch(C))
      continue;
    std::vector<uint32_t> Path = A.cyclePath(C);
    if (Path.size() < 2)
      continue;
    // Reported at the import that starts the path.
    uint32_t Via = A.edgeImport(Path[0], Path[1]);
    const ImportFact &F = A.P.fact(A.P.Imports[Via]);
    Diagnostic D = A.finding(
        RuleId::LC304, Path[0], F.Line, F.Col,
        "import cycle " + A.cyclePathText(Path) +
            " is only used inside functions; lazy imports untangle it");
    D.Notes = A.cycleNotes(Path);
    A.report(std::move(D));
  }
}

} // namespace lazycheck
