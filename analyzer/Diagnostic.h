//===- Diagnostic.h - Findings and engine diagnostics -----------*- C++ -*-===//
#ifndef LAZYCHECK_ANALYZER_DIAGNOSTIC_H
#define LAZYCHECK_ANALYZER_DIAGNOSTIC_H

#include "Catalogue.h"
#include "llvm/ADT/StringRef.h"
#include <string>
#include <tuple>
#include <vector>

namespace lazycheck {

/// A related place: one step of the evidence for a diagnostic.
struct Note {
  std::string Path;
  unsigned Line = 0;
  unsigned Col = 0;
  std::string Message;
};

/// A message about one place in the input. Line and Col are 1-based (Col in
/// Unicode code points); 0 means "the whole file".
struct Diagnostic {
  Diagnostic() = default;
  Diagnostic(RuleId R, std::string P, unsigned L, unsigned C, std::string M)
      : Rule(R), Path(std::move(P)), Line(L), Col(C), Message(std::move(M)) {}

  RuleId Rule = RuleId::LC001;
  std::string Path;
  unsigned Line = 0;
  unsigned Col = 0;
  std::string Message; // lower-case start, no trailing period, no rule id
  /// The module the finding is about; "" for engine diagnostics.
  std::string Module;
  std::vector<Note> Notes; // the evidence, in order
  /// What the finding requires of the exclusion manifest: modules whose
  /// body must run as soon as they are imported (target side), and
  /// whether Module's own imports must all run at once (importer side).
  std::vector<std::string> Eager;
  bool EagerImporter = false;

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
