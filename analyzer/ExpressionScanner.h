//===- ExpressionScanner.h - Names an expression reads, lexically -*- C++ -*-=//
//
// A fast path for the walker: stepping a tree-sitter cursor through every
// node of an expression costs more than parsing it did, yet all the walker
// wants from most expressions is which names they read. This scanner reads
// those straight from the source bytes of a plain expression and gives up
// (so the walker descends) on anything that needs the tree: lambdas,
// comprehensions, assignment expressions, f-strings, dynamic imports.
//
//===----------------------------------------------------------------------===//
#ifndef LAZYCHECK_ANALYZER_EXPRESSIONSCANNER_H
#define LAZYCHECK_ANALYZER_EXPRESSIONSCANNER_H

#include "Facts.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <optional>
#include <utility>

namespace lazycheck {

/// Appends (offset, length) of every name that Source[Begin, End) reads:
/// identifiers that are not keywords, attribute names (after '.'), keyword
/// argument names (before '=') or parts of strings, numbers and comments.
/// Returns false, leaving Reads unspecified, when the expression holds a
/// construct that needs the syntax tree.
bool scanExpressionReads(
    llvm::StringRef Source, uint32_t Begin, uint32_t End,
    llvm::SmallVectorImpl<std::pair<uint32_t, uint32_t>> &Reads);
/// A simple statement read lexically: one expression (an expression
/// statement, or what follows `return`, `raise` or `assert`), or, when
/// MayAssign, an assignment (`t = v`, `t op= v`, `t: A = v`, `t: A`) whose
/// target is a name, a list of names or an attribute or subscript chain.
/// Reads are in source order; those in [AnnotationBegin, AnnotationEnd)
/// read the annotation. False, leaving Out
/// unspecified, when the statement needs the syntax tree.
struct StatementScan {
  llvm::SmallVector<std::pair<uint32_t, uint32_t>, 32> Reads;
  llvm::SmallVector<std::pair<uint32_t, uint32_t>, 4> Binds;
  size_t AnnotationBegin = 0, AnnotationEnd = 0;
  bool Assigns = false; // an assignment of any kind
};
bool scanStatement(llvm::StringRef Source, uint32_t Begin, uint32_t End,
                   bool MayAssign, StatementScan &Out);

/// The names of a target list of plain names, `a, b` or `a, b,`: appends
/// their (offset, length); false when the list holds anything else.
bool scanNameList(llvm::StringRef Source, uint32_t Begin, uint32_t End,
                  llvm::SmallVectorImpl<std::pair<uint32_t, uint32_t>> &Names);

/// A function's parameter list, `(a, b: T = d, *args, **kw)`, read
/// lexically: the names it binds, the names its defaults read and the names
/// its annotations read. False when it needs the syntax tree.
struct ParameterScan {
  llvm::SmallVector<std::pair<uint32_t, uint32_t>, 8> Binds, Reads,
      AnnotationReads;
};
bool scanParameters(llvm::StringRef Source, uint32_t Begin, uint32_t End,
                    ParameterScan &Out);

/// What the code says right before a name, on the same line.
enum class Preceding : uint8_t {
  Other,
  Decorator,  // `@` first on the line
  Del,        // the `del` keyword
  In,         // the `in` of a for: `for x in name`, `[... for x in name]`
  Membership, // the `in` of a membership test: `x in name`, `x not in name`
  Iterating,  // `(` of list(, sorted(, set(, tuple(, iter(, ...
  Copying,    // `dict(`: iterates its argument and keeps the values
  Annotation, // `:` (an annotation or a dict value; never a store target)
};
Preceding scanPreceding(llvm::StringRef Source, uint32_t Start);

/// The uses of the dotted chain that starts with the name at [Start, End):
/// the attribute names that follow it, calls (each call that the chain
/// continues after is a use of its own: `open(p).write(s)` gives `open`
/// and `open().write`), subscripts, and an assignment or augmented
/// assignment after it. Looks at most a few KiB ahead, so the scan is
/// linear in practice even for deeply nested calls.
struct ChainUse {
  std::string Chain;
  RefKind Kind = RefKind::Load;
  bool Item = false;
  bool ArgsKnown = false; // the closing parenthesis (or bracket) was found
  uint16_t Args = 0;
  uint32_t ArgBegin = 0, ArgEnd = 0; // between the parentheses (or the
                                     // brackets of a subscript)
};
void scanChain(llvm::StringRef Source, uint32_t Start, uint32_t End,
               bool MayStore, llvm::SmallVectorImpl<ChainUse> &Uses);

/// Splits an argument list's text at its top-level commas (outside
/// brackets and strings); trims each part.
llvm::SmallVector<llvm::StringRef, 4> splitArguments(llvm::StringRef Text);
/// The first top-level argument of an argument list's text, trimmed; ""
/// when there is none.
llvm::StringRef firstArgument(llvm::StringRef Text);
/// The text of a quoted string literal without its quotes (no prefixes,
/// no triple quotes); nullopt when Text is not one.
std::optional<llvm::StringRef> quotedText(llvm::StringRef Text);

} // namespace lazycheck

#endif
