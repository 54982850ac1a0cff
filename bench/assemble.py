#!/usr/bin/env python3
"""Assembles one bench.sh run: the parts it wrote into PARTS (each benchmark's --json output,
raw per-run milliseconds from the whole-process timings, NAME.skip files holding why a part did
not run) become OUT/latest.json, OUT/latest.md and one gnuplot PNG per scenario.

    python3 bench/assemble.py PARTS OUT --run full|smoke

Every scenario holds its figures (median and p95) and a `ratio` against the baseline measured
in the same run: time ratios are ours/baseline (below 1 is faster), rate ratios are
ours/baseline (above 1 is faster); each key says which.
"""
import argparse
import datetime
import json
import os
import platform
import shutil
import subprocess
import sys

LAB_MODES = ["nat", "cgnat", "double-nat", "no-nat"]
SCALE_OPS = ["get_specific_ms", "get_generic_ms", "add_ms", "delete_ms", "list_1000_ms"]
THROUGHPUT_ACTIONS = ["get-external-ip", "get-generic-entry", "add-delete"]


def summarize(sample):
    """Nearest-rank median and p95, as the C++ benchmarks compute them."""
    if not sample:
        return {"median": 0, "p95": 0, "n": 0}
    s = sorted(sample)

    def rank(percent):
        index = (len(s) * percent + 99) // 100
        return s[min(max(index, 1), len(s)) - 1]

    return {"median": rank(50), "p95": rank(95), "n": len(s)}


def ratio(a, b):
    return round(a / b, 3) if a and b else None


class Parts:
    def __init__(self, directory):
        self.directory = directory

    def path(self, name):
        return os.path.join(self.directory, name)

    def json(self, name):
        try:
            with open(self.path(name)) as f:
                return json.load(f)
        except (OSError, ValueError):
            return None

    def times(self, name):
        """Summary of a file of milliseconds, one run per line; None when it was not measured."""
        try:
            with open(self.path(name)) as f:
                return summarize([float(line) for line in f if line.strip()])
        except OSError:
            return None

    def skipped(self, name):
        try:
            with open(self.path(name + ".skip")) as f:
                return f.read().strip() or "skipped"
        except OSError:
            return None

    def or_skip(self, name, value):
        """The measurement, or {"skipped": why} (a missing part without a reason is reported too)."""
        if value is not None:
            return value
        return {"skipped": self.skipped(name) or "no result (see the bench.sh output)"}


def median(summary):
    return summary.get("median") if isinstance(summary, dict) else None


# ---- scenarios ------------------------------------------------------------------------------

def control_round_trip(parts):
    in_process = parts.or_skip("control", parts.json("control.json"))
    process = {
        "igdctl_external_ip_ms": parts.times("process_igdctl_external_ip.ms"),
        "upnpc_status_ms": parts.times("process_upnpc_status.ms"),
        "igdctl_add_delete_ms": parts.times("process_igdctl_add_delete.ms"),
        "upnpc_add_delete_ms": parts.times("process_upnpc_add_delete.ms"),
    }
    process = {k: v for k, v in process.items() if v is not None} or parts.or_skip("process", None)
    r = dict(in_process.get("ratio", {}))
    if "igdctl_external_ip_ms" in process:
        r["process_external_ip_igdctl_over_upnpc"] = ratio(
            median(process["igdctl_external_ip_ms"]), median(process.get("upnpc_status_ms")))
        r["process_add_delete_igdctl_over_upnpc"] = ratio(
            median(process.get("igdctl_add_delete_ms")), median(process.get("upnpc_add_delete_ms")))
    return {"in_process": in_process, "process": process, "ratio": r}


def throughput_index(result):
    if not result or "runs" not in result:
        return {}
    return {(run["action"], run["clients"]): run for run in result["runs"]}


def server_throughput(parts):
    sim = parts.or_skip("throughput_simrouter", parts.json("throughput_simrouter.json"))
    mini = parts.or_skip("throughput_miniupnpd", parts.json("throughput_miniupnpd.json"))
    ours, theirs = throughput_index(sim), throughput_index(mini)
    r = {}
    for key, run in ours.items():
        if key in theirs:
            r[f"{key[0]}@{key[1]}_requests_per_s_simrouter_over_miniupnpd"] = ratio(
                run["requests_per_s"], theirs[key]["requests_per_s"])
    return {"simrouter": sim, "miniupnpd": mini, "ratio": r}


def scale(parts):
    modes = {m: parts.or_skip(f"scale_{m}", parts.json(f"scale_{m}.json")) for m in LAB_MODES}
    mini = parts.or_skip("scale_miniupnpd", parts.json("scale_miniupnpd.json"))
    r = {}
    for mode, result in list(modes.items()) + [("miniupnpd", mini)]:
        sizes = result.get("sizes") or []
        if len(sizes) < 2:
            continue
        first, last = sizes[0], sizes[-1]
        growth = {f"{op}_at_{last['reached']}_over_{first['reached']}": ratio(median(last.get(op)), median(first.get(op)))
                  for op in SCALE_OPS if op in first}
        if "bytes_per_mapping" in last:
            growth["bytes_per_mapping_at_largest"] = round(last["bytes_per_mapping"], 1)
        r[mode] = growth
    return {"simrouter": modes, "miniupnpd": mini, "ratio": r}


def discovery(parts):
    routers = {}
    for router in ["miniupnpd", "simrouter"]:
        igdctl = parts.times(f"discovery_{router}_igdctl.ms")
        upnpc = parts.times(f"discovery_{router}_upnpc.ms")
        if igdctl is None and upnpc is None:
            routers[router] = parts.or_skip(f"discovery_{router}", None)
        else:
            routers[router] = {"igdctl_external_ip_ms": igdctl, "upnpc_status_ms": upnpc}
    floor = parts.or_skip("discovery_floor", parts.json("discovery_floor.json"))
    floor_median = median(floor.get("exchange_ms"))
    r = {}
    for router, t in routers.items():
        if "igdctl_external_ip_ms" in t:
            r[f"{router}_igdctl_over_upnpc"] = ratio(median(t["igdctl_external_ip_ms"]), median(t["upnpc_status_ms"]))
            r[f"{router}_igdctl_over_floor"] = ratio(median(t["igdctl_external_ip_ms"]), floor_median)
    return {**routers, "floor": floor, "ratio": r}


def data_path(parts):
    result = parts.or_skip("data_path", parts.json("data_path.json"))
    r = {}
    for proto in ["tcp", "udp"]:
        if proto in result:
            r[f"{proto}_forwarded_over_direct"] = result[proto]["ratio"]
    return {**result, "ratio": r}


# ---- markdown -------------------------------------------------------------------------------

def fmt(x, digits=3):
    if x is None:
        return "–"
    if isinstance(x, float):
        return f"{x:.{digits}g}" if abs(x) < 1000 else f"{x:,.0f}"
    return f"{x:,}" if isinstance(x, int) else str(x)


def row(cells):
    return "| " + " | ".join(fmt(c) for c in cells) + " |"


def skipped_line(value):
    return f"_skipped: {value['skipped']}_" if isinstance(value, dict) and "skipped" in value else None


def markdown(report):
    out = [f"# igdkit benchmarks ({report['run']} run, {report['generated']})", "",
           f"Machine: {report['machine']['cpus']} CPUs, {report['machine']['kernel']}. "
           "Times in ms (median / p95 over the runs), rates per second. Ratio: ours / baseline.", ""]

    c = report["control_round_trip"]
    out += ["## control_round_trip: one SOAP exchange against simrouter on loopback", "",
            "| measurement | igdkit median | p95 | baseline | baseline median | p95 | ratio |",
            "|---|---|---|---|---|---|---|"]
    ip, rr = c["in_process"], c["ratio"]
    if skipped_line(ip):
        out.append(skipped_line(ip))
    else:
        lib = ip.get("libminiupnpc", {})
        for what, key in [("AddPortMapping+DeletePortMapping", "add_delete"), ("GetExternalIPAddress", "external_ip")]:
            ours = ip["igdkit"][f"{key}_ms"]
            theirs = lib.get(f"{key}_ms", {})
            out.append(row([what + " (in process)", ours["median"], ours["p95"], "libminiupnpc", theirs.get("median"),
                            theirs.get("p95"), rr.get(f"{key}_igdkit_over_libminiupnpc")]))
            kept = ip.get("igdkit_keep_alive", {}).get(f"{key}_ms")
            if kept:
                out.append(row([what + " (in process, keep-alive)", kept["median"], kept["p95"], "libminiupnpc",
                                theirs.get("median"), theirs.get("p95"),
                                rr.get(f"{key}_igdkit_keep_alive_over_libminiupnpc")]))
        floor = ip["floor"]["exchange_ms"]
        out.append(row(["GetExternalIPAddress (in process)", ip["igdkit"]["external_ip_ms"]["median"],
                        ip["igdkit"]["external_ip_ms"]["p95"],
                        f"floor: connect + {ip['request_bytes']} B + {ip['response_bytes']} B", floor["median"],
                        floor["p95"], rr.get("external_ip_igdkit_over_floor")]))
        kept = ip.get("igdkit_keep_alive", {}).get("external_ip_ms")
        if kept:
            out.append(row(["GetExternalIPAddress (in process, keep-alive)", kept["median"], kept["p95"],
                            f"floor: connect + {ip['request_bytes']} B + {ip['response_bytes']} B", floor["median"],
                            floor["p95"], rr.get("external_ip_igdkit_keep_alive_over_floor")]))
    p = c["process"]
    if skipped_line(p):
        out.append(skipped_line(p))
    else:
        for what, ours, theirs, key in [
                ("`igdctl --url external-ip` vs `upnpc -u -s`", "igdctl_external_ip_ms", "upnpc_status_ms",
                 "process_external_ip_igdctl_over_upnpc"),
                ("`igdctl add`+`delete` vs `upnpc -a`+`-d`", "igdctl_add_delete_ms", "upnpc_add_delete_ms",
                 "process_add_delete_igdctl_over_upnpc")]:
            o, t = p.get(ours, {}), p.get(theirs, {})
            out.append(row([what + " (whole process)", o.get("median"), o.get("p95"), "upnpc", t.get("median"),
                            t.get("p95"), rr.get(key)]))
    out.append("")

    s = report["server_throughput"]
    out += ["## server_throughput: keep-alive clients, requests/s (latency of one operation in ms)", "",
            "| action | clients | simrouter req/s | median | p95 | reconnects | errors | miniupnpd req/s | median | p95 | reconnects | errors | ratio |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    ours, theirs = throughput_index(s["simrouter"]), throughput_index(s["miniupnpd"])
    for line in [skipped_line(s["simrouter"]), skipped_line(s["miniupnpd"])]:
        if line:
            out.append(line)
    for key in sorted(ours, key=lambda k: (THROUGHPUT_ACTIONS.index(k[0]) if k[0] in THROUGHPUT_ACTIONS else 9, k[1])):
        o, t = ours[key], theirs.get(key, {})
        out.append(row([key[0], key[1], o["requests_per_s"], o["latency_ms"]["median"], o["latency_ms"]["p95"],
                        o["reconnects"], o["errors"], t.get("requests_per_s"), t.get("latency_ms", {}).get("median"),
                        t.get("latency_ms", {}).get("p95"), t.get("reconnects"), t.get("errors"),
                        s["ratio"].get(f"{key[0]}@{key[1]}_requests_per_s_simrouter_over_miniupnpd")]))
    out.append("")

    sc = report["scale"]
    out += ["## scale: per-operation latency (ms, median / p95) as the table grows", "",
            "| router | mode | mappings | fill/s | GetSpecific | GetGeneric | Add | Delete | List 1000 | bytes/mapping |",
            "|---|---|---|---|---|---|---|---|---|---|"]
    rows = [("simrouter", m, v) for m, v in sc["simrouter"].items()] + [("miniupnpd", "lab", sc["miniupnpd"])]
    for router, mode, result in rows:
        if skipped_line(result):
            out.append(f"| {router} | {mode} | {skipped_line(result)} |")
            continue
        for step in result.get("sizes", []):
            cells = [router, mode, step["reached"], step.get("fill_per_s")]
            for op in SCALE_OPS:
                v = step.get(op)
                cells.append(f"{fmt(v['median'])} / {fmt(v['p95'])}" if v and v.get("n") else None)
            cells.append(step.get("bytes_per_mapping"))
            out.append(row(cells))
        if result.get("stopped"):
            out.append(f"| {router} | {mode} | stopped: {result['stopped']} |")
    for mode, growth in sc["ratio"].items():
        out.append("")
        out.append(f"Growth ({mode}): " + ", ".join(f"{k} {fmt(v)}" for k, v in growth.items()))
    out.append("")

    d = report["discovery"]
    out += ["## discovery: start to first GetExternalIPAddress, multicast in a namespace (ms)", "",
            "| router | igdctl median | p95 | upnpc -s median | p95 | igdctl/upnpc | igdctl/floor |",
            "|---|---|---|---|---|---|---|"]
    for router in ["miniupnpd", "simrouter"]:
        t = d[router]
        if skipped_line(t):
            out.append(f"| {router} | {skipped_line(t)} |")
            continue
        i, u = t.get("igdctl_external_ip_ms") or {}, t.get("upnpc_status_ms") or {}
        out.append(row([router, i.get("median"), i.get("p95"), u.get("median"), u.get("p95"),
                        d["ratio"].get(f"{router}_igdctl_over_upnpc"), d["ratio"].get(f"{router}_igdctl_over_floor")]))
    floor = d["floor"]
    if skipped_line(floor):
        out.append(skipped_line(floor))
    else:
        out.append(f"\nFloor (one UDP {floor['search_bytes']}/{floor['answer_bytes']} B exchange + one HTTP GET of "
                   f"{floor['description_bytes']} B on loopback): median {fmt(floor['exchange_ms']['median'])} ms, "
                   f"p95 {fmt(floor['exchange_ms']['p95'])} ms.")
    out.append("")

    dp = report["data_path"]
    out += ["## data_path: the lab's userspace forwarder vs direct loopback", "",
            "| protocol | direct median | forwarded median | unit | ratio |", "|---|---|---|---|---|"]
    if skipped_line(dp):
        out.append(skipped_line(dp))
    for proto in ["tcp", "udp"]:
        if proto in dp:
            v = dp[proto]
            out.append(row([proto.upper(), v["direct"]["median"], v["forwarded"]["median"], v["unit"], v["ratio"]]))
    out.append("")
    return "\n".join(out)


# ---- plots ----------------------------------------------------------------------------------

class Plotter:
    def __init__(self, out_dir, work_dir):
        self.out_dir, self.work_dir = out_dir, work_dir
        self.gnuplot = shutil.which("gnuplot")
        self.made, self.notes = [], []

    def data(self, name, lines):
        path = os.path.join(self.work_dir, name)
        with open(path, "w") as f:
            f.write("\n".join(lines) + "\n")
        return path

    def plot(self, name, script):
        if not self.gnuplot:
            self.notes.append(f"{name}.png: gnuplot not installed (Debian gnuplot-nox; scripts/setup.sh --bench)")
            return
        png = os.path.join(self.out_dir, name + ".png")
        # noenhanced: labels are shown as written (op_names would otherwise turn into subscripts)
        header = (f'set terminal pngcairo size 900,560 font "sans,10" noenhanced\nset output "{png}"\n'
                  'set grid ytics\n')
        result = subprocess.run([self.gnuplot], input=header + script, text=True, capture_output=True)
        if result.returncode != 0:
            self.notes.append(f"{name}.png: gnuplot failed: {result.stderr.strip()[:300]}")
        else:
            self.made.append(png)


def bars(plotter, name, title, ylabel, labels, series, log=False):
    """A clustered bar chart: one cluster per label, one bar per series (name, values)."""
    lines = ["label " + " ".join(f'"{s}"' for s, _ in series)]
    for i, label in enumerate(labels):
        lines.append(f'"{label}" ' + " ".join(fmt_num(v[i]) for _, v in series))
    data = plotter.data(name + ".dat", lines)
    using = ", ".join(f'"{data}" using {k + 2}:xtic(1) title columnheader({k + 2})' for k in range(len(series)))
    plotter.plot(name, f'set title "{title}"\nset ylabel "{ylabel}"\nset style data histograms\n'
                       'set style histogram clustered gap 1\nset style fill solid 0.8 border -1\n'
                       + ("set logscale y\n" if log else "set yrange [0:*]\n")
                       + f'set key top left\nplot {using}\n')


def fmt_num(v):
    return "NaN" if v is None else repr(float(v))


def make_plots(report, plotter):
    c = report["control_round_trip"]["in_process"]
    if "igdkit" in c:
        lib = c.get("libminiupnpc", {})
        labels = ["Add+Delete", "GetExternalIPAddress"]
        series = [("igdkit", [c["igdkit"]["add_delete_ms"]["median"], c["igdkit"]["external_ip_ms"]["median"]]),
                  ("libminiupnpc", [median(lib.get("add_delete_ms")), median(lib.get("external_ip_ms"))]),
                  ("floor", [2 * c["floor"]["exchange_ms"]["median"], c["floor"]["exchange_ms"]["median"]])]
        bars(plotter, "control_round_trip", "Control round trip against simrouter (median; floor x2 for a pair)",
             "ms", labels, series)

    s = report["server_throughput"]
    ours, theirs = throughput_index(s["simrouter"]), throughput_index(s["miniupnpd"])
    if ours:
        clients = sorted({k[1] for k in ours})
        lines = ["clients " + " ".join(f'"simrouter {a}" "miniupnpd {a}"' for a in THROUGHPUT_ACTIONS)]
        for k in clients:
            cells = []
            for a in THROUGHPUT_ACTIONS:
                cells += [fmt_num(ours.get((a, k), {}).get("requests_per_s")),
                          fmt_num(theirs.get((a, k), {}).get("requests_per_s"))]
            lines.append(f"{k} " + " ".join(cells))
        data = plotter.data("server_throughput.dat", lines)
        curves = ", ".join(f'"{data}" using 1:{i + 2} with linespoints title columnheader({i + 2})'
                           for i in range(2 * len(THROUGHPUT_ACTIONS)))
        plotter.plot("server_throughput", 'set title "Keep-alive SOAP requests per second"\nset logscale x 2\n'
                                          'set xlabel "concurrent clients"\nset ylabel "requests/s"\n'
                                          f'set logscale y\nset key outside right\nplot {curves}\n')

    sc = report["scale"]
    panels = []
    for mode, result in list(sc["simrouter"].items()) + [("miniupnpd", sc["miniupnpd"])]:
        sizes = result.get("sizes") or []
        if not sizes:
            continue
        lines = ["mappings " + " ".join(f'"{op[:-3]}"' for op in SCALE_OPS)]
        for step in sizes:
            lines.append(f"{step['reached']} " + " ".join(fmt_num(median(step.get(op)) or None) for op in SCALE_OPS))
        data = plotter.data(f"scale_{mode}.dat", lines)
        curves = ", ".join(f'"{data}" using 1:{i + 2} with linespoints title columnheader({i + 2})'
                           for i in range(len(SCALE_OPS)))
        panels.append(f'set title "{"simrouter " + mode if mode != "miniupnpd" else "miniupnpd (lab)"}"\nplot {curves}\n')
    if panels:
        plotter.plot("scale", "set terminal pngcairo size 1200,800 noenhanced\nset logscale xy\nset xlabel \"mappings\"\n"
                              "set ylabel \"ms (median)\"\nset key top left font \",8\"\n"
                              f"set multiplot layout 2,{(len(panels) + 1) // 2}\n" + "".join(panels) + "unset multiplot\n")

    d = report["discovery"]
    labels, igdctl, upnpc = [], [], []
    for router in ["miniupnpd", "simrouter"]:
        if "igdctl_external_ip_ms" in d[router]:
            labels.append(router)
            igdctl.append(median(d[router]["igdctl_external_ip_ms"]))
            upnpc.append(median(d[router]["upnpc_status_ms"]))
    if labels:
        floor = median(d["floor"].get("exchange_ms"))
        bars(plotter, "discovery", "Discovery to first GetExternalIPAddress (median)", "ms", labels,
             [("igdctl", igdctl), ("upnpc -s", upnpc), ("floor", [floor] * len(labels))], log=True)

    dp = report["data_path"]
    if "tcp" in dp:
        lines = ['protocol "direct" "forwarded"']
        for proto, unit in [("tcp", "MB/s"), ("udp", "kdatagrams/s")]:
            if proto in dp:
                scale_by = 1000.0 if proto == "udp" else 1.0
                lines.append(f'"{proto.upper()} ({unit})" {dp[proto]["direct"]["median"] / scale_by!r} '
                             f'{dp[proto]["forwarded"]["median"] / scale_by!r}')
        data = plotter.data("data_path.dat", lines)
        plotter.plot("data_path", 'set title "Data path: direct loopback vs the lab forwarder (median)"\n'
                                  'set style data histograms\nset style histogram clustered gap 1\n'
                                  'set style fill solid 0.8 border -1\nset yrange [0:*]\n'
                                  f'plot "{data}" using 2:xtic(1) title columnheader(2), "" using 3 title columnheader(3)\n')


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("parts")
    ap.add_argument("out")
    ap.add_argument("--run", choices=["full", "smoke"], required=True)
    args = ap.parse_args()
    parts = Parts(args.parts)
    report = {
        "run": args.run,
        "generated": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "machine": {"cpus": os.cpu_count(), "kernel": platform.release()},
        "discovery": discovery(parts),
        "control_round_trip": control_round_trip(parts),
        "server_throughput": server_throughput(parts),
        "scale": scale(parts),
        "data_path": data_path(parts),
    }
    os.makedirs(args.out, exist_ok=True)
    plotter = Plotter(args.out, args.parts)
    make_plots(report, plotter)
    report["plots"] = [os.path.basename(p) for p in plotter.made]
    if plotter.notes:
        report["plot_notes"] = plotter.notes
    with open(os.path.join(args.out, "latest.json"), "w") as f:
        json.dump(report, f, indent=2)
        f.write("\n")
    text = markdown(report)
    if plotter.notes:
        text += "\n" + "\n".join(f"- {n}" for n in plotter.notes) + "\n"
    with open(os.path.join(args.out, "latest.md"), "w") as f:
        f.write(text)
    for note in plotter.notes:
        print("assemble: " + note, file=sys.stderr)
    print(f"assemble: wrote {args.out}/latest.json, latest.md and {len(plotter.made)} plots", file=sys.stderr)


if __name__ == "__main__":
    main()
