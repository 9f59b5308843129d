// store.cpp: see store.hpp. Connections, schema migrations, and the error mapping.
#include "daemon/store/store.hpp"

#include <cctype>

#include "daemon/secret_file.hpp"
#include "daemon/store/decision_tx.hpp"
#include "daemon/store/migrations.hpp"
#include "daemon/store/store_impl.hpp"

namespace obrd {
namespace {

// libpq conninfo quoting: single quotes around the value, \' and \\ escaped.
std::string conninfo_value(const std::string& v) {
    std::string out = "'";
    for (char c : v) {
        if (c == '\'' || c == '\\') out += '\\';
        out += c;
    }
    return out + "'";
}

std::string first_line(const std::string& s) {
    auto nl = s.find('\n');
    return nl == std::string::npos ? s : s.substr(0, nl);
}

}  // namespace

void rethrow_as_store_error(const char* what) {
    try {
        throw;
    } catch (const pqxx::broken_connection& e) {
        throw StoreError(std::string(what) + ": database connection lost: " + first_line(e.what()),
                         true);
    } catch (const pqxx::in_doubt_error& e) {
        throw StoreError(std::string(what) + ": commit in doubt: " + first_line(e.what()), true);
    } catch (const pqxx::transaction_rollback& e) {  // not an sql_error in 6.4: catch first
        throw StoreError(std::string(what) + ": transaction rolled back: " + first_line(e.what()),
                         false);
    } catch (const pqxx::sql_error& e) {
        // Class 08 (connection exception), 57 (operator intervention: shutdown) and 53
        // (insufficient resources) are the server's trouble, not the statement's.
        const std::string state = e.sqlstate();
        const bool server = state.rfind("08", 0) == 0 || state.rfind("57", 0) == 0 ||
                            state.rfind("53", 0) == 0 || state.empty();
        throw StoreError(std::string(what) + ": " + first_line(e.what()), server);
    } catch (const pqxx::failure& e) {
        throw StoreError(std::string(what) + ": " + first_line(e.what()), true);
    }
    // Anything else (a bug, bad_alloc) left the try block above with its own type.
}

std::unique_ptr<pqxx::connection> open_connection(const std::string& conninfo) {
    auto conn = std::make_unique<pqxx::connection>(conninfo);
    // Identify ourselves in pg_stat_activity and make timestamps unambiguous.
    pqxx::nontransaction setup(*conn);
    setup.exec("SET application_name = 'obrd'; SET TIME ZONE 'UTC'");
    return conn;
}

pqxx::connection& Store::Impl::side_connection() {
    if (!side) side = open_connection(conninfo);
    return *side;
}

std::string connection_string(const DatabaseSettings& settings) {
    std::string conninfo = settings.dsn;
    if (!settings.password_file.empty()) {
        try {
            conninfo += " password=" + conninfo_value(read_secret(settings.password_file));
        } catch (const SecretError& e) {
            throw StoreError(std::string("[database] password_file: ") + e.what());
        }
    }
    return conninfo;
}

Store::Store(const DatabaseSettings& settings) : impl_(std::make_unique<Impl>()) {
    impl_->conninfo = connection_string(settings);
    guarded("connecting to PostgreSQL", [&] { impl_->conn = open_connection(impl_->conninfo); });
}

Store::~Store() = default;

int Store::known_schema_version() {
    return migrations().empty() ? 0 : migrations().back().version;
}

int Store::schema_version() {
    return guarded("reading the schema version", [&] {
        pqxx::work tx(*impl_->conn);
        auto exists = tx.exec1("SELECT to_regclass('schema_migrations') IS NOT NULL")[0].as<bool>();
        if (!exists) return 0;
        return tx.exec1("SELECT coalesce(max(version), 0) FROM schema_migrations")[0].as<int>();
    });
}

void Store::require_known_schema() {
    const int have = schema_version();
    const int know = known_schema_version();
    if (have == know) return;
    if (have < know)
        throw StoreError("the database schema is version " + std::to_string(have) +
                             ", this obrctl needs version " + std::to_string(know) +
                             ": run 'obrctl migrate' (or start obrd, which migrates)",
                         false);
    throw StoreError("the database schema is version " + std::to_string(have) +
                         ", newer than this obrctl knows (" + std::to_string(know) +
                         "): use the obrctl of the obrd that migrated it",
                     false);
}

int Store::migrate() {
    return guarded("migrating the database schema", [&] {
        int applied = 0;
        {
            pqxx::work tx(*impl_->conn);
            tx.exec(
                "CREATE TABLE IF NOT EXISTS schema_migrations ("
                " version integer PRIMARY KEY, name text NOT NULL,"
                " applied_at timestamptz NOT NULL DEFAULT now())");
            tx.commit();
        }
        for (const auto& m : migrations()) {
            pqxx::work tx(*impl_->conn);
            // Serialises concurrent migrators (two instances starting at once).
            tx.exec("LOCK TABLE schema_migrations IN EXCLUSIVE MODE");
            if (!tx.exec_params("SELECT 1 FROM schema_migrations WHERE version = $1", m.version)
                     .empty())
                continue;
            tx.exec(m.sql);
            tx.exec_params("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
                           m.version, m.name);
            tx.commit();
            ++applied;
        }
        // New tables need the staff role's rights too (when the role exists).
        grant_staff();
        return applied;
    });
}

bool Store::grant_staff() {
    return guarded("granting the staff role its rights", [&] {
        pqxx::work tx(*impl_->conn);
        if (tx.exec("SELECT 1 FROM pg_roles WHERE rolname = 'obrd_staff'").empty()) return false;
        // GRANT by anyone else only warns ("no privileges were granted"): refuse instead.
        if (!tx.exec1("SELECT pg_has_role(current_user, relowner, 'MEMBER') FROM pg_class"
                      " WHERE oid = 'appeals'::regclass")[0]
                 .as<bool>())
            throw StoreError(
                "granting the staff role its rights: only the owner of obrd's tables "
                "(the service's database role) can; connected as a different role",
                false);
        // Read everything (show, find, queue, audit, digest); write only what the staff
        // commands write: decisions, queue items, registration numbers, the outbox, the
        // audit, digests and reminders. No DELETE, no TRUNCATE, no DDL (no CREATE on the
        // schema, owner of nothing): `obrctl migrate` as staff fails.
        tx.exec(
            "GRANT USAGE ON SCHEMA public TO obrd_staff;"
            " GRANT SELECT ON ALL TABLES IN SCHEMA public TO obrd_staff;"
            " GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO obrd_staff;"
            " GRANT INSERT ON outbox, staff_actions, work_items, registration_counters,"
            " deadline_reminders, digests TO obrd_staff;"
            " GRANT UPDATE ON appeals, outbox, work_items, registration_counters,"
            " deadline_reminders, digests TO obrd_staff;"
            " GRANT EXECUTE ON FUNCTION obrd_reprocess(bigint, text) TO obrd_staff");
        tx.commit();
        return true;
    });
}

std::string read_bytea_in_slices(pqxx::transaction_base& tx, const std::string& table,
                                 const std::string& column, std::int64_t id) {
    constexpr std::int64_t kSlice = 4 << 20;
    // `table` and `column` are names written in the code, never data.
    const std::string sql = "SELECT length(" + column + "), substring(" + column +
                            " FROM $2 FOR $3) FROM " + table + " WHERE id = $1";
    std::string out;
    std::int64_t length = 0;
    for (std::int64_t from = 1; from == 1 || from <= length; from += kSlice) {
        const auto r = tx.exec_params1(sql, id, from, kSlice);
        if (from == 1) {
            length = r[0].as<std::int64_t>();
            out.reserve(static_cast<std::size_t>(length));
        }
        const pqxx::binarystring slice(r[1]);
        out.append(reinterpret_cast<const char*>(slice.data()), slice.size());
    }
    return out;
}

std::string bigint_array(const std::vector<std::uint64_t>& values) {
    std::string out = "{";
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i) out += ',';
        out += std::to_string(static_cast<std::int64_t>(values[i]));
    }
    return out + "}";
}

std::string bigint_array(const std::vector<std::int64_t>& values) {
    std::string out = "{";
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i) out += ',';
        out += std::to_string(values[i]);
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

}  // namespace obrd
