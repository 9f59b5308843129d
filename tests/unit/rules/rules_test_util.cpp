// rules_test_util.cpp: see rules_test_util.hpp.
#include "tests/unit/rules/rules_test_util.hpp"

#include "daemon/rule_files.hpp"

namespace obrd::test {

const RuleData& data() {
    static const RuleData d = load_rule_data(OBRD_RULES_DATA_DIR);
    return d;
}

Letter letter(const std::string& body, const std::string& subject) {
    Letter l;
    l.message_id = "test@example.ru";
    l.date = "2026-10-01T10:00:00+11:00";
    l.from = {"Иванова Мария Петровна", "ivanova@example.ru"};
    l.reply_address = "ivanova@example.ru";
    l.subject = subject;
    l.text = body;
    l.charset = "utf-8";
    l.sender.last_name = "Иванова";
    l.sender.first_name = "Мария";
    l.sender.patronymic = "Петровна";
    l.sender.organization = "АНО «Забота»";
    l.sender.inn = "6501912538";
    l.sender.email = "ivanova@example.ru";
    return l;
}

Findings run(void (*ground)(const Context&, Findings&), const Letter& l) {
    Context c(l, data());
    Findings f;
    ground(c, f);
    return f;
}

Verdict check(const Letter& l) {
    MemoryHistory h;
    return check_letter(l, data(), h, *parse_rfc3339("2026-10-01T10:00:00+11:00"));
}

bool has(const Findings& f, Reason r) {
    return f.has(r);
}

}  // namespace obrd::test
