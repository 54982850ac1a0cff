#define BOOST_TEST_MODULE simrouter_core_model
#include <boost/test/unit_test.hpp>

#include "core_rig.hpp"

#include <algorithm>
#include <optional>
#include <random>

using namespace simtest;

namespace {

// The obvious model: a vector in insertion order, scanned linearly.
struct model_entry {
  int port;
  std::string proto;
  std::string client;
  int iport;
  std::optional<clock::duration> expires;  // since t0
};

struct model {
  std::vector<model_entry> rows;
  void expire(clock::duration now) {
    std::erase_if(rows, [&](const model_entry& e) { return e.expires && *e.expires <= now; });
  }
  model_entry* find(int port, const std::string& proto) {
    auto it = std::find_if(rows.begin(), rows.end(), [&](auto& e) { return e.port == port && e.proto == proto; });
    return it == rows.end() ? nullptr : &*it;
  }
};

}  // namespace

BOOST_AUTO_TEST_CASE(random_operations_match_model) {
  igdkit::sim::router_config cfg;
  cfg.version = igdkit::sim::igd_version::v1;
  cfg.secure_mode = false;
  rig r(cfg);
  model m;
  std::mt19937 rng(20240611);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  const std::string clients[] = {"192.168.1.10", "192.168.1.11", "192.168.1.12"};
  const std::string protos[] = {"TCP", "UDP"};
  clock::duration now = 0s;
  std::uint32_t last_id = r.handler.system_update_id();

  for (int step = 0; step < 3000; ++step) {
    BOOST_TEST_CONTEXT("step " << step) {
      now += std::chrono::milliseconds(pick(1500));
      m.expire(now);
      const int port = 40000 + pick(12);
      const auto& proto = protos[pick(2)];
      const auto& client = clients[pick(3)];
      switch (pick(4)) {
        case 0:
        case 1: {
          const int lease = std::array{0, 3, 10, 40}[static_cast<std::size_t>(pick(4))];
          const int iport = 1024 + pick(100);
          const int got = code(r.add(port, proto, client, lease, iport, "", now));
          auto* e = m.find(port, proto);
          const std::optional<clock::duration> expires =
              lease ? std::optional<clock::duration>(now + std::chrono::seconds(lease)) : std::nullopt;
          if (e && e->client != client) {
            BOOST_TEST(got == 718);
          } else {
            BOOST_TEST(got == 0);
            if (e) *e = {port, proto, client, iport, expires};
            else m.rows.push_back({port, proto, client, iport, expires});
          }
          break;
        }
        case 2: {
          const int got = code(r.del(port, proto, client, now));
          BOOST_TEST(got == (m.find(port, proto) ? 0 : 714));
          std::erase_if(m.rows, [&](auto& e) { return e.port == port && e.proto == proto; });
          break;
        }
        default: {
          auto* e = m.find(port, proto);
          auto got = r.get(port, proto, now);
          BOOST_TEST(code(got) == (e ? 0 : 714));
          if (e) {
            BOOST_TEST(out(got, "NewInternalPort") == std::to_string(e->iport));
            BOOST_TEST(out(got, "NewInternalClient") == e->client);
            const auto left = e->expires ? std::chrono::ceil<std::chrono::seconds>(*e->expires - now).count() : 0;
            BOOST_TEST(out(got, "NewLeaseDuration") == std::to_string(left));
          }
        }
      }
      // The whole generic enumeration equals the model, in order.
      if (step % 7 == 0) {
        std::size_t i = 0;
        for (; i < m.rows.size(); ++i) {
          auto e = r.call("GetGenericPortMappingEntry", {{"NewPortMappingIndex", std::to_string(i)}}, me, now);
          BOOST_TEST(out(e, "NewExternalPort") == std::to_string(m.rows[i].port));
          BOOST_TEST(out(e, "NewProtocol") == m.rows[i].proto);
        }
        auto past = r.call("GetGenericPortMappingEntry", {{"NewPortMappingIndex", std::to_string(i)}}, me, now);
        BOOST_TEST(code(past) == 713);
      }
      BOOST_TEST(r.handler.mapping_count(t0 + now) == m.rows.size());
      BOOST_TEST(r.handler.system_update_id() >= last_id);
      last_id = r.handler.system_update_id();
    }
  }
}
