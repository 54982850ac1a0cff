#!/usr/bin/python3
"""GENA peer: GUPnP 1.6 as the event subscriber (control point).

Discovers the first WANIPConnection service (:1, or :2 when the device
describes that) via SSDP on ONE interface, subscribes to its events and prints
each notification as a JSON line:
  {"variable": "ExternalIPAddress", "value": "11.66.0.1", "t_ms": 412, "mono_ms": 123456789, ...}
Other lines carry an "event" key: "service" (described "type" and GUPnP's
"usn_type"), "trigger-start"/"trigger-exit", and the two workarounds for
GUPnP quirks, "resubscribe" (initial event dropped) and "rediscover".

Exits 0 once every --expect NAME=VALUE (any time) and every
--expect-after-trigger NAME=VALUE (only notifications received after the
trigger started) has been seen and the trigger has ended; 1 on timeout /
subscription loss / failed trigger, with what was seen on stderr; 2 on bad
usage; 77 when GUPnP's introspection data is missing (apt: python3-gi
gir1.2-gupnp-1.6).

It multicasts M-SEARCH on --interface: run it only inside a test namespace.
Debian's python3-gi exists only for /usr/bin/python3.
"""
import argparse
import sys
import urllib.request
import xml.etree.ElementTree as ET

try:
    import gi
    gi.require_version("GUPnP", "1.6")
    from gi.repository import GLib, GObject, GUPnP  # noqa: E402
except (ImportError, ValueError) as e:
    print(f"gupnp_events: GUPnP 1.6 introspection unavailable: {e}", file=sys.stderr)
    sys.exit(77)

WANIP = "urn:schemas-upnp-org:service:WANIPConnection:"
from gi_peer import Trigger, drain, emit, now_ms  # noqa: E402


def name_value(s):
    if "=" not in s:
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE, got {s!r}")
    return tuple(s.split("=", 1))


ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
ap.add_argument("--interface", "-i", required=True, help="interface for SSDP + the callback server")
ap.add_argument("--expect", type=name_value, action="append", default=[], metavar="NAME=VALUE")
ap.add_argument("--expect-after-trigger", type=name_value, action="append", default=[],
                metavar="NAME=VALUE")
ap.add_argument("--timeout", type=float, default=20.0, help="overall limit in seconds (default 20)")
ap.add_argument("--trigger", help="shell command run once the initial values have arrived")
ap.add_argument("--variables", default="ExternalIPAddress,PortMappingNumberOfEntries",
                help="comma-separated evented variables to watch")
ap.add_argument("--port", type=int, default=0, help="callback HTTP port (default: any)")
ap.add_argument("--subscription-timeout", type=int, default=None,
                help="seconds asked for in TIMEOUT (GUPnP's default 1800; 0 makes GUPnP send 'infinite')")
ap.add_argument("--initial-wait", type=float, default=1.5,
                help="re-subscribe when no initial event came within this many seconds (default 1.5)")
ap.add_argument("--max-resubscribes", type=int, default=3)
ap.add_argument("--discovery-retry", type=float, default=2.0,
                help="start a fresh control point when no service was found within this many seconds")
args = ap.parse_args()
variables = [v for v in args.variables.split(",") if v]
if args.expect_after_trigger and not args.trigger:
    ap.error("--expect-after-trigger needs --trigger")
for name, _ in args.expect + args.expect_after_trigger:
    if name not in variables:
        variables.append(name)

loop = GLib.MainLoop()
state = {"proxy": None, "type": None, "cps": [], "initial": set(), "trigger": None,
         "seen": [], "rc": None, "why": "", "resubscribes": 0, "toggling": False}
pending = set(args.expect)
pending_after = set(args.expect_after_trigger)


def finish(rc, why=""):
    if state["rc"] is None:
        state["rc"], state["why"] = rc, why
        loop.quit()


def check_done():
    # with a trigger, also wait for it to end: it may still be changing things
    trigger_done = not args.trigger or (state["trigger"] is not None and state["trigger"].done())
    if not pending and not pending_after and trigger_done:
        finish(0)


def start_trigger():
    state["trigger"] = Trigger(GLib, args.trigger, lambda why: finish(1, why), check_done)
    state["trigger"].start()


def on_notify(_proxy, variable, value):
    value = "" if value is None else str(value)
    after = state["trigger"] is not None
    emit({"variable": variable, "value": value, "after_trigger": after})
    state["seen"].append((now_ms(), variable, value, after))
    pending.discard((variable, value))
    if after:
        pending_after.discard((variable, value))
    state["initial"].add(variable)
    if args.trigger and state["trigger"] is None and state["initial"] >= set(variables):
        start_trigger()
    check_done()


def on_subscribed_changed(proxy, _pspec):
    # GUPnP drops the subscription (and does not retry) when SUBSCRIBE or a
    # renewal fails, e.g. 412. Watched via the property: subscription-lost
    # hands Python its GError as an untyped pointer, which PyGObject cannot read.
    if proxy.get_property("subscribed") or state["toggling"]:
        return
    emit({"event": "subscription-lost"})
    finish(1, "subscription lost (SUBSCRIBE or renewal refused or unreachable)")


def described_type(proxy):
    # GUPnP names the proxy after the SSDP USN it came from (":1" for our :1
    # search even on a :2 service); the description says what the device is
    try:
        with urllib.request.urlopen(proxy.get_location(), timeout=2) as r:
            root = ET.fromstring(r.read())
    except (OSError, ET.ParseError) as e:
        return f"unknown ({e})"
    for dev in root.iter("{urn:schemas-upnp-org:device-1-0}device"):
        if dev.findtext("{urn:schemas-upnp-org:device-1-0}UDN", "").strip() != proxy.get_udn():
            continue
        for svc in dev.iterfind("{urn:schemas-upnp-org:device-1-0}serviceList/{urn:schemas-upnp-org:device-1-0}service"):
            t = svc.findtext("{urn:schemas-upnp-org:device-1-0}serviceType", "").strip()
            if t.startswith(WANIP):
                return t
    return "unknown (not in the description)"


def subscribe(proxy):
    state["proxy"] = proxy
    state["type"] = described_type(proxy)
    emit({"event": "service", "type": state["type"], "usn_type": proxy.get_service_type(),
          "udn": proxy.get_udn(), "location": proxy.get_location(),
          "event_url": proxy.get_event_subscription_url(),
          "callback_host": ctx.get_host_ip(), "callback_port": ctx.get_port()})
    for v in variables:
        proxy.add_notify(v, GObject.TYPE_STRING, on_notify)
    proxy.set_subscribed(True)
    proxy.connect("notify::subscribed", on_subscribed_changed)
    GLib.timeout_add(int(args.initial_wait * 1000), resubscribe_if_silent)


def resubscribe_if_silent():
    # GUPnP 1.6 drops (with 200 OK) a NOTIFY that it reads before it has
    # processed the SUBSCRIBE response (no SID yet); miniupnpd sends the initial
    # event that fast often enough. The only cure from outside is a new SUBSCRIBE.
    if state["initial"] or state["rc"] is not None:
        return False
    if state["resubscribes"] >= args.max_resubscribes:
        finish(1, f"no initial event after {state['resubscribes']} re-subscription(s)")
        return False
    state["resubscribes"] += 1
    emit({"event": "resubscribe", "reason": f"no initial event within {args.initial_wait:g} s"})
    state["toggling"] = True
    state["proxy"].set_subscribed(False)
    state["proxy"].set_subscribed(True)
    state["toggling"] = False
    return True


def on_service(_cp, proxy):
    if state["proxy"] is None:
        subscribe(proxy)


# subscription-timeout is construct-only, hence not Context.new_full()
props = {"interface": args.interface, "port": args.port}
if args.subscription_timeout is not None:
    props["subscription_timeout"] = args.subscription_timeout
try:
    ctx = GUPnP.Context(**props)
    ctx.init(None)
except GLib.Error as e:
    print(f"gupnp_events: cannot create a GUPnP context on {args.interface}: {e.message}", file=sys.stderr)
    sys.exit(1)


# One :1 control point finds :1 and :2 services (GSSDP and GUPnP match
# versions upwards). Not a second, :2 one on the same context: GSSDP caches a
# resource under its version-less USN, so whichever announcement comes first
# hides the other from both browsers.
def start_control_point():
    cp = GUPnP.ControlPoint.new(ctx, WANIP + "1")
    cp.connect("service-proxy-available", on_service)
    cp.set_active(True)
    state["cps"].append(cp)


def rediscover():
    # That same cache strands a :1 browser that first hears a :2 NT for a
    # device describing only :1 (miniupnpd -1 announces WANIPConnection:2 in
    # its ssdp:alive burst): GUPnP then looks for :2 in the description and
    # ignores the :1 answers. A fresh control point searches again.
    if state["proxy"] is not None or state["rc"] is not None:
        return False
    emit({"event": "rediscover", "reason": f"no service within {args.discovery_retry:g} s"})
    state["cps"][-1].set_active(False)
    start_control_point()
    return True


start_control_point()
GLib.timeout_add(int(args.discovery_retry * 1000), rediscover)
GLib.timeout_add(int(args.timeout * 1000), lambda: finish(1, f"timeout after {args.timeout:g} s") or False)
loop.run()

# let UNSUBSCRIBE go out so the device does not keep a dead subscription
if state["proxy"] is not None and state["proxy"].get_property("subscribed"):
    state["toggling"] = True
    state["proxy"].set_subscribed(False)
    drain(GLib, 0.3)
if state["trigger"] is not None:
    state["trigger"].stop()

if state["rc"] != 0:
    out = sys.stderr
    print(f"gupnp_events: FAIL: {state['why']}", file=out)
    if state["proxy"] is None:
        print(f"  no {WANIP}N service found via SSDP on {args.interface} "
              f"({len(state['cps'])} control point(s))", file=out)
    else:
        print(f"  service {state['type']} at {state['proxy'].get_location()}", file=out)
    if args.trigger and state["trigger"] is None:
        print(f"  trigger never ran: initial values missing for "
              f"{sorted(set(variables) - state['initial'])}", file=out)
    for name, value in sorted(pending):
        print(f"  not seen: {name}={value}", file=out)
    for name, value in sorted(pending_after):
        print(f"  not seen after the trigger: {name}={value}", file=out)
    if state["resubscribes"]:
        print(f"  re-subscribed {state['resubscribes']} time(s) for a lost initial event", file=out)
    print(f"  notifications seen ({len(state['seen'])}):", file=out)
    for t, name, value, after in state["seen"]:
        print(f"    {t:6d} ms {name}={value!r}{' (after trigger)' if after else ''}", file=out)
    sys.exit(1)
sys.exit(0)
