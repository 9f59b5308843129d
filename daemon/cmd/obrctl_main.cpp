// obrctl_main.cpp: the staff and admin command line.
//
//   obrctl [--config FILE] migrate             apply pending schema migrations
//   obrctl [--config FILE] letters [--json]    list the stored letters
//   obrctl parse --json FILE...                the letters as the parser reads them
//   obrctl check --json [--rules DIR] FILE...  the decision, offline (no database)
//   obrctl symbols [--json]                    the rule symbols (rules/symbols.hpp)
//   obrctl show|decide|audit|queue ...         staff commands (obrctl_staff.hpp)
//   obrctl close|complaint|extend|forward|resend|find|digest ...   (obrctl_outcomes.hpp)
//   obrctl replay --rules DIR ...              another rule set over the stored letters
//   obrctl report --month M | --quarter Q ...  the period's report (obrctl_report.hpp)
//   obrctl grant-staff                         give the obrd_staff role its rights
//
// The staff commands connect with [database] staff_dsn when it is set (a person logs in as
// themselves; no password file is read); migrate and grant-staff always connect as the
// service ([database] dsn and password_file).
//
// Exit status: 0 done; 1 some file could not be read or parsed; 64 usage; 78 bad
// configuration; 75 the database was unreachable; 65 its schema is not the one this obrctl
// knows (read-only commands never migrate: run obrctl migrate).
#include <nlohmann/json.hpp>

#include <algorithm>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "daemon/cmd/obrctl_check.hpp"
#include "daemon/cmd/obrctl_common.hpp"
#include "daemon/cmd/obrctl_outcomes.hpp"
#include "daemon/cmd/obrctl_parse.hpp"
#include "daemon/cmd/obrctl_replay.hpp"
#include "daemon/cmd/obrctl_report.hpp"
#include "daemon/cmd/obrctl_staff.hpp"
#include "daemon/cmd/service.hpp"
#include "daemon/config.hpp"
#include "daemon/log.hpp"
#include "daemon/notice_files.hpp"
#include "daemon/store/store.hpp"
#include "parsers/parse.hpp"
#include "rules/symbols.hpp"

namespace {

constexpr int kExitUsage = 64;
constexpr int kExitDataErr = 65;  // EX_DATAERR: the database is not in a state we know

const char* kUsage =
    "usage: obrctl [--config FILE] COMMAND [ARGS]\n"
    "commands:\n"
    "  migrate                       apply pending database schema migrations\n"
    "  letters [--json]              list the stored letters\n"
    "  appeals [--json]              list the decisions: verdict, reasons, registration\n"
    "  outbox [--json]               list notices and cards: recipient, status, last error\n"
    "  queue [NAME] [--overdue] [--json]\n"
    "                                open items of a department, review or manual queue,\n"
    "                                with their age and deadline\n"
    "  show REF [--json]             one letter in full: text, decision, evidence, mail,\n"
    "                                queues, staff actions (REF: МСЗ-2026-000001 or #17)\n"
    "  find [--sender A] [--inn N] [--text WORDS] [--since D] [--until D] [--verdict V]\n"
    "       [--ground G] [--department D] [--json]\n"
    "                                matching letters, newest first\n"
    "  decide REF refuse|accept [--ground G]... [--duplicate-of REF2] --comment TEXT\n"
    "                                confirm a refusal held for review (its notice is sent),\n"
    "                                overturn a refusal (registered now, acceptance sent), or\n"
    "                                refuse on ground G (the refusal notice is sent; the\n"
    "                                duplicate ground names the appeal repeated)\n"
    "  close REF --answered DATE [--result STATUS] [--code CODE] --comment TEXT\n"
    "                                the answer on the merits was sent: the appeal is closed\n"
    "  complaint REF --outcome unsatisfied|cancelled|cancelled-new|unlawful [--code CODE]\n"
    "            --comment TEXT\n"
    "                                the head's decision on a complaint; closes it\n"
    "  extend REF --days N --comment TEXT\n"
    "                                a longer term (the applicant is notified)\n"
    "  forward REF --to BODY --comment TEXT\n"
    "                                send the letter to the competent body (59-FZ art. 8\n"
    "                                p.3) and tell the applicant; closes the appeal\n"
    "  reprocess REF [--comment TEXT]\n"
    "                                take back a decision nothing came of yet (a manual\n"
    "                                item, a held refusal): obrd decides the letter again\n"
    "  resend OUTBOX_ID [--to ADDR] [--comment TEXT]\n"
    "                                a failed, undeliverable, suppressed or sent message\n"
    "                                again (a copy with --to)\n"
    "  digest [--date D] [--send] [--json]\n"
    "                                the day's refusals, held refusals and manual letters\n"
    "  replay --rules DIR [--since D] [--json]\n"
    "                                what another rule set would decide differently over\n"
    "                                the stored letters; changes nothing\n"
    "  audit [--ref REF] [--since D] [--until D] [--json]\n"
    "                                every staff action: when, who, what, comment\n"
    "  grant-staff                   give the PostgreSQL role obrd_staff its rights (admin)\n"
    "  purge [--older-than 5y|18m|90d] [--dry-run] [--comment TEXT]\n"
    "                                erase the letters and personal data of finished\n"
    "                                appeals older than that ([retention] keep); the counts\n"
    "                                stay for the reports (admin)\n"
    "  report --month YYYY-MM | --quarter YYYY-Qn [--format html|csv|json] [--out FILE]\n"
    "                                the period's letters counted: registration, grounds,\n"
    "                                terms, outcomes, ССТУ statuses, classifier codes,\n"
    "                                departments (HTML with charts, CSV for Excel, JSON)\n"
    "  parse --json FILE...          print each letter as the parser reads it\n"
    "  check --json [--rules DIR] FILE...\n"
    "                                decide each letter offline; files form one history\n"
    "  symbols [--json]              the rule symbols behind every verdict: ground,\n"
    "                                strength of the evidence, rule, data, meaning\n";

// The symbol registry: one JSON object per line, or aligned columns with a header.
void print_symbols(bool json) {
    if (json) {
        for (const obrd::SymbolInfo& s : obrd::symbol_registry()) {
            nlohmann::json o;
            o["symbol"] = s.name;
            o["ground"] = s.ground ? nlohmann::json(obrd::to_string(*s.ground)) : nlohmann::json();
            o["strength"] = obrd::to_string(s.strength);
            o["rule"] = s.rule;
            o["data"] = s.data;
            o["description"] = s.description;
            std::cout << o.dump() << "\n";
        }
        return;
    }
    std::size_t name_w = 6, ground_w = 6;
    for (const obrd::SymbolInfo& s : obrd::symbol_registry()) {
        name_w = std::max(name_w, s.name.size());
        if (s.ground) ground_w = std::max(ground_w, obrd::to_string(*s.ground).size());
    }
    auto pad = [](std::string_view v, std::size_t w) {
        std::string out(v);
        out.resize(std::max(w, v.size()), ' ');
        return out;
    };
    std::cout << pad("symbol", name_w) << "  " << pad("ground", ground_w)
              << "  strength  meaning\n";
    for (const obrd::SymbolInfo& s : obrd::symbol_registry())
        std::cout << pad(s.name, name_w) << "  "
                  << pad(s.ground ? obrd::to_string(*s.ground) : "-", ground_w) << "  "
                  << pad(obrd::to_string(s.strength), 8) << "  " << s.description << " (" << s.rule
                  << (s.data.empty() ? "" : "; ") << s.data << ")\n";
}

obrd::Config config_from(const std::string& path) {
    // obrctl needs only [database]; still the whole file must be valid, so that what
    // obrctl accepts, obrd accepts too.
    return obrd::load_config(path);
}

int cmd_migrate(const std::string& config_path) {
    obrd::Store store(config_from(config_path).database);
    int applied = store.migrate();
    std::cout << "schema version " << store.schema_version() << " (" << applied
              << " migration(s) applied)\n";
    return 0;
}

// Commands other than migrate never change the schema: they refuse one they do not know.
// They connect as a person when [database] staff_dsn is set.
std::unique_ptr<obrd::Store> reading_store(const std::string& config_path) {
    obrd::DatabaseSettings db = config_from(config_path).database;
    if (!db.staff_dsn.empty()) {
        db.dsn = db.staff_dsn;
        db.password_file.clear();
    }
    auto store = std::make_unique<obrd::Store>(db);
    store->require_known_schema();
    return store;
}

// obrctl purge: as the daemon's database user (an admin's command, like migrate), never a
// staff login.
int cmd_purge(const std::string& config_path, std::vector<std::string> args) {
    const char* usage =
        "usage: obrctl purge [--older-than 5y|18m|90d] [--dry-run] [--comment ТЕКСТ]\n";
    const obrd::Config config = config_from(config_path);
    obrd::Retention keep = config.retention;
    bool dry_run = false;
    std::string comment;
    for (std::size_t k = 0; k < args.size(); ++k) {
        if (args[k] == "--dry-run") {
            dry_run = true;
        } else if ((args[k] == "--older-than" || args[k] == "--comment") && k + 1 < args.size()) {
            const std::string& value = args[++k];
            if (args[k - 1] == "--comment") {
                comment = value;
                continue;
            }
            try {
                keep = obrd::parse_retention(value);
            } catch (const std::invalid_argument&) {
                std::cerr << "obrctl purge: --older-than «" << value
                          << "» — нужно целое число лет, месяцев или дней: 5y, 18m, 90d\n";
                return kExitUsage;
            }
        } else {
            std::cerr << usage;
            return kExitUsage;
        }
    }
    obrd::Store store(config.database);
    store.require_known_schema();
    std::string why = std::string("старше ").append(keep.text());
    if (!comment.empty()) why.append(": ").append(comment);
    const auto n = store.purge(keep.interval(), dry_run, why);
    std::cout << (dry_run ? "Будут удалены" : "Удалены") << " письма и персональные данные "
              << "завершённых обращений старше " << keep.text() << ": писем " << n.letters
              << ", исходящих " << n.outbox << "; не тронуто открытых старше срока: " << n.open_kept
              << (dry_run ? " (--dry-run: ничего не изменено)" : "") << "\n";
    return 0;
}

int cmd_letters(const std::string& config_path, bool json) {
    auto store_ptr = reading_store(config_path);
    obrd::Store& store = *store_ptr;
    obrd::cli::Table table(
        {"письмо", "получено (Сахалин)", "состояние", "решение", "размер", "Message-ID", "тема"});
    for (const auto& l : store.letters()) {
        std::string subject;
        if (auto raw = store.raw_letter(l.id)) subject = obrd::parse_letter(*raw).subject;
        if (json) {
            nlohmann::json j = {{"id", l.id},
                                {"mailbox", l.mailbox},
                                {"uidvalidity", l.uidvalidity},
                                {"uid", l.uid},
                                {"message_id", l.message_id},
                                {"sha256", l.sha256},
                                {"size", l.size},
                                {"received_at", l.received_at},
                                {"status", l.state},
                                {"stored", l.stored},
                                {"decision", l.decision},
                                {"subject", subject}};
            std::cout << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
            continue;
        }
        std::string state = obrd::cli::letter_state_ru(l.state);
        if (l.stored == "oversize") state += " (слишком большое)";
        if (l.stored == "truncated") state += " (обрезано)";
        table.add({std::string(1, '#').append(std::to_string(l.id)),
                   obrd::sakhalin_time(l.received_at), state,
                   obrd::cli::verdict_short_ru(l.decision), std::to_string(l.size), l.message_id,
                   subject});
    }
    if (!json) table.print(std::cout, "Писем нет.");
    return 0;
}

std::string cell(const nlohmann::json& r, const char* key) {
    return obrd::cli::str(r, key);
}

int cmd_appeals(obrd::Store& store, bool json) {
    obrd::cli::Table table(
        {"письмо", "номер", "вид", "решение", "основания", "срок", "отдел", "отправитель", "тема"});
    for (const auto& r : store.list_appeals()) {
        if (json) {
            std::cout << r.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
            continue;
        }
        std::string grounds;
        for (const auto& g : r.value("reasons", nlohmann::json::array()))
            grounds.append(grounds.empty() ? "" : ", ").append(g.get<std::string>());
        const std::string kind = cell(r, "kind");
        table.add({std::string(1, '#').append(cell(r, "letter_id")), cell(r, "registration_number"),
                   kind == "complaint"   ? "жалоба"
                   : kind == "appeal"    ? "обращение"
                   : kind == "staff"     ? "от сотрудника"
                   : kind == "automatic" ? "автоматическое"
                                         : kind,
                   kind == "staff" ? std::string("без ответа")
                                   : obrd::cli::verdict_short_ru(cell(r, "verdict")),
                   grounds, obrd::cli::iso_to_ru_date(cell(r, "deadline")), cell(r, "department"),
                   cell(r, "reply_to"), cell(r, "subject")});
    }
    if (!json) table.print(std::cout, "Решений нет.");
    return 0;
}

int cmd_outbox(obrd::Store& store, bool json) {
    obrd::cli::Table table({"№", "что", "номер", "кому", "состояние", "попыток",
                            "создано (Сахалин)", "отправлено", "тема — ошибка"});
    for (const auto& r : store.list_outbox()) {
        if (json) {
            std::cout << r.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
            continue;
        }
        std::string last = cell(r, "subject");
        if (!cell(r, "last_error").empty()) last.append(" — ").append(cell(r, "last_error"));
        table.add({cell(r, "id"), obrd::cli::purpose_ru(cell(r, "purpose")),
                   cell(r, "registration_number"), cell(r, "recipient"),
                   obrd::cli::outbox_status_ru(cell(r, "status")), cell(r, "attempts"),
                   obrd::sakhalin_time(cell(r, "created_at")),
                   cell(r, "sent_at").empty() ? "" : obrd::sakhalin_time(cell(r, "sent_at")),
                   last});
    }
    if (!json) table.print(std::cout, "Исходящих нет.");
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    std::string config_path = obrd::kDefaultConfigPath;
    std::size_t i = 0;
    for (; i < args.size(); ++i) {
        if ((args[i] == "--config" || args[i] == "-c") && i + 1 < args.size()) {
            config_path = args[++i];
        } else if (args[i].rfind("--config=", 0) == 0) {
            config_path = args[i].substr(9);
        } else if (args[i] == "--help" || args[i] == "-h") {
            std::cout << kUsage;
            return 0;
        } else {
            break;
        }
    }
    if (i >= args.size()) {
        std::cerr << kUsage;
        return kExitUsage;
    }
    const std::string command = args[i++];
    std::vector<std::string> rest(args.begin() + static_cast<long>(i), args.end());
    auto take_flag = [&](const std::string& flag) {
        for (auto it = rest.begin(); it != rest.end(); ++it)
            if (*it == flag) {
                rest.erase(it);
                return true;
            }
        return false;
    };
    try {
        if (command == "migrate") return cmd_migrate(config_path);
        if (command == "letters") return cmd_letters(config_path, take_flag("--json"));
        if (command == "appeals" || command == "outbox") {
            const bool json = take_flag("--json");
            auto store = reading_store(config_path);
            return command == "appeals" ? cmd_appeals(*store, json) : cmd_outbox(*store, json);
        }
        if (command == "queue") {
            auto store = reading_store(config_path);
            std::vector<std::string> departments;
            for (const auto& [name, addresses] : config_from(config_path).departments)
                departments.push_back(name);
            obrd::StaffCommandContext c{*store, std::cout, std::cerr};
            return obrd::run_queue(c, rest, departments);
        }
        if (command == "purge") return cmd_purge(config_path, rest);
        if (command == "report") {
            auto store = reading_store(config_path);
            obrd::StaffCommandContext c{*store, std::cout, std::cerr};
            return obrd::run_report(c, config_from(config_path), rest);
        }
        if (command == "grant-staff") {
            if (!rest.empty()) {
                std::cerr << "usage: obrctl grant-staff\n";
                return kExitUsage;
            }
            obrd::Store store(config_from(config_path).database);
            store.require_known_schema();
            if (!store.grant_staff()) {
                std::cerr << "obrctl: the role obrd_staff does not exist: create it first"
                             " (sudo -u postgres createuser --no-login obrd_staff)\n";
                return kExitDataErr;
            }
            std::cout << "obrd_staff may now run the staff commands\n";
            return 0;
        }
        if (command == "show" || command == "audit" || command == "find" || command == "replay" ||
            command == "reprocess") {
            auto store = reading_store(config_path);
            obrd::StaffCommandContext c{*store, std::cout, std::cerr};
            if (command == "show") {
                const obrd::Calendar calendar =
                    obrd::load_calendar(config_from(config_path).data.calendar_file);
                c.calendar = &calendar;
                return obrd::run_show(c, rest);
            }
            if (command == "audit") return obrd::run_audit(c, rest);
            if (command == "replay") return obrd::run_replay(c, rest);
            if (command == "reprocess") return obrd::run_reprocess(c, rest);
            std::vector<std::string> departments;
            for (const auto& [name, addresses] : config_from(config_path).departments)
                departments.push_back(name);
            for (const auto& q : store->queue_names())
                if (q != "review" && q != "manual") departments.push_back(q);
            return obrd::run_find(c, rest, departments);
        }
        if (command == "decide" || command == "close" || command == "complaint" ||
            command == "extend" || command == "resend" || command == "digest" ||
            command == "forward") {
            auto store = reading_store(config_path);
            obrd::StaffCommandContext c{*store, std::cout, std::cerr};
            // These write mail: they need [smtp] from, [notices], the templates, the calendar.
            const obrd::Config config = config_from(config_path);
            const obrd::DecisionData data = obrd::load_decision_data(config.data);
            c.config = &config;
            c.data = &data;
            if (command == "decide") return obrd::run_decide(c, rest);
            if (command == "close") return obrd::run_close(c, rest);
            if (command == "complaint") return obrd::run_complaint(c, rest);
            if (command == "extend") return obrd::run_extend(c, rest);
            if (command == "resend") return obrd::run_resend(c, rest);
            if (command == "forward") return obrd::run_forward(c, rest);
            return obrd::run_digest(c, rest);
        }
        if (command == "symbols") {
            const bool json = take_flag("--json");
            if (!rest.empty()) {
                std::cerr << "usage: obrctl symbols [--json]\n";
                return kExitUsage;
            }
            print_symbols(json);
            return 0;
        }
        if (command == "parse") {
            if (!take_flag("--json") || rest.empty()) {
                std::cerr << "usage: obrctl parse --json FILE...\n";
                return kExitUsage;
            }
            return obrd::run_parse_command(rest, std::cout, std::cerr);
        }
        if (command == "check") {
            std::string rules_dir = (obrd::default_data_dir() / "rules").string();
            for (auto it = rest.begin(); it != rest.end(); ++it)
                if (*it == "--rules" && it + 1 != rest.end()) {
                    rules_dir = *(it + 1);
                    rest.erase(it, it + 2);
                    break;
                }
            if (!take_flag("--json") || rest.empty()) {
                std::cerr << "usage: obrctl check --json [--rules DIR] FILE...\n";
                return kExitUsage;
            }
            return obrd::run_check_command(rest, rules_dir, std::cout, std::cerr);
        }
        std::cerr << "obrctl: unknown command '" << command << "'\n" << kUsage;
        return kExitUsage;
    } catch (const obrd::ConfigError& e) {
        std::cerr << "obrctl: configuration error: " << e.what() << "\n";
        return obrd::kExitConfig;
    } catch (const obrd::StoreError& e) {
        std::cerr << "obrctl: " << e.what() << "\n";
        return e.connection_lost() ? obrd::kExitTempFail : kExitDataErr;
    }
}
