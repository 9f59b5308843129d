// rules_test_util.hpp: the default rules data and Letters built by hand for the rules'
// unit tests.
#pragma once

#include <string>

#include "parsers/letter.hpp"
#include "rules/check.hpp"
#include "rules/context.hpp"
#include "rules/rule_data.hpp"

namespace obrd::test {

// rules/data, loaded once through daemon/rule_files.cpp.
const RuleData& data();

// A plain letter from a named person of an organisation with a valid ИНН.
Letter letter(const std::string& body, const std::string& subject = "Вопрос");

// The findings of one ground over a letter.
Findings run(void (*ground)(const Context&, Findings&), const Letter& l);

// check_letter with an empty history at a fixed time.
Verdict check(const Letter& l);

bool has(const Findings& f, Reason r);

}  // namespace obrd::test
