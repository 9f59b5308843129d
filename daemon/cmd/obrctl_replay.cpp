// obrctl_replay.cpp: see obrctl_replay.hpp.
#include "daemon/cmd/obrctl_replay.hpp"

#include <algorithm>
#include <cstdio>
#include <map>

#include "daemon/rule_files.hpp"
#include "parsers/parse.hpp"
#include "rules/check.hpp"

namespace obrd {

using namespace cli;

namespace {

std::vector<std::string> reason_codes(const Verdict& v) {
    std::vector<std::string> out;
    for (Reason r : v.reasons) out.emplace_back(to_string(r));
    return out;
}

std::string joined(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : ",") + s;
    return out.empty() ? std::string(1, '-') : out;
}

std::optional<std::chrono::sys_seconds> utc_time(const std::string& rfc3339) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    if (std::sscanf(rfc3339.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &s) != 6)
        return std::nullopt;
    const Date day{std::chrono::year{y}, std::chrono::month{unsigned(mo)},
                   std::chrono::day{unsigned(d)}};
    if (!day.ok()) return std::nullopt;
    return std::chrono::sys_days{day} + std::chrono::hours{h} + std::chrono::minutes{mi} +
           std::chrono::seconds{s};
}

}  // namespace

int run_replay(StaffCommandContext& c, const std::vector<std::string>& args) {
    const char* usage = "usage: obrctl replay --rules DIR [--since ГГГГ-ММ-ДД] [--json]\n";
    Options o;
    if (!parse_options(c, "replay", args, {"--rules", "--since"}, {"--json"}, usage, o))
        return kExitUsage;
    if (!o.positional.empty() || !o.value("--rules")) {
        c.err << usage;
        return kExitUsage;
    }
    std::optional<Date> since;
    if (auto d = o.value("--since")) {
        since = parse_date(*d);
        if (!since) {
            c.err << "obrctl replay: --since «" << *d << "» — не дата (ГГГГ-ММ-ДД)\n";
            return kExitUsage;
        }
    }
    RuleData rules;
    try {
        rules = load_rule_data(*o.value("--rules"));
    } catch (const RuleFilesError& e) {
        c.err << "obrctl replay: правила из " << *o.value("--rules") << " не загружены:\n"
              << e.what() << "\n";
        return 78;
    }
    std::map<std::int64_t, nlohmann::json> stored;  // letter id -> its appeal
    for (auto& a : c.store.list_appeals()) stored[a.value("letter_id", std::int64_t{0})] = a;

    MemoryHistory history;
    // Per ground: changed letters it is part of (before or after), and those that gain or
    // lose it.
    std::map<std::string, int> involved, gained, lost;
    std::vector<nlohmann::json> changes;
    std::size_t checked = 0;
    for (const LetterRow& row : c.store.letters()) {
        const auto it = stored.find(row.id);
        // Follow-ups are told by threading, not by the rules: nothing to compare.
        if (it == stored.end() || row.stored != "whole" ||
            str(it->second, "verdict") == "follow_up")
            continue;
        const auto raw = c.store.raw_letter(row.id);
        if (!raw) continue;
        const auto at = utc_time(row.received_at).value_or(now_seconds());
        const Letter letter = parse_letter(*raw);
        const Verdict v = check_letter(letter, rules, history, at);
        if (v.verdict == Outcome::accepted && v.kind != Kind::automatic)
            history.add(make_prior_appeal(letter, rules,
                                          std::string(1, '#').append(std::to_string(row.id)), at));
        const Date arrived{std::chrono::floor<std::chrono::days>(at + std::chrono::hours{11})};
        if (since && std::chrono::sys_days{arrived} < std::chrono::sys_days{*since}) continue;
        ++checked;
        const std::string before = str(it->second, "verdict");
        std::vector<std::string> before_reasons;
        for (const auto& r : it->second.value("reasons", nlohmann::json::array()))
            before_reasons.push_back(r.get<std::string>());
        const std::string after = std::string(to_string(v.verdict));
        const auto after_reasons = reason_codes(v);
        if (before == after && before_reasons == after_reasons) continue;
        for (const auto& r : after_reasons) {
            ++involved[r];
            if (std::find(before_reasons.begin(), before_reasons.end(), r) == before_reasons.end())
                ++gained[r];
        }
        for (const auto& r : before_reasons)
            if (std::find(after_reasons.begin(), after_reasons.end(), r) == after_reasons.end())
                ++involved[r];
        for (const auto& r : before_reasons)
            if (std::find(after_reasons.begin(), after_reasons.end(), r) == after_reasons.end())
                ++lost[r];
        changes.push_back({{"letter_id", row.id},
                           {"subject", letter.subject},
                           {"before", {{"verdict", before}, {"reasons", before_reasons}}},
                           {"after", {{"verdict", after}, {"reasons", after_reasons}}}});
    }
    if (o.has("--json")) {
        for (const auto& ch : changes)
            c.out << ch.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
        return 0;
    }
    c.out << pad("письмо", 8) << pad("было", 28) << pad("стало", 28) << "тема\n";
    for (const auto& ch : changes) {
        const auto& b = ch["before"];
        const auto& a = ch["after"];
        c.out << pad(std::string(1, '#').append(
                         std::to_string(ch["letter_id"].get<std::int64_t>())),
                     8)
              << pad(b["verdict"].get<std::string>() + " " +
                         joined(b["reasons"].get<std::vector<std::string>>()),
                     28)
              << pad(a["verdict"].get<std::string>() + " " +
                         joined(a["reasons"].get<std::vector<std::string>>()),
                     28)
              << ch["subject"].get<std::string>() << "\n";
    }
    c.out << "проверено писем: " << checked << ", решение другое: " << changes.size() << "\n";
    for (const auto& [ground, n] : involved)
        c.out << "  " << ground << ": " << n << " (основание появилось: " << gained[ground]
              << ", исчезло: " << lost[ground] << ")\n";
    return 0;
}

}  // namespace obrd
