#pragma once
// Everything in igdkit::ssdp: pure core (messages, parse/build, targets, matching, policy) and
// the Asio transport (searcher, responder).
#include "igdkit/ssdp/build.hpp"
#include "igdkit/ssdp/device_set.hpp"
#include "igdkit/ssdp/error.hpp"
#include "igdkit/ssdp/ipv6.hpp"
#include "igdkit/ssdp/messages.hpp"
#include "igdkit/ssdp/parse.hpp"
#include "igdkit/ssdp/policy.hpp"
#include "igdkit/ssdp/responder.hpp"
#include "igdkit/ssdp/search_target.hpp"
#include "igdkit/ssdp/searcher.hpp"
