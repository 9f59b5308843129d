// staff_mail.hpp: the mail obrd writes besides a letter's first answer -- a person's action
// (obrctl), the daily digest and the deadline reminders (the daemon, and obrctl digest) --
// and the inputs that every notice and card fills in one way, for the decide stage too.
//
// Reads and records through the Store; composes with notices/ (pure). Nothing here sends:
// every message becomes an outbox row for the send stage, in the transaction that records
// why it exists.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/config.hpp"
#include "daemon/decision_data.hpp"
#include "daemon/store/store.hpp"
#include "notices/compose.hpp"

namespace obrd {

// A notice in reply to `letter`: from us, to the verdict's reply address, threaded.
NoticeInput notice_input(const Config& config, const Letter& letter, const Verdict& verdict,
                         std::chrono::sys_seconds now, std::string token);
// A card of `letter` to one address of `department`, the original attached.
CardInput card_input(const Config& config, const Letter& letter, const Verdict& verdict,
                     const std::string& department, const std::string& to,
                     std::string_view original, std::chrono::sys_seconds now, std::string token);

// The department a refused, held or manual letter belongs to for the digest: complaints to
// the complaint department, everything else to the appeal department (settings.txt).
std::string digest_department(const DecisionData& data, const std::string& kind);

// The entries of `day`'s digest (a Sakhalin date), by department.
std::map<std::string, std::vector<DigestEntry>> digest_entries(Store& store,
                                                               const DecisionData& data, Date day);

// Records and queues `day`'s digest for every department with addresses that has not had
// it yet (each once, see Store::record_digest); returns the departments mailed. A
// department with nothing that day gets a digest saying so only when `even_if_empty`.
std::vector<std::string> send_digests(Store& store, const Config& config, const DecisionData& data,
                                      Date day, std::chrono::sys_seconds now, bool even_if_empty);

// Queues the reminders due at `now`: `remind_days_before` working days before the deadline
// of an open registered appeal, and the day after it is missed, each once per deadline, to
// its department's addresses. Returns how many were recorded.
int send_reminders(Store& store, const Config& config, const DecisionData& data,
                   std::chrono::sys_seconds now);

// What the daemon does about once a minute besides deciding: the reminders due, and after
// [notices] digest_at (Sakhalin time) the digest of the day before to every department
// that had letters for it. Returns how many messages it queued (reminders and digests).
int staff_mail_tasks(Store& store, const Config& config, const DecisionData& data,
                     std::chrono::sys_seconds now);

}  // namespace obrd
