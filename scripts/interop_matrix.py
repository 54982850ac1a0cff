#!/usr/bin/env python3
"""Builds docs/interop.md, the interoperability matrix, from the peers tests' result records.

Each peers test that feeds the matrix runs through tests/peers/interop_run.sh, which leaves in the
records directory (CMake: ${CMAKE_BINARY_DIR}/interop):
  NAME.jsonl    one JSON object per line: {"peer", "scenario", "result", "detail"} with result
                pass | fail | expected-fail | skip, plus optionally "report": LABEL and
                "target": TARGET when the line stands for an `igdctl conformance --json` report
                kept beside it as NAME.LABEL.conformance.json;
  NAME.status   {"test": NAME, "status": "pass"|"fail"|"skip", "rc": N}
and CMake writes manifest.txt, the names of those tests in order.

  interop_matrix.py --write DIR   regenerate docs/interop.md from DIR
  interop_matrix.py --check DIR   regenerate in memory and compare: exit 0 when docs/interop.md is
                                  current, 1 with a diff when it is not (or a test failed, a record
                                  is malformed, a failing conformance check has no explanation),
                                  77 when a test was skipped (no root, no namespaces, no peer)

Explanations for failing conformance checks live in docs/interop-explanations.json:
  {"TARGET": {"CHECK_ID": "TARGET deviation: ..." | "igdkit fix: ..."}}
Python 3 standard library only.
"""
import argparse
import difflib
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOC = os.path.join(ROOT, "docs", "interop.md")
EXPLANATIONS = os.path.join(ROOT, "docs", "interop-explanations.json")
RESULTS = ("pass", "expected-fail", "fail", "skip")
SKIP_RC = 77


class Problem(Exception):
    pass


def read_manifest(records):
    path = os.path.join(records, "manifest.txt")
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            return [line.strip() for line in f if line.strip()]
    return sorted(n[: -len(".status")] for n in os.listdir(records) if n.endswith(".status"))


def load_run(records):
    """(statuses {test: status}, records [dict], reports {(test, label): dict}) of one run."""
    if not os.path.isdir(records):
        raise Problem(f"{records}: no such records directory (run the peers tests first: ctest -L peers)")
    tests = read_manifest(records)
    if not tests:
        raise Problem(f"{records}: no tests in manifest.txt and no .status files")
    statuses, rows, reports = {}, [], {}
    for test in tests:
        spath = os.path.join(records, f"{test}.status")
        if not os.path.exists(spath):
            statuses[test] = "missing"
            continue
        with open(spath, encoding="utf-8") as f:
            statuses[test] = json.load(f)["status"]
        rpath = os.path.join(records, f"{test}.jsonl")
        if not os.path.exists(rpath):
            continue
        with open(rpath, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                where = f"{rpath}:{n}"
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError as e:
                    raise Problem(f"{where}: not JSON: {e}") from None
                for key in ("peer", "scenario", "result", "detail"):
                    if not isinstance(rec.get(key), str) or not rec[key]:
                        raise Problem(f"{where}: record without a {key}: {line.strip()}")
                if rec["result"] not in RESULTS:
                    raise Problem(f"{where}: result {rec['result']!r} is not one of {', '.join(RESULTS)}")
                rec["test"] = test
                if "report" in rec:
                    cpath = os.path.join(records, f"{test}.{rec['report']}.conformance.json")
                    try:
                        with open(cpath, encoding="utf-8") as cf:
                            reports[(test, rec["report"])] = json.load(cf)
                    except (OSError, json.JSONDecodeError) as e:
                        raise Problem(f"{where}: conformance report {cpath}: {e}") from None
                rows.append(rec)
    return tests, statuses, rows, reports


def slug(*parts):
    return re.sub(r"[^a-z0-9]+", "-", " ".join(parts).lower()).strip("-")


def md(text):
    """Text for a Markdown table cell."""
    return str(text).replace("|", "\\|").replace("\n", " ")


UUID_RE = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def normalise(text, report):
    """What of a report's text may enter the document: no UUIDs, no SERVER string (it names the
    kernel of the machine that ran the test)."""
    text = UUID_RE.sub("<uuid>", str(text))
    server = report.get("target", {}).get("server")
    return text.replace(server, "<server>") if server else text


def summarise_request(text):
    """`POST /ctl/IPConn WANIPConnection:2#DeletePortMapping` or `M-SEARCH * ST: upnp:rootdevice`."""
    lines = [ln.strip() for ln in (text or "").replace("\r", "").split("\n")]
    if not lines or not lines[0]:
        return "(nothing sent)"
    head = " ".join(lines[0].split()[:2])
    for ln in lines[1:]:
        name, _, value = ln.partition(":")
        if name.lower() == "soapaction":
            return f"{head} {value.strip().strip(chr(34)).rsplit(':', 1)[-1]}"
        if name.lower() in ("st", "nt") and head.startswith(("M-SEARCH", "SUBSCRIBE")):
            return f"{head} {name.upper()}: {value.strip()}"
    return head


def summarise_response(text, error=None):
    """The status line (plus the UPnPError code), or the transport error."""
    lines = [ln.strip() for ln in (text or "").replace("\r", "").split("\n") if ln.strip()]
    if lines and lines[0].startswith("from "):
        lines = lines[1:]
    if not lines:
        return error or "(no answer)"
    code = re.search(r"<errorCode>\s*(\d+)\s*</errorCode>", text or "")
    return lines[0] + (f", errorCode {code.group(1)}" if code else "")


def failing_checks(report):
    return [c for c in report.get("checks", []) if c.get("verdict") == "fail"]


def render(tests, rows, reports, explanations):
    """(markdown, problems): the document and what makes it unacceptable (unexplained failures)."""
    problems = []
    peers, scenarios, cells = [], [], {}
    for r in rows:
        if r["peer"] not in peers:
            peers.append(r["peer"])
        if r["scenario"] not in scenarios:
            scenarios.append(r["scenario"])
        key = (r["scenario"], r["peer"])
        if key in cells:
            problems.append(f"two records for {r['peer']} / {r['scenario']} ({cells[key]['test']}, {r['test']})")
        cells[key] = r
    counts = {res: sum(1 for r in rows if r["result"] == res) for res in RESULTS}

    out = []
    w = out.append
    w("<!-- Generated by scripts/interop_matrix.py; do not edit by hand. -->")
    w("# Interoperability matrix")
    w("")
    w("Generated by `scripts/interop_matrix.py --write build/ci-dev/interop` from the result records")
    w("that the peers tests (`ctest --preset ci-dev -L peers`) write, one per peer × scenario. Do not")
    w("edit it by hand: the `interop_matrix_current` test regenerates it from each run and fails when it")
    w("differs. Explanations of failing conformance checks come from `docs/interop-explanations.json`.")
    w("")
    w("Results: **pass** — the peer did everything the scenario checks; **expected-fail** — the peer")
    w("genuinely fails there, because of the router's quirk (the scenario checks that exact failure and")
    w("what works instead; evidence below); **fail** — a regression; **skip** — not run.")
    w("")
    w(f"{len(rows)} results from {len(tests)} tests: "
      + ", ".join(f"{counts[res]} {res}" for res in RESULTS) + ".")
    w("")
    w("## Matrix")
    w("")
    w("| scenario | " + " | ".join(md(p) for p in peers) + " |")
    w("|---|" + "---|" * len(peers))
    for s in scenarios:
        line = [md(s)]
        for p in peers:
            r = cells.get((s, p))
            if r is None:
                line.append("—")
            elif r["result"] == "expected-fail":
                line.append(f"[expected-fail](#{slug('xf', p, s)})")
            elif r["result"] == "fail":
                line.append(f"**FAIL** ([why](#{slug('xf', p, s)}))")
            else:
                line.append(r["result"])
        w("| " + " | ".join(line) + " |")
    w("")

    w("## Expected failures")
    w("")
    noted = [r for r in rows if r["result"] in ("expected-fail", "fail", "skip")]
    if not noted:
        w("None.")
        w("")
    for r in noted:
        w(f'<a id="{slug("xf", r["peer"], r["scenario"])}"></a>')
        w(f"### {r['peer']}: {r['scenario']}")
        w("")
        w(f"{r['result']} — {r['detail']}")
        w("")

    w("## What the passing scenarios check")
    w("")
    for p in peers:
        details = {}
        for r in rows:
            if r["peer"] == p and r["result"] == "pass" and "report" not in r:
                details.setdefault(r["detail"], []).append(r["scenario"])
        if not details:
            continue
        w(f"- **{p}**")
        for d, ss in details.items():
            what = ss[0] if len(ss) == 1 else f"{len(ss)} scenarios"
            w(f"  - {what}: {d}")
    w("")

    report_rows = [r for r in rows if "report" in r]
    if report_rows:
        w("## `igdctl conformance` against real routers")
        w("")
        w("| configuration | target | location | IGD | pass | fail | skip | must failed |")
        w("|---|---|---|---|---|---|---|---|")
        for r in report_rows:
            rep = reports[(r["test"], r["report"])]
            t, c = rep.get("target", {}), rep.get("counts", {})
            w(f"| {md(r['scenario'])} | {md(r.get('target', ''))} | {md(t.get('location', ''))} | "
              f"{md(t.get('igd_version', ''))} | {c.get('pass', 0)} | {c.get('fail', 0)} | {c.get('skip', 0)} | "
              f"{c.get('must_failed', 0)} |")
        w("")
        for r in report_rows:
            rep = reports[(r["test"], r["report"])]
            target = r.get("target", "")
            known = explanations.get(target, {})
            bad = failing_checks(rep)
            w(f"### {r['scenario']}: failing checks")
            w("")
            if not bad:
                w("None.")
                w("")
                continue
            w("| check | severity | spec | what failed | explanation |")
            w("|---|---|---|---|---|")
            for c in bad:
                why = known.get(c.get("id", ""))
                if not why:
                    problems.append(f"{r['scenario']}: failing check {c.get('id')} has no explanation for "
                                    f"target {target!r} in docs/interop-explanations.json")
                    why = "**no explanation**"
                w(f"| `{md(c.get('id', '?'))}` | {md(c.get('severity', ''))} | {md(c.get('spec', ''))} | "
                  f"{md(c.get('title', ''))}: {md(normalise(c.get('message', ''), rep))} | {md(why)} |")
            w("")
            w("Evidence (each exchange: the request, and the status line or error it got):")
            w("")
            for c in bad:
                ev = c.get("evidence") or []
                if not ev:
                    w(f"- `{c.get('id')}`: (no exchange recorded)")
                    continue
                w(f"- `{c.get('id')}`: " + "; ".join(
                    f"`{md(normalise(summarise_request(e.get('request')), rep))}` → "
                    f"`{md(normalise(summarise_response(e.get('response'), e.get('error')), rep))}`" for e in ev))
            w("")
    return "\n".join(out).rstrip("\n") + "\n", problems


def load_explanations(path):
    if not os.path.exists(path):
        return {}
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    return {k: v for k, v in data.items() if not k.startswith("_")}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", metavar="DIR", help="regenerate the document from the records in DIR")
    mode.add_argument("--check", metavar="DIR", help="fail with a diff unless the document is current")
    ap.add_argument("--doc", default=DOC, help="the document (default: docs/interop.md)")
    ap.add_argument("--explanations", default=EXPLANATIONS, help="default: docs/interop-explanations.json")
    args = ap.parse_args()
    records = args.write or args.check
    try:
        tests, statuses, rows, reports = load_run(records)
        explanations = load_explanations(args.explanations)
        text, problems = render(tests, rows, reports, explanations)
    except Problem as e:
        print(f"interop_matrix: {e}", file=sys.stderr)
        return 1

    failed = [t for t in tests if statuses[t] in ("fail", "missing")]
    skipped = [t for t in tests if statuses[t] == "skip"]
    for t in failed:
        problems.append(f"test {t} {'did not run' if statuses[t] == 'missing' else 'failed'}: its records are not a result")

    if args.write:
        with open(args.doc, "w", encoding="utf-8") as f:
            f.write(text)
        print(f"interop_matrix: wrote {os.path.relpath(args.doc)} ({len(rows)} results)")
        for p in problems:
            print(f"interop_matrix: {p}", file=sys.stderr)
        if skipped:
            print(f"interop_matrix: skipped tests (their rows are missing): {', '.join(skipped)}", file=sys.stderr)
        return 1 if problems or skipped else 0

    for p in problems:
        print(f"interop_matrix: {p}", file=sys.stderr)
    if failed or (problems and not skipped):
        return 1
    if skipped:
        print(f"interop_matrix: SKIP: {', '.join(skipped)} skipped (no root, namespaces or peer): "
              "this run cannot reproduce the matrix", file=sys.stderr)
        return SKIP_RC
    try:
        with open(args.doc, encoding="utf-8") as f:
            current = f.read()
    except OSError:
        current = ""
    if current != text:
        sys.stderr.writelines(difflib.unified_diff(
            current.splitlines(keepends=True), text.splitlines(keepends=True),
            fromfile=os.path.relpath(args.doc, ROOT), tofile="this run"))
        print(f"\ninterop_matrix: {os.path.relpath(args.doc, ROOT)} is not what this run produced; if the "
              f"change is intended: scripts/interop_matrix.py --write {records}", file=sys.stderr)
        return 1
    print(f"interop_matrix: {os.path.relpath(args.doc, ROOT)} is current ({len(rows)} results)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
