//===- Suppressions.cpp - Inline suppression comments ---------------------===//
#include "Suppressions.h"
#include "RuleSelection.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MemoryBuffer.h"

namespace lazycheck {
namespace {

/// Calls F(Line, Text, OwnLine) for each comment in a Python source: Text is
/// what follows the '#', OwnLine whether only blanks precede it on its line.
/// Strings (single-, double-, triple-quoted, with escapes) are skipped, so a
/// '#' inside one starts no comment.
template <typename Fn> void forEachComment(llvm::StringRef Text, Fn F) {
  unsigned Line = 1;
  size_t I = 0, N = Text.size();
  if (Text.startswith("\xEF\xBB\xBF"))
    I = 3;
  size_t LineStart = I;
  while (I < N) {
    char C = Text[I];
    if (C == '\n') {
      ++Line;
      LineStart = ++I;
      continue;
    }
    if (C == '#') {
      size_t End = std::min(Text.find('\n', I), N);
      bool OwnLine = Text.slice(LineStart, I).trim(" \t\f\v\r").empty();
      F(Line, Text.slice(I + 1, End).rtrim('\r'), OwnLine);
      I = End;
      continue;
    }
    if (C != '\'' && C != '"') {
      ++I;
      continue;
    }
    // A string literal (any prefix letters were skipped as code).
    bool Triple = I + 2 < N && Text[I + 1] == C && Text[I + 2] == C;
    I += Triple ? 3 : 1;
    while (I < N) {
      char D = Text[I];
      if (D == '\\') {
        if (I + 1 < N && Text[I + 1] == '\n') {
          ++Line;
          LineStart = I + 2;
        }
        I += 2;
        continue;
      }
      if (D == '\n') {
        ++Line;
        LineStart = ++I;
        if (!Triple)
          break; // unterminated: the tokenizer gives up at the line's end
        continue;
      }
      if (D == C) {
        if (!Triple) {
          ++I;
          break;
        }
        if (I + 2 < N && Text[I + 1] == C && Text[I + 2] == C) {
          I += 3;
          break;
        }
      }
      ++I;
    }
  }
}

using RuleMask = std::vector<bool>;

RuleMask noRules() { return RuleMask(allRules().size(), false); }
RuleMask everyRule() { return RuleMask(allRules().size(), true); }

void addRules(RuleMask &Mask, const RuleMask &More) {
  if (Mask.empty())
    Mask = noRules();
  for (size_t I = 0; I < More.size(); ++I)
    if (More[I])
      Mask[I] = true;
}

/// The rules the selectors in List (separated by commas or blanks) select;
/// with CodesOnly only LC codes and prefixes count, other entries (other
/// tools' codes, unknown ones) are skipped.
RuleMask parseList(llvm::StringRef List, bool CodesOnly) {
  RuleMask Mask = noRules();
  llvm::SmallVector<llvm::StringRef, 8> Items;
  llvm::SplitString(List, Items, ", \t\f\v\r");
  for (llvm::StringRef Item : Items) {
    if (CodesOnly && !Item.startswith_insensitive("LC"))
      continue;
    if (!isValidRuleSelector(Item))
      continue;
    for (const RuleInfo &R : allRules())
      if (ruleSelectorMatches(Item, R.Id))
        Mask[static_cast<unsigned>(R.Id)] = true;
  }
  return Mask;
}

/// "lazycheck: ignore[...]" / "lazycheck: ignore-file[...]" after the
/// "lazycheck:"; sets IsFile and returns the rules, or nullopt when S is not
/// such a directive.
std::optional<RuleMask> parseLazycheckDirective(llvm::StringRef S,
                                                bool &IsFile) {
  S = S.ltrim();
  IsFile = S.consume_front("ignore-file");
  if (!IsFile && !S.consume_front("ignore"))
    return std::nullopt;
  if (S.consume_front("[")) {
    size_t Close = S.find(']');
    if (Close == llvm::StringRef::npos)
      return std::nullopt;
    return parseList(S.take_front(Close), /*CodesOnly=*/false);
  }
  if (!S.empty() && !llvm::isSpace(S.front()))
    return std::nullopt; // "ignored", "ignore-all", ...
  return everyRule();
}

} // namespace

FileSuppressions::FileSuppressions(llvm::StringRef Text) {
  forEachComment(
      Text, [&](unsigned Line, llvm::StringRef Comment, bool OwnLine) {
        llvm::SmallVector<llvm::StringRef, 2> Segments;
        Comment.split(Segments, '#');
        for (llvm::StringRef Segment : Segments) {
          llvm::StringRef S = Segment.trim();
          if (S.consume_front_insensitive("lazycheck:")) {
            bool IsFile = false;
            std::optional<RuleMask> Mask = parseLazycheckDirective(S, IsFile);
            if (!Mask)
              continue;
            if (!IsFile)
              addRules(Lines[Line], *Mask);
            else if (OwnLine)
              addRules(WholeFile ? *WholeFile : WholeFile.emplace(), *Mask);
          } else if (S.consume_front_insensitive("noqa")) {
            S = S.ltrim();
            if (S.consume_front(":")) // a bare noqa is not for us
              addRules(Lines[Line], parseList(S, /*CodesOnly=*/true));
          }
        }
      });
}

bool FileSuppressions::suppresses(unsigned Line, RuleId R) const {
  unsigned Index = static_cast<unsigned>(R);
  if (WholeFile && (*WholeFile)[Index])
    return true;
  if (Line == 0)
    return false;
  auto It = Lines.find(Line);
  return It != Lines.end() && It->second[Index];
}

const FileSuppressions &Suppressions::file(llvm::StringRef Path) {
  auto It = Files.find(Path);
  if (It != Files.end())
    return It->second;
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> Buf =
      llvm::MemoryBuffer::getFile(Path, /*IsText=*/false,
                                  /*RequiresNullTerminator=*/false);
  FileSuppressions FS =
      Buf ? FileSuppressions((*Buf)->getBuffer()) : FileSuppressions();
  return Files.try_emplace(Path, std::move(FS)).first->second;
}

void Suppressions::setFile(llvm::StringRef Path, FileSuppressions F) {
  Files.insert_or_assign(Path, std::move(F));
}

void Suppressions::setSource(llvm::StringRef Path, llvm::StringRef Text) {
  Files.insert_or_assign(Path, FileSuppressions(Text));
}

bool Suppressions::isSuppressed(llvm::StringRef Path, unsigned Line, RuleId R) {
  if (!file(Path).suppresses(Line, R))
    return false;
  ++Count;
  return true;
}

} // namespace lazycheck
