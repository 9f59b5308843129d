// check.cpp: runs the grounds over one letter and applies the policy.
//
// Order: automatic letters are ignored before anything else. Then the sender grounds
// and "unreadable"; the grounds that read the text (abbreviations, obscene, offensive,
// threat, off_topic, duplicate, complaint items) run only on a readable text. A
// "complaint" that is off topic (about another body) is an appeal, refused as off_topic.
#include "rules/check.hpp"

#include <algorithm>
#include <cstdio>

#include "rules/context.hpp"

namespace obrd {

Verdict check_letter(const Letter& letter, const RuleData& data, const History& history,
                     Seconds now) {
    Verdict v;
    std::string why;
    if (is_automatic_letter(letter, data, why)) {
        v.kind = Kind::automatic;
        v.verdict = Outcome::ignored;
        v.notice = Notice::none;
        v.evidence.push_back({std::nullopt, "AUTOMATIC", why, std::nullopt, "headers"});
        return v;
    }
    const Context c(letter, data);
    v.kind = is_complaint(c) ? Kind::complaint : Kind::appeal;
    v.reply_to = usable_reply_address(letter, data);
    Findings f;
    ground_sender_incomplete(c, f);
    ground_sender_inaccurate(c, f);
    ground_no_email(c, v.reply_to, f);
    ground_unreadable(c, f);
    if (!f.has(Reason::unreadable)) ground_abbreviations(c, f);
    if (!f.has(Reason::unreadable) && !f.has(Reason::abbreviations)) {
        ground_obscene(c, f);
        ground_offensive(c, f);
        ground_threat(c, f);
        ground_off_topic(c, f);
        // A complaint about another body (a management company, the traffic police) is not
        // a complaint about the ministry's officials: it is an off-topic appeal.
        if (f.has(Reason::off_topic)) v.kind = Kind::appeal;
        ground_duplicate(c, history, now, f, v.redelivery_of);
        if (v.kind == Kind::complaint) ground_complaint_incomplete(c, f);
    }
    v.department = v.kind == Kind::complaint ? data.settings.department_complaint
                                             : data.settings.department_appeal;
    const bool mailing = f.mass_mailing && f.has(Reason::off_topic);
    apply_policy(data.settings.policy, std::move(f), v);
    const bool off_topic_acted =
        std::find(v.reasons.begin(), v.reasons.end(), Reason::off_topic) != v.reasons.end();
    if (mailing && off_topic_acted && !data.settings.mass_mailing_notice) v.notice = Notice::none;
    // A threat (or another ground settings.txt names) reaches a person at once, whatever
    // the policy decided about the notice.
    if (v.verdict == Outcome::refused || v.verdict == Outcome::review)
        for (Reason r : v.reasons)
            if (const auto& dept = data.settings.escalate[static_cast<std::size_t>(r)];
                !dept.empty() && v.escalate_to.empty())
                v.escalate_to = dept;
    return v;
}

std::optional<Seconds> parse_rfc3339(std::string_view s) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
    if (s.size() < 20) return std::nullopt;
    const std::string str(s);
    int n = 0;
    if (std::sscanf(str.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &sec, &n) != 6)
        return std::nullopt;
    std::size_t i = static_cast<std::size_t>(n);
    if (i < str.size() && str[i] == '.') {
        ++i;
        while (i < str.size() && str[i] >= '0' && str[i] <= '9') ++i;
    }
    int offset = 0;
    if (i < str.size() && (str[i] == 'Z' || str[i] == 'z')) {
        ++i;
    } else if (i + 6 <= str.size() && (str[i] == '+' || str[i] == '-') && str[i + 3] == ':') {
        const int oh = std::atoi(str.substr(i + 1, 2).c_str());
        const int om = std::atoi(str.substr(i + 4, 2).c_str());
        offset = (oh * 60 + om) * 60 * (str[i] == '-' ? -1 : 1);
        i += 6;
    } else {
        return std::nullopt;
    }
    if (i != str.size()) return std::nullopt;
    const std::chrono::year_month_day ymd{std::chrono::year(y),
                                          std::chrono::month(static_cast<unsigned>(mo)),
                                          std::chrono::day(static_cast<unsigned>(d))};
    if (!ymd.ok() || h > 23 || mi > 59 || sec > 60) return std::nullopt;
    const auto days = std::chrono::sys_days(ymd);
    return Seconds(days) + std::chrono::hours(h) + std::chrono::minutes(mi) +
           std::chrono::seconds(sec) - std::chrono::seconds(offset);
}

}  // namespace obrd
