// listings.hpp: what obrctl shows staff: decisions, the outbox and the queues, each row
// as one JSON object (the same fields in the table form and in --json).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "daemon/store.hpp"

namespace obrd {

std::vector<nlohmann::json> list_appeals(Store& store);
std::vector<nlohmann::json> list_outbox(Store& store);
// Open items of one queue (a department, "review" or "manual"); all queues when empty.
std::vector<nlohmann::json> list_queue(Store& store, const std::string& queue);

}  // namespace obrd
