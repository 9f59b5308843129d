// symbols.cpp: the symbol table of symbols.hpp. Strong evidence is unambiguous (a check
// digit fails, a plain мат word, "убью"); weak evidence is a judgement a person should
// confirm before a refusal goes out (settings.txt: policy.weak.<ground>, review by default
// for the content grounds). Keep rules/README.md's table in step: a test compares them.
#include "rules/symbols.hpp"

#include <array>

namespace obrd {

namespace {

using enum Strength;

constexpr std::array kSymbols = {
    SymbolInfo{"SENDER_NO_NAME", Reason::sender_incomplete, strong, "ground_sender_incomplete.cpp",
               "", "neither a surname and first name nor an organisation anywhere in the letter"},
    SymbolInfo{"SENDER_PARTIAL_NAME", Reason::sender_incomplete, strong,
               "ground_sender_incomplete.cpp", "",
               "only a first name, or only a surname, and no organisation"},
    SymbolInfo{"INN_CHECK_DIGIT", Reason::sender_inaccurate, strong, "ground_sender_inaccurate.cpp",
               "", "the sender's ИНН fails its check digits"},
    SymbolInfo{"OGRN_CHECK_DIGIT", Reason::sender_inaccurate, strong,
               "ground_sender_inaccurate.cpp", "",
               "the sender's ОГРН or ОГРНИП fails its check digit"},
    SymbolInfo{"EMAIL_MALFORMED", Reason::sender_inaccurate, strong, "ground_sender_inaccurate.cpp",
               "", "the email address the sender gives is malformed"},
    SymbolInfo{"POSTAL_INDEX_MALFORMED", Reason::sender_inaccurate, strong,
               "ground_sender_inaccurate.cpp", "", "the postal index is not six digits"},
    SymbolInfo{"NO_REPLY_ADDRESS", Reason::no_email, strong, "ground_no_email.cpp",
               "own_addresses.txt", "no usable address to answer to"},
    SymbolInfo{"OBSCENE_ROOT", Reason::obscene, strong, "ground_obscene.cpp",
               "obscene_roots.txt, obscene_prefixes.txt, obscene_exceptions.txt, lookalikes.txt",
               "a word built on a root of мат, plain or disguised in Cyrillic"},
    SymbolInfo{"OBSCENE_LATIN", Reason::obscene, weak, "ground_obscene.cpp",
               "obscene_roots.txt, translit.txt",
               "a Latin word that reads as мат once transliterated (a foreign word may too)"},
    SymbolInfo{"OFFENSIVE_WORD", Reason::offensive, strong, "ground_offensive.cpp",
               "offensive.txt, reported_speech.txt", "an insult aimed at people"},
    SymbolInfo{"OFFENSIVE_AMBIGUOUS", Reason::offensive, weak, "ground_offensive.cpp",
               "offensive.txt (entries marked ~), reported_speech.txt",
               "a word that insults only in one of its meanings (козёл, крыса, баран)"},
    SymbolInfo{"THREAT_PHRASE", Reason::threat, strong, "ground_threat.cpp",
               "threats.txt, reported_speech.txt", "a threat to life, health or property"},
    SymbolInfo{"THREAT_INTENT", Reason::threat, weak, "ground_threat.cpp",
               "threats.txt (lines marked ~), reported_speech.txt",
               "a stated intent to harm a person, composed from intent, harm and target words"},
    SymbolInfo{"MOJIBAKE", Reason::unreadable, strong, "ground_unreadable.cpp", "common_words.txt",
               "text in the wrong charset, shown with its repair"},
    SymbolInfo{"WRONG_LAYOUT", Reason::unreadable, strong, "ground_unreadable.cpp",
               "keyboard.txt, common_words.txt",
               "Russian typed with the Latin keyboard layout, shown with its repair"},
    SymbolInfo{"GIBBERISH", Reason::unreadable, strong, "ground_unreadable.cpp",
               "keyboard.txt, common_words.txt, settings.txt",
               "most words are not Russian words, in a text long enough to tell"},
    SymbolInfo{"GIBBERISH_BORDERLINE", Reason::unreadable, weak, "ground_unreadable.cpp",
               "keyboard.txt, common_words.txt, settings.txt",
               "the gibberish threshold is passed narrowly, or the text is too short to be sure"},
    SymbolInfo{"UNKNOWN_ABBREVIATIONS", Reason::abbreviations, strong, "ground_abbreviations.cpp",
               "abbreviations.txt, settings.txt",
               "the text is made of abbreviations no one can expand"},
    SymbolInfo{"OFF_TOPIC", Reason::off_topic, strong, "ground_off_topic.cpp", "off_topic.txt",
               "another body's field, and nothing of the ministry's"},
    SymbolInfo{"OFF_TOPIC_MIXED", Reason::off_topic, weak, "ground_off_topic.cpp", "off_topic.txt",
               "another body's field outweighs the ministry's, which the letter also touches"},
    SymbolInfo{"MASS_MAILING", Reason::off_topic, strong, "ground_off_topic.cpp", "off_topic.txt",
               "advertising or a mass mailing: refused without a notice"},
    SymbolInfo{"DUPLICATE_TEXT", Reason::duplicate, strong, "ground_duplicate.cpp",
               "settings.txt, text_markers.txt",
               "the same text as an appeal of the same sender accepted earlier"},
    SymbolInfo{"NEAR_DUPLICATE", Reason::duplicate, weak, "ground_duplicate.cpp",
               "settings.txt, text_markers.txt",
               "a text much like an appeal of the same sender accepted earlier"},
    SymbolInfo{"COMPLAINT_NO_APPLICANT", Reason::complaint_incomplete, strong,
               "ground_complaint.cpp", "complaint.txt", "a complaint without the applicant's name"},
    SymbolInfo{"COMPLAINT_NO_REPLY_ADDRESS", Reason::complaint_incomplete, strong,
               "ground_complaint.cpp", "complaint.txt",
               "a complaint without the address its answer must go to"},
    SymbolInfo{"COMPLAINT_NO_OFFICIAL", Reason::complaint_incomplete, strong,
               "ground_complaint.cpp", "complaint.txt",
               "a complaint that names no official and gives nothing that identifies one"},
    SymbolInfo{"COMPLAINT_OFFICIAL_UNNAMED", Reason::complaint_incomplete, weak,
               "ground_complaint.cpp", "complaint.txt",
               "a complaint that hints at the official (a position, a dated event, or \"name "
               "unknown\") but does not identify the person"},
    SymbolInfo{"COMPLAINT_NO_ESSENCE", Reason::complaint_incomplete, strong, "ground_complaint.cpp",
               "complaint.txt, settings.txt", "a complaint that does not say what was violated"},
    SymbolInfo{"COMPLAINT_NO_NOTIFY_METHOD", Reason::complaint_incomplete, strong,
               "ground_complaint.cpp", "complaint.txt",
               "a complaint that does not say how to be told of the measures taken"},
    SymbolInfo{"AUTOMATIC", std::nullopt, strong, "automatic.cpp", "automatic_headers.txt",
               "an automatic letter (auto-reply, bounce, list traffic): stored, never answered"},
    SymbolInfo{"STAFF_DECISION", std::nullopt, strong, "daemon/cmd/obrctl_staff.cpp", "",
               "a person refused on this ground (obrctl decide REF refuse --ground G); the "
               "evidence is their comment"},
};

}  // namespace

std::span<const SymbolInfo> symbol_registry() {
    return kSymbols;
}

const SymbolInfo* find_symbol(std::string_view name) {
    for (const SymbolInfo& s : kSymbols)
        if (s.name == name) return &s;
    return nullptr;
}

std::string symbols_markdown() {
    std::string out =
        "| symbol | ground | strength | rule | data | meaning |\n"
        "|---|---|---|---|---|---|\n";
    for (const SymbolInfo& s : kSymbols) {
        out += "| `";
        out += s.name;
        out += "` | ";
        out += s.ground ? to_string(*s.ground) : std::string_view("(none)");
        out += " | ";
        out += to_string(s.strength);
        out += " | `";
        out += s.rule;
        out += "` | ";
        out += s.data.empty() ? std::string_view("—") : s.data;
        out += " | ";
        out += s.description;
        out += " |\n";
    }
    return out;
}

}  // namespace obrd
