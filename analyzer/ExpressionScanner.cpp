//===- ExpressionScanner.cpp - Names an expression reads, lexically -------===//
#include "ExpressionScanner.h"
#include "llvm/ADT/STLExtras.h"

namespace lazycheck {

static bool isIdentStart(unsigned char C) {
  return (C >= 'a' && C <= 'z') || (C >= 'A' && C <= 'Z') || C == '_' ||
         C >= 0x80;
}
static bool isIdentChar(unsigned char C) {
  return isIdentStart(C) || (C >= '0' && C <= '9');
}
static bool isDigit(unsigned char C) { return C >= '0' && C <= '9'; }
static bool isSpace(char C) {
  return C == ' ' || C == '\t' || C == '\n' || C == '\r' || C == '\f' ||
         C == '\\'; // a line continuation
}

/// Keywords that may appear inside an expression (lambda and for make the
/// scanner give up instead).
static bool isExpressionKeyword(llvm::StringRef W) {
  static const char *const Keywords[] = {
      "and",  "or",   "not",   "in",    "is",    "if",   "else",
      "None", "True", "False", "await", "yield", "from", "async"};
  return llvm::is_contained(Keywords, W);
}

/// r, b, u, f and their two-letter combinations.
static bool isStringPrefix(llvm::StringRef W) {
  if (W.empty() || W.size() > 2)
    return false;
  for (char C : W)
    if (!llvm::is_contained(llvm::StringRef("rRbBuUfF"), C))
      return false;
  return true;
}

/// Skips the string literal whose opening quote is at I; false when it does
/// not end before End.
static bool skipString(llvm::StringRef S, uint32_t &I, uint32_t End) {
  char Quote = S[I];
  bool Triple = I + 2 < End && S[I + 1] == Quote && S[I + 2] == Quote;
  I += Triple ? 3 : 1;
  while (I < End) {
    char C = S[I];
    if (C == '\\') {
      I += 2;
      continue;
    }
    if (C == Quote) {
      if (!Triple) {
        ++I;
        return true;
      }
      if (I + 2 < End && S[I + 1] == Quote && S[I + 2] == Quote) {
        I += 3;
        return true;
      }
    } else if (C == '\n' && !Triple) {
      return false;
    }
    ++I;
  }
  return false;
}

bool scanExpressionReads(
    llvm::StringRef S, uint32_t Begin, uint32_t End,
    llvm::SmallVectorImpl<std::pair<uint32_t, uint32_t>> &Reads) {
  End = std::min<uint32_t>(End, static_cast<uint32_t>(S.size()));
  char Prev = 0; // the previous significant character
  uint32_t I = Begin;
  while (I < End) {
    unsigned char C = static_cast<unsigned char>(S[I]);
    if (isSpace(static_cast<char>(C))) {
      ++I;
      continue;
    }
    if (C == '#') {
      while (I < End && S[I] != '\n')
        ++I;
      continue;
    }
    if (C == '\'' || C == '"') {
      if (!skipString(S, I, End))
        return false;
      Prev = '"';
      continue;
    }
    if (isDigit(C) || (C == '.' && I + 1 < End && isDigit(S[I + 1]))) {
      // A number, exponent sign included: 1e-5, 0x1F, 1_000j, 1.5.
      while (I < End) {
        char D = S[I];
        if (isIdentChar(static_cast<unsigned char>(D)) || D == '.') {
          ++I;
        } else if ((D == '+' || D == '-') &&
                   (S[I - 1] == 'e' || S[I - 1] == 'E')) {
          ++I;
        } else {
          break;
        }
      }
      Prev = '0';
      continue;
    }
    if (isIdentStart(C)) {
      uint32_t Start = I;
      while (I < End && isIdentChar(static_cast<unsigned char>(S[I])))
        ++I;
      llvm::StringRef Word = S.slice(Start, I);
      if (I < End && (S[I] == '\'' || S[I] == '"') && isStringPrefix(Word)) {
        if (Word.find_insensitive('f') != llvm::StringRef::npos)
          return false; // an f-string holds expressions
        if (!skipString(S, I, End))
          return false;
        Prev = '"';
        continue;
      }
      if (Word == "lambda" || Word == "for" || Word == "import_module" ||
          Word == "__import__")
        return false;
      bool Attribute = Prev == '.';
      Prev = 'a';
      if (Attribute || isExpressionKeyword(Word))
        continue;
      uint32_t J = I;
      while (J < End && isSpace(S[J]))
        ++J;
      if (J < End && S[J] == '=' && (J + 1 >= End || S[J + 1] != '='))
        continue; // a keyword argument's name
      Reads.push_back({Start, I - Start});
      continue;
    }
    if (C == ':' && I + 1 < End && S[I + 1] == '=')
      return false; // an assignment expression binds a name
    Prev = static_cast<char>(C);
    ++I;
  }
  return true;
}

/// Skips spaces, line continuations and comments.
static uint32_t skipBlank(llvm::StringRef S, uint32_t I, uint32_t End) {
  while (I < End) {
    if (isSpace(S[I])) {
      ++I;
    } else if (S[I] == '#') {
      while (I < End && S[I] != '\n')
        ++I;
    } else {
      break;
    }
  }
  return I;
}

/// The end of the item starting at I: the next top-level ',' (outside
/// brackets and strings) or End. Sets Eq to a top-level '=' (not part of
/// '==', '<=', '>=', '!=') when there is one. UINT32_MAX on a malformed
/// item.
static uint32_t itemEnd(llvm::StringRef S, uint32_t I, uint32_t End,
                        uint32_t &Eq) {
  Eq = UINT32_MAX;
  int Depth = 0;
  while (I < End) {
    char C = S[I];
    if (C == '\'' || C == '"') {
      if (!skipString(S, I, End))
        return UINT32_MAX;
      continue;
    }
    if (C == '#') {
      while (I < End && S[I] != '\n')
        ++I;
      continue;
    }
    if (C == '(' || C == '[' || C == '{') {
      ++Depth;
    } else if (C == ')' || C == ']' || C == '}') {
      --Depth;
    } else if (Depth == 0 && C == ',') {
      return I;
    } else if (Depth == 0 && C == '=' && Eq == UINT32_MAX &&
               (I + 1 >= End || S[I + 1] != '=') &&
               !llvm::is_contained(llvm::StringRef("=<>!:"), S[I - 1])) {
      Eq = I;
    }
    ++I;
  }
  return Depth == 0 ? End : UINT32_MAX;
}

bool scanParameters(llvm::StringRef S, uint32_t Begin, uint32_t End,
                    ParameterScan &Out) {
  if (End <= Begin + 1 || S[Begin] != '(' || S[End - 1] != ')')
    return false;
  uint32_t I = Begin + 1, Close = End - 1;
  while (true) {
    I = skipBlank(S, I, Close);
    if (I >= Close)
      return true;
    uint32_t Eq;
    uint32_t ItemEnd = itemEnd(S, I, Close, Eq);
    if (ItemEnd == UINT32_MAX)
      return false;
    uint32_t J = I;
    while (J < ItemEnd && S[J] == '*')
      ++J;
    J = skipBlank(S, J, ItemEnd);
    if (J < ItemEnd && isIdentStart(static_cast<unsigned char>(S[J]))) {
      uint32_t NameStart = J;
      while (J < ItemEnd && isIdentChar(static_cast<unsigned char>(S[J])))
        ++J;
      Out.Binds.push_back({NameStart, J - NameStart});
      J = skipBlank(S, J, ItemEnd);
      uint32_t AnnotationEnd = Eq == UINT32_MAX ? ItemEnd : Eq;
      if (J < AnnotationEnd && S[J] == ':') {
        if (!scanExpressionReads(S, J + 1, AnnotationEnd, Out.AnnotationReads))
          return false;
        J = AnnotationEnd;
      }
      if (Eq != UINT32_MAX) {
        if (J != Eq || !scanExpressionReads(S, Eq + 1, ItemEnd, Out.Reads))
          return false;
      } else if (J != ItemEnd) {
        return false;
      }
    } else if (J != ItemEnd &&
               !(S[J] == '/' && skipBlank(S, J + 1, ItemEnd) == ItemEnd)) {
      return false; // not a name, a bare '*' or '/'
    }
    I = ItemEnd + 1;
  }
}

} // namespace lazycheck
