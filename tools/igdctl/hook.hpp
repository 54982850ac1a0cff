#pragma once
// igdctl expose --on-ip-change CMD: runs CMD through /bin/sh with the new address in the
// environment (IGDKIT_EXTERNAL_IP, IGDKIT_PREVIOUS_IP), without waiting for it, so a dynamic-DNS
// update never stalls the keeper. Children are reaped as they finish and, at exit, for a bounded
// time.
#include <chrono>
#include <string>
#include <system_error>
#include <vector>

#include <sys/types.h>

namespace igdctl {

class hook_runner {
 public:
  explicit hook_runner(std::string command) : command_(std::move(command)) {}
  ~hook_runner();
  hook_runner(const hook_runner&) = delete;
  hook_runner& operator=(const hook_runner&) = delete;

  // Starts the command with `env` ("NAME=value") added to this process's environment.
  std::error_code run(const std::vector<std::string>& env);
  void reap();  // collects finished children
  void wait_all(std::chrono::milliseconds bound);

 private:
  std::string command_;
  std::vector<pid_t> running_;
};

}  // namespace igdctl
