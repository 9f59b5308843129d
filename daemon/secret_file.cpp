// secret_file.cpp: see secret_file.hpp.
#include "daemon/secret_file.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>

namespace obrd {

std::filesystem::path resolve_secret_path(const std::filesystem::path& name) {
    if (name.is_absolute()) return name;
    if (const char* dir = std::getenv("CREDENTIALS_DIRECTORY"); dir && *dir) {
        auto candidate = std::filesystem::path(dir) / name;
        if (std::filesystem::exists(candidate)) return candidate;
    }
    return name;
}

std::string read_secret(const std::filesystem::path& name) {
    const auto path = resolve_secret_path(name);
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        const int error = errno;
        const char* dir = std::getenv("CREDENTIALS_DIRECTORY");
        // A bare name is a credential name: say where it was looked for.
        if (!name.is_absolute() && !name.has_parent_path())
            throw SecretError(
                "'" + name.string() +
                "' is a credential name and was found neither in "
                "$CREDENTIALS_DIRECTORY (" +
                (dir && *dir ? std::string(dir) : std::string("not set")) +
                ") nor in the working folder: under systemd, LoadCredential=" + name.string() +
                ":FILE provides it; outside systemd give obrd --credentials-dir "
                "DIR, or write a path");
        throw SecretError("password file '" + path.string() +
                          "' cannot be read: " + std::strerror(error));
    }
    std::string secret;
    // A password file is a few bytes; refuse anything that is clearly something else.
    constexpr std::size_t kMax = 4096;
    char c;
    while (in.get(c)) {
        if (secret.size() == kMax)
            throw SecretError("password file '" + path.string() + "' is too long");
        secret += c;
    }
    if (!secret.empty() && secret.back() == '\n') secret.pop_back();
    if (!secret.empty() && secret.back() == '\r') secret.pop_back();
    if (secret.empty()) throw SecretError("password file '" + path.string() + "' is empty");
    if (secret.find_first_of("\r\n") != std::string::npos)
        throw SecretError("password file '" + path.string() + "' holds more than one line");
    return secret;
}

}  // namespace obrd
