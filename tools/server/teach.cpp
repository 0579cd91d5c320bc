// tools/server/teach.cpp: /v1/catalog, /v1/library, /v1/rule-in-out and /v1/graph (tools/server/teach.hpp).
#include "tools/server/teach.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>

#include <fmt/format.h>

#include "engine/compile/network.hpp"
#include "grammar/suggest.hpp"
#include "tools/json/case_io.hpp"
#include "tools/json/json_util.hpp"
#include "tools/json/result_io.hpp"
#include "tools/render/dot.hpp"

namespace ddx::tools {
namespace {

using oj = nlohmann::ordered_json;
using query_map = std::multimap<std::string, std::string>;

api_reply ok(const oj& j) { return {200, dump_json(j, false), {}}; }

std::string param(const query_map& q, const std::string& key) {
  auto it = q.find(key);
  return it == q.end() ? std::string{} : it->second;
}

/// Rounded as every number ddx writes (docs/json-contracts.md): 6 places, no -0.
double round6(double x) {
  const double r = std::round(x * 1e6) / 1e6;
  return r == 0 ? 0.0 : r;
}

oj kb_json(const engine::knowledge_base& kb) {
  return oj{{"name", kb.info().name}, {"version", kb.info().version}, {"digest", kb.info().digest}};
}

api_reply unknown_condition(const engine::knowledge_base& kb, const std::string& condition) {
  std::vector<std::string> ids;
  for (const auto& c : kb.impl().m.conditions) ids.push_back(c.id);
  case_issue i{"explain.unknown_condition", "unknown condition `" + condition + "`", "condition",
               grammar::closest_names(condition, ids), {}, {}};
  return {400, dump_json(case_issues_json({i}), false), {}};
}

bool is_condition(const engine::knowledge_base& kb, const std::string& id) {
  const auto& cs = kb.impl().m.conditions;
  return std::any_of(cs.begin(), cs.end(), [&](const auto& c) { return c.id == id; });
}

oj case_input_json(const engine::case_input& c) {
  oj j;
  j["id"] = c.id ? oj(*c.id) : oj(nullptr);
  j["present"] = c.present;
  j["absent"] = c.absent;
  j["values"] = oj::object();
  for (const auto& [k, v] : c.values) j["values"][k] = v;
  return j;
}

/// An `expect` clause as the language writes it (grammar/unparse.cpp writes the same from the syntax tree).
std::string expect_text(const engine::model& m, const engine::model_expect& x) {
  using K = grammar::ast::expectation::kind;
  const auto cond = [&] { return x.target < m.conditions.size() ? m.conditions[x.target].id : std::string("?"); };
  const auto flag = [&] { return x.target < m.flags.size() ? m.flags[x.target].id : std::string("?"); };
  const std::string level = engine::triage_name(x.level);
  switch (x.k) {
    case K::first: return "expect " + cond() + " first";
    case K::not_first: return "expect " + cond() + " not first";
    case K::rank: return fmt::format("expect {} rank {}", cond(), x.n);
    case K::in_top: return fmt::format("expect {} in top {}", cond(), x.n);
    case K::not_in_top: return fmt::format("expect {} not in top {}", cond(), x.n);
    case K::listed: return "expect " + cond() + " listed";
    case K::not_listed: return "expect " + cond() + " not listed";
    case K::triage_is: return "expect triage " + level;
    case K::triage_at_least: return "expect triage at least " + level;
    case K::triage_at_most: return "expect triage at most " + level;
    case K::flag_raised: return "expect flag " + flag();
    case K::flag_not_raised: return "expect no flag " + flag();
  }
  return {};
}

}  // namespace

api_reply catalog_reply(const engine::knowledge_base& kb) {
  const auto& m = kb.impl().m;
  oj j;
  j["kb"] = kb_json(kb);
  j["regions"] = m.regions;
  j["findings"] = oj::array();
  for (const auto& f : m.findings)
    j["findings"].push_back(oj{{"id", f.id}, {"kind", f.kind}, {"label", f.label}, {"region", f.region},
                               {"synonyms", f.synonyms}, {"description", f.description}});
  j["values"] = oj::array();
  for (const auto& v : m.values)
    j["values"].push_back(oj{{"id", v.id}, {"label", v.label}, {"unit", v.unit},
                             {"low", v.has_range ? oj(v.low) : oj(nullptr)}, {"high", v.has_range ? oj(v.high) : oj(nullptr)}});
  j["conditions"] = oj::array();
  for (const auto& c : m.conditions)
    j["conditions"].push_back(oj{{"id", c.id}, {"name", c.name}, {"region", c.region},
                                 {"urgency", c.urgency ? oj(engine::triage_name(*c.urgency)) : oj(nullptr)},
                                 {"advice", c.advice}, {"sources", c.sources}});
  j["facts"] = oj::array();
  for (const auto& f : m.facts) j["facts"].push_back(oj{{"id", f.id}, {"label", f.label}});
  j["flags"] = oj::array();
  for (const auto& f : m.flags)
    j["flags"].push_back(oj{{"id", f.id}, {"label", f.label}, {"level", engine::triage_name(f.level)}, {"advice", f.advice}});
  // Rules by id with their text, location and sources: the page shows where each piece of evidence comes from.
  j["rules"] = oj::array();
  const auto& impl = kb.impl();
  for (std::uint32_t r = 0; r < impl.rules.size(); ++r) {
    const auto& rule = impl.model_rule_of(r);
    oj sources = oj::array();
    for (auto s : rule.sources) sources.push_back(std::string(s));
    j["rules"].push_back(oj{{"id", std::string(rule.id)}, {"text", std::string(rule.text)}, {"location", impl.rule_location(r)},
                            {"sources", sources}});
  }
  j["disclaimer"] = kb.disclaimer();
  return ok(j);
}

api_reply library_reply(const engine::knowledge_base& kb) {
  const auto& impl = kb.impl();
  const auto& m = impl.m;
  oj tests = oj::array();
  for (std::size_t i = 0; i < m.tests.size(); ++i) {
    const auto& t = m.tests[i];
    // The region of the condition the test is about (its first expectation naming a condition), else the file's.
    std::string region, about;
    for (const auto& x : t.expects) {
      using K = grammar::ast::expectation::kind;
      const bool names_condition = x.k != K::flag_raised && x.k != K::flag_not_raised && x.k != K::triage_at_least &&
                                   x.k != K::triage_at_most && x.k != K::triage_is;
      if (names_condition && x.target < m.conditions.size()) {
        region = m.conditions[x.target].region;
        about = m.conditions[x.target].id;
        break;
      }
    }
    const auto& location = impl.test_locations[i];
    if (region.empty()) {
      auto stem = std::filesystem::path(location.substr(0, location.rfind(':'))).stem().string();
      if (stem.size() > 6 && stem.ends_with("_tests")) stem.resize(stem.size() - 6);
      region = stem;
    }
    engine::case_input c;
    c.id = t.id;
    for (auto f : t.present) c.present.push_back(m.findings[f].id);
    for (auto f : t.absent) c.absent.push_back(m.findings[f].id);
    for (const auto& [v, x] : t.values) c.values.emplace_back(m.values[v].id, x);
    oj expects = oj::array();
    for (const auto& x : t.expects) expects.push_back(x.text.empty() ? expect_text(m, x) : x.text);
    tests.push_back(oj{{"id", t.id}, {"label", t.label}, {"region", region}, {"condition", about.empty() ? oj(nullptr) : oj(about)},
                       {"location", location}, {"expects", expects}, {"case", case_input_json(c)}});
  }
  return ok(oj{{"kb", kb_json(kb)}, {"tests", tests}});
}

api_reply rule_in_out_reply(const engine::knowledge_base& kb, const query_map& q, const std::string& body,
                            const engine::deadline& deadline) {
  const auto condition = param(q, "condition");
  if (condition.empty()) return error_reply(400, "request.missing_parameter", "missing query parameter `condition`");
  std::size_t top = 8;
  if (const auto t = param(q, "top"); !t.empty()) {
    const auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), top);
    if (ec != std::errc{} || p != t.data() + t.size() || top == 0)
      return error_reply(400, "request.bad_parameter", fmt::format("`top` must be a positive integer, found `{}`", t));
  }
  const auto read = read_case(body, kb);
  if (!read.errors.empty()) return {400, dump_json(case_issues_json(read.errors), false), {}};
  if (!is_condition(kb, condition)) return unknown_condition(kb, condition);
  const auto now = kb.explain(*read.resolved, condition);
  const double base = now->score;

  struct move {
    std::string finding, label;
    double if_present = 0, if_absent = 0;
    double reach() const { return std::max(std::abs(if_present), std::abs(if_absent)); }
  };
  std::vector<move> moves;
  const auto& input = read.input;
  const auto known = [&](const std::string& id) {
    return std::find(input.present.begin(), input.present.end(), id) != input.present.end() ||
           std::find(input.absent.begin(), input.absent.end(), id) != input.absent.end();
  };
  std::vector<engine::case_error> errors;
  engine::resolved_case scratch;
  const auto score_with = [&](const std::string& id, bool present) {
    auto c = input;
    (present ? c.present : c.absent).push_back(id);
    if (!kb.resolve(c, scratch, errors)) return base;
    return kb.explain(scratch, condition)->score;
  };
  for (const auto& f : kb.impl().m.findings) {
    if (known(f.id)) continue;
    engine::check_deadline(deadline);  // two runs of the engine per unknown finding: the endpoint's long loop
    move mv{f.id, f.label, score_with(f.id, true) - base, score_with(f.id, false) - base};
    if (mv.reach() >= 0.0005) moves.push_back(std::move(mv));
  }
  std::stable_sort(moves.begin(), moves.end(), [](const move& a, const move& b) {
    if (a.reach() != b.reach()) return a.reach() > b.reach();
    return a.finding < b.finding;
  });
  if (moves.size() > top) moves.resize(top);
  oj out;
  out["condition"] = condition;
  out["name"] = now->name;
  out["rank"] = now->rank ? oj(*now->rank) : oj(nullptr);
  out["score"] = round6(base);
  out["moves"] = oj::array();
  for (const auto& mv : moves)
    out["moves"].push_back(oj{{"finding", mv.finding}, {"label", mv.label},
                              {"if_present", round6(base + mv.if_present)}, {"change_if_present", round6(mv.if_present)},
                              {"if_absent", round6(base + mv.if_absent)}, {"change_if_absent", round6(mv.if_absent)}});
  return ok(out);
}

api_reply graph_reply(const engine::knowledge_base& kb, const query_map& q, const std::string& body,
                      const engine::deadline& deadline) {
  dot_scope scope;
  scope.condition = param(q, "condition");
  const auto fired_only = flag_parameter(q, "fired_only");
  if (!fired_only) return bad_flag_reply(q, "fired_only");
  scope.fired_only = *fired_only;
  const auto read = read_case(body.empty() ? std::string_view("{}") : std::string_view(body), kb);
  if (!read.errors.empty()) return {400, dump_json(case_issues_json(read.errors), false), {}};
  if (!scope.condition.empty() && !is_condition(kb, scope.condition)) return unknown_condition(kb, scope.condition);
  if (scope.condition.empty() && !scope.fired_only)
    return error_reply(400, "request.missing_parameter",
                       "give `condition` or `fired_only=1`: the whole network is too large to draw in a page");
  engine::diagnose_options options;
  options.trace = true;
  options.next_questions = false;
  options.deadline = deadline;
  const auto result = kb.diagnose(*read.resolved, options);
  const dot_marks marks{&read.input, &result};
  const auto mask = scope_mask(kb, marks, scope);
  std::size_t nodes = 0;
  const auto& g = kb.impl().graph();
  for (std::uint32_t v = 0; v < mask->size(); ++v)
    if ((*mask)[v] && boost::in_degree(v, g) + boost::out_degree(v, g) > 0) ++nodes;
  return ok(oj{{"condition", scope.condition.empty() ? oj(nullptr) : oj(scope.condition)},
               {"fired_only", scope.fired_only}, {"nodes", nodes}, {"dot", render_dot(kb, marks, scope)}});
}

}  // namespace ddx::tools
