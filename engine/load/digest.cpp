// engine/load/digest.cpp: SHA-256 of the sources (OpenSSL EVP).
#include "engine/load/digest.hpp"

#include <fmt/format.h>
#include <openssl/evp.h>

#include <algorithm>
#include <vector>

namespace ddx::engine::detail {

std::string digest_of(const grammar::source_manager& sources) {
  std::vector<const grammar::source_file*> files;
  for (grammar::file_id i = 0; i < sources.size(); ++i) files.push_back(&sources.file(i));
  std::sort(files.begin(), files.end(), [](auto* a, auto* b) { return a->path() < b->path(); });
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
  const char nul = '\0';
  for (const auto* f : files) {
    EVP_DigestUpdate(ctx, f->path().data(), f->path().size());
    EVP_DigestUpdate(ctx, &nul, 1);
    EVP_DigestUpdate(ctx, f->text().data(), f->text().size());
    EVP_DigestUpdate(ctx, &nul, 1);
  }
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx, md, &len);
  EVP_MD_CTX_free(ctx);
  std::string out = "sha256:";
  for (unsigned int i = 0; i < len; ++i) out += fmt::format("{:02x}", md[i]);
  return out;
}

}  // namespace ddx::engine::detail
