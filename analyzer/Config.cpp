//===- Config.cpp - [tool.lazycheck] in pyproject.toml --------------------===//
#include "Config.h"
#include "RuleSelection.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include <toml++/toml.h>

namespace lazycheck {
namespace {

constexpr llvm::StringLiteral Table = "[tool.lazycheck]";
constexpr llvm::StringLiteral KnowledgeTableName = "tool.lazycheck.knowledge";
const char *const Keys[] = {"roots",  "exclude",          "select",
                            "ignore", "per-file-ignores", "fail-on",
                            "python", "knowledge"};

llvm::StringRef str(std::string_view S) { return {S.data(), S.size()}; }

llvm::Error errorAt(llvm::StringRef Source, const toml::source_region &R,
                    const llvm::Twine &Msg) {
  std::string S;
  llvm::raw_string_ostream OS(S);
  OS << Source;
  if (R.begin.line != 0)
    OS << ':' << R.begin.line << ':' << R.begin.column;
  OS << ": " << Msg;
  return llvm::make_error<llvm::StringError>(S, llvm::inconvertibleErrorCode());
}

/// toml++ parse of Text; on a syntax error, "Source:line:col: message".
llvm::Expected<toml::table> parseToml(llvm::StringRef Text,
                                      llvm::StringRef Source) {
  try {
    return toml::parse(std::string_view(Text.data(), Text.size()),
                       std::string_view(Source.data(), Source.size()));
  } catch (const toml::parse_error &E) {
    // toml++ says "Error while parsing ..."; messages start lower-case.
    std::string D(E.description());
    if (!D.empty())
      D[0] = llvm::toLower(D[0]);
    return errorAt(Source, E.source(), D);
  }
}

/// Whether the pyproject.toml at Path configures lazycheck.
bool configuresLazycheck(llvm::StringRef Path) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> Buf =
      llvm::MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buf)
    return false;
  llvm::StringRef Text = (*Buf)->getBuffer();
  llvm::Expected<toml::table> Doc = parseToml(Text, Path);
  if (!Doc) {
    llvm::consumeError(Doc.takeError());
    return Text.contains("lazycheck");
  }
  return (*Doc)["tool"]["lazycheck"].node() != nullptr;
}

std::string suggestion(llvm::StringRef Key) {
  const char *Best = nullptr;
  unsigned BestDistance = 3;
  for (const char *K : Keys) {
    unsigned D = Key.edit_distance(K);
    if (D < BestDistance) {
      Best = K;
      BestDistance = D;
    }
  }
  return Best ? std::string("; did you mean '") + Best + "'?" : std::string();
}

class Reader {
public:
  explicit Reader(llvm::StringRef P) : Path(P) {}

  llvm::Error strings(const toml::node &N, const llvm::Twine &What,
                      std::vector<std::string> &Out) {
    const toml::array *A = N.as_array();
    if (!A)
      return errorAt(Path, N.source(), What + " must be an array of strings");
    for (const toml::node &E : *A) {
      const toml::value<std::string> *S = E.as_string();
      if (!S)
        return errorAt(Path, E.source(), What + " must be an array of strings");
      Out.push_back(S->get());
    }
    return llvm::Error::success();
  }

  llvm::Error selectors(const toml::node &N, const llvm::Twine &What,
                        std::vector<std::string> &Out) {
    size_t First = Out.size();
    if (llvm::Error E = strings(N, What, Out))
      return E;
    const toml::array &A = *N.as_array();
    for (size_t I = First; I < Out.size(); ++I)
      if (!isValidRuleSelector(Out[I]))
        return errorAt(Path, A[I - First].source(),
                       "unknown rule selector '" + Out[I] + "' in " + What +
                           " (expected ALL, a rule code such as LC101, a "
                           "code prefix such as LC1, or a rule name)");
    return llvm::Error::success();
  }

  llvm::Error string(const toml::node &N, const llvm::Twine &What,
                     std::optional<std::string> &Out) {
    const toml::value<std::string> *S = N.as_string();
    if (!S)
      return errorAt(Path, N.source(), What + " must be a string");
    Out = S->get();
    return llvm::Error::success();
  }

  llvm::StringRef Path;
};

/// Reads one key of [tool.lazycheck] into C.
llvm::Error readKey(llvm::StringRef Path, const toml::key &Key,
                    const toml::node &Value,
                    const std::shared_ptr<toml::table> &Doc, Config &C) {
  Reader R(Path);
  llvm::StringRef K = str(Key.str());
  std::string What = ("'" + K + "' in " + Table).str();
  if (K == "roots")
    return R.strings(Value, What, C.Roots);
  if (K == "exclude")
    return R.strings(Value, What, C.Exclude);
  if (K == "select")
    return R.selectors(Value, What, C.Select);
  if (K == "ignore")
    return R.selectors(Value, What, C.Ignore);
  if (K == "python")
    return R.string(Value, What, C.Python);
  if (K == "fail-on") {
    if (llvm::Error E = R.string(Value, What, C.FailOn))
      return E;
    if (!llvm::is_contained(llvm::ArrayRef<llvm::StringRef>{"error", "warning",
                                                            "info", "never"},
                            *C.FailOn))
      return errorAt(Path, Value.source(),
                     What + " must be one of error, warning, info, never " +
                         "(got '" + *C.FailOn + "')");
    return llvm::Error::success();
  }
  if (K == "per-file-ignores") {
    const toml::table *PF = Value.as_table();
    if (!PF)
      return errorAt(Path, Value.source(),
                     What + " must be a table of glob = [rule selectors]");
    for (auto &&[Glob, Codes] : *PF) {
      std::string GlobText(Glob.str());
      std::vector<std::string> Selectors;
      if (llvm::Error E = R.selectors(
              Codes, "'" + GlobText + "' in [tool.lazycheck.per-file-ignores]",
              Selectors))
        return E;
      C.PerFileIgnores.emplace_back(GlobText, std::move(Selectors));
    }
    return llvm::Error::success();
  }
  if (K == "knowledge") {
    const toml::table *KT = Value.as_table();
    if (!KT)
      return errorAt(Path, Value.source(), What + " must be a table");
    Knowledge Scratch;
    if (llvm::Error E = Scratch.mergeTable(*KT, Path, KnowledgeTableName))
      return E;
    // Share the document, so that positions stay valid for messages.
    C.KnowledgeTable = std::shared_ptr<const toml::table>(Doc, KT);
    return llvm::Error::success();
  }
  return errorAt(Path, Key.source(),
                 "unknown key '" + K + "' in " + Table + suggestion(K));
}

} // namespace

std::optional<std::string> findConfig(llvm::StringRef Path) {
  llvm::SmallString<256> Dir(Path);
  if (llvm::sys::fs::make_absolute(Dir))
    return std::nullopt;
  llvm::sys::path::remove_dots(Dir, /*remove_dot_dot=*/true);
  if (!llvm::sys::fs::is_directory(Dir))
    llvm::sys::path::remove_filename(Dir);
  while (!Dir.empty()) {
    llvm::SmallString<256> Candidate(Dir);
    llvm::sys::path::append(Candidate, "pyproject.toml");
    if (llvm::sys::fs::is_regular_file(Candidate) &&
        configuresLazycheck(Candidate))
      return std::string(Candidate.str());
    std::string Parent = llvm::sys::path::parent_path(Dir).str();
    if (Parent == Dir)
      break;
    Dir = Parent;
  }
  return std::nullopt;
}

llvm::Expected<Config> loadConfig(llvm::StringRef PyprojectPath) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> Buf =
      llvm::MemoryBuffer::getFile(PyprojectPath, /*IsText=*/true);
  if (!Buf)
    return llvm::createStringError(Buf.getError(), "cannot read '%s': %s",
                                   PyprojectPath.str().c_str(),
                                   Buf.getError().message().c_str());
  llvm::Expected<toml::table> Parsed =
      parseToml((*Buf)->getBuffer(), PyprojectPath);
  if (!Parsed)
    return Parsed.takeError();
  auto Doc = std::make_shared<toml::table>(std::move(*Parsed));

  Config C;
  C.Path = PyprojectPath.str();
  llvm::SmallString<256> Dir(PyprojectPath);
  llvm::sys::fs::make_absolute(Dir);
  llvm::sys::path::remove_dots(Dir, /*remove_dot_dot=*/true);
  llvm::sys::path::remove_filename(Dir);
  C.Dir = std::string(Dir.str());

  const toml::table *Tool = (*Doc)["tool"].as_table();
  const toml::node *Node = Tool ? Tool->get("lazycheck") : nullptr;
  if (!Node)
    return C;
  const toml::table *T = Node->as_table();
  if (!T)
    return errorAt(PyprojectPath, Node->source(),
                   "tool.lazycheck must be a table");

  for (auto &&[Key, Value] : *T)
    if (llvm::Error E = readKey(PyprojectPath, Key, Value, Doc, C))
      return E;

  // Globs are checked by building the selection once.
  llvm::Expected<RuleSelection> Selection =
      RuleSelection::create(C.Select, C.Ignore, C.PerFileIgnores);
  if (!Selection)
    return llvm::make_error<llvm::StringError>(
        PyprojectPath + ": " + llvm::toString(Selection.takeError()),
        llvm::inconvertibleErrorCode());
  return C;
}

llvm::Error Config::mergeKnowledgeInto(Knowledge &K) const {
  if (!KnowledgeTable)
    return llvm::Error::success();
  return K.mergeTable(*KnowledgeTable, Path, KnowledgeTableName);
}

std::string Config::resolve(llvm::StringRef P) const {
  if (Dir.empty() || llvm::sys::path::is_absolute(P))
    return P.str();
  llvm::SmallString<256> Out(Dir);
  llvm::sys::path::append(Out, P);
  llvm::sys::path::remove_dots(Out, /*remove_dot_dot=*/true);
  return std::string(Out.str());
}

} // namespace lazycheck
