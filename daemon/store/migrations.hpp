// migrations.hpp: the database schema, as numbered migrations (daemon/store/schema/NNNN_*.sql,
// embedded at build time). Store::migrate() applies the pending ones, each in its own
// transaction, and records each in schema_migrations.
#pragma once

#include <string>
#include <vector>

namespace obrd {

struct Migration {
    int version;
    std::string name;
    std::string sql;
};

const std::vector<Migration>& migrations();  // ascending by version

}  // namespace obrd
