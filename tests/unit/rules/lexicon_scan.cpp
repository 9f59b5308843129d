// lexicon_scan: runs the obscene matcher over every word of a word list (one per line, e.g.
// the forms of Debian's hunspell-ru dictionary) and prints each word it flags, with the
// root: "word<TAB>root". Used by the lexicon test (test_lexicon.sh) to keep the matcher's
// false hits on ordinary Russian vocabulary reviewed, and by hand while changing the rules.
//
//   lexicon_scan RULES_DIR WORDS_FILE
#include <fstream>
#include <iostream>
#include <string>

#include "daemon/rule_files.hpp"
#include "rules/context.hpp"
#include "rules/text.hpp"

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: lexicon_scan RULES_DIR WORDS_FILE\n";
        return 64;
    }
    const obrd::RuleData data = obrd::load_rule_data(argv[1]);
    std::ifstream in(argv[2]);
    if (!in) {
        std::cerr << "lexicon_scan: cannot read " << argv[2] << "\n";
        return 66;
    }
    std::string line;
    while (std::getline(in, line)) {
        for (const auto& t : obrd::obscene_tokens(line, data)) {
            if (const auto root = obrd::obscene_root(t.norm, data)) {
                std::cout << line << '\t' << obrd::rtext::encode(*root) << '\n';
                break;
            }
        }
    }
    return 0;
}
