//===- WastedLaziness.cpp - LC305 wasted-laziness -------------------------===//
//
// Eligible imports whose name is used at import time anyway, so making
// them lazy defers nothing.
//
//===----------------------------------------------------------------------===//
#include "Rule.h"

namespace lazycheck {

extern const char DocLC305[];
const char DocLC305[] = R"md(LC305 wasted-laziness

What it does
  Finds an import that PEP 810 could make lazy (module scope, not in a
  try statement, not a star or __future__ import) whose bound name is
  read at import time anyway: as a base class, a decorator, a default
  argument, in a class body or a module-level call. The message names
  the first such use. Imports used only inside functions, imports in
  try blocks and unused imports are not reported.

Why it gains nothing under lazy imports
  A lazy import binds a proxy and runs the module when the name is
  first used. Here that use comes a few lines later in the same body,
  so the module is loaded during this module's import just as an eager
  import would load it: no start-up time or memory is saved, and a
  `lazy` keyword on it only misleads the reader. It is not a bug;
  it tells you where laziness cannot help and which uses to move if
  you want it to.

Example
  # app/models.py
  import abc                         # lazycheck: LC305
  import json

  class Model(abc.ABC):              # abc is needed right away
      def dump(self):
          return json.dumps(self.fields())

Use instead
  Leave the import as a normal one. If the module is expensive and the
  use can move, move it into a function (a default of None resolved in
  the body, a decorator applied on first call, a class built on demand)
  and the import becomes worth deferring. Base classes and decorators
  usually cannot move. To silence the information, add
  `# lazycheck: ignore[LC305]` or leave LC305 out of `select`.
)md";

void checkWastedLaziness(Analysis &A) {
  A.forEachModule([&](uint32_t Mod) {
    for (const ImportFact &F : A.module(Mod).Facts.Imports) {
      if (!F.pep810Eligible() || !F.runsAtImportTime())
        continue;
      const ImportedName *Used = nullptr;
      for (const ImportedName &N : F.Names)
        if (N.ReadAtImportTime &&
            (!Used || N.FirstImportTimeLine < Used->FirstImportTimeLine))
          Used = &N;
      if (!Used)
        continue;
      Diagnostic D = A.finding(
          RuleId::LC305, Mod, F.Line, F.Col,
          importStatementText(F) + " is used at import time (" + Used->Bound +
              " on line " + std::to_string(Used->FirstImportTimeLine) +
              "), so deferring it gains nothing");
      D.Notes.push_back(A.note(Mod, Used->FirstImportTimeLine,
                               Used->FirstImportTimeCol,
                               "first use of " + Used->Bound));
      A.report(std::move(D));
    }
  });
}

} // namespace lazycheck
