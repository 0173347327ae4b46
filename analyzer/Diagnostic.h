//===- Diagnostic.h - Findings and engine diagnostics -----------*- C++ -*-===//
#ifndef LAZYCHECK_ANALYZER_DIAGNOSTIC_H
#define LAZYCHECK_ANALYZER_DIAGNOSTIC_H

#include "Catalogue.h"
#include "llvm/ADT/StringRef.h"
#include <string>
#include <tuple>
#include <vector>

namespace lazycheck {

/// A message about one place in the input. Line and Col are 1-based (Col in
/// Unicode code points); 0 means "the whole file".
struct Diagnostic {
  RuleId Rule;
  std::string Path;
  unsigned Line = 0;
  unsigned Col = 0;
  std::string Message; // lower-case start, no trailing period, no rule id

  Severity severity() const { return ruleInfo(Rule).DefaultSeverity; }
  bool operator<(const Diagnostic &O) const {
    return std::tie(Path, Line, Col, Rule, Message) <
           std::tie(O.Path, O.Line, O.Col, O.Rule, O.Message);
  }
  bool operator==(const Diagnostic &O) const {
    return std::tie(Path, Line, Col, Rule, Message) ==
           std::tie(O.Path, O.Line, O.Col, O.Rule, O.Message);
  }
};

using DiagnosticList = std::vector<Diagnostic>;

/// "path:line:col: severity: message [LC001]"
std::string formatDiagnostic(const Diagnostic &D);

} // namespace lazycheck

#endif
