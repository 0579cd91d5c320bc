// tools/server/api.cpp: endpoint handlers over the same library calls as the CLI (read_case, diagnose, explain).
#include "tools/server/api.hpp"

#include <charconv>

#include <fmt/format.h>

#include "grammar/suggest.hpp"
#include "tools/json/case_io.hpp"
#include "tools/json/json_util.hpp"
#include "tools/json/result_io.hpp"
#include "tools/server/page.hpp"
#include "tools/server/teach.hpp"

namespace ddx::tools {
namespace {

using oj = nlohmann::ordered_json;
using query_map = std::multimap<std::string, std::string>;

constexpr api_route routes[] = {
    {"/v1/health", "GET"},   {"/v1/ready", "GET"},     {"/v1/kb", "GET"},           {"/v1/vocab", "GET"},
    {"/v1/diagnose", "POST"}, {"/v1/explain", "POST"}, {"/v1/diagnose/batch", "POST"},
    // for the classroom page (tools/server/teach.hpp)
    {"/v1/catalog", "GET"},  {"/v1/library", "GET"},   {"/v1/rule-in-out", "POST"}, {"/v1/graph", "POST"}};

/// GET / and the page's assets (tools/server/page.hpp); nullopt for a path that is not the page's.
std::optional<api_reply> page_reply(const std::string& method, const std::string& path) {
  if ((method != "GET" && method != "HEAD") || path.starts_with("/v1/") || path == "/v1") return std::nullopt;
  if (const auto* f = find_page_file(path))
    return api_reply{200, std::string(reinterpret_cast<const char*>(f->data), f->size), {}, std::string(f->content_type)};
  if (path == "/" && page_files().empty())
    return error_reply(404, "http.page_not_built",
                       "this ddx was built without the classroom page (it needs node and npm when it is built, "
                       "and -DDDX_WEB_PAGE=ON); the /v1 API works");
  return std::nullopt;
}

api_reply ok(const oj& j) { return {200, dump_json(j, false), {}}; }

std::string param(const query_map& q, const std::string& key) {
  auto it = q.find(key);
  return it == q.end() ? std::string{} : it->second;
}

oj kb_json(const engine::knowledge_base& kb) {
  return oj{{"name", kb.info().name}, {"version", kb.info().version}, {"digest", kb.info().digest}};
}

/// ?top=N&trace=1 -> options; nullopt (and `error`) when a parameter is malformed.
std::optional<engine::diagnose_options> diagnose_options(const query_map& q, const engine::deadline& deadline,
                                                         api_reply& error) {
  engine::diagnose_options o;
  o.deadline = deadline;
  const auto top = param(q, "top");
  if (!top.empty()) {
    std::size_t n = 0;
    const auto [p, ec] = std::from_chars(top.data(), top.data() + top.size(), n);
    if (ec != std::errc{} || p != top.data() + top.size() || n == 0) {
      error = error_reply(400, "request.bad_parameter", fmt::format("`top` must be a positive integer, found `{}`", top));
      return std::nullopt;
    }
    o.top = n;
  }
  const auto trace = flag_parameter(q, "trace");
  if (!trace) {
    error = bad_flag_reply(q, "trace");
    return std::nullopt;
  }
  o.trace = *trace;
  return o;
}

api_reply case_error_reply(const std::vector<case_issue>& errors) {
  return {400, dump_json(case_issues_json(errors), false), {}};
}

api_reply diagnose(const engine::knowledge_base& kb, const query_map& q, const std::string& body,
                   const engine::deadline& deadline) {
  api_reply error;
  const auto options = diagnose_options(q, deadline, error);
  if (!options) return error;
  const auto read = read_case(body, kb);
  if (!read.errors.empty()) return case_error_reply(read.errors);
  fmt::memory_buffer out;  // the batch's per-case path: read_case, diagnose, write_result
  write_result(out, kb.diagnose(*read.resolved, *options), options->trace);
  return {200, fmt::to_string(out), {}};
}

api_reply batch(const engine::knowledge_base& kb, const query_map& q, const std::string& body,
                const engine::deadline& deadline) {
  api_reply error;
  const auto options = diagnose_options(q, deadline, error);
  if (!options) return error;
  std::vector<case_issue> errors;
  const auto doc = parse_json(body, errors);
  if (!doc) return case_error_reply(errors);
  if (!doc->is_array())
    return error_reply(400, "request.not_an_array", "expected a JSON array of cases, found " + type_phrase(*doc));
  fmt::memory_buffer out;
  out.push_back('[');
  for (std::size_t i = 0; i < doc->size(); ++i) {
    if (i > 0) out.push_back(',');
    engine::check_deadline(deadline);  // reading a case costs time too, diagnosed or not
    const auto read = read_case_json((*doc)[i], kb);
    if (read.errors.empty()) write_result(out, kb.diagnose(*read.resolved, *options), options->trace);
    else write_case_error_line(out, "index", i, read.errors.front());
  }
  out.push_back(']');
  return {200, fmt::to_string(out), {}};
}

api_reply explain(const engine::knowledge_base& kb, const query_map& q, const std::string& body,
                  const engine::deadline& deadline) {
  const auto condition = param(q, "condition");
  if (condition.empty()) return error_reply(400, "request.missing_parameter", "missing query parameter `condition`");
  const auto read = read_case(body, kb);
  if (!read.errors.empty()) return case_error_reply(read.errors);
  engine::check_deadline(deadline);  // one inference: checked before and after
  const auto e = kb.explain(*read.resolved, condition);
  engine::check_deadline(deadline);
  if (!e) {
    std::vector<std::string> ids;
    for (const auto& v : kb.vocabulary())
      if (v.kind == "condition") ids.push_back(v.id);
    case_issue i{"explain.unknown_condition", "unknown condition `" + condition + "`", "condition",
                 grammar::closest_names(condition, ids), {}, {}};
    return case_error_reply({i});
  }
  return ok(explanation_json(*e, read.resolved->id, kb.info()));
}

api_reply dispatch(const engine::knowledge_base& kb, const std::string& path, const query_map& q,
                   const std::string& body, const engine::deadline& deadline) {
  if (path == "/v1/health") return ok(oj{{"status", "ok"}, {"kb", kb_json(kb)}});
  // A server answers only once its knowledge base is compiled, so whatever answers is ready: a load balancer's
  // probe tells a replica that is still loading (no answer) from one that serves, and sees which knowledge base.
  if (path == "/v1/ready") return ok(oj{{"status", "ready"}, {"kb", kb_json(kb)}});
  if (path == "/v1/kb") return ok(oj{{"kb", kb_json(kb)}, {"disclaimer", kb.disclaimer()}});
  if (path == "/v1/vocab") return ok(vocabulary_json(kb.vocabulary()));
  if (path == "/v1/diagnose") return diagnose(kb, q, body, deadline);
  if (path == "/v1/explain") return explain(kb, q, body, deadline);
  if (path == "/v1/catalog") return catalog_reply(kb);
  if (path == "/v1/library") return library_reply(kb);
  if (path == "/v1/rule-in-out") return rule_in_out_reply(kb, q, body, deadline);
  if (path == "/v1/graph") return graph_reply(kb, q, body, deadline);
  return batch(kb, q, body, deadline);
}

}  // namespace

std::span<const api_route> api_routes() { return routes; }

api_reply timeout_reply() {
  return error_reply(503, "request.timeout",
                     "the request took longer than the server's time limit (--request-timeout-ms) and was stopped");
}

api_reply error_reply(int status, const std::string& code, const std::string& message) {
  oj j;
  j["error"]["code"] = code;
  j["error"]["message"] = message;
  return {status, dump_json(j, false), {}};
}

std::optional<bool> flag_parameter(const std::multimap<std::string, std::string>& query, const std::string& key) {
  const auto it = query.find(key);
  if (it == query.end()) return false;
  const auto& v = it->second;
  if (v.empty() || v == "0" || v == "false") return false;
  if (v == "1" || v == "true") return true;
  return std::nullopt;
}

api_reply bad_flag_reply(const std::multimap<std::string, std::string>& query, const std::string& key) {
  const auto it = query.find(key);
  return error_reply(400, "request.bad_parameter",
                     fmt::format("`{}` must be `1`, `true`, `0` or `false`, found `{}`", key,
                                 it == query.end() ? std::string{} : it->second));
}

api_reply handle_request(const engine::knowledge_base& kb, const std::string& method, const std::string& path,
                         const query_map& query, const std::string& body, const engine::deadline& deadline) {
  if (auto page = page_reply(method, path)) return *page;
  std::string allow;
  for (const auto& r : routes) {
    if (path != r.path) continue;
    if (method == r.method || (method == "HEAD" && std::string(r.method) == "GET")) {
      if (body.size() > max_request_body)
        return error_reply(413, "http.body_too_large", fmt::format("request body is over {} bytes", max_request_body));
      try {
        return dispatch(kb, path, query, body, deadline);
      } catch (const engine::deadline_exceeded&) {
        return timeout_reply();
      }
    }
    allow = r.method;
  }
  if (allow.empty()) return error_reply(404, "http.not_found", fmt::format("no endpoint `{} {}`", method, path));
  auto reply = error_reply(405, "http.method_not_allowed", fmt::format("`{}` accepts {} only, not {}", path, allow, method));
  reply.allow = allow;
  return reply;
}

}  // namespace ddx::tools
