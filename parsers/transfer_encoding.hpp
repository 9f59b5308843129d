// transfer_encoding.hpp: Content-Transfer-Encoding decoders and format=flowed.
//
// Decoders are tolerant: characters outside the base64 alphabet are skipped, a bad "="
// escape in quoted-printable is kept as written. They stream their output in chunks so
// that a large attachment can be hashed without holding the decoded copy in memory.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace obrd::transfer {

using ChunkSink = std::function<void(std::string_view)>;

enum class Encoding { identity, base64, quoted_printable, uuencode };

// "base64", "quoted-printable", "7bit", "8bit", "binary", "x-uuencode"... (case-insensitive).
// Anything unknown reads as identity; `known` is set to false then.
Encoding parse_encoding(std::string_view cte, bool* known = nullptr);

void decode_base64(std::string_view in, const ChunkSink& sink);
void decode_quoted_printable(std::string_view in, const ChunkSink& sink);
// A "begin NNN name" ... "end" block; data outside the block is ignored.
void decode_uuencode(std::string_view in, const ChunkSink& sink);

void decode(std::string_view in, Encoding encoding, const ChunkSink& sink);
std::string decode_to_string(std::string_view in, Encoding encoding);

// Applies RFC 3676 format=flowed to "\n"-separated text: joins soft-broken lines, removes
// space stuffing; with delsp, the space before a soft break is dropped too.
std::string unflow(std::string_view text, bool delsp);

}  // namespace obrd::transfer
