//===- Source.cpp - Reading and decoding Python source --------------------===//
#include "Source.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/ErrorOr.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"

namespace lazycheck {

std::string findCodingCookie(llvm::StringRef Text) {
  for (int LineNo = 0; LineNo < 2 && !Text.empty(); ++LineNo) {
    auto [Line, Rest] = Text.split('\n');
    Text = Rest;
    llvm::StringRef L = Line.ltrim(" \t\f");
    if (!L.startswith("#")) {
      if (!L.trim().empty())
        return ""; // a cookie on line 2 needs a blank or comment line 1
      continue;
    }
    size_t Pos = L.find("coding");
    if (Pos == llvm::StringRef::npos || Pos + 6 >= L.size())
      continue;
    llvm::StringRef After = L.drop_front(Pos + 6);
    if (After.front() != ':' && After.front() != '=')
      continue;
    After = After.drop_front().ltrim(" \t");
    size_t End = 0;
    while (End < After.size() &&
           (llvm::isAlnum(After[End]) || After[End] == '-' ||
            After[End] == '_' || After[End] == '.'))
      ++End;
    if (End == 0)
      continue;
    std::string Name = After.take_front(End).lower();
    std::replace(Name.begin(), Name.end(), '_', '-');
    return Name;
  }
  return "";
}

static bool isUtf8Name(llvm::StringRef N) {
  return N == "utf-8" || N == "utf8" || N.startswith("utf-8-") ||
         N.startswith("utf8-");
}

static bool isLatin1Name(llvm::StringRef N) {
  return N == "latin-1" || N == "latin1" || N == "l1" || N == "iso-8859-1" ||
         N == "iso8859-1" || N.startswith("iso-8859-1-") || N == "cp819" ||
         N == "cp1252" || N == "windows-1252";
}

static std::pair<unsigned, unsigned> lineColOf(llvm::StringRef Text,
                                               size_t Offset) {
  unsigned Line = 1, Col = 1;
  for (size_t I = 0; I < Offset && I < Text.size(); ++I) {
    if (Text[I] == '\n') {
      ++Line;
      Col = 1;
    } else if ((static_cast<unsigned char>(Text[I]) & 0xC0) != 0x80) {
      ++Col;
    }
  }
  return {Line, Col};
}

std::string decodeSource(llvm::StringRef Raw, llvm::StringRef DisplayPath,
                         DiagnosticList &Diags) {
  if (Raw.startswith("\xEF\xBB\xBF"))
    Raw = Raw.drop_front(3);
  std::string Cookie = findCodingCookie(Raw);
  auto Report = [&](unsigned Line, unsigned Col, std::string Msg) {
    Diags.push_back(
        {RuleId::LC002, DisplayPath.str(), Line, Col, std::move(Msg)});
  };

  std::string Text;
  if (!Cookie.empty() && isLatin1Name(Cookie)) {
    // Latin-1 maps every byte to the code point of the same value.
    Text.reserve(Raw.size() + Raw.size() / 8);
    for (unsigned char C : Raw) {
      if (C < 0x80) {
        Text.push_back(static_cast<char>(C));
      } else {
        Text.push_back(static_cast<char>(0xC0 | (C >> 6)));
        Text.push_back(static_cast<char>(0x80 | (C & 0x3F)));
      }
    }
  } else {
    if (!Cookie.empty() && !isUtf8Name(Cookie) && Cookie != "ascii" &&
        Cookie != "us-ascii")
      Report(1, 1,
             "unsupported source encoding '" + Cookie +
                 "'; the file was read as UTF-8");
    size_t ErrOffset = 0;
    if (llvm::json::isUTF8(Raw, &ErrOffset)) {
      Text = Raw.str();
    } else {
      auto [Line, Col] = lineColOf(Raw, ErrOffset);
      Report(Line, Col,
             "file is not valid UTF-8" +
                 (Cookie.empty() ? std::string()
                                 : " (declared '" + Cookie + "')") +
                 "; invalid bytes were replaced with U+FFFD");
      Text = llvm::json::fixUTF8(Raw);
    }
  }

  size_t Nul = Text.find('\0');
  if (Nul != std::string::npos) {
    auto [Line, Col] = lineColOf(Text, Nul);
    Report(Line, Col, "source contains NUL bytes; Python refuses to import it");
  }
  return Text;
}

std::optional<std::string> loadSource(llvm::StringRef Path,
                                      llvm::StringRef DisplayPath,
                                      DiagnosticList &Diags) {
  llvm::sys::fs::file_status Status;
  if (std::error_code EC = llvm::sys::fs::status(Path, Status)) {
    Diags.push_back({RuleId::LC003, DisplayPath.str(), 0, 0,
                     "cannot read file: " + EC.message()});
    return std::nullopt;
  }
  if (Status.getSize() > MaxSourceBytes) {
    Diags.push_back({RuleId::LC005, DisplayPath.str(), 0, 0,
                     "file is " + std::to_string(Status.getSize() >> 20) +
                         " MiB, over the " +
                         std::to_string(MaxSourceBytes >> 20) +
                         " MiB limit; skipped"});
    return std::nullopt;
  }
  auto Buf = llvm::MemoryBuffer::getFile(Path, /*IsText=*/false,
                                         /*RequiresNullTerminator=*/false);
  if (!Buf) {
    Diags.push_back({RuleId::LC003, DisplayPath.str(), 0, 0,
                     "cannot read file: " + Buf.getError().message()});
    return std::nullopt;
  }
  return decodeSource((*Buf)->getBuffer(), DisplayPath, Diags);
}

} // namespace lazycheck
