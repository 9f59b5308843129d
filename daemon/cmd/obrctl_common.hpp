// obrctl_common.hpp: what the staff commands of obrctl share: resolving a REF, reading
// the JSON the store returns, Russian words for stored codes, Sakhalin dates, aligned
// columns, and the exit statuses.
//
// REF is a registration number (МСЗ-2026-000001) or a letter id (#17). Errors are
// Russian, one line each: 64 for a REF or an option that is malformed or missing, 65 for a
// REF that names nothing, or an appeal not in the state the command needs.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "daemon/config.hpp"
#include "daemon/decision_data.hpp"
#include "daemon/store/store.hpp"
#include "notices/calendar.hpp"
#include "rules/verdict.hpp"

namespace obrd {

struct StaffCommandContext {
    Store& store;
    std::ostream& out;
    std::ostream& err;
    // For the commands that send mail: the configuration ([smtp] from, [notices], [data],
    // [departments]) and its data files; loaded by the caller only for them.
    const Config* config = nullptr;
    const DecisionData* data = nullptr;
    // For show: the production calendar, to mark a deadline in a year no decree confirms.
    const Calendar* calendar = nullptr;
};

namespace cli {

constexpr int kExitUsage = 64;
constexpr int kExitNotFound = 65;

struct Resolved {
    std::int64_t appeal_id = 0;
    std::string shown;  // as the user wrote it, for messages
};

// The appeal REF names, or the Russian error written and its exit status in `status`.
std::optional<Resolved> resolve(StaffCommandContext& c, const std::string& ref, int& status);

// The options of a command: `--name value` pairs and flags, the rest positional. An
// option not in `valued` or `flags` is an error (written, with `usage`; returns false).
struct Options {
    std::vector<std::string> positional;
    std::vector<std::pair<std::string, std::string>> values;
    std::vector<std::string> flags;
    bool has(const std::string& name) const;
    std::optional<std::string> value(const std::string& name) const;
    std::vector<std::string> all(const std::string& name) const;
};
bool parse_options(StaffCommandContext& c, const char* command,
                   const std::vector<std::string>& args, const std::vector<std::string>& valued,
                   const std::vector<std::string>& flags, const char* usage, Options& out);
// The --comment a command requires: non-blank, else the Russian error and false.
bool require_comment(StaffCommandContext& c, const char* command, const Options& o,
                     std::string& comment);

// A JSON member as text: strings as they are, other values dumped, null/missing empty.
std::string str(const nlohmann::json& j, const char* key);

std::string verdict_ru(const std::string& verdict);
std::string outbox_status_ru(const std::string& status);
// What an outbox row is: «уведомление», «карточка», «напоминание», «сводка», «в орган».
std::string purpose_ru(const std::string& purpose);
// "2026-12-02" -> "02.12.2026"; anything else as it is.
std::string iso_to_ru_date(const std::string& iso);
// A date written by a person: YYYY-MM-DD or DD.MM.YYYY; nullopt otherwise.
std::optional<Date> parse_date(const std::string& s);
// `s` padded with blanks to `width` characters (UTF-8 code points, not bytes).
std::string pad(const std::string& s, std::size_t width);

// A verdict in one or two words, for a table column: «принято», «отказ», «проверка»,
// «автоответ», «дополнение», «вручную».
std::string verdict_short_ru(const std::string& verdict);
// Where a letter stands (its `status` in `letters --json`): «новое», «решено», «проверка»,
// «вручную», «переслано», «закрыто».
std::string letter_state_ru(const std::string& state);

// Rows under a header, each column as wide as its widest cell (in characters), two blanks
// apart; the last column is not padded, so a long subject does not widen the others. A
// table with no rows prints `empty` instead of a bare header, so that "nothing" is said.
class Table {
  public:
    explicit Table(std::vector<std::string> header) : header_(std::move(header)) {}
    void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
    std::size_t size() const { return rows_.size(); }
    void print(std::ostream& out, const char* empty) const;

  private:
    std::vector<std::string> header_;
    std::vector<std::vector<std::string>> rows_;
};

// The stored decision as a Verdict, enough to compose its notice or card.
Verdict verdict_of(const nlohmann::json& appeal, Outcome outcome);

// A token for the Message-ID of mail a person's action queues: the id it concerns, the
// kind of action, the time in microseconds and 32 random bits, so that two actions in the
// same second (or two people at once) never make the same Message-ID.
std::string message_token(std::int64_t id, const char* tag);

// Now, and today's date in Sakhalin.
std::chrono::sys_seconds now_seconds();
Date sakhalin_today(std::chrono::sys_seconds now);

}  // namespace cli

// "2026-12-02T02:18:39Z" as Sakhalin time, "02.12.2026 13:18"; "-" for anything else.
std::string sakhalin_time(const std::string& utc_rfc3339);

}  // namespace obrd
