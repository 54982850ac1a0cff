#!/usr/bin/python3
"""SSDP peer: GSSDP 1.6 (the SSDP stack of GUPnP and Rygel) through GObject introspection.

One GSSDP.ResourceBrowser per --search TARGET, all on one GSSDP.Client bound to --interface:
GSSDP sends its M-SEARCHes to 239.255.255.250:1900 (multicast only) and listens for NOTIFY.
Every resource-available / resource-unavailable signal is printed as a JSON line:
  {"event": "available", "target": "...", "usn": "...", "locations": ["http://..."], "t_ms": 12, ...}

  --search TARGET          must be found (a resource-available whose USN names one of the --uuid
                           UDNs and whose location is --location);
  --search-none TARGET     must NOT be found within --window seconds (needs a found target too, or
                           the window is waited out alone);
  --trigger CMD            run once every --search target was found (e.g. stop the router); then
                           each found target must become unavailable (byebye) before --timeout.
Exits 0 when all of that holds, 1 otherwise (what was missing on stderr), 77 when the
introspection data is missing (apt: python3-gi gir1.2-gssdp-1.6).

It multicasts: run it only inside a test namespace. Debian's python3-gi exists only for
/usr/bin/python3.
"""
import argparse
import sys
import time

try:
    import gi
    gi.require_version("GSSDP", "1.6")
    from gi.repository import GLib, GSSDP  # noqa: E402
except (ImportError, ValueError) as e:
    print(f"gssdp_browse: GSSDP 1.6 introspection unavailable: {e}", file=sys.stderr)
    sys.exit(77)

from gi_peer import Trigger, emit  # noqa: E402

ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
ap.add_argument("--interface", "-i", required=True)
ap.add_argument("--search", action="append", default=[], help="target that must be found")
ap.add_argument("--search-none", action="append", default=[], help="target that must not be found")
ap.add_argument("--location", required=True, help="the LOCATION every answer must carry")
ap.add_argument("--uuid", action="append", required=True,
                help="a UDN of the router's description without 'uuid:' (repeat for embedded devices)")
ap.add_argument("--window", type=float, default=2.5, help="seconds a --search-none target is given")
ap.add_argument("--trigger", help="shell command run once all --search targets were found")
ap.add_argument("--timeout", type=float, default=10.0)
args = ap.parse_args()
if not args.search and not args.search_none:
    ap.error("nothing to search")

client = GSSDP.Client.new_full(args.interface, None, 0, GSSDP.UDAVersion.VERSION_1_0)
emit({"event": "client", "interface": client.get_interface(), "host_ip": client.get_host_ip()})
loop = GLib.MainLoop()
state = {"found": {}, "gone": set(), "unexpected": [], "rc": None, "why": "", "trigger": None,
         "window_over": not args.search_none, "bad": []}
t_start = time.monotonic()


def finish(rc, why=""):
    if state["rc"] is None:
        state["rc"], state["why"] = rc, why
        loop.quit()


def check_done():
    all_found = all(t in state["found"] for t in args.search)
    if not all_found or not state["window_over"]:
        return
    if not args.trigger:
        finish(0)
        return
    if state["trigger"] is None:
        state["trigger"] = Trigger(GLib, args.trigger, lambda why: finish(1, why), check_done)
        state["trigger"].start()
    elif all(t in state["gone"] for t in args.search):
        finish(0)


def on_available(_b, usn, locations, target):
    locs = list(locations)
    emit({"event": "available", "target": target, "usn": usn, "locations": locs})
    if target in args.search_none:
        state["unexpected"].append((target, usn))
        finish(1, f"{target} answered although it must not be: {usn}")
        return
    if not any(usn.startswith(f"uuid:{u}::") for u in args.uuid) or args.location not in locs:
        state["bad"].append((target, usn, locs))
        finish(1, f"{target}: USN {usn} / locations {locs} are not the router's (UDNs {args.uuid}, {args.location})")
        return
    state["found"].setdefault(target, usn)
    check_done()


def on_unavailable(_b, usn, target):
    emit({"event": "unavailable", "target": target, "usn": usn})
    if state["trigger"] is not None and any(usn.startswith(f"uuid:{u}::") for u in args.uuid):
        state["gone"].add(target)
        check_done()


browsers = []
for target in args.search + args.search_none:
    b = GSSDP.ResourceBrowser.new(client, target)
    b.connect("resource-available", on_available, target)
    b.connect("resource-unavailable", on_unavailable, target)
    b.set_active(True)
    browsers.append(b)


def window_over():
    state["window_over"] = True
    emit({"event": "window-over", "seconds": args.window})
    check_done()
    return False


if args.search_none:
    GLib.timeout_add(int(args.window * 1000), window_over)
GLib.timeout_add(int(args.timeout * 1000), lambda: finish(1, f"timeout after {args.timeout:g} s") or False)
loop.run()
if state["trigger"] is not None:
    state["trigger"].stop()
for b in browsers:
    b.set_active(False)

emit({"event": "result", "rc": state["rc"], "why": state["why"],
      "found": sorted(state["found"].items()), "gone": sorted(state["gone"])})
if state["rc"] != 0:
    print(f"gssdp_browse: FAIL: {state['why']}", file=sys.stderr)
    for t in args.search:
        if t not in state["found"]:
            print(f"  not found: {t}", file=sys.stderr)
        elif args.trigger and t not in state["gone"]:
            print(f"  no byebye seen for: {t}", file=sys.stderr)
    sys.exit(1)
sys.exit(0)
