// context.hpp: one letter prepared once for all the rules: its appeal text, words,
// sentences and lines, and the maps back to offsets in Letter::text.
//
// Promises: built from the Letter and the rule data only; holds views into the Letter,
// so it must not outlive it.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "parsers/letter.hpp"
#include "rules/history.hpp"
#include "rules/rule_data.hpp"
#include "rules/text.hpp"
#include "rules/verdict.hpp"

namespace obrd {

struct Context {
    const Letter& letter;
    const RuleData& data;
    // The appeal text: the form's "Текст обращения" or the whole body.
    std::string_view body;
    // Where `body` starts inside Letter::text, when it lies inside it.
    std::optional<std::size_t> body_offset;
    // body[0, main_end): without a quoted earlier letter; [0, signature_begin): also
    // without the closing signature block (signature_begin <= main_end).
    std::size_t main_end = 0, signature_begin = 0;
    std::vector<rtext::Word> words;  // of body
    std::vector<rtext::Span> sentences, lines;
    std::vector<rtext::Word> subject_words;
    Kind kind = Kind::appeal;

    Context(const Letter& l, const RuleData& d);
    // Offset of body position `pos` in Letter::text, if known.
    std::optional<std::size_t> text_offset(std::size_t pos) const {
        if (!body_offset) return std::nullopt;
        return *body_offset + pos;
    }
    std::string_view main_text() const { return body.substr(0, main_end); }
    std::string_view unsigned_text() const { return body.substr(0, signature_begin); }
    // Words of the body that lie in [begin, end).
    std::vector<const rtext::Word*> words_between(std::size_t begin, std::size_t end) const {
        return rtext::words_in(words, {begin, end});
    }
    // Adds evidence pointing at body bytes [begin, end).
    void cite(Findings& f, Reason r, std::string symbol, std::size_t begin, std::size_t end,
              std::string note = {}) const;
};

// The grounds. Each adds to `f` what it found, with evidence; each lives in its own
// rules/ground_*.cpp file.
void ground_sender_incomplete(const Context& c, Findings& f);
void ground_sender_inaccurate(const Context& c, Findings& f);
void ground_no_email(const Context& c, const std::string& reply_to, Findings& f);
void ground_obscene(const Context& c, Findings& f);
void ground_offensive(const Context& c, Findings& f);
void ground_threat(const Context& c, Findings& f);
void ground_unreadable(const Context& c, Findings& f);
void ground_abbreviations(const Context& c, Findings& f);
void ground_off_topic(const Context& c, Findings& f);
void ground_duplicate(const Context& c, const History& history, Seconds now, Findings& f,
                      std::optional<std::string>& redelivery_of);
void ground_complaint_incomplete(const Context& c, Findings& f);

// Cites every sentence of the main text where one of `phrases` is used and no phrase of
// reported_speech.txt says that someone else's words are described, nor one of `idioms`
// (offensive, threat); `weak_symbol` for phrases marked '~'.
void cite_phrases(const Context& c, const std::vector<Phrase>& phrases, Reason reason,
                  const char* symbol, const char* weak_symbol, Findings& f,
                  const std::vector<Phrase>& idioms);

// Recognition helpers shared by check.cpp.
bool is_automatic_letter(const Letter& letter, const RuleData& data, std::string& why);
bool is_complaint(const Context& c);
// The address an answer goes to, or empty (see ground_no_email.cpp).
std::string usable_reply_address(const Letter& letter, const RuleData& data);

// Normalised words for obscenity matching (look-alikes mapped, separators glued,
// repeats collapsed); exposed for tests.
struct ObsceneToken {
    std::u32string norm;
    std::size_t begin = 0, end = 0;  // bytes in the searched text
    bool latin = false;              // a Latin word, read through translit.txt ("huilo")
};
std::vector<ObsceneToken> obscene_tokens(std::string_view s, const RuleData& data);
// The root the word is built on, if the word is obscene; `latin`: the word is a
// transliterated Latin word (ObsceneToken::latin), compared with the `latin` roots only.
std::optional<std::u32string> obscene_root(std::u32string_view word, const RuleData& data,
                                           bool latin = false);

}  // namespace obrd
