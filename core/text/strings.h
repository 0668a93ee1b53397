#pragma once
// Small ASCII string helpers (config targets, class names, file names, PNG parameters): one copy for
// the whole tree instead of one per file. Unicode-aware text processing is in core/text/unicode.h.

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

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

// Levenshtein distance (insertions, deletions, substitutions of bytes).
inline size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

// For "did you mean ...?" after a typo: the candidate `given` most likely meant, or "" when none is
// close. Case, spaces and punctuation are ignored ("DPM++ 2M" ~ "dpmpp_2m" is a distance of 2); a
// candidate that starts the given word or that the given word starts ("negative-prompt" ~ "negative")
// counts as close (three letters or more), otherwise at most a third of the letters may differ (at least two).
inline std::string nearest_name(const std::string& given, const std::vector<std::string>& candidates) {
  const auto letters = [](const std::string& s) {
    std::string out;
    for (char c : s)
      if (std::isalnum(static_cast<unsigned char>(c))) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
  };
  const std::string g = letters(given);
  if (g.empty()) return {};
  std::string best;
  size_t best_score = std::max<size_t>(2, g.size() / 3) + 1;
  for (const auto& candidate : candidates) {
    const std::string c = letters(candidate);
    if (c.empty()) continue;
    size_t score = edit_distance(g, c);
    if (g.size() >= 3 && c.size() >= 3 && (starts_with(g, c) || starts_with(c, g))) score = std::min<size_t>(score, 1);
    if (score < best_score) best = candidate, best_score = score;
  }
  return best;
}

// " (did you mean X?)" for nearest_name's answer, or "".
inline std::string did_you_mean(const std::string& given, const std::vector<std::string>& candidates,
                                const std::string& prefix = "") {
  const std::string n = nearest_name(given, candidates);
  return n.empty() ? std::string() : " (did you mean " + prefix + n + "?)";
}

}  // namespace ldm::text
