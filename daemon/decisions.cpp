// decisions.cpp: see decisions.hpp.
#include "daemon/decisions.hpp"

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "daemon/log.hpp"
#include "daemon/notice_files.hpp"
#include "daemon/rule_files.hpp"
#include "daemon/watchdog.hpp"
#include "notices/compose.hpp"
#include "notices/references.hpp"
#include "parsers/parse.hpp"
#include "rules/check.hpp"
#include "rules/history.hpp"
#include "rules/verdict_json.hpp"

namespace obrd {
namespace {

using Sys = std::chrono::sys_seconds;

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// A Postgres array literal of bigints.
std::string bigint_array(const std::vector<std::uint64_t>& values) {
    std::string out = "{";
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i) out += ',';
        out += std::to_string(static_cast<std::int64_t>(values[i]));
    }
    return out + "}";
}

std::string text_array(const std::vector<std::string>& values) {
    std::string out = "{";
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i) out += ',';
        out += '"';
        for (char c : values[i]) {
            if (c == '"' || c == '\\') out += '\\';
            out += c;
        }
        out += '"';
    }
    return out + "}";
}

std::vector<std::uint64_t> parse_bigint_array(const std::string& literal) {
    std::vector<std::uint64_t> out;
    std::string digits;
    for (char c : literal) {
        if (c == '-' || std::isdigit(static_cast<unsigned char>(c))) {
            digits += c;
        } else if (!digits.empty()) {
            out.push_back(static_cast<std::uint64_t>(std::stoll(digits)));
            digits.clear();
        }
    }
    return out;
}

// The accepted appeals, as the duplicate rule sees them, read inside the deciding
// transaction.
class DatabaseHistory : public History {
  public:
    explicit DatabaseHistory(pqxx::work& tx) : tx_(tx) {}
    std::vector<PriorAppeal> candidates(std::string_view email, std::string_view inn,
                                        Seconds since) const override {
        std::vector<PriorAppeal> out;
        auto rows = tx_.exec_params(
            "SELECT id, message_id, sender_email, sender_inn, text_hash, shingles::text,"
            " extract(epoch FROM registered_at)::bigint FROM appeals"
            " WHERE verdict = 'accepted' AND registered_at >= to_timestamp($3)"
            " AND ((sender_email = $1 AND $1 <> '') OR (sender_inn = $2 AND $2 <> ''))"
            " ORDER BY id",
            std::string(email), std::string(inn),
            static_cast<std::int64_t>(since.time_since_epoch().count()));
        for (const auto& r : rows) {
            PriorAppeal a;
            a.id = r[0].as<std::string>();
            a.message_id = r[1].as<std::string>();
            a.sender_email = r[2].as<std::string>();
            a.inn = r[3].as<std::string>();
            a.text_hash = r[4].as<std::string>();
            a.shingles = parse_bigint_array(r[5].as<std::string>());
            std::sort(a.shingles.begin(), a.shingles.end());
            a.accepted_at = Seconds(std::chrono::seconds(r[6].as<std::int64_t>()));
            out.push_back(std::move(a));
        }
        return out;
    }

  private:
    pqxx::work& tx_;
};

std::chrono::year_month_day local_date(Sys t) {
    // Registration dates are the ministry's: Sakhalin time, UTC+11 all year.
    return std::chrono::year_month_day(
        std::chrono::floor<std::chrono::days>(t + std::chrono::hours(11)));
}

std::string next_registration_number(pqxx::work& tx, int year) {
    auto n = tx.exec_params1(
                   "INSERT INTO registration_counters (year, last_number) VALUES ($1, 1)"
                   " ON CONFLICT (year) DO UPDATE SET last_number ="
                   " registration_counters.last_number + 1 RETURNING last_number",
                   year)[0]
                 .as<long>();
    return registration_number(year, n);
}

bool is_our_address(const Config& config, const std::string& address) {
    const std::string a = lower(address);
    if (a == lower(config.smtp.from) || a == lower(config.mailbox.user)) return true;
    for (const auto& own : config.notices.own_addresses)
        if (a == lower(own)) return true;
    return false;
}

// Addresses that never get a notice: automatic senders, no-reply boxes and our own.
bool never_answer(const Config& config, const std::string& address) {
    const std::string a = lower(address);
    const std::string local = a.substr(0, a.find('@'));
    static const char* robots[] = {"mailer-daemon", "postmaster", "noreply",
                                   "no-reply",      "no_reply",   "donotreply",
                                   "do-not-reply",  "bounce",     "bounces"};
    for (const char* r : robots)
        if (local == r || local.rfind(std::string(r) + "+", 0) == 0) return true;
    return is_our_address(config, address);
}

struct Decided {
    std::string verdict;
    std::int64_t appeal_id = 0;
};

struct LetterInHand {
    std::int64_t id = 0;
    std::string raw;
    std::string status;
    std::string message_id;
};

class Decider {
  public:
    Decider(pqxx::work& tx, const Config& config, const DecisionData& data, Sys now,
            DecisionReport& report)
        : tx_(tx), config_(config), data_(data), now_(now), report_(report) {}

    void decide(const LetterInHand& l) {
        if (l.status != "new") {
            manual(l, nullptr,
                   l.status == "oversize" ? "the letter is larger than [mailbox] max_letter_size"
                                          : "the letter is too large to store whole; it is "
                                            "left on the mail server");
            return;
        }
        Letter letter;
        try {
            letter = parse_letter(l.raw);
        } catch (const std::exception& e) {
            manual(l, nullptr, std::string("the letter cannot be parsed: ") + e.what());
            return;
        }
        if (bounce(l, letter)) return;
        if (follow_up(l, letter)) return;
        DatabaseHistory history(tx_);
        Verdict v;
        try {
            v = check_letter(letter, data_.rules, history, now_);
        } catch (const pqxx::failure&) {
            throw;  // the database, not the letter: the cycle fails and is retried
        } catch (const std::exception& e) {
            // One letter the rules cannot decide must not stop the others.
            manual(l, &letter, std::string("the rules failed on this letter: ") + e.what());
            return;
        }
        record(l, letter, v);
    }

  private:
    // Inserts the appeal row; returns its id.
    std::int64_t insert_appeal(const LetterInHand& l, const Letter& letter, const Verdict* v,
                               const std::string& verdict, const std::string& kind,
                               const std::string& note) {
        nlohmann::json evidence = nlohmann::json::array();
        std::vector<std::string> reasons, flags, missing;
        std::string reply_to, department;
        if (v) {
            const nlohmann::json j = verdict_to_json(*v, letter, "");
            if (j.contains("evidence")) evidence = j["evidence"];
            for (auto r : v->reasons) reasons.emplace_back(to_string(r));
            for (auto r : v->flags) flags.emplace_back(to_string(r));
            for (auto m : v->complaint_missing) missing.emplace_back(to_string(m));
            reply_to = v->reply_to;
            department = v->department;
        }
        nlohmann::json sender = letter_sender_json(letter);
        auto id = tx_.exec_params1(
                         "INSERT INTO appeals (letter_id, kind, verdict, reasons, flags,"
                         " complaint_missing, evidence, sender, reply_to, subject, message_id,"
                         " department, note) VALUES ($1, $2, $3, $4::text[], $5::text[],"
                         " $6::text[], $7::jsonb, $8::jsonb, nullif($9, ''), $10, $11,"
                         " nullif($12, ''), $13) RETURNING id",
                         l.id, kind, verdict, text_array(reasons), text_array(flags),
                         text_array(missing), dump(evidence), dump(sender), reply_to,
                         letter.subject, l.message_id, department, note)[0]
                      .as<std::int64_t>();
        return id;
    }

    static std::string dump(const nlohmann::json& j) {
        return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }

    static nlohmann::json letter_sender_json(const Letter& letter) {
        nlohmann::json s = nlohmann::json::object();
        const auto& d = letter.sender;
        auto put = [&](const char* k, const std::optional<std::string>& v) {
            if (v && !v->empty()) s[k] = *v;
        };
        put("last_name", d.last_name);
        put("first_name", d.first_name);
        put("patronymic", d.patronymic);
        put("organization", d.organization);
        put("inn", d.inn);
        put("ogrn", d.ogrn);
        put("email", d.email);
        put("phone", d.phone);
        put("postal_address", d.postal_address);
        return s;
    }

    void queue(std::int64_t appeal_id, const std::string& queue_name, const std::string& reason) {
        tx_.exec_params("INSERT INTO work_items (appeal_id, queue, reason) VALUES ($1, $2, $3)",
                        appeal_id, queue_name, reason);
    }

    void manual(const LetterInHand& l, const Letter* letter, const std::string& why) {
        Letter empty;
        auto id = insert_appeal(l, letter ? *letter : empty, nullptr, "manual", "appeal", why);
        queue(id, "manual", why);
        ++report_.manual;
        log_warning("letter #" + std::to_string(l.id) + " goes to the manual queue: " + why);
    }

    // A delivery status notification that returns one of our notices: the notice is
    // marked undeliverable; the bounce itself is ignored.
    bool bounce(const LetterInHand& l, const Letter& letter) {
        if (!letter.auto_submitted) return false;
        for (const auto& mid : find_our_message_ids(l.raw)) {
            auto r = tx_.exec_params(
                "UPDATE outbox SET status = 'undeliverable', last_error = $2"
                " WHERE message_id = $1 AND status IN ('sent', 'pending') RETURNING appeal_id",
                mid, "bounced: letter #" + std::to_string(l.id) + " " + letter.subject);
            if (r.empty()) continue;
            Verdict v;
            v.kind = Kind::automatic;
            v.verdict = Outcome::ignored;
            v.notice = Notice::none;
            auto id = insert_appeal(l, letter, &v, "ignored", "automatic",
                                    "bounce of our message " + mid);
            if (!r[0][0].is_null())
                tx_.exec_params("UPDATE appeals SET follow_up_of = $2 WHERE id = $1", id,
                                r[0][0].as<std::int64_t>());
            ++report_.bounces;
            ++report_.ignored;
            log_warning("our message " + mid + " bounced (letter #" + std::to_string(l.id) +
                        "): marked undeliverable");
            return true;
        }
        return false;
    }

    // A letter that answers one of our notices joins that appeal.
    bool follow_up(const LetterInHand& l, const Letter& letter) {
        if (letter.auto_submitted) return false;
        std::optional<std::int64_t> original;
        std::vector<std::string> ids = letter.references;
        if (!letter.in_reply_to.empty()) ids.push_back(letter.in_reply_to);
        for (const auto& id : ids) {
            auto r = tx_.exec_params(
                "SELECT appeal_id FROM outbox WHERE message_id = $1 AND appeal_id IS NOT NULL", id);
            if (!r.empty()) {
                original = r[0][0].as<std::int64_t>();
                break;
            }
        }
        if (!original) {
            if (auto number = find_registration_number(letter.subject)) {
                auto r = tx_.exec_params("SELECT id FROM appeals WHERE registration_number = $1",
                                         *number);
                if (!r.empty()) original = r[0][0].as<std::int64_t>();
            }
        }
        if (!original) return false;
        auto o = tx_.exec_params1(
            "SELECT coalesce(registration_number, ''), coalesce(department, ''), kind"
            " FROM appeals WHERE id = $1",
            *original);
        const std::string number = o[0].as<std::string>();
        std::string department = o[1].as<std::string>();
        if (department.empty()) department = data_.rules.settings.department_appeal;
        Verdict v;
        v.kind = o[2].as<std::string>() == "complaint" ? Kind::complaint : Kind::appeal;
        v.verdict = Outcome::accepted;
        v.notice = Notice::none;
        v.department = department;
        auto id = insert_appeal(
            l, letter, &v, "follow_up", std::string(to_string(v.kind)),
            "follow-up to " + (number.empty() ? "appeal #" + std::to_string(*original) : number));
        tx_.exec_params("UPDATE appeals SET follow_up_of = $2 WHERE id = $1", id, *original);
        queue(id, department, "follow-up" + (number.empty() ? std::string() : " to " + number));
        route_card(id, l, letter, v, number, std::nullopt);
        ++report_.follow_ups;
        return true;
    }

    void record(const LetterInHand& l, const Letter& letter, const Verdict& v) {
        const std::string verdict(to_string(v.verdict));
        auto id = insert_appeal(l, letter, &v, verdict, std::string(to_string(v.kind)), "");
        if (v.duplicate_of)
            tx_.exec_params("UPDATE appeals SET duplicate_of = $2 WHERE id = $1", id,
                            std::stoll(*v.duplicate_of));
        std::optional<std::string> number;
        std::optional<std::chrono::year_month_day> deadline;
        if (v.verdict == Outcome::accepted && v.kind != Kind::automatic) {
            const auto today = local_date(now_);
            if (!data_.calendar.covers(today.year()))
                log_warning("the working-day calendar " + data_.calendar.name() +
                            " has no entries for " + std::to_string(int(today.year())) +
                            ": deadlines count weekends only");
            number = next_registration_number(tx_, int(today.year()));
            deadline = v.kind == Kind::complaint ? add_working_days(today, 20, data_.calendar)
                                                 : appeal_deadline(today, 30, data_.calendar);
            const PriorAppeal fingerprint = make_prior_appeal(letter, data_.rules, "", now_);
            tx_.exec_params(
                "UPDATE appeals SET registration_number = $2, registered_at = to_timestamp($3),"
                " deadline = $4::date, sender_email = $5, sender_inn = $6, text_hash = $7,"
                " shingles = $8::bigint[] WHERE id = $1",
                id, *number, static_cast<std::int64_t>(now_.time_since_epoch().count()),
                iso_date(*deadline), fingerprint.sender_email, fingerprint.inn,
                fingerprint.text_hash, bigint_array(fingerprint.shingles));
            queue(
                id, v.department,
                v.kind == Kind::complaint ? "complaint for the head's review" : "accepted appeal");
            route_card(id, l, letter, v, *number, deadline);
            ++report_.accepted;
        } else if (v.verdict == Outcome::refused) {
            ++report_.refused;
        } else if (v.verdict == Outcome::review) {
            queue(id, "review", "confirm the refusal before its notice is sent");
            ++report_.review;
        } else {
            ++report_.ignored;
        }
        notify(id, l, letter, v, number, deadline);
        log_info("letter #" + std::to_string(l.id) + ": " + verdict +
                 (number ? " as " + *number : std::string()) +
                 (v.reasons.empty() ? std::string() : " (" + reasons_text(v) + ")"));
    }

    static std::string reasons_text(const Verdict& v) {
        std::string s;
        for (auto r : v.reasons) s += (s.empty() ? "" : ", ") + std::string(to_string(r));
        return s;
    }

    std::string token(std::int64_t appeal_id, const char* purpose) const {
        return std::to_string(appeal_id) + "." + purpose + "." +
               std::to_string(now_.time_since_epoch().count());
    }

    void notify(std::int64_t appeal_id, const LetterInHand& l, const Letter& letter,
                const Verdict& v, const std::optional<std::string>& number,
                const std::optional<std::chrono::year_month_day>& deadline) {
        (void)l;
        if (v.notice == Notice::none || v.reply_to.empty()) return;
        if (never_answer(config_, v.reply_to)) {
            log_info("no notice to " + v.reply_to + ": an automatic, no-reply or own address");
            return;
        }
        NoticeInput in;
        in.from = config_.smtp.from;
        in.from_name = config_.notices.from_name;
        in.to = v.reply_to;
        in.in_reply_to = letter.message_id;
        in.references = letter.references;
        in.original_subject = letter.subject;
        in.verdict = v;
        in.sender = letter.sender;
        in.registration_number = number;
        if (number) in.registered_on = local_date(now_);
        in.deadline = deadline;
        in.now = now_;
        in.token = token(appeal_id, "n");
        OutgoingMail mail;
        try {
            mail = compose_notice(data_.templates, in);
        } catch (const ComposeError& e) {
            log_warning("no notice for appeal #" + std::to_string(appeal_id) + ": " + e.what());
            return;
        }
        std::string status = v.verdict == Outcome::review ? "held" : "pending";
        const auto sent_today =
            tx_.exec_params1(
                   "SELECT count(*) FROM outbox WHERE purpose = 'notice' AND lower(recipient) ="
                   " lower($1) AND created_at > to_timestamp($2) - interval '24 hours'"
                   " AND status <> 'suppressed'",
                   mail.to, static_cast<std::int64_t>(now_.time_since_epoch().count()))[0]
                .as<long>();
        std::string error;
        if (sent_today >= config_.notices.max_per_address_per_day) {
            status = "suppressed";
            error = "the daily cap of " + std::to_string(config_.notices.max_per_address_per_day) +
                    " notices to this address was reached";
            log_warning("notice to " + mail.to + " suppressed: " + error);
        }
        tx_.exec_params(
            "INSERT INTO outbox (appeal_id, purpose, recipient, subject, message_id, message,"
            " status, last_error, created_at) VALUES ($1, 'notice', $2, $3, $4, $5, $6,"
            " nullif($7, ''), to_timestamp($8))",
            appeal_id, mail.to, mail.subject, mail.message_id,
            pqxx::binarystring(mail.bytes.data(), mail.bytes.size()), status, error,
            static_cast<std::int64_t>(now_.time_since_epoch().count()));
        if (status == "pending") ++report_.notices;
    }

    void route_card(std::int64_t appeal_id, const LetterInHand& l, const Letter& letter,
                    const Verdict& v, const std::string& number,
                    const std::optional<std::chrono::year_month_day>& deadline) {
        auto dept = config_.departments.find(v.department);
        if (dept == config_.departments.end() || dept->second.empty()) return;
        for (std::size_t i = 0; i < dept->second.size(); ++i) {
            CardInput in;
            in.from = config_.smtp.from;
            in.from_name = config_.notices.from_name;
            in.to = dept->second[i];
            in.department = v.department;
            in.letter = &letter;
            in.verdict = v;
            in.registration_number = number;
            in.registered_on = local_date(now_);
            in.deadline = deadline;
            in.original = l.raw;
            in.now = now_;
            in.token = token(appeal_id, ("c" + std::to_string(i)).c_str());
            OutgoingMail mail;
            try {
                mail = compose_card(data_.templates, in);
            } catch (const ComposeError& e) {
                log_warning("no card for appeal #" + std::to_string(appeal_id) + ": " + e.what());
                continue;
            }
            tx_.exec_params(
                "INSERT INTO outbox (appeal_id, purpose, recipient, subject, message_id, message)"
                " VALUES ($1, 'card', $2, $3, $4, $5)",
                appeal_id, mail.to, mail.subject, mail.message_id,
                pqxx::binarystring(mail.bytes.data(), mail.bytes.size()));
            ++report_.cards;
        }
    }

    pqxx::work& tx_;
    const Config& config_;
    const DecisionData& data_;
    Sys now_;
    DecisionReport& report_;
};

}  // namespace

DecisionData load_decision_data(const DataSettings& data) {
    DecisionData d;
    try {
        d.rules = load_rule_data(data.rules_dir);
    } catch (const std::exception& e) {
        throw ConfigError("data", "rules_dir", e.what());
    }
    try {
        d.templates = load_notice_templates(data.templates_dir);
    } catch (const std::exception& e) {
        throw ConfigError("data", "templates_dir", e.what());
    }
    try {
        d.calendar = load_calendar(data.calendar_file);
    } catch (const std::exception& e) {
        throw ConfigError("data", "calendar_file", e.what());
    }
    return d;
}

DecisionReport decide_pending(Store& store, const Config& config, const DecisionData& data,
                              std::chrono::sys_seconds now) {
    DecisionReport report;
    for (;;) {
        watchdog_ping();
        const bool more = guarded("deciding a letter", [&] {
            pqxx::work tx(store.connection());
            auto rows = tx.exec(
                "SELECT id, raw, status, message_id FROM letters WHERE NOT decided"
                " ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED");
            if (rows.empty()) return false;
            LetterInHand l;
            l.id = rows[0][0].as<std::int64_t>();
            l.raw = pqxx::binarystring(rows[0][1]).str();
            l.status = rows[0][2].as<std::string>();
            l.message_id = rows[0][3].as<std::string>();
            Decider(tx, config, data, now, report).decide(l);
            tx.exec_params("UPDATE letters SET decided = true WHERE id = $1", l.id);
            tx.commit();
            ++report.decided;
            return true;
        });
        if (!more) return report;
    }
}

}  // namespace obrd
