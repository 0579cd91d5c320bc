// tools/json/case_reader_fast.cpp: a well-formed case read from the JSON parser's events, without the document.
// read_case_reference (case_io.cpp) builds nlohmann's whole DOM (a map per object, a node per string), watches every
// key for duplicates through a parser callback, then walks the DOM to check its shape: for the cases of a batch that
// was a fifth of the time outside the engine. Here a SAX handler accepts only the plain shape of a good case (an
// object whose keys are some of `id`, `present`, `absent`, `values`, each once; lists of distinct non-empty strings;
// `values` an object of numbers with distinct keys) and fills the case_input as the events come. At the first event
// outside that shape, at a parse error, or when the engine rejects an id or a value, it gives up and read_case asks
// the reference, which finds and words the errors; so the outcome is always the reference's
// (tests/tools/case_reader_test.cpp compares both on valid, broken and random cases).
#include <algorithm>

#include "tools/json/case_io.hpp"

namespace ddx::tools {
namespace {

using nlohmann::json;

class case_events {
 public:
  explicit case_events(engine::case_input& in) : in_(in) {}

  bool null() { return field_ == field::id && place_ == place::top_value && done(); }
  bool boolean(bool) { return false; }
  bool number_integer(json::number_integer_t x) { return number(static_cast<double>(x)); }
  bool number_unsigned(json::number_unsigned_t x) { return number(static_cast<double>(x)); }
  bool number_float(json::number_float_t x, const json::string_t&) { return number(x); }
  bool binary(json::binary_t&) { return false; }

  bool string(json::string_t& s) {
    if (place_ == place::top_value && field_ == field::id) {
      in_.id = std::move(s);
      return done();
    }
    if (place_ != place::list) return false;
    auto& list = field_ == field::present ? in_.present : in_.absent;
    if (s.empty() || std::find(list.begin(), list.end(), s) != list.end()) return false;  // the reference's errors
    list.push_back(std::move(s));
    return true;
  }

  bool start_object(std::size_t) {
    if (place_ == place::start) {
      place_ = place::top_key;
      return true;
    }
    if (place_ == place::top_value && field_ == field::values) {
      place_ = place::value_key;
      return true;
    }
    return false;
  }

  bool key(json::string_t& k) {
    if (place_ == place::value_key) {
      for (const auto& v : in_.values)
        if (v.first == k) return false;  // a key given twice
      in_.values.emplace_back(std::move(k), 0.0);
      place_ = place::value_number;
      return true;
    }
    if (place_ != place::top_key) return false;
    field f;
    if (k == "id") f = field::id;
    else if (k == "present") f = field::present;
    else if (k == "absent") f = field::absent;
    else if (k == "values") f = field::values;
    else return false;  // an unknown field
    const unsigned bit = 1u << static_cast<unsigned>(f);
    if (seen_ & bit) return false;  // a key given twice
    seen_ |= bit;
    field_ = f;
    place_ = place::top_value;
    return true;
  }

  bool end_object() {
    if (place_ == place::value_key) return done();
    if (place_ != place::top_key) return false;
    place_ = place::end;
    return true;
  }

  bool start_array(std::size_t) {
    if (place_ != place::top_value || (field_ != field::present && field_ != field::absent)) return false;
    place_ = place::list;
    return true;
  }

  bool end_array() {
    if (place_ != place::list) return false;
    return done();
  }

  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) { return false; }

  bool complete() const { return place_ == place::end; }

 private:
  enum class field : unsigned { id, present, absent, values };
  enum class place { start, top_key, top_value, list, value_key, value_number, end };

  bool number(double x) {
    if (place_ != place::value_number) return false;
    in_.values.back().second = x;
    place_ = place::value_key;
    return true;
  }

  /// A top-level field's value is complete.
  bool done() {
    place_ = place::top_key;
    return true;
  }

  engine::case_input& in_;
  place place_ = place::start;
  field field_ = field::id;
  unsigned seen_ = 0;
};

}  // namespace

std::optional<case_read> read_case_fast(std::string_view text, const engine::knowledge_base& kb) {
  case_read out;
  case_events events(out.input);
  bool parsed = false;
  try {
    parsed = json::sax_parse(text.begin(), text.end(), &events) && events.complete();
  } catch (const json::exception&) {
    parsed = false;  // the reference reports it
  }
  if (!parsed) return std::nullopt;
  // The reference iterates the DOM's sorted keys, so its `values` come in key order; the engine does not care, but
  // case_read::input is shown to people (interview, graph marks).
  std::sort(out.input.values.begin(), out.input.values.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<engine::case_error> errors;
  engine::resolved_case resolved;
  if (!kb.resolve(out.input, resolved, errors) || !errors.empty()) return std::nullopt;
  out.resolved = std::move(resolved);
  return out;
}

}  // namespace ddx::tools
