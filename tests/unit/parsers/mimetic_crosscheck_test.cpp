// mimetic_crosscheck_test.cpp: a differential test of obrd's MIME reader against mimetic
// 0.9.8, an independent implementation, on the sample letters and on the well-formed part
// of the external corpus (files whose path or expected.jsonl notes say "malformed" are
// skipped, and so is any file mimetic throws on).
//
// For each letter both parsers read the same bytes (a leading mbox "From " line removed);
// mimetic through an std::istream, i.e. its line-based parser, every call guarded. They
// agree when they find the same leaf parts with the same content types in document order
// (read_mime_tree), and every non-text leaf, transfer-decoded by mimetic's own decoders,
// has the size and SHA-256 (OpenSSL, not obrd's hash) of obrd's Attachment for it
// (parse_letter). What mimetic does not do at all (digest defaults, base64 message/rfc822,
// uuencode, part-less multiparts) is bridged or left out below, and counted.
// Promises: every sample letter agrees; at least 95 % of the compared external letters
// agree; every disagreement and every skipped file is printed with its name.
#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <istream>
#include <iterator>
#include <memory>
#include <set>
#include <sstream>
#include <streambuf>
#include <string>
#include <string_view>
#include <vector>

#include <mimetic/mimetic.h>
#include <nlohmann/json.hpp>

#include "parsers/mime_tree.hpp"
#include "parsers/parse.hpp"

namespace {

namespace fs = std::filesystem;

const std::string kShared = OBRD_SHARED_DIR;

std::string read_all(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string sha256_hex(std::string_view bytes) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr);
    std::string hex;
    char byte[3];
    for (unsigned int i = 0; i < length; ++i) {
        std::snprintf(byte, sizeof byte, "%02x", digest[i]);
        hex += byte;
    }
    return hex;
}

// A read-only, non-copying stream over the letter's bytes.
struct ViewBuf : std::streambuf {
    explicit ViewBuf(std::string_view s) {
        char* p = const_cast<char*>(s.data());
        setg(p, p, p + s.size());
    }
};

// A leaf in document order, as one parser sees it.
struct Leaf {
    std::string type;  // lower case "type/subtype"
    std::size_t size = 0;
    std::string sha256;
};

bool is_text(const std::string& type) {
    return type.rfind("text/", 0) == 0;
}
bool is_message(const std::string& type) {
    return type == "message/rfc822" || type == "message/global";
}
// Leaves that parse_letter turns into one Attachment each, with their decoded bytes.
bool binary_leaf(const std::string& type) {
    return !is_text(type) && !is_message(type) && type.rfind("multipart/", 0) != 0;
}

// --- mimetic's side --------------------------------------------------------------------

std::string trimmed_lower(std::string s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    const auto last = s.find_last_not_of(" \t\r\n");
    return first == std::string::npos ? std::string{} : lower(s.substr(first, last - first + 1));
}

// mimetic keeps blanks around the type and the encoding ("text/html ", "base64 "); they
// mean nothing, so they are trimmed here.
std::string mimetic_type(const mimetic::MimeEntity& e, bool in_digest) {
    const mimetic::ContentType& ct = e.header().contentType();
    const std::string type = trimmed_lower(std::string(ct.type().begin(), ct.type().end()));
    const std::string subtype =
        trimmed_lower(std::string(ct.subtype().begin(), ct.subtype().end()));
    // The RFC 2045 / 2046 defaults when the Content-Type is absent, or unusable.
    if (type.empty() || subtype.empty())
        return in_digest && !e.header().hasField("Content-Type") ? "message/rfc822" : "text/plain";
    return type + "/" + subtype;
}

std::string mimetic_encoding(const mimetic::MimeEntity& e) {
    const auto& mechanism = e.header().contentTransferEncoding().mechanism();
    return trimmed_lower(std::string(mechanism.begin(), mechanism.end()));
}

// mimetic has no uuencode decoder: such leaves are compared by type only.
bool mimetic_can_decode(const std::string& encoding) {
    return encoding != "x-uuencode" && encoding != "uuencode" && encoding != "x-uue" &&
           encoding != "uue";
}

// The transfer-decoded body, with mimetic's decoders (bodies are stored still encoded).
std::string mimetic_decoded(const mimetic::Body& body, const std::string& encoding) {
    std::string decoded;
    if (encoding == "base64") {
        mimetic::Base64::Decoder d;
        mimetic::decode(body.begin(), body.end(), d, std::back_inserter(decoded));
    } else if (encoding == "quoted-printable") {
        mimetic::QP::Decoder d;
        mimetic::decode(body.begin(), body.end(), d, std::back_inserter(decoded));
    } else {
        decoded.assign(body.begin(), body.end());
    }
    return decoded;
}

// Whether any line of the message text starts with this multipart's delimiter. mimetic
// keeps a multipart whose boundary never occurs as a part-less multipart; obrd reads it as
// text/plain (mime_tree.hpp), and the harness takes that as the same reading.
bool has_delimiter_line(std::string_view text, const mimetic::MimeEntity& e) {
    const std::string delimiter = "--" + e.header().contentType().param("boundary");
    for (std::size_t pos = 0; pos < text.size();) {
        if (text.compare(pos, delimiter.size(), delimiter) == 0) return true;
        const auto nl = text.find('\n', pos);
        if (nl == std::string_view::npos) break;
        pos = nl + 1;
    }
    return false;
}

struct MimeticRead {
    std::vector<Leaf> leaves;
    int relabelled = 0;      // part-less multiparts read as text/plain
    int adapted = 0;         // entities read again by this harness (see below)
    int digest_skipped = 0;  // leaves compared by type only
};

void mimetic_leaves(std::string_view raw, const mimetic::MimeEntity& e, bool in_digest, int depth,
                    MimeticRead& out);

// Parses `raw` with mimetic's line-based parser, through a non-copying istream.
void mimetic_message(std::string_view raw, int depth, MimeticRead& out) {
    ViewBuf buf(raw);
    std::istream in(&buf);
    const auto entity = std::make_unique<mimetic::MimeEntity>(in);
    mimetic_leaves(raw, *entity, false, depth, out);
}

// Entities are only ever referred to, never copied (a copy of a 0.9.8 MimeEntity shares
// its child pointers: a double free).
//
// Two things mimetic does not do are done here with its own parser and decoder, so that
// the structures stay comparable: it does not apply RFC 2046's default message/rfc822 to
// the parts of a multipart/digest (such a part comes back as a leaf holding the message),
// and it does not decode a base64 message/rfc822 before reading it (it reads the base64
// text as a message: no header, the whole text as body).
void mimetic_leaves(std::string_view raw, const mimetic::MimeEntity& e, bool in_digest, int depth,
                    MimeticRead& out) {
    const std::string type = mimetic_type(e, in_digest);
    const auto& parts = e.body().parts();
    const bool message = is_message(type);
    if (depth < 16 && message && parts.empty() && in_digest) {
        ++out.adapted;
        const std::string body(e.body().begin(), e.body().end());
        mimetic_message(body, depth + 1, out);
        return;
    }
    if (depth < 16 && message && parts.size() == 1 && mimetic_encoding(e) == "base64" &&
        parts.front()->header().empty()) {
        ++out.adapted;
        mimetic_message(mimetic_decoded(parts.front()->body(), "base64"), depth + 1, out);
        return;
    }
    if (parts.empty()) {
        Leaf leaf{type, 0, {}};
        if (type.rfind("multipart/", 0) == 0 && !has_delimiter_line(raw, e)) {
            leaf.type = "text/plain";  // obrd's documented reading of a part-less multipart
            ++out.relabelled;
        }
        const std::string encoding = mimetic_encoding(e);
        if (binary_leaf(type) && mimetic_can_decode(encoding)) {
            const std::string bytes = mimetic_decoded(e.body(), encoding);
            leaf.size = bytes.size();
            leaf.sha256 = sha256_hex(bytes);
        } else if (binary_leaf(type)) {
            leaf.sha256 = "-";  // not compared
            ++out.digest_skipped;
        }
        out.leaves.push_back(std::move(leaf));
        return;
    }
    for (const mimetic::MimeEntity* child : parts)
        mimetic_leaves(raw, *child, type == "multipart/digest", depth + 1, out);
}

struct MimeticResult {
    bool ok = false;
    std::string error;
    MimeticRead read;
};

MimeticResult read_with_mimetic(std::string_view raw) {
    MimeticResult result;
    try {
        mimetic_message(raw, 0, result.read);
        result.ok = true;
    } catch (const std::exception& e) {
        result.error = e.what();
    }
    return result;
}

// --- obrd's side -----------------------------------------------------------------------

void obrd_leaves(const obrd::MimePart& part, std::vector<Leaf>& out) {
    if (part.children.empty()) {
        out.push_back({part.content_type.value, 0, {}});
        return;
    }
    for (const auto& child : part.children) obrd_leaves(*child, out);
}

// --- comparison ------------------------------------------------------------------------

std::string type_list(const std::vector<Leaf>& leaves) {
    std::string s = "[";
    for (const Leaf& l : leaves) s += (s.size() > 1 ? ", " : "") + l.type;
    return s + "]";
}

// Empty when both agree; otherwise what differs.
std::string compare(std::string_view raw, const std::vector<Leaf>& theirs, int& hashed) {
    const obrd::MimeTree tree = obrd::read_mime_tree(raw, obrd::ParseLimits{});
    std::vector<Leaf> ours;
    obrd_leaves(*tree.root, ours);
    std::vector<std::string> ours_types, theirs_types;
    for (const Leaf& l : ours) ours_types.push_back(l.type);
    for (const Leaf& l : theirs) theirs_types.push_back(l.type);
    if (ours_types != theirs_types)
        return "leaves: obrd " + type_list(ours) + " vs mimetic " + type_list(theirs);

    const obrd::Letter letter = obrd::parse_letter(raw);
    std::vector<const obrd::Attachment*> attachments;
    for (const obrd::Attachment& a : letter.attachments)
        if (binary_leaf(a.content_type)) attachments.push_back(&a);
    std::vector<const Leaf*> binaries;
    for (const Leaf& l : theirs)
        if (binary_leaf(l.type)) binaries.push_back(&l);
    if (attachments.size() != binaries.size())
        return "non-text leaves: obrd has " + std::to_string(attachments.size()) +
               " attachments, mimetic " + std::to_string(binaries.size()) + " leaves";
    std::string diff;
    for (std::size_t i = 0; i < binaries.size(); ++i) {
        const obrd::Attachment& a = *attachments[i];
        const Leaf& l = *binaries[i];
        if (l.sha256 == "-") continue;
        ++hashed;
        if (a.size != l.size || a.sha256 != l.sha256)
            diff += (diff.empty() ? "" : "; ") + std::string("attachment ") + std::to_string(i) +
                    " (" + l.type + "): obrd " + std::to_string(a.size) + " bytes " +
                    a.sha256.substr(0, 12) + " vs mimetic " + std::to_string(l.size) + " bytes " +
                    l.sha256.substr(0, 12);
    }
    return diff;
}

// An mbox "From " envelope line is not part of the message; mimetic would read it as the
// start of the body. It is removed from the bytes both parsers get.
std::string_view without_mbox_line(std::string_view raw) {
    if (raw.substr(0, 5) != "From ") return raw;
    const auto nl = raw.find('\n');
    return nl == std::string_view::npos ? std::string_view{} : raw.substr(nl + 1);
}

struct Tally {
    int compared = 0;
    int agreed = 0;
    std::vector<std::string> disagreements;
    std::vector<std::string> skipped;
    int hashed = 0;  // non-text leaves compared by size and SHA-256
    int adapted = 0;
    int relabelled = 0;
    int digest_skipped = 0;
};

void check(const std::string& name, const std::string& bytes, Tally& tally) {
    const std::string_view raw = without_mbox_line(bytes);
    const MimeticResult theirs = read_with_mimetic(raw);
    if (!theirs.ok) {
        tally.skipped.push_back(name + ": mimetic threw: " + theirs.error);
        return;
    }
    ++tally.compared;
    tally.adapted += theirs.read.adapted;
    tally.relabelled += theirs.read.relabelled;
    tally.digest_skipped += theirs.read.digest_skipped;
    const std::string diff = compare(raw, theirs.read.leaves, tally.hashed);
    if (diff.empty())
        ++tally.agreed;
    else
        tally.disagreements.push_back(name + ": " + diff);
}

void print(const std::string& what, const Tally& t) {
    std::printf(
        "[ crosscheck ] %s: %d compared, %d agree (%.1f %%), %zu disagree, %zu skipped; %d "
        "non-text leaves compared by size and SHA-256\n",
        what.c_str(), t.compared, t.agreed, t.compared ? 100.0 * t.agreed / t.compared : 0.0,
        t.disagreements.size(), t.skipped.size(), t.hashed);
    std::printf(
        "[ crosscheck ] %d digest or base64 messages read again from mimetic's leaf; %d "
        "part-less multiparts read as text/plain; %d uuencoded leaves compared by type only\n",
        t.adapted, t.relabelled, t.digest_skipped);
    for (const std::string& d : t.disagreements) std::printf("[ disagree   ] %s\n", d.c_str());
    for (const std::string& s : t.skipped) std::printf("[ skipped    ] %s\n", s.c_str());
}

TEST(MimeticCrosscheck, SampleLettersAllAgree) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(kShared + "/corpus/letters"))
        if (entry.path().extension() == ".eml") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    ASSERT_GE(files.size(), 60u) << "sample letters not found under " << kShared;
    Tally tally;
    for (const fs::path& f : files) check(f.filename().string(), read_all(f), tally);
    print("corpus/letters", tally);
    EXPECT_TRUE(tally.skipped.empty());
    EXPECT_EQ(tally.agreed, tally.compared);
    EXPECT_EQ(tally.compared, static_cast<int>(files.size()));
}

TEST(MimeticCrosscheck, ExternalCorpusMostlyAgrees) {
    const std::string dir = kShared + "/corpus/external";
    std::ifstream in(dir + "/expected.jsonl");
    ASSERT_TRUE(in) << "expected.jsonl not found under " << dir;
    // The message files are those expected.jsonl names; a file is malformed when its path
    // or any of its notes says so.
    std::set<std::string> files, malformed;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        const auto record = nlohmann::json::parse(line);
        const std::string file = record["file"];
        files.insert(file);
        if (lower(file).find("malformed") != std::string::npos) malformed.insert(file);
        if (record.contains("notes") && record["notes"].is_array())
            for (const auto& note : record["notes"])
                if (note.is_string() &&
                    lower(note.get<std::string>()).find("malformed") != std::string::npos)
                    malformed.insert(file);
    }
    ASSERT_GE(files.size(), 300u);
    Tally tally;
    for (const std::string& file : files) {
        if (malformed.count(file)) {
            tally.skipped.push_back(file + ": malformed");
            continue;
        }
        check(file, read_all(dir + "/" + file), tally);
    }
    print("corpus/external", tally);
    ASSERT_GT(tally.compared, 200);
    EXPECT_GE(tally.agreed * 100, tally.compared * 95)
        << tally.agreed << " of " << tally.compared << " agree";
}

}  // namespace
