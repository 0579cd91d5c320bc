// tools/json/case_io.cpp: case JSON parsing, shape and id validation, resolution and error rendering.
#include "tools/json/case_io.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "grammar/suggest.hpp"
#include "tools/json/json_util.hpp"

namespace ddx::tools {
namespace {

using nlohmann::json;

const std::vector<std::string> case_fields = {"id", "present", "absent", "values"};

bool is_finding_kind(const std::string& kind) {
  return kind != "value" && kind != "condition" && kind != "fact" && kind != "flag";
}

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

class case_checker {
 public:
  case_checker(const case_vocabulary& vocab, engine::case_input& input) : vocab_(vocab), input_(input) {}

  std::vector<case_issue> run(const json& doc) {
    if (!doc.is_object()) {
      add("case.not_an_object", "", fmt::format("expected a JSON object at the top level, found {}", type_phrase(doc)));
      return std::move(errors_);
    }
    for (const auto& [key, value] : doc.items()) check_field(key, value);
    check_both_lists();
    return std::move(errors_);
  }

 private:
  void add(std::string code, std::string field, std::string message, std::vector<std::string> suggestions = {}) {
    errors_.push_back(issue(std::move(code), std::move(field), std::move(message), std::move(suggestions)));
  }

  void check_field(const std::string& key, const json& value) {
    if (key == "id") return check_id(value);
    if (key == "present") return check_list("present", value, input_.present);
    if (key == "absent") return check_list("absent", value, input_.absent);
    if (key == "values") return check_values(value);
    auto near = grammar::closest_names(key, case_fields);
    add("case.unknown_field", key,
        fmt::format("unknown field `{}`, expected one of `id`, `present`, `absent`, `values`", key), near);
  }

  void check_id(const json& value) {
    if (value.is_string()) {
      input_.id = value.get<std::string>();
      return;
    }
    if (value.is_null()) return;
    add("case.wrong_type", "id", fmt::format("`id` must be a string, found {}", type_phrase(value)));
  }

  void check_list(const std::string& name, const json& value, std::vector<std::string>& out) {
    if (!value.is_array()) {
      add("case.wrong_type", name, fmt::format("`{}` must be an array of finding ids, found {}", name, type_phrase(value)));
      return;
    }
    std::set<std::string> seen;
    for (std::size_t i = 0; i < value.size(); ++i) {
      const std::string field = fmt::format("{}[{}]", name, i);
      const json& item = value[i];
      if (!item.is_string()) {
        add("case.wrong_type", field, fmt::format("{} must be a finding id string, found {}", field, type_phrase(item)));
        continue;
      }
      const auto id = item.get<std::string>();
      if (id.empty()) {
        add("case.empty_id", field, fmt::format("empty finding id in {}", field));
      } else if (!seen.insert(id).second) {
        add("case.duplicate_id", field, fmt::format("finding `{}` is listed twice in `{}`, again at {}", id, name, field));
      } else if (const auto kind = other_kind(id)) {
        add("case.unknown_finding", field, fmt::format("`{}` in {} is a {}, not a finding", id, field, *kind));
      } else if (!std::binary_search(vocab_.findings.begin(), vocab_.findings.end(), id)) {
        add("case.unknown_finding", field, fmt::format("unknown finding `{}` in {}", id, field),
            grammar::closest_names(id, vocab_.findings));
      } else {
        out.push_back(id);
        if (name == "absent") absent_fields_.emplace_back(id, field);
      }
    }
  }

  std::optional<std::string> other_kind(const std::string& id) const {
    auto it = std::lower_bound(vocab_.others.begin(), vocab_.others.end(), std::make_pair(id, std::string{}));
    if (it == vocab_.others.end() || it->first != id) return std::nullopt;
    return it->second;
  }

  void check_values(const json& value) {
    if (!value.is_object()) {
      add("case.wrong_type", "values", fmt::format("`values` must be an object of numbers, found {}", type_phrase(value)));
      return;
    }
    for (const auto& [key, v] : value.items()) check_value(key, v);
  }

  void check_value(const std::string& key, const json& v) {
    const std::string field = "values." + key;
    auto it = std::lower_bound(vocab_.values.begin(), vocab_.values.end(), key,
                               [](const case_vocabulary::range& r, const std::string& k) { return r.id < k; });
    if (it == vocab_.values.end() || it->id != key) {
      std::vector<std::string> ids;
      for (const auto& r : vocab_.values) ids.push_back(r.id);
      add("case.unknown_value", field, fmt::format("unknown value `{}` in values", key), grammar::closest_names(key, ids));
      return;
    }
    if (!v.is_number()) {
      add("case.wrong_type", field, fmt::format("{} must be a number, found {}", field, type_phrase(v)));
      return;
    }
    const double x = v.get<double>();
    if ((it->low && x < *it->low) || (it->high && x > *it->high)) {
      add("case.value_out_of_range", field,
          fmt::format("value `{}` is {}, expected {} to {}", key, format_plain(x), format_plain(it->low.value_or(x)),
                      format_plain(it->high.value_or(x))));
      return;
    }
    input_.values.emplace_back(key, x);
  }

  void check_both_lists() {
    for (const auto& [id, field] : absent_fields_) {
      if (std::find(input_.present.begin(), input_.present.end(), id) != input_.present.end())
        add("case.present_and_absent", field, fmt::format("finding `{}` is both present and absent ({})", id, field));
    }
  }

  const case_vocabulary& vocab_;
  engine::case_input& input_;
  std::vector<case_issue> errors_;
  std::vector<std::pair<std::string, std::string>> absent_fields_;  ///< (id, "absent[i]")
};

/// Maps an error the engine found (and the checks above did not) to an issue with a code.
case_issue from_engine(const engine::case_error& e) {
  std::string code = "case.invalid";
  if (e.message.find("unknown finding") != std::string::npos) code = "case.unknown_finding";
  else if (e.message.find("unknown value") != std::string::npos) code = "case.unknown_value";
  else if (e.message.find("range") != std::string::npos) code = "case.value_out_of_range";
  else if (e.message.find("both") != std::string::npos) code = "case.present_and_absent";
  return issue(code, e.field, e.message, e.suggestions);
}

}  // namespace

case_vocabulary case_vocabulary::from(const std::vector<engine::vocab_entry>& entries) {
  case_vocabulary v;
  for (const auto& e : entries) {
    if (e.kind == "value") v.values.push_back({e.id, e.low, e.high});
    else if (is_finding_kind(e.kind)) v.findings.push_back(e.id);
    else v.others.emplace_back(e.id, e.kind);
  }
  std::sort(v.others.begin(), v.others.end());
  std::sort(v.findings.begin(), v.findings.end());
  std::sort(v.values.begin(), v.values.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  return v;
}

std::vector<case_issue> validate_case(const json& doc, const case_vocabulary& vocab, engine::case_input& input) {
  return case_checker(vocab, input).run(doc);
}

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
  out.errors = validate_case(doc, case_vocabulary::from(kb.vocabulary()), out.input);
  if (!out.errors.empty()) return out;
  std::vector<engine::case_error> engine_errors;
  out.resolved = kb.resolve(out.input, engine_errors);
  for (const auto& e : engine_errors) out.errors.push_back(from_engine(e));
  if (!out.errors.empty()) out.resolved.reset();
  else if (!out.resolved) out.errors.push_back(issue("case.invalid", "", "the case could not be resolved"));
  return out;
}

case_read read_case(std::string_view text, const engine::knowledge_base& kb) {
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
