#pragma once
// One function per igdctl command (one file each); main.cpp dispatches on the name.
#include "context.hpp"

namespace igdctl {

int run_discover(context& ctx);
int run_status(context& ctx);
int run_external_ip(context& ctx);
int run_stats(context& ctx);
int run_add(context& ctx);
int run_add_any(context& ctx);
int run_delete(context& ctx);
int run_delete_range(context& ctx);
int run_get(context& ctx);
int run_list(context& ctx);
int run_pinhole(context& ctx);
int run_expose(context& ctx);
int run_validate(context& ctx);
int run_diagnose(context& ctx);
int run_probe_server(context& ctx);
int run_watch(context& ctx);
int run_conformance(context& ctx);

}  // namespace igdctl
