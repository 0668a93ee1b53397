#include "core/api/class_names.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <fstream>

#include "core/error.h"
#include "core/text/strings.h"

namespace ldm {
namespace {

using text::ascii_lower;
using text::edit_distance;
using text::trim;

std::vector<std::string> synonyms(const std::string& entry) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    const size_t comma = entry.find(',', start);
    const std::string s = ascii_lower(trim(entry.substr(start, comma == std::string::npos ? std::string::npos : comma - start)));
    if (!s.empty()) out.push_back(s);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

std::string describe(const std::vector<std::string>& names, const std::vector<int>& which) {
  std::string out;
  for (int i : which) out += (out.empty() ? "" : "; ") + std::to_string(i) + " " + synonyms(names[static_cast<size_t>(i)]).front();
  return out;
}

}  // namespace

std::vector<int> closest_class_names(const std::vector<std::string>& names, const std::string& query_in, size_t limit) {
  const std::string query = ascii_lower(trim(query_in));
  std::vector<std::pair<size_t, int>> scored;  // (rank, index): exact synonym, prefix, substring
  for (size_t i = 0; i < names.size(); ++i) {
    size_t best = 3;
    for (const auto& s : synonyms(names[i])) {
      if (s == query) best = std::min<size_t>(best, 0);
      else if (s.rfind(query, 0) == 0) best = std::min<size_t>(best, 1);
      else if (s.find(query) != std::string::npos) best = std::min<size_t>(best, 2);
    }
    if (best < 3) scored.emplace_back(best, static_cast<int>(i));
  }
  if (scored.empty()) {
    for (size_t i = 0; i < names.size(); ++i) {
      size_t best = std::string::npos;
      for (const auto& s : synonyms(names[i])) best = std::min(best, edit_distance(s, query));
      scored.emplace_back(best, static_cast<int>(i));
    }
  }
  std::stable_sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<int> out;
  for (const auto& s : scored) {
    if (out.size() >= limit) break;
    out.push_back(s.second);
  }
  return out;
}

int resolve_class_name(const std::vector<std::string>& names, const std::string& query_in) {
  const std::string query = ascii_lower(trim(query_in));
  if (query.empty()) throw RequestError("no class given", ErrorCode::MissingInput);
  if (query.find_first_not_of("0123456789") == std::string::npos) {
    const long long index = query.size() > 9 ? -1 : std::stoll(query);
    if (index < 0 || index >= static_cast<long long>(names.size()))
      throw RequestError("class " + query + " is out of range: use 0.." + std::to_string(names.size() - 1) + " or a name");
    return static_cast<int>(index);
  }
  std::vector<int> exact;
  for (size_t i = 0; i < names.size(); ++i) {
    const auto syn = synonyms(names[i]);
    if (std::find(syn.begin(), syn.end(), query) != syn.end()) exact.push_back(static_cast<int>(i));
  }
  if (exact.size() == 1) return exact.front();
  if (exact.size() > 1)
    throw RequestError("class '" + query_in + "' is ambiguous: " + describe(names, exact) + "; give the index");
  throw RequestError("unknown class '" + query_in + "'; closest: " + describe(names, closest_class_names(names, query_in)));
}

std::vector<std::string> read_class_lines(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw LoadError("cannot open the class list " + path);
  std::vector<std::string> out;
  std::string line;
  while (std::getline(in, line)) {
    line = trim(line);
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

std::vector<std::string> read_class_json(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw LoadError("cannot open the class list " + path);
  try {
    const nlohmann::json j = nlohmann::json::parse(in);
    const nlohmann::json& classes = j.is_object() ? j.at("classes") : j;
    std::vector<std::string> out;
    for (const auto& c : classes) {
      if (c.is_string()) {
        out.push_back(c.get<std::string>());
      } else {
        const size_t n = c.at("number").get<size_t>();
        if (n >= 100000) throw LoadError(path + ": class number " + std::to_string(n) + " is out of range");
        if (out.size() <= n) out.resize(n + 1);
        out[n] = c.at("name").get<std::string>();
      }
    }
    return out;
  } catch (const nlohmann::json::exception& e) {
    throw LoadError(path + " is not a class list (" + std::string(e.what()) + ")");
  }
}

}  // namespace ldm
