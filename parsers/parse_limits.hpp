// parse_limits.hpp: the bounds that keep the parser linear and its memory bounded.
//
// Whatever a letter holds beyond these limits is not read, and a defect says so. The
// defaults fit real mail with a wide margin.
#pragma once

#include <cstddef>

namespace obrd {

struct ParseLimits {
    std::size_t max_letter_bytes = 64u << 20;   // bytes beyond are ignored
    std::size_t max_header_bytes = 256u << 10;  // per header block, before unfolding
    std::size_t max_header_fields = 2000;       // per header block
    int max_depth = 16;                         // nested multiparts and messages
    std::size_t max_parts = 1000;               // MIME entities in the whole letter
    std::size_t max_text_bytes = 8u << 20;      // decoded text and HTML kept
};

}  // namespace obrd
