// mime_tree.hpp: the MIME structure of a letter, as views into its raw bytes.
//
// A line-based, top-down reader: a multipart's body is first cut at its own boundary
// lines (only at line starts, only the exact boundary followed by blanks or "--"), and
// only then are the parts read, so an unclosed inner multipart can never swallow the
// outer one's next part. Depth, part count and header size are bounded by ParseLimits;
// everything unusual is recorded in `defects`. Of two Content-Type fields the first
// counts; a letter with CR-only line ends is read from an LF copy. Bodies stay encoded (see
// transfer_encoding.hpp). No exceptions escape.
//
// Why not mimetic for this: mimetic 0.9.8 copies every body into its own string (a
// 25 MB letter would cost more than 2.5x its size, the goal is 1.5x), recurses without a
// depth bound, reads header values in quadratic time, and splits parameters on ";"
// inside quotes; guarding all of that costs more than this reader.
#pragma once

#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/header_params.hpp"
#include "parsers/parse_limits.hpp"

namespace obrd {

struct RawField {
    std::string name;   // as written
    std::string value;  // unfolded, trimmed, still raw bytes (not RFC 2047 decoded)
};

struct MimePart {
    std::vector<RawField> fields;
    HeaderParams content_type;  // value "type/subtype", RFC 2045 default applied
    bool content_type_declared = false;
    HeaderParams disposition;                         // value "attachment", "inline" or empty
    std::string transfer_encoding;                    // lower case, empty when absent
    std::string_view body;                            // the encoded body
    std::vector<std::unique_ptr<MimePart>> children;  // multipart parts, or the embedded message
    int depth = 0;

    const RawField* field(std::string_view name) const;  // first field of that name
    bool is_multipart() const;
    bool is_embedded_message() const;  // message/rfc822 (and global variants)
};

struct MimeTree {
    std::unique_ptr<MimePart> root;
    std::deque<std::string> arena;  // owns decoded embedded messages, a CR-only letter's LF copy
    std::vector<std::string> defects;
};

MimeTree read_mime_tree(std::string_view raw, const ParseLimits& limits);

}  // namespace obrd
