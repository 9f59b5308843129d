// obrctl_report.cpp: obrctl report (obrctl_report.hpp).
#include "daemon/cmd/obrctl_report.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "daemon/notice_files.hpp"
#include "notices/calendar.hpp"
#include "reports/report.hpp"

namespace obrd {

namespace {

constexpr int kExitUsage = 64;

std::optional<Date> date_field(const nlohmann::json& r, const char* key) {
    const auto it = r.find(key);
    if (it == r.end() || !it->is_string()) return std::nullopt;
    return parse_iso_date(it->get<std::string>());
}

std::string text_field(const nlohmann::json& r, const char* key) {
    const auto it = r.find(key);
    return it != r.end() && it->is_string() ? it->get<std::string>() : std::string();
}

ReportRow row_of(const nlohmann::json& r) {
    ReportRow row;
    row.letter_id = r.value("letter_id", std::int64_t{0});
    row.received_at = r.value("received_at", std::int64_t{0});
    row.decided = r.value("decided", false);
    row.kind = text_field(r, "kind");
    row.verdict = text_field(r, "verdict");
    if (r.contains("reasons") && r["reasons"].is_array())
        for (const auto& g : r["reasons"]) row.reasons.push_back(g.get<std::string>());
    row.channel = text_field(r, "channel");
    row.mass_mailing = r.contains("mass_mailing") && r["mass_mailing"].is_boolean() &&
                       r["mass_mailing"].get<bool>();
    if (r.contains("registered_at") && r["registered_at"].is_number())
        row.registered_at = r["registered_at"].get<std::int64_t>();
    row.deadline = date_field(r, "deadline");
    row.answered_on = date_field(r, "answered_on");
    row.closed_on = date_field(r, "closed_on");
    row.result = text_field(r, "result");
    row.complaint_outcome = text_field(r, "complaint_outcome");
    row.department = text_field(r, "department");
    row.classifier_code = text_field(r, "classifier_code");
    return row;
}

// Writes `text` to `path` through a temporary file beside it, so that a reader never sees
// half a report.
bool write_whole(const std::filesystem::path& path, const std::string& text, std::string& error) {
    const std::filesystem::path tmp = path.string() + ".tmp" + std::to_string(::getpid());
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out || !out.write(text.data(), static_cast<std::streamsize>(text.size())) ||
            !out.flush()) {
            error = std::strerror(errno);
            std::error_code ignored;
            std::filesystem::remove(tmp, ignored);
            return false;
        }
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) {
        error = ec.message();
        std::filesystem::remove(tmp, ec);
        return false;
    }
    return true;
}

}  // namespace

int run_report(StaffCommandContext& c, const Config& config, const std::vector<std::string>& args) {
    const char* usage =
        "usage: obrctl report --month ГГГГ-ММ | --quarter ГГГГ-Qn [--format html|csv|json]"
        " [--out ФАЙЛ]\n";
    std::optional<ReportPeriod> period;
    std::string format = "html", out_path;
    for (std::size_t k = 0; k < args.size(); ++k) {
        const std::string& a = args[k];
        if (k + 1 >= args.size() ||
            (a != "--month" && a != "--quarter" && a != "--format" && a != "--out")) {
            c.err << usage;
            return kExitUsage;
        }
        const std::string& v = args[++k];
        if (a == "--month" || a == "--quarter") {
            if (period) {
                c.err << "obrctl report: нужен один период: --month или --quarter\n" << usage;
                return kExitUsage;
            }
            period = a == "--month" ? month_period(v) : quarter_period(v);
            if (!period) {
                c.err << "obrctl report: " << a << " «" << v << "» — нужно "
                      << (a == "--month" ? "ГГГГ-ММ, например 2026-11"
                                         : "ГГГГ-Qn, например 2026-Q4")
                      << "\n";
                return kExitUsage;
            }
        } else if (a == "--format") {
            if (v != "html" && v != "csv" && v != "json") {
                c.err << "obrctl report: --format «" << v << "» — есть html, csv, json\n";
                return kExitUsage;
            }
            format = v;
        } else {
            out_path = v;
        }
    }
    if (!period) {
        c.err << usage;
        return kExitUsage;
    }
    const Classifier classifier = [&] {
        try {
            return load_classifier(config.data.classifier_file);
        } catch (const NoticeFilesError& e) {
            throw ConfigError("data", "classifier_file", e.what());
        }
    }();
    std::vector<ReportRow> rows;
    for (const auto& r : c.store.report_rows(iso_date(period->first), iso_date(period->last)))
        rows.push_back(row_of(r));
    const auto now = cli::now_seconds();
    const auto day = std::chrono::floor<std::chrono::days>(now);
    const std::chrono::hh_mm_ss hms{now - day};
    char utc[32];
    std::snprintf(utc, sizeof utc, "%sT%02d:%02d:%02dZ", iso_date(Date{day}).c_str(),
                  int(hms.hours().count()), int(hms.minutes().count()), int(hms.seconds().count()));
    const std::string generated = sakhalin_time(utc) + " (Сахалин)";
    const Report report = build_report(rows, *period, classifier, cli::sakhalin_today(now),
                                       config.notices.from_name, generated);
    const std::string text = format == "html"  ? render_html(report)
                             : format == "csv" ? render_csv(report)
                                               : render_json(report);
    if (out_path.empty()) {
        c.out << text;
        return 0;
    }
    std::string error;
    if (!write_whole(out_path, text, error)) {
        c.err << "obrctl report: " << out_path << ": не удалось записать: " << error << "\n";
        return 1;
    }
    c.out << "Отчёт за " << period->label << " записан в " << out_path << " (" << format << ", "
          << rows.size() << " писем)\n";
    return 0;
}

}  // namespace obrd
