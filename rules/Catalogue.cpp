//===- Catalogue.cpp - The rule catalogue ---------------------------------===//
#include "Catalogue.h"

namespace lazycheck {

// Each rule's file defines its documentation.
#define RULE(Id, Name, Sev, Check, Input, Summary) extern const char Doc##Id[];
#include "Rules.def"

static bool isEngine(llvm::StringRef Check) {
  return Check == "engineDiagnostic";
}

static const RuleInfo Rules[] = {
#define RULE(Id, Name, Sev, Check, Input, Summary)                             \
  {                                                                            \
      RuleId::Id,      #Id,     Name,                                          \
      Severity::Sev,   Summary, llvm::StringRef(Doc##Id),                      \
      isEngine(#Check)},
#include "Rules.def"
};

llvm::StringRef severityName(Severity S) {
  switch (S) {
  case Severity::Error:
    return "error";
  case Severity::Warning:
    return "warning";
  case Severity::Info:
    return "info";
  }
  return "info";
}

llvm::ArrayRef<RuleInfo> allRules() { return Rules; }

const RuleInfo &ruleInfo(RuleId Id) { return Rules[static_cast<unsigned>(Id)]; }

const RuleInfo *findRule(llvm::StringRef CodeOrName) {
  for (const RuleInfo &R : Rules)
    if (R.Code.equals_insensitive(CodeOrName) || R.Name == CodeOrName)
      return &R;
  return nullptr;
}

} // namespace lazycheck
