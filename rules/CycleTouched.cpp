//===- CycleTouched.cpp - LC303 cycle-touched-at-import -------------------===//
//
// Import cycles whose members read each other's names while they are
// still initialising.
//
//===----------------------------------------------------------------------===//
#include "Rule.h"

namespace lazycheck {

extern const char DocLC303[];
const char DocLC303[] = R"md(LC303 cycle-touched-at-import

What it does
  Finds import cycles (strongly connected components of the import-time
  imports) where a module-level statement, class base, decorator,
  default argument or module-level call of one member reads a name of
  another member, or where `from b import W` takes a non-module name
  from another member. Reported once per cycle, at the first such
  read.

Why it breaks under lazy imports
  Such a cycle works only when its members start in one particular
  order, and eager imports happen to provide it. Lazy imports run a
  body at the first use of its name, not at the import statement, so
  the order changes with the entry point and with which name is used
  first. If b starts first, a's read of b.W finds b half initialised:
  "AttributeError: partially initialized module 'app.b' has no
  attribute 'W' (most likely due to a circular import)", or the
  matching ImportError for from-imports. This is a common failure of
  large packages under lazy-everything modes.

Example
  # app/a.py
  X = 1
  import app.b
  Y = app.b.W * 2                    # lazycheck: LC303

  # app/b.py
  import app.a
  W = app.a.X * 10

Use instead
  Break the cycle: move the shared names into a third module both
  import, move the read into a function that runs after start-up, or
  pass the value in explicitly. Once no member reads another at import
  time the cycle is harmless (LC304).

  Otherwise keep the imports that today's order relies on eager, which
  lazycheck's manifest does automatically: the members that start before
  a member whose names are read and that its start could start again,
  and an importer's first way into the cycle when its statements enter
  it at different places. Or accept the finding with
  `# lazycheck: ignore[LC303]`.
)md";

void checkCycleTouched(Analysis &A) {
  for (size_t C = 0; C < A.P.Cycles.size(); ++C) {
    const CycleTouch *T = A.cycleTouch(C);
    if (!T)
      continue;
    std::string Msg =
        "import cycle " + A.cyclePathText(T->Path) +
        " is touched during initialisation: " + A.module(T->Module).Name + " " +
        T->What + " at import time";
    Diagnostic D =
        A.finding(RuleId::LC303, T->Module, T->Line, T->Col, std::move(Msg));
    D.Notes = A.cycleNotes(T->Path);
    // What today's order relies on (Analysis::orderNeeded).
    for (uint32_t M : T->Needed)
      D.Eager.push_back(A.module(M).Name);
    A.report(std::move(D));
  }
}

} // namespace lazycheck
