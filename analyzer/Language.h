//===- Language.h - tree-sitter-python symbols and fields -------*- C++ -*-===//
//
// The node kinds and field names lazycheck depends on, looked up once by name
// in the pinned grammar. The walker compares numeric ids, never strings.
//
//===----------------------------------------------------------------------===//
#ifndef LAZYCHECK_ANALYZER_LANGUAGE_H
#define LAZYCHECK_ANALYZER_LANGUAGE_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <string>
#include <tree_sitter/api.h>
#include <vector>

extern "C" const TSLanguage *tree_sitter_python(void);

namespace lazycheck {

#define LAZYCHECK_SYMBOLS(X)                                                   \
  X(Module, "module")                                                          \
  X(ImportStatement, "import_statement")                                       \
  X(ImportFromStatement, "import_from_statement")                              \
  X(FutureImportStatement, "future_import_statement")                          \
  X(AliasedImport, "aliased_import")                                           \
  X(DottedName, "dotted_name")                                                 \
  X(RelativeImport, "relative_import")                                         \
  X(ImportPrefix, "import_prefix")                                             \
  X(WildcardImport, "wildcard_import")                                         \
  X(Identifier, "identifier")                                                  \
  X(FunctionDefinition, "function_definition")                                 \
  X(ClassDefinition, "class_definition")                                       \
  X(DecoratedDefinition, "decorated_definition")                               \
  X(Lambda, "lambda")                                                          \
  X(Parameters, "parameters")                                                  \
  X(LambdaParameters, "lambda_parameters")                                     \
  X(TryStatement, "try_statement")                                             \
  X(ExceptClause, "except_clause")                                             \
  X(ExceptGroupClause, "except_group_clause")                                  \
  X(FinallyClause, "finally_clause")                                           \
  X(ElseClause, "else_clause")                                                 \
  X(ElifClause, "elif_clause")                                                 \
  X(WithStatement, "with_statement")                                           \
  X(IfStatement, "if_statement")                                               \
  X(ForStatement, "for_statement")                                             \
  X(WhileStatement, "while_statement")                                         \
  X(MatchStatement, "match_statement")                                         \
  X(CaseClause, "case_clause")                                                 \
  X(Assignment, "assignment")                                                  \
  X(AugmentedAssignment, "augmented_assignment")                               \
  X(ForInClause, "for_in_clause")                                              \
  X(NamedExpression, "named_expression")                                       \
  X(AsPattern, "as_pattern")                                                   \
  X(AsPatternTarget, "as_pattern_target")                                      \
  X(Attribute, "attribute")                                                    \
  X(Subscript, "subscript")                                                    \
  X(KeywordArgument, "keyword_argument")                                       \
  X(GlobalStatement, "global_statement")                                       \
  X(NonlocalStatement, "nonlocal_statement")                                   \
  X(Call, "call")                                                              \
  X(ArgumentList, "argument_list")                                             \
  X(String, "string")                                                          \
  X(StringStart, "string_start")                                               \
  X(StringContent, "string_content")                                           \
  X(StringEnd, "string_end")                                                   \
  X(ConcatenatedString, "concatenated_string")                                 \
  X(List, "list")                                                              \
  X(Tuple, "tuple")                                                            \
  X(ParenthesizedExpression, "parenthesized_expression")                       \
  X(ExpressionStatement, "expression_statement")                               \
  X(ReturnStatement, "return_statement")                                       \
  X(RaiseStatement, "raise_statement")                                         \
  X(AssertStatement, "assert_statement")                                       \
  X(Comment, "comment")                                                        \
  X(PatternList, "pattern_list")                                               \
  X(NotOperator, "not_operator")                                               \
  X(ComparisonOperator, "comparison_operator")                                 \
  X(BooleanOperator, "boolean_operator")                                       \
  X(Block, "block")                                                            \
  X(Set, "set")                                                                \
  X(DeleteStatement, "delete_statement")                                       \
  X(ListComprehension, "list_comprehension")                                   \
  X(SetComprehension, "set_comprehension")                                     \
  X(DictionaryComprehension, "dictionary_comprehension")                       \
  X(GeneratorExpression, "generator_expression")

#define LAZYCHECK_FIELDS(X)                                                    \
  X(Name, "name")                                                              \
  X(Alias, "alias")                                                            \
  X(ModuleName, "module_name")                                                 \
  X(Body, "body")                                                              \
  X(Condition, "condition")                                                    \
  X(Consequence, "consequence")                                                \
  X(Alternative, "alternative")                                                \
  X(Left, "left")                                                              \
  X(Right, "right")                                                            \
  X(Type, "type")                                                              \
  X(Value, "value")                                                            \
  X(Object, "object")                                                          \
  X(AttributeField, "attribute")                                               \
  X(Function, "function")                                                      \
  X(Arguments, "arguments")                                                    \
  X(ReturnType, "return_type")                                                 \
  X(Superclasses, "superclasses")                                              \
  X(Operators, "operators")                                                    \
  X(Argument, "argument")                                                      \
  X(Parameters, "parameters")

/// Numeric ids of the grammar's symbols and fields we use.
struct Language {
#define LAZYCHECK_DECLARE(Member, Str) TSSymbol Member = 0;
  LAZYCHECK_SYMBOLS(LAZYCHECK_DECLARE)
#undef LAZYCHECK_DECLARE
  struct Fields {
#define LAZYCHECK_DECLARE(Member, Str) TSFieldId Member = 0;
    LAZYCHECK_FIELDS(LAZYCHECK_DECLARE)
#undef LAZYCHECK_DECLARE
  } F;

  const TSLanguage *TS = nullptr;
  /// Symbols whose children's field names the walker consults; asking the
  /// cursor for a field id costs a table search, so it asks only below these.
  std::vector<bool> FieldsMatter;
  /// Expression kinds the walker may hand whole to the lexical scanner.
  std::vector<bool> Expression;
  /// Names of symbols or fields the grammar lacks; empty when all exist.
  std::vector<std::string> Missing;

  /// The process-wide instance (built on first use, then read-only).
  static const Language &get();

private:
  Language();
};

} // namespace lazycheck

#endif
