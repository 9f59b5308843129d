// sender.cpp: the sender extraction of sender.hpp.
//
// The text is handled as UTF-32 lines. Each kind of detail is looked for first in the
// signature block (the last lines, scanning upwards), then in the head (the first
// lines, where "от Петровой Анны Сергеевны" is read back into the nominative), then
// anywhere, so that the sender's own details win over organisations and
// people the letter merely mentions.
#include "parsers/sender.hpp"

#include <algorithm>
#include <optional>
#include <vector>

#include "parsers/identifiers.hpp"
#include "parsers/russian_names.hpp"
#include "parsers/text_util.hpp"

namespace obrd {

namespace {

using U32 = std::u32string;
using U32View = std::u32string_view;

constexpr std::size_t kTailLines = 12;
constexpr std::size_t kHeadLines = 8;

U32 to_u32(std::string_view s) {
    U32 out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) out.push_back(text::next_utf8(s, i));
    return out;
}

std::string to_utf8(U32View s) {
    std::string out;
    for (char32_t c : s) text::append_utf8(out, c);
    return out;
}

bool is_upper_cyr(char32_t c) {
    return (c >= U'А' && c <= U'Я') || c == U'Ё';
}
bool is_lower_cyr(char32_t c) {
    return (c >= U'а' && c <= U'я') || c == U'ё';
}
bool is_cyr(char32_t c) {
    return is_upper_cyr(c) || is_lower_cyr(c);
}
bool is_digit(char32_t c) {
    return c >= U'0' && c <= U'9';
}
bool is_blank(char32_t c) {
    return c == U' ' || c == U'\t' || c == 0xA0 || c == U'\r';
}

U32View trim(U32View s) {
    while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
    return s;
}

std::vector<U32View> split_words(U32View s) {
    std::vector<U32View> out;
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && is_blank(s[i])) ++i;
        const std::size_t start = i;
        while (i < s.size() && !is_blank(s[i])) ++i;
        if (i > start) out.push_back(s.substr(start, i - start));
    }
    return out;
}

// "Иванова" or "Иванова-Петрова": a capitalised Cyrillic word.
bool is_name_word(U32View w) {
    if (w.size() < 2 || !is_upper_cyr(w[0])) return false;
    bool after_hyphen = false;
    for (std::size_t i = 1; i < w.size(); ++i) {
        if (w[i] == U'-') {
            // One hyphen, followed by a capital: "Иванова-Петрова".
            if (after_hyphen || i + 1 >= w.size() || !is_upper_cyr(w[i + 1])) return false;
            after_hyphen = true;
            ++i;
            continue;
        }
        if (!is_lower_cyr(w[i])) return false;
    }
    return true;
}

struct FullName {
    std::optional<U32> last, first, patronymic;
    bool empty() const { return !last && !first && !patronymic; }
};

// Reads 1-3 name words in whatever order the writer used.
std::optional<FullName> name_from_words(const std::vector<U32View>& w, bool allow_single) {
    for (U32View x : w)
        if (!is_name_word(x)) return std::nullopt;
    FullName n;
    if (w.size() == 3) {
        if (names::looks_like_patronymic(w[2])) {
            n.last = U32(w[0]);
            n.first = U32(w[1]);
            n.patronymic = U32(w[2]);
        } else if (names::looks_like_patronymic(w[1]) && names::is_first_name(w[0])) {
            n.first = U32(w[0]);
            n.patronymic = U32(w[1]);
            n.last = U32(w[2]);
        } else {
            return std::nullopt;
        }
        return n;
    }
    if (w.size() == 2) {
        const bool first0 = names::is_first_name(w[0]);
        const bool first1 = names::is_first_name(w[1]);
        if (first0 && names::looks_like_patronymic(w[1])) {
            n.first = U32(w[0]);
            n.patronymic = U32(w[1]);
        } else if (first1 && !first0) {
            n.last = U32(w[0]);
            n.first = U32(w[1]);
        } else if (first0 && !first1) {
            n.first = U32(w[0]);
            n.last = U32(w[1]);
        } else if (first0 && first1) {
            n.last = U32(w[0]);  // both could be first names: surname first is the norm
            n.first = U32(w[1]);
        } else {
            return std::nullopt;
        }
        return n;
    }
    if (w.size() == 1 && allow_single) {
        if (names::is_first_name(w[0])) {
            n.first = U32(w[0]);
            return n;
        }
        if (names::looks_like_surname(w[0])) {
            n.last = U32(w[0]);
            return n;
        }
    }
    return std::nullopt;
}

// Strips a trailing date or punctuation a signer may leave on the name line.
U32View strip_line_tail(U32View line) {
    line = trim(line);
    while (!line.empty() && (line.back() == U',' || line.back() == U'.' || line.back() == U';')) {
        line.remove_suffix(1);
        line = trim(line);
    }
    return line;
}

std::optional<FullName> name_from_words_of(U32View text, bool allow_single) {
    text = strip_line_tail(text);
    std::vector<U32View> words = split_words(text);
    if (words.empty() || words.size() > 5) return std::nullopt;
    if (words.front() == U"ИП") {
        words.erase(words.begin());
    } else if (words.size() >= 3 && words[0] == U"Индивидуальный" &&
               words[1] == U"предприниматель") {
        words.erase(words.begin(), words.begin() + 2);
    }
    if (words.empty() || words.size() > 3) return std::nullopt;
    return name_from_words(words, allow_single);
}

// A position written before the signer's name: its first word names a post.
bool is_position(const std::vector<U32View>& words) {
    static const U32View posts[] = {
        U"директор",     U"генеральный", U"исполнительный", U"заместитель",
        U"руководитель", U"президент",   U"председатель",   U"менеджер",
        U"бухгалтер",    U"главный",     U"заведующий",     U"заведующая",
        U"юрист",        U"специалист",  U"управляющий",    U"учредитель"};
    if (words.empty()) return false;
    U32 first(words.front());
    if (!first.empty() && is_upper_cyr(first[0])) first[0] += 0x20;  // А-Я -> а-я
    for (U32View p : posts)
        if (first == p) return true;
    return false;
}

// A name line as signers write it: "Иванова Анна Сергеевна", "ИП Иванова Анна Сергеевна",
// "С уважением, Иванова Анна Сергеевна", "Иванова Анна Сергеевна, директор", or a
// position before the name: "Директор Иванова Анна Сергеевна".
std::optional<FullName> name_from_line(U32View line, bool allow_single) {
    if (auto n = name_from_words_of(line, allow_single)) return n;
    const std::size_t first_comma = line.find(U',');
    if (first_comma == U32View::npos) {
        // A position, then a full name with its patronymic.
        const std::vector<U32View> words = split_words(strip_line_tail(line));
        if (words.size() < 4 || words.size() > 7) return std::nullopt;
        const std::vector<U32View> position(words.begin(), words.end() - 3);
        if (!is_position(position)) return std::nullopt;
        const std::vector<U32View> name(words.end() - 3, words.end());
        if (!names::looks_like_patronymic(name[2])) return std::nullopt;
        return name_from_words(name, false);
    }
    const std::size_t last_comma = line.rfind(U',');
    if (auto n = name_from_words_of(line.substr(last_comma + 1), false)) return n;
    return name_from_words_of(line.substr(0, first_comma), false);
}

std::size_t closing_quote(U32View s, std::size_t open) {
    const char32_t q = s[open];
    char32_t close = q;
    if (q == U'«') close = U'»';
    if (q == U'“') close = U'”';
    if (q == U'„') close = U'“';
    int depth = 1;
    for (std::size_t i = open + 1; i < s.size(); ++i) {
        if (q == U'«' && s[i] == U'«') ++depth;
        if (s[i] == close && --depth == 0) return i;
    }
    return U32View::npos;
}

bool is_quote(char32_t c) {
    return c == U'«' || c == U'"' || c == U'“' || c == U'„';
}

bool word_boundary_before(U32View s, std::size_t pos) {
    return pos == 0 || !(is_cyr(s[pos - 1]) || is_digit(s[pos - 1]) ||
                         (s[pos - 1] < 128 && std::isalnum(int(s[pos - 1]))));
}

// An organisation named in `line`, as written: "ООО «Тёплый дом»", "АНО \"Серебряный
// возраст\"", "Благотворительный фонд «Маяк надежды»", "ИП Тен Александр Викторович".
std::optional<U32> organization_in_line(U32View line) {
    // The sender's organisation starts within the first words of its line (see the end of
    // this function), and its name is short: a bounded prefix keeps long lines linear.
    line = line.substr(0, 400);
    static const U32View abbreviations[] = {
        U"АНО ДПО", U"АНО", U"ООО", U"НКО", U"БФ",  U"ПАО", U"ЗАО", U"ОАО", U"АО",   U"НП",
        U"МУП",     U"ГУП", U"ГБУ", U"ГАУ", U"ГКУ", U"МБУ", U"МАУ", U"МКУ", U"ОГБУ", U"ФГУП",
        U"ЧУ",      U"РОО", U"МОО", U"ОО",  U"ТСЖ", U"СНТ", U"КФХ", U"НО",  U"ПК"};
    static const U32View full_forms[] = {U"Благотворительный фонд",
                                         U"Автономная некоммерческая организация",
                                         U"Общество с ограниченной ответственностью",
                                         U"Некоммерческая организация",
                                         U"Некоммерческое партнёрство",
                                         U"Некоммерческое партнерство",
                                         U"Ассоциация",
                                         U"Союз",
                                         U"Фонд",
                                         U"Публичное акционерное общество",
                                         U"Акционерное общество",
                                         U"Региональная общественная организация",
                                         U"Межрегиональная общественная организация",
                                         U"Общественная организация",
                                         U"Религиозная организация",
                                         U"Частное учреждение"};
    std::optional<std::pair<std::size_t, U32>> best;  // leftmost match wins
    auto offer = [&](std::size_t pos, U32 value) {
        if (!best || pos < best->first) best = std::make_pair(pos, std::move(value));
    };
    for (U32View abbr : abbreviations) {
        for (std::size_t pos = line.find(abbr); pos != U32View::npos;
             pos = line.find(abbr, pos + 1)) {
            if (!word_boundary_before(line, pos)) continue;
            std::size_t after = pos + abbr.size();
            if (after < line.size() && (is_cyr(line[after]) || is_digit(line[after]))) continue;
            std::size_t q = after;
            while (q < line.size() && is_blank(line[q])) ++q;
            if (q == after || q >= line.size()) continue;
            // "ГБУ СО «…»", "АНО ДО «…»": short upper-case qualifiers before the name.
            for (int qualifiers = 0; qualifiers < 2 && q < line.size() && is_upper_cyr(line[q]);
                 ++qualifiers) {
                std::size_t e = q;
                while (e < line.size() && is_upper_cyr(line[e])) ++e;
                if (e - q > 5 || e >= line.size() || !is_blank(line[e])) break;
                while (e < line.size() && is_blank(line[e])) ++e;
                q = e;
            }
            if (q < line.size() && is_quote(line[q])) {
                const std::size_t close = closing_quote(line, q);
                if (close == U32View::npos) continue;
                offer(pos, U32(line.substr(pos, close + 1 - pos)));
            }
        }
    }
    // ИП Фамилия Имя [Отчество]
    for (std::size_t pos = line.find(U"ИП"); pos != U32View::npos;
         pos = line.find(U"ИП", pos + 1)) {
        if (!word_boundary_before(line, pos)) continue;
        const std::size_t after = pos + 2;
        if (after >= line.size() || !is_blank(line[after])) continue;
        std::vector<U32View> words = split_words(line.substr(after, 120));
        std::size_t take = 0;
        std::size_t end = after;
        for (U32View w : words) {
            U32View bare = w;
            while (!bare.empty() && (bare.back() == U',' || bare.back() == U'.'))
                bare.remove_suffix(1);
            if (!is_name_word(bare) || take == 3) break;
            ++take;
            end = static_cast<std::size_t>(bare.data() + bare.size() - line.data());
            if (bare.size() != w.size()) break;
        }
        if (take >= 2) offer(pos, U32(line.substr(pos, end - pos)));
    }
    for (U32View form : full_forms) {
        for (std::size_t pos = line.find(form); pos != U32View::npos;
             pos = line.find(form, pos + 1)) {
            if (!word_boundary_before(line, pos)) continue;
            // The quoted name follows within a few words ("Ассоциация поставщиков ... «Вместе»").
            std::size_t q = pos + form.size();
            while (q < line.size() && q - pos < 120 && !is_quote(line[q])) {
                if (line[q] == U',' || line[q] == U'(' || line[q] == U'.') break;
                ++q;
            }
            if (q >= line.size() || !is_quote(line[q])) continue;
            const std::size_t close = closing_quote(line, q);
            if (close == U32View::npos) continue;
            offer(pos, U32(line.substr(pos, close + 1 - pos)));
        }
    }
    if (!best) return std::nullopt;
    // The sender's organisation stands on its own in a signature or letter head
    // ("директор АНО «…»", "АНО «…», г. …", "Фонд «…» (ИНН …"); one named inside a
    // sentence ("в службе поддержки ООО «…» под номером") is someone else's.
    const U32View before = line.substr(0, best->first);
    const U32View after = trim(line.substr(best->first + best->second.size()));
    if (split_words(before).size() > 4) return std::nullopt;
    for (char32_t c : before)
        if (c == U'.' || c == U',' || c == U'!' || c == U'?' || c == U';') return std::nullopt;
    if (!after.empty() && after.front() != U',' && after.front() != U'(' && after.front() != U'—' &&
        after.front() != U'-')
        return std::nullopt;
    return best->second;
}

// Digits after a label: "ИНН 6501912538", "ИНН: 6501912538", "ИНН/КПП 6501912538/650101001".
std::optional<U32> number_after_label(U32View line, U32View label,
                                      std::initializer_list<std::size_t> lengths) {
    for (std::size_t pos = line.find(label); pos != U32View::npos;
         pos = line.find(label, pos + 1)) {
        if (!word_boundary_before(line, pos)) continue;
        std::size_t i = pos + label.size();
        if (i < line.size() && is_cyr(line[i])) continue;  // ОГРН is not ОГРНИП
        if (line.substr(i, 4) == U"/КПП") i += 4;
        while (i < line.size() &&
               (is_blank(line[i]) || line[i] == U':' || line[i] == U'№' || line[i] == U'-'))
            ++i;
        const std::size_t start = i;
        while (i < line.size() && is_digit(line[i])) ++i;
        const std::size_t length = i - start;
        for (std::size_t want : lengths)
            if (length == want) return U32(line.substr(start, length));
    }
    return std::nullopt;
}

// A postal address: its index, a comma and the rest of the line ("694020, г. Корсаков,
// ул. Советская, д. 33"). A mistyped index (five or seven digits, or not starting with
// 1-6) is kept as written when an address follows, so that the rules can flag it.
std::optional<U32> postal_address_in_line(U32View line) {
    for (std::size_t pos = 0; pos + 5 <= line.size(); ++pos) {
        if (!is_digit(line[pos]) || (pos > 0 && (is_digit(line[pos - 1]) || line[pos - 1] == U'.' ||
                                                 line[pos - 1] == U'-' || line[pos - 1] == U'/')))
            continue;
        std::size_t end = pos;
        while (end < line.size() && is_digit(line[end])) ++end;
        const std::size_t length = end - pos;
        if (length < 5 || length > 7 || end >= line.size() || line[end] != U',') {
            pos = end;
            continue;
        }
        // The address runs to the end of the line, or to an unbalanced ")"; it is short,
        // and bounding it keeps a line of many numbers linear.
        std::size_t stop = std::min(line.size(), end + 300);
        int depth = 0;
        for (std::size_t i = end; i < stop; ++i) {
            if (line[i] == U'(') ++depth;
            if (line[i] == U')' && depth-- == 0) {
                stop = i;
                break;
            }
        }
        U32View address = trim(line.substr(pos, stop - pos));
        while (!address.empty() &&
               (address.back() == U';' || address.back() == U',' || address.back() == U'.'))
            address.remove_suffix(1);
        const U32View rest = address.substr(length);
        const bool proper_index = length == 6 && line[pos] >= U'1' && line[pos] <= U'6';
        bool has_letters = false;
        for (char32_t c : rest)
            if (is_cyr(c)) has_letters = true;
        bool has_address_words = false;
        for (U32View marker : {U"г.", U"обл", U"ул.", U"пгт", U"с.", U"пр.", U"д.", U"пер."})
            for (std::size_t at = rest.find(marker); at != U32View::npos && !has_address_words;
                 at = rest.find(marker, at + 1))
                has_address_words = word_boundary_before(rest, at);
        if ((proper_index && has_letters) || has_address_words) return U32(address);
        pos = end;
    }
    return std::nullopt;
}

std::optional<U32> phone_in_line(U32View line) {
    for (U32View label : {U"тел", U"Тел", U"телефон", U"Телефон", U"моб", U"Моб", U"т."}) {
        const std::size_t pos = line.find(label);
        if (pos == U32View::npos || !word_boundary_before(line, pos)) continue;
        std::size_t i = pos + label.size();
        while (i < line.size() &&
               (is_lower_cyr(line[i]) || line[i] == U'.' || line[i] == U':' || is_blank(line[i])))
            ++i;
        const std::size_t start = i;
        while (i < line.size() && (is_digit(line[i]) || line[i] == U'+' || line[i] == U'(' ||
                                   line[i] == U')' || line[i] == U'-' || is_blank(line[i])))
            ++i;
        if (i > start) return U32(trim(line.substr(start, i - start)));
    }
    return std::nullopt;
}

// The letter's own lines, trimmed and non-empty, as UTF-8 views: the quoted original of
// a reply or forward below them is cut off.
std::vector<std::string_view> own_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        auto eol = text.find('\n', pos);
        if (eol == std::string_view::npos) eol = text.size();
        const std::string_view t = text::trim(text.substr(pos, eol - pos));
        const bool quote_start =
            (!t.empty() && t.front() == '>') || t.starts_with("От:") || t.starts_with("From:") ||
            t.starts_with("-----Original Message") || t.starts_with("----- Original Message") ||
            t.starts_with("-----Исходное сообщение") ||
            t.starts_with("-------- Пересылаемое сообщение") ||
            t.starts_with("---------- Forwarded message") ||
            t.starts_with("-------- Forwarded Message") ||
            (t.ends_with("пишет:") && t.size() > 20) || (t.ends_with("wrote:") && t.size() > 10);
        if (quote_start && !lines.empty()) break;
        if (!t.empty()) lines.push_back(t);
        if (eol == text.size()) break;
        pos = eol + 1;
    }
    return lines;
}

// A cheap test on the UTF-8 bytes of a line, so that only candidate lines are converted
// to UTF-32 and searched.
using Prefilter = bool (*)(std::string_view);
using Finder = std::optional<U32> (*)(U32View);

// Signature and head details start near the beginning of their line: looking at the
// first bytes is enough, and keeps long paragraph lines cheap.
constexpr std::size_t kLinePrefix = 240;
// Identifiers and addresses further than this into one line are not looked for.
constexpr std::size_t kLongestSearchedLine = 8192;

bool contains(std::string_view l, std::string_view what) {
    return text::find_utf8(l, what) != std::string_view::npos;
}

bool may_name_organization(std::string_view l) {
    l = l.substr(0, kLinePrefix);
    return l.find('"') != std::string_view::npos || contains(l, "«") || contains(l, "“") ||
           contains(l, "„") || contains(l, "ИП");
}
bool may_hold_inn(std::string_view l) {
    return contains(l, "ИНН");
}
bool may_hold_ogrn(std::string_view l) {
    return contains(l, "ОГРН");
}
bool may_hold_postal_address(std::string_view l) {
    // Five to seven digits right before a comma: "694020, ..."
    for (std::size_t comma = l.find(','); comma != std::string_view::npos;
         comma = l.find(',', comma + 1)) {
        std::size_t digits = 0;
        while (digits < comma && digits < 8 && text::is_ascii_digit(l[comma - 1 - digits]))
            ++digits;
        if (digits >= 5 && digits <= 7) return true;
    }
    return false;
}
bool may_hold_phone(std::string_view l) {
    l = l.substr(0, kLinePrefix);
    const bool labelled = contains(l, "тел") || contains(l, "Тел") || contains(l, "моб") ||
                          contains(l, "Моб") || contains(l, "т.");
    if (!labelled) return false;
    for (char c : l)
        if (text::is_ascii_digit(c)) return true;
    return false;
}

// Searches the signature block upwards, then the head downwards, then (when `anywhere`)
// everything.
std::optional<U32> find_in_letter(const std::vector<std::string_view>& lines, Prefilter may_match,
                                  Finder find, bool anywhere = true) {
    auto try_line = [&](std::string_view line) -> std::optional<U32> {
        if (!may_match(line)) return std::nullopt;
        return find(to_u32(line.substr(0, kLongestSearchedLine)));
    };
    const std::size_t tail_from = lines.size() > kTailLines ? lines.size() - kTailLines : 0;
    for (std::size_t k = lines.size(); k-- > tail_from;)
        if (auto v = try_line(lines[k])) return v;
    for (std::size_t k = 0; k < lines.size() && k < kHeadLines; ++k)
        if (auto v = try_line(lines[k])) return v;
    if (!anywhere) return std::nullopt;
    for (std::size_t k = kHeadLines; k < tail_from; ++k)
        if (auto v = try_line(lines[k])) return v;
    return std::nullopt;
}

bool ends_with(U32View w, U32View end) {
    return w.size() > end.size() && w.substr(w.size() - end.size()) == end;
}

U32 replace_end(U32View w, std::size_t cut, U32View with) {
    return U32(w.substr(0, w.size() - cut)) + U32(with);
}

// "от Петровой Анны Сергеевны", "от Петрова Ивана Сергеевича": a name in the genitive, as
// the head of a letter to an official writes it, read back into the nominative. The
// patronymic (or the first name) tells the gender; the first name must be a known one in
// its nominative; surnames that do not decline (Ким, Черных, Шевченко) stay as written.
std::optional<FullName> nominative_of_genitive(U32View last, U32View first, U32View patronymic) {
    bool female = false, male = false;
    U32 p;
    if (!patronymic.empty()) {
        if (ends_with(patronymic, U"вны") || ends_with(patronymic, U"чны")) {
            female = true;
            p = replace_end(patronymic, 1, U"а");
        } else if (ends_with(patronymic, U"вича") || ends_with(patronymic, U"ича")) {
            male = true;
            p = replace_end(patronymic, 1, U"");
        } else {
            return std::nullopt;
        }
    }
    // The first name: the nominative the list knows, of the right gender when known.
    U32 f;
    const std::vector<std::pair<U32, bool>> candidates = {
        // feminine: Анны, Марии, Натальи, Ольги; masculine: Ивана, Андрея, Ильи, Никиты
        {ends_with(first, U"ы") ? replace_end(first, 1, U"а") : U32(), true},
        {ends_with(first, U"ии") ? replace_end(first, 1, U"я") : U32(), true},
        {ends_with(first, U"ьи") ? replace_end(first, 1, U"я") : U32(), true},
        {ends_with(first, U"и") ? replace_end(first, 1, U"а") : U32(), true},
        {ends_with(first, U"а") ? replace_end(first, 1, U"") : U32(), false},
        {ends_with(first, U"я") ? replace_end(first, 1, U"й") : U32(), false},
        {ends_with(first, U"ьи") ? replace_end(first, 1, U"я") : U32(), false},
        {ends_with(first, U"ы") ? replace_end(first, 1, U"а") : U32(), false},
    };
    for (const auto& [candidate, feminine] : candidates) {
        if (candidate.empty() || !names::is_first_name(candidate)) continue;
        if ((female && !feminine) || (male && feminine)) continue;
        f = candidate;
        female = feminine;
        male = !feminine;
        break;
    }
    if (f.empty()) return std::nullopt;
    U32 l(last);
    if (female) {
        if (ends_with(last, U"ской") || ends_with(last, U"цкой"))
            l = replace_end(last, 2, U"ая");
        else if (ends_with(last, U"ой"))
            l = replace_end(last, 2, U"а");
    } else {
        if (ends_with(last, U"ского") || ends_with(last, U"цкого"))
            l = replace_end(last, 3, U"ий");
        else if (ends_with(last, U"ова") || ends_with(last, U"ева") || ends_with(last, U"ёва") ||
                 ends_with(last, U"ина") || ends_with(last, U"ына"))
            l = replace_end(last, 1, U"");
    }
    FullName n;
    n.last = l;
    n.first = f;
    if (!p.empty()) n.patronymic = p;
    return n;
}

// A head line "от [position or ИП in the genitive] Фамилии Имени Отчества[, ...]".
std::optional<FullName> name_from_genitive_line(U32View line) {
    line = trim(line);
    if (line.size() < 4 || (line.substr(0, 3) != U"от " && line.substr(0, 3) != U"От "))
        return std::nullopt;
    U32View rest = line.substr(3);
    rest = rest.substr(0, rest.find(U','));
    const std::vector<U32View> words = split_words(strip_line_tail(rest));
    // The name: the last two or three words, all capitalised; before them only lower-case
    // words of a position ("индивидуального предпринимателя", "директора") or "ИП".
    std::vector<U32View> name;
    for (U32View w : words) {
        if (is_name_word(w))
            name.push_back(w);
        else if (!name.empty() || (w != U"ИП" && !(w.size() > 1 && is_lower_cyr(w[0]))))
            return std::nullopt;
    }
    if (name.size() == 3) return nominative_of_genitive(name[0], name[1], name[2]);
    if (name.size() == 2) return nominative_of_genitive(name[0], name[1], U"");
    return std::nullopt;
}

std::optional<FullName> name_from_signature(const std::vector<std::string_view>& lines) {
    const std::size_t tail_from = lines.size() > kTailLines ? lines.size() - kTailLines : 0;
    // The last lines first; a single word counts as a name only near the very end.
    // A name line holds at most "ИП" and three words: long lines are skipped unconverted.
    constexpr std::size_t kLongestNameLine = 160;
    for (std::size_t k = lines.size(); k-- > tail_from;) {
        if (lines[k].size() > kLongestNameLine) continue;
        const bool near_end = lines.size() - k <= 4;
        if (auto n = name_from_line(to_u32(lines[k]), near_end)) return n;
    }
    for (std::size_t k = 0; k < lines.size() && k < kHeadLines; ++k) {
        if (lines[k].size() > kLongestNameLine) continue;
        const U32 line = to_u32(lines[k]);
        if (auto n = name_from_line(line, false)) return n;
        if (auto n = name_from_genitive_line(line)) return n;
    }
    return std::nullopt;
}

std::optional<FullName> name_from_display(std::string_view display) {
    const U32 d = to_u32(display);
    std::vector<U32View> words = split_words(trim(d));
    if (words.empty() || words.size() > 3) return std::nullopt;
    return name_from_words(words, false);
}

bool usable_reply_address(std::string_view address) {
    if (!email_is_valid(address)) return false;
    const std::string local = text::to_lower_ascii(address.substr(0, address.find('@')));
    return local != "noreply" && local != "no-reply" && local != "donotreply" &&
           local != "do-not-reply" && local != "mailer-daemon" && local != "postmaster";
}

std::optional<std::string> nonempty(const std::string& s) {
    if (text::trim(s).empty()) return std::nullopt;
    return std::string(text::trim(s));
}

SenderDetails from_form(const WebForm& form) {
    SenderDetails s;
    s.last_name = nonempty(form.last_name);
    s.first_name = nonempty(form.first_name);
    s.patronymic = nonempty(form.patronymic);
    s.organization = nonempty(form.organization);
    s.inn = nonempty(form.inn);
    if (form.email.find('@') != std::string::npos) s.email = form.email;
    if (auto p = normalize_phone(form.phone))
        s.phone = *p;
    else
        s.phone = nonempty(form.phone);
    s.postal_address = nonempty(form.postal_address);
    return s;
}

// Lower-cases the ASCII and Russian letters of a short UTF-8 word into `out`.
std::string_view lower_word(std::string_view w, char (&out)[32]) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < w.size() && n + 2 <= sizeof out; ++i) {
        const auto b = static_cast<unsigned char>(w[i]);
        if (b == 0xD0 && i + 1 < w.size()) {
            const auto c = static_cast<unsigned char>(w[i + 1]);
            if (c >= 0x90 && c <= 0x9F) {  // А-П -> а-п
                out[n++] = '\xD0';
                out[n++] = char(c + 0x20);
            } else if (c >= 0xA0 && c <= 0xAF) {  // Р-Я -> р-я
                out[n++] = '\xD1';
                out[n++] = char(c - 0x20);
            } else if (c == 0x81) {  // Ё -> ё
                out[n++] = '\xD1';
                out[n++] = '\x91';
            } else {
                out[n++] = char(b);
                out[n++] = char(c);
            }
            ++i;
            continue;
        }
        out[n++] = text::ascii_lower(char(b));
    }
    return std::string_view(out, n);
}

}  // namespace

bool text_looks_readable(std::string_view text) {
    // Sorted for binary search (byte order of UTF-8 is code point order).
    static const std::string_view common[] = {
        "a",   "and",       "for",  "in",  "is",           "of",    "please", "the",
        "to",  "you",       "а",    "в",   "вам",          "вас",   "вы",     "день",
        "для", "добрый",    "если", "за",  "здравствуйте", "и",     "из",     "или",
        "к",   "как",       "мы",   "на",  "нам",          "нас",   "не",     "но",
        "о",   "от",        "по",   "при", "просим",       "прошу", "с",      "спасибо",
        "у",   "уважением", "уже",  "что", "это",          "я"};
    // The first few thousand bytes decide; this keeps the test cheap on long letters.
    text = text.substr(0, std::min<std::size_t>(text.size(), 2000));
    std::vector<std::string_view> seen;
    std::size_t i = 0;
    while (i < text.size()) {
        // Words are runs of ASCII letters and non-ASCII bytes.
        auto in_word = [&](std::size_t k) {
            const auto b = static_cast<unsigned char>(text[k]);
            return b >= 0x80 || text::is_ascii_alpha(char(b));
        };
        while (i < text.size() && !in_word(i)) ++i;
        const std::size_t start = i;
        while (i < text.size() && in_word(i)) ++i;
        if (i == start || i - start > 24) continue;
        char buffer[32];
        const std::string_view word = lower_word(text.substr(start, i - start), buffer);
        const auto* hit = std::lower_bound(std::begin(common), std::end(common), word);
        if (hit == std::end(common) || *hit != word) continue;
        if (std::find(seen.begin(), seen.end(), *hit) != seen.end()) continue;
        seen.push_back(*hit);
        if (seen.size() >= 3) return true;
    }
    return false;
}

SenderDetails extract_sender(const Letter& letter) {
    if (letter.form) return from_form(*letter.form);
    SenderDetails s;
    const std::vector<std::string_view> lines = own_lines(letter.text);

    std::optional<FullName> name = name_from_signature(lines);
    if (!name && !text_looks_readable(letter.text)) name = name_from_display(letter.from.name);
    if (name) {
        if (name->last) s.last_name = to_utf8(*name->last);
        if (name->first) s.first_name = to_utf8(*name->first);
        if (name->patronymic) s.patronymic = to_utf8(*name->patronymic);
    }
    // Organisations the letter merely mentions (a management company, a supplier) sit in
    // the middle; the sender's own is in the signature or the head.
    if (auto v = find_in_letter(lines, may_name_organization, organization_in_line, false))
        s.organization = to_utf8(*v);
    const Finder inn = [](U32View l) { return number_after_label(l, U"ИНН", {10, 12}); };
    if (auto v = find_in_letter(lines, may_hold_inn, inn)) s.inn = to_utf8(*v);
    const Finder ogrn = [](U32View l) {
        if (auto v = number_after_label(l, U"ОГРНИП", {15})) return v;
        return number_after_label(l, U"ОГРН", {13, 15});
    };
    if (auto v = find_in_letter(lines, may_hold_ogrn, ogrn)) s.ogrn = to_utf8(*v);
    if (auto v = find_in_letter(lines, may_hold_postal_address, postal_address_in_line))
        s.postal_address = to_utf8(*v);
    // A phone number is only the sender's in the signature or the head.
    if (auto v = find_in_letter(lines, may_hold_phone, phone_in_line, false)) {
        if (auto p = normalize_phone(to_utf8(*v))) s.phone = *p;
    }
    if (!letter.reply_to.empty() && !letter.reply_to.front().address.empty())
        s.email = letter.reply_to.front().address;
    else if (!letter.from.address.empty())
        s.email = letter.from.address;
    return s;
}

std::string choose_reply_address(const Letter& letter) {
    if (letter.form) {
        const std::string email(text::trim(letter.form->email));
        if (usable_reply_address(email)) return email;
    }
    for (const Address& a : letter.reply_to)
        if (usable_reply_address(a.address)) return a.address;
    if (!letter.form && usable_reply_address(letter.from.address)) return letter.from.address;
    return {};
}

}  // namespace obrd
