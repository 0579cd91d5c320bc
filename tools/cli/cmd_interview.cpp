// tools/cli/cmd_interview.cpp: `ddx interview`: asks the next best question in a loop (yes / no / don't know / back /
// why / quit), shows triage and the top of the differential after each answer, stops when the leader is clear, a red
// flag fires or nothing is left to ask, and saves the case as JSON. Reads answers line by line, so it can be scripted.
#include <fstream>
#include <iostream>
#include <set>

#include <fmt/format.h>

#include "tools/cli/common.hpp"
#include "tools/json/case_io.hpp"
#include "tools/json/json_util.hpp"

namespace ddx::tools::cli {
namespace {

struct interview_args {
  kb_options kb;
  std::string case_path;
  std::string save;
};

/// A leader is clear when it holds at least this share and three times the runner-up's.
constexpr double clear_share = 0.75;

bool leader_clear(const engine::diagnosis_result& r) {
  if (r.differential.empty()) return false;
  const double second = r.differential.size() > 1 ? r.differential[1].score : 0.0;
  return r.differential[0].score >= clear_share && r.differential[0].score >= 3 * second;
}

/// A raised flag that says stop: stop_and_assess or more urgent.
const engine::raised_flag* stopping_flag(const engine::diagnosis_result& r) {
  for (const auto& f : r.flags)
    if (f.level >= engine::triage_level::stop_and_assess) return &f;
  return nullptr;
}

void show(const engine::diagnosis_result& r) {
  std::cout << fmt::format("  triage: {}", engine::triage_name(r.triage));
  if (r.triage_set_by.k != engine::triage_setter::kind::default_level)
    std::cout << fmt::format(" (set by {} `{}`)", engine::setter_kind_name(r.triage_set_by.k), r.triage_set_by.id);
  std::cout << "\n";
  for (std::size_t i = 0; i < r.differential.size() && i < 3; ++i)
    std::cout << fmt::format("  {}. {} {:.0f}%\n", i + 1, r.differential[i].name, r.differential[i].score * 100);
  if (r.differential.empty()) std::cout << "  (no condition has evidence yet)\n";
}

std::string case_json(const engine::case_input& c) {
  nlohmann::ordered_json j;
  j["id"] = c.id ? nlohmann::ordered_json(*c.id) : nlohmann::ordered_json(nullptr);
  j["present"] = c.present;
  j["absent"] = c.absent;
  j["values"] = nlohmann::ordered_json::object();
  for (const auto& [k, v] : c.values) j["values"][k] = v;
  return dump_json(j, true);
}

int run_interview(const interview_args& a) {
  auto loaded = load_kb(a.kb, false);
  if (!loaded) return exit_failure;
  const auto& kb = *loaded->kb;
  engine::case_input input;
  if (a.case_path == "-") return fail("the answers are read from stdin: give the starting case as a file");
  if (!a.case_path.empty()) {
    const auto text = read_input(a.case_path);
    if (!text) return exit_failure;
    const auto read = read_case(*text, kb);
    if (!read.errors.empty()) {
      std::cerr << format_case_issues(a.case_path, read.errors);
      return exit_failure;
    }
    input = read.input;
  }
  std::vector<engine::case_input> history;  // for `back`
  std::set<std::string> skipped;            // answered "don't know"
  std::vector<engine::case_error> errors;
  const auto diagnose = [&](const engine::case_input& c) {
    engine::diagnose_options o;
    o.max_next_questions = 3 + skipped.size();
    return kb.diagnose(*kb.resolve(c, errors), o);
  };
  std::cout << kb.disclaimer() << "\nAnswer y (yes), n (no), d (don't know), b (back), w (why: what the answer would "
               "change) or q (quit).\n";
  std::string reason = "input ended";
  for (;;) {
    const auto r = diagnose(input);
    show(r);
    if (const auto* f = stopping_flag(r)) {
      reason = fmt::format("red flag: {} ({}). {}", f->label, engine::triage_name(f->level), f->advice);
      break;
    }
    if (leader_clear(r)) {
      reason = fmt::format("the leader is clear: {}", r.differential[0].name);
      break;
    }
    const engine::next_question* q = nullptr;
    for (const auto& nq : r.next_questions)
      if (!skipped.count(nq.finding)) {
        q = &nq;
        break;
      }
    if (!q) {
      reason = "no question left that would change the leaders";
      break;
    }
    std::cout << fmt::format("? {} [{}] ({:.2f} bits) > ", q->label, q->finding, q->value) << std::flush;
    std::string line;
    if (!std::getline(std::cin, line)) {
      std::cout << "\n";
      break;
    }
    const auto answer = line.empty() ? ' ' : static_cast<char>(std::tolower(static_cast<unsigned char>(line.front())));
    if (answer == 'y' || answer == 'n') {
      history.push_back(input);
      (answer == 'y' ? input.present : input.absent).push_back(q->finding);
    } else if (answer == 'd') {
      skipped.insert(q->finding);
    } else if (answer == 'b') {
      if (history.empty()) std::cout << "  nothing to take back\n";
      else input = history.back(), history.pop_back();
    } else if (answer == 'w') {
      for (const bool yes : {true, false}) {
        auto c = input;
        (yes ? c.present : c.absent).push_back(q->finding);
        const auto w = diagnose(c);
        std::cout << fmt::format("  if {}: triage {}, ", yes ? "yes" : "no", engine::triage_name(w.triage));
        if (w.differential.empty()) std::cout << "no condition listed\n";
        else std::cout << fmt::format("leader {} {:.0f}%\n", w.differential[0].name, w.differential[0].score * 100);
      }
    } else if (answer == 'q') {
      reason = "stopped";
      break;
    } else {
      std::cout << "  answer y, n, d, b, w or q\n";
    }
  }
  std::cout << "Done: " << reason << "\n";
  if (!a.save.empty()) {
    const auto text = case_json(input) + "\n";
    if (a.save == "-") {
      std::cout << text;
    } else {
      std::ofstream out(a.save);
      if (!(out << text)) return fail("cannot write `" + a.save + "`");
      std::cout << "Saved the case to " << a.save << "\n";
    }
  }
  return exit_ok;
}

}  // namespace

subcommand add_interview(CLI::App& parent) {
  auto args = std::make_shared<interview_args>();
  auto* app = parent.add_subcommand("interview", "ask the next best question until the leader is clear or a red flag fires");
  add_kb_option(*app, args->kb);
  app->add_option("case", args->case_path, "start from this case (answers are read from stdin)")->type_name("CASE.json");
  app->add_option("--save", args->save, "write the case as JSON at the end (- for stdout)")->type_name("FILE");
  return {app, [args] { return run_interview(*args); }};
}

}  // namespace ddx::tools::cli
