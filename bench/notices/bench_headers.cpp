// bench_headers.cpp: what cutting a header into encoded words costs (notices/mime.cpp,
// a dynamic programme over the value's character boundaries, bounded by the 75 characters
// of an encoded word).
//
// usage: bench_headers [--count N]
// Generates N Subjects (default 20000) of Russian words, 20 to 300 bytes long (a notice's
// values are cut to 300), from a fixed seed; times unstructured_header() over all of them,
// and address_header() with the ministry's name; prints headers, seconds, microseconds per
// header, and the longest header seen in bytes.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "notices/mime.hpp"

using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
    std::size_t count = 20000;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--count") == 0 && i + 1 < argc) {
            count = std::strtoul(argv[++i], nullptr, 10);
        } else {
            std::fprintf(stderr, "usage: bench_headers [--count N]\n");
            return 64;
        }
    }
    const std::vector<std::string> words = {"о",
                                            "и",
                                            "в",
                                            "по",
                                            "на",
                                            "срок",
                                            "жалоба",
                                            "обращение",
                                            "зарегистрировано",
                                            "МСЗ-2026-000123",
                                            "—",
                                            "(Re:",
                                            "поставщику",
                                            "социальных",
                                            "услуг",
                                            "Сахалинской",
                                            "области",
                                            "«Забота»",
                                            "2027",
                                            "внеплановой",
                                            "проверки",
                                            "ИП"};
    std::uint32_t seed = 2026;
    auto next = [&] { return seed = seed * 1103515245u + 12345u; };
    std::vector<std::string> subjects;
    subjects.reserve(count);
    for (std::size_t k = 0; k < count; ++k) {
        const std::size_t target = 20 + next() % 281;
        std::string s;
        while (s.size() < target) s += (s.empty() ? "" : " ") + words[(next() >> 8) % words.size()];
        subjects.push_back(s.substr(0, s.rfind(' ', 300)));
    }
    std::size_t longest = 0, total = 0;
    auto t0 = Clock::now();
    for (const auto& s : subjects) {
        const std::string h = obrd::mime::unstructured_header("Subject", s);
        total += h.size();
        longest = std::max(longest, h.size());
    }
    const double subject_s = std::chrono::duration<double>(Clock::now() - t0).count();
    t0 = Clock::now();
    for (std::size_t k = 0; k < count; ++k)
        total +=
            obrd::mime::address_header("From", "Министерство социальной защиты Сахалинской области",
                                       "mszso@sakhalin.gov.ru")
                .size();
    const double from_s = std::chrono::duration<double>(Clock::now() - t0).count();
    std::printf("subject: %zu headers, %.3f s, %.2f us/header, longest %zu bytes\n", count,
                subject_s, subject_s * 1e6 / double(count), longest);
    std::printf("from:    %zu headers, %.3f s, %.2f us/header (%zu bytes written)\n", count, from_s,
                from_s * 1e6 / double(count), total);
    return 0;
}
