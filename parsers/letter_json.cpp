// letter_json.cpp: the JSON mapping of letter_json.hpp. Keys follow verdicts.md (in
// nlohmann::json's sorted order); "date" is null when the letter has no readable date.
#include "parsers/letter_json.hpp"

namespace obrd {

namespace {

nlohmann::json address_json(const Address& a) {
    nlohmann::json j;
    j["name"] = a.name;
    j["address"] = a.address;
    return j;
}

nlohmann::json address_list_json(const std::vector<Address>& list) {
    nlohmann::json j = nlohmann::json::array();
    for (const Address& a : list) j.push_back(address_json(a));
    return j;
}

}  // namespace

nlohmann::json letter_to_json(const Letter& letter) {
    nlohmann::json j;
    j["message_id"] = letter.message_id;
    j["date"] = letter.date ? nlohmann::json(*letter.date) : nlohmann::json(nullptr);
    j["from"] = address_json(letter.from);
    j["reply_to"] = address_list_json(letter.reply_to);
    j["to"] = address_list_json(letter.to);
    j["cc"] = address_list_json(letter.cc);
    j["subject"] = letter.subject;
    j["text"] = letter.text;
    j["html"] = letter.html;
    j["charset"] = letter.charset;
    nlohmann::json attachments = nlohmann::json::array();
    for (const Attachment& a : letter.attachments) {
        nlohmann::json item;
        item["filename"] = a.filename;
        item["content_type"] = a.content_type;
        item["size"] = a.size;
        item["sha256"] = a.sha256;
        attachments.push_back(std::move(item));
    }
    j["attachments"] = std::move(attachments);
    j["auto_submitted"] = letter.auto_submitted;
    j["defects"] = letter.defects;
    return j;
}

}  // namespace obrd
