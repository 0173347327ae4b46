//===- ExpressionScanner.cpp - Names an expression reads, lexically -------===//
#include "ExpressionScanner.h"
#include "llvm/ADT/STLExtras.h"
#include <array>
#include <cstring>

namespace lazycheck {

namespace {
enum CharClass : uint8_t { Space = 1, IdentStart = 2, Digit = 4 };
} // namespace

// The scanners test every byte: one table lookup per test.
static constexpr std::array<uint8_t, 256> CharClasses = [] {
  std::array<uint8_t, 256> T{};
  for (unsigned C = 0; C < 256; ++C) {
    if ((C >= 'a' && C <= 'z') || (C >= 'A' && C <= 'Z') || C == '_' ||
        C >= 0x80)
      T[C] |= IdentStart;
    if (C >= '0' && C <= '9')
      T[C] |= Digit;
    if (C == ' ' || C == '\t' || C == '\n' || C == '\r' || C == '\f' ||
        C == '\\') // a line continuation
      T[C] |= Space;
  }
  return T;
}();

static bool isIdentStart(unsigned char C) {
  return CharClasses[C] & IdentStart;
}
static bool isIdentChar(unsigned char C) {
  return CharClasses[C] & (IdentStart | Digit);
}
static bool isDigit(unsigned char C) { return CharClasses[C] & Digit; }
static bool isSpace(char C) {
  return CharClasses[static_cast<unsigned char>(C)] & Space;
}

/// Keywords that may appear inside an expression (lambda and for make the
/// scanner give up instead).
static bool isExpressionKeyword(llvm::StringRef W) {
  // By length first: this runs for every name the scanners meet, and most
  // names are longer than any keyword.
  switch (W.size()) {
  case 2:
    return W == "or" || W == "in" || W == "is" || W == "if";
  case 3:
    return W == "and" || W == "not";
  case 4:
    return W == "else" || W == "None" || W == "True" || W == "from";
  case 5:
    return W == "False" || W == "await" || W == "yield" || W == "async";
  default:
    return false;
  }
}

/// Words after which scanReads gives up: `lambda` and `for` bind names,
/// `import_module` and `__import__` import.
static bool endsScan(llvm::StringRef W) {
  switch (W.size()) {
  case 3:
    return W == "for";
  case 6:
    return W == "lambda";
  case 10:
    return W == "__import__";
  case 13:
    return W == "import_module";
  default:
    return false;
  }
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
  if (Triple) {
    // Docstrings are long: jump from quote to quote. A quote after an odd
    // number of backslashes is escaped.
    while (I < End) {
      const void *Q = memchr(S.data() + I, Quote, End - I);
      if (!Q)
        return false;
      auto P = static_cast<uint32_t>(static_cast<const char *>(Q) - S.data());
      uint32_t Backslashes = 0;
      while (P - Backslashes > I && S[P - Backslashes - 1] == '\\')
        ++Backslashes;
      if (Backslashes % 2 == 0 && P + 2 < End && S[P + 1] == Quote &&
          S[P + 2] == Quote) {
        I = P + 3;
        return true;
      }
      I = P + 1;
    }
    return false;
  }
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

namespace {
enum class ScanMode : uint8_t {
  Expression, // a whole expression
  Statement,  // a simple statement: stops at what makes it an assignment
  Annotation, // what follows an annotation's `:`: stops at its `=`
};
/// Where and why a scan in statement or annotation mode stopped.
struct ScanStop {
  enum Kind : uint8_t { None, Assign, Augmented, Annotation } K = None;
  uint32_t At = 0; // the `=` or `:`
};
} // namespace

// In statement and annotation modes, brackets are counted and what makes a
// statement more than an expression at depth 0 (`=`, `op=`, `:`) stops the
// scan, which then returns false with Stop saying where.
static bool
scanReads(llvm::StringRef S, uint32_t Begin, uint32_t End,
          llvm::SmallVectorImpl<std::pair<uint32_t, uint32_t>> &Reads,
          ScanMode Mode, ScanStop &Stop) {
  End = std::min<uint32_t>(End, static_cast<uint32_t>(S.size()));
  char Prev = 0;      // the previous significant character
  unsigned Depth = 0; // of brackets (not counted in expression mode)
  uint32_t I = Begin;
  while (I < End) {
    unsigned char C = static_cast<unsigned char>(S[I]);
    // Names first: most tokens are names. The classes tested below are
    // disjoint, so the order changes only how fast a byte finds its own.
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
      if (endsScan(Word))
        return false;
      bool Attribute = Prev == '.';
      Prev = 'a';
      if (Attribute || isExpressionKeyword(Word))
        continue;
      uint32_t J = I;
      while (J < End && isSpace(S[J]))
        ++J;
      if (J < End && S[J] == '=' && (J + 1 >= End || S[J + 1] != '=')) {
        if (Mode == ScanMode::Statement && Depth == 0) {
          Stop = {ScanStop::Assign, J}; // an assignment's target
          return false;
        }
        if (Mode != ScanMode::Annotation || Depth > 0)
          continue; // a keyword argument's name
      }
      Reads.push_back({Start, I - Start});
      continue;
    }
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
    if (C == ':' && I + 1 < End && S[I + 1] == '=')
      return false; // an assignment expression binds a name
    if (Mode != ScanMode::Expression) {
      if (C == '(' || C == '[' || C == '{') {
        ++Depth;
      } else if (C == ')' || C == ']' || C == '}') {
        Depth -= Depth > 0;
      } else if (Depth == 0 && C == ':') {
        if (Mode == ScanMode::Statement)
          Stop = {ScanStop::Annotation, I};
        return false;
      } else if (Depth == 0 && C == '=') {
        if (I + 1 < End && S[I + 1] == '=') {
          I += 2; // ==
          Prev = '=';
          continue;
        }
        char B = I > Begin ? S[I - 1] : 0;
        bool Comparison = B == '!' || ((B == '<' || B == '>') &&
                                       !(I - 1 > Begin && S[I - 2] == B));
        if (!Comparison) {
          bool Augmented = llvm::StringRef("+-*/%&|^@<>").contains(B);
          if (Mode == ScanMode::Statement || !Augmented)
            Stop = {Augmented ? ScanStop::Augmented : ScanStop::Assign, I};
          return false;
        }
      }
    }
    Prev = static_cast<char>(C);
    ++I;
  }
  return true;
}

bool scanExpressionReads(
    llvm::StringRef S, uint32_t Begin, uint32_t End,
    llvm::SmallVectorImpl<std::pair<uint32_t, uint32_t>> &Reads) {
  ScanStop Stop;
  return scanReads(S, Begin, End, Reads, ScanMode::Expression, Stop);
}

// Whether an assignment's target text is a chain ending in an attribute or
// a subscript (`a.b`, `a[i].c`), which reads its object and binds nothing.
static bool isChainTarget(llvm::StringRef S, uint32_t Begin, uint32_t End) {
  while (End > Begin && isSpace(S[End - 1]))
    --End;
  if (Begin >= End || !isIdentStart(static_cast<unsigned char>(S[Begin])))
    return false;
  bool Plain = true; // a name alone
  unsigned Depth = 0;
  for (uint32_t I = Begin; I < End;) {
    char C = S[I];
    if (Depth > 0 && (C == '\'' || C == '"')) {
      if (!skipString(S, I, End))
        return false;
      continue;
    }
    if (C == '(' || C == '[' || C == '{') {
      ++Depth;
    } else if (C == ')' || C == ']' || C == '}') {
      if (Depth == 0)
        return false;
      --Depth;
    } else if (Depth == 0 && !isIdentChar(static_cast<unsigned char>(C)) &&
               C != '.' && !isSpace(C)) {
      return false; // a comma, an operator
    }
    if (!isIdentChar(static_cast<unsigned char>(C)))
      Plain = false;
    ++I;
  }
  char Last = S[End - 1];
  return Depth == 0 && !Plain &&
         (isIdentChar(static_cast<unsigned char>(Last)) || Last == ']');
}

bool scanStatement(llvm::StringRef S, uint32_t Begin, uint32_t End,
                   bool MayAssign, StatementScan &Out) {
  Out.Reads.clear();
  Out.Binds.clear();
  Out.AnnotationBegin = Out.AnnotationEnd = 0;
  Out.Assigns = false;
  ScanStop Stop;
  if (scanReads(S, Begin, End, Out.Reads, ScanMode::Statement, Stop))
    return true; // an expression
  if (!MayAssign || Stop.K == ScanStop::None)
    return false;
  Out.Assigns = true;
  ScanStop Rest;
  if (Stop.K == ScanStop::Augmented) // the target's reads, then the value's
    return scanReads(S, Stop.At + 1, End, Out.Reads, ScanMode::Statement, Rest);
  // A name or a list of names binds them; a chain's reads so far are the
  // target's.
  llvm::SmallVector<std::pair<uint32_t, uint32_t>, 4> Names;
  if (scanNameList(S, Begin, Stop.At, Names)) {
    Out.Binds = std::move(Names);
    Out.Reads.clear();
  } else if (!isChainTarget(S, Begin, Stop.At)) {
    return false;
  }
  // In source order: the target's reads, the annotation's, the value's.
  uint32_t ValueBegin = Stop.At + 1;
  Out.AnnotationBegin = Out.Reads.size();
  if (Stop.K == ScanStop::Annotation) {
    if (scanReads(S, Stop.At + 1, End, Out.Reads, ScanMode::Annotation, Rest))
      ValueBegin = End; // `x: T` without a value
    else if (Rest.K != ScanStop::Assign)
      return false;
    else
      ValueBegin = Rest.At + 1;
  }
  Out.AnnotationEnd = Out.Reads.size();
  return scanReads(S, ValueBegin, End, Out.Reads, ScanMode::Statement, Rest);
}

bool scanNameList(llvm::StringRef S, uint32_t Begin, uint32_t End,
                  llvm::SmallVectorImpl<std::pair<uint32_t, uint32_t>> &Names) {
  End = std::min<uint32_t>(End, static_cast<uint32_t>(S.size()));
  bool WantName = true;
  for (uint32_t I = Begin; I < End;) {
    unsigned char C = static_cast<unsigned char>(S[I]);
    if (C == ' ' || C == '\t') {
      ++I;
    } else if (WantName && isIdentStart(C)) {
      uint32_t Start = I;
      while (I < End && isIdentChar(static_cast<unsigned char>(S[I])))
        ++I;
      if (isExpressionKeyword(S.slice(Start, I)))
        return false;
      Names.push_back({Start, I - Start});
      WantName = false;
    } else if (!WantName && C == ',') {
      ++I;
      WantName = true;
    } else {
      return false;
    }
  }
  return !Names.empty();
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

/// Whether the colon at Colon ends the header of a compound statement
/// whose body follows on the same line (`if x: REG[k] = v`, `def f(a):
/// ...`), rather than starting an annotation or a dict value.
static bool afterCompoundHeader(llvm::StringRef S, uint32_t Colon) {
  uint32_t LineStart = Colon;
  while (LineStart > 0 && S[LineStart - 1] != '\n')
    --LineStart;
  llvm::StringRef Line = S.slice(LineStart, Colon).ltrim(" \t");
  llvm::StringRef Word = Line.take_while(
      [](char Ch) { return isIdentChar(static_cast<unsigned char>(Ch)); });
  if (Word == "async")
    Word = Line.drop_front(Word.size()).ltrim(" \t").take_while([](char Ch) {
      return isIdentChar(static_cast<unsigned char>(Ch));
    });
  static constexpr llvm::StringLiteral Headers[] = {
      "if", "elif", "else", "for", "while", "with", "try", "except", "finally"};
  if (llvm::is_contained(Headers, Word))
    return true;
  // def and class: the colon after the closing parenthesis (a parameter's
  // annotation follows a name).
  return (Word == "def" || Word == "class") && Line.rtrim(" \t").endswith(")");
}

/// Whether the `in` at In belongs to a `for` (a loop or a comprehension
/// clause) rather than being a membership test (`x in y`, `x not in y`):
/// looks back on the same line, within the innermost open bracket, for
/// the word `for`.
static bool forInAt(llvm::StringRef S, uint32_t In) {
  int Depth = 0;
  for (uint32_t I = In; I > 0; --I) {
    char C = S[I - 1];
    if (C == '\n')
      return false;
    if (C == ')' || C == ']' || C == '}') {
      ++Depth;
      continue;
    }
    if (C == '(' || C == '[' || C == '{') {
      if (Depth-- == 0)
        return false;
      continue;
    }
    if (Depth == 0 && C == 'r' && I >= 3 && S.substr(I - 3, 3) == "for" &&
        (I == 3 || !isIdentChar(static_cast<unsigned char>(S[I - 4]))) &&
        (I >= In || !isIdentChar(static_cast<unsigned char>(S[I]))))
      return true;
  }
  return false;
}

Preceding scanPreceding(llvm::StringRef S, uint32_t Start) {
  uint32_t I = Start;
  while (I > 0 && (S[I - 1] == ' ' || S[I - 1] == '\t'))
    --I;
  if (I == 0 || S[I - 1] == '\n')
    return Preceding::Other;
  char C = S[I - 1];
  if (C == '@') {
    uint32_t J = I - 1;
    while (J > 0 && (S[J - 1] == ' ' || S[J - 1] == '\t'))
      --J;
    return J == 0 || S[J - 1] == '\n' ? Preceding::Decorator : Preceding::Other;
  }
  if (C == ':')
    return afterCompoundHeader(S, I - 1) ? Preceding::Other
                                         : Preceding::Annotation;
  if (C == '(') {
    uint32_t E = I - 1, B = E;
    while (B > 0 && isIdentChar(static_cast<unsigned char>(S[B - 1])))
      --B;
    static constexpr llvm::StringLiteral Consumers[] = {
        "list",      "dict",      "sorted",   "set", "tuple",  "iter",
        "enumerate", "frozenset", "reversed", "map", "filter", "zip"};
    if (B < E && (B == 0 || S[B - 1] != '.') &&
        llvm::is_contained(Consumers, S.slice(B, E)))
      return S.slice(B, E) == "dict" ? Preceding::Copying
                                     : Preceding::Iterating;
    return Preceding::Other;
  }
  if (!isIdentChar(static_cast<unsigned char>(C)))
    return Preceding::Other;
  uint32_t B = I;
  while (B > 0 && isIdentChar(static_cast<unsigned char>(S[B - 1])))
    --B;
  if (B > 0 && S[B - 1] == '.')
    return Preceding::Other;
  llvm::StringRef Word = S.slice(B, I);
  if (Word == "del")
    return Preceding::Del;
  if (Word == "in")
    return forInAt(S, B) ? Preceding::In : Preceding::Membership;
  return Preceding::Other;
}

/// How far scanChain looks for a closing bracket.
static constexpr uint32_t ScanLimit = 4096;

/// Skips spaces, tabs and line continuations (not newlines: outside
/// brackets a newline ends the statement).
static uint32_t skipInline(llvm::StringRef S, uint32_t I) {
  while (I < S.size()) {
    if (S[I] == ' ' || S[I] == '\t')
      ++I;
    else if (S[I] == '\\' && I + 1 < S.size() && S[I + 1] == '\n')
      I += 2;
    else
      break;
  }
  return I;
}

namespace {
/// What matchBracket does with each byte.
enum BracketClass : uint8_t {
  BcOther, // ends a trailing comma
  BcSpace, // keeps one
  BcQuote,
  BcHash,
  BcOpen,
  BcClose,
  BcComma
};
} // namespace

static constexpr std::array<uint8_t, 256> BracketClasses = [] {
  std::array<uint8_t, 256> T{};
  for (unsigned C = 0; C < 256; ++C)
    if (CharClasses[C] & Space)
      T[C] = BcSpace;
  T['\''] = T['"'] = BcQuote;
  T['#'] = BcHash;
  T['('] = T['['] = T['{'] = BcOpen;
  T[')'] = T[']'] = T['}'] = BcClose;
  T[','] = BcComma;
  return T;
}();

/// The offset of the bracket closing the one at Open, counting top-level
/// commas; UINT32_MAX when not found within ScanLimit. Every byte of a
/// call's arguments passes through here: one table lookup each.
static uint32_t matchBracket(llvm::StringRef S, uint32_t Open, unsigned &Commas,
                             bool &TrailingComma) {
  uint32_t End =
      std::min<uint32_t>(static_cast<uint32_t>(S.size()), Open + ScanLimit);
  int Depth = 0;
  Commas = 0;
  TrailingComma = false;
  for (uint32_t I = Open; I < End;) {
    switch (BracketClasses[static_cast<unsigned char>(S[I])]) {
    case BcOther:
      TrailingComma = false;
      break;
    case BcSpace:
      break;
    case BcQuote:
      if (!skipString(S, I, End))
        return UINT32_MAX;
      TrailingComma = false;
      continue;
    case BcHash:
      while (I < End && S[I] != '\n')
        ++I;
      continue;
    case BcOpen:
      ++Depth;
      TrailingComma = false;
      break;
    case BcClose:
      if (--Depth == 0)
        return I;
      TrailingComma = false;
      break;
    case BcComma:
      TrailingComma = Depth == 1;
      Commas += Depth == 1;
      break;
    }
    ++I;
  }
  return UINT32_MAX;
}

/// An assignment operator at I: 1 for `=`, 2 for an augmented one, 0 for
/// none (`==` and comparisons are not).
static int assignmentAt(llvm::StringRef S, uint32_t I) {
  if (I >= S.size())
    return 0;
  if (S[I] == '=')
    return I + 1 < S.size() && S[I + 1] == '=' ? 0 : 1;
  static constexpr llvm::StringLiteral Ops[] = {
      "+=",  "-=",  "*=", "/=", "//=", "%=", "**=",
      ">>=", "<<=", "&=", "^=", "|=",  "@="};
  llvm::StringRef Rest = S.substr(I, 3);
  for (llvm::StringRef Op : Ops)
    if (Rest.startswith(Op))
      return 2;
  return 0;
}

void scanChain(llvm::StringRef S, uint32_t Start, uint32_t End, bool MayStore,
               llvm::SmallVectorImpl<ChainUse> &Uses) {
  ChainUse U;
  U.Chain.assign(S.data() + Start, End - Start);
  bool Dotted = false;
  uint32_t I = End;
  while (true) {
    uint32_t J = skipInline(S, I);
    if (J >= S.size())
      break;
    char C = S[J];
    if (C == '.') {
      uint32_t K = skipInline(S, J + 1);
      uint32_t E = K;
      if (K >= S.size() || !isIdentStart(static_cast<unsigned char>(S[K])))
        break;
      while (E < S.size() && isIdentChar(static_cast<unsigned char>(S[E])))
        ++E;
      U.Chain += '.';
      U.Chain.append(S.data() + K, E - K);
      Dotted = true;
      I = E;
      continue;
    }
    if (C == '(') {
      unsigned Commas;
      bool Trailing;
      uint32_t Close = matchBracket(S, J, Commas, Trailing);
      U.Kind = RefKind::Call;
      U.ArgBegin = J + 1;
      if (Close == UINT32_MAX) {
        Uses.push_back(std::move(U));
        return;
      }
      U.ArgsKnown = true;
      U.ArgEnd = Close;
      bool Empty = skipBlank(S, J + 1, Close) == Close;
      U.Args = static_cast<uint16_t>(std::min<unsigned>(
          Empty ? 0 : Commas + 1 - (Trailing ? 1 : 0), UINT16_MAX));
      uint32_t K = skipInline(S, Close + 1);
      if (K >= S.size() || S[K] != '.') {
        Uses.push_back(std::move(U));
        return;
      }
      Uses.push_back(U);
      // The chain goes on after the call: a use of its own.
      U.Chain += "()";
      U.Kind = RefKind::Load;
      U.ArgsKnown = false;
      U.Args = 0;
      U.ArgBegin = U.ArgEnd = 0;
      I = Close + 1;
      continue;
    }
    if (C == '[') {
      unsigned Commas;
      bool Trailing;
      uint32_t Close = matchBracket(S, J, Commas, Trailing);
      U.Item = true;
      if (Close != UINT32_MAX) {
        U.ArgsKnown = true; // the subscript's text
        U.ArgBegin = J + 1;
        U.ArgEnd = Close;
      }
      if (Close != UINT32_MAX && MayStore) {
        int Op = assignmentAt(S, skipInline(S, Close + 1));
        if (Op)
          U.Kind = Op == 1 ? RefKind::Store : RefKind::AugStore;
      }
      Uses.push_back(std::move(U));
      return;
    }
    if (Dotted && MayStore) {
      int Op = assignmentAt(S, J);
      if (Op)
        U.Kind = Op == 1 ? RefKind::Store : RefKind::AugStore;
    }
    break;
  }
  Uses.push_back(std::move(U));
}

llvm::SmallVector<llvm::StringRef, 4> splitArguments(llvm::StringRef Text) {
  llvm::SmallVector<llvm::StringRef, 4> Out;
  int Depth = 0;
  uint32_t Begin = 0;
  auto End = static_cast<uint32_t>(Text.size());
  for (uint32_t I = 0; I < End;) {
    char C = Text[I];
    if (C == '\'' || C == '"') {
      if (!skipString(Text, I, End))
        break;
      continue;
    }
    if (C == '(' || C == '[' || C == '{')
      ++Depth;
    else if (C == ')' || C == ']' || C == '}')
      --Depth;
    else if (C == ',' && Depth == 0) {
      Out.push_back(Text.slice(Begin, I).trim());
      Begin = I + 1;
    }
    ++I;
  }
  llvm::StringRef Last = Text.substr(Begin).trim();
  if (!Last.empty())
    Out.push_back(Last);
  return Out;
}

llvm::StringRef firstArgument(llvm::StringRef Text) {
  auto Args = splitArguments(Text);
  return Args.empty() ? llvm::StringRef() : Args.front();
}

std::optional<llvm::StringRef> quotedText(llvm::StringRef Text) {
  if (Text.size() < 2 || (Text.front() != '"' && Text.front() != '\'') ||
      Text.back() != Text.front())
    return std::nullopt;
  return Text.drop_front().drop_back();
}

} // namespace lazycheck
