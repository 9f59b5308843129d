// compose_test.cpp: notices and cards read back with obrd's own parser (subject, addresses,
// threading headers, body text), header injection attempts through every value taken from
// a letter, 7-bit 76-column output, determinism, and the attached original letter; and every
// template's From and Subject as GMime and Python's email package decode them (RFC 2047).
#include <gtest/gtest.h>

#include <gmime/gmime.h>
#include <stdlib.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "daemon/notice_files.hpp"
#include "notices/compose.hpp"
#include "notices/mime.hpp"
#include "parsers/parse.hpp"
#include "parsers/sha256.hpp"

namespace obrd {
namespace {

using namespace std::chrono;

const NoticeTemplates& templates() {
    static const NoticeTemplates t = load_notice_templates(OBRD_NOTICES_DIR "/templates");
    return t;
}

Date d(int y, unsigned m, unsigned day) {
    return Date{year{y}, month{m}, std::chrono::day{day}};
}

const sys_seconds kNow = sys_days(d(2026, 11, 28)) + hours(12) + minutes(39) + seconds(18);

NoticeInput acceptance_input() {
    NoticeInput in;
    in.from = "mszso@sakhalin.gov.ru";
    in.from_name = "Министерство социальной защиты Сахалинской области";
    in.to = "irina@example.ru";
    in.in_reply_to = "abc.1@mail.example.ru";
    in.references = {"root.0@mail.example.ru"};
    in.original_subject = "Вопрос о компенсации поставщику социальных услуг";
    in.verdict.kind = Kind::appeal;
    in.verdict.verdict = Outcome::accepted;
    in.verdict.notice = Notice::acceptance;
    in.verdict.reply_to = "irina@example.ru";
    in.verdict.department = "control";
    in.sender.last_name = "Иванова";
    in.sender.first_name = "Ирина";
    in.sender.patronymic = "Петровна";
    in.registration_number = "МСЗ-2026-000123";
    in.registered_on = d(2026, 11, 28);
    in.deadline = d(2026, 12, 28);
    in.now = kNow;
    in.token = "42.n.1764333558";
    return in;
}

NoticeInput refusal_input(std::vector<Reason> reasons) {
    NoticeInput in = acceptance_input();
    in.verdict.verdict = Outcome::refused;
    in.verdict.notice = Notice::refusal;
    in.verdict.department.clear();
    in.verdict.reasons = std::move(reasons);
    in.registration_number.reset();
    in.registered_on.reset();
    in.deadline.reset();
    return in;
}

std::vector<std::string> header_names(const Letter& l) {
    std::vector<std::string> names;
    for (const auto& h : l.headers) names.push_back(h.name);
    return names;
}

const std::string* header(const Letter& l, std::string_view name) {
    for (const auto& h : l.headers)
        if (h.name == name) return &h.value;
    return nullptr;
}

const std::vector<std::string> kNoticeHeaders = {
    "Date",         "From",           "To",
    "Subject",      "Message-ID",     "In-Reply-To",
    "References",   "Auto-Submitted", "X-Auto-Response-Suppress",
    "MIME-Version", "Content-Type",   "Content-Transfer-Encoding"};

// 7-bit, CRLF only, no line above 76 characters in the headers and the base64 body.
void expect_well_formed(const std::string& bytes, bool whole_message = true) {
    const std::size_t end = whole_message ? bytes.size() : bytes.find("\r\n\r\n");
    std::size_t pos = 0;
    while (pos < end) {
        const auto nl = bytes.find("\r\n", pos);
        ASSERT_NE(nl, std::string::npos) << "no CRLF at the end";
        const std::string_view line(bytes.data() + pos, nl - pos);
        EXPECT_LE(line.size(), 76u) << line;
        for (char c : line) {
            EXPECT_TRUE(c >= 0x20 && c < 0x7f)
                << "byte " << int(static_cast<unsigned char>(c)) << " in " << line;
            if (!(c >= 0x20 && c < 0x7f)) return;
        }
        pos = nl + 2;
    }
}

TEST(Notice, AcceptanceReadsBack) {
    const auto in = acceptance_input();
    const OutgoingMail mail = compose_notice(templates(), in);
    expect_well_formed(mail.bytes);
    EXPECT_EQ(mail.to, "irina@example.ru");
    EXPECT_EQ(mail.message_id, "obrd.42.n.1764333558@sakhalin.gov.ru");
    EXPECT_NE(mail.subject.find("МСЗ-2026-000123"), std::string::npos) << mail.subject;
    EXPECT_EQ(mail.subject.rfind("Обращение зарегистрировано: МСЗ-2026-000123", 0), 0u)
        << mail.subject;
    EXPECT_NE(mail.subject.find("Re: Вопрос о компенсации"), std::string::npos) << mail.subject;

    const Letter l = parse_letter(mail.bytes);
    EXPECT_TRUE(l.defects.empty()) << l.defects.front();
    EXPECT_EQ(header_names(l), kNoticeHeaders);
    EXPECT_EQ(l.subject, mail.subject);
    EXPECT_EQ(l.from.address, "mszso@sakhalin.gov.ru");
    EXPECT_EQ(l.from.name, "Министерство социальной защиты Сахалинской области");
    ASSERT_EQ(l.to.size(), 1u);
    EXPECT_EQ(l.to[0].address, "irina@example.ru");
    EXPECT_EQ(l.message_id, mail.message_id);
    EXPECT_EQ(l.in_reply_to, "abc.1@mail.example.ru");
    EXPECT_EQ(l.references,
              (std::vector<std::string>{"root.0@mail.example.ru", "abc.1@mail.example.ru"}));
    EXPECT_EQ(l.date, "2026-11-28T23:39:18+11:00");
    ASSERT_TRUE(header(l, "Auto-Submitted"));
    EXPECT_EQ(*header(l, "Auto-Submitted"), "auto-replied");
    EXPECT_EQ(*header(l, "Content-Type"), "text/plain; charset=utf-8");
    EXPECT_EQ(*header(l, "Content-Transfer-Encoding"), "base64");
    EXPECT_NE(l.text.find("Уважаемая Ирина Петровна!"), std::string::npos) << l.text;
    EXPECT_NE(l.text.find("МСЗ-2026-000123"), std::string::npos);
    EXPECT_NE(l.text.find("28.11.2026"), std::string::npos);
    EXPECT_NE(l.text.find("до 28.12.2026 включительно"), std::string::npos) << l.text;
    EXPECT_NE(l.text.find("59-ФЗ"), std::string::npos);
    EXPECT_NE(l.text.find("irina@example.ru"), std::string::npos);
    EXPECT_EQ(l.text.find("{{"), std::string::npos);
}

// When the 30th day is a day off, the acceptance names it and the rule that moves the
// deadline (01.01.2027 -> 11.01.2027); on a working day it says nothing of the kind.
TEST(Notice, AcceptanceStatesWhyTheDeadlineMoved) {
    auto in = acceptance_input();
    in.registered_on = d(2026, 12, 2);
    in.deadline = d(2027, 1, 11);
    Letter l = parse_letter(compose_notice(templates(), in).bytes);
    EXPECT_NE(l.text.find("до 11.01.2027 включительно"), std::string::npos) << l.text;
    EXPECT_NE(l.text.find("Тридцатый день срока, 01.01.2027, — нерабочий день"), std::string::npos)
        << l.text;
    EXPECT_NE(l.text.find("статья 193 Гражданского кодекса"), std::string::npos) << l.text;

    in = acceptance_input();  // 28.11 + 30 days = 28.12, a Monday
    l = parse_letter(compose_notice(templates(), in).bytes);
    EXPECT_EQ(l.text.find("Тридцатый день"), std::string::npos) << l.text;

    in.verdict.kind = Kind::complaint;  // 20 working days: nothing moves
    in.deadline = d(2027, 1, 11);
    l = parse_letter(compose_notice(templates(), in).bytes);
    EXPECT_EQ(l.text.find("Тридцатый день"), std::string::npos) << l.text;
}

// A corrected reply to a refusal is accepted as a new appeal; its acceptance says which
// refused letter it completes.
TEST(Notice, AcceptanceOfAResubmissionCitesTheRefusedLetter) {
    auto in = acceptance_input();
    Letter l = parse_letter(compose_notice(templates(), in).bytes);
    EXPECT_EQ(l.text.find("отказ в регистрации Вашего письма"), std::string::npos) << l.text;
    in.completes_refused_on = d(2026, 11, 20);
    l = parse_letter(compose_notice(templates(), in).bytes);
    EXPECT_NE(l.text.find("ответ на наш отказ в регистрации Вашего письма от 20.11.2026"),
              std::string::npos)
        << l.text;
    EXPECT_NE(l.text.find("Исправленное обращение зарегистрировано как новое"), std::string::npos);
    EXPECT_NE(l.text.find("МСЗ-2026-000123"), std::string::npos);
    in.verdict.kind = Kind::complaint;
    l = parse_letter(compose_notice(templates(), in).bytes);
    EXPECT_NE(l.text.find("Исправленная жалоба зарегистрирована как новая"), std::string::npos)
        << l.text;
}

TEST(Notice, ComplaintAcceptance) {
    auto in = acceptance_input();
    in.verdict.kind = Kind::complaint;
    in.deadline = d(2026, 12, 25);
    const auto mail = compose_notice(templates(), in);
    EXPECT_EQ(mail.subject.rfind("Жалоба зарегистрирована: МСЗ-2026-000123", 0), 0u);
    const Letter l = parse_letter(mail.bytes);
    EXPECT_NE(l.text.find("20 рабочих дней"), std::string::npos) << l.text;
    EXPECT_NE(l.text.find("25.12.2026"), std::string::npos);
}

// The paragraph of a complaint's notice that starts with `opening`, to its end of line.
std::string paragraph(const std::string& text, const std::string& opening) {
    const auto at = text.find(opening);
    if (at == std::string::npos) return {};
    return text.substr(at, text.find('\n', at) - at);
}

// The words a complaint's notice may use for other things than the complaint itself.
std::string without_allowed_mentions(std::string text) {
    for (const char* allowed : {"приёма электронных обращений министерства",
                                "«О порядке рассмотрения обращений граждан Российской Федерации»"})
        for (auto at = text.find(allowed); at != std::string::npos; at = text.find(allowed))
            text.erase(at, std::string(allowed).size());
    return text;
}

// legal-notes.md §2: an emailed complaint is considered under the ministry's procedure; the
// pre-trial complaint of 248-FZ is filed through Gosuslugi and its term keeps running; grounds
// of refusal cite 248-FZ art. 42 where it applies; «жалоба» throughout.
TEST(Notice, ComplaintNoticesStateTheGosuslugiRouteAndTheirOwnLaw) {
    auto in = acceptance_input();
    in.verdict.kind = Kind::complaint;
    const std::string accepted = parse_letter(compose_notice(templates(), in).bytes).text;
    for (const char* s :
         {"do.gosuslugi.ru", "часть 1 статьи 40", "часть 5 статьи 40", "часть 6 статьи 40",
          "10 рабочих дней", "часть 2 статьи 39", "части 2 статьи 43",
          "в порядке приёма электронных обращений", "часть 6 статьи 8"})
        EXPECT_NE(accepted.find(s), std::string::npos) << s << "\n" << accepted;
    const std::string route = paragraph(accepted, "Важно: досудебная жалоба");
    ASSERT_FALSE(route.empty());
    EXPECT_EQ(without_allowed_mentions(accepted).find("обращени"), std::string::npos) << accepted;

    for (Reason r : {Reason::obscene, Reason::offensive, Reason::threat, Reason::duplicate,
                     Reason::complaint_incomplete, Reason::sender_incomplete,
                     Reason::sender_inaccurate, Reason::unreadable, Reason::abbreviations}) {
        auto refusal = refusal_input({r});
        refusal.verdict.kind = Kind::complaint;
        refusal.verdict.complaint_missing = {ComplaintItem::notify_method};
        const std::string text = parse_letter(compose_notice(templates(), refusal).bytes).text;
        SCOPED_TRACE(std::string(to_string(r)) + "\n" + text);
        EXPECT_EQ(paragraph(text, "Важно: досудебная жалоба"), route) << "the same route";
        EXPECT_EQ(without_allowed_mentions(text).find("обращени"), std::string::npos);
        if (r == Reason::obscene || r == Reason::offensive || r == Reason::threat) {
            EXPECT_NE(text.find("пункту 6 части 1 статьи 42"), std::string::npos);
            EXPECT_EQ(text.find("статьи 11"), std::string::npos);
        }
        if (r == Reason::duplicate) {
            EXPECT_NE(text.find("пункт 5 части 1 статьи 42"), std::string::npos);
        }
        if (r == Reason::complaint_incomplete) {
            EXPECT_NE(text.find("часть 1 статьи 41"), std::string::npos);
            EXPECT_EQ(text.find("статьи 42"), std::string::npos) << "not a ground of art. 42";
        }
    }
    // An appeal's abuse refusal keeps 59-FZ art. 11 p.3.
    const std::string appeal =
        parse_letter(compose_notice(templates(), refusal_input({Reason::offensive})).bytes).text;
    EXPECT_NE(appeal.find("частью 3 статьи 11"), std::string::npos) << appeal;
    EXPECT_EQ(appeal.find("do.gosuslugi.ru"), std::string::npos);
}

TEST(Notice, NoOriginalSubject) {
    auto in = acceptance_input();
    in.original_subject = "  \r\n ";
    const auto mail = compose_notice(templates(), in);
    EXPECT_EQ(mail.subject, "Обращение зарегистрировано: МСЗ-2026-000123");
    in.original_subject = "RE: Re[2]: Вопрос";
    EXPECT_EQ(compose_notice(templates(), in).subject,
              "Обращение зарегистрировано: МСЗ-2026-000123 (Re: Вопрос)");
}

TEST(Notice, Deterministic) {
    const auto in = acceptance_input();
    EXPECT_EQ(compose_notice(templates(), in).bytes, compose_notice(templates(), in).bytes);
    auto other = in;
    other.token = "43.n.1764333558";
    EXPECT_NE(compose_notice(templates(), other).message_id,
              compose_notice(templates(), in).message_id);
}

TEST(Notice, Salutations) {
    SenderDetails s;
    EXPECT_EQ(salutation(templates(), s), "Здравствуйте!");
    s.first_name = "ИВАН";
    s.patronymic = "ПЕТРОВИЧ";
    EXPECT_EQ(salutation(templates(), s), "Уважаемый Иван Петрович!");
    s.first_name = "Зульфия";
    s.patronymic = "Ильинична";
    EXPECT_EQ(salutation(templates(), s), "Уважаемая Зульфия Ильинична!");
    s.patronymic.reset();
    EXPECT_EQ(salutation(templates(), s), "Здравствуйте!");
    s.patronymic = "Петровна\r\nBcc: x@y.ru";  // not a name: neutral
    EXPECT_EQ(salutation(templates(), s), "Здравствуйте!");
}

// The first words of a reason's paragraph, as an appeal's refusal renders them.
std::string opening_of(Reason r) {
    std::string line = templates().reason(r).render({});
    line = line.substr(0, line.find('\n'));
    std::size_t n = std::min<std::size_t>(line.size(), 60);
    while (n > 0 && (static_cast<unsigned char>(line[n]) & 0xc0) == 0x80) --n;
    return line.substr(0, n);
}

TEST(Notice, RefusalHasEveryGroundsParagraph) {
    for (std::size_t i = 0; i < kReasonCount; ++i) {
        const auto r = static_cast<Reason>(i);
        auto in = refusal_input({r});
        if (r == Reason::complaint_incomplete) {
            in.verdict.kind = Kind::complaint;
            in.verdict.complaint_missing = {ComplaintItem::essence};
        }
        const auto mail = compose_notice(templates(), in);
        expect_well_formed(mail.bytes);
        const Letter l = parse_letter(mail.bytes);
        EXPECT_EQ(l.subject, mail.subject);
        const std::string opening = opening_of(r);
        ASSERT_GE(opening.size(), 12u) << to_string(r);
        EXPECT_NE(l.text.find(opening), std::string::npos)
            << to_string(r) << ": " << opening << "\n"
            << l.text;
        EXPECT_EQ(l.text.find("{{"), std::string::npos);
    }
}

// Each refusal says what exactly was wrong, from the evidence, and how to fix it; it never
// quotes a letter of abuse back.
TEST(Notice, RefusalsNameWhatWasWrongFromTheEvidence) {
    auto in = refusal_input({Reason::sender_inaccurate});
    in.sender.inn = "6515714580";
    in.sender.ogrn = "304650106000011";
    in.sender.email = "irina@@example.ru";
    in.verdict.evidence = {
        {Reason::sender_inaccurate, "INN_CHECK_DIGIT",
         "6515714580 (ИНН с неверным контрольным числом)", std::nullopt, "text", Strength::strong},
        {Reason::sender_inaccurate, "OGRN_CHECK_DIGIT", "304650106000011 (ОГРНИП ...)",
         std::nullopt, "text", Strength::strong},
        {Reason::sender_inaccurate, "EMAIL_MALFORMED", "irina@@example.ru (...)", std::nullopt,
         "text", Strength::strong},
        {Reason::sender_inaccurate, "POSTAL_INDEX_MALFORMED", "69400 (почтовый индекс ...)",
         std::nullopt, "text", Strength::strong}};
    std::string text = parse_letter(compose_notice(templates(), in).bytes).text;
    for (const char* s : {"контрольное число ИНН 6515714580 не сходится",
                          "контрольное число ОГРНИП 304650106000011 не сходится",
                          "адрес электронной почты «irina@@example.ru» записан с ошибкой",
                          "почтовый индекс 69400 — в индексе должно быть 6 цифр", "Как исправить"})
        EXPECT_NE(text.find(s), std::string::npos) << s << "\n" << text;
    EXPECT_EQ(text.find("либо адрес электронной почты или почтовый индекс"), std::string::npos);

    in = refusal_input({Reason::duplicate});
    in.duplicate_number = "МСЗ-2026-000005";
    in.duplicate_registered_on = d(2026, 11, 3);
    text = parse_letter(compose_notice(templates(), in).bytes).text;
    EXPECT_NE(text.find("повторяет Ваше обращение № МСЗ-2026-000005 от 03.11.2026"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("прежнего обращения (МСЗ-2026-000005)"), std::string::npos);

    // Only a first name: art. 11 p.1 (no surname) applies; with a surname it does not.
    in = refusal_input({Reason::sender_incomplete});
    in.sender = {};
    in.sender.first_name = "Марина";
    in.verdict.evidence = {{Reason::sender_incomplete, "SENDER_PARTIAL_NAME",
                            "указаны только имя «Марина»; нет фамилии и наименования организации",
                            std::nullopt, "sender", Strength::strong}};
    text = parse_letter(compose_notice(templates(), in).bytes).text;
    EXPECT_NE(text.find("об отправителе: указаны только имя «Марина»; нет фамилии"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("часть 1 статьи 11"), std::string::npos);
    in.sender = {};
    in.sender.last_name = "Ершова";
    in.verdict.evidence[0].text =
        "указаны только фамилия «Ершова»; нет имени и наименования организации";
    text = parse_letter(compose_notice(templates(), in).bytes).text;
    EXPECT_NE(text.find("только фамилия «Ершова»"), std::string::npos) << text;
    EXPECT_EQ(text.find("часть 1 статьи 11"), std::string::npos) << text;

    // A complaint that asks for a paper answer and gives no postal address is told so.
    in = refusal_input({Reason::complaint_incomplete});
    in.verdict.kind = Kind::complaint;
    in.verdict.complaint_missing = {ComplaintItem::reply_address};
    in.verdict.evidence = {{Reason::complaint_incomplete, "COMPLAINT_NO_REPLY_ADDRESS",
                            "прошу направить ответ почтой (ответ просят направить почтой, но "
                            "почтовый адрес не указан)",
                            40, "text", Strength::strong}};
    text = parse_letter(compose_notice(templates(), in).bytes).text;
    EXPECT_NE(text.find("адрес электронной почты — ответ просят направить почтой, но почтовый "
                        "адрес не указан"),
              std::string::npos)
        << text;
    EXPECT_EQ(text.find("прошу направить ответ почтой"), std::string::npos) << text;

    // A letter of abuse: its words are never repeated, not even as a "name".
    in.verdict.reasons = {Reason::obscene, Reason::sender_incomplete};
    in.verdict.evidence.push_back(
        {Reason::obscene, "OBSCENE_ROOT", "бля", 5, "text", Strength::strong});
    in.verdict.evidence[0].text = "указаны только фамилия «Бляхин»";
    text = parse_letter(compose_notice(templates(), in).bytes).text;
    EXPECT_EQ(text.find("Бляхин"), std::string::npos) << text;
}

TEST(Notice, RefusalWithSeveralGrounds) {
    auto in = refusal_input({Reason::obscene, Reason::threat, Reason::off_topic});
    in.verdict.evidence.push_back(
        {Reason::off_topic, "OFF_TOPIC",
         "течет крыша (тема: жилищно-коммунальное хозяйство; компетентный орган: "
         "Государственная жилищная инспекция Сахалинской области; признаков темы 3, признаков "
         "ведения министерства 0)",
         12, "text"});
    const auto mail = compose_notice(templates(), in);
    EXPECT_EQ(mail.subject.rfind("Обращение не зарегистрировано", 0), 0u) << mail.subject;
    const Letter l = parse_letter(mail.bytes);
    EXPECT_EQ(l.subject, mail.subject);
    EXPECT_NE(l.text.find("1. Обращение содержит нецензурные"), std::string::npos) << l.text;
    EXPECT_NE(l.text.find("2. Обращение содержит угрозы"), std::string::npos) << l.text;
    EXPECT_NE(l.text.find("3. Вопрос (жилищно-коммунальное хозяйство)"), std::string::npos)
        << l.text;
    EXPECT_NE(l.text.find("Государственная жилищная инспекция Сахалинской области"),
              std::string::npos);
    EXPECT_NE(l.text.find("о недопустимости злоупотребления правом"), std::string::npos);
}

TEST(Notice, OffTopicWithoutBody) {
    auto in = refusal_input({Reason::off_topic});
    in.verdict.evidence.push_back({Reason::off_topic, "OFF_TOPIC",
                                   "купите (тема: реклама и коммерческие предложения; признаков "
                                   "темы 2, признаков ведения министерства 0)",
                                   0, "text"});
    const auto note = off_topic_note(in.verdict);
    EXPECT_EQ(note.topic, "реклама и коммерческие предложения");
    EXPECT_EQ(note.body, "");
    const Letter l = parse_letter(compose_notice(templates(), in).bytes);
    EXPECT_NE(l.text.find("рекламные"), std::string::npos) << l.text;
    EXPECT_EQ(l.text.find("компетенцию органа"), std::string::npos);
}

TEST(Notice, ComplaintMissingItemsListed) {
    auto in = refusal_input({Reason::complaint_incomplete});
    in.verdict.kind = Kind::complaint;
    in.verdict.complaint_missing = {ComplaintItem::official, ComplaintItem::notify_method};
    const auto mail = compose_notice(templates(), in);
    EXPECT_EQ(mail.subject.rfind("Жалоба не зарегистрирована", 0), 0u) << mail.subject;
    const Letter l = parse_letter(mail.bytes);
    EXPECT_NE(l.text.find("— должность и фамилия должностного лица"), std::string::npos) << l.text;
    EXPECT_NE(l.text.find("— способ, которым Вам сообщить"), std::string::npos) << l.text;
    EXPECT_EQ(l.text.find("суть жалобы:"), std::string::npos);
    EXPECT_EQ(l.text.find("— фамилия, имя и отчество"), std::string::npos);
}

TEST(Notice, ReviewVerdictGetsTheRefusalToSendLater) {
    auto in = refusal_input({Reason::duplicate});
    in.verdict.verdict = Outcome::review;
    in.verdict.notice = Notice::none;
    EXPECT_EQ(compose_notice(templates(), in).subject.rfind("Обращение не зарегистрировано", 0),
              0u);
}

TEST(Notice, Errors) {
    auto in = acceptance_input();
    in.registration_number.reset();
    EXPECT_THROW(compose_notice(templates(), in), ComposeError);
    auto ignored = refusal_input({});
    ignored.verdict.verdict = Outcome::ignored;
    ignored.verdict.notice = Notice::none;
    EXPECT_THROW(compose_notice(templates(), ignored), ComposeError);
    EXPECT_THROW(compose_notice(templates(), refusal_input({})), ComposeError);
    for (const char* token : {"", "a b", "a\r\nb", "a<b", ".a", "a..b"}) {
        auto t = acceptance_input();
        t.token = token;
        EXPECT_THROW(compose_notice(templates(), t), ComposeError) << token;
    }
    auto from = acceptance_input();
    from.from = "mszso";
    EXPECT_THROW(compose_notice(templates(), from), ComposeError);
}

TEST(Injection, RecipientAddressIsRejected) {
    for (const std::string& to : std::vector<std::string>{
             "irina@example.ru\r\nBcc: evil@x.ru", "irina@example.ru\nBcc: evil@x.ru",
             "Irina <irina@example.ru>", "irina@example.ru, evil@x.ru", "\"a b\"@example.ru",
             "irina@example.ru\r\n\r\nbody", std::string("irina@example.ru\0evil", 21)}) {
        auto in = acceptance_input();
        in.to = to;
        try {
            compose_notice(templates(), in);
            ADD_FAILURE() << "accepted " << to;
        } catch (const ComposeError& e) {
            EXPECT_NE(std::string(e.what()).find("the recipient"), std::string::npos);
        }
    }
}

TEST(Injection, LetterValuesNeverAddHeaders) {
    auto in = acceptance_input();
    in.original_subject = "Вопрос\r\nBcc: evil@x.ru\r\nX-Injected: 1\n\rContent-Type: text/html";
    in.in_reply_to = "abc@x.ru\r\nBcc: evil@x.ru";
    in.references = {"ok.1@x.ru", "bad id@x.ru", "<bracket@x.ru>", "x@y\r\nX-Injected: 2",
                     std::string("nul\0@x.ru", 9)};
    in.sender.first_name = "Ирина\r\nBcc: evil@x.ru";
    in.sender.patronymic = "Петровна";
    in.from_name = "Министерство\r\nBcc: evil@x.ru";
    const auto mail = compose_notice(templates(), in);
    expect_well_formed(mail.bytes);
    const Letter l = parse_letter(mail.bytes);
    std::vector<std::string> expected = kNoticeHeaders;
    expected.erase(std::find(expected.begin(), expected.end(), "In-Reply-To"));
    EXPECT_EQ(header_names(l), expected);
    EXPECT_TRUE(l.in_reply_to.empty());
    EXPECT_EQ(l.references, std::vector<std::string>{"ok.1@x.ru"});
    EXPECT_NE(l.subject.find("Вопрос Bcc: evil@x.ru X-Injected: 1 Content-Type: text/html"),
              std::string::npos)
        << l.subject;
    EXPECT_EQ(l.subject, mail.subject);
    EXPECT_EQ(l.from.name, "Министерство Bcc: evil@x.ru");
    EXPECT_EQ(l.from.address, "mszso@sakhalin.gov.ru");
    ASSERT_EQ(l.to.size(), 1u);
    EXPECT_TRUE(l.cc.empty());
    EXPECT_NE(l.text.find("Здравствуйте!"), std::string::npos);
    // No line of the message starts a header the composer did not write.
    const std::string head = mail.bytes.substr(0, mail.bytes.find("\r\n\r\n"));
    EXPECT_EQ(head.find("\r\nBcc"), std::string::npos);
    EXPECT_EQ(head.find("\r\nX-Injected"), std::string::npos);
}

// Many generated hostile values (controls, CR/LF at every place, bytes above 127, brackets,
// encoded-word look-alikes): the header names never change and every line stays 7-bit.
TEST(Injection, GeneratedValues) {
    std::uint32_t state = 12345;
    auto next = [&] {
        state = state * 1664525u + 1013904223u;
        return state >> 8;
    };
    const std::vector<std::string> pieces = {"\r\n",
                                             "\n",
                                             "\r",
                                             std::string(1, '\0'),
                                             "\x1b",
                                             "\x7f",
                                             "\xc2\x85",
                                             "\xe2\x80\xa8",
                                             "Bcc: evil@x.ru",
                                             "X-Injected: 1",
                                             "<",
                                             ">",
                                             "\"",
                                             ",",
                                             " ",
                                             "=?UTF-8?B?QQ==?=",
                                             "Привет",
                                             "\xff\xfe",
                                             "a@b",
                                             "\r\n\r\n",
                                             ":",
                                             ";",
                                             "\t",
                                             "ёлка"};
    auto hostile = [&] {
        std::string s;
        const auto n = next() % 12;
        for (std::uint32_t k = 0; k < n; ++k) s += pieces[next() % pieces.size()];
        return s;
    };
    for (int i = 0; i < 300; ++i) {
        auto in = acceptance_input();
        in.original_subject = hostile();
        in.in_reply_to = hostile();
        in.references = {hostile(), hostile()};
        in.sender.first_name = hostile();
        in.sender.patronymic = hostile();
        in.from_name = hostile();
        const auto mail = compose_notice(templates(), in);
        expect_well_formed(mail.bytes);
        const Letter l = parse_letter(mail.bytes);
        std::vector<std::string> names = header_names(l);
        names.erase(std::remove(names.begin(), names.end(), "In-Reply-To"), names.end());
        names.erase(std::remove(names.begin(), names.end(), "References"), names.end());
        std::vector<std::string> expected = kNoticeHeaders;
        expected.erase(std::remove(expected.begin(), expected.end(), "In-Reply-To"),
                       expected.end());
        expected.erase(std::remove(expected.begin(), expected.end(), "References"), expected.end());
        ASSERT_EQ(names, expected) << "case " << i;
        EXPECT_EQ(l.subject, mail.subject) << "case " << i;
        ASSERT_EQ(l.to.size(), 1u);
        EXPECT_EQ(l.to[0].address, "irina@example.ru");
        EXPECT_EQ(l.from.address, "mszso@sakhalin.gov.ru");
        EXPECT_TRUE(l.cc.empty());
    }
}

const std::string kOriginal =
    "Return-Path: <irina@example.ru>\r\n"
    "From: =?UTF-8?B?0JjRgNC40L3QsCDQmNCy0LDQvdC+0LLQsA==?= <irina@example.ru>\r\n"
    "To: mszso@sakhalin.gov.ru\r\n"
    "Subject: =?UTF-8?B?0JLQvtC/0YDQvtGBINC+INC60L7QvNC/0LXQvdGB0LDRhtC40Lg=?=\r\n"
    "Message-ID: <orig.7@mail.example.ru>\r\n"
    "References: <root.0@mail.example.ru>\r\n"
    "Date: Fri, 27 Nov 2026 10:00:00 +0300\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n"
    "Content-Transfer-Encoding: 8bit\r\n"
    "\r\n"
    "Добрый день!\r\n"
    "\r\n"
    "Прошу разъяснить порядок компенсации поставщику социальных услуг.\r\n"
    "--=_obrd_ not our boundary\r\n"
    ".a line with a leading dot\r\n"
    "\r\n"
    "Иванова Ирина Петровна\r\n"
    "ООО \"Забота\", ИНН 6501234567\r\n";

CardInput card_input(const Letter& letter, std::string_view original) {
    CardInput in;
    in.from = "mszso@sakhalin.gov.ru";
    in.from_name = "Министерство социальной защиты Сахалинской области";
    in.to = "control@sakhalin.gov.ru";
    in.department = "control";
    in.letter = &letter;
    in.verdict.kind = Kind::appeal;
    in.verdict.verdict = Outcome::accepted;
    in.verdict.reply_to = "irina@example.ru";
    in.verdict.department = "control";
    in.verdict.flags = {Reason::sender_inaccurate};
    in.registration_number = "МСЗ-2026-000123";
    in.registered_on = d(2026, 11, 28);
    in.deadline = d(2026, 12, 28);
    in.original = original;
    in.now = kNow;
    in.token = "42.c0.1764333558";
    return in;
}

// The body of the message/rfc822 part, cut out of the card's bytes.
std::string attached(const std::string& bytes) {
    const auto ct = bytes.find("Content-Type: message/rfc822\r\n");
    if (ct == std::string::npos) return "<none>";
    const auto start = bytes.find("\r\n\r\n", ct) + 4;
    const auto b = bytes.find("boundary=\"") + 10;
    const std::string boundary = bytes.substr(b, bytes.find('"', b) - b);
    const auto end = bytes.rfind("\r\n--" + boundary + "--");
    return bytes.substr(start, end - start);
}

TEST(Card, ReadsBackWithTheOriginalIntact) {
    Letter letter = parse_letter(kOriginal);
    letter.sender.last_name = "Иванова";
    letter.sender.first_name = "Ирина";
    letter.sender.patronymic = "Петровна";
    letter.sender.organization = "ООО \"Забота\"";
    letter.sender.inn = "6501234567";
    const auto mail = compose_card(templates(), card_input(letter, kOriginal));
    expect_well_formed(mail.bytes, false);
    EXPECT_EQ(mail.to, "control@sakhalin.gov.ru");
    EXPECT_NE(mail.subject.find("МСЗ-2026-000123"), std::string::npos);
    EXPECT_NE(mail.subject.find("28.12.2026"), std::string::npos);
    EXPECT_NE(mail.bytes.find("Content-Transfer-Encoding: 8bit\r\n"), std::string::npos);
    EXPECT_EQ(attached(mail.bytes), kOriginal);

    const Letter l = parse_letter(mail.bytes);
    EXPECT_EQ(l.subject, mail.subject);
    EXPECT_EQ(*header(l, "Auto-Submitted"), "auto-generated");
    EXPECT_EQ(header(l, "Content-Type")->rfind("multipart/mixed; boundary=", 0), 0u);
    EXPECT_EQ(l.in_reply_to, "orig.7@mail.example.ru");
    EXPECT_EQ(l.references,
              (std::vector<std::string>{"root.0@mail.example.ru", "orig.7@mail.example.ru"}));
    for (const char* s :
         {"МСЗ-2026-000123", "28.12.2026", "Иванова Ирина Петровна", "ООО \"Забота\"",
          "ИНН: 6501234567", "Вопрос о компенсации", "Прошу разъяснить порядок компенсации",
          "irina@example.ru", "недостоверные сведения об отправителе", "обращение"})
        EXPECT_NE(l.text.find(s), std::string::npos) << s << "\n" << l.text;
    EXPECT_NE(l.forwarded_text.find("Прошу разъяснить порядок компенсации"), std::string::npos)
        << l.forwarded_text;
    EXPECT_EQ(compose_card(templates(), card_input(letter, kOriginal)).bytes, mail.bytes);
}

// Reply on a card goes to the applicant with a copy to our mailbox (so that the answer is
// recorded), and the card says so; an urgent card has no such Reply-To.
TEST(Card, ReplyGoesToTheApplicantAndTheMailbox) {
    const Letter letter = parse_letter(kOriginal);
    auto mail = compose_card(templates(), card_input(letter, kOriginal));
    Letter l = parse_letter(mail.bytes);
    ASSERT_NE(header(l, "Reply-To"), nullptr);
    EXPECT_NE(mail.bytes.find("\r\nReply-To: <irina@example.ru>,\r\n <mszso@sakhalin.gov.ru>\r\n"),
              std::string::npos);
    ASSERT_EQ(l.reply_to.size(), 2u);
    EXPECT_EQ(l.reply_to[0].address, "irina@example.ru");
    EXPECT_EQ(l.reply_to[1].address, "mszso@sakhalin.gov.ru");
    EXPECT_NE(l.text.find("Ответ заявителю: нажмите «Ответить»"), std::string::npos) << l.text;
    EXPECT_NE(l.text.find("обращение будет отмечено отвеченным и закрыто"), std::string::npos);

    CardInput in = card_input(letter, kOriginal);
    in.verdict.kind = Kind::complaint;
    l = parse_letter(compose_card(templates(), in).bytes);
    EXPECT_NE(l.text.find("решение по жалобе отмечает obrctl complaint"), std::string::npos)
        << l.text;

    // An address that is no plain addr-spec: the card goes, without a Reply-To, and nothing
    // of the address reaches a header.
    in.verdict.reply_to = "irina@example.ru\r\nBcc: x@evil.example";
    mail = compose_card(templates(), in);
    const std::string head = mail.bytes.substr(0, mail.bytes.find("\r\n\r\n"));
    EXPECT_EQ(head.find("\r\nReply-To:"), std::string::npos) << head;
    EXPECT_EQ(head.find("Bcc"), std::string::npos) << head;
    EXPECT_EQ(parse_letter(mail.bytes).text.find("Ответ заявителю: нажмите"), std::string::npos);

    in = card_input(letter, kOriginal);
    in.verdict.reasons = {Reason::threat};
    in.registration_number.clear();
    in.letter_id = 7;
    mail = compose_alert(templates(), in);
    EXPECT_EQ(mail.bytes.substr(0, mail.bytes.find("\r\n\r\n")).find("\r\nReply-To:"),
              std::string::npos);
}

// The urgent card of a threat: no registration number, the ground and its evidence, the
// original attached, Importance: high; it needs the letter id and a ground.
TEST(Card, UrgentCardOfAThreat) {
    const Letter letter = parse_letter(kOriginal);
    CardInput in = card_input(letter, kOriginal);
    in.registration_number.clear();
    in.registered_on.reset();
    in.deadline.reset();
    in.to = "head@sakhalin.gov.ru";
    in.department = "head";
    in.letter_id = 17;
    in.verdict.verdict = Outcome::refused;
    in.verdict.flags.clear();
    in.verdict.reasons = {Reason::threat};
    in.verdict.evidence = {{Reason::threat, "THREAT_PHRASE", "живым не выйдет («живым не выйд»)", 0,
                            "text", Strength::strong}};
    const auto mail = compose_alert(templates(), in);
    expect_well_formed(mail.bytes, false);
    EXPECT_EQ(mail.subject.rfind("СРОЧНО: письмо #17", 0), 0u) << mail.subject;
    EXPECT_NE(mail.subject.find("угроз"), std::string::npos) << mail.subject;
    EXPECT_NE(mail.bytes.find("\r\nImportance: high\r\n"), std::string::npos);
    EXPECT_EQ(attached(mail.bytes), kOriginal);
    const Letter l = parse_letter(mail.bytes);
    for (const char* s : {"живым не выйдет", "obrctl show #17", "не зарегистрировано",
                          "Прошу разъяснить порядок компенсации"})
        EXPECT_NE(l.text.find(s), std::string::npos) << s << "\n" << l.text;
    in.letter_id = 0;
    EXPECT_THROW(compose_alert(templates(), in), ComposeError);
    in.letter_id = 17;
    in.verdict.reasons.clear();
    EXPECT_THROW(compose_alert(templates(), in), ComposeError);
}

TEST(Card, SevenBitOriginalAndBareLineFeeds) {
    const std::string ascii =
        "From: a@example.ru\nTo: mszso@sakhalin.gov.ru\nSubject: hello\nMessage-ID: <x.1@e.ru>\n"
        "\nplain text\n";
    std::string crlf;
    for (char c : ascii) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
    const Letter letter = parse_letter(ascii);
    const auto mail = compose_card(templates(), card_input(letter, ascii));
    EXPECT_NE(mail.bytes.find("Content-Transfer-Encoding: 7bit\r\n"), std::string::npos);
    EXPECT_EQ(mail.bytes.find("Content-Type: message/rfc822\r\nContent-Disposition: attachment;"
                              " filename=\"letter.eml\"\r\nContent-Transfer-Encoding: base64"),
              std::string::npos);
    EXPECT_EQ(attached(mail.bytes), crlf);
    expect_well_formed(mail.bytes);
}

TEST(Card, BoundaryNeverInsideTheOriginal) {
    const Letter letter = parse_letter(kOriginal);
    const auto first = compose_card(templates(), card_input(letter, kOriginal));
    const auto b = first.bytes.find("boundary=\"") + 10;
    const std::string boundary = first.bytes.substr(b, first.bytes.find('"', b) - b);
    const std::string hostile = kOriginal + "--" + boundary + "--\r\n";
    const auto mail = compose_card(templates(), card_input(letter, hostile));
    EXPECT_EQ(attached(mail.bytes), hostile);
    EXPECT_EQ(mail.bytes.find("boundary=\"" + boundary + "\""), std::string::npos);
}

// An original that could not cross a strict relay as a message (RFC 5321 §4.5.3.1.6)
// travels as a file with its exact bytes, and the card says so.
TEST(Card, UnsafeOriginalTravelsAsAFile) {
    const std::string head = "From: a@example.ru\r\nSubject: x\r\nMessage-ID: <u.1@e.ru>\r\n\r\n";
    const std::vector<std::pair<const char*, std::string>> cases = {
        {"a line of 999 octets", head + std::string(999, 'a') + "\r\n"},
        {"a NUL byte", head + "before" + std::string(1, '\0') + "after\r\n"},
        {"a bare CR", head + "one\rtwo\r\n"}};
    for (const auto& [what, original] : cases) {
        SCOPED_TRACE(what);
        const Letter letter = parse_letter(original);
        const auto mail = compose_card(templates(), card_input(letter, original));
        expect_well_formed(mail.bytes);
        EXPECT_EQ(mail.bytes.find("message/rfc822"), std::string::npos);
        EXPECT_NE(mail.bytes.find("Content-Type: application/octet-stream; name=\"original.eml\""),
                  std::string::npos);
        const Letter card = parse_letter(mail.bytes);
        ASSERT_EQ(card.attachments.size(), 1u);
        EXPECT_EQ(card.attachments[0].filename, "original.eml");
        EXPECT_EQ(card.attachments[0].size, original.size());
        EXPECT_EQ(card.attachments[0].sha256, digest::sha256_hex(original));
        EXPECT_NE(card.text.find("файлом original.eml"), std::string::npos) << card.text;
    }
    // A line of exactly 998 octets still goes as a message.
    const std::string fits = head + std::string(998, 'a') + "\r\n";
    const auto mail = compose_card(templates(), card_input(parse_letter(fits), fits));
    EXPECT_EQ(attached(mail.bytes), fits);
    EXPECT_EQ(parse_letter(mail.bytes).text.find("файлом original.eml"), std::string::npos);
}

TEST(Card, LongTextIsCut) {
    std::string text;
    for (int i = 0; i < 100; ++i) text += "Строка номер " + std::to_string(i) + "\n";
    Letter letter;
    letter.text = text;
    letter.subject = "Тема\r\nBcc: evil@x.ru";
    const auto mail = compose_card(templates(), card_input(letter, "Subject: x\r\n\r\ny\r\n"));
    const Letter l = parse_letter(mail.bytes);
    EXPECT_NE(l.text.find("Строка номер 14"), std::string::npos);
    EXPECT_EQ(l.text.find("Строка номер 15"), std::string::npos);
    EXPECT_NE(l.text.find("текст продолжается"), std::string::npos);
    EXPECT_EQ(header(l, "Bcc"), nullptr);
}

TEST(Card, Errors) {
    const Letter letter;
    auto in = card_input(letter, "");
    in.to = "staff@x.ru\r\nBcc: evil@x.ru";
    EXPECT_THROW(compose_card(templates(), in), ComposeError);
    in = card_input(letter, "");
    in.letter = nullptr;
    EXPECT_THROW(compose_card(templates(), in), ComposeError);
    in = card_input(letter, "");
    in.registration_number.clear();
    EXPECT_THROW(compose_card(templates(), in), ComposeError);
    in = card_input(letter, "");
    EXPECT_NO_THROW(compose_card(templates(), in));
}

TEST(Extension, SaysTheNewAndTheOldDeadlineAndTheLaw) {
    NoticeInput in = acceptance_input();
    in.deadline = d(2027, 1, 11);
    in.previous_deadline = d(2026, 12, 28);
    in.extension_days = 14;
    const auto mail = compose_extension(templates(), in);
    expect_well_formed(mail.bytes);
    const Letter l = parse_letter(mail.bytes);
    EXPECT_EQ(l.subject,
              "Срок рассмотрения продлён: МСЗ-2026-000123 (Re: Вопрос о компенсации "
              "поставщику социальных услуг)");
    ASSERT_NE(header(l, "In-Reply-To"), nullptr);
    EXPECT_EQ(*header(l, "In-Reply-To"), "<abc.1@mail.example.ru>");
    EXPECT_NE(l.text.find("Уважаемая Ирина Петровна!"), std::string::npos);
    EXPECT_NE(l.text.find("продлён на 14 дн. — до 11.01.2027 включительно (ранее — до 28.12.2026)"),
              std::string::npos)
        << l.text;
    EXPECT_NE(l.text.find("часть 2 статьи 12"), std::string::npos);
    in.verdict.kind = Kind::complaint;
    const Letter c = parse_letter(compose_extension(templates(), in).bytes);
    EXPECT_NE(c.text.find("рабочих дн."), std::string::npos) << c.text;
    EXPECT_NE(c.text.find("статья 43"), std::string::npos);
    in.previous_deadline.reset();
    EXPECT_THROW(compose_extension(templates(), in), ComposeError);
}

TEST(Reminder, BeforeAndMissed) {
    ReminderInput in;
    in.from = "mszso@sakhalin.gov.ru";
    in.from_name = "Министерство социальной защиты Сахалинской области";
    in.to = "control@msz.example.ru";
    in.department = "control";
    in.registration_number = "МСЗ-2026-000123";
    in.letter_id = 17;
    in.registered_on = d(2026, 11, 28);
    in.deadline = d(2026, 12, 28);
    in.days_left = 3;
    in.original_subject = "Вопрос\r\nBcc: evil@x.ru";
    in.sender_name = "Иванова Ирина Петровна";
    in.now = kNow;
    in.token = "r.42.before.2026-12-28.0";
    auto mail = compose_reminder(templates(), in);
    expect_well_formed(mail.bytes);
    Letter l = parse_letter(mail.bytes);
    EXPECT_EQ(l.subject, "Напоминание о сроке: МСЗ-2026-000123 — до 28.12.2026");
    EXPECT_NE(l.text.find("осталось рабочих дней: 3"), std::string::npos) << l.text;
    EXPECT_NE(l.text.find("Письмо: #17"), std::string::npos);
    EXPECT_EQ(header(l, "Bcc"), nullptr);
    ASSERT_NE(header(l, "Auto-Submitted"), nullptr);
    EXPECT_EQ(*header(l, "Auto-Submitted"), "auto-generated");
    in.missed = true;
    l = parse_letter(compose_reminder(templates(), in).bytes);
    EXPECT_EQ(l.subject, "Срок пропущен: МСЗ-2026-000123 — до 28.12.2026");
    EXPECT_NE(l.text.find("Срок рассмотрения истёк 28.12.2026"), std::string::npos) << l.text;
    in.registration_number.clear();
    EXPECT_THROW(compose_reminder(templates(), in), ComposeError);
}

TEST(Digest, ListsEveryEntryWithItsGroundsAndCommand) {
    DigestInput in;
    in.from = "mszso@sakhalin.gov.ru";
    in.from_name = "Министерство социальной защиты Сахалинской области";
    in.to = "control@msz.example.ru";
    in.department = "control";
    in.day = d(2026, 12, 1);
    in.now = kNow;
    in.token = "d.2026-12-01.control.0";
    auto mail = compose_digest(templates(), in);
    Letter l = parse_letter(mail.bytes);
    EXPECT_EQ(l.subject, "Сводка за 01.12.2026: control, писем без ответа по существу — 0");
    EXPECT_NE(l.text.find("таких писем нет"), std::string::npos) << l.text;
    DigestEntry e;
    e.letter_id = 5;
    e.decided_at = "13:18";
    e.verdict_ru = "отказ";
    e.sender = "Дорофеев Павел Андреевич";
    e.original_subject = "По поводу проверки";
    e.grounds = {{"нецензурные выражения", "«…»"}, {"угроза", "«…»"}};
    e.command = "obrctl decide #5 accept --comment ТЕКСТ";
    in.entries = {e, e};
    in.entries[1].letter_id = 6;
    mail = compose_digest(templates(), in);
    expect_well_formed(mail.bytes);
    l = parse_letter(mail.bytes);
    EXPECT_EQ(l.subject, "Сводка за 01.12.2026: control, писем без ответа по существу — 2");
    EXPECT_NE(l.text.find("Письмо #5, 13:18 — отказ (обращение)"), std::string::npos) << l.text;
    EXPECT_NE(l.text.find("Письмо #6"), std::string::npos);
    EXPECT_NE(l.text.find("Основание: угроза"), std::string::npos);
    EXPECT_NE(l.text.find("obrctl decide #5 accept --comment ТЕКСТ"), std::string::npos);
}

TEST(Readdress, ReplacesOnlyToAndMessageId) {
    const auto original = compose_notice(templates(), acceptance_input());
    const auto moved = readdress(original.bytes, "director@example.ru", "mszso@sakhalin.gov.ru",
                                 "42.r.1.abcdef01");
    EXPECT_EQ(moved.to, "director@example.ru");
    EXPECT_EQ(moved.message_id, "obrd.42.r.1.abcdef01@sakhalin.gov.ru");
    const Letter a = parse_letter(original.bytes), b = parse_letter(moved.bytes);
    EXPECT_EQ(*header(b, "To"), "director@example.ru");
    EXPECT_EQ(b.message_id, moved.message_id);
    EXPECT_EQ(b.subject, a.subject);
    EXPECT_EQ(b.text, a.text);
    EXPECT_EQ(header_names(b), header_names(a)) << "the same fields in the same order";
    EXPECT_THROW(
        readdress(original.bytes, "x@y.ru\r\nBcc: evil@x.ru", "mszso@sakhalin.gov.ru", "42.r.2"),
        ComposeError);
    EXPECT_THROW(readdress("no header at all", "x@y.ru", "mszso@sakhalin.gov.ru", "42.r.3"),
                 ComposeError);
}

// ---- Every template's From and Subject, as other readers decode them ------------------

// All our messages, each with the Subject and From display name it must read back as; the
// original subject is long, so that every Subject takes several encoded words.
struct Composed {
    std::string what;
    OutgoingMail mail;
    std::string from_name;
};

std::vector<Composed> every_message(const Letter& letter) {
    const std::string long_subject =
        "Вопрос о компенсации поставщику социальных услуг за услуги, оказанные на дому "
        "в ноябре, и о порядке представления отчётности";
    std::vector<Composed> all;
    auto add = [&](std::string what, OutgoingMail mail, const std::string& from_name) {
        all.push_back({std::move(what), std::move(mail), from_name});
    };
    NoticeInput in = acceptance_input();
    in.original_subject = long_subject;
    add("acceptance", compose_notice(templates(), in), in.from_name);
    NoticeInput complaint = in;
    complaint.verdict.kind = Kind::complaint;
    add("acceptance of a complaint", compose_notice(templates(), complaint), in.from_name);
    for (std::size_t i = 0; i < kReasonCount; ++i) {
        const auto r = static_cast<Reason>(i);
        auto refusal = refusal_input({r});
        refusal.original_subject = long_subject;
        if (r == Reason::complaint_incomplete) {
            refusal.verdict.kind = Kind::complaint;
            refusal.verdict.complaint_missing = {ComplaintItem::essence};
        }
        add("refusal " + std::string(to_string(r)), compose_notice(templates(), refusal),
            in.from_name);
    }
    NoticeInput extension = in;
    extension.deadline = d(2027, 1, 11);
    extension.previous_deadline = d(2026, 12, 28);
    extension.extension_days = 14;
    add("extension", compose_extension(templates(), extension), in.from_name);
    NoticeInput forwarded = in;
    forwarded.competent_body = "Министерство жилищно-коммунального хозяйства Сахалинской области";
    forwarded.body_email = "mjkh@sakhalin.gov.ru";
    forwarded.forwarded_on = d(2026, 12, 1);
    add("forwarded", compose_forwarded(templates(), forwarded), in.from_name);

    CardInput card = card_input(letter, kOriginal);
    add("card", compose_card(templates(), card), card.from_name);
    CardInput alert = card;
    alert.registration_number.clear();
    alert.verdict.verdict = Outcome::refused;
    alert.verdict.reasons = {Reason::threat};
    alert.letter_id = 17;
    add("alert", compose_alert(templates(), alert), card.from_name);
    CardInput forward = card;
    forward.to = "mjkh@sakhalin.gov.ru";
    forward.competent_body = forwarded.competent_body;
    forward.forwarded_on = d(2026, 12, 1);
    add("forward", compose_forward(templates(), forward), card.from_name);

    ReminderInput reminder;
    reminder.from = "mszso@sakhalin.gov.ru";
    reminder.from_name = in.from_name;
    reminder.to = "control@msz.example.ru";
    reminder.department = "control";
    reminder.registration_number = "МСЗ-2026-000123";
    reminder.letter_id = 17;
    reminder.registered_on = d(2026, 11, 28);
    reminder.deadline = d(2026, 12, 28);
    reminder.days_left = 3;
    reminder.original_subject = long_subject;
    reminder.now = kNow;
    reminder.token = "r.42.before.2026-12-28.0";
    add("reminder", compose_reminder(templates(), reminder), in.from_name);
    reminder.missed = true;
    add("reminder, missed", compose_reminder(templates(), reminder), in.from_name);

    DigestInput digest;
    digest.from = "mszso@sakhalin.gov.ru";
    digest.from_name = in.from_name;
    digest.to = "control@msz.example.ru";
    digest.department = "социальное обслуживание на дому";
    digest.day = d(2026, 12, 1);
    digest.now = kNow;
    digest.token = "d.2026-12-01.control.0";
    add("digest", compose_digest(templates(), digest), in.from_name);
    return all;
}

// A header's value as it stands in `bytes`, unfolded.
std::string raw_header(const std::string& bytes, const std::string& name) {
    const auto at = bytes.find("\r\n" + name + ": ");
    if (at == std::string::npos) return {};
    std::string value;
    std::size_t i = at + 4 + name.size();
    while (i < bytes.size()) {
        const auto eol = bytes.find("\r\n", i);
        value += bytes.substr(i, eol - i);
        i = eol + 2;
        if (i >= bytes.size() || (bytes[i] != ' ' && bytes[i] != '\t')) break;
    }
    return value;
}

// The decoded text of each "=?UTF-8?B?...?=" word in `value`.
std::vector<std::string> encoded_pieces(const std::string& value) {
    std::vector<std::string> pieces;
    for (auto at = value.find("=?UTF-8?"); at != std::string::npos;
         at = value.find("=?UTF-8?", at + 1)) {
        const char encoding = value.at(at + 8);
        const auto start = at + 10;
        const auto end = value.find("?=", start);
        const std::string text = value.substr(start, end - start);
        if (encoding == 'B') {
            gsize n = 0;
            guchar* bytes = g_base64_decode(text.c_str(), &n);
            pieces.emplace_back(reinterpret_cast<const char*>(bytes), n);
            g_free(bytes);
        } else {
            std::string decoded;
            for (std::size_t k = 0; k < text.size(); ++k) {
                if (text[k] == '_') {
                    decoded += ' ';
                } else if (text[k] == '=' && k + 2 < text.size()) {
                    decoded += static_cast<char>(std::stoi(text.substr(k + 1, 2), nullptr, 16));
                    k += 2;
                } else {
                    decoded += text[k];
                }
            }
            pieces.push_back(decoded);
        }
        at = end;
    }
    return pieces;
}

struct ReadBack {
    std::string subject, from_name;
};

ReadBack read_with_gmime(const std::string& bytes) {
    static const bool initialised = [] {
        g_mime_init();
        return true;
    }();
    (void)initialised;
    GMimeStream* stream = g_mime_stream_mem_new_with_buffer(bytes.data(), bytes.size());
    GMimeParser* parser = g_mime_parser_new_with_stream(stream);
    GMimeMessage* message = g_mime_parser_construct_message(parser, nullptr);
    ReadBack r;
    if (message) {
        if (const char* subject = g_mime_message_get_subject(message)) r.subject = subject;
        InternetAddressList* from = g_mime_message_get_from(message);
        if (from && internet_address_list_length(from) > 0)
            if (const char* name =
                    internet_address_get_name(internet_address_list_get_address(from, 0)))
                r.from_name = name;
        g_object_unref(message);
    }
    g_object_unref(parser);
    g_object_unref(stream);
    return r;
}

// Python's email package, both the modern policy and compat32 with decode_header; one JSON
// line per file.
const char* kPythonReader = R"(
import email, email.policy, email.header, email.utils, json, sys
for path in sys.argv[1:]:
    raw = open(path, 'rb').read()
    modern = email.message_from_bytes(raw, policy=email.policy.default)
    old = email.message_from_bytes(raw)
    name, _ = email.utils.parseaddr(old['From'])
    print(json.dumps({
        'subject': str(modern['subject']),
        'from_name': modern['from'].addresses[0].display_name,
        'compat_subject': str(email.header.make_header(email.header.decode_header(old['Subject']))),
        'compat_from_name': str(email.header.make_header(email.header.decode_header(name))),
    }))
)";

TEST(HeaderReaders, EveryTemplatesFromAndSubjectAsGMimeAndPythonReadThem) {
    const Letter letter = parse_letter(kOriginal);
    const auto all = every_message(letter);
    ASSERT_GE(all.size(), kReasonCount + 10);

    char dir_template[] = "/tmp/obrd-headers-XXXXXX";
    ASSERT_NE(mkdtemp(dir_template), nullptr);
    const std::string dir = dir_template;
    std::ofstream(dir + "/read.py") << kPythonReader;
    std::string command = "/usr/bin/python3 " + dir + "/read.py";
    for (std::size_t i = 0; i < all.size(); ++i) {
        const std::string path = dir + "/" + std::to_string(i) + ".eml";
        std::ofstream(path, std::ios::binary) << all[i].mail.bytes;
        command += " " + path;
    }
    std::vector<nlohmann::json> python;
    {
        FILE* pipe = popen(command.c_str(), "r");
        ASSERT_NE(pipe, nullptr);
        std::string out;
        char buf[4096];
        for (std::size_t n; (n = fread(buf, 1, sizeof buf, pipe)) > 0;) out.append(buf, n);
        ASSERT_EQ(pclose(pipe), 0) << "python3 failed:\n" << out;
        std::istringstream lines(out);
        for (std::string line; std::getline(lines, line);)
            python.push_back(nlohmann::json::parse(line));
    }
    if (!std::getenv("OBRD_KEEP")) std::filesystem::remove_all(dir);
    ASSERT_EQ(python.size(), all.size());

    for (std::size_t i = 0; i < all.size(); ++i) {
        const Composed& c = all[i];
        const std::string& subject = c.mail.subject;
        SCOPED_TRACE(c.what);
        ASSERT_GT(subject.size(), 40u);
        const ReadBack g = read_with_gmime(c.mail.bytes);
        EXPECT_EQ(g.subject, subject) << "GMime";
        EXPECT_EQ(g.from_name, c.from_name) << "GMime";
        EXPECT_EQ(python[i]["subject"], subject) << "Python, policy.default";
        // Python's policy.default before the fix of cpython gh-128110 (PR 130749; Debian
        // 12 ships 3.11) keeps the whitespace between two encoded words of a display name,
        // which RFC 2047 §6.2 says to ignore: with the space inside the word, as the RFC
        // wants, it shows twice there. Only runs of spaces may differ.
        std::string collapsed = python[i]["from_name"];
        for (auto at = collapsed.find("  "); at != std::string::npos; at = collapsed.find("  "))
            collapsed.erase(at, 1);
        EXPECT_EQ(collapsed, c.from_name) << "Python, policy.default";
        EXPECT_EQ(python[i]["compat_subject"], subject) << "Python, compat32";
        EXPECT_EQ(python[i]["compat_from_name"], c.from_name) << "Python, compat32";

        // Encoded words break only before or after a space; inside a word only when the
        // word is too long for one encoded word, and then on a character boundary; a B
        // word before another B word has no padding.
        for (const std::string name : {"Subject", "From"}) {
            const auto pieces = encoded_pieces(raw_header(c.mail.bytes, name));
            if (name == "Subject") {
                EXPECT_GE(pieces.size(), 2u) << "long enough to be split";
            }
            for (std::size_t k = 0; k < pieces.size(); ++k) {
                const std::string& p = pieces[k];
                EXPECT_TRUE(g_utf8_validate(p.data(), static_cast<gssize>(p.size()), nullptr))
                    << name << " piece " << k << ": a character split";
                if (k + 1 < pieces.size()) {
                    EXPECT_TRUE(p.back() == ' ' || pieces[k + 1].front() == ' ' ||
                                p.find(' ') == std::string::npos)
                        << name << " piece " << k << " breaks inside a word: «" << p << "»";
                }
            }
        }
    }
}

// A word longer than one encoded word is cut at a character boundary, and only there.
TEST(HeaderReaders, AWordLongerThanAnEncodedWordIsCutAtACharacterBoundary) {
    const std::string word =
        "Сверхдлинноесловобезпробеловкотороенепомещаетсяводнозакодированноеслово";
    const auto words = mime::encoded_words(word, 60, 74);
    ASSERT_GE(words.size(), 2u);
    std::string joined;
    for (const auto& w : words) {
        const auto pieces = encoded_pieces(w);
        ASSERT_EQ(pieces.size(), 1u);
        EXPECT_TRUE(
            g_utf8_validate(pieces[0].data(), static_cast<gssize>(pieces[0].size()), nullptr));
        EXPECT_LE(w.size(), 74u);
        joined += pieces[0];
    }
    EXPECT_EQ(joined, word);
    std::string header = "Subject: " + words[0];
    for (std::size_t k = 1; k < words.size(); ++k) header += "\r\n " + words[k];
    EXPECT_EQ(read_with_gmime("From: a@b.ru\r\n" + header + "\r\n\r\nx\r\n").subject, word);
}

// Many subjects of Russian words of every length: each header line fits, no encoded word
// is longer than 75 characters, a cut falls inside a word only for a word too long for one
// encoded word, no padded B word is followed by another B word, and GMime reads each back
// exactly.
TEST(HeaderReaders, GeneratedSubjectsReadBackExactlyInGMime) {
    const std::vector<std::string> words = {"о",
                                            "и",
                                            "в",
                                            "по",
                                            "на",
                                            "срок",
                                            "жалоба",
                                            "обращение",
                                            "зарегистрировано",
                                            "МСЗ-2026-000123",
                                            "—",
                                            "(Re:",
                                            "поставщику",
                                            "социальных",
                                            "услуг",
                                            "Сахалинской",
                                            "области",
                                            "«Забота»",
                                            "2027",
                                            "внеплановой",
                                            "проверки",
                                            "ИП",
                                            "A",
                                            "ab"};
    std::uint32_t seed = 12345;
    auto next = [&] { return seed = seed * 1103515245u + 12345u; };
    for (int round = 0; round < 400; ++round) {
        std::string subject;
        const std::size_t n = 2 + next() % 14;
        for (std::size_t k = 0; k < n; ++k)
            subject += (k ? " " : "") + words[(next() >> 8) % words.size()];
        SCOPED_TRACE(subject);
        const std::string h = mime::unstructured_header("Subject", subject);
        std::istringstream lines(h);
        for (std::string line; std::getline(lines, line);) EXPECT_LE(line.size(), 77u) << line;
        const auto value = raw_header("\r\n" + h, "Subject");
        std::vector<std::string> raw_words;
        for (auto at = value.find("=?UTF-8?"); at != std::string::npos;
             at = value.find("=?UTF-8?", at + 1)) {
            const auto end = value.find("?=", at + 10);
            raw_words.push_back(value.substr(at, end + 2 - at));
            EXPECT_LE(raw_words.back().size(), 75u);
        }
        for (std::size_t k = 0; k + 1 < raw_words.size(); ++k)
            if (raw_words[k][8] == 'B' && raw_words[k + 1][8] == 'B') {
                EXPECT_EQ(raw_words[k].rfind("==?="), std::string::npos) << raw_words[k];
                EXPECT_NE(raw_words[k].substr(raw_words[k].size() - 3), "=?=") << raw_words[k];
            }
        const auto pieces = encoded_pieces(value);
        for (std::size_t k = 0; k + 1 < pieces.size(); ++k)
            EXPECT_TRUE(pieces[k].back() == ' ' || pieces[k + 1].front() == ' ')
                << "a cut inside a word: «" << pieces[k] << "|" << pieces[k + 1] << "»";
        EXPECT_EQ(read_with_gmime("From: a@b.ru\r\n" + h + "\r\nx\r\n").subject, subject);
    }
}

}  // namespace
}  // namespace obrd
