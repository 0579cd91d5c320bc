// grammar/builder_decls.cpp: builder state for declarations: heads, clauses, repeated and missing clauses.
#include <algorithm>
#include <iterator>
#include <type_traits>
#include <variant>

#include "grammar/builder.hpp"

namespace ddx::grammar::detail {

template <typename Decl>
Decl& builder::start(source_span s) {
  clear();
  std::string_view t = slice(s);
  decl_keyword_ = leading_keyword(t);
  decl_begin_ = s.begin;
  last_end_ = s.end;
  building_ = true;
  if constexpr (std::is_same_v<Decl, ast::rule_decl>) {
    if (auto* r = std::get_if<ast::rule_decl>(&current_)) {  // the last rule's storage, for this one
      reset(*r);
      return *r;
    }
  }
  return current_.emplace<Decl>();
}

void builder::reset(ast::rule_decl& r) {
  r.id = {};
  r.text.value.clear();
  r.text.span = {};
  r.when.reset();
  r.unless.reset();
  r.effects.clear();
  r.sources.clear();
  r.span = {};
}

void builder::knowledge_base_head(source_span s) {
  ast::string_lit name = pop_string();
  auto& d = start<ast::knowledge_base_decl>(s);
  d.name = std::move(name);
}

void builder::finding_head(source_span s) {
  ast::string_lit label = pop_string();
  ast::ident kind = pop_ident();
  ast::ident id = pop_ident();
  auto& d = start<ast::finding_decl>(s);
  d.label = std::move(label);
  d.kind = std::move(kind);
  d.id = std::move(id);
}

void builder::value_head(source_span s) {
  ast::string_lit label = pop_string();
  ast::ident id = pop_ident();
  auto& d = start<ast::value_decl>(s);
  d.label = std::move(label);
  d.id = std::move(id);
}

void builder::condition_head(source_span s) {
  ast::string_lit name = pop_string();
  ast::ident id = pop_ident();
  auto& d = start<ast::condition_decl>(s);
  d.name = std::move(name);
  d.id = std::move(id);
}

void builder::fact_head(source_span s) {
  ast::string_lit label = pop_string();
  ast::ident id = pop_ident();
  auto& d = start<ast::fact_decl>(s);
  d.label = std::move(label);
  d.id = std::move(id);
}

void builder::flag_head(source_span s) {
  ast::string_lit label = pop_string();
  ast::ident id = pop_ident();
  auto& d = start<ast::flag_decl>(s);
  d.label = std::move(label);
  d.id = std::move(id);
}

void builder::rule_head(source_span s) {
  ast::string_lit text = pop_string();
  ast::ident id = pop_ident();
  if (rule_hint_) rule_hint_(id.name);
  auto& d = start<ast::rule_decl>(s);
  d.text = std::move(text);
  d.id = std::move(id);
}

void builder::test_head(source_span s) {
  std::optional<ast::string_lit> label;
  if (!strings_.empty()) label = pop_string();
  ast::ident id = pop_ident();
  auto& d = start<ast::test_decl>(s);
  d.label = std::move(label);
  d.id = std::move(id);
}

bool builder::once(std::string_view keyword, source_span s) {
  auto it = std::find_if(seen_.begin(), seen_.end(), [&](const auto& p) { return p.first == keyword; });
  if (it == seen_.end()) {
    seen_.emplace_back(keyword, s);
    return true;
  }
  source_span key{s.file, s.begin, s.begin + static_cast<std::uint32_t>(keyword.size())};
  diagnostic d{severity::error, "E114",
               "`" + std::string(keyword) + "` is given twice in this " + std::string(decl_keyword_), key, {},
               "keep one `" + std::string(keyword) + "` clause"};
  d.notes.push_back({it->second, "first given here"});
  decl_errors_.push_back(std::move(d));
  return false;
}

void builder::clause(std::string_view keyword, source_span s) {
  last_end_ = s.end;
  if (building_ && std::holds_alternative<ast::test_decl>(current_decl())) {
    apply_test_clause(keyword, s);
  } else if (building_) {
    apply_clause(keyword, s);
  }
  idents_.clear();
  strings_.clear();
  numbers_.clear();
}

void builder::apply_rule_clause(std::string_view kw, source_span s) {
  auto& r = current<ast::rule_decl>();
  if (kw == "when") {
    if (once(kw, s)) r.when = pop_expr();
    exprs_.clear();
  } else if (kw == "unless") {
    if (once(kw, s)) r.unless = pop_expr();
    exprs_.clear();
  } else if (kw == "then") {
    if (once(kw, s)) r.effects.assign(std::make_move_iterator(effects_.begin()), std::make_move_iterator(effects_.end()));
    effects_.clear();
  } else if (kw == "source") {
    r.sources.push_back(std::move(strings_.back()));  // moved once, not through a temporary
    strings_.pop_back();
  }
}

void builder::apply_clause(std::string_view kw, source_span s) {
  auto& d = current_decl();
  if (std::holds_alternative<ast::rule_decl>(d)) {
    apply_rule_clause(kw, s);  // most clauses of a large knowledge base
  } else if (kw == "source") {
    std::visit([&](auto& x) {
      if constexpr (requires { x.sources; }) x.sources.push_back(pop_string());
    }, d);
  } else if (kw == "synonyms") {
    auto& f = current<ast::finding_decl>();
    f.synonyms.insert(f.synonyms.end(), strings_.begin(), strings_.end());
  } else if (kw == "region") {
    std::visit([&](auto& x) {
      if constexpr (requires { x.region; }) if (once(kw, s)) x.region = pop_ident();
    }, d);
  } else if (kw == "description") {
    std::visit([&](auto& x) {
      if constexpr (requires { x.description; }) if (once(kw, s)) x.description = pop_string();
    }, d);
  } else if (kw == "advice") {
    std::visit([&](auto& x) {
      if constexpr (requires { x.advice; }) if (once(kw, s)) x.advice = pop_string();
    }, d);
  } else if (kw == "version") {
    if (once(kw, s)) current<ast::knowledge_base_decl>().version = pop_string();
  } else if (kw == "other_prior") {
    if (once(kw, s)) current<ast::knowledge_base_decl>().other_prior = pop_number();
  } else if (kw == "urgency_threshold") {
    if (once(kw, s)) current<ast::knowledge_base_decl>().urgency_threshold = pop_number();
  } else if (kw == "urgency") {
    if (once(kw, s)) {
      auto& c = current<ast::condition_decl>();
      if (idents_.size() >= 2) c.urgency_high = pop_ident();  // `urgency LOW to HIGH`
      c.urgency = pop_ident();
    }
  } else if (kw == "regions") {
    if (once(kw, s)) current<ast::knowledge_base_decl>().regions = idents_;
  } else if (kw == "disclaimer") {
    if (once(kw, s)) current<ast::knowledge_base_decl>().disclaimer = pop_string();
  } else if (kw == "unit") {
    if (once(kw, s)) current<ast::value_decl>().unit = pop_string();
  } else if (kw == "range") {
    auto& v = current<ast::value_decl>();
    if (once(kw, s)) v.high = pop_number(), v.low = pop_number();
  } else if (kw == "prior") {
    ast::prior_spec p;
    p.span = s;
    if (!numbers_.empty()) p.probability = pop_number();
    if (!idents_.empty()) p.word = pop_ident();
    if (once(kw, s)) current<ast::condition_decl>().prior = std::move(p);
  } else if (kw == "level") {
    if (once(kw, s)) current<ast::flag_decl>().level = pop_ident();
  } else if (kw == "overrides") {
    if (once(kw, s)) current<ast::flag_decl>().overrides = pop_ident();
  }
}

void builder::apply_test_clause(std::string_view kw, source_span s) {
  auto& t = current<ast::test_decl>();
  if (kw == "present") {
    t.present.insert(t.present.end(), idents_.begin(), idents_.end());
  } else if (kw == "absent") {
    t.absent.insert(t.absent.end(), idents_.begin(), idents_.end());
  } else if (kw == "values") {
    for (std::size_t i = 0; i < idents_.size() && i < numbers_.size(); ++i) {
      t.values.push_back({idents_[i], numbers_[i]});
    }
  } else if (kw == "expect") {
    ast::expectation e;
    e.k = expect_kind_;
    e.target = pop_ident();
    if (!numbers_.empty()) e.n = static_cast<std::uint32_t>(std::max(0.0, pop_number().value));
    e.span = s;
    t.expects.push_back(std::move(e));
  }
}

void builder::require(std::string_view keyword, bool present, const char* hint) {
  if (present) return;
  const ast::ident* id = ast::id_of(current_decl());
  source_span at = id ? id->span : ast::span_of(current_decl());
  std::string who = id ? std::string(decl_keyword_) + " `" + std::string(id->name) + "`" : std::string(decl_keyword_);
  diagnostic d{severity::error, "E113", who + " has no `" + std::string(keyword) + "` clause", at, {}, hint, {}};
  // The fix adds the clause on a line of its own after the declaration's last clause, with a value to edit.
  static constexpr std::pair<std::string_view, std::string_view> templates[] = {
      {"version", "version \"0.1.0\""}, {"regions", "regions knee"},   {"range", "range 0 to 10"},
      {"region", "region knee"},          {"prior", "prior common"},     {"level", "level stop_and_assess"},
      {"when", "when "},                  {"then", "then for "},         {"expect", "expect "}};
  for (const auto& [kw, text] : templates) {
    if (kw == keyword) d.fixes.push_back({"Add `" + std::string(kw) + "`", {id_, last_end_, last_end_}, "\n  " + std::string(text)});
  }
  decl_errors_.push_back(std::move(d));
}

void builder::finish_declaration(source_span s) {
  if (!building_) return;
  std::visit([&](auto& x) { x.span = {s.file, s.begin, last_end_}; }, current_decl());
  std::visit([&](auto& x) {
    using T = std::decay_t<decltype(x)>;
    if constexpr (std::is_same_v<T, ast::knowledge_base_decl>) {
      require("version", x.version.has_value(), "add `version \"0.1.0\"`");
      require("regions", !x.regions.empty(), "add `regions` with the body regions, separated by commas");
    } else if constexpr (std::is_same_v<T, ast::value_decl>) {
      require("range", x.low.has_value(), "add `range LOW to HIGH`, for example `range 0 to 10`");
    } else if constexpr (std::is_same_v<T, ast::condition_decl>) {
      require("region", x.region.has_value(), "add `region` with one of the knowledge base's regions");
      require("prior", x.prior.has_value(), "add `prior` with `very_common`, `common`, `uncommon`, `rare` or `very_rare`");
    } else if constexpr (std::is_same_v<T, ast::flag_decl>) {
      require("level", x.level.has_value(), "add `level` with a triage level such as `urgent_care`");
    } else if constexpr (std::is_same_v<T, ast::rule_decl>) {
      require("when", x.when.has_value(), "add `when` with the expression that makes the rule fire");
      require("then", !x.effects.empty(), "add `then` with at least one effect, such as `then for CONDITION strong`");
    } else if constexpr (std::is_same_v<T, ast::test_decl>) {
      require("expect", !x.expects.empty(), "add at least one `expect`, such as `expect CONDITION first`");
    }
  }, current_decl());
  if (decl_errors_.empty()) {
    building_ = false;
    if (auto* r = std::get_if<ast::rule_decl>(&current_)) {
      rule_sink_(*r);
    } else {
      sink_(std::move(current_));
    }
  } else {
    for (auto& d : decl_errors_) diags_.report(std::move(d));
  }
  clear();
}

}  // namespace ddx::grammar::detail
