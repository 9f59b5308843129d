// sha256.hpp: incremental SHA-256 (OpenSSL libcrypto) with a hex digest, for attachment
// hashes computed while the attachment is decoded (in its own namespace: the daemon has a
// one-shot obrd::sha256_hex of its own).
#pragma once

#include <string>
#include <string_view>

namespace obrd::digest {

class Sha256 {
  public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;
    void update(std::string_view bytes);
    std::string hex_digest();  // finishes the hash; call once

  private:
    void* ctx_;  // EVP_MD_CTX*, kept opaque so OpenSSL headers stay out of this header
};

std::string sha256_hex(std::string_view bytes);

}  // namespace obrd::digest
