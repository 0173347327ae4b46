//===- Diagnostic.cpp - Findings and engine diagnostics -------------------===//
#include "Diagnostic.h"
#include "llvm/Support/raw_ostream.h"

namespace lazycheck {

std::string formatDiagnostic(const Diagnostic &D) {
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  OS << D.Path;
  if (D.Line)
    OS << ':' << D.Line << ':' << D.Col;
  OS << ": " << severityName(D.severity()) << ": " << D.Message << " ["
     << ruleInfo(D.Rule).Code << ']';
  return Out;
}

} // namespace lazycheck
