// rule_data.hpp: the word lists, phrase lists and settings the rules read, parsed from
// the text of the files in rules/data/ (UTF-8, one entry per line, '#' comments).
//
// Promises: RuleData::from_texts() is pure (file name + content in, data or errors out);
// every error names file:line; an entry is normalised the way the rules normalise text
// (lower case, ё -> е), so lists can be written naturally. Reading the files from disk
// is daemon/rule_files.cpp's job.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "rules/text.hpp"
#include "rules/verdict.hpp"

namespace obrd {

// One word of a pattern: a stem that a normalised word must start with, or (written
// with a trailing '=') the whole word.
// In phrase files a word may list alternatives, "хочу=|буду=|собира": the others are
// `or_else`, and the term matches when any of them does.
struct Term {
    std::u32string stem;
    bool exact = false;
    std::vector<Term> or_else;
    bool matches(std::u32string_view word) const {
        if (!word.empty() && word[0] == stem[0] &&
            (exact ? word == stem : word.substr(0, stem.size()) == stem))
            return true;
        for (const Term& t : or_else)
            if (t.matches(word)) return true;
        return false;
    }
};

// A root of мат (obscene_roots.txt), in the vowel-folded form the matcher compares
// (rtext::fold_vowels), with what may stand around it; ground_obscene.cpp says how.
struct ObsceneRoot {
    std::u32string shown;   // as written (normalised), for the evidence
    std::u32string stem;    // fold_vowels(shown)
    bool exact = false;     // '=': nothing may follow
    bool compound = false;  // also after a joining vowel inside a word (долбоёб)
    bool latin = false;     // also in Latin words, read through translit.txt (huilo)
    bool bare = false;      // never after a prefix
    struct Ending {
        std::u32string text;  // vowel-folded
        bool open = false;    // '*': more letters may follow
    };
    std::vector<Ending> endings;  // when given, only these may follow the stem
};

// A pattern over words: groups joined by '&' must all occur in one sentence; inside a
// group the terms occur in order, with at most Phrase::kMaxGap other words between two.
struct Phrase {
    static constexpr std::size_t kMaxGap = 2;
    std::vector<std::vector<Term>> groups;
    std::string source;  // the entry as written, for evidence
    bool weak = false;   // written with a leading '~': weak evidence (rules/symbols.cpp)
    // start_bit() of every group's first term: a quick "cannot match" test.
    std::uint64_t first_letters = 0;
};

// A bit for how a word or stem starts (its first two letters, or its first letter
// alone), so that a sentence can tell cheaply which phrases cannot match it.
std::uint64_t start_bit(std::u32string_view stem);
// The start bits of the words `ws` (both the two-letter and the one-letter start).
std::uint64_t first_letters(const std::vector<const rtext::Word*>& ws);

// Where a phrase matched: word indices [first, last] of the searched word sequence.
struct PhraseMatch {
    std::size_t first = 0, last = 0;
};
std::optional<PhraseMatch> match_phrase(const Phrase& p, const std::vector<const rtext::Word*>& ws);
// The same, skipping phrases whose first letters are not all in `letters`
// (first_letters(ws)), for callers that try many phrases on one sentence.
std::optional<PhraseMatch> match_phrase(const Phrase& p, const std::vector<const rtext::Word*>& ws,
                                        std::uint64_t letters);

// An off-topic subject: the body competent for it, and the words that show it.
struct Topic {
    std::string name;  // what the letter is about, e.g. "жилищно-коммунальное хозяйство"
    std::string body;  // the competent body, shown in the evidence; empty for advertising
    // Where obrctl forward sends letters for that body (59-FZ art. 8 p.3); empty: none
    // confirmed yet, a person forwards by hand.
    std::string address;
    // An advertisement or mass mailing ([mailing: ...]): a refusal would only confirm the
    // address to its sender, so none is sent (Settings::mass_mailing_notice).
    bool mass_mailing = false;
    std::vector<Phrase> cues;
};

// Marks a letter as automatic when a top-level header matches.
struct HeaderRule {
    std::string name;     // lower case
    std::string value;    // lower case prefix of the value; empty: any value
    bool negate = false;  // "!no": any value except one starting with "no"
};

struct Settings {
    Policy policy;
    std::string department_appeal = "control";
    std::string department_complaint = "head";
    int duplicate_window_days = 90;
    double duplicate_jaccard = 0.7;
    int duplicate_shingle_words = 3;
    double unreadable_min_bad_share = 0.5;
    double unreadable_max_known_share = 0.1;
    int abbreviations_min_unknown = 4;
    double abbreviations_min_share = 0.2;
    int off_topic_min_cues = 2;
    int off_topic_ministry_weight = 2;
    // notice.mass_mailing: refusal restores the refusal notice for advertising.
    bool mass_mailing_notice = false;
    // off_topic.forward: auto sends a letter refused only as off-topic to its competent body
    // when off_topic.txt has that body's address, and tells the applicant (59-FZ art. 8 p.3);
    // staff leaves it to obrctl forward.
    bool off_topic_auto_forward = true;
    int essence_min_words = 6;
    // escalate.<ground> = <department>: a letter refused or held on that ground also
    // alerts the department at once (an urgent card with the original); empty: none.
    std::array<std::string, kReasonCount> escalate;
};

struct RuleFile {
    std::string name;  // file name as it appears in errors, e.g. "obscene_roots.txt"
    std::string content;
};

struct RuleDataResult;

struct RuleData {
    // obscene
    std::vector<ObsceneRoot> obscene_roots;
    std::vector<std::u32string> obscene_prefixes;  // vowel-folded
    std::vector<Term> obscene_exceptions;          // vowel-folded
    std::unordered_map<char32_t, char32_t> lookalikes;
    // Latin -> Cyrillic spellings, longest Latin first ("sch" before "sh" before "s").
    std::vector<std::pair<std::u32string, std::u32string>> translit;
    // offensive, threat
    std::vector<Phrase> offensive;
    std::vector<Phrase> reported_speech;
    std::vector<Phrase> threats;
    std::vector<Phrase> threat_idioms;  // threats.txt lines starting with '!'

    // unreadable, abbreviations
    std::unordered_set<std::u32string> common_words;
    std::unordered_map<char32_t, char32_t> layout;  // QWERTY key -> ЙЦУКЕН letter
    std::vector<std::u32string> keyboard_rows;
    std::vector<std::u32string> keyboard_runs;         // every 5 neighbouring keys, both directions
    std::unordered_set<std::u32string> abbreviations;  // known, normalised
    // off_topic
    std::vector<Phrase> on_topic;
    std::vector<Topic> topics;
    // complaints
    std::vector<Phrase> complaint_subject, complaint_text, complaint_heading, complaint_topic;
    std::vector<Phrase> paper_answer, paper_answer_weak, electronic_answer, notify_verb,
        notify_method;
    std::vector<Phrase> official_unknown, official_position, official_vague, official_event,
        not_a_name, formula;
    // letters
    std::vector<HeaderRule> automatic_headers;
    std::vector<std::string> own_addresses;  // lower case
    std::vector<Phrase> signature_markers, quote_markers;
    Settings settings;

    // The files RuleData needs, by name; all must be given.
    static const std::vector<std::string>& file_names();
    // Parses the files; on any error returns no data and every error found.
    static RuleDataResult from_texts(const std::vector<RuleFile>& files);
};

struct RuleDataResult {
    std::optional<RuleData> data;     // set when there are no errors
    std::vector<std::string> errors;  // "file:line: message", in file order
};

}  // namespace obrd
