//===- Catalogue.h - The rule catalogue -------------------------*- C++ -*-===//
#ifndef LAZYCHECK_RULES_CATALOGUE_H
#define LAZYCHECK_RULES_CATALOGUE_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

namespace lazycheck {

enum class Severity { Error, Warning, Info };

llvm::StringRef severityName(Severity S);

/// What a rule's check reads (the Input column of Rules.def).
enum class RuleInput {
  Facts,   // facts, module indexes and the import graph
  Cycles,  // that, and the cycles' touches (Analysis::cycleTouch)
  Effects, // the memoised effect engine or the LC1xx findings
};

enum class RuleId {
#define RULE(Id, Name, Sev, Check, Input, Summary) Id,
#include "Rules.def"
};

struct RuleInfo {
  RuleId Id;
  llvm::StringRef Code; // "LC001"
  llvm::StringRef Name; // kebab-case
  Severity DefaultSeverity;
  llvm::StringRef Summary;
  llvm::StringRef Doc; // what `lazycheck explain` prints
  bool Engine;         // reported by the engine itself, not by a check
};

/// Every rule, in id order.
llvm::ArrayRef<RuleInfo> allRules();
const RuleInfo &ruleInfo(RuleId Id);
/// Looks a rule up by code ("LC001") or name; nullptr when unknown.
const RuleInfo *findRule(llvm::StringRef CodeOrName);

} // namespace lazycheck

#endif
