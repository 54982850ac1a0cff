#pragma once
// The mapping keeper's logic as a sans-I/O state machine (in the style of Boost.MySQL's sansio
// algorithms and h11). Inputs: the desired sets, the outcome of each operation it asked for, the
// time, and observations (a refresh request, an SSDP BOOTID). Output, one step at a time: an
// event to deliver, an operation to send (operations.hpp), or "nothing before T". No sockets, no
// clock: `now` is always passed in, so tests run hours of leases in milliseconds.
//
// What it does:
//  - finds the gateway, adds every desired mapping (candidate ports under each mapping's policy,
//    never two of our mappings on one external port; a new port is read first, so a mapping of
//    another application, even on this host, counts as taken), reads each back
//    (GetSpecificPortMappingEntry);
//  - renews at half the granted lease, then verifies; permanent mappings (routers that only take
//    lease 0) are verified at every health check and deleted at stop like the others;
//  - checks the gateway every check_interval: uptime going backwards = a reboot, the external
//    address changing = external_ip_changed, and one mapping (in turn) read back: 714 means the
//    table was lost; a reboot or a lost entry restores every mapping at once;
//  - a transport failure means the gateway is lost: back off, rediscover, restore everything
//    (a different UDN is reported as a replaced gateway);
//  - removes mappings an earlier run left (found by the remembered ports and the description tag);
//  - stop(): removes every mapping it made, best effort within stop_bound.
// One operation is in flight at a time; failures back off exponentially, so it never spins.
#include "igdkit/igd/keeper/desired_mapping.hpp"
#include "igdkit/igd/keeper/events.hpp"
#include "igdkit/igd/keeper/operations.hpp"

#include <chrono>
#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace igdkit::igd::keeper {

using clock = std::chrono::steady_clock;

struct keeper_options {
  std::string tag = "igdkit";  // descriptions read "<tag>: <description or set/label>"
  std::chrono::seconds check_interval{60};  // gateway health check (uptime, external address)
  std::chrono::seconds min_renewal{30};     // never renew more often than this
  std::chrono::seconds retry_initial{1};    // backoff after a failure, doubling ...
  std::chrono::seconds retry_max{300};      // ... up to this
  unsigned max_candidates = 16;             // ports tried under same_port_or_next / any (IGD:1)
  std::chrono::milliseconds stop_bound{3000};
};

// A port chosen in this or an earlier run: persisted (state_store.hpp) so a restart asks for the
// same external ports, and so mappings an earlier run left behind can be found and removed.
struct remembered_port {
  mapping_id id;
  protocol proto = protocol::tcp;
  std::uint16_t external_port = 0;
  boost::asio::ip::address_v4 internal_client;
  std::uint16_t internal_port = 0;
  bool permanent = false;  // lease 0: nothing expires it, so it must be deleted explicitly
  friend bool operator==(const remembered_port&, const remembered_port&) = default;
};

// Where one desired mapping stands, for status displays.
enum class mapping_phase : std::uint8_t { waiting, adding, verifying, up, failed, removing };
std::string_view to_string(mapping_phase p) noexcept;

struct mapping_status {
  mapping_id id;
  protocol proto = protocol::tcp;
  mapping_phase phase = mapping_phase::waiting;
  std::optional<std::uint16_t> external_port;  // granted
  std::uint16_t internal_port = 0;
  std::string last_error;
};

class core {
 public:
  struct send {
    operation op;
  };
  struct wait_until {
    clock::time_point at;  // nothing to do before then, unless an input arrives
  };
  struct await_outcome {};  // the operation sent last has not been answered yet
  struct done {};           // stopped
  using step = std::variant<event, send, wait_until, await_outcome, done>;

  explicit core(keeper_options options = {}, std::vector<remembered_port> remembered = {});

  // ---- inputs ------------------------------------------------------------------------------
  // Adds or replaces a set; mappings no longer in it are removed from the router.
  void put_set(mapping_set set, clock::time_point now);
  void remove_set(std::string_view name, clock::time_point now);
  // Re-check the gateway (external address, uptime) now instead of at the next interval.
  void refresh(clock::time_point now);
  // An SSDP alive/answer of `udn` carrying BOOTID.UPNP.ORG `boot_id`.
  void observe_boot_id(std::string_view udn, std::uint32_t boot_id, clock::time_point now);
  // The WAN connection's state as the router evented it (ConnectionStatus): while it is down no
  // mapping is usable from outside, so each one that was up goes down (wan_down); when it is
  // back, every mapping is verified again and reported restored.
  void observe_connection(bool connected, clock::time_point now);
  void stop(clock::time_point now);

  // ---- outputs -----------------------------------------------------------------------------
  step next(clock::time_point now);
  // The answer to the last `send`.
  void on_outcome(outcome answer, clock::time_point now);

  // ---- inspection --------------------------------------------------------------------------
  // What the state file should hold: every port chosen for a mapping of a set that was not
  // removed, including those stop() took off the router (a restart asks for them again).
  std::vector<remembered_port> chosen_ports() const;
  std::vector<mapping_status> status() const;
  const std::optional<gateway_identity>& gateway() const noexcept { return gateway_; }
  const std::optional<boost::asio::ip::address_v4>& external_ip() const noexcept { return external_ip_; }
  const keeper_options& options() const noexcept { return options_; }

 private:
  struct slot {
    mapping_id id;
    desired_mapping want;
    mapping_phase phase = mapping_phase::waiting;
    std::vector<std::uint16_t> candidates;  // external ports to try, in order
    std::size_t candidate = 0;
    std::optional<mapping_result> granted;  // what the router holds for us
    std::optional<std::uint16_t> announced_port;  // the port of the last mapping_up
    clock::time_point due{};
    std::optional<clock::time_point> spot_check_due;  // set while a health-check read-back runs
    unsigned failures = 0;
    bool restoring = false;   // it was up and got lost: the next up is a restoration
    bool zero_lease = false;  // this router only takes permanent mappings
    bool removing = false;    // its set was removed (or stop): delete, then drop
    bool prechecked = false;  // the current candidate was read back free (or ours) before adding
    std::string last_error;
  };
  // A mapping an earlier run left: read it back, delete it if it is still ours.
  struct stale_entry {
    remembered_port port;
    bool checked = false;
    bool is_ours = false;
  };
  enum class flight_kind : std::uint8_t { find, state, precheck, add, verify, remove, stale_read, stale_remove };
  struct in_flight {
    flight_kind kind;
    std::size_t index = 0;  // slot or stale entry
  };

  void emit(event e) { events_.push_back(std::move(e)); }
  std::optional<step> gateway_work(clock::time_point now);
  std::optional<step> stop_work(clock::time_point now);
  std::optional<step> slot_work(clock::time_point now);
  std::optional<step> stale_work();
  send start_add(std::size_t index);
  void finish_find(const result<gateway_identity>& r, clock::time_point now);
  void finish_state(const result<gateway_state>& r, clock::time_point now);
  void finish_add(std::size_t index, const result<mapping_result>& r, clock::time_point now);
  void finish_precheck(std::size_t index, const result<mapping_entry>& r, clock::time_point now);
  void finish_verify(std::size_t index, const result<mapping_entry>& r, clock::time_point now);
  void finish_remove(std::size_t index, const result<void>& r, clock::time_point now);
  void finish_stale(const outcome& answer);
  void lose_gateway(std::error_code ec, clock::time_point now);
  void restore_all(clock::time_point now);
  void fail_slot(std::size_t index, down_reason why, std::error_code ec, std::string detail, clock::time_point now);
  bool advance_candidate(std::size_t index);
  bool claimed_by_other(std::size_t index, std::uint16_t port) const;
  void remember(const slot& s);
  void forget(const mapping_id& id, protocol proto);
  std::optional<std::uint16_t> remembered_for(const mapping_id& id, const desired_mapping& want) const;
  clock::duration backoff(unsigned failures) const;
  std::string description_for(const slot& s) const;

  keeper_options options_;
  std::vector<remembered_port> remembered_;
  std::vector<slot> slots_;
  std::vector<stale_entry> stale_;
  std::deque<event> events_;
  std::optional<in_flight> flight_;

  std::optional<gateway_identity> gateway_;
  std::string last_udn_;  // survives a lost gateway, to tell a replacement
  bool gateway_lost_reported_ = false;
  unsigned find_failures_ = 0;
  clock::time_point find_due_{};
  clock::time_point check_due_{};
  std::optional<boost::asio::ip::address_v4> external_ip_;
  std::optional<std::chrono::seconds> last_uptime_;
  clock::time_point last_uptime_at_{};
  std::optional<std::uint32_t> boot_id_;
  bool stale_scanned_ = false;
  std::size_t probe_turn_ = 0;  // which up mapping the next health check reads back

  bool stopping_ = false;
  bool wan_down_ = false;
  bool stop_reported_ = false;
  clock::time_point stop_deadline_{};
  std::size_t stop_removed_ = 0;
};

}  // namespace igdkit::igd::keeper
