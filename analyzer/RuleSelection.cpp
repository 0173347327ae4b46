//===- RuleSelection.cpp - Which rules run, and where ---------------------===//
#include "RuleSelection.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/GlobPattern.h"

namespace lazycheck {
namespace {

constexpr int FullMatch = 1000;

/// How specifically Selector names Rule: 0 for "ALL", the prefix length for a
/// code prefix, FullMatch for the whole code or the name; -1 if it does not
/// select Rule.
int specificity(llvm::StringRef Selector, const RuleInfo &Rule) {
  if (Selector.equals_insensitive("ALL"))
    return 0;
  if (Selector == Rule.Name)
    return FullMatch;
  if (Selector.size() >= 2 && Rule.Code.startswith_insensitive(Selector))
    return Selector.size() == Rule.Code.size()
               ? FullMatch
               : static_cast<int>(Selector.size());
  return -1;
}

/// Expands {a,b} alternatives (nested allowed; "\{" is literal).
void expandBraces(llvm::StringRef P, std::vector<std::string> &Out) {
  size_t Open = llvm::StringRef::npos;
  for (size_t I = 0; I < P.size(); ++I) {
    if (P[I] == '\\') {
      ++I;
      continue;
    }
    if (P[I] == '{') {
      Open = I;
      break;
    }
  }
  if (Open == llvm::StringRef::npos) {
    Out.push_back(P.str());
    return;
  }
  std::vector<llvm::StringRef> Alternatives;
  unsigned Depth = 0;
  size_t Start = Open + 1;
  for (size_t I = Open + 1; I < P.size(); ++I) {
    char C = P[I];
    if (C == '\\') {
      ++I;
    } else if (C == '{') {
      ++Depth;
    } else if (C == '}' && Depth > 0) {
      --Depth;
    } else if (C == ',' && Depth == 0) {
      Alternatives.push_back(P.slice(Start, I));
      Start = I + 1;
    } else if (C == '}') {
      Alternatives.push_back(P.slice(Start, I));
      for (llvm::StringRef Alt : Alternatives)
        expandBraces((P.take_front(Open) + Alt + P.drop_front(I + 1)).str(),
                     Out);
      return;
    }
  }
  Out.push_back(P.str()); // unbalanced: literal
}

llvm::Error selectorError(llvm::StringRef Selector, const llvm::Twine &Where) {
  return llvm::make_error<llvm::StringError>(
      "unknown rule selector '" + Selector + "' in " + Where +
          " (expected ALL, a rule code such as LC101, a code prefix such as "
          "LC1, or a rule name)",
      llvm::inconvertibleErrorCode());
}

} // namespace

struct RuleSelection::FileIgnore {
  struct Glob {
    llvm::GlobPattern Pattern;
    bool MatchName; // no '/': also matched against the file name
  };
  // The expanded patterns; Globs refer into these strings, so they are
  // filled first and never change afterwards.
  std::vector<std::string> Texts;
  std::vector<Glob> Globs;
  std::vector<bool> Rules; // indexed by RuleId

  bool matches(llvm::StringRef RelPath) const {
    while (RelPath.consume_front("./")) {
    }
    llvm::StringRef Name = RelPath.rsplit('/').second;
    if (Name.empty())
      Name = RelPath;
    for (const Glob &G : Globs)
      if (G.Pattern.match(RelPath) || (G.MatchName && G.Pattern.match(Name)))
        return true;
    return false;
  }
};

bool isValidRuleSelector(llvm::StringRef Selector) {
  for (const RuleInfo &R : allRules())
    if (specificity(Selector, R) >= 0)
      return true;
  return false;
}

bool ruleSelectorMatches(llvm::StringRef Selector, RuleId R) {
  return specificity(Selector, ruleInfo(R)) >= 0;
}

RuleSelection::RuleSelection() : Enabled(allRules().size(), true) {}

llvm::Expected<RuleSelection>
RuleSelection::create(llvm::ArrayRef<std::string> Select,
                      llvm::ArrayRef<std::string> Ignore,
                      llvm::ArrayRef<PerFileIgnore> PerFileIgnores) {
  for (const std::string &S : Select)
    if (!isValidRuleSelector(S))
      return selectorError(S, "select");
  for (const std::string &S : Ignore)
    if (!isValidRuleSelector(S))
      return selectorError(S, "ignore");

  RuleSelection Result;
  const std::string All = "ALL";
  llvm::ArrayRef<std::string> Selected =
      Select.empty() ? llvm::ArrayRef<std::string>(All) : Select;
  for (const RuleInfo &R : allRules()) {
    int BestSelect = -1, BestIgnore = -1;
    for (const std::string &S : Selected)
      BestSelect = std::max(BestSelect, specificity(S, R));
    for (const std::string &S : Ignore)
      BestIgnore = std::max(BestIgnore, specificity(S, R));
    Result.Enabled[static_cast<unsigned>(R.Id)] =
        BestSelect >= 0 && BestSelect > BestIgnore;
  }

  for (const auto &[GlobText, Selectors] : PerFileIgnores) {
    auto FI = std::make_shared<FileIgnore>();
    FI->Rules.assign(allRules().size(), false);
    for (const std::string &S : Selectors) {
      if (!isValidRuleSelector(S))
        return selectorError(S, "per-file-ignores for '" + GlobText + "'");
      for (const RuleInfo &R : allRules())
        if (specificity(S, R) >= 0)
          FI->Rules[static_cast<unsigned>(R.Id)] = true;
    }
    llvm::StringRef G = GlobText;
    while (G.consume_front("./")) {
    }
    if (G.empty())
      return llvm::make_error<llvm::StringError>(
          "empty glob in per-file-ignores", llvm::inconvertibleErrorCode());
    std::vector<std::string> Expanded;
    expandBraces(G, Expanded);
    for (const std::string &E : Expanded) {
      FI->Texts.push_back(E);
      // "**/x" also matches "x" at the top ('*' crosses '/' in GlobPattern).
      llvm::StringRef Rest = E;
      if (Rest.consume_front("**/") && !Rest.empty())
        FI->Texts.push_back(Rest.str());
    }
    for (const std::string &T : FI->Texts) {
      llvm::Expected<llvm::GlobPattern> P = llvm::GlobPattern::create(T);
      if (!P)
        return llvm::make_error<llvm::StringError>(
            "invalid glob '" + GlobText +
                "' in per-file-ignores: " + llvm::toString(P.takeError()),
            llvm::inconvertibleErrorCode());
      FI->Globs.push_back({std::move(*P), !llvm::StringRef(T).contains('/')});
    }
    Result.FileIgnores.push_back(std::move(FI));
  }
  return Result;
}

bool RuleSelection::enabled(RuleId R) const {
  return Enabled[static_cast<unsigned>(R)];
}

bool RuleSelection::enabledFor(RuleId R, llvm::StringRef RelPath) const {
  if (!enabled(R))
    return false;
  for (const auto &FI : FileIgnores)
    if (FI->Rules[static_cast<unsigned>(R)] && FI->matches(RelPath))
      return false;
  return true;
}

} // namespace lazycheck
