// addresses.cpp: the address-list tokenizer of addresses.hpp.
#include "parsers/addresses.hpp"

#include "parsers/encoded_words.hpp"
#include "parsers/text_util.hpp"

namespace obrd {

namespace {

struct Pending {
    std::string display;  // words as written, quoted strings unquoted, single blanks
    std::string bare;     // text outside <> when there is no display name
    std::string angle;
    std::string comment;
    bool has_angle = false;

    void add_word(std::string_view w) {
        if (!display.empty()) display.push_back(' ');
        display.append(w);
    }
    bool empty() const { return display.empty() && angle.empty() && !has_angle && comment.empty(); }
};

// The addr-spec inside <>: an obsolete source route (<@relay1,@relay2:user@host>), blanks
// and comments (RFC 5322 CFWS: <pete(his account)@silly.test(his host)>) dropped; quoted
// local parts keep what is between their quotes.
std::string strip_route(std::string_view a) {
    if (!a.empty() && a.front() == '@') {
        const auto colon = a.find(':');
        if (colon != std::string_view::npos) a = a.substr(colon + 1);
    }
    std::string out;
    int comment_depth = 0;
    bool quoted = false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const char c = a[i];
        if (c == '\\' && i + 1 < a.size() && (quoted || comment_depth > 0)) {
            if (!comment_depth) out.append(a.substr(i, 2));
            ++i;
        } else if (comment_depth > 0) {
            if (c == '(') ++comment_depth;
            if (c == ')') --comment_depth;
        } else if (c == '"') {
            quoted = !quoted;
            out.push_back(c);
        } else if (quoted) {
            out.push_back(c);
        } else if (c == '(') {
            comment_depth = 1;
        } else if (!text::is_ascii_space(c)) {
            out.push_back(c);
        }
    }
    return out;
}

}  // namespace

std::vector<Address> parse_address_list(std::string_view raw, std::vector<std::string>* defects) {
    std::vector<Address> out;
    Pending cur;
    std::string word;

    auto flush_word = [&] {
        if (!word.empty()) cur.add_word(word);
        word.clear();
    };
    auto finish = [&] {
        flush_word();
        if (cur.empty()) {
            cur = Pending{};
            return;
        }
        Address a;
        if (cur.has_angle) {
            a.address = strip_route(cur.angle);
            a.name = std::string(text::trim(decode_encoded_words(cur.display, defects)));
            if (a.name.empty() && !cur.comment.empty())
                a.name = std::string(text::trim(decode_encoded_words(cur.comment, defects)));
        } else {
            // No angle brackets: the words are the address; a comment may name it.
            std::string joined;
            for (char c : cur.display)
                if (!text::is_ascii_space(c)) joined.push_back(c);
            if (joined.find('@') != std::string::npos) {
                a.address = joined;
                a.name = std::string(text::trim(decode_encoded_words(cur.comment, defects)));
            } else {
                // "From: Whomever": a name without an address.
                a.name = std::string(text::trim(decode_encoded_words(cur.display, defects)));
            }
        }
        if (!a.address.empty() || !a.name.empty()) out.push_back(std::move(a));
        cur = Pending{};
    };

    std::size_t i = 0;
    while (i < raw.size()) {
        const char c = raw[i];
        if (c == '"') {
            flush_word();
            std::string q;
            ++i;
            while (i < raw.size() && raw[i] != '"') {
                if (raw[i] == '\\' && i + 1 < raw.size()) ++i;
                q.push_back(raw[i++]);
            }
            if (i < raw.size())
                ++i;
            else if (defects)
                defects->push_back("address list: unclosed quoted string");
            // A quoted word glued to the next word stays one word; keep it simple and
            // treat it as a word of the display name.
            cur.add_word(q);
            continue;
        }
        if (c == '(') {
            flush_word();
            int depth = 1;
            ++i;
            std::string comment;
            while (i < raw.size() && depth > 0) {
                if (raw[i] == '\\' && i + 1 < raw.size()) {
                    comment.push_back(raw[i + 1]);
                    i += 2;
                    continue;
                }
                if (raw[i] == '(') ++depth;
                if (raw[i] == ')' && --depth == 0) {
                    ++i;
                    break;
                }
                comment.push_back(raw[i++]);
            }
            if (!cur.comment.empty()) cur.comment.push_back(' ');
            cur.comment += comment;
            continue;
        }
        if (c == '<') {
            flush_word();
            const auto close = raw.find('>', i + 1);
            if (close == std::string_view::npos) {
                cur.angle.assign(raw.substr(i + 1));
                if (defects) defects->push_back("address list: unclosed <");
                i = raw.size();
            } else {
                cur.angle.assign(raw.substr(i + 1, close - i - 1));
                i = close + 1;
            }
            cur.has_angle = true;
            continue;
        }
        if (c == ',') {
            finish();
            ++i;
            continue;
        }
        if (c == ':' && !cur.has_angle) {
            // "group-name:" starts a group; its name is not a mailbox.
            flush_word();
            if (cur.display.find('@') == std::string::npos) {
                cur = Pending{};
                ++i;
                continue;
            }
            word.push_back(c);
            ++i;
            continue;
        }
        if (c == ';') {
            finish();
            ++i;
            continue;
        }
        if (text::is_ascii_space(c)) {
            flush_word();
            ++i;
            continue;
        }
        word.push_back(c);
        ++i;
    }
    finish();
    return out;
}

}  // namespace obrd
