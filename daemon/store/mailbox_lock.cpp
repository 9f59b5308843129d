// mailbox_lock.cpp: see mailbox_lock.hpp.
#include "daemon/store/mailbox_lock.hpp"

#include <pqxx/pqxx>

#include "daemon/store/store.hpp"
#include "daemon/store/store_impl.hpp"

namespace obrd {

struct MailboxLock::Impl {
    DatabaseSettings database;
    std::string mailbox;
    std::unique_ptr<pqxx::connection> conn;
    std::int64_t key = 0;
};

MailboxLock::MailboxLock(const DatabaseSettings& database, std::string mailbox)
    : impl_(std::make_unique<Impl>()) {
    impl_->database = database;
    impl_->mailbox = std::move(mailbox);
}

MailboxLock::~MailboxLock() = default;  // closing the connection releases the lock

bool MailboxLock::held() {
    try {
        return guarded("checking the mailbox lock", [&] {
            if (!impl_->conn) {
                impl_->conn = open_connection(connection_string(impl_->database));
                pqxx::nontransaction tx(*impl_->conn);
                impl_->key = tx.exec_params1("SELECT hashtextextended($1, 0)",
                                             "obrd.mailbox:" + impl_->mailbox)[0]
                                 .as<std::int64_t>();
            }
            pqxx::nontransaction tx(*impl_->conn);
            // A bigint advisory key shows in pg_locks as classid (high half), objid (low
            // half) and objsubid 1.
            const bool have =
                tx.exec_params1(
                      "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory'"
                      " AND pid = pg_backend_pid() AND granted AND objsubid = 1"
                      " AND classid = (($1::bigint >> 32) & 4294967295)::oid"
                      " AND objid = ($1::bigint & 4294967295)::oid)",
                      impl_->key)[0]
                    .as<bool>();
            if (have) return true;
            return tx.exec_params1("SELECT pg_try_advisory_lock($1)", impl_->key)[0].as<bool>();
        });
    } catch (const StoreError&) {
        impl_->conn.reset();  // a new connection, and a new try for the lock, next time
        throw;
    }
}

}  // namespace obrd
