// transfer_encoding.cpp: base64, quoted-printable, uuencode and format=flowed.
#include "parsers/transfer_encoding.hpp"

#include <array>
#include <memory>

#include "parsers/text_util.hpp"

namespace obrd::transfer {

namespace {

constexpr std::size_t kChunk = 64 * 1024;

// Collects output bytes and hands them to the sink in chunks of kChunk.
class ChunkWriter {
  public:
    explicit ChunkWriter(const ChunkSink& sink) : sink_(sink) { buffer_.reserve(kChunk); }
    ~ChunkWriter() = default;
    void put(char c) {
        buffer_.push_back(c);
        if (buffer_.size() >= kChunk) flush();
    }
    void put(std::string_view s) {
        buffer_.append(s);
        if (buffer_.size() >= kChunk) flush();
    }
    void flush() {
        if (!buffer_.empty()) sink_(buffer_);
        buffer_.clear();
    }

  private:
    const ChunkSink& sink_;
    std::string buffer_;
};

constexpr std::array<signed char, 256> make_base64_table() {
    std::array<signed char, 256> t{};
    for (auto& v : t) v = -1;
    const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < 64; ++i)
        t[static_cast<unsigned char>(alphabet[i])] = static_cast<signed char>(i);
    // RFC 2045 6.8: every other character (line ends, blanks, and the URL-safe "-" and
    // "_", which no MIME sender may use) is ignored, as Python and mimetic do.
    return t;
}
constexpr auto kBase64 = make_base64_table();

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

}  // namespace

Encoding parse_encoding(std::string_view cte, bool* known) {
    std::string v = text::to_lower_ascii(text::trim(cte));
    if (!v.empty() && v.front() == '"') v.erase(0, 1);
    if (!v.empty() && v.back() == '"') v.pop_back();
    if (known) *known = true;
    if (v == "base64") return Encoding::base64;
    if (v == "quoted-printable") return Encoding::quoted_printable;
    if (v == "x-uuencode" || v == "uuencode" || v == "x-uue" || v == "uue")
        return Encoding::uuencode;
    if (!(v.empty() || v == "7bit" || v == "8bit" || v == "binary") && known) *known = false;
    return Encoding::identity;
}

void decode_base64(std::string_view in, const ChunkSink& sink) {
    // Output goes to a fixed buffer handed to the sink when full: no per-byte growth.
    std::unique_ptr<char[]> buffer(new char[kChunk + 4]);
    char* const out_begin = buffer.get();
    char* out = out_begin;
    char* const out_limit = out_begin + kChunk;
    unsigned accumulator = 0;
    int bits = 0;
    const auto* p = reinterpret_cast<const unsigned char*>(in.data());
    const auto* end = p + in.size();
    while (p < end) {
        // Fast path: whole quanta of four valid characters (the inside of every line).
        if (bits == 0) {
            while (end - p >= 4 && out < out_limit) {
                const int a = kBase64[p[0]], b = kBase64[p[1]], c = kBase64[p[2]],
                          d = kBase64[p[3]];
                if ((a | b | c | d) < 0) break;
                const unsigned v =
                    (unsigned(a) << 18) | (unsigned(b) << 12) | (unsigned(c) << 6) | unsigned(d);
                out[0] = char(v >> 16);
                out[1] = char((v >> 8) & 0xFF);
                out[2] = char(v & 0xFF);
                out += 3;
                p += 4;
            }
            if (out >= out_limit) {
                sink(std::string_view(out_begin, static_cast<std::size_t>(out - out_begin)));
                out = out_begin;
                continue;
            }
            if (p >= end) break;
        }
        const unsigned char ch = *p++;
        if (ch == '=') {
            // Padding ends a quantum; a later block (concatenated base64) starts fresh.
            accumulator = 0;
            bits = 0;
            continue;
        }
        const int v = kBase64[ch];
        if (v < 0) continue;  // line ends and junk
        accumulator = (accumulator << 6) | unsigned(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            *out++ = char((accumulator >> bits) & 0xFF);
        }
        if (bits == 0) accumulator = 0;
        if (out >= out_limit) {
            sink(std::string_view(out_begin, static_cast<std::size_t>(out - out_begin)));
            out = out_begin;
        }
    }
    if (out > out_begin)
        sink(std::string_view(out_begin, static_cast<std::size_t>(out - out_begin)));
}

void decode_quoted_printable(std::string_view in, const ChunkSink& sink) {
    ChunkWriter out(sink);
    std::size_t i = 0;
    while (i < in.size()) {
        // One line at a time: trailing blanks are transport padding (RFC 2045 6.7).
        std::size_t eol = in.find('\n', i);
        const bool has_newline = eol != std::string_view::npos;
        if (!has_newline) eol = in.size();
        std::size_t content_end = eol;
        if (content_end > i && in[content_end - 1] == '\r') --content_end;
        std::string_view line = in.substr(i, content_end - i);
        while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
        bool soft_break = false;
        for (std::size_t k = 0; k < line.size(); ++k) {
            const char c = line[k];
            if (c != '=') {
                // Copy the plain run up to the next '=' at once.
                std::size_t run_end = line.find('=', k);
                if (run_end == std::string_view::npos) run_end = line.size();
                out.put(line.substr(k, run_end - k));
                k = run_end - 1;
                continue;
            }
            if (k + 1 == line.size()) {
                soft_break = true;
                break;
            }
            if (k + 2 < line.size()) {
                const int hi = hex_value(line[k + 1]);
                const int lo = hex_value(line[k + 2]);
                if (hi >= 0 && lo >= 0) {
                    out.put(char(hi * 16 + lo));
                    k += 2;
                    continue;
                }
            }
            out.put('=');  // not a valid escape: keep it as written
        }
        if (has_newline && !soft_break)
            out.put(std::string_view(in.data() + content_end, eol + 1 - content_end));
        i = has_newline ? eol + 1 : in.size();
    }
    out.flush();
}

void decode_uuencode(std::string_view in, const ChunkSink& sink) {
    ChunkWriter out(sink);
    std::size_t i = 0;
    bool inside = false;
    while (i < in.size()) {
        std::size_t eol = in.find('\n', i);
        if (eol == std::string_view::npos) eol = in.size();
        std::string_view line = in.substr(i, eol - i);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        i = eol + 1;
        if (!inside) {
            if (line.substr(0, 6) == "begin ") inside = true;
            continue;
        }
        if (line == "end") break;
        if (line.empty()) continue;
        const int count = (line[0] - ' ') & 0x3F;
        int produced = 0;
        for (std::size_t k = 1; k < line.size() && produced < count; k += 4) {
            int v[4];
            for (int j = 0; j < 4; ++j)
                v[j] = k + j < line.size() ? ((line[k + j] - ' ') & 0x3F) : 0;
            const char bytes[3] = {char((v[0] << 2) | (v[1] >> 4)),
                                   char(((v[1] & 0xF) << 4) | (v[2] >> 2)),
                                   char(((v[2] & 0x3) << 6) | v[3])};
            for (int j = 0; j < 3 && produced < count; ++j, ++produced) out.put(bytes[j]);
        }
    }
    out.flush();
}

void decode(std::string_view in, Encoding encoding, const ChunkSink& sink) {
    switch (encoding) {
        case Encoding::base64:
            decode_base64(in, sink);
            return;
        case Encoding::quoted_printable:
            decode_quoted_printable(in, sink);
            return;
        case Encoding::uuencode:
            decode_uuencode(in, sink);
            return;
        case Encoding::identity:
            if (!in.empty()) sink(in);
            return;
    }
}

std::string decode_to_string(std::string_view in, Encoding encoding) {
    if (encoding == Encoding::identity) return std::string(in);
    std::string out;
    out.reserve(encoding == Encoding::base64 ? in.size() * 3 / 4 : in.size());
    decode(in, encoding, [&out](std::string_view chunk) { out.append(chunk); });
    return out;
}

std::string unflow(std::string_view text, bool delsp) {
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    bool joining = false;  // the previous line ended with a soft break
    int joining_depth = 0;
    while (i <= text.size()) {
        std::size_t eol = text.find('\n', i);
        const bool last = eol == std::string_view::npos;
        if (last) eol = text.size();
        std::string_view line = text.substr(i, eol - i);
        int depth = 0;
        while (!line.empty() && line.front() == '>') {
            ++depth;
            line.remove_prefix(1);
        }
        if (!line.empty() && line.front() == ' ') line.remove_prefix(1);  // space stuffing
        const bool signature = line == "-- ";
        const bool soft = !signature && !line.empty() && line.back() == ' ';
        if (joining && depth == joining_depth) {
            // continue the paragraph of the previous line
        } else {
            if (joining) out.push_back('\n');
            for (int d = 0; d < depth; ++d) out.push_back('>');
            if (depth > 0) out.push_back(' ');
        }
        std::string_view content = line;
        if (soft && delsp) content.remove_suffix(1);
        out.append(content);
        if (soft) {
            joining = true;
            joining_depth = depth;
        } else {
            joining = false;
            if (!last) out.push_back('\n');
        }
        if (last) break;
        i = eol + 1;
    }
    return out;
}

}  // namespace obrd::transfer
