// grammar/ast_print.cpp: canonical S-expression dump of an AST; equal trees print equal text.
#include "grammar/ast_print.hpp"

#include <array>

namespace ddx::grammar {

namespace {

std::string quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c == '\n' ? std::string("\\n") : c == '\t' ? std::string("\\t") : std::string(1, c);
  }
  return out + "\"";
}

std::string str(const ast::string_lit& s) { return quote(s.value); }

/// `(tag item item)`; nothing when `items` is empty and the clause is optional.
std::string clause(const std::string& tag, const std::string& items) { return " (" + tag + " " + items + ")"; }

template <typename T, typename F>
std::string opt(const std::string& tag, const std::optional<T>& v, F show) {
  return v ? clause(tag, show(*v)) : std::string();
}

template <typename T, typename F>
std::string list(const std::string& tag, const std::vector<T>& v, F show) {
  if (v.empty()) return {};
  std::string items;
  for (const auto& x : v) items += (items.empty() ? "" : " ") + show(x);
  return clause(tag, items);
}

std::string id(const ast::ident& i) { return std::string(i.name); }
std::string num(const ast::number_lit& n) { return std::string(n.text); }

const char* op_name(ast::cmp_op op) {
  static constexpr std::array<const char*, 6> names{"<", "<=", ">", ">=", "=", "!="};
  return names[static_cast<std::size_t>(op)];
}

std::string weight(const ast::weight_spec& w) {
  return w.k == ast::weight_spec::kind::lr ? "(lr " + std::string(w.lr.text) + ")" : std::string(w.word.name);
}

std::string effect(const ast::effect& e) {
  static constexpr std::array<const char*, 4> names{"for", "against", "assert", "raise"};
  std::string out = "(" + std::string(names[static_cast<std::size_t>(e.k)]) + " " + std::string(e.target.name);
  if (e.weight) out += " " + weight(*e.weight);
  return out + ")";
}

std::string expectation(const ast::expectation& e) {
  static constexpr std::array<const char*, 12> names{
      "first", "not_first", "rank", "in_top", "not_in_top", "listed", "not_listed",
      "triage_is", "triage_at_least", "triage_at_most", "flag_raised", "flag_not_raised"};
  std::string out = "(" + std::string(names[static_cast<std::size_t>(e.k)]) + " " + std::string(e.target.name);
  using k = ast::expectation::kind;
  if (e.k == k::rank || e.k == k::in_top || e.k == k::not_in_top) out += " " + std::to_string(e.n);
  return out + ")";
}

std::string prior(const ast::prior_spec& p) { return p.word ? std::string(p.word->name) : p.probability ? std::string(p.probability->text) : "?"; }
std::string sources(const std::vector<ast::string_lit>& s) { return list("source", s, str); }

struct printer {
  std::string operator()(const ast::knowledge_base_decl& d) const {
    return "(knowledge_base " + str(d.name) + opt("version", d.version, str) + opt("other_prior", d.other_prior, num) +
           list("regions", d.regions, id) + opt("disclaimer", d.disclaimer, str) +
           opt("urgency_threshold", d.urgency_threshold, num) + ")";
  }
  std::string operator()(const ast::finding_decl& d) const {
    return "(finding " + std::string(d.id.name) + " " + std::string(d.kind.name) + " " + str(d.label) + opt("region", d.region, id) +
           list("synonyms", d.synonyms, str) + opt("description", d.description, str) + sources(d.sources) + ")";
  }
  std::string operator()(const ast::value_decl& d) const {
    std::string range = d.low && d.high ? clause("range", std::string(d.low->text) + " " + std::string(d.high->text)) : std::string();
    return "(value " + std::string(d.id.name) + " " + str(d.label) + opt("unit", d.unit, str) + range +
           opt("description", d.description, str) + ")";
  }
  std::string operator()(const ast::condition_decl& d) const {
    return "(condition " + std::string(d.id.name) + " " + str(d.name) + opt("region", d.region, id) + opt("prior", d.prior, prior) +
           opt("urgency", d.urgency, id) + opt("urgency_high", d.urgency_high, id) + opt("advice", d.advice, str) +
           opt("description", d.description, str) + sources(d.sources) + ")";
  }
  std::string operator()(const ast::fact_decl& d) const {
    return "(fact " + std::string(d.id.name) + " " + str(d.label) + opt("description", d.description, str) + sources(d.sources) + ")";
  }
  std::string operator()(const ast::flag_decl& d) const {
    return "(flag " + std::string(d.id.name) + " " + str(d.label) + opt("level", d.level, id) + opt("overrides", d.overrides, id) +
           opt("advice", d.advice, str) +
           sources(d.sources) + ")";
  }
  std::string operator()(const ast::rule_decl& d) const {
    auto show = [](const ast::expr& e) { return print(e); };
    return "(rule " + std::string(d.id.name) + " " + str(d.text) + opt("when", d.when, show) + opt("unless", d.unless, show) + list("then", d.effects, effect) +
           sources(d.sources) + ")";
  }
  std::string operator()(const ast::test_decl& d) const {
    auto value = [](const ast::value_entry& v) { return "(" + std::string(v.id.name) + " " + std::string(v.number.text) + ")"; };
    return "(test " + std::string(d.id.name) + opt("label", d.label, str) + list("present", d.present, id) +
           list("absent", d.absent, id) + list("values", d.values, value) + list("expect", d.expects, expectation) + ")";
  }
};

}  // namespace

std::string print(const ast::expr& e) {
  using k = ast::expr::kind;
  switch (e.k) {
    case k::ref: return std::string(e.name.name);
    case k::compare: return "(" + std::string(op_name(e.op)) + " " + std::string(e.name.name) + " " + std::string(e.number.text) + ")";
    default: break;
  }
  std::string out = e.k == k::not_ ? "(not" : e.k == k::and_ ? "(and" : e.k == k::or_ ? "(or" : "(at_least " + std::string(e.number.text);
  for (const ast::expr& c : e.children) out += " " + print(c);
  return out + ")";
}

std::string print(const ast::declaration& d) { return std::visit(printer{}, d); }

std::string print(const ast::file& f) {
  std::string out;
  for (const auto& d : f.decls) out += print(d) + "\n";
  return out;
}

}  // namespace ddx::grammar
