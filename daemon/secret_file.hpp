// secret_file.hpp: reads a password from a file, never from the command line.
//
// A relative name is looked up in systemd's $CREDENTIALS_DIRECTORY (LoadCredential=; obrd
// --credentials-dir sets it outside systemd) when that is set, else taken relative to the
// working directory. A bare name that is found nowhere is reported as a credential name,
// with where it was looked for. One trailing newline
// is dropped. Errors name the file, never its content.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>

namespace obrd {

class SecretError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

std::filesystem::path resolve_secret_path(const std::filesystem::path& name);

// Throws SecretError when the file is missing, unreadable, empty or too long.
std::string read_secret(const std::filesystem::path& name);

}  // namespace obrd
