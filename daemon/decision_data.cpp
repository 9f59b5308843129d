// decision_data.cpp: see decision_data.hpp.
#include "daemon/decision_data.hpp"

#include "daemon/notice_files.hpp"
#include "daemon/rule_files.hpp"

namespace obrd {

DecisionData load_decision_data(const DataSettings& data) {
    DecisionData d;
    try {
        d.rules = load_rule_data(data.rules_dir);
    } catch (const std::exception& e) {
        throw ConfigError("data", "rules_dir", e.what());
    }
    try {
        d.templates = load_notice_templates(data.templates_dir);
    } catch (const std::exception& e) {
        throw ConfigError("data", "templates_dir", e.what());
    }
    try {
        d.calendar = load_calendar(data.calendar_file);
    } catch (const std::exception& e) {
        throw ConfigError("data", "calendar_file", e.what());
    }
    return d;
}

}  // namespace obrd
