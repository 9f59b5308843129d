// authentication_results_test.cpp: RFC 8601 headers as real servers write them (from the
// shared corpora: Fastmail, Google, Mail.ru, ethereal.email), the RFC's own examples, and
// the ways a forged or broken header must not read as a pass for a staff domain.
#include "parsers/authentication_results.hpp"

#include <gtest/gtest.h>
#include <strings.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "parsers/parse.hpp"

namespace {

using obrd::from_domain_authenticated;
using obrd::HeaderField;
using obrd::parse_authentication_results;

std::vector<HeaderField> ar(const std::string& value) {
    return {{"Authentication-Results", value}};
}

TEST(AuthenticationResults, ReadsMethodsResultsAndPropertiesPastComments) {
    const auto r = parse_authentication_results(
        "mx.ethereal.email;\r\n dkim=pass header.i=@google.com header.s=20230601 "
        "header.a=rsa-sha256 header.b=h0NUZJEY;\r\n spf=pass (mx.ethereal.email: domain of "
        "andris@postalsys.com designates 209.85.167.74 as permitted sender) "
        "smtp.mailfrom=andris@postalsys.com");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->authserv_id, "mx.ethereal.email");
    ASSERT_EQ(r->results.size(), 2u);
    EXPECT_EQ(r->results[0].method, "dkim");
    EXPECT_EQ(r->results[0].result, "pass");
    EXPECT_EQ(r->results[0].get("header.i"), "@google.com");
    EXPECT_EQ(r->results[0].get("header.b"), "h0nuzjey") << "values are lower case";
    EXPECT_EQ(r->results[1].method, "spf");
    EXPECT_EQ(r->results[1].get("smtp.mailfrom"), "andris@postalsys.com");
}

TEST(AuthenticationResults, TheRfcExamplesParse) {
    // RFC 8601 appendix B: a version, a reason, "none", a quoted authserv-id, comments.
    auto r = parse_authentication_results("example.com 1; none");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->authserv_id, "example.com");
    EXPECT_TRUE(r->results.empty());
    r = parse_authentication_results(
        "example.com; spf=pass smtp.mailfrom=example.net (comment (nested) here); "
        "dkim=fail reason=\"bad signature\" header.i=@mail-router.example.net");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->results.size(), 2u);
    EXPECT_EQ(r->results[1].result, "fail");
    EXPECT_EQ(r->results[1].get("header.i"), "@mail-router.example.net");
    r = parse_authentication_results(
        "\"mx.example.org\"; auth/1=pass smtp.auth=sender@example.org");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->authserv_id, "mx.example.org");
    ASSERT_EQ(r->results.size(), 1u);
    EXPECT_EQ(r->results[0].method, "auth");
}

TEST(AuthenticationResults, ABrokenResultIsDroppedAndTheRestKept) {
    const auto r = parse_authentication_results(
        "mx.example.ru; dkim=pass header.d=; spf pass smtp.mailfrom=a@example.ru; "
        "dmarc=pass header.from=example.ru; arc=\"unterminated");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->results.size(), 1u);
    EXPECT_EQ(r->results[0].method, "dmarc");
    EXPECT_FALSE(parse_authentication_results(""));
    EXPECT_FALSE(parse_authentication_results("   (only a comment)"));
}

TEST(AuthenticationResults, OnlyOurServersPassForTheFromDomainAuthenticatesIt) {
    const std::string id = "mx.sakhalin.gov.ru";
    const std::string domain = "msz.example.ru";
    EXPECT_TRUE(from_domain_authenticated(
        ar("mx.sakhalin.gov.ru; dmarc=pass header.from=msz.example.ru"), id, domain));
    EXPECT_TRUE(from_domain_authenticated(
        ar("MX.Sakhalin.Gov.Ru; dkim=pass header.d=MSZ.example.ru header.s=s1"), id, domain));
    EXPECT_TRUE(from_domain_authenticated(
        ar("mx.sakhalin.gov.ru; dkim=pass header.i=@msz.example.ru"), id, domain));
    EXPECT_TRUE(from_domain_authenticated(
        ar("mx.sakhalin.gov.ru; spf=pass smtp.mailfrom=petrova@msz.example.ru"), id, domain));
    EXPECT_TRUE(from_domain_authenticated(
        ar("mx.sakhalin.gov.ru; auth=pass smtp.auth=petrova@msz.example.ru"), id, domain));

    // Another server's word, another domain, a result other than pass, a look-alike.
    EXPECT_FALSE(from_domain_authenticated(
        ar("mx.evil.example; dmarc=pass header.from=msz.example.ru"), id, domain));
    EXPECT_FALSE(from_domain_authenticated(
        ar("mx.sakhalin.gov.ru; dkim=pass header.d=evil.example"), id, domain));
    EXPECT_FALSE(from_domain_authenticated(
        ar("mx.sakhalin.gov.ru; dkim=pass header.d=msz.example.ru.evil.example"), id, domain));
    EXPECT_FALSE(from_domain_authenticated(
        ar("mx.sakhalin.gov.ru; dkim=pass header.d=sub.msz.example.ru"), id, domain));
    EXPECT_FALSE(from_domain_authenticated(
        ar("mx.sakhalin.gov.ru; spf=softfail smtp.mailfrom=petrova@msz.example.ru"), id, domain));
    EXPECT_FALSE(from_domain_authenticated(
        ar("mx.sakhalin.gov.ru; dmarc=fail header.from=msz.example.ru"), id, domain));
    EXPECT_FALSE(from_domain_authenticated(
        ar("mx.sakhalin.gov.ru; spf=pass (smtp.mailfrom=petrova@msz.example.ru) "
           "smtp.mailfrom=x@evil.example"),
        id, domain))
        << "a comment is no property";
    EXPECT_FALSE(from_domain_authenticated(
        ar("mx.sakhalin.gov.ru (dkim=pass header.d=msz.example.ru); none"), id, domain));
    EXPECT_FALSE(from_domain_authenticated({{"X-Authentication-Results",
                                             "mx.sakhalin.gov.ru; dmarc=pass "
                                             "header.from=msz.example.ru"}},
                                           id, domain));
    EXPECT_FALSE(from_domain_authenticated(
        ar("mx.sakhalin.gov.ru; dmarc=pass header.from=msz.example.ru"), "", domain));
    EXPECT_FALSE(from_domain_authenticated({}, id, domain));
}

// Every Authentication-Results header of the shared corpora parses, as the servers that
// wrote it meant: the authserv-id first, each method with its result.
TEST(AuthenticationResults, TheCorporaHeadersParse) {
    std::size_t seen = 0;
    for (const char* dir : {"/corpus/external", "/corpus/external-2"}) {
        for (const auto& e :
             std::filesystem::recursive_directory_iterator(std::string(OBRD_SHARED_DIR) + dir)) {
            if (!e.is_regular_file() || e.file_size() > (2u << 20)) continue;
            std::ifstream in(e.path(), std::ios::binary);
            std::stringstream raw;
            raw << in.rdbuf();
            if (raw.str().find("Authentication-Results:") == std::string::npos) continue;
            const obrd::Letter l = obrd::parse_letter(raw.str());
            for (const auto& h : l.headers) {
                if (strcasecmp(h.name.c_str(), "Authentication-Results") != 0) continue;
                ++seen;
                const auto r = parse_authentication_results(h.value);
                ASSERT_TRUE(r) << e.path() << ": " << h.value;
                EXPECT_FALSE(r->authserv_id.empty()) << h.value;
                for (const auto& res : r->results) {
                    EXPECT_FALSE(res.method.empty()) << h.value;
                    EXPECT_FALSE(res.result.empty()) << h.value;
                }
            }
        }
    }
    EXPECT_GE(seen, 5u);
}

}  // namespace
