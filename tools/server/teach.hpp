// tools/server/teach.hpp: the endpoints the classroom page reads beside diagnose and explain: the catalogue of
// names (with synonyms, for search as you type), the knowledge base's tests as a case library, rule in / rule out
// for one condition, and the part of the rule network behind a case as DOT. Plain functions, no sockets.
#pragma once

#include <map>
#include <string>

#include "engine/deadline.hpp"
#include "engine/kb.hpp"
#include "tools/server/api.hpp"

namespace ddx::tools {

/// GET /v1/catalog
api_reply catalog_reply(const engine::knowledge_base& kb);
/// GET /v1/library
api_reply library_reply(const engine::knowledge_base& kb);
/// POST /v1/rule-in-out?condition=ID[&top=N]; throws engine::deadline_exceeded once `deadline` passes (checked
/// before each finding's two runs).
api_reply rule_in_out_reply(const engine::knowledge_base& kb, const std::multimap<std::string, std::string>& query,
                            const std::string& body, const engine::deadline& deadline = std::nullopt);
/// POST /v1/graph[?condition=ID][&fired_only=1]; the diagnosis behind it stops at `deadline` as diagnose does.
api_reply graph_reply(const engine::knowledge_base& kb, const std::multimap<std::string, std::string>& query,
                      const std::string& body, const engine::deadline& deadline = std::nullopt);

}  // namespace ddx::tools
