// decide.cpp: see decide.hpp. No SQL here: the store's DecisionTx writes.
#include "daemon/stages/decide.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>

#include "daemon/fault.hpp"
#include "daemon/log.hpp"
#include "daemon/staff_mail.hpp"
#include "daemon/store/decision_tx.hpp"
#include "notices/compose.hpp"
#include "notices/references.hpp"
#include "parsers/authentication_results.hpp"
#include "parsers/parse.hpp"
#include "parsers/text_util.hpp"
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

std::chrono::year_month_day local_date(Sys t) {
    // Registration dates are the ministry's: Sakhalin time, UTC+11 all year.
    return std::chrono::year_month_day(std::chrono::floor<std::chrono::days>(t + kSakhalinOffset));
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

std::string dump(const nlohmann::json& j) {
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string sender_json(const Letter& letter) {
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
    return dump(s);
}

OutboxRecord outbox_record(const char* purpose, OutgoingMail mail) {
    OutboxRecord r;
    r.purpose = purpose;
    r.recipient = std::move(mail.to);
    r.subject = std::move(mail.subject);
    r.message_id = std::move(mail.message_id);
    r.bytes = std::move(mail.bytes);
    return r;
}

std::string reasons_text(const Verdict& v) {
    std::string s;
    for (auto r : v.reasons) s += (s.empty() ? "" : ", ") + std::string(to_string(r));
    return s;
}

// Decides the one letter of a DecisionTx, writing through it. Counts into `report`.
class Decider {
  public:
    Decider(DecisionTx& tx, const Config& config, const DecisionData& data, Sys now,
            DecisionReport& report)
        : tx_(tx), config_(config), data_(data), now_(now), report_(report) {}

    void decide() {
        const ClaimedLetter& l = tx_.letter();
        if (l.status != "new") {
            manual(nullptr, l.status == "oversize"
                                ? "the letter is larger than [mailbox] max_letter_size"
                                : "the letter is too large to store whole; it is left on the "
                                  "mail server");
            return;
        }
        raw_ = tx_.load_raw();
        fault_point("while-deciding", raw_);
        const Letter letter = parse_letter(raw_);  // never throws on bad input
        if (bounce(letter)) return;
        const std::optional<AppealRef> earlier = earlier_appeal(letter);
        if (staff_letter(letter, earlier)) return;
        if (earlier && earlier->verdict == "accepted") {
            follow_up(letter, *earlier);
            return;
        }
        // A reply to a refusal (the applicant corrected the letter) is decided on its own.
        std::optional<AppealRef> refused;
        if (earlier && earlier->verdict == "refused") refused = earlier;
        const Verdict v = check_letter(letter, data_.rules, tx_.history(), now_);
        record(letter, v, refused);
    }

    // The letter failed kMaxDecisionAttempts times, or killed the process as often.
    void give_up() {
        const ClaimedLetter& l = tx_.letter();
        const std::string times = std::to_string(l.attempts - 1) + " times";
        // Past two more attempts even recording the cause failed: a fixed text then.
        if (l.last_error.empty() || l.attempts > kMaxDecisionAttempts + 2)
            manual(nullptr, "obrd could not decide this letter " + times +
                                (l.last_error.empty() ? " (it stopped while deciding: it may "
                                                        "crash obrd)"
                                                      : ""));
        else
            manual(nullptr, "deciding this letter failed " + times + ": " + l.last_error);
    }

  private:
    std::int64_t insert(const Letter& letter, const Verdict* v, const std::string& verdict,
                        const std::string& kind, const std::string& note) {
        AppealRecord a;
        a.kind = kind;
        a.verdict = verdict;
        a.sender_json = sender_json(letter);
        a.subject = letter.subject;
        a.message_id = tx_.letter().message_id;
        a.note = note;
        a.channel = letter.form ? "form" : "mail";
        if (v) {
            const nlohmann::json j = verdict_to_json(*v, letter, "");
            if (j.contains("evidence")) a.evidence_json = dump(j["evidence"]);
            for (auto r : v->reasons) a.reasons.emplace_back(to_string(r));
            for (auto r : v->flags) a.flags.emplace_back(to_string(r));
            for (auto m : v->complaint_missing) a.complaint_missing.emplace_back(to_string(m));
            a.reply_to = v->reply_to;
            a.department = v->department;
            for (const auto& e : v->evidence)
                if (e.symbol == "MASS_MAILING") a.mass_mailing = true;
        }
        return tx_.insert_appeal(a);
    }

    void manual(const Letter* letter, const std::string& why) {
        const Letter empty;
        const auto id = insert(letter ? *letter : empty, nullptr, "manual", "appeal", why);
        tx_.queue(id, "manual", why);
        ++report_.manual;
        log_warning("letter #" + std::to_string(tx_.letter().id) +
                    " goes to the manual queue: " + why);
    }

    // A delivery status notification that returns one of our notices: the notice is
    // marked undeliverable; the bounce itself is ignored.
    bool bounce(const Letter& letter) {
        if (!letter.auto_submitted) return false;
        for (const auto& mid : find_our_message_ids(raw_)) {
            const auto appeal = tx_.mark_bounced(
                mid, "bounced: letter #" + std::to_string(tx_.letter().id) + " " + letter.subject);
            if (!appeal) continue;
            Verdict v;
            v.kind = Kind::automatic;
            v.verdict = Outcome::ignored;
            v.notice = Notice::none;
            const auto id =
                insert(letter, &v, "ignored", "automatic", "bounce of our message " + mid);
            if (*appeal) tx_.link_follow_up(id, **appeal);
            ++report_.bounces;
            ++report_.ignored;
            log_warning("our message " + mid + " bounced (letter #" +
                        std::to_string(tx_.letter().id) + "): marked undeliverable");
            return true;
        }
        return false;
    }

    // The appeal a letter answers: one of our messages it replies to (In-Reply-To,
    // References), else a registration number in its subject. Automatic letters answer
    // nothing (bounce() has taken the ones that return our mail).
    std::optional<AppealRef> earlier_appeal(const Letter& letter) {
        if (letter.auto_submitted) return std::nullopt;
        // The message it answers first, then the thread from its newest end: a reply to
        // the acceptance of a resubmission names the earlier refusal too.
        std::vector<std::string> ids(letter.references.rbegin(), letter.references.rend());
        if (!letter.in_reply_to.empty()) ids.insert(ids.begin(), letter.in_reply_to);
        std::optional<AppealRef> original = tx_.appeal_of_message(ids);
        if (!original)
            if (auto number = find_registration_number(letter.subject))
                original = tx_.appeal_numbered(*number);
        return original;
    }

    // Mail from a staff address ([departments]) or our own is never an appeal (a letter a
    // website form relays from our address is the applicant's). When it answers an open
    // accepted appeal -- a reply to its card, or its number in the subject -- the answer is
    // recorded there; else it is ignored, and said once in the log.
    bool staff_letter(const Letter& letter, const std::optional<AppealRef>& earlier) {
        const std::string from = lower(letter.from.address);
        if (from.empty()) return false;
        bool staff = !letter.form && is_our_address(config_, from);
        for (const auto& [department, addresses] : config_.departments)
            for (const auto& a : addresses) staff = staff || lower(a) == from;
        if (!staff) return false;
        // Anyone can write a staff From; with [mailbox] authserv_id set, only our own
        // server's Authentication-Results make it staff mail. One it does not vouch for is
        // neither recorded as an answer nor answered: a person looks at it.
        if (!config_.mailbox.authserv_id.empty() &&
            !from_domain_authenticated(letter.headers, config_.mailbox.authserv_id,
                                       from.substr(from.rfind('@') + 1))) {
            manual(&letter, "from the staff or our own address " + from +
                                " without a pass for its domain in Authentication-Results of " +
                                config_.mailbox.authserv_id);
            return true;
        }
        Verdict v;
        v.kind = Kind::automatic;
        v.verdict = Outcome::ignored;
        v.notice = Notice::none;
        const std::string letter_ref = "letter #" + std::to_string(tx_.letter().id);
        if (!earlier || earlier->verdict != "accepted") {
            AppealRecord a =
                staff_record(letter, "from " + from + ": answers no registered appeal");
            tx_.insert_appeal(a);
            ++report_.ignored;
            log_info(letter_ref + " is from staff or our own address " + from +
                     " and answers no registered appeal: ignored");
            return true;
        }
        const std::string& number = earlier->registration_number;
        const bool complaint = earlier->kind == "complaint";
        const auto id =
            tx_.insert_appeal(staff_record(letter, "answer from " + from + " to " + number));
        tx_.link_follow_up(id, earlier->id);
        ++report_.ignored;
        if (!tx_.record_staff_answer(earlier->id, iso_date(local_date(now_)), from, !complaint)) {
            log_info(letter_ref + " from " + from + " answers " + number +
                     ", which is closed already: nothing more recorded");
            return true;
        }
        ++report_.staff_answers;
        log_info(letter_ref + " from " + from + " is the answer to " + number +
                 (complaint ? ": answer date recorded; the head records the outcome"
                            : ": recorded, the appeal is closed"));
        return true;
    }

    AppealRecord staff_record(const Letter& letter, const std::string& note) {
        AppealRecord a;
        a.kind = "staff";
        a.verdict = "ignored";
        a.sender_json = sender_json(letter);
        a.subject = letter.subject;
        a.message_id = tx_.letter().message_id;
        a.note = note;
        return a;
    }

    // A letter that answers an accepted appeal joins it: a card to its department (a
    // complaint's to the head's, never to the department complained about: 59-FZ art. 8
    // p.6), no notice, no new number.
    void follow_up(const Letter& letter, const AppealRef& original) {
        const std::string& number = original.registration_number;
        std::string department = original.kind == "complaint"
                                     ? data_.rules.settings.department_complaint
                                     : original.department;
        if (department.empty()) department = data_.rules.settings.department_appeal;
        Verdict v;
        v.kind = original.kind == "complaint" ? Kind::complaint : Kind::appeal;
        v.verdict = Outcome::accepted;
        v.notice = Notice::none;
        v.department = department;
        const auto id = insert(letter, &v, "follow_up", std::string(to_string(v.kind)),
                               "follow-up to " + number);
        tx_.link_follow_up(id, original.id);
        tx_.queue(id, department, "follow-up to " + number);
        route_card(id, letter, v, number, std::nullopt);
        ++report_.follow_ups;
    }

    void record(const Letter& letter, const Verdict& v, const std::optional<AppealRef>& refused) {
        const std::string verdict(to_string(v.verdict));
        const auto id =
            insert(letter, &v, verdict, std::string(to_string(v.kind)),
                   refused ? "answers the refusal of appeal #" + std::to_string(refused->id)
                           : std::string());
        if (v.duplicate_of) tx_.link_duplicate(id, std::stoll(*v.duplicate_of));
        if (refused) tx_.link_resubmission(id, refused->id);
        std::optional<std::string> number;
        std::optional<std::chrono::year_month_day> deadline;
        if (v.verdict == Outcome::accepted && v.kind != Kind::automatic) {
            const auto today = local_date(now_);
            if (!data_.calendar.covers(today.year()))
                log_warning("the working-day calendar " + data_.calendar.name() +
                            " has no entries for " + std::to_string(int(today.year())) +
                            ": deadlines count weekends only");
            deadline = v.kind == Kind::complaint ? add_working_days(today, 20, data_.calendar)
                                                 : appeal_deadline(today, 30, data_.calendar);
            const PriorAppeal fingerprint = make_prior_appeal(letter, data_.rules, "", now_);
            Registration reg;
            reg.year = int(today.year());
            reg.at = now_;
            reg.deadline = iso_date(*deadline);
            reg.sender_email = fingerprint.sender_email;
            reg.sender_inn = fingerprint.inn;
            reg.text_hash = fingerprint.text_hash;
            reg.shingles = fingerprint.shingles;
            number = tx_.register_appeal(id, reg);
            tx_.queue(
                id, v.department,
                v.kind == Kind::complaint ? "complaint for the head's review" : "accepted appeal");
            route_card(id, letter, v, *number, deadline);
            ++report_.accepted;
        } else if (v.verdict == Outcome::refused) {
            ++report_.refused;
        } else if (v.verdict == Outcome::review) {
            tx_.queue(id, "review", "confirm the refusal before its notice is sent");
            ++report_.review;
        } else {
            ++report_.ignored;
        }
        // A forwarded letter's applicant is told where it went instead of a refusal.
        if (!forward_off_topic(id, letter, v)) notify(id, letter, v, number, deadline, refused);
        if (!v.escalate_to.empty()) escalate(id, letter, v);
        log_info("letter #" + std::to_string(tx_.letter().id) + ": " + verdict +
                 (number ? " as " + *number : std::string()) +
                 (v.reasons.empty() ? std::string() : " (" + reasons_text(v) + ")"));
    }

    // A letter refused only as off-topic, whose competent body has an address in
    // off_topic.txt, goes there at once with the original attached, and the applicant is
    // told where and when (59-FZ art. 8 p.3); off_topic.forward = staff leaves it to a person.
    bool forward_off_topic(std::int64_t appeal_id, const Letter& letter, const Verdict& v) {
        if (!data_.rules.settings.off_topic_auto_forward || v.verdict != Outcome::refused ||
            v.reasons.size() != 1 || v.reasons[0] != Reason::off_topic)
            return false;
        const OffTopicNote note = off_topic_note(v);
        const Topic* body = nullptr;
        for (const Topic& t : data_.rules.topics)
            if (!note.body.empty() && t.body == note.body && !t.address.empty()) body = &t;
        if (!body) return false;
        const auto today = local_date(now_);
        OutgoingMail forward, notice;
        bool with_notice = !v.reply_to.empty() && !never_answer(config_, v.reply_to);
        try {
            CardInput in = card_input(config_, letter, v, "", body->address, raw_, now_,
                                      token(appeal_id, "f"));
            in.competent_body = body->body;
            in.forwarded_on = today;
            forward = compose_forward(data_.templates, in);
            if (with_notice) {
                NoticeInput n = notice_input(config_, letter, v, now_, token(appeal_id, "g"));
                n.competent_body = body->body;
                n.body_email = body->address;
                n.forwarded_on = today;
                notice = compose_forwarded(data_.templates, n);
            }
        } catch (const ComposeError& e) {
            log_warning("letter #" + std::to_string(tx_.letter().id) + " is not forwarded to " +
                        body->body + ": " + e.what() + "; a refusal goes instead");
            return false;
        }
        tx_.add_outbox(appeal_id, outbox_record("forward", std::move(forward)), now_);
        if (with_notice) {
            OutboxRecord out = outbox_record("notice", std::move(notice));
            if (tx_.notices_to(out.recipient, now_) >= config_.notices.max_per_address_per_day) {
                out.status = "suppressed";
                out.error = "the daily cap of notices to this address was reached";
            }
            tx_.add_outbox(appeal_id, out, now_);
            if (out.status == "pending") ++report_.notices;
        }
        tx_.mark_forwarded(appeal_id, body->body, iso_date(today));
        ++report_.forwarded;
        log_info("letter #" + std::to_string(tx_.letter().id) + " is forwarded to " + body->body +
                 " <" + body->address + ">");
        return true;
    }

    std::string token(std::int64_t appeal_id, const std::string& purpose) const {
        return std::to_string(appeal_id) + "." + purpose + "." +
               std::to_string(now_.time_since_epoch().count());
    }

    void notify(std::int64_t appeal_id, const Letter& letter, const Verdict& v,
                const std::optional<std::string>& number,
                const std::optional<std::chrono::year_month_day>& deadline,
                const std::optional<AppealRef>& refused) {
        if (v.notice == Notice::none || v.reply_to.empty()) return;
        if (never_answer(config_, v.reply_to)) {
            log_info("no notice to " + v.reply_to + ": an automatic, no-reply or own address");
            return;
        }
        NoticeInput in = notice_input(config_, letter, v, now_, token(appeal_id, "n"));
        in.registration_number = number;
        if (number) in.registered_on = local_date(now_);
        in.deadline = deadline;
        if (refused) in.completes_refused_on = parse_iso_date(refused->received_on);
        if (v.duplicate_of)
            if (const auto earlier = tx_.appeal_by_id(std::stoll(*v.duplicate_of))) {
                in.duplicate_number = earlier->registration_number;
                in.duplicate_registered_on = parse_iso_date(earlier->registered_on);
            }
        OutgoingMail mail;
        try {
            mail = compose_notice(data_.templates, in);
        } catch (const ComposeError& e) {
            // The letter's own values make no notice (an address that is no addr-spec):
            // decided without one, and said.
            log_warning("no notice for appeal #" + std::to_string(appeal_id) + ": " + e.what());
            return;
        }
        OutboxRecord out = outbox_record("notice", std::move(mail));
        if (v.verdict == Outcome::review) out.status = "held";
        if (tx_.notices_to(out.recipient, now_) >= config_.notices.max_per_address_per_day) {
            out.status = "suppressed";
            out.error = "the daily cap of " +
                        std::to_string(config_.notices.max_per_address_per_day) +
                        " notices to this address was reached";
            log_warning("notice to " + out.recipient + " suppressed: " + out.error);
        }
        tx_.add_outbox(appeal_id, out, now_);
        if (out.status == "pending") ++report_.notices;
    }

    void route_card(std::int64_t appeal_id, const Letter& letter, const Verdict& v,
                    const std::string& number,
                    const std::optional<std::chrono::year_month_day>& deadline) {
        auto dept = config_.departments.find(v.department);
        if (dept == config_.departments.end() || dept->second.empty()) return;
        for (std::size_t i = 0; i < dept->second.size(); ++i) {
            CardInput in =
                card_input(config_, letter, v, v.department, dept->second[i], raw_, now_,
                           token(appeal_id, std::string(1, 'c').append(std::to_string(i))));
            in.registration_number = number;
            in.registered_on = local_date(now_);
            in.deadline = deadline;
            OutgoingMail mail;
            try {
                mail = compose_card(data_.templates, in);
            } catch (const ComposeError& e) {
                log_warning("no card for appeal #" + std::to_string(appeal_id) + ": " + e.what());
                continue;
            }
            tx_.add_outbox(appeal_id, outbox_record("card", std::move(mail)), now_);
            ++report_.cards;
        }
    }

    // A ground settings.txt escalates (a threat): in the same transaction as the decision,
    // an item in the department's queue and an urgent card with the original to each of
    // its addresses, whatever the notice to the sender.
    void escalate(std::int64_t appeal_id, const Letter& letter, const Verdict& v) {
        tx_.queue(appeal_id, v.escalate_to, "urgent: " + reasons_text(v));
        auto dept = config_.departments.find(v.escalate_to);
        if (dept == config_.departments.end() || dept->second.empty()) {
            log_warning("letter #" + std::to_string(tx_.letter().id) + " is escalated to " +
                        v.escalate_to + ", which has no addresses: it waits in its queue");
            return;
        }
        for (std::size_t i = 0; i < dept->second.size(); ++i) {
            CardInput in =
                card_input(config_, letter, v, v.escalate_to, dept->second[i], raw_, now_,
                           token(appeal_id, std::string(1, 'u').append(std::to_string(i))));
            in.letter_id = tx_.letter().id;
            OutgoingMail mail;
            try {
                mail = compose_alert(data_.templates, in);
            } catch (const ComposeError& e) {
                log_warning("no urgent card for appeal #" + std::to_string(appeal_id) + ": " +
                            e.what());
                continue;
            }
            tx_.add_outbox(appeal_id, outbox_record("card", std::move(mail)), now_);
            ++report_.cards;
        }
        log_warning("letter #" + std::to_string(tx_.letter().id) + " escalated to " +
                    v.escalate_to + " (" + reasons_text(v) + ")");
    }

    DecisionTx& tx_;
    const Config& config_;
    const DecisionData& data_;
    Sys now_;
    DecisionReport& report_;
    std::string raw_;
};

}  // namespace

DecisionReport& DecisionReport::operator+=(const DecisionReport& o) {
    decided += o.decided;
    accepted += o.accepted;
    refused += o.refused;
    review += o.review;
    ignored += o.ignored;
    follow_ups += o.follow_ups;
    staff_answers += o.staff_answers;
    forwarded += o.forwarded;
    manual += o.manual;
    notices += o.notices;
    cards += o.cards;
    bounces += o.bounces;
    failed_attempts += o.failed_attempts;
    return *this;
}

std::string summary(const DecisionReport& r) {
    return "decided " + std::to_string(r.decided) + ": accepted " + std::to_string(r.accepted) +
           ", refused " + std::to_string(r.refused) + ", review " + std::to_string(r.review) +
           ", ignored " + std::to_string(r.ignored) + ", follow-ups " +
           std::to_string(r.follow_ups) + ", staff answers " + std::to_string(r.staff_answers) +
           ", forwarded " + std::to_string(r.forwarded) + ", manual " + std::to_string(r.manual) +
           ", bounces " + std::to_string(r.bounces) + "; notices " + std::to_string(r.notices) +
           ", cards " + std::to_string(r.cards) +
           (r.failed_attempts ? "; failed attempts " + std::to_string(r.failed_attempts)
                              : std::string());
}

DecisionReport decide_pending(Store& store, const Config& config, const DecisionData& data,
                              const DecideHooks& hooks) {
    DecisionReport report;
    for (;;) {
        if (hooks.keep_going && !hooks.keep_going()) return report;
        if (hooks.beat) hooks.beat();
        std::unique_ptr<DecisionTx> tx = store.begin_decision();
        if (!tx) return report;
        const std::int64_t id = tx->letter().id;
        const int attempt = tx->letter().attempts;
        const Sys now =
            hooks.now ? hooks.now()
                      : std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
        DecisionReport one;
        std::string failure;
        try {
            Decider decider(*tx, config, data, now, one);
            if (attempt > kMaxDecisionAttempts)
                decider.give_up();
            else
                decider.decide();
            tx->commit();
            ++one.decided;
            report += one;
            continue;
        } catch (const StoreError& e) {
            tx.reset();  // rolls back
            if (e.connection_lost()) {
                store.forgive_attempt(id);
                throw;
            }
            failure = e.what();  // a statement failed on this letter's data
        } catch (const std::exception& e) {
            tx.reset();
            failure = e.what();
        }
        ++report.failed_attempts;
        log_error("letter #" + std::to_string(id) + ": attempt " + std::to_string(attempt) +
                  " of " + std::to_string(kMaxDecisionAttempts) + " failed: " + failure);
        store.note_attempt_failure(id, text::repair_utf8(failure.substr(0, 2000)));
    }
}

}  // namespace obrd
