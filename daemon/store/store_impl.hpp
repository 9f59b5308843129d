// store_impl.hpp: what the store/ files share and nothing outside store/ sees: the
// connections, and small helpers for libpqxx 6.4.
#pragma once

#include <pqxx/pqxx>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "daemon/store/decision_tx.hpp"
#include "daemon/store/store.hpp"

namespace obrd {

struct Store::Impl {
    std::string conninfo;
    std::unique_ptr<pqxx::connection> conn;
    // For bookkeeping committed while a transaction on `conn` is open (decision attempts);
    // opened on first use.
    std::unique_ptr<pqxx::connection> side;

    pqxx::connection& side_connection();
};

// The libpq connection string of [database]: the dsn, and the password from its file.
// Throws StoreError naming the file when it cannot be read.
std::string connection_string(const DatabaseSettings& settings);

// Opens a connection the way obrd wants it (application_name, UTC).
std::unique_ptr<pqxx::connection> open_connection(const std::string& conninfo);

// A bytea value read in slices of a few MiB: libpqxx 6.4 receives results as text, where a
// bytea is hex (twice its size) and then decoded once more, so one SELECT of a 40 MB letter
// would hold about 120 MB at once. Reads `column` of the row of `table` whose id is `id`;
// pqxx::unexpected_rows when there is no such row.
std::string read_bytea_in_slices(pqxx::transaction_base& tx, const std::string& table,
                                 const std::string& column, std::int64_t id);

// Postgres array literals.
// Gives `appeal` the next registration number of reg.year and its registration fields,
// inside `tx` (the decide stage, and a person's overturn); returns the number.
std::string register_appeal_in(pqxx::transaction_base& tx, std::int64_t appeal,
                               const Registration& reg);

// A message a person's action (or the digest, or a reminder) queues: a pending outbox row.
std::int64_t insert_staff_mail(pqxx::transaction_base& tx, std::optional<std::int64_t> appeal_id,
                               const Store::StaffMail& mail);
// The staff_actions row of an action, in the action's transaction (actor = session_user).
void audit_staff_action(pqxx::transaction_base& tx, const std::string& action,
                        std::optional<std::int64_t> appeal_id, const std::string& comment,
                        const std::vector<std::int64_t>& outbox_ids);

std::string bigint_array(const std::vector<std::uint64_t>& values);
std::string bigint_array(const std::vector<std::int64_t>& values);
std::string text_array(const std::vector<std::string>& values);
std::vector<std::uint64_t> parse_bigint_array(const std::string& literal);

}  // namespace obrd
