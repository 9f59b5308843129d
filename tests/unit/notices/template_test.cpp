// template_test.cpp: the template language (sections, lists, standalone lines, errors with
// file:line) and the real template folder (every reason code and complaint item has its
// paragraph; a bad or missing file is reported with its name).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include <unistd.h>

#include "daemon/notice_files.hpp"
#include "notices/templates.hpp"

namespace obrd {
namespace {

const Schema kSchema{{"name", "flag"}, {{"items", Schema{{"text"}, {}}}}};

std::string error_of(std::string_view text, const Schema& schema = kSchema) {
    try {
        Template::parse("t.txt", text, schema);
    } catch (const TemplateError& e) {
        return e.what();
    }
    return "";
}

TEST(Template, ValuesSectionsLists) {
    const auto t = Template::parse("t.txt",
                                   "Hello, {{name}}!\n"
                                   "{{#flag}}\n"
                                   "flag on\n"
                                   "{{/flag}}\n"
                                   "{{^flag}}flag off{{/flag}}\n"
                                   "{{#items}}\n"
                                   "- {{text}} ({{name}})\n"
                                   "{{/items}}\n"
                                   "{{^items}}none{{/items}}\n"
                                   "{{! a comment }}\n"
                                   "end",
                                   kSchema);
    Values v;
    v.set("name", "Ирина");
    v.set_flag("flag", true);
    for (const char* s : {"a", "b"}) {
        Values item;
        item.set("text", s);
        v.lists["items"].push_back(item);
    }
    EXPECT_EQ(t.render(v), "Hello, Ирина!\nflag on\n\n- a (Ирина)\n- b (Ирина)\n\nend");
    Values empty;
    EXPECT_EQ(t.render(empty), "Hello, !\nflag off\nnone\nend");
}

TEST(Template, ErrorsNameFileAndLine) {
    EXPECT_NE(error_of("a\n{{nmae}}\n").find("t.txt:2: unknown placeholder {{nmae}}"),
              std::string::npos);
    EXPECT_NE(error_of("a\n\n{{#flag}}\nx\n").find("t.txt:3: {{#flag}} is never closed"),
              std::string::npos);
    EXPECT_NE(error_of("{{#flag}}x{{/name}}").find("t.txt:1: {{/name}} closes no open section"),
              std::string::npos);
    EXPECT_NE(error_of("x\n{{name\n").find("t.txt:2: \"{{\" without \"}}\""), std::string::npos);
    EXPECT_NE(error_of("{{items}}").find("t.txt:1: {{items}} is a list"), std::string::npos);
    EXPECT_NE(error_of("{{Name!}}").find("is not a placeholder name"), std::string::npos);
    // Item names are visible only inside their list.
    EXPECT_NE(error_of("{{text}}").find("unknown placeholder {{text}}"), std::string::npos);
    EXPECT_EQ(error_of("{{#items}}{{text}}{{/items}}"), "");
    // Every error is reported, not only the first.
    const auto all = error_of("{{a1}}\n{{b2}}\n");
    EXPECT_NE(all.find("t.txt:1:"), std::string::npos);
    EXPECT_NE(all.find("t.txt:2:"), std::string::npos);
}

std::map<std::string, std::string> real_files() {
    std::map<std::string, std::string> files;
    for (const auto& name : NoticeTemplates::file_names()) {
        std::ifstream in(std::string(OBRD_NOTICES_DIR "/templates/") + name, std::ios::binary);
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        files[name] = text;
    }
    return files;
}

TEST(NoticeTemplates, RealFolderLoads) {
    EXPECT_NO_THROW(load_notice_templates(OBRD_NOTICES_DIR "/templates"));
}

TEST(NoticeTemplates, EveryReasonCodeHasItsParagraph) {
    const auto t = load_notice_templates(OBRD_NOTICES_DIR "/templates");
    Values v;
    v.set("competent_body", "Государственная жилищная инспекция Сахалинской области");
    std::set<std::string> seen;
    for (std::size_t i = 0; i < kReasonCount; ++i) {
        const auto r = static_cast<Reason>(i);
        const std::string text = tidy_text(t.reason(r).render(v));
        EXPECT_GT(text.size(), 100u) << to_string(r);
        EXPECT_TRUE(seen.insert(text).second) << to_string(r) << " repeats another paragraph";
    }
    for (std::size_t i = 0; i < kComplaintItemCount; ++i) {
        const auto item = static_cast<ComplaintItem>(i);
        EXPECT_GT(tidy_text(t.item(item).render(v)).size(), 20u) << to_string(item);
    }
}

TEST(NoticeTemplates, AbuseGroundsSayAbuseOfRightIsInadmissible) {
    const auto t = load_notice_templates(OBRD_NOTICES_DIR "/templates");
    for (Reason r : {Reason::obscene, Reason::offensive, Reason::threat})
        EXPECT_NE(t.reason(r).render({}).find("о недопустимости злоупотребления правом"),
                  std::string::npos)
            << to_string(r);
}

TEST(NoticeTemplates, MissingAndUnknownFiles) {
    auto files = real_files();
    files.erase("reasons/obscene.txt");
    files["reasons/obscen.txt"] = "x";
    try {
        NoticeTemplates::from_texts(files);
        FAIL() << "no error";
    } catch (const TemplateError& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("reasons/obscene.txt: missing"), std::string::npos) << m;
        EXPECT_NE(m.find("reasons/obscen.txt: not a notice template"), std::string::npos) << m;
    }
}

TEST(NoticeTemplates, SubjectLineRequired) {
    auto files = real_files();
    files["card.txt"] = "{{! comment }}\nno subject here\n";
    try {
        NoticeTemplates::from_texts(files);
        FAIL() << "no error";
    } catch (const TemplateError& e) {
        EXPECT_NE(std::string(e.what()).find("card.txt:2: the first line"), std::string::npos)
            << e.what();
    }
}

TEST(NoticeTemplates, ErrorLinesCountFromTheFileStart) {
    auto files = real_files();
    files["acceptance.txt"] = "{{! c }}\nsubject: ok {{registration_number}}\nline\n{{deadlin}}\n";
    try {
        NoticeTemplates::from_texts(files);
        FAIL() << "no error";
    } catch (const TemplateError& e) {
        EXPECT_NE(std::string(e.what()).find("acceptance.txt:4: unknown placeholder {{deadlin}}"),
                  std::string::npos)
            << e.what();
    }
}

TEST(NoticeTemplates, RequiredPlaceholders) {
    auto files = real_files();
    files["acceptance.txt"] = "subject: Обращение зарегистрировано\nСрок: {{deadline}}\n";
    files["reasons/off_topic.txt"] = "Вопрос не относится к ведению министерства.\n";
    try {
        NoticeTemplates::from_texts(files);
        FAIL() << "no error";
    } catch (const TemplateError& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("acceptance.txt: must use {{registration_number}} in the subject"),
                  std::string::npos)
            << m;
        EXPECT_NE(m.find("reasons/off_topic.txt: must use {{competent_body}}"), std::string::npos)
            << m;
    }
}

TEST(NoticeFiles, BadFileIsNamedWithItsPath) {
    const auto dir = std::filesystem::temp_directory_path() /
                     ("obrd-notices-test-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::copy(OBRD_NOTICES_DIR "/templates", dir,
                          std::filesystem::copy_options::recursive);
    {
        std::ofstream out(dir / "reasons" / "threat.txt", std::ios::binary | std::ios::app);
        out << "{{#reasons}}\n";
    }
    try {
        load_notice_templates(dir);
        ADD_FAILURE() << "no error";
    } catch (const NoticeFilesError& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find((dir / "reasons/threat.txt").string() + ":"), std::string::npos) << m;
    }
    std::filesystem::remove_all(dir);
    EXPECT_THROW(load_notice_templates(dir), NoticeFilesError);
}

TEST(Tidy, BlankLines) {
    EXPECT_EQ(tidy_text("\n\na  \r\n\n\n\nb\t\n\n"), "a\n\nb");
}

}  // namespace
}  // namespace obrd
