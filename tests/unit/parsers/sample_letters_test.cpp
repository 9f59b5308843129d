// sample_letters_test.cpp: the 60 sample letters of shared/corpus/letters against their
// manifest: decoded subject, reply address, charset and every sender field the manifest
// lists (and no sender field it does not list, phone aside: the manifest never lists it).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "parsers/parse.hpp"

namespace {

const std::string kLetters = std::string(OBRD_SHARED_DIR) + "/corpus/letters";

std::string read_all(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

std::vector<nlohmann::json> manifest() {
    std::vector<nlohmann::json> out;
    std::ifstream in(kLetters + "/manifest.jsonl");
    std::string line;
    while (std::getline(in, line))
        if (!line.empty()) out.push_back(nlohmann::json::parse(line));
    return out;
}

std::string sender_field(const obrd::SenderDetails& s, const std::string& key) {
    const std::optional<std::string>* field = nullptr;
    if (key == "last_name") field = &s.last_name;
    if (key == "first_name") field = &s.first_name;
    if (key == "patronymic") field = &s.patronymic;
    if (key == "organization") field = &s.organization;
    if (key == "inn") field = &s.inn;
    if (key == "ogrn") field = &s.ogrn;
    if (key == "email") field = &s.email;
    if (key == "postal_address") field = &s.postal_address;
    if (!field || !*field) return "(absent)";
    return **field;
}

TEST(SampleLetters, MatchTheManifest) {
    const auto letters = manifest();
    ASSERT_EQ(letters.size(), 60u) << "manifest not found under " << kLetters;
    int mismatches = 0;
    for (const auto& m : letters) {
        const std::string file = m["file"];
        SCOPED_TRACE(file);
        const std::string raw = read_all(kLetters + "/" + file);
        ASSERT_FALSE(raw.empty());
        const obrd::Letter letter = obrd::parse_letter(raw);
        auto expect = [&](const std::string& what, const std::string& want,
                          const std::string& got) {
            EXPECT_EQ(want, got) << what;
            if (want != got) ++mismatches;
        };
        expect("subject", m["subject"], letter.subject);
        expect("charset", m["charset"], letter.charset);
        const std::string reply = m["reply_to"].is_null() ? "" : m["reply_to"].get<std::string>();
        // Automatic letters get no answer, but the parser still names where one would go.
        if (m["kind"] != "automatic") expect("reply address", reply, letter.reply_address);
        const auto& sender = m["sender"];
        for (const char* key : {"last_name", "first_name", "patronymic", "organization", "inn",
                                "ogrn", "email", "postal_address"}) {
            const std::string want =
                sender.contains(key) ? sender[key].get<std::string>() : "(absent)";
            expect(std::string("sender.") + key, want, sender_field(letter.sender, key));
        }
        expect("auto_submitted", m["kind"] == "automatic" ? "true" : "false",
               letter.auto_submitted ? "true" : "false");
    }
    EXPECT_EQ(mismatches, 0);
}

}  // namespace
