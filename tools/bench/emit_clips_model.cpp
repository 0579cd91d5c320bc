// tools/bench/emit_clips_model.cpp: any compiled ddx knowledge base (the bundled one) as a CLIPS 6.30 program.
//
// The synthetic knowledge bases only use `f`, `not f` and positive facts, so emit_clips.cpp writes them
// directly. A hand-written knowledge base uses the whole language: `or`, `at least N of`, comparisons with
// values and `not` on derived facts, all under Kleene three-valued logic. CLIPS has no unknown, so each
// `when` is written twice in disjunctive normal form, once for "true" and once for "false":
//
//   T(f) = (p f)            F(f) = (a f)            T(fact) = (ft x)        F(fact) = (ff x)
//   T(v op n) = (v v ?x&:(op ?x n))                 F(v op n) = (v v ?x&:(not (op ?x n)))
//   T(not e) = F(e)         F(not e) = T(e)
//   T(a and b) = T(a) x T(b)                        F(a and b) = F(a) + F(b)
//   T(a or b) = T(a) + T(b)                         F(a or b) = F(a) x F(b)
//   T(at least N of xs): every N-subset of xs true  F(at least N of xs): every (|xs| - N + 1)-subset false
//
// Each true disjunct asserts `(rt r)`, and one CLIPS rule per ddx rule applies its effects once on `(rt r)`
// (CLIPS keeps one copy of a fact, so several true disjuncts still fire the effects once). A rule that
// asserts a fact also writes its false disjuncts, asserting `(rf r)`; a fact is false, `(ff x)`, once every
// rule asserting it is false, as in ddx. A rule whose `when` is one finding or `not` one finding and that only
// adds evidence or raises a flag is merged into one CLIPS rule per finding state, as in `finding_globals`.
#include <fmt/format.h>

#include <cmath>
#include <map>
#include <span>
#include <optional>
#include <stdexcept>

#include "engine/check/validate.hpp"
#include "engine/compile/network.hpp"
#include "tools/bench/emit.hpp"

namespace ddx::tools::bench {
namespace {

using engine::model_effect;
using engine::model_expr;
using conjunction = std::vector<std::string>;  // CLIPS patterns
using dnf = std::vector<conjunction>;

constexpr std::size_t k_max_disjuncts = 4096;

dnf either(dnf a, const dnf& b) {
  a.insert(a.end(), b.begin(), b.end());
  if (a.size() > k_max_disjuncts) throw std::runtime_error("a `when` expands to too many CLIPS rules");
  return a;
}

dnf both(const dnf& a, const dnf& b) {
  dnf out;
  for (const auto& x : a)
    for (const auto& y : b) {
      conjunction c = x;
      c.insert(c.end(), y.begin(), y.end());
      out.push_back(std::move(c));
      if (out.size() > k_max_disjuncts) throw std::runtime_error("a `when` expands to too many CLIPS rules");
    }
  return out;
}

/// CLIPS spells the comparisons as ddx does, except "not equal".
const char* clips_op(grammar::ast::cmp_op op) {
  return op == grammar::ast::cmp_op::ne ? "<>" : engine::check::op_text(op);
}

class translator {
 public:
  explicit translator(const engine::model& m) : m_(m) {}

  /// The disjuncts that make `e` true (`want` = true) or false.
  dnf form(const model_expr& e, bool want) {
    switch (e.k) {
      case model_expr::kind::finding: return {{fmt::format("({} {})", want ? 'p' : 'a', m_.findings[e.ref].id)}};
      case model_expr::kind::fact: return {{fmt::format("({} {})", want ? "ft" : "ff", m_.facts[e.ref].id)}};
      case model_expr::kind::compare: {
        const auto test = fmt::format("({} ?x{} {:.17g})", clips_op(e.op), var_, e.number);
        return {{fmt::format("(v {} ?x{}&:{})", m_.values[e.ref].id, var_++, want ? test : "(not " + test + ")")}};
      }
      case model_expr::kind::not_: return form(e.children.front(), !want);
      case model_expr::kind::and_: return want ? all_of(e.children, true) : any_of(e.children, false);
      case model_expr::kind::or_: return want ? any_of(e.children, true) : all_of(e.children, false);
      case model_expr::kind::at_least: {
        const std::size_t n = e.children.size();
        return want ? subsets(e.children, e.n, true) : subsets(e.children, n + 1 - std::min<std::size_t>(e.n, n + 1), false);
      }
    }
    return {};
  }

 private:
  dnf all_of(std::span<const model_expr> xs, bool want) {
    dnf out{{}};
    for (const auto& x : xs) out = both(out, form(x, want));
    return out;
  }
  dnf any_of(std::span<const model_expr> xs, bool want) {
    dnf out;
    for (const auto& x : xs) out = either(std::move(out), form(x, want));
    return out;
  }
  /// Every `k`-subset of `xs` all true (or all false); k = 0 is always satisfied.
  dnf subsets(std::span<const model_expr> xs, std::size_t k, bool want) {
    if (k == 0) return {{}};
    if (k > xs.size()) return {};
    dnf out;
    std::vector<std::size_t> pick(k);
    for (std::size_t i = 0; i < k; ++i) pick[i] = i;
    while (true) {
      dnf d{{}};
      for (auto i : pick) d = both(d, form(xs[i], want));
      out = either(std::move(out), d);
      std::size_t i = k;
      while (i > 0 && pick[i - 1] == xs.size() - k + i - 1) --i;
      if (i == 0) break;
      ++pick[i - 1];
      for (std::size_t j = i; j < k; ++j) pick[j] = pick[j - 1] + 1;
    }
    return out;
  }

  const engine::model& m_;
  std::size_t var_ = 0;
};

void effect_code(const engine::model& m, const model_effect& e, fmt::memory_buffer& out) {
  auto it = std::back_inserter(out);
  switch (e.k) {
    case model_effect::kind::support: fmt::format_to(it, " (bind ?*f{0}* (+ ?*f{0}* {1:.17g}))", e.target, std::log(e.lr)); break;
    case model_effect::kind::oppose: fmt::format_to(it, " (bind ?*a{0}* (+ ?*a{0}* {1:.17g}))", e.target, std::log(e.lr)); break;
    case model_effect::kind::assert_fact: fmt::format_to(it, " (assert (ft {}))", m.facts[e.target].id); break;
    case model_effect::kind::raise_flag: fmt::format_to(it, " (assert (fl {}))", m.flags[e.target].id); break;
  }
}

/// A finding state: `p` (present) or `a` (absent) and the finding's id, as the case asserts it.
using finding_state = std::pair<char, std::string>;

/// `when f` or `when not f` with only evidence and flag effects: the finding state its merged rule matches.
std::optional<finding_state> literal_key(const engine::model& m, const engine::model_rule& r) {
  for (const auto& e : r.effects)
    if (e.k == model_effect::kind::assert_fact) return std::nullopt;
  if (r.when.k == model_expr::kind::finding) return finding_state{'p', m.findings[r.when.ref].id};
  if (r.when.k == model_expr::kind::not_ && r.when.children.front().k == model_expr::kind::finding)
    return finding_state{'a', m.findings[r.when.children.front().ref].id};
  return std::nullopt;
}

}  // namespace

std::string emit_clips_model(const engine::compiled_kb& kb) {
  const engine::model& m = kb.m;
  fmt::memory_buffer out;
  auto it = std::back_inserter(out);
  fmt::format_to(it, ";; Knowledge base `{}` {}, translated from ddx to CLIPS (tools/bench/emit_clips_model.cpp).\n", m.name,
                 m.version);
  out.append(std::string_view(clips_top10_code()));
  for (std::size_t c = 0; c < m.conditions.size(); ++c) fmt::format_to(it, "(defglobal ?*f{0}* = 0.0 ?*a{0}* = 0.0)\n", c);
  out.append(std::string_view("(deffunction rank ()\n"));
  for (std::size_t c = 0; c < m.conditions.size(); ++c)
    fmt::format_to(it, "  (if (> ?*f{0}* 0.0) then (bind ?s (+ {1:.17g} ?*f{0}* ?*a{0}*)) (if (>= ?s ?*thr*) then (cand {2} ?s)))\n",
                   c, kb.log_prior[c], m.conditions[c].id);
  out.append(std::string_view("  TRUE)\n(defrule collect-flag (fl ?x) => (bind ?*fl* (create$ ?*fl* ?x)))\n"));

  translator t(m);
  std::map<finding_state, fmt::memory_buffer> literal_rules;
  std::vector<std::vector<std::size_t>> asserters(m.facts.size());
  for (std::size_t r = 0; r < m.rules.size(); ++r) {
    const auto& rule = m.rules[r];
    // `unless` (true-only negation of a three-valued expression) is not translated: say so rather than drop it.
    if (rule.unless) throw std::runtime_error(fmt::format("rule `{}` has an `unless`, which has no CLIPS translation", rule.id));
    if (const auto key = literal_key(m, rule)) {
      for (const auto& e : rule.effects) effect_code(m, e, literal_rules[*key]);
      continue;
    }
    bool asserts = false;
    for (const auto& e : rule.effects) {
      if (e.k != model_effect::kind::assert_fact) continue;
      asserts = true;
      asserters[e.target].push_back(r);
    }
    const auto write = [&](const dnf& d, const char* tag, const char* head) {
      for (std::size_t k = 0; k < d.size(); ++k) {
        fmt::format_to(it, "(defrule r{}_{}{}", r, tag, k);
        for (const auto& p : d[k]) fmt::format_to(it, " {}", p);
        if (d[k].empty()) out.append(std::string_view(" (initial-fact)"));
        fmt::format_to(it, " => (assert ({} {})))\n", head, r);
      }
    };
    write(t.form(rule.when, true), "t", "rt");
    if (asserts) write(t.form(rule.when, false), "f", "rf");
    fmt::format_to(it, "(defrule r{0} (rt {0}) =>", r);
    for (const auto& e : rule.effects) effect_code(m, e, out);
    out.append(std::string_view(")\n"));
  }
  for (const auto& [state, effects] : literal_rules)
    fmt::format_to(it, "(defrule {0}_{1} ({0} {1}) =>{2})\n", state.first, state.second, fmt::to_string(effects));
  for (std::size_t x = 0; x < m.facts.size(); ++x) {
    if (asserters[x].empty()) continue;  // nothing asserts it: never true, never false (unknown), as in ddx
    fmt::format_to(it, "(defrule ff_{}", m.facts[x].id);
    for (auto r : asserters[x]) fmt::format_to(it, " (rf {})", r);
    fmt::format_to(it, " => (assert (ff {})))\n", m.facts[x].id);
  }
  out.append(std::string_view(clips_rank_rule_code()));
  return fmt::to_string(out);
}

}  // namespace ddx::tools::bench
