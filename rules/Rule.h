//===- Rule.h - What a rule's check works with ------------------*- C++ -*-===//
//
// Every rule's file defines its documentation (Doc##Id) and its check,
// `void checkSomething(Analysis &A)`, named in Rules.def. Checks read the
// per-module facts and the whole-program Analysis, and A.report() what
// they find; they never walk syntax trees themselves.
//
//===----------------------------------------------------------------------===//
#ifndef LAZYCHECK_RULES_RULE_H
#define LAZYCHECK_RULES_RULE_H

#include "Analysis.h"
#include "Catalogue.h"

namespace lazycheck {

/// How a reference reads in a message: `@deco`, `@deco(...)`, `f(...)`,
/// `a.b`.
std::string describeReference(const Reference &R);

/// `import a.b as c`, `from ..m import x, y`.
std::string importStatementText(const ImportFact &F);

/// Reports, once per reference, the import-time effects of module bodies
/// that fall under Rule (the LC1xx rules share this).
void reportImportTimeEffects(Analysis &A, RuleId Rule);

} // namespace lazycheck

#endif
