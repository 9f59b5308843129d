// render.cpp: a Report as HTML (with inline SVG charts), CSV and JSON (report.hpp).
//
// The HTML is written as well-formed XML (every element closed, every value escaped), so
// that any XML parser can check it; it needs no script, font or image from anywhere.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "reports/report.hpp"

namespace obrd {

namespace {

// The colours the charts are drawn in; tests/integration/check_report.py looks for them in
// the rendered page.
constexpr const char* kBarColour = "#2f6db5";
constexpr const char* kLineColours[] = {"#c0392b", "#2f6db5"};

std::string escape_xml(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char ch : s) {
        switch (ch) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                // Control characters other than tab and newline are not allowed in XML 1.0.
                if (static_cast<unsigned char>(ch) < 0x20 && ch != '\t' && ch != '\n')
                    out += ' ';
                else
                    out += ch;
        }
    }
    return out;
}

// A value with the table's decimals and a decimal comma, as Russian readers expect.
std::string number(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    std::string s = buf;
    std::replace(s.begin(), s.end(), '.', ',');
    return s;
}

std::string ru(Date d) {
    const std::string iso = iso_date(d);
    return iso.substr(8, 2) + "." + iso.substr(5, 2) + "." + iso.substr(0, 4);
}

std::string fmt(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

// Horizontal bars, one per line: its label above, the bar and the value below.
std::string bar_chart(const ReportTable& t) {
    double max = 0;
    for (const auto& l : t.lines) max = std::max(max, l.values[t.chart_column]);
    if (max <= 0) return "<p class=\"nodata\">Нет данных для диаграммы.</p>\n";
    const double width = 640, bar_area = 560, step = 34;
    const double height = step * static_cast<double>(t.lines.size()) + 4;
    std::ostringstream o;
    o << "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"" << fmt(width)
      << "\" height=\"" << fmt(height) << "\" viewBox=\"0 0 " << fmt(width) << " " << fmt(height)
      << "\" role=\"img\" aria-label=\"" << escape_xml(t.title) << "\">\n";
    double y = 0;
    for (const auto& l : t.lines) {
        const double v = l.values[t.chart_column];
        const double w = v / max * bar_area;
        o << "<text x=\"0\" y=\"" << fmt(y + 12) << "\" class=\"label\">" << escape_xml(l.label)
          << "</text>\n";
        if (w > 0)
            o << "<rect x=\"0\" y=\"" << fmt(y + 16) << "\" width=\"" << fmt(std::max(w, 2.0))
              << "\" height=\"14\" fill=\"" << kBarColour << "\"/>\n";
        o << "<text x=\"" << fmt(std::max(w, 2.0) + 6) << "\" y=\"" << fmt(y + 27)
          << "\" class=\"value\">" << number(v, t.decimals) << "</text>\n";
        y += step;
    }
    o << "</svg>\n";
    return o.str();
}

// One line per value column over the table's lines (days), with a legend.
std::string line_chart(const ReportTable& t) {
    double max = 0;
    for (const auto& l : t.lines)
        for (double v : l.values) max = std::max(max, v);
    if (max <= 0 || t.lines.empty()) return "<p class=\"nodata\">Нет данных для диаграммы.</p>\n";
    const double width = 640, height = 240, left = 36, right = 10, top = 24, bottom = 28;
    const double plot_w = width - left - right, plot_h = height - top - bottom;
    const std::size_t n = t.lines.size();
    auto x_of = [&](std::size_t i) {
        return left + (n == 1 ? plot_w / 2 : plot_w * static_cast<double>(i) / double(n - 1));
    };
    auto y_of = [&](double v) { return top + plot_h - v / max * plot_h; };
    std::ostringstream o;
    o << "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"" << fmt(width)
      << "\" height=\"" << fmt(height) << "\" viewBox=\"0 0 " << fmt(width) << " " << fmt(height)
      << "\" role=\"img\" aria-label=\"" << escape_xml(t.title) << "\">\n";
    o << "<line x1=\"" << fmt(left) << "\" y1=\"" << fmt(top + plot_h) << "\" x2=\""
      << fmt(width - right) << "\" y2=\"" << fmt(top + plot_h) << "\" class=\"axis\"/>\n";
    o << "<line x1=\"" << fmt(left) << "\" y1=\"" << fmt(top) << "\" x2=\"" << fmt(left)
      << "\" y2=\"" << fmt(top + plot_h) << "\" class=\"axis\"/>\n";
    o << "<text x=\"" << fmt(left - 4) << "\" y=\"" << fmt(top + 4) << "\" class=\"tick\""
      << " text-anchor=\"end\">" << number(max, t.decimals) << "</text>\n";
    o << "<text x=\"" << fmt(left - 4) << "\" y=\"" << fmt(top + plot_h) << "\" class=\"tick\""
      << " text-anchor=\"end\">0</text>\n";
    const std::size_t every = std::max<std::size_t>(1, (n + 9) / 10);
    for (std::size_t i = 0; i < n; i += every)
        o << "<text x=\"" << fmt(x_of(i)) << "\" y=\"" << fmt(height - 8) << "\" class=\"tick\""
          << " text-anchor=\"middle\">" << escape_xml(t.lines[i].label) << "</text>\n";
    for (std::size_t c = 0; c < t.columns.size() && c < 2; ++c) {
        o << "<polyline fill=\"none\" stroke=\"" << kLineColours[c] << "\" stroke-width=\"2.5\""
          << " points=\"";
        for (std::size_t i = 0; i < n; ++i)
            o << (i ? " " : "") << fmt(x_of(i)) << "," << fmt(y_of(t.lines[i].values[c]));
        o << "\"/>\n";
        o << "<rect x=\"" << fmt(left + 10 + 220 * double(c)) << "\" y=\"4\" width=\"14\""
          << " height=\"4\" fill=\"" << kLineColours[c] << "\"/>\n";
        o << "<text x=\"" << fmt(left + 30 + 220 * double(c)) << "\" y=\"10\" class=\"label\">"
          << escape_xml(t.columns[c]) << "</text>\n";
    }
    o << "</svg>\n";
    return o.str();
}

const char* kStyle = R"(
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 10.5pt;
       color: #111; margin: 24px auto; max-width: 760px; }
header { border-bottom: 2px solid #2f6db5; margin-bottom: 12px; }
.ministry { font-size: 10pt; margin: 0; }
h1 { font-size: 15pt; margin: 4px 0; }
.meta { color: #444; font-size: 9pt; margin: 2px 0 8px; }
h2 { font-size: 12pt; margin: 16px 0 6px; }
table { border-collapse: collapse; width: 100%; margin: 4px 0; }
th, td { border: 1px solid #999; padding: 2px 6px; vertical-align: top; }
th { background: #eef2f8; font-weight: bold; text-align: left; }
td.n { text-align: right; white-space: nowrap; }
.note { color: #444; font-size: 9pt; margin: 2px 0; }
.nodata { color: #666; font-style: italic; }
svg.chart { display: block; margin: 4px 0 6px; }
svg .label { font-size: 11px; fill: #222; }
svg .value, svg .tick { font-size: 10px; fill: #333; }
svg .axis { stroke: #777; stroke-width: 1; }
@page { size: A4 portrait; margin: 15mm 12mm; }
@media print {
  body { margin: 0; max-width: none; }
  section { break-inside: avoid; page-break-inside: avoid; }
  h2 { break-after: avoid; }
}
)";

}  // namespace

std::string render_html(const Report& r) {
    std::ostringstream o;
    o << "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"ru\">\n<head>\n"
      << "<meta charset=\"utf-8\"/>\n<title>" << escape_xml(r.title) << " — "
      << escape_xml(r.ministry) << "</title>\n<style>" << kStyle << "</style>\n</head>\n<body>\n"
      << "<header>\n<p class=\"ministry\">" << escape_xml(r.ministry) << "</p>\n<h1>"
      << escape_xml(r.title) << "</h1>\n<p class=\"meta\">Период: " << ru(r.period.first) << " — "
      << ru(r.period.last) << " (по дате поступления письма, время сахалинское). Сформирован: "
      << escape_xml(r.generated) << ". Классификатор: " << escape_xml(r.classifier_version)
      << ".</p>\n</header>\n";
    for (const auto& t : r.tables) {
        o << "<section id=\"" << escape_xml(t.id) << "\">\n<h2>" << escape_xml(t.title)
          << "</h2>\n";
        if (t.chart == ReportTable::Chart::bars) o << bar_chart(t);
        if (t.chart == ReportTable::Chart::line) o << line_chart(t);
        o << "<table>\n<thead><tr><th>" << escape_xml(t.label_header) << "</th>";
        for (const auto& c : t.columns) o << "<th>" << escape_xml(c) << "</th>";
        o << "</tr></thead>\n<tbody>\n";
        for (const auto& l : t.lines) {
            o << "<tr><td>" << escape_xml(l.label) << "</td>";
            for (double v : l.values) o << "<td class=\"n\">" << number(v, t.decimals) << "</td>";
            o << "</tr>\n";
        }
        o << "</tbody>\n</table>\n";
        if (!t.note.empty()) o << "<p class=\"note\">" << escape_xml(t.note) << "</p>\n";
        o << "</section>\n";
    }
    o << "</body>\n</html>\n";
    return o.str();
}

namespace {

// One CSV field: quoted when it holds the separator, a quote or a line break; a text that
// Excel would take for a formula (= + - @ first) gets an apostrophe's worth of safety: a
// leading space.
std::string csv_field(std::string_view s) {
    // Built by appending: GCC 12 at -O3 reports a false -Wrestrict for insert(0, " ").
    std::string v;
    if (!s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@')) v += ' ';
    v.append(s);
    if (v.find_first_of(";\"\r\n") == std::string::npos) return v;
    std::string out = "\"";
    for (char ch : v) {
        if (ch == '"') out += '"';
        out += ch;
    }
    out += '"';
    return out;
}

void csv_row(std::string& out, const std::vector<std::string>& fields) {
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i) out += ';';
        out += csv_field(fields[i]);
    }
    out += "\r\n";
}

}  // namespace

std::string render_csv(const Report& r) {
    std::string out = "\xEF\xBB\xBF";
    csv_row(out, {r.title});
    csv_row(out, {r.ministry});
    csv_row(out, {"Период", ru(r.period.first), ru(r.period.last)});
    csv_row(out, {"Сформирован", r.generated});
    csv_row(out, {"Классификатор", r.classifier_version});
    for (const auto& t : r.tables) {
        out += "\r\n";
        csv_row(out, {t.title});
        std::vector<std::string> header = {t.label_header.empty() ? "показатель" : t.label_header};
        header.insert(header.end(), t.columns.begin(), t.columns.end());
        csv_row(out, header);
        for (const auto& l : t.lines) {
            std::vector<std::string> row = {l.label};
            for (double v : l.values) row.push_back(number(v, t.decimals));
            csv_row(out, row);
        }
    }
    return out;
}

std::string render_json(const Report& r) {
    nlohmann::json j;
    j["ministry"] = r.ministry;
    j["title"] = r.title;
    j["period"] = {{"id", r.period.id},
                   {"label", r.period.label},
                   {"first", iso_date(r.period.first)},
                   {"last", iso_date(r.period.last)}};
    j["generated"] = r.generated;
    j["classifier_version"] = r.classifier_version;
    j["tables"] = nlohmann::json::array();
    for (const auto& t : r.tables) {
        nlohmann::json jt = {{"id", t.id},           {"title", t.title},
                             {"note", t.note},       {"label_header", t.label_header},
                             {"columns", t.columns}, {"lines", nlohmann::json::array()}};
        for (const auto& l : t.lines) {
            nlohmann::json values = nlohmann::json::array();
            for (double v : l.values)
                if (t.decimals == 0)
                    values.push_back(static_cast<std::int64_t>(std::llround(v)));
                else
                    values.push_back(v);
            jt["lines"].push_back({{"key", l.key}, {"label", l.label}, {"values", values}});
        }
        j["tables"].push_back(std::move(jt));
    }
    return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace obrd
