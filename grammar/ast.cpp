// grammar/ast.cpp: helpers over any declaration (its span and its declared id).
#include "grammar/ast.hpp"

#include <type_traits>

namespace ddx::grammar::ast {

source_span span_of(const declaration& d) {
  return std::visit([](const auto& decl) { return decl.span; }, d);
}

const ident* id_of(const declaration& d) {
  return std::visit(
      [](const auto& decl) -> const ident* {
        if constexpr (std::is_same_v<std::decay_t<decltype(decl)>, knowledge_base_decl>) {
          return nullptr;
        } else {
          return &decl.id;
        }
      },
      d);
}

}  // namespace ddx::grammar::ast
