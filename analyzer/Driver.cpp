//===- Driver.cpp - The lazycheck command line ----------------------------===//
#include "Driver.h"
#include "FactExtractor.h"
#include "GraphEmitter.h"
#include "Language.h"
#include "Parallel.h"
#include "PassTimer.h"
#include "Project.h"
#include "Source.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/BuryPointer.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Timer.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"

#ifndef LAZYCHECK_VERSION
#define LAZYCHECK_VERSION "0.0.0"
#endif

namespace lazycheck {

static const char Usage[] =
    R"(usage: lazycheck [COMMAND] [OPTIONS] PATH...

Finds which Python imports can safely become lazy.

commands:
  check PATH...     analyse and report diagnostics (the default command)
  graph PATH...     print the import graph (--format json|dot)
  facts FILE        print the facts extracted from one file (JSON)
  rules             list the rule catalogue
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

exit status: 0 success, 2 usage or internal error
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
  static const char *const Commands[] = {"check", "graph", "facts", "rules",
                                         "parse-only"};
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

static int runParseOnly(const Options &O) {
  uint64_t Bytes = 0;
  unsigned Files = [&] {
    PassTimer Timer(O.TimePasses, "parse-only");
    return parseOnly(projectOptions(O), Bytes);
  }();
  llvm::outs() << "parsed " << Files << " files, " << Bytes << " bytes\n";
  return 0;
}

static int runAnalysis(const Options &O) {
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
  unsigned ProjectModules = 0;
  for (const Module &M : Proj.Modules)
    ProjectModules += M.isProject();
  return writeOutput(O, [&](llvm::raw_ostream &OS) {
    if (Format == "json") {
      llvm::json::OStream J(OS, 2);
      J.object([&] {
        J.attributeArray("diagnostics", [&] {
          for (const Diagnostic &D : Proj.Diags)
            writeDiagnosticJson(J, D);
        });
        J.attributeObject("summary", [&] {
          J.attribute("project_modules", ProjectModules);
          J.attribute("files_analysed", Proj.FilesParsed);
          J.attribute("diagnostics", static_cast<int64_t>(Proj.Diags.size()));
        });
      });
      OS << '\n';
      return;
    }
    for (const Diagnostic &D : Proj.Diags)
      emitDiagnosticText(D, D.Path, OS);
    OS << "analysed " << ProjectModules << " project modules ("
       << Proj.FilesParsed << " files with the modules they import); "
       << Proj.Diags.size()
       << (Proj.Diags.size() == 1 ? " diagnostic" : " diagnostics") << '\n';
  });
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
  if (O.Command == "parse-only")
    return runParseOnly(O);
  return runAnalysis(O);
}

} // namespace lazycheck
