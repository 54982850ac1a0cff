#!/usr/bin/python3
"""GENA peer: GUPnP-IGD 1.2 (GUPnPIgd.SimpleIgd, as used by libnice/Farstream).

SimpleIgd maps one port and keeps watching the router: it calls
GetExternalIPAddress, subscribes to WANIPConnection events and, when an
ExternalIPAddress event carries a new address, emits mapped-external-port
again with replaces_external_ip = the old one. Each signal is printed as a
JSON line:
  {"signal": "mapped-external-port", "external_ip": "11.66.0.1", "replaces_external_ip": null,
   "external_port": 18090, ..., "t_ms": 230, "mono_ms": 123456789}

Exits 0 once a mapping with --expect-ip was signalled and, with --trigger (run
once after that first signal; it must exit 0), the trigger finished and, with
--expect-new-ip, a later signal carried that address; 1 on timeout
or error-mapping-port, with what was seen on stderr; 2 on bad usage; 77 when
the introspection data is missing (apt: python3-gi gir1.2-gupnpigd-1.0).

SimpleIgd searches with SSDP on every interface its context manager sees
(only --interface is kept): run it only inside a test namespace. Debian's
python3-gi exists only for /usr/bin/python3.
"""
import argparse
import sys

try:
    import gi
    gi.require_version("GUPnPIgd", "1.0")
    from gi.repository import GLib, GUPnPIgd  # noqa: E402
except (ImportError, ValueError) as e:
    print(f"gupnp_igd_events: GUPnP-IGD introspection unavailable: {e}", file=sys.stderr)
    sys.exit(77)

from gi_peer import Trigger, drain, emit, now_ms  # noqa: E402


ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
ap.add_argument("--interface", "-i", required=True, help="the only interface SimpleIgd may use")
ap.add_argument("--local-ip", required=True, help="internal client of the mapping (this host)")
ap.add_argument("--local-port", type=int, default=18090)
ap.add_argument("--external-port", type=int, default=0, help="0: same as the local port")
ap.add_argument("--protocol", default="TCP", choices=("TCP", "UDP"))
ap.add_argument("--lease", type=int, default=600)
ap.add_argument("--description", default="igdkit gupnp-igd peer")
ap.add_argument("--expect-ip", required=True, help="external IP of the first signal")
ap.add_argument("--trigger", help="shell command run once after the first mapping signal (it must exit 0)")
ap.add_argument("--expect-new-ip", help="external IP of a signal after the trigger")
ap.add_argument("--timeout", type=float, default=20.0)
ap.add_argument("--keep", action="store_true", help="do not remove the mapping at exit")
args = ap.parse_args()
if args.expect_new_ip and not args.trigger:
    ap.error("--expect-new-ip needs --trigger")

loop = GLib.MainLoop()
state = {"signals": [], "first": False, "second": False, "trigger": None, "rc": None, "why": "",
         "contexts": []}


def finish(rc, why=""):
    if state["rc"] is None:
        state["rc"], state["why"] = rc, why
        loop.quit()


def check_done():
    trigger_done = not args.trigger or (state["trigger"] is not None and state["trigger"].done())
    if state["first"] and (not args.expect_new_ip or state["second"]) and trigger_done:
        finish(0)


def on_context(_igd, ctx):
    iface = ctx.get_property("interface")
    ignore = iface != args.interface
    state["contexts"].append((iface, ctx.get_property("host-ip"), ignore))
    emit({"event": "context", "interface": iface, "host_ip": ctx.get_property("host-ip"), "ignored": ignore})
    return ignore  # TRUE = do not use this context


def on_mapped(_igd, proto, ext_ip, replaces, ext_port, local_ip, local_port, desc):
    after = state["trigger"] is not None
    emit({"signal": "mapped-external-port", "proto": proto, "external_ip": ext_ip,
          "replaces_external_ip": replaces, "external_port": ext_port, "local_ip": local_ip,
          "local_port": local_port, "description": desc, "after_trigger": after})
    state["signals"].append((now_ms(), ext_ip, replaces, ext_port, after))
    if not state["first"] and ext_ip == args.expect_ip:
        state["first"] = True
        if args.trigger:
            state["trigger"] = Trigger(GLib, args.trigger, lambda why: finish(1, why), check_done)
            state["trigger"].start()
    elif after and args.expect_new_ip and ext_ip == args.expect_new_ip:
        state["second"] = True
    check_done()


def on_error(_igd, err, proto, ext_port, local_ip, local_port, desc):
    emit({"signal": "error-mapping-port", "error": err.message, "domain": err.domain,
          "code": err.code, "proto": proto, "external_port": ext_port, "local_ip": local_ip,
          "local_port": local_port})
    finish(1, f"error-mapping-port: {err.message}")


igd = GUPnPIgd.SimpleIgd.new()
igd.connect("context-available", on_context)
igd.connect("mapped-external-port", on_mapped)
igd.connect("error-mapping-port", on_error)
igd.add_port(args.protocol, args.external_port, args.local_ip, args.local_port, args.lease, args.description)
GLib.timeout_add(int(args.timeout * 1000), lambda: finish(1, f"timeout after {args.timeout:g} s") or False)
loop.run()

if not args.keep:
    # remove_port takes the external port given to add_port; let DeletePortMapping go out
    igd.remove_port(args.protocol, args.external_port)
    drain(GLib, 0.5)
if state["trigger"] is not None:
    state["trigger"].stop()

if state["rc"] != 0:
    out = sys.stderr
    print(f"gupnp_igd_events: FAIL: {state['why']}", file=out)
    used = [c for c in state["contexts"] if not c[2]]
    if not used:
        print(f"  no GUPnP context on {args.interface} (saw: {[c[0] for c in state['contexts']]})", file=out)
    if not state["first"]:
        print(f"  no mapped-external-port with external IP {args.expect_ip}", file=out)
    elif args.expect_new_ip and not state["second"]:
        print(f"  no mapped-external-port with {args.expect_new_ip} after the trigger", file=out)
    print(f"  signals seen ({len(state['signals'])}):", file=out)
    for t, ip, rep, port, after in state["signals"]:
        print(f"    {t:6d} ms {ip}:{port} replaces={rep!r}{' (after trigger)' if after else ''}", file=out)
    sys.exit(1)
sys.exit(0)
