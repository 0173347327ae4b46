//===- Manifest.cpp - The exclusion manifest ------------------------------===//
#include "Manifest.h"
#include "Project.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include <map>
#include <tuple>

namespace lazycheck {

constexpr llvm::StringLiteral Schema = "lazycheck-manifest/1";

static auto reasonKey(const ManifestReason &R) {
  return std::tie(R.Rule, R.Path, R.Line, R.Col, R.Message);
}

static const ManifestEntry *find(const std::vector<ManifestEntry> &List,
                                 llvm::StringRef Module) {
  auto It = llvm::partition_point(
      List, [&](const ManifestEntry &E) { return E.Module < Module; });
  return It != List.end() && It->Module == Module ? &*It : nullptr;
}

const ManifestEntry *Manifest::findEager(llvm::StringRef Module) const {
  return find(Eager, Module);
}

const ManifestEntry *Manifest::findEagerImporter(llvm::StringRef Module) const {
  return find(EagerImporters, Module);
}

bool Manifest::isLazySafe(llvm::StringRef Module) const {
  return std::binary_search(LazySafe.begin(), LazySafe.end(), Module);
}

namespace {
/// Collects the reasons of one list, per module.
class EntryCollector {
public:
  void add(llvm::StringRef Module, ManifestReason R) {
    std::vector<ManifestReason> &Rs = ByModule[Module.str()];
    Rs.push_back(std::move(R));
  }
  std::vector<ManifestEntry> take() {
    std::vector<ManifestEntry> Out;
    for (auto &[Module, Reasons] : ByModule) { // std::map: sorted by module
      llvm::sort(Reasons, [](const ManifestReason &A, const ManifestReason &B) {
        return reasonKey(A) < reasonKey(B);
      });
      Reasons.erase(
          std::unique(Reasons.begin(), Reasons.end(),
                      [](const ManifestReason &A, const ManifestReason &B) {
                        return reasonKey(A) == reasonKey(B);
                      }),
          Reasons.end());
      ManifestEntry E;
      E.Module = Module;
      if (Reasons.size() > Manifest::MaxReasons) {
        E.MoreReasons =
            static_cast<unsigned>(Reasons.size()) - Manifest::MaxReasons;
        Reasons.resize(Manifest::MaxReasons);
      }
      E.Reasons = std::move(Reasons);
      Out.push_back(std::move(E));
    }
    return Out;
  }
  bool contains(llvm::StringRef Module) const {
    return ByModule.count(Module.str());
  }

private:
  std::map<std::string, std::vector<ManifestReason>> ByModule;
};
} // namespace

Manifest
buildManifest(const Project &P, llvm::ArrayRef<Diagnostic> Findings,
              llvm::function_ref<std::string(llvm::StringRef)> Relative,
              llvm::StringRef GeneratedBy) {
  EntryCollector Eager, Importers;
  for (const Diagnostic &D : Findings) {
    if (D.Eager.empty() && !D.EagerImporter)
      continue;
    ManifestReason R;
    R.Rule = ruleInfo(D.Rule).Code.str();
    R.Path = Relative(D.Path);
    R.Line = D.Line;
    R.Col = D.Col;
    R.Message = D.Message;
    for (const Note &N : D.Notes)
      R.Evidence.push_back({Relative(N.Path), N.Line, N.Col, N.Message});
    for (const std::string &M : D.Eager)
      Eager.add(M, R);
    if (D.EagerImporter && !D.Module.empty())
      Importers.add(D.Module, R);
  }
  Manifest M;
  M.GeneratedBy = GeneratedBy.str();
  std::vector<std::string> Analysed;
  for (const Module &Mod : P.Modules)
    if (Mod.Parsed)
      Analysed.push_back(Mod.Name);
  llvm::sort(Analysed);
  Analysed.erase(std::unique(Analysed.begin(), Analysed.end()), Analysed.end());
  M.Modules = static_cast<unsigned>(Analysed.size());
  for (const std::string &Name : Analysed)
    if (!Eager.contains(Name) && !Importers.contains(Name))
      M.LazySafe.push_back(Name);
  M.Eager = Eager.take();
  M.EagerImporters = Importers.take();
  return M;
}

/// JSON strings must be UTF-8; file names may not be.
static std::string utf8(llvm::StringRef S) {
  return llvm::json::isUTF8(S) ? S.str() : llvm::json::fixUTF8(S);
}

static void writeEntries(llvm::json::OStream &J, llvm::StringRef Key,
                         const std::vector<ManifestEntry> &List) {
  J.attributeArray(Key, [&] {
    for (const ManifestEntry &E : List)
      J.object([&] {
        J.attribute("module", utf8(E.Module));
        J.attributeArray("reasons", [&] {
          for (const ManifestReason &R : E.Reasons)
            J.object([&] {
              J.attribute("rule", R.Rule);
              J.attribute("path", utf8(R.Path));
              J.attribute("line", R.Line);
              J.attribute("col", R.Col);
              J.attribute("message", utf8(R.Message));
              if (!R.Evidence.empty())
                J.attributeArray("evidence", [&] {
                  for (const Note &N : R.Evidence)
                    J.object([&] {
                      J.attribute("path", utf8(N.Path));
                      J.attribute("line", N.Line);
                      J.attribute("col", N.Col);
                      J.attribute("message", utf8(N.Message));
                    });
                });
            });
        });
        if (E.MoreReasons)
          J.attribute("more_reasons", E.MoreReasons);
        if (E.SelfUs >= 0)
          J.attributeObject("import_time_us", [&] {
            J.attribute("self", E.SelfUs);
            J.attribute("cumulative", E.CumulativeUs);
          });
      });
  });
}

void writeManifestJson(const Manifest &M, llvm::raw_ostream &OS) {
  llvm::json::OStream J(OS, 2);
  J.object([&] {
    J.attribute("schema", Schema);
    J.attribute("generated_by", M.GeneratedBy);
    writeEntries(J, "eager", M.Eager);
    writeEntries(J, "eager_importers", M.EagerImporters);
    J.attributeArray("lazy_safe", [&] {
      for (const std::string &S : M.LazySafe)
        J.value(utf8(S));
    });
    J.attributeObject("stats", [&] {
      J.attribute("modules", M.Modules);
      J.attribute("eager", static_cast<int64_t>(M.Eager.size()));
      J.attribute("eager_importers",
                  static_cast<int64_t>(M.EagerImporters.size()));
      J.attribute("lazy_safe", static_cast<int64_t>(M.LazySafe.size()));
    });
  });
  OS << '\n';
}

std::string manifestJson(const Manifest &M) {
  std::string S;
  llvm::raw_string_ostream OS(S);
  writeManifestJson(M, OS);
  return S;
}

namespace {
/// Reads the JSON back; the first problem is reported with its place.
class Reader {
public:
  explicit Reader(llvm::StringRef From) : Source(From) {}

  llvm::Expected<Manifest> read(const llvm::json::Value &V) {
    Manifest M;
    const llvm::json::Object *O = V.getAsObject();
    if (!O)
      return fail("the manifest is not a JSON object");
    auto S = O->getString("schema");
    if (!S || *S != Schema)
      return fail("not a lazycheck manifest (schema must be \"" + Schema +
                  "\")");
    if (auto G = O->getString("generated_by"))
      M.GeneratedBy = G->str();
    if (!entries(O->getArray("eager"), "eager", M.Eager) ||
        !entries(O->getArray("eager_importers"), "eager_importers",
                 M.EagerImporters))
      return fail(Problem);
    if (const llvm::json::Array *Safe = O->getArray("lazy_safe"))
      for (const llvm::json::Value &X : *Safe)
        if (auto N = X.getAsString())
          M.LazySafe.push_back(N->str());
    llvm::sort(M.LazySafe);
    if (const llvm::json::Object *Stats = O->getObject("stats"))
      if (auto N = Stats->getInteger("modules"))
        M.Modules = static_cast<unsigned>(*N);
    return M;
  }

private:
  bool entries(const llvm::json::Array *A, llvm::StringRef Key,
               std::vector<ManifestEntry> &Out) {
    if (!A) {
      Problem = "'" + Key.str() + "' must be an array";
      return false;
    }
    for (const llvm::json::Value &V : *A) {
      const llvm::json::Object *E = V.getAsObject();
      auto Module = E ? E->getString("module") : llvm::None;
      if (!Module || Module->empty()) {
        Problem = "every entry of '" + Key.str() + "' needs a module";
        return false;
      }
      ManifestEntry Entry;
      Entry.Module = Module->str();
      if (const llvm::json::Array *Rs = E->getArray("reasons"))
        for (const llvm::json::Value &RV : *Rs)
          if (const llvm::json::Object *R = RV.getAsObject())
            Entry.Reasons.push_back(reason(*R));
      if (auto More = E->getInteger("more_reasons"))
        Entry.MoreReasons = static_cast<unsigned>(*More);
      if (const llvm::json::Object *T = E->getObject("import_time_us")) {
        Entry.SelfUs = T->getInteger("self").value_or(-1);
        Entry.CumulativeUs = T->getInteger("cumulative").value_or(-1);
      }
      Out.push_back(std::move(Entry));
    }
    llvm::sort(Out, [](const ManifestEntry &X, const ManifestEntry &Y) {
      return X.Module < Y.Module;
    });
    return true;
  }

  static ManifestReason reason(const llvm::json::Object &R) {
    ManifestReason Out;
    auto Str = [&](const llvm::json::Object &O, llvm::StringRef K) {
      auto S = O.getString(K);
      return S ? S->str() : std::string();
    };
    auto Num = [&](const llvm::json::Object &O, llvm::StringRef K) {
      auto N = O.getInteger(K);
      return N ? static_cast<unsigned>(*N) : 0u;
    };
    Out.Rule = Str(R, "rule");
    Out.Path = Str(R, "path");
    Out.Line = Num(R, "line");
    Out.Col = Num(R, "col");
    Out.Message = Str(R, "message");
    if (const llvm::json::Array *Ev = R.getArray("evidence"))
      for (const llvm::json::Value &V : *Ev)
        if (const llvm::json::Object *N = V.getAsObject())
          Out.Evidence.push_back({Str(*N, "path"), Num(*N, "line"),
                                  Num(*N, "col"), Str(*N, "message")});
    return Out;
  }

  llvm::Error fail(const llvm::Twine &Msg) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   Source + ": " + Msg);
  }

  llvm::StringRef Source;
  std::string Problem;
};
} // namespace

llvm::Expected<Manifest> parseManifest(llvm::StringRef Text,
                                       llvm::StringRef Source) {
  llvm::Expected<llvm::json::Value> V = llvm::json::parse(Text);
  if (!V)
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        Source + ": not valid JSON: " + llvm::toString(V.takeError()));
  return Reader(Source).read(*V);
}

llvm::Expected<Manifest> readManifest(llvm::StringRef Path) {
  auto Buf = llvm::MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buf)
    return llvm::createStringError(Buf.getError(),
                                   "cannot read '" + Path +
                                       "': " + Buf.getError().message());
  return parseManifest((*Buf)->getBuffer(), Path);
}

static std::string firstReason(const ManifestEntry &E) {
  if (E.Reasons.empty())
    return "";
  const ManifestReason &R = E.Reasons.front();
  return " (" + R.Rule + " at " + R.Path + ":" + std::to_string(R.Line) + ")";
}

static void diffList(llvm::StringRef Name,
                     const std::vector<ManifestEntry> &Old,
                     const std::vector<ManifestEntry> &New,
                     llvm::raw_ostream &OS) {
  size_t I = 0, J = 0;
  while (I < Old.size() || J < New.size()) {
    if (J == New.size() || (I < Old.size() && Old[I].Module < New[J].Module)) {
      OS << "- " << Name << ' ' << Old[I].Module << firstReason(Old[I]) << '\n';
      ++I;
    } else if (I == Old.size() || New[J].Module < Old[I].Module) {
      OS << "+ " << Name << ' ' << New[J].Module << firstReason(New[J]) << '\n';
      ++J;
    } else {
      const ManifestEntry &A = Old[I++], &B = New[J++];
      bool Same =
          A.MoreReasons == B.MoreReasons &&
          A.Reasons.size() == B.Reasons.size() &&
          llvm::all_of(llvm::zip(A.Reasons, B.Reasons), [](auto P) {
            return reasonKey(std::get<0>(P)) == reasonKey(std::get<1>(P));
          });
      if (!Same)
        OS << "~ " << Name << ' ' << B.Module << ": reasons changed, now"
           << firstReason(B) << '\n';
    }
  }
}

std::string manifestDiff(const Manifest &Old, const Manifest &New) {
  std::string S;
  llvm::raw_string_ostream OS(S);
  diffList("eager", Old.Eager, New.Eager, OS);
  diffList("eager_importers", Old.EagerImporters, New.EagerImporters, OS);
  if (Old.LazySafe != New.LazySafe)
    OS << "~ lazy_safe: " << Old.LazySafe.size() << " -> "
       << New.LazySafe.size() << " modules\n";
  if (S.empty() &&
      (Old.Modules != New.Modules || Old.GeneratedBy != New.GeneratedBy))
    OS << "~ stats or generator changed (" << Old.GeneratedBy << ", "
       << Old.Modules << " modules -> " << New.GeneratedBy << ", "
       << New.Modules << " modules)\n";
  return S;
}

llvm::Error writeFileAtomically(llvm::StringRef Path, llvm::StringRef Content) {
  llvm::SmallString<256> Model(Path);
  Model += ".tmp-%%%%%%";
  int FD;
  llvm::SmallString<256> Temp;
  if (std::error_code EC = llvm::sys::fs::createUniqueFile(Model, FD, Temp))
    return llvm::createStringError(EC, "cannot write '" + Path +
                                           "': " + EC.message());
  {
    llvm::raw_fd_ostream OS(FD, /*shouldClose=*/true);
    OS << Content;
    OS.close();
    if (OS.has_error()) {
      std::error_code EC = OS.error();
      OS.clear_error();
      llvm::sys::fs::remove(Temp);
      return llvm::createStringError(EC, "cannot write '" + Temp +
                                             "': " + EC.message());
    }
  }
  if (std::error_code EC = llvm::sys::fs::rename(Temp, Path)) {
    llvm::sys::fs::remove(Temp);
    return llvm::createStringError(EC, "cannot replace '" + Path +
                                           "': " + EC.message());
  }
  return llvm::Error::success();
}

} // namespace lazycheck
