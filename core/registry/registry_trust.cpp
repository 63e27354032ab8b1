#include "registry_trust.hpp"

#include <cerrno>
#include <cstdio>
#include <system_error>

#include <sys/stat.h>
#include <unistd.h>

namespace nnplug::detail {

namespace {

std::string octal_mode(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", unsigned(mode & 07777));
  return text;
}

std::string skipped(const std::filesystem::path& path, const char* what, const std::string& reason,
                    const std::string& fix) {
  return path.string() + ": plugin " + what + " " + reason +
         ", so someone else could replace the code nnplug would run; skipped. " + fix +
         ", or pass --allow-insecure-plugins to load it anyway";
}

}  // namespace

std::string why_untrusted(const std::filesystem::path& path, const char* what) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0)
    return path.string() + ": cannot check plugin " + what + ": " + std::system_category().message(errno);
  const uid_t user = ::geteuid();
  if (info.st_uid != 0 && info.st_uid != user)
    return skipped(path, what,
                   "is owned by uid " + std::to_string(info.st_uid) + ", neither you (uid " + std::to_string(user) +
                       ") nor root",
                   "Have it owned by you or root (chown)");
  if (info.st_mode & (S_IWGRP | S_IWOTH)) {
    const char* who = (info.st_mode & S_IWOTH) ? "everyone" : "its group";
    return skipped(path, what, std::string("is writable by ") + who + " (mode " + octal_mode(info.st_mode) + ")",
                   "Fix it with 'chmod go-w " + path.string() + "'");
  }
  return {};
}

}  // namespace nnplug::detail
