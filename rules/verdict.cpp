// verdict.cpp: the codes of verdicts.md, their Russian wording, and the policy step.
//
// Promises: to_string() returns exactly the codes of shared/spec/verdicts.md; the
// policy step is the only place that turns findings into a verdict.
#include "rules/verdict.hpp"

#include <algorithm>
#include <stdexcept>

#include "rules/symbols.hpp"

namespace obrd {

namespace {

constexpr std::array<std::string_view, kReasonCount> kReasonCodes = {
    "sender_incomplete",
    "sender_inaccurate",
    "no_email",
    "obscene",
    "offensive",
    "threat",
    "unreadable",
    "abbreviations",
    "off_topic",
    "duplicate",
    "complaint_incomplete",
};

constexpr std::array<std::string_view, kReasonCount> kReasonTitles = {
    "неполные сведения об отправителе (нет фамилии и имени или наименования организации)",
    "недостоверные сведения об отправителе",
    "не указан адрес электронной почты для ответа",
    "нецензурные выражения",
    "оскорбительные выражения",
    "угрозы жизни, здоровью или имуществу должностного лица и членов его семьи",
    "текст не поддаётся прочтению",
    "текст состоит из сокращений, не поддающихся расшифровке",
    "вопрос не относится к компетенции министерства",
    "повторяет обращение, принятое ранее",
    "в жалобе отсутствуют обязательные сведения",
};

}  // namespace

std::string_view to_string(Kind k) {
    switch (k) {
        case Kind::appeal:
            return "appeal";
        case Kind::complaint:
            return "complaint";
        case Kind::automatic:
            return "automatic";
    }
    return "appeal";
}

std::string_view to_string(Outcome o) {
    switch (o) {
        case Outcome::accepted:
            return "accepted";
        case Outcome::refused:
            return "refused";
        case Outcome::review:
            return "review";
        case Outcome::ignored:
            return "ignored";
    }
    return "accepted";
}

std::string_view to_string(Notice n) {
    switch (n) {
        case Notice::acceptance:
            return "acceptance";
        case Notice::refusal:
            return "refusal";
        case Notice::none:
            return "none";
    }
    return "none";
}

std::string_view to_string(Reason r) {
    return kReasonCodes[static_cast<std::size_t>(r)];
}

std::string_view to_string(ComplaintItem i) {
    switch (i) {
        case ComplaintItem::applicant:
            return "applicant";
        case ComplaintItem::reply_address:
            return "reply_address";
        case ComplaintItem::official:
            return "official";
        case ComplaintItem::essence:
            return "essence";
        case ComplaintItem::notify_method:
            return "notify_method";
    }
    return "applicant";
}

std::optional<Reason> reason_from_string(std::string_view s) {
    for (std::size_t i = 0; i < kReasonCount; ++i)
        if (kReasonCodes[i] == s) return static_cast<Reason>(i);
    return std::nullopt;
}

std::string_view reason_title_ru(Reason r) {
    return kReasonTitles[static_cast<std::size_t>(r)];
}

std::string_view item_title_ru(ComplaintItem i) {
    switch (i) {
        case ComplaintItem::applicant:
            return "фамилия, имя, отчество заявителя или наименование организации";
        case ComplaintItem::reply_address:
            return "почтовый адрес или адрес электронной почты для ответа";
        case ComplaintItem::official:
            return "должность и фамилия должностного лица";
        case ComplaintItem::essence:
            return "суть нарушения прав, незаконного решения или действия";
        case ComplaintItem::notify_method:
            return "способ уведомления о принятых мерах";
    }
    return "";
}

std::string_view to_string(Action a) {
    switch (a) {
        case Action::refuse:
            return "refuse";
        case Action::review:
            return "review";
        case Action::accept:
            return "accept";
    }
    return "refuse";
}

std::optional<Action> action_from_string(std::string_view s) {
    if (s == "refuse") return Action::refuse;
    if (s == "review") return Action::review;
    if (s == "accept") return Action::accept;
    return std::nullopt;
}

std::string_view to_string(Strength s) {
    return s == Strength::weak ? "weak" : "strong";
}

Action Policy::of(Reason r, Strength s) const {
    if (s == Strength::strong) return of(r);
    if (const auto& w = weak[static_cast<std::size_t>(r)]) return *w;
    switch (r) {
        case Reason::obscene:
        case Reason::offensive:
        case Reason::threat:
        case Reason::unreadable:
        case Reason::off_topic:
        case Reason::complaint_incomplete:
            // A content judgement on weak evidence waits for a person, unless the ground
            // is accepted outright.
            return of(r) == Action::accept ? Action::accept : Action::review;
        default:
            return of(r);
    }
}

void Findings::add(Reason r, std::string symbol, std::string text,
                   std::optional<std::size_t> offset, std::string field) {
    const SymbolInfo* info = find_symbol(symbol);
    if (!info || info->ground != r)
        throw std::logic_error("evidence symbol " + symbol +
                               " is not registered for its ground in rules/symbols.cpp");
    if (!has(r)) grounds.push_back(r);
    evidence.push_back(
        {r, std::move(symbol), std::move(text), offset, std::move(field), info->strength});
}

bool Findings::has(Reason r) const {
    return std::find(grounds.begin(), grounds.end(), r) != grounds.end();
}

void apply_policy(const Policy& policy, Findings findings, Verdict& v) {
    std::sort(findings.grounds.begin(), findings.grounds.end());
    bool refuse = false, review = false;
    v.reasons.clear();
    v.flags.clear();
    for (Reason r : findings.grounds) {
        // A ground is as strong as its strongest evidence.
        const bool strong = std::any_of(
            findings.evidence.begin(), findings.evidence.end(),
            [&](const Evidence& e) { return e.reason == r && e.strength == Strength::strong; });
        switch (policy.of(r, strong ? Strength::strong : Strength::weak)) {
            case Action::refuse:
                refuse = true;
                v.reasons.push_back(r);
                break;
            case Action::review:
                review = true;
                v.reasons.push_back(r);
                break;
            case Action::accept:
                v.flags.push_back(r);
                break;
        }
    }
    v.evidence = std::move(findings.evidence);
    std::stable_sort(v.evidence.begin(), v.evidence.end(),
                     [](const Evidence& a, const Evidence& b) { return a.reason < b.reason; });
    const bool complaint_acted = std::find(v.reasons.begin(), v.reasons.end(),
                                           Reason::complaint_incomplete) != v.reasons.end();
    v.complaint_missing =
        complaint_acted ? findings.complaint_missing : std::vector<ComplaintItem>{};
    const bool duplicate_acted =
        std::find(v.reasons.begin(), v.reasons.end(), Reason::duplicate) != v.reasons.end();
    v.duplicate_of = duplicate_acted ? findings.duplicate_of : std::nullopt;
    if (refuse) {
        v.verdict = Outcome::refused;
        v.notice = v.reply_to.empty() ? Notice::none : Notice::refusal;
        v.department.clear();
    } else if (review) {
        v.verdict = Outcome::review;
        v.notice = Notice::none;  // sent once a person confirms
        v.department.clear();
    } else {
        v.verdict = Outcome::accepted;
        v.notice = v.reply_to.empty() ? Notice::none : Notice::acceptance;
    }
}

}  // namespace obrd
