#pragma once
// Small ASCII string helpers (config targets, class names, file names, PNG parameters): one copy for
// the whole tree instead of one per file. Unicode-aware text processing is in core/text/unicode.h.

#include <cctype>
#include <string>

namespace ldm::text {

inline bool starts_with(const std::string& s, const std::string& prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

inline bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// ASCII lower case; other bytes (UTF-8 included) are kept.
inline std::string ascii_lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Without leading and trailing spaces, tabs and line ends.
inline std::string trim(const std::string& s) {
  const size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

}  // namespace ldm::text
