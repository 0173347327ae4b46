//===- FactExtractor.cpp - The one tree walk per file ---------------------===//
//
// A single iterative TSTreeCursor walk (no recursion, so 10,000 nested
// brackets cannot overflow the stack) that records imports with their scope
// and enclosing constructs, dynamic imports, reads of names, module-level
// `__all__` / `__lazy_modules__`, and syntax errors.
//
//===----------------------------------------------------------------------===//
#include "FactExtractor.h"
#include "ExpressionScanner.h"
#include "Language.h"
#include "NameBindings.h"
#include "Source.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/Hashing.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Path.h"
#include <cassert>
#include <cstring>
#include <optional>

namespace lazycheck {

PythonParser::PythonParser() : Parser(ts_parser_new()) {
  bool Ok = ts_parser_set_language(Parser, Language::get().TS);
  assert(Ok && "grammar ABI rejected by the tree-sitter runtime");
  (void)Ok;
}

PythonParser::~PythonParser() { ts_parser_delete(Parser); }

unsigned PythonParser::parseOnly(llvm::StringRef Source) {
  TSTree *Tree = ts_parser_parse_string(Parser, nullptr, Source.data(),
                                        static_cast<uint32_t>(Source.size()));
  unsigned HasError = ts_node_has_error(ts_tree_root_node(Tree)) ? 1 : 0;
  ts_tree_delete(Tree);
  return HasError;
}

namespace {

/// tree-sitter 0.20's value for an ERROR node's symbol.
constexpr TSSymbol ErrorSymbol = static_cast<TSSymbol>(-1);

/// Calls Fn(child, field id) for each child of N (0.20 has no
/// ts_node_field_id_for_child, so this uses a cursor).
template <typename Fn> void forEachChild(TSNode N, Fn &&F) {
  TSTreeCursor C = ts_tree_cursor_new(N);
  if (ts_tree_cursor_goto_first_child(&C)) {
    do
      F(ts_tree_cursor_current_node(&C), ts_tree_cursor_current_field_id(&C));
    while (ts_tree_cursor_goto_next_sibling(&C));
  }
  ts_tree_cursor_delete(&C);
}

/// The dotted name at the start of Text (`a.b.c` of `a.b.c[T](x)`), with
/// the spaces around dots dropped; "" when Text does not start with a name.
static std::string leadingChain(llvm::StringRef Text) {
  std::string Out;
  size_t I = 0;
  while (true) {
    while (I < Text.size() && (Text[I] == ' ' || Text[I] == '\t'))
      ++I;
    size_t Start = I;
    while (I < Text.size() && (llvm::isAlnum(Text[I]) || Text[I] == '_' ||
                               static_cast<unsigned char>(Text[I]) >= 0x80))
      ++I;
    if (I == Start || llvm::isDigit(Text[Start]))
      return Out.empty() ? Out : Out.substr(0, Out.size() - 1);
    Out += normalizeIdentifier(Text.slice(Start, I));
    while (I < Text.size() && (Text[I] == ' ' || Text[I] == '\t'))
      ++I;
    if (I >= Text.size() || Text[I] != '.')
      return Out;
    Out += '.';
    ++I;
  }
}

/// How an `if` classifies its branches.
enum class Branch : uint8_t { Plain, TypeChecking, MainGuard };

/// What the walk knows about the node it is inside of.
struct WalkState {
  ScopeKind Scope = ScopeKind::Module;
  /// Code here does not run when the module body runs: function and lambda
  /// bodies, `if TYPE_CHECKING:` and `if __name__ == "__main__":` blocks.
  bool Deferred = false;
  /// Inside a function body at any depth (a class body in a function runs
  /// only when the function is called).
  bool InFunction = false;
  bool InTarget = false; // assignment / for / as / del target: binds
  bool InParams = false; // parameter list: identifiers bind in ParamScope
  uint32_t NameScope = NameBindings::ModuleScope; // for NameBindings
  uint32_t ParamScope = NameBindings::ModuleScope;
  int32_t Class = -1;  // the class whose body this is (directly)
  bool InWith = false; // in the body of a with statement
  /// How many contexts were open where the enclosing function's body
  /// starts (0 in the module body): more means a conditional binding.
  uint32_t ContextBase = 0;
};

struct NodeInfo {
  TSSymbol Sym;
  Branch Consequence = Branch::Plain;
  Branch Alternative = Branch::Plain;
  uint32_t NewScope = 0;   // the scope a def, lambda or class creates
  int32_t ClassIndex = -1; // a class statement: its ClassFact
  uint32_t Start = 0;      // a decorated definition: where it starts
};

struct SavedState {
  unsigned Depth;
  WalkState State;
  size_t Contexts;
};

class Walker {
public:
  Walker(llvm::StringRef Source, llvm::StringRef DisplayPath)
      : L(Language::get()), Src(Source), Path(DisplayPath),
        PackageInit(llvm::sys::path::filename(DisplayPath) == "__init__.py") {}

  /// Walks the tree, deletes it, and works out the module's facts.
  ModuleFacts run(TSTree *Tree);

private:
  const Language &L;
  llvm::StringRef Src;
  llvm::StringRef Path;
  bool PackageInit; // an __init__.py: see ModuleFacts::UnimportedReads
  llvm::StringSet<> SeenUnimported;
  ModuleFacts Facts;
  void noteUnimported(uint32_t Start, uint32_t Length);

  WalkState State;
  llvm::SmallVector<ContextKind, 8> Contexts;
  std::vector<SavedState> Saved;
  std::vector<NodeInfo> Stack; // one entry per depth of the current path
  NameBindings Names;
  llvm::SmallVector<std::pair<uint32_t, uint32_t>, 32> ScannedReads;
  llvm::SmallVector<std::pair<uint32_t, uint32_t>, 8> TargetNames;
  StatementScan Statement;      // statementFast's
  llvm::StringSet<> BoundNames; // names bound by imports
  llvm::StringSet<> Exported;   // strings in __all__
  struct ImportSite {
    uint32_t End; // of the statement
    uint32_t NameScope;
  };
  std::vector<ImportSite> ImportSites; // one per fact
  /// __lazy_modules__ assignments seen so far: imports after one are lazy.
  bool SeenLazyModules = false;
  bool FutureAnnotations = false; // from __future__ import annotations
  uint32_t FirstErrorLine = 0, FirstErrorCol = 0;
  bool TreeHasErrors = false; // only then look for MISSING nodes
  bool HaveError = false;
  /// Per NameBindings scope: the function whose code runs in it (-1: the
  /// module body), and the def whose own scope it is (-1: none).
  std::vector<int32_t> ScopeFunction{-1}, ScopeDef{-1};
  std::vector<bool> ParamSeen; // per function: its first parameter is known
  /// Decorated definitions: decorators sit in [DecoStart, DefStart).
  struct DefSite {
    uint32_t DecoStart, DefStart;
    int32_t Function, Class;
  };
  std::vector<DefSite> DefSites;
  std::vector<uint32_t> LineStarts; // of every line, for lineCol()
  bool AsciiSource = true;          // then a column is a byte offset + 1
  size_t LastLine = 0;              // lineCol()'s hint: reads come in order

  llvm::StringRef text(TSNode N) const {
    uint32_t B = ts_node_start_byte(N), E = ts_node_end_byte(N);
    return Src.slice(B, E);
  }
  /// The 1-based column, in code points, of Offset on the line at LineStart.
  unsigned columnAt(uint32_t LineStart, uint32_t Offset) const;
  unsigned colOf(TSNode N) const;
  void push(unsigned Depth) {
    Saved.push_back({Depth, State, Contexts.size()});
  }
  void pushContext(unsigned Depth, ContextKind C) {
    push(Depth);
    Contexts.push_back(C);
    if (C == ContextKind::TypeChecking || C == ContextKind::MainGuard)
      State.Deferred = true;
  }
  void leave(unsigned Depth) {
    while (!Saved.empty() && Saved.back().Depth == Depth) {
      State = Saved.back().State;
      Contexts.resize(Saved.back().Contexts);
      Saved.pop_back();
    }
  }

  bool enter(TSNode N, TSSymbol Sym, TSFieldId Field, unsigned Depth);
  void adjustState(TSSymbol Sym, TSFieldId Field, unsigned Depth);
  void classifyIf(TSNode N, NodeInfo &Info);
  void readIdentifier(TSNode N, TSFieldId Field, unsigned Depth);
  void recordSyntaxError(TSNode N);
  bool isLazyKeyword(TSNode Error) const;
  TSNode lazyKeywordOf(TSNode Stmt) const;
  void checkLazyKeyword(const ImportFact &F);
  ImportFact newImport(TSNode Stmt, ImportKind K);
  void addImport(ImportFact F, TSNode Stmt);
  void importStatement(TSNode N);
  void importFromStatement(TSNode N, bool Future);
  void dynamicImport(TSNode Call);
  void moduleAssignment(TSNode Assign);
  void recordAssign(llvm::StringRef Target, TSNode Value);
  std::string dotted(TSNode N) const;
  std::optional<std::string> stringLiteral(TSNode N) const;
  void finish();
  bool parametersFast(TSNode N);
  bool assignmentFast(TSNode N);
  bool statementFast(TSNode N, TSSymbol Sym);
  /// Logs what a fast path scanned: bindings, then reads, those in
  /// [AnnotationBegin, AnnotationEnd) from an annotation.
  void logScanned(llvm::ArrayRef<std::pair<uint32_t, uint32_t>> Binds,
                  llvm::ArrayRef<std::pair<uint32_t, uint32_t>> Reads,
                  size_t AnnotationBegin, size_t AnnotationEnd);
  uint32_t newScope(ScopeType Type, int32_t Function, int32_t Def);
  void newFunction(TSNode N, unsigned Depth);
  void newClass(TSNode N, unsigned Depth);
  void firstParameter(uint32_t ParamScope, uint32_t Start, uint32_t Length);
  void buildLineStarts();
  std::pair<unsigned, unsigned> lineCol(uint32_t Offset);
  void collectReferences();
  /// After Names.index(): what the root name of read R is bound to.
  RootKind rootKind(llvm::StringRef Root, uint32_t Read);
  void writeOnlyGlobals(const llvm::DenseSet<uint32_t> &WriteRoots,
                        const llvm::DenseSet<uint32_t> &WriteUses);
  bool ReachesNamespace = false; // see collectReferences
  void attachDecorator(uint32_t Offset, const std::string &Chain);
};

// The fast paths below do what descending would, without stepping the
// cursor through every token: for a parameter list, for `name = value`
// (and `name: T = value`) and for statements that are one expression
// (`f(x)`, `return x`, `raise E(x)`, `assert x, m`), the most common
// statements in library code.

bool Walker::parametersFast(TSNode N) {
  ParameterScan Scan;
  if (!scanParameters(Src, ts_node_start_byte(N), ts_node_end_byte(N), Scan))
    return false;
  for (auto [Start, Length] : Scan.Binds) {
    firstParameter(State.ParamScope, Start, Length);
    Names.bind(State.ParamScope, Start, Length, false);
  }
  for (auto [Start, Length] : Scan.Reads)
    Names.read(State.NameScope, Start, Length, State.Deferred, State.InWith);
  for (auto [Start, Length] : Scan.AnnotationReads)
    Names.read(State.NameScope, Start, Length,
               State.Deferred || FutureAnnotations, State.InWith);
  return true;
}

bool Walker::statementFast(TSNode N, TSSymbol Sym) {
  uint32_t Begin = ts_node_start_byte(N), End = ts_node_end_byte(N);
  bool Expression = Sym == L.ExpressionStatement;
  if (!Expression) // after `return`, `raise`, `assert`
    while (Begin < End && llvm::isAlpha(Src[Begin]))
      ++Begin;
  if (!scanStatement(Src, Begin, End, Expression, Statement))
    return false;
  // A module-level assignment may be `__all__` or an alias the analysis
  // follows: moduleAssignment reads those from the tree.
  if (Statement.Assigns && State.Scope == ScopeKind::Module)
    return false;
  logScanned(Statement.Binds, Statement.Reads, Statement.AnnotationBegin,
             Statement.AnnotationEnd);
  return true;
}

void Walker::logScanned(llvm::ArrayRef<std::pair<uint32_t, uint32_t>> Binds,
                        llvm::ArrayRef<std::pair<uint32_t, uint32_t>> Reads,
                        size_t AnnotationBegin, size_t AnnotationEnd) {
  bool Unconditional = Contexts.size() == State.ContextBase;
  for (auto [Start, Length] : Binds)
    Names.bind(State.NameScope, Start, Length, Unconditional);
  for (size_t I = 0; I < Reads.size(); ++I)
    Names.read(State.NameScope, Reads[I].first, Reads[I].second,
               State.Deferred || (FutureAnnotations && I >= AnnotationBegin &&
                                  I < AnnotationEnd),
               State.InWith);
}

bool Walker::assignmentFast(TSNode N) {
  uint32_t Count = ts_node_child_count(N);
  if (Count != 3 && Count != 5)
    return false;
  TSNode Left = ts_node_child(N, 0);
  TSSymbol LS = ts_node_symbol(Left);
  if ((LS != L.Identifier && LS != L.Attribute && LS != L.Subscript &&
       LS != L.PatternList) ||
      text(ts_node_child(N, Count - 2)) != "=")
    return false;
  // left '=' right  |  left ':' type '=' right
  TSNode Type = Count == 5 ? ts_node_child(N, 2) : TSNode{};
  TSNode Right = ts_node_child(N, Count - 1);
  TSSymbol RS = ts_node_symbol(Right);
  if (!ts_node_is_named(Right) ||
      (RS != L.Identifier && !(RS < L.Expression.size() && L.Expression[RS])))
    return false;
  // `a = v` binds a name, `a, b = v` each name; `a.b = v` and `a[i] = v`
  // read what the target's object reads. Logged in source order, as
  // descending would: the target, the annotation, the value.
  uint32_t LeftStart = ts_node_start_byte(Left);
  uint32_t LeftEnd = ts_node_end_byte(Left);
  ScannedReads.clear();
  TargetNames.clear();
  if (LS == L.Identifier)
    TargetNames.push_back({LeftStart, LeftEnd - LeftStart});
  else if (LS == L.PatternList
               ? !scanNameList(Src, LeftStart, LeftEnd, TargetNames)
               : !scanExpressionReads(Src, LeftStart, LeftEnd, ScannedReads))
    return false;
  size_t TypeBegin = ScannedReads.size();
  if (Count == 5 && !scanExpressionReads(Src, ts_node_start_byte(Type),
                                         ts_node_end_byte(Type), ScannedReads))
    return false;
  size_t TypeEnd = ScannedReads.size();
  if (!scanExpressionReads(Src, ts_node_start_byte(Right),
                           ts_node_end_byte(Right), ScannedReads))
    return false;
  if (State.Scope == ScopeKind::Module)
    moduleAssignment(N);
  logScanned(TargetNames, ScannedReads, TypeBegin, TypeEnd);
  return true;
}

unsigned Walker::columnAt(uint32_t LineStart, uint32_t Offset) const {
  Offset = std::min<uint32_t>(Offset, static_cast<uint32_t>(Src.size()));
  if (AsciiSource)
    return Offset - LineStart + 1;
  unsigned Col = 1; // code points, not bytes
  for (uint32_t I = LineStart; I < Offset; ++I)
    if ((static_cast<unsigned char>(Src[I]) & 0xC0) != 0x80)
      ++Col;
  return Col;
}

unsigned Walker::colOf(TSNode N) const {
  uint32_t Start = ts_node_start_byte(N);
  return columnAt(Start - ts_node_start_point(N).column, Start);
}

std::string Walker::dotted(TSNode N) const {
  if (ts_node_symbol(N) != L.DottedName)
    return normalizeIdentifier(text(N));
  // Mostly spelled without spaces or comments between the parts.
  llvm::StringRef Whole = text(N);
  if (!TreeHasErrors && llvm::all_of(Whole, [](char C) {
        return llvm::isAlnum(C) || C == '_' || C == '.';
      }))
    return Whole.str();
  std::string Out;
  uint32_t Count = ts_node_named_child_count(N);
  for (uint32_t I = 0; I < Count; ++I) {
    if (!Out.empty())
      Out += '.';
    Out += normalizeIdentifier(text(ts_node_named_child(N, I)));
  }
  return Out;
}

/// Decodes the escapes a module name could plausibly spell (\\, \', \",
/// \xNN below 0x80); nullopt for anything else.
static std::optional<std::string> unescape(llvm::StringRef S) {
  std::string Out;
  for (size_t I = 0; I < S.size(); ++I) {
    if (S[I] != '\\') {
      Out += S[I];
      continue;
    }
    if (I + 1 >= S.size())
      return std::nullopt;
    char C = S[++I];
    if (C == '\\' || C == '\'' || C == '"') {
      Out += C;
      continue;
    }
    unsigned Value = 0;
    if (C != 'x' || I + 2 >= S.size() ||
        S.substr(I + 1, 2).getAsInteger(16, Value) || Value >= 0x80)
      return std::nullopt;
    Out += static_cast<char>(Value);
    I += 2;
  }
  return Out;
}

// The value of a constant str expression: a plain (not f-, not byte-)
// literal, implicitly joined literals, or either in parentheses; e.g. the
// "pkg.mod" of importlib.import_module("pkg.mod").
std::optional<std::string> Walker::stringLiteral(TSNode N) const {
  TSSymbol Sym = ts_node_symbol(N);
  if (Sym == L.ParenthesizedExpression && ts_node_named_child_count(N) == 1)
    return stringLiteral(ts_node_named_child(N, 0));
  if (Sym == L.ConcatenatedString) {
    std::string Out;
    uint32_t Count = ts_node_named_child_count(N);
    for (uint32_t I = 0; I < Count; ++I) {
      auto Part = stringLiteral(ts_node_named_child(N, I));
      if (!Part)
        return std::nullopt;
      Out += *Part;
    }
    return Out;
  }
  if (Sym != L.String)
    return std::nullopt;
  std::string Out;
  bool Raw = false;
  uint32_t Count = ts_node_child_count(N);
  for (uint32_t I = 0; I < Count; ++I) {
    TSNode C = ts_node_child(N, I);
    TSSymbol S = ts_node_symbol(C);
    if (S == L.StringStart) {
      llvm::StringRef Prefix = text(C);
      if (Prefix.find_insensitive('f') != llvm::StringRef::npos ||
          Prefix.find_insensitive('b') != llvm::StringRef::npos)
        return std::nullopt;
      Raw = Prefix.find_insensitive('r') != llvm::StringRef::npos;
    } else if (S == L.StringContent) {
      // Escape sequences are children of string_content.
      if (Raw || ts_node_named_child_count(C) == 0) {
        Out += text(C).str();
        continue;
      }
      auto Value = unescape(text(C));
      if (!Value)
        return std::nullopt;
      Out += *Value;
    } else if (S != L.StringEnd) {
      return std::nullopt;
    }
  }
  return Out;
}

// `lazy import x` is PEP 810 syntax the pinned grammar predates: it parses as
// an ERROR node holding just the identifier `lazy`, followed by the import.
bool Walker::isLazyKeyword(TSNode Error) const {
  if (text(Error) != "lazy")
    return false;
  TSNode Next = ts_node_next_sibling(Error);
  // As the first statement of a block, the ERROR sits before the block.
  if (!ts_node_is_null(Next) && ts_node_symbol(Next) == L.Block &&
      ts_node_named_child_count(Next) > 0)
    Next = ts_node_named_child(Next, 0);
  if (ts_node_is_null(Next))
    return false;
  TSSymbol S = ts_node_symbol(Next);
  return (S == L.ImportStatement || S == L.ImportFromStatement ||
          S == L.FutureImportStatement) &&
         ts_node_start_point(Next).row == ts_node_end_point(Error).row;
}

/// The `lazy` keyword before an import statement, if there is one.
TSNode Walker::lazyKeywordOf(TSNode Stmt) const {
  // This grammar parses `lazy` as an ERROR node: none, no `lazy` keyword.
  if (!TreeHasErrors)
    return TSNode{};
  TSNode Prev = ts_node_prev_sibling(Stmt);
  if (ts_node_is_null(Prev)) {
    TSNode Parent = ts_node_parent(Stmt);
    if (!ts_node_is_null(Parent) && ts_node_symbol(Parent) == L.Block)
      Prev = ts_node_prev_sibling(Parent);
  }
  if (!ts_node_is_null(Prev) && ts_node_symbol(Prev) == ErrorSymbol &&
      isLazyKeyword(Prev))
    return Prev;
  return TSNode{};
}

void Walker::recordSyntaxError(TSNode N) {
  if (ts_node_is_missing(N))
    ++Facts.MissingNodes;
  else
    ++Facts.ErrorNodes;
  if (!HaveError) {
    HaveError = true;
    FirstErrorLine = ts_node_start_point(N).row + 1;
    FirstErrorCol = colOf(N);
  }
}

void Walker::classifyIf(TSNode N, NodeInfo &Info) {
  TSNode Cond = ts_node_child_by_field_id(N, L.F.Condition);
  if (ts_node_is_null(Cond))
    return;
  bool Negated = false;
  if (ts_node_symbol(Cond) == L.NotOperator) {
    Negated = true;
    Cond = ts_node_child_by_field_id(Cond, L.F.Argument);
    if (ts_node_is_null(Cond))
      return;
  }
  TSSymbol S = ts_node_symbol(Cond);
  bool TypeChecking = false;
  if (S == L.Identifier)
    TypeChecking = text(Cond) == "TYPE_CHECKING";
  else if (S == L.Attribute)
    TypeChecking = text(ts_node_child_by_field_id(Cond, L.F.AttributeField)) ==
                   "TYPE_CHECKING";
  if (TypeChecking) {
    (Negated ? Info.Alternative : Info.Consequence) = Branch::TypeChecking;
    return;
  }
  // if __name__ == "__main__":
  if (!Negated && S == L.ComparisonOperator &&
      ts_node_named_child_count(Cond) == 2) {
    TSNode A = ts_node_named_child(Cond, 0), B = ts_node_named_child(Cond, 1);
    auto IsName = [&](TSNode X) {
      return ts_node_symbol(X) == L.Identifier && text(X) == "__name__";
    };
    auto IsMain = [&](TSNode X) {
      auto Str = stringLiteral(X);
      return Str && *Str == "__main__";
    };
    llvm::StringRef Op =
        text(Cond).slice(ts_node_end_byte(A) - ts_node_start_byte(Cond),
                         ts_node_start_byte(B) - ts_node_start_byte(Cond));
    if (Op.trim() == "==" &&
        ((IsName(A) && IsMain(B)) || (IsMain(A) && IsName(B))))
      Info.Consequence = Branch::MainGuard;
  }
}

static ContextKind branchContext(Branch B) {
  switch (B) {
  case Branch::TypeChecking:
    return ContextKind::TypeChecking;
  case Branch::MainGuard:
    return ContextKind::MainGuard;
  case Branch::Plain:
    return ContextKind::If;
  }
  return ContextKind::If;
}

// State changes that depend on where a node sits in its parent.
void Walker::adjustState(TSSymbol Sym, TSFieldId Field, unsigned Depth) {
  if (Depth == 0)
    return;
  const NodeInfo &Parent = Stack[Depth - 1];
  TSSymbol P = Parent.Sym;

  if ((P == L.FunctionDefinition || P == L.Lambda) && Field == L.F.Body) {
    push(Depth);
    State.Scope = ScopeKind::Function;
    State.InFunction = true;
    State.Deferred = true;
    State.Class = -1;
    State.InWith = false;
    State.InTarget = State.InParams = false;
    State.NameScope = Parent.NewScope;
    State.ContextBase = static_cast<uint32_t>(Contexts.size());
  } else if (P == L.ClassDefinition && Field == L.F.Body) {
    push(Depth);
    State.Scope = ScopeKind::Class;
    State.Class = Parent.ClassIndex;
    State.InTarget = State.InParams = false;
    State.NameScope = Parent.NewScope;
  } else if ((P == L.FunctionDefinition || P == L.Lambda) &&
             Field == L.F.Parameters) {
    push(Depth);
    State.ParamScope = Parent.NewScope;
  } else if (FutureAnnotations &&
             (Field == L.F.ReturnType ||
              (Field == L.F.Type && (State.InParams || P == L.Assignment)))) {
    push(Depth); // PEP 563: annotations are never evaluated
    State.Deferred = true;
  } else if (P == L.IfStatement && Field == L.F.Consequence) {
    pushContext(Depth, branchContext(Parent.Consequence));
  } else if (P == L.IfStatement && Field == L.F.Alternative) {
    pushContext(Depth, branchContext(Parent.Alternative));
  } else if (P == L.ElifClause && Field == L.F.Consequence) {
    // The elif itself already sits in an `if` context.
    if (Parent.Consequence != Branch::Plain)
      pushContext(Depth, branchContext(Parent.Consequence));
  } else if (P == L.TryStatement) {
    if (Field == L.F.Body)
      pushContext(Depth, ContextKind::Try);
    else if (Sym == L.ExceptClause || Sym == L.ExceptGroupClause)
      pushContext(Depth, ContextKind::Except);
    else if (Sym == L.FinallyClause)
      pushContext(Depth, ContextKind::Finally);
    else if (Sym == L.ElseClause)
      pushContext(Depth, ContextKind::TryElse);
  } else if ((P == L.ForStatement || P == L.WhileStatement) &&
             (Field == L.F.Body || Field == L.F.Alternative)) {
    pushContext(Depth, ContextKind::Loop);
  } else if (P == L.WithStatement && Field == L.F.Body) {
    pushContext(Depth, ContextKind::With);
    State.InWith = true;
  } else if (Sym == L.CaseClause) {
    pushContext(Depth, ContextKind::If);
  }

  // Binding positions: identifiers there are stores, not reads.
  bool Target = (P == L.Assignment && Field == L.F.Left) ||
                (P == L.ForStatement && Field == L.F.Left) ||
                (P == L.ForInClause && Field == L.F.Left) ||
                (P == L.NamedExpression && Field == L.F.Name) ||
                (P == L.AsPattern && Field == L.F.Alias) ||
                (P == L.ExceptClause && Field == L.F.Alias) ||
                Sym == L.DeleteStatement;
  bool ReadsObject = Sym == L.Attribute || Sym == L.Subscript;
  if (Target && !ReadsObject) {
    push(Depth);
    State.InTarget = true;
  } else if (ReadsObject && State.InTarget) {
    push(Depth); // `a.b = 1` and `a[i] = 1` read `a` (and `i`)
    State.InTarget = false;
  }
  if (Sym == L.Parameters || Sym == L.LambdaParameters) {
    push(Depth);
    State.InParams = true;
  } else if (State.InParams && (Field == L.F.Value || Field == L.F.Type)) {
    push(Depth); // defaults and annotations are ordinary expressions
    State.InParams = false;
  }
}

void Walker::readIdentifier(TSNode N, TSFieldId Field, unsigned Depth) {
  if (Depth == 0)
    return;
  uint32_t Start = ts_node_start_byte(N);
  uint32_t Length = ts_node_end_byte(N) - Start;
  // Unconditional in its own scope: in the module body, outside every
  // if/try/with/loop; in a function, outside those of the function.
  bool Unconditional = Contexts.size() == State.ContextBase;
  if (State.InParams) {
    firstParameter(State.ParamScope, Start, Length);
    Names.bind(State.ParamScope, Start, Length, false);
    return;
  }
  TSSymbol P = Stack[Depth - 1].Sym;
  if (State.InTarget) {
    // `del name` at module level reads the binding it removes.
    if ((P == L.DeleteStatement ||
         (Depth >= 2 && Stack[Depth - 2].Sym == L.DeleteStatement)) &&
        State.NameScope == NameBindings::ModuleScope && !State.Deferred)
      noteUnimported(Start, Length);
    Names.bind(State.NameScope, Start, Length, Unconditional);
    return;
  }
  if ((P == L.Attribute && Field == L.F.AttributeField) ||
      (P == L.KeywordArgument && Field == L.F.Name))
    return;
  if ((P == L.FunctionDefinition || P == L.ClassDefinition) &&
      Field == L.F.Name) {
    Names.bind(State.NameScope, Start, Length, Unconditional);
    return;
  }
  Names.read(State.NameScope, Start, Length, State.Deferred, State.InWith);
}

// A module-level name used at import time (the callers check that).
void Walker::noteUnimported(uint32_t Start, uint32_t Length) {
  if (!PackageInit)
    return;
  llvm::StringRef Name = Src.substr(Start, Length);
  if (BoundNames.count(Name) || !SeenUnimported.insert(Name).second)
    return;
  ModuleFacts::NameUse U;
  U.Name = Name.str();
  std::tie(U.Line, U.Col) = lineCol(Start);
  Facts.UnimportedReads.push_back(std::move(U));
}

ImportFact Walker::newImport(TSNode Stmt, ImportKind K) {
  ImportFact F;
  TSNode Start = Stmt;
  TSNode Lazy = lazyKeywordOf(Stmt);
  if (!ts_node_is_null(Lazy)) {
    F.ExplicitLazy = true;
    Start = Lazy;
  }
  F.Line = ts_node_start_point(Start).row + 1;
  F.Col = colOf(Start);
  F.Kind = K;
  F.Scope = State.Scope;
  F.InFunction = State.InFunction;
  F.Contexts.assign(Contexts.begin(), Contexts.end());
  F.AfterLazyModules = SeenLazyModules;
  return F;
}

void Walker::addImport(ImportFact F, TSNode Stmt) {
  uint32_t Start = ts_node_start_byte(Stmt), End = ts_node_end_byte(Stmt);
  if (F.ExplicitLazy)
    checkLazyKeyword(F);
  for (const ImportedName &Name : F.Names) {
    if (Name.Bound.empty())
      continue;
    // `import a.b` and `import a.c` (and `import a`) all bind the package
    // `a`: none replaces another. Other imports replace earlier bindings.
    bool PackageBinding =
        F.Kind == ImportKind::Import &&
        Name.Bound == llvm::StringRef(Name.Imported).split('.').first;
    Names.bindNamed(State.NameScope, Name.Bound, Start,
                    Contexts.size() == State.ContextBase && !PackageBinding);
    BoundNames.insert(Name.Bound);
  }
  ImportSites.push_back({End, State.NameScope});
  Facts.Imports.push_back(std::move(F));
}

// CPython 3.15 rejects the `lazy` keyword where the import could not be
// lazy; the file then does not compile at all. The fact keeps what the
// author wrote.
void Walker::checkLazyKeyword(const ImportFact &F) {
  const char *What =
      F.Kind == ImportKind::Import ? "lazy import" : "lazy from ... import";
  std::string Msg;
  if (F.Future)
    Msg = "lazy from __future__ import is not allowed";
  else if (F.Kind == ImportKind::Star)
    Msg = "lazy from ... import * is not allowed";
  else if (F.Scope == ScopeKind::Function)
    Msg = std::string(What) + " not allowed inside functions";
  else if (F.Scope == ScopeKind::Class)
    Msg = std::string(What) + " not allowed inside classes";
  else if (F.hasContext(ContextKind::Try) ||
           F.hasContext(ContextKind::Except) ||
           F.hasContext(ContextKind::Finally) ||
           F.hasContext(ContextKind::TryElse))
    Msg = std::string(What) + " not allowed inside try/except blocks";
  if (Msg.empty())
    return;
  Facts.Diags.push_back({RuleId::LC001, Path.str(), F.Line, F.Col, Msg});
}

void Walker::importStatement(TSNode N) {
  forEachChild(N, [&](TSNode C, TSFieldId Field) {
    if (Field != L.F.Name)
      return;
    ImportFact F = newImport(N, ImportKind::Import);
    ImportedName Name;
    if (ts_node_symbol(C) == L.AliasedImport) {
      Name.Imported = dotted(ts_node_child_by_field_id(C, L.F.Name));
      Name.Bound =
          normalizeIdentifier(text(ts_node_child_by_field_id(C, L.F.Alias)));
    } else {
      Name.Imported = dotted(C);
      Name.Bound = llvm::StringRef(Name.Imported).split('.').first.str();
    }
    if (Name.Imported.empty())
      return;
    F.Module = Name.Imported;
    F.Names.push_back(std::move(Name));
    addImport(std::move(F), N);
  });
}

void Walker::importFromStatement(TSNode N, bool Future) {
  ImportFact F = newImport(N, ImportKind::From);
  F.Future = Future;
  if (Future) {
    F.Module = "__future__";
    if (State.Scope == ScopeKind::Module && text(N).contains("annotations"))
      FutureAnnotations = true;
  } else {
    TSNode Mod = ts_node_child_by_field_id(N, L.F.ModuleName);
    if (ts_node_is_null(Mod))
      return;
    if (ts_node_symbol(Mod) == L.RelativeImport) {
      uint32_t Count = ts_node_named_child_count(Mod);
      for (uint32_t I = 0; I < Count; ++I) {
        TSNode C = ts_node_named_child(Mod, I);
        if (ts_node_symbol(C) == L.ImportPrefix)
          F.Level = static_cast<unsigned>(text(C).count('.'));
        else if (ts_node_symbol(C) == L.DottedName)
          F.Module = dotted(C);
      }
      F.Kind = ImportKind::Relative;
    } else {
      F.Module = dotted(Mod);
    }
  }
  forEachChild(N, [&](TSNode C, TSFieldId Field) {
    if (ts_node_symbol(C) == L.WildcardImport) {
      F.Kind = ImportKind::Star;
      F.Names.push_back({"*", "", false, false});
      return;
    }
    if (Field != L.F.Name)
      return;
    ImportedName Name;
    if (ts_node_symbol(C) == L.AliasedImport) {
      Name.Imported = dotted(ts_node_child_by_field_id(C, L.F.Name));
      Name.Bound =
          normalizeIdentifier(text(ts_node_child_by_field_id(C, L.F.Alias)));
    } else {
      Name.Imported = dotted(C);
      Name.Bound = Name.Imported;
    }
    F.Names.push_back(std::move(Name));
  });
  addImport(std::move(F), N);
}

// importlib.import_module("m"), import_module("m"), __import__("m"), with a
// literal name; a relative name counts when its package is __package__.
void Walker::dynamicImport(TSNode Call) {
  TSNode Fn = ts_node_child_by_field_id(Call, L.F.Function);
  llvm::StringRef Callee;
  if (ts_node_symbol(Fn) == L.Identifier) {
    Callee = text(Fn);
  } else if (ts_node_symbol(Fn) == L.Attribute) {
    TSNode Obj = ts_node_child_by_field_id(Fn, L.F.Object);
    if (ts_node_symbol(Obj) != L.Identifier || text(Obj) != "importlib")
      return;
    Callee = text(ts_node_child_by_field_id(Fn, L.F.AttributeField));
  } else {
    return;
  }
  if (Callee != "import_module" && Callee != "__import__")
    return;
  TSNode Args = ts_node_child_by_field_id(Call, L.F.Arguments);
  if (ts_node_is_null(Args) || ts_node_symbol(Args) != L.ArgumentList ||
      ts_node_named_child_count(Args) == 0)
    return;
  auto Name = stringLiteral(ts_node_named_child(Args, 0));
  if (!Name || Name->empty())
    return;
  ImportFact F = newImport(Call, ImportKind::Dynamic);
  llvm::StringRef Mod = *Name;
  if (Mod.startswith(".")) {
    if (Callee != "import_module" || ts_node_named_child_count(Args) < 2)
      return;
    TSNode Pkg = ts_node_named_child(Args, 1);
    if (ts_node_symbol(Pkg) == L.KeywordArgument)
      Pkg = ts_node_child_by_field_id(Pkg, L.F.Value);
    if (ts_node_symbol(Pkg) != L.Identifier || text(Pkg) != "__package__")
      return;
    size_t Dots = Mod.find_first_not_of('.');
    F.Level = Dots == llvm::StringRef::npos ? Mod.size() : Dots;
    Mod = Mod.drop_front(F.Level);
  }
  F.Module = Mod.str();
  addImport(std::move(F), Call);
}

// `name = a.b(...)` and `name = a.b`: instances and aliases.
void Walker::recordAssign(llvm::StringRef Target, TSNode Value) {
  AssignFact A;
  TSSymbol S = ts_node_symbol(Value);
  if (S == L.Call) {
    A.Call = true;
    Value = ts_node_child_by_field_id(Value, L.F.Function);
    S = ts_node_symbol(Value);
  }
  llvm::StringRef Text = text(Value);
  // A value that is not a plain dotted name (`a().b`, `a[0].b`, a literal)
  // is recorded with an empty chain: the name is bound to an object of
  // this module's own.
  if ((S == L.Identifier || S == L.Attribute) && llvm::all_of(Text, [](char C) {
        return llvm::isAlnum(C) || C == '_' || C == '.' || C == ' ' ||
               static_cast<unsigned char>(C) >= 0x80;
      }))
    A.Value = leadingChain(Text);
  else
    A.Call = false;
  A.Name = normalizeIdentifier(Target);
  A.Line = ts_node_start_point(Value).row + 1;
  Facts.Assigns.push_back(std::move(A));
}

// Module-level `__all__ = [...]` / `__all__ += [...]` / `__lazy_modules__`.
void Walker::moduleAssignment(TSNode Assign) {
  TSNode Left = ts_node_child_by_field_id(Assign, L.F.Left);
  TSNode Right = ts_node_child_by_field_id(Assign, L.F.Right);
  if (ts_node_is_null(Left) || ts_node_is_null(Right) ||
      ts_node_symbol(Left) != L.Identifier)
    return;
  llvm::StringRef Target = text(Left);
  if (!State.Deferred && ts_node_symbol(Assign) == L.Assignment)
    recordAssign(Target, Right);
  bool All = Target == "__all__";
  if (!All && Target != "__lazy_modules__")
    return;
  TSSymbol RS = ts_node_symbol(Right);
  if (RS != L.List && RS != L.Tuple && RS != L.Set)
    return;
  if (!All)
    SeenLazyModules = true;
  uint32_t Count = ts_node_named_child_count(Right);
  for (uint32_t I = 0; I < Count; ++I) {
    auto S = stringLiteral(ts_node_named_child(Right, I));
    if (!S)
      continue;
    if (All) {
      if (Exported.insert(*S).second)
        Facts.AllNames.push_back(*S);
    } else
      Facts.LazyModules.push_back(*S);
  }
}

bool Walker::enter(TSNode N, TSSymbol Sym, TSFieldId Field, unsigned Depth) {
  if (Depth >= Stack.size())
    Stack.resize(Depth + 1);
  Stack[Depth] = NodeInfo{Sym};
  if (Sym == L.DecoratedDefinition)
    Stack[Depth].Start = ts_node_start_byte(N);
  adjustState(Sym, Field, Depth);

  if (Sym == L.Identifier) {
    readIdentifier(N, Field, Depth);
    return false;
  }
  if (TreeHasErrors && ts_node_is_missing(N)) {
    recordSyntaxError(N);
    return false;
  }
  if (Sym == L.String) {
    // Only f-strings hold expressions; skip the parts of the others.
    for (uint32_t I = ts_node_start_byte(N); I < Src.size(); ++I) {
      char C = Src[I];
      if (C == 'f' || C == 'F')
        return true;
      if (C == '\'' || C == '"')
        break;
    }
    return false;
  }
  if (Sym == L.Comment)
    return false;
  if ((Sym == L.ExpressionStatement || Sym == L.ReturnStatement ||
       Sym == L.RaiseStatement || Sym == L.AssertStatement) &&
      !State.InTarget && !(TreeHasErrors && ts_node_has_error(N)) &&
      statementFast(N, Sym))
    return false;
  if (Sym == L.Parameters && !(TreeHasErrors && ts_node_has_error(N)) &&
      parametersFast(N))
    return false;
  if (Sym == L.Assignment && !State.InTarget &&
      !(TreeHasErrors && ts_node_has_error(N)) && assignmentFast(N))
    return false;
  if (Sym < L.Expression.size() && L.Expression[Sym] && !State.InTarget &&
      !State.InParams && !(TreeHasErrors && ts_node_has_error(N))) {
    ScannedReads.clear();
    if (scanExpressionReads(Src, ts_node_start_byte(N), ts_node_end_byte(N),
                            ScannedReads)) {
      for (auto [Start, Length] : ScannedReads)
        Names.read(State.NameScope, Start, Length, State.Deferred,
                   State.InWith);
      return false;
    }
  }
  if (Sym == ErrorSymbol) {
    if (!isLazyKeyword(N))
      recordSyntaxError(N);
    return true; // keep the facts of whatever parsed inside
  }
  if (Sym == L.ImportStatement) {
    importStatement(N);
    return false;
  }
  if (Sym == L.ImportFromStatement || Sym == L.FutureImportStatement) {
    importFromStatement(N, Sym == L.FutureImportStatement);
    return false;
  }
  if (Sym == L.GlobalStatement || Sym == L.NonlocalStatement) {
    // `global x` makes x the module's in this scope; `nonlocal x` an
    // enclosing function's, which is as good as local here.
    bool Global = Sym == L.GlobalStatement;
    forEachChild(N, [&](TSNode C, TSFieldId) {
      if (ts_node_symbol(C) != L.Identifier)
        return;
      uint32_t Start = ts_node_start_byte(C);
      uint32_t Length = ts_node_end_byte(C) - Start;
      if (Global)
        Names.declareGlobal(State.NameScope, Start, Length);
      else
        Names.bind(State.NameScope, Start, Length, false);
    });
    return false;
  }
  int32_t Unit = ScopeFunction[State.NameScope];
  if (Sym == L.FunctionDefinition) {
    newFunction(N, Depth);
  } else if (Sym == L.Lambda) {
    // A lambda's code is counted as its enclosing function's.
    Stack[Depth].NewScope = newScope(ScopeType::Function, Unit, -1);
  } else if (Sym == L.ClassDefinition) {
    newClass(N, Depth);
  } else if (Sym == L.ListComprehension || Sym == L.SetComprehension ||
             Sym == L.DictionaryComprehension || Sym == L.GeneratorExpression) {
    // Its own scope (the loop variables stay inside); it runs where it is,
    // a generator usually consumed right away, so not deferred.
    push(Depth);
    State.NameScope = newScope(ScopeType::Comprehension, Unit, -1);
  }
  if (Sym == L.Call) {
    dynamicImport(N);
  } else if (Sym == L.IfStatement || Sym == L.ElifClause) {
    classifyIf(N, Stack[Depth]);
  } else if ((Sym == L.Assignment || Sym == L.AugmentedAssignment) &&
             State.Scope == ScopeKind::Module) {
    moduleAssignment(N);
  }
  return true;
}

uint32_t Walker::newScope(ScopeType Type, int32_t Function, int32_t Def) {
  uint32_t Scope = Names.newScope(State.NameScope, Type);
  ScopeFunction.resize(Scope + 1, -1);
  ScopeDef.resize(Scope + 1, -1);
  ScopeFunction[Scope] = Function;
  ScopeDef[Scope] = Def;
  return Scope;
}

void Walker::newFunction(TSNode N, unsigned Depth) {
  FunctionFact F;
  F.Name = normalizeIdentifier(text(ts_node_child_by_field_id(N, L.F.Name)));
  F.Line = ts_node_start_point(N).row + 1;
  F.Col = colOf(N);
  F.Parent = ScopeFunction[State.NameScope];
  F.Class = State.Class;
  F.ImportTime = !State.Deferred;
  const std::string *Prefix = F.Class >= 0 ? &Facts.Classes[F.Class].Qualified
                              : F.Parent >= 0
                                  ? &Facts.Functions[F.Parent].Qualified
                                  : nullptr;
  F.Qualified = Prefix ? *Prefix + "." + F.Name : F.Name;
  auto Index = static_cast<int32_t>(Facts.Functions.size());
  uint32_t DefStart = ts_node_start_byte(N), DecoStart = DefStart;
  if (Depth > 0 && Stack[Depth - 1].Sym == L.DecoratedDefinition)
    DecoStart = Stack[Depth - 1].Start;
  if (DecoStart < DefStart)
    DefSites.push_back({DecoStart, DefStart, Index, -1});
  Facts.Functions.push_back(std::move(F));
  ParamSeen.push_back(false);
  Stack[Depth].NewScope = newScope(ScopeType::Function, Index, Index);
}

void Walker::newClass(TSNode N, unsigned Depth) {
  ClassFact C;
  C.Name = normalizeIdentifier(text(ts_node_child_by_field_id(N, L.F.Name)));
  C.Line = ts_node_start_point(N).row + 1;
  C.Col = colOf(N);
  C.Function = ScopeFunction[State.NameScope];
  C.Class = State.Class;
  C.ImportTime = !State.Deferred;
  const std::string *Prefix = C.Class >= 0 ? &Facts.Classes[C.Class].Qualified
                              : C.Function >= 0
                                  ? &Facts.Functions[C.Function].Qualified
                                  : nullptr;
  C.Qualified = Prefix ? *Prefix + "." + C.Name : C.Name;
  // The bases and keywords of `class C(A, b.B[T], metaclass=M):`.
  TSNode Supers = ts_node_child_by_field_id(N, L.F.Superclasses);
  if (!ts_node_is_null(Supers)) {
    uint32_t Count = ts_node_named_child_count(Supers);
    for (uint32_t I = 0; I < Count; ++I) {
      TSNode Arg = ts_node_named_child(Supers, I);
      if (ts_node_symbol(Arg) == L.KeywordArgument) {
        if (text(ts_node_child_by_field_id(Arg, L.F.Name)) == "metaclass")
          C.Metaclass =
              leadingChain(text(ts_node_child_by_field_id(Arg, L.F.Value)));
        continue;
      }
      std::string Base = leadingChain(text(Arg));
      if (!Base.empty())
        C.Bases.push_back(std::move(Base));
    }
  }
  auto Index = static_cast<int32_t>(Facts.Classes.size());
  uint32_t DefStart = ts_node_start_byte(N), DecoStart = DefStart;
  if (Depth > 0 && Stack[Depth - 1].Sym == L.DecoratedDefinition)
    DecoStart = Stack[Depth - 1].Start;
  if (DecoStart < DefStart)
    DefSites.push_back({DecoStart, DefStart, -1, Index});
  Facts.Classes.push_back(std::move(C));
  Stack[Depth].ClassIndex = Index;
  Stack[Depth].NewScope =
      newScope(ScopeType::Class, ScopeFunction[State.NameScope], -1);
}

// The first parameter a def binds, unless starred (`def f(*args)`).
void Walker::firstParameter(uint32_t ParamScope, uint32_t Start,
                            uint32_t Length) {
  int32_t Def = ParamScope < ScopeDef.size() ? ScopeDef[ParamScope] : -1;
  if (Def < 0 || ParamSeen[Def])
    return;
  ParamSeen[Def] = true;
  uint32_t I = Start;
  while (I > 0 && (Src[I - 1] == ' ' || Src[I - 1] == '\t'))
    --I;
  if (I > 0 && Src[I - 1] == '*')
    return;
  Facts.Functions[Def].FirstParam =
      normalizeIdentifier(Src.substr(Start, Length));
}

void Walker::buildLineStarts() {
  LineStarts.push_back(0);
  for (const char *P = Src.begin(), *E = Src.end();
       (P = static_cast<const char *>(memchr(P, '\n', E - P)));)
    LineStarts.push_back(static_cast<uint32_t>(++P - Src.begin()));
  unsigned char High = 0;
  for (char C : Src)
    High |= static_cast<unsigned char>(C);
  AsciiSource = High < 0x80;
}

std::pair<unsigned, unsigned> Walker::lineCol(uint32_t Offset) {
  // Mostly called in source order: try the line of the last call and the
  // next one before searching.
  size_t Line = LastLine; // 0-based
  auto Holds = [&](size_t I) {
    return I < LineStarts.size() && LineStarts[I] <= Offset &&
           (I + 1 == LineStarts.size() || Offset < LineStarts[I + 1]);
  };
  if (!Holds(Line) && !Holds(++Line))
    Line = static_cast<size_t>(
               std::upper_bound(LineStarts.begin(), LineStarts.end(), Offset) -
               LineStarts.begin()) -
           1;
  LastLine = Line;
  return {static_cast<unsigned>(Line + 1), columnAt(LineStarts[Line], Offset)};
}

// A decorator belongs to the def or class it precedes.
void Walker::attachDecorator(uint32_t Offset, const std::string &Chain) {
  auto It = std::upper_bound(
      DefSites.begin(), DefSites.end(), Offset,
      [](uint32_t O, const DefSite &D) { return O < D.DecoStart; });
  if (It == DefSites.begin())
    return;
  const DefSite &D = *std::prev(It);
  if (Offset >= D.DefStart)
    return;
  if (D.Function >= 0)
    Facts.Functions[D.Function].Decorators.push_back(Chain);
  else
    Facts.Classes[D.Class].Decorators.push_back(Chain);
}

/// Builtins whose calls the rules interpret themselves (setattr is a store,
/// exec runs code, open may write, globals() is the namespace).
static bool isInterpretedBuiltin(llvm::StringRef Name) {
  static constexpr llvm::StringLiteral Names[] = {
      "exec",    "eval", "setattr", "delattr",   "open",
      "globals", "vars", "locals",  "__import__"};
  return llvm::is_contained(Names, Name);
}

// References: every read the walk logged is looked at lexically, where it
// stands (after `@`, `del`, `in`) and what follows it (attributes, a call,
// a subscript, an assignment). Those the rules can use are kept, with
// their root name resolved by scope.
RootKind Walker::rootKind(llvm::StringRef Root, uint32_t Read) {
  uint32_t Scope = Names.resolveRead(Read);
  if (Scope == NameBindings::ModuleScope)
    return Names.isBoundIn(Names.readName(Read), NameBindings::ModuleScope)
               ? RootKind::Global
               : RootKind::Free;
  int32_t Def = ScopeDef[Scope];
  return Def >= 0 && Facts.Functions[Def].Class >= 0 &&
                 Facts.Functions[Def].FirstParam == Root
             ? RootKind::FirstParam
             : RootKind::Local;
}

void Walker::collectReferences() {
  struct Candidate {
    uint32_t Read; // index into Names.reads()
    ChainUse Use;
    Preceding Before;
    RootKind Kind;
  };
  std::vector<Candidate> Candidates;
  bool HasStar = llvm::any_of(Facts.Imports, [](const ImportFact &F) {
    return F.Kind == ImportKind::Star;
  });
  const std::vector<NameBindings::Record> &Reads = Names.reads();
  llvm::SmallVector<ChainUse, 2> Uses;
  // Reads that only write through the name: `N[k] = v`, `N.a = v`,
  // `del N[k]`, `N.m(...)` (whether m mutates is the analysis' business).
  llvm::DenseSet<uint32_t> WriteUses;  // their start offsets
  llvm::DenseSet<uint32_t> WriteRoots; // name ids
  ReachesNamespace = false;
  // Reads followed by an attribute, a call or a subscript, or decorators:
  // the only ones whose chain can matter. Their names are resolved first,
  // so that the chains of locals (most of a function body's calls) are
  // never scanned.
  struct Pending {
    uint32_t Read;
    Preceding Before;
  };
  std::vector<Pending> Chained;
  for (uint32_t I = 0; I < Reads.size(); ++I) {
    const NameBindings::Record &R = Reads[I];
    if (R.Scope == NameBindings::ModuleScope && !NameBindings::deferred(R))
      noteUnimported(R.Start, R.Length);
    uint32_t Next = R.Start + R.Length;
    while (Next < Src.size() && (Src[Next] == ' ' || Src[Next] == '\t'))
      ++Next;
    if (Next >= Src.size())
      continue;
    char C = Src[Next];
    if (C != '.' && C != '(' && C != '[') {
      // Otherwise only a decorator matters: `@` before the name.
      uint32_t Prev = R.Start;
      while (Prev > 0 && (Src[Prev - 1] == ' ' || Src[Prev - 1] == '\t'))
        --Prev;
      if (Prev == 0 || Src[Prev - 1] != '@')
        continue;
    }
    Preceding Before = scanPreceding(Src, R.Start);
    if (C != '.' && C != '(' && C != '[' && Before != Preceding::Decorator)
      continue;
    Chained.push_back({I, Before});
  }
  Names.index(Src);
  std::vector<bool> ImportBound(Names.nameCount()); // by name id
  for (const auto &Entry : BoundNames) {
    uint32_t Id = Names.nameId(Entry.getKey());
    if (Id != NameBindings::NoName)
      ImportBound[Id] = true;
  }

  for (const Pending &P : Chained) {
    const NameBindings::Record &R = Reads[P.Read];
    Preceding Before = P.Before;
    llvm::StringRef Root = Src.substr(R.Start, R.Length);
    RootKind Kind = rootKind(Root, P.Read);
    if (Kind == RootKind::Local && Before != Preceding::Decorator)
      continue;
    Uses.clear();
    scanChain(Src, R.Start, R.Start + R.Length, Before != Preceding::Annotation,
              Uses);
    // globals(), vars(), x.__dict__, sys.modules: the namespace reached
    // without naming what is in it.
    if (!ReachesNamespace)
      ReachesNamespace = Root == "globals" || Root == "vars" ||
                         llvm::any_of(Uses, [](const ChainUse &U) {
                           llvm::StringRef Text(U.Chain);
                           return Text.startswith("sys.modules") ||
                                  (Text.size() > 9 &&
                                   Text.find('_') != llvm::StringRef::npos &&
                                   containsText(Text, ".__dict__"));
                         });
    if (Uses.size() == 1 && Before != Preceding::Decorator) {
      const ChainUse &U = Uses.front();
      bool Write = U.Kind == RefKind::Store || U.Kind == RefKind::AugStore ||
                   (Before == Preceding::Del &&
                    (U.Item || U.Chain.find('.') != std::string::npos)) ||
                   (U.Kind == RefKind::Call && llvm::count(U.Chain, '.') == 1 &&
                    !containsText(U.Chain, "()"));
      if (Write) {
        WriteUses.insert(R.Start);
        WriteRoots.insert(Names.readName(P.Read));
      }
    }
    for (ChainUse &U : Uses) {
      bool Dotted = llvm::StringRef(U.Chain).contains('.');
      if (Before == Preceding::Del && &U == &Uses.back() &&
          U.Kind == RefKind::Load && (Dotted || U.Item))
        U.Kind = RefKind::Delete;
      bool Keep = U.Kind != RefKind::Load || Before == Preceding::Decorator ||
                  ((Dotted || U.Item) && ImportBound[Names.readName(P.Read)]);
      if (Keep)
        Candidates.push_back({P.Read, std::move(U), Before, Kind});
    }
  }

  llvm::sort(DefSites, [](const DefSite &A, const DefSite &B) {
    return A.DecoStart < B.DecoStart;
  });

  uint32_t LastDecorator = UINT32_MAX;
  llvm::DenseSet<uint64_t> Seen;
  llvm::StringMap<llvm::StringRef> Interned;
  for (Candidate &Cand : Candidates) {
    const NameBindings::Record &R = Reads[Cand.Read];
    llvm::StringRef Root = Src.substr(R.Start, R.Length);
    RootKind Kind = Cand.Kind;
    ChainUse &U = Cand.Use;
    if (Cand.Before == Preceding::Decorator && Cand.Read != LastDecorator) {
      attachDecorator(R.Start, U.Chain); // whatever the name is bound to
      LastDecorator = Cand.Read;
    }
    if (Kind == RootKind::Local)
      continue;
    if (Kind == RootKind::Free && !HasStar && !isInterpretedBuiltin(Root))
      continue;
    if (Kind == RootKind::FirstParam && U.Kind == RefKind::Load)
      continue;
    Reference Ref;
    std::tie(Ref.Line, Ref.Col) = lineCol(R.Start);
    Ref.Function = ScopeFunction[R.Scope];
    Ref.Kind = U.Kind;
    Ref.Root = Kind;
    Ref.ImportTime = !NameBindings::deferred(R);
    Ref.InWith = NameBindings::inWith(R);
    Ref.Decorator = Cand.Before == Preceding::Decorator;
    if (Ref.Decorator) {
      Ref.DecoratorFactory = U.Kind == RefKind::Call;
      Ref.Kind = RefKind::Call;
    }
    Ref.Item = U.Item;
    Ref.Iterated = Cand.Before == Preceding::In ||
                   Cand.Before == Preceding::Iterating ||
                   Cand.Before == Preceding::Copying;
    Ref.Copied = Cand.Before == Preceding::Copying;
    Ref.Tested = Cand.Before == Preceding::Membership;
    Ref.Args = U.Args;
    if (U.Kind == RefKind::Call && U.ArgsKnown && Ref.Function >= 0) {
      const FunctionFact &Fn = Facts.Functions[Ref.Function];
      llvm::StringRef First = Src.slice(U.ArgBegin, U.ArgEnd).ltrim(" \t\r\n");
      Ref.PassesSelf =
          Fn.Class >= 0 && !Fn.FirstParam.empty() &&
          First.consume_front(Fn.FirstParam) &&
          (First.empty() ||
           !(llvm::isAlnum(First.front()) || First.front() == '_' ||
             static_cast<unsigned char>(First.front()) >= 0x80));
    }
    bool Interpreted = isInterpretedBuiltin(Root);
    // The arguments of import-time calls and of interpreted builtins, and
    // the key of a lookup in sys.modules (`sys.modules[k]`, `.get(k)`).
    // The key of an item store (`R[key] = v`).
    bool ModulesLookup =
        (U.Item || U.Kind == RefKind::Call) && containsText(U.Chain, "modules");
    // And the key of a lookup in a frame's namespace (`f.f_globals.get(k)`).
    bool ItemStore = U.Item && U.Kind == RefKind::Store;
    bool FrameLookup = (U.Item || U.Kind == RefKind::Call) &&
                       (containsText(U.Chain, "f_globals") ||
                        containsText(U.Chain, "f_locals"));
    if (U.ArgsKnown &&
        (U.Kind == RefKind::Call || ModulesLookup || ItemStore ||
         FrameLookup) &&
        (Ref.ImportTime || Interpreted || ModulesLookup || ItemStore ||
         FrameLookup))
      Ref.ArgText = Facts.save(Src.slice(U.ArgBegin, U.ArgEnd).take_front(240));
    std::string Normal =
        llvm::any_of(
            U.Chain,
            [](char Ch) { return static_cast<unsigned char>(Ch) >= 0x80; })
            ? normalizeIdentifier(U.Chain)
            : std::move(U.Chain);
    // Inside functions, one reference per distinct use is enough: what a
    // function does does not depend on how often it does it.
    if (!Ref.ImportTime && !Interpreted) {
      // Keyed by a 64-bit hash of what tells two uses apart.
      uint64_t K =
          llvm::hash_combine(Ref.Function, static_cast<uint8_t>(Ref.Kind),
                             static_cast<uint8_t>(Ref.Root), Ref.Item,
                             Ref.PassesSelf, llvm::StringRef(Normal));
      if (!Seen.insert(K).second)
        continue;
    }
    auto [It, New] = Interned.try_emplace(Normal);
    if (New)
      It->second = Facts.save(Normal);
    Ref.Chain = It->second;
    Facts.References.push_back(std::move(Ref));
  }

  writeOnlyGlobals(WriteRoots, WriteUses);

  // `global X` in a function that also binds X writes the module's X.
  const std::vector<NameBindings::Record> &Globals = Names.globalDeclarations();
  for (uint32_t I = 0; I < Globals.size(); ++I) {
    const NameBindings::Record &G = Globals[I];
    int32_t Def = G.Scope < ScopeDef.size() ? ScopeDef[G.Scope] : -1;
    llvm::StringRef Name = Src.substr(G.Start, G.Length);
    if (Def >= 0 &&
        Names.isBoundUnconditionallyIn(Names.globalName(I), G.Scope) &&
        !llvm::is_contained(Facts.Functions[Def].GlobalWrites, Name))
      Facts.Functions[Def].GlobalWrites.push_back(Name.str());
  }
}

void Walker::writeOnlyGlobals(const llvm::DenseSet<uint32_t> &WriteRoots,
                              const llvm::DenseSet<uint32_t> &WriteUses) {
  if (WriteRoots.empty() || ReachesNamespace)
    return;
  for (uint32_t Id : WriteRoots) {
    llvm::StringRef Name = Names.nameText(Id);
    if (!Names.isBoundIn(Id, NameBindings::ModuleScope) ||
        Exported.contains(Name))
      continue;
    bool OnlyWrites = true;
    for (const NameBindings::Record &R : Names.readsOf(Id))
      if (Names.resolve(Id, R) == NameBindings::ModuleScope &&
          !WriteUses.contains(R.Start)) {
        OnlyWrites = false;
        break;
      }
    if (OnlyWrites)
      Facts.WriteOnlyGlobals.push_back(Name.str());
  }
  llvm::sort(Facts.WriteOnlyGlobals);
}

void Walker::finish() {
  collectReferences();
  for (size_t I = 0; I < Facts.Imports.size(); ++I) {
    ImportFact &F = Facts.Imports[I];
    const ImportSite &Site = ImportSites[I];
    for (ImportedName &Name : F.Names) {
      if (Name.Bound.empty())
        continue;
      NameBindings::Uses U = Names.uses(Name.Bound, Site.NameScope, Site.End);
      Name.Read = U.Read;
      Name.ReadAtImportTime = U.ReadAtImportTime;
      if (U.FirstImportTimeRead != UINT32_MAX)
        std::tie(Name.FirstImportTimeLine, Name.FirstImportTimeCol) =
            lineCol(U.FirstImportTimeRead);
      if (Site.NameScope == NameBindings::ModuleScope &&
          Exported.count(Name.Bound))
        Name.Read = true;
    }
  }
  if (HaveError) {
    std::string Msg = "invalid syntax";
    unsigned Regions = Facts.ErrorNodes + Facts.MissingNodes;
    if (Regions > 1)
      Msg += " (" + std::to_string(Regions) + " error regions)";
    Msg += "; facts come from the parts that parsed";
    Facts.Diags.push_back({RuleId::LC001, Path.str(), FirstErrorLine,
                           FirstErrorCol, std::move(Msg)});
  }
}

ModuleFacts Walker::run(TSTree *Tree) {
  TSNode Root = ts_tree_root_node(Tree);
  Facts.Bytes = Src.size();
  buildLineStarts();
  Facts.Lines = static_cast<unsigned>(LineStarts.size() - 1) +
                (Src.empty() || Src.endswith("\n") ? 0 : 1);
  TreeHasErrors = ts_node_has_error(Root);
  TSTreeCursor C = ts_tree_cursor_new(Root);
  unsigned Depth = 0;
  while (true) {
    TSNode N = ts_tree_cursor_current_node(&C);
    bool Descend = false;
    if (ts_node_is_named(N) || (TreeHasErrors && ts_node_is_missing(N))) {
      TSSymbol Sym = ts_node_symbol(N);
      TSFieldId Field = 0;
      if (Depth > 0 &&
          (State.InParams || (Stack[Depth - 1].Sym < L.FieldsMatter.size() &&
                              L.FieldsMatter[Stack[Depth - 1].Sym])))
        Field = ts_tree_cursor_current_field_id(&C);
      Descend = enter(N, Sym, Field, Depth);
    }
    if (Descend && ts_tree_cursor_goto_first_child(&C)) {
      ++Depth;
      continue;
    }
    bool Done = false;
    while (true) {
      leave(Depth);
      if (ts_tree_cursor_goto_next_sibling(&C))
        break;
      if (!ts_tree_cursor_goto_parent(&C)) {
        Done = true;
        break;
      }
      --Depth;
    }
    if (Done)
      break;
  }
  ts_tree_cursor_delete(&C);
  // finish() reads only the source and what the walk logged: free the
  // tree while its nodes are still in cache.
  ts_tree_delete(Tree);
  finish();
  return std::move(Facts);
}

} // namespace

ModuleFacts PythonParser::extract(llvm::StringRef Source,
                                  llvm::StringRef DisplayPath) {
  TSTree *Tree = ts_parser_parse_string(Parser, nullptr, Source.data(),
                                        static_cast<uint32_t>(Source.size()));
  return Walker(Source, DisplayPath).run(Tree);
}

} // namespace lazycheck
