// raw_fetch.cpp: the raw IMAP fetch rate of a mailbox, the floor for obrd's fetching.
//
//   raw_fetch --url imap://HOST:PORT/MAILBOX --user USER --password-file FILE
//             [--buffer-size BYTES]
//
// One libcurl easy handle, reused for every transfer, so one connection logs in once:
// one UID SEARCH ALL, then one URL fetch MAILBOX/;UID=n per UID (libcurl sends
// UID FETCH n BODY[]), each letter into the same reused buffer and then dropped. This is
// what obrd's fetching does, without storing anything; CURLOPT_BUFFERSIZE is obrd's
// 128 KiB unless --buffer-size says otherwise. Prints one line:
//   raw_fetch letters=N bytes=B seconds=S
// where S is the wall-clock time from before the connection to after the last letter.
// Exits non-zero on any libcurl failure or when the mailbox is empty.
#include <curl/curl.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace {

extern "C" size_t append(char* data, size_t size, size_t count, void* user) {
    static_cast<std::string*>(user)->append(data, size * count);
    return size * count;
}

[[noreturn]] void fail(const std::string& what) {
    std::cerr << "raw_fetch: " << what << "\n";
    std::exit(1);
}

std::string read_password(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) fail("cannot read " + path);
    std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
    return s;
}

}  // namespace

int main(int argc, char** argv) {
    std::string url, user, password_file;
    long buffer_size = 128L << 10;  // as obrd (daemon/imap_session.cpp)
    for (int i = 1; i + 1 < argc; i += 2) {
        std::string key = argv[i];
        if (key == "--url")
            url = argv[i + 1];
        else if (key == "--user")
            user = argv[i + 1];
        else if (key == "--password-file")
            password_file = argv[i + 1];
        else if (key == "--buffer-size")
            buffer_size = std::stol(argv[i + 1]);
        else
            fail("unknown option " + key);
    }
    if (url.empty() || user.empty() || password_file.empty())
        fail("usage: raw_fetch --url imap://HOST:PORT/MAILBOX --user USER --password-file FILE");
    while (!url.empty() && url.back() == '/') url.pop_back();
    const std::string password = read_password(password_file);

    const auto start = std::chrono::steady_clock::now();
    curl_global_init(CURL_GLOBAL_DEFAULT);
    CURL* curl = curl_easy_init();
    if (!curl) fail("curl_easy_init failed");
    char error[CURL_ERROR_SIZE] = {};
    std::string buffer;
    curl_easy_setopt(curl, CURLOPT_USERNAME, user.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, password.c_str());
    curl_easy_setopt(curl, CURLOPT_BUFFERSIZE, buffer_size);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, append);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &buffer);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);

    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, "UID SEARCH ALL");
    if (CURLcode rc = curl_easy_perform(curl); rc != CURLE_OK)
        fail(std::string("UID SEARCH: ") + (error[0] ? error : curl_easy_strerror(rc)));
    std::vector<std::uint64_t> uids;
    {
        std::istringstream lines(buffer);
        std::string line;
        while (std::getline(lines, line)) {
            if (line.rfind("* SEARCH", 0) != 0) continue;
            std::istringstream words(line.substr(8));
            std::uint64_t uid;
            while (words >> uid) uids.push_back(uid);
        }
    }
    if (uids.empty()) fail("the mailbox " + url + " is empty");

    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, nullptr);
    std::uint64_t bytes = 0;
    for (std::uint64_t uid : uids) {
        const std::string letter_url = url + "/;UID=" + std::to_string(uid);
        curl_easy_setopt(curl, CURLOPT_URL, letter_url.c_str());
        buffer.clear();
        if (CURLcode rc = curl_easy_perform(curl); rc != CURLE_OK)
            fail("UID " + std::to_string(uid) + ": " + (error[0] ? error : curl_easy_strerror(rc)));
        if (buffer.empty()) fail("UID " + std::to_string(uid) + " came back empty");
        bytes += buffer.size();
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    curl_easy_cleanup(curl);
    curl_global_cleanup();
    std::printf("raw_fetch letters=%zu bytes=%llu seconds=%.4f\n", uids.size(),
                static_cast<unsigned long long>(bytes), seconds);
    return 0;
}
