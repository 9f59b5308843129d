// mime_tree_test.cpp: the MIME structure reader and its guards: boundaries only at line
// starts, unclosed nested multiparts, missing boundaries, depth, part and header limits.
#include <gtest/gtest.h>

#include <chrono>

#include "parsers/mime_tree.hpp"

using obrd::read_mime_tree;

namespace {

bool has_defect(const obrd::MimeTree& t, const std::string& piece) {
    for (const auto& d : t.defects)
        if (d.find(piece) != std::string::npos) return true;
    return false;
}

}  // namespace

TEST(MimeTree, SimpleMultipart) {
    auto t = read_mime_tree(
        "Content-Type: multipart/mixed; boundary=\"XYZ\"\r\n\r\npreamble\r\n--XYZ\r\nContent-Type: "
        "text/plain\r\n\r\n"
        "one\r\n--XYZ\r\nContent-Type: application/pdf\r\n\r\ntwo\r\n--XYZ--\r\nepilogue\r\n",
        {});
    ASSERT_EQ(t.root->children.size(), 2u);
    EXPECT_EQ(t.root->children[0]->body, "one");
    EXPECT_EQ(t.root->children[1]->content_type.value, "application/pdf");
    EXPECT_TRUE(t.defects.empty());
}

TEST(MimeTree, BoundaryInTheMiddleOfALineIsText) {
    auto t = read_mime_tree(
        "Content-Type: multipart/mixed; boundary=XYZ\n\n--XYZ\n\nhello --XYZ in the "
        "middle\n--XYZ--\n",
        {});
    ASSERT_EQ(t.root->children.size(), 1u);
    EXPECT_EQ(t.root->children[0]->body, "hello --XYZ in the middle");
}

TEST(MimeTree, UnclosedInnerMultipartKeepsTheOuterParts) {
    auto t = read_mime_tree(
        "Content-Type: multipart/mixed; boundary=outer\n\n--outer\n"
        "Content-Type: multipart/alternative; boundary=inner\n\n--inner\n\ntext\n"
        "--outer\nContent-Type: application/pdf\n\nPDF\n--outer--\n",
        {});
    ASSERT_EQ(t.root->children.size(), 2u);
    EXPECT_EQ(t.root->children[1]->content_type.value, "application/pdf");
    EXPECT_TRUE(has_defect(t, "missing closing boundary of multipart/alternative"));
}

TEST(MimeTree, MultipartWithoutBoundaryIsText) {
    auto t = read_mime_tree("Content-Type: multipart/mixed\n\n-- \nsignature\n", {});
    EXPECT_EQ(t.root->content_type.value, "text/plain");
    EXPECT_TRUE(has_defect(t, "without a boundary"));
}

TEST(MimeTree, EmbeddedMessage) {
    auto t = read_mime_tree(
        "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: message/rfc822\n\n"
        "Subject: inner\nContent-Type: text/plain\n\ninner text\n--b--\n",
        {});
    ASSERT_EQ(t.root->children.size(), 1u);
    const auto& message = *t.root->children[0];
    ASSERT_TRUE(message.is_embedded_message());
    ASSERT_EQ(message.children.size(), 1u);
    EXPECT_EQ(message.children[0]->field("subject")->value, "inner");
    EXPECT_EQ(message.children[0]->body, "inner text");
}

TEST(MimeTree, DepthIsBounded) {
    std::string raw;
    for (int i = 0; i < 200; ++i)
        raw += "Content-Type: multipart/mixed; boundary=b" + std::to_string(i) + "\n\n--b" +
               std::to_string(i) + "\n";
    obrd::ParseLimits limits;
    limits.max_depth = 8;
    auto t = read_mime_tree(raw, limits);
    EXPECT_TRUE(has_defect(t, "nesting deeper than the limit"));
}

TEST(MimeTree, PartCountIsBounded) {
    std::string raw = "Content-Type: multipart/mixed; boundary=b\n\n";
    for (int i = 0; i < 5000; ++i) raw += "--b\n\nx\n";
    obrd::ParseLimits limits;
    limits.max_parts = 100;
    auto t = read_mime_tree(raw, limits);
    EXPECT_LE(t.root->children.size(), 100u);
    EXPECT_TRUE(has_defect(t, "more MIME parts than the limit"));
}

TEST(MimeTree, LongHeadersAreCappedAndStayLinear) {
    std::string raw = "Subject: x";
    for (int i = 0; i < 200000; ++i) raw += "\r\n continued header line";
    raw += "\r\n\r\nbody";
    obrd::ParseLimits limits;
    auto t = read_mime_tree(raw, limits);
    ASSERT_NE(t.root->field("Subject"), nullptr);
    EXPECT_LE(t.root->field("Subject")->value.size(), limits.max_header_bytes);
    EXPECT_TRUE(has_defect(t, "header block over the size limit"));
    EXPECT_EQ(t.root->body, "body");
}

TEST(MimeTree, HeaderDetails) {
    auto t = read_mime_tree("From mbox line\nSubject: a\n\tfolded\nX-Bad Header\nbody\n", {});
    EXPECT_EQ(t.root->field("Subject")->value, "a\tfolded");
    EXPECT_EQ(t.root->body, "X-Bad Header\nbody\n");
    EXPECT_TRUE(has_defect(t, "header line without a field name"));
}

TEST(MimeTree, DigestPartsDefaultToMessages) {
    auto t = read_mime_tree(
        "Content-Type: multipart/digest; boundary=d\n\n--d\n\nSubject: m\n\nx\n--d--\n", {});
    ASSERT_EQ(t.root->children.size(), 1u);
    EXPECT_TRUE(t.root->children[0]->is_embedded_message());
}
