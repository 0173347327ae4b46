//===- Source.cpp - Reading and decoding Python source --------------------===//
#include "Source.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/ErrorOr.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include <cstring>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

namespace lazycheck {

void initIdentifierNormalizer() {
  UErrorCode Status = U_ZERO_ERROR;
  (void)icu::Normalizer2::getNFKCInstance(Status);
}

std::string normalizeIdentifier(llvm::StringRef Text) {
  bool Ascii = true;
  for (char C : Text)
    Ascii &= static_cast<unsigned char>(C) < 0x80;
  if (Ascii)
    return Text.str();
  UErrorCode Status = U_ZERO_ERROR;
  const icu::Normalizer2 *NFKC = icu::Normalizer2::getNFKCInstance(Status);
  if (U_FAILURE(Status))
    return Text.str();
  icu::UnicodeString Normal =
      NFKC->normalize(icu::UnicodeString::fromUTF8(icu::StringPiece(
                          Text.data(), static_cast<int32_t>(Text.size()))),
                      Status);
  if (U_FAILURE(Status))
    return Text.str();
  std::string Out;
  Normal.toUTF8String(Out);
  return Out;
}

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
    // Like Python's `coding[:=]\s*([-\w.]+)`: the first "coding" that is
    // followed by ':' or '=' and a name.
    for (size_t Pos = L.find("coding"); Pos != llvm::StringRef::npos;
         Pos = L.find("coding", Pos + 1)) {
      llvm::StringRef After = L.drop_front(Pos + 6);
      if (After.empty() || (After.front() != ':' && After.front() != '='))
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
         N.startswith("latin-1-");
}

static bool isCp1252Name(llvm::StringRef N) {
  return N == "cp1252" || N == "windows-1252";
}

/// Code points of Windows-1252's bytes 0x80-0x9F (0 where undefined; the
/// rest of the code page is Latin-1).
static const uint16_t Cp1252High[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

static void appendUtf8(std::string &Out, uint32_t CP) {
  if (CP < 0x80) {
    Out.push_back(static_cast<char>(CP));
  } else if (CP < 0x800) {
    Out.push_back(static_cast<char>(0xC0 | (CP >> 6)));
    Out.push_back(static_cast<char>(0x80 | (CP & 0x3F)));
  } else {
    Out.push_back(static_cast<char>(0xE0 | (CP >> 12)));
    Out.push_back(static_cast<char>(0x80 | ((CP >> 6) & 0x3F)));
    Out.push_back(static_cast<char>(0x80 | (CP & 0x3F)));
  }
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
  bool Bom = Raw.startswith("\xEF\xBB\xBF");
  if (Bom)
    Raw = Raw.drop_front(3);
  std::string Cookie = findCodingCookie(Raw);
  auto Report = [&](unsigned Line, unsigned Col, std::string Msg) {
    Diags.push_back(
        {RuleId::LC002, DisplayPath.str(), Line, Col, std::move(Msg)});
  };
  if (Bom && !Cookie.empty() && !isUtf8Name(Cookie)) {
    // Python refuses such a file ("encoding problem: utf-8 with BOM").
    Report(1, 1,
           "a UTF-8 byte order mark contradicts the declared encoding '" +
               Cookie + "'; Python refuses to import it; read as UTF-8");
    Cookie.clear();
  }

  std::string Text;
  if (!Cookie.empty() && (isLatin1Name(Cookie) || isCp1252Name(Cookie))) {
    // Latin-1 maps every byte to the code point of the same value;
    // Windows-1252 differs in 0x80-0x9F.
    bool Cp1252 = isCp1252Name(Cookie);
    Text.reserve(Raw.size() + Raw.size() / 8);
    for (unsigned char C : Raw) {
      uint32_t CP = C;
      if (Cp1252 && C >= 0x80 && C < 0xA0)
        CP = Cp1252High[C - 0x80] ? Cp1252High[C - 0x80] : 0xFFFD;
      appendUtf8(Text, CP);
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

bool commentMentions(llvm::StringRef Text,
                     std::initializer_list<llvm::StringRef> Words) {
  const char *P = Text.begin(), *E = Text.end();
  while ((P = static_cast<const char *>(memchr(P, '#', E - P)))) {
    const char *EOL = static_cast<const char *>(memchr(P, '\n', E - P));
    if (!EOL)
      EOL = E;
    llvm::StringRef Comment(P, EOL - P);
    for (llvm::StringRef W : Words)
      if (containsText(Comment, W))
        return true;
    P = EOL;
  }
  return false;
}

} // namespace lazycheck
