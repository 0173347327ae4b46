//===- Language.cpp - tree-sitter-python symbols and fields ---------------===//
#include "Language.h"
#include <cstring>

namespace lazycheck {

Language::Language() : TS(tree_sitter_python()) {
  auto Symbol = [&](const char *Name) -> TSSymbol {
    TSSymbol S = ts_language_symbol_for_name(TS, Name, std::strlen(Name),
                                             /*is_named=*/true);
    if (S == 0)
      Missing.push_back(std::string("node ") + Name);
    return S;
  };
  auto Field = [&](const char *Name) -> TSFieldId {
    TSFieldId Id = ts_language_field_id_for_name(TS, Name, std::strlen(Name));
    if (Id == 0)
      Missing.push_back(std::string("field ") + Name);
    return Id;
  };
#define LAZYCHECK_LOOKUP(Member, Str) Member = Symbol(Str);
  LAZYCHECK_SYMBOLS(LAZYCHECK_LOOKUP)
#undef LAZYCHECK_LOOKUP
#define LAZYCHECK_LOOKUP(Member, Str) F.Member = Field(Str);
  LAZYCHECK_FIELDS(LAZYCHECK_LOOKUP)
#undef LAZYCHECK_LOOKUP
  FieldsMatter.assign(ts_language_symbol_count(TS) + 1, false);
  for (TSSymbol S : {FunctionDefinition, Lambda, ClassDefinition, IfStatement,
                     ElifClause, TryStatement, ForStatement, WhileStatement,
                     WithStatement, Assignment, ForInClause, NamedExpression,
                     AsPattern, ExceptClause, Attribute, KeywordArgument})
    if (S < FieldsMatter.size())
      FieldsMatter[S] = true;
  Expression.assign(ts_language_symbol_count(TS) + 1, false);
  for (const char *Name : {"attribute",
                           "await",
                           "binary_operator",
                           "call",
                           "concatenated_string",
                           "dictionary",
                           "list",
                           "parenthesized_expression",
                           "set",
                           "string",
                           "subscript",
                           "tuple",
                           "unary_operator",
                           "boolean_operator",
                           "comparison_operator",
                           "conditional_expression",
                           "not_operator",
                           "argument_list",
                           "expression_list",
                           "pair",
                           "slice",
                           "keyword_argument",
                           "list_splat",
                           "dictionary_splat",
                           "type"}) {
    TSSymbol S = Symbol(Name);
    if (S < Expression.size())
      Expression[S] = true;
  }
}

const Language &Language::get() {
  // Magic static: initialised once, thread-safe, immutable afterwards.
  static const Language L;
  return L;
}

} // namespace lazycheck
