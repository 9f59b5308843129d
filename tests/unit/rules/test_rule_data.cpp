// test_rule_data.cpp: parsing of the data files: formats, file:line errors, settings.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "daemon/rule_files.hpp"
#include "rules/rule_data.hpp"
#include "tests/unit/rules/rules_test_util.hpp"

using namespace obrd;

namespace {

std::vector<RuleFile> default_files() {
    std::vector<RuleFile> files;
    for (const auto& name : RuleData::file_names()) {
        std::ifstream in(std::filesystem::path(OBRD_RULES_DATA_DIR) / name);
        std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        files.push_back({name, content});
    }
    return files;
}

std::vector<RuleFile> with(const std::string& name, const std::string& content) {
    auto files = default_files();
    for (auto& f : files)
        if (f.name == name) f.content = content;
    return files;
}

}  // namespace

TEST(RuleData, DefaultDataLoads) {
    const auto r = RuleData::from_texts(default_files());
    ASSERT_TRUE(r.errors.empty()) << r.errors.front();
    ASSERT_TRUE(r.data);
    EXPECT_EQ(r.data->settings.department_complaint, "head");
    EXPECT_EQ(r.data->settings.policy.of(Reason::obscene), Action::refuse);
}

TEST(RuleData, ErrorsNameFileAndLine) {
    const auto r = RuleData::from_texts(with("obscene_roots.txt", "# roots\nхуй\nпи зд\nбл@\n"));
    EXPECT_FALSE(r.data);
    ASSERT_EQ(r.errors.size(), 2u);
    EXPECT_EQ(r.errors[0].rfind("obscene_roots.txt:3: ", 0), 0u) << r.errors[0];
    EXPECT_EQ(r.errors[1].rfind("obscene_roots.txt:4: ", 0), 0u) << r.errors[1];
}

TEST(RuleData, SettingsAreValidated) {
    const auto r = RuleData::from_texts(
        with("settings.txt",
             "policy.obscene = review\npolicy.nonsense = refuse\nduplicate.jaccard = 2\n"
             "department.appeal = control\nunknown.key = 1\npolicy.threat = maybe\n"));
    EXPECT_FALSE(r.data);
    ASSERT_EQ(r.errors.size(), 4u);
    EXPECT_NE(r.errors[0].find("settings.txt:2:"), std::string::npos);
    EXPECT_NE(r.errors[1].find("settings.txt:3:"), std::string::npos);
    EXPECT_NE(r.errors[2].find("settings.txt:5:"), std::string::npos);
    EXPECT_NE(r.errors[3].find("settings.txt:6:"), std::string::npos);
}

TEST(RuleData, OffTopicForwardSetting) {
    auto r = RuleData::from_texts(with("settings.txt", "off_topic.forward = staff\n"));
    ASSERT_TRUE(r.data);
    EXPECT_FALSE(r.data->settings.off_topic_auto_forward);
    r = RuleData::from_texts(with("settings.txt", "off_topic.forward = auto\n"));
    ASSERT_TRUE(r.data);
    EXPECT_TRUE(r.data->settings.off_topic_auto_forward);
    r = RuleData::from_texts(with("settings.txt", "off_topic.forward = always\n"));
    ASSERT_FALSE(r.data);
    EXPECT_NE(r.errors.at(0).find("auto or staff expected"), std::string::npos) << r.errors[0];
}

TEST(RuleData, MassMailingSettingAndSection) {
    auto r = RuleData::from_texts(with("settings.txt", "notice.mass_mailing = refusal\n"));
    ASSERT_TRUE(r.data);
    EXPECT_TRUE(r.data->settings.mass_mailing_notice);
    r = RuleData::from_texts(with("settings.txt", "notice.mass_mailing = sometimes\n"));
    ASSERT_FALSE(r.data);
    EXPECT_NE(r.errors.at(0).find("settings.txt:1:"), std::string::npos) << r.errors[0];
    r = RuleData::from_texts(with("off_topic.txt",
                                  "[ministry]\nпоставщик\n[mailing: реклама | "
                                  "Кто-то]\nскидк\n"));
    ASSERT_FALSE(r.data);
    EXPECT_NE(r.errors.at(0).find("no competent body"), std::string::npos) << r.errors[0];
    ASSERT_TRUE(RuleData::from_texts(with("off_topic.txt",
                                          "[ministry]\nпоставщик\n[mailing: "
                                          "реклама]\nскидк\n"))
                    .data);
}

TEST(RuleData, PolicyIsRead) {
    auto r = RuleData::from_texts(with("settings.txt", "policy.off_topic = review\n"));
    ASSERT_TRUE(r.data);
    EXPECT_EQ(r.data->settings.policy.of(Reason::off_topic), Action::review);
}

TEST(RuleData, MissingFileAndUnknownSection) {
    auto files = with("text_markers.txt", "[quote]\nотправлено=\n[sig]\nс уважением\n");
    files.erase(files.begin());  // settings.txt
    const auto r = RuleData::from_texts(files);
    EXPECT_FALSE(r.data);
    bool missing = false, section = false;
    for (const auto& e : r.errors) {
        missing |= e == "settings.txt: missing";
        section |= e.rfind("text_markers.txt:3: unknown section", 0) == 0;
    }
    EXPECT_TRUE(missing);
    EXPECT_TRUE(section);
}

TEST(RuleData, LoaderThrowsWithPath) {
    const auto dir = std::filesystem::temp_directory_path() / "obrd_rules_test_data";
    std::filesystem::create_directories(dir);
    for (const auto& f : default_files()) std::ofstream(dir / f.name) << f.content;
    std::ofstream(dir / "lookalikes.txt") << "x х\nxx х\n";
    try {
        load_rule_data(dir);
        FAIL() << "no error";
    } catch (const RuleFilesError& e) {
        EXPECT_NE(std::string(e.what()).find("lookalikes.txt:2:"), std::string::npos) << e.what();
    }
    std::filesystem::remove_all(dir);
}

TEST(RuleData, PhraseMatchingAllowsSmallGapsAndGroups) {
    const auto& d = test::data();
    (void)d;
    Phrase p;
    p.groups = {{Term{U"живым", false, {}}, Term{U"не", true, {}}, Term{U"выйд", false, {}}}};
    const std::string s = "живым оттуда не выйдет";
    const auto ws = rtext::words(s);
    std::vector<const rtext::Word*> ptrs;
    for (const auto& w : ws) ptrs.push_back(&w);
    auto m = match_phrase(p, ptrs);
    ASSERT_TRUE(m);
    EXPECT_EQ(m->first, 0u);
    EXPECT_EQ(m->last, 3u);
}
