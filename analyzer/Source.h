//===- Source.h - Reading and decoding Python source ------------*- C++ -*-===//
#ifndef LAZYCHECK_ANALYZER_SOURCE_H
#define LAZYCHECK_ANALYZER_SOURCE_H

#include "Diagnostic.h"
#include "llvm/ADT/StringRef.h"
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace lazycheck {

/// Files larger than this are reported (LC005) and skipped.
constexpr uint64_t MaxSourceBytes = 64ull << 20;

/// Decodes raw file bytes to UTF-8: strips a BOM, honours a PEP 263 coding
/// cookie (UTF-8, ASCII and the Latin-1 family are decoded; others are read
/// as UTF-8 with a diagnostic), replaces invalid sequences with U+FFFD and
/// reports NUL bytes. Diagnostics are appended to Diags.
std::string decodeSource(llvm::StringRef Raw, llvm::StringRef DisplayPath,
                         DiagnosticList &Diags);

/// Reads and decodes a file; nullopt (with a diagnostic) when it cannot be
/// read or is too large.
std::optional<std::string> loadSource(llvm::StringRef Path,
                                      llvm::StringRef DisplayPath,
                                      DiagnosticList &Diags);

/// Whether a comment of Text (any text after a `#`, on its line) contains
/// one of Words: a quick test that only looks at the lines with a `#`.
bool commentMentions(llvm::StringRef Text,
                     std::initializer_list<llvm::StringRef> Words);

/// Whether Needle occurs in Text. For the short texts of chains and
/// comments this is much cheaper than StringRef::find, which builds a
/// 256-entry skip table for every haystack of 16 bytes or more.
inline bool containsText(llvm::StringRef Text, llvm::StringRef Needle) {
  return std::string_view(Text.data(), Text.size())
             .find(std::string_view(Needle.data(), Needle.size())) !=
         std::string_view::npos;
}

/// An identifier as Python compares it: NFKC-normalised (PEP 3131). ASCII
/// text is returned unchanged.
std::string normalizeIdentifier(llvm::StringRef Text);
/// Loads ICU's NFKC data. Call on the main thread before parallel work:
/// ICU initialises it lazily, and worker threads should only read it.
void initIdentifierNormalizer();

/// The encoding named by a PEP 263 cookie in the first two lines, normalised
/// to lower case with '_' as '-'; empty when there is none.
std::string findCodingCookie(llvm::StringRef Text);

} // namespace lazycheck

#endif
