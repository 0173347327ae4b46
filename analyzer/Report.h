//===- Report.h - Findings for people, CI and IDEs --------------*- C++ -*-===//
//
// The formats of `lazycheck check`: compiler-style text, JSON, GitHub
// workflow annotations and SARIF 2.1.0; the statistics table; and the
// fingerprints that baselines and SARIF's partialFingerprints share.
//
//===----------------------------------------------------------------------===//
#ifndef LAZYCHECK_ANALYZER_REPORT_H
#define LAZYCHECK_ANALYZER_REPORT_H

#include "Diagnostic.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"
#include <map>
#include <string>
#include <vector>

namespace lazycheck {

/// `python -X importtime` in numbers: per module, microseconds spent in its
/// own body and with everything it imported.
struct ImportTimes {
  struct Cost {
    uint64_t Self = 0, Cumulative = 0;
  };
  std::map<std::string, Cost> ByModule;
  uint64_t TotalSelf = 0;
  const Cost *find(llvm::StringRef Module) const {
    auto It = ByModule.find(Module.str());
    return It == ByModule.end() ? nullptr : &It->second;
  }
};
/// Reads a `python -X importtime` log (the lines other than "import time:"
/// ones are skipped: it is usually the program's whole stderr).
llvm::Expected<ImportTimes> readImportTimes(llvm::StringRef Path);

/// What the summary lines and the JSON summary say.
struct ReportSummary {
  unsigned ProjectModules = 0;
  unsigned FilesAnalysed = 0;
  unsigned Suppressed = 0;
  unsigned Baselined = 0;
  /// Baseline entries ("rule path: message") that no longer occur.
  std::vector<std::string> Fixed;
  /// With --importtime: what the findings' modules cost at start-up, and
  /// what the manifest keeps eager (its eager modules' own time).
  const ImportTimes *Times = nullptr;
  bool HaveManifestCost = false;
  unsigned ManifestEager = 0, ManifestEagerMeasured = 0;
  uint64_t ManifestEagerSelf = 0;
};

/// A finding's identity that survives edits elsewhere in the file: its
/// rule, path and module and its message with line and column numbers
/// taken out, hashed (hex).
std::string fingerprint(const Diagnostic &D);

/// Diagnostics as shown, with the path each one is reported under (its
/// Path made relative to the source root, for SARIF and annotations).
struct Shown {
  const Diagnostic *D;
  std::string RelativePath;
};

void emitTextReport(llvm::ArrayRef<Shown> Findings, const ReportSummary &S,
                    bool StatisticsOnly, llvm::raw_ostream &OS);
void emitJsonReport(llvm::ArrayRef<Shown> Findings, const ReportSummary &S,
                    llvm::StringRef Version, llvm::raw_ostream &OS);
/// GitHub Actions workflow commands (::warning file=...::message).
void emitGithubReport(llvm::ArrayRef<Shown> Findings, llvm::raw_ostream &OS);
/// SARIF 2.1.0. SourceRoot is the absolute directory %SRCROOT% stands for;
/// Relative maps a note's path the way RelativePath maps a finding's.
void emitSarifReport(llvm::ArrayRef<Shown> Findings, llvm::StringRef SourceRoot,
                     llvm::function_ref<std::string(llvm::StringRef)> Relative,
                     llvm::StringRef Version, llvm::raw_ostream &OS);

/// Baselines: the fingerprints of today's findings, so that a codebase can
/// adopt lazycheck and be told only about new ones.
struct BaselineEntry {
  std::string Fingerprint;
  std::string Rule, Path, Message;
};
void writeBaseline(llvm::ArrayRef<Shown> Findings, llvm::raw_ostream &OS);
llvm::Expected<std::vector<BaselineEntry>> readBaseline(llvm::StringRef Path);

} // namespace lazycheck

#endif
