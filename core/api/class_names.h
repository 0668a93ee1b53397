#pragma once
// Class and label names as users type them: an index, or a name matched case-insensitively against any
// of an entry's comma-separated synonyms (the ImageNet list: "great white shark, white shark, ...").
// Torch-free; the CLI's --class and the GUI's class picker use it.
#include <string>
#include <vector>

namespace ldm {

// The index of `query` in `names`: "0".."N-1", or a name. RequestError when it is unknown or ambiguous,
// listing the closest entries.
int resolve_class_name(const std::vector<std::string>& names, const std::string& query);

// Up to `limit` entries whose synonyms contain `query` (case-insensitive), best first; for an empty
// result the nearest by edit distance. For suggestions and a searchable picker.
std::vector<int> closest_class_names(const std::vector<std::string>& names, const std::string& query, size_t limit = 5);

// The lines of a class list file (one class per line, index = line number), e.g. imagenet-classes.txt.
std::vector<std::string> read_class_lines(const std::string& path);
// The "classes" array of a JSON class list ({"classes": ["name", ...]} or [{"number", "name"}, ...]).
std::vector<std::string> read_class_json(const std::string& path);

}  // namespace ldm
