//===- Driver.cpp - The lazycheck command line ----------------------------===//
#include "Driver.h"
#include "Analysis.h"
#include "Config.h"
#include "FactExtractor.h"
#include "GraphEmitter.h"
#include "Knowledge.h"
#include "Language.h"
#include "Manifest.h"
#include "Parallel.h"
#include "PassTimer.h"
#include "Project.h"
#include "Report.h"
#include "RuleSelection.h"
#include "RuntimeEmitters.h"
#include "Source.h"
#include "Suppressions.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/BuryPointer.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Timer.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"
#include <map>
#include <optional>

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
  why MODULE (--manifest FILE | PATH...)
                    why a module is eager, with the evidence, or why it is
                    considered safe to import lazily
  emit TARGET MANIFEST
                    the manifest for a runtime: pep810 (a sys.set_lazy_imports
                    filter module), cinder, ruff, lifeguard
  parse-only PATH...  parse every file and discard the trees (benchmark baseline)

options:
  -j, --jobs N        worker threads (default: all cores)
  --format FMT        check: text|json|sarif|github; graph: json|dot
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
  --statistics        print only the number of findings per rule
  --manifest FILE     write the exclusion manifest (JSON) to FILE
  --check             with --manifest: leave FILE alone, print what changed
                      and exit 1 when it is stale
  --write-baseline FILE
                      record today's findings (by fingerprint) in FILE
  --baseline FILE     report only findings that FILE does not record
  --importtime LOG    a `python -X importtime` log of the program: each
                      finding and manifest entry says what its module costs
                      at start-up, and the summary what the manifest keeps
                      eager

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
  bool Statistics = false;
  std::string ManifestPath;
  bool CheckManifest = false;
  std::string BaselinePath, WriteBaselinePath;
  std::string ImportTimePath;
};

struct UsageError {
  std::string Message;
};

} // namespace

static llvm::Expected<Options> parseArgs(llvm::ArrayRef<const char *> Args) {
  Options O;
  size_t I = 0;
  static const char *const Commands[] = {"check",      "graph",   "facts",
                                         "rules",      "explain", "why",
                                         "parse-only", "emit"};
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
    } else if (A == "--statistics") {
      O.Statistics = true;
    } else if (A == "--manifest") {
      if (auto E = Take(O.ManifestPath))
        return E;
    } else if (A == "--check") {
      O.CheckManifest = true;
    } else if (A == "--baseline") {
      if (auto E = Take(O.BaselinePath))
        return E;
    } else if (A == "--write-baseline") {
      if (auto E = Take(O.WriteBaselinePath))
        return E;
    } else if (A == "--importtime") {
      if (auto E = Take(O.ImportTimePath))
        return E;
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
/// Path made absolute, without `.` and `..` components.
/// The working directory, read once: lazycheck never changes it, and
/// asking the kernel for every finding's path costs a system call each.
static llvm::StringRef workingDirectory() {
  static const std::string Cwd = [] {
    llvm::SmallString<256> Dir;
    llvm::sys::fs::current_path(Dir);
    return Dir.str().str();
  }();
  return Cwd;
}

static std::string absolutePath(llvm::StringRef Path) {
  llvm::SmallString<256> Abs;
  if (llvm::sys::path::is_absolute(Path)) {
    Abs = Path;
  } else {
    Abs = workingDirectory();
    llvm::sys::path::append(Abs, Path);
  }
  llvm::sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
  return Abs.str().str();
}

static std::string relativeToConfig(const CheckSetup &S, llvm::StringRef Path) {
  if (!S.Cfg || S.Cfg->Dir.empty())
    return Path.str();
  std::string Abs = absolutePath(Path);
  llvm::StringRef Rel = Abs;
  llvm::StringRef Dir = S.Cfg->Dir;
  if (!Rel.consume_front(Dir) || !(Rel.empty() || Rel.front() == '/'))
    return Path.str();
  return llvm::sys::path::convert_to_slash(Rel.ltrim('/'));
}

/// Paths the way each consumer wants them.
struct PathMapper {
  std::vector<std::string> Roots; // the PATHs' directories, made absolute
  std::string Cwd;

  explicit PathMapper(const Options &O) : Cwd(workingDirectory().str()) {
    for (const std::string &P : O.Positional) {
      llvm::SmallString<256> Abs(absolutePath(P));
      if (!llvm::sys::fs::is_directory(Abs))
        llvm::sys::path::remove_filename(Abs);
      Roots.push_back(Abs.str().str());
    }
  }
  static bool under(llvm::StringRef Path, llvm::StringRef Dir,
                    llvm::StringRef &Rest) {
    Rest = Path;
    return Rest.consume_front(Dir) && Rest.consume_front("/");
  }

  /// The manifest's paths: a project file relative to the PATH it was
  /// found under; a library file relative to its search-path entry (as
  /// the project model already names it).
  std::string forManifest(llvm::StringRef Path, bool Project) const {
    if (!Project)
      return Path.str();
    std::string Abs = absolutePath(Path);
    llvm::StringRef Rest;
    for (const std::string &R : Roots)
      if (under(Abs, R, Rest))
        return Rest.str();
    return Path.str();
  }

  /// SARIF and annotations: relative to the working directory (the
  /// repository root, in CI) when under it.
  std::string forReport(llvm::StringRef Path) const {
    std::string Abs = absolutePath(Path);
    llvm::StringRef Rest;
    if (under(Abs, Cwd, Rest))
      return Rest.str();
    return Abs;
  }
};

/// The findings of a check, filtered by the rule selection and the
/// suppression comments: those the manifest follows (library modules too)
/// and, sorted, those shown (the project's own files; they point into
/// ForManifest and the project's engine diagnostics).
struct CheckResult {
  DiagnosticList ForManifest;
  std::vector<const Diagnostic *> Visible;
  unsigned ProjectModules = 0;
  unsigned Suppressed = 0;
};

static CheckResult runChecks(const Options &O, CheckSetup &Setup,
                             const Project &Proj) {
  // Left to the operating system at exit, like the project's facts.
  auto *Owned = new Analysis(Proj, *Setup.Know);
  llvm::BuryPointer(Owned);
  Analysis &A = *Owned;
  {
    PassTimer RulesTimer(O.TimePasses, "effects and rules");
    A.run(O.TimePasses);
  }
  // Findings are shown for the project's own files; library modules were
  // analysed for what the project's imports reach, and their findings go
  // into the manifest only.
  CheckResult R;
  llvm::StringMap<bool> IsProjectPath; // DisplayPath -> project file
  Suppressions Supp;
  for (const Module &M : Proj.Modules) {
    if (!M.DisplayPath.empty())
      IsProjectPath.try_emplace(M.DisplayPath, M.isProject());
    if (!M.isProject())
      continue;
    ++R.ProjectModules;
    if (M.Parsed)
      Supp.setFile(M.DisplayPath,
                   M.Facts.Suppress ? *M.Facts.Suppress : FileSuppressions());
  }
  auto IsProject = [&](llvm::StringRef Path) {
    auto It = IsProjectPath.find(Path);
    return It != IsProjectPath.end() && It->second;
  };
  auto Kept = [&](const Diagnostic &D) {
    if (!Setup.Selection.enabledFor(D.Rule, relativeToConfig(Setup, D.Path)))
      return false;
    return !IsProject(D.Path) || !Supp.isSuppressed(D.Path, D.Line, D.Rule);
  };
  for (const Diagnostic &D : Proj.Diags)
    if (Kept(D))
      R.Visible.push_back(&D);
  for (Diagnostic &D : A.Findings)
    if (Kept(D))
      R.ForManifest.push_back(std::move(D));
  for (const Diagnostic &D : R.ForManifest)
    if (IsProject(D.Path))
      R.Visible.push_back(&D);
  llvm::sort(R.Visible,
             [](const Diagnostic *X, const Diagnostic *Y) { return *X < *Y; });
  R.Suppressed = Supp.suppressedCount();
  return R;
}

static Manifest makeManifest(const PathMapper &Paths, const Project &Proj,
                             const DiagnosticList &Findings) {
  llvm::StringSet<> LibraryPaths;
  for (const Module &M : Proj.Modules)
    if (!M.isProject() && !M.DisplayPath.empty())
      LibraryPaths.insert(M.DisplayPath);
  return buildManifest(
      Proj, Findings,
      [&](llvm::StringRef P) {
        return Paths.forManifest(P, !LibraryPaths.count(P));
      },
      "lazycheck " LAZYCHECK_VERSION);
}

static int reportFindings(const Options &O, CheckSetup &Setup,
                          const Project &Proj) {
  PassTimer Timer(O.TimePasses, "report");
  std::string Format = O.Format.empty() ? "text" : O.Format;
  CheckResult Result = runChecks(O, Setup, Proj);
  PathMapper Paths(O);
  std::vector<Shown> Findings;
  llvm::StringMap<std::string> ReportPaths; // findings share their files
  for (const Diagnostic *D : Result.Visible) {
    auto [It, New] = ReportPaths.try_emplace(D->Path);
    if (New)
      It->second = Paths.forReport(D->Path);
    Findings.push_back({D, It->second});
  }

  std::optional<ImportTimes> Times;
  if (!O.ImportTimePath.empty()) {
    auto T = readImportTimes(O.ImportTimePath);
    if (!T) {
      llvm::errs() << "lazycheck: error: " << llvm::toString(T.takeError())
                   << '\n';
      return 2;
    }
    Times = std::move(*T);
  }
  ReportSummary Summary;
  Summary.Times = Times ? &*Times : nullptr;
  Summary.ProjectModules = Result.ProjectModules;
  Summary.FilesAnalysed = Proj.FilesParsed;
  Summary.Suppressed = Result.Suppressed;
  if (!O.WriteBaselinePath.empty()) {
    std::string Text;
    llvm::raw_string_ostream OS(Text);
    writeBaseline(Findings, OS);
    if (auto E = writeFileAtomically(O.WriteBaselinePath, Text)) {
      llvm::errs() << "lazycheck: error: " << llvm::toString(std::move(E))
                   << '\n';
      return 2;
    }
  }
  if (!O.BaselinePath.empty()) {
    auto Base = readBaseline(O.BaselinePath);
    if (!Base) {
      llvm::errs() << "lazycheck: error: " << llvm::toString(Base.takeError())
                   << '\n';
      return 2;
    }
    // Each baseline entry absorbs one finding with its fingerprint.
    std::map<std::string, std::vector<const BaselineEntry *>> Known;
    for (const BaselineEntry &B : *Base)
      Known[B.Fingerprint].push_back(&B);
    std::vector<Shown> New;
    for (const Shown &F : Findings) {
      auto It = Known.find(fingerprint(*F.D));
      if (It != Known.end() && !It->second.empty()) {
        It->second.pop_back();
        ++Summary.Baselined;
        continue;
      }
      New.push_back(F);
    }
    Findings = std::move(New);
    for (auto &[FP, Left] : Known)
      for (const BaselineEntry *B : Left)
        Summary.Fixed.push_back(B->Rule + " " + B->Path + ": " + B->Message);
    llvm::sort(Summary.Fixed);
  }

  std::optional<Manifest> Built;
  if (!O.ManifestPath.empty()) {
    PassTimer ManifestTimer(O.TimePasses, "manifest");
    Built = makeManifest(Paths, Proj, Result.ForManifest);
    if (Times) {
      Summary.HaveManifestCost = true;
      Summary.ManifestEager = static_cast<unsigned>(Built->Eager.size());
      for (ManifestEntry &E : Built->Eager)
        if (const ImportTimes::Cost *C = Times->find(E.Module)) {
          E.SelfUs = static_cast<int64_t>(C->Self);
          E.CumulativeUs = static_cast<int64_t>(C->Cumulative);
          Summary.ManifestEagerSelf += C->Self;
          ++Summary.ManifestEagerMeasured;
        }
    }
  }

  unsigned Failing = 0;
  for (const Shown &F : Findings)
    if (!Setup.FailNever && F.D->severity() <= Setup.FailOn)
      ++Failing;
  int RC = writeOutput(O, [&](llvm::raw_ostream &OS) {
    if (Format == "json")
      emitJsonReport(Findings, Summary, LAZYCHECK_VERSION, OS);
    else if (Format == "sarif")
      emitSarifReport(
          Findings, Paths.Cwd,
          [&](llvm::StringRef P) { return Paths.forReport(P); },
          LAZYCHECK_VERSION, OS);
    else if (Format == "github")
      emitGithubReport(Findings, OS);
    else
      emitTextReport(Findings, Summary, O.Statistics, OS);
  });
  if (RC)
    return RC;

  bool Stale = false;
  if (Built) {
    const Manifest &M = *Built;
    std::string Text = manifestJson(M);
    if (O.CheckManifest) {
      auto Old = readManifest(O.ManifestPath);
      std::string Diff;
      if (!Old) {
        Diff = llvm::toString(Old.takeError()) + "\n";
      } else {
        Diff = manifestDiff(*Old, M);
        auto Buf = llvm::MemoryBuffer::getFile(O.ManifestPath, true);
        if (Diff.empty() && Buf && (*Buf)->getBuffer() != Text)
          Diff = "~ formatting differs from what lazycheck writes\n";
      }
      if (!Diff.empty()) {
        Stale = true;
        llvm::errs() << "lazycheck: the manifest " << O.ManifestPath
                     << " is stale; run without --check to update it:\n"
                     << Diff;
      }
    } else if (auto E = writeFileAtomically(O.ManifestPath, Text)) {
      llvm::errs() << "lazycheck: error: " << llvm::toString(std::move(E))
                   << '\n';
      return 2;
    }
  }
  if (Stale)
    return 1;
  return Failing && !O.ExitZero ? 1 : 0;
}

static void explainEntry(const ManifestEntry &E, llvm::raw_ostream &OS) {
  for (const ManifestReason &R : E.Reasons) {
    OS << "  " << R.Path << ':' << R.Line << ':' << R.Col << ": " << R.Message
       << " [" << R.Rule << "]\n";
    for (const Note &N : R.Evidence)
      OS << "    " << N.Path << ':' << N.Line << ':' << N.Col << ": "
         << N.Message << '\n';
  }
  if (E.MoreReasons)
    OS << "  (and " << E.MoreReasons << " more "
       << (E.MoreReasons == 1 ? "reason" : "reasons") << ")\n";
}

/// `why MODULE`: the manifest's entries for it, with their evidence.
static void explainModule(llvm::StringRef Module, const Manifest &M,
                          llvm::raw_ostream &OS) {
  const ManifestEntry *Target = M.findEager(Module);
  const ManifestEntry *Importer = M.findEagerImporter(Module);
  if (Target) {
    OS << Module
       << " is eager: its body must run as soon as it is imported, because\n";
    explainEntry(*Target, OS);
  }
  if (Importer) {
    OS << Module
       << " is an eager importer: its own imports must all run at once, "
          "because\n";
    explainEntry(*Importer, OS);
  }
  if (Target || Importer)
    return;
  if (M.isLazySafe(Module)) {
    OS << Module << " is safe to import lazily: lazycheck analysed it and no "
       << "finding requires it eager (its import-time code changes no state "
          "outside itself that another module could depend on, and it is "
          "not needed to keep a cycle's order)\n";
    return;
  }
  OS << Module << " was not analysed (not among the " << M.Modules
     << " modules of this run); nothing is known about it\n";
}

static int runWhy(Options &O) {
  if (O.Positional.empty()) {
    llvm::errs() << "lazycheck: error: why needs a MODULE (and --manifest FILE "
                    "or PATH...)\n";
    return 2;
  }
  std::string Module = O.Positional.front();
  O.Positional.erase(O.Positional.begin());
  if (O.Positional.empty()) {
    if (O.ManifestPath.empty()) {
      llvm::errs() << "lazycheck: error: why needs --manifest FILE or the "
                      "PATH... to analyse\n";
      return 2;
    }
    auto M = readManifest(O.ManifestPath);
    if (!M) {
      llvm::errs() << "lazycheck: error: " << llvm::toString(M.takeError())
                   << '\n';
      return 2;
    }
    return writeOutput(
        O, [&](llvm::raw_ostream &OS) { explainModule(Module, *M, OS); });
  }
  CheckSetup Setup;
  if (auto E = prepareCheck(O, Setup)) {
    llvm::errs() << "lazycheck: error: " << llvm::toString(std::move(E))
                 << '\n';
    return 2;
  }
  auto P = Project::analyse(projectOptions(O));
  if (!P) {
    llvm::errs() << "lazycheck: error: " << llvm::toString(P.takeError())
                 << '\n';
    return 2;
  }
  CheckResult Result = runChecks(O, Setup, **P);
  Manifest M = makeManifest(PathMapper(O), **P, Result.ForManifest);
  return writeOutput(
      O, [&](llvm::raw_ostream &OS) { explainModule(Module, M, OS); });
}

static int runEmit(const Options &O) {
  if (O.Positional.size() != 2) {
    llvm::errs() << "lazycheck: error: emit takes TARGET MANIFEST (targets: "
                 << llvm::join(runtimeTargets(), ", ") << ")\n";
    return 2;
  }
  llvm::StringRef Target = O.Positional[0];
  if (!llvm::is_contained(runtimeTargets(), Target)) {
    llvm::errs() << "lazycheck: error: unknown emit target '" << Target
                 << "' (targets: " << llvm::join(runtimeTargets(), ", ")
                 << ")\n";
    return 2;
  }
  auto M = readManifest(O.Positional[1]);
  if (!M) {
    llvm::errs() << "lazycheck: error: " << llvm::toString(M.takeError())
                 << '\n';
    return 2;
  }
  return writeOutput(O, [&](llvm::raw_ostream &OS) {
    emitRuntime(Target, *M, O.Positional[1], LAZYCHECK_VERSION, OS);
  });
}

static int runAnalysis(Options &O) {
  bool Graph = O.Command == "graph";
  std::string Format = O.Format.empty() ? (Graph ? "json" : "text") : O.Format;
  static const char *const CheckFormats[] = {"text", "json", "sarif", "github"};
  if (Graph ? (Format != "json" && Format != "dot")
            : !llvm::is_contained(CheckFormats, Format)) {
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
  if (O.Command == "why")
    return runWhy(O);
  if (O.Command == "emit")
    return runEmit(O);
  return runAnalysis(O);
}

} // namespace lazycheck
