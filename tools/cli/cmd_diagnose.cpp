// tools/cli/cmd_diagnose.cpp: `ddx diagnose`: rank the differential for one case, or for a JSON-lines batch.
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <fstream>
#include <future>
#include <iostream>
#include <memory>
#include <mutex>
#include <thread>

#include "tools/cli/common.hpp"
#include "tools/json/case_io.hpp"
#include "tools/json/json_util.hpp"
#include "tools/json/result_io.hpp"
#include "tools/render/text.hpp"

namespace ddx::tools::cli {
namespace {

struct diagnose_args {
  kb_options kb;
  std::string case_path;
  std::string cases_path;
  std::string format;
  std::size_t top = 0;
  bool trace = false;
  bool trace_all = false;
  std::size_t jobs = 1;
};

engine::diagnose_options engine_options(const diagnose_args& a) {
  engine::diagnose_options o;
  o.trace = a.trace || a.trace_all;
  if (a.top > 0) o.top = a.top;
  return o;
}

int diagnose_one(const diagnose_args& a, const engine::knowledge_base& kb, const std::string& format) {
  const auto text = read_input(a.case_path);
  if (!text) return exit_failure;
  const auto read = read_case(*text, kb);
  const std::string name = a.case_path == "-" ? "<stdin>" : a.case_path;
  if (!read.errors.empty()) {
    if (format == "json") std::cout << dump_json(case_issues_json(read.errors), true) << "\n";
    else std::cerr << format_case_issues(name, read.errors);
    return exit_failure;
  }
  const auto result = kb.diagnose(*read.resolved, engine_options(a));
  const bool trace = a.trace || a.trace_all;
  const trace_view view{a.trace_all};
  if (format == "json") std::cout << dump_json(result_json(result, trace), true) << "\n";
  else std::cout << render_result_text(result, text_style{use_color()}, trace ? &view : nullptr);
  return exit_ok;
}

/// A block of input lines and what they produce; `first` is the 1-based number of its first line.
struct batch_block {
  std::size_t first = 1;
  std::vector<std::string> lines;
  fmt::memory_buffer out;
  bool any_bad = false;
};

/// One output line per non-blank input line: a result, or {"line": N, "error": {...}}. The per-case path the HTTP
/// API's /v1/diagnose takes too: read_case, diagnose, write_result.
void run_block(const engine::knowledge_base& kb, const engine::diagnose_options& options, bool trace, batch_block& b) {
  for (std::size_t i = 0; i < b.lines.size(); ++i) {
    const std::string& line = b.lines[i];
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const auto read = read_case(line, kb);
    if (!read.errors.empty()) {
      b.any_bad = true;
      write_case_error_line(b.out, "line", b.first + i, read.errors.front());
    } else {
      write_result(b.out, kb.diagnose(*read.resolved, options), trace);
    }
    b.out.push_back('\n');
  }
}

/// `jobs` threads that rank blocks for the whole batch, fed in input order. A thread started for each block
/// (std::async) cost a new stack and a fresh allocator arena every 256 cases: with --jobs 2, a fifth more CPU time.
class block_workers {
 public:
  using task = std::packaged_task<std::unique_ptr<batch_block>()>;

  explicit block_workers(std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) threads_.emplace_back([this] { work(); });
  }
  ~block_workers() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    ready_.notify_all();
    for (auto& t : threads_) t.join();
  }
  block_workers(const block_workers&) = delete;
  block_workers& operator=(const block_workers&) = delete;

  std::future<std::unique_ptr<batch_block>> submit(task t) {
    auto result = t.get_future();
    {
      std::lock_guard lock(mutex_);
      tasks_.push_back(std::move(t));
    }
    ready_.notify_one();
    return result;
  }

 private:
  void work() {
    for (;;) {
      task t;
      {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
        if (tasks_.empty()) return;
        t = std::move(tasks_.front());
        tasks_.pop_front();
      }
      t();
    }
  }

  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<task> tasks_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

/// Streams the cases: blocks of lines are read, ranked (on `jobs` threads, at most two blocks a thread in flight)
/// and written in input order, so memory stays bounded whatever the input's length. A block ends early when no more
/// input is waiting, and then everything read so far is answered and flushed, so `--cases -` stays a streaming filter
/// (docs/batch.md) with one case's latency.
int diagnose_batch(const diagnose_args& a, const engine::knowledge_base& kb) {
  std::ifstream file;
  std::istream* in = &std::cin;
  if (a.cases_path != "-") {
    std::error_code ec;
    if (std::filesystem::is_directory(a.cases_path, ec)) return fail("`" + a.cases_path + "` is a directory, expected a file");
    file.open(a.cases_path, std::ios::binary);
    if (!file) return fail("cannot read `" + a.cases_path + "`");
    in = &file;
  }
  const auto options = engine_options(a);
  const std::size_t jobs = std::max<std::size_t>(1, a.jobs);
  constexpr std::size_t block_lines = 256;
  bool any_bad = false;
  std::size_t next_line = 1;
  const auto read_block = [&](batch_block& b) {
    b.first = next_line;
    b.lines.clear();
    std::string line;
    while (b.lines.size() < block_lines && std::getline(*in, line)) {
      b.lines.push_back(std::move(line));
      if (in->rdbuf()->in_avail() <= 0) break;  // nothing waiting: answer what came
    }
    next_line += b.lines.size();
    return !b.lines.empty();
  };
  const auto write_block = [&](const batch_block& b) {
    std::cout.write(b.out.data(), static_cast<std::streamsize>(b.out.size()));
    any_bad |= b.any_bad;
  };
  if (jobs == 1) {
    batch_block b;
    while (read_block(b)) {
      run_block(kb, options, options.trace, b);
      write_block(b);
      b.out.clear();
      if (in->rdbuf()->in_avail() <= 0) std::cout.flush();
    }
  } else {
    block_workers workers(jobs);
    std::deque<std::future<std::unique_ptr<batch_block>>> in_flight;
    std::vector<std::unique_ptr<batch_block>> spare;
    for (;;) {
      // Blocks written out are used again, with the room their lines and output grew: a new block's output buffer
      // grew to a megabyte from nothing, through fresh pages, every 256 cases.
      std::unique_ptr<batch_block> b;
      if (spare.empty()) {
        b = std::make_unique<batch_block>();
      } else {
        b = std::move(spare.back());
        spare.pop_back();
      }
      if (!read_block(*b)) break;
      in_flight.push_back(workers.submit(block_workers::task([&kb, &options, trace = options.trace, b = std::move(b)]() mutable {
        run_block(kb, options, trace, *b);
        return std::move(b);
      })));
      const bool waiting = in->rdbuf()->in_avail() > 0;
      while (!in_flight.empty() && (in_flight.size() >= 2 * jobs || !waiting)) {
        auto done = in_flight.front().get();
        in_flight.pop_front();
        write_block(*done);
        done->out.clear();
        done->any_bad = false;
        spare.push_back(std::move(done));
      }
      if (!waiting) std::cout.flush();
    }
    for (auto& f : in_flight) write_block(*f.get());
  }
  std::cout.flush();
  return any_bad ? exit_failure : exit_ok;
}

}  // namespace

subcommand add_diagnose(CLI::App& parent) {
  auto args = std::make_shared<diagnose_args>();
  auto* app = parent.add_subcommand("diagnose", "rank the differential for a case (CASE.json, or - for stdin)");
  add_kb_option(*app, args->kb);
  app->add_option("case", args->case_path, "the case as JSON (docs/json-contracts.md); - reads stdin")
      ->type_name("CASE.json");
  app->add_option("--cases", args->cases_path, "many cases, one JSON object a line; one result a line out")
      ->type_name("FILE.jsonl");
  add_format_option(*app, args->format, {"text", "json"});
  app->add_option("--top", args->top, "keep only the first N conditions of the differential")
      ->check(CLI::Validator(
          [](const std::string& v) -> std::string {
            return v.find_first_not_of("0123456789") == std::string::npos && v.find_first_not_of('0') != std::string::npos
                       ? std::string{}
                       : "expected a whole number of 1 or more, got `" + v + "`";
          },
          "N>=1"))
      ->type_name("N");
  app->add_flag("--trace", args->trace,
                "show the rule evaluations in order: every one in JSON; in text the fired rules and the top three "
                "conditions' rules that did not fire");
  app->add_flag("--trace-all", args->trace_all, "--trace, and in text every rule evaluation (JSON has every one anyway)");
  app->add_option("--jobs", args->jobs, "with --cases: rank on N threads (output keeps the input's order)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{256}))
      ->type_name("N");
  return {app, [args, app]() -> int {
            if (args->case_path.empty() == args->cases_path.empty())
              return usage_error(*app, "give exactly one of CASE.json or --cases FILE.jsonl");
            if (args->cases_path.empty() && app->count("--jobs") > 0)
              return usage_error(*app, "--jobs needs --cases FILE.jsonl");
            if (!args->cases_path.empty() && args->format == "text")
              return usage_error(*app, "--cases writes JSON lines; `--format text` is not supported with it");
            const std::string format = args->cases_path.empty() ? default_format(args->format) : "json";
            auto loaded = load_kb(args->kb, format == "json");
            if (!loaded) return exit_failure;
            if (!args->cases_path.empty()) return diagnose_batch(*args, *loaded->kb);
            return diagnose_one(*args, *loaded->kb, format);
          }};
}

}  // namespace ddx::tools::cli
