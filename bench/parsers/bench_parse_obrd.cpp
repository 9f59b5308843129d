// bench_parse_obrd.cpp: obrd's parser over a list of letters, for run_parse_bench.sh.
//
// Reads each file into memory, parses it (text parts to UTF-8, HTML to text, every
// attachment decoded and hashed) and drops it before the next. Prints one line:
//   impl=obrd letters=N bytes=B seconds=S text_bytes=T attachment_bytes=A parts=P maxrss_kb=K
// Time includes the file reads, as in shared/reference/speed-anchors.md.
//
// usage: bench_parse_obrd LIST_FILE   (one path per line)
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "parsers/parse.hpp"

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: bench_parse_obrd LIST_FILE\n";
        return 64;
    }
    std::vector<std::string> files;
    std::ifstream list(argv[1]);
    for (std::string line; std::getline(list, line);)
        if (!line.empty()) files.push_back(line);

    std::size_t bytes = 0, text_bytes = 0, attachment_bytes = 0, parts = 0;
    const auto start = std::chrono::steady_clock::now();
    for (const std::string& path : files) {
        std::string raw;
        {
            std::ifstream in(path, std::ios::binary | std::ios::ate);
            if (!in) continue;
            raw.resize(static_cast<std::size_t>(in.tellg()));
            in.seekg(0);
            in.read(raw.data(), static_cast<std::streamsize>(raw.size()));
        }
        bytes += raw.size();
        const obrd::Letter letter = obrd::parse_letter(raw);
        text_bytes += letter.text.size() + letter.html.size();
        for (const obrd::Attachment& a : letter.attachments) attachment_bytes += a.size;
        parts += letter.attachments.size() + 1;
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::printf(
        "impl=obrd letters=%zu bytes=%zu seconds=%.6f text_bytes=%zu attachment_bytes=%zu "
        "parts=%zu maxrss_kb=%ld\n",
        files.size(), bytes, seconds, text_bytes, attachment_bytes, parts, usage.ru_maxrss);
    return 0;
}
