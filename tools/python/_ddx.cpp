// tools/python/_ddx.cpp: the native half of the Python module `ddx` (tools/python/ddx/__init__.py is the other):
// the public library's JSON calls, with the GIL released while the engine works. Results and errors cross as JSON
// text, so a Python dict is exactly the contract's document; errors come back as (status, text) and the Python side
// raises ddx.CaseError / ddx.KnowledgeBaseError from them.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <ddx/ddx.hpp>

namespace py = pybind11;

namespace {

/// (0, result JSON) or (1, error JSON {"error", "errors"}).
using reply = std::pair<int, std::string>;

/// (knowledge base or None, diagnostics JSON, diagnostics text).
using load_reply = std::tuple<std::optional<ddx::knowledge_base>, std::string, std::string>;

template <class F>
load_reply load_with(F&& f) {
  try {
    return {f(), "", ""};
  } catch (const ddx::load_error& e) {
    return {std::nullopt, e.json(), e.text()};
  }
}

ddx::load_options load_options(bool lints) {
  ddx::load_options o;
  o.lints = lints;
  return o;
}

ddx::diagnose_options options(std::optional<std::size_t> top, bool trace, bool next_questions,
                              std::size_t max_next_questions) {
  ddx::diagnose_options o;
  o.top = top;
  o.trace = trace;
  o.next_questions = next_questions;
  o.max_next_questions = max_next_questions;
  return o;
}

ddx::json_style style(bool pretty) { return pretty ? ddx::json_style::pretty : ddx::json_style::compact; }

py::dict diagnostic_dict(const ddx::diagnostic& d) {
  py::dict o;
  o["file"] = d.file;
  o["line"] = d.line;
  o["column"] = d.column;
  o["severity"] = d.severity;
  o["code"] = d.code;
  o["message"] = d.message;
  o["hint"] = d.hint;
  return o;
}

}  // namespace

PYBIND11_MODULE(_ddx, m) {
  m.doc() = "native part of the ddx module; use `import ddx`";
  m.attr("__version__") = ddx::version();

  py::class_<ddx::knowledge_base>(m, "_KnowledgeBase")
      .def_static(
          "load",
          [](const std::vector<std::string>& paths, bool lints) {
            return load_with([&] { return ddx::knowledge_base::load(paths, load_options(lints)); });
          },
          py::arg("paths"), py::arg("lints"), py::call_guard<py::gil_scoped_release>())
      .def_static(
          "from_strings",
          [](const std::vector<std::pair<std::string, std::string>>& files, bool lints) {
            return load_with([&] { return ddx::knowledge_base::from_strings(files, load_options(lints)); });
          },
          py::arg("files"), py::arg("lints"), py::call_guard<py::gil_scoped_release>())
      .def("info",
           [](const ddx::knowledge_base& kb) {
             py::dict o;
             o["name"] = kb.info().name;
             o["version"] = kb.info().version;
             o["digest"] = kb.info().digest;
             return o;
           })
      .def("disclaimer", &ddx::knowledge_base::disclaimer)
      .def("warnings",
           [](const ddx::knowledge_base& kb) {
             py::list out;
             for (const auto& w : kb.warnings()) out.append(diagnostic_dict(w));
             return out;
           })
      .def("vocabulary",
           [](const ddx::knowledge_base& kb) {
             py::list out;
             for (const auto& e : kb.vocabulary()) {
               py::dict o;
               o["id"] = e.id;
               o["kind"] = e.kind;
               o["label"] = e.label;
               o["region"] = e.region;
               o["unit"] = e.unit;
               o["low"] = e.low ? py::object(py::float_(*e.low)) : py::object(py::none());
               o["high"] = e.high ? py::object(py::float_(*e.high)) : py::object(py::none());
               out.append(o);
             }
             return out;
           })
      .def(
          "diagnose_json",
          [](const ddx::knowledge_base& kb, const std::string& case_json, std::optional<std::size_t> top, bool trace,
             bool next_questions, std::size_t max_next_questions, bool pretty) -> reply {
            try {
              return {0, kb.diagnose_json(case_json, options(top, trace, next_questions, max_next_questions), style(pretty))};
            } catch (const ddx::case_error& e) {
              return {1, e.json()};
            }
          },
          py::arg("case_json"), py::arg("top"), py::arg("trace"), py::arg("next_questions"),
          py::arg("max_next_questions"), py::arg("pretty"), py::call_guard<py::gil_scoped_release>())
      .def(
          "explain_json",
          [](const ddx::knowledge_base& kb, const std::string& case_json, const std::string& condition,
             bool pretty) -> reply {
            try {
              return {0, kb.explain_json(case_json, condition, style(pretty))};
            } catch (const ddx::case_error& e) {
              return {1, e.json()};
            }
          },
          py::arg("case_json"), py::arg("condition"), py::arg("pretty"), py::call_guard<py::gil_scoped_release>())
      .def(
          "diagnose_jsonl",
          [](const ddx::knowledge_base& kb, const std::string& lines, std::size_t first_line,
             std::optional<std::size_t> top, bool trace) {
            return kb.diagnose_jsonl(lines, options(top, trace, true, 3), first_line);
          },
          py::arg("lines"), py::arg("first_line"), py::arg("top"), py::arg("trace"),
          py::call_guard<py::gil_scoped_release>());
}
