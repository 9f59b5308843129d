// pg_store.cpp: PostgreSQL's own store rate for a folder of letters, the floor for obrd's
// storing.
//
//   pg_store --dsn DSN --dir DIR [--table NAME] [--batch-letters 100] [--batch-bytes 16777216]
//
// Drops and creates NAME (default bench_letters), shaped like obrd's letters table
// (daemon/schema/0001_letters.sql: the same columns, unique identity, indexes, raw bytea
// with SET COMPRESSION lz4), then stores every DIR/*.eml, in name order, one row each,
// with the INSERT obrd uses, prepared once and sent with binary parameters, in
// transactions of at most --batch-letters letters or --batch-bytes bytes (obrd's own
// limits by default: 100 letters or 16 MiB, whichever comes first). The identity and
// sha256 columns get cheap pseudo-random hex, so no hashing is measured. Files are read
// one batch at a time, outside the timed part. Checks the row count and the total
// octet_length afterwards and prints one line:
//   pg_store letters=N bytes=B seconds=S
// where S is the time spent in the transactions (statements and commits) only.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <pqxx/pqxx>
#include <string>
#include <vector>

namespace {

[[noreturn]] void fail(const std::string& what) {
    std::cerr << "pg_store: " << what << "\n";
    std::exit(1);
}

std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) fail("cannot read " + p.string());
    std::string s;
    s.resize(std::filesystem::file_size(p));
    in.read(s.data(), static_cast<std::streamsize>(s.size()));
    return s;
}

// 64 hex digits from a counter (splitmix64): spread like a SHA-256, costs nothing.
std::string fake_digest(std::uint64_t n) {
    std::string out;
    char buf[17];
    for (int i = 0; i < 4; ++i) {
        std::uint64_t z = (n * 4 + i + 1) * 0x9E3779B97F4A7C15ull;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        z ^= z >> 31;
        std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(z));
        out += buf;
    }
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    std::string dsn, dir, table = "bench_letters";
    std::size_t batch_letters = 100, batch_bytes = 16u << 20;
    for (int i = 1; i + 1 < argc; i += 2) {
        std::string key = argv[i], value = argv[i + 1];
        if (key == "--dsn")
            dsn = value;
        else if (key == "--dir")
            dir = value;
        else if (key == "--table")
            table = value;
        else if (key == "--batch-letters")
            batch_letters = std::stoul(value);
        else if (key == "--batch-bytes")
            batch_bytes = std::stoul(value);
        else
            fail("unknown option " + key);
    }
    if (dsn.empty() || dir.empty() || batch_letters == 0)
        fail(
            "usage: pg_store --dsn DSN --dir DIR [--table NAME] [--batch-letters N] "
            "[--batch-bytes N]");
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(dir))
        if (e.path().extension() == ".eml") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    if (files.empty()) fail("no .eml files in " + dir);

    try {
        pqxx::connection conn(dsn);
        {
            pqxx::work tx(conn);
            const std::string t = tx.quote_name(table);
            tx.exec("DROP TABLE IF EXISTS " + t);
            tx.exec("CREATE TABLE " + t +
                    " (id bigserial PRIMARY KEY, mailbox text NOT NULL,"
                    " uidvalidity bigint NOT NULL, uid bigint NOT NULL,"
                    " message_id text NOT NULL DEFAULT '', sha256 text NOT NULL,"
                    " identity text NOT NULL UNIQUE, size bigint NOT NULL,"
                    " received_at timestamptz NOT NULL DEFAULT now(),"
                    " status text NOT NULL DEFAULT 'new'"
                    " CHECK (status IN ('new', 'oversize', 'truncated')), raw bytea NOT NULL)");
            tx.exec("ALTER TABLE " + t + " ALTER COLUMN raw SET COMPRESSION lz4");
            tx.exec("CREATE INDEX ON " + t + " (message_id) WHERE message_id <> ''");
            tx.exec("CREATE INDEX ON " + t + " (status)");
            tx.commit();
            conn.prepare("insert", "INSERT INTO " + t +
                                       " (mailbox, uidvalidity, uid, message_id, sha256, identity,"
                                       " size, status, raw) VALUES ($1, $2, $3, $4, $5, $6, $7,"
                                       " $8, $9) ON CONFLICT (identity) DO NOTHING RETURNING id");
        }

        std::chrono::steady_clock::duration in_db{};
        std::uint64_t bytes = 0;
        for (std::size_t next = 0; next < files.size();) {
            std::vector<std::string> batch;
            std::size_t batch_size = 0;
            while (next < files.size() && batch.size() < batch_letters) {
                auto size = std::filesystem::file_size(files[next]);
                if (!batch.empty() && batch_size + size > batch_bytes) break;
                batch.push_back(read_file(files[next]));
                batch_size += size;
                ++next;
            }
            const auto start = std::chrono::steady_clock::now();
            pqxx::work tx(conn);
            std::size_t first = next - batch.size();
            for (std::size_t i = 0; i < batch.size(); ++i) {
                const std::uint64_t n = first + i;
                pqxx::binarystring raw(batch[i].data(), batch[i].size());
                auto r = tx.exec_prepared("insert", "INBOX", 1, n + 1, "bench." + std::to_string(n),
                                          fake_digest(2 * n), fake_digest(2 * n + 1),
                                          static_cast<std::uint64_t>(batch[i].size()), "new", raw);
                if (r.size() != 1) fail("row " + std::to_string(n) + " was not inserted");
            }
            tx.commit();
            in_db += std::chrono::steady_clock::now() - start;
            bytes += batch_size;
        }

        pqxx::work check(conn);
        auto r = check.exec1("SELECT count(*), coalesce(sum(octet_length(raw)), 0) FROM " +
                             check.quote_name(table));
        if (r[0].as<std::uint64_t>() != files.size() || r[1].as<std::uint64_t>() != bytes)
            fail("stored " + r[0].as<std::string>() + " rows of " + r[1].as<std::string>() +
                 " bytes, expected " + std::to_string(files.size()) + " of " +
                 std::to_string(bytes));
        std::printf("pg_store letters=%zu bytes=%llu seconds=%.4f\n", files.size(),
                    static_cast<unsigned long long>(bytes),
                    std::chrono::duration<double>(in_db).count());
    } catch (const std::exception& e) {
        fail(e.what());
    }
    return 0;
}
