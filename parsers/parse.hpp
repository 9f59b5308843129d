// parse.hpp: the parser's entry point: a letter's raw bytes in, a Letter out.
//
// Pure: no I/O, no clock, no database, no global state besides per-thread charset
// converter caches. Never throws and never crashes on any input; what was wrong is in
// Letter::defects. Time and memory are linear in the input, bounded by ParseLimits.
#pragma once

#include <string_view>

#include "parsers/letter.hpp"
#include "parsers/parse_limits.hpp"

namespace obrd {

Letter parse_letter(std::string_view raw, const ParseLimits& limits = {});

}  // namespace obrd
