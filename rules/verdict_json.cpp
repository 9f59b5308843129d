// verdict_json.cpp: renders a Verdict in the format of shared/spec/verdicts.md.
//
// Promises: the field names and codes are exactly those of verdicts.md; extra fields
// ("flags", "redelivery_of", "escalate_to", each evidence's "symbol" and "field") appear
// only when set.
#include "rules/verdict_json.hpp"

namespace obrd {

namespace {

void put(nlohmann::json& o, const char* key, const std::optional<std::string>& v) {
    if (v && !v->empty()) o[key] = *v;
}

}  // namespace

nlohmann::json verdict_to_json(const Verdict& v, const Letter& letter, std::string_view file) {
    nlohmann::json j;
    j["file"] = std::string(file);
    j["kind"] = std::string(to_string(v.kind));
    j["verdict"] = std::string(to_string(v.verdict));
    auto reasons = nlohmann::json::array();
    for (Reason r : v.reasons) reasons.push_back(std::string(to_string(r)));
    j["reasons"] = reasons;
    if (!v.complaint_missing.empty()) {
        auto items = nlohmann::json::array();
        for (auto i : v.complaint_missing) items.push_back(std::string(to_string(i)));
        j["complaint_missing"] = items;
    }
    if (!v.flags.empty()) {
        auto flags = nlohmann::json::array();
        for (Reason r : v.flags) flags.push_back(std::string(to_string(r)));
        j["flags"] = flags;
    }
    j["notice"] = std::string(to_string(v.notice));
    j["reply_to"] = v.reply_to.empty() || v.kind == Kind::automatic ? nlohmann::json(nullptr)
                                                                    : nlohmann::json(v.reply_to);
    if (v.duplicate_of) j["duplicate_of"] = *v.duplicate_of;
    if (v.redelivery_of) j["redelivery_of"] = *v.redelivery_of;
    if (!v.escalate_to.empty()) j["escalate_to"] = v.escalate_to;
    if (v.verdict == Outcome::accepted && !v.department.empty() && v.kind != Kind::automatic)
        j["department"] = v.department;
    nlohmann::json sender = nlohmann::json::object();
    const auto& s = letter.sender;
    put(sender, "last_name", s.last_name);
    put(sender, "first_name", s.first_name);
    put(sender, "patronymic", s.patronymic);
    put(sender, "organization", s.organization);
    put(sender, "inn", s.inn);
    put(sender, "ogrn", s.ogrn);
    put(sender, "email", s.email);
    put(sender, "phone", s.phone);
    put(sender, "postal_address", s.postal_address);
    j["sender"] = sender;
    j["subject"] = letter.subject;
    auto ev = nlohmann::json::array();
    for (const auto& e : v.evidence) {
        nlohmann::json o;
        o["reason"] = e.reason ? std::string(to_string(*e.reason)) : std::string("automatic");
        o["symbol"] = e.symbol;
        o["text"] = e.text;
        if (e.offset) o["offset"] = *e.offset;
        o["field"] = e.field;
        o["strength"] = std::string(to_string(e.strength));
        ev.push_back(o);
    }
    j["evidence"] = ev;
    return j;
}

nlohmann::json check_error_to_json(std::string_view file, std::string_view error) {
    nlohmann::json j;
    j["file"] = std::string(file);
    j["verdict"] = "error";
    j["error"] = std::string(error);
    return j;
}

}  // namespace obrd
