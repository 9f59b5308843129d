// decision_path_fuzzer.cpp: libFuzzer entry point for a letter's whole way through obrd's
// pure core: parse -> rules (with a small history) -> compose the notice and a staff card
// -> parse what was composed.
//
// Any input must get through without a crash, a sanitizer report or an exception other
// than ComposeError (a letter whose own values make no notice: an address that is no
// addr-spec). What is composed must be a message obrd itself reads back with exactly one
// recipient (the 7-bit addr-spec the composer checked, which is also the envelope's), our
// sender, 7-bit header lines of at most 998 octets and only the header fields the composer
// writes: nothing from the letter reaches a header unencoded.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string_view>

#include "daemon/notice_files.hpp"
#include "daemon/rule_files.hpp"
#include "notices/compose.hpp"
#include "parsers/parse.hpp"
#include "rules/check.hpp"
#include "rules/history.hpp"

namespace {

struct Core {
    obrd::RuleData rules;
    obrd::NoticeTemplates templates;
    obrd::MemoryHistory history;
};

const Core& core() {
    static const Core c = [] {
        const char* root = std::getenv("OBRD_SOURCE_DIR");
        const std::string dir = root ? root : OBRD_SOURCE_DIR_DEFAULT;
        Core c;
        c.rules = obrd::load_rule_data(dir + "/rules/data");
        c.templates = obrd::load_notice_templates(dir + "/notices/templates");
        // A small history: two accepted appeals a letter may duplicate.
        for (const char* text :
             {"Просим разъяснить, включена ли наша организация в план проверок на 2027 год.",
              "Прошу сообщить порядок компенсации поставщику социальных услуг за 2026 год."}) {
            obrd::Letter l;
            l.text = text;
            l.reply_address = "kovaleva@dobry-ostrov65.ru";
            c.history.add(obrd::make_prior_appeal(l, c.rules, "1", obrd::Seconds{}));
        }
        return c;
    }();
    return c;
}

const obrd::OutgoingMail* composed = nullptr;  // the message being checked, for the report

[[noreturn]] void fail(const char* why) {
    std::fprintf(stderr, "decision_path_fuzzer: %s\n", why);
    if (composed) {
        const std::string& b = composed->bytes;
        std::fprintf(stderr, "--- its header ---\n%.*s\n", static_cast<int>(b.find("\r\n\r\n")),
                     b.c_str());
    }
    std::abort();
}

// The checks every composed message must pass.
void check_composed(const obrd::OutgoingMail& mail) {
    composed = &mail;
    for (char c : mail.to)
        if (static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) > 0x7e)
            fail("an envelope recipient that is not a 7-bit addr-spec");
    static const std::set<std::string> written = {
        "Date",         "From",           "To",
        "Subject",      "Message-ID",     "In-Reply-To",
        "References",   "Auto-Submitted", "X-Auto-Response-Suppress",
        "MIME-Version", "Content-Type",   "Content-Transfer-Encoding",
        "Reply-To"};
    const std::size_t end = mail.bytes.find("\r\n\r\n");
    if (end == std::string::npos) fail("no header end");
    std::size_t pos = 0;
    while (pos < end) {
        const std::size_t nl = mail.bytes.find("\r\n", pos);
        const std::string_view line(mail.bytes.data() + pos, nl - pos);
        if (line.size() > 998) fail("header line over 998 octets");
        for (char c : line)
            if (static_cast<unsigned char>(c) < 0x20 && c != '\t')
                fail("control byte in header");
            else if (static_cast<unsigned char>(c) > 0x7e)
                fail("8-bit header");
        if (!line.empty() && line[0] != ' ' && line[0] != '\t') {
            const auto colon = line.find(':');
            if (colon == std::string_view::npos) fail("header line without a name");
            if (!written.count(std::string(line.substr(0, colon)))) fail("a header we never write");
        }
        pos = nl + 2;
    }
    const obrd::Letter back = obrd::parse_letter(mail.bytes);
    // The recipient as the composer checked it (an IDN domain in punycode).
    if (back.to.size() != 1 || back.to[0].address != mail.to) fail("not exactly one recipient");
    if (back.from.address != "mszso@sakhalin.gov.ru") fail("not our sender");
    if (!back.cc.empty()) fail("a Cc");
    // A card's Reply-To: the applicant and our mailbox, nothing else.
    if (!back.reply_to.empty() &&
        (back.reply_to.size() != 2 || back.reply_to[1].address != "mszso@sakhalin.gov.ru"))
        fail("a Reply-To other than the applicant and our mailbox");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view raw(reinterpret_cast<const char*>(data), size);
    obrd::ParseLimits limits;
    limits.max_letter_bytes = 1 << 20;
    const Core& c = core();
    const obrd::Letter letter = obrd::parse_letter(raw, limits);
    const auto now = obrd::Seconds(std::chrono::seconds(1796000000));
    obrd::Verdict v = obrd::check_letter(letter, c.rules, c.history, now);

    obrd::NoticeInput in;
    in.from = "mszso@sakhalin.gov.ru";
    in.from_name = "Министерство социальной защиты Сахалинской области";
    in.to = v.reply_to.empty() ? "someone@example.ru" : v.reply_to;
    in.in_reply_to = letter.message_id;
    in.references = letter.references;
    in.original_subject = letter.subject;
    in.verdict = v;
    if (v.verdict == obrd::Outcome::ignored) {  // no notice for these: compose a refusal anyway
        in.verdict.verdict = obrd::Outcome::refused;
        in.verdict.notice = obrd::Notice::refusal;
        if (in.verdict.reasons.empty()) in.verdict.reasons = {obrd::Reason::off_topic};
    }
    if (in.verdict.verdict == obrd::Outcome::refused && in.verdict.reasons.empty())
        in.verdict.reasons = {obrd::Reason::off_topic};
    in.sender = letter.sender;
    in.registration_number = "МСЗ-2026-000001";
    in.registered_on =
        obrd::Date{std::chrono::year{2026}, std::chrono::month{12}, std::chrono::day{1}};
    in.deadline = obrd::Date{std::chrono::year{2026}, std::chrono::month{12}, std::chrono::day{31}};
    in.now = now;
    in.token = "1.n.1796000000";
    try {
        check_composed(obrd::compose_notice(c.templates, in));
    } catch (const obrd::ComposeError&) {
        // The letter's reply address is no addr-spec: the daemon sends no notice then.
    }

    obrd::CardInput card;
    card.from = in.from;
    card.from_name = in.from_name;
    card.to = "control@msz.example.ru";
    card.department = "control";
    card.letter = &letter;
    card.verdict = v;
    card.verdict.verdict = obrd::Outcome::accepted;
    card.registration_number = "МСЗ-2026-000001";
    card.registered_on = in.registered_on;
    card.deadline = in.deadline;
    card.original = raw;
    card.now = now;
    card.token = "1.c0.1796000000";
    check_composed(obrd::compose_card(c.templates, card));
    return 0;
}
