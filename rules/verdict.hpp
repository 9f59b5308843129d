// verdict.hpp: what the rules decide about one letter, in the codes of
// shared/spec/verdicts.md, with the evidence behind every reason.
//
// Promises: plain data; every reason has at least one Evidence naming the rule symbol
// that fired; the string forms of the enums are exactly the codes of verdicts.md.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace obrd {

enum class Kind { appeal, complaint, automatic };

// "review": a person confirms the refusal before its notice is sent (Policy::review).
enum class Outcome { accepted, refused, review, ignored };

enum class Notice { acceptance, refusal, none };

// The grounds of refusal, in the order of verdicts.md.
enum class Reason {
    sender_incomplete,
    sender_inaccurate,
    no_email,
    obscene,
    offensive,
    threat,
    unreadable,
    abbreviations,
    off_topic,
    duplicate,
    complaint_incomplete,
};
inline constexpr std::size_t kReasonCount = 11;

// Mandatory items of a complaint, in the order of verdicts.md.
enum class ComplaintItem { applicant, reply_address, official, essence, notify_method };

std::string_view to_string(Kind k);
std::string_view to_string(Outcome o);
std::string_view to_string(Notice n);
std::string_view to_string(Reason r);
std::string_view to_string(ComplaintItem i);
std::optional<Reason> reason_from_string(std::string_view s);

// Russian wording for notices and staff screens.
std::string_view reason_title_ru(Reason r);
std::string_view item_title_ru(ComplaintItem i);

// How sure a piece of evidence is (rules/symbols.cpp gives it per symbol): strong evidence
// keeps the ground's policy; weak evidence gets policy.weak.<ground> (settings.txt).
enum class Strength { strong, weak };
std::string_view to_string(Strength s);

// Why a reason was given: the rule symbol (like rspamd's), the fragment that matched
// and where it is. `field` is "text" (offset into Letter::text), "subject" (offset into
// Letter::subject), "sender" (Letter::sender) or "history" (an earlier appeal).
struct Evidence {
    std::optional<Reason> reason;  // none: not a ground (an automatic letter's header)
    std::string symbol;
    std::string text;
    std::optional<std::size_t> offset;
    std::string field = "text";
    Strength strength = Strength::strong;
};

// What each ground does when it fires.
enum class Action { refuse, review, accept };
std::string_view to_string(Action a);
std::optional<Action> action_from_string(std::string_view s);

// What each ground does on strong evidence (`action`, policy.<ground>), and on weak
// evidence only (`weak`, policy.weak.<ground>; unset: review for the content judgements
// obscene, offensive, threat, unreadable, off_topic, complaint_incomplete, otherwise the
// same as on strong evidence).
struct Policy {
    std::array<Action, kReasonCount> action{};  // all refuse by default
    std::array<std::optional<Action>, kReasonCount> weak{};
    Action of(Reason r) const { return action[static_cast<std::size_t>(r)]; }
    Action of(Reason r, Strength s) const;
    void set(Reason r, Action a) { action[static_cast<std::size_t>(r)] = a; }
    void set_weak(Reason r, Action a) { weak[static_cast<std::size_t>(r)] = a; }
};

struct Verdict {
    Kind kind = Kind::appeal;
    Outcome verdict = Outcome::accepted;
    std::vector<Reason> reasons;  // grounds acted on (refuse or review), verdicts.md order
    std::vector<Reason> flags;    // grounds found but accepted by policy
    std::vector<ComplaintItem> complaint_missing;
    Notice notice = Notice::acceptance;
    std::string reply_to;                      // empty: nobody to answer
    std::optional<std::string> duplicate_of;   // PriorAppeal::id of the original
    std::optional<std::string> redelivery_of;  // same Message-ID as this earlier appeal
    std::string department;                    // only for accepted letters
    // Refused or held on a ground settings.txt escalates (escalate.<ground>): the
    // department alerted at once with an urgent card; empty: none.
    std::string escalate_to;
    std::vector<Evidence> evidence;
};

// Every ground that fired, before the policy is applied.
struct Findings {
    std::vector<Reason> grounds;
    std::vector<ComplaintItem> complaint_missing;
    std::vector<Evidence> evidence;
    std::optional<std::string> duplicate_of;
    // The off_topic ground found an advertisement or mass mailing ([mailing: ...] in
    // off_topic.txt): refused without a notice unless notice.mass_mailing = refusal.
    bool mass_mailing = false;
    void add(Reason r, std::string symbol, std::string text, std::optional<std::size_t> offset,
             std::string field = "text");
    bool has(Reason r) const;
};

// Applies the policy to the findings, each ground at the strength of its strongest
// evidence: any "refuse" ground refuses the letter; otherwise
// any "review" ground makes it wait for a person; "accept" grounds become flags.
// Fills verdict, reasons, flags, notice and evidence; kind, reply_to and department
// must already be set (the department is cleared unless the letter is accepted).
void apply_policy(const Policy& policy, Findings findings, Verdict& v);

}  // namespace obrd
