// mime_tree.cpp: the header-block reader and the multipart splitter of mime_tree.hpp.
#include "parsers/mime_tree.hpp"

#include <algorithm>
#include <cstring>

#include "parsers/text_util.hpp"
#include "parsers/transfer_encoding.hpp"

namespace obrd {

namespace {

// One line of `s` starting at `pos`: its content without the line end, and where the
// next line starts.
struct Line {
    std::string_view content;
    std::size_t next;
};

Line line_at(std::string_view s, std::size_t pos) {
    const void* nl = std::memchr(s.data() + pos, '\n', s.size() - pos);
    std::size_t end =
        nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - s.data()) : s.size();
    const std::size_t next = nl ? end + 1 : s.size();
    if (end > pos && s[end - 1] == '\r') --end;
    return {s.substr(pos, end - pos), next};
}

// True when the letter's first line ends with a CR that no LF follows, and no LF comes in
// its header at all: the letter is written with CR-only line ends. A stray CR inside a
// line of an ordinary letter does not count, since that letter has LFs.
bool uses_bare_cr_line_ends(std::string_view raw) {
    const std::string_view head = raw.substr(0, 64 * 1024);
    const auto cr = head.find('\r');
    if (cr == std::string_view::npos || (cr + 1 < head.size() && head[cr + 1] == '\n'))
        return false;
    return head.find('\n') == std::string_view::npos;
}

// "From sender date", the separator line of an mbox file; "From  : Anna <a@b>" (blanks
// before the colon, RFC 822's obsolete syntax) is the From field instead.
bool is_mbox_separator(std::string_view line) {
    if (line.substr(0, 5) != "From ") return false;
    const auto after = line.find_first_not_of(" \t", 5);
    return after != std::string_view::npos && line[after] != ':';
}

bool valid_field_name(std::string_view name) {
    if (name.empty()) return false;
    for (char c : name) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 32 || u >= 127 || c == ':') return false;
    }
    return true;
}

struct HeaderBlock {
    std::vector<RawField> fields;
    std::string_view body;
};

// `message_start`: the entity is a whole message (the letter, or an attached one), which
// may open with an mbox "From " separator line (forwarding clients copy it along).
HeaderBlock read_header_block(std::string_view entity, bool message_start,
                              const ParseLimits& limits, std::vector<std::string>& defects) {
    HeaderBlock block;
    std::size_t pos = 0;
    std::size_t header_bytes = 0;
    bool capped = false;
    bool first_line = true;
    while (pos < entity.size()) {
        const Line line = line_at(entity, pos);
        if (line.content.empty()) {  // the blank line ends the header
            pos = line.next;
            block.body = entity.substr(pos);
            return block;
        }
        if (first_line && message_start && is_mbox_separator(line.content)) {
            pos = line.next;  // mbox separator line
            first_line = false;
            continue;
        }
        first_line = false;
        header_bytes += line.next - pos;
        if (header_bytes > limits.max_header_bytes ||
            block.fields.size() > limits.max_header_fields) {
            if (!capped)
                defects.push_back("header block over the size limit; the rest of it is ignored");
            capped = true;
            pos = line.next;
            continue;
        }
        const char first = line.content.front();
        if ((first == ' ' || first == '\t') && !block.fields.empty()) {
            block.fields.back().value.append(line.content);  // unfolding keeps the blank
            pos = line.next;
            continue;
        }
        const auto colon = line.content.find(':');
        std::string_view name =
            colon == std::string_view::npos ? std::string_view{} : line.content.substr(0, colon);
        while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
        if (!valid_field_name(name)) {
            if (first == ' ' || first == '\t') {  // continuation with nothing to continue
                pos = line.next;
                continue;
            }
            // Not a header line: the header ended without its blank line.
            defects.push_back("header line without a field name; the body starts there");
            block.body = entity.substr(pos);
            return block;
        }
        RawField field;
        field.name = std::string(name);
        field.value = std::string(line.content.substr(colon + 1));
        block.fields.push_back(std::move(field));
        pos = line.next;
    }
    block.body = entity.substr(entity.size());
    return block;
}

struct Split {
    std::vector<std::string_view> parts;
    bool found_any = false;
    bool closed = false;
};

// Cuts a multipart body at its boundary lines.
Split split_multipart(std::string_view body, std::string_view boundary) {
    Split split;
    const std::string delimiter = "--" + std::string(boundary);
    std::size_t pos = 0;
    std::size_t part_start = std::string_view::npos;
    while (pos < body.size()) {
        const std::size_t line_start = pos;
        const Line line = line_at(body, pos);
        pos = line.next;
        if (line.content.size() < delimiter.size() || line.content[0] != '-' ||
            line.content.compare(0, delimiter.size(), delimiter) != 0)
            continue;
        std::string_view rest = line.content.substr(delimiter.size());
        const bool closing = rest.substr(0, 2) == "--";
        // RFC 2046 compares only the start of the line; but a boundary character right
        // after it means a longer boundary (an inner one), not this one.
        if (!closing && !rest.empty() && rest.front() != ' ' && rest.front() != '\t') continue;
        if (part_start != std::string_view::npos) {
            // The line end before the boundary line belongs to the boundary.
            std::size_t end = line_start;
            if (end > part_start && body[end - 1] == '\n') --end;
            if (end > part_start && body[end - 1] == '\r') --end;
            split.parts.push_back(body.substr(part_start, end - part_start));
        }
        split.found_any = true;
        if (closing) {
            split.closed = true;
            return split;
        }
        part_start = pos;
    }
    if (part_start != std::string_view::npos) split.parts.push_back(body.substr(part_start));
    return split;
}

class Reader {
  public:
    Reader(const ParseLimits& limits, MimeTree& tree) : limits_(limits), tree_(tree) {}

    std::unique_ptr<MimePart> read_entity(std::string_view entity, int depth, bool message_start,
                                          bool in_digest) {
        auto part = std::make_unique<MimePart>();
        part->depth = depth;
        ++parts_;
        HeaderBlock block = read_header_block(entity, message_start, limits_, tree_.defects);
        part->fields = std::move(block.fields);
        for (RawField& f : part->fields) f.value = std::string(text::trim(f.value));
        part->body = block.body;

        // A repeated Content-Type: the first counts, as Python's email and mimetic read it.
        const RawField* ct = part->field("Content-Type");
        if (ct && std::count_if(part->fields.begin(), part->fields.end(), [](const RawField& f) {
                      return text::iequals(f.name, "Content-Type");
                  }) > 1)
            tree_.defects.push_back("more than one Content-Type; the first counts");
        if (ct) {
            part->content_type = parse_header_params(ct->value, &tree_.defects);
            part->content_type_declared = true;
            const std::string& v = part->content_type.value;
            const auto slash = v.find('/');
            if (slash == std::string::npos || slash == 0 || slash + 1 == v.size()) {
                // RFC 2045 says text/plain; but a part that names a file ("application;
                // name=document.xml.gz") is a file, and reading its bytes as the text helps
                // no one.
                const bool names_file = part->content_type.get("name").has_value();
                const char* const read_as = names_file ? "application/octet-stream" : "text/plain";
                tree_.defects.push_back("invalid Content-Type \"" + v.substr(0, 60) +
                                        "\"; read as " + read_as);
                part->content_type.value = read_as;
            }
        } else {
            part->content_type.value = in_digest ? "message/rfc822" : "text/plain";
        }
        if (const RawField* cd = part->field("Content-Disposition"))
            part->disposition = parse_header_params(cd->value, &tree_.defects);
        if (const RawField* cte = part->field("Content-Transfer-Encoding")) {
            part->transfer_encoding = text::to_lower_ascii(text::trim(cte->value));
            bool known = true;
            transfer::parse_encoding(part->transfer_encoding, &known);
            if (!known)
                tree_.defects.push_back("unknown Content-Transfer-Encoding \"" +
                                        part->transfer_encoding.substr(0, 40) + "\"; read as 8bit");
        }

        if (part->is_multipart()) {
            read_multipart(*part);
        } else if (part->is_embedded_message()) {
            read_embedded(*part);
        }
        return part;
    }

  private:
    bool may_descend(const MimePart& part) {
        if (part.depth + 1 > limits_.max_depth) {
            if (!depth_reported_)
                tree_.defects.push_back("MIME nesting deeper than the limit; inner parts not read");
            depth_reported_ = true;
            return false;
        }
        if (parts_ >= limits_.max_parts) {
            if (!parts_reported_)
                tree_.defects.push_back("more MIME parts than the limit; the rest not read");
            parts_reported_ = true;
            return false;
        }
        return true;
    }

    void read_multipart(MimePart& part) {
        const auto boundary = part.content_type.get("boundary");
        if (!boundary || boundary->empty()) {
            tree_.defects.push_back(part.content_type.value +
                                    " without a boundary; read as text/plain");
            part.content_type.value = "text/plain";
            return;
        }
        Split split = split_multipart(part.body, *boundary);
        if (!split.found_any) {
            tree_.defects.push_back(part.content_type.value +
                                    ": boundary never found; read as text/plain");
            part.content_type.value = "text/plain";
            return;
        }
        if (!split.closed)
            tree_.defects.push_back("missing closing boundary of " + part.content_type.value);
        const bool digest = part.content_type.value == "multipart/digest";
        for (std::string_view child : split.parts) {
            if (!may_descend(part)) break;
            part.children.push_back(read_entity(child, part.depth + 1, false, digest));
        }
    }

    void read_embedded(MimePart& part) {
        if (!may_descend(part)) return;
        std::string_view body = part.body;
        const auto encoding = transfer::parse_encoding(part.transfer_encoding);
        if (encoding != transfer::Encoding::identity) {
            tree_.arena.push_back(transfer::decode_to_string(body, encoding));
            body = tree_.arena.back();
        }
        part.children.push_back(read_entity(body, part.depth + 1, true, false));
    }

    const ParseLimits& limits_;
    MimeTree& tree_;
    std::size_t parts_ = 0;
    bool depth_reported_ = false;
    bool parts_reported_ = false;
};

}  // namespace

const RawField* MimePart::field(std::string_view name) const {
    for (const RawField& f : fields)
        if (text::iequals(f.name, name)) return &f;
    return nullptr;
}

bool MimePart::is_multipart() const {
    return text::istarts_with(content_type.value, "multipart/");
}

bool MimePart::is_embedded_message() const {
    return content_type.value == "message/rfc822" || content_type.value == "message/global";
}

MimeTree read_mime_tree(std::string_view raw, const ParseLimits& limits) {
    MimeTree tree;
    if (raw.size() > limits.max_letter_bytes) {
        tree.defects.push_back("letter larger than the limit; only its first " +
                               std::to_string(limits.max_letter_bytes) + " bytes read");
        raw = raw.substr(0, limits.max_letter_bytes);
    }
    if (uses_bare_cr_line_ends(raw)) {
        // Old Mac mail: CR alone ends each line. Read a copy with LF line ends (the stored
        // letter keeps its bytes); without it the whole letter is one header line.
        tree.defects.push_back("lines end with CR alone; read as if they ended with LF");
        std::string copy;
        copy.reserve(raw.size());
        for (std::size_t i = 0; i < raw.size(); ++i) {
            if (raw[i] != '\r') {
                copy += raw[i];
            } else if (i + 1 == raw.size() || raw[i + 1] != '\n') {
                copy += '\n';  // a CRLF further on stays one line end
            }
        }
        tree.arena.push_back(std::move(copy));
        raw = tree.arena.back();
    }
    Reader reader(limits, tree);
    tree.root = reader.read_entity(raw, 0, true, false);
    return tree;
}

}  // namespace obrd
