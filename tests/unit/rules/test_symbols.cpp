// test_symbols.cpp: the symbol registry (rules/symbols.hpp): complete, consistent, the same
// as rules/README.md's table, and the only source of an evidence's strength.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include "rules/symbols.hpp"
#include "tests/unit/rules/rules_test_util.hpp"

using namespace obrd;

TEST(Symbols, NamesAreUniqueAndEveryGroundHasAStrongOne) {
    std::set<std::string_view> names;
    std::set<Reason> strong;
    for (const SymbolInfo& s : symbol_registry()) {
        EXPECT_TRUE(names.insert(s.name).second) << s.name;
        EXPECT_FALSE(s.description.empty()) << s.name;
        if (s.ground && s.strength == Strength::strong) strong.insert(*s.ground);
    }
    EXPECT_EQ(strong.size(), kReasonCount) << "a ground that can never refuse outright";
}

TEST(Symbols, ReadmeHoldsTheRegistryTable) {
    std::ifstream in(std::string(OBRD_RULES_DATA_DIR) + "/../README.md");
    ASSERT_TRUE(in) << "rules/README.md";
    std::stringstream readme;
    readme << in.rdbuf();
    EXPECT_NE(readme.str().find(symbols_markdown()), std::string::npos)
        << "rules/README.md's symbol table differs from rules/symbols.cpp; it should read:\n"
        << symbols_markdown();
}

TEST(Symbols, AnUnregisteredSymbolIsALogicError) {
    Findings f;
    EXPECT_THROW(f.add(Reason::obscene, "NO_SUCH_SYMBOL", "x", std::nullopt), std::logic_error);
    EXPECT_THROW(f.add(Reason::threat, "OBSCENE_ROOT", "x", std::nullopt), std::logic_error)
        << "a symbol is registered for one ground";
    f.add(Reason::obscene, "OBSCENE_LATIN", "huilo", std::nullopt);
    EXPECT_EQ(f.evidence.back().strength, Strength::weak);
}

// Weak evidence alone: the content grounds wait for a person; strong evidence anywhere
// for the same ground keeps the refusal.
TEST(Symbols, WeakEvidenceAloneIsReviewed) {
    const auto latin = test::check(test::letter("Это просто huilo какое-то, а не проверка."));
    EXPECT_EQ(latin.verdict, Outcome::review);
    EXPECT_EQ(latin.notice, Notice::none);
    ASSERT_FALSE(latin.evidence.empty());
    EXPECT_EQ(latin.evidence[0].strength, Strength::weak);
    const auto both = test::check(test::letter("Это просто huilo и пиздец, а не проверка."));
    EXPECT_EQ(both.verdict, Outcome::refused);
    const auto goat = test::check(test::letter("Ваш инспектор козёл, так и передайте."));
    EXPECT_EQ(goat.verdict, Outcome::review);
    const auto idiot = test::check(test::letter("Ваш инспектор идиот, так и передайте."));
    EXPECT_EQ(idiot.verdict, Outcome::refused);
}

TEST(Symbols, WeakPolicyIsASetting) {
    Policy p;
    EXPECT_EQ(p.of(Reason::obscene, Strength::weak), Action::review);
    EXPECT_EQ(p.of(Reason::duplicate, Strength::weak), Action::refuse)
        << "not a content judgement: the strong policy";
    p.set_weak(Reason::obscene, Action::refuse);
    EXPECT_EQ(p.of(Reason::obscene, Strength::weak), Action::refuse);
    p.set(Reason::offensive, Action::accept);
    EXPECT_EQ(p.of(Reason::offensive, Strength::weak), Action::accept);
}
