//===- RuleSupport.cpp - Shared by the rules' checks ----------------------===//
#include "Rule.h"
#include "llvm/ADT/DenseSet.h"

namespace lazycheck {

std::string describeReference(const Reference &R) {
  if (R.Decorator)
    return ("@" + R.Chain + (R.DecoratorFactory ? "(...)" : "")).str();
  if (R.Kind == RefKind::Call)
    return (R.Chain + "(...)").str();
  return R.Chain.str();
}

/// The rule an import-time effect is reported under: a store into another
/// module's attribute or item is LC101 (whether written at module level or
/// in a function called from there), a store into another module's
/// registry through its functions or methods LC102, and catalogued APIs
/// keep their own rule.
static RuleId ruleOf(const ImportTimeEffect &E) { return E.E.Rule; }

std::string importStatementText(const ImportFact &F) {
  if (F.Kind == ImportKind::Import) {
    const ImportedName &N = F.Names.front();
    bool Aliased = N.Bound != llvm::StringRef(N.Imported).split('.').first;
    return "import " + N.Imported + (Aliased ? " as " + N.Bound : "");
  }
  std::string Out = "from " + std::string(F.Level, '.') + F.Module + " import ";
  for (size_t I = 0; I < F.Names.size(); ++I) {
    const ImportedName &N = F.Names[I];
    Out += (I ? ", " : "") + N.Imported;
    if (!N.Bound.empty() && N.Bound != N.Imported)
      Out += " as " + N.Bound;
  }
  return Out;
}

static std::string where(const Note &N) {
  return N.Path + ":" + std::to_string(N.Line);
}

void reportImportTimeEffects(Analysis &A, RuleId Rule) {
  llvm::DenseSet<std::pair<uint32_t, uint32_t>> Seen;
  for (const ImportTimeEffect &E : A.importTimeEffects()) {
    if (ruleOf(E) != Rule || !Seen.insert({E.Module, E.Ref}).second)
      continue;
    const Reference &Ref = A.module(E.Module).Facts.References[E.Ref];
    std::string Subject =
        (Ref.Decorator ? "decorator " : "call to ") + describeReference(Ref);
    std::string Msg;
    bool Catalogued = E.E.Owner == ProcessOwner;
    if (E.Direct && Catalogued)
      Msg = E.E.What + " at import time";
    else if (E.Direct && Rule == RuleId::LC101)
      Msg = E.E.What + " at import time, changing state owned by " +
            A.ownerName(E.E.Owner);
    else if (E.Direct)
      Msg = Subject + " registers with " + A.ownerName(E.E.Owner) +
            " at import time";
    else if (Catalogued)
      Msg = Subject + " " + E.E.What + " at import time (" +
            where(E.E.Steps.back()) + ")";
    else
      Msg = Subject + " changes state owned by " + A.ownerName(E.E.Owner) +
            " at import time: it " + E.E.What + " (" + where(E.E.Steps.back()) +
            ")";
    Diagnostic D = A.finding(Rule, E.Module, Ref.Line, Ref.Col, std::move(Msg));
    D.Notes = E.E.Steps;
    A.report(std::move(D));
  }
}

} // namespace lazycheck
