//===- ExecOfCode.cpp - LC203 exec-of-code --------------------------------===//
//
// exec() or eval() of code that runs in this module's namespace, which
// static analysis cannot see into.
//
//===----------------------------------------------------------------------===//
#include "ExpressionScanner.h"
#include "Rule.h"

namespace lazycheck {

extern const char DocLC203[];
const char DocLC203[] = R"md(LC203 exec-of-code

What it does
  Finds exec(code) and eval(expr) anywhere in the module when the code
  runs in this module's namespace: no namespace argument, or
  globals(), vars() or locals() passed as one. exec(code, {}),
  eval(expr, namespace), ast.literal_eval(), compile() alone and
  methods that happen to be called exec or eval (cursor.execute,
  model.eval()) are not reported.

Why it breaks under lazy imports
  lazycheck cannot see inside the string, so it cannot tell which
  names the code reads, which modules it imports or what effects it
  has. The code runs against this module's namespace, where names
  bound by lazy imports may still be unresolved lazy objects, and code
  that reaches them through the namespace dictionary sees the proxies.
  Imports in the code itself run at whatever time the exec does, not
  where the module's imports are written, so anything that depends on
  import order becomes unpredictable.

Example
  # app/formulas.py
  import math

  def evaluate(expr):
      return eval(expr)              # lazycheck: LC203

Use instead
  Pass an explicit namespace holding exactly what the code may use
  (eval(expr, {"math": math})), parse data with ast.literal_eval or
  json, and dispatch with a dictionary or getattr() instead of
  generated code.

  Otherwise keep the module importer-eager, which lazycheck's manifest
  does automatically: all of its own imports run at once. Or accept
  the finding with `# lazycheck: ignore[LC203]`.
)md";

void checkExecOfCode(Analysis &A) {
  A.forEachModule([&](uint32_t Mod) {
    for (const Reference &R : A.module(Mod).Facts.References) {
      if (R.Kind != RefKind::Call || R.Root != RootKind::Free ||
          (R.Chain != "exec" && R.Chain != "eval"))
        continue;
      auto Args = splitArguments(R.ArgText);
      // exec(code) runs in the caller's namespace, as does an explicit
      // globals()/vars()/locals(); exec(code, {}) does not.
      bool Own = Args.size() == 1 && R.Args == 1;
      for (size_t I = 1; I < Args.size() && I < 3; ++I)
        if (Args[I] == "globals()" || Args[I] == "vars()" ||
            Args[I] == "locals()")
          Own = true;
      if (!Own)
        continue;
      A.report(A.finding(RuleId::LC203, Mod, R.Line, R.Col,
                         R.Chain.str() +
                             "() runs code in this module's namespace, "
                             "where lazy imports are unresolved proxies"));
    }
  });
}

} // namespace lazycheck
