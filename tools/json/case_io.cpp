// tools/json/case_io.cpp: case JSON parsing, shape and id validation, resolution and error rendering.
#include "tools/json/case_io.hpp"

#include <algorithm>
#include <limits>

#include <fmt/format.h>

#include "grammar/suggest.hpp"
#include "tools/json/json_util.hpp"

namespace ddx::tools {
namespace {

using nlohmann::json;

const std::vector<std::string> case_fields = {"id", "present", "absent", "values"};

case_issue issue(std::string code, std::string field, std::string message,
                 std::vector<std::string> suggestions = {}) {
  return case_issue{std::move(code), std::move(message), std::move(field), std::move(suggestions), {}, {}};
}

/// "syntax error while parsing value - invalid literal; last read: 'x'" -> "invalid literal; last read: 'x'"
std::string short_reason(const std::string& what) {
  std::string s = what;
  if (auto p = s.find(": "); p != std::string::npos && s.rfind("[json.exception", 0) == 0) s = s.substr(p + 2);
  if (auto p = s.find(" - "); p != std::string::npos) s = s.substr(p + 3);
  return s;
}

/// 1-based line and column (in code points) of the byte at `offset`.
std::pair<std::uint32_t, std::uint32_t> line_col_of(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  std::uint32_t line = 1, column = 1;
  for (std::size_t i = 0; i < offset; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++line;
      column = 1;
    } else if ((c & 0xC0) != 0x80) {
      ++column;
    }
  }
  return {line, column};
}

/// Where an issue sorts: errors are listed in the case's keys' sorted order (nlohmann's objects iterate sorted), then
/// by item within a key, present-and-absent last (docs/json-contracts.md, "Errors").
struct issue_order {
  bool last = false;
  std::string key;       ///< the top-level key
  std::size_t item = 0;  ///< the list item
  std::string sub;       ///< the key inside `values`
  auto operator<=>(const issue_order&) const = default;
};

/// Checks the JSON's shape only (types, empty and repeated list items, unknown fields) and fills `input` with what
/// is well formed; ids, ranges and present-and-absent are the engine's (knowledge_base::resolve).
class shape_checker {
 public:
  shape_checker(const engine::knowledge_base& kb, engine::case_input& input) : kb_(kb), input_(input) {}

  void run(const json& doc) {
    if (!doc.is_object()) {
      add({}, "case.not_an_object", "", fmt::format("expected a JSON object at the top level, found {}", type_phrase(doc)));
      return;
    }
    for (const auto& [key, value] : doc.items()) check_field(key, value);
  }

  /// Adds the engine's errors, each at the JSON position of the item it names, in the order of the checks before.
  void add_engine_errors(std::vector<engine::case_error>& errors) {
    for (auto& e : errors) {
      issue_order at{e.code == engine::case_error_code::present_and_absent, {}, 0, {}};
      if (e.list == engine::case_list::values) {
        at.key = "values";
        at.sub = e.id;
      } else {
        const bool present = e.list == engine::case_list::present;
        at.key = present ? "present" : "absent";
        e.index = (present ? present_at_ : absent_at_)[e.index];
        e.field = engine::case_error_field(e);
        e.message = engine::case_error_message(e);
        at.item = e.index;
      }
      issues_.emplace_back(std::move(at), issue(engine::case_error_code_name(e.code), std::move(e.field),
                                                std::move(e.message), std::move(e.suggestions)));
    }
  }

  std::vector<case_issue> issues() {
    std::stable_sort(issues_.begin(), issues_.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<case_issue> out;
    out.reserve(issues_.size());
    for (auto& entry : issues_) out.push_back(std::move(entry.second));
    return out;
  }

 private:
  void add(issue_order at, std::string code, std::string field, std::string message,
           std::vector<std::string> suggestions = {}) {
    issues_.emplace_back(std::move(at), issue(std::move(code), std::move(field), std::move(message), std::move(suggestions)));
  }

  void check_field(const std::string& key, const json& value) {
    if (key == "id") return check_id(value);
    if (key == "present") return check_list("present", value, input_.present, present_at_);
    if (key == "absent") return check_list("absent", value, input_.absent, absent_at_);
    if (key == "values") return check_values(value);
    auto near = grammar::closest_names(key, case_fields);
    add({false, key, 0, {}}, "case.unknown_field", key,
        fmt::format("unknown field `{}`, expected one of `id`, `present`, `absent`, `values`", key), near);
  }

  void check_id(const json& value) {
    if (value.is_string()) {
      input_.id = value.get<std::string>();
      return;
    }
    if (value.is_null()) return;
    add({false, "id", 0, {}}, "case.wrong_type", "id", fmt::format("`id` must be a string, found {}", type_phrase(value)));
  }

  /// Items that are strings, not empty and not repeats go to `out`; `at` keeps each one's position in the array.
  void check_list(const char* name, const json& value, std::vector<std::string>& out, std::vector<std::size_t>& at) {
    if (!value.is_array()) {
      add({false, name, 0, {}}, "case.wrong_type", name,
          fmt::format("`{}` must be an array of finding ids, found {}", name, type_phrase(value)));
      return;
    }
    for (std::size_t i = 0; i < value.size(); ++i) {
      const json& item = value[i];
      if (!item.is_string()) {
        const std::string field = fmt::format("{}[{}]", name, i);
        add({false, name, i, {}}, "case.wrong_type", field,
            fmt::format("{} must be a finding id string, found {}", field, type_phrase(item)));
        continue;
      }
      const auto& id = item.get_ref<const std::string&>();
      if (id.empty()) {
        const std::string field = fmt::format("{}[{}]", name, i);
        add({false, name, i, {}}, "case.empty_id", field, fmt::format("empty finding id in {}", field));
      } else if (std::find(out.begin(), out.end(), id) != out.end()) {
        const std::string field = fmt::format("{}[{}]", name, i);
        add({false, name, i, {}}, "case.duplicate_id", field,
            fmt::format("finding `{}` is listed twice in `{}`, again at {}", id, name, field));
      } else {
        out.push_back(id);
        at.push_back(i);
      }
    }
  }

  void check_values(const json& value) {
    if (!value.is_object()) {
      add({false, "values", 0, {}}, "case.wrong_type", "values",
          fmt::format("`values` must be an object of numbers, found {}", type_phrase(value)));
      return;
    }
    for (const auto& [key, v] : value.items()) {
      if (v.is_number()) {
        input_.values.emplace_back(key, v.get<double>());
      } else if (kb_.value_index(key)) {
        const std::string field = "values." + key;
        add({false, "values", 0, key}, "case.wrong_type", field,
            fmt::format("{} must be a number, found {}", field, type_phrase(v)));
      } else {
        // An unknown name is the first thing wrong with it, whatever its type: the engine reports it (not a number,
        // it would be out of range next).
        input_.values.emplace_back(key, std::numeric_limits<double>::quiet_NaN());
      }
    }
  }

  const engine::knowledge_base& kb_;
  engine::case_input& input_;
  std::vector<std::size_t> present_at_, absent_at_;  ///< array position of each item of input_.present, .absent
  std::vector<std::pair<issue_order, case_issue>> issues_;
};

}  // namespace

std::optional<json> parse_json(std::string_view text, std::vector<case_issue>& errors) {
  // A key given twice would silently keep only its last value (a second "present" would drop the first
  // list), so duplicates are an error. The parser callback sees every key of every object.
  std::vector<std::vector<std::string>> keys_seen;
  std::vector<std::string> duplicates;
  const auto watch_keys = [&](int, json::parse_event_t event, json& parsed) {
    if (event == json::parse_event_t::object_start) keys_seen.emplace_back();
    else if (event == json::parse_event_t::object_end && !keys_seen.empty()) keys_seen.pop_back();
    else if (event == json::parse_event_t::key && !keys_seen.empty() && parsed.is_string()) {
      auto& seen = keys_seen.back();
      const auto& key = parsed.get_ref<const std::string&>();
      if (std::find(seen.begin(), seen.end(), key) != seen.end()) duplicates.push_back(key);
      else seen.push_back(key);
    }
    return true;
  };
  try {
    auto doc = json::parse(text.begin(), text.end(), watch_keys);
    for (const auto& key : duplicates)
      errors.push_back(issue("case.duplicate_key", key, "key `" + key + "` appears twice; give each field once"));
    if (!duplicates.empty()) return std::nullopt;
    return doc;
  } catch (const json::parse_error& e) {
    // nlohmann's `byte` is 1-based and points at the last character read.
    const std::size_t offset = e.byte == 0 ? 0 : e.byte - 1;
    auto [line, column] = line_col_of(text, offset);
    case_issue i = issue("case.malformed_json", "", "malformed JSON: " + short_reason(e.what()));
    i.line = line;
    i.column = column;
    errors.push_back(std::move(i));
    return std::nullopt;
  } catch (const json::exception& e) {
    // Number overflow (`1e400`) and the like: nlohmann gives no position, so point at the number if found.
    std::string what = e.what(), number;
    if (auto a = what.find('\''), b = what.rfind('\''); a != std::string::npos && b > a) number = what.substr(a + 1, b - a - 1);
    case_issue i = issue("case.malformed_json", "",
                         number.empty() ? "malformed JSON: a number cannot be represented"
                                        : "malformed JSON: number `" + number + "` is too large");
    if (auto at = number.empty() ? std::string_view::npos : text.find(number); at != std::string_view::npos) {
      auto [line, column] = line_col_of(text, at);
      i.line = line;
      i.column = column;
    }
    errors.push_back(std::move(i));
    return std::nullopt;
  }
}

case_read read_case_json(const json& doc, const engine::knowledge_base& kb) {
  case_read out;
  shape_checker check(kb, out.input);
  check.run(doc);
  std::vector<engine::case_error> engine_errors;
  engine::resolved_case resolved;
  const bool ok = kb.resolve(out.input, resolved, engine_errors);
  check.add_engine_errors(engine_errors);
  out.errors = check.issues();
  if (out.errors.empty() && ok) out.resolved = std::move(resolved);
  else if (out.errors.empty()) out.errors.push_back(issue("case.invalid", "", "the case could not be resolved"));
  return out;
}

case_read read_case(std::string_view text, const engine::knowledge_base& kb) {
  if (auto fast = read_case_fast(text, kb)) return std::move(*fast);
  return read_case_reference(text, kb);
}

case_read read_case_reference(std::string_view text, const engine::knowledge_base& kb) {
  case_read out;
  auto doc = parse_json(text, out.errors);
  if (!doc) return out;
  return read_case_json(*doc, kb);
}

std::string format_case_issues(std::string_view file, const std::vector<case_issue>& issues) {
  std::string out;
  for (const auto& i : issues) {
    if (i.line) out += fmt::format("{}:{}:{}: error: {}\n", file, *i.line, i.column.value_or(1), i.message);
    else out += fmt::format("{}: error: {}\n", file, i.message);
    if (!i.suggestions.empty()) out += "hint: " + grammar::did_you_mean(i.suggestions) + "\n";
  }
  return out;
}

nlohmann::ordered_json case_issue_json(const case_issue& i) {
  nlohmann::ordered_json j;
  j["code"] = i.code;
  j["message"] = i.message;
  j["field"] = i.field;
  if (i.line) j["line"] = *i.line;
  if (i.column) j["column"] = *i.column;
  j["suggestions"] = i.suggestions;
  return j;
}

nlohmann::ordered_json case_issues_json(const std::vector<case_issue>& issues) {
  nlohmann::ordered_json j;
  j["error"] = issues.empty() ? nlohmann::ordered_json::object() : case_issue_json(issues.front());
  j["errors"] = nlohmann::ordered_json::array();
  for (const auto& i : issues) j["errors"].push_back(case_issue_json(i));
  return j;
}

}  // namespace ddx::tools
