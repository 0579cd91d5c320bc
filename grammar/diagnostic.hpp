// grammar/diagnostic.hpp: diagnostics as data (severity, code, message, span, notes, hint) and their text form.
#pragma once

#include <string>
#include <vector>

#include "grammar/source.hpp"

namespace ddx::grammar {

enum class severity { error, warning, note };

/// A secondary span with a short message ("first declared here").
struct label {
  source_span span;
  std::string message;
};

/// A machine-readable repair: replace `span` (empty: insert there) with `replacement`. `title` says it in words,
/// for an editor's quick-fix menu ("Replace with `itbs`").
struct fix {
  std::string title;
  source_span span;
  std::string replacement;
  friend bool operator==(const fix&, const fix&) = default;
};

/// One problem found in user input. Codes: E1xx syntax, E2xx names, E3xx meaning, W4xx lints.
struct diagnostic {
  severity level = severity::error;
  std::string code;
  std::string message;
  source_span span;
  std::vector<label> notes;
  std::string hint;
  std::vector<fix> fixes{};  ///< repairs the hint names, best first (each did-you-mean name, a missing `,`, ...)
};

/// One fix per name: "Replace with `NAME`", replacing `span`.
std::vector<fix> replace_with_each(source_span span, const std::vector<std::string>& names);

/// Collects diagnostics through all stages; mistakes in user input are never exceptions.
class diagnostics {
 public:
  void report(diagnostic d);
  void error(std::string code, source_span span, std::string message, std::string hint = {});
  void warning(std::string code, source_span span, std::string message, std::string hint = {});

  bool has_errors() const;
  std::size_t error_count() const;
  std::size_t warning_count() const;
  const std::vector<diagnostic>& all() const { return items_; }
  bool empty() const { return items_.empty(); }

  /// Sort by (path, offset, severity, code) and drop exact duplicates, so output is stable.
  void sort_and_dedup(const source_manager& sources);
  /// Drops warnings whose line carries a `# ddx:allow CODE` comment naming their code.
  void apply_suppressions(const source_manager& sources);

 private:
  std::vector<diagnostic> items_;
};

/// Text form (the CLI contract):
///   FILE:LINE:COL: error: MESSAGE [CODE]
///   <source line>
///   <caret line>
///   hint: HINT
///   FILE:LINE:COL: note: NOTE
std::string format_diagnostic(const diagnostic& d, const source_manager& sources);
std::string format_diagnostics(const diagnostics& ds, const source_manager& sources);

const char* severity_name(severity s);

}  // namespace ddx::grammar
