// decision_data.hpp: the data files decisions need -- rule lists, notice templates and the
// working-day calendar -- read as one set.
//
// Promises: load_decision_data() reads and checks every file before returning, so a set
// is either whole or not at all; at start-up and on SIGHUP a bad file leaves the set in
// force unchanged. Errors are ConfigErrors naming the [data] setting and file:line.
#pragma once

#include "daemon/config.hpp"
#include "notices/calendar.hpp"
#include "notices/templates.hpp"
#include "rules/rule_data.hpp"

namespace obrd {

struct DecisionData {
    RuleData rules;
    NoticeTemplates templates;
    Calendar calendar;
};

DecisionData load_decision_data(const DataSettings& data);

}  // namespace obrd
