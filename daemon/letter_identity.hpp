// letter_identity.hpp: what identifies a raw letter for storage, computed from its bytes.
//
// Pure (no I/O). `identity` is the same for the same letter however often and through
// whichever path it is delivered: it covers the Message-ID and the letter less the trace
// fields each hop prepends (Received, Return-Path, Delivered-To, ...), with line ends
// normalised. `sha256` covers the bytes exactly as fetched.
#pragma once

#include <string>
#include <string_view>

namespace obrd {

struct LetterIdentity {
    std::string message_id;  // without angle brackets; empty when absent or unreadable
    std::string sha256;      // hex
    std::string identity;    // hex
};

LetterIdentity identify_letter(std::string_view raw);

std::string sha256_hex(std::string_view data);

}  // namespace obrd
