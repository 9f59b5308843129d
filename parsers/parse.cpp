// parse.cpp: parse_letter(): the MIME tree read, headers decoded, bodies collected,
// then the form, the sender and the automatic-letter checks applied.
//
// The body rules: the letter's text is its inline text/plain parts outside attached
// messages (one per multipart/alternative), joined by a blank line; when there is none,
// the first HTML part converted to text, and failing that the text of an attached
// message. Every other leaf is an attachment, hashed while it is decoded, so a large
// attachment is never held decoded in memory.
#include "parsers/parse.hpp"

#include <algorithm>

#include <exception>

#include "parsers/addresses.hpp"
#include "parsers/auto_submitted.hpp"
#include "parsers/charset.hpp"
#include "parsers/date.hpp"
#include "parsers/encoded_words.hpp"
#include "parsers/html_text.hpp"
#include "parsers/mime_tree.hpp"
#include "parsers/sender.hpp"
#include "parsers/sha256.hpp"
#include "parsers/text_util.hpp"
#include "parsers/transfer_encoding.hpp"
#include "parsers/web_form.hpp"

namespace obrd {

namespace {

struct TextPiece {
    std::string text;
    std::string charset;
};

std::string first_angle_id(std::string_view v) {
    const auto open = v.find('<');
    const auto close = open == std::string_view::npos ? open : v.find('>', open);
    if (close != std::string_view::npos)
        return std::string(text::trim(v.substr(open + 1, close - open - 1)));
    return std::string(text::trim(v));
}

std::vector<std::string> all_angle_ids(std::string_view v) {
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (true) {
        const auto open = v.find('<', pos);
        if (open == std::string_view::npos) break;
        const auto close = v.find('>', open);
        if (close == std::string_view::npos) break;
        out.emplace_back(text::trim(v.substr(open + 1, close - open - 1)));
        pos = close + 1;
    }
    return out;
}

class BodyCollector {
  public:
    BodyCollector(Letter& letter, const ParseLimits& limits) : letter_(letter), limits_(limits) {}

    void walk(const MimePart& part, bool embedded, bool text_suppressed) {
        if (part.is_multipart()) {
            const bool alternative = part.content_type.value == "multipart/alternative";
            const std::size_t texts_before = (embedded ? embedded_texts_ : texts_).size();
            for (const auto& child : part.children) {
                bool suppress = text_suppressed;
                if (alternative && (embedded ? embedded_texts_ : texts_).size() > texts_before)
                    suppress = true;
                walk(*child, embedded, suppress);
            }
            return;
        }
        if (part.is_embedded_message()) {
            add_attachment(part);
            for (const auto& child : part.children) walk(*child, true, false);
            return;
        }
        const std::string& type = part.content_type.value;
        const bool attachment_disposition = part.disposition.value == "attachment";
        // A named text part is still the body when it is the whole letter, and a named
        // HTML part shown inline is the HTML body when there is no other.
        const bool named = !file_name_of(part).empty() && part.depth > 0 &&
                           !(type == "text/html" && part.disposition.value == "inline" && !html_);
        if (type == "text/plain" && !attachment_disposition && !named) {
            if (!text_suppressed)
                (embedded ? embedded_texts_ : texts_).push_back(decode_text_part(part));
            return;
        }
        if (type == "text/html" && !attachment_disposition && !named) {
            if (embedded) {
                if (!embedded_html_) embedded_html_ = decode_html_part(part);
            } else if (!html_) {
                html_ = decode_html_part(part);
            }
            return;
        }
        add_attachment(part);
    }

    void finish() {
        if (html_) letter_.html = html_->text;
        // An empty plain part (an unclosed last delimiter, a blank alternative) is no body
        // when there is HTML to read instead.
        const bool texts_blank = std::all_of(texts_.begin(), texts_.end(), [](const TextPiece& t) {
            return t.text.find_first_not_of(" \t\r\n") == std::string::npos;
        });
        if (!texts_.empty() && !(texts_blank && html_)) {
            letter_.charset = texts_.front().charset;
            for (const TextPiece& t : texts_) {
                if (!letter_.text.empty()) letter_.text += "\n\n";
                letter_.text += t.text;
            }
        } else if (html_) {
            letter_.text = html_to_text(html_->text);
            letter_.charset = html_->charset;
        } else if (!embedded_texts_.empty()) {
            letter_.charset = embedded_texts_.front().charset;
            for (const TextPiece& t : embedded_texts_) {
                if (!letter_.text.empty()) letter_.text += "\n\n";
                letter_.text += t.text;
            }
        } else if (embedded_html_) {
            letter_.text = html_to_text(embedded_html_->text);
            letter_.charset = embedded_html_->charset;
        }
        if (letter_.html.empty() && embedded_html_ && texts_.empty())
            letter_.html = embedded_html_->text;
        // A forward's own text stays apart, so that the outer signature names the sender.
        if (!texts_.empty() || html_) {
            for (const TextPiece& t : embedded_texts_) {
                if (!letter_.forwarded_text.empty()) letter_.forwarded_text += "\n\n";
                letter_.forwarded_text += t.text;
            }
            if (embedded_texts_.empty() && embedded_html_)
                letter_.forwarded_text = html_to_text(embedded_html_->text);
        }
    }

  private:
    std::string file_name_of(const MimePart& part) const {
        if (auto f = part.disposition.get("filename"); f && !f->empty()) return *f;
        if (auto n = part.content_type.get("name"); n && !n->empty()) return *n;
        return {};
    }

    std::string decoded_bytes(const MimePart& part) {
        std::string bytes =
            transfer::decode_to_string(part.body, transfer::parse_encoding(part.transfer_encoding));
        if (bytes.size() > limits_.max_text_bytes) {
            letter_.defects.push_back("text part larger than the limit; cut to " +
                                      std::to_string(limits_.max_text_bytes) + " bytes");
            bytes.resize(limits_.max_text_bytes);
        }
        return bytes;
    }

    TextPiece decode_text_part(const MimePart& part) {
        const std::string bytes = decoded_bytes(part);
        const std::string declared = part.content_type.get("charset").value_or("");
        auto decoded = charset::decode_text(bytes, declared, "text part", letter_.defects);
        std::string text = text::normalize_newlines(decoded.text);
        const std::string format =
            text::to_lower_ascii(part.content_type.get("format").value_or(""));
        if (format == "flowed") {
            const bool delsp = text::iequals(part.content_type.get("delsp").value_or(""), "yes");
            text = transfer::unflow(text, delsp);
        }
        return {std::move(text), decoded.charset};
    }

    TextPiece decode_html_part(const MimePart& part) {
        const std::string bytes = decoded_bytes(part);
        std::string declared = part.content_type.get("charset").value_or("");
        if (declared.empty()) declared = html_declared_charset(bytes);
        auto decoded = charset::decode_text(bytes, declared, "HTML part", letter_.defects);
        return {text::normalize_newlines(decoded.text), decoded.charset};
    }

    void add_attachment(const MimePart& part) {
        Attachment a;
        a.filename = file_name_of(part);
        a.content_type = part.content_type.value;
        a.disposition = part.disposition.value;
        digest::Sha256 hash;
        std::size_t size = 0;
        transfer::decode(part.body, transfer::parse_encoding(part.transfer_encoding),
                         [&](std::string_view chunk) {
                             hash.update(chunk);
                             size += chunk.size();
                         });
        a.size = size;
        a.sha256 = hash.hex_digest();
        letter_.attachments.push_back(std::move(a));
    }

    Letter& letter_;
    const ParseLimits& limits_;
    std::vector<TextPiece> texts_;
    std::vector<TextPiece> embedded_texts_;
    std::optional<TextPiece> html_;
    std::optional<TextPiece> embedded_html_;
};

void read_headers(const MimePart& root, Letter& letter) {
    bool have_from = false, have_subject = false, have_date = false, have_id = false;
    for (const RawField& f : root.fields) {
        const std::string& n = f.name;
        letter.headers.push_back({n, decode_encoded_words(f.value, nullptr)});
        if (text::iequals(n, "Subject") && !have_subject) {
            letter.subject =
                std::string(text::trim(decode_encoded_words(f.value, &letter.defects)));
            have_subject = true;
        } else if (text::iequals(n, "From") && !have_from) {
            auto list = parse_address_list(f.value, &letter.defects);
            if (!list.empty()) letter.from = std::move(list.front());
            have_from = true;
        } else if (text::iequals(n, "Reply-To") && letter.reply_to.empty()) {
            letter.reply_to = parse_address_list(f.value, &letter.defects);
        } else if (text::iequals(n, "To")) {
            auto list = parse_address_list(f.value, &letter.defects);
            letter.to.insert(letter.to.end(), list.begin(), list.end());
        } else if (text::iequals(n, "Cc")) {
            auto list = parse_address_list(f.value, &letter.defects);
            letter.cc.insert(letter.cc.end(), list.begin(), list.end());
        } else if (text::iequals(n, "Message-ID") && !have_id) {
            letter.message_id = first_angle_id(f.value);
            have_id = true;
        } else if (text::iequals(n, "In-Reply-To") && letter.in_reply_to.empty()) {
            letter.in_reply_to = first_angle_id(f.value);
        } else if (text::iequals(n, "References") && letter.references.empty()) {
            letter.references = all_angle_ids(f.value);
        } else if (text::iequals(n, "Date") && !have_date) {
            have_date = true;
            letter.date = parse_rfc5322_date(f.value, &letter.defects);
            if (!letter.date)
                letter.defects.push_back("unreadable Date \"" + f.value.substr(0, 60) + "\"");
        }
    }
    if (!have_from) letter.defects.push_back("no From header");
}

// Header bytes that are not text (a raw 8-bit Message-ID, a charset label, an address)
// reach some fields as they are; every string of a Letter must be UTF-8.
void make_all_utf8(Letter& letter) {
    auto fix = [](std::string& s) {
        if (!text::is_valid_utf8(s)) s = text::repair_utf8(s);
    };
    auto fix_address = [&](Address& a) {
        fix(a.name);
        fix(a.address);
    };
    fix(letter.message_id);
    fix(letter.subject);
    fix(letter.in_reply_to);
    // text, html and forwarded_text come out of charset::decode_text: UTF-8 already.
    fix(letter.charset);
    fix(letter.reply_address);
    fix_address(letter.from);
    for (auto* list : {&letter.reply_to, &letter.to, &letter.cc})
        for (Address& a : *list) fix_address(a);
    for (std::string& r : letter.references) fix(r);
    for (HeaderField& h : letter.headers) {
        fix(h.name);
        fix(h.value);
    }
    for (Attachment& a : letter.attachments) {
        fix(a.filename);
        fix(a.content_type);
        fix(a.disposition);
    }
    for (std::string& d : letter.defects) fix(d);
}

Letter parse_unguarded(std::string_view raw, const ParseLimits& limits) {
    Letter letter;
    MimeTree tree = read_mime_tree(raw, limits);
    letter.defects = std::move(tree.defects);
    const MimePart& root = *tree.root;
    read_headers(root, letter);
    BodyCollector collector(letter, limits);
    collector.walk(root, false, false);
    collector.finish();
    make_all_utf8(letter);
    if (letter.charset.empty()) letter.charset = "us-ascii";
    letter.form = read_web_form(letter.text);
    letter.sender = extract_sender(letter);
    letter.reply_address = choose_reply_address(letter);
    letter.auto_submitted = is_automatic(letter, root.content_type.value);
    return letter;
}

}  // namespace

Letter parse_letter(std::string_view raw, const ParseLimits& limits) {
    try {
        return parse_unguarded(raw, limits);
    } catch (const std::exception& e) {
        // Only allocation failure can get here; report it instead of crashing the caller.
        Letter letter;
        letter.defects.push_back(std::string("parser failed: ") + e.what());
        return letter;
    } catch (...) {
        Letter letter;
        letter.defects.push_back("parser failed");
        return letter;
    }
}

}  // namespace obrd
