//===- Driver.cpp - The lazycheck command line ----------------------------===//
#include "Driver.h"
#include "Analysis.h"
#include "Config.h"
#include "FactExtractor.h"
#include "GraphEmitter.h"
#include "Knowledge.h"
#include "Language.h"
#include "Parallel.h"
#include "PassTimer.h"
#include "Project.h"
#include "RuleSelection.h"
#include "Source.h"
#include "Suppressions.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/BuryPointer.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Timer.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"
#include <map>

#ifndef LAZYCHECK_VERSION
#define LAZYCHECK_VERSION "0.0.0"
#endif

namespace lazycheck {

static const char Usage[] =
    R"(usage: lazycheck [COMMAND] [OPTIONS] PATH...

Finds which Python imports can safely become lazy.

commands:
  check PATH...     analyse and report findings (the default command)
  graph PATH...     print the import graph (--format json|dot)
  facts FILE        print the facts extracted from one file (JSON)
  rules             list the rule catalogue
  explain RULE      print a rule's documentation (by code or name)
  parse-only PATH...  parse every file and discard the trees (benchmark baseline)

options:
  -j, --jobs N        worker threads (default: all cores)
  --format FMT        check: text|json; graph: json|dot
  -o, --output FILE   write the report to FILE instead of stdout
  --python EXE        interpreter whose sys.path resolves stdlib and
                      third-party imports (default: python3 from PATH;
                      'none' to resolve project modules only)
  --root DIR          a package root (repeatable; default: found from PATH)
  --exclude GLOB      skip matching files and directories (repeatable)
  --time-passes       print how long each pass took to stderr
  --version           print the version
  -h, --help          print this help

check options:
  --select RULES      only these rules: codes, family prefixes (LC1) or
                      names, comma-separated (repeatable; replaces the
                      configuration's select; default: ALL)
  --ignore RULES      not these rules (added to the configuration's)
  --fail-on LEVEL     exit 1 when findings at or above LEVEL exist:
                      error|warning|info|never (default: warning)
  --exit-zero         exit 0 even when findings exist
  --config FILE       read [tool.lazycheck] from FILE instead of the
                      nearest pyproject.toml above the first PATH
  --no-config         read no configuration file

suppressions: `# lazycheck: ignore[LC101]` or `# noqa: LC101` on the line,
`# lazycheck: ignore-file` anywhere in a file.

exit status: 0 no findings at or above --fail-on, 1 findings, 2 usage,
configuration or internal error
)";

namespace {

struct Options {
  std::string Command = "check";
  std::vector<std::string> Positional;
  std::string Format;
  std::string Output;
  std::string Python;
  bool PythonGiven = false;
  std::vector<std::string> Roots, Excludes;
  std::vector<std::string> Select, Ignore;
  bool SelectGiven = false;
  std::string FailOn;
  bool ExitZero = false;
  std::string ConfigPath;
  bool NoConfig = false;
  unsigned Jobs = 0;
  bool TimePasses = false;
};

struct UsageError {
  std::string Message;
};

} // namespace

static llvm::Expected<Options> parseArgs(llvm::ArrayRef<const char *> Args) {
  Options O;
  size_t I = 0;
  static const char *const Commands[] = {"check", "graph",      "facts",
                                         "rules", "parse-only", "explain"};
  if (!Args.empty() && llvm::is_contained(Commands, llvm::StringRef(Args[0]))) {
    O.Command = Args[0];
    I = 1;
  }
  auto Err = [](const llvm::Twine &Msg) {
    return llvm::createStringError(
        std::make_error_code(std::errc::invalid_argument), Msg);
  };
  bool OnlyPositional = false;
  for (; I < Args.size(); ++I) {
    llvm::StringRef A = Args[I];
    if (OnlyPositional || !A.startswith("-") || A == "-") {
      O.Positional.push_back(A.str());
      continue;
    }
    if (A == "--") {
      OnlyPositional = true;
      continue;
    }
    llvm::StringRef Value;
    bool HasInline = false;
    if (A.startswith("--") && A.contains('=')) {
      std::tie(A, Value) = A.split('=');
      HasInline = true;
    }
    auto Next = [&]() -> llvm::Expected<std::string> {
      if (HasInline)
        return Value.str();
      if (I + 1 >= Args.size())
        return Err("option '" + A + "' needs a value");
      return std::string(Args[++I]);
    };
    auto Take = [&](std::string &Out) -> llvm::Error {
      auto V = Next();
      if (!V)
        return V.takeError();
      Out = *V;
      return llvm::Error::success();
    };
    if (A == "-h" || A == "--help") {
      O.Command = "help";
    } else if (A == "--version") {
      O.Command = "version";
    } else if (A == "-j" || A == "--jobs" || A.startswith("-j")) {
      std::string V;
      if (A.startswith("-j") && A.size() > 2 && A != "--jobs")
        V = A.drop_front(2).str();
      else if (auto E = Take(V))
        return E;
      if (!llvm::to_integer(V, O.Jobs) || O.Jobs == 0 || O.Jobs > 1024)
        return Err("-j needs a number from 1 to 1024, not '" + V + "'");
    } else if (A == "--format") {
      if (auto E = Take(O.Format))
        return E;
    } else if (A == "-o" || A == "--output") {
      if (auto E = Take(O.Output))
        return E;
    } else if (A == "--python") {
      if (auto E = Take(O.Python))
        return E;
      O.PythonGiven = true;
    } else if (A == "--root") {
      std::string V;
      if (auto E = Take(V))
        return E;
      O.Roots.push_back(V);
    } else if (A == "--exclude") {
      std::string V;
      if (auto E = Take(V))
        return E;
      O.Excludes.push_back(V);
    } else if (A == "--time-passes") {
      O.TimePasses = true;
    } else if (A == "--select" || A == "--ignore") {
      std::string V;
      if (auto E = Take(V))
        return E;
      llvm::SmallVector<llvm::StringRef, 4> Parts;
      llvm::StringRef(V).split(Parts, ',', -1, false);
      std::vector<std::string> &Into = A == "--select" ? O.Select : O.Ignore;
      for (llvm::StringRef Part : Parts)
        if (!Part.trim().empty())
          Into.push_back(Part.trim().str());
      if (A == "--select")
        O.SelectGiven = true;
    } else if (A == "--fail-on") {
      if (auto E = Take(O.FailOn))
        return E;
      static const char *const Levels[] = {"error", "warning", "info", "never"};
      if (!llvm::is_contained(Levels, llvm::StringRef(O.FailOn)))
        return Err("--fail-on needs error, warning, info or never, not '" +
                   O.FailOn + "'");
    } else if (A == "--exit-zero") {
      O.ExitZero = true;
    } else if (A == "--config") {
      if (auto E = Take(O.ConfigPath))
        return E;
    } else if (A == "--no-config") {
      O.NoConfig = true;
    } else {
      return Err("unknown option '" + A + "'");
    }
  }
  return O;
}

static ProjectOptions projectOptions(const Options &O) {
  ProjectOptions P;
  P.Paths = O.Positional;
  P.Roots = O.Roots;
  P.Excludes = O.Excludes;
  P.Jobs = O.Jobs;
  P.TimePasses = O.TimePasses;
  if (!O.PythonGiven)
    P.Python = defaultPython();
  else if (O.Python != "none")
    P.Python = O.Python;
  return P;
}

/// Writes through Fn to -o FILE (created only on success) or stdout.
template <typename Fn> static int writeOutput(const Options &O, Fn &&Emit) {
  if (O.Output.empty() || O.Output == "-") {
    Emit(llvm::outs());
    llvm::outs().flush();
    return 0;
  }
  std::error_code EC;
  llvm::ToolOutputFile Out(O.Output, EC, llvm::sys::fs::OF_None);
  if (EC) {
    llvm::errs() << "lazycheck: error: cannot write '" << O.Output
                 << "': " << EC.message() << '\n';
    return 2;
  }
  Emit(Out.os());
  Out.keep();
  return 0;
}

static int runFacts(const Options &O) {
  if (O.Positional.size() != 1) {
    llvm::errs() << "lazycheck: error: facts takes exactly one FILE\n";
    return 2;
  }
  const std::string &Path = O.Positional[0];
  DiagnosticList Diags;
  std::optional<std::string> Source = loadSource(Path, Path, Diags);
  ModuleFacts F;
  if (Source)
    F = PythonParser().extract(*Source, Path);
  F.Diags.insert(F.Diags.begin(), Diags.begin(), Diags.end());
  int RC = writeOutput(
      O, [&](llvm::raw_ostream &OS) { emitFactsJson(Path, F, OS); });
  return Source ? RC : 2;
}

static int runRules(const Options &O) {
  return writeOutput(O, [&](llvm::raw_ostream &OS) {
    for (const RuleInfo &R : allRules())
      OS << R.Code << "  " << llvm::left_justify(R.Name, 18) << ' '
         << llvm::left_justify(severityName(R.DefaultSeverity), 8) << ' '
         << R.Summary << '\n';
  });
}

static int runExplain(const Options &O) {
  if (O.Positional.size() != 1) {
    llvm::errs() << "lazycheck: error: explain takes exactly one RULE\n";
    return 2;
  }
  const RuleInfo *R = findRule(O.Positional[0]);
  if (!R) {
    llvm::errs() << "lazycheck: error: unknown rule '" << O.Positional[0]
                 << "' (see lazycheck rules)\n";
    return 2;
  }
  return writeOutput(O, [&](llvm::raw_ostream &OS) {
    OS << R->Doc.ltrim('\n');
    OS << "\nDefault severity: " << severityName(R->DefaultSeverity) << '\n';
  });
}

static int runParseOnly(const Options &O) {
  uint64_t Bytes = 0;
  unsigned Files = [&] {
    PassTimer Timer(O.TimePasses, "parse-only");
    return parseOnly(projectOptions(O), Bytes);
  }();
  llvm::outs() << "parsed " << Files << " files, " << Bytes << " bytes\n";
  return 0;
}

/// What `check` reads before analysing: the configuration, the knowledge,
/// the rule selection.
struct CheckSetup {
  std::optional<Config> Cfg;
  std::optional<Knowledge> Know;
  RuleSelection Selection;
  Severity FailOn = Severity::Warning;
  bool FailNever = false;
};

static llvm::Error prepareCheck(Options &O, CheckSetup &S) {
  std::optional<std::string> Path;
  if (!O.ConfigPath.empty())
    Path = O.ConfigPath;
  else if (!O.NoConfig && !O.Positional.empty())
    Path = findConfig(O.Positional.front());
  if (Path) {
    auto C = loadConfig(*Path);
    if (!C)
      return C.takeError();
    S.Cfg = std::move(*C);
  }
  auto K = Knowledge::builtin();
  if (!K)
    return K.takeError();
  S.Know = std::move(*K);
  std::vector<std::string> Select = O.Select, Ignore = O.Ignore;
  std::vector<RuleSelection::PerFileIgnore> PerFile;
  std::string FailOn = O.FailOn;
  if (S.Cfg) {
    const Config &C = *S.Cfg;
    if (auto E = C.mergeKnowledgeInto(*S.Know))
      return E;
    if (!O.SelectGiven)
      Select = C.Select;
    Ignore.insert(Ignore.begin(), C.Ignore.begin(), C.Ignore.end());
    PerFile = C.PerFileIgnores;
    if (FailOn.empty() && C.FailOn)
      FailOn = *C.FailOn;
    if (!O.PythonGiven && C.Python) {
      O.Python = *C.Python;
      O.PythonGiven = true;
    }
    if (O.Roots.empty())
      for (const std::string &R : C.Roots)
        O.Roots.push_back(C.resolve(R));
    for (const std::string &E : C.Exclude)
      O.Excludes.push_back(E);
  }
  auto Sel = RuleSelection::create(Select, Ignore, PerFile);
  if (!Sel)
    return Sel.takeError();
  S.Selection = std::move(*Sel);
  if (FailOn == "never")
    S.FailNever = true;
  else if (FailOn == "error")
    S.FailOn = Severity::Error;
  else if (FailOn == "info")
    S.FailOn = Severity::Info;
  return llvm::Error::success();
}

/// Path of a finding relative to the configuration's directory, for
/// per-file-ignores ('/'-separated).
static std::string relativeToConfig(const CheckSetup &S, llvm::StringRef Path) {
  if (!S.Cfg || S.Cfg->Dir.empty())
    return Path.str();
  llvm::SmallString<256> Abs(Path);
  llvm::sys::fs::make_absolute(Abs);
  llvm::sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
  llvm::StringRef Rel = Abs;
  llvm::StringRef Dir = S.Cfg->Dir;
  if (!Rel.consume_front(Dir) || !(Rel.empty() || Rel.front() == '/'))
    return Path.str();
  return llvm::sys::path::convert_to_slash(Rel.ltrim('/'));
}

static int reportFindings(const Options &O, CheckSetup &Setup,
                          const Project &Proj) {
  PassTimer Timer(O.TimePasses, "report");
  std::string Format = O.Format.empty() ? "text" : O.Format;
  Analysis A(Proj, *Setup.Know);
  {
    PassTimer RulesTimer(O.TimePasses, "effects and rules");
    A.run();
  }
  // Findings in the project's own files; library modules were analysed
  // for what the project's imports reach, not to be reported.
  llvm::StringSet<> ProjectPaths;
  unsigned ProjectModules = 0;
  Suppressions Supp;
  for (const Module &M : Proj.Modules)
    if (M.isProject()) {
      ProjectPaths.insert(M.DisplayPath);
      ++ProjectModules;
      if (M.Parsed)
        Supp.setFile(M.DisplayPath,
                     M.Facts.Suppress ? *M.Facts.Suppress : FileSuppressions());
    }
  DiagnosticList Shown;
  auto Consider = [&](const Diagnostic &D) {
    if (!Setup.Selection.enabledFor(D.Rule, relativeToConfig(Setup, D.Path)))
      return;
    if (Supp.isSuppressed(D.Path, D.Line, D.Rule))
      return;
    Shown.push_back(D);
  };
  for (const Diagnostic &D : Proj.Diags)
    Consider(D);
  for (const Diagnostic &D : A.Findings)
    if (ProjectPaths.count(D.Path))
      Consider(D);
  llvm::sort(Shown);
  unsigned Failing = 0;
  std::map<RuleId, unsigned> PerRule;
  unsigned BySeverity[3] = {0, 0, 0};
  for (const Diagnostic &D : Shown) {
    ++PerRule[D.Rule];
    ++BySeverity[static_cast<unsigned>(D.severity())];
    if (!Setup.FailNever && D.severity() <= Setup.FailOn)
      ++Failing;
  }
  int RC = writeOutput(O, [&](llvm::raw_ostream &OS) {
    if (Format == "json") {
      llvm::json::OStream J(OS, 2);
      J.object([&] {
        J.attribute("version", LAZYCHECK_VERSION);
        J.attributeArray("diagnostics", [&] {
          for (const Diagnostic &D : Shown)
            writeDiagnosticJson(J, D);
        });
        J.attributeObject("summary", [&] {
          J.attribute("project_modules", ProjectModules);
          J.attribute("files_analysed", Proj.FilesParsed);
          J.attribute("errors", BySeverity[0]);
          J.attribute("warnings", BySeverity[1]);
          J.attribute("infos", BySeverity[2]);
          J.attribute("suppressed", Supp.suppressedCount());
          J.attributeObject("by_rule", [&] {
            for (auto [Rule, Count] : PerRule)
              J.attribute(ruleInfo(Rule).Code, Count);
          });
        });
      });
      OS << '\n';
      return;
    }
    for (const Diagnostic &D : Shown) {
      emitDiagnosticText(D, D.Path, OS);
      emitNotesText(D, OS);
    }
    if (!Shown.empty())
      OS << '\n';
    for (auto [Rule, Count] : PerRule) {
      const RuleInfo &R = ruleInfo(Rule);
      OS << llvm::format_decimal(Count, 6) << "  " << R.Code << "  "
         << llvm::left_justify(R.Name, 24) << ' '
         << severityName(R.DefaultSeverity) << '\n';
    }
    OS << "analysed " << ProjectModules << " project modules ("
       << Proj.FilesParsed
       << " files with the modules they import): " << BySeverity[0]
       << (BySeverity[0] == 1 ? " error, " : " errors, ") << BySeverity[1]
       << (BySeverity[1] == 1 ? " warning, " : " warnings, ") << BySeverity[2]
       << (BySeverity[2] == 1 ? " info" : " infos");
    if (Supp.suppressedCount())
      OS << " (" << Supp.suppressedCount() << " suppressed)";
    OS << '\n';
  });
  if (RC)
    return RC;
  return Failing && !O.ExitZero ? 1 : 0;
}

static int runAnalysis(Options &O) {
  bool Graph = O.Command == "graph";
  std::string Format = O.Format.empty() ? (Graph ? "json" : "text") : O.Format;
  if (Graph ? (Format != "json" && Format != "dot")
            : (Format != "text" && Format != "json")) {
    llvm::errs() << "lazycheck: error: unknown format '" << Format << "' for "
                 << O.Command << '\n';
    return 2;
  }
  if (O.Positional.empty()) {
    llvm::errs() << "lazycheck: error: no PATH given\n" << Usage;
    return 2;
  }
  CheckSetup Setup;
  if (!Graph)
    if (auto E = prepareCheck(O, Setup)) {
      llvm::errs() << "lazycheck: error: " << llvm::toString(std::move(E))
                   << '\n';
      return 2;
    }
  auto P = [&] {
    PassTimer Timer(O.TimePasses, "analyse");
    return Project::analyse(projectOptions(O));
  }();
  if (!P) {
    llvm::errs() << "lazycheck: error: " << llvm::toString(P.takeError())
                 << '\n';
    return 2;
  }
  // Freeing every module's facts at exit only costs time: leave that to
  // the operating system, as compilers do.
  Project *Raw = P->release();
  llvm::BuryPointer(Raw);
  const Project &Proj = *Raw;
  if (Graph) {
    return writeOutput(O, [&](llvm::raw_ostream &OS) {
      if (Format == "dot")
        emitGraphDot(Proj, OS);
      else
        emitGraphJson(Proj, OS);
    });
  }
  return reportFindings(O, Setup, Proj);
}

int runLazycheck(llvm::ArrayRef<const char *> Args) {
  if (!Language::get().Missing.empty()) {
    llvm::errs() << "lazycheck: internal error: the grammar lacks "
                 << Language::get().Missing.front() << '\n';
    return 2;
  }
  auto Parsed = parseArgs(Args);
  if (!Parsed) {
    llvm::errs() << "lazycheck: error: " << llvm::toString(Parsed.takeError())
                 << "\n(see lazycheck --help)\n";
    return 2;
  }
  Options &O = *Parsed;
  if (O.Command == "help") {
    llvm::outs() << Usage;
    return 0;
  }
  if (O.Command == "version") {
    llvm::outs() << "lazycheck " << LAZYCHECK_VERSION << '\n';
    return 0;
  }
  ParallelismLimit Limit(O.Jobs);
  if (O.Command == "facts")
    return runFacts(O);
  if (O.Command == "rules")
    return runRules(O);
  if (O.Command == "explain")
    return runExplain(O);
  if (O.Command == "parse-only")
    return runParseOnly(O);
  return runAnalysis(O);
}

} // namespace lazycheck
