// symbols.hpp: the registry of every evidence symbol the rules give, as rspamd keeps one
// for its rules: the symbol's name, the ground it supports, the strength of that evidence,
// what it means, the rule that gives it and the data files that rule reads.
//
// Promises: one table (symbols.cpp) is the whole list; Findings::add accepts no symbol
// that is not in it (a logic_error: a rule was written without registering its symbol),
// so every Evidence carries the strength registered here. `obrctl symbols` prints the
// table and a test keeps rules/README.md in step with it.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "rules/verdict.hpp"

namespace obrd {

struct SymbolInfo {
    std::string_view name;
    std::optional<Reason> ground;  // none: not a ground (AUTOMATIC)
    Strength strength;
    std::string_view rule;  // the source file of the rule, under rules/
    std::string_view data;  // the data files it reads, under rules/data/ ("" for none)
    std::string_view description;
};

std::span<const SymbolInfo> symbol_registry();
const SymbolInfo* find_symbol(std::string_view name);

// The registry as the Markdown table rules/README.md holds (a test compares the two).
std::string symbols_markdown();

}  // namespace obrd
