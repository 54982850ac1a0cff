#include "hook.hpp"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <thread>

extern char** environ;

namespace igdctl {

hook_runner::~hook_runner() { wait_all(std::chrono::milliseconds(2000)); }

std::error_code hook_runner::run(const std::vector<std::string>& env) {
  reap();
  std::vector<std::string> storage(env);
  for (char** e = environ; *e; ++e) {
    const std::string entry(*e);
    const auto name = entry.substr(0, entry.find('=') + 1);
    const bool overridden = std::any_of(env.begin(), env.end(), [&](const std::string& x) { return x.starts_with(name); });
    if (!overridden) storage.push_back(entry);
  }
  std::vector<char*> envp;
  for (auto& s : storage) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::string sh = "/bin/sh", dash_c = "-c", cmd = command_;
  char* argv[] = {sh.data(), dash_c.data(), cmd.data(), nullptr};
  pid_t pid = 0;
  if (const int rc = ::posix_spawn(&pid, "/bin/sh", nullptr, nullptr, argv, envp.data()); rc != 0)
    return {rc, std::system_category()};
  running_.push_back(pid);
  return {};
}

void hook_runner::reap() {
  std::erase_if(running_, [](pid_t pid) {
    int status = 0;
    return ::waitpid(pid, &status, WNOHANG) != 0;  // finished (or not ours any more)
  });
}

void hook_runner::wait_all(std::chrono::milliseconds bound) {
  const auto deadline = std::chrono::steady_clock::now() + bound;
  reap();
  // A hook is a short command (a DNS update); a stuck one is left behind, not waited for.
  while (!running_.empty() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    reap();
  }
}

}  // namespace igdctl
