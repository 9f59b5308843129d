// classifier.hpp: the thematic classifier's codes the report counts by (notices/data/
// classifier.txt), parsed. Pure: the text in, the table out.
//
// Promises: every code is РРРР.ТТТТ.ТТТТ.ВВВВ[.ПППП] (four digits each) and listed once,
// there is one version line, and each kind (appeal, complaint) has exactly one default.
// A broken file is a std::invalid_argument naming "file:line" and what is wrong.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace obrd {

struct ClassifierCode {
    std::string code, title;
    std::vector<std::string> default_for;  // kinds: appeal, complaint
};

struct Classifier {
    std::string version;
    std::vector<ClassifierCode> codes;  // in the file's order

    // Null when `code` is not listed.
    const ClassifierCode* find(std::string_view code) const;
    // The code a registered letter of `kind` counts under until a person sets one; null
    // for a kind without a default (never, for appeal and complaint).
    const ClassifierCode* default_for(std::string_view kind) const;
};

// `name` is only for the error messages.
Classifier parse_classifier(std::string_view text, std::string_view name);

// РРРР.ТТТТ.ТТТТ.ВВВВ with an optional .ПППП.
bool is_classifier_code(std::string_view code);

}  // namespace obrd
