// engine/check/symbols.cpp: declaring each declaration as it arrives (one global namespace, E202) and name lookups for hints.
#include "engine/check/symbols.hpp"

#include <fmt/format.h>

#include <iterator>
#include <variant>

#include "engine/check/rules.hpp"
#include "grammar/suggest.hpp"
#include "support/huge_pages.hpp"

namespace ddx::engine::check {
namespace {

namespace ast = grammar::ast;

void report_duplicate(context& cx, const ast::ident& id, node_ref first) {
  grammar::diagnostic d;
  d.code = "E202";
  d.span = id.span;
  d.message = fmt::format("`{}` is already declared as a {}", id.name, kind_name(first.kind));
  d.hint = "rename one of the two declarations";
  d.notes.push_back({declaration_span(cx, first), "first declared here"});
  cx.diags.report(std::move(d));
}

void declare(context& cx, const ast::ident& id, node_kind kind, std::size_t index) {
  const node_ref ref{kind, static_cast<std::uint32_t>(index)};
  if (!cx.m.names.add(id.name, ref)) report_duplicate(cx, id, *cx.m.names.find(id.name));
}

void declare_header(context& cx, const ast::knowledge_base_decl& d) {
  if (cx.header != nullptr) {
    grammar::diagnostic dup;
    dup.code = "E302";
    dup.span = d.name.span;
    dup.message = "more than one `knowledge_base` declaration";
    dup.hint = "keep exactly one `knowledge_base` across all files";
    dup.notes.push_back({cx.header->name.span, "first declared here"});
    cx.diags.report(std::move(dup));
    return;
  }
  cx.header = &d;
  cx.m.name = d.name.value;
  if (d.version) cx.m.version = d.version->value;
  if (d.other_prior) cx.m.other_prior = d.other_prior->value;
  if (d.urgency_threshold) cx.m.urgency_threshold = d.urgency_threshold->value;
  if (d.disclaimer) cx.m.disclaimer = d.disclaimer->value;
  for (const auto& r : d.regions) {
    bool seen = false;
    for (std::size_t i = 0; i < cx.m.regions.size(); ++i) {
      if (cx.m.regions[i] != r.name) continue;
      seen = true;
      grammar::diagnostic dup;
      dup.code = "E202";
      dup.span = r.span;
      dup.message = fmt::format("region `{}` is listed twice", r.name);
      dup.hint = "list each region once";
      dup.notes.push_back({cx.region_spans[i], "first listed here"});
      cx.diags.report(std::move(dup));
    }
    if (seen) continue;
    cx.m.regions.push_back(std::string(r.name));
    cx.region_spans.push_back(r.span);
  }
}

struct declarer {
  context& cx;
  void operator()(const ast::knowledge_base_decl& d) const { declare_header(cx, d); }
  void operator()(const ast::finding_decl& d) const {
    model_finding f{std::string(d.id.name), std::string(d.kind.name), d.label.value, {}, {}, {}, d.id.span};
    if (d.description) f.description = d.description->value;
    for (const auto& s : d.synonyms) f.synonyms.push_back(s.value);
    declare(cx, d.id, node_kind::finding, cx.m.findings.size());
    cx.m.findings.push_back(std::move(f));
    cx.finding_decls.push_back(&d);
  }
  void operator()(const ast::value_decl& d) const {
    declare(cx, d.id, node_kind::value, cx.m.values.size());
    model_value& v = cx.m.values.emplace_back();
    v.id = d.id.name;
    v.label = d.label.value;
    v.unit = d.unit ? d.unit->value : "";
    v.description = d.description ? d.description->value : "";
    v.span = d.id.span;
    v.has_range = d.low && d.high;
    if (v.has_range) {
      v.low = d.low->value;
      v.high = d.high->value;
    }
    cx.value_decls.push_back(&d);
  }
  void operator()(const ast::condition_decl& d) const {
    model_condition c{std::string(d.id.name), d.name.value, {}, d.advice ? d.advice->value : "",
                      d.description ? d.description->value : "", 0, {}, d.id.span, {}};
    for (const auto& s : d.sources) c.sources.push_back(s.value);
    declare(cx, d.id, node_kind::condition, cx.m.conditions.size());
    cx.m.conditions.push_back(std::move(c));
    cx.condition_decls.push_back(&d);
  }
  void operator()(const ast::fact_decl& d) const {
    declare(cx, d.id, node_kind::fact, cx.m.facts.size());
    cx.m.facts.push_back({std::string(d.id.name), d.label.value, d.id.span});
    cx.fact_decls.push_back(&d);
  }
  void operator()(const ast::flag_decl& d) const {
    declare(cx, d.id, node_kind::flag, cx.m.flags.size());
    cx.m.flags.push_back({std::string(d.id.name), d.label.value, d.advice ? d.advice->value : "", triage_level::self_care, d.id.span, {}});
    cx.flag_decls.push_back(&d);
  }
  void operator()(const ast::rule_decl& d) const {
    declare(cx, d.id, node_kind::rule, cx.m.rules.size());
    model_rule_of(cx, d, cx.m.rules.emplace_back());
  }
  void operator()(const ast::test_decl& d) const {
    model_test t;
    t.id = d.id.name;
    t.label = d.label ? d.label->value : "";
    t.span = d.span;
    declare(cx, d.id, node_kind::test, cx.m.tests.size());
    cx.m.tests.push_back(std::move(t));
    cx.test_decls.push_back(&d);
  }
};

}  // namespace

void reserve(context& cx, const grammar::declaration_counts& count, std::optional<std::size_t> rule_parts_for) {
  auto reserve = [&](auto& items, auto& decls, std::size_t index) {
    items.reserve(items.size() + count[index]);
    decls.reserve(decls.size() + count[index]);
  };
  reserve(cx.m.findings, cx.finding_decls, grammar::declaration_index<ast::finding_decl>());
  reserve(cx.m.values, cx.value_decls, grammar::declaration_index<ast::value_decl>());
  reserve(cx.m.conditions, cx.condition_decls, grammar::declaration_index<ast::condition_decl>());
  reserve(cx.m.facts, cx.fact_decls, grammar::declaration_index<ast::fact_decl>());
  reserve(cx.m.flags, cx.flag_decls, grammar::declaration_index<ast::flag_decl>());
  reserve(cx.m.tests, cx.test_decls, grammar::declaration_index<ast::test_decl>());
  const std::size_t rules = count[grammar::declaration_index<ast::rule_decl>()];
  // Reserved from the count of `rule` lines: filled whole (a count is exact for files laid out as `ddx fmt` does).
  support::reserve_on_huge_pages(cx.m.rules, cx.m.rules.size() + rules, support::will_write::all);
  // Every rule has an effect (one without is an error), so that block is filled; a rule may have no source.
  const std::size_t parts = rule_parts_for.value_or(rules);
  cx.m.rule_parts.effects.reserve(parts, support::will_write::all);
  cx.m.rule_parts.sources.reserve(parts);
  std::size_t names = cx.m.names.size();
  for (std::size_t i = 0; i < count.size(); ++i)
    if (i != grammar::declaration_index<ast::knowledge_base_decl>()) names += count[i];
  cx.m.names.reserve(names, names * 16);  // characters: a guess; the arena grows past it if needed
}

void declare(context& cx, ast::declaration&& d) {
  if (std::holds_alternative<ast::rule_decl>(d)) return declarer{cx}(std::get<ast::rule_decl>(d));
  std::visit(declarer{cx}, cx.kept.emplace_back(std::move(d)));
}

void declare(context& cx, const ast::declaration& d) { std::visit(declarer{cx}, d); }

void declare_rule(context& cx, const ast::rule_decl& d) { declarer{cx}(d); }

void later_declarations::reserve(const grammar::declaration_counts& counts) {
  grammar::declaration_counts rules_only{};
  rules_only[grammar::declaration_index<ast::rule_decl>()] = counts[grammar::declaration_index<ast::rule_decl>()];
  check::reserve(cx_, rules_only);
  std::size_t others = 0;
  for (std::size_t i = 0; i < counts.size(); ++i)
    if (i != grammar::declaration_index<ast::rule_decl>()) others += counts[i];
  others_.reserve(others);
}

void later_declarations::add(ast::declaration&& d) {
  if (std::holds_alternative<ast::rule_decl>(d)) return add_rule(std::get<ast::rule_decl>(d));
  others_.push_back({cx_.m.rules.size(), std::move(d)});
}

void later_declarations::add_rule(const ast::rule_decl& d) { model_rule_of(cx_, d, cx_.m.rules.emplace_back()); }

void checker::absorb(later_declarations&& later) {
  context& cx = cx_;
  std::vector<model_rule>& rules = later.cx_.m.rules;
  const std::size_t base = cx.m.rules.size();
  cx.m.rules.insert(cx.m.rules.end(), std::make_move_iterator(rules.begin()), std::make_move_iterator(rules.end()));
  cx.m.rule_parts.absorb(std::move(later.cx_.m.rule_parts));
  for (const auto& d : later.diags_.all()) cx.diags.report(d);
  // Names in the order they were declared, as declare() would have met them: a declaration kept by `later` after
  // the rules that arrived before it.
  constexpr std::size_t ahead = 8;  // each new name is a random slot of the table: fetched a few names ahead
  std::size_t next = base;
  const auto declare_rules_to = [&](std::size_t end) {
    for (; next < end; ++next) {
      if (next + ahead < end) cx.m.names.prefetch(cx.m.rules[next + ahead].id);
      const model_rule& r = cx.m.rules[next];
      declare(cx, ast::ident{r.id, r.id_span}, node_kind::rule, next);
    }
  };
  for (auto& [rules_before, d] : later.others_) {
    declare_rules_to(base + rules_before);
    declare(cx, std::move(d));
  }
  declare_rules_to(cx.m.rules.size());
  rules.clear();
  later.others_.clear();
}

std::vector<std::string> names_of(const model& m, node_kind kind) {
  std::vector<std::string> out;
  auto add = [&](const auto& items) {
    for (const auto& x : items) out.emplace_back(x.id);
  };
  switch (kind) {
    case node_kind::finding: add(m.findings); break;
    case node_kind::value: add(m.values); break;
    case node_kind::fact: add(m.facts); break;
    case node_kind::rule: add(m.rules); break;
    case node_kind::condition: add(m.conditions); break;
    case node_kind::flag: add(m.flags); break;
    case node_kind::test: add(m.tests); break;
  }
  return out;
}

source_span declaration_span(const context& cx, node_ref ref) {
  const auto i = ref.index;
  switch (ref.kind) {
    case node_kind::finding: return cx.finding_decls[i]->id.span;
    case node_kind::value: return cx.value_decls[i]->id.span;
    case node_kind::fact: return cx.fact_decls[i]->id.span;
    case node_kind::rule: return cx.m.rules[i].id_span;
    case node_kind::condition: return cx.condition_decls[i]->id.span;
    case node_kind::flag: return cx.flag_decls[i]->id.span;
    case node_kind::test: return cx.test_decls[i]->id.span;
  }
  return {};
}

std::string did_you_mean_hint(std::string_view name, const std::vector<std::string>& candidates) {
  return grammar::did_you_mean(grammar::closest_names(name, candidates));
}

void error_with_suggestions(context& cx, const char* code, source_span span, std::string message, std::string_view name,
                            const std::vector<std::string>& candidates, std::string fallback_hint) {
  auto close = grammar::closest_names(name, candidates);
  grammar::diagnostic d{grammar::severity::error, code, std::move(message), span, {},
                        close.empty() ? std::move(fallback_hint) : grammar::did_you_mean(close), {}};
  d.fixes = grammar::replace_with_each(span, close);
  cx.diags.report(std::move(d));
}

std::vector<std::pair<std::string, std::string>> labels_of(const model& m, node_kind kind) {
  std::vector<std::pair<std::string, std::string>> out;
  switch (kind) {
    case node_kind::finding:
      for (const auto& f : m.findings) {
        out.emplace_back(f.id, f.label);
        for (const auto& s : f.synonyms) out.emplace_back(f.id, s);
      }
      break;
    case node_kind::condition:
      for (const auto& c : m.conditions) out.emplace_back(c.id, c.name);
      break;
    case node_kind::value:
      for (const auto& v : m.values) out.emplace_back(v.id, v.label);
      break;
    case node_kind::fact:
      for (const auto& f : m.facts) out.emplace_back(f.id, f.label);
      break;
    case node_kind::flag:
      for (const auto& f : m.flags) out.emplace_back(f.id, f.label);
      break;
    default: break;
  }
  return out;
}

}  // namespace ddx::engine::check
