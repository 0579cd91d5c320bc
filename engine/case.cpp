// engine/case.cpp: the one wording of each case error (docs/json-contracts.md, "Errors").
#include "engine/case.hpp"

#include <fmt/format.h>

#include "support/number_text.hpp"

namespace ddx::engine {
namespace {

const char* list_name(case_list l) {
  switch (l) {
    case case_list::present: return "present";
    case case_list::absent: return "absent";
    case case_list::values: return "values";
  }
  return "values";
}

}  // namespace

std::string case_error_field(const case_error& e) {
  if (e.list == case_list::values) return "values." + e.id;
  return fmt::format("{}[{}]", list_name(e.list), e.index);
}

std::string case_error_message(const case_error& e) {
  using support::plain_number;
  switch (e.code) {
    case case_error_code::unknown_finding:
      return e.kind.empty() ? fmt::format("unknown finding `{}` in {}", e.id, case_error_field(e))
                            : fmt::format("`{}` in {} is a {}, not a finding", e.id, case_error_field(e), e.kind);
    case case_error_code::present_and_absent:
      return fmt::format("finding `{}` is both present and absent ({})", e.id, case_error_field(e));
    case case_error_code::unknown_value: return fmt::format("unknown value `{}` in values", e.id);
    case case_error_code::value_out_of_range:
      return fmt::format("value `{}` is {}, expected {} to {}", e.id, plain_number(e.number), plain_number(e.low),
                         plain_number(e.high));
  }
  return "invalid case";
}

const char* case_error_code_name(case_error_code code) {
  switch (code) {
    case case_error_code::unknown_finding: return "case.unknown_finding";
    case case_error_code::present_and_absent: return "case.present_and_absent";
    case case_error_code::unknown_value: return "case.unknown_value";
    case case_error_code::value_out_of_range: return "case.value_out_of_range";
  }
  return "case.invalid";
}

}  // namespace ddx::engine
