//===- Knowledge.cpp - What lazycheck knows about outside APIs ------------===//
#include "Knowledge.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/raw_ostream.h"
#include <toml++/toml.h>
#include <utility>
#include <vector>

static_assert(TOML_LIB_MAJOR == 3,
              "Knowledge.h forward-declares toml::v3::table; update it");

namespace lazycheck {
namespace {

// Generated from rules/knowledge.toml: BuiltinKnowledgeToml.
#include "KnowledgeData.inc"

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

bool isNameChar(char C) {
  return llvm::isAlnum(C) || C == '_' || static_cast<unsigned char>(C) >= 0x80;
}

/// "a.b.c" (components of identifier characters), or with AllowStar also
/// "a.b.*"; with AllowDots false a single component.
bool isValidName(llvm::StringRef N, bool AllowStar, bool AllowDots) {
  if (AllowStar && N.endswith(".*"))
    N = N.drop_back(2);
  if (N.empty())
    return false;
  llvm::SmallVector<llvm::StringRef, 4> Parts;
  N.split(Parts, '.');
  if (!AllowDots && Parts.size() > 1)
    return false;
  for (llvm::StringRef P : Parts)
    if (P.empty() || !llvm::all_of(P, isNameChar))
      return false;
  return true;
}

/// Everything one merge adds, validated before any of it is applied.
struct Pending {
  std::vector<std::pair<std::string, ApiEffect>> Calls, Stores;
  std::vector<std::string> Pure, Mutating, Registration, Metadata, DeferredBody,
      Wrappers, PureStores;
};

class TableReader {
public:
  TableReader(llvm::StringRef Src, llvm::StringRef Name)
      : Source(Src), TableName(Name) {}

  llvm::Error read(const toml::table &T, Pending &P) {
    for (auto &&[Key, Value] : T) {
      llvm::StringRef K(Key.str().data(), Key.str().size());
      if (K == "calls" || K == "stores" || K == "pure" || K == "methods" ||
          K == "attributes") {
        const toml::table *Sub = Value.as_table();
        if (!Sub)
          return errorAt(Source, Value.source(), label(K) + " must be a table");
        llvm::Error E = K == "calls"        ? readEffects(*Sub, K, P.Calls)
                        : K == "stores"     ? readEffects(*Sub, K, P.Stores)
                        : K == "pure"       ? readPure(*Sub, P)
                        : K == "attributes" ? readAttributes(*Sub, P)
                                            : readMethods(*Sub, P);
        if (E)
          return E;
        continue;
      }
      return errorAt(Source, Key.source(),
                     "unknown key '" + K + "'" +
                         (TableName.empty() ? llvm::Twine("")
                                            : " in [" + TableName + "]") +
                         " (expected calls, stores, pure or methods)");
    }
    return llvm::Error::success();
  }

private:
  std::string label(llvm::StringRef Sub) const {
    if (TableName.empty())
      return ("[" + Sub + "]").str();
    return ("[" + TableName + "." + Sub + "]").str();
  }

  llvm::Error readEffects(const toml::table &T, llvm::StringRef Section,
                          std::vector<std::pair<std::string, ApiEffect>> &Out) {
    bool IsCalls = Section == "calls";
    std::string Where = label(Section);
    for (auto &&[Key, Value] : T) {
      llvm::StringRef K(Key.str().data(), Key.str().size());
      if (!isValidName(K, /*AllowStar=*/IsCalls, /*AllowDots=*/true))
        return errorAt(Source, Key.source(),
                       "invalid name \"" + K + "\" in " + Where +
                           ": expected a dotted name" +
                           (IsCalls ? " such as \"logging.basicConfig\" or "
                                      "\"subprocess.*\""
                                    : " such as \"os.environ\""));
      const toml::table *Entry = Value.as_table();
      if (!Entry)
        return errorAt(Source, Value.source(),
                       "entry \"" + K + "\" in " + Where +
                           " must be a table like { rule = \"LC104\", what = "
                           "\"...\" }");
      ApiEffect Effect;
      bool HaveRule = false, HaveWhat = false;
      for (auto &&[FieldKey, Field] : *Entry) {
        llvm::StringRef F(FieldKey.str().data(), FieldKey.str().size());
        std::string In = "in entry \"" + K.str() + "\" of " + Where;
        if (F == "rule") {
          const toml::value<std::string> *S = Field.as_string();
          if (!S)
            return errorAt(Source, Field.source(),
                           "'rule' " + In + " must be a string");
          const RuleInfo *R = findRule(S->get());
          if (!R)
            return errorAt(Source, Field.source(),
                           "unknown rule '" + S->get() + "' " + In);
          if (R->Code.startswith("LC0"))
            return errorAt(Source, Field.source(),
                           "rule '" + S->get() + "' " + In +
                               " is an engine diagnostic, not an effect");
          Effect.Rule = R->Id;
          HaveRule = true;
        } else if (F == "what") {
          const toml::value<std::string> *S = Field.as_string();
          if (!S || S->get().empty())
            return errorAt(Source, Field.source(),
                           "'what' " + In + " must be a non-empty string");
          Effect.What = S->get();
          HaveWhat = true;
        } else if (F == "scoped" && IsCalls) {
          const toml::value<bool> *B = Field.as_boolean();
          if (!B)
            return errorAt(Source, Field.source(),
                           "'scoped' " + In + " must be true or false");
          Effect.Scoped = B->get();
        } else if (F == "write-mode" && IsCalls) {
          const toml::value<int64_t> *I = Field.as_integer();
          if (!I || I->get() < 0 || I->get() > 255)
            return errorAt(Source, Field.source(),
                           "'write-mode' " + In +
                               " must be a non-negative integer (the "
                               "position of the mode argument)");
          Effect.WriteModeArg = static_cast<int>(I->get());
        } else {
          return errorAt(Source, FieldKey.source(),
                         "unknown key '" + F + "' " + In + " (expected " +
                             (IsCalls ? "rule, what, write-mode or scoped"
                                      : "rule or what") +
                             ")");
        }
      }
      if (!HaveRule || !HaveWhat)
        return errorAt(Source, Value.source(),
                       "entry \"" + K + "\" in " + Where + " has no '" +
                           (HaveRule ? "what" : "rule") + "'");
      Out.emplace_back(K.str(), std::move(Effect));
    }
    return llvm::Error::success();
  }

  llvm::Error readNames(const toml::node &N, llvm::StringRef Key,
                        llvm::StringRef Where, bool Dotted,
                        std::vector<std::string> &Out) {
    const toml::array *A = N.as_array();
    if (!A)
      return errorAt(Source, N.source(),
                     "'" + Key + "' in " + Where +
                         " must be an array of strings");
    for (const toml::node &E : *A) {
      const toml::value<std::string> *S = E.as_string();
      if (!S)
        return errorAt(Source, E.source(),
                       "'" + Key + "' in " + Where +
                           " must be an array of strings");
      if (!isValidName(S->get(), /*AllowStar=*/Dotted, /*AllowDots=*/Dotted))
        return errorAt(
            Source, E.source(),
            "invalid " + llvm::Twine(Dotted ? "name" : "method name") + " \"" +
                S->get() + "\" in '" + Key + "' of " + Where);
      Out.push_back(S->get());
    }
    return llvm::Error::success();
  }

  llvm::Error readPure(const toml::table &T, Pending &P) {
    std::string Where = label("pure");
    for (auto &&[Key, Value] : T) {
      llvm::StringRef K(Key.str().data(), Key.str().size());
      if (K != "calls" && K != "stores" && K != "deferred-body" &&
          K != "wrappers")
        return errorAt(Source, Key.source(),
                       "unknown key '" + K + "' in " + Where +
                           " (expected calls, stores, deferred-body or "
                           "wrappers)");
      std::vector<std::string> &Into = K == "calls"           ? P.Pure
                                       : K == "stores"        ? P.PureStores
                                       : K == "deferred-body" ? P.DeferredBody
                                                              : P.Wrappers;
      if (llvm::Error E = readNames(Value, K, Where, /*Dotted=*/true, Into))
        return E;
    }
    return llvm::Error::success();
  }

  llvm::Error readMethods(const toml::table &T, Pending &P) {
    std::string Where = label("methods");
    for (auto &&[Key, Value] : T) {
      llvm::StringRef K(Key.str().data(), Key.str().size());
      std::vector<std::string> *Out = K == "mutating"       ? &P.Mutating
                                      : K == "registration" ? &P.Registration
                                                            : nullptr;
      if (!Out)
        return errorAt(Source, Key.source(),
                       "unknown key '" + K + "' in " + Where +
                           " (expected mutating or registration)");
      if (llvm::Error E = readNames(Value, K, Where, /*Dotted=*/false, *Out))
        return E;
    }
    return llvm::Error::success();
  }

  llvm::Error readAttributes(const toml::table &T, Pending &P) {
    std::string Where = label("attributes");
    for (auto &&[Key, Value] : T) {
      llvm::StringRef K(Key.str().data(), Key.str().size());
      if (K != "metadata")
        return errorAt(Source, Key.source(),
                       "unknown key '" + K + "' in " + Where +
                           " (expected metadata)");
      if (llvm::Error E =
              readNames(Value, K, Where, /*Dotted=*/false, P.Metadata))
        return E;
    }
    return llvm::Error::success();
  }

  llvm::StringRef Source, TableName;
};

} // namespace

llvm::StringRef Knowledge::builtinText() {
  return llvm::StringRef(BuiltinKnowledgeToml,
                         sizeof(BuiltinKnowledgeToml) - 1);
}

llvm::Expected<Knowledge> Knowledge::builtin() {
  Knowledge K;
  if (llvm::Error E = K.merge(builtinText(), "rules/knowledge.toml"))
    return E;
  return K;
}

llvm::Error Knowledge::merge(llvm::StringRef TomlText,
                             llvm::StringRef SourceName) {
  toml::table Doc;
  try {
    Doc = toml::parse(std::string_view(TomlText.data(), TomlText.size()),
                      std::string_view(SourceName.data(), SourceName.size()));
  } catch (const toml::parse_error &E) {
    // toml++ says "Error while parsing ..."; messages start lower-case.
    std::string D(E.description());
    if (!D.empty())
      D[0] = llvm::toLower(D[0]);
    return errorAt(SourceName, E.source(), D);
  }
  return mergeTable(Doc, SourceName);
}

llvm::Error Knowledge::mergeTable(const toml::table &T,
                                  llvm::StringRef SourceName,
                                  llvm::StringRef TableName) {
  Pending P;
  if (llvm::Error E = TableReader(SourceName, TableName).read(T, P))
    return E;
  for (auto &[Key, Effect] : P.Calls)
    Calls.insert_or_assign(Key, std::move(Effect));
  for (auto &[Key, Effect] : P.Stores)
    Stores.insert_or_assign(Key, std::move(Effect));
  for (const std::string &S : P.Pure)
    Pure.insert(S);
  for (const std::string &S : P.Mutating)
    Mutating.insert(S);
  for (const std::string &S : P.Registration)
    Registration.insert(S);
  for (const std::string &S : P.Metadata)
    Metadata.insert(S);
  for (const std::string &S : P.DeferredBody)
    DeferredBody.insert(S);
  for (const std::string &S : P.Wrappers)
    Wrappers.insert(S);
  for (const std::string &S : P.PureStores)
    PureStores.insert(S);
  return llvm::Error::success();
}

namespace {

/// Looks Qualified up exactly, then "P.*" for each proper dotted prefix P,
/// longest first; Found(Key) returns whether Key is present.
template <typename FoundFn>
bool matchCallKey(llvm::StringRef Qualified, FoundFn Found) {
  if (Found(Qualified))
    return true;
  llvm::SmallString<64> Key;
  llvm::StringRef Prefix = Qualified;
  for (size_t Dot = Prefix.rfind('.'); Dot != llvm::StringRef::npos;
       Dot = Prefix.rfind('.')) {
    Prefix = Prefix.take_front(Dot);
    Key = Prefix;
    Key += ".*";
    if (Found(Key.str()))
      return true;
  }
  return false;
}

} // namespace

const ApiEffect *Knowledge::call(llvm::StringRef Qualified) const {
  const ApiEffect *Result = nullptr;
  matchCallKey(Qualified, [&](llvm::StringRef Key) {
    auto It = Calls.find(Key);
    if (It == Calls.end())
      return false;
    Result = &It->second;
    return true;
  });
  return Result;
}

const ApiEffect *Knowledge::store(llvm::StringRef Qualified) const {
  llvm::StringRef Key = Qualified;
  while (!Key.empty()) {
    auto It = Stores.find(Key);
    if (It != Stores.end())
      return &It->second;
    size_t Dot = Key.rfind('.');
    if (Dot == llvm::StringRef::npos)
      break;
    Key = Key.take_front(Dot);
  }
  return nullptr;
}

bool Knowledge::isPure(llvm::StringRef Qualified) const {
  return matchCallKey(Qualified,
                      [&](llvm::StringRef Key) { return Pure.contains(Key); });
}

bool Knowledge::isMutatingMethod(llvm::StringRef Name) const {
  return Mutating.contains(Name);
}

bool Knowledge::defersBody(llvm::StringRef Qualified) const {
  return DeferredBody.contains(Qualified);
}

bool Knowledge::isPureStore(llvm::StringRef Qualified) const {
  return PureStores.contains(Qualified);
}

bool Knowledge::marksWrapper(llvm::StringRef Qualified) const {
  return Wrappers.contains(Qualified);
}

bool Knowledge::isMetadataAttribute(llvm::StringRef Name) const {
  return Metadata.contains(Name);
}

bool Knowledge::isRegistrationMethod(llvm::StringRef Name) const {
  return Registration.contains(Name);
}

} // namespace lazycheck
